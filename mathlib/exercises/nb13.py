"""Exercises of notebook 13: entropy in bits, the cross-entropy loss from logits, KL divergence.

Each checker starts with the notebook's worked example (a learner can verify it by hand), then
cases where the usual slips show (a zero probability, logits of +-1000, two distributions whose
KL differs in the two directions), then seeded random ones. The learner's function is called
inside ``np.errstate(all="ignore")``: numpy's overflow and 0 * log 0 warnings from their code
neither leak into the notebook nor stop the check; the resulting inf or nan is diagnosed instead.
"""

from __future__ import annotations

import math

import numpy as np

from ..probability import entropy as _entropy_nats
from ..probability import kl_divergence as _kl
from ..probability import log_softmax as _log_softmax
from ._core import exercise
from ._rules import Rule, SCIPY, forbid_object
from ._slips import by_hand_problem, cause_of_calls, quiet
from ._feedback import as_number, close, fmt, fmt_list, fmt_pair, fmt_rows

NOTEBOOK = "13"


def _non_finite(result) -> float | None:
    """The value when ``result`` is one floating number that is inf or nan, else None."""
    if isinstance(result, (bool, np.bool_)):
        return None
    if isinstance(result, np.ndarray):
        if result.ndim != 0 or result.dtype.kind != "f":
            return None
        result = result[()]
    if isinstance(result, (float, np.floating)) and not np.isfinite(result):
        return float(result)
    return None


# -- 13.1 entropy in bits ----------------------------------------------------------------------

def _entropy_cases():
    yield np.array([0.5, 0.25, 0.25])                      # the worked example: 1.5 bits
    yield np.full(8, 1 / 8)                                # uniform over 8: log2 8 = 3 bits
    yield np.array([0.5, 0.0, 0.5])                        # a zero probability counts 0
    yield np.array([0.0, 1.0, 0.0, 0.0])                   # certain: 0 bits
    rng = np.random.default_rng(130)
    for _ in range(3):
        k = int(rng.integers(3, 9))
        p = rng.dirichlet(np.ones(k))
        p[int(rng.integers(k))] = 0.0                      # one impossible outcome
        yield p / p.sum()


def _bits(p) -> float:
    return _entropy_nats(p, base=2)


def _in_bits(value) -> str:
    """``1 bit``, ``1.5 bits``: a number (or its text) with the unit in the right number."""
    text = value if isinstance(value, str) else fmt(value)
    return f"{text} bit" if text == "1" else f"{text} bits"


def _terms(p, log):
    nz = p[p > 0]
    return nz * log(nz)


_ENTROPY_SLIPS = [
    (lambda p: -np.sum(_terms(p, np.log)), "That is the entropy in nats (natural log): for bits "
                                           "use log base 2, np.log2."),
    (lambda p: -np.sum(_terms(p, np.log10)), "That is the entropy with np.log10 (in 'digits', "
                                             "base 10): for bits use log base 2, np.log2."),
    (lambda p: np.sum(_terms(p, np.log2)), "Your sign is flipped: log2 p is <= 0, so the entropy "
                                           "needs a minus sign."),
    (lambda p: -np.mean(_terms(p, np.log2)), "You averaged the terms p_i log2 p_i; the entropy "
                                             "adds them up (the weights p_i already average)."),
    (lambda p: -np.sum(np.log2(p[p > 0])), "You added the surprises -log2 p_i without weighting "
                                           "each by its probability p_i."),
    (lambda p: float(np.log2(len(p))), "That is log2 K, the largest entropy over K outcomes, "
                                       "reached only by the uniform distribution."),
]


@exercise("13.1", "entropy in bits", name="entropy_bits",
          solution=("def entropy_bits(p):\n"
                    "    nonzero = p[p > 0]              # 0 * log 0 counts as 0\n"
                    "    return -np.sum(nonzero * np.log2(nonzero))\n"),
          hints=["Entropy is the average surprise: each outcome's information -log2 p_i, "
                 "weighted by its probability p_i and added up.",
                 "np.log2 gives bits (np.log would give nats). Mind the minus sign: log2 of a "
                 "probability is <= 0, and entropy is >= 0.",
                 "numpy computes 0 * log2(0) as nan, but an impossible outcome contributes 0. "
                 "Leave those entries out before taking the log: a comparison with 0 gives a "
                 "boolean mask that selects the others."],
          wrong=[lambda p: -np.sum(p * np.log(p)),
                 lambda p: np.sum(p * np.log2(p)),
                 lambda p: -np.sum(p * np.log2(p)),
                 lambda p: -np.sum(np.log2(p[p > 0])),
                 lambda p: float(np.log2(len(p))),
                 lambda p: -np.mean(p[p > 0] * np.log2(p[p > 0])),
                 lambda p: -np.sum(p[p > 0] * np.log(p[p > 0])),
                 lambda p: _entropy_nats(p, base=2),
                 lambda p: __import__("scipy.stats").stats.entropy(p, base=2)],
          right=[lambda p: -sum(x * math.log2(x) for x in p if x > 0),
                 lambda p: -np.sum(np.where(p > 0, p * np.log2(np.where(p > 0, p, 1.0)), 0.0)),
                 lambda p: np.float32(-np.sum(p[p > 0] * np.log(p[p > 0])) / np.log(2))],
          forbidden=(SCIPY, forbid_object("mathlib.probability.entropy",
                                          "which computes the entropy for you")))
def _check_entropy(entropy_bits):
    for p in _entropy_cases():
        want = _bits(p)
        where = f"for p = {fmt_list(p)}"
        result = quiet(entropy_bits)(p)
        bad = _non_finite(result)
        if bad is not None and np.isnan(bad) and np.any(p == 0):
            return (f"{where} you returned nan. p has a 0, and numpy computes 0 * log2(0) as "
                    "0 * (-inf) = nan; an impossible outcome contributes 0 to the entropy "
                    f"(the entropy here is {_in_bits(want)})")
        got = as_number(result, "the entropy", you=f"{where} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        text = f"{where} the entropy is {_in_bits(should)}; yours is {yours}."
        words = cause_of_calls(entropy_bits, [(c,) for c in _entropy_cases()], _ENTROPY_SLIPS,
                               _bits, same=lambda g, v: np.ndim(g) == 0 and close(float(g), v))
        if words:
            return text + " " + words
        if got < 0:
            text += " An entropy is never negative: -log2 p_i >= 0 for every probability."
        return text
    return None


# -- 13.2 the cross-entropy loss from logits ---------------------------------------------------

WORKED_LOGITS = np.array([[2.0, 1.0, 0.1],
                          [0.5, 2.5, 0.3],
                          [1.2, 0.2, 3.0]])
WORKED_LABELS = np.array([0, 1, 1])


def _loss_cases():
    yield WORKED_LOGITS, WORKED_LABELS
    # large logits close together: exp overflows, but no true class is improbable. A softmax
    # that subtracts each row's own largest logit first passes; the naive one (or one that
    # subtracts the largest logit of the whole batch) gives nan.
    yield np.array([[1000.0, 999.0, 998.0], [-1000.0, -999.0, -1001.0]]), np.array([1, 2])
    # large gaps: a true class has probability about exp(-1000), which rounds to 0; only a
    # log-softmax computed directly (not log of the softmax) stays finite.
    yield (np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0],
                     [0.0, 1000.0, -1000.0]]), np.array([0, 2, 0]))
    rng = np.random.default_rng(131)
    for _ in range(3):
        n, k = int(rng.integers(5, 40)), int(rng.integers(2, 10))
        yield np.round(rng.normal(0, 3, size=(n, k)), 2), rng.integers(0, k, size=n)


def _loss(logits, labels) -> float:
    log_p = _log_softmax(logits, axis=1)
    return float(-np.mean(log_p[np.arange(len(labels)), labels]))


def _stable_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _rows_of(y):
    return np.arange(len(y))


_EPSILON_WORDS = (
    "you kept the log finite with a small epsilon (added to the probabilities, or as a lower "
    "clip): where the true class's probability rounds to 0, that gives -log(eps) instead of the "
    "true loss (about 1000 there). Compute log-softmax directly, z - m - log(sum(exp(z - m))), "
    "with m the row's largest logit")

_LOSS_SLIPS = [
    (lambda z, y: len(y) * _loss(z, y), "you added up the losses of the batch; the loss is their "
                                        "mean (divide by the batch size)"),
    (lambda z, y: -_loss(z, y), "your sign is flipped: log p <= 0, so the loss -log p is >= 0"),
    (lambda z, y: -np.mean(np.max(_log_softmax(z, axis=1), axis=1)),
     "you used the probability of the predicted (largest) class; use the probability of the "
     "true class, labels[i], in each row"),
    (lambda z, y: -np.mean(_log_softmax(z, axis=0)[_rows_of(y), y]),
     "your softmax normalises each column; each row is one example and must be normalised over "
     "its classes (axis=1)"),
    (lambda z, y: -np.mean(_log_softmax(z, axis=1)[:, y]),
     "log_p[:, labels] picks, in EVERY row, the columns of all the labels (an N x N table); "
     "pick one entry per row, row i's column labels[i], with log_p[np.arange(N), labels]"),
] + [
    (lambda z, y, eps=eps, clip=clip: -np.mean(np.log(
        np.clip(_stable_softmax(z), eps, 1.0) if clip else _stable_softmax(z) + eps)[_rows_of(y), y]),
     _EPSILON_WORDS)
    for eps in (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5) for clip in (False, True)
]


def _loss_slip(cross_entropy_loss) -> str:
    """The one usual slip the learner's function shows on every case ("" if none fits)."""
    words = cause_of_calls(cross_entropy_loss, list(_loss_cases()), _LOSS_SLIPS, _loss,
                           same=lambda g, v: np.ndim(g) == 0 and close(float(g), v))
    return " It looks as if " + words + "." if words else ""


def _np_log_softmax(z):
    """Log-softmax of each row with numpy only (for the exercises' own wrong and right answers)."""
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


LOG_SOFTMAX = Rule("LOG_SOFTMAX", "which computes the log-softmax for you",
                   targets=("mathlib.probability.log_softmax", "mathlib.probability.logsumexp",
                            "mathlib.probability.cross_entropy"))


@exercise("13.2", "the cross-entropy loss from logits", name="cross_entropy_loss",
          solution=("def cross_entropy_loss(logits, labels):\n"
                    "    z = logits - logits.max(axis=1, keepdims=True)   # softmax does not change\n"
                    "    log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))\n"
                    "    rows = np.arange(len(labels))\n"
                    "    return -np.mean(log_p[rows, labels])\n"),
          hints=["Each example's loss is -log of the probability the model gives its true class; "
                 "the batch's loss is the average over the examples.",
                 "Work with log-probabilities: log softmax(z)_k = z_k - log(sum_j exp(z_j)). Then "
                 "pick, in row i, the entry in column labels[i] (np.arange(len(labels)) numbers the rows).",
                 "exp(1000) overflows to inf. Softmax does not change when the same number is "
                 "subtracted from every logit of a row: which number makes every exp of that row "
                 "at most 1? (keepdims=True keeps a shape that broadcasts against the logits.)"],
          wrong=[lambda z, y: -np.mean(np.log((np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
                                              [np.arange(len(y)), y])),
                 lambda z, y: -np.sum(_np_log_softmax(z)[np.arange(len(y)), y]),
                 lambda z, y: -np.mean(np.max(_np_log_softmax(z), axis=1)),
                 lambda z, y: -np.mean(_np_log_softmax(z.T).T[np.arange(len(y)), y]),
                 lambda z, y: np.mean(_np_log_softmax(z)[np.arange(len(y)), y]),
                 lambda z, y: -_np_log_softmax(z)[np.arange(len(y)), y],
                 lambda z, y: -np.mean(np.log(np.exp(z - z.max())[np.arange(len(y)), y]
                                              / np.exp(z - z.max()).sum(axis=1))),
                 lambda z, y: -np.mean(__import__("scipy.special").special.log_softmax(z, axis=1)
                                       [np.arange(len(y)), y]),
                 lambda z, y: -np.mean(_log_softmax(z, axis=1)[np.arange(len(y)), y])],
          right=[lambda z, y: -np.mean(_np_log_softmax(z)[np.arange(len(y)), y]),
                 lambda z, y: float(np.mean(np.log(np.sum(np.exp(z - z.max(axis=1, keepdims=True)),
                                                          axis=1)) + z.max(axis=1)
                                            - z[np.arange(len(y)), y])),
                 lambda z, y: -np.sum(np.eye(z.shape[1])[y] * _np_log_softmax(z)) / len(y),
                 lambda z, y: sum(math.log(sum(math.exp(v - max(row)) for v in row)) + max(row)
                                  - row[label] for row, label in zip(z, y)) / len(y)],
          forbidden=(SCIPY, LOG_SOFTMAX))
def _check_loss(cross_entropy_loss):
    for logits, labels in _loss_cases():
        want = _loss(logits, labels)
        n, k = logits.shape
        big = np.max(np.abs(logits)) >= 1000
        gaps = np.max(logits.max(axis=1, keepdims=True) - logits) >= 1000
        rows = fmt_rows(logits)
        where = (f"for logits {rows} (shape ({n}, {k})) and labels "
                 f"{fmt_list(labels)}" if n <= 3 else
                 f"for a random batch of {n} examples and {k} classes")
        result = quiet(cross_entropy_loss)(logits, labels)
        bad = _non_finite(result)
        if bad is not None and big and gaps:
            # the case before (large logits, small gaps) passed: the shift is there
            return (f"{where} you returned {fmt(bad)}; the loss is {fmt(want)}. Your function "
                    "copes with large logits (it passed the case before), but here a true "
                    "class has probability about exp(-1000), which rounds to 0 in floating "
                    "point. It looks as if you took the log of softmax probabilities: a "
                    "probability that rounds to 0 gives log 0 = -inf. Compute log-softmax "
                    "directly: z - m - log(sum(exp(z - m))), with m the row's largest logit")
        if bad is not None and big:
            return (f"{where} you returned {fmt(bad)}; the loss is {fmt(want)}. With logits "
                    "near 1000, exp(1000) overflows to inf and inf / inf = nan (near -1000, "
                    "exp underflows to 0, and 0 / 0 = nan). Subtract each row's own largest "
                    "logit before exp (softmax does not change): then every exp is at most 1")
        got = as_number(result, "the loss (the mean over the batch)",
                        you=f"{where} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        return f"{where} the loss is {should}; yours is {yours}." + _loss_slip(cross_entropy_loss)
    return None


# -- 13.3 KL divergence ------------------------------------------------------------------------

def _kl_cases():
    yield np.array([0.5, 0.5]), np.array([0.9, 0.1])                 # the worked example
    yield np.array([0.2, 0.3, 0.5]), np.array([0.2, 0.3, 0.5])       # p = q: 0
    yield np.array([0.7, 0.3, 0.0]), np.array([0.2, 0.5, 0.3])       # p has a zero
    rng = np.random.default_rng(132)
    for _ in range(3):
        k = int(rng.integers(3, 8))
        yield rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k) * 0.7)


_KL_SLIPS = [
    (lambda p, q: _kl(q, p), "That is KL(q || p): the arguments are swapped. KL is not symmetric; "
                             "weigh by p and put p on top of the ratio."),
    (lambda p, q: _kl(p, q) / math.log(2), "That is KL in bits (log base 2); this exercise uses "
                                           "nats, np.log."),
    (lambda p, q: -_kl(p, q), "Your sign is flipped (log(q / p) instead of log(p / q)): KL is "
                              "never negative."),
    (lambda p, q: _kl(p, q) + _entropy_nats(p), "That is the cross-entropy H(p, q) = "
                                                "-sum p log q, which is H(p) + KL(p || q); KL "
                                                "leaves out H(p)."),
]


@exercise("13.3", "KL divergence", name="kl_divergence",
          solution=("def kl_divergence(p, q):\n"
                    "    mask = p > 0                    # outcomes p never gives count 0\n"
                    "    return np.sum(p[mask] * np.log(p[mask] / q[mask]))\n"),
          hints=["KL(p || q) = sum_i p_i log(p_i / q_i): the average, under p, of the log-ratio "
                 "of the two probabilities. It is in nats (natural log) and never negative.",
                 "The order matters: the weights are p, and p is on top of the ratio. Swapping p "
                 "and q gives KL(q || p), a different number in general.",
                 "An outcome with p_i = 0 contributes 0, but numpy computes 0 * log(0) as nan: "
                 "keep only the entries where p > 0 (a mask) before the log."],
          wrong=[lambda p, q: np.sum(q[q > 0] * np.log(q[q > 0] / p[q > 0])),
                 lambda p, q: np.sum(p[p > 0] * np.log2(p[p > 0] / q[p > 0])),
                 lambda p, q: np.sum(p * np.log(p / q)),
                 lambda p, q: np.sum(p[p > 0] * np.log(q[p > 0] / p[p > 0])),
                 lambda p, q: -np.sum(p[p > 0] * np.log(q[p > 0])),
                 lambda p, q: np.sum((p - q) * np.log(np.where(p > 0, p, 1.0) / q)),
                 lambda p, q: np.sum(np.log(p[p > 0] / q[p > 0])),
                 lambda p, q: _kl(p, q),
                 lambda p, q: __import__("scipy.stats").stats.entropy(p, q)],
          right=[lambda p, q: sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0),
                 lambda p, q: np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / q), 0)),
                 lambda p, q: np.float32(np.sum(p[p > 0] * (np.log(p[p > 0])
                                                            - np.log(q[p > 0]))))],
          forbidden=(SCIPY, forbid_object("mathlib.probability.kl_divergence",
                                          "which computes the KL divergence for you")))
def _check_kl(kl_divergence):
    for p, q in _kl_cases():
        want = _kl(p, q)
        where = f"for p = {fmt_list(p)} and q = {fmt_list(q)}"
        result = quiet(kl_divergence)(p, q)
        bad = _non_finite(result)
        swapped = _kl(q, p)
        if bad is not None and np.any(p == 0):
            if np.isinf(bad) and not np.isfinite(swapped):
                return (f"{where} you returned {fmt(bad)}, which is KL(q || p): q has mass where p "
                        "has none. The arguments are swapped: KL(p || q) weighs by p and puts p "
                        f"on top of the ratio; it is {fmt(want)} here")
            return (f"{where} you returned {fmt(bad)}. p has a 0, and numpy computes "
                    "0 * log(0 / q) as 0 * (-inf) = nan; an outcome p never gives contributes 0 "
                    f"(KL(p || q) is {fmt(want)} here)")
        got = as_number(result, "KL(p || q)", you=f"{where} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        text = f"{where} KL(p || q) is {should}; yours is {yours}."
        words = cause_of_calls(kl_divergence, list(_kl_cases()), _KL_SLIPS, _kl,
                               same=lambda g, v: np.ndim(g) == 0 and close(float(g), v))
        if words:
            text += " " + words
        elif got < 0:
            text += " KL divergence is never negative (and 0 only when p = q)."
        return text
    return None


# -- 13.4 by hand: entropy, cross-entropy and KL in bits --------------------------------------------

@exercise("13.4", "by hand: entropy, cross-entropy and KL in bits", name="answer_13_4",
          solution="answer_13_4 = (1.5, 2.0, 0.5)\n",
          hints=["Every probability here is a power of 2, so every log2 is a whole number: "
                 "log2(1/2) = -1, log2(1/4) = -2.",
                 "H(p) weighs the surprises -log2 p_i by p_i; H(p, q) weighs the surprises "
                 "measured with q, -log2 q_i, by p_i. The outcome with p_i = 0 counts 0 in both.",
                 "KL(p || q) is the extra surprise caused by using q: the difference of the two "
                 "numbers you already have, in the right order (KL is never negative)."],
          wrong=[(1.5, 2.0, -0.5), (1.04, 1.386, 0.3466), (1.5, 2.0, 2.0), (1.5, 2.0),
                 (2.0, 1.5, 0.5), (1.5, 2.0, 0.35), ("1.5", "2", "0.5"), (1.5, 1.75, 0.25)],
          right=[[1.5, 2, 0.5], (3 / 2, 2, 1 / 2), np.array([1.5, 2.0, 0.5]),
                 (np.float32(1.5), 2, np.float32(0.5))])
def _check_answer_13_4(answer_13_4):
    ln2 = math.log(2.0)
    return by_hand_problem(
        answer_13_4, ["H(p)", "H(p, q)", "KL(p || q)"], [1.5, 2.0, 0.5],
        {0: [(1.5 * ln2, "you used the natural log (nats); this exercise is in bits, log2"),
             (2.0, "you gave log2 4, the entropy of the uniform q; H(p) uses p's own "
                   "probabilities")],
         1: [(2.0 * ln2, "you used the natural log (nats); this exercise is in bits, log2"),
             (1.5, "you gave H(p); the cross-entropy measures the surprise with q's "
                   "probabilities")],
         2: [(-0.5, "you subtracted the other way round: KL(p || q) = H(p, q) - H(p) is never "
                    "negative"),
             (0.5 * ln2, "you used the natural log (nats); this exercise is in bits, log2"),
             (2.0, "you gave the cross-entropy H(p, q); KL leaves out H(p)")]})


# -- 13.5 binary cross-entropy from logits ----------------------------------------------------------

def _bce(z, y) -> float:
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _bce_cases():
    yield np.array([math.log(9.0)]), np.array([1.0])          # y_hat = 0.9, y = 1: -ln 0.9 = 0.105
    yield np.array([2.0, -1.0, 0.5, 3.0]), np.array([1.0, 0.0, 0.0, 1.0])
    yield np.array([1000.0, -1000.0, 40.0]), np.array([1.0, 0.0, 1.0])     # confident and right
    yield np.array([1000.0, -1000.0, 3.0]), np.array([0.0, 1.0, 1.0])      # confident and wrong
    rng = np.random.default_rng(133)
    n = int(rng.integers(10, 40))
    yield np.round(rng.normal(0, 4, size=n), 2), rng.integers(0, 2, size=n).astype(float)


def _sigmoid_then_log(z, y):
    p = 1 / (1 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


_BCE_SLIPS = [
    (lambda z, y: -_bce(z, y), "your sign is flipped: log p <= 0, so the loss -log p is >= 0"),
    (lambda z, y: len(y) * _bce(z, y), "you added up the losses of the batch; the loss is their "
                                       "mean"),
    (lambda z, y: _bce(z, 1 - y), "y and 1 - y are swapped (or, which gives the same numbers, "
                                  "you used sigmoid(-z)): the label y = 1 goes with log "
                                  "sigmoid(z), and sigmoid(z) = 1 / (1 + e^(-z)) is P(y = 1)"),
    (lambda z, y: _bce(z, y) / math.log(2.0), "you used log base 2 (bits); this loss is in nats, "
                                              "the natural log"),
]


def _bce_of_kept_probability(z, y, eps: float, clip: bool) -> float:
    """The loss through p = sigmoid(z) kept away from 0 and 1: clipped to [eps, 1 - eps] (as
    Keras does) or with eps added inside both logs."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))
        if clip:
            p = np.clip(p, eps, 1.0 - eps)
            return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        return float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))


_KEPT_PROBABILITY_WORDS = (
    "you kept the logs finite by clipping the probability sigmoid(z) to [eps, 1 - eps] (or by "
     "adding a small eps inside the logs): at a large logit on the wrong side, such as z = 1000 "
     "with y = 0, the probability of the true label rounds to 0 and the clip makes that "
     "example's loss -log(eps) (16.1 for eps = 1e-7) instead of the true loss, about 1000. "
     "Clipping the probability changes the loss at large logits; write both logs through z")


def _kept_probability_slips(bce_with_logits) -> list:
    """Clipping slips for the usual eps values and for the eps the learner's own result points
    to: on the confident-and-wrong case two of the three losses become -log(eps)."""
    epsilons = [1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5]
    z, y = np.array([1000.0, -1000.0, 3.0]), np.array([0.0, 1.0, 1.0])
    try:
        got = float(quiet(bce_with_logits)(z.copy(), y.copy()))
        log_eps = -(3.0 * got - float(np.logaddexp(0.0, -3.0))) / 2.0
        if np.isfinite(log_eps) and -700.0 < log_eps < math.log(0.01):
            epsilons.append(math.exp(log_eps))
    except Exception:   # their error is reported on its own case
        pass
    return [(lambda z, y, eps=eps, clip=clip: _bce_of_kept_probability(z, y, eps, clip),
             _KEPT_PROBABILITY_WORDS) for eps in epsilons for clip in (True, False)]


@exercise("13.5", "binary cross-entropy from logits", name="bce_with_logits",
          solution=("def bce_with_logits(z, y):\n"
                    "    # log sigmoid(z) = -log(1 + e^-z) and log(1 - sigmoid(z)) = -log(1 + e^z)\n"
                    "    losses = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)\n"
                    "    return np.mean(losses)\n"),
          hints=["With p = sigmoid(z) = 1 / (1 + e^(-z)), one example's loss is -[y log p + "
                 "(1 - y) log(1 - p)]; the batch's loss is the mean over the examples.",
                 "Write both logs through z, without computing p: log sigmoid(z) = "
                 "-log(1 + e^(-z)) and log(1 - sigmoid(z)) = -log(1 + e^z). Check the second one "
                 "with 1 - sigmoid(z) = sigmoid(-z).",
                 "Written as it stands, log(1 + e^a) overflows at a = 1000. numpy's "
                 "np.logaddexp(a, b) computes log(e^a + e^b) without overflow; e^0 is 1."],
          wrong=[_sigmoid_then_log,
                 lambda z, y: -_bce(z, y),
                 lambda z, y: len(y) * _bce(z, y),
                 lambda z, y: _bce(z, 1 - y),
                 lambda z, y: _bce(-z, y),
                 lambda z, y: np.mean(np.log(1 + np.exp(z)) - y * z),
                 lambda z, y: np.logaddexp(0, z) - y * z,
                 lambda z, y: float(np.mean(__import__("scipy.special").special.logsumexp(
                     np.stack([np.zeros_like(z), z]), axis=0) - y * z))],
          right=[lambda z, y: _bce(z, y),
                 lambda z, y: float(np.mean(np.maximum(z, 0) - y * z
                                            + np.log1p(np.exp(-np.abs(z))))),
                 lambda z, y: sum(max(a, 0) - b * a + math.log1p(math.exp(-abs(a)))
                                  for a, b in zip(z, y)) / len(z),
                 lambda z, y: np.float32(_bce(z, y))],
          forbidden=(SCIPY,))
def _check_bce(bce_with_logits):
    for z, y in _bce_cases():
        want = _bce(z, y)
        where = (f"for logits z = {fmt_list(z)} and labels y = {fmt_list(y)}" if len(z) <= 8 else
                 f"for a random batch of {len(z)} examples")
        result = quiet(bce_with_logits)(z, y)
        bad = _non_finite(result)
        if bad is not None and np.max(np.abs(z)) >= 1000:
            return (f"{where} you returned {fmt(bad)}; the loss is {fmt(want)}. With a logit of "
                    "1000, e^1000 overflows to inf, or sigmoid(z) rounds to exactly 1 (or 0) and "
                    "its log is -inf. Keep z inside the logs: write log sigmoid(z) and "
                    "log(1 - sigmoid(z)) through z, in a form that never computes e^1000")
        got = as_number(result, "the loss (the mean over the batch)", you=f"{where} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        words = cause_of_calls(bce_with_logits, list(_bce_cases()),
                               _BCE_SLIPS + _kept_probability_slips(bce_with_logits), _bce,
                               same=lambda g, v: np.ndim(g) == 0 and close(float(g), v))
        return (f"{where} the loss is {should}; yours is {yours}."
                + (" It looks as if " + words + "." if words else ""))
    return None
