"""Explorer for notebook 25: a 3 x 3 kernel, weight by weight, slid over a digit or the photograph.

Nine sliders are the kernel's weights w[a, b]; ``mathlib.conv.conv2d`` with padding 1 (the output
keeps the input's size) gives the filtered image on every move. Preset buttons set all nine
weights at once (identity, blur, sharpen, vertical and horizontal edges). The output is drawn in
grey with 0 as mid-grey, scaled to its own largest |value| (the readout gives that value, so a
brighter-looking image is not mistaken for larger numbers). Changing the image changes the
background (its own key); a weight move redraws only the output image.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from .. import explore
from .._checks import as_array
from ..conv import conv2d
from ..data import load_digits, load_photo

NOTEBOOK = "25"  # the notebook that shows this explorer

PHOTO_STEP = 4            # every 4th pixel of the 600 x 512 photograph: 150 x 128
DIGIT_INDEX = 0           # the first digit of the data set, a 0
WEIGHT = (-4.0, 8.0, 0.5)  # (min, max, step) of each weight slider
PRESETS = {
    "identity": ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
    "blur": ((1, 1, 1), (1, 1, 1), (1, 1, 1)),
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
    "vertical edges": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
    "horizontal edges": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
}
START = "vertical edges"
NAMES = tuple(f"w{a}{b}" for a in range(3) for b in range(3))


@lru_cache(maxsize=None)
def images() -> dict:
    """The two inputs, once: the digit (8 x 8, values 0-16 scaled to [0, 1]) and the grey
    photograph (150 x 128, in [0, 1])."""
    digit = load_digits().X[DIGIT_INDEX].reshape(8, 8) / 16.0
    return {"digit": digit, "photograph": load_photo(step=PHOTO_STEP)}


@dataclass(frozen=True, eq=False)
class FilterResult:
    """What :func:`compute` returns: its fields are described there."""

    kernel: np.ndarray
    output: np.ndarray
    weight_sum: float
    largest: float
    low: float
    high: float


def compute(image, kernel) -> FilterResult:
    """The filtered image ``conv2d(image, kernel, padding=1)`` (the input's shape, for a 3 x 3
    kernel) with ``weight_sum`` the sum of the weights (what the kernel does to a flat region:
    multiplies it by this), ``largest`` max |output| (0 for an all-zero kernel), and the output's
    ``low`` and ``high``."""
    x = as_array(image, "image", "kernel_filter.compute", ndim=2)
    w = as_array(kernel, "kernel", "kernel_filter.compute", ndim=2)
    out = conv2d(x, w, padding=(w.shape[0] - 1) // 2)
    return FilterResult(kernel=w, output=out, weight_sum=float(w.sum()),
                        largest=float(np.max(np.abs(out))), low=float(out.min()),
                        high=float(out.max()))


def draw(ax_in, ax_out) -> dict:
    """The two image axes (no ticks: pixels); the input image (static) and the output image (moves)."""
    start = images()["digit"]
    for ax in (ax_in, ax_out):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    ax_in.set_title("input image x", fontsize="medium")
    ax_out.set_title("output, kernel slid over x (0 = mid-grey)", fontsize="small")
    shown = ax_in.imshow(start, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    out = ax_out.imshow(np.zeros_like(start), cmap="gray", vmin=-1.0, vmax=1.0,
                        interpolation="nearest")
    return {"input": shown, "output": out}


def _weights(w) -> str:
    return "[" + "; ".join(" ".join(f"{v:g}" for v in row) for row in w) + "]"


def readout(out: FilterResult, name: str) -> str:
    """What the kernel does, in words, with its weight sum and the output's range."""
    s = out.weight_sum
    text = f"Kernel {_weights(out.kernel)} on the {name}: weights sum to <b>{s:g}</b>"
    if s == 0:
        text += (", so a flat region gives 0 (mid-grey): only <b>changes</b> in brightness "
                 "show, as with an edge detector")
    elif s == 1:
        text += ", so a flat region keeps its brightness"
    else:
        text += f", so a flat region is multiplied by {s:g}"
    if out.largest == 0:
        return text + ". Every output pixel is 0: all weights are 0 (or the image is black)."
    return (text + f". The output runs from <b>{out.low:.3g}</b> to <b>{out.high:.3g}</b>; it is "
            f"drawn scaled so that +-{out.largest:.3g} is white / black.")


def explorer() -> explore.Explorer:
    """Nine weight sliders, an image choice and preset buttons; input and output side by side."""
    fig, (ax_in, ax_out) = explore.figure(1, 2, size=(6.4, 3.3))
    # a fixed layout, not "constrained": a layout engine would move the axes when the image (and
    # with it each axes' aspect) changes, and the background kept for the other image would no
    # longer fit
    fig.set_layout_engine("none")
    ax_in.set_position((0.02, 0.03, 0.45, 0.85))
    ax_out.set_position((0.53, 0.03, 0.45, 0.85))
    artists = draw(ax_in, ax_out)
    shown = {"image": None}

    def update(image, **weights):
        x = images()[image]
        if shown["image"] != image:           # a new background: the input and the extents
            shown["image"] = image
            h, w = x.shape
            artists["input"].set_data(x)
            for key in ("input", "output"):
                artists[key].set_extent((-0.5, w - 0.5, h - 0.5, -0.5))
            for ax in (ax_in, ax_out):
                ax.set_xlim(-0.5, w - 0.5)
                ax.set_ylim(h - 0.5, -0.5)
        kernel = np.array([weights[n] for n in NAMES], dtype=float).reshape(3, 3)
        out = compute(x, kernel)
        artists["output"].set_data(out.output)
        scale = out.largest if out.largest > 0 else 1.0
        artists["output"].set_clim(-scale, scale)
        return readout(out, image)

    start = PRESETS[START]
    controls = {"image": explore.choice("image", ["digit", "photograph"], "digit")}
    for a in range(3):
        for b in range(3):
            controls[f"w{a}{b}"] = explore.slider(f"w[{a}, {b}]", WEIGHT[0], WEIGHT[1],
                                                  float(start[a][b]), step=WEIGHT[2], fmt=".1f")
    ex = explore.Explorer(fig, controls, update, animated=[artists["output"]],
                          title="A 3 x 3 kernel slid over an image: drag a weight, watch the output",
                          background_key=lambda: shown["image"])

    def preset(name):
        def apply(_button):
            ex.set(**{n: float(v) for n, v in zip(NAMES, np.ravel(PRESETS[name]))})
        return apply

    buttons = []
    for name in PRESETS:
        button = widgets.Button(description=name, tooltip=f"set the nine weights to the {name} "
                                "kernel")
        button.on_click(preset(name))
        buttons.append(button)
    ex.presets = buttons
    title, *rest = ex.widget.children            # the presets under the title, above the rest
    ex.widget.children = (title, widgets.HBox([widgets.Label("presets:"), *buttons],
                                              layout={"flex_flow": "row wrap"}), *rest)
    return ex
