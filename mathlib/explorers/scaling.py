"""Explorer for notebook 12: two Iris features before and after scaling, on axes with one scale.

Sepal length (4.3 to 7.9 cm) and petal width (0.1 to 2.5 cm) have different centres and spreads.
Standardising (z-scores) moves both to mean 0 and standard deviation 1; min-max normalisation
squeezes both into [0, 1]. Both axes use the same scale (one cm or one unit is equally long on
both), so the change of shape of the cloud is what you see, not an artefact of the axes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array
from ..data import load_iris
from ..plotting import COLORS, LINE_COLORS
from ..stats import mean, standardise, std
from ._layout import setup_axes

NOTEBOOK = "12"  # the notebook that shows this explorer

METHODS = ("none", "standardise", "min-max")
FEATURES = (0, 3)                 # sepal length, petal width
X_LIMITS = (-2.5, 8.3)            # the raw data and both scalings fit, on one scale:
Y_LIMITS = (-2.1, 3.0)            # 1 unit is as long on the y axis as on the x axis
MARKERS = ("o", "s", "^")
SPECIES_COLORS = (COLORS["blue"], COLORS["vermillion"], COLORS["green"])


def min_max(X) -> np.ndarray:
    """Min-max normalisation ``(X[i, j] - min_j) / (max_j - min_j)``: every column into [0, 1].

    Shapes: X (n, d) -> (n, d). Raises ValueError naming a constant column (range 0).
    """
    X = as_array(X, "X", "min_max", ndim=2)
    low, high = X.min(axis=0), X.max(axis=0)
    span = high - low
    if np.any(span == 0):
        j = int(np.argmax(span == 0))
        raise ValueError(f"min_max: column {j} of X is constant (every value is {X[0, j]:.6g}); "
                         "its range max - min is 0, so it cannot be scaled to [0, 1]")
    return (X - low) / span


@dataclass(frozen=True, eq=False)
class ScalingResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    Z: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray


def compute(X, method: str) -> ScalingResult:
    """Scale the columns of X (n, d) by ``method`` (one of :data:`METHODS`).

    Returns a :class:`ScalingResult` with
    ``Z`` (n, d), and per column ``mean``, ``std`` (ddof = 0), ``min`` and
    ``max`` of Z, each (d,). Raises ValueError for an unknown method or a constant column.
    """
    X = as_array(X, "X", "scaling.compute", ndim=2)
    if method not in METHODS:
        raise ValueError(f"scaling.compute: method must be one of {METHODS}, got {method!r}")
    Z = {"none": lambda A: A.copy(), "standardise": standardise, "min-max": min_max}[method](X)
    return ScalingResult(Z=Z, mean=mean(Z, axis=0), std=std(Z, axis=0), min=Z.min(axis=0),
                         max=Z.max(axis=0))


def draw(ax, y, feature_names, target_names) -> dict:
    """Axes with one scale, the origin and a legend, once; returns one scatter per species."""
    setup_axes(ax, xlim=X_LIMITS, ylim=Y_LIMITS, equal=True,
               xlabel=f"{feature_names[0]} (cm, or after scaling)",
               ylabel=f"{feature_names[1]} (cm, or after scaling)",
               title="same scale on both axes: the spread of each feature is what you see",
               origin=True)
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color=LINE_COLORS["grey"], linestyle=":", linewidth=1.2,
            zorder=1)
    ax.text(-0.08, 1.0, "[0, 1]\u00b2", color=COLORS["black"], fontsize="small", ha="right",
            va="bottom", zorder=1)
    species = []
    for k, name in enumerate(target_names):
        species.append(ax.scatter(np.zeros(int(np.sum(y == k))), np.zeros(int(np.sum(y == k))),
                                  s=22, marker=MARKERS[k], color=SPECIES_COLORS[k], alpha=0.75,
                                  edgecolor="black", linewidth=0.3, zorder=3, label=name))
    ax.legend(loc="upper left", fontsize="small", framealpha=0.9)
    return {"species": species}


def readout(out: ScalingResult, method: str, names) -> str:
    """Each feature's mean and std (and range) after scaling."""
    dot = " &nbsp;&middot;&nbsp; "
    parts = [f"{name}: mean <b>{m:+.2f}</b>, std <b>{s:.2f}</b>, range [{lo:.2f}, {hi:.2f}]"
             for name, m, s, lo, hi in zip(names, out.mean, out.std, out.min,
                                           out.max)]
    note = {"none": "raw centimetres: the two features have different centres and spreads",
            "standardise": "z-scores: both features now have mean 0 and std 1; the shape of the "
                           "cloud within each feature is unchanged",
            "min-max": "both features now run from 0 to 1; means and stds still differ"}[method]
    return f"{dot.join(parts)}<br>{note}"


def explorer(method: str = METHODS[0]) -> explore.Explorer:
    """A choice of scaling; the Iris flowers in two features before or after it."""
    iris = load_iris()
    X = iris.X[:, list(FEATURES)]
    names = [iris.feature_names[j].replace(" (cm)", "") for j in FEATURES]
    fig, ax = explore.figure(1, 1, size=(8.0, 4.4))
    fig.set_layout_engine("constrained")
    artists = draw(ax, iris.y, names, iris.target_names)

    def update(method):
        out = compute(X, method)
        for k, scatter in enumerate(artists["species"]):
            scatter.set_offsets(out.Z[iris.y == k])
        return readout(out, method, names)

    controls = {"method": explore.choice("scaling", list(METHODS), method)}
    return explore.Explorer(fig, controls, update, animated=artists["species"],
                            title="Feature scaling on Iris: before and after")
