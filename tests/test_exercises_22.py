"""Notebook 22's exercises: the by-hand metrics (each slip named only when it is the cause), the
confusion matrix (layout slips, the forbidden mathlib function), the ROC area by pairs (ties,
direction, the forbidden shortcuts) and the threshold for a required recall on the real data."""

import re

import numpy as np
import pytest

from mathlib import metrics
from mathlib.exercises import evaluate, reference

from .exercise_helpers import assert_passes, cell_text, fail_message, no_checker_defects  # noqa: F401
from .exercise_helpers import refused_message

NB = "22_evaluation_metrics.ipynb"


# -- 22.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_the_library_s_on_the_text_s_screen():
    """The numbers of the text (20 tumours, 6 malignant, 4 flagged of which 3 malignant) give
    the answer that passes."""
    text = cell_text(NB, "a22f0020")
    n, pos, flagged, hits = map(int, re.search(
        r"A screen of (\d+) tumours, (\d+) of them malignant .*? flags (\d+) tumours, of which "
        r"(\d+) are malignant", text).groups())
    y = np.r_[np.ones(pos, int), np.zeros(n - pos, int)]
    p = np.r_[np.ones(hits, int), np.zeros(pos - hits, int), np.ones(flagged - hits, int),
              np.zeros(n - pos - flagged + hits, int)]
    answer = (metrics.precision(y, p), metrics.recall(y, p), metrics.f1_score(y, p),
              metrics.accuracy(y, p))
    assert answer == pytest.approx((0.75, 0.5, 0.6, 0.8))
    assert_passes("22.1", answer)
    assert "(precision, recall, F1, accuracy)" in cell_text(NB, "a22f0021")


@pytest.mark.parametrize("answer, words", [
    ((0.5, 0.5, 0.6, 0.8), "recall's denominator"),
    ((0.75, 0.75, 0.6, 0.8), "precision's denominator"),
    ((0.75, 0.3, 0.6, 0.8), "malignant or flagged"),
    ((0.75, 0.5, 0.625, 0.8), "ordinary average"),
    ((0.75, 0.5, 0.6, 0.15), "only the true positives"),
    ((0.75, 0.5, 0.6, 0.2), "the error rate"),
    ((0.75, 0.5, 0.6, 0.65), "only the true negatives"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("22.1", answer)


def test_by_hand_unlisted_numbers_name_no_slip():
    message = fail_message("22.1", (0.7, 0.5, 0.6, 0.8))
    assert "It looks as if" not in message and "should be 0.75" in message
    assert "3 of your 4 numbers are right" in message


# -- 22.2 the confusion matrix --------------------------------------------------------------------
def test_confusion_shortcut_is_refused():
    message = refused_message("22.2", lambda t, p: metrics.confusion_matrix(t, p, n_classes=2))
    assert "which counts the matrix for you" in message


@pytest.mark.parametrize("transform, words", [
    (lambda C: C.T, "rows are the predicted classes"),
    (lambda C: C[::-1, ::-1], "positive class first"),
    (lambda C: C[:, ::-1], "columns are swapped"),
    (lambda C: C[::-1, :], "rows are swapped"),
])
def test_confusion_slips_are_named(transform, words):
    right = reference("22.2")
    assert words in fail_message("22.2", lambda t, p: transform(np.asarray(right(t, p))))


def test_confusion_without_a_missing_class_row_says_which_case():
    message = fail_message("22.2", lambda t, p: np.bincount(2 * t + p).reshape(2, 2))
    assert "reshape" in message


def test_confusion_wrong_for_another_reason_names_no_slip():
    right = reference("22.2")
    message = fail_message("22.2", lambda t, p: np.asarray(right(t, p)) + np.eye(2, dtype=int))
    for words in ("predicted classes", "positive class first", "swapped"):
        assert words not in message
    assert "for y_true = [1, 0, 1, 1, 0, 0, 0]" in message


def test_a_raise_shows_the_short_arrays_values():
    """A learner whose function raises can rerun the very call: short arrays by their values,
    the notebook's 228 tumours by their shape."""
    message = fail_message("22.2", lambda t, p: np.bincount(2 * t + p).reshape(2, 2))
    assert ("when called as confusion(np.array([0, 0, 0, 1, 1]), np.array([1, 0, 0, 0, 0]))"
            in message)
    assert "<array of shape" not in message
    message = fail_message("22.3", lambda y, s: 1 / 0)
    assert ("when called as auc_by_pairs(np.array([0, 0, 1, 1]), "
            "np.array([0.1, 0.4, 0.35, 0.8]))") in message
    message = fail_message("22.4", lambda y, s, t: 1 / 0)
    assert ("when called as threshold_for_recall(np.array([1, 0, 1, 1, 0, 1]), "
            "np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.2]), 0.75)") in message
    right = reference("22.2")
    message = fail_message("22.2", lambda t, p: right(t, p) if len(t) < 50 else 1 / 0)
    assert "when called as confusion(<array of shape (228,)>, <array of shape (228,)>)" in message


def test_confusion_reference_is_the_library_s():
    from mathlib.exercises.nb22 import _confusion_cases
    right = reference("22.2")
    for t, p in _confusion_cases():
        assert np.array_equal(right(t, p), metrics.confusion_matrix(t, p, n_classes=2))


# -- 22.3 the area by pairs -----------------------------------------------------------------------
def test_pairs_the_text_s_check_yourself_value():
    text = cell_text(NB, "a22f0024")
    assert "`y_true = [0, 0, 1, 1]` and `scores = [0.1, 0.4, 0.35, 0.8]` it is 0.75" in text
    assert reference("22.3")(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])) == 0.75


@pytest.mark.parametrize("answer, words", [
    (lambda y, s: float(np.mean(s[y == 1][:, None] > s[y == 0][None, :])), "tie as a loss"),
    (lambda y, s: float(np.mean(s[y == 1][:, None] >= s[y == 0][None, :])), "tie as a win"),
    (lambda y, s: float(np.mean(s[y == 0][:, None] > s[y == 1][None, :])
                        + 0.5 * np.mean(s[y == 0][:, None] == s[y == 1][None, :])),
     "negative scores higher"),
    (lambda y, s: float(np.sum(s[y == 1][:, None] > s[y == 0][None, :])
                        + 0.5 * np.sum(s[y == 1][:, None] == s[y == 0][None, :])),
     "number of winning pairs"),
])
def test_pairs_slips_are_named(answer, words):
    assert words in fail_message("22.3", answer)


@pytest.mark.parametrize("answer, words", [
    (lambda y, s: metrics.roc_auc(y, s), "which computes the area for you"),
    (lambda y, s: float(np.trapezoid(metrics.roc_curve(y, s).tpr, metrics.roc_curve(y, s).fpr)),
     "which gives the curve whose area is asked"),
])
def test_pairs_shortcuts_are_refused(answer, words):
    assert words in refused_message("22.3", answer)


def test_pairs_scipy_is_refused():
    from scipy import stats
    message = fail_message("22.3", lambda y, s: stats.mannwhitneyu(s[y == 1], s[y == 0])
                              .statistic / (np.sum(y == 1) * np.sum(y == 0)))
    assert "no scipy" in message


def test_pairs_real_data_case_is_described():
    # right on the small cases, wrong on the real data only (more than 50 tumours)
    right = reference("22.3")
    message = fail_message("22.3", lambda y, s: right(y, s) if len(y) < 50 else 0.5)
    assert "on the notebook's test tumours and its classifier's scores," in message


# -- 22.4 the threshold for a recall --------------------------------------------------------------
def test_threshold_reaches_the_recall_and_is_the_largest():
    from mathlib.explorers.threshold_metrics import problem
    P = problem()
    right = reference("22.4")
    for target in (0.5, 0.9, 0.95, 0.99, 1.0):
        c = right(P.y_test, P.scores, target)
        assert metrics.recall(P.y_test, (P.scores >= c).astype(int)) >= target
        above = P.scores[P.scores > c]
        if above.size:                             # the next score up no longer reaches it
            nxt = above.min()
            assert metrics.recall(P.y_test, (P.scores >= nxt).astype(int)) < target
    assert round(right(P.y_test, P.scores, 0.95), 5) == 0.51067
    assert "is about 0.51067" in cell_text(NB, "a22f0026")


@pytest.mark.parametrize("answer, words", [
    (lambda y, s, t: float(np.sort(s[y == 1])[::-1][max(1, int(np.floor(t * np.sum(y) + 1e-9)))
                                                     - 1]), "round up"),
    (lambda y, s, t: float(np.sort(s[y == 1])[::-1][int(np.ceil(t * np.sum(y) - 1e-9))]),
     "one positive more than needed"),
    (lambda y, s, t: float(np.quantile(s[y == 1], 1 - t)), "interpolated a quantile"),
])
def test_threshold_slips_are_named(answer, words):
    assert words in fail_message("22.4", answer)


def test_threshold_float_trap_is_in_the_cases():
    """0.55 x 100 is 55.00000000000001 in floating point: a plain ceil asks for 56 positives."""
    assert np.ceil(0.55 * 100) == 56
    message = fail_message("22.4", lambda y, s, t: float(np.sort(s[y == 1])[::-1][
        int(np.ceil(t * np.sum(y))) - 1]))
    assert "(in floating point 0.55 * 100 is 55.00000000000001)" in message
    assert "should be 0.45; yours is 0.44" in message
    from mathlib.exercises import _core
    assert "0.55 * 100 is 55.00000000000001" in " ".join(_core.REGISTRY["22.4"].hints)
    # and the statement warns before the learner meets it
    statement = cell_text(NB, "a22f0026")
    assert ("`0.55 * 100` is `55.00000000000001`, whose `np.ceil` is 56, not 55" in statement
            and statement.index("55.00000000000001") < statement.index("Check yourself"))


def test_every_check_is_cheap():
    import time
    for id in ("22.1", "22.2", "22.3", "22.4"):
        evaluate(id, reference(id))                 # warm the caches
        start = time.perf_counter()
        assert evaluate(id, reference(id)).status == "pass"
        assert time.perf_counter() - start < 1.0, id
