"""Drive the course in a real browser: JupyterLab or Voila, Debian's Chromium, Playwright.

Shared by the end-to-end tests (tests/e2e), tests/test_html.py and the benchmark
(tools/browser_bench.py): ``from tools import browser as b``, then ``b.start_lab()`` and so on;
every public name of the modules below is available from the package itself.

* :mod:`.servers` - :func:`start_lab` / :func:`start_voila` (a free localhost port, a random token,
  a throw-away Jupyter configuration, autosave off), :func:`launch_chromium` (Debian's Chromium),
  :func:`shutdown_kernels`, :func:`notebook_paths`.
* :mod:`.offline` - :func:`new_page` records every request of a page in a :class:`RequestLog` and
  refuses the remote ones, as a classroom without internet; :func:`offline_problems`.
* :mod:`.lab` - :func:`open_and_run_notebook` (Lab), :func:`open_voila_app` (Voila),
  :func:`notebook_problems`, :func:`icon_problems`, :func:`nudge_and_check`,
  :func:`packed_frame_problems`, :func:`kernel_figure_problems` (the canvas is the kernel's
  figure, pixel for pixel),
  :func:`wait_for_canvas_change` (the one poll for "the figure changed"); each takes a page and
  leaves it open, so that further checks compose; :func:`close_notebooks` empties a Lab page for
  the next notebook (one page load for many notebooks).
* :mod:`.measure` - :func:`measure_explorer` / :func:`measure_lab`: key press on a slider to
  repainted figure, as a learner feels it.
* :mod:`.axe` - axe-core's WCAG 2.0/2.1 A and AA checks, scoped to what the course renders.
* :mod:`.keyboard` - :func:`keyboard_walk_problems`: an explorer with the keyboard only;
  :func:`walk_every_explorer_problems`: every explorer of a page.

Nothing here imports playwright at module level, so the package imports where playwright is
missing (the functions that need it import it themselves; install it with
``pip install -r requirements-test.txt``).
"""

from .axe import (AXE_SKIPPED, KNOWN_INTERFACE_VIOLATIONS, LAB_COURSE_SCOPE, WCAG_TAGS,
                  accessibility_problems, axe_violations, format_violations,
                  lab_accessibility_problems, voila_accessibility_problems)
from .keyboard import KEYBOARD_WALK_NOTEBOOK, keyboard_walk_problems, walk_every_explorer_problems
from .lab import (CANVAS, EXPLORER, HANDLE, MOVE_TIMEOUT, RUN_ALL_RETRIES, RUN_ALL_TIMEOUT,
                  SLIDER, WIDGET_TIMEOUT, arrow_for, canvas_data_url, close_notebooks,
                  count_explorer_outputs, explorer_title, icon_problems, kernel_figure_problems,
                  notebook_problems, nudge_and_check, open_and_run_notebook, open_notebook,
                  open_voila_app, packed_frame_problems, run_all_cells, slider_controls,
                  wait_for_canvas_change, wait_for_explorers)
from .measure import QUIET_MS, measure_control, measure_explorer, measure_lab, percentile
from .offline import (LOCAL_HOSTS, LOCAL_SCHEMES, VIEWPORT, RequestLog, close_page, is_remote,
                      new_page, offline_problems, remote_requests)
from .servers import (CHROMIUM, CHROMIUM_ARGS, PLAYWRIGHT_MISSING, REPO, ROOT,
                      SERVER_START_TIMEOUT, SKIP_REASON, Server, find_chromium, free_port,
                      launch_chromium, notebook_paths, shutdown_kernels, shutdown_voila_kernel,
                      start_lab, start_voila)

__all__ = [name for name in dir() if not name.startswith("_")
           and name not in {"axe", "keyboard", "lab", "measure", "offline", "servers"}]
