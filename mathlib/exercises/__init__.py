"""Exercises with immediate feedback.

In a notebook the learner writes an answer and calls ``check``::

    from mathlib.exercises import check, hint, solution
    answer = ...            # your code here
    check("01.1", answer)   # prints: correct, or what is wrong and a hint

An unattempted exercise (``...`` or ``None``, or a function still returning ``None``) prints
"not attempted yet" and never stops "Run All". ``hint(id)`` prints the hint; ``solution(id)``
prints the reference solution, which lives here rather than in the notebook.

Each exercise is registered with a *checker* (answer -> None if right, else what is wrong), a
hint, a reference solution and at least one wrong answer; the tests run every reference solution
and every wrong answer through its checker.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Exercise", "Result", "check", "hint", "solution", "exercise", "REGISTRY",
           "NotAttempted", "call"]

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"


class NotAttempted(Exception):
    """Raised by a checker when the answer is still the blank template."""


@dataclass(frozen=True)
class Result:
    status: str   # "pass", "fail" or "not attempted"
    message: str

    @property
    def passed(self) -> bool:
        return self.status == PASS


@dataclass
class Exercise:
    """One exercise: ``checker(answer)`` returns None when the answer is right, else the problem."""

    id: str
    title: str
    checker: Callable[[Any], str | None]
    hint: str
    solution: Callable[[], Any]
    wrong: list = field(default_factory=list)

    def evaluate(self, answer) -> Result:
        """Judge ``answer`` without printing: a Result with a status and a message."""
        if answer is None or answer is Ellipsis:
            return Result(NOT_ATTEMPTED, f"Exercise {self.id} is not attempted yet: replace the "
                                         "... with your answer and run the cell again.")
        try:
            problem = self.checker(answer)
        except NotAttempted as exc:
            return Result(NOT_ATTEMPTED, f"Exercise {self.id} is not attempted yet: {exc}")
        except Exception as exc:  # the learner's code failed: say how, do not crash the notebook
            return Result(FAIL, f"Not yet: running your answer raised {type(exc).__name__}: "
                                f"{exc}\nHint: {self.hint}")
        if problem is None:
            return Result(PASS, f"Correct! Exercise {self.id} ({self.title}) is done.")
        return Result(FAIL, f"Not yet: {problem}\nHint: {self.hint}")

    def solution_source(self) -> str:
        """The reference solution as code: a function's source, or the value it gives."""
        if self.solution.__name__ == "<lambda>":
            return f"answer = {self.solution()!r}"
        return textwrap.dedent(inspect.getsource(self.solution))


REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, title: str, *, hint: str, solution: Callable[[], Any], wrong: list):
    """Register the decorated checker as exercise ``id``."""
    def register(checker):
        if id in REGISTRY:
            raise ValueError(f"exercise {id!r} is registered twice")
        REGISTRY[id] = Exercise(id, title, checker, hint, solution, list(wrong))
        return checker
    return register


def call(function, *args):
    """Call the learner's ``function``; a result of None or ... means "not written yet"."""
    if not callable(function):
        raise TypeError(f"expected a function (def ...), got {type(function).__name__}")
    out = function(*args)
    if out is None or out is Ellipsis:
        raise NotAttempted("your function returns None; replace the ... with your code "
                           "and return the result.")
    return out


def _get(id: str) -> Exercise:
    if id not in REGISTRY:
        raise ValueError(f"no exercise {id!r}; the exercises are {', '.join(sorted(REGISTRY))}")
    return REGISTRY[id]


def check(id: str, answer) -> None:
    """Print whether ``answer`` solves exercise ``id``, and if not, what is wrong and a hint."""
    result = _get(id).evaluate(answer)
    mark = {PASS: "\u2714", FAIL: "\u2718", NOT_ATTEMPTED: "\u2026"}[result.status]
    print(f"{mark} {result.message}")


def hint(id: str) -> None:
    """Print the hint of exercise ``id``."""
    print(f"Hint for {id}: {_get(id).hint}")


def solution(id: str) -> None:
    """Print the reference solution of exercise ``id`` (try it yourself first!)."""
    print(_get(id).solution_source())


# Register the exercises of every notebook.
from . import nb00, nb01  # noqa: E402,F401
