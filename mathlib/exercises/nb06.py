"""Exercises of notebook 06: the central difference, a numerical gradient in 2-D, the gradient
of the line-fit loss with weight decay from the formulas, and an integral by hand.

Each checker starts with a case a learner can verify by hand, then functions and points where the
usual bugs show: a curved f and a step that is not tiny (a forward difference or a division by h
instead of 2h gives another number), partials that differ (swapped entries show), a point with
y != 0 (a partial taken with the other variable at 0 shows), real flowers and seeded random data
with non-zero errors and a penalty weight that is not 1 (a missing or halved penalty term, a
missing factor 2, a sum instead of a mean, or a flipped sign shows). A slip is named only when it
gives the learner's numbers on every case.
The learner's code is called with test functions named f that take one number, f(x), or two,
f(x, y), and say so when called otherwise; an answer equal to the exact derivative where the
h-difference differs (a tiny step of the learner's own) is told to use the given h.
"""

from __future__ import annotations

import numpy as np

from ._cases import flowers
from ._core import exercise
from ._rules import CALCULUS, SCIPY, forbid_object
from ._feedback import Wrong, as_number, as_numbers, close, describe_value, fmt, fmt_list
from ._slips import Slip, cause_in_results, cause_of_value, compare_cases, run_cases

NOTEBOOK = "06"


# -- the functions the learner's code is called with --------------------------------------------
_COUNT_WORDS = {0: "no numbers", 1: "one", 2: "two", 3: "three"}


def _learner_function(words: str, rule, exact, numbers: int):
    """A test function as the learner's code sees it: named ``f``, taking ``numbers`` numbers
    (f(x) or f(x, y)), and saying so in plain words when called with the wrong count (a raw
    Python TypeError would name the checker's internals). ``words`` describes it in messages,
    ``exact`` is its exact derivative or gradient (to spot a learner who ignores the given h)."""
    usage = "f(x)" if numbers == 1 else "f(x, y)"

    def f(*args):
        if len(args) != numbers:
            given = _COUNT_WORDS.get(len(args), str(len(args)))
            extra = ""
            if numbers == 2 and len(args) == 1:
                extra = (": f((x, y)) passes one pair; write f(x + h, y)" if np.size(args[0]) == 2
                         else " number; f needs both x and y. To reuse a function of one "
                         "number (such as your central_difference of 06.1), hand it "
                         "lambda t: f(t, y) for df/dx (y held fixed)")
            raise TypeError(f"f takes {_COUNT_WORDS[numbers]} number{'s' if numbers > 1 else ''}"
                            f", {usage}; you called it with {given}{extra}")
        return rule(*args)

    f.__qualname__ = "f"          # Python's own errors then say f(), as the learner does
    f.words, f.exact = words, exact
    return f


def _ignored_h(h, exact: str) -> str:
    """What to say to a learner whose answer is the exact derivative instead of the h-difference."""
    return (f", which is the exact {exact} (or a tiny step of your own). Use the step h you are "
            f"given: the exercise asks for the central difference with that h (here h = {fmt(h)})")


def _ignores_h(got, want, exact) -> bool:
    """True when ``got`` is close to the exact derivative where the h-difference ``want`` is not
    (the learner used a tiny step of their own, or the exact formula, instead of h)."""
    got, want, exact = (np.asarray(v, dtype=float) for v in (got, want, exact))
    tol = 2e-4 * max(1.0, float(np.abs(exact).max()))
    return bool(np.abs(got - exact).max() <= tol and np.abs(want - exact).max() > 3 * tol)


# -- 06.1 the central difference ------------------------------------------------------------------
_cube = _learner_function("f(x) = x³", lambda x: x ** 3, lambda x: 3 * x ** 2, 1)
_exp = _learner_function("f(x) = exp(x)", np.exp, np.exp, 1)
_sin = _learner_function("f(x) = sin(x)", np.sin, np.cos, 1)
_wavy = _learner_function("f(x) = sin(x) + 0.3 x²", lambda x: np.sin(x) + 0.3 * x * x,
                          lambda x: np.cos(x) + 0.6 * x, 1)


def _central_cases():
    rng = np.random.default_rng(60)
    yield _cube, 1.0, 0.1                                  # by hand: (1.331 - 0.729) / 0.2 = 3.01
    yield _exp, 0.5, 0.01
    yield _sin, float(np.round(rng.uniform(-2, 2), 2)), 0.2
    yield _wavy, float(np.round(rng.uniform(-2, 2), 2)), float(np.round(rng.uniform(0.05, 0.5), 2))
    yield _cube, -2.0, 0.5


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


_CENTRAL_SLIPS = [
    (lambda f, x, h: (f(x + h) - f(x)) / h,
     "That is the forward difference (f(x + h) - f(x)) / h; the central one steps to both sides, "
     "to x + h and x - h"),
    (lambda f, x, h: (f(x) - f(x - h)) / h,
     "That is the backward difference (f(x) - f(x - h)) / h; the central one steps to both "
     "sides, to x + h and x - h"),
    (lambda f, x, h: (f(x + h) - f(x - h)) / h,
     "That is twice the slope: from x - h to x + h the step is 2h, so divide by 2h, not h"),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
     "That multiplies by h: (...) / 2 * h means ((...) / 2) * h in Python. Put the "
     "denominator in brackets: / (2 * h)"),
    (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
     "The sign is flipped: subtract f(x - h) from f(x + h), not the other way round"),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 2,
     "That divides by 2 only; the slope is the rise divided by the run, 2h"),
]


_OWN_DIFFERENCE = (CALCULUS.saying("which computes the difference for you"),
                   SCIPY.saying("which computes the difference for you"))


@exercise("06.1", "the central difference", name="central_difference", forbidden=_OWN_DIFFERENCE,
          solution=("def central_difference(f, x, h):\n"
                    "    return (f(x + h) - f(x - h)) / (2 * h)\n"),
          hints=["A slope is a rise divided by a run. The central difference takes the rise of f "
                 "between two points, one step h on each side of x.",
                 "The two points are x - h and x + h; the rise is f(x + h) - f(x - h).",
                 "The run from x - h to x + h is not h. Mind Python's order of operations when "
                 "you divide by a product: a / b * c is (a / b) * c."],
          wrong=[lambda f, x, h: (f(x + h) - f(x)) / h,
                 lambda f, x, h: (f(x + h) - f(x - h)) / h,
                 lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                 lambda f, x, h: (f(x) - f(x - h)) / h,
                 lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                 lambda f, x, h: f(x + h) - f(x - h),
                 lambda f, x, h: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6,
                 lambda f, x, h: (f(x + 1e-8) - f(x)) / 1e-8,
                 lambda f, x, h: (f(x + h, 0) - f(x - h, 0)) / (2 * h),
                 lambda f, x, h: 3 * x ** 2],
          right=[lambda f, x, h: (f(x + h) - f(x - h)) / h / 2,
                 lambda f, x, h: 0.5 * ((f(x + h) - f(x)) / h + (f(x) - f(x - h)) / h),
                 lambda f, x, h: float(np.diff([f(x - h), f(x + h)])[0] / (2 * h)),
                 lambda f, x, h: np.float32((f(x + h) - f(x - h)) / (2 * h))])
def _check_central(central_difference):
    def judge(args, result):
        got = as_number(result, "the slope estimate")
        return got, close(got, _central(*args))

    results, failure = run_cases(central_difference, _central_cases(), judge)
    if failure is None:
        return None
    (f, x, h), got, error = failure
    if error is not None:
        raise error
    want = _central(f, x, h)
    problem = (f"for {f.words} at x = {fmt(x)} with h = {fmt(h)} the central "
               f"difference is {fmt(want, 6)}; yours is {fmt(got, 6)}")
    if _ignores_h(got, want, f.exact(x)):
        return problem + _ignored_h(h, f"derivative {fmt(f.exact(x), 6)}")
    cause = cause_in_results(results, failure[0], _CENTRAL_SLIPS,
                             lambda got, guess: close(got, guess))
    return problem + (f". {cause}" if cause else "")


def _pair(result, what: str) -> np.ndarray:
    """The learner's result as two finite numbers, or Wrong (a single number is not a pair)."""
    if isinstance(result, np.ndarray) and result.ndim == 0 or np.isscalar(result):
        raise Wrong(f"your result is {describe_value(result)}; {what} is 2 numbers in a tuple, one "
                    "partial derivative per variable")
    return as_numbers(result, 2, what, "your result")


# -- 06.2 a numerical gradient in 2-D -------------------------------------------------------------
def _flower_loss_rule(w, b):
    x, y = flowers()
    return float(np.mean((w * x + b - y) ** 2))


_bowl = _learner_function("f(x, y) = x² y + y³", lambda x, y: x * x * y + y ** 3,
                          lambda x, y: np.array([2 * x * y, x * x + 3 * y * y]), 2)
_waves = _learner_function("f(x, y) = sin(x) y + x exp(y / 2)",
                           lambda x, y: np.sin(x) * y + x * np.exp(0.5 * y),
                           lambda x, y: np.array([np.cos(x) * y + np.exp(0.5 * y),
                                                  np.sin(x) + 0.5 * x * np.exp(0.5 * y)]), 2)
_flower_loss = _learner_function("the line-fit loss L(w, b) of the 15 flowers",
                                 _flower_loss_rule,
                                 lambda w, b: _data_gradient(w, b, *flowers()), 2)


def _gradient_cases():
    rng = np.random.default_rng(61)
    yield _bowl, 1.0, 2.0, 0.1                           # by hand: (4, 13.01)
    x, y = np.round(rng.uniform(-2, 2, size=2), 2)
    yield _waves, float(x), float(y), 0.01
    yield _flower_loss, 0.3, 0.2, 0.001
    yield _bowl, -1.5, 0.5, 0.05


def _gradient(f, x, y, h):
    return np.array([(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)])


_GRADIENT_SLIPS = [
    (lambda f, x, y, h: _gradient(f, x, y, h)[::-1],
     "The two entries are swapped: the first is df/dx (move x), the second df/dy (move y)"),
    (lambda f, x, y, h: np.full(2, (f(x + h, y + h) - f(x - h, y - h)) / (2 * h)),
     "Both entries move x and y together; a partial derivative moves one variable and holds "
     "the other one fixed"),
    (lambda f, x, y, h: np.array([(f(x + h, 0.0) - f(x - h, 0.0)) / (2 * h),
                                  (f(0.0, y + h) - f(0.0, y - h)) / (2 * h)]),
     "The other variable is set to 0; a partial derivative holds it fixed at its current value "
     "(y for df/dx, x for df/dy), and the result depends on it"),
    (lambda f, x, y, h: np.array([(f(x + h, y) - f(x, y)) / h, (f(x, y + h) - f(x, y)) / h]),
     "Those are forward differences; use the central difference of 06.1, a step h on each side"),
    (lambda f, x, y, h: 2 * _gradient(f, x, y, h),
     "Both entries are twice the slope: from x - h to x + h the step is 2h, so divide by 2h"),
    (lambda f, x, y, h: np.array([(f(x + h, y) - f(x - h, y)) / (2 * h),
                                  (f(x + h, y) - f(x - h, y)) / (2 * h)]),
     "Both entries are df/dx: for df/dy, move y and hold x"),
]


@exercise("06.2", "a numerical gradient in 2-D", name="gradient_2d", forbidden=_OWN_DIFFERENCE,
          solution=("def gradient_2d(f, x, y, h):\n"
                    "    dfdx = (f(x + h, y) - f(x - h, y)) / (2 * h)\n"
                    "    dfdy = (f(x, y + h) - f(x, y - h)) / (2 * h)\n"
                    "    return (dfdx, dfdy)\n"),
          hints=["The gradient is two partial derivatives, one per variable. Each is the central "
                 "difference of 06.1 along one variable.",
                 "For df/dx move only x, to x + h and x - h, and keep y where it is; for df/dy "
                 "move only y and keep x.",
                 "Return the pair in the order (df/dx, df/dy); each divides its rise by 2 * h."],
          wrong=[lambda f, x, y, h: ((f(x, y + h) - f(x, y - h)) / (2 * h),
                                     (f(x + h, y) - f(x - h, y)) / (2 * h)),
                 lambda f, x, y, h: ((f(x + h, y + h) - f(x - h, y - h)) / (2 * h),) * 2,
                 lambda f, x, y, h: ((f(x + h, 0) - f(x - h, 0)) / (2 * h),
                                     (f(0, y + h) - f(0, y - h)) / (2 * h)),
                 lambda f, x, y, h: ((f(x + h, y) - f(x, y)) / h, (f(x, y + h) - f(x, y)) / h),
                 lambda f, x, y, h: ((f(x + h, y) - f(x - h, y)) / h,
                                     (f(x, y + h) - f(x, y - h)) / h),
                 lambda f, x, y, h: (f(x + h, y) - f(x - h, y)) / (2 * h),
                 lambda f, x, y, h: ((f(x + 1e-6, y) - f(x - 1e-6, y)) / 2e-6,
                                     (f(x, y + 1e-6) - f(x, y - 1e-6)) / 2e-6),
                 lambda f, x, y, h: ((f((x + h, y)) - f((x - h, y))) / (2 * h),
                                     (f((x, y + h)) - f((x, y - h))) / (2 * h))],
          right=[lambda f, x, y, h: np.array([(f(x + h, y) - f(x - h, y)) / (2 * h),
                                              (f(x, y + h) - f(x, y - h)) / (2 * h)]),
                 lambda f, x, y, h: [(f(x + h, y) - f(x - h, y)) / h / 2,
                                     (f(x, y + h) - f(x, y - h)) / h / 2],
                 lambda f, x, y, h: tuple(
                     (f(*(np.array([x, y]) + h * e)) - f(*(np.array([x, y]) - h * e))) / (2 * h)
                     for e in np.eye(2))])
def _check_gradient_2d(gradient_2d):
    def judge(args, result):
        got = _pair(result, "the gradient (df/dx, df/dy)")
        want = _gradient(*args)
        return got, close(got, want, scale=np.abs(want).max())

    results, failure = run_cases(gradient_2d, _gradient_cases(), judge)
    if failure is None:
        return None
    (f, x, y, h), got, error = failure
    if error is not None:
        raise error
    want = _gradient(f, x, y, h)
    problem = (f"for {f.words} at ({fmt(x)}, {fmt(y)}) with h = {fmt(h)} the gradient "
               f"is {fmt_list(want)}; yours is {fmt_list(got)}")
    if _ignores_h(got, want, f.exact(x, y)):
        return problem + _ignored_h(h, f"gradient {fmt_list(f.exact(x, y))}")
    cause = cause_in_results(results, failure[0], _GRADIENT_SLIPS,
                             lambda got, guess: close(got, guess, scale=np.abs(guess).max()))
    return problem + (f". {cause}" if cause else "")


# -- 06.3 the gradient of the line-fit loss with weight decay -------------------------------------
def _loss_cases():
    rng = np.random.default_rng(62)
    yield 1.0, 0.0, np.array([1.0, 2.0]), np.array([2.0, 3.0]), 0.5   # by hand: (-2, -2)
    x, y = flowers()
    yield 0.3, 0.2, x, y, 0.1
    n = int(rng.integers(6, 12))
    xs = np.round(rng.uniform(-3, 3, size=n), 2)
    yield (float(np.round(rng.uniform(-2, 2), 2)), float(np.round(rng.uniform(0.5, 2), 2)), xs,
           np.round(1.5 * xs - 0.5 + rng.normal(0, 1, size=n), 2),
           float(np.round(rng.uniform(0.2, 1.5), 2)))


def _data_gradient(w, b, x, y):
    """The gradient of the mean squared error alone (the section's formulas)."""
    r = w * x + b - y
    return np.array([np.mean(2 * r * x), np.mean(2 * r)])


def _loss_gradient(w, b, x, y, lam):
    return _data_gradient(w, b, x, y) + np.array([2 * lam * w, 0.0])


def _decay(g, dw=0.0, db=0.0):
    return g + np.array([dw, db])


_LOSS_SLIPS = [
    (lambda w, b, x, y, lam: _data_gradient(w, b, x, y),
     "That is the gradient of the squared errors alone, the section's formulas: the penalty "
     "λ w² adds its own derivative to dL/dw"),
    (lambda w, b, x, y, lam: _decay(_data_gradient(w, b, x, y), lam * w),
     "The penalty's share of dL/dw is λ w; the power rule gives 2 λ w for λ w²"),
    (lambda w, b, x, y, lam: _decay(_data_gradient(w, b, x, y), lam * w * w),
     "You added the penalty λ w² itself to dL/dw; add its derivative with respect to w"),
    (lambda w, b, x, y, lam: _decay(_data_gradient(w, b, x, y), 2 * lam * w, 2 * lam * b),
     "dL/db has a penalty share, but the penalty λ w² does not contain b: its derivative with "
     "respect to b is 0"),
    (lambda w, b, x, y, lam: _loss_gradient(w, b, x, y, lam) - np.array(
        [_data_gradient(w, b, x, y)[0] / 2, _data_gradient(w, b, x, y)[1] / 2]),
     "The squared errors' shares are half what they should be: the derivative of r² is 2r, "
     "keep the factor 2"),
    (lambda w, b, x, y, lam: _decay(_data_gradient(w, b, x, y) * len(x), 2 * lam * w),
     "The squared errors' shares are sums over the data; L is a mean, so its derivatives are "
     "means too (divide by n)"),
    (lambda w, b, x, y, lam: _decay(-_data_gradient(w, b, x, y), 2 * lam * w),
     "The squared errors' shares have the wrong sign: the error is r = w x + b - y (prediction "
     "minus target). If you used y - (w x + b), its derivative with respect to w is -x, not x"),
    (lambda w, b, x, y, lam: _loss_gradient(w, b, x, y, lam)[::-1],
     "The two entries are swapped: the first is dL/dw, the second dL/db"),
]


def _as_answer(slip):
    """A slip written as a learner's function that returns a pair."""
    return lambda w, b, x, y, lam: tuple(slip(w, b, x, y, lam))


@exercise("06.3", "the gradient of a loss with weight decay", name="loss_gradient",
          forbidden=(CALCULUS, SCIPY.saying("which approximates the derivative numerically "
                                            "(this exercise asks for the exact formula)")),
          solution=("def loss_gradient(w, b, x, y, lam):\n"
                    "    r = w * x + b - y                # the errors\n"
                    "    dL_dw = np.mean(2 * r * x) + 2 * lam * w\n"
                    "    dL_db = np.mean(2 * r)\n"
                    "    return (dL_dw, dL_db)\n"),
          hints=["L is a sum of two parts: the mean squared error of the section above, and the "
                 "penalty λ w². The derivative of a sum is the sum of the derivatives: take each "
                 "part on its own.",
                 "The first part's partial derivatives are the section's formulas. For the "
                 "penalty, hold b fixed and use the power and constant-factor rules; then ask "
                 "whether λ w² changes at all when only b moves.",
                 "dL/dw gets one extra term from the penalty and dL/db none: b does not appear in "
                 "λ w². Return the pair in the order (dL/dw, dL/db)."],
          wrong=[_as_answer(slip) for slip, _ in _LOSS_SLIPS]
          + [lambda w, b, x, y, lam: np.mean((w * x + b - y) ** 2) + lam * w * w,
             lambda w, b, x, y, lam: tuple(_loss_gradient(w, b, x, y, 0.0) + 2 * lam * w)],
          right=[lambda w, b, x, y, lam: np.array([2 * np.mean((w * x + b - y) * x) + 2 * lam * w,
                                                   2 * np.mean(w * x + b - y)]),
                 lambda w, b, x, y, lam: [2 / len(x) * np.dot(w * x + b - y, x) + 2 * lam * w,
                                          2 / len(x) * np.sum(w * x + b - y)],
                 lambda w, b, x, y, lam: tuple(np.float32(v)
                                               for v in _loss_gradient(w, b, x, y, lam))])
def _check_loss_gradient(loss_gradient):
    def judge(args, result):
        got = _pair(result, "the gradient (dL/dw, dL/db)")
        want = _loss_gradient(*args)
        return got, _close_gradient(got, want)

    results, failure = run_cases(loss_gradient, _loss_cases(), judge)
    if failure is None:
        return None
    (w, b, x, y, lam), got, error = failure
    if error is not None:
        raise error
    want = _loss_gradient(w, b, x, y, lam)
    data = (f"x = {fmt_list(x)}, y = {fmt_list(y)}" if len(x) <= 4
            else f"{len(x)} data points")
    problem = (f"at w = {fmt(w)}, b = {fmt(b)}, λ = {fmt(lam)} with {data} the gradient "
               f"(dL/dw, dL/db) is {fmt_list(want)}; yours is {fmt_list(got)}")
    cause = cause_in_results(results, failure[0], _LOSS_SLIPS, _close_gradient)
    return problem + (f". {cause}" if cause else "")


# -- 06.4 an integral by hand ---------------------------------------------------------------------
# f(x) = x^2 on [0, 4] with 2 strips of width h = 2: the four sums and the exact area 64/3.
_SUMS = {"left": 2 * (0 + 4), "right": 2 * (4 + 16), "midpoint": 2 * (1 + 9),
         "trapezoid": 2 * (0 / 2 + 4 + 16 / 2), "exact": 64 / 3}
_SUM_NAMES = list(_SUMS)
_SUM_SLIPS = {   # entry -> [(a wrong value, its cause)]
    "left": [(4, "that is the sum of the heights without the width h = 2 of each strip"),
             (40, "that is the right sum: the left sum uses the left edge of each strip, "
                  "x = 0 and x = 2")],
    "right": [(20, "that is the sum of the heights without the width h = 2 of each strip"),
              (8, "that is the left sum: the right sum uses the right edge of each strip, "
                  "x = 2 and x = 4")],
    "midpoint": [(10, "that is the sum of the heights without the width h = 2 of each strip"),
                 (24, "that is the trapezoid sum (the edge heights averaged); the midpoint rule "
                      "evaluates f in the middle of each strip, at x = 1 and x = 3")],
    "trapezoid": [(12, "that is the sum without the width h = 2 of each strip"),
                  (48, "the two end heights count half in the trapezoid rule: "
                       "h (f(0)/2 + f(2) + f(4)/2)"),
                  (20, "that is the midpoint sum; the trapezoid rule joins the edge heights "
                       "f(0), f(2), f(4) with straight lines")],
    "exact": [(64, "F(x) = x³/3 is the function whose derivative is x²: divide by 3"),
              (16, "that is f(4) = 4², a height, not an area; use F(x) = x³/3"),
              (8, "that is the derivative of x² at 4; the area needs a function F with F' = x²")],
}


@exercise("06.4", "an integral by hand", name="integral_by_hand",
          solution="integral_by_hand = (8, 40, 20, 24, 64 / 3)\n",
          hints=["Split [0, 4] into 2 strips of width h = 2: [0, 2] and [2, 4]. Each sum is h "
                 "times the heights it uses; the rules differ only in where they take the "
                 "heights.",
                 "Left: the left edges (x = 0, 2); right: the right edges (x = 2, 4); midpoint: "
                 "the middles (x = 1, 3); trapezoid: all three edges, with the two ends counted "
                 "half. For the exact area, find F with F'(x) = x² (the power rule backwards).",
                 "Check yourself: the midpoint sum lies below the exact area and the trapezoid "
                 "sum above it, the trapezoid about twice as far away (for x², exactly twice)."],
          wrong=[(4, 20, 10, 12, 64 / 3), (40, 8, 20, 24, 64 / 3), (8, 40, 20, 48, 64 / 3),
                 (8, 40, 20, 24, 64), (8, 40, 20, 24, 21.33), (8, 40, 24, 20, 64 / 3),
                 (8, 40, 20, 24), "8, 40, 20, 24, 21.3", (8, 40, 20, 24, 16)],
          right=[(8.0, 40.0, 20.0, 24.0, 21.333333333333332), [8, 40, 20, 24, 64 / 3],
                 np.array([8, 40, 20, 24, 64 / 3]), (8, 40, 20, 24, 21.3333333333)])
def _check_integral_by_hand(integral_by_hand):
    got = as_numbers(integral_by_hand, 5, "(left, right, midpoint, trapezoid, exact)",
                     "your answer")
    for name, value in zip(_SUM_NAMES, got):
        want = _SUMS[name]
        if abs(value - want) <= 1e-9 * max(1.0, abs(want)):
            continue
        if name == "exact" and value == float(np.float32(want)):
            return (f"your exact area is {fmt(value, 12)}, 64 / 3 stored as float32, which "
                    "keeps about 7 digits; give it as a Python number (a fraction a / b "
                    "computes in float64)")
        if name == "exact" and abs(value - want) < 0.01:
            return (f"your exact area {fmt(value, 12)} is rounded; give it exactly, as the "
                    "Python expression of a fraction (a / b)")
        cause = cause_of_value(value, want, _SUM_SLIPS[name])
        return (f"your {name} {'area' if name == 'exact' else 'sum'} is {fmt(value)}, which is "
                "not right" + (f": {cause}" if cause else "") + ". The order "
                "is (left, right, midpoint, trapezoid, exact)")
    return None


def _close_gradient(got, want) -> bool:
    """Equal up to 1e-6 of the gradient's size (the exercise text says so: a finite difference
    of one's own would pass too; the tools that compute it are forbidden)."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return bool(np.allclose(got, want, rtol=1e-6, atol=1e-6 * max(1.0, np.abs(want).max())))


# -- 06.5 the trapezoid rule from scratch ----------------------------------------------------------
_square = _learner_function("f(x) = x²", lambda x: x * x, lambda x: 2 * x, 1)
_cubic = _learner_function("f(x) = x³ - 2x", lambda x: x ** 3 - 2 * x,
                           lambda x: 3 * x * x - 2, 1)


def _trapezoid_cases():
    rng = np.random.default_rng(65)
    yield _square, 0.0, 2.0, 2                                   # by hand: 1 (0/2 + 1 + 4/2) = 3
    yield _sin, 0.0, float(np.pi), 4
    yield _exp, -1.0, 1.0, int(rng.integers(5, 9))
    yield _wavy, float(np.round(rng.uniform(-2, 0), 2)), float(np.round(rng.uniform(1, 3), 2)), \
        int(rng.integers(9, 15))
    yield _cubic, -1.5, 2.0, 1


def _trapezoid(f, a, b, n):
    t = np.linspace(a, b, n + 1)
    y = np.array([f(v) for v in t])
    return float((b - a) / n * (y[1:-1].sum() + (y[0] + y[-1]) / 2))


def _edges(a, b, n):
    return np.linspace(a, b, n + 1)


def _heights(f, a, b, n):
    return np.array([f(v) for v in _edges(a, b, n)])


_TRAPEZOID_SLIPS = [
    Slip(lambda f, a, b, n: (b - a) / n * _heights(f, a, b, n)[:-1].sum(),
         "that is the left sum, one height per strip at its left edge; the trapezoid rule "
         "averages the heights at both edges of each strip"),
    Slip(lambda f, a, b, n: (b - a) / n * _heights(f, a, b, n)[1:].sum(),
         "that is the right sum, one height per strip at its right edge; the trapezoid rule "
         "averages the heights at both edges of each strip"),
    Slip(lambda f, a, b, n: (b - a) / n * _heights(f, a, b, n).sum(),
         "every edge height counts whole; the two end heights, f(a) and f(b), belong to one "
         "strip each and count half"),
    Slip(lambda f, a, b, n: _trapezoid(f, a, b, n) * n / (b - a),
         "that is the sum of the heights without the strip width h = (b - a) / n"),
    Slip(lambda f, a, b, n: _trapezoid(f, a, b, n - 1) if n > 1 else None,
         "that uses n - 1 strips: n strips have n + 1 edges (np.linspace(a, b, n + 1))"),
    Slip(lambda f, a, b, n: (b - a) / n * sum(f(a + (k + 0.5) * (b - a) / n) for k in range(n)),
         "that is the midpoint sum; the trapezoid rule uses the heights at the strip edges"),
]


@exercise("06.5", "the trapezoid rule from scratch", name="trapezoid",
          forbidden=(CALCULUS.saying("which computes the integral for you"),
                     SCIPY.saying("which computes the integral for you"),
                     forbid_object("numpy.trapezoid", "which computes the integral for you",
                                   "TRAPEZOID")),
          solution=("def trapezoid(f, a, b, n):\n"
                    "    h = (b - a) / n\n"
                    "    t = np.linspace(a, b, n + 1)          # the n + 1 edges\n"
                    "    y = np.array([f(v) for v in t])\n"
                    "    return h * (y[0] / 2 + y[1:-1].sum() + y[-1] / 2)\n"),
          hints=["Cut [a, b] into n strips of the same width and list the strip edges: how many "
                 "edges do n strips have?",
                 "Each strip is a trapezoid whose area is its width times the average of the "
                 "heights at its two edges. Add up the n areas.",
                 "Written edge by edge, every inner height belongs to two strips and each end "
                 "height to one: so the two ends count half as much as the inner ones."],
          wrong=[lambda f, a, b, n, s=s: s.wrong(f, a, b, n) for s in _TRAPEZOID_SLIPS[:4]]
          + [lambda f, a, b, n: _trapezoid(f, a, b, max(n - 1, 1)),
             lambda f, a, b, n: _trapezoid(f, a, b, n) + 1e-3],
          right=[lambda f, a, b, n: sum((b - a) / n * (f(a + k * (b - a) / n)
                                                       + f(a + (k + 1) * (b - a) / n)) / 2
                                        for k in range(n)),
                 lambda f, a, b, n: np.float32(_trapezoid(f, a, b, n)),
                 lambda f, a, b, n: 0.5 * (_TRAPEZOID_SLIPS[0].wrong(f, a, b, n)
                                           + _TRAPEZOID_SLIPS[1].wrong(f, a, b, n))])
def _check_trapezoid(trapezoid):
    return compare_cases(trapezoid, _trapezoid_cases(), _trapezoid, slips=_TRAPEZOID_SLIPS,
                         what="the trapezoid sum",
                         where=lambda f, a, b, n: f"for {f.words} on [{fmt(a)}, {fmt(b)}] with "
                                                  f"n = {n} strips:")
