"""The audit of issue 16, case by case: cheating, hostile and broken submissions.

One grading run (module fixture, ``--jobs 2``) over small notebooks named 00_*.ipynb, each
combining several cases in numbered cells. Every cheat must be flagged and graded on what the
grader itself evaluated; nothing a submission does may reach the host, the course, a classmate
or the grader. Needs bubblewrap (Debian's package); skips, saying so, only where it is absent.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from mathlib import grade
from mathlib.exercises import nb00
from mathlib.grading import sandbox

pytestmark = pytest.mark.skipif(grade.sandbox_problem() is not None,
                                reason=f"no sandbox here: {grade.sandbox_problem()}")

COURSE = sandbox.COURSE
CORE = COURSE / "mathlib" / "exercises" / "_core.py"
MARK = f"audit{os.getpid()}x{int(time.time())}"
CELL_TIMEOUT = 10

IMPORTS = "from mathlib.exercises import check, ask, solution, reference, hint\nimport numpy as np"
RIGHT = {"00.1": "def predict(w, b, x):\n    return w * x + b\ncheck('00.1', predict)",
         "00.2": ("def mean_squared_error(y_hat, y):\n    return np.mean((y_hat - y) ** 2)\n"
                  "check('00.2', mean_squared_error)"),
         "00.3": "my_line = (0.46, -0.51)\ncheck('00.3', my_line)"}
BLANK_1 = "def predict(w, b, x):\n    ...\ncheck('00.1', predict)"
WRONG_2 = ("def mean_squared_error(y_hat, y):\n    return np.sum((y_hat - y) ** 2)\n"
           "check('00.2', mean_squared_error)")


def notebook(*cells: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def table_of_published_cases() -> str:
    """A predict that knows only the published cases of 00.1 (a lookup table)."""
    table = {(float(w), float(b)): [float(v) for v in w * x + b] for w, b, x in nb00._line_cases()}
    return (f"TABLE = {table!r}\ndef predict(w, b, x):\n    return np.array(TABLE[(w, b)])\n"
            "check('00.1', predict)")


CASES = {
    "honest": notebook(IMPORTS, *RIGHT.values(), "ask('00.q1', choice='b')"),
    "tamper": notebook(
        IMPORTS + "\nfrom mathlib.exercises import RESULTS, REGISTRY, Result",
        BLANK_1,
        "RESULTS['00.1'] = Result('pass', 'Correct!', '00.1')",
        "def check(id, answer):\n    print('\\u2714 Correct!')",
        "import IPython.display\nIPython.display.display = lambda *a, **k: None",
        "REGISTRY['00.2'].checker = lambda f: None",
        WRONG_2,
        "import sys\nsys.modules['mathlib.exercises'].RESULTS.clear()",
        RIGHT["00.3"]),
    "peeking": notebook(
        IMPORTS + "\nfrom mathlib.exercises import QUESTIONS",
        "predict = reference('00.1')\ncheck('00.1', predict)",
        "ask('00.q1', choice=QUESTIONS['00.q1'].right_letters)",
        "import inspect\nframes = inspect.stack()",
        "solution('00.3')",
        RIGHT["00.3"],
        RIGHT["00.2"]),
    "table": notebook(IMPORTS, table_of_published_cases()),
    "hostile": notebook(
        IMPORTS + "\nimport os, signal, glob, subprocess, sys",
        "os.kill(os.getppid(), signal.SIGKILL)",
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)', '{MARK}'], "
        "start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)",
        f"for target in [{str(CORE)!r}, '/tmp/{MARK}-written', "
        f"os.path.expanduser('~/{MARK}')]:\n    try:\n        with open(target, 'a') as f:\n"
        f"            f.write('# pwned')\n    except OSError:\n        pass",
        "seen = [k for k in os.environ if k.startswith('TEACHER_')]\n"
        "others = [p for p in glob.glob('/tmp/mathlib-grade-*')\n"
        "          if not os.getcwd().startswith(p)]",
        "my_line = (0.46, -0.51) if not seen and not others else (5.0, 5.0)\n"
        "check('00.3', my_line)",
        "CLASSMATE = {classmate!r}\ntry:\n    open(CLASSMATE).read()\n    w = 5.0\n"
        "except OSError:\n    w = 0.0\n"
        "def predict(w_, b, x):\n    return (w_ + w) * x + b\ncheck('00.1', predict)"),
    "bomb": notebook(IMPORTS, "hog = bytearray(3 * 1024 ** 3)", RIGHT["00.1"]),
    "killed": notebook(IMPORTS, RIGHT["00.1"], RIGHT["00.2"], "import os\nos._exit(1)",
                       RIGHT["00.3"]),
    "injected": notebook(
        IMPORTS,
        "def predict(w, b, x):\n"
        "    raise ValueError('\\x1b[31mred\\r\\n=HYPERLINK(\"http://x\")')\n"
        "check('00.1', predict)",
        "check('01.1', lambda X: X)\ncheck('00.2', lambda a, b: 0)"),
}


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    subs = root / "submissions"
    for name, nb in CASES.items():
        folder = subs / (name if name != "injected" else '=HYPERLINK("http:\x1b[2Jx")')
        folder.mkdir(parents=True)
        text = nbformat.writes(nb).replace("{classmate!r}",
                                           repr(str(subs / "honest" / "00_welcome.ipynb")))
        (folder / "00_welcome.ipynb").write_text(text, encoding="utf-8")
    (subs / "sym").mkdir()
    (subs / "sym" / "00_welcome.ipynb").symlink_to("/etc/hostname")
    (subs / "linked").symlink_to(subs / "honest")
    (subs / "__MACOSX").mkdir()
    (subs / "__MACOSX" / "00_welcome.ipynb").write_text("{}", encoding="utf-8")
    (subs / "honest" / "._00_welcome.ipynb").write_bytes(b"\x00\x05")
    (subs / "honest" / ".hidden.ipynb").write_text("{}", encoding="utf-8")
    (subs / "empty").mkdir()
    (subs / "empty" / "00_welcome.ipynb").write_bytes(b"")
    core_before = hashlib.sha256(CORE.read_bytes()).hexdigest()
    out_csv = root / "out" / "grades.csv"
    os.environ["TEACHER_SECRET"] = "s3cret"
    stdout = io.StringIO()
    start = time.monotonic()
    try:
        with contextlib.redirect_stdout(stdout):
            code = grade.main([str(subs), "--out", str(out_csv), "--jobs", "2",
                               "--timeout", str(CELL_TIMEOUT), "--notebook-timeout", "60"])
    finally:
        del os.environ["TEACHER_SECRET"]
    took = time.monotonic() - start
    with out_csv.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    return {"code": code, "rows": rows, "out": stdout.getvalue(), "csv": out_csv,
            "core": core_before, "took": took, "root": root}


def rows_of(audit, student):
    return [r for r in audit["rows"] if r["file"].split("/")[0].lstrip("'").startswith(student)
            and (student != "honest" or r["file"].startswith("honest/"))]


def status(audit, student, id):
    [row] = [r for r in rows_of(audit, student) if r["exercise id"] == id]
    return row


def flags(audit, student):
    return " ; ".join(r["flags"] for r in rows_of(audit, student))


def test_every_notebook_graded_and_the_grader_survived(audit):
    assert audit["code"] == 0
    files = {r["file"] for r in audit["rows"]}
    assert len(files) == len(CASES) + 1          # + the empty file
    assert audit["out"].splitlines()[0].startswith("Sealed:")
    assert all(r["sandbox"] == "sealed" for r in audit["rows"])


def test_honest_work_is_graded_right_and_not_flagged(audit):
    got = {r["exercise id"]: r["status"] for r in rows_of(audit, "honest")}
    assert got["00.1"] == got["00.2"] == got["00.3"] == "pass"
    assert got["00.q1"] in ("pass", "fail")
    assert got["00.q2"] == "missing"
    assert flags(audit, "honest").strip(" ;") == ""


def test_tampering_is_flagged_and_graded_on_the_graders_run(audit):
    assert status(audit, "tamper", "00.1")["status"] == "not attempted"   # RESULTS forged
    assert status(audit, "tamper", "00.2")["status"] == "fail"            # registry edited
    assert status(audit, "tamper", "00.3")["status"] == "pass"
    text = flags(audit, "tamper")
    for what in ("cell 3: touches RESULTS", "cell 4: redefines check",
                 "cell 5: replaces a display hook", "cell 6: touches the exercise registry",
                 "cell 8: uses sys.modules"):
        assert what in text, what


def test_looking_at_answers_is_flagged(audit):
    assert status(audit, "peeking", "00.1")["status"] == "pass"
    assert "uses reference('00.1')" in status(audit, "peeking", "00.1")["flags"]
    assert status(audit, "peeking", "00.q1")["status"] == "not attempted"
    assert "cell 3: reads the questions' keys" in flags(audit, "peeking")
    assert "cell 4: reads stack frames" in flags(audit, "peeking")
    row = status(audit, "peeking", "00.3")
    assert row["status"] == "pass"
    assert "solution('00.3') shown in cell 5 before the passing answer" in row["flags"]
    assert "solution" not in status(audit, "peeking", "00.2")["flags"]


def test_a_table_of_the_published_cases_fails(audit):
    row = status(audit, "table", "00.1")
    assert row["status"] == "fail"
    assert row["message"].startswith("passes the published cases but not the cases drawn")
    assert "passes only the published cases" in row["flags"]


def test_hostile_notebook_harms_nothing(audit):
    assert hashlib.sha256(CORE.read_bytes()).hexdigest() == audit["core"]   # course read-only
    assert not Path(f"/tmp/{MARK}-written").exists()                        # private /tmp
    assert not Path(os.path.expanduser(f"~/{MARK}")).exists()
    assert status(audit, "hostile", "00.3")["status"] == "pass"   # no teacher's variables, no
    assert status(audit, "hostile", "00.1")["status"] == "pass"   # other kernels, no classmate
    assert "sends signals" in flags(audit, "hostile")
    assert "starts processes" in flags(audit, "hostile")


def test_a_detached_child_is_gone_when_grading_ends(audit):
    alive = []
    for proc in Path("/proc").iterdir():
        try:
            if MARK.encode() in (proc / "cmdline").read_bytes():
                alive.append(proc.name)
        except OSError:
            continue
    assert alive == []


def test_memory_bomb_is_a_row_and_the_rest_goes_on(audit):
    [row] = [r for r in rows_of(audit, "bomb") if r["kind"] == "notebook"]
    assert row["status"] == "memory limit (1 GB) reached in cell 2"
    assert status(audit, "bomb", "00.1")["status"] == "pass"


def test_a_killed_kernel_keeps_what_ran(audit):
    assert status(audit, "killed", "00.1")["status"] == "pass"
    assert status(audit, "killed", "00.2")["status"] == "pass"
    assert status(audit, "killed", "00.3")["status"] == "not run: error: the kernel died in cell 4"


def test_other_notebooks_ids_are_dropped_and_flagged(audit):
    ids = {r["exercise id"] for r in rows_of(audit, "=HYPERLINK(")}
    assert "01.1" not in ids and "00.1" in ids
    assert "other notebooks' ids dropped: 01.1" in flags(audit, "=HYPERLINK(")


def test_injected_formulas_and_escapes_come_out_inert(audit):
    text = audit["csv"].read_text(encoding="utf-8")
    assert "\x1b" not in text and "\r" not in text and "\x1b" not in audit["out"]
    assert len(text.splitlines()) == len(audit["rows"]) + 1     # no forged lines
    for row in audit["rows"]:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@"), value
    row = status(audit, "=HYPERLINK(", "00.1")
    assert row["file"].startswith("'=HYPERLINK(")
    assert row["status"] == "fail" and "HYPERLINK" in row["message"]


def test_skipped_files_are_listed_and_empty_is_empty(audit):
    out = audit["out"]
    for what in ("skipped (symlink): sym/00_welcome.ipynb", "skipped (symlink): linked/",
                 "skipped (__MACOSX): __MACOSX/", "skipped (macOS ._ file): honest/._00_welcome",
                 "skipped (hidden): honest/.hidden.ipynb"):
        assert what in out, what
    assert not any("hostname" in r["message"] for r in audit["rows"])
    assert {r["status"] for r in rows_of(audit, "empty")} == {"empty"}


def test_feedback_file_per_student(audit):
    folder = audit["csv"].parent / "feedback"
    text = (folder / "honest" / "00_welcome.md").read_text(encoding="utf-8")
    assert "## Exercises: 3 of 3 passed" in text
    assert "**00.2**: pass" in text
    tamper = (folder / "tamper" / "00_welcome.md").read_text(encoding="utf-8")
    assert "**00.2**: fail" in tamper and "Not yet" in tamper
    assert len(list(folder.rglob("*.md"))) == len(CASES) + 1


def test_summary_has_separate_totals_and_flags(audit):
    out = audit["out"]
    line = next(ln for ln in out.splitlines() if ln.startswith("honest/"))
    assert re.match(r"honest/00_welcome.ipynb\s+3\s+3\s+3\s+\d/3\s", line)
    assert "Flags (what honest work never does" in out
    assert re.search(r"^  tamper/00_welcome.ipynb: .*cell 3: touches RESULTS", out, re.MULTILINE)
