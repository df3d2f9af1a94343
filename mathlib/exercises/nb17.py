"""Exercises of notebook 17: momentum by hand, a mini-batch gradient on the diabetes data, Adam
from its formulas, and one epoch of mini-batch SGD (the loop the notebook did not show).

Each checker starts with a small case a learner can follow by hand, then the real data (the
diabetes patients, standardised), then cases where the usual slips show (a last batch smaller
than the others, a first Adam step whose bias correction matters). A function that changes its
inputs in place fails with the machinery's own words, as in every notebook.
"""

from __future__ import annotations

import functools

import numpy as np

from ..data import load_diabetes
from ..optim import Adam as _Adam
from ..optim import minimize as _minimize
from ..optim import quadratic as _quadratic
from ..optim import rosenbrock as _rosenbrock
from ..stats import standardise as _standardise
from ._core import exercise
from ._rules import SCIPY, Rule
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "17"


@functools.cache
def _diabetes() -> tuple[np.ndarray, np.ndarray]:
    data = load_diabetes()
    return _standardise(data.X), _standardise(data.y[:, None])[:, 0]


# -- 17.1 by hand: three steps of momentum -------------------------------------------------------

_MU_17_1 = 0.6          # with mu = 0.5, 1 - mu = mu and two slips would give the same numbers


def _momentum_path(g=2.0, lr=0.1, mu=_MU_17_1, steps=3, *, velocity="pytorch", step="v",
                   sign=-1.0) -> tuple:
    """Three steps of momentum on f(x) = 2x (gradient 2), and its usual slips: ``velocity`` is
    how v is updated, ``step`` what x moves by (the new v, the old v, the change of v, or
    Nesterov's g + mu v)."""
    x, v, path = 0.0, 0.0, []
    for _ in range(steps):
        old = v
        v = {"pytorch": mu * v + g, "none": g, "average": mu * v + (1 - mu) * g,
             "mu_on_g": v + mu * g, "mu_on_both": mu * (v + g)}[velocity]
        moved = {"v": v, "old": old, "change": v - old, "nesterov": g + mu * v}[step]
        x = x + sign * lr * moved
        path.append(round(x, 12))
    return tuple(path)


_BY_HAND_17_1 = _momentum_path()                       # (-0.2, -0.52, -0.912)
# whole answers of the usual slips: each is named only when all three numbers are its own
_SLIPS_17_1 = {
    _momentum_path(velocity="none"):
        "you left the velocity out: that is plain gradient descent, x moving by lr g = 0.2 a "
        "step",
    _momentum_path(velocity="average"):
        "you used v <- mu v + (1 - mu) g, a moving average (Adam's m); PyTorch's momentum, the "
        "rule given, adds the whole gradient: v <- mu v + g",
    _momentum_path(sign=1.0):
        "you stepped uphill: x <- x - lr v moves against the gradient",
    _momentum_path(step="change"):
        "you added each step's velocity change, not the velocity: x moves by lr v",
    _momentum_path(step="old"):
        "you stepped with the velocity of the step before (v_0 = 0 at the first step): update "
        "v first, then move x by lr times the new v",
    _momentum_path(velocity="mu_on_g"):
        "you used v <- v + mu g: mu multiplies the old velocity, v <- mu v + g, so that old "
        "gradients fade",
    _momentum_path(velocity="mu_on_both"):
        "you used v <- mu (v + g): mu multiplies only the old velocity; the new gradient is "
        "added whole, v <- mu v + g",
    _momentum_path(step="nesterov"):
        "you took Nesterov's step, x moving by lr (g + mu v); the rule given (PyTorch's "
        "default, nesterov=False) moves x by lr v",
}
assert len(set(_SLIPS_17_1) | {_BY_HAND_17_1}) == len(_SLIPS_17_1) + 1   # all told apart


@exercise("17.1", "by hand: three steps of momentum", name="answer_17_1",
          solution="answer_17_1 = (-0.2, -0.52, -0.912)\n",
          hints=["The gradient is 2 at every point, so g = 2 at every step. Start with v = 0 "
                 "and apply the two lines of the rule in order: first the velocity, then the "
                 "step.",
                 "Step 1: v = 0.6 * 0 + 2 = 2, so x moves by lr * v. Keep v for the next step: "
                 "it is what makes momentum differ from plain gradient descent.",
                 "The velocity keeps growing towards g / (1 - mu) = 5; each step moves x by lr "
                 "times the current velocity, downhill (the minus sign)."],
          wrong=[*_SLIPS_17_1, (-0.2, -0.52), (-0.2, -0.52, -0.9), ("-0.2", "-0.52", "-0.912")],
          right=[[-0.2, -0.52, -0.912], (-1 / 5, -13 / 25, -114 / 125),
                 np.array([-0.2, -0.52, -0.912])])
def _check_answer_17_1(answer_17_1):
    problem = by_hand_problem(answer_17_1, ["x1", "x2", "x3"], list(_BY_HAND_17_1))
    if problem is None:
        return None
    got = [float(v) for v in np.asarray(answer_17_1, dtype=float)]
    for numbers, words in _SLIPS_17_1.items():
        if all(abs(a - b) <= 1e-3 * max(1.0, abs(b)) for a, b in zip(got, numbers)):
            return f"{problem[:-1]}. It looks as if {words}."
    return problem


# -- 17.2 a mini-batch gradient --------------------------------------------------------------------

WORKED_X = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0], [1.0, 1.0]])
WORKED_Y = np.array([3.0, 1.0, 0.0, 1.0])


def _batch_gradient(w, X, y, batch) -> np.ndarray:
    Xb, yb = X[batch], y[batch]
    return 2.0 * Xb.T @ (Xb @ w - yb) / len(batch)


def _gradient_cases():
    # by hand: (1, -6); three rows for two weights, so a result of the batch's length (a mean
    # over the wrong axis, the residuals) is told by its shape
    yield np.array([1.0, -0.5]), WORKED_X, WORKED_Y, np.array([0, 2, 3])
    X, y = _diabetes()
    rng = np.random.default_rng(172)
    w = np.round(rng.normal(0.0, 0.3, X.shape[1]), 2)
    yield np.zeros(X.shape[1]), X, y, rng.choice(len(y), 32, replace=False)
    yield w, X, y, rng.choice(len(y), 10, replace=False)
    yield w, X, y, np.array([7])                                           # one example
    yield w, X, y, np.arange(len(y))                                       # the full batch


def _where_gradient(w, X, y, batch) -> str:
    if X is WORKED_X:
        return "for the worked example (w = (1, -0.5), the batch rows 0, 2 and 3)"
    return f"for the diabetes data with a batch of {len(batch)} of the {len(y)} rows"


_GRADIENT_SLIPS = (
    Slip(lambda w, X, y, b: _batch_gradient(w, X, y, b) / 2,
         "your gradient is half the right one: the derivative of (x.w - y)^2 is "
         "2 (x.w - y) x; the 2 stays"),
    Slip(lambda w, X, y, b: _batch_gradient(w, X, y, b) * len(b),
         "you added up the batch's gradients; the loss is their mean (divide by the batch size)"),
    Slip(lambda w, X, y, b: -_batch_gradient(w, X, y, b),
         "your sign is flipped: the residual is prediction minus target, X w - y"),
    Slip(lambda w, X, y, b: _batch_gradient(w, X, y, np.arange(len(y))),
         "you used every row: a mini-batch gradient uses only the rows listed in batch"),
    Slip(lambda w, X, y, b: _batch_gradient(w, X, y, b) * len(b) / len(y),
         "you divided by N, the number of all the rows; the mean is over the B rows of the "
         "batch"),
)


@exercise("17.2", "a mini-batch gradient", name="minibatch_gradient",
          solution=("def minibatch_gradient(w, X, y, batch):\n"
                    "    Xb, yb = X[batch], y[batch]          # the rows of the mini-batch\n"
                    "    residual = Xb @ w - yb               # prediction minus target\n"
                    "    return 2 * Xb.T @ residual / len(batch)\n"),
          hints=["The loss is the mean over the batch of (x_i . w - y_i)^2. Its gradient is the "
                 "mean over the batch of each example's gradient.",
                 "One example's gradient: the chain rule gives 2 (x_i . w - y_i) x_i, a vector "
                 "of the same shape as w.",
                 "X[batch] picks the batch's rows. With those rows as a matrix Xb, the sum of "
                 "r_i x_i over the batch is Xb.T @ r; then divide by the batch's size, not N."],
          wrong=[lambda w, X, y, b: X[b].T @ (X[b] @ w - y[b]) / len(b),
                 lambda w, X, y, b: 2 * X[b].T @ (X[b] @ w - y[b]),
                 lambda w, X, y, b: 2 * X[b].T @ (y[b] - X[b] @ w) / len(b),
                 lambda w, X, y, b: 2 * X.T @ (X @ w - y) / len(y),
                 lambda w, X, y, b: 2 * X[b].T @ (X[b] @ w - y[b]) / len(y),
                 lambda w, X, y, b: np.mean(2 * (X[b] @ w - y[b])),
                 lambda w, X, y, b: 2 * X[b].T @ (X[b] @ w - y[b]) / len(b) + 1e-3],
          right=[_batch_gradient,
                 lambda w, X, y, b: np.mean(2 * (X[b] @ w - y[b])[:, None] * X[b], axis=0),
                 lambda w, X, y, b: sum(2 * (X[i] @ w - y[i]) * X[i] for i in b) / len(b),
                 lambda w, X, y, b: np.float32(2) * X[b].T @ (X[b] @ w - y[b]) / len(b)],
          forbidden=(SCIPY,))
def _check_minibatch_gradient(minibatch_gradient):
    return compare_cases(minibatch_gradient, list(_gradient_cases()), _batch_gradient,
                         slips=_GRADIENT_SLIPS, what="the gradient", where=_where_gradient)


# -- 17.3 Adam from its formulas -------------------------------------------------------------------

def _adam_path(grad, x0, lr, steps, beta1, beta2, eps) -> np.ndarray:
    run = _minimize(grad, x0, optimizer=_Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps),
                    steps=steps)
    return run.path


def _adam_variant(grad, x0, lr, steps, beta1, beta2, eps, *, correct=True, eps_inside=False,
                  full_gradient_m=False) -> np.ndarray:
    """Adam with one of the usual slips (for naming them)."""
    x = np.array(x0, dtype=float)
    m, v = np.zeros_like(x), np.zeros_like(x)
    path = [x.copy()]
    for t in range(1, steps + 1):
        g = grad(x)
        m = beta1 * m + (1.0 if full_gradient_m else 1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1 ** t) if correct else m
        v_hat = v / (1.0 - beta2 ** t) if correct else v
        denominator = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        x = x - lr * m_hat / denominator
        path.append(x.copy())
    return np.array(path)


def _adam_by_coordinate(grad, x0, lr, steps, beta1, beta2, eps) -> list:
    """Adam one coordinate at a time, in plain Python floats (a right answer of another form)."""
    x = [float(v) for v in x0]
    m, v = [0.0] * len(x), [0.0] * len(x)
    path = [list(x)]
    for t in range(1, steps + 1):
        g = [float(c) for c in grad(np.array(x))]
        for i, gi in enumerate(g):
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
            x[i] -= lr * (m[i] / (1 - beta1 ** t)) / ((v[i] / (1 - beta2 ** t)) ** 0.5 + eps)
        path.append(list(x))
    return path


def _bowl_grad(x):
    return 2.0 * x


_VALLEY = _quadratic(condition=20.0)
_BANANA = _rosenbrock()


def _adam_cases():
    yield _bowl_grad, np.array([1.0]), 0.1, 3, 0.9, 0.999, 1e-8          # f = x^2, by hand
    yield _VALLEY.grad, np.array([-2.2, 1.0]), 0.1, 40, 0.9, 0.99, 1e-8
    yield _BANANA.grad, np.array([-1.2, 1.0]), 0.01, 60, 0.8, 0.999, 1e-8
    yield _bowl_grad, np.array([0.5, -0.001]), 0.05, 20, 0.0, 0.9, 1e-2  # eps matters here


def _where_adam(grad, x0, lr, steps, beta1, beta2, eps) -> str:
    name = {id(_bowl_grad): "f(x) = sum of x_i^2", id(_VALLEY.grad): "the valley",
            id(_BANANA.grad): "Rosenbrock's function"}.get(id(grad), "a test function")
    return (f"on {name} from x0 = {list(map(float, x0))} with lr = {lr:g}, {steps} steps, "
            f"beta1 = {beta1:g}, beta2 = {beta2:g}, eps = {eps:g},")


_ADAM_SLIPS = (
    Slip(lambda *a: _adam_variant(*a, correct=False),
         "you left out the bias correction: m and v start at 0, so for small t they are too "
         "small; divide them by 1 - beta1^t and 1 - beta2^t, with t = 1 at the first step"),
    Slip(lambda *a: _adam_variant(*a, eps_inside=True),
         "you put eps inside the square root, sqrt(v_hat + eps); PyTorch's Adam (the rule "
         "given) adds it outside, sqrt(v_hat) + eps"),
    Slip(lambda *a: _adam_variant(*a, full_gradient_m=True),
         "your m adds the whole gradient, m <- beta1 m + g (momentum's rule); Adam's m is a "
         "moving average, m <- beta1 m + (1 - beta1) g"),
)

ADAM = Rule("ADAM", "mathlib.optim.Adam, which does Adam's steps for you",
            targets=("mathlib.optim.Adam", "mathlib.optim.minimize"),
            # each target named as what it is: minimize runs whichever optimiser it is given
            target_words=(("mathlib.optim.minimize", "mathlib.optim.minimize, which runs the "
                           "loop of optimiser steps for you"),),
            # a real use (Adam's hyperparameters are keyword-only: Adam(x) raises before anything
            # is recorded): the learner's arguments are adam_path's
            example=("import mathlib.optim; mathlib.optim.minimize(args[0], args[1], "
                     "optimizer=mathlib.optim.Adam(lr=args[2], beta1=args[4], beta2=args[5], "
                     "eps=args[6]), steps=args[3])"))


@exercise("17.3", "Adam from its formulas", name="adam_path",
          solution=("def adam_path(grad, x0, lr, steps, beta1, beta2, eps):\n"
                    "    x = np.array(x0, dtype=float)\n"
                    "    m, v = np.zeros_like(x), np.zeros_like(x)\n"
                    "    path = [x.copy()]\n"
                    "    for t in range(1, steps + 1):\n"
                    "        g = grad(x)\n"
                    "        m = beta1 * m + (1 - beta1) * g\n"
                    "        v = beta2 * v + (1 - beta2) * g**2\n"
                    "        m_hat = m / (1 - beta1**t)\n"
                    "        v_hat = v / (1 - beta2**t)\n"
                    "        x = x - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
                    "        path.append(x.copy())\n"
                    "    return np.array(path)\n"),
          hints=["Keep two arrays of the shape of x, m and v, both starting at 0, and a list of "
                 "the points visited (x0 first): steps + 1 points in all.",
                 "At step t = 1, 2, ...: update m and v from the gradient at the current x, "
                 "then correct both for their start at 0 (the powers use t), then move x.",
                 "The rule is elementwise: each coordinate gets its own step "
                 "m_hat / (sqrt(v_hat) + eps), with eps outside the square root. A copy of x "
                 "goes into the list, or every entry ends up the same array."],
          wrong=[lambda *a: _adam_variant(*a, correct=False),
                 lambda *a: _adam_variant(*a, eps_inside=True),
                 lambda *a: _adam_variant(*a, full_gradient_m=True),
                 lambda *a: _adam_variant(*a)[1:],
                 lambda *a: _adam_path(*a)],
          right=[_adam_variant,
                 lambda *a: np.float32(1) * _adam_variant(*a),
                 _adam_by_coordinate],
          forbidden=(SCIPY, ADAM))
def _check_adam(adam_path):
    problem = compare_cases(adam_path, list(_adam_cases()), _adam_path,
                            slips=_ADAM_SLIPS, what="the path", where=_where_adam)
    if problem is not None and _in_float16(adam_path):
        # a path computed in float16 drifts from step to step, further than its last rounding:
        # the machinery's precision check does not see it, so the cause is named here
        return (f"{problem}. Your function returned float16 numbers, and float16 keeps about 3 "
                "digits: too few for this answer (each step's rounding carries into the next). "
                "Compute in float64 (numpy's default) or float32")
    return problem


def _in_float16(function) -> bool:
    """True when the learner's function returned float16 numbers on a call the check made."""
    def half(value) -> bool:
        if isinstance(value, (np.ndarray, np.generic)):
            return np.asarray(value).dtype == np.float16
        if isinstance(value, (list, tuple)):
            return any(half(item) for item in value)
        return False
    return any(half(out) for _, out in getattr(function, "calls", ()))


# -- 17.4 one epoch of mini-batch SGD --------------------------------------------------------------

def _epoch(w, X, y, lr, batch_size, order, *, drop_last=False, same_divisor=False,
           in_order=False, frozen=False) -> np.ndarray:
    """One epoch of mini-batch SGD on the mean squared error (and its usual slips)."""
    w = np.array(w, dtype=float)
    start = w.copy()
    rows = np.arange(len(y)) if in_order else order
    total = np.zeros_like(w)
    for first in range(0, len(rows), batch_size):
        batch = rows[first:first + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        Xb, yb = X[batch], y[batch]
        at = start if frozen else w
        g = 2.0 * Xb.T @ (Xb @ at - yb) / (batch_size if same_divisor else len(batch))
        if frozen:
            total += g
        else:
            w = w - lr * g
    return start - lr * total if frozen else w


def _epoch_by_examples(w, X, y, lr, batch_size, order) -> np.ndarray:
    """The epoch with a while loop and each batch's gradient summed example by example."""
    w, first = np.array(w, dtype=float), 0
    while first < len(order):
        batch = order[first:first + batch_size]
        total = sum(2 * (X[i] @ w - y[i]) * X[i] for i in batch)
        w = w - lr * total / len(batch)
        first += batch_size
    return w


def _epoch_cases():
    X, y = WORKED_X[:3], WORKED_Y[:3]
    yield np.zeros(2), X, y, 0.1, 2, np.array([2, 0, 1])     # by hand: batches [2, 0] and [1]
    Xd, yd = _diabetes()
    rng = np.random.default_rng(174)
    yield np.zeros(Xd.shape[1]), Xd, yd, 0.01, 32, rng.permutation(len(yd))   # last batch: 26
    yield np.zeros(Xd.shape[1]), Xd, yd, 0.005, 100, rng.permutation(len(yd))  # last batch: 42
    yield np.zeros(Xd.shape[1]), Xd, yd, 0.1, len(yd), rng.permutation(len(yd))  # one full batch


def _where_epoch(w, X, y, lr, batch_size, order) -> str:
    if len(y) == 3:
        return "for the small example (3 rows, batch_size 2, order [2, 0, 1], lr 0.1)"
    return (f"for the diabetes data ({len(y)} rows) with batch_size {batch_size} and lr {lr:g}, "
            "in a random order,")


_EPOCH_SLIPS = (
    Slip(lambda *a: _epoch(*a, drop_last=True),
         "you left out the last, smaller batch: when batch_size does not divide N, the last "
         "batch holds the remaining rows, and it is a step too"),
    Slip(lambda *a: _epoch(*a, same_divisor=True),
         "you divided the last, smaller batch's sum by batch_size; its mean divides by the "
         "number of rows it holds"),
    Slip(lambda *a: _epoch(*a, in_order=True),
         "you went through the rows 0, 1, 2, ... in their stored order; the batches follow "
         "order: the first batch is rows order[0], order[1], ..."),
    Slip(lambda *a: _epoch(*a, frozen=True),
         "you computed every batch's gradient at the starting w; each step's gradient is taken "
         "at the w the previous step left"),
)


@exercise("17.4", "one epoch of mini-batch SGD", name="minibatch_epoch",
          solution=("def minibatch_epoch(w, X, y, lr, batch_size, order):\n"
                    "    w = np.array(w, dtype=float)\n"
                    "    for first in range(0, len(order), batch_size):\n"
                    "        batch = order[first:first + batch_size]  # the last may be smaller\n"
                    "        Xb, yb = X[batch], y[batch]\n"
                    "        gradient = 2 * Xb.T @ (Xb @ w - yb) / len(batch)\n"
                    "        w = w - lr * gradient\n"
                    "    return w\n"),
          hints=["An epoch is one pass over the data: cut order into consecutive pieces of "
                 "batch_size rows and take one step per piece, each from where the last left w.",
                 "range(0, N, batch_size) gives where each piece starts; a slice past the end of "
                 "an array stops at its end, so the last piece holds whatever is left.",
                 "Each step is w - lr times the piece's mean-squared-error gradient (exercise "
                 "17.2's), its mean taken over the rows the piece really holds."],
          wrong=[lambda *a: _epoch(*a, drop_last=True),
                 lambda *a: _epoch(*a, same_divisor=True),
                 lambda *a: _epoch(*a, in_order=True),
                 lambda *a: _epoch(*a, frozen=True),
                 lambda w, X, y, lr, B, order: w - lr * _batch_gradient(w, X, y, order),
                 lambda w, X, y, lr, B, order: w],
          right=[_epoch,
                 lambda w, X, y, lr, B, order: _epoch(w, X, y, lr, B, order).tolist(),
                 _epoch_by_examples],
          forbidden=(SCIPY,))
def _check_epoch(minibatch_epoch):
    return compare_cases(minibatch_epoch, list(_epoch_cases()), _epoch,
                         slips=_EPOCH_SLIPS, what="the weights after the epoch",
                         where=_where_epoch)
