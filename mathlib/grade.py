"""Grade a class: run every submitted notebook in a fresh kernel and tabulate the exercises.

Usage (from the course repository)::

    make grade DIR=submissions/
    python -m mathlib.grade submissions/ [--out build/grades.csv] [--jobs 2]
                                         [--timeout 60] [--notebook-timeout 300]

For each ``*.ipynb`` under DIR (recursively, sorted) the grader starts a fresh Python kernel (the
interpreter running the grader), runs the notebook's cells one by one with a time limit per cell
and per notebook, carrying on past cells that raise, then runs one extra cell that reports
``mathlib.exercises.RESULTS`` (the latest result of every ``check(...)`` and
``ask(..., choice=...)``). Student code runs only inside that kernel subprocess; this process only
reads the notebook's JSON.

The expected exercises and questions of a notebook are the registered ids of its number
(``00_welcome.ipynb`` -> "00.1", "00.2", ..., "00.q1", ...); for a renamed file without a number,
those of the notebook numbers its cells mention in ``check("NN.k"`` / ``ask("NN.qK"``.

Statuses in the CSV: ``pass``, ``fail``, ``not attempted`` (as ``check`` says), ``missing`` (no
result: the cell that checks it was deleted or changed; a question answered only by clicking is
``not attempted``, since clicks are not saved), ``error: ...`` (the notebook is not valid JSON, a
cell raised, the kernel died) and ``timeout after N s in cell K``.
Rows of kind ``notebook`` (empty exercise id) report problems of the notebook as a whole.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

__all__ = ["Row", "find_notebooks", "expected_ids", "grade_notebook", "grade", "write_csv",
           "summary", "main"]

CSV_COLUMNS = ("file", "exercise id", "kind", "status", "message")
MIME = "application/vnd.mathlib.grades+json"
PROBE_S = 10          # after a timeout: how long an interrupted kernel may take to answer again
RESULTS_CELL_S = 30   # time limit of the injected cell that reports RESULTS

# check("00.1", ...) or ask("01.q2", ...), also inside the JSON text of a broken file (\").
_MENTION = re.compile(r"""\b(?:check|ask)\(\s*\\?["'](\d{2}\.q?\d+)\\?["']""")
_NUMBERED = re.compile(r"^(\d{2})(?!\d)")

# Runs in the student's kernel after their cells: report RESULTS through a display message, so
# that a redefined print or a redirected sys.stdout does not matter.
RESULTS_CELL = f"""\
def __mathlib_grade_report():
    try:
        import mathlib.exercises as exercises
    except Exception as exc:
        return {{"error": "could not import mathlib.exercises: " + repr(exc)}}
    results = getattr(exercises, "RESULTS", None)
    if results is None:
        return {{"error": "mathlib.exercises has no RESULTS: this mathlib is too old for grading"}}
    return {{"results": {{str(key): {{"status": str(getattr(r, "status", "")),
                                    "message": str(getattr(r, "message", ""))}}
                         for key, r in dict(results).items()}}}}
__import__("IPython.display").display.display({{{MIME!r}: __mathlib_grade_report()}}, raw=True)
"""


@dataclass
class Row:
    """One line of grades.csv; ``attempted`` counts for the summary, it is not written."""

    file: str
    id: str
    kind: str       # "exercise", "question" or "notebook"
    status: str
    message: str
    attempted: bool = False

    def as_csv(self) -> list[str]:
        return [self.file, self.id, self.kind, self.status, shorten(self.message, 200)]


@dataclass
class Outcome:
    """What running one notebook produced, before it is turned into rows."""

    results: dict = field(default_factory=dict)    # id -> {"status", "message"}
    fatal: str | None = None                        # status for every id without a result
    fatal_message: str = ""
    cell_status: dict = field(default_factory=dict)  # cell number (1-based) -> (status, message)
    events: list = field(default_factory=list)       # notebook rows: (status, message)
    not_run_from: int | None = None                 # first cell not run (notebook time limit)
    not_run_status: str = ""


# ---------------------------------------------------------------------------------------------
# What a notebook should contain

def _registries() -> tuple[dict, dict]:
    import mathlib.exercises as exercises
    return getattr(exercises, "REGISTRY", {}), getattr(exercises, "QUESTIONS", {})


def kind_of(id: str) -> str:
    """ "question" for a concept question ("01.q1"), else "exercise"."""
    _, questions = _registries()
    return "question" if id in questions or ".q" in id else "exercise"


def id_order(id: str):
    """Natural order: 00.2 before 00.10, exercises before questions."""
    number, _, rest = id.partition(".")
    is_question = rest.startswith("q")
    digits = rest[1:] if is_question else rest
    return (number, is_question, int(digits) if digits.isdigit() else math.inf, id)


def mentioned_ids(text: str) -> set[str]:
    """Ids in ``check("NN.k"`` / ``ask("NN.qK"`` calls in ``text``."""
    return set(_MENTION.findall(text))


def expected_ids(filename: str, text: str) -> list[str]:
    """Registered ids a notebook should report, from its number or else from the ids it mentions.

    ``filename`` "00_welcome.ipynb" -> every registered "00.*" id; an unnumbered name -> every
    registered id of each notebook number that ``text`` (its cells' source) mentions.
    """
    registry, questions = _registries()
    known = set(registry) | set(questions)
    match = _NUMBERED.match(filename)
    numbers = {match.group(1)} if match else set()
    if not any(i.startswith(n + ".") for n in numbers for i in known):
        numbers = {i.split(".")[0] for i in mentioned_ids(text)}
    return sorted((i for i in known if i.split(".")[0] in numbers), key=id_order)


def find_notebooks(directory: Path) -> list[Path]:
    """Every ``*.ipynb`` under ``directory``, sorted; hidden folders (.ipynb_checkpoints) not."""
    directory = Path(directory)
    return sorted(p for p in directory.rglob("*.ipynb")
                  if p.is_file() and not any(part.startswith(".")
                                             for part in p.relative_to(directory).parts[:-1]))


def shorten(text: str, width: int = 70) -> str:
    """One line, hints dropped, at most ``width`` characters."""
    lines = [ln.strip() for ln in str(text).splitlines()]
    lines = [ln for ln in lines if ln and not ln.lower().startswith("hint")]
    line = " ".join(" ".join(lines).split())
    return line if len(line) <= width else line[:width - 3].rstrip() + "..."


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return shorten(line, 40)
    return ""


# ---------------------------------------------------------------------------------------------
# Running one notebook in a kernel

def _kernel_manager():
    """A kernel manager whose kernel is this very interpreter (sys.executable) with ipykernel."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher",
                                    "-f", "{connection_file}"],
                              display_name="Python 3 (grader)", language="python")

    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())


def _client(nb, km):
    """An nbclient NotebookClient that can drop the output reader of a cell that timed out."""
    from nbclient import NotebookClient

    class Client(NotebookClient):
        output_task = None

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            self.output_task = asyncio.current_task()
            return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)

    return Client(nb, km=km, allow_errors=True, record_timing=False, startup_timeout=120,
                  iopub_timeout=10)


async def _run_cell(client, cell, index: int, timeout: float):
    """Run one cell with a time limit (whole seconds); CellTimeoutError when it is exceeded."""
    from nbclient.exceptions import CellTimeoutError
    client.timeout = max(1, math.ceil(timeout))
    try:
        return await client.async_execute_cell(cell, index)
    except CellTimeoutError:
        # nbclient leaves the timed-out cell's output reader running; it would swallow the
        # output of the cells after it (and the report), so stop it.
        if client.output_task is not None and not client.output_task.done():
            client.output_task.cancel()
        raise


async def _alive_after_interrupt(client) -> bool:
    """Interrupt the kernel; True if it answers a trivial cell again within PROBE_S."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    probe = nbformat.v4.new_code_cell("pass")
    client.nb.cells.append(probe)   # nbclient stores the cell at its index: give it its own
    try:
        await client.km.interrupt_kernel()
        await _run_cell(client, probe, len(client.nb.cells) - 1, PROBE_S)
        return True
    except (CellTimeoutError, DeadKernelError, RuntimeError, OSError):
        return False
    finally:
        client.nb.cells.remove(probe)


async def _execute(nb, cwd: Path, cell_timeout: float, notebook_timeout: float) -> Outcome:
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    out = Outcome()
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")       # several kernels share the cores
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    km = _kernel_manager()
    client = _client(nb, km)
    try:
        try:
            await km.start_kernel(cwd=str(cwd), env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL,
                                  extra_arguments=["--HistoryManager.hist_file=:memory:"])
            await client.async_start_new_kernel_client()
        except Exception as exc:  # noqa: BLE001 - any failure here is reported, not raised
            out.fatal, out.fatal_message = "error: the kernel did not start", repr(exc)
            return out

        deadline = monotonic() + notebook_timeout
        for index, cell in enumerate(nb.cells):
            number = index + 1
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            remaining = deadline - monotonic()
            if remaining <= 0:
                out.not_run_from = number
                out.not_run_status = (f"timeout after {notebook_timeout:g} s for the notebook, "
                                      f"before cell {number}")
                out.events.append((out.not_run_status, "the cells from here on did not run"))
                break
            limit = min(cell_timeout, remaining)
            whole = limit < cell_timeout
            try:
                await _run_cell(client, cell, index, limit)
            except CellTimeoutError:
                status = (f"timeout after {notebook_timeout:g} s for the notebook, in cell {number}"
                          if whole else f"timeout after {cell_timeout:g} s in cell {number}")
                what = f"cell {number} ({_first_line(cell.source)}) did not finish"
                out.cell_status[number] = (status, what)
                if not await _alive_after_interrupt(client):
                    out.fatal = status
                    out.fatal_message = what + "; the kernel did not stop, so it was killed"
                    out.events.append((status, out.fatal_message))
                    return out
                out.events.append((status, what + "; interrupted, grading went on"))
                if whole:
                    out.not_run_from, out.not_run_status = number + 1, status
                    break
                continue
            except DeadKernelError:
                status = f"error: the kernel died in cell {number}"
                out.fatal, out.fatal_message = status, f"cell {number} ({_first_line(cell.source)})"
                out.events.append((status, out.fatal_message))
                return out
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    status = f"error: {output.get('ename', 'error')} in cell {number}"
                    message = f"{output.get('ename')}: {output.get('evalue', '')}"
                    out.cell_status.setdefault(number, (status, message))
                    out.events.append((status, message))
                    break

        report = nbformat.v4.new_code_cell(RESULTS_CELL)
        nb.cells.append(report)
        try:
            await _run_cell(client, report, len(nb.cells) - 1, RESULTS_CELL_S)
        except (CellTimeoutError, DeadKernelError) as exc:
            out.fatal = "error: the results could not be collected"
            out.fatal_message = ("the kernel stopped after the last cell (exit() in a cell?)"
                                 if isinstance(exc, DeadKernelError) else
                                 "the kernel did not answer after the last cell")
            out.events.append((out.fatal, out.fatal_message))
            return out
        data = next((o["data"][MIME] for o in report.outputs
                     if o.get("output_type") == "display_data" and MIME in o.get("data", {})),
                    None)
        if not isinstance(data, dict) or "error" in data or "results" not in data:
            reason = data.get("error") if isinstance(data, dict) else "no report from the kernel"
            out.fatal, out.fatal_message = "error: the results could not be collected", str(reason)
            out.events.append((out.fatal, out.fatal_message))
        else:
            out.results = data["results"]
        return out
    finally:
        try:
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - cleanup of a kernel that may already be gone
            pass
        if client.kc is not None:
            stopped = client.kc.stop_channels()
            if asyncio.iscoroutine(stopped):
                await stopped


# ---------------------------------------------------------------------------------------------
# From a notebook file to rows

def _load(path: Path):
    """(notebook, text, problem): the parsed notebook or the reason it is not one."""
    import nbformat
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "", "error: notebook is not valid JSON (not even text)"
    except OSError as exc:
        return None, "", f"error: the file cannot be read ({exc.strerror})"
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, text, f"error: notebook is not valid JSON (line {exc.lineno})"
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        return None, text, "error: not a Jupyter notebook (the JSON has no list of cells)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a malformed notebook is a row, not a crash
        return None, text, f"error: not a Jupyter notebook ({shorten(str(exc), 60)})"
    return nb, text, None


def _cells_mentioning(nb) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for id in mentioned_ids(cell.source):
                where.setdefault(id, []).append(index + 1)
    return where


def _rows(name: str, expected: list[str], outcome: Outcome, where: dict[str, list[int]]):
    rows = [Row(name, "", "notebook", status, message) for status, message in outcome.events]
    registry, questions = _registries()
    known = set(registry) | set(questions)
    extra = [i for i in outcome.results if i in known and i not in expected]
    for id in sorted([*expected, *extra], key=id_order):
        kind = kind_of(id)
        result = outcome.results.get(id)
        if result is not None:
            status, message = result.get("status", ""), result.get("message", "")
            rows.append(Row(name, id, kind, status, message, attempted=status in ("pass", "fail")))
            continue
        if outcome.fatal:
            rows.append(Row(name, id, kind, outcome.fatal, outcome.fatal_message))
            continue
        cells = where.get(id, [])
        own = [outcome.cell_status[c] for c in cells if c in outcome.cell_status]
        if not cells:
            call = "ask" if kind == "question" else "check"
            rows.append(Row(name, id, kind, "missing",
                            f'no cell calls {call}("{id}", ...): the cell was deleted or changed'))
        elif own:
            rows.append(Row(name, id, kind, own[0][0], own[0][1], attempted=True))
        elif outcome.not_run_from is not None and min(cells) >= outcome.not_run_from:
            rows.append(Row(name, id, kind, outcome.not_run_status,
                            f"cell {min(cells)} did not run"))
        elif kind == "question":
            rows.append(Row(name, id, kind, "not attempted",
                            f'no choice recorded in code: write ask("{id}", choice="b") to hand '
                            "in an answer (clicks are not saved in the file)"))
        else:
            rows.append(Row(name, id, kind, "missing",
                            f"cell {cells[0]} ran but recorded no result for {id}"))
    if not rows:
        rows.append(Row(name, "", "notebook", "error: no exercises found",
                        "the file name has no notebook number and no cell calls check(...)"))
    return rows


async def grade_notebook(path: Path, name: str, *, cell_timeout: float = 60,
                         notebook_timeout: float = 300, cwd: Path | None = None) -> list[Row]:
    """Grade one notebook file: its rows, whatever happens to it."""
    nb, text, problem = _load(path)
    source = text if nb is None else "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    expected = expected_ids(path.name, source)
    if problem:
        return _rows(name, expected, Outcome(fatal=problem, events=[(problem, "")]), {})
    where = _cells_mentioning(nb)   # before the run, which appends the report cell
    try:
        outcome = await asyncio.wait_for(
            _execute(nb, cwd or path.parent, cell_timeout, notebook_timeout),
            notebook_timeout + 3 * PROBE_S + RESULTS_CELL_S + 120)
    except asyncio.TimeoutError:
        status = f"timeout after {notebook_timeout:g} s for the notebook"
        outcome = Outcome(fatal=status, events=[(status, "the kernel did not answer; killed")])
    except Exception as exc:  # noqa: BLE001 - one notebook never stops the others
        status = "error: grading failed"
        outcome = Outcome(fatal=status, events=[(status, f"{type(exc).__name__}: {exc}")])
    return _rows(name, expected, outcome, where)


async def _grade_all(paths: list[Path], names: list[str], jobs: int, progress, **options):
    limit = asyncio.Semaphore(max(1, jobs))

    async def one(path, name):
        async with limit:
            rows = await grade_notebook(path, name, **options)
        if progress:
            progress(name, rows)
        return rows

    return await asyncio.gather(*(one(p, n) for p, n in zip(paths, names)))


def grade(directory: Path, *, jobs: int = 2, cell_timeout: float = 60,
          notebook_timeout: float = 300, cwd: Path | None = None, progress=None) -> list[Row]:
    """Grade every notebook under ``directory``, ``jobs`` kernels at a time; rows in file order."""
    directory = Path(directory)
    paths = find_notebooks(directory)
    names = [p.relative_to(directory).as_posix() for p in paths]
    per_file = asyncio.run(_grade_all(paths, names, jobs, progress, cell_timeout=cell_timeout,
                                      notebook_timeout=notebook_timeout, cwd=cwd))
    return [row for rows in per_file for row in rows]


# ---------------------------------------------------------------------------------------------
# Output: the CSV and the summary

def write_csv(rows: list[Row], path: Path) -> None:
    """grades.csv: file, exercise id, kind, status, message (one line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(row.as_csv() for row in rows)


def _table(header: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join(line.rstrip() for line in
                     [fmt.format(*header), rule, *(fmt.format(*map(str, ln)) for ln in lines)])


def summary(rows: list[Row]) -> str:
    """Two tables: per student (file) and per exercise."""
    files = list(dict.fromkeys(r.file for r in rows))
    students = []
    for file in files:
        mine = [r for r in rows if r.file == file]
        graded = [r for r in mine if r.kind != "notebook"]
        problems = list(dict.fromkeys(r.status for r in mine if r.kind == "notebook"))
        note = problems[0] if problems else ""
        if len(problems) > 1:
            note += f" (+{len(problems) - 1} more)"
        students.append([file, sum(r.status == "pass" for r in graded),
                         sum(r.attempted for r in graded), len(graded), shorten(note, 50)])
    exercises = []
    ids = sorted({r.id for r in rows if r.kind != "notebook"}, key=id_order)
    for id in ids:
        mine = [r for r in rows if r.id == id]
        # Failures that differ only in numbers (random test cases) count as one.
        fails = Counter(re.sub(r"\d+(?:\.\d+)?", "#", shorten(r.message, 500))
                        for r in mine if r.status == "fail")
        count = Counter("error" if r.status.startswith(("error", "timeout")) else r.status
                        for r in mine)
        common = ""
        if fails:
            key, n = fails.most_common(1)[0]
            example = next(r.message for r in mine if r.status == "fail"
                           and re.sub(r"\d+(?:\.\d+)?", "#", shorten(r.message, 500)) == key)
            example = re.sub(r"^not yet:\s*", "", example, flags=re.IGNORECASE)
            common = f"{shorten(example, 70)} ({n}x)"
        exercises.append([id, mine[0].kind, f"{count['pass']}/{len(mine)}", count["fail"],
                          count["not attempted"], count["missing"], count["error"], common])
    return (_table(["file", "passed", "attempted", "total", "problems"], students) + "\n\n"
            + _table(["id", "kind", "passed", "failed", "not attempted", "missing", "error",
                      "most common failure"], exercises))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mathlib.grade",
        description="Run every student notebook under DIR in a fresh kernel and write a table "
                    "of exercise and question results.")
    parser.add_argument("directory", metavar="DIR", type=Path,
                        help="folder with the submitted notebooks (searched recursively)")
    parser.add_argument("--out", type=Path, default=Path("build/grades.csv"),
                        help="CSV to write (default: build/grades.csv)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at once, one kernel each (default: 2)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="time limit per cell, seconds (default: 60)")
    parser.add_argument("--notebook-timeout", type=float, default=300,
                        help="time limit per notebook, seconds (default: 300)")
    parser.add_argument("--cwd", type=Path, default=None,
                        help="working directory of every kernel (default: the notebook's folder)")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory} is not a folder")
    if args.jobs < 1 or args.timeout <= 0 or args.notebook_timeout <= 0:
        parser.error("--jobs, --timeout and --notebook-timeout must be positive")
    paths = find_notebooks(args.directory)
    if not paths:
        parser.error(f"no .ipynb files under {args.directory}")
    print(f"Grading {len(paths)} notebook(s) under {args.directory}, {args.jobs} at a time ...",
          flush=True)
    done = [0]

    def progress(name, rows):
        done[0] += 1
        graded = [r for r in rows if r.kind != "notebook"]
        print(f"  [{done[0]}/{len(paths)}] {name}: "
              f"{sum(r.status == 'pass' for r in graded)}/{len(graded)} passed", flush=True)

    rows = grade(args.directory, jobs=args.jobs, cell_timeout=args.timeout,
                 notebook_timeout=args.notebook_timeout, cwd=args.cwd, progress=progress)
    write_csv(rows, args.out)
    print()
    print(summary(rows))
    print(f"\nWrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
