"""The locks: requirements.txt (the course) and requirements-test.txt (the test tools).

requirements.in lists what a student's environment needs, requirements-test.in the test tools;
`make lock` (uv pip compile, itself pinned) writes each lock with every package, transitive ones
included, the test lock with the course lock as constraints. These tests check that the locks were
generated from the .in files, that the course lock holds no test tool and is enough for every
notebook and every mathlib module, that the two locks agree on the packages they share, and that
``pip freeze`` of the Python running the tests (sys.executable: .venv under `make test`) is
exactly the two locks together.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

from tools.nbkernel import ROOT

LOCK = ROOT / "requirements.txt"
DIRECT = ROOT / "requirements.in"
TEST_LOCK = ROOT / "requirements-test.txt"
TEST_DIRECT = ROOT / "requirements-test.in"
# What only tests, benchmarks and mutation testing use: never in a student's environment.
TEST_TOOLS = {"pytest", "nbval", "hypothesis", "playwright", "axe-playwright-python", "mutmut",
              "coverage", "greenlet", "pluggy", "iniconfig", "libcst"}

# Installed but not pinned, on purpose: mathlib is this repository itself, installed by the lock's
# last line `-e .` (its version is pyproject.toml's, not a pin). pip and setuptools ARE pinned
# (the venv's own copies are replaced by the pinned ones), so they are checked like the rest.
NOT_PINNED = {"mathlib": "this repository, installed by the lock's last line `-e .`"}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-]*)==([^\s;]+)\s*(?:;\s*(.+?))?\s*$")


def pins(path: Path = LOCK) -> list[tuple[str, str, str | None]]:
    """(canonical name, version, marker or None) for every `name==version[ ; marker]` line."""
    out = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line.startswith(("-e", "-c")):
            continue
        match = PIN.match(line.split(" #")[0].rstrip())
        assert match, f"{path.name}: not an exact pin: {line!r}"
        name, version, marker = match.groups()
        out.append((canonicalize_name(name), version, marker))
    return out


def pinned_here(path: Path = LOCK) -> dict[str, str]:
    """The pins whose environment marker holds for this Python on this machine: name -> version."""
    here = {}
    for name, version, marker in pins(path):
        if marker is None or Marker(marker).evaluate():
            assert name not in here, f"{name} is pinned twice for this environment"
            here[name] = version
    return here


def frozen() -> dict[str, str]:
    """`pip freeze --all` of the running Python: canonical name -> version (or '-e PATH')."""
    text = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all"], check=True,
                          capture_output=True, text=True).stdout
    installed = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-e "):
            target = line[3:].strip()
            if "#egg=" in target:
                # In a git checkout pip names the editable install by its repository and
                # commit: `-e git+URL@SHA#egg=mathlib` (the URL is wherever it was cloned from).
                name = canonicalize_name(target.rsplit("#egg=", 1)[1])
            else:
                path = Path(target)
                # this checkout, or another checkout of this repository (a git worktree
                # whose tests run with PYTHONPATH set to it): mathlib either way
                pyproject = path / "pyproject.toml"
                ours = path.resolve() == ROOT.resolve() or (
                    pyproject.is_file() and 'name = "mathlib"' in pyproject.read_text())
                name = "mathlib" if ours else f"editable {path}"
            installed[name] = line
        elif " @ " in line:
            name, url = line.split(" @ ", 1)
            installed[canonicalize_name(name)] = f"@ {url}"
        else:
            name, version = line.split("==", 1)
            installed[canonicalize_name(name)] = version
    return installed


def test_the_environment_is_exactly_the_lock():
    installed, locked = frozen(), {**pinned_here(TEST_LOCK), **pinned_here()}
    unpinned = sorted(f"{n} {v}" for n, v in installed.items()
                      if n not in locked and n not in NOT_PINNED)
    differ = sorted(f"{n}: installed {installed[n]}, pinned {v}" for n, v in locked.items()
                    if n in installed and installed[n] != v)
    missing = sorted(f"{n}=={v}" for n, v in locked.items() if n not in installed)
    assert not unpinned, (f"{sys.executable}: installed but not pinned in requirements.txt: "
                          f"{unpinned}. Add the direct requirement to requirements.in (the course) or "
                          f"requirements-test.in (a test tool) and run `make lock`, or uninstall it")
    assert not differ, f"{sys.executable}: versions differ from the locks: {differ}"
    assert not missing, f"{sys.executable}: pinned but not installed: {missing}"
    assert "mathlib" in installed, "mathlib is not installed: the lock's `-e .` did not run"


def test_the_lock_pins_every_package_for_python_3_11():
    locked = pins()
    assert len({name for name, _, _ in locked}) >= 100, "the transitive packages are pinned too"
    here = pinned_here()
    for name in ("numpy", "jupyterlab", "tornado", "pyzmq", "jinja2", "traitlets", "pip",
                 "setuptools", "uv"):
        assert name in here, f"{name} is not pinned for this environment"


def test_the_locks_are_generated_from_the_in_files_by_make_lock():
    for lock in (LOCK, TEST_LOCK):
        assert lock.read_text().startswith(
            "# This file was autogenerated by uv via the following command:\n#    make lock\n"), \
            f"{lock.name} is written by `make lock`"
    lines = [line for line in LOCK.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == "-e .", "requirements.txt ends by installing mathlib itself"
    assert "-e ." not in TEST_LOCK.read_text().splitlines(), "mathlib is in the course's lock only"
    assert TEST_DIRECT.read_text().count("\n-c requirements.txt\n") == 1, \
        "the test tools are resolved with the course's lock as constraints"
    for direct_file, lock in ((DIRECT, LOCK), (TEST_DIRECT, TEST_LOCK)):
        locked = {name: version for name, version, _ in pins(lock)}
        for name, version, _ in pins(direct_file):
            assert locked.get(name) == version, (
                f"{direct_file.name} asks for {name}=={version}, {lock.name} pins "
                f"{locked.get(name)}: run `make lock`")
    direct = {n for n, _, _ in pins(DIRECT)}
    assert {"numpy", "jupyterlab", "voila", "nbgitpuller", "uv", "pip", "setuptools"} <= direct
    assert {"mutmut", "axe-playwright-python", "pyyaml", "pytest", "nbval", "playwright"} <= \
        {n for n, _, _ in pins(TEST_DIRECT)}
    uv_pin = dict((n, v) for n, v, _ in pins(DIRECT))["uv"]
    makefile = (ROOT / "Makefile").read_text()
    lock_recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    compile_cmd = makefile.split("\nUV_COMPILE =", 1)[1].split("\nlock:", 1)[0]
    assert "uv pip compile" in compile_cmd and "--universal" in compile_cmd, \
        "one lock for Linux, macOS and Windows"
    assert "requirements.in" in lock_recipe and "-o requirements.txt" in lock_recipe
    assert "requirements-test.in" in lock_recipe and "-o requirements-test.txt" in lock_recipe
    # The test tools are resolved against the course's lock before `-e .` is appended to it.
    assert lock_recipe.index("-o requirements-test.txt") < lock_recipe.index("'-e .'")
    assert re.search(r"\$\(STAMP\):[^\n]*requirements\.txt", makefile), \
        "make setup reinstalls when the course's lock changes"
    assert re.search(r"\$\(TEST_STAMP\):[^\n]*requirements-test\.txt", makefile), \
        "make test reinstalls when the test lock changes"
    assert re.search(r"\ntest: \$\(TEST_STAMP\)", makefile), "make test adds the test tools"
    assert re.search(r"\nlab: setup\n", makefile), "make lab needs the course only"
    assert uv_pin == dict((n, v) for n, v, _ in pins())["uv"]


def test_the_course_lock_holds_no_test_tool_and_the_locks_agree():
    course = {name: version for name, version, _ in pins()}
    tests = {name: version for name, version, _ in pins(TEST_LOCK)}
    assert not TEST_TOOLS & set(course), \
        f"test tools in requirements.txt (students install it): {sorted(TEST_TOOLS & set(course))}"
    assert {"pytest", "nbval", "playwright", "mutmut"} <= set(tests)
    differ = sorted(f"{n}: {course[n]} / {tests[n]}" for n in set(course) & set(tests)
                    if course[n] != tests[n])
    assert not differ, f"requirements.txt / requirements-test.txt pin different versions: {differ}"


def imported_modules() -> dict[str, str]:
    """Top-level modules imported by every notebook's code cells and every mathlib module
    (`import`, `from ... import`, `__import__("...")`, `import_module("...")`): module -> the first
    file importing it. IPython magics and shell lines are left out."""
    found: dict[str, str] = {}

    def add(source: str, where: str) -> None:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.setdefault(alias.name.split(".")[0], where)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.setdefault(node.module.split(".")[0], where)
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                  in ("__import__", "import_module") and node.args
                  and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value.split(".")[0], where)   # __import__("scipy.stats")

    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                add("\n".join("" if line.lstrip().startswith(("%", "!")) else line
                              for line in lines), notebook.name)
    for module in sorted((ROOT / "mathlib").rglob("*.py")):
        add(module.read_text(encoding="utf-8"), module.relative_to(ROOT).as_posix())
    return found


def test_the_course_lock_alone_runs_every_notebook_and_mathlib():
    """What a notebook or mathlib imports comes from a package in requirements.txt (the test
    tools are not there on a hub or on Binder). ``%matplotlib widget`` needs ipympl: pinned."""
    course = {name for name, _, _ in pins()} | {"mathlib"}
    distributions = packages_distributions()
    outside = []
    for module, where in sorted(imported_modules().items()):
        if module in sys.stdlib_module_names or module == "mathlib":
            continue
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        if not names & course:
            outside.append(f"{module} (imported by {where}; from {sorted(names) or 'nothing installed'})")
    assert not outside, f"imported but not in requirements.txt: {outside}"
    assert "ipympl" in course
