"""Exercises of notebook 00: predictions of a line and its loss.

Each checker tries several cases: the one a learner can verify by hand, and random sizes and
values (seeded, so a message repeats on a rerun) chosen so that the usual bugs show: b is never 0
and w never 1, every error is non-zero, the first and last terms matter.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._core import exercise
from ._cases import flowers
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, fmt, fmt_list,
                        fmt_pair, sentence)
from ._slips import Slip, name_slip

NOTEBOOK = "00"


def _away_from(rng, lo, hi, avoid=(), size=None):
    """Random values in [lo, hi], rounded to 2 decimals, at least 0.1 away from each of ``avoid``."""
    while True:
        x = np.round(rng.uniform(lo, hi, size=size), 2)
        if all(np.all(np.abs(x - a) >= 0.1) for a in avoid):
            return x


def _line_cases():
    rng = np.random.default_rng(0)
    yield 2.0, -1.0, np.array([0.0, 1.0, 2.5, -3.0])
    for n in (int(rng.integers(5, 12)), 1):
        w = float(_away_from(rng, -3, 3, avoid=(0, 1)))
        b = float(_away_from(rng, -2, 2, avoid=(0,)))
        yield w, b, _away_from(rng, -5, 5, size=n)


@exercise("00.1", "predictions of a line", name="predict",
          solution="def predict(w, b, x):\n    return w * x + b\n",
          hints=["The prediction for one flower is its x times w, plus b. Write that for the whole "
                 "array x at once.",
                 "numpy does arithmetic on whole arrays: an array times a number multiplies every "
                 "entry, and adding a number adds it to every entry. No loop is needed.",
                 "Return the array w times x, plus b, in one expression; it has the same shape as "
                 "x, one prediction per entry."],
          wrong=[lambda w, b, x: w * x, lambda w, b, x: x + b, lambda w, b, x: w * x - b,
                 lambda w, b, x: np.array([-1.0, 1.0, 4.0, -7.0]),
                 lambda w, b, x: [w * xi + b for xi in x[:-1]],
                 lambda w, b, x: float(np.sum(w * x + b))],
          right=[lambda w, b, x: x * w + b, lambda w, b, x: [w * xi + b for xi in x],
                 lambda w, b, x: (np.float32(w) * x.astype(np.float32) + np.float32(b)),
                 lambda w, b, x: np.einsum("i->i", x) * w + b])
def _check_predict(predict):
    for w, b, x in _line_cases():
        got = as_array_of_shape(predict(w, b, x), x.shape,
                                f"for x of shape {x.shape} the array of predictions (one per "
                                "entry of x)")
        want = w * x + b
        if not close(got, want, scale=np.abs(x).max()):
            should, yours = fmt_pair(want, got)
            problem = (f"predict({fmt(w)}, {fmt(b)}, x) with x = {fmt_list(x)} should be "
                       f"{should}; yours is {yours}")
            if close(got, w * x):
                problem += ". The bias b is not added."
            return problem
    return None


def _loss_cases():
    rng = np.random.default_rng(1)
    # errors 0.5, 0, -2, 1: the first and the last terms are not zero, and the usual wrong answers
    # (sum 5.25, sum / (n - 1) 1.75, square root 1.146, mean error -0.125, ...) all differ from
    # each other and from the loss 1.3125, so a diagnosis can tell them apart
    yield np.array([1.5, 2.0, 1.0, 5.0]), np.array([1.0, 2.0, 3.0, 4.0])
    for n in (int(rng.integers(5, 12)), 3):
        y = _away_from(rng, 0, 5, size=n)
        errors = _away_from(rng, -2, 2, avoid=(0,), size=n)
        yield np.round(y + errors, 2), y


_LEFT_OUT = "one squared error is left out: does your loop go over every index, from 0 to n - 1?"


# the usual wrong losses, each a function of the errors e = y_hat - y
_LOSS_SLIPS = (
    Slip(lambda e: np.sum(e ** 2), "that is the sum of the squared errors; the loss is their mean "
                                   "(divide by how many there are)"),
    Slip(lambda e: np.sum(e ** 2) / (len(e) - 1) if len(e) > 1 else None,
         "you divided by n - 1; the mean divides by n, the number of errors"),
    Slip(lambda e: np.mean(e), "that is the mean of the errors; square each error first"),
    Slip(lambda e: np.mean(e) ** 2, "that is the square of the mean error; square each error "
                                    "first, then take the mean"),
    Slip(lambda e: np.sqrt(np.mean(e ** 2)), "that is the square root of the loss"),
    Slip(lambda e: np.mean(np.abs(e)),
         "that is the mean of the absolute errors; square them instead"),
    Slip(lambda e: np.sum(e[1:] ** 2) / len(e), _LEFT_OUT),
    Slip(lambda e: np.sum(e[:-1] ** 2) / len(e), _LEFT_OUT),
    Slip(lambda e: np.mean(e[:-1] ** 2), _LEFT_OUT), Slip(lambda e: np.mean(e[1:] ** 2), _LEFT_OUT))


def _loss_diagnosis(got, e) -> str:
    """What ``got`` is, when it is one of the usual wrong answers and no other one ("" if not)."""
    slip = name_slip([got], [np.mean(e ** 2)], [(e,)], _LOSS_SLIPS,
                     same=lambda got, wrong: close(got, wrong))
    return sentence(slip.words, before=". ") if slip is not None else ""


def _as_loss(result):
    """The learner's loss as one number; a list or array holding one number is named as such."""
    inside = None
    if isinstance(result, np.ndarray) and result.ndim > 0 and result.size == 1:
        if result.dtype.kind in "iuf":
            inside, kind = result.ravel()[0], f"an array of shape {result.shape}"
    elif isinstance(result, (list, tuple)) and len(result) == 1:
        item = result[0]
        if isinstance(item, numbers.Real) and not isinstance(item, (bool, np.bool_)):
            inside, kind = item, f"a {type(result).__name__}"
    if inside is not None:
        raise Wrong(f"the loss is one number; you returned {kind} with one number in it, "
                    f"{fmt(inside)}: return the number itself")
    return as_number(result, "the loss")


@exercise("00.2", "mean squared error", name="mean_squared_error",
          solution="def mean_squared_error(y_hat, y):\n    return np.mean((y_hat - y) ** 2)\n",
          hints=["Follow the formula for L from the inside out: first the errors, then their "
                 "squares, then one number from all of them.",
                 "An error is a prediction minus the true value, y_hat - y, for every flower at "
                 "once. Square each of them (** 2).",
                 "The loss is one number: the mean (np.mean) of the squared errors, not their sum."],
          wrong=[lambda y_hat, y: np.mean(y_hat - y), lambda y_hat, y: np.sum((y_hat - y) ** 2),
                 lambda y_hat, y: (y_hat - y) ** 2, lambda y_hat, y: 1.3125,
                 lambda y_hat, y: np.sqrt(np.mean((y_hat - y) ** 2)),
                 lambda y_hat, y: np.mean(np.abs(y_hat - y)),
                 lambda y_hat, y: sum((y_hat[i] - y[i]) ** 2 for i in range(len(y) - 1)) / len(y),
                 lambda y_hat, y: str(np.mean((y_hat - y) ** 2)),
                 lambda y_hat, y: (np.mean((y_hat - y) ** 2),),
                 lambda y_hat, y: [np.mean((y_hat - y) ** 2)],
                 lambda y_hat, y: np.sum((y_hat - y) ** 2) / (len(y) - 1),
                 lambda y_hat, y: np.mean(y_hat - y) ** 2],
          right=[lambda y_hat, y: np.mean((y - y_hat) ** 2),
                 lambda y_hat, y: sum((a - b) ** 2 for a, b in zip(y_hat, y)) / len(y),
                 lambda y_hat, y: np.float32(np.mean((y_hat.astype(np.float32) - y) ** 2)),
                 lambda y_hat, y: np.einsum("i,i->", y_hat - y, y_hat - y) / len(y),
                 lambda y_hat, y: ((y_hat - y) ** 2).mean()])
def _check_loss(mean_squared_error):
    for y_hat, y in _loss_cases():
        got = _as_loss(mean_squared_error(y_hat, y))
        e = y_hat - y
        want = np.mean(e ** 2)
        if not close(got, want):
            should, yours = fmt_pair(want, got)
            return (f"for y_hat = {fmt_list(y_hat)} and y = {fmt_list(y)} the errors are "
                    f"{fmt_list(e)} and the loss is the mean of their squares, {should}; yours "
                    f"is {yours}{_loss_diagnosis(got, e)}")
    return None


_LOSS_GOAL = 0.06


@exercise("00.3", "a good line by hand", name="my_line",
          solution="my_line = (0.46, -0.51)\n",
          hints=["Drag the sliders of the explorer and watch the loss in its readout.",
                 "The loss landscape is darkest where the loss is smallest: move w and b so the "
                 "point on the landscape lands in the darkest region.",
                 "Once the loss in the readout is below 0.06, copy the two slider values into a "
                 "pair of numbers, w first, then b."],
          wrong=[(0.0, 0.0), (1.0, -2.0), (0.46,), ("0.46", "-0.51"), (np.nan, np.nan),
                 (True, False), {"w": 0.46, "b": -0.51}, (0.46, -0.51, 0.0)],
          right=[[0.46, -0.51], np.array([0.46, -0.51]), (np.float32(0.45), -0.5), (0.4, -0.35)])
def _check_fit(my_line):
    w, b = as_numbers(my_line, 2, "the line, (w, b),")
    x, y = flowers()
    with np.errstate(over="ignore", invalid="ignore"):
        loss = float(np.mean((w * x + b - y) ** 2))
    if not loss < _LOSS_GOAL:
        return (f"with w = {fmt(w)} and b = {fmt(b)} the loss on the 15 flowers is {fmt(loss)}; "
                f"find a line with a loss below {_LOSS_GOAL}")
    return None
