"""The explorers of notebook 08: gradient descent against the closed form and a plain loop, the
regime classifier, bad input, every control at its extremes without an error or a RuntimeWarning,
and a click on the contour plot setting the start. Tolerance: iterates to rtol 1e-12."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import gd_1d, gd_2d  # noqa: E402
from mathlib.plotting import use_course_style  # noqa: E402


@pytest.fixture(autouse=True)
def course_style():
    use_course_style()


# -- gd_1d.compute ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lr", [0.001, 0.1, 0.25, 0.3, 0.45])
def test_quadratic_follows_the_closed_form(lr):
    out = gd_1d.compute("quadratic", lr, 1.5, 40)
    k = np.arange(41)
    assert_allclose(out["path"], (1 - lr * gd_1d.A) ** k * 1.5, rtol=1e-12, atol=1e-300)
    assert out["factor"] == pytest.approx(1 - lr * gd_1d.A)
    assert_allclose(out["loss"], 0.5 * gd_1d.A * out["path"] ** 2, rtol=1e-12)


def test_regimes_of_the_quadratic_match_the_thresholds():
    assert gd_1d.compute("quadratic", 0.001, 1.8, 30)["regime"] == "too small"
    assert gd_1d.compute("quadratic", 0.1, 1.8, 30)["regime"] == "converging"
    assert gd_1d.compute("quadratic", 0.4, 1.8, 30)["regime"] == "oscillating"   # 1/a < lr < 2/a
    out = gd_1d.compute("quadratic", 0.6, 1.8, 30)                                # lr > 2/a
    assert out["regime"] == "diverged" and out["diverged"]
    assert np.all(np.abs(out["path"]) <= gd_1d.BOUND)
    # 1.8 * 1.4^k first exceeds the bound at k = 6: the path keeps the 6 steps inside it
    assert out["stopped_at"] == int(np.ceil(np.log(gd_1d.BOUND / 1.8) / np.log(1.4))) - 1


def test_double_well_against_a_plain_loop_and_numpy_roots():
    out = gd_1d.compute("two minima", 0.05, 1.8, 100)
    w, loop = 1.8, [1.8]
    for _ in range(100):
        w = w - 0.05 * (4 * w ** 3 - 4 * w + 0.5)
        loop.append(w)
    assert_allclose(out["path"], loop, rtol=1e-12)
    roots = np.sort(np.roots([4, 0, -4, 0.5]).real)
    assert out["path"][-1] == pytest.approx(roots[2], abs=1e-9)      # the local minimum
    assert gd_1d.compute("two minima", 0.05, -0.5, 100)["path"][-1] == pytest.approx(roots[0])
    assert out["gap"][-1] == pytest.approx(out["loss"][-1] - gd_1d.CURVES["two minima"][3])


def test_regime_classifier():
    flat = np.zeros((3, 1))
    assert gd_1d.regime(np.array([[1.0], [0.5], [0.25]]), np.array([[1.0], [0.5], [1e-4]]),
                        False) == "converging"
    assert gd_1d.regime(np.array([[1.0], [-0.5], [0.25]]), flat + 1, False) == "oscillating"
    assert gd_1d.regime(np.array([[1.0], [0.99], [0.98]]), flat + 1, False) == "too small"
    assert gd_1d.regime(np.array([[1.0]]), np.array([[1.0]]), True) == "diverged"


def test_bad_input():
    with pytest.raises(ValueError, match="gd_1d.compute: curve must be one of"):
        gd_1d.compute("cubic", 0.1, 1.0, 10)
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        gd_1d.compute("quadratic", 0.0, 1.0, 10)
    with pytest.raises(ValueError, match="gd_1d.compute: w0 holds nan"):
        gd_1d.compute("quadratic", 0.1, np.nan, 10)
    with pytest.raises(ValueError, match="gd_2d.compute: function must be one of"):
        gd_2d.compute("sphere", 0.1, 0.0, 0.0, 10)
    with pytest.raises(ValueError, match="gd_2d.explorer: function must be one of"):
        gd_2d.explorer(function="sphere")


# -- gd_2d.compute ---------------------------------------------------------------------------------
def test_narrow_bowl_per_coordinate_closed_form():
    out = gd_2d.compute("narrow bowl", 0.15, -2.0, 1.5, 30)
    k = np.arange(31)[:, None]
    assert_allclose(out["path"], (1 - 0.15 * np.array([1.0, 10.0])) ** k * [-2.0, 1.5],
                    rtol=1e-12, atol=1e-300)
    assert_allclose(out["loss"], 0.5 * (out["path"][:, 0] ** 2 + 10 * out["path"][:, 1] ** 2),
                    rtol=1e-12)
    assert gd_2d.compute("narrow bowl", 0.21, -2.0, 1.5, 200)["diverged"]   # lr > 2/10


def test_rosenbrock_against_a_plain_loop():
    out = gd_2d.compute("Rosenbrock", 1e-3, -1.5, 2.0, 50)
    p, loop = np.array([-1.5, 2.0]), [np.array([-1.5, 2.0])]
    for _ in range(50):
        x, y = p
        p = p - 1e-3 * np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        loop.append(p)
    assert_allclose(out["path"], loop, rtol=1e-12)
    assert out["regime"] == "too small"


def test_saddle_start_on_the_axis_reaches_the_saddle_point_and_off_it_escapes():
    on = gd_2d.compute("saddle", 0.05, 1.5, 0.0, 200)
    assert on["regime"] == "converging" and np.allclose(on["path"][-1], 0, atol=1e-8)
    off = gd_2d.compute("saddle", 0.05, 1.5, 0.5, 200)
    assert off["diverged"] and np.all(np.sqrt(np.sum(off["path"] ** 2, axis=1)) <= gd_2d.BOUND)
    assert gd_2d.lowest_value("saddle") == -6.25


def test_contour_lines_lie_on_their_levels():
    for name, objective in gd_2d.FUNCTIONS.items():
        segments, heights = gd_2d.contour_lines(name)
        assert len(segments) == len(heights) > 5
        for seg, h in zip(segments[::7], heights[::7]):
            values = objective.f(seg)
            assert np.median(np.abs(values - h)) < 0.05 * max(1.0, abs(h)), name


def test_snap_keeps_clicks_on_the_slider_grid():
    assert gd_2d.snap(0.123) == pytest.approx(0.1)
    assert gd_2d.snap(9.0) == gd_2d.START_RANGE[1]
    assert gd_2d.snap(-9.0) == gd_2d.START_RANGE[0]


# -- the explorers ------------------------------------------------------------------------------------
def test_gd_1d_at_every_corner():
    ex = gd_1d.explorer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for curve, lr, w0, steps in itertools.product(
                gd_1d.CURVES, (*gd_1d.LR_RANGE, 0.25, 0.5), (*gd_1d.W_RANGE, 0.0),
                (0, 1, gd_1d.MAX_STEPS)):
            ex.set(curve=curve, learning_rate=lr, w0=w0, steps=steps)
            text = ex.readout.value
            assert "steps" in text or "step" in text
    assert ex.last_error is None


def test_gd_1d_readout_names_the_numbers():
    ex = gd_1d.explorer()
    ex.set(curve="quadratic", learning_rate=0.6, w0=1.8, steps=30)
    assert "diverged after 6 steps (|w| &gt; 10)" in ex.readout.value
    assert "lr &gt; 2/a = 0.5" in ex.readout.value
    ex.set(learning_rate=0.4)
    assert "regime: <b>oscillating</b>" in ex.readout.value and "0.25" in ex.readout.value
    ex.set(curve="two minima", learning_rate=0.05, w0=1.8, steps=100)
    assert "the higher (local) minimum" in ex.readout.value


def test_gd_2d_at_every_corner():
    ex = gd_2d.explorer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for function, lr, steps, x0, y0 in itertools.product(
                gd_2d.FUNCTIONS, gd_2d.LR_RANGE, (0, 1, gd_2d.MAX_STEPS), gd_2d.START_RANGE,
                (*gd_2d.START_RANGE, 0.0)):
            ex.set(function=function, learning_rate=lr, steps=steps, x0=x0, y0=y0)
            assert "regime" in ex.readout.value
    assert ex.last_error is None


def test_gd_2d_readout_and_click():
    ex = gd_2d.explorer()
    assert "regime: <b>converging</b>" in ex.readout.value
    assert "the global minimum" in ex.readout.value
    ex.set(function="two minima", learning_rate=0.05, steps=200)
    ex.png()                                       # lay the figure out, so clicks land in the axes
    ax = ex.fig.axes[0]
    x, y = ax.transData.transform((1.52, 0.98))
    event = MouseEvent("button_press_event", ex.fig.canvas, x, y, button=1)
    ex.fig.canvas.callbacks.process("button_press_event", event)
    assert ex.values["x0"] == pytest.approx(1.5) and ex.values["y0"] == pytest.approx(1.0)
    assert "a local minimum, not the global one" in ex.readout.value
    outside = MouseEvent("button_press_event", ex.fig.canvas, 2, 2, button=1)
    ex.fig.canvas.callbacks.process("button_press_event", outside)   # not on the map: ignored
    assert ex.values["x0"] == pytest.approx(1.5)
    ex.set(function="narrow bowl", learning_rate=0.3)
    assert "diverged after" in ex.readout.value and "(‖x‖ &gt; 10)" in ex.readout.value
