"""Explorer for notebook 05: cosine similarity and the dot product of two vectors in the plane.

``a . b = |a| |b| cos(theta)``: the dot product grows with both lengths, the cosine similarity
``cos(theta) = a . b / (|a| |b|)`` depends only on the angle theta between the vectors.
The left panel shows a and b, the angle between them and the shadow (projection) of b on the line
of a; the right panel shows cos(theta) (fixed) and |a| |b| cos(theta) (it stretches with the
lengths) against the angle, with the current angle marked on both.
"""

from __future__ import annotations

from dataclasses import dataclass

import math

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_scalar
from ..linalg import cosine_similarity, dot
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS
from ._layout import setup_axes

NOTEBOOK = "05"  # the notebook that shows this explorer

ANGLE_RANGE = (-180.0, 180.0)
LENGTH_RANGE = (0.0, 2.0)
LIMIT = 2.3
THETA = np.linspace(0.0, 180.0, 181)


@dataclass(frozen=True, eq=False)
class CosineResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    a: np.ndarray
    b: np.ndarray
    length_a: float
    length_b: float
    dot: float
    cosine: float | None
    angle: float | None
    shadow: np.ndarray | None


def compute(angle_a: float, length_a: float, angle_b: float, length_b: float) -> CosineResult:
    """The vectors ``a = length_a (cos angle_a, sin angle_a)`` and b (angles in degrees), their
    dot product ``a . b``, cosine similarity and the angle between them (degrees, in [0, 180]).

    ``cosine`` and ``angle`` are None when a or b is the zero vector (it has no direction).
    ``shadow`` (2, 2) is the segment from the origin to the projection of b on the line of a,
    ``(a . b / |a|^2) a`` (None when a is zero). Raises ValueError for a negative length.
    """
    where = "cosine.compute"
    ta, tb = (math.radians(as_scalar(t, n, where)) for t, n in ((angle_a, "angle_a"),
                                                                 (angle_b, "angle_b")))
    la, lb = as_scalar(length_a, "length_a", where), as_scalar(length_b, "length_b", where)
    for name, value in (("length_a", la), ("length_b", lb)):
        if value < 0:
            raise ValueError(f"{where}: {name} must be >= 0 (a length), got {value}")
    a = la * np.array([math.cos(ta), math.sin(ta)])
    b = lb * np.array([math.cos(tb), math.sin(tb)])
    product = dot(a, b)
    if la > 0 and lb > 0:
        cosine = cosine_similarity(a, b)
        angle = math.degrees(math.acos(cosine))
    else:
        cosine = angle = None
    shadow = np.array([[0.0, 0.0], (product / (la * la)) * a]) if la > 0 else None
    return CosineResult(a=a, b=b, length_a=la, length_b=lb, dot=product, cosine=cosine,
                        angle=angle, shadow=shadow)


def arc(out: CosineResult, radius: float = 0.45, points: int = 40) -> np.ndarray:
    """Points (points, 2) on the short arc from a's direction to b's (empty without an angle)."""
    if out.angle is None:
        return np.empty((0, 2))
    ta = math.atan2(out.a[1], out.a[0])
    tb = math.atan2(out.b[1], out.b[0])
    turn = (tb - ta + math.pi) % (2 * math.pi) - math.pi     # in [-pi, pi): the short way round
    t = ta + np.linspace(0.0, turn, points)
    return radius * np.column_stack([np.cos(t), np.sin(t)])


LABEL_GAP = 0.25
LABEL_ROOM = 0.2     # half a label's size in data units: a label's centre stays this far inside


def label_places(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Centres for the labels "a" and "b": just beyond each tip, kept inside the axes.

    When a tip is near the edge of the axes, its label moves beside the tip instead (turned a
    quarter to one side, then the other), so it never leaves the plot; "b" also keeps clear of
    "a". A zero vector's place is the origin (the explorer hides its label).
    """
    inner = LIMIT - LABEL_ROOM
    places = []
    for v in (a, b):
        length = float(np.hypot(*v))
        if length == 0.0:
            places.append(np.zeros(2))
            continue
        unit = v / length
        normal = np.array([-unit[1], unit[0]])
        options = [v + LABEL_GAP * unit, v + 1.4 * LABEL_GAP * normal,
                   v - 1.4 * LABEL_GAP * normal,
                   v - 2.0 * LABEL_GAP * unit + 1.4 * LABEL_GAP * normal]
        inside = [o for o in options if np.all(np.abs(o) <= inner)
                  and all(np.hypot(*(o - p)) >= 2 * LABEL_ROOM for p in places)]
        places.append(inside[0] if inside else np.clip(options[0], -inner, inner))
    return places


def draw(ax_vec, ax_curve) -> dict:
    """The plane with a and b, and the curves against the angle; returns the moving artists."""
    setup_axes(ax_vec, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True, xlabel="$x_1$",
               ylabel="$x_2$", title="only the angle sets the cosine", origin=True)
    arrows = ax_vec.quiver(np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2),
                           color=[COLORS["blue"], COLORS["vermillion"]], angles="xy",
                           scale_units="xy", scale=1, width=0.014, headwidth=3.5,
                           headlength=4.5, headaxislength=4.0, zorder=4)
    shadow = Line2D([], [], color=COLORS["black"], linestyle=":", linewidth=3.0, zorder=6,
                    label="shadow of b on a")
    drop = Line2D([], [], color=LINE_COLORS["grey"], linestyle="--", linewidth=1.0, zorder=2)
    angle_arc = Line2D([], [], color=COLORS["black"], linewidth=1.5, zorder=3)
    for line in (shadow, drop, angle_arc):
        ax_vec.add_line(line)
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0}
    labels = [ax_vec.text(0.0, 0.0, name, color=color, fontsize="large", fontweight="bold",
                          ha="center", va="center", zorder=5, bbox=box)
              for name, color in (("a", TEXT_COLORS["blue"]), ("b", TEXT_COLORS["vermillion"]))]

    ax_curve.set_xlim(0.0, 180.0)
    ax_curve.set_ylim(-4.3, 4.3)
    ax_curve.set_xticks(np.arange(0, 181, 45))
    ax_curve.axhline(0.0, color=LINE_COLORS["grey"], linewidth=1.0, zorder=1)
    ax_curve.set_xlabel("angle $\\theta$ between a and b (degrees)")
    ax_curve.set_ylabel("value")
    ax_curve.set_title("scaling stretches $a \\cdot b$, not $\\cos\\theta$")
    ax_curve.plot(THETA, np.cos(np.radians(THETA)), color=COLORS["blue"], linewidth=2.0,
                  label="$\\cos\\theta$ (cosine similarity)", zorder=2)
    dot_curve = Line2D([], [], color=COLORS["vermillion"], linestyle="--", linewidth=2.0,
                       label="$a \\cdot b = |a|\\,|b| \\cos\\theta$", zorder=2)
    ax_curve.add_line(dot_curve)
    marks = Line2D([], [], color=COLORS["black"], marker="o", markersize=7, linestyle="none",
                   zorder=4, clip_on=False)      # whole, also at 0 and 180 degrees
    ax_curve.add_line(marks)
    ax_curve.legend(loc="upper right", fontsize="small")
    return {"arrows": arrows, "shadow": shadow, "drop": drop, "arc": angle_arc,
            "labels": labels, "dot_curve": dot_curve, "marks": marks}


def _factor(x: float) -> str:
    """A number as a factor in a product, 3 decimals: negatives in brackets, never "-0.000"."""
    text = f"{x:.3f}"
    if text == "-0.000":
        return "0.000"
    return f"({text})" if text.startswith("-") else text


def readout(out: CosineResult) -> str:
    """The cosine similarity, the angle and the dot product, in words."""
    la, lb = out.length_a, out.length_b
    if out.cosine is None:
        zero = " and ".join(n for n, v in (("a", la), ("b", lb)) if v == 0)
        verb = ("is the zero vector: it has" if len(zero) == 1 else
                "are zero vectors: they have")
        return (f"{zero} {verb} <b>no direction</b>, so there is no angle and the "
                f"cosine similarity is <b>undefined</b>; a &middot; b = <b>{out.dot:.3f}</b>")
    cos = out.cosine
    meaning = ("same direction" if cos > 1 - 1e-9 else "opposite directions" if cos < -1 + 1e-9
               else "perpendicular; that says nothing about how far apart they are" if abs(cos) < 1e-9 else
               "pointing roughly the same way" if cos > 0 else "pointing roughly opposite ways")
    return (f"angle &theta; = <b>{out.angle:.1f}&deg;</b> &middot; cosine similarity "
            f"cos &theta; = <b>{cos:.3f}</b> ({meaning})<br>"
            f"a &middot; b = |a| |b| cos &theta; = {la:.2f} &times; {lb:.2f} &times; "
            f"{_factor(cos)} = "
            f"<b>{out.dot:.3f}</b>. Scaling a length changes the dot product, "
            "<b>not</b> the cosine.")


def explorer(angle_a: float = 20.0, length_a: float = 1.5, angle_b: float = 70.0,
             length_b: float = 1.0) -> explore.Explorer:
    """Angle and length sliders for a and b; the cosine similarity and the dot product."""
    fig, (ax_vec, ax_curve) = explore.figure(1, 2, size=(8.0, 3.9))
    if fig.get_layout_engine() is None:       # (the course style lays out by itself)
        fig.subplots_adjust(wspace=0.35)
    artists = draw(ax_vec, ax_curve)

    def update(angle_a, length_a, angle_b, length_b):
        out = compute(angle_a, length_a, angle_b, length_b)
        a, b = out.a, out.b
        artists["arrows"].set_UVC([a[0], b[0]], [a[1], b[1]])
        shadow = out.shadow if out.shadow is not None else np.empty((0, 2))
        artists["shadow"].set_data(shadow[:, 0], shadow[:, 1])
        drop = np.array([b, shadow[1]]) if len(shadow) else np.empty((0, 2))
        artists["drop"].set_data(drop[:, 0], drop[:, 1])
        bend = arc(out)
        artists["arc"].set_data(bend[:, 0], bend[:, 1])
        for label, place, length in zip(artists["labels"], label_places(a, b),
                                        (length_a, length_b)):
            label.set_visible(length > 0)
            label.set_position(place)
        scale = length_a * length_b
        artists["dot_curve"].set_data(THETA, scale * np.cos(np.radians(THETA)))
        if out.angle is None:
            artists["marks"].set_data([], [])
        else:
            artists["marks"].set_data([out.angle] * 2, [out.cosine, out.dot])
        return readout(out)

    controls = {"angle_a": explore.slider("a: angle (degrees)", *ANGLE_RANGE, angle_a, 1.0,
                                          fmt=".0f"),
                "length_a": explore.slider("a: length", *LENGTH_RANGE, length_a, 0.05),
                "angle_b": explore.slider("b: angle (degrees)", *ANGLE_RANGE, angle_b, 1.0,
                                          fmt=".0f"),
                "length_b": explore.slider("b: length", *LENGTH_RANGE, length_b, 0.05)}
    animated = [artists["arrows"], artists["shadow"], artists["drop"], artists["arc"],
                *artists["labels"], artists["dot_curve"], artists["marks"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="Cosine similarity and the dot product")
