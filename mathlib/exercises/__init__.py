"""Exercises and concept questions with immediate feedback.

In a notebook the learner writes an answer and calls ``check``::

    from mathlib.exercises import check, hint, solution
    def predict(w, b, x):
        ...                      # your code here
    check("00.1", predict)       # ✔ Correct! / ✘ Not yet: what is wrong / … not attempted yet

Only the untouched template (``...``, ``None``, or a function whose body is still only ``...``)
is "not attempted"; everything else is judged, and "Run All" never stops at an exercise.
``hint(id)`` gives a nudge, and a more specific one each time it is called again; only
``solution(id)`` shows code. ``evaluate(id, answer)`` returns the Result without printing and
``reference(id)`` the reference answer. Concept questions: ``ask("01.q1")`` shows one with a
button per option (see :mod:`mathlib.exercises.questions`). ``RESULTS`` holds the latest result
of every exercise checked and question answered in this kernel, for grading.

The machinery is in ``_core`` (judging, hints, solutions), ``_feedback`` (the words for what a
learner returned, shared by every checker), ``_rules`` (what an exercise forbids, enforced by
what the learner's code calls: ``exercise(..., forbidden=(MEDIAN, SCIPY))``), ``_slips``
(plausible wrong answers and their words, named only when they are the cause), ``_cases``
(data several notebooks' cases share) and ``questions``; the exercises of notebook NN are in
``nbNN.py`` (with ``NOTEBOOK = "NN"``) and its questions in ``questions_NN.py``, found and
imported in order by :func:`notebook_modules` (a new notebook needs no line here). With the
environment variable ``MATHLIB_HIDE_SOLUTIONS=1`` (graded work)
``solution`` and ``reference`` say that solutions are hidden; ``hint`` still works.
"""

from __future__ import annotations

from ._core import (FAIL, NOT_ATTEMPTED, PASS, REGISTRY, RESULTS, Exercise, Result,
                    SolutionsHidden, case_rng, check, evaluate, exercise, hint, reference,
                    set_case_seed, solution)
from ._feedback import Wrong
from ._rules import (CALCULUS, COVARIANCE, MEDIAN, NORM, SCIPY, WHOLE_PRODUCT, Rule, forbid_module,
                     forbid_object)
from ._slips import Slip, compare_cases, name_slip
from .questions import QUESTIONS, Question, ask, evaluate_question, question

__all__ = ["check", "hint", "solution", "evaluate", "reference", "ask", "evaluate_question",
           "question", "exercise", "REGISTRY", "QUESTIONS", "RESULTS", "Result", "Exercise",
           "Question", "Wrong", "PASS", "FAIL", "NOT_ATTEMPTED", "SolutionsHidden", "case_rng",
           "set_case_seed", "Rule", "forbid_object", "forbid_module", "MEDIAN", "COVARIANCE",
           "NORM", "SCIPY", "CALCULUS", "WHOLE_PRODUCT", "Slip", "name_slip", "compare_cases",
           "notebook_modules"]

# Register the exercises and questions of every notebook: nbNN.py, then questions_NN.py, in the
# order of the notebooks, found in this folder (a new notebook's modules need no line here).
import importlib as _importlib  # noqa: E402
import pkgutil as _pkgutil  # noqa: E402
import re as _re  # noqa: E402

_NOTEBOOK_MODULE = _re.compile(r"(nb|questions_)(\d\d)")


def notebook_modules() -> list[str]:
    """The names of the modules of the notebooks' exercises and questions, in order: ``nb00``,
    ``questions_00``, ``nb01``, ... (each ``nbNN`` and ``questions_NN`` found in this package)."""
    found = [m.name for m in _pkgutil.iter_modules(__path__) if _NOTEBOOK_MODULE.fullmatch(m.name)]
    return sorted(found, key=lambda name: (_NOTEBOOK_MODULE.fullmatch(name)[2], name))


for _name in notebook_modules():
    _importlib.import_module(f"{__name__}.{_name}")
