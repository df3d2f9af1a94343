"""Exercises of notebook 21: float16 and bfloat16 facts by hand, a stable log-sum-exp, the largest
loss scale that does not overflow float16, and a float32 master weight.

Each checker starts with a case a learner can verify by hand, then the cases where the usual slips
show (logits of +-1000, a negative gradient that is the largest in size, a product that lands
between 65504 and 65520, updates float16 cannot add). The learner's function is called inside
``np.errstate(all="ignore")``: numpy's overflow warnings from their code neither leak into the
notebook nor stop the check; the resulting inf or nan is diagnosed instead.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np

from ..numerics import round_to
from ._core import case_rng, exercise
from ._feedback import Wrong, as_numbers, fmt, fmt_array, fmt_pair
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases, quiet

NOTEBOOK = "21"


# -- 21.1 by hand: spacing and rounding ------------------------------------------------------------

@exercise("21.1", "by hand: bfloat16's epsilon, float16's spacing near 1024, its first missing "
          "whole number", name="answer_21_1",
          solution="answer_21_1 = (0.0078125, 1.0, 2049)\n",
          hints=["Machine epsilon is the gap from 1 to the next number up: with m fraction bits "
                 "that gap is 2^-m. Count bfloat16's fraction bits.",
                 "Between 2^E and 2^(E+1) the numbers are spaced 2^E times epsilon apart: "
                 "write 1024 as a power of two, and find float16's epsilon from its 10 "
                 "fraction bits as in the first hint.",
                 "Whole numbers are stored as long as the spacing is at most 1. From 2048 = 2^11 "
                 "up the spacing doubles: which whole number is the first to fall between two "
                 "float16 numbers?"],
          wrong=[(0.00390625, 1.0, 2049), (0.0009765625, 1.0, 2049),
                 (0.0078125, 0.5, 2049), (0.0078125, 2.0, 2049),
                 (0.0078125, 0.0009765625, 2049), (0.0078125, 1.0, 2048),
                 (0.0078125, 1.0, 1025), (0.0078125, 1.0, 65505), (0.0078, 1.0, 2049),
                 (0.00781, 1.0, 2049), (2.0 ** -23, 1.0, 2049), (0.0015, 1.0, 2049),
                 (0.0078125, 1.0), ("0.0078125", 1.0, 2049)],
          right=[[0.0078125, 1.0, 2049], (2 ** -7, 1, 2049.0), np.array([2 ** -7, 1.0, 2049.0]),
                 (np.float32(0.0078125), np.float16(1.0), 2049)])
def _check_answer_21_1(answer_21_1):
    try:
        got = as_numbers(answer_21_1, 3, "the answer")
    except Wrong:
        got = None                 # by_hand_problem says what is wrong with its form
    slips = _BY_HAND_SLIPS
    if got is not None:
        # a usual wrong number is named only when the learner's number is it to 4 digits,
        # relative to its size (a small epsilon is not "float16's" for being within 0.001)
        # relative to its size (a small epsilon is not "float16's" for being within 0.001), or
        # when it is that number rounded to 2 .. 6 significant digits (0.0039 for 2^-8)
        slips = {i: [(v, w) if abs(got[i] - v) <= 1e-3 * abs(v) else (got[i], w + _SLIP_ROUNDED)
                     for v, w in pairs
                     if abs(got[i] - v) <= 1e-3 * abs(v) or _rounded_to_digits(got[i], v, 2)]
                 for i, pairs in _BY_HAND_SLIPS.items()}
    message = by_hand_problem(answer_21_1, _BY_HAND_NAMES, _BY_HAND_WANTS, slips)
    # 2048 is within the by-hand tolerance of 2049 itself, so its slip is named here, exactly
    wrong = "your first whole number float16 cannot store is 2048; it should be 2049"
    if message and wrong in message:
        message = message.replace(wrong, wrong + _STORED_2048)
    if message and got is not None:
        message = _rounding_note(message, got)
    return message


_BY_HAND_NAMES = ["bfloat16 epsilon", "float16 spacing in [1024, 2048)",
                  "first whole number float16 cannot store"]
_BY_HAND_WANTS = [0.0078125, 1.0, 2049.0]
_ROUNDED = (" (that is the right value rounded: enter it exactly, every answer here is a short "
            "exact decimal)")


def _rounded_to_digits(value: float, want: float, fewest: int = 1) -> bool:
    """True when ``value`` is ``want`` rounded to ``fewest`` (1) .. 6 significant digits (half up
    or half to even): 0.00781 and 0.0078 for 0.0078125."""
    exact = Decimal(repr(float(want)))
    for digits in range(fewest, 7):
        step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
        for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
            rounded = float(exact.quantize(step, rounding=mode))
            if rounded != float(want) and abs(value - rounded) <= 1e-12 * abs(rounded):
                return True
    return False


def _rounding_note(message: str, got) -> str:
    """The "right value rounded" note on every number that is the right one rounded to a few
    significant digits and has no other explanation yet."""
    for name, want, value in zip(_BY_HAND_NAMES, _BY_HAND_WANTS, got):
        should, yours = fmt_pair(want, value)
        text = f"your {name} is {yours}; it should be {should}"
        if (text in message and text + ". It looks" not in message
                and text + " (that is" not in message and _rounded_to_digits(value, want)):
            message = message.replace(text, text + _ROUNDED)
    return message


_SLIP_ROUNDED = (" (and rounded it: enter the value exactly, every answer here is a short exact "
                 "decimal)")

_BY_HAND_SLIPS = {0: [(0.00390625, "you gave half of epsilon (2^-8, the largest relative rounding error); "
                          "epsilon is the whole gap from 1 to the next number, 2^-m"),
             (0.0009765625, "that is float16's epsilon (10 fraction bits); bfloat16 keeps only "
                            "7 fraction bits")],
         1: [(0.5, "that is the spacing just below 1024 (in [512, 1024)); from 1024 = 2^10 up "
                   "the spacing is 2^10 x 2^-10"),
             (2.0, "that is the spacing from 2048 up; in [1024, 2048) it is 2^10 x 2^-10"),
             (0.0009765625, "that is float16's epsilon, the spacing near 1; near 1024 = 2^10 "
                            "every gap is 2^10 times wider")],
         2: [(1025.0, "in [1024, 2048) the spacing is exactly 1, so every whole number there is "
                      "stored; the gaps grow to 2 only from 2048 on"),
             (65505.0, "65504 is the largest float16, but far below it the spacing is already "
                       "more than 1: from 2048 on the numbers are 2 apart")]}


_STORED_2048 = (". It looks as if you took 2048, but 2048 = 2^11 is stored exactly (1.0 x 2^11, a "
                "power of two); the gaps of 2 start after it")


# -- 21.2 a stable log-sum-exp ---------------------------------------------------------------------

def _lse_ref(z):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    out = np.squeeze(m, -1) + np.log(np.sum(np.exp(z - m), axis=-1))
    return float(out) if np.ndim(out) == 0 else out


def _lse_cases():
    yield np.array([1.0, 2.0, 3.0])                          # 3 + log(1 + e^-1 + e^-2) = 3.4076
    yield np.array([1000.0, 1000.0])                         # 1000 + log 2
    yield np.array([-1000.0, -1001.0, -1002.0])
    yield np.array([[0.0, 0.0, 0.0, 0.0], [500.0, 0.0, -500.0, 10.0], [-800.0, -800.0, 5.0, 3.0]])
    yield np.array([[1000.0, 999.0], [-1000.0, -1001.0]])    # rows 2000 apart
    rng = case_rng(212)
    yield 300.0 * rng.standard_normal((6, 5))


def _lse_where(z):
    return f"for z = {fmt_array(z)},"


def _naive(z):
    with np.errstate(all="ignore"):
        out = np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=-1))
    return float(out) if np.ndim(out) == 0 else out


def _no_add_back(z):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    out = np.log(np.sum(np.exp(z - m), axis=-1))
    return float(out) if np.ndim(out) == 0 else out


def _whole_max(z):
    z = np.asarray(z, dtype=float)
    m = np.max(z)
    with np.errstate(all="ignore"):
        out = m + np.log(np.sum(np.exp(z - m), axis=-1))
    return float(out) if np.ndim(out) == 0 else out


_LSE_SLIPS = (
    Slip(_naive, "you exponentiated the logits as they are: exp(1000) overflows to inf (and "
                 "exp(-1000) underflows to 0, whose log is -inf); subtract the largest logit m "
                 "first and add it back at the end"),
    Slip(_no_add_back, "you subtracted the largest logit m but did not add it back: "
                       "log sum exp(z) = m + log sum exp(z - m)"),
    Slip(_whole_max, "you took one maximum over the whole array; each row needs its own "
                     "maximum (max along the last axis, keepdims=True), or a row far below the "
                     "others underflows"),
    Slip(lambda z: np.max(np.asarray(z, dtype=float), axis=-1),
         "you returned the largest logit only; it is the dominant term, but log sum exp adds "
         "log sum exp(z - m), which is between 0 and log K"),
)


@exercise("21.2", "a stable log-sum-exp", name="logsumexp_stable",
          solution=("def logsumexp_stable(z):\n"
                    "    m = np.max(z, axis=-1, keepdims=True)\n"
                    "    return np.squeeze(m, -1) + np.log(np.sum(np.exp(z - m), axis=-1))\n"),
          hints=["log sum_i exp(z_i) does not change if you take a constant m out of every "
                 "exponential and add it outside the log: m + log sum_i exp(z_i - m).",
                 "With m the largest logit every z_i - m is <= 0, so no exponential overflows, "
                 "and one of them is exp(0) = 1, so the sum is at least 1 and its log is finite.",
                 "For a matrix, each row is its own vector of logits: take the max along the "
                 "last axis with keepdims=True so that z - m broadcasts row by row."],
          wrong=[_naive, _no_add_back, _whole_max,
                 lambda z: np.max(z, axis=-1),
                 lambda z: np.log(np.sum(np.exp(z - np.max(z)), axis=-1)) + np.max(z),
                 lambda z: np.max(z, axis=-1) + np.log(np.sum(np.exp(z - np.max(z, axis=-1,
                                                                                 keepdims=True)))),
                 lambda z: np.log(np.sum(np.exp(np.clip(z, -700, 700)), axis=-1))],
          right=[_lse_ref,
                 lambda z: np.apply_along_axis(lambda r: r.max() + np.log(np.exp(r - r.max()).sum()),
                                               -1, z),
                 lambda z: (np.max(z, axis=-1) + np.log1p(np.sum(np.exp(z - np.max(z, axis=-1, keepdims=True)), axis=-1) - 1))],
          forbidden=(SCIPY,
                     forbid_object("mathlib.probability.logsumexp",
                                   "which computes log-sum-exp for you"),
                     forbid_object("mathlib.probability.log_softmax",
                                   "which subtracts the log-sum-exp for you"),
                     forbid_object("mathlib.probability.softmax", "which is stable already"),
                     forbid_object("numpy.logaddexp", "which does the stable sum for you")))
def _check_logsumexp(logsumexp_stable):
    learner = quiet(logsumexp_stable)
    try:
        small = np.asarray(learner(np.array([1.0, 2.0, 3.0])), dtype=float)
        large = np.asarray(learner(np.array([1000.0, 1000.0])), dtype=float)
    except Exception:              # let compare_cases report it with its case
        small = large = None
    if (small is not None and small.shape == () and abs(float(small) - _lse_ref([1.0, 2.0, 3.0]))
            < 1e-9 and large.shape == () and not np.isfinite(float(large))):
        return f"for z = [1000, 1000], you returned {float(large)}: " + _LSE_SLIPS[0].words
    return compare_cases(quiet(logsumexp_stable), _lse_cases(), _lse_ref, slips=_LSE_SLIPS,
                         what="log-sum-exp", where=_lse_where, rtol=1e-12)


# -- 21.3 the largest safe loss scale -------------------------------------------------------------

def _scale_ref(grads):
    a = float(np.max(np.abs(np.asarray(grads, dtype=float))))
    for j in range(64, -65, -1):
        if np.isfinite(round_to(a * 2.0 ** j, "float16")):
            return 2.0 ** j
    return 2.0 ** -64


def _scale_cases():
    yield np.array([0.001, -2e-5, 3e-9])                  # 65520 / 0.001: 2^25
    yield np.array([0.5, -3.0, 1e-7])                     # the largest in size is negative
    yield np.array([1e-3, 0.25, -2e-2])                   # ... positive, not the first entry
    yield np.array([-3.0, 0.5, 1e-7])                     # ... negative, the first entry
    yield np.array([65510.0 / 1024, 1e-3])                # 2^10 gives 65510: rounds to 65504
    yield np.array([65520.0 / 256, -1e-4])                # 2^8 gives 65520: rounds to inf
    yield np.array([1e6, 2e5])                            # a scale below 1: 2^-4
    yield np.array([-4.0])
    yield np.array([1e-12, -3e-13])                       # tiny: 2^55 (j runs up to 64)
    yield np.array([1e-14])                               # 2^62
    yield np.zeros(3)                                     # nothing overflows: the largest, 2^64


def _scale_where(grads):
    return f"for grads = {fmt_array(grads)},"


def _threshold_65504(grads):
    a = float(np.max(np.abs(grads)))
    return 2.0 ** np.floor(np.log2(65504.0 / a))


_SCALE_SLIPS = (
    Slip(lambda g: _scale_ref(np.asarray(g, dtype=float)[0]),
         "you scaled by the first gradient only, |g[0]|: the scale must be safe for every "
         "entry, so it is set by the largest in size, max |g| over all of them"),
    Slip(lambda g: _scale_ref(np.max(g)),
         "you scaled by the largest gradient, not the largest in size: a negative gradient "
         "overflows to -inf just the same; use max |g|"),
    Slip(lambda g: 2 * _scale_ref(g),
         "your scale is the first that overflows; the answer is the largest that does not"),
    Slip(_threshold_65504,
         "you required max |g| S <= 65504; a product up to just below 65520 still rounds down to "
         "65504 (the tie 65520 itself rounds to the even neighbour 65536, which is inf): use "
         "round_to on the product and test for inf"),
    Slip(lambda g: 65504.0 / float(np.max(np.abs(g))),
         "your scale is not a power of two: loss scales are 2^j, so that multiplying and "
         "dividing by them is exact"),
    Slip(lambda g: np.log2(_scale_ref(g)),
         "you returned the exponent j; the scale is the power of two itself, S = 2.0 ** j"),
    Slip(None, "your search starts below j = 64: for tiny gradients (or none at all) the largest "
               "safe scale is above where your loop begins; try j from 64 down to -64",
         matches=lambda got, want, args: _capped(got, want)),
)


def _capped(got, want) -> bool:
    """``got`` is a power of two from 2^16 up, below the right scale: a search started below
    j = 64 (the threshold slips are further down, near 2^10). A right scale says nothing either
    way (the slip does not apply to that case: it raises, as Slip.fits expects)."""
    got, want = float(got), float(want)
    if got == want:
        raise ValueError("a right scale: the slip says nothing about this case")
    return (np.isfinite(got) and 2.0 ** 16 <= got < want
            and float(np.exp2(np.round(np.log2(got)))) == got)


@exercise("21.3", "the largest loss scale without overflow", name="largest_safe_scale",
          solution=("def largest_safe_scale(grads):\n"
                    "    a = np.max(np.abs(grads))\n"
                    "    for j in range(64, -65, -1):\n"
                    "        with np.errstate(over=\"ignore\"):   # or round_to(a * 2.0 ** j, \"float16\")\n"
                    "            scaled = np.float16(a * 2.0 ** j)   # inf, without a warning\n"
                    "        if np.isfinite(scaled):\n"
                    "            return 2.0 ** j\n"),
          hints=["Only the gradient largest in size matters: if it survives, every other one does.",
                 "Try the scales 2^j from j = 64 downwards and stop at the first for which the "
                 "scaled gradient is a finite float16 number.",
                 "Whether a product is finite in float16 is what rounding it to float16 says "
                 "(the notebook's round_to, or np.float16): test that for inf, rather than "
                 "comparing the product with 65504."],
          wrong=[lambda g: _scale_ref(np.max(g)), lambda g: _scale_ref(abs(g[0])),
                 lambda g: 2 * _scale_ref(g), _threshold_65504,
                 lambda g: 65504.0 / float(np.max(np.abs(g))),
                 lambda g: 2.0 ** np.ceil(np.log2(65504.0 / float(np.max(np.abs(g))))),
                 lambda g: 2.0 ** np.floor(np.log2(65520.0 / float(np.max(np.abs(g))))),
                 lambda g: np.log2(_scale_ref(g)),
                 lambda g: min(_scale_ref(g), 2.0 ** 32),
                 lambda g: next(2.0 ** j for j in range(64, -65, -1)
                                if np.isfinite(round_to(np.max(g) * 2.0 ** j, "float16")))],
          right=[_scale_ref,
                 lambda g: 2.0 ** np.clip(np.ceil(np.log2(65520.0 / np.max(np.abs(g)))) - 1,
                                          -64, 64),
                 lambda g: max(2.0 ** j for j in range(-64, 65)
                               if np.all(np.isfinite(round_to(np.asarray(g) * 2.0 ** j,
                                                              "float16"))))])
def _check_scale(largest_safe_scale):
    return compare_cases(quiet(largest_safe_scale), _scale_cases(), _scale_ref,
                         slips=_SCALE_SLIPS, what="the scale", where=_scale_where, rtol=1e-12)


# -- 21.4 a float32 master weight -----------------------------------------------------------------

def _master_ref(w0, updates):
    master = round_to(w0, "float32")
    for u in updates:
        master = round_to(master + u, "float32")
    return np.array([master, round_to(master, "float16")])


def _master_cases():
    yield 1.0, np.full(1000, 1e-4)               # float16 alone would stay at 1
    yield 0.5, np.array([3e-4, -1e-4, 2e-4, 5e-5])
    yield 1.0, np.full(100, 1e-8)                # too small for float32 too: the master stays 1
    yield _W0_BETWEEN, np.array([-0.2 * 2.0 ** -23])   # from w0 itself: 1; from float32(w0): 1 + 2^-23
    yield 0.1, np.array([])                      # no update: float32(0.1), not 0.1
    rng = case_rng(214)
    yield float(rng.uniform(-2, 2)), 1e-4 * rng.standard_normal(500)


_W0_BETWEEN = 1.0 + 0.6 * 2.0 ** -23      # between float32's 1 and 1 + 2^-23, nearer the latter


def _master_where(w0, updates):
    u = np.asarray(updates)
    if w0 == _W0_BETWEEN and u.size == 1:
        return ("for w0 = 1 + 0.6 x 2^-23 (between two float32 numbers) and updates = "
                "[-0.2 x 2^-23],")
    if u.size > 4 and np.all(u == u[0]):
        shown = f"{u.size} updates of {fmt(u[0])} each"
    elif u.size > 4:
        shown = f"{u.size} random updates of size about 1e-4 (seeded)"
    else:
        shown = f"updates = {fmt_array(u)}"
    return f"for w0 = {fmt(w0)} and {shown},"


def _half_only(w0, updates):
    w = round_to(w0, "float16")
    for u in updates:
        w = round_to(w + u, "float16")
    return np.array([w, w])


def _unrounded(w0, updates, start32: bool = False):
    """The master kept in float64: every update added, nothing rounded (from w0 itself, or from
    w0 rounded to float32, as after ``m = np.float32(w0); m = m + u``, which is float64)."""
    master = round_to(w0, "float32") if start32 else float(w0)
    for u in updates:
        master = master + float(u)
    return np.array([master, round_to(master, "float16")])


def _raw_start(w0, updates):
    """Every update rounded to float32, but from w0 itself (not w0 rounded to float32)."""
    master = float(w0)
    for u in updates:
        master = round_to(master + u, "float32")
    return np.array([master, round_to(master, "float16")])


def _is_float64_master(got, want, args) -> bool:
    """The learner's (master, copy) is a float64 master's, to 1e-12 relative (a float64 sum's own
    rounding, however it is summed); the float32 answer is 1e-8 or more away in every case."""
    got = np.asarray(got, dtype=float)
    if got.shape != (2,) or not np.all(np.isfinite(got)):
        return False
    return any(np.allclose(got, _unrounded(*args, start32), rtol=1e-12, atol=0)
               for start32 in (False, True))


_MASTER_SLIPS = (
    Slip(_half_only, "you stored the weight in float16 after every update: an update below half "
                     "float16's spacing (about 4.9e-4 near 1) is lost every time; keep the "
                     "running weight in float32 and make the float16 copy only at the end"),
    Slip(None, "your master weight is float64 (no rounding): round it to float32 after "
               "every update, as a float32 tensor would be (np.float32(w0) + u is a float64 "
               "number again when u is one: round the sum, np.float32(master + u))",
         matches=_is_float64_master),
    Slip(lambda w0, updates: _master_ref(w0, updates)[[0, 0]],
         "your second number is the master itself; the forward pass uses its float16 copy, "
         "round_to(master, \"float16\")"),
    Slip(lambda w0, updates: _master_ref(w0, updates)[::-1],
         "you returned (copy, master), the wrong way round: give back the float32 master first, "
         "then its float16 copy"),
    Slip(_raw_start,
         "you started from w0 itself; the master starts as w0 rounded to float32 "
         "(np.float32(w0) or round_to(w0, \"float32\")), before any update"),
)


def _as_float64(function):
    """The learner's function with numbers returned in float32 or float16 read as float64 (they
    are exact there), so that the comparison is exact: float32 arithmetic done right gives the
    reference to the last bit, and a float32 answer one step off fails."""
    def call(*args):
        out = function(*args)
        try:
            raw = np.asarray(out)
        except (TypeError, ValueError):
            return out
        return raw.astype(float) if raw.dtype.kind in "fiu" else out
    return call


@exercise("21.4", "a float32 master weight", name="master_run",
          solution=("def master_run(w0, updates):\n"
                    "    master = np.float32(w0)          # or round_to(w0, 'float32')\n"
                    "    for u in updates:\n"
                    "        master = np.float32(master + u)\n"
                    "    return float(master), float(np.float16(master))\n"),
          hints=["The master weight is a float32 number: start from w0 rounded to float32.",
                 "After each update, what is stored is the float32 number nearest to the sum: "
                 "round to float32 after every addition (the notebook's round_to, or np.float32).",
                 "Only at the end make the float16 copy of the master, the weight the forward "
                 "pass would use; give back both numbers, the master first."],
          wrong=[_half_only, _unrounded, lambda w0, u: _master_ref(w0, u)[[0, 0]],
                 lambda w0, u: _master_ref(w0, u)[::-1],
                 lambda w0, u: np.array([w0, round_to(w0, "float16")]), _raw_start,
                 lambda w0, u: _master_ref(w0, u[-1:]),
                 lambda w0, u: _master_ref(w0, u)[0]],
          right=[_master_ref,
                 lambda w0, u: tuple(_master_ref(w0, u)),
                 lambda w0, u: [float(x) for x in _master_ref(w0, list(u))]])
def _check_master(master_run):
    calls = []
    learner = _as_float64(quiet(master_run))

    def recorded(*args):
        out = learner(*args)
        calls.append((args, out))
        return out
    message = compare_cases(recorded, _master_cases(), _master_ref, slips=_MASTER_SLIPS,
                            what="(master, float16 copy)", where=_master_where, rtol=1e-15)
    return _more_digits(message, calls)


_WRONG_ENTRY = re.compile(r"^(.*) entry \[([01])\] of \(master, float16 copy\) should be \S+; "
                          r"yours is \S+$", re.S)


def _more_digits(message, calls):
    """The wrong entry written with 6 significant digits or more: the master after 1000 updates of
    1e-4 is 1.1000166, which the 4 digits of the shared message would show as "1.1" next to a
    learner's 1 (and the notebook says that the master is not exactly 1.1)."""
    found = _WRONG_ENTRY.match(message or "")
    if not found:
        return message
    here, index = found.group(1), int(found.group(2))
    for args, out in calls:
        if _master_where(*args) != here:
            continue
        try:
            got = float(np.asarray(out, dtype=float)[index])
        except (TypeError, ValueError, IndexError):
            return message
        want = float(_master_ref(*args)[index])
        should, yours = next(((fmt(want, d), fmt(got, d)) for d in range(6, 18)
                              if fmt(want, d) != fmt(got, d)), (fmt(want, 6), fmt(got, 6)))
        return (f"{here} entry [{index}] of (master, float16 copy) should be {should}; "
                f"yours is {yours}")
    return message

