"""Explorer for notebook 08: gradient descent on a 2-D function, drawn over its contour lines.

``x_{k+1} = x_k - lr * grad f(x_k)`` on a choice of ``mathlib.optim`` test functions: a round
and a narrow quadratic bowl, Rosenbrock's valley, a saddle and a double well. The start point is
set with two sliders or by clicking on the contour plot. The contour lines of every function are
computed once, when the explorer is built, and swapped in as one blitted line collection, so a
change of function is as quick as a slider move.
"""

from __future__ import annotations

import contourpy
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib import colormaps

from .. import explore
from .._checks import as_scalar
from ..optim import gradient_descent, quadratic, rosenbrock, saddle, two_minima
from ..plotting import COLORS, LINE_COLORS, SEQUENTIAL
from .gd_1d import WORDS, _steps, regime, words

VIEW = (-2.5, 2.5)           # both axes of the contour plot
START_RANGE = (-2.4, 2.4)
START_STEP = 0.05
LR_RANGE = (0.2 * 2.0 ** -11, 0.2 * 2.0 ** 2.5)   # with LR_STEPS = 54 the slider moves in
LR_STEPS = 54                                      # factors 2^(1/4) through 0.05, 0.1 and 0.2 =
                                                   # 2/10, the narrow bowl's limit
MAX_STEPS = 200
BOUND = 10.0                 # a run with ||x|| > BOUND has diverged (far off the plot)
GAP_VIEW = (1e-10, 1e5)

FUNCTIONS = {
    "round bowl": quadratic(condition=1.0),
    "narrow bowl": quadratic(condition=10.0),
    "Rosenbrock": rosenbrock(),
    "saddle": saddle(),
    "two minima": two_minima(0.5),
}


def lowest_value(name: str) -> float:
    """The lowest value of the function inside the plotted square: its global minimum when it
    has one there; for the saddle (unbounded below) the value at the square's edge, -6.25."""
    objective = FUNCTIONS[name]
    if len(objective.minima):
        return float(objective.f(objective.minima[0]))
    return float(objective.f(np.array([0.0, VIEW[1]])))


def compute(function: str, learning_rate: float, x0: float, y0: float, steps: int) -> dict:
    """Run gradient descent on ``FUNCTIONS[function]`` from (x0, y0).

    Returns a dict with ``path`` (k + 1, 2) the iterates (fewer than steps + 1 rows when the run
    diverged, ``||x|| > BOUND``), ``loss`` (k + 1,), ``gap`` (k + 1,) the loss above
    :func:`lowest_value`, ``grad_norm`` (k + 1,) the length of the gradient at each iterate,
    ``diverged``, ``stopped_at`` (the number of steps kept in ``path``) and ``regime``
    ("no steps", "diverged", "unstable", "converged", "oscillating", "bouncing" or "slow"; see
    :func:`gd_1d.regime`). Raises ValueError for an unknown function, a
    non-positive learning rate or a non-finite start.
    """
    if function not in FUNCTIONS:
        raise ValueError(f"gd_2d.compute: function must be one of {list(FUNCTIONS)}, got "
                         f"{function!r}")
    objective = FUNCTIONS[function]
    start = np.array([as_scalar(x0, "x0", "gd_2d.compute"), as_scalar(y0, "y0", "gd_2d.compute")])
    run = gradient_descent(objective.grad, start, learning_rate, int(steps), bound=BOUND)
    loss = np.atleast_1d(objective.f(run.path))
    grads = objective.grad(run.path)
    return {"path": run.path, "loss": loss, "gap": loss - lowest_value(function),
            "grad_norm": np.sqrt(np.sum(grads * grads, axis=1)), "diverged": run.diverged,
            "stopped_at": run.stopped_at, "regime": regime(run.path, grads, loss, run.diverged)}


def contour_lines(name: str, n_grid: int = 161, n_levels: int = 14) -> tuple[list, np.ndarray]:
    """The contour lines of a function over the plotted square: (segments, level of each).

    Levels are spaced geometrically in the height above :func:`lowest_value` (so the lines
    crowd near the minimum where the descent ends), and evenly for the saddle, whose values
    go both ways.
    """
    objective = FUNCTIONS[name]
    t = np.linspace(*VIEW, n_grid)
    XX, YY = np.meshgrid(t, t)
    Z = objective.f(np.stack([XX, YY], axis=-1))
    if name == "saddle":
        levels = np.linspace(-6.0, 6.0, 13)
    else:
        low = lowest_value(name)
        levels = low + np.geomspace(1e-2, float(Z.max() - low), n_levels)
    generator = contourpy.contour_generator(XX, YY, Z)
    segments, heights = [], []
    for level in levels:
        for line in generator.lines(level):
            if len(line) >= 2:
                segments.append(np.asarray(line))
                heights.append(level)
    return segments, np.array(heights)


def _colors(heights: np.ndarray) -> np.ndarray:
    """Darker for lower lines (viridis on the rank of the level, up to 0.55: every line keeps
    3:1 contrast on white)."""
    levels = np.unique(heights)
    rank = np.searchsorted(levels, heights) / max(len(levels) - 1, 1)
    return colormaps[SEQUENTIAL](0.05 + 0.5 * rank)


def draw(ax_map, ax_loss) -> dict:
    """Draw the fixed axes once; return the artists that move (contours included: they change
    only with the function, and are cheap to blit)."""
    ax_map.set_xlim(*VIEW)
    ax_map.set_ylim(*VIEW)
    ax_map.set_aspect("equal")
    ax_map.set_xlabel("x")
    ax_map.set_ylabel("y")
    ax_map.set_title("contours of f (dark = low); click to start")
    ax_map.grid(False)
    contours = LineCollection([], linewidths=1.0, zorder=1)
    ax_map.add_collection(contours)
    minima, = ax_map.plot([], [], "*", color="white", markeredgecolor="black", markersize=15,
                          zorder=3, label="minimum")
    saddles, = ax_map.plot([], [], "X", color="white", markeredgecolor="black", markersize=11,
                           zorder=3, label="saddle point")
    path, = ax_map.plot([], [], "-o", color=COLORS["vermillion"], markersize=3.5,
                        markeredgecolor="black", markeredgewidth=0.4, linewidth=1.4, zorder=4,
                        label="path")
    start, = ax_map.plot([], [], "s", color=COLORS["orange"], markeredgecolor="black",
                         markersize=9, zorder=5, label="start", clip_on=False)
    ax_map.legend(handles=[start, path, minima, saddles], loc="upper center",
                  bbox_to_anchor=(0.5, -0.13), ncol=4, frameon=False, fontsize="small",
                  handlelength=1.5, columnspacing=0.8)

    ax_loss.set_yscale("log")
    ax_loss.set_xlim(0, MAX_STEPS)
    ax_loss.set_ylim(*GAP_VIEW)
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("f(x_k) − lowest f  (log scale)")
    ax_loss.set_title("loss per step")
    gap, = ax_loss.plot([], [], "-", color=LINE_COLORS["blue"], linewidth=1.8)
    return {"contours": contours, "minima": minima, "saddles": saddles, "path": path,
            "start": start, "gap": gap}


def _pt(p) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def readout(out: dict, function: str) -> str:
    """The readout in words: final point, final loss, the regime, and which minimum it reached."""
    objective = FUNCTIONS[function]
    k, end = out["stopped_at"], out["path"][-1]
    dot = " &nbsp;&middot;&nbsp; "
    if out["diverged"]:
        text = (f"regime: <b>diverged: step {k + 1} left the plot (‖x‖ &gt; {BOUND:g})</b>; the "
                f"last point inside the bound (after {_steps(k)}) {_pt(end)}, loss "
                f"{out['loss'][-1]:.3g}")
        if function == "saddle":
            text += ("<br>f = x² − y² has no minimum: any start off the x-axis slides away along "
                     "y, and the loss falls without end")
        else:
            text += ("<br>the learning rate is too large for the curvature here: each step "
                     "overshoots further")
        return text
    if k == 0:
        return (f"<b>{WORDS['no steps']}</b>: start {_pt(end)}, loss {out['loss'][-1]:.4g}, "
                f"‖gradient‖ = {out['grad_norm'][-1]:.2g}")
    else:
        text = (f"after {_steps(k)}: final point <b>{_pt(end)}</b>, final loss "
                f"<b>{out['loss'][-1]:.4g}</b>, ‖gradient‖ = {out['grad_norm'][-1]:.2g}{dot}"
                f"regime: <b>{words(out)}</b>")
    for i, m in enumerate(objective.minima):
        if np.sqrt(np.sum((end - m) ** 2)) < 0.05:
            which = ("the global minimum" if i == 0 or len(objective.minima) == 1 else
                     f"a local minimum, not the global one at {_pt(objective.minima[0])}")
            return f"{text}<br>it ended at {_pt(m)}, {which}"
    for s in objective.saddles:
        if np.sqrt(np.sum((end - s) ** 2)) < 0.05:
            return (f"{text}<br>it ended at the saddle point {_pt(s)}: the gradient is 0 there, "
                    "but it is no minimum")
    if function == "saddle":
        text += "<br>f = x² − y² has no minimum: off the x-axis the run slides away along y"
    return text


def snap(value: float) -> float:
    """A clicked coordinate as a start-slider value: rounded to the slider's step, kept inside."""
    value = round(float(value) / START_STEP) * START_STEP
    return float(np.clip(round(value, 10), *START_RANGE))


def explorer(function: str = "narrow bowl", learning_rate: float = 0.05, x0: float = -2.0,
             y0: float = 1.5, steps: int = 100) -> explore.Explorer:
    """Choice of function, log learning-rate slider, steps and start sliders (or a click on the
    contour plot); the path on the contours and the loss per step."""
    if function not in FUNCTIONS:
        raise ValueError(f"gd_2d.explorer: function must be one of {list(FUNCTIONS)}, got "
                         f"{function!r}")
    fig, (ax_map, ax_loss) = explore.figure(1, 2, size=(9.0, 4.6))
    artists = draw(ax_map, ax_loss)
    fig.set_layout_engine("constrained")
    lines = {name: contour_lines(name) for name in FUNCTIONS}      # computed once
    shown = {"function": None}

    def show_function(name):
        segments, heights = lines[name]
        artists["contours"].set_segments(segments)
        artists["contours"].set_color(_colors(heights))
        objective = FUNCTIONS[name]
        artists["minima"].set_data(objective.minima[:, 0], objective.minima[:, 1])
        artists["saddles"].set_data(objective.saddles[:, 0], objective.saddles[:, 1])
        shown["function"] = name

    def update(function, learning_rate, x0, y0, steps):
        # the slider computes 10 ** exponent: 0.2 arrives as 0.20000000000000004; round it off
        learning_rate = float(f"{learning_rate:.12g}")
        if function != shown["function"]:
            show_function(function)
        out = compute(function, learning_rate, x0, y0, steps)
        path = out["path"]
        artists["path"].set_data(path[:, 0], path[:, 1])
        artists["start"].set_data(path[:1, 0], path[:1, 1])
        gap = np.where(out["gap"] > 0, out["gap"], np.nan)      # 0 or below: off the log axis
        artists["gap"].set_data(np.arange(len(path)), gap)
        return f"<i>f(x, y) = {FUNCTIONS[function].formula}</i><br>" + readout(out, function)

    controls = {"function": explore.choice("function", list(FUNCTIONS), function),
                "learning_rate": explore.log_slider("learning rate lr", *LR_RANGE,
                                                    learning_rate, steps=LR_STEPS),
                "steps": explore.slider("steps", 0, MAX_STEPS, steps, integer=True),
                "x0": explore.slider("start x", *START_RANGE, x0, START_STEP),
                "y0": explore.slider("start y", *START_RANGE, y0, START_STEP)}
    ex = explore.Explorer(fig, controls, update, animated=list(artists.values()),
                          title="Gradient descent on a surface: click to choose the start")

    def on_click(event):
        """A click on the contour plot moves the start there (not while zooming or panning)."""
        toolbar = getattr(fig.canvas, "toolbar", None)
        if event.inaxes is not ax_map or event.xdata is None or getattr(toolbar, "mode", ""):
            return
        ex.set(x0=snap(event.xdata), y0=snap(event.ydata))

    fig.canvas.mpl_connect("button_press_event", on_click)
    ex.on_click = on_click                  # for the tests: the handler a click calls
    return ex
