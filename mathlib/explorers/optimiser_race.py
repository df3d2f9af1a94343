"""Explorer for notebook 17: the optimiser race. SGD, momentum, AdaGrad, RMSProp and Adam start
from one point of one landscape, and every path is drawn over its contour lines.

The update rules are ``mathlib.optim``'s (PyTorch's documented ones). For speed the five runs go
together, one numpy operation on a (5, 2) array per step (:func:`race`); the tests check every
path against ``mathlib.optim.minimize`` with the matching optimiser class. A run stops, as
``minimize`` does, when its next point is not finite or farther than ``BOUND`` from the origin.

Two learning rates, because they mean different things: SGD's and momentum's step is ``lr`` times
the gradient (its size depends on how steep the landscape is), while AdaGrad's, RMSProp's and
Adam's step divides by a running root-mean-square of the gradient, so its size is about ``lr``
itself, whatever the steepness. One shared slider would make one family diverge or crawl.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection

from .. import explore
from .._checks import as_int, as_scalar
from ..optim import quadratic, rosenbrock, saddle
from ..plotting import LINE_COLORS
from ._layout import level_colors, level_lines, setup_axes

NOTEBOOK = "17"  # the notebook that shows this explorer

VIEW = (-2.5, 2.5)               # both axes of the contour plot
STEPS = 200
BOUND = 10.0                     # a run with ||x|| > BOUND has diverged (far off the plot)
EPS = 1e-8                       # eps of RMSProp and Adam (PyTorch's default)
EPS_ADAGRAD = 1e-10              # eps of AdaGrad (PyTorch's default)
LR_PLAIN_RANGE = (1e-4, 1.0)
LR_ADAPTIVE_RANGE = (1e-3, 1.0)
MARK_EVERY = 20                  # a marker every 20 steps: wide spacing = fast progress

OPTIMISERS = ("SGD", "Momentum", "AdaGrad", "RMSProp", "Adam")
STYLES = {                       # colour, line style and marker: told apart without colour
    "SGD": (LINE_COLORS["blue"], "-", "o"),
    "Momentum": (LINE_COLORS["vermillion"], "--", "s"),
    "AdaGrad": (LINE_COLORS["green"], ":", "^"),
    "RMSProp": (LINE_COLORS["purple"], "-.", "v"),
    "Adam": ("#000000", (0, (6, 2, 1, 2, 1, 2)), "D"),
}
# RMSProp and Adam often share a path (both start at 45 degrees on the valleys): RMSProp's line is
# drawn wider and under the others, its end marker larger and under Adam's, so it shows as a
# purple border around Adam's line and a ring around Adam's diamond
UNDERLAID = {"RMSProp": dict(linewidth=4.2, zorder=2.5, end_size=14, end_zorder=3.5)}

LANDSCAPES = {
    "Rosenbrock": (rosenbrock(), (-1.5, 2.0)),
    "valley": (quadratic(condition=20.0), (-2.2, 1.0)),
    "tilted valley": (quadratic(condition=20.0, angle_radians=np.pi / 4), (-2.0, -0.6)),
    "saddle": (saddle(), (-2.2, 0.02)),
}


@dataclass(frozen=True, eq=False)
class RaceResult:
    """What :func:`race` returns: its fields, named as in the formulas, are described there."""

    paths: np.ndarray
    stopped_at: np.ndarray
    diverged: np.ndarray
    final: np.ndarray
    loss: np.ndarray


def _rules(momentum: float, beta1: float, beta2: float) -> dict:
    """Each optimiser's rule as one form: ``m <- b1 m + c1 g``, ``v <- b2 v + c2 g^2``,
    ``m_hat = m / (1 - b1^t)`` and ``v_hat = v / (1 - b2^t)`` where there is a bias correction
    (Adam), and the step ``lr m_hat / (sqrt(v_hat) + eps)`` for the adaptive ones, ``lr m`` for the
    others: (b1, c1, b2, c2, bias correction, adaptive, eps) by name."""
    return {"SGD": (0.0, 1.0, 0.0, 0.0, False, False, 0.0),
            "Momentum": (momentum, 1.0, 0.0, 0.0, False, False, 0.0),
            "AdaGrad": (0.0, 1.0, 1.0, 1.0, False, True, EPS_ADAGRAD),
            "RMSProp": (0.0, 1.0, beta2, 1.0 - beta2, False, True, EPS),
            "Adam": (beta1, 1.0 - beta1, beta2, 1.0 - beta2, True, True, EPS)}


def _run(grad_xy, x0, lr: float, rule: tuple, steps: int) -> tuple[list, int]:
    """One optimiser's run, in plain Python floats (a 2-D point is far too small for numpy to
    pay: one numpy operation costs as much as fifty float operations). The same arithmetic, in
    the same order, as ``mathlib.optim``'s classes, so the paths agree to the last bit. Stops,
    as ``minimize`` does, before a point farther than BOUND (or not finite): returns the points
    kept and the number of steps taken."""
    b1, c1, b2, c2, correct, adaptive, eps = rule
    x, y = float(x0[0]), float(x0[1])
    mx = my = vx = vy = 0.0
    points = [(x, y)]
    sqrt = math.sqrt
    for k in range(steps):
        gx, gy = grad_xy(x, y)
        mx = b1 * mx + c1 * gx
        my = b1 * my + c1 * gy
        if adaptive:
            vx = b2 * vx + c2 * (gx * gx)
            vy = b2 * vy + c2 * (gy * gy)
            if correct:
                t = k + 1
                d1, d2 = 1.0 - b1 ** t, 1.0 - b2 ** t
                nx = x - lr * (mx / d1) / (sqrt(vx / d2) + eps)
                ny = y - lr * (my / d1) / (sqrt(vy / d2) + eps)
            else:
                nx = x - lr * mx / (sqrt(vx) + eps)
                ny = y - lr * my / (sqrt(vy) + eps)
        else:
            nx = x - lr * mx
            ny = y - lr * my
        if not sqrt(nx * nx + ny * ny) <= BOUND:       # also False for NaN
            return points, k
        x, y = nx, ny
        points.append((x, y))
    return points, steps


def race(landscape: str, *, lr_plain: float, lr_adaptive: float, momentum: float = 0.9,
         beta1: float = 0.9, beta2: float = 0.999, steps: int = STEPS, start=None) -> RaceResult:
    """Run SGD, Momentum, AdaGrad, RMSProp and Adam from one start on ``LANDSCAPES[landscape]``.

    SGD and Momentum use ``lr_plain``, the adaptive three ``lr_adaptive``; Momentum's ``momentum``
    is mu, Adam's betas are ``beta1`` and ``beta2``, and RMSProp's alpha is ``beta2`` too.
    Returns a :class:`RaceResult` with ``paths`` (5, steps + 1, 2), each row a run in the order
    of ``OPTIMISERS`` (NaN after the run stopped), ``stopped_at`` (5,) the number of steps each
    run kept, ``diverged`` (5,) bool (the next point was farther than ``BOUND`` from the origin),
    ``final`` (5, 2) each run's last point and ``loss`` (5,) the function there. Raises
    ValueError for an unknown landscape or a hyperparameter outside its interval (lr > 0,
    0 <= momentum, betas < 1).
    """
    where = "optimiser_race.race"
    if landscape not in LANDSCAPES:
        raise ValueError(f"{where}: landscape must be one of {list(LANDSCAPES)}, got {landscape!r}")
    objective, default_start = LANDSCAPES[landscape]
    lrs = [as_scalar(lr_plain, "lr_plain", where), as_scalar(lr_adaptive, "lr_adaptive", where)]
    hyper = {"momentum": momentum, "beta1": beta1, "beta2": beta2}
    hyper = {k: as_scalar(v, k, where) for k, v in hyper.items()}
    if not min(lrs) > 0:
        raise ValueError(f"{where}: the learning rates must be > 0, got {lrs[0]} and {lrs[1]}")
    for name, value in hyper.items():
        if not 0.0 <= value < 1.0:
            raise ValueError(f"{where}: {name} must be in [0, 1), got {value}")
    steps = as_int(steps, "steps", where, low=0)
    x0 = np.asarray(default_start if start is None else start, dtype=float)
    rules = _rules(**hyper)
    n = len(OPTIMISERS)
    paths = np.full((n, steps + 1, 2), np.nan)
    stopped = np.empty(n, dtype=int)
    for i, name in enumerate(OPTIMISERS):
        lr = lrs[0] if i < 2 else lrs[1]
        points, stopped[i] = _run(objective.grad_xy, x0, lr, rules[name], steps)
        paths[i, :len(points)] = points
    final = paths[np.arange(n), stopped]
    return RaceResult(paths=paths, stopped_at=stopped, diverged=stopped < steps, final=final,
                      loss=np.asarray(objective.f(final), dtype=float))


# -- drawing ---------------------------------------------------------------------------------------

def contour_lines(name: str, n_grid: int = 161, n_levels: int = 14) -> tuple[list, np.ndarray]:
    """The contour lines of a landscape over the plotted square: (segments, level of each);
    levels spaced geometrically above the minimum, evenly for the saddle."""
    objective, _ = LANDSCAPES[name]
    t = np.linspace(*VIEW, n_grid)
    XX, YY = np.meshgrid(t, t)
    Z = objective.f(np.stack([XX, YY], axis=-1))
    if len(objective.minima):
        low = float(objective.f(objective.minima[0]))
        levels = low + np.geomspace(1e-2, float(Z.max() - low), n_levels)
    else:
        levels = np.linspace(-6.0, 6.0, 13)
    return level_lines(XX, YY, Z, levels)


def draw(ax) -> dict:
    """Draw the axes once; return the artists: the contours and the minimum change only with the
    landscape (one background per landscape), the paths and their ends move."""
    setup_axes(ax, xlim=VIEW, ylim=VIEW, xlabel="x", ylabel="y", equal=True, grid=False,
               title=f"{STEPS} steps from the same start (a marker every {MARK_EVERY} steps)")
    contours = LineCollection([], linewidths=0.6, zorder=1)
    ax.add_collection(contours)
    minimum, = ax.plot([], [], "*", color="white", markeredgecolor="black", markersize=16,
                       zorder=2, label="minimum")
    paths, ends = {}, {}
    for name in OPTIMISERS:
        color, style, marker = STYLES[name]
        under = UNDERLAID.get(name, {})
        paths[name], = ax.plot([], [], color=color, linestyle=style,
                               linewidth=under.get("linewidth", 1.8), marker=marker,
                               markersize=4.5, markevery=MARK_EVERY,
                               zorder=under.get("zorder", 3), label=name)
        ends[name], = ax.plot([], [], marker=marker, color=color, markeredgecolor="white",
                              markersize=under.get("end_size", 9), linestyle="none",
                              zorder=under.get("end_zorder", 4), clip_on=False)
    start, = ax.plot([], [], "P", color="white", markeredgecolor="black", markersize=12,
                     zorder=5, label="start")
    ax.legend(handles=[start, minimum] + list(paths.values()), loc="upper center",
              bbox_to_anchor=(0.5, -0.09), ncol=4, frameon=False, fontsize="small")
    return {"contours": contours, "minimum": minimum, "start": start, "paths": paths,
            "ends": ends}


def _point(p) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def readout(out: RaceResult, landscape: str) -> str:
    """Each optimiser's result in words: where it ended, its distance to the minimum (or, for the
    saddle, how far f fell), or the step at which it diverged; then who came closest."""
    objective, _ = LANDSCAPES[landscape]
    lines, scores = [], {}
    has_min = len(objective.minima) > 0
    for i, name in enumerate(OPTIMISERS):
        end, k = out.final[i], int(out.stopped_at[i])
        outside = bool(np.any(np.abs(end) > VIEW[1]))
        if out.diverged[i] and not has_min:
            lines.append(f"<b>{name}</b>: escaped, step {k + 1} passed ‖x‖ = {BOUND:g} "
                         f"(last point {_point(end)}"
                         + (", off the plot: its end marker sits on the edge" if outside else "")
                         + "; f falls without end along y)")
            scores[name] = k - 1e6             # escaped: the earlier, the better
            continue
        if out.diverged[i]:
            lines.append(f"<b>{name}</b>: diverged, step {k + 1} passed ‖x‖ = {BOUND:g} "
                         f"(last point {_point(end)}"
                         + (", off the plot: its end marker sits on the edge" if outside else "")
                         + "): its learning rate is too large here")
            scores[name] = np.inf
            continue
        text = f"<b>{name}</b>: ends at {_point(end)}, f = {out.loss[i]:.3g}"
        if has_min:
            distance = float(np.sqrt(np.sum((end - objective.minima[0]) ** 2)))
            text += f", {distance:.2g} from the minimum"
            scores[name] = distance
        else:
            scores[name] = out.loss[i]
        if outside:
            text += " (outside the plot: its end marker sits on the edge)"
        lines.append(text)
    best = min(scores, key=scores.get)
    if not np.isfinite(scores[best]):
        summary = "every run diverged: lower the learning rates"
    elif has_min:
        summary = (f"closest after {STEPS} steps: <b>{best}</b> "
                   f"({scores[best]:.2g} from the minimum {_point(objective.minima[0])})")
    elif out.diverged[OPTIMISERS.index(best)]:
        summary = (f"f = x² − y² has no minimum; the first to escape the saddle is <b>{best}</b>, "
                   f"at step {int(out.stopped_at[OPTIMISERS.index(best)]) + 1}")
    else:
        summary = (f"f = x² − y² has no minimum; none escaped beyond ‖x‖ = {BOUND:g}; the run "
                   f"that fell lowest is <b>{best}</b>")
    return f"<i>f(x, y) = {objective.formula}</i><br>" + "<br>".join(lines) + "<br>" + summary


def explorer(landscape: str = "Rosenbrock", lr_plain: float = 1e-3, lr_adaptive: float = 0.1,
             momentum: float = 0.9, beta1: float = 0.9, beta2: float = 0.99) -> explore.Explorer:
    """The race: a choice of landscape, two learning-rate sliders (log), momentum, beta1 and
    beta2 sliders; five paths over the contours."""
    if landscape not in LANDSCAPES:
        raise ValueError(f"optimiser_race.explorer: landscape must be one of {list(LANDSCAPES)}, "
                         f"got {landscape!r}")
    fig, ax = explore.figure(size=(6.0, 6.4))
    # a fixed layout: every landscape's background has the axes in the same place, and
    # constrained layout would cost a second on the first draw
    fig.set_layout_engine("none")
    ax.set_position([0.11, 0.19, 0.86, 0.75])
    artists = draw(ax)
    lines = {name: contour_lines(name) for name in LANDSCAPES}
    shown = {"landscape": None}

    def show_landscape(name):
        segments, heights = lines[name]
        artists["contours"].set_segments(segments)
        artists["contours"].set_color(level_colors(heights, top=0.45))
        minima = LANDSCAPES[name][0].minima
        artists["minimum"].set_data(minima[:, 0], minima[:, 1])
        shown["landscape"] = name

    def update(landscape, lr_plain, lr_adaptive, momentum, beta1, beta2):
        if landscape != shown["landscape"]:
            show_landscape(landscape)
        out = race(landscape, lr_plain=float(f"{lr_plain:.12g}"),
                   lr_adaptive=float(f"{lr_adaptive:.12g}"), momentum=momentum, beta1=beta1,
                   beta2=beta2)
        start = out.paths[0, 0]
        artists["start"].set_data([start[0]], [start[1]])
        for i, name in enumerate(OPTIMISERS):
            path = out.paths[i, :out.stopped_at[i] + 1]
            artists["paths"][name].set_data(path[:, 0], path[:, 1])
            end = np.clip(out.final[i], *VIEW)          # a run that left the plot: on the edge
            artists["ends"][name].set_data([end[0]], [end[1]])
        return readout(out, landscape)

    controls = {
        "landscape": explore.choice("landscape", list(LANDSCAPES), landscape),
        "lr_plain": explore.log_slider("lr of SGD, momentum", *LR_PLAIN_RANGE, lr_plain,
                                       steps=40),
        "lr_adaptive": explore.log_slider("lr of AdaGrad, RMSProp, Adam", *LR_ADAPTIVE_RANGE,
                                          lr_adaptive, steps=30),
        "momentum": explore.slider("momentum μ", 0.0, 0.99, momentum, 0.01),
        "beta1": explore.slider("Adam's β1", 0.0, 0.99, beta1, 0.01),
        "beta2": explore.slider("β2 (Adam), α (RMSProp)", 0.0, 0.999, beta2, 0.001, fmt=".3f"),
    }
    moving = ([artists["start"]] + list(artists["paths"].values())
              + list(artists["ends"].values()))
    for artist in moving:
        artist.set_in_layout(False)
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="The optimiser race: five optimisers, one landscape",
                          background_key=lambda: shown["landscape"])
    ex.must_show = [artists["start"], artists["minimum"]] + list(artists["ends"].values())
    ex.prerender(show_landscape, [n for n in LANDSCAPES if n != landscape] + [landscape])
    ex.refresh()
    return ex
