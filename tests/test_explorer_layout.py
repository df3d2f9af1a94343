"""The layout a contributor follows: each explorer module belongs to one notebook.

Every module of ``mathlib/explorers`` (the private helpers ``_*.py`` aside) says which notebook
shows it with ``NOTEBOOK = "NN"``; notebook ``notebooks/NN_*.ipynb`` imports it, and no other
notebook does, unless the module lists the others in ``ALSO_IN = ("MM", ...)`` (a tuple of
two-digit notebook numbers, documented where it is set). Read from the source (``ast``), so the
test needs neither matplotlib nor a kernel.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPLORERS = ROOT / "mathlib" / "explorers"
NOTEBOOKS = ROOT / "notebooks"
MODULES = sorted(p for p in EXPLORERS.glob("*.py") if not p.name.startswith("_"))


def _constants(path: Path) -> dict:
    """The module's top-level assignments of literals, by name."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return found


def _imported_explorers(notebook: Path) -> set[str]:
    """The explorer modules a notebook's code cells import (any import form)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    names = set()
    pattern = r"from[ \t]+mathlib\.explorers[ \t]+import[ \t]+(\([\w\s,]+\)|[\w \t,]+)"
    for match in re.finditer(pattern, source):
        listed = match.group(1).strip("()").split(",")
        names |= {n.split(" as ")[0].strip() for n in listed if n.strip()}
    names |= set(re.findall(r"mathlib\.explorers\.(\w+)", source))
    return names


def _uses() -> dict[str, set[str]]:
    """module name -> the numbers ("NN") of the notebooks that import it."""
    uses: dict[str, set[str]] = {}
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for name in _imported_explorers(notebook):
            uses.setdefault(name, set()).add(notebook.name[:2])
    return uses


def test_there_are_explorer_modules():
    assert len(MODULES) > 20, f"found only {[p.stem for p in MODULES]} in {EXPLORERS}"


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_each_explorer_module_names_its_notebook(path):
    constants = _constants(path)
    number = constants.get("NOTEBOOK")
    assert isinstance(number, str) and re.fullmatch(r"\d\d", number), (
        f"{path.name}: set NOTEBOOK = \"NN\" (two digits), the notebook that shows it; "
        f"found {number!r}")
    assert list(NOTEBOOKS.glob(f"{number}_*.ipynb")), (
        f"{path.name}: NOTEBOOK = {number!r} but there is no notebooks/{number}_*.ipynb")
    also = constants.get("ALSO_IN", ())
    assert isinstance(also, tuple) and all(re.fullmatch(r"\d\d", n) for n in also), (
        f"{path.name}: ALSO_IN must be a tuple of two-digit notebook numbers, found {also!r}")


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_its_notebook_and_only_it_imports_the_module(path):
    constants = _constants(path)
    wanted = {constants.get("NOTEBOOK"), *constants.get("ALSO_IN", ())}
    used = _uses().get(path.stem, set())
    assert constants.get("NOTEBOOK") in used, (
        f"{path.name}: NOTEBOOK = {constants.get('NOTEBOOK')!r}, but that notebook does not "
        f"import it (imported by {sorted(used) or 'no notebook'})")
    assert used <= wanted, (
        f"{path.name}: imported by notebooks {sorted(used - wanted)} too; move what they use to "
        f"a module of theirs, or list them in ALSO_IN = (...) with a comment saying why")


def test_every_imported_explorer_exists():
    missing = sorted(set(_uses()) - {p.stem for p in MODULES})
    assert not missing, f"notebooks import explorer modules that do not exist: {missing}"
