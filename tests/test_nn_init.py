"""mathlib.nn's initialisers (notebook 20) against PyTorch's documented formulas for
torch.nn.init: xavier_uniform_ / xavier_normal_ with gain 1, kaiming_uniform_ / kaiming_normal_
with a = 0, mode "fan_in", nonlinearity "relu" (torch is not installed: the formulas are written
out here). Sample variances are compared with the formula within 5 standard errors of the sample
variance (Var(s^2) = (mu4 - sigma^4) / n: 2 sigma^4 / n for a Gaussian, 0.8 sigma^4 / n for a
uniform), so a wrong constant fails and the seeded draw never does by chance."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathlib import nn


def torch_xavier_std(fan_in, fan_out, gain=1.0):
    return gain * math.sqrt(2.0 / (fan_in + fan_out))          # torch.nn.init.xavier_normal_


def torch_kaiming_std(fan_in):
    return math.sqrt(2.0) / math.sqrt(fan_in)                   # gain sqrt(2) for relu, fan_in


INITS = {   # name -> (function, uniform?, variance formula)
    "xavier_uniform": (nn.xavier_uniform, True, lambda i, o: torch_xavier_std(i, o) ** 2),
    "xavier_normal": (nn.xavier_normal, False, lambda i, o: torch_xavier_std(i, o) ** 2),
    "he_uniform": (nn.he_uniform, True, lambda i, o: torch_kaiming_std(i) ** 2),
    "he_normal": (nn.he_normal, False, lambda i, o: torch_kaiming_std(i) ** 2),
}


@pytest.mark.parametrize("name", INITS)
@pytest.mark.parametrize("fan_in, fan_out", [(400, 100), (100, 400), (256, 256), (1000, 30)])
def test_variance_matches_the_formula(name, fan_in, fan_out):
    f, uniform, var = INITS[name]
    W = f(fan_in, fan_out, rng=20)
    assert W.shape == (fan_in, fan_out) and W.dtype == np.float64
    v = var(fan_in, fan_out)
    n = W.size
    se = v * math.sqrt((0.8 if uniform else 2.0) / n)
    assert abs(np.mean(W)) < 5 * math.sqrt(v / n)
    assert abs(np.var(W) - v) < 5 * se, (np.var(W), v, se)


def test_xavier_and_he_differ_where_fan_out_differs_from_fan_in():
    """He ignores fan_out, Xavier does not: with fan_out = 3 fan_in, Xavier's variance is half
    of 1 / fan_in and He's twice it (a fan mix-up would fail the variance test too)."""
    assert np.var(nn.xavier_normal(200, 600, rng=1)) == pytest.approx(2 / 800, rel=0.02)
    assert np.var(nn.he_normal(200, 600, rng=1)) == pytest.approx(2 / 200, rel=0.02)
    assert np.var(nn.he_normal(600, 200, rng=1)) == pytest.approx(2 / 600, rel=0.02)


@pytest.mark.parametrize("name, bound", [
    ("xavier_uniform", lambda i, o: math.sqrt(6.0 / (i + o))),       # gain sqrt(3 / (fan_in + fan_out) * 2)
    ("he_uniform", lambda i, o: math.sqrt(6.0 / i)),                 # gain sqrt(3 / fan_in) with gain sqrt(2)
])
def test_uniform_bounds_are_sqrt_3_var(name, bound):
    f, _, var = INITS[name]
    for i, o in [(400, 100), (3, 7), (1, 1)]:
        W = f(i, o, rng=0)
        b = bound(i, o)
        assert b == pytest.approx(math.sqrt(3 * var(i, o)), rel=1e-14)
        assert np.all(np.abs(W) <= b)
    W = f(500, 500, rng=3)
    # 250000 draws from U(-b, b): the extremes are within b / 1000 of the bounds, both sides
    assert W.max() > 0.999 * bound(500, 500) and W.min() < -0.999 * bound(500, 500)
    # uniform: a quarter of the draws beyond b / 2 on each side (a Gaussian would give fewer)
    assert np.mean(W > bound(500, 500) / 2) == pytest.approx(0.25, abs=0.005)


@pytest.mark.parametrize("name", ["xavier_normal", "he_normal"])
def test_normal_initialisers_are_gaussian(name):
    f, _, var = INITS[name]
    W = f(500, 500, rng=4)
    std = math.sqrt(var(500, 500))
    # P(|Z| > 2) = 0.0455 for a Gaussian; a uniform of the same variance gives 0
    assert np.mean(np.abs(W) > 2 * std) == pytest.approx(0.0455, abs=0.002)
    assert np.abs(W).max() > 3.5 * std


@pytest.mark.parametrize("name", INITS)
def test_seeded_reproducibility(name):
    f = INITS[name][0]
    assert np.array_equal(f(5, 3, rng=7), f(5, 3, rng=7))
    assert not np.array_equal(f(5, 3, rng=7), f(5, 3, rng=8))
    assert np.array_equal(f(5, 3), f(5, 3, rng=0))                # None is the fixed seed 0
    g = np.random.default_rng(11)
    first, second = f(5, 3, rng=g), f(5, 3, rng=g)                # a Generator advances
    assert not np.array_equal(first, second)
    g2 = np.random.default_rng(11)
    assert np.array_equal(first, f(5, 3, rng=g2))
    assert np.array_equal(f(np.int64(5), np.int32(3), rng=7), f(5, 3, rng=7))


@pytest.mark.parametrize("name", INITS)
def test_smallest_layer(name):
    W = INITS[name][0](1, 1, rng=0)
    assert W.shape == (1, 1) and np.isfinite(W).all()


@pytest.mark.parametrize("name", INITS)
def test_errors_name_what_was_given(name):
    f = INITS[name][0]
    with pytest.raises(TypeError, match=rf"^{name}: fan_in must be a whole number \(an int\), "
                                        r"got float 3.0 \(write 3, without the decimal point\)"):
        f(3.0, 4)
    with pytest.raises(TypeError, match=rf"^{name}: fan_out must be a whole number \(an int\), "
                                        r"got (bool )?True"):
        f(3, True)
    with pytest.raises(TypeError, match=rf"^{name}: fan_in must be a whole number"):
        f("3", 4)
    with pytest.raises(ValueError, match=rf"^{name}: fan_in = 0 is out of range; "
                                         r"expected fan_in >= 1$"):
        f(0, 4)
    with pytest.raises(ValueError, match=rf"^{name}: fan_out = -2 is out of range; "
                                         r"expected fan_out >= 1$"):
        f(3, -2)
    with pytest.raises(TypeError, match=rf"^{name}: rng must be None, an integer seed"):
        f(3, 4, rng=1.5)
    with pytest.raises(ValueError, match=rf"^{name}: rng = -1 is a negative seed"):
        f(3, 4, rng=-1)
    with pytest.raises(TypeError):
        f(3, 4, 0)                                                 # rng is keyword-only


def test_in_all():
    for name in INITS:
        assert name in nn.__all__
