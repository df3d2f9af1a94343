"""Explorer for notebook 16: a 1-D slice through a real network's loss between two weight settings.

The network: 4 standardised Iris measurements -> ``HIDDEN`` tanh units -> 3 logits, trained with
the categorical cross-entropy (``mathlib.nn``) by Adam (``mathlib.optim.minimize``). All its
weights form one vector theta. Given two settings theta_A and theta_B, the slice is
``L(alpha) = L((1 - alpha) theta_A + alpha theta_B)``: alpha = 0 is A, alpha = 1 is B, values
between are the straight line from A to B, values outside go beyond them.

If L were convex, the graph of the slice would lie on or below the chord
``(1 - alpha) L(A) + alpha L(B)`` for every alpha in [0, 1] (the definition of convexity,
restricted to a line). Three pairs: two networks trained from different seeds; the random
initial weights and the trained ones; a trained network and the same network with its hidden
units relabelled (a permutation: the same function, so the same loss, but different weights).
Each pair's curve and chord are computed and drawn once (a background per pair); a move of the
alpha slider moves a marker and its readout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore
from .. import nn
from .._checks import as_array, as_rng, as_scalar
from ..data import load_iris
from ..optim import Adam, minimize
from ..plotting import COLORS

NOTEBOOK = "16"  # the notebook that shows this explorer

HIDDEN = 6
N_IN, N_OUT = 4, 3
SHAPES = ((N_IN, HIDDEN), (HIDDEN,), (HIDDEN, N_OUT), (N_OUT,))   # W1, b1, W2, b2
N_PARAMS = sum(int(np.prod(s)) for s in SHAPES)                    # 51
TRAIN_STEPS = 250
ALPHA_RANGE = (-0.5, 1.5)
PAIRS = ("two seeds", "start to trained", "relabelled units")
PAIR_WORDS = {
    "two seeds": ("network trained from seed 1", "network trained from seed 2"),
    "start to trained": ("random initial weights from seed 1", "the same network trained"),
    "relabelled units": ("network trained from seed 1", "the same network, hidden units relabelled"),
}


@lru_cache(maxsize=1)
def iris_standardised() -> tuple[np.ndarray, np.ndarray]:
    """The 150 Iris flowers, each measurement standardised (mean 0, standard deviation 1):
    (X (150, 4), y (150,) the species 0, 1, 2), read once (read-only arrays)."""
    iris = load_iris()
    X = (iris.X - iris.X.mean(axis=0)) / iris.X.std(axis=0)
    y = iris.y.copy()
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


def unpack(theta) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The weight vector theta (51,) as (W1 (4, H), b1 (H,), W2 (H, 3), b2 (3,))."""
    theta = as_array(theta, "theta", "loss_slice.unpack", ndim=1)
    if theta.shape != (N_PARAMS,):
        raise ValueError(f"loss_slice.unpack: theta must have {N_PARAMS} entries, got "
                         f"{theta.shape[0]}")
    out, i = [], 0
    for shape in SHAPES:
        m = int(np.prod(shape))
        out.append(theta[i:i + m].reshape(shape))
        i += m
    return tuple(out)


def pack(W1, b1, W2, b2) -> np.ndarray:
    """The four weight arrays as one vector theta (51,)."""
    return np.concatenate([np.ravel(W1), np.ravel(b1), np.ravel(W2), np.ravel(b2)])


def logits(theta, X) -> np.ndarray:
    """The network's logits (N, 3): tanh(X W1 + b1) W2 + b2."""
    W1, b1, W2, b2 = unpack(theta)
    return nn.tanh(X @ W1 + b1) @ W2 + b2


def loss(theta, X, y) -> float:
    """The mean categorical cross-entropy of the network with weights theta on (X, y)."""
    return nn.cross_entropy(logits(theta, X), y)


def loss_gradient(theta, X, y) -> np.ndarray:
    """The gradient of :func:`loss` with respect to theta (51,), by backpropagation."""
    W1, b1, W2, b2 = unpack(theta)
    z = X @ W1 + b1
    h = nn.tanh(z)
    dlogits = nn.cross_entropy_gradient(h @ W2 + b2, y)      # (N, 3), includes the 1 / N
    dz = (dlogits @ W2.T) * nn.tanh_derivative(z)
    return pack(X.T @ dz, dz.sum(axis=0), h.T @ dlogits, dlogits.sum(axis=0))


def initial_weights(rng) -> np.ndarray:
    """Random weights: normal with standard deviation 1 / sqrt(inputs of the layer), biases 0."""
    rng = as_rng(rng)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(N_IN), SHAPES[0])
    W2 = rng.normal(0.0, 1.0 / np.sqrt(HIDDEN), SHAPES[2])
    return pack(W1, np.zeros(HIDDEN), W2, np.zeros(N_OUT))


def train(theta0, X, y, steps: int = TRAIN_STEPS) -> np.ndarray:
    """The weights after ``steps`` steps of Adam (lr 0.05) from theta0 on the whole batch."""
    run = minimize(lambda t: loss_gradient(t, X, y), theta0, optimizer=Adam(lr=0.05),
                   steps=steps)
    return run.path[-1]


def permute_hidden(theta, order) -> np.ndarray:
    """The same network with its hidden units listed in ``order``: the columns of W1, the
    entries of b1 and the rows of W2 move together, so the network computes the same function."""
    W1, b1, W2, b2 = unpack(theta)
    order = np.asarray(order)
    return pack(W1[:, order], b1[order], W2[order], b2)


@lru_cache(maxsize=1)
def weight_settings() -> dict:
    """The weight vectors the pairs use (computed once): ``start 1``, ``trained 1`` (from
    seed 1), ``trained 2`` (from seed 2) and ``relabelled 1`` (trained 1 with its hidden units
    shifted by one place)."""
    X, y = iris_standardised()
    start = initial_weights(1)
    trained1 = train(start, X, y)
    trained2 = train(initial_weights(2), X, y)
    return {"start 1": start, "trained 1": trained1, "trained 2": trained2,
            "relabelled 1": permute_hidden(trained1, np.roll(np.arange(HIDDEN), 1))}


def endpoints(pair: str) -> tuple[np.ndarray, np.ndarray]:
    """(theta_A, theta_B) of one of ``PAIRS``."""
    if pair not in PAIRS:
        raise ValueError(f"loss_slice.endpoints: pair must be one of {list(PAIRS)}, got {pair!r}")
    w = weight_settings()
    return {"two seeds": (w["trained 1"], w["trained 2"]),
            "start to trained": (w["start 1"], w["trained 1"]),
            "relabelled units": (w["trained 1"], w["relabelled 1"])}[pair]


def slice_losses(theta_a, theta_b, alphas, X, y) -> np.ndarray:
    """L((1 - alpha) theta_a + alpha theta_b) for each alpha (k,) -> (k,)."""
    return np.array([loss((1 - a) * theta_a + a * theta_b, X, y) for a in np.ravel(alphas)])


@lru_cache(maxsize=None)
def curve(pair: str, n: int = 161) -> tuple[np.ndarray, np.ndarray]:
    """The slice of one pair on a grid of alphas over ``ALPHA_RANGE``: (alphas (n,), losses)."""
    X, y = iris_standardised()
    alphas = np.linspace(*ALPHA_RANGE, n)
    return alphas, slice_losses(*endpoints(pair), alphas, X, y)


@dataclass(frozen=True, eq=False)
class SliceResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    alpha: float
    loss: float
    chord: float
    loss_a: float
    loss_b: float
    accuracy: float
    barrier: float
    bend: float


def compute(pair: str, alpha: float) -> SliceResult:
    """The loss at ``(1 - alpha) theta_A + alpha theta_B`` for one of ``PAIRS``.

    Returns a :class:`SliceResult` with ``loss``, ``chord`` = (1 - alpha) L(A) + alpha L(B) (the
    straight line through the two ends), ``loss_a``, ``loss_b``, ``accuracy`` (the fraction of
    the 150 flowers classified right there) and ``barrier``: the largest gap loss - chord over
    alpha in [0, 1] on the curve's grid (> 0: the slice rises above its chord, which no convex
    function does) and ``bend``: the most negative second difference
    L(a - h) - 2 L(a) + L(a + h) over the whole grid (< 0: the curve bends down somewhere on the
    line, which no convex function does either). Raises ValueError for an unknown pair or a non-finite alpha.
    """
    alpha = as_scalar(alpha, "alpha", "loss_slice.compute")
    theta_a, theta_b = endpoints(pair)
    X, y = iris_standardised()
    z = logits((1 - alpha) * theta_a + alpha * theta_b, X)
    loss_a, loss_b, barrier, bend = _shape_of_slice(pair)
    return SliceResult(alpha=alpha, loss=nn.cross_entropy(z, y),
                       chord=(1 - alpha) * loss_a + alpha * loss_b, loss_a=loss_a, loss_b=loss_b,
                       accuracy=float(np.mean(np.argmax(z, axis=1) == y)),
                       barrier=barrier, bend=bend)


@lru_cache(maxsize=None)
def _shape_of_slice(pair: str) -> tuple[float, float, float, float]:
    """What does not depend on alpha: L(A), L(B), the barrier and the bend (see compute)."""
    X, y = iris_standardised()
    theta_a, theta_b = endpoints(pair)
    loss_a, loss_b = loss(theta_a, X, y), loss(theta_b, X, y)
    alphas, losses = curve(pair)
    inside = (alphas >= 0) & (alphas <= 1)
    chords = (1 - alphas[inside]) * loss_a + alphas[inside] * loss_b
    return (loss_a, loss_b, float(np.max(losses[inside] - chords)),
            float(np.min(losses[:-2] - 2 * losses[1:-1] + losses[2:])))


def readout(out: SliceResult, pair: str) -> str:
    """The readout in words: where on the line, the loss against the chord, the accuracy."""
    a_words, b_words = PAIR_WORDS[pair]
    text = (f"alpha = <b>{out.alpha:.2f}</b>: loss <b>{out.loss:.3f}</b>, accuracy "
            f"{out.accuracy:.1%} of the 150 flowers. Ends: A, {a_words}: loss {out.loss_a:.3f}; "
            f"B, {b_words}: loss {out.loss_b:.3f}.<br>")
    if 0 <= out.alpha <= 1:
        gap = out.loss - out.chord
        where = "<b>above</b>" if gap > 1e-9 else "on or below"
        text += (f"The chord (straight line from A's loss to B's) is at {out.chord:.3f} here: the "
                 f"loss is {where} it (by {abs(gap):.3f}). ")
    else:
        text += "Outside [0, 1] the point lies beyond A or B on the same line. "
    if out.barrier > 1e-9:
        text += (f"Somewhere between A and B the loss rises {out.barrier:.3f} above the chord: "
                 "a convex loss never does that, so this loss is <b>not convex</b>.")
    elif out.bend < -1e-6:
        text += ("Between A and B the loss stays below the chord, but somewhere on the drawn "
                 "line the curve bends downwards (a stretch where it rises, then falls): a "
                 "convex function's slice never does, so this loss is <b>not convex</b> either.")
    else:
        text += ("On this line the loss stays on or below its chord and never bends down (as a "
                 "convex one would); one line alone cannot prove convexity.")
    return text


def draw(ax) -> dict:
    """The axes and the artists: the curve and chord (static per pair) and the moving marker."""
    ax.set_xlim(ALPHA_RANGE[0] - 0.04, ALPHA_RANGE[1] + 0.04)   # the marker stays inside
    ax.set_xlabel("alpha: weights (1 − alpha) θ_A + alpha θ_B")
    ax.set_ylabel("cross-entropy loss on Iris (nats)")
    ax.axvline(0.0, color="0.45", linewidth=0.8, zorder=0)
    ax.axvline(1.0, color="0.45", linewidth=0.8, zorder=0)
    line, = ax.plot([], [], "-", color=COLORS["blue"], linewidth=2.0, label="loss along the line",
                    zorder=2)
    chord, = ax.plot([], [], "--", color="black", linewidth=1.3,
                     label="chord from A to B", zorder=2)
    ends, = ax.plot([], [], "o", color="white", markeredgecolor="black", markersize=8, zorder=3)
    labels = [ax.text(0.0, 0.0, "A", ha="center", va="bottom", fontweight="bold", zorder=3),
              ax.text(1.0, 0.0, "B", ha="center", va="bottom", fontweight="bold", zorder=3)]
    marker, = ax.plot([], [], "D", color=COLORS["vermillion"], markeredgecolor="black",
                      markersize=9, zorder=5, label="current alpha")
    ax.legend(loc="upper center", fontsize="small", ncol=3, frameon=False,
              bbox_to_anchor=(0.5, -0.14))
    title = ax.set_title("")
    return {"line": line, "chord": chord, "ends": ends, "labels": labels, "marker": marker,
            "title": title}


def explorer(pair: str = "relabelled units", alpha: float = 0.5) -> explore.Explorer:
    """A choice of pair and an alpha slider; the loss along the line and its chord."""
    if pair not in PAIRS:
        raise ValueError(f"loss_slice.explorer: pair must be one of {list(PAIRS)}, got {pair!r}")
    fig, ax = explore.figure(size=(7.5, 4.4))
    artists = draw(ax)
    fig.set_layout_engine("none")
    ax.set_position([0.11, 0.24, 0.85, 0.66])
    shown = {"pair": None}
    top = max(float(np.max(curve(p)[1])) for p in PAIRS)
    ax.set_ylim(0.0, 1.08 * top)

    def show_pair(name):
        alphas, losses = curve(name)
        loss_a, loss_b = _shape_of_slice(name)[:2]
        artists["line"].set_data(alphas, losses)
        artists["chord"].set_data([0.0, 1.0], [loss_a, loss_b])
        artists["ends"].set_data([0.0, 1.0], [loss_a, loss_b])
        for label, x, value in zip(artists["labels"], (0.0, 1.0), (loss_a, loss_b)):
            label.set_position((x, value + 0.03 * top))
        a_words, b_words = PAIR_WORDS[name]
        artists["title"].set_text(f"A: {a_words};  B: {b_words}")
        shown["pair"] = name

    def update(pair, alpha):
        if pair != shown["pair"]:
            show_pair(pair)
        out = compute(pair, alpha)
        artists["marker"].set_data([out.alpha], [out.loss])
        return readout(out, pair)

    controls = {"pair": explore.choice("pair of weights", list(PAIRS), pair),
                "alpha": explore.slider("alpha", *ALPHA_RANGE, alpha, 0.01)}
    artists["marker"].set_in_layout(False)
    ex = explore.Explorer(fig, controls, update, animated=[artists["marker"]],
                          title="A slice through a network's loss: from weights A to weights B",
                          background_key=lambda: shown["pair"])
    ex.must_show = [artists["marker"]]
    ex.prerender(show_pair, [p for p in PAIRS if p != pair] + [pair])
    ex.refresh()
    return ex
