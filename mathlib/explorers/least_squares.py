"""Explorer for notebook 02: the least-squares line through noisy points around a true line.

The points are ``y_i = slope x_i + intercept + noise * z_i`` with fixed standard normal draws
``z_i`` (made once, seeded), so moving the noise slider stretches the same scatter smoothly and
the same setting always gives the same picture. One point can be pulled away (the outlier slider)
to show how strongly squared errors weigh a single far point. The fit is ``mathlib.linalg.lstsq``
on the design matrix ``[x, 1]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection

from .. import explore
from .._checks import as_array, as_scalar
from ..linalg import lstsq
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "02"  # the notebook that shows this explorer

NOISE_RANGE = (0.0, 2.0)
OUTLIER_RANGE = (-6.0, 6.0)
TRUE_SLOPE, TRUE_INTERCEPT = 0.8, 1.0
N_POINTS = 20


def points(n: int = N_POINTS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The x positions (n,), evenly spaced on [0, 10], and n fixed standard normal draws z (n,)."""
    x = np.linspace(0.0, 10.0, n)
    z = np.random.default_rng(seed).standard_normal(n)
    return x, z


@dataclass(frozen=True, eq=False)
class LeastSquaresResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    y: np.ndarray
    fitted: np.ndarray
    residual: np.ndarray
    slope_fit: float
    intercept_fit: float
    sse: float
    sse_true: float
    through: int


def compute(noise: float, outlier: float, x, z, slope: float = TRUE_SLOPE,
            intercept: float = TRUE_INTERCEPT) -> LeastSquaresResult:
    """Points around the true line, the least-squares line through them, and the errors.

    ``y = slope x + intercept + noise z``, then ``outlier`` is added to the last point's y. The
    fit minimises the sum of squared vertical errors ``sum_i (y_i - (w x_i + b))^2`` over w, b:
    ``(w, b) = lstsq([x, 1], y)``.

    Shapes: x (n,), z (n,), n >= 2 -> dict with ``y``, ``fitted`` (the fit's values at x),
    ``residual`` (y - fitted) (n,); the numbers ``slope_fit``, ``intercept_fit``, ``sse`` (the
    fit's sum of squared errors), ``sse_true`` (the true line's, never smaller) and ``through``
    (how many points the fitted line passes through, to rounding).
    """
    where = "least_squares.compute"
    noise = as_scalar(noise, "noise", where)
    outlier = as_scalar(outlier, "outlier", where)
    slope = as_scalar(slope, "slope", where)
    intercept = as_scalar(intercept, "intercept", where)
    x = as_array(x, "x", where, ndim=1)
    z = as_array(z, "z", where, ndim=1)
    if z.shape != x.shape:
        raise ValueError(f"{where}: x has {x.shape[0]} entries and z has {z.shape[0]}; "
                         "give one noise draw per point")
    if x.shape[0] < 2 or np.all(x == x[0]):
        raise ValueError(f"{where}: x needs at least two different values to fix a line, "
                         f"got {x.shape[0]} point(s)")
    y = slope * x + intercept + noise * z
    y[-1] += outlier
    design = np.column_stack([x, np.ones_like(x)])      # (n, 2): one row [x_i, 1] per point
    slope_fit, intercept_fit = lstsq(design, y)
    fitted = slope_fit * x + intercept_fit
    residual = y - fitted
    scale = max(1.0, float(np.max(np.abs(y))))
    return LeastSquaresResult(y=y, fitted=fitted, residual=residual, slope_fit=float(slope_fit),
                              intercept_fit=float(intercept_fit),
                              sse=float(np.sum(residual * residual)),
                              sse_true=float(np.sum((y - slope * x - intercept) ** 2)),
                              through=int(np.sum(np.abs(residual) <= 1e-9 * scale)))


def y_limits(x, z, slope: float = TRUE_SLOPE, intercept: float = TRUE_INTERCEPT) -> tuple:
    """y limits that hold every point at every slider setting (the axes never move)."""
    ys = [compute(noise, outlier, x, z, slope, intercept).y
          for noise in NOISE_RANGE for outlier in OUTLIER_RANGE]
    lo, hi = float(np.min(ys)), float(np.max(ys))
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def draw(ax, x, y_lim, slope: float = TRUE_SLOPE, intercept: float = TRUE_INTERCEPT) -> dict:
    """Draw the axes, the true line and the legend once; return the moving artists."""
    x_lim = (float(x.min()) - 0.5, float(x.max()) + 0.5)
    ax.set_xlim(*x_lim)
    ax.set_ylim(*y_lim)
    ax.set_xlabel("input x")
    ax.set_ylabel("output y")
    ax.set_title("least squares makes the sum of squared vertical errors smallest")
    ends = np.array(x_lim)
    ax.plot(ends, slope * ends + intercept, color=COLORS["black"], linestyle="--",
            linewidth=1.5, zorder=2, label=f"true line y = {slope:g} x + {intercept:g}")
    fit, = ax.plot([], [], color=COLORS["vermillion"], linestyle="-", zorder=3,
                   label="least-squares line")
    residuals = LineCollection([], colors=LINE_COLORS["grey"], linewidths=1.5, linestyles="dotted",
                               zorder=2, label="errors (residuals)")
    ax.add_collection(residuals)
    dots = ax.scatter(x, np.zeros_like(x), color=COLORS["blue"], s=30, zorder=4, label="data")
    # Under the axes, outside the data area: no point or line can hide behind the legend.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False,
              handlelength=2.2, columnspacing=1.2)
    return {"fit": fit, "residuals": residuals, "dots": dots, "ends": ends}


def readout(out: LeastSquaresResult, n: int, slope: float = TRUE_SLOPE,
            intercept: float = TRUE_INTERCEPT) -> str:
    """The explorer's readout, in words, from a :func:`compute` result."""
    fitted = (f"fitted line: y = <b>{out.slope_fit:.3f}</b> x + "
              f"<b>{out.intercept_fit:.3f}</b> (true: y = {slope:g} x + {intercept:g})")
    errors = (f"sum of squared errors: fitted line <b>{out.sse:.3f}</b>, true line "
              f"{out.sse_true:.3f}")
    if out.through == n:
        through = "the points lie on a line, and the fit passes through all of them"
    else:
        through = (f"the fitted line passes exactly through <b>{out.through} of {n}</b> "
                   "points")
    return f"{fitted}<br>{errors} &nbsp;&middot;&nbsp; {through}"


def explorer(noise: float = 1.0, outlier: float = 0.0) -> explore.Explorer:
    """A noise slider and an outlier slider; the points, the fitted line and its errors move."""
    x, z = points()
    fig, ax = explore.figure(1, 1, size=(6.4, 4.6))
    fig.set_layout_engine("constrained")       # makes room for the legend under the axes
    artists = draw(ax, x, y_limits(x, z))
    ends = artists["ends"]

    def update(noise, outlier):
        out = compute(noise, outlier, x, z)
        artists["dots"].set_offsets(np.column_stack([x, out.y]))
        artists["fit"].set_data(ends, out.slope_fit * ends + out.intercept_fit)
        artists["residuals"].set_segments(
            np.stack([np.column_stack([x, out.y]), np.column_stack([x, out.fitted])],
                     axis=1))
        return readout(out, len(x))

    controls = {"noise": explore.slider("noise (spread)", *NOISE_RANGE, noise, 0.05),
                "outlier": explore.slider("move the last point", *OUTLIER_RANGE, outlier, 0.1,
                                          fmt=".1f")}
    return explore.Explorer(fig, controls, update,
                            animated=[artists["fit"], artists["residuals"], artists["dots"]],
                            title="Least squares: the line with the smallest squared errors")
