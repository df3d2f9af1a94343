"""Exercises of notebook 10: the Gaussian density, sampling by the reparameterisation, and the
expected value of a discrete distribution.

Each checker tries the case a learner can verify by hand first, then seeded random cases chosen so
that the usual slips show: sigma is never 1 (so sigma and sigma^2 differ), mu is never 0, the
probabilities are never uniform (so an unweighted mean is wrong).
"""

from __future__ import annotations

import numpy as np

from ..probability import gaussian_pdf as _library_pdf
from ._core import exercise
from ._rules import SCIPY, forbid_object
from ._slips import by_hand_problem, cause_of_calls
from ._feedback import as_array_of_shape, as_number, close, fmt, fmt_list, fmt_pair

NOTEBOOK = "10"

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


def _pdf_slips():
    """The usual wrong densities, each a function of (x, mu, sigma) with its words."""
    def g(f):
        return lambda x, mu, sigma: f((x - mu) ** 2, x, mu, sigma)
    return [
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2)) / s),
         "the factor 1/sqrt(2 pi) is missing: without it the area under the curve is "
         "sqrt(2 pi) = 2.507, not 1"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2))),
         "the normalising factor 1/(sigma sqrt(2 pi)) is missing"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2)) / (s ** 2 * _SQRT_2PI)),
         "you divided by sigma^2 sqrt(2 pi) in front; the factor is 1/(sigma sqrt(2 pi))"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2)) / np.sqrt(2 * np.pi * s)),
         "the factor in front should be 1/sqrt(2 pi sigma^2) = 1/(sigma sqrt(2 pi)); yours takes "
         "the square root of 2 pi sigma"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s)) / (s * _SQRT_2PI)),
         "in the exponent you divided by 2 sigma; divide by 2 sigma^2 (sigma is the standard "
         "deviation, sigma^2 the variance)"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / 2) / (s * _SQRT_2PI)),
         "in the exponent, (x - mu)^2 must be divided by 2 sigma^2, not only by 2"),
        (g(lambda z2, x, mu, s: np.exp(z2 / (2 * s ** 2)) / (s * _SQRT_2PI)),
         "the exponent has lost its minus sign: the density must fall away from mu, not grow"),
        (g(lambda z2, x, mu, s: np.exp(-(x ** 2) / (2 * s ** 2)) / (s * _SQRT_2PI)),
         "the curve is centred at 0: use (x - mu)^2, the distance from the mean"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2)) / _SQRT_2PI),
         "the factor 1/sigma in front is missing: the constant is 1/(sigma sqrt(2 pi)); without "
         "1/sigma the area under the curve is sigma, not 1"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / 2 * s ** 2) / (s * _SQRT_2PI)),
         "the exponent reads -(x - mu)**2 / 2 * sigma**2: Python divides by 2 and THEN multiplies "
         "by sigma^2 (left to right). Put the whole denominator in brackets: / (2 * sigma**2)"),
        (g(lambda z2, x, mu, s: np.exp(-z2 / (2 * s ** 2)) / s * _SQRT_2PI),
         "the front reads / sigma * np.sqrt(2 * np.pi): Python divides by sigma and THEN "
         "multiplies by sqrt(2 pi). Put the whole denominator in brackets: / (sigma * sqrt(2 pi))"),
    ]


def _pdf_diagnosis(gaussian_pdf, cases=None) -> str:
    """The one usual slip that the learner's function shows on every case ("" if none or
    several fit: on the hand case sigma = 1 alone, several do)."""
    words = cause_of_calls(gaussian_pdf, list(cases or _pdf_cases()), _pdf_slips(), _pdf,
                           same=lambda got, value: np.shape(got) == np.shape(value)
                           and close(np.asarray(got, dtype=float), value))
    return f". It looks as if {words}." if words else ""


@exercise("10.1", "the Gaussian density", name="gaussian_pdf",
          solution=("def gaussian_pdf(x, mu, sigma):\n"
                    "    return np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))\n"),
          hints=["The density is a bell curve centred at mu: an exponential of minus a squared "
                 "distance, times a constant that makes the area under the curve 1.",
                 "The exponent is -(x - mu)^2 / (2 sigma^2): sigma squared, the variance, below "
                 "the line. numpy's np.exp works on a whole array at once.",
                 "The constant in front makes the area under the curve 1. For sigma = 1 it is "
                 "1/sqrt(2 pi) = 0.3989, the peak of N(0, 1); a curve sigma times as wide must be "
                 "sigma times lower to keep its area. np.sqrt and np.pi give square roots and pi."],
          wrong=[lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / sigma,
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp((x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma ** 2 * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-x ** 2 / (2 * sigma ** 2)) / (sigma * _SQRT_2PI),
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / 2) / _SQRT_2PI,
                 lambda x, mu, sigma: __import__("scipy.stats").stats.norm.pdf(x, mu, sigma),
                 lambda x, mu, sigma: _library_pdf(x, mu=mu, sigma=sigma)],
          right=[lambda x, mu, sigma: 1 / np.sqrt(2 * np.pi * sigma ** 2)
                 * np.exp(-0.5 * ((x - mu) / sigma) ** 2),
                 lambda x, mu, sigma: [np.exp(-(v - mu) ** 2 / (2 * sigma ** 2))
                                       / (sigma * np.sqrt(2 * np.pi)) for v in x],
                 lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)
                                             - np.log(sigma * np.sqrt(2 * np.pi))),
                 lambda x, mu, sigma: (np.exp(-(x - mu) ** 2 / (2 * sigma ** 2))
                                       / (sigma * np.sqrt(2 * np.pi))).astype(np.float32)],
          forbidden=(SCIPY, forbid_object("mathlib.probability.gaussian_pdf",
                                          "which computes the density for you")))
def _check_pdf(gaussian_pdf):
    for x, mu, sigma in _pdf_cases():
        want = _pdf(x, mu, sigma)
        got = as_array_of_shape(gaussian_pdf(x, mu, sigma), x.shape,
                                f"for x of shape {x.shape} the densities (one per entry of x)")
        if not close(got, want):
            should, yours = fmt_pair(want, got)
            return (f"gaussian_pdf(x, {fmt(mu)}, {fmt(sigma)}) with x = {fmt_list(x)} should be "
                    f"{should}; yours is {yours}" + _pdf_diagnosis(gaussian_pdf))
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
                 "Test your formula on single draws: with mu = 3 and sigma = 2, eps = 0 must give "
                 "3 (the mean) and eps = 1 must give 5 (one standard deviation above it). numpy "
                 "applies the same formula to the whole array eps at once."],
          wrong=[lambda mu, sigma, eps: mu + sigma ** 2 * eps,
                 lambda mu, sigma, eps: sigma * eps,
                 lambda mu, sigma, eps: mu + eps,
                 lambda mu, sigma, eps: mu * eps + sigma,
                 lambda mu, sigma, eps: (eps - mu) / sigma,
                 lambda mu, sigma, eps: np.random.default_rng(0).normal(mu, sigma, size=len(eps)),
                 lambda mu, sigma, eps: np.full(len(eps), mu),
                 lambda mu, sigma, eps: __import__("scipy.stats").stats.norm(mu, sigma).ppf(__import__("scipy.stats").stats.norm.cdf(eps))],
          right=[lambda mu, sigma, eps: eps * sigma + mu,
                 lambda mu, sigma, eps: [mu + sigma * e for e in eps],
                 lambda mu, sigma, eps: sigma * (eps + mu / sigma),
                 lambda mu, sigma, eps: np.add(mu, np.multiply(sigma, eps)).astype(np.float32)],
          forbidden=(SCIPY,))
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
                f"be {should}; yours is {yours}" + (_fresh_draws(reparameterise)
                                                    or _sample_diagnosis(got, mu, sigma, eps)))
    return None


def _fresh_draws(reparameterise) -> str:
    """Said when the learner's samples on the many-draws case have the right mean and standard
    deviation but are not mu + sigma * eps: new random numbers instead of the given eps."""
    mu, sigma, eps = list(_sample_cases())[-1]
    try:
        got = np.asarray(reparameterise(mu, sigma, eps), dtype=float)
    except Exception:   # their error is reported on its own case; here it only means "not that"
        return ""
    if got.shape != eps.shape or close(got, mu + sigma * eps, scale=abs(mu) + sigma):
        return ""
    m, s = float(np.mean(got)), float(np.std(got))
    # fresh draws have nothing to do with eps: their correlation with eps is near 0
    unrelated = s > 0 and abs(float(np.corrcoef(got, eps)[0, 1])) < 0.1
    if unrelated and abs(m - mu) < 0.05 * sigma and abs(s - sigma) < 0.05 * sigma:
        return (". Over 10,000 draws your samples do have mean about mu and standard deviation "
                "about sigma, but each sample must be computed from its own eps: the same eps "
                "must always give the same sample (that is what lets gradients flow to mu and "
                "sigma). Did you draw new random numbers?")
    return ""


def _expectation_cases():
    rng = np.random.default_rng(13)
    yield np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.full(6, 1 / 6)     # a fair die: 3.5
    yield np.array([0.0, 1.0]), np.array([0.7, 0.3])                      # a Bernoulli: p = 0.3
    yield np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.5, 0.3])            # by hand: 2.1
    k = int(rng.integers(4, 8))
    p = rng.dirichlet(np.full(k, 0.7))
    yield np.round(rng.uniform(-10, 10, size=k), 1), p


_EXPECTATION_SLIPS = [
    (lambda values, probs: np.mean(values), "That is the plain mean of the values; weight each "
                                            "value by its probability"),
    (lambda values, probs: np.sum(values * probs) / len(values),
     "You divided by n, the number of values; the probabilities already add up to 1, so add the "
     "products up and divide by nothing"),
    (lambda values, probs: np.sum(probs), "That is the sum of the probabilities (always 1)"),
    (lambda values, probs: np.sum(values), "That is the sum of the values, unweighted"),
    (lambda values, probs: values[np.argmax(probs)], "That is the most likely value (the mode), "
                                                     "not the probability-weighted average"),
]


def _expectation_diagnosis(expected_value) -> str:
    """The one usual slip that the learner's function shows on every case ("" if none fits)."""
    words = cause_of_calls(expected_value, list(_expectation_cases()), _EXPECTATION_SLIPS,
                           lambda values, probs: float(np.sum(values * probs)),
                           same=lambda got, value: np.ndim(got) == 0 and close(float(got), value))
    return f". {words}." if words else ""


@exercise("10.3", "the expected value of a discrete distribution", name="expected_value",
          solution=("def expected_value(values, probs):\n"
                    "    return np.sum(values * probs)\n"),
          hints=["The expected value is an average in which each value counts as much as it is "
                 "likely.",
                 "E[X] = sum over k of x_k p_k: multiply each value by its probability.",
                 "Test it on a coin: values (0, 1) with probabilities (0.9, 0.1) must give 0.1, "
                 "not 0.5. The probabilities already add up to 1, so nothing is divided at the "
                 "end."],
          wrong=[lambda values, probs: np.mean(values),
                 lambda values, probs: np.sum(values * probs) / len(values),
                 lambda values, probs: np.mean(values * probs),
                 lambda values, probs: values[np.argmax(probs)],
                 lambda values, probs: np.sum(values) * np.sum(probs),
                 lambda values, probs: values * probs,
                 lambda values, probs: __import__("scipy.stats").stats.rv_discrete(values=(np.arange(len(values)), probs))
                 .expect(lambda k: values[k.astype(int)])],
          right=[lambda values, probs: float(np.dot(values, probs)),
                 lambda values, probs: sum(v * p for v, p in zip(values, probs)),
                 lambda values, probs: values @ probs,
                 lambda values, probs: np.float32(np.sum(values * probs))],
          forbidden=(SCIPY,))
def _check_expected_value(expected_value):
    for values, probs in _expectation_cases():
        want = float(np.sum(values * probs))
        got = as_number(expected_value(values, probs), "the expected value")
        if not close(got, want, scale=np.abs(values).max()):
            should, yours = fmt_pair(want, got)
            return (f"expected_value(values, probs) with values = {fmt_list(values)} and probs = "
                    f"{fmt_list(probs)} should be {should}; yours is {yours}"
                    + _expectation_diagnosis(expected_value))
    return None



# -- 10.4 by hand: a joint table, its marginals and a conditional ---------------------------------

# 40 days: rain (R = 1) or not, and the bus late (L = 1) or not. Rows R = 1, 0; columns L = 1, 0.
DAYS = np.array([[6, 4],
                 [6, 24]])


@exercise("10.4", "by hand: marginal, conditional and expectation from a table of counts",
          name="answer_10_4",
          solution="answer_10_4 = (0.3, 0.6, 0.55)\n",
          hints=["Turn the counts into probabilities first: divide every count by the number of "
                 "days, 40. A marginal probability adds up a whole row or column of the joint "
                 "table.",
                 "P(L = 1 | R = 1) looks only at the rainy days: of those, which share had a late "
                 "bus? (The share of late days that were rainy is the other conditional, "
                 "P(R = 1 | L = 1).)",
                 "R and L are 0/1 variables, and the expectation of a 0/1 variable is the "
                 "probability that it is 1. Linearity of expectation then splits E[R + L] into "
                 "two marginals, whether or not R and L are independent."],
          wrong=[(0.3, 0.5, 0.55), (0.3, 0.15, 0.55), (12, 0.6, 0.55), (0.3, 0.6, 0.075),
                 (0.3, 0.6), (0.25, 0.6, 0.55), (0.3, 0.6, 0.15), ("0.3", "0.6", "0.55")],
          right=[[0.3, 0.6, 0.55], (12 / 40, 6 / 10, 22 / 40), np.array([0.3, 0.6, 0.55]),
                 (np.float32(0.3), 0.6, 0.55)])
def _check_answer_10_4(answer_10_4):
    total = DAYS.sum()
    return by_hand_problem(
        answer_10_4, ["P(L = 1)", "P(L = 1 | R = 1)", "E[R + L]"], [0.3, 0.6, 0.55],
        {0: [(12, "you gave the count of late days; divide by the 40 days to get a probability"),
             (0.25, "you gave P(R = 1), the share of rainy days; the question asks for the bus "
                    "being late"),
             (6 / total, "you gave P(R = 1, L = 1), a single cell of the joint table; the "
                         "marginal adds the whole column L = 1")],
         1: [(0.5, "you computed P(R = 1 | L = 1), the share of rainy days among the late ones; "
                   "P(L = 1 | R = 1) divides by the rainy days instead"),
             (0.15, "you gave the joint probability P(R = 1, L = 1); a conditional divides it by "
                    "P(R = 1)"),
             (0.3, "you gave P(L = 1), the marginal; on rainy days the share is different, "
                   "because R and L are not independent")],
         2: [(0.15, "you computed E[R L] = P(R = 1, L = 1); the question asks for the sum R + L"),
             (0.075, "you multiplied E[R] E[L]; the expectation of a sum is the sum of the "
                     "expectations"),
             (22, "you gave a count; divide by the 40 days")]})


# -- 10.5 sampling a categorical distribution from uniform numbers ----------------------------

def _categorical_cases():
    yield np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.6, 0.95, 0.45, 0.85, 0.0])   # 0 1 2 0 2 0
    yield np.array([0.1, 0.6, 0.3]), np.array([0.05, 0.5, 0.69, 0.75, 0.2])         # 0 1 1 2 1
    # u exactly at the end of a piece (sums exact in binary): it starts the next class, [0, p_0)
    yield np.array([0.5, 0.25, 0.25]), np.array([0.5, 0.75, 0.25, 0.0, 0.9])        # 1 2 0 0 2
    # ten times 0.1 sums to 0.9999999999999999: a u just below 1 is still class K - 1 = 9
    yield np.full(10, 0.1), np.array([0.05, 0.95, np.nextafter(1.0, 0.0), 0.35])    # 0 9 9 3
    rng = np.random.default_rng(14)
    k = int(rng.integers(4, 8))
    yield rng.dirichlet(np.ones(k)), rng.random(12) * 0.999
    yield np.array([0.2, 0.5, 0.25, 0.05]), np.random.default_rng(15).random(20_000) * 0.999


def _categorical(probs, u):
    ends = np.cumsum(probs)
    return np.minimum(np.searchsorted(ends, u, side="right"), len(probs) - 1)


def _categorical_slip(learner_outputs) -> str:
    """The one slip that every case's output fits ("" if none or several)."""
    slips = [
        (lambda p, u: _categorical(p, u) + 1, "you numbered the classes from 1; numpy and this "
                                              "exercise number them from 0 to K - 1"),
        (lambda p, u: np.searchsorted(p, u, side="right"),
         "you compared u with the probabilities themselves; compare it with their running sums "
         "(where each class's piece of [0, 1) ends)"),
        (lambda p, u: np.full(len(u), int(np.argmax(p))), "you returned the most likely class "
                                                         "for every u; the class must depend on u"),
        (lambda p, u: _categorical(p[::-1], u), "you laid the pieces out from the last class to "
                                                "the first; class 0 starts at 0"),
        (lambda p, u: np.minimum(np.searchsorted(np.cumsum(p), u, side="left"), len(p) - 1),
         "you put a u that lies exactly at the end of a piece into the class that ends there; "
         "the pieces are half-open, [0, p_0), [p_0, p_0 + p_1), ..., so such a u starts the "
         "next class (count the running sums <= u, not those < u)"),
    ]
    def capped_or_not(out, function, p, u):
        # a slip may come with or without the cap at K - 1 (the sums ending a hair below 1)
        want = np.asarray(function(p, u))
        return (np.array_equal(out, want)
                or np.array_equal(np.minimum(out, want.max(initial=0)), want)
                and set(np.unique(out[out != want])) <= {len(p), len(p) + 1})

    fits = []
    for function, words in slips:
        if all(out is not None and np.shape(out) == np.shape(u)
               and capped_or_not(np.asarray(out), function, p, u)
               for (p, u), out in learner_outputs):
            fits.append(words)
    return f" It looks as if {fits[0]}." if len(fits) == 1 else ""


def _outputs(function, cases) -> list:
    """The learner's output on every case (None where it raised), for naming a slip."""
    outs = []
    for case in cases:
        try:
            outs.append((case, np.asarray(function(*case))))
        except Exception:   # their error is reported on its own case
            outs.append((case, None))
    return outs


@exercise("10.5", "sampling a categorical distribution from uniform numbers",
          name="sample_categorical",
          solution=("def sample_categorical(probs, u):\n"
                    "    ends = np.cumsum(probs)        # where each class's piece of [0, 1) ends\n"
                    "    ends[-1] = 1.0                 # rounding can leave the sum a hair below 1\n"
                    "    return np.searchsorted(ends, u, side=\"right\")\n"),
          hints=["Lay the probabilities end to end on [0, 1): class 0 gets [0, p_0), class 1 the "
                 "next piece of length p_1, and so on. A uniform u lands in class k's piece with "
                 "probability p_k.",
                 "Class k's piece ends at p_0 + p_1 + ... + p_k: the running sums of probs "
                 "(np.cumsum).",
                 "The class of u is the number of running sums that are <= u (0 when u is below "
                 "the first). Compare u[:, None] with the sums (broadcasting) and count per row, "
                 "or let numpy search the sorted sums. Rounding can leave the last sum a hair "
                 "below 1 (0.1 added ten times gives 0.9999999999999999): treat it as 1, so no u "
                 "in [0, 1) is counted past class K - 1."],
          wrong=[lambda p, u: np.searchsorted(np.cumsum(p), u, side="right"),
                 lambda p, u: np.digitize(u, np.cumsum(p)),
                 lambda p, u: np.searchsorted(np.cumsum(p), u, side="right") + 1,
                 lambda p, u: np.searchsorted(p, u, side="right"),
                 lambda p, u: np.full(len(u), int(np.argmax(p))),
                 lambda p, u: np.random.default_rng(0).choice(len(p), size=len(u), p=p),
                 lambda p, u: np.searchsorted(np.cumsum(p[::-1]), u, side="right"),
                 lambda p, u: np.searchsorted(np.cumsum(p), u),
                 lambda p, u: (u[:, None] > np.cumsum(p)).sum(1),
                 lambda p, u: np.searchsorted(np.cumsum(p), u, side="right").astype(np.float64),
                 lambda p, u: np.floor(u * len(p)).astype(int),
                 lambda p, u: __import__("scipy.stats").stats.rv_discrete(values=(np.arange(len(p)), p)).ppf(u)
                 .astype(int)],
          right=[lambda p, u: np.minimum(np.sum(u[:, None] >= np.cumsum(p)[None, :], axis=1),
                                         len(p) - 1),
                 lambda p, u: np.digitize(u, np.append(np.cumsum(p)[:-1], 1.0)),
                 lambda p, u: [min(int(np.sum(np.cumsum(p) <= v)), len(p) - 1) for v in u],
                 lambda p, u: np.minimum(np.searchsorted(np.cumsum(p), u, side="right"),
                                         len(p) - 1).astype(np.int32)],
          forbidden=(SCIPY,))
def _check_sample_categorical(sample_categorical):
    cases = list(_categorical_cases())
    for probs, u in cases:
        want = _categorical(probs, u)
        where = (f"for probs = {fmt_list(probs)} and u = {fmt_list(u)}" if len(u) <= 12 else
                 f"for probs = {fmt_list(probs)} and {len(u)} uniform numbers u")
        returned = sample_categorical(probs, u)
        got = as_array_of_shape(returned, u.shape,
                                f"{where} the classes (one whole number per entry of u)",
                                you=f"{where} you returned")
        if not np.array_equal(got, np.round(got)):
            return (f"{where} you returned {fmt_list(got)}; a class is a whole number from 0 to "
                    f"{len(probs) - 1}")
        if np.array_equal(got, want):
            if np.asarray(returned).dtype.kind == "f":
                return (f"{where} your classes are right, but they are floating-point numbers "
                        f"(dtype {np.asarray(returned).dtype}: "
                        f"{', '.join(str(float(v)) for v in got[:3])}, ...); a class "
                        "is a whole number: return an array with an integer dtype, as "
                        "rng.choice does (.astype(int) converts)")
            continue
        if len(u) > 100:
            freq = np.bincount(np.clip(got.astype(int), 0, len(probs) - 1),
                               minlength=len(probs)) / len(u)
            if np.allclose(freq, probs, atol=0.02):
                return (f"{where} your classes come with the right frequencies "
                        f"{fmt_list(freq)}, but not from these u: each class must be computed "
                        "from its own u (the same u must always give the same class). Did you "
                        "draw new random numbers?")
        past, last_end = got == len(probs), float(np.cumsum(probs)[-1])
        if (past.any() and last_end < 1.0 and np.all(u[past] >= last_end)
                and np.array_equal(got[~past], want[~past])):
            return (f"{where} you gave u = {float(u[past][0])!r} the class {len(probs)}, past the "
                    f"last class {len(probs) - 1}: the running sums end at "
                    f"{last_end!r}, a hair below 1, because of rounding. "
                    "Treat the last running sum as 1, so that every u in [0, 1) gets a class")
        should, yours = fmt_pair(want, got)
        big = _outputs(sample_categorical, cases)
        fresh = ""
        if len(u) <= 100 and all(out is not None for _, out in big):
            (p_big, u_big), out = big[-1]
            if out.shape == u_big.shape and not np.array_equal(out, _categorical(p_big, u_big)):
                freq = np.bincount(np.clip(out.astype(int), 0, len(p_big) - 1),
                                   minlength=len(p_big)) / len(u_big)
                if np.allclose(freq, p_big, atol=0.02):
                    fresh = (" Your classes have the right frequencies over many u, but each "
                             "must be computed from its own u: did you draw new random numbers?")
        return (f"{where} the classes are {should}; yours are {yours}."
                + (fresh or _categorical_slip(big)))
    return None
