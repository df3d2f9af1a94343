"""Project-level promises: pinned requirements, a wheel with its data, safe defaults, CI."""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .nbkernel import ROOT


def test_requirements_are_pinned_exactly():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert lines[-1] == "-e .", "requirements.txt ends by installing mathlib itself"
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*( ; .+)?", line), line
    names = {line.split("==")[0].lower() for line in lines[:-1]}
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab", "nbval",
            "pytest"} <= names


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
iris, digits = data.load_iris(), data.load_digits()
print(json.dumps({"data_dir": str(data.DATA_DIR), "iris": [list(iris.X.shape), list(iris.y.shape)],
                  "digits": [list(digits.X.shape), list(digits.y.shape)],
                  "photo": list(data.load_photo(step=4).shape)}))
"""


def test_the_wheel_carries_the_data_sets(tmp_path):
    """`pip install .` (for a hub image) gives a mathlib that loads every data set, no clone needed.

    The wheel is built from a copy of the files it is made of, unpacked outside the repository and
    put first on sys.path; its loaders must find mathlib/_data/ and still verify the checksums.
    """
    src = tmp_path / "src"
    shutil.copytree(ROOT / "mathlib", src / "mathlib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
    shutil.copytree(ROOT / "data", src / "data")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, src / name)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps",
                            "--no-build-isolation", "--quiet", "-w", str(tmp_path / "dist")],
                           cwd=src, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    wheel, = (tmp_path / "dist").glob("mathlib-*.whl")
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
