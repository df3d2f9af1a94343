import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mathlib.losses import mse

finite = st.floats(-1e6, 1e6)


@given(arrays(float, st.integers(1, 30), elements=finite), st.data())
def test_mse_matches_numpy(y_pred, data):
    y_true = data.draw(arrays(float, y_pred.shape, elements=finite))
    np.testing.assert_allclose(mse(y_pred, y_true), np.mean((y_pred - y_true) ** 2),
                               rtol=1e-12, atol=1e-12)


def test_mse_defining_properties():
    y = np.array([1.0, -2.0, 3.5])
    assert mse(y, y) == 0.0
    assert mse(y + 2.0, y) == pytest.approx(4.0)
    assert mse(y, y + 1.0) == mse(y + 1.0, y)  # symmetric


def test_mse_bad_input():
    with pytest.raises(ValueError, match=r"mse: y_pred has shape \(3,\) and y_true has shape \(2,\); give one prediction"):
        mse([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="mse: y_pred is empty"):
        mse([], [])
    with pytest.raises(ValueError, match="mse: y_true holds nan"):
        mse([1.0], [np.nan])
    with pytest.raises(ValueError, match=r"must be a vector, got a matrix of shape \(2, 2\)"):
        mse(np.eye(2), np.eye(2))


def test_mse_extreme_values_no_overflow_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mse([1e200, -1e200], [0.0, 0.0]) == float("inf")
        assert mse([1e150], [0.0]) == pytest.approx(1e300)
        assert mse([1e-200], [0.0]) == 0.0  # 1e-400 underflows to zero, quietly
        assert mse([1.7e308], [-1.7e308]) == float("inf")


def test_mse_each_argument_must_be_a_vector():
    # each argument is checked on its own, naming the one that is not a vector
    with pytest.raises(ValueError, match=r"mse: y_pred must be a vector, got a matrix of shape \(1, 2\)"):
        mse([[1.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"mse: y_true must be a vector, got a matrix of shape \(1, 2\)"):
        mse([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="mse: y_pred must be a vector, got a scalar"):
        mse(1.0, 2.0)
    with pytest.raises(ValueError, match="mse: y_true must be a vector, got a scalar"):
        mse([1.0], 2.0)


def test_complex_predictions_are_refused_not_truncated():
    with pytest.raises(TypeError, match=r"^mse: y_pred holds complex numbers \(dtype complex128, "
                                        r"e.g. 1j at index \(0,\)\); mathlib works with real numbers"):
        mse([1j, 2.0], [0.0, 2.0])
