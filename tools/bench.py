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
- training: one Adam training step of a 64-128-10 MLP (batch 64, float64) with mathlib's
  nn.train_step beside PyTorch's, both on one thread (tools/bench_training.py; PyTorch from the
  private venv build/torch-venv that ``make bench`` makes, left out and said so when absent):
  ``"training": {"mathlib_step_us", "torch_step_us", "ratio", ...}``;
- hub: a class on one server, 30 kernels each running the heaviest notebook at the same moment
  (tools/hub_bench.py): total and largest kernel memory, slowest execution
  (``BENCH_HUB_KERNELS=N make bench`` runs N kernels instead, 0 leaves it out).

Targets (issue 15, section 5): median update <= 16.7 ms (one 60 Hz frame) and p95 <= 33 ms (two
frames), a notebook < 10 s and < 200 MB; in the browser, median <= 60 ms and p95 <= 200 ms.

Figures from two machines can be compared: the report states the machine it ran on (CPU model,
cores, load average before and after the run: ``"machine"``) and a calibration figure measured in
the same run (``"calibration_ms"``: the median time of one fixed matplotlib draw + blit + PNG
encode, independent of mathlib, measured before and after the explorers), and gives every slider
update also as a ``"ratio"`` to it (1.0: as long as the calibration draw).

Run from the repository's root (``make bench``): ``.venv/bin/python -m tools.bench``.

One notebook's explorers only, to measure the one you work on (a minute, not a quarter of an hour):
``.venv/bin/python -m tools.bench --only 08`` executes notebooks/08_*.ipynb, times its sliders and
prints them with the machine, the calibration and the ratios, as ``make bench`` does, without the
browser, hub, grading, linalg, autodiff and training figures; written to
``build/bench-08.json``. The training comparison alone:
``.venv/bin/python -m tools.bench_training``.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools.nbkernel import executed, notebooks
from tools.hub_bench import describe, heaviest, kernels_from_env
from tools.hub_bench import run as hub_run

ROOT = Path(__file__).resolve().parent.parent

TARGETS = {"median_ms": 16.7, "p95_ms": 33.0, "execute_s": 10.0, "peak_rss_mb": 200.0,
           "browser_median_ms": 60.0, "browser_p95_ms": 200.0}


def _mark(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISS"


def _tool(name: str) -> tuple[dict, str]:
    """Run tools/NAME.py in its own process (its own BLAS settings): (its JSON, its table)."""
    done = subprocess.run([sys.executable, "-m", f"tools.{name}"], cwd=ROOT,
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


# -- the machine and the calibration: figures that can be compared between machines -------------

CALIBRATION_DRAWS = 50
CALIBRATION_WHAT = ("one move of a fixed matplotlib figure, without mathlib: new data for a "
                    "400-point line, a dot and a text, restore_region, draw_artist, blit, and "
                    "the whole 640 x 400 canvas encoded as PNG (Pillow, level 1)")


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (runnable processes), or None where unknown."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def cpu_model() -> str:
    """The processor's name ("AMD EPYC 7763 64-Core Processor"), from /proc/cpuinfo on Linux."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Hardware", "cpu model") and value.strip():
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine() -> dict:
    """What the figures were measured on: CPU model, cores (all, and those this process may
    use), Python, OS, and the load average now (``load_average_before``; the run adds
    ``load_average_after`` with :func:`finish_machine`). A load average near the number of cores
    means the machine was busy with something else and the figures are slower than it can do."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu_model": cpu_model(), "cores": os.cpu_count(), "usable_cores": usable,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average_before": load_average()}


def finish_machine(report: dict) -> None:
    """Add the load average at the end of the run to ``report["machine"]``."""
    report["machine"]["load_average_after"] = load_average()


def calibration_draws(draws: int = CALIBRATION_DRAWS) -> list[float]:
    """ms of each of ``draws`` fixed blits: what one slider move costs, without mathlib.

    A 6.4 x 4 inch figure at 100 dpi (matplotlib's Agg canvas) with labelled axes and a static
    curve, drawn once; then, per draw: new data for a 400-point line and a dot and a new text,
    the background restored, the three artists drawn (``draw_artist``), ``blit``, and the whole
    canvas encoded as PNG (Pillow, compression level 1). Nothing of it depends on mathlib, so it
    stays the same yardstick while the explorers get faster."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(6.4, 4.0), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = np.linspace(0.0, 2 * np.pi, 400)
    ax.set(xlim=(0.0, 2 * np.pi), ylim=(-1.5, 1.5), xlabel="x", ylabel="sin(x + phase)",
           title="calibration: a fixed draw and blit")
    ax.plot(x, np.cos(x), color="0.6", label="static curve")
    line, = ax.plot(x, np.sin(x), animated=True)
    dot, = ax.plot([0.0], [0.0], "o", animated=True)
    label = ax.text(0.02, 0.92, "", transform=ax.transAxes, animated=True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    times = []
    for i in range(draws + 3):   # the first 3 warm up (glyph caches, allocations): not counted
        phase = 2 * np.pi * i / draws
        start = time.perf_counter()
        line.set_ydata(np.sin(x + phase))
        dot.set_data([phase], [np.sin(2 * phase)])
        label.set_text(f"phase = {phase:.2f}")
        canvas.restore_region(background)
        for artist in (line, dot, label):
            fig.draw_artist(artist)
        canvas.blit(fig.bbox)
        with io.BytesIO() as png:
            Image.fromarray(np.asarray(canvas.buffer_rgba())).save(png, format="png",
                                                                   compress_level=1)
        if i >= 3:
            times.append(1000 * (time.perf_counter() - start))
    return times


def calibrate(report: dict, when: str, draws: int = CALIBRATION_DRAWS) -> None:
    """Measure the calibration draw now (``when``: "before" or "after" the explorers) into
    ``report["calibration"]`` and set ``report["calibration_ms"]``, the median of every
    calibration draw of the run so far."""
    times = [round(t, 3) for t in calibration_draws(draws)]
    cal = report.setdefault("calibration", {"what": CALIBRATION_WHAT, "draws_ms": []})
    cal[f"{when}_median_ms"] = round(statistics.median(times), 2)
    cal["draws_ms"] = cal["draws_ms"] + times
    report["calibration_ms"] = round(statistics.median(cal["draws_ms"]), 2)


def add_ratios(report: dict) -> None:
    """Every slider update's median also as a ratio to the calibration draw (``"ratio"``)."""
    cal = report.get("calibration_ms")
    for row in report["updates"]:
        row["ratio"] = round(row["median_ms"] / cal, 2) if cal else None


def machine_lines(report: dict) -> list[str]:
    """The machine and the calibration, for the top of the printed report."""
    m, cal = report["machine"], report.get("calibration", {})
    return [f"machine: {m['cpu_model']}, {m['cores']} cores ({m['usable_cores']} usable), "
            f"Python {m['python']}, {m['platform']}",
            f"load average (1, 5, 15 min): before {m['load_average_before']}, "
            f"after {m.get('load_average_after')}",
            f"calibration (a fixed matplotlib draw + blit + PNG, median of "
            f"{len(cal.get('draws_ms', []))}): {report.get('calibration_ms')} ms "
            f"(before the explorers {cal.get('before_median_ms')} ms, "
            f"after {cal.get('after_median_ms')} ms); 'x cal' = median / calibration"]


def ratio_cell(row: dict) -> str:
    """The ratio column of the update table."""
    return f"{row['ratio']:>6.2f}" if row.get("ratio") is not None else f"{'-':>6}"


def notebook_figures(path: Path, moves: int = 24) -> tuple[dict, list[dict]]:
    """Execute one notebook headless and time its explorers: (its "notebooks" row, its
    "updates" rows)."""
    with executed(path) as session:
        rows = session.call("bench", moves=moves)
        rss = session.call("peak_rss_mb")
        execute_s = round(session.execute_s, 2)
    return ({"name": path.stem, "execute_s": execute_s, "peak_rss_mb": rss},
            [{"notebook": path.stem, **row} for row in rows])


def notebook_table(report: dict) -> list[str]:
    """The notebooks' execution time and memory, one line each, marked against the targets."""
    lines = [f"{'notebook':34} {'execute s':>10} {'peak MB':>8}"]
    for nb in report["notebooks"]:
        lines.append(f"{nb['name']:34} {nb['execute_s']:>10.2f} {nb['peak_rss_mb']:>8.1f}   "
                     f"{_mark(nb['execute_s'], TARGETS['execute_s'])}/"
                     f"{_mark(nb['peak_rss_mb'], TARGETS['peak_rss_mb'])}")
    return lines


def update_table(report: dict) -> list[str]:
    """Every slider update: median, p95 and ratio to the calibration, marked against the
    targets."""
    lines = [f"{'slider update (kernel: compute + render)':58} {'median ms':>9} {'p95 ms':>7} "
             f"{'x cal':>6}"]
    for u in report["updates"]:
        label = f"{u['notebook'][:2]} {u['explorer']} / {u['control']}"
        lines.append(f"{label:58} {u['median_ms']:>9.2f} {u['p95_ms']:>7.2f} {ratio_cell(u)}   "
                     f"{_mark(u['median_ms'], TARGETS['median_ms'])}/"
                     f"{_mark(u['p95_ms'], TARGETS['p95_ms'])}")
    missed = [u for u in report["updates"]
              if u["median_ms"] > TARGETS["median_ms"] or u["p95_ms"] > TARGETS["p95_ms"]]
    lines.append(f"{len(report['updates']) - len(missed)} of {len(report['updates'])} controls "
                 f"within median {TARGETS['median_ms']} ms and p95 {TARGETS['p95_ms']} ms")
    return lines


def notebook_number(text: str) -> str:
    """``--only``'s argument as the two digits of a notebook's name: "8" and "08" give "08"."""
    if not text.strip().isdigit() or not 0 <= int(text) <= 99:
        raise ValueError(f"--only takes a notebook's number (two digits, as 08 in "
                         f"notebooks/08_*.ipynb), got {text!r}")
    return f"{int(text):02d}"


def only(number: str, moves: int = 24, draws: int | None = None) -> dict:
    """The figures of one notebook's explorers (``--only NN``): the machine, the calibration
    before and after, its execution row and its sliders with their ratios."""
    paths = [p for p in notebooks() if p.name.startswith(f"{number}_")]
    if not paths:
        found = ", ".join(p.name[:2] for p in notebooks())
        raise ValueError(f"--only {number}: there is no notebooks/{number}_*.ipynb; the "
                         f"notebooks are {found}")
    report = {"notebooks": [], "updates": [], "targets": TARGETS, "machine": machine(),
              "only": number}
    draws = draws or CALIBRATION_DRAWS
    calibrate(report, "before", draws)
    row, rows = notebook_figures(paths[0], moves=moves)
    report["notebooks"].append(row)
    report["updates"] += rows
    calibrate(report, "after", draws)
    add_ratios(report)
    finish_machine(report)
    return report


def write(report: dict, name: str) -> Path:
    """``report`` as build/NAME (JSON)."""
    out = ROOT / "build" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="NN",
                        help="only notebook NN's explorers (no browser, hub, grading, linalg, "
                             "autodiff, training: python -m tools.bench_training); written to "
                             "build/bench-NN.json")
    parser.add_argument("--moves", type=int, default=24, help="moves timed per control")
    args = parser.parse_args(argv)
    if args.only is not None:
        try:
            number = notebook_number(args.only)
            report = only(number, moves=args.moves)
        except ValueError as exc:
            parser.error(str(exc))
        print("\n".join(machine_lines(report) + [""] + notebook_table(report) + [""]
                        + update_table(report)))
        out = write(report, f"bench-{number}.json")
        print(f"\nwritten to {out.relative_to(ROOT)}")
        return 0

    report = {"notebooks": [], "updates": [], "browser": [], "targets": TARGETS,
              "machine": machine()}
    calibrate(report, "before")
    tables = []
    for name in ("bench_linalg", "bench_autodiff", "bench_training"):
        figures, table = _tool(name)
        report.update(figures)
        tables.append(table)
    for path in notebooks():
        row, rows = notebook_figures(path, moves=args.moves)
        report["notebooks"].append(row)
        report["updates"] += rows
    calibrate(report, "after")
    add_ratios(report)

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

    finish_machine(report)
    print("\n".join(machine_lines(report) + [""] + notebook_table(report) + [""]
                    + update_table(report)))
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

    out = write(report, "bench.json")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
