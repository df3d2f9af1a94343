"""The explorers of notebook 14: the activations' values and derivatives against scipy, numpy and
finite differences; the ReLU network's pieces against a direct evaluation and its slopes against
finite differences; bad input; each explorer at every corner of its controls with warnings as
errors, and its picture honest there."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special

pytest.importorskip("ipympl")

from mathlib.explorers import activations, relu_pieces  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


# -- activations -----------------------------------------------------------------------------------

_REFERENCE = {
    "ReLU": (lambda x: np.maximum(0.0, x), lambda x: (x > 0).astype(float)),
    "leaky ReLU": (lambda x: np.maximum(0.0, x) + 0.1 * np.minimum(0.0, x),   # torch LeakyReLU
                   lambda x: np.where(x > 0, 1.0, 0.1)),
    "sigmoid": (special.expit, lambda x: special.expit(x) * special.expit(-x)),
    "tanh": (np.tanh, lambda x: 1.0 / np.cosh(x) ** 2),
}


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
@pytest.mark.parametrize("centre, half_width", [(0.0, 1.0), (-8.0, 2.0), (8.0, 2.0), (3.3, 0.1)])
def test_activation_against_references(name, centre, half_width):
    out = activations.compute(name, centre, half_width)
    f, df = _REFERENCE[name]
    assert_allclose(out.x, np.linspace(centre - half_width, centre + half_width, 201))
    assert_allclose(out.f, f(out.x), rtol=1e-12, atol=1e-300)
    assert_allclose(out.derivative, df(out.x), rtol=1e-9, atol=1e-300)
    assert_allclose(out.f_centre, f(np.array(centre)), rtol=1e-12, atol=1e-300)
    assert out.smallest == out.derivative.min() and out.largest == out.derivative.max()
    assert_allclose(out.mean, out.derivative.mean())
    assert out.small_share == np.mean(out.derivative < activations.SMALL)
    assert_allclose(out.through_layers, out.largest ** 10)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_smooth_derivatives_match_finite_differences(name):
    out = activations.compute(name, 0.7, 2.0)
    f = activations.ACTIVATIONS[name][0]
    h = 1e-6
    assert_allclose((f(out.x + h) - f(out.x - h)) / (2 * h), out.derivative, atol=1e-8)


def test_saturation_and_death_are_told():
    out = activations.compute("sigmoid", 8.0, 2.0)
    assert out.small_share == 1.0 and out.largest < 0.01
    assert "Saturated" in activations.verdict("sigmoid", out)
    out = activations.compute("ReLU", -8.0, 2.0)
    assert out.largest == 0.0 and out.through_layers == 0.0
    assert "Dead" in activations.verdict("ReLU", out)
    out = activations.compute("leaky ReLU", -8.0, 2.0)
    assert out.smallest == 0.1 and "never 0" in activations.verdict("leaky ReLU", out)
    out = activations.compute("sigmoid", 0.0, 1.0)
    assert_allclose(out.largest, 0.25) and out.through_layers <= 0.25 ** 10


def test_activation_bad_input():
    with pytest.raises(ValueError, match="activation must be one of"):
        activations.compute("softplus", 0.0, 1.0)
    with pytest.raises(ValueError, match="half_width >= 0"):
        activations.compute("ReLU", 0.0, -1.0)
    with pytest.raises(ValueError):
        activations.compute("ReLU", np.nan, 1.0)


def test_activations_explorer_corners_and_readout():
    ex = activations.explorer()
    assert "sigmoid" in ex.readout.value and "0.25" in ex.readout.value
    for values in corners(ex):
        out = activations.compute(values["activation"], values["centre"], values["half_width"])
        assert f"{out.largest:.3g}" in ex.readout.value
        assert f"{out.through_layers:.3g}" in ex.readout.value
    ex.set(activation="ReLU", centre=-8.0, half_width=2.0)
    assert "Dead" in ex.readout.value
    ex.reset()
    assert ex.values == {"activation": "sigmoid", "centre": 0.0, "half_width": 1.0}


def test_activations_explorer_is_honest_at_its_corners():
    assert honest_at_corners(activations.explorer()) == []


# -- relu_pieces -------------------------------------------------------------------------------------

def _direct(x, w, b, v):
    return sum(vj * np.maximum(wj * x + bj, 0.0) for wj, bj, vj in zip(w, b, v))


@pytest.mark.parametrize("b, v, w", [
    ((1.0, 0.0, -1.0), (1.0, -2.0, 1.0), (1.0, 1.0, 1.0)),
    ((-2.5, 0.3, 2.5), (2.0, -1.5, 0.7), (1.0, 1.0, 1.0)),
    ((0.5, -1.0, 2.0), (1.0, 1.0, -1.0), (-1.0, 2.0, 0.5)),
])
def test_pieces_against_a_direct_evaluation_and_finite_differences(b, v, w):
    out = relu_pieces.compute(b, v, hidden_weights=w)
    x = relu_pieces.XS
    assert_allclose(out.output, _direct(x, w, b, v), atol=1e-12)
    assert_allclose(out.units.sum(axis=0), out.output)
    assert_allclose(np.unique(-np.array(b) / np.array(w)), out.kinks)
    # the slope of each piece: a finite difference at a point inside it
    edges = np.concatenate([[-50.0], out.kinks, [50.0]])
    for k, slope in enumerate(out.slopes):
        t = 0.5 * (edges[k] + edges[k + 1])
        h = 1e-4
        numeric = (_direct(t + h, w, b, v) - _direct(t - h, w, b, v)) / (2 * h)
        assert_allclose(numeric, slope, atol=1e-8)


def test_coinciding_kinks_count_once():
    out = relu_pieces.compute((1.0, 1.0, -1.0), (1.0, -1.0, 2.0))
    assert_allclose(out.kinks, [-1.0, 1.0])
    assert_allclose(out.slopes, [0.0, 0.0, 2.0])
    assert out.groups == ((0, 1), (2,))
    text = relu_pieces.readout(out)
    # no unit has v = 0: units 1 and 2 share the kink at -1 and their v's cancel
    assert "Only 1 of the 2 kinks bends f (units 1 and 2 share the kink at x = -1.00 and their " \
           "v's add up to 0), so f has 2 straight pieces" in text, text
    assert "v = 0" not in text and "each kink adds the v of its unit(s)" in text


def test_the_readout_says_why_a_kink_does_not_bend_f():
    text = relu_pieces.readout(relu_pieces.compute((1.0, 0.0, -1.0), (1.0, 0.0, 1.0)))
    assert "Only 2 of the 3 kinks bend f (unit 2 has v = 0), so f has 3 straight pieces" in text
    text = relu_pieces.readout(relu_pieces.compute((0.5, 0.5, 0.5), (1.0, -1.5, 0.5)))
    assert "No kink bends f (units 1, 2 and 3 share the kink at x = -0.50 and their v's add up " \
           "to 0): f is the constant 0" in text, text
    assert "Every v is 0" in relu_pieces.readout(relu_pieces.compute((1, 2, 3), (0, 0, 0)))


def test_pieces_bad_input():
    with pytest.raises(ValueError, match="one entry per hidden unit"):
        relu_pieces.compute((1.0, 2.0), (1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="hidden weight of 0"):
        relu_pieces.compute((1.0,), (1.0,), hidden_weights=(0.0,))


def test_relu_pieces_explorer_corners_and_readout():
    ex = relu_pieces.explorer()
    assert "0, 1, -1, 0" in ex.readout.value and "4 straight pieces" in ex.readout.value
    for values in corners(ex):
        out = relu_pieces.compute([values[f"b{j}"] for j in (1, 2, 3)],
                                  [values[f"v{j}"] for j in (1, 2, 3)])
        assert relu_pieces.slope_text(out.slopes) in ex.readout.value
        assert ("leaves the window" in ex.readout.value) == (out.low < -4 or out.high > 4)
    ex.set(v1=0.0, v2=0.0, v3=0.0)
    assert "constant 0" in ex.readout.value


def test_relu_pieces_explorer_is_honest_at_its_corners():
    assert honest_at_corners(relu_pieces.explorer()) == []
