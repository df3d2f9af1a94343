import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathlib import calculus
from mathlib.calculus import EPS, default_step, derivative, gradient, hessian, jacobian, partial


def raises(kind, message):
    """pytest.raises for exactly this message."""
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


def test_default_steps_follow_the_tradeoff():
    assert default_step(0.0, method="forward") == pytest.approx(np.sqrt(EPS), rel=1e-12)
    assert default_step(0.5, method="central") == pytest.approx(EPS ** (1 / 3), rel=1e-12)
    assert default_step(-1.0, method="hessian") == pytest.approx(EPS ** 0.25, rel=1e-12)
    assert default_step(-1000.0, method="central") == pytest.approx(1000 * EPS ** (1 / 3), rel=1e-12)
    np.testing.assert_allclose(default_step([2.0, 0.1]), [2 * EPS ** (1 / 3), EPS ** (1 / 3)])
    assert default_step(3.0) == default_step(3.0, method="central")
    with raises(ValueError, "default_step: method must be one of ['central', 'forward', "
                            "'hessian'], got 'backward'"):
        default_step(1.0, method="backward")


@given(st.floats(-3, 3))
def test_derivative_of_sin_is_cos(x):
    assert derivative(np.sin, x) == pytest.approx(np.cos(x), abs=1e-9)
    assert derivative(np.sin, x, method="forward") == pytest.approx(np.cos(x), abs=2e-7)


def test_derivative_known_values_and_accuracy_orders():
    assert derivative(np.exp, 0.0) == pytest.approx(1.0, abs=1e-10)
    assert derivative(lambda t: t ** 3, 2.0) == pytest.approx(12.0, rel=1e-9)
    assert derivative(np.log, 1000.0) == pytest.approx(1e-3, rel=1e-8)   # step scales with |x|
    # a line: both differences exact up to round-off
    assert derivative(lambda t: 3 * t - 1, 0.3, method="forward") == pytest.approx(3.0, rel=1e-7)
    # with a large step the truncation orders show: forward O(h), central O(h^2)
    fwd = abs(derivative(np.exp, 0.0, h=1e-2, method="forward") - 1.0)
    cen = abs(derivative(np.exp, 0.0, h=1e-2) - 1.0)
    assert fwd == pytest.approx(1e-2 / 2, rel=0.02)                      # h f''/2
    assert cen == pytest.approx(1e-4 / 6, rel=0.02)                      # h^2 f'''/6
    # forward differences use f(x) itself: f(x + h) - f(x), not a central quotient
    assert derivative(lambda t: t * t, 1.0, h=0.5, method="forward") == pytest.approx(2.5)
    assert derivative(lambda t: t * t, 1.0, h=0.5) == pytest.approx(2.0)


def test_default_step_beats_too_small_and_too_large_steps():
    x = 1.0
    err = {h: abs(derivative(np.sin, x, h=h) - np.cos(x)) for h in (1e-12, None, 1e-1)}
    assert err[None] < err[1e-12] and err[None] < err[1e-1]
    err = {h: abs(derivative(np.sin, x, h=h, method="forward") - np.cos(x))
           for h in (1e-13, None, 1e-3)}
    assert err[None] < err[1e-13] and err[None] < err[1e-3]


def test_derivative_bad_input():
    with raises(ValueError, "derivative: f returned nan at 0.0 (while differentiating at "
                            "x = 0.0); f must be finite near x"):
        derivative(lambda t: np.nan if t == 0 else t, 0.0, method="forward")
    with pytest.raises(ValueError, match=r"derivative: f returned inf at .*x = 1\.0"):
        derivative(lambda t: np.inf, 1.0)
    with raises(ValueError, "derivative: f must return a single number, but at x = 1.0 it "
                            "returned a vector of length 2"):
        derivative(lambda t: [t, t], 1.0)
    with raises(ValueError, "derivative: the step h must be positive, got 0.0"):
        derivative(np.sin, 1.0, h=0.0)
    with pytest.raises(ValueError, match="the step h must be positive, got -0.1"):
        derivative(np.sin, 1.0, h=-0.1)
    with raises(ValueError, "derivative: the step is too small to change x = 1e+20; use a "
                            "larger h"):
        derivative(np.sin, 1e20, h=1.0)
    with raises(ValueError, "derivative: method must be 'central' or 'forward', got 'back'"):
        derivative(np.sin, 1.0, method="back")
    with pytest.raises(ValueError, match="derivative: x must be a single number"):
        derivative(np.sin, [1.0, 2.0])
    with pytest.raises(TypeError, match="derivative: x must be numbers"):
        derivative(np.sin, "1")


def f3(v):
    x, y, z = v
    return x * x * y + np.sin(z) * y + np.exp(x * z)


def grad_f3(v):
    x, y, z = v
    return np.array([2 * x * y + z * np.exp(x * z), x * x + np.sin(z),
                     np.cos(z) * y + x * np.exp(x * z)])


def hess_f3(v):
    x, y, z = v
    e = np.exp(x * z)
    return np.array([[2 * y + z * z * e, 2 * x, e + x * z * e],
                     [2 * x, 0.0, np.cos(z)],
                     [e + x * z * e, np.cos(z), -np.sin(z) * y + x * x * e]])


@given(st.lists(st.floats(-2, 2), min_size=3, max_size=3))
def test_gradient_partial_hessian_against_hand_derivation(v):
    v = np.array(v)
    np.testing.assert_allclose(gradient(f3, v), grad_f3(v), rtol=1e-7, atol=1e-8)
    for i in (0, 1, 2, -1):
        assert partial(f3, v, i=i) == pytest.approx(grad_f3(v)[i], rel=1e-7, abs=1e-8)
    H = hessian(f3, v)
    np.testing.assert_allclose(H, hess_f3(v), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(H, H.T)


def test_gradient_of_matrix_argument_keeps_shape():
    A = np.arange(6.0).reshape(2, 3) / 4
    G = gradient(lambda W: np.sum(W ** 2) + W[1, 2], A)
    expected = 2 * A
    expected[1, 2] += 1
    assert G.shape == (2, 3)
    np.testing.assert_allclose(G, expected, rtol=1e-8, atol=1e-9)


def test_given_step_is_used():
    # for a cubic the central difference error is exactly h^2 f'''/6 = h^2
    cube = lambda v: float(np.sum(v ** 3))  # noqa: E731
    np.testing.assert_allclose(gradient(cube, np.array([1.0, 2.0]), h=0.1),
                               [3.0 + 0.01, 12.0 + 0.01], rtol=1e-12)
    assert partial(cube, np.array([1.0, 2.0]), i=1, h=0.1) == pytest.approx(12.01, rel=1e-12)
    J = jacobian(lambda v: v ** 3, np.array([1.0, 2.0]), h=0.1)
    np.testing.assert_allclose(J, np.diag([3.01, 12.01]), rtol=1e-12, atol=1e-15)
    # on the diagonal the step is 2h: (f(x+2h) - 2f(x) + f(x-2h)) / (4h^2) = f'' + (2h)^2 f''''/12,
    # so for x^4 at x = 1: 12 + 8 h^2
    H = hessian(lambda v: v[0] ** 4 + v[0] * v[1], np.array([1.0, 5.0]), h=0.1)
    np.testing.assert_allclose(H, [[12.0 + 8 * 0.01, 1.0], [1.0, 0.0]], rtol=1e-10, atol=1e-9)


def test_jacobian_of_a_layer_is_its_weight_matrix_times_slopes():
    rng = np.random.default_rng(0)
    W, b, x = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    J = jacobian(lambda v: np.tanh(W @ v + b), x)
    expected = (1 - np.tanh(W @ x + b) ** 2)[:, None] * W
    assert J.shape == (4, 3)
    np.testing.assert_allclose(J, expected, rtol=1e-8, atol=1e-10)
    J1 = jacobian(lambda v: v[0] * v[1], np.array([2.0, 3.0]))        # scalar output: (1, n)
    np.testing.assert_allclose(J1, [[3.0, 2.0]], rtol=1e-9)


def test_jacobian_and_gradient_scale_steps_per_coordinate():
    big = np.array([1e6, 1e-3])
    f = lambda v: np.array([np.sqrt(v[0]), v[1] ** 2])  # noqa: E731
    np.testing.assert_allclose(jacobian(f, big), [[0.5e-3, 0], [0, 2e-3]], rtol=1e-7, atol=1e-12)
    # round-off of f ~ 1000 is eps * 1000 / h ~ 4e-8 absolute in every entry
    np.testing.assert_allclose(gradient(lambda v: np.sqrt(v[0]) + v[1] ** 2, big),
                               [0.5e-3, 2e-3], rtol=1e-7, atol=1e-7)
    H = hessian(lambda v: np.log(v[0]) + v[1] ** 3, np.array([1e4, 0.5]))
    np.testing.assert_allclose(H, [[-1e-8, 0], [0, 3.0]], rtol=1e-4, atol=1e-12)


def test_hessian_of_quadratic_form_is_the_symmetric_part():
    A = np.array([[2.0, 1.0], [3.0, -4.0]])
    H = hessian(lambda v: v @ A @ v, np.array([0.3, -0.7]))
    np.testing.assert_allclose(H, A + A.T, atol=1e-6)
    assert hessian(lambda v: v[0] ** 2, np.array([0.0])).shape == (1, 1)


def test_calculus_bad_input():
    v = np.array([1.0, 2.0])
    with raises(ValueError, "partial: i = 2 is out of range; expected -2 <= i <= 1"):
        partial(np.sum, v, i=2)
    with pytest.raises(ValueError, match=r"^partial: i = -3 is out of range"):
        partial(np.sum, v, i=-3)
    assert partial(np.sum, v, i=-2) == pytest.approx(1.0)
    with raises(TypeError, "partial: i must be a whole number (an int), got float 1.0 (write 1, without the "
                           "decimal point)"):
        partial(np.sum, v, i=1.0)
    with pytest.raises(TypeError, match="got bool"):
        partial(np.sum, v, i=True)
    assert partial(np.sum, v, i=np.int64(1)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="partial: x must be a vector, got a matrix"):
        partial(np.sum, np.eye(2), i=0)
    with pytest.raises(ValueError, match=r"gradient: f returned nan at \[-6\.0\d*e-06 +1\.0+e\+00\].*"
                                         r"differentiating at x = \[0\. 1\.\]"):
        gradient(lambda w: np.sqrt(w[0]) if w[0] >= 0 else np.nan, np.array([0.0, 1.0]))
    with raises(ValueError, "gradient: the step is too small to change x[0] = 1e+20; use a "
                            "larger h"):
        gradient(np.sum, np.array([1e20]), h=1.0)
    with pytest.raises(ValueError, match="gradient: x is empty"):
        gradient(np.sum, np.array([]))
    with raises(ValueError, "jacobian: f returned [inf] at [6.05545445e-06] (while "
                            "differentiating at x = [0.]); f must be finite near x"):
        jacobian(lambda w: np.where(w > 0, np.inf, w), np.array([0.0]))
    with raises(ValueError, "jacobian: f must return a vector, but at x = [1. 2.] it returned "
                            "a matrix of shape (2, 2)"):
        jacobian(lambda w: np.eye(2), v)
    with raises(ValueError, "jacobian: f returned 1 outputs at x = [1. 2.] but 2 at "
                            "[1.00000606 2.        ]; the output must keep its length"):
        jacobian(lambda w: w if w[0] != 1.0 else w[:1], v)
    with pytest.raises(ValueError, match="jacobian: x must be a vector"):
        jacobian(np.sin, 1.0)
    with pytest.raises(ValueError, match="hessian: f returned nan"):
        hessian(lambda w: np.sqrt(w[0]) if w[0] >= 0 else np.nan, np.array([0.0]))
    with raises(ValueError, "hessian: f must return a single number, but at x = [1. 2.] it "
                            "returned a vector of length 2"):
        hessian(lambda w: w, v)
    with pytest.raises(ValueError, match="hessian: the step h must be positive"):
        hessian(np.sum, v, h=0)


CUT = 0.5     # f is NaN beyond this: finite at x, not finite a step away


def cut(t):
    return np.nan if np.max(t) > CUT else float(np.sum(t))


BAD_INPUT = [
    (lambda: derivative(cut, CUT), ValueError,
     "derivative: f returned nan at 0.5000060554544524 (while differentiating at x = 0.5); f must "
     "be finite near x"),
    (lambda: derivative(cut, CUT, h=1e-3, method="forward"), ValueError,
     "derivative: f returned nan at 0.501 (while differentiating at x = 0.5); f must be finite "
     "near x"),
    (lambda: derivative(lambda t: -cut(-t), -CUT), ValueError,
     "derivative: f returned nan at -0.5000060554544523 (while differentiating at x = -0.5); f "
     "must be finite near x"),
    (lambda: partial(lambda v: -cut(-v), [-CUT, 0.0], i=0, h=0.25), ValueError,
     "partial: f returned nan at [-0.75  0.  ] (while differentiating at x = [-0.5  0. ]); f must "
     "be finite near x"),
    (lambda: gradient(cut, [0.0, CUT], h=0.25), ValueError,
     "gradient: f returned nan at [0.   0.75] (while differentiating at x = [0.  0.5]); f must be "
     "finite near x"),
    (lambda: jacobian(lambda v: [-cut(-v)], [-CUT], h=0.25), ValueError,
     "jacobian: f returned [nan] at [-0.75] (while differentiating at x = [-0.5]); f must be "
     "finite near x"),
    (lambda: hessian(lambda v: -cut(-v), [-CUT], h=0.25), ValueError,
     "hessian: f returned nan at [-1.] (while differentiating at x = [-0.5]); f must be finite "
     "near x"),
    (lambda: partial(np.sin, [1.0], i=0), ValueError,
     "partial: f must return a single number, but at x = [1.] it returned a vector of length 1"),
    (lambda: gradient(lambda v: v, [[1.0]]), ValueError,
     "gradient: f must return a single number, but at x = [[1.]] it returned a matrix of shape "
     "(1, 1)"),
    (lambda: default_step("a"), TypeError,
     "default_step: x must be numbers (a scalar, list or numpy array), got str 'a'"),
    (lambda: derivative(np.sin, 1.0, h=[1.0, 2.0]), ValueError,
     "derivative: h must be a single number, got a vector of length 2"),
    (lambda: partial(np.sum, [1.0], i=0, h=-1), ValueError,
     "partial: the step h must be positive, got -1.0"),
    (lambda: gradient(np.sum, [1.0], h=0), ValueError,
     "gradient: the step h must be positive, got 0.0"),
    (lambda: jacobian(np.sin, [1.0], h=0), ValueError,
     "jacobian: the step h must be positive, got 0.0"),
    (lambda: hessian(np.sum, [1.0], h=np.nan), ValueError,
     "hessian: h holds nan at index (); expected finite numbers (no NaN or infinity)"),
    (lambda: partial(np.sum, [1e20], i=0, h=1.0), ValueError,
     "partial: the step is too small to change x[0] = 1e+20; use a larger h"),
    (lambda: hessian(np.sum, np.eye(2)), ValueError,
     "hessian: x must be a vector, got a matrix of shape (2, 2)"),
    (lambda: hessian(np.sum, [np.inf]), ValueError,
     "hessian: x holds inf at index (0,); expected finite numbers (no NaN or infinity)"),
    (lambda: jacobian(np.sin, [np.nan]), ValueError,
     "jacobian: x holds nan at index (0,); expected finite numbers (no NaN or infinity)"),
    (lambda: gradient(np.sum, "x"), TypeError,
     "gradient: x must be numbers (a scalar, list or numpy array), got str 'x'"),
]


@pytest.mark.parametrize("case", range(len(BAD_INPUT)))
def test_each_function_names_itself_in_errors(case):
    call, kind, message = BAD_INPUT[case]
    with raises(kind, message):
        call()


def test_values_of_other_number_types():
    # a step function written as a comparison returns bools: read as 0.0 and 1.0
    assert derivative(lambda t: t > 0, 1.0) == 0.0
    assert derivative(lambda t: t > 0, 0.0, h=0.5) == 1.0
    np.testing.assert_array_equal(jacobian(lambda v: v > 0, [0.0, 2.0], h=0.5),
                                  [[1.0, 0.0], [0.0, 0.0]])
    assert hessian(lambda v: v[0] > 0, [0.0], h=0.5)[0, 0] == 1.0   # (1 - 0 - 0 + 0) / (4 h^2)
    np.testing.assert_array_equal(jacobian(lambda v: np.float32(v[0]), [1.0], h=0.5), [[1.0]])


def test_no_warnings_near_the_float_limits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert derivative(lambda t: np.float64(3) * t, 1e300) == pytest.approx(3.0, rel=1e-6)
        assert derivative(lambda t: t, 1e-300) == pytest.approx(1.0)


def test_module_exports():
    assert set(calculus.__all__) == {"derivative", "partial", "gradient", "jacobian", "hessian",
                                     "default_step", "integrate", "RULES"}


# -- integrate ---------------------------------------------------------------------------------
from scipy.integrate import quad  # noqa: E402

from mathlib.calculus import RULES, integrate  # noqa: E402

INTEGRANDS = [(np.sin, 0.0, np.pi), (np.exp, -1.0, 2.0), (lambda t: 1 / (1 + t * t), -3.0, 1.5),
              (lambda t: t ** 3 - 2 * t, 0.5, 2.0)]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("case", range(len(INTEGRANDS)))
def test_integrate_agrees_with_scipy_quad(rule, case):
    f, a, b = INTEGRANDS[case]
    exact = quad(f, a, b, epsabs=1e-13, epsrel=1e-13)[0]
    n = 20000 if rule in ("left", "right") else 2000
    tol = 1e-3 if rule in ("left", "right") else 1e-6
    assert integrate(f, a, b, n=n, rule=rule) == pytest.approx(exact, rel=tol, abs=tol)


def test_integrate_error_orders_and_constants():
    f, a, b = np.exp, 0.0, 1.0
    exact = np.e - 1
    for n in (10, 40):
        h = (b - a) / n
        # the leading error terms of the docstring, with f' and f'' at some point of [a, b]
        left = integrate(f, a, b, n=n, rule="left") - exact
        right = integrate(f, a, b, n=n, rule="right") - exact
        mid = integrate(f, a, b, n=n, rule="midpoint") - exact
        trap = integrate(f, a, b, n=n, rule="trapezoid") - exact
        assert -h * np.e / 2 <= left <= -h / 2 and h / 2 <= right <= h * np.e / 2
        assert -h * h * np.e / 24 <= mid <= -h * h / 24 and h * h / 12 <= trap <= h * h * np.e / 12
        assert mid / trap == pytest.approx(-0.5, rel=0.01)        # opposite sides, half as far
    # doubling n: left/right errors halve, midpoint/trapezoid errors quarter
    def err(rule, n):
        return abs(integrate(np.sin, 0.0, 2.0, n=n, rule=rule) - (1 - np.cos(2.0)))
    for rule, ratio in (("left", 2), ("right", 2), ("midpoint", 4), ("trapezoid", 4)):
        assert err(rule, 200) / err(rule, 400) == pytest.approx(ratio, rel=0.02)


def test_integrate_exact_cases_and_direction():
    assert integrate(lambda t: 3.0, 0, 2, n=1, rule="left") == 6.0        # a scalar-only f
    line = lambda t: 2 * t + 1                                         # noqa: E731
    assert integrate(line, 0, 1, n=3, rule="trapezoid") == pytest.approx(2.0, abs=1e-15)
    assert integrate(line, 0, 1, n=3, rule="midpoint") == pytest.approx(2.0, abs=1e-15)
    assert integrate(line, 0, 1, n=2, rule="left") == pytest.approx(1.5)    # by hand: 0.5 (1 + 2)
    assert integrate(line, 0, 1, n=2, rule="right") == pytest.approx(2.5)   # 0.5 (2 + 3)
    # from b down to a: the negative sum (left endpoints going down are the right ones going up)
    mirror = {"left": "right", "right": "left", "midpoint": "midpoint", "trapezoid": "trapezoid"}
    for rule in RULES:
        assert integrate(np.cos, 1.0, 0.0, n=50, rule=rule) == pytest.approx(
            -integrate(np.cos, 0.0, 1.0, n=50, rule=mirror[rule]), rel=1e-12)
        assert integrate(np.cos, 0.7, 0.7, rule=rule) == 0.0
    # fundamental theorem: integrating a derivative gives back the change
    assert integrate(lambda t: 3 * t * t, 1.0, 2.0, n=1000) == pytest.approx(2 ** 3 - 1, rel=1e-6)


def test_integrate_bad_input():
    with raises(ValueError, "integrate: rule must be one of left, right, midpoint, trapezoid; "
                            "got 'simpson'"):
        integrate(np.sin, 0, 1, rule="simpson")
    with raises(TypeError, "integrate: n must be a whole number (an int), got float 10.0 (write 10, "
                           "without the decimal point)"):
        integrate(np.sin, 0, 1, n=10.0)
    with raises(ValueError, "integrate: n = 0 is out of range; expected n >= 1"):
        integrate(np.sin, 0, 1, n=0)
    with raises(ValueError, "integrate: a holds inf at index (); expected finite numbers (no NaN "
                            "or infinity)"):
        integrate(np.sin, np.inf, 1)
    with pytest.raises(ValueError, match="^integrate: f returned inf at t = 0.0; f must be finite"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            integrate(lambda t: 1 / np.abs(t), 0.0, 1.0, n=4)
    with pytest.raises(ValueError, match="^integrate: f must return a single number"):
        integrate(lambda t: [t, t], 0.0, 1.0, n=2)
