"""Explorer for notebook 02: a 2x2 matrix ``A = [[a, b], [c, d]]`` moving the whole plane.

A sends every point ``x`` to ``A x``. Its columns are where the basis vectors go: ``A e1 = (a, c)``
and ``A e2 = (b, d)``. Straight lines stay straight, the grid of squares becomes a grid of
parallelograms, and the unit square becomes the parallelogram spanned by ``A e1`` and ``A e2``,
whose signed area is ``det(A) = a d - b c``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from .. import explore
from .._checks import as_scalar
from ..linalg import det, matmul
from ..plotting import COLORS

ENTRY_RANGE = (-2.0, 2.0)
LIMIT = 4.5            # the axes show [-LIMIT, LIMIT]^2: the image of the unit square fits
GRID = np.arange(-2, 3)  # grid lines x = k and y = k for |k| <= 2: a 4 x 4 patch of unit squares
ZERO = 1e-9            # |det| below this counts as 0 (slider steps like 0.3 * 0.2 leave 1e-17)
UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
LABEL_GAP = 0.35
AREA_LABEL_MIN = 0.8   # the area is written inside the parallelogram only when it has room


def grid_segments(extent: float = float(GRID[-1])) -> np.ndarray:
    """The grid lines ``x = k`` and ``y = k`` for k in GRID, each as a segment (2 points).

    Shape (2 * len(GRID), 2, 2): segment, end, coordinate. A matrix maps a straight line to a
    straight line (or a point), so transforming the two ends transforms the whole line.
    """
    k = GRID.astype(float)
    ones = np.full_like(k, extent)
    vertical = np.stack([np.column_stack([k, -ones]), np.column_stack([k, ones])], axis=1)
    horizontal = np.stack([np.column_stack([-ones, k]), np.column_stack([ones, k])], axis=1)
    return np.concatenate([vertical, horizontal])


def compute(a: float, b: float, c: float, d: float) -> dict:
    """The matrix ``A = [[a, b], [c, d]]`` and what it does to the plane.

    Returns a dict with ``A`` (2, 2); ``det`` = a d - b c (from :func:`mathlib.linalg.det`; set
    to 0.0 when |det| < 1e-9); ``area`` = |det|, the area of the image of the unit square;
    ``flipped`` (det < 0: the image is a mirror image); ``collapse``: None (A is invertible),
    "line" (det = 0 but A is not zero: the plane falls onto a line) or "point" (A = 0);
    ``square`` (4, 2): the images of the corners 0, e1, e1 + e2, e2 of the unit square;
    ``e1``, ``e2`` (2,): A e1 = (a, c) and A e2 = (b, d), the columns of A; ``grid``
    (2 * len(GRID), 2, 2): the images of the grid lines' end points.
    """
    where = "matrix2x2.compute"
    A = np.array([[as_scalar(a, "a", where), as_scalar(b, "b", where)],
                  [as_scalar(c, "c", where), as_scalar(d, "d", where)]])
    determinant = det(A)
    if abs(determinant) < ZERO:
        determinant = 0.0
    if determinant != 0.0:
        collapse = None
    elif np.any(A != 0.0):
        collapse = "line"
    else:
        collapse = "point"
    square = matmul(UNIT_SQUARE, A.T)                # each row x becomes (A x)^T = x^T A^T
    segments = grid_segments()
    grid = matmul(segments.reshape(-1, 2), A.T).reshape(segments.shape)
    return {"A": A, "det": determinant, "area": abs(determinant), "flipped": determinant < 0.0,
            "collapse": collapse, "square": square, "e1": A[:, 0].copy(), "e2": A[:, 1].copy(),
            "grid": grid}


def label_positions(e1: np.ndarray, e2: np.ndarray, gap: float = LABEL_GAP,
                    limit: float = LIMIT - 0.4) -> list[tuple[float, float]]:
    """Where to write "A e1" and "A e2": just beyond each arrow's tip, inside the axes.

    When the two tips (or their labels) nearly coincide, the second label moves to the other
    side of the tip, so the names never sit on each other. A zero arrow's label goes beside the
    origin (the explorer hides it).
    """
    out = []
    for tip, side in ((e1, 1.0), (e2, -1.0)):
        length = float(np.hypot(*tip))
        unit = tip / length if length > 0 else np.array([0.6, 0.8]) * side
        out.append(np.clip(tip + gap * unit, -limit, limit))
    if np.hypot(*(out[0] - out[1])) < 0.7:
        tip = e2
        length = float(np.hypot(*tip))
        unit = tip / length if length > 0 else np.array([0.6, 0.8])
        normal = np.array([-unit[1], unit[0]])
        out[1] = np.clip(tip - 2.5 * gap * unit + 2.0 * gap * normal, -limit, limit)
    return [(float(x), float(y)) for x, y in out]


def draw(ax) -> dict:
    """Draw the fixed plane (the original grid, unit square, e1 and e2) once; return the moving
    artists: the transformed grid, the image parallelogram, the arrows A e1, A e2 (a list of
    two) and their labels, and the area written inside the parallelogram."""
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(-4, 5, 2))
    ax.set_yticks(np.arange(-4, 5, 2))
    ax.grid(False)
    ax.set_xlabel("first coordinate $x_1$")
    ax.set_ylabel("second coordinate $x_2$")
    ax.set_title("the unit square becomes a parallelogram of area |det A|")
    ax.add_collection(LineCollection(grid_segments(), colors=COLORS["grey"], linewidths=0.6,
                                     alpha=0.5, zorder=1))
    ax.axhline(0.0, color=COLORS["grey"], linewidth=1.0, zorder=1)
    ax.axvline(0.0, color=COLORS["grey"], linewidth=1.0, zorder=1)
    ax.add_patch(Polygon(UNIT_SQUARE, closed=True, fill=False, edgecolor=COLORS["black"],
                         linestyle="--", linewidth=1.2, zorder=2))
    ax.text(0.5, -0.08, "$e_1$", color=COLORS["black"], ha="center", va="top", zorder=2)
    ax.text(-0.08, 0.5, "$e_2$", color=COLORS["black"], ha="right", va="center", zorder=2)

    grid = LineCollection(grid_segments(), colors=COLORS["sky"], linewidths=1.0, zorder=2)
    ax.add_collection(grid)
    image = Polygon(UNIT_SQUARE, closed=True, facecolor=COLORS["orange"], alpha=0.45,
                    edgecolor=COLORS["orange"], linewidth=2.0, zorder=3)
    ax.add_patch(image)
    # Two arrows: A e2 wide and below, A e1 narrow on top, so both show when they line up.
    arrows = [ax.quiver([0.0], [0.0], [u], [v], color=color, angles="xy", scale_units="xy",
                        scale=1, width=width, headwidth=3.5, headlength=4.5, headaxislength=4.0,
                        zorder=zorder)
              for u, v, color, width, zorder in ((1.0, 0.0, COLORS["vermillion"], 0.009, 4.2),
                                                 (0.0, 1.0, COLORS["blue"], 0.016, 4.0))]
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
    labels = [ax.text(0.0, 0.0, name, color=color, fontweight="bold", ha="center",
                      va="center", zorder=5, bbox=box)
              for name, color in (("$Ae_1$", COLORS["vermillion"]), ("$Ae_2$", COLORS["blue"]))]
    area = ax.text(0.0, 0.0, "", ha="center", va="center", fontsize="small", zorder=5, bbox=box)
    return {"grid": grid, "image": image, "arrows": arrows, "labels": labels, "area": area}


def _num(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def readout(out: dict) -> str:
    """The explorer's readout, in words, from a :func:`compute` result."""
    (a, b), (c, d) = out["A"]
    formula = (f"det(A) = a d &minus; b c = {_num(a)}&middot;{_num(d)} &minus; "
               f"{_num(b)}&middot;{_num(c)} = <b>{_num(out['det'], 3)}</b>")
    if out["collapse"] == "point":
        meaning = ("<b>det = 0: A = 0 sends the whole plane to one point (the origin); "
                   "A has no inverse</b>")
    elif out["collapse"] == "line":
        meaning = ("<b>det = 0: the plane collapses onto a line</b> (A e1 and A e2 point along "
                   "the same line); the unit square has area 0, and <b>A has no inverse</b>: "
                   "many points land on the same point, so no matrix can undo it")
    else:
        meaning = (f"the unit square (area 1) becomes a parallelogram of area |det| = "
                   f"<b>{_num(out['area'], 3)}</b>")
        meaning += ("; <b>orientation flipped</b> (det &lt; 0: a mirror image, e1 &rarr; e2 "
                    "now turns clockwise)" if out["flipped"] else
                    "; orientation kept (det &gt; 0)")
    columns = (f"A e1 = ({_num(a)}, {_num(c)}), A e2 = ({_num(b)}, {_num(d)}): "
               "the columns of A")
    return f"{formula} &nbsp;&middot;&nbsp; {columns}<br>{meaning}"


def explorer(a: float = 1.5, b: float = 0.5, c: float = 0.5, d: float = 1.0
             ) -> explore.Explorer:
    """Four sliders for the entries of A; the grid, the unit square, A e1 and A e2 move."""
    fig, ax = explore.figure(1, 1, size=(5.4, 5.2))
    artists = draw(ax)

    def update(a, b, c, d):
        out = compute(a, b, c, d)
        artists["grid"].set_segments(out["grid"])
        artists["image"].set_xy(out["square"])
        for arrow, tip in zip(artists["arrows"], (out["e1"], out["e2"])):
            arrow.set_UVC([tip[0]], [tip[1]])
        places = label_positions(out["e1"], out["e2"])
        for label, place, tip in zip(artists["labels"], places, (out["e1"], out["e2"])):
            label.set_position(place)
            label.set_visible(bool(np.any(tip != 0.0)))
        centre = np.clip(out["square"].mean(axis=0), -LIMIT + 0.8, LIMIT - 0.5)
        artists["area"].set_position(tuple(centre))
        artists["area"].set_text(f"area {_num(out['area'])}"
                                 + (" (flipped)" if out["flipped"] else ""))
        artists["area"].set_visible(out["area"] >= AREA_LABEL_MIN)   # room for the words
        return readout(out)

    def entry(label, value):
        return explore.slider(label, *ENTRY_RANGE, value, 0.1, fmt=".1f")

    controls = {"a": entry("a (row 1, col 1)", a), "b": entry("b (row 1, col 2)", b),
                "c": entry("c (row 2, col 1)", c), "d": entry("d (row 2, col 2)", d)}
    animated = [artists["grid"], artists["image"], *artists["arrows"], *artists["labels"],
                artists["area"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="A 2x2 matrix moves the plane: A = [[a, b], [c, d]]")
