"""Explorer for notebook 05: the unit circle of the p-norm, from the L1 diamond through the
Euclidean circle to the L-infinity square.

For p >= 1 the p-norm of a point ``x = (x_1, x_2)`` is ``|x|_p = (|x_1|^p + |x_2|^p)^(1/p)`` and
``|x|_inf = max(|x_1|, |x_2|)``. The *unit ball* is the set ``|x|_p <= 1``; the curve drawn here is
its boundary, the points with ``|x|_p = 1``. The explorer also offers p = 0.5 and 0.75, where the
same formula is *not* a norm: the shape caves in and the triangle inequality fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_array, as_scalar
from ..linalg import norm
from ..plotting import COLORS, LINE_COLORS
from ._layout import setup_axes

NOTEBOOK = "05"  # the notebook that shows this explorer

POINT = (0.6, 0.8)                      # the fixed point whose norm the readout gives
ANGLES = np.radians(np.arange(0.0, 360.5, 0.5))   # includes every multiple of 45 degrees exactly
# The choices of p: two values below 1 (not a norm), 1 to 10 in quarter steps, and infinity.
P_VALUES = [0.5, 0.75] + [float(v) for v in np.arange(1.0, 10.01, 0.25)] + [math.inf]
LIMIT = 1.45


def _order(p, where: str) -> float:
    """p as a float > 0 (math.inf allowed), or a clear error."""
    if isinstance(p, (int, float, np.number)) and not isinstance(p, (bool, np.bool_)) \
            and math.isinf(float(p)) and float(p) > 0:
        return math.inf
    p = as_scalar(p, "p", where)
    if not p > 0:
        raise ValueError(f"{where}: p must be > 0 (or math.inf), got p = {p}")
    return p


def p_size(points, p) -> np.ndarray:
    """``(sum_i |x_i|^p)^(1/p)`` for every row of ``points`` (n, 2) -> (n,); max |x_i| for p = inf.

    For p >= 1 this is the p-norm; for 0 < p < 1 the same formula, which is not a norm.
    Written as ``m (sum_i (|x_i| / m)^p)^(1/p)`` with m = max |x_i|, so nothing overflows; a zero
    row gives 0.
    """
    where = "unit_balls.p_size"
    p = _order(p, where)
    x = as_array(points, "points", where, ndim=2)
    a = np.abs(x)
    m = a.max(axis=1)
    if math.isinf(p):
        return m
    safe = np.where(m > 0, m, 1.0)
    return m * np.sum((a / safe[:, None]) ** p, axis=1) ** (1.0 / p)


def unit_circle(p, angles=ANGLES) -> np.ndarray:
    """The points with ``|x|_p = 1``, one per direction: ``u / |u|_p`` for ``u = (cos t, sin t)``.

    Shape: angles (m,) -> (m, 2). For p = 1 a diamond, p = 2 the circle, p = inf a square.
    """
    angles = as_array(angles, "angles", "unit_balls.unit_circle", ndim=1)
    directions = np.column_stack([np.cos(angles), np.sin(angles)])
    return directions / p_size(directions, p)[:, None]


def shape_words(p) -> str:
    """The shape of the unit circle of the p-norm, in words."""
    p = _order(p, "unit_balls.shape_words")
    if math.isinf(p):
        return "a square with corners at (&plusmn;1, &plusmn;1): the L-infinity norm"
    if p < 1:
        return ("a star whose sides cave inwards; it is not convex, so for p &lt; 1 the formula "
                "is <b>not a norm</b> (the triangle inequality fails)")
    if p == 1:
        return "a diamond (a square standing on a corner), corners on the axes: the L1 norm"
    if p < 2:
        return "a rounded diamond, between the L1 diamond and the circle"
    if p == 2:
        return "a circle: the Euclidean (L2) norm, the ordinary length"
    return "a rounded square, between the circle and the L-infinity square"


@dataclass(frozen=True, eq=False)
class UnitBallsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    p: float
    curve: np.ndarray
    size: float
    where: str
    is_norm: bool
    shape: str


def compute(p, point=POINT) -> UnitBallsResult:
    """The unit circle of the p-norm and the size of ``point`` (2,) under it.

    Returns ``curve`` (m, 2), ``size`` = ``|point|_p``, ``where`` ("inside", "on" or "outside"
    the unit ball), ``is_norm`` (p >= 1), ``shape`` (words) and ``p``.
    """
    p = _order(p, "unit_balls.compute")
    point = as_array(point, "point", "unit_balls.compute", ndim=1)
    if point.shape != (2,):
        raise ValueError(f"unit_balls.compute: point must have 2 coordinates, got {point.shape}")
    size = norm(point, p=p) if p >= 1 else float(p_size(point[None, :], p)[0])
    where = "on" if abs(size - 1.0) < 1e-9 else "inside" if size < 1.0 else "outside"
    return UnitBallsResult(p=p, curve=unit_circle(p), size=size, where=where, is_norm=p >= 1,
                           shape=shape_words(p))


def p_label(p: float) -> str:
    """How p is written on the control: 1, 1.25, ..., 10, and "∞ (infinity)"."""
    return "\u221e (infinity)" if math.isinf(p) else f"{p:g}"


def draw(ax, point=POINT) -> dict:
    """The axes, the faint L1 diamond and L-infinity square, the fixed point; returns the curve."""
    setup_axes(ax, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True, xlabel="$x_1$",
               ylabel="$x_2$", title="the points with $\\|x\\|_p = 1$: the shape depends on p",
               origin=True)
    diamond = unit_circle(1.0, np.radians(np.arange(0.0, 361.0, 90.0)))
    square = unit_circle(math.inf, np.radians(np.arange(45.0, 406.0, 90.0)))
    ax.plot(diamond[:, 0], diamond[:, 1], color=LINE_COLORS["grey"], linestyle="--", linewidth=1.2,
            label="p = 1 (diamond)", zorder=2)
    ax.plot(square[:, 0], square[:, 1], color=LINE_COLORS["grey"], linestyle=":", linewidth=1.5,
            label="p = \u221e (square)", zorder=2)
    curve = Line2D([], [], color=COLORS["blue"], linewidth=2.5, label="$\\|x\\|_p = 1$", zorder=3)
    ax.add_line(curve)
    ax.plot([point[0]], [point[1]], marker="o", markersize=8, color=COLORS["vermillion"],
            linestyle="none", label=f"x = ({point[0]:g}, {point[1]:g})", zorder=4)
    # beside the axes, in room the layout makes for it (an "outside" figure legend): never cut
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside right upper")
    return {"curve": curve}


def readout(out: UnitBallsResult, point=POINT) -> str:
    """The shape in words and the size of the fixed point."""
    p = p_label(out.p)
    name = "&#8214;x&#8214;" + (f"<sub>{p.split()[0]}</sub>")
    x = f"({point[0]:g}, {point[1]:g})"
    text = f"p = <b>{p}</b>: the curve is {out.shape}.<br>"
    if out.is_norm:
        place = {"on": "<b>on the edge</b> of the unit ball (the curve)",
                 "inside": "<b>inside</b> the unit ball (within the curve)",
                 "outside": "<b>outside</b> the unit ball (beyond the curve)"}[out.where]
        text += f"x = {x}: {name} = <b>{out.size:.4f}</b>, so x is {place}"
    else:
        text += (f"x = {x}: the formula gives <b>{out.size:.4f}</b> (not a norm: for "
                 "x = (1, 0) and y = (0, 1) it gives 1 and 1, but for x + y it gives "
                 f"<b>{2 ** (1 / out.p):.3f}</b> &gt; 1 + 1)")
    return text


def explorer(p: float = 2.0) -> explore.Explorer:
    """A p control (0.5 ... 10 and infinity) drawing the unit circle of the p-norm."""
    if p not in P_VALUES:
        raise ValueError(f"unit_balls.explorer: p must be one of the control's values "
                         f"(0.5, 0.75, 1, 1.25, ..., 10, math.inf), got {p}")
    fig, ax = explore.figure(1, 1, size=(7.0, 4.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(p):
        out = compute(p)
        artists["curve"].set_data(out.curve[:, 0], out.curve[:, 1])
        return readout(out)

    control = widgets.SelectionSlider(
        description="p", options=[(p_label(v), v) for v in P_VALUES], value=p,
        continuous_update=True, style={"description_width": "150px"},
        layout={"width": "520px"})
    return explore.Explorer(fig, {"p": control}, update, animated=[artists["curve"]],
                            title="The unit ball of the p-norm")
