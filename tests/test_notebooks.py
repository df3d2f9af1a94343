"""Notebooks are stored clean, follow the course's arc, and match the README's map."""

import re

import nbformat
import pytest

from tools.nbkernel import ROOT, executed, notebooks

ARC = ["Explore", "In a neural network", "Exercises", "Summary"]


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert dirty == [], f"{path.name}: cells {dirty} hold outputs; clear them before committing"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_follows_the_arc(path):
    nb = nbformat.read(path, as_version=4)
    headings = [line for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("#")]
    missing = [part for part in ARC if not any(part.lower() in h.lower() for h in headings)]
    assert missing == [], f"{path.name} has no heading for {missing}"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "%matplotlib widget" in first_code.source
    assert "use_course_style(" in first_code.source


def test_notebook_names():
    for path in notebooks():
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name
    numbers = [int(p.name[:2]) for p in notebooks()]
    # Numbered as in the course map (00-27), each number once; a part may land before the one
    # before it is finished, so gaps are allowed (README's map lists what exists).
    assert numbers[:2] == [0, 1] and len(set(numbers)) == len(numbers) and max(numbers) <= 27


def test_readme_map_names_existing_notebooks():
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"notebooks/(\d\d_[a-z0-9_]+\.ipynb)", readme))
    assert named, "README.md has no notebook map"
    existing = {p.name for p in notebooks()}
    assert named - existing == set(), f"README names missing notebooks: {named - existing}"
    assert existing - named == set(), f"README's map leaves out: {existing - named}"


def test_links_between_notebooks_resolve():
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for target in re.findall(r"\]\(([^)#]+\.ipynb)", text):
            assert (path.parent / target).is_file(), f"{path.name} links to missing {target}"


BROKEN = r'''
%matplotlib widget
import numpy as np
from mathlib import explore
fig, ax = explore.figure()
line, = ax.plot([0, 1], [0, 1])
def update(a, b):
    if a > 0.9:
        raise ValueError("boom at the maximum")
    line.set_ydata([0, np.log(b)])   # log(0) warns at b = 0
explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0.5), "b": explore.slider("b", 0, 1, 0.5)},
                 update, animated=[line], title="broken")
'''


def test_the_sweep_catches_exceptions_and_warnings(tmp_path):
    path = tmp_path / "00_broken.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BROKEN)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    with executed(path) as session:
        report = session.call("sweep")
    text = "\n".join(report["problems"])
    assert "boom at the maximum" in text
    assert "RuntimeWarning" in text and "divide by zero" in text
