"""mathlib.nn's regularisation (notebook 19): the L1 and L2 penalties and their gradients against
their defining formulas, finite differences and PyTorch's documented weight_decay rule; inverted
dropout against torch.nn.functional.dropout's documented behaviour (kept entries scaled by
1 / (1 - p), expectation preserved, identity in evaluation); every error message; extreme inputs
without warnings (warnings are errors in the tests)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from mathlib import nn

W = np.array([[0.5, -1.5, 0.0], [2.0, -0.25, 3.0]])


# -- L1 -------------------------------------------------------------------------------------------

def test_l1_penalty_is_lam_times_the_sum_of_absolute_values():
    assert nn.l1_penalty(W, lam=0.1) == pytest.approx(0.1 * 7.25, rel=1e-15)
    assert nn.l1_penalty([1.0, -2.0, 0.0], lam=0.5) == 1.5
    assert nn.l1_penalty(-3.0, lam=2.0) == 6.0
    assert isinstance(nn.l1_penalty(W, lam=1.0), float)
    assert nn.l1_penalty(W, lam=0.0) == 0.0
    assert nn.l1_penalty([], lam=1.0) == 0.0


def test_l1_gradient_is_lam_sign_with_subgradient_0_at_0():
    g = nn.l1_penalty_gradient(W, lam=0.3)
    assert g.shape == W.shape
    assert_allclose(g, [[0.3, -0.3, 0.0], [0.3, -0.3, 0.3]], rtol=0, atol=0)
    assert nn.l1_penalty_gradient(0.0, lam=2.0) == 0.0
    assert nn.l1_penalty_gradient(-1e-300, lam=2.0) == -2.0
    assert isinstance(nn.l1_penalty_gradient(5.0, lam=2.0), float)


def test_l1_gradient_is_the_finite_difference_away_from_0():
    rng = np.random.default_rng(19)
    w = rng.normal(size=(4, 3))
    h = 1e-6
    for i in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[i] = h
        fd = (nn.l1_penalty(w + e, lam=0.7) - nn.l1_penalty(w - e, lam=0.7)) / (2 * h)
        assert fd == pytest.approx(nn.l1_penalty_gradient(w, lam=0.7)[i], rel=1e-6)


# -- L2 -------------------------------------------------------------------------------------------

def test_l2_penalty_is_half_lam_times_the_sum_of_squares():
    assert nn.l2_penalty(W, lam=0.1) == pytest.approx(0.05 * np.sum(W ** 2), rel=1e-15)
    assert nn.l2_penalty([1.0, 2.0], lam=2.0) == 5.0
    assert nn.l2_penalty(3.0, lam=1.0) == 4.5
    assert nn.l2_penalty(W, lam=0.0) == 0.0
    assert nn.l2_penalty(np.zeros((0, 3)), lam=1.0) == 0.0


def test_l2_gradient_is_lam_w_and_the_finite_difference():
    assert_allclose(nn.l2_penalty_gradient(W, lam=0.3), 0.3 * W, rtol=1e-15)
    assert nn.l2_penalty_gradient(-2.0, lam=0.5) == -1.0
    rng = np.random.default_rng(190)
    w = rng.normal(size=5)
    h = 1e-5
    for i in range(5):
        e = np.zeros(5)
        e[i] = h
        fd = (nn.l2_penalty(w + e, lam=0.7) - nn.l2_penalty(w - e, lam=0.7)) / (2 * h)
        assert fd == pytest.approx(nn.l2_penalty_gradient(w, lam=0.7)[i], rel=1e-7)


def test_l2_gradient_is_pytorch_s_weight_decay():
    """torch.optim.SGD(params, lr, weight_decay=wd) documents: g <- g + wd * w, then
    w <- w - lr * g. One such step on a loss gradient g equals a plain step on the gradient of
    loss + l2_penalty(w, lam=wd), and multiplies w by (1 - lr wd) before the loss's step."""
    rng = np.random.default_rng(191)
    w, g = rng.normal(size=6), rng.normal(size=6)
    lr, wd = 0.1, 0.01
    torch_step = w - lr * (g + wd * w)                                 # the documented rule
    ours = w - lr * (g + nn.l2_penalty_gradient(w, lam=wd))
    assert_allclose(ours, torch_step, rtol=1e-15)
    assert_allclose(ours, (1 - lr * wd) * w - lr * g, rtol=1e-14)


def test_penalties_at_extreme_weights_are_inf_without_warnings():
    big = np.array([1e300, -1e300])
    assert nn.l2_penalty(big, lam=1.0) == np.inf
    assert nn.l1_penalty(np.array([1.7e308, 1.7e308]), lam=1.0) == np.inf
    assert nn.l1_penalty(big, lam=1e10) == np.inf
    assert_allclose(nn.l2_penalty_gradient(big, lam=1e10), [np.inf, -np.inf])
    assert nn.l2_penalty(1e-200, lam=1.0) == 0.0                        # underflow: 0, no warning


@pytest.mark.parametrize("fn", [nn.l1_penalty, nn.l1_penalty_gradient, nn.l2_penalty,
                                nn.l2_penalty_gradient])
def test_penalty_errors_name_what_was_given(fn):
    name = fn.__name__
    with pytest.raises(ValueError, match=rf"^{name}: lam is the strength of the penalty and must "
                                         r"be >= 0 .*got -0\.1$"):
        fn(W, lam=-0.1)
    with pytest.raises(ValueError, match=rf"^{name}: lam must be a single number"):
        fn(W, lam=[0.1, 0.2])
    with pytest.raises(ValueError, match=rf"^{name}: lam is nan; expected a finite number \(no NaN "
                                         r"or infinity\), e\.g\. 0\.01$"):
        fn(W, lam=float("nan"))                                         # one number: no index
    with pytest.raises(ValueError, match=rf"^{name}: lam is inf; expected a finite number"):
        fn(W, lam=np.array(np.inf))
    for flag in (True, np.bool_(False)):
        with pytest.raises(TypeError, match=rf"^{name}: lam must be a number such as 0\.01, got "
                                            rf"(bool|bool_|bool) {flag!r}$"):
            fn(W, lam=flag)                                             # not silently 1.0
    with pytest.raises(TypeError, match=rf"^{name}: lam must be numbers .*got NoneType None$"):
        fn(W, lam=None)
    with pytest.raises(ValueError, match=rf"^{name}: w holds inf at index \(1,\)"):
        fn([1.0, np.inf], lam=0.1)
    with pytest.raises(TypeError, match=rf"^{name}: w must be numbers"):
        fn("w", lam=0.1)
    with pytest.raises(TypeError, match=rf"^{name}: w holds complex numbers"):
        fn([1 + 2j], lam=0.1)
    with pytest.raises(TypeError):
        fn(W, 0.1)                                                      # lam is keyword-only
    assert fn(W, lam=0) is not None                                     # lam = 0 is allowed


# -- dropout --------------------------------------------------------------------------------------

def test_dropout_keeps_with_probability_1_minus_p_and_scales_by_its_inverse():
    x = np.arange(1.0, 13.0).reshape(3, 4)
    y = nn.dropout(x, p=0.25, rng=5)
    mask = np.random.default_rng(5).random(x.shape) >= 0.25             # the same draw
    assert_allclose(y, np.where(mask, x / 0.75, 0.0), rtol=1e-15)
    kept = y != 0
    assert_allclose(y[kept], x[kept] / 0.75, rtol=1e-15)
    assert y.shape == x.shape


def test_dropout_preserves_the_expectation_and_drops_a_share_p():
    x = np.full(200_000, 3.0)
    for p in (0.1, 0.5, 0.9):
        y = nn.dropout(x, p=p, rng=19)
        share = np.mean(y == 0)
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / x.size)
        assert abs(np.mean(y) - 3.0) < 4 * 3.0 * np.sqrt(p / (1 - p) / x.size)
        assert set(np.unique(y)) <= {0.0, 3.0 / (1 - p)}


def test_dropout_is_the_identity_when_not_training_or_p_0():
    x = np.array([[1.0, -2.0], [3.5, 0.0]])
    for y in (nn.dropout(x, p=0.9, training=False), nn.dropout(x, p=0.0, rng=3),
              nn.dropout(x, p=0, training=True)):
        assert_allclose(y, x, rtol=0, atol=0)
        assert y is not x
    assert nn.dropout(2.0, p=0.5, training=False) == 2.0
    assert isinstance(nn.dropout(2.0, p=0.5, rng=0), float)
    g = np.random.default_rng(4)
    state = g.bit_generator.state
    nn.dropout(x, p=0.5, rng=g, training=False)
    assert g.bit_generator.state == state                               # no number drawn


def test_dropout_rng_none_is_seed_0_and_a_generator_advances():
    x = np.ones(50)
    assert_allclose(nn.dropout(x, p=0.5), nn.dropout(x, p=0.5, rng=0))
    g = np.random.default_rng(1)
    assert not np.array_equal(nn.dropout(x, p=0.5, rng=g), nn.dropout(x, p=0.5, rng=g))
    assert nn.dropout(x, p=0.5).tolist() == nn.dropout(x.astype(np.float32), p=0.5).tolist()


def test_dropout_at_extremes_has_no_warning():
    y = nn.dropout(np.array([1.7e308] * 20), p=0.5, rng=2)
    assert set(np.unique(y)) == {0.0, np.inf}
    y = nn.dropout(np.ones(1000), p=0.999999, rng=0)
    assert np.all(np.isin(y, [0.0, 1e6])) or np.allclose(y[y != 0], 1 / (1 - 0.999999))
    assert nn.dropout(np.zeros((0, 3)), p=0.5).shape == (0, 3)


def test_dropout_errors_name_what_was_given():
    x = np.ones(3)
    with pytest.raises(ValueError, match=r"^dropout: p is the probability of dropping an entry "
                                         r"and must satisfy 0 <= p < 1 .*got 1\.0$"):
        nn.dropout(x, p=1.0)
    with pytest.raises(ValueError, match=r"got -0\.1$"):
        nn.dropout(x, p=-0.1)
    with pytest.raises(ValueError, match=r"^dropout: p must be a single number"):
        nn.dropout(x, p=[0.5])
    with pytest.raises(TypeError, match=r"^dropout: training must be True .* got int 1$"):
        nn.dropout(x, p=0.5, training=1)
    with pytest.raises(TypeError, match=r"^dropout: training must be True .* got str 'no'$"):
        nn.dropout(x, p=0.5, training="no")
    with pytest.raises(TypeError, match=r"^dropout: rng must be None"):
        nn.dropout(x, p=0.5, rng=1.5)
    with pytest.raises(ValueError, match=r"^dropout: rng = -1 is a negative seed"):
        nn.dropout(x, p=0.5, rng=-1)
    with pytest.raises(ValueError, match=r"^dropout: p is nan; expected a finite number \(no NaN "
                                         r"or infinity\), e\.g\. 0\.5$"):
        nn.dropout(x, p=np.nan)
    with pytest.raises(TypeError, match=r"^dropout: p must be a number such as 0\.5, got bool "
                                        r"True$"):
        nn.dropout(x, p=True)                                           # not "got 1.0"
    with pytest.raises(ValueError, match=r"^dropout: x holds nan at index \(0,\)"):
        nn.dropout([np.nan], p=0.5)
    with pytest.raises(TypeError, match=r"^dropout: x must be numbers"):
        nn.dropout(None, p=0.5)
    with pytest.raises(TypeError):
        nn.dropout(x, 0.5)                                              # p is keyword-only
    assert nn.dropout(x, p=np.float64(0.5), training=np.bool_(True)).shape == (3,)


def test_the_new_functions_are_public():
    for name in ("l1_penalty", "l1_penalty_gradient", "l2_penalty", "l2_penalty_gradient",
                 "dropout"):
        assert name in nn.__all__


def test_dropout_defaults_to_pytorch_s_p_one_half_and_p_0_draws_nothing():
    y = nn.dropout(np.ones(10_000))                                   # p = 0.5, rng = seed 0
    assert set(np.unique(y)) == {0.0, 2.0} and abs(np.mean(y == 0) - 0.5) < 0.02
    g = np.random.default_rng(8)
    state = g.bit_generator.state
    nn.dropout(np.ones(4), p=0.0, rng=g)
    assert g.bit_generator.state == state                               # the identity draws nothing


def test_penalty_of_a_list_of_layers_hints_to_sum_over_layers():
    layers = [np.ones((10, 16)), np.ones((16, 1))]
    for fn in (nn.l1_penalty, nn.l2_penalty):
        name = fn.__name__
        with pytest.raises(TypeError, match=rf"^{name}: w is a list of 2 arrays of different shapes "
                                            rf"\(\(10, 16\), \(16, 1\)\), one per layer\? .*sum the "
                                            rf"penalty over layers: sum\({name}\(W, lam=lam\) for W "
                                            r"in weights\)$"):
            fn(layers, lam=0.1)
    for fn in (nn.l1_penalty_gradient, nn.l2_penalty_gradient):
        with pytest.raises(TypeError, match=rf"each layer's gradient: \[{fn.__name__}\(W, lam=lam\)"):
            fn(layers, lam=0.1)
    assert nn.l2_penalty([np.ones(3), np.ones(3)], lam=1.0) == 3.0      # same shapes: one array
    assert sum(nn.l2_penalty(Wk, lam=1.0) for Wk in layers) == 88.0


def test_dropout_repeated_calls_need_one_generator():
    """rng=None is seed 0 on every call (the course's convention): the same mask each time, so a
    variance over repeated calls is 0; one Generator passed each time gives new masks."""
    same = [nn.dropout(2.0, p=0.5) for _ in range(200)]
    assert np.var(same) == 0.0
    assert len({tuple(nn.dropout(np.ones(20), p=0.5)) for _ in range(5)}) == 1
    rng = np.random.default_rng(0)
    masks = {tuple(nn.dropout(np.ones(20), p=0.5, rng=rng)) for _ in range(5)}
    assert len(masks) == 5
    values = [nn.dropout(2.0, p=0.5, rng=rng) for _ in range(4000)]
    assert np.var(values) == pytest.approx(4.0, rel=0.1)                # x^2 p / (1 - p)
    doc = " ".join(nn.dropout.__doc__.split()[:80])
    assert "make one Generator and pass it every time" in doc and "the **same** mask" in doc
