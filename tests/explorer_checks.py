"""Shared by the explorer tests: move every control of an explorer to its extremes."""

import itertools
import warnings

from tools.kernel_code import (corner_settings, extremes, picture_problems,  # noqa: F401
                          save_problems)


def honest_at_corners(ex, limit=48) -> list[str]:
    """:func:`picture_problems` at every corner of ``ex`` (each once) and after a savefig."""
    problems, seen, settings = [], set(), corner_settings(ex, limit)
    for setting in settings:
        ex.set(**setting)
        for problem in picture_problems(ex):
            if problem not in seen:
                seen.add(problem)
                problems.append(f"{setting}: {problem}")
    problems += save_problems(ex, settings[0], settings[-1])
    ex.reset()
    return problems


def corners(ex):
    """Set every combination of extremes, with warnings as errors; yield the values set.

    After each move the explorer must not have failed (``ex.last_error is None``).
    """
    for values in itertools.product(*(extremes(c) for c in ex.controls.values())):
        setting = dict(zip(ex.controls, values))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ex.set(**setting)
        assert ex.last_error is None
        yield setting
