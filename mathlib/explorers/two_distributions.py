"""Explorer for notebook 13: two distributions p and q over 4 outcomes, with their entropies,
cross-entropy and both KL divergences.

Each distribution is a softmax of logits ``z_k = -sharpness * (k - peak)^2``: ``peak`` moves its
mode along the outcomes 0..3 and ``sharpness`` goes from uniform (0) to almost one-hot (large).
Every quantity is computed from log-probabilities (``log_softmax``), so it stays exact where a
probability is tiny: ``KL(p || q)`` grows large, but stays finite, when q puts almost no mass
where p has mass.

Left: the bars of p and q side by side (different hatches, a legend). Right: H(p), H(q),
H(p, q), KL(p || q) and KL(q || p) as horizontal bars, so the asymmetry of KL is seen at once.
The nats axis is linear up to 1 and logarithmic beyond (a "symlog" axis), so that entropies
(at most log 4 = 1.39) and divergences of 40 nats are both readable; the values are written in a
column beside the panel. The panel's title says what the current numbers show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import ticker as plt_ticker
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS
from ..probability import log_softmax
from ._layout import cached

NOTEBOOK = "13"  # the notebook that shows this explorer

K = 4
OUTCOMES = np.arange(K)
PEAK_RANGE = (0.0, 3.0)
SHARPNESS_RANGE = (0.0, 5.0)
QUANTITIES = ["H(p)", "H(q)", "H(p, q)", "KL(p || q)", "KL(q || p)"]
X_MAX = 60.0           # nats shown on the right panel (the largest value the sliders reach is
                       # about 45); anything larger would be clipped and marked with an arrow
LINEAR_UP_TO = 1.0     # the nats axis is linear on [0, 1], logarithmic beyond
LITTLE_MASS = (0.05, 0.01)   # p_k above the first while q_k below the second: a warning


def log_probabilities(peak, sharpness) -> np.ndarray:
    """``log softmax(z)`` (K,) with ``z_k = -sharpness (k - peak)^2`` for the outcomes k = 0..K-1.

    ``sharpness`` >= 0; 0 gives the uniform distribution. Raises ValueError for a negative
    sharpness or a value that is not a finite number.
    """
    where = "two_distributions.log_probabilities"
    peak = as_scalar(peak, "peak", where)
    sharpness = as_scalar(sharpness, "sharpness", where)
    if sharpness < 0:
        raise ValueError(f"{where}: sharpness must be >= 0, got {sharpness}")
    return log_softmax(-sharpness * (OUTCOMES - peak) ** 2)


@dataclass(frozen=True, eq=False)
class TwoDistributionsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    p: np.ndarray
    q: np.ndarray
    H_p: float
    H_q: float
    H_pq: float
    KL_pq: float
    KL_qp: float
    values: np.ndarray


def compute(log_p, log_q) -> TwoDistributionsResult:
    """Entropies, cross-entropy and both KL divergences (nats) from log-probabilities (K,).

    ``H(p) = -sum p log p``, ``H(p, q) = -sum p log q = H(p) + KL(p || q)``,
    ``KL(p || q) = sum p (log p - log q)``. Returns a :class:`TwoDistributionsResult` with
    ``p``, ``q`` (K,), ``H_p``,
    ``H_q``, ``H_pq``, ``KL_pq``, ``KL_qp`` (numbers) and ``values`` (5,) in the order of
    ``QUANTITIES``.
    """
    log_p, log_q = np.asarray(log_p, dtype=float), np.asarray(log_q, dtype=float)
    if log_p.shape != log_q.shape or log_p.ndim != 1:
        raise ValueError("two_distributions.compute: log_p and log_q must be vectors of the same "
                         f"length; got shapes {log_p.shape} and {log_q.shape}")
    p, q = np.exp(log_p), np.exp(log_q)
    H_p = float(-np.sum(p * log_p))
    H_q = float(-np.sum(q * log_q))
    H_pq = float(-np.sum(p * log_q))
    KL_pq = float(np.sum(p * (log_p - log_q)))
    KL_qp = float(np.sum(q * (log_q - log_p)))
    KL_pq, KL_qp = max(KL_pq, 0.0), max(KL_qp, 0.0)
    return TwoDistributionsResult(p=p, q=q, H_p=H_p, H_q=H_q, H_pq=H_pq, KL_pq=KL_pq, KL_qp=KL_qp,
                                  values=np.array([H_p, H_q, H_pq, KL_pq, KL_qp]))


def little_mass(p, q) -> int | None:
    """The outcome where p has mass (> 0.05) but q almost none (< 0.01), the worst one; or None."""
    bad = (np.asarray(p) > LITTLE_MASS[0]) & (np.asarray(q) < LITTLE_MASS[1])
    if not np.any(bad):
        return None
    ratio = np.where(bad, np.asarray(p) / np.maximum(np.asarray(q), 1e-300), 0.0)
    return int(np.argmax(ratio))


def bars_path(bars) -> Path:
    """The outlines of all the rectangles of ``bars`` as one compound path (data coordinates)."""
    return Path.make_compound_path(*[
        Path(bar.get_patch_transform().transform(bar.get_path().vertices), bar.get_path().codes)
        for bar in bars])


def merged(bars) -> PathPatch:
    """The bars of a BarContainer drawn as one patch: the same look (colours, hatch, edges), one
    draw call instead of one per bar (hatching is costly per call). The bars are hidden and keep
    the geometry: after ``bar.set_height``, ``patch.set_path(bars_path(bars))``."""
    group = PathPatch(bars_path(bars))
    group.update_from(bars[0])
    bars[0].axes.add_patch(group)
    for bar in bars:
        bar.set_visible(False)
    return group


def draw(ax_bars, ax_info) -> dict:
    """Draw both panels once; return the artists that move."""
    width = 0.38
    ax_bars.set_xlim(-0.6, K - 0.4)
    ax_bars.set_ylim(0.0, 1.28)
    ax_bars.set_xticks(OUTCOMES, [f"outcome {k}" for k in OUTCOMES])
    ax_bars.set_ylabel("probability")
    ax_bars.set_title("p and q over the same 4 outcomes")
    p_bars = ax_bars.bar(OUTCOMES - width / 2, np.zeros(K), width=width, color=COLORS["blue"],
                         alpha=0.6, edgecolor="black", hatch="//", label="p (the truth)")
    q_bars = ax_bars.bar(OUTCOMES + width / 2, np.zeros(K), width=width,
                         color=COLORS["vermillion"], alpha=0.6, edgecolor="black", hatch="..",
                         label="q (the model)")
    p_text = [ax_bars.text(k - width / 2, 0.0, "", ha="center", va="bottom", fontsize="x-small")
              for k in OUTCOMES]
    q_text = [ax_bars.text(k + width / 2, 0.0, "", ha="center", va="bottom", fontsize="x-small")
              for k in OUTCOMES]
    ax_bars.legend(loc="upper center", ncol=2, fontsize="small")

    rows = np.arange(len(QUANTITIES))[::-1]
    ax_info.set_xscale("symlog", linthresh=LINEAR_UP_TO, linscale=1.0)
    ax_info.set_xlim(0.0, X_MAX)
    ticks = [0, 0.5, 1, 3, 10, 30]
    ax_info.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax_info.xaxis.set_minor_locator(plt_ticker.NullLocator())
    ax_info.set_ylim(-0.6, len(QUANTITIES) - 0.1)
    ax_info.set_yticks(rows, QUANTITIES)
    ax_info.set_xlabel("nats (natural log); axis linear up to 1, logarithmic beyond")
    ax_info.axvline(np.log(K), color="black", linestyle=":", linewidth=1.2)
    ax_info.text(np.log(K), len(QUANTITIES) - 0.15, " log 4: H of the uniform p",
                 fontsize="x-small", va="top")
    # the numbers in a column beside the panel: they never cross a bar or the dotted line
    beside = ax_info.get_yaxis_transform()          # x in axes fractions, y in data
    # (a static header as wide as the widest value: the layout keeps room for the column)
    ax_info.text(1.02, len(QUANTITIES) - 0.35, "value (nats)", transform=beside, ha="left",
                 va="center", fontsize="small", fontstyle="italic")
    colors = [COLORS["blue"], COLORS["vermillion"], COLORS["purple"], COLORS["green"],
              COLORS["orange"]]
    # each bar on its own row, named by the row's label: no hatch needed (hatching is the
    # costliest part of a redraw), the colours only echo the left panel's
    info_bars = ax_info.barh(rows, np.zeros(len(QUANTITIES)), height=0.6, color=colors, alpha=0.6,
                             edgecolor="black")
    info_text = [ax_info.text(1.02, r, "", transform=beside, ha="left",
                              va="center", fontsize="small") for r in rows]
    title = ax_info.set_title("KL(p || q) and KL(q || p) differ")
    # speed: one patch per set of bars; labels drawn from pictures rendered once, the numbers
    # put together from pictures of their digits (_layout.CachedText)
    return {"p_bars": list(p_bars), "q_bars": list(q_bars), "p_group": merged(p_bars),
            "q_group": merged(q_bars), "p_text": [cached(t, compose=True) for t in p_text],
            "q_text": [cached(t, compose=True) for t in q_text], "info_bars": list(info_bars),
            "info_text": [cached(t, compose=True) for t in info_text], "title": cached(title)}


def panel_title(out: TwoDistributionsResult) -> str:
    """What the current five numbers show, for the right panel's title."""
    KL_pq, KL_qp = out.KL_pq, out.KL_qp
    if max(KL_pq, KL_qp) < 1e-9:
        return "p = q: both KL divergences are 0"
    if abs(KL_pq - KL_qp) <= 0.01:
        return "here KL(p || q) \u2248 KL(q || p); in general they differ"
    larger = "KL(p || q)" if KL_pq > KL_qp else "KL(q || p)"
    return f"KL is not symmetric: {larger} is the larger here"


def readout(out: TwoDistributionsResult) -> str:
    """The five numbers in words, with what to notice."""
    H_p, H_q, H_pq, KL_pq, KL_qp = out.values
    text = (f"H(p) = <b>{H_p:.3f}</b>, H(q) = {H_q:.3f} nats (largest possible: log 4 = "
            f"{np.log(K):.3f}); cross-entropy H(p, q) = <b>{H_pq:.3f}</b> = H(p) + KL(p || q); "
            f"KL(p || q) = <b>{KL_pq:.3f}</b>, KL(q || p) = <b>{KL_qp:.3f}</b>")
    if max(KL_pq, KL_qp) < 1e-9:
        text += ". p = q: both divergences are 0, and H(p, q) = H(p)."
    elif abs(KL_pq - KL_qp) > 0.01:
        text += f": not symmetric (they differ by {abs(KL_pq - KL_qp):.3f})."
    else:
        text += "."
    notes = []
    pairs = {("p", "q"): KL_pq, ("q", "p"): KL_qp}
    if abs(KL_pq - KL_qp) > 0.01:         # the same verdict as the panel's title
        first, second = ("p", "q") if KL_pq > KL_qp else ("q", "p")
        notes.append(_larger(out, first, second, pairs[(first, second)]))
        dist = {"p": out.p, "q": out.q}
        k = little_mass(dist[second], dist[first])     # the smaller one may have a warning too
        if k is not None:
            f, s = dist[second][k], dist[first][k]
            notes.append(f"KL({second} || {first}) = {pairs[(second, first)]:.3g} is the "
                         f"smaller, though {first} also puts almost no mass where {second} has "
                         f"mass (outcome {k}: {second} = {f:.3f}, {first} = {s:.3g}; each such "
                         f"draw of {second} costs log({second}/{first}) = {np.log(f / s):.1f} "
                         f"nats, but only {f:.0%} of draws of {second} land there)")
    else:
        dist = {"p": out.p, "q": out.q}
        for (first, second), value in pairs.items():
            k = little_mass(dist[first], dist[second])
            if k is not None:
                notes.append(f"<b>{second} puts almost no mass where {first} has mass</b>: "
                             f"outcome {k} has {first} = {dist[first][k]:.3f} but {second} = "
                             f"{dist[second][k]:.3g}, so each such draw of {first} costs "
                             f"log({first}/{second}) = "
                             f"{np.log(dist[first][k] / dist[second][k]):.1f} nats and pushes "
                             f"KL({first} || {second}) up to {value:.3g}")
    if notes:
        text += "<br>" + "; ".join(notes) + "."
    return text


def _larger(out: TwoDistributionsResult, first: str, second: str, value: float) -> str:
    """Why KL(first || second), the larger of the two, is large: the outcome that adds the most
    to ``sum first_k log(first_k / second_k)``."""
    dist = {"p": out.p, "q": out.q}
    a, b = dist[first], dist[second]
    terms = a * (np.log(a) - np.log(b))
    k = int(np.argmax(terms))
    head = (f"<b>KL({first} || {second}) is the larger</b> ({value:.3g} nats): it averages "
            f"log({first}/{second}) over draws of {first}")
    if little_mass(a, b) == k:
        head += f", and <b>{second} puts almost no mass where {first} has mass</b>"
    return (f"{head}: outcome {k} has {first} = {a[k]:.3f} but {second} = only {b[k]:.3g}, so "
            f"each such draw costs log({first}/{second}) = {np.log(a[k] / b[k]):.1f} nats; its "
            f"term {first}·log({first}/{second}) = {terms[k]:.3g} is the largest of the sum")


def explorer(p=(1.0, 1.0), q=(2.0, 0.5)) -> explore.Explorer:
    """Sliders for the peak and sharpness of p and of q; bars and the five quantities."""
    fig, (ax_bars, ax_info) = explore.figure(1, 2, size=(9.6, 4.2))
    fig.set_layout_engine("constrained")
    artists = draw(ax_bars, ax_info)

    def update(p_peak, p_sharp, q_peak, q_sharp):
        out = compute(log_probabilities(p_peak, p_sharp), log_probabilities(q_peak, q_sharp))
        for bars, texts, probs, group in (
                (artists["p_bars"], artists["p_text"], out.p, artists["p_group"]),
                (artists["q_bars"], artists["q_text"], out.q, artists["q_group"])):
            for bar, label, value in zip(bars, texts, probs):
                bar.set_height(value)
                label.set_text(f"{value:.2f}")
                label.set_y(value + 0.01)
            group.set_path(bars_path(bars))
        for bar, label, value in zip(artists["info_bars"], artists["info_text"], out.values):
            bar.set_width(min(value, X_MAX))
            label.set_text(f"{value:.3f}" + (" \u2192" if value > X_MAX else ""))
        artists["title"].set_text(panel_title(out))
        return readout(out)

    controls = {
        "p_peak": explore.slider("p: peak at outcome", *PEAK_RANGE, float(p[0]), 0.05),
        "p_sharp": explore.slider("p: sharpness", *SHARPNESS_RANGE, float(p[1]), 0.05),
        "q_peak": explore.slider("q: peak at outcome", *PEAK_RANGE, float(q[0]), 0.05),
        "q_sharp": explore.slider("q: sharpness", *SHARPNESS_RANGE, float(q[1]), 0.05),
    }
    animated = [artists["p_group"], artists["q_group"], *artists["p_text"], *artists["q_text"],
                *artists["info_bars"], *artists["info_text"], artists["title"]]
    ex = explore.Explorer(fig, controls, update, animated=animated,
                          title="Two distributions: entropy, cross-entropy and KL divergence")
    return ex
