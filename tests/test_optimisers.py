"""mathlib.optim's optimisers, minimize and learning-rate schedules.

Each optimiser is compared, step by step on a quadratic, with its update rule as PyTorch documents
it (torch.optim.SGD, Adagrad, RMSprop, Adam), written again here independently in plain Python
floats, one coordinate at a time; and with two steps worked out by hand.
"""

import math
import re
import warnings

import numpy as np
import pytest

from mathlib.optim import (SGD, AdaGrad, Adam, DescentResult, Momentum, RMSProp, cosine_annealing,
                           exponential_decay, linear_warmup, minimize, quadratic, rosenbrock,
                           step_decay)


def raises(kind, message):
    """pytest.raises for exactly this message."""
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


# ----- independent references: PyTorch's documented rules, one float at a time -------------------

def ref_sgd(lr):
    def run(x, g, s, t):
        return x - lr * g
    return run


def ref_momentum(lr, mu):
    def run(x, g, s, t):
        s["b"] = g if t == 1 else mu * s["b"] + g          # torch: b_1 = g, then mu b + g
        return x - lr * s["b"]
    return run


def ref_adagrad(lr, eps):
    def run(x, g, s, t):
        s["sum"] = s.get("sum", 0.0) + g * g
        return x - lr * g / (math.sqrt(s["sum"]) + eps)
    return run


def ref_rmsprop(lr, alpha, eps):
    def run(x, g, s, t):
        s["v"] = alpha * s.get("v", 0.0) + (1 - alpha) * g * g
        return x - lr * g / (math.sqrt(s["v"]) + eps)
    return run


def ref_adam(lr, b1, b2, eps):
    def run(x, g, s, t):
        s["m"] = b1 * s.get("m", 0.0) + (1 - b1) * g
        s["v"] = b2 * s.get("v", 0.0) + (1 - b2) * g * g
        m_hat = s["m"] / (1 - b1 ** t)
        v_hat = s["v"] / (1 - b2 ** t)
        return x - lr * m_hat / (math.sqrt(v_hat) + eps)
    return run


CASES = {  # name: (optimiser, reference rule)
    "SGD": (lambda: SGD(lr=0.05), ref_sgd(0.05)),
    "Momentum": (lambda: Momentum(lr=0.02, momentum=0.8), ref_momentum(0.02, 0.8)),
    "Momentum-default": (lambda: Momentum(lr=0.01), ref_momentum(0.01, 0.9)),
    "AdaGrad": (lambda: AdaGrad(lr=0.3, eps=1e-3), ref_adagrad(0.3, 1e-3)),
    "AdaGrad-default": (lambda: AdaGrad(lr=0.3), ref_adagrad(0.3, 1e-10)),
    "RMSProp": (lambda: RMSProp(lr=0.01, alpha=0.9, eps=1e-3), ref_rmsprop(0.01, 0.9, 1e-3)),
    "RMSProp-default": (lambda: RMSProp(lr=0.01), ref_rmsprop(0.01, 0.99, 1e-8)),
    "Adam": (lambda: Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-4),
             ref_adam(0.05, 0.8, 0.99, 1e-4)),
    "Adam-default": (lambda: Adam(lr=0.05), ref_adam(0.05, 0.9, 0.999, 1e-8)),
}

# f(x) = sum_i c_i x_i^2 / 2: gradient c_i x_i, each coordinate on its own
CURVATURE = [1.0, 10.0, 0.3]


def reference_path(rule, x0, steps):
    xs, states, path = list(x0), [{} for _ in x0], [list(x0)]
    for t in range(1, steps + 1):
        xs = [rule(x, c * x, s, t) for x, c, s in zip(xs, CURVATURE, states)]
        path.append(xs)
    return np.array(path)


@pytest.mark.parametrize("name", CASES)
def test_step_follows_the_documented_rule_on_a_quadratic(name):
    make, rule = CASES[name]
    opt = make()
    x = np.array([2.0, -1.0, 0.5])
    w = np.array([[1.5], [-3.0]])             # a second parameter, another shape, its own state
    expected = reference_path(rule, [2.0, -1.0, 0.5], 25)
    expected_w = reference_path(rule, [1.5, -3.0], 25)        # curvatures 1 and 10
    for k in range(1, 26):
        ident = x                              # updated in place: the same array object
        opt.step([x, w], [np.multiply(CURVATURE, x), np.array([[1.0], [10.0]]) * w])
        assert x is ident
        np.testing.assert_allclose(x, expected[k], rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(w[:, 0], expected_w[k], rtol=1e-13)
    assert opt.t == 25


def test_two_steps_by_hand():
    # f(x) = x^2 / 2 from x = 1 (gradient x), two steps, worked out on paper
    def two(opt):
        x = np.array([1.0])
        opt.step([x], [x.copy()])
        first = x[0]
        opt.step([x], [x.copy()])
        return first, x[0]

    assert two(SGD(lr=0.5)) == (0.5, 0.25)
    # b = 1, x = 1 - 0.5 = 0.5; b = 0.5 * 1 + 0.5 = 1, x = 0.5 - 0.5 = 0
    assert two(Momentum(lr=0.5, momentum=0.5)) == (0.5, 0.0)
    # s = 1, x = 1 - 0.5 / (1 + 1) = 0.75; s = 1 + 0.5625, x = 0.75 - 0.5 * 0.75 / (1.25 + 1)
    first, second = two(AdaGrad(lr=0.5, eps=1.0))
    assert first == 0.75 and second == pytest.approx(0.75 - 0.375 / 2.25, rel=1e-15)
    # v = 0.75, x = 1 - 0.5 / sqrt(0.75); v = 0.25 * 0.75 + 0.75 x1^2
    first, second = two(RMSProp(lr=0.5, alpha=0.25, eps=1e-300))
    assert first == pytest.approx(1 - 0.5 / math.sqrt(0.75), rel=1e-15)
    v2 = 0.25 * 0.75 + 0.75 * first ** 2
    assert second == pytest.approx(first - 0.5 * first / math.sqrt(v2), rel=1e-15)
    # Adam, beta1 = beta2 = 0.5: m = 0.5, v = 0.5, m_hat = 1, v_hat = 1: x = 1 - 0.1 = 0.9;
    # m = 0.25 + 0.45 = 0.7, v = 0.25 + 0.405 = 0.655, m_hat = 0.7 / 0.75, v_hat = 0.655 / 0.75
    first, second = two(Adam(lr=0.1, beta1=0.5, beta2=0.5, eps=1e-300))
    assert first == pytest.approx(0.9, rel=1e-15)
    assert second == pytest.approx(0.9 - 0.1 * (0.7 / 0.75) / math.sqrt(0.655 / 0.75), rel=1e-15)


def test_first_adaptive_step_is_lr_times_the_sign():
    for opt in (AdaGrad(lr=0.1), Adam(lr=0.1)):
        x = np.array([3.0, -2.0, 0.0])
        opt.step([x], [np.array([1e-3, -50.0, 0.0])])
        np.testing.assert_allclose(x, [2.9, -1.9, 0.0], rtol=1e-6)
    x = np.array([3.0, -2.0])                    # RMSProp has no bias correction: lr / sqrt(0.01)
    RMSProp(lr=0.1).step([x], [np.array([1e-3, -50.0])])
    np.testing.assert_allclose(x, [2.0, -1.0], rtol=1e-4)


def test_hyperparameters_are_public_and_lr_may_change_between_steps():
    opt = Momentum(lr=0.1, momentum=0.5)
    assert (opt.lr, opt.momentum) == (0.1, 0.5)
    assert repr(opt) == "Momentum(lr=0.1, momentum=0.5)"
    assert repr(Adam(lr=1)) == "Adam(lr=1.0, beta1=0.9, beta2=0.999, eps=1e-08)"
    x = np.array([1.0])
    opt.step([x], [np.array([1.0])])             # b = 1: x = 0.9
    opt.lr = 1.0
    opt.step([x], [np.array([1.0])])             # b = 1.5: x = 0.9 - 1.5
    assert x[0] == pytest.approx(-0.6, rel=1e-15)
    opt.lr = -1.0
    with raises(ValueError, "Momentum: lr must be in [0, inf), got -1"):
        opt.step([x], [np.array([1.0])])
    assert x[0] == pytest.approx(-0.6, rel=1e-15)


def test_state_starts_at_zero_and_is_kept_per_parameter():
    opt = Adam(lr=0.1)
    assert opt.state == [] and opt.t == 0
    a, b = np.array([1.0, 2.0]), np.array([[3.0]])
    opt.step([a, b], [np.ones(2), np.ones((1, 1))])
    assert len(opt.state) == 2 and opt.state[1][0].shape == (1, 1)
    with raises(ValueError, "Adam.step: the parameters' shapes (2,), (2,) differ from the "
                            "first step's (2,), (1, 1); this optimiser's state belongs to those: "
                            "use a new optimiser for new parameters"):
        opt.step([a, a], [np.ones(2), np.ones(2)])
    with raises(ValueError, "Adam.step: the parameters' shapes (2,) differ from the first "
                            "step's (2,), (1, 1); this optimiser's state belongs to those: use a "
                            "new optimiser for new parameters"):
        opt.step([a], [np.ones(2)])
    assert opt.t == 1
    opt = Momentum(lr=0.1)                       # one array of state per parameter
    opt.step([b], [np.ones((1, 1))])
    with raises(ValueError, "Momentum.step: the parameters' shapes (2,) differ from the first "
                            "step's (1, 1); this optimiser's state belongs to those: use a new "
                            "optimiser for new parameters"):
        opt.step([a], [np.ones(2)])
    empty = np.zeros(0)                          # an empty parameter is allowed (and unchanged)
    Adam(lr=0.1).step([empty, a], [[], np.ones(2)])
    assert empty.shape == (0,)


def test_step_errors_change_nothing():
    opt = SGD(lr=0.1)
    x = np.array([1.0, 2.0])
    before = x.copy()
    with raises(TypeError, "SGD.step: params and grads must be lists of arrays, got ndarray and "
                           "ndarray (wrap a single array in a list: step([w], [g]))"):
        opt.step(x, x)
    with raises(TypeError, "SGD.step: params and grads must be lists of arrays, got list and "
                           "ndarray (wrap a single array in a list: step([w], [g]))"):
        opt.step([x], x)
    with raises(ValueError, "SGD.step: 1 params but 2 grads; give one gradient per parameter"):
        opt.step([x], [x, x])
    with raises(ValueError, "SGD.step: grads[0] has shape (3,) but params[0] has shape (2,); "
                            "they must match"):
        opt.step([x], [np.ones(3)])
    with raises(ValueError, "SGD.step: grads[1] holds nan at index (0,); expected finite "
                            "numbers (no NaN or infinity)"):
        opt.step([x, x], [np.ones(2), [np.nan, 1.0]])
    with raises(TypeError, "SGD.step: params[0] must be a float numpy array (updated in place), "
                           "got list; use np.asarray(..., dtype=float)"):
        opt.step([[1.0, 2.0]], [np.ones(2)])
    with raises(TypeError, "SGD.step: params[1] must be a float numpy array (updated in place), "
                           "got array of int64; use np.asarray(..., dtype=float)"):
        opt.step([x, np.array([1, 2])], [np.ones(2), np.ones(2)])
    with pytest.raises(TypeError, match=r"^SGD.step: grads\[0\] must be numbers"):
        opt.step([x], ["ab"])
    np.testing.assert_array_equal(x, before)
    assert opt.t == 0 and opt.state == []
    opt.step((x,), ([1, 1],))                    # tuples and lists of numbers are fine for grads
    np.testing.assert_allclose(x, [0.9, 1.9])
    y = np.array([1.0], dtype=np.float32)        # a float32 parameter stays float32
    SGD(lr=0.1).step([y], [np.array([1.0])])
    assert y.dtype == np.float32 and y[0] == np.float32(0.9)


CONSTRUCTORS = {"SGD": SGD, "Momentum": Momentum, "AdaGrad": AdaGrad, "RMSProp": RMSProp,
                "Adam": Adam}


@pytest.mark.parametrize("name", CONSTRUCTORS)
def test_hyperparameters_are_keyword_only_and_checked(name):
    cls = CONSTRUCTORS[name]
    with pytest.raises(TypeError):
        cls(0.1)
    with pytest.raises(TypeError):
        cls()                                     # lr has no default
    for bad in (-1e-9, -0.1, float("nan")):
        if math.isnan(bad):
            with raises(ValueError, f"{name}: lr holds nan at index (); expected finite numbers "
                                    "(no NaN or infinity)"):
                cls(lr=bad)
        else:
            with raises(ValueError, f"{name}: lr must be in [0, inf), got {bad:g}"):
                cls(lr=bad)
    x = np.array([1.0, -2.0])
    cls(lr=0.0).step([x], [np.array([3.0, 4.0])])   # 0 is allowed (torch too): no move
    assert x.tolist() == [1.0, -2.0]
    with pytest.raises(TypeError, match=f"^{name}: lr must be numbers"):
        cls(lr="0.1")


def test_each_hyperparameters_interval():
    with raises(ValueError, "Momentum: momentum must be in [0, 1), got 1"):
        Momentum(lr=0.1, momentum=1.0)
    with raises(ValueError, "Momentum: momentum must be in [0, 1), got -0.1"):
        Momentum(lr=0.1, momentum=-0.1)
    assert Momentum(lr=0.1, momentum=0).momentum == 0.0
    with raises(ValueError, "AdaGrad: eps must be in (0, inf), got 0"):
        AdaGrad(lr=0.1, eps=0.0)
    with raises(ValueError, "RMSProp: alpha must be in [0, 1), got 1"):
        RMSProp(lr=0.1, alpha=1.0)
    with raises(ValueError, "RMSProp: eps must be in (0, inf), got -1e-08"):
        RMSProp(lr=0.1, eps=-1e-8)
    assert RMSProp(lr=0.1, alpha=0.0).alpha == 0.0
    with raises(ValueError, "Adam: beta1 must be in [0, 1), got 1"):
        Adam(lr=0.1, beta1=1.0)
    with raises(ValueError, "Adam: beta2 must be in [0, 1), got 1.5"):
        Adam(lr=0.1, beta2=1.5)
    with raises(ValueError, "Adam: eps must be in (0, inf), got 0"):
        Adam(lr=0.1, eps=0)
    assert Adam(lr=0.1, beta1=0, beta2=0).beta2 == 0.0


def test_overflow_in_an_update_is_quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for opt in (SGD(lr=1e300), Momentum(lr=1e300), AdaGrad(lr=1e300), RMSProp(lr=1e300),
                    Adam(lr=1e300)):
            x = np.array([1e300, 1.0])
            opt.step([x], [np.array([1e300, 1e300])])
            opt.step([x], [np.array([1e300, 1e300])])
            assert not np.all(np.isfinite(x)) or np.max(np.abs(x)) > 1e299


# ----- minimize ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_minimize_follows_step(name):
    make, rule = CASES[name]
    q = quadratic(condition=10, angle_radians=0.4)
    opt = make()
    res = minimize(q.grad, [1.0, -2.0], optimizer=opt, steps=30)
    assert isinstance(res, DescentResult) and res.path.shape == (31, 2)
    assert res.diverged is False and res.stopped_at == 30
    x = np.array([1.0, -2.0])
    by_hand = make()
    np.testing.assert_array_equal(res.path[0], x)
    for k in range(30):
        by_hand.step([x], [q.grad(x)])
        np.testing.assert_allclose(res.path[k + 1], x, rtol=1e-14, atol=1e-300)
    assert opt.state == [] and opt.t == 0            # the optimiser passed in is not used up
    again = minimize(q.grad, [1.0, -2.0], optimizer=opt, steps=30)
    np.testing.assert_array_equal(again.path, res.path)


def test_minimize_with_a_number_and_the_closed_form():
    seen = []
    res = minimize(lambda x: seen.append(np.shape(x)) or x, 4.0, optimizer=SGD(lr=0.25), steps=10)
    assert seen == [()] * 10
    assert res.path.shape == (11, 1)
    np.testing.assert_allclose(res.path[:, 0], 4.0 * 0.75 ** np.arange(11), rtol=1e-14)
    assert minimize(lambda x: x, [1.0], optimizer=SGD(lr=0.1), steps=0).path.shape == (1, 1)


def test_minimize_leaves_x0_alone_and_gives_grad_a_copy():
    x0 = np.array([1.0, 2.0])
    seen = []

    def grad(x):
        seen.append(x)
        out = x.copy()
        x[:] = 99.0                                  # a careless grad cannot change the run
        return out

    res = minimize(grad, x0, optimizer=Adam(lr=0.1), steps=3)
    np.testing.assert_array_equal(x0, [1.0, 2.0])
    assert res.path[1][0] == pytest.approx(0.9) and res.path[1][1] == pytest.approx(1.9)
    assert all(s is not x0 for s in seen)


def test_minimize_stops_at_divergence_without_warnings():
    q = quadratic(condition=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.21), steps=1000)    # 1 - 2.1 < -1
        assert res.diverged and res.stopped_at < 1000
        assert res.path.shape == (res.stopped_at + 1, 2) and np.all(np.isfinite(res.path))
        assert np.all(np.linalg.norm(res.path, axis=1) <= 1e6)
        nxt = res.path[-1] - 0.21 * q.grad(res.path[-1])
        assert np.linalg.norm(nxt) > 1e6
        for opt in (SGD(lr=1e300), Momentum(lr=1e300), Adam(lr=1e300), RMSProp(lr=1e300),
                    AdaGrad(lr=1e300)):
            r = minimize(rosenbrock().grad, [-1.0, 1.0], optimizer=opt, steps=50)
            assert r.diverged and r.stopped_at == 0 and r.path.shape == (1, 2)
        r = minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=1e308), steps=5, bound=1e308)
        assert r.diverged and r.stopped_at == 0                # lr * g overflows to inf
    r = minimize(lambda x: -x, 1.0, optimizer=SGD(lr=1.0), steps=40)    # x doubles
    assert r.diverged is True and r.stopped_at == 19 and r.path[-1, 0] == 2.0 ** 19
    r = minimize(lambda x: -1.0, 1e6 - 0.5, optimizer=SGD(lr=1.0), steps=3)
    assert r.diverged and r.stopped_at == 0
    r = minimize(lambda x: -1.0, 1e6 - 1.0, optimizer=SGD(lr=1.0), steps=3)   # the bound counts
    assert r.stopped_at == 1 and r.path[-1, 0] == 1e6
    r = minimize(lambda x: -x, [3.0, 4.0], optimizer=SGD(lr=1.0), steps=5, bound=10.0)
    assert r.diverged and r.stopped_at == 1                       # norm 10 ok, 20 is not
    r = minimize(lambda x: np.array([np.nan, 0.0]) if x[0] < 0.5 else x, [1.0, 0.0],
                 optimizer=SGD(lr=0.75), steps=5)
    assert r.diverged and r.stopped_at == 1 and r.path.shape == (2, 2)
    r = minimize(lambda x: np.array([np.inf]), [1.0], optimizer=SGD(lr=0.1), steps=5)
    assert r.diverged and r.stopped_at == 0
    r = minimize(lambda x: 0.0 * x, [1.0], optimizer=Adam(lr=0.1), steps=4)
    assert r.diverged is False and r.stopped_at == 4


def test_minimize_errors():
    q = quadratic()
    with pytest.raises(TypeError):
        minimize(q.grad, [1.0, 1.0], SGD(lr=0.1), 5)               # options are keyword-only
    with raises(TypeError, "minimize: optimizer must be an optimiser such as SGD(lr=0.1) or "
                           "Adam(lr=0.01), got float 0.1"):
        minimize(q.grad, [1.0, 1.0], optimizer=0.1, steps=5)
    with raises(TypeError, "minimize: optimizer must be an optimiser such as SGD(lr=0.1) or "
                           "Adam(lr=0.01), got type <class 'mathlib.optim.SGD'>"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD, steps=5)
    with raises(TypeError, "minimize: steps must be a whole number (an int), got float 5.0 "
                           "(write 5, without the decimal point)"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=5.0)
    with raises(TypeError, "minimize: steps must be a whole number (an int), got bool True"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=True)
    with raises(TypeError, "minimize: steps must be a whole number (an int), got float 2.5"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=2.5)
    with raises(ValueError, "minimize: steps = -1 is out of range; expected steps >= 0"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=-1)
    with raises(ValueError, "minimize: bound must be in (0, inf), got 0"):
        minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=5, bound=0)
    with raises(ValueError, "minimize: x0 has norm 5, beyond the bound 4"):
        minimize(q.grad, [3.0, 4.0], optimizer=SGD(lr=0.1), steps=5, bound=4.0)
    with raises(ValueError, "minimize: x0 has norm 5, beyond the bound 4.9"):   # the 2-norm
        minimize(q.grad, [3.0, 4.0], optimizer=SGD(lr=0.1), steps=5, bound=4.9)
    assert minimize(q.grad, [3.0, 4.0], optimizer=SGD(lr=0.1), steps=0, bound=5.0).stopped_at == 0
    with raises(ValueError, "minimize: grad returned shape (3,) at a point of shape (2,); it "
                            "must match"):
        minimize(lambda x: np.ones(3), [1.0, 1.0], optimizer=SGD(lr=0.1), steps=5)
    with raises(ValueError, "minimize: x0 must be a scalar or vector, got a matrix of shape "
                            "(1, 2)"):
        minimize(q.grad, [[1.0, 1.0]], optimizer=SGD(lr=0.1), steps=5)
    assert minimize(q.grad, np.array([1, 1]), optimizer=SGD(lr=0.1), steps=2).path.dtype == float
    assert minimize(q.grad, [1.0, 1.0], optimizer=SGD(lr=0.1), steps=np.int64(2)).stopped_at == 2


# ----- schedules ---------------------------------------------------------------------------------

T = np.arange(0, 60)


def test_step_decay_matches_steplr():
    lr = step_decay(T, lr0=0.5, step_size=7, gamma=0.3)
    np.testing.assert_allclose(lr, [0.5 * 0.3 ** (t // 7) for t in T], rtol=1e-15)
    assert step_decay(6, lr0=0.5, step_size=7, gamma=0.3) == 0.5
    assert step_decay(7, lr0=0.5, step_size=7, gamma=0.3) == pytest.approx(0.15)
    assert step_decay(0, lr0=1.0, step_size=1, gamma=0.5) == 1.0
    assert step_decay(3, lr0=1.0, step_size=1, gamma=0.5) == 0.125
    assert step_decay(np.int32(5), lr0=2.0, step_size=5, gamma=1.0) == 2.0
    # StepLR applied step by step: multiply by gamma whenever t is a multiple of step_size
    rate, rates = 0.5, []
    for t in T:
        if t > 0 and t % 7 == 0:
            rate *= 0.3
        rates.append(rate)
    np.testing.assert_allclose(lr, rates, rtol=1e-14)


def test_exponential_decay_matches_exponentiallr():
    lr = exponential_decay(T, lr0=0.2, gamma=0.9)
    rate, rates = 0.2, []
    for t in T:                                  # ExponentialLR's recursive form
        rates.append(rate)
        rate *= 0.9
    np.testing.assert_allclose(lr, rates, rtol=1e-13)
    assert exponential_decay(0, lr0=0.2, gamma=0.9) == 0.2
    assert exponential_decay(2, lr0=1.0, gamma=0.5) == 0.25
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert exponential_decay(10**6, lr0=1.0, gamma=0.5) == 0.0           # underflows quietly


def test_cosine_annealing_matches_cosineannealinglr():
    lr = cosine_annealing(T, lr0=0.1, t_max=20, lr_min=0.01)
    np.testing.assert_allclose(lr, 0.01 + 0.09 * (1 + np.cos(np.pi * T / 20)) / 2, rtol=1e-14)
    assert cosine_annealing(0, lr0=0.1, t_max=20, lr_min=0.01) == pytest.approx(0.1, rel=1e-15)
    assert cosine_annealing(20, lr0=0.1, t_max=20, lr_min=0.01) == pytest.approx(0.01, rel=1e-14)
    assert cosine_annealing(10, lr0=0.1, t_max=20) == pytest.approx(0.05, rel=1e-14)
    assert cosine_annealing(40, lr0=0.1, t_max=20) == pytest.approx(0.1, rel=1e-14)   # climbs back
    assert cosine_annealing(5, lr0=1.0, t_max=10, lr_min=1.0) == 1.0
    # CosineAnnealingLR's recursive form (torch docs) gives the same numbers for t <= t_max
    eta_min, eta_max, t_max = 0.01, 0.1, 20
    rate, rates = eta_max, [eta_max]
    for t in range(1, t_max + 1):
        rate = eta_min + (rate - eta_min) * (1 + math.cos(math.pi * t / t_max)) / \
            (1 + math.cos(math.pi * (t - 1) / t_max))
        rates.append(rate)
    np.testing.assert_allclose(lr[:t_max + 1], rates, rtol=1e-12)


def test_linear_warmup():
    lr = linear_warmup(T, lr0=0.3, warmup_steps=10)
    np.testing.assert_allclose(lr, 0.3 * np.minimum(1, T / 10), rtol=1e-15)
    assert linear_warmup(0, lr0=0.3, warmup_steps=10) == 0.0
    assert linear_warmup(5, lr0=0.3, warmup_steps=10) == pytest.approx(0.15)
    assert linear_warmup(10, lr0=0.3, warmup_steps=10) == 0.3
    assert linear_warmup(11, lr0=0.3, warmup_steps=10) == 0.3
    assert linear_warmup(1, lr0=2.0, warmup_steps=1) == 2.0


def test_schedule_shapes_and_types():
    for f, kw in SCHEDULES:
        assert isinstance(f(3, **kw), float)
        assert f(np.arange(6).reshape(2, 3), **kw).shape == (2, 3)
        assert f([0, 1, 2], **kw).shape == (3,)


SCHEDULES = [(step_decay, {"lr0": 0.1, "step_size": 3, "gamma": 0.5}),
             (exponential_decay, {"lr0": 0.1, "gamma": 0.5}),
             (cosine_annealing, {"lr0": 0.1, "t_max": 10}),
             (linear_warmup, {"lr0": 0.1, "warmup_steps": 4})]


@pytest.mark.parametrize("f, kw", SCHEDULES, ids=[f.__name__ for f, _ in SCHEDULES])
def test_schedule_errors(f, kw):
    name = f.__name__
    with pytest.raises(TypeError):
        f(3, *kw.values())                      # options are keyword-only
    with raises(TypeError, f"{name}: t must be a whole number of steps (an int or an int array), "
                           "got float 2.5"):
        f(2.5, **kw)
    with raises(TypeError, f"{name}: t must be a whole number of steps (an int or an int array), "
                           "got float 2.0 (write whole numbers without the decimal point, or "
                           "t.astype(int))"):
        f(2.0, **kw)
    with raises(TypeError, f"{name}: t must be a whole number of steps (an int or an int array), "
                           "got bool True"):
        f(True, **kw)
    with raises(TypeError, f"{name}: t must be a whole number of steps (an int or an int array), "
                           "got str '3'"):
        f("3", **kw)
    with raises(TypeError, f"{name}: t must be a whole number of steps (an int or an int array), "
                           "got NoneType None"):
        f(None, **kw)
    with raises(ValueError, f"{name}: t = -1 is out of range; expected t >= 0"):
        f(-1, **kw)
    with raises(ValueError, f"{name}: t = -2 is out of range; expected t >= 0"):
        f(np.array([0, 3, -2, -5]), **kw)
    with raises(ValueError, f"{name}: lr0 must be in (0, inf), got 0"):
        f(3, **{**kw, "lr0": 0.0})
    with pytest.raises(TypeError, match=f"^{name}: lr0 must be numbers"):
        f(3, **{**kw, "lr0": "0.1"})


def test_schedule_option_errors():
    with raises(ValueError, "step_decay: gamma must be in (0, 1], got 0"):
        step_decay(1, lr0=0.1, step_size=2, gamma=0.0)
    with raises(ValueError, "step_decay: gamma must be in (0, 1], got 1.1"):
        step_decay(1, lr0=0.1, step_size=2, gamma=1.1)
    with raises(ValueError, "step_decay: step_size = 0 is out of range; expected step_size >= 1"):
        step_decay(1, lr0=0.1, step_size=0, gamma=0.5)
    with raises(TypeError, "step_decay: step_size must be a whole number (an int), got float 2.0 "
                           "(write 2, without the decimal point)"):
        step_decay(1, lr0=0.1, step_size=2.0, gamma=0.5)
    with raises(ValueError, "exponential_decay: gamma must be in (0, 1], got 2"):
        exponential_decay(1, lr0=0.1, gamma=2)
    with raises(ValueError, "exponential_decay: gamma must be in (0, 1], got -0.5"):
        exponential_decay(1, lr0=0.1, gamma=-0.5)
    assert exponential_decay(4, lr0=0.1, gamma=1) == 0.1
    with raises(ValueError, "cosine_annealing: t_max = 0 is out of range; expected t_max >= 1"):
        cosine_annealing(1, lr0=0.1, t_max=0)
    with raises(ValueError, "cosine_annealing: lr_min must be in [0, 0.1], got 0.2"):
        cosine_annealing(1, lr0=0.1, t_max=5, lr_min=0.2)
    with raises(ValueError, "cosine_annealing: lr_min must be in [0, 0.1], got -0.01"):
        cosine_annealing(1, lr0=0.1, t_max=5, lr_min=-0.01)
    with raises(ValueError, "linear_warmup: warmup_steps = 0 is out of range; expected "
                            "warmup_steps >= 1"):
        linear_warmup(1, lr0=0.1, warmup_steps=0)
    with raises(TypeError, "linear_warmup: warmup_steps must be a whole number (an int), got "
                           "bool True"):
        linear_warmup(1, lr0=0.1, warmup_steps=True)


def test_a_schedule_drives_an_optimiser():
    # the pattern of notebook 18: set opt.lr from the schedule before each step
    opt = SGD(lr=1.0)
    x = np.array([1.0])
    for t in range(4):
        opt.lr = step_decay(t, lr0=0.5, step_size=2, gamma=0.5)
        opt.step([x], [x.copy()])                 # f = x^2 / 2
    assert x[0] == pytest.approx(0.5 * 0.5 * 0.75 * 0.75)


def test_a_linear_warm_up_can_drive_an_optimiser_from_step_0():
    """The warm-up's rate at step 0 is 0, which an optimiser accepts (as torch's do)."""
    opt, x = SGD(lr=0.1), np.array([1.0])
    for t in range(3):
        opt.lr = linear_warmup(t, lr0=0.1, warmup_steps=2)
        opt.step([x], [np.array([1.0])])
    np.testing.assert_allclose(x, [1.0 - 0.05 - 0.1])
