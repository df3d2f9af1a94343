"""Notebook 15's exercises: named slips (each only when it is the cause), the forbidden shortcuts
by object (scipy, mathlib.nn's own loss and gradients), the overflow message of 15.3 and the
by-hand 15.4; the references against independent formulas."""

import numpy as np
import pytest
from scipy import special

from mathlib.exercises import evaluate, questions

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 15.1 the MSE gradient --------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda a, b: (a - b) / a.size, "left out the 2"),
    (lambda a, b: 2 * (a - b), "left out the 1/n"),
    (lambda a, b: 2 * (b - a) / a.size, "sign is flipped"),
    (lambda a, b: 2 * (a - b) / len(a), "divided by the number of rows"),
])
def test_mse_gradient_slips_are_named(answer, words):
    assert words in fail_message("15.1", answer)


def test_mse_gradient_rows_slip_is_not_named_on_vectors():
    """Dividing by len(a) is right for a vector: the slip shows only on the (N, K) case."""
    message = fail_message("15.1", lambda a, b: 2 * (a - b) / len(a))
    assert "shape (3, 2)" in message or "[[0.5, 1]" in message


def test_mse_gradient_reference_is_the_finite_difference():
    from mathlib.exercises import reference
    a, b = np.array([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [1.0, 1.0],
                                                                       [-2.0, 0.5]])
    h, g = 1e-6, np.zeros_like(a)
    for i in np.ndindex(a.shape):
        e = np.zeros_like(a)
        e[i] = h
        g[i] = (np.mean((a + e - b) ** 2) - np.mean((a - e - b) ** 2)) / (2 * h)
    assert np.allclose(reference("15.1")(a, b), g, atol=1e-8)


# -- 15.2 the hinge loss ----------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda s, y: np.mean(np.maximum(0, -y * s)), "perceptron"),
    (lambda s, y: np.mean(1 - y * s), "max(0, ...) is missing"),
    (lambda s, y: np.sum(np.maximum(0, 1 - y * s)), "added up the losses"),
    (lambda s, y: np.mean(np.maximum(0, 1 + y * s)), "sign of y s is flipped"),
    (lambda s, y: np.mean(np.maximum(0, 1 - s * (y + 1) / 2)), "labels into 0 and 1"),
])
def test_hinge_slips_are_named(answer, words):
    assert words in fail_message("15.2", answer)


def test_hinge_slip_not_named_when_not_the_cause():
    message = fail_message("15.2", lambda s, y: 1.0)
    assert "perceptron" not in message and "max(0, ...)" not in message


# -- 15.3 the gradient of the categorical cross-entropy ---------------------------------------------
def _softmax(z):
    """Softmax of each row with numpy only (a learner's answer may not call scipy)."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("answer, words", [
    (lambda z, y: _softmax(z) - np.eye(z.shape[1])[y], "1/N of the mean"),
    (lambda z, y: (np.eye(z.shape[1])[y] - _softmax(z)) / len(y), "sign is flipped"),
    (lambda z, y: _softmax(z) / len(y), "one-hot target is missing"),
    (lambda z, y: (_softmax(z) - np.eye(z.shape[1])[y]) / z.size, "divided by every entry"),
])
def test_cross_entropy_gradient_slips_are_named(answer, words):
    assert words in fail_message("15.3", answer)


def test_cross_entropy_gradient_overflow_is_explained():
    def naive(z, y):
        q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return (q - np.eye(z.shape[1])[y]) / len(y)
    message = fail_message("15.3", naive)
    assert "overflows" in message and "Subtract each row's own largest logit" in message
    assert "[[1000, -1000, 0], [0, 1000, 999]]" in message


def test_subtracting_the_batch_s_overall_max_is_named():
    """Subtracting the batch's largest logit instead of each row's passed before: the rows of
    [[1000, 999], [-1000, -999]] are far apart, and the second one gives 0 / 0 = nan."""
    def global_max(z, y):
        e = np.exp(z - z.max())
        return (e / e.sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y)
    message = fail_message("15.3", global_max)
    assert "[[1000, 999], [-1000, -999]]" in message
    assert "largest logit of the whole batch" in message and "each row's own" in message
    assert "exp(1000) overflows" not in message

    def naive(z, y):                      # no subtraction at all: the overflow message, as before
        q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return (q - np.eye(z.shape[1])[y]) / len(y)
    assert "whole batch" not in fail_message("15.3", naive)


def test_cross_entropy_hints_narrow_without_the_formula():
    from mathlib.exercises import _core
    hints = " ".join(_core.REGISTRY["15.3"].hints)
    assert "onehot(labels" not in hints and "(softmax(z_i)" not in hints and "/ N:" not in hints
    assert "probability minus 1" not in hints


def test_cross_entropy_gradient_reference_against_scipy():
    from mathlib.exercises import reference
    rng = np.random.default_rng(0)
    z, y = rng.normal(0, 3, (6, 4)), rng.integers(0, 4, 6)
    want = (special.softmax(z, axis=1) - np.eye(4)[y]) / 6
    assert np.allclose(reference("15.3")(z, y), want, rtol=1e-12)
    assert np.allclose(reference("15.3")(z, y).sum(axis=1), 0.0)


@pytest.mark.parametrize("id, answer, words", [
    ("15.1", lambda a, b: __import__("mathlib.nn").nn.mse_gradient(a, b),
     "which computes the gradient for you"),
    ("15.2", lambda s, y: __import__("mathlib.nn").nn.hinge(s, y), "which computes the loss"),
    ("15.3", lambda z, y: __import__("mathlib.nn").nn.cross_entropy_gradient(z, y),
     "which computes the gradient for you"),
    ("15.3", lambda z, y: (__import__("scipy.special").special.softmax(z, axis=1)
                           - np.eye(z.shape[1])[y]) / len(y), "no scipy"),
])
def test_shortcuts_are_refused(id, answer, words):
    assert words in fail_message(id, answer)


def test_a_learners_own_helpers_named_like_the_library_pass():
    def hinge(s, y):                        # their own, same name as mathlib.nn's
        return np.mean(np.maximum(0, 1 - y * s))

    def cross_entropy_gradient(z, y):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y)
    assert_passes("15.2", lambda s, y: hinge(s, y))
    assert_passes("15.3", cross_entropy_gradient)


def test_subtracting_each_column_s_max_is_not_called_the_whole_batch_s():
    """z - z.max(axis=0) fails on the same case; it is told it took each column's largest logit,
    not the whole batch's (a probe, [[1000, -1000], [-1000, -999]], tells the two apart)."""
    def column_max(z, y):
        e = np.exp(z - z.max(axis=0))
        return (e / e.sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y)
    message = fail_message("15.3", column_max)
    assert "each column's largest logit (the max along axis 0: 1000 and 999)" in message
    assert "whole batch" not in message and "each row's own largest logit" in message


# -- 15.4 by hand -----------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((4.5, 2.0625, 0.25), "added the four hinge terms"),
    ((0.375, 2.0625, 0.25), "without the margin 1"),
    ((1.125, 8.25, 0.25), "added the four squared errors"),
    ((1.125, 2.0625, -0.25), "sign is flipped"),
    ((1.125, 2.0625, 1.0), "1/4 of the mean"),
    ((1.125, 2.0625, 0.0), "inside the margin"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("15.4", answer)


def test_by_hand_explanations_are_sentences_of_their_own():
    """Three wrong numbers: each number's message is its own sentence, not one run-on sentence
    joined by semicolons."""
    message = fail_message("15.4", (4.5, 8.25, 1.0))
    assert ("Your hinge loss is 4.5; it should be 1.125. It looks as if you added the four hinge "
            "terms; the loss is their mean. Your MSE is 8.25; it should be 2.0625. It looks as "
            "if you added the four squared errors; the MSE is their mean. Your dL/ds_2 of the "
            "hinge loss is 1; it should be 0.25. It looks as if you left out the 1/4 of the "
            "mean.") in message
    assert "mean; your" not in message
    message = fail_message("15.4", (0.375, 2.0625, 0.25))
    assert "2 of your 3 numbers are right. Your hinge loss is 0.375" in message
    assert "1 of your 3 numbers is right. " in fail_message("15.4", (4.5, 8.25, 0.25))


def test_by_hand_feedback_writes_short_decimals_in_full_and_counts_items_from_1():
    """2.0625 is not written 2.062 (which would tell a learner who rounded half up, 2.063, that
    2.062 is right); the third number is called the third, not "item 2"."""
    message = fail_message("15.4", (1.125, 2.063, 0.25))
    assert "it should be 2.0625" in message and "2.062;" not in message
    assert "the right value rounded" in message
    message = fail_message("15.4", (1.125, 2.0625, "0.25"))
    assert "the third item of your answer is the text '0.25'" in message
    assert "item 2" not in message


def test_by_hand_values_are_the_library_s():
    from mathlib import nn
    s, y = np.array([2.0, 0.5, -1.0, 0.0]), np.array([1.0, -1.0, 1.0, -1.0])
    assert nn.hinge(s, y) == 1.125 and nn.mse(s, y) == 2.0625
    assert nn.hinge_gradient(s, y)[1] == 0.25


# -- 15.5 the Huber loss ----------------------------------------------------------------------------
def _pieces(small, large):
    def huber_loss(a, b, d):
        r = np.abs(a - b)
        return np.mean(np.where(r <= d, small(r), large(r, d)))
    return huber_loss


@pytest.mark.parametrize("answer, words", [
    (_pieces(lambda r: r ** 2, lambda r, d: d * (r - d / 2)), "the 1/2 of the quadratic part"),
    (_pieces(lambda r: r ** 2 / 2, lambda r, d: d * r), "missing its - delta / 2"),
    (lambda a, b, d: np.mean((a - b) ** 2), "mean squared error"),
    (lambda a, b, d: np.mean(np.where(a - b <= d, 0.5 * (a - b) ** 2, d * (a - b - 0.5 * d))),
     "the absolute value is missing"),
    (lambda a, b, d: np.mean(np.where(b - a <= d, 0.5 * (a - b) ** 2, d * (b - a - 0.5 * d))),
     "the absolute value is missing"),
    (lambda a, b, d: np.mean(np.where(a - b <= d, 0.5 * (a - b) ** 2,
                                      d * (np.abs(a - b) - 0.5 * d))),
     "r <= delta holds for every negative r"),
])
def test_huber_slips_are_named(answer, words):
    message = fail_message("15.5", answer)
    assert words in message


def test_smooth_l1_is_named_on_the_flowers_only_when_it_fits():
    """SmoothL1 with delta = 1 is Huber: the slip shows on the flowers' case (delta = 0.2)."""
    message = fail_message("15.5", lambda a, b, d: float(np.mean(np.where(
        np.abs(a - b) <= d, (a - b) ** 2 / 2 / d, np.abs(a - b) - d / 2))))
    assert "12 flowers" in message and "SmoothL1Loss" in message


def test_huber_reference_is_pytorch_s_formula_on_the_flowers():
    from mathlib import nn
    from mathlib.exercises import nb15, reference
    from mathlib.explorers import robust_fit
    pred, true = nb15._flower_case()
    x, y = robust_fit.flowers()
    out = robust_fit.compute(x, y, 10.0, 0.2)
    assert np.allclose(pred, out.mse_line[0] * x + out.mse_line[1])
    assert nb15._huber(pred, true, 0.2) == nn.huber(pred, true, delta=0.2)   # one home
    assert np.isclose(reference("15.5")(pred, true, 0.2), nn.huber(pred, true, delta=0.2),
                      rtol=1e-12)
    assert np.isclose(reference("15.5")(pred, true, 0.2),
                      np.mean(special.huber(0.2, pred - true)), rtol=1e-12)
    r = np.abs(pred - true)
    assert np.any(r > 0.2) and np.any(r < 0.2)          # both pieces are used


def test_huber_shortcut_is_refused():
    message = fail_message("15.5", lambda a, b, d: __import__("mathlib.nn").nn.huber(a, b,
                                                                                   delta=d))
    assert "called huber, which computes the loss for you" in message


# -- the concept questions of 15 --------------------------------------------------------------------
def test_questions_of_15_are_plain_text_and_their_numbers_hold():
    for id in ("15.q1", "15.q2", "15.q3"):
        q = questions.QUESTIONS[id]
        texts = [q.prompt] + [t for o in q.options for t in (o.text, o.explanation)]
        assert not any("*" in t for t in texts), id
        assert sum(o.right for o in q.options) == 1
    p = 0.002
    z = np.log(p / (1 - p))
    mse_push = 2 * (p - 1) * p * (1 - p)
    assert round(mse_push, 3) == -0.004 and 245 < (p - 1) / mse_push < 255   # "about 250 times"
    assert round(-np.log(p), 1) == 6.2 and round((p - 1) ** 2, 3) == 0.996
    assert abs(z) > 6
    assert round(special.expit(3.0) - 1, 3) == -0.047


def test_q2_stands_alone_and_states_the_likelihood_s_condition():
    """15.q2 is asked before 15.q1 and before the section on the fading gradient: its
    explanations cite neither; the likelihood claim keeps notebook 13's condition."""
    q = questions.QUESTIONS["15.q2"]
    for o in q.options:
        assert "15.q1" not in o.explanation and "question 15" not in o.explanation
    right = next(o for o in q.options if o.right)
    assert "If the labels are independent given the inputs" in right.explanation
    mse = next(o for o in q.options if o.text.startswith("Any task: MSE"))
    assert "sigmoid's slope p (1 - p)" in mse.explanation
