"""Notebook 05's exercises: the norm rule by object (05.1), a fractional power of a negative number
named, the new exercises 05.4 (by hand) and 05.5 (soft-thresholding); and the concept questions
of notebooks 02-05, balanced over positions and lengths."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises.questions import QUESTIONS

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 05.1 the p-norm of a vector ------------------------------------------------------------------
def test_p_norm_refuses_the_library_norm_and_accepts_an_own_norm():
    from numpy.linalg import norm as npnorm
    for answer in (lambda x, p: np.linalg.norm(x, p), lambda x, p: npnorm(x, ord=p)):
        assert "your function called np.linalg.norm, which computes the norm for you" in \
            fail_message("05.1", answer)

    def norm(x, p):                                  # the learner's own helper
        return np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p)

    assert evaluate("05.1", lambda x, p: norm(x, p)).status == PASS


def test_p_norm_power_of_a_negative_number_is_named_not_zero_over_zero():
    def in_place(x, p):
        if p == np.inf:
            return np.max(np.abs(x))
        x **= p
        return np.sum(np.abs(x)) ** (1 / p)
    message = fail_message("05.1", in_place)
    assert "a negative number to a fractional power" in message and "0 / 0" not in message
    assert "changed its input x in place" in message


@pytest.mark.parametrize("answer, words", [
    (lambda x, p: (np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** 1 / p),
     "** binds more tightly than /"),
    (lambda x, p: (np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 // p)),
     "// is floor division"),
    (lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sqrt(np.sum(np.abs(x) ** p)),
     "square root of the sum whatever p is"),
])
def test_p_norm_precedence_and_integer_division_are_named(answer, words):
    assert words in fail_message("05.1", answer)


# -- 05.2 cosine similarity -----------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda a, b: a @ b / (np.linalg.norm(a) + np.linalg.norm(b)), "the sum of the lengths"),
    (lambda a, b: a @ b / np.linalg.norm(a) * np.linalg.norm(b), "without brackets"),
    (lambda a, b: a @ b, "the dot product a . b itself"),
])
def test_cosine_slips_are_named_from_every_case(answer, words):
    assert words in fail_message("05.2", answer)


def test_cosine_with_a_changed_input_fails():
    def cosine_similarity(a, b):
        c = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
        a /= np.linalg.norm(a)
        return c
    message = fail_message("05.2", cosine_similarity)
    assert "your function changed its input a" in message
    assert "compute with new arrays" in message


# -- 05.3 the nearest neighbour -------------------------------------------------------------------
def test_nearest_neighbour_second_hint_does_not_dictate_the_code():
    hint = REGISTRY["05.3"].hints[1]
    assert "axis=1" not in hint and "np.argmin" not in hint


def _nearest_cosine(X, q):
    s = X @ q / (np.linalg.norm(X, axis=1) * np.linalg.norm(q))
    s[np.isclose(s, 1)] = -np.inf
    return np.argmax(s)


def _nearest_farthest(X, q):
    d = np.sqrt(np.sum((X - q) ** 2, axis=1))
    d[d == 0] = np.inf
    return np.argmax(d)


def _nearest_manhattan(X, q):
    d = np.sum(np.abs(X - q), axis=1)
    d[d == 0] = np.inf
    return np.argmin(d)


def _nearest_second(X, q):
    return np.argsort(np.linalg.norm(X - q, axis=1))[1]


def _nearest_filtered(X, q):
    d = np.linalg.norm(X - q, axis=1)
    return np.argmin(d[d > 0])


def _nearest_axis0(X, q):
    d = np.sqrt(np.sum((X - q) ** 2, axis=0))
    d[d == 0] = np.inf
    return np.argmin(d)


@pytest.mark.parametrize("answer, words, not_words", [
    (_nearest_axis0, "summed with axis=0", ["farthest", "Manhattan"]),
    (_nearest_filtered, "count positions in a shortened array", ["farthest", "Manhattan"]),
    (_nearest_second, "second-nearest row", ["Manhattan", "farthest"]),
    (_nearest_manhattan, "nearest row in Manhattan distance", ["second-nearest", "farthest"]),
    (_nearest_farthest, "picks the farthest row", ["Manhattan", "axis=0"]),
    (_nearest_cosine, "the nearest other row (distance above 0) is row 3",
     ["Manhattan", "second-nearest", "farthest", "axis=0", "Your"]),   # no cause: none fits
])
def test_nearest_neighbour_names_a_cause_only_when_one_slip_fits_every_case(answer, words,
                                                                             not_words):
    message = fail_message("05.3", answer)
    assert words in message, message
    assert not any(w in message for w in not_words), message
    if answer is not _nearest_cosine:
        assert "[[" in message                   # a small X is printed row by row


# -- 05.4 three norms by hand ---------------------------------------------------------------------
def test_norms_by_hand():
    assert evaluate("05.4", (11, 7, 6)).status == PASS
    assert "with their signs" in fail_message("05.4", (-1, 7, 6))
    assert "before the square root" in fail_message("05.4", (11, 49, 6))
    assert "largest SIZE" in fail_message("05.4", (11, 7, 3))
    assert "another order" in fail_message("05.4", (6, 7, 11))


# -- 05.5 soft-thresholding, the L1 proximal step -------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda w, t: np.where(np.abs(w) > t, w, 0.0), "hard-thresholding"),
    (lambda w, t: w - t * np.sign(w), "cross to the other sign"),
    (lambda w, t: np.maximum(w - t, 0), "negative entries all became 0"),
    (lambda w, t: np.maximum(np.abs(w) - t, 0), "the signs are lost"),
])
def test_soft_threshold_slips_are_named(answer, words):
    assert words in fail_message("05.5", answer)


def test_soft_threshold_unknown_slip_names_nothing():
    assert "It looks" not in fail_message("05.5", lambda w, t: w * (1 - t))


# -- across the exercises of 05 -------------------------------------------------------------------
def test_questions_02_to_05_spread_positions_and_lengths():
    qs = [q for q in QUESTIONS.values() if q.id[:2] in ("02", "03", "04", "05")]
    assert len(qs) >= 8
    positions = [q.right_letters[0] for q in qs]
    assert max(positions.count(p) for p in "abcd") <= 0.4 * len(qs)
    longest = sum(max(len(o.text) for o in q.options) == len(q.option(q.right_letters[0]).text)
                  for q in qs)
    assert longest <= len(qs) / 3


def test_questions_fixed_in_review():
    assert any("squared perpendicular" in o.text for o in QUESTIONS["02.q5"].options)
    assert "not multiples of each other" in QUESTIONS["04.q2"].prompt
    assert "largest number" in QUESTIONS["04.q2"].option("c").explanation


def test_low_rank_question_says_which_layout():
    q = QUESTIONS["04.q4"]
    assert "column layout" in q.prompt and "columns of `B`" in q.option("d").explanation
