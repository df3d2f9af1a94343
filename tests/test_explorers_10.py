"""The explorers of notebook 10: their compute functions against numpy and scipy.stats, bad input,
and each explorer at every corner of its sliders with warnings as errors. Tolerances: densities and
covariances to rtol 1e-12 (the same formula), sample statistics by their own numpy computation."""

from __future__ import annotations


import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

pytest.importorskip("ipympl")

from mathlib.explorers import categorical, gaussian, gaussian2d  # noqa: E402
from .explorer_checks import corners  # noqa: E402

RTOL = 1e-12


# -- gaussian -------------------------------------------------------------------------------------

def test_gaussian_compute_against_numpy_and_scipy():
    eps = gaussian.standard_draws()
    out = gaussian.compute(1.5, 0.7, 1000, eps)
    x = 1.5 + 0.7 * eps[:1000]
    assert_allclose(out.x, x, rtol=RTOL)
    assert_allclose(out.density, stats.norm.pdf(gaussian.GRID, 1.5, 0.7), rtol=1e-10,
                    atol=1e-300)
    assert_allclose(out.sample_mean, np.mean(x), rtol=RTOL)
    assert_allclose(out.sample_std, np.std(x), rtol=1e-10)
    assert_allclose(out.peak, stats.norm.pdf(1.5, 1.5, 0.7), rtol=RTOL)
    counts, edges = np.histogram(x, bins=out.edges)
    assert_allclose(out.heights, counts / (1000 * np.diff(edges)), rtol=1e-9)
    inside = np.sum(out.heights * np.diff(out.edges))
    assert_allclose(inside, np.mean(np.abs(eps[:1000]) <= 4.0), rtol=1e-12)   # area = fraction


def test_gaussian_histogram_keeps_its_shape_as_mu_and_sigma_move():
    """The reparameterisation shifts and stretches the same draws: the bar areas do not change."""
    eps = gaussian.standard_draws()
    a, b = gaussian.compute(0.0, 1.0, 500, eps), gaussian.compute(-2.0, 0.25, 500, eps)
    assert_allclose(a.heights * np.diff(a.edges), b.heights * np.diff(b.edges),
                    rtol=1e-12)


def test_gaussian_law_of_large_numbers():
    eps = gaussian.standard_draws()
    small, large = (gaussian.compute(1.0, 2.0, n, eps) for n in (10, 10_000))
    assert abs(large.sample_mean - 1.0) < 0.06 and abs(large.sample_std - 2.0) < 0.06
    assert abs(large.within_1 - 0.6827) < 0.02
    assert abs(small.sample_mean - 1.0) > abs(large.sample_mean - 1.0)


def test_gaussian_bad_input():
    eps = gaussian.standard_draws(20)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        gaussian.compute(0.0, 0.0, 10, eps)
    with pytest.raises(ValueError, match="n = 30, but there are 20 draws"):
        gaussian.compute(0.0, 1.0, 30, eps)
    with pytest.raises(ValueError, match="mu holds nan"):
        gaussian.compute(np.nan, 1.0, 10, eps)


def test_gaussian_explorer_corners_and_readout():
    ex = gaussian.explorer()
    assert "sample mean" in ex.readout.value and "std of the samples (divides by n)" in ex.readout.value
    for values in corners(ex):
        text = ex.readout.value
        assert f"n = <b>{round(values['n'])}</b>" in text
        assert ("above 1" in text) == (values["sigma"] < 1 / np.sqrt(2 * np.pi))


# -- gaussian2d -----------------------------------------------------------------------------------

def test_gaussian2d_compute_against_numpy_and_scipy():
    eps = gaussian2d.standard_pairs()
    out = gaussian2d.compute(1.5, 0.5, -0.7, eps)
    C = out.cov
    assert_allclose(C, [[2.25, -0.525], [-0.525, 0.25]], rtol=RTOL)
    assert_allclose(out.L @ out.L.T, C, rtol=1e-12, atol=1e-15)
    assert_allclose(out.det, np.linalg.det(C), rtol=1e-10)
    lam, V = np.linalg.eigh(C)
    assert_allclose(out.eigenvalues, lam[::-1], rtol=1e-10)
    assert_allclose(np.abs(out.eigenvectors.T @ V[:, ::-1]), np.eye(2), atol=1e-10)
    assert_allclose(out.sample_cov, np.cov(out.samples, rowvar=False), rtol=1e-10)
    # the k-sigma ellipse is the set x^T C^-1 x = k^2
    for k in (1, 2):
        E = out.ellipses[k]
        assert_allclose(np.einsum("ni,ij,nj->n", E, np.linalg.inv(C), E), k * k, rtol=1e-9)
    # inside fraction by scipy's density: inside the k-sigma ellipse <=> density above its level
    dens = stats.multivariate_normal(np.zeros(2), C).pdf(out.samples)
    level = stats.multivariate_normal(np.zeros(2), C).pdf(out.ellipses[1][0])
    assert_allclose(out.inside[1], np.mean(dens >= level), atol=1 / len(eps))


def test_gaussian2d_sample_covariance_approaches_C():
    eps = np.random.default_rng(5).standard_normal((200_000, 2))
    out = gaussian2d.compute(2.0, 0.3, 0.9, eps)
    assert_allclose(out.sample_cov, out.cov, rtol=0.02, atol=0.01)
    assert abs(out.inside[2] - gaussian2d.INSIDE[2]) < 0.005


def test_gaussian2d_bad_input():
    eps = gaussian2d.standard_pairs(10)
    with pytest.raises(ValueError, match="strictly between -1 and 1"):
        gaussian2d.compute(1.0, 1.0, 1.0, eps)
    with pytest.raises(ValueError, match="must be > 0"):
        gaussian2d.compute(0.0, 1.0, 0.0, eps)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        gaussian2d.compute(1.0, 1.0, 0.0, np.zeros((10, 3)))


def test_gaussian2d_explorer_corners_and_readout():
    ex = gaussian2d.explorer()
    assert "det C" in ex.readout.value and "eigenvalues" in ex.readout.value
    for values in corners(ex):
        s1, s2, rho = values["s1"], values["s2"], values["rho"]
        assert f"{s1 * s1 * s2 * s2 * (1 - rho * rho):.4f}" in ex.readout.value
    ex.set(s1=1.0, s2=1.0, rho=0.0)
    assert "every direction is an eigenvector" in ex.readout.value


# -- categorical ----------------------------------------------------------------------------------

def test_categorical_compute_against_scipy():
    u = categorical.uniform_draws()
    z = np.array([2.0, 1.0, 0.0, -1.0])
    out = categorical.compute(z, u)
    assert_allclose(out.p, np.exp(z) / np.exp(z).sum(), rtol=1e-12)
    cdf = np.cumsum(out.p)
    want = np.array([int(np.argmax(ui < cdf)) for ui in u])           # first k with u < cdf_k
    assert np.array_equal(out.draws, want)
    counts = np.bincount(want, minlength=4)
    assert_allclose(out.final, counts / len(u), rtol=RTOL)
    assert_allclose(out.running.sum(axis=0), 1.0, rtol=1e-12)
    # the frequencies are close to p: a chi-square test does not reject at 1%
    assert stats.chisquare(counts, out.p * len(u)).pvalue > 0.01


def test_categorical_two_classes_is_bernoulli():
    """Softmax of (z, 0) is the sigmoid: p_0 = 1 / (1 + exp(-z)), a Bernoulli probability."""
    u = categorical.uniform_draws()
    out = categorical.compute([1.3, 0.0], u)
    p = 1 / (1 + np.exp(-1.3))
    assert_allclose(out.p, [p, 1 - p], rtol=1e-12)
    assert_allclose(stats.bernoulli.pmf(1, p), out.p[0], rtol=1e-12)


def test_categorical_bad_input():
    with pytest.raises(ValueError, match=r"uniform numbers in \[0, 1\)"):
        categorical.compute([0.0, 1.0], [0.5, 1.0])
    with pytest.raises(ValueError, match="logits"):
        categorical.compute([[0.0, 1.0]], [0.5])


def test_categorical_explorer_corners_and_readout():
    ex = categorical.explorer()
    for values in corners(ex):
        assert "sum = 1.000" in ex.readout.value
    ex.reset()
    assert "0.644, 0.237, 0.087, 0.032" in ex.readout.value


def test_categorical_readout_names_ties():
    """Review: equal logits said "most likely: cat"; a tie is named as a tie."""
    ex = categorical.explorer()
    assert "most likely: <b>cat</b>" in ex.readout.value
    ex.set(z0=0.0, z1=0.0, z2=0.0, z3=0.0)
    assert "all classes equally likely" in ex.readout.value and "most likely" not in ex.readout.value
    ex.set(z0=3.0, z1=3.0, z2=-1.0, z3=0.0)
    assert "a tie between <b>cat and dog</b>" in ex.readout.value


def test_categorical_running_lines_are_styled_unlike_the_dotted_targets():
    ex = categorical.explorer()
    ax_lln = ex.fig.axes[1]
    # the dash pattern as drawn: (offset, (on, off, ...)); a solid line has (0, None)
    styles = [str(line._unscaled_dash_pattern) for line in ax_lln.lines]
    running, targets = styles[:4], styles[4:8]
    assert len(set(running)) == 4 and len(set(targets)) == 1
    assert targets[0] not in running


def test_gaussian_legend_is_outside_the_axes():
    """Review: at mu = -2, sigma = 2 the mu and sample-mean lines crossed the legend text."""
    ex = gaussian.explorer()
    ex.set(mu=-2.0, sigma=2.0, n=10)
    fig = ex.fig
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < ax.get_window_extent(renderer).y0       # entirely below the plot area


def test_explorers_of_10_honest_at_every_corner():
    """The histogram's bars are never cut (the highest, 2.0 at sigma = 0.25 and n = 10, is below
    the top), nor cut at the sides; the 2-D samples stay inside their square."""
    from .explorer_checks import honest_at_corners

    assert gaussian.Y_TOP > 2.0
    assert honest_at_corners(gaussian.explorer()) == []
    assert honest_at_corners(gaussian2d.explorer()) == []
