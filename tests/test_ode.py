"""mathlib.ode: Euler and RK4 against exact solutions, their measured orders of convergence,
scipy.integrate.solve_ivp with tight tolerances, the honest stop at an overflow, and every error."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from mathlib.ode import euler, rk4

scipy_integrate = pytest.importorskip("scipy.integrate")


def decay(t, y):
    return -2.0 * y


def oscillator(t, y):                       # x'' = -x as (x, v)
    return np.array([y[1], -y[0]])


@pytest.mark.parametrize("method", [euler, rk4])
def test_shape_and_first_row(method):
    t = np.linspace(0.0, 1.0, 5)
    Y = method(decay, 3.0, t)
    assert Y.shape == (5, 1) and Y[0, 0] == 3.0
    Y2 = method(oscillator, [1.0, 0.0], t)
    assert Y2.shape == (5, 2) and np.array_equal(Y2[0], [1.0, 0.0])
    assert method(decay, 1.0, [0.5]).shape == (1, 1)            # one time: only y0
    assert method(decay, np.array([2.0]), t).shape == (5, 1)
    y0 = np.array([1.0, 0.0])
    method(oscillator, y0, t)
    assert np.array_equal(y0, [1.0, 0.0])                       # y0 is not changed


def test_euler_by_hand():
    # y' = -2 y, h = 0.25: each step multiplies by 1 - 0.5 = 0.5
    Y = euler(decay, 1.0, [0.0, 0.25, 0.5, 0.75])
    assert_allclose(Y[:, 0], [1.0, 0.5, 0.25, 0.125], rtol=0, atol=0)
    # uneven steps and a time-dependent f: y' = t, y(0) = 0; Euler uses the left end of each step
    Y = euler(lambda t, y: np.array([t]), 0.0, [0.0, 1.0, 1.5, 3.5])
    assert_allclose(Y[:, 0], [0.0, 0.0, 0.5, 3.5])


def test_rk4_by_hand():
    # one step of y' = y from 1 with h = 1: 1 + 1 + 1/2 + 1/6 + 1/24
    Y = rk4(lambda t, y: y, 1.0, [0.0, 1.0])
    assert_allclose(Y[1, 0], 1 + 1 + 1 / 2 + 1 / 6 + 1 / 24, rtol=1e-15)
    # y' = t^3 (quadrature): RK4 is Simpson's rule, exact for cubics, on an uneven grid
    Y = rk4(lambda t, y: np.array([t ** 3]), 0.0, [0.0, 0.3, 1.0, 2.0])
    assert_allclose(Y[:, 0], np.array([0.0, 0.3, 1.0, 2.0]) ** 4 / 4, rtol=1e-14)
    # the time arguments of the middle and last slopes: y' = 1 if t is a midpoint or end
    seen = []
    rk4(lambda t, y: (seen.append(t), np.zeros(1))[1], 0.0, [1.0, 3.0])
    assert seen == [1.0, 2.0, 2.0, 3.0]


def test_rk4_uses_k2_and_k3_as_documented():
    # y' = y^2 (nonlinear, so every k matters): compare with the formula written out
    f = lambda t, y: y ** 2          # noqa: E731
    y, h = 0.5, 0.2
    k1 = y ** 2
    k2 = (y + h / 2 * k1) ** 2
    k3 = (y + h / 2 * k2) ** 2
    k4 = (y + h * k3) ** 2
    assert_allclose(rk4(f, y, [0.0, h])[1, 0], y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4),
                    rtol=1e-15)
    # t-dependent and y-dependent: y' = t y
    g = lambda t, y: t * y           # noqa: E731
    t0, y = 0.3, 1.2
    k1 = t0 * y
    k2 = (t0 + h / 2) * (y + h / 2 * k1)
    k3 = (t0 + h / 2) * (y + h / 2 * k2)
    k4 = (t0 + h) * (y + h * k3)
    assert_allclose(rk4(g, y, [t0, t0 + h])[1, 0], y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4),
                    rtol=1e-15)


@pytest.mark.parametrize("method, tol", [(euler, 2e-2), (rk4, 1e-9)])
def test_against_exact_solutions(method, tol):
    t = np.linspace(0.0, 2.0, 401)
    assert_allclose(method(decay, 1.5, t)[:, 0], 1.5 * np.exp(-2 * t), atol=tol)
    Y = method(oscillator, [1.0, 0.0], t)
    assert_allclose(Y, np.column_stack([np.cos(t), -np.sin(t)]), atol=tol)


def _error(method, f, y0, exact, n):
    t = np.linspace(0.0, 1.0, n + 1)
    return np.max(np.abs(method(f, y0, t)[-1] - exact))


@pytest.mark.parametrize("f, y0, exact", [
    (decay, 1.0, np.exp(-2.0)),
    (oscillator, [1.0, 0.0], np.array([np.cos(1.0), -np.sin(1.0)])),
])
def test_convergence_orders(f, y0, exact):
    """Halving h: Euler's error halves (order 1), RK4's falls 16 times (order 4)."""
    for method, order in ((euler, 1), (rk4, 4)):
        errors = [_error(method, f, y0, exact, n) for n in (20, 40, 80, 160)]
        ratios = np.array(errors[:-1]) / np.array(errors[1:])
        assert_allclose(np.log2(ratios), order, atol=0.08), (method.__name__, ratios)


def test_against_solve_ivp():
    def lotka(t, y):
        return np.array([1.1 * y[0] - 0.4 * y[0] * y[1], 0.1 * y[0] * y[1] - 0.4 * y[1]])
    t = np.linspace(0.0, 10.0, 2001)
    sol = scipy_integrate.solve_ivp(lotka, (0.0, 10.0), [10.0, 5.0], t_eval=t, method="DOP853",
                                    rtol=1e-12, atol=1e-12)
    assert sol.y.shape == (2, len(t))                 # scipy's orientation: the transpose of ours
    assert_allclose(rk4(lotka, [10.0, 5.0], t), sol.y.T, rtol=1e-8, atol=1e-9)
    assert_allclose(euler(lotka, [10.0, 5.0], t), sol.y.T, rtol=0.05, atol=0.05)
    # an uneven grid, time-dependent f
    t = np.sort(np.random.default_rng(26).uniform(0, 3, 300))
    g = lambda s, y: np.array([np.cos(s) * y[0]])      # noqa: E731
    sol = scipy_integrate.solve_ivp(g, (t[0], t[-1]), [1.0], t_eval=t, rtol=1e-12, atol=1e-12)
    assert_allclose(rk4(g, 1.0, t), sol.y.T, rtol=1e-7)


def test_euler_stability_threshold_for_decay():
    k = 10.0
    f = lambda t, y: -k * y          # noqa: E731
    for h, kind in ((0.05, "smooth"), (0.15, "oscillating decay"), (0.21, "growing")):
        Y = euler(f, 1.0, np.arange(0, 40) * h)[:, 0]
        assert_allclose(Y, (1 - h * k) ** np.arange(40), rtol=1e-12)
        if kind == "smooth":
            assert np.all(np.diff(Y) < 0) and np.all(Y > 0)
        elif kind == "oscillating decay":
            assert np.all(Y[1::2] < 0) and abs(Y[-1]) < 1e-6
        else:
            assert abs(Y[-1]) > 1
    # RK4 at h k = 2.5 is still stable; at 3 it is not
    assert abs(rk4(f, 1.0, np.arange(60) * 0.25)[-1, 0]) < 1e-3
    assert abs(rk4(f, 1.0, np.arange(60) * 0.3)[-1, 0]) > 1


@pytest.mark.parametrize("method", [euler, rk4])
def test_overflow_stops_with_nan_rows_and_no_warning(method):
    t = np.arange(0, 2000) * 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Y = method(lambda t, y: -50.0 * y, 1.0, t)
        Z = method(lambda t, y: y ** 2, [1.0, 2.0], np.linspace(0, 5, 200))   # blows up at t = 0.5
    ok = np.isfinite(Y).all(axis=1)
    first = int(np.argmin(ok))
    assert 0 < first < len(t) and not ok[first:].any() and ok[:first].all()
    assert np.isnan(Y[first:]).all()
    assert np.isfinite(Y[first - 1]).all() and abs(Y[first - 1, 0]) > 1e100
    okz = np.isfinite(Z).all(axis=1)
    assert okz[0] and not okz[-1] and np.isnan(Z[~okz]).all()
    assert np.array_equal(okz, np.arange(200) < np.argmin(okz))          # once stopped, stopped


@pytest.mark.parametrize("method", [euler, rk4])
def test_errors(method):
    name = method.__name__
    t = [0.0, 0.5, 1.0]
    with pytest.raises(ValueError, match=rf"{name}: t must be strictly increasing, got t\[1\] = "
                                         r"0.5 and t\[2\] = 0.5"):
        method(decay, 1.0, [0.0, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"t\[0\] = 1 and t\[1\] = 0"):
        method(decay, 1.0, [1.0, 0.0])
    with pytest.raises(ValueError, match=rf"{name}: t holds nan"):
        method(decay, 1.0, [0.0, np.nan])
    with pytest.raises(ValueError, match=rf"{name}: t must be a vector, got a matrix"):
        method(decay, 1.0, [[0.0, 1.0]])
    with pytest.raises(ValueError, match=rf"{name}: t is empty"):
        method(decay, 1.0, [])
    with pytest.raises(ValueError, match=rf"{name}: y0 holds inf"):
        method(decay, np.inf, t)
    with pytest.raises(ValueError, match=rf"{name}: y0 must be a"):
        method(decay, np.ones((2, 2)), t)
    with pytest.raises(TypeError, match=rf"{name}: y0 must be numbers"):
        method(decay, "1", t)
    with pytest.raises(TypeError, match=rf"{name}: f must be a function f\(t, y\) returning "
                                        r"dy/dt, got float 2.0"):
        method(2.0, 1.0, t)
    with pytest.raises(ValueError, match=rf"{name}: f\(t, y\) returned a vector of length 3 at t = 0; "
                                         r"expected shape \(2,\), one rate per entry of y \(y0 "
                                         r"has 2 entries\)"):
        method(lambda t, y: np.ones(3), [1.0, 2.0], t)
    with pytest.raises(ValueError, match=r"expected shape \(1,\).*y0 has 1 entry\)"):
        method(lambda t, y: np.ones(2), 1.0, t)
    with pytest.raises(ValueError, match=r"expected shape \(2,\)"):
        method(lambda t, y: 1.0, [1.0, 2.0], t)            # a number is accepted only for d = 1
    with pytest.raises(TypeError, match=rf"{name}: f\(t, y\) must return numbers, got "
                                        r"NoneType None at t = 0"):
        method(lambda t, y: None, 1.0, t)
    with pytest.raises(TypeError, match=r"must return numbers, got str 'a'"):
        method(lambda t, y: "a", 1.0, t)
    with pytest.raises(ValueError, match=rf"{name}: f\(t, y\) returned NaN at t = 0, y = \[-1.\], "
                                         r"a finite state"):
        method(lambda t, y: np.sqrt(y) if y[0] >= 0 else np.array([np.nan]), -1.0, t)
    with pytest.raises(ValueError, match=r"returned NaN at t = 0.5"):
        method(lambda t, y: np.array([np.nan if t > 0.25 else 1.0]), 0.0, t)


@pytest.mark.parametrize("method", [euler, rk4])
def test_scalar_rate_accepted_for_one_dimension_and_integers(method):
    t = np.linspace(0, 1, 11)
    assert_allclose(method(lambda t, y: -y[0], 1.0, t), method(decay, 1.0, t) * 0 +
                    method(lambda t, y: -y, 1.0, t))
    assert method(lambda t, y: 1, 0, [0, 1, 2]).dtype == float            # ints become floats
    assert_allclose(method(lambda t, y: 1, 0, [0, 1, 2])[:, 0], [0.0, 1.0, 2.0])
    with pytest.raises(TypeError, match=r"returned True/False True at t = 0; expected real "
                                        r"rates"):
        method(lambda t, y: np.True_, 0.0, [0, 1])                   # a comparison is no rate


def test_error_messages_in_full():
    with pytest.raises(ValueError) as info:
        euler(decay, 1.0, [0.0, 2.0, 1.0])
    assert str(info.value) == ("euler: t must be strictly increasing, got t[1] = 2 and t[2] = 1; "
                               "expected t[k] < t[k + 1] for every k (sort the times, and drop "
                               "repeated ones)")
    with pytest.raises(ValueError) as info:
        rk4(lambda t, y: np.array([np.nan]), 1 / 3, [0.0, 1.0])
    assert str(info.value) == ("rk4: f(t, y) returned NaN at t = 0, y = [0.333333], a finite "
                               "state: f is not defined there (a log or square root of a "
                               "negative number, 0 / 0, ...); expected finite rates")


@pytest.mark.parametrize("bad_call", [2, 3, 4])
def test_rk4_names_itself_at_every_stage(bad_call):
    calls = []

    def f(t, y):
        calls.append(t)
        return np.ones(2) if len(calls) == bad_call else np.ones(1)
    with pytest.raises(ValueError, match=r"^rk4: f\(t, y\) returned a vector of length 2 at t = "):
        rk4(f, 1.0, [0.0, 1.0])


@pytest.mark.parametrize("method", [euler, rk4])
def test_a_pole_of_f_at_a_finite_state_is_an_error_not_an_overflow(method):
    name = method.__name__
    with pytest.raises(ValueError, match=rf"^{name}: f\(t, y\) returned inf at t = 0, y = \[0.\], "
                                         r"a finite state: f has a pole there"):
        method(lambda t, y: 1.0 / y, 0.0, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"returned inf at t = 0, y = \[1.\]"):
        method(lambda t, y: 1 / (y - 1), 1.0, np.linspace(0, 1, 5))
    with pytest.raises(ValueError, match=r"returned inf .* f has a pole"):
        method(lambda t, y: np.log(y), [1.0, 0.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"returned inf"):
        method(lambda t, y: np.array([np.inf]), 1.0, [0.0, 1.0])
    with warnings.catch_warnings():                      # an overflow inside f stays quiet
        warnings.simplefilter("error")
        Y = method(lambda t, y: y ** 3, 1e120, [0.0, 1.0, 2.0])
    assert Y[0, 0] == 1e120 and np.isnan(Y[1:]).all()


@pytest.mark.parametrize("method", [euler, rk4])
def test_odeint_argument_order_is_named(method):
    name = method.__name__
    t = np.linspace(0.0, 1.0, 5)
    with pytest.raises(TypeError, match=rf"^{name}: f's parameters are \(y, t\), odeint's order; f "
                                        r"is called as f\(t, y\) \(solve_ivp's order, not "
                                        r"odeint's f\(y, t\)\): write it as def f\(t, y\)"):
        method(lambda y, t: -y, 1.0, t)                       # would silently return -t

    def f(state, time):
        return -state
    with pytest.raises(TypeError, match=r"parameters are \(state, time\)"):
        method(f, 1.0, t)

    def g(a, b):                                            # unnamed order: the error names it
        return np.array([a[1], -a[0]])
    with pytest.raises(IndexError, match=rf"^{name}: calling f\(t, y\) at t = 0 raised IndexError: "
                                         r".*f is called as f\(t, y\) \(solve_ivp's order, not "
                                         r"odeint's f\(y, t\)\), and y arrives as a 1-D array "
                                         r"of shape \(2,\)"):
        method(g, [1.0, 0.0], t)
    with pytest.raises(ValueError, match=r"expected shape \(2,\).*not odeint's f\(y, t\)"):
        method(lambda a, b: -a, [1.0, 0.0], t)
    assert_allclose(method(lambda time, y: -y, 1.0, t), method(lambda t, y: -y, 1.0, t))


@pytest.mark.parametrize("method", [euler, rk4])
def test_f_written_for_a_number_and_complex_rates(method):
    import math
    name = method.__name__
    with pytest.raises(TypeError, match=rf"^{name}: calling f\(t, y\) at t = 0 raised TypeError: "
                                        r".*y arrives as a 1-D array of length 1 \(shape \(1,\)\), "
                                        r"not a number: use numpy's functions \(np.exp, not "
                                        r"math.exp\), or take y\[0\]"):
        method(lambda t, y: -math.exp(y), 0.0, [0.0, 1.0])
    with pytest.raises(TypeError, match=rf"^{name}: f\(t, y\) returned complex numbers \[1j\] at "
                                        r"t = 0; expected real rates"):
        method(lambda t, y: [1j], 0.0, [0.0, 1.0])
    with pytest.raises(TypeError, match=r"returned complex numbers"):
        method(lambda t, y: np.sqrt(y.astype(complex) - 1), 0.0, [0.0, 1.0])


@pytest.mark.parametrize("method", [euler, rk4])
def test_review_fix_details(method):
    name = method.__name__
    t = [0.0, 1.0, 2.0]
    assert method(lambda t, time: -time, 1.0, t)[1, 0] == pytest.approx(
        0.0 if name == "euler" else 1 - 1 + 1 / 2 - 1 / 6 + 1 / 24)     # (t, time): time first
    method(lambda time, t: -t, 1.0, t)                                 # (time, t): time first
    with pytest.raises(ValueError, match=r"returned inf .* f has a pole"):     # a pole wins over
        method(lambda t, y: np.array([y[0] ** 3, 1 / (y[1] - 1)]), [1e120, 1.0], t)  # an overflow
    with pytest.raises(IndexError, match=r"raised IndexError: invalid index to scalar variable; f "
                                         r"is called as f\(t, y\)"):
        method(lambda a, b: np.array([a[1], -a[0]]), [1.0, 0.0], t)

    def old_numpy(t, y):
        raise TypeError("only length-1 arrays can be converted to Python scalars")
    with pytest.raises(TypeError, match=r"y arrives as a 1-D array of length 1 \(shape \(1,\)\), "
                                        r"not a number"):
        method(old_numpy, 0.0, t)
    with pytest.raises(TypeError) as info:
        method(lambda t, y: np.array([2j]), 0.0, t)
    assert str(info.value) == (f"{name}: f(t, y) returned complex numbers [2j] at t = 0; expected "
                               "real rates (a square root or log of a negative number taken in "
                               "complex arithmetic?)")
    with pytest.raises(ValueError) as info:
        method(lambda t, y: np.array([np.inf]), 1 / 3, t)
    assert str(info.value) == (f"{name}: f(t, y) returned inf at t = 0, y = [0.333333], a finite "
                               "state: f has a pole there (a division by 0, the log of 0, ...); "
                               "expected finite rates")
    with warnings.catch_warnings():            # overflow in the step, inf - inf inside RK4: quiet
        warnings.simplefilter("error")
        assert np.isnan(method(lambda t, y: y, 1e308, t)[1:]).all()
        assert np.isnan(method(lambda t, y: -y ** 3, 1e103, t)[1:]).all()
