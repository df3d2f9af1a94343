"""Explorer for notebook 06: the area under a curve as a sum of strips (a Riemann sum), and how
fast each rule's error shrinks as the strips get thinner.

The function is fixed, positive and known exactly: ``f(x) = 1 + sin(x) + 0.1 x^2`` on [0, 5],
with antiderivative ``F(x) = x - cos(x) + x^3 / 30``, so the exact area ``F(5) - F(0)`` (the
fundamental theorem) is shown, not estimated, and so is the error of every sum.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..calculus import RULES, integrate
from ..plotting import COLORS, LINE_COLORS, LINESTYLES, TEXT_COLORS

NOTEBOOK = "06"  # the notebook that shows this explorer

A, B = 0.0, 5.0                # the interval
N_RANGE = (1, 64)              # the number of strips (slider)
N_CURVE = np.arange(N_RANGE[0], N_RANGE[1] + 1)
PLOT_Y = (0.0, 5.0)
ERROR_RANGE = (1e-5, 20.0)     # the log axis of the error panel (every |error| lies inside)
MARKERS = {"left": "<", "right": ">", "midpoint": "o", "trapezoid": "s"}


def f(x):
    """The function of the explorer, ``f(x) = 1 + sin(x) + 0.1 x^2`` (elementwise)."""
    x = np.asarray(x, dtype=float)
    return 1.0 + np.sin(x) + 0.1 * x * x


def antiderivative(x):
    """``F(x) = x - cos(x) + x^3 / 30``, whose derivative is f (check: 1 + sin x + x^2 / 10)."""
    x = np.asarray(x, dtype=float)
    return x - np.cos(x) + x ** 3 / 30


EXACT = float(antiderivative(B) - antiderivative(A))     # 9.8830...


@dataclass(frozen=True)
class RiemannSum:
    """One sum: ``strips`` (n, 4, 2) the corners of each strip (a rectangle, or a trapezoid for
    the trapezoid rule), ``nodes`` (k, 2) the points where f was evaluated, ``total`` the sum,
    ``exact`` the area, ``error`` = total - exact, and ``errors`` (4, 64): |error| of every rule
    (in the order of ``RULES``) for n = 1..64."""

    n: int
    rule: str
    strips: np.ndarray
    nodes: np.ndarray
    total: float
    exact: float
    error: float
    errors: np.ndarray


def _check(n, rule: str) -> int:
    if rule not in RULES:
        raise ValueError(f"riemann.compute: rule must be one of {', '.join(RULES)}; got {rule!r}")
    n_float = as_scalar(n, "n", "riemann.compute")
    if n_float != int(n_float) or not N_RANGE[0] <= n_float:
        raise ValueError(f"riemann.compute: n (the number of strips) must be a whole number "
                         f"of at least 1, got {n}")
    return int(n_float)


def compute(n, rule: str) -> RiemannSum:
    """The strips, the nodes and the sum of ``rule`` with ``n`` strips on [0, 5], the exact area
    and the errors of all rules for 1..64 strips (see :func:`mathlib.calculus.integrate`).

    Raises ValueError for an unknown rule or an n that is not a whole number >= 1.
    """
    n = _check(n, rule)
    edges = np.linspace(A, B, n + 1)
    left, right = edges[:-1], edges[1:]
    if rule == "trapezoid":
        top_left, top_right = f(left), f(right)
        nodes = np.column_stack([edges, f(edges)])
    else:
        at = {"left": left, "right": right, "midpoint": (left + right) / 2}[rule]
        top_left = top_right = f(at)
        nodes = np.column_stack([at, f(at)])
    zeros = np.zeros(n)
    strips = np.stack([np.column_stack([left, zeros]), np.column_stack([left, top_left]),
                       np.column_stack([right, top_right]), np.column_stack([right, zeros])],
                      axis=1)
    total = integrate(f, A, B, n=n, rule=rule)
    return RiemannSum(n, rule, strips, nodes, total, EXACT, total - EXACT, _all_errors().copy())


@functools.cache
def _all_errors() -> np.ndarray:
    """|sum - area| of every rule (rows, in the order of RULES) for n = 1..64 strips."""
    return np.array([[abs(integrate(f, A, B, n=int(k), rule=r) - EXACT) for k in N_CURVE]
                     for r in RULES])


def draw(ax, ax_err) -> dict:
    """Draw the curve and the error axes once; return the artists that move."""
    from matplotlib.collections import PolyCollection

    xs = np.linspace(A, B, 400)
    from matplotlib.colors import to_rgba

    # a light fill (alpha on the face only) with a full-strength edge, readable on white
    strips = PolyCollection([], facecolor=to_rgba(COLORS["sky"], 0.5),
                            edgecolor=LINE_COLORS["blue"], linewidth=1.2,
                            label="strips (their areas add up)")
    ax.add_collection(strips)
    curve, = ax.plot(xs, f(xs), color=LINE_COLORS["black"], lw=2, zorder=3,
                     label="f(x) = 1 + sin x + 0.1 x²")     # animated too: drawn over the strips
    nodes, = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=6,
                     zorder=4, label="where f is evaluated")
    ax.set_xlim(A - 0.1, B + 0.1)         # the points at x = A and x = B are drawn whole
    ax.set_ylim(*PLOT_Y)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title("the area under f as a sum of strips")
    ax.legend(loc="upper left", fontsize="small")

    ax_err.set_xscale("log")
    ax_err.set_yscale("log")
    ax_err.set_xlim(0.8, 80)
    ax_err.set_ylim(*ERROR_RANGE)
    ax_err.set_xlabel("number of strips n (log scale)")
    ax_err.set_ylabel("|sum − exact area|")
    ax_err.set_title("error of each rule against n")
    curves = {}
    for rule, ls in zip(RULES, LINESTYLES):
        curves[rule], = ax_err.plot([], [], ls=ls, lw=1.5, marker=MARKERS[rule], ms=3,
                                    markevery=8, color=LINE_COLORS["grey"], label=rule)
    now, = ax_err.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=9,
                       zorder=5)
    ax_err.legend(loc="lower left", fontsize="small")
    return {"strips": strips, "curve": curve, "nodes": nodes, "now": now, **curves}


def readout(out: RiemannSum) -> str:
    """The numbers to notice: the sum, the exact area, the error and its size."""
    width = (B - A) / out.n
    return (f"{out.n} strip{'s' * (out.n != 1)} of width {width:.3g}, {out.rule} rule: sum "
            f"<b>{out.total:.5f}</b>; exact area ∫₀⁵ f(x) dx = F(5) − F(0) = "
            f"<b>{out.exact:.5f}</b>; error (sum − area) "
            f"<b style='color:{TEXT_COLORS['vermillion']}'>{out.error:+.2e}</b>.")


def explorer(n: int = 4, rule: str = "left") -> explore.Explorer:
    """A slider for the number of strips and a choice of rule; the strips under the curve, and
    the error of every rule against n on log-log axes, the chosen rule drawn in colour."""
    fig, (ax, ax_err) = explore.figure(1, 2, size=(9, 3.9),
                                       gridspec_kw={"width_ratios": [1.3, 1]})
    fig.set_layout_engine("constrained")
    artists = draw(ax, ax_err)

    def update(n, rule):
        out = compute(n, rule)
        artists["strips"].set_verts(list(out.strips))
        artists["nodes"].set_data(out.nodes[:, 0], out.nodes[:, 1])
        for k, name in enumerate(RULES):
            line = artists[name]
            line.set_data(N_CURVE, np.clip(out.errors[k], *ERROR_RANGE))
            chosen = name == rule
            line.set_color(LINE_COLORS["vermillion"] if chosen else LINE_COLORS["grey"])
            line.set_linewidth(2.5 if chosen else 1.2)
            line.set_zorder(3 if chosen else 2)
        artists["now"].set_data([out.n], [np.clip(abs(out.error), *ERROR_RANGE)])
        return readout(out)

    controls = {"n": explore.slider("strips n", *N_RANGE, n, 1, integer=True),
                "rule": explore.choice("rule", list(RULES), rule)}
    return explore.Explorer(fig, controls, update,
                            animated=[artists["strips"], artists["curve"], artists["nodes"],
                                      artists["now"], *(artists[r] for r in RULES)],
                            title="Riemann sums: the area as a sum of strips")
