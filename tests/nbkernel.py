"""Run a course notebook in a real kernel, headless, and talk to that kernel afterwards.

Shared by the slider sweep (tests/test_sweep.py) and the benchmark (tools/bench.py).
"""

from __future__ import annotations

import json
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

    def run(self, code: str) -> str:
        """Run ``code`` in the notebook's kernel and return what it printed (stdout)."""
        cell = nbformat.v4.new_code_cell(code)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        return "".join(o.get("text", "") for o in cell.outputs
                       if o.output_type == "stream" and o.name == "stdout")

    def call(self, function: str, **kwargs):
        """Call ``function`` from tests/kernel_code.py inside the kernel; return its JSON result."""
        out = self.run(f"exec(open({str(KERNEL_CODE)!r}).read())\n"
                       f"print('RESULT' + __import__('json').dumps({function}(**{kwargs!r})))")
        return json.loads(out.rsplit("RESULT", 1)[1])

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


@contextmanager
def executed(path: Path, timeout: int = 120):
    """Execute every cell of the notebook at ``path``; yield a Session, then stop the kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()  # the time a learner waits: kernel start and every cell
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        yield Session(client, nb, time.perf_counter() - start)
