"""Exercises of notebook 10: the Gaussian density, sampling by the reparameterisation, and the
expected value of a discrete distribution.

Each checker tries the case a learner can verify by hand first, then seeded random cases chosen so
that the usual slips show: sigma is never 1 (so sigma and sigma^2 differ), mu is never 0, the
probabilities are never uniform (so an unweighted mean is wrong).
"""

from __future__ import annotations

import numpy as np

from ._core import exercise
from ._feedback import as_array_of_shape, as_number, close, fmt, fmt_list, fmt_pair

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def _pdf(x, mu, sigma):
    return np.exp(-(x - mu) ** 2 / (2.0 * sigma ** 2)) / (sigma * _SQRT_2PI)


def _pdf_cases():
    rng = np.random.default_rng(10)
    yield np.array([0.0, 1.0, -2.0]), 0.0, 1.0                  # by hand: 0.3989, 0.2420, 0.0540
    for n, sigma in ((int(rng.integers(5, 10)), float(np.round(rng.uniform(1.6, 2.5), 2))),
                     (int(rng.integers(3, 7)), float(np.round(rng.uniform(0.2, 0.5), 2)))):
        mu = float(np.round(rng.uniform(0.5, 2.0), 2)) * (1 if n % 2 else -1)
        yield np.round(mu + sigma * rng.uniform(-2.5, 2.5, size=n), 2), mu, sigma


def _pdf_diagnosis(got, x, mu, sigma) -> str:
    z2 = (x - mu) ** 2
    guesses = [
        (np.exp(-z2 / (2 * sigma ** 2)) / sigma, "the factor 1/sqrt(2 pi) is missing: without it "
         "the area under the curve is sqrt(2 pi) = 2.507, not 1"),
        (np.exp(-z2 / (2 * sigma ** 2)), "the normalising factor 1/(sigma sqrt(2 pi)) is missing"),
        (np.exp(-z2 / (2 * sigma ** 2)) / (sigma ** 2 * _SQRT_2PI),
         "you divided by sigma^2 sqrt(2 pi) in front; the factor is 1/(sigma sqrt(2 pi))"),
        (np.exp(-z2 / (2 * sigma ** 2)) / np.sqrt(2 * np.pi * sigma),
         "the factor in front should be 1/sqrt(2 pi sigma^2) = 1/(sigma sqrt(2 pi)); yours takes "
         "the square root of 2 pi sigma"),
        (np.exp(-z2 / (2 * sigma)) / (sigma * _SQRT_2PI),
         "in the exponent you divided by 2 sigma; divide by 2 sigma^2 (sigma is the standard "
         "deviation, sigma^2 the variance)"),
        (np.exp(-z2 / 2) / (sigma * _SQRT_2PI),
         "in the exponent, (x - mu)^2 must be divided by 2 sigma^2, not only by 2"),
        (np.exp(z2 / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
         "the exponent has lost its minus sign: the density must fall away from mu, not grow"),
        (np.exp(-(x ** 2) / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
         "the curve is centred at 0: use (x - mu)^2, the distance from the mean"),
        (np.exp(-z2 / (2 * sigma ** 2)) / _SQRT_2PI,
         "the factor 1/sigma in front is missing: the constant is 1/(sigma sqrt(2 pi)); without "
         "1/sigma the area under the curve is sigma, not 1"),
        (np.exp(-z2 / 2 * sigma ** 2) / (sigma * _SQRT_2PI),
         "the exponent reads -(x - mu)**2 / 2 * sigma**2: Python divides by 2 and THEN multiplies "
         "by sigma^2 (left to right). Put the whole denominator in brackets: / (2 * sigma**2)"),
        (np.exp(-z2 / (2 * sigma ** 2)) / sigma * _SQRT_2PI,
         "the front reads / sigma * np.sqrt(2 * np.pi): Python divides by sigma and THEN "
         "multiplies by sqrt(2 pi). Put the whole denominator in brackets: / (sigma * sqrt(2 pi))"),
    ]
    matches = []
    for value, words in guesses:
        with np.errstate(all="ignore"):
            if np.all(np.isfinite(value)) and close(got, value):
                matches.append(words)
    # named only when exactly one slip fits this case (on the hand case sigma = 1, several do)
    return f". It looks as if {matches[0]}." if len(matches) == 1 else ""


@exercise("10.1", "the Gaussian density", name="gaussian_pdf",
          solution=("def gaussian_pdf(x, mu, sigma):\n"
                    "    return np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))\n"),
          hints=["The density is a bell curve centred at mu: an exponential of minus a squared "
                 "distance, times a constant that makes the area under the curve 1.",
                 "The exponent is -(x - mu)^2 / (2 sigma^2): sigma squared, the variance, below "
                 "the line. numpy's np.exp works on a whole array at once.",
                 "Multiply by the constant 1 / (sigma sqrt(2 pi)); np.sqrt and np.pi give the "
                 "square root and pi."],
          wrong=[lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / sigma,
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp((x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma ** 2 * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-x ** 2 / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / 2) / _SQRT_2PI],
          right=[lambda x, mu, sigma: 1 / np.sqrt(2 * np.pi * sigma ** 2)
                 * np.exp(-0.5 * ((x - mu) / sigma) ** 2),
                 lambda x, mu, sigma: [np.exp(-(v - mu) ** 2 / (2 * sigma ** 2))
                                       / (sigma * np.sqrt(2 * np.pi)) for v in x],
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)
                                             - np.log(sigma * np.sqrt(2 * np.pi))),
                 lambda x, mu, sigma: (np.exp(-(x - mu) ** 2 / (2 * sigma ** 2))
                                       / (sigma * np.sqrt(2 * np.pi))).astype(np.float32)])
def _check_pdf(gaussian_pdf):
    for x, mu, sigma in _pdf_cases():
        want = _pdf(x, mu, sigma)
        got = as_array_of_shape(gaussian_pdf(x, mu, sigma), x.shape,
                                f"for x of shape {x.shape} the densities (one per entry of x)")
        if not close(got, want):
            should, yours = fmt_pair(want, got)
            return (f"gaussian_pdf(x, {fmt(mu)}, {fmt(sigma)}) with x = {fmt_list(x)} should be "
                    f"{should}; yours is {yours}" + _pdf_diagnosis(got, x, mu, sigma))
    return None


def _sample_cases():
    rng = np.random.default_rng(11)
    yield 0.0, 1.0, np.array([0.5, -1.0, 2.0])                   # eps unchanged when N(0, 1)
    yield 3.0, 2.0, np.array([0.5, -1.0, 2.0])                   # by hand: 4, 1, 7
    yield (float(np.round(rng.uniform(-4, -1), 2)), float(np.round(rng.uniform(0.2, 0.6), 2)),
           np.random.default_rng(12).standard_normal(10_000))    # many draws: their statistics


def _sample_diagnosis(got, mu, sigma, eps) -> str:
    guesses = [(sigma ** 2 * eps + mu, "you multiplied eps by sigma^2, the variance; multiply "
                                       "by sigma, the standard deviation"),
               (sigma * eps, "mu is not added: the samples are centred at 0"),
               (mu + eps, "eps is not multiplied by sigma: the spread is still 1"),
               (mu * eps + sigma, "mu and sigma are swapped: multiply eps by sigma and add mu"),
               ((eps - mu) / sigma, "that is the opposite step, standardising: (x - mu) / sigma "
                                    "turns an x into an eps; here go from eps to x"),
               (mu + np.sqrt(sigma) * eps, "you multiplied by the square root of sigma; sigma "
                                           "is already the standard deviation"),
               (mu - sigma * eps, "you subtracted sigma * eps. The course's reparameterisation is "
                                  "x = mu + sigma * eps: with - sigma * eps the distribution is "
                                  "the same, but the sample for a given eps differs, and so does "
                                  "the sign of its gradient with respect to sigma")]
    matches = [words for value, words in guesses if close(got, value, scale=abs(mu) + sigma)]
    return f". It looks as if {matches[0]}." if len(matches) == 1 else ""


@exercise("10.2", "sampling by the reparameterisation", name="reparameterise",
          solution="def reparameterise(mu, sigma, eps):\n    return mu + sigma * eps\n",
          hints=["eps holds draws from the standard normal N(0, 1): mean 0, standard deviation 1. "
                 "You need draws with mean mu and standard deviation sigma.",
                 "Stretching every draw by a factor multiplies the standard deviation by that "
                 "factor; adding a number to every draw moves the mean by that number.",
                 "Stretch by sigma (not sigma squared), then shift by mu, on the whole array at "
                 "once."],
          wrong=[lambda mu, sigma, eps: mu + sigma ** 2 * eps,
                 lambda mu, sigma, eps: sigma * eps,
                 lambda mu, sigma, eps: mu + eps,
                 lambda mu, sigma, eps: mu * eps + sigma,
                 lambda mu, sigma, eps: (eps - mu) / sigma,
                 lambda mu, sigma, eps: np.random.default_rng(0).normal(mu, sigma, size=len(eps)),
                 lambda mu, sigma, eps: np.full(len(eps), mu)],
          right=[lambda mu, sigma, eps: eps * sigma + mu,
                 lambda mu, sigma, eps: [mu + sigma * e for e in eps],
                 lambda mu, sigma, eps: sigma * (eps + mu / sigma),
                 lambda mu, sigma, eps: np.add(mu, np.multiply(sigma, eps)).astype(np.float32)])
def _check_reparameterise(reparameterise):
    for mu, sigma, eps in _sample_cases():
        want = mu + sigma * eps
        got = as_array_of_shape(reparameterise(mu, sigma, eps), eps.shape,
                                f"for eps of shape {eps.shape} the samples (one per draw in eps)")
        if close(got, want, scale=abs(mu) + sigma):
            continue
        if len(eps) > 100:
            m, s = float(np.mean(got)), float(np.std(got))
            stats = (f"with mu = {fmt(mu)}, sigma = {fmt(sigma)} and {len(eps)} standard normal "
                     f"draws eps, your samples have mean {fmt(m)} and standard deviation "
                     f"{fmt(s)}; they should be close to {fmt(mu)} and {fmt(sigma)}")
            if abs(m - mu) < 0.05 * sigma and abs(s - sigma) < 0.05 * sigma:
                return (stats + ", and they are, but each sample must be computed from its own "
                        "eps: the same eps must always give the same sample (that is what lets "
                        "gradients flow to mu and sigma); did you draw new random numbers?")
            return stats + _sample_diagnosis(got, mu, sigma, eps)
        should, yours = fmt_pair(want, got)
        return (f"reparameterise({fmt(mu)}, {fmt(sigma)}, eps) with eps = {fmt_list(eps)} should "
                f"be {should}; yours is {yours}" + _sample_diagnosis(got, mu, sigma, eps))
    return None


def _expectation_cases():
    rng = np.random.default_rng(13)
    yield np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.full(6, 1 / 6)     # a fair die: 3.5
    yield np.array([0.0, 1.0]), np.array([0.7, 0.3])                      # a Bernoulli: p = 0.3
    yield np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.5, 0.3])            # by hand: 2.1
    k = int(rng.integers(4, 8))
    p = rng.dirichlet(np.full(k, 0.7))
    yield np.round(rng.uniform(-10, 10, size=k), 1), p


def _expectation_diagnosis(got, values, probs) -> str:
    n = len(values)
    guesses = [(np.mean(values), "That is the plain mean of the values; weight each value by "
                                 "its probability"),
               (np.sum(values * probs) / n, "You divided by n, the number of values; the "
                                            "probabilities already add up to 1, so add the "
                                            "products up and divide by nothing"),
               (np.sum(probs), "That is the sum of the probabilities (always 1)"),
               (np.sum(values), "That is the sum of the values, unweighted"),
               (values[np.argmax(probs)], "That is the most likely value (the mode), not the "
                                          "probability-weighted average")]
    matches = [words for value, words in guesses if close(got, value, scale=np.abs(values).max())]
    return f". {matches[0]}." if len(matches) == 1 else ""


@exercise("10.3", "the expected value of a discrete distribution", name="expected_value",
          solution=("def expected_value(values, probs):\n"
                    "    return np.sum(values * probs)\n"),
          hints=["The expected value is an average in which each value counts as much as it is "
                 "likely.",
                 "E[X] = sum over k of x_k p_k: multiply each value by its probability.",
                 "Multiply the two arrays entry by entry and add the products up; do not divide "
                 "by the number of values (the probabilities already add up to 1)."],
          wrong=[lambda values, probs: np.mean(values),
                 lambda values, probs: np.sum(values * probs) / len(values),
                 lambda values, probs: np.mean(values * probs),
                 lambda values, probs: values[np.argmax(probs)],
                 lambda values, probs: np.sum(values) * np.sum(probs),
                 lambda values, probs: values * probs],
          right=[lambda values, probs: float(np.dot(values, probs)),
                 lambda values, probs: sum(v * p for v, p in zip(values, probs)),
                 lambda values, probs: values @ probs,
                 lambda values, probs: np.float32(np.sum(values * probs))])
def _check_expected_value(expected_value):
    for values, probs in _expectation_cases():
        want = float(np.sum(values * probs))
        got = as_number(expected_value(values, probs), "the expected value")
        if not close(got, want, scale=np.abs(values).max()):
            should, yours = fmt_pair(want, got)
            return (f"expected_value(values, probs) with values = {fmt_list(values)} and probs = "
                    f"{fmt_list(probs)} should be {should}; yours is {yours}"
                    + _expectation_diagnosis(got, values, probs))
    return None

