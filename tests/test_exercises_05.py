"""Notebook 05's exercises: the norm rule by object (05.1), a fractional power of a negative number
named, the new exercises 05.4 (by hand) and 05.5 (soft-thresholding); and the concept questions
of notebooks 02-05, balanced over positions and lengths."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises.questions import QUESTIONS

FAIL, PASS = "fail", "pass"


def _message(id, answer):
    result = evaluate(id, answer)
    assert result.status == FAIL, result.message
    return result.message


def test_p_norm_refuses_the_library_norm_and_accepts_an_own_norm():
    from numpy.linalg import norm as npnorm
    for answer in (lambda x, p: np.linalg.norm(x, p), lambda x, p: npnorm(x, ord=p)):
        assert "your function called np.linalg.norm, which computes the norm for you" in \
            _message("05.1", answer)

    def norm(x, p):                                  # the learner's own helper
        return np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p)

    assert evaluate("05.1", lambda x, p: norm(x, p)).status == PASS


def test_p_norm_power_of_a_negative_number_is_named_not_zero_over_zero():
    def in_place(x, p):
        if p == np.inf:
            return np.max(np.abs(x))
        x **= p
        return np.sum(np.abs(x)) ** (1 / p)
    message = _message("05.1", in_place)
    assert "a negative number to a fractional power" in message and "0 / 0" not in message
    assert "changed its input x in place" in message


def test_norms_by_hand():
    assert evaluate("05.4", (11, 7, 6)).status == PASS
    assert "with their signs" in _message("05.4", (-1, 7, 6))
    assert "before the square root" in _message("05.4", (11, 49, 6))
    assert "largest SIZE" in _message("05.4", (11, 7, 3))
    assert "another order" in _message("05.4", (6, 7, 11))


@pytest.mark.parametrize("answer, words", [
    (lambda w, t: np.where(np.abs(w) > t, w, 0.0), "hard-thresholding"),
    (lambda w, t: w - t * np.sign(w), "cross to the other sign"),
    (lambda w, t: np.maximum(w - t, 0), "negative entries all became 0"),
    (lambda w, t: np.maximum(np.abs(w) - t, 0), "the signs are lost"),
])
def test_soft_threshold_slips_are_named(answer, words):
    assert words in _message("05.5", answer)


def test_soft_threshold_unknown_slip_names_nothing():
    assert "It looks" not in _message("05.5", lambda w, t: w * (1 - t))


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


def test_nearest_neighbour_second_hint_does_not_dictate_the_code():
    hint = REGISTRY["05.3"].hints[1]
    assert "axis=1" not in hint and "np.argmin" not in hint


def test_low_rank_question_says_which_layout():
    q = QUESTIONS["04.q4"]
    assert "column layout" in q.prompt and "columns of `B`" in q.option("d").explanation
