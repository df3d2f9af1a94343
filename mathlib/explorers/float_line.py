"""Explorer for notebook 21: the numbers float32, float16 and bfloat16 can store near a power of two.

A slider picks the centre 2^k; the window shows W steps of u = 2^(k - 10) on either side of it (u
is float16's spacing just above 2^k while 2^k is a normal float16 number, k from -14 to 15), and each format's
representable numbers in the window are drawn as ticks on its own row. Below 2^k every spacing
halves (the binade below); float32's numbers are 2^13 times denser than float16's and are drawn as a
band when there are too many to tell apart; float16 stops at 65504 (no numbers beyond, only inf)
and below 2^-14 its spacing stops shrinking (subnormals), so near 2^-24 only a few numbers are
left. The numbers come from :func:`mathlib.numerics.float_info` (each binade's spacing) and are
tested against :func:`mathlib.numerics.round_to`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore
from .._checks import as_int
from ..numerics import float_info, round_to
from ..plotting import LINE_COLORS
from ._layout import cached, setup_axes

NOTEBOOK = "21"  # the notebook that shows this explorer

ROWS = ("float32", "float16", "bfloat16")      # bottom to top
MARKERS = ("|", "|", "|")
COLORS = ("black", "blue", "vermillion")
K = (-30, 20, 0)                  # (min, max, start) of the slider: the centre is 2^k
WINDOWS = {"16 float16 steps": 16, "128 float16 steps (16 bfloat16 steps)": 128}
DENSE = 600                       # more numbers than this in the window: drawn as a band


@dataclass(frozen=True, eq=False)
class LineResult:
    """What :func:`compute` returns: ``positions[r]`` the numbers of format ``ROWS[r]`` in the
    window, as (v - 2^k) / u (None when there are more than :data:`DENSE`), ``counts[r]`` how
    many there are, ``above[r]`` and ``below[r]`` the spacing just above and just below 2^k (nan
    where the format has no numbers there), ``overflow[r]`` True when the window reaches past the
    format's largest number, ``subnormal[r]`` True when 2^k is below its smallest normal number."""

    k: int
    centre: float
    unit: float
    half_width: int
    positions: tuple
    counts: tuple
    above: tuple
    below: tuple
    overflow: tuple
    subnormal: tuple


def numbers_in(lo: float, hi: float, name: str, limit: int = DENSE):
    """The positive numbers of format ``name`` in [lo, hi] (0 < lo <= hi), binade by binade from
    its spacing 2^(max(E, E_min) - m); ``(values, count)``, values None when count > limit."""
    info = float_info(name)
    parts, count = [], 0
    for e in range(int(np.floor(np.log2(lo))), int(np.floor(np.log2(hi))) + 1):
        if e > info.max_exponent:
            break
        q = np.ldexp(1.0, max(e, info.min_exponent) - info.mantissa_bits)
        start = max(lo, np.ldexp(1.0, e))
        stop = min(hi, np.ldexp(1.0, e + 1) - q, info.max)  # the binade's last number is 2^(e+1) - q
        first, last = np.ceil(start / q), np.floor(stop / q)
        if e < info.min_exponent:              # subnormal: start at the spacing's first multiple
            first = max(first, 1.0)
        n = int(max(last - first + 1, 0))
        count += n
        if count <= limit and n:
            parts.append(np.arange(first, last + 1) * q)
    if count > limit:
        return None, count
    values = np.unique(np.concatenate(parts)) if parts else np.zeros(0)
    return values, int(values.size)


def _spacing(x: float, name: str, up: bool) -> float:
    """The gap from x (a power of two) to the next number of the format up or down; nan if there
    is none (x beyond the largest number)."""
    info = float_info(name)
    e = int(np.floor(np.log2(x))) - (0 if up else 1)
    if x > info.max or (up and x >= info.max):
        return float("nan")
    return float(np.ldexp(1.0, max(e, info.min_exponent) - info.mantissa_bits))


def compute(k, window: int = 16) -> LineResult:
    """The numbers of each format of :data:`ROWS` within ``window`` units u = 2^(k - 10) of 2^k.

    Raises TypeError for a k or window that is not an int, ValueError for a window outside
    [1, 256].
    """
    k = as_int(k, "k", "float_line.compute")
    window = as_int(window, "window", "float_line.compute", low=1, high=256)
    return _compute(k, window)


@lru_cache(maxsize=512)
def _compute(k: int, window: int) -> LineResult:
    """:func:`compute`, once per (k, window)."""
    centre, unit = float(np.ldexp(1.0, k)), float(np.ldexp(1.0, k - 10))
    lo, hi = centre - window * unit, centre + window * unit
    positions, counts, above, below, over, sub = [], [], [], [], [], []
    for name in ROWS:
        info = float_info(name)
        values, n = numbers_in(lo, hi, name)
        positions.append(None if values is None else (values - centre) / unit)
        counts.append(n)
        above.append(_spacing(centre, name, up=True))
        below.append(_spacing(centre, name, up=False))
        over.append(hi > info.max)
        sub.append(centre < info.smallest_normal)
    return LineResult(k=k, centre=centre, unit=unit, half_width=window,
                      positions=tuple(positions), counts=tuple(counts), above=tuple(above),
                      below=tuple(below), overflow=tuple(over), subnormal=tuple(sub))


def draw(ax, window: int = 16) -> dict:
    """The rows, the axes and the line at 2^k once; the ticks and bands that move."""
    setup_axes(ax, xlim=(-window * 1.1, window * 1.1), ylim=(-0.6, len(ROWS) - 0.4),
               xlabel="distance from 2^k, in units u = 2^(k-10)\n(float16's spacing above 2^k "
                      "for k from -14 to 15)",
               title="the numbers each format can store near 2^k (one tick per number)")
    ax.set_yticks(range(len(ROWS)), [f"{n}" for n in ROWS])
    ax.axvline(0.0, color=LINE_COLORS["grey"], linestyle="--", linewidth=1.2, zorder=1)
    ticks, bands = [], []
    for r, (marker, color) in enumerate(zip(MARKERS, COLORS)):
        band, = ax.plot([], [], color=LINE_COLORS[color], linewidth=10,
                        solid_capstyle="butt", zorder=2)
        tick, = ax.plot([], [], linestyle="none", marker=marker, markersize=22,
                        markeredgewidth=1.6, color=LINE_COLORS[color], zorder=3)
        ticks.append(tick)
        bands.append(band)
    return {"ticks": ticks, "bands": bands}


def _num(x: float) -> str:
    return f"{x:.4g}" if np.isfinite(x) else "none"


def readout(out: LineResult) -> str:
    """Per format: how many numbers in the window, the spacing above 2^k relative to 2^k; what
    happens past the largest number and below the smallest normal one."""
    info16 = float_info("float16")
    normal16 = info16.min_exponent <= out.k <= info16.max_exponent
    text = (f"Centre 2^{out.k} = <b>{out.centre:.6g}</b>; the window is 2^{out.k} +- "
            f"{out.half_width} u with u = 2^{out.k - 10} = {out.unit:.4g}"
            + (" (float16's spacing above 2^k). " if normal16 else
               " (not float16's spacing here: 2^k is not a normal float16 number). "))
    parts = []
    for r, name in enumerate(ROWS):
        part = (f"{name}: <b>{out.counts[r]}</b> number{'' if out.counts[r] == 1 else 's'} "
                "in the window")
        info = float_info(name)
        if round_to(out.centre, name) == 0:
            part += (f"; 2^k rounds to 0 in {name} (it is at most half its smallest subnormal "
                     f"number {info.smallest_subnormal:.3g}): no {name} number near it")
        elif np.isfinite(out.above[r]):
            part += (f", spacing above 2^k {_num(out.above[r])} (relative <b>"
                     f"{out.above[r] / out.centre:.3g}</b>), below {_num(out.below[r])}")
        else:
            part += (f"; 2^k is beyond its largest number {float_info(name).max:.6g}, so 2^k "
                     "itself is stored as inf")
        if out.overflow[r] and out.counts[r] and np.isfinite(out.above[r]):
            part += f"; past its largest number {float_info(name).max:.6g} only inf"
        if out.subnormal[r] and round_to(out.centre, name) != 0:
            part += (f"; 2^k is below its smallest normal number {float_info(name).smallest_normal:.3g}:"
                     f" subnormal, the spacing stays {float_info(name).smallest_subnormal:.3g}")
        if out.positions[r] is None:
            part += " (too many to draw one by one: a band)"
        parts.append(part)
    return text + "; ".join(parts) + "."


def centre_title(k: int) -> str:
    """The figure's title at centre 2^k: "... near 2^-3 = 0.125 ..."."""
    return f"the numbers each format can store near 2^{k} = {2.0 ** k:.3g} (one tick each)"


def explorer() -> explore.Explorer:
    """A slider for k and a choice of window; each format's numbers near 2^k on its own row."""
    fig, ax = explore.figure(size=(7.6, 3.4))
    fig.set_layout_engine("constrained")
    shown = {"window": 16}
    artists = draw(ax, 16)
    # the picture relative to 2^k is the same for every k in a format's normal range (the
    # spacing scales with 2^k): the title says which 2^k it is, so a move always shows
    title = cached(ax.title, compose=True)

    def update(k, window):
        w = WINDOWS[window]
        if w != shown["window"]:
            show_window(w)
        out = compute(k, w)
        title.set_text(centre_title(k))
        for r in range(len(ROWS)):
            pos = out.positions[r]
            if pos is None:
                artists["ticks"][r].set_data([], [])
                artists["bands"][r].set_data([-w, w], [r, r])
            else:
                artists["ticks"][r].set_data(pos, np.full(pos.shape, float(r)))
                artists["bands"][r].set_data([], [])
        return readout(out)

    def show_window(w):
        shown["window"] = w
        ax.set_xlim(-w * 1.1, w * 1.1)

    controls = {
        "k": explore.slider("centre 2^k: k", *K, integer=True),
        "window": explore.choice("window", list(WINDOWS), value=list(WINDOWS)[0]),
    }
    ex = explore.Explorer(fig, controls, update,
                          animated=artists["ticks"] + artists["bands"] + [title],
                          title="The number line of each format",
                          background_key=lambda: shown["window"])
    # both windows' backgrounds drawn once now: a switch of window is then blitted too
    ex.prerender(show_window, [128, 16])
    ex.refresh()
    return ex
