"""The explorers of notebook 11: the diagnostic test and the coin's Beta posterior. Their compute
functions against scipy.stats and a second computation (natural frequencies, bayes_posterior on a
grid), bad input, and the explorers at every corner of their sliders without an error or a
RuntimeWarning. Tolerances: exact formulas to rtol 1e-12 (densities 1e-9); grid quantities to
one grid cell."""

from __future__ import annotations

import itertools
import time
import warnings

import numpy as np
import pytest
import scipy.stats
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import coin_posterior, diagnostic_test  # noqa: E402
from mathlib.plotting import use_course_style  # noqa: E402
from mathlib.probability import bayes_posterior  # noqa: E402


@pytest.fixture(autouse=True)
def course_style():
    use_course_style()


# -- diagnostic_test.compute --------------------------------------------------------------------

def test_diagnostic_worked_example_by_natural_frequencies():
    """The notebook's example: 10,000 people, 1% ill, sensitivity 0.9, specificity 0.91."""
    out = diagnostic_test.compute(0.01, 0.9, 0.91)
    ill_pos, healthy_pos = 0.9 * 100, 0.09 * 9900            # 90 and 891 people out of 10,000
    assert_allclose(out["posterior"], ill_pos / (ill_pos + healthy_pos), rtol=1e-12)
    assert_allclose(out["evidence"], (ill_pos + healthy_pos) / 10000, rtol=1e-12)
    assert out["counts"] == {"true_positive": 9, "false_positive": 89, "missed": 1,
                             "true_negative": 901}


@pytest.mark.parametrize("seed", range(5))
def test_diagnostic_against_bayes_posterior_and_the_joint_table(seed):
    rng = np.random.default_rng(seed)
    p, s, c = rng.uniform(0.001, 0.5), rng.uniform(0.5, 1.0), rng.uniform(0.5, 1.0)
    out = diagnostic_test.compute(p, s, c)
    # rows: ill, healthy; columns: positive, negative
    joint = np.array([[s * p, (1 - s) * p], [(1 - c) * (1 - p), c * (1 - p)]])
    assert_allclose(joint.sum(), 1.0, rtol=1e-12)
    assert_allclose(out["posterior"], bayes_posterior([p, 1 - p], [s, 1 - c])[0], rtol=1e-12)
    assert_allclose(out["posterior"], joint[0, 0] / joint[:, 0].sum(), rtol=1e-12)
    assert_allclose(out["npv"], joint[1, 1] / joint[:, 1].sum(), rtol=1e-12)
    counts = out["counts"]
    assert sum(counts.values()) == 1000 and min(counts.values()) >= 0
    assert counts["true_positive"] + counts["missed"] == round(1000 * p)


def test_diagnostic_extremes():
    out = diagnostic_test.compute(0.2, 0.0, 1.0)             # nobody tests positive
    assert out["evidence"] == 0.0 and out["posterior"] is None
    out = diagnostic_test.compute(0.2, 1.0, 0.0)             # everybody tests positive
    assert out["posterior"] == pytest.approx(0.2) and out["npv"] is None
    assert diagnostic_test.compute(0.3, 0.8, 1.0)["posterior"] == 1.0   # no false positives


def test_diagnostic_bad_input():
    with pytest.raises(ValueError, match="prevalence = 1.5 is not a probability"):
        diagnostic_test.compute(1.5, 0.9, 0.9)
    with pytest.raises(ValueError, match="sensitivity holds nan"):
        diagnostic_test.compute(0.1, np.nan, 0.9)
    with pytest.raises(TypeError, match="specificity must be numbers"):
        diagnostic_test.compute(0.1, 0.9, "0.9")
    with pytest.raises(ValueError, match="population must be a whole number"):
        diagnostic_test.compute(0.1, 0.9, 0.9, population=0)


def test_grid_positions_are_distinct():
    places = diagnostic_test.grid_positions()
    assert places.shape == (1000, 2)
    assert len({tuple(p) for p in places}) == 1000


# -- coin_posterior.compute ---------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (20.0, 0.5),
                                  (250.0, 30.0)])
def test_beta_pdf_against_scipy(a, b):
    theta = coin_posterior.theta_grid()
    assert_allclose(coin_posterior.beta_pdf(theta, a, b), scipy.stats.beta.pdf(theta, a, b),
                    rtol=1e-9)


@pytest.mark.parametrize("a, b, h, t", [(2, 2, 8, 2), (1, 1, 0, 0), (0.5, 3, 40, 60),
                                        (20, 2, 3, 17), (5, 5, 150, 50)])
def test_posterior_is_beta_and_matches_a_grid_bayes_update(a, b, h, t):
    """Beta(a + h, b + t) equals prior x likelihood normalised on the grid (bayes_posterior)."""
    out = coin_posterior.compute(a, b, h, t)
    theta = out["theta"]
    assert_allclose(out["posterior"], scipy.stats.beta.pdf(theta, a + h, b + t), rtol=1e-9)
    prior = out["prior"] / out["prior"].sum()
    grid = bayes_posterior(prior, theta ** h * (1 - theta) ** t) * len(theta)
    assert_allclose(grid, out["posterior"], rtol=1e-6, atol=1e-6 * out["posterior"].max())
    assert_allclose(out["mean"], scipy.stats.beta.mean(a + h, b + t), rtol=1e-12)
    w = out["data_share"]
    if h + t:
        assert_allclose(out["mean"], (1 - w) * a / (a + b) + w * h / (h + t), rtol=1e-12)
    lo, hi = out["interval"]
    assert_allclose([lo, hi], scipy.stats.beta.ppf([0.025, 0.975], a + h, b + t), atol=1e-3)


def test_credible_interval_of_the_uniform_is_exact():
    theta = coin_posterior.theta_grid()
    assert_allclose(coin_posterior.credible_interval(theta, np.ones_like(theta)), [0.025, 0.975],
                    atol=1e-12)


def test_flips_are_seeded_and_monotone_in_the_bias():
    assert np.array_equal(coin_posterior.flips(0.3), coin_posterior.flips(0.3))
    low, high = coin_posterior.flips(0.3), coin_posterior.flips(0.6)
    assert np.all(high >= low)                       # the same uniforms: more bias, more heads
    assert coin_posterior.flips(0.0).sum() == 0 and coin_posterior.flips(1.0).sum() == 200
    assert abs(coin_posterior.flips(0.5).mean() - 0.5) < 0.1


def test_coin_bad_input():
    with pytest.raises(ValueError, match="needs a > 0, b > 0"):
        coin_posterior.compute(0.0, 1.0, 1, 1)
    with pytest.raises(ValueError, match="heads = 1.5; a count is a whole number"):
        coin_posterior.compute(1.0, 1.0, 1.5, 1)
    with pytest.raises(ValueError, match="tails = -1"):
        coin_posterior.compute(1.0, 1.0, 1, -1)
    with pytest.raises(ValueError, match="theta must lie strictly between 0 and 1"):
        coin_posterior.beta_pdf([0.0, 0.5], 2.0, 2.0)
    with pytest.raises(ValueError, match="bias = 2.0 is not a probability"):
        coin_posterior.flips(2.0)


# -- the explorers, wired -----------------------------------------------------------------------

def _corners(ex):
    names = list(ex.controls)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for values in itertools.product(*[(c.min, c.max) for c in ex.controls.values()]):
            ex.set(**dict(zip(names, values)))
            assert ex.last_error is None
            assert ex.readout.value
        ex.reset()
        assert ex.last_error is None
        assert ex.png().startswith(b"\x89PNG")


def _median_ms(ex, name, values):
    times = []
    for value in values:
        start = time.perf_counter()
        ex.set(**{name: value})
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def test_diagnostic_explorer_corners_and_readout():
    ex = diagnostic_test.explorer()
    text = ex.readout.value
    assert "<b>9.2%</b>" in text
    assert "<b>Of 1000 people who test positive, 92 are ill</b>" in text
    assert "98 test positive, 9 of them ill and 89 healthy; 1 ill person is missed" in text
    _corners(ex)
    ex.set(prevalence=0.5, sensitivity=1.0, specificity=0.5)
    assert "Of 1000 people who test positive, 667 are ill" in ex.readout.value
    sizes = {len(s.get_offsets()) for s in ex.animated if hasattr(s, "get_offsets")}
    assert sizes == {500, 250, 0}
    assert _median_ms(ex, "specificity", np.linspace(0.5, 1.0, 20)) < 250   # target 16.7 ms


def test_coin_explorer_corners_and_readout():
    ex = coin_posterior.explorer()
    heads = int(coin_posterior.flips(0.7)[:10].sum())
    assert f"10 flips: {heads} heads, {10 - heads} tails" in ex.readout.value
    assert f"Beta({2 + heads:g}, {2 + 10 - heads:g})" in ex.readout.value
    assert "95% credible interval <b>[" in ex.readout.value
    _corners(ex)
    ex.set(n=0)
    assert "no data yet: the posterior is the prior" in ex.readout.value
    assert _median_ms(ex, "n", range(20, 40)) < 250                            # target 16.7 ms
