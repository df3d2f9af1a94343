"""Explorer for notebook 27: one test image and the network's ten probabilities for it.

The notebook trains its network and passes the test images, their labels and the network's
probabilities (``model.predict_proba(X_test)``, rows summing to 1) to :func:`explorer`. A slider
picks a test image; a button jumps to the next one the network gets wrong. The image is drawn as
its 8 x 8 pixels (dark = ink); the bar chart shows the ten probabilities, the predicted class's
bar filled and hatched, the true class marked by a triangle under its bar.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from .. import explore
from .._checks import as_array, as_int
from ..plotting import LINE_COLORS
from ._layout import setup_axes

NOTEBOOK = "27"  # the notebook that shows this explorer


@dataclass(frozen=True)
class PickResult:
    """What :func:`compute` returns for one test image."""

    index: int
    image: np.ndarray          # (8, 8)
    probabilities: np.ndarray  # (10,)
    true: int
    predicted: int
    confidence: float          # the predicted class's probability
    p_true: float              # the true class's probability
    runner_up: int             # the second most probable class
    wrong: int                 # how many test images the network gets wrong in all


def _inputs(X, y, proba, where: str):
    X = as_array(X, "X", where, ndim=2)
    proba = as_array(proba, "proba", where, ndim=2)
    y = np.asarray(y)
    if X.shape[1] != 64:
        raise ValueError(f"{where}: X must hold 8 x 8 images as rows of 64 pixels, got shape "
                         f"{X.shape}")
    if proba.shape != (len(X), 10) or y.shape != (len(X),):
        raise ValueError(f"{where}: need one label and one row of 10 probabilities per image; got "
                         f"{len(X)} images, labels of shape {y.shape}, probabilities of shape "
                         f"{proba.shape}")
    return X, y.astype(int), proba


def compute(X, y, proba, index) -> PickResult:
    """Test image ``index`` of ``X`` (N, 64) with label ``y[index]`` and the network's
    probabilities ``proba[index]`` (N, 10)."""
    where = "digit_picker.compute"
    X, y, proba = _inputs(X, y, proba, where)
    i = as_int(index, "index", where, low=0, high=len(X) - 1)
    p = proba[i]
    order = np.argsort(-p, kind="stable")
    wrong = int(np.sum(proba.argmax(axis=1) != y))
    return PickResult(index=i, image=X[i].reshape(8, 8), probabilities=p, true=int(y[i]),
                      predicted=int(order[0]), confidence=float(p[order[0]]),
                      p_true=float(p[y[i]]), runner_up=int(order[1]), wrong=wrong)


def next_wrong(y, proba, after: int) -> int | None:
    """The index of the next image after ``after`` that the network gets wrong (wrapping round
    to the start), or None when it gets every image right."""
    wrong = np.flatnonzero(np.asarray(proba).argmax(axis=1) != np.asarray(y))
    if len(wrong) == 0:
        return None
    later = wrong[wrong > after]
    return int(later[0] if len(later) else wrong[0])


def readout(out: PickResult, n: int) -> str:
    pct = round(100 * out.confidence)
    text = (f"Test image {out.index} (of {n}, numbered 0 to {n - 1}): <b>true {out.true}, "
            f"predicted {out.predicted} with {pct}%</b>")
    if out.predicted == out.true:
        text += (f" (right). Next most probable: {out.runner_up} with "
                 f"{100 * out.probabilities[out.runner_up]:.1f}%.")
    else:
        text += (f" (<b>wrong</b>); the true class {out.true} got {100 * out.p_true:.1f}%. Would "
                 "you have read it right?")
    return text + (f" The network gets {out.wrong} of the {n} test images wrong: press 'next "
                   "misclassified' to see them.")


def draw(ax_image, ax_bars) -> dict:
    """The image panel, the ten bars (heights 0) and the true-class triangle, once."""
    image = ax_image.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0.0, vmax=1.0,
                            interpolation="nearest")
    ax_image.set_xticks([])
    ax_image.set_yticks([])
    ax_image.set_xlim(-0.65, 7.65)                  # a white margin: the frame is not under
    ax_image.set_ylim(7.65, -0.65)                  # the image, which is redrawn on every move
    for spine in ax_image.spines.values():          # a visible frame round the image
        spine.set_visible(True)
        spine.set_color("black")
        spine.set_linewidth(1.2)
    ax_image.set_title("the image (8 x 8 pixels)", fontsize="medium")
    setup_axes(ax_bars, xlim=(-0.6, 9.6), ylim=(-0.14, 1.05), xlabel="digit",
               ylabel="probability")
    ax_bars.set_xticks(range(10))
    ax_bars.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_bars.axhline(0.0, color="black", linewidth=0.8)
    # speed: the ten bars are one collection (one artist to draw per move), and the predicted
    # class's bar is one hatched rectangle drawn over it
    bars = PolyCollection([_bar(k, 0.0) for k in range(10)], facecolors="white",
                          edgecolors="black", linewidths=1.0)
    ax_bars.add_collection(bars)
    chosen = Rectangle((-0.35, 0.0), 0.7, 0.0, facecolor=LINE_COLORS["blue"], edgecolor="black",
                       hatch="//", linewidth=1.0)
    ax_bars.add_patch(chosen)
    true, = ax_bars.plot([0], [-0.07], linestyle="none", marker="^", markersize=11,
                         color=LINE_COLORS["vermillion"], markeredgecolor="black")
    handles = [_bar_patch("predicted class (filled, hatched)"),
               _bar_patch("other classes", filled=False), true]
    true.set_label("true class (triangle)")
    ax_bars.figure.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False,
                          fontsize="small")
    return {"image": image, "bars": bars, "chosen": chosen, "true": true}


def _bar(k: int, height: float) -> np.ndarray:
    """The corners of the bar of class k, 0.7 wide."""
    return np.array([[k - 0.35, 0.0], [k - 0.35, height], [k + 0.35, height], [k + 0.35, 0.0]])


def _bar_patch(label: str, filled: bool = True):
    """A legend entry for a bar."""
    from matplotlib.patches import Patch

    return Patch(facecolor=LINE_COLORS["blue"] if filled else "white", edgecolor="black",
                 hatch="//" if filled else None, label=label)


def explorer(X_test, y_test, proba) -> explore.Explorer:
    """A slider over the test images and a 'next misclassified' button."""
    X, y, proba = _inputs(X_test, y_test, proba, "digit_picker.explorer")
    fig, (ax_image, ax_bars) = explore.figure(1, 2, size=(7.6, 3.4),
                                              gridspec_kw={"width_ratios": [2, 3]})
    fig.set_layout_engine("constrained")
    artists = draw(ax_image, ax_bars)
    start = 0        # the first test image: drag first, then press "next misclassified"

    def update(index):
        out = compute(X, y, proba, index)
        artists["image"].set_data(out.image)
        artists["bars"].set_verts([_bar(k, h) for k, h in enumerate(out.probabilities)])
        artists["chosen"].set_xy((out.predicted - 0.35, 0.0))
        artists["chosen"].set_height(out.confidence)
        artists["true"].set_xdata([out.true])
        return readout(out, len(X))

    controls = {"index": explore.slider("test image", 0, len(X) - 1, start, integer=True)}
    ex = explore.Explorer(fig, controls, update,
                          animated=[artists["image"], artists["bars"], artists["chosen"],
                                    artists["true"]],
                          title="The digit picker: drag through the test images")
    button = widgets.Button(description="next misclassified", icon="forward",
                            tooltip="jump to the next test image the network gets wrong")

    def jump(_button):
        j = next_wrong(y, proba, ex.values["index"])
        if j is not None:
            ex.set(index=j)

    button.on_click(jump)
    ex.next_button = button
    title, row, *rest = ex.widget.children
    ex.widget.children = (title, row, button, *rest)
    return ex
