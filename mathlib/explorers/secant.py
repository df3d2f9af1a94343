"""Explorer for notebook 06: the secant through (x0, f(x0)) and (x0 + h, f(x0 + h)) turns into
the tangent as the step h shrinks, and its slope into the derivative f'(x0).

The function is fixed and smooth: ``f(x) = sin(x) + 0.3 x^2``, whose derivative is known exactly,
``f'(x) = cos(x) + 0.6 x``, so the error of the secant slope can be shown, not estimated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS

NOTEBOOK = "06"  # the notebook that shows this explorer

X_RANGE = (-2.5, 2.5)          # the point x0 (slider)
H_RANGE = (1e-3, 2.0)          # the step h (log slider)
PLOT_X = (-3.0, 4.8)           # the curve is drawn here: x0 + h reaches 4.5
PLOT_Y = (-2.0, 6.5)
ERROR_FLOOR = 1e-9             # errors below this are drawn at this height on the log axis
H_CURVE = np.geomspace(*H_RANGE, 120)


def f(x):
    """The function of the explorer, ``f(x) = sin(x) + 0.3 x^2`` (elementwise)."""
    x = np.asarray(x, dtype=float)
    return np.sin(x) + 0.3 * x * x


def f_prime(x):
    """Its exact derivative, ``f'(x) = cos(x) + 0.6 x`` (power, sum and constant-factor rules)."""
    x = np.asarray(x, dtype=float)
    return np.cos(x) + 0.6 * x


def f_second(x):
    """Its second derivative (the derivative of f'), ``f''(x) = -sin(x) + 0.6``: how the slope
    changes, i.e. how the curve bends. It is 0 where sin x = 0.6, at x = 0.64 and x = 2.50."""
    x = np.asarray(x, dtype=float)
    return 0.6 - np.sin(x)


def secant_slope(x0, h):
    """The slope of the secant, ``(f(x0 + h) - f(x0)) / h`` (a forward difference); elementwise in h.

    Shapes: x0 a number, h a number or an array of positive numbers -> the same shape as h.
    Raises ValueError for h <= 0 or non-finite input.
    """
    x0 = as_scalar(x0, "x0", "secant.secant_slope")
    h = as_array(h, "h", "secant.secant_slope")
    if np.any(h <= 0):
        raise ValueError(f"secant.secant_slope: the step h must be positive, got {h.min()}")
    return (f(x0 + h) - f(x0)) / h


@dataclass(frozen=True, eq=False)
class SecantResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    points: np.ndarray
    secant: float
    derivative: float
    error: float
    errors: np.ndarray
    bend: float
    crossings: np.ndarray


def compute(x0: float, h: float) -> SecantResult:
    """The two points, the secant's and the tangent's slopes, and the error of the secant slope.

    Returns a dict: ``points`` (2, 2) rows (x0, f(x0)) and (x0 + h, f(x0 + h)); ``secant``
    (the slope), ``derivative`` f'(x0), ``error`` = secant - derivative, ``errors`` the size of
    the error for every h of ``H_CURVE`` (for the log-log panel), ``bend`` f''(x0) and
    ``crossings`` the steps h of ``H_CURVE`` where the error changes sign (the secant slope crosses
    the true slope, so |error| dips to 0 there), as an array.
    """
    x0 = as_scalar(x0, "x0", "secant.compute")
    h = as_scalar(h, "h", "secant.compute")
    slope = float(secant_slope(x0, h))
    exact = float(f_prime(x0))
    points = np.array([[x0, float(f(x0))], [x0 + h, float(f(x0 + h))]])
    signed = secant_slope(x0, H_CURVE) - exact
    flips = np.nonzero(np.sign(signed[:-1]) * np.sign(signed[1:]) < 0)[0]
    crossings = np.sqrt(H_CURVE[flips] * H_CURVE[flips + 1])    # the middle on the log axis
    return SecantResult(points=points, secant=slope, derivative=exact, error=slope - exact,
                        errors=np.abs(signed), bend=float(f_second(x0)), crossings=crossings)


def line_through(point, slope, xs):
    """Heights of the line through ``point`` = (x, y) with ``slope`` at the positions ``xs``."""
    return point[1] + slope * (np.asarray(xs, dtype=float) - point[0])


def draw(ax, ax_err) -> dict:
    """Draw the curve and the error axes once; return the artists that move."""
    xs = np.linspace(*PLOT_X, 400)
    ax.plot(xs, f(xs), color=LINE_COLORS["black"], lw=2, label="f(x) = sin x + 0.3 x²")
    tangent, = ax.plot([], [], color=LINE_COLORS["blue"], ls="--", lw=2,
                       label="tangent: slope f'(x₀)")
    secant, = ax.plot([], [], color=LINE_COLORS["vermillion"], ls="-", lw=2,
                      label="secant: slope (f(x₀+h) − f(x₀)) / h")
    points, = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=8,
                      zorder=4)
    ax.set_xlim(*PLOT_X)
    ax.set_ylim(*PLOT_Y)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title("as h shrinks, the secant turns into the tangent")
    ax.legend(loc="upper left", fontsize="small")

    ax_err.set_xscale("log")
    ax_err.set_yscale("log")
    # a third of a decade beyond the slider's ends: the marker at h's ends is drawn whole
    ax_err.set_xlim(H_RANGE[0] / 2.0, H_RANGE[1] * 2.0)
    ax_err.set_ylim(ERROR_FLOOR / 3.0, 10.0)       # an error at the floor is drawn whole
    ax_err.set_xlabel("step h (log scale)")
    ax_err.set_ylabel("|secant slope − f'(x₀)|")
    ax_err.set_title("error of the slope: ∝ h for small h")
    ax_err.plot(H_CURVE, 0.5 * H_CURVE, color=LINE_COLORS["grey"], ls=":", lw=1.5,
                label="slope 1 (∝ h)")
    ax_err.plot(H_CURVE, 0.5 * H_CURVE ** 2, color=LINE_COLORS["grey"], ls="-.", lw=1.5,
                label="slope 2 (∝ h²)")
    curve, = ax_err.plot([], [], color=LINE_COLORS["vermillion"], lw=2, label="error at x₀")
    now, = ax_err.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=8)
    ax_err.legend(loc="lower right", fontsize="small")
    return {"tangent": tangent, "secant": secant, "points": points, "curve": curve, "now": now}


def _percent(rel: float) -> str:
    """A relative error in words: never "0.0%" for an error that is small but not 0."""
    pct = 100 * rel
    if pct >= 0.1:
        return f"{pct:.1f}%"
    if pct >= 1e-4:
        return f"{pct:.2g}%"
    return "below 0.0001%"


def _notes(out: SecantResult) -> str:
    """What to notice beyond the numbers: a sign change of the error, a point without bending."""
    notes = []
    if len(out.crossings):
        where = " and ".join(f"h ≈ {c:.2g}" for c in out.crossings)
        notes.append(f"The error changes sign near {where}: there the secant slope crosses the "
                     "true slope, the error passes through 0 and |error| dips sharply; the "
                     "error is ∝ h only for h well below that")
    if abs(out.bend) < 0.02:
        notes.append(f"Here f''(x₀) = {out.bend:.3f}: the curve hardly bends, so the error's "
                     "h term is tiny and over most of the range the error falls like h² "
                     "(slope 2), faster than h")
    return "".join(f"<br>{n}." for n in notes)


def explorer(x0: float = -1.5, h: float = 1.0) -> explore.Explorer:
    """A slider for the point x0 and a log slider for the step h; the secant, the tangent, and
    the error of the secant slope against h on log-log axes."""
    fig, (ax, ax_err) = explore.figure(1, 2, size=(9, 3.9),
                                       gridspec_kw={"width_ratios": [1.5, 1]})
    fig.set_layout_engine("constrained")
    artists = draw(ax, ax_err)
    ends = np.array(PLOT_X)

    def update(x0, h):
        out = compute(x0, h)
        start = out.points[0]
        artists["tangent"].set_data(ends, line_through(start, out.derivative, ends))
        artists["secant"].set_data(ends, line_through(start, out.secant, ends))
        artists["points"].set_data(out.points[:, 0], out.points[:, 1])
        artists["curve"].set_data(H_CURVE, np.maximum(out.errors, ERROR_FLOOR))
        artists["now"].set_data([h], [max(abs(out.error), ERROR_FLOOR)])
        err = abs(out.error)
        rel = err / abs(out.derivative) if out.derivative != 0 else np.inf
        note = (f"relative error {_percent(rel)}" if np.isfinite(rel) else "f'(x₀) = 0 here")
        return (f"h = {h:.3g}: secant slope <b>{out.secant:.5f}</b>, true derivative "
                f"f'(x₀) = <b>{out.derivative:.5f}</b>, error "
                f"<b style='color:{TEXT_COLORS['vermillion']}'>{out.error:+.2e}</b> "
                f"({note}); bending f''(x₀) = {out.bend:.3f}." + _notes(out))

    controls = {"x0": explore.slider("point x₀", *X_RANGE, x0, 0.01),
                "h": explore.log_slider("step h", *H_RANGE, h)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="From secant to tangent")
