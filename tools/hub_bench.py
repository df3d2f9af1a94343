"""A class on one server: N kernels each run the heaviest notebook at the same moment.

`make bench` runs this after timing each notebook alone and adds the result to build/bench.json as
``"hub"``; on its own, from the repository's root:
``.venv/bin/python -m tools.hub_bench [--kernels 30] [--notebook PATH]``.
The number of kernels is 30 by default (``--kernels`` or ``BENCH_HUB_KERNELS``; 0 leaves it out).

It is the moment a whole class presses *Run All* together: every kernel starts and executes every
cell of the notebook at once, on this machine's cores. Reported, per kernel: its peak resident
memory, measured inside the kernel (``ru_maxrss``, tools/kernel_code.py's ``peak_rss_mb``), and its
execution time (kernel start to last cell, what a student waits). In all: the sum of the kernels'
peaks (``total_peak_rss_mb``, an upper bound: the peaks need not coincide), the largest single
peak, the slowest and median execution, and, sampled from outside every 0.25 s, the largest sum of
the kernels' resident memory at one moment (``concurrent_rss_mb``; RSS counts the shared numpy and
matplotlib libraries once per kernel) and of their proportional set size (``concurrent_pss_mb``,
shared pages split between the kernels: closer to what the machine really gives them). The load
average before the run is recorded because the machine may be shared.

Goal: 30 kernels within 6 GB, 200 MB each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.nbkernel import Session, notebooks

ROOT = Path(__file__).resolve().parent.parent

KERNELS = 30
TARGET_TOTAL_MB = 6144.0
TARGET_KERNEL_MB = 200.0


def heaviest(measured: list[dict] | None = None) -> Path:
    """The notebook with the largest kernel memory in ``measured`` (bench.py's "notebooks" rows,
    else build/bench.json's), ties broken by execution time; without figures, the last notebook."""
    if measured is None:
        saved = ROOT / "build" / "bench.json"
        measured = json.loads(saved.read_text()).get("notebooks", []) if saved.is_file() else []
    paths = {p.stem: p for p in notebooks()}
    rows = [row for row in measured if row.get("name") in paths]
    if not rows:
        return notebooks()[-1]
    top = max(rows, key=lambda row: (row["peak_rss_mb"], row["execute_s"]))
    return paths[top["name"]]


def _kernel_pids() -> list[int]:
    """This process's child kernels (ipykernel), from /proc."""
    me, pids = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == me and b"ipykernel" in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def _memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MB, from /proc/PID/smaps_rollup (0, 0 if it has gone)."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return rss, pss


class _Sampler(threading.Thread):
    """Every ``every`` s, the sum of RSS and PSS over the running kernels; keeps the largest."""

    def __init__(self, every: float = 0.25):
        super().__init__(daemon=True)
        self.every, self.rss_mb, self.pss_mb, self.most = every, 0.0, 0.0, 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            pids = _kernel_pids()
            sizes = [_memory_mb(pid) for pid in pids]
            self.rss_mb = max(self.rss_mb, sum(r for r, _ in sizes))
            self.pss_mb = max(self.pss_mb, sum(p for _, p in sizes))
            self.most = max(self.most, len(pids))
            self.done.wait(self.every)


def _one_kernel(path: Path, start: threading.Barrier, results: list, index: int) -> None:
    """Start a kernel and run every cell of ``path`` once all kernels are ready to go."""
    try:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=900, startup_timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start.wait()
        began = time.perf_counter()  # what a student waits: kernel start and every cell
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                client.execute_cell(cell, i)
            session = Session(client, nb, time.perf_counter() - began)
            results[index] = {"execute_s": round(session.execute_s, 2),
                              "peak_rss_mb": session.call("peak_rss_mb"),
                              "problems": session.output_problems()}
    except Exception as exc:  # reported, not raised: the other kernels still finish
        last = [line for line in str(exc).strip().splitlines() if line.strip()][-1:] or [""]
        results[index] = {"error": f"{type(exc).__name__}: {last[0][:300]}"}


def run(kernels: int = KERNELS, path: Path | None = None) -> dict:
    """Run ``kernels`` kernels on notebook ``path`` (default: the heaviest) at once; the figures."""
    path = path or heaviest()
    load_before = [round(x, 2) for x in os.getloadavg()]
    results: list = [None] * kernels
    start = threading.Barrier(kernels)
    threads = [threading.Thread(target=_one_kernel, args=(path, start, results, i))
               for i in range(kernels)]
    sampler = _Sampler()
    sampler.start()
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall_s = time.perf_counter() - began
    sampler.done.set()
    sampler.join()

    ok = [r for r in results if r and "error" not in r]
    failed = [r["error"] for r in results if r and "error" in r]
    problems = sorted({p for r in ok for p in r["problems"]})
    times = [r["execute_s"] for r in ok]
    peaks = [r["peak_rss_mb"] for r in ok]
    return {
        "notebook": path.stem, "kernels": kernels, "completed": len(ok), "errors": failed,
        "problems": problems,
        "total_peak_rss_mb": round(sum(peaks), 1),
        "max_kernel_peak_rss_mb": max(peaks, default=0.0),
        "median_kernel_peak_rss_mb": round(statistics.median(peaks), 1) if peaks else 0.0,
        "concurrent_rss_mb": round(sampler.rss_mb, 1),
        "concurrent_pss_mb": round(sampler.pss_mb, 1),
        "most_kernels_at_once": sampler.most,
        "slowest_execute_s": max(times, default=0.0),
        "median_execute_s": round(statistics.median(times), 2) if times else 0.0,
        "fastest_execute_s": min(times, default=0.0),
        "wall_s": round(wall_s, 1),
        "cpu_count": os.cpu_count(), "load_before": load_before,
        "targets": {"total_mb": TARGET_TOTAL_MB, "kernel_mb": TARGET_KERNEL_MB},
    }


def kernels_from_env(default: int = KERNELS) -> int:
    return int(os.environ.get("BENCH_HUB_KERNELS", default))


def describe(hub: dict) -> str:
    """The figures as printed by `make bench`."""
    mark = lambda ok: "ok" if ok else "MISS"  # noqa: E731
    total_ok = hub["total_peak_rss_mb"] <= hub["targets"]["total_mb"] * hub["kernels"] / KERNELS
    lines = [
        f"hub: {hub['kernels']} kernels running {hub['notebook']} at once on "
        f"{hub['cpu_count']} cores (load before: {', '.join(map(str, hub['load_before']))})",
        f"  completed {hub['completed']}/{hub['kernels']}; slowest {hub['slowest_execute_s']:.1f} s, "
        f"median {hub['median_execute_s']:.1f} s, fastest {hub['fastest_execute_s']:.1f} s "
        f"(wall {hub['wall_s']:.1f} s)",
        f"  memory: largest kernel {hub['max_kernel_peak_rss_mb']:.1f} MB "
        f"{mark(hub['max_kernel_peak_rss_mb'] <= hub['targets']['kernel_mb'])}, "
        f"sum of peaks {hub['total_peak_rss_mb']:.0f} MB {mark(total_ok)} "
        f"(goal {hub['targets']['total_mb'] * hub['kernels'] / KERNELS:.0f} MB); "
        f"at one moment RSS {hub['concurrent_rss_mb']:.0f} MB, PSS {hub['concurrent_pss_mb']:.0f} MB",
    ]
    for error in hub["errors"][:5]:
        lines.append(f"  kernel failed: {error}")
    for problem in hub["problems"][:5]:
        lines.append(f"  notebook output problem: {problem}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", type=int, default=kernels_from_env(),
                        help="how many kernels at once (default 30, or BENCH_HUB_KERNELS)")
    parser.add_argument("--notebook", type=Path, default=None,
                        help="notebook to run (default: the heaviest in build/bench.json)")
    parser.add_argument("--write", action="store_true",
                        help="also store the figures as \"hub\" in build/bench.json")
    args = parser.parse_args(argv)
    hub = run(args.kernels, args.notebook.resolve() if args.notebook else None)
    print(describe(hub))
    if args.write:
        out = ROOT / "build" / "bench.json"
        report = json.loads(out.read_text()) if out.is_file() else {}
        report["hub"] = hub
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if hub["completed"] == hub["kernels"] else 1


if __name__ == "__main__":
    sys.exit(main())
