"""Exercises of notebook 26: Euler steps by hand, Euler's method on any grid, the largest stable
step of a linear system (with the diabetes regression's gradient flow), and a residual network
as Euler steps.

Each checker starts with a case a learner can verify by hand, then the cases where the usual slips
show (an uneven grid, a vector state, an eigenvalue that is not the largest), then real data. The
diabetes matrix is built once (cached) and handed over as a fresh copy, so each check stays cheap.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import load_diabetes
from ..stats import standardise as _standardise
from ._core import exercise
from ._feedback import fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "26"


# -- 26.1 by hand: Euler steps, stable and unstable ---------------------------------------------

@exercise("26.1", "by hand: Euler steps on dy/dt = y and dy/dt = -3 y",
          name="answer_26_1",
          solution="answer_26_1 = (2.25, -2.0, 4.0)\n",
          hints=["One Euler step is y_new = y + h f(t, y): the slope at the start, times the "
                 "step, added to y.",
                 "For dy/dt = y the slope is y itself, so a step multiplies y by 1 + h; for "
                 "dy/dt = -3 y it multiplies y by 1 - 3 h.",
                 "With h = 1 the second problem's factor is 1 - 3 = -2: apply it once, then "
                 "again."],
          wrong=[(2.0, -2.0, 4.0), (np.e, -2.0, 4.0), (2.25, 4.0, 16.0), (2.25, -2.0, -4.0),
                 (2.25, np.exp(-3), np.exp(-6)), (1.5, -2.0, 4.0), (2.25, -2.0),
                 ("2.25", "-2", "4"), (-2.0, 4.0, 2.25), (4.0, -2.0, 2.25)],
          right=[[2.25, -2, 4], (9 / 4, -2.0, 4.0), np.array([2.25, -2.0, 4.0])])
def _check_answer_26_1(answer_26_1):
    try:
        got = [float(x) for x in answer_26_1]
    except (TypeError, ValueError):
        got = None
    if (got is not None and len(got) == 3 and got != [2.25, -2.0, 4.0]
            and sorted(got) == sorted([2.25, -2.0, 4.0])):
        return ("your three numbers are the right ones in the wrong order: the answer is (y after "
                "two steps of dy/dt = y, y after one step of dy/dt = -3 y, y after two steps of "
                "dy/dt = -3 y), in that order.")
    return by_hand_problem(
        answer_26_1, ["y after two steps of dy/dt = y", "y after one step of dy/dt = -3 y",
                      "y after two steps of dy/dt = -3 y"], [2.25, -2.0, 4.0],
        {0: [(2.0, "you took one step of h = 1 instead of two steps of h = 0.5: the second step "
                   "starts from y = 1.5, and its slope is 1.5"),
             (np.e, "you gave the exact solution e^1; Euler's method gives (1 + h)^2"),
             (1.5, "you stopped after one step; the question asks for two")],
         1: [(4.0, "your step went the wrong way: the slope is -3 y = -3, so y + h f = 1 - 3"),
             (np.exp(-3), "you gave the exact solution e^(-3); Euler's step is y + h (-3 y)")],
         2: [(16.0, "your step went the wrong way: the slope is -3 y, so each step multiplies by "
                    "1 - 3 = -2"),
             (-4.0, "you added the slope again instead of multiplying: the second step starts "
                    "from y = -2, where the slope is -3 x (-2) = 6, so y = -2 + 6"),
             (np.exp(-6), "you gave the exact solution e^(-6); Euler's steps multiply by "
                          "1 - 3 h = -2 each")]})


# -- 26.2 Euler's method on any grid -------------------------------------------------------------

def _euler_ref(f, y0, t):
    t = np.asarray(t, dtype=float)
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    Y = np.empty((len(t), y.size))
    Y[0] = y
    for k in range(len(t) - 1):
        y = y + (t[k + 1] - t[k]) * np.asarray(f(t[k], y), dtype=float)
        Y[k + 1] = y
    return Y


class _Rate:
    """f(t, y) with words for the feedback."""

    def __init__(self, function, words):
        self.function, self.words = function, words

    def __call__(self, t, y):
        return self.function(t, y)


_DECAY = _Rate(lambda t, y: -2.0 * y, "dy/dt = -2 y")
_GROWTH_T = _Rate(lambda t, y: t * y, "dy/dt = t y")
_SPRING = _Rate(lambda t, y: np.array([y[1], -y[0]]), "the spring (x, v)' = (v, -x)")
def _first_entry(t, y):
    if np.ndim(y) != 1:
        raise TypeError(f"f(t, y) takes y as a 1-D array (length 1 for one number, as solve_ivp "
                        f"passes it), got {np.asarray(y).tolist()!r}, a bare number: start "
                        "from y = np.atleast_1d(y0), even when y0 is a number")
    return np.array([1.0 - y[0]])


_FIRST = _Rate(_first_entry, "dy/dt = 1 - y written with y[0]")
_SINE = _Rate(lambda t, y: np.cos(t) - 0.5 * y, "dy/dt = cos(t) - y / 2")


def _euler_cases():
    yield _DECAY, 1.0, np.array([0.0, 0.25, 0.5, 0.75])             # by hand: 1, 0.5, 0.25, 0.125
    yield _GROWTH_T, 1.0, np.array([0.0, 0.5, 0.75, 1.5, 2.0])        # uneven and t-dependent
    yield _FIRST, 0.0, np.array([0.0, 0.5, 1.0, 2.0])                 # a scalar y0, f needs y[0]
    yield _SPRING, np.array([1.0, 0.0]), np.linspace(0.0, 3.0, 13)    # a vector state
    rng = np.random.default_rng(262)
    yield _SINE, np.array([0.3]), np.sort(rng.uniform(0.0, 5.0, 40))  # uneven, starts after 0


def _euler_where(f, y0, t):
    grid = ", ".join(fmt(x) for x in t) if len(t) <= 6 else f"{len(t)} times from {fmt(t[0])} " \
                                                              f"to {fmt(t[-1])}"
    return f"for {f.words}, y0 = {np.asarray(y0).tolist()}, t = [{grid}]"


def _first_step(f, y0, t):
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    rows, h = [y], t[1] - t[0]
    for k in range(len(t) - 1):
        y = y + h * np.asarray(f(t[k], y), dtype=float)
        rows.append(y)
    return np.array(rows)


def _end_slope(f, y0, t):
    t = np.asarray(t, dtype=float)
    shifted = lambda s, y: f(t[min(int(np.searchsorted(t, s)) + 1, len(t) - 1)], y)  # noqa: E731
    return _euler_ref(shifted, y0, t)


def _int_rows(f, y0, t):
    Y = _euler_ref(f, y0, t)
    return np.trunc(Y).astype(int)


_EULER_SLIPS = (
    Slip(lambda f, y0, t: _euler_ref(lambda s, y: f(y, s), y0, t),
         "you called f(y, t[k]), odeint's order; f is called as f(t, y) (solve_ivp's order): "
         "the slope is f(t[k], y)"),
    Slip(_int_rows,
         "your Y holds integers (np.zeros(..., dtype=int), or an array made from an integer "
         "y0), so each stored state was cut to a whole number: make Y a float array "
         "(dtype=float)"),
    Slip(_first_step,
         "you used the first step t[1] - t[0] for every step; on an uneven grid step k has its "
         "own size h = t[k + 1] - t[k]"),
    Slip(_end_slope,
         "you evaluated f at t[k + 1], the end of the step; Euler's method uses the slope at its "
         "start, f(t[k], y_k)"),
    Slip(lambda f, y0, t: _euler_ref(f, y0, t)[1:],
         "your array has no row for t[0]: the first row is y0 itself, then one row per step "
         "(len(t) rows in all)"),
    Slip(lambda f, y0, t: _euler_ref(lambda s, y: -np.asarray(f(s, y)), y0, t),
         "your steps go against the slope: y_{k+1} = y_k + h f(t_k, y_k)"),
)


@exercise("26.2", "Euler's method on any grid of times", name="euler_solve",
          solution=("def euler_solve(f, y0, t):\n"
                    "    y = np.atleast_1d(np.asarray(y0, dtype=float))\n"
                    "    Y = np.empty((len(t), y.size))\n"
                    "    Y[0] = y\n"
                    "    for k in range(len(t) - 1):\n"
                    "        y = y + (t[k + 1] - t[k]) * np.asarray(f(t[k], y))\n"
                    "        Y[k + 1] = y\n"
                    "    return Y\n"),
          hints=["Keep the current state y (a 1-D array, even for one number: np.atleast_1d) and "
                 "an array Y with one row per time for the answer; its first row is y0.",
                 "One step per gap between neighbouring times: one fewer step than times. Each "
                 "has its own size, since the grid may be uneven.",
                 "Step k: h = t[k + 1] - t[k], slope = f(t[k], y) at the start of the step, "
                 "y = y + h * slope, and store it in row k + 1."],
          wrong=[_first_step, _end_slope, lambda f, y0, t: _euler_ref(f, y0, t)[1:],
                 lambda f, y0, t: _euler_ref(lambda s, y: -np.asarray(f(s, y)), y0, t),
                 lambda f, y0, t: _euler_ref(f, y0, t)[:, 0],
                 lambda f, y0, t: _euler_ref(f, y0, t).T,
                 lambda f, y0, t: np.repeat(np.atleast_2d(y0), len(t), axis=0),
                 lambda f, y0, t: _euler_ref(lambda s, y: f(y, s), y0, t), _int_rows,
                 lambda f, y0, t: _euler_ref(lambda s, y: f(s, y[0]), y0, t)],
          right=[_euler_ref,
                 lambda f, y0, t: _euler_ref(f, y0, np.asarray(t, dtype=np.float64)).tolist(),
                 lambda f, y0, t: np.array([y for y in _gen_rows(f, y0, t)])],
          forbidden=(SCIPY, forbid_object("mathlib.ode.euler", "which is the answer itself"),
                     forbid_object("mathlib.ode.rk4", "which is a different method and the "
                                   "library's own solver")))
def _check_euler(euler_solve):
    return compare_cases(euler_solve, _euler_cases(), _euler_ref, slips=_EULER_SLIPS,
                         what="the states Y (one row per time)", where=_euler_where)


def _gen_rows(f, y0, t):
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    yield y
    for a, b in zip(t[:-1], t[1:]):
        y = y + (b - a) * f(a, y)
        yield y


# -- 26.3 the largest stable step of a linear system ---------------------------------------------

def _stable_ref(A):
    return 2.0 / float(np.max(np.abs(np.linalg.eigvalsh(A))))


@lru_cache(maxsize=1)
def _diabetes_flow():
    """-H for the diabetes regression: dw/dt = -grad L(w) = -H w + ..., H = 2 X^T X / n."""
    data = load_diabetes()
    n = len(data.y)
    X = np.hstack([_standardise(data.X), np.ones((n, 1))])
    return -2.0 * X.T @ X / n


def _stable_cases():
    yield np.array([[-4.0]]),                                   # one number: 2 / 4 = 0.5
    yield np.diag([-1.0, -10.0]),                               # the largest |lambda| wins: 0.2
    yield np.array([[-3.0, 1.0], [1.0, -3.0]]),                 # eigenvalues -2, -4: 0.5
    rng = np.random.default_rng(263)
    Q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    yield Q @ np.diag(-rng.uniform(0.1, 7.0, 5)) @ Q.T,         # not diagonal: no reading off
    yield _diabetes_flow().copy(),


def _stable_where(A):
    if A.shape == (11, 11):
        return ("for the diabetes regression's gradient flow, A = -H = -2 X^T X / n (11 x 11),")
    return f"for A = {np.round(A, 3).tolist()},"


def _eig(A):
    return np.abs(np.linalg.eigvalsh(A))


_STABLE_SLIPS = (
    Slip(lambda A: 2.0 / float(np.min(_eig(A))),
         "you used the smallest |eigenvalue|; the step must be stable for every direction, so "
         "the largest |eigenvalue| (the stiffest direction) sets the limit"),
    Slip(lambda A: 1.0 / float(np.max(_eig(A))),
         "that is 1 / |lambda|max, where the run starts to oscillate; it still decays up to "
         "|1 + h lambda| = 1, at h = 2 / |lambda|max"),
    Slip(lambda A: -2.0 / float(np.max(_eig(A))),
         "your step is negative: the eigenvalues are negative, and the limit is 2 / |lambda|"),
    Slip(lambda A: 2.0 / float(np.max(np.abs(np.diag(A)))),
         "you used the largest diagonal entry; for a matrix that is not diagonal the eigenvalues "
         "are not on the diagonal"),
    Slip(lambda A: 2.0 / float(np.sum(_eig(A))),
         "you added up the eigenvalues (the trace); the limit is set by the largest one alone"),
    Slip(lambda A: 2.0 / float(np.linalg.norm(A)),
         "you divided by np.linalg.norm(A), the Frobenius norm (the root of the sum of all "
         "squared entries, here of all squared eigenvalues), which is larger than |lambda|max "
         "whenever more than one eigenvalue is not 0; the limit needs the largest |eigenvalue| "
         "alone (np.linalg.norm(A, 2) for a symmetric A)"),
)


@exercise("26.3", "the largest stable Euler step of dy/dt = A y", name="max_stable_step",
          solution=("def max_stable_step(A):\n"
                    "    eigenvalues = np.linalg.eigvalsh(A)\n"
                    "    return 2 / np.max(np.abs(eigenvalues))\n"),
          hints=["Euler's step on dy/dt = A y multiplies y by the matrix I + h A. Along an eigenvector with "
                 "eigenvalue lambda it multiplies by 1 + h lambda.",
                 "Each direction needs |1 + h lambda| < 1; with lambda < 0 that is h < 2 / |lambda|. "
                 "Which direction gives the tightest limit?",
                 "A is symmetric: np.linalg.eigvalsh(A) gives its eigenvalues."],
          wrong=[lambda A: 2.0 / float(np.min(_eig(A))), lambda A: 1.0 / float(np.max(_eig(A))),
                 lambda A: -2.0 / float(np.max(_eig(A))),
                 lambda A: 2.0 / float(np.max(np.abs(np.diag(A)))),
                 lambda A: 2.0 / float(np.sum(_eig(A))),
                 lambda A: float(np.max(_eig(A))) / 2,
                 lambda A: 2.0 / float(np.linalg.norm(A))],
          right=[_stable_ref,
                 lambda A: 2.0 / float(np.max(np.abs(np.linalg.eigvals(A)))),
                 lambda A: 2.0 / float(np.linalg.norm(A, 2))],
          forbidden=(SCIPY,))
def _check_stable(max_stable_step):
    return compare_cases(max_stable_step, _stable_cases(), _stable_ref, slips=_STABLE_SLIPS,
                         what="the largest stable step", where=_stable_where)


# -- 26.4 a residual network as Euler steps --------------------------------------------------------

def _resnet_ref(x, Ws, bs, h):
    x = np.asarray(x, dtype=float)
    for W, b in zip(Ws, bs):
        x = x + h * np.tanh(W @ x + b)
    return x


def _resnet_cases():
    yield np.array([1.0, 0.0]), [np.eye(2)], [np.zeros(2)], 0.5     # by hand: (1 + tanh(1) / 2, 0)
    yield (np.array([0.5, -1.0]), [np.array([[0.0, 1.0], [-1.0, 0.0]]),
                                   np.array([[1.0, 0.5], [0.0, 2.0]])],
           [np.array([0.1, 0.0]), np.array([0.0, -0.3])], 0.25)
    rng = np.random.default_rng(264)
    Ws = [rng.standard_normal((4, 4)) / 2 for _ in range(8)]
    yield rng.standard_normal(4), Ws, [rng.standard_normal(4) / 4 for _ in range(8)], 0.125


def _resnet_where(x, Ws, bs, h):
    return f"for x = {np.round(x, 3).tolist()}, {len(Ws)} block(s) and h = {fmt(h)}"


def _plain(x, Ws, bs, h):
    x = np.asarray(x, dtype=float)
    for W, b in zip(Ws, bs):
        x = h * np.tanh(W @ x + b)
    return x


def _outer(x, Ws, bs, h):
    x = np.asarray(x, dtype=float)
    for W, b in zip(Ws, bs):
        x = np.tanh(x + h * (W @ x + b))
    return x


_RESNET_SLIPS = (
    Slip(_plain,
         "you dropped the skip connection: each block returns x + h tanh(W x + b), the input "
         "plus the change"),
    Slip(lambda x, Ws, bs, h: _resnet_ref(x, Ws, bs, 1.0),
         "you left out the step h: each block adds h tanh(W x + b), not tanh(W x + b)"),
    Slip(_outer,
         "you put tanh around the whole block; tanh is f, the rate: x + h tanh(W x + b)"),
    Slip(lambda x, Ws, bs, h: _resnet_ref(x, [W.T for W in Ws], bs, h),
         "you used W^T x; the block computes W @ x"),
)


@exercise("26.4", "a residual network as Euler steps", name="residual_net",
          solution=("def residual_net(x, Ws, bs, h):\n"
                    "    for W, b in zip(Ws, bs):\n"
                    "        x = x + h * np.tanh(W @ x + b)\n"
                    "    return x\n"),
          hints=["Each block is one Euler step x <- x + h f(x) with the rate f(x) = tanh(W x + b) "
                 "of its own W and b.",
                 "Loop over the blocks in order, taking Ws[i] and bs[i] together; each block "
                 "starts from the previous block's output.",
                 "Do not change x in place (x += ... would change the caller's array): write "
                 "x = x + h * ...."],
          wrong=[_plain, lambda x, Ws, bs, h: _resnet_ref(x, Ws, bs, 1.0), _outer,
                 lambda x, Ws, bs, h: _resnet_ref(x, [W.T for W in Ws], bs, h),
                 lambda x, Ws, bs, h: _resnet_ref(x, Ws[:1], bs[:1], h),
                 lambda x, Ws, bs, h: _resnet_ref(x, Ws[::-1], bs[::-1], h)],
          right=[_resnet_ref,
                 lambda x, Ws, bs, h: _resnet_ref(np.asarray(x, dtype=np.float32), Ws, bs, h),
                 lambda x, Ws, bs, h: list(_resnet_ref(x, Ws, bs, h))])
def _check_resnet(residual_net):
    return compare_cases(residual_net, _resnet_cases(), _resnet_ref, slips=_RESNET_SLIPS,
                         what="the output", where=_resnet_where)
