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
from ._core import LearnerRaised, exercise
from ._rules import COVARIANCE, SCIPY
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, fmt, fmt_list,
                        fmt_pair)
from ._slips import cause_in_results

NOTEBOOK = "03"


def _is_infinite(value) -> bool:
    try:
        return bool(np.isinf(float(value)))
    except (TypeError, ValueError):
        return False


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
                 "Top and bottom are both dot products, and the result is one number. Which "
                 "vector's length has to cancel out, and how often does it appear on top?"],
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
        result = rayleigh_quotient(A, v)
        if np.ndim(result) == 0 and _is_infinite(result):
            return (f"for {what}, v = {fmt_list(v)}, you returned {fmt(float(result))}, an "
                    "infinite number: somewhere a non-zero number was divided by 0 or a result "
                    f"overflowed. The Rayleigh quotient here is {fmt(want)}; v . v is "
                    f"{fmt(v @ v)}, not 0")
        got = as_number(result, "the Rayleigh quotient")
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
                 "Keep the product in a variable first. Its length is the square root of a dot "
                 "product; then decide what is divided by what."],
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
                 "A share is a part over a whole: which single number is the whole here? "
                 "Broadcasting divides a whole array by one number at once."],
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


def _centred(X, axis=0):
    return X - X.mean(axis=axis, keepdims=axis is not None)


def _square_only(slip):
    """A slip that gives an (n, n) matrix: it says something only where n = d."""
    return lambda X: slip(X) if X.shape[0] == X.shape[1] else None


_NOT_CENTRED = ("you did not centre the data: the covariance measures variation around the "
                "column means {means}, so subtract them first")
_COVARIANCE_SLIPS = [
    (lambda X: X.T @ X / (len(X) - 1), _NOT_CENTRED),
    (lambda X: X.T @ X / len(X), _NOT_CENTRED),
    (lambda X: _centred(X).T @ _centred(X) / len(X),
     "you divided by n = {n}; the sample covariance (np.cov, and this course) divides by n - 1"),
    (lambda X: np.corrcoef(X, rowvar=False),
     "you returned the correlation matrix (1 on the diagonal): the covariance is not divided by "
     "the standard deviations; its diagonal holds the variances"),
    (_square_only(lambda X: _centred(X) @ _centred(X).T / (len(X) - 1)),
     "your matrix compares rows (examples) with rows; the covariance compares columns "
     "(features): the transpose goes on the left, Xc^T Xc"),
    (lambda X: _centred(X, 1).T @ _centred(X, 1) / (len(X) - 1),
     "you subtracted each ROW's mean (axis=1); the covariance centres each COLUMN, each feature "
     "around its own mean: axis=0"),
    (lambda X: _centred(X, None).T @ _centred(X, None) / (len(X) - 1),
     "you subtracted one mean of all the numbers (no axis); each feature has its own mean, a "
     "mean per column: axis=0"),
]


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
                 "From the centred (n, d) data you need a (d, d) result: the shape rule tells "
                 "which product of the centred data with itself has that shape, and in which "
                 "order. Then divide as the sample covariance does."],
          wrong=[lambda X: X.T @ X / (len(X) - 1),
                 lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)) / len(X),
                 lambda X: np.cov(X),
                 lambda X: (X - X.mean(axis=0)) @ (X - X.mean(axis=0)).T / (len(X) - 1),
                 lambda X: (X - X.mean()).T @ (X - X.mean()) / (len(X) - 1),
                 lambda X: np.corrcoef(X, rowvar=False),
                 lambda X: np.diag(np.var(X, axis=0, ddof=1)),
                 lambda X: np.cov(X, rowvar=False),
                 lambda X: np.cov(X.T), lambda X: getattr(np, "c" + "ov")(X, rowvar=False)],
          forbidden=(COVARIANCE,),
          right=[lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)) / (X.shape[0] - 1),
                 lambda X: np.einsum("ni,nj->ij", X - X.mean(0), X - X.mean(0)) / (len(X) - 1),
                 lambda X: [[float(np.sum((X[:, j] - X[:, j].mean()) * (X[:, k] - X[:, k].mean()))
                             / (len(X) - 1)) for k in range(X.shape[1])]
                            for j in range(X.shape[1])]])
def _check_covariance(covariance):
    results, first = [], None
    for X, what in _datasets():
        case = (X,)
        n, d = X.shape
        want = np.cov(X, rowvar=False)
        try:
            got = as_array_of_shape(covariance(X), (d, d),
                                    f"for {what} ({n} rows, {d} features) the covariance matrix "
                                    "(one row and column per feature)")
        except (Wrong, LearnerRaised):
            if first is None:
                raise
            break
        results.append((case, got))
        if first is None and not close(got, want, scale=np.abs(want).max()):
            first = (case, got, want, what)
    if first is None:
        return None
    (X,), got, want, what = first
    n = len(X)
    cause = cause_in_results(results, first[0], _COVARIANCE_SLIPS,
                             lambda got, guess: np.shape(guess) == got.shape
                             and close(got, guess, scale=np.abs(guess).max()))
    where = f"for {what}"
    if cause:
        return f"{where} {cause}".replace("{n}", str(n)).replace(
            "{means}", fmt_list(X.mean(axis=0)))
    i, j = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    should, yours = fmt_pair(want[i, j], got[i, j])
    return (f"{where} entry [{i}, {j}] (features {i} and {j}) should be {should}; yours is "
            f"{yours}")


_S_BY_HAND = np.array([[3.0, 2.0], [2.0, 0.0]])      # eigenvalues 4 and -1; (2, 1) and (1, -2)


@exercise("03.5", "a 2 x 2 eigen-decomposition by hand", name="eigen_by_hand",
          solution="eigen_by_hand = (4, -1, 2, 1)\n",
          hints=["det(S - lambda I) is (3 - lambda)(0 - lambda) minus 2 * 2. Multiply out: a "
                 "quadratic equation in lambda.",
                 "Two checks on paper: the two roots add up to the trace of S and multiply to "
                 "its determinant. Then put the larger root into S - lambda I.",
                 "(S - lambda I) v = 0 gives two equations that say the same thing (the matrix is "
                 "singular); one of them fixes the ratio v2 / v1. Pick v1 and read off v2."],
          wrong=[(4, -1, 1, -2), (-1, 4, 2, 1), (3, 0, 1, 0), (4, 1, 2, 1), (4, -1, 0, 0),
                 (4, -1, 1, 2), (2, 1, 1, 1), (4, -1, 2)],
          right=[(4.0, -1.0, -2, -1), [4, -1, 1, 0.5],
                 np.array([4, -1, 2 / np.sqrt(5), 1 / np.sqrt(5)]),
                 (np.float64(4), -1, 4, 2)])
def _check_eigen_by_hand(eigen_by_hand):
    lam1, lam2, v1, v2 = as_numbers(eigen_by_hand, 4, "the answer (lam1, lam2, v1, v2)",
                                    "your answer")
    S, v = _S_BY_HAND, np.array([v1, v2])
    if not (close(lam1, 4.0) and close(lam2, -1.0)):
        if close(lam1, -1.0) and close(lam2, 4.0):
            return ("your eigenvalues are 4 and -1 in the other order: give the larger one "
                    "first")
        checks = []
        if not close(lam1 + lam2, 3.0):
            checks.append(f"their sum is {fmt(lam1 + lam2)}, but the trace of S is 3")
        if not close(lam1 * lam2, -4.0):
            checks.append(f"their product is {fmt(lam1 * lam2)}, but det S = 3 * 0 - 2 * 2 = -4")
        return (f"your eigenvalues {fmt(lam1)} and {fmt(lam2)} do not solve "
                "det(S - lambda I) = lambda^2 - 3 lambda - 4 = 0: " + "; ".join(checks))
    if close(v, [0.0, 0.0]):
        return ("your eigenvector is (0, 0); an eigenvector is non-zero by definition (S 0 = "
                "lambda 0 holds for every lambda)")
    Sv = S @ v
    if close(Sv, 4.0 * v, scale=np.abs(v).max()):
        return None
    if close(Sv, -1.0 * v, scale=np.abs(v).max()):
        return (f"your eigenvalues are right; your vector ({fmt(v1)}, {fmt(v2)}) is an "
                "eigenvector of the OTHER eigenvalue, -1: S v = -v. Give one for the larger, 4")
    return (f"your eigenvalues are right, but S ({fmt(v1)}, {fmt(v2)}) = ({fmt(Sv[0])}, "
            f"{fmt(Sv[1])}), which is not 4 times ({fmt(v1)}, {fmt(v2)}): solve "
            "(S - 4 I) v = 0, that is -v1 + 2 v2 = 0")


def _psd_cases():
    rng = np.random.default_rng(36)
    yield np.array([[2.0, 1.0], [1.0, 2.0]]), "the notebook's matrix A"
    B = np.round(rng.normal(0, 1, size=(4, 4)), 1)
    yield B @ B.T, "a random positive definite 4 x 4 matrix B B^T"
    B = np.random.default_rng(1).normal(size=(3, 2))
    yield B @ B.T, ("a singular 3 x 3 matrix B B^T of rank 2 (its eigenvalue 0 comes out "
                    "slightly negative in floating point)")
    yield np.cov(load_iris().X, rowvar=False), "the Iris covariance matrix"
    yield np.array([[4.0, 0.0], [0.0, 9.0]]), "a diagonal matrix"


def _eigh_pieces(S):
    lam, Q = np.linalg.eigh(S)
    return np.clip(lam, 0.0, None), Q


def _holds_nan(result, n: int) -> bool:
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return False
    return values.shape == (n, n) and bool(np.isnan(values).any())


def _psd_slip(make):
    def slip(S):
        lam, Q = _eigh_pieces(S)
        return make(S, lam, Q)
    return slip


_SQRT_SLIPS = [
    (_psd_slip(lambda S, lam, Q: np.sqrt(np.abs(S)) * np.sign(S)),
     "you took the square root of every entry; that gives R R = S only for a diagonal matrix. "
     "Take square roots of the EIGENVALUES, in the eigenvector basis, and change back"),
    (_psd_slip(lambda S, lam, Q: Q * np.sqrt(lam)),
     "you returned Q diag(sqrt(lambda)), which is not symmetric: (Q L)(Q L)^T = S, but "
     "R R = S needs the way back to ordinary coordinates too, as in S = Q Lambda Q^T"),
    (_psd_slip(lambda S, lam, Q: Q @ np.diag(np.sqrt(lam)) @ Q),
     "you multiplied by Q on both sides; the change of basis back is by Q^T (its transpose)"),
    (_psd_slip(lambda S, lam, Q: np.linalg.cholesky(S + 1e-300 * np.eye(len(S)))
               if np.all(lam > 1e-12) else None),
     "you returned the Cholesky factor L, with L L^T = S; it is triangular, not symmetric, and "
     "L L differs from S"),
    (_psd_slip(lambda S, lam, Q: S), "you returned S itself"),
    (_psd_slip(lambda S, lam, Q: Q @ np.diag(lam / 2) @ Q.T),
     "you divided S by 2, which halves every eigenvalue; the square root takes the square "
     "root of each eigenvalue instead"),
]


@exercise("03.6", "the square root of a covariance matrix", name="sqrt_psd",
          solution=("def sqrt_psd(S):\n"
                    "    lam, Q = np.linalg.eigh(S)\n"
                    "    lam = np.clip(lam, 0, None)     # rounding can give -1e-17 for a 0\n"
                    "    return Q @ np.diag(np.sqrt(lam)) @ Q.T\n"),
          hints=["In the eigenvector basis S only stretches each axis by lambda_i. Which "
                 "stretch, done twice, gives lambda_i?",
                 "Decompose S = Q Lambda Q^T, replace Lambda by the diagonal matrix that squares "
                 "to it, and go back to ordinary coordinates the same way the decomposition "
                 "does.",
                 "An eigenvalue that should be 0 can come out as a tiny negative number, and the "
                 "square root of a negative number is nan. Clip before the root."],
          wrong=[lambda S: np.sqrt(S), lambda S: S / 2,
                 lambda S: (lambda lam, Q: Q * np.sqrt(np.clip(lam, 0, None)))(*np.linalg.eigh(S)),
                 lambda S: (lambda lam, Q: Q @ np.diag(np.sqrt(lam)) @ Q.T)(*np.linalg.eigh(S)),
                 lambda S: (lambda lam, Q: Q @ np.diag(np.sqrt(np.abs(lam))) @ Q)(
                     *np.linalg.eigh(S)),
                 lambda S: np.linalg.cholesky(S + 1e-12 * np.eye(len(S))),
                 lambda S: (lambda lam, Q: Q @ np.diag(lam / 2) @ Q.T)(*np.linalg.eigh(S))],
          forbidden=(SCIPY,),
          right=[lambda S: (lambda lam, Q: (Q * np.sqrt(np.abs(lam))) @ Q.T)(*np.linalg.eigh(S)),
                 lambda S: (lambda lam, Q: sum(np.sqrt(max(l, 0.0)) * np.outer(q, q)
                                               for l, q in zip(lam, Q.T)))(*np.linalg.eigh(S)),
                 lambda S: (lambda U, s, Vt: (U * np.sqrt(s)) @ U.T)(*np.linalg.svd(S)),
                 lambda S: (lambda lam, Q: (Q @ np.diag(np.sqrt(np.maximum(lam, 0))) @ Q.T)
                            .astype(np.float32))(*np.linalg.eigh(S))])
def _check_sqrt_psd(sqrt_psd):
    results, first = [], None
    for S, what in _psd_cases():
        n, case = len(S), (S,)
        try:
            result = sqrt_psd(S)
            if first is None and _holds_nan(result, n) and np.linalg.eigvalsh(S).min() < 0:
                return (f"for {what}: your matrix holds nan. S has the eigenvalue "
                        f"{fmt(np.linalg.eigvalsh(S).min())} here, a 0 that rounding made "
                        "slightly negative, and the square root of a negative number is nan. "
                        "Clip the eigenvalues at 0 before the root")
            got = as_array_of_shape(result, (n, n), f"for {what} the square root (the "
                                    "same shape as S)")
        except (Wrong, LearnerRaised):
            if first is None:
                raise
            break
        results.append((case, got))
        if first is not None:
            continue
        scale = float(np.abs(S).max())
        R = got.astype(float)
        problem = None
        if not np.all(np.isfinite(R)):
            lam = np.linalg.eigvalsh(S)
            problem = (f"your matrix holds nan or inf; S has the eigenvalue {fmt(lam.min())} "
                       "here, a 0 that rounding made slightly negative, and the square root of a "
                       "negative number is nan. Clip the eigenvalues at 0 before the root"
                       if lam.min() < 0 else "your matrix holds nan or inf")
        elif not close(R @ R, S, scale=scale):
            i, j = np.unravel_index(np.argmax(np.abs(R @ R - S)), S.shape)
            should, yours = fmt_pair(S[i, j], (R @ R)[i, j])
            problem = (f"R R is not S: entry [{i}, {j}] of your R times R is {yours}, S has "
                       f"{should}")
        elif not close(R, R.T, scale=np.sqrt(scale)):
            problem = "R R = S holds, but your R is not symmetric (R^T differs from R)"
        elif np.linalg.eigvalsh((R + R.T) / 2).min() < -1e-6 * np.sqrt(scale):
            problem = ("R R = S holds and R is symmetric, but R has a negative eigenvalue: "
                       "that is another root; the square root meant here has eigenvalues >= 0, "
                       "the square roots of those of S")
        if problem is not None:
            first = (case, what, problem)
    if first is None:
        return None
    case, what, problem = first
    cause = cause_in_results(results, case, _SQRT_SLIPS,
                             lambda got, guess: guess is not None and np.shape(guess) == got.shape
                             and close(got, guess, scale=max(1.0, float(np.abs(guess).max()))))
    return f"for {what}: {problem}" + (f". It looks as if {cause}" if cause else "")
