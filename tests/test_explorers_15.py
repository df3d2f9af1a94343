"""The explorers of notebook 15: every loss of one prediction against scipy and the defining
formulas (with finite differences for the gradients), the robust fit against np.polyfit and
scipy.optimize, bad input, the readouts' claims, and each explorer at every corner of its sliders
with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import optimize, special

pytest.importorskip("ipympl")

from mathlib.explorers import loss_curves, robust_fit  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


# -- loss_curves -----------------------------------------------------------------------------------

def _reference(z, y):
    """Each loss of one example from scipy / plain numpy, independent of mathlib.nn."""
    t = 2 * y - 1
    p = special.expit(z)
    return {"MSE on the score": (z - t) ** 2,
            "MSE on the probability": (p - y) ** 2,
            "binary cross-entropy": -(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)),
            "hinge": max(0.0, 1.0 - t * z)}


@pytest.mark.parametrize("z", [-6.0, -2.5, -0.3, 0.0, 0.7, 2.0, 6.0])
@pytest.mark.parametrize("y", [0, 1])
def test_losses_against_scipy_and_gradients_against_finite_differences(z, y):
    out = loss_curves.compute(z, y)
    want = _reference(z, y)
    h = 1e-6
    for name in loss_curves.NAMES:
        assert_allclose(out.losses[name], want[name], rtol=1e-12, atol=1e-15)
        if name == "hinge" and abs((2 * y - 1) * z - 1) < 1e-3:
            continue                                   # the kink: no derivative
        fd = (_reference(z + h, y)[name] - _reference(z - h, y)[name]) / (2 * h)
        assert_allclose(out.gradients[name], fd, rtol=1e-5, atol=1e-8)
    assert out.t == 2 * y - 1 and out.p == pytest.approx(special.expit(z))


@pytest.mark.parametrize("y", [0, 1])
def test_curves_are_the_compute_function_on_the_grid(y):
    losses, gradients = loss_curves.curves(y)
    for i in (0, 60, 120, 181, 240):
        out = loss_curves.compute(float(loss_curves.Z_GRID[i]), y)
        for name in loss_curves.NAMES:
            assert_allclose(losses[name][i], out.losses[name], rtol=1e-12, atol=1e-15)
            assert_allclose(gradients[name][i], out.gradients[name], rtol=1e-12, atol=1e-15)


def test_a_confidently_wrong_answer_as_the_notebook_says():
    out = loss_curves.compute(-6.0, 1)
    g = out.gradients
    assert abs(g["MSE on the probability"]) < 0.01                    # vanished
    assert g["binary cross-entropy"] == pytest.approx(-1.0, abs=0.01)
    assert g["hinge"] == -1.0 and out.losses["MSE on the score"] == 49.0
    assert out.losses["MSE on the probability"] < 1.0
    text = loss_curves.readout(out)
    assert "confidently wrong" in text and "almost vanished" in text and "-0.00492" in text
    right = loss_curves.readout(loss_curves.compute(6.0, 1))
    assert "too right" in right and "hinge is 0" in right
    mirror = loss_curves.compute(6.0, 0)
    for name in loss_curves.NAMES:
        assert mirror.losses[name] == pytest.approx(out.losses[name])
        assert mirror.gradients[name] == pytest.approx(-out.gradients[name])


def test_readout_never_prints_minus_zero():
    text = loss_curves.readout(loss_curves.compute(6.0, 1))
    assert "-0<" not in text and "-0 " not in text and "dL/dz = <b>0</b>" in text


def test_on_scale_marks_values_off_the_axes():
    assert loss_curves.on_scale(49.0, loss_curves.LOSS_YLIM, "s") == (loss_curves.LOSS_YLIM[1], "^")
    assert loss_curves.on_scale(-14.0, loss_curves.GRAD_YLIM, "s") == (loss_curves.GRAD_YLIM[0], "v")
    assert loss_curves.on_scale(0.0, loss_curves.LOSS_YLIM, "o") == (0.0, "o")


def test_loss_curves_bad_input():
    with pytest.raises(ValueError, match="must be 0 or 1"):
        loss_curves.compute(0.0, 2)
    with pytest.raises(ValueError):
        loss_curves.compute(np.nan, 1)


def test_loss_curves_explorer_corners_and_readout():
    ex = loss_curves.explorer()
    assert "confidently wrong" in ex.readout.value
    for values in corners(ex):
        out = loss_curves.compute(values["z"], values["y"])
        for name in loss_curves.NAMES:
            assert loss_curves.number(out.losses[name]) in ex.readout.value
    ex.set(z=-6.0, y=1)
    ax = ex.fig.axes[0]
    marker = next(a for a in ex.animated if a.axes is ax and a.get_marker() == "^")
    assert marker.get_ydata()[0] == loss_curves.LOSS_YLIM[1]          # 49 is off the scale


def test_explorers_of_15_honest_at_every_corner():
    assert honest_at_corners(loss_curves.explorer()) == []
    assert honest_at_corners(robust_fit.explorer()) == []


# -- robust_fit ------------------------------------------------------------------------------------

def test_flowers_are_iris_versicolor():
    x, y = robust_fit.flowers()
    assert x.shape == y.shape == (12,) and x[robust_fit.MOVED] == x.max() == 4.9
    assert y[robust_fit.MOVED] == 1.5


@pytest.mark.parametrize("value, delta", [(1.5, 0.2), (10.0, 0.2), (0.0, 0.05), (10.0, 0.05),
                                          (6.0, 1.0), (10.0, 20.0)])
def test_fits_against_polyfit_and_scipy(value, delta):
    x, y = robust_fit.flowers()
    out = robust_fit.compute(x, y, value, delta)
    assert out.y[robust_fit.MOVED] == value
    assert_allclose(out.mse_line, np.polyfit(x, out.y, 1), rtol=1e-10, atol=1e-12)
    assert_allclose(out.measured_line, np.polyfit(x, y, 1), rtol=1e-10, atol=1e-12)

    def total(wb):
        return np.sum(robust_fit.huber(out.y - (wb[0] * x + wb[1]), delta))
    best = optimize.minimize(total, x0=np.polyfit(x, y, 1), method="Nelder-Mead",
                             options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 40000})
    assert total(out.huber_line) <= best.fun + 1e-10
    assert_allclose(out.huber_line, best.x, atol=1e-5)


def test_huber_is_pytorch_s_formula_and_its_pull_its_derivative():
    r = np.linspace(-5, 5, 101)
    for delta in (0.3, 1.0, 2.5):
        want = np.where(np.abs(r) < delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta))
        assert_allclose(robust_fit.huber(r, delta), want, rtol=1e-12)
        h = 1e-6
        fd = (robust_fit.huber(r + h, delta) - robust_fit.huber(r - h, delta)) / (2 * h)
        assert_allclose(robust_fit.huber_pull(r, delta), fd, atol=1e-6)


def test_the_notebook_s_prompt_holds():
    """Width 10: the MSE slope goes to about 2.2, the Huber slope stays near 0.3-0.4; with delta
    20 the Huber line is the MSE line."""
    x, y = robust_fit.flowers()
    out = robust_fit.compute(x, y, 10.0, 0.2)
    assert out.measured_line[0] == pytest.approx(0.31, abs=0.005)
    assert out.mse_line[0] == pytest.approx(2.2, abs=0.05)
    assert 0.3 <= out.huber_line[0] <= 0.4
    same = robust_fit.compute(x, y, 10.0, 20.0)
    assert_allclose(same.huber_line, same.mse_line, rtol=1e-12)
    assert same.largest_mse_residual < 20.0
    assert "its line is the MSE line" in robust_fit.readout(same, 10.0, 20.0, 1.5)
    assert "its line is the MSE line" not in robust_fit.readout(
        robust_fit.compute(x, y, 10.0, 5.0), 10.0, 5.0, 1.5)          # a residual is above 5
    assert "caps its pull" in robust_fit.readout(out, 10.0, 0.2, 1.5)


def test_robust_fit_bad_input():
    x, y = robust_fit.flowers()
    with pytest.raises(ValueError, match="delta must be > 0"):
        robust_fit.compute(x, y, 1.0, 0.0)


def test_robust_fit_explorer_corners_and_readout():
    ex = robust_fit.explorer()
    x, y = robust_fit.flowers()
    for values in corners(ex):
        out = robust_fit.compute(x, y, values["value"], values["delta"])
        assert f"{out.mse_line[0]:.3f}" in ex.readout.value
        assert f"{out.huber_line[0]:.3f}" in ex.readout.value
