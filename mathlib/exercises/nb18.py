"""Exercises of notebook 18: schedule values by hand, cosine annealing, exponential decay's gamma,
and mini-batch SGD under a schedule on the diabetes regression.

Each checker starts with a case a learner can verify by hand, then cases where the usual slips
show (a step past t_max, lr_min > 0, a warm-up step of rate 0, batches of different sizes), then
real data. The diabetes cases are built once (the data load and the batches are cached) and handed
to the learner as fresh copies, so each check call stays cheap.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..data import load_diabetes
from ..optim import cosine_annealing as _cosine
from ..optim import exponential_decay as _exponential
from ..optim import linear_warmup as _warmup
from ..optim import step_decay as _step
from ..stats import standardise as _standardise
from ._core import exercise
from ._feedback import fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "18"


# -- 18.1 by hand: three schedules at one step -----------------------------------------------------

@exercise("18.1", "by hand: step decay, exponential decay and cosine annealing at one step",
          name="answer_18_1",
          solution="answer_18_1 = (0.05, 0.025, 0.15)\n",
          hints=["Each schedule starts at lr0 = 0.2 at t = 0. Step decay multiplies by gamma once "
                 "per completed block of s steps; exponential decay once per step.",
                 "Step decay: how many whole blocks of 10 steps fit in 25 steps? Round down. "
                 "Exponential: t = 3 means three multiplications by 0.5.",
                 "Cosine: lr_min + (lr0 - lr_min) (1 + cos(pi t / t_max)) / 2; at t = 20 and "
                 "t_max = 60 the angle is pi / 3."],
          wrong=[(0.05, 0.025, 0.3), (0.025, 0.025, 0.15), (0.1, 0.025, 0.15),
                 (0.05, 0.025, 0.1), (0.0354, 0.025, 0.15),
                 (0.05, 0.05, 0.15), (0.05, 0.025, 0.05), (0.05, 0.025), (0.2, 0.025, 0.15),
                 ("0.05", "0.025", "0.15")],
          right=[[0.05, 0.025, 0.15], (1 / 20, 1 / 40, 3 / 20), np.array([0.05, 0.025, 0.15]),
                 (np.float32(0.05), 0.025, np.float32(0.15))])
def _check_answer_18_1(answer_18_1):
    return by_hand_problem(
        answer_18_1, ["step-decay rate at t = 25", "exponential rate at t = 3",
                      "cosine rate at t = 20"], [0.05, 0.025, 0.15],
        {0: [(0.2 * 0.5 ** 2.5, "you used t / s = 2.5 without rounding down: step decay stays "
                                "constant between its drops, floor(25 / 10) = 2"),
             (0.025, "you multiplied by gamma three times: the third drop comes at t = 30; "
                     "floor(25 / 10) = 2"),
             (0.1, "you multiplied by gamma once: the drops come at t = 10 and t = 20, so by "
                   "t = 25 there have been floor(25 / 10) = 2 of them")],
         1: [(0.05, "you multiplied by 0.5 twice: at t = 0 the rate is lr0, and each of the 3 "
                    "steps multiplies it once"),
             (0.0125, "you multiplied by 0.5 four times: t = 3 means three multiplications")],
         2: [(0.3, "you left out the division by 2: (1 + cos) runs from 2 down to 0, so "
                   "(1 + cos) / 2 runs from 1 down to 0"),
             (0.05, "you used cos(pi t / t_max) = -1/2, the value at t = 40; at t = 20 the angle "
                    "is pi / 3, whose cosine is +1/2"),
             (0.1, "you computed lr0 cos(pi t / t_max) = 0.2 x 1/2, without the (1 + cos) / 2 "
                   "form, or used cos(pi t / t_max) = 0, the halfway value at t = t_max / 2 = 30; "
                   "the rate is lr0 (1 + cos(pi t / t_max)) / 2, and at t = 20 the angle is "
                   "pi / 3, whose cosine is +1/2")]})


# -- 18.2 cosine annealing -------------------------------------------------------------------------

def _cosine_ref(t, lr0, t_max, lr_min):
    return lr_min + (lr0 - lr_min) * (1.0 + np.cos(np.pi * np.asarray(t) / t_max)) / 2.0


def _cosine_cases():
    yield 50, 0.1, 100, 0.0                                    # halfway: 0.05
    yield np.arange(0, 101, 10), 0.1, 100, 0.0                 # the whole fall
    yield np.array([0, 15, 30, 45, 60, 90, 120]), 0.05, 60, 0.01    # lr_min > 0, past t_max
    yield np.arange(0, 401, 25), 0.3, 100, 0.003               # two periods
    rng = np.random.default_rng(182)
    t_max = int(rng.integers(20, 300))
    lr0 = float(rng.uniform(0.01, 1.0))
    yield rng.integers(0, 2 * t_max, size=12), lr0, t_max, lr0 * 0.05


def _cosine_where(t, lr0, t_max, lr_min):
    shown = f"t = {t}" if np.ndim(t) == 0 else f"t = [{', '.join(str(int(x)) for x in t)}]"
    return f"for {shown}, lr0 = {fmt(lr0)}, t_max = {t_max}, lr_min = {fmt(lr_min)}"


_COSINE_SLIPS = (
    Slip(lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * np.asarray(t)
                                                                           / t_max)),
         "you left out the division by 2: 1 + cos runs from 2 down to 0, so the rate would "
         "start at 2 lr0; (1 + cos) / 2 runs from 1 down to 0"),
    Slip(lambda t, lr0, t_max, lr_min: lr0 * (1 + np.cos(np.pi * np.asarray(t) / t_max)) / 2,
         "your rate falls to 0, not to lr_min: the cosine part scales the gap lr0 - lr_min, and "
         "lr_min is added to it"),
    Slip(lambda t, lr0, t_max, lr_min: lr_min + lr0 * (1 + np.cos(np.pi * np.asarray(t)
                                                                 / t_max)) / 2,
         "your rate starts at lr0 + lr_min: the cosine part scales the gap lr0 - lr_min, not lr0"),
    Slip(lambda t, lr0, t_max, lr_min: _cosine_ref(np.minimum(t, t_max), lr0, t_max, lr_min),
         "past t_max you held the rate at lr_min; the exercise asks for the formula as PyTorch's "
         "closed form has it, which goes on and climbs back up (period 2 t_max)"),
    Slip(lambda t, lr0, t_max, lr_min: _cosine_ref(2 * np.asarray(t), lr0, t_max, lr_min),
         "your cosine makes a whole period by t_max (cos(2 pi t / t_max)); annealing is half a "
         "period, cos(pi t / t_max), from the top at t = 0 to the bottom at t = t_max"),
    Slip(lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * (1 - np.cos(np.pi * np.asarray(t)
                                                                           / t_max)) / 2,
         "your rate rises from lr_min to lr0: the sign before the cosine is flipped"),
)


@exercise("18.2", "cosine annealing", name="cosine_lr",
          solution=("def cosine_lr(t, lr0, t_max, lr_min):\n"
                    "    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * t / t_max)) / 2\n"),
          hints=["The rate is lr_min plus a share of the gap lr0 - lr_min; the share runs from 1 "
                 "at t = 0 down to 0 at t = t_max.",
                 "cos(pi t / t_max) runs from 1 to -1 as t goes from 0 to t_max: shift it and "
                 "scale it so that it runs from 1 to 0 instead.",
                 "Use numpy's np.cos and np.pi, so that an array of steps gives an array of rates; "
                 "do not clip t: past t_max the formula simply goes on."],
          wrong=[lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * t / t_max)),
                 lambda t, lr0, t_max, lr_min: lr0 * (1 + np.cos(np.pi * t / t_max)) / 2,
                 lambda t, lr0, t_max, lr_min: lr_min + lr0 * (1 + np.cos(np.pi * t / t_max)) / 2,
                 lambda t, lr0, t_max, lr_min: _cosine_ref(np.minimum(t, t_max), lr0, t_max, lr_min),
                 lambda t, lr0, t_max, lr_min: _cosine_ref(2 * t, lr0, t_max, lr_min),
                 lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * (1 - np.cos(np.pi * t / t_max)) / 2,
                 lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * np.cos(np.pi * t / t_max),
                 lambda t, lr0, t_max, lr_min: _cosine(t, lr0=lr0, t_max=t_max, lr_min=lr_min)],
          right=[lambda t, lr0, t_max, lr_min: lr_min + (lr0 - lr_min) * np.cos(np.pi * t / (2 * t_max)) ** 2,
                 lambda t, lr0, t_max, lr_min: (np.vectorize(lambda s: lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * s / t_max)) / 2)(t)),
                 lambda t, lr0, t_max, lr_min: np.float32(lr_min) + np.float32(lr0 - lr_min) * (1 + np.cos(np.float32(np.pi) * np.asarray(t, dtype=np.float32) / t_max)) / 2],
          forbidden=(SCIPY, forbid_object("mathlib.optim.cosine_annealing",
                                          "which computes the schedule for you")))
def _check_cosine(cosine_lr):
    return compare_cases(cosine_lr, _cosine_cases(), _cosine_ref, slips=_COSINE_SLIPS,
                         what="the learning rate", where=_cosine_where)


# -- 18.3 the gamma of exponential decay ---------------------------------------------------------

def _gamma_ref(lr0, lr_end, steps):
    return (lr_end / lr0) ** (1.0 / steps)


def _gamma_cases():
    yield 0.1, 0.001, 200            # the notebook's explorer: 0.9772
    yield 1.0, 0.5, 1                # one step to half: 0.5
    yield 0.2, 0.05, 2               # 0.2 -> 0.1 -> 0.05: 0.5
    yield 0.3, 0.3, 50               # no decay: 1
    yield 0.01, 1e-5, 1000
    rng = np.random.default_rng(183)
    lr0 = float(rng.uniform(0.01, 1.0))
    yield lr0, lr0 * float(rng.uniform(1e-4, 0.9)), int(rng.integers(5, 5000))


_GAMMA_SLIPS = (
    Slip(lambda lr0, lr_end, steps: (lr0 / lr_end) ** (1.0 / steps),
         "your gamma is the ratio the other way up (it is above 1, a growing rate): gamma^steps "
         "must equal lr_end / lr0"),
    Slip(lambda lr0, lr_end, steps: (lr_end / lr0) ** steps,
         "you raised the ratio to the power steps; gamma^steps = lr_end / lr0 is solved by the "
         "steps-th root, the power 1 / steps"),
    Slip(lambda lr0, lr_end, steps: (lr_end / lr0) / steps,
         "you divided the ratio by the number of steps; exponential decay multiplies, so take "
         "the steps-th root of the ratio instead"),
    Slip(lambda lr0, lr_end, steps: 1 - (1 - lr_end / lr0) / steps,
         "that gamma takes an equal *amount* off each step (a linear fall, and only roughly); "
         "exponential decay multiplies by the same gamma each step: gamma^steps = lr_end / lr0"),
    Slip(lambda lr0, lr_end, steps: (lr_end / lr0) ** (1.0 / (steps - 1)),
         "you took the root of order steps - 1: from t = 0 to t = steps the rate is multiplied "
         "steps times"),
    Slip(lambda lr0, lr_end, steps: (lr_end / lr0) ** (1.0 / (steps + 1)),
         "you took the root of order steps + 1: from t = 0 to t = steps the rate is multiplied "
         "steps times"),
    Slip(lambda lr0, lr_end, steps: math.log(lr_end / lr0) / steps,
         "that is log(gamma), the log of the answer: exponentiate it"),
)


@exercise("18.3", "the gamma of exponential decay", name="gamma_for",
          solution=("def gamma_for(lr0, lr_end, steps):\n"
                    "    return (lr_end / lr0) ** (1 / steps)\n"),
          hints=["Exponential decay gives lr(t) = lr0 gamma^t. Write down what it must be at "
                 "t = steps.",
                 "lr0 gamma^steps = lr_end is an equation for gamma: divide by lr0 first.",
                 "gamma^steps = r is solved by the steps-th root of r, which Python writes as a "
                 "power with a fractional exponent."],
          wrong=[lambda lr0, lr_end, steps: (lr0 / lr_end) ** (1 / steps),
                 lambda lr0, lr_end, steps: (lr_end / lr0) ** steps,
                 lambda lr0, lr_end, steps: lr_end / lr0 / steps,
                 lambda lr0, lr_end, steps: 1 - (1 - lr_end / lr0) / steps,
                 lambda lr0, lr_end, steps: (lr_end / lr0) ** (1 / (steps + 1)),
                 lambda lr0, lr_end, steps: math.log(lr_end / lr0) / steps,
                 lambda lr0, lr_end, steps: lr_end ** (1 / steps)],
          right=[lambda lr0, lr_end, steps: math.exp(math.log(lr_end / lr0) / steps),
                 lambda lr0, lr_end, steps: np.power(lr_end / lr0, 1 / steps),
                 lambda lr0, lr_end, steps: 10 ** ((math.log10(lr_end) - math.log10(lr0)) / steps)])
def _check_gamma(gamma_for):
    return compare_cases(gamma_for, _gamma_cases(), _gamma_ref, slips=_GAMMA_SLIPS,
                         what="gamma",
                         where=lambda lr0, lr_end, steps: (f"for lr0 = {fmt(lr0)}, lr_end = "
                                                          f"{fmt(lr_end)}, steps = {steps}"))


# -- 18.4 mini-batch SGD under a schedule -------------------------------------------------------

def _train_ref(X, y, rates, batches):
    w = np.zeros(X.shape[1])
    for rate, rows in zip(rates, batches):
        Xb, yb = X[rows], y[rows]
        w = w - rate * 2.0 * Xb.T @ (Xb @ w - yb) / len(rows)
    return w


@lru_cache(maxsize=1)
def _diabetes():
    """The notebook's regression: standardised measurements, a column of ones, standardised y."""
    data = load_diabetes()
    n = len(data.y)
    X = np.hstack([_standardise(data.X), np.ones((n, 1))])
    y = _standardise(data.y[:, None])[:, 0]
    rng = np.random.default_rng(184)
    runs = []
    for B, steps, kind in ((8, 100, "cosine"), (32, 60, "step"), (1, 60, "warm-up")):
        t = np.arange(steps)
        if kind == "cosine":
            rates = _cosine(t, lr0=0.1, t_max=steps)
            words = f"cosine annealing from lr0 = 0.1 to 0 over t_max = {steps} steps"
        elif kind == "step":
            rates = _step(t, lr0=0.2, step_size=20, gamma=0.1)
            words = "step decay from lr0 = 0.2, times 0.1 every 20 steps"
        else:
            rates = _warmup(t, lr0=0.02, warmup_steps=10) * _exponential(t, lr0=1.0, gamma=0.97)
            words = ("a 10-step linear warm-up to lr0 = 0.02 times exponential decay with "
                     "gamma = 0.97")
        batches = [rng.choice(n, size=B, replace=False) for _ in range(steps)]
        runs.append((rates, batches, f"the diabetes data ({n} x 11) with batches of its own "
                                     f"({steps} steps, batches of {B}) and the rates of {words}"))
    return X, y, runs


_SMALL_X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
_SMALL_Y = np.array([1.0, 2.0, 3.0, 4.0])


def _train_cases():
    # by hand: one step on rows 0 and 1 from w = 0: gradient 2/2 X_b^T (0 - y_b) = -(1, 2)
    yield _SMALL_X.copy(), _SMALL_Y.copy(), np.array([0.5]), [np.array([0, 1])]
    # batches of different sizes, a rate of 0 (warm-up's first step) and a changing rate
    yield (_SMALL_X.copy(), _SMALL_Y.copy(), np.array([0.0, 0.1, 0.05, 0.025]),
           [np.array([0, 1, 2, 3]), np.array([2]), np.array([1, 3]), np.array([0, 2, 3])])
    X, y, runs = _diabetes()
    for rates, batches, _ in runs:
        yield X.copy(), y.copy(), rates.copy(), [b.copy() for b in batches]


def _train_where(X, y, rates, batches):
    if len(X) > 10:
        for r, _, words in _diabetes()[2]:
            if len(r) == len(rates) and np.array_equal(r, rates):
                return f"on {words},"
    shown = "; ".join(f"{fmt(r)} on rows {list(map(int, b))}" for r, b in zip(rates, batches))
    return f"for X = {_SMALL_X.tolist()}, y = {_SMALL_Y.tolist()} and the steps ({shown}),"


def _full_batch(X, y, rates, batches):
    return _train_ref(X, y, rates, [np.arange(len(y))] * len(rates))


_TRAIN_SLIPS = (
    Slip(lambda X, y, rates, batches: _train_ref(X, y, np.asarray(rates) / 2, batches),
         "you left out the 2 of the gradient: d/dw mean((X_b w - y_b)^2) = 2 X_b^T (X_b w - y_b) / B"),
    Slip(lambda X, y, rates, batches: _train_ref(X, y, [r * len(b) for r, b in zip(rates, batches)],
                                                 batches),
         "you added up the batch's gradients instead of averaging them: divide by the batch "
         "size B (len(batches[t]), which can change from step to step)"),
    Slip(_full_batch,
         "you used every row at every step (the full-batch gradient); step t uses only the rows "
         "batches[t]"),
    Slip(lambda X, y, rates, batches: _train_ref(X, y, list(rates[1:]) + [0.0], batches),
         "your rates are one step off: step t uses rates[t], starting with rates[0]"),
    Slip(lambda X, y, rates, batches: _train_ref(X, y, -np.asarray(rates), batches),
         "your step goes uphill: subtract rates[t] times the gradient"),
)


@exercise("18.4", "mini-batch SGD under a schedule", name="train",
          solution=("def train(X, y, rates, batches):\n"
                    "    w = np.zeros(X.shape[1])\n"
                    "    for rate, rows in zip(rates, batches):\n"
                    "        Xb, yb = X[rows], y[rows]\n"
                    "        gradient = 2 * Xb.T @ (Xb @ w - yb) / len(rows)\n"
                    "        w = w - rate * gradient\n"
                    "    return w\n"),
          hints=["Start from w = np.zeros(d) and take one step per entry of rates: step t uses "
                 "rates[t] and only the rows batches[t] of X and y.",
                 "X[rows] picks the batch's rows. The gradient of the batch's mean squared error "
                 "is 2 X_b^T (X_b w - y_b) / B, with B the number of rows in this batch.",
                 "Subtract rates[t] times that gradient from w; the answer is w after the last step. "
                 "A rate of 0 is allowed: that step leaves w as it is."],
          wrong=[lambda X, y, r, b: _train_ref(X, y, np.asarray(r) / 2, b),
                 lambda X, y, r, b: _train_ref(X, y, [ri * len(bi) for ri, bi in zip(r, b)], b),
                 _full_batch,
                 lambda X, y, r, b: _train_ref(X, y, list(r[1:]) + [0.0], b),
                 lambda X, y, r, b: _train_ref(X, y, r[:-1], b),
                 lambda X, y, r, b: _train_ref(X, y, r, b)[None, :],
                 lambda X, y, r, b: _train_ref(X, y, np.full(len(r), r[0]), b)],
          right=[_train_ref,
                 lambda X, y, r, b: _train_ref(X.astype(np.float32), y.astype(np.float32), r,
                                                b).astype(np.float32),
                 lambda X, y, r, b: _train_ref(X, y, list(r), [list(rows) for rows in b])])
def _check_train(train):
    return compare_cases(train, _train_cases(), _train_ref, slips=_TRAIN_SLIPS,
                         what="the weights after the last step", where=_train_where)
