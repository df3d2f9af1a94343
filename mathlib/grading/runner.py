"""Run one submission: copy it alone into a fresh folder, run its kernel in the sandbox, then the
grader's own judge (:mod:`mathlib.grading.judge`) in a new process there; turn both into rows."""

from __future__ import annotations

import asyncio
import atexit
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

from . import sandbox, static
from .report import Row, clean, id_order, shorten

MIME = "application/vnd.mathlib.grades+json"
PROBE_S = 10          # after a timeout: how long an interrupted kernel may take to answer again
MAX_FILE = 50 * 1024 ** 2
JUDGE_OUTPUT = 1024 ** 2

# check("00.1", ...) or ask("01.q2", ...), also inside the JSON text of a broken file (\").
_MENTION = re.compile(r"""\b(?:check|ask)\(\s*\\?["'](\d{2}\.q?\d+)\\?["']""")
_NUMBERED = re.compile(r"^(\d{2})(?!\d)")
_ID = re.compile(r"\d{2}\.q?\d{1,3}")


@dataclass
class Options:
    cell_timeout: float = 60
    notebook_timeout: float = 300
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    sealed: bool = True
    seed: int | None = None     # None: drawn for each notebook


@dataclass
class Outcome:
    """What running one notebook produced, before it is turned into rows."""

    verdicts: dict = field(default_factory=dict)     # id -> {"status", "message", ...}
    other_ids: list = field(default_factory=list)    # verdicts for ids of other notebooks
    fatal_cell: int | None = None                    # the cell that ended the kernel
    fatal: str = ""
    fatal_message: str = ""
    cell_status: dict = field(default_factory=dict)  # cell number -> (status, message)
    events: list = field(default_factory=list)       # notebook rows: (status, message)
    ran: list = field(default_factory=list)          # cells that ran to their end
    not_run_from: int | None = None                  # first cell not run (notebook time limit)
    not_run_status: str = ""
    not_run_by_judge: list = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# What a notebook should contain

def _registries() -> tuple[dict, dict]:
    import mathlib.exercises as exercises
    return exercises.REGISTRY, exercises.QUESTIONS


def kind_of(id: str) -> str:
    """ "question" for a concept question ("01.q1"), else "exercise"."""
    _, questions = _registries()
    return "question" if id in questions or ".q" in id else "exercise"


def mentioned_ids(text: str) -> set[str]:
    """Ids in ``check("NN.k"`` / ``ask("NN.qK"`` calls in ``text``."""
    return set(_MENTION.findall(text))


def expected_ids(filename: str, text: str) -> list[str]:
    """Registered ids a notebook should report, from its number or else from the ids it mentions."""
    registry, questions = _registries()
    known = set(registry) | set(questions)
    match = _NUMBERED.match(filename)
    numbers = {match.group(1)} if match else set()
    if not any(i.startswith(n + ".") for n in numbers for i in known):
        numbers = {i.split(".")[0] for i in mentioned_ids(text)}
    return sorted((i for i in known if i.split(".")[0] in numbers), key=id_order)


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return shorten(line, 40)
    return ""


# ---------------------------------------------------------------------------------------------
# The kernel, in the sandbox

def _kernel_manager(folder: Path, options: Options):
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    command = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
               "--HistoryManager.hist_file=:memory:"]
    argv = sandbox.wrap(command, options.limits, sealed=options.sealed, folder=folder)

    class Sealed(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            # "message": an interrupt goes over the control channel (a signal would reach
            # bubblewrap, not the kernel inside it)
            return KernelSpec(argv=argv, display_name="Python 3 (grader)", language="python",
                              interrupt_mode="message")

    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=Sealed())
    km.connection_file = str(folder / "run" / "kernel.json")
    if options.sealed:          # no network in the sandbox: unix sockets in its own folder
        km.transport = "ipc"
        km.ip = str(folder / "run" / "kernel")
    return km


def _client(nb, km, output_cap: int):
    """An nbclient NotebookClient that keeps at most ``output_cap`` characters of output per
    notebook and remembers the task reading the running cell's output (``output_task``), so that
    a cell that timed out can have its reader stopped (:func:`_run_cell`).

    Only nbclient's public API: the ``on_cell_execute`` hook (before each cell) forgets the last
    cell's reader; ``process_message`` (called by the reader for each of the cell's messages,
    from the kernel's "busy" on) notes the task it runs in; ``output`` caps the outputs kept."""
    from nbclient import NotebookClient

    class Client(NotebookClient):
        output_task = None
        kept = 0

        def process_message(self, msg, cell, cell_index):
            self.output_task = asyncio.current_task()
            return super().process_message(msg, cell, cell_index)

        def output(self, outs, msg, display_id, cell_index):
            size = len(json.dumps(msg.get("content", {}), default=str))
            if msg["msg_type"] == "error":      # always kept (short): it says what went wrong
                size = 0
            if self.kept + size > output_cap:
                return None
            self.kept += size
            return super().output(outs, msg, display_id, cell_index)

    def forget_reader(**_):
        client.output_task = None

    client = Client(nb, km=km, allow_errors=True, record_timing=False, startup_timeout=120,
                    iopub_timeout=10, on_cell_execute=forget_reader)
    return client


async def _run_cell(client, cell, index: int, timeout: float):
    from nbclient.exceptions import CellTimeoutError
    client.timeout = max(1, math.ceil(timeout))
    try:
        return await client.async_execute_cell(cell, index)
    except CellTimeoutError:
        # nbclient leaves the timed-out cell's output reader running; it would swallow the
        # output of the cells after it, so stop it. (No reader noted: the kernel never even
        # said "busy"; then it does not answer the probe either, and is killed.)
        _stop_reader(client)
        raise


def _stop_reader(client) -> None:
    """Cancel the output reader of the cell that ran last, if it is still running."""
    task = client.output_task
    if task is not None and not task.done():
        task.cancel()


async def _alive_after_interrupt(client) -> bool:
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    probe = nbformat.v4.new_code_cell("pass")
    client.nb.cells.append(probe)
    try:
        await client.km.interrupt_kernel()
        await _run_cell(client, probe, len(client.nb.cells) - 1, PROBE_S)
        return True
    except (CellTimeoutError, DeadKernelError, RuntimeError, OSError):
        return False
    finally:
        client.nb.cells.remove(probe)


async def _execute(nb, folder: Path, options: Options, out: Outcome) -> None:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    memory = f"memory limit ({options.limits.memory_text()}) reached"
    km = _kernel_manager(folder, options)
    client = _client(nb, km, options.limits.output)
    try:
        try:
            await km.start_kernel(cwd=str(folder / "work"), env=_env(folder, options),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await client.async_start_new_kernel_client()
        except Exception as exc:  # noqa: BLE001 - any failure here is reported, not raised
            out.fatal, out.fatal_message, out.fatal_cell = ("error: the kernel did not start",
                                                            clean(repr(exc)), 0)
            out.events.append((out.fatal, out.fatal_message))
            return

        deadline = monotonic() + options.notebook_timeout
        for index, cell in enumerate(nb.cells):
            number = index + 1
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            remaining = deadline - monotonic()
            if remaining <= 0:
                out.not_run_from = number
                out.not_run_status = (f"timeout after {options.notebook_timeout:g} s for the "
                                      f"notebook, before cell {number}")
                out.events.append((out.not_run_status, "the cells from here on did not run"))
                return
            limit = min(options.cell_timeout, remaining)
            whole = limit < options.cell_timeout
            try:
                await _run_cell(client, cell, index, limit)
            except CellTimeoutError:
                status = (f"timeout after {options.notebook_timeout:g} s for the notebook, in "
                          f"cell {number}" if whole else
                          f"timeout after {options.cell_timeout:g} s in cell {number}")
                what = f"cell {number} ({_first_line(cell.source)}) did not finish"
                out.cell_status[number] = (status, what)
                if not await _alive_after_interrupt(client):
                    out.fatal, out.fatal_cell = status, number
                    out.fatal_message = what + "; the kernel did not stop, so it was killed"
                    out.events.append((status, out.fatal_message))
                    return
                out.events.append((status, what + "; interrupted, grading went on"))
                if whole:
                    out.not_run_from, out.not_run_status = number + 1, status
                    return
                continue
            except DeadKernelError:
                status = f"error: the kernel died in cell {number}"
                out.fatal, out.fatal_cell = status, number
                out.fatal_message = (f"cell {number} ({_first_line(cell.source)}); a process "
                                     f"in it may have passed the limits")
                out.events.append((status, out.fatal_message))
                return
            out.ran.append(number)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    ename = output.get("ename", "error")
                    status = (f"{memory} in cell {number}" if ename == "MemoryError"
                              else f"error: {ename} in cell {number}")
                    message = f"{ename}: {output.get('evalue', '')}"
                    if ename == "MemoryError" and not output.get("evalue"):
                        message += "the cell asked for more memory than the limit allows"
                    out.cell_status.setdefault(number, (status, message))
                    out.events.append((status, message))
                    break
    finally:
        _stop_reader(client)
        try:
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - cleanup of a kernel that may already be gone
            pass
        if client.kc is not None:
            stopped = client.kc.stop_channels()
            if asyncio.iscoroutine(stopped):
                await stopped


_FONT_CACHE: list[Path] = []


def _font_cache() -> list[Path]:
    """matplotlib's font list, built once per grading run by the grader (not by student code)
    and copied into each submission's home: saves every kernel and judge a font scan."""
    if not _FONT_CACHE:
        folder = Path(tempfile.mkdtemp(prefix="mathlib-grade-fonts-"))
        atexit.register(shutil.rmtree, folder, True)
        env = {**sandbox.kernel_env(str(folder)), "MPLCONFIGDIR": str(folder)}
        try:
            subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                           timeout=120, capture_output=True, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass
        _FONT_CACHE.extend(folder.glob("fontlist-*.json") or [folder / "none"])
    return [p for p in _FONT_CACHE if p.exists()]


def _env(folder: Path, options: Options) -> dict[str, str]:
    if options.sealed:
        return sandbox.host_env()
    env = sandbox.kernel_env(str(folder / "work" / "home"))
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
    return env


# ---------------------------------------------------------------------------------------------
# The grader's own run

async def _judge(folder: Path, cells: list[tuple[int, str]], ids: list[str], seed: int,
                 options: Options, out: Outcome, timeout: float) -> None:
    token = secrets.token_hex(16)
    argv = sandbox.wrap([sys.executable, "-m", "mathlib.grading.judge"], options.limits,
                        sealed=options.sealed, folder=folder)
    job = json.dumps({"cells": cells, "ids": ids, "seed": seed})
    proc = await asyncio.create_subprocess_exec(
        *argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        cwd=str(folder / "work"), env=_env(folder, options), start_new_session=True,
        limit=JUDGE_OUTPUT)
    proc.stdin.write(f"{token}\n{job}\n".encode())
    await proc.stdin.drain()
    proc.stdin.close()
    read = 0
    finished = False
    end = monotonic() + timeout
    try:
        while read < JUDGE_OUTPUT:
            try:
                line = await asyncio.wait_for(proc.stdout.readline(), max(0.1, end - monotonic()))
            except asyncio.TimeoutError:
                out.events.append((f"timeout after {timeout:g} s in the grader's own run",
                                   "answers judged before that are kept"))
                break
            except ValueError:      # a line longer than the cap
                break
            if not line:
                break
            read += len(line)
            text = line.decode("utf-8", "replace")
            if not text.startswith(token + " "):
                continue
            try:
                record = json.loads(text[len(token) + 1:])
            except json.JSONDecodeError:
                continue
            if not isinstance(record, dict):
                continue
            if record.get("event") == "done":
                finished = True
            elif record.get("event") == "not run":
                out.not_run_by_judge.append(int(record.get("cell", 0)))
            elif "id" in record and isinstance(record.get("status"), str):
                id = str(record["id"])
                if id in ids:
                    out.verdicts[id] = record
                else:
                    out.other_ids.append(id)
    finally:
        _kill(proc)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except asyncio.TimeoutError:
            pass
    if not finished and not any(s.startswith("timeout") for s, _ in out.events[-1:]):
        out.events.append(("error: the grader's own run stopped early",
                           "answers judged before that are kept (a cell may end the process "
                           "or pass the limits)"))


def _kill(proc) -> None:
    """The judge's process group (not sealed) or bwrap, whose sandbox then dies whole."""
    if proc.returncode is not None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------------------------------------
# From a notebook file to rows

def _load(data: bytes):
    """(notebook, text, problem): the parsed notebook or the reason it is not one."""
    import nbformat
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, "", "error: notebook is not valid JSON (not even text)"
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, text, f"error: notebook is not valid JSON (line {exc.lineno})"
    except RecursionError:
        return None, "", "error: notebook is not valid JSON (nested too deeply)"
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        return None, text, "error: not a Jupyter notebook (the JSON has no list of cells)"
    try:
        nb = nbformat.reads(text, as_version=4)
        for cell in nb.cells:
            cell.outputs = [] if cell.cell_type == "code" else cell.get("outputs", [])
            if not isinstance(cell.source, str):
                raise ValueError("a cell's source is not text")
    except Exception as exc:  # noqa: BLE001 - a malformed notebook is a row, not a crash
        return None, text, f"error: not a Jupyter notebook ({shorten(str(exc), 60)})"
    return nb, text, None


def read_submission(path: Path) -> tuple[bytes | None, str | None]:
    """The file's bytes, never through a symlink; or why not ("empty", too large, ...)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, f"error: the file cannot be read ({exc.strerror})"
    with os.fdopen(fd, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return None, "empty"
        if size > MAX_FILE:
            return None, f"error: the file is too large ({size // 1024 ** 2} MB)"
        return f.read(MAX_FILE + 1), None


def _course_cells(filename: str) -> set[str]:
    """The code cells of the course's own notebook of that number, as shipped: a student's
    cell equal to one of them is the teacher's code and is not flagged (as nbgrader trusts its
    checksummed cells)."""
    match = _NUMBERED.match(filename)
    if not match:
        return set()
    found = sorted((sandbox.COURSE / "notebooks").glob(f"{match.group(1)}_*.ipynb"))
    cells: set[str] = set()
    for course_nb in found[:1]:
        try:
            content = json.loads(course_nb.read_text(encoding="utf-8"))
            for cell in content.get("cells", []):
                if cell.get("cell_type") == "code":
                    source = cell.get("source", "")
                    cells.add(("".join(source) if isinstance(source, list) else source).strip())
        except (OSError, ValueError):
            pass
    return cells


def _cells_mentioning(nb) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for id in mentioned_ids(cell.source):
                where.setdefault(id, []).append(index + 1)
    return where


def _rows(name: str, expected: list[str], outcome: Outcome, where: dict[str, list[int]],
          flags: list, solutions: dict[str, int], sandbox_word: str) -> list[Row]:
    common = [f for f in flags if not f.id]
    if outcome.other_ids:
        known = sorted({i for i in outcome.other_ids if _ID.fullmatch(i)}, key=id_order)
        unknown = len({i for i in outcome.other_ids if not _ID.fullmatch(i)})
        what = ", ".join(known[:10]) + (" ..." if len(known) > 10 else "")
        if unknown:
            what += (", " if what else "") + f"{unknown} unknown id(s)"
        common.append(static.Flag(0, f"results for other notebooks' ids dropped: {what}"))
    common_text = "; ".join(f.text() if f.cell else f.what for f in common)
    rows = [Row(name, "", "notebook", status, message, flags=common_text, sandbox=sandbox_word)
            for status, message in outcome.events]
    for id in expected:
        kind = kind_of(id)
        cells = where.get(id, [])
        verdict = outcome.verdicts.get(id)
        own = [f.text() for f in flags if f.id == id]
        row = Row(name, id, kind, "", "", sandbox=sandbox_word)
        if verdict is not None:
            status = verdict.get("status", "")
            message = str(verdict.get("message", ""))
            if status == "fail" and verdict.get("published") == "pass":
                message = ("passes the published cases but not the cases drawn for this run: "
                           + message)
                own.append("passes only the published cases")
            if status == "pass" and id in solutions and (not cells or solutions[id] <= max(cells)):
                own.append(f"solution({id!r}) shown in cell {solutions[id]} before the passing "
                           "answer")
            row.status, row.message, row.full_message = status, message, message
            row.attempted = status in ("pass", "fail")
        elif cells and outcome.fatal_cell is not None and min(cells) >= outcome.fatal_cell:
            row.status, row.message = outcome.fatal, outcome.fatal_message
            if min(cells) > outcome.fatal_cell:
                row.status = f"not run: {outcome.fatal}"
        elif outcome.not_run_from is not None and cells and min(cells) >= outcome.not_run_from:
            row.status = f"not run: {outcome.not_run_status}"
            row.message = f"cell {min(cells)} did not run"
        elif not cells:
            if outcome.fatal and outcome.fatal_cell == 0:
                row.status, row.message = outcome.fatal, outcome.fatal_message
            else:
                call = "ask" if kind == "question" else "check"
                row.status = "missing"
                row.message = (f'no cell calls {call}("{id}", ...): the cell was deleted or '
                               "changed")
        elif any(c in outcome.cell_status for c in cells):
            c = next(c for c in cells if c in outcome.cell_status)
            row.status, row.message = outcome.cell_status[c]
            row.attempted = True
        elif kind == "question":
            row.status = "not attempted"
            row.message = (f'no choice recorded in code: write ask("{id}", choice="b") to hand '
                           "in an answer (clicks are not saved in the file)")
        else:
            skipped = sorted(set(cells) & set(outcome.not_run_by_judge))
            row.status = "missing"
            row.message = (f"cell {skipped[0]} has a flagged statement the grader did not run"
                           if skipped else f"cell {cells[0]} ran but recorded no result for {id}")
        row.flags = "; ".join([common_text, *own] if common_text else own)
        rows.append(row)
    if not rows:
        rows.append(Row(name, "", "notebook", "error: no exercises found",
                        "the file name has no notebook number and no cell calls check(...)",
                        sandbox=sandbox_word))
    return rows


async def grade_notebook(path: Path, name: str, options: Options | None = None) -> list[Row]:
    """Grade one notebook file: its rows, whatever happens to it."""
    options = options or Options()
    word = "sealed" if options.sealed else "not sealed"
    data, problem = read_submission(Path(path))
    nb, text = None, ""
    if data is not None:
        nb, text, problem = _load(data)
    source = text if nb is None else "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    expected = expected_ids(Path(path).name, source)
    if problem:
        message = "the file has 0 bytes: it was not saved" if problem == "empty" else ""
        outcome = Outcome(fatal=problem, fatal_message=message, fatal_cell=0,
                          events=[(problem, message)])
        return _rows(name, expected, outcome, {}, [], {}, word)
    where = _cells_mentioning(nb)
    code_cells = [(i + 1, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    course_cells = _course_cells(Path(path).name)
    flags, solutions = static.read([(n, src) for n, src in code_cells
                                    if src.strip() not in course_cells])
    outcome = Outcome()
    folder = Path(tempfile.mkdtemp(prefix="mathlib-grade-"))
    try:
        for sub in ("work", "run", "work/home", "work/home/.mpl"):
            (folder / sub).mkdir(mode=0o700)
        for cache in _font_cache():
            shutil.copyfile(cache, folder / "work" / "home" / ".mpl" / cache.name)
        (folder / "work" / "notebook.ipynb").write_bytes(data)
        budget = options.notebook_timeout + 3 * PROBE_S + 120
        try:
            await asyncio.wait_for(_execute(nb, folder, options, outcome), budget)
        except asyncio.TimeoutError:
            status = f"timeout after {options.notebook_timeout:g} s for the notebook"
            outcome.events.append((status, "the kernel did not answer; killed"))
            outcome.not_run_from = outcome.not_run_from or (max(outcome.ran, default=0) + 1)
            outcome.not_run_status = status
        except Exception as exc:  # noqa: BLE001 - one notebook never stops the others
            outcome.events.append(("error: grading failed", f"{type(exc).__name__}: {exc}"))
        ran = set(outcome.ran)
        cells = [(n, s) for n, s in code_cells if n in ran]
        if cells and expected:
            seed = options.seed if options.seed is not None else secrets.randbits(63)
            try:
                await _judge(folder, cells, expected, seed, options, outcome,
                             max(30.0, options.notebook_timeout))
            except Exception as exc:  # noqa: BLE001
                outcome.events.append(("error: the grader's own run failed",
                                       f"{type(exc).__name__}: {exc}"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _rows(name, expected, outcome, where, flags, solutions, word)
