"""Exercises of notebook 07: the chain rule, the gradients of a tanh layer (the dense layer of
the notebook followed by an activation), a variable used twice, and a backward pass by hand.

The derivative checkers compare with the exact formula at several points (the notebook's point
first, then seeded random ones) and name the usual slips: a missing inner derivative, the outer
derivative taken at x instead of at the inner value, one use of a variable forgotten. The layer
checkers use a batch of Iris flowers first, then random sizes, including square cases where a
transposed answer has the right shape but wrong numbers.
"""

from __future__ import annotations

import numpy as np

from .._checks import shape_str
from ..data import load_iris
from ._core import LearnerRaised, exercise
from ._slips import Slip, cause_of_value, compare_cases, name_slip
from ._rules import CALCULUS, SCIPY, forbid_object

NOTEBOOK = "07"

# The derivative exercises ask for the chain rule by hand: tools that differentiate are refused.
_BY_HAND = (CALCULUS, SCIPY.saying("which approximates the derivative numerically (this exercise "
                                   "asks for the exact formula)"),
            forbid_object("mathlib.autodiff.Tensor", "which differentiates for you (this exercise "
                          "asks for the chain rule by hand)", "AUTODIFF"))
from ._feedback import as_number, as_numbers, close, fmt, fmt_pair


def _points(first: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return [first] + [float(v) for v in np.round(rng.uniform(-2.0, 2.0, size=3), 2)] + [0.0]


# -- 07.1 the chain rule at a point ---------------------------------------------------------------

def _dy_dx(x):
    v = np.tanh(3 * x - 1)
    return 2 * v * (1 - v * v) * 3


_CHAIN_SLIPS = [
    (lambda x: 2 * np.tanh(3 * x - 1) * (1 - np.tanh(3 * x - 1) ** 2),
     "the factor du/dx = 3 of the innermost link u = 3x - 1 is missing"),
    (lambda x: 3 * (1 - np.tanh(3 * x - 1) ** 2),
     "the outer link is missing: y = v\u00b2 contributes dy/dv = 2v = 2 tanh(3x - 1)"),
    (lambda x: 6 * np.tanh(3 * x - 1) * (1 - np.tanh(x) ** 2),
     "tanh' is taken at x; it belongs at the inner value u = 3x - 1, 1 - tanh(3x - 1)\u00b2"),
    (lambda x: 6 * np.tanh(3 * x - 1),
     "the middle link is missing: v = tanh(u) contributes dv/du = 1 - tanh(u)\u00b2"),
    (lambda x: 6 * np.tanh(3 * x - 1) * (1 - np.tanh(3 * x - 1)) ** 2,
     "the brackets are off: tanh'(u) = 1 - tanh(u)\u00b2, the square of tanh, not of "
     "(1 - tanh)"),
]


@exercise("07.1", "the chain rule at a point", name="dy_dx", forbidden=_BY_HAND,
          solution=("def dy_dx(x):\n"
                    "    u = 3 * x - 1\n"
                    "    v = np.tanh(u)\n"
                    "    return 2 * v * (1 - v ** 2) * 3\n"),
          hints=["Write y as a chain of three simple steps: u = 3x - 1, v = tanh(u), y = v\u00b2.",
                 "Take the derivative of each step on its own: du/dx, dv/du (using "
                 "tanh'(u) = 1 - tanh(u)\u00b2), dy/dv.",
                 "Multiply the three local derivatives: dy/dx = dy/dv \u00b7 dv/du \u00b7 du/dx, "
                 "each taken at the values of the forward pass (v at u, u at x)."],
          wrong=[slip for slip, _ in _CHAIN_SLIPS]
          + [lambda x: 2 * np.tanh(3 * x - 1), lambda x: np.tanh(3 * x - 1) ** 2],
          right=[lambda x: 6 * np.tanh(3 * x - 1) / np.cosh(3 * x - 1) ** 2,
                 lambda x: float(6 * np.tanh(3 * x - 1) * (1 - np.tanh(3 * x - 1) ** 2)),
                 lambda x: np.float32(_dy_dx(np.float32(x)))])
def _check_dy_dx(dy_dx):
    for x in _points(0.5, 71):
        want = _dy_dx(x)
        got = as_number(dy_dx(x), f"dy/dx at x = {fmt(x)}", "your function returned")
        if close(got, want):
            continue
        slip = name_slip([got], [want], [(x,)], _CHAIN_SLIPS,
                         same=lambda got, wrong: close(got, wrong))
        if slip is not None:
            return f"at x = {fmt(x)} you returned {fmt(got)}: {slip.words}"
        if close(got, np.tanh(3 * x - 1) ** 2):
            return (f"at x = {fmt(x)} you returned y itself, {fmt(got)}; the exercise asks for "
                    "its derivative dy/dx")
        should, yours = fmt_pair(want, got)
        return (f"at x = {fmt(x)} dy/dx should be {should}; yours is {yours}. Check each of the "
                "three local derivatives and where each is taken")
    return None


def _shape(result):
    """The shape numpy reads in a result of numbers, or None (text, ragged lists, ...)."""
    try:
        a = np.asarray(result)
    except (ValueError, TypeError):
        return None
    return a.shape if a.dtype.kind in "iuf" else None


# -- 07.2 and 07.3 the gradients of a tanh layer --------------------------------------------------

def _layer_cases():
    """(X, W, b, dY) of a layer Y = tanh(X W + b): a batch of 6 Iris flowers with 3 outputs, a
    random batch with every size different, a square case (d = m: a transposed answer has the
    right shape)."""
    rng = np.random.default_rng(72)
    X = load_iris().X[::25] - load_iris().X.mean(axis=0)
    yield (np.round(X, 2), np.round(rng.normal(0, 0.5, size=(4, 3)), 2),
           np.round(rng.normal(0, 0.3, size=3), 2), np.round(rng.normal(size=(6, 3)), 2))
    n, d, m = (int(v) for v in rng.choice(np.arange(2, 8), size=3, replace=False))
    yield (np.round(rng.normal(size=(n, d)), 2), np.round(rng.normal(0, 0.5, size=(d, m)), 2),
           np.round(rng.normal(0, 0.3, size=m), 2), np.round(rng.normal(size=(n, m)), 2))
    yield (np.round(rng.normal(size=(5, 3)), 2), np.round(rng.normal(0, 0.5, size=(3, 3)), 2),
           np.round(rng.normal(0, 0.3, size=3), 2), np.round(rng.normal(size=(5, 3)), 2))


def _dZ(X, W, b, dY):
    """dL/dZ for Y = tanh(Z), Z = X W + b: dY times the slope 1 - Y^2, entry by entry."""
    Y = np.tanh(X @ W + b)
    return dY * (1 - Y * Y)


def _weight_gradient(X, W, b, dY):
    return X.T @ _dZ(X, W, b, dY)


def _bias_gradient(X, W, b, dY):
    return _dZ(X, W, b, dY).sum(axis=0)


_SHAPE_ERRORS = ("matmul", "mismatch", "not aligned", "could not be broadcast")


def _call_with_shape_hint(weight_gradient, X, W, b, dY):
    """Call the learner's function; a numpy shape error of a product gets a word on shapes."""
    try:
        return weight_gradient(X, W, b, dY)
    except LearnerRaised as exc:
        text = str(exc)
        if not text.startswith("your function raised ValueError") or not any(
                words in text for words in _SHAPE_ERRORS):
            raise
        (n, d), m = X.shape, dY.shape[1]
        raise LearnerRaised(
            f"{text}\nThe shapes do not fit that product: X has shape (N, d) = "
            f"{shape_str((n, d))} and dZ (like dY) has shape (N, m) = {shape_str((n, m))}; "
            f"dL/dW must have the shape of W, (d, m) = {shape_str((d, m))}. Which product of X "
            f"and dZ (and a transpose) gives shape {shape_str((d, m))}?") from None


_WEIGHT_SLIPS = [
    Slip(lambda X, W, b, dY: X.T @ dY,
         "that is the gradient of the layer without its tanh: the tanh between Z and Y "
         "multiplies dY by its slope 1 - Y² first (entry by entry), giving dZ"),
    Slip(lambda X, W, b, dY: X.T @ (dY * (1 - (X @ W + b) ** 2)),
         "the slope of tanh at Z is 1 - tanh(Z)² = 1 - Y², with Y the layer's output, not "
         "1 - Z²"),
    Slip(lambda X, W, b, dY: X.T @ (dY * (1 - np.tanh(X @ W + b))),
         "the slope of tanh is 1 - Y², the square of Y; yours uses 1 - Y"),
    Slip.of_result(lambda want, X, W, b, dY: want / len(X),
                   "you divided by the batch size; dY already holds dL/dY (the 1/N of a mean "
                   "loss is inside it), so the shares are only added up"),
    Slip.of_result(lambda want: np.asarray(want).T,
                   "your result is the transpose of dL/dW: entry [j, k] must pair input j with "
                   "output k (X transposed, times dZ)"),
]


def _as_layer_answer(slip):
    return lambda X, W, b, dY: slip.result(_weight_gradient(X, W, b, dY), (X, W, b, dY))


@exercise("07.2", "the weight gradient of a tanh layer", name="weight_gradient",
          solution=("def weight_gradient(X, W, b, dY):\n"
                    "    Y = np.tanh(X @ W + b)\n"
                    "    dZ = dY * (1 - Y**2)             # back through the tanh\n"
                    "    return X.T @ dZ\n"),
          hints=["Split the layer in two steps: Z = X W + b, then Y = tanh(Z). The backward "
                 "pass goes through them in reverse: from dY to dZ = dL/dZ, then from dZ to "
                 "dL/dW.",
                 "tanh acts entry by entry: Z[n, k] affects only Y[n, k], with the slope "
                 "1 - Y[n, k]². So dZ has the shape of Y, (N, m), and each of its entries is one "
                 "entry of dY times one slope.",
                 "From dZ on it is the dense layer of the notebook: dL/dW has the shape of W, "
                 "(d, m), and each W[j, k] adds up the shares of all N examples."],
          wrong=[_as_layer_answer(slip) for slip in _WEIGHT_SLIPS]
          + [lambda X, W, b, dY: _dZ(X, W, b, dY).T @ X,
             lambda X, W, b, dY: np.abs(_weight_gradient(X, W, b, dY))],
          right=[lambda X, W, b, dY: np.einsum("nj,nk->jk", X, _dZ(X, W, b, dY)),
                 lambda X, W, b, dY: sum(np.outer(x, dz) for x, dz in zip(X, _dZ(X, W, b, dY))),
                 lambda X, W, b, dY: (_dZ(X, W, b, dY).T @ X).T,
                 lambda X, W, b, dY: np.dot(np.transpose(X), dY / np.cosh(X @ W + b) ** 2)])
def _check_weight_gradient(weight_gradient):
    cases = list(_layer_cases())
    for X, W, b, dY in cases:
        (n, d), m = X.shape, dY.shape[1]
        shape = _shape(_call_with_shape_hint(weight_gradient, X, W, b, dY))
        if shape == (m, d) and d != m:
            return (f"for X of shape {shape_str(X.shape)} and dY of shape {shape_str(dY.shape)} "
                    f"you returned shape {shape_str(shape)}, the shape of W transposed; dL/dW "
                    f"has the shape of W, {shape_str((d, m))} (one entry per weight)")
    return compare_cases(weight_gradient, cases, _weight_gradient, slips=_WEIGHT_SLIPS,
                         what="dL/dW (the shape of W)",
                         where=lambda X, W, b, dY: f"for X of shape {shape_str(X.shape)} and dY "
                                                   f"of shape {shape_str(dY.shape)}:")


_BIAS_SLIPS = [
    Slip(lambda X, W, b, dY: dY.sum(axis=0),
         "that is the bias gradient without the tanh: go back through it first, dZ = dY times "
         "the slope 1 - Y² (entry by entry)"),
    Slip.of_result(lambda want, X, W, b, dY: want / len(X),
                   "you averaged over the examples; the gradients of the uses of b[k] add up "
                   "(a sum, not a mean: any 1/N is already inside dY)"),
    Slip(lambda X, W, b, dY: (dY * (1 - (X @ W + b) ** 2)).sum(axis=0),
         "the slope of tanh at Z is 1 - tanh(Z)² = 1 - Y², not 1 - Z²"),
]


@exercise("07.3", "the bias gradient of a tanh layer", name="bias_gradient",
          solution=("def bias_gradient(X, W, b, dY):\n"
                    "    Y = np.tanh(X @ W + b)\n"
                    "    dZ = dY * (1 - Y**2)\n"
                    "    return dZ.sum(axis=0)\n"),
          hints=["The bias b has one entry per output, shape (m,); its gradient has that shape "
                 "too. It is added to every row of Z = X W + b: the same b[k] is used N times.",
                 "First go back through the tanh to dZ = dL/dZ, entry by entry, as in 07.2.",
                 "The gradients of all N uses of b[k] add up: combine the rows of dZ so that "
                 "one number per output remains."],
          wrong=[lambda X, W, b, dY: dY.sum(axis=0), lambda X, W, b, dY: _dZ(X, W, b, dY),
                 lambda X, W, b, dY: _dZ(X, W, b, dY).mean(axis=0),
                 lambda X, W, b, dY: _dZ(X, W, b, dY).sum(axis=1),
                 lambda X, W, b, dY: _dZ(X, W, b, dY).sum(),
                 lambda X, W, b, dY: (dY * (1 - (X @ W + b) ** 2)).sum(axis=0)],
          right=[lambda X, W, b, dY: np.sum(_dZ(X, W, b, dY), axis=0),
                 lambda X, W, b, dY: np.ones(len(dY)) @ _dZ(X, W, b, dY),
                 lambda X, W, b, dY: [sum(column) for column in _dZ(X, W, b, dY).T],
                 lambda X, W, b, dY: _dZ(X, W, b, dY).sum(axis=0, keepdims=True)[0]])
def _check_bias_gradient(bias_gradient):
    cases = list(_layer_cases())
    for X, W, b, dY in cases:
        n, m = dY.shape
        shape = _shape(bias_gradient(X, W, b, dY))
        where = f"for dY of shape {shape_str(dY.shape)}"
        if shape == dY.shape:
            return (f"{where} you returned shape {shape_str(shape)}, one row per example; b has "
                    f"shape {shape_str((m,))}, and each b[k] was used by all {n} examples: add "
                    "their gradients up")
        if shape == (n,) and n != m:
            return (f"{where} you returned shape {shape_str(shape)}, one number per example; "
                    f"the bias has one entry per output, shape {shape_str((m,))}")
    return compare_cases(bias_gradient, cases, _bias_gradient, slips=_BIAS_SLIPS,
                         what="dL/db (the shape of b)",
                         where=lambda X, W, b, dY: f"for dY of shape {shape_str(dY.shape)}:")


# -- 07.4 a variable used twice -------------------------------------------------------------------

def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _silu_grad(x):
    s = _sigmoid(x)
    return s + x * s * (1 - s)


@exercise("07.4", "a variable used twice: the SiLU activation", name="silu_grad",
          forbidden=_BY_HAND,
          solution=("def silu_grad(x):\n"
                    "    s = 1 / (1 + np.exp(-x))\n"
                    "    return s + x * s * (1 - s)\n"),
          hints=["x appears twice in f(x) = x \u00b7 sigmoid(x): once as the left factor, once "
                 "inside the sigmoid. Each use sends its own share of the gradient.",
                 "Treat the two uses as two variables, f = a \u00b7 sigmoid(c) with a = x and c = x: "
                 "df/da = sigmoid(c), df/dc = a \u00b7 sigmoid'(c).",
                 "Add the two shares, do not multiply them: the gradients of two uses of a "
                 "variable add up (the product rule). Check your formula at x = 0, where "
                 "f'(0) = 1/2."],
          wrong=[lambda x: _sigmoid(x), lambda x: x * _sigmoid(x) * (1 - _sigmoid(x)),
                 lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
                 lambda x: _sigmoid(x) * x * _sigmoid(x) * (1 - _sigmoid(x)),
                 lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) + _sigmoid(x) * (1 - _sigmoid(x))],
          right=[lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x))),
                 lambda x: (1 + np.exp(-x) + x * np.exp(-x)) / (1 + np.exp(-x)) ** 2,
                 lambda x: float(_silu_grad(x))])
def _check_silu_grad(silu_grad):
    for x in _points(1.5, 74):
        want = _silu_grad(x)
        got = as_number(silu_grad(x), f"df/dx at x = {fmt(x)}", "your function returned")
        if close(got, want):
            continue
        s = _sigmoid(x)
        if close(got, s) and not close(s, want):
            return (f"at x = {fmt(x)} you returned sigmoid(x) = {fmt(got)}: only the share of "
                    "the left factor; x inside the sigmoid sends a share too, and the shares add")
        if close(got, x * s * (1 - s)) and not close(x * s * (1 - s), want):
            return (f"at x = {fmt(x)} you returned x sigmoid'(x) = {fmt(got)}: only the share of "
                    "the x inside the sigmoid; the left factor x sends a share too, and the "
                    "shares add")
        if close(got, s * x * s * (1 - s)) and not close(s * x * s * (1 - s), want):
            return (f"at x = {fmt(x)} you multiplied the two shares; the gradients of two uses "
                    "of a variable add up")
        should, yours = fmt_pair(want, got)
        return f"at x = {fmt(x)} df/dx should be {should}; yours is {yours}"
    return None


# -- 07.5 a backward pass by hand -----------------------------------------------------------------
# f = (w x + b) w at w = 2, x = 3, b = 1: u = w x = 6, z = u + b = 7, f = z w = 14.
# df/dw = z + w x = 7 + 6 = 13 (two uses of w add), df/dx = w * w = 4, df/db = w = 2.
_BACKWARD = (13.0, 4.0, 2.0)
_BACKWARD_SLIPS = {
    0: [(7.0, "that is only the share of the outer use of w (the factor z = w x + b); w is also "
              "used inside u = w x, and the shares of the two uses add up"),
        (6.0, "that is only the share of the inner use of w (through u = w x); w is also the "
              "outer factor of f = z w, and the shares of the two uses add up"),
        (42.0, "that multiplies the shares of the two uses of w; they add up"),
        (3.0, "that is only the local derivative du/dw = x; w is used twice, and each use "
              "sends its share")],
    1: [(2.0, "that is the local derivative du/dx = w alone; the path from x to f goes on "
              "through z and f = z w, which multiplies by w again")],
    2: [(1.0, "that is the local derivative dz/db = 1 alone; the path goes on through f = z w, "
              "which multiplies by w")],
}


@exercise("07.5", "a backward pass by hand", name="backward_by_hand",
          solution="backward_by_hand = (13, 4, 2)\n",
          hints=["Draw the graph: u = w x, z = u + b, f = z w. The variable w has two arrows "
                 "out of it, one into u and one into f.",
                 "Forward first (u, z, f), then backward from df/df = 1: df/dz = w, df/du = df/dz "
                 "· 1, and each input's share is the gradient after it times the local derivative "
                 "on its arrow.",
                 "w gets one share per arrow out of it; add them. To check, expand f = w² x + b w "
                 "and differentiate it with the rules of notebook 06."],
          wrong=[(7, 4, 2), (6, 4, 2), (42, 4, 2), (13, 2, 2), (13, 4, 1), (13, 2, 1), (13, 4),
                 "13, 4, 2", (4, 13, 2)],
          right=[(13.0, 4.0, 2.0), [13, 4, 2], np.array([13, 4, 2]), (13, 4.0, 2)])
def _check_backward_by_hand(backward_by_hand):
    got = as_numbers(backward_by_hand, 3, "(df/dw, df/dx, df/db)", "your answer")
    names = ("df/dw", "df/dx", "df/db")
    for k, (value, want) in enumerate(zip(got, _BACKWARD)):
        if abs(value - want) <= 1e-9 * max(1.0, abs(want)):
            continue
        cause = cause_of_value(value, want, _BACKWARD_SLIPS[k])
        return (f"{names[k]} is not {fmt(value)}" + (f": {cause}" if cause else "")
                + ". The order is (df/dw, df/dx, df/db)")
    return None
