"""The exercises of notebook 07: the forbidden tools of the by-hand derivatives, rounding, and the
slips of each exercise named only when they are the cause."""

import numpy as np

from mathlib.exercises import evaluate

from .test_exercises import assert_speaks_to_learner


def _message(id, answer):
    result = evaluate(id, answer)
    assert result.status == "fail", result.message
    assert_speaks_to_learner(result)
    return result.message


def _refused(id, answer):
    """The message for a forbidden call: it names the refused tool (mathlib's too)."""
    result = evaluate(id, answer)
    assert result.status == "fail", result.message
    assert "your function called " in result.message
    return result.message


def _dy_dx(x):
    v = np.tanh(3 * x - 1)
    return 2 * v * (1 - v * v) * 3


def test_07_1_and_07_4_refuse_calculus_scipy_and_autodiff():
    from mathlib.autodiff import Tensor
    from mathlib.calculus import derivative
    from scipy.differentiate import derivative as scipy_derivative

    message = _refused("07.1", lambda x: derivative(lambda t: np.tanh(3 * t - 1) ** 2, x))
    assert ("your function called mathlib.calculus.derivative, which approximates the derivative "
            "numerically (this exercise asks for the exact formula)") in message
    message = _refused("07.1", lambda x: float(scipy_derivative(
        lambda t: np.tanh(3 * t - 1) ** 2, x).df))
    assert "which approximates the derivative numerically" in message

    def by_autodiff(x):
        t = Tensor(np.array(x))
        ((3 * t - 1).tanh() ** 2).backward()
        return float(t.grad)
    message = _refused("07.1", by_autodiff)
    assert ("your function called Tensor, which differentiates for you (this exercise asks for "
            "the chain rule by hand)") in message

    def silu_by_autodiff(x):
        t = Tensor(np.array(x))
        (t * t.sigmoid()).backward()
        return float(t.grad)
    assert "which differentiates for you" in _refused("07.4", silu_by_autodiff)


def test_07_1_own_helpers_with_the_forbidden_names_pass():
    def derivative(x):                # the learner's own helper, named like mathlib's
        return _dy_dx(x)

    def Tensor(x):                    # noqa: N802 - even a helper called Tensor
        return x
    assert evaluate("07.1", lambda x: derivative(Tensor(x))).passed


def test_07_1_a_rounded_answer_is_told_it_was_rounded():
    message = _message("07.1", lambda x: round(float(_dy_dx(x)), 4))
    assert "rounded to 4 decimals" in message and "local derivatives" not in message
