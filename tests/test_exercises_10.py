"""Notebook 10's exercises: named slips (each only when it is the cause), the forbidden shortcuts
declared by object, the by-hand exercise 10.4 and the categorical sampler 10.5."""

import numpy as np
import pytest

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 10.1 the Gaussian density --------------------------------------------------------------------
_ROOT_2PI = np.sqrt(2 * np.pi)


@pytest.mark.parametrize("answer, words", [
    (lambda x, mu, s: np.exp(-(x - mu) ** 2 / (2 * s ** 2)) / _ROOT_2PI,
     "the factor 1/sigma in front is missing"),
    (lambda x, mu, s: np.exp(-(x - mu) ** 2 / 2 * s ** 2) / (s * _ROOT_2PI),
     "Python divides by 2 and THEN multiplies by sigma^2"),
    (lambda x, mu, s: np.exp(-(x - mu) ** 2 / (2 * s ** 2)) / s * _ROOT_2PI,
     "Python divides by sigma and THEN multiplies by sqrt(2 pi)"),
])
def test_gaussian_pdf_slips_of_the_review_are_named(answer, words):
    message = fail_message("10.1", answer)
    assert words in message and message.count("It looks as if") == 1, message


def test_gaussian_pdf_slip_on_one_case_only_is_not_named():
    def answer(x, mu, sigma):          # loses the minus sign, but only on the first case
        sign = 1 if sigma == 1.0 else -1
        return np.exp(sign * (x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))
    assert "It looks as if" not in fail_message("10.1", answer)


def test_scipy_and_mathlibs_density_are_refused_in_10_1():
    import scipy.stats
    from mathlib.probability import gaussian_pdf as library_pdf
    message = fail_message("10.1", lambda x, mu, sigma: scipy.stats.norm.pdf(x, mu, sigma))
    assert "but this exercise asks for numpy only (no scipy)" in message
    message = fail_message("10.1", lambda x, mu, sigma: library_pdf(x, mu=mu, sigma=sigma))
    assert "your function called gaussian_pdf, which computes the density for you" in message


def test_a_learners_own_helper_named_like_the_library_passes():
    def gaussian_pdf(x, mu, sigma):                # the learner's own, same name as mathlib's
        return np.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))
    assert_passes("10.1", lambda x, mu, sigma: gaussian_pdf(x, mu, sigma))


@pytest.mark.parametrize("id", ["10.1", "10.2", "10.3"])
def test_float16_results_fail_float32_pass(id):
    from mathlib.exercises import reference
    ref = reference(id)
    message = fail_message(id, lambda *a: np.asarray(ref(*a)).astype(np.float16))
    assert "float16 keeps about 3 digits" in message
    assert_passes(id, lambda *a: np.asarray(ref(*a)).astype(np.float32))


# -- 10.2 sampling by the reparameterisation ------------------------------------------------------
def test_reparameterise_with_minus_sigma_eps_is_explained():
    message = fail_message("10.2", lambda mu, sigma, eps: mu - sigma * eps)
    assert "x = mu + sigma * eps" in message and "distribution is the same" in message
    assert "sign of its gradient" in message
    assert "new random numbers" not in message      # -eps has the same statistics, but is not fresh


def test_fresh_draws_are_named_on_the_first_case():
    answer = lambda mu, sigma, eps: mu + sigma * np.random.default_rng(5).standard_normal(len(eps))
    message = fail_message("10.2", answer)
    assert "reparameterise(0, 1, eps)" in message                 # the first, small case
    assert "Did you draw new random numbers?" in message


def test_a_plain_wrong_sample_is_not_called_fresh_draws():
    message = fail_message("10.2", lambda mu, sigma, eps: mu + eps)
    assert "new random numbers" not in message and "not multiplied by sigma" in message


@pytest.mark.parametrize("id, answer", [
    ("10.2", lambda mu, sigma, eps: __import__("scipy.stats").stats.norm.ppf(
        __import__("scipy.stats").stats.norm.cdf(eps), mu, sigma)),
    ("10.3", lambda values, probs: __import__("scipy.stats").stats.rv_discrete(
        values=(np.arange(len(values)), probs)).expect(lambda k: values[k.astype(int)])),
    ("10.5", lambda probs, u: __import__("scipy.stats").rv_discrete(
        values=(np.arange(len(probs)), probs)).ppf(u).astype(int)),
])
def test_scipy_is_refused_in_every_function_exercise_of_notebook_10(id, answer):
    assert "no scipy" in fail_message(id, answer)


# -- 10.3 the expected value of a discrete distribution -------------------------------------------
def test_expected_value_slip_named_only_when_it_fits_every_case():
    assert "plain mean of the values" in fail_message("10.3", lambda v, p: np.mean(v))
    half = lambda v, p: np.mean(v) if len(v) == 6 else np.sum(v * p) + 1.0
    assert "plain mean" not in fail_message("10.3", half)


# -- 10.4 by hand: marginal, conditional and expectation from a table of counts -------------------
@pytest.mark.parametrize("answer, words", [
    ((0.3, 0.5, 0.55), "you computed P(R = 1 | L = 1)"),
    ((0.3, 0.6, 0.075), "you multiplied E[R] E[L]"),
    ((12, 0.6, 0.55), "the count of late days"),
])
def test_by_hand_joint_table_slips_are_named(answer, words):
    message = fail_message("10.4", answer)
    assert words in message and "2 of your 3 numbers are right" in message


def test_by_hand_rounded_is_told_and_a_stray_number_names_nothing():
    assert "the right value rounded" in fail_message("10.4", (0.3, 0.6, 0.6))
    message = fail_message("10.4", (0.3, 0.6, 0.9))
    assert "It looks as if" not in message and "your E[R + L] is 0.9" in message


def test_by_hand_accepts_fractions():
    from fractions import Fraction
    assert_passes("10.4", (Fraction(3, 10), Fraction(3, 5), Fraction(11, 20)))


# -- 10.5 sampling a categorical distribution from uniform numbers --------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda p, u: np.searchsorted(np.cumsum(p), u, side="right") + 1, "numbered the classes from 1"),
    (lambda p, u: np.searchsorted(p, u, side="right"), "compared u with the probabilities"),
    (lambda p, u: np.random.default_rng(0).choice(len(p), size=len(u), p=p),
     "did you draw new random numbers?"),
])
def test_categorical_slips_are_named(answer, words):
    assert words in fail_message("10.5", answer)


def test_categorical_slip_not_named_when_it_fits_only_some_cases():
    def answer(p, u):                              # one past the class, but only on the first case
        k = np.searchsorted(np.cumsum(p), u, side="right")
        return k + 1 if len(u) == 6 else k
    message = fail_message("10.5", answer)
    assert "It looks as if" not in message


def test_categorical_non_whole_classes_are_explained():
    message = fail_message("10.5", lambda p, u: u * len(p))
    assert "a class is a whole number" in message


@pytest.mark.parametrize("answer", [
    lambda p, u: np.searchsorted(np.cumsum(p), u),                 # side="left"
    lambda p, u: (u[:, None] > np.cumsum(p)).sum(1),               # strict comparison
])
def test_categorical_u_on_a_boundary_starts_the_next_class(answer):
    message = fail_message("10.5", answer)
    assert "u = [0.5, 0.75" in message and "half-open" in message, message


def test_categorical_boundary_case_is_exact():
    from mathlib.exercises import reference
    probs, u = np.array([0.5, 0.25, 0.25]), np.array([0.5, 0.75, 0.25, 0.0, 0.9])
    assert np.cumsum(probs).tolist() == [0.5, 0.75, 1.0]              # exact in binary
    assert np.asarray(reference("10.5")(probs, u)).tolist() == [1, 2, 0, 0, 2]


def test_categorical_float_classes_fail_with_the_dtype_named():
    message = fail_message("10.5", lambda p, u: np.searchsorted(np.cumsum(p), u, side="right")
                       .astype(np.float64))
    assert "floating-point" in message and "integer dtype" in message, message
    assert_passes("10.5", lambda p, u: np.minimum(np.searchsorted(np.cumsum(p), u, side="right"),
                                            len(p) - 1).astype(np.int32))
    assert_passes("10.5", lambda p, u: [min(int(np.sum(np.cumsum(p) <= v)), len(p) - 1) for v in u])


def test_categorical_u_just_below_1_gets_the_last_class_and_the_cause_is_named():
    message = fail_message("10.5", lambda p, u: np.searchsorted(np.cumsum(p), u, side="right"))
    assert "past the last class 9" in message and "a hair below 1" in message, message


def test_categorical_reference_and_solution_stay_below_k_when_the_sum_ends_below_1():
    from mathlib.exercises import nb10, reference                  # reference runs solution()
    probs, u = np.full(10, 0.1), np.array([np.nextafter(1.0, 0.0), 0.0, 0.95])
    assert np.cumsum(probs)[-1] < 1.0                                # the case itself
    assert np.asarray(reference("10.5")(probs, u)).tolist() == [9, 0, 9]
    assert nb10._categorical(probs, u).tolist() == [9, 0, 9]         # the checker's own answer


# -- across the exercises of 10 -------------------------------------------------------------------
def test_gaussian_pdf_names_nothing_when_two_slips_fit():
    from mathlib.exercises import nb10
    hand = [(np.array([0.0, 1.0, -2.0]), 0.0, 1.0)]
    no_constant = lambda x, mu, sigma: np.exp(-(x - mu) ** 2 / (2 * sigma ** 2))
    # on the hand case alone (sigma = 1), "1/sqrt(2 pi) missing" and "the whole constant
    # missing" give the same numbers: nothing is named; over all cases the cause is clear
    assert nb10._pdf_diagnosis(no_constant, hand) == ""
    assert "normalising factor 1/(sigma sqrt(2 pi)) is missing" in nb10._pdf_diagnosis(no_constant)
