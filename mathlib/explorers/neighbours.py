"""Explorer for notebook 05: the k nearest neighbours of a query point under four metrics.

The data are two measurements of Fisher's Iris flowers (petal length and petal width, cm). A query
point is moved with two sliders; the k flowers nearest to it, under the chosen metric, are
circled and joined to it. Around the query the explorer draws the metric's "ball" through the
k-th neighbour: a circle (Euclidean), a diamond (Manhattan), a square (Chebyshev) or, for the
cosine, a wedge from the origin (the cosine only sees directions).
"""

from __future__ import annotations

from dataclasses import dataclass

import math

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from .. import explore
from .._checks import as_array, as_scalar
from ..data import load_iris
from ..plotting import COLORS, LINE_COLORS
from .unit_balls import unit_circle

NOTEBOOK = "05"  # the notebook that shows this explorer

METRICS = {"euclidean": "Euclidean (L2)", "manhattan": "Manhattan (L1)",
           "chebyshev": "Chebyshev (L\u221e)", "cosine": "cosine"}
_BALL_P = {"euclidean": 2.0, "manhattan": 1.0, "chebyshev": math.inf}
X_RANGE = (0.0, 7.5)
Y_RANGE = (0.0, 2.8)
K_MAX = 10
PAD = 0.2                          # cm of axes beyond the sliders' ranges
FEATURES = (2, 3)                  # petal length and petal width
RAY = 20.0                         # long enough to leave the axes: the cosine wedge's sides
_BALL_ANGLES = np.radians(np.arange(0.0, 360.5, 1.0))
TIE = 1e-9                         # distances this close (relative) count as a tie


def iris_petals() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The 150 flowers' petal length and width (150, 2) in cm, their species (150,), the names."""
    iris = load_iris()
    return iris.X[:, FEATURES], iris.y, iris.target_names


def multiplicity(X) -> np.ndarray:
    """For each row of ``X`` (n, d), how many rows (itself included) hold exactly the same
    values: Iris flowers measured to 0.1 cm often coincide, and then sit on top of each other."""
    X = as_array(X, "X", "neighbours.multiplicity", ndim=2)
    _, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    return counts[inverse.ravel()]


def prepare(X) -> dict:
    """What every query reuses: the points (n, 2) and their directions (unit vectors, or None for
    a zero row, which has no direction)."""
    X = as_array(X, "X", "neighbours.prepare", ndim=2)
    lengths = np.sqrt(np.sum(X * X, axis=1))
    safe = np.where(lengths > 0, lengths, 1.0)
    return {"X": X, "units": X / safe[:, None], "has_direction": lengths > 0}


@dataclass(frozen=True, eq=False)
class NeighboursResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    distances: np.ndarray
    similarities: np.ndarray | None
    nearest: np.ndarray
    nearest_distances: np.ndarray
    radius: float
    tied: int
    tied_shown: int
    within: int
    defined: bool
    metric: str
    k: int
    query: np.ndarray


def compute(data, query, metric: str = "euclidean", k: int = 5) -> NeighboursResult:
    """The k nearest rows of ``data`` to ``query`` (2,) under ``metric``.

    ``data`` is the points (n, d) or the result of :func:`prepare`. Metrics, for ``diff = x - q``:
    euclidean ``sqrt(sum diff^2)``, manhattan ``sum |diff|``, chebyshev ``max |diff|``, cosine
    ``1 - cos(x, q)`` with ``cos(x, q) = x . q / (|x| |q|)`` (scipy's "cosine distance").

    Returns ``distances`` (n,), ``nearest`` (k,) indices (nearest first; ties in row order),
    ``nearest_distances`` (k,), ``similarities`` (n,) for cosine (else None), ``radius`` (the
    k-th distance), ``tied``: how many rows lie at exactly the k-th distance (up to rounding,
    1e-9) when there are more of them than places left (else 0), ``tied_shown``: how many of
    those are among the k (the ones with the lowest row numbers), ``within``: how many rows lie
    at the k-th distance or closer, and ``defined``: False when the metric is cosine and the
    query is the zero vector (no direction, no cosine), in which case ``nearest`` is empty. Rows
    without a direction (zero rows) get cosine distance inf: they are never a cosine neighbour.
    """
    where = "neighbours.compute"
    prepared = data if isinstance(data, dict) else prepare(data)
    X = prepared["X"]
    q = as_array(query, "query", where, ndim=1)
    if q.shape != (X.shape[1],):
        raise ValueError(f"{where}: query has shape {tuple(q.shape)} but the rows of the data have "
                         f"{X.shape[1]} coordinates")
    if metric not in METRICS:
        raise ValueError(f"{where}: metric must be one of {sorted(METRICS)}, got {metric!r}")
    k = int(as_scalar(k, "k", where))
    if not 1 <= k <= len(X):
        raise ValueError(f"{where}: k must be between 1 and {len(X)} (the number of points), "
                         f"got {k}")
    similarities = None
    diff = X - q
    if metric == "euclidean":
        distances = np.sqrt(np.sum(diff * diff, axis=1))
    elif metric == "manhattan":
        distances = np.sum(np.abs(diff), axis=1)
    elif metric == "chebyshev":
        distances = np.max(np.abs(diff), axis=1)
    else:
        length = float(np.sqrt(np.sum(q * q)))
        if length == 0.0:
            empty = np.empty(0, dtype=int)
            return NeighboursResult(distances=np.full(len(X), np.inf), similarities=None,
                                    nearest=empty, nearest_distances=np.empty(0), radius=None,
                                    tied=0, tied_shown=0, within=0, defined=False, metric=metric,
                                    k=k, query=q)
        cos = np.clip(prepared["units"] @ (q / length), -1.0, 1.0)
        similarities = np.where(prepared["has_direction"], cos, -np.inf)
        distances = np.where(prepared["has_direction"], 1.0 - cos, np.inf)
    nearest = np.argsort(distances, kind="stable")[:k]
    radius = float(distances[nearest[-1]])
    at_radius = np.abs(distances - radius) <= TIE * max(1.0, abs(radius))
    tied = int(np.sum(at_radius))
    inside = int(np.sum(distances < radius) - np.sum(at_radius & (distances < radius)))
    return NeighboursResult(distances=distances, similarities=similarities, nearest=nearest,
                            nearest_distances=distances[nearest], radius=radius,
                            tied=tied if inside + tied > k else 0, tied_shown=k - inside,
                            within=inside + tied, defined=True, metric=metric, k=k, query=q)


def ball(out: NeighboursResult) -> np.ndarray:
    """The outline (m, 2) of the metric's ball through the k-th neighbour, around the query.

    A circle, diamond or square of radius ``out.radius``; for cosine the two sides of the wedge
    of directions within the k-th neighbour's angle, meeting at the origin. Empty when undefined.
    """
    if not out.defined:
        return np.empty((0, 2))
    q = out.query
    if out.metric == "cosine":
        theta = math.atan2(q[1], q[0])
        alpha = math.acos(max(-1.0, min(1.0, 1.0 - out.radius)))
        a, b = theta + alpha, theta - alpha
        return np.array([[RAY * math.cos(a), RAY * math.sin(a)], [0.0, 0.0],
                         [RAY * math.cos(b), RAY * math.sin(b)]])
    return q + out.radius * unit_circle(_BALL_P[out.metric], _BALL_ANGLES)


SPECIES_STYLE = [("o", LINE_COLORS["blue"]), ("s", LINE_COLORS["orange"]),
                 ("^", LINE_COLORS["green"])]


LABEL_BOX = (20.0, 13.0)      # a "×2" label's size in pixels (small bold font, with its box)
# where a "×2" label may go around its point (offset in points, alignment), in order of preference
SPOTS = [((-7, 0), "right", "center"), ((7, 0), "left", "center"), ((0, 7), "center", "bottom"),
         ((0, -7), "center", "top"), ((-6, 6), "right", "bottom"), ((6, -6), "left", "top"),
         ((6, 6), "left", "bottom"), ((-6, -6), "right", "top")]


def _free_spot(point, placed, scale: float = 100 / 72):
    """The first of :data:`SPOTS` around ``point`` (pixels) whose label box overlaps none of
    ``placed`` (pixel boxes x0, y0, x1, y1); the box is added to ``placed``. None if all do."""
    w, h = LABEL_BOX
    for (dx, dy), ha, va in SPOTS:
        x = point[0] + dx * scale
        y = point[1] + dy * scale
        x0 = x - w if ha == "right" else x if ha == "left" else x - w / 2
        y0 = y - h / 2 if va == "center" else y if va == "bottom" else y - h
        box = (x0, y0, x0 + w, y0 + h)
        if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
               for b in placed):
            placed.append(box)
            return (dx, dy), ha, va
    return None


def draw(ax, X, y, names) -> dict:
    """The flowers by species (marker shape and colour), axes and legend; the moving artists
    (``counts``: K_MAX labels "×2", ... written beside a chosen point where flowers coincide)."""
    # padded: a query at a slider's end is drawn whole inside the axes, off the tick labels
    ax.set_xlim(X_RANGE[0] - PAD, X_RANGE[1] + PAD)
    ax.set_ylim(Y_RANGE[0] - PAD, Y_RANGE[1] + PAD)
    ax.set_aspect("equal")
    ax.set_xlabel("petal length (cm)")
    ax.set_ylabel("petal width (cm)")
    ax.set_title("the k nearest flowers lie inside the metric's ball around the query")
    for label, (marker, color) in enumerate(SPECIES_STYLE):
        rows = y == label
        # see-through faces show where flowers coincide; the edge, opaque, keeps 3:1 on white
        ax.scatter(X[rows, 0], X[rows, 1], s=22, marker=marker, facecolor=to_rgba(color, 0.6),
                   edgecolor=color, linewidths=0.8, label=names[label], zorder=2)
    links = LineCollection([], colors=COLORS["black"], linewidths=1.0, linestyles="-",
                           zorder=3)
    ax.add_collection(links)
    ring = Line2D([], [], color=COLORS["vermillion"], linestyle="--", linewidth=1.5,
                  label="ball through the k-th nearest", zorder=3)
    ax.add_line(ring)
    chosen = ax.scatter([], [], s=110, facecolors="none", edgecolors=COLORS["black"],
                        linewidths=1.8, label="k nearest", zorder=4)
    query = Line2D([], [], marker="*", markersize=16, color=COLORS["vermillion"],
                   markeredgecolor=COLORS["black"], linestyle="none", label="query", zorder=5)
    ax.add_line(query)
    # below the axes, across the figure: inside, the links from a query in a corner would run
    # under it (constrained layout makes room for an "outside" figure legend)
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=6,
                     fontsize="small", frameon=False, columnspacing=1.0, handletextpad=0.4)
    counts = [ax.text(0.0, 0.0, "", fontsize="small", fontweight="bold", ha="right",
                      va="center", color=COLORS["black"], visible=False, zorder=6,
                      bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.5})
              for _ in range(K_MAX)]
    return {"links": links, "ring": ring, "chosen": chosen, "query": query, "counts": counts}


def readout(out: NeighboursResult, y, names, stacked: bool = False) -> str:
    """The neighbours' distances (or similarities) and their species, in words; ties at the
    k-th distance, and (``stacked``) a note on the "×2" marks of coinciding flowers."""
    metric, k = out.metric, out.k
    q = out.query
    where = f"query = ({q[0]:.2f}, {q[1]:.2f}) cm"
    if not out.defined:
        return (f"{where}: the query is the zero vector; it has <b>no direction</b>, so the cosine "
                "similarity is undefined and there are <b>no cosine neighbours</b>. Move it away "
                "from the origin.")
    idx = out.nearest
    if metric == "cosine":
        values = ", ".join(f"{out.similarities[i]:.5f}" for i in idx)
        numbers = (f"cosine similarities (1 = same direction) <b>{values}</b>; the wedge holds "
                   f"every flower within {math.degrees(math.acos(1 - out.radius)):.2f}&deg; of "
                   "the query's direction, near or far")
    else:
        values = ", ".join(f"{d:.3f}" for d in out.nearest_distances)
        numbers = f"distances (cm) <b>{values}</b>"
    counts = np.bincount(y[idx], minlength=len(names))
    best = int(np.argmax(counts))
    vote = ", ".join(f"{c} {names[s]}" for s, c in enumerate(counts) if c)
    notes = ""
    if out.tied:
        r = out.radius
        at = (f"cosine similarity {1 - r:.5f}" if metric == "cosine" else f"distance {r:.3f}")
        notes += (f"<br><b>Ties:</b> {out.within} flowers are this near, but k = {k}: "
                  f"{out.tied} flowers are tied at {at}; " + (
                      "the one with the lowest row number is shown" if out.tied_shown == 1
                      else f"the {out.tied_shown} with the lowest row numbers are shown"))
    if stacked:
        notes += ("<br>&times;2, &times;3, ... beside a circle: that many of the k chosen "
                  "flowers have exactly the same measurements and are drawn on top of each other")
    return (f"{where} &middot; {METRICS[metric]}, k = {k}: {numbers}<br>species of the "
            f"{k} nearest: {vote} &rarr; a k-nearest-neighbour vote says <b>{names[best]}</b>"
            + notes)


def explorer(query=(4.0, 0.8), metric: str = "euclidean", k: int = 5) -> explore.Explorer:
    """Sliders for the query point and k, a choice of metric; the k nearest Iris flowers."""
    X, y, names = iris_petals()
    prepared = prepare(X)
    many = multiplicity(X)
    fig, ax = explore.figure(1, 1, size=(8.0, 4.0))
    fig.set_layout_engine("constrained")          # room for the legend below the axes
    artists = draw(ax, X, y, names)

    def update(x, y_, metric, k):
        out = compute(prepared, np.array([x, y_]), metric, k)
        q = out.query
        artists["query"].set_data([q[0]], [q[1]])
        points = X[out.nearest]
        artists["chosen"].set_offsets(points if len(points) else np.empty((0, 2)))
        artists["links"].set_segments([np.array([q, p]) for p in points])
        outline = ball(out)
        artists["ring"].set_data(outline[:, 0], outline[:, 1])
        stacked = False
        seen = set()
        placed = []                                   # boxes of the labels placed, in pixels
        to_pixels = ax.transData.transform
        # how many of the chosen flowers sit on each spot (a tie may leave some there unchosen)
        chosen_here = {}
        for i in out.nearest:
            chosen_here[tuple(X[i])] = chosen_here.get(tuple(X[i]), 0) + 1
        for label, i in zip(artists["counts"], [*out.nearest, *[None] * K_MAX]):
            key = None if i is None else tuple(X[i])
            show = key is not None and key not in seen and chosen_here[key] > 1
            if show:
                seen.add(key)
                label.set_text(f"\u00d7{chosen_here[key]}")
                spot = _free_spot(to_pixels(X[i]), placed, fig.dpi / 72)
                if spot is None:
                    show = False                      # no room: the readout still explains
                else:
                    (dx, dy), ha, va = spot
                    label.set_position((X[i, 0], X[i, 1]))
                    label.set_transform(ax.transData + ScaledTranslation(
                        dx / 72, dy / 72, fig.dpi_scale_trans))
                    label.set_ha(ha)
                    label.set_va(va)
            label.set_visible(bool(show))
            stacked = stacked or bool(show)
        return readout(out, y, names, stacked)

    controls = {"x": explore.slider("query: petal length", *X_RANGE, query[0], 0.05),
                "y_": explore.slider("query: petal width", *Y_RANGE, query[1], 0.05),
                "metric": explore.choice("metric", [(v, key) for key, v in METRICS.items()],
                                         metric),
                "k": explore.slider("k (neighbours)", 1, K_MAX, k, integer=True)}
    animated = [artists["links"], artists["ring"], artists["chosen"], artists["query"],
                *artists["counts"]]
    ex = explore.Explorer(fig, controls, update, animated=animated,
                          title="Nearest neighbours under four metrics")
    # inside the axes and under no legend (the metric's ball may run out of the axes)
    ex.must_show = [artists["links"], artists["chosen"], artists["query"]]
    return ex
