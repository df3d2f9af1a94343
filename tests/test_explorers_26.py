"""The explorers of notebook 26: Euler's and RK4's closed-form runs against mathlib.ode, the
stability regimes in the readout, the recurrent state against a plain loop and numpy's
eigenvalues, and both explorers at every corner of their controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import euler_steps, recurrent_state  # noqa: E402
from mathlib.ode import euler, rk4  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


# -- euler_steps ----------------------------------------------------------------------------------

@pytest.mark.parametrize("h, k", [(0.25, 2.0), (0.05, 0.5), (0.7, 2.5), (1.5, 5.0), (0.3, 1.0)])
def test_closed_form_runs_equal_mathlib_ode(h, k):
    out = euler_steps.compute(h, k)
    f = lambda t, y: -k * y              # noqa: E731
    assert_allclose(out.euler, euler(f, 1.0, out.t)[:, 0], rtol=1e-12, atol=1e-300)
    assert_allclose(out.rk4, rk4(f, 1.0, out.t)[:, 0], rtol=1e-12, atol=1e-300)
    assert_allclose(out.exact, np.exp(-k * out.t))
    assert out.t[-1] <= euler_steps.T and out.t[-1] + h > euler_steps.T - 1e-9
    assert out.euler_error == pytest.approx(np.max(np.abs(out.euler - np.exp(-k * out.t))))
    assert out.rk4_error == pytest.approx(np.max(np.abs(out.rk4 - np.exp(-k * out.t))))


def test_rk4_limit_is_where_its_factor_is_minus_one():
    assert euler_steps.rk4_factor(euler_steps.RK4_LIMIT) == pytest.approx(1.0, abs=1e-12)
    assert abs(euler_steps.rk4_factor(2.7)) < 1 < abs(euler_steps.rk4_factor(2.9))


@pytest.mark.parametrize("h, k, words", [
    (0.25, 2.0, "smooth decay"), (0.5, 2.0, "so the first step lands on y = 0"),
    (0.3, 10 / 3, "so the first step lands on y = 0"), (0.7, 20 / 7, "flips between 1 and -1"), (0.75, 2.0, "<b>oscillates</b>"),
    (1.0, 2.0, "for ever"), (1.2, 2.0, "Euler is unstable"), (1.5, 2.0, "RK4 is <b>unstable too"),
])
def test_readout_names_the_regime(h, k, words):
    out = euler_steps.compute(h, k)
    text = euler_steps.readout(out, h, k)
    assert words in text, text
    assert f"h k = <b>{h * k:.3g}</b>" in text and f"2 / k = {2 / k:.3g}" in text


def test_euler_error_halves_with_h_on_the_explorer_problem():
    e1 = euler_steps.compute(0.1, 1.0).euler_error
    e2 = euler_steps.compute(0.05, 1.0).euler_error
    assert 1.8 < e1 / e2 < 2.2


def test_euler_steps_bad_input():
    with pytest.raises(ValueError, match="must be positive"):
        euler_steps.compute(0.0, 1.0)
    with pytest.raises(ValueError, match="must be positive"):
        euler_steps.compute(0.1, -1.0)


def test_values_beyond_the_axis_are_triangles():
    ex = euler_steps.explorer()
    ex.set(h=1.5, k=5.0)
    up, down = ex.fig.axes[0].get_lines()[5:7]
    assert len(up.get_xdata()) + len(down.get_xdata()) > 0
    assert "beyond the axis" in ex.readout.value


def test_euler_steps_corners_and_picture():
    ex = euler_steps.explorer()
    for values in corners(ex):
        out = euler_steps.compute(values["h"], values["k"])
        assert f"over the {out.steps} steps" in ex.readout.value
    assert honest_at_corners(ex) == []


# -- recurrent_state ------------------------------------------------------------------------------

@pytest.mark.parametrize("r, theta", [(0.9, 30.0), (1.1, 0.0), (1.0, 90.0), (0.5, 180.0)])
def test_recurrent_run_equals_a_plain_loop(r, theta):
    a = np.deg2rad(theta)
    W = r * np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    for mode, step in (("linear", lambda h: W @ h), ("tanh", lambda h: np.tanh(W @ h))):
        out = recurrent_state.compute(r, theta, mode)
        h = np.array([1.0, 0.0])
        for t in range(recurrent_state.STEPS):
            h = step(h)
            assert_allclose(out.h[t + 1], h, rtol=1e-12, atol=1e-15)
    lin = recurrent_state.compute(r, theta)
    assert_allclose(lin.norms, r ** np.arange(recurrent_state.STEPS + 1), rtol=1e-12)
    assert_allclose(np.sort_complex(lin.eigenvalues),
                    np.sort_complex(np.array([r * np.exp(1j * a), r * np.exp(-1j * a)])),
                    atol=1e-12)
    assert lin.radius == pytest.approx(r)


def test_recurrent_tanh_is_bounded_and_readout():
    out = recurrent_state.compute(1.2, 0.0, "tanh")
    assert np.all(np.abs(out.h[1:]) < 1) and out.norms[-1] > 0.5
    text = recurrent_state.readout(out, 1.2, 0.0, "tanh")
    assert "settles away from 0" in text and "no turning" in text
    lin = recurrent_state.compute(1.2, 60.0)
    text = recurrent_state.readout(lin, 1.2, 60.0, "linear")
    assert "<b>explodes</b>" in text and "once round every 6 steps" in text
    assert lin.left_box is not None and f"From step {lin.left_box} on" in text
    text = recurrent_state.readout(recurrent_state.compute(0.9, 180.0), 0.9, 180.0, "linear")
    assert "<b>decays</b>" in text and "flips sign" in text


def test_recurrent_bad_input():
    with pytest.raises(ValueError, match="mode must be one of"):
        recurrent_state.compute(0.9, 30.0, "relu")
    with pytest.raises(ValueError, match="r must be >= 0"):
        recurrent_state.compute(-1.0, 30.0)


def test_recurrent_norms_stay_inside_the_log_axis():
    lo, hi = recurrent_state.NORM_LIM
    for r in recurrent_state.R[:2]:
        for mode in recurrent_state.MODES:
            out = recurrent_state.compute(r, 45.0, mode)
            assert np.all((out.norms > lo) & (out.norms < hi))


def test_recurrent_state_corners_and_picture():
    ex = recurrent_state.explorer()
    for values in corners(ex):
        out = recurrent_state.compute(values["r"], values["theta"], values["mode"])
        assert f"{out.norms[-1]:.3g}" in ex.readout.value
    assert honest_at_corners(ex) == []


# -- review fixes: both runs' triangles show; no rounding noise in the eigenvalue words ---------
def test_every_value_beyond_the_axis_has_its_own_triangle():
    for h, k in ((1.5, 5.0), (1.5, 2.0), (1.2, 5.0), (0.05, 5.0)):
        out = euler_steps.compute(h, k)
        where = np.vstack(euler_steps.marks(out))
        beyond = int(np.sum(np.abs(out.euler) > euler_steps.EDGE)
                     + np.sum(np.abs(out.rk4) > euler_steps.EDGE))
        assert len(where) == beyond
        assert len({(round(x, 9), y) for x, y in where}) == beyond     # none on top of another
        assert np.all(np.abs(where[:, 0] - np.round(where[:, 0] / h) * h) < 0.2)  # by its time
        if beyond:
            assert f"{beyond} values lie beyond the axis" in euler_steps.readout(out, h, k)
    ex = euler_steps.explorer()
    ex.set(h=1.5, k=5.0)
    lines = ex.fig.axes[0].get_lines()[4:8]                  # the four sets of triangles
    shown = {(round(x, 9), y) for line in lines for x, y in zip(line.get_xdata(), line.get_ydata())}
    assert len(shown) == 8 and "8 values lie beyond the axis" in ex.readout.value
    lo, hi = ex.fig.axes[0].get_xlim()
    assert all(lo < x < hi for x, _ in shown)


@pytest.mark.parametrize("r, theta, words", [
    (1.2, 180.0, "= -1.2, twice (real),"), (0.85, 90.0, "= +- 0.85 i,"),
    (1.0, 0.0, "= 1, twice (real),"), (0.9, 30.0, "= 0.779 +- 0.45 i,"),
])
def test_recurrent_eigenvalue_words_have_no_rounding_noise(r, theta, words):
    text = recurrent_state.readout(recurrent_state.compute(r, theta), r, theta, "linear")
    assert words in text and "e-1" not in text, text


# -- second review: r = 1 keeps its size at every angle (max|eig| rounds just off 1) -------------
def test_recurrent_r_one_keeps_its_size_at_every_whole_degree_angle():
    for theta in range(0, 181):
        for r in (1.0, 0.5 + 0.5):                 # the slider's 1.0
            out = recurrent_state.compute(r, float(theta))
            text = recurrent_state.readout(out, r, float(theta), "linear")
            assert "keeps its size" in text, (theta, text)
            assert "decays" not in text and "explodes" not in text, (theta, text)
    # r near 1 but not 1 still gets its regime
    assert "<b>decays</b>" in recurrent_state.readout(recurrent_state.compute(0.99, 2.0), 0.99, 2.0,
                                                      "linear")
    assert "<b>explodes</b>" in recurrent_state.readout(recurrent_state.compute(1.01, 2.0), 1.01,
                                                        2.0, "linear")
