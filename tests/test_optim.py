import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathlib import optim
from mathlib.calculus import gradient, hessian
from mathlib.optim import (DescentResult, Objective, gradient_descent, quadratic, rosenbrock,
                           saddle, two_minima)

def raises(kind, message):
    """pytest.raises for exactly this message."""
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


# made inside each test (not at import), so that mutation testing sees the functions' code run
MAKERS = {"quadratic": quadratic, "quadratic-50-rotated": lambda: quadratic(condition=50, angle_radians=0.7),
          "rosenbrock": rosenbrock, "rosenbrock-2-5": lambda: rosenbrock(a=2, b=5), "saddle": saddle,
          "two_minima": two_minima, "two_minima-tilted-left": lambda: two_minima(tilt=-1.2)}


# ----- gradient descent -----

def test_descent_on_a_1d_parabola_matches_the_closed_form():
    # f = x^2 / 2: x_k = (1 - lr)^k x0
    res = gradient_descent(lambda x: x, 4.0, learning_rate=0.25, steps=10)
    assert isinstance(res, DescentResult)
    assert res.path.shape == (11, 1) and not res.diverged and res.stopped_at == 10
    np.testing.assert_allclose(res.path[:, 0], 4.0 * 0.75 ** np.arange(11), rtol=1e-14)


def test_grad_called_with_the_shape_of_x0():
    seen = []
    gradient_descent(lambda x: seen.append(np.shape(x)) or x, 1.0, learning_rate=0.1, steps=2)
    gradient_descent(lambda x: seen.append(np.shape(x)) or x, [1.0, 2.0], learning_rate=0.1, steps=1)
    assert seen == [(), (), (2,)]


def test_descent_on_the_quadratic_bowl_converges_for_small_rates():
    q = quadratic(condition=10, angle_radians=0.3)
    res = gradient_descent(q.grad, [1.0, -2.0], learning_rate=0.19, steps=300)         # < 2 / 10
    assert not res.diverged and res.path.shape == (301, 2)
    np.testing.assert_allclose(res.path[-1], [0, 0], atol=1e-8)
    losses = q.f(res.path)
    assert losses.shape == (301,) and np.all(np.diff(losses) <= 1e-15)
    np.testing.assert_array_equal(res.path[0], [1.0, -2.0])


def test_divergence_stops_early_without_warnings():
    q = quadratic(condition=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = gradient_descent(q.grad, [1.0, 1.0], learning_rate=0.21, steps=1000)     # > 2 / 10: diverges
        assert res.diverged and res.stopped_at < 1000
        assert res.path.shape == (res.stopped_at + 1, 2)
        assert np.all(np.isfinite(res.path))
        assert np.all(np.linalg.norm(res.path, axis=1) <= 1e6)
        # the next iterate would have left the bound
        nxt = res.path[-1] - 0.21 * q.grad(res.path[-1])
        assert np.linalg.norm(nxt) > 1e6
        for lr in (1e6, 1e100, 1e300, 1.7e308):
            r = gradient_descent(rosenbrock().grad, [-1.0, 1.0], learning_rate=lr, steps=50)
            assert r.diverged and r.stopped_at == 0 and r.path.shape == (1, 2)
        r = gradient_descent(q.grad, [1.0, 1.0], learning_rate=1e308, steps=5, bound=1e308)  # lr * g overflows
        assert r.diverged and r.stopped_at == 0


def test_default_bound_is_a_million():
    r = gradient_descent(lambda x: -x, 1.0, learning_rate=1.0, steps=40)       # x doubles: 2^19 < 1e6 < 2^20
    assert r.diverged is True and r.stopped_at == 19 and r.path[-1, 0] == 2.0 ** 19
    r = gradient_descent(lambda x: 0.0 * x, 1.0, learning_rate=1.0, steps=3)
    assert r.diverged is False and r.stopped_at == 3
    r = gradient_descent(lambda x: -1.0, 1e6 - 0.5, learning_rate=1.0, steps=3)         # one step to 1e6 + 0.5
    assert r.diverged and r.stopped_at == 0


def test_bound_is_a_norm_bound_and_inclusive():
    # x_k = 2^k on f = -x^2 / 2 ... with grad = -x and lr = 1: x doubles each step
    r = gradient_descent(lambda x: -x, 1.0, learning_rate=1.0, steps=10, bound=8.0)
    np.testing.assert_array_equal(r.path[:, 0], [1, 2, 4, 8])
    assert r.diverged and r.stopped_at == 3
    # in 2-D the Euclidean norm counts: (3, 4) has norm 5
    r = gradient_descent(lambda x: -x / 2, [2.0, 8 / 3], learning_rate=1.0, steps=5, bound=5.0)
    assert r.stopped_at == 1 and r.diverged
    r = gradient_descent(lambda x: -x / 2, [2.0, 8 / 3], learning_rate=1.0, steps=5, bound=4.9)
    assert r.stopped_at == 0
    r = gradient_descent(lambda x: 0 * x, [3.0, 4.0], learning_rate=1.0, steps=3, bound=5.0)
    assert not r.diverged and r.stopped_at == 3


def test_non_finite_gradient_stops_the_run():
    r = gradient_descent(lambda x: np.array([np.nan, 0.0]) if x[0] < 0.5 else x, [1.0, 0.0],
                         learning_rate=0.75, steps=10)
    assert r.diverged and r.stopped_at == 1
    np.testing.assert_array_equal(r.path, [[1.0, 0.0], [0.25, 0.0]])
    r = gradient_descent(lambda x: np.inf, 0.0, learning_rate=1.0, steps=3)
    assert r.diverged and r.path.shape == (1, 1)


def test_zero_steps_and_saddle_behaviour():
    r = gradient_descent(saddle().grad, [1.0, 0.0], learning_rate=0.1, steps=0)
    assert r.path.shape == (1, 2) and not r.diverged and r.stopped_at == 0
    r = gradient_descent(saddle().grad, [1.0, 0.0], learning_rate=0.1, steps=200)     # on the x-axis: to the saddle
    np.testing.assert_allclose(r.path[-1], [0, 0], atol=1e-12)
    r = gradient_descent(saddle().grad, [1.0, 1e-6], learning_rate=0.1, steps=200)    # off it: escapes along y
    assert r.diverged and abs(r.path[-1, 1]) > 1e5


def test_two_minima_start_decides_the_minimum():
    tm = two_minima()
    left = gradient_descent(tm.grad, [-0.5, 1.0], learning_rate=0.05, steps=500).path[-1]
    right = gradient_descent(tm.grad, [0.5, 1.0], learning_rate=0.05, steps=500).path[-1]
    np.testing.assert_allclose(left, tm.minima[0], atol=1e-8)
    np.testing.assert_allclose(right, tm.minima[1], atol=1e-8)
    assert tm.f(tm.minima[0]) < tm.f(tm.minima[1])                 # global first


def test_descent_bad_input():
    g = lambda x: x  # noqa: E731
    with raises(ValueError, "gradient_descent: learning_rate must be positive, got 0.0"):
        gradient_descent(g, 1.0, learning_rate=0.0, steps=5)
    with pytest.raises(ValueError, match="gradient_descent: learning_rate holds inf"):
        gradient_descent(g, 1.0, learning_rate=np.inf, steps=5)
    with raises(ValueError, "gradient_descent: bound must be positive, got -1.0"):
        gradient_descent(g, 1.0, learning_rate=0.1, steps=5, bound=-1.0)
    with raises(ValueError, "gradient_descent: bound must be positive, got 0.0"):
        gradient_descent(g, 1.0, learning_rate=0.1, steps=5, bound=0.0)
    with raises(ValueError, "gradient_descent: steps = -1 is out of range; expected steps >= 0"):
        gradient_descent(g, 1.0, learning_rate=0.1, steps=-1)
    for steps in (2.5, True):
        with pytest.raises(TypeError, match=rf"^gradient_descent: steps must be a whole number "
                                            rf"\(an int\), got {type(steps).__name__} {steps!r}$"):
            gradient_descent(g, 1.0, learning_rate=0.1, steps=steps)
    assert gradient_descent(g, 1.0, learning_rate=0.1, steps=np.int64(2)).path.shape == (3, 1)
    with raises(ValueError, "gradient_descent: x0 has norm 5, beyond the bound 4"):
        gradient_descent(g, [3.0, 4.0], learning_rate=0.1, steps=5, bound=4.0)
    assert gradient_descent(g, [3.0, 4.0], learning_rate=0.1, steps=1, bound=5.0).path.shape == (2, 2)
    assert gradient_descent(g, 0.0, learning_rate=0.1, steps=1, bound=0.5).path.shape == (2, 1)   # norm of 0 is 0
    for name, kwargs in [("learning_rate", {"learning_rate": "x"}), ("bound", {"bound": "x"})]:
        args = {"learning_rate": 0.1, **kwargs}
        with raises(TypeError, f"gradient_descent: {name} must be numbers (a scalar, list or "
                               "numpy array), got str 'x'"):
            gradient_descent(g, 1.0, steps=2, **args)
    with pytest.raises(ValueError, match="gradient_descent: x0 must be a scalar or vector, got a "
                                         "matrix"):
        gradient_descent(g, np.eye(2), learning_rate=0.1, steps=5)
    with pytest.raises(ValueError, match="gradient_descent: x0 holds nan"):
        gradient_descent(g, [np.nan, 1.0], learning_rate=0.1, steps=5)
    with raises(ValueError, "gradient_descent: grad returned shape (3,) at a point of shape (2,); "
                            "it must match"):
        gradient_descent(lambda x: np.ones(3), [1.0, 2.0], learning_rate=0.1, steps=5)


# ----- test functions -----

@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS.keys())
def test_gradient_and_hessian_match_finite_differences(make):
    obj = make()
    for p in np.random.default_rng(1).uniform(-1.5, 1.5, size=(5, 2)):
        np.testing.assert_allclose(obj.grad(p), gradient(obj.f, p), rtol=1e-7, atol=1e-6)
        np.testing.assert_allclose(obj.hessian(p), hessian(obj.f, p), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS.keys())
def test_minima_and_saddles_are_critical_points_of_the_right_kind(make):
    obj = make()
    for m in obj.minima:
        np.testing.assert_allclose(obj.grad(m), [0, 0], atol=1e-10)
        H = obj.hessian(m)
        assert H[0, 0] > 0 and np.linalg.det(H) > 0                # positive definite
    for s in obj.saddles:
        np.testing.assert_allclose(obj.grad(s), [0, 0], atol=1e-10)
        assert np.linalg.det(obj.hessian(s)) < 0                   # indefinite
    values = [obj.f(m) for m in obj.minima]
    assert values == sorted(values)
    assert len(obj.minima) + len(obj.saddles) >= 1


@pytest.mark.parametrize("make", MAKERS.values(), ids=MAKERS.keys())
def test_vectorised_over_grids(make):
    obj = make()
    xx, yy = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 5))
    P = np.stack([xx, yy], axis=-1)                                  # (5, 7, 2)
    F, G, H = obj.f(P), obj.grad(P), obj.hessian(P)
    assert F.shape == (5, 7) and G.shape == (5, 7, 2) and H.shape == (5, 7, 2, 2)
    for i, j in [(0, 0), (2, 3), (4, 6)]:
        assert F[i, j] == obj.f(P[i, j])
        np.testing.assert_array_equal(G[i, j], obj.grad(P[i, j]))
        np.testing.assert_array_equal(H[i, j], obj.hessian(P[i, j]))
    assert type(obj.f([0.5, 0.5])) is float                        # a plain Python float
    assert obj.grad([0.5, 0.5]).shape == (2,) and obj.hessian([0.5, 0.5]).shape == (2, 2)


def test_formulas_by_value():
    q = quadratic(condition=4, angle_radians=np.pi / 2)                      # rotated: A = diag(4, 1)
    np.testing.assert_allclose(q.hessian([0.0, 0.0]), [[4, 0], [0, 1]], atol=1e-15)
    assert q.f([1.0, 2.0]) == pytest.approx(0.5 * (4 + 4))
    q = quadratic(condition=3, angle_radians=np.pi / 4)
    A = q.hessian([0.0, 0.0])
    np.testing.assert_allclose(A, [[2, -1], [-1, 2]], atol=1e-15)   # eigenvalues 1 and 3
    np.testing.assert_allclose(np.linalg.eigvalsh(A), [1, 3])
    np.testing.assert_allclose(q.grad([1.0, 1.0]), [1, 1])
    assert quadratic().hessian([0.0, 0.0])[1, 1] == 10.0            # default condition 10
    r = rosenbrock()
    assert r.f([0.0, 0.0]) == 1.0 and r.f([1.0, 2.0]) == 100.0
    np.testing.assert_array_equal(r.minima, [[1.0, 1.0]])
    np.testing.assert_array_equal(rosenbrock(a=2, b=5).minima, [[2.0, 4.0]])
    assert rosenbrock(a=2.0, b=5.0).f([0.0, 1.0]) == 4 + 5
    s = saddle()
    assert s.f([2.0, 3.0]) == -5.0 and len(s.minima) == 0
    tm = two_minima(tilt=0.0)
    np.testing.assert_allclose(tm.minima, [[-1, 0], [1, 0]], atol=1e-15)
    np.testing.assert_allclose(tm.saddles, [[0, 0]], atol=1e-15)
    assert two_minima().f([1.0, 1.0]) == pytest.approx(1.5)        # default tilt 0.5
    assert two_minima(tilt=1.5).minima.shape == (2, 2)
    np.testing.assert_allclose(np.sort(two_minima(tilt=-0.5).minima[:, 0]),
                               np.sort(-two_minima(tilt=0.5).minima[:, 0]), atol=1e-14)
    assert two_minima(tilt=-0.5).minima[0, 0] > 0                         # right well is lower now
    assert [(o.name, o.formula) for o in (quadratic(condition=4), rosenbrock(a=2, b=5), saddle(), two_minima(tilt=0.25))] \
        == [("quadratic", "x^T A x / 2, eigenvalues 1 and 4"), ("rosenbrock", "(2 - x)^2 + 5 (y - x^2)^2"),
            ("saddle", "x^2 - y^2"), ("two_minima", "(x^2 - 1)^2 + 0.25 x + y^2")]
    for obj, minima, saddles in [(quadratic(), [[0.0, 0.0]], np.empty((0, 2))),
                                 (saddle(), np.empty((0, 2)), [[0.0, 0.0]]),
                                 (rosenbrock(), [[1.0, 1.0]], np.empty((0, 2)))]:
        np.testing.assert_array_equal(obj.minima, minima, strict=True)
        np.testing.assert_array_equal(obj.saddles, saddles, strict=True)
    tm = two_minima(tilt=-0.5)
    assert tm.minima.shape == (2, 2) and tm.saddles.shape == (1, 2)
    np.testing.assert_array_equal(tm.minima[:, 1], [0.0, 0.0])
    np.testing.assert_array_equal(tm.saddles[:, 1], [0.0])
    assert rosenbrock(b=0.5).minima.shape == (1, 2)


@given(st.floats(1, 1e3), st.floats(-3.2, 3.2))
def test_quadratic_eigenvalues_are_one_and_condition(kappa, angle):
    A = quadratic(condition=kappa, angle_radians=angle).hessian([0.0, 0.0])
    np.testing.assert_allclose(np.linalg.eigvalsh(A), [1, kappa], rtol=1e-10)


def test_objective_bad_input():
    with raises(ValueError, "quadratic: condition must be >= 1 (the ratio of the largest to the "
                            "smallest curvature), got 0.5"):
        quadratic(condition=0.5)
    assert quadratic(condition=1.0).f([1.0, 1.0]) == pytest.approx(1.0)     # condition 1: a round bowl
    with raises(ValueError, "rosenbrock: b must be positive, got 0.0"):
        rosenbrock(b=0.0)
    for make, name in [(lambda v: quadratic(condition=v), "quadratic: condition"),
                       (lambda v: quadratic(angle_radians=v), "quadratic: angle_radians"),
                       (lambda v: rosenbrock(a=v), "rosenbrock: a"),
                       (lambda v: rosenbrock(b=v), "rosenbrock: b"),
                       (lambda v: two_minima(tilt=v), "two_minima: tilt")]:
        with raises(ValueError, f"{name} holds nan at index (); expected finite numbers (no NaN "
                                "or infinity)"):
            make(np.nan)
    for t in (1.6, -1.6, 8 / (3 * np.sqrt(3))):
        with raises(ValueError, f"two_minima: |tilt| must be below 8/(3 sqrt 3) ~ 1.54 for two "
                                f"minima, got {t}"):
            two_minima(tilt=t)
    q = quadratic()
    with raises(ValueError, "quadratic.f: X must hold 2-D points, shape (..., 2), got a vector of "
                            "length 3"):
        q.f([1.0, 2.0, 3.0])
    with raises(ValueError, "quadratic.grad: X must hold 2-D points, shape (..., 2), got a scalar"):
        q.grad(1.0)
    with pytest.raises(ValueError, match="quadratic.hessian: X holds nan"):
        q.hessian([np.nan, 1.0])
    with pytest.raises(ValueError, match="rosenbrock.hessian: X must hold 2-D points"):
        rosenbrock().hessian(np.ones((2, 3)))
    assert isinstance(q, Objective)
    assert set(optim.__all__) >= {"gradient_descent", "quadratic", "rosenbrock", "saddle",
                                  "two_minima"}
