"""Exercises of notebook 11: Bayes' theorem for a positive test, a posterior over hypotheses, and
the log-score of Gaussian Naive Bayes.

Each checker starts with the notebook's worked example (a learner can verify it by hand), then
real Iris flowers and seeded random values chosen so that the usual slips show: a posterior that
forgets the false positives in the evidence, a posterior that is not normalised, a Naive Bayes
score that multiplies hundreds of small densities and underflows to 0 before the log.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import load_iris
from ..probability import bayes_posterior
from ._core import exercise
from ._rules import forbid_object
from ._slips import Slip, by_hand_problem, cause_of_calls, name_slip
from ._feedback import (Wrong, as_array_of_shape, as_number, close, fmt, fmt_list, fmt_pair,
                        sentence)

NOTEBOOK = "11"


# -- 11.1 the posterior after a positive test --------------------------------------------------

def _test_cases():
    yield 0.01, 0.9, 0.91                      # the notebook's worked example
    yield 0.001, 0.99, 0.99                    # a rare disease, an excellent test
    rng = np.random.default_rng(110)
    for _ in range(3):
        yield (float(np.round(rng.uniform(0.002, 0.3), 3)),
               float(np.round(rng.uniform(0.6, 0.99), 3)),
               float(np.round(rng.uniform(0.6, 0.99), 3)))
    yield 0.5, 0.8, 0.6                        # a common disease, a poor test


def _exact_posterior(p, s, c):
    return s * p / (s * p + (1 - c) * (1 - p))


_POSITIVE_SLIPS = [
    (lambda p, s, c: s, "you returned the sensitivity P(+ | ill). The question asks the reverse, "
                        "P(ill | +); the two differ because most people are healthy"),
    (lambda p, s, c: s * p / (s * p), "your answer is 1: the evidence P(+) in the denominator "
                                      "counts only the ill who test positive; add the healthy "
                                      "who test positive, (1 - specificity) * (1 - prevalence)"),
    (lambda p, s, c: s * p, "you returned P(+ and ill) = sensitivity * prevalence; divide it by "
                            "the evidence P(+), the chance of a positive test for anyone"),
    (lambda p, s, c: s * p / (s * p + (1 - s) * (1 - p)),
     "the false-positive rate P(+ | healthy) is 1 - specificity, not 1 - sensitivity"),
    (lambda p, s, c: s * p / (s * p + c * (1 - p)),
     "the specificity is P(- | healthy), the chance a healthy person tests NEGATIVE; healthy "
     "people test positive with probability 1 - specificity"),
    (lambda p, s, c: s / (s + 1 - c), "your answer leaves out the prevalence (the prior): weigh "
                                      "the ill by P(ill) and the healthy by 1 - P(ill)"),
    (lambda p, s, c: s * p / (s * p + (1 - c)), "the false positives come from the healthy only: "
                                                "weigh 1 - specificity by P(healthy) = "
                                                "1 - prevalence"),
    (lambda p, s, c: 1 - _exact_posterior(p, s, c),
     "you computed P(healthy | +), the chance that a person who tests positive is healthy; the "
     "question asks for P(ill | +), which is 1 minus that"),
    (lambda p, s, c: c * (1 - p) / (c * (1 - p) + (1 - s) * p),
     "you computed P(healthy | -), the chance that a person who tests NEGATIVE is healthy (the "
     "negative predictive value); the question asks about a positive test and the ill"),
    (lambda p, s, c: (1 - s) * p / ((1 - s) * p + c * (1 - p)),
     "you computed P(ill | -), for a NEGATIVE test; a positive test has the likelihoods "
     "sensitivity (ill) and 1 - specificity (healthy)"),
]


def _posterior_slip(posterior_positive) -> str:
    """The usual slip that the learner's function shows on every case ("" if none or several)."""
    words = cause_of_calls(posterior_positive, list(_test_cases()), _POSITIVE_SLIPS,
                           _exact_posterior, same=lambda got, value: close(float(got), value))
    return sentence(words)


@exercise("11.1", "the chance of being ill after a positive test", name="posterior_positive",
          solution=("def posterior_positive(prevalence, sensitivity, specificity):\n"
                    "    ill_and_positive = sensitivity * prevalence\n"
                    "    healthy_and_positive = (1 - specificity) * (1 - prevalence)\n"
                    "    evidence = ill_and_positive + healthy_and_positive\n"
                    "    return ill_and_positive / evidence\n"),
          hints=["Bayes' theorem: P(ill | +) = P(+ | ill) P(ill) / P(+). Which of the three "
                 "arguments is P(+ | ill), and which is P(ill)?",
                 "The evidence P(+) is the chance that anyone tests positive: the ill who test "
                 "positive plus the healthy who test positive (the law of total probability).",
                 "The healthy who test positive: a person is healthy with probability "
                 "1 - prevalence, and a healthy person tests positive with probability "
                 "1 - specificity (the false-positive rate). The evidence adds this group to the "
                 "ill who test positive."],
          wrong=[lambda p, s, c: s,
                 lambda p, s, c: s * p / (s * p),
                 lambda p, s, c: s * p,
                 lambda p, s, c: s * p / (s * p + (1 - s) * (1 - p)),
                 lambda p, s, c: s * p / (s * p + c * (1 - p)),
                 lambda p, s, c: s / (s + 1 - c),
                 lambda p, s, c: s * p / (s * p + (1 - c)),
                 lambda p, s, c: 0.0917],
          right=[lambda p, s, c: float(bayes_posterior([p, 1 - p], [s, 1 - c])[0]),
                 lambda p, s, c: (10000 * p * s) / (10000 * p * s + 10000 * (1 - p) * (1 - c)),
                 lambda p, s, c: 1 / (1 + (1 - c) * (1 - p) / (s * p)),
                 lambda p, s, c: np.float32(s * p / (s * p + (1 - c) * (1 - p)))])
def _check_posterior_positive(posterior_positive):
    for p, s, c in _test_cases():
        want = _exact_posterior(p, s, c)
        call = (f"for prevalence {fmt(p)}, sensitivity {fmt(s)} and specificity {fmt(c)}")
        got = as_number(posterior_positive(p, s, c), "P(ill | +)",
                        you=f"{call} you returned")
        if close(got, want):
            continue
        if not 0.0 <= float(got) <= 1.0:
            return (f"{call} you returned {fmt(got)}, which is not a probability (those lie "
                    f"between 0 and 1); P(ill | +) is {fmt(want)}")
        should, yours = fmt_pair(want, got)
        return (f"{call} P(ill | +) is {should}; yours is {yours}."
                + (_constant_cause(posterior_positive, got, (p, s, c)) or _posterior_slip(posterior_positive)))
    return None


def _constant_cause(posterior_positive, got, failed) -> str:
    """Words for a function that returns one and the same value for every case ("" otherwise)."""
    cases = list(_test_cases())
    for p, s, c in cases:
        try:
            other = float(posterior_positive(p, s, c))
        except Exception:   # their error is not this cause
            return ""
        if other != float(got):
            return ""
    others = [case for case in cases
              if case != failed and not close(float(got), _exact_posterior(*case))]
    also = ""
    if others:
        p, s, c = others[0]
        also = (f" (for prevalence {fmt(p)}, sensitivity {fmt(s)} and specificity {fmt(c)} too, "
                f"where P(ill | +) is {fmt(_exact_posterior(p, s, c))})")
    return (f" Your function returns the same value, {fmt(got)}, for every input{also}: compute "
            "it from the three arguments instead of typing in a number.")


# -- 11.2 a posterior over several hypotheses --------------------------------------------------

def _iris_petal_case():
    """Three species as hypotheses; the data: one flower's petal length of 4.9 cm."""
    iris = load_iris()
    prior = np.array([np.mean(iris.y == k) for k in range(3)])
    x = iris.X[:, 2]
    likelihood = np.array([
        math.exp(-(4.9 - x[iris.y == k].mean()) ** 2 / (2 * x[iris.y == k].var()))
        / math.sqrt(2 * math.pi * x[iris.y == k].var()) for k in range(3)])
    return prior, likelihood


def _hypothesis_cases():
    theta = np.array([0.2, 0.5, 0.8])                      # three coins; the data: H, H, T
    yield np.array([0.25, 0.5, 0.25]), theta ** 2 * (1 - theta)
    yield _iris_petal_case()
    rng = np.random.default_rng(111)
    for k in (int(rng.integers(4, 8)), 2):
        prior = rng.dirichlet(np.ones(k))
        yield prior, np.round(rng.uniform(0.01, 0.9, size=k), 3)


BAYES_POSTERIOR = forbid_object("mathlib.probability.bayes_posterior",
                                "which computes the posterior for you")


@exercise("11.2", "the posterior over several hypotheses", name="posterior",
          solution=("def posterior(prior, likelihood):\n"
                    "    unnormalised = prior * likelihood\n"
                    "    return unnormalised / unnormalised.sum()\n"),
          hints=["Bayes' theorem for each hypothesis h: P(h | data) = P(data | h) P(h) / P(data). "
                 "The numerator is one number per hypothesis.",
                 "The posterior is a probability distribution over the hypotheses, so it sums "
                 "to 1. The evidence P(data) is the number that makes it so.",
                 "The numerators, one per hypothesis, do not add up to 1 by themselves. The law "
                 "of total probability says what P(data) is: the sum over all hypotheses h of "
                 "P(data | h) P(h). numpy works on the whole arrays at once."],
          wrong=[lambda prior, lik: prior * lik,
                 lambda prior, lik: lik / lik.sum(),
                 lambda prior, lik: prior * lik / lik.sum(),
                 lambda prior, lik: prior * lik / (prior * lik).max(),
                 lambda prior, lik: prior * lik / len(prior),
                 lambda prior, lik: np.exp(prior * lik) / np.exp(prior * lik).sum(),
                 lambda prior, lik: (prior + lik) / (prior + lik).sum(),
                 lambda prior, lik: bayes_posterior(prior, lik)],
          right=[lambda prior, lik: [p * q / sum(a * b for a, b in zip(prior, lik))
                                     for p, q in zip(prior, lik)],
                 lambda prior, lik: np.exp(np.log(prior) + np.log(lik)
                                           - np.log(np.sum(prior * lik))),
                 lambda prior, lik: (prior * lik / np.dot(prior, lik)).astype(np.float32)],
          forbidden=(BAYES_POSTERIOR,))
def _check_posterior(posterior):
    for prior, likelihood in _hypothesis_cases():
        k = len(prior)
        want = prior * likelihood / np.sum(prior * likelihood)
        where = f"for prior {fmt_list(prior)} and likelihood {fmt_list(likelihood)}"
        got = as_array_of_shape(posterior(prior, likelihood), (k,),
                                f"{where} the posterior (one probability per hypothesis)",
                                you=f"{where} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        total = float(np.sum(got))
        if not close(total, 1.0):
            tip = (f" Your numbers sum to {fmt(total)}; a posterior sums to 1: divide by the "
                   "evidence, the sum of prior * likelihood over all hypotheses.")
            if close(got / total, want):
                tip = (f" Your numbers have the right proportions but sum to {fmt(total)}: divide "
                       "by their sum, the evidence P(data).")
            return f"{where} the posterior is {should}; yours is {yours}.{tip}"
        if close(got, likelihood / likelihood.sum()):
            return (f"{where} the posterior is {should}; yours is {yours}, the normalised "
                    "likelihood: the prior is missing. Multiply each likelihood by its prior.")
        return f"{where} the posterior is {should}; yours is {yours}."
    return None


# -- 11.3 the log-score of Gaussian Naive Bayes ------------------------------------------------

def _class_params(X, y, k):
    rows = X[y == k]
    return rows.mean(axis=0), rows.var(axis=0), float(np.mean(y == k))


def _score_cases():
    iris = load_iris()
    means, variances, prior = _class_params(iris.X, iris.y, 0)
    yield iris.X[0], means, variances, prior           # a setosa flower under setosa
    yield iris.X[100], means, variances, prior         # a virginica flower under setosa: far
    means, variances, prior = _class_params(iris.X, iris.y, 2)
    yield iris.X[60], means, variances, prior
    rng = np.random.default_rng(112)
    d = 600                                            # many features: the product underflows
    means = np.round(rng.normal(0, 2, size=d), 2)
    variances = np.round(rng.uniform(0.3, 3.0, size=d), 2)
    yield np.round(means + rng.normal(0, 1.5, size=d), 2), means, variances, 0.2


def _log_score(x, m, v, prior):
    return float(math.log(prior) + np.sum(-0.5 * np.log(2 * np.pi * v) - (x - m) ** 2 / (2 * v)))


def _score_slips(x, m, v, prior) -> list[tuple[float, str]]:
    """The usual wrong log-scores of one case, each with what it means."""
    want = _log_score(x, m, v, prior)
    lp = math.log(prior)
    d = len(x)
    quad = float(np.sum((x - m) ** 2 / (2 * v)))
    norm = float(np.sum(0.5 * np.log(2 * np.pi * v)))
    ln10 = math.log(10.0)
    return [
        (want - lp, "the log-prior log P(class) is missing: add it once"),
        (want - lp + prior, "you added the prior itself; add its logarithm, log P(class)"),
        (lp - quad, "the normalising term -1/2 log(2 pi variance) of each feature's density is "
                    "missing; it differs between features and between classes"),
        (lp - 2 * norm - quad, "the term log(2 pi variance) has lost its factor 1/2: the log of "
                               "1/sqrt(2 pi variance) is -1/2 log(2 pi variance)"),
        (lp - norm - 2 * quad, "the squared distance is divided by the variance but not by 2: "
                               "the Gaussian's exponent is -(x - mean)^2 / (2 variance)"),
        (lp + float(np.sum(-0.5 * np.log(2 * np.pi * v ** 2) - (x - m) ** 2 / (2 * v ** 2))),
         "you used the variances as standard deviations (squaring them again); the numbers "
         "given ARE the variances sigma^2"),
        (lp + float(np.sum(-0.5 * np.log(2 * np.pi * np.sqrt(v))
                           - (x - m) ** 2 / (2 * np.sqrt(v)))),
         "you took the square root of the variances where the variance itself belongs"),
        ((lp - norm) / ln10 - quad, "you used np.log10; the log that undoes np.exp (the one in "
                                    "the Gaussian) is the natural log, np.log"),
        (want / ln10, "you used np.log10; the log that undoes np.exp (the one in the Gaussian) "
                      "is the natural log, np.log"),
        (lp - (norm + quad) / d, "you averaged the per-feature log-densities (a mean); the log of "
                                 "a product is the SUM of the logs: add them up"),
    ]


def _score_slip(answers) -> str:
    """The one usual slip that every answered case shows, or "" when none or several fit.

    ``answers``: (the learner's number, (x, means, variances, prior)) for each case they answered.
    """
    if not answers:
        return ""
    cases = [case for _, case in answers]
    slips = [Slip(lambda *case, k=k: _score_slips(*case)[k][0], words)
             for k, (_, words) in enumerate(_score_slips(*cases[0]))]
    slip = name_slip([got for got, _ in answers], [_log_score(*case) for case in cases], cases,
                     slips)
    return sentence(slip.words) if slip is not None else ""


def _answers(log_score) -> list:
    """The learner's numbers on every case they answer with a finite number (for naming a slip)."""
    answers = []
    for case in _score_cases():
        try:
            with np.errstate(all="ignore"):
                value = float(log_score(*case))
        except Exception:   # their error is reported on its own case; here it only means no number
            continue
        if np.isfinite(value):
            answers.append((value, case))
    return answers


@exercise("11.3", "the Naive Bayes log-score of one flower", name="log_score",
          solution=("def log_score(x, means, variances, prior):\n"
                    "    log_densities = (-0.5 * np.log(2 * np.pi * variances)\n"
                    "                     - (x - means) ** 2 / (2 * variances))\n"
                    "    return np.log(prior) + np.sum(log_densities)\n"),
          hints=["The score is log P(class) + log p(x | class), and Naive Bayes takes "
                 "p(x | class) to be a product of one Gaussian density per feature.",
                 "The log of a product is the sum of the logs. Sum the log-densities instead of "
                 "multiplying densities: a product of hundreds of small numbers rounds to 0.",
                 "The log of one feature's Gaussian density has two parts: the log of its "
                 "constant 1/sqrt(2 pi variance_j), and its exponent (the log undoes the exp). "
                 "Both can be computed for all features at once from the arrays of shape (d,)."],
          wrong=[lambda x, m, v, prior: np.sum(-0.5 * np.log(2 * np.pi * v)
                                               - (x - m) ** 2 / (2 * v)),
                 lambda x, m, v, prior: prior + np.sum(-0.5 * np.log(2 * np.pi * v)
                                                       - (x - m) ** 2 / (2 * v)),
                 lambda x, m, v, prior: np.log(prior) - np.sum((x - m) ** 2 / (2 * v)),
                 lambda x, m, v, prior: np.log(prior) + np.sum(-0.5 * np.log(2 * np.pi * v ** 2)
                                                               - (x - m) ** 2 / (2 * v ** 2)),
                 lambda x, m, v, prior: np.log(prior) + np.sum(-0.5 * np.log(2 * np.pi * v)
                                                               - (x - m) ** 2 / v),
                 lambda x, m, v, prior: np.log(prior) - 0.5 * np.log(2 * np.pi * v)
                 - (x - m) ** 2 / (2 * v),
                 lambda x, m, v, prior: np.log(prior * np.prod(
                     np.exp(-(x - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v)))],
          right=[lambda x, m, v, prior: math.log(prior) + sum(
                     -0.5 * math.log(2 * math.pi * vj) - (xj - mj) ** 2 / (2 * vj)
                     for xj, mj, vj in zip(x, m, v)),
                 lambda x, m, v, prior: np.log(prior) + np.sum(np.log(
                     np.exp(-(x - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v))),
                 lambda x, m, v, prior: np.log(prior) - 0.5 * np.sum(
                     np.log(2 * np.pi * v) + (x - m) ** 2 / v),
                 lambda x, m, v, prior: np.float32(np.log(prior) - 0.5 * np.sum(
                     np.log(2 * np.pi * v) + (x - m) ** 2 / v))])
def _check_log_score(log_score):
    for x, m, v, prior in _score_cases():
        d = len(x)
        want = _log_score(x, m, v, prior)
        where = (f"for a flower x = {fmt_list(x)} and a class with means {fmt_list(m)}, variances "
                 f"{fmt_list(v)} and prior {fmt(prior)}" if d <= 4 else
                 f"for a random example with {d} features (class prior {fmt(prior)})")
        with np.errstate(divide="ignore", under="ignore"):
            result = log_score(x, m, v, prior)
        if np.ndim(result) == 0 and not isinstance(result, (str, bytes, bool)):
            try:
                value = float(result)
            except (TypeError, ValueError):
                value = 0.0
            if value == -np.inf:
                return (f"{where} you returned -inf: the log of 0. Multiplying {d} densities, "
                        "most of them below 1, rounds the product to 0 before the log is taken "
                        "(underflow); add the logs of the densities instead, so nothing is ever that small.")
        if np.ndim(result) == 1 and np.shape(result) == (d,):
            raise Wrong(f"{where} you returned {d} numbers, one per feature; the score is one "
                        "number: add the per-feature log-densities up (and the log-prior once)")
        got = as_number(result, "the log-score", you=f"{where} you returned")
        if close(got, want, scale=abs(want)):
            continue
        should, yours = fmt_pair(want, got)
        return (f"{where} the log-score is {should}; yours is {yours}."
                + _score_slip(_answers(log_score)))
    return None


# -- 11.4 by hand: a posterior from two machines, and a Beta update --------------------------------

@exercise("11.4", "by hand: a posterior and a Beta update", name="answer_11_4",
          solution="answer_11_4 = (0.375, 0.625)\n",
          hints=["First number: the hypotheses are the two machines, the data is \"defective\". "
                 "Write prior and likelihood for each machine, as in the diagnostic test.",
                 "Natural frequencies help: of 1000 items, how many come from A and are "
                 "defective, and how many from B and are defective? The posterior of A is its "
                 "share of all the defective items.",
                 "Second number: a Beta(a, b) prior after h heads and t tails is Beta(a + h, "
                 "b + t); its mean is the first parameter divided by the sum of both."],
          wrong=[(0.02, 0.625), (0.6, 0.625), (0.012, 0.625), (0.375, 0.75), (0.375, 0.5),
                 (0.375,), (0.38, 0.63), (0.625, 0.375), ("0.375", "0.625")],
          right=[[0.375, 0.625], (12 / 32, 5 / 8), np.array([0.375, 0.625]),
                 (np.float32(0.375), np.float32(0.625))])
def _check_answer_11_4(answer_11_4):
    return by_hand_problem(
        answer_11_4, ["P(A | defective)", "posterior mean of the bias"], [0.375, 0.625],
        {0: [(0.02, "you gave P(defective | A), the likelihood; the question asks the reverse, "
                    "P(A | defective)"),
             (0.6, "you gave the prior P(A); the defect is evidence that changes it"),
             (0.012, "you gave P(A and defective) = 0.6 x 0.02; divide by P(defective), the "
                     "defective items from both machines"),
             (0.625, "you gave P(B | defective); the question asks for machine A"),
             (0.02 / 0.07, "you left out the priors: weigh each machine's defect rate by its share "
                           "of the items")],
         1: [(0.75, "you gave the share of heads in the data, 3 / 4; the prior Beta(2, 2) counts "
                    "too, like 2 heads and 2 tails seen before"),
             (0.5, "you gave the prior mean; the flips move it"),
             (5 / 7, "the posterior is Beta(a + h, b + t) = Beta(5, 3); its mean divides 5 by "
                     "5 + 3"),
             (4 / 6, "you either took the mean of Beta(4, 2), as if the prior Beta(2, 2) were 1 "
                     "head and 1 tail (it acts like 2 heads and 2 tails), or the mode (the peak) "
                     "(a - 1) / (a + b - 2) of the right posterior Beta(5, 3): both give 4/6. The "
                     "question asks for the posterior mean")]})


# -- 11.5 several test results, one after the other ------------------------------------------------

def _after_tests(prevalence, sensitivity, specificity, results):
    p = prevalence
    for r in results:
        ill = (sensitivity if r == 1 else 1 - sensitivity) * p
        healthy = (1 - specificity if r == 1 else specificity) * (1 - p)
        p = ill / (ill + healthy)
    return p


def _after_tests_negative_swapped(prevalence, sensitivity, specificity, results):
    """A negative result weighed with sensitivity and 1 - specificity, as if it were positive's."""
    p = prevalence
    for r in results:
        ill = (sensitivity if r == 1 else 1 - specificity) * p
        healthy = (1 - specificity if r == 1 else sensitivity) * (1 - p)
        p = ill / (ill + healthy)
    return p


def _tests_cases():
    yield 0.01, 0.9, 0.91, [1]                   # the notebook's example: 0.0917
    yield 0.01, 0.9, 0.91, [1, 1]                # a second positive: 0.504
    yield 0.01, 0.9, 0.91, [1, 0]                # then a negative: 0.0122
    yield 0.2, 0.8, 0.7, [0]
    yield 0.3, 0.95, 0.9, []                     # no results: the prior
    rng = np.random.default_rng(113)
    for n in (5, 12):
        yield (float(np.round(rng.uniform(0.01, 0.3), 3)), float(np.round(rng.uniform(0.6, 0.99), 3)),
               float(np.round(rng.uniform(0.6, 0.99), 3)), [int(v) for v in rng.integers(0, 2, n)])


_TESTS_SLIPS = [
    (lambda p, s, c, r: _after_tests(p, s, c, [1] * len(r)),
     "you treated every result as positive; a negative result has its own likelihoods, "
     "P(- | ill) = 1 - sensitivity and P(- | healthy) = specificity"),
    (lambda p, s, c, r: _after_tests(p, s, c, r[-1:]),
     "you used only the last result; each result updates the posterior left by the ones before"),
    (lambda p, s, c, r: _after_tests(p, s, c, r[:1]),
     "you used only the first result; each result updates the posterior left by the ones before"),
    (lambda p, s, c, r: _after_tests_negative_swapped(p, s, c, r),
     "for a negative result you used the wrong likelihoods: P(- | ill) = 1 - sensitivity, "
     "P(- | healthy) = specificity"),
    (lambda p, s, c, r: float(np.prod([_after_tests(p, s, c, [v]) for v in r])) if r else p,
     "you multiplied the single-test posteriors; instead, feed each posterior in as the prior "
     "of the next result"),
]


@exercise("11.5", "the posterior after several test results", name="posterior_after_tests",
          solution=("def posterior_after_tests(prevalence, sensitivity, specificity, results):\n"
                    "    p_ill = prevalence\n"
                    "    for r in results:\n"
                    "        if r == 1:\n"
                    "            ill, healthy = sensitivity * p_ill, (1 - specificity) * (1 - p_ill)\n"
                    "        else:\n"
                    "            ill, healthy = (1 - sensitivity) * p_ill, specificity * (1 - p_ill)\n"
                    "        p_ill = ill / (ill + healthy)\n"
                    "    return p_ill\n"),
          hints=["Yesterday's posterior is today's prior: after each result, P(ill | the results "
                 "so far) takes the place of the prevalence for the next one.",
                 "A negative result has its own likelihoods: P(- | ill) = 1 - sensitivity and "
                 "P(- | healthy) = specificity.",
                 "Loop over the results. For each one, weigh the current P(ill) and 1 - P(ill) by "
                 "that result's two likelihoods; the new P(ill) is the ill group's share. With "
                 "no results at all, nothing changes."],
          wrong=[lambda p, s, c, r: _after_tests(p, s, c, [1] * len(r)),
                 lambda p, s, c, r: _after_tests(p, s, c, r[-1:]),
                 lambda p, s, c, r: _after_tests_negative_swapped(p, s, c, r),
                 lambda p, s, c, r: float(np.prod([_after_tests(p, s, c, [v]) for v in r]))
                 if r else p,
                 lambda p, s, c, r: _after_tests(p, s, c, r[:1]),
                 lambda p, s, c, r: s * p / (s * p + (1 - c) * (1 - p))],
          right=[lambda p, s, c, r: float(bayes_posterior(
                     [p, 1 - p], [np.prod([s if v else 1 - s for v in r]),
                                  np.prod([1 - c if v else c for v in r])])[0]),
                 lambda p, s, c, r: 1 / (1 + (1 - p) / p * math.prod(
                     ((1 - c) / s) if v else (c / (1 - s)) for v in r)),
                 lambda p, s, c, r: np.float32(_after_tests(p, s, c, r))])
def _check_after_tests(posterior_after_tests):
    for p, s, c, results in _tests_cases():
        want = _after_tests(p, s, c, results)
        call = (f"for prevalence {fmt(p)}, sensitivity {fmt(s)}, specificity {fmt(c)} and results "
                f"{list(results)}")
        got = as_number(posterior_after_tests(p, s, c, list(results)), "P(ill | the results)",
                        you=f"{call} you returned")
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        words = cause_of_calls(posterior_after_tests, [(a, b, d, list(r)) for a, b, d, r
                                                       in _tests_cases()],
                               _TESTS_SLIPS, _after_tests, same=lambda g, v: close(float(g), v))
        return (f"{call} P(ill | the results) is {should}; yours is {yours}."
                + (" It looks as if " + words + "." if words else ""))
    return None
