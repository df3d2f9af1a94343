"""Explorer for notebook 01: two vectors in the plane, their lengths, directions and their sum.

The sum ``u + v`` is drawn with the parallelogram that explains it: walk along ``u``, then along
``v`` (or the other way round), and you arrive at the same corner.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS
from ..tensors import add, direction, length

COMPONENT_RANGE = (-3.0, 3.0)
LIMIT = 6.5          # the axes show [-LIMIT, LIMIT] in both directions: room for u + v
ARC_RADIUS = 0.8     # radius of the arc that marks the direction of u
LABEL_GAP = 0.45     # distance between an arrow's tip and its label


def compute(u_x: float, u_y: float, v_x: float, v_y: float) -> dict:
    """Two vectors ``u = (u_x, u_y)`` and ``v = (v_x, v_y)``, their sum and their measurements.

    Returns a dict with ``u``, ``v``, ``sum`` (2,) arrays, the lengths ``length_u``,
    ``length_v``, ``length_sum`` (``||w|| = sqrt(w_1^2 + w_2^2)``), the direction of u in degrees
    ``direction_u`` (in (-180, 180], 0 for the zero vector) and ``parallelogram`` (4, 2): the
    corners 0, u, u + v, v.
    """
    where = "vectors.compute"
    u = np.array([as_scalar(u_x, "u_x", where), as_scalar(u_y, "u_y", where)])
    v = np.array([as_scalar(v_x, "v_x", where), as_scalar(v_y, "v_y", where)])
    total = add(u, v)
    return {"u": u, "v": v, "sum": total,
            "length_u": length(u), "length_v": length(v), "length_sum": length(total),
            "direction_u": direction(u),
            "parallelogram": np.array([[0.0, 0.0], u, total, v])}


def angle_arc(direction_deg: float, radius: float = ARC_RADIUS, points: int = 40) -> np.ndarray:
    """Points (points, 2) on the arc from the x1 axis (angle 0) to ``direction_deg`` degrees."""
    t = np.radians(np.linspace(0.0, direction_deg, points))
    return radius * np.column_stack([np.cos(t), np.sin(t)])


# The size of each label in data units (width, height), estimated at the explorer's figure size;
# used to keep the labels inside the axes.
LABEL_SIZES = {"u": (0.45, 0.5), "v": (0.45, 0.5), "u + v": (1.6, 0.5)}


def label_layout(tips, sizes, limit: float = LIMIT, gap: float = LABEL_GAP) -> list[tuple]:
    """Where to write each vector's name: just beyond its tip, growing away from the arrow.

    ``tips`` (k, 2), ``sizes`` k pairs (width, height) of the labels in data units -> k tuples
    ``(x, y, ha, va)`` for ``ax.text``. A zero vector's label goes above and right of the origin.
    A label that would stick out of the square [-limit, limit]^2 is pushed back inside, and, if
    that puts it over its arrow, moved beside the arrow instead.
    """
    out = []
    for (tx, ty), (width, height) in zip(np.asarray(tips, dtype=float), sizes):
        norm = float(np.hypot(tx, ty))
        ux, uy = (tx / norm, ty / norm) if norm > 0 else (0.6, 0.8)
        x, y = tx + gap * ux, ty + gap * uy
        ha = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
        va = "bottom" if uy > 0.35 else "top" if uy < -0.35 else "center"
        # The label's box [x0, x0 + width] x [y0, y0 + height] for this alignment.
        x0 = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
        y0 = y - {"bottom": 0.0, "center": height / 2, "top": height}[va]
        dx = min(0.0, limit - (x0 + width)) + max(0.0, -limit - x0)
        dy = min(0.0, limit - (y0 + height)) + max(0.0, -limit - y0)
        x, y = x + dx, y + dy
        if dx != 0.0 and va == "center":     # pushed back over a flat arrow: put it above
            y, va = ty + gap, "bottom"
        elif dy != 0.0 and ha == "center":   # pushed back over a steep arrow: put it beside
            x, ha = tx + gap, "left"
        out.append((x, y, ha, va))
    return out


def draw(ax) -> dict:
    """Draw the fixed plane (axes, grid, labels) once; return the artists that will move."""
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(-6, 7, 2))
    ax.set_yticks(np.arange(-6, 7, 2))
    ax.axhline(0.0, color=COLORS["grey"], linewidth=1.0, zorder=1)
    ax.axvline(0.0, color=COLORS["grey"], linewidth=1.0, zorder=1)
    ax.set_xlabel("first component $x_1$")
    ax.set_ylabel("second component $x_2$")
    ax.set_title("u + v is the far corner of the parallelogram")

    # Arrow order: u + v first, so that u and v are drawn on top of it when they line up.
    colors = [COLORS["black"], COLORS["vermillion"], COLORS["blue"]]
    arrows = ax.quiver(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), color=colors,
                       angles="xy", scale_units="xy", scale=1, width=0.012,
                       headwidth=3.5, headlength=4.5, headaxislength=4.0, zorder=4)
    parallelogram = Line2D([], [], color=COLORS["grey"], linestyle="--", linewidth=1.5,
                           zorder=3)
    ax.add_line(parallelogram)
    arc = Line2D([], [], color=COLORS["blue"], linewidth=1.5, zorder=3)
    ax.add_line(arc)
    names = ["u", "v", "u + v"]
    label_colors = [COLORS["blue"], COLORS["vermillion"], COLORS["black"]]
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0}
    labels = [ax.text(0.0, 0.0, name, color=color, fontsize="large", fontweight="bold",
                      ha="center", va="center", zorder=5, bbox=box)
              for name, color in zip(names, label_colors)]
    return {"arrows": arrows, "parallelogram": parallelogram, "arc": arc, "labels": labels}


def _num(x: float) -> str:
    """One decimal, without a "-0.0" for a tiny negative rounding error."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _fmt(w: np.ndarray) -> str:
    return f"({_num(w[0])}, {_num(w[1])})"


def _squared(x: float) -> str:
    text = _num(x)
    return f"({text})&sup2;" if text.startswith("-") else f"{text}&sup2;"


def explorer(u: tuple[float, float] = (2.0, 1.0), v: tuple[float, float] = (0.5, 2.0)
             ) -> explore.Explorer:
    """Sliders for the components of u and v; the arrows u, v, u + v and the parallelogram."""
    fig, ax = explore.figure(1, 1, size=(5.6, 5.4))
    artists = draw(ax)

    def update(u_x, u_y, v_x, v_y):
        out = compute(u_x, u_y, v_x, v_y)
        u, v, total = out["u"], out["v"], out["sum"]
        tips = np.array([u, v, total])
        artists["arrows"].set_UVC(tips[::-1, 0], tips[::-1, 1])  # drawn as u + v, v, u
        corners = out["parallelogram"]
        artists["parallelogram"].set_data(corners[1:, 0], corners[1:, 1])  # u -> u + v -> v
        arc = angle_arc(out["direction_u"]) if out["length_u"] > 0 else np.empty((0, 2))
        artists["arc"].set_data(arc[:, 0], arc[:, 1])
        sizes = [LABEL_SIZES[label.get_text()] for label in artists["labels"]]
        lengths = (out["length_u"], out["length_v"], out["length_sum"])
        for label, (x, y, ha, va), size in zip(artists["labels"], label_layout(tips, sizes),
                                               lengths):
            label.set_visible(size > 0)   # a zero vector has no arrow to name
            label.set_position((x, y))
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
        if out["length_u"] > 0:
            angle = f"direction of u = <b>{out['direction_u']:.1f}&deg;</b>"
        else:
            angle = "u is the zero vector: <b>it has no direction</b>"
        return (f"|u| = &radic;({_squared(u[0])} + {_squared(u[1])}) = "
                f"<b>{out['length_u']:.3f}</b> &nbsp;&middot;&nbsp; {angle} &nbsp;&middot;&nbsp; "
                f"u + v = {_fmt(u)} + {_fmt(v)} = <b>{_fmt(total)}</b>")

    def component(label, value):
        return explore.slider(label, *COMPONENT_RANGE, value, 0.1, fmt=".1f")

    controls = {"u_x": component("u: component 1", u[0]),
                "u_y": component("u: component 2", u[1]),
                "v_x": component("v: component 1", v[0]),
                "v_y": component("v: component 2", v[1])}
    animated = [artists["arrows"], artists["parallelogram"], artists["arc"], *artists["labels"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="Two vectors and their sum")
