"""Explorer for notebook 02: a 2x2 matrix ``A = [[a, b], [c, d]]`` moving the whole plane.

A sends every point ``x`` to ``A x``. Its columns are where the basis vectors go: ``A e1 = (a, c)``
and ``A e2 = (b, d)``. Straight lines stay straight, the grid of squares becomes a grid of
parallelograms, and the unit square becomes the parallelogram spanned by ``A e1`` and ``A e2``,
whose signed area is ``det(A) = a d - b c``. A letter F drawn in the unit square shows the
orientation: when det < 0 its image is a mirror-image F.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from .. import explore
from .._checks import as_scalar
from ..linalg import det, matmul
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS
from ._layout import box_at, boxes_overlap, cached_text, segment_hits_box, setup_axes

NOTEBOOK = "02"  # the notebook that shows this explorer

ENTRY_RANGE = (-2.0, 2.0)
LIMIT = 4.5            # the axes show [-LIMIT, LIMIT]^2: the image of the unit square fits
GRID = np.arange(-2, 3)  # grid lines x = k and y = k for |k| <= 2: a 4 x 4 patch of unit squares
ZERO = 1e-9            # |det| below this counts as 0 (slider steps like 0.3 * 0.2 leave 1e-17)
UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
LABEL_GAP = 0.3
# The letter F inside the unit square (a polygon): its image shows whether A mirrors the plane.
LETTER_F = np.array([[0.25, 0.15], [0.4, 0.15], [0.4, 0.42], [0.65, 0.42], [0.65, 0.55],
                     [0.4, 0.55], [0.4, 0.7], [0.75, 0.7], [0.75, 0.85], [0.25, 0.85]])
# Label sizes (width, height) in data units at the explorer's figure size, with their white box.
LABEL_SIZES = {"$Ae_1$": (0.62, 0.38), "$Ae_2$": (0.62, 0.38), "$e_1$": (0.42, 0.36),
               "$e_2$": (0.42, 0.36)}
ARROW_MARGIN = 0.1


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


@dataclass(frozen=True, eq=False)
class Matrix2x2Result:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    A: np.ndarray
    det: float
    area: float
    flipped: bool
    collapse: str | None
    square: np.ndarray
    e1: np.ndarray
    e2: np.ndarray
    grid: np.ndarray


def compute(a: float, b: float, c: float, d: float) -> Matrix2x2Result:
    """The matrix ``A = [[a, b], [c, d]]`` and what it does to the plane.

    Returns a :class:`Matrix2x2Result` with
    ``A`` (2, 2); ``det`` = a d - b c (from :func:`mathlib.linalg.det`; set
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
    return Matrix2x2Result(A=A, det=determinant, area=abs(determinant), flipped=determinant < 0.0,
                           collapse=collapse, square=square, e1=A[:, 0].copy(), e2=A[:, 1].copy(),
                           grid=grid)


_RING = np.column_stack([np.cos(np.radians(np.arange(0.0, 360.0, 22.5))),
                         np.sin(np.radians(np.arange(0.0, 360.0, 22.5)))])
NEAR = 0.5             # a label's box ends at most this far from its tip (when there is room)
_STEPS = np.repeat([1.0, 2.0, 3.5], 24)[:, None]


def _candidates(tip: np.ndarray, size: tuple[float, float], gap: float) -> np.ndarray:
    """Centres (72, 2) where a label may go, best first: beyond the tip, beside it, around it
    (24 directions, each just clear of the tip by ``gap``), then the same further out."""
    length = float(np.hypot(*tip))
    unit = tip / length if length > 0 else np.array([0.6, 0.8])
    normal = np.array([-unit[1], unit[0]])
    r = float(np.sqrt(0.5))
    first = np.array([unit, normal, -normal, r * (unit + normal), r * (unit - normal), -unit,
                      r * (-unit + normal), r * (-unit - normal)])
    directions = np.tile(np.vstack([first, _RING]), (3, 1))
    reach = np.abs(directions) @ (0.5 * np.asarray(size))
    return tip + (_STEPS[:, 0] * gap + reach)[:, None] * directions


def _gap_to(box: tuple, point) -> float:
    """The distance from ``point`` to the nearest point of ``box`` (0 inside it)."""
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return float(np.hypot(dx, dy))


def _shape(avoid):
    """``avoid`` as a closed filled path: a polygon (n, 2), or a box (x0, y0, x1, y1)."""
    if avoid is None:
        return None
    avoid = np.asarray(avoid, dtype=float)
    if avoid.shape == (4,):
        x0, y0, x1, y1 = avoid
        avoid = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return Path(np.vstack([avoid, avoid[:1]]), closed=True)


def label_layout(e1: np.ndarray, e2: np.ndarray, gap: float = LABEL_GAP,
                 limit: float = LIMIT, avoid=None) -> list[tuple[float, float]]:
    """Centres of the labels "A e1", "A e2", "e1", "e2", apart from each other and the arrows.

    Each label goes next to its tip (A e1, A e2, and the fixed corners e1 = (1, 0), e2 = (0, 1)
    of the unit square). In order of importance, a label's box: covers no label placed before
    it; stays off the letter F before the map
    (in the unit square) and after it (``avoid``: the image polygon (n, 2), or its box x0, y0,
    x1, y1); ends at most NEAR from its tip; stays off the arrows; and then is as near as it
    can be.
    Labels stay inside the axes. A zero arrow has no label (the explorer hides it): its place
    is beside the origin, and nothing avoids it.
    """
    arrows = [tip for tip in (e1, e2) if np.hypot(*tip) > 0]
    tips = [np.asarray(e1, float), np.asarray(e2, float), np.array([1.0, 0.0]),
            np.array([0.0, 1.0])]
    names = ["$Ae_1$", "$Ae_2$", "$e_1$", "$e_2$"]
    placed, out = [], []
    # the letter F, before (in the unit square) and after the map: no label covers either
    letters = [(p, (*p.vertices.min(axis=0), *p.vertices.max(axis=0)))
               for p in (_shape(LETTER_F), _shape(avoid)) if p is not None]
    for tip, name in zip(tips, names):
        size = LABEL_SIZES[name]
        half = 0.5 * np.array(size)
        best, best_score = None, None
        centres = np.clip(_candidates(tip, size, gap), -limit + half, limit - half)  # inside
        boxes = np.hstack([centres - half, centres + half])
        gaps = np.hypot(np.maximum(np.maximum(boxes[:, 0] - tip[0], tip[0] - boxes[:, 2]), 0.0),
                        np.maximum(np.maximum(boxes[:, 1] - tip[1], tip[1] - boxes[:, 3]), 0.0))
        for k in np.argsort(gaps, kind="stable"):                          # nearest first
            box, near = tuple(boxes[k]), float(gaps[k])
            grown = (box[0] - 0.03, box[1] - 0.03, box[2] + 0.03, box[3] + 0.03)  # not touching
            score = (sum(boxes_overlap(box, other) for other in placed),
                     sum(boxes_overlap(grown, f_box) and f.intersects_bbox(
                         Bbox.from_extents(*grown), filled=True) for f, f_box in letters),
                     near > NEAR,
                     sum(segment_hits_box(a, box, ARROW_MARGIN) for a in arrows), near)
            if best_score is None or score < best_score:
                best, best_score = box, score
            if score[:2] == (0, 0) and score[3] == 0:
                break                  # the nearest box that is clear: none after it is better
        best = 0.5 * (best[0] + best[2]), 0.5 * (best[1] + best[3])
        out.append((float(best[0]), float(best[1])))
        if np.hypot(*tip) > 0:
            placed.append(box_at(*best, size))
    return out


def draw(ax) -> dict:
    """Draw the fixed plane (the original grid, the unit square and its letter F) once; return
    the moving artists: the transformed grid, the image parallelogram and the image of the F,
    the arrows A e1, A e2 (a list of two), the labels A e1, A e2, e1, e2 (placed on every move,
    so that they avoid each other; pictures rendered once, see :class:`._layout.CachedText`).
    The area is a number: it is in the readout."""
    setup_axes(ax, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True,
               xticks=np.arange(-4, 5, 2), yticks=np.arange(-4, 5, 2), grid=False,
               xlabel="first coordinate $x_1$", ylabel="second coordinate $x_2$",
               title="the unit square becomes a parallelogram of area |det A|")
    # the grid before the map: faint on purpose, like the axes' gridlines (the unit square and
    # the F carry the "before"); gid="decor" leaves it out of the contrast audit
    ax.add_collection(LineCollection(grid_segments(), colors=LINE_COLORS["grey"], linewidths=0.6,
                                     alpha=0.5, zorder=1, gid="decor"))
    # the lines through the origin over that grid (setup_axes(origin=True) would put them under)
    ax.axhline(0.0, color=LINE_COLORS["grey"], linewidth=1.0, zorder=1)
    ax.axvline(0.0, color=LINE_COLORS["grey"], linewidth=1.0, zorder=1)
    ax.add_patch(Polygon(UNIT_SQUARE, closed=True, fill=False, edgecolor=COLORS["black"],
                         linestyle="--", linewidth=1.2, zorder=2))
    ax.add_patch(Polygon(LETTER_F, closed=True, fill=False, edgecolor=COLORS["black"],
                         linestyle=":", linewidth=1.0, zorder=2))

    grid = LineCollection(grid_segments(), colors=LINE_COLORS["sky"], linewidths=1.0, zorder=2)
    ax.add_collection(grid)
    # a light fill, an opaque edge: the parallelogram's outline keeps 3:1 on white
    image = Polygon(UNIT_SQUARE, closed=True, facecolor=to_rgba(COLORS["orange"], 0.45),
                    edgecolor=LINE_COLORS["orange"], linewidth=2.0, zorder=3)
    ax.add_patch(image)
    letter = Polygon(LETTER_F, closed=True, facecolor=COLORS["black"], edgecolor="none",
                     alpha=0.75, zorder=3.5)
    ax.add_patch(letter)
    # Two arrows: A e2 wide and below, A e1 narrow on top, so both show when they line up.
    arrows = [ax.quiver([0.0], [0.0], [u], [v], color=color, angles="xy", scale_units="xy",
                        scale=1, width=width, headwidth=3.5, headlength=4.5, headaxislength=4.0,
                        zorder=zorder)
              for u, v, color, width, zorder in ((1.0, 0.0, COLORS["vermillion"], 0.009, 4.2),
                                                 (0.0, 1.0, COLORS["blue"], 0.016, 4.0))]
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
    labels = [cached_text(ax, 0.0, 0.0, name, color=color, fontweight="bold", ha="center",
                      va="center", zorder=5, bbox=box)
              for name, color in (("$Ae_1$", TEXT_COLORS["vermillion"]), ("$Ae_2$", TEXT_COLORS["blue"]),
                                  ("$e_1$", COLORS["black"]), ("$e_2$", COLORS["black"]))]
    return {"grid": grid, "image": image, "letter": letter, "arrows": arrows, "labels": labels}


def _num(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def _factor(x: float) -> str:
    """A number as a factor in a product: negatives in brackets, "(-2.00)"."""
    text = _num(x)
    return f"({text})" if text.startswith("-") else text


def readout(out: Matrix2x2Result) -> str:
    """The explorer's readout, in words, from a :func:`compute` result."""
    (a, b), (c, d) = out.A
    formula = (f"det(A) = a d &minus; b c = {_factor(a)}&middot;{_factor(d)} &minus; "
               f"{_factor(b)}&middot;{_factor(c)} = <b>{_num(out.det, 3)}</b>")
    if out.collapse == "point":
        meaning = ("<b>det = 0: A = 0 sends the whole plane to one point (the origin); "
                   "A has no inverse</b>")
    elif out.collapse == "line":
        meaning = ("<b>det = 0: the plane collapses onto a line</b> (A e1 and A e2 point along "
                   "the same line); the unit square has area 0, and <b>A has no inverse</b>: "
                   "many points land on the same point, so no matrix can undo it")
    else:
        meaning = (f"the unit square (area 1) becomes a parallelogram of area |det| = "
                   f"<b>{_num(out.area, 3)}</b>")
        meaning += ("; <b>orientation flipped</b> (det &lt; 0: a mirror image, the F is "
                    "mirrored and e1 &rarr; e2 now turns clockwise)" if out.flipped else
                    "; orientation kept (det &gt; 0: the F reads the right way round)")
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
        artists["grid"].set_segments(out.grid)
        artists["image"].set_xy(out.square)
        for arrow, tip in zip(artists["arrows"], (out.e1, out.e2)):
            arrow.set_UVC([tip[0]], [tip[1]])
        letter = matmul(LETTER_F, out.A.T)
        artists["letter"].set_xy(letter)
        places = label_layout(out.e1, out.e2, avoid=letter)
        tips = (out.e1, out.e2, np.ones(2), np.ones(2))
        for label, place, tip in zip(artists["labels"], places, tips):
            label.set_position(place)
            label.set_visible(bool(np.any(tip != 0.0)))
        return readout(out)

    def entry(label, value):
        return explore.slider(label, *ENTRY_RANGE, value, 0.1, fmt=".1f")

    controls = {"a": entry("a (row 1, col 1)", a), "b": entry("b (row 1, col 2)", b),
                "c": entry("c (row 2, col 1)", c), "d": entry("d (row 2, col 2)", d)}
    animated = [artists["grid"], artists["image"], artists["letter"], *artists["arrows"],
                *artists["labels"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="A 2x2 matrix moves the plane: A = [[a, b], [c, d]]")
