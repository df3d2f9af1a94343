"""The explorers of notebook 06: their compute functions against hand derivatives, scipy and
mathlib.calculus, bad input, and each explorer at every corner of its controls with warnings as
errors."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib import calculus  # noqa: E402
from mathlib.explorers import gradient_field, secant, step_error  # noqa: E402

differentiate = pytest.importorskip("scipy.differentiate")


# -- secant -----------------------------------------------------------------------------------------

def test_secant_derivative_against_scipy_and_calculus():
    xs = np.linspace(-2.5, 2.5, 11)
    ref = differentiate.derivative(secant.f, xs).df
    assert_allclose(secant.f_prime(xs), ref, rtol=1e-10, atol=1e-12)
    for x in xs:
        assert secant.f_prime(x) == pytest.approx(calculus.derivative(secant.f, x), rel=1e-8,
                                                  abs=1e-9)


def test_secant_compute_by_hand_and_convergence():
    out = secant.compute(0.5, 0.1)
    f0, f1 = np.sin(0.5) + 0.3 * 0.25, np.sin(0.6) + 0.3 * 0.36
    assert_allclose(out.points, [[0.5, f0], [0.6, f1]], rtol=1e-14)
    assert out.secant == pytest.approx((f1 - f0) / 0.1, rel=1e-12)
    assert out.secant == pytest.approx(calculus.derivative(secant.f, 0.5, h=0.1,
                                                              method="forward"), rel=1e-9)
    assert out.error == pytest.approx(out.secant - (np.cos(0.5) + 0.3), rel=1e-12)
    # the forward error is about h f''(x0) / 2: ten times smaller h, about ten times smaller error
    f2 = -np.sin(0.5) + 0.6
    for h in [1e-2, 1e-3]:
        assert secant.compute(0.5, h).error == pytest.approx(h * f2 / 2, rel=0.05)
    assert_allclose(out.errors, np.abs(secant.secant_slope(0.5, secant.H_CURVE)
                                          - secant.f_prime(0.5)), rtol=1e-12)


def test_secant_bad_input():
    with pytest.raises(ValueError, match="secant.secant_slope: the step h must be positive"):
        secant.secant_slope(1.0, 0.0)
    with pytest.raises(ValueError, match="secant.compute: x0 holds nan"):
        secant.compute(np.nan, 0.1)
    with pytest.raises(TypeError, match="secant.compute: h must be numbers"):
        secant.compute(0.0, "0.1")


def test_secant_explorer_every_corner():
    ex = secant.explorer()
    assert "secant slope" in ex.readout.value and "true derivative" in ex.readout.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x0, h in itertools.product(secant.X_RANGE, secant.H_RANGE):
            ex.set(x0=x0, h=h)
            assert ex.last_error is None
            exact = np.cos(x0) + 0.6 * x0
            assert f"{exact:.5f}" in ex.readout.value
        ex.reset()
        assert ex.values == {"x0": -1.5, "h": 1.0}
        assert ex.png().startswith(b"\x89PNG")


def test_secant_default_shows_the_textbook_slope_and_the_readout_explains_the_exceptions():
    # at the default x0 the error is proportional to h over the whole range: no sign change,
    # and error / h stays within a factor 2 from h = 0.001 to 1
    out = secant.compute(-1.5, 1.0)
    assert len(out.crossings) == 0
    ratio = out.errors / secant.H_CURVE
    assert ratio[secant.H_CURVE <= 1].max() < 2 * ratio.min()
    # x0 = 0.5: the signed error changes sign between h = 0.4 and 0.5 (the dip), and says so
    out = secant.compute(0.5, 1.0)
    signed = secant.secant_slope(0.5, np.array([0.4, 0.5])) - secant.f_prime(0.5)
    assert signed[0] * signed[1] < 0 and len(out.crossings) == 1
    assert 0.4 < out.crossings[0] < 0.5
    ex = secant.explorer()
    assert "changes sign" not in ex.readout.value and "hardly bends" not in ex.readout.value
    ex.set(x0=0.5, h=1.0)
    assert "changes sign near h ≈ 0.45" in ex.readout.value
    assert "secant slope crosses the true slope" in ex.readout.value
    # both points where f'' = 0 are reachable with the slider step and named in the readout
    for x0 in (0.64, 2.5):
        ex.set(x0=x0, h=0.1)
        assert ex.values["x0"] == pytest.approx(x0)
        assert "hardly bends" in ex.readout.value


def test_secant_second_derivative_and_percent_words():
    xs = np.linspace(-2.5, 2.5, 11)
    assert_allclose(secant.f_second(xs), differentiate.derivative(secant.f_prime, xs).df,
                    rtol=1e-8, atol=1e-10)
    assert_allclose(secant.f_second([np.arcsin(0.6), np.pi - np.arcsin(0.6)]), 0.0, atol=1e-15)
    assert secant._percent(0.5) == "50.0%"
    assert secant._percent(3.1e-5) == "0.0031%"
    assert secant._percent(1e-9) == "below 0.0001%"
    ex = secant.explorer()
    ex.set(x0=-1.5, h=0.001)
    assert "relative error 0.0%" not in ex.readout.value


# -- step_error -------------------------------------------------------------------------------------

def test_step_error_floor_and_slopes():
    for name in step_error.FUNCTIONS:
        out = step_error.compute(name)
        h = step_error.H_VALUES
        # truncation regime (large h): forward error ~ h|f''|/2, central ~ h^2|f'''|/6
        big = (h > 1e-4) & (h < 1e-2)
        assert_allclose(out.forward[big], out.truncation_forward[big], rtol=0.05)
        big = (h > 1e-3) & (h < 1e-2)
        assert_allclose(out.central[big], out.truncation_central[big], rtol=0.05)
        # the best steps: near sqrt(eps) and eps^(1/3), and a smaller h is worse
        (hf, ef), (hc, ec) = out.best["forward"], out.best["central"]
        assert 1e-9 < hf < 1e-7 and 1e-7 < hc < 1e-4
        assert ef < 1e-6 and ec < 1e-9 and ec < ef
        assert out.forward[0] == pytest.approx(abs(out.derivative))  # x + h rounds to x
        assert np.median(out.forward[h < 1e-12]) > 1e3 * ef


def test_step_error_differences_agree_with_calculus_at_moderate_h():
    for name, (f, fp, *_rest, x) in step_error.FUNCTIONS.items():
        d = step_error.differences(f, x, np.array([1e-3, 1e-5]))
        for i, h in enumerate([1e-3, 1e-5]):
            assert d["central"][i] == pytest.approx(calculus.derivative(f, x, h=h), rel=1e-9)
            assert d["forward"][i] == pytest.approx(
                calculus.derivative(f, x, h=h, method="forward"), rel=1e-6)
        assert float(fp(x)) == pytest.approx(float(differentiate.derivative(f, x).df), rel=1e-9)


def test_step_error_bad_input_and_explorer():
    with pytest.raises(ValueError, match="step_error.compute: name must be one of"):
        step_error.compute("tan x")
    ex = step_error.explorer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in step_error.FUNCTIONS:
            ex.set(name=name)
            assert ex.last_error is None
            assert "smallest error" in ex.readout.value
        assert ex.png().startswith(b"\x89PNG")


def test_step_error_line_styles_follow_the_text():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    a = step_error.draw(ax)
    # dash-dot only for the round-off line; the vertical marks are another style
    assert a["roundoff"].get_linestyle() == "-."
    verticals = [line for line in ax.get_lines() if line not in a.values()]
    assert len(verticals) == 2 and all(v.get_linestyle() != "-." for v in verticals)
    # the dotted truncation lines are drawn above the measured curves, not hidden under them
    for key in ("truncation_forward", "truncation_central"):
        assert a[key].get_linestyle() in (":", "--") or a[key].get_dashes() is not None
        assert a[key].get_zorder() > max(a["forward"].get_zorder(), a["central"].get_zorder())


# -- gradient_field ---------------------------------------------------------------------------------

def test_gradient_field_against_calculus_and_numpy():
    rng = np.random.default_rng(0)
    for x0, y0 in rng.uniform(-3, 3, size=(10, 2)):
        out = gradient_field.compute(x0, y0)
        ref = calculus.gradient(lambda p: gradient_field.f(p[0], p[1]), np.array([x0, y0]))
        assert_allclose(out.grad, ref, rtol=1e-8, atol=1e-10)
        assert out.value == pytest.approx(x0 ** 2 / 4 + y0 ** 2, rel=1e-14)
        assert out.norm == pytest.approx(np.linalg.norm(ref), rel=1e-8)
        # the contour through the point: f is constant on it, and the gradient is perpendicular
        assert_allclose(gradient_field.f(*out.contour.T), out.value, rtol=1e-12, atol=1e-14)
        assert out.angle == pytest.approx(90.0, abs=1e-9)
        assert out.grad @ out.tangent == pytest.approx(0.0, abs=1e-12)
    # numpy's finite differences on a grid agree with the hand gradient
    xs, ys = np.linspace(-3, 3, 601), np.linspace(-2, 2, 401)
    gy, gx = np.gradient(gradient_field.f(xs[None, :], ys[:, None]), ys, xs)
    out = gradient_field.compute(xs[400], ys[300])
    assert_allclose([gx[300, 400], gy[300, 400]], out.grad, rtol=1e-6)


def test_gradient_field_steepest_ascent_and_minimum():
    out = gradient_field.compute(2.0, 1.0)
    assert_allclose(out.grad, [1.0, 2.0])
    # -grad = (-1, -2) vs the direction to the minimum (-2, -1): about 36.87 degrees apart
    assert out.to_minimum == pytest.approx(np.degrees(np.arccos(4 / 5)), rel=1e-12)
    assert gradient_field.compute(2.0, 0.0).to_minimum == pytest.approx(0.0, abs=1e-12)
    # steepest ascent: no unit direction has a larger slope than grad / |grad|
    g = out.grad
    angles = np.linspace(0, 2 * np.pi, 361)
    slopes = np.cos(angles) * g[0] + np.sin(angles) * g[1]
    assert slopes.max() == pytest.approx(np.linalg.norm(g), rel=1e-4)
    zero = gradient_field.compute(0.0, 0.0)
    assert zero.norm == 0 and np.isnan(zero.angle) and np.isnan(zero.to_minimum)
    assert_allclose(gradient_field.arrow_end([0.0, 0.0], np.zeros(2)), [0.0, 0.0])
    end = gradient_field.arrow_end([1.0, 0.5], gradient_field.grad_f(1.0, 0.5), -1.0)
    assert np.hypot(*(end - [1.0, 0.5])) == pytest.approx(0.4 * np.hypot(0.5, 1.0))  # room: 0.4|g|


def test_gradient_field_arrows_stay_on_the_plot_and_the_largest_miss():
    xs = np.linspace(*gradient_field.X_RANGE, 21)
    ys = np.linspace(*gradient_field.Y_RANGE, 17)
    misses = []
    for x0, y0 in itertools.product(xs, ys):
        g = gradient_field.grad_f(x0, y0)
        for sign in (1.0, -1.0):
            end = gradient_field.arrow_end([x0, y0], g, sign)
            assert gradient_field.PLOT_X[0] < end[0] < gradient_field.PLOT_X[1]
            assert gradient_field.PLOT_Y[0] < end[1] < gradient_field.PLOT_Y[1]
            if np.hypot(*g) > 0:   # still along sign * g, and at least 0.5 long where not tiny
                step = end - [x0, y0]
                assert step @ (sign * g) == pytest.approx(np.hypot(*step) * np.hypot(*g))
                assert np.hypot(*step) >= min(0.5, gradient_field.ARROW_SCALE * np.hypot(*g)) - 1e-12
                assert np.hypot(*step) <= gradient_field.ARROW_SCALE * np.hypot(*g) + 1e-12
        if (x0, y0) != (0.0, 0.0):
            misses.append(gradient_field.compute(x0, y0).to_minimum)
    assert max(misses) <= gradient_field.MAX_MISS + 1e-9
    assert gradient_field.MAX_MISS == pytest.approx(36.87, abs=0.01)
    assert gradient_field.compute(2.0, 1.0).to_minimum == pytest.approx(gradient_field.MAX_MISS)
    # the contour through every corner point stays mostly on the plot
    for x0, y0 in itertools.product(gradient_field.X_RANGE, gradient_field.Y_RANGE):
        c = gradient_field.compute(x0, y0).contour
        inside = ((np.abs(c[:, 0]) < gradient_field.PLOT_X[1])
                  & (np.abs(c[:, 1]) < gradient_field.PLOT_Y[1]))
        assert inside.mean() > 0.6


def test_gradient_field_bad_input():
    with pytest.raises(ValueError, match="gradient_field.compute: y0 holds inf"):
        gradient_field.compute(0.0, np.inf)
    with pytest.raises(ValueError, match="gradient_field.compute: x0 must be a single number"):
        gradient_field.compute([1.0, 2.0], 0.0)


def test_gradient_field_explorer_every_corner():
    ex = gradient_field.explorer()
    assert "perpendicular" in ex.readout.value and "<b>1.000</b>" in ex.readout.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corners = itertools.product([*gradient_field.X_RANGE, 0.0], [*gradient_field.Y_RANGE, 0.0])
        for x0, y0 in corners:
            ex.set(x0=x0, y0=y0)
            assert ex.last_error is None
            g = gradient_field.grad_f(x0, y0)
            assert f"<b>{g[0]:.3f}</b>" in ex.readout.value
            assert f"<b>{g[1]:.3f}</b>" in ex.readout.value
        assert "gradient is zero" in ex.readout.value
        assert ex.png().startswith(b"\x89PNG")
        ex.reset()
        assert ex.values == {"x0": 2.0, "y0": 1.0}


def test_secant_error_marker_whole_at_the_ends_of_h():
    """At h = 0.001 and h = 2 the current-error marker is drawn whole inside the error panel."""
    from tools.kernel_code import offplot_problems
    ex = secant.explorer()
    now = ex.fig.axes[1].lines[-1]
    assert now.get_marker() == "o"
    for h in secant.H_RANGE:
        ex.set(h=h)
        ex.fig.canvas.draw()
        assert offplot_problems(ex.fig, [now]) == []


@pytest.mark.parametrize("x0, y0", [(2.5, 1.6), (0.0, 1.6), (-2.5, -1.6), (2.5, 0.0)])
def test_gradient_field_arrows_equal_length_and_shortening_said(x0, y0):
    """grad and -grad are equally long, so their arrows are too; a shortened pair is said so."""
    ex = gradient_field.explorer(x0=x0, y0=y0)
    arrows = [p for p in ex.animated if hasattr(p, "get_path") and hasattr(p, "set_positions")]
    g = gradient_field.grad_f(x0, y0)
    ends = [gradient_field.arrow_end([x0, y0], g, s) for s in (1.0, -1.0)]
    lengths = [np.hypot(*(e - [x0, y0])) for e in ends]
    assert lengths[0] == pytest.approx(lengths[1], rel=1e-12) and len(arrows) == 2
    true = gradient_field.ARROW_SCALE * np.hypot(*g)
    note = [t for t in ex.animated if hasattr(t, "get_text")][0]
    if lengths[0] < true - 1e-9:
        assert note.get_visible() and f"arrows shortened; true length {true:.2f}" in note.get_text()
        assert f"drawn {lengths[0]:.2f}, true length {true:.2f}" in ex.readout.value
        assert "shortened together to fit" in ex.readout.value
        ex.fig.canvas.draw()                   # the note sits off both arrows
        box = note.get_window_extent()
        t = np.linspace(0.0, 1.0, 50)[:, None]
        for end in ends:
            pix = note.axes.transData.transform(np.array([x0, y0]) + t * (end - [x0, y0]))
            assert not np.any((pix[:, 0] > box.x0) & (pix[:, 0] < box.x1)
                              & (pix[:, 1] > box.y0) & (pix[:, 1] < box.y1))
    else:
        assert not note.get_visible() and "shortened" not in ex.readout.value



def test_step_error_marks_typeset_alike_and_truncation_lines_differ_by_marker():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    a = step_error.draw(ax)
    marks = [t.get_text() for t in ax.texts]
    assert len(marks) == 2 and all(m.startswith("$") and m.endswith("$") for m in marks)
    assert not any("^(" in m or "e-" in m for m in marks)              # no caret or e-notation
    fwd, cen = a["truncation_forward"], a["truncation_central"]
    assert fwd.get_marker() not in ("None", "", None) and cen.get_marker() not in ("None", "")
    assert fwd.get_marker() != cen.get_marker()
