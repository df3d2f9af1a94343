"""Exercises of notebook 03: eigenvalues, power iteration, the covariance matrix and PCA.

Each checker runs the notebook's example or the Iris data first (the message a learner can
follow), then seeded random sizes and values, including the cases where the typical bug shows:
a vector v that is not of length 1 (forgetting to divide by v . v), a step whose result is far
from length 1 (forgetting to normalise), data far from the origin (forgetting to centre).
"""

from __future__ import annotations

import numpy as np

from .._checks import shape_str
from ..data import load_iris
from ..linalg import eig_sym
from ._core import exercise
from ._feedback import as_array_of_shape, as_number, close, fmt, fmt_list, fmt_pair


def _symmetric(rng, n: int) -> np.ndarray:
    B = np.round(rng.normal(0, 2, size=(n, n)), 1)
    return (B + B.T) / 2


def _quotient_cases():
    rng = np.random.default_rng(30)
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    yield A, np.array([1.0, 1.0]), "the eigenvector (1, 1) of the notebook's matrix"
    yield A, np.array([2.0, -2.0]), "a multiple of the eigenvector (1, -1)"
    yield A, np.array([3.0, 0.0]), "v = (3, 0), not an eigenvector"
    for n in (int(rng.integers(3, 6)), 4):
        S = _symmetric(rng, n)
        v = np.round(rng.normal(0, 2, size=n), 1)
        yield S, v, f"a random symmetric {n} x {n} matrix"
    R = np.round(rng.normal(0, 2, size=(3, 3)), 1)
    yield R, np.round(rng.normal(0, 2, size=3), 1), "a random non-symmetric 3 x 3 matrix"


@exercise("03.1", "the Rayleigh quotient", name="rayleigh_quotient",
          solution=("def rayleigh_quotient(A, v):\n"
                    "    return (v @ (A @ v)) / (v @ v)\n"),
          hints=["If v is an eigenvector, A v = lambda v; take the dot product of both sides "
                 "with v and solve for lambda.",
                 "v . (A v) = lambda (v . v). The vector v need not have length 1, so divide by "
                 "v . v, not by 1.",
                 "Two dot products: the top is v with the vector A v, the bottom is v with "
                 "itself. The result is one number."],
          wrong=[lambda A, v: v @ A @ v,
                 lambda A, v: (v @ A @ v) / np.sqrt(v @ v),
                 lambda A, v: np.sqrt((A @ v) @ (A @ v)) / np.sqrt(v @ v),
                 lambda A, v: (A @ v)[0] / v[0] if v[0] != 0 else 0.0,
                 lambda A, v: (v @ A @ v) / len(v),
                 lambda A, v: float(np.sum(A @ v) / np.sum(v)) if np.sum(v) != 0 else 0.0],
          right=[lambda A, v: np.dot(v, A.dot(v)) / np.dot(v, v),
                 lambda A, v: float(np.einsum("i,ij,j->", v, A, v) / np.sum(v * v)),
                 lambda A, v: np.float32(v @ A @ v) / np.float32(v @ v),
                 lambda A, v: sum(v[i] * A[i, j] * v[j] for i in range(len(v))
                                  for j in range(len(v))) / sum(x * x for x in v)])
def _check_rayleigh(rayleigh_quotient):
    for A, v, what in _quotient_cases():
        want = float(v @ A @ v / (v @ v))
        got = as_number(rayleigh_quotient(A, v), "the Rayleigh quotient")
        if close(got, want, scale=np.abs(A).max()):
            continue
        where = f"for {what}, v = {fmt_list(v)} (length {fmt(np.sqrt(v @ v))})"
        top = float(v @ A @ v)
        if close(got, top, scale=np.abs(A).max()):
            return (f"{where} you returned v . A v = {fmt(top)}; v is not of length 1 here, so "
                    f"divide by v . v = {fmt(v @ v)}: the answer is {fmt(want)}")
        if close(got, top / np.sqrt(v @ v), scale=np.abs(A).max()):
            return (f"{where} you divided v . A v by the length of v; divide by v . v, the "
                    f"length squared ({fmt(v @ v)}): the answer is {fmt(want)}")
        should, yours = fmt_pair(want, got)
        return f"{where} the Rayleigh quotient v . A v / v . v is {should}; yours is {yours}"
    return None


def _step_cases():
    rng = np.random.default_rng(31)
    yield np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([1.0, 0.0]), "the notebook's first step"
    iris = load_iris().X
    C = np.cov(iris, rowvar=False)
    yield C, np.ones(4), "the Iris covariance matrix and v = (1, 1, 1, 1)"
    for n in (int(rng.integers(3, 6)), 3):
        A = np.round(rng.normal(0, 2, size=(n, n)), 1)
        v = np.round(rng.normal(0, 1, size=n), 2)
        v[0] = -abs(v[0]) - 0.5
        yield A, v, f"a random {n} x {n} matrix"
    yield np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([1.0, -3.0]), "A v with a negative sum"


@exercise("03.2", "one step of power iteration", name="power_iteration_step",
          solution=("def power_iteration_step(A, v):\n"
                    "    w = A @ v\n"
                    "    return w / np.sqrt(w @ w)\n"),
          hints=["A step does two things: multiply by A, then rescale so the result has "
                 "length 1.",
                 "Rescale A v by its length |A v| = sqrt(sum of its squared entries), not by "
                 "the sum of its entries (which can be negative or zero) and not by |v|.",
                 "Call the product w: the new v is w divided by the square root of w . w."],
          wrong=[lambda A, v: A @ v,
                 lambda A, v: (A @ v) / np.sum(A @ v),
                 lambda A, v: A @ (v / np.sqrt(v @ v)),
                 lambda A, v: (A @ v) / ((A @ v) @ (A @ v)),
                 lambda A, v: v / np.sqrt(v @ v),
                 lambda A, v: -(A @ v) / np.sqrt((A @ v) @ (A @ v)),
                 lambda A, v: (v @ A) / np.sqrt((v @ A) @ (v @ A))],
          right=[lambda A, v: A.dot(v) / np.linalg.norm(A.dot(v)),
                 lambda A, v: [x / sum(y * y for y in A @ v) ** 0.5 for x in A @ v],
                 lambda A, v: (A @ v / np.sqrt(np.sum((A @ v) ** 2))).astype(np.float32),
                 lambda A, v: np.einsum("ij,j->i", A, v) / np.hypot.reduce(A @ v)])
def _check_step(power_iteration_step):
    for A, v, what in _step_cases():
        w = A @ v
        want = w / np.sqrt(w @ w)
        n = len(v)
        got = as_array_of_shape(power_iteration_step(A, v), (n,),
                                f"for {what} (A of shape {shape_str(A.shape)}) the new v")
        if close(got, want):
            continue
        where = f"for {what}, v = {fmt_list(v)}"
        length = float(np.sqrt(np.sum(got.astype(float) ** 2)))
        if close(got, w, scale=np.abs(w).max()):
            return (f"{where} your result is A v = {fmt_list(w)} itself, of length "
                    f"{fmt(length)}; divide it by its own length |A v| (not by |v|), or after a "
                    "few steps the numbers grow or shrink without limit")
        if abs(length - 1.0) > 1e-3:
            if abs(np.sum(w)) > 1e-12 and close(got, w / np.sum(w)):
                return (f"{where} you divided A v by the sum of its entries, "
                        f"{fmt(np.sum(w))}; the result has length {fmt(length)}, not 1. Divide "
                        "by the length |A v| = sqrt(w . w) instead")
            return (f"{where} your vector has length {fmt(length)}; the new v has length 1: "
                    "A v divided by its length")
        if close(got, -want):
            return (f"{where} your vector points the opposite way, {fmt_list(got)}; the step "
                    f"keeps the direction of A v: {fmt_list(want)}")
        should, yours = fmt_pair(want, got)
        return (f"{where} your vector has length 1 but not the direction of A v = "
                f"{fmt_list(w)}: expected {should}, yours is {yours}")
    return None


@exercise("03.3", "the explained variance ratio", name="explained_variance_ratio",
          solution=("def explained_variance_ratio(eigenvalues):\n"
                    "    return eigenvalues / np.sum(eigenvalues)\n"),
          hints=["Each eigenvalue of the covariance matrix is the variance along its component; "
                 "the ratio is its share of the total.",
                 "The total variance is the sum of all the eigenvalues; the shares add up to 1.",
                 "Divide every eigenvalue by the sum of all of them (one division, with "
                 "broadcasting)."],
          wrong=[lambda lam: lam / np.max(lam),
                 lambda lam: np.cumsum(lam) / np.sum(lam),
                 lambda lam: np.sqrt(lam) / np.sum(np.sqrt(lam)),
                 lambda lam: lam / len(lam),
                 lambda lam: np.sort(lam / np.sum(lam)),
                 lambda lam: lam / np.sum(lam[:2])],
          right=[lambda lam: np.asarray(lam) / sum(lam),
                 lambda lam: [x / sum(lam) for x in lam],
                 lambda lam: (lam / lam.sum()).astype(np.float32),
                 lambda lam: np.array(lam) * (1.0 / np.sum(lam))])
def _check_ratio(explained_variance_ratio):
    rng = np.random.default_rng(33)
    iris = eig_sym(np.cov(load_iris().X, rowvar=False))[0]     # descending
    cases = [(iris, "the eigenvalues of the Iris covariance matrix"),
             (np.array([3.0, 1.0]), "the eigenvalues 3 and 1 of the notebook's example"),
             (np.sort(np.round(rng.uniform(0.1, 5, size=int(rng.integers(5, 9))), 2))[::-1],
              "random eigenvalues"),
             (np.array([4.0, 2.0, 2.0, 0.0]), "eigenvalues with a 0 (a flat direction)"),
             (np.array([0.5, 2.0, 1.5]), "eigenvalues in no particular order")]
    for lam, what in cases:
        want = lam / lam.sum()
        got = as_array_of_shape(explained_variance_ratio(lam.copy()), lam.shape,
                                f"for {what}, {fmt_list(lam)}, the ratios (one per eigenvalue)")
        if close(got, want):
            continue
        where = f"for {what}, {fmt_list(lam)}"
        if close(got, np.cumsum(want)):
            return (f"{where} you returned the cumulative shares {fmt_list(got)}; the ratio of "
                    "each component is its own share, not the running total")
        total = float(np.sum(got))
        if abs(total - 1.0) > 1e-4:
            return (f"{where} your ratios add up to {fmt(total)}; the shares of the total "
                    f"variance add up to 1 (expected {fmt_list(want)})")
        roots = np.sqrt(lam)
        if close(got, roots / roots.sum()):
            return (f"{where} you took square roots first: your shares {fmt_list(got)} are "
                    "those of the standard deviations. The eigenvalues are already the "
                    "variances; each share is its eigenvalue divided by the sum of all of them: "
                    f"{fmt_list(want)}")
        if not close(got, want) and (close(got, np.sort(want)) or close(got, np.sort(want)[::-1])):
            return (f"{where} you returned the right shares in a different order, "
                    f"{fmt_list(got)}; ratio i belongs to eigenvalue i, in the order given: "
                    f"{fmt_list(want)}")
        should, yours = fmt_pair(want, got)
        return f"{where} the shares should be {should}; yours are {yours}"
    return None


def _datasets():
    rng = np.random.default_rng(34)
    yield load_iris().X, "the Iris data"
    n, d = int(rng.integers(6, 15)), int(rng.integers(2, 5))
    yield np.round(rng.normal(rng.uniform(5, 20, size=d), 2, size=(n, d)), 2), \
        f"random data of shape {shape_str((n, d))}"
    yield np.round(rng.normal(10, 3, size=(4, 4)), 2), "random data of shape (4, 4)"
    yield np.round(rng.normal(-3, 1, size=(3, 2)), 2), "random data of shape (3, 2)"


_FORBIDDEN = {"cov": "np.cov", "corrcoef": "np.corrcoef"}


def _names_used(function) -> set[str]:
    """The global and attribute names a function's code uses (``np.cov`` gives "np" and "cov"),
    including those of functions and lambdas defined inside it, and "cov"/"corrcoef" when numpy's
    function is reached through a closure. Empty when there is no code."""
    function = getattr(function, "function", function)     # the learner's own, not the wrapper
    code = getattr(function, "__code__", None)
    names: set[str] = set()
    stack = [code] if code is not None else []
    while stack:
        code = stack.pop()
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if hasattr(c, "co_names"))
    # a name from an enclosing function (``from numpy import cov`` inside another function)
    for cell in getattr(function, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:                   # an empty cell
            continue
        for name in _FORBIDDEN:
            if value is getattr(np, name):
                names.add(name)
    return names


@exercise("03.4", "the covariance matrix", name="covariance",
          solution=("def covariance(X):\n"
                    "    centred = X - X.mean(axis=0)\n"
                    "    return centred.T @ centred / (len(X) - 1)\n"),
          hints=["The covariance matrix has one row and one column per feature: (d, d) for "
                 "data of shape (n, d). Entry [j, k] measures how features j and k vary "
                 "together around their means.",
                 "First centre: subtract each column's mean. Then a product of the centred "
                 "data with itself gives the sums of products; divide by n - 1 (the sample "
                 "covariance, like np.cov).",
                 "With Xc = X minus its column means: Xc transposed times Xc, divided by "
                 "n - 1."],
          wrong=[lambda X: X.T @ X / (len(X) - 1),
                 lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)) / len(X),
                 lambda X: np.cov(X),
                 lambda X: (X - X.mean(axis=0)) @ (X - X.mean(axis=0)).T / (len(X) - 1),
                 lambda X: (X - X.mean()).T @ (X - X.mean()) / (len(X) - 1),
                 lambda X: np.corrcoef(X, rowvar=False),
                 lambda X: np.diag(np.var(X, axis=0, ddof=1)),
                 lambda X: np.cov(X, rowvar=False),
                 lambda X: np.cov(X.T)],
          right=[lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)) / (X.shape[0] - 1),
                 lambda X: np.einsum("ni,nj->ij", X - X.mean(0), X - X.mean(0)) / (len(X) - 1),
                 lambda X: [[float(np.sum((X[:, j] - X[:, j].mean()) * (X[:, k] - X[:, k].mean()))
                             / (len(X) - 1)) for k in range(X.shape[1])]
                            for j in range(X.shape[1])]])
def _check_covariance(covariance):
    used = sorted(_FORBIDDEN[name] for name in _names_used(covariance) if name in _FORBIDDEN)
    if used:
        return (f"your function calls {' and '.join(used)}: this exercise asks you to compute "
                "the covariance yourself (centre, then Xc^T Xc / (n - 1)); np.cov is the "
                "reference the notebook checks against")
    for X, what in _datasets():
        n, d = X.shape
        want = np.cov(X, rowvar=False)
        got = as_array_of_shape(covariance(X), (d, d),
                                f"for {what} ({n} rows, {d} features) the covariance matrix "
                                "(one row and column per feature)")
        scale = np.abs(want).max()
        if close(got, want, scale=scale):
            continue
        where = f"for {what}"
        centred = X - X.mean(axis=0)
        if close(got, X.T @ X / (n - 1), scale=scale) or close(got, X.T @ X / n, scale=scale):
            return (f"{where} you did not centre the data: the covariance measures variation "
                    f"around the column means {fmt_list(X.mean(axis=0))}, so subtract them "
                    "first")
        if close(got, centred.T @ centred / n, scale=scale):
            return (f"{where} you divided by n = {n}; the sample covariance (np.cov, and this "
                    f"course) divides by n - 1 = {n - 1}")
        std = np.sqrt(np.diag(want))
        if close(got, want / np.outer(std, std)):
            return (f"{where} you returned the correlation matrix (1 on the diagonal): the "
                    "covariance is not divided by the standard deviations; its diagonal holds "
                    f"the variances {fmt_list(np.diag(want))}")
        if n == d and close(got, centred @ centred.T / (n - 1), scale=scale):
            return (f"{where} your matrix compares rows (flowers) with rows; the covariance "
                    "compares columns (features): the transpose goes on the left, Xc^T Xc")
        i, j = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
        should, yours = fmt_pair(want[i, j], got[i, j])
        return (f"{where} entry [{i}, {j}] (features {i} and {j}) should be {should}; yours is "
                f"{yours}")
    return None
