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
            assert s == 2.0 ** 64 or not np.all(np.isfinite((grads * 2 * s).astype(np.float16)))
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


# -- the learner review's findings ------------------------------------------------------------------

@pytest.mark.parametrize("answer", [(2.0 ** -23, 1.0, 2049), (0.0015, 1.0, 2049),
                                    (1e-4, 1.0, 2049)])
def test_by_hand_small_epsilons_are_not_called_float16s(answer):
    """The slips are matched to 4 digits relative to their size, not within 0.001."""
    message = fail_message("21.1", answer)
    assert "float16's epsilon" not in message and "half of epsilon" not in message


@pytest.mark.parametrize("value", [0.0078, 0.00781, 0.008])
def test_by_hand_epsilon_rounded_is_told_so(value):
    message = fail_message("21.1", (value, 1.0, 2049))
    assert "that is the right value rounded" in message
    assert message.count("that is the right value rounded") == 1


def test_by_hand_second_hint_does_not_give_both_factors():
    from mathlib.exercises import REGISTRY
    hint2 = REGISTRY["21.1"].hints[1]
    assert not ("2^10" in hint2 and "2^-10" in hint2)
    assert "1 " not in hint2.split(":")[-1]      # nor the spacing itself


@pytest.mark.parametrize("call", [
    lambda z: np.logaddexp.reduce(z, axis=-1),
    lambda z: np.logaddexp.accumulate(z, axis=-1)[..., -1],
    lambda z: np.max(np.logaddexp.outer(z, z), axis=-1),
    lambda z: np.logaddexp.reduceat(np.atleast_2d(z), [0], axis=-1)[..., 0],
])
def test_logaddexp_methods_are_refused_like_the_ufunc(call):
    message = fail_message("21.2", call)
    assert "your function called np.logaddexp, which does the stable sum for you" in message
    assert "AttributeError" not in message


def test_logaddexp_from_import_and_its_reduce_are_refused():
    from numpy import logaddexp

    def logsumexp_stable(z):
        return logaddexp.reduce(z, axis=-1)
    assert "np.logaddexp" in fail_message("21.2", logsumexp_stable)
    assert np.logaddexp.reduce([0.0, 0.0]) == np.log(2)          # restored afterwards


def _warnings_of(function):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        function()
    return [str(w.message) for w in caught]


def test_wrong_scale_prints_no_warning():
    """The machinery runs the reference (for a precision cause) quietly, and the reference itself
    does not warn."""
    assert _warnings_of(lambda: evaluate("21.3", lambda g: 2.0 ** 20)) == []
    from mathlib.exercises import reference
    from mathlib.explorers import loss_scaling
    assert _warnings_of(lambda: reference("21.3")(loss_scaling.gradients())) == []
    assert reference("21.3")(loss_scaling.gradients()) == nb21._scale_ref(
        loss_scaling.gradients())


def test_the_machinery_runs_a_warning_reference_quietly():
    from mathlib.exercises._core import Exercise
    ex = Exercise("99.9", "t", "f", lambda f: "wrong " + str(f(np.array([1.0]))), ["h"],
                  "def f(x):\n    return np.float16(x * 1e10)\n")
    assert _warnings_of(lambda: ex.evaluate(lambda x: x + 1.0)) == []


def test_a_return_never_reached_is_told_so():
    def largest_safe_scale(grads):
        a = np.max(np.abs(grads))
        for j in range(64, -1, -1):
            if np.isfinite(round_to(a * 2.0 ** j, "float16")):
                return 2.0 ** j
    message = fail_message("21.3", largest_safe_scale)
    assert "forget" not in message
    assert "returned None when called as largest_safe_scale(<array of shape (2,)>)" in message
    assert "that return was never reached" in message


def test_first_gradient_only_is_named():
    def largest_safe_scale(grads):
        a = abs(grads[0])
        for j in range(64, -65, -1):
            if np.isfinite(round_to(a * 2.0 ** j, "float16")):
                return 2.0 ** j
    message = fail_message("21.3", largest_safe_scale)
    assert "the first gradient only, |g[0]|" in message
    assert "not the largest in size" not in message


def test_float32_start_float64_sum_is_named_float64_master():
    def master_run(w0, updates):
        m = np.float32(w0)
        for u in updates:
            m = m + u                  # np.float32 + np.float64 is float64
        return float(m), float(np.float16(m))
    assert "your master weight is float64 (no rounding)" in fail_message("21.4", master_run)

    def summed(w0, updates):
        m = float(w0) + float(np.sum(updates))
        return m, float(np.float16(m))
    assert "your master weight is float64 (no rounding)" in fail_message("21.4", summed)


@pytest.mark.parametrize("steps", [1, 3])
def test_float32_master_off_by_a_few_steps_fails(steps):
    def master_run(w0, updates):
        m = np.float32(nb21._master_ref(w0, updates)[0])
        for _ in range(steps):
            m = np.nextafter(m, np.float32(10))
        return m, np.float16(m)          # float32 and float16 numbers: compared exactly too
    message = fail_message("21.4", master_run)
    assert "should be" in message


def test_float32_arithmetic_done_right_passes_exactly():
    def master_run(w0, updates):
        master = np.float32(w0)
        for u in updates:
            master = np.float32(master + u)
        return master, np.float16(master)
    assert evaluate("21.4", master_run).status == "pass"


# -- the re-check's findings -----------------------------------------------------------------------

def _master_swapped(w0, updates):
    master = np.float32(w0)
    for u in updates:
        master = np.float32(master + u)
    return float(np.float16(master)), float(master)


def test_master_swapped_order_is_named():
    message = fail_message("21.4", _master_swapped)
    assert "you returned (copy, master), the wrong way round" in message
    assert "1.0996" not in message


@pytest.mark.parametrize("master", [1.0, 1.1, 1.0001])
def test_master_wrong_value_shows_the_master_to_6_digits(master):
    """The right master is 1.1000166: not shown as "1.1" (the notebook says it is not 1.1)."""
    message = fail_message("21.4", lambda w0, u: (master, float(np.float16(master))))
    assert "should be 1.10002" in message
    assert "should be 1.1;" not in message


def test_master_last_update_only_shows_the_master_to_6_digits():
    def master_run(w0, updates):
        master = np.float32(w0)
        for u in updates:
            last = np.float32(master + u)            # the master is never updated
        return float(last), float(np.float16(last))
    message = fail_message("21.4", master_run)
    assert "should be 1.10002; yours is 1.0001" in message


def _raw_start(w0, updates):
    master = w0                                      # not rounded to float32 first
    for u in updates:
        master = np.float32(master + u)
    return float(master), float(np.float16(master))


def test_master_start_from_raw_w0_fails_and_is_named():
    message = fail_message("21.4", _raw_start)
    assert "you started from w0 itself" in message
    assert "1 + 0.6 x 2^-23" in message


def test_master_cases_test_the_float32_start():
    w0, updates = nb21._W0_BETWEEN, np.array([-0.2 * 2.0 ** -23])
    assert float(np.float32(w0)) == 1 + 2.0 ** -23
    assert nb21._master_ref(w0, updates)[0] == 1 + 2.0 ** -23
    assert nb21._raw_start(w0, updates)[0] == 1.0
    assert any(np.size(u) == 0 for _, u in nb21._master_cases())
    assert np.array_equal(nb21._master_ref(0.1, np.array([])),
                          [float(np.float32(0.1)), float(np.float16(np.float32(0.1)))])

    def no_updates_unrounded(w0, updates):
        if len(updates) == 0:
            return float(w0), float(np.float16(w0))
        return tuple(nb21._master_ref(w0, updates))
    assert "for w0 = 0.1 and updates = []," in fail_message("21.4", no_updates_unrounded)


def test_scale_cases_reach_the_ends_of_the_range():
    assert nb21._scale_ref(np.array([1e-12])) == 2.0 ** 55
    assert nb21._scale_ref(np.zeros(3)) == 2.0 ** 64      # nothing overflows: j = 64
    assert any(nb21._scale_ref(g) >= 2.0 ** 55 for g in nb21._scale_cases())
    assert any(not np.any(g) for g in nb21._scale_cases())


@pytest.mark.parametrize("start", [32, 50, 63])
def test_scale_loop_started_low_fails_and_is_named(start):
    def largest_safe_scale(grads):
        a = np.max(np.abs(grads))
        for j in range(start, -65, -1):
            if np.isfinite(round_to(a * 2.0 ** j, "float16")):
                return 2.0 ** j
    assert "your search starts below j = 64" in fail_message("21.3", largest_safe_scale)


def test_scale_exponent_and_max_without_abs_are_named():
    def exponent(grads):
        a = np.max(np.abs(grads))
        for j in range(64, -65, -1):
            if np.isfinite(round_to(a * 2.0 ** j, "float16")):
                return j
    assert "you returned the exponent j" in fail_message("21.3", exponent)

    def no_abs(grads):
        a = np.max(grads)
        for j in range(64, -65, -1):
            if np.isfinite(round_to(a * 2.0 ** j, "float16")):
                return 2.0 ** j
    assert "not the largest in size" in fail_message("21.3", no_abs)


def test_scale_zero_gradients_answer_2_to_64():
    def capped_by_zero(grads):
        a = np.max(np.abs(grads))
        if a == 0:
            return 1.0
        return nb21._scale_ref(grads)
    assert "for grads = [0, 0, 0], the scale should be" in fail_message("21.3", capped_by_zero)


@pytest.mark.parametrize("answer, words", [
    ((0.0039, 1.0, 2049), "half of epsilon"),
    ((0.004, 1.0, 2049), None),
    ((0.00098, 1.0, 2049), "float16's epsilon (10 fraction bits)"),
    ((0.0078125, 0.00098, 2049), "2^10 times wider"),
])
def test_by_hand_rounded_slips_are_named(answer, words):
    message = fail_message("21.1", answer)
    if words is None:                                # 1 digit: too far to read as the slip
        assert "It looks as if" not in message
    else:
        assert words in message and "and rounded it" in message
