"""Explorer for notebook 24: message passing on a k-nearest-neighbour graph of 12 Iris flowers.

The graph: 12 of Fisher's Iris flowers (4 of each species, drawn with a fixed seed), each joined
to its 2 nearest neighbours in the four measurements (Euclidean distance, cm), the edges made
undirected (an edge where either flower is among the other's 2 nearest). It is drawn in petal
length and petal width. One flower (the slider "start flower") starts with feature 1, the others
with 0; each step is ``mathlib.graphs.message_passing(A, H, W, normalise=True)`` with W = [[1]]:
every flower takes the mean of its own feature and its neighbours'. After k steps exactly the
flowers at most k hops (edges) from the start have a non-zero feature. A flower's feature is shown
three ways: the colour of its marker (log scale, colour bar), its size (capped where flowers
crowd, so that no marker covers a neighbour), and for a flower not reached an open marker; the
species is the marker's shape. Within a species the flowers not reached are drawn last, on top,
and smaller markers above larger ones. The readout gives the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_int
from ..data import load_iris
from ..graphs import message_passing
from ..plotting import SEQUENTIAL

NOTEBOOK = "24"  # the notebook that shows this explorer

SEED = 24
PER_SPECIES = 4
K_NEIGHBOURS = 2
STEPS = 8                         # the step slider's maximum
LOG_LOW = -3.0                    # the colour scale: log10 of the feature from 1e-3 to 1
MARKERS = ("o", "s", "^")         # setosa, versicolor, virginica
START = 4                         # the first versicolor flower
# where each flower's number sits, in points from its centre: clear of the largest marker and
# of the start ring, and of the neighbouring numbers
LABEL_OFFSETS = {0: (-3, 11), 1: (-19, 4), 2: (11, -4), 3: (-17, -12), 4: (-10, -27),
                 5: (13, -12), 6: (-6, 12), 7: (-19, 6), 8: (12, -2), 9: (-18, 2), 10: (12, -2),
                 11: (12, -8)}


@lru_cache(maxsize=1)
def flowers() -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """The 12 flowers: their row numbers in the Iris data (12,), measurements (12, 4) in cm,
    species (12,), and the species names."""
    iris = load_iris()
    rng = np.random.default_rng(SEED)
    rows = np.concatenate([np.sort(rng.choice(np.flatnonzero(iris.y == c), PER_SPECIES,
                                              replace=False)) for c in range(3)])
    return rows, iris.X[rows], iris.y[rows], tuple(iris.target_names)


def knn_adjacency(X, k: int = K_NEIGHBOURS) -> np.ndarray:
    """The undirected k-nearest-neighbour graph of the rows of X (n, d): A (n, n) with A[i, j] = 1
    when j is among the k nearest rows to i or i among the k nearest to j (Euclidean distance, a
    tie going to the lower row number), 0 on the diagonal."""
    X = np.asarray(X, dtype=float)
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(D, np.inf)
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    A = np.zeros(D.shape)
    A[np.arange(len(X))[:, None], nearest] = 1.0
    return np.maximum(A, A.T)


def hops_from(A: np.ndarray, start: int) -> np.ndarray:
    """The number of edges on a shortest path from ``start`` to each node (breadth-first search);
    -1 for a node no path reaches."""
    hops = np.full(len(A), -1)
    hops[start] = 0
    frontier, k = [start], 0
    while frontier:
        k += 1
        nxt = [j for i in frontier for j in np.flatnonzero(A[i]) if hops[j] < 0]
        nxt = list(dict.fromkeys(int(j) for j in nxt))
        hops[nxt] = k
        frontier = nxt
    return hops


@lru_cache(maxsize=1)
def graph() -> np.ndarray:
    """The explorer's adjacency matrix (12, 12)."""
    return knn_adjacency(flowers()[1])


@lru_cache(maxsize=16)
def run(start: int) -> np.ndarray:
    """The features after 0, 1, ..., STEPS rounds from a one-hot start: (STEPS + 1, 12)."""
    A = graph()
    H = np.zeros((len(A), 1))
    H[start] = 1.0
    out = [H[:, 0]]
    for _ in range(STEPS):
        H = message_passing(A, H, np.ones((1, 1)), normalise=True)
        out.append(H[:, 0])
    features = np.array(out)
    features.flags.writeable = False
    return features


@dataclass(frozen=True, eq=False)
class MessagePassingResult:
    """What :func:`compute` returns: its fields are described there."""

    features: np.ndarray
    hops: np.ndarray
    reached: np.ndarray
    within: np.ndarray
    step: int
    start: int


def compute(start, step) -> MessagePassingResult:
    """The features after ``step`` rounds of mean message passing from a one-hot ``start``.

    Returns ``features`` (12,), ``hops`` (12,) each flower's hop distance from the start (-1: no
    path), ``reached`` (12,) bool, feature > 0, and ``within`` (12,) bool, 0 <= hops <= step
    (the two agree: a flower feels exactly the flowers at most ``step`` hops away).
    """
    where = "message_passing.compute"
    n = len(graph())
    start = as_int(start, "start", where, low=0, high=n - 1)
    step = as_int(step, "step", where, low=0, high=STEPS)
    features = run(start)[step]
    hops = hops_from(graph(), start)
    return MessagePassingResult(features=features, hops=hops, reached=features > 0,
                                within=(hops >= 0) & (hops <= step), step=step, start=start)


def sizes(features: np.ndarray) -> np.ndarray:
    """Marker areas (points^2): 40 for a flower not reached, up to 400 for feature 1."""
    logs = np.clip(np.log10(np.where(features > 0, features, 1.0)), LOG_LOW, 0.0)
    return np.where(features > 0, 90.0 + 310.0 * (logs - LOG_LOW) / -LOG_LOW, 40.0)


def size_caps(P: np.ndarray, points_per_cm: tuple[float, float]) -> np.ndarray:
    """The largest marker area (points^2) of each flower: a diameter of at most 0.9 of the
    distance to its nearest flower on screen (P in cm, ``points_per_cm`` along x and y), so that
    crowded markers (the setosa group) stay apart; never below 60, above an open marker's 40."""
    Q = np.asarray(P, dtype=float) * np.asarray(points_per_cm, dtype=float)
    d = np.sqrt(((Q[:, None, :] - Q[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(d, np.inf)
    return np.maximum(0.9 * d.min(axis=1), np.sqrt(60.0)) ** 2


def drawing_order(features: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """The order to draw one species' flowers in: the flowers reached first, largest marker first,
    then the flowers not reached (small open markers), so that nothing covers a smaller one."""
    return np.lexsort((-np.asarray(areas), np.asarray(features) <= 0))


def colors(features: np.ndarray, cmap) -> np.ndarray:
    """Face colours: the colour map at log10(feature) for a flower reached, white (open) if not."""
    logs = np.clip(np.log10(np.where(features > 0, features, 1.0)), LOG_LOW, 0.0)
    faces = cmap((logs - LOG_LOW) / -LOG_LOW)
    faces[features <= 0] = (1.0, 1.0, 1.0, 1.0)
    return faces


def draw(ax) -> dict:
    """The edges, axes, colour bar and legend once; the flowers (one scatter per species) and the
    start ring, which move."""
    import matplotlib

    _, X, species, names = flowers()
    P = X[:, 2:]
    A = graph()
    i, j = np.nonzero(np.triu(A))
    ax.add_collection(LineCollection(np.stack([P[i], P[j]], axis=1), colors="#555555",
                                     linewidths=1.2, zorder=1))
    ax.set_xlim(0.5, 7.0)
    ax.set_ylim(-0.3, 2.9)
    ax.set_xlabel("petal length (cm)")
    ax.set_ylabel("petal width (cm)")
    ax.set_title(f"{len(P)} Iris flowers, each joined to its {K_NEIGHBOURS} nearest (4 measurements)")
    cmap = matplotlib.colormaps[SEQUENTIAL]
    scatters = []
    for c, marker in enumerate(MARKERS):
        mask = species == c
        scatters.append(ax.scatter(P[mask, 0], P[mask, 1], s=40.0, marker=marker,
                                   facecolors="white", edgecolors="black", linewidths=1.0,
                                   zorder=3))
    for k, (x, y) in enumerate(P):                   # the flowers' numbers, drawn once
        ax.annotate(str(k), (x, y), xytext=LABEL_OFFSETS[k],
                    textcoords="offset points", fontsize=10, zorder=4)
    # the start ring above the flowers (an open ring hides nothing; below them a large filled
    # marker would hide it) and below the numbers
    ring, = ax.plot([P[START, 0]], [P[START, 1]], linestyle="none", marker="o", markersize=24,
                    markerfacecolor="none", markeredgecolor="black", markeredgewidth=1.5,
                    zorder=3.5)
    bar = ax.figure.colorbar(ScalarMappable(Normalize(LOG_LOW, 0.0), cmap), ax=ax,
                             label="log10 of the feature (open: 0)")
    bar.set_ticks([-3, -2, -1, 0])
    handles = [Line2D([], [], linestyle="none", marker=m, markerfacecolor="white",
                      markeredgecolor="black", markersize=8, label=name)
               for m, name in zip(MARKERS, names)]
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=12,
                          markerfacecolor="none", markeredgecolor="black", label="start"))
    ax.legend(handles=handles, loc="upper left", fontsize="small", ncol=2)
    # points per cm on screen, from the axes' share of the figure (close to the laid-out one)
    box, (width, height) = ax.get_position(), ax.figure.get_size_inches()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    scale = (72 * box.width * width / (x1 - x0), 72 * box.height * height / (y1 - y0))
    return {"scatters": scatters, "ring": ring, "cmap": cmap, "species": species, "P": P,
            "caps": size_caps(P, scale)}


def _flower(i: int, names, species) -> str:
    return f"flower {i} ({names[species[i]]})"


def readout(out: MessagePassingResult) -> str:
    """The step, how many flowers are reached and that they are those within ``step`` hops, the
    flowers no path reaches, the largest and smallest non-zero features."""
    _, _, species, names = flowers()
    n = len(out.features)
    reached = int(out.reached.sum())
    text = (f"After <b>{out.step}</b> step{'s' if out.step != 1 else ''} from "
            f"{_flower(out.start, names, species)}: <b>{reached} of {n}</b> flowers have a "
            "non-zero feature")
    if np.array_equal(out.reached, out.within):
        text += (f", exactly the {reached} at most {out.step} hop{'s' if out.step != 1 else ''} "
                 "away: after k steps a flower feels the flowers k hops away, and no further. ")
    else:                                              # not expected: said if it ever happens
        text += f", but {int(out.within.sum())} are within {out.step} hops. "
    far = int(out.hops.max())
    if out.step < far:
        text += f"The farthest connected flower is {far} hops away: it needs {far} steps. "
    never = np.flatnonzero(out.hops < 0)
    if never.size:
        text += (f"<b>{never.size} flowers are never reached</b> (no path of edges joins them to "
                 f"the start: {', '.join(str(int(i)) for i in never)}). ")
    positive = out.features[out.reached]
    text += (f"Largest feature {positive.max():.3g}, smallest non-zero {positive.min():.3g}; the "
             f"features of the reached flowers sum to {positive.sum():.3g} (a mean of "
             "neighbours does not keep the sum).")
    return text


def explorer() -> explore.Explorer:
    """Sliders for the start flower and the number of steps; the flowers recoloured in place."""
    fig, ax = explore.figure(size=(7.6, 4.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax)
    species = artists["species"]
    P = artists["P"]

    def update(start, step):
        out = compute(start, step)
        areas = np.minimum(sizes(out.features), artists["caps"])
        faces = colors(out.features, artists["cmap"])
        for c, scatter in enumerate(artists["scatters"]):
            idx = np.flatnonzero(species == c)
            idx = idx[drawing_order(out.features[idx], areas[idx])]
            scatter.set_offsets(P[idx])
            scatter.set_sizes(areas[idx])
            scatter.set_facecolors(faces[idx])
        artists["ring"].set_data([P[out.start, 0]], [P[out.start, 1]])
        return readout(out)

    controls = {
        "start": explore.slider("start flower", 0, len(P) - 1, START, integer=True),
        "step": explore.slider("steps k", 0, STEPS, 0, integer=True),
    }
    return explore.Explorer(fig, controls, update,
                            animated=[*artists["scatters"], artists["ring"]],
                            title="Message passing on a graph of Iris flowers")
