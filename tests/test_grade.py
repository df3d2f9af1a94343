"""The class grader (mathlib.grade) on submissions made here from notebooks/00_welcome.ipynb.

One grading run (module fixture, kernels in parallel) over: solved (the whole notebook), and, on
notebook 00 without its explorer (``light``): half solved (renamed, without a number), blank,
broken JSON, an infinite loop that an interrupt stops, one that it does not, an exercise cell
deleted plus a cell that raises. The tests read the CSV and the printed summary. Where
bubblewrap is missing these run not sealed (the sandbox's own cases: test_grade_audit.py).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import csv
import io
import itertools
import json
import re
from pathlib import Path

import nbformat
import pytest

import mathlib.exercises as exercises
from mathlib import grade
from mathlib.grading import runner

# Where bubblewrap is missing, these cases (not about the sandbox) run unsealed.
UNSEALED = ["--unsealed"] if grade.sandbox_problem() else []

ROOT = Path(__file__).resolve().parent.parent
NB00 = ROOT / "notebooks" / "00_welcome.ipynb"
CELL_TIMEOUT = 5

REGISTRY = exercises.REGISTRY
QUESTIONS = getattr(exercises, "QUESTIONS", {})
IDS = sorted([i for i in [*REGISTRY, *QUESTIONS] if i.startswith("00.")], key=grade.id_order)
EXERCISE_IDS = [i for i in IDS if i in REGISTRY]
QUESTION_IDS = [i for i in IDS if i in QUESTIONS]


# --- making submissions ----------------------------------------------------------------------

def blank() -> nbformat.NotebookNode:
    return nbformat.read(NB00, as_version=4)


def light() -> nbformat.NotebookNode:
    """Notebook 00 without its explorer and interactive backend (the cells stay, as ``pass``):
    the same cells and checks, a faster kernel, for the cases that are not about explorers."""
    heavy = ("explorer", "%matplotlib", "use_course_style", "mathlib.plotting")
    nb = blank()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join("pass" if any(h in line for h in heavy) else line
                                     for line in cell.source.splitlines())
    return nb


def cell_of(nb, call: str) -> int:
    """Index of the code cell that contains ``call`` (e.g. 'check("00.1"')."""
    found = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and call in c.source]
    assert len(found) == 1, f"expected one cell with {call} in notebook 00, found {len(found)}"
    return found[0]


def solution_code(id: str) -> str:
    """The code that ``solution(id)`` prints (as the learner writes it), without its intro line."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exercises.solution(id)
    lines = out.getvalue().strip().splitlines()
    for start in range(len(lines)):
        code = "\n".join(lines[start:]).strip()
        try:
            ast.parse(code)
        except SyntaxError:
            continue
        return code
    raise AssertionError(f"solution({id!r}) printed no code")


def answer_exercise(nb, id: str, code: str) -> None:
    """Put ``code`` into the exercise cell of ``id``, before its check(...) line.

    If ``code`` defines another name than the one the cell checks, bind the checked name to it.
    """
    index = cell_of(nb, f'check("{id}"')
    source = nb.cells[index].source
    name = re.search(rf'check\("{re.escape(id)}",\s*([A-Za-z_]\w*)', source).group(1)
    defined = [t.id for node in ast.parse(code).body if isinstance(node, ast.Assign)
               for t in node.targets if isinstance(t, ast.Name)]
    defined += [node.name for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)]
    if name not in defined and len(defined) == 1:
        code += f"\n{name} = {defined[0]}"
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if f'check("{id}"' in line)
    nb.cells[index].source = "\n".join([*lines[:at], "import numpy as np", code, *lines[at:]])


def right_choice(id: str):
    """A choice that ``evaluate_question`` passes: one letter, or a list of letters."""
    letters = "abcdefgh"
    candidates = itertools.chain(letters, (list(c) for n in range(2, 5)
                                          for c in itertools.combinations(letters, n)))
    for choice in candidates:
        try:
            if exercises.evaluate_question(id, choice).status == "pass":
                return choice
        except Exception:  # noqa: BLE001 - a letter past the last option
            continue
    raise AssertionError(f"no choice passes question {id}")


def answer_question(nb, id: str, choice) -> None:
    """Record ``choice`` in code: ask(id, choice=...) in its cell, or in a new cell at the end."""
    call = f'ask("{id}", choice={choice!r})'
    cells = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and f'ask("{id}"' in c.source]
    if cells:
        cell = nb.cells[cells[0]]
        cell.source = re.sub(rf'ask\("{re.escape(id)}"[^)]*\)', call, cell.source)
    else:
        nb.cells.append(nbformat.v4.new_code_cell(f"from mathlib.exercises import ask\n{call}"))


def solved():
    nb = blank()
    for id in EXERCISE_IDS:
        answer_exercise(nb, id, solution_code(id))
    for id in QUESTION_IDS:
        answer_question(nb, id, right_choice(id))
    return nb


WRONG_MSE = "def mean_squared_error(y_hat, y):\n    return np.sum((y_hat - y) ** 2)"
ENDLESS = "while True:\n    pass"
STUBBORN = ("while True:\n    try:\n        while True:\n            pass\n"
            "    except KeyboardInterrupt:\n        pass")


def write(path: Path, nb) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Make the submissions, run ``python -m mathlib.grade`` once; (csv rows, stdout, cells)."""
    root = tmp_path_factory.mktemp("grading")
    subs = root / "submissions"
    cells = {}

    write(subs / "alice" / "00_welcome.ipynb", solved())

    half = light()
    answer_exercise(half, "00.1", solution_code("00.1"))
    answer_exercise(half, "00.2", WRONG_MSE)
    write(subs / "bob" / "welcome homework (Bob).ipynb", half)   # renamed: no number

    write(subs / "carol" / "00_welcome.ipynb", light())

    text = NB00.read_text(encoding="utf-8")
    (subs / "dave").mkdir(parents=True)
    (subs / "dave" / "00_welcome.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")

    loop = light()
    answer_exercise(loop, "00.1", solution_code("00.1"))
    at = cell_of(loop, 'check("00.1"')
    loop.cells.insert(at, nbformat.v4.new_code_cell(ENDLESS))
    cells["erin"] = at + 1
    write(subs / "erin" / "00_welcome.ipynb", loop)

    stubborn = light()
    at = cell_of(stubborn, 'check("00.1"')
    stubborn.cells.insert(at, nbformat.v4.new_code_cell(STUBBORN))
    cells["gina"] = at + 1
    write(subs / "gina" / "00_welcome.ipynb", stubborn)

    deleted = light()
    answer_exercise(deleted, "00.1", solution_code("00.1"))
    del deleted.cells[cell_of(deleted, 'check("00.2"')]
    at = cell_of(deleted, 'check("00.1"')
    deleted.cells.insert(at, nbformat.v4.new_code_cell("1 / 0"))
    cells["frank"] = at + 1
    write(subs / "frank" / "00_welcome.ipynb", deleted)

    (subs / "frank" / ".ipynb_checkpoints").mkdir()
    write(subs / "frank" / ".ipynb_checkpoints" / "00_welcome-checkpoint.ipynb", blank())

    out_csv = root / "out" / "grades.csv"
    probe, runner.PROBE_S = runner.PROBE_S, 3
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            code = grade.main([str(subs), "--out", str(out_csv), "--jobs", "2",
                               "--timeout", str(CELL_TIMEOUT), "--notebook-timeout", "120",
                               *UNSEALED])
    finally:
        runner.PROBE_S = probe
    assert code == 0
    with out_csv.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    assert tuple(header) == grade.CSV_COLUMNS
    return rows, stdout.getvalue(), cells


def statuses(rows, student: str) -> dict[str, str]:
    return {r["exercise id"]: r["status"] for r in rows
            if r["file"].startswith(student + "/") and r["kind"] != "notebook"}


def notebook_rows(rows, student: str) -> list[dict]:
    return [r for r in rows if r["file"].startswith(student + "/") and r["kind"] == "notebook"]


# --- the graded class --------------------------------------------------------------------------

def test_notebook_00_has_exercises_to_grade():
    assert len(EXERCISE_IDS) >= 3
    assert all(grade.kind_of(i) == "question" for i in QUESTION_IDS)
    assert all(grade.kind_of(i) == "exercise" for i in EXERCISE_IDS)


def test_every_submission_is_graded_and_checkpoints_are_skipped(graded):
    rows, _, _ = graded
    files = sorted({r["file"] for r in rows})
    assert [f.split("/")[0] for f in files] == ["alice", "bob", "carol", "dave", "erin", "frank",
                                                 "gina"]
    assert not any(".ipynb_checkpoints" in f for f in files)
    for student in ("alice", "bob", "carol", "dave", "erin", "frank", "gina"):
        assert sorted(statuses(rows, student), key=grade.id_order) == IDS, student


def test_kinds_and_messages_in_the_csv(graded):
    rows, _, _ = graded
    for r in rows:
        id = r["exercise id"]
        assert r["kind"] == ("notebook" if id == "" else grade.kind_of(id))
        assert "\n" not in r["message"] and len(r["message"]) <= 200


def test_solved_passes_everything(graded):
    rows, _, _ = graded
    assert statuses(rows, "alice") == {i: "pass" for i in IDS}
    assert notebook_rows(rows, "alice") == []


def test_half_solved_renamed_notebook(graded):
    rows, _, _ = graded
    got = statuses(rows, "bob")
    assert got["00.1"] == "pass"
    assert got["00.2"] == "fail"
    assert all(got[i] == "not attempted" for i in EXERCISE_IDS[2:])
    mentioned = grade.mentioned_ids("\n".join(c.source for c in blank().cells))
    for id in QUESTION_IDS:   # a question shown without choice= is not answered
        assert got[id] == ("not attempted" if id in mentioned else "missing")
    fail = next(r for r in rows if r["file"].startswith("bob/") and r["exercise id"] == "00.2")
    assert fail["message"] and "Hint" not in fail["message"]


def test_blank_is_not_attempted(graded):
    rows, _, _ = graded
    got = statuses(rows, "carol")
    assert all(got[i] == "not attempted" for i in EXERCISE_IDS)
    assert all(got[i] in ("not attempted", "missing") for i in QUESTION_IDS)
    assert notebook_rows(rows, "carol") == []


def test_broken_json(graded):
    rows, _, _ = graded
    assert all(s.startswith("error: notebook is not valid JSON (line ")
               for s in statuses(rows, "dave").values())
    [row] = notebook_rows(rows, "dave")
    assert row["status"].startswith("error: notebook is not valid JSON")


def test_infinite_loop_is_interrupted_and_grading_goes_on(graded):
    rows, _, cells = graded
    [row] = notebook_rows(rows, "erin")
    assert row["status"] == f"timeout after {CELL_TIMEOUT} s in cell {cells['erin']}"
    assert "while True" in row["message"]
    got = statuses(rows, "erin")
    assert got["00.1"] == "pass"     # the exercise after the loop still counts
    assert all(got[i] == "not attempted" for i in EXERCISE_IDS[1:])


def test_loop_that_ignores_interrupts_kills_the_kernel(graded):
    rows, _, cells = graded
    status = f"timeout after {CELL_TIMEOUT} s in cell {cells['gina']}"
    got = statuses(rows, "gina")
    assert all(got[i] == "not run: " + status for i in EXERCISE_IDS)   # after the loop
    assert all(got[i] in ("not attempted", "missing") for i in QUESTION_IDS)   # ran before
    [row] = notebook_rows(rows, "gina")
    assert row["status"] == status and "killed" in row["message"]


def test_deleted_exercise_cell_and_a_cell_that_raises(graded):
    rows, _, cells = graded
    got = statuses(rows, "frank")
    assert got["00.2"] == "missing"
    assert got["00.1"] == "pass"      # after the cell that raised
    assert all(got[i] == "not attempted" for i in EXERCISE_IDS[2:])
    missing = next(r for r in rows if r["file"].startswith("frank/") and r["exercise id"] == "00.2")
    assert 'check("00.2"' in missing["message"]
    [row] = notebook_rows(rows, "frank")
    assert row["status"] == f"error: ZeroDivisionError in cell {cells['frank']}"


def test_summary_per_student_and_per_exercise(graded):
    rows, out, _ = graded
    per_student = {m.group(1): tuple(map(int, m.group(2, 3, 4))) for m in re.finditer(
        r"^(\w+)/.*?\.ipynb\s+(\d+)\s+(\d+)\s+(\d+)", out, re.MULTILINE)}
    n = len(EXERCISE_IDS)
    assert per_student["alice"] == (n, n, n)
    assert per_student["bob"] == (1, 2, n)
    assert per_student["carol"] == (0, 0, n)
    assert per_student["dave"] == (0, 0, n)
    assert per_student["erin"] == (1, 1, n)
    line = next(ln for ln in out.splitlines() if ln.startswith("00.2 "))
    # 00.2 passed by alice only, failed by bob, whose message is the most common failure
    assert "1/7" in line and "(1x)" in line
    assert "grades.csv" in out


def test_notebook_time_limit_stops_the_run_and_keeps_what_was_checked(tmp_path):
    path = tmp_path / "00_slow.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from mathlib.exercises import check\n"
                                  'check("00.3", (0.46, -0.51))'),
        nbformat.v4.new_code_cell("import time\ntime.sleep(30)"),
        nbformat.v4.new_code_cell('check("00.1", None)')])
    write(path, nb)
    options = grade.Options(cell_timeout=60, notebook_timeout=3, sealed=not UNSEALED)
    rows = asyncio.run(grade.grade_notebook(path, path.name, options))
    status = "timeout after 3 s for the notebook, in cell 2"
    assert [(r.status, r.kind) for r in rows if r.kind == "notebook"] == [(status, "notebook")]
    got = {r.id: r.status for r in rows if r.kind != "notebook"}
    assert got["00.3"] == "pass"          # checked before the limit: still counted
    assert got["00.1"] == "not run: " + status   # its cell never ran
    assert got["00.2"] == "missing"


# --- without a kernel ----------------------------------------------------------------------------

def test_not_a_notebook_and_unknown_files(tmp_path):
    path = tmp_path / "notes.ipynb"
    path.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    rows = asyncio.run(grade.grade_notebook(path, "notes.ipynb"))
    assert [(r.id, r.kind, r.status) for r in rows] == [
        ("", "notebook", "error: not a Jupyter notebook (the JSON has no list of cells)")]
    numbered = tmp_path / "00_welcome.ipynb"
    numbered.write_bytes(b"\xff\xfe\x00 binary")
    rows = asyncio.run(grade.grade_notebook(numbered, "00_welcome.ipynb"))
    assert [r.id for r in rows if r.kind != "notebook"] == IDS
    assert {r.status for r in rows} == {"error: notebook is not valid JSON (not even text)"}


def test_expected_ids_from_number_or_from_mentions():
    assert grade.expected_ids("00_welcome.ipynb", "") == IDS
    assert grade.expected_ids("my work.ipynb", 'check("00.2", f)') == IDS
    assert grade.expected_ids("my work.ipynb", r'"check(\"00.1\", predict)"') == IDS  # raw JSON
    assert grade.expected_ids("my work.ipynb", "print(1)") == []
    assert grade.id_order("00.10") > grade.id_order("00.2")
    assert grade.id_order("00.q1") > grade.id_order("00.9")


def test_shorten_drops_hints_and_keeps_one_line():
    text = "Not yet: you returned an array of shape (4,)\nHint: average the squares"
    assert grade.shorten(text) == "Not yet: you returned an array of shape (4,)"
    assert len(grade.shorten("x" * 500, 70)) == 70
