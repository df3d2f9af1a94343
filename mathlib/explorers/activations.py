"""Explorer for notebook 14: an activation function and its derivative over a range of inputs.

A choice picks the activation (ReLU, leaky ReLU with alpha = 0.1, sigmoid, tanh); two sliders
place the *input range* ``[centre - half_width, centre + half_width]``, the pre-activations a unit
receives over a batch, shaded on both panels. The readout gives the derivative over that range:
its smallest, largest and mean value, the share of the range where it is below 0.01 (saturated, or
dead for a ReLU), and ``max f'`` to the power 10, the most a gradient can keep after passing 10
layers whose inputs all lie in this range (with weights of 1). Every value comes from
``mathlib.nn``, which is overflow-free, so the extremes of the sliders are exact.

The curves, the axes and the titles of each activation are a static background (one per
activation, drawn when the explorer is built); only the shaded range, its highlighted pieces of
the curves and the two centre markers move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from .. import explore, nn
from .._checks import as_int, as_scalar
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "14"  # the notebook that shows this explorer

LEAKY_ALPHA = 0.1          # larger than PyTorch's default 0.01, so that its slope can be seen
SMALL = 0.01               # a derivative below this counts as (nearly) no gradient
LAYERS = 10                # the readout's "through 10 layers" factor
X_VIEW = (-10.5, 10.5)
XS = np.linspace(*X_VIEW, 421)
CENTRE_RANGE = (-8.0, 8.0)
HALF_WIDTH_RANGE = (0.1, 2.0)
DERIVATIVE_VIEW = (-0.1, 1.12)


def _leaky(x):
    return nn.leaky_relu(x, alpha=LEAKY_ALPHA)


def _leaky_derivative(x):
    return nn.leaky_relu_derivative(x, alpha=LEAKY_ALPHA)


# name -> (f, f', the formula of f, the formula of f', the y-limits of the f panel)
ACTIVATIONS = {
    "ReLU": (nn.relu, nn.relu_derivative, "f(x) = max(x, 0)",
             "f′(x) = 1 for x > 0, 0 for x ≤ 0", (-1.5, 11.0)),
    "leaky ReLU": (_leaky, _leaky_derivative, f"f(x) = x for x > 0, {LEAKY_ALPHA:g} x for x ≤ 0",
                   f"f′(x) = 1 for x > 0, {LEAKY_ALPHA:g} for x ≤ 0", (-1.5, 11.0)),
    "sigmoid": (nn.sigmoid, nn.sigmoid_derivative, "f(x) = 1 / (1 + e⁻ˣ)",
                "f′(x) = f(x) (1 − f(x)), at most 1/4", (-0.12, 1.12)),
    "tanh": (nn.tanh, nn.tanh_derivative, "f(x) = tanh x",
             "f′(x) = 1 − tanh² x, at most 1", (-1.15, 1.15)),
}


@dataclass(frozen=True, eq=False)
class ActivationResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    x: np.ndarray
    f: np.ndarray
    derivative: np.ndarray
    f_centre: float
    derivative_centre: float
    smallest: float
    largest: float
    mean: float
    small_share: float
    through_layers: float


def compute(activation: str, centre: float, half_width: float, n: int = 201
            ) -> ActivationResult:
    """The activation and its derivative on ``n`` points of ``[centre - half_width, centre +
    half_width]``.

    Returns an :class:`ActivationResult` with ``x``, ``f``, ``derivative`` (n,), their values
    ``f_centre``, ``derivative_centre`` at the centre, the ``smallest``, ``largest`` and ``mean``
    derivative over the range, ``small_share`` (the share of the n points where the derivative
    is below ``SMALL`` = 0.01) and ``through_layers`` = largest ** LAYERS (the most a gradient
    keeps through 10 layers whose inputs all lie in the range, with weights of 1).
    Raises ValueError for an unknown activation or a half width < 0.
    """
    where = "activations.compute"
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {', '.join(ACTIVATIONS)}; "
                         f"got {activation!r}")
    centre = as_scalar(centre, "centre", where)
    half_width = as_scalar(half_width, "half_width", where)
    n = as_int(n, "n", where)
    if half_width < 0 or n < 2:
        raise ValueError(f"{where}: need half_width >= 0 and n >= 2; got half_width = "
                         f"{half_width}, n = {n}")
    f, df = ACTIVATIONS[activation][:2]
    x = np.linspace(centre - half_width, centre + half_width, n)
    d = np.asarray(df(x), dtype=float)
    largest = float(np.max(d))
    return ActivationResult(x=x, f=np.asarray(f(x), dtype=float), derivative=d,
                            f_centre=float(f(centre)), derivative_centre=float(df(centre)),
                            smallest=float(np.min(d)), largest=largest, mean=float(np.mean(d)),
                            small_share=float(np.mean(d < SMALL)),
                            through_layers=largest ** LAYERS)


def verdict(activation: str, out: ActivationResult) -> str:
    """What the derivative over the range means for learning, in words."""
    if out.largest == 0.0:
        return ("Dead: f′ = 0 on the whole range, so no gradient reaches this unit's weights; "
                "if its inputs stay negative for every example, it never learns again (a dead "
                "ReLU).")
    if out.small_share == 1.0:
        return (f"Saturated: f′ &lt; {SMALL:g} on the whole range; the gradient is multiplied by "
                f"at most {out.largest:.2g} at this unit.")
    if activation == "ReLU" and out.smallest == 0.0:
        return ("Where x &gt; 0, f′ = 1 and the gradient passes unchanged; where x ≤ 0 it is "
                "stopped (f′ = 0).")
    if activation == "leaky ReLU" and out.smallest < 1.0:
        return (f"Where x ≤ 0 the gradient is scaled by {LEAKY_ALPHA:g}, never 0: no unit "
                "dies.")
    if out.small_share > 0.0:
        return ("Part of the range is saturated: those examples pass almost no gradient.")
    return "The whole range passes gradient."


def readout(activation: str, centre: float, half_width: float, out: ActivationResult) -> str:
    """The range, the derivative over it and what that means: the numbers to notice."""
    lo, hi = centre - half_width, centre + half_width
    return (f"<b>{activation}</b> on inputs x in [{lo:.2f}, {hi:.2f}]: at the centre "
            f"f = <b>{out.f_centre:.4g}</b>, f′ = <b>{out.derivative_centre:.3g}</b>.<br>"
            f"Over the range f′ goes from <b>{out.smallest:.3g}</b> to "
            f"<b>{out.largest:.3g}</b> (mean {out.mean:.3g}); f′ &lt; {SMALL:g} on "
            f"<b>{100 * out.small_share:.0f}%</b> of it. Through {LAYERS} layers whose inputs "
            f"all lie here (weights 1), a gradient keeps at most (max f′)<sup>{LAYERS}</sup> = "
            f"<b>{out.through_layers:.3g}</b> of its size.<br>{verdict(activation, out)}")


def draw(ax_f, ax_d) -> dict:
    """The axes, the two curves (filled in per activation by :func:`show`) and the moving
    range; return every artist."""
    curve_f, = ax_f.plot([], [], color=LINE_COLORS["black"], lw=1.4)
    curve_d, = ax_d.plot([], [], color=LINE_COLORS["black"], lw=1.4)
    for ax in (ax_f, ax_d):
        ax.set_xlim(*X_VIEW)
        ax.axhline(0.0, color=LINE_COLORS["grey"], lw=0.8)
        ax.axvline(0.0, color=LINE_COLORS["grey"], lw=0.8)
    ax_d.set_ylim(*DERIVATIVE_VIEW)
    ax_d.set_xlabel("input x (pre-activation)")
    ax_f.set_ylabel("f(x)")
    ax_d.set_ylabel("f′(x)")
    moving = {}
    for name, ax in (("f", ax_f), ("d", ax_d)):
        band = Rectangle((0.0, 0.0), 1.0, 1.0, transform=ax.get_xaxis_transform(),
                         facecolor=(*to_rgb(COLORS["sky"]), 0.3), edgecolor=LINE_COLORS["grey"],
                         lw=1.0, ls="--")          # speed: no hatch (hatching is slow to draw)
        ax.add_patch(band)
        piece, = ax.plot([], [], color=LINE_COLORS["blue"], lw=4.0, solid_capstyle="butt")
        point, = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=8,
                         zorder=5)
        moving.update({f"band_{name}": band, f"piece_{name}": piece, f"point_{name}": point})
    return {"curve_f": curve_f, "curve_d": curve_d, **moving}


def show(ax_f, ax_d, artists: dict, activation: str) -> None:
    """The static part of one activation: its two curves, the f panel's y-limits, the titles."""
    f, df, formula, derivative_formula, ylim = ACTIVATIONS[activation]
    artists["curve_f"].set_data(XS, f(XS))
    artists["curve_d"].set_data(XS, df(XS))
    ax_f.set_ylim(*ylim)
    ax_f.set_title(f"{activation}: {formula}   (shaded: the input range)", fontsize="medium")
    ax_d.set_title(f"its derivative {derivative_formula}", fontsize="medium")


def explorer(activation: str = "sigmoid", centre: float = 0.0, half_width: float = 1.0
             ) -> explore.Explorer:
    """A choice of activation and two sliders for the input range; f and f' over it."""
    fig, (ax_f, ax_d) = explore.figure(2, 1, size=(7.0, 5.6), sharex=True)
    # fixed positions (out of the layout engine): every activation's background has its axes
    # in the same place, whatever its tick labels and titles
    ax_f.set_position([0.11, 0.56, 0.86, 0.38])
    ax_d.set_position([0.11, 0.1, 0.86, 0.38])
    artists = draw(ax_f, ax_d)
    shown = {"activation": None}

    def set_activation(name):
        if name != shown["activation"]:
            show(ax_f, ax_d, artists, name)
            shown["activation"] = name

    def update(activation, centre, half_width):
        set_activation(activation)
        out = compute(activation, centre, half_width)
        lo = centre - half_width
        for name, values, at_centre in (("f", out.f, out.f_centre),
                                        ("d", out.derivative, out.derivative_centre)):
            artists[f"band_{name}"].set_x(lo)
            artists[f"band_{name}"].set_width(2.0 * half_width)
            artists[f"piece_{name}"].set_data(out.x, values)
            artists[f"point_{name}"].set_data([centre], [at_centre])
        return readout(activation, centre, half_width, out)

    controls = {
        "activation": explore.choice("activation", list(ACTIVATIONS), activation),
        "centre": explore.slider("range centre", *CENTRE_RANGE, centre, 0.1, fmt=".1f"),
        "half_width": explore.slider("range half-width", *HALF_WIDTH_RANGE, half_width, 0.1,
                                     fmt=".1f"),
    }
    moving = [a for k, a in artists.items() if not k.startswith("curve")]
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="An activation and its derivative over a range of inputs",
                          background_key=lambda: shown["activation"])
    ex.must_show = [artists[k] for k in ("band_f", "band_d", "point_f", "point_d")]
    # every activation's background drawn now, not on the learner's first click on its button
    ex.prerender(set_activation, [name for name in ACTIVATIONS if name != activation]
                 + [activation])
    ex.refresh()
    return ex
