"""Notebook 11's exercises: named slips (each only when it is the cause), the forbidden
bayes_posterior, the by-hand exercise 11.4 and the repeated tests of 11.5."""

import numpy as np
import pytest

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 11.1 the chance of being ill after a positive test -------------------------------------------
@pytest.mark.parametrize("answer, words, not_words", [
    (lambda p, s, c: c * (1 - p) / (c * (1 - p) + (1 - s) * p), "negative predictive value",
     "P(healthy | +)"),
    (lambda p, s, c: (1 - c) * (1 - p) / (s * p + (1 - c) * (1 - p)), "You computed P(healthy | +)",
     "negative predictive value"),
    (lambda p, s, c: s, "You returned the sensitivity", "P(healthy"),
])
def test_posterior_positive_slips_are_named(answer, words, not_words):
    message = fail_message("11.1", answer)
    assert words in message and not_words not in message


def test_posterior_positive_slip_fitting_one_case_only_is_not_named():
    def answer(p, s, c):                          # the sensitivity on the first case only
        return s if p == 0.01 else s * p / (s * p + (1 - c) * (1 - p)) + 0.01
    message = fail_message("11.1", answer)
    assert "sensitivity P(+ | ill)" not in message


def test_bayes_posterior_is_allowed_where_the_text_allows_it():
    from mathlib.probability import bayes_posterior
    assert_passes("11.1", lambda p, s, c: float(bayes_posterior([p, 1 - p], [s, 1 - c])[0]))


@pytest.mark.parametrize("constant", [0.0917, 0.09174311926605505, 0.5])
def test_posterior_positive_constant_is_named(constant):
    message = fail_message("11.1", lambda p, s, c: constant)
    assert "returns the same value" in message and "rounded" not in message, message


@pytest.mark.parametrize("answer", [
    lambda p, s, c: round(s * p / (s * p + (1 - c) * (1 - p)), 3),
    lambda p, s, c: s * p / (s * p + c * (1 - p)),
])
def test_posterior_positive_constant_not_named_when_not_the_cause(answer):
    assert "returns the same value" not in fail_message("11.1", answer)


# -- 11.2 the posterior over several hypotheses ---------------------------------------------------
def test_bayes_posterior_is_refused_under_any_name():
    from mathlib.probability import bayes_posterior as bp
    message = fail_message("11.2", lambda prior, lik: bp(prior, lik))
    assert "your function called bayes_posterior, which computes the posterior for you" in message
    import mathlib.probability as P
    message = fail_message("11.2",
                           lambda prior, lik: getattr(P, "bayes_" + "posterior")(prior, lik))
    assert "which computes the posterior for you" in message


def test_a_learners_own_bayes_posterior_passes():
    def bayes_posterior(prior, likelihood):        # the learner's own helper, same name
        joint = np.asarray(prior) * np.asarray(likelihood)
        return joint / joint.sum()
    assert_passes("11.2", lambda prior, lik: bayes_posterior(prior, lik))


# -- 11.3 the Naive Bayes log-score of one flower -------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda x, m, v, p: np.log(p) + np.sum(-np.log(2 * np.pi * v) - (x - m) ** 2 / (2 * v)),
     "lost its factor 1/2"),
    (lambda x, m, v, p: np.log10(p) + np.sum(-0.5 * np.log10(2 * np.pi * v)
                                             - (x - m) ** 2 / (2 * v)), "np.log10"),
    (lambda x, m, v, p: np.log10(p * np.prod(np.exp(-(x - m) ** 2 / (2 * v))
                                             / np.sqrt(2 * np.pi * v))), "np.log10"),
    (lambda x, m, v, p: np.log(p) + np.mean(-0.5 * np.log(2 * np.pi * v)
                                            - (x - m) ** 2 / (2 * v)), "averaged"),
])
def test_log_score_slips_of_the_review_are_named(answer, words):
    assert words in fail_message("11.3", answer)


# -- 11.4 by hand: a posterior and a Beta update --------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((0.02, 0.625), "you gave P(defective | A)"),
    ((0.375, 0.75), "the share of heads in the data"),
    ((0.38, 0.625), "the right value rounded"),
])
def test_by_hand_posterior_slips_are_named(answer, words):
    assert words in fail_message("11.4", answer)


def test_by_hand_two_thirds_names_both_causes():
    message = fail_message("11.4", (0.375, 0.6667))
    assert "mean of Beta(4, 2)" in message and "mode" in message and "Beta(5, 3)" in message


# -- 11.5 the posterior after several test results ------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ("all positive", "treated every result as positive"),
    ("last", "used only the last result"),
])
def test_repeated_tests_slips_are_named(answer, words):
    from mathlib.exercises import nb11
    wrong = {"all positive": lambda p, s, c, r: nb11._after_tests(p, s, c, [1] * len(r)),
             "last": lambda p, s, c, r: nb11._after_tests(p, s, c, r[-1:])}[answer]
    assert words in fail_message("11.5", wrong)


# -- across the exercises of 11 -------------------------------------------------------------------
def test_log_score_names_a_slip_only_when_it_fits_every_answered_case():
    from mathlib.exercises import nb11
    cases = list(nb11._score_cases())
    right = [(nb11._log_score(*c), c) for c in cases]
    halved = [(v - 0.5 * np.sum(np.log(2 * np.pi * c[2])), c) for v, c in right]   # lost 1/2
    assert "factor 1/2" in nb11._score_slip(halved)
    mixed = [halved[0], (right[1][0] + 1.0, right[1][1])]                         # no one slip
    assert nb11._score_slip(mixed) == ""
    assert nb11._score_slip([]) == ""


def test_repeated_tests_match_bayes_on_all_results_at_once():
    from mathlib.exercises import nb11
    from mathlib.probability import bayes_posterior
    for p, s, c, r in nb11._tests_cases():
        at_once = bayes_posterior([p, 1 - p], [np.prod([s if v else 1 - s for v in r]),
                                               np.prod([1 - c if v else c for v in r])])[0]
        assert np.isclose(nb11._after_tests(p, s, c, r), at_once, rtol=1e-12)
    assert np.isclose(nb11._after_tests(0.01, 0.9, 0.91, [1, 1]), 0.5025, atol=1e-4)


def _missed(a, b, bias):
    from mathlib.explorers import coin_posterior as cp
    theta, sequence = cp.theta_grid(), cp.flips(bias)
    missed = []
    for n in range(cp.MAX_FLIPS + 1):
        h = int(sequence[:n].sum())
        lo, hi = cp.compute(a, b, h, n - h, theta).interval
        if not lo <= bias <= hi:
            missed.append(n)
    return missed


def test_coin_text_where_the_flat_prior_interval_holds_the_bias():
    assert _missed(1, 1, 0.7) == [] and _missed(1, 1, 0.5) == []     # "at every n from 0 to 200"
    assert _missed(1, 1, 0.98) == [0, *range(136, 142), *range(151, 201)]
    assert _missed(1, 1, 0.14) and _missed(1, 1, 0.76)                # "a few times"
