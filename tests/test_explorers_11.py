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
from mathlib.probability import bayes_posterior  # noqa: E402


# -- diagnostic_test.compute --------------------------------------------------------------------

def test_diagnostic_worked_example_by_natural_frequencies():
    """The notebook's example: 10,000 people, 1% ill, sensitivity 0.9, specificity 0.91."""
    out = diagnostic_test.compute(0.01, 0.9, 0.91)
    ill_pos, healthy_pos = 0.9 * 100, 0.09 * 9900            # 90 and 891 people out of 10,000
    assert_allclose(out.posterior, ill_pos / (ill_pos + healthy_pos), rtol=1e-12)
    assert_allclose(out.evidence, (ill_pos + healthy_pos) / 10000, rtol=1e-12)
    assert out.counts == {"true_positive": 9, "false_positive": 89, "missed": 1,
                             "true_negative": 901}


@pytest.mark.parametrize("seed", range(5))
def test_diagnostic_against_bayes_posterior_and_the_joint_table(seed):
    rng = np.random.default_rng(seed)
    p, s, c = rng.uniform(0.001, 0.5), rng.uniform(0.5, 1.0), rng.uniform(0.5, 1.0)
    out = diagnostic_test.compute(p, s, c)
    # rows: ill, healthy; columns: positive, negative
    joint = np.array([[s * p, (1 - s) * p], [(1 - c) * (1 - p), c * (1 - p)]])
    assert_allclose(joint.sum(), 1.0, rtol=1e-12)
    assert_allclose(out.posterior, bayes_posterior([p, 1 - p], [s, 1 - c])[0], rtol=1e-12)
    assert_allclose(out.posterior, joint[0, 0] / joint[:, 0].sum(), rtol=1e-12)
    assert_allclose(out.npv, joint[1, 1] / joint[:, 1].sum(), rtol=1e-12)
    counts = out.counts
    assert sum(counts.values()) == 1000 and min(counts.values()) >= 0
    assert counts["true_positive"] + counts["missed"] == round(1000 * p)


def test_diagnostic_extremes():
    out = diagnostic_test.compute(0.2, 0.0, 1.0)             # nobody tests positive
    assert out.evidence == 0.0 and out.posterior is None
    out = diagnostic_test.compute(0.2, 1.0, 0.0)             # everybody tests positive
    assert out.posterior == pytest.approx(0.2) and out.npv is None
    assert diagnostic_test.compute(0.3, 0.8, 1.0).posterior == 1.0   # no false positives


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
    assert_allclose(coin_posterior.beta_pdf(theta, a=a, b=b), scipy.stats.beta.pdf(theta, a, b),
                    rtol=1e-9)


@pytest.mark.parametrize("a, b, h, t", [(2, 2, 8, 2), (1, 1, 0, 0), (0.5, 3, 40, 60),
                                        (20, 2, 3, 17), (5, 5, 150, 50)])
def test_posterior_is_beta_and_matches_a_grid_bayes_update(a, b, h, t):
    """Beta(a + h, b + t) equals prior x likelihood normalised on the grid (bayes_posterior)."""
    out = coin_posterior.compute(a, b, h, t)
    theta = out.theta
    assert_allclose(out.posterior, scipy.stats.beta.pdf(theta, a + h, b + t), rtol=1e-9)
    prior = out.prior / out.prior.sum()
    grid = bayes_posterior(prior, theta ** h * (1 - theta) ** t) * len(theta)
    assert_allclose(grid, out.posterior, rtol=1e-6, atol=1e-6 * out.posterior.max())
    assert_allclose(out.mean, scipy.stats.beta.mean(a + h, b + t), rtol=1e-12)
    w = out.data_share
    if h + t:
        assert_allclose(out.mean, (1 - w) * a / (a + b) + w * h / (h + t), rtol=1e-12)
    lo, hi = out.interval
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
        coin_posterior.beta_pdf([0.0, 0.5], a=2.0, b=2.0)
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
    assert ("In a crowd of 1000 people, on average 10 are ill (9 test positive, 1 is missed) and "
            "990 are healthy (89.1 test positive)") in text
    assert "<b>Of the 98.1 who test positive, 9 are ill</b>: 9 / 98.1 = 9.2%." in text
    assert "specificity 0.91 (false-positive rate 9.0%)" in text
    _corners(ex)
    ex.set(prevalence=0.5, sensitivity=1.0, false_positive_rate=0.5)
    assert "<b>Of the 750 who test positive, 500 are ill</b>: 500 / 750 = 66.7%" in ex.readout.value
    sizes = {len(s.get_offsets()) for s in ex.animated if hasattr(s, "get_offsets")}
    assert sizes == {500, 250, 0}
    assert _median_ms(ex, "false_positive_rate", np.geomspace(1e-4, 0.5, 20)) < 250   # 16.7 ms


def test_diagnostic_readout_counts_expected_people_in_one_crowd_with_agreement():
    """Review: no "0 ill people are missed" from rounding, no "1 are ill"; one population."""
    ex = diagnostic_test.explorer()
    ex.set(prevalence=0.001, sensitivity=0.9, false_positive_rate=0.5)
    text = ex.readout.value
    assert "1 is ill (0.9 test positive, 0.1 are missed)" in text
    assert "1000 people" in text and "10,000" not in text and "Of 1000" not in text
    ex.set(prevalence=0.001, sensitivity=1.0, false_positive_rate=1e-4)
    text = ex.readout.value
    assert "1 is ill (1 tests positive, 0 are missed)" in text
    assert ", 1 is ill</b>" in text and "more likely ill than not" in text


def test_diagnostic_sliders_reach_the_specificity_the_prompt_asks_for():
    """At prevalence 0.001 and sensitivity 0.9, P(ill | +) > 1/2 needs a false-positive rate
    below 0.9 * 0.001 / 0.999 = 0.0009 (specificity above 0.9991): the log slider has a stop on
    each side of it, and sensitivity 1 moves the threshold only to 0.001."""
    ex = diagnostic_test.explorer()
    fpr = ex.controls["false_positive_rate"]
    stops = 10.0 ** np.arange(fpr.min, fpr.max + fpr.step / 2, fpr.step)
    threshold = 0.9 * 0.001 / 0.999
    below, above = stops[stops < threshold].max(), stops[stops > threshold].min()
    assert above / below < 1.1
    for rate, more_likely in ((below, True), (above, False)):
        out = diagnostic_test.compute(0.001, 0.9, 1 - rate)
        assert (out.posterior > 0.5) is more_likely
    assert diagnostic_test.compute(0.001, 1.0, 1 - above).posterior > 0.5


def test_coin_explorer_corners_and_readout():
    ex = coin_posterior.explorer()
    heads = int(coin_posterior.flips(0.7)[:10].sum())
    assert f"10 flips: {heads} heads, {10 - heads} tails" in ex.readout.value
    assert f"Beta({2 + heads:g}, {2 + 10 - heads:g})" in ex.readout.value
    assert "95% credible interval <b>[" in ex.readout.value
    _corners(ex)
    ex.set(n=0)
    assert "no data yet: the posterior is the prior" in ex.readout.value
    ex.set(n=1, bias=0.99)
    assert "1 flip: 1 head, 0 tails" in ex.readout.value
    assert _median_ms(ex, "n", range(20, 40)) < 250                            # target 16.7 ms


def test_coin_flips_are_typical_by_the_stated_rule():
    """SEED is the first seed whose running share of heads stays within 2 standard errors of
    every bias 0.05 .. 0.95 at every n; seed 11 (before the review) was not typical."""
    assert coin_posterior.typical_seed() == coin_posterior.SEED
    assert coin_posterior.is_typical(coin_posterior.SEED)
    assert not coin_posterior.is_typical(11)
    n = np.arange(1, 201)
    for bias in coin_posterior.TYPICAL_BIASES:
        share = np.cumsum(coin_posterior.flips(bias)) / n
        assert np.all(np.abs(share - bias) <= 2 * np.sqrt(bias * (1 - bias) / n))


def _interval_holds(a, b, bias, n):
    h = int(coin_posterior.flips(bias)[:n].sum())
    lo, hi = scipy.stats.beta.ppf([0.025, 0.975], a + h, b + n - h)
    return lo <= bias <= hi


def test_coin_prompt_has_an_answer():
    """The notebook's "Try": prior Beta(20, 2), fair coin. The interval first holds 0.5 at 20
    flips and holds it from 59 flips on; with a flat prior it holds 0.5 (and 0.3) at every n."""
    holds = [_interval_holds(20, 2, 0.5, n) for n in range(201)]
    assert holds.index(True) == 20 and all(holds[59:]) and not holds[58]
    for bias in (0.3, 0.5, 0.7):
        assert all(_interval_holds(1, 1, bias, n) for n in range(201))


def test_coin_bias_slider_stops_short_of_0_and_1_and_the_readout_is_honest():
    ex = coin_posterior.explorer()
    assert (ex.controls["bias"].min, ex.controls["bias"].max) == (0.01, 0.99)
    ex.set(a=20.0, b=2.0, bias=0.5, n=10)
    assert "is <b>outside</b> it" in ex.readout.value
    assert "about 1 time in 20" in ex.readout.value
    ex.set(n=100)
    assert "is inside it." in ex.readout.value


def test_coin_y_limit_changes_are_blitted_on_a_kept_background():
    """Moving n through every y-limit redraws nothing in full (the backgrounds are drawn at build
    time), and the picture is the one a full redraw gives."""
    ex = coin_posterior.explorer()
    ax = ex.fig.axes[0]
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    tops = set()
    for n in list(range(0, 201, 8)) + [200, 0, 10]:
        ex.set(n=n)
        tops.add(ax.get_ylim()[1])
        if n in (0, 96, 200):
            blitted = np.asarray(ex.fig.canvas.buffer_rgba()).astype(int)
            ex.fig.canvas.draw()
            full = np.asarray(ex.fig.canvas.buffer_rgba()).astype(int)
            assert np.mean(np.abs(blitted - full).max(axis=2) > 8) < 1e-3, n
            draws.clear()
    assert len(tops) >= 3
    assert draws == []
    ex.set(a=0.5, b=0.5, n=3)                   # the other sliders too
    assert draws == []


def test_the_crowd_agrees_with_the_bar():
    """The review's case: prevalence 0.001, sensitivity 0.5, false-positive rate 1e-4 showed 0
    positives (whole people, rounded down) while the bar said P(ill | +) = 83%."""
    out = diagnostic_test.compute(0.001, 0.5, 1 - 1e-4)
    assert out.posterior == pytest.approx(0.8335, abs=1e-4)
    assert out.counts["true_positive"] >= 1
    for prevalence in np.geomspace(*diagnostic_test.PREVALENCE_RANGE, 9):
        for sensitivity in np.linspace(*diagnostic_test.SENSITIVITY_RANGE, 6):
            for fpr in np.geomspace(*diagnostic_test.FALSE_POSITIVE_RANGE, 9):
                out = diagnostic_test.compute(prevalence, sensitivity, 1 - fpr)
                c = out.counts
                shown = c["true_positive"] + c["false_positive"]
                assert sum(c.values()) == diagnostic_test.POPULATION and min(c.values()) >= 0
                assert shown >= 1            # every setting has positives: the picture shows some
                # the share of ill among the pictured positives is the closest whole share
                assert abs(c["true_positive"] / shown - out.posterior) <= 0.5 / shown + 1e-12
                assert abs(shown - 1000 * out.evidence) <= 0.5 or shown == 1


def test_the_readout_arithmetic_is_right_as_written():
    import re

    ex = diagnostic_test.explorer()
    for prevalence, sensitivity, fpr in [(0.001, 0.8955, 1e-3 * 0.836), (0.01, 0.9, 0.09),
                                         (0.001, 0.5, 1e-4), (0.5, 1.0, 0.5), (0.02, 0.77, 0.003)]:
        ex.set(prevalence=prevalence, sensitivity=sensitivity, false_positive_rate=fpr)
        a, b, percent = re.search(r"ill</b>: ([\d.e+-]+) / ([\d.e+-]+) = ([\d.]+)%",
                                  ex.readout.value).groups()
        assert diagnostic_test._percent(float(a) / float(b)) == percent + "%"
    assert diagnostic_test._ratio(0.8955, 1.732, 0.8955 / 1.732) != ("0.9", "1.7")


def test_diagnostic_and_coin_pictures_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(diagnostic_test.explorer()) == []
    assert honest_at_corners(coin_posterior.explorer()) == []


@pytest.mark.parametrize("a, b", [(2.0, 20.0), (20.0, 2.0), (20.0, 20.0), (1.0, 20.0)])
def test_coin_y_axis_holds_the_prior_too(a, b):
    """The review's case: the prior Beta(2, 20) peaks at 7.92 while the y axis, sized on the
    posterior only, stopped at 6. The axis now holds both curves wherever they are finite."""
    ex = coin_posterior.explorer()
    ax = ex.fig.axes[0]
    for bias in (0.1, 0.7):
        for n in (0, 1, 10, 200):
            ex.set(a=a, b=b, bias=bias, n=n)
            top = ax.get_ylim()[1]
            prior, posterior = ax.lines[0].get_ydata(), ax.lines[1].get_ydata()
            assert np.max(prior) <= top and np.max(posterior) <= top, (bias, n, top)
