"""Exercises of notebook 08: one gradient-descent step, a whole run, the largest stable learning
rate of a quadratic, the Iris line fitted by gradient descent with a stopping rule, and two steps
by hand.

Each checker runs a case a learner can follow by hand first, then seeded random sizes and
values chosen so that the usual bugs show: the learning rate is never 1 (a missing learning rate
shows), the gradient never equals w, the runs are short (an off-by-one number of steps shows) and
one case has zero steps.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..data import load_iris
from ._core import exercise
from ._rules import forbid_object
from ._slips import Slip, compare_cases
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, fmt, fmt_list,
                        fmt_pair)

NOTEBOOK = "08"

# The loop is the exercise: mathlib's own gradient descent would run it for you.
_OWN_LOOP = (forbid_object("mathlib.optim.gradient_descent", "which runs the loop for you (this "
                           "exercise asks you to write it)", "GRADIENT_DESCENT"),)


def _step_cases():
    rng = np.random.default_rng(80)
    yield np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.1
    for d in (int(rng.integers(3, 7)), 1):
        w = np.round(rng.uniform(-3, 3, size=d), 2)
        grad = np.round(rng.uniform(0.5, 3, size=d), 2) * rng.choice([-1, 1], size=d)
        yield w, grad, float(np.round(rng.uniform(0.05, 0.4), 2))


@exercise("08.1", "one gradient-descent step", name="gd_step",
          solution="def gd_step(w, grad, learning_rate):\n"
                   "    return w - learning_rate * grad\n",
          hints=["The gradient points uphill, towards the steepest increase of the loss. Which way "
                 "should the weights move to make the loss smaller?",
                 "Move against the gradient, by a step that is the learning rate times the "
                 "gradient. Every weight gets its own step, so work with the whole arrays.",
                 "Give the new weights back as a new array, without changing w. Check on the "
                 "notebook's example: from w = 1 on f = 2w² (gradient 4w) with learning rate "
                 "0.1, one step gives 0.6."],
          wrong=[lambda w, g, lr: w + lr * g, lambda w, g, lr: w - lr * g * w,
                 lambda w, g, lr: w - g, lambda w, g, lr: lr * g, lambda w, g, lr: w - lr,
                 lambda w, g, lr: w - g / lr, lambda w, g, lr: (w - lr * g)[:-1]],
          right=[lambda w, g, lr: w + (-lr) * g, lambda w, g, lr: np.subtract(w, lr * g),
                 lambda w, g, lr: [wi - lr * gi for wi, gi in zip(w, g)],
                 lambda w, g, lr: (w.astype(np.float32) - np.float32(lr) * g)])
def _check_step(gd_step):
    for w, grad, lr in _step_cases():
        where = f"for w = {fmt_list(w)}, grad = {fmt_list(grad)} and learning_rate = {fmt(lr)}"
        got = as_array_of_shape(gd_step(w, grad, lr), w.shape,
                                f"{where} the answer (the new weights, one per weight)")
        want = w - lr * grad
        if close(got, want, scale=np.abs(w).max()):
            continue
        should, yours = fmt_pair(want, got)
        problem = f"{where} the new weights are {should}; yours are {yours}"
        if close(got, w + lr * grad):
            problem += (". You added the step: that moves uphill, where the loss grows. The "
                        "gradient points uphill, so subtract it")
        elif close(got, w - lr * grad * w):
            problem += ". The step is learning_rate times the gradient, not times grad times w"
        elif close(got, w - grad):
            problem += ". The learning rate is missing: the step is learning_rate times grad"
        elif close(got, lr * grad) or close(got, -lr * grad):
            problem += ". That is only the step; the new weights are w minus the step"
        return problem
    return None


def _quadratic_gradient(A, c):
    """The gradient ``A w - c`` of ``f(w) = w^T A w / 2 - c^T w``, for the learner to call."""
    def grad(w):
        return A @ np.asarray(w, dtype=float) - c
    return grad


def _run_cases():
    rng = np.random.default_rng(81)
    yield (lambda w: 2 * np.asarray(w, dtype=float)), np.array([1.0]), 0.25, 3
    d = int(rng.integers(2, 5))
    M = rng.normal(size=(d, d))
    A = M @ M.T / d + np.eye(d)
    c = np.round(rng.uniform(-1, 1, size=d), 2)
    yield (_quadratic_gradient(A, c), np.round(rng.uniform(-2, 2, size=d), 2),
           float(np.round(rng.uniform(0.1, 0.3), 2)), int(rng.integers(4, 8)))
    yield _quadratic_gradient(np.eye(2) * 3.0, np.array([1.0, -1.0])), np.array([0.5, 2.0]), \
        0.1, 0


def _reference_run(grad, w0, lr, steps, sign=-1.0):
    path = [np.asarray(w0, dtype=float)]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            path.append(path[-1] + sign * lr * grad(path[-1]))
    return np.array(path)


@exercise("08.2", "a whole gradient-descent run", name="run_gd", forbidden=_OWN_LOOP,
          solution="def run_gd(grad, w0, learning_rate, steps):\n"
                   "    path = [w0]\n"
                   "    w = w0\n"
                   "    for k in range(steps):\n"
                   "        w = w - learning_rate * grad(w)\n"
                   "        path.append(w)\n"
                   "    return np.array(path)\n",
          hints=["The path starts with w0 and gets one more point per step, so `steps` steps give "
                 "steps + 1 points.",
                 "Keep a list of points, starting with w0. In a loop that runs `steps` times, "
                 "compute the next w from the current one by one gradient step and add it to the "
                 "list.",
                 "Write the update as a new array (w = w minus learning_rate times grad(w)), not "
                 "in place with -=: an in-place update changes the arrays already in the list. "
                 "At the end turn the list into an array of shape (steps + 1, d)."],
          wrong=[lambda g, w0, lr, n: _reference_run(g, w0, lr, n)[1:],
                 lambda g, w0, lr, n: _reference_run(g, w0, lr, n + 1),
                 lambda g, w0, lr, n: np.array([w0] * (n + 1)),
                 lambda g, w0, lr, n: _reference_run(g, w0, lr, n, sign=1.0),
                 lambda g, w0, lr, n: np.array([_reference_run(g, w0, lr, n)[-1]] * (n + 1)),
                 lambda g, w0, lr, n: _reference_run(g, w0, lr, n)[-1],
                 lambda g, w0, lr, n: _reference_run(g, w0, 1.0, n),
                 lambda g, w0, lr, n: np.array([w0] + [_reference_run(g, w0, lr, n)[-1]] * n)],
          right=[lambda g, w0, lr, n: _reference_run(g, w0, lr, n).tolist(),
                 lambda g, w0, lr, n: np.array(list(itertools.accumulate(
                     range(n), lambda w, _: w - lr * g(w), initial=w0))),
                 lambda g, w0, lr, n: np.stack(_reference_run(g, w0, lr, n).astype(np.float32))])
def _check_run(run_gd):
    for grad, w0, lr, steps in _run_cases():
        want = _reference_run(grad, w0, lr, steps)
        where = (f"from w0 = {fmt_list(w0)} with learning_rate = {fmt(lr)} and steps = {steps}")
        result = run_gd(grad, w0, lr, steps)
        try:
            shape = np.shape(result)
        except ValueError:
            shape = None
        if shape is not None and len(shape) == 2 and shape[1] == len(w0) \
                and shape[0] != steps + 1:
            hint = (" (did you leave out the start w0, or stop one step early?)"
                    if shape[0] == steps else
                    " (did your loop run one step too many?)" if shape[0] == steps + 2 else "")
            raise Wrong(f"{where} the path has {steps + 1} points, the start and one per step; "
                        f"yours has {shape[0]}{hint}")
        got = as_array_of_shape(result, want.shape,
                                f"{where} the path (one row per point, the start first)")
        scale = max(1.0, float(np.abs(w0).max()))
        if close(got, want, scale=scale):
            continue
        if steps >= 2 and np.all(got[1:] == got[-1]) and close(got[-1], want[-1], scale=scale):
            rows = "every row" if np.all(got[0] == got[-1]) else "every row after the start"
            return (f"{where} {rows} of your path is the same array object, changed in place "
                    f"(w -= ...), so they all show the last point {fmt_list(got[-1])}. Append a "
                    "copy, w.copy(), or build a new w each step (w = w - ...)")
        if not close(got[0], want[0], scale=scale):
            return (f"{where} the first row (row 0) should be the start w0 = {fmt_list(w0)}; "
                    f"yours is {fmt_list(got[0])}")
        if np.all(got == got[0]):
            return f"{where} every row of your path is w0: w is never updated"
        if close(got, _reference_run(grad, w0, lr, steps, sign=1.0), scale=scale):
            return f"{where} your path climbs uphill: subtract the gradient step instead of adding it"
        k = int(np.argmax(np.any(~np.isclose(got, want, rtol=1e-5, atol=1e-8 * scale), axis=1)))
        should, yours = fmt_pair(want[k], got[k])
        return (f"{where} row {k} of the path (counting from 0: row 0 is the start, row {k} "
                f"the point after {k} step{'' if k == 1 else 's'}) should be {should}; yours is "
                f"{yours}")
    return None


_LIMIT = 1 / 3


@exercise("08.3", "the largest stable learning rate", name="lr_limit",
          solution="lr_limit = 1 / 3\n",
          hints=["Write f(w) = 3 w² in the form a w² / 2: what is a? (It is the second "
                 "derivative of f.)",
                 "One step multiplies w by 1 − lr·a. The run converges exactly when that factor "
                 "lies strictly between −1 and 1.",
                 "The boundary is where the factor 1 − lr·a reaches −1; solve that for lr and "
                 "give it exactly (a fraction a / b is fine)."],
          wrong=[1 / 6, 2 / 3, 1.0, 2.0, 0.33, "1/3", (1 / 3,), 6.0, 0.25, 0.3, 0.333333,
                 np.float32(1 / 3)],
          right=[1 / 3, np.float64(1 / 3), 2 / 6, np.array(1 / 3), 0.3333333333])
def _check_limit(lr_limit):
    value = float(as_number(lr_limit, "the learning rate", you="your answer is"))
    # "exactly" as in 06.4 and 09.4: equal up to float64 rounding (1e-9), so six decimals fail
    if abs(value - _LIMIT) <= 1e-9 * max(1.0, _LIMIT):
        return None
    if value == float(np.float32(_LIMIT)):
        return ("your answer is 1 / 3 stored as float32, which keeps about 7 digits; give it "
                "as a Python number (a fraction a / b computes in float64)")
    if abs(value - _LIMIT) < 0.01:
        return (f"your answer {fmt(value, 12)} is rounded; give the boundary exactly (the Python "
                "expression of a fraction, a / b)")
    problem = f"your answer {fmt(value)} is not the boundary between converging and diverging"
    if close(value, 1 / 6):
        return (problem + ". That is where the factor 1 − lr·a is 0 (one step lands on the "
                "minimum) and larger rates start to overshoot; the run still converges beyond "
                "it, up to where the factor reaches −1")
    if close(value, 2 / 3):
        return (problem + ". Is 3 really the a of a w²/2? Write 3 w² in that form (a is the "
                "second derivative of f) and check")
    if close(value, 0.25):
        return (problem + ". 0.25 is the one-step rate of the notebook's 2 w²; this f is "
                "another function, with another curvature a")
    if close(value, 1.0) or close(value, 2.0):
        return problem + ". The threshold depends on the curvature a of f: it is 2/a"
    return problem + ". One step multiplies w by 1 − lr·a; find where that factor reaches −1"


def _overflowed(result) -> bool:
    """True when ``result`` is (w, b, ...) real numbers of which w or b is inf or nan."""
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return False
    return values.shape in ((2,), (3,)) and not np.all(np.isfinite(values[:2]))


def flowers150() -> tuple[np.ndarray, np.ndarray]:
    """All 150 Iris flowers: petal length (x) and petal width (y), in cm."""
    iris = load_iris()
    return iris.X[:, 2], iris.X[:, 3]


def _line_gd(x, y, lr, tol, max_steps, **options):
    """:func:`_descend_line`, remembered: every check of 08.4 runs the reference and each slip
    on the same cases (up to 5000 steps of a Python loop each), and a run depends only on its
    numbers. The arrays' bytes are the key, so an answer that changes its arrays in place cannot
    change a remembered run."""
    if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
        return _descend_line(x, y, lr, tol, max_steps, **options)
    key = (x.dtype.str, x.shape, x.tobytes(), y.dtype.str, y.shape, y.tobytes(), lr, tol,
           max_steps, tuple(sorted(options.items())))
    if key not in _LINE_RUNS:
        if len(_LINE_RUNS) > 512:
            _LINE_RUNS.clear()
        _LINE_RUNS[key] = _descend_line(x, y, lr, tol, max_steps, **options)
    return _LINE_RUNS[key]


_LINE_RUNS: dict = {}


def _descend_line(x, y, lr, tol, max_steps, factor=2.0, reduce=np.mean, sequential=False,
                  check_after=False, below=True, length=np.hypot):
    """Gradient descent on the mean squared error of the line from (0, 0), stopped when the
    gradient's length falls below ``tol`` (checked before each step) or after ``max_steps`` steps:
    (w, b, steps taken). Quietly inf or nan when a (wrong) variant diverges. The keywords make
    the usual slips: ``sequential`` updates b with the error of the already-updated w,
    ``check_after`` tests the gradient after the step, ``below=False`` stops at <= tol... (see
    _FIT_SLIPS)."""
    w = b = 0.0
    with np.errstate(all="ignore"):
        for k in range(max_steps):
            e = w * x + b - y
            gw, gb = factor * reduce(e * x), factor * reduce(e)
            if not check_after and (length(gw, gb) < tol if below else length(gw, gb) <= tol):
                return w, b, k
            if sequential:
                w = w - lr * gw
                b = b - lr * factor * reduce(w * x + b - y)
            else:
                w, b = w - lr * gw, b - lr * gb
            if check_after:
                e = w * x + b - y
                if length(factor * reduce(e * x), factor * reduce(e)) < tol:
                    return w, b, k + 1
    return w, b, max_steps


def _fit_cases():
    rng = np.random.default_rng(82)
    x, y = flowers150()
    yield x, y, 0.05, 1e-6, 5000                       # stops after 690 steps
    yield x, y, 0.05, 1e-6, 500                        # stops at the step limit
    for tol in (0.2, 1e-3):
        n = int(rng.integers(5, 10))
        xs = np.round(rng.uniform(-2, 2, size=n), 2)
        ys = np.round(0.7 * xs - 0.4 + rng.normal(0, 0.3, size=n), 2)
        yield xs, ys, float(np.round(rng.uniform(0.1, 0.3), 2)), tol, 200
    yield x, y, 0.05, 100.0, 50                       # the gradient at (0, 0) is already short


def _as_fit_answer(slip):
    """A slip as a learner's function (for the exercise's list of wrong answers)."""
    return lambda x, y, lr, tol, n: slip.wrong(x, y, lr, tol, n)


def _fit_slip(words, **options):
    return Slip(lambda x, y, lr, tol, n: _line_gd(x, y, lr, tol, n, **options), words)


_FIT_SLIPS = [
    _fit_slip("that is the run with half the gradient: the derivative of the square "
              "(w x + b − y)² brings a factor 2", factor=1.0),
    _fit_slip("that is the run with sums instead of means: the gradient of the mean squared "
              "error uses the mean over the points, so yours is n times too large",
              reduce=np.sum),
    _fit_slip("you updated b with the error of the already-updated w. Both partial derivatives "
              "are taken at the same point (w, b): compute both from the current w and b, then "
              "update both (a simultaneous update)", sequential=True),
    _fit_slip("you test the gradient after the step, at the new point; the rule tests it before "
              "each step, at the current (w, b), so a start that is already good takes 0 steps",
              check_after=True),
    _fit_slip("you measure the gradient by |∂L/∂w| + |∂L/∂b|; its length is "
              "sqrt((∂L/∂w)² + (∂L/∂b)²)", length=lambda gw, gb: abs(gw) + abs(gb)),
    _fit_slip("you measure the gradient by its larger entry; its length is "
              "sqrt((∂L/∂w)² + (∂L/∂b)²)", length=lambda gw, gb: max(abs(gw), abs(gb))),
]


def _fit_where(x, y, lr, tol, n):
    data = "the 150 Iris petals" if len(x) == 150 else f"the {len(x)} points x = {fmt_list(x)}"
    return f"for {data} with learning_rate = {fmt(lr)}, tol = {fmt(tol)}, max_steps = {n}:"


@exercise("08.4", "gradient descent that knows when to stop", name="fit_line_gd",
          forbidden=_OWN_LOOP,
          solution="def fit_line_gd(x, y, learning_rate, tol, max_steps):\n"
                   "    w, b = 0.0, 0.0\n"
                   "    for k in range(max_steps):\n"
                   "        error = w * x + b - y\n"
                   "        grad_w = 2 * np.mean(error * x)\n"
                   "        grad_b = 2 * np.mean(error)\n"
                   "        if np.sqrt(grad_w**2 + grad_b**2) < tol:\n"
                   "            return w, b, k\n"
                   "        w = w - learning_rate * grad_w\n"
                   "        b = b - learning_rate * grad_b\n"
                   "    return w, b, max_steps\n",
          hints=["Start from w = b = 0. Each time round the loop: compute the gradient at the "
                 "current (w, b), decide whether to stop, and only then take a step.",
                 "The gradient is (∂L/∂w, ∂L/∂b) of the section's line fit; its length is the "
                 "square root of the sum of the squares of the two partial derivatives.",
                 "Count the steps actually taken: stopping at the very first test means 0 steps, "
                 "and a run that never meets the test ends after max_steps steps. Return the "
                 "three values in the order (w, b, steps)."],
          wrong=[_as_fit_answer(slip) for slip in _FIT_SLIPS]
          + [lambda x, y, lr, tol, n: _line_gd(x, y, lr, tol, n)[:2],
             lambda x, y, lr, tol, n: _line_gd(x, y, lr, 0.0, n),
             lambda x, y, lr, tol, n: _line_gd(x, y, -lr, tol, n),
             lambda x, y, lr, tol, n: (*_line_gd(x, y, lr, tol, n)[:2], n)],
          right=[lambda x, y, lr, tol, n: list(_line_gd(x, y, lr, tol, n)),
                 lambda x, y, lr, tol, n: np.array(_line_gd(x, y, lr, tol, n)),
                 lambda x, y, lr, tol, n: _line_gd(x, y, 2 * lr, tol / 2, n, factor=1.0),
                 lambda x, y, lr, tol, n: (np.float32(_line_gd(x, y, lr, tol, n)[0]),
                                           np.float32(_line_gd(x, y, lr, tol, n)[1]),
                                           _line_gd(x, y, lr, tol, n)[2])])
def _check_fit(fit_line_gd):
    cases = list(_fit_cases())
    results = {}                     # each case runs the learner's loop once (it may be slow)
    for index, (x, y, lr, tol, n) in enumerate(cases):
        result = results[index] = fit_line_gd(x, y, lr, tol, n)
        where = _fit_where(x, y, lr, tol, n)
        if _overflowed(result):
            return (f"{where} your (w, b) is not finite (inf or nan): your steps grew until the "
                    "numbers overflowed, so your run diverged, while gradient descent on the "
                    "mean squared error converges here. If you used sums instead of means, the "
                    f"gradient is n = {len(x)} times larger, so this learning rate is far too "
                    "large for it: use np.mean (or divide the sums by n). Also check that you "
                    "subtract the step")
        as_numbers(result, 3, "(w, b, steps)", "your result")

    def answer(*args):
        return results[next(i for i, case in enumerate(cases) if case is args
                            or all(a is b for a, b in zip(case, args)))]

    problem = compare_cases(answer, cases, lambda *args: np.array(_line_gd(*args)),
                            slips=_FIT_SLIPS, what="(w, b, steps)", where=_fit_where,
                            rtol=1e-6)
    if problem is None or "should be" not in problem:
        return problem
    for index, args in enumerate(cases):   # the first wrong case, in words: the steps, or the line
        w, b, k = _line_gd(*args)
        gw_, gb_, gk = (float(v) for v in as_numbers(results[index], 3, "(w, b, steps)"))
        if gk != k:
            return (f"{_fit_where(*args)} the run stops after {k} steps; yours says {fmt(gk)}. "
                    "Test the gradient's length before each step, and count only the steps "
                    "taken")
        if not np.allclose([gw_, gb_], [w, b], rtol=1e-6, atol=1e-9):
            should, yours = fmt_pair(np.array([w, b]), np.array([gw_, gb_]))
            return (f"{_fit_where(*args)} the run ends at (w, b) = {should}; yours is {yours}")
    return problem


# -- 08.5 two steps by hand -----------------------------------------------------------------------
# f(w) = (w - 3)^2, f'(w) = 2 (w - 3), from w0 = 0 with lr = 0.25: w1 = 1.5, w2 = 2.25.
_TWO_STEPS = (1.5, 2.25)
_TWO_STEP_SLIPS = [
    ((-1.5, -3.75), "you added the step: w1 = w0 + lr f'(w0) climbs uphill; subtract it"),
    ((0.75, 1.3125), "the factor 2 of f'(w) = 2 (w − 3) is missing"),
    ((6.0, 0.0), "the learning rate is missing: each step is lr times f'(w), with lr = 0.25"),
    ((1.5, 3.0), "your second step uses f'(w0) again; take the slope at the new point w1"),
    ((1.5, 1.5), "w2 repeats w1: the second step starts from w1 with the slope f'(w1)"),
]


@exercise("08.5", "two gradient-descent steps by hand", name="two_steps",
          solution="two_steps = (1.5, 2.25)\n",
          hints=["First the derivative of f(w), the square (w − 3)²: f'(w) is 2 (w − 3) (the "
                 "chain rule, or expand the square).",
                 "Step 1 uses the slope at w0 = 0: w1 = w0 − lr · f'(w0). Step 2 starts from w1 "
                 "and uses the slope there.",
                 "Each step removes a fixed fraction of the distance to the minimum w = 3 (which "
                 "fraction? 1 − lr·a with a = f''): use it to check your two numbers."],
          wrong=[slip for slip, _ in _TWO_STEP_SLIPS] + [(2.25, 1.5), (1.5,), "1.5, 2.25", 1.5],
          right=[(1.5, 2.25), [1.5, 2.25], np.array([1.5, 2.25]), (3 / 2, 9 / 4)])
def _check_two_steps(two_steps):
    got = as_numbers(two_steps, 2, "(w1, w2)", "your answer")
    if np.allclose(got, _TWO_STEPS, rtol=1e-9, atol=1e-12):
        return None
    for slip, words in _TWO_STEP_SLIPS:
        if np.allclose(got, slip, rtol=1e-9, atol=1e-12):
            return f"(w1, w2) is not ({fmt(got[0])}, {fmt(got[1])}): {words}"
    if np.allclose(got, _TWO_STEPS[::-1]):
        return "the order is (w1, w2): the point after one step first"
    if np.isclose(got[0], _TWO_STEPS[0]):
        return f"your w1 is right; w2 = {fmt(got[1])} is not: take the second step from w1"
    return (f"your w1 = {fmt(got[0])} is not right: w1 = w0 − lr · f'(w0) with w0 = 0, "
            "lr = 0.25")
