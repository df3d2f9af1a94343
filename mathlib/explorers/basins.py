"""Explorer for notebook 16: where does gradient descent end? Start-point sliders on a non-convex
surface with three wells, the saddle points between them and a plateau around them.

The surface is ``f(x, y) = -sum_i d_i exp(-||p - c_i||^2 / (2 s^2))``: three Gaussian wells of
depths ``DEPTHS`` at ``CENTRES`` (so three local minima, the deepest the global one), saddle
points on the ridges between the wells and, far from every well, a **plateau** where f is almost
0 and its gradient almost vanishes (it falls like ``exp(-r^2 / 2 s^2)``). Gradient descent runs
with a fixed learning rate from the start the sliders (or a click) choose.

Everything that does not depend on the start is computed once (and cached): the critical points
(by Newton's method on the gradient, classified by the Hessian's eigenvalues) and the **basin
map**, where a descent of ``MAX_STEPS`` steps from every point of a grid ends. The map is the
static background; a move runs one descent of at most ``MAX_STEPS`` steps (the rule of
``mathlib.optim.gradient_descent``, written on floats for speed: :func:`descend`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import contourpy
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap

from .. import explore
from .._checks import as_int, as_scalar
from ..plotting import COLORS

NOTEBOOK = "16"  # the notebook that shows this explorer

CENTRES = ((-1.2, -0.9), (1.3, -0.6), (0.1, 1.3))
DEPTHS = (1.0, 0.75, 0.55)
WIDTH = 0.6                     # s, the wells' width
LEARNING_RATE = 0.3             # below 2 / (largest curvature, 1 / s^2 = 2.8): stable everywhere
MAX_STEPS = 300
VIEW = (-3.5, 3.5)
START_STEP = 0.05
NAMES = ("A", "B", "C")         # the minima, deepest first
ARRIVED = 0.05                  # a run "ends at" a critical point within this distance
FLAT = 1e-3                     # a gradient this small on the plateau: descent has stalled
# where each minimum's label sits, from the minimum (data units): inside its own basin, clear of
# the saddle points, the maximum, the borders and the default start's path
LABEL_OFFSETS = ((-0.35, -0.6), (0.25, -0.55), (-0.2, -0.42))


def f(x, y):
    """The surface at points (x, y) (arrays of one shape, or numbers)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = np.zeros(np.broadcast(x, y).shape)
    for (cx, cy), d in zip(CENTRES, DEPTHS):
        out = out - d * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * WIDTH ** 2))
    return out


def gradient(x, y):
    """(df/dx, df/dy) at points (x, y) (arrays of one shape)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    gx, gy = np.zeros(np.broadcast(x, y).shape), np.zeros(np.broadcast(x, y).shape)
    for (cx, cy), d in zip(CENTRES, DEPTHS):
        e = d * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * WIDTH ** 2)) / WIDTH ** 2
        gx = gx + e * (x - cx)
        gy = gy + e * (y - cy)
    return gx, gy


def hessian(x, y):
    """(f_xx, f_xy, f_yy) at points (x, y)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    shape = np.broadcast(x, y).shape
    hxx, hxy, hyy = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    s2 = WIDTH ** 2
    for (cx, cy), d in zip(CENTRES, DEPTHS):
        e = d * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s2)) / s2
        u, v = x - cx, y - cy
        hxx = hxx + e * (1 - u * u / s2)
        hxy = hxy - e * u * v / s2
        hyy = hyy + e * (1 - v * v / s2)
    return hxx, hxy, hyy


def _grad_xy(x: float, y: float) -> tuple[float, float]:
    """The gradient at one point, with math on floats: fast for a descent's many calls."""
    gx = gy = 0.0
    for (cx, cy), d in zip(CENTRES, DEPTHS):
        u, v = x - cx, y - cy
        e = d * math.exp(-(u * u + v * v) / (2 * WIDTH ** 2)) / WIDTH ** 2
        gx += e * u
        gy += e * v
    return gx, gy


def descend(x0: float, y0: float, steps: int) -> np.ndarray:
    """The path (steps + 1, 2) of ``x_{k+1} = x_k - LEARNING_RATE * grad f(x_k)`` from (x0, y0):
    ``mathlib.optim.gradient_descent``'s rule (the tests compare the two), on floats, so that a
    slider move runs 300 steps in well under a millisecond. The gradient is bounded (by 1.2), so
    no run diverges."""
    path = np.empty((steps + 1, 2))
    x, y = float(x0), float(y0)
    path[0] = x, y
    for k in range(1, steps + 1):
        gx, gy = _grad_xy(x, y)
        x, y = x - LEARNING_RATE * gx, y - LEARNING_RATE * gy
        path[k] = x, y
    return path


@dataclass(frozen=True, eq=False)
class CriticalPoints:
    """The surface's critical points in the view: ``minima`` (3, 2) deepest first, their
    values ``minimum_values``, ``saddles`` (s, 2) (Hessian eigenvalues of both signs) and
    ``maxima`` (m, 2) (both eigenvalues negative)."""

    minima: np.ndarray
    minimum_values: np.ndarray
    saddles: np.ndarray
    maxima: np.ndarray


@lru_cache(maxsize=1)
def critical_points() -> CriticalPoints:
    """Newton's method on the gradient from a grid of starts; points where the gradient is 0
    (to 1e-12), away from the plateau (f < -0.05), kept once each and told apart by the
    Hessian's eigenvalues (both > 0: a minimum; one < 0: a saddle)."""
    t = np.linspace(*VIEW, 36)
    P = np.stack(np.meshgrid(t, t), axis=-1).reshape(-1, 2)
    for _ in range(40):
        gx, gy = gradient(P[:, 0], P[:, 1])
        a, b, c = hessian(P[:, 0], P[:, 1])
        det = a * c - b * b
        ok = np.abs(det) > 1e-12
        safe = np.where(ok, det, 1.0)
        step_x = np.where(ok, (c * gx - b * gy) / safe, 0.0)
        step_y = np.where(ok, (a * gy - b * gx) / safe, 0.0)
        P = np.clip(P - np.stack([step_x, step_y], axis=1), -10.0, 10.0)
    gx, gy = gradient(P[:, 0], P[:, 1])
    keep = (np.hypot(gx, gy) < 1e-12) & (f(P[:, 0], P[:, 1]) < -0.05) \
        & np.all(np.abs(P) <= VIEW[1], axis=1)
    found = []
    for p in P[keep]:
        if all(np.hypot(*(p - q)) > 1e-6 for q in found):
            found.append(p)
    found = np.array(found)
    a, b, c = hessian(found[:, 0], found[:, 1])
    root = np.sqrt(((a - c) / 2) ** 2 + b * b)
    low, high = (a + c) / 2 - root, (a + c) / 2 + root          # the Hessian's eigenvalues
    minima = found[low > 0]
    values = f(minima[:, 0], minima[:, 1])
    order = np.argsort(values)
    saddles = found[(low < 0) & (high > 0)]
    return CriticalPoints(minima=minima[order], minimum_values=values[order],
                          saddles=saddles[np.argsort(saddles[:, 0])], maxima=found[high < 0])


def classify(end, grad_norm: float) -> int:
    """Where a descent ended: 0, 1, 2 the minimum A, B, C (within ``ARRIVED``), 3 a saddle
    point, 4 still on the plateau or on the way (no critical point near)."""
    cp = critical_points()
    for i, m in enumerate(cp.minima):
        if math.hypot(end[0] - m[0], end[1] - m[1]) < ARRIVED:
            return i
    for s in cp.saddles:
        if math.hypot(end[0] - s[0], end[1] - s[1]) < ARRIVED:
            return 3
    return 4


GRID = round((VIEW[1] - VIEW[0]) / START_STEP) + 1      # 141: every start a slider can set


@lru_cache(maxsize=1)
def basin_map(n_grid: int = GRID) -> tuple[np.ndarray, np.ndarray]:
    """Where a descent of ``MAX_STEPS`` steps from each point of an n x n grid over the view
    ends: (grid coordinates (n,), labels (n, n) as in :func:`classify`, row = y). All starts
    descend together, vectorised. The default grid has the start sliders' step, so every start
    they (or a click) can set is a grid point: the shade under the start is that start's own
    run, also right beside a border."""
    t = np.linspace(*VIEW, n_grid)
    XX, YY = np.meshgrid(t, t)
    x, y = XX.ravel().copy(), YY.ravel().copy()
    for _ in range(MAX_STEPS):
        gx, gy = gradient(x, y)
        x -= LEARNING_RATE * gx
        y -= LEARNING_RATE * gy
    cp = critical_points()
    labels = np.full(x.shape, 4)
    for i, m in enumerate(cp.minima):
        labels[np.hypot(x - m[0], y - m[1]) < ARRIVED] = i
    return t, labels.reshape(n_grid, n_grid)


@dataclass(frozen=True, eq=False)
class BasinsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    path: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    end: int
    arrived_at: int | None
    near_saddle: int | None


def compute(x0: float, y0: float, steps: int = MAX_STEPS) -> BasinsResult:
    """Gradient descent with ``LEARNING_RATE`` for ``steps`` steps from (x0, y0).

    Returns a :class:`BasinsResult` with ``path`` (steps + 1, 2), ``loss`` (steps + 1,) the
    values of f, ``grad_norm`` (steps + 1,), ``end`` where it ended (as :func:`classify`),
    ``arrived_at`` the first step within ``ARRIVED`` of the critical point it ended at (None
    when it ended at none) and ``near_saddle`` the first step within 0.3 of a saddle point
    (None if it never came that close). Raises ValueError for a non-finite start or negative
    steps.
    """
    start = np.array([as_scalar(x0, "x0", "basins.compute"), as_scalar(y0, "y0", "basins.compute")])
    steps = as_int(steps, "steps", "basins.compute", low=0)
    if not np.all(np.isfinite(start)):
        raise ValueError(f"basins.compute: the start must be finite, got ({x0}, {y0})")
    path = descend(start[0], start[1], steps)
    gx, gy = gradient(path[:, 0], path[:, 1])
    grad_norm = np.hypot(gx, gy)
    end = classify(path[-1], float(grad_norm[-1]))
    cp = critical_points()
    arrived_at = None
    if end < 4:
        target = cp.minima[end] if end < 3 else min(
            cp.saddles, key=lambda s: math.hypot(*(path[-1] - s)))
        close = np.hypot(path[:, 0] - target[0], path[:, 1] - target[1]) < ARRIVED
        arrived_at = int(np.argmax(close))
    near_saddle = None
    if len(cp.saddles):
        distance = np.min(np.hypot(path[:, None, 0] - cp.saddles[None, :, 0],
                                   path[:, None, 1] - cp.saddles[None, :, 1]), axis=1)
        if np.any(distance < 0.3):
            near_saddle = int(np.argmax(distance < 0.3))
    return BasinsResult(path=path, loss=f(path[:, 0], path[:, 1]), grad_norm=grad_norm, end=end,
                        arrived_at=arrived_at, near_saddle=near_saddle)


def _num(v: float) -> str:
    """A coordinate to 2 decimals, without a minus sign on 0.00."""
    return f"{0.0 if abs(v) < 0.005 else v:.2f}"


def readout(out: BasinsResult) -> str:
    """The readout in words: start, end, which minimum (local or global) or the plateau."""
    cp = critical_points()
    k = len(out.path) - 1
    start, end = out.path[0] + 0.0, out.path[-1] + 0.0
    first, last = (0.0 if abs(v) < 5e-4 else v for v in (out.loss[0], out.loss[-1]))
    steps = "step" if k == 1 else "steps"
    text = (f"start ({_num(start[0])}, {_num(start[1])}), f = {first:.3f}; after <b>{k}</b> "
            f"{steps} (learning rate {LEARNING_RATE:g}): ({_num(end[0])}, {_num(end[1])}), "
            f"f = <b>{last:.3f}</b>, ‖gradient‖ = {out.grad_norm[-1]:.1e}<br>")
    if k == 0:
        text += ("no step has been taken yet: this is only the start (drag <b>steps</b> up to "
                 "watch the descent)")
    elif out.end < 3:
        name = NAMES[out.end]
        kind = ("the <b>global</b> minimum" if out.end == 0 else
                f"a <b>local</b> minimum, not the global one (A, f = {cp.minimum_values[0]:.3f})")
        text += f"it ended at minimum <b>{name}</b> (step {out.arrived_at}): {kind}"
    elif out.end == 3:
        if out.grad_norm[-1] > 0:
            text += (f"after {k} {steps} it is still beside a <b>saddle point</b> (✕), where the "
                     "gradient is almost 0, so the steps are tiny; it is no minimum, and more "
                     "steps roll it off")
        else:
            text += ("it sits exactly on a <b>saddle point</b> (✕): the gradient is 0 there, so "
                     "it never moves, yet it is no minimum; a start a little off it would roll "
                     "off it")
    elif out.grad_norm[-1] < FLAT and out.loss[-1] > -0.05:
        text += ("it has <b>stalled on the plateau</b>: f is almost 0 and so is the gradient, "
                 "so every step is tiny. The loss has stopped falling, yet this is no minimum")
    elif out.loss[-1] > -0.05:
        text += ("it is still on its way across the <b>plateau</b>: f is almost 0 and the steps "
                 "are small (more steps would take it further)")
    else:
        text += ("it is still on its way down a well's slope (more steps would take it "
                 "further)")
    if out.near_saddle is not None and out.end != 3 and k > 0:
        text += (f"<br>from step {out.near_saddle} it came within 0.3 of a saddle point (✕): "
                 "there the gradient is small and the descent slows down")
    return text


BASIN_WORDS = ("basin of A", "basin of B", "basin of C", "", "plateau: not arrived")


def draw(ax_map, ax_loss) -> dict:
    """Draw the static picture once (basin map, contours, minima and saddle points) and the
    artists that move (path, start, the loss per step)."""
    cp = critical_points()
    t, labels = basin_map()
    margin = (-0.2, 0.2)               # the start marker at the slider's ends stays inside
    ax_map.set_xlim(*np.add(VIEW, margin))
    ax_map.set_ylim(*np.add(VIEW, margin))
    ax_map.set_aspect("equal")
    ax_map.set_xlabel("x")
    ax_map.set_ylabel("y")
    ax_map.set_title("where descent ends from each start")
    ax_map.grid(False)
    shades = ListedColormap(["#cfe2f3", "#fce5cd", "#d9ead3", "#ffffff", "#eeeeee"])
    half = (t[1] - t[0]) / 2           # each grid point at its pixel's centre, as the outlines
    ax_map.imshow(labels, origin="lower",
                  extent=(t[0] - half, t[-1] + half, t[0] - half, t[-1] + half),
                  cmap=shades, vmin=-0.5, vmax=4.5, interpolation="nearest", zorder=0)
    # the basins' edges as black lines (so the map is not told by colour alone)
    edges = []
    for k in (0, 1, 2, 4):             # each region's outline (a shared border drawn twice)
        generator = contourpy.contour_generator(t, t, (labels == k).astype(float))
        edges += [line for line in generator.lines(0.5) if len(line) >= 2]
    ax_map.add_collection(LineCollection(edges, colors="black", linewidths=0.8, zorder=1))
    tt = np.linspace(*VIEW, 121)
    XX, YY = np.meshgrid(tt, tt)
    ax_map.contour(XX, YY, f(XX, YY), levels=[-0.9, -0.7, -0.5, -0.3, -0.15, -0.05, -0.01],
                   colors="0.45", linewidths=0.6, zorder=1)
    # the critical points are drawn over the path and the start (animated, like them), so a start
    # on a saddle point does not hide it; the minima's labels sit where neither these markers, the
    # basins' borders nor the default start's path cross them (LABEL_OFFSETS)
    marks = [ax_map.plot(cp.minima[:, 0], cp.minima[:, 1], "*", color="white",
                         markeredgecolor="black", markersize=14, zorder=6, label="minimum")[0],
             ax_map.plot(cp.saddles[:, 0], cp.saddles[:, 1], "X", color="white",
                         markeredgecolor="black", markersize=9, zorder=6,
                         label="saddle point")[0],
             ax_map.plot(cp.maxima[:, 0], cp.maxima[:, 1], "^", color="white",
                         markeredgecolor="black", markersize=8, zorder=6, label="maximum")[0]]
    for name, (mx, my), value, (dx, dy) in zip(NAMES, cp.minima, cp.minimum_values,
                                               LABEL_OFFSETS):
        ax_map.text(mx + dx, my + dy, f"{name}  f = {value:.2f}", ha="center",
                    va="center", fontsize="small", fontweight="bold", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                              alpha=0.8))
    ax_map.text(VIEW[0] + 0.15, VIEW[1] - 0.15, "plateau (grey): f ≈ 0, gradient ≈ 0",
                fontsize="small", va="top", zorder=3,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.85))
    path, = ax_map.plot([], [], "-o", color=COLORS["vermillion"], markersize=2.5,
                        linewidth=1.4, zorder=4, label="descent path")
    start, = ax_map.plot([], [], "s", color=COLORS["orange"], markeredgecolor="black",
                         markersize=11, zorder=5, label="start")
    ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False,
                  fontsize="small", handlelength=1.5, columnspacing=0.8)

    ax_loss.set_xlim(0, MAX_STEPS)
    ax_loss.set_ylim(-1.05, 0.05)
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("f(x_k, y_k)")
    ax_loss.set_title("the loss per step")
    for name, value in zip(NAMES, cp.minimum_values):
        ax_loss.axhline(value, color="0.5", linestyle=":", linewidth=1.0, zorder=1)
        ax_loss.text(MAX_STEPS * 0.99, value + 0.01, f"minimum {name}", ha="right",
                     va="bottom", fontsize="small", color="0.3")
    loss, = ax_loss.plot([], [], "-", color=COLORS["blue"], linewidth=1.8, zorder=3)
    return {"path": path, "start": start, "loss": loss, "marks": marks}


def snap(value: float) -> float:
    """A clicked coordinate as a start-slider value: rounded to the slider's step, kept inside."""
    value = round(float(value) / START_STEP) * START_STEP
    return float(np.clip(round(value, 10), *VIEW))


def explorer(x0: float = 2.0, y0: float = 2.0) -> explore.Explorer:
    """Start sliders (or a click on the map) and a steps slider; the descent's path over the
    basin map and its loss per step."""
    fig, (ax_map, ax_loss) = explore.figure(1, 2, size=(9.0, 4.6))
    artists = draw(ax_map, ax_loss)
    fig.set_layout_engine("none")
    ax_map.set_position([0.07, 0.25, 0.4, 0.68])
    ax_loss.set_position([0.6, 0.25, 0.37, 0.68])

    def update(x0, y0, steps):
        out = compute(x0, y0, steps)
        artists["path"].set_data(out.path[:, 0], out.path[:, 1])
        artists["start"].set_data(out.path[:1, 0], out.path[:1, 1])
        artists["loss"].set_data(np.arange(len(out.loss)), out.loss)
        return readout(out)

    controls = {"x0": explore.slider("start x", *VIEW, x0, START_STEP),
                "y0": explore.slider("start y", *VIEW, y0, START_STEP),
                "steps": explore.slider("steps", 0, MAX_STEPS, MAX_STEPS, integer=True)}
    moving = [artists["path"], artists["start"], artists["loss"], *artists["marks"]]
    for artist in moving:
        artist.set_in_layout(False)
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="Where does gradient descent end? Three wells, saddles, a plateau")
    ex.must_show = [artists["start"], artists["loss"]]

    def on_click(event):
        """A click on the map moves the start there."""
        if event.inaxes is not ax_map or event.xdata is None:
            return
        ex.set(x0=snap(event.xdata), y0=snap(event.ydata))

    ex.connect("button_press_event", on_click)
    ex.on_click = on_click
    return ex
