"""Run a course notebook in a real kernel, headless, and talk to that kernel afterwards.

Shared by the slider sweep (tests/test_sweep.py), the re-run and reproducibility test
(tests/test_rerun.py) and the benchmark (tools/bench.py).
"""

from __future__ import annotations

import copy
import json
import re
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL_CODE = Path(__file__).resolve().parent / "kernel_code.py"


def notebooks() -> list[Path]:
    """Every course notebook, in order: notebooks/NN_words.ipynb."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def explorer_count(path: Path) -> int:
    """How many explorers a notebook displays: the ``.explorer(`` calls in its code cells."""
    nb = nbformat.read(path, as_version=4)
    return sum(c.source.count(".explorer(") for c in nb.cells if c.cell_type == "code")


class Session:
    """A notebook whose cells have all run, with its kernel still alive."""

    def __init__(self, client: NotebookClient, nb, execute_s: float):
        self.client, self.nb, self.execute_s = client, nb, execute_s
        self.n_cells = len(nb.cells)  # the notebook's own cells; run()/rerun() append after them

    def run(self, code: str) -> str:
        """Run ``code`` in the notebook's kernel and return what it printed (stdout)."""
        cell = nbformat.v4.new_code_cell(code)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        return "".join(o.get("text", "") for o in cell.outputs
                       if o.output_type == "stream" and o.name == "stdout")

    def call(self, function: str, **kwargs):
        """Call ``function`` from tools/kernel_code.py inside the kernel; return its JSON result."""
        out = self.run(f"exec(open({str(KERNEL_CODE)!r}).read())\n"
                       f"print('RESULT' + __import__('json').dumps({function}(**{kwargs!r})))")
        return json.loads(out.rsplit("RESULT", 1)[1])

    def rerun(self, times: int = 1) -> list[str]:
        """Run every code cell of the notebook again, in order, each ``times`` times in a row
        (``times=1``: Run All again; ``times=2``: every cell twice in a row), as a learner does.

        The notebook's own cells keep the outputs of the first execution; the re-runs are
        appended after them. Returns the problems: errors (a cell tagged ``raises-exception``
        may raise), anything on stderr, warnings (every warning is shown, even one that an
        earlier run already showed: see :data:`SHOW_EVERY_WARNING`).
        """
        from nbclient.exceptions import CellExecutionError

        self.run(SHOW_EVERY_WARNING)
        problems = []
        label = "Run All again" + (f", each cell {times} times in a row" if times > 1 else "")
        for index, original in enumerate(self.nb.cells[:self.n_cells]):
            if original.cell_type != "code" or not original.source.strip():
                continue
            expect_error = "raises-exception" in original.get("metadata", {}).get("tags", [])
            for run in range(times):
                cell = nbformat.v4.new_code_cell(original.source, metadata=original.metadata)
                self.nb.cells.append(cell)
                try:
                    self.client.execute_cell(cell, len(self.nb.cells) - 1)
                except CellExecutionError:
                    pass  # reported from its outputs below
                for out in cell.outputs:
                    where = f"{label}: cell {index} (run {run + 1})"
                    if out.output_type == "error" and not expect_error:
                        problems.append(f"{where}: {out.ename}: {out.evalue}")
                    elif out.output_type == "stream" and out.name == "stderr":
                        problems.append(f"{where} wrote to stderr: {out.text.strip()[:300]}")
        return problems

    def output_problems(self) -> list[str]:
        """Errors and warnings printed by the notebook's own cells."""
        problems = []
        for i, cell in enumerate(self.nb.cells):
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    problems.append(f"cell {i}: {out.ename}: {out.evalue}")
                elif out.output_type == "stream" and out.name == "stderr":
                    problems.append(f"cell {i} wrote to stderr: {out.text.strip()[:300]}")
        return problems


# Shown before re-running cells: every warning every time (Python shows a warning from the same
# line only once, so a second run would hide what a learner sees on the first), except the
# deprecation warnings that Python hides from learners anyway (those of libraries).
SHOW_EVERY_WARNING = """\
import warnings as _w
_w.simplefilter("always")
for _c in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
    _w.filterwarnings("ignore", category=_c)
_w.filterwarnings("always", category=DeprecationWarning, module="__main__")
del _w, _c
"""


# -- reproducible outputs ------------------------------------------------------------------------

# What may differ between two executions of a notebook: the ids of widget models (and any other
# 32-hex-digit id, as in the HTML of a widget's view). Execution counts are not compared.
_WIDGET_ID = re.compile(r"\b[0-9a-f]{32}\b")
# What must never be in an output, because it differs between runs or between machines.
_UNSTABLE = {
    "a memory address": re.compile(r"\bat 0x[0-9a-fA-F]{6,}"),
    "a date and time": re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d"),
    "a time of day": re.compile(r"\b\d\d:\d\d:\d\d(\.\d+)?\b"),
}
_BASE64 = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")

# Normalised outputs of every fresh execution by executed(), by notebook path (in order): two
# tests that each execute a notebook afresh (the slider sweep and the re-run test) can compare
# them without a third kernel.
FRESH_OUTPUTS: dict[str, list[list]] = {}
# The first fresh execution of each notebook in this process, by path: the notebook as it stood
# when its last cell had run (a copy: later calls add cells to the session's notebook). The
# static site's test exports these pages instead of executing every notebook once more.
FRESH_NOTEBOOKS: dict[str, "nbformat.NotebookNode"] = {}


def normalized_outputs(cells) -> list:
    """The outputs of ``cells`` as comparable data: one list per code cell of (type, name or
    mime type, text), with widget ids replaced by ``<id>`` and consecutive pieces of the same
    stream joined (as the page shows them)."""
    result = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        outs = []
        for out in cell.get("outputs", []):
            kind = out["output_type"]
            if kind == "stream":
                if outs and outs[-1][:2] == (kind, out["name"]):
                    # one print may arrive in two messages, as a learner never sees: join them
                    outs[-1] = (kind, out["name"], outs[-1][2] + out["text"])
                else:
                    outs.append((kind, out["name"], out["text"]))
            elif kind == "error":
                outs.append((kind, out["ename"], out["evalue"]))
            else:
                for mime, value in sorted(out.get("data", {}).items()):
                    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
                    outs.append((kind, mime, _WIDGET_ID.sub("<id>", text)))
        result.append(outs)
    return result


def unstable_output_problems(cells) -> list[str]:
    """Memory addresses, dates and times of day in the outputs of ``cells`` (images and other
    base64 data excluded)."""
    problems = []
    code = [c for c in cells if c.get("cell_type") == "code"]
    for i, outs in enumerate(normalized_outputs(code)):
        for kind, name, text in outs:
            if name.startswith("image/"):
                continue
            text = _BASE64.sub("", text)
            for what, pattern in _UNSTABLE.items():
                m = pattern.search(text)
                if m:
                    start = max(0, m.start() - 60)
                    problems.append(f"code cell {i} ({name}) shows {what}: "
                                    f"...{text[start:m.end() + 20]}...")
    return problems


def output_differences(a: list, b: list, limit: int = 3) -> list[str]:
    """The code cells whose normalised outputs differ between two executions (at most
    ``limit``), with the first differing output of each, shortened."""
    diffs = []
    if len(a) != len(b):
        return [f"{len(a)} code cells in one execution, {len(b)} in the other"]
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if len(x) != len(y):
            diffs.append(f"code cell {i}: {len(x)} outputs, then {len(y)}: "
                         f"{[(k, n, t[:80]) for k, n, t in x if (k, n, t) not in y]} / "
                         f"{[(k, n, t[:80]) for k, n, t in y if (k, n, t) not in x]}")
        else:
            (kx, nx, tx), (ky, ny, ty) = next((u, v) for u, v in zip(x, y) if u != v)
            at = next((k for k, (c, d) in enumerate(zip(tx, ty)) if c != d), min(len(tx), len(ty)))
            diffs.append(f"code cell {i} ({nx}): ...{tx[max(0, at - 40):at + 60]!r}... "
                         f"then ...{ty[max(0, at - 40):at + 60]!r}...")
        if len(diffs) >= limit:
            break
    return diffs


@contextmanager
def executed(path: Path, timeout: int = 120):
    """Execute every cell of the notebook at ``path``; yield a Session, then stop the kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()  # the time a learner waits: kernel start and every cell
    with client.setup_kernel():
        # the kernel's language_info in the notebook's metadata, as nbclient's execute() sets it
        # (an exported page highlights the code by it)
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        key = str(Path(path).resolve())
        FRESH_OUTPUTS.setdefault(key, []).append(normalized_outputs(nb.cells))
        FRESH_NOTEBOOKS.setdefault(key, copy.deepcopy(nb))
        yield Session(client, nb, time.perf_counter() - start)
