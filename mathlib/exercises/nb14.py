"""Exercises of notebook 14: the sigmoid's derivative to full precision, a ReLU network by hand,
its forward pass in numpy, and the dead units of a ReLU layer on real data.

Each checker starts with the notebook's worked example, then the cases where the usual slips show
(the sigmoid's tails, a pre-activation exactly 0, a unit that is dead on every flower), then
seeded random ones. The learner's function is called inside ``np.errstate(all="ignore")``: an
overflow in their code neither leaks a warning into the notebook nor stops the check; the inf or
nan it gives is explained instead.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import load_iris
from ..nn import relu as _relu
from ..nn import sigmoid as _sigmoid
from ..nn import sigmoid_derivative as _sigmoid_derivative
from ._core import exercise
from ._feedback import Wrong, as_array_of_shape, describe_value, fmt, fmt_list, fmt_pair, tolerance
from ._rules import SCIPY, Rule
from ._slips import by_hand_problem, cause_in_results, compare_cases, quiet, run_cases

NOTEBOOK = "14"


# -- 14.1 the sigmoid's derivative, exact in the tails --------------------------------------------

def _derivative_cases():
    yield (np.array([0.0, 1.0, -1.0, 2.5, -4.0]),)               # s'(0) = 1/4
    yield (np.array([-1000.0, -80.0, -40.0, -30.0, 30.0, 40.0, 80.0, 1000.0]),)   # the tails
    rng = np.random.default_rng(140)
    yield (np.round(rng.normal(0.0, 6.0, size=12), 2),)


def _relative_close(got: np.ndarray, want: np.ndarray) -> bool:
    """Every entry right to the result's own precision, relative to the entry itself (a tail
    value of 4e-18 must be 4e-18, not 0); entries that underflow to 0 must be (nearly) 0."""
    rtol = tolerance(got)
    return bool(np.all(np.abs(got.astype(float) - want) <= rtol * np.abs(want) + 1e-300))


def _same_as_slip(got, slip) -> bool:
    """The learner's values are the slip's: relative to each value, except that numbers below
    1e-200 count as 0 (a learner's own sigmoid may give 7e-218 where the slip's gives 0)."""
    got, slip = np.asarray(got, dtype=float), np.asarray(slip, dtype=float)
    return got.shape == slip.shape and bool(np.all(np.abs(got - slip)
                                                   <= 1e-6 * np.abs(slip) + 1e-200))


def _naive_derivative(x):
    s = _sigmoid(x)
    return s * (1.0 - s)


_DERIVATIVE_SLIPS = [
    (_naive_derivative,
     "you computed s(x) (1 - s(x)). The formula is right, but for x above about 37, s(x) rounds "
     "to exactly 1 in float64, so 1 - s(x) is 0 and so is your product, while the true "
     "derivative, about e^(-x), is a tiny positive number (at x = 40 about 4.2e-18). Write the "
     "derivative so that nothing is computed as 1 minus a number close to 1"),
    (lambda x: _sigmoid(x), "you returned the sigmoid s(x) itself, not its derivative"),
    (lambda x: 1.0 - _sigmoid(x) ** 2, "you computed 1 - s(x)^2, the pattern of tanh's "
                                       "derivative (1 - tanh^2); the sigmoid's is s(x) (1 - s(x))"),
    (lambda x: _sigmoid(x) * (1.0 + _sigmoid(x)), "you computed s(x) (1 + s(x)), with a plus "
                                                 "where the formula has a minus: s'(x) = s(x) "
                                                 "(1 - s(x))"),
]

DERIVATIVE = Rule("DERIVATIVE", "which computes the derivative for you",
                  targets=("mathlib.nn.sigmoid_derivative", "mathlib.nn.tanh_derivative"))


def _judge_derivative(args, result):
    (x,) = args
    want = _sigmoid_derivative(x)
    where = f"for x = {fmt_list(x)}"
    try:
        a = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        a = None
    if a is not None and a.shape == x.shape and not np.all(np.isfinite(a)):
        i = int(np.argwhere(~np.isfinite(a))[0][0])
        raise Wrong(f"{where} you returned {fmt(a[i])} at x = {fmt(x[i])}, where the derivative "
                    f"is {fmt(want[i])}. At x = {fmt(x[i])} an exponential such as e^(-x) or e^x "
                    "overflows to inf (and inf / inf is nan). The derivative is symmetric, "
                    "s'(-x) = s'(x): write it with an exponential that can never exceed 1")
    got = as_array_of_shape(result, x.shape, "the derivative at every x",
                            you=f"{where} you returned")
    return got, _relative_close(got, want)


@exercise("14.1", "the sigmoid's derivative, exact in the tails", name="sigmoid_derivative",
          solution=("def sigmoid_derivative(x):\n"
                    "    e = np.exp(-np.abs(x))          # at most 1: never overflows\n"
                    "    return e / (1 + e) ** 2         # s'(x) = s'(-x), so |x| is enough\n"),
          hints=["s'(x) = s(x) (1 - s(x)) is the formula, but computed as it stands it loses "
                 "everything in one tail: for large x, what is 1 - s(x) in floating point?",
                 "Write s(x) (1 - s(x)) with e^(-x) alone: s(x) = 1 / (1 + e^(-x)) and "
                 "1 - s(x) = e^(-x) / (1 + e^(-x)). The product then needs no subtraction.",
                 "That form overflows for x = -1000 (e^1000). The derivative is an even function, "
                 "s'(-x) = s'(x): use it with |x|, so that the only exponential is of a number "
                 "<= 0."],
          wrong=[_naive_derivative,
                 lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
                 lambda x: 1 / (1 + np.exp(-x)),
                 lambda x: 1 - (1 / (1 + np.exp(-x))) ** 2,
                 lambda x: (_sigmoid(x + 1e-6) - _sigmoid(x - 1e-6)) / 2e-6,
                 lambda x: np.full_like(x, 0.25),
                 lambda x: _sigmoid_derivative(x),
                 lambda x: __import__("scipy.special").special.expit(x)
                 * __import__("scipy.special").special.expit(-x)],
          right=[lambda x: _sigmoid(x) * _sigmoid(-x),
                 lambda x: np.exp(-np.logaddexp(0.0, x) - np.logaddexp(0.0, -x)),
                 lambda x: np.array([math.exp(-abs(t)) / (1 + math.exp(-abs(t))) ** 2 for t in x]),
                 lambda x: 0.25 / np.cosh(x / 2) ** 2],
          forbidden=(SCIPY, DERIVATIVE))
def _check_sigmoid_derivative(sigmoid_derivative):
    results, failure = run_cases(quiet(sigmoid_derivative), list(_derivative_cases()),
                                 _judge_derivative)
    if failure is None:
        return None
    args, value, error = failure
    if error is not None:
        return str(error)
    (x,) = args
    want = _sigmoid_derivative(x)
    rel = np.abs(value - want) / np.maximum(np.abs(want), 1e-300)
    i = int(np.argmax(rel))
    should, yours = fmt_pair(want[i], value[i])
    text = f"at x = {fmt(x[i])} the derivative is {should}; yours is {yours}."
    words = cause_in_results(results, args, _DERIVATIVE_SLIPS, same=_same_as_slip)
    if words:
        return text + " It looks as if " + words + "."
    if want[i] == 0:
        text = (f"at x = {fmt(x[i])} the true derivative, about e^(-{fmt(abs(x[i]))}), is below "
                "the smallest positive float64 (about 4.9e-324): it underflows to 0, and 0 is "
                f"the answer in float64; yours is {yours}")
        if 0 < value[i] < 1e-8:
            # s'(t) is about e^(-|t|) in the tails: where the learner's value was computed
            t = math.copysign(-math.log(float(value[i])), float(x[i]))
            text += (f", about the derivative at x = {t:.0f}. Limiting x (with np.clip, say) "
                     "changes the answer far in the tails; e^(-|x|) gives 0 there by itself, "
                     "without a warning")
        text += "."
    elif abs(x[i]) >= 20:
        text += (" Far in the tails the derivative is tiny but not 0, and it must be right "
                 "relative to its own size.")
    return text


# -- 14.2 by hand: a ReLU network's output and slope ----------------------------------------------

@exercise("14.2", "by hand: a ReLU network's output and slope", name="answer_14_2",
          solution="answer_14_2 = (3.5, 4.0)\n",
          hints=["First the three pre-activations z_j = w_j x + b_j at x = 2; then "
                 "h_j = relu(z_j); "
                 "then f = v_1 h_1 + v_2 h_2 + v_3 h_3 + c.",
                 "One pre-activation is negative: its unit outputs 0 and adds nothing to f.",
                 "For the slope, the chain rule through unit j gives v_j times relu'(z_j) times "
                 "w_j; relu'(z) is 1 for z > 0 and 0 for z <= 0."],
          wrong=[(0.5, 4.0), (3.0, 4.0), (3.5, 1.0), (3.5, 3.0), (4.0, 3.5), (3.5,), ("3.5", "4"),
                 (3.5, 6.0)],
          right=[(3.5, 4), [7 / 2, 4.0], np.array([3.5, 4.0]), (np.float32(3.5), 4)])
def _check_answer_14_2(answer_14_2):
    return by_hand_problem(
        answer_14_2, ["f(2)", "f'(2)"], [3.5, 4.0],
        {0: [(0.5, "you left out the ReLU: unit 2's pre-activation is -1, and relu(-1) = 0, "
                   "not -1"),
             (3.0, "you left out the output bias c = 0.5"),
             (4.0, "you gave the slope; the first number is the output f(2)")],
         1: [(1.0, "you counted unit 2, whose pre-activation is negative: relu' is 0 there, so "
                   "it adds nothing to the slope"),
             (3.0, "you added the v_j of the active units but left out their hidden weights w_j "
                   "(the chain rule: d/dx relu(w x + b) = relu'(w x + b) w)"),
             (6.0, "you added every v_j: leave out the inactive unit, and multiply each active "
                   "one by its hidden weight w_j"),
             (3.5, "you gave the output; the second number is the slope f'(2)")]})


# -- 14.3 the forward pass of a one-hidden-layer ReLU network ------------------------------------

def _network(x, w, b, v, c):
    return _relu(np.outer(x, w) + b) @ v + c


def _network_cases():
    # the by-hand network of 14.2, at x = 2 and around it
    yield (np.array([2.0, -1.0, 0.0, 3.0]), np.array([1.0, -1.0, 2.0]),
           np.array([-1.0, 1.0, -3.0]), np.array([2.0, 3.0, 1.0]), 0.5)
    # the explorer's hat: three kinks at -1, 0, 1
    yield (np.linspace(-3.0, 3.0, 13), np.ones(3), np.array([1.0, 0.0, -1.0]),
           np.array([1.0, -2.0, 1.0]), 0.0)
    rng = np.random.default_rng(143)
    for h in (5, 8):
        yield (np.round(rng.normal(0.0, 2.0, size=10), 2), rng.normal(size=h),
               rng.normal(size=h), rng.normal(size=h), float(np.round(rng.normal(), 2)))


_NETWORK_SLIPS = [
    (lambda x, w, b, v, c: (np.outer(x, w) + b) @ v + c,
     "you left out the ReLU. Without it the network is the straight line (v . w) x + (v . b + c), "
     "however many units it has: the ReLU's kinks are what make it non-linear"),
    (lambda x, w, b, v, c: _relu(np.outer(x, w) + b) @ v,
     "you left out the output bias c"),
    (lambda x, w, b, v, c: _relu((np.outer(x, w) + b) @ v + c),
     "you applied the ReLU to the output instead of to each hidden unit"),
    (lambda x, w, b, v, c: _relu(np.outer(x, w) + b) @ v + c * len(w),
     "you added the output bias c once per hidden unit; it is added once, to the sum"),
    (lambda x, w, b, v, c: _relu(np.outer(x, w)) @ v + b @ v + c,
     "you added the biases b after the ReLU; each b_j goes inside, relu(w_j x + b_j)"),
]


@exercise("14.3", "a one-hidden-layer ReLU network", name="relu_network",
          solution=("def relu_network(x, w, b, v, c):\n"
                    "    z = np.outer(x, w) + b          # (N, H): one row per input\n"
                    "    h = np.maximum(z, 0)            # ReLU on every hidden unit\n"
                    "    return h @ v + c\n"),
          hints=["For one input x, hidden unit j computes h_j = relu(w_j x + b_j), and the output "
                 "is f = sum_j v_j h_j + c. Do that for every x at once.",
                 "Make a table of pre-activations with one row per input and one column per unit "
                 "(shape (N, H)): x[:, None] broadcasts against w.",
                 "np.maximum(z, 0) applies the ReLU entry by entry; then each row's weighted sum "
                 "with v is a matrix-vector product."],
          wrong=[lambda x, w, b, v, c: (np.outer(x, w) + b) @ v + c,
                 lambda x, w, b, v, c: _relu(np.outer(x, w) + b) @ v,
                 lambda x, w, b, v, c: np.maximum((np.outer(x, w) + b) @ v + c, 0),
                 lambda x, w, b, v, c: _relu(np.outer(x, w)) @ v + b @ v + c,
                 lambda x, w, b, v, c: _relu(np.outer(x, w) + b) @ v + c * len(w),
                 lambda x, w, b, v, c: np.sum(np.maximum(np.outer(x, w) + b, 0), axis=1) + c,
                 lambda x, w, b, v, c: float(np.sum(_relu(np.outer(x, w) + b) @ v + c))],
          right=[lambda x, w, b, v, c: np.array([sum(vj * max(wj * t + bj, 0.0)
                                                     for wj, bj, vj in zip(w, b, v)) + c
                                                 for t in x]),
                 lambda x, w, b, v, c: np.sum(v * np.maximum(x[:, None] * w + b, 0), axis=1) + c,
                 lambda x, w, b, v, c: np.where(np.outer(x, w) + b > 0, np.outer(x, w) + b, 0) @ v
                 + c])
def _check_network(relu_network):
    return compare_cases(relu_network, list(_network_cases()), _network, slips=_NETWORK_SLIPS,
                         what="f at every x", each=("x", "f"),
                         where=lambda x, w, b, v, c: (f"for x = {fmt_list(x)}, w = {fmt_list(w)}, "
                                                      f"b = {fmt_list(b)}, v = {fmt_list(v)} and "
                                                      f"c = {fmt(c)}:"))


# -- 14.4 the dead units of a ReLU layer --------------------------------------------------------

def _dead(X, W, b):
    return np.all(X @ W + b <= 0, axis=0)


def _flowers_standardised() -> np.ndarray:
    """The 150 Iris flowers' 4 measurements, each standardised to mean 0 and std 1."""
    X = load_iris().X
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _dead_cases():
    # a tiny layer of 3 units on 4 examples (N != H: an answer along the wrong axis has the
    # wrong length): unit 0 alive, unit 1 negative on every example, unit 2 exactly 0 on one
    # example and negative on the others (dead: relu' is 0 at 0 too)
    yield (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]),
           np.array([[1.0, -1.0, 1.0], [1.0, -2.0, 1.0]]), np.array([0.0, -0.5, -2.0]))
    X = _flowers_standardised()
    rng = np.random.default_rng(144)
    yield X, rng.normal(0.0, 0.5, size=(4, 6)), np.array([0.0, -3.0, 0.5, -1.0, -4.0, -2.0])
    yield X, rng.normal(0.0, 0.5, size=(4, 10)), rng.normal(-1.5, 1.5, size=10)


_DEAD_SLIPS = [
    (lambda X, W, b: np.all(X @ W + b < 0, axis=0),
     "you asked for pre-activations < 0; a pre-activation of exactly 0 passes no gradient either "
     "(relu'(0) = 0), so dead means <= 0 for every example"),
    (lambda X, W, b: np.any(X @ W + b <= 0, axis=0),
     "you marked a unit dead when ONE example gives it a pre-activation <= 0; it is dead only "
     "when EVERY example does (then no example passes it any gradient)"),
    (lambda X, W, b: ~np.all(X @ W + b <= 0, axis=0),
     "your True and False are swapped: True should mark the dead units"),
    (lambda X, W, b: np.all(X @ W <= 0, axis=0),
     "you left out the biases b: the pre-activation is X @ W + b"),
]


def _tiny(X) -> bool:
    """The first case, the tiny layer (the others are the 150 flowers)."""
    return len(X) <= 4


def _judge_dead(args, result):
    X, W, b = args
    H = W.shape[1]
    where = (f"for X of shape {X.shape}, W of shape {W.shape} and b = {fmt_list(b)}"
             if _tiny(X) else f"for the 150 standardised flowers and a layer of {H} units")
    try:
        a = np.asarray(result)
    except (TypeError, ValueError):
        a = None
    if a is not None and a.shape == (len(X),) and len(X) != H:
        # one value per example: np.all(X @ W + b <= 0, axis=1) and, on the transposed table,
        # np.all(W.T @ X.T + b[:, None] <= 0, axis=0) give the same values, so name no axis as
        # the learner's; say where a unit's examples run in either layout
        N = len(X)
        raise Wrong(f"{where} you returned {N} values, one per example, where the answer has "
                    f"one per hidden unit, shape ({H},): 'is it off for every example?' is a "
                    "question about each unit, asked over all of its examples. In X @ W + b "
                    f"(shape ({N}, {H}), one row per example) a unit is a column and its examples "
                    "run down axis 0; in a table with one row per unit (W.T @ X.T + b[:, None], "
                    f"shape ({H}, {N})) they run along axis 1")
    if a is None or a.shape != (H,) or a.dtype.kind not in "biuf":
        raise Wrong(f"{where} you returned {describe_value(result)}; the answer is one True or "
                    f"False per hidden unit, an array of shape ({H},)")
    if not np.all((a == 0) | (a == 1)):
        raise Wrong(f"{where} you returned {fmt_list(a)}; the answer is True (dead) or False "
                    "(alive) for each unit, not other numbers")
    got = a.astype(bool)
    return got, bool(np.array_equal(got, _dead(X, W, b)))


def _mask(a) -> str:
    return "[" + ", ".join(str(bool(t)) for t in np.asarray(a).ravel()) + "]"


@exercise("14.4", "the dead units of a ReLU layer", name="dead_units",
          solution=("def dead_units(X, W, b):\n"
                    "    Z = X @ W + b                   # (N, H) pre-activations\n"
                    "    return np.all(Z <= 0, axis=0)   # dead: no example turns the unit on\n"),
          hints=["A ReLU unit passes gradient for an example only when its pre-activation is "
                 "positive. Dead on this batch means: no example at all makes it positive.",
                 "Compute every pre-activation at once, one row per example and one column per "
                 "unit; then ask, column by column, a question about all of its entries.",
                 "relu'(0) = 0, so a pre-activation of exactly 0 counts as off; numpy's np.all "
                 "with an axis answers 'for every row'."],
          wrong=[lambda X, W, b: np.all(X @ W + b < 0, axis=0),
                 lambda X, W, b: np.any(X @ W + b <= 0, axis=0),
                 lambda X, W, b: np.all(X @ W + b > 0, axis=0),
                 lambda X, W, b: np.all(X @ W + b <= 0, axis=1),
                 lambda X, W, b: np.all(W.T @ X.T + b[:, None] <= 0, axis=0),
                 lambda X, W, b: np.all(X @ W <= 0, axis=0),
                 lambda X, W, b: np.mean(X @ W + b <= 0, axis=0),
                 lambda X, W, b: int(np.sum(np.all(X @ W + b <= 0, axis=0)))],
          right=[lambda X, W, b: ~np.any(X @ W + b > 0, axis=0),
                 lambda X, W, b: np.all(W.T @ X.T + b[:, None] <= 0, axis=1),
                 lambda X, W, b: np.max(X @ W + b, axis=0) <= 0,
                 lambda X, W, b: [bool(all(row[j] <= 0 for row in X @ W + b))
                                  for j in range(W.shape[1])],
                 lambda X, W, b: (np.sum(np.maximum(X @ W + b, 0), axis=0) == 0).astype(int)])
def _check_dead_units(dead_units):
    results, failure = run_cases(dead_units, list(_dead_cases()), _judge_dead)
    if failure is None:
        return None
    args, value, error = failure
    if error is not None:
        return str(error)
    X, W, b = args
    want = _dead(X, W, b)
    where = ("for the tiny layer of the exercise" if _tiny(X)
             else f"for the 150 standardised flowers and a layer of {W.shape[1]} units")
    text = f"{where} the dead units are {_mask(want)}; yours are {_mask(value)}."
    words = cause_in_results(results, args, _DEAD_SLIPS,
                             same=lambda g, w: np.shape(g) == np.shape(w)
                             and np.array_equal(np.asarray(g, dtype=bool),
                                                np.asarray(w, dtype=bool)))
    return text + (" It looks as if " + words + "." if words else "")
