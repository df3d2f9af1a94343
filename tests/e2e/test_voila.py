"""Every notebook as a Voila app: its explorers render and answer the keyboard, and the page loads
nothing from the internet; in the app of notebook 00, the keyboard-only walk of every explorer.

Voila runs the notebook on the server and shows only its outputs: no code, no Lab. This is how
the course can be published as a web page with a live kernel behind it. One Voila server (the
``voila_server`` fixture, serving notebooks/) and one browser serve every notebook; Voila uses its
installed configuration, the course's "lab-offline" template (etc/voila.json).

Which notebooks: a sample (``VOILA_SAMPLE``), not all of them. What Voila adds to what the other
tests see is its page: the template, its widget manager, its Markdown rendering; those are the
same for every notebook. Each notebook's own outputs are checked elsewhere for every notebook: its
explorers and feedback in JupyterLab's widget manager, with axe-core (test_browser.py), and its
Markdown as nbconvert renders it, with axe-core (tests/test_html.py). The sample covers notebook 00
(the keyboard walk) and one notebook of each part, chosen for its kinds of output (an image
explorer, a contour race, several explorers in one page, the newest notebooks); a Voila app costs
about 15 s, and every notebook in it would be about 3 minutes of `make test` at 28 notebooks.
``MATHLIB_VOILA=all`` runs every notebook (before a release, or after changing the template).
"""

from __future__ import annotations

import json
import os

import pytest

from tools import browser as b

ALL_NOTEBOOKS = sorted((b.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# 00: the keyboard walk; 04: an image explorer; 08: contours, two explorers; 13: text-heavy
# readouts; 17: the optimiser race (five paths); the newest notebook, whichever it is.
VOILA_SAMPLE = ("00", "04", "08", "13", "17")


def voila_notebooks(everything: bool = os.environ.get("MATHLIB_VOILA") == "all") -> list:
    """The notebooks the Voila test opens: the sample and the newest notebook, or all of them."""
    if everything:
        return ALL_NOTEBOOKS
    return [nb for nb in ALL_NOTEBOOKS
            if nb.name[:2] in VOILA_SAMPLE or nb == ALL_NOTEBOOKS[-1]]


NOTEBOOKS = voila_notebooks()


def test_the_sample_names_notebooks_that_exist():
    numbers = {nb.name[:2] for nb in ALL_NOTEBOOKS}
    assert set(VOILA_SAMPLE) <= numbers, set(VOILA_SAMPLE) - numbers
    assert voila_notebooks(everything=True) == ALL_NOTEBOOKS
    assert ALL_NOTEBOOKS[-1] in voila_notebooks(everything=False)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_voila(voila_server, page, notebook):
    cells = json.loads(notebook.read_text())["cells"]
    expected = sum("".join(c["source"]).count(".explorer(") for c in cells
                   if c["cell_type"] == "code")
    try:
        b.open_voila_app(page, voila_server, notebook.name, max(expected, 1))
        problems = (b.notebook_problems(page) + b.icon_problems(page)
                    + b.offline_problems(page, "Voila"))
        assert not problems, f"{notebook.stem} in Voila:\n  " + "\n  ".join(problems)
        # WCAG 2.1 AA (axe-core) on the whole page
        problems = b.voila_accessibility_problems(page)
        assert not problems, f"{notebook.stem} in Voila:\n  " + "\n  ".join(problems)
        if f"notebooks/{notebook.name}" == b.KEYBOARD_WALK_NOTEBOOK:   # in this page
            problems = b.walk_every_explorer_problems(page)
            assert not problems, f"{notebook.stem} in Voila, keyboard only:\n  " + \
                "\n  ".join(problems)

        explorers = page.locator(b.EXPLORER)
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            assert b.nudge_and_check(page, explorer), \
                f"Voila: moving a slider of {b.explorer_title(explorer)!r} with the keyboard " \
                "did not change its figure"

        problems = (b.notebook_problems(page) + b.packed_frame_problems(page)
                    + b.offline_problems(page, "Voila"))
        assert not problems, (f"{notebook.stem} in Voila after moving sliders:\n  "
                              + "\n  ".join(problems))
    finally:
        b.shutdown_voila_kernel(page, voila_server)
