"""Every notebook as a Voila app: its explorers render and answer the keyboard.

Voila runs the notebook on the server and shows only its outputs: no code, no Lab. This is how
the course can be published as a web page with a live kernel behind it.
"""

from __future__ import annotations

import json

import pytest

import browser as b

NOTEBOOKS = sorted((b.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_voila(notebook, page):
    server = b.start_voila(notebook)
    try:
        page.goto(server.url("/"), timeout=b.RUN_ALL_TIMEOUT)
        # Voila executes every cell before it shows the page's widgets.
        page.locator(b.EXPLORER).first.wait_for(timeout=b.RUN_ALL_TIMEOUT)
        cells = json.loads(notebook.read_text())["cells"]
        expected = sum("".join(c["source"]).count(".explorer(") for c in cells
                       if c["cell_type"] == "code")
        b.wait_for_explorers(page, max(expected, 1))

        problems = b.notebook_problems(page)
        assert not problems, f"{notebook.stem} in Voila:\n  " + "\n  ".join(problems)

        explorers = page.locator(b.EXPLORER)
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            assert b.nudge_and_check(page, explorer), \
                f"Voila: moving a slider of {b.explorer_title(explorer)!r} with the keyboard " \
                "did not change its figure"

        problems = b.notebook_problems(page)
        assert not problems, (f"{notebook.stem} in Voila after moving sliders:\n  "
                              + "\n  ".join(problems))
    finally:
        server.stop()
