"""Exercises of notebook 08: one gradient-descent step, a whole run, the largest stable learning
rate of a quadratic, and the Iris line fitted by gradient descent.

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
from ._feedback import Wrong, as_array_of_shape, as_number, as_numbers, close, fmt, fmt_list, \
    fmt_pair


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
                 "The new weights are the old weights minus (learning rate times gradient); give "
                 "them back as a new array, without changing w."],
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


@exercise("08.2", "a whole gradient-descent run", name="run_gd",
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


_LIMIT = 0.25


@exercise("08.3", "the largest stable learning rate", name="lr_limit",
          solution="lr_limit = 0.25\n",
          hints=["Write f(w) = 4 w² in the form a w² / 2: what is a? (It is the second "
                 "derivative of f.)",
                 "One step multiplies w by 1 − lr·a. The run converges exactly when that factor "
                 "lies strictly between −1 and 1.",
                 "With a = 8, the factor 1 − 8 lr reaches −1 at the boundary; solve for lr."],
          wrong=[0.125, 0.5, 1.0, 2.0, 0.0625, "0.25", (0.25,), 8.0, 0.2],
          right=[1 / 4, np.float32(0.25), np.float64(0.25), 2 / 8, np.array(0.25)])
def _check_limit(lr_limit):
    value = as_number(lr_limit, "the learning rate", you="your answer is")
    if close(value, _LIMIT):
        return None
    problem = f"your answer {fmt(value)} is not the boundary between converging and diverging"
    if close(value, 0.125):
        return (problem + ". That is where the factor 1 − lr·a is 0 (one step lands on the "
                "minimum) and larger rates start to overshoot; the run still converges beyond "
                "it, up to where the factor reaches −1")
    if close(value, 0.5):
        return (problem + ". Is 4 really the a of a w²/2? Write 4 w² in that form (a is the "
                "second derivative of f) and check")
    if close(value, 1.0) or close(value, 2.0):
        return problem + ". The threshold depends on the curvature a of f: it is 2/a"
    return problem + ". One step multiplies w by 1 − lr·a; find where that factor reaches −1"


def _overflowed(result) -> bool:
    """True when ``result`` is two real numbers of which one is inf or nan."""
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return False
    return values.shape == (2,) and not np.all(np.isfinite(values))


def flowers150() -> tuple[np.ndarray, np.ndarray]:
    """All 150 Iris flowers: petal length (x) and petal width (y), in cm."""
    iris = load_iris()
    return iris.X[:, 2], iris.X[:, 3]


def _line_gd(x, y, lr, steps, factor=2.0, reduce=np.mean, sequential=False):
    """Gradient descent on the mean squared error of the line from (0, 0); quietly inf or nan
    when a (wrong) variant diverges. ``sequential``: the slip of updating b with the error of
    the already-updated w."""
    w = b = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            e = w * x + b - y
            if sequential:
                w = w - lr * factor * reduce(e * x)
                b = b - lr * factor * reduce(w * x + b - y)
            else:
                w, b = w - lr * factor * reduce(e * x), b - lr * factor * reduce(e)
    return w, b


def _fit_cases():
    rng = np.random.default_rng(82)
    x, y = flowers150()
    yield x, y, 0.05, 2000
    for steps in (int(rng.integers(3, 6)), 1):
        n = int(rng.integers(5, 10))
        x = np.round(rng.uniform(-2, 2, size=n), 2)
        y = np.round(0.7 * x - 0.4 + rng.normal(0, 0.3, size=n), 2)
        yield x, y, float(np.round(rng.uniform(0.1, 0.3), 2)), steps


@exercise("08.4", "the Iris line by gradient descent", name="fit_line_gd",
          solution="def fit_line_gd(x, y, learning_rate, steps):\n"
                   "    w, b = 0.0, 0.0\n"
                   "    for k in range(steps):\n"
                   "        error = w * x + b - y\n"
                   "        grad_w = 2 * np.mean(error * x)\n"
                   "        grad_b = 2 * np.mean(error)\n"
                   "        w = w - learning_rate * grad_w\n"
                   "        b = b - learning_rate * grad_b\n"
                   "    return w, b\n",
          hints=["Start from w = b = 0 and repeat `steps` times: compute the gradient of the loss "
                 "at the current (w, b), then take one step against it.",
                 "The loss is the mean of (w x + b − y)². Its partial derivative with respect to "
                 "w is the mean of 2 (w x + b − y) x; with respect to b, the mean of "
                 "2 (w x + b − y).",
                 "Compute both partial derivatives from the same current w and b before changing "
                 "either of them, then update both; give back the pair (w, b)."],
          wrong=[lambda x, y, lr, n: _line_gd(x, y, lr, n, factor=1.0),
                 lambda x, y, lr, n: _line_gd(x, y, lr, n + 1),
                 lambda x, y, lr, n: _line_gd(x, y, lr, max(n - 1, 0)),
                 lambda x, y, lr, n: _line_gd(x, y, -lr, n),
                 lambda x, y, lr, n: tuple(np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]),
                                                           y, rcond=None)[0]),
                 lambda x, y, lr, n: (_line_gd(x, y, lr, n)[0], 0.0),
                 lambda x, y, lr, n: _line_gd(x, y, lr, n)[0],
                 lambda x, y, lr, n: _line_gd(x, y, lr, n, reduce=np.sum),
                 lambda x, y, lr, n: _line_gd(x, y, lr, n, sequential=True)],
          right=[lambda x, y, lr, n: list(_line_gd(x, y, lr, n)),
                 lambda x, y, lr, n: np.array(_line_gd(x, y, lr, n)),
                 lambda x, y, lr, n: _line_gd(x, y, 2 * lr, n, factor=1.0),
                 lambda x, y, lr, n: (np.float32(_line_gd(x, y, lr, n)[0]),
                                      np.float32(_line_gd(x, y, lr, n)[1]))])
def _check_fit(fit_line_gd):
    for x, y, lr, steps in _fit_cases():
        want = np.array(_line_gd(x, y, lr, steps))
        result = fit_line_gd(x, y, lr, steps)
        where = (f"for the {len(x)} points {'of the Iris petals' if len(x) == 150 else ''}"
                 f"{'' if len(x) == 150 else fmt_list(x) + ' (x)'} with learning_rate = "
                 f"{fmt(lr)} and steps = {steps}")
        if _overflowed(result):
            return (f"{where} your (w, b) is not finite (inf or nan): your steps grew until the "
                    "numbers overflowed, so your run diverged, while gradient descent on the "
                    "mean squared error converges here. If you used sums instead of means, the "
                    f"gradient is n = {len(x)} times larger, so this learning rate is far too "
                    "large for it: use np.mean (or divide the sums by n). Also check that you "
                    "subtract the step")
        w, b = as_numbers(result, 2, "the line, (w, b),", "your result")
        got = np.array([w, b])
        if np.allclose(got, want, rtol=1e-5, atol=1e-6):
            continue
        should, yours = fmt_pair(want, got)
        problem = f"{where}, gradient descent from (0, 0) ends at (w, b) = {should}; yours is {yours}"
        if np.allclose(got, _line_gd(x, y, lr, steps, factor=1.0), rtol=1e-5, atol=1e-6):
            problem += (". That is the run with half the gradient: the derivative of the square "
                        "(w x + b − y)² brings a factor 2")
        elif np.allclose(got, _line_gd(x, y, lr, steps + 1), rtol=1e-5, atol=1e-6):
            problem += ". That is one step too many: the loop should run exactly `steps` times"
        elif steps > 0 and np.allclose(got, _line_gd(x, y, lr, steps - 1), rtol=1e-5,
                                       atol=1e-6):
            problem += ". That is one step too few: the loop should run exactly `steps` times"
        elif np.allclose(got, _line_gd(x, y, -lr, steps), rtol=1e-5, atol=1e-6):
            problem += ". Your steps go uphill: subtract learning_rate times the gradient"
        elif np.allclose(got, _line_gd(x, y, lr, steps, reduce=np.sum), rtol=1e-5, atol=1e-6):
            problem += (f". That is the run with sums instead of means: the gradient of the mean "
                        f"squared error uses the mean over the n = {len(x)} points, so yours is "
                        f"n times too large")
        elif np.allclose(got, _line_gd(x, y, lr, steps, sequential=True), rtol=1e-5,
                         atol=1e-6):
            problem += (". You updated b with the error of the already-updated w. Both partial "
                        "derivatives are taken at the same point (w, b): compute both from the "
                        "current w and b, then update both (a simultaneous update)")
        return problem
    return None
