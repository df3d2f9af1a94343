"""What a learner feels: slider key press -> repainted figure, in JupyterLab in a real browser.

``run()`` starts JupyterLab on a free localhost port (a throw-away configuration, autosave off),
opens every notebooks/*.ipynb in Debian's Chromium, runs all its cells, and for every slider of
every explorer measures ``moves`` single key presses (median and 95th percentile, in ms); then it
stops Lab. tools/bench.py stores the list under the "browser" key of build/bench.json.

Needs Chromium (``apt-get install chromium``) and playwright (requirements-test.txt); both are
looked for only when ``run()`` is called, so importing this module never fails. The browser code
is tools/browser/, shared with the end-to-end tests. From the repository's root:

    .venv/bin/python -m tools.browser_bench            # prints a table
    .venv/bin/python -m tools.browser_bench --only 08  # one notebook's sliders
"""

from __future__ import annotations

import json
import sys

from tools import browser
from tools.bench import TARGETS

TARGET_MEDIAN_MS = TARGETS["browser_median_ms"]
TARGET_P95_MS = TARGETS["browser_p95_ms"]


def run(moves: int = 20, device_scale_factor: float = 1, notebooks: list[str] | None = None
        ) -> list[dict]:
    """One dict per slider: notebook, explorer, control, median_ms, p95_ms, max_ms, moves,
    unchanged_moves (moves that did not change the figure: should be 0), parts_ms (medians of
    key -> sent, sent -> image received, received -> drawn, drawn -> frame) and
    device_scale_factor (2: a HiDPI screen, where figures have four times the pixels).

    ``notebooks``: paths relative to the repository (``["notebooks/08_gradient_descent.ipynb"]``);
    default every notebook. Raises RuntimeError if Chromium or playwright is missing.
    """
    if browser.find_chromium() is None:
        raise RuntimeError(browser.SKIP_REASON)
    try:
        import playwright  # noqa: F401
    except ImportError as exc:
        raise RuntimeError(browser.PLAYWRIGHT_MISSING) from exc

    server = browser.start_lab()
    try:
        return browser.measure_lab(server.lab_url, notebooks, moves=moves,
                                   device_scale_factor=device_scale_factor)
    finally:
        server.stop()


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--dpr", type=float, default=1,
                        help="device pixel ratio: 2 for a HiDPI screen")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--only", metavar="NN",
                        help="only notebook NN (notebooks/NN_*.ipynb), as tools.bench --only")
    args = parser.parse_args()
    notebooks = None
    if args.only is not None:
        from tools.bench import notebook_number

        try:
            number = notebook_number(args.only)
        except ValueError as exc:
            parser.error(str(exc))
        notebooks = [p for p in browser.notebook_paths() if p.startswith(f"notebooks/{number}_")]
        if not notebooks:
            parser.error(f"--only {number}: there is no notebooks/{number}_*.ipynb")
    results = run(args.moves, args.dpr, notebooks)
    print(f"{'notebook':24s} {'explorer':26s} {'control':16s} {'median':>7s} {'p95':>7s}   "
          "parts (median ms): sent / kernel+comm / decode+draw / frame")
    for r in results:
        ok = r["median_ms"] < TARGET_MEDIAN_MS and r["p95_ms"] < TARGET_P95_MS
        parts = " / ".join(f"{v}" for v in r["parts_ms"].values())
        print(f"{r['notebook'][:24]:24s} {r['explorer'][:26]:26s} {r['control'][:16]:16s} "
              f"{r['median_ms']:5.1f}ms {r['p95_ms']:5.1f}ms   {parts}"
              f"{'' if ok else '   MISSES TARGET'}")
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
