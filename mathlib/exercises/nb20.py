"""Exercises of notebook 20: Xavier and He by hand, He's rule for leaky ReLU, and the forward and
backward signal of a deep network, layer by layer, on the diabetes data.

Each checker starts with a case a learner can verify by hand, then cases where the usual slips
show (a layer that is not square, a negative slope alpha, a saturating activation), then real data:
the standardised diabetes measurements through networks initialised with ``mathlib.nn``'s
initialisers. The data and the networks are built once (cached) and handed out as fresh copies,
so each check call stays cheap.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

from .. import nn
from ..data import load_diabetes
from ..stats import standardise as _standardise
from ._core import exercise
from ._feedback import fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "20"

_FORWARD = forbid_object("mathlib.explorers.deep_signal.forward_backward",
                         "which runs the forward and backward pass for you")


# -- 20.1 by hand: Xavier and He for one layer ------------------------------------------------------

def _by_hand(slips):
    """Each (value, words) of a by-hand slip, and the same words for the value rounded as a
    learner rounds it on paper: to 1 .. 4 decimals, half up or half to even (as by_hand_problem
    tells a rounded right value), and within 5% of it: 1.4, 1.41 and 1.414 for sqrt 2, 0.29 for
    0.2887; not 0.1 for 0.0625. The right values here are short exact decimals, so no rounding
    of a slip is a right value."""
    out = []
    for value, words in slips:
        exact, roundings = Decimal(repr(float(value))), {}
        for d in range(1, 5):
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
                r = float(exact.quantize(Decimal(1).scaleb(-d), rounding=mode))
                if r != value and abs(r - value) < 0.05 * abs(value):
                    roundings[r] = words
        out += [(value, words), *roundings.items()]
    return out


# The usual wrong number of each of the three, by its index, and what it is.
_SLIPS_20_1 = {
    0: [(0.0625, "that is Xavier's variance 2 / (24 + 8); the standard deviation is its square "
                 "root"),
        (math.sqrt(2 / 24), "you used 2 / fan_in, He's variance; Xavier's averages the two fans: "
                            "2 / (fan_in + fan_out)"),
        (0.5, "you used 2 / fan_out; Xavier's variance averages the two fans: "
              "2 / (fan_in + fan_out)"),
        (math.sqrt(1 / 32), "you left out the 2: Xavier's variance is 2 / (fan_in + fan_out)")],
    1: [(math.sqrt(2 / 24), "that is He's standard deviation; a uniform U(-a, a) has variance "
                            "a^2 / 3, so the bound is sqrt(3 x variance)"),
        (math.sqrt(6 / 8), "you used fan_out; He's variance is 2 / fan_in"),
        (math.sqrt(6 / 32), "that is Xavier's uniform bound sqrt(6 / (fan_in + fan_out)); He's "
                            "uses fan_in alone"),
        (0.25, "that is 6 / fan_in without the square root: a^2 = 3 x variance")],
    2: [(1.0, "that is E[relu(z)^2], half of E[z^2]: the question asks for the variance of z "
              "itself, before the activation"),
        (24.0, "you added up 24 inputs of variance 1 but left out the weights' variance 2 / 24: "
               "each term w_i x_i has variance Var(w) E[x^2]"),
        (2 / 24, "that is the variance of one term w_i x_i; z adds up 24 of them"),
        (math.sqrt(2), "that is the standard deviation of z; the question asks for its variance"),
        (24 * 2 / 32, "you gave the weights Xavier's variance 2 / (24 + 8); the question asks "
                      "for He's, 2 / fan_in, which makes 24 x (2 / 24) x 1")]}


@exercise("20.1", "by hand: Xavier's standard deviation, He's uniform bound, a pre-activation's "
                  "variance", name="answer_20_1",
          solution="answer_20_1 = (0.25, 0.5, 2.0)\n",
          hints=["Write down each variance first: Xavier's is 2 / (fan_in + fan_out), He's "
                 "2 / fan_in. Which of them uses fan_out?",
                 "A standard deviation is the square root of the variance; a uniform U(-a, a) has "
                 "variance a^2 / 3, so its bound is a = sqrt(3 Var).",
                 "z = sum of fan_in terms w_i x_i, each with variance Var(w) E[x^2] (independent, "
                 "zero-mean weights); the variances of independent terms add up."],
          wrong=[(0.0625, 0.5, 2.0), (0.2887, 0.5, 2.0), (0.25, 0.2887, 2.0), (0.25, 0.866, 2.0),
                 (0.25, 0.5, 1.0), (0.25, 0.5, 24.0), (0.25, 0.5), (0.5, 0.5, 2.0),
                 (0.25, 0.29, 2.0), (0.25, 0.5, 1.41), (0.25, 0.5, 1.5), ("0.25", "0.5", "2")],
          right=[[0.25, 0.5, 2.0], (1 / 4, 1 / 2, 2), np.array([0.25, 0.5, 2.0]),
                 (np.float32(0.25), 0.5, np.int64(2))])
def _check_answer_20_1(answer_20_1):
    return by_hand_problem(
        answer_20_1, ["Xavier normal standard deviation", "He uniform bound a",
                      "variance of the pre-activation z"], [0.25, 0.5, 2.0],
        {k: _by_hand(v) for k, v in _SLIPS_20_1.items()})


# -- 20.2 He's rule for leaky ReLU ----------------------------------------------------------------

def _leaky_ref(fan_in, alpha):
    return math.sqrt(2.0 / ((1.0 + alpha * alpha) * fan_in))


def _leaky_cases():
    yield 100, 0.0            # plain ReLU: He's sqrt(2 / 100)
    yield 50, 1.0             # slope 1 on both sides is the identity: sqrt(1 / 50)
    yield 256, 0.01           # PyTorch's default leaky slope
    yield 10, 0.2
    yield 32, -0.5            # a negative slope: only alpha^2 matters
    rng = np.random.default_rng(202)
    yield int(rng.integers(3, 2000)), float(rng.uniform(0.0, 0.5))


_LEAKY_SLIPS = (
    Slip(lambda n, a: math.sqrt(2.0 / n),
         "you left alpha out: that is He's value for plain ReLU; the negative side's alpha z "
         "adds alpha^2 / 2 of E[z^2] to the second moment"),
    Slip(lambda n, a: math.sqrt(2.0 / ((1.0 + a) * n)),
         "you used 1 + alpha instead of 1 + alpha^2: the negative half contributes "
         "E[(a z)^2] = alpha^2 E[z^2] / 2, a square"),
    Slip(lambda n, a: math.sqrt(2.0 / ((1.0 + a) ** 2 * n)),
         "you used (1 + alpha)^2 instead of 1 + alpha^2: the two halves add their squares, "
         "E[z^2] / 2 + alpha^2 E[z^2] / 2; squaring the sum (1 + alpha) adds a cross term "
         "2 alpha that never occurs, since on each z only one half is non-zero"),
    Slip(lambda n, a: 2.0 / ((1.0 + a * a) * n),
         "that is the variance; the exercise asks for the standard deviation, its square root"),
    Slip(lambda n, a: math.sqrt(1.0 / ((1.0 + a * a) * n)),
         "you left out the 2: E[f(z)^2] = (1 + alpha^2) E[z^2] / 2, so Var(W) fan_in must be "
         "2 / (1 + alpha^2)"),
    Slip(lambda n, a: math.sqrt(2.0 * (1.0 + a * a) / n),
         "you multiplied by 1 + alpha^2 instead of dividing: a larger second moment after the "
         "activation needs smaller weights"),
)


@exercise("20.2", "He's standard deviation for leaky ReLU", name="leaky_he_std",
          solution=("def leaky_he_std(fan_in, alpha):\n"
                    "    return np.sqrt(2 / ((1 + alpha ** 2) * fan_in))\n"),
          hints=["Leaky ReLU is f(z) = z for z > 0 and alpha z for z <= 0. For z symmetric about 0, "
                 "split E[f(z)^2] into its two halves.",
                 "Each half carries half of E[z^2]; the negative half is multiplied by alpha^2. "
                 "So E[f(z)^2] = c E[z^2] with which c?",
                 "Keeping E[z^2] the same from layer to layer needs fan_in Var(W) c = 1; the "
                 "answer is the square root of that Var(W)."],
          wrong=[lambda fan_in, alpha: math.sqrt(2 / fan_in),
                 lambda fan_in, alpha: math.sqrt(2 / ((1 + alpha) * fan_in)),
                 lambda fan_in, alpha: math.sqrt(2 / ((1 + alpha) ** 2 * fan_in)),
                 lambda fan_in, alpha: 2 / ((1 + alpha ** 2) * fan_in),
                 lambda fan_in, alpha: math.sqrt(1 / ((1 + alpha ** 2) * fan_in)),
                 lambda fan_in, alpha: math.sqrt(2 * (1 + alpha ** 2) / fan_in),
                 lambda fan_in, alpha: math.sqrt(2 / ((1 + abs(alpha)) * fan_in)),
                 lambda fan_in, alpha: nn.he_normal(fan_in, 1).std()],
          right=[lambda fan_in, alpha: np.sqrt(2 / ((1 + alpha ** 2) * fan_in)),
                 lambda fan_in, alpha: math.sqrt(2 / (1 + alpha * alpha)) / math.sqrt(fan_in),
                 lambda fan_in, alpha: np.float32(math.sqrt(2 / ((1 + alpha ** 2) * fan_in)))],
          forbidden=(SCIPY,))
def _check_leaky(leaky_he_std):
    return compare_cases(leaky_he_std, _leaky_cases(), _leaky_ref, slips=_LEAKY_SLIPS,
                         what="the standard deviation",
                         where=lambda n, a: f"for fan_in = {n} and alpha = {fmt(a)}")


# -- shared: the diabetes networks ----------------------------------------------------------------

def _rms(a):
    return np.sqrt(np.mean(np.asarray(a, dtype=float) ** 2))


def _relu(z):
    return np.maximum(z, 0.0)


@lru_cache(maxsize=1)
def _diabetes():
    """The standardised diabetes measurements (442, 10) and three seeded networks on them."""
    X = _standardise(load_diabetes().X)
    rng = np.random.default_rng(203)
    he = [nn.he_normal(10, 32, rng=rng)] + [nn.he_normal(32, 32, rng=rng) for _ in range(5)]
    xavier = [nn.xavier_normal(10, 32, rng=rng)] + [nn.xavier_normal(32, 32, rng=rng)
                                                     for _ in range(5)]
    small = [0.3 * nn.xavier_normal(10, 24, rng=rng)] + [0.3 * nn.xavier_normal(24, 24, rng=rng)
                                                         for _ in range(7)]
    G = rng.standard_normal((len(X), 32))
    return X, he, xavier, small, G


_DIABETES_WORDS = {
    6: "the standardised diabetes data (442 x 10) through the 6 He-initialised layers "
       "10 -> 32 -> ... -> 32 of the check",
    8: "the standardised diabetes data (442 x 10) through the 8 layers 10 -> 24 -> ... -> 24 "
       "initialised at 0.3 times Xavier",
}


def _by_hand_case(X) -> bool:
    return np.shape(X) == _X_SMALL.shape and np.array_equal(X, _X_SMALL)


def _network_words(X, weights, what: str, G=None) -> str:
    """Which case it is; the by-hand case shows its numbers (X, the W_l and, given, G)."""
    if len(X) == 442:
        return f"for {_DIABETES_WORDS[len(weights)]}{what}"
    shapes = " -> ".join([str(weights[0].shape[0])] + [str(W.shape[1]) for W in weights])
    if _by_hand_case(X):
        shown = f"X = {_X_SMALL.tolist()}, " + ", ".join(
            f"W_{k + 1} = {W.tolist()}" for k, W in enumerate(_W_SMALL))
        if G is not None:
            shown += f", G = {np.asarray(G).tolist()}"
    else:
        shown = f"the check's random X of shape {np.shape(X)}"
    return f"for {shown} and {len(weights)} layers {shapes}{what}"


def _snapshot(value):
    """A copy of an argument deep enough to tell later whether it was changed in place: arrays
    copied, lists copied entry by entry."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_snapshot(v) for v in value]
    return value


def _unchanged(now, before) -> bool:
    if isinstance(before, np.ndarray):
        return (isinstance(now, np.ndarray) and now.shape == before.shape
                and np.array_equal(now, before, equal_nan=True))
    if isinstance(before, list):
        return (isinstance(now, list) and len(now) == len(before)
                and all(_unchanged(a, b) for a, b in zip(now, before)))
    return True


def _compare_watching_weights(function, cases, reference, **kwargs):
    """:func:`compare_cases`, and a right result that changed its list ``weights`` (argument 1:
    reversed, popped, a matrix changed in place) is not right: the caller would find its
    network changed. (The machinery catches arrays changed in place; a list is passed as it
    is, so the check copies it, compares after the call and puts the case back.)"""
    changed = []

    def watched(*args):
        before = _snapshot(args[1])
        try:
            return function(*args)
        finally:
            if not _unchanged(args[1], before):
                changed.append(True)
                args[1][:] = before            # the case as it was, for its words and slips

    problem = compare_cases(watched, cases, reference, **kwargs)
    if problem is None and changed:
        return ("your result is right, but your function changed its input weights, the "
                "caller's list of matrices (weights.reverse(), weights.pop(), or an in-place "
                "operation such as W *= ... on one of its matrices); go through it without "
                "changing it (reversed(weights), weights[::-1]) and leave weights as it was")
    return problem


# -- 20.3 the forward signal ----------------------------------------------------------------------

def _forward_ref(X, weights, f):
    out, h = [], X
    for W in weights:
        h = f(h @ W)
        out.append(_rms(h))
    return np.array(out)


_W_SMALL = [np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([[0.5, 1.0], [-1.0, 1.0]])]
_X_SMALL = np.array([[1.0, 0.0], [0.0, 1.0]])


def _forward_cases():
    yield _X_SMALL.copy(), [W.copy() for W in _W_SMALL], _relu          # by hand
    rng = np.random.default_rng(2031)
    yield (rng.standard_normal((5, 3)), [rng.standard_normal((3, 4)), rng.standard_normal((4, 2))],
           np.tanh)                                                    # not square
    X, he, xavier, small, _ = _diabetes()
    yield X.copy(), [W.copy() for W in he], _relu
    yield X.copy(), [W.copy() for W in small], np.tanh


def _forward_where(X, weights, f):
    return _network_words(X, weights, f" with f = {'relu' if f is _relu else 'np.tanh'},")


def _std_forward(X, weights, f):
    out, h = [], X
    for W in weights:
        h = f(h @ W)
        out.append(np.std(h))
    return np.array(out)


def _pre_forward(X, weights, f):
    out, h = [], X
    for W in weights:
        z = h @ W
        h = f(z)
        out.append(_rms(z))
    return np.array(out)


def _linear_forward(X, weights, f):
    return _forward_ref(X, weights, lambda z: z)


_FORWARD_SLIPS = (
    Slip(_std_forward, "you returned each layer's standard deviation (the mean subtracted); the "
                       "RMS is sqrt(mean(h^2)), which counts the mean too: after ReLU the mean "
                       "is not 0"),
    Slip(_pre_forward, "you returned the RMS of z = h W, before the activation; the exercise "
                       "asks for the activations h = f(z)"),
    Slip(_linear_forward, "you never applied the activation f: each layer is h = f(h_prev @ W)"),
    Slip(lambda X, weights, f: np.array([_rms(h) for h in
                                         [X] + [f(X @ W) for W in weights]][:len(weights)]),
         "your first value is the RMS of the input X; the list starts with layer 1, h_1 = "
         "f(X W_1)"),
)


@exercise("20.3", "the RMS of each layer's activations", name="layer_rms",
          solution=("def layer_rms(X, weights, f):\n"
                    "    out, h = [], X\n"
                    "    for W in weights:\n"
                    "        h = f(h @ W)\n"
                    "        out.append(np.sqrt(np.mean(h ** 2)))\n"
                    "    return np.array(out)\n"),
          hints=["Start from h = X and go through the weights in order; each layer computes "
                 "z = h @ W and then h = f(z).",
                 "After each layer, record the root mean square of h over all its entries "
                 "(every example and every unit).",
                 "RMS is sqrt(mean(h^2)): not the standard deviation, which would subtract the "
                 "mean first."],
          wrong=[_std_forward, _pre_forward, _linear_forward,
                 lambda X, weights, f: _forward_ref(X, weights, f)[::-1],
                 lambda X, weights, f: _forward_ref(X, weights, f) ** 2,
                 lambda X, weights, f: _forward_ref(X, weights, f)[:-1]],
          right=[_forward_ref,
                 lambda X, weights, f: list(_forward_ref(X, weights, f)),
                 lambda X, weights, f: _forward_ref(np.asarray(X, dtype=np.float32),
                                                    [np.asarray(W, dtype=np.float32)
                                                     for W in weights], f)],
          forbidden=(SCIPY, _FORWARD))
def _check_forward(layer_rms):
    return _compare_watching_weights(layer_rms, _forward_cases(), _forward_ref,
                                     slips=_FORWARD_SLIPS, what="the RMS of each layer",
                                     where=_forward_where)


# -- 20.4 the backward signal of a ReLU network ---------------------------------------------------

def _pre_activations(X, weights) -> list:
    """z_l = h_(l-1) @ W_l of every layer of the ReLU network (h_0 = X, h_l = relu(z_l))."""
    zs, h = [], X
    for W in weights:
        zs.append(h @ W)
        h = _relu(zs[-1])
    return zs


def _backward_ref(X, weights, G):
    zs = _pre_activations(X, weights)
    grads = [G]
    for W, z in zip(weights[:0:-1], zs[:0:-1]):
        grads.append((grads[-1] * (z > 0)) @ W.T)
    return np.array([_rms(g) for g in grads[::-1]])


_G_SMALL = np.array([[1.0, -2.0], [0.5, 1.0]])


def _backward_cases():
    yield _X_SMALL.copy(), [W.copy() for W in _W_SMALL], _G_SMALL.copy()          # by hand
    rng = np.random.default_rng(2041)
    yield (rng.standard_normal((6, 3)), [rng.standard_normal((3, 5)), rng.standard_normal((5, 4)),
                                         rng.standard_normal((4, 2))],
           rng.standard_normal((6, 2)))                                            # not square
    X, he, _, _, G = _diabetes()
    yield X.copy(), [W.copy() for W in he], G.copy()


def _backward_where(X, weights, G):
    if _by_hand_case(X):
        return _network_words(X, weights, ",", G=G)
    return _network_words(X, weights, " and the output gradient G of the check,")


def _no_mask(X, weights, G):
    grads = [G]
    for W in weights[:0:-1]:
        grads.append(grads[-1] @ W.T)
    return np.array([_rms(g) for g in grads[::-1]])


def _mask_one_layer_off(X, weights, G):
    zs = _pre_activations(X, weights)
    grads = [G]
    for k in range(len(weights) - 1, 0, -1):          # the mask of layer k (below), not of k + 1
        grads.append((grads[-1] * (zs[k - 1] > 0 if zs[k - 1].shape == grads[-1].shape
                                   else zs[k] > 0)) @ weights[k].T)
    return np.array([_rms(g) for g in grads[::-1]])


def _no_transpose(X, weights, G):
    """dL/dz_l @ W_l instead of @ W_l^T: only a square layer lets it run."""
    zs = _pre_activations(X, weights)
    grads = [G]
    for W, z in zip(weights[:0:-1], zs[:0:-1]):
        d = grads[-1] * (z > 0)
        grads.append(d @ (W if W.shape[0] == W.shape[1] else W.T))
    return np.array([_rms(g) for g in grads[::-1]])


_BACKWARD_SLIPS = (
    Slip(_no_transpose, "you multiplied by W_l, not by its transpose: going down, "
                        "dL/dh_(l-1) = dL/dz_l @ W_l^T (with a square layer both run, but only "
                        "the transpose sends each gradient back to the input it came from)"),
    Slip(_no_mask, "you left out ReLU's derivative: going down through layer l, multiply the "
                   "gradient by relu'(z_l) (1 where z_l > 0, else 0) before the product with "
                   "W_l^T"),
    Slip(lambda X, weights, G: _backward_ref(X, weights, G)[::-1],
         "your list runs from the output down; it should start with layer 1 and end with "
         "layer L (whose gradient is G)"),
    Slip(lambda X, weights, G: np.array([_rms(G)] + list(_backward_ref(X, weights, G)[:-1])),
         "your list is shifted by one layer: its last entry must be the RMS of G = dL/dh_L and "
         "its first that of dL/dh_1"),
)


@exercise("20.4", "the RMS of each layer's gradient in a ReLU network", name="gradient_rms",
          solution=("def gradient_rms(X, weights, G):\n"
                    "    zs, h = [], X\n"
                    "    for W in weights:\n"
                    "        z = h @ W\n"
                    "        zs.append(z)\n"
                    "        h = np.maximum(z, 0)\n"
                    "    grads = [G]\n"
                    "    for l in range(len(weights) - 1, 0, -1):\n"
                    "        grads.append((grads[-1] * (zs[l] > 0)) @ weights[l].T)\n"
                    "    return np.array([np.sqrt(np.mean(g ** 2)) for g in grads[::-1]])\n"),
          hints=["Run the forward pass first and keep every pre-activation z_l: the backward "
                 "pass needs them for ReLU's derivative.",
                 "Going down from dL/dh_L = G: dL/dz_l = dL/dh_l * relu'(z_l) (elementwise), "
                 "then dL/dh_(l-1) = dL/dz_l @ W_l^T. Stop at dL/dh_1.",
                 "Return the RMS of dL/dh_1, ..., dL/dh_L in that order (L values; the last is "
                 "G's). In Python, weights[l] is the layer whose input is h_l."],
          wrong=[_no_mask, _mask_one_layer_off, _no_transpose,
                 lambda X, weights, G: _backward_ref(X, weights, G)[::-1],
                 lambda X, weights, G: np.array([_rms(G)] + list(_backward_ref(X, weights, G)[:-1])),
                 lambda X, weights, G: _backward_ref(X, weights, G)[:-1],
                 lambda X, weights, G: _backward_ref(X, weights, G) ** 2],
          right=[_backward_ref,
                 lambda X, weights, G: list(_backward_ref(X, weights, G)),
                 lambda X, weights, G: _backward_ref(np.asarray(X, dtype=np.float32),
                                                     [np.asarray(W, dtype=np.float32)
                                                      for W in weights],
                                                     np.asarray(G, dtype=np.float32))],
          forbidden=(SCIPY, _FORWARD))
def _check_backward(gradient_rms):
    return _compare_watching_weights(gradient_rms, _backward_cases(), _backward_ref,
                                     slips=_BACKWARD_SLIPS,
                                     what="the RMS of each layer's gradient",
                                     where=_backward_where)
