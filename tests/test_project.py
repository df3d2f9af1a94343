"""Project-level promises: pinned requirements, safe defaults, CI that runs the tests."""

import re

from .nbkernel import ROOT


def test_requirements_are_pinned_exactly():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == "-e .", "requirements.txt ends by installing mathlib itself"
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", line), line
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
