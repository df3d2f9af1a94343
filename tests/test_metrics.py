"""mathlib.metrics against hand-computed cases, the defining formulas and scipy's Mann-Whitney U.

scikit-learn is not installed in the course's environment, so its documented behaviour is
reproduced by independent references here: the confusion matrix by a double loop, the rates by
their definitions, the ROC curve by thresholding at every distinct score (scikit-learn's
``roc_curve(..., drop_intermediate=False)``), and the area by ``scipy.stats.mannwhitneyu``.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from mathlib import metrics

# A small example worked by hand: 10 examples, 4 positives.
Y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])
P = np.array([1, 0, 0, 1, 1, 0, 1, 0, 0, 0])
# TP = 3 (indices 0, 3, 6), FN = 1 (index 1), FP = 1 (index 4), TN = 5


def test_hand_example():
    np.testing.assert_array_equal(metrics.confusion_matrix(Y, P), [[5, 1], [1, 3]])
    assert metrics.accuracy(Y, P) == 0.8
    assert metrics.precision(Y, P) == 0.75
    assert metrics.recall(Y, P) == 0.75
    assert metrics.f1_score(Y, P) == 0.75
    y2, p2 = [1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 1, 0]    # TP 1, FN 3, FP 1, TN 1
    assert metrics.precision(y2, p2) == 0.5 and metrics.recall(y2, p2) == 0.25
    assert metrics.f1_score(y2, p2) == pytest.approx(2 * 0.5 * 0.25 / 0.75, abs=1e-15)
    assert metrics.accuracy(y2, p2) == pytest.approx(2 / 6, abs=1e-15)


def _reference_counts(y, p):
    tp = sum(1 for a, b in zip(y, p) if a == 1 and b == 1)
    fp = sum(1 for a, b in zip(y, p) if a == 0 and b == 1)
    fn = sum(1 for a, b in zip(y, p) if a == 1 and b == 0)
    return tp, fp, fn, len(y) - tp - fp - fn


binary = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=30)


@given(binary)
def test_binary_metrics_are_their_definitions(pairs):
    y, p = np.array(pairs).T
    tp, fp, fn, tn = _reference_counts(y, p)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.accuracy(y, p) == pytest.approx((tp + tn) / len(y), abs=1e-15)
        assert metrics.precision(y, p) == pytest.approx(tp / (tp + fp) if tp + fp else 0.0)
        assert metrics.recall(y, p) == pytest.approx(tp / (tp + fn) if tp + fn else 0.0)
        prec, rec = metrics.precision(y, p), metrics.recall(y, p)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        assert metrics.f1_score(y, p) == pytest.approx(f1, abs=1e-15)
        np.testing.assert_array_equal(metrics.confusion_matrix(y, p, n_classes=2),
                                      [[tn, fp], [fn, tp]])


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=40))
def test_confusion_matrix_is_the_double_loop(pairs):
    y, p = np.array(pairs).T
    k = max(2, int(max(y.max(), p.max())) + 1)         # labels 0 and 1: at least 2 x 2
    expected = np.zeros((k, k), dtype=int)
    for a, b in zip(y, p):
        expected[a, b] += 1
    got = metrics.confusion_matrix(y, p)
    assert got.dtype == np.int64 and got.shape == (k, k)
    np.testing.assert_array_equal(got, expected)
    wide = metrics.confusion_matrix(y, p, n_classes=6)
    assert wide.shape == (6, 6) and wide.sum() == len(y)
    np.testing.assert_array_equal(wide[:k, :k], expected)
    assert metrics.accuracy(y, p) == pytest.approx(np.trace(expected) / len(y), abs=1e-15)


def test_confusion_matrix_multiclass_hand_example():
    y = [0, 1, 2, 2, 1, 0]
    p = [0, 2, 2, 1, 1, 0]
    np.testing.assert_array_equal(metrics.confusion_matrix(y, p), [[2, 0, 0], [0, 1, 1],
                                                                    [0, 1, 1]])
    # one class only: still the 2 x 2 [[TN, FP], [FN, TP]] of binary labels
    np.testing.assert_array_equal(metrics.confusion_matrix([0, 0], [0, 0]), [[2, 0], [0, 0]])
    np.testing.assert_array_equal(metrics.confusion_matrix([1, 1], [1, 1]), [[0, 0], [0, 2]])
    np.testing.assert_array_equal(metrics.confusion_matrix([0, 0], [0, 0], n_classes=1), [[2]])
    np.testing.assert_array_equal(metrics.confusion_matrix([1], [1], n_classes=2), [[0, 0],
                                                                                     [0, 1]])
    assert metrics.accuracy(y, p) == pytest.approx(4 / 6, abs=1e-15)


def test_undefined_cases_are_zero_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.precision([1, 0, 1], [0, 0, 0]) == 0.0        # nothing predicted positive
        assert metrics.recall([0, 0, 0], [1, 0, 1]) == 0.0           # no positives
        assert metrics.f1_score([0, 0], [0, 0]) == 0.0               # both undefined
        assert metrics.f1_score([1, 0], [0, 1]) == 0.0               # TP = 0
        assert metrics.precision([0, 0], [0, 0]) == 0.0
        assert metrics.recall([0], [0]) == 0.0
        assert metrics.precision([1], [1]) == 1.0 and metrics.recall([1], [1]) == 1.0
        assert metrics.f1_score([1], [1]) == 1.0


def test_roc_needs_both_classes():
    # an area of 0 would read as a perfectly reversed ranking: refuse, as scikit-learn does
    for fn in (metrics.roc_curve, metrics.roc_auc):
        name = fn.__name__
        with pytest.raises(ValueError, match=rf"^{name}: y_true holds only the class 0 \(3 "
                                             r"examples\); the ROC curve needs at least one "
                                             r"positive \(1\) and one negative \(0\)$"):
            fn([0, 0, 0], [0.1, 0.5, 0.9])
        with pytest.raises(ValueError, match=rf"^{name}: y_true holds only the class 1 \(2 "
                                             r"examples\)"):
            fn([1, 1], [0.1, 0.5])
        with pytest.raises(ValueError, match=rf"^{name}: y_true holds only the class 1 \(1 "
                                             r"example\);"):
            fn([1], [0.1])
    out = metrics.roc_curve([0, 1], [0.1, 0.5])               # one of each is enough
    np.testing.assert_array_equal(out.fpr, [0, 0, 1])
    np.testing.assert_array_equal(out.tpr, [0, 1, 1])


def _reference_roc(y, s):
    """Threshold at +inf and at every distinct score, from the largest: the definitions."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    thresholds = np.r_[np.inf, np.unique(s)[::-1]]
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    fpr = [((s >= c) & (y == 0)).sum() / n_neg for c in thresholds]
    tpr = [((s >= c) & (y == 1)).sum() / n_pos for c in thresholds]
    return np.array(fpr), np.array(tpr), thresholds


def test_roc_curve_hand_example_with_a_tie():
    y = [0, 0, 1, 1]
    s = [0.1, 0.4, 0.35, 0.8]          # scikit-learn's documented example
    fpr, tpr, thr = metrics.roc_curve(y, s)
    np.testing.assert_allclose(fpr, [0, 0, 0.5, 0.5, 1])
    np.testing.assert_allclose(tpr, [0, 0.5, 0.5, 1, 1])
    np.testing.assert_array_equal(thr, [np.inf, 0.8, 0.4, 0.35, 0.1])
    assert metrics.roc_auc(y, s) == 0.75
    # a tie between a positive and a negative is one diagonal step, counted half in the area
    out = metrics.roc_curve([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1])
    np.testing.assert_allclose(out.fpr, [0, 0, 0.5, 1])
    np.testing.assert_allclose(out.tpr, [0, 0.5, 1, 1])
    np.testing.assert_array_equal(out.thresholds, [np.inf, 0.9, 0.5, 0.1])
    assert metrics.roc_auc([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]) == 0.875
    assert metrics.roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert metrics.roc_auc([1, 0], [0.9, 0.1]) == 1.0
    assert metrics.roc_auc([0, 1], [0.9, 0.1]) == 0.0


scored = st.lists(st.tuples(st.integers(0, 1), st.integers(-3, 3)), min_size=2, max_size=30)


@given(scored)
def test_roc_curve_and_auc_against_references(pairs):
    y, s = np.array(pairs).T
    s = s / 2.0                        # few distinct values: many ties
    if y.min() == y.max():
        y[0] = 1 - y[0]
    fpr, tpr, thr = metrics.roc_curve(y, s)
    rf, rt, rthr = _reference_roc(y, s)
    np.testing.assert_allclose(fpr, rf, atol=1e-15)
    np.testing.assert_allclose(tpr, rt, atol=1e-15)
    np.testing.assert_array_equal(thr, rthr)
    assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)
    pos, neg = s[y == 1], s[y == 0]
    u = stats.mannwhitneyu(pos, neg).statistic
    auc = metrics.roc_auc(y, s)
    assert auc == pytest.approx(u / (pos.size * neg.size), abs=1e-12)
    # the Mann-Whitney probability by its definition, ties counted half
    d = pos[:, None] - neg[None, :]
    assert auc == pytest.approx(np.mean((d > 0) + 0.5 * (d == 0)), abs=1e-12)
    # numpy's trapezoid rule on the same points
    assert auc == pytest.approx(np.trapezoid(tpr, fpr), abs=1e-12)
    # unchanged by an increasing transformation of the scores (a sigmoid)
    assert metrics.roc_auc(y, 1 / (1 + np.exp(-s))) == pytest.approx(auc, abs=1e-12)


def test_real_data_auc_against_mann_whitney():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500)
    s = y * 0.8 + rng.normal(size=500)
    u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
    assert metrics.roc_auc(y, s) == pytest.approx(u / ((y == 1).sum() * (y == 0).sum()))
    assert metrics.roc_auc(y, -s) == pytest.approx(1 - metrics.roc_auc(y, s))


def test_extreme_inputs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = np.array([1e300, -1e300, 1e-300, 0.0, -0.0])
        fpr, tpr, thr = metrics.roc_curve([1, 0, 1, 0, 0], s)
        assert thr[0] == np.inf and thr.size == 5            # 0.0 and -0.0 are one score
        assert metrics.roc_auc([1, 0, 1, 0, 0], s) == 1.0
        assert metrics.accuracy([1] * 1000, [1] * 999 + [0]) == 0.999
        y = np.r_[np.ones(1, int), np.zeros(10**5, int)]
        assert metrics.accuracy(y, np.zeros_like(y)) == pytest.approx(1 - 1e-5)
        assert metrics.recall(y, np.zeros_like(y)) == 0.0
        assert metrics.accuracy([True, False], [True, True]) == 0.5   # bools are 1 and 0


def test_bad_inputs_have_clear_messages():
    for fn in (metrics.precision, metrics.recall, metrics.f1_score):
        name = fn.__name__
        with pytest.raises(ValueError, match=rf"{name}: y_true must hold only the labels 0 and 1 "
                                             r"\(1 is the positive class\), got 2 at index 1"):
            fn([0, 2, 1], [0, 1, 1])
        with pytest.raises(ValueError, match=rf"{name}: y_pred must hold only the labels 0 and 1.*"
                                             r"got -1 at index 0"):
            fn([0, 1], [-1, 1])
        with pytest.raises(ValueError, match=rf"{name}: y_true has 3 labels and y_pred has 2 "
                                             r"values; they must be the same length"):
            fn([0, 1, 1], [0, 1])
        with pytest.raises(ValueError, match=rf"{name}: y_true is empty"):
            fn([], [])
        with pytest.raises(ValueError, match=rf"{name}: y_pred holds nan"):
            fn([0, 1], [0, np.nan])
        with pytest.raises(ValueError, match=rf"{name}: y_true must be a vector"):
            fn([[0, 1]], [[0, 1]])
        with pytest.raises(ValueError, match=r"got 0.5 at index 0"):
            fn([0.5], [1])
        # full precision: 1.0000001 is not shown as "1"
        with pytest.raises(ValueError, match=r"got 1\.0000001 at index 1"):
            fn([0, 1], [0, 1.0000001])
        # scores where the labels belong
        with pytest.raises(ValueError, match=rf"^{name}: y_pred must hold only the labels 0 and 1 "
                                             r"\(1 is the positive class\), got 0\.9 at index 1; "
                                             r"scores instead of labels\? Threshold them first: "
                                             r"\(scores >= c\)\.astype\(int\)$"):
            fn([0, 1], [0, 0.9])
        with pytest.raises(ValueError, match=rf"got 0\.2 at index 0; are the arguments swapped\? "
                                             rf"The true labels come first: {name}\(y_true, "
                                             r"y_pred\)$"):
            fn([0.2, 0.9], [0, 1])
        with pytest.raises(ValueError, match=r"got 2 at index 0$"):     # no hint for a whole one
            fn([2, 1], [0, 1])
        with pytest.raises(ValueError, match=r"got 1000 at index 1$"):
            fn([0, 1000], [0, 1])
    for fn in (metrics.accuracy, metrics.confusion_matrix):
        name = fn.__name__
        with pytest.raises(ValueError, match=rf"{name}: y_true must hold class labels 0, 1, 2, "
                                             r"\.\.\. \(whole numbers from 0\), got 1.5 at index 1"):
            fn([0, 1.5], [0, 1])
        with pytest.raises(ValueError, match=rf"{name}: y_pred must hold class labels.*got -1 at "
                                             r"index 2"):
            fn([0, 1, 1], [0, 1, -1])
        with pytest.raises(ValueError, match=rf"{name}: y_true has 1 labels and y_pred has 2"):
            fn([0], [0, 1])
        with pytest.raises(TypeError, match=rf"{name}: y_true must be numbers"):
            fn("01", [0, 1])
        with pytest.raises(ValueError, match=rf"{name}: y_pred must hold class labels.*got "
                                             r"2\.0000001 at index 0; scores instead"):
            fn([2], [2.0000001])
        with pytest.raises(ValueError, match=rf"{name}: y_true must hold class labels.*got "
                                             r"1e\+300 at index 0; a label this large is not a "
                                             r"class index$"):
            fn([1e300], [0])
        # 2**53 is where floats stop counting by 1: refused, and written as the float it is
        with pytest.raises(ValueError, match=r"got 9007199254740992\.0 at index 1; a label this "
                                             r"large is not a class index$"):
            fn([0, 2.0**53], [0, 1])
    assert metrics.accuracy([0, 2.0**53 - 1], [0, 2.0**53 - 1]) == 1.0    # the largest label
    with pytest.raises(ValueError, match=r"confusion_matrix: n_classes is 2, so the labels must "
                                         r"be 0 to 1, but the data hold the label 2"):
        metrics.confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(ValueError, match=r"label 3"):
        metrics.confusion_matrix([0, 1], [3, 1], n_classes=3)
    with pytest.raises(ValueError, match=r"^confusion_matrix: n_classes = 0 is out of range; "
                                         r"expected 1 <= n_classes <= 1000$"):
        metrics.confusion_matrix([0, 1], [0, 1], n_classes=0)
    with pytest.raises(ValueError, match=r"^confusion_matrix: n_classes = 1001 is out of range"):
        metrics.confusion_matrix([0, 1], [0, 1], n_classes=1001)
    assert metrics.confusion_matrix([0, 1], [0, 1], n_classes=1000).shape == (1000, 1000)
    # a huge label is refused with a message, not a MemoryError
    with pytest.raises(ValueError, match=r"^confusion_matrix: y_true holds the label 1000000000, "
                                         r"so the matrix would be 1000000001 x 1000000001; labels "
                                         r"are class indices and must be below MAX_CLASSES = "
                                         r"1000$"):
        metrics.confusion_matrix([1e9, 0], [1, 0])
    with pytest.raises(ValueError, match=r"^confusion_matrix: y_pred holds the label 1000,"):
        metrics.confusion_matrix([0, 1], [1000, 0])
    with pytest.raises(ValueError, match=r"^confusion_matrix: y_true holds the label 1000,"):
        metrics.confusion_matrix([1000, 1], [1000, 0])
    assert metrics.confusion_matrix([999], [0]).shape == (1000, 1000)
    assert metrics.MAX_CLASSES == 1000
    with pytest.raises(TypeError, match=r"^confusion_matrix: n_classes must be a whole number"):
        metrics.confusion_matrix([0, 1], [0, 1], n_classes=2.0)
    np.testing.assert_array_equal(metrics.confusion_matrix([0, 0], [0, 0], n_classes=1), [[2]])
    for fn in (metrics.roc_curve, metrics.roc_auc):
        with pytest.raises(ValueError, match=rf"{fn.__name__}: scores must be a vector"):
            fn([0, 1], [[0.2, 0.3]])
    with pytest.raises(TypeError):
        metrics.confusion_matrix([0, 1], [0, 1], 2)                  # keyword-only
    for fn in (metrics.roc_curve, metrics.roc_auc):
        name = fn.__name__
        with pytest.raises(ValueError, match=rf"{name}: scores holds nan at index \(1,\); "
                                             r"expected finite numbers"):
            fn([0, 1], [0.2, np.nan])
        with pytest.raises(ValueError, match=rf"{name}: scores holds inf"):
            fn([0, 1], [0.2, np.inf])
        with pytest.raises(ValueError, match=rf"{name}: y_true has 2 labels and scores has 3 "
                                             r"values; they must be the same length"):
            fn([0, 1], [0.2, 0.3, 0.4])
        with pytest.raises(ValueError, match=rf"{name}: y_true must hold only the labels 0 and 1"
                                             r".*got 2 at index 0"):
            fn([2, 1], [0.2, 0.3])
        with pytest.raises(ValueError, match=rf"{name}: y_true is empty"):
            fn([], [])
        # the arguments swapped: scores where the labels belong
        with pytest.raises(ValueError, match=rf"^{name}: y_true must hold only the labels 0 and 1 "
                                             r"\(1 is the positive class\), got 0\.9 at index 0; "
                                             r"are the arguments swapped\? The true labels come "
                                             rf"first: {name}\(y_true, scores\)$"):
            fn([0.9, 0.2], [1, 0])


def test_results_are_plain_floats_and_named():
    assert type(metrics.accuracy(Y, P)) is float
    for fn in (metrics.precision, metrics.recall, metrics.f1_score):
        assert type(fn(Y, P)) is float
        assert type(fn([0], [0])) is float
    assert type(metrics.roc_auc(Y, P)) is float and type(metrics.roc_auc([0, 1], [1, 1])) is float
    out = metrics.roc_curve(Y, np.arange(10.0))
    assert isinstance(out, metrics.RocCurve) and out.fpr is out[0] and out.thresholds is out[2]
    assert out.fpr.dtype == float and out.tpr.dtype == float
