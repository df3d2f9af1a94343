"""Exercises of notebook 02: the shape rule, a dense layer, matrix multiplication by loops, and a
least-squares line on the Iris petals.

Each function checker runs a case a learner can follow first (real data where the notebook uses
it), then seeded random sizes and values with every dimension different, so that a swapped
order raises or gives the wrong shape, and a square case, where ``W @ X`` or ``X * W`` do not
raise but give wrong numbers that the message names.
"""

from __future__ import annotations

import numpy as np

from .. import linalg as _linalg
from .._checks import shape_str
from ..data import load_iris
from ._core import LearnerRaised, exercise
from ._rules import WHOLE_PRODUCT, forbid_object
from ._feedback import (Wrong, as_array_of_shape, as_numbers, as_shape, close, fmt, fmt_list,
                        fmt_pair)
from ._slips import cause_in_results

NOTEBOOK = "02"

_Z_SHAPE = (32, 10)


@exercise("02.1", "the shape of a layer's output", name="z_shape",
          solution="z_shape = (32, 10)\n",
          hints=["A matrix product has a shape rule: what matters is how the lengths of X and "
                 "of W line up, not the numbers inside them.",
                 "The rule: an (m x n) matrix times an (n x p) matrix gives (m x p). The inner "
                 "lengths must match and disappear; the outer ones remain.",
                 "Write the shapes of X and of W side by side and cross out the inner pair. Adding "
                 "b, shape (10,), broadcasts over the rows and does not change the shape."],
          wrong=[(784, 10), (32, 784), (10, 32), 320, (32, 784, 10), (32, 10, 10), "(32, 10)",
                 (32.0, 10.0)],
          right=[[32, 10], np.array([32, 10]), (np.int64(32), 10), np.zeros((32, 10)).shape])
def _check_z_shape(z_shape):
    shape = as_shape(z_shape)
    if shape == _Z_SHAPE:
        return None
    if shape == (10, 32):
        return ("(10, 32) has the lengths the wrong way round: the rows of Z are the rows of X "
                "(one per example), its columns the columns of W (one per output)")
    if 784 in shape:
        return (f"your shape {shape_str(shape)} keeps the 784: in X @ W the inner lengths "
                "(784 and 784) are summed over and disappear from the result")
    if len(shape) != 2:
        return (f"your shape {shape_str(shape)} has {len(shape)} axes; a matrix times a matrix "
                "is a matrix, with 2 axes")
    return f"your shape {shape_str(shape)} is not (rows of X, columns of W)"


def _layer_cases():
    rng = np.random.default_rng(20)
    iris = load_iris()
    X = iris.X[[0, 50, 100, 1, 51]]                      # 5 flowers, one of each species first
    yield X, np.round(rng.normal(0, 0.5, size=(4, 3)), 2), np.array([0.5, -1.0, 0.25])
    n, d, k = (int(v) for v in rng.choice(np.arange(2, 9), size=3, replace=False))
    W = np.round(rng.uniform(-2, 2, size=(d, k)), 2)
    W[W == 1.0] = 1.5                                    # weights of 1 would hide a missing W
    b = np.round(rng.uniform(0.5, 2, size=k), 2) * rng.choice([-1, 1], size=k)
    yield np.round(rng.normal(0, 1, size=(n, d)), 2), W, b
    m = 3                                                # square: W @ X and X * W do not raise
    yield (np.round(rng.normal(0, 1, size=(m, m)), 2),
           np.round(rng.uniform(-2, 2, size=(m, m)), 2), np.array([1.0, -0.5, 2.0]))


@exercise("02.2", "a dense layer Z = X W + b", name="dense",
          solution="def dense(X, W, b):\n    return X @ W + b\n",
          hints=["Each output is a weighted sum of one example's inputs plus a bias: one dot "
                 "product per example and per output neuron.",
                 "All those dot products at once are one matrix product. Its order matters: X is "
                 "(N, D) and W is (D, K), so only one order fits the shape rule.",
                 "The element-wise * is not a matrix product. And the bias: b has shape (K,), "
                 "one number per output; which axis of the (N, K) products does it line up "
                 "with when numpy broadcasts?"],
          wrong=[lambda X, W, b: W @ X + b, lambda X, W, b: X * W + b, lambda X, W, b: X @ W,
                 lambda X, W, b: X @ W - b, lambda X, W, b: (X @ W + b).T,
                 lambda X, W, b: X @ W.T + b, lambda X, W, b: X @ W + b.sum(),
                 lambda X, W, b: np.sum(X, axis=1, keepdims=True) * W.sum(axis=0) + b],
          right=[lambda X, W, b: np.dot(X, W) + b, lambda X, W, b: b + np.matmul(X, W),
                 lambda X, W, b: np.einsum("nd,dk->nk", X, W) + b,
                 lambda X, W, b: [[sum(X[i, j] * W[j, k] for j in range(W.shape[0])) + b[k]
                                   for k in range(W.shape[1])] for i in range(X.shape[0])],
                 lambda X, W, b: (X.astype(np.float32) @ W.astype(np.float32) + b)])
def _check_dense(dense):
    for X, W, b in _layer_cases():
        want = X @ W + b
        where = (f"for X of shape {shape_str(X.shape)}, W of shape {shape_str(W.shape)} and b of "
                 f"shape {shape_str(b.shape)}")
        got = as_array_of_shape(dense(X, W, b), want.shape,
                                f"{where} Z = X W + b (one row per example, one column per "
                                "output)")
        scale = max(1.0, float(np.abs(want).max()))
        if close(got, want, scale=scale):
            continue
        if close(got, X @ W, scale=scale):
            return f"{where} the bias is missing: you returned X W without + b"
        if close(got, X @ W - b, scale=scale):
            return f"{where} the bias is subtracted; Z = X W + b adds it"
        if X.shape == W.shape and close(got, X * W + b, scale=scale):
            return (f"{where} you multiplied entry by entry (X * W, the element-wise product); "
                    "a layer needs the matrix product, rows of X times columns of W")
        if X.shape == W.shape and close(got, W @ X + b, scale=scale):
            return (f"{where} you computed W X: the order is the wrong way round. A B and B A "
                    "differ; here X comes first, so that each row of X meets the columns of W")
        i, k = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
        should, yours = fmt_pair(want[i, k], got[i, k])
        return (f"{where} entry [{i}, {k}] of Z should be row {i} of X times column {k} of W "
                f"plus b[{k}] = {should}; yours is {yours}")
    return None


def _matmul_cases():
    rng = np.random.default_rng(21)
    yield np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), np.array([[1.0, 0.0], [2.0, -1.0],
                                                                   [0.5, 3.0]])
    m, n, p = (int(v) for v in rng.choice(np.arange(2, 7), size=3, replace=False))
    yield (np.round(rng.uniform(-3, 3, size=(m, n)), 1),
           np.round(rng.uniform(-3, 3, size=(n, p)), 1))
    yield np.round(rng.uniform(-3, 3, size=(4, 4)), 1), np.round(rng.uniform(-3, 3, size=(4, 4)), 1)
    yield np.round(rng.uniform(1, 3, size=(1, 5)), 1), np.round(rng.uniform(1, 3, size=(5, 1)), 1)


def _loops_off_by_one(A, B):
    m, n = A.shape
    C = np.zeros((m, B.shape[1]))
    for i in range(m):
        for j in range(B.shape[1]):
            for k in range(n - 1):
                C[i, j] += A[i, k] * B[k, j]
    return C


def _loops_swapped(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            C[i, j] = sum(A[j % A.shape[0], k] * B[k, i % B.shape[1]] for k in range(A.shape[1]))
    return C


def _loops_overwrite(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            for k in range(A.shape[1]):
                C[i, j] = A[i, k] * B[k, j]
    return C


def _int_loops(A, B):
    C = np.zeros((A.shape[0], B.shape[1]), dtype=int)
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            for k in range(A.shape[1]):
                C[i, j] += A[i, k] * B[k, j]
    return C


def _loops_and_dot(A, B):
    C = np.zeros((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            C[i, j] = np.dot(A[i], B[:, j])
    return C


# mathlib's own matmul loops over rows with numpy arithmetic, so the behavioural rule does not
# see it: it is forbidden by name, with the same words as the rule of the exercise text
MATMUL = forbid_object("mathlib.linalg.matmul", WHOLE_PRODUCT.words, "MATMUL")


@exercise("02.3", "matrix multiplication with loops", name="matmul_loops",
          solution=("def matmul_loops(A, B):\n"
                    "    m, n = A.shape\n"
                    "    p = B.shape[1]\n"
                    "    C = np.zeros((m, p))\n"
                    "    for i in range(m):\n"
                    "        for j in range(p):\n"
                    "            for k in range(n):\n"
                    "                C[i, j] += A[i, k] * B[k, j]\n"
                    "    return C\n"),
          hints=["Entry [i, j] of the product is the dot product of row i of A with column j of "
                 "B. Start with a result of zeros of the right shape.",
                 "A is (m, n) and B is (n, p): the result is (m, p). Loop over i (rows of A), j "
                 "(columns of B) and k (the n shared positions).",
                 "In the innermost loop, add one product per k to the entry you are building "
                 "(add to it, do not overwrite it); which entry of A and which of B share that "
                 "k, and does k run over all n positions?"],
          wrong=[lambda A, B: A * B, _loops_off_by_one, _loops_swapped, _loops_overwrite,
                 _int_loops, lambda A, B: A @ B, lambda A, B: np.matmul(A, B),
                 lambda A, B: np.einsum("ik,kj->ij", A, B), lambda A, B: np.dot(A, B),
                 lambda A, B: [[sum(A[i, k] * B[k, i] for k in range(A.shape[1]))
                                for j in range(B.shape[1])] for i in range(A.shape[0])],
                 lambda A, B: np.inner(A, B.T), lambda A, B: (A[:, :, None] * B[None]).sum(axis=1),
                 lambda A, B: np.array([A[i] @ B for i in range(len(A))]),
                 lambda A, B: _linalg.matmul(A, B)],
          forbidden=(WHOLE_PRODUCT, MATMUL),
          right=[_loops_and_dot,
                 lambda A, B: [[A[i] @ B[:, j] for j in range(B.shape[1])] for i in range(len(A))],
                 lambda A, B: [[float(np.dot(A[i], B[:, j])) for j in range(B.shape[1])]
                               for i in range(A.shape[0])],
                 lambda A, B: np.array([[sum(a * b for a, b in zip(row, col)) for col in B.T]
                                        for row in A]),
                 lambda A, B: np.array([[sum(A[i, k] * B[k, j] for k in range(A.shape[1]))
                                         for j in range(B.shape[1])] for i in range(A.shape[0])],
                                       dtype=np.float32)])
def _check_matmul(matmul_loops):
    for A, B in _matmul_cases():
        want = A @ B
        where = f"for A of shape {shape_str(A.shape)} and B of shape {shape_str(B.shape)}"
        result = matmul_loops(A, B)
        got = as_array_of_shape(result, want.shape,
                                f"{where} the product (rows of A, columns of B)")
        scale = max(1.0, float(np.abs(want).max()))
        if close(got, want, scale=scale):
            continue
        kind = np.asarray(result).dtype.kind
        if kind in "iub" and np.array_equal(got, np.trunc(got)):
            i, j = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
            return (f"{where} your result holds whole numbers only (its dtype is "
                    f"{np.asarray(result).dtype}, an integer type): entry [{i}, {j}] should be "
                    f"{fmt(want[i, j])}, yours is {fmt(got[i, j])}. An integer array cuts off "
                    "the decimals of every number written into it; create the result as floats, "
                    "np.zeros((m, p)) (float by default, no dtype=int)")
        if A.shape[1] > 1 and close(got, A[:, :-1] @ B[:-1], scale=scale):
            return (f"{where} your sums leave out the last k: the inner loop should run over "
                    f"all {A.shape[1]} positions, k = 0 to {A.shape[1] - 1}")
        if close(got, A[:, -1:] * B[-1:], scale=scale):
            return (f"{where} each entry holds only the last product A[i, k] * B[k, j]: add "
                    "every product to the entry instead of overwriting it")
        if A.shape == B.shape and close(got, B @ A, scale=scale):
            return (f"{where} you computed B A; A B takes rows of A and columns of B, and the "
                    "two orders differ")
        if A.shape == B.shape and close(got, A * B, scale=scale):
            return (f"{where} you multiplied entry by entry (A * B); the matrix product sums row "
                    "times column")
        if got.shape[0] == got.shape[1] and close(got, want.T, scale=scale):
            return f"{where} your result is the transpose of A B: i and j are swapped"
        i, j = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
        should, yours = fmt_pair(want[i, j], got[i, j])
        return (f"{where} entry [{i}, {j}] should be row {i} of A, {fmt_list(A[i])}, times "
                f"column {j} of B, {fmt_list(B[:, j])}: {should}; yours is {yours}")
    return None


def petals() -> tuple[np.ndarray, np.ndarray]:
    """Petal length (x) and petal width (y) of all 150 Iris flowers, in cm."""
    iris = load_iris()
    return iris.X[:, 2], iris.X[:, 3]


def _line_cases():
    rng = np.random.default_rng(22)
    yield petals()
    n = int(rng.integers(6, 15))
    x = np.round(rng.uniform(-5, 5, size=n), 2)
    yield x, np.round(-1.7 * x + 3.2 + rng.normal(0, 1, size=n), 2)
    yield np.array([1.0, 2.0, 4.0]), np.array([2.0, 1.0, 5.0])


def _rounded_to(got, want) -> int | None:
    """The number of decimals (2 to 6) to which ``want`` rounds to ``got``, if any."""
    for decimals in range(2, 7):
        if np.allclose(got, np.round(want, decimals), rtol=0.0, atol=1e-12):
            return decimals
    return None


def _least_squares(x, y) -> np.ndarray:
    return np.linalg.lstsq(np.column_stack([x, np.ones(len(x))]), y, rcond=None)[0]


def _mixed_divisors(factor):
    """The line whose slope is ``factor(n)`` times the least-squares slope, through the means."""
    def slip(x, y):
        w = _least_squares(x, y)[0] * factor(len(x))
        return np.array([w, np.mean(y) - w * np.mean(x)])
    return slip


_MIXED_WORDS = ("your slope is the least-squares slope times n / (n - 1) (or (n - 1) / n) on "
                "every data set: the covariance and the variance were divided by different "
                "numbers (np.cov divides by n - 1 unless bias=True, np.var by n unless ddof=1). "
                "Divide both by the same number")
_FIT_SLIPS = [(_mixed_divisors(lambda n: n / (n - 1)), _MIXED_WORDS),
              (_mixed_divisors(lambda n: (n - 1) / n), _MIXED_WORDS)]


def _fit_results(fit_line, cases) -> list:
    """(args, (w, b)) of the learner on the remaining ``cases``, stopping at the first unusable
    answer or error (used only to name a cause)."""
    results = []
    for args in cases:
        try:
            got = as_numbers(fit_line(*args), 2, "the answer (w, b)", "your answer")
        except (Wrong, LearnerRaised):
            break
        results.append((args, got))
    return results


@exercise("02.4", "the least-squares line through the petals", name="fit_line",
          solution=("def fit_line(x, y):\n"
                    "    A = np.column_stack([x, np.ones(len(x))])\n"
                    "    w, b = np.linalg.lstsq(A, y, rcond=None)[0]\n"
                    "    return w, b\n"),
          hints=["Write the line y = w x + b for every point as one system A (w, b) = y, with "
                 "one row per point. There are more equations than unknowns, so you want the "
                 "least-squares solution.",
                 "Each row of A is [x_i, 1]: the 1 multiplies the intercept b. Stack the column "
                 "x and a column of ones side by side.",
                 "numpy's linear-algebra module has a least-squares solver for A and y; it "
                 "returns several things, and only the first is the solution. Its entries come "
                 "in the order of the columns of A: check that this is (slope, intercept)."],
          wrong=[lambda x, y: tuple(np.linalg.lstsq(np.column_stack([np.ones(len(x)), x]), y,
                                                    rcond=None)[0]),
                 lambda x, y: (float(np.sum(x * y) / np.sum(x * x)), 0.0),
                 lambda x, y: (float(np.mean(y) / np.mean(x)), 0.0),
                 lambda x, y: tuple(np.polyfit(y, x, 1)),
                 lambda x, y: (float(np.cov(x, y)[0, 1] / np.var(x)),
                               float(np.mean(y) - np.cov(x, y)[0, 1] / np.var(x) * np.mean(x))),
                 lambda x, y: ((y[-1] - y[0]) / (x[-1] - x[0]), y[0] - (y[-1] - y[0])
                               / (x[-1] - x[0]) * x[0])],
          right=[lambda x, y: tuple(np.polyfit(x, y, 1)),
                 lambda x, y: np.linalg.solve(                       # the normal equations
                     np.array([[x @ x, x.sum()], [x.sum(), len(x)]]), np.array([x @ y, y.sum()])),
                 lambda x, y: [float(np.cov(x, y, bias=True)[0, 1] / np.var(x)),
                               float(np.mean(y) - np.cov(x, y, bias=True)[0, 1] / np.var(x)
                                     * np.mean(x))],
                 lambda x, y: np.linalg.pinv(np.column_stack([x, np.ones(len(x))])) @ y])
def _check_fit_line(fit_line):
    previous, results = None, []
    cases = _line_cases()
    for case in cases:
        x, y = case
        A = np.column_stack([x, np.ones(len(x))])
        w, b = np.linalg.lstsq(A, y, rcond=None)[0]
        where = f"for {len(x)} points" + (" (the 150 Iris petals)" if len(x) == 150 else
                                          f" with x = {fmt_list(x, limit=4)}")
        got = as_numbers(fit_line(x, y), 2, "the answer (w, b), slope then intercept,",
                         "your answer")
        scale = max(1.0, abs(w), abs(b))
        if close(got, [w, b], scale=scale):
            previous = got
            results.append((case, got))
            continue
        results.append((case, got))
        results += _fit_results(fit_line, cases)
        cause = cause_in_results(
            results, case, _FIT_SLIPS,
            lambda got, guess: close(got, guess, scale=max(1.0, *np.abs(guess))))
        if previous is not None and np.array_equal(got, previous):
            return (f"{where} you returned the same (w, b) = ({fmt(got[0])}, {fmt(got[1])}) as "
                    "for the Iris petals: compute w and b from the x and y your function is "
                    "given, not typed-in numbers")
        decimals = _rounded_to(got, [w, b])
        if decimals is not None:
            return (f"{where} your (w, b) = ({fmt(got[0], 8)}, {fmt(got[1], 8)}) is the "
                    f"least-squares line rounded to {decimals} decimal"
                    f"{'s' * (decimals != 1)}; it should match to about 6 significant "
                    f"digits ({fmt(w, 8)}, {fmt(b, 8)}). Return the computed values, without "
                    "rounding or typing in printed numbers")
        if close(got, [b, w], scale=scale):
            return (f"{where} you returned (intercept, slope) = ({fmt(got[0])}, {fmt(got[1])}); "
                    "return the slope w first, then the intercept b")
        if close(got[1], 0.0) and abs(b) > 1e-3:
            return (f"{where} your intercept is 0: the line is forced through the origin. Give "
                    "A a column of ones, so that b is fitted too")
        if cause:
            return (f"{where} your line is y = {fmt(got[0])} x {'-' if got[1] < 0 else '+'} "
                    f"{fmt(abs(got[1]))}; the least-squares line is y = {fmt(w)} x "
                    f"{'-' if b < 0 else '+'} {fmt(abs(b))}: {cause}")
        sse_yours = float(np.sum((y - got[0] * x - got[1]) ** 2))
        sse_best = float(np.sum((y - w * x - b) ** 2))
        best, yours = fmt_pair(sse_best, sse_yours)
        sign = "-" if got[1] < 0 else "+"
        return (f"{where} your line y = {fmt(got[0])} x {sign} {fmt(abs(got[1]))} has a sum of "
                f"squared errors of {yours}; the least-squares line has a smaller one, {best}")
    return None



def _column_layout_cases():
    """(X, W, b) with W stored (outputs, inputs): a square case first, where X @ W + b does not
    raise but gives other numbers (so that slip is named), then the Iris flowers and random
    sizes with every dimension different."""
    cases = [(X, W.T.copy(), b) for X, W, b in _layer_cases()]
    return [cases[-1]] + cases[:-1]


def _safe(slip):
    """A slip that says nothing (None) where its shapes do not fit."""
    def guess(*args):
        try:
            return slip(*args)
        except (ValueError, IndexError):
            return None
    return guess


_LINEAR_SLIPS = [
    (_safe(lambda X, W, b: X @ W + b),
     "you multiplied X by W as stored, X W + b: that is the layout of exercise 02.2, where W is "
     "(inputs, outputs). Here each ROW of W holds one neuron's weights, so example n meets the "
     "rows of W"),
    (lambda X, W, b: X @ W.T,
     "the bias is missing: you returned the products without + b"),
    (lambda X, W, b: X @ W.T - b, "the bias is subtracted; the layer adds it"),
    (lambda X, W, b: (X @ W.T + b).T,
     "your result is the transpose of the outputs (one row per neuron); the outputs have one "
     "row per example and one column per neuron"),
    (_safe(lambda X, W, b: (W @ X + b[:, None]).T),
     "you multiplied W by the whole batch X as stored, W X: the columns of X are features, not "
     "examples. Each example is a row of X"),
]


@exercise("02.5", "a layer stored as (outputs, inputs)", name="linear",
          solution="def linear(X, W, b):\n    return X @ W.T + b\n",
          hints=["Each output is still one example's weighted sum plus a bias. What changed is "
                 "where the weights of neuron k are: in row k of W, not in column k.",
                 "For one example x (a vector of D inputs) the layer gives W x + b, K numbers. "
                 "A batch holds N such examples as rows; find the product that gives all N "
                 "results at once as rows.",
                 "The shape rule decides: (N, D) must meet something of shape (D, K), and W is "
                 "(K, D). Which operation of this notebook turns (K, D) into (D, K)?"],
          wrong=[lambda X, W, b: X @ W + b, lambda X, W, b: X @ W.T,
                 lambda X, W, b: W @ X.T + b[:, None], lambda X, W, b: X @ W.T - b,
                 lambda X, W, b: (X * W.sum(axis=0)).sum(axis=1, keepdims=True) + b,
                 lambda X, W, b: (W @ X.T).T.T + b if W.shape[0] == X.shape[0] else X @ W.T,
                 lambda X, W, b: X.T @ W.T + b],
          right=[lambda X, W, b: (W @ X.T).T + b, lambda X, W, b: np.einsum("nd,kd->nk", X, W) + b,
                 lambda X, W, b: np.array([W @ x + b for x in X]),
                 lambda X, W, b: np.dot(X, W.transpose()) + b,
                 lambda X, W, b: (X.astype(np.float32) @ W.T.astype(np.float32) + b)])
def _check_linear(linear):
    results, first = [], None
    for case in _column_layout_cases():
        X, W, b = case
        want = X @ W.T + b
        where = (f"for X of shape {shape_str(X.shape)} (one example per row), W of shape "
                 f"{shape_str(W.shape)} (one neuron per row) and b of shape {shape_str(b.shape)}")
        try:
            got = as_array_of_shape(linear(X, W, b), want.shape,
                                    f"{where} the outputs (one row per example, one column per "
                                    "neuron)")
        except (Wrong, LearnerRaised):
            if first is None:
                raise
            break
        results.append((case, got))
        scale = max(1.0, float(np.abs(want).max()))
        if first is None and not close(got, want, scale=scale):
            first = (case, got, want, where)
    if first is None:
        return None
    case, got, want, where = first
    cause = cause_in_results(results, case, _LINEAR_SLIPS,
                             lambda got, guess: np.shape(guess) == got.shape and close(
                                 got, guess, scale=max(1.0, float(np.abs(guess).max()))))
    if cause:
        return f"{where}: {cause}"
    i, k = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    should, yours = fmt_pair(want[i, k], got[i, k])
    return (f"{where} entry [{i}, {k}] should be example {i} (row {i} of X) times neuron {k}'s "
            f"weights (row {k} of W) plus b[{k}] = {should}; yours is {yours}")


# 3 x1 + 2 x2 = 1 and 6 x1 + 5 x2 = 4: row 2 - 2 row 1 gives x2 = 2, then x1 = -1
_SYSTEM = np.array([[3.0, 2.0], [6.0, 5.0]]), np.array([1.0, 4.0])


@exercise("02.6", "a 2 x 2 system by elimination, by hand", name="elimination",
          solution="elimination = (-1, 2)\n",
          hints=["Elimination removes x1 from the second equation: subtract a multiple of the "
                 "first equation from the second, chosen so that the x1 terms cancel.",
                 "The multiple is 6 / 3. Subtract it times the WHOLE first equation, its "
                 "right-hand side included; one equation in x2 alone is left.",
                 "With x2 known, the first equation has one unknown left. Check your pair in "
                 "both equations before you enter it."],
          wrong=[(2, -1), (-5 / 3, 3), (5 / 3, -2), (1, 2), (-1, 2, 0), (-1.0, 2.1), (1 / 3, 0)],
          right=[[-1, 2], (-1.0, 2.0), np.array([-1, 2]), (np.float64(-1), 2)],)
def _check_elimination(elimination):
    A, y = _SYSTEM
    got = as_numbers(elimination, 2, "the solution (x1, x2)", "your answer")
    want = np.array([-1.0, 2.0])
    if close(got, want):
        return None
    x1, x2 = got
    left = np.round(A @ got, 10)
    equations = []
    for i in range(2):
        verdict = "holds" if close(left[i], y[i]) else f"gives {fmt(left[i])}, not {fmt(y[i])}"
        equations.append(f"{fmt(A[i, 0])} x1 + {fmt(A[i, 1])} x2 = {fmt(y[i])} {verdict}")
    message = (f"with x1 = {fmt(x1)} and x2 = {fmt(x2)}: " + "; ".join(equations))
    if close(got, want[::-1]):
        message += ". Your two numbers are the right ones in the other order: x1 first"
    elif close(x2, 3.0):
        message += (". Your x2 = 3 comes from subtracting 2 times the left side of equation 1 "
                    "but only 1 times its right-hand side: the right-hand side becomes 4 - 2 * 1")
    return message
