"""Notebook 14's exercises: the sigmoid's derivative judged relative to its size in the tails,
the forbidden shortcuts by object (scipy, mathlib.nn's derivatives), named slips (each only when
it is the cause), the by-hand 14.2, the forward pass 14.3 and the dead units 14.4 on real data."""

import numpy as np
import pytest
from scipy import special

from mathlib.exercises import evaluate, nb14, questions

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 14.1 the sigmoid's derivative ------------------------------------------------------------------
def test_the_reference_cases_agree_with_scipy():
    for (x,) in nb14._derivative_cases():
        assert np.allclose(nb14._sigmoid_derivative(x), special.expit(x) * special.expit(-x),
                           rtol=1e-12, atol=0)


def test_the_naive_formula_is_named_at_the_tail():
    def naive(x):
        s = 1 / (1 + np.exp(-x))
        return s * (1 - s)
    message = fail_message("14.1", naive)
    assert "at x = 40 the derivative is 4.248e-18; yours is 0" in message
    assert "1 - s(x) is 0" in message


def test_an_overflow_is_explained_where_it_happens():
    message = fail_message("14.1", lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2)
    assert "you returned nan at x = -1000" in message and "s'(-x) = s'(x)" in message


@pytest.mark.parametrize("answer, words", [
    (lambda x: 1 / (1 + np.exp(-np.clip(x, -500, 500))), "the sigmoid s(x) itself"),
    (lambda x: 1 - special.expit(x) ** 2 + 0 * x, "no scipy"),
    (lambda x: __import__("mathlib.nn").nn.sigmoid_derivative(x),
     "which computes the derivative for you"),
    (lambda x: 0.25 * __import__("mathlib.nn").nn.tanh_derivative(x / 2),
     "which computes the derivative for you"),
])
def test_sigmoid_derivative_slips_and_shortcuts(answer, words):
    assert words in fail_message("14.1", answer)


def test_a_relative_error_only_in_the_tails_is_told_as_such():
    def flat_tails(x):
        e = np.exp(-np.abs(x))
        return np.where(np.abs(x) > 35, 0.0, e / (1 + e) ** 2)
    message = fail_message("14.1", flat_tails)
    assert "right relative to its own size" in message


def test_the_derivative_through_the_sigmoid_passes():
    assert_passes("14.1", lambda x: __import__("mathlib.nn").nn.sigmoid(x)
                  * __import__("mathlib.nn").nn.sigmoid(-x))


# -- 14.2 by hand -------------------------------------------------------------------------------------
def test_the_by_hand_values_are_the_network_s():
    x, w, b, v, c = 2.0, np.array([1.0, -1.0, 2.0]), np.array([-1.0, 1.0, -3.0]), \
        np.array([2.0, 3.0, 1.0]), 0.5
    assert nb14._network(np.array([x]), w, b, v, c)[0] == 3.5
    h = 1e-6
    slope = (nb14._network(np.array([x + h]), w, b, v, c)
             - nb14._network(np.array([x - h]), w, b, v, c))[0] / (2 * h)
    assert np.isclose(slope, 4.0)


@pytest.mark.parametrize("answer, words", [
    ((0.5, 4.0), "you left out the ReLU"),
    ((3.5, 1.0), "you counted unit 2"),
    ((3.5, 3.0), "left out their hidden weights"),
    ((3.0, 4.0), "output bias c = 0.5"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("14.2", answer)


# -- 14.3 the forward pass --------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda x, w, b, v, c: (np.outer(x, w) + b) @ v + c, "you left out the ReLU"),
    (lambda x, w, b, v, c: np.maximum(np.outer(x, w) + b, 0) @ v, "output bias c"),
    (lambda x, w, b, v, c: np.maximum((np.outer(x, w) + b) @ v + c, 0), "to the output"),
])
def test_network_slips_are_named(answer, words):
    assert words in fail_message("14.3", answer)


def test_a_network_that_returns_a_column_is_told_the_shape():
    message = fail_message("14.3", lambda x, w, b, v, c:
                           (np.maximum(np.outer(x, w) + b, 0) @ v + c)[:, None])
    assert "shape (4,)" in message


# -- 14.4 dead units ----------------------------------------------------------------------------------
def test_the_cases_have_dead_and_living_units_and_an_exact_zero():
    cases = list(nb14._dead_cases())
    X, W, b = cases[0]
    assert np.any(X @ W + b == 0)
    for X, W, b in cases:
        dead = nb14._dead(X, W, b)
        assert dead.any() and not dead.all()
    assert cases[1][0].shape == (150, 4)
    assert np.allclose(cases[1][0].mean(axis=0), 0) and np.allclose(cases[1][0].std(axis=0), 1)


@pytest.mark.parametrize("answer, words", [
    (lambda X, W, b: np.all(X @ W + b < 0, axis=0), "exactly 0 passes no gradient"),
    (lambda X, W, b: np.any(X @ W + b <= 0, axis=0), "EVERY example"),
    (lambda X, W, b: np.any(X @ W + b > 0, axis=0), "True and False are swapped"),
])
def test_dead_unit_slips_are_named(answer, words):
    assert words in fail_message("14.4", answer)


def test_counts_instead_of_a_mask_are_refused_with_the_shape():
    message = fail_message("14.4", lambda X, W, b: int(np.sum(np.all(X @ W + b <= 0, axis=0))))
    assert "one True or False per hidden unit" in message


# -- the concept questions of 14 ----------------------------------------------------------------------
def test_questions_of_14_are_plain_text_and_right_once():
    for id in ("14.q1", "14.q2", "14.q3"):
        q = questions.QUESTIONS[id]
        assert sum(o.right for o in q.options) == 1
        texts = [q.prompt] + [t for o in q.options for t in (o.text, o.explanation)]
        assert not any("*" in t for t in texts), id


def test_the_numbers_in_the_questions_are_right():
    assert np.isclose(special.expit(2.0), 0.88, atol=0.005)          # 14.q2: sigmoid(2)
    assert np.isclose(special.softmax([2.0, 2.0])[0], 0.5)
    assert np.isclose(0.25 ** 10, 1e-6, rtol=0.05)                    # 14.q3: 4^-10
    x = np.linspace(-3, 3, 61)                                         # 14.q1: the kinked sum
    f = np.maximum(x - 1, 0) + np.maximum(-x - 1, 0)
    assert np.all(f[np.abs(x) <= 1] == 0) and f[0] > 0 and f[-1] > 0
