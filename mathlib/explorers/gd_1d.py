"""Explorer for notebook 08: gradient descent on a 1-D loss curve, ``w <- w - lr * f'(w)``.

Two curves: the quadratic ``f(w) = 2 w^2`` (that is ``a w^2 / 2`` with ``a = 4``), where each
step multiplies w by ``1 - lr a`` and the regimes have exact thresholds (converges iff
``0 < lr < 2/a = 0.5``, overshoots for ``lr > 1/a = 0.25``, bounces for ever at 0.5; both
thresholds lie on the learning-rate slider's grid), and the non-convex double well
``f(w) = (w^2 - 1)^2 + 0.5 w`` (notebook 08's ``two_minima`` at y = 0), where the minimum found
depends on the start. A diverging run is drawn until it leaves the plot and named in the readout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar
from ..optim import gradient_descent, two_minima
from ..plotting import COLORS, LINE_COLORS
from ._layout import cached

NOTEBOOK = "08"  # the notebook that shows this explorer

A = 4.0                      # the quadratic's curvature: f = A w^2 / 2
TILT = 0.5                   # the double well's tilt: the left minimum is the lower one
W_RANGE = (-2.0, 2.0)        # the start slider
W_VIEW = (-2.2, 2.2)         # the plotted w
F_VIEW = (-1.0, 10.5)        # the plotted f(w)
LR_RANGE = (2.0 ** -10, 1.0)  # with LR_STEPS = 40 the slider moves in factors 2^(1/4), so
LR_STEPS = 40                 # 1/8, 1/4 = 1/a and 1/2 = 2/a are exactly on its grid
MAX_STEPS = 100
BOUND = 10.0                 # a run with |w| > BOUND has diverged (far off the plot)
GAP_VIEW = (1e-12, 1e3)      # the loss panel's y range (log scale)
EXACT = 1e-12                # |factor| within this of 0 or 1 counts as exactly 0 or 1
HUMP_SLOPE = 0.1             # |f'(w0)| below this, away from a minimum: a start near the hump

_WELL = two_minima(tilt=TILT)


def _well_f(w):
    w = np.asarray(w, dtype=float)
    return (w * w - 1) ** 2 + TILT * w


def _well_grad(w):
    return 4 * w ** 3 - 4 * w + TILT


# name -> (formula, f, f', the lowest value of f, its minima, the curvature a or None)
CURVES = {
    "quadratic": ("f(w) = 2 w²  (a w²/2 with a = 4)", lambda w: 0.5 * A * np.asarray(w) ** 2,
                  lambda w: A * w, 0.0, np.array([0.0]), A),
    "two minima": ("f(w) = (w² − 1)² + 0.5 w", _well_f, _well_grad,
                   float(_WELL.f(_WELL.minima[0])), np.sort(_WELL.minima[:, 0]), None),
}


def regime(path, gradients, loss, diverged: bool, tol: float = 1e-2, window: int = 10) -> str:
    """The regime of a gradient-descent run in words, judged on its last ``window`` steps.

    ``path`` (k + 1, d) iterates, ``gradients`` (k + 1, d) the gradient at each, ``loss`` (k + 1,)
    the loss at each. In this order:

    - "diverged": the run left its bound;
    - "no steps": k = 0, nothing happened yet;
    - "unstable": the loss rose over the last steps (each step overshoots further);
    - "converged": all three of: the gradient norm at the end is at most ``tol``, the last step
      is at most ``tol`` long, and the loss has stalled (the last ``window`` steps brought at
      most 0.1% of the fall since the start). A small gradient alone is not enough: in a flat
      valley (Rosenbrock's) the gradient is small while the run still crawls far from the
      minimum;
    - "oscillating": most consecutive recent steps point against each other (negative dot
      product: each step overshoots), and the loss still falls;
    - "bouncing": they point against each other and the loss no longer falls (a 2-cycle, as at
      lr = 2/a on a quadratic: the loss is constant while w jumps back and forth);
    - "slow": none of these: the loss falls (or barely moves) but the run has not settled yet
      (too small a learning rate for this many steps, a plateau, or a start near a hump).

    A rising loss is never called slow.
    """
    path = as_array(path, "path", "regime", ndim=2)
    gradients = as_array(gradients, "gradients", "regime", ndim=2)
    loss = as_array(loss, "loss", "regime", ndim=1)
    if diverged:
        return "diverged"
    k = len(path) - 1
    if k == 0:
        return "no steps"
    m = min(window, k)
    before, now = float(loss[-1 - m]), float(loss[-1])
    noise = 1e-10 * max(abs(before), abs(now)) + 1e-15 * float(np.max(np.abs(loss)))
    if now - before > noise:
        return "unstable"
    g_end = float(np.sqrt(np.sum(gradients[-1] ** 2)))
    last_step = float(np.sqrt(np.sum((path[-1] - path[-2]) ** 2)))
    stalled = before - now <= 1e-3 * abs(float(loss[0]) - now) + noise
    if g_end <= tol and last_step <= tol and stalled:
        return "converged"
    if zigzags(path[-1 - m:]):
        return "oscillating" if before - now > noise else "bouncing"
    return "slow"


def zigzags(path) -> bool:
    """True when more than half of the consecutive moving steps of ``path`` (k + 1, d) point
    against each other (a negative dot product: each step overshoots)."""
    steps = np.diff(np.asarray(path, dtype=float), axis=0)
    if len(steps) < 2:
        return False
    dots = np.sum(steps[1:] * steps[:-1], axis=1)
    moving = dots != 0
    return bool(moving.any() and np.mean(dots[moving] < 0) > 0.5)


@dataclass(frozen=True, eq=False)
class Gd1dResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    path: np.ndarray
    loss: np.ndarray
    gap: np.ndarray
    slope: float
    slope0: float
    diverged: bool
    stopped_at: int
    regime: str
    factor: float | None


def compute(curve: str, learning_rate: float, w0: float, steps: int) -> Gd1dResult:
    """Run ``w_{k+1} = w_k - learning_rate * f'(w_k)`` from w0 on one of :data:`CURVES`.

    Returns a :class:`Gd1dResult` with
    ``path`` (k + 1,) the iterates (fewer than steps + 1 when the run
    diverged, i.e. |w| passed :data:`BOUND`), ``loss`` (k + 1,) f at each, ``gap`` (k + 1,)
    ``f - f_min`` (how far above the lowest value), ``slope`` f'(w) at the last iterate,
    ``slope0`` f'(w0), ``diverged``, ``stopped_at`` (k, the number of steps kept in ``path``),
    ``regime`` (see :func:`regime`) and, for the quadratic, ``factor = 1 - learning_rate * a``,
    the number each step multiplies w by. On the quadratic the regime follows the exact rule
    when it applies: "diverging" for ``|factor| > 1`` (|w| grows every step, even before it
    leaves the bound) and "bouncing" for ``factor = -1``.
    Raises ValueError for an unknown curve, a non-positive learning rate or a start beyond BOUND.
    """
    if curve not in CURVES:
        raise ValueError(f"gd_1d.compute: curve must be one of {list(CURVES)}, got {curve!r}")
    lr = as_scalar(learning_rate, "learning_rate", "gd_1d.compute")
    w0 = as_scalar(w0, "w0", "gd_1d.compute")
    _, f, grad, f_min, minima, a = CURVES[curve]
    run = gradient_descent(grad, w0, learning_rate=lr, steps=int(steps), bound=BOUND)
    path = run.path[:, 0]
    loss = f(path)
    slopes = grad(path)
    kind = regime(path[:, None], slopes[:, None], loss, run.diverged)
    factor = None if a is None else 1.0 - lr * a
    if factor is not None and not run.diverged and run.stopped_at > 0 and w0 != 0:
        if abs(factor) > 1 + EXACT:
            kind = "diverging"
        elif abs(factor + 1) <= EXACT:
            kind = "bouncing"
    return Gd1dResult(path=path, loss=loss, gap=loss - f_min, slope=float(slopes[-1]),
                      slope0=float(slopes[0]), diverged=run.diverged, stopped_at=run.stopped_at,
                      regime=kind, factor=factor)


def off_scale_markers(ax_loss):
    """The loss panel's marks for points off its log scale: a down triangle (below the view), an
    up triangle (above it) and a note under the axes, beside the x label (level with the legend
    under the other panel: no loss point can fall there, whatever the run). Shared with gd_2d."""
    low, = ax_loss.plot([], [], "v", color=LINE_COLORS["blue"], markeredgecolor="black",
                        markersize=7, clip_on=False)
    high, = ax_loss.plot([], [], "^", color=LINE_COLORS["blue"], markeredgecolor="black",
                         markersize=7, clip_on=False)
    note = cached(ax_loss.text(1.0, -0.2, "", transform=ax_loss.transAxes, ha="right",
                               va="top", fontsize="small"))
    return low, high, note


def draw(ax_curve, ax_loss) -> dict:
    """Draw the axes once; return the artists that move (the curve too: it changes with the
    choice of curve, and drawing one line is cheap)."""
    ax_curve.set_xlim(*W_VIEW)
    ax_curve.set_ylim(*F_VIEW)
    ax_curve.set_xlabel("weight w")
    ax_curve.set_ylabel("loss f(w)")
    ax_curve.set_title("each step: w ← w − lr · f′(w)")
    curve, = ax_curve.plot([], [], color=LINE_COLORS["grey"], linewidth=2.5, label="f(w)")
    path, = ax_curve.plot([], [], "-o", color=COLORS["vermillion"], markersize=5,
                          markeredgecolor="black", markeredgewidth=0.6, linewidth=1.2,
                          label="steps w₀, w₁, ...")
    start, = ax_curve.plot([], [], "s", color=COLORS["orange"], markersize=9,
                           markeredgecolor="black", label="start w₀", clip_on=False)
    # below the axes, where an escaping path never crosses it
    ax_curve.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize="small", ncol=3,
                    frameon=False, handlelength=1.5, columnspacing=0.8)

    ax_loss.set_yscale("log")
    ax_loss.set_xlim(0, MAX_STEPS)
    ax_loss.set_ylim(*GAP_VIEW)
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("f(w_k) − lowest f  (log scale)")
    ax_loss.set_title("loss per step: a straight fall is geometric")
    gap, = ax_loss.plot([], [], "-o", color=LINE_COLORS["blue"], markersize=3, linewidth=1.5)
    low, high, note = off_scale_markers(ax_loss)
    for artist in (low, high, note):
        artist.set_in_layout(False)
    return {"curve": curve, "path": path, "start": start, "gap": gap, "low": low, "high": high,
            "note": note}


def clamp_to_view(gap, view):
    """The loss curve on a log axis: values beyond ``view`` (0 or below the bottom, above the
    top) put on its edge, where a marker shows them (a one-step convergence lands on exactly 0,
    which a log axis cannot show); returns (shown, the indices below, the indices above)."""
    gap = np.asarray(gap, dtype=float)
    below = np.nonzero(~(gap >= view[0]))[0]
    above = np.nonzero(gap > view[1])[0]
    return np.clip(np.nan_to_num(gap, nan=view[0]), *view), below, above


def steps_in_words(n: int) -> str:
    return f"{n} step" + ("" if n == 1 else "s")


# the regime in words, for both explorers ("diverged" is written out by each readout)
WORDS = {
    "no steps": "no steps taken (steps = 0): the path is only the start",
    "unstable": "unstable: the loss rose over the last steps (each step overshoots further: "
                "the learning rate is too large here)",
    "diverging": "diverging: |w| grows every step",
    "bouncing": "bouncing: each step overshoots and the loss no longer falls (a 2-cycle)",
    "oscillating": "oscillating: each step overshoots, but the loss still falls",
    "converged": "converged: the gradient is small, the steps are tiny and the loss has stopped "
                 "falling",
    "slow": "slow: still moving (the gradient, the steps or the fall of the loss are not small "
            "yet): more steps, or a larger lr if it stays stable",
}


def words(out: Gd1dResult) -> str:
    """The regime of ``out`` (a compute result) in words; a converged run that zig-zagged on
    the way says so."""
    text = WORDS[out.regime]
    if out.regime == "converged" and zigzags(np.reshape(out.path, (len(out.path), -1))):
        text += " (each step overshot on the way: the path zig-zags)"
    return text


def readout(out: Gd1dResult, curve: str, learning_rate: float) -> str:
    """The readout in words: where the run ended, its regime, and the exact thresholds."""
    w, k = out.path[-1], out.stopped_at
    dot = " &nbsp;&middot;&nbsp; "
    if out.diverged:
        head = (f"<b>diverged: step {k + 1} passed the bound |w| &gt; {BOUND:g}</b> (far off the "
                f"plot, which shows |w| ≤ {W_VIEW[1]:g}): the steps "
                f"grow instead of shrinking; the last w inside the bound (after {steps_in_words(k)}) = "
                f"{w:.4g}")
    elif k == 0:
        head = (f"<b>{WORDS['no steps']}</b>: w₀ = {w:.4g}, f(w₀) = {out.loss[-1]:.4g}, "
                f"slope f′(w₀) = {out.slope:.3g}")
    else:
        head = (f"after {steps_in_words(k)}: w = <b>{w:.4g}</b>, f(w) = <b>{out.loss[-1]:.4g}</b>, "
                f"slope f′(w) = {out.slope:.3g}{dot}regime: <b>{words(out)}</b>")
    if out.factor is not None:
        q = out.factor
        theory = (f"each step multiplies w by 1 − lr·a = 1 − {learning_rate:.4g}·{A:g} = "
                  f"<b>{q:.4g}</b>: ")
        if out.path[0] == 0:
            theory += "w₀ = 0 is the minimum already (the slope is 0), so w stays there"
        elif abs(q) < 1 - EXACT:
            theory += "|1 − lr·a| &lt; 1, so w shrinks to 0" + (
                "; the sign flips every step (lr &gt; 1/a = 0.25: it overshoots)" if q < -EXACT
                else "; it lands on the minimum in one step (lr = 1/a = 0.25)" if q <= EXACT
                else ", every step in the same direction (lr &lt; 1/a = 0.25)")
        elif abs(q) <= 1 + EXACT:
            theory += "|1 − lr·a| = 1: it bounces between w₀ and −w₀ for ever (lr = 2/a = 0.5)"
        else:
            theory += "|1 − lr·a| &gt; 1, so |w| grows every step (lr &gt; 2/a = 0.5)"
        return f"{head}<br>{theory}"
    minima = CURVES[curve][4]
    notes = []
    gap0 = out.gap[0]
    if abs(out.slope0) < HUMP_SLOPE and np.min(np.abs(minima - out.path[0])) > 0.2:
        notes.append(f"it started near a hump (a maximum of f) where the gradient is small "
                     f"(f′(w₀) = {out.slope0:.2g}, f(w₀) is {gap0:.2g} above the lowest "
                     "value): the first steps are tiny")
    if out.diverged or out.regime == "unstable":
        notes.append("for this curve the safe learning rate depends on where w is")
    elif k > 0:
        nearest = minima[np.argmin(np.abs(minima - w))]
        if abs(w - nearest) < 0.05:
            which = "the lower (global) minimum" if np.isclose(nearest, minima[0]) else \
                "the higher (local) minimum, not the global one at w = {:.2f}".format(minima[0])
            notes.append(f"it ended near w = {nearest:.2f}, {which}")
        else:
            notes.append("it has not reached a minimum yet")
    return "<br>".join([head, *notes])


def explorer(curve: str = "quadratic", learning_rate: float = 1 / 16, w0: float = 1.8,
             steps: int = 30) -> explore.Explorer:
    """A choice of curve, a log learning-rate slider, start and steps sliders; the path of steps on
    the curve and the loss per step."""
    if curve not in CURVES:
        raise ValueError(f"gd_1d.explorer: curve must be one of {list(CURVES)}, got {curve!r}")
    fig, (ax_curve, ax_loss) = explore.figure(1, 2, size=(9.0, 3.8))
    artists = draw(ax_curve, ax_loss)
    fig.set_layout_engine("constrained")
    grid = np.linspace(*W_VIEW, 301)

    def update(curve, learning_rate, w0, steps):
        # the slider computes 10 ** exponent: 0.5 arrives as 0.5000000000000001; round it off
        learning_rate = float(f"{learning_rate:.12g}")
        out = compute(curve, learning_rate, w0, steps)
        artists["curve"].set_data(grid, CURVES[curve][1](grid))
        path, loss = out.path, out.loss
        artists["path"].set_data(path, loss)
        artists["start"].set_data(path[:1], loss[:1])
        shown, below, above = clamp_to_view(out.gap, GAP_VIEW)    # exactly 0: on the floor
        k = np.arange(len(path))
        artists["gap"].set_data(k, shown)
        artists["low"].set_data(k[below[:1]], shown[below[:1]])   # where it got there
        artists["high"].set_data(k[above], shown[above])
        notes = ([f"▼ 0 or below {GAP_VIEW[0]:.0e}: at the minimum"] if len(below) else []) + \
            ([f"▲ above {GAP_VIEW[1]:.0e}"] if len(above) else [])
        artists["note"].set_text(",  ".join(notes))
        return f"<i>{CURVES[curve][0]}</i>: " + readout(out, curve, learning_rate)

    controls = {"curve": explore.choice("loss curve", list(CURVES), curve),
                "learning_rate": explore.log_slider("learning rate lr", *LR_RANGE,
                                                    learning_rate, steps=LR_STEPS),
                "w0": explore.slider("start w₀", *W_RANGE, w0, 0.05),
                "steps": explore.slider("steps", 0, MAX_STEPS, steps, integer=True)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Gradient descent on a curve: too small, right, too large")
