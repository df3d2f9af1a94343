"""Explorer for notebook 08: gradient descent on a 2-D function, drawn over its contour lines.

``x_{k+1} = x_k - lr * grad f(x_k)`` on a choice of ``mathlib.optim`` test functions: a round
and a narrow quadratic bowl, Rosenbrock's valley, a saddle and a double well. The start point is
set with two sliders or by clicking on the contour plot. The contour lines of every function are
computed once, when the explorer is built; each function's static picture (contours, its minima
and saddle points, a legend of just those, the loss axis's label) is drawn on its first visit and
kept, so a change of function is blitted like a slider move.

What the picture may not hide: a run that passes the bound in its first step shows that step, to
the plot's edge; a run that ends outside the plotted square has a labelled marker where its
path last crossed the edge; a loss of 0 (one-step convergence) or beyond the log axis is marked
on the axis's edge; for the saddle, which has no lowest value, the loss panel shows how far f
fell, which rises without end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.legend import Legend

from .. import explore
from .._checks import as_scalar
from ..optim import gradient_descent, quadratic, rosenbrock, saddle, two_minima
from ..plotting import COLORS, LINE_COLORS
from ._layout import cached, level_colors, level_lines
from .gd_1d import WORDS, clamp_to_view, off_scale_markers, steps_in_words, regime, words

NOTEBOOK = "08"  # the notebook that shows this explorer

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
    "two minima": two_minima(tilt=0.5),
}


def lowest_value(name: str) -> float:
    """The lowest value of the function inside the plotted square: its global minimum when it
    has one there; for the saddle (unbounded below) the value at the square's edge, -6.25."""
    objective = FUNCTIONS[name]
    if len(objective.minima):
        return float(objective.f(objective.minima[0]))
    return float(objective.f(np.array([0.0, VIEW[1]])))


@dataclass(frozen=True, eq=False)
class Gd2dResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    path: np.ndarray
    loss: np.ndarray
    gap: np.ndarray
    grad_norm: np.ndarray
    diverged: bool
    stopped_at: int
    regime: str
    escape: np.ndarray | None
    left_view: int | None


def compute(function: str, learning_rate: float, x0: float, y0: float, steps: int) -> Gd2dResult:
    """Run gradient descent on ``FUNCTIONS[function]`` from (x0, y0).

    Returns a :class:`Gd2dResult` with
    ``path`` (k + 1, 2) the iterates (fewer than steps + 1 rows when the run
    diverged, ``||x|| > BOUND``), ``loss`` (k + 1,), ``gap`` (k + 1,) the loss above
    :func:`lowest_value` (for the saddle, which has no lowest value: ``f(x_0) - f(x_k)``, how far
    the loss fell), ``escape`` (the unit direction of the step that passed the bound, or None),
    ``left_view`` (the first step outside the plotted square, or None), ``grad_norm`` (k + 1,)
    the length of the gradient at each iterate,
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
    run = gradient_descent(objective.grad, start, learning_rate=learning_rate, steps=int(steps),
                           bound=BOUND)
    loss = np.atleast_1d(objective.f(run.path))
    grads = objective.grad(run.path)
    if function == "saddle":        # no lowest value: how far f fell below its start instead
        gap = loss[0] - loss
    else:
        gap = loss - lowest_value(function)
    escape = None
    if run.diverged:                # the direction of the step that passed the bound
        g = grads[-1]
        size = float(np.sqrt(np.sum(g * g))) if np.all(np.isfinite(g)) else 0.0
        escape = -g / size if size > 0 else None
    outside = np.any(np.abs(run.path) > VIEW[1], axis=1)
    return Gd2dResult(path=run.path, loss=loss, gap=gap,
                      grad_norm=np.sqrt(np.sum(grads * grads, axis=1)), diverged=run.diverged,
                      stopped_at=run.stopped_at,
                      regime=regime(run.path, grads, loss, run.diverged), escape=escape,
                      left_view=int(np.argmax(outside)) if outside.any() else None)


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
    return level_lines(XX, YY, Z, levels)


def draw(ax_map, ax_loss) -> dict:
    """Draw the fixed axes once; return the artists: the contours, minima and saddle points
    change only with the function (each function's background is drawn once and kept), the
    rest moves."""
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
    # the step that passed the bound, drawn from the last point to the edge of the plot
    escape, = ax_map.plot([], [], "--", color=COLORS["vermillion"], linewidth=1.6, zorder=4,
                          marker="o", markevery=[1], markersize=8, markerfacecolor="white",
                          markeredgecolor="black", markeredgewidth=0.8)
    # a run that ends outside the plotted square: where its path last crossed the edge, with
    # a label beside it (the legend is drawn once per function; this marker comes and goes)
    end, = ax_map.plot([], [], "D", color=COLORS["vermillion"], markeredgecolor="black",
                       markersize=8, zorder=6, clip_on=False)
    end_label = cached(ax_map.text(0, 0, "", fontsize="small", zorder=6,
                                   bbox=dict(facecolor="white", edgecolor="none", alpha=0.85)))

    ax_loss.set_yscale("log")
    ax_loss.set_xlim(-0.02 * MAX_STEPS, MAX_STEPS)
    ax_loss.set_ylim(*GAP_VIEW)
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel(GAP_LABELS["other"])
    ax_loss.set_title("loss per step")
    gap, = ax_loss.plot([], [], "-o", color=LINE_COLORS["blue"], linewidth=1.8, markersize=2.5)
    low, high, note = off_scale_markers(ax_loss)
    return {"contours": contours, "minima": minima, "saddles": saddles, "path": path,
            "start": start, "escape": escape, "end": end, "end_label": end_label, "gap": gap,
            "low": low, "high": high, "note": note}


GAP_LABELS = {"other": "f(x_k) − lowest f  (log scale)",
              "saddle": "f(x₀) − f(x_k): how far f fell  (log)"}
STATIC = ("contours", "minima", "saddles")   # drawn into each function's kept background


def edge_point(point, direction, half=VIEW[1]):
    """Where the ray from ``point`` (inside the square [-half, half]^2) along ``direction``
    leaves the square."""
    t = np.inf
    for p, d in zip(point, direction):
        if d > 0:
            t = min(t, (half - p) / d)
        elif d < 0:
            t = min(t, (-half - p) / d)
    return np.asarray(point) + t * np.asarray(direction)


def exit_point(path, half=VIEW[1]):
    """Where ``path`` (k + 1, 2), which starts inside the square [-half, half]^2 and ends
    outside it, last crossed its edge: on the segment from its last point inside to the next
    one. None when the path ends inside."""
    path = np.asarray(path, dtype=float)
    inside = np.all(np.abs(path) <= half, axis=1)
    if inside[-1] or not inside.any():
        return None
    j = int(np.nonzero(inside)[0][-1])
    return edge_point(path[j], path[j + 1] - path[j], half)


def point_text(p) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def readout(out: Gd2dResult, function: str) -> str:
    """The readout in words: final point, final loss, the regime, and which minimum it reached."""
    objective = FUNCTIONS[function]
    k, end = out.stopped_at, out.path[-1]
    dot = " &nbsp;&middot;&nbsp; "
    if out.diverged:
        text = (f"regime: <b>diverged: step {k + 1} passed the bound ‖x‖ &gt; {BOUND:g}</b> (far "
                f"outside the plotted square, |x|, |y| ≤ {VIEW[1]:g}); the last point inside "
                f"the bound (after {steps_in_words(k)}) {point_text(end)}, loss {out.loss[-1]:.3g}")
        if out.escape is not None and np.all(np.abs(end) <= VIEW[1]):
            text += "; the dashed line shows the escaping step's direction, out to the plot's edge (○)"
        elif np.any(np.abs(end) > VIEW[1]):
            text += (f"; the path left the plotted square at step {out.left_view}: the ◆ "
                     "on the edge marks where it crossed")
        if function == "saddle":
            text += ("<br>f = x² − y² has no minimum: any start off the x-axis slides away along "
                     "y, and the loss falls without end")
        else:
            text += ("<br>the learning rate is too large for the curvature here: each step "
                     "overshoots further")
        return text
    if k == 0:
        return (f"<b>{WORDS['no steps']}</b>: start {point_text(end)}, loss {out.loss[-1]:.4g}, "
                f"‖gradient‖ = {out.grad_norm[-1]:.2g}")
    else:
        text = (f"after {steps_in_words(k)}: final point <b>{point_text(end)}</b>, final loss "
                f"<b>{out.loss[-1]:.4g}</b>, ‖gradient‖ = {out.grad_norm[-1]:.2g}{dot}"
                f"regime: <b>{words(out)}</b>")
        if out.left_view is not None:
            text += (f"<br>the path left the plotted square at step {out.left_view}"
                     + ("; the ◆ on the edge marks where it last crossed the edge, and it "
                        f"ended outside, at {point_text(end)}" if np.any(np.abs(end) > VIEW[1])
                        else " and came back"))
    # "at" only for a converged run: otherwise it is near, and the regime says what it does
    arrived = out.regime == "converged"
    still = {"slow": ", still approaching it",
             "oscillating": ", still overshooting it from side to side",
             "bouncing": ", bouncing around it without getting closer",
             "unstable": ", but the loss is rising"}.get(out.regime, "")
    for i, m in enumerate(objective.minima):
        distance = float(np.sqrt(np.sum((end - m) ** 2)))
        if distance < 0.05:
            which = ("the global minimum" if i == 0 or len(objective.minima) == 1 else
                     f"a local minimum, not the global one at {point_text(objective.minima[0])}")
            if arrived:
                return f"{text}<br>it ended at {point_text(m)}, {which}"
            return (f"{text}<br>it ended near {point_text(m)}, {which} ({distance:.2g} away)"
                    f"{still}")
    for s in objective.saddles:
        distance = float(np.sqrt(np.sum((end - s) ** 2)))
        if distance < 0.05:
            return (f"{text}<br>it ended {'at' if arrived else 'near'} the saddle point {point_text(s)}"
                    + ("" if arrived else f" ({distance:.2g} away){still}")
                    + ": the gradient is 0 there, but it is no minimum")
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
    # a fixed layout (no layout engine): every function's background has the axes in the same
    # place, and the legend below the map has its room whatever it lists
    fig.set_layout_engine("none")
    ax_map.set_position([0.06, 0.21, 0.41, 0.72])
    ax_loss.set_position([0.575, 0.21, 0.41, 0.72])
    lines = {name: contour_lines(name) for name in FUNCTIONS}      # computed once
    shown = {"function": None}
    # speed: each function's static background (contours, minima, saddle points, legend, the
    # loss axis's label) is drawn once, when the explorer is built, and kept by the Explorer (its
    # background_key is the function shown); a change of function then swaps backgrounds and
    # is blitted like any other move
    legends = {}                 # (kinds of marker shown) -> its legend

    def show_function(name):
        segments, heights = lines[name]
        artists["contours"].set_segments(segments)
        artists["contours"].set_color(level_colors(heights))
        objective = FUNCTIONS[name]
        artists["minima"].set_data(objective.minima[:, 0], objective.minima[:, 1])
        artists["saddles"].set_data(objective.saddles[:, 0], objective.saddles[:, 1])
        # the legend lists only what this function's plot shows
        kinds = tuple(k for k in ("minima", "saddles") if len(getattr(objective, k)))
        if kinds not in legends:
            handles = [artists["start"], artists["path"]] + [artists[k] for k in kinds]
            legends[kinds] = ax_map.add_artist(Legend(
                ax_map, handles, [h.get_label() for h in handles], loc="upper center",
                bbox_to_anchor=(0.5, -0.16), ncol=len(handles), frameon=False,
                fontsize="small", handlelength=1.5, columnspacing=0.8))
        for key, legend in legends.items():
            legend.set_visible(key == kinds)
        ax_loss.set_ylabel(GAP_LABELS["saddle" if name == "saddle" else "other"])
        shown["function"] = name

    def update(function, learning_rate, x0, y0, steps):
        # the slider computes 10 ** exponent: 0.2 arrives as 0.20000000000000004; round it off
        learning_rate = float(f"{learning_rate:.12g}")
        if function != shown["function"]:
            show_function(function)
        out = compute(function, learning_rate, x0, y0, steps)
        path = out.path
        artists["path"].set_data(path[:, 0], path[:, 1])
        artists["start"].set_data(path[:1, 0], path[:1, 1])
        end = path[-1]
        if out.escape is not None and np.all(np.abs(end) <= VIEW[1]):
            edge = edge_point(end, out.escape)
            artists["escape"].set_data([end[0], edge[0]], [end[1], edge[1]])
        else:
            artists["escape"].set_data([], [])
        crossed = exit_point(path)
        if crossed is not None:                     # where the path last crossed the edge
            artists["end"].set_data([crossed[0]], [crossed[1]])
            # the label beside the marker, inside the square, away from the edge it is on
            ha = "right" if crossed[0] > 0.6 * VIEW[1] else "left" \
                if crossed[0] < -0.6 * VIEW[1] else "center"
            va = "top" if crossed[1] > 0.6 * VIEW[1] else "bottom" \
                if crossed[1] < -0.6 * VIEW[1] else "center"
            inward = -0.2 * np.sign(np.round(crossed / VIEW[1]))
            artists["end_label"].set_text("◆ path left here")
            artists["end_label"].set_position(crossed + inward)
            artists["end_label"].set_ha(ha)
            artists["end_label"].set_va(va)
        else:
            artists["end"].set_data([], [])
            artists["end_label"].set_text("")
        shown_gap, below, above = clamp_to_view(out.gap, GAP_VIEW)
        steps_k = np.arange(len(path))
        artists["gap"].set_data(steps_k, shown_gap)
        artists["low"].set_data(steps_k[below[:1]], shown_gap[below[:1]])
        artists["high"].set_data(steps_k[above], shown_gap[above])
        notes = []
        if len(below):
            notes.append("▼ f has not fallen (yet)" if function == "saddle" else
                         f"▼ 0 or below {GAP_VIEW[0]:.0e}: at the minimum")
        if len(above):
            notes.append(f"▲ above {GAP_VIEW[1]:.0e}")
        artists["note"].set_text(",  ".join(notes))
        return f"<i>f(x, y) = {FUNCTIONS[function].formula}</i><br>" + readout(out, function)

    controls = {"function": explore.choice("function", list(FUNCTIONS), function),
                "learning_rate": explore.log_slider("learning rate lr", *LR_RANGE,
                                                    learning_rate, steps=LR_STEPS),
                "steps": explore.slider("steps", 0, MAX_STEPS, steps, integer=True),
                "x0": explore.slider("start x", *START_RANGE, x0, START_STEP),
                "y0": explore.slider("start y", *START_RANGE, y0, START_STEP)}
    moving = [a for name, a in artists.items() if name not in STATIC]
    for artist in moving:
        artist.set_in_layout(False)            # they move: the layout is not made around them
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="Gradient descent on a surface: click to choose the start",
                          background_key=lambda: shown["function"])
    # what the readout talks about, which the tests check is inside the axes (the path itself
    # may leave the square: its end is then marked on the edge)
    ex.must_show = [artists[k] for k in ("start", "escape", "gap", "minima", "saddles")]

    def on_click(event):
        """A click on the contour plot moves the start there (the Explorer ignores clicks while
        the toolbar zooms or pans)."""
        if event.inaxes is not ax_map or event.xdata is None:
            return
        ex.set(x0=snap(event.xdata), y0=snap(event.ydata))

    ex.connect("button_press_event", on_click)
    ex.on_click = on_click                  # for the tests: the handler a click calls
    # every function's background drawn now, not on the learner's first click on its button
    ex.prerender(show_function, [name for name in FUNCTIONS if name != function] + [function])
    ex.refresh()
    return ex
