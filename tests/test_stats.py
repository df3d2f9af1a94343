"""mathlib.stats against numpy / scipy.stats, plus the defining properties.

Tolerances: sums are taken in a different order (around the first value, after scaling by a
power of two), so results agree with numpy to rtol 1e-12 relative to the size of the data
(atol scaled by max |x|, or by max |x|^2 for variances).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_iris
from mathlib.stats import (batch_norm, correlation, covariance, mean, median, mode, standardise,
                           std, variance)

values = st.floats(-1e6, 1e6, allow_nan=False)
vectors = hnp.arrays(float, st.integers(1, 30), elements=values)
matrices = hnp.arrays(float, st.tuples(st.integers(2, 12), st.integers(1, 4)), elements=values)


@pytest.fixture
def strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def scale(x):
    return float(np.max(np.abs(x))) + 1e-300


# -- mean, variance, std ------------------------------------------------------------------------

@given(vectors)
def test_mean_variance_std_match_numpy(x):
    s = scale(x)
    assert isinstance(mean(x), float)
    assert mean(x) == pytest.approx(np.mean(x), abs=1e-13 * s)
    for ddof in (0, 1):
        if ddof < x.size:
            assert variance(x, ddof=ddof) == pytest.approx(np.var(x, ddof=ddof), rel=1e-9, abs=1e-13 * s * s)
            # reference on x / s: numpy's variance of tiny data underflows to 0 before the sqrt
            assert std(x, ddof=ddof) == pytest.approx(s * np.std(x / s, ddof=ddof), rel=1e-9, abs=1e-13 * s)
            assert variance(x, ddof=ddof) >= 0.0


@given(hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=values),
       st.integers(-3, 2))
def test_axis_matches_numpy(x, axis):
    if not -x.ndim <= axis < x.ndim:
        return
    s = scale(x)
    assert_allclose(mean(x, axis=axis), np.mean(x, axis=axis), rtol=0, atol=1e-13 * s)
    assert_allclose(variance(x, axis=axis), np.var(x, axis=axis), rtol=1e-9, atol=1e-13 * s * s)
    assert_allclose(std(x, axis=axis), s * np.std(x / s, axis=axis), rtol=1e-9, atol=1e-13 * s)
    assert np.shape(mean(x, axis=axis)) == np.shape(np.mean(x, axis=axis))
    if x.shape[axis] > 1:
        assert_allclose(variance(x, ddof=1, axis=axis), np.var(x, axis=axis, ddof=1), rtol=1e-9, atol=1e-13 * s * s)
        assert_allclose(std(x, ddof=1, axis=axis), s * np.std(x / s, axis=axis, ddof=1), rtol=1e-9, atol=1e-13 * s)


def test_worked_examples():
    x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    assert mean(x) == 5.0
    assert variance(x) == 4.0 and std(x) == 2.0
    assert variance(x, ddof=1) == pytest.approx(32.0 / 7.0, rel=1e-15)
    assert std(x, ddof=1) == pytest.approx(np.sqrt(32.0 / 7.0), rel=1e-15)
    assert mean([[1.0, 2.0], [3.0, 6.0]]) == 3.0                       # axis None: every entry
    assert_array_equal(mean([[1.0, 2.0], [3.0, 6.0]], axis=0), [2.0, 4.0])
    assert_array_equal(mean([[1.0, 2.0], [3.0, 6.0]], axis=1), [1.5, 4.5])
    assert_array_equal(variance([[1.0, 2.0], [3.0, 6.0]], axis=0), [1.0, 4.0])
    assert_array_equal(std([[1.0, 2.0], [3.0, 6.0]], axis=-1), [0.5, 1.5])
    # a constant has its own value as mean and exactly zero spread (numpy: about 1e-34)
    assert mean([0.1, 0.1, 0.1]) == 0.1
    assert variance([0.1, 0.1, 0.1]) == 0.0 and std([0.1] * 3, ddof=1) == 0.0
    X = np.column_stack([np.arange(4) * 1.37 + 1.1, np.full(4, 1 / 3)])   # each column its own shift
    assert mean(X, axis=0)[1] == 1 / 3 and variance(X, axis=0)[1] == 0.0
    assert_allclose(variance(X, axis=0)[0], np.var(X[:, 0]), rtol=1e-15)
    # shifting moves the mean, not the spread; scaling by c scales std by |c|
    assert mean(np.array(x) + 10.0) == 15.0 and variance(np.array(x) + 10.0) == 4.0
    assert std(-3.0 * np.array(x)) == pytest.approx(6.0, rel=1e-15)


def test_extremes_without_warnings(strict):
    assert mean([1.7e308, 1.7e308]) == 1.7e308
    assert mean([1.7e308, -1.7e308]) == 0.0
    assert mean([5e-324, 5e-324]) == 5e-324
    assert std([1e300, -1e300]) == 1e300
    assert variance([1e300, -1e300]) == np.inf                    # the true 1e600 exceeds floats
    assert variance([1e-200, -1e-200]) == 0.0                     # the true 1e-400 underflows
    assert std([1e-200, -1e-200]) == 1e-200
    assert std([1.7e308, -1.7e308, 1.7e308, -1.7e308]) == 1.7e308
    assert variance([0.0, 0.0]) == 0.0 and mean([0.0]) == 0.0
    assert_array_equal(mean([[1.7e308, 1.0], [1.7e308, 3.0]], axis=0), [1.7e308, 2.0])


@pytest.mark.parametrize("f", [mean, variance, std])
def test_moments_bad_input(f):
    name = f.__name__
    with pytest.raises(ValueError, match=rf"^{name}: x is empty \(shape \(0,\)\)"):
        f([])
    with pytest.raises(ValueError, match=rf"^{name}: x is empty \(shape \(0, 3\)\)"):
        f(np.zeros((0, 3)), axis=0)
    with pytest.raises(ValueError, match=rf"^{name}: x holds nan at index \(1,\)"):
        f([1.0, np.nan])
    with pytest.raises(TypeError, match=rf"^{name}: x must be numbers"):
        f("abc")
    for bad in (2, -3):
        with pytest.raises(ValueError, match=rf"^{name}: axis {bad} does not exist for x, a matrix of "
                                             rf"shape \(2, 3\); expected None or an axis from -2 to 1$"):
            f(np.zeros((2, 3)), axis=bad)
    for bad in (0.0, True):
        with pytest.raises(TypeError, match=rf"^{name}: axis must be None or an integer, got "
                                            rf"{type(bad).__name__} {bad!r}$"):
            f(np.zeros((2, 3)), axis=bad)
    assert_array_equal(f(np.ones((2, 3)), axis=np.int64(1)), f(np.ones((2, 3)), axis=1))


@pytest.mark.parametrize("f", [variance, std])
def test_ddof_errors(f):
    name = f.__name__
    with pytest.raises(ValueError, match=rf"^{name}: ddof=1 with 1 value divides by n - ddof = 0; "
                                         rf"expected 0 <= ddof < n \(ddof=1 needs at least 2 values\)$"):
        f([3.0], ddof=1)
    with pytest.raises(ValueError, match=rf"^{name}: ddof=3 with 3 values divides by n - ddof = 0; "
                                         rf"expected 0 <= ddof < n \(ddof=3 needs at least 4 values\)$"):
        f([1.0, 2.0, 3.0], ddof=3)
    with pytest.raises(ValueError) as info:
        f([1.0, 2.0, 3.0], ddof=-1)
    assert str(info.value) == (
        f"{name}: ddof=-1 is negative; ddof is how many degrees of freedom the mean uses up: "
        "ddof=0 divides by n (the population variance), ddof=1 by n - 1 (the sample variance); "
        "ddof=-1 would divide by n - ddof = 4, more than the number of values")
    with pytest.raises(ValueError, match=rf"^{name}: ddof=2 with 2 values"):
        f(np.zeros((2, 5)), ddof=2, axis=0)
    for bad in (0.5, True, None):
        with pytest.raises(TypeError, match=rf"^{name}: ddof must be a whole number \(an int\), got "
                                            rf"{type(bad).__name__} {bad!r}$"):
            f([1.0, 2.0], ddof=bad)
    assert f([1.0, 3.0], ddof=np.int64(1)) == f([1.0, 3.0], ddof=1)
    assert f([1.0, 2.0, 3.0], ddof=2) > 0.0


# -- median, mode -------------------------------------------------------------------------------

@given(vectors)
def test_median_and_mode_match_numpy_and_scipy(x):
    assert median(x) == np.median(x)
    assert mode(x) == scipy.stats.mode(x).mode
    assert isinstance(median(x), float) and isinstance(mode(x), float)
    assert np.sum(x <= median(x)) >= x.size / 2 and np.sum(x >= median(x)) >= x.size / 2


def test_median_and_mode_worked_examples(strict):
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([7.0]) == 7.0
    assert median([1.0, 2.0, 3.0, 1000.0]) == 2.5 and mean([1.0, 2.0, 3.0, 1000.0]) == 251.5  # outlier
    assert median([1.7e308, 1.7e308]) == 1.7e308          # no overflow of the middle pair's sum
    assert median([-1.7e308, 1.7e308]) == 0.0
    assert mode([3.0, 1.0, 3.0, 2.0]) == 3.0
    assert mode([5.0, 2.0, 5.0, 2.0, 9.0]) == 2.0          # a tie: the smallest of the tied values
    assert mode([4.0, 3.0, 2.0]) == 2.0                    # no repeats: every value ties
    assert mode([1.0, 2.0, 2.0, 3.0, 3.0, 3.0]) == 3.0


@pytest.mark.parametrize("f", [median, mode])
def test_median_mode_bad_input(f):
    name = f.__name__
    with pytest.raises(ValueError, match=rf"^{name}: x is empty"):
        f([])
    with pytest.raises(ValueError, match=rf"^{name}: x must be a vector, got a matrix of shape \(2, 2\)"):
        f(np.eye(2))
    with pytest.raises(ValueError, match=rf"^{name}: x holds nan"):
        f([np.nan, 1.0])


# -- covariance, correlation --------------------------------------------------------------------

@given(matrices)
def test_covariance_matches_numpy(X):
    s = scale(X)
    for ddof in (0, 1):
        C = covariance(X, ddof=ddof)
        assert C.shape == (X.shape[1], X.shape[1])
        assert_allclose(C, np.atleast_2d(np.cov(X, rowvar=False, ddof=ddof)), rtol=1e-9, atol=1e-12 * s * s)
        assert_allclose(np.diag(C), variance(X, ddof=ddof, axis=0), rtol=1e-12, atol=1e-14 * s * s)
        assert_array_equal(C, C.T)


def test_covariance_worked_example_and_default_ddof(strict):
    X = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 7.0]])
    assert_allclose(covariance(X), [[1.0, 2.5], [2.5, 6.333333333333333]], rtol=1e-15)
    assert_allclose(covariance(X, ddof=0), np.cov(X, rowvar=False, ddof=0), rtol=1e-15)
    C = covariance([[1e300, 1.0], [-1e300, 2.0], [3e300, 3.0]])
    small = np.cov([[1.0, 1.0], [-1.0, 2.0], [3.0, 3.0]], rowvar=False)
    assert C[0, 0] == np.inf                                   # 4e600 exceeds the largest float
    assert C[0, 1] == pytest.approx(1e300 * small[0, 1], rel=1e-14) and C[1, 1] == small[1, 1]
    assert_allclose(covariance([[1e-160, 1.0], [-1e-160, 3.0]]), [[2e-320, -2e-160], [-2e-160, 2.0]],
                    rtol=1e-3)
    assert_array_equal(covariance([[1.0], [1.0]]), [[0.0]])


def test_covariance_bad_input():
    with pytest.raises(ValueError, match=r"^covariance: ddof=1 with 1 value divides by n - ddof = 0"):
        covariance([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"^covariance: X must be a matrix, got a vector of length 3"):
        covariance([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^covariance: X is empty"):
        covariance(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"^covariance: X holds inf"):
        covariance([[1.0, np.inf], [0.0, 0.0]])


@given(matrices)
def test_correlation_matches_numpy(X):
    if np.any(np.all(X == X[0], axis=0)):
        with pytest.raises(ValueError, match="is constant"):
            correlation(X)
        return
    R = correlation(X)
    # correlation does not change when a column is scaled: numpy's reference gets each column
    # scaled to largest |x| = 1, since np.corrcoef's variance underflows for tiny columns (1e-179)
    scaled = X / np.max(np.abs(X), axis=0)
    assert_allclose(R, np.atleast_2d(np.corrcoef(scaled, rowvar=False)), rtol=1e-9, atol=1e-9)
    assert np.all(np.abs(R) <= 1.0)
    assert_allclose(np.diag(R), 1.0, rtol=1e-14)


def test_correlation_worked_examples_and_iris(strict):
    t = np.arange(6.0)
    R = correlation(np.column_stack([t, 3 * t + 1, -t, t ** 2]))
    assert_allclose(R[0, :3], [1.0, 1.0, -1.0], rtol=1e-15)   # lines: +-1 whatever their slope
    assert R[0, 3] == pytest.approx(scipy.stats.pearsonr(t, t ** 2).statistic, rel=1e-13)
    assert np.max(R) <= 1.0 and np.min(R) >= -1.0
    # rounding can push |R| a hair above 1 for points on a line; the result is clipped to [-1, 1]
    assert correlation([[-0.032327469584200394, -0.4173896981325525],
                        [-0.003059816635210596, -0.5542420820588788]])[0, 1] == -1.0
    assert correlation([[-0.2413619215728576, 24.031051476326663], [1.170082899892381, -116.25691772954971],
                        [0.19165754551704384, -19.00812422562564], [-0.9786936378625104, 97.31678502840256],
                        [0.6606515090345096, -65.62291901680872]])[0, 1] >= -1.0
    X = load_iris().X
    assert_allclose(correlation(X), np.corrcoef(X, rowvar=False), rtol=1e-13, atol=1e-14)
    assert_allclose(correlation(X * 1e300), np.corrcoef(X, rowvar=False), rtol=1e-13, atol=1e-14)
    assert_allclose(correlation(X * 1e-300), np.corrcoef(X, rowvar=False), rtol=1e-13, atol=1e-14)


def test_correlation_bad_input():
    with pytest.raises(ValueError, match=r"^correlation: column 1 of X is constant \(every value is 3\); "
                                         r"its standard deviation is 0, so its correlation with any "
                                         r"column is undefined \(0/0\)$"):
        correlation([[1.0, 3.0, 4.0], [2.0, 3.0, 4.0]])
    with pytest.raises(ValueError, match=r"^correlation: X has 1 row; a correlation needs at least 2 "
                                         r"observations \(rows\)$"):
        correlation([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"^correlation: X must be a matrix"):
        correlation([1.0, 2.0])
    with pytest.raises(ValueError, match=r"^correlation: X is empty"):
        correlation(np.zeros((0, 2)))


# -- standardise, batch_norm --------------------------------------------------------------------

@given(matrices)
def test_standardise_matches_numpy(X):
    if np.any(np.all(X == X[0], axis=0)):
        with pytest.raises(ValueError, match="is constant"):
            standardise(X)
        return
    Z = standardise(X)
    Y = X / np.max(np.abs(X), axis=0)                 # standardising is unchanged by scaling
    sd = Y.std(axis=0)
    assert_allclose(Z, scipy.stats.zscore(Y, axis=0), rtol=1e-9, atol=1e-12 * np.max(1 / sd))
    assert_allclose(Z.mean(axis=0), 0.0, atol=1e-9)
    assert_allclose(Z.std(axis=0), 1.0, rtol=1e-9)


def test_standardise_iris_and_extremes(strict):
    X = load_iris().X
    Z = standardise(X)
    assert_allclose(Z, scipy.stats.zscore(X, axis=0), rtol=1e-12, atol=1e-13)
    assert_allclose(standardise(X * 1e300), Z, rtol=1e-12, atol=1e-13)
    assert_allclose(standardise(X * 1e-300), Z, rtol=1e-12, atol=1e-13)
    assert_array_equal(standardise([[1.7e308, 0.0], [-1.7e308, 1.0]]), [[1.0, -1.0], [-1.0, 1.0]])


def test_standardise_bad_input():
    with pytest.raises(ValueError, match=r"^standardise: column 0 of X is constant \(every value is "
                                         r"0.1\); its standard deviation is 0, so it cannot be scaled "
                                         r"to variance 1$"):
        standardise([[0.1, 1.0], [0.1, 2.0], [0.1, 4.0]])
    with pytest.raises(ValueError, match=r"^standardise: column 0 of X is constant"):
        standardise([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"^standardise: X must be a matrix"):
        standardise([1.0, 2.0])


def batch_norm_reference(X, gamma, beta, eps):
    return gamma * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps) + beta


@given(matrices, st.data())
def test_batch_norm_matches_numpy(X, data):
    d = X.shape[1]
    gamma = data.draw(hnp.arrays(float, d, elements=st.floats(-10, 10)))
    beta = data.draw(hnp.arrays(float, d, elements=st.floats(-10, 10)))
    eps = data.draw(st.sampled_from([1e-5, 1e-3, 1.0]))
    Y = batch_norm(X, gamma, beta, eps=eps)
    assert Y.shape == X.shape
    want = batch_norm_reference(X, gamma, beta, eps)
    tol = 1e-12 * np.max(np.abs(X), axis=0) / np.sqrt(X.var(axis=0) + eps) * (1 + np.abs(gamma))
    assert_allclose(Y, want, rtol=1e-9, atol=np.max(tol) + 1e-12)


def test_batch_norm_properties_and_default_eps(strict):
    X = load_iris().X[:32]                                       # a batch of 32 flowers
    gamma, beta = np.array([1.0, 2.0, 0.5, 3.0]), np.array([0.0, -1.0, 1.0, 5.0])
    Y = batch_norm(X, gamma, beta)
    assert_allclose(Y, batch_norm_reference(X, gamma, beta, 1e-5), rtol=1e-12, atol=1e-12)
    assert_allclose(Y.mean(axis=0), beta, atol=1e-12)            # each feature: mean beta ...
    v = X.var(axis=0)
    assert_allclose(Y.std(axis=0), np.abs(gamma) * np.sqrt(v / (v + 1e-5)), rtol=1e-12)  # ... std ~gamma
    # with gamma = 1 and beta = 0 it is standardisation, up to eps
    assert_allclose(batch_norm(X, np.ones(4), np.zeros(4), eps=1e-300), standardise(X), rtol=1e-12,
                    atol=1e-13)
    # a constant feature is mapped to beta
    assert_array_equal(batch_norm([[2.0, 1.0], [2.0, 3.0]], [5.0, 1.0], [0.5, 0.0])[:, 0], [0.5, 0.5])


def test_batch_norm_extremes(strict):
    ones, zeros = np.ones(2), np.zeros(2)
    assert_array_equal(batch_norm([[1e300, 1.0], [1e300, 2.0]], ones, zeros)[:, 0], [0.0, 0.0])
    assert_allclose(batch_norm([[1.7e308, 1.0], [-1.7e308, 2.0]], ones, zeros)[:, 0], [1.0, -1.0],
                    rtol=1e-15)
    tiny = batch_norm([[1e-300, 1.0], [3e-300, 2.0]], ones, zeros)[:, 0]
    assert_allclose(tiny, [-1e-300 / np.sqrt(1e-5), 1e-300 / np.sqrt(1e-5)], rtol=1e-12)
    assert_allclose(batch_norm([[1e-3, 1.0], [3e-3, 2.0]], ones, zeros)[:, 0],
                    batch_norm_reference(np.array([1e-3, 3e-3]), 1.0, 0.0, 1e-5), rtol=1e-12)
    assert_allclose(batch_norm([[1e3, 1.0], [3e3, 2.0]], ones, zeros, eps=1e6)[:, 0],
                    batch_norm_reference(np.array([1e3, 3e3]), 1.0, 0.0, 1e6), rtol=1e-12)
    col = np.array([1.7e308, -1.7e308, -1.7e308])              # deviations up to 2.3e308
    want = (col / 1e308 - np.mean(col / 1e308)) / np.std(col / 1e308)
    assert_allclose(batch_norm(np.column_stack([col, [1.0, 2.0, 3.0]]), ones, zeros)[:, 0], want,
                    rtol=1e-14)
    big = batch_norm([[1.0, 1.0], [2.0, 2.0]], [1e308, 1.0], [1e308, 0.0])[:, 0]
    assert big[0] == pytest.approx(1e308 * (1 - 1 / np.sqrt(1.00004)), rel=1e-9) and big[1] == np.inf


def test_batch_norm_bad_input():
    X = np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"^batch_norm: X has shape \(4, 3\), so gamma must have shape "
                                         r"\(3,\) \(one per feature\); got \(2,\)$"):
        batch_norm(X, np.ones(2), np.zeros(3))
    with pytest.raises(ValueError, match=r"^batch_norm: X has shape \(4, 3\), so beta must have shape "
                                         r"\(3,\) \(one per feature\); got \(4,\)$"):
        batch_norm(X, np.ones(3), np.zeros(4))
    for eps in (0.0, -1e-5):
        with pytest.raises(ValueError, match=rf"^batch_norm: eps must be > 0, got {eps}; it keeps "
                                             rf"sqrt\(var \+ eps\) away from 0$"):
            batch_norm(X, np.ones(3), np.zeros(3), eps=eps)
    with pytest.raises(ValueError, match=r"^batch_norm: X must be a matrix"):
        batch_norm(np.zeros(3), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"^batch_norm: gamma must be a vector"):
        batch_norm(X, np.ones((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match=r"^batch_norm: beta must be a vector, got a scalar"):
        batch_norm(X, np.ones(3), 0.0)
    with pytest.raises(ValueError, match=r"^batch_norm: beta holds nan at index \(2,\)"):
        batch_norm(X, np.ones(3), [0.0, 0.0, np.nan])
    with pytest.raises(ValueError, match=r"^batch_norm: gamma holds inf"):
        batch_norm(X, [1.0, np.inf, 1.0], np.zeros(3))
    with pytest.raises(ValueError, match=r"^batch_norm: X is empty"):
        batch_norm(np.zeros((0, 3)), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"^batch_norm: eps must be a single number"):
        batch_norm(X, np.ones(3), np.zeros(3), eps=[1.0])


def test_complex_data_is_refused_naming_the_dtype():
    for f in (mean, variance, std, median):
        with pytest.raises(TypeError, match=rf"^{f.__name__}: x holds complex numbers \(dtype "
                                            r"complex128"):
            f(np.array([1.0, 2.0 + 1j]))


# -- mad (moved here from explorers/outlier), standardise's ddof ----------------------------------

@given(hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-1e6, 1e6)))
def test_mad_matches_scipy(x):
    from mathlib.stats import mad
    assert mad(x) == pytest.approx(scipy.stats.median_abs_deviation(x), rel=1e-12, abs=1e-9)


def test_mad_is_robust_and_speaks_to_learners(strict):
    from mathlib.stats import mad
    x = np.array([4.9, 5.1, 4.7, 4.6, 5.0, 5.4, 4.6, 5.0, 4.4, 4.9])
    moved = x.copy()
    moved[-1] = 1e6                                             # one wild outlier
    assert abs(mad(moved) - mad(x)) <= 0.2 and std(moved) > 1e5
    assert mad([1.7e308, -1.7e308]) == np.inf or mad([1.7e308, -1.7e308]) == 1.7e308
    assert mad([3.0]) == 0.0
    with pytest.raises(ValueError, match=r"^mad: x must be a vector, got a matrix"):
        mad(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"^mad: x is empty"):
        mad([])


def test_standardise_ddof_as_standard_scaler():
    X = load_iris().X
    Z = standardise(X)                                          # ddof 0, as sklearn's StandardScaler
    assert_allclose(Z, (X - X.mean(axis=0)) / X.std(axis=0), rtol=1e-12, atol=1e-14)
    assert_allclose(standardise(X, ddof=1), (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), rtol=1e-12,
                    atol=1e-14)
    with pytest.raises(TypeError):
        standardise(X, 1)                                       # ddof is keyword-only
    with pytest.raises(ValueError, match=r"^standardise: ddof=150 with 150 values"):
        standardise(X, ddof=150)
