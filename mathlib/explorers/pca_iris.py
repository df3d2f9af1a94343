"""Explorer for notebook 03: principal component analysis (PCA) of the Iris flowers.

PCA finds new axes for the data: the eigenvectors of its covariance matrix, ordered by their
eigenvalues, which are the variances of the data along them. Keeping the first k components keeps
the share ``(lambda_1 + ... + lambda_k) / (lambda_1 + ... + lambda_d)`` of the total variance; the
rest is what a reconstruction from k numbers per flower gets wrong.

The decomposition (``mathlib.linalg.pca``) is computed once per choice of units when the explorer
is built; the k slider only changes which bars are hatched and the numbers in the readout. The
axes have the same limits for both choices, so a change of units is blitted like a move of k.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, shape_str
from ..data import load_iris
from ..linalg import pca
from ..stats import standardise
from ._layout import cached
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS

NOTEBOOK = "03"  # the notebook that shows this explorer

UNITS = {"raw (cm)": False, "standardised": True}
SPECIES_STYLE = [("o", COLORS["blue"]), ("s", COLORS["vermillion"]), ("^", COLORS["green"])]
SHORT_NAMES = ("sepal length", "sepal width", "petal length", "petal width")
SCORE_LIMITS = (-4.3, 4.3, -3.0, 3.0)   # PC1 and PC2 scores of Iris, raw or standardised, fit


@dataclass(frozen=True, eq=False)
class PCAAnalysis:
    """What :func:`analyse` returns: its fields are described there."""

    data: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    cumulative: np.ndarray
    scores: np.ndarray
    errors: np.ndarray
    standardised: bool


def analyse(X, standardised: bool) -> PCAAnalysis:
    """PCA of all d components of X (standardised first, or not): the heavy part, done once.

    Returns a :class:`PCAAnalysis` with ``data`` (n, d) (X itself, or standardised), ``components`` (d, d),
    ``explained_variance`` (d,), ``explained_variance_ratio`` (d,), ``cumulative`` (d,),
    ``scores`` (n, d): every row's coordinates along the components, and ``errors`` (d,):
    ``errors[k - 1]`` is the reconstruction error with k components, the mean over rows of
    ``|x - x_hat|^2``, where ``x_hat = mean + sum_{i <= k} z_i c_i``.
    """
    X = as_array(X, "X", "pca_iris.analyse", ndim=2)
    data = standardise(X) if standardised else X
    n, d = data.shape
    result = pca(data, k=min(n, d))
    scores = result.transform(data)
    errors = []
    for k in range(1, result.components.shape[0] + 1):
        rebuilt = scores[:, :k] @ result.components[:k] + result.mean
        errors.append(float(np.mean(np.sum((data - rebuilt) ** 2, axis=1))))
    ratio = np.asarray(result.explained_variance_ratio)
    return PCAAnalysis(data=data, components=np.asarray(result.components),
                       explained_variance=np.asarray(result.explained_variance),
                       explained_variance_ratio=ratio, cumulative=np.cumsum(ratio),
                       scores=scores, errors=np.array(errors), standardised=bool(standardised))


@dataclass(frozen=True, eq=False)
class KeptComponents:
    """What keeping the first k components gives (:func:`at_k`)."""

    k: int
    kept: float
    error: float


@dataclass(frozen=True, eq=False)
class PcaIrisResult(PCAAnalysis, KeptComponents):
    """What :func:`compute` returns: the fields of :class:`PCAAnalysis` and of
    :class:`KeptComponents`."""


def compute(X, k: int, standardised: bool = False) -> PcaIrisResult:
    """PCA of X keeping k components: the :func:`analyse` fields plus ``k``, ``kept`` (the
    cumulative explained variance ratio of the first k) and ``error`` (the reconstruction error
    with k components)."""
    out = analyse(X, standardised)
    return PcaIrisResult(**vars(out), **vars(at_k(out, k)))


def at_k(out: PCAAnalysis, k: int) -> KeptComponents:
    """The numbers for k components from an :func:`analyse` result: ``k``, ``kept``, ``error``."""
    d = out.components.shape[0]
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= d:
        raise ValueError(f"pca_iris: k must be a whole number from 1 to {d}, got {k!r}")
    return KeptComponents(k=int(k), kept=float(out.cumulative[k - 1]),
                          error=float(out.errors[k - 1]))


def _mixture(weights, names=SHORT_NAMES) -> str:
    terms = []
    for w, name in zip(weights, names):
        sign = "&minus;" if w < 0 else "+"
        terms.append(f"{sign} {abs(w):.2f}&middot;{name}")
    text = " ".join(terms)
    return text[2:] if text.startswith("+ ") else text


def readout(out: PCAAnalysis, k: KeptComponents) -> str:
    """The numbers to notice: kept share of variance, the reconstruction error, what PC1 is."""
    unit = "(standard deviations)&sup2;" if out.standardised else "cm&sup2;"
    plural = k.k > 1
    kept = (f"k = {k.k} component{'s' * plural} keep{'s' * (not plural)} "
            f"<b>{100 * k.kept:.1f}%</b> of "
            f"the variance (cumulative explained variance ratio)")
    error = (f"reconstruction error with k = {k.k}: mean |x &minus; x&#770;|&sup2; = "
             f"<b>{k.error:.3f} {unit}</b>")
    if k.k == out.components.shape[0]:
        error += " (all components: nothing is lost)"
    pc1 = f"PC1 = {_mixture(out.components[0])}: a mixture of all four measurements"
    if out.standardised:
        scale = "every measurement standardised to variance 1, so no unit dominates"
    else:
        variances = np.var(out.data, axis=0, ddof=1)
        j = int(np.argmax(variances))
        scale = (f"raw cm: {SHORT_NAMES[j]} alone has variance {variances[j]:.2f} of the total "
                 f"{variances.sum():.2f} cm&sup2;, so it dominates PC1")
    dot = " &nbsp;&middot;&nbsp; "
    return f"{kept}{dot}{error}<br>{pc1}<br>{scale}"


def draw(ax_bars, ax_proj, target_names) -> dict:
    """Draw the axes once; return the artists that change: with the units (``bars``, ``line``,
    ``points``, ``shares``: the units and the shares of PC1 and PC2) and with k (``hatched``,
    ``marker``, ``kept_label``)."""
    positions = np.arange(1, 5)
    bars = ax_bars.bar(positions, np.zeros(4), width=0.6, color=COLORS["sky"],
                       edgecolor=COLORS["black"], linewidth=1.0, label="share of each component")
    hatched = ax_bars.bar(positions, np.zeros(4), width=0.6, fill=False, hatch="///",
                          edgecolor=COLORS["black"], linewidth=2.0, label="kept: the first k")
    line, = ax_bars.plot(positions, np.zeros(4), color=COLORS["vermillion"], linestyle="--",
                         marker="D", markersize=5, label="cumulative share")
    marker, = ax_bars.plot([], [], "o", color=COLORS["vermillion"], markersize=11,
                           markerfacecolor="none", markeredgewidth=2.0, clip_on=False)
    kept_label = ax_bars.text(0.0, 0.0, "", ha="center", va="bottom", fontsize="small",
                              color=TEXT_COLORS["vermillion"],
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    ax_bars.set_xticks(positions, [f"PC{i}" for i in positions])
    ax_bars.set_xlim(0.4, 4.6)
    ax_bars.set_ylim(0.0, 1.12)
    ax_bars.set_xlabel("principal component")
    ax_bars.set_ylabel("share of the total variance")
    ax_bars.set_title("explained variance ratio")
    ax_bars.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False,
                   fontsize="small", columnspacing=1.0)
    points = [ax_proj.scatter([], [], marker=m, s=22, facecolor=c, edgecolor="white",
                              linewidth=0.4, label=name)
              for (m, c), name in zip(SPECIES_STYLE, target_names)]
    ax_proj.axhline(0.0, color=LINE_COLORS["grey"], linewidth=0.8, zorder=0)
    ax_proj.axvline(0.0, color=LINE_COLORS["grey"], linewidth=0.8, zorder=0)
    ax_proj.set_xlim(*SCORE_LIMITS[:2])
    ax_proj.set_ylim(*SCORE_LIMITS[2:])
    ax_proj.set_aspect("equal")        # a unit of PC2 as long as a unit of PC1: PC2's smaller
                                       # spread is not stretched to look as large
    ax_proj.set_xlabel("score on PC1")
    ax_proj.set_ylabel("score on PC2")
    shares = ax_proj.text(0.98, 0.02, "", transform=ax_proj.transAxes, ha="right",
                          va="bottom", fontsize="small",
                          bbox={"facecolor": "white", "edgecolor": COLORS["grey"], "alpha": 0.9})
    ax_proj.set_title("the flowers on the first two components")
    ax_proj.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False,
                   fontsize="small", columnspacing=1.0, handletextpad=0.3)
    # speed: the two labels take few distinct values; drawn from pictures (_layout.CachedText)
    return {"bars": list(bars), "hatched": list(hatched), "line": line, "marker": marker,
            "kept_label": cached(kept_label), "points": points,
            "shares": cached(shares)}


def explorer(standardised: bool = False, k: int = 2) -> explore.Explorer:
    """A choice of units (raw cm or standardised) and a slider for k = 1..4 components."""
    iris = load_iris()
    analyses = {label: analyse(iris.X, flag) for label, flag in UNITS.items()}
    fig, (ax_bars, ax_proj) = explore.figure(1, 2, size=(8.6, 4.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax_bars, ax_proj, iris.target_names)
    shown = {"units": None}

    def show_units(units):
        """Set what stays fixed while only k moves: the bars, the curve, the flowers' scores."""
        out = analyses[units]
        ratio, cumulative = out.explained_variance_ratio, out.cumulative
        for bar, hatch, r in zip(artists["bars"], artists["hatched"], ratio):
            bar.set_height(r)
            hatch.set_height(r)
        artists["line"].set_ydata(cumulative)
        scores = out.scores
        for species, points in enumerate(artists["points"]):
            points.set_offsets(scores[iris.y == species, :2])
        unit = "standardised" if out.standardised else "scores in cm"
        artists["shares"].set_text(f"{unit}\nPC1: {100 * ratio[0]:.1f}% of var.\n"
                                   f"PC2: {100 * ratio[1]:.1f}%")
        shown["units"] = units

    def update(units, k):
        if units != shown["units"]:
            show_units(units)
        out = analyses[units]
        numbers = at_k(out, k)
        for i, hatch in enumerate(artists["hatched"]):
            hatch.set_visible(i < k)
        artists["marker"].set_data([k], [numbers.kept])
        artists["kept_label"].set_position((k, numbers.kept + 0.04))
        artists["kept_label"].set_text(f"{100 * numbers.kept:.1f}% kept")
        return readout(out, numbers)

    default = next(label for label, flag in UNITS.items() if flag == bool(standardised))
    controls = {"units": explore.choice("data", list(UNITS), default),
                "k": explore.slider("components k", 1, 4, k, 1, integer=True)}
    animated = [*artists["bars"], *artists["hatched"], artists["line"], artists["marker"],
                artists["kept_label"], *artists["points"], artists["shares"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="PCA of the Iris flowers: how many components?")
