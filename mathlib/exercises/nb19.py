"""Exercises of notebook 19: shrinkage by hand (ridge and lasso on one weight), ridge regression in
closed form and the lasso by coordinate descent on the diabetes data, and the variance that
inverted dropout adds.

Each checker starts with a case a learner can verify by hand, then the cases where the usual slips
show (the 1/2 of the L2 convention, a soft-threshold that crosses zero, simultaneous instead of
in-place updates), then real data. The diabetes matrices are built once (cached) and handed to
the learner as fresh copies, so each check call stays cheap.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import nn as _nn
from ..data import load_diabetes
from ..stats import standardise as _standardise
from ._core import exercise
from ._feedback import as_numbers, close, fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "19"


# -- 19.1 by hand: ridge and lasso on one weight -------------------------------------------------

@exercise("19.1", "by hand: ridge and lasso shrink one weight", name="answer_19_1",
          solution="answer_19_1 = (1.5, 2.0, 0.25, 0.0)\n",
          hints=["Each problem is a parabola (1/2)(w - w0)^2 plus a penalty. Set the derivative to "
                 "0 (for L1, on each side of 0 separately).",
                 "L2 with the course's convention (lam / 2) w^2: the derivative is "
                 "(w - w0) + lam w. L1: the derivative is (w - w0) + lam sign(w) where w is not 0.",
                 "For L1, w = w0 - lam only if that is still on the same side of 0 as w0; if "
                 "subtracting lam would cross 0, the minimum is at the kink, w = 0."],
          wrong=[(1.0, 2.0, 1 / 6, 0.0), (1.5, 1.5, 0.25, 0.25), (1.5, 2.0, 0.25, -0.5),
                 (2.0, 1.5, 0.0, 0.25), (2.0, 1.5, 0.25, 0.0), (2.0, 1.0, 0.0, 0.25),
                 (1.5, 2.5, 0.25, 0.0), (1.5, 2.0, 0.25), (3.0, 2.0, 0.5, 0.0),
                 ("1.5", "2", "0.25", "0")],
          right=[[1.5, 2, 0.25, 0], (3 / 2, 2.0, 1 / 4, -0.0), np.array([1.5, 2.0, 0.25, 0.0])])
def _check_answer_19_1(answer_19_1):
    names = ["ridge weight for w0 = 3", "lasso weight for w0 = 3", "ridge weight for w0 = 0.5",
             "lasso weight for w0 = 0.5"]
    wants = [1.5, 2.0, 0.25, 0.0]
    got = [float(v) for v in as_numbers(answer_19_1, 4, f"the answer, ({', '.join(names)}),")]
    # the order asked is (ridge, lasso) for each w0: a pair given as (lasso, ridge) is named as
    # such, not as two shrinkage slips
    swapped = [w0 for w0, i in (("3", 0), ("0.5", 2))
               if close(got[i], wants[i + 1]) and close(got[i + 1], wants[i])]
    if swapped:
        for w0, i in (("3", 0), ("0.5", 2)):
            if w0 in swapped:
                got[i], got[i + 1] = got[i + 1], got[i]
        rest = _by_hand_19_1(got, names, wants)
        which = " and ".join(f"w0 = {w0}" for w0 in swapped)
        text = (f"for {which} you gave the lasso weight first and the ridge weight second; the "
                f"order asked is (ridge at 3, lasso at 3, ridge at 0.5, lasso at 0.5)")
        return text + (f". In that order: {rest}" if rest else ", and in that order your numbers "
                       "are right.")
    return _by_hand_19_1(answer_19_1, names, wants)


def _by_hand_19_1(answer, names, wants):
    return by_hand_problem(
        answer, names, wants,
        {0: [(1.0, "you used the penalty lam w^2 without the 1/2: its derivative is 2 lam w, so "
                   "w = w0 / (1 + 2 lam); the notebook's convention (lam / 2) w^2 gives "
                   "w0 / (1 + lam)"),
             (3.0, "you left w at w0: the penalty's pull lam w moves the minimum towards 0")],
         1: [(1.5, "you shrank the lasso weight like the ridge one (divided by 1 + lam); the "
                   "L1 penalty's pull is a constant lam, so it subtracts: w0 - lam"),
             (2.5, "you subtracted lam / 2; the derivative of lam |w| is lam sign(w), so the "
                   "minimum moves by lam")],
         2: [(0.5 / 3, "you used the penalty lam w^2 without the 1/2: the notebook's convention "
                       "(lam / 2) w^2 gives w0 / (1 + lam)"),
             (0.5, "you left w at w0: the penalty's pull lam w moves the minimum towards 0")],
         3: [(-0.5, "you subtracted lam and crossed 0: w0 - lam = -0.5 is on the other side, where "
                    "the slope of |w| is -1, not +1; the minimum is at the kink, w = 0 "
                    "(soft-thresholding)"),
             (0.25, "you shrank the lasso weight like the ridge one; the L1 penalty subtracts "
                    "lam, and stops at 0")]})


# -- the diabetes matrices (19.2 and 19.3) ------------------------------------------------------

@lru_cache(maxsize=1)
def _diabetes():
    """The 10 standardised measurements (442 x 10) and the centred progression (442,)."""
    data = load_diabetes()
    X = _standardise(data.X)
    y = data.y - data.y.mean()
    return X, y


@lru_cache(maxsize=1)
def _bmi_polynomial():
    """Degree-6 polynomial features of BMI (scaled to [-1, 1], powers 1..6), centred, and the
    centred progression: 442 x 6, ill-conditioned enough that the penalty matters."""
    data = load_diabetes()
    u = 2 * (data.X[:, 2] - 18.0) / (42.2 - 18.0) - 1
    P = np.stack([u ** k for k in range(1, 7)], axis=1)
    return P - P.mean(axis=0), data.y - data.y.mean()


# -- 19.2 ridge regression in closed form -------------------------------------------------------

def _ridge_ref(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def _ridge_cases():
    yield np.eye(2), np.array([2.0, -4.0]), 1.0                      # by hand: y / (1 + lam)
    yield np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), np.array([1.0, 2.0, 4.0]), 0.0
    yield np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), np.array([1.0, 0.0, 2.0]), 0.5
    X, y = _diabetes()
    yield X.copy(), y.copy(), 100.0
    P, yp = _bmi_polynomial()
    yield P.copy(), yp.copy(), 1.0


def _ridge_where(X, y, lam):
    if len(y) == 442:
        data = ("the 10 standardised diabetes measurements" if X.shape[1] == 10
                else "the powers 1..6 of the scaled BMI (centred)")
        return f"on {data} with the centred progression, lam = {fmt(lam)},"
    return f"for X = {np.asarray(X).tolist()}, y = {np.asarray(y).tolist()}, lam = {fmt(lam)},"


_RIDGE_SLIPS = (
    Slip(lambda X, y, lam: _ridge_ref(X, y, 2 * lam),
         "you used 2 lam: that is the penalty lam |w|^2 without the 1/2; with (lam / 2)|w|^2 "
         "the normal equations are (X^T X + lam I) w = X^T y"),
    Slip(lambda X, y, lam: _ridge_ref(X, y, lam / 2),
         "you used lam / 2: the derivative of (lam / 2)|w|^2 is lam w, so lam I is added"),
    Slip(lambda X, y, lam: _ridge_ref(X, y, 0.0),
         "your weights are the least-squares ones: the penalty adds lam I to X^T X"),
    Slip(lambda X, y, lam: _ridge_ref(X, y, lam * len(y)),
         "you multiplied lam by the number of rows n; the loss here is (1/2)|X w - y|^2, a sum "
         "over the rows, not a mean"),
    Slip(lambda X, y, lam: np.linalg.solve(X.T @ X, X.T @ y) / (1 + lam),
         "you divided the least-squares weights by 1 + lam; that is ridge only when X^T X = I: "
         "solve (X^T X + lam I) w = X^T y"),
)


@exercise("19.2", "ridge regression in closed form", name="ridge",
          solution=("def ridge(X, y, lam):\n"
                    "    d = X.shape[1]\n"
                    "    return np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)\n"),
          hints=["Write the gradient of (1/2)|X w - y|^2 + (lam / 2)|w|^2 with respect to w and "
                 "set it to 0.",
                 "The gradient is X^T (X w - y) + lam w. Collect the terms with w on one side.",
                 "The result is a square linear system in w, one equation per weight: a solver "
                 "of linear systems does the rest (the identity matrix comes from numpy). Do not "
                 "use a least-squares routine on the unpenalised problem."],
          wrong=[lambda X, y, lam: _ridge_ref(X, y, 2 * lam),
                 lambda X, y, lam: _ridge_ref(X, y, 0.0),
                 lambda X, y, lam: _ridge_ref(X, y, lam * len(y)),
                 lambda X, y, lam: np.linalg.solve(X.T @ X, X.T @ y) / (1 + lam),
                 lambda X, y, lam: np.linalg.lstsq(X, y, rcond=None)[0],
                 lambda X, y, lam: _ridge_ref(X, y, lam)[None, :],
                 lambda X, y, lam: _nn.l2_penalty_gradient(_ridge_ref(X, y, lam), lam=lam)],
          right=[_ridge_ref,
                 lambda X, y, lam: np.linalg.inv(X.T @ X + lam * np.eye(X.shape[1])) @ X.T @ y,
                 lambda X, y, lam: np.linalg.lstsq(
                     np.vstack([X, np.sqrt(lam) * np.eye(X.shape[1])]),
                     np.concatenate([y, np.zeros(X.shape[1])]), rcond=None)[0]],
          forbidden=(SCIPY,))
def _check_ridge(ridge):
    return compare_cases(ridge, _ridge_cases(), _ridge_ref, slips=_RIDGE_SLIPS,
                         what="the weights", where=_ridge_where)


# -- 19.3 the lasso by coordinate descent -------------------------------------------------------

def _lasso_running_residual(X, y, lam, sweeps):
    """A right answer written differently: the residual kept up to date instead of recomputed."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, r = np.zeros(X.shape[1]), y.copy()
    for _ in range(sweeps):
        for j in range(X.shape[1]):
            r = r + X[:, j] * w[j]
            z = float(X[:, j] @ r)
            w[j] = np.sign(z) * max(abs(z) - lam, 0.0) / float(X[:, j] @ X[:, j])
            r = r - X[:, j] * w[j]
    return w


def _soft(z, t):
    return np.sign(z) * max(abs(z) - t, 0.0)


def _lasso_ref(X, y, lam, sweeps, *, threshold=None, jacobi=False, divide=True):
    """Coordinate descent as the exercise states it; the keywords make the slips (divide=False
    is a listed wrong answer only: it diverges on the diabetes data, so it is not named)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    threshold = lam if threshold is None else threshold
    d = X.shape[1]
    w = np.zeros(d)
    sq = np.einsum("ij,ij->j", X, X)
    for _ in range(sweeps):
        old = w.copy()
        for j in range(d):
            source = old if jacobi else w
            r = y - X @ source + X[:, j] * source[j]          # residual without weight j
            z = X[:, j] @ r
            w[j] = _soft(z, threshold) / (sq[j] if divide else 1.0)
    return w


def _lasso_cases():
    yield np.array([[1.0], [1.0]]), np.array([3.0, 1.0]), 1.0, 1   # by hand: S(4, 1) / 2 = 1.5
    yield np.array([[1.0], [-1.0]]), np.array([0.25, -0.25]), 1.0, 3   # below lam: exactly 0
    yield (np.array([[1.0, 0.5], [0.0, 1.0], [1.0, 1.0]]), np.array([2.0, -1.0, 1.0]), 0.5, 4)
    X, y = _diabetes()
    yield X.copy(), y.copy(), 2000.0, 30
    yield X.copy(), y.copy(), 8000.0, 10


def _lasso_where(X, y, lam, sweeps):
    if len(y) == 442:
        return (f"on the 10 standardised diabetes measurements with the centred progression, "
                f"lam = {fmt(lam)}, {sweeps} sweeps,")
    return (f"for X = {np.asarray(X).tolist()}, y = {np.asarray(y).tolist()}, lam = {fmt(lam)}, "
            f"{sweeps} sweep{'s' if sweeps > 1 else ''},")


_LASSO_SLIPS = (
    Slip(lambda X, y, lam, sweeps: _lasso_ref(X, y, lam, sweeps, threshold=0.0),
         "your weights are never thresholded (the least-squares coordinate updates): each update "
         "is the soft-threshold S(z, lam) of z = x_j^T r_j"),
    Slip(lambda X, y, lam, sweeps: _lasso_ref(X, y, lam, sweeps, threshold=lam / 2),
         "you thresholded at lam / 2; the derivative of lam |w_j| is lam sign(w_j), so the "
         "threshold is lam"),
    Slip(lambda X, y, lam, sweeps: _lasso_ref(X, y, lam, sweeps, jacobi=True),
         "you updated every weight from the previous sweep's weights (all at once); coordinate "
         "descent uses each new w_j at once, in the update of the next weight"),
)


@exercise("19.3", "the lasso by coordinate descent", name="lasso",
          solution=("def lasso(X, y, lam, sweeps):\n"
                    "    d = X.shape[1]\n"
                    "    w = np.zeros(d)\n"
                    "    for _ in range(sweeps):\n"
                    "        for j in range(d):\n"
                    "            r = y - X @ w + X[:, j] * w[j]\n"
                    "            z = X[:, j] @ r\n"
                    "            w[j] = np.sign(z) * max(abs(z) - lam, 0) / (X[:, j] @ X[:, j])\n"
                    "    return w\n"),
          hints=["Fix every weight but w_j. As a function of w_j alone the objective is a parabola "
                 "plus lam |w_j|: the notebook's one-weight problem.",
                 "With r the residual y - X w computed without column j's term, the parabola is "
                 "(1/2)|r - x_j w_j|^2, minimised without the penalty at z / (x_j^T x_j), with "
                 "z = x_j^T r.",
                 "With the penalty: w_j = S(z, lam) / (x_j^T x_j), S the soft-threshold "
                 "sign(z) max(|z| - lam, 0). Update w_j in place before moving to j + 1."],
          wrong=[lambda X, y, lam, s: _lasso_ref(X, y, lam, s, threshold=0.0),
                 lambda X, y, lam, s: _lasso_ref(X, y, lam, s, threshold=lam / 2),
                 lambda X, y, lam, s: _lasso_ref(X, y, lam, s, jacobi=True),
                 lambda X, y, lam, s: _lasso_ref(X, y, lam, s, divide=False),
                 lambda X, y, lam, s: _lasso_ref(X, y, lam, max(s - 1, 0)),
                 lambda X, y, lam, s: np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)],
          right=[_lasso_ref, _lasso_running_residual,
                 lambda X, y, lam, s: _lasso_ref(list(map(list, X)), list(y), lam, s)],
          forbidden=(SCIPY,))
def _check_lasso(lasso):
    return compare_cases(lasso, _lasso_cases(), _lasso_ref, slips=_LASSO_SLIPS,
                         what="the weights", where=_lasso_where)


# -- 19.4 the variance that dropout adds --------------------------------------------------------

def _variance_ref(x, p):
    return np.asarray(x, dtype=float) ** 2 * p / (1 - p)


def _variance_cases():
    yield 2.0, 0.5                                    # by hand: 4 * 0.5 / 0.5 = 4
    yield np.array([1.0, -3.0, 0.0, 0.5]), 0.2
    yield np.array([[1.0, 2.0], [-1.5, 4.0]]), 0.9
    yield np.array([0.7, -1.1]), 0.0                  # no dropout: no variance


_VARIANCE_SLIPS = (
    Slip(lambda x, p: np.asarray(x, dtype=float) ** 2 * p * (1 - p),
         "that is the variance of x m without the division by 1 - p; inverted dropout divides "
         "the kept values by 1 - p, so the variance is divided by (1 - p)^2"),
    Slip(lambda x, p: np.asarray(x, dtype=float) ** 2 * p,
         "x^2 p is the variance of x m / (1 - p) times (1 - p): the scale 1 / (1 - p) enters "
         "squared, the keep-probability 1 - p once"),
    Slip(lambda x, p: np.asarray(x, dtype=float) * p / (1 - p),
         "the variance of a multiple of x grows with x squared: (x / (1 - p))^2 enters"),
    Slip(lambda x, p: np.asarray(x, dtype=float) ** 2 / (1 - p),
         "that is E[y^2] = x^2 / (1 - p); the variance subtracts the squared mean, E[y]^2 = x^2"),
)


@exercise("19.4", "the variance of inverted dropout", name="dropout_variance",
          solution=("def dropout_variance(x, p):\n"
                    "    return x ** 2 * p / (1 - p)\n"),
          hints=["y = x m / (1 - p) with m = 1 with probability 1 - p and 0 otherwise. "
                 "Var(y) = E[y^2] - E[y]^2.",
                 "E[y] = x (the notebook checked it). m^2 = m, so E[y^2] = x^2 E[m] / (1 - p)^2.",
                 "E[m] = 1 - p. Subtract x^2 and simplify; the answer is 0 at p = 0 and grows "
                 "without bound as p approaches 1."],
          wrong=[lambda x, p: np.asarray(x) ** 2 * p * (1 - p), lambda x, p: np.asarray(x) ** 2 * p,
                 lambda x, p: np.asarray(x) * p / (1 - p), lambda x, p: np.asarray(x) ** 2 / (1 - p),
                 lambda x, p: np.asarray(x) ** 2 * (1 - p) / p if p > 0 else np.zeros_like(x)],
          right=[_variance_ref, lambda x, p: np.asarray(x) ** 2 * (1 / (1 - p) - 1),
                 lambda x, p: np.square(x) * p / (1.0 - p)],
          forbidden=(SCIPY, forbid_object("mathlib.nn.dropout",
                                          "which draws a random mask; the answer is a formula")))
def _check_dropout_variance(dropout_variance):
    return compare_cases(dropout_variance, _variance_cases(), _variance_ref,
                         slips=_VARIANCE_SLIPS, what="the variance",
                         where=lambda x, p: f"for x = {np.asarray(x).tolist()}, p = {fmt(p)},")
