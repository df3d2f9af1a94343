"""Explorer for notebook 22: how the share of positives (the prevalence) changes accuracy and
precision, and why accuracy misleads when the positives are rare.

The classifier and its test scores are :mod:`threshold_metrics`' (a logistic regression on the
breast cancer data, malignant the positive class), at the fixed screening threshold 0.25 (set low, to miss few malignant tumours). For a prevalence
pi the explorer takes a subsample of the test tumours with that share of malignant ones: all the
benign tumours and the first k malignant ones of a seeded order while there are enough (pi up to
the test set's own share), else all the malignant ones and the first benign ones. The subsamples
are nested, so moving the slider adds or removes tumours and never reshuffles them. Beside the
classifier, the **always-benign** rule ("never say malignant") is scored on the same subsample.

The curves over the whole slider range are drawn once; only the vertical line and the points at
the current prevalence move. Each curve has its own line style and marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore, metrics
from ..plotting import LINE_COLORS
from ._layout import setup_axes
from .threshold_metrics import problem

NOTEBOOK = "22"  # the notebook that shows this explorer

PREVALENCE = (0.01, 0.5, 0.39)     # (min, max, start) of the slider; 0.39 is the test set's own
GRID = np.round(np.arange(0.01, 0.5001, 0.01), 2)
THRESHOLD = 0.25
NAMES = ("accuracy, always benign", "accuracy, classifier", "precision, classifier",
         "recall, classifier")
STYLES = ((":", "s", "grey"), ("-", "o", "blue"), ("--", "^", "vermillion"), ("-.", "D", "green"))
# The current points, largest first and drawn below the smaller ones: where two values meet (at
# prevalence 0.01 always benign's 0.993 and the recall 1.0), the smaller marker sits inside the
# larger one and both stay visible.
POINT_SIZES = (15, 12, 10, 7)


@dataclass(frozen=True)
class ImbalanceResult:
    """What :func:`compute` returns: the subsample's make-up and the metrics on it."""

    prevalence: float          # the share of malignant tumours in the subsample
    n: int
    n_pos: int
    tp: int
    fp: int
    fn: int
    values: tuple[float, float, float, float]     # in the order of NAMES
    f1: float


@lru_cache(maxsize=1)
def _orders() -> tuple[np.ndarray, np.ndarray]:
    """The test rows of each class in a seeded order (positives, negatives)."""
    P = problem()
    rng = np.random.default_rng(2222)
    return (rng.permutation(np.flatnonzero(P.y_test == 1)),
            rng.permutation(np.flatnonzero(P.y_test == 0)))


def subsample(prevalence: float) -> np.ndarray:
    """Test rows with a share ``prevalence`` of malignant tumours (as near as whole counts allow,
    at least one malignant), keeping as many tumours as the test set has."""
    pos, neg = _orders()
    if prevalence <= pos.size / (pos.size + neg.size):
        k = max(1, int(round(prevalence * neg.size / (1 - prevalence))))
        return np.r_[pos[:k], neg]
    m = max(1, int(round(pos.size * (1 - prevalence) / prevalence)))
    return np.r_[pos, neg[:m]]


@lru_cache(maxsize=128)
def compute(prevalence: float) -> ImbalanceResult:
    """The classifier (threshold 0.25) and the always-benign rule on :func:`subsample`'s rows:
    accuracy of each, and the classifier's precision, recall and F1 (``mathlib.metrics``)."""
    P = problem()
    rows = subsample(float(prevalence))
    y = P.y_test[rows]
    pred = (P.scores[rows] >= THRESHOLD).astype(int)
    (_, fp), (fn, tp) = metrics.confusion_matrix(y, pred, n_classes=2)
    never = np.zeros_like(y)
    values = (metrics.accuracy(y, never), metrics.accuracy(y, pred), metrics.precision(y, pred),
              metrics.recall(y, pred))
    return ImbalanceResult(prevalence=float(y.mean()), n=int(y.size), n_pos=int(y.sum()),
                           tp=int(tp), fp=int(fp), fn=int(fn), values=values,
                           f1=metrics.f1_score(y, pred))


@lru_cache(maxsize=1)
def curves() -> np.ndarray:
    """The four values of :data:`NAMES` at every prevalence of :data:`GRID`: (4, len(GRID)),
    plotted at each subsample's actual prevalence (:func:`actual`)."""
    return np.array([compute(float(p)).values for p in GRID]).T


@lru_cache(maxsize=1)
def actual() -> np.ndarray:
    return np.array([compute(float(p)).prevalence for p in GRID])


def draw(ax) -> dict:
    """The four curves once; the line and the four points at the current prevalence (sizes
    :data:`POINT_SIZES`, the smaller on top). The legend sits below the axes, out of the way of
    the line, which reaches the right edge at prevalence 0.5."""
    setup_axes(ax, xlim=(0, 0.51), ylim=(0, 1.04),
               xlabel="prevalence: share of malignant tumours in the subsample",
               ylabel="metric value", title="the same classifier (threshold 0.25) on subsamples")
    x, ys = actual(), curves()
    points = []
    for k, (name, (style, marker, color), y) in enumerate(zip(NAMES, STYLES, ys)):
        ax.plot(x, y, linestyle=style, color=LINE_COLORS[color], linewidth=2, label=name,
                marker=marker, markevery=(2 + 3 * k, 12), markersize=5, markeredgecolor="black",
                markeredgewidth=0.5)
        point, = ax.plot([x[0]], [y[0]], marker=marker, markersize=POINT_SIZES[k],
                         color=LINE_COLORS[color], markeredgecolor="black", linestyle="none",
                         zorder=4 + k)
        points.append(point)
    line = ax.axvline(PREVALENCE[2], color="black", linestyle="-", linewidth=1)
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2,
                     fontsize="small")
    return {"line": line, "points": points}


def _none_of(n: int, noun: str = "") -> str:
    """"it finds none of the 7 malignant tumours", "it does not find the 1 malignant tumour"."""
    if n == 1:
        return f"it does not find the 1 {noun}".rstrip()
    return f"it finds none of the {n} {noun + 's' if noun else ''}".rstrip()


def readout(out: ImbalanceResult) -> str:
    """The subsample and each rule's numbers, with the lesson of the moment."""
    never, acc, prec, rec = out.values
    text = (f"Subsample: <b>{out.n}</b> tumours, <b>{out.n_pos}</b> malignant (prevalence "
            f"{out.prevalence:.3f}). Always answering benign: accuracy <b>{never:.3f}</b>, "
            f"recall 0 ({_none_of(out.n_pos)}). The classifier: accuracy "
            f"<b>{acc:.3f}</b>, recall <b>{rec:.3f}</b> ({out.tp} found, {out.fn} missed), "
            f"precision <b>{prec:.3f}</b> ({out.fp} benign flagged for {out.tp} malignant "
            f"found), F1 {out.f1:.3f}. ")
    gap = acc - never
    if gap < 0:
        text += (f"<b>Always benign has the higher accuracy</b> (by {-gap:.3f}), yet "
                 f"{_none_of(out.n_pos, 'malignant tumour')}: with rare positives, accuracy "
                 "rewards ignoring them.")
    elif gap < 0.05:
        text += (f"The accuracies differ by only {gap:.3f}: at this prevalence accuracy hardly "
                 "tells a useful classifier from one that never finds a tumour.")
    else:
        text += f"The classifier's accuracy is {gap:.3f} above the always-benign rule's."
    return text


def explorer() -> explore.Explorer:
    """A prevalence slider; accuracy, precision and recall across prevalences, with the
    current subsample marked."""
    fig, ax = explore.figure(size=(7.6, 4.4))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(prevalence):
        out = compute(round(float(prevalence), 2))
        artists["line"].set_xdata([out.prevalence, out.prevalence])
        for point, value in zip(artists["points"], out.values):
            point.set_data([out.prevalence], [value])
        return readout(out)

    controls = {"prevalence": explore.slider("prevalence", *PREVALENCE, step=0.01)}
    return explore.Explorer(fig, controls, update,
                            animated=[artists["line"], *artists["points"]],
                            title="Accuracy, precision and recall as the positives get rare")
