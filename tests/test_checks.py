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
