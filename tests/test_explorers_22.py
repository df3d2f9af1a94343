"""The explorers of notebook 22: the logistic regression against a plain numpy loop, the metrics
at each threshold against their definitions, the ROC area against scipy's Mann-Whitney U, the
imbalanced subsamples, the readouts, the numbers the notebook quotes, and both explorers at
every corner of their controls with warnings as errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats as sps

pytest.importorskip("ipympl")

from mathlib import metrics  # noqa: E402
from mathlib.data import load_breast_cancer  # noqa: E402
from mathlib.explorers import imbalance, threshold_metrics  # noqa: E402

from .explorer_checks import corners  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "22_evaluation_metrics.ipynb"


def _cells():
    return {c["id"]: " ".join("".join(c["source"]).split())
            for c in json.loads(NOTEBOOK.read_text())["cells"]}


# -- threshold_metrics ----------------------------------------------------------------------------

def test_problem_is_a_plain_logistic_regression_on_the_relabelled_data():
    P = threshold_metrics.problem()
    data = load_breast_cancer()
    perm = np.random.default_rng(threshold_metrics.SEED).permutation(569)
    train, test = perm[threshold_metrics.N_TEST:], perm[:threshold_metrics.N_TEST]
    y = (data.y == 0).astype(int)                        # malignant (file label 0) is positive
    assert_allclose(P.y_test, y[test]) and assert_allclose(P.y_train, y[train])
    mu, sd = data.X[train].mean(axis=0), data.X[train].std(axis=0)
    X = np.c_[(data.X[train] - mu) / sd, np.ones(len(train))]
    assert_allclose(P.X_train, X, rtol=1e-12, atol=1e-12)
    assert_allclose(P.X_train[:, :-1].mean(axis=0), 0, atol=1e-12)   # training statistics only
    assert np.abs(P.X_test[:, :-1].mean(axis=0)).max() > 1e-3
    w = np.zeros(31)
    for _ in range(threshold_metrics.STEPS):              # the textbook gradient, X^T (p - y) / n
        p = 1 / (1 + np.exp(-(X @ w)))
        w = w - threshold_metrics.LEARNING_RATE * X.T @ (p - y[train]) / len(train)
    assert_allclose(P.w, w, rtol=1e-10, atol=1e-12)
    assert_allclose(P.scores, 1 / (1 + np.exp(-(P.X_test @ w))), rtol=1e-10)
    u = sps.mannwhitneyu(P.scores[P.y_test == 1], P.scores[P.y_test == 0]).statistic
    assert_allclose(P.auc, u / (P.y_test.sum() * (P.y_test == 0).sum()))
    assert P.y_test.sum() == 89 and len(P.y_test) == 228


@pytest.mark.parametrize("c", [0.01, 0.1, 0.25, 0.5, 0.77, 0.99])
def test_compute_is_the_definitions(c):
    P = threshold_metrics.problem()
    out = threshold_metrics.compute(c)
    flagged, pos = P.scores >= c, P.y_test == 1
    tp, fp = np.sum(flagged & pos), np.sum(flagged & ~pos)
    fn, tn = np.sum(~flagged & pos), np.sum(~flagged & ~pos)
    assert (out.tp, out.fp, out.fn, out.tn) == (tp, fp, fn, tn)
    assert_allclose(out.recall, tp / (tp + fn))
    assert_allclose(out.precision, tp / (tp + fp))
    assert_allclose(out.f1, 2 * tp / (2 * tp + fp + fn))
    assert_allclose(out.accuracy, (tp + tn) / 228)
    assert_allclose(out.fpr, fp / (fp + tn))
    # the point lies on the ROC curve drawn once
    fpr, tpr, thr = P.roc
    k = np.flatnonzero(thr >= c)[-1]
    assert_allclose((fpr[k], tpr[k]), (out.fpr, out.recall))


def test_the_threshold_trades_recall_for_precision():
    grid = np.round(np.arange(0.01, 0.995, 0.01), 2)
    outs = [threshold_metrics.compute(c) for c in grid]
    recall = np.array([o.recall for o in outs])
    assert np.all(np.diff(recall) <= 0)                   # never rises with the threshold
    assert outs[0].precision < outs[49].precision          # 0.01 against 0.5


def test_threshold_readout():
    text = threshold_metrics.readout(threshold_metrics.compute(0.5))
    assert "TN 139" in text and "FP 0" in text and "FN 4" in text and "TP 85" in text
    assert "Recall <b>0.955</b> (85 of 89 malignant found, <b>4</b> missed)" in text
    assert "precision <b>1.000</b>" in text and "ROC point (0.000, 0.955)" in text
    empty = threshold_metrics.ThresholdResult(threshold=0.99, tn=139, fp=0, fn=89, tp=0,
                                              precision=0.0, recall=0.0, f1=0.0,
                                              accuracy=139 / 228, fpr=0.0)
    assert "precision undefined (nothing predicted malignant), reported as 0" in \
        threshold_metrics.readout(empty)


def test_threshold_text_alternative_reads_the_table():
    """The exported page's alt text is the readout as plain text: the table's cells are
    separated, not run together ("predicted benignpredicted malignantbenignTN 139...")."""
    ex = threshold_metrics.explorer()
    ex.set(threshold=0.5)
    alt = ex.text_alternative()
    assert ("confusion matrix: predicted benign, predicted malignant; true benign: TN 139, FP 0; "
            "true malignant: FN 4, TP 85. Threshold 0.50: 85 tumours predicted malignant.") in alt
    assert "malignantbenign" not in alt and "TN 139FP" not in alt
    ex.set(threshold=0.1)
    out = threshold_metrics.compute(0.1)
    assert (f"TN {out.tn}, FP {out.fp}; true malignant: FN {out.fn}, TP {out.tp}."
            in ex.text_alternative())


def test_threshold_explorer_corners():
    ex = threshold_metrics.explorer()
    for values in corners(ex):
        out = threshold_metrics.compute(values["threshold"])
        assert f"TP {out.tp}" in ex.readout.value
        assert_allclose(ex.fig.axes[1].get_lines()[2].get_xydata()[0], (out.fpr, out.recall))
    ex.reset()
    assert ex.values["threshold"] == 0.5


# -- imbalance ------------------------------------------------------------------------------------

def test_subsamples_have_the_prevalence_and_are_nested():
    P = threshold_metrics.problem()
    previous = None
    for p in imbalance.GRID:
        rows = imbalance.subsample(float(p))
        assert len(set(rows)) == len(rows)
        y = P.y_test[rows]
        assert y.sum() >= 1
        assert abs(y.mean() - p) < 0.5 / len(rows) + 1 / 139, p     # whole counts
        if previous is not None and p <= 0.39:
            assert set(previous) <= set(rows)
        previous = rows


@pytest.mark.parametrize("p", [0.01, 0.05, 0.2, 0.39, 0.5])
def test_imbalance_compute_is_the_definitions(p):
    P = threshold_metrics.problem()
    out = imbalance.compute(p)
    rows = imbalance.subsample(p)
    y, flagged = P.y_test[rows], P.scores[rows] >= imbalance.THRESHOLD
    tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
    fn, tn = np.sum(~flagged & (y == 1)), np.sum(~flagged & (y == 0))
    assert_allclose(out.values, [np.mean(y == 0), (tp + tn) / len(y), tp / (tp + fp),
                                 tp / (tp + fn)])
    assert_allclose(out.values[0], 1 - out.prevalence)


def test_imbalance_lessons_and_readout():
    low, full = imbalance.compute(0.05), imbalance.compute(0.39)
    assert low.values[0] > low.values[1] and low.values[3] == 1.0
    text = imbalance.readout(low)
    assert "<b>Always benign has the higher accuracy</b> (by 0.014)" in text
    assert "146</b> tumours, <b>7</b> malignant" in text
    assert "above the always-benign rule's" in imbalance.readout(full)
    assert full.values[2] > 2 * low.values[2]                  # precision falls with prevalence
    mid = imbalance.ImbalanceResult(prevalence=0.1, n=100, n_pos=10, tp=5, fp=1, fn=5,
                                    values=(0.9, 0.94, 5 / 6, 0.5), f1=0.625)
    assert "differ by only 0.040" in imbalance.readout(mid)
    assert "finds none of the 7 malignant tumours" in text
    one = imbalance.readout(imbalance.compute(0.01))            # a single malignant tumour
    assert "does not find the 1 malignant tumour" in one and "none of the 1" not in one


def test_imbalance_legend_and_points_stay_visible():
    """The legend sits outside the axes (the line at prevalence 0.5 runs along the right edge);
    the current points are drawn largest first, so that where two values meet (0.993 and 1.0
    at 0.01) the smaller marker sits inside the larger one."""
    ex = imbalance.explorer()
    ex.set(prevalence=0.5)
    ex.fig.canvas.draw()
    ax = ex.fig.axes[0]
    assert ax.get_legend() is None and len(ex.fig.legends) == 1
    legend = ex.fig.legends[0].get_window_extent()
    axes = ax.get_window_extent()
    assert legend.y1 < axes.y0                                 # below the axes, clear of the line
    assert [t.get_text() for t in ex.fig.legends[0].get_texts()] == list(imbalance.NAMES)
    ex.set(prevalence=0.01)
    points = [line for line in ax.get_lines() if len(line.get_xdata()) == 1
              and line.get_marker() in "so^D" and line.get_linestyle() == "None"]
    assert [p.get_marker() for p in points] == ["s", "o", "^", "D"]
    sizes, orders = [p.get_markersize() for p in points], [p.get_zorder() for p in points]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4
    assert orders == sorted(orders) and len(set(orders)) == 4
    never, recall = points[0].get_ydata()[0], points[3].get_ydata()[0]
    assert abs(never - recall) < 0.01                          # they do meet at 0.01
    assert sizes[0] - sizes[3] >= 6                            # the square shows round the diamond


def test_imbalance_explorer_corners():
    ex = imbalance.explorer()
    for values in corners(ex):
        out = imbalance.compute(round(values["prevalence"], 2))
        assert f"<b>{out.n_pos}</b> malignant" in ex.readout.value


def test_explorers_of_22_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(threshold_metrics.explorer()) == []
    assert honest_at_corners(imbalance.explorer()) == []


# -- the notebook's words -------------------------------------------------------------------------

def test_the_numbers_the_notebook_quotes():
    cells = _cells()
    at_half = threshold_metrics.compute(0.5)
    assert (at_half.tp + at_half.fp, at_half.fn) == (85, 4)
    assert "flags 85 tumours, all of them malignant (precision 1.000), and misses 4" in \
        cells["a22f0007"]
    low, full = imbalance.compute(0.05), imbalance.compute(0.39)
    assert f"{low.values[0]:.3f} against {low.values[1]:.3f}" in cells["a22f0016"]
    assert f"at the cost of {low.fp} false alarms" in cells["a22f0016"]
    # the whole test set's precision is the classifier's at the same threshold, and is printed
    assert full.n == 228 and imbalance.THRESHOLD == 0.25
    assert (f"from {full.values[2]:.3f} on the whole test set (at the same threshold 0.25, the "
            f"first line printed) to {low.values[2]:.3f}") in cells["a22f0016"]
    assert "metrics.precision(y_test, whole)" in cells["a22f0015"]
    assert "whole = (scores >= 0.25).astype(int)" in cells["a22f0015"]
    assert "(all 139 benign, the first 7 malignant" in cells["a22f0014"]
    assert "0 = malignant, 1 = benign" in cells["a22f0005"] and "`y = 1 - data.y`" in \
        cells["a22f0005"]
    for link in ("[06 Derivatives and partial derivatives](06_derivatives.ipynb)",
                 "[15 Loss functions](15_loss_functions.ipynb)",
                 "[11 Bayes' theorem](11_bayes_theorem.ipynb)"):
        assert link in cells["a22f0001"]


def test_the_threshold_paragraph_is_true():
    """Raising the threshold never raises recall; precision usually rises but is not monotone;
    one can stay while the other moves. The paragraph's numbers are the explorer's."""
    text = _cells()["a22f0007"]
    assert "Neither moves without the other" not in text
    a, b = threshold_metrics.compute(0.21), threshold_metrics.compute(0.22)
    assert b.tp == a.tp - 1 and b.fp == a.fp                   # one malignant drops out, alone
    assert b.precision < a.precision and b.recall < a.recall
    assert (f"({a.precision:.3f} to {b.precision:.3f}, recall {a.recall:.3f} to "
            f"{b.recall:.3f})") in text
    half, top = threshold_metrics.compute(0.5), threshold_metrics.compute(0.99)
    assert half.precision == top.precision == 1.0 and top.recall < half.recall
    assert (f"from 0.5 up to 0.99 recall falls from {half.recall:.3f} to {top.recall:.3f} while "
            "precision stays at 1.000") in text
    assert "**recall never rises**" in text
    grid = np.round(np.arange(0.01, 0.995, 0.01), 2)
    precision = np.array([threshold_metrics.compute(c).precision for c in grid])
    assert np.any(np.diff(precision) < 0)                      # not monotone, as it says
    summary = _cells()["a22f0028"]
    assert "only better scores improve both" not in summary and "not monotone" in summary


def test_question_22_q2_explanations_are_true():
    from mathlib.exercises.questions import QUESTIONS
    q = QUESTIONS["22.q2"]
    half, q2 = threshold_metrics.compute(0.5), threshold_metrics.compute(0.9)
    assert half.fp == 0 and half.precision == 1.0 and q2.precision == 1.0
    b = q.option("b").explanation
    assert "most confidently" not in b
    assert "at 0.5 it is already 1.000, no benign tumour is flagged" in b
    assert f"({half.recall:.3f} to {q2.recall:.3f})" in b


def test_the_roc_conditions_are_stated_as_the_library_behaves():
    text = _cells()["a22f0010"]
    assert "`roc_curve` and `roc_auc` raise a `ValueError`" in text
    assert "returns 0 (undefined)" not in text
    P = threshold_metrics.problem()
    with pytest.raises(ValueError, match="holds only the class 1"):
        metrics.roc_auc(P.y_test[P.y_test == 1], P.scores[P.y_test == 1])
    assert "metrics.roc_auc(y_test[y_test == 1], scores[y_test == 1])" in _cells()["a22f0011"]


def test_the_prevalence_prompt_is_true():
    cells = _cells()
    text = " ".join(cells["a22f0016"].split())
    assert "only one or three malignant tumours (1 at 0.01, 3 at 0.02): recall is 1 there" in text
    assert "drop it to 0 (of one) or 0.667 (of three)" in text and round(2 / 3, 3) == 0.667
    assert [imbalance.compute(p).n_pos for p in (0.01, 0.02)] == [1, 3]
    assert all(imbalance.compute(p).values[3] == 1.0 for p in (0.01, 0.02))
    acc_never, acc_model, precision, recall = imbalance.curves()
    low = imbalance.GRID <= 0.05
    assert np.all(acc_never[low] > acc_model[low])             # grey climbs above the solid
    assert np.all(np.diff(precision[imbalance.GRID <= 0.39]) >= 0)   # precision falls as it drops
    assert recall.min() > 0.95
    q2 = threshold_metrics.compute(0.9)
    assert round(q2.recall, 3) == 0.809 and q2.precision == 1.0      # 22.q2's numbers
    at_01 = threshold_metrics.compute(0.1)
    assert at_01.fn < 4 and at_01.fp > 0                      # the first prompt
