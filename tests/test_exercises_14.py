"""Notebook 14's exercises: the sigmoid's derivative judged relative to its size in the tails,
the forbidden shortcuts by object (scipy, mathlib.nn's derivatives), named slips (each only when
it is the cause), the by-hand 14.2, the forward pass 14.3 and the dead units 14.4 on real data."""

import numpy as np
import pytest
from scipy import special

from mathlib import nn
from mathlib.data import load_iris
from mathlib.exercises import evaluate, nb14, questions

from mathlib.exercises._slips import compare_cases

from .exercise_helpers import (assert_passes, cell_text, fail_message,  # noqa: F401
                               no_checker_defects)


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


@pytest.mark.parametrize("limit, at", [
    (lambda x: np.clip(x, -500, 500), "at x = -500"),
    (lambda x: np.minimum(x, 500), "at x = 500"),
])
def test_clipping_x_is_told_as_the_underflow_it_replaces(limit, at):
    # e^(-1000) underflows to 0 in float64: 0 is the answer there, and the derivative at x = 500
    # (7.1e-218) is not; the message may not say "tiny but not 0" about a derivative of 0
    def clipped(x):
        e = np.exp(-np.abs(limit(x)))
        return e / (1 + e) ** 2
    message = fail_message("14.1", clipped)
    assert "underflows to 0" in message and "yours is 7.1" in message, message
    assert f"about the derivative {at}" in message and "np.clip" in message, message
    assert "not 0" not in message, message


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


def test_a_wrong_network_value_is_told_at_its_input_x():
    # right except at negative x (|x| taken): wrong only at x = -1 of the first case, where
    # f(-1) = 3 relu(2) + 0.5 = 6.5; the message names x = -1, not a 0-based "entry 1"
    message = fail_message("14.3", lambda x, w, b, v, c:
                           np.maximum(np.outer(np.abs(x), w) + b, 0) @ v + c)
    assert "at x = -1, f should be 6.5; yours is 0.5" in message, message
    assert "entry" not in message, message


def test_compare_cases_names_the_input_or_a_numpy_index():
    def reference(x):
        return 2 * x
    cases = [(np.array([3.0, -1.0, 4.0]),)]
    wrong = lambda x: 2 * x + (x < 0)                                  # noqa: E731
    assert compare_cases(wrong, cases, reference, what="f at every x", each=("x", "f"),
                         where=lambda x: "here:") == "here: at x = -1, f should be -2; yours is -1"
    # without each=, or when the result is not one value per input: the index, as numpy has it
    assert compare_cases(wrong, cases, reference, what="g", where=lambda x: "here:") == \
        "here: entry [1] of g should be -2; yours is -1"
    table = [(np.arange(4.0).reshape(2, 2),)]
    assert compare_cases(lambda X: X + (X == 1), table, lambda X: X, each=("x", "f"),
                         where=lambda X: "here:") == \
        "here: entry [0, 1] of the result should be 1; yours is 2"


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


def test_the_tiny_layer_has_more_examples_than_units():
    X, W, b = next(iter(nb14._dead_cases()))
    assert len(X) != W.shape[1]                        # an answer along axis 1 has the wrong length


def test_the_wrong_axis_is_named():
    message = fail_message("14.4", lambda X, W, b: np.all(X @ W + b <= 0, axis=1))
    assert "X of shape (4, 2)" in message and "one per example" in message, message
    assert "axis 1" in message and "axis 0" in message, message


def test_a_transposed_table_is_not_told_an_axis_it_did_not_use():
    # Z = W.T @ X.T + b[:, None] has one row per unit; np.all(Z <= 0, axis=0) then gives one value
    # per example, the same values as axis=1 on X @ W + b: the check cannot tell which was written
    message = fail_message("14.4", lambda X, W, b: np.all(W.T @ X.T + b[:, None] <= 0, axis=0))
    assert "one per example" in message and "one per hidden unit" in message, message
    assert "you asked your question along axis" not in message, message
    assert "one row per unit" in message and "one row per example" in message, message


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


def test_14_q3_asks_what_its_right_option_answers():
    # the right option is a share of the gradient kept (at most 4^-10), so the question asks
    # for the most of its size the gradient keeps, not "by how much at most it can shrink"
    q = questions.QUESTIONS["14.q3"]
    assert "the most of its size" in q.prompt and "shrink" not in q.prompt
    (right,) = [o for o in q.options if o.right]
    assert right.text.startswith("At most 4^-10 of it")


def test_the_numbers_in_the_questions_are_right():
    assert np.isclose(special.expit(2.0), 0.88, atol=0.005)          # 14.q2: sigmoid(2)
    assert np.isclose(special.softmax([2.0, 2.0])[0], 0.5)
    assert np.isclose(0.25 ** 10, 1e-6, rtol=0.05)                    # 14.q3: 4^-10
    x = np.linspace(-3, 3, 61)                                         # 14.q1: the kinked sum
    f = np.maximum(x - 1, 0) + np.maximum(-x - 1, 0)
    assert np.all(f[np.abs(x) <= 1] == 0) and f[0] > 0 and f[-1] > 0


# -- the notebook's text ------------------------------------------------------------------------------
NOTEBOOK = "14_activation_functions.ipynb"


def test_gelu_s_phi_is_defined_where_it_is_used():
    text = cell_text(NOTEBOOK, "1eb409ce")
    assert "CDF" not in text                            # a term no notebook up to 14 defines
    assert "the probability that a standard normal variable, $N(0, 1)$ of notebook 10, is at " \
           "most $x$" in text


def test_the_first_layer_s_slowdown_counts_nine_factors_and_says_its_condition():
    text = cell_text(NOTEBOOK, "d663ec60")
    assert "a million times more slowly" not in text
    assert "the other 9" in text and r"When $|x| \le a_9$ (inputs of the same size)" in text
    assert r"4^{-9} \approx 3.8 \times 10^{-6}" in text and "260{,}000" in text
    # the ratio the text quotes is the one the code computes (at x = 0.5, where a_9 = 0.66)
    s = special.expit
    acts = [0.5]
    for _ in range(10):
        acts.append(s(acts[-1]))
    factors = [s(a) * s(-a) for a in acts[:10]]
    ratio = np.prod(factors[:9]) * acts[0] / acts[9]
    assert f"{ratio:.1e}" == "1.2e-06" and ratio <= 0.25 ** 9 and f"{acts[9]:.2f}" == "0.66"
    assert r"ratio of $1.2 \times 10^{-6}$ at $x = 0.5$, where $a_9 = 0.66$" in text
    assert "ratio {first / last:.2e}" in cell_text(NOTEBOOK, "3b76e98f")


def test_the_relu_example_shows_a_second_point_and_where_it_bends():
    text = cell_text(NOTEBOOK, "ab9da83c")
    assert "At $x = (0, 1)$" in text and "$y = 4 = 0 + 1 + 3$" in text
    assert "bends the network along the line $x_1 + 2x_2 + 1 = 0$" in text
    assert "x_on = np.array([0.0, 1.0])" in cell_text(NOTEBOOK, "34abf387")
    relu = lambda z: np.maximum(z, 0)                                  # noqa: E731
    W1, b1, W2, b2 = np.array([[1.0, 2.0], [0.0, 1.0]]), np.array([1.0, 0.0]), \
        np.array([1.0, -1.0]), 2.0
    assert np.allclose(W1 @ [0.0, 1.0] + b1, [3.0, 1.0])
    assert W2 @ relu(W1 @ [0.0, 1.0] + b1) + b2 == 4.0 == 0 + 1 + 3
    assert W2 @ relu(W1 @ [-4.0, 1.0] + b1) + b2 == 1.0


def test_the_rounding_to_one_the_text_states_is_printed():
    text = cell_text(NOTEBOOK, "17f659ba")
    assert "above about 37" in text and "above about 19" in text
    assert nn.sigmoid(37.0) == 1.0 and nn.sigmoid(36.7) < 1.0
    assert nn.tanh(19.0) == 1.0 and nn.tanh(18.9) < 1.0
    code = cell_text(NOTEBOOK, "7824b67f")
    assert "nn.sigmoid(37.0) == 1.0" in code and "nn.tanh(19.0) == 1.0" in code
    assert "nn.sigmoid(36.7)" in code and "nn.tanh(18.9)" in code


def test_weight_decay_is_not_said_to_revive_a_dead_unit():
    text = cell_text(NOTEBOOK, "c11b7b2f")
    assert "moves even a dead unit's bias towards 0" not in text
    assert "weight decay" in text and "the unit stays dead" in text and "re-initialising" in text
    # what the text says, on the notebook's dead Iris unit: weight decay alone (the loss gradient
    # is 0) shrinks it and never switches it on, with or without the bias decayed
    X = load_iris().X
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    rng = np.random.default_rng(14)
    W, b = rng.normal(0.0, 1.0, size=(4, 8)), np.full(8, -2.0)
    (j,) = np.flatnonzero(np.all(X @ W + b <= 0, axis=0))
    for decay_bias in (True, False):
        w, c = W[:, j].copy(), b[j]
        for _ in range(5000):
            w, c = w - 0.1 * 0.1 * w, c - (0.1 * 0.1 * c if decay_bias else 0.0)
            assert np.all(X @ w + c <= 0)
    assert np.any(X @ rng.normal(0.0, 1.0, size=4) > 0)          # re-initialised with bias 0
    code = cell_text(NOTEBOOK, "de93585c")
    assert "decay" in code and "re-initialised" in code
