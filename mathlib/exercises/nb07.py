"""Exercises of notebook 07: the chain rule, the gradients of a dense layer, a variable used
twice.

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
from ._core import _LearnerRaised, exercise
from ._rules import CALCULUS, SCIPY, forbid_object

# The derivative exercises ask for the chain rule by hand: tools that differentiate are refused.
_BY_HAND = (CALCULUS, SCIPY.saying("which approximates the derivative numerically (this exercise "
                                   "asks for the exact formula)"),
            forbid_object("mathlib.autodiff.Tensor", "which differentiates for you (this exercise "
                          "asks for the chain rule by hand)", "AUTODIFF"))
from ._feedback import as_array_of_shape, as_number, close, fmt, fmt_pair


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
        for slip, words in _CHAIN_SLIPS:
            if close(got, slip(x)) and not close(slip(x), want):
                return f"at x = {fmt(x)} you returned {fmt(got)}: {words}"
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


# -- 07.2 and 07.3 the gradients of a dense layer ----------------------------------------------------

def _layer_cases():
    """(X, dZ): a batch of 6 Iris flowers with 3 outputs, a random batch, a square case."""
    rng = np.random.default_rng(72)
    yield load_iris().X[::25], np.round(rng.normal(size=(6, 3)), 2)
    n, d, m = (int(v) for v in rng.choice(np.arange(2, 8), size=3, replace=False))
    yield np.round(rng.normal(size=(n, d)), 2), np.round(rng.normal(size=(n, m)), 2)
    yield np.round(rng.normal(size=(5, 3)), 2), np.round(rng.normal(size=(5, 3)), 2)   # d = m


_SHAPE_ERRORS = ("matmul", "mismatch", "not aligned", "could not be broadcast")


def _call_with_shape_hint(weight_gradient, X, dZ):
    """Call the learner's function; a numpy shape error of a product gets a word on shapes."""
    try:
        return weight_gradient(X, dZ)
    except _LearnerRaised as exc:
        text = str(exc)
        if not text.startswith("your function raised ValueError") or not any(
                words in text for words in _SHAPE_ERRORS):
            raise
        (n, d), m = X.shape, dZ.shape[1]
        raise _LearnerRaised(
            f"{text}\nThe shapes do not fit that product: X has shape (N, d) = "
            f"{shape_str((n, d))} and dZ has shape (N, m) = {shape_str((n, m))}; dL/dW must have "
            f"the shape of W, (d, m) = {shape_str((d, m))}. Which product of X and dZ (and a "
            f"transpose) gives shape {shape_str((d, m))}?") from None


@exercise("07.2", "the weight gradient of a dense layer", name="weight_gradient",
          solution=("def weight_gradient(X, dZ):\n"
                    "    return X.T @ dZ\n"),
          hints=["dL/dW has one entry per weight, so it has the shape of W: (d, m) for a layer "
                 "with d inputs and m outputs.",
                 "W[j, k] meets the input X[n, j] in Z[n, k] = sum_j X[n, j] W[j, k] + b[k], for "
                 "every example n: its local derivative is X[n, j], and the shares of all n add "
                 "up.",
                 "dL/dW[j, k] = sum over n of X[n, j] dL/dZ[n, k]: a matrix product of the "
                 "transpose of X, shape (d, n), with dZ, shape (n, m)."],
          wrong=[lambda X, dZ: dZ.T @ X, lambda X, dZ: X.T @ dZ / len(X),
                 lambda X, dZ: (X.T @ dZ).T, lambda X, dZ: X.sum(axis=0)[:, None] * dZ.sum(axis=0),
                 lambda X, dZ: X[0][:, None] * dZ[0], lambda X, dZ: np.abs(X.T @ dZ)],
          right=[lambda X, dZ: np.einsum("nj,nk->jk", X, dZ),
                 lambda X, dZ: sum(np.outer(x, dz) for x, dz in zip(X, dZ)),
                 lambda X, dZ: (dZ.T @ X).T, lambda X, dZ: np.dot(np.transpose(X), dZ)])
def _check_weight_gradient(weight_gradient):
    for X, dZ in _layer_cases():
        (n, d), m = X.shape, dZ.shape[1]
        want = X.T @ dZ
        where = f"for X of shape {shape_str(X.shape)} and dZ of shape {shape_str(dZ.shape)}"
        result = _call_with_shape_hint(weight_gradient, X, dZ)
        shape = _shape(result)
        if shape == (m, d) and d != m:
            return (f"{where} you returned shape {shape_str(shape)}, the shape of W transposed; "
                    f"dL/dW has the shape of W, {shape_str((d, m))} (one entry per weight)")
        got = as_array_of_shape(result, want.shape, f"{where} dL/dW (the shape of W)")
        scale = max(1.0, float(np.abs(want).max()))
        if close(got, want, scale=scale):
            continue
        if close(got, want.T, scale=scale):
            return (f"{where} your result is the transpose of dL/dW: entry [j, k] must pair "
                    "input j with output k (X transposed, times dZ)")
        if close(got, want / n, scale=scale):
            return (f"{where} you divided by the batch size {n}; dZ already holds dL/dZ "
                    "(the 1/N of a mean loss is inside it), so the shares are only added up")
        j, k = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
        should, yours = fmt_pair(want[j, k], got[j, k])
        return (f"{where} entry [{j}, {k}] should be the sum over the examples of X[n, {j}] "
                f"times dZ[n, {k}], {should}; yours is {yours}")
    return None


@exercise("07.3", "the bias gradient of a dense layer", name="bias_gradient",
          solution=("def bias_gradient(dZ):\n"
                    "    return dZ.sum(axis=0)\n"),
          hints=["The bias b has one entry per output, shape (m,); its gradient has that shape "
                 "too.",
                 "b is added to every row of the batch (broadcasting): the same b[k] is used N "
                 "times, once per example, and the gradients of all uses add up.",
                 "Add up dZ over the examples: a sum along the axis of the batch, axis 0."],
          wrong=[lambda dZ: dZ, lambda dZ: dZ.mean(axis=0), lambda dZ: dZ.sum(axis=1),
                 lambda dZ: dZ.sum(), lambda dZ: dZ[0], lambda dZ: np.abs(dZ).sum(axis=0)],
          right=[lambda dZ: np.sum(dZ, axis=0), lambda dZ: np.ones(len(dZ)) @ dZ,
                 lambda dZ: [sum(column) for column in dZ.T],
                 lambda dZ: dZ.sum(axis=0, keepdims=True)[0]])
def _check_bias_gradient(bias_gradient):
    for _, dZ in _layer_cases():
        n, m = dZ.shape
        want = dZ.sum(axis=0)
        where = f"for dZ of shape {shape_str(dZ.shape)}"
        result = bias_gradient(dZ)
        shape = _shape(result)
        if shape == dZ.shape:
            return (f"{where} you returned shape {shape_str(shape)}, one row per example; b has "
                    f"shape {shape_str((m,))}, and each b[k] was used by all {n} examples: add "
                    "their gradients up")
        if shape == (n,) and n != m:
            return (f"{where} you returned shape {shape_str(shape)}, one number per example; "
                    f"the bias has one entry per output, shape {shape_str((m,))}")
        got = as_array_of_shape(result, want.shape, f"{where} dL/db (the shape of b)")
        scale = max(1.0, float(np.abs(want).max()))
        if close(got, want, scale=scale):
            continue
        if close(got, want / n, scale=scale):
            return (f"{where} you averaged over the {n} examples; the gradients of the uses of "
                    "b[k] add up (a sum, not a mean: any 1/N is already inside dZ)")
        k = int(np.argmax(np.abs(got - want)))
        should, yours = fmt_pair(want[k], got[k])
        return f"{where} entry {k} should be the sum of column {k} of dZ, {should}; yours is {yours}"
    return None


# -- 07.4 a variable used twice ----------------------------------------------------------------------

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
                 "Add the two shares (the product rule): sigmoid(x) + x \u00b7 sigmoid(x) "
                 "(1 - sigmoid(x))."],
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
