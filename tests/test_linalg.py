"""mathlib/linalg.py against numpy.linalg: products, det/inverse/solve, norms and distances, and
complex input refused by every function of mathlib.linalg. The decompositions (mathlib/
_linalg_decomp.py: least squares, eig_sym, power iteration, SVD, rank, PCA) and the shared
square-matrix check of _linalg_base.py: tests/test_linalg_decomp.py, which uses this file's
strategies and test matrices.

Tolerances: sums of products are added in a different order than numpy's BLAS, so products agree
to rtol 1e-12 relative to the size of the terms, sum_k |A[i, k]| |B[k, j]|. Solving, inverting and
decomposing agree to a few hundred eps relative to the size of the matrix, and on ill-conditioned
matrices to eps times the condition number (with a safety factor), as backward-stable algorithms do.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_iris
from mathlib.linalg import (cosine_similarity, det, dot, eig_sym, euclidean, frobenius, inverse,
                            low_rank, lstsq, manhattan, matmul, norm, pca, pinv, power_iteration,
                            rank, solve, svd, transpose)

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
    with pytest.raises(ValueError, match=r"matmul: B must be a vector or matrix, got a tensor with 3 axes, "
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


def test_matmul_matrix_times_vector():
    A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    assert_array_equal(matmul(A, [1.0, -1.0]), [-1.0, -1.0, -1.0])
    b = np.random.default_rng(1).normal(size=2)
    got = matmul(A, b)
    assert got.shape == (3,)
    assert_allclose(got, A @ b, rtol=RTOL)
    with pytest.raises(ValueError) as info:
        matmul(A, np.ones(3))
    assert str(info.value) == ("matmul: A has shape (3, 2) and B has shape (3,); the inner "
                               "dimensions (2 and 3) must match")


def test_products_overflow_quietly_to_inf_and_are_exact_when_finite():
    """The docstrings promise no overflow warnings: a product beyond the float range is inf,
    and sums whose terms overflow while the result does not are computed exactly."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dot([1e200, 1e200], [1e200, 1e200]) == np.inf
        assert dot([1e200, -1e200], [1e200, 1e200]) == 0.0          # inf - inf in the plain sum
        assert dot([1e300, 1e300], [1e10, -1e10]) == 0.0
        assert dot([-1e200, 3.0], [1e200, 1.0]) == -np.inf
        assert dot([1e154, 1e154], [1e155, 1e155]) == np.inf         # 2e309: beyond the range
        assert_allclose(dot([1e300, 2e300], [1e-300, 1e-300]), np.dot([1e300, 2e300],
                                                                        [1e-300, 1e-300]))
        C = matmul([[1e200, 1e200], [1.0, 2.0]], [[1e200, 1.0], [-1e200, 1.0]])
        assert_array_equal(C, [[0.0, 2e200], [-1e200, 3.0]])
        assert_array_equal(matmul([[1e200, 1e200]], [[1e200], [1e200]]), [[np.inf]])
        assert_array_equal(matmul([[1e200, 1e200], [1.0, 1.0]], [1e200, -1e200]), [0.0, 0.0])
        assert_array_equal(matmul([[1e200, 1e200]], [1e200, 1e200]), [np.inf])
        big = np.array([[1e300, -1e300, 2.0], [3.0, 4.0, 5.0]])
        B = np.array([[1e10, 1.0], [1e10, 2.0], [1.0, 3.0]])
        assert_allclose(matmul(big, B), [[2.0, -1e300 + 6.0], [7e10 + 5.0, 26.0]], rtol=1e-15)


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


# -- shared test matrices -----------------------------------------------------------------------

EPS = np.finfo(float).eps


SHAPES = [(1, 1), (2, 2), (5, 5), (7, 3), (3, 7), (12, 12), (1, 4), (4, 1)]


matrices = st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
    lambda mn: hnp.arrays(float, mn, elements=elements))


square_matrices = st.integers(1, 6).flatmap(lambda n: hnp.arrays(float, (n, n), elements=elements))


def hilbert(n):
    """H[i, j] = 1 / (i + j + 1): symmetric positive definite and famously ill-conditioned."""
    i = np.arange(n)
    return 1.0 / (i[:, None] + i + 1.0)


def random_matrix(shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def rank_deficient(m, n, r, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, r)) @ rng.normal(size=(r, n))


def well_conditioned(n, seed=0):
    """A random matrix plus n I: its condition number is small, so solving is accurate."""
    return random_matrix((n, n), seed) + n * np.eye(n)


# -- det ----------------------------------------------------------------------------------------

def test_det_worked_examples():
    assert det([[1.0, 2.0], [3.0, 4.0]]) == pytest.approx(-2.0, rel=1e-15)   # 1*4 - 2*3
    assert det([[0.0, 1.0], [1.0, 0.0]]) == -1.0            # one row swap flips the sign
    assert det([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]) == 1.0   # two swaps
    assert det([[5.0]]) == 5.0
    assert det(np.diag([2.0, 3.0, 4.0])) == 24.0            # product of the diagonal
    assert det([[1.0, 2.0], [2.0, 4.0]]) == 0.0             # dependent rows: area 0
    assert det([[0.0, 0.0], [1.0, 2.0]]) == 0.0


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_det_matches_numpy(n):
    A = random_matrix((n, n), seed=n)
    scale = np.prod(np.sqrt(np.sum(A * A, axis=1)))        # Hadamard's bound on |det|
    assert abs(det(A) - np.linalg.det(A)) <= 1e-13 * scale


@given(square_matrices)
def test_det_properties(A):
    n = A.shape[0]
    scale = np.prod(np.sqrt(np.sum(A * A, axis=1)))        # (may underflow: rel covers that)
    assert det(A) == pytest.approx(np.linalg.det(A), rel=1e-9, abs=1e-12 * scale)
    assert det(A.T) == pytest.approx(det(A), rel=1e-9, abs=1e-12 * scale)   # det(A^T) = det(A)
    assert det(2.0 * A) == 2.0 ** n * det(A)               # exact: scaling by 2 is exact


def test_det_of_a_product_and_ill_conditioned():
    A, B = random_matrix((4, 4), 1), random_matrix((4, 4), 2)
    assert det(A @ B) == pytest.approx(det(A) * det(B), rel=1e-12)
    assert det(hilbert(6)) == pytest.approx(np.linalg.det(hilbert(6)), rel=1e-8)
    assert det(rank_deficient(5, 5, 3)) == pytest.approx(0.0, abs=1e-13)


def test_det_outside_the_float_range():
    assert det(np.diag([1e200, 1e-200])) == pytest.approx(1.0, rel=1e-15)
    assert det(1e100 * np.eye(3)) == pytest.approx(1e300, rel=1e-14)
    assert det(np.diag([1e200, 1e200, 1.0])) == np.inf
    assert det(np.diag([-1e200, 1e200])) == -np.inf
    assert det(1e-200 * np.eye(3)) == 0.0
    assert det(np.diag([3e-170, 1e-170, 5e170, 4e170])) == pytest.approx(60.0, rel=1e-14)


def test_det_errors():
    with pytest.raises(ValueError, match=r"^det: A must be a square matrix \(n, n\), got shape "
                                         r"\(2, 3\); a determinant is defined only for square"):
        det(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"det: A holds nan"):
        det([[np.nan]])
    with pytest.raises(ValueError, match=r"det: A is empty"):
        det(np.ones((0, 0)))


def test_det_at_the_edge_of_the_float_range():
    assert det(np.diag([1.5 * 2.0 ** 1000, 2.0 ** 23])) == 1.5 * 2.0 ** 1023     # just below max
    assert det(np.diag([2.0 ** 1000, 2.0 ** 24])) == np.inf                      # 2^1024: beyond
    assert det(1e300 * np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])) == 0.0


# -- inverse ------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 6, 10])
def test_inverse_matches_numpy(n):
    A = random_matrix((n, n), seed=n)
    Ainv = inverse(A)
    cond = np.linalg.cond(A)
    assert_allclose(Ainv, np.linalg.inv(A), rtol=0, atol=100 * EPS * cond * np.abs(Ainv).max())
    assert_allclose(A @ Ainv, np.eye(n), atol=100 * EPS * cond)
    assert_allclose(Ainv @ A, np.eye(n), atol=100 * EPS * cond)


def test_inverse_worked_example_and_ill_conditioned():
    assert_allclose(inverse([[4.0, 7.0], [2.0, 6.0]]), [[0.6, -0.7], [-0.2, 0.4]], rtol=1e-14)
    assert_array_equal(inverse([[4.0]]), [[0.25]])
    assert_array_equal(inverse([[0.0, 2.0], [4.0, 0.0]]), [[0.0, 0.25], [0.5, 0.0]])  # needs a swap
    H = hilbert(6)
    cond = np.linalg.cond(H)                                  # about 1.5e7
    assert_allclose(inverse(H), np.linalg.inv(H), rtol=10 * EPS * cond)


@given(square_matrices)
def test_inverse_identity_or_singular(A):
    n = A.shape[0]
    cond = np.linalg.cond(A)
    if cond < 1e8:
        Ainv = inverse(A)
        if np.all(np.isfinite(Ainv)):          # (A = [[5e-324]]: 1 / A is beyond the floats)
            assert_allclose(matmul(A, Ainv), np.eye(n), atol=1e3 * EPS * cond)
    elif cond > 1e17:
        with pytest.raises(ValueError, match="singular"):
            inverse(A)


def test_inverse_scales_without_overflow():
    assert_allclose(inverse(1e-300 * np.eye(2)), 1e300 * np.eye(2), rtol=1e-15)
    assert_allclose(inverse(np.diag([1e300, 4e300])), np.diag([1e-300, 0.25e-300]), rtol=1e-15)


def test_inverse_errors():
    with pytest.raises(ValueError) as info:
        inverse([[1.0, 2.0], [2.0, 4.0]])
    assert str(info.value) == (
        "inverse: A is singular: column 1 is (up to rounding) a combination of the columns before "
        "it, so A flattens space, det(A) = 0, A has no inverse and A x = b has no unique solution. "
        "Use lstsq(A, b) for a least-squares solution or pinv(A) for the pseudo-inverse. "
        "(Elimination left a pivot of 0 times max|A| in column 1, not above n * eps = 4.44e-16.)")
    with pytest.raises(ValueError, match=r"inverse: A is singular: column 0 is .* pivot of 0 "):
        inverse(np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"inverse: A is singular: column 2 .* a pivot of "
                                         r"[0-9.e-]+ times max\|A\| in column 2, not above "
                                         r"n \* eps = 6.66e-16"):
        inverse([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])   # numpy returns garbage
    with pytest.raises(ValueError, match=r"singular"):
        inverse(np.diag([1.0, 1e-17]))                   # relative to max|A|
    assert_allclose(inverse(np.diag([1.0, 1e-15])), np.diag([1.0, 1e15]))   # just above
    with pytest.raises(ValueError, match=r"^inverse: A must be a square matrix \(n, n\), got "
                                         r"shape \(3, 2\); only a square matrix can have an "
                                         r"inverse \(use pinv otherwise\)"):
        inverse(np.ones((3, 2)))


def test_inverse_of_an_ill_conditioned_matrix_warns_with_the_condition_number():
    """Hilbert 12 has condition ~1.7e16 (2-norm): float64 can hold no correct digit of its
    inverse, so inverse warns (IllConditionedWarning, a RuntimeWarning) with the estimate; numpy
    agrees on the condition number's size."""
    from mathlib.linalg import IllConditionedWarning
    H = 1.0 / (np.arange(12)[:, None] + np.arange(12) + 1.0)
    with pytest.warns(IllConditionedWarning, match=r"^inverse: A is ill-conditioned: its condition "
                                                   r"number is about ([0-9.]+e\+1[67]) ") as record:
        inverse(H)
    assert issubclass(IllConditionedWarning, RuntimeWarning)
    kappa = float(str(record[0].message).split("about ")[1].split(" ")[0])
    assert 0.3 < kappa / np.linalg.cond(H, 1) < 3.0
    # well-conditioned matrices, even large or scaled ones, do not warn (RuntimeWarning is an error)
    inverse(np.eye(3) * 1e-200)
    inverse(random_matrix((6, 6), 3) * 1e250)
    inverse(1.0 / (np.arange(8)[:, None] + np.arange(8) + 1.0))      # Hilbert 8: cond 3.4e10


# -- solve --------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 4, 9])
def test_solve_matches_numpy(n):
    A = random_matrix((n, n), seed=n)
    b = random_matrix((n,), seed=10 + n)
    x = solve(A, b)
    assert x.shape == (n,)
    cond = np.linalg.cond(A)
    assert_allclose(x, np.linalg.solve(A, b), atol=100 * EPS * cond * np.abs(x).max())
    assert_allclose(A @ x, b, atol=100 * EPS * np.abs(A).max() * np.abs(x).max() * n)


def test_solve_several_right_hand_sides_and_hilbert():
    A = well_conditioned(5)
    B = random_matrix((5, 3), seed=3)
    X = solve(A, B)
    assert X.shape == (5, 3)
    assert_allclose(X, np.linalg.solve(A, B), rtol=1e-12, atol=1e-14)
    for j in range(3):
        assert_allclose(X[:, j], solve(A, B[:, j]), rtol=1e-14, atol=1e-15)
    H = hilbert(6)
    x_true = np.arange(1.0, 7.0)
    x = solve(H, H @ x_true)
    assert_allclose(x, x_true, rtol=10 * EPS * np.linalg.cond(H))
    assert_allclose(H @ x, H @ x_true, rtol=1e-14)           # the residual is tiny anyway
    assert_array_equal(solve([[2.0]], [6.0]), [3.0])
    assert_array_equal(solve([[0.0, 1.0], [1.0, 0.0]], [2.0, 3.0]), [3.0, 2.0])


@given(square_matrices, st.integers(0, 2**32 - 1))
def test_solve_residual(A, seed):
    n = A.shape[0]
    b = np.random.default_rng(seed).uniform(-10, 10, size=n)
    cond = np.linalg.cond(A)
    if not cond < 1e8:
        return
    with np.errstate(all="ignore"):
        representable = np.all(np.isfinite(np.linalg.solve(A, b)))
    # A tiny (subnormal) A can have a solution beyond the float range: solve gives inf there,
    # as its docstring says, and no residual can be small.
    if representable:
        x = solve(A, b)
        assert_allclose(A @ x, b, atol=1e3 * EPS * cond * (np.abs(b).max() + 1))


def test_solve_scales_without_overflow():
    A = np.array([[1e300, 0.0], [0.0, 2e300]])
    assert_allclose(solve(A, [1e300, 1e300]), [1.0, 0.5], rtol=1e-15)
    assert_allclose(solve(1e-300 * np.eye(2), [1.0, 2.0]), [1e300, 2e300], rtol=1e-15)
    assert_allclose(solve(np.eye(2), [1.5e308, -1.5e308]), [1.5e308, -1.5e308], rtol=1e-15)


def test_solve_errors():
    with pytest.raises(ValueError) as info:
        solve(np.eye(3), np.ones(2))
    assert str(info.value) == "solve: A has shape (3, 3) but b has shape (2,); b needs 3 rows"
    with pytest.raises(ValueError, match=r"^solve: A has shape \(2, 2\) but b has shape \(3, 4\); "
                                         r"b needs 2 rows$"):
        solve(np.eye(2), np.ones((3, 4)))
    with pytest.raises(ValueError) as info:
        solve([[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0])
    assert str(info.value).startswith("solve: A is singular: column 1 is (up to rounding) a "
                                      "combination of the columns before it, so A flattens space")
    assert str(info.value).endswith("(Elimination left a pivot of 0 times max|A| in column 1, "
                                    "not above n * eps = 4.44e-16.)")
    assert "Use lstsq(A, b)" in str(info.value) and "pinv(A)" in str(info.value)
    with pytest.raises(ValueError, match=r"solve: A is singular: column 0 "):
        solve(np.zeros((2, 2)), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"singular"):
        solve(np.diag([1.0, 1e-17]), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"solve: A is singular"):
        solve([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^solve: A must be a square matrix \(n, n\), got shape "
                                         r"\(3, 2\); a square system has one equation per unknown "
                                         r"\(use lstsq otherwise\)"):
        solve(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match=r"solve: b must be a vector or matrix, got a tensor"):
        solve(np.eye(2), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"solve: b holds nan"):
        solve(np.eye(2), [1.0, np.nan])


def test_singular_tolerance_is_relative_to_the_largest_entry():
    A = np.diag([1.9, 2 * EPS])                # pivot 2 eps <= n eps max|A| = 3.8 eps
    with pytest.raises(ValueError, match=r"a pivot of 2.34e-16 times max\|A\| in column 1"):
        inverse(A)
    with pytest.raises(ValueError, match=r"a pivot of 2.34e-16 times max\|A\| in column 1"):
        solve(A, [1.0, 1.0])
    B = np.diag([1.0, 2.5 * EPS])              # 2.5 eps > 2 eps: invertible
    assert_allclose(inverse(B), np.diag([1.0, 1 / (2.5 * EPS)]), rtol=1e-15)
    assert_allclose(solve(B, [1.0, 1.0]), [1.0, 1 / (2.5 * EPS)], rtol=1e-15)


def test_singular_message_speaks_plainly():
    with pytest.raises(ValueError) as info:
        solve([[1.0, 2.0, 0.0], [2.0, 4.0, 1.0], [3.0, 6.0, 5.0]], [1.0, 2.0, 3.0])  # col 1 = 2 col 0
    message = str(info.value)
    assert message.startswith("solve: A is singular: column 1 is (up to rounding) a combination of "
                              "the columns before it, so A flattens space, det(A) = 0")
    assert "Use lstsq(A, b)" in message and "pinv(A)" in message


# -- norms, distances, similarity ---------------------------------------------------------------

vectors = st.integers(1, 8).flatmap(lambda n: hnp.arrays(float, n, elements=elements))


@given(vectors, st.sampled_from([1, 1.5, 2, 3, 7.5, np.inf]))
def test_norm_matches_numpy(x, p):
    assert norm(x, p=p) == pytest.approx(np.linalg.norm(x, p), rel=1e-13, abs=1e-300)


@given(vectors, vectors, st.sampled_from([1, 2, 3, np.inf]))
def test_norm_axioms(x, y, p):
    n = min(len(x), len(y))
    x, y = x[:n], y[:n]
    assert norm(x, p=p) >= 0
    assert norm(x + y, p=p) <= (norm(x, p=p) + norm(y, p=p)) * (1 + 1e-12)      # triangle inequality
    assert norm(-3.0 * x, p=p) == pytest.approx(3.0 * norm(x, p=p), rel=1e-14)


def test_norm_worked_examples():
    assert norm([3.0, 4.0]) == 5.0
    assert norm([3.0, -4.0], p=1) == 7.0
    assert norm([3.0, -4.0], p=np.inf) == 4.0
    assert norm([3.0, -4.0], p=float("inf")) == 4.0
    assert norm([1.0, 1.0], p=3) == pytest.approx(2 ** (1 / 3), rel=1e-15)
    assert norm([0.0, 0.0]) == 0.0
    assert norm([-2.0]) == 2.0


def test_norms_without_overflow_or_underflow():
    assert norm([3e200, 4e200]) == pytest.approx(5e200, rel=1e-15)      # naive: inf
    assert norm([3e-200, 4e-200]) == pytest.approx(5e-200, rel=1e-15)   # naive: 0
    assert norm([1e308, 1e308], p=1) == np.inf                            # really beyond floats
    assert norm([1.5e308, 1.5e308]) == np.inf
    assert norm([1e308, 1e308], p=3) == pytest.approx(2 ** (1 / 3) * 1e308, rel=1e-14)
    assert frobenius([[3e200, 0.0], [0.0, 4e200]]) == pytest.approx(5e200, rel=1e-15)
    assert euclidean([1e308], [-1e308]) == np.inf
    assert euclidean([3e200, 0.0], [0.0, -4e200]) == pytest.approx(5e200, rel=1e-15)
    assert manhattan([1e308, 0.0], [-1e308, 0.0]) == np.inf
    assert cosine_similarity([1e308, 1e308], [1.0, 1.0]) == pytest.approx(1.0, rel=1e-15)
    assert cosine_similarity([1e-310, 0.0], [1.0, 1.0]) == pytest.approx(2 ** -0.5, rel=1e-15)


def test_frobenius_and_fro():
    A = random_matrix((3, 4), 14)
    assert frobenius(A) == pytest.approx(np.linalg.norm(A, "fro"), rel=1e-14)
    assert norm(A, p="fro") == frobenius(A)
    assert frobenius([[1.0, 2.0], [2.0, 4.0]]) == 5.0
    s = np.linalg.svd(A, compute_uv=False)
    assert frobenius(A) == pytest.approx(np.sqrt(np.sum(s ** 2)), rel=1e-14)
    with pytest.raises(ValueError, match=r"frobenius: A must be a matrix, got a vector"):
        frobenius([1.0, 2.0])


def test_norm_errors():
    with pytest.raises(ValueError) as info:
        norm([1.0, 2.0], p=0.5)
    assert str(info.value) == ("norm: p must be >= 1 or np.inf, got p = 0.5; for p < 1 the formula "
                               "(sum_i |x_i|^p)^(1/p) is not a norm (it breaks the triangle "
                               "inequality |x + y| <= |x| + |y|)")
    for bad in [0, -1, np.nan, 0.999]:
        with pytest.raises(ValueError, match=r"norm: p must be >= 1 or np.inf"):
            norm([1.0, 2.0], p=bad)
    assert norm([1.0, 2.0], p=1) == 3.0                                    # p = 1 itself is fine
    with pytest.raises(ValueError, match=r"^norm: p = 'max' is not a norm order; use a number "
                                         r">= 1, np.inf, or 'fro' for a matrix$"):
        norm([1.0, 2.0], p="max")
    with pytest.raises(TypeError, match=r"^norm: p must be a number >= 1, np.inf or 'fro', got "
                                        r"NoneType None$"):
        norm([1.0, 2.0], p=None)
    with pytest.raises(ValueError) as info:
        norm(np.ones((2, 3)))
    assert str(info.value) == ("norm: x is a matrix of shape (2, 3); the p-norm here is for "
                               "vectors, use norm(x, p='fro') or frobenius(x) for a matrix")
    with pytest.raises(ValueError, match=r"norm: x must be a vector or matrix, got a scalar"):
        norm(3.0)
    with pytest.raises(ValueError, match=r"norm: x holds nan"):
        norm([np.nan])


@given(vectors, st.integers(0, 2**32 - 1))
def test_distances_match_numpy(a, seed):
    b = np.random.default_rng(seed).uniform(-1e3, 1e3, size=a.shape)
    assert euclidean(a, b) == pytest.approx(np.linalg.norm(a - b), rel=1e-13)
    assert manhattan(a, b) == pytest.approx(np.sum(np.abs(a - b)), rel=1e-13)
    assert euclidean(a, b) == euclidean(b, a) and manhattan(a, b) == manhattan(b, a)
    assert euclidean(a, a) == 0.0 == manhattan(a, a)
    assert euclidean(a, b) <= manhattan(a, b) * (1 + 1e-14)
    cos = cosine_similarity(b, b + a)
    ref = np.dot(b, b + a) / (np.linalg.norm(b) * np.linalg.norm(b + a)) if np.any(b + a) else 1.0
    if np.any(b + a):
        assert cos == pytest.approx(ref, abs=1e-12)
    assert -1.0 <= cos <= 1.0


def test_distance_and_cosine_worked_examples():
    assert euclidean([0.0, 0.0], [3.0, 4.0]) == 5.0
    assert manhattan([0.0, 0.0], [3.0, -4.0]) == 7.0
    assert cosine_similarity([1.0, 0.0], [0.0, 2.0]) == 0.0
    assert cosine_similarity([1.0, 1.0], [3.0, 3.0]) == pytest.approx(1.0, rel=1e-15)
    assert cosine_similarity([1.0, 1.0], [-2.0, -2.0]) == pytest.approx(-1.0, rel=1e-15)
    assert cosine_similarity([1.0, 0.0], [1.0, 1.0]) == pytest.approx(np.cos(np.pi / 4), rel=1e-15)
    rng = np.random.default_rng(15)
    for _ in range(200):                                           # clipped: never 1.0000000002
        a = rng.normal(size=3)
        c = rng.uniform(0.1, 10)
        assert 1 - 1e-15 <= cosine_similarity(a, c * a) <= 1.0
        assert -1.0 <= cosine_similarity(a, -c * a) <= -1 + 1e-15


def test_distance_errors():
    for f in (euclidean, manhattan, cosine_similarity):
        with pytest.raises(ValueError) as info:
            f([1.0, 2.0], [1.0, 2.0, 3.0])
        assert str(info.value) == (f"{f.__name__}: a has shape (2,) and b has shape (3,); both "
                                   "need the same number of coordinates")
        with pytest.raises(ValueError, match=rf"{f.__name__}: b must be a vector"):
            f([1.0], [[1.0]])
    with pytest.raises(ValueError) as info:
        cosine_similarity([0.0, 0.0], [1.0, 2.0])
    assert str(info.value) == ("cosine_similarity: a is the zero vector; cosine similarity is "
                               "undefined for a zero vector (it has no direction)")
    with pytest.raises(ValueError, match=r"^cosine_similarity: b is the zero vector; cosine "
                                         r"similarity is undefined"):
        cosine_similarity([1.0, 2.0], [0.0, 0.0])


def test_more_argument_errors():
    with pytest.raises(ValueError, match=r"^dot: v must be a vector, got a matrix of shape "):
        dot([1.0, 2.0], np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"^norm: p must be a number >= 1, np.inf or 'fro', got "
                                        r"list \[1, 2\]$"):
        norm([1.0, 2.0], p=[1, 2])
    for f in (euclidean, manhattan, cosine_similarity):
        with pytest.raises(ValueError, match=rf"^{f.__name__}: a must be a vector, got a matrix"):
            f(np.ones((1, 1)), [1.0])


def test_frobenius_norm_of_a_vector_is_explained():
    with pytest.raises(ValueError) as info:
        norm([3.0, 4.0], p="fro")
    assert str(info.value) == (
        "norm: p = 'fro' (Frobenius) is the norm of a matrix, but x is a vector of length 2; for a "
        "vector use norm(x) (p = 2, the square root of the sum of squares, which is what 'fro' "
        "computes for a matrix read as one long vector)")
    assert norm([3.0, 4.0]) == 5.0
    assert norm([[3.0], [4.0]], p="fro") == 5.0


# -- complex input, refused by every function ---------------------------------------------------

COMPLEX_CALLS = [
    ("det", lambda Z: det(Z)), ("inverse", lambda Z: inverse(Z)), ("solve", lambda Z: solve(Z, [1, 1])),
    ("eig_sym", lambda Z: eig_sym(Z)), ("svd", lambda Z: svd(Z)), ("matmul", lambda Z: matmul(Z, Z)),
    ("transpose", lambda Z: transpose(Z)), ("frobenius", lambda Z: frobenius(Z)),
    ("lstsq", lambda Z: lstsq(Z, [1, 1])), ("pinv", lambda Z: pinv(Z)), ("rank", lambda Z: rank(Z)),
    ("low_rank", lambda Z: low_rank(Z, k=1)), ("power_iteration", lambda Z: power_iteration(Z)),
    ("pca", lambda Z: pca(Z, k=1)),
]


@pytest.mark.parametrize("where, call", COMPLEX_CALLS, ids=[w for w, _ in COMPLEX_CALLS])
def test_complex_input_is_refused_not_truncated(where, call):
    """det([[1+2j, 0], [0, 1]]) is 1 + 2j, not 1.0: every function refuses complex numbers,
    naming the dtype, instead of dropping the imaginary part."""
    for Z in (np.array([[1 + 2j, 0], [0, 1]]), [[1 + 2j, 0], [0, 1]]):
        with pytest.raises(TypeError, match=rf"^{where}: (A|S|X) holds complex numbers "
                                            r"\(dtype complex128, e.g. \(1\+2j\) at index \(0, 0\)\)"):
            call(Z)
    with pytest.raises(TypeError, match=r"^dot: v holds complex numbers \(dtype complex64"):
        dot([1.0, 2.0], np.array([1, 1j], dtype=np.complex64))
    with pytest.raises(TypeError, match=r"^norm: x holds complex numbers"):
        norm([3 + 4j, 0.0])


def test_complex_dtype_with_zero_imaginary_parts_is_refused_too():
    """A complex dtype is refused even when every imaginary part is 0; A.real is the fix."""
    Z = np.array([[2.0, 0.0], [0.0, 1.0]], dtype=complex)
    with pytest.raises(TypeError, match=r"pass A.real$"):
        det(Z)
    assert det(Z.real) == 2.0


# -- named results ------------------------------------------------------------------------------

def test_decompositions_return_named_tuples_that_still_unpack():
    from mathlib.linalg import EigSymResult, PowerIterationResult, SVDResult
    S = np.array([[2.0, 1.0], [1.0, 2.0]])
    result = eig_sym(S)
    assert isinstance(result, EigSymResult) and isinstance(result, tuple)
    lam, V = result
    assert_array_equal(result.eigenvalues, lam) and result.eigenvectors is V
    assert_allclose(lam, [3.0, 1.0], rtol=1e-14)
    A = np.array([[3.0, 0.0], [4.0, 5.0], [0.0, 1.0]])
    U, s, Vt = result = svd(A)
    assert isinstance(result, SVDResult) and result._fields == ("U", "s", "Vt")
    assert result.U is U and result.s is s and result.Vt is Vt
    assert_allclose((result.U * result.s) @ result.Vt, A, atol=1e-13)
    top = power_iteration(S)
    assert isinstance(top, PowerIterationResult) and top._fields == ("eigenvalue", "eigenvector")
    assert top.eigenvalue == pytest.approx(3.0, rel=1e-9) and top[1] is top.eigenvector
