"""Shared by the explorer tests: move every control of an explorer to its extremes."""

import itertools
import warnings


def extremes(control) -> list:
    """A control's extreme values: a slider's min and max (a log slider's in its own units),
    every option of a choice."""
    if hasattr(control, "options") and not hasattr(control, "min"):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if hasattr(control, "base"):
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


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
