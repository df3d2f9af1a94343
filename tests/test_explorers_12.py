"""The explorers of notebook 12: their compute functions against numpy and scipy.stats, bad input,
and each explorer at every corner of its controls with warnings as errors. Tolerances: rtol 1e-12
for the same formula, 1e-10 where summation order differs."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

pytest.importorskip("ipympl")

from mathlib.explorers import correlation, outlier, scaling  # noqa: E402
from .explorer_checks import corners  # noqa: E402


# -- outlier --------------------------------------------------------------------------------------

def test_outlier_compute_against_numpy_and_scipy():
    x = outlier.sepal_lengths()
    out = outlier.compute(x, 49.0)
    d = np.append(x[:-1], 49.0)
    assert_allclose(out.data, d, rtol=0)
    assert_allclose(out.mean, np.mean(d), rtol=1e-12)
    assert_allclose(out.median, np.median(d), rtol=1e-12)
    assert_allclose(out.std, np.std(d), rtol=1e-10)
    assert_allclose(out.mad, stats.median_abs_deviation(d), rtol=1e-12)
    assert_allclose(out.original["mean"], np.mean(x), rtol=1e-12)
    assert_allclose(out.moved["mean"], (49.0 - x[-1]) / len(x), rtol=1e-10)
    assert abs(out.moved["median"]) <= 0.1 < out.moved["mean"]
    assert np.array_equal(x, outlier.sepal_lengths())          # the input is not changed


def test_outlier_at_its_own_value_moves_nothing():
    x = outlier.sepal_lengths()
    out = outlier.compute(x, x[-1])
    assert all(v == 0.0 for v in out.moved.values())


def test_outlier_bad_input():
    with pytest.raises(ValueError, match="value holds nan"):
        outlier.compute([1.0, 2.0], np.nan)
    with pytest.raises(ValueError, match="x must be"):
        outlier.compute([[1.0, 2.0]], 1.0)


def test_outlier_explorer_corners_and_readout():
    ex = outlier.explorer()
    assert "mean = <b>" in ex.readout.value and "median = <b>" in ex.readout.value
    for values in corners(ex):
        out = outlier.compute(outlier.sepal_lengths(), values["value"])
        text = ex.readout.value
        assert f"mean = <b>{out.mean:.2f}</b>" in text
        assert f"median = <b>{out.median:.2f}</b>" in text
        assert f"std = <b>{out.std:.2f}</b>" in text
        assert f"moved {out.moved['mean']:+.2f}" in text


# -- correlation ----------------------------------------------------------------------------------

def test_correlation_compute_against_numpy_and_scipy():
    x, e = correlation.draws()
    assert_allclose(np.sort(x), np.sort(-x), rtol=0)             # symmetric about 0
    for rho in (-0.8, 0.0, 0.35, 0.9):
        out = correlation.compute(rho, "straight line", x, e)
        y = rho * x + np.sqrt(1 - rho ** 2) * e
        assert_allclose(out.y, y, rtol=1e-12)
        assert_allclose(out.r, np.corrcoef(x, y)[0, 1], rtol=1e-10, atol=1e-12)
        assert_allclose(out.r, stats.pearsonr(x, y)[0], rtol=1e-10, atol=1e-12)
        slope, intercept = np.polyfit(x, y, 1)
        assert_allclose([out.slope, out.intercept], [slope, intercept], atol=1e-10)


def test_correlation_target_is_approached_with_many_draws():
    x, e = correlation.draws(20_000, seed=3)
    for rho in (-0.6, 0.3, 0.95):
        assert abs(correlation.compute(rho, "straight line", x, e).r - rho) < 0.02


@pytest.mark.parametrize("rho", [-1.0, 1.0])
def test_correlation_plus_minus_one_is_a_line_without_warnings(rho):
    x, e = correlation.draws()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = correlation.compute(rho, "straight line", x, e)
    assert_allclose(out.y, rho * x, rtol=0)
    assert_allclose(out.r, rho, atol=1e-12)


def test_correlation_u_shape_has_correlation_near_zero():
    x, e = correlation.draws()
    out = correlation.compute(1.0, "U shape", x, e)
    y = (x * x - 1) / np.sqrt(2)
    assert_allclose(out.y, y, rtol=1e-12)
    assert abs(np.corrcoef(x, out.y)[0, 1]) < 1e-12           # x symmetric: exactly 0
    assert abs(out.r) < 1e-12 and out.target == 0.0
    # ... yet y is a function of x: the correlation of y with x^2 is 1
    assert_allclose(np.corrcoef(x * x, out.y)[0, 1], 1.0, rtol=1e-12)
    weak = correlation.compute(0.5, "U shape", x, e)
    assert abs(weak.r) < 0.15


def test_correlation_bad_input():
    x, e = correlation.draws(10)
    with pytest.raises(ValueError, match=r"rho must lie in \[-1, 1\]"):
        correlation.compute(1.01, "straight line", x, e)
    with pytest.raises(ValueError, match="shape must be one of"):
        correlation.compute(0.5, "circle", x, e)
    with pytest.raises(ValueError, match="same shape"):
        correlation.compute(0.5, "U shape", x, e[:5])


def test_correlation_explorer_corners_and_readout():
    ex = correlation.explorer()
    assert "sample correlation r = <b>" in ex.readout.value
    for values in corners(ex):
        text = ex.readout.value
        out = correlation.compute(values["rho"], values["shape"], *correlation.draws())
        assert f"r = <b>{out.r:+.3f}</b>" in text
        if values["shape"] == "straight line":
            assert f"rho = <b>{values['rho']:+.2f}</b>" in text
        else:
            assert "yet r is near 0" in text


# -- scaling --------------------------------------------------------------------------------------

def test_scaling_compute_against_numpy_and_scipy():
    X = np.random.default_rng(4).normal([5.0, -3.0, 100.0], [0.5, 2.0, 30.0], size=(40, 3))
    z = scaling.compute(X, "standardise")
    assert_allclose(z.Z, stats.zscore(X, axis=0), rtol=1e-10, atol=1e-12)
    assert_allclose(z.mean, 0.0, atol=1e-12)
    assert_allclose(z.std, 1.0, rtol=1e-12)
    m = scaling.compute(X, "min-max")
    assert_allclose(m.Z, (X - X.min(0)) / np.ptp(X, axis=0), rtol=1e-12)
    assert_allclose(m.min, 0.0, atol=0) and assert_allclose(m.max, 1.0, rtol=1e-15)
    n = scaling.compute(X, "none")
    assert_allclose(n.Z, X, rtol=0)
    assert_allclose(n.mean, X.mean(axis=0), rtol=1e-12)
    assert_allclose(n.std, X.std(axis=0), rtol=1e-10)


def test_scaling_keeps_the_shape_of_each_feature():
    """Both scalings are x -> a x + b with a > 0: the order of the values and their
    standardised form (the shape of the distribution) do not change."""
    X = np.random.default_rng(5).exponential(size=(30, 2))
    for method in scaling.METHODS:
        Z = scaling.compute(X, method).Z
        assert np.array_equal(np.argsort(Z, axis=0), np.argsort(X, axis=0))
        assert_allclose(stats.zscore(Z), stats.zscore(X), atol=1e-10)
        assert_allclose(stats.skew(Z), stats.skew(X), rtol=1e-9)


def test_scaling_bad_input():
    with pytest.raises(ValueError, match="method must be one of"):
        scaling.compute(np.eye(3), "log")
    with pytest.raises(ValueError, match="column 1 of X is constant"):
        scaling.compute([[1.0, 2.0], [3.0, 2.0]], "min-max")
    with pytest.raises(ValueError, match="column 1 of X is constant"):
        scaling.compute([[1.0, 2.0], [3.0, 2.0]], "standardise")
    with pytest.raises(ValueError, match="X must be"):
        scaling.compute([1.0, 2.0], "none")


def test_scaling_explorer_corners_and_readout():
    ex = scaling.explorer()
    assert "sepal length: mean <b>+5.84</b>, std <b>0.83</b>" in ex.readout.value
    for values in corners(ex):
        text = ex.readout.value
        if values["method"] == "standardise":
            assert text.count("std <b>1.00</b>") == 2 and text.count("mean <b>+0.00</b>") == 2
        if values["method"] == "min-max":
            assert text.count("range [0.00, 1.00]") == 2


# -- fixes from the review ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,words", [
    (49.0, "the mean moved"), (4.5, "the median moved more than the mean"),
    (5.2, "the median moved more than the mean"), (3.9, "moved about equally far")])
def test_outlier_ratio_is_written_with_decimals_never_as_zero_times(value, words):
    x = outlier.sepal_lengths()
    out = outlier.compute(x, value)
    text = outlier.readout(out)
    assert words in text
    times = abs(out.moved["mean"]) / abs(out.moved["median"])
    if words == "the mean moved":
        assert f"{times:.2f} times as far as the median" in text
    if "median moved more" in words:
        assert f"only {times:.2f} times as far" in text and times < 1
    assert "moved 0 times" not in text and "moved 1 times" not in text


def test_outlier_ratio_over_the_whole_slider_never_rounds_to_a_whole_number():
    x = outlier.sepal_lengths()
    for value in np.arange(0.0, 50.05, 0.1):
        text = outlier.readout(outlier.compute(x, value))
        assert not re.search(r"moved \d+ times", text), (value, text)


def test_correlation_readout_defines_r_squared_and_has_no_u_at_strength_zero():
    x, e = correlation.draws()
    line = correlation.readout(correlation.compute(0.6, "straight line", x, e), 0.6,
                               "straight line")
    r = correlation.compute(0.6, "straight line", x, e).r
    assert f"r&sup2; = {r * r:.2f}" in line and "variance of the residuals" in line
    flat = correlation.readout(correlation.compute(0.0, "U shape", x, e), 0.0, "U shape")
    assert "no U at all" in flat and "weak U" not in flat and "pure noise" in flat
    weak = correlation.readout(correlation.compute(0.3, "U shape", x, e), 0.3, "U shape")
    assert "weak U" in weak
    strong = correlation.readout(correlation.compute(-0.9, "U shape", x, e), -0.9, "U shape")
    assert "yet r is near 0" in strong


def test_the_u_shape_does_not_call_its_slider_a_correlation():
    ex = correlation.explorer()
    assert ex.controls["rho"].description == "correlation rho"
    ex.set(shape="U shape", rho=-0.9)
    assert ex.controls["rho"].description == "U strength |rho|"
    text = ex.readout.value
    assert "<b>not a correlation</b>" in text and "correlation of the distribution = <b>0</b>" in text
    assert "target correlation rho" not in text
    ex.set(shape="straight line")
    assert ex.controls["rho"].description == "correlation rho"
    assert "target correlation rho = <b>-0.90</b>" in ex.readout.value


def test_explorers_of_12_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    for build in (correlation.explorer, outlier.explorer):
        assert honest_at_corners(build()) == []


@pytest.mark.parametrize("value", [0.0, 4.9, 20.0, 50.0])
def test_outlier_compares_the_scaled_mad_with_the_std_honestly(value):
    """The review's case: "scaled 1.4826 MAD = 0.44 cm (comparable with the std)" beside a std
    of 13.55. The readout says what is true in general (on the std's scale for normal data) and
    what holds here: they agree within a factor of 2, or the std is so many times as large."""
    out = outlier.compute(outlier.sepal_lengths(), value)
    text = outlier.readout(out)
    assert "comparable with the std" not in text and "on the std's scale for normal" in text
    ratio = out.std / (1.4826 * out.mad)
    if ratio > 2:
        assert f"the std is {ratio:.1f} times as large" in text
    else:
        assert "agree within a factor of 2" in text


def test_outlier_marks_an_end_of_mean_plus_minus_std_off_the_axis():
    """The review's case: at value 50 the bar mean +- std runs from -4.18, off the axis, with no
    mark. A triangle on the edge and the label now say so; at the measured value nothing."""
    ex = outlier.explorer()
    ax = ex.fig.axes[0]
    triangle = [a for a in ax.lines if a.get_marker() in ("<", ">")][0]
    assert len(triangle.get_xdata()) == 0
    ex.set(value=50.0)
    out = outlier.compute(outlier.sepal_lengths(), 50.0)
    left = out.mean - out.std
    assert left < outlier.X_LIMITS[0]
    assert list(triangle.get_xdata()) == [outlier.X_LIMITS[0]] and triangle.get_marker() == "<"
    label = [t.get_text() for t in ax.texts if "mean \u00b1 std" in t.get_text()][0]
    assert f"left end {left:.2f}: off the axis" in label
    ex.set(value=5.0)
    assert len(triangle.get_xdata()) == 0
