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


def test_schedules_readout_says_when_t_max_is_beyond_the_figure():
    out = lr_schedules.compute(30, 0.5, 0.97, 200, 10)
    text = lr_schedules.readout(out, 0.5, 0.97, 200)
    assert "at t = t_max = 200, beyond the figure" in text and "still at 0.0508" in text
    assert ("plain SGD moves the weights by at most the sum of the rates times the largest "
            "gradient norm" in text)
    assert "at most how far" not in text                 # the bound's direction (third review)
    assert "from t = 10 on it has the cosine's rates" in text
    at_end = lr_schedules.readout(lr_schedules.compute(30, 0.5, 0.97, 99, 10), 0.5, 0.97, 99)
    assert "the last step shown" in at_end and "beyond" not in at_end


def test_schedules_figure_says_warm_up_starts_at_0_and_shows_both_cosines():
    ex = lr_schedules.explorer()
    ax = ex.fig.axes[0]
    assert "from lr0" not in ax.get_title() and "warm-up rises from 0" in ax.get_title()
    cosine, warm = ax.get_lines()[3:5]
    assert cosine.get_linewidth() > 2 * warm.get_linewidth()      # the narrow one on the wide one
    assert warm.get_zorder() > cosine.get_zorder()


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
    assert "The constant rate ends lowest" in schedule_training.readout(small, 0.001, 8)
    assert np.max(noisy.late[1:]) < 0.5 * noisy.late[0]     # noise: every decay ends lower
    assert full.best == 0                                    # exact gradients: constant wins
    big = schedule_training.compute(0.3, 8)
    assert big.diverged_at[0] > 0 and big.diverged_at[2] < 0  # constant diverges, exponential not
    assert "kept exponential stable" in schedule_training.readout(big, 0.3, 8)
    # cell 14's numbers: the constant's last value is a lucky low sample of its bouncing
    assert round(noisy.final[0], 3) == 0.034 and round(noisy.late[0], 3) == 0.089
    assert 0.0065 < np.min(noisy.late[1:]) and np.max(noisy.late[1:]) < 0.01
    lr0s = np.logspace(-3, 0, 31)
    for lr0 in lr0s[lr0s < 0.21]:                            # cell 16: full batch
        out = schedule_training.compute(lr0, 442)
        assert out.best == 0 and not out.unstable.any(), lr0
    assert schedule_training.compute(lr0s[24], 442).unstable[0]        # lr0 = 0.25
    assert schedule_training.compute(lr0s[24], 8).unstable[0]          # B = 8, lr0 = 0.25
    at_032 = schedule_training.compute(lr0s[25], 8)                     # B = 8, lr0 = 0.32
    assert at_032.diverged_at[0] > 0 and list(np.flatnonzero(~at_032.unstable)) == [2]


_SENTENCES = {
    "more than 2 times lower": lambda late, c: late < 0.5 * c,
    "within a factor 2": lambda late, c: 0.5 * c <= late <= 2 * c,
    "more than 2 times higher": lambda late, c: late > 2 * c,
}


@pytest.mark.parametrize("B", schedule_training.BATCH_SIZES)
def test_the_readout_sentence_is_true_of_every_run_shown(B):
    """On the whole slider grid: every comparison the readout makes holds for every run it
    names, and a run above its start is called unstable, never bouncing or compared."""
    names = schedule_training.NAMES
    for lr0 in np.logspace(-3, 0, 31):
        out = schedule_training.compute(lr0, B)
        text = schedule_training.readout(out, lr0, B)
        assert "within a factor 2 of each other" not in text
        c = out.late[0]
        bad = [n for n, u in zip(names, out.unstable) if u]
        if out.unstable.all():
            assert "Every run is unstable" in text, (lr0, text)
            continue
        if out.unstable[0]:
            assert "The constant rate is unstable" in text and "bouncing" not in text, (lr0, text)
            assert "Against the constant rate" not in text
        if "Every decaying schedule ends more than 2 times lower" in text:
            assert np.all(out.late[1:] < 0.5 * c), (lr0, text)
        if "Every decaying schedule ends more than 2 times higher" in text:
            assert np.all(out.late[1:] > 2 * c), (lr0, text)
        if "Every decaying schedule ends within a factor 2" in text:
            assert np.all((out.late[1:] >= 0.5 * c) & (out.late[1:] <= 2 * c)), (lr0, text)
        if "The constant rate ends lowest" in text:
            assert out.best == 0 and not out.unstable[0], (lr0, text)
        if "Against the constant rate: " in text:
            clause = text.split("Against the constant rate: ")[1].split(".")[0]
            for part in clause.split("; "):
                words, listed = part.split(": ")
                for name in listed.replace(" and ", ", ").split(", "):
                    k = names.index(name)
                    if words == "unstable":
                        assert out.unstable[k], (lr0, text)
                    else:
                        assert not out.unstable[k] and _SENTENCES[words](out.late[k], c), (
                            lr0, name, text)
        for name in bad:
            k = names.index(name)
            assert (f"{name}: <b>diverged</b>" in text if out.diverged_at[k] >= 0
                    else "(above the start: unstable)" in text), (lr0, text)


def test_the_readout_compares_late_medians_and_names_unstable_runs():
    out = schedule_training.compute(0.1, 8)
    assert out.late[0] > 2 * out.final[0]          # the last value alone is a lucky low sample
    text = schedule_training.readout(out, 0.1, 8)
    assert "median over the last 50 steps (t = 151 to 200" in text and "<b>0.089</b>" in text
    assert "Cosine and warm-up + cosine have the same rates after step 20" in text
    full = schedule_training.compute(np.logspace(-3, 0, 31)[24], 442)    # lr0 = 0.251
    text = schedule_training.readout(full, 0.251, 442)
    assert full.unstable[0] and "The constant rate is unstable (it ended above its start)" in text
    noisy = schedule_training.compute(0.1, 1)     # constant 1e11, step decay 8.5e3, cosine 3.1
    assert list(noisy.unstable) == [True, True, False, True, False]
    assert "kept exponential and warm-up + cosine stable" in schedule_training.readout(
        noisy, 0.1, 1)


def test_cosine_and_warm_up_lines_both_stay_visible():
    ex = schedule_training.explorer()
    for ax in ex.fig.axes[:2]:
        cosine, warm = ax.get_lines()[3:5]
        assert cosine.get_linewidth() > 2 * warm.get_linewidth()
        assert warm.get_zorder() > cosine.get_zorder()
        assert cosine.get_linestyle() != warm.get_linestyle()


def test_divergence_is_cut_without_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = schedule_training.compute(1.0, 1)
    assert np.all(out.diverged_at > 0) and np.all(np.isinf(out.final))
    assert "Every run is unstable" in schedule_training.readout(out, 1.0, 1)


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
            "Every run is unstable" in ex.readout.value


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


def test_the_notebook_s_words_about_the_explorers():
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / "18_learning_rate_schedules.ipynb"
    cells = {c["id"]: " ".join("".join(c["source"]).split())
             for c in json.loads(path.read_text())["cells"]}
    assert "Each schedule starts at" not in cells["ca54d8ea"]
    assert "linear warm-up starts at 0" in cells["ca54d8ea"]
    assert "All five start at" not in cells["fe0d5cb2"]
    assert "warm-up + cosine starts at 0" in cells["fe0d5cb2"]
    assert "median over the last 50 steps" in cells["fe0d5cb2"]
    assert "R^2 = 1 - L^* / \\mathrm{Var}(y)" in cells["631bce0a"]     # defined before its use
    assert "1 - R^2" in cells["83ffbb77"]
    for link in ("[15 Loss functions](15_loss_functions.ipynb)",
                 "[17 Optimisers](17_optimisers.ipynb)"):
        assert link in cells["d82c9457"]
    assert "notebook 15 (" not in " ".join(cells.values())
    assert "notebook 17 (" not in " ".join(cells.values())
    assert "as good as any schedule" not in cells["b47e0986"]
    assert "median excess loss over the last 50 steps" in cells["b47e0986"]
