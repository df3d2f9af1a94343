import numpy as np
import pytest

from mathlib._checks import as_array, as_scalar, check_probability_vector, describe, shape_str


def test_shape_str_and_describe():
    assert shape_str((2, 3)) == "(2, 3)"
    assert shape_str(()) == "()"
    assert describe(np.zeros(())) == "scalar"
    assert describe(np.zeros(3)) == "vector of length 3"
    assert describe(np.zeros((2, 3))) == "matrix of shape (2, 3)"
    assert describe(np.zeros((2, 3, 4))) == "tensor with 3 axes, shape (2, 3, 4)"


def test_as_array_accepts_numbers_and_returns_floats():
    a = as_array([1, 2, 3], "x", "f", ndim=1)
    assert a.dtype == float
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("bad", ["abc", None, {"a": 1}, [[1, 2], [3]]])
def test_as_array_rejects_non_numbers_with_type_error(bad):
    with pytest.raises(TypeError, match=r"^f: x must be numbers"):
        as_array(bad, "x", "f")


def test_as_array_names_wrong_rank():
    with pytest.raises(ValueError, match=r"f: x must be a vector, got a matrix of shape \(2, 2\)"):
        as_array(np.eye(2), "x", "f", ndim=1)
    with pytest.raises(ValueError, match=r"must be a vector or matrix, got a scalar"):
        as_array(3.0, "x", "f", ndim=(1, 2))


def test_as_array_rejects_empty_and_non_finite():
    with pytest.raises(ValueError, match=r"f: x is empty \(shape \(0,\)\)"):
        as_array([], "x", "f")
    with pytest.raises(ValueError, match=r"holds nan at index \(1,\)"):
        as_array([1.0, np.nan], "x", "f")
    with pytest.raises(ValueError, match=r"holds inf at index \(0, 1\)"):
        as_array([[1.0, np.inf]], "x", "f")
    assert as_array([], "x", "f", nonempty=False).shape == (0,)


def test_as_scalar():
    assert as_scalar(2, "c", "f") == 2.0
    with pytest.raises(ValueError, match="f: c must be a single number, got a vector of length 2"):
        as_scalar([1, 2], "c", "f")


def test_probability_vector():
    np.testing.assert_allclose(check_probability_vector([0.2, 0.8], "p", "f"), [0.2, 0.8])
    with pytest.raises(ValueError, match=r"negative entry -0.1 at index 0"):
        check_probability_vector([-0.1, 1.1], "p", "f")
    with pytest.raises(ValueError, match=r"p sums to 0.9 \(off by 0.1, more than the tolerance "
                                         r"1e-09 for float64\); probabilities must sum to 1"):
        check_probability_vector([0.4, 0.5], "p", "f")


def test_complex_numbers_are_refused_naming_the_dtype():
    """One helper for every function: float(1 + 2j) would silently drop the imaginary part."""
    from mathlib._checks import reject_complex
    with pytest.raises(TypeError) as info:
        as_array(np.array([1.0, 2 + 3j]), "x", "f")
    assert str(info.value) == ("f: x holds complex numbers (dtype complex128, e.g. (2+3j) at index "
                               "(1,)); mathlib works with real numbers and would drop the imaginary "
                               "part. If the imaginary parts are meant to be 0, pass x.real")
    with pytest.raises(TypeError, match=r"^f: c holds complex numbers \(dtype complex128, e.g. 1j "
                                        r"at index \(\)\)"):
        as_scalar(1j, "c", "f")
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype object\)"):
        as_array(np.array([1.0, 2j], dtype=object), "x", "f")
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype complex64"):
        as_array(np.zeros(2, dtype=np.complex64), "x", "f")
    reject_complex(np.array([1.0, 2.0]), "x", "f")              # real: no error
    assert as_array(np.array([1, 2], dtype=np.int8), "x", "f").dtype == float


def test_probability_tolerance_follows_the_dtype():
    from mathlib._checks import check_probabilities, probability_tolerance
    assert probability_tolerance([0.5, 0.5], 2) == 1e-9
    assert probability_tolerance(np.ones(2), 2) == 1e-9
    assert probability_tolerance(np.ones(10, dtype=np.float32), 10) == pytest.approx(
        20 * np.finfo(np.float32).eps)
    p = np.full(10, 0.1, dtype=np.float32)
    assert check_probability_vector(p, "p", "f").dtype == float
    P = np.array([[0.25, 0.75], [1.0, 0.0]])
    assert_equal = np.testing.assert_array_equal
    assert_equal(check_probabilities(P, "p", "f", axis=1), P)
    assert_equal(check_probabilities(P.T, "p", "f", axis=0), P.T)
    with pytest.raises(ValueError, match=r"^f: p along axis 0 at 0 sums to 1.25 "):
        check_probabilities(P, "p", "f", axis=0)


def test_complex_examples_and_what_is_not_complex():
    from fractions import Fraction
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype complex128, e.g. "
                                        r"\(1\+0j\) at index \(0, 0\)\);"):
        as_array(np.ones((2, 2), dtype=complex), "x", "f")      # no imaginary part: entry 0
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype complex128\); "):
        as_array(np.zeros((0, 2), dtype=complex), "x", "f", nonempty=False)
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype object\); "):
        as_array(np.array([[1.0, 2.0], [Fraction(1, 2), 3j]], dtype=object), "x", "f")
    got = as_array(np.array([1.0, Fraction(1, 2)], dtype=object), "x", "f")   # real objects: fine
    np.testing.assert_array_equal(got, [1.0, 0.5])
    with pytest.raises(TypeError, match=r"^f: x must be numbers \(a scalar, list or numpy array\) "
                                        r"with a regular shape; could not read list: "):
        as_array([[1.0, 2.0], [3.0]], "x", "f")
    with pytest.raises(TypeError, match=r"^f: x must be numbers .* could not read ndarray: "):
        as_array(np.array(["a", "b"]), "x", "f")
    with pytest.raises(TypeError, match=r"^f: x must be numbers \(a scalar, list or numpy array\), "
                                        r"got NoneType None$"):
        as_array(None, "x", "f")
    with pytest.raises(ValueError, match=r"^f: x holds nan at index \(\); expected finite numbers "
                                         r"\(no NaN or infinity\)$"):
        as_array(np.nan, "x", "f")


def test_probability_messages_and_tolerances():
    from mathlib._checks import check_probabilities, probability_tolerance
    eps32 = float(np.finfo(np.float32).eps)
    assert probability_tolerance(np.ones(1, dtype=np.float32), 1) == 2 * eps32
    assert probability_tolerance(np.ones(1, dtype=np.float16), 1) == 2 * float(np.finfo(np.float16).eps)
    assert probability_tolerance(np.array([0, 1]), 2) == 1e-9                 # integers
    assert probability_tolerance(np.ones(3, dtype=np.longdouble), 3) == 1e-9
    with pytest.raises(ValueError, match=r"^f: p sums to 0.5 \(off by 0.5, more than the tolerance "
                                         r"4.8e-07 for float32\); probabilities must sum to 1$"):
        check_probability_vector(np.array([0.25, 0.25], dtype=np.float32), "p", "f")
    with pytest.raises(ValueError, match=r"^f: p sums to 0.5 \(.* for float64\)"):
        check_probability_vector(np.array([0, 0.5]), "p", "f")
    with pytest.raises(ValueError, match=r"^f: p must be a probability vector, got a matrix of shape "
                                         r"\(1, 2\); for a batch of distributions \(one per row\) "
                                         r"pass axis=-1$"):
        check_probability_vector([[0.5, 0.5]], "p", "f")
    with pytest.raises(ValueError, match=r"^f: p must be a probability vector, got a scalar$"):
        check_probability_vector(1.0, "p", "f")
    with pytest.raises(ValueError, match=r"^f: p has a negative entry -0.5 at index \(0, 1\); "):
        check_probabilities([[1.5, -0.5]], "p", "f", axis=1)
    with pytest.raises(ValueError, match=r"^f: p along axis -1 at \(1, 0\) sums to 0.5 "):
        check_probabilities(np.array([[[1.0, 0.0]], [[0.5, 0.0]]]), "p", "f", axis=-1)
    with pytest.raises(TypeError, match=r"^f: axis must be None or an integer, got bool True$"):
        check_probabilities([0.5, 0.5], "p", "f", axis=True)
    with pytest.raises(ValueError, match=r"^f: axis -2 does not exist for p, a vector of length 2; "
                                         r"expected None or an axis from -1 to 0$"):
        check_probabilities([0.5, 0.5], "p", "f", axis=-2)
    assert check_probabilities([0.5, 0.5], "p", "f", axis=np.int64(0)).shape == (2,)
    with pytest.raises(ValueError, match=r"^f: p sums to 1.1"):
        check_probability_vector([0.5, 0.6], "p", "f", atol=0.01)
    check_probability_vector([0.5, 0.6], "p", "f", atol=0.2)


def test_probability_checks_name_the_argument_and_the_slice():
    from mathlib._checks import check_probabilities
    with pytest.raises(ValueError, match=r"^g: q holds nan at index \(0, 1\)"):
        check_probabilities([[0.5, np.nan]], "q", "g", axis=-1)
    with pytest.raises(ValueError, match=r"^f: p has a negative entry -0.5 at index \(0, 2\); "
                                         r"probabilities must be >= 0$"):
        check_probabilities([[0.0, 1.5, -0.5]], "p", "f", axis=1)
    assert check_probabilities([0.5, 0.5], "p", "f", axis=-1).shape == (2,)
    with pytest.raises(ValueError, match=r"^f: axis 1 does not exist for p"):
        check_probabilities([0.5, 0.5], "p", "f", axis=1)
    with pytest.raises(ValueError, match=r"more than the tolerance 1e-09 for float64\)"):
        check_probability_vector(np.array([0, 2]), "p", "f")          # integers: as float64
    with pytest.raises(TypeError, match=r"^f: x must be numbers \(a scalar, list or numpy array\), "
                                        r"got dict \{'a': 1\}$"):
        as_array({"a": 1}, "x", "f")


# -- as_int, as_axis, as_rng: one check per kind of argument -------------------------------------

def test_as_int_refuses_floats_and_bools_with_type_error():
    from mathlib._checks import as_int
    assert as_int(3, "k", "f") == 3 and type(as_int(np.int64(3), "k", "f")) is int
    for bad in (2.0, 2.5, True, np.bool_(False), "2", None):
        with pytest.raises(TypeError, match=rf"^f: k must be a whole number \(an int\), got "
                                            rf"{type(bad).__name__} "):
            as_int(bad, "k", "f")
    with pytest.raises(TypeError, match=r"\(write 2, without the decimal point\)$"):
        as_int(2.0, "k", "f")


def test_as_int_checks_the_range_with_value_error():
    from mathlib._checks import as_int
    assert as_int(0, "n", "f", low=0) == 0 and as_int(5, "n", "f", low=0, high=5) == 5
    with pytest.raises(ValueError, match=r"^f: n = -1 is out of range; expected n >= 0$"):
        as_int(-1, "n", "f", low=0)
    with pytest.raises(ValueError, match=r"^f: n = 6 is out of range; expected 0 <= n <= 5$"):
        as_int(6, "n", "f", low=0, high=5)
    with pytest.raises(ValueError, match=r"^f: n = 6 is out of range; expected n <= 5$"):
        as_int(6, "n", "f", high=5)


def test_as_axis():
    from mathlib._checks import as_axis
    assert as_axis(-1, 2, "x", "f") == -1 and as_axis(np.int64(1), np.zeros((2, 3)), "x", "f") == 1
    assert as_axis(None, 2, "x", "f", none=True) is None
    with pytest.raises(TypeError, match=r"^f: axis must be an integer, got NoneType None$"):
        as_axis(None, 2, "x", "f")
    with pytest.raises(TypeError, match=r"^f: axis must be None or an integer, got float 1.0$"):
        as_axis(1.0, 2, "x", "f", none=True)
    with pytest.raises(ValueError, match=r"^f: axis 2 does not exist for x, which has 2 axes; "
                                         r"expected an axis from -2 to 1$"):
        as_axis(2, 2, "x", "f")
    with pytest.raises(ValueError, match=r"^f: axis -3 does not exist for x, a matrix of shape "
                                         r"\(2, 3\); expected None or an axis from -2 to 1$"):
        as_axis(-3, np.zeros((2, 3)), "x", "f", none=True)


def test_as_rng_one_argument_for_randomness():
    from mathlib._checks import DEFAULT_SEED, as_rng
    first = as_rng(None).standard_normal(3)
    assert_equal = np.testing.assert_array_equal
    assert_equal(first, as_rng(None).standard_normal(3))                     # reproducible
    assert_equal(first, np.random.default_rng(DEFAULT_SEED).standard_normal(3))
    assert_equal(as_rng(7).standard_normal(3), np.random.default_rng(7).standard_normal(3))
    assert_equal(as_rng(np.int64(7)).standard_normal(3), np.random.default_rng(7).standard_normal(3))
    g = np.random.default_rng(1)
    assert as_rng(g) is g
    for bad in (True, 1.5, "0", np.random.RandomState(0)):
        with pytest.raises(TypeError, match=r"^f: rng must be None, an integer seed or a numpy "
                                            r"Generator such as np.random.default_rng\(0\); got "):
            as_rng(bad, "f")
    with pytest.raises(ValueError, match=r"^f: rng = -1 is a negative seed; expected a seed >= 0$"):
        as_rng(-1, "f")


# -- found by mutation testing of _checks (2026-12-06): the messages' exact words --------------------
def test_expected_names_a_tensor_by_its_number_of_axes():
    from mathlib._checks import as_array
    with pytest.raises(ValueError, match=r"^f: x must be a tensor with 3 axes, got a "):
        as_array(np.zeros((2, 2)), "x", "f", ndim=3)
    with pytest.raises(ValueError, match=r"^f: x must be a vector or tensor with 4 axes, got a "):
        as_array(np.zeros((2, 2)), "x", "f", ndim=(1, 4))


def test_complex_numbers_in_an_object_array_are_refused():
    from mathlib._checks import as_array
    with pytest.raises(TypeError, match=r"^f: x holds complex numbers \(dtype object\); mathlib"):
        as_array(np.array([1.0, 2 + 1j, "a"], dtype=object), "x", "f")
    with pytest.raises(TypeError, match=r"e\.g\. \(3\+4j\) at index \(1, 0\)"):
        as_array(np.array([[1.0, 0.0], [3 + 4j, 0.0]]), "x", "f")


def test_a_float_array_is_not_copied_and_an_int_array_becomes_float():
    from mathlib._checks import as_array
    x = np.array([1.0, 2.0])
    assert as_array(x, "x", "f") is x
    got = as_array(np.array([1, 2]), "x", "f")
    assert got.dtype == np.float64


def test_a_non_finite_scalar_is_named_at_index_empty():
    from mathlib._checks import as_array
    with pytest.raises(ValueError, match=r"^f: x holds nan at index \(\); expected finite"):
        as_array(np.nan, "x", "f")
    with pytest.raises(ValueError, match=r"^f: x holds inf at index \(1,\); expected finite"):
        as_array([1.0, np.inf], "x", "f")


def test_as_int_hint_only_for_a_whole_float():
    from mathlib._checks import as_int
    with pytest.raises(TypeError) as info:
        as_int(2.5, "k", "f")
    assert str(info.value) == "f: k must be a whole number (an int), got float 2.5"
    with pytest.raises(TypeError) as info:
        as_int(2.0, "k", "f")
    assert str(info.value).endswith("got float 2.0 (write 2, without the decimal point)")


def test_as_axis_words_for_one_axis_and_for_a_scalar():
    from mathlib._checks import as_axis
    with pytest.raises(ValueError) as info:
        as_axis(1, 1, "x", "f")
    assert str(info.value) == ("f: axis 1 does not exist for x, which has 1 axis; expected an axis "
                               "from -1 to 0")
    with pytest.raises(ValueError) as info:
        as_axis(0, 0, "x", "f")
    assert str(info.value) == ("f: axis 0 does not exist for x, which has 0 axes; expected no axis "
                               "(it is a single number)")
    with pytest.raises(ValueError, match="which has 2 axes; expected an axis from -2 to 1"):
        as_axis(2, 2, "x", "f")


def test_as_rng_seed_zero_is_allowed_and_the_message_names_what_was_given():
    from mathlib._checks import as_rng
    assert as_rng(0).random() == np.random.default_rng(0).random()
    with pytest.raises(ValueError, match=r"rng = -1 is a negative seed"):
        as_rng(-1)
    with pytest.raises(TypeError, match=r"got float 1\.5$"):
        as_rng(1.5)
