"""The explorer of notebook 20: the forward and backward pass against finite differences and
mathlib.nn's activations, the variance laws the notebook derives (Xavier's g = 1 keeps a linear
network's signal, He's g = sqrt 2 a ReLU network's, g = 1 with ReLU halves the second moment per
layer), the histograms against numpy's, the readout, and the explorer at every corner of its
controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib import nn  # noqa: E402
from mathlib.explorers import deep_signal as ds  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


@pytest.mark.parametrize("activation, f", [("tanh", nn.tanh), ("ReLU", nn.relu),
                                           ("sigmoid", nn.sigmoid), ("linear", lambda z: z)])
def test_forward_uses_the_activation_and_backward_is_the_chain_rule(activation, f):
    rng = np.random.default_rng(0)
    X, G = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    Ws = [rng.standard_normal((4, 4)) * 0.7, rng.standard_normal((4, 4)) * 0.7,
          rng.standard_normal((4, 3)) * 0.7]
    hs, grads = ds.forward_backward(X, Ws, G, activation)
    h = X
    for W, got in zip(Ws, hs):
        h = f(h @ W)
        assert_allclose(got, h, rtol=1e-12, atol=1e-15)
    assert grads[-1] is G and [g.shape for g in grads] == [(5, 4), (5, 4), (5, 3)]

    def loss_from(h1):          # L = sum(G * h_3) as a function of h_1
        for W in Ws[1:]:
            h1 = f(h1 @ W)
        return np.sum(G * h1)

    eps, h1 = 1e-6, hs[0]
    fd = np.zeros_like(h1)
    for idx in np.ndindex(h1.shape):
        up, down = h1.copy(), h1.copy()
        up[idx] += eps
        down[idx] -= eps
        fd[idx] = (loss_from(up) - loss_from(down)) / (2 * eps)
    assert_allclose(grads[0], fd, rtol=1e-5, atol=1e-7)


def test_the_variance_laws_of_the_notebook():
    """Width 64, 20 layers: Xavier (g = 1) keeps a linear network's RMS, He (g = sqrt 2) a ReLU
    network's; ReLU with g = 1 loses a factor 1/sqrt 2 per layer; small g vanishes as g^l."""
    lin = ds.compute(20, 64, 1.0, "linear")
    assert 0.9 < lin.act_factor < 1.1 and 0.9 < lin.grad_factor < 1.1
    he = ds.compute(20, 64, np.sqrt(2), "ReLU")
    assert 0.93 < he.act_factor < 1.07 and 0.93 < he.grad_factor < 1.07
    half = ds.compute(20, 64, 1.0, "ReLU")
    assert abs(half.act_factor - 1 / np.sqrt(2)) < 0.05
    assert abs(half.grad_factor - 1 / np.sqrt(2)) < 0.05
    small = ds.compute(20, 64, 0.5, "tanh")          # tanh ~ linear near 0: a factor g per layer
    assert abs(small.act_factor - 0.5) < 0.03 and abs(small.grad_factor - 0.5) < 0.03
    big = ds.compute(20, 64, 4.0, "tanh")            # saturated: f' ~ 0 for most units
    assert big.saturated > 0.3 and big.act_rms[-1] > 0.8
    assert he.act_zero == pytest.approx(0.5, abs=0.03) and lin.act_zero == 0


def test_linear_network_is_exactly_g_to_the_depth():
    """Linear layers: h_l(g) = g^l h_l(1) exactly, so the RMS ratio of two gains is (g1/g2)^l."""
    a, b = ds.compute(12, 16, 0.5, "linear"), ds.compute(12, 16, 1.0, "linear")
    assert_allclose(a.act_rms / b.act_rms, 0.5 ** np.arange(1, 13), rtol=1e-10)
    assert_allclose(a.grad_rms / b.grad_rms, 0.5 ** np.arange(11, -1, -1), rtol=1e-10)


def test_histograms_agree_with_numpy():
    rng = np.random.default_rng(3)
    layers = rng.standard_normal((3, 500)) * np.array([[1e-3], [1.0], [1e3]])
    layers[0, :7] = 0.0
    layers[2, 0] = 1e20                                      # beyond 1e12: the last bin
    counts, zero, clipped = ds.histograms(layers)
    for row, c in zip(layers, counts):
        a = np.abs(row[row != 0])
        ref, _ = np.histogram(np.clip(np.log10(a), -12, 11.999), bins=ds.EDGES_LOG10)
        assert np.array_equal(c, ref)
    assert zero == pytest.approx(7 / 1500) and clipped == pytest.approx(1 / 1493)
    assert counts.shape == (3, ds.NBINS) and counts.sum() == 1493


def test_ridges_put_each_layer_on_its_row():
    hist = np.zeros((2, ds.NBINS), dtype=int)
    hist[0, 10], hist[1, 20], hist[1, 21] = 4, 2, 1
    x, y = ds.ridges(hist)
    assert len(x) == len(y) == 2 * (2 * ds.NBINS + 1)
    assert np.nanmax(y[:2 * ds.NBINS]) == pytest.approx(1 + ds.RIDGE)
    assert np.nanmax(y[2 * ds.NBINS + 1:]) == pytest.approx(2 + ds.RIDGE)
    assert np.nanmin(y[2 * ds.NBINS + 1:]) == 2.0
    assert np.isnan(y[2 * ds.NBINS]) and np.isnan(x[-1])


def test_same_width_and_gain_give_the_same_network():
    a, b = ds.compute(5, 16, 1.3, "tanh"), ds.compute(5, 16, 1.3, "tanh")
    assert np.array_equal(a.act_rms, b.act_rms) and np.array_equal(a.grad_hist, b.grad_hist)
    deeper = ds.compute(8, 16, 1.3, "tanh")              # the first layers are the same layers
    assert np.array_equal(deeper.act_rms[:5], a.act_rms)


def test_readout_names_the_init_and_the_numbers():
    text = ds.readout(ds.compute(10, 64, 1.0, "tanh"))
    assert "Xavier's variance" in text and "saturated" in text and "per layer" in text
    text = ds.readout(ds.compute(10, 64, 2 ** 0.5, "ReLU"))
    assert "He's variance" in text and "exactly 0" in text and "saturated" not in text
    text = ds.readout(ds.compute(20, 64, 0.25, "linear"))
    assert "outside 1e-12 .. 1e12" in text and "0.25^19" not in text
    one = ds.readout(ds.compute(1, 4, 2.0, "sigmoid"))
    assert "1 layer of width 4" in one and "per layer" not in one and "nan" not in one


def test_bad_input():
    with pytest.raises(ValueError, match="depth = 21 is out of range"):
        ds.compute(21, 16, 1.0, "tanh")
    with pytest.raises(ValueError, match="gain must be > 0"):
        ds.compute(3, 16, 0.0, "tanh")
    with pytest.raises(ValueError, match="activation must be one of"):
        ds.compute(3, 16, 1.0, "relu")
    with pytest.raises(TypeError, match="depth must be a whole number"):
        ds.compute(3.0, 16, 1.0, "tanh")


def test_explorer_corners_and_readout():
    ex = ds.explorer()
    assert "Xavier" in ex.readout.value
    for values in corners(ex):
        out = ds.compute(values["depth"], values["width"], values["gain"], values["activation"])
        assert f"layer {out.depth}" in ex.readout.value
        ridge = ex.animated[0]
        assert np.sum(~np.isnan(ridge.get_ydata())) == out.depth * 2 * ds.NBINS


def test_explorer_honest_at_every_corner():
    assert honest_at_corners(ds.explorer()) == []


def test_rms_off_the_axis_is_a_triangle_not_a_dot():
    """An RMS below 1e-12 or above 1e12 is drawn as a triangle near the edge it passes (never a
    dot, which would look like an ordinary value standing in a column), and the readout and
    the legend say so."""
    marks = ds.rms_marks(np.array([1e-20, 0.0, 1e-12, 1.0, 1e12, 1e15]))
    assert_allclose(marks["dots"][0], [-12.0, 0.0, 12.0])
    assert list(marks["dots"][1]) == [3, 4, 5]
    assert list(marks["low"][1]) == [1, 2] and list(marks["high"][1]) == [6]
    assert np.all(marks["low"][0] == ds.OFF_X[0]) and np.all(marks["high"][0] == ds.OFF_X[1])
    assert ds.XLIM[0] < ds.OFF_X[0] < ds.LOG10_RANGE[0] < ds.LOG10_RANGE[1] < ds.OFF_X[1] < ds.XLIM[1]

    ex = ds.explorer()
    ex.set(depth=20, width=16, gain=0.25, activation="ReLU")
    out = ds.compute(20, 16, 0.25, "ReLU")
    low_act = int(np.sum(out.act_rms < 1e-12))
    assert low_act > 0
    left = {a.get_marker(): a for a in ex.animated if a.axes is ex.fig.axes[0]}
    dots, low, high = left["o"], left["<"], left[">"]
    assert len(low.get_xdata()) == low_act and len(high.get_xdata()) == 0
    assert len(dots.get_xdata()) == 20 - low_act and np.all(np.asarray(dots.get_xdata()) >= -12)
    assert f"Activations' RMS off the axis: {low_act} layers below 1e-12 (◀" in ex.readout.value
    legend = " ".join(t.get_text() for leg in ex.fig.legends for t in leg.get_texts())
    assert "off the axis" in legend and "triangle" in legend
    ex.set(depth=20, width=64, gain=4.0, activation="linear")
    assert len(high.get_xdata()) == 1 and "above 1e12 (▶" in ex.readout.value
    ex.set(depth=10, width=64, gain=1.0, activation="tanh")
    assert "off the axis" not in ex.readout.value


def test_readout_power_agrees_with_the_factor_it_shows():
    """The factor is shown to 4 digits and its power with ≈: the shown factor to the power
    L - 1 is the shown product to within the rounding of both (1.51^9 = 40.8, not 41.7)."""
    import re

    for setting in [(10, 16, 1.6, "tanh"), (10, 4, 2.5, "ReLU"), (20, 64, 0.8, "linear"),
                    (20, 16, 1.41, "ReLU")]:
        text = ds.readout(ds.compute(*setting))
        m = re.search(r"a factor ([\d.]+) per layer going down: over (\d+) layers "
                      r"([\d.]+)\^(\d+) ≈ ([\d.e+-]+)\)", text)
        assert m, text
        factor, power, shown = float(m.group(3)), int(m.group(4)), float(m.group(5))
        assert m.group(1) == m.group(3) and len(m.group(1).replace("0.", "").lstrip("0")) >= 3
        assert factor ** power == pytest.approx(shown, rel=0.01 + power * 6e-4 / factor)
