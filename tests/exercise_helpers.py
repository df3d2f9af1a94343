"""What every exercise test shares: the check that a message speaks to the learner, the autouse
fixture that no checker crashes, and the three ways a test reads a verdict.

A test module imports what it uses, and ``no_checker_defects`` to make the fixture active in it::

    from .exercise_helpers import fail_message, no_checker_defects  # noqa: F401
"""

import importlib
import json
import re
from pathlib import Path

import pytest

from mathlib.exercises import REGISTRY, Result, _core, _feedback, evaluate, nb00, nb01, questions

NA, FAIL, PASS = "not attempted", "fail", "pass"

_LEARNER_NAMES = {ex.name for ex in REGISTRY.values()}

_INTERNAL_NAMES = sorted({name for module in (_core, _feedback, nb00, nb01, questions)
                          for name, value in vars(module).items()
                          if callable(value) and "_" in name
                          and getattr(value, "__module__", "").startswith("mathlib")}
                         - _LEARNER_NAMES) + ["LearnerFunction", "Wrong"]

_INTERNALS = re.compile(r"mathlib|checker|Traceback \(most recent|site-packages|File \"|"
                        r"0-dimensional|could not be checked|"
                        + "|".join(rf"\b{re.escape(n)}\b" for n in _INTERNAL_NAMES))


@pytest.fixture(autouse=True)
def no_checker_defects():
    """Whatever a test feeds in, no checker may crash (that would hide what the learner did)."""
    _core._CHECKER_DEFECTS.clear()
    yield
    assert _core._CHECKER_DEFECTS == []


# a dotted mathlib name a learner may be told ("your function called mathlib.stats.median"): not
# followed by "._private", a "/" or more of a name
_MATHLIB_NAME = re.compile(r"\bmathlib(?:\.[A-Za-z]\w*)+(?!\.?[\w/])")


def _is_public_mathlib_name(dotted: str) -> bool:
    """True for a public mathlib module or function ("mathlib.stats.median"), not for the
    exercise machinery (mathlib.exercises...) or a name that does not exist."""
    parts = dotted.split(".")
    if len(parts) < 2 or parts[1] == "exercises":
        return False
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


def assert_speaks_to_learner(result: Result):
    """The message talks to the learner: no internals (checker names, file paths, tracebacks,
    the exercise machinery); a public mathlib function it names ("your function called
    mathlib.calculus.derivative ...") is what the learner used, and allowed."""
    assert result.message.strip()
    message = _MATHLIB_NAME.sub(
        lambda m: "a public name" if _is_public_mathlib_name(m.group()) else m.group(),
        result.message)
    found = _INTERNALS.search(message)
    assert found is None, f"the message names {found.group()!r}: {result.message}"


def fail_message(id, answer) -> str:
    """The message of a failing answer, which must speak to the learner."""
    result = evaluate(id, answer)
    assert result.status == FAIL, result.message
    assert_speaks_to_learner(result)
    return result.message


def assert_passes(id, answer) -> None:
    result = evaluate(id, answer)
    assert result.status == PASS, result.message


def refused_message(id, answer) -> str:
    """The message for a forbidden call: it names the refused tool (mathlib's too)."""
    result = evaluate(id, answer)
    assert result.status == FAIL, result.message
    assert "your function called " in result.message
    return result.message


def cell_text(notebook: str, cell_id: str) -> str:
    """The text of a notebook's cell (by its id), with white space folded: for tests that the
    text says what the checker does. ``notebook`` is the file name in notebooks/."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / notebook
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join(next(c for c in cells if c.get("id") == cell_id)["source"])
    return " ".join(text.split())
