"""Explorer for notebook 21: naive against stable softmax and cross-entropy as the logits grow.

The logits are z = s (1, 0.8, 0.2, -0.5) with the right class 1 (the second); a log slider sets
the scale s and a choice the format of the naive computation, exp(z) / sum exp(z) and
-log of it, done in numpy's float32 or float16 arithmetic: once the largest exp(z) passes the
format's largest number (exp(z) > 65504 in float16, from z = log 65504 = 11.09; 3.4e38 in
float32, from z = 88.72) it is inf, inf / inf is nan and a finite / inf is 0, whose -log is inf.
The stable versions are ``mathlib.probability.softmax`` and ``mathlib.nn.cross_entropy``
(float64, the largest logit subtracted first), finite at every s. nan is shown as nan (a cross on
the bar, a gap in the curve, the word in the readout); the naive computation runs under a local
``np.errstate`` so that it gives no warning. The grey band where the naive loss is inf or nan
starts at the exact first s where it is (:func:`naive_edge`, by bisection), so that the band, the
dashed curve and the readout agree at every s; the loss plot's legend sits below it, out of the
path of the marker of s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import explore
from ..nn import cross_entropy
from ..plotting import LINE_COLORS
from ..probability import softmax
from ._layout import setup_axes

NOTEBOOK = "21"  # the notebook that shows this explorer

BASE = np.array([1.0, 0.8, 0.2, -0.5])
LABEL = 1                                   # the right class: the second logit
SCALE = (0.1, 10000.0, 1.0)                 # (min, max, start) of the log slider
FORMATS = ("float32", "float16")
YLIM = (0.1, 5000.0)
_DTYPES = {"float32": np.float32, "float16": np.float16}


@dataclass(frozen=True, eq=False)
class SoftmaxResult:
    """What :func:`compute` returns: the logits ``z`` (4,), the naive and the stable
    probabilities (4,) and cross-entropies, and ``exp_max`` exp of the largest logit in the
    format (inf once it overflows), ``exp_sum`` the sum of the exps in the format."""

    scale: float
    fmt: str
    z: np.ndarray
    naive: np.ndarray
    stable: np.ndarray
    naive_loss: float
    stable_loss: float
    exp_max: float
    exp_sum: float


def naive_softmax(z, fmt: str) -> tuple[np.ndarray, float]:
    """exp(z) / sum exp(z) and -log of the right class's probability, in the format ``fmt``'s
    arithmetic, with nothing guarded: (probabilities as float64, loss)."""
    dt = _DTYPES[fmt]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        zf = np.asarray(z, dtype=np.float64).astype(dt)
        e = np.exp(zf)
        p = e / np.sum(e, dtype=dt)
        loss = -np.log(p[..., LABEL])
    return p.astype(np.float64), float(loss)


def compute(scale, fmt: str = "float16") -> SoftmaxResult:
    """Naive (in ``fmt``) and stable (mathlib, float64) softmax and cross-entropy at z = s BASE;
    computed once per (s, fmt)."""
    if fmt not in _DTYPES:
        raise ValueError(f"stable_softmax.compute: fmt must be one of {', '.join(FORMATS)}, "
                         f"got {fmt!r}")
    return _compute(float(scale), fmt)


@lru_cache(maxsize=1024)
def _compute(scale: float, fmt: str) -> SoftmaxResult:
    z = scale * BASE
    naive, naive_loss = naive_softmax(z, fmt)
    dt = _DTYPES[fmt]
    with np.errstate(over="ignore"):
        e = np.exp(z.astype(dt))
        exp_max, exp_sum = float(e.max()), float(np.sum(e, dtype=dt))
    return SoftmaxResult(scale=float(scale), fmt=fmt, z=z, naive=naive, stable=softmax(z),
                         naive_loss=naive_loss, stable_loss=cross_entropy(z, LABEL),
                         exp_max=exp_max, exp_sum=exp_sum)


@lru_cache(maxsize=4)
def naive_edge(fmt: str) -> tuple[float, float]:
    """Where the naive loss in ``fmt`` stops being finite: ``(last, first)``, the largest scale s
    (a float64) at which it is finite and the next float64 up, at which it is inf or nan; found
    by bisection, to the last bit. The naive loss is finite exactly while the float sum of the
    exps is (exp rises with s, and the right class's exp(0.8 s) is at least 1 for s >= 0), so the
    finite scales are one interval from the slider's start."""
    if fmt not in _DTYPES:
        raise ValueError(f"stable_softmax.naive_edge: fmt must be one of {', '.join(FORMATS)}, "
                         f"got {fmt!r}")
    lo, hi = SCALE[0], SCALE[1]
    while np.nextafter(lo, np.inf) < hi:
        mid = lo + (hi - lo) / 2
        if mid <= lo or mid >= hi:
            mid = np.nextafter(lo, np.inf)
        if np.isfinite(naive_softmax(mid * BASE, fmt)[1]):
            lo = mid
        else:
            hi = mid
    return float(lo), float(hi)


@lru_cache(maxsize=4)
def curves(fmt: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cross-entropy over a grid of scales, with the last scale where the naive loss is finite
    (:func:`naive_edge`) among them: (s, naive loss, stable loss); once per format."""
    s = np.union1d(np.geomspace(SCALE[0], SCALE[1], 300), [naive_edge(fmt)[0]])
    naive = np.array([naive_softmax(x * BASE, fmt)[1] for x in s])
    stable = np.array([cross_entropy(x * BASE, LABEL) for x in s])
    return s, naive, stable


def draw(ax_bars, ax_loss, fmt: str) -> dict:
    """The bars' frame and the loss curves of the format (the background); what moves."""
    k = np.arange(len(BASE))
    setup_axes(ax_bars, xlim=(-0.6, len(BASE) - 0.4), ylim=(0.0, 1.08),
               xlabel="class (the right one is class 1)", ylabel="probability",
               title="softmax(z): naive (outlined) and stable (solid)")
    ax_bars.set_xticks(k, [f"{i}" + (" (right)" if i == LABEL else "") for i in k])
    naive = ax_bars.bar(k - 0.2, np.zeros(len(k)), width=0.38, facecolor="white",
                        edgecolor=LINE_COLORS["vermillion"], linewidth=2.0, label="naive")
    stable = ax_bars.bar(k + 0.2, np.zeros(len(k)), width=0.38, color=LINE_COLORS["blue"],
                         label="stable (mathlib)")
    nan_marks, = ax_bars.plot([], [], linestyle="none", marker="X", markersize=11,
                              color="black", label="naive gives nan")
    ax_bars.legend(loc="upper right", fontsize="small")
    setup_axes(ax_loss, xlabel="logit scale s", ylabel="cross-entropy (right class 1)",
               title="the loss as s grows: naive stops")
    ax_loss.set_xscale("log")
    ax_loss.set_yscale("log")
    ax_loss.set_xlim(SCALE[0], SCALE[1])
    ax_loss.set_ylim(YLIM)
    # fixed ticks: log axes' automatic minor ticks cost most of a full draw
    ax_loss.set_xticks([0.1, 1, 10, 100, 1000, 10000], ["0.1", "1", "10", "100", "1000", "10^4"])
    ax_loss.set_yticks([0.1, 1, 10, 100, 1000], ["0.1", "1", "10", "100", "1000"])
    ax_loss.minorticks_off()
    stable_line, = ax_loss.plot([], [], color=LINE_COLORS["blue"], linewidth=2.4, label="stable")
    naive_line, = ax_loss.plot([], [], color=LINE_COLORS["vermillion"], linestyle="--",
                               linewidth=2.0, label="naive")
    band = Rectangle((SCALE[1], YLIM[0]), 0.0, YLIM[1] - YLIM[0],
                     facecolor=to_rgba(LINE_COLORS["grey"], 0.18), edgecolor=LINE_COLORS["grey"],
                     linewidth=1.2, label="naive is inf or nan")   # outline: 3:1 on white
    ax_loss.add_patch(band)
    curves_of = {"stable": stable_line, "naive": naive_line, "band": band}
    set_curves(curves_of, fmt)
    # below the axes: the marker of s sweeps the whole width of the plot, so no corner inside it
    # is free at every s
    curves_of["legend"] = ax_loss.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2),
                                         ncol=2, fontsize="small", frameon=False)
    here = ax_loss.axvline(SCALE[2], color="black", linestyle=":", linewidth=1.4)
    return {"naive": list(naive), "stable": list(stable), "nan": nan_marks, "here": here,
            "curves": curves_of}


def set_curves(curves_of: dict, fmt: str) -> None:
    """The loss curves and the band where the naive loss is inf or nan, for the format ``fmt``."""
    s, naive_loss, stable_loss = curves(fmt)
    curves_of["stable"].set_data(s, stable_loss)
    curves_of["naive"].set_data(s, np.where(np.isfinite(naive_loss), naive_loss, np.nan))
    curves_of["naive"].set_label(f"naive ({fmt})")
    legend = curves_of.get("legend")
    if legend is not None:
        for text in legend.get_texts():
            if text.get_text().startswith("naive ("):
                text.set_text(f"naive ({fmt})")
    start = naive_edge(fmt)[1]            # the first s where the naive loss is inf or nan
    curves_of["band"].set_x(start)
    curves_of["band"].set_width(SCALE[1] - start)


def _p(x: float) -> str:
    return "nan" if np.isnan(x) else f"{x:.4g}"


def readout(out: SoftmaxResult) -> str:
    """The logits, where exp overflows, both sets of probabilities and both losses."""
    limit = float(np.log(np.finfo(_DTYPES[out.fmt]).max))
    text = (f"Logits z = s (1, 0.8, 0.2, -0.5) = ({', '.join(f'{v:.4g}' for v in out.z)}). "
            f"In {out.fmt}, exp(z) overflows to inf for z above log(max) = {limit:.2f}: here "
            f"exp(largest z) = <b>{out.exp_max:.4g}</b>. "
            f"Naive softmax: ({', '.join(_p(v) for v in out.naive)}); stable: "
            f"({', '.join(_p(v) for v in out.stable)}). Cross-entropy naive <b>"
            f"{_p(out.naive_loss)}</b>, stable <b>{_p(out.stable_loss)}</b>.")
    if np.isnan(out.naive).any():
        text += (" nan: an exp overflowed to inf, and inf / inf has no value; the other "
                 "classes get finite / inf = 0.")
    elif np.isinf(out.exp_sum):
        text += (f" Every exp is finite, but their sum overflows {out.fmt}: finite / inf = 0 "
                 "for every class.")
    edge = naive_edge(out.fmt)[1]
    text += (f" In {out.fmt} the naive loss is inf or nan from s = {edge:.6g} on (the grey "
             "band).")
    if np.isinf(out.naive_loss):
        text += " The naive loss is inf: the right class's probability came out 0, and -log 0 = inf."
    elif np.isnan(out.naive_loss):
        text += " The naive loss is nan: the right class's probability is nan."
    if np.any(out.stable == 0):
        text += (" Some stable probabilities underflow to 0 too (float64 ends near 1e-308), but "
                 "the stable loss works from log-softmax, z_1 - logsumexp(z), and stays "
                 "accurate to float64's rounding.")
    return text


def explorer() -> explore.Explorer:
    """A log slider for the logit scale and a choice of the naive computation's format."""
    fig, (ax_bars, ax_loss) = explore.figure(1, 2, size=(8.0, 4.0))
    fig.set_layout_engine("constrained")
    state = {"fmt": "float16"}
    a = draw(ax_bars, ax_loss, "float16")

    def update(scale, fmt):
        if fmt != state["fmt"]:
            show_format(fmt)
        out = compute(scale, fmt)
        for bar, h in zip(a["naive"], out.naive):
            bar.set_height(0.0 if np.isnan(h) else h)
        for bar, h in zip(a["stable"], out.stable):
            bar.set_height(h)
        nan_at = np.flatnonzero(np.isnan(out.naive))
        a["nan"].set_data(nan_at - 0.2, np.full(nan_at.shape, 0.5))
        a["here"].set_xdata([scale, scale])
        return readout(out)

    controls = {
        "scale": explore.log_slider("logit scale s", *SCALE, steps=120),
        "fmt": explore.choice("naive in", list(FORMATS), value="float16"),
    }
    ex = explore.Explorer(fig, controls, update,
                          animated=a["naive"] + a["stable"] + [a["nan"], a["here"]],
                          title="Softmax and cross-entropy: naive against stable",
                          background_key=lambda: state["fmt"])

    def show_format(fmt):
        state["fmt"] = fmt
        set_curves(a["curves"], fmt)

    # both formats' backgrounds drawn once now: a switch of format is then blitted too
    ex.prerender(show_format, ["float32", "float16"])
    ex.refresh()
    return ex

