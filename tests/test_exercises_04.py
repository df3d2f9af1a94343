"""Notebook 04's exercises: causes of 04.2 named only when they fit every case, the new
exercises 04.4 (singular values by hand) and 04.5 (the pseudo-inverse, its shortcut refused)."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate

FAIL, PASS = "fail", "pass"


def _message(id, answer):
    result = evaluate(id, answer)
    assert result.status == FAIL, result.message
    return result.message


@pytest.mark.parametrize("answer, words", [
    (lambda s, tol: int(np.sum(s >= tol)), "'larger than tol' is strict"),
    (lambda s, tol: int(np.argmax(s <= tol)), "when every value is above tol there is none"),
    (lambda s, tol: int(np.sum(s > tol * s[0])), "you compared with tol times s[0]"),
    (lambda s, tol: len(s), "you returned the number of singular values"),
    (lambda s, tol: int(np.sum(s > 0)), "you counted the values above 0"),
])
def test_numerical_rank_names_a_cause_only_when_it_fits_every_case(answer, words):
    message = _message("04.2", answer)
    assert words in message
    assert sum(w in message for w in ("is strict", "there is none", "tol times s[0]",
                                      "number of singular values", "above 0")) == 1


def test_numerical_rank_counting_above_0_is_not_called_the_number_of_values():
    # on the first case s > 0 counts all 4 values, like len(s); the second case tells them apart
    message = _message("04.2", lambda s, tol: int(np.sum(s > 0)))
    assert "number of singular values" not in message


def test_singular_values_by_hand():
    assert evaluate("04.4", (np.sqrt(10), 0)).status == PASS
    assert "EIGENVALUES of A" in _message("04.4", (3, 0))
    assert "SQUARED singular values" in _message("04.4", (10, 0))
    assert "largest first" in _message("04.4", (0, np.sqrt(10)))
    assert "rounded decimal" in _message("04.4", (3.162, 0))


def test_pseudo_inverse_refuses_pinv_and_accepts_an_own_pinv():
    assert "your function called np.linalg.pinv, which computes the pseudo-inverse for you" in \
        _message("04.5", lambda A, tol: np.linalg.pinv(A))
    from mathlib.linalg import pinv as course_pinv
    assert "which computes the pseudo-inverse for you" in _message(
        "04.5", lambda A, tol: course_pinv(A))

    def pinv(A, tol):                               # the learner's own, numpy's name
        U, s, Vt = np.linalg.svd(A, full_matrices=False)
        return (Vt.T * np.where(s > tol, 1 / np.where(s > tol, s, 1), 0)) @ U.T

    assert evaluate("04.5", lambda A, tol: pinv(A, tol)).status == PASS


def test_pseudo_inverse_causes():
    every = lambda A, tol: (lambda U, s, Vt: (Vt.T / s) @ U.T)(   # noqa: E731
        *np.linalg.svd(A, full_matrices=False))
    assert "exceed 1 / tol" in _message("04.5", every)
    no_inverse = lambda A, tol: (lambda U, s, Vt: (Vt.T * s) @ U.T)(   # noqa: E731
        *np.linalg.svd(A, full_matrices=False))
    assert "you used s instead of 1 / s" in _message("04.5", no_inverse)
    assert "A^T" in _message("04.5", lambda A, tol: A.T)
    scaled = lambda A, tol: (lambda U, s, Vt: 1.1 * (Vt.T * np.where(   # noqa: E731
        s > tol, 1 / np.where(s > tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False))
    assert "It looks" not in _message("04.5", scaled)


def test_rank_k_last_hint_does_not_give_the_expression():
    last = REGISTRY["04.1"].hints[-1]
    assert "np.diag(s[:k])" not in last and "Vt[:k" not in last


# -- the learner review of notebooks 02-05 --------------------------------------------------------
def test_rank_k_square_roots_are_named_and_an_unknown_slip_names_no_cause():
    roots = lambda U, s, Vt, k: (U[:, :k] * np.sqrt(s[:k])) @ Vt[:k]   # noqa: E731
    assert "square roots of the singular values" in _message("04.1", roots)
    scaled = lambda U, s, Vt, k: 1.1 * (U[:, :k] * s[:k]) @ Vt[:k]   # noqa: E731
    message = _message("04.1", scaled)
    assert "Frobenius" in message and "which rows and columns" not in message \
        and "your result uses" not in message


def test_numerical_rank_a_rescaled_tol_is_not_called_counting_above_0():
    eps = np.finfo(float).eps
    message = _message("04.2", lambda s, tol: int(np.sum(s > tol * s.max() * len(s) * eps)))
    assert "above 0" not in message and "3 of them are larger than tol" in message


def test_energy_kept_hints_do_not_state_the_expression():
    for hint in REGISTRY["04.3"].hints:
        assert "divided by" not in hint and "/ np.sum" not in hint


def test_singular_values_by_hand_quotes_a_rounded_answer_faithfully():
    message = _message("04.4", (3.1623, 0))
    assert "(3.1623, 0)" in message and "rounded decimal" in message
    assert "to about 3 digits" not in message and "3.16227766" in message


def test_pseudo_inverse_a_singular_value_equal_to_tol_counts_as_flattened():
    at_or_above = lambda A, tol: (lambda U, s, Vt: (Vt.T * np.where(   # noqa: E731
        s >= tol, 1 / np.where(s >= tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False))
    message = _message("04.5", at_or_above)
    assert "equals tol" in message and "you kept a singular value equal to tol" in message
    # the case really has s_2 == tol in numpy's SVD and in mathlib's
    from mathlib.exercises import nb04
    from mathlib.linalg import svd
    A, tol, _ = [case for case in nb04._pinv_cases() if "equals tol" in case[2]][0]
    assert np.linalg.svd(A, compute_uv=False)[1] == tol and svd(A)[1][1] == tol
