"""Notebook 00's exercises: 00.1 the predictions of a line, 00.2 the mean squared error and its
named slips, the concept question 00.q1. (The line-fit explorer is tested in
tests/test_explorers_00.py.)"""

import numpy as np
import pytest

from mathlib.exercises import nb00, questions
from mathlib.exercises._feedback import close

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 00.1 and 00.2: an input changed in place -----------------------------------------------------
def _in_place_answers():
    def predict(w, b, x):
        x *= w
        x += b
        return x

    def mean_squared_error(y_hat, y):
        y_hat -= y
        return np.mean(y_hat ** 2)

    return [("00.1", predict, "x"), ("00.2", mean_squared_error, "y_hat")]


@pytest.mark.parametrize("id,answer,name", _in_place_answers(), ids=lambda v: str(v)[:12])
def test_a_function_that_changes_its_input_fails(id, answer, name):
    message = fail_message(id, answer)
    assert (f"your result is right, but your function changed its input {name} (an in-place "
            "operation") in message
    assert f"leave {name} as it was" in message


# -- 00.2 the mean squared error: the named slips -------------------------------------------------
def test_loss_divided_by_n_minus_1_is_named_and_never_taken_for_the_square_root():
    message = fail_message("00.2", lambda y_hat, y: np.sum((y_hat - y) ** 2) / (len(y) - 1))
    assert "You divided by n - 1; the mean divides by n" in message
    assert "square root" not in message
    assert "That is the square root of the loss." in fail_message(
        "00.2", lambda y_hat, y: np.sqrt(np.mean((y_hat - y) ** 2)))
    assert "That is the square of the mean error" in fail_message(
        "00.2", lambda y_hat, y: np.mean(y_hat - y) ** 2)


def test_loss_diagnosis_says_nothing_when_two_slips_give_the_same_number():
    e = np.array([0.5, 0.0, -1.0, 1.0])    # the old example: sqrt(0.5625) = 2.25 / 3 = 0.75
    assert nb00._loss_diagnosis(np.sqrt(np.mean(e ** 2)), e) == ""
    assert nb00._loss_diagnosis(np.sum(e ** 2) / 3, e) == ""
    assert nb00._loss_diagnosis(np.sum(e ** 2), e).startswith(". That is the sum")


def test_the_first_loss_case_tells_every_usual_slip_apart():
    y_hat, y = next(nb00._loss_cases())
    e, n = y_hat - y, len(y)
    slips = [np.sum(e ** 2), np.sum(e ** 2) / (n - 1), np.mean(e), np.mean(e) ** 2,
             np.sqrt(np.mean(e ** 2)), np.mean(np.abs(e)), np.sum(e[1:] ** 2) / n,
             np.sum(e[:-1] ** 2) / n, np.mean(e[:-1] ** 2), np.mean(e[1:] ** 2), np.mean(e ** 2)]
    for a, b in [(a, b) for i, a in enumerate(slips) for b in slips[i + 1:]]:
        assert not close(a, b)


@pytest.mark.parametrize("wrap,kind", [(lambda v: [v], "a list"), (lambda v: (v,), "a tuple"),
                                        (lambda v: np.array([v]), "an array of shape (1,)"),
                                        (lambda v: np.array([[v]]), "an array of shape (1, 1)")])
def test_a_loss_in_brackets_is_named_as_such(wrap, kind):
    message = fail_message("00.2", lambda y_hat, y: wrap(np.mean((y_hat - y) ** 2)))
    assert (f"the loss is one number; you returned {kind} with one number in it, 1.3125: return "
            "the number itself") in message


# -- 00.q1 ----------------------------------------------------------------------------------------
def test_question_00_q1_says_why_there_is_no_minimum():
    q1 = questions.QUESTIONS["00.q1"]
    assert sum("−∞" in o.explanation for o in q1.options) >= 2   # no minimum: that is the reason
