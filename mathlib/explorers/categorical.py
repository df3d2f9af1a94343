"""Explorer for notebook 10: a categorical distribution made by softmax from 4 logits, and the law
of large numbers on draws from it.

Left: the probabilities ``p = softmax(z)`` as bars, each named by its axis label (not told apart
by colour alone; no hatching: it was most of a redraw's time). Right: the running frequency of each class among the first n of N draws, against n on a
log scale; each converges to its p_k (dotted). The draws come from one fixed, seeded set of
uniform numbers ``u``: draw i is the first class k whose cumulative probability
``p_1 + ... + p_k`` exceeds ``u_i`` (inverse-CDF sampling), so moving a slider changes the draws
smoothly instead of reshuffling them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_array
from ..plotting import COLORS, LINE_COLORS
from ..probability import softmax
from ._layout import cached_text

NOTEBOOK = "10"  # the notebook that shows this explorer

LOGIT_RANGE = (-5.0, 5.0)
CLASSES = ["cat", "dog", "bird", "fish"]
N_DRAWS = 2000
SEED = 0
BAR_COLORS = [COLORS["blue"], COLORS["vermillion"], COLORS["green"], COLORS["orange"]]
LINE_COLORS_K = [LINE_COLORS[c] for c in ("blue", "vermillion", "green", "orange")]  # 3:1 on white
LINE_STYLES = ["-", "--", "-.", (0, (6, 1.5, 1, 1.5, 1, 1.5))]   # fish: dash-dot-dot
TARGET_STYLE = (0, (1, 2.5))     # the probabilities p_k: thin dots, unlike every running line
# the running frequencies are drawn at these draws (indices n - 1): every draw up to 100, then
# 300 points evenly spaced on the log axis; the same picture as all 2000, a sixth of the points
SHOWN_DRAWS = np.unique(np.concatenate([
    np.arange(100), np.round(np.geomspace(100, N_DRAWS, 300)).astype(int) - 1]))


def uniform_draws(n: int = N_DRAWS, seed: int = SEED) -> np.ndarray:
    """The fixed uniform numbers ``u`` (n,) in [0, 1), from ``np.random.default_rng(seed)``."""
    return np.random.default_rng(seed).random(int(n))


@dataclass(frozen=True, eq=False)
class CategoricalResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    p: np.ndarray
    draws: np.ndarray
    running: np.ndarray
    final: np.ndarray


def compute(logits, u) -> CategoricalResult:
    """Softmax probabilities of ``logits`` (K,), draws from them and the running frequencies.

    Shapes: logits (K,), u (N,) uniform numbers in [0, 1). Returns a :class:`CategoricalResult` with
    ``p`` (K,) =
    ``softmax(logits)``, ``draws`` (N,) class indices (draw i is the first k with
    ``u_i < p_1 + ... + p_k``), ``running`` (K, N): entry [k, n - 1] is the fraction of the first n
    draws that are class k, and ``final`` (K,) = running[:, -1].
    """
    where = "categorical.compute"
    z = as_array(logits, "logits", where, ndim=1)
    u = as_array(u, "u", where, ndim=1)
    if np.any((u < 0) | (u >= 1)):
        raise ValueError(f"{where}: u must hold uniform numbers in [0, 1)")
    p = softmax(z)
    cumulative = np.cumsum(p)
    draws = np.minimum(np.searchsorted(cumulative, u, side="right"), len(p) - 1)
    onehot = draws[None, :] == np.arange(len(p))[:, None]            # (K, N)
    running = np.cumsum(onehot, axis=1) / np.arange(1, len(u) + 1)
    return CategoricalResult(p=p, draws=draws, running=running, final=running[:, -1])


def draw(ax_bars, ax_lln) -> dict:
    """Draw both panels once; return the artists that move."""
    K = len(CLASSES)
    ax_bars.set_xlim(-0.6, K - 0.4)
    ax_bars.set_ylim(0.0, 1.12)
    ax_bars.set_xticks(range(K), [f"{name}\n(class {k})" for k, name in enumerate(CLASSES)])
    ax_bars.set_ylabel("probability p_k = softmax(z)_k")
    ax_bars.set_title("softmax: the bars always add up to 1")
    bars = ax_bars.bar(range(K), np.zeros(K), width=0.7, color=BAR_COLORS, alpha=0.55,
                       edgecolor="black", linewidth=1.0)
    labels = [cached_text(ax_bars, k, 0.0, "", compose=True, ha="center", va="bottom",
                          fontsize="small", fontweight="bold") for k in range(K)]

    ax_lln.set_xscale("log")
    ax_lln.set_xlim(1, N_DRAWS)
    ax_lln.set_ylim(0.0, 1.04)
    ax_lln.set_xlabel("number of draws n (log scale)")
    ax_lln.set_ylabel("fraction of the first n draws")
    ax_lln.set_title("frequencies settle at the probabilities")
    n = SHOWN_DRAWS + 1
    running = [Line2D(n, np.zeros(len(n)), color=c, linestyle=s, linewidth=1.8, label=name)
               for c, s, name in zip(LINE_COLORS_K, LINE_STYLES, CLASSES)]
    targets = [Line2D([1, N_DRAWS], [0, 0], color=c, linestyle=TARGET_STYLE, linewidth=1.0)
               for c in LINE_COLORS_K]
    for line in running + targets:
        ax_lln.add_line(line)
    key = Line2D([], [], color=COLORS["black"], linestyle=TARGET_STYLE, linewidth=1.0,
                 label="p_k (dotted,\nits colour)")
    ax_lln.legend(handles=[*running, key], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize="small", frameon=False, title="class", title_fontsize="small",
                  handlelength=3.0)   # beside the axes: hides no line
    return {"bars": list(bars), "labels": labels, "running": running, "targets": targets}


def _most_likely(p) -> str:
    """"most likely: cat", or the tie: "all classes equally likely", "cat and dog tie"."""
    best = np.flatnonzero(np.isclose(p, p.max(), rtol=1e-9, atol=0.0))
    if len(best) == len(p):
        return "<b>all classes equally likely</b> (equal logits)"
    if len(best) > 1:
        names = [CLASSES[k] for k in best]
        return f"most likely: a tie between <b>{', '.join(names[:-1])} and {names[-1]}</b>"
    return f"most likely: <b>{CLASSES[int(best[0])]}</b>"


def readout(out: CategoricalResult, logits) -> str:
    """Logits, probabilities, their sum, and the frequencies after all the draws."""
    p, final = out.p, out.final
    z = ", ".join(f"{v:.1f}" for v in logits)
    probs = ", ".join(f"{v:.3f}" for v in p)
    freqs = ", ".join(f"{v:.3f}" for v in final)
    return (f"logits z = ({z}) &rarr; p = softmax(z) = (<b>{probs}</b>), sum = {p.sum():.3f}; "
            f"{_most_likely(p)}<br>after {N_DRAWS} draws the frequencies are "
            f"({freqs}); largest gap to p: <b>{np.max(np.abs(final - p)):.3f}</b>. Adding the same "
            "number to every logit changes nothing.")


def explorer(logits=(2.0, 1.0, 0.0, -1.0)) -> explore.Explorer:
    """A slider per logit; the softmax probabilities as bars and the running frequencies."""
    u = uniform_draws()
    fig, (ax_bars, ax_lln) = explore.figure(1, 2, size=(9.0, 4.2))
    fig.set_layout_engine("constrained")
    artists = draw(ax_bars, ax_lln)

    def update(z0, z1, z2, z3):
        z = (z0, z1, z2, z3)
        out = compute(z, u)
        for k, (bar, label) in enumerate(zip(artists["bars"], artists["labels"])):
            bar.set_height(out.p[k])
            label.set_text(f"{out.p[k]:.2f}")
            label.set_y(out.p[k] + 0.01)
            artists["running"][k].set_ydata(out.running[k][SHOWN_DRAWS])
            artists["targets"][k].set_ydata([out.p[k]] * 2)
        return readout(out, z)

    controls = {f"z{k}": explore.slider(f"logit z{k} ({name})", *LOGIT_RANGE, float(logits[k]),
                                        0.1, fmt=".1f")
                for k, name in enumerate(CLASSES)}
    animated = [*artists["bars"], *artists["labels"], *artists["running"], *artists["targets"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="Softmax turns logits into a categorical distribution")
