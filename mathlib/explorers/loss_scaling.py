"""Explorer for notebook 21: float16 gradients underflowing, and loss scaling rescuing them.

A fixed, seeded set of N gradient entries has magnitudes spread over many powers of ten, as a
network's gradients are (log10 |g| normal with mean -6 and standard deviation 1.5: the median
entry is 1e-6). Stored in float16 they lose what lies below half its smallest subnormal number
(2^-25, about 3e-8: flushed to 0) and keep only a few bits between that and its smallest normal
number 2^-14 (subnormal). Loss scaling multiplies the loss, hence every gradient, by S = 2^j
before the backward pass and divides by S afterwards (in float32): the slider sets j. The
histogram of log10 |g| never moves; the float16 regions move by -log10 S instead (a gradient g is
flushed when |g S| rounds to 0, overflows when |g S| rounds to inf, above 65504 / S). Every
fraction in the readout is counted with :func:`mathlib.numerics.round_to` on the N entries. An
edge beyond the axis's range is not drawn at the axis's end (it would look like a threshold
there): a triangle at that end points out towards it, with its |g| beside it, and the readout
says "beyond the axis". The legend sits below the axes, clear of the bars and the moving regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import explore
from .._checks import as_int
from ..numerics import float_info, round_to
from ..plotting import LINE_COLORS
from ._layout import cached_text, setup_axes

NOTEBOOK = "21"  # the notebook that shows this explorer

N = 8000
LOG_MEAN, LOG_SD = -6.0, 1.5
J = (0, 32, 0)                     # (min, max, start) of the slider: S = 2^j
XLIM = (-13.0, 1.0)
BINS = np.linspace(XLIM[0], XLIM[1], 71)
EDGES = (("flush_edge", "--", "vermillion", "0 below this |g|"),
         ("sub_edge", ":", "orange", "normal from this |g|"),
         ("over_edge", "-.", "purple", "inf from this |g|"))
# an edge beyond the axis: (height as a fraction of the plot, -1 left / +1 right, its words)
OFF_AXIS = {"flush_edge": (0.92, -1, "0 below |g| = {:.2g}, beyond the axis"),
            "sub_edge": (0.78, -1, "normal from |g| = {:.2g}, beyond the axis"),
            "over_edge": (0.92, 1, "inf from |g| = {:.2g}, beyond the axis")}


@lru_cache(maxsize=1)
def gradients() -> np.ndarray:
    """The N gradient entries (float64, signs random), the same on every call (seed 21)."""
    rng = np.random.default_rng(21)
    mags = 10.0 ** rng.normal(LOG_MEAN, LOG_SD, N)
    return np.where(rng.random(N) < 0.5, -mags, mags)


@dataclass(frozen=True, eq=False)
class ScalingResult:
    """What :func:`compute` returns: ``scale`` S = 2^j; the fractions of the N entries that are
    ``flushed`` (g S rounds to 0 in float16), ``overflowed`` (to +-inf), ``subnormal`` (nonzero
    but below the smallest normal number, so stored with fewer than 11 bits) and ``kept`` (normal
    float16 numbers); ``rel_error`` the median relative error |round(g S) / S - g| / |g| over
    the finite entries; ``flush_below`` and ``overflow_above`` the |g| where flushing and
    overflow start (log10 of them for the figure)."""

    j: int
    scale: float
    flushed: float
    overflowed: float
    subnormal: float
    kept: float
    rel_error: float
    flush_below: float
    overflow_above: float


def compute(j) -> ScalingResult:
    """The float16 fate of the :func:`gradients` scaled by S = 2^j (j an int in [-40, 40]);
    computed once per j."""
    return _compute(as_int(j, "j", "loss_scaling.compute", low=-40, high=40))


@lru_cache(maxsize=None)
def _compute(j: int) -> ScalingResult:
    info = float_info("float16")
    g = gradients()
    scale = float(np.ldexp(1.0, j))
    stored = round_to(g * scale, "float16")
    mag = np.abs(stored)
    flushed = mag == 0
    overflowed = np.isinf(mag)
    subnormal = (mag > 0) & (mag < info.smallest_normal)
    finite = ~overflowed
    rel = np.abs(stored[finite] / scale - g[finite]) / np.abs(g[finite])
    return ScalingResult(j=j, scale=scale, flushed=float(flushed.mean()),
                         overflowed=float(overflowed.mean()), subnormal=float(subnormal.mean()),
                         kept=float((~flushed & ~overflowed & ~subnormal).mean()),
                         rel_error=float(np.median(rel)) if rel.size else float("nan"),
                         flush_below=info.smallest_subnormal / 2 / scale,
                         overflow_above=(info.max + np.ldexp(1.0, info.max_exponent
                                                             - info.mantissa_bits - 1)) / scale)


def draw(ax) -> dict:
    """The histogram of log10 |g| (drawn once); the three float16 regions that move."""
    setup_axes(ax, xlim=XLIM, xlabel="log10 |gradient| (before scaling)",
               ylabel="number of gradient entries",
               title=f"{N} gradients and what float16 does to g S")
    counts, _, _ = ax.hist(np.log10(np.abs(gradients())), bins=BINS, color=LINE_COLORS["blue"],
                           edgecolor="white", linewidth=0.4, zorder=2, label="gradients")
    top = 1.25 * counts.max()
    ax.set_ylim(0, top)
    # a light tint inside, an outline in the full colour (3:1 on white, in the legend too)
    flush = Rectangle((XLIM[0], 0), 0, top, facecolor=to_rgba(LINE_COLORS["vermillion"], 0.25),
                      edgecolor=LINE_COLORS["vermillion"], linewidth=1.0, zorder=3,
                      label="flushed to 0")
    sub = Rectangle((XLIM[0], 0), 0, top, facecolor=to_rgba(LINE_COLORS["orange"], 0.2),
                    edgecolor=LINE_COLORS["orange"], linewidth=1.0, zorder=3,
                    label="subnormal (fewer bits)")
    over = Rectangle((XLIM[1], 0), 0, top, facecolor=to_rgba(LINE_COLORS["purple"], 0.25),
                     edgecolor=LINE_COLORS["purple"], linewidth=1.0, zorder=3,
                     label="overflows to inf")
    for patch in (flush, sub, over):
        ax.add_patch(patch)
    # each region's edge is a line with its own style, so nothing is told by colour alone; an
    # edge beyond the axis is not pinned to it (it would look like a threshold there): a
    # triangle at the axis's end points out towards it, with its own words beside it
    edges = {}
    for key, style, color, label in EDGES:
        edges[key], = ax.plot([np.nan, np.nan], [0, top], linestyle=style, linewidth=2.2,
                              color=LINE_COLORS[color], zorder=4, label=label)
    for key, (height, side, words) in OFF_AXIS.items():
        color = next(c for k, _, c, _ in EDGES if k == key)
        x = XLIM[0] if side < 0 else XLIM[1]
        edges[key + "_off"], = ax.plot([np.nan], [height * top], linestyle="none",
                                       marker="<" if side < 0 else ">", markersize=10,
                                       color=LINE_COLORS[color], zorder=5, clip_on=False)
        edges[key + "_text"] = cached_text(ax, x - 0.4 * side, height * top, "", compose=True,
                                           fontsize="small", ha="left" if side < 0 else "right",
                                           va="center", zorder=5, color="black")
    # below the axes: clear of the bars and of the regions that move
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize="small", ncol=4,
              frameon=False)
    return {"flush": flush, "sub": sub, "over": over, **edges}


def place(artists: dict, out: ScalingResult) -> None:
    """Move the three regions to the |g| where float16 flushes, goes subnormal and overflows."""
    edges = edge_values(out)
    lo, mid, hi = (float(np.clip(np.log10(edges[k]), *XLIM)) for k in
                   ("flush_edge", "sub_edge", "over_edge"))
    artists["flush"].set_width(lo - XLIM[0])
    artists["sub"].set_x(lo)
    artists["sub"].set_width(mid - lo)
    artists["over"].set_x(hi)
    artists["over"].set_width(XLIM[1] - hi)
    for key, value in edges.items():
        x = float(np.log10(value))
        inside = XLIM[0] <= x <= XLIM[1]
        # what is not shown is made invisible (drawing it would cost time for nothing)
        artists[key].set_xdata([x, x] if inside else [np.nan, np.nan])
        artists[key].set_visible(inside)
        side = OFF_AXIS[key][1]
        artists[key + "_off"].set_xdata([np.nan] if inside else [XLIM[0] if side < 0 else XLIM[1]])
        artists[key + "_off"].set_visible(not inside)
        artists[key + "_text"].set_text("" if inside else OFF_AXIS[key][2].format(value))
        artists[key + "_text"].set_visible(not inside)


def edge_values(out: ScalingResult) -> dict:
    """The |g| of each edge: flushing below, normal from, inf from (before scaling)."""
    return {"flush_edge": out.flush_below,
            "sub_edge": float_info("float16").smallest_normal / out.scale,
            "over_edge": out.overflow_above}


def off_axis(out: ScalingResult) -> list:
    """The edges (keys of :data:`OFF_AXIS`) that lie beyond the axis's ends at this scale."""
    return [k for k, v in edge_values(out).items()
            if not XLIM[0] <= np.log10(v) <= XLIM[1]]


def _pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def readout(out: ScalingResult) -> str:
    """The four fractions, the median relative error, and what to try next."""
    beyond = off_axis(out)

    def where(key):
        return ", beyond the axis" if key in beyond else ""
    text = (f"Loss scale S = 2^{out.j} = <b>{out.scale:.6g}</b>. In float16, g S is "
            f"flushed to 0 for <b>{_pct(out.flushed)}</b> of the gradients (|g| below "
            f"{out.flush_below:.3g}{where('flush_edge')}), subnormal for {_pct(out.subnormal)}, "
            f"a normal number for {_pct(out.kept)} (|g| from "
            f"{edge_values(out)['sub_edge']:.3g}{where('sub_edge')}), and overflows to inf for "
            f"<b>{_pct(out.overflowed)}</b> (|g| from {out.overflow_above:.3g}"
            f"{where('over_edge')}). Median relative error after dividing by S again: "
            f"{out.rel_error:.2g}. ")
    if out.overflowed > 0:
        text += ("An inf gradient makes the whole step useless: dynamic loss scaling skips the "
                 "step and halves S.")
    elif out.flushed > 0.001:
        text += "Many small gradients are lost: a larger S lifts them into float16's range."
    else:
        text += "Almost nothing is flushed and nothing overflows: a good scale."
    return text


def explorer() -> explore.Explorer:
    """A slider for log2 of the loss scale; the float16 regions over the gradients' histogram."""
    fig, ax = explore.figure(size=(7.6, 4.0))
    fig.set_layout_engine("constrained")
    artists = draw(ax)
    for j in range(J[0], J[1] + 1):         # every position of the slider, once (a few ms each)
        compute(j)

    def update(j):
        out = compute(j)
        place(artists, out)
        return readout(out)

    controls = {"j": explore.slider("loss scale S = 2^j: j", *J, integer=True)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Loss scaling for float16 gradients")
