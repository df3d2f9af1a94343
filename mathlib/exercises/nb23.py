"""Exercises of notebook 23: a perceptron's truth table by hand, the perceptron as code, weights
for NOR (a gate the notebook did not build), and Rosenblatt's learning rule on the Iris flowers.

Each checker starts with a case a learner can verify by hand, then the cases where the usual slips
show (a point exactly on the line, where the step is 1; a mistake that must not move the bias),
then real data (two Iris species, the notebook's petal measurements).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import load_iris
from ..explorers.perceptron import learn as _learn_lib
from ._core import exercise
from ._feedback import as_numbers, fmt_list
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "23"

_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_NAMES = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")


def _outputs(X, w, b) -> np.ndarray:
    """The perceptron's outputs: 1 where X @ w + b >= 0, else 0 (ints)."""
    return (np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b >= 0).astype(int)


# -- 23.1 by hand: a perceptron's truth table ------------------------------------------------------

_WANT_23_1 = (0.0, 0.0, 1.0, 1.0)
_Z_23_1 = (-1.0, -2.0, 1.0, 0.0)                  # z = 2 x1 - x2 - 1 at the four inputs
# whole-answer patterns, looked at before any entry: each names one cause for all four numbers
_WHOLE_23_1 = {
    (1.0, 1.0, 0.0, 0.0): "every output is flipped: you gave 1 where z < 0 and 0 where z >= 0. "
                          "The step is 1 where z = w . x + b >= 0 (z = 0 included) and 0 where "
                          "z < 0",
    (0.0, 1.0, 0.0, 1.0): "the outputs at (0, 1) and (1, 0) are swapped: (0, 1) means x1 = 0 and "
                          "x2 = 1, so there z = w2 + b, and at (1, 0) z = w1 + b",
    _Z_23_1: "you gave z = w . x + b at each input, not the output: the step turns z into 1 where "
             "z >= 0 (z = 0 included) and into 0 where z < 0",
}


@exercise("23.1", "by hand: the truth table of one perceptron", name="answer_23_1",
          solution="answer_23_1 = (0, 0, 1, 1)\n",
          hints=["For each input (x1, x2) compute z = w1 x1 + w2 x2 + b, then the output is 1 "
                 "where z >= 0 and 0 where z < 0.",
                 "At (0, 0) the weights do not matter: z = b. At (1, 1) both weights count.",
                 "One of the four values of z is exactly 0: the rule is z >= 0, not z > 0."],
          wrong=[(0, 0, 1, 0), (1, 0, 1, 0), (0, 1, 1, 1), (0, 0, 1), (-1, -2, 1, 0),
                 (1, 1, 0, 0), (0, 1, 0, 1), ("0", "0", "1", "1")],
          right=[[0, 0, 1, 1], (0.0, 0.0, 1.0, 1.0), np.array([0, 0, 1, 1]),
                 (0, 0, 1.0, 1)])
def _check_answer_23_1(answer_23_1):
    names = [f"output at {n}" for n in _NAMES]
    got = tuple(float(v) for v in as_numbers(answer_23_1, 4,
                                             f"the answer, ({', '.join(names)}),"))
    for pattern, cause in _WHOLE_23_1.items():
        if all(abs(g - p) < 1e-9 for g, p in zip(got, pattern)):
            return (f"your outputs are ({fmt_list(got)[1:-1]}); they should be "
                    f"({fmt_list(_WANT_23_1)[1:-1]}). It looks as if {cause}.")
    return by_hand_problem(
        answer_23_1, names, list(_WANT_23_1),
        {0: [(-1.0, "you gave z = w . x + b = -1, not the output: the step turns a negative z "
                    "into 0")],
         1: [(-2.0, "you gave z = w . x + b = -2, not the output: the step turns a negative z "
                    "into 0"),
             (1.0, "you added w2 = -1 as if it were +1: at (0, 1) z = 0 * 2 + 1 * (-1) - 1 "
                   "= -2")],
         3: [(0.0, "at (1, 1) z = 2 - 1 - 1 = 0 exactly, and you gave 0: the step is 1 at "
                   "z = 0 (the rule is z >= 0, not z > 0)")]})


# -- 23.2 the perceptron as code -----------------------------------------------------------------

def _perceptron_cases():
    yield _INPUTS, np.array([1.0, 1.0]), -1.5                     # AND
    yield _INPUTS, np.array([1.0, 1.0]), -1.0                     # OR, with z = 0 at (0, 1)
    yield _INPUTS, np.array([2.0, -1.0]), -1.0                    # the by-hand example
    yield np.array([[0.5, 2.0, -1.0], [1.0, 1.0, 1.0], [-3.0, 0.0, 2.0]]), \
        np.array([1.0, -0.5, 2.0]), 0.5                           # three inputs
    iris = load_iris()
    keep = iris.y < 2
    yield iris.X[keep][::5, 2:4], np.array([1.0, 1.0]), -3.0      # petal length + width >= 3


def _perceptron_where(X, w, b):
    if X.shape[0] > 4:
        return (f"for every 5th setosa or versicolor flower's petal length and width (cm), "
                f"w = {fmt_list(w)}, b = {b:g}")
    return f"for X = {X.tolist()}, w = {fmt_list(w)}, b = {b:g}"


_PERCEPTRON_SLIPS = (
    Slip(lambda X, w, b: (X @ w + b > 0).astype(int),
         "an input exactly on the line (z = w . x + b = 0) gave 0: the step is 1 at z = 0, so "
         "compare with >= 0"),
    Slip(lambda X, w, b: X @ w + b,
         "you returned z = w . x + b itself; the output is the step of z: 1 where z >= 0, "
         "else 0"),
    Slip(lambda X, w, b: (X @ w >= 0).astype(int),
         "you left out the bias b: z = w . x + b"),
    Slip(lambda X, w, b: (X @ w - b >= 0).astype(int),
         "you subtracted the bias: here z = w . x + b, so b is added"),
    Slip(lambda X, w, b: (X @ w + b < 0).astype(int),
         "your outputs are flipped: the output is 1 where z >= 0"),
)


@exercise("23.2", "a perceptron's outputs", name="perceptron",
          solution=("def perceptron(X, w, b):\n"
                    "    return (X @ w + b >= 0).astype(int)\n"),
          hints=["Each row of X is one input x; the output for it is the step of z = w . x + b.",
                 "X @ w gives w . x for every row at once; add b.",
                 "Compare with >= 0 (z = 0 counts as 1) and turn True/False into 1/0."],
          wrong=[lambda X, w, b: (X @ w + b > 0).astype(int),
                 lambda X, w, b: X @ w + b,
                 lambda X, w, b: (X @ w >= 0).astype(int),
                 lambda X, w, b: (X @ w - b >= 0).astype(int),
                 lambda X, w, b: (X @ w + b < 0).astype(int),
                 lambda X, w, b: (X @ w + b >= 0).astype(int)[:1]],
          right=[lambda X, w, b: np.heaviside(X @ w + b, 1.0),
                 lambda X, w, b: np.array([1 if sum(wi * xi for wi, xi in zip(w, x)) + b >= 0
                                           else 0 for x in X]),
                 lambda X, w, b: np.where(np.dot(X, w) + b >= 0, 1.0, 0.0)],
          forbidden=(SCIPY,))
def _check_perceptron(perceptron):
    return compare_cases(perceptron, _perceptron_cases(), _outputs, slips=_PERCEPTRON_SLIPS,
                         what="the outputs", where=_perceptron_where)


# -- 23.3 NOR: a gate the notebook did not build -------------------------------------------------

_NOR = (1, 0, 0, 0)


@exercise("23.3", "weights and bias for NOR", name="nor",
          solution="nor = (-1.0, -1.0, 0.5)\n",
          hints=["NOR is 1 only at (0, 0): it is NOT (x1 OR x2). Which gate of the notebook is "
                 "its opposite?",
                 "Flipping every output of a perceptron: use -w and -b (careful with points "
                 "exactly on the line).",
                 "At (0, 0) z = b must be >= 0; at (0, 1) and (1, 0) z = w2 + b and w1 + b must be "
                 "< 0."],
          wrong=[(1.0, 1.0, -0.5), (-1.0, -1.0, 1.5), (-1.0, -1.0, 1.0), (1.0, 1.0, -1.5),
                 (-1.0, -1.0), (-1.0, -1.0, -0.5), ("a", 1, 2)],
          right=[(-1.0, -1.0, 0.5), [-2, -2, 1], np.array([-1.0, -1.0, 0.0]),
                 (-0.3, -5.0, 0.1)])
def _check_nor(nor):
    w1, w2, b = as_numbers(nor, 3, "nor, (w1, w2, b),")
    got = tuple(int(v) for v in _outputs(_INPUTS, [w1, w2], b))
    if got == _NOR:
        return None
    z = _INPUTS @ np.array([w1, w2]) + b
    wrong = [f"at {n} z = {v:g}, so the output is {o} (NOR wants {t})"
             for n, v, o, t in zip(_NAMES, z, got, _NOR) if o != t]
    text = "your perceptron does not compute NOR: " + "; ".join(wrong) + "."
    if got == (0, 1, 1, 1):
        text += " That is OR: NOR is its opposite."
    elif got == (1, 1, 1, 0):
        text += (" That is NAND (NOT AND): NOR is NOT OR, 1 only where both inputs are 0.")
    if any(abs(v) < 1e-12 for v in z):
        text += " An input exactly on the line (z = 0) gives output 1."
    return text


# -- 23.4 Rosenblatt's learning rule on two Iris species -----------------------------------------

def _learn_ref(X, y, epochs):
    """Rosenblatt's rule from w = 0, b = 0: rows in order, w += (y - yhat) x, b += (y - yhat)."""
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x, t in zip(X, y):
            error = t - (1 if x @ w + b >= 0 else 0)
            w = w + error * x
            b = b + error
    return np.append(w, b)


@lru_cache(maxsize=1)
def _iris_pairs():
    iris = load_iris()
    petal = iris.X[:, 2:4]
    keep = iris.y < 2                                  # setosa 0, versicolor 1
    later = iris.y > 0                                 # versicolor 0, virginica 1
    return (petal[keep], (iris.y[keep] == 1).astype(int),
            petal[later], (iris.y[later] == 2).astype(int))


def _learn_cases():
    yield _INPUTS.copy(), np.array([0, 0, 0, 1]), 1               # one epoch of AND
    yield _INPUTS.copy(), np.array([0, 0, 0, 1]), 6               # AND, until it stops changing
    yield _INPUTS.copy(), np.array([0, 1, 1, 0]), 5               # XOR: it never settles
    Xa, ya, Xb, yb = _iris_pairs()
    yield Xa.copy(), ya.copy(), 3                                 # setosa / versicolor
    yield Xb.copy(), yb.copy(), 2                                 # versicolor / virginica


def _learn_where(X, y, epochs):
    if X.shape[0] > 4:
        pair = ("setosa (0) and versicolor (1)" if y[0] == 0 and X[0, 0] < 2.5
                else "versicolor (0) and virginica (1)")
        return f"on the Iris {pair} petal lengths and widths, {_epochs(epochs)},"
    return f"for X = {X.tolist()}, y = {y.tolist()}, {_epochs(epochs)},"


def _epochs(n) -> str:
    return "1 epoch" if n == 1 else f"{n} epochs"


def _learn_with_strict(X, y, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x, t in zip(X, y):
            error = t - (1 if x @ w + b > 0 else 0)
            w, b = w + error * x, b + error
    return np.append(w, b)


def _learn_without_bias(X, y, epochs):
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        for x, t in zip(X, y):
            w = w + (t - (1 if x @ w >= 0 else 0)) * x
    return np.append(w, 0.0)


def _learn_once(X, y, epochs):
    return _learn_ref(X, y, 1)


def _learn_error_flipped(X, y, epochs):
    """The slip ``error = yhat - y`` (output minus target) inside the loop."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x, t in zip(X, y):
            error = (1 if x @ w + b >= 0 else 0) - t
            w, b = w + error * x, b + error
    return np.append(w, b)


def _learn_reversed(X, y, epochs):
    """The rows taken last to first."""
    return _learn_ref(X[::-1], y[::-1], epochs)


def _learn_batch(X, y, epochs):
    """One update per epoch: every row's output from the same w and b, the errors summed."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        errors = y - (X @ w + b >= 0).astype(int)
        w, b = w + errors @ X, b + errors.sum()
    return np.append(w, b)


def _learn_from_ones(X, y, epochs):
    """Not a named slip: the rule from w = 1, b = 1 instead of 0."""
    w, b = np.ones(X.shape[1]), 1.0
    for _ in range(epochs):
        for x, t in zip(X, y):
            error = t - (1 if x @ w + b >= 0 else 0)
            w, b = w + error * x, b + error
    return np.append(w, b)


def _learn_augmented(X, y, epochs):
    """A right answer written another way: the bias as a weight on a column of ones."""
    A = np.hstack([X, np.ones((len(X), 1))])
    v = np.zeros(A.shape[1])
    for _ in range(epochs):
        for i in range(len(A)):
            v += (y[i] - float(np.dot(A[i], v) >= 0)) * A[i]
    return v


def _learn_plain(X, y, epochs):
    """A right answer with plain Python lists and floats."""
    w, b = [0.0] * len(X[0]), 0.0
    for _ in range(epochs):
        for row, target in zip(X.tolist(), list(y)):
            z = sum(wi * xi for wi, xi in zip(w, row)) + b
            error = target - (1 if z >= 0 else 0)
            w = [wi + error * xi for wi, xi in zip(w, row)]
            b += error
    return w + [b]


_LEARN_SLIPS = (
    Slip(_learn_with_strict, "your perceptron gives 0 at z = 0 exactly (z > 0); the step is 1 "
                             "at z = 0: use z >= 0 (the first example, from w = 0 and b = 0, "
                             "has z = 0)"),
    Slip(_learn_without_bias, "your bias never moves: each mistake also changes b by the error "
                              "y - yhat (the bias is a weight on an input that is always 1)"),
    Slip(_learn_once, "you made one pass over the data whatever epochs was: an epoch is one pass, "
                      "so make epochs passes"),
    Slip(_learn_error_flipped,
         "your updates have the wrong sign: you took the error as yhat - y (output minus "
         "target); it is y - yhat, so a missed 1 (y = 1, yhat = 0) moves w towards x"),
    Slip(_learn_reversed,
         "you went through the rows last to first: an epoch takes the rows of X in order, first "
         "to last, and the result depends on that order"),
    Slip(_learn_batch,
         "you made one update per epoch from the summed errors of all rows: Rosenblatt's rule "
         "updates after each row, so the next row is judged by the line already moved"),
)


@exercise("23.4", "Rosenblatt's perceptron learning rule", name="learn",
          solution=("def learn(X, y, epochs):\n"
                    "    w, b = np.zeros(X.shape[1]), 0.0\n"
                    "    for _ in range(epochs):\n"
                    "        for x, target in zip(X, y):\n"
                    "            error = target - (1 if x @ w + b >= 0 else 0)\n"
                    "            w = w + error * x\n"
                    "            b = b + error\n"
                    "    return np.append(w, b)\n"),
          hints=["Start from w = 0 and b = 0; an epoch is one pass over the rows of X, in order.",
                 "For one row: the output yhat is 1 where w . x + b >= 0; the error y - yhat is "
                 "0 when the output is right, and then nothing changes.",
                 "On a mistake add (y - yhat) x to w and (y - yhat) to b; give back w and b "
                 "together in one array, b last."],
          wrong=[_learn_with_strict, _learn_without_bias, _learn_once,
                 _learn_error_flipped,
                 lambda X, y, e: _learn_ref(X, y, e)[:-1],
                 _learn_from_ones, _learn_reversed, _learn_batch,
                 lambda X, y, e: -_learn_ref(X, y, e),
                 lambda X, y, e: (lambda r: np.append(r.w, r.b))(_learn_lib(X, y, epochs=e))],
          right=[_learn_ref,
                 _learn_augmented, _learn_plain],
          forbidden=(SCIPY, forbid_object("mathlib.explorers.perceptron.learn",
                                          "from mathlib.explorers.perceptron (the notebook's "
                                          "copy), which runs the rule for you")))
def _check_learn(learn):
    return compare_cases(learn, _learn_cases(), _learn_ref, slips=_LEARN_SLIPS,
                         what="the weights and bias (w1, ..., b)", where=_learn_where)
