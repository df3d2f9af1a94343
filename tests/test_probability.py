"""mathlib.probability against scipy.stats / scipy.special, plus the defining properties.

Tolerances: densities and softmax agree with scipy to rtol 1e-12 (same formulas, different
rounding order); log-space results to 1e-12 relative to the size of the terms. Integrals are
numerical (scipy.integrate.quad or a fine grid) and agree with 1 to their stated accuracy.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.integrate
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.probability import (bayes_posterior, bernoulli_pmf, cross_entropy, entropy,
                                 gaussian_pdf, kl_divergence, kl_gaussian, log_softmax, logsumexp,
                                 mvn_pdf, sample_gaussian, softmax)

logits = st.floats(-50, 50, allow_nan=False)


def probability_vectors(min_size=1, max_size=8, allow_zeros=True):
    """Probability vectors: non-negative weights divided by their sum (some entries 0)."""
    low = 0.0 if allow_zeros else 1e-3
    return hnp.arrays(float, st.integers(min_size, max_size),
                      elements=st.floats(low, 10, allow_nan=False)).filter(
        lambda w: w.sum() > 1e-3).map(lambda w: w / w.sum())


@pytest.fixture
def strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# -- bernoulli_pmf ------------------------------------------------------------------------------

def test_bernoulli_worked_example():
    assert bernoulli_pmf(1, p=0.3) == 0.3
    assert bernoulli_pmf(0, p=0.3) == pytest.approx(0.7, rel=1e-15)
    assert isinstance(bernoulli_pmf(1, p=0.3), float)
    got = bernoulli_pmf([0, 1, 1, 0], p=0.25)
    assert isinstance(got, np.ndarray)
    assert_array_equal(got, [0.75, 0.25, 0.25, 0.75])
    assert bernoulli_pmf(1, p=1.0) == 1.0 and bernoulli_pmf(0, p=0.0) == 1.0   # the edges are allowed


@given(st.floats(0, 1), st.sampled_from([0, 1]))
def test_bernoulli_matches_scipy_and_sums_to_one(p, k):
    # abs 1e-13: scipy's pmf(0, p) for a tiny p (1.45e-150) is 1 - 2.2e-14, the exact 1 - p is 1.0
    assert bernoulli_pmf(k, p=p) == pytest.approx(scipy.stats.bernoulli.pmf(k, p), rel=1e-14, abs=1e-13)
    assert bernoulli_pmf(0, p=p) + bernoulli_pmf(1, p=p) == pytest.approx(1.0, rel=1e-15)


def test_bernoulli_bad_input():
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: p = 1.5 is not a probability; "
                                         r"expected 0 <= p <= 1$"):
        bernoulli_pmf(1, p=1.5)
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: p = -0.1 is not a probability"):
        bernoulli_pmf(0, p=-0.1)
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: k = 2.0; a Bernoulli outcome is 0 or 1$"):
        bernoulli_pmf(2, p=0.5)
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: k = 0.5; a Bernoulli outcome"):
        bernoulli_pmf([0, 1, 0.5, 3], p=0.5)
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: p must be a single number"):
        bernoulli_pmf(1, p=[0.5, 0.5])
    with pytest.raises(ValueError, match=r"^bernoulli_pmf: k holds nan"):
        bernoulli_pmf(np.nan, p=0.5)


# -- gaussian_pdf -------------------------------------------------------------------------------

@given(hnp.arrays(float, hnp.array_shapes(max_dims=2, max_side=5), elements=st.floats(-10, 10)),
       st.floats(-5, 5), st.floats(0.05, 20))
def test_gaussian_matches_scipy(z, mu, sigma):
    x = mu + sigma * z
    got = gaussian_pdf(x, mu=mu, sigma=sigma)
    assert got.shape == x.shape
    assert_allclose(got, scipy.stats.norm.pdf(x, mu, sigma), rtol=1e-12, atol=0)


def test_gaussian_defaults_and_types():
    assert gaussian_pdf(0.0) == pytest.approx(1 / np.sqrt(2 * np.pi), rel=1e-15)
    assert gaussian_pdf(1.0) == pytest.approx(np.exp(-0.5) / np.sqrt(2 * np.pi), rel=1e-15)
    assert gaussian_pdf(3.0, sigma=2.0) == pytest.approx(scipy.stats.norm.pdf(3.0, 0, 2), rel=1e-14)
    assert gaussian_pdf(3.0, mu=2.0) == pytest.approx(scipy.stats.norm.pdf(1.0), rel=1e-14)
    assert isinstance(gaussian_pdf(0.5, mu=1.0, sigma=2.0), float)


@pytest.mark.parametrize("mu, sigma", [(0.0, 1.0), (3.0, 0.2), (-50.0, 7.0)])
def test_gaussian_integrates_to_one(mu, sigma):
    total, err = scipy.integrate.quad(lambda x: gaussian_pdf(x, mu=mu, sigma=sigma), mu - 40 * sigma,
                                      mu + 40 * sigma, points=[mu], limit=200)
    assert total == pytest.approx(1.0, abs=1e-10)
    mean, _ = scipy.integrate.quad(lambda x: x * gaussian_pdf(x, mu=mu, sigma=sigma), mu - 40 * sigma,
                                   mu + 40 * sigma, points=[mu], limit=200)
    assert mean == pytest.approx(mu, abs=1e-8 * (1 + abs(mu)))


def test_gaussian_extremes_no_warning(strict):
    assert gaussian_pdf(1e300) == 0.0
    assert gaussian_pdf(1.7e308, mu=-1.7e308) == 0.0
    assert gaussian_pdf(0.0, sigma=1e-300) == pytest.approx(1 / (1e-300 * np.sqrt(2 * np.pi)), rel=1e-12)
    assert gaussian_pdf(0.0, sigma=1e-310) == np.inf        # the peak exceeds the largest float
    assert gaussian_pdf(1e-150, sigma=1e-300) == 0.0
    assert_array_equal(gaussian_pdf([-1e200, 1e200], mu=0, sigma=1e-200), [0.0, 0.0])


def test_gaussian_bad_input():
    for sigma in (0.0, -1.0):
        with pytest.raises(ValueError, match=rf"^gaussian_pdf: sigma must be > 0, got {sigma}$"):
            gaussian_pdf(0.0, mu=0.0, sigma=sigma)
    with pytest.raises(ValueError, match=r"^gaussian_pdf: x holds nan at index \(1,\)"):
        gaussian_pdf([0.0, np.nan])
    with pytest.raises(ValueError, match=r"^gaussian_pdf: mu must be a single number"):
        gaussian_pdf(0.0, mu=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"^gaussian_pdf: x is empty"):
        gaussian_pdf([])


# -- mvn_pdf ------------------------------------------------------------------------------------

def random_spd(rng, d):
    A = rng.normal(size=(d, d))
    return A @ A.T + 0.1 * np.eye(d)


@pytest.mark.parametrize("d", [1, 2, 3, 5])
def test_mvn_matches_scipy(d):
    rng = np.random.default_rng(d)
    cov, mean = random_spd(rng, d), rng.normal(size=d)
    X = mean + rng.normal(size=(7, d)) * 2
    got = mvn_pdf(X, mean=mean, cov=cov)
    assert got.shape == (7,)
    assert_allclose(got, scipy.stats.multivariate_normal(mean, cov).pdf(X), rtol=1e-10)
    one = mvn_pdf(X[0], mean=mean, cov=cov)
    assert isinstance(one, float)
    assert one == pytest.approx(got[0], rel=1e-14)


def test_mvn_one_dimension_and_diagonal_cases():
    x = np.array([[-1.0], [0.5], [2.0]])
    assert_allclose(mvn_pdf(x, mean=[0.5], cov=[[4.0]]), gaussian_pdf(x[:, 0], mu=0.5, sigma=2.0), rtol=1e-13)
    X = np.array([[0.3, -1.2, 2.0], [1.0, 1.0, 1.0]])
    sd = np.array([0.5, 2.0, 1.5])
    mean = np.array([0.0, -1.0, 1.0])
    product = np.prod([[gaussian_pdf(X[i, j], mu=mean[j], sigma=sd[j]) for j in range(3)] for i in range(2)],
                      axis=1)                       # independent coordinates: densities multiply
    assert_allclose(mvn_pdf(X, mean=mean, cov=np.diag(sd ** 2)), product, rtol=1e-13)


def test_mvn_integrates_to_one_in_two_dimensions():
    cov = np.array([[2.0, 1.2], [1.2, 1.0]])
    mean = np.array([1.0, -0.5])
    h = 0.05
    g = np.arange(-12, 12 + h / 2, h)
    P = np.stack(np.meshgrid(g + mean[0], g + mean[1]), axis=-1).reshape(-1, 2)
    f = mvn_pdf(P, mean=mean, cov=cov)
    assert np.sum(f) * h * h == pytest.approx(1.0, abs=1e-9)
    assert np.sum(f[:, None] * P, axis=0) * h * h == pytest.approx(mean, abs=1e-8)


def test_mvn_accepts_nearly_singular_and_rounding_asymmetry():
    c = 1 - 1e-10                       # correlation 1 - 1e-10: still positive definite
    cov = np.array([[1.0, c], [c, 1.0]])
    peak = 1 / (2 * np.pi * np.sqrt(1 - c * c))      # det(cov) = 1 - c^2
    assert mvn_pdf([0.0, 0.0], mean=[0, 0], cov=cov) == pytest.approx(peak, rel=1e-5)
    cov = np.array([[2.0, 0.5], [0.5 + 1e-14, 1.0]])      # asymmetric by rounding only
    assert mvn_pdf([0.0, 0.0], mean=[0, 0], cov=cov) == pytest.approx(
        scipy.stats.multivariate_normal([0, 0], (cov + cov.T) / 2).pdf([0, 0]), rel=1e-12)


def test_mvn_extremes_no_warning(strict):
    I2 = np.eye(2)
    assert mvn_pdf([1e300, 0.0], mean=[0.0, 0.0], cov=I2) == 0.0
    assert mvn_pdf([1.7e308, -1.7e308], mean=[-1.7e308, 1.7e308], cov=I2) == 0.0
    cov = np.array([[1.0, 0.5], [0.5, 1.0]])
    assert_array_equal(mvn_pdf([[1.7e308, -1.7e308], [-1.7e308, 0.0]], mean=[-1.7e308, 1.7e308], cov=cov),
                       [0.0, 0.0])
    assert mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=1e-310 * I2) == np.inf


def test_mvn_bad_input():
    I2 = np.eye(2)
    with pytest.raises(ValueError, match=r"^mvn_pdf: mean has length 2, so cov must have shape "
                                         r"\(2, 2\); got \(3, 3\)$"):
        mvn_pdf([[0.0, 0.0]], mean=[0.0, 0.0], cov=np.eye(3))
    with pytest.raises(ValueError, match=r"^mvn_pdf: X has shape \(4, 3\) but mean has length 2; "
                                         r"each point \(row of X\) needs 2 coordinates$"):
        mvn_pdf(np.zeros((4, 3)), mean=[0.0, 0.0], cov=I2)
    with pytest.raises(ValueError, match=r"^mvn_pdf: X has shape \(3,\) but mean has length 2"):
        mvn_pdf(np.zeros(3), mean=[0.0, 0.0], cov=I2)
    with pytest.raises(ValueError, match=r"^mvn_pdf: cov is not symmetric: cov\[0, 1\] = 0.5 but "
                                         r"cov\[1, 0\] = 0.3; a covariance matrix equals its transpose$"):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[1.0, 0.5], [0.3, 1.0]])
    with pytest.raises(ValueError, match=r"cov is not symmetric: cov\[0, 1\] = 0.5 but cov\[1, 0\] = 0.5"):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[1.0, 0.5], [0.5 - 1e-9, 1.0]])
    message = (r"^mvn_pdf: cov is not positive definite \(variable {j} has variance {v} and {left} left "
               r"once the others are known\); a covariance needs every variance > 0 and no variable an "
               r"exact linear combination of the others$")
    with pytest.raises(ValueError, match=message.format(j=1, v=1, left="-3")):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match=message.format(j=1, v=1, left="0")):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=message.format(j=0, v=-1, left="-1")):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[-1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match=message.format(j=0, v=0, left="0")):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=np.zeros((2, 2)))
    c = 1 - 1e-14                        # positive definite on paper, singular to rounding
    with pytest.raises(ValueError, match=r"cov is not positive definite \(variable 1"):
        mvn_pdf([0.0, 0.0], mean=[0.0, 0.0], cov=[[1.0, c], [c, 1.0]])
    with pytest.raises(ValueError, match=r"cov is not positive definite \(variable 2"):
        mvn_pdf([0.0, 0.0, 0.0], mean=[0.0, 0.0, 0.0], cov=[[2.0, 1.0, 3.0], [1.0, 2.0, 3.0], [3.0, 3.0, 6.0]])
    with pytest.raises(ValueError, match=r"^mvn_pdf: cov must be a matrix, got a vector"):
        mvn_pdf([0.0], mean=[0.0], cov=[1.0])
    with pytest.raises(ValueError, match=r"^mvn_pdf: X must be a vector or matrix, got a scalar"):
        mvn_pdf(0.0, mean=[0.0], cov=[[1.0]])
    with pytest.raises(ValueError, match=r"^mvn_pdf: mean must be a vector, got a scalar"):
        mvn_pdf([0.0], mean=0.0, cov=[[1.0]])
    with pytest.raises(ValueError, match=r"^mvn_pdf: mean must be a vector, got a matrix of shape \(1, 2\)"):
        mvn_pdf([0.0, 0.0], mean=[[0.0, 0.0]], cov=np.eye(2))
    with pytest.raises(ValueError, match=r"^mvn_pdf: mean holds nan"):
        mvn_pdf([0.0], mean=[np.nan], cov=[[1.0]])


# -- sample_gaussian ----------------------------------------------------------------------------

def test_sample_gaussian_is_the_reparameterisation():
    got = sample_gaussian(mu=2.0, sigma=3.0, size=5, rng=np.random.default_rng(7))
    assert_array_equal(got, 2.0 + 3.0 * np.random.default_rng(7).standard_normal(5))
    assert_array_equal(sample_gaussian(mu=2.0, sigma=3.0, size=5, rng=7), got)            # an int seed
    assert_array_equal(sample_gaussian(mu=2.0, sigma=3.0, size=5, rng=np.int64(7)), got)
    assert sample_gaussian(mu=0.0, sigma=1.0, size=(2, 3), rng=0).shape == (2, 3)


def test_sample_gaussian_has_the_right_distribution():
    x = sample_gaussian(mu=-1.5, sigma=0.5, size=200_000, rng=np.random.default_rng(1))
    assert abs(np.mean(x) + 1.5) < 5 * 0.5 / np.sqrt(x.size)
    assert np.std(x) == pytest.approx(0.5, rel=0.01)
    assert scipy.stats.kstest(x, scipy.stats.norm(-1.5, 0.5).cdf).pvalue > 1e-3


def test_sample_gaussian_extremes_and_bad_input(strict):
    x = sample_gaussian(mu=0.0, sigma=1e308, size=1000, rng=0)      # some draws exceed the largest float
    assert np.all(np.isinf(x) | (np.abs(x) <= 1.8e308)) and np.any(np.isinf(x))
    for rng in (True, "seed", np.random.RandomState(0)):
        with pytest.raises(TypeError, match=r"^sample_gaussian: rng must be None, an integer seed or "
                                            r"a numpy Generator such as np.random.default_rng\(0\); "
                                            rf"got {type(rng).__name__}"):
            sample_gaussian(mu=0.0, sigma=1.0, size=3, rng=rng)
    with pytest.raises(ValueError, match=r"^sample_gaussian: sigma must be > 0, got 0.0$"):
        sample_gaussian(mu=0.0, sigma=0.0, size=3, rng=0)
    with pytest.raises(ValueError, match=r"^sample_gaussian: mu holds nan"):
        sample_gaussian(mu=np.nan, sigma=1.0, size=3, rng=0)


# -- bayes_posterior ----------------------------------------------------------------------------

def test_bayes_diagnostic_test_worked_example():
    # prevalence 1%, sensitivity 90%, false-positive rate 5%: P(ill | positive) = 0.009 / 0.0585
    post = bayes_posterior([0.01, 0.99], [0.9, 0.05])
    assert_allclose(post, [0.009 / 0.0585, 0.0495 / 0.0585], rtol=1e-14)


@given(probability_vectors(), st.data())
def test_bayes_matches_direct_formula(prior, data):
    likelihood = data.draw(hnp.arrays(float, prior.shape, elements=st.floats(0, 1)))
    if not np.any((prior > 0) & (likelihood > 0)):
        with pytest.raises(ValueError, match="evidence"):
            bayes_posterior(prior, likelihood)
        return
    post = bayes_posterior(prior, likelihood)
    # reference in log space: posterior = softmax(log prior + log likelihood)
    log_joint = np.full(prior.shape, -np.inf)
    support = (prior > 0) & (likelihood > 0)
    log_joint[support] = np.log(prior[support]) + np.log(likelihood[support])
    assert_allclose(post, scipy.special.softmax(log_joint), rtol=1e-12, atol=1e-300)
    assert post.sum() == pytest.approx(1.0, abs=1e-12)
    assert_array_equal(post[prior == 0], 0.0)
    assert_array_equal(post[likelihood == 0], 0.0)


def test_bayes_tiny_and_huge_likelihoods(strict):
    tiny = np.array([2.0 ** -1060, 2.0 ** -1059])              # subnormal numbers
    assert_allclose(bayes_posterior([0.3, 0.7], tiny), [0.3 / 1.7, 1.4 / 1.7], rtol=1e-14)
    assert_allclose(bayes_posterior([0.5, 0.5], [1.7e308, 1.7e308]), [0.5, 0.5], rtol=1e-15)
    assert_allclose(bayes_posterior([0.25, 0.75], [1e308, 0.0]), [1.0, 0.0])


def test_bayes_bad_input():
    message = (r"^bayes_posterior: the evidence sum_h P\(data \| h\) P\(h\) is 0: every hypothesis "
               r"with prior mass gives the data likelihood 0, so the posterior is undefined$")
    with pytest.raises(ValueError, match=message):
        bayes_posterior([0.5, 0.5], [0.0, 0.0])
    with pytest.raises(ValueError, match=message):
        bayes_posterior([1.0, 0.0], [0.0, 0.7])
    with pytest.raises(ValueError, match=r"^bayes_posterior: prior sums to 0.9 \(off by 0.1, more "
                                         r"than the tolerance 1e-09 for float64\); probabilities "
                                         r"must sum to 1$"):
        bayes_posterior([0.4, 0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"^bayes_posterior: prior has 2 hypotheses but likelihood has "
                                         r"3 entries; give one likelihood per hypothesis$"):
        bayes_posterior([0.5, 0.5], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"^bayes_posterior: likelihood has a negative entry -0.2 at "
                                         r"index 1; a likelihood P\(data \| h\) is >= 0$"):
        bayes_posterior([0.5, 0.5], [0.1, -0.2])
    with pytest.raises(ValueError, match=r"^bayes_posterior: likelihood has a negative entry -0.2 at "
                                         r"index 2"):
        bayes_posterior([0.2, 0.3, 0.5], [0.0, 0.0, -0.2])
    with pytest.raises(ValueError, match=r"^bayes_posterior: likelihood must be a vector, got a matrix"):
        bayes_posterior([1.0], [[0.5]])
    with pytest.raises(ValueError, match=r"^bayes_posterior: likelihood holds nan"):
        bayes_posterior([0.5, 0.5], [0.1, np.nan])


# -- logsumexp, softmax, log_softmax ------------------------------------------------------------

arrays_2d = hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=logits)


@given(arrays_2d, st.integers(-2, 1))
def test_logsumexp_matches_scipy(z, axis):
    assert logsumexp(z) == pytest.approx(scipy.special.logsumexp(z), rel=1e-13, abs=1e-13)
    assert isinstance(logsumexp(z), float)
    if -z.ndim <= axis < z.ndim:
        got = logsumexp(z, axis=axis)
        want = scipy.special.logsumexp(z, axis=axis)
        assert np.shape(got) == np.shape(want)
        assert_allclose(got, want, rtol=1e-13, atol=1e-13)
        assert np.all(got >= np.max(z, axis=axis)) and np.all(
            got <= np.max(z, axis=axis) + np.log(z.shape[axis]) + 1e-12)


def test_logsumexp_extremes_are_exact_without_warnings(strict):
    assert logsumexp([1000.0, 1000.0]) == 1000.0 + np.log(2.0)
    assert logsumexp([-1000.0, -1000.0]) == -1000.0 + np.log(2.0)
    assert logsumexp([1000.0, -1000.0]) == 1000.0
    assert logsumexp([1e300, 1e300]) == 1e300
    assert logsumexp([1.7e308, -1.7e308]) == 1.7e308
    assert_array_equal(logsumexp([[1000.0, 1000.0], [-1000.0, 0.0]], axis=1),
                       [1000.0 + np.log(2.0), 0.0])
    assert_array_equal(logsumexp([[1000.0, 1000.0], [-1000.0, 0.0]], axis=0),
                       [1000.0, 1000.0])


@given(arrays_2d, st.integers(-2, 1), st.floats(0.05, 20))
def test_softmax_matches_scipy(z, axis, T):
    if not -z.ndim <= axis < z.ndim:
        axis = -1
    got = softmax(z, axis=axis, temperature=T)
    assert_allclose(got, scipy.special.softmax(z / T, axis=axis), rtol=1e-12, atol=1e-300)
    assert_allclose(np.sum(got, axis=axis), 1.0, rtol=1e-14)
    assert np.all(got >= 0)
    assert_allclose(log_softmax(z, axis=axis), scipy.special.log_softmax(z, axis=axis),
                    rtol=1e-12, atol=1e-12)


@given(hnp.arrays(float, st.integers(1, 8), elements=logits), st.floats(-1e3, 1e3))
def test_softmax_shift_invariance_and_log_softmax(z, c):
    assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-300)
    s = softmax(z)
    finite = s > 1e-300
    assert_allclose(log_softmax(z)[finite], np.log(s[finite]), rtol=1e-12, atol=1e-13)
    assert_allclose(log_softmax(z), z - logsumexp(z), rtol=1e-12, atol=1e-12)


def test_softmax_defaults_and_temperature():
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    assert_allclose(softmax(Z).sum(axis=1), [1.0, 1.0])                   # axis -1 by default
    assert_allclose(softmax(Z, axis=0).sum(axis=0), [1.0, 1.0, 1.0])
    assert_allclose(softmax([1.0, 2.0]), scipy.special.softmax([1.0, 2.0]), rtol=1e-15)
    assert_allclose(softmax([1.0, 2.0], temperature=2.0), scipy.special.softmax([0.5, 1.0]), rtol=1e-15)
    assert_allclose(log_softmax(Z), scipy.special.log_softmax(Z, axis=1), rtol=1e-14)
    assert_allclose(softmax([1.0, 2.0, 3.0], temperature=1e-3), [0.0, 0.0, 1.0], atol=1e-300)
    assert_allclose(softmax([1.0, 2.0, 3.0], temperature=1e6), [1 / 3] * 3, rtol=1e-5)


def test_softmax_and_log_softmax_extremes_without_warnings(strict):
    assert_array_equal(softmax([1000.0, -1000.0]), [1.0, 0.0])
    assert_array_equal(softmax([1000.0, 1000.0]), [0.5, 0.5])
    assert_array_equal(softmax([1e300, -1e300, 1e300]), [0.5, 0.0, 0.5])
    assert_array_equal(softmax([1.7e308, -1.7e308]), [1.0, 0.0])
    assert_array_equal(softmax([1.0, 2.0], temperature=1e-300), [0.0, 1.0])
    assert_array_equal(softmax([1e300, -1e300], temperature=1e-300), [1.0, 0.0])
    assert_array_equal(log_softmax([0.0, -1000.0]), [0.0, -1000.0])
    assert_array_equal(log_softmax([1000.0, -1000.0]), [0.0, -2000.0])
    assert_array_equal(log_softmax([1000.0, 1000.0]), [-np.log(2.0)] * 2)
    assert_array_equal(log_softmax([1e300, -1e300]), [0.0, -2e300])
    assert_array_equal(log_softmax([1.7e308, -1.7e308]), [0.0, -np.inf])
    # each row is shifted by its own maximum, not the largest logit of the whole batch
    rows = np.array([[0.0, 0.0], [-1000.0, -1000.0]])
    assert_array_equal(log_softmax(rows), np.full((2, 2), -np.log(2.0)))
    assert_array_equal(softmax(rows), np.full((2, 2), 0.5))
    assert_array_equal(log_softmax(rows.T, axis=0), np.full((2, 2), -np.log(2.0)))
    assert_array_equal(logsumexp(rows, axis=1), [np.log(2.0), -1000.0 + np.log(2.0)])


@pytest.mark.parametrize("f", [softmax, log_softmax, logsumexp])
def test_axis_errors(f):
    name = f.__name__
    Z = np.zeros((2, 3))
    for bad in (2, -3):
        with pytest.raises(ValueError, match=rf"^{name}: axis {bad} does not exist for z, a matrix of "
                                             rf"shape \(2, 3\); expected an axis from -2 to 1$"):
            f(Z, axis=bad)
    for bad in (1.0, True, "0"):
        with pytest.raises(TypeError, match=rf"^{name}: axis must be an integer, got "
                                            rf"{type(bad).__name__} {bad!r}$"):
            f(Z, axis=bad)
    assert np.shape(f(Z, axis=np.int64(-2))) == np.shape(f(Z, axis=0))
    with pytest.raises(ValueError, match=rf"^{name}: z is empty"):
        f([])
    with pytest.raises(ValueError, match=rf"^{name}: z holds nan"):
        f([0.0, np.nan])


def test_softmax_temperature_errors():
    for T in (0.0, -1.0):
        with pytest.raises(ValueError, match=rf"^softmax: temperature must be > 0, got {T}$"):
            softmax([1.0, 2.0], temperature=T)
    with pytest.raises(ValueError, match=r"^softmax: temperature holds inf"):
        softmax([1.0, 2.0], temperature=np.inf)


# -- entropy, cross-entropy, KL -----------------------------------------------------------------

@given(probability_vectors())
def test_entropy_matches_scipy_and_is_at_most_log_k(p):
    h = entropy(p)
    assert h == pytest.approx(scipy.stats.entropy(p), rel=1e-12, abs=1e-14)
    assert entropy(p, base=2) == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12, abs=1e-14)
    assert -1e-15 <= h <= np.log(p.size) + 1e-12
    assert h == pytest.approx(entropy(np.ones(p.size) / p.size), abs=1e-12) or h < np.log(p.size)


def test_entropy_worked_examples(strict):
    assert entropy([0.5, 0.5], base=2) == 1.0
    assert entropy([0.25] * 4, base=2) == 2.0
    assert entropy([0.25] * 4) == pytest.approx(np.log(4.0), rel=1e-15)
    assert entropy([0.25] * 4, base=np.e) == pytest.approx(np.log(4.0), rel=1e-15)
    assert entropy([0.0, 1.0, 0.0]) == 0.0
    assert str(entropy([0.0, 1.0])) == "0.0" and str(cross_entropy([1.0, 0.0], [1.0, 0.0])) == "0.0"
    assert entropy([0.5, 0.0, 0.5]) == pytest.approx(np.log(2.0), rel=1e-15)
    assert entropy([1e-300, 1.0]) == pytest.approx(1e-300 * 690.7755, rel=1e-6)
    assert isinstance(entropy([1.0]), float)
    u = np.ones(5) / 5
    for p in np.random.default_rng(0).dirichlet(np.ones(5), size=50):
        assert entropy(p) < entropy(u)                          # the uniform distribution is maximal


def test_entropy_bad_input():
    with pytest.raises(ValueError, match=r"^entropy: base must not be 1 \(log base 1 is undefined\); "
                                         r"use 2 for bits, e or None for nats$"):
        entropy([0.5, 0.5], base=1)
    for base in (0.0, -2.0):
        with pytest.raises(ValueError, match=rf"^entropy: base must be > 0, got {base}$"):
            entropy([0.5, 0.5], base=base)
    with pytest.raises(ValueError, match=r"^entropy: p has a negative entry -0.5 at index 0; "
                                         r"probabilities must be >= 0$"):
        entropy([-0.5, 1.5])
    with pytest.raises(ValueError, match=r"^entropy: p sums to 0.8 \(off by 0.2, more than the tolerance 1e-09 "
                                         r"for float64\); probabilities must sum to 1$"):
        entropy([0.5, 0.3])
    with pytest.raises(ValueError, match=r"^entropy: p holds nan at index \(0,\)"):
        entropy([np.nan, 1.0])
    with pytest.raises(ValueError, match=r"^entropy: p must be a probability vector, got a matrix of "
                                         r"shape \(2, 2\); for a batch of distributions \(one per "
                                         r"row\) pass axis=-1$"):
        entropy(np.eye(2) / 2)


@given(probability_vectors(max_size=6), st.data())
def test_cross_entropy_and_kl_match_scipy_and_gibbs(p, data):
    q = data.draw(probability_vectors(p.size, p.size, allow_zeros=False))
    kl = kl_divergence(p, q)
    assert kl == pytest.approx(scipy.stats.entropy(p, q), rel=1e-9, abs=1e-12)
    assert kl == pytest.approx(np.sum(scipy.special.rel_entr(p, q)), rel=1e-9, abs=1e-12)
    assert kl >= -1e-12                                        # Gibbs' inequality
    assert kl_divergence(p, p) == 0.0
    if np.max(np.abs(p - q)) > 1e-3:
        assert kl > 0
    h = cross_entropy(p, q)
    assert h == pytest.approx(-np.sum(scipy.special.xlogy(p, q)), rel=1e-12)
    assert h == pytest.approx(entropy(p) + kl, rel=1e-9, abs=1e-12)
    assert cross_entropy(p, p) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


def test_cross_entropy_and_kl_worked_examples(strict):
    q = np.array([0.7, 0.2, 0.1])
    assert cross_entropy([0.0, 1.0, 0.0], q) == pytest.approx(-np.log(0.2), rel=1e-15)  # NLL of class 1
    assert kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(
        0.5 * np.log(2.0) + 0.5 * np.log(2.0 / 3.0), rel=1e-14)
    assert kl_divergence([0.5, 0.5], [0.9, 0.1]) != pytest.approx(kl_divergence([0.9, 0.1], [0.5, 0.5]))
    # mass where q has none: infinite, and no warning
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
    # outcomes p gives probability 0 contribute nothing, even where q is also 0
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2.0), rel=1e-15)
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert cross_entropy([0.0, 1.0], [1e-300, 1.0]) == 0.0
    assert kl_divergence([1.0, 0.0], [1e-300, 1.0]) == pytest.approx(300 * np.log(10.0), rel=1e-12)


@pytest.mark.parametrize("f", [cross_entropy, kl_divergence])
def test_cross_entropy_and_kl_bad_input(f):
    name = f.__name__
    with pytest.raises(ValueError, match=rf"^{name}: p_true has 2 outcomes and q_model has 3; both distributions "
                                         rf"must be over the same outcomes$"):
        f([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=rf"^{name}: q_model sums to 1.1 \(off by 0.1, more than the tolerance "
                                         rf"1e-09 for float64\); probabilities must sum to 1$"):
        f([0.5, 0.5], [0.6, 0.5])
    with pytest.raises(ValueError, match=rf"^{name}: p_true has a negative entry -0.5 at index 1"):
        f([1.5, -0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match=rf"^{name}: q_model holds nan"):
        f([0.5, 0.5], [np.nan, 0.5])


@given(st.floats(-5, 5), st.floats(0.1, 5), st.floats(-5, 5), st.floats(0.1, 5))
def test_kl_gaussian_matches_integral(mu1, s1, mu2, s2):
    kl = kl_gaussian(mu1, s1, mu2, s2)

    # the two Gaussian log-densities written out with math (scipy.stats.norm.pdf and logpdf give
    # the same numbers but cost most of this test's time in quad's hundreds of scalar calls)
    def log_density(x, mu, s):
        return -0.5 * ((x - mu) / s) ** 2 - math.log(s) - 0.5 * math.log(2 * math.pi)

    def integrand(x):
        log_p = log_density(x, mu1, s1)
        return math.exp(log_p) * (log_p - log_density(x, mu2, s2))
    numeric, _ = scipy.integrate.quad(integrand, mu1 - 30 * s1, mu1 + 30 * s1, points=[mu1],
                                      limit=200, epsabs=1e-12)
    assert kl == pytest.approx(numeric, rel=1e-7, abs=1e-9)
    assert kl >= -1e-15
    assert kl_gaussian(mu1, s1, mu1, s1) == 0.0


def test_kl_gaussian_worked_examples_and_extremes(strict):
    assert kl_gaussian(3.0, 1.0, 0.0, 1.0) == pytest.approx(4.5, rel=1e-15)     # mu^2 / 2
    assert kl_gaussian(0.0, 2.0, 0.0, 1.0) == pytest.approx(1.5 - np.log(2.0), rel=1e-15)
    assert kl_gaussian(0.0, 1.0, 0.0, 2.0) == pytest.approx(np.log(2.0) + 0.125 - 0.5, rel=1e-15)
    assert kl_gaussian(0.0, 1e200, 0.0, 1e-200) == np.inf
    assert kl_gaussian(1e300, 1.0, -1e300, 1e-10) == np.inf
    assert kl_gaussian(0.0, 1e-200, 0.0, 1e200) == pytest.approx(400 * np.log(10.0) - 0.5, rel=1e-14)


def test_kl_gaussian_bad_input():
    with pytest.raises(ValueError, match=r"^kl_gaussian: sigma_true must be > 0, got 0.0$"):
        kl_gaussian(0.0, 0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"^kl_gaussian: sigma_model must be > 0, got -1.0$"):
        kl_gaussian(0.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match=r"^kl_gaussian: mu_true holds nan"):
        kl_gaussian(np.nan, 1.0, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"^kl_gaussian: mu_model must be a single number"):
        kl_gaussian(0.0, 1.0, [0.0, 1.0], 1.0)


# -- issue 14, section 6: float32, plain messages, masked logits, batches ------------------------

def test_float32_probabilities_are_accepted_with_a_tolerance_from_their_dtype(strict):
    """A float32 softmax output sums to 1 only to float32's precision (here 1 + 1.5e-8 after
    widening): accepted, with the same values as scipy; float64 keeps its 1e-9 tolerance."""
    p = np.full(10, 0.1, dtype=np.float32)
    q = (np.arange(1, 11) / 55).astype(np.float32)
    assert abs(float(np.sum(p.astype(float))) - 1.0) > 1e-9          # float64's tolerance fails
    p64, q64 = p.astype(float), q.astype(float)      # scipy.stats.entropy would renormalise
    assert entropy(p) == pytest.approx(-np.sum(scipy.special.xlogy(p64, p64)), rel=1e-12)
    assert kl_divergence(p, q) == pytest.approx(np.sum(scipy.special.rel_entr(p64, q64)), rel=1e-9)
    assert cross_entropy(p, q) == pytest.approx(-np.sum(scipy.special.xlogy(p, q.astype(float))),
                                                rel=1e-12)
    assert_allclose(bayes_posterior(p, np.ones(10)), p, rtol=1e-6)
    batch = softmax(np.random.default_rng(0).normal(size=(4, 50))).astype(np.float32)
    assert_allclose(entropy(batch, axis=-1), scipy.stats.entropy(batch.astype(float), axis=-1),
                    rtol=1e-6)
    with pytest.raises(ValueError, match=r"^entropy: p sums to 1.000001013 \(off by 1e-06, more than "
                                         r"the tolerance 4.8e-07 for float32\); probabilities must "
                                         r"sum to 1$"):
        entropy(np.array([0.5, 0.500001], dtype=np.float32))
    with pytest.raises(ValueError, match=r"^entropy: p sums to 1.00000001 \(off by 1e-08, more "
                                         r"than the tolerance 1e-09 for float64\)"):
        entropy([0.5, 0.50000001])


def test_softmax_of_a_single_number_says_what_softmax_needs():
    for f in (softmax, log_softmax):
        with pytest.raises(ValueError) as info:
            f(3.0)
        assert str(info.value) == (
            f"{f.__name__}: z is a single number (3); {f.__name__} works on a vector of logits, one "
            "per class (a single class gets probability 1 whatever its logit): pass a vector "
            "such as [3, 0.0]")
    assert logsumexp(3.0) == 3.0                               # a sum of one term is fine


def test_softmax_accepts_masked_logits(strict):
    """-inf marks a masked position (attention masks): probability exactly 0, the rest as if it
    were absent; scipy.special.softmax agrees."""
    z = np.array([[1.0, -np.inf, 2.0], [-np.inf, 0.5, -np.inf]])
    s = softmax(z)
    assert_allclose(s, scipy.special.softmax(z, axis=-1), rtol=1e-15)
    assert s[0, 1] == 0.0 and s[1, 1] == 1.0
    assert_allclose(s[0, [0, 2]], softmax([1.0, 2.0]), rtol=1e-15)
    assert_allclose(softmax(z, temperature=0.5), scipy.special.softmax(z / 0.5, axis=-1), rtol=1e-15)
    assert_allclose(log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-15)
    assert_allclose(logsumexp(z, axis=1), scipy.special.logsumexp(z, axis=1), rtol=1e-15)
    assert_allclose(softmax(z.T, axis=0), s.T, rtol=1e-15)


def test_softmax_refuses_a_row_that_is_all_masked_and_nan_or_plus_inf():
    z = np.array([[1.0, -np.inf], [-np.inf, -np.inf]])
    for f in (softmax, log_softmax):
        with pytest.raises(ValueError) as info:
            f(z)
        assert str(info.value) == (
            f"{f.__name__}: the slice of z at 1 along axis -1 is all -inf (every entry masked), so "
            "there is nothing to normalise: exp(-inf) sums to 0 and 0 / 0 is undefined; leave at "
            "least one finite logit in each slice")
    with pytest.raises(ValueError, match=r"^softmax: every entry of z is -inf "):
        softmax([-np.inf, -np.inf])
    with pytest.raises(ValueError, match=r"^logsumexp: every entry of z is -inf "):
        logsumexp(z[1])
    with pytest.raises(ValueError, match=r"^logsumexp: the slice of z at 1 along axis 1 is all -inf"):
        logsumexp(z, axis=1)
    with pytest.raises(ValueError, match=r"^log_softmax: the slice of z at 0 along axis 0 is all "):
        log_softmax(np.array([[-np.inf, 0.0], [-np.inf, 1.0]]), axis=0)
    with pytest.raises(ValueError, match=r"^softmax: z holds inf at index \(0, 1\); expected finite "
                                         r"logits, or -inf for a masked entry \(probability 0\)$"):
        softmax([[0.0, np.inf]])


def test_entropy_kl_and_cross_entropy_take_axis_for_batches(strict):
    rng = np.random.default_rng(1)
    P = softmax(rng.normal(size=(5, 4)))
    Q = softmax(rng.normal(size=(5, 4)))
    P[0] = [1.0, 0.0, 0.0, 0.0]                                 # zeros count 0
    assert_allclose(entropy(P, axis=-1), scipy.stats.entropy(P, axis=-1), rtol=1e-12)
    assert_allclose(entropy(P, base=2, axis=1), scipy.stats.entropy(P, base=2, axis=1), rtol=1e-12)
    assert_allclose(entropy(P.T, axis=0), scipy.stats.entropy(P, axis=1), rtol=1e-12)
    assert_allclose(kl_divergence(P, Q, axis=-1), scipy.stats.entropy(P, Q, axis=-1), rtol=1e-10)
    assert_allclose(cross_entropy(P, Q, axis=1),
                    -np.sum(scipy.special.xlogy(P, Q), axis=1), rtol=1e-12)
    assert entropy(P, axis=-1)[0] == 0.0 and not np.signbit(entropy(P, axis=-1)[0])
    # 1-D with an axis: the same number as without, as a 0-d array
    assert float(entropy(P[1], axis=0)) == pytest.approx(entropy(P[1]), rel=1e-15)
    # rows where q has no mass under p's: inf in that row only, no warning
    Q[2] = [0.0, 0.5, 0.5, 0.0]
    kl = kl_divergence(P, Q, axis=-1)
    assert kl[2] == np.inf and np.all(np.isfinite(np.delete(kl, 2)))
    assert cross_entropy(P, Q, axis=-1)[2] == np.inf
    batch = np.stack([P, Q])                                    # (2, 5, 4): any axis of any array
    assert entropy(batch, axis=2).shape == (2, 5)


def test_axis_is_keyword_only_and_each_row_is_checked():
    P = np.array([[0.5, 0.5], [0.7, 0.2]])
    with pytest.raises(ValueError, match=r"^entropy: p along axis -1 at 1 sums to 0.9 \(off by 0.1, "):
        entropy(P, axis=-1)
    with pytest.raises(ValueError, match=r"^kl_divergence: q_model has a negative entry -0.5 at index "
                                         r"\(1, 0\); probabilities must be >= 0$"):
        kl_divergence(P[[0, 0]], [[0.5, 0.5], [-0.5, 1.5]], axis=1)
    with pytest.raises(ValueError, match=r"^cross_entropy: p_true has shape \(2, 2\) and q_model has shape "
                                         r"\(1, 2\); give one q_model per p_true, over the same outcomes$"):
        cross_entropy(P[[0, 0]], P[:1], axis=-1)
    with pytest.raises(ValueError, match=r"^kl_divergence: p_true has shape \(2,\) and q_model has shape "
                                         r"\(1, 2\); give one q_model per p_true"):
        kl_divergence(P[0], P[:1], axis=-1)
    with pytest.raises(ValueError, match=r"^entropy: axis 2 does not exist for p, a matrix of shape "
                                         r"\(2, 2\); expected None or an axis from -2 to 1$"):
        entropy(P[[0, 0]], axis=2)
    with pytest.raises(TypeError, match=r"^entropy: axis must be None or an integer, got float 1.0"):
        entropy(P[[0, 0]], axis=1.0)
    with pytest.raises(TypeError):
        kl_divergence(P[0], P[0], -1)                           # axis is keyword-only


def test_complex_probabilities_and_logits_are_refused():
    with pytest.raises(TypeError, match=r"^entropy: p holds complex numbers \(dtype complex128"):
        entropy(np.array([0.5 + 0.1j, 0.5]))
    with pytest.raises(TypeError, match=r"^softmax: z holds complex numbers"):
        softmax([1j, 0.0])
    with pytest.raises(TypeError, match=r"^gaussian_pdf: x holds complex numbers"):
        gaussian_pdf(1j)


# -- beta_pdf, credible_interval (moved here from explorers/coin_posterior) -----------------------

@pytest.mark.parametrize("a, b", [(1.0, 1.0), (0.5, 0.5), (2.0, 5.0), (20.0, 0.5), (250.0, 30.0)])
def test_beta_pdf_against_scipy(a, b):
    from mathlib.probability import beta_pdf
    theta = (np.arange(1000) + 0.5) / 1000
    assert_allclose(beta_pdf(theta, a=a, b=b), scipy.stats.beta.pdf(theta, a, b), rtol=1e-9)
    assert isinstance(beta_pdf(0.3, a=a, b=b), float)
    assert beta_pdf(0.3, a=1.0, b=1.0) == 1.0                      # Beta(1, 1) is uniform
    with np.errstate(all="raise"):
        assert beta_pdf(0.5, a=1e6, b=1e6) > 0                    # huge a, b: in logs, no overflow


def test_beta_pdf_bad_input():
    from mathlib.probability import beta_pdf
    with pytest.raises(ValueError, match=r"^beta_pdf: theta = 0.0 is outside \(0, 1\); theta must "
                                         r"lie strictly between 0 and 1$"):
        beta_pdf([0.0, 0.5], a=2.0, b=2.0)
    with pytest.raises(ValueError, match=r"^beta_pdf: a must be > 0, got 0.0$"):
        beta_pdf(0.5, a=0.0, b=1.0)
    with pytest.raises(ValueError, match=r"^beta_pdf: b must be > 0, got -1.0$"):
        beta_pdf(0.5, a=1.0, b=-1.0)
    with pytest.raises(TypeError):
        beta_pdf(0.5, 2.0, 2.0)                                    # a and b are keyword-only


def test_credible_interval_against_scipy_quantiles():
    from mathlib.probability import beta_pdf, credible_interval
    theta = (np.arange(1000) + 0.5) / 1000
    assert_allclose(credible_interval(theta, np.ones_like(theta)), [0.025, 0.975], atol=1e-12)
    for a, b in [(10.0, 4.0), (3.0, 30.0)]:
        got = credible_interval(theta, beta_pdf(theta, a=a, b=b))
        assert_allclose(got, scipy.stats.beta.ppf([0.025, 0.975], a, b), atol=1e-3)
        got = credible_interval(theta, beta_pdf(theta, a=a, b=b), level=0.5)
        assert_allclose(got, scipy.stats.beta.ppf([0.25, 0.75], a, b), atol=1e-3)


def test_credible_interval_bad_input():
    from mathlib.probability import credible_interval
    theta = np.linspace(0.05, 0.95, 10)
    with pytest.raises(ValueError, match=r"^credible_interval: level = 1.0 is outside \(0, 1\)"):
        credible_interval(theta, np.ones(10), level=1.0)
    with pytest.raises(ValueError, match=r"^credible_interval: theta has shape \(10,\) and density "
                                         r"has shape \(9,\)"):
        credible_interval(theta, np.ones(9))
    with pytest.raises(ValueError, match=r"^credible_interval: theta must be an evenly spaced"):
        credible_interval(theta ** 2, np.ones(10))
    with pytest.raises(ValueError, match=r"^credible_interval: density must be >= 0 with some mass"):
        credible_interval(theta, np.zeros(10))
    with pytest.raises(TypeError):
        credible_interval(theta, np.ones(10), 0.9)                 # level is keyword-only
