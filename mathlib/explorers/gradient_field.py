"""Explorer for notebook 06: the gradient of ``f(x, y) = x^2/4 + y^2`` at a movable point.

The contour plot is drawn once. At the point (x0, y0) the gradient arrow (steepest ascent) and
the negative gradient (steepest descent) are drawn, with the contour line through the point, to
which the gradient is perpendicular. Two side panels show the slices f(., y0) and f(x0, .) with
their tangent lines: their slopes are the two partial derivatives, and each slice depends on
where the other variable is held.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import FancyArrowPatch

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "06"  # the notebook that shows this explorer

X_RANGE = (-2.5, 2.5)          # the point stays 0.7 inside the plot: its arrows and most of
Y_RANGE = (-1.6, 1.6)          # its contour fit on it
PLOT_X = (-3.3, 3.3)
PLOT_Y = (-2.3, 2.3)
SLICE_Y = (-0.5, 7.5)
ARROW_SCALE = 0.4              # both arrows are drawn 0.4 times as long as the gradient ...
ARROW_MARGIN = 0.08            # ... unless one would end less than this inside the plot: then
                               # both are shortened together (same length) and the figure says so
_T = np.linspace(0.0, 2 * np.pi, 181)
# The largest angle between -grad f and the direction to the minimum: grad f = (x/2, 2y) turns
# 4 times as steeply as (x, y); tan(difference) = 3t / (1 + 4t^2) with t = y/x is largest, 3/4,
# at t = 1/2: arctan(3/4) = 36.87 degrees.
MAX_MISS = float(np.degrees(np.arctan(0.75)))


def f(x, y):
    """``f(x, y) = x^2 / 4 + y^2`` (elementwise): a bowl, stretched along x."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return x * x / 4 + y * y


def grad_f(x, y) -> np.ndarray:
    """The gradient by hand: ``(df/dx, df/dy) = (x / 2, 2 y)``. Shape (2,)."""
    return np.array([x / 2, 2 * y], dtype=float)


def level_curve(c: float) -> np.ndarray:
    """The contour ``f = c`` (c >= 0), an ellipse ``(2 sqrt(c) cos t, sqrt(c) sin t)``. Shape (181, 2)."""
    r = np.sqrt(max(c, 0.0))
    return np.column_stack([2 * r * np.cos(_T), r * np.sin(_T)])


@dataclass(frozen=True, eq=False)
class GradientFieldResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    value: float
    grad: np.ndarray
    norm: float
    contour: np.ndarray
    tangent: np.ndarray
    angle: float
    to_minimum: float


def compute(x0: float, y0: float) -> GradientFieldResult:
    """Value, partials, gradient, the contour's direction and the slices at (x0, y0).

    Returns a :class:`GradientFieldResult`: ``value`` f(x0, y0); ``grad`` (2,); ``norm`` |grad|; ``contour`` (181, 2) the
    level curve through the point; ``tangent`` (2,) the contour's direction at the point (a unit
    vector, from the ellipse's parametrisation, or zeros at the minimum); ``angle`` between the
    gradient and that direction in degrees (90, or nan when the gradient is 0);
    ``to_minimum`` the angle between -grad and the direction to the minimum (0, 0) in degrees
    (nan at the minimum).
    """
    x0 = as_scalar(x0, "x0", "gradient_field.compute")
    y0 = as_scalar(y0, "y0", "gradient_field.compute")
    value = float(f(x0, y0))
    g = grad_f(x0, y0)
    norm = float(np.hypot(*g))
    # the ellipse at parameter t with cos t = x0 / (2 sqrt c), sin t = y0 / sqrt c has velocity
    # (-2 sqrt(c) sin t, sqrt(c) cos t), parallel to (-2 y0, x0 / 2)
    velocity = np.array([-2 * y0, x0 / 2])
    speed = float(np.hypot(*velocity))
    tangent = velocity / speed if speed > 0 else np.zeros(2)
    angle = to_minimum = np.nan
    if norm > 0:
        angle = float(np.degrees(np.arccos(np.clip(g @ tangent / norm, -1.0, 1.0))))
        to_min = -np.array([x0, y0]) / np.hypot(x0, y0)
        to_minimum = float(np.degrees(np.arccos(np.clip(-g @ to_min / norm, -1.0, 1.0))))
    return GradientFieldResult(value=value, grad=g, norm=norm, contour=level_curve(value),
                               tangent=tangent, angle=angle, to_minimum=to_minimum)


def arrow_length(start, g) -> float:
    """The drawn length of both arrows (``g`` and ``-g``) from ``start``: ARROW_SCALE |g|, or
    less when either arrow would come within ARROW_MARGIN of the plot's edge. Both arrows get the
    same length, so they stay as long as each other, as ``g`` and ``-g`` are."""
    norm = float(np.hypot(*g))
    start = np.asarray(start, dtype=float)
    if norm == 0:
        return 0.0
    u = np.asarray(g, dtype=float) / norm
    length = ARROW_SCALE * norm
    for sign in (1.0, -1.0):
        for k, (lo, hi) in enumerate((PLOT_X, PLOT_Y)):      # room to each edge along sign*u
            step = sign * u[k]
            if step > 0:
                length = min(length, (hi - ARROW_MARGIN - start[k]) / step)
            elif step < 0:
                length = min(length, (lo + ARROW_MARGIN - start[k]) / step)
    return max(length, 0.0)


def arrow_end(start, g, sign: float = 1.0) -> np.ndarray:
    """Where the drawn arrow for ``sign * g`` ends: ``start + sign * arrow_length(start, g) *
    g / |g|`` (the start itself when g = 0)."""
    norm = float(np.hypot(*g))
    start = np.asarray(start, dtype=float)
    if norm == 0:
        return start
    return start + sign * arrow_length(start, g) * np.asarray(g, dtype=float) / norm


# where the "shortened" note may go: a corner of the plot (axes coordinates and alignment)
_CORNERS = [((0.02, 0.02), "left", "bottom"), ((0.98, 0.02), "right", "bottom"),
            ((0.02, 0.98), "left", "top"), ((0.98, 0.98), "right", "top")]


def _distance_to_segment(p, a, b) -> float:
    d = b - a
    t = 0.0 if not d @ d else min(1.0, max(0.0, float((p - a) @ d / (d @ d))))
    return float(np.hypot(*(p - a - t * d)))


def note_corner(start, ends) -> int:
    """The index in ``_CORNERS`` of the plot corner farthest from the arrows (start to each end)."""
    start = np.asarray(start, dtype=float)
    best, far = 0, -1.0
    for i, ((cx, cy), _, _) in enumerate(_CORNERS):
        corner = np.array([PLOT_X[0] + cx * (PLOT_X[1] - PLOT_X[0]),
                           PLOT_Y[0] + cy * (PLOT_Y[1] - PLOT_Y[0])])
        d = min(_distance_to_segment(corner, start, np.asarray(e, dtype=float)) for e in ends)
        if d > far:
            best, far = i, d
    return best


def draw(ax, ax_x, ax_y) -> dict:
    """The contour plot and the slice axes, once; return the artists that move."""
    xs, ys = np.linspace(*PLOT_X, 161), np.linspace(*PLOT_Y, 121)
    Z = f(xs[None, :], ys[:, None])
    levels = [0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6]
    ax.contourf(xs, ys, Z, levels=[0, *levels, Z.max()], cmap="viridis", alpha=0.55)
    ax.contour(xs, ys, Z, levels=levels, colors="white", linewidths=0.8)
    ax.plot([0], [0], "+", color="black", ms=10, mew=2)
    ax.text(0.08, -0.25, "minimum", fontsize="small")
    ax.set_aspect("equal")
    ax.set_xlim(*PLOT_X)
    ax.set_ylim(*PLOT_Y)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("f(x, y) = x²/4 + y²: the gradient is perpendicular to the contour")
    ax.grid(False)
    a = {}
    a["contour"], = ax.plot([], [], color="black", ls="--", lw=1.5, label="contour through the point")
    a["up"] = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=18, lw=2.5,
                              color=LINE_COLORS["vermillion"], label="gradient (steepest ascent)")
    a["down"] = FancyArrowPatch((0, 0), (-1, 0), arrowstyle="-|>", mutation_scale=18, lw=2,
                                ls="--", color=LINE_COLORS["blue"],
                                label="−gradient (steepest descent)")
    ax.add_patch(a["up"])
    ax.add_patch(a["down"])
    a["note"] = ax.text(0.02, 0.02, "", transform=ax.transAxes, fontsize="small",
                        ha="left", va="bottom", zorder=6, visible=False,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85,
                              "pad": 1.5})
    a["point"], = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=9,
                          zorder=5)
    from matplotlib.lines import Line2D
    proxies = [a["contour"],
               Line2D([], [], color=LINE_COLORS["vermillion"], lw=2.5, marker=">",
                      label="gradient (steepest ascent)"),
               Line2D([], [], color=LINE_COLORS["blue"], lw=2, ls="--", marker=">",
                      label="−gradient (steepest descent)")]
    ax.figure.legend(handles=proxies, loc="outside lower center", ncol=3, frameon=False,
                     fontsize="small")

    a["slice_x"], = ax_x.plot([], [], color=LINE_COLORS["black"], lw=2)
    a["tan_x"], = ax_x.plot([], [], color=LINE_COLORS["vermillion"], ls="--", lw=1.5)
    a["pt_x"], = ax_x.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=7)
    ax_x.set_xlim(*PLOT_X)
    ax_x.set_ylim(*SLICE_Y)
    ax_x.set_xlabel("x   (y held at y₀)")
    ax_x.set_ylabel("f(x, y₀)")
    ax_x.set_title("slice along x: slope ∂f/∂x", fontsize="medium")

    a["slice_y"], = ax_y.plot([], [], color=LINE_COLORS["black"], lw=2)
    a["tan_y"], = ax_y.plot([], [], color=LINE_COLORS["vermillion"], ls="--", lw=1.5)
    a["pt_y"], = ax_y.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=7)
    ax_y.set_xlim(*PLOT_Y)
    ax_y.set_ylim(*SLICE_Y)
    ax_y.set_xlabel("y   (x held at x₀)")
    ax_y.set_ylabel("f(x₀, y)")
    ax_y.set_title("slice along y: slope ∂f/∂y", fontsize="medium")
    return a


def explorer(x0: float = 2.0, y0: float = 1.0) -> explore.Explorer:
    """Sliders for the point (x0, y0); the gradient arrows on the contour plot and the slices."""
    fig, axes = explore.figure(2, 2, size=(8.6, 4.5),
                               gridspec_kw={"width_ratios": [1.7, 1]})
    fig.set_layout_engine("constrained")
    grid = axes[0, 0].get_gridspec()
    axes[0, 0].remove()
    axes[1, 0].remove()
    ax = fig.add_subplot(grid[:, 0])
    artists = draw(ax, axes[0, 1], axes[1, 1])
    sx, sy = np.linspace(*PLOT_X, 121), np.linspace(*PLOT_Y, 91)
    ex_, ey_ = np.array(PLOT_X), np.array(PLOT_Y)

    def update(x0, y0):
        out = compute(x0, y0)
        g, start = out.grad, np.array([x0, y0])
        artists["contour"].set_data(out.contour[:, 0], out.contour[:, 1])
        moving = out.norm > 0
        drawn = arrow_length(start, g)
        true = ARROW_SCALE * out.norm
        shortened = moving and drawn < true - 1e-9
        ends = [arrow_end(start, g, sign) for sign in (1.0, -1.0)]
        for key, end in zip(("up", "down"), ends):
            artists[key].set_visible(moving)
            if moving:
                artists[key].set_positions(tuple(start), tuple(end))
        note = artists["note"]                 # the details are in the readout
        note.set_visible(shortened)
        if shortened:
            (cx, cy), ha, va = _CORNERS[note_corner(start, ends)]
            note.set_position((cx, cy))
            note.set_ha(ha)
            note.set_va(va)
            note.set_text(f"arrows shortened; true length {true:.2f}")     # short: quick to draw
        artists["point"].set_data([x0], [y0])
        artists["slice_x"].set_data(sx, f(sx, y0))
        artists["tan_x"].set_data(ex_, out.value + g[0] * (ex_ - x0))
        artists["pt_x"].set_data([x0], [out.value])
        artists["slice_y"].set_data(sy, f(x0, sy))
        artists["tan_y"].set_data(ey_, out.value + g[1] * (ey_ - y0))
        artists["pt_y"].set_data([y0], [out.value])
        head = (f"f = {out.value:.3f}; ∂f/∂x = x/2 = <b>{g[0]:.3f}</b>, "
                f"∂f/∂y = 2y = <b>{g[1]:.3f}</b>, |grad| = <b>{out.norm:.3f}</b>")
        if not moving:
            return (head + ". The gradient is zero: a flat point (here the minimum), no "
                           "direction of steepest ascent; no arrows.")
        scale = (f" Both arrows are drawn {ARROW_SCALE}&times;|grad| long"
                 + (f", here <b>shortened together to fit</b> the plot: drawn {drawn:.2f}, "
                    f"true length {true:.2f}." if shortened else f" = {true:.2f}."))
        return (head + f". The gradient is perpendicular to the contour "
                       f"(angle {out.angle:.1f}°); −gradient misses the direction to the "
                       f"minimum by <b>{out.to_minimum:.1f}°</b> (on this bowl at most "
                       f"{MAX_MISS:.1f}°, on the lines y = ±x/2)." + scale)

    controls = {"x0": explore.slider("x₀", *X_RANGE, x0, 0.05),
                "y0": explore.slider("y₀", *Y_RANGE, y0, 0.05)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="The gradient on a contour plot")
