"""Explorer for notebook 20: a deep network's activations and gradients, layer by layer, at
initialisation.

A multilayer perceptron of ``depth`` layers, each ``width`` units wide and without biases, takes a
seeded batch of N = 32 inputs X (standard normal, width columns):

    z_l = h_{l-1} W_l,   h_l = f(z_l),   l = 1 .. depth,   h_0 = X,

with every weight drawn independently from N(0, g^2 / fan_in) (fan_in = width): g = 1 is
Xavier's variance for a square layer (2 / (fan_in + fan_out) = 1 / width) and g = sqrt 2 is He's
(2 / fan_in). The backward pass starts from a seeded standard-normal gradient G at the output
(the loss L = sum(G * h_depth), so that dL/dh_depth = G) and runs the chain rule down:

    dL/dz_l = dL/dh_l * f'(z_l),   dL/dh_{l-1} = dL/dz_l W_l^T.

Both panels show, for each layer l, the histogram of |value| on a log axis (one bin per factor
2, from about 1e-12 to 1e12; values beyond are counted in the edge bins, exact zeros are not drawn
and the readout gives their share) as a ridge whose baseline is the layer's row, and a dot at
the layer's root mean square (RMS). An RMS beyond the axis (below 1e-12 or above 1e12) is drawn
as a triangle on the axis edge pointing off the axis (left or right), never as a dot, and the
readout counts such layers. On a log axis a product of per-layer factors is a steady drift:
vanishing to the left, exploding to the right.

The standard-normal weight matrices are drawn once per width (seeded) and scaled by g / sqrt(fan_in)
on a move, so the same g and width always give the same network; each move is at most 2 x depth
matrix products of (32, width) by (width, width) and one histogram of all layers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_int, as_scalar
from ..plotting import LINE_COLORS
from ._layout import setup_axes

NOTEBOOK = "20"  # the notebook that shows this explorer

N = 32                              # examples in the batch
MAX_DEPTH = 20
WIDTHS = (4, 16, 64)
GAIN = (0.25, 4.0, 1.0)             # (min, max, start) of the weight-scale slider
ACTIVATIONS = ("linear", "tanh", "ReLU", "sigmoid")
LOG10_RANGE = (-12.0, 12.0)
# bins of a factor 2 in |value|: bin k covers [2^k, 2^(k+1)) for k = K_LO .. K_HI - 1
K_LO = int(np.floor(LOG10_RANGE[0] / np.log10(2)))           # -40
K_HI = int(np.ceil(LOG10_RANGE[1] / np.log10(2)))            # 40
NBINS = K_HI - K_LO
EDGES_LOG10 = np.arange(K_LO, K_HI + 1) * np.log10(2)
XLIM = (-13.0, 13.0)                # the axes: room beyond the bins for the off-axis marks
OFF_X = (-12.55, 12.55)             # where an RMS beyond LOG10_RANGE is drawn (a triangle)
RIDGE = 0.85                        # the tallest bin of a layer reaches this far above its row
SEED = 20


@dataclass(frozen=True, eq=False)
class DeepSignalResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    depth: int
    width: int
    gain: float
    activation: str
    act_rms: np.ndarray
    grad_rms: np.ndarray
    act_hist: np.ndarray
    grad_hist: np.ndarray
    act_zero: float
    grad_zero: float
    saturated: float
    clipped: float
    act_factor: float
    grad_factor: float


@lru_cache(maxsize=len(WIDTHS) + 1)
def network(width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seeded batch X (N, width), the output gradient G (N, width) and the standard-normal
    weights V (MAX_DEPTH, width, width) of one width; W_l = g / sqrt(width) V_l."""
    rng = np.random.default_rng(SEED + width)
    X = rng.standard_normal((N, width))
    G = rng.standard_normal((N, width))
    V = rng.standard_normal((MAX_DEPTH, width, width))
    for a in (X, G, V):
        a.setflags(write=False)
    return X, G, V


def _f(z: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """f(z) and f'(z) of the activation (ReLU'(0) = 0, as PyTorch takes it)."""
    if activation == "linear":
        return z, np.ones_like(z)
    if activation == "tanh":
        h = np.tanh(z)
        return h, 1.0 - h * h
    if activation == "ReLU":
        return np.maximum(z, 0.0), (z > 0).astype(float)
    # sigmoid from exp(-|z|): no overflow for any z
    e = np.exp(-np.abs(z))
    h = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return h, h * (1.0 - h)


def forward_backward(X, weights, G, activation: str) -> tuple[list, list]:
    """The activations [h_1, ..., h_L] and the gradients [dL/dh_1, ..., dL/dh_L] of the network
    ``weights`` (a list of (fan_in, fan_out) matrices) on the batch X, for dL/dh_L = G."""
    hs, slopes, h = [], [], X
    for W in weights:
        h, slope = _f(h @ W, activation)
        hs.append(h)
        slopes.append(slope)
    grads = [G]
    for W, slope in zip(weights[:0:-1], slopes[:0:-1]):      # layers L .. 2
        grads.append((grads[-1] * slope) @ W.T)
    return hs, grads[::-1]


def rms(a: np.ndarray) -> float:
    """Root mean square sqrt(mean(a^2)), without overflow for huge entries."""
    m = float(np.max(np.abs(a)))
    return 0.0 if m == 0.0 else m * float(np.sqrt(np.mean((a / m) ** 2)))


def histograms(layers: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Counts of |value| per layer in the bins of a factor 2 (layers: (L, M) array):
    (L, NBINS) counts of the non-zero entries, the share of zeros, the share clipped into the
    edge bins."""
    a = np.abs(layers)
    nonzero = a > 0
    _, exponent = np.frexp(a)                    # a = mantissa 2^exponent, 0.5 <= mantissa < 1
    k = exponent.astype(np.int64) - 1
    clipped = nonzero & ((k < K_LO) | (k >= K_HI))
    k = np.clip(k, K_LO, K_HI - 1) - K_LO + NBINS * np.arange(len(a))[:, None]
    counts = np.bincount(k[nonzero], minlength=NBINS * len(a)).reshape(len(a), NBINS)
    return counts, float(np.mean(~nonzero)), float(clipped.sum() / max(nonzero.sum(), 1))


def compute(depth, width, gain, activation) -> DeepSignalResult:
    """Forward and backward through ``depth`` layers of ``width`` units with weights
    N(0, gain^2 / width) and the ``activation``.

    Returns a :class:`DeepSignalResult`: ``act_rms`` (depth,) the RMS of h_1 .. h_depth,
    ``grad_rms`` (depth,) the RMS of dL/dh_1 .. dL/dh_depth (the last is G's), ``act_hist`` and
    ``grad_hist`` (depth, NBINS) the counts of |value| per layer, ``act_zero`` and ``grad_zero``
    the shares of entries exactly 0, ``saturated`` the share of activations within 0.01 of a
    bound of tanh (+-1) or sigmoid (0, 1) (0 for linear and ReLU), ``clipped`` the share of the
    non-zero values outside 1e-12 .. 1e12, ``act_factor`` the mean factor per layer of the
    activations' RMS, (act_rms[-1] / act_rms[0])^(1 / (depth - 1)), and ``grad_factor`` that of
    the gradients going down, (grad_rms[0] / grad_rms[-1])^(1 / (depth - 1)) (both nan for
    depth 1).
    """
    where = "deep_signal.compute"
    depth = as_int(depth, "depth", where, low=1, high=MAX_DEPTH)
    width = as_int(width, "width", where, low=1)
    gain = as_scalar(gain, "gain", where)
    if not gain > 0:
        raise ValueError(f"{where}: gain must be > 0, got {gain}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {ACTIVATIONS}, got {activation!r}")
    X, G, V = network(width)
    scale = gain / np.sqrt(width)
    hs, grads = forward_backward(X, [scale * V[l] for l in range(depth)], G, activation)
    H, D = np.array(hs), np.array(grads)
    act_hist, act_zero, clip_a = histograms(H.reshape(depth, -1))
    grad_hist, grad_zero, clip_g = histograms(D.reshape(depth, -1))
    act_rms = np.array([rms(h) for h in H])
    grad_rms = np.array([rms(d) for d in D])
    if activation == "tanh":
        saturated = float(np.mean(np.abs(H) > 0.99))
    elif activation == "sigmoid":
        saturated = float(np.mean((H < 0.01) | (H > 0.99)))
    else:
        saturated = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        act_factor = (float((act_rms[-1] / act_rms[0]) ** (1.0 / (depth - 1)))
                      if depth > 1 and act_rms[0] > 0 else float("nan"))
        grad_factor = (float((grad_rms[0] / grad_rms[-1]) ** (1.0 / (depth - 1)))
                       if depth > 1 else float("nan"))
    return DeepSignalResult(depth=depth, width=width, gain=gain, activation=activation,
                            act_rms=act_rms, grad_rms=grad_rms, act_hist=act_hist,
                            grad_hist=grad_hist, act_zero=act_zero, grad_zero=grad_zero,
                            saturated=saturated, clipped=max(clip_a, clip_g),
                            act_factor=act_factor, grad_factor=grad_factor)


_compute_cached = lru_cache(maxsize=512)(compute)   # a slider position seen before costs nothing


# -- drawing --------------------------------------------------------------------------------------

_STEP_X = np.append(np.repeat(EDGES_LOG10, 2)[1:-1], np.nan)      # one layer's outline, then a gap


def ridges(hist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The x and y of one line drawing every layer's histogram as steps above its row l = 1, 2,
    ...: each layer's counts scaled so that its tallest bin is RIDGE high; NaN between layers."""
    L = len(hist)
    top = np.maximum(hist.max(axis=1, keepdims=True), 1)
    heights = RIDGE * hist / top
    y = np.arange(1, L + 1)[:, None] + np.repeat(heights, 2, axis=1)
    y = np.hstack([y, np.full((L, 1), np.nan)])
    return np.tile(_STEP_X, L), y.ravel()


def _log10_clipped(v: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.clip(np.log10(v), *LOG10_RANGE)


def rms_marks(r: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Where the RMS values ``r`` of layers 1, 2, ... are drawn, as (x, y) in the axes' units
    (x = log10 |value|): "path" every layer (the dashed line), "dots" the layers whose RMS is
    within 1e-12 .. 1e12, "low" and "high" those below 1e-12 (or exactly 0) and above 1e12, at
    OFF_X, beyond the histograms' range, near the axes' left and right edge."""
    r = np.asarray(r, dtype=float)
    y = np.arange(1, len(r) + 1, dtype=float)
    x = _log10_clipped(r)
    low, high = r < 10.0 ** LOG10_RANGE[0], r > 10.0 ** LOG10_RANGE[1]
    x[low], x[high] = OFF_X
    inside = ~(low | high)
    return {"path": (x, y), "dots": (x[inside], y[inside]),
            "low": (x[low], y[low]), "high": (x[high], y[high])}


def draw(axes) -> dict:
    """Both panels' axes, rows and the line |value| = 1 once; the ridges and RMS markers that
    move."""
    ticks = np.arange(-12, 13, 4)
    labels = [f"1e{t:d}" if t else "1" for t in ticks]
    artists = {}
    for ax, name, color, title in (
            (axes[0], "act", LINE_COLORS["blue"], "forward: activations h_l"),
            (axes[1], "grad", LINE_COLORS["vermillion"], "backward: gradients dL/dh_l")):
        setup_axes(ax, xlim=XLIM, ylim=(0.4, MAX_DEPTH + 1.0),
                   xlabel="|value| (log scale)", title=title, xticks=ticks,
                   yticks=[1, 5, 10, 15, 20], grid=False)
        ax.set_xticklabels(labels)
        for l in range(1, MAX_DEPTH + 1):
            ax.axhline(l, color="#D0D0D0", linewidth=0.6, zorder=0, gid="decor")  # row guides
        ax.axvline(0.0, color="black", linewidth=0.8, linestyle=":", zorder=1)
        ridge, = ax.plot([], [], color=color, linewidth=1.2, zorder=2)
        path, = ax.plot([], [], color="black", linewidth=0.8, linestyle="--", zorder=3)
        dots, = ax.plot([], [], color="black", marker="o", markersize=4, linestyle="none",
                        zorder=4)
        # an RMS beyond the histograms' range: a triangle near the axes' edge, pointing the way
        # it goes on (like the other explorers' off-scale marks), never a dot
        off = [ax.plot([], [], color=color, marker=marker, markersize=6, linestyle="none",
                       markeredgecolor="black", zorder=5)[0] for marker in ("<", ">")]
        artists[name] = (ridge, path, dots, *off)
    axes[0].set_ylabel("layer l (1 = first)")
    handles = [Line2D([], [], color="#555555", linewidth=1.2,
                      label="histogram of |value| in layer l (drawn on row l)"),
               Line2D([], [], color="black", marker="o", markersize=4, linewidth=0.8,
                      linestyle="--", label="root mean square (RMS) of layer l"),
               Line2D([], [], color="black", linewidth=0.8, linestyle=":", label="|value| = 1"),
               Line2D([], [], color="#999999", marker="<", markersize=6, linestyle="none",
                      markeredgecolor="black",
                      label="RMS off the axis (< 1e-12 or > 1e12): triangle at the edge")]
    axes[0].figure.legend(handles=handles, loc="outside lower center", ncol=2, fontsize="small",
                          frameon=False)
    return artists


def _num(x: float, digits: int = 3) -> str:
    if not np.isfinite(x):
        return "undefined"
    return f"{x:.{digits}g}"


def _off_axis(r: np.ndarray, what: str) -> str:
    """The readout's words for the layers whose RMS ``r`` is off the axis ("" if none)."""
    r = np.asarray(r, dtype=float)
    parts = []
    low, high = np.sum(r < 10.0 ** LOG10_RANGE[0]), np.sum(r > 10.0 ** LOG10_RANGE[1])
    for count, where in ((int(low), "below 1e-12 (◀ at the left edge)"),
                         (int(high), "above 1e12 (▶ at the right edge)")):
        if count:
            parts.append(f"{count} layer{'s' if count > 1 else ''} {where}")
    return f"{what} RMS off the axis: {' and '.join(parts)}. " if parts else ""


def readout(out: DeepSignalResult) -> str:
    """The RMS at the first and last layer, the factor per layer, zeros, saturation, the init."""
    L = out.depth
    g = out.gain
    if abs(g - 1.0) < 0.01:
        init = "g = 1: Xavier's variance for this square layer, 1 / width"
    elif abs(g - np.sqrt(2)) < 0.015:
        init = "g = 1.41 = sqrt 2: He's variance, 2 / width"
    else:
        init = f"g = {g:.3g}: Var(W) = g^2 / width = {g * g:.3g} / {out.width}"
    text = (f"{out.activation}, {L} layer{'s' if L > 1 else ''} of width {out.width}, "
            f"{init}. Activations: RMS <b>{_num(out.act_rms[0])}</b> at layer 1, "
            f"<b>{_num(out.act_rms[-1])}</b> at layer {L}")
    if L > 1:
        text += f" (a factor {_num(out.act_factor, 4)} per layer on average)"
    text += (f". Gradients dL/dh: RMS {_num(out.grad_rms[-1])} at the output, "
             f"<b>{_num(out.grad_rms[0])}</b> at layer 1")
    if L > 1:
        text += (f" (a factor {_num(out.grad_factor, 4)} per layer going down: over "
                 f"{L - 1} layers {_num(out.grad_factor, 4)}^{L - 1} ≈ "
                 f"{_num(out.grad_rms[0] / out.grad_rms[-1])})")
    text += ". "
    if out.act_zero > 0:
        text += (f"{100 * out.act_zero:.0f}% of the activations are exactly 0 (not drawn on the "
                 "log axis). ")
    if out.grad_zero > 0:
        text += f"{100 * out.grad_zero:.0f}% of the gradients are exactly 0. "
    if out.activation in ("tanh", "sigmoid"):
        text += (f"{100 * out.saturated:.0f}% of the activations are saturated (within 0.01 of "
                 "a bound, where f' is nearly 0). ")
    text += _off_axis(out.act_rms, "Activations'") + _off_axis(out.grad_rms, "Gradients'")
    if out.clipped > 0:
        text += (f"<b>{100 * out.clipped:.1f}% of the values lie outside 1e-12 .. 1e12</b> and "
                 "are counted in the edge bins. ")
    return text


def explorer(depth: int = 10, width: int = 64, gain: float = 1.0,
             activation: str = "tanh") -> explore.Explorer:
    """Depth, width, weight scale and activation; every layer's activation and gradient
    histograms."""
    fig, axes = explore.figure(1, 2, size=(8.0, 4.6), sharey=True)
    fig.set_layout_engine("constrained")
    artists = draw(axes)
    moving = [a for pair in artists.values() for a in pair]

    def update(depth, width, gain, activation):
        out = _compute_cached(depth, width, gain, activation)
        for name, hist, r in (("act", out.act_hist, out.act_rms),
                              ("grad", out.grad_hist, out.grad_rms)):
            ridge, path, dots, low, high = artists[name]
            ridge.set_data(*ridges(hist))
            marks = rms_marks(r)
            for artist, key in ((path, "path"), (dots, "dots"), (low, "low"), (high, "high")):
                artist.set_data(*marks[key])
        return readout(out)

    controls = {
        "depth": explore.slider("depth (layers)", 1, MAX_DEPTH, depth, integer=True),
        "width": explore.choice("width", list(WIDTHS), width),
        "gain": explore.log_slider("weight scale g", GAIN[0], GAIN[1], gain, steps=80),
        "activation": explore.choice("activation", list(ACTIVATIONS), activation),
    }
    return explore.Explorer(fig, controls, update, animated=moving,
                            title="Signals through depth at initialisation: "
                                  "weights N(0, g^2 / width)")
