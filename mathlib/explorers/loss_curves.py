"""Explorer for notebook 15: one example, one score z, a target, and every loss with its gradient.

A binary classifier outputs a score z (a logit) for one example; the target is class 1 or class 0
(hinge and MSE-on-the-score use the labels +1 and -1 for them). Four losses are drawn as
functions of z, each with a marker at the current z, and their derivatives dL/dz below:

- MSE on the score, ``(z - t)^2`` with t = +-1 (regression used for classification);
- MSE on the probability, ``(sigmoid(z) - y)^2`` (a sigmoid output trained with MSE);
- binary cross-entropy from the logit, ``-[y log s(z) + (1 - y) log(1 - s(z))]``;
- hinge, ``max(0, 1 - t z)``.

Every number comes from :mod:`mathlib.nn` (the loss of a batch of one example is that example's
loss). Both y-axes are linear, so that the shapes (quadratic, linear, bounded) show as they are; a
marker whose value is off the scale sits at the axes' edge as a triangle pointing to where it
went (its value is in the readout). The lines differ by style and marker, not only by colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore, nn
from .._checks import as_scalar
from ..plotting import LINE_COLORS as COLORS
from ._layout import setup_axes

NOTEBOOK = "15"  # the notebook that shows this explorer

Z_RANGE = (-6.0, 6.0)
Z_GRID = np.linspace(*Z_RANGE, 241)
LOSS_YLIM = (-0.3, 8.0)           # MSE on the score reaches (6 + 1)^2 = 49: off the scale
GRAD_YLIM = (-2.6, 2.6)           # its gradient reaches 2 (6 + 1) = 14: off the scale
MSE_PROB_LARGEST_PUSH = 8.0 / 27.0
"""The largest |dL/dz| of the MSE on the probability, 2 s (1 - s)^2 for target 1: 8/27 = 0.296,
at s = 1/3, z = -ln 2 = -0.69 (mirrored for target 0)."""
NAMES = ("MSE on the score", "MSE on the probability", "binary cross-entropy", "hinge")
STYLES = {  # colour, line style, marker: told apart without colour
    "MSE on the score": (COLORS["vermillion"], "-", "s"),
    "MSE on the probability": (COLORS["purple"], ":", "D"),
    "binary cross-entropy": (COLORS["blue"], "--", "o"),
    "hinge": (COLORS["green"], "-.", "P"),
}


@dataclass(frozen=True, eq=False)
class LossesResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    z: float
    y: int
    t: int
    p: float
    losses: dict
    gradients: dict


def _one(zs: np.ndarray, y: int):
    """Every loss and dL/dz of the scores zs (each an example of its own) for target y."""
    t = 2.0 * y - 1.0
    p = nn.sigmoid(zs)
    losses = {
        "MSE on the score": (zs - t) ** 2,
        "MSE on the probability": (p - y) ** 2,
        "binary cross-entropy": _bce_curve(zs, y),
        "hinge": np.maximum(0.0, 1.0 - t * zs),
    }
    gradients = {
        "MSE on the score": 2.0 * (zs - t),
        "MSE on the probability": 2.0 * (p - y) * nn.sigmoid_derivative(zs),
        "binary cross-entropy": p - y,
        "hinge": np.where(t * zs < 1.0, -t, 0.0),
    }
    return losses, gradients


def _bce_curve(z: np.ndarray, y: int) -> np.ndarray:
    """The binary cross-entropy of each score in z (each example its own batch of one)."""
    return np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))


def curves(y) -> tuple[dict, dict]:
    """Every loss and its derivative on :data:`Z_GRID` for target y: two dicts name -> (241,)."""
    return _one(Z_GRID, int(y))


def compute(z, y) -> LossesResult:
    """Every loss of one example with score ``z`` and target ``y`` (0 or 1), with dL/dz.

    Each loss and gradient comes from :mod:`mathlib.nn` on a batch of one example (so the
    mean is the example's own loss): ``mse(z, t)``, ``mse(sigmoid(z), y)`` (its gradient by the
    chain rule, ``mse_gradient(p, y) * sigmoid_derivative(z)``),
    ``binary_cross_entropy_with_logits(z, y)`` and ``hinge(z, t)``, with t = 2y - 1.
    Returns a :class:`LossesResult`: ``z``, ``y``, ``t``, ``p`` = sigmoid(z), and dicts
    ``losses`` and ``gradients`` keyed by :data:`NAMES`. Raises ValueError for y other than 0
    or 1.
    """
    where = "loss_curves.compute"
    z = as_scalar(z, "z", where)
    if y not in (0, 1) or isinstance(y, bool):
        raise ValueError(f"{where}: the target y must be 0 or 1, got {y!r}")
    t = 2 * int(y) - 1
    p = nn.sigmoid(z)
    losses = {"MSE on the score": nn.mse(z, float(t)),
              "MSE on the probability": nn.mse(p, float(y)),
              "binary cross-entropy": nn.binary_cross_entropy_with_logits(z, float(y)),
              "hinge": nn.hinge(z, float(t))}
    gradients = {"MSE on the score": nn.mse_gradient(z, float(t)),
                 "MSE on the probability": nn.mse_gradient(p, float(y)) * nn.sigmoid_derivative(z),
                 "binary cross-entropy": nn.binary_cross_entropy_with_logits_gradient(z, float(y)),
                 "hinge": nn.hinge_gradient(z, float(t))}
    return LossesResult(z=z, y=int(y), t=t, p=p, losses=losses, gradients=gradients)


def verdict(out: LossesResult) -> str:
    """In words: is the prediction right or wrong, and how confidently."""
    margin = out.t * out.z
    if margin <= -2.0:
        return "confidently wrong"
    if margin < 0.0:
        return "wrong, not confident"
    if margin == 0.0:
        return "undecided (p = 0.5)"
    if margin < 2.0:
        return "right, not confident"
    return "confidently right"


def number(value: float) -> str:
    """A loss or gradient to 3 significant digits, as a learner reads it (0, not -0)."""
    return f"{float(value) + 0.0:.3g}"


def readout(out: LossesResult) -> str:
    """The prediction in words, then each loss and its gradient, and what to notice."""
    head = (f"score z = <b>{out.z:.2f}</b>, target class <b>{out.y}</b> (label t = {out.t:+d}): "
            f"P(class 1) = sigmoid(z) = {number(out.p)}, <b>{verdict(out)}</b>.<br>")
    rows = "; ".join(f"{name}: loss <b>{number(out.losses[name])}</b>, dL/dz = "
                     f"<b>{number(out.gradients[name])}</b>" for name in NAMES)
    margin = out.t * out.z
    if margin <= -2.0:
        g = out.gradients["MSE on the probability"]
        share = abs(g) / MSE_PROB_LARGEST_PUSH
        if share < 0.1:
            fading = (f"has almost vanished ({100 * share:.2g}% of its largest push, "
                      f"{MSE_PROB_LARGEST_PUSH:.3f} at t z = -0.69)")
        else:
            fading = (f"is {100 * share:.0f}% of its largest push ({MSE_PROB_LARGEST_PUSH:.3f}, "
                      "at t z = -0.69) and fades the further wrong z goes")
        note = (f" The MSE on the probability is at most 1 and its gradient ({number(g)}) "
                f"{fading}: the saturating sigmoid pushes a confidently wrong answer less and "
                "less, while cross-entropy still pushes with about 1 and the hinge with exactly "
                "1.")
    elif margin == 1.0:
        note = (" At the margin (t z = 1): the hinge is 0. It has a kink here, with no "
                "derivative; mathlib takes its gradient to be 0 (the value beyond the margin, as "
                "PyTorch takes relu's at 0), so it no longer pushes. Cross-entropy is small but "
                "never 0.")
    elif margin > 1.0:
        note = (" Beyond the margin: the hinge is 0 and no longer pushes; cross-entropy is small "
                f"but never 0. The MSE on the score ({number(out.losses['MSE on the score'])}) "
                "punishes this answer for being too right: it pulls z back towards the label.")
    else:
        note = " Inside the margin: every loss pushes z towards the target."
    return head + rows + "." + note


def draw(ax_loss, ax_grad) -> dict:
    """The two axes, one line and one marker per loss on each; return the artists that move."""
    setup_axes(ax_loss, xlim=(Z_RANGE[0] - 0.4, Z_RANGE[1] + 0.4), ylim=LOSS_YLIM,
               ylabel="loss L(z)", title="Each loss as a function of the score z")
    setup_axes(ax_grad, xlim=(Z_RANGE[0] - 0.4, Z_RANGE[1] + 0.4), ylim=GRAD_YLIM,
               xlabel="score z (the logit; the model says P(class 1) = sigmoid(z))",
               ylabel="gradient dL/dz", title="Its derivative: how hard it pushes z")
    ax_grad.axhline(0.0, color="black", linewidth=0.8)
    artists = {}
    for name in NAMES:
        color, style, marker = STYLES[name]
        for key, ax in (("loss", ax_loss), ("grad", ax_grad)):
            artists[(key, name)], = ax.plot([], [], color=color, linestyle=style, linewidth=1.8)
            artists[(key, name, "at")], = ax.plot([], [], color=color, marker=marker,
                                                  linestyle="none", markersize=7,
                                                  markeredgecolor="black", clip_on=False,
                                                  zorder=5)
    for ax in (ax_loss, ax_grad):
        artists[("now", ax)] = ax.axvline(0.0, color="gray", linewidth=1.0, linestyle="-")
    handles = [Line2D([], [], color=STYLES[n][0], linestyle=STYLES[n][1], marker=STYLES[n][2],
                      markeredgecolor="black", label=n) for n in NAMES]
    ax_loss.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                   fontsize="small", title="loss (line, marker)\n\u25b2 or \u25bc at an edge:\noff the scale (see the readout)",
                   title_fontsize="small")
    return artists


def on_scale(value: float, limits: tuple[float, float], marker: str) -> tuple[float, str]:
    """Where a marker of ``value`` is drawn on axes with y-limits ``limits``, and its shape: the
    value itself, or (off the scale) a triangle on the edge it went past, pointing that way.
    The markers are drawn unclipped, so one on an edge is seen whole."""
    low, high = limits
    if value > high:
        return high, "^"
    if value < low:
        return low, "v"
    return value, marker


def explorer(z: float = -3.0, y: int = 1) -> explore.Explorer:
    """A score slider and a target choice; every loss and its gradient as functions of z."""
    fig, (ax_loss, ax_grad) = explore.figure(2, 1, size=(8.4, 6.0), sharex=True)
    fig.set_layout_engine("constrained")
    artists = draw(ax_loss, ax_grad)
    tables = {target: curves(target) for target in (0, 1)}        # computed once
    shown = {"y": None}
    curve_artists = {k: a for k, a in artists.items() if len(k) == 2 and k[0] != "now"}

    def show_target(y):
        # speed: the curves depend on the target only; they are part of the static background,
        # one background per target (the Explorer's background_key), so a move of z redraws only
        # the markers and the vertical line
        losses, gradients = tables[y]
        for name in NAMES:
            artists[("loss", name)].set_data(Z_GRID, losses[name])
            artists[("grad", name)].set_data(Z_GRID, gradients[name])
        shown["y"] = y

    def update(z, y):
        if y != shown["y"]:
            show_target(y)
        out = compute(z, y)
        for name in NAMES:
            for key, values, limits in (("loss", out.losses, LOSS_YLIM),
                                        ("grad", out.gradients, GRAD_YLIM)):
                y_at, marker = on_scale(values[name], limits, STYLES[name][2])
                at = artists[(key, name, "at")]
                at.set_data([out.z], [y_at])
                if at.get_marker() != marker:          # a new marker path only when it changes
                    at.set_marker(marker)
        for ax in (ax_loss, ax_grad):
            artists[("now", ax)].set_xdata([out.z, out.z])
        return readout(out)

    controls = {"z": explore.slider("score z", *Z_RANGE, z, 0.05),
                "y": explore.choice("target class y", [("1 (label +1)", 1), ("0 (label -1)", 0)],
                                    y)}
    moving = [a for k, a in artists.items() if k not in curve_artists]
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="Every loss of one prediction, and its gradient",
                          background_key=lambda: shown["y"])
    # both targets' backgrounds drawn once now: a switch of target is then blitted too
    ex.prerender(show_target, [target for target in (0, 1) if target != y] + [y])
    ex.refresh()
    return ex
