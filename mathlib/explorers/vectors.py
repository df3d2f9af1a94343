"""Explorer for notebook 01: two vectors in the plane, their lengths, the angle between them, and
their sum.

The sum ``u + v`` is drawn with the parallelogram that explains it: walk along ``u``, then along
``v`` (or the other way round), and you arrive at the same corner.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS
from ..tensors import add, direction_degrees, length
from ._layout import box_at, boxes_overlap, cached_text, segment_hits_box, setup_axes

NOTEBOOK = "01"  # the notebook that shows this explorer

COMPONENT_RANGE = (-3.0, 3.0)
LIMIT = 6.5          # the axes show [-LIMIT, LIMIT] in both directions: room for u + v
ARC_RADIUS = 0.8     # radius of the arc that marks the direction of u
LABEL_GAP = 0.45     # distance between an arrow's tip and its label


@dataclass(frozen=True, eq=False)
class VectorsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    u: np.ndarray
    v: np.ndarray
    sum: np.ndarray
    length_u: float
    length_v: float
    length_sum: float
    direction_u: float
    angle: float
    lengths_add_up: bool
    parallelogram: np.ndarray


def compute(u_x: float, u_y: float, v_x: float, v_y: float) -> VectorsResult:
    """Two vectors ``u = (u_x, u_y)`` and ``v = (v_x, v_y)``, their sum and their measurements.

    Returns a :class:`VectorsResult` with
    ``u``, ``v``, ``sum`` (2,) arrays, the lengths ``length_u``,
    ``length_v``, ``length_sum`` (``||w|| = sqrt(w_1^2 + w_2^2)``), the direction of u in degrees
    ``direction_u`` (in (-180, 180]; None for the zero vector, which has no direction), the
    ``angle`` between u and v in degrees, in [0, 180] (the difference of their directions, turned
    the short way round; None when u or v is the zero vector), ``lengths_add_up`` (True when
    ``||u + v|| = ||u|| + ||v||`` up to rounding) and ``parallelogram`` (4, 2): the corners
    0, u, u + v, v.
    """
    where = "vectors.compute"
    u = np.array([as_scalar(u_x, "u_x", where), as_scalar(u_y, "u_y", where)])
    v = np.array([as_scalar(v_x, "v_x", where), as_scalar(v_y, "v_y", where)])
    total = add(u, v)
    length_u, length_v, length_sum = length(u), length(v), length(total)
    direction_u = direction_degrees(u) if length_u > 0 else None
    if length_u > 0 and length_v > 0:
        turn = abs(direction_degrees(v) - direction_u)    # in [0, 360)
        angle = 360.0 - turn if turn > 180.0 else turn
    else:
        angle = None
    lengths_add_up = bool(length_u + length_v - length_sum <= 1e-9 * (length_u + length_v))
    return VectorsResult(u=u, v=v, sum=total, length_u=length_u, length_v=length_v,
                         length_sum=length_sum, direction_u=direction_u, angle=angle,
                         lengths_add_up=lengths_add_up,
                         parallelogram=np.array([[0.0, 0.0], u, total, v]))


def angle_arc(direction_deg: float, radius: float = ARC_RADIUS, points: int = 40) -> np.ndarray:
    """Points (points, 2) on the arc from the x1 axis (angle 0) to ``direction_deg`` degrees."""
    t = np.radians(np.linspace(0.0, direction_deg, points))
    return radius * np.column_stack([np.cos(t), np.sin(t)])


# The size of each label in data units (width, height) at the explorer's figure size in the
# course style: a fallback for measure_labels, which measures the drawn labels.
LABEL_SIZES = {"u": (0.45, 0.5), "v": (0.45, 0.5), "u + v": (1.6, 0.5)}
ARROW_MARGIN = 0.12   # half the drawn width of an arrow, in data units, with room for its head


def _candidates(tx: float, ty: float, gap: float) -> list[tuple[float, float]]:
    """Offsets from a tip where its label may go, best first: beyond the tip, then beside it."""
    norm = float(np.hypot(tx, ty))
    dx, dy = (tx / norm, ty / norm) if norm > 0 else (0.6, 0.8)
    nx, ny = -dy, dx                                        # perpendicular to the arrow
    r = float(np.sqrt(0.5))
    units = [(dx, dy), (nx, ny), (-nx, -ny), (r * (dx + nx), r * (dy + ny)),
             (r * (dx - nx), r * (dy - ny))]
    return [(k * gap * ox, k * gap * oy) for k in (1.0, 2.2) for ox, oy in units]


def label_layout(tips, sizes, limit: float = LIMIT, gap: float = LABEL_GAP) -> list[tuple]:
    """Where to write each vector's name: near its tip, apart from the other names and arrows.

    ``tips`` (k, 2), ``sizes`` k pairs (width, height) of the labels in data units -> k tuples
    ``(x, y, ha, va)`` for ``ax.text``. A label goes just beyond its tip, growing away from the
    arrow, unless there it would cover another label or an arrow (u = v, or u + v running on
    through the tip of u): then beside the tip, or further out. Every label stays inside the
    square [-limit, limit]^2. A zero vector has no arrow and no label (the explorer hides it): its
    entry is a place above and right of the origin, and nothing avoids it.
    """
    tips = np.asarray(tips, dtype=float)
    arrows = [tip for tip in tips if np.hypot(*tip) > 0]
    placed, out = [], []
    for (tx, ty), (width, height) in zip(tips, sizes):
        best, best_score = None, None
        for ox, oy in _candidates(tx, ty, gap):
            norm = float(np.hypot(ox, oy))
            ux, uy = ox / norm, oy / norm
            x, y = tx + ox, ty + oy
            ha = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
            va = "bottom" if uy > 0.35 else "top" if uy < -0.35 else "center"
            x0, y0, x1, y1 = box_at(x, y, (width, height), ha, va)
            x += min(0.0, limit - x1) + max(0.0, -limit - x0)   # push back inside the axes
            y += min(0.0, limit - y1) + max(0.0, -limit - y0)
            box = box_at(x, y, (width, height), ha, va)
            score = (sum(boxes_overlap(box, other) for other in placed),
                     sum(segment_hits_box(tip, box, ARROW_MARGIN) for tip in arrows))
            if best_score is None or score < best_score:
                best, best_score = (x, y, ha, va), score
            if score == (0, 0):
                break
        out.append(best)
        if np.hypot(tx, ty) > 0:
            placed.append(box_at(*best[:2], (width, height), *best[2:]))
    return out


def draw(ax) -> dict:
    """Draw the fixed plane (axes, grid, labels) once; return the artists that will move."""
    setup_axes(ax, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True,
               xticks=np.arange(-6, 7, 2), yticks=np.arange(-6, 7, 2),
               xlabel="first component $x_1$", ylabel="second component $x_2$",
               title="u + v is the far corner of the parallelogram", origin=True)

    # Arrow order: u + v first, so that u and v are drawn on top of it when they line up.
    colors = [COLORS["black"], COLORS["vermillion"], COLORS["blue"]]
    arrows = ax.quiver(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), color=colors,
                       angles="xy", scale_units="xy", scale=1, width=0.012,
                       headwidth=3.5, headlength=4.5, headaxislength=4.0, zorder=4)
    # When two arrows coincide (u = v, or u = 0 so that u + v = v, or v = 0), the one drawn
    # below is drawn again on top, thin, so that both stay visible.
    overlay = ax.quiver(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), color=colors,
                        angles="xy", scale_units="xy", scale=1, width=0.005,
                        headwidth=5.0, headlength=6.0, headaxislength=5.5, zorder=4.5)
    parallelogram = Line2D([], [], color=LINE_COLORS["grey"], linestyle="--", linewidth=1.5,
                           zorder=3)
    ax.add_line(parallelogram)
    arc = Line2D([], [], color=COLORS["blue"], linewidth=1.5, zorder=3)
    ax.add_line(arc)
    names = ["u", "v", "u + v"]
    label_colors = [TEXT_COLORS["blue"], TEXT_COLORS["vermillion"], TEXT_COLORS["black"]]
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0}
    # speed: three fixed names that move, drawn from pictures rendered once (_layout.CachedText)
    labels = [cached_text(ax, 0.0, 0.0, name, color=color, fontsize="large",
                          fontweight="bold", ha="center", va="center", zorder=5, bbox=box)
              for name, color in zip(names, label_colors)]
    return {"arrows": arrows, "overlay": overlay, "parallelogram": parallelogram, "arc": arc,
            "labels": labels}


def hidden_arrows(tips) -> np.ndarray:
    """Which arrows would hide under another: ``tips`` (k, 2) in drawing order (the last on top)
    -> (k,) booleans, True for a non-zero arrow with the same tip as an arrow drawn after it."""
    tips = np.asarray(tips, dtype=float)
    return np.array([bool(np.hypot(*tip) > 0) and any(np.allclose(tip, later, rtol=0.0, atol=1e-9)
                                                        for later in tips[i + 1:])
                     for i, tip in enumerate(tips)])


def _num(x: float) -> str:
    """One decimal, without a "-0.0" for a tiny negative rounding error."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _fmt(w: np.ndarray) -> str:
    return f"({_num(w[0])}, {_num(w[1])})"


def _squared(x: float) -> str:
    text = _num(x)
    return f"({text})&sup2;" if text.startswith("-") else f"{text}&sup2;"


def measure_labels(ax, labels, spare: float = 1.1) -> list[tuple[float, float]]:
    """The size (width, height) of each label as drawn, in data units, with 10% to spare.

    Measured once on the figure's own renderer, so the layout also fits larger text (projector
    mode); falls back to :data:`LABEL_SIZES` where nothing can be measured.
    """
    try:
        ax.figure.canvas.draw()                   # settles the layout, so data units are final
        renderer = ax.figure.canvas.get_renderer()
        to_data = ax.transData.inverted()
        sizes = []
        for label in labels:
            box = label.get_window_extent(renderer).transformed(to_data)
            sizes.append((spare * abs(box.width), spare * abs(box.height)))
        return sizes
    except Exception:  # a canvas without a renderer: use the estimates
        return [LABEL_SIZES[label.get_text()] for label in labels]


def readout(out: VectorsResult) -> str:
    """The explorer's readout, in words, from a :func:`compute` result: the three lengths and
    whether they add up, the angle between u and v, the direction of u and the sum."""
    u, v, total = out.u, out.v, out.sum
    both = out.length_u + out.length_v
    lengths = (f"|u| = &radic;({_squared(u[0])} + {_squared(u[1])}) = <b>{out.length_u:.3f}</b>"
               f", |v| = <b>{out.length_v:.3f}</b>, |u + v| = <b>{out.length_sum:.3f}</b>")
    if out.lengths_add_up:
        compare = f"|u| + |v| = {both:.3f}: <b>the lengths add up</b>"
    else:
        short = both - out.length_sum
        tiny = np.format_float_positional(short, precision=1, unique=False, fractional=False,
                                          trim="-")
        compare = (f"|u| + |v| = {both:.3f}: <b>|u + v| is shorter by "
                   f"{short:.3f}</b>" if short >= 0.001 else
                   f"|u| + |v| = {both:.3f}: <b>|u + v| is shorter, by only {tiny}</b>")
    zero = [name for name in ("u", "v") if getattr(out, f"length_{name}") == 0]
    if zero:
        angle = (f"{' and '.join(zero)} {'is the zero vector' if len(zero) == 1 else 'are zero'}"
                 ": <b>no angle between u and v</b>")
    else:
        angle = f"angle between u and v = <b>{out.angle:.1f}&deg;</b>"
    if out.direction_u is None:
        direction_text = "u has <b>no direction</b>"
    else:
        direction_text = f"direction of u = <b>{out.direction_u:.1f}&deg;</b>"
    dot = " &nbsp;&middot;&nbsp; "
    same = ""
    if out.length_u > 0 and np.array_equal(u, v):
        same = f"{dot}<b>u and v are the same vector</b> (the thin arrow on top is v)"
    elif zero == ["u"]:
        same = f"{dot}u + v = v (the thin black arrow on top is u + v)"
    elif zero == ["v"]:
        same = f"{dot}u + v = u (the thin black arrow on top is u + v)"
    return (f"{lengths}{dot}{compare}<br>{angle}{dot}{direction_text}{dot}"
            f"u + v = {_fmt(u)} + {_fmt(v)} = <b>{_fmt(total)}</b>{same}")


def explorer(u: tuple[float, float] = (2.0, 1.0), v: tuple[float, float] = (0.5, 2.0)
             ) -> explore.Explorer:
    """Sliders for the components of u and v; the arrows u, v, u + v and the parallelogram."""
    fig, ax = explore.figure(1, 1, size=(5.6, 5.4))
    artists = draw(ax)
    sizes = measure_labels(ax, artists["labels"])

    def update(u_x, u_y, v_x, v_y):
        out = compute(u_x, u_y, v_x, v_y)
        u, v, total = out.u, out.v, out.sum
        tips = np.array([u, v, total])
        drawn = tips[::-1]                                        # drawn as u + v, v, u
        artists["arrows"].set_UVC(drawn[:, 0], drawn[:, 1])
        hidden = hidden_arrows(drawn)
        artists["overlay"].set_UVC(np.ma.masked_array(drawn[:, 0], mask=~hidden),
                                   np.ma.masked_array(drawn[:, 1], mask=~hidden))
        corners = out.parallelogram
        artists["parallelogram"].set_data(corners[1:, 0], corners[1:, 1])  # u -> u + v -> v
        arc = angle_arc(out.direction_u) if out.length_u > 0 else np.empty((0, 2))
        artists["arc"].set_data(arc[:, 0], arc[:, 1])
        lengths = (out.length_u, out.length_v, out.length_sum)
        for label, (x, y, ha, va), size in zip(artists["labels"], label_layout(tips, sizes),
                                               lengths):
            label.set_visible(size > 0)   # a zero vector has no arrow to name
            label.set_position((x, y))
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
        return readout(out)

    def component(label, value):
        return explore.slider(label, *COMPONENT_RANGE, value, 0.1, fmt=".1f")

    controls = {"u_x": component("u: component 1", u[0]),
                "u_y": component("u: component 2", u[1]),
                "v_x": component("v: component 1", v[0]),
                "v_y": component("v: component 2", v[1])}
    animated = [artists["arrows"], artists["overlay"], artists["parallelogram"], artists["arc"],
                *artists["labels"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="Two vectors and their sum")
