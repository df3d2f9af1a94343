"""Metrics of a classifier: accuracy, the confusion matrix, precision, recall, F1 and the ROC curve.

Binary metrics take labels 0 and 1 with **1 the positive class** (the class the question is
about: "malignant?", "spam?"), as scikit-learn's ``pos_label=1``. Labels are given first as the
truth ``y_true`` and then the prediction ``y_pred`` (or the scores), as in scikit-learn.

Undefined cases return 0 with no warning (scikit-learn's ``zero_division=0``): precision when
nothing is predicted positive, recall when there are no positives, F1 when both are undefined.
The ROC curve and its area need both classes and raise a ValueError when ``y_true`` holds only
one, as scikit-learn's ``roc_auc_score`` does (an area of 0 would read as a perfectly reversed
ranking). Each function's docstring says which case is its own. Written from scratch with numpy
(scipy and scikit-learn are the references in the tests).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import as_array, as_int

__all__ = ["accuracy", "confusion_matrix", "precision", "recall", "f1_score", "roc_curve",
           "RocCurve", "roc_auc", "MAX_CLASSES"]

MAX_CLASSES = 1000     # the largest confusion matrix, MAX_CLASSES x MAX_CLASSES (8 MB of counts)


def _number(v: float) -> str:
    """A label as given, at full precision: 2 for 2.0, 1.0000001 (not 1) for 1.0000001."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _labels(y, name: str, where: str, *, binary: bool, second: str = "y_pred") -> np.ndarray:
    """``y`` as an int vector of class labels (0 and 1 if ``binary``, else 0, 1, 2, ...).

    A fraction among the labels is most often a score passed where a label belongs: the message
    says so (``y_pred``: threshold the scores first; ``y_true``: the arguments may be swapped,
    ``second`` naming the function's second argument)."""
    a = as_array(y, name, where, ndim=1)
    if binary:
        bad = np.flatnonzero((a != 0) & (a != 1))
        expected = "only the labels 0 and 1 (1 is the positive class)"
    else:
        # beyond 2**53 a float is not a count any more (and would overflow the int64 cast)
        bad = np.flatnonzero((a < 0) | (a != np.round(a)) | (a >= 2.0**53))
        expected = "class labels 0, 1, 2, ... (whole numbers from 0)"
    if bad.size:
        i = int(bad[0])
        hint = "; a label this large is not a class index" if a[i] >= 2.0**53 else ""
        if a[i] != np.round(a[i]):          # a fraction: scores where labels belong?
            if name == "y_true":
                hint = (f"; are the arguments swapped? The true labels come first: "
                        f"{where}(y_true, {second})")
            else:
                hint = ("; scores instead of labels? Threshold them first: "
                        "(scores >= c).astype(int)")
        raise ValueError(f"{where}: {name} must hold {expected}, got {_number(a[i])} at index "
                         f"{i}{hint}")
    return a.astype(np.int64)


def _same_length(a: np.ndarray, b: np.ndarray, names: tuple[str, str], where: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{where}: {names[0]} has {a.size} labels and {names[1]} has {b.size} "
                         "values; they must be the same length (one per example)")


def _binary_pair(y_true, y_pred, where: str) -> tuple[np.ndarray, np.ndarray]:
    t = _labels(y_true, "y_true", where, binary=True)
    p = _labels(y_pred, "y_pred", where, binary=True)
    _same_length(t, p, ("y_true", "y_pred"), where)
    return t, p


def _ratio(num: int, den: int) -> float:
    """num / den, and 0.0 when den is 0 (the undefined case)."""
    return num / den if den > 0 else 0.0


def accuracy(y_true, y_pred) -> float:
    """The fraction of examples whose predicted label equals the true one.

    accuracy = (number of i with y_pred[i] == y_true[i]) / n. Labels are class indices 0, 1,
    2, ... (any number of classes); ``y_true`` and ``y_pred`` are vectors of the same length n
    >= 1. Returns a float in [0, 1]. Raises ValueError for labels that are not whole numbers
    from 0, NaN, empty input or different lengths.

    On imbalanced data it can mislead: with 99% negatives, always answering "negative" scores
    0.99 and finds no positive at all.
    In a network: the number most reports quote; training minimises cross-entropy instead,
    because accuracy is a step function of the weights with zero gradient almost everywhere.
    """
    where = "accuracy"
    t = _labels(y_true, "y_true", where, binary=False)
    p = _labels(y_pred, "y_pred", where, binary=False)
    _same_length(t, p, ("y_true", "y_pred"), where)
    return float(np.count_nonzero(t == p) / t.size)


def confusion_matrix(y_true, y_pred, *, n_classes: int | None = None) -> np.ndarray:
    """The counts C[i, j] = number of examples of true class i predicted as class j.

    Rows are the true classes, columns the predicted ones (scikit-learn's layout). Labels are
    class indices 0, 1, ..., n_classes - 1; ``n_classes`` defaults to the largest label in either
    vector plus one, **and at least 2**: labels 0 and 1 always give the 2 x 2 matrix
    [[TN, FP], [FN, TP]] (1 positive), even when the data hold only one class
    (``confusion_matrix([0, 0], [0, 0])`` is [[2, 0], [0, 0]]; pass ``n_classes=1`` for [[2]]).
    Returns an int array (n_classes, n_classes) whose entries sum to n.

    The matrix has n_classes² entries, so ``n_classes`` (given or inferred) is at most
    :data:`MAX_CLASSES` = 1000: a label of 1000 or more is refused, as it is almost always not a
    class index (an identifier, a score times 100) and would need a huge matrix. Raises
    ValueError for a label >= n_classes, a label >= MAX_CLASSES, labels that are not whole numbers
    from 0, NaN, empty input or different lengths.

    In a network: the table behind every classification metric, read row by row to see which
    classes the network confuses with which.
    """
    where = "confusion_matrix"
    t = _labels(y_true, "y_true", where, binary=False)
    p = _labels(y_pred, "y_pred", where, binary=False)
    _same_length(t, p, ("y_true", "y_pred"), where)
    largest = int(max(t.max(), p.max()))
    if n_classes is None:
        if largest >= MAX_CLASSES:
            name = "y_true" if t.max() >= p.max() else "y_pred"
            raise ValueError(f"confusion_matrix: {name} holds the label {largest}, so the matrix "
                             f"would be {largest + 1} x {largest + 1}; labels are class indices "
                             f"and must be below MAX_CLASSES = {MAX_CLASSES}")
        k = max(2, largest + 1)
    else:
        k = as_int(n_classes, "n_classes", where, low=1, high=MAX_CLASSES)
        if largest >= k:
            raise ValueError(f"confusion_matrix: n_classes is {k}, so the labels must be 0 to "
                             f"{k - 1}, but the data hold the label {largest}")
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k).astype(np.int64)


def _counts(y_true, y_pred, where: str) -> tuple[int, int, int]:
    """(TP, FP, FN) of binary labels, 1 positive (no metric here needs TN)."""
    t, p = _binary_pair(y_true, y_pred, where)
    tp = int(np.count_nonzero((t == 1) & (p == 1)))
    fp = int(np.count_nonzero((t == 0) & (p == 1)))
    fn = int(np.count_nonzero((t == 1) & (p == 0)))
    return tp, fp, fn


def precision(y_true, y_pred) -> float:
    """Of the examples predicted positive, the fraction that are positive: TP / (TP + FP).

    Binary labels 0 and 1, 1 the positive class; vectors of the same length n >= 1. Returns a
    float in [0, 1]; **0 when nothing is predicted positive** (TP + FP = 0, where the ratio is
    undefined), with no warning, as scikit-learn's ``zero_division=0``. Raises ValueError for
    labels other than 0 and 1, NaN, empty input or different lengths.

    In a network: "when the model says positive, how often is it right"; raised by a higher
    threshold on the network's output probability, at the cost of recall.
    """
    tp, fp, _ = _counts(y_true, y_pred, "precision")
    return _ratio(tp, tp + fp)


def recall(y_true, y_pred) -> float:
    """Of the positive examples, the fraction predicted positive: TP / (TP + FN).

    Also called sensitivity or the true-positive rate. Binary labels 0 and 1, 1 the positive
    class; vectors of the same length n >= 1. Returns a float in [0, 1]; **0 when there are no
    positives** (TP + FN = 0, where the ratio is undefined), with no warning, as scikit-learn's
    ``zero_division=0``. Raises ValueError as :func:`precision`.

    In a network: "how many of the positives does it find"; raised by a lower threshold on the
    network's output probability, at the cost of precision.
    """
    tp, _, fn = _counts(y_true, y_pred, "recall")
    return _ratio(tp, tp + fn)


def f1_score(y_true, y_pred) -> float:
    """The harmonic mean of precision and recall: F1 = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN).

    Binary labels 0 and 1, 1 the positive class; vectors of the same length n >= 1. Returns a
    float in [0, 1]; **0 when TP = 0** (in particular when there are no positives and none are
    predicted, 2 TP + FP + FN = 0, where it is undefined), with no warning, as scikit-learn's
    ``zero_division=0``. The harmonic mean is near the smaller of the two: P = 1, R = 0.01 gives
    F1 = 0.0198. Raises ValueError as :func:`precision`.

    In a network: one number for a threshold when both kinds of error matter; it ignores the
    true negatives TN.
    """
    tp, fp, fn = _counts(y_true, y_pred, "f1_score")
    return _ratio(2 * tp, 2 * tp + fp + fn)


class RocCurve(NamedTuple):
    """What :func:`roc_curve` returns: false- and true-positive rates and their thresholds."""

    fpr: np.ndarray
    tpr: np.ndarray
    thresholds: np.ndarray


def _scored(y_true, scores, where: str) -> tuple[np.ndarray, np.ndarray]:
    t = _labels(y_true, "y_true", where, binary=True, second="scores")
    s = as_array(scores, "scores", where, ndim=1)
    _same_length(t, s, ("y_true", "scores"), where)
    n_pos = int(t.sum())
    if n_pos in (0, t.size):
        raise ValueError(f"{where}: y_true holds only the class {int(t[0])} ({t.size} "
                         f"example{'s' if t.size > 1 else ''}); the ROC curve needs at least one "
                         "positive (1) and one negative (0)")
    return t, s


def roc_curve(y_true, scores) -> RocCurve:
    """The ROC curve: for every threshold c, the rates of the rule "positive when score >= c".

    fpr(c) = FP(c) / N (false-positive rate, N the number of negatives) and tpr(c) = TP(c) / P
    (true-positive rate = recall, P the number of positives). The thresholds are the distinct
    scores in decreasing order, preceded by +inf (nothing predicted positive, the point (0, 0));
    the last threshold is the smallest score (everything positive, the point (1, 1)). Tied scores
    move together, so a tie between a positive and a negative is one diagonal step. This is
    scikit-learn's ``roc_curve(y_true, scores, drop_intermediate=False)``.

    ``y_true``: labels 0 and 1 (1 positive), vector of length n >= 2 holding **both classes**;
    ``scores``: finite floats, the same length, larger meaning "more positive". Returns a
    :class:`RocCurve` ``(fpr, tpr, thresholds)``, three vectors of length (number of distinct
    scores) + 1. Raises ValueError when ``y_true`` holds only one class (with no positives the
    true-positive rate is undefined, with no negatives the false-positive rate; scikit-learn
    returns NaN with a warning there), for labels other than 0 and 1 (a fraction among them
    suggests the arguments are swapped: labels first, scores second), NaN or infinite scores,
    empty input or different lengths.

    In a network: the scores are its output probabilities (or logits: any increasing function of
    them gives the same curve); the curve shows every threshold at once.
    """
    t, s = _scored(y_true, scores, "roc_curve")
    order = np.argsort(-s)      # the order within a run of ties does not matter: see `ends`
    s, t = s[order], t[order]
    # the last index of each run of equal scores: a threshold there counts the whole run
    ends = np.r_[np.flatnonzero(np.diff(s) != 0), s.size - 1]
    tps = np.cumsum(t)[ends]
    fps = (ends + 1) - tps
    n_pos, n_neg = int(t.sum()), t.size - int(t.sum())     # both >= 1: see _scored
    tpr, fpr = np.r_[0, tps] / n_pos, np.r_[0, fps] / n_neg
    return RocCurve(fpr=fpr, tpr=tpr, thresholds=np.r_[np.inf, s[ends]])


def roc_auc(y_true, scores) -> float:
    """The area under the ROC curve, by the trapezoid rule on its points.

    AUC = sum over the curve's segments of (fpr[k+1] - fpr[k]) (tpr[k+1] + tpr[k]) / 2. The
    curve is piecewise linear, so the trapezoid rule gives its area exactly. It equals the
    probability that a random positive scores higher than a random negative, ties counted half
    (the Mann-Whitney U statistic divided by P N). 1 is a perfect ranking, 0.5 a ranking no better
    than chance, 0 a perfectly reversed one.

    Arguments as :func:`roc_curve`. Returns a float in [0, 1]. Raises ValueError as
    :func:`roc_curve`, in particular **when either class is missing** (no positives or no
    negatives: no pair to rank, the area is undefined; returning 0 would read as a perfectly
    reversed ranking), as scikit-learn's ``roc_auc_score`` does.

    In a network: one number for the ranking of the output scores, independent of any threshold
    and unchanged by any increasing function of the scores (probabilities or logits).
    """
    t, s = _scored(y_true, scores, "roc_auc")
    fpr, tpr, _ = roc_curve(t, s)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))
