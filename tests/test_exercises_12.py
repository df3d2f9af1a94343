"""Notebook 12's exercises: named slips (each only when it is the cause), the forbidden median,
covariance and correlation shortcuts by object, the by-hand 12.4 and the covariance matrix 12.5."""

import re

import numpy as np
import pytest

from mathlib.exercises import evaluate

from .exercise_helpers import FAIL, assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 12.1 standardise the columns -----------------------------------------------------------------
def test_standardise_with_epsilon_is_named_in_plain_numbers():
    message = evaluate("12.1", lambda X: (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + 1e-5)).message
    assert "std 0.99997, not 1" in message and "epsilon inside the square root" in message
    assert "Standardising divides by the std itself" in message
    assert not re.search(r"\d[eE][-+]?\d", message)                  # no scientific notation
    assert "result has mean" not in message                         # the mean is right: not named
    message = evaluate("12.1", lambda X: (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-3)).message
    assert "epsilon to the std" in message


def test_standardise_right_mean_and_std_but_wrong_entries_says_so():
    message = evaluate("12.1", lambda X: (X.mean(axis=0) - X) / X.std(axis=0)).message
    assert "[[1.069, 1.069]" in message       # the small worked example: the whole table
    from mathlib.exercises.nb12 import _column_message
    X = np.random.default_rng(0).normal(size=(20, 3))
    want = (X - X.mean(0)) / X.std(0)
    text = _column_message(-want, want, "for X of shape (20, 3)")
    assert "mean 0 and std 1, but its entries" in text and "entry [" in text


# -- 12.2 the median without np.median ------------------------------------------------------------
def _median_by(pick):
    def median(x):
        s, n = np.sort(x), len(x)
        return pick(x, s, n)
    return median


@pytest.mark.parametrize("pick,words,not_words", [
    (lambda x, s, n: s[n // 2], "not the upper one alone", "without sorting"),
    (lambda x, s, n: s[(n - 1) // 2], "not the lower one alone", "without sorting"),
    (lambda x, s, n: x[n // 2] if n % 2 else (x[n // 2 - 1] + x[n // 2]) / 2,
     "without sorting first", "upper one"),
    (lambda x, s, n: s[n // 2] if n % 2 else (s[n // 2] + s[n // 2 + 1]) / 2,
     "one past the middle", "without sorting"),
    (lambda x, s, n: s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) // 2,
     "floor division", "without sorting"),
])
def test_median_slips_are_named_unambiguously(pick, words, not_words):
    result = evaluate("12.2", _median_by(pick))
    assert result.status == FAIL and words in result.message and not_words not in result.message


def _median_of_unique(x):
    s = np.unique(x)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def test_median_with_np_unique_is_named_as_such():
    message = fail_message("12.2", _median_of_unique)
    assert "you used np.unique" in message.replace("You used", "you used")
    assert "without sorting" not in message and "unsorted" not in message


@pytest.mark.parametrize("answer, called", [
    (lambda x: float(np.median(x)), "np.median"),
    (lambda x: float(np.percentile(x, 50)), "np.percentile"),
    (lambda x: float(np.quantile(x, 0.5)), "np.quantile"),
    (lambda x: __import__("statistics").median(list(x)), "statistics.median"),
])
def test_median_shortcuts_are_refused(answer, called):
    assert f"your function called {called}, which computes the median for you" in fail_message(
        "12.2", answer)


def test_a_learners_own_median_helper_passes():
    def median(values):                            # their own helper, same name as numpy's
        s, n = np.sort(values), len(values)
        return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    assert_passes("12.2", lambda x: median(x))


def test_np_median_under_another_name_is_refused():
    from numpy import median as middle
    assert "np.median" in fail_message("12.2", lambda x: float(middle(x)))


# -- 12.3 the correlation of two variables --------------------------------------------------------
@pytest.mark.parametrize("answer, words, not_words", [
    (lambda x, y: (np.mean((x - x.mean()) * (y - y.mean())) / (x.std() * y.std())) ** 2,
     "That is r squared", "|r|"),
    (lambda x, y: abs(np.mean((x - x.mean()) * (y - y.mean())) / (x.std() * y.std())),
     "That is |r|", "r squared"),
])
def test_correlation_r_squared_and_abs_are_named(answer, words, not_words):
    message = fail_message("12.3", answer)
    assert words in message and not_words not in message


@pytest.mark.parametrize("id, answer, words", [
    ("12.3", lambda x, y: np.corrcoef(x, y)[0, 1],
     "np.corrcoef, which computes the correlation for you"),
    ("12.3", lambda x, y: np.cov(x, y, ddof=0)[0, 1] / (x.std() * y.std()), "np.cov"),
    ("12.5", lambda X: np.cov(X, rowvar=False), "np.cov, which computes the covariance matrix"),
    ("12.1", lambda X: __import__("scipy.stats").stats.zscore(X, axis=0), "no scipy"),
    ("12.1", lambda X: __import__("mathlib.stats").stats.standardise(X),
     "which standardises the columns for you"),
])
def test_covariance_correlation_and_scaling_shortcuts_are_refused(id, answer, words):
    assert words in fail_message(id, answer)


def test_spearman_for_pearson_fails_also_in_float16():
    def spearman(x, y):
        rx, ry = np.argsort(np.argsort(x)), np.argsort(np.argsort(y))
        return float(np.mean((rx - rx.mean()) * (ry - ry.mean())) / (rx.std() * ry.std()))
    fail_message("12.3", spearman)
    fail_message("12.3", lambda x, y: np.float16(spearman(x, y)))


@pytest.mark.parametrize("answer", [
    lambda x, y: (np.mean(x * y) - np.mean(x) * np.mean(y)) / (np.std(x) * np.std(y)),
    lambda x, y: ((np.sum(x * y) - len(x) * x.mean() * y.mean())
                  / np.sqrt((np.sum(x * x) - len(x) * x.mean() ** 2)
                            * (np.sum(y * y) - len(x) * y.mean() ** 2))),
])
def test_correlation_one_pass_shortcut_fails_far_from_0_with_the_cause(answer):
    message = fail_message("12.3", answer)
    assert "near 1e8" in message and "without centring" in message, message


def test_correlation_far_cause_not_named_when_not_the_cause():
    message = fail_message("12.3",
                           lambda x, y: np.sum(x * y) / np.sqrt(np.sum(x * x) * np.sum(y * y)))
    assert "without centring" not in message and "cosine similarity" in message


# -- 12.4 by hand: mean, median, sample variance and MAD ------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((4, 2, 13.2, 1), "you divided by n = 5"),
    ((4, 11, 16.5, 1), "the middle entry of the numbers as given"),
    ((4, 2, 16.5, 2), "distances from the mean"),
])
def test_by_hand_statistics_slips_are_named(answer, words):
    assert words in fail_message("12.4", answer)


# -- 12.5 the sample covariance matrix ------------------------------------------------------------
def test_a_learners_own_cov_helper_passes():
    def cov(X):                                    # their own, same name as numpy's
        C = X - X.mean(axis=0)
        return C.T @ C / (len(X) - 1)
    assert_passes("12.5", lambda X: cov(X))


@pytest.mark.parametrize("answer, words", [
    (lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)) / len(X), "You divided by n"),
    (lambda X: X.T @ X / (len(X) - 1), "You did not centre the columns"),
    (lambda X: (X - X.mean(axis=0)) @ (X - X.mean(axis=0)).T / (len(X) - 1),
     "the transposed table goes on the left"),
])
def test_covariance_matrix_slips_are_named(answer, words):
    assert words in fail_message("12.5", answer)


def test_covariance_matrix_double_loop_passes_as_the_text_says():
    def covariance_matrix(X):
        n, d = X.shape
        C = np.zeros((d, d))
        for j in range(d):
            for k in range(d):
                C[j, k] = np.sum((X[:, j] - X[:, j].mean()) * (X[:, k] - X[:, k].mean())) / (n - 1)
        return C
    assert evaluate("12.5", covariance_matrix).status == "pass"


# -- across the exercises of 12 -------------------------------------------------------------------
def test_median_even_case_separates_the_unsorted_middle_from_the_sorted_ones():
    from mathlib.exercises.nb12 import _median_cases
    for x in _median_cases():
        n, s = len(x), np.sort(x)
        if n % 2 == 0 and n > 2:          # the first even case tells every slip apart
            values = [x[n // 2], s[n // 2], s[n // 2 - 1], (x[n // 2 - 1] + x[n // 2]) / 2,
                      np.median(x)]
            assert len(set(values)) == len(values)
            break


def test_by_hand_statistics_are_the_library_s():
    from mathlib import stats
    x = np.array([4.0, 1, 11, 2, 2])
    assert (stats.mean(x), stats.median(x), stats.variance(x, ddof=1)) == (4.0, 2.0, 16.5)
    assert np.median(np.abs(x - np.median(x))) == 1.0


def test_notebook_12_asks_its_questions_in_order():
    import json
    import re
    from pathlib import Path
    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "12_descriptive_statistics.ipynb")
                    .read_text())
    asked = [q for c in nb["cells"] for q in re.findall(r'ask\("(12\.q\d+)"\)', "".join(c["source"]))]
    assert asked == [f"12.q{i}" for i in range(1, len(asked) + 1)], asked
