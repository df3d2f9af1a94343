"""Exercises of notebook 22: metrics by hand, the confusion matrix, the ROC area as a count of
pairs, and the threshold a screening programme needs, on the breast cancer classifier's scores.

Each checker starts with a case a learner can verify by hand, then the cases where the usual
slips show (ties, one class missing, the positive class on the wrong side), then the notebook's
real data: the test labels and scores of the logistic regression (malignant = 1), built once by
``mathlib.explorers.threshold_metrics.problem`` and handed out as fresh copies.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .. import metrics as _metrics
from ..metrics import roc_auc as _roc_auc
from ._core import LearnerRaised, exercise
from ._feedback import fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "22"


def _real():
    """(y_test, scores) of the notebook's classifier (cached there), as fresh copies."""
    from ..explorers.threshold_metrics import problem

    P = problem()
    return P.y_test.copy(), P.scores.copy()


def _labels_text(y) -> str:
    return "[" + ", ".join(str(int(v)) for v in y) + "]"


def _scores_text(s) -> str:
    return "[" + ", ".join(fmt(v) for v in s) + "]"


def _is_real(y) -> bool:
    return len(y) == 228            # the notebook's test set


_SHORT = 12                         # arrays up to this length are shown by their values
_ARRAY_TEXT = re.compile(r"<array of shape \((\d+),\)>")


def _values_shown(function):
    """``function`` (the learner's, as the checker calls it), whose raise-message shows a short
    vector argument by its values, ``confusion(np.array([0, 0, 0, 1, 1]), ...)``, instead of
    ``<array of shape (5,)>``: a learner can rerun that call. Longer arrays keep their shape."""
    def call(*args):
        try:
            return function(*args)
        except LearnerRaised as exc:
            arrays = iter([a for a in args if isinstance(a, np.ndarray) and a.ndim > 0])

            def show(match):
                a = next(arrays, None)
                if a is None or a.ndim != 1 or a.size != int(match.group(1)) or a.size > _SHORT:
                    return match.group(0)
                text = _labels_text(a) if a.dtype.kind in "iub" else _scores_text(a)
                return f"np.array({text})"

            lines = [_ARRAY_TEXT.sub(show, line) if line.startswith("  when called as ") else line
                     for line in str(exc).split("\n")]
            raise LearnerRaised("\n".join(lines)) from None
    return call


# -- 22.1 by hand ----------------------------------------------------------------------------------

@exercise("22.1", "by hand: precision, recall, F1 and accuracy of a screening test",
          name="answer_22_1",
          solution="answer_22_1 = (0.75, 0.5, 0.6, 0.8)\n",
          hints=["Fill in the confusion matrix first: of the 4 flagged, how many are malignant (TP) "
                 "and how many benign (FP)? Of the 6 malignant, how many were not flagged (FN)? "
                 "The rest are TN.",
                 "Precision divides by what was flagged (TP + FP); recall divides by what is "
                 "malignant (TP + FN).",
                 "F1 is the harmonic mean 2 P R / (P + R), not the ordinary average; accuracy "
                 "counts the right answers of both kinds, TP + TN, out of all 20."],
          wrong=[(0.5, 0.75, 0.6, 0.8), (0.75, 0.5, 0.625, 0.8), (0.75, 0.5, 0.6, 0.15),
                 (0.75, 0.5, 0.6, 0.2), (0.75, 0.5, 0.6, 0.65), (0.75, 0.5), (0.75, 0.3, 0.6, 0.8),
                 ("0.75", "0.5", "0.6", "0.8")],
          right=[[0.75, 0.5, 0.6, 0.8], (3 / 4, 1 / 2, 3 / 5, 16 / 20),
                 np.array([0.75, 0.5, 0.6, 0.8])])
def _check_answer_22_1(answer_22_1):
    # TP 3, FP 1, FN 3, TN 13 (20 tumours, 6 malignant, 4 flagged of which 3 malignant)
    return by_hand_problem(
        answer_22_1, ["precision", "recall", "F1", "accuracy"], [0.75, 0.5, 0.6, 0.8],
        {0: [(0.5, "you divided by the 6 malignant tumours: that is recall's denominator; "
                   "precision asks how many of the 4 flagged are malignant")],
         1: [(0.75, "you divided by the 4 flagged: that is precision's denominator; recall asks "
                    "how many of the 6 malignant were flagged"),
             (0.3, "you divided by the 10 tumours that are malignant or flagged; recall divides "
                   "by the malignant ones only, TP + FN")],
         2: [(0.625, "you took the ordinary average (P + R) / 2; F1 is the harmonic mean "
                     "2 P R / (P + R), which sits nearer the smaller of the two")],
         3: [(0.15, "you counted only the true positives as right; the 13 benign tumours left "
                    "unflagged (TN) are right answers too"),
             (0.2, "you gave the error rate (FP + FN) / n; accuracy is the share of right "
                   "answers, 1 minus it"),
             (0.65, "you counted only the true negatives as right; the 3 malignant tumours "
                    "flagged (TP) are right answers too")]})


# -- 22.2 the confusion matrix ---------------------------------------------------------------------

def _confusion_ref(y_true, y_pred):
    """[[TN, FP], [FN, TP]] by counting (independent of mathlib.metrics, which is forbidden)."""
    t, p = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    return np.bincount(2 * t + p, minlength=4).reshape(2, 2)


def _confusion_cases():
    yield np.array([1, 0, 1, 1, 0, 0, 0]), np.array([1, 1, 0, 1, 0, 0, 0])    # TN 3 FP 1 FN 1 TP 2
    yield np.array([0, 0, 0, 1, 1]), np.array([1, 0, 0, 0, 0])                # TN 2 FP 1 FN 2 TP 0
    yield np.array([1, 1, 1]), np.array([1, 0, 1])                           # no negatives at all
    yield np.array([0, 0, 0, 0]), np.array([0, 0, 0, 0])                     # a single class
    y, s = _real()
    yield y, (s >= 0.5).astype(int)
    yield y, (s >= 0.1).astype(int)


def _confusion_where(y_true, y_pred):
    if _is_real(y_true):
        return ("on the notebook's test tumours (malignant 1) with the predictions of its "
                f"classifier at threshold {0.5 if y_pred.sum() < 100 else 0.1},")
    return f"for y_true = {_labels_text(y_true)} and y_pred = {_labels_text(y_pred)},"


_CONFUSION_SLIPS = (
    Slip(lambda t, p: _confusion_ref(t, p).T,
         "your rows are the predicted classes and your columns the true ones; the convention "
         "(scikit-learn's, the notebook's) is rows true, columns predicted: [[TN, FP], [FN, TP]]"),
    Slip(lambda t, p: _confusion_ref(t, p)[::-1, ::-1],
         "you put the positive class first, [[TP, FN], [FP, TN]]; the rows and columns are in "
         "the order of the labels, 0 then 1: [[TN, FP], [FN, TP]]"),
    Slip(lambda t, p: _confusion_ref(t, p)[:, ::-1],
         "your columns are swapped: column 0 is predicted 0 and column 1 predicted 1"),
    Slip(lambda t, p: _confusion_ref(t, p)[::-1, :],
         "your rows are swapped: row 0 is true class 0 and row 1 true class 1"),
)


@exercise("22.2", "the confusion matrix of binary labels", name="confusion",
          solution=("def confusion(y_true, y_pred):\n"
                    "    C = np.zeros((2, 2), dtype=int)\n"
                    "    for t, p in zip(y_true, y_pred):\n"
                    "        C[t, p] += 1\n"
                    "    return C\n"),
          hints=["Four counts: true 0 predicted 0 (TN), true 0 predicted 1 (FP), true 1 "
                 "predicted 0 (FN), true 1 predicted 1 (TP). Where does each go?",
                 "Row = the true class, column = the predicted class: C[i, j] counts the examples "
                 "with y_true == i and y_pred == j.",
                 "Either loop over the pairs adding 1 to C[t, p], or count each of the four with "
                 "np.sum over a boolean condition such as (y_true == 1) & (y_pred == 0). A class "
                 "that never occurs still has its row and column, of zeros."],
          wrong=[lambda t, p: _confusion_ref(t, p).T,
                 lambda t, p: _confusion_ref(t, p)[::-1, ::-1],
                 lambda t, p: _confusion_ref(t, p)[:, ::-1],
                 lambda t, p: _confusion_ref(t, p)[::-1, :],
                 lambda t, p: np.array([[np.sum((t == 0) & (p == 0)), np.sum((t == 0) & (p == 1))],
                                        [np.sum((t == 1) & (p == 0)), np.sum(t == 1)]]),
                 lambda t, p: np.bincount(2 * t + p).reshape(2, 2),
                 lambda t, p: _metrics.confusion_matrix(t, p)],
          right=[_confusion_ref,
                 lambda t, p: np.array([[np.sum((t == 0) & (p == 0)), np.sum((t == 0) & (p == 1))],
                                        [np.sum((t == 1) & (p == 0)), np.sum((t == 1) & (p == 1))]]),
                 lambda t, p: np.bincount(2 * np.asarray(t) + np.asarray(p),
                                          minlength=4).reshape(2, 2),
                 lambda t, p: [[int(np.sum((t == 0) & (p == 0))), int(np.sum((t == 0) & (p == 1)))],
                               [int(np.sum((t == 1) & (p == 0))), int(np.sum((t == 1) & (p == 1)))]]],
          forbidden=(forbid_object("mathlib.metrics.confusion_matrix",
                                   "which counts the matrix for you"),))
def _check_confusion(confusion):
    return compare_cases(_values_shown(confusion), _confusion_cases(), _confusion_ref, slips=_CONFUSION_SLIPS,
                         what="the confusion matrix", where=_confusion_where)


# -- 22.3 the ROC area as a count of pairs --------------------------------------------------------

def _pairs_ref(y_true, scores):
    return _roc_auc(y_true, scores)


def _pair_count(y_true, scores, tie: float, flip: bool = False):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    pos, neg = s[y == 1], s[y == 0]
    if flip:
        pos, neg = neg, pos
    d = pos[:, None] - neg[None, :]
    return float(np.mean((d > 0) + tie * (d == 0)))


def _pairs_cases():
    yield np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])          # 3 of 4 pairs: 0.75
    yield np.array([1, 0, 1, 0]), np.array([0.9, 0.5, 0.5, 0.1])           # a tie: 0.875
    yield np.array([1, 0, 0, 1, 0]), np.array([2.0, 2.0, 2.0, 2.0, -1.0])  # many ties: 0.667
    yield np.array([0, 1, 0, 1, 1, 0]), np.array([3.0, 1.0, 2.5, -1.0, 0.5, 4.0])   # reversed: 0
    y, s = _real()
    yield y, s
    yield y, np.round(s, 1)                                                # ties on real data


def _pairs_where(y_true, scores):
    if _is_real(y_true):
        rounded = np.array_equal(scores, np.round(scores, 1))
        return ("on the notebook's test tumours and its classifier's scores"
                + (" rounded to one decimal (many ties)," if rounded else ","))
    return f"for y_true = {_labels_text(y_true)} and scores = {_scores_text(scores)},"


_PAIRS_SLIPS = (
    Slip(lambda y, s: _pair_count(y, s, 0.0),
         "you counted a tie as a loss (0); a tie between a positive and a negative counts half, "
         "as the ROC curve's diagonal step through the tied scores does"),
    Slip(lambda y, s: _pair_count(y, s, 1.0),
         "you counted a tie as a win (>= instead of >); a tie counts half"),
    Slip(lambda y, s: _pair_count(y, s, 0.5, flip=True),
         "you counted the pairs where the negative scores higher: the area is the share of "
         "pairs where the positive (label 1) scores higher"),
    Slip(lambda y, s: float(np.sum((np.asarray(s)[np.asarray(y) == 1][:, None]
                                    - np.asarray(s)[np.asarray(y) == 0][None, :]) > 0)
                            + 0.5 * np.sum(np.asarray(s)[np.asarray(y) == 1][:, None]
                                           == np.asarray(s)[np.asarray(y) == 0][None, :])),
         "you returned the number of winning pairs; divide by the number of pairs, "
         "(number of positives) x (number of negatives)"),
)


@exercise("22.3", "the ROC area as the share of correctly ranked pairs", name="auc_by_pairs",
          solution=("def auc_by_pairs(y_true, scores):\n"
                    "    pos = scores[y_true == 1]\n"
                    "    neg = scores[y_true == 0]\n"
                    "    wins = 0.0\n"
                    "    for a in pos:\n"
                    "        for b in neg:\n"
                    "            if a > b:\n"
                    "                wins += 1\n"
                    "            elif a == b:\n"
                    "                wins += 0.5\n"
                    "    return wins / (len(pos) * len(neg))\n"),
          hints=["Split the scores into the positives' (y_true == 1) and the negatives'. The "
                 "answer is a share of (positive, negative) pairs.",
                 "For every pair ask: does the positive score higher (counts 1), the same (counts "
                 "1/2), or lower (counts 0)? How many pairs are there in all?",
                 "Two loops do it; or, without loops, a table of all differences "
                 "pos[:, None] - neg[None, :], then the mean of (difference > 0) plus half the "
                 "mean of (difference == 0)."],
          wrong=[lambda y, s: _pair_count(y, s, 0.0), lambda y, s: _pair_count(y, s, 1.0),
                 lambda y, s: _pair_count(y, s, 0.5, flip=True),
                 lambda y, s: _pair_count(y, s, 0.5) * np.sum(y == 1) * np.sum(y == 0),
                 lambda y, s: float(np.mean(s[y == 1]) > np.mean(s[y == 0])),
                 lambda y, s: _roc_auc(y, s)],
          right=[lambda y, s: _pair_count(y, s, 0.5),
                 lambda y, s: float(np.mean(np.sign(s[y == 1][:, None] - s[y == 0][None, :])) / 2
                                    + 0.5),
                 lambda y, s: _pair_count(y, np.asarray(s, dtype=np.float32).astype(float), 0.5)],
          forbidden=(SCIPY, forbid_object("mathlib.metrics.roc_auc",
                                          "which computes the area for you"),
                     forbid_object("mathlib.metrics.roc_curve",
                                   "which gives the curve whose area is asked")))
def _check_pairs(auc_by_pairs):
    return compare_cases(_values_shown(auc_by_pairs), _pairs_cases(), _pairs_ref, slips=_PAIRS_SLIPS,
                         what="the share of correctly ranked pairs", where=_pairs_where)


# -- 22.4 the threshold for a required recall ----------------------------------------------------

def _threshold_ref(y_true, scores, target):
    pos = np.sort(np.asarray(scores, dtype=float)[np.asarray(y_true) == 1])[::-1]
    k = max(1, math.ceil(target * pos.size - 1e-9))
    return float(pos[k - 1])


def _threshold_cases():
    yield np.array([1, 0, 1, 1, 0, 1]), np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.2]), 0.75   # 0.4
    yield np.array([1, 0, 1, 1, 0, 1]), np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.2]), 0.6    # 0.4
    yield np.array([0, 1, 1, 0, 1]), np.array([0.5, 0.6, 0.6, 0.9, 0.1]), 0.5            # 0.6 (a tie)
    yield np.array([1, 0, 1]), np.array([0.2, 0.9, 0.7]), 1.0                            # 0.2
    yield _FLOAT_TRAP[0].copy(), _FLOAT_TRAP[1].copy(), 0.55       # 0.55 * 100 = 55.00000000000001
    y, s = _real()
    for target in (0.9, 0.95, 0.99, 1.0):
        yield y, s, target


def _threshold_where(y_true, scores, target):
    if len(y_true) == len(_FLOAT_TRAP[0]):
        return ("for 100 positives scored 0.99, 0.98, ..., 0.00 and 20 negatives scored 0.5 "
                "with target 0.55 (in floating point 0.55 * 100 is 55.00000000000001),")
    if _is_real(y_true):
        return f"on the notebook's test tumours and scores with target {fmt(target)},"
    return (f"for y_true = {_labels_text(y_true)}, scores = {_scores_text(scores)} and target "
            f"{fmt(target)},")


_FLOAT_TRAP = (np.r_[np.ones(100, int), np.zeros(20, int)],
               np.r_[np.arange(99, -1, -1) / 100, np.full(20, 0.5)])


def _kth(y, s, k_of):
    pos = np.sort(np.asarray(s, dtype=float)[np.asarray(y) == 1])[::-1]
    k = k_of(pos.size)
    return float(pos[k - 1]) if 1 <= k <= pos.size else None


_THRESHOLD_SLIPS = (
    Slip(lambda y, s, t: _kth(y, s, lambda n: int(math.floor(t * n + 1e-9))),
         "you rounded the number of positives to catch down; with target recall r and P "
         "positives, at least r P must be caught: round up"),
    Slip(lambda y, s, t: _kth(y, s, lambda n: math.ceil(t * n - 1e-9) + 1),
         "your threshold catches one positive more than needed: the largest threshold whose "
         "recall reaches the target is the score of the last positive you must catch"),
    Slip(lambda y, s, t: float(np.quantile(np.asarray(s)[np.asarray(y) == 1], 1 - t)),
         "you interpolated a quantile of the positives' scores; the rule 'score >= threshold' "
         "changes only at a score, so the answer is one of the positives' scores"),
)


@exercise("22.4", "the largest threshold that reaches a required recall", name="threshold_for_recall",
          solution=("def threshold_for_recall(y_true, scores, target):\n"
                    "    pos = np.sort(scores[y_true == 1])[::-1]      # largest first\n"
                    "    k = int(np.ceil(target * len(pos) - 1e-9))     # positives to catch\n"
                    "    k = max(k, 1)\n"
                    "    return pos[k - 1]\n"),
          hints=["The rule is 'malignant when score >= threshold'. Lowering the threshold only "
                 "ever adds positives caught, so recall falls as the threshold rises: you want "
                 "the highest threshold that still catches enough.",
                 "How many positives must be caught for recall >= target? With P positives, the "
                 "smallest whole number k with k / P >= target (careful: in floating point "
                 "0.55 * 100 is 55.00000000000001, and rounding that up gives 56).",
                 "Sort the positives' scores from largest to smallest: the threshold that catches "
                 "exactly the first k of them is the k-th score of that list."],
          wrong=[lambda y, s, t: _kth(y, s, lambda n: int(math.floor(t * n + 1e-9))) or 0.0,
                 lambda y, s, t: _kth(y, s, lambda n: math.ceil(t * n - 1e-9) + 1) or 0.0,
                 lambda y, s, t: float(np.quantile(s[y == 1], 1 - t)),
                 lambda y, s, t: float(np.sort(s)[::-1][max(1, math.ceil(t * len(s))) - 1]),
                 lambda y, s, t: float(np.sort(s[y == 1])[max(1, math.ceil(t * np.sum(y))) - 1])],
          right=[_threshold_ref,
                 lambda y, s, t: float(max(c for c in s if np.mean(s[y == 1] >= c) >= t)),
                 lambda y, s, t: float(np.sort(s[y == 1])[::-1][int(np.ceil(round(t * np.sum(y), 9))) - 1])])
def _check_threshold(threshold_for_recall):
    return compare_cases(_values_shown(threshold_for_recall), _threshold_cases(), _threshold_ref,
                         slips=_THRESHOLD_SLIPS, what="the threshold", where=_threshold_where)
