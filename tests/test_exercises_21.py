"""Notebook 21's exercises: the by-hand values against numpy's finfo and float16, the named slips
(each only when it is the cause), the forbidden shortcuts, and the references against numpy and
scipy's documented formulas."""

import numpy as np
import pytest

from mathlib.exercises import evaluate, nb21
from mathlib.numerics import round_to

from .exercise_helpers import fail_message, no_checker_defects  # noqa: F401


# -- 21.1 by hand ---------------------------------------------------------------------------------

def test_by_hand_values_are_numpys():
    assert float(np.float16(2049.0)) == 2048.0 and float(np.float16(2047.0)) == 2047.0
    assert float(np.spacing(np.float16(1024.0))) == 1.0
    assert 2.0 ** -7 == 0.0078125                      # bfloat16: 7 fraction bits
    assert all(float(np.float16(n)) == n for n in range(2049))
    assert evaluate("21.1", (0.0078125, 1.0, 2049)).status == "pass"


@pytest.mark.parametrize("answer, words", [
    ((0.00390625, 1.0, 2049), "half of epsilon"),
    ((0.0009765625, 1.0, 2049), "float16's epsilon (10 fraction bits)"),
    ((0.0078125, 0.5, 2049), "just below 1024"),
    ((0.0078125, 2.0, 2049), "from 2048 up"),
    ((0.0078125, 0.0009765625, 2049), "2^10 times wider"),
    ((0.0078125, 1.0, 2048), "2048 = 2^11 is stored exactly"),
    ((0.0078125, 1.0, 1025), "every whole number there is stored"),
    ((0.0078125, 1.0, 65505), "65504 is the largest float16"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("21.1", answer)


# -- 21.2 log-sum-exp ----------------------------------------------------------------------------

def test_logsumexp_reference_is_scipys():
    special = pytest.importorskip("scipy.special")
    for args in nb21._lse_cases():
        np.testing.assert_allclose(nb21._lse_ref(*(args,) if not isinstance(args, tuple) else args),
                                   special.logsumexp(args, axis=-1), rtol=1e-13)


@pytest.mark.parametrize("answer, words", [
    (lambda z: np.log(np.sum(np.exp(z), axis=-1)), "exponentiated the logits as they are"),
    (nb21._no_add_back, "did not add it back"),
    (nb21._whole_max, "one maximum over the whole array"),
    (lambda z: np.max(z, axis=-1), "the largest logit only"),
])
def test_logsumexp_slips_are_named(answer, words):
    assert words in fail_message("21.2", answer)


@pytest.mark.parametrize("answer, words", [
    (lambda z: __import__("scipy.special").special.logsumexp(z, axis=-1), "scipy"),
    (lambda z: __import__("mathlib.probability").probability.logsumexp(z, axis=-1),
     "which computes log-sum-exp for you"),
    (lambda z: np.logaddexp.reduce(z, axis=-1), "which does the stable sum for you"),
])
def test_logsumexp_shortcuts_are_refused(answer, words):
    assert words in fail_message("21.2", answer)


def test_logsumexp_naive_is_not_named_when_it_works():
    """A naive answer that only fails on large logits is named for that, with the case shown."""
    message = fail_message("21.2", lambda z: np.log(np.sum(np.exp(z), axis=-1)))
    assert "for z = [1000, 1000]," in message


# -- 21.3 the largest safe scale ------------------------------------------------------------------

def test_scale_reference_against_numpys_float16():
    for (grads,) in [(c,) for c in nb21._scale_cases()]:
        s = nb21._scale_ref(grads)
        with np.errstate(over="ignore"):
            assert np.all(np.isfinite((grads * s).astype(np.float16)))
            assert not np.all(np.isfinite((grads * 2 * s).astype(np.float16)))
    assert nb21._scale_ref(np.array([0.001])) == 2.0 ** 25
    assert nb21._scale_ref(np.array([65510.0 / 1024])) == 2.0 ** 10
    assert nb21._scale_ref(np.array([65520.0 / 256])) == 2.0 ** 7
    assert nb21._scale_ref(np.array([1e6])) == 2.0 ** -4


@pytest.mark.parametrize("answer, words", [
    (lambda g: nb21._scale_ref(np.max(g)), "not the largest in size"),
    (lambda g: 2 * nb21._scale_ref(g), "the first that overflows"),
    (nb21._threshold_65504, "still rounds down to 65504"),
    (lambda g: 65504.0 / np.max(np.abs(g)), "not a power of two"),
])
def test_scale_slips_are_named(answer, words):
    assert words in fail_message("21.3", answer)


# -- 21.4 master weight ----------------------------------------------------------------------------

def test_master_reference_against_numpys_float32():
    for w0, updates in nb21._master_cases():
        m = np.float32(w0)
        for u in updates:
            m = np.float32(np.float64(m) + u)          # float64 sum, rounded once to float32
        want = nb21._master_ref(w0, updates)
        assert want[0] == float(m)
        assert want[1] == float(np.float16(m))
    w = nb21._master_ref(1.0, np.full(1000, 1e-4))
    assert abs(w[0] - 1.1) < 1e-4 and w[1] == round_to(1.1, "float16")


@pytest.mark.parametrize("answer, words", [
    (nb21._half_only, "you stored the weight in float16 after every update"),
    (nb21._unrounded, "your master weight is float64"),
    (lambda w0, u: nb21._master_ref(w0, u)[[0, 0]], "the master itself"),
])
def test_master_slips_are_named(answer, words):
    assert words in fail_message("21.4", answer)


def test_master_message_names_the_case():
    message = fail_message("21.4", lambda w0, u: (w0, w0))
    assert "for w0 = 1 and 1000 updates of 0.0001 each," in message
