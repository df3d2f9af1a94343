"""Explorer for notebook 25: where a k x k kernel goes on an n x n input, for a stride and a padding.

The padded input is a grid of (n + 2p) x (n + 2p) cells: the n x n input cells are mid-grey,
the padding cells light grey with a small open circle in each (so that padding is not told by
shade alone). A cross marks the centre of every window the kernel visits; the first window is
outlined solid, the last dashed. The number of positions per axis is
``mathlib.conv.conv_output_size`` = floor((n + 2p - k) / s) + 1. The axes are fixed to the largest
padded grid, so every move redraws only the grid, the marks and the two windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.patches import Rectangle

from .. import explore
from .._checks import as_int
from ..conv import conv_output_size
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "25"  # the notebook that shows this explorer

N = (3, 12, 7)        # (min, max, start) of the input size n
K = (1, 7, 3)
STRIDE = (1, 4, 2)
PADDING = (0, 3, 1)
SIZE = N[1] + 2 * PADDING[1]      # the largest padded grid, the axes' extent


@dataclass(frozen=True, eq=False)
class StrideResult:
    """What :func:`compute` returns: its fields are described there."""

    n: int
    k: int
    stride: int
    padding: int
    padded: int
    fits: bool
    out: int
    starts: np.ndarray
    unused: int
    gaps: tuple


def compute(n, k, stride, padding) -> StrideResult:
    """The positions of a k x k kernel on an n x n input padded by ``padding``, at ``stride``.

    ``padded`` = n + 2p; ``fits`` whether k <= padded; ``out`` the output size per axis
    (``conv_output_size``, 0 when the kernel does not fit); ``starts`` the first row (= column)
    of each window in padded coordinates, 0, s, 2s, ...; ``unused`` the padded rows at the end
    that no window reaches, (n + 2p - k) mod s; ``gaps`` the rows (padded coordinates) between two
    windows that no window reaches, when the stride is larger than the kernel (s > k).
    """
    where = "stride_padding.compute"
    n = as_int(n, "n", where, low=1)
    k = as_int(k, "k", where, low=1)
    stride = as_int(stride, "stride", where, low=1)
    padding = as_int(padding, "padding", where, low=0)
    padded = n + 2 * padding
    fits = k <= padded
    out = conv_output_size(n, k, stride=stride, padding=padding) if fits else 0
    starts = np.arange(out) * stride
    unused = (padded - k) % stride if fits else 0
    gaps = tuple(int(start + k + i) for start in starts[:-1] for i in range(stride - k))
    return StrideResult(n=n, k=k, stride=stride, padding=padding, padded=padded, fits=fits,
                        out=out, starts=starts, unused=unused, gaps=gaps)


def grid(res: StrideResult) -> np.ndarray:
    """The picture of the padded input in a SIZE x SIZE frame: 0 outside, 0.12 padding, 0.42 input
    (the figure draws it as two squares of these shades of matplotlib's Greys)."""
    g = np.zeros((SIZE, SIZE))
    g[:res.padded, :res.padded] = 0.12
    p = res.padding
    g[p:p + res.n, p:p + res.n] = 0.42
    return g


def draw(ax) -> dict:
    """The fixed axes (cells of the largest padded grid) and the artists that move."""
    ax.set_xlim(-0.5, SIZE - 0.5)
    ax.set_ylim(SIZE - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("column of the padded input")
    ax.set_ylabel("row of the padded input")
    ax.set_title("grey: input, light with o: zero padding, x: window centres",
                 fontsize="medium")
    greys = matplotlib.colormaps["Greys"]
    # two flat squares, not an image: a patch draws in well under a millisecond, where an image
    # is resampled to the screen's pixels on every move (about 20 ms)
    # (the padding is told by its o marks, the input by its outline at 3:1: the shades are extra)
    padded = Rectangle((-0.5, -0.5), 1, 1, facecolor=greys(0.12), edgecolor="none", gid="decor")
    inside = Rectangle((-0.5, -0.5), 1, 1, facecolor=greys(0.42), edgecolor=LINE_COLORS["black"],
                       linewidth=1.5)
    ax.add_patch(padded)
    ax.add_patch(inside)
    pads, = ax.plot([], [], "o", markersize=3, markerfacecolor="none",
                    markeredgecolor=LINE_COLORS["black"], linestyle="none")
    centres, = ax.plot([], [], "x", markersize=8, markeredgewidth=2.2,
                       color=LINE_COLORS["black"], linestyle="none")
    first = Rectangle((0, 0), 1, 1, fill=False, edgecolor=COLORS["blue"], linewidth=2.5)
    last = Rectangle((0, 0), 1, 1, fill=False, edgecolor=COLORS["black"], linewidth=2.0,
                     linestyle="--")
    ax.add_patch(first)
    ax.add_patch(last)
    return {"padded": padded, "inside": inside, "pads": pads, "centres": centres,
            "first": first, "last": last}


def readout(res: StrideResult) -> str:
    """The output size by the formula, with the numbers; what is left unreached."""
    n, k, s, p = res.n, res.k, res.stride, res.padding
    if not res.fits:
        return (f"n = {n}, k = {k}, stride {s}, padding {p}: the padded input is {res.padded} "
                f"wide, <b>narrower than the kernel</b> (k = {k} &gt; n + 2p = {res.padded}): "
                "no position fits, and conv2d raises an error. Add padding or use a smaller "
                "kernel.")
    text = (f"Output size = floor((n + 2p - k) / s) + 1 = floor(({n} + {2 * p} - {k}) / {s}) + 1 "
            f"= <b>{res.out}</b> per axis: {_a(n)} {n} x {n} input gives {_a(res.out)} "
            f"<b>{res.out} x {res.out}</b> output ({_count(res.out * res.out, 'window')}, one "
            "output number each).")
    if res.out == n:
        text += " Same size as the input."
    last = list(range(res.padded - res.unused, res.padded))
    if res.gaps or last:
        parts = []
        if res.gaps:
            parts.append(f"{_rows(res.gaps)} between windows (the stride {s} is larger than the "
                         f"kernel {k}: each gap is s - k = {s - k} row{'s' * (s - k > 1)} wide)")
        if last:
            parts.append(f"{_rows(last)} after the last window ((n + 2p - k) mod s = "
                         f"{res.unused})")
        text += (" Rows and columns of the padded input never reached: "
                 + ", and ".join(parts) + ".")
    return text


def _a(number: int) -> str:
    """The article read before a whole number: 'an' for 8, 11, 18, 80-89, 800-899, else 'a'."""
    return "an" if number in (11, 18) or str(number).startswith("8") else "a"


def _count(number: int, noun: str) -> str:
    """'1 window', '4 windows'."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _rows(rows) -> str:
    """'row 3' or 'rows 3, 7 and 11'."""
    rows = [str(r) for r in rows]
    if len(rows) == 1:
        return f"row {rows[0]}"
    return f"rows {', '.join(rows[:-1])} and {rows[-1]}"


def explorer() -> explore.Explorer:
    """Sliders for n, k, stride and padding; the padded grid with the windows the kernel visits."""
    fig, ax = explore.figure(size=(5.6, 5.4))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(n, k, stride, padding):
        res = compute(n, k, stride, padding)
        for key, size, start in (("padded", res.padded, 0), ("inside", n, padding)):
            artists[key].set_xy((start - 0.5, start - 0.5))
            artists[key].set_width(size)
            artists[key].set_height(size)
        rows, cols = np.indices((res.padded, res.padded))
        inside = ((rows >= padding) & (rows < padding + n) & (cols >= padding)
                  & (cols < padding + n))
        artists["pads"].set_data(cols[~inside], rows[~inside])
        c = res.starts + (k - 1) / 2
        cc, rr = np.meshgrid(c, c)
        artists["centres"].set_data(cc.ravel(), rr.ravel())
        for key, start, visible in (("first", 0, res.fits),
                                    ("last", res.starts[-1] if res.out else 0, res.fits)):
            patch = artists[key]
            patch.set_visible(visible)
            patch.set_xy((start - 0.5, start - 0.5))
            patch.set_width(k)
            patch.set_height(k)
        return readout(res)

    controls = {
        "n": explore.slider("input size n", *N, integer=True),
        "k": explore.slider("kernel size k", *K, integer=True),
        "stride": explore.slider("stride s", *STRIDE, integer=True),
        "padding": explore.slider("padding p", *PADDING, integer=True),
    }
    return explore.Explorer(fig, controls, update,
                            animated=[artists[a] for a in ("padded", "inside", "pads", "centres",
                                                           "first", "last")],
                            title="Stride and padding: drag s or p, watch the windows and the "
                                  "output size")
