"""Declarative slips: a plausible wrong answer (a wrong function) and the words that name it.

A slip is named ONLY when it is the cause: the learner's results match that slip on every case
they answered, and no other listed slip matches them all. A checker lists its slips and calls one
helper::

    from ._slips import Slip, compare_cases, TRANSPOSED, FORGOT_SQRT, n_minus_1

    SLIPS = (TRANSPOSED, n_minus_1(),
             Slip(lambda X: X.mean(axis=1), "you averaged along axis 1, across each row; the "
                  "mean of each feature runs down the column, axis=0"))

    def _check_means(means):
        return compare_cases(means, _cases(), lambda X: X.mean(axis=0), slips=SLIPS,
                             what="the mean of each column",
                             where=lambda X: f"for X of shape {X.shape}")

A slip is either ``Slip(wrong, words)``, with ``wrong`` taking the exercise's arguments (like the
learner's function), or a transform of the right result, ``Slip.of_result(lambda want: want.T,
words)``, or a transform seeing both, ``Slip.of_result(lambda want, *args: ..., words)``. The
library below holds the slips shared across exercises; give them the exercise's own words with
``TRANSPOSED.saying("...")``. :func:`name_slip` is the underlying rule and :func:`compare_cases`
runs a whole check: every case, the reference, the tolerance, the slips, the message.

A checker that writes its own message uses the same rule through one of two doors:
:func:`run_cases` then :func:`cause_in_results` (the learner's values collected while judging), or
:func:`cause_of_calls` (the learner's function called again on every case). Every "which slip was
it" in the package goes through :func:`name_slip`; there is no other copy of the rule. A by-hand
answer has one case: :func:`cause_of_value` names the usual wrong number a learner's number is,
and :func:`by_hand_problem` writes the whole message for a tuple of numbers.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np

from ._core import LearnerRaised, arg_text
from ._feedback import Wrong, as_array_of_shape, as_number, as_numbers, close, fmt, fmt_pair

__all__ = ["Slip", "quiet", "name_slip", "compare_cases", "run_cases", "cause_in_results",
           "cause_of_calls", "cause_of_value", "by_hand_problem", "as_slip", "TRANSPOSED", "NEGATED", "SQUARED",
           "FORGOT_SQRT", "EXTRA_SQRT", "LOG10_FOR_LN", "LOG2_FOR_LN", "ROUNDED", "sum_for_mean",
           "n_minus_1", "n_for_n_minus_1", "wrong_axis", "SLIP_LIBRARY"]


def quiet(function: Callable) -> Callable:
    """The learner's ``function``, called with numpy's floating-point warnings silenced: an
    overflow in their code neither leaks into the notebook nor stops the check; the inf or NaN it
    gives is diagnosed instead. ``quiet(f)(x)``."""
    def call(*args):
        with np.errstate(all="ignore"):
            return function(*args)
    return call


@dataclass(frozen=True)
class Slip:
    """A wrong answer and its words. ``wrong(*args)`` is what the slip returns for the arguments
    of one case; with ``of_result`` it is computed from the right result instead. ``matches`` may
    replace the comparison (a slip that is a property, such as rounding)."""

    wrong: Callable | None
    words: str
    name: str = ""
    from_result: bool = False
    matches: Callable | None = None      # matches(got, want, args) -> bool

    @classmethod
    def of_result(cls, transform: Callable, words: str, name: str = "") -> Slip:
        """A slip computed from the right result: ``transform(want)`` or
        ``transform(want, *args)``."""
        return cls(transform, words, name, from_result=True)

    def saying(self, words: str) -> Slip:
        """The same slip, told with an exercise's own words."""
        return dataclasses.replace(self, words=words)

    def result(self, want, args):
        """What the slip gives for one case (raises when it does not apply to the case)."""
        if self.from_result:
            try:
                n_params = len(inspect.signature(self.wrong).parameters)
            except (TypeError, ValueError):
                n_params = 1
            return self.wrong(want, *args) if n_params > 1 else self.wrong(want)
        return self.wrong(*args)

    def fits(self, got, want, args, same: Callable):
        """True when the learner's ``got`` is what this slip gives for this case, False when it
        is not, None when the slip says nothing about the case (it does not apply: it raises,
        or gives None or a number that is not finite)."""
        try:
            with np.errstate(all="ignore"):
                if self.matches is not None:
                    return bool(self.matches(got, want, args))
                wrong = self.result(want, args)
                if wrong is None or (np.ndim(wrong) == 0 and not np.isfinite(float(wrong))):
                    return None
                return bool(np.shape(wrong) == np.shape(got) and same(got, wrong))
        except Exception:                      # the slip does not apply to this case
            return None

    def __repr__(self) -> str:
        return f"<slip {self.name or self.words[:30]!r}>"


def _n(args) -> int:
    """The number of examples of a case: the length of its first argument."""
    return len(args[0])


def _rounded(got, want, args) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape or close(got, want):
        return False
    return any(np.array_equal(got, np.round(want, d)) for d in range(0, 9))


# -- the library: slips shared across exercises (give them an exercise's words with .saying) -----
TRANSPOSED = Slip.of_result(lambda want: np.asarray(want).T,
                            "your result is the transpose of the right one: rows and columns are "
                            "swapped", "transposed")
NEGATED = Slip.of_result(lambda want: -np.asarray(want), "your result has the wrong sign",
                         "negated")
SQUARED = Slip.of_result(lambda want: np.asarray(want) ** 2,
                         "your result is the square of the right one", "squared")
FORGOT_SQRT = Slip.of_result(lambda want: np.asarray(want) ** 2,
                             "your result is the square of the right one: the square root is "
                             "missing", "forgot the square root")
EXTRA_SQRT = Slip.of_result(lambda want: np.sqrt(want),
                            "your result is the square root of the right one: there is a square "
                            "root too many", "extra square root")
LOG10_FOR_LN = Slip.of_result(lambda want: np.asarray(want) / math.log(10),
                              "your result is in base-10 logarithms (np.log10); this one uses the "
                              "natural logarithm, np.log", "log10 instead of ln")
LOG2_FOR_LN = Slip.of_result(lambda want: np.asarray(want) / math.log(2),
                             "your result is in base-2 logarithms (np.log2, bits); this one uses "
                             "the natural logarithm, np.log (nats)", "log2 instead of ln")
ROUNDED = Slip(None, "your result is the right one rounded: return the computed value without "
                     "round() or np.round", "rounded", matches=_rounded)


def sum_for_mean(n: Callable = _n, words: str | None = None) -> Slip:
    """The sum where the mean is asked: n times the right result (n: the length of argument 0)."""
    return Slip.of_result(lambda want, *args: np.asarray(want) * n(args),
                          words or "your result is n times too large: a sum where the mean is "
                                   "asked (divide by the number of values, or use np.mean)",
                          "missing mean")


def n_minus_1(n: Callable = _n, words: str | None = None) -> Slip:
    """Dividing by n - 1 where the exercise divides by n."""
    return Slip.of_result(lambda want, *args: np.asarray(want) * n(args) / (n(args) - 1),
                          words or "you divided by n - 1; this one divides by n, the number of "
                                   "values", "n-1 for n")


def n_for_n_minus_1(n: Callable = _n, words: str | None = None) -> Slip:
    """Dividing by n where the exercise divides by n - 1 (the sample estimate)."""
    return Slip.of_result(lambda want, *args: np.asarray(want) * (n(args) - 1) / n(args),
                          words or "you divided by n; this one divides by n - 1 (the sample "
                                   "estimate)", "n for n-1")


def wrong_axis(function: Callable, words: str | None = None) -> Slip:
    """The exercise's computation along the other axis: ``function`` is it, written by the
    exercise (``lambda X: X.mean(axis=1)``)."""
    return Slip(function, words or "you computed along the other axis: axis=0 runs down the "
                                   "columns (one result per column), axis=1 along the rows",
                "wrong axis")


SLIP_LIBRARY = {s.name: s for s in (TRANSPOSED, NEGATED, SQUARED, FORGOT_SQRT, EXTRA_SQRT,
                                    LOG10_FOR_LN, LOG2_FOR_LN, ROUNDED, sum_for_mean(),
                                    n_minus_1(), n_for_n_minus_1())}


# -- naming the cause -----------------------------------------------------------------------------
def as_slip(slip) -> Slip:
    """A slip given as a :class:`Slip` or as the pair ``(wrong, words)`` (``wrong`` taking the
    exercise's arguments), as a Slip."""
    if isinstance(slip, Slip):
        return slip
    wrong, words = slip
    return Slip(wrong, words)


def name_slip(gots: Sequence, wants: Sequence, cases: Sequence[tuple], slips: Iterable[Slip],
              same: Callable | None = None, failing: int | None = None) -> Slip | None:
    """The one slip that gives the learner's results ``gots`` on every case, or None.

    ``wants`` are the right results and ``cases`` the argument tuples, case by case (only the
    cases the learner answered); ``failing`` is the index of the first wrong case (by default the
    first case where ``gots`` and ``wants`` differ). ``wants`` may be None when ``failing`` is
    given and no slip is computed from the right result. ``slips`` are :class:`Slip` objects or
    ``(wrong, words)`` pairs. A slip is named when it gives the learner's
    result on the failing case and on every other case it says something about (a slip may not
    apply to a case: it raises, or returns None or a non-finite number), and when no slip with
    other words does the same. A slip equal to the right answer on every case tells nothing and
    is never named.
    """
    same = same or (lambda got, wrong: close(got, wrong, scale=_scale(wrong)))
    cases = [tuple(c) for c in cases]
    if wants is None and failing is not None:
        wants = [None] * len(cases)
    if not cases or wants is None or len(gots) != len(cases) or len(wants) != len(cases):
        return None
    if failing is None:
        failing = next((i for i, (g, w) in enumerate(zip(gots, wants))
                        if not (np.shape(g) == np.shape(w) and _same_safe(same, g, w))), None)
        if failing is None:
            return None
    fitting: dict[str, Slip] = {}
    for slip in map(as_slip, slips):
        verdicts = [slip.fits(g, w, a, same) for g, w, a in zip(gots, wants, cases)]
        if verdicts[failing] is not True or False in verdicts:
            continue
        if all(w is not None and slip.fits(w, w, a, same) for w, a in zip(wants, cases)):
            continue                                  # the slip is the right answer here
        fitting.setdefault(slip.words, slip)
    return next(iter(fitting.values())) if len(fitting) == 1 else None


def _same_safe(same, got, want) -> bool:
    try:
        return bool(same(got, want))
    except (TypeError, ValueError):
        return False


def _scale(value) -> float:
    try:
        return max(1.0, float(np.max(np.abs(np.asarray(value, dtype=float)), initial=0.0)))
    except (TypeError, ValueError):
        return 1.0


def _convert(result, want, what: str):
    if np.ndim(want) == 0:
        return as_number(result, what)
    try:
        return as_array_of_shape(result, np.shape(want), what)
    except Wrong as exc:
        # "should have" reads right after a singular or a plural ``what`` ("the gradient", "the
        # gaps (graph minus chord, one per t)"); "has shape" read right only after the first
        message = str(exc)
        for verb, should in ((" has shape ", " should have shape "),
                             (" is an array of numbers", " should be an array of numbers"),
                             (" holds finite numbers", " should hold finite numbers")):
            message = message.replace(f"; {what}{verb}", f"; {what}{should}")
        raise Wrong(message) from None


def _loose(result):
    """The learner's result as numbers when numpy can read it so (for comparing with slips)."""
    try:
        a = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return result
    return a if a.ndim else float(a)


def _default_where(args) -> str:
    return (f"for the input{'s' * (len(args) != 1)} " + ", ".join(arg_text(a) for a in args)
            + ":")


def compare_cases(function, cases: Iterable, reference: Callable, *, slips: Iterable[Slip] = (),
                  what: str = "the result", where: Callable | None = None,
                  rtol: float | None = None, each: tuple[str, str] | None = None) -> str | None:
    """Run the learner's ``function`` on every case; None when every result is right.

    ``cases`` are argument tuples; ``reference(*args)`` gives the right result (a number or an
    array); ``where(*args)`` says which case it is ("for X of shape (3, 4)"). Results are
    compared with :func:`close` (the tolerance fits the size of the reference; ``rtol`` replaces
    it for an exercise whose exact answer is reached to more digits, e.g. 1e-11). On a wrong
    result the message is the slip that fits every answered case (see :func:`name_slip`), else
    the first wrong case with the right and the learner's numbers: the entry that is furthest
    off, by its numpy index ("entry [1] of ...", counted from 0 as numpy does), or, with
    ``each=("x", "f")`` for a function of a 1-D array of inputs that returns one value per
    input, by its input ("at x = -1, f should be 6.5").
    """
    cases = [c if isinstance(c, tuple) else (c,) for c in cases]
    slips = tuple(slips)
    answered, gots, wants = [], [], []
    where = where or (lambda *args: _default_where(args))

    def same(got, want):
        return close(got, want, scale=_scale(want), rtol=rtol)

    problem = None                                # the first wrong case: (index, Wrong or None)
    for args in cases:
        want = reference(*args)
        try:
            result = function(*args)
        except Exception:
            if problem is None:
                raise                             # their error, or a forbidden call, as it is
            break                                 # later cases only help name a slip
        answered.append(args)
        wants.append(want)
        gots.append(_loose(result))
        if problem is None:
            try:
                got = _convert(result, want, f"{where(*args)} {what}")
            except Wrong as exc:
                problem = (len(gots) - 1, exc)
                continue
            gots[-1] = got
            if not same(got, want):
                problem = (len(gots) - 1, None)
    if problem is None:
        return None
    first_wrong, error = problem
    slip = name_slip(gots, wants, answered, slips, same, failing=first_wrong)
    here = where(*answered[first_wrong])
    if slip is not None:
        return f"{here} {slip.words}"
    if error is not None:
        raise error
    got, want = gots[first_wrong], wants[first_wrong]
    if np.ndim(want) == 0:
        should, yours = fmt_pair(want, got)
        return f"{here} {what} should be {should}; yours is {yours}"
    diff = np.abs(np.asarray(got, dtype=float) - np.asarray(want, dtype=float))
    index = tuple(int(i) for i in np.unravel_index(np.argmax(diff), np.shape(want)))
    should, yours = fmt_pair(np.asarray(want)[index], np.asarray(got)[index])
    inputs = answered[first_wrong][0] if answered[first_wrong] else None
    if (each is not None and np.ndim(inputs) == 1
            and np.shape(want) == (len(inputs),)):        # one value per input: name the input
        name, value = each
        return (f"{here} at {name} = {fmt(np.asarray(inputs)[index])}, {value} should be "
                f"{should}; yours is {yours}")
    return f"{here} entry {list(index)} of {what} should be {should}; yours is {yours}"


def cause_of_value(got: float, want: float, wrong_values, tolerance: float = 1e-9,
                   relative: bool = False) -> str | None:
    """By hand: the words of the one usual wrong number that ``got`` is (:func:`name_slip` on the
    one case a by-hand answer has), or None.

    ``wrong_values`` are ``(value, words)`` pairs; ``got`` is that value when they differ by less
    than ``tolerance`` (times the size of the value, at least 1, when ``relative``).
    """
    def same(got, value):
        return abs(float(got) - float(value)) <= tolerance * (max(1.0, abs(float(value)))
                                                            if relative else 1.0)
    slips = [Slip(lambda value=value: value, words) for value, words in wrong_values]
    slip = name_slip([got], [want], [()], slips, same=same)
    return slip.words if slip is not None else None


# -- checkers that run their cases themselves ------------------------------------------------------
def run_cases(function, cases, judge) -> tuple[list, tuple | None]:
    """Call the learner's ``function`` on every case, in order (for a checker whose message is
    its own; :func:`compare_cases` runs a whole check).

    ``judge(args, result)`` returns the learner's value (cleaned) and whether it is right, or
    raises Wrong. Returns ``(results, failure)``: ``results`` the ``(args, value)`` of every case
    with a usable value (for :func:`cause_in_results`), ``failure`` the first failing case as
    ``(args, value or None, Wrong or None)``, or None. An error of the learner's code, or an
    unusable value, on a case after a failure ends the run (the first failure is reported).
    Inputs modified in place are caught by the machinery, for every exercise.
    """
    results, failure = [], None
    for args in cases:
        try:
            value, right = judge(args, function(*args))
        except (Wrong, LearnerRaised) as exc:
            if failure is not None:
                break
            if isinstance(exc, LearnerRaised):
                raise
            failure = (args, None, exc)
            continue
        results.append((args, value))
        if not right and failure is None:
            failure = (args, value, None)
    return results, failure


def cause_in_results(results, failing, slips, same: Callable | None = None) -> str | None:
    """The words of the one slip that explains the learner's values (:func:`name_slip`), or None.

    ``results`` are the ``(args, value)`` of every case (as :func:`run_cases` returns them),
    ``failing`` the args of the first case the learner got wrong (the same object), ``same(got,
    wrong)`` the comparison. No slip is named when the failing case is not among the results.
    """
    cases = [args for args, _ in results]
    index = next((i for i, args in enumerate(cases) if args is failing), None)
    if index is None:
        return None
    slip = name_slip([value for _, value in results], None, cases, slips, same, failing=index)
    return slip.words if slip is not None else None


def cause_of_calls(function, cases, slips, reference: Callable, same: Callable | None = None
                   ) -> str:
    """The words of the one slip that IS the cause of the learner's results (:func:`name_slip`),
    or "" (for a checker that has found the first wrong case itself).

    The learner's ``function`` is called on every case; a case on which it raises, or gives a
    number that is not finite, tells nothing either way and is left out (its own case reports
    it). ``reference(*args)`` is the right result and ``same(got, wrong)`` the comparison
    (default: :func:`close`).
    """
    same = same or (lambda got, wrong: close(got, wrong))
    answered, gots = [], []
    for case in cases:
        try:
            out = function(*case)
        except Exception:   # their error is reported on its own case
            continue
        try:
            if not np.all(np.isfinite(np.asarray(out, dtype=float))):
                continue    # nan or inf: explained on its own case, no evidence for a slip
        except (TypeError, ValueError):
            pass            # not numbers: no slip fits them
        answered.append(tuple(case))
        gots.append(out)
    wants = [reference(*case) for case in answered]
    slip = name_slip(gots, wants, answered, slips, same)
    return slip.words if slip is not None else ""


# -- by-hand answers: several numbers computed on paper ---------------------------------------------
def _roundings(want: float) -> list[float]:
    """``want`` rounded to 1 .. 4 decimals, when that changes it: half up and half to even (so
    0.15 gives 0.2 at 1 decimal, never 0.1, which is as far from it but not its rounding). A
    rounding that loses the value's size is left out: 0, or a factor of 2 or more away (0.05 to
    0.1 at 1 decimal is a doubling, far likelier a slip than a rounding)."""
    exact = Decimal(repr(float(want)))
    out = []
    for d in range(1, 5):
        step = Decimal(1).scaleb(-d)
        for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
            rounded = float(exact.quantize(step, rounding=mode))
            if rounded != float(want) and 0.5 < rounded / float(want) < 2.0:
                out.append(rounded)
    return out


def by_hand_problem(answer, names: list[str], wants: list[float],
                    slips: dict[int, list[tuple[float, str]]] | None = None) -> str | None:
    """What is wrong with a by-hand answer (a tuple of numbers), or None when it is right.

    ``names`` say what each number is ("P(L = 1)"), ``wants`` the exact values. ``slips`` maps an
    index to (value, words) pairs: the words are said only when the learner's number equals that
    value and no other listed slip of the same number (a by-hand answer has one case, so a slip
    that fits it fits every case). A number that is the right one rounded, and no listed slip, is
    told so (a listed slip wins: it is the exercise's own reading of that number).
    """
    n = len(wants)
    got = as_numbers(answer, n, f"the answer, ({', '.join(names)}),")
    problems = []
    for i, (name, want, value) in enumerate(zip(names, wants, got)):
        if close(value, want):
            continue
        should, yours = fmt_pair(want, value)
        text = f"your {name} is {yours}; it should be {should}"
        cause = cause_of_value(value, want, (slips or {}).get(i, []),   # entered to 4 digits
                               tolerance=1e-3, relative=True)
        if cause:
            text += f". It looks as if {cause}"
        elif any(abs(value - rounded) < 1e-12 for rounded in _roundings(want)):
            text += (" (that is the right value rounded: enter it exactly, every answer here is a "
                     "short exact decimal)")
        problems.append(text)
    if problems:
        right = n - len(problems)
        verb = "is" if right == 1 else "are"
        lead = f"{right} of your {n} numbers {verb} right; " if right else ""
        return lead + "; ".join(problems) + "."
    return None
