"""Notebook 20's exercises: the by-hand Xavier and He values against mathlib.nn's initialisers and
PyTorch's formulas, the named slips (each only when it is the cause), the forbidden
forward_backward, and the forward and backward signal on the diabetes data."""

import math

import numpy as np
import pytest

from mathlib import nn
from mathlib.exercises import evaluate, reference
from mathlib.exercises import nb20

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401
from .exercise_helpers import refused_message


# -- 20.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_the_initialisers():
    assert np.std(nn.xavier_normal(240, 80, rng=1)) * math.sqrt(10) == pytest.approx(0.25, rel=0.01)
    assert np.abs(nn.he_uniform(24, 8, rng=1)).max() <= 0.5
    assert math.sqrt(2 / (24 + 8)) == 0.25 and math.sqrt(3 * 2 / 24) == 0.5
    assert 24 * (2 / 24) * 1.0 == pytest.approx(2.0)
    assert_passes("20.1", (0.25, 0.5, 2.0))


@pytest.mark.parametrize("answer, words", [
    ((0.0625, 0.5, 2.0), "the standard deviation is its square root"),
    ((math.sqrt(2 / 24), 0.5, 2.0), "He's variance"),
    ((0.5, 0.5, 2.0), "you used 2 / fan_out"),
    ((math.sqrt(1 / 32), 0.5, 2.0), "you left out the 2"),
    ((0.25, math.sqrt(2 / 24), 2.0), "sqrt(3 x variance)"),
    ((0.25, math.sqrt(6 / 8), 2.0), "you used fan_out"),
    ((0.25, math.sqrt(6 / 32), 2.0), "Xavier's uniform bound"),
    ((0.25, 0.25, 2.0), "without the square root"),
    ((0.25, 0.5, 1.0), "E[relu(z)^2]"),
    ((0.25, 0.5, 24.0), "left out the weights' variance"),
    ((0.25, 0.5, 2 / 24), "the variance of one term"),
    ((0.25, 0.5, math.sqrt(2)), "that is the standard deviation of z"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("20.1", answer)


def test_by_hand_rounded_and_malformed():
    assert_passes("20.1", [0.25, 0.5, 2])
    assert "3" in fail_message("20.1", (0.25, 0.5))


# -- 20.2 leaky ReLU ------------------------------------------------------------------------------
def test_leaky_reference_is_torch_s_kaiming_gain():
    """torch.nn.init.calculate_gain("leaky_relu", a) = sqrt(2 / (1 + a^2)); std = gain /
    sqrt(fan_in) (kaiming_normal_, mode fan_in)."""
    for n, a in [(100, 0.0), (256, 0.01), (10, 0.2), (32, -0.5)]:
        gain = math.sqrt(2.0 / (1 + a ** 2))
        assert nb20._leaky_ref(n, a) == pytest.approx(gain / math.sqrt(n), rel=1e-14)
    assert nb20._leaky_ref(100, 0.0) == pytest.approx(np.sqrt(2 / 100))
    # by simulation: E[f(z)^2] = (1 + a^2) / 2 E[z^2] for a symmetric z
    z = np.random.default_rng(0).standard_normal(1_000_000)
    f = np.where(z > 0, z, 0.2 * z)
    assert np.mean(f ** 2) == pytest.approx((1 + 0.04) / 2, rel=0.01)


@pytest.mark.parametrize("answer, words", [
    (lambda n, a: math.sqrt(2 / n), "you left alpha out"),
    (lambda n, a: math.sqrt(2 / ((1 + a) * n)), "1 + alpha instead of 1 + alpha^2"),
    (lambda n, a: 2 / ((1 + a * a) * n), "that is the variance"),
    (lambda n, a: math.sqrt(1 / ((1 + a * a) * n)), "you left out the 2"),
    (lambda n, a: math.sqrt(2 * (1 + a * a) / n), "multiplied by 1 + alpha^2 instead of dividing"),
])
def test_leaky_slips_are_named(answer, words):
    assert words in fail_message("20.2", answer)


def test_leaky_unnamed_wrong_answer_gets_the_case():
    message = fail_message("20.2", lambda n, a: math.sqrt(2 / ((1 + abs(a)) * n)))
    assert "for fan_in = 256 and alpha = 0.01" in message or "alpha" in message
    assert "It looks as if" not in message


# -- 20.3 forward ---------------------------------------------------------------------------------
def test_forward_reference_by_hand():
    """X = I, ReLU: h_1 = relu(W_1) = [[1, 0], [2, 0.5]], RMS sqrt(5.25 / 4);
    h_2 = relu(h_1 W_2) = relu([[0.5, 1], [0.5, 2.5]]), RMS sqrt(7.75 / 4)."""
    X, Ws, f = next(nb20._forward_cases())
    got = nb20._forward_ref(X, Ws, f)
    assert np.allclose(got, [math.sqrt(5.25 / 4), math.sqrt(7.75 / 4)])


def test_forward_on_the_diabetes_data_keeps_he_s_signal():
    X, he, _, small, _ = nb20._diabetes()
    assert X.shape == (442, 10) and np.allclose(X.mean(axis=0), 0, atol=1e-12)
    r = nb20._forward_ref(X, he, nb20._relu)
    assert 0.5 < r[-1] / r[0] < 2.0                         # He: about constant
    s = nb20._forward_ref(X, small, np.tanh)
    assert s[-1] / s[0] < 0.01                              # 0.3 x Xavier with tanh: vanishes


@pytest.mark.parametrize("answer, words", [
    (nb20._std_forward, "standard deviation"),
    (nb20._pre_forward, "before the activation"),
    (nb20._linear_forward, "never applied the activation"),
])
def test_forward_slips_are_named(answer, words):
    assert words in fail_message("20.3", answer)


def test_forward_forbidden_and_diabetes_case_described():
    from mathlib.explorers import deep_signal

    def uses_explorer(X, weights, f):
        act = "ReLU" if f is nb20._relu else "tanh"
        hs, _ = deep_signal.forward_backward(X, weights, np.zeros((len(X), weights[-1].shape[1])),
                                             act)
        return np.array([np.sqrt(np.mean(h ** 2)) for h in hs])
    assert "forward_backward" in refused_message("20.3", uses_explorer)

    def wrong_on_real_data(X, weights, f):
        out = nb20._forward_ref(X, weights, f)
        return out * (1.5 if len(X) == 442 else 1.0)
    assert "diabetes" in fail_message("20.3", wrong_on_real_data)


# -- 20.4 backward --------------------------------------------------------------------------------
def test_backward_reference_against_finite_differences():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((4, 3))
    Ws = [rng.standard_normal((3, 5)), rng.standard_normal((5, 4)), rng.standard_normal((4, 2))]
    G = rng.standard_normal((4, 2))

    def loss_from(h1):
        for W in Ws[1:]:
            h1 = np.maximum(h1 @ W, 0)
        return np.sum(G * h1)

    h1 = np.maximum(X @ Ws[0], 0)
    fd = np.zeros_like(h1)
    for idx in np.ndindex(h1.shape):
        up, down = h1.copy(), h1.copy()
        up[idx] += 1e-6
        down[idx] -= 1e-6
        fd[idx] = (loss_from(up) - loss_from(down)) / 2e-6
    got = nb20._backward_ref(X, Ws, G)
    assert got[0] == pytest.approx(np.sqrt(np.mean(fd ** 2)), rel=1e-6)
    assert got[-1] == pytest.approx(np.sqrt(np.mean(G ** 2)))


@pytest.mark.parametrize("answer, words", [
    (nb20._no_mask, "left out ReLU's derivative"),
    (lambda X, W, G: nb20._backward_ref(X, W, G)[::-1], "runs from the output down"),
])
def test_backward_slips_are_named(answer, words):
    assert words in fail_message("20.4", answer)


def test_backward_off_by_one_mask_fails_without_a_wrong_name():
    message = fail_message("20.4", nb20._mask_one_layer_off)
    assert "left out ReLU's derivative" not in message


@pytest.mark.parametrize("id", ["20.1", "20.2", "20.3", "20.4"])
def test_reference_passes(id):
    assert evaluate(id, reference(id)).status == "pass"


# -- the learner review's findings ------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((0.25, 0.29, 2.0), "that is He's standard deviation"),        # sqrt(2 / 24) = 0.2887
    ((0.25, 0.289, 2.0), "that is He's standard deviation"),
    ((0.25, 0.5, 1.41), "that is the standard deviation of z"),    # sqrt 2 = 1.4142
    ((0.25, 0.5, 1.4), "that is the standard deviation of z"),
    ((0.29, 0.5, 2.0), "He's variance"),
    ((0.18, 0.5, 2.0), "you left out the 2"),                      # sqrt(1 / 32) = 0.1768
    ((0.25, 0.87, 2.0), "you used fan_out"),
    ((0.25, 0.5, 0.083), "the variance of one term"),
    ((0.25, 0.5, 1.5), "Xavier's variance 2 / (24 + 8)"),          # 24 x 2 / 32
])
def test_by_hand_slips_typed_as_rounded_by_hand_values_are_named(answer, words):
    assert words in fail_message("20.1", answer)


def test_by_hand_far_roundings_are_not_named():
    """0.1 is not "0.0625 rounded" (60% off): no cause is claimed."""
    assert "It looks as if" not in fail_message("20.1", (0.1, 0.5, 2.0))


def test_leaky_square_of_the_sum_slip_and_wording():
    message = fail_message("20.2", lambda n, a: math.sqrt(2 / ((1 + a) ** 2 * n)))
    assert "(1 + alpha)^2 instead of 1 + alpha^2" in message and "cross term" in message
    message = fail_message("20.2", lambda n, a: math.sqrt(2 / n))
    assert "the negative side's alpha z adds" in message and "side's a z" not in message


def test_a_function_that_changes_the_weights_list_does_not_pass():
    def reverses(X, weights, f):
        out = nb20._forward_ref(X, weights, f)
        weights.reverse()
        return out

    def scales_a_matrix(X, weights, f):
        out = nb20._forward_ref(X, weights, f)
        weights[0] *= 2
        return out

    def pops(X, weights, G):
        out = nb20._backward_ref(X, weights, G)
        weights.pop()
        return out

    for id, answer in [("20.3", reverses), ("20.3", scales_a_matrix), ("20.4", pops)]:
        message = fail_message(id, answer)
        assert "your result is right, but your function changed its input weights" in message

    def reads_reversed(X, weights, G):                   # going down without changing the list
        zs, h = [], X
        for W in weights:
            zs.append(h @ W)
            h = np.maximum(zs[-1], 0)
        grads = [G]
        for W, z in zip(reversed(weights[1:]), reversed(zs[1:])):
            grads.append((grads[-1] * (z > 0)) @ W.T)
        return np.array([np.sqrt(np.mean(g ** 2)) for g in grads[::-1]])
    assert_passes("20.4", reads_reversed)


def test_backward_by_hand_case_shows_g():
    message = fail_message("20.4", lambda X, W, G: nb20._backward_ref(X, W, G) * 1.1)
    assert "G = [[1.0, -2.0], [0.5, 1.0]]" in message and "W_2 = " in message


def test_q2_option_c_says_the_backward_factor_is_fan_out_over_fan_in():
    from mathlib.exercises.questions import QUESTIONS

    text = QUESTIONS["20.q2"].option("c").explanation
    assert "fan_out / fan_in" in text and "square layer" in text
    assert "restores it in each" not in text


def test_20_4_names_the_missing_transpose():
    """@ W_l instead of @ W_l^T runs on the square by-hand network: the slip is named."""
    def gradient_rms(X, weights, G):
        zs, h = [], X
        for W in weights:
            z = h @ W
            zs.append(z)
            h = np.maximum(z, 0)
        grads = [G]
        for l in range(len(weights) - 1, 0, -1):
            grads.append((grads[-1] * (zs[l] > 0)) @ weights[l])
        return np.array([np.sqrt(np.mean(g ** 2)) for g in grads[::-1]])

    message = fail_message("20.4", gradient_rms)
    assert "not by its transpose" in message and "G = [[1.0, -2.0], [0.5, 1.0]]" in message
