"""mathlib.linalg against numpy: dot product, matrix product, transpose.

Tolerance: sums of products are added in a different order than numpy's BLAS, so results agree
to rtol 1e-12 relative to the size of the terms, sum_k |A[i, k]| |B[k, j]| (atol scaled by it).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_iris
from mathlib.linalg import dot, matmul, transpose

RTOL = 1e-12
elements = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
sizes = st.integers(1, 6)


def assert_product_close(got, A, B):
    """got == A @ B within RTOL of the size of the terms being summed."""
    terms = np.abs(A) @ np.abs(B)
    assert got.shape == (A.shape[0], B.shape[1])
    assert np.all(np.abs(got - A @ B) <= RTOL * terms + 1e-300)


# -- dot ----------------------------------------------------------------------------------------

def test_dot_worked_example():
    assert dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == 32.0     # 4 + 10 + 18
    assert dot([1.0, 0.0], [0.0, 1.0]) == 0.0                # perpendicular


@given(st.integers(1, 20).flatmap(lambda n: st.tuples(hnp.arrays(float, n, elements=elements),
                                                      hnp.arrays(float, n, elements=elements))))
def test_dot_matches_numpy(pair):
    u, v = pair
    got = dot(u, v)
    assert isinstance(got, float)
    assert abs(got - np.dot(u, v)) <= RTOL * np.dot(np.abs(u), np.abs(v)) + 1e-300


@given(st.integers(1, 10).flatmap(lambda n: st.tuples(*[hnp.arrays(float, n, elements=elements)
                                                        for _ in range(3)])), elements)
def test_dot_defining_properties(vectors, c):
    u, v, w = vectors
    assert dot(u, v) == dot(v, u)                                           # symmetric
    assert dot(u, u) >= 0.0                                                 # positive
    scale = np.dot(np.abs(u), np.abs(v) + np.abs(w)) * (1 + abs(c))
    assert abs(dot(u, c * v + w) - (c * dot(u, v) + dot(u, w))) <= 1e-12 * scale + 1e-300


def test_dot_is_one_neuron_on_a_flower():
    x = load_iris().X[0]                          # one flower's four measurements
    w = np.array([0.5, -1.0, 2.0, 0.25])
    assert_allclose(dot(w, x), w @ x, rtol=RTOL)


def test_dot_bad_input():
    with pytest.raises(ValueError, match=r"dot: u has 2 entries and v has 3; a dot product needs "
                                         r"two vectors of the same length"):
        dot([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"dot: u must be a vector, got a matrix of shape \(2, 2\)"):
        dot(np.eye(2), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"dot: u is empty \(shape \(0,\)\)"):
        dot([], [])
    with pytest.raises(ValueError, match=r"dot: v holds nan at index \(1,\)"):
        dot([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(TypeError, match=r"dot: u must be numbers"):
        dot("ab", "cd")


# -- matmul -------------------------------------------------------------------------------------

def test_matmul_worked_example():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    B = np.array([[5.0, 6.0], [7.0, 8.0]])
    assert_array_equal(matmul(A, B), [[19.0, 22.0], [43.0, 50.0]])


@given(st.tuples(sizes, sizes, sizes).flatmap(
    lambda mnp: st.tuples(hnp.arrays(float, (mnp[0], mnp[1]), elements=elements),
                          hnp.arrays(float, (mnp[1], mnp[2]), elements=elements))))
def test_matmul_matches_numpy(pair):
    A, B = pair
    assert_product_close(matmul(A, B), A, B)


@given(st.tuples(sizes, sizes, sizes).flatmap(
    lambda mnp: st.tuples(hnp.arrays(float, (mnp[0], mnp[1]), elements=elements),
                          hnp.arrays(float, (mnp[1], mnp[2]), elements=elements))))
def test_matmul_entries_are_dot_products(pair):
    """C[i, j] is row i of A dotted with column j of B, and (A B)^T = B^T A^T."""
    A, B = pair
    C = matmul(A, B)
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            terms = np.dot(np.abs(A[i]), np.abs(B[:, j]))
            assert abs(C[i, j] - dot(A[i], B[:, j])) <= 1e-12 * terms + 1e-300
    assert_product_close(transpose(C), transpose(B), transpose(A))


def test_matmul_identity_and_a_batch():
    X = load_iris().X                                         # a batch (150, 4)
    assert_array_equal(matmul(X, np.eye(4)), X)
    assert_array_equal(matmul(np.eye(150), X[:, :1]), X[:, :1])
    W = np.random.default_rng(0).normal(size=(4, 3))
    Z = matmul(X, W)                                          # (150, 4)(4, 3) -> (150, 3)
    assert Z.shape == (150, 3)
    assert_product_close(Z, X, W)


def test_matmul_accepts_lists_and_integers():
    assert_array_equal(matmul([[1, 2]], [[3], [4]]), [[11.0]])


def test_matmul_inner_dimensions_error_names_both_shapes():
    with pytest.raises(ValueError) as info:
        matmul(np.ones((2, 3)), np.ones((4, 5)))
    assert str(info.value) == ("matmul: A has shape (2, 3) and B has shape (4, 5); the inner dimensions (3 and 4) "
                               "must match")


@given(sizes, sizes, sizes, sizes)
def test_matmul_raises_exactly_when_numpy_does(m, n, n2, p):
    A, B = np.ones((m, n)), np.ones((n2, p))
    if n == n2:
        assert_array_equal(matmul(A, B), A @ B)
    else:
        with pytest.raises(ValueError, match=rf"inner dimensions \({n} and {n2}\) must match"):
            matmul(A, B)
        with pytest.raises(ValueError):
            A @ B


def test_matmul_bad_input():
    with pytest.raises(ValueError, match=r"matmul: A must be a matrix, got a vector of length 3"):
        matmul(np.ones(3), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"matmul: B must be a matrix, got a tensor with 3 axes, "
                                         r"shape \(2, 2, 2\)"):
        matmul(np.ones((2, 2)), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"matmul: A is empty \(shape \(2, 0\)\)"):
        matmul(np.ones((2, 0)), np.ones((0, 3)))
    with pytest.raises(ValueError, match=r"matmul: B holds nan at index \(0, 1\)"):
        matmul(np.ones((2, 2)), [[1.0, np.nan], [1.0, 1.0]])
    with pytest.raises(TypeError, match=r"matmul: A must be numbers"):
        matmul("A", np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"matmul: B must be numbers .* regular shape"):
        matmul(np.ones((2, 2)), [[1.0, 2.0], [3.0]])


# -- transpose ----------------------------------------------------------------------------------

@given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=6),
                  elements=elements))
def test_transpose_matches_numpy(A):
    T = transpose(A)
    assert T.shape == A.shape[::-1]
    assert_array_equal(T, A.T)
    assert_array_equal(transpose(T), A)                     # transposing twice gives A back


def test_transpose_worked_example():
    assert_array_equal(transpose([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]])


def test_transpose_bad_input():
    with pytest.raises(ValueError, match=r"transpose: A must be a matrix, got a vector of "
                                         r"length 3"):
        transpose(np.ones(3))
    with pytest.raises(ValueError, match=r"transpose: A holds nan at index \(0, 0\)"):
        transpose([[np.nan]])
    with pytest.raises(TypeError, match=r"transpose: A must be numbers"):
        transpose(None)
