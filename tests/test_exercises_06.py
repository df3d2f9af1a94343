"""The exercises of notebook 06: each slip is named only when it is the cause (it gives the
learner's numbers on every case), the reuse of 06.1's function in 06.2, the by-hand integral."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises import nb06

from .exercise_helpers import fail_message, refused_message, no_checker_defects  # noqa: F401


# -- 06.1 the central difference ------------------------------------------------------------------
def test_06_1_and_06_2_refuse_mathlib_calculus_and_scipy():
    from mathlib.calculus import derivative, partial
    from scipy.differentiate import derivative as scipy_derivative
    message = refused_message("06.1", lambda f, x, h: derivative(f, x, h=h))
    assert "your function called mathlib.calculus.derivative, which computes the difference " \
           "for you" in message
    message = refused_message("06.1", lambda f, x, h: float(scipy_derivative(f, x).df))
    assert "which computes the difference for you" in message and "scipy" in message
    message = refused_message("06.2", lambda f, x, y, h: tuple(
        partial(lambda p: f(p[0], p[1]), np.array([x, y]), i=i, h=h) for i in (0, 1)))
    assert "mathlib.calculus.partial, which computes the difference for you" in message


def test_06_1_a_learners_own_helper_named_derivative_passes():
    def derivative(f, x, h):                       # the learner's own, same name as mathlib's
        return (f(x + h) - f(x - h)) / (2 * h)

    def central_difference(f, x, h):
        return derivative(f, x, h=h)
    assert evaluate("06.1", central_difference).passed
    assert evaluate("06.2", lambda f, x, y, h: (derivative(lambda t: f(t, y), x, h=h),
                                                derivative(lambda t: f(x, t), y, h=h))).passed


@pytest.mark.parametrize("id, answer", [
    ("06.1", lambda f, x, h: (f(x + 1e-6) - f(x - 1e-6)) / 2e-6),
    ("06.1", lambda f, x, h: (f(x + 1e-8) - f(x)) / 1e-8),
    ("06.2", lambda f, x, y, h: ((f(x + 1e-6, y) - f(x - 1e-6, y)) / 2e-6,
                                 (f(x, y + 1e-6) - f(x, y - 1e-6)) / 2e-6)),
])
def test_06_a_tiny_step_of_ones_own_is_told_to_use_the_given_h(id, answer):
    message = fail_message(id, answer)
    assert "yours is 3," in message or "yours is [4, 13]," in message
    assert "Use the step h you are given" in message and "(here h = 0.1)" in message


def test_06_the_right_difference_with_a_different_h_is_not_taken_for_ignoring_h():
    # a forward difference with the given h is named as such, not as "ignored h"
    message = fail_message("06.1", lambda f, x, h: (f(x + h) - f(x)) / h)
    assert "forward difference" in message and "step h you are given" not in message


# -- 06.2 a numerical gradient in 2-D -------------------------------------------------------------
def _central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_06_2_reusing_06_1_is_right_when_given_a_function_of_one_number():
    def gradient_2d(f, x, y, h):
        return (_central_difference(lambda t: f(t, y), x, h),
                _central_difference(lambda t: f(x, t), y, h))
    assert evaluate("06.2", gradient_2d).passed


def test_06_2_reusing_06_1_with_f_itself_is_told_as_such_not_as_a_pair():
    message = fail_message("06.2", lambda f, x, y, h: (_central_difference(f, x, h),
                                                   _central_difference(f, y, h)))
    assert "you called it with one number; f needs both x and y" in message
    assert "lambda t: f(t, y)" in message and "passes one pair" not in message


@pytest.mark.parametrize("id, answer, words", [
    ("06.2", lambda f, x, y, h: ((f((x + h, y)) - f((x - h, y))) / (2 * h),
                                 (f((x, y + h)) - f((x, y - h))) / (2 * h)),
     "f takes two numbers, f(x, y); you called it with one: f((x, y)) passes one pair"),
    ("06.1", lambda f, x, h: (f(x + h, 0) - f(x - h, 0)) / (2 * h),
     "f takes one number, f(x); you called it with two"),
])
def test_06_calling_f_with_the_wrong_number_of_arguments_is_explained(id, answer, words):
    message = fail_message(id, answer)
    assert "your function raised TypeError: " + words in message
    for internal in ("_bowl", "_cube", "_wavy", "_waves", "_flower_loss", "<lambda>()"):
        assert internal not in message


# -- 06.3 the gradient of a loss with weight decay ------------------------------------------------
_LOSS_WORDS = [words for _, words in nb06._LOSS_SLIPS]


@pytest.mark.parametrize("k", range(len(nb06._LOSS_SLIPS)))
def test_06_3_each_slip_fails_and_is_named_alone(k):
    slip, words = nb06._LOSS_SLIPS[k]
    message = fail_message("06.3", nb06._as_answer(slip))
    assert words in message
    assert all(other not in message for other in _LOSS_WORDS if other != words)


def test_06_3_a_slip_that_fits_only_some_cases_is_not_named():
    # the penalty lam * w (no 2) on the by-hand case only, right elsewhere: no cause fits all
    def loss_gradient(w, b, x, y, lam):
        g = nb06._loss_gradient(w, b, x, y, lam)
        return (g[0] - lam * w, g[1]) if len(x) == 2 else tuple(g)
    message = fail_message("06.3", loss_gradient)
    assert not any(words in message for words in _LOSS_WORDS)
    # the squared-error gradient of the section, copied: named as the missing penalty
    message = fail_message("06.3", lambda w, b, x, y, lam: tuple(nb06._data_gradient(w, b, x, y)))
    assert "the penalty λ w² adds its own derivative" in message


def test_06_3_text_rule_matches_the_check():
    # 6 significant digits: float32 passes, a written-out finite difference passes (the text says so)
    def finite(w, b, x, y, lam, h=1e-5):
        L = lambda w, b: np.mean((w * x + b - y) ** 2) + lam * w * w   # noqa: E731
        return ((L(w + h, b) - L(w - h, b)) / (2 * h), (L(w, b + h) - L(w, b - h)) / (2 * h))
    assert evaluate("06.3", finite).passed
    assert not evaluate("06.3", lambda w, b, x, y, lam: tuple(
        np.round(nb06._loss_gradient(w, b, x, y, lam), 3))).passed


def test_06_3_refuses_the_numerical_gradient_and_scipy():
    from mathlib.calculus import gradient
    from scipy.differentiate import derivative as scipy_derivative

    def by_gradient(w, b, x, y, lam):
        L = lambda p: np.mean((p[0] * x + p[1] - y) ** 2) + lam * p[0] ** 2   # noqa: E731
        return tuple(gradient(L, np.array([w, b])))
    message = refused_message("06.3", by_gradient)
    assert ("your function called mathlib.calculus.gradient, which approximates the derivative "
            "numerically (this exercise asks for the exact formula)") in message

    def by_scipy(w, b, x, y, lam):
        Lw = lambda t: np.mean((t[..., None] * x + b - y) ** 2, axis=-1) + lam * t ** 2  # noqa
        Lb = lambda t: np.mean((w * x + t[..., None] - y) ** 2, axis=-1) + lam * w ** 2  # noqa
        return scipy_derivative(Lw, w).df, scipy_derivative(Lb, b).df
    assert "which approximates the derivative numerically" in refused_message("06.3", by_scipy)

    def gradient(w, b, x, y, lam):                  # the learner's own helper of that name
        r = w * x + b - y
        return np.mean(2 * r * x) + 2 * lam * w, np.mean(2 * r)
    assert evaluate("06.3", lambda w, b, x, y, lam: gradient(w, b, x, y, lam)).passed


# -- 06.4 an integral by hand ---------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((4, 20, 10, 12, 64 / 3), "without the width h = 2"),
    ((40, 8, 20, 24, 64 / 3), "that is the right sum"),
    ((8, 40, 24, 20, 64 / 3), "that is the trapezoid sum"),
    ((8, 40, 20, 48, 64 / 3), "the two end heights count half"),
    ((8, 40, 20, 20, 64 / 3), "that is the midpoint sum"),
    ((8, 40, 20, 24, 64), "divide by 3"),
    ((8, 40, 20, 24, 21.33), "is rounded"),
    ((8, 40, 20, 24, 16), "a height, not an area"),
])
def test_06_4_by_hand_slips_are_named(answer, words):
    assert words in fail_message("06.4", answer)


def test_06_4_an_unexplained_number_names_no_cause():
    message = fail_message("06.4", (8, 40, 19, 24, 64 / 3))
    assert "your midpoint sum is 19, which is not right. The order is" in message


def test_06_4_reference_matches_the_notebooks_rules():
    from mathlib.calculus import integrate
    want = REGISTRY["06.4"].reference()
    got = [integrate(lambda t: t * t, 0, 4, n=2, rule=r)
           for r in ("left", "right", "midpoint", "trapezoid")]
    np.testing.assert_allclose(want[:4], got)
    assert want[4] == pytest.approx(64 / 3)


def test_06_4_a_float32_area_is_told_as_float32_not_as_rounded():
    message = fail_message("06.4", (8, 40, 20, 24, np.float32(64 / 3)))
    assert "stored as float32, which keeps about 7 digits" in message
    assert "is rounded" in fail_message("06.4", (8, 40, 20, 24, 21.333333))


# -- 06.5 the trapezoid rule from scratch ---------------------------------------------------------
@pytest.mark.parametrize("k", range(len(nb06._TRAPEZOID_SLIPS)))
def test_06_5_each_slip_fails_and_is_named_alone(k):
    slip = nb06._TRAPEZOID_SLIPS[k]
    message = fail_message("06.5", lambda f, a, b, n: slip.wrong(f, a, b, n)
                       if slip.wrong(f, a, b, n) is not None else nb06._trapezoid(f, a, b, n))
    assert slip.words in message
    assert all(o.words not in message for o in nb06._TRAPEZOID_SLIPS if o is not slip)


def test_06_5_refuses_the_tools_that_integrate_and_takes_own_helpers():
    from mathlib.calculus import integrate
    from scipy.integrate import trapezoid as scipy_trapezoid

    def edges(a, b, n):
        return np.linspace(a, b, n + 1)
    for answer in (lambda f, a, b, n: integrate(f, a, b, n=n),
                   lambda f, a, b, n: np.trapezoid([f(t) for t in edges(a, b, n)], edges(a, b, n)),
                   lambda f, a, b, n: scipy_trapezoid([f(t) for t in edges(a, b, n)],
                                                      edges(a, b, n))):
        message = refused_message("06.5", answer)
        assert "which computes the integral for you" in message

    def integrate(f, a, b, n):                      # the learner's own helper of that name
        return nb06._trapezoid(f, a, b, n)
    assert evaluate("06.5", lambda f, a, b, n: integrate(f, a, b, n)).passed


# -- across the exercises of 06 -------------------------------------------------------------------
def test_06_5_reference_agrees_with_mathlib_and_scipy():
    from mathlib.calculus import integrate
    from scipy.integrate import trapezoid as scipy_trapezoid
    for f, a, b, n in nb06._trapezoid_cases():
        t = np.linspace(a, b, n + 1)
        want = nb06._trapezoid(f, a, b, n)
        assert want == pytest.approx(integrate(f, a, b, n=n, rule="trapezoid"), rel=1e-12)
        assert want == pytest.approx(scipy_trapezoid(f(t), t), rel=1e-12)


def test_06_test_functions_carry_learner_names_in_python_errors():
    from mathlib.exercises import nb06

    for f in (nb06._cube, nb06._exp, nb06._sin, nb06._wavy, nb06._bowl, nb06._waves,
              nb06._flower_loss):
        assert f.__name__ == "f"
        with pytest.raises(TypeError) as info:
            f(x=1.0)
        assert "_" not in str(info.value).split("(")[0]
    assert nb06._bowl(1.0, 2.0) == 10.0 and nb06._cube(2.0) == 8.0
    np.testing.assert_allclose(nb06._bowl.exact(1.0, 2.0), [4.0, 13.0])
    np.testing.assert_allclose(nb06._waves.exact(0.3, -0.4), [
        (nb06._waves(0.3 + 1e-6, -0.4) - nb06._waves(0.3 - 1e-6, -0.4)) / 2e-6,
        (nb06._waves(0.3, -0.4 + 1e-6) - nb06._waves(0.3, -0.4 - 1e-6)) / 2e-6], rtol=1e-7)
