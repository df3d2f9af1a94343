"""Explorer for notebook 09: the first-order (tangent) and second-order (parabola) Taylor
approximations of a function around a movable point a.

    T1(x) = f(a) + f'(a) (x - a)
    T2(x) = f(a) + f'(a) (x - a) + f''(a) (x - a)^2 / 2

The function is fixed and smooth, ``f(x) = sin(x) + x^2 / 4``, with exact derivatives
``f'(x) = cos(x) + x / 2`` and ``f''(x) = -sin(x) + 1/2``: its curvature changes sign (it curves
down where sin x > 1/2), so the parabola opens up at some points and down at others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS, LINE_COLORS, TEXT_COLORS

NOTEBOOK = "09"  # the notebook that shows this explorer

A_STEP = np.pi / 60              # the slider moves by pi/60 (3 degrees), so it lands exactly on
A_RANGE = (-57 * A_STEP, 57 * A_STEP)   # pi/6 and 5 pi/6, where f'' = 0; -2.98 .. 2.98
A_DEFAULT = 20 * A_STEP          # pi/3
FLAT = 1e-9                      # |f''(a)| below this counts as 0 (rounding of pi/6)
ERROR_DISTANCE = 0.5             # the errors are measured at x = a + ERROR_DISTANCE
PLOT_X = (-4.0, 4.0)
PLOT_Y = (-2.0, 5.5)
XS = np.linspace(*PLOT_X, 300)


def f(x):
    """``f(x) = sin(x) + x^2 / 4`` (elementwise)."""
    x = np.asarray(x, dtype=float)
    return np.sin(x) + 0.25 * x * x


def f_prime(x):
    """``f'(x) = cos(x) + x / 2``."""
    x = np.asarray(x, dtype=float)
    return np.cos(x) + 0.5 * x


def f_second(x):
    """``f''(x) = -sin(x) + 1/2``."""
    x = np.asarray(x, dtype=float)
    return 0.5 - np.sin(x)


def approximations(a: float, x):
    """The tangent T1 and the parabola T2 of f around a, at the points x.

    Shapes: a a number, x a number or an array -> (T1, T2), each of x's shape.
    Raises ValueError for non-finite a or x.
    """
    a = as_scalar(a, "a", "taylor.approximations")
    x = as_array(x, "x", "taylor.approximations")
    d = x - a
    first = float(f(a)) + float(f_prime(a)) * d
    return first, first + 0.5 * float(f_second(a)) * d * d


@dataclass(frozen=True, eq=False)
class TaylorResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    f: float
    f1: float
    f2: float
    x: float
    true: float
    tangent: float
    parabola: float
    error1: float
    error2: float
    curves: tuple


def compute(a: float, distance: float = ERROR_DISTANCE) -> TaylorResult:
    """f, f', f'' at a, and the error of each approximation at ``x = a + distance``.

    Returns a dict: ``f``, ``f1``, ``f2`` (the value and the two derivatives at a); ``x`` = a +
    distance; ``true`` = f(x); ``tangent``, ``parabola`` = T1(x), T2(x); ``error1``, ``error2``
    = f(x) - T1(x), f(x) - T2(x); ``curves`` (T1, T2) on the plotted grid ``XS``.
    """
    a = as_scalar(a, "a", "taylor.compute")
    distance = as_scalar(distance, "distance", "taylor.compute")
    x = a + distance
    t1, t2 = approximations(a, x)
    true = float(f(x))
    return TaylorResult(f=float(f(a)), f1=float(f_prime(a)), f2=float(f_second(a)), x=x, true=true,
                        tangent=float(t1), parabola=float(t2), error1=true - float(t1),
                        error2=true - float(t2), curves=approximations(a, XS))


def draw(ax) -> dict:
    """The function once; return the artists that move."""
    ax.plot(XS, f(XS), color=LINE_COLORS["black"], lw=2.2, label="f(x) = sin x + x²/4")
    tangent, = ax.plot([], [], color=LINE_COLORS["blue"], ls="--", lw=2,
                       label="1st order: tangent T₁")
    parabola, = ax.plot([], [], color=LINE_COLORS["vermillion"], ls="-.", lw=2,
                        label="2nd order: parabola T₂")
    point, = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=9,
                     zorder=5, label="the point a")
    probe, = ax.plot([], [], "|", color=LINE_COLORS["grey"], ms=14, mew=2, zorder=4,
                     label=f"x = a + {ERROR_DISTANCE:g}: errors measured here")
    ax.set_xlim(*PLOT_X)
    ax.set_ylim(*PLOT_Y)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title("very near a, the parabola is closer to f than the tangent\n"
                 "(the same curve where f′′(a) = 0)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3, frameon=False,
              fontsize="small")
    return {"tangent": tangent, "parabola": parabola, "point": point, "probe": probe}


def bending(f2: float) -> tuple[str, str]:
    """``f''(a)`` as the readout writes it, and what its sign means for the parabola.

    ``|f''| < FLAT`` counts as 0 (the slider's pi/6 is a rounding error away from it), and a
    value that would print as 0.000 gets enough digits to show its sign.
    """
    f2 = as_scalar(f2, "f2", "taylor.bending")
    if abs(f2) < FLAT:
        return "0", "f'' = 0: no bending here; the parabola equals the tangent"
    decimals = max(3, 1 - int(np.floor(np.log10(abs(f2)))))     # two significant digits
    shown = f"{f2:.{decimals}f}"
    if abs(f2) < 5e-3:
        return shown, "f'' ≈ 0: almost no bending; the parabola nearly equals the tangent"
    if f2 > 0:
        return shown, "f'' &gt; 0: f curves up, the parabola opens up"
    return shown, "f'' &lt; 0: f curves down, the parabola opens down"


def explorer(a: float = A_DEFAULT) -> explore.Explorer:
    """A slider for the point a; f, its tangent and its parabola at a; the errors at
    a + ERROR_DISTANCE."""
    fig, ax = explore.figure(1, 1, size=(7.0, 4.4))
    artists = draw(ax)
    fig.set_layout_engine("constrained")

    def update(a):
        out = compute(a)
        t1, t2 = out.curves
        artists["tangent"].set_data(XS, t1)
        artists["parabola"].set_data(XS, t2)
        artists["point"].set_data([a], [out.f])
        artists["probe"].set_data([out.x, out.x, out.x],
                                  [out.true, out.tangent, out.parabola])
        shown, bend = bending(out.f2)
        return (f"at a = {a:.3f}: f(a) = <b>{out.f:.3f}</b>, f'(a) = <b>{out.f1:.3f}</b>, "
                f"f''(a) = <b>{shown}</b> ({bend})<br>at x = a + {ERROR_DISTANCE:g}: error of the "
                f"<span style='color:{TEXT_COLORS['blue']}'>tangent</span> "
                f"<b>{out.error1:+.4f}</b>, of the "
                f"<span style='color:{TEXT_COLORS['vermillion']}'>parabola</span> "
                f"<b>{out.error2:+.5f}</b>")

    controls = {"a": explore.slider("point a", *A_RANGE, a, A_STEP, fmt=".3f")}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Taylor approximations around a point")
