"""The welcome notebook as a Voila dashboard: the explorer renders and answers the keyboard.

Voila runs the notebook on the server and shows only its outputs: no code, no Lab. This is how
the course can be published as a web page with a live kernel behind it.
"""

from __future__ import annotations

import pytest

import browser as b

NOTEBOOK = b.ROOT / "notebooks" / "00_welcome.ipynb"


@pytest.fixture(scope="module")
def voila_server():
    if not NOTEBOOK.is_file():
        pytest.skip(f"{NOTEBOOK} does not exist yet")
    server = b.start_voila(NOTEBOOK)
    yield server
    server.stop()


def test_welcome_in_voila(voila_server, page):
    page.goto(voila_server.url("/"), timeout=b.RUN_ALL_TIMEOUT)
    # Voila executes every cell before it shows the page's widgets.
    page.locator(b.EXPLORER).first.wait_for(timeout=b.RUN_ALL_TIMEOUT)
    b.wait_for_explorers(page, 1)

    problems = b.notebook_problems(page)
    assert not problems, "00_welcome in Voila:\n  " + "\n  ".join(problems)

    explorers = page.locator(b.EXPLORER)
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        assert b.nudge_and_check(page, explorer), \
            f"Voila: moving a slider of {b.explorer_title(explorer)!r} with the keyboard did " \
            f"not change its figure"

    problems = b.notebook_problems(page)
    assert not problems, "00_welcome in Voila after moving a slider:\n  " + "\n  ".join(problems)
