"""The grader's parts that need no kernel: the static read, what reaches the CSV, the sandbox's
command line, the refusal to run unsealed as root; and one short run not sealed."""

from __future__ import annotations

import contextlib
import csv
import io
import os

import nbformat
import pytest

from mathlib import grade
from mathlib.grading import cli, report, runner, sandbox, static


def flag_texts(*cells: str) -> list[str]:
    flags, _ = static.read(list(enumerate(cells, start=1)))
    return [f.text() for f in flags]


@pytest.mark.parametrize("code, what", [
    ("from mathlib.exercises import RESULTS\nRESULTS.clear()", "touches RESULTS"),
    ("import mathlib.exercises as ex\nex.REGISTRY['00.1'].checker = None",
     "touches the exercise registry"),
    ("import mathlib.exercises._core as core", "imports the checks' modules"),
    ("ask('00.q1', choice=QUESTIONS['00.q1'].right_letters)", "reads the questions' keys"),
    ("import sys\nw = sys._getframe(2).f_locals['want']", "reads stack frames"),
    ("import inspect\nf = inspect.currentframe().f_back", "reads stack frames"),
    ("import sys\nsys.modules['mathlib.exercises'].check = print", "uses sys.modules"),
    ("import importlib, mathlib\nimportlib.reload(mathlib)", "uses importlib"),
    ("import IPython\nIPython.display.display = print", "replaces a display hook"),
    ("import sys\nsys.displayhook = print", "replaces a display hook"),
    ("import os\nos.kill(os.getppid(), 9)", "sends signals"),
    ("def check(id, answer):\n    pass", "redefines check"),
    ("from builtins import print as evaluate", "redefines evaluate"),
    ("getattr(ex, 'RESULTS')", "names 'RESULTS' in a string"),
    ("exec('x = 1')", "runs code built at run time"),
])
def test_static_read_flags_what_honest_work_never_does(code, what):
    assert any(what in text and text.startswith("cell 1:") for text in flag_texts(code)), \
        flag_texts(code)


def test_honest_cells_are_not_flagged_and_solution_is_located():
    honest = ["%matplotlib widget\nimport numpy as np\nfrom mathlib.exercises import check, ask",
              "def predict(w, b, x):\n    return w * x + b\ncheck('00.1', predict)",
              "ask('00.q1', choice='b')", "hint('00.2')", "solution('00.2')",
              "from IPython.display import display, Markdown\ndisplay(Markdown('**x**'))",
              "import inspect\nfrom mathlib import linalg\nprint(inspect.getsource(linalg.matmul))"]
    flags, solutions = static.read(list(enumerate(honest, start=1)))
    assert flags == []
    assert solutions == {"00.2": 5}
    refs, _ = static.read([(3, "predict = reference('00.1')")])
    assert [(f.cell, f.id, f.tamper) for f in refs] == [(3, "00.1", False)]


def test_the_course_notebooks_own_cells_are_not_flagged():
    cells = runner._course_cells("06_derivatives.ipynb")
    own = next(c for c in cells if "evaluate(" in c)       # the course itself calls evaluate
    assert flag_texts(own)                                  # flagged in a student's own cell
    assert runner._course_cells("my homework.ipynb") == set()


def test_control_characters_and_formulas_are_made_inert():
    assert report.clean("a\x1b[31mred\x1b[0m\r\nb\u202ec\x07") == "ared  bc"
    for start in "=+-@":
        assert report.inert(start + "1+1") == "'" + start + "1+1"
    assert report.inert("pass") == "pass"
    assert report.known_status("pass") == "pass"
    assert report.known_status("memory limit (1 GB) reached in cell 3").startswith("memory")
    assert report.known_status("pass\r\nforged,row") == "error: unknown status"
    row = report.Row("=cmd|' /C calc'!A0", "00.1", "exercise", "PASS!", "-2+3\nHint: x")
    assert row.as_csv()[:5] == ["'=cmd|' /C calc'!A0", "00.1", "exercise",
                                "error: unknown status", "'-2+3"]


def test_csv_is_written_atomically(tmp_path):
    path = tmp_path / "grades.csv"
    report.write_csv([report.Row("a.ipynb", "00.1", "exercise", "pass", "ok")], path)
    report.write_csv([report.Row("b.ipynb", "00.1", "exercise", "fail", "no")], path)
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]     # no temporary left
    assert list(csv.reader(path.open()))[1][:4] == ["b.ipynb", "00.1", "exercise", "fail"]


def test_sandbox_command_line():
    folder = sandbox.COURSE / "nonexistent-folder"
    argv = sandbox.bwrap_argv(folder, ["python"], sandbox.Limits(), writable=folder)
    for option in ("--unshare-all", "--die-with-parent", "--new-session", "--clearenv"):
        assert option in argv
    assert "--share-net" not in argv
    binds = [argv[i + 1] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")]
    writable = [argv[i + 1] for i, a in enumerate(argv) if a == "--bind"]
    assert writable == [str(folder)]
    assert str(sandbox.COURSE) not in binds          # only mathlib/ and data/ of the course
    assert os.path.expanduser("~") not in binds or os.path.expanduser("~") == "/root"
    env = {argv[i + 1] for i, a in enumerate(argv) if a == "--setenv"}
    assert env <= set(sandbox.kernel_env("/x")) and "HOME" in env
    assert sandbox.parse_size("1GB") == 1024 ** 3 and sandbox.parse_size("512M") == 512 * 1024 ** 2
    assert sandbox.size_text(1024 ** 3) == "1 GB"
    with pytest.raises(ValueError, match="1G or 512M"):
        sandbox.parse_size("lots")


def test_refuses_to_run_unsealed_as_root(tmp_path, monkeypatch, capsys):
    (tmp_path / "00_welcome.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sandbox, "sandbox_problem", lambda: "bubblewrap is not installed")
    monkeypatch.setattr(cli, "_is_root", lambda: True)
    assert cli.main([str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("NOT SEALED: bubblewrap is not installed")
    assert "--unsealed" in captured.err
    assert not (tmp_path / "g.csv").exists()


def test_not_sealed_run_says_so_everywhere(tmp_path, monkeypatch):
    subs = tmp_path / "subs" / "ann"
    subs.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nfrom mathlib.exercises import check\n"
        "my_line = (0.46, -0.51) if 'TEACHER_TOKEN' not in os.environ else (9, 9)\n"
        "check('00.3', my_line)")])
    nbformat.write(nb, subs / "00_welcome.ipynb")
    monkeypatch.setenv("TEACHER_TOKEN", "secret")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "g.csv"),
                           "--unsealed", "--timeout", "20"])
    assert code == 0
    text = out.getvalue()
    assert text.splitlines()[0].startswith("NOT SEALED: --unsealed was given")
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert {r["sandbox"] for r in rows} == {"not sealed"}
    assert next(r for r in rows if r["exercise id"] == "00.3")["status"] == "pass"
    assert "not sealed" in text


def test_a_run_stopped_half_way_keeps_every_notebook_graded_so_far(tmp_path):
    subs = tmp_path / "subs"
    for name in ("ann", "ben", "cy"):
        (subs / name).mkdir(parents=True)
        (subs / name / "00_welcome.ipynb").write_text("{ broken", encoding="utf-8")
    out = tmp_path / "grades.csv"
    seen = []

    def progress(name, rows):
        seen.append(name)
        if len(seen) == 2:
            raise RuntimeError("the grader is stopped here")

    with pytest.raises(RuntimeError, match="stopped here"):
        grade.grade(subs, jobs=1, options=grade.Options(sealed=False), progress=progress,
                    out=out)
    files = {r["file"] for r in csv.DictReader(out.open())}
    assert {"ann/00_welcome.ipynb", "ben/00_welcome.ipynb"} <= files   # graded before the stop


def test_without_the_grade_extra_the_import_names_it():
    import subprocess
    import sys

    code = ("import sys; sys.modules['nbclient'] = None\n"
            "try:\n    import mathlib.grade\nexcept ImportError as e:\n    print(e)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "needs nbclient" in done.stdout and 'pip install "mathlib[grade]"' in done.stdout


def test_the_grade_extra_lists_what_the_import_checks():
    import re
    import tomllib
    from pathlib import Path

    import mathlib.grading

    extras = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml")
                           .read_text())["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", r)[0].replace("-", "_")
             for r in extras["grade"] + extras["explore"]} - {"mathlib"}
    assert names == set(mathlib.grading.REQUIRES)
