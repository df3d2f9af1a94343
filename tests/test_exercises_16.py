"""Notebook 16's exercises: the by-hand chord test 16.1, the smallest eigenvalue 16.2 (numpy.linalg
and mathlib's eig_sym refused by behaviour), the chord gap on the Iris network 16.3 and the MSE
Hessian 16.4; each slip named only when it is the cause."""

import math

import numpy as np
import pytest

from mathlib.exercises import evaluate, questions

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 16.1 by hand ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((0.0, 0.0, -4.0), "you gave g(0), the graph's height"),
    ((-1.0, -1.0, -4.0), "you gave the chord's height"),
    ((0.0, -1.0, 4.0), "the sign is flipped"),
    ((0.0, -1.0, 0.0), "you gave g'(0), the first derivative"),
    ((0.0, -1.0, -2.0), "the 2 of 2x^2 was not brought down: the second derivative of -2x^2 is "
                        "-2 * 2 = -4"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("16.1", answer)


def test_by_hand_minus_two_is_not_told_the_opposite():
    """-2 is the slip; the words once read "-4, not -2", as if -4 were the learner's number."""
    assert "not -2" not in fail_message("16.1", (0.0, -1.0, -2.0))


def test_by_hand_names_the_function_g_as_the_notebook_does():
    from mathlib.exercises import _core
    hints = " ".join(_core.REGISTRY["16.1"].hints)
    assert "g(x) = x^4 - 2x^2" in hints and "f(" not in hints
    for answer in ((0.0, 0.0, -4.0), (-1.0, -1.0, -4.0), (0.0, -1.0, 0.0), (1.0, 2.0, 3.0)):
        message = fail_message("16.1", answer)
        assert "f(" not in message and "f'" not in message


def test_by_hand_right_answer_passes():
    assert_passes("16.1", (0, -1, -4))


# -- 16.2 the smallest eigenvalue -----------------------------------------------------------------
def _largest(H):
    return (H[0, 0] + H[1, 1]) / 2 + math.hypot((H[0, 0] - H[1, 1]) / 2, H[0, 1])


@pytest.mark.parametrize("answer, words", [
    (_largest, "that is the largest eigenvalue"),
    (lambda H: H[0, 0] * H[1, 1] - H[0, 1] ** 2, "the PRODUCT of the two eigenvalues"),
    (lambda H: min(H[0, 0], H[1, 1]), "that is the smaller diagonal entry"),
    (lambda H: (H[0, 0] + H[1, 1]) / 2 - abs(H[0, 0] - H[1, 1]) / 2,
     "that is the smaller diagonal entry (or the square root without b)"),
    (lambda H: (H[0, 0] + H[1, 1]) - math.sqrt((H[0, 0] - H[1, 1]) ** 2 + 4 * H[0, 1] ** 2),
     "twice the eigenvalue"),
])
def test_eigenvalue_slips_are_named(answer, words):
    assert words in fail_message("16.2", answer)


@pytest.mark.parametrize("answer", [
    lambda H: float(np.min(np.linalg.eigvalsh(H))),
    lambda H: float(np.min(np.linalg.eig(H)[0].real)),
    lambda H: float(np.min(__import__("mathlib.linalg").linalg.eig_sym(H).eigenvalues)),
])
def test_eigenvalue_shortcuts_are_refused(answer):
    assert "which computes the eigenvalues for you" in fail_message("16.2", answer)


def test_eigenvalue_of_a_semidefinite_matrix_is_zero():
    assert "should be 0" in fail_message("16.2", lambda H: 1.0 if H[0, 1] == 1.0 else
                                         evaluate_ref(H))


def evaluate_ref(H):
    return (H[0, 0] + H[1, 1]) / 2 - math.hypot((H[0, 0] - H[1, 1]) / 2, H[0, 1])


# -- 16.3 the chord gap ---------------------------------------------------------------------------
def _gap(loss, a, b, ts):
    la, lb = loss(a), loss(b)
    return np.array([loss((1 - t) * a + t * b) - ((1 - t) * la + t * lb) for t in ts])


@pytest.mark.parametrize("answer, words", [
    (lambda loss, a, b, ts: -_gap(loss, a, b, ts), "your sign is flipped"),
    (lambda loss, a, b, ts: np.array([loss((1 - t) * a + t * b) - (t * loss(a) + (1 - t) * loss(b))
                                      for t in ts]), "the chord's weights are swapped"),
    (lambda loss, a, b, ts: np.array([loss(t * a + (1 - t) * b) - ((1 - t) * loss(a) + t * loss(b))
                                      for t in ts]), "the point's weights are swapped"),
])
def test_chord_slips_are_named(answer, words):
    assert words in fail_message("16.3", answer)


def test_chord_gap_returning_one_number_is_told_the_shape():
    message = fail_message("16.3", lambda loss, a, b, ts: float(np.max(_gap(loss, a, b, ts))))
    assert "the gaps (graph minus chord, one per t) should have shape (5,)" in message
    assert "has shape" not in message                  # "the gaps ... has shape" was ungrammatical


def test_chord_gap_checks_the_real_network():
    def only_small(loss, a, b, ts):            # right for the small cases, wrong on the network
        out = _gap(loss, a, b, ts)
        return out if len(a) < 10 else out * 0
    message = fail_message("16.3", only_small)
    assert "the Iris network's loss (51 weights)" in message


# -- 16.4 the Hessian of logistic regression's loss ----------------------------------------------
def _p(X, w):
    return 1 / (1 + np.exp(-(X @ w)))


@pytest.mark.parametrize("answer, words", [
    (lambda X, w: X.T @ X / len(X), "without the weights p_n (1 - p_n)"),
    (lambda X, w: (X.T * _p(X, w)) @ X / len(X), "you weighted each example by p_n"),
    (lambda X, w: (X.T * (_p(X, w) * (1 - _p(X, w)))) @ X, "you did not divide by N"),
    (lambda X, w: -(X.T * (_p(X, w) * (1 - _p(X, w)))) @ X / len(X), "your sign is flipped"),
    (lambda X, w: 2 * (X.T * (_p(X, w) * (1 - _p(X, w)))) @ X / len(X), "twice the Hessian"),
])
def test_hessian_slips_are_named(answer, words):
    assert words in fail_message("16.4", answer)


def test_hessian_with_rows_and_columns_swapped_is_told_the_shape():
    message = fail_message("16.4", lambda X, w: (X * (_p(X, w) * (1 - _p(X, w)))[:, None]) @ X.T
                           / len(X))
    assert "should have shape (2, 2)" in message


def test_hessian_on_iris_is_checked_and_positive_semidefinite():
    from mathlib.exercises import nb16

    def only_small(X, w):
        right = (X.T * (_p(X, w) * (1 - _p(X, w)))) @ X / len(X)
        return right if len(X) < 50 else np.eye(X.shape[1])
    assert "for X of shape (100, 3)" in fail_message("16.4", only_small)
    for X, w in nb16._hessian_cases():
        assert np.linalg.eigvalsh(nb16._logistic_hessian(X, w)).min() >= -1e-12
    X, w = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]]), np.array([0.5, -0.25])
    h = 1e-6                                       # against finite differences of the gradient
    grad = lambda v: X.T @ (_p(X, v) - np.array([1.0, 0.0, 1.0])) / len(X)   # noqa: E731
    numeric = np.column_stack([(grad(w + h * e) - grad(w - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(nb16._logistic_hessian(X, w), numeric, atol=1e-8)


# -- concept questions ----------------------------------------------------------------------------
def test_questions_have_one_right_option_at_spread_positions():
    positions = []
    for qid in ("16.q1", "16.q2", "16.q3"):
        q = questions.QUESTIONS[qid]
        rights = [i for i, option in enumerate(q.options) if option.right]
        assert len(rights) == 1
        positions.append(rights[0])
    assert len(set(positions)) == 3


def test_q2_right_option_names_the_barrier_and_q1_needs_continuity():
    q2 = questions.QUESTIONS["16.q2"]
    right = next(option for option in q2.options if option.right)
    assert "rises between" in right.text and "several minimisers" not in right.text
    assert "two such minima" not in right.explanation and "barrier" in right.explanation
    q1 = questions.QUESTIONS["16.q1"]
    assert "continuous on a closed bounded" in q1.options[0].explanation
