"""Checks over the whole course (issue 14, sections 3 and 4): hints narrow without stating the
solution, concept questions do not give their answer away by position or length, references to
other notebooks name notebooks that exist.

These tests look at every notebook's content at once, so they fail while any one notebook is not
fixed; the message lists exactly which exercises, questions or files are at fault."""

import ast
import copy
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from mathlib.exercises import QUESTIONS, REGISTRY

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted(REGISTRY)


# -- hints against the solution --------------------------------------------------------------------
_WORDS = [(r"\btimes\b", "*"), (r"\bplus\b", "+"), (r"\bminus\b", "-"), (r"\bdivided by\b", "/"),
          (r"\bsquared\b", "**2"), (r"\bto the power( of)?\b", "**")]


def normalise(text: str) -> str:
    """Code or words as a comparable string: lower case, no spaces, no backticks, operators for
    "times", "plus", "minus", "divided by", and numpy's names written as np."""
    text = text.lower().replace("`", "").replace("numpy.", "np.")
    for words, op in _WORDS:
        text = re.sub(words, op, text)
    return re.sub(r"\s+", "", text)


def _trivial(node: ast.AST) -> bool:
    """A name, a number, an attribute like A.shape: too short to give anything away."""
    return isinstance(node, (ast.Name, ast.Constant, ast.Attribute, ast.Starred)) or (
        isinstance(node, ast.Tuple) and all(_trivial(e) for e in node.elts))


def _definitions(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """For every name the solution assigns, the expressions assigned (or added) to it."""
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names = [target] if not isinstance(target, ast.Tuple) else target.elts
                for name in names:
                    while isinstance(name, ast.Subscript):     # C[i, j] += ... defines C
                        name = name.value
                    if isinstance(name, ast.Name):
                        found.setdefault(name.id, []).append(node.value)
    return found


class _Inline(ast.NodeTransformer):
    """Names replaced by the one expression that defines them (what the learner would write in
    one line)."""

    def __init__(self, definitions):
        self.definitions, self.depth = definitions, 0

    def visit_Name(self, node):
        values = self.definitions.get(node.id, [])
        if len(values) == 1 and self.depth < 5 and not isinstance(values[0], ast.Tuple):
            self.depth += 1
            value = self.visit(copy.deepcopy(values[0]))
            self.depth -= 1
            return value
        return node


def giveaways(solution: str) -> list[str]:
    """The normalised code a hint must not contain: the solution's final expression (what is
    returned, or the value assigned; also with its names replaced by their definitions), every
    call with arguments in it (its key calls; calling a function the learner is given is not a
    key call), and, when a bare name is returned, what defines that name."""
    tree = ast.parse(solution)
    parameters = {a.arg for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                  for a in node.args.args}
    finals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Return) and n.value is not None]
    if not finals:                                   # a value exercise: name = expression
        finals = [n.value for n in tree.body if isinstance(n, ast.Assign)][-1:]
    definitions = _definitions(tree)
    direct = list(finals)                            # written as in the solution
    for final in finals:
        if _trivial(final):                          # return C / return w, b
            for name in [n.id for n in ast.walk(final) if isinstance(n, ast.Name)]:
                direct.extend(definitions.get(name, []))
    inlined = [_Inline(definitions).visit(copy.deepcopy(final)) for final in finals]
    found = [normalise(ast.unparse(e)) for e in direct + inlined if not _trivial(e)]
    for expression in direct:
        for node in ast.walk(expression):
            if isinstance(node, ast.Call) and (node.args or node.keywords) and not (
                    isinstance(node.func, ast.Name) and node.func.id in parameters):
                found.append(normalise(ast.unparse(node)))
    return sorted({code for code in found if len(code) >= 5})


def test_giveaways_and_normalise():
    assert normalise("Add A[i, k] times B[k, j]") == "adda[i,k]*b[k,j]"
    solution = ("def f(A, B):\n    C = np.zeros((2, 2))\n    for i in range(2):\n"
                "        C[i] += A[i] * B[i]\n    return C\n")
    assert "a[i]*b[i]" in giveaways(solution)
    assert giveaways("def f(x):\n    return np.linalg.norm(x, 2)\n") == ["np.linalg.norm(x,2)"]
    assert giveaways("z = (32, 10)\n") == []


@pytest.mark.parametrize("id", EXERCISES)
def test_hints_narrow_without_stating_the_solution(id):
    """No hint contains the solution's final expression or its key call (only solution() may)."""
    ex = REGISTRY[id]
    codes = giveaways(ex.solution)
    for k, text in enumerate(ex.hints, 1):
        said = [code for code in codes if code in normalise(text)]
        assert not said, f"exercise {id}: hint {k} states the solution's {said[0]!r}: {text!r}"


# -- concept questions: positions and lengths ------------------------------------------------------
def _right_positions():
    return [i for q in QUESTIONS.values() for i, o in enumerate(q.options) if o.right]


def test_right_answers_are_spread_over_the_positions():
    positions = Counter(_right_positions())
    total = sum(positions.values())
    table = ", ".join(f"{'abcdefghij'[i]}: {n}" for i, n in sorted(positions.items()))
    worst, count = positions.most_common(1)[0]
    assert count <= 0.4 * total, (f"{count} of {total} right answers are option "
                                  f"{'abcdefghij'[worst]} (at most 40%); {table}")


def test_the_right_option_is_not_usually_the_longest():
    longest = sorted(id for id, q in QUESTIONS.items()
                     if max(len(o.text) for o in q.options if o.right)
                     > max((len(o.text) for o in q.options if not o.right), default=0))
    assert len(longest) <= len(QUESTIONS) / 3, (
        f"the right option is the longest in {len(longest)} of {len(QUESTIONS)} questions (at "
        f"most a third): {', '.join(longest)}")


# -- references to other notebooks -----------------------------------------------------------------
_REFERENCE = re.compile(r"(?i)(coming\s+(?:up\s+)?in\s+)?\bnotebooks?\s+(\d\d)\b")
EXISTING = {p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}


def _texts():
    """(file, text) for every notebook cell and every mathlib source file (docstrings, question
    texts, messages)."""
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            yield f"{path.name} cell {cell.get('id', '?')}", "".join(cell["source"])
    for path in sorted((ROOT / "mathlib").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def missing_notebooks(text: str) -> list[str]:
    """The "notebook NN" in ``text`` naming a notebook that does not exist and not written
    "coming in notebook NN"."""
    return [m.group(0) for m in _REFERENCE.finditer(text)
            if m.group(2) not in EXISTING and not m.group(1)]


def test_missing_notebooks_reads_coming_in():
    assert missing_notebooks("see notebook 02 and notebook 99") == ["notebook 99"]
    assert missing_notebooks("attention is coming in notebook 99.") == []
    assert missing_notebooks("Coming in\nnotebook 99") == []


def test_every_notebook_mentioned_exists_or_is_coming():
    bad = [f"{where}: {ref!r}" for where, text in _texts() for ref in missing_notebooks(text)]
    assert not bad, ("references to notebooks that do not exist yet (write 'coming in notebook "
                     "NN'):\n" + "\n".join(bad))


def stale_comings(text: str) -> list[str]:
    """The "coming in notebook NN" in ``text`` naming a notebook that exists now."""
    return [m.group(0) for m in _REFERENCE.finditer(text)
            if m.group(2) in EXISTING and m.group(1)]


def test_stale_comings_reads_only_coming_in():
    assert stale_comings("coming in notebook 02, and notebook 03") == ["coming in notebook 02"]
    assert stale_comings("coming in notebook 99") == []


def test_a_notebook_that_exists_is_no_longer_coming():
    bad = [f"{where}: {ref!r}" for where, text in _texts() for ref in stale_comings(text)]
    assert not bad, ("these notebooks exist now: link them, e.g. [14 Activation functions]"
                     "(14_activation_functions.ipynb), instead of 'coming in notebook NN':\n"
                     + "\n".join(bad))


def test_formulas_use_only_alphabets_the_offline_site_can_typeset():
    """The static site's local MathJax has the STIX-Web fonts only (tools/build_html.py); in it,
    \\mathbb, \\mathcal, \\mathfrak and \\mathscr ask for TeX fonts it does not ship, so the page
    requests missing files (tests/test_html.py). Write \\mathbf{R}, \\mathrm{E}, a plain S."""
    bad = [f"{where}: {m.group(0)}" for where, text in _texts() if ".ipynb" in where
           for m in re.finditer(r"\\math(?:bb|cal|frak|scr)\b", text)]
    assert not bad, "\n".join(bad)


def test_the_welcome_map_links_every_notebook():
    """00's "map of the course" links each notebook that exists (README's table is checked
    elsewhere); the ones not written yet are named as coming."""
    cells = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    the_map = text.split("## The map of the course", 1)[1]
    missing = [p.name for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
               if p.name[:2] != "00" and f"]({p.name})" not in the_map]
    assert not missing, f"00's map of the course does not link {missing}"
