"""Notebook 13's exercises: named slips (each only when it is the cause), the forbidden shortcuts
by object (scipy, mathlib's entropy, KL and log-softmax), the by-hand 13.4 and the BCE 13.5."""

import numpy as np
import pytest

from mathlib.exercises import evaluate, questions

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 13.1 entropy in bits -------------------------------------------------------------------------
def test_entropy_of_one_bit_is_singular():
    message = evaluate("13.1", lambda p: -np.sum(p * np.log2(p))).message
    assert "(the entropy here is 1 bit)" in message
    message = evaluate("13.1", lambda p: 1.5).message
    assert "the entropy is 3 bits" in message


def test_entropy_with_log10_is_named():
    message = fail_message("13.1", lambda p: -np.sum(p[p > 0] * np.log10(p[p > 0])))
    assert "np.log10" in message and "nats" not in message


def test_entropy_in_nats_is_named_even_when_zeros_give_nan():
    message = fail_message("13.1", lambda p: -np.sum(p * np.log(p)))
    assert "entropy in nats" in message


@pytest.mark.parametrize("id, answer, words", [
    ("13.1", lambda p: __import__("scipy.stats").stats.entropy(p, base=2), "no scipy"),
    ("13.1", lambda p: __import__("mathlib.probability").probability.entropy(p, base=2),
     "which computes the entropy for you"),
    ("13.2", lambda z, y: -np.mean(__import__("scipy.special").special.log_softmax(z, axis=1)
                                   [np.arange(len(y)), y]), "no scipy"),
    ("13.2", lambda z, y: -np.mean(__import__("mathlib.probability").probability.log_softmax(
        z, axis=1)[np.arange(len(y)), y]), "which computes the log-softmax for you"),
    ("13.3", lambda p, q: __import__("scipy.stats").stats.entropy(p, q), "no scipy"),
    ("13.3", lambda p, q: __import__("mathlib.probability").probability.kl_divergence(p, q),
     "which computes the KL divergence for you"),
    ("13.5", lambda z, y: float(np.mean(__import__("scipy.special").special.logsumexp(
        np.stack([np.zeros_like(z), z]), axis=0) - y * z)), "no scipy"),
])
def test_shortcuts_are_refused(id, answer, words):
    assert words in fail_message(id, answer)


@pytest.mark.parametrize("id", ["13.1", "13.2", "13.3", "13.5"])
def test_float16_results_fail(id):
    from mathlib.exercises import reference
    ref = reference(id)
    assert "float16 keeps about 3 digits" in fail_message(
        id, lambda *a: np.asarray(ref(*a)).astype(np.float16))


# -- 13.2 the cross-entropy loss from logits ------------------------------------------------------
def _global_shift(z, y):
    z = z - z.max()
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return -np.mean(np.log(q[np.arange(len(y)), y]))


def _naive_softmax(z, y):
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return -np.mean(np.log(q[np.arange(len(y)), y]))


def _softmax_then_log(z, y):          # shifts each row, but takes log of the probabilities
    z = z - z.max(axis=1, keepdims=True)
    q = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return -np.mean(np.log(q[np.arange(len(y)), y]))


def test_log_of_a_stable_softmax_is_told_apart_from_overflow():
    message = evaluate("13.2", _softmax_then_log).message
    assert "you returned inf" in message and "log of softmax probabilities" in message
    assert "z - m - log(sum(exp(z - m)))" in message
    assert "Subtract each row's own largest logit" not in message   # they did
    for overflow in (_naive_softmax, _global_shift):
        message = evaluate("13.2", overflow).message
        assert "you returned nan" in message and "Subtract each row's own largest logit" in message
        assert "[[1000, 999, 998], [-1000, -999, -1001]]" in message
        assert "log of softmax probabilities" not in message


def _log_p(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))


@pytest.mark.parametrize("eps", [1e-12, 1e-7])
def test_an_epsilon_inside_the_log_is_named(eps):
    def loss(z, y):
        q = np.exp(_log_p(z))
        return -np.mean(np.log(q[np.arange(len(y)), y] + eps))
    message = fail_message("13.2", loss)
    assert "small epsilon" in message and "333.5" in message


def test_log_p_with_a_column_index_is_named():
    message = fail_message("13.2", lambda z, y: -np.mean(_log_p(z)[:, y]))
    assert "log_p[:, labels] picks" in message


def test_a_learners_own_helpers_named_like_the_library_pass():
    def log_softmax(z, axis=1):                    # their own, same name as mathlib's
        m = z.max(axis=axis, keepdims=True)
        return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))

    def kl_divergence(p, q):
        mask = p > 0
        return np.sum(p[mask] * np.log(p[mask] / q[mask]))
    assert_passes("13.2", lambda z, y: -np.mean(log_softmax(z)[np.arange(len(y)), y]))
    assert_passes("13.3", lambda p, q: kl_divergence(p, q))


# -- 13.4 by hand: entropy, cross-entropy and KL in bits ------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((1.5, 2.0, -0.5), "subtracted the other way round"),
    ((1.5, 2.0, 2.0), "KL leaves out H(p)"),
])
def test_by_hand_information_slips_are_named(answer, words):
    assert words in fail_message("13.4", answer)


# -- 13.5 binary cross-entropy from logits --------------------------------------------------------
def test_bce_from_probabilities_overflows_and_says_so():
    def from_probabilities(z, y):
        p = 1 / (1 + np.exp(-z))
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    message = fail_message("13.5", from_probabilities)
    assert "sigmoid(z) rounds to exactly 1" in message


@pytest.mark.parametrize("answer, words", [
    (lambda z, y: float(np.mean(np.logaddexp(0, z) - (1 - y) * z)), "y and 1 - y are swapped"),
    (lambda z, y: float(np.sum(np.logaddexp(0, z) - y * z)), "added up the losses"),
])
def test_bce_slips_are_named(answer, words):
    assert words in fail_message("13.5", answer)


def _keras_bce(eps, clip=True):
    def bce_with_logits(z, y):
        p = 1 / (1 + np.exp(-z))
        if clip:
            p = np.clip(p, eps, 1 - eps)
            return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    return bce_with_logits


@pytest.mark.parametrize("eps, clip", [(1e-7, True), (1e-7, False), (3e-7, True), (1e-15, True)])
def test_bce_clipped_probability_is_named(eps, clip):
    message = fail_message("13.5", _keras_bce(eps, clip))
    assert "Clipping the probability changes the loss at large logits" in message, message


@pytest.mark.parametrize("answer", [lambda z, y: 10.76, lambda z, y: 1.0])
def test_bce_clipping_not_named_when_not_the_cause(answer):
    assert "Clipping the probability" not in fail_message("13.5", answer)


# -- the concept questions of 13 ------------------------------------------------------------------
def test_questions_of_notebooks_12_and_13_are_plain_text():
    for id, q in questions.QUESTIONS.items():
        if id[:2] in ("12", "13"):
            texts = [q.prompt] + [t for o in q.options for t in (o.text, o.explanation)]
            assert not any("*" in t for t in texts), id
    q4 = questions.QUESTIONS["13.q4"]
    assert any("strictly the largest" in o.explanation for o in q4.options)


# -- across the exercises of 13 -------------------------------------------------------------------
def test_by_hand_information_values_are_the_library_s():
    from mathlib.probability import cross_entropy, entropy, kl_divergence
    p, q = np.array([0.5, 0.25, 0.25, 0.0]), np.full(4, 0.25)
    assert np.isclose(entropy(p, base=2), 1.5)
    assert np.isclose(cross_entropy(p, q) / np.log(2), 2.0)
    assert np.isclose(kl_divergence(p, q) / np.log(2), 0.5) and kl_divergence(q, p) == np.inf


def test_bce_agrees_with_the_definition_where_probabilities_are_safe():
    from mathlib.exercises import nb13
    z, y = np.array([2.0, -1.0, 0.5, 3.0]), np.array([1.0, 0.0, 0.0, 1.0])
    p = 1 / (1 + np.exp(-z))
    assert np.isclose(nb13._bce(z, y), -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),
                      rtol=1e-13)
