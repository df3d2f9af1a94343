"""Explorer for notebook 03: a unit vector ``v`` turning round the circle, with ``A v`` beside it.

Most vectors are turned by ``A`` as well as stretched: ``A v`` points somewhere else. Along an
*eigenvector* ``A v = lambda v``: ``A v`` lies on the same line as ``v`` (the same way when
lambda > 0, the opposite way when lambda < 0, and ``A v = 0`` when lambda = 0). A rotation by
90 degrees turns every vector, so it has no real eigenvector at all.

The unit circle (every ``v``) is drawn once; its image, an ellipse (every ``A v``; a segment
when A is singular), and the eigenvector directions change only with the matrix; ``v``, ``A v``
and the arc between them move with the angle. Everything that changes is blitted, so a change of
matrix is as quick as a move of the angle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar, shape_str
from ..linalg import matmul
from ..plotting import COLORS, TEXT_COLORS
from ._layout import cached_text, setup_axes

NOTEBOOK = "03"  # the notebook that shows this explorer

# The matrices to choose from: (button label, matrix, a sentence about it).
MATRICES = {
    "symmetric": (np.array([[2.0, 1.0], [1.0, 2.0]]),
                  "symmetric (S = S^T), the notebook's A: two perpendicular eigenvector "
                  "directions, lambda = 3 along (1, 1) and lambda = 1 along (1, -1)"),
    "reflection": (np.array([[0.0, 1.0], [1.0, 0.0]]),
                   "a reflection in the diagonal (symmetric): lambda = 1 along (1, 1), and "
                   "lambda = -1 along (1, -1), where A v points the opposite way"),
    "not symmetric": (np.array([[2.0, 1.0], [0.0, 1.0]]),
                      "not symmetric: two eigenvector directions, 45&deg; apart, "
                      "not perpendicular"),
    "shear": (np.array([[1.0, 1.0], [0.0, 1.0]]),
              "a shear: only one eigenvector direction (the x1 axis), lambda = 1"),
    "rotation 90°": (np.array([[0.0, -1.0], [1.0, 0.0]]),
                     "a rotation by 90&deg;: it turns every vector, so no real eigenvector"),
    "singular": (np.array([[1.0, 0.0], [1.0, 0.0]]),
                 "singular (det = 0): one direction is sent to 0, so lambda = 0 is an eigenvalue"),
}
LIMIT = 3.4            # the axes show [-LIMIT, LIMIT]^2: |A v| <= 3 for every matrix above
ALIGNED_DEG = 0.005    # v and A v count as lined up below this angle (the readout shows 0.00)
ZERO = 1e-12           # |A v| below this (relative to the size of A) counts as A v = 0
ARC_RADIUS = 0.45
CIRCLE = np.linspace(0.0, 2.0 * np.pi, 241)


def _matrix(A, where: str) -> np.ndarray:
    A = as_array(A, "A", where, ndim=2)
    if A.shape != (2, 2):
        raise ValueError(f"{where}: A must be a 2x2 matrix, got shape {shape_str(A.shape)}")
    return A


def eigen_directions(A) -> dict:
    """The real eigenvalues and eigenvector directions of a 2x2 matrix, by hand.

    ``det(A - lambda I) = lambda^2 - tr(A) lambda + det(A) = 0`` gives
    ``lambda = tr/2 +- sqrt(tr^2/4 - det)``: two real eigenvalues when the discriminant
    ``tr^2/4 - det`` is > 0, one (repeated) when it is 0, none (a complex pair) when it is < 0.
    The eigenvector of lambda spans the null space of ``A - lambda I``: for a row (p, q) of it,
    (-q, p) is perpendicular to that row.

    Returns a :class:`EigenArrowsResult` with
    ``eigenvalues`` (a list of real numbers, largest first), ``vectors`` (a
    list of unit (2,) arrays, one per eigenvalue, largest-magnitude entry positive; empty when
    there is no real eigenvalue),
    ``every_direction`` (True for A = lambda I, where every vector is an eigenvector) and
    ``discriminant``.
    """
    A = _matrix(A, "eigen_directions")
    scale = max(1.0, float(np.max(np.abs(A))))
    half_trace = (A[0, 0] + A[1, 1]) / 2.0
    determinant = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    disc = half_trace * half_trace - determinant
    if abs(disc) <= 1e-12 * scale * scale:
        disc = 0.0
    if disc < 0.0:
        return {"eigenvalues": [], "vectors": [], "every_direction": False, "discriminant": disc}
    root = float(np.sqrt(disc))
    values = [half_trace + root] if root == 0.0 else [half_trace + root, half_trace - root]
    vectors = []
    for lam in values:
        M = A - lam * np.eye(2)
        row = M[int(np.argmax(np.abs(M).sum(axis=1)))]
        if np.max(np.abs(row)) <= 1e-12 * scale:              # A = lambda I
            return {"eigenvalues": [float(lam)] * 2,
                    "vectors": [np.array([1.0, 0.0]), np.array([0.0, 1.0])],
                    "every_direction": True, "discriminant": disc}
        w = np.array([-row[1], row[0]])
        w = w / np.sqrt(np.sum(w * w))
        vectors.append(w if w[int(np.argmax(np.abs(w)))] > 0 else -w)   # largest entry > 0
    return {"eigenvalues": [float(v) for v in values], "vectors": vectors,
            "every_direction": False, "discriminant": disc}


@dataclass(frozen=True, eq=False)
class EigenArrowsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    v: np.ndarray
    Av: np.ndarray
    length: float
    between: float
    turn: float
    eigen: bool
    lam: float | None


def compute(angle: float, A) -> EigenArrowsResult:
    """The unit vector ``v = (cos angle, sin angle)`` (angle in degrees) and ``A v``.

    Returns a dict with ``v``, ``Av`` (2,); ``length`` = |A v|; ``between``: the angle between v
    and A v in degrees, in [0, 180] (None when A v = 0: the zero vector has no direction);
    ``eigen``: True when A v = lambda v, i.e. A v = 0 or the angle is below 0.005 degrees or
    above 179.995; ``lam``: then lambda = v . A v (the Rayleigh quotient, |v| = 1), else None;
    ``turn``: the signed turn from v to A v in degrees, in (-180, 180] (None when A v = 0).
    """
    where = "eigen_arrows.compute"
    angle = as_scalar(angle, "angle", where)
    A = _matrix(A, where)
    t = np.radians(angle)
    v = np.array([np.cos(t), np.sin(t)])
    Av = matmul(A, v)
    length = float(np.sqrt(np.sum(Av * Av)))
    if length <= ZERO * max(1.0, float(np.max(np.abs(A)))):
        return EigenArrowsResult(v=v, Av=Av, length=length, between=None, turn=None, eigen=True,
                                 lam=0.0)
    cross = v[0] * Av[1] - v[1] * Av[0]
    dot = float(np.sum(v * Av))
    turn = float(np.degrees(np.arctan2(cross, dot)))
    between = abs(turn)
    eigen = between < ALIGNED_DEG or between > 180.0 - ALIGNED_DEG
    return EigenArrowsResult(v=v, Av=Av, length=length, between=between, turn=turn,
                             eigen=bool(eigen), lam=dot if eigen else None)


def arc(angle: float, turn: float | None, radius: float = ARC_RADIUS, points: int = 30
        ) -> np.ndarray:
    """Points (points, 2) on the arc from the direction ``angle`` turning by ``turn`` degrees
    (empty when there is no turn to show)."""
    if turn is None:
        return np.empty((0, 2))
    t = np.radians(angle + np.linspace(0.0, turn, points))
    return radius * np.column_stack([np.cos(t), np.sin(t)])


def image_curve(A) -> np.ndarray:
    """The image of the unit circle, ``A (cos t, sin t)`` for t round the circle: (241, 2).
    An ellipse when det A != 0, a segment traced twice when A is singular, the circle itself for
    a rotation."""
    A = _matrix(A, "image_curve")
    circle = np.stack([np.cos(CIRCLE), np.sin(CIRCLE)])
    return matmul(A, circle).T


def _num(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def _vec(w) -> str:
    return f"({_num(w[0])}, {_num(w[1])})"


def _matrix_text(A) -> str:
    return f"[[{_num(A[0, 0], 0)}, {_num(A[0, 1], 0)}], [{_num(A[1, 0], 0)}, {_num(A[1, 1], 0)}]]"


def readout(out: EigenArrowsResult, A, eig: dict, angle: float) -> str:
    """The readout in words: v, A v, the angle between them, and whether v is an eigenvector."""
    head = (f"A = {_matrix_text(A)} &nbsp;&middot;&nbsp; v = {_vec(out.v)} at "
            f"{_num(angle, 0)}&deg;, A v = {_vec(out.Av)}, |A v| = {_num(out.length)}")
    if out.between is None:
        between = "A v = 0: no angle (the zero vector has no direction)"
    else:
        between = f"angle between v and A v = <b>{_num(out.between)}&deg;</b>"
    if out.eigen and out.between is None:
        verdict = ("<b>v is an eigenvector: A v = 0 = 0 v, so lambda = 0</b> "
                   "(A flattens this direction to a point)")
    elif out.eigen and out.lam < 0:
        verdict = (f"<b>v is an eigenvector: A v points the opposite way, A v = lambda v with "
                   f"lambda = {_num(out.lam)}</b>")
    elif out.eigen:
        verdict = (f"<b>v is an eigenvector: A v = lambda v with lambda = "
                   f"{_num(out.lam)}</b>")
    elif not eig["eigenvalues"]:
        verdict = ("<b>this matrix has no real eigenvectors</b>: it turns every v, "
                   "so A v never lies along v")
    else:
        where = ", ".join(f"lambda = {_num(lam)} along &plusmn;{_vec(q)}"
                          for lam, q in zip(eig["eigenvalues"], eig["vectors"]))
        verdict = f"not an eigenvector: A v is turned away from v. Eigenvectors: {where}"
    return f"{head}<br>{between} &nbsp;&middot;&nbsp; {verdict}"


def draw(ax) -> dict:
    """Draw the plane once; return the artists that change: with the matrix (``ellipse``,
    ``eigenlines``) and with the angle (``arrows``, ``labels``, ``arc``)."""
    setup_axes(ax, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True,
               xticks=np.arange(-3, 4, 1), yticks=np.arange(-3, 4, 1),
               xlabel="first coordinate $x_1$", ylabel="second coordinate $x_2$",
               title="v and A v line up only along an eigenvector", origin=True)
    ax.plot(np.cos(CIRCLE), np.sin(CIRCLE), color=COLORS["blue"], linestyle=":",
            linewidth=1.5, zorder=2, label="unit circle: every v")
    ellipse, = ax.plot([], [], color=COLORS["vermillion"], linestyle="-", linewidth=1.2,
                       zorder=2, label="its image: every A v")
    eigenlines = [ax.plot([], [], color=COLORS["black"], linestyle="--", linewidth=1.0,
                          alpha=0.45, zorder=1, label=label)[0]
                  for label in ("eigenvector directions", None)]
    # below the axes, across the figure (room made by the layout): inside, it covered an
    # eigen-direction running through its corner
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=3,
                     fontsize="small", frameon=False, handlelength=2.2, columnspacing=1.0)
    # A v wide and underneath, v narrow on top: both show when they point the same way.
    arrows = [ax.quiver([0.0], [0.0], [1.0], [0.0], color=color, angles="xy", scale_units="xy",
                        scale=1, width=width, headwidth=3.5, headlength=4.5, headaxislength=4.0,
                        zorder=zorder)
              for color, width, zorder in ((COLORS["blue"], 0.010, 4.2),
                                           (COLORS["vermillion"], 0.018, 4.0))]
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
    # speed: two fixed names that move, drawn from pictures rendered once (_layout.CachedText)
    labels = [cached_text(ax, 0.0, 0.0, name, color=color, fontweight="bold", ha="center",
                          va="center", zorder=5, bbox=box)
              for name, color in (("v", TEXT_COLORS["blue"]), ("A v", TEXT_COLORS["vermillion"]))]
    turn_arc, = ax.plot([], [], color=COLORS["black"], linewidth=1.2, zorder=3)
    return {"ellipse": ellipse, "eigenlines": eigenlines, "arrows": arrows, "labels": labels,
            "arc": turn_arc}


def label_places(v, Av, gap: float = 0.3) -> list[tuple[float, float]]:
    """Where to write "v" and "A v": beyond each tip; when the tips are close (A v near v),
    "A v" goes beside its tip instead, so the two names never cover each other."""
    v, Av = np.asarray(v, dtype=float), np.asarray(Av, dtype=float)
    v_place = v * (1.0 + gap)
    length = float(np.sqrt(np.sum(Av * Av)))
    direction = Av / length if length > 0 else -v        # A v = 0: write it opposite to v
    place = Av + gap * 1.3 * direction
    if np.sqrt(np.sum((place - v_place) ** 2)) < 0.6:
        place = Av + 0.55 * np.array([-direction[1], direction[0]]) + 0.2 * direction
    limit = LIMIT - 0.3
    return [tuple(np.clip(v_place, -limit, limit)), tuple(np.clip(place, -limit, limit))]


def explorer(matrix: str = "symmetric", angle: float = 20.0) -> explore.Explorer:
    """An angle slider turning v round the unit circle; a choice of matrix; A v beside v."""
    if matrix not in MATRICES:
        raise ValueError(f"eigen_arrows.explorer: matrix must be one of {list(MATRICES)}, "
                         f"got {matrix!r}")
    fig, ax = explore.figure(1, 1, size=(5.6, 6.0))
    fig.set_layout_engine("constrained")           # room for the legend below the axes
    artists = draw(ax)
    shown = {"matrix": None, "eig": None}

    def show_matrix(name):
        """Set what stays fixed while only the angle moves: the ellipse and the eigen-directions.
        They are blitted like the arrows (a few lines), so a change of matrix is as quick as a
        move of the angle, with no full redraw."""
        A = MATRICES[name][0]
        curve = image_curve(A)
        artists["ellipse"].set_data(curve[:, 0], curve[:, 1])
        eig = eigen_directions(A)
        for k, line in enumerate(artists["eigenlines"]):
            if k < len(eig["vectors"]) and not eig["every_direction"]:
                q = np.asarray(eig["vectors"][k], dtype=float)
                q = q * LIMIT / np.max(np.abs(q))          # to the edge of the axes, not beyond
                line.set_data([-q[0], q[0]], [-q[1], q[1]])
            else:
                line.set_data([], [])
        shown["matrix"], shown["eig"] = name, eig

    def update(matrix, angle):
        if matrix != shown["matrix"]:
            show_matrix(matrix)
        A = MATRICES[matrix][0]
        out = compute(angle, A)
        for arrow, tip in zip(artists["arrows"], (out.v, out.Av)):
            arrow.set_UVC([tip[0]], [tip[1]])
        for label, place in zip(artists["labels"], label_places(out.v, out.Av)):
            label.set_position(place)
        curve = arc(angle, out.turn)
        artists["arc"].set_data(curve[:, 0], curve[:, 1])
        return readout(out, A, shown["eig"], angle) + f"<br><i>{MATRICES[matrix][1]}</i>"

    controls = {"matrix": explore.choice("matrix A", list(MATRICES), matrix),
                "angle": explore.slider("angle of v (degrees)", 0.0, 360.0, angle, 1.0,
                                        fmt=".0f")}
    animated = [artists["ellipse"], *artists["eigenlines"], *artists["arrows"],
                *artists["labels"], artists["arc"]]
    ex = explore.Explorer(fig, controls, update, animated=animated,
                          title="Turn v and watch A v: do they line up?")
    ex.must_show = [artists["ellipse"], *artists["eigenlines"]]    # inside, under no legend
    return ex
