"""`make bench`: the course's performance figures, printed and written to build/bench.json.

- notebooks: wall time to execute each notebook headless, and its kernel's peak memory;
- updates: for every explorer control, the time of one slider move, compute plus render (a forced
  blit of the changed artists), median and 95th percentile over at least 20 moves;
- browser: slider key press to repainted figure in Chromium (tools/browser_bench.py), when
  Chromium is installed (``BENCH_BROWSER=0 make bench`` leaves it out);
- linalg: the from-scratch svd (200 x 300) and eig_sym (100 x 100) beside numpy.linalg's
  (tools/bench_linalg.py; target under 1 s each);
- autodiff: forward + backward of a 64-128-10 network on a batch of 64 with mathlib.autodiff,
  beside the same step written by hand in numpy (tools/bench_autodiff.py);
- hub: a class on one server, 30 kernels each running the heaviest notebook at the same moment
  (tools/hub_bench.py): total and largest kernel memory, slowest execution
  (``BENCH_HUB_KERNELS=N make bench`` runs N kernels instead, 0 leaves it out).

Targets: median update <= 16.7 ms (one 60 Hz frame), p95 < 50 ms, a notebook < 10 s and
< 200 MB; in the browser, median < 100 ms and p95 < 200 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nbkernel import executed, notebooks  # noqa: E402
from tools.hub_bench import describe, heaviest, kernels_from_env  # noqa: E402
from tools.hub_bench import run as hub_run  # noqa: E402

TARGETS = {"median_ms": 16.7, "p95_ms": 50.0, "execute_s": 10.0, "peak_rss_mb": 200.0,
           "browser_median_ms": 100.0, "browser_p95_ms": 200.0}


def _mark(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISS"


def _tool(name: str) -> tuple[dict, str]:
    """Run tools/NAME.py in its own process (its own BLAS settings): (its JSON, its table)."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / f"{name}.py")], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr.strip()


def grading_bench(copies: int = 30, jobs: int = 2, sample: int = 4) -> dict:
    """Grading ``copies`` blank copies of notebook 00 with ``jobs`` at a time (sealed when
    bubblewrap works here), and the sandbox's overhead per notebook: ``sample`` copies graded
    sealed minus the same graded not sealed, divided by ``sample`` (goal: under 0.5 s)."""
    import tempfile
    import time

    from mathlib import grade

    def run(n: int, sealed: bool) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(n):
                folder = Path(tmp) / f"student{k:02d}"
                folder.mkdir()
                shutil.copy(ROOT / "notebooks" / "00_welcome.ipynb", folder)
            start = time.monotonic()
            grade.grade(Path(tmp), jobs=jobs, options=grade.Options(sealed=sealed))
            return time.monotonic() - start

    sealed = grade.sandbox_problem() is None
    figures = {"copies": copies, "jobs": jobs, "sealed": sealed,
               "total_s": round(run(copies, sealed), 1)}
    if sealed:
        overhead = (run(sample, True) - run(sample, False)) / sample
        figures["sandbox_overhead_s"] = round(overhead, 2)
    return figures


def main() -> int:
    report = {"notebooks": [], "updates": [], "browser": [], "targets": TARGETS}
    tables = []
    for name in ("bench_linalg", "bench_autodiff"):
        figures, table = _tool(name)
        report.update(figures)
        tables.append(table)
    for path in notebooks():
        with executed(path) as session:
            rows = session.call("bench", moves=24)
            rss = session.call("peak_rss_mb")
            execute_s = round(session.execute_s, 2)
        report["notebooks"].append({"name": path.stem, "execute_s": execute_s,
                                    "peak_rss_mb": rss})
        for row in rows:
            report["updates"].append({"notebook": path.stem, **row})

    hub_kernels = kernels_from_env()
    if hub_kernels > 0:
        report["hub"] = hub_run(hub_kernels, heaviest(report["notebooks"]))
    else:
        report["hub_skipped"] = "BENCH_HUB_KERNELS=0"

    report["grading"] = grading_bench()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if os.environ.get("BENCH_BROWSER") == "0":
        report["browser_skipped"] = "BENCH_BROWSER=0"
    elif chromium:
        from tools.browser_bench import run as browser_run
        report["browser"] = browser_run()
    else:
        report["browser_skipped"] = "Chromium not installed (apt-get install chromium)"

    print(f"{'notebook':34} {'execute s':>10} {'peak MB':>8}")
    for nb in report["notebooks"]:
        print(f"{nb['name']:34} {nb['execute_s']:>10.2f} {nb['peak_rss_mb']:>8.1f}   "
              f"{_mark(nb['execute_s'], TARGETS['execute_s'])}/"
              f"{_mark(nb['peak_rss_mb'], TARGETS['peak_rss_mb'])}")
    print(f"\n{'slider update (kernel: compute + render)':58} {'median ms':>9} {'p95 ms':>7}")
    for u in report["updates"]:
        label = f"{u['notebook'][:2]} {u['explorer']} / {u['control']}"
        print(f"{label:58} {u['median_ms']:>9.2f} {u['p95_ms']:>7.2f}   "
              f"{_mark(u['median_ms'], TARGETS['median_ms'])}/{_mark(u['p95_ms'], TARGETS['p95_ms'])}")
    if report["browser"]:
        print(f"\n{'browser: key press to repainted figure':58} {'median ms':>9} {'p95 ms':>7}")
        for b in report["browser"]:
            label = f"{b['notebook'][:2]} {b.get('explorer', '')} / {b['control']}"
            print(f"{label:58} {b['median_ms']:>9.1f} {b['p95_ms']:>7.1f}   "
                  f"{_mark(b['median_ms'], TARGETS['browser_median_ms'])}/"
                  f"{_mark(b['p95_ms'], TARGETS['browser_p95_ms'])}")
    else:
        print(f"\nbrowser figures skipped: {report.get('browser_skipped')}")

    for table in tables:
        print("\n" + table)

    g = report["grading"]
    print(f"\ngrading {g['copies']} copies of 00, --jobs {g['jobs']}: {g['total_s']} s"
          + (f"; sandbox overhead {g['sandbox_overhead_s']} s per notebook "
             f"({_mark(g['sandbox_overhead_s'], 0.5)})" if g["sealed"] else " (not sealed)"))
    print("\n" + (describe(report["hub"]) if "hub" in report
                  else f"hub figures skipped: {report.get('hub_skipped')}"))

    out = ROOT / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
