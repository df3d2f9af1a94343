"""Project-level promises: pinned requirements, a wheel with its data, safe defaults, CI."""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools.nbkernel import ROOT


def test_requirements_are_pinned_exactly():
    names = {}
    for lock in ("requirements.txt", "requirements-test.txt"):
        lines = [line.strip() for line in (ROOT / lock).read_text().splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
        if lock == "requirements.txt":
            assert lines[-1] == "-e .", "requirements.txt ends by installing mathlib itself"
            lines = lines[:-1]
        for line in lines:
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*( ; .+)?", line), line
        names[lock] = {line.split("==")[0].lower() for line in lines}
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab",
            "nbgitpuller", "voila"} <= names["requirements.txt"]
    assert {"nbval", "pytest", "playwright", "mutmut"} <= names["requirements-test.txt"]


def test_make_lab_keeps_the_token_and_stays_on_localhost():
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "--ServerApp.ip=127.0.0.1" in lab
    assert "token" not in lab.lower() and "password" not in lab.lower()
    assert "notebooks/00_welcome.ipynb" in lab


def test_ci_runs_make_test():
    run = (ROOT / ".ci" / "run").read_text()
    assert run.rstrip().endswith("make test")


LOAD_FROM_THE_WHEEL = """
import json, sys
from pathlib import Path
import mathlib, mathlib.data as data
site = Path(sys.argv[1]).resolve()
assert Path(mathlib.__file__).resolve().is_relative_to(site), mathlib.__file__
iris, digits, cancer = data.load_iris(), data.load_digits(), data.load_breast_cancer()
print(json.dumps({"data_dir": str(data.DATA_DIR), "iris": [list(iris.X.shape), list(iris.y.shape)],
                  "digits": [list(digits.X.shape), list(digits.y.shape)],
                  "cancer": [list(cancer.X.shape), list(cancer.y.shape)],
                  "photo": list(data.load_photo(step=4).shape)}))
"""


def source_tree(tmp_path: Path) -> Path:
    """A copy of the files the wheel is made of (what MANIFEST.in and setup.py name)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "mathlib", src / "mathlib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
    shutil.copytree(ROOT / "data", src / "data")
    shutil.copytree(ROOT / "etc", src / "etc")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE",
                 "LICENSE-content"):
        shutil.copy(ROOT / name, src / name)
    return src


def build_wheel(tmp_path: Path) -> Path:
    """`pip wheel .` of a copy of the repository: the wheel a hub image installs."""
    src = source_tree(tmp_path)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps",
                            "--no-build-isolation", "--quiet", "-w", str(tmp_path / "dist")],
                           cwd=src, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel, = (tmp_path / "dist").glob("mathlib-*.whl")
    return wheel


# The course's Jupyter files: setup.py installs them under the environment's prefix, where
# JupyterLab, Voila and nbconvert look (share/jupyter/..., etc/jupyter/...).
JUPYTER_FILES = {
    "share/jupyter/voila/templates/lab-offline/conf.json": "etc/voila/templates/lab-offline/conf.json",
    "share/jupyter/voila/templates/lab-offline/index.html.j2":
        "etc/voila/templates/lab-offline/index.html.j2",
    "etc/jupyter/voila.json": "etc/voila.json",
    "etc/jupyter/jupyter_nbconvert_config.json": "etc/jupyter_nbconvert_config.json",
    "share/jupyter/lab/settings/overrides.d/mathlib.json": "etc/lab/overrides.d/mathlib.json",
    "etc/jupyter/jupyter_server_config.d/mathlib.json": "etc/jupyter_server_config.d/mathlib.json",
}


def data_files(wheel: Path) -> dict[str, bytes]:
    """The wheel's data files (``NAME.data/data/PATH``, installed as ``sys.prefix/PATH``)."""
    with zipfile.ZipFile(wheel) as archive:
        return {name.split(".data/data/", 1)[1]: archive.read(name)
                for name in archive.namelist() if ".data/data/" in name}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built once for the tests that read it (`pip wheel` takes seconds)."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_installs_the_jupyter_files_into_the_environment(wheel):
    """`pip install .` (a hub image) brings the offline Voila template and the configs."""
    installed = data_files(wheel)
    assert set(installed) == set(JUPYTER_FILES)
    for target, source in JUPYTER_FILES.items():
        assert installed[target] == (ROOT / source).read_bytes(), target
    no_delay = {"kernel_websocket_connection_class": "mathlib._websocket.NoDelayKernelConnection"}
    assert json.loads(installed["etc/jupyter/voila.json"]) == \
        {"VoilaConfiguration": {"template": "lab-offline"}, "Voila": no_delay}
    assert json.loads(installed["etc/jupyter/jupyter_server_config.d/mathlib.json"]) == \
        {"ServerApp": {"jpserver_extensions": {"mathlib._websocket": True}}}
    assert json.loads(installed["share/jupyter/lab/settings/overrides.d/mathlib.json"]) == {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False}}
    template = installed["share/jupyter/voila/templates/lab-offline/index.html.j2"].decode()
    assert "https://" not in template and "href=\"http" in template, \
        "the offline template links to no other server and drops the lab template's links"


def test_the_editable_install_brings_the_jupyter_files_too(tmp_path):
    """`-e .` (requirements.txt's last line: Binder, repo2docker, TLJH, .venv) installs them too."""
    src = source_tree(tmp_path)
    out = tmp_path / "editable"
    out.mkdir()
    build = subprocess.run(
        [sys.executable, "-c", "import sys; from setuptools import build_meta as b; "
                               "print(b.build_editable(sys.argv[1]))", str(out)],
        cwd=src, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel, = out.glob("mathlib-*.whl")
    assert set(data_files(wheel)) == set(JUPYTER_FILES)


def test_version_licences_and_changelog():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", project["version"])
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {project['version']} " in changelog, "CHANGELOG.md has an entry for this version"
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-content"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-content").read_text()
    assert "Creative Commons Attribution 4.0" in content and "data/README.md" in content
    readme = (ROOT / "README.md").read_text()
    assert "LICENSE" in readme and "LICENSE-content" in readme and "CC BY 4.0" in readme


def code_strings(path: Path):
    """(line, text) of every string literal in a Python file's code: docstrings and comments,
    which show commands to type (`.venv/bin/python tools/...`), are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            yield node.lineno, node.value


def test_no_venv_bin_path_in_python_code():
    """The course runs on Windows too, where a venv has Scripts\\, not bin/: no Python code in
    mathlib/ or tools/ builds a `.venv/bin` path (use sys.executable)."""
    offenders = [f"{path.relative_to(ROOT)}:{line}: {text[:60]!r}"
                 for folder in ("mathlib", "tools") for path in sorted((ROOT / folder).rglob("*.py"))
                 for line, text in code_strings(path)
                 if re.search(r"\.venv[/\\]+(bin|Scripts)\b", text) or text in ("bin", "bin/")]
    assert not offenders, f"a `.venv/bin` path in Python code (use sys.executable): {offenders}"


def test_the_no_venv_bin_check_finds_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Run .venv/bin/python x.py"""\nPY = ROOT / ".venv" / "bin" / "python"\n'
                      'OTHER = ".venv/bin/jupyter"\n')
    found = [text for _, text in code_strings(sample)
             if re.search(r"\.venv[/\\]+(bin|Scripts)\b", text) or text in ("bin", "bin/")]
    assert sorted(found) == [".venv/bin/jupyter", "bin"]


def test_the_wheel_carries_the_data_sets(wheel, tmp_path):
    """`pip install .` (for a hub image) gives a mathlib that loads every data set, no clone needed.

    The wheel is built from a copy of the files it is made of, unpacked outside the repository and
    put first on sys.path; its loaders must find mathlib/_data/ and still verify the checksums.
    """
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    listed = [line.split()[1] for line in (ROOT / "data" / "SHA256SUMS").read_text().splitlines()
              if line.strip()]
    for name in ["SHA256SUMS", "README.md", *listed]:
        assert f"mathlib/_data/{name}" in names, f"the wheel lacks mathlib/_data/{name}"
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "mathlib").rglob("*.py")}
    assert modules <= names, f"the wheel lacks {sorted(modules - names)}"

    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", LOAD_FROM_THE_WHEEL, str(site)], cwd=tmp_path,
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    loaded = json.loads(run.stdout)
    assert Path(loaded["data_dir"]) == (site / "mathlib" / "_data").resolve()
    assert loaded["iris"] == [[150, 4], [150]] and loaded["digits"] == [[1797, 64], [1797]]
    assert loaded["photo"] == [150, 128]
    assert loaded["cancer"] == [[569, 30], [569]]

    # The packaged copy is verified like the repository's: an altered file is refused.
    iris = site / "mathlib" / "_data" / "iris.csv"
    iris.write_text(iris.read_text().replace("5.1,3.5", "9.9,3.5", 1))
    run = subprocess.run([sys.executable, "-c", LOAD_FROM_THE_WHEEL, str(site)], cwd=tmp_path,
                         env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "iris.csv has been altered" in run.stderr, run.stderr[-2000:]


def test_the_loaders_prefer_the_clone_and_fall_back_to_the_packaged_copy(tmp_path):
    from mathlib import data

    repo, packaged = tmp_path / "data", tmp_path / "mathlib" / "_data"
    assert data._find_data_dir(repo, packaged) == repo  # neither: errors name the repo's data/
    packaged.mkdir(parents=True)
    assert data._find_data_dir(repo, packaged) == packaged  # an installed wheel
    repo.mkdir()
    assert data._find_data_dir(repo, packaged) == packaged  # a data/ without its checksums
    (repo / "SHA256SUMS").write_text("")
    assert data._find_data_dir(repo, packaged) == repo  # a clone
    assert data.DATA_DIR == ROOT / "data"


def test_make_test_runs_on_two_processes_keeping_what_must_share_one():
    """`make test` uses both cores; a notebook's nbval cells share one kernel and the notebook-
    executing tests share executions, so each stays in one process (tests/conftest.py)."""
    from tests.conftest import work_unit

    make = (ROOT / "Makefile").read_text()
    assert "TEST_JOBS ?= 2" in make and "-n $(TEST_JOBS)" in make
    cells = {work_unit(f"notebooks/06_derivatives.ipynb::Cell {k}") for k in range(5)}
    assert cells == {"notebooks/06_derivatives.ipynb"}
    kernels = {work_unit(f"tests/{m}::test_x[06_derivatives]")
               for m in ("test_sweep.py", "test_rerun.py", "test_html.py")}
    assert len(kernels) == 1
    others = {work_unit("tests/test_linalg.py::test_a"), work_unit("tests/test_linalg.py::test_b")}
    assert len(others) == 2 and not others & (cells | kernels)


def test_the_session_summary_shows_what_the_browser_tests_set_aside_or_retried():
    """The e2e tests attach what they set aside (axe) and retried (Run All) to their reports; the
    summary is printed from the reports, so it survives xdist (only reports reach the process
    that prints it)."""
    from types import SimpleNamespace

    from tests.conftest import _NotebookTimes

    times = _NotebookTimes()
    skipped = {"id": "scrollable-region-focusable", "page": "http://127.0.0.1:1/lab/tree/x",
               "why": "MathJax's invisible copy"}
    for nodeid, props in [("tests/e2e/test_browser.py::test_notebook_in_lab[06_derivatives.ipynb]",
                           [("axe_skipped", skipped), ("run_all_retried", "notebooks/06_d.ipynb")]),
                          ("tests/test_linalg.py::test_a", [])]:
        times.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, duration=1.5,
                                                       user_properties=props))
    lines = []
    reporter = SimpleNamespace(write_line=lines.append,
                               section=lambda title: lines.append(f"== {title}"))
    times.pytest_terminal_summary(reporter)
    assert "== accessibility: known interface violations set aside" in lines
    assert "scrollable-region-focusable on 1 page(s) (x): MathJax's invisible copy" in lines
    assert "1 time(s), 10 s each, on: 06_d.ipynb" in lines
    assert any(line.startswith("06_derivatives") for line in lines)        # the time table too
