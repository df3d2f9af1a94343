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

from mathlib import nn  # noqa: E402
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


def test_vanished_only_where_it_has_and_the_share_is_right():
    """"almost vanished" only below 10% of the largest push (8/27 at z = -ln 2); at z = -2 the
    gradient is 62% of it, and the readout says so."""
    z = np.linspace(-6, 6, 12001)
    largest = np.max(np.abs(loss_curves.curves(1)[1]["MSE on the probability"]))
    assert largest == pytest.approx(loss_curves.MSE_PROB_LARGEST_PUSH, rel=1e-4)   # a grid
    assert abs(z[np.argmax(np.abs(2 * (special.expit(z) - 1) * special.expit(z)
                                  * special.expit(-z)))] + np.log(2)) < 1e-3
    for y, sign in ((1, 1), (0, -1)):
        at2 = loss_curves.readout(loss_curves.compute(-2.0 * sign, y))
        assert "almost vanished" not in at2 and f"gradient ({sign * -0.185:g})" in at2
        assert "62% of its largest push (0.296" in at2
        assert "almost vanished (1.7% of its largest push" in loss_curves.readout(
            loss_curves.compute(-6.0 * sign, y))
    for zz in np.arange(-6.0, -1.99, 0.05):
        out = loss_curves.compute(zz, 1)
        small = abs(out.gradients["MSE on the probability"]) < 0.1 * largest
        assert ("almost vanished" in loss_curves.readout(out)) == small, zz


def test_at_the_margin_says_so_and_names_the_convention():
    for z, y in ((1.0, 1), (-1.0, 0)):
        text = loss_curves.readout(loss_curves.compute(z, y))
        assert "At the margin (t z = 1)" in text and "Beyond" not in text
        assert "takes its gradient to be 0" in text and "too right" not in text
    beyond = loss_curves.readout(loss_curves.compute(1.05, 1))
    assert "Beyond the margin" in beyond and "too right" in beyond
    assert "Inside the margin" in loss_curves.readout(loss_curves.compute(0.95, 1))


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
        return nn.huber(wb[0] * x + wb[1], out.y, delta=delta)
    best = optimize.minimize(total, x0=np.polyfit(x, y, 1), method="Nelder-Mead",
                             options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 40000})
    assert total(out.huber_line) <= best.fun + 1e-12
    assert_allclose(out.huber_line, best.x, atol=1e-5)


def test_pulls_are_minus_each_term_s_derivative_r_and_clip_r():
    """The convention: r = y - y_hat, pull = -d loss_i / d y_hat_i, r for (y_hat - y)^2 / 2 and
    clip(r, -delta, delta) for Huber (finite differences of each flower's own term)."""
    x, y = robust_fit.flowers()
    y = y.copy()
    y[robust_fit.MOVED] = 7.0
    line = (0.5, -0.6)
    r = y - (line[0] * x + line[1])
    assert_allclose(robust_fit.pulls(x, y, line), r, rtol=1e-14)
    for delta in (0.1, 0.6, 30.0):
        assert_allclose(robust_fit.pulls(x, y, line, delta), np.clip(r, -delta, delta), rtol=1e-14)
        h = 1e-6
        for i in (0, robust_fit.MOVED):
            term = lambda pred: float(special.huber(delta, pred - y[i]))      # noqa: E731
            pred = line[0] * x[i] + line[1]
            fd = (term(pred + h) - term(pred - h)) / (2 * h)
            assert robust_fit.pulls(x, y, line, delta)[i] == pytest.approx(-fd, abs=1e-6)


def test_readout_shows_each_pull_and_slope_shift_not_a_share():
    """The readout's numbers grow with the outlier under MSE and stay put under Huber."""
    x, y = robust_fit.flowers()
    seen = {}
    for value in (4.0, 10.0):
        out = robust_fit.compute(x, y, value, 0.2)
        text = robust_fit.readout(out, value, 0.2, 1.5)
        assert "share" not in text and "%" not in text
        assert "r = y - y_hat" in text and "-d loss / d y_hat" in text
        assert f"pull <b>{out.mse_residual:.2f}</b> cm" in text          # MSE: pull = r
        assert "pull <b>0.20</b> cm" in text                             # Huber: capped
        assert f"(moved by <b>{out.mse_shift:+.3f}</b>)" in text
        assert f"(moved by <b>{out.huber_shift:+.3f}</b>)" in text
        seen[value] = out
    assert seen[10.0].mse_shift > 3 * seen[4.0].mse_shift > 1.5
    assert seen[10.0].huber_shift == pytest.approx(seen[4.0].huber_shift, abs=1e-6)
    assert 0 < seen[10.0].huber_shift < 0.1
    wide = robust_fit.compute(x, y, 10.0, 1.0)                          # the review's case
    assert wide.mse_shift > 6 * wide.huber_shift > 0
    assert "+0.000" in robust_fit.readout(robust_fit.compute(x, y, 1.5, 0.2), 1.5, 0.2, 1.5)


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


def test_the_typing_slip_example_is_within_the_slider_and_the_notebook_s_words_hold():
    import json
    import re
    from pathlib import Path
    nb = json.loads(Path(__file__).parents[1].joinpath("notebooks", "15_loss_functions.ipynb")
                    .read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    for where in (text, robust_fit.__doc__):
        typed = [float(v) for v in re.findall(r"\(([0-9.]+)\s+typed\s+for\s+1\.5\)", where)]
        assert typed and all(robust_fit.VALUE_RANGE[0] <= v <= robust_fit.VALUE_RANGE[1]
                             for v in typed)
    assert "(notebook 12)" not in text                   # the median is shown in notebook 15
    assert "independent given the" in text               # the likelihood's condition
    assert "(the gradient)" not in text and "r = y - \\hat y" in text   # one convention
    x, y = robust_fit.flowers()
    out = robust_fit.compute(x, y, 10.0, 0.2)
    assert round(out.mse_shift, 2) == 1.85 and out.huber_shift < 0.1   # "+1.85", "less than 0.1"
