"""Explorer for notebook 08: gradient descent on a 1-D loss curve, ``w <- w - lr * f'(w)``.

Two curves: the quadratic ``f(w) = 2 w^2`` (that is ``a w^2 / 2`` with ``a = 4``), where each
step multiplies w by ``1 - lr a`` and the regimes have exact thresholds (converges iff
``0 < lr < 2/a = 0.5``, overshoots for ``lr > 1/a = 0.25``), and the non-convex double well
``f(w) = (w^2 - 1)^2 + 0.5 w`` (notebook 08's ``two_minima`` at y = 0), where the minimum found
depends on the start. A diverging run is drawn until it leaves the plot and named in the readout.
"""

from __future__ import annotations

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar
from ..optim import gradient_descent, two_minima
from ..plotting import COLORS, LINE_COLORS

A = 4.0                      # the quadratic's curvature: f = A w^2 / 2
TILT = 0.5                   # the double well's tilt: the left minimum is the lower one
W_RANGE = (-2.0, 2.0)        # the start slider
W_VIEW = (-2.2, 2.2)         # the plotted w
F_VIEW = (-1.0, 10.5)        # the plotted f(w)
LR_RANGE = (1e-3, 1.0)
MAX_STEPS = 100
BOUND = 10.0                 # a run with |w| > BOUND has diverged (far off the plot)
GAP_VIEW = (1e-12, 1e3)      # the loss panel's y range (log scale)

_WELL = two_minima(TILT)


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


def regime(path, gradients, diverged: bool, tol: float = 1e-3) -> str:
    """The regime of a gradient-descent run in words: "diverged", "oscillating", "converging" or
    "too small".

    ``path`` (k + 1, d) iterates, ``gradients`` (k + 1, d) the gradient at each. Diverged: the run
    left its bound. Oscillating: more than half of the consecutive steps point against each other
    (negative dot product: each step overshoots). Converging: the gradient norm at the end is
    below ``tol``, or below both 0.1 and 1% of its value at the start. Too small: none of these (the run is
    still crawling: too small a learning rate for this many steps, or a plateau).
    """
    path = as_array(path, "path", "regime", ndim=2)
    gradients = as_array(gradients, "gradients", "regime", ndim=2)
    if diverged:
        return "diverged"
    steps = np.diff(path, axis=0)
    if len(steps) >= 2:
        dots = np.sum(steps[1:] * steps[:-1], axis=1)
        moving = dots != 0
        if moving.any() and np.mean(dots[moving] < 0) > 0.5:
            return "oscillating"
    g_start = float(np.sqrt(np.sum(gradients[0] ** 2)))
    g_end = float(np.sqrt(np.sum(gradients[-1] ** 2)))
    if g_end <= tol or (g_end <= 0.1 and g_end <= 0.01 * g_start):
        return "converging"
    return "too small"


def compute(curve: str, learning_rate: float, w0: float, steps: int) -> dict:
    """Run ``w_{k+1} = w_k - learning_rate * f'(w_k)`` from w0 on one of :data:`CURVES`.

    Returns a dict with ``path`` (k + 1,) the iterates (fewer than steps + 1 when the run
    diverged, i.e. |w| passed :data:`BOUND`), ``loss`` (k + 1,) f at each, ``gap`` (k + 1,)
    ``f - f_min`` (how far above the lowest value), ``slope`` f'(w) at the last iterate,
    ``diverged``, ``stopped_at`` (k), ``regime`` (see :func:`regime`) and, for the quadratic,
    ``factor = 1 - learning_rate * a``, the number each step multiplies w by.
    Raises ValueError for an unknown curve, a non-positive learning rate or a start beyond BOUND.
    """
    if curve not in CURVES:
        raise ValueError(f"gd_1d.compute: curve must be one of {list(CURVES)}, got {curve!r}")
    lr = as_scalar(learning_rate, "learning_rate", "gd_1d.compute")
    w0 = as_scalar(w0, "w0", "gd_1d.compute")
    _, f, grad, f_min, minima, a = CURVES[curve]
    run = gradient_descent(grad, w0, lr, int(steps), bound=BOUND)
    path = run.path[:, 0]
    loss = f(path)
    slopes = grad(path)
    return {"path": path, "loss": loss, "gap": loss - f_min, "slope": float(slopes[-1]),
            "diverged": run.diverged, "stopped_at": run.stopped_at,
            "regime": regime(path[:, None], slopes[:, None], run.diverged),
            "factor": None if a is None else 1.0 - lr * a}


def draw(ax_curve, ax_loss) -> dict:
    """Draw the axes once; return the artists that move (the curve too: it changes with the
    choice of curve, and drawing one line is cheap)."""
    ax_curve.set_xlim(*W_VIEW)
    ax_curve.set_ylim(*F_VIEW)
    ax_curve.set_xlabel("weight w")
    ax_curve.set_ylabel("loss f(w)")
    ax_curve.set_title("each step goes downhill by lr × slope")
    curve, = ax_curve.plot([], [], color=LINE_COLORS["grey"], linewidth=2.5, label="f(w)")
    path, = ax_curve.plot([], [], "-o", color=COLORS["vermillion"], markersize=5,
                          markeredgecolor="black", markeredgewidth=0.6, linewidth=1.2,
                          label="steps w₀, w₁, ...")
    start, = ax_curve.plot([], [], "s", color=COLORS["orange"], markersize=9,
                           markeredgecolor="black", label="start w₀", clip_on=False)
    ax_curve.legend(loc="upper center", fontsize="small", ncol=3, frameon=False,
                    handlelength=1.5, columnspacing=0.8)

    ax_loss.set_yscale("log")
    ax_loss.set_xlim(0, MAX_STEPS)
    ax_loss.set_ylim(*GAP_VIEW)
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("f(w_k) − lowest f  (log scale)")
    ax_loss.set_title("loss per step: a straight fall is geometric")
    gap, = ax_loss.plot([], [], "-o", color=LINE_COLORS["blue"], markersize=3, linewidth=1.5)
    return {"curve": curve, "path": path, "start": start, "gap": gap}


def _steps(n: int) -> str:
    return f"{n} step" + ("" if n == 1 else "s")


def readout(out: dict, curve: str, learning_rate: float) -> str:
    """The readout in words: where the run ended, its regime, and the exact thresholds."""
    w, k = out["path"][-1], out["stopped_at"]
    dot = " &nbsp;&middot;&nbsp; "
    if out["diverged"]:
        head = (f"<b>diverged after {_steps(k + 1)} (|w| &gt; {BOUND:g})</b>: the steps grow "
                f"instead of shrinking; the last w inside the bound = {w:.4g}")
    else:
        head = (f"after {_steps(k)}: w = <b>{w:.4g}</b>, f(w) = <b>{out['loss'][-1]:.4g}</b>, "
                f"slope f'(w) = {out['slope']:.3g}{dot}regime: <b>{out['regime']}</b>")
    if out["factor"] is not None:
        q = out["factor"]
        theory = (f"each step multiplies w by 1 − lr·a = 1 − {learning_rate:.3g}·{A:g} = "
                  f"<b>{q:.3g}</b>: ")
        if abs(q) < 1:
            theory += ("|1 − lr·a| &lt; 1, so w shrinks to 0" + (
                "; the sign flips every step (lr &gt; 1/a = 0.25: it overshoots)" if q < 0
                else "" if q > 0 else "; it lands on the minimum in one step (lr = 1/a)"))
        elif q == -1:
            theory += "|1 − lr·a| = 1: it bounces between w₀ and −w₀ forever (lr = 2/a)"
        else:
            theory += "|1 − lr·a| &gt; 1, so |w| grows every step (lr &gt; 2/a = 0.5)"
        return f"{head}<br>{theory}"
    minima = CURVES[curve][4]
    if out["diverged"]:
        return f"{head}<br>for this curve the safe learning rate depends on where w is"
    nearest = minima[np.argmin(np.abs(minima - w))]
    if abs(w - nearest) < 0.05:
        which = "the lower (global) minimum" if np.isclose(nearest, minima[0]) else \
            "the higher (local) minimum, not the global one at w = {:.2f}".format(minima[0])
        return f"{head}<br>it ended near w = {nearest:.2f}, {which}"
    return f"{head}<br>it has not reached a minimum yet"


def explorer(curve: str = "quadratic", learning_rate: float = 0.05, w0: float = 1.8,
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
        out = compute(curve, learning_rate, w0, steps)
        artists["curve"].set_data(grid, CURVES[curve][1](grid))
        path, loss = out["path"], out["loss"]
        artists["path"].set_data(path, loss)
        artists["start"].set_data(path[:1], loss[:1])
        shown = np.where(out["gap"] > 0, out["gap"], np.nan)   # exactly 0: below any log axis
        artists["gap"].set_data(np.arange(len(path)), shown)
        return f"<i>{CURVES[curve][0]}</i>: " + readout(out, curve, learning_rate)

    controls = {"curve": explore.choice("loss curve", list(CURVES), curve),
                "learning_rate": explore.log_slider("learning rate lr", *LR_RANGE,
                                                    learning_rate),
                "w0": explore.slider("start w₀", *W_RANGE, w0, 0.05),
                "steps": explore.slider("steps", 0, MAX_STEPS, steps, integer=True)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Gradient descent on a curve: too small, right, too large")
