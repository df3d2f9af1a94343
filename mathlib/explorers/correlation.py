"""Explorer for notebook 12: point clouds with a chosen correlation, and a U shape with none.

Fixed, seeded standard normal draws x and e (x is made symmetric: every draw and its negative)
are turned into

- **straight line**: ``y = rho x + sqrt(1 - rho^2) e``, whose correlation with x is rho (for
  the distribution; the sample's is close to it). rho = +-1 gives ``y = +-x`` exactly.
- **U shape**: ``y = s (x^2 - 1) / sqrt(2) + sqrt(1 - s^2) e`` with strength ``s = |rho|``:
  y depends strongly on x, yet the correlation is near 0, because the relation is not a line.

Both have mean 0 and variance 1 for the distribution. The dashed line is the least-squares line
``y = r (s_y / s_x) (x - mean x) + mean y``, the best straight line through the cloud.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS, LINE_COLORS
from ..stats import correlation, mean, std

NOTEBOOK = "12"  # the notebook that shows this explorer

RHO_RANGE = (-1.0, 1.0)
SHAPES = ("straight line", "U shape")
N_PAIRS = 150                   # 300 points: 150 draws and their negatives
X_LIMITS = (-3.8, 3.8)
Y_LIMITS = (-3.8, 5.2)          # room for the U of the fixed draws (its top is near 4.2)
SEED = 12
# the rho slider's label: what it sets for each shape
LABELS = {SHAPES[0]: "correlation rho", SHAPES[1]: "U strength |rho|"}


def draws(n_pairs: int = N_PAIRS, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Fixed draws ``x`` (2 n_pairs,), symmetric about 0 (z and -z), and ``e`` (2 n_pairs,)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(n_pairs)
    return np.concatenate([z, -z]), rng.standard_normal(2 * n_pairs)


@dataclass(frozen=True, eq=False)
class CorrelationResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    y: np.ndarray
    r: float
    target: float
    slope: float
    intercept: float


def compute(rho: float, shape: str, x, e) -> CorrelationResult:
    """The cloud ``y`` for ``rho`` in [-1, 1] and ``shape`` (one of :data:`SHAPES`).

    Shapes: x (n,), e (n,) -> dict with ``y`` (n,), ``r`` (the sample correlation of x and y,
    ``None`` when y is constant), ``target`` (the correlation of the distribution: rho for the
    straight line, 0 for the U shape), ``slope`` and ``intercept`` of the least-squares line.
    Raises ValueError for rho outside [-1, 1] or an unknown shape.
    """
    where = "correlation.compute"
    rho = as_scalar(rho, "rho", where)
    if not -1.0 <= rho <= 1.0:
        raise ValueError(f"{where}: rho must lie in [-1, 1], got {rho}")
    if shape not in SHAPES:
        raise ValueError(f"{where}: shape must be one of {SHAPES}, got {shape!r}")
    x = as_array(x, "x", where, ndim=1)
    e = as_array(e, "e", where, ndim=1)
    if x.shape != e.shape or x.size < 2:
        raise ValueError(f"{where}: x and e must have the same shape (n,) with n >= 2, got "
                         f"{x.shape} and {e.shape}")
    rest = np.sqrt(max(0.0, 1.0 - rho * rho))        # exactly 0 at rho = +-1, never sqrt(< 0)
    if shape == SHAPES[0]:
        y, target = rho * x + rest * e, rho
    else:
        s = abs(rho)
        y, target = s * (x * x - 1.0) / np.sqrt(2.0) + rest * e, 0.0
    if np.all(y == y[0]):
        r, slope = None, 0.0
    else:
        r = float(correlation(np.column_stack([x, y]))[0, 1])
        slope = r * std(y) / std(x)
    return CorrelationResult(y=y, r=r, target=target, slope=slope,
                             intercept=mean(y) - slope * mean(x))


def draw(ax) -> dict:
    """The axes, once; returns the cloud and the least-squares line."""
    ax.set_xlim(*X_LIMITS)
    ax.set_ylim(*Y_LIMITS)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("correlation measures how close the cloud is to a straight line")
    ax.axhline(0.0, color=LINE_COLORS["grey"], linewidth=0.8, zorder=1)
    ax.axvline(0.0, color=LINE_COLORS["grey"], linewidth=0.8, zorder=1)
    cloud = ax.scatter([], [], s=14, color=COLORS["blue"], alpha=0.7, edgecolor="none",
                       zorder=3, label="points (x, y)")
    line = Line2D([], [], color=COLORS["vermillion"], linestyle="--", linewidth=2.2, zorder=4,
                  label="best straight line (least squares)")
    ax.add_line(line)
    ax.legend(loc="upper left", fontsize="small", framealpha=0.9)
    return {"cloud": cloud, "line": line}


def readout(out: CorrelationResult, rho: float, shape: str) -> str:
    """Target and sample correlation, and what the shape means."""
    dot = " &nbsp;&middot;&nbsp; "
    r = out.r
    sample = "undefined (y is constant)" if r is None else f"<b>{r:+.3f}</b>"
    if shape == SHAPES[0]:
        head = (f"y = {rho:+.2f} x + {np.sqrt(max(0.0, 1 - rho * rho)):.2f} e{dot}"
                f"target correlation rho = <b>{rho:+.2f}</b>{dot}sample correlation r = {sample}")
        if abs(rho) == 1.0:
            note = "rho = &plusmn;1: every point lies on the line y = &plusmn;x, so r = &plusmn;1"
        elif rho == 0.0:
            note = "rho = 0: y is pure noise e, no relation to x at all"
        else:
            note = (f"r&sup2; = {r * r:.2f}: the share of y's variance that the best line "
                    "explains (1 minus the variance of the residuals over the variance of y)")
    else:
        s = abs(rho)
        head = (f"U shape of strength s = |rho| = {s:.2f}{dot}correlation of the distribution "
                f"= <b>0</b>{dot}sample correlation r = {sample}<br>"
                "here the slider's rho is <b>not a correlation</b>: it only sets how strong the "
                "U is (its sign does nothing); the correlation of x and y is 0 at every setting")
        if s == 0.0:
            note = ("strength 0: no U at all, y is pure noise e with no relation to x; r is near "
                    "0 because there is nothing to see")
        elif s >= 0.5:
            note = ("<b>y depends strongly on x, yet r is near 0</b>: correlation sees only "
                    "straight lines")
        else:
            note = "a weak U under the noise; r is near 0 all the same"
    return f"{head}<br>{note}"


def explorer(rho: float = 0.7, shape: str = SHAPES[0]) -> explore.Explorer:
    """A slider for rho and a choice of shape; the point cloud and its best straight line."""
    x, e = draws()
    fig, ax = explore.figure(1, 1, size=(6.0, 5.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax)
    ends = np.array(X_LIMITS)

    def update(rho, shape):
        # what the slider sets: a correlation for the line, only the U's strength for the U
        label = LABELS[shape]
        if controls["rho"].description != label:
            controls["rho"].description = label
        out = compute(rho, shape, x, e)
        artists["cloud"].set_offsets(np.column_stack([x, out.y]))
        artists["line"].set_data(ends, out.slope * ends + out.intercept)
        return readout(out, rho, shape)

    controls = {"rho": explore.slider(LABELS[shape], *RHO_RANGE, rho, 0.01),
                "shape": explore.choice("relation", list(SHAPES), shape)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Correlation: point clouds from one set of draws")
