"""Notebook 04's exercises: causes of 04.2 named only when they fit every case, the new
exercises 04.4 (singular values by hand) and 04.5 (the pseudo-inverse, its shortcut refused)."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises._feedback import close

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 04.1 the best rank-k approximation from the SVD ----------------------------------------------
def test_rank_k_last_hint_does_not_give_the_expression():
    last = REGISTRY["04.1"].hints[-1]
    assert "np.diag(s[:k])" not in last and "Vt[:k" not in last


def test_rank_k_square_roots_are_named_and_an_unknown_slip_names_no_cause():
    roots = lambda U, s, Vt, k: (U[:, :k] * np.sqrt(s[:k])) @ Vt[:k]   # noqa: E731
    assert "square roots of the singular values" in fail_message("04.1", roots)
    scaled = lambda U, s, Vt, k: 1.1 * (U[:, :k] * s[:k]) @ Vt[:k]   # noqa: E731
    message = fail_message("04.1", scaled)
    assert "Frobenius" in message and "which rows and columns" not in message \
        and "your result uses" not in message


_RANK_K_SLIPS = [
    (lambda U, s, Vt, k: U[:, :k + 1] @ np.diag(s[:k + 1]) @ Vt[:k + 1], "one term too many (off by one)"),
    (lambda U, s, Vt, k: U[:, :k - 1] @ np.diag(s[:k - 1]) @ Vt[:k - 1], "one term too few (off by one)"),
    (lambda U, s, Vt, k: U @ np.diag(s) @ Vt, "all 3 terms"),
    (lambda U, s, Vt, k: U[:, -k:] @ np.diag(s[-k:]) @ Vt[-k:], "the LAST k terms"),
    (lambda U, s, Vt, k: U[:, :k] @ Vt[:k], "no singular values"),
    (lambda U, s, Vt, k: U[:, :k] @ np.diag(s[:k] ** 2) @ Vt[:k], "the squared singular values"),
]


@pytest.mark.parametrize("answer,words", _RANK_K_SLIPS, ids=[w for _, w in _RANK_K_SLIPS])
def test_rank_k_slips_are_named_unambiguously(answer, words):
    message = fail_message("04.1", answer)
    assert f"your result uses {words}" in message
    others = [w for _, w in _RANK_K_SLIPS if w != words]
    assert not any(w in message for w in others)


def test_rank_k_slips_differ_from_each_other_on_every_case():
    """A slip is named only when no other slip gives the same matrix; on the first case (the one
    every slip reaches) all of them differ, so every name is reachable."""
    from mathlib.exercises import nb04
    first = True
    for U, s, Vt, k in nb04._svd_cases():
        slips = nb04._rank_k_slips(U, s, Vt, k)
        if first:
            assert len(slips) >= 6
            for i, (_, a) in enumerate(slips):
                for _, b in slips[i + 1:]:
                    assert not close(a, b, scale=s[0])
            first = False
    unknown = fail_message("04.1", lambda U, s, Vt, k: U[:, :k] @ Vt[:k] * s[:k].sum())
    assert "differs from the expected U[:, :k] @ diag(s[:k]) @ Vt[:k, :]" in unknown


# -- 04.2 the numerical rank ----------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda s, tol: int(np.sum(s >= tol)), "'larger than tol' is strict"),
    (lambda s, tol: int(np.argmax(s <= tol)), "when every value is above tol there is none"),
    (lambda s, tol: int(np.sum(s > tol * s[0])), "you compared with tol times s[0]"),
    (lambda s, tol: len(s), "you returned the number of singular values"),
    (lambda s, tol: int(np.sum(s > 0)), "you counted the values above 0"),
])
def test_numerical_rank_names_a_cause_only_when_it_fits_every_case(answer, words):
    message = fail_message("04.2", answer)
    assert words in message
    assert sum(w in message for w in ("is strict", "there is none", "tol times s[0]",
                                      "number of singular values", "above 0")) == 1


def test_numerical_rank_counting_above_0_is_not_called_the_number_of_values():
    # on the first case s > 0 counts all 4 values, like len(s); the second case tells them apart
    message = fail_message("04.2", lambda s, tol: int(np.sum(s > 0)))
    assert "number of singular values" not in message


def test_numerical_rank_a_rescaled_tol_is_not_called_counting_above_0():
    eps = np.finfo(float).eps
    message = fail_message("04.2", lambda s, tol: int(np.sum(s > tol * s.max() * len(s) * eps)))
    assert "above 0" not in message and "3 of them are larger than tol" in message


# -- 04.3 the share of the energy kept ------------------------------------------------------------
def test_energy_kept_hints_do_not_state_the_expression():
    for hint in REGISTRY["04.3"].hints:
        assert "divided by" not in hint and "/ np.sum" not in hint


def test_energy_kept_for_k_zero_and_the_usual_slips():
    assert "with k = 0 nothing is kept, so the share is 0" in fail_message(
        "04.3", lambda s, k: np.cumsum(s ** 2)[k - 1] / np.cumsum(s ** 2)[-1])
    assert "off by one" in fail_message("04.3",
                                        lambda s, k: np.sum(s[:k + 1] ** 2) / np.sum(s ** 2))
    assert "the share of the DROPPED values" in fail_message(
        "04.3", lambda s, k: np.sum(s[k:] ** 2) / np.sum(s ** 2))
    assert "s_1^2 + ... + s_k^2" in REGISTRY["04.3"].hints[-1]


# -- 04.4 singular values of a 2 x 2 matrix by hand -----------------------------------------------
def test_singular_values_by_hand():
    assert evaluate("04.4", (np.sqrt(10), 0)).status == PASS
    assert "EIGENVALUES of A" in fail_message("04.4", (3, 0))
    assert "SQUARED singular values" in fail_message("04.4", (10, 0))
    assert "largest first" in fail_message("04.4", (0, np.sqrt(10)))
    assert "rounded decimal" in fail_message("04.4", (3.162, 0))


def test_singular_values_by_hand_quotes_a_rounded_answer_faithfully():
    message = fail_message("04.4", (3.1623, 0))
    assert "(3.1623, 0)" in message and "rounded decimal" in message
    assert "to about 3 digits" not in message and "3.16227766" in message


# -- 04.5 the pseudo-inverse from the SVD ---------------------------------------------------------
def test_pseudo_inverse_refuses_pinv_and_accepts_an_own_pinv():
    assert "your function called np.linalg.pinv, which computes the pseudo-inverse for you" in \
        fail_message("04.5", lambda A, tol: np.linalg.pinv(A))
    from mathlib.linalg import pinv as course_pinv
    assert "which computes the pseudo-inverse for you" in fail_message(
        "04.5", lambda A, tol: course_pinv(A))

    def pinv(A, tol):                               # the learner's own, numpy's name
        U, s, Vt = np.linalg.svd(A, full_matrices=False)
        return (Vt.T * np.where(s > tol, 1 / np.where(s > tol, s, 1), 0)) @ U.T

    assert evaluate("04.5", lambda A, tol: pinv(A, tol)).status == PASS


def test_pseudo_inverse_causes():
    every = lambda A, tol: (lambda U, s, Vt: (Vt.T / s) @ U.T)(   # noqa: E731
        *np.linalg.svd(A, full_matrices=False))
    assert "exceed 1 / tol" in fail_message("04.5", every)
    no_inverse = lambda A, tol: (lambda U, s, Vt: (Vt.T * s) @ U.T)(   # noqa: E731
        *np.linalg.svd(A, full_matrices=False))
    assert "you used s instead of 1 / s" in fail_message("04.5", no_inverse)
    assert "A^T" in fail_message("04.5", lambda A, tol: A.T)
    scaled = lambda A, tol: (lambda U, s, Vt: 1.1 * (Vt.T * np.where(   # noqa: E731
        s > tol, 1 / np.where(s > tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False))
    assert "It looks" not in fail_message("04.5", scaled)


def test_pseudo_inverse_a_singular_value_equal_to_tol_counts_as_flattened():
    at_or_above = lambda A, tol: (lambda U, s, Vt: (Vt.T * np.where(   # noqa: E731
        s >= tol, 1 / np.where(s >= tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False))
    message = fail_message("04.5", at_or_above)
    assert "equals tol" in message and "you kept a singular value equal to tol" in message
    # the case really has s_2 == tol in numpy's SVD and in mathlib's
    from mathlib.exercises import nb04
    from mathlib.linalg import svd
    A, tol, _ = [case for case in nb04._pinv_cases() if "equals tol" in case[2]][0]
    assert np.linalg.svd(A, compute_uv=False)[1] == tol and svd(A)[1][1] == tol


# -- across the exercises of 04 -------------------------------------------------------------------
def _in_place_answers():
    def rank_k(U, s, Vt, k):
        s[k:] = 0
        return U @ np.diag(s) @ Vt

    def energy_kept(s, k):
        s **= 2
        return s[:k].sum() / s.sum()

    return [("04.1", rank_k, "s"), ("04.3", energy_kept, "s")]


@pytest.mark.parametrize("id,answer,name", _in_place_answers(), ids=lambda v: str(v)[:12])
def test_an_input_changed_in_place_fails(id, answer, name):
    assert f"your function changed its input {name}" in fail_message(id, answer)
