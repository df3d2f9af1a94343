"""Probability from scratch: distributions, Bayes' rule, softmax and information (notebooks 10, 11, 13).

Every formula is written out with numpy arithmetic (no scipy, no ``numpy.linalg``); the tests
compare it with ``scipy.stats`` and ``scipy.special``. Functions that exponentiate work in log space
and subtract the largest term first, so logits of +-1000 (or +-1e300) give exact answers without
overflow warnings. Zero-probability outcomes contribute nothing (``0 log 0 = 0``), without warnings.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import (as_array, as_axis, as_rng, as_scalar, check_probabilities, check_probability_vector, describe,
                      shape_str)

__all__ = ["bernoulli_pmf", "gaussian_pdf", "beta_pdf", "mvn_pdf", "sample_gaussian",
           "bayes_posterior", "credible_interval",
           "softmax", "log_softmax", "logsumexp", "entropy", "cross_entropy", "kl_divergence",
           "kl_gaussian"]

_LOG_2PI = float(np.log(2.0 * np.pi))


def _result(a: np.ndarray):
    """A 0-d array as a Python float; any other array unchanged."""
    return float(a) if a.ndim == 0 else a


def _positive(x, name: str, where: str) -> float:
    value = as_scalar(x, name, where)
    if value <= 0.0:
        raise ValueError(f"{where}: {name} must be > 0, got {value}")
    return value


def _axis(axis, a: np.ndarray, where: str) -> int:
    if a.ndim == 0:
        raise ValueError(f"{where}: z is a single number ({float(a):g}); {where} works on a vector "
                         "of logits, one per class (a single class gets probability 1 whatever its "
                         f"logit): pass a vector such as [{float(a):g}, 0.0]")
    return as_axis(axis, a, "z", where)


# -- distributions ------------------------------------------------------------------------------

def bernoulli_pmf(k, *, p):
    """Bernoulli probability ``P(K = k) = p^k (1 - p)^(1 - k)`` for k in {0, 1}: p if k = 1, 1 - p if k = 0.

    Shapes: k a number or array of 0s and 1s, p a number in [0, 1] -> a number or an array shaped
    like k. Raises ValueError for a k other than 0 or 1, or p outside [0, 1].
    In a network: a sigmoid output p is the Bernoulli probability of class 1 (binary classification).
    """
    k = as_array(k, "k", "bernoulli_pmf")
    p = as_scalar(p, "p", "bernoulli_pmf")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"bernoulli_pmf: p = {p} is not a probability; expected 0 <= p <= 1")
    bad = (k != 0.0) & (k != 1.0)
    if np.any(bad):
        value = k[bad][0]
        raise ValueError(f"bernoulli_pmf: k = {value}; a Bernoulli outcome is 0 or 1")
    return _result(np.where(k == 1.0, p, 1.0 - p))


def gaussian_pdf(x, *, mu=0.0, sigma=1.0):
    """Gaussian density ``f(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))``.

    Shapes: x a number or an array of any shape -> the same shape (a number for a number); mu and
    sigma numbers. Computed as ``exp(-z^2/2 - log sigma - log(2 pi)/2)`` with ``z = (x - mu)/sigma``,
    so far tails give 0 and a tiny sigma gives a huge (or infinite) peak, without warnings.
    Raises ValueError if sigma <= 0.
    In a network: Gaussian noise and Gaussian weight initialisation; the VAE's latent distribution.
    """
    x = as_array(x, "x", "gaussian_pdf")
    mu = as_scalar(mu, "mu", "gaussian_pdf")
    sigma = _positive(sigma, "sigma", "gaussian_pdf")
    with np.errstate(over="ignore"):
        z = (x - mu) / sigma
        return _result(np.exp(-0.5 * z * z - np.log(sigma) - 0.5 * _LOG_2PI))


def beta_pdf(theta, *, a, b):
    """Beta density ``f(theta) = theta^(a-1) (1 - theta)^(b-1) / B(a, b)`` on (0, 1), with
    ``log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b)``, computed in logs (no overflow for
    large a, b).

    Shapes: theta a number or an array of any shape, every entry strictly between 0 and 1 (where
    a density with a < 1 or b < 1 is infinite) -> the same shape (a number for a number); a, b
    numbers > 0. Raises ValueError unless a > 0, b > 0 and 0 < theta < 1.
    In a network: the conjugate prior of a Bernoulli probability (Bayesian A/B tests, Thompson
    sampling); Beta(a, b) with a = b = 1 is the uniform prior of notebook 11's coin.
    """
    where = "beta_pdf"
    theta = as_array(theta, "theta", where)
    a, b = _positive(a, "a", where), _positive(b, "b", where)
    outside = (theta <= 0) | (theta >= 1)
    if np.any(outside):
        value = theta[outside].flat[0] if theta.ndim else float(theta)
        raise ValueError(f"{where}: theta = {value} is outside (0, 1); theta must lie strictly "
                         "between 0 and 1")
    log_norm = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return _result(np.exp((a - 1) * np.log(theta) + (b - 1) * np.log1p(-theta) - log_norm))


def _cholesky(C: np.ndarray, where: str) -> np.ndarray:
    """Lower-triangular L with ``L L^T = C``, column by column; raises if C is not positive definite.

    ``L[j, j] = sqrt(C[j, j] - sum_k<j L[j, k]^2)`` and, below the diagonal,
    ``L[i, j] = (C[i, j] - sum_k<j L[i, k] L[j, k]) / L[j, j]``.
    The pivot under the square root is the variance of variable j left over once the earlier
    variables are known; it must be positive (relative to C[j, j]) for C to be positive definite.
    """
    d = len(C)
    L = np.zeros_like(C)
    for j in range(d):
        pivot = C[j, j] - np.sum(L[j, :j] ** 2)
        if pivot <= 1e-12 * C[j, j]:
            raise ValueError(f"{where}: cov is not positive definite (variable {j} has variance "
                             f"{C[j, j]:.6g} and {pivot:.3g} left once the others are known); a "
                             "covariance needs every variance > 0 and no variable an exact linear "
                             "combination of the others")
        L[j, j] = np.sqrt(pivot)
        L[j + 1:, j] = (C[j + 1:, j] - np.sum(L[j + 1:, :j] * L[j, :j], axis=1)) / L[j, j]
    return L


def mvn_pdf(X, *, mean, cov):
    """Multivariate Gaussian density of each row of X.

    ``f(x) = exp(-(x - mean)^T cov^-1 (x - mean) / 2) / sqrt((2 pi)^d det(cov))``.

    Shapes: X (n, d) points as rows, or one point (d,); mean (d,); cov (d, d) symmetric positive
    definite -> (n,) densities, or a number for one point. Computed with a Cholesky factor
    ``cov = L L^T`` written out here: ``(x - mean)^T cov^-1 (x - mean) = |L^-1 (x - mean)|^2`` (forward
    substitution) and ``log det(cov) = 2 sum_j log L[j, j]``.
    Raises ValueError for mismatched shapes, or a cov that is not symmetric or not positive definite.
    In a network: Gaussian discriminant analysis, mixture models, and the VAE's diagonal posterior.
    """
    where = "mvn_pdf"
    X = as_array(X, "X", where, ndim=(1, 2))
    mean = as_array(mean, "mean", where, ndim=1)
    cov = as_array(cov, "cov", where, ndim=2)
    d = mean.shape[0]
    if cov.shape != (d, d):
        raise ValueError(f"{where}: mean has length {d}, so cov must have shape {shape_str((d, d))}; "
                         f"got {shape_str(cov.shape)}")
    points = X[None, :] if X.ndim == 1 else X
    if points.shape[1] != d:
        raise ValueError(f"{where}: X has shape {shape_str(X.shape)} but mean has length {d}; "
                         f"each point (row of X) needs {d} coordinates")
    asym = np.abs(cov - cov.T)
    if np.any(asym > 1e-10 * np.max(np.abs(cov))):
        i, j = (int(t) for t in np.unravel_index(np.argmax(asym), asym.shape))
        raise ValueError(f"{where}: cov is not symmetric: cov[{i}, {j}] = {cov[i, j]:.6g} but "
                         f"cov[{j}, {i}] = {cov[j, i]:.6g}; a covariance matrix equals its transpose")
    L = _cholesky(cov, where)
    Y = np.empty_like(points)              # rows y with L y = x - mean, by forward substitution
    with np.errstate(over="ignore", invalid="ignore"):
        D = points - mean
        for j in range(d):
            Y[:, j] = (D[:, j] - np.sum(Y[:, :j] * L[j, :j], axis=1)) / L[j, j]
        maha = np.sum(Y * Y, axis=1)
        log_f = -0.5 * (d * _LOG_2PI + 2.0 * np.sum(np.log(np.diag(L))) + maha)
        f = np.exp(np.where(np.isnan(log_f), -np.inf, log_f))   # inf - inf far away: density 0
    return float(f[0]) if X.ndim == 1 else f


def sample_gaussian(*, mu=0.0, sigma=1.0, size, rng=None):
    """Samples ``x = mu + sigma * eps`` with ``eps ~ N(0, 1)`` (the reparameterisation trick).

    Shapes: mu, sigma numbers; size an int or a shape tuple -> an array of that shape.
    ``rng``: None (seed 0, so that every run is the same), an integer seed, or a
    ``numpy.random.Generator`` such as ``np.random.default_rng(0)`` (whose state advances: two
    calls give different samples). All arguments are keyword-only: ``sample_gaussian(mu=3.0,
    sigma=2.0, size=5, rng=0)``. Raises ValueError if sigma <= 0 and TypeError for an rng of
    another type.
    In a network: the VAE samples its latent code this way so that gradients flow through mu and sigma.
    """
    mu = as_scalar(mu, "mu", "sample_gaussian")
    sigma = _positive(sigma, "sigma", "sample_gaussian")
    eps = as_rng(rng, "sample_gaussian").standard_normal(size)
    with np.errstate(over="ignore"):
        return mu + sigma * eps


# -- Bayes' rule --------------------------------------------------------------------------------

def bayes_posterior(prior, likelihood):
    """Posterior over hypotheses ``P(h | data) = P(data | h) P(h) / sum_h' P(data | h') P(h')``.

    Shapes: prior (K,) a probability vector, likelihood (K,) with entries ``P(data | h) >= 0``
    (they need not sum to one) -> (K,) a probability vector. The likelihood is divided by its largest
    entry first (the posterior does not change), so tiny or huge likelihoods do not underflow.
    Raises ValueError if the evidence (the denominator) is 0: no hypothesis with prior mass
    explains the data.
    In a network: a classifier's softmax output is a posterior over classes; Naive Bayes classifiers.
    """
    where = "bayes_posterior"
    prior = check_probability_vector(prior, "prior", where)
    likelihood = as_array(likelihood, "likelihood", where, ndim=1)
    if likelihood.shape != prior.shape:
        raise ValueError(f"{where}: prior has {prior.shape[0]} hypotheses but likelihood has "
                         f"{likelihood.shape[0]} entries; give one likelihood per hypothesis")
    if np.any(likelihood < 0):
        i = int(np.argmax(likelihood < 0))
        raise ValueError(f"{where}: likelihood has a negative entry {likelihood[i]} at index {i}; "
                         "a likelihood P(data | h) is >= 0")
    top = np.max(likelihood)
    joint = prior * (likelihood / top) if top > 0 else prior * likelihood
    evidence = np.sum(joint)
    if evidence == 0.0:
        raise ValueError(f"{where}: the evidence sum_h P(data | h) P(h) is 0: every hypothesis with "
                         "prior mass gives the data likelihood 0, so the posterior is undefined")
    return joint / evidence


def credible_interval(theta, density, *, level=0.95) -> tuple[float, float]:
    """The equal-tailed interval holding ``level`` of a density given on a grid: the
    ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of the cumulative sum of ``density``
    (normalised on the grid; each grid point stands for the cell around it, and the sum up to a
    point is the mass up to that cell's right edge), interpolated linearly between cell edges.

    Shapes: theta (n,) evenly spaced and increasing, n >= 2; density (n,) >= 0, not all 0 (it need
    not be normalised); level a number in (0, 1) -> (low, high). The answer is good to about one
    grid cell, worse where the density is infinite at an edge (a Beta with a or b below 1).
    Raises ValueError for mismatched shapes, an uneven grid, a negative density or a level outside
    (0, 1).
    In a network: the uncertainty of a Bayesian estimate (a posterior over a weight or a rate).
    """
    where = "credible_interval"
    theta = as_array(theta, "theta", where, ndim=1)
    density = as_array(density, "density", where, ndim=1)
    level = as_scalar(level, "level", where)
    if not 0.0 < level < 1.0:
        raise ValueError(f"{where}: level = {level} is outside (0, 1); 0.95 is a 95% interval")
    if theta.shape != density.shape or theta.shape[0] < 2:
        raise ValueError(f"{where}: theta has shape {shape_str(theta.shape)} and density has "
                         f"shape {shape_str(density.shape)}; give one density per grid point, "
                         "on a grid of at least 2 points")
    steps = np.diff(theta)
    if np.any(steps <= 0) or np.max(steps) - np.min(steps) > 1e-9 * np.max(steps):
        raise ValueError(f"{where}: theta must be an evenly spaced, increasing grid (steps from "
                         f"{np.min(steps):.6g} to {np.max(steps):.6g})")
    if np.any(density < 0) or not np.any(density > 0):
        raise ValueError(f"{where}: density must be >= 0 with some mass; got entries from "
                         f"{np.min(density):.6g} to {np.max(density):.6g}")
    half = steps[0] / 2
    edges = np.concatenate([[theta[0] - half], theta + half])
    with np.errstate(over="ignore"):
        cdf = np.concatenate([[0.0], np.cumsum(density / np.max(density))])
    cdf = cdf / cdf[-1]                                # mass up to each cell's right edge
    low_q, high_q = (1 - level) / 2, (1 + level) / 2
    return float(np.interp(low_q, cdf, edges)), float(np.interp(high_q, cdf, edges))


# -- softmax and log-sum-exp --------------------------------------------------------------------

def _logits(z, where: str) -> np.ndarray:
    """z as a float array; -inf entries are allowed (a masked logit: probability exactly 0), but
    not NaN or +inf."""
    z = as_array(z, "z", where, finite=False)
    bad = np.isnan(z) | (z == np.inf)
    if np.any(bad):
        i = tuple(int(t) for t in np.argwhere(bad)[0])
        raise ValueError(f"{where}: z holds {z[i] if i else float(z)} at index {i if i else '()'}; "
                         "expected finite logits, or -inf for a masked entry (probability 0)")
    return z


def _some_finite(z: np.ndarray, axis, where: str) -> None:
    """Every slice along axis (all of z for None) needs one finite logit: all -inf is 0 / 0."""
    finite = np.any(np.isfinite(z), axis=axis)
    if not np.all(finite):
        if axis is None or z.ndim == 1:
            place = "every entry of z is -inf"
        else:
            j = tuple(int(t) for t in np.argwhere(~np.atleast_1d(finite))[0])
            place = f"the slice of z at {j if len(j) > 1 else j[0]} along axis {axis} is all -inf"
        raise ValueError(f"{where}: {place} (every entry masked), so there is nothing to "
                         "normalise: exp(-inf) sums to 0 and 0 / 0 is undefined; leave at least "
                         "one finite logit in each slice")


def logsumexp(z, *, axis=None):
    """``log(sum_i exp(z_i))`` computed as ``m + log(sum_i exp(z_i - m))`` with ``m = max_i z_i``.

    Shapes: z any non-empty array; axis None (all entries) -> a number, or an int -> z's shape
    without that axis. Every ``z_i - m <= 0``, so no exp overflows: logits of +-1000 or +-1e300 give
    the exact answer (``logsumexp([1000, 1000]) = 1000 + log 2``). Entries of -inf (masked) add
    exp(-inf) = 0; each slice needs one finite entry (ValueError otherwise), as NaN and +inf do.
    In a network: the normaliser of softmax; the cross-entropy loss computed from logits.
    """
    z = _logits(z, "logsumexp")
    if axis is not None:
        axis = _axis(axis, z, "logsumexp")
    _some_finite(z, axis, "logsumexp")
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        shifted = z - m                    # <= 0; -inf when z spans more than the float range
    out = m + np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return float(out.reshape(())) if axis is None else np.squeeze(out, axis=axis)


def softmax(z, *, axis=-1, temperature=1.0):
    """Softmax ``s_i = exp(z_i / T) / sum_j exp(z_j / T)`` along ``axis``, with temperature T > 0.

    Shapes: z any non-empty array -> the same shape; the entries along ``axis`` are >= 0 and sum
    to 1. The largest logit is subtracted first (softmax is unchanged by adding a constant to every
    logit), so logits of +-1000 give no overflow. T -> 0 approaches one-hot on the largest logit;
    large T approaches uniform. An entry of -inf (a masked position, as in attention masks) gets
    probability exactly 0; each slice along ``axis`` needs at least one finite logit.
    Raises ValueError for a single number z (softmax needs a vector of logits), T <= 0, an axis z
    does not have, NaN or +inf in z, or a slice that is all -inf.
    In a network: the output layer of a classifier turns logits into class probabilities; attention
    weights; temperature sampling and knowledge distillation.
    """
    z = _logits(z, "softmax")
    axis = _axis(axis, z, "softmax")
    _some_finite(z, axis, "softmax")
    temperature = _positive(temperature, "temperature", "softmax")
    with np.errstate(over="ignore"):
        shifted = (z - np.max(z, axis=axis, keepdims=True)) / temperature   # <= 0, max entry 0
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z, *, axis=-1):
    """``log softmax(z)_i = z_i - logsumexp(z)`` along ``axis``, as ``(z_i - m) - log sum_j exp(z_j - m)``.

    Shapes: z any non-empty array -> the same shape. Exact where softmax underflows to 0: the log
    of a probability of 1e-400 is still a finite number here (``log_softmax([0, -1000])[1] = -1000``).
    A masked entry of -inf gives -inf (log 0); the rules of softmax apply.
    In a network: with the negative log-likelihood loss it gives the cross-entropy from logits.
    """
    z = _logits(z, "log_softmax")
    axis = _axis(axis, z, "log_softmax")
    _some_finite(z, axis, "log_softmax")
    with np.errstate(over="ignore"):
        shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


# -- information ------------------------------------------------------------------------------

def _pair(p, q, where: str, axis) -> tuple[np.ndarray, np.ndarray, int]:
    """p_true and q_model checked as probability vectors (slices along axis) of one shape."""
    p = check_probabilities(p, "p_true", where, axis=axis)
    q = check_probabilities(q, "q_model", where, axis=axis)
    if p.shape != q.shape:
        if p.ndim == 1 and q.ndim == 1:
            raise ValueError(f"{where}: p_true has {p.shape[0]} outcomes and q_model has "
                             f"{q.shape[0]}; both distributions must be over the same outcomes")
        raise ValueError(f"{where}: p_true has shape {shape_str(p.shape)} and q_model has shape "
                         f"{shape_str(q.shape)}; give one q_model per p_true, over the same "
                         "outcomes")
    return p, q, (0 if axis is None else int(axis) % p.ndim)


def _log_where(a: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """log(a) where mask holds, 0 elsewhere (no warning for log 0 outside the mask)."""
    logs = np.zeros_like(a)
    logs[mask] = np.log(a[mask])
    return logs


def _total(terms: np.ndarray, ax: int, axis, infinite: np.ndarray | None = None):
    """The sum of terms along ax (0.0, not -0.0), inf where any of ``infinite`` along ax holds;
    a float for axis None."""
    out = 0.0 + np.sum(terms, axis=ax)
    if infinite is not None:
        out = np.where(np.any(infinite, axis=ax), np.inf, out)
    return float(out) if axis is None else out


def entropy(p, *, base=None, axis=None):
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` (terms with p_i = 0 count 0).

    Shapes: p (K,) a probability vector -> a number in [0, log K]; 0 for a certain outcome and
    log K, the largest, for the uniform distribution. ``axis`` (keyword-only) for a batch: p (N, K)
    with ``axis=-1`` holds one distribution per row -> (N,) entropies (any axis of any array works;
    that axis is summed over). Natural log (nats) by default; ``base=2`` gives bits.
    Raises ValueError if p is not a probability vector (each slice, with axis) or base is not > 0
    and != 1. The sums must be 1 within the tolerance of p's dtype (float32 is accepted).
    In a network: the uncertainty of a prediction; the entropy bonus in reinforcement learning.
    """
    p = check_probabilities(p, "p", "entropy", axis=axis)
    ax = 0 if axis is None else int(axis) % p.ndim
    h = _total(-(p * _log_where(p, p > 0)), ax, axis)
    if base is None:
        return h
    base = _positive(base, "base", "entropy")
    if base == 1.0:
        raise ValueError("entropy: base must not be 1 (log base 1 is undefined); use 2 for bits, "
                         "e or None for nats")
    return h / float(np.log(base))


def cross_entropy(p_true, q_model, *, axis=None):
    """Cross-entropy ``H(p, q) = -sum_i p_i log q_i`` in nats (terms with p_i = 0 count 0), with
    p = p_true the true distribution (the labels) and q = q_model the model's prediction. The
    arguments keep the order of the formula, H(p, q); losses such as ``losses.mse`` take
    (prediction, target) instead, as PyTorch does.

    Shapes: p (K,), q (K,) probability vectors -> a number >= H(p); infinite if q gives
    probability 0 to an outcome that p does not. ``H(p, q) = H(p) + KL(p || q)``. ``axis``
    (keyword-only) for a batch: p, q (N, K) with ``axis=-1`` -> (N,), one per row.
    Raises ValueError if p or q is not a probability vector (each slice, with axis) or their
    shapes differ.
    In a network: the classification loss, with p the one-hot label and q the softmax output.
    """
    p, q, ax = _pair(p_true, q_model, "cross_entropy", axis)
    support = p > 0
    return _total(-(p * _log_where(q, support & (q > 0))), ax, axis, support & (q == 0))


def kl_divergence(p_true, q_model, *, axis=None):
    """Kullback-Leibler divergence ``KL(p || q) = sum_i p_i log(p_i / q_i)`` in nats (p_i = 0
    counts 0), with p = p_true the true distribution and q = q_model the model's approximation of it (the
    order of the formula: the expectation is taken under p_true).

    Shapes: p (K,), q (K,) probability vectors -> a number >= 0, which is 0 only when p = q, and
    infinite if p puts mass where q has none. Not symmetric: KL(p || q) != KL(q || p) in general.
    ``axis`` (keyword-only) for a batch: p, q (N, K) with ``axis=-1`` -> (N,), one per row.
    Raises ValueError if p or q is not a probability vector (each slice, with axis) or their
    shapes differ.
    In a network: the VAE's regulariser; knowledge distillation; the trust region of PPO.
    """
    p, q, ax = _pair(p_true, q_model, "kl_divergence", axis)
    support = p > 0
    finite = support & (q > 0)
    terms = p * (_log_where(p, finite) - _log_where(q, finite))
    return _total(terms, ax, axis, support & (q == 0))


def kl_gaussian(mu_true, sigma_true, mu_model, sigma_model) -> float:
    """KL between two 1-D Gaussians, ``KL(p || q)`` with p = N(mu1, sigma1^2) the true one
    (mu1 = mu_true, sigma1 = sigma_true) and q = N(mu2, sigma2^2) the model (mu_model, sigma_model),
    in the order of the formula, as kl_divergence:
    ``KL = log(sigma2 / sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2``.

    Shapes: four numbers -> a number >= 0, 0 only for equal Gaussians. Computed with the ratios
    ``sigma1 / sigma2`` and ``(mu1 - mu2) / sigma2`` so that no square overflows early.
    Raises ValueError if a sigma is <= 0.
    In a network: the VAE's loss term KL(q(z | x) || N(0, 1)), one per latent dimension.
    """
    where = "kl_gaussian"
    mu1, mu2 = as_scalar(mu_true, "mu_true", where), as_scalar(mu_model, "mu_model", where)
    sigma1 = _positive(sigma_true, "sigma_true", where)
    sigma2 = _positive(sigma_model, "sigma_model", where)
    with np.errstate(over="ignore"):
        r = np.float64(sigma1) / sigma2
        d = (np.float64(mu1) - mu2) / sigma2
        return float(np.log(sigma2) - np.log(sigma1) + 0.5 * (r * r + d * d) - 0.5)
