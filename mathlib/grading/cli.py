"""``python -m mathlib.grade DIR``: find the submissions, grade them, write CSV and feedback."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from . import sandbox
from .report import Row, atomic_write, clean, feedback_path, feedback_text, summary, write_csv
from .runner import Options, grade_notebook


def find_notebooks(directory: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """(every ``*.ipynb`` under ``directory``, sorted; what was skipped and why).

    Symlinks (files or folders) are never followed; hidden files and folders, ``__MACOSX`` and
    ``._*`` (macOS archive debris) are skipped. ``.ipynb_checkpoints`` is skipped silently.
    """
    directory = Path(directory)
    found, skipped = [], []
    for root, dirs, files in os.walk(directory, followlinks=False):
        here = Path(root)
        for d in sorted(dirs):
            rel = (here / d).relative_to(directory).as_posix()
            if (here / d).is_symlink():
                skipped.append((rel + "/", "symlink"))
            elif d == ".ipynb_checkpoints":
                pass
            elif d.startswith(".") or d == "__MACOSX":
                skipped.append((rel + "/", "hidden" if d.startswith(".") else "__MACOSX"))
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink() and not d.startswith(".")
                         and d != "__MACOSX")
        for f in sorted(files):
            path = here / f
            rel = path.relative_to(directory).as_posix()
            if path.is_symlink():
                skipped.append((rel, "symlink"))
            elif not f.endswith(".ipynb"):
                continue
            elif f.startswith("._"):
                skipped.append((rel, "macOS ._ file"))
            elif f.startswith("."):
                skipped.append((rel, "hidden"))
            elif path.is_file():
                found.append(path)
            else:
                skipped.append((rel, "not a regular file"))
    return sorted(found), skipped


async def _grade_all(paths, names, jobs, options, done):
    limit = asyncio.Semaphore(max(1, jobs))

    async def one(path, name):
        async with limit:
            rows = await grade_notebook(path, name, options)
        done(name, rows)
        return rows

    return await asyncio.gather(*(one(p, n) for p, n in zip(paths, names)))


def grade(directory: Path, *, jobs: int = 2, options: Options | None = None,
          progress=None, out: Path | None = None) -> list[Row]:
    """Grade every notebook under ``directory``; rows in file order. With ``out``, the CSV is
    rewritten (atomically) after each notebook, so a stopped run keeps what was graded."""
    directory = Path(directory)
    options = options or Options()
    paths, _ = find_notebooks(directory)
    names = [clean(p.relative_to(directory).as_posix()) for p in paths]
    graded: dict[str, list[Row]] = {}

    def done(name, rows):
        graded[name] = rows
        if out is not None:
            write_csv([r for n in names if n in graded for r in graded[n]], out)
        if progress:
            progress(name, rows)

    per_file = asyncio.run(_grade_all(paths, names, jobs, options, done))
    return [row for rows in per_file for row in rows]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def main(argv: list[str] | None = None) -> int:
    defaults = sandbox.Limits()
    parser = argparse.ArgumentParser(
        prog="python -m mathlib.grade",
        description="Grade every student notebook under DIR, each alone in a sandbox, judged by "
                    "the grader's own checks; write a CSV, one feedback file per student and a "
                    "summary. See docs/grading.md for what is and is not protected.")
    parser.add_argument("directory", metavar="DIR", type=Path,
                        help="folder with the submitted notebooks (searched recursively; "
                             "symlinks are not followed)")
    parser.add_argument("--out", type=Path, default=Path("build/grades.csv"),
                        help="CSV to write (default: build/grades.csv)")
    parser.add_argument("--feedback", type=Path, default=None,
                        help="folder for one feedback file per student (default: feedback/ "
                             "beside the CSV)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at once, one sandbox each (default: 2)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="time limit per cell, seconds (default: 60)")
    parser.add_argument("--notebook-timeout", type=float, default=300,
                        help="time limit per notebook, seconds (default: 300)")
    parser.add_argument("--memory", default=sandbox.size_text(defaults.memory).replace(" ", ""),
                        help="memory per submission (address space), e.g. 1GB (default: 1GB)")
    parser.add_argument("--cpu", type=int, default=defaults.cpu,
                        help=f"CPU seconds per process (default: {defaults.cpu})")
    parser.add_argument("--processes", type=int, default=defaults.processes,
                        help=f"processes per submission (default: {defaults.processes})")
    parser.add_argument("--file-size", default="100MB",
                        help="largest file a submission may write (default: 100MB)")
    parser.add_argument("--output", default="2MB",
                        help="output kept per notebook (default: 2MB)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the checks' cases (default: a new one for each notebook)")
    parser.add_argument("--unsealed", action="store_true",
                        help="run without the sandbox (required as root when bubblewrap is "
                             "missing); the run is marked 'not sealed'")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a folder")
    if args.jobs < 1 or args.timeout <= 0 or args.notebook_timeout <= 0 or args.cpu < 0 \
            or args.processes < 0:
        parser.error("--jobs, --timeout, --notebook-timeout must be positive; --cpu and "
                     "--processes not negative")
    try:
        limits = sandbox.Limits(memory=sandbox.parse_size(args.memory), cpu=args.cpu,
                                processes=args.processes,
                                filesize=sandbox.parse_size(args.file_size),
                                output=sandbox.parse_size(args.output))
    except ValueError as exc:
        parser.error(str(exc))
    problem = None if args.unsealed else sandbox.sandbox_problem()
    sealed = not args.unsealed and problem is None
    if sealed:
        print(f"Sealed: each notebook runs alone in a bubblewrap sandbox (no network, read-only "
              f"course); limits {sandbox.size_text(limits.memory)} memory, {limits.cpu} s CPU, "
              f"{limits.processes} processes, {sandbox.size_text(limits.filesize)} per file.",
              flush=True)
    else:
        why = "--unsealed was given" if args.unsealed else problem
        print(f"NOT SEALED: {why}. Student code runs as you, with your file access; only the "
              f"resource limits, a fresh folder and a minimal environment apply. See "
              f"docs/grading.md.", flush=True)
        if _is_root() and not args.unsealed:
            print("Refusing to run student code as root without a sandbox: install bubblewrap, "
                  "run as a normal user, or pass --unsealed.", file=sys.stderr)
            return 2
    paths, skipped = find_notebooks(args.directory)
    for rel, why in skipped:
        print(f"  skipped ({why}): {clean(rel)}", flush=True)
    if not paths:
        parser.error(f"no .ipynb files under {args.directory}")
    options = Options(cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                      limits=limits, sealed=sealed, seed=args.seed)
    feedback = args.feedback or args.out.parent / "feedback"
    print(f"Grading {len(paths)} notebook(s) under {clean(args.directory)}, {args.jobs} at a "
          "time ...", flush=True)
    count = [0]

    def progress(name, rows):
        count[0] += 1
        exercises = [r for r in rows if r.kind == "exercise"]
        questions = [r for r in rows if r.kind == "question"]
        atomic_write(feedback_path(feedback, name), feedback_text(name, rows))
        print(f"  [{count[0]}/{len(paths)}] {name}: "
              f"{sum(r.status == 'pass' for r in exercises)}/{len(exercises)} exercises, "
              f"{sum(r.status == 'pass' for r in questions)}/{len(questions)} questions"
              + ("  FLAGGED" if any(r.flags for r in rows) else ""), flush=True)

    rows = grade(args.directory, jobs=args.jobs, options=options, progress=progress,
                 out=args.out)
    write_csv(rows, args.out)
    print()
    print(summary(rows))
    if skipped:
        print(f"\nSkipped {len(skipped)}: " + "; ".join(f"{clean(r)} ({w})" for r, w in skipped))
    print(f"\nWrote {len(rows)} rows to {args.out}, feedback to {feedback}/"
          + ("" if sealed else " (NOT SEALED)"))
    return 0
