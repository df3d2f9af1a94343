"""Every notebook as a Voila app: its explorers render and answer the keyboard, and the page loads
nothing from the internet; in the app of notebook 00, the keyboard-only walk of every explorer.

Voila runs the notebook on the server and shows only its outputs: no code, no Lab. This is how
the course can be published as a web page with a live kernel behind it. One Voila server (the
``voila_server`` fixture, serving notebooks/) and one browser serve every notebook; Voila uses its
installed configuration, the course's "lab-offline" template (etc/voila.json).
"""

from __future__ import annotations

import json

import pytest

from tools import browser as b

NOTEBOOKS = sorted((b.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


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

        problems = b.notebook_problems(page) + b.offline_problems(page, "Voila")
        assert not problems, (f"{notebook.stem} in Voila after moving sliders:\n  "
                              + "\n  ".join(problems))
    finally:
        b.shutdown_voila_kernel(page, voila_server)
