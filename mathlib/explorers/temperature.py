"""Explorer for notebook 13: softmax with a temperature, ``softmax(z / T)``, on fixed logits.

One log slider moves T from 0.05 to 20. Small T sharpens the distribution towards one-hot on the
largest logit; large T flattens it towards uniform; T = 1 is the plain softmax. The order of the
bars never changes. ``mathlib.probability.softmax`` subtracts the largest logit first, so even
logits of 1000 at T = 0.05 (1000 / 0.05 = 20000) give no overflow; the entropy is computed from
``log_softmax(z / T)`` so that probabilities that underflow to 0 contribute exactly 0. The title
shows the current T; a number that would sit on the dashed uniform line 1/K moves just above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS
from ..probability import log_softmax, softmax
from ._layout import cached, cached_text

NOTEBOOK = "13"  # the notebook that shows this explorer

T_RANGE = (0.05, 20.0)
LOGITS = (3.0, 1.5, 1.0, 0.0, -2.0)
CLASSES = ["cat", "dog", "fox", "owl", "eel"]


@dataclass(frozen=True, eq=False)
class TemperatureResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    p: np.ndarray
    entropy: float
    bits: float
    max_entropy: float
    top: float
    argmax: int


def compute(logits, temperature) -> TemperatureResult:
    """Softmax of ``logits / T`` (K,), its entropy (nats and bits) and its largest probability.

    Returns a :class:`TemperatureResult` with
    ``p`` (K,), ``entropy`` (nats), ``bits``, ``max_entropy`` = log K (nats),
    ``top`` (the largest probability) and ``argmax``. Raises ValueError for T <= 0.
    """
    where = "temperature.compute"
    z = as_array(logits, "logits", where, ndim=1)
    T = as_scalar(temperature, "temperature", where)
    if T <= 0:
        raise ValueError(f"{where}: the temperature must be > 0, got {T}")
    p = softmax(z, temperature=T)
    with np.errstate(over="ignore"):
        log_p = log_softmax(z / T)     # z / T overflows to inf only for |z| > 1e307
    H = float(-np.sum(np.where(p > 0, p * log_p, 0.0)))
    H = max(H, 0.0)
    return TemperatureResult(p=p, entropy=H, bits=H / np.log(2.0),
                             max_entropy=float(np.log(len(z))), top=float(np.max(p)),
                             argmax=int(np.argmax(p)))


def draw(ax, K: int, labels) -> dict:
    """Draw the axes, the uniform line 1/K and K bars once; return the artists that move."""
    ax.set_xlim(-0.6, K - 0.4)
    ax.set_ylim(0.0, 1.12)
    ax.set_xticks(range(K), labels)
    ax.set_ylabel("probability softmax(z / T)")
    title = ax.set_title("")          # says the current T; set in place by the explorer
    ax.axhline(1.0 / K, color="black", linestyle="--", linewidth=1.2, label=f"uniform, 1/{K}")
    bars = ax.bar(range(K), np.zeros(K), width=0.7, color=COLORS["blue"], alpha=0.6,
                  edgecolor="black", hatch="//", label="softmax(z / T)")
    texts = [cached_text(ax, k, 0.0, "", compose=True, ha="center", va="bottom",
                         fontsize="small", fontweight="bold") for k in range(K)]
    ax.legend(loc="upper right", fontsize="small")
    # speed: the numbers and the title are put together from pictures of their characters
    # (_layout.CachedText), not rasterised again on every move
    return {"bars": list(bars), "texts": texts, "title": cached(title, compose=True)}


def title(T: float, out: TemperatureResult) -> str:
    """The figure's title for temperature ``T``: the value of T and what it does."""
    if out.top > 0.99:
        what = "nearly one-hot"
    elif out.entropy > 0.98 * out.max_entropy:
        what = "nearly uniform"
    elif abs(T - 1.0) < 0.02:
        what = "the plain softmax"
    elif T < 1.0:
        what = "sharper than at T = 1"
    else:
        what = "flatter than at T = 1"
    return f"T = {T:.3g}: {what} (low T: one-hot; high T: uniform)"


def label_height(value: float, K: int) -> float:
    """Where the number above a bar of height ``value`` goes: just above the bar, or just above
    the dashed uniform line 1/K when it would otherwise sit on that line."""
    y = value + 0.01
    if y - 0.015 < 1.0 / K < y + 0.065:          # the text is about 0.055 high
        y = max(y, 1.0 / K + 0.012)
    return y


def readout(out: TemperatureResult, T: float) -> str:
    """Temperature, entropy against its maximum, and the largest probability."""
    K = len(out.p)
    text = (f"T = <b>{T:.3g}</b>: entropy = <b>{out.entropy:.3f}</b> nats "
            f"({out.bits:.3f} bits) of at most log {K} = {out.max_entropy:.3f}; "
            f"largest probability = <b>{out.top:.3f}</b> (uniform would be {1 / K:.3f})")
    if out.top > 0.99:
        text += ". Nearly one-hot: almost all the mass on the largest logit."
    elif out.entropy > 0.98 * out.max_entropy:
        text += ". Nearly uniform: the logits hardly matter any more."
    elif abs(T - 1.0) < 0.02:
        text += ". T = 1: the plain softmax."
    else:
        text += ". The order of the bars never changes; only how peaked they are."
    return text


def explorer(logits=LOGITS, labels=None) -> explore.Explorer:
    """A temperature slider (log scale) over fixed logits; the softmax as labelled bars."""
    z = np.asarray(logits, dtype=float)
    if labels is None:
        names = CLASSES if len(z) <= len(CLASSES) else [f"class {k}" for k in range(len(z))]
        labels = [f"{name}\nz = {v:g}" for name, v in zip(names, z)]
    fig, ax = explore.figure(size=(7.0, 4.0))
    fig.set_layout_engine("constrained")
    artists = draw(ax, len(z), labels)

    def update(T):
        out = compute(z, T)
        for bar, label, value in zip(artists["bars"], artists["texts"], out.p):
            bar.set_height(value)
            label.set_text(f"{value:.3f}")
            label.set_y(label_height(value, len(z)))
        artists["title"].set_text(title(T, out))
        return readout(out, T)

    controls = {"T": explore.log_slider("temperature T", *T_RANGE, 1.0)}
    return explore.Explorer(fig, controls, update,
                            animated=artists["bars"] + artists["texts"] + [artists["title"]],
                            title="Softmax with a temperature: softmax(z / T)")
