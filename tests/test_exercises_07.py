"""The exercises of notebook 07: the forbidden tools of the by-hand derivatives, rounding, and the
slips of each exercise named only when they are the cause."""

import numpy as np
import pytest

from mathlib.exercises import evaluate
from mathlib.exercises import nb07

from .exercise_helpers import fail_message, refused_message, no_checker_defects  # noqa: F401


# -- 07.1 the chain rule at a point ---------------------------------------------------------------
def test_07_1_and_07_4_refuse_calculus_scipy_and_autodiff():
    from mathlib.autodiff import Tensor
    from mathlib.calculus import derivative
    from scipy.differentiate import derivative as scipy_derivative

    message = refused_message("07.1", lambda x: derivative(lambda t: np.tanh(3 * t - 1) ** 2, x))
    assert ("your function called mathlib.calculus.derivative, which approximates the derivative "
            "numerically (this exercise asks for the exact formula)") in message
    message = refused_message("07.1", lambda x: float(scipy_derivative(
        lambda t: np.tanh(3 * t - 1) ** 2, x).df))
    assert "which approximates the derivative numerically" in message

    def by_autodiff(x):
        t = Tensor(np.array(x))
        ((3 * t - 1).tanh() ** 2).backward()
        return float(t.grad)
    message = refused_message("07.1", by_autodiff)
    assert ("your function called Tensor, which differentiates for you (this exercise asks for "
            "the chain rule by hand)") in message

    def silu_by_autodiff(x):
        t = Tensor(np.array(x))
        (t * t.sigmoid()).backward()
        return float(t.grad)
    assert "which differentiates for you" in refused_message("07.4", silu_by_autodiff)


def _dy_dx(x):
    v = np.tanh(3 * x - 1)
    return 2 * v * (1 - v * v) * 3


def test_07_1_own_helpers_with_the_forbidden_names_pass():
    def derivative(x):                # the learner's own helper, named like mathlib's
        return _dy_dx(x)

    def Tensor(x):                    # noqa: N802 - even a helper called Tensor
        return x
    assert evaluate("07.1", lambda x: derivative(Tensor(x))).passed


def test_07_1_a_rounded_answer_is_told_it_was_rounded():
    message = fail_message("07.1", lambda x: round(float(_dy_dx(x)), 4))
    assert "rounded to 4 decimals" in message and "local derivatives" not in message


# -- 07.2 the weight gradient of a tanh layer -----------------------------------------------------
@pytest.mark.parametrize("answer", [lambda X, W, b, dY: nb07._dZ(X, W, b, dY) @ X,
                                    lambda X, W, b, dY: X @ nb07._dZ(X, W, b, dY),
                                    lambda X, W, b, dY: np.dot(X, dY)])
def test_07_2_a_product_that_does_not_fit_is_explained_with_shapes(answer):
    message = fail_message("07.2", answer)
    assert "your function raised ValueError" in message          # their error, their line
    assert ("X has shape (N, d) = (6, 4) and dZ (like dY) has shape (N, m) = (6, 3); dL/dW must "
            "have the shape of W, (d, m) = (4, 3)") in message
    assert "Which product of X and dZ (and a transpose) gives shape (4, 3)?" in message


def test_07_2_other_learner_errors_get_no_shape_hint():
    def weight_gradient(X, W, b, dY):
        raise ValueError("something else")
    message = fail_message("07.2", weight_gradient)
    assert "something else" in message and "Which product" not in message
    message = fail_message("07.2", lambda X, W, b, dY: X.T @ dY.missing)
    assert "AttributeError" in message and "Which product" not in message


@pytest.mark.parametrize("k", range(len(nb07._WEIGHT_SLIPS)))
def test_07_2_each_slip_fails_and_is_named_alone(k):
    slip = nb07._WEIGHT_SLIPS[k]
    message = fail_message("07.2", nb07._as_layer_answer(slip))
    words = slip.words if k < len(nb07._WEIGHT_SLIPS) - 1 else "the shape of W transposed"
    assert words in message
    assert all(o.words not in message for o in nb07._WEIGHT_SLIPS if o is not slip)


def test_07_2_the_plain_dense_layer_of_the_notebook_is_told_to_go_through_the_tanh():
    message = fail_message("07.2", lambda X, W, b, dY: X.T @ dY)
    assert "without its tanh" in message


# -- 07.3 the bias gradient of a tanh layer -------------------------------------------------------
@pytest.mark.parametrize("k", range(len(nb07._BIAS_SLIPS)))
def test_07_3_each_slip_fails_and_is_named_alone(k):
    slip = nb07._BIAS_SLIPS[k]
    message = fail_message("07.3", lambda X, W, b, dY: slip.result(nb07._bias_gradient(X, W, b, dY),
                                                               (X, W, b, dY)))
    assert slip.words in message
    assert all(o.words not in message for o in nb07._BIAS_SLIPS if o is not slip)


# -- 07.5 a backward pass by hand -----------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((7, 4, 2), "only the share of the outer use of w"),
    ((6, 4, 2), "only the share of the inner use of w"),
    ((42, 4, 2), "that multiplies the shares"),
    ((13, 2, 2), "du/dx = w alone"),
    ((13, 4, 1), "dz/db = 1 alone"),
])
def test_07_5_by_hand_slips_are_named(answer, words):
    assert words in fail_message("07.5", answer)


def test_07_5_reference_agrees_with_autodiff():
    from mathlib.autodiff import Tensor
    from mathlib.exercises import REGISTRY
    w, x, b = (Tensor(np.array(v)) for v in (2.0, 3.0, 1.0))
    ((w * x + b) * w).backward()
    assert REGISTRY["07.5"].reference() == (w.grad, x.grad, b.grad)


# -- across the exercises of 07 -------------------------------------------------------------------
def test_07_2_and_07_3_references_agree_with_autodiff():
    from mathlib.autodiff import Tensor
    for X, W, b, dY in nb07._layer_cases():
        Wt, bt = Tensor(W.copy()), Tensor(b.copy())
        ((Tensor(X) @ Wt + bt).tanh() * Tensor(dY)).sum().backward()
        np.testing.assert_allclose(nb07._weight_gradient(X, W, b, dY), Wt.grad, rtol=1e-12)
        np.testing.assert_allclose(nb07._bias_gradient(X, W, b, dY), bt.grad, rtol=1e-12)
