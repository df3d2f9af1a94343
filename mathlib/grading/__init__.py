"""Grading a class: each submission sealed in a sandbox, judged by the grader, tampering flagged.

- :mod:`.sandbox` bubblewrap's command line, the minimal environment, the resource limits;
- :mod:`.limits` the launcher that sets the limits inside the sandbox;
- :mod:`.runner` one notebook: its kernel, then the grader's own run (:mod:`.judge`), its rows;
- :mod:`.static` the read of the student's cells that flags what honest work never does;
- :mod:`.report` rows, the CSV (atomic, inert in a spreadsheet), the summary, feedback files;
- :mod:`.cli` ``python -m mathlib.grade``.

What is and is not protected: docs/grading.md.

Its dependencies are the ``grade`` extra (pyproject.toml): ``pip install "mathlib[grade]"``.
"""

import importlib.util

# The import name of each package of pyproject.toml's `grade` extra (explore's included: the
# submissions' kernels import matplotlib and the widgets).
REQUIRES = ("nbformat", "nbclient", "jupyter_client", "ipykernel", "matplotlib", "ipywidgets",
            "ipympl", "anywidget")


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):   # set to None in sys.modules, or broken
        return False


_MISSING = [name for name in REQUIRES if not _installed(name)]
if _MISSING:
    raise ImportError(
        f"mathlib.grade needs {', '.join(_MISSING)}, not installed here: install the grader's "
        'extra, pip install "mathlib[grade]" (in a clone of the course: pip install -e ".[grade]",'
        " or run make grade, which sets up .venv)")

from .cli import find_notebooks, grade, main
from .report import CSV_COLUMNS, Row, clean, id_order, inert, shorten, summary, write_csv
from .runner import Options, expected_ids, grade_notebook, kind_of, mentioned_ids
from .sandbox import Limits, sandbox_problem

__all__ = ["find_notebooks", "grade", "main", "CSV_COLUMNS", "Row", "clean", "id_order", "inert",
           "shorten", "summary", "write_csv", "Options", "expected_ids", "grade_notebook",
           "kind_of", "mentioned_ids", "Limits", "sandbox_problem"]
