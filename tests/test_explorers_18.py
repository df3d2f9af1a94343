"""The explorers of notebook 18: the schedule shapes against PyTorch's documented formulas, the
training runs against a plain loop with mathlib.optim.SGD and against numpy's least squares, the
readouts, and both explorers at every corner of their controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import lr_schedules, schedule_training  # noqa: E402
from .explorer_checks import corners  # noqa: E402


# -- lr_schedules ---------------------------------------------------------------------------------

def test_schedules_match_the_documented_formulas():
    out = lr_schedules.compute(30, 0.5, 0.97, 100, 10)
    t = np.arange(lr_schedules.T)
    lr0 = lr_schedules.LR0
    assert_allclose(out.lr[0], lr0)
    assert_allclose(out.lr[1], lr0 * 0.5 ** np.floor(t / 30), rtol=1e-14)
    assert_allclose(out.lr[2], lr0 * 0.97 ** t, rtol=1e-12)
    cosine = lr0 * (1 + np.cos(np.pi * t / 100)) / 2
    assert_allclose(out.lr[3], cosine, rtol=1e-12, atol=1e-17)
    assert_allclose(out.lr[4], np.minimum(1, t / 10) * cosine, rtol=1e-12, atol=1e-17)
    assert_allclose(out.total, out.lr.sum(axis=1))
    assert_allclose(out.half_life, np.log(2) / np.log(1 / 0.97))
    assert not out.restarts


def test_schedules_readout_names_restarts_and_gamma_one():
    out = lr_schedules.compute(1, 1.0, 1.0, 10, 1)
    assert out.restarts and out.half_life == np.inf
    assert_allclose(out.lr[2], lr_schedules.LR0)
    text = lr_schedules.readout(out, 1.0, 1.0, 10)
    assert "climbs back up" in text and "period 2 t_max = 20" in text
    assert "exponential decay is the constant schedule" in text and "never decays" in text


def test_schedules_bad_input():
    with pytest.raises(ValueError):
        lr_schedules.compute(0, 0.5, 0.97, 100, 10)
    with pytest.raises(ValueError):
        lr_schedules.compute(30, 0.5, 1.5, 100, 10)


def test_lr_schedules_explorer_corners():
    ex = lr_schedules.explorer()
    for values in corners(ex):
        out = lr_schedules.compute(*(values[k] for k in ("step_size", "step_gamma", "exp_gamma",
                                                         "t_max", "warmup_steps")))
        assert f"sum {out.total[1]:.2f}" in ex.readout.value


# -- schedule_training ----------------------------------------------------------------------------

def test_problem_optimum_agrees_with_numpy_least_squares():
    P = schedule_training.problem()
    assert_allclose(P.w_star, np.linalg.lstsq(P.X, P.y, rcond=None)[0], rtol=1e-8, atol=1e-10)
    assert_allclose(P.loss_star, np.mean((P.X @ P.w_star - P.y) ** 2))
    for B in schedule_training.BATCH_SIZES:
        assert P.batches[B].shape == (schedule_training.STEPS, min(B, len(P.y)))
    assert_allclose(P.shapes[:, 0], [1, 1, 1, 1, 0])


@pytest.mark.parametrize("lr0, B", [(0.1, 8), (0.01, 1), (0.3, 32), (0.05, 442)])
def test_training_agrees_with_a_plain_sgd_loop(lr0, B):
    from mathlib.nn import mse_gradient
    from mathlib.optim import SGD
    P = schedule_training.problem()
    out = schedule_training.compute(lr0, B)
    for k in range(5):
        if out.diverged_at[k] >= 0:
            continue
        w, opt = np.zeros(11), SGD(lr=lr0)
        for t in range(schedule_training.STEPS):
            rows = P.batches[B][t]
            rate = lr0 * P.shapes[k, t]
            if rate > 0:
                opt.lr = rate
                opt.step([w], [P.X[rows].T @ mse_gradient(P.X[rows] @ w, P.y[rows])])
        assert_allclose(out.W[-1, k], w, rtol=1e-9, atol=1e-12)
        excess = np.mean((P.X @ w - P.y) ** 2) - P.loss_star
        assert_allclose(out.final[k], excess, rtol=1e-6, atol=1e-12)


def test_the_lessons_the_notebook_states():
    small, noisy, full = (schedule_training.compute(0.001, 8), schedule_training.compute(0.1, 8),
                          schedule_training.compute(0.1, 442))
    assert small.best == 0                                   # a tiny rate: constant wins
    assert np.max(noisy.final[1:]) < 0.5 * noisy.final[0]   # noise: every decay ends lower
    assert full.best == 0                                    # exact gradients: constant wins
    big = schedule_training.compute(0.3, 8)
    assert big.diverged_at[0] > 0 and big.diverged_at[2] < 0  # constant diverges, exponential not
    assert "kept exponential stable" in schedule_training.readout(big, 0.3, 8)


def test_divergence_is_cut_without_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = schedule_training.compute(1.0, 1)
    assert np.all(out.diverged_at > 0) and np.all(np.isinf(out.final))
    assert "Every run diverged" in schedule_training.readout(out, 1.0, 1)


def test_training_bad_input():
    with pytest.raises(ValueError, match="lr0 must be > 0"):
        schedule_training.compute(0.0, 8)
    with pytest.raises(ValueError, match="batch_size must be one of"):
        schedule_training.compute(0.1, 5)


def test_schedule_training_explorer_corners():
    ex = schedule_training.explorer()
    for values in corners(ex):
        out = schedule_training.compute(values["lr0"], values["batch_size"])
        assert f"Lowest: <b>{schedule_training.NAMES[out.best]}</b>" in ex.readout.value or \
            "Every run diverged" in ex.readout.value


def test_explorers_of_18_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(lr_schedules.explorer()) == []
    assert honest_at_corners(schedule_training.explorer()) == []


def test_every_run_on_the_slider_grid_stays_above_the_loss_axis_bottom():
    """A run that dips below the log axis would vanish without a word; none does."""
    ex_lr = np.logspace(-3, 0, 31)
    for lr0 in ex_lr:
        for B in schedule_training.BATCH_SIZES:
            excess = schedule_training.compute(lr0, B).excess
            assert np.nanmin(excess) > schedule_training.LOSS_VIEW[0], (lr0, B)
