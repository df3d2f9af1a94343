"""Every notebook, run in JupyterLab in a real browser, as a learner runs it.

For each notebooks/*.ipynb: open it in Lab, Run All Cells, wait until the kernel is idle and every
code cell has run; then no error anywhere (error outputs, tracebacks, stderr, "Error displaying
widget", uncaught script errors), every explorer rendered with a painted figure, and for every
explorer: its slider moved with the keyboard changes the figure's pixels, quickly enough; in the
page of notebook 00, the keyboard-only walk of every explorer (tools/browser/keyboard.py). Every
request the browser makes is recorded; any that leaves the local server (a font, icon, MathJax or
widget code from a CDN) fails the test, and is refused as in a classroom without internet.
One Lab server, one browser and one Lab page serve every notebook (fixtures in conftest.py).
"""

from __future__ import annotations

import pytest

from tools import browser as b

NOTEBOOKS = b.notebook_paths()

# What a learner feels: slider key press -> repainted figure. The targets are median < 100 ms
# and p95 < 200 ms (tools/bench.py reports the figures); the test fails only on a clear
# regression, so that a busy CI machine does not make it flaky. 5 moves of each explorer's first
# slider (a median of 5 still needs 3 slow moves to fail; tools/browser_bench.py measures every
# slider with 20): about 2 s of a notebook's test instead of 4 at 10 moves. A median over the
# bound is measured once more, with twice the moves, before it fails: a 2-core machine that is
# busy for a few seconds (seen in CI: 270-370 ms medians for one explorer, on runs where every
# test took 1.5 times as long) is not a regression; a regression is slow on both readings.
LATENCY_MOVES = 5
MAX_MEDIAN_MS = 250


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.split("/")[-1] for n in NOTEBOOKS])
def test_notebook_in_lab(lab_server, lab_page, notebook):
    page = lab_page   # JupyterLab, loaded once for every notebook (tests/e2e/conftest.py)
    path = b.ROOT / notebook
    before = path.read_bytes()
    nb = b.open_and_run_notebook(page, lab_server, notebook)
    problems = (b.notebook_problems(page, nb) + b.icon_problems(page)
                + b.offline_problems(page, "JupyterLab"))
    assert not problems, f"{notebook} in JupyterLab:\n  " + "\n  ".join(problems)
    # WCAG 2.1 AA (axe-core) on what the course renders: explorers, outputs, Markdown
    problems = b.lab_accessibility_problems(page)
    assert not problems, f"{notebook} in JupyterLab:\n  " + "\n  ".join(problems)
    if notebook == b.KEYBOARD_WALK_NOTEBOOK:   # in this page: no second load and Run All
        problems = b.walk_every_explorer_problems(page)
        assert not problems, f"{notebook} in JupyterLab, keyboard only:\n  " + \
            "\n  ".join(problems)

    explorers = page.locator(b.EXPLORER)
    assert explorers.count() == b.count_explorer_outputs(nb)
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        title = b.explorer_title(explorer) or f"explorer {i}"
        # An explorer with a slider: the latency moves below press its first slider's keys
        # and count the moves that did not change the figure. One with buttons only: Space.
        if not b.slider_controls(explorer):
            assert b.nudge_and_check(page, explorer), \
                f"{notebook}: choosing another button of {title!r} with the keyboard did " \
                f"not change its figure"
        for r in b.measure_explorer(page, explorer, moves=LATENCY_MOVES, first_only=True):
            # shown by pytest -rA; tools/browser_bench.py measures every slider
            print(f"latency {title} / {r['control']}: median {r['median_ms']} ms, "
                  f"p95 {r['p95_ms']} ms over {r['moves']} moves")
            assert r["unchanged_moves"] == 0, \
                f"{notebook}: {title!r}: {r['unchanged_moves']} of {r['moves']} moves of " \
                f"{r['control']!r} did not change the figure"
            if r["median_ms"] >= MAX_MEDIAN_MS:
                again, = b.measure_explorer(page, explorer, moves=2 * LATENCY_MOVES,
                                            first_only=True)
                print(f"  again: median {again['median_ms']} ms over {again['moves']} moves")
                assert again["median_ms"] < MAX_MEDIAN_MS, \
                    f"{notebook}: {title!r}: key press -> repainted figure takes " \
                    f"{r['median_ms']} ms, then {again['median_ms']} ms (medians of " \
                    f"{r['moves']} and {again['moves']} moves of {r['control']!r})"

    # Moving sliders must not have produced errors either.
    problems = (b.notebook_problems(page) + b.packed_frame_problems(page)
                + b.kernel_figure_problems(page, lab_server, notebook)
                + b.offline_problems(page, "JupyterLab"))
    assert not problems, f"{notebook} after moving sliders:\n  " + "\n  ".join(problems)
    # Lab's autosave is off (browser/servers.py): running the notebook must not write its
    # outputs back.
    assert path.read_bytes() == before, f"{notebook} was modified by the browser test"
