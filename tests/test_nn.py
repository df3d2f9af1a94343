"""mathlib.nn: activations and losses against their derivatives (finite differences), against
mathlib.autodiff, against scipy at extreme inputs, and every error with its message."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special

from mathlib import nn
from mathlib.autodiff import Tensor
from mathlib.autodiff import cross_entropy as ad_cross_entropy
from mathlib.calculus import gradient


def raises(kind, message):
    """pytest.raises for exactly this message."""
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


def central(f, x, h=1e-6):
    """Elementwise central differences of an elementwise f (independent of mathlib.calculus)."""
    x = np.asarray(x, dtype=float)
    return (np.asarray(f(x + h)) - np.asarray(f(x - h))) / (2 * h)


X = np.array([-7.5, -2.0, -0.3, 0.2, 1.0, 3.0, 8.0])          # away from the kinks at 0
EXTREME = np.array([-1e300, -1000.0, -745.5, -40.0, -1e-300, 0.0, 1e-300, 40.0, 745.5, 1000.0,
                    1e300])


def autodiff_grad(op, x):
    t = Tensor(x)
    op(t).sum().backward()
    return t.data, t.grad


ACTIVATIONS = {  # name: (f, f', reference f, autodiff version or None)
    "relu": (nn.relu, nn.relu_derivative, lambda x: np.maximum(x, 0.0), lambda t: t.relu()),
    "leaky_relu": (nn.leaky_relu, nn.leaky_relu_derivative,
                   lambda x: np.where(x > 0, x, 0.01 * x), lambda t: t.relu() - 0.01 * (-t).relu()),
    "sigmoid": (nn.sigmoid, nn.sigmoid_derivative, special.expit, lambda t: t.sigmoid()),
    "tanh": (nn.tanh, nn.tanh_derivative, np.tanh, lambda t: t.tanh()),
}


# ----- activations ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivative_matches_finite_differences(name):
    f, df, _, _ = ACTIVATIONS[name]
    np.testing.assert_allclose(df(X), central(f, X), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_and_derivative_match_autodiff(name):
    f, df, _, op = ACTIVATIONS[name]
    value, grad = autodiff_grad(lambda t: op(t), X)
    np.testing.assert_allclose(f(X), op(Tensor(X)).data, rtol=1e-14)
    np.testing.assert_allclose(df(X), grad, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_at_extreme_inputs_matches_the_reference_without_warnings(name):
    f, df, ref, _ = ACTIVATIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(f(EXTREME), ref(EXTREME), rtol=1e-15)
        d = df(EXTREME)
        assert np.all(np.isfinite(d)) and d.shape == EXTREME.shape
        for dtype in (np.float16, np.float32):          # computed in float64: same numbers
            small = np.array([-1000, -60, -1, 0, 1, 60, 1000], dtype=dtype)
            assert f(small).dtype == np.float64
            np.testing.assert_array_equal(f(small), f(small.astype(float)))
            np.testing.assert_array_equal(df(small), df(small.astype(float)))


def test_sigmoid_and_tanh_derivatives_are_exact_in_the_tails():
    # scipy's expit(x) expit(-x) keeps its precision where s (1 - s) would round to 0
    x = np.array([-700.0, -100.0, -40.0, -5.0, 0.0, 5.0, 40.0, 100.0, 700.0])
    np.testing.assert_allclose(nn.sigmoid_derivative(x), special.expit(x) * special.expit(-x),
                               rtol=1e-13)
    # tanh'(x) = 1 / cosh(x)^2 = 4 s(2x) s(-2x)
    np.testing.assert_allclose(nn.tanh_derivative(x),
                               4 * special.expit(2 * x) * special.expit(-2 * x), rtol=1e-13)
    assert nn.sigmoid_derivative(40.0) > 0 and nn.tanh_derivative(20.0) > 0
    assert nn.sigmoid_derivative(0.0) == 0.25 and nn.tanh_derivative(0.0) == 1.0
    assert nn.sigmoid(0.0) == 0.5 and nn.sigmoid(-1000.0) == 0.0 and nn.sigmoid(1000.0) == 1.0
    assert nn.sigmoid(-745.5) > 0 or nn.sigmoid(-745.5) == special.expit(-745.5)


@given(arrays(float, st.integers(1, 20), elements=st.floats(-1e6, 1e6)))
def test_activations_identities(x):
    s = nn.sigmoid(x)
    assert np.all((0 <= s) & (s <= 1))
    np.testing.assert_allclose(s + nn.sigmoid(-x), 1.0, rtol=1e-15)        # s(-x) = 1 - s(x)
    np.testing.assert_allclose(nn.sigmoid(x), special.expit(x), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(nn.sigmoid_derivative(x), nn.sigmoid_derivative(-x), rtol=1e-15)
    np.testing.assert_allclose(nn.tanh(x), 2 * special.expit(2 * x) - 1, atol=1e-15)
    np.testing.assert_allclose(nn.relu(x) - nn.relu(-x), x, rtol=0)      # relu(x) - relu(-x) = x
    np.testing.assert_allclose(nn.leaky_relu(x, alpha=0.2),
                               np.maximum(x, 0.2 * x), rtol=1e-15)


def test_kinks_and_alpha():
    x = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(nn.relu(x), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(nn.relu_derivative(x), [0.0, 0.0, 1.0])     # 0 at the kink
    np.testing.assert_array_equal(nn.leaky_relu(x), [-0.02, 0.0, 3.0])
    np.testing.assert_array_equal(nn.leaky_relu(x, alpha=0.5), [-1.0, 0.0, 3.0])
    np.testing.assert_array_equal(nn.leaky_relu_derivative(x), [0.01, 0.01, 1.0])   # alpha at 0
    np.testing.assert_array_equal(nn.leaky_relu_derivative(x, alpha=0.25), [0.25, 0.25, 1.0])
    np.testing.assert_array_equal(nn.leaky_relu(x, alpha=0), nn.relu(x))
    np.testing.assert_array_equal(nn.relu_derivative([1e-300, -1e-300]), [1.0, 0.0])
    np.testing.assert_array_equal(nn.leaky_relu_derivative([1e-300, -1e-300], alpha=0.5),
                                  [1.0, 0.5])
    np.testing.assert_array_equal(nn.leaky_relu([1e-300, -4.0], alpha=0.5), [1e-300, -2.0])


@pytest.mark.parametrize("f", [nn.relu, nn.relu_derivative, nn.leaky_relu, nn.leaky_relu_derivative,
                               nn.sigmoid, nn.sigmoid_derivative, nn.tanh, nn.tanh_derivative])
def test_activation_shapes_and_types(f):
    out = f(0.5)
    assert isinstance(out, float)
    assert f(np.ones((2, 3, 4))).shape == (2, 3, 4)
    assert f([]).shape == (0,)                                   # an empty batch is fine
    assert f([1, 2]).dtype == np.float64                         # ints become floats
    with raises(ValueError, f"{f.__name__}: x holds nan at index (1,); expected finite numbers "
                            "(no NaN or infinity)"):
        f([0.0, np.nan])
    with pytest.raises(TypeError, match=f"^{f.__name__}: x must be numbers"):
        f("1.0")


def test_alpha_is_keyword_only_and_checked():
    with pytest.raises(TypeError):
        nn.leaky_relu(1.0, 0.1)
    for f in (nn.leaky_relu, nn.leaky_relu_derivative):
        for bad in (1.0, -0.01, 2):
            with raises(ValueError, f"{f.__name__}: alpha is the slope for x < 0 and must be in "
                                    f"[0, 1), e.g. 0.01; got {float(bad)}"):
                f(1.0, alpha=bad)
        with pytest.raises(TypeError, match=f"^{f.__name__}: alpha must be numbers"):
            f(1.0, alpha="0.1")
        with raises(ValueError, f"{f.__name__}: alpha must be a single number, got a vector of "
                                "length 2"):
            f(1.0, alpha=[0.1, 0.2])


# ----- losses: values ---------------------------------------------------------------------------

RNG = np.random.default_rng(0)
P_PRED = RNG.normal(size=(5, 3))
P_TRUE = RNG.normal(size=(5, 3))
PROBS = np.array([0.1, 0.6, 0.95, 0.3, 0.5])
LABELS01 = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
LOGITS = RNG.normal(scale=3, size=(4, 5))
CLASSES = np.array([0, 4, 2, 2])
SCORES = np.array([2.5, 0.3, -0.4, -2.0, 0.9, -1.7])
PM1 = np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0])


def test_mse_value_and_reference():
    assert nn.mse(P_PRED, P_TRUE) == pytest.approx(np.mean((P_PRED - P_TRUE) ** 2), rel=1e-14)
    assert nn.mse([1.0, 2.0], [0.0, 0.0]) == 2.5 and nn.mse(3.0, 1.0) == 4.0
    assert nn.mse(P_PRED, P_PRED) == 0.0 and nn.mse([-1.0], [1.0]) == 4.0
    assert nn.mse([4.0, 0.0], [0.0, 0.0]) == 8.0            # the mean, not the sum
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.mse([1e200, -1e200], [0.0, 0.0]) == float("inf")
        assert nn.mse([1.7e308], [-1.7e308]) == float("inf")
        assert nn.mse([1e150], [0.0]) == pytest.approx(1e300)
        np.testing.assert_array_equal(nn.mse_gradient([1.7e308], [-1.7e308]), [np.inf])


def test_huber_is_pytorch_s_formula():
    # PyTorch's HuberLoss(reduction="mean"): 0.5 r^2 for |r| <= delta, delta (|r| - delta / 2)
    # beyond, averaged; scipy.special.huber(delta, r) is the same elementwise formula
    for delta in (0.3, 1.0, 2.5):
        r = P_PRED - P_TRUE
        want = np.mean(np.where(np.abs(r) <= delta, 0.5 * r ** 2,
                                delta * (np.abs(r) - 0.5 * delta)))
        assert nn.huber(P_PRED, P_TRUE, delta=delta) == pytest.approx(want, rel=1e-14)
        assert nn.huber(P_PRED, P_TRUE, delta=delta) == pytest.approx(
            np.mean(special.huber(delta, r)), rel=1e-14)
        np.testing.assert_allclose(nn.huber_gradient(P_PRED, P_TRUE, delta=delta),
                                   np.clip(r, -delta, delta) / r.size, rtol=1e-15)
    # by hand, delta = 1: residuals 0, 0.5 (inside) and 3 (beyond): (0 + 0.125 + 2.5) / 3
    assert nn.huber([0.0, 0.5, 3.0], [0.0, 0.0, 0.0]) == pytest.approx(0.875, rel=1e-15)
    np.testing.assert_allclose(nn.huber_gradient([0.0, 0.5, 3.0], [0.0, 0.0, 0.0]),
                               [0.0, 0.5 / 3, 1.0 / 3], rtol=1e-15)
    assert nn.huber(-3.0, 1.0, delta=2.0) == 6.0               # 2 (4 - 1), one example
    assert nn.huber(1.0, 0.0) == 0.5 and nn.huber_gradient(-1.0, 0.0) == -1.0   # |r| = delta
    assert nn.huber([4.0, 0.0], [0.0, 0.0]) == 1.75             # the mean, not the sum
    # delta at least every |r|: half the squared error; delta -> 0: delta times the absolute error
    assert nn.huber(P_PRED, P_TRUE, delta=100.0) == pytest.approx(nn.mse(P_PRED, P_TRUE) / 2,
                                                                  rel=1e-14)
    assert nn.huber(P_PRED, P_TRUE, delta=1e-9) / 1e-9 == pytest.approx(
        np.mean(np.abs(P_PRED - P_TRUE)), rel=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.huber([1.7e308], [-1.7e308]) == float("inf")
        assert nn.huber([1e150, -1e150], [0.0, 0.0], delta=1e200) == pytest.approx(5e299)
        assert nn.huber([1e300], [-1e300], delta=1e300) == float("inf")     # 1.5e600
        np.testing.assert_array_equal(nn.huber_gradient([1.7e308, 0.0], [-1.7e308, 0.0]),
                                      [0.5, 0.0])


def test_huber_delta_is_keyword_only_and_checked():
    with pytest.raises(TypeError):
        nn.huber(1.0, 0.0, 0.5)
    for f in (nn.huber, nn.huber_gradient):
        for bad in (0.0, -1.0):
            with raises(ValueError, f"{f.__name__}: delta is where the loss turns from quadratic "
                                    f"to linear and must be > 0, e.g. 1.0; got {bad}"):
                f(1.0, 0.0, delta=bad)
        with pytest.raises(TypeError, match=f"^{f.__name__}: delta must be numbers"):
            f(1.0, 0.0, delta="1")
        with raises(ValueError, f"{f.__name__}: delta must be a single number, got a vector of "
                                "length 2"):
            f(1.0, 0.0, delta=[0.1, 0.2])


def test_bce_value_and_reference():
    expected = -np.mean(LABELS01 * np.log(PROBS) + (1 - LABELS01) * np.log(1 - PROBS))
    assert nn.binary_cross_entropy(PROBS, LABELS01) == pytest.approx(expected, rel=1e-14)
    assert nn.binary_cross_entropy(0.5, 1) == pytest.approx(np.log(2), rel=1e-15)
    assert nn.binary_cross_entropy([0.2], [0.0]) == pytest.approx(-np.log(0.8), rel=1e-15)
    # soft targets: the cross-entropy of two Bernoulli distributions
    assert nn.binary_cross_entropy(0.3, 0.6) == pytest.approx(
        -(0.6 * np.log(0.3) + 0.4 * np.log(0.7)), rel=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        worst = -np.log(nn.BCE_EPS)
        assert nn.binary_cross_entropy([0.0, 1.0], [1.0, 0.0]) == pytest.approx(worst, rel=1e-15)
        assert nn.binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == pytest.approx(1e-12, rel=1e-3)
        g = nn.binary_cross_entropy_gradient([0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0])
        np.testing.assert_allclose(g, [-1e12 / 4, 1e12 / 4, -0.25, 0.25], rtol=1e-15)
    assert nn.BCE_EPS == 1e-12
    assert nn.binary_cross_entropy(1e-12, 1) == pytest.approx(-np.log(1e-12), rel=1e-12)
    assert nn.binary_cross_entropy(1e-13, 1) == nn.binary_cross_entropy(1e-12, 1)   # clipped
    assert nn.binary_cross_entropy(1 - 1e-13, 0) == nn.binary_cross_entropy(1 - 1e-12, 0)
    assert nn.binary_cross_entropy(2e-12, 1) < nn.binary_cross_entropy(1e-12, 1)


def test_bce_with_logits_matches_bce_of_the_sigmoid_and_is_stable():
    z = np.array([-30.0, -3.0, -0.5, 0.0, 0.7, 4.0, 25.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    p = special.expit(z)
    exact = -np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))
    assert nn.binary_cross_entropy_with_logits(z, y) == pytest.approx(exact, rel=1e-14)
    assert nn.binary_cross_entropy_with_logits(z[1:-1], y[1:-1]) == pytest.approx(
        nn.binary_cross_entropy(p[1:-1], y[1:-1]), rel=1e-12)
    np.testing.assert_allclose(nn.binary_cross_entropy_with_logits_gradient(z, y), (p - y) / 7,
                               rtol=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zz = np.array([-1000.0, 1000.0, -1e300, 1e300, 745.5, -745.5])
        yy = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
        each = -(yy * special.log_expit(zz) + (1 - yy) * special.log_expit(-zz))
        assert nn.binary_cross_entropy_with_logits(zz[:2], yy[:2]) == pytest.approx(1000.0)
        assert nn.binary_cross_entropy_with_logits(zz, yy) == pytest.approx(each.mean(), rel=1e-14)
        assert nn.binary_cross_entropy_with_logits(zz[2:], yy[2:]) == pytest.approx(0.0, abs=1e-300)
        assert nn.binary_cross_entropy_with_logits([1e308, -1e308], [0.0, 1.0]) == 1e308
        np.testing.assert_allclose(nn.binary_cross_entropy_with_logits_gradient(zz, yy),
                                   (special.expit(zz) - yy) / 6, rtol=1e-15, atol=1e-300)


def test_cross_entropy_matches_scipy_log_softmax():
    logp = special.log_softmax(LOGITS, axis=1)
    expected = -np.mean(logp[np.arange(4), CLASSES])
    assert nn.cross_entropy(LOGITS, CLASSES) == pytest.approx(expected, rel=1e-14)
    onehot = np.eye(5)[CLASSES]
    np.testing.assert_allclose(nn.cross_entropy_gradient(LOGITS, CLASSES),
                               (special.softmax(LOGITS, axis=1) - onehot) / 4, rtol=1e-12,
                               atol=1e-17)
    np.testing.assert_allclose(nn.cross_entropy_gradient(LOGITS, CLASSES).sum(axis=1), 0.0,
                               atol=1e-16)
    # one example: logits (K,) with one label
    z = LOGITS[1]
    assert nn.cross_entropy(z, 4) == pytest.approx(special.logsumexp(z) - z[4], rel=1e-14)
    assert nn.cross_entropy(z, np.int64(4)) == nn.cross_entropy(LOGITS[1:2], [4])
    np.testing.assert_allclose(nn.cross_entropy_gradient(z, 4),
                               special.softmax(z) - np.eye(5)[4], rtol=1e-12, atol=1e-17)
    assert nn.cross_entropy([0.0, 0.0, 0.0, 0.0], 3) == pytest.approx(np.log(4), rel=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0], [1e300, -1e300, 0.0]])
        labels = np.array([1, 2, 0])
        ref = special.logsumexp(big[:2], axis=1) - big[np.arange(2), labels[:2]]
        assert nn.cross_entropy(big[:2], labels[:2]) == pytest.approx(ref.mean(), rel=1e-15)
        assert nn.cross_entropy(big[2:], [0]) == 0.0
        assert nn.cross_entropy(big[2:], [1]) == pytest.approx(2e300, rel=1e-15)
        assert nn.cross_entropy([[1.7e308, -1.7e308]], [1]) == float("inf")   # beyond the floats
        g = nn.cross_entropy_gradient(big, labels)
        np.testing.assert_allclose(g, (special.softmax(big, axis=1) - np.eye(3)[labels]) / 3,
                                   atol=1e-17)


def test_cross_entropy_matches_autodiff():
    t = Tensor(LOGITS)
    loss = ad_cross_entropy(t, CLASSES)
    loss.backward()
    assert nn.cross_entropy(LOGITS, CLASSES) == pytest.approx(loss.item(), rel=1e-14)
    np.testing.assert_allclose(nn.cross_entropy_gradient(LOGITS, CLASSES), t.grad, rtol=1e-12,
                               atol=1e-17)


def test_hinge_value():
    margins = np.maximum(0, 1 - PM1 * SCORES)
    assert nn.hinge(SCORES, PM1) == pytest.approx(margins.mean(), rel=1e-15)
    assert nn.hinge([2.0, -3.0], [1, -1]) == 0.0                # both outside the margin
    assert nn.hinge([1.0], [1.0]) == 0.0                         # exactly on the margin
    assert nn.hinge([0.0, 0.0], [1.0, -1.0]) == 1.0
    assert nn.hinge([0.0, 1.0], [1.0, 1.0]) == 0.5               # the largest term is 1
    assert nn.mse([1.0, 0.0], [0.0, 0.0]) == 0.5
    assert nn.hinge(-2.0, 1) == 3.0 and nn.hinge(2.0, -1) == 3.0
    np.testing.assert_array_equal(nn.hinge_gradient([1.0, 0.999, -1.0, -0.999], [1, 1, -1, -1]),
                                  [0.0, -0.25, 0.0, 0.25])       # 0 at the kink y s = 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.hinge([1.7e308, 1.7e308], [-1.0, -1.0]) == pytest.approx(1.7e308)
        assert nn.hinge([-1.7e308, 1e308], [1.0, -1.0]) == pytest.approx(1.35e308)


# ----- losses: gradients ------------------------------------------------------------------------

LOSSES = {  # name: (loss, its gradient, a prediction away from kinks and clips, a target)
    "mse": (nn.mse, nn.mse_gradient, P_PRED, P_TRUE),
    "mse-vector": (nn.mse, nn.mse_gradient, P_PRED[:, 0], P_TRUE[:, 0]),
    "bce": (nn.binary_cross_entropy, nn.binary_cross_entropy_gradient, PROBS, LABELS01),
    "bce-soft": (nn.binary_cross_entropy, nn.binary_cross_entropy_gradient,
                 PROBS.reshape(5, 1), np.array([[0.2], [0.5], [0.9], [0.0], [1.0]])),
    "bce-logits": (nn.binary_cross_entropy_with_logits,
                   nn.binary_cross_entropy_with_logits_gradient, SCORES, (PM1 + 1) / 2),
    "cross-entropy": (nn.cross_entropy, nn.cross_entropy_gradient, LOGITS, CLASSES),
    "cross-entropy-one": (nn.cross_entropy, nn.cross_entropy_gradient, LOGITS[0], 3),
    "hinge": (nn.hinge, nn.hinge_gradient, SCORES, PM1),
    "huber": (lambda p, y: nn.huber(p, y, delta=0.8),
              lambda p, y: nn.huber_gradient(p, y, delta=0.8), P_PRED, P_TRUE),
    "huber-vector": (nn.huber, nn.huber_gradient, 3 * P_PRED[:, 1], P_TRUE[:, 1]),
}


@pytest.mark.parametrize("name", LOSSES)
def test_loss_gradient_matches_finite_differences(name):
    loss, grad, pred, target = LOSSES[name]
    numeric = gradient(lambda p: loss(p, target), pred)
    g = grad(pred, target)
    assert np.shape(g) == np.shape(pred)
    np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-9)


AUTODIFF_LOSSES = {  # the same losses written with Tensor operations
    "mse": lambda p, y: ((p - y) ** 2).mean(),
    "bce": lambda p, y: -(y * p.log() + (1 - y) * (1 - p).log()).mean(),
    "bce-logits": lambda z, y: -(y * z.sigmoid().log() + (1 - y) * (1 - z.sigmoid()).log()).mean(),
    "hinge": lambda s, y: (1 - y * s).relu().mean(),
    # 0.5 min(|r|, d)^2 + d max(|r| - d, 0) with |r| = relu(r) + relu(-r), d = 0.8
    "huber": lambda p, y: _autodiff_huber(p - y, 0.8),
    "huber-vector": lambda p, y: _autodiff_huber(p - y, 1.0),
}


def _autodiff_huber(r, d):
    a = r.relu() + (-r).relu()
    beyond = (a - d).relu()
    inside = a - beyond
    return (0.5 * inside ** 2 + d * beyond).mean()


@pytest.mark.parametrize("name", AUTODIFF_LOSSES)
def test_loss_and_gradient_match_autodiff(name):
    loss, grad, pred, target = LOSSES[name]
    t = Tensor(pred)
    out = AUTODIFF_LOSSES[name](t, np.asarray(target, dtype=float))
    out.backward()
    assert loss(pred, target) == pytest.approx(out.item(), rel=1e-13)
    np.testing.assert_allclose(grad(pred, target), t.grad, rtol=1e-12, atol=1e-15)


@given(arrays(float, st.integers(1, 12), elements=st.floats(-50, 50)), st.data())
def test_losses_are_nonnegative_means(z, data):
    y = data.draw(arrays(float, z.shape, elements=st.sampled_from([0.0, 1.0])))
    each = [nn.binary_cross_entropy_with_logits(z[i:i + 1], y[i:i + 1]) for i in range(z.size)]
    assert nn.binary_cross_entropy_with_logits(z, y) == pytest.approx(np.mean(each), rel=1e-12)
    assert min(each) >= 0
    pm = 2 * y - 1
    assert nn.hinge(z, pm) == pytest.approx(np.mean(np.maximum(0, 1 - pm * z)), rel=1e-12, abs=0)
    assert nn.mse(z, y) == pytest.approx(np.mean((z - y) ** 2), rel=1e-12)
    assert 0 <= nn.huber(z, y) <= nn.mse(z, y) / 2 + 1e-12         # never above half the MSE


# ----- losses: errors ---------------------------------------------------------------------------

PAIRS = [("mse", "y_pred", "y_true"), ("mse_gradient", "y_pred", "y_true"),
         ("binary_cross_entropy", "p", "y"), ("binary_cross_entropy_gradient", "p", "y"),
         ("binary_cross_entropy_with_logits", "z", "y"),
         ("binary_cross_entropy_with_logits_gradient", "z", "y"),
         ("hinge", "scores", "y"), ("hinge_gradient", "scores", "y"),
         ("huber", "y_pred", "y_true"), ("huber_gradient", "y_pred", "y_true")]


@pytest.mark.parametrize("where, a, b", PAIRS)
def test_loss_shape_errors(where, a, b):
    f = getattr(nn, where)
    with raises(ValueError, f"{where}: {a} has shape (3,) and {b} has shape (2,); give one target "
                            "per prediction (the same shape)"):
        f([0.5, 0.5, 0.5], [1.0, 1.0])
    with raises(ValueError, f"{where}: {a} has shape (2, 1) and {b} has shape (2,); give one "
                            "target per prediction (the same shape)"):
        f([[0.5], [0.5]], [1.0, 1.0])
    with raises(ValueError, f"{where}: {a} must be a scalar or vector or matrix, got a tensor "
                            "with 3 axes, shape (1, 1, 1)"):
        f(np.full((1, 1, 1), 0.5), np.ones((1, 1, 1)))
    with raises(ValueError, f"{where}: {b} must be a scalar or vector or matrix, got a tensor "
                            "with 3 axes, shape (1, 1, 1)"):
        f(0.5, np.ones((1, 1, 1)))
    with raises(ValueError, f"{where}: {a} is empty (shape (0,)); expected at least one number"):
        f([], [])
    with raises(ValueError, f"{where}: {b} holds nan at index (1,); expected finite numbers "
                            "(no NaN or infinity)"):
        f([0.5, 0.5], [1.0, np.nan])
    with pytest.raises(TypeError, match=f"^{where}: {a} must be numbers"):
        f(None, [1.0])


@pytest.mark.parametrize("where", ["binary_cross_entropy", "binary_cross_entropy_gradient"])
def test_bce_range_errors(where):
    f = getattr(nn, where)
    tail = ("p must be probabilities in [0, 1] (for raw scores, logits, use "
            "binary_cross_entropy_with_logits)")
    with raises(ValueError, f"{where}: p is 1.5; {tail}"):
        f(1.5, 1.0)
    with raises(ValueError, f"{where}: p holds -0.1 at index 1; {tail}"):
        f([0.5, -0.1, 2.0], [1.0, 1.0, 1.0])
    with raises(ValueError, f"{where}: p holds 1.01 at index (1, 0); {tail}"):
        f([[0.5], [1.01]], [[1.0], [1.0]])
    with raises(ValueError, f"{where}: y holds -1 at index 0; targets must be in [0, 1] "
                            "(labels 0 or 1)"):
        f([0.5, 0.5], [-1.0, 1.0])
    assert f([0.0, 1.0], [0.0, 1.0]) is not None                # the ends are allowed


@pytest.mark.parametrize("where", ["binary_cross_entropy_with_logits",
                                   "binary_cross_entropy_with_logits_gradient"])
def test_bce_with_logits_target_errors(where):
    f = getattr(nn, where)
    with raises(ValueError, f"{where}: y holds 2 at index 1; targets must be in [0, 1] "
                            "(labels 0 or 1)"):
        f([5.0, -5.0], [1.0, 2.0])
    with raises(ValueError, f"{where}: y is -1; targets must be in [0, 1] (labels 0 or 1)"):
        f(3.0, -1.0)
    assert f([50.0, -50.0], [1.0, 0.0]) is not None            # any z, targets at the ends


@pytest.mark.parametrize("where", ["hinge", "hinge_gradient"])
def test_hinge_label_errors(where):
    f = getattr(nn, where)
    tail = "hinge labels are -1 or +1 (for labels 0/1 pass 2 * y - 1)"
    with raises(ValueError, f"{where}: y holds 0 at index 2; {tail}"):
        f([1.0, 1.0, 1.0], [1, -1, 0])
    with raises(ValueError, f"{where}: y holds 0.5 at index (0, 1); {tail}"):
        f([[1.0, 1.0]], [[1, 0.5]])
    with raises(ValueError, f"{where}: y is 2; {tail}"):
        f(1.0, 2)


@pytest.mark.parametrize("where", ["cross_entropy", "cross_entropy_gradient"])
def test_cross_entropy_errors(where):
    f = getattr(nn, where)
    rows = f"{where}: labels must be 2 integers in [0, 3), one per row of logits (2, 3), each the "\
           "index of the right class"
    z = np.zeros((2, 3))
    with raises(TypeError, f"{rows}; got floats of shape (2,); convert whole-number labels with "
                           "labels.astype(int)"):
        f(z, [0.0, 1.0])
    with raises(TypeError, f"{rows}; got floats of shape (2,); convert whole-number labels with "
                           "labels.astype(int)"):
        f(z, np.array([0.0, 1.0], dtype=np.float32))
    with raises(TypeError, f"{rows}; got dtype bool of shape (2,)"):
        f(z, np.array([True, False]))
    with raises(TypeError, f"{rows}; got dtype <U1 of shape (2,)"):
        f(z, ["a", "b"])
    with raises(ValueError, f"{rows}; got 3 labels of shape (3,)"):
        f(z, [0, 1, 2])
    with raises(ValueError, f"{rows}; got 2 labels of shape (2, 1)"):
        f(z, [[0], [1]])
    with raises(ValueError, f"{where}: labels holds 3 at index 1, which is not a class: the "
                            "classes of logits (2, 3) are 0 to 2"):
        f(z, [0, 3])
    with raises(ValueError, f"{where}: labels holds -1 at index 0, which is not a class: the "
                            "classes of logits (2, 3) are 0 to 2"):
        f(z, [-1, 0])
    one = f"{where}: labels must be one integer in [0, 3), the index of the right class among " \
          "the 3 logits"
    with raises(ValueError, f"{one}; got 1 label of shape (1,)"):
        f(np.zeros(3), [1])
    with raises(ValueError, f"{where}: labels is 3, which is not a class: the classes of logits "
                            "(3,) are 0 to 2"):
        f(np.zeros(3), 3)
    with raises(ValueError, f"{where}: labels must be 1 integer in [0, 3), one per row of logits "
                            "(1, 3), each the index of the right class; got 0 labels of shape "
                            "(0,)"):
        f(np.zeros((1, 3)), np.array([], dtype=int))
    with raises(ValueError, f"{where}: logits must be a vector or matrix, got a scalar"):
        f(1.0, 0)
    with raises(ValueError, f"{where}: logits holds inf at index (0, 1); expected finite numbers "
                            "(no NaN or infinity)"):
        f([[0.0, np.inf]], [0])
