"""Explorer for notebook 22: a threshold on a real classifier's scores, and what it does to the
confusion matrix, precision, recall, F1 and the point on the ROC curve.

The classifier is a logistic regression trained with mathlib (plain gradient descent on the mean
binary cross-entropy, ``mathlib.optim.gradient_descent`` and
``nn.binary_cross_entropy_with_logits_gradient``) on the Breast Cancer Wisconsin data
(``mathlib.data.load_breast_cancer``). The screening question is "malignant?", so **malignant is
the positive class 1** here: the file codes 0 malignant, 1 benign, and :func:`problem` uses
``1 - y``. A seeded split keeps :data:`N_TEST` tumours aside; the features are standardised with
the training part's mean and standard deviation; the scores are the model's probabilities of
malignant on the test tumours.

The left panel shows every test tumour's score, malignant ones on the upper row (triangles),
benign ones on the lower row (circles), and the threshold as a vertical line; the right panel
the ROC curve (drawn once) and the point of the current threshold. The confusion matrix and the
metrics go to the readout (an HTML table), which a screen reader reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore, metrics, stats
from ..data import load_breast_cancer
from ..nn import binary_cross_entropy_with_logits_gradient, sigmoid
from ..optim import gradient_descent
from ..plotting import LINE_COLORS
from ._layout import setup_axes

NOTEBOOK = "22"  # the notebook that shows this explorer

SEED = 22              # the split
N_TEST = 228           # 40% of the 569 tumours
STEPS = 200            # gradient-descent steps
LEARNING_RATE = 0.1
THRESHOLD = (0.01, 0.99, 0.5)      # (min, max, start) of the slider
POS_STYLE = dict(marker="^", color=LINE_COLORS["vermillion"])
NEG_STYLE = dict(marker="o", color=LINE_COLORS["blue"])


@dataclass(frozen=True, eq=False)
class Problem:
    """The trained classifier and its test scores (see :func:`problem`)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    w: np.ndarray
    scores: np.ndarray
    roc: metrics.RocCurve
    auc: float


def split(n: int, n_test: int = N_TEST, rng: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, test rows): a seeded random permutation, its first ``n_test`` rows the test."""
    perm = np.random.default_rng(rng).permutation(n)
    return perm[n_test:], perm[:n_test]


def logistic_gradient(X: np.ndarray, y: np.ndarray):
    """The gradient of the mean binary cross-entropy of sigmoid(X w) as a function of w:
    X^T (sigmoid(X w) - y) / n, by the chain rule through the logits z = X w."""
    return lambda w: X.T @ binary_cross_entropy_with_logits_gradient(X @ w, y)


@lru_cache(maxsize=1)
def problem() -> Problem:
    """Load, relabel (malignant = 1), split, standardise with the training statistics, train by
    gradient descent from w = 0 (:data:`STEPS` steps at :data:`LEARNING_RATE`; the last column
    of X is 1, its weight the bias) and score the test tumours: probabilities of malignant."""
    data = load_breast_cancer()
    y = 1 - data.y                                   # malignant 1 (positive), benign 0
    train, test = split(len(y))
    mu = stats.mean(data.X[train], axis=0)
    sd = stats.std(data.X[train], axis=0)

    def design(rows):
        return np.hstack([(data.X[rows] - mu) / sd, np.ones((len(rows), 1))])

    X_train, X_test = design(train), design(test)
    run = gradient_descent(logistic_gradient(X_train, y[train]), np.zeros(X_train.shape[1]),
                           learning_rate=LEARNING_RATE, steps=STEPS)
    w = run.path[-1]
    scores = sigmoid(X_test @ w)
    return Problem(X_train=X_train, y_train=y[train], X_test=X_test, y_test=y[test], w=w,
                   scores=scores, roc=metrics.roc_curve(y[test], scores),
                   auc=metrics.roc_auc(y[test], scores))


@dataclass(frozen=True)
class ThresholdResult:
    """What :func:`compute` returns: the counts and metrics at one threshold."""

    threshold: float
    tn: int
    fp: int
    fn: int
    tp: int
    precision: float
    recall: float
    f1: float
    accuracy: float
    fpr: float


def compute(threshold: float) -> ThresholdResult:
    """The test tumours predicted malignant when their score is >= ``threshold``: the confusion
    matrix [[TN, FP], [FN, TP]] and precision, recall (= the ROC's true-positive rate), F1,
    accuracy and the false-positive rate FP / (FP + TN), all from ``mathlib.metrics``."""
    P = problem()
    y, pred = P.y_test, (P.scores >= threshold).astype(int)
    (tn, fp), (fn, tp) = metrics.confusion_matrix(y, pred, n_classes=2)
    return ThresholdResult(threshold=float(threshold), tn=int(tn), fp=int(fp), fn=int(fn),
                           tp=int(tp), precision=metrics.precision(y, pred),
                           recall=metrics.recall(y, pred), f1=metrics.f1_score(y, pred),
                           accuracy=metrics.accuracy(y, pred), fpr=fp / (fp + tn))


def _jitter(n: int, rng: int) -> np.ndarray:
    return np.random.default_rng(rng).uniform(-0.28, 0.28, n)


def draw(ax_scores, ax_roc) -> dict:
    """The scores, the ROC curve and the chance diagonal once; the threshold line and the ROC
    point that move."""
    P = problem()
    pos, neg = P.y_test == 1, P.y_test == 0
    setup_axes(ax_scores, xlim=(-0.03, 1.03), ylim=(-0.6, 1.6), yticks=[0, 1],
               xlabel="score: predicted probability of malignant", ylabel="true class",
               title="test tumours (predicted malignant: right of the line)")
    ax_scores.set_yticklabels(["benign", "malignant"])
    ax_scores.scatter(P.scores[pos], 1 + _jitter(pos.sum(), 1), s=22, edgecolors="black",
                      linewidths=0.4, label=f"malignant ({pos.sum()})", **POS_STYLE)
    ax_scores.scatter(P.scores[neg], _jitter(neg.sum(), 2), s=18, facecolors="white",
                      edgecolors=NEG_STYLE["color"], linewidths=1.0, marker=NEG_STYLE["marker"],
                      label=f"benign ({neg.sum()})")
    line = ax_scores.axvline(THRESHOLD[2], color="black", linestyle="--", linewidth=2)
    setup_axes(ax_roc, xlim=(-0.05, 1.05), ylim=(-0.05, 1.05), equal=True,
               xlabel="false-positive rate FP / (FP + TN)",
               ylabel="true-positive rate (recall)", title=f"ROC curve, area {P.auc:.3f}")
    ax_roc.plot([0, 1], [0, 1], color=LINE_COLORS["grey"], linestyle=":", linewidth=1.5,
                label="chance (area 0.5)")
    ax_roc.plot(P.roc.fpr, P.roc.tpr, color=LINE_COLORS["blue"], linewidth=2,
                drawstyle="default", label="this classifier")
    point, = ax_roc.plot([0.0], [0.0], marker="o", markersize=10, color=LINE_COLORS["vermillion"],
                         markeredgecolor="black", linestyle="none", label="threshold")
    ax_roc.legend(loc="lower right", fontsize="small")
    return {"line": line, "point": point}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# Punctuation the eye does not see, for the readout as plain text: the static picture's alt text
# (mathlib.explore drops the tags, so without it the table would read "predicted benignpredicted
# malignantbenignTN 66FP 73...") and the spoken announcement. Visually hidden, as the course's
# mathlib-sr-only class (inline too, for pages without the accessibility helper's style).
_SEPARATOR = ('<span class="mathlib-sr-only" style="position:absolute; '
              'width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0)">{}</span>')


def _sep(text: str) -> str:
    return _SEPARATOR.format(text)


def readout(out: ThresholdResult) -> str:
    """The confusion matrix as a small table, then the metrics in words. Hidden separators make
    the table's plain text read "confusion matrix: predicted benign, predicted malignant; true
    benign: TN 139, FP 0; true malignant: FN 4, TP 85." in the text alternative."""
    cell = 'style="border:1px solid #757575; padding:1px 8px; text-align:right"'
    table = (f'<table style="border-collapse:collapse; display:inline-table; '
             f'vertical-align:middle; margin-right:1em">'
             f"<tr><th>{_sep('confusion matrix: ')}</th>"
             f"<th {cell}>predicted benign{_sep(', ')}</th>"
             f"<th {cell}>predicted malignant{_sep('; ')}</th></tr>"
             f"<tr><th {cell}>true benign{_sep(': ')}</th><td {cell}>TN {out.tn}{_sep(', ')}</td>"
             f"<td {cell}>FP {out.fp}{_sep('; ')}</td></tr>"
             f"<tr><th {cell}>true malignant{_sep(': ')}</th><td {cell}>FN {out.fn}{_sep(', ')}</td>"
             f"<td {cell}>TP {out.tp}{_sep('. ')}</td></tr></table>")
    text = (f"Threshold {out.threshold:.2f}: <b>{out.tp + out.fp}</b> tumours predicted malignant. "
            f"Recall <b>{out.recall:.3f}</b> ({out.tp} of {out.tp + out.fn} malignant found, "
            f"<b>{out.fn}</b> missed); ")
    if out.tp + out.fp == 0:
        text += ("precision undefined (nothing predicted malignant), reported as 0; ")
    else:
        text += (f"precision <b>{out.precision:.3f}</b> ({out.tp} of the {out.tp + out.fp} "
                 "predicted malignant are); ")
    text += (f"F1 {out.f1:.3f}; accuracy {out.accuracy:.3f}; false-positive rate "
             f"{out.fpr:.3f} ({out.fp} benign flagged). ROC point ({out.fpr:.3f}, "
             f"{out.recall:.3f}).")
    return table + text


def explorer() -> explore.Explorer:
    """A threshold slider; the scores with the threshold line, the ROC curve with its point."""
    fig, (ax_scores, ax_roc) = explore.figure(1, 2, size=(8.6, 3.9),
                                              gridspec_kw={"width_ratios": [1.5, 1]})
    fig.set_layout_engine("constrained")
    artists = draw(ax_scores, ax_roc)

    def update(threshold):
        out = compute(threshold)
        artists["line"].set_xdata([threshold, threshold])
        artists["point"].set_data([out.fpr], [out.recall])
        return readout(out)

    controls = {"threshold": explore.slider("threshold", *THRESHOLD, step=0.01)}
    return explore.Explorer(fig, controls, update, animated=[artists["line"], artists["point"]],
                            title="A threshold on the classifier's scores")
