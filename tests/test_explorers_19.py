"""The explorers of notebook 19: the polynomial fits against numpy's least squares, the fast path
against mathlib's solve, the lasso and ridge of the two-weight problem against their optimality
conditions and numpy, the readouts, and both explorers at every corner with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import l1_l2_geometry as geo  # noqa: E402
from mathlib.explorers import poly_fit  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


# -- poly_fit -------------------------------------------------------------------------------------

def test_split_is_seeded_disjoint_and_complete():
    s = poly_fit.split()
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (30, 100, 312)
    from mathlib.data import load_diabetes
    data = load_diabetes()
    pairs = {(a, b) for a, b in zip(data.X[:, 2], data.y)}
    got = list(zip(s.x_train, s.y_train)) + list(zip(s.x_val, s.y_val)) + \
        list(zip(s.x_test, s.y_test))
    assert len(got) == 442 and set(got) <= pairs
    order = np.random.default_rng(poly_fit.SEED).permutation(442)
    assert_allclose(s.x_train, data.X[order[:30], 2])


@pytest.mark.parametrize("degree, lam", [(1, 0.0), (3, 1e-3), (8, 0.1), (15, 1.0)])
def test_fit_is_penalised_least_squares(degree, lam):
    s = poly_fit.split()
    w = poly_fit.fit(s.x_train, s.y_train, degree, lam)
    Phi = poly_fit.features(s.x_train, degree)
    c = np.sqrt(len(s.y_train) * lam / 2)
    rows = c * np.eye(degree + 1)[1:]
    ref = np.linalg.lstsq(np.vstack([Phi, rows]), np.concatenate([s.y_train, np.zeros(degree)]),
                          rcond=None)[0]
    assert_allclose(w, ref, rtol=1e-6, atol=1e-6 * np.abs(ref).max())
    # the objective's gradient is 0 there: mean squared error + l2_penalty(w[1:])
    from mathlib import nn
    grad = Phi.T @ nn.mse_gradient(Phi @ w, s.y_train)
    grad[1:] += nn.l2_penalty_gradient(w[1:], lam=lam)
    assert np.abs(grad).max() < 1e-6 * max(1.0, np.abs(Phi.T @ s.y_train).max() / len(s.y_train))


def test_features_are_legendre_polynomials():
    P = poly_fit.features(np.array([18.0, 30.1, 42.2]), 2)
    u = np.array([-1.0, 0.0, 1.0])
    assert_allclose(P, np.stack([np.ones(3), u, (3 * u ** 2 - 1) / 2], axis=1), atol=1e-12)


@pytest.mark.parametrize("lam", [1e-6, 1e-3, 0.1, 1.0])
def test_the_fast_path_is_mathlib_s_fit(lam):
    out = poly_fit.compute(15, lam)
    s = poly_fit.split()
    for d in (0, 1, 5, 15):
        ref = poly_fit.fit(s.x_train, s.y_train, d, lam)
        w = poly_fit.compute(d, lam).w
        assert_allclose(w, ref, rtol=1e-6, atol=1e-7 * max(1.0, np.abs(ref).max()))
        assert out.train_rmse[d] == pytest.approx(poly_fit.rmse(ref, s.x_train, s.y_train),
                                                  rel=1e-6)
        assert out.val_rmse[d] == pytest.approx(poly_fit.rmse(ref, s.x_val, s.y_val), rel=1e-5)


def test_training_error_never_rises_with_the_degree_without_a_penalty():
    s = poly_fit.split()
    tr = [poly_fit.rmse(poly_fit.fit(s.x_train, s.y_train, d, 0.0), s.x_train, s.y_train)
          for d in range(16)]
    assert np.all(np.diff(tr) <= 1e-3)
    out = poly_fit.compute(15, 1e-6)
    assert out.val_rmse[15] > 5 * out.val_rmse[3] and out.best_degree <= 4


def test_poly_readout_says_overfits_underfits_and_off_the_scale():
    text = poly_fit.readout(poly_fit.compute(15, 1e-6))
    assert "overfits" in text and "(the smallest: a tiny penalty)" in text
    assert "practically no penalty" not in text and "by millions" in text
    assert "at lambda = 0 it can only fall" in text
    text = poly_fit.readout(poly_fit.compute(0, 1.0))
    assert "underfits" in text and "lambda = 1" in text
    assert "off the top" in poly_fit.readout(poly_fit.compute(14, 1e-6)) or \
        poly_fit.compute(14, 1e-6).val_rmse[14] <= poly_fit.RMSE_LIM[1]


def test_the_lambda_slider_reaches_every_value_the_text_names():
    """1e-6 (practically no penalty), 0.1 (19.q1 and the explore text) and 1 are slider stops, and
    the numbers the text states hold there."""
    ex = poly_fit.explorer()
    lam = ex.controls["lam"]
    stops = [lam.base ** (lam.min + k * lam.step)
             for k in range(int(round((lam.max - lam.min) / lam.step)) + 1)]
    for named in (1e-6, 0.1, 1.0):
        assert any(abs(v - named) <= 1e-12 * named for v in stops), named
    tenth = next(v for v in stops if abs(v - 0.1) <= 1e-13)
    cubic, big = poly_fit.compute(3, tenth), poly_fit.compute(15, tenth)
    assert round(cubic.val_rmse[3]) in (62, 63, 64) and round(big.val_rmse[15]) in (62, 63, 64)
    assert round(big.train_rmse[15]) == 54 and round(cubic.train_rmse[3]) == 61
    assert "lambda = 0.1:" in poly_fit.readout(big)


def test_the_fit_panel_shows_every_patient_whole():
    ex = poly_fit.explorer()
    ax_fit = ex.fig.axes[0]
    lo, hi = ax_fit.get_xlim()
    s = poly_fit.split()
    xs = np.concatenate([s.x_train, s.x_val])
    assert lo <= xs.min() - 0.5 and hi >= xs.max() + 0.5          # 42.2 is not on the edge


def test_poly_compute_refuses_bad_arguments():
    with pytest.raises(ValueError, match="lam must be > 0"):
        poly_fit.compute(3, 0.0)
    with pytest.raises(ValueError, match="degree = 16 is out of range"):
        poly_fit.compute(16, 0.1)
    with pytest.raises(TypeError, match="degree must be a whole number"):
        poly_fit.compute(2.5, 0.1)


def test_poly_explorer_at_its_corners():
    ex = poly_fit.explorer()
    for _ in corners(ex):
        pass
    assert honest_at_corners(ex) == []
    ax_fit, ax_err = ex.fig.axes[:2]
    assert ax_fit.get_xlabel() and ax_fit.get_ylabel() and ax_err.get_xlabel()
    assert ax_err.get_yscale() == "log"


# -- l1_l2_geometry -------------------------------------------------------------------------------

def _kkt_residual(w, lam, A=geo.A, w0=geo.W0):
    """How far w is from the lasso's optimality conditions: A (w - w0) + lam s = 0 with
    s_j = sign(w_j) where w_j != 0 and |s_j| <= 1 where w_j = 0."""
    g = A @ (w - w0)
    res = 0.0
    for j in range(2):
        if w[j] != 0:
            res = max(res, abs(g[j] + lam * np.sign(w[j])))
        else:
            res = max(res, max(abs(g[j]) - lam, 0.0))
    return res


@pytest.mark.parametrize("lam", [0.0, 0.1, 0.5, 0.82, 0.83, 1.0, 1.87, 1.88, 2.5])
def test_lasso_meets_the_optimality_conditions_and_ridge_is_numpy_s(lam):
    w, _ = geo.lasso_2d(lam)
    assert _kkt_residual(w, lam) < 1e-12
    assert_allclose(geo.ridge_2d(lam), np.linalg.solve(geo.A + lam * np.eye(2), geo.A @ geo.W0),
                    rtol=1e-13)


def test_the_thresholds_are_where_the_path_reaches_zero():
    lams, l1, l2 = geo.paths()
    assert lams[np.flatnonzero(l1[:, 1] == 0)[0]] == pytest.approx(0.83)
    assert lams[np.flatnonzero(l1[:, 0] == 0)[0]] == pytest.approx(1.88)
    assert geo.lasso_2d(geo.FIRST_ZERO[1] - 1e-9)[0][1] > 0
    assert geo.lasso_2d(geo.FIRST_ZERO[1] + 1e-9)[0][1] == 0.0
    assert geo.lasso_2d(geo.FIRST_ZERO[0] + 1e-9)[0][0] == 0.0
    assert np.all(l2 != 0)


def test_soft_threshold():
    assert [geo.soft_threshold(z, 1.0) for z in (3.0, 0.5, -0.5, -2.0, 1.0)] == \
        [2.0, 0.0, 0.0, -1.0, 0.0]


def test_balls_and_level_sets_touch_at_the_solutions():
    out = geo.compute(1.0)
    assert out.t_l1 == pytest.approx(np.abs(out.w_l1).sum())
    assert out.r_l2 == pytest.approx(np.linalg.norm(out.w_l2))
    pts = geo.level_set(out.loss_l2)
    assert_allclose([geo.loss(p) for p in pts[::20]], out.loss_l2, rtol=1e-10)
    assert np.min(np.linalg.norm(pts, axis=1)) == pytest.approx(out.r_l2, rel=1e-3)
    assert np.min(np.abs(pts).sum(axis=1)) >= out.t_l1 - 1e-3 * out.t_l1


def test_geometry_readout_names_the_zeros():
    assert "<b>w2 is exactly 0</b>" in geo.readout(geo.compute(1.0))
    assert "both weights are exactly 0" in geo.readout(geo.compute(2.5))
    text = geo.readout(geo.compute(0.0))
    assert "no weight is 0 yet" in text and "least-squares w0" in text
    assert "shrink" not in text and "neither is 0" not in text            # no penalty yet
    assert "both weights shrink" in geo.readout(geo.compute(geo.LAM_STEP))
    assert "reaches 0 at lambda = 0.825 and w1 at 1.875" in text
    with pytest.raises(ValueError, match="lam must be >= 0"):
        geo.compute(-0.1)


def test_geometry_explorer_at_its_corners():
    ex = geo.explorer()
    for _ in corners(ex):
        pass
    assert honest_at_corners(ex) == []
