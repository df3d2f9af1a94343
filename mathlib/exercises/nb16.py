"""Exercises of notebook 16: convexity by hand, the smallest eigenvalue of a 2 x 2 Hessian, the
chord test along a line (on a real network's loss), and the Hessian of logistic regression's
loss (on two Iris species).

Each checker starts with the notebook's worked example, then cases where the usual slips show,
then real data (the Iris flowers) or seeded random cases.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ._core import exercise
from ._rules import SCIPY, Rule
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "16"


# -- 16.1 by hand: the chord test and the second derivative ------------------------------------

@exercise("16.1", "by hand: a chord above the graph", name="answer_16_1",
          solution="answer_16_1 = (0.0, -1.0, -4.0)\n",
          hints=["g(x) = x^4 - 2x^2. Start with the two ends: g(-1) and g(1).",
                 "The chord's height at the midpoint is the average of the heights at the two "
                 "ends (t = 1/2 in (1 - t) g(a) + t g(b)); the graph's height there is g(0).",
                 "Differentiate twice: the derivative of x^4 is 4x^3, of 4x^3 is 12x^2; do the "
                 "same for -2x^2, then put x = 0."],
          wrong=[(0.0, 0.0, -4.0), (0.0, -1.0, 4.0), (0.0, -1.0, 0.0), (-1.0, 0.0, -4.0),
                 (0.0, -1.0), (0.0, -1.0, -2.0), ("0", "-1", "-4")],
          right=[(0, -1, -4), [0.0, -1.0, -4.0], np.array([0.0, -1.0, -4.0])])
def _check_answer_16_1(answer_16_1):
    return by_hand_problem(
        answer_16_1, ["g(0)", "chord height at x = 0", "g''(0)"], [0.0, -1.0, -4.0],
        {0: [(-1.0, "you gave the chord's height; the graph's height is g(0) = 0^4 - 2 * 0^2")],
         1: [(0.0, "you gave g(0), the graph's height; the chord's height is the average of "
                   "g(-1) and g(1)")],
         2: [(4.0, "the sign is flipped: the second derivative of -2x^2 is -4"),
             (0.0, "you gave g'(0), the first derivative; differentiate once more"),
             (-2.0, "the 2 of 2x^2 was not brought down: the second derivative of -2x^2 is "
                    "-2 * 2 = -4")]})


# -- 16.2 the smallest eigenvalue of a symmetric 2 x 2 matrix ----------------------------------

def _smallest(H) -> float:
    a, b, c = float(H[0, 0]), float(H[0, 1]), float(H[1, 1])
    return (a + c) / 2 - math.hypot((a - c) / 2, b)


def _eig_cases():
    yield np.array([[2.0, 0.0], [0.0, 3.0]])           # diagonal: the smaller diagonal entry
    yield np.array([[1.0, 2.0], [2.0, 1.0]])           # positive diagonal, yet -1: not convex
    yield np.array([[2.0, -1.0], [-1.0, 2.0]])         # negative off-diagonal, yet 1: convex
    yield np.array([[1.0, 1.0], [1.0, 1.0]])           # 0: semi-definite
    yield np.array([[-1.0, 0.0], [0.0, -3.0]])         # a maximum: -3
    yield np.array([[0.5, 0.0], [0.0, 0.5]])           # both the same
    rng = np.random.default_rng(160)
    for _ in range(3):
        a, c = np.round(rng.normal(0, 2, 2), 2)
        b = round(float(rng.normal(0, 2)), 2)
        yield np.array([[a, b], [b, c]])


EIGEN = Rule("EIGEN", "which computes the eigenvalues for you",
             targets=("numpy.linalg.eig", "numpy.linalg.eigh", "numpy.linalg.eigvals",
                      "numpy.linalg.eigvalsh", "numpy.linalg.svd", "numpy.linalg.cholesky",
                      "mathlib.linalg.eig_sym"))


def _largest(H) -> float:
    a, b, c = float(H[0, 0]), float(H[0, 1]), float(H[1, 1])
    return (a + c) / 2 + math.hypot((a - c) / 2, b)


_EIG_SLIPS = (
    Slip(_largest, "that is the largest eigenvalue (the + root); the smallest takes the minus "
                   "sign before the square root"),
    Slip(lambda H: float(min(H[0, 0], H[1, 1])),
         "that is the smaller diagonal entry (or the square root without b); it is the smallest "
         "eigenvalue only when the off-diagonal entry b is 0: b enters the square root"),
    Slip(lambda H: float(H[0, 0] * H[1, 1] - H[0, 1] ** 2),
         "that is the determinant ac - b^2, the PRODUCT of the two eigenvalues; the smallest "
         "eigenvalue is one of the two roots"),
    Slip(lambda H: (H[0, 0] + H[1, 1]) - math.sqrt((H[0, 0] - H[1, 1]) ** 2 + 4 * H[0, 1] ** 2),
         "your result is twice the eigenvalue: the roots of t^2 - (a + c) t + (ac - b^2) are "
         "((a + c) -+ sqrt(...)) / 2"),
)


@exercise("16.2", "the smallest eigenvalue of a 2 x 2 Hessian", name="smallest_eigenvalue",
          solution=("def smallest_eigenvalue(H):\n"
                    "    a, b, c = H[0, 0], H[0, 1], H[1, 1]\n"
                    "    return (a + c) / 2 - np.sqrt(((a - c) / 2) ** 2 + b ** 2)\n"),
          hints=["The eigenvalues t of [[a, b], [b, c]] solve det(H - t I) = 0, a quadratic "
                 "equation in t.",
                 "Expanded, the equation is t^2 - (a + c) t + (ac - b^2) = 0: use the formula "
                 "for the roots of a quadratic.",
                 "The two roots are the mean of the diagonal, (a + c) / 2, plus or minus one "
                 "square root; simplify what is under it to two squares (one holds b), and "
                 "pick the sign that gives the smaller root."],
          wrong=[_largest, lambda H: float(min(H[0, 0], H[1, 1])),
                 lambda H: float(H[0, 0] * H[1, 1] - H[0, 1] ** 2),
                 lambda H: (H[0, 0] + H[1, 1]) / 2 - abs(H[0, 0] - H[1, 1]) / 2,
                 lambda H: float(np.min(np.linalg.eigvalsh(H))),
                 lambda H: float(np.min(H))],
          right=[_smallest,
                 lambda H: ((H[0, 0] + H[1, 1]) - math.sqrt((H[0, 0] + H[1, 1]) ** 2 - 4 * (
                     H[0, 0] * H[1, 1] - H[0, 1] ** 2))) / 2,
                 lambda H: np.float32(_smallest(H))],
          forbidden=(SCIPY, EIGEN))
def _check_smallest_eigenvalue(smallest_eigenvalue):
    return compare_cases(smallest_eigenvalue, [(H,) for H in _eig_cases()], _smallest,
                         slips=_EIG_SLIPS, what="the smallest eigenvalue",
                         where=lambda H: f"for H = [[{H[0, 0]:g}, {H[0, 1]:g}], "
                                         f"[{H[1, 0]:g}, {H[1, 1]:g}]]")


# -- 16.3 the chord test along a line ----------------------------------------------------------

def _chord_gap(loss, theta_a, theta_b, ts):
    la, lb = loss(theta_a), loss(theta_b)
    return np.array([loss((1 - t) * theta_a + t * theta_b) - ((1 - t) * la + t * lb)
                     for t in ts])


@lru_cache(maxsize=1)
def _iris_network():
    """The notebook's trained Iris network and its relabelled copy, with its loss (the explorer
    module is imported only when this exercise is checked)."""
    from ..explorers import loss_slice
    X, y = loss_slice.iris_standardised()
    w = loss_slice.weight_settings()
    return (lambda theta: loss_slice.loss(theta, X, y)), w["trained 1"], w["relabelled 1"]


def _bowl(theta):
    return float(theta[0] ** 2 + 3 * theta[1] ** 2)


def _double_well(theta):
    return float(theta[0] ** 4 - 2 * theta[0] ** 2)


def _chord_cases():
    ts = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    yield _double_well, np.array([-1.0]), np.array([1.0]), ts          # the by-hand example
    yield _bowl, np.array([1.0, 2.0]), np.array([-1.0, 0.0]), ts       # convex: gaps <= 0
    yield _double_well, np.array([0.5]), np.array([2.0]), np.array([0.1, 0.3, 0.9])
    loss, a, b = _iris_network()
    yield loss, a, b, np.array([0.0, 0.3, 0.5, 0.7, 1.0])               # the real network


def _where_chord(loss, theta_a, theta_b, ts):
    name = {"_bowl": "f(theta) = theta_0^2 + 3 theta_1^2",
            "_double_well": "f(theta) = theta^4 - 2 theta^2"}.get(
        getattr(loss, "__name__", ""), "the Iris network's loss (51 weights)")
    ends = (f"theta_a = {np.round(theta_a, 3).tolist()}, theta_b = {np.round(theta_b, 3).tolist()}"
            if len(theta_a) <= 2 else "theta_a trained, theta_b its relabelled copy")
    return f"for {name}, {ends} and ts = {ts.tolist()}"


_CHORD_SLIPS = (
    Slip(lambda loss, a, b, ts: -_chord_gap(loss, a, b, ts),
         "your sign is flipped: the gap is the graph's height minus the chord's, "
         "f((1 - t) a + t b) - [(1 - t) f(a) + t f(b)], positive where the graph is ABOVE"),
    Slip(lambda loss, a, b, ts: np.array([loss((1 - t) * a + t * b) - (t * loss(a) + (1 - t) * loss(b))
                                          for t in ts]),
         "the chord's weights are swapped: at t the point is (1 - t) a + t b, so the chord's "
         "height is (1 - t) f(a) + t f(b) (at t = 0 both are at a)"),
    Slip(lambda loss, a, b, ts: np.array([loss(t * a + (1 - t) * b) - ((1 - t) * loss(a) + t * loss(b))
                                          for t in ts]),
         "the point's weights are swapped: at t = 0 the point must be theta_a, so it is "
         "(1 - t) theta_a + t theta_b"),
)


@exercise("16.3", "the chord test along a line", name="chord_gap",
          solution=("def chord_gap(loss, theta_a, theta_b, ts):\n"
                    "    la, lb = loss(theta_a), loss(theta_b)\n"
                    "    gaps = []\n"
                    "    for t in ts:\n"
                    "        graph = loss((1 - t) * theta_a + t * theta_b)\n"
                    "        chord = (1 - t) * la + t * lb\n"
                    "        gaps.append(graph - chord)\n"
                    "    return np.array(gaps)\n"),
          hints=["For each t, two heights: the graph's at the point (1 - t) theta_a + t theta_b, "
                 "and the chord's at the same t.",
                 "The chord is the straight line between the two end heights loss(theta_a) and "
                 "loss(theta_b): at t it mixes them with the same weights as the point.",
                 "Return one number per t (an array as long as ts): the graph's height minus "
                 "the chord's, so that a positive number means the graph is above."],
          wrong=[lambda loss, a, b, ts: -_chord_gap(loss, a, b, ts),
                 lambda loss, a, b, ts: float(np.max(_chord_gap(loss, a, b, ts))),
                 lambda loss, a, b, ts: np.array([loss((1 - t) * a + t * b) for t in ts]),
                 lambda loss, a, b, ts: np.array([loss(t * a + (1 - t) * b)
                                                  - ((1 - t) * loss(a) + t * loss(b)) for t in ts]),
                 lambda loss, a, b, ts: np.array([loss((1 - t) * a + t * b)
                                                  - (t * loss(a) + (1 - t) * loss(b)) for t in ts]),
                 lambda loss, a, b, ts: np.array([loss((1 - t) * a + t * b)
                                                  - (loss(a) + loss(b)) / 2 for t in ts])],
          right=[_chord_gap,
                 lambda loss, a, b, ts: np.array([loss(a + t * (b - a)) for t in ts])
                 - (loss(a) + ts * (loss(b) - loss(a))),
                 lambda loss, a, b, ts: [float(v) for v in _chord_gap(loss, a, b, ts)]])
def _check_chord_gap(chord_gap):
    return compare_cases(chord_gap, list(_chord_cases()), _chord_gap, slips=_CHORD_SLIPS,
                         what="the gaps (graph minus chord, one per t)", where=_where_chord)


# -- 16.4 the Hessian of logistic regression's loss --------------------------------------------

def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))          # no overflow for any z


def _logistic_hessian(X, w):
    p = _sigmoid(X @ w)
    return (X.T * (p * (1 - p))) @ X / X.shape[0]


def _iris_two_species():
    """Versicolor and virginica (the two species a line cannot separate), petal length and
    width standardised, and a column of ones for the bias."""
    from ..data import load_iris
    iris = load_iris()
    X = iris.X[iris.y > 0][:, 2:4]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.column_stack([X, np.ones(len(X))])


def _hessian_cases():
    yield np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]]), np.array([0.5, -0.25])   # worked
    yield np.array([[1.0], [2.0], [-1.0], [0.5]]), np.array([0.0])      # p = 1/2: X^T X / 4N
    yield _iris_two_species(), np.array([1.5, 2.0, -0.3])               # real data
    rng = np.random.default_rng(161)
    yield np.round(rng.normal(0, 1, (7, 3)), 2), np.round(rng.normal(0, 1, 3), 2)


def _weights_of(X, w):
    return _sigmoid(X @ w) * (1 - _sigmoid(X @ w))


_HESSIAN_SLIPS = (
    Slip(lambda X, w: X.T @ X / X.shape[0],
         "that is X^T X / N, the Hessian without the weights p_n (1 - p_n): each example's "
         "outer product x_n x_n^T is weighted by the sigmoid's derivative at x_n . w"),
    Slip(lambda X, w: (X.T * _sigmoid(X @ w)) @ X / X.shape[0],
         "you weighted each example by p_n; the derivative of p_n = sigmoid(z_n) is "
         "p_n (1 - p_n)"),
    Slip(lambda X, w: (X.T * _weights_of(X, w)) @ X,
         "you did not divide by N: the loss is the MEAN over the examples, so its Hessian is "
         "too"),
    Slip(lambda X, w: -(X.T * _weights_of(X, w)) @ X / X.shape[0],
         "your sign is flipped: the gradient (1/N) X^T (p - y) grows with p, and p grows with "
         "w along x_n, so the Hessian is positive semi-definite"),
    Slip(lambda X, w: 2 * (X.T * _weights_of(X, w)) @ X / X.shape[0],
         "your result is twice the Hessian: the cross-entropy brings down no factor 2 (that "
         "is the squared error's)"),
)


@exercise("16.4", "the Hessian of logistic regression's loss", name="logistic_hessian",
          solution=("def logistic_hessian(X, w):\n"
                    "    p = 1 / (1 + np.exp(-(X @ w)))     # the predicted probabilities\n"
                    "    weights = p * (1 - p)              # the sigmoid's derivative\n"
                    "    return (X.T * weights) @ X / X.shape[0]\n"),
          hints=["Start from the gradient: entry j is (1/N) sum_n (p_n - y_n) x_nj, with "
                 "p_n = sigmoid(x_n . w). Differentiate it with respect to w_k.",
                 "Only p_n depends on w. By the chain rule its derivative with respect to w_k "
                 "is sigmoid'(x_n . w) x_nk, and sigmoid'(z) = sigmoid(z)(1 - sigmoid(z)). "
                 "So y drops out.",
                 "Entry (j, k) is (1/N) times the sum over the examples of p_n (1 - p_n) x_nj "
                 "x_nk: a product of X transposed, the examples' weights and X. Multiplying X.T "
                 "by a vector of N weights scales its columns, one per example."],
          wrong=[lambda X, w: X.T @ X / X.shape[0],
                 lambda X, w: (X.T * _sigmoid(X @ w)) @ X / X.shape[0],
                 lambda X, w: (X.T * _weights_of(X, w)) @ X,
                 lambda X, w: (X * _weights_of(X, w)[:, None]) @ X.T / X.shape[0],
                 lambda X, w: 2 * (X.T * _weights_of(X, w)) @ X / X.shape[0],
                 lambda X, w: np.diag(np.mean(X * X * _weights_of(X, w)[:, None], axis=0))],
          right=[_logistic_hessian,
                 lambda X, w: sum(q * (1 - q) * np.outer(x, x)
                                  for x, q in zip(X, 1 / (1 + np.exp(-(X @ w))))) / len(X),
                 lambda X, w: X.T @ np.diag(_weights_of(X, w)) @ X / len(X),
                 lambda X, w: _logistic_hessian(X, w).astype(np.float32)])
def _check_logistic_hessian(logistic_hessian):
    return compare_cases(logistic_hessian, list(_hessian_cases()), _logistic_hessian,
                         slips=_HESSIAN_SLIPS, what="the Hessian",
                         where=lambda X, w: (f"for X = {X.tolist()} and w = {w.tolist()}"
                                             if X.size <= 8 else
                                             f"for X of shape {X.shape} and w = {w.tolist()}"))
