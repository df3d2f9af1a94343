"""Exercises of notebook 15: the MSE gradient, the hinge loss, the gradient of the categorical
cross-entropy at the logits, a by-hand hinge / MSE computation, and the Huber loss on the
notebook's Iris flowers.

Each checker starts with the notebook's worked example (a learner can verify it by hand), then
cases where the usual slips show (a (N, K) batch, where the mean runs over every entry; logits of
+-1000; examples beyond the margin), then seeded random ones. The learner's function is called
inside ``np.errstate(all="ignore")``: numpy's overflow warnings from their code neither leak into
the notebook nor stop the check; the resulting inf or nan is diagnosed instead.
"""

from __future__ import annotations

import math

import numpy as np

from .. import nn as _nn
from ._core import case_rng, exercise
from ._feedback import as_numbers, fmt_array
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases, quiet

NOTEBOOK = "15"


def _where(a, b, names: tuple[str, str]) -> str:
    if np.size(a) <= 9:
        return f"for {names[0]} = {fmt_array(a)} and {names[1]} = {fmt_array(b)},"
    return f"for a batch of shape {np.shape(a)},"


# -- 15.1 the MSE gradient ---------------------------------------------------------------------

WORKED_PRED = np.array([2.5, 0.0, 2.0])
WORKED_TRUE = np.array([3.0, -0.5, 2.0])


def _mse_cases():
    yield WORKED_PRED, WORKED_TRUE                          # (-1/3, 1/3, 0)
    yield np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 1.5, 3.0, 6.0])
    yield (np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]]),   # (N, K): the mean over all 6
           np.array([[1.0, 1.0], [1.0, 1.0], [-2.0, 0.5]]))
    rng = case_rng(150)
    for _ in range(2):
        n, k = int(rng.integers(4, 20)), int(rng.integers(1, 4))
        yield np.round(rng.normal(0, 2, (n, k)), 2), np.round(rng.normal(0, 2, (n, k)), 2)


def _mse_gradient(y_pred, y_true):
    return np.asarray(_nn.mse_gradient(y_pred, y_true), dtype=float)


_MSE_SLIPS = [
    Slip(lambda a, b: (a - b) / a.size, "you left out the 2 of the square's derivative: "
                                        "d(r^2)/dr = 2r"),
    Slip(lambda a, b: 2 * (a - b), "you left out the 1/n of the mean: each of the n entries "
                                   "counts 1/n in the loss, and so in its gradient"),
    Slip(lambda a, b: 2 * (b - a) / a.size, "your sign is flipped: the loss grows when y_pred "
                                            "moves away from y_true, so the gradient has the sign "
                                            "of y_pred - y_true"),
    Slip(lambda a, b: 2 * (a - b) / len(a) if a.ndim == 2 and a.shape[1] > 1 else None,
         "you divided by the number of rows; the mean runs over every entry, n = y_pred.size"),
    Slip(lambda a, b: np.full(a.shape, np.mean((a - b) ** 2)),
         "you returned the loss in every entry; the gradient is the derivative of the loss with "
         "respect to each prediction"),
]


@exercise("15.1", "the gradient of the mean squared error", name="mse_gradient",
          solution=("def mse_gradient(y_pred, y_true):\n"
                    "    n = y_pred.size                  # every entry counts in the mean\n"
                    "    return 2 * (y_pred - y_true) / n\n"),
          hints=["The loss is the mean of (y_pred_i - y_true_i)^2 over all n entries; differentiate "
                 "it with respect to one prediction y_pred_i: only one term of the sum depends "
                 "on it.",
                 "The derivative of r^2 is 2r, and the mean multiplies every term by 1/n. The "
                 "result has the shape of y_pred: one number per prediction.",
                 "For a (N, K) batch n is every entry, N times K, not the number of rows (the "
                 "size attribute of an array counts them)."],
          wrong=[lambda a, b: (a - b) / a.size,
                 lambda a, b: 2 * (a - b),
                 lambda a, b: 2 * (b - a) / a.size,
                 lambda a, b: 2 * (a - b) / len(a),
                 lambda a, b: np.mean((a - b) ** 2),
                 lambda a, b: _nn.mse_gradient(a, b)],
          right=[lambda a, b: (a - b) * (2.0 / np.size(a)),
                 lambda a, b: np.array([2 * (p - t) for p, t in zip(a.ravel(), b.ravel())]
                                       ).reshape(a.shape) / a.size,
                 lambda a, b: (2 * (a - b) / a.size).astype(np.float32)],
          forbidden=(SCIPY, forbid_object("mathlib.nn.mse_gradient",
                                          "which computes the gradient for you")))
def _check_mse_gradient(mse_gradient):
    return compare_cases(quiet(mse_gradient), list(_mse_cases()), _mse_gradient,
                         slips=_MSE_SLIPS, what="the gradient",
                         where=lambda a, b: _where(a, b, ("y_pred", "y_true")))


# -- 15.2 the hinge loss -----------------------------------------------------------------------

def _hinge_cases():
    yield np.array([2.0, 0.5, -1.0, 0.0]), np.array([1.0, -1.0, 1.0, -1.0])   # 15.4's: 1.125
    yield np.array([3.0, -2.0, 1.0, -1.0]), np.array([1.0, -1.0, 1.0, -1.0])   # all beyond: 0
    yield np.array([0.5, -0.5, 0.0, 4.0]), np.array([1.0, -1.0, 1.0, -1.0])   # inside the margin
    rng = case_rng(151)
    for _ in range(2):
        n = int(rng.integers(5, 30))
        yield np.round(rng.normal(0, 2, n), 2), rng.choice([-1.0, 1.0], n)


def _hinge(s, y) -> float:
    return _nn.hinge(s, y)


_HINGE_SLIPS = [
    Slip(lambda s, y: float(np.mean(np.maximum(0.0, -y * s))),
         "you used max(0, -y s), the perceptron's loss, without the margin: the hinge also "
         "charges right answers with y s < 1, max(0, 1 - y s)"),
    Slip(lambda s, y: float(np.mean(1.0 - y * s)),
         "the max(0, ...) is missing: an example beyond the margin (y s > 1) costs 0, not a "
         "negative amount"),
    Slip(lambda s, y: float(np.sum(np.maximum(0.0, 1.0 - y * s))),
         "you added up the losses of the batch; the loss is their mean"),
    Slip(lambda s, y: float(np.mean(np.maximum(0.0, 1.0 - s * (y + 1) / 2))),
         "you turned the labels into 0 and 1; the hinge uses y = -1 and +1 as they are"),
    Slip(lambda s, y: float(np.mean(np.maximum(0.0, 1.0 + y * s))),
         "the sign of y s is flipped: a right answer has y s > 0 and must cost less"),
]


@exercise("15.2", "the hinge loss", name="hinge_loss",
          solution=("def hinge_loss(scores, y):\n"
                    "    margins = y * scores              # > 0 when the sign is right\n"
                    "    return np.mean(np.maximum(0, 1 - margins))\n"),
          hints=["Each example costs max(0, 1 - y_i s_i), with y_i = -1 or +1; the batch's loss "
                 "is the mean over the examples.",
                 "y_i s_i is the example's margin: positive when the sign of the score is right. "
                 "An example with a margin of at least 1 costs nothing; below that, the cost grows "
                 "by 1 for each unit the margin falls.",
                 "np.maximum compares elementwise (np.max would give one number for the whole "
                 "array)."],
          wrong=[lambda s, y: np.mean(np.maximum(0, -y * s)),
                 lambda s, y: np.mean(1 - y * s),
                 lambda s, y: np.sum(np.maximum(0, 1 - y * s)),
                 lambda s, y: np.mean(np.maximum(0, 1 + y * s)),
                 lambda s, y: np.maximum(0, 1 - y * s),
                 lambda s, y: _nn.hinge(s, y)],
          right=[lambda s, y: float(np.mean(np.clip(1 - y * s, 0, None))),
                 lambda s, y: sum(max(0.0, 1.0 - a * b) for a, b in zip(s, y)) / len(s),
                 lambda s, y: np.float32(np.mean(np.where(y * s < 1, 1 - y * s, 0.0)))],
          forbidden=(SCIPY, forbid_object("mathlib.nn.hinge", "which computes the loss for you")))
def _check_hinge(hinge_loss):
    return compare_cases(quiet(hinge_loss), list(_hinge_cases()), _hinge, slips=_HINGE_SLIPS,
                         what="the loss", where=lambda s, y: _where(s, y, ("scores", "y")))


# -- 15.3 the gradient of the categorical cross-entropy at the logits --------------------------

GLOBAL_MAX_CASE = (np.array([[1000.0, 999.0], [-1000.0, -999.0]]), np.array([0, 1]))
"""Logits whose rows are far apart: subtracting the batch's overall largest logit (1000) leaves
the second row at -2000 and -1999, whose exps underflow to 0, and 0 / 0 = nan."""


COLUMN_MAX_PROBE = (np.array([[1000.0, -1000.0], [-1000.0, -999.0]]), np.array([0, 1]))
"""Tells the two apart: the batch's largest logit (1000) sends the second row to -2000 and -1999
(nan), each column's (1000 and -999) leaves it at -2000 and 0 (finite)."""


def _finite_on(function, z, y) -> bool:
    """Whether the learner's function gives finite numbers on (z, y) (False when it fails)."""
    try:
        with np.errstate(all="ignore"):
            return bool(np.all(np.isfinite(np.asarray(function(z.copy(), y.copy()), dtype=float))))
    except Exception:
        return False


def _ce_cases():
    yield (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.0]]),   # notebook 13's
           np.array([0, 1, 1]))
    yield np.array([[0.0, 0.0], [3.0, -1.0]]), np.array([1, 0])
    yield (np.array([[1000.0, -1000.0, 0.0], [0.0, 1000.0, 999.0]]), np.array([2, 2]))
    yield GLOBAL_MAX_CASE
    rng = case_rng(152)
    for _ in range(2):
        n, k = int(rng.integers(4, 12)), int(rng.integers(2, 6))
        yield np.round(rng.normal(0, 3, (n, k)), 2), rng.integers(0, k, n)


def _ce_gradient(z, y):
    return np.asarray(_nn.cross_entropy_gradient(z, y), dtype=float)


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _onehot(y, k):
    return np.eye(k)[y]


_CE_SLIPS = [
    Slip(lambda z, y: _softmax_rows(z) - _onehot(y, z.shape[1]),
         "you left out the 1/N of the mean over the batch: divide by the number of examples"),
    Slip(lambda z, y: (_onehot(y, z.shape[1]) - _softmax_rows(z)) / len(y),
         "your sign is flipped: the gradient is the predicted minus the true distribution, so "
         "that a step against it raises the true class's logit"),
    Slip(lambda z, y: _softmax_rows(z) / len(y),
         "the one-hot target is missing: subtract 1 at each row's true class"),
    Slip(lambda z, y: (_softmax_rows(z) - _onehot(y, z.shape[1])) / z.size,
         "you divided by every entry, N times K; the loss is the mean over the N examples (each "
         "example's loss already adds its K terms)"),
    Slip(lambda z, y: -_onehot(y, z.shape[1]) / _softmax_rows(z) / len(y),
         "that is the gradient with respect to the probabilities, -1/q at the true class; the "
         "gradient at the logits goes through the softmax and is much simpler"),
]


@exercise("15.3", "the gradient of cross-entropy at the logits", name="cross_entropy_gradient",
          solution=("def cross_entropy_gradient(logits, labels):\n"
                    "    n, k = logits.shape\n"
                    "    z = logits - logits.max(axis=1, keepdims=True)\n"
                    "    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)   # softmax per row\n"
                    "    onehot = np.eye(k)[labels]\n"
                    "    return (q - onehot) / n\n"),
          hints=["The binary case in the notebook had dL/dz = sigmoid(z) - y, the prediction's "
                 "error. With K classes the prediction is the softmax row and the target is a "
                 "one-hot row; the loss is the mean over the N examples.",
                 "Do one example first: its loss is -log q_c = log(sum_k exp(z_k)) - z_c. "
                 "Differentiate it with respect to one logit z_j, once for j = c and once for "
                 "j != c (the derivative of the log-sum-exp is a quantity you already know). "
                 "Each row of your gradient should sum to 0.",
                 "Logits of +-1000 overflow in exp: subtract each row's largest logit first "
                 "(softmax does not change). np.eye(K) holds the one-hot rows; index it with the "
                 "labels."],
          wrong=[lambda z, y: _softmax_rows(z) - np.eye(z.shape[1])[y],
                 lambda z, y: (np.eye(z.shape[1])[y] - _softmax_rows(z)) / len(y),
                 lambda z, y: _softmax_rows(z) / len(y),
                 lambda z, y: (_softmax_rows(z) - np.eye(z.shape[1])[y]) / z.size,
                 lambda z, y: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                               - np.eye(z.shape[1])[y]) / len(y),
                 lambda z, y: (np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True)
                               - np.eye(z.shape[1])[y]) / len(y),
                 lambda z, y: (np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(
                     axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y),
                 lambda z, y: _nn.cross_entropy_gradient(z, y)],
          right=[lambda z, y: (_softmax_rows(z) - (np.arange(z.shape[1]) == y[:, None])) / len(y),
                 lambda z, y: np.array([[math.exp(v - max(row)) / sum(math.exp(u - max(row))
                                                                      for u in row) - (j == c)
                                         for j, v in enumerate(row)]
                                        for row, c in zip(z, y)]) / len(y),
                 lambda z, y: ((_softmax_rows(z) - np.eye(z.shape[1])[y]) / len(y)
                               ).astype(np.float32)],
          forbidden=(SCIPY, forbid_object("mathlib.nn.cross_entropy_gradient",
                                          "which computes the gradient for you")))
def _check_ce_gradient(cross_entropy_gradient):
    for z, y in list(_ce_cases())[:4]:
        with np.errstate(all="ignore"):
            result = cross_entropy_gradient(z, y)
        try:
            finite = bool(np.all(np.isfinite(np.asarray(result, dtype=float))))
        except (TypeError, ValueError):
            break                          # not numbers: compare_cases says what it got
        if finite or np.max(np.abs(z)) < 1000:
            continue
        where = _where(z, y, ("logits", "labels"))
        if z is GLOBAL_MAX_CASE[0]:
            if _finite_on(cross_entropy_gradient, *COLUMN_MAX_PROBE):
                return (f"{where} your gradient holds nan or inf. It looks as if you subtracted "
                        "each column's largest logit (the max along axis 0: 1000 and 999) "
                        "rather than each row's own: the second row becomes -2000 and -1998, "
                        "every exp of it underflows to 0, and 0 / 0 = nan. Subtract each row's "
                        "own largest logit (the max along axis 1, kept as a column)")
            return (f"{where} your gradient holds nan or inf. It looks as if you subtracted the "
                    "largest logit of the whole batch (1000) rather than each row's own: the "
                    "second row becomes -2000 and -1999, every exp of it underflows to 0, and "
                    "0 / 0 = nan. Subtract each row's own largest logit (the max along axis 1, "
                    "kept as a column)")
        return (f"{where} your gradient holds nan or inf. With "
                "logits near 1000, exp(1000) overflows to inf and inf / inf = nan. Subtract "
                "each row's own largest logit before exp (softmax does not change): then "
                "every exp is at most 1")
    return compare_cases(quiet(cross_entropy_gradient), list(_ce_cases()), _ce_gradient,
                         slips=_CE_SLIPS, what="the gradient",
                         where=lambda z, y: _where(z, y, ("logits", "labels")))


# -- 15.4 by hand: hinge, MSE and one hinge gradient --------------------------------------------

@exercise("15.4", "by hand: hinge loss, MSE and a hinge gradient", name="answer_15_4",
          solution="answer_15_4 = (1.125, 2.0625, 0.25)\n",
          hints=["Work example by example: the margins y_i s_i are 2, -0.5, -1 and 0. Then take "
                 "the mean over the 4 examples.",
                 "The hinge charges max(0, 1 - margin); the MSE compares each score with its "
                 "label, (s_i - y_i)^2. Every number here is a short exact decimal.",
                 "For the gradient, only the second example's term depends on s_2: inside the "
                 "margin, the derivative of 1 - y_2 s_2 is -y_2, and the mean divides it by 4."],
          wrong=[(4.5, 8.25, 1.0), (0.375, 2.0625, 0.25), (1.125, 2.0625, -0.25),
                 (1.125, 2.0625, 1.0), (1.125, 8.25, 0.25), (1.125, 2.0625),
                 (1.13, 2.06, 0.25), (1.125, 2.0625, 0.0)],
          right=[(1.125, 2.0625, 0.25), [9 / 8, 33 / 16, 1 / 4], np.array([1.125, 2.0625, 0.25])])
def _check_answer_15_4(answer_15_4):
    names, wants = ["hinge loss", "MSE", "dL/ds_2 of the hinge loss"], [1.125, 2.0625, 0.25]
    if by_hand_problem(answer_15_4, names, wants) is None:
        return None                                  # right (or raises: not three numbers)
    got = as_numbers(answer_15_4, 3, "the answer")
    sentences = []                                   # one sentence per wrong number
    for i in range(3):
        problem = by_hand_problem((got[i],), [names[i]], [wants[i]],
                                  {0: _SLIPS_15_4.get(i, [])})
        if problem is not None:
            sentences.append(problem[0].upper() + problem[1:])
    right = 3 - len(sentences)
    lead = f"{right} of your 3 numbers {'is' if right == 1 else 'are'} right. " if right else ""
    return lead + " ".join(sentences)


_SLIPS_15_4 = {0: [(4.5, "you added the four hinge terms; the loss is their mean"),
             (0.375, "you used max(0, -y s) without the margin 1: the hinge is max(0, 1 - y s)")],
         1: [(8.25, "you added the four squared errors; the MSE is their mean")],
         2: [(-0.25, "the sign is flipped: with y_2 = -1 the derivative of 1 - y_2 s_2 is "
                     "-y_2 = +1"),
             (1.0, "you left out the 1/4 of the mean"),
             (0.0, "the second example is inside the margin (y_2 s_2 = -0.5 < 1), so its "
                   "term 1 - y_2 s_2 still depends on s_2; only beyond the margin is the "
                   "gradient 0")]}


# -- 15.5 the Huber loss on the flowers ---------------------------------------------------------

def _flower_case():
    """The notebook's 12 versicolor flowers with the moved width at 10 cm, and the MSE line's
    predictions for them (the explorer's worked example)."""
    from ..data import load_iris
    iris = load_iris()
    X = iris.X[iris.y == 1][:12]
    x, y = X[:, 2], X[:, 3].copy()
    y[2] = 10.0
    w, b = np.polyfit(x, y, 1)
    return w * x + b, y


def _huber_cases():
    yield np.array([0.0, 0.5, 3.0]), np.array([0.0, 0.0, 0.0]), 1.0      # inside, inside, beyond
    yield np.array([1.0, -2.0, 0.2, 4.0]), np.array([0.0, 0.0, 0.0, 1.0]), 1.0   # |r| = delta too
    pred, true = _flower_case()
    yield pred, true, 0.2
    rng = case_rng(155)
    n = int(rng.integers(8, 30))
    yield np.round(rng.normal(0, 3, n), 2), np.round(rng.normal(0, 3, n), 2), 0.7


def _huber(y_pred, y_true, delta) -> float:
    return _nn.huber(y_pred, y_true, delta=delta)


def _huber_terms(y_pred, y_true, delta, small, large):
    r = np.abs(y_pred - y_true)
    return float(np.mean(np.where(r <= delta, small(r), large(r, delta))))


def _huber_signed(r, delta) -> float:
    """The Huber loss with the residual's sign kept: r <= delta holds for every negative r."""
    return float(np.mean(np.where(r <= delta, 0.5 * r * r, delta * (r - 0.5 * delta))))


_NO_ABS = ("the absolute value is missing: you compared the signed residual r with delta, and "
           "r <= delta holds for every negative r, so a residual below -delta is still charged "
           "r^2 / 2 instead of the linear piece. Use |r| in the test and in the linear piece")

_HUBER_SLIPS = [
    Slip(lambda a, b, d: _huber_terms(a, b, d, lambda r: r * r, lambda r, d: d * (r - 0.5 * d)),
         "the 1/2 of the quadratic part is missing: inside delta the loss is r^2 / 2"),
    Slip(lambda a, b, d: _huber_terms(a, b, d, lambda r: 0.5 * r * r, lambda r, d: d * r),
         "the linear part is missing its - delta / 2: delta (|r| - delta / 2) meets r^2 / 2 at "
         "|r| = delta, so the two pieces join without a jump"),
    Slip(lambda a, b, d: float(np.mean((a - b) ** 2)),
         "that is the mean squared error: beyond delta the Huber loss grows only linearly"),
    Slip(lambda a, b, d: _huber_signed(a - b, d), _NO_ABS),
    Slip(lambda a, b, d: _huber_signed(b - a, d), _NO_ABS),
    Slip(lambda a, b, d: _huber(a, b, d) * len(a), "you added up the terms; the loss is their mean"),
    Slip(lambda a, b, d: _huber(a, b, d) / d,
         "you divided by delta: that is PyTorch's SmoothL1Loss (with beta = delta), not its "
         "HuberLoss"),
]


@exercise("15.5", "the Huber loss", name="huber_loss",
          solution=("def huber_loss(y_pred, y_true, delta):\n"
                    "    r = np.abs(y_pred - y_true)\n"
                    "    small = 0.5 * r ** 2                  # |r| <= delta\n"
                    "    large = delta * (r - 0.5 * delta)     # |r| > delta\n"
                    "    return np.mean(np.where(r <= delta, small, large))\n"),
          hints=["Work with the residuals r = y_pred - y_true: each term depends only on |r| and "
                 "delta; the loss is the mean of the terms.",
                 "Two pieces: a quadratic one inside delta and a linear one beyond it, chosen per "
                 "entry. np.where(condition, a, b) picks a where the condition holds and b "
                 "elsewhere.",
                 "Check the join: at |r| = delta both pieces must give the same number, delta^2 / "
                 "2. If yours do not, a constant or a factor 1/2 is missing."],
          wrong=[lambda a, b, d: np.mean(np.where(np.abs(a - b) <= d, (a - b) ** 2,
                                                  d * (np.abs(a - b) - d / 2))),
                 lambda a, b, d: np.mean(np.where(np.abs(a - b) <= d, (a - b) ** 2 / 2,
                                                  d * np.abs(a - b))),
                 lambda a, b, d: np.mean((a - b) ** 2),
                 lambda a, b, d: np.sum(np.where(np.abs(a - b) <= d, (a - b) ** 2 / 2,
                                                 d * (np.abs(a - b) - d / 2))),
                 lambda a, b, d: np.mean(np.where(np.abs(a - b) <= d, (a - b) ** 2 / 2 / d,
                                                  np.abs(a - b) - d / 2)),
                 lambda a, b, d: np.where(np.abs(a - b) <= d, (a - b) ** 2 / 2,
                                          d * (np.abs(a - b) - d / 2)),
                 lambda a, b, d: np.mean(np.where(a - b <= d, 0.5 * (a - b) ** 2,
                                                  d * ((a - b) - 0.5 * d))),
                 lambda a, b, d: _nn.huber(a, b, delta=d)],
          right=[lambda a, b, d: np.mean(np.where(np.abs(a - b) <= d, 0.5 * (a - b) ** 2,
                                                  d * (np.abs(a - b) - 0.5 * d))),
                 lambda a, b, d: sum(0.5 * r * r if abs(r) <= d else d * (abs(r) - d / 2)
                                     for r in a - b) / len(a),
                 lambda a, b, d: float(np.mean(0.5 * np.minimum(np.abs(a - b), d) ** 2
                                               + d * np.maximum(np.abs(a - b) - d, 0)))],
          forbidden=(SCIPY, forbid_object("mathlib.nn.huber", "which computes the loss for you")))
def _check_huber(huber_loss):
    return compare_cases(quiet(huber_loss), list(_huber_cases()), _huber, slips=_HUBER_SLIPS,
                         what="the loss",
                         where=_huber_where)


def _huber_where(a, b, d) -> str:
    if len(a) == 12:
        return f"for the 12 flowers (width 10 cm), the MSE line's predictions and delta = {d:g},"
    if np.size(a) <= 9:
        return f"for y_pred = {fmt_array(a)}, y_true = {fmt_array(b)} and delta = {d:g},"
    return f"for a random batch of {len(a)} and delta = {d:g},"
