"""mathlib.linalg against numpy.linalg: products, det/inverse/solve, least squares, the
decompositions (eig_sym, power iteration, SVD), PCA, norms and distances.

Tolerances: sums of products are added in a different order than numpy's BLAS, so products agree
to rtol 1e-12 relative to the size of the terms, sum_k |A[i, k]| |B[k, j]|. Solving, inverting and
decomposing agree to a few hundred eps relative to the size of the matrix, and on ill-conditioned
matrices to eps times the condition number (with a safety factor), as backward-stable algorithms do.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_iris
from mathlib.linalg import (PCA, cosine_similarity, det, dot, eig_sym, euclidean, frobenius,
                            inverse, low_rank, lstsq, manhattan, matmul, norm, pca, pinv,
                            power_iteration, rank, solve, svd, transpose)

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


# -- lstsq and pinv -----------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(1, 1), (6, 3), (20, 5), (4, 4), (3, 6), (1, 3), (5, 1)])
def test_lstsq_matches_numpy(shape):
    A = random_matrix(shape, seed=sum(shape))
    b = random_matrix((shape[0],), seed=7)
    x = lstsq(A, b)
    assert x.shape == (shape[1],)
    assert_allclose(x, np.linalg.lstsq(A, b, rcond=None)[0], rtol=1e-10, atol=1e-12)


def test_lstsq_normal_equations_and_several_columns():
    A, B = random_matrix((10, 4), 1), random_matrix((10, 3), 2)
    X = lstsq(A, B)
    assert X.shape == (4, 3)
    assert_allclose(A.T @ (A @ X - B), 0.0, atol=1e-12)      # residual is orthogonal to range(A)
    assert_allclose(X, np.linalg.lstsq(A, B, rcond=None)[0], rtol=1e-12, atol=1e-13)
    b = A @ np.array([1.0, -2.0, 3.0, 0.5])                  # consistent: the exact solution
    assert_allclose(lstsq(A, b), [1.0, -2.0, 3.0, 0.5], rtol=1e-12)


@pytest.mark.parametrize("shape, r", [((8, 4), 2), ((4, 8), 2), ((5, 5), 3), ((6, 3), 1)])
def test_lstsq_rank_deficient_gives_minimum_norm(shape, r):
    A = rank_deficient(*shape, r, seed=r)
    b = random_matrix((shape[0],), seed=1)
    x = lstsq(A, b)
    assert_allclose(x, np.linalg.lstsq(A, b, rcond=None)[0], rtol=1e-9, atol=1e-11)
    null = np.linalg.svd(A)[2][r:]                           # the minimum-norm x has no
    assert_allclose(null @ x, 0.0, atol=1e-10)               # component in the null space


def test_lstsq_zero_ill_conditioned_and_huge():
    assert_array_equal(lstsq(np.zeros((3, 2)), np.ones(3)), [0.0, 0.0])
    A = np.vander(np.linspace(0, 1, 20), 6)                  # polynomial fit, cond about 1e4
    y = np.cos(3 * np.linspace(0, 1, 20))
    assert_allclose(lstsq(A, y), np.linalg.lstsq(A, y, rcond=None)[0], rtol=1e-9)
    H = hilbert(6)
    assert_allclose(lstsq(H, H @ np.ones(6)), np.ones(6), rtol=1e-7)
    big = 1e300 * random_matrix((5, 2), 3)
    assert_allclose(lstsq(big, big @ [2.0, -1.0]), [2.0, -1.0], rtol=1e-12)


@given(matrices, st.integers(0, 2**32 - 1))
def test_lstsq_matches_numpy_property(A, seed):
    b = np.random.default_rng(seed).uniform(-5, 5, size=A.shape[0])
    x = lstsq(A, b)
    assert x.shape == (A.shape[1],)
    s = np.linalg.svd(A, compute_uv=False)
    if s[0] > 0 and s[-1] / s[0] > 1e-6:                     # well-defined rank: compare
        ref = np.linalg.lstsq(A, b, rcond=None)[0]
        assert_allclose(x, ref, atol=1e-7 * (np.abs(ref).max() + 1))


def test_lstsq_errors():
    with pytest.raises(ValueError) as info:
        lstsq(np.ones((4, 2)), np.ones(3))
    assert str(info.value) == "lstsq: A has shape (4, 2) but b has shape (3,); b needs 4 rows"
    with pytest.raises(ValueError, match=r"lstsq: A must be a matrix, got a vector"):
        lstsq(np.ones(3), np.ones(3))


@pytest.mark.parametrize("shape", SHAPES)
def test_pinv_matches_numpy_and_penrose(shape):
    A = random_matrix(shape, seed=shape[0] * 10 + shape[1])
    P = pinv(A)
    assert P.shape == shape[::-1]
    assert_allclose(P, np.linalg.pinv(A), rtol=1e-9, atol=1e-11)
    assert_allclose(A @ P @ A, A, atol=1e-12)                # the four Penrose conditions
    assert_allclose(P @ A @ P, P, atol=1e-10)
    assert_allclose((A @ P).T, A @ P, atol=1e-12)
    assert_allclose((P @ A).T, P @ A, atol=1e-12)


def test_pinv_of_invertible_rank_deficient_and_zero():
    A = well_conditioned(4)
    assert_allclose(pinv(A), inverse(A), rtol=1e-12, atol=1e-14)
    R = rank_deficient(6, 4, 2)
    assert_allclose(pinv(R), np.linalg.pinv(R), rtol=1e-9, atol=1e-12)
    assert_allclose(R @ pinv(R) @ R, R, atol=1e-12)
    assert_array_equal(pinv(np.zeros((2, 3))), np.zeros((3, 2)))
    assert_allclose(pinv([[2.0]]), [[0.5]])
    assert_allclose(pinv(1e300 * np.diag([1.0, 2.0])), np.diag([1e-300, 0.5e-300]), rtol=1e-14)
    assert_allclose(pinv(1e-300 * np.diag([1.0, 2.0])), np.diag([1e300, 0.5e300]), rtol=1e-14)


def test_pinv_rcond_drops_small_singular_values():
    A = np.diag([1.0, 1e-3, 1e-12])
    assert_allclose(pinv(A), np.diag([1.0, 1e3, 1e12]), rtol=1e-12)          # default keeps all
    assert_allclose(pinv(A, rcond=1e-6), np.diag([1.0, 1e3, 0.0]), rtol=1e-12)
    assert_allclose(pinv(A, rcond=1e-3), np.diag([1.0, 0.0, 0.0]), rtol=1e-12)  # s > rcond s_max
    assert_allclose(pinv(A, rcond=0.0), np.diag([1.0, 1e3, 1e12]), rtol=1e-12)
    assert_allclose(pinv(A, rcond=0.0), np.linalg.pinv(A, rtol=0.0), rtol=1e-12)
    assert_array_equal(pinv(np.diag([1.0, 1e-17])), np.diag([1.0, 0.0]))    # below 2 eps


@given(matrices)
def test_pinv_penrose_property(A):
    P = pinv(A)
    scale = np.abs(A).max() + 1e-300
    assert_allclose(A @ P @ A, A, atol=1e-9 * scale)


def test_pinv_errors():
    with pytest.raises(ValueError, match=r"^pinv: rcond must be >= 0, got -1.0$"):
        pinv(np.eye(2), rcond=-1.0)
    with pytest.raises(ValueError, match=r"pinv: A must be a matrix"):
        pinv(np.ones(3))
    with pytest.raises(ValueError, match=r"pinv: rcond holds nan"):
        pinv(np.eye(2), rcond=np.nan)


# -- eig_sym ------------------------------------------------------------------------------------

def symmetric(n, seed=0):
    B = random_matrix((n, n), seed)
    return B + B.T


def assert_eigen(S, w, V, atol):
    n = S.shape[0]
    assert w.shape == (n,) and V.shape == (n, n)
    assert np.all(np.diff(w) <= 0)                                        # descending
    assert_allclose(S @ V, V * w, atol=atol)                              # S v = lambda v
    assert_allclose(V.T @ V, np.eye(n), atol=1e-13 * max(n, 1))           # orthonormal columns
    top = np.argmax(np.abs(V), axis=0)
    assert np.all(V[top, np.arange(n)] > 0)                               # sign convention


@pytest.mark.parametrize("n", [1, 2, 3, 7, 30])
def test_eig_sym_matches_numpy(n):
    S = symmetric(n, seed=n)
    w, V = eig_sym(S)
    scale = np.abs(S).max() * n
    assert_allclose(w, np.linalg.eigvalsh(S)[::-1], atol=1e-13 * scale)
    assert_eigen(S, w, V, atol=1e-13 * scale)


def test_eig_sym_worked_examples():
    w, V = eig_sym([[2.0, 1.0], [1.0, 2.0]])
    assert_allclose(w, [3.0, 1.0], rtol=1e-15)
    assert_allclose(V, np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2), rtol=1e-15)   # a tie:
    # the first of the largest-magnitude entries is made positive
    w, V = eig_sym(np.diag([1.0, 5.0, -2.0]))
    assert_array_equal(w, [5.0, 1.0, -2.0])
    assert_array_equal(V, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    w, V = eig_sym([[-4.0]])
    assert_array_equal(w, [-4.0])
    assert_array_equal(V, [[1.0]])
    w, V = eig_sym(3.0 * np.eye(4))                                 # repeated eigenvalue
    assert_array_equal(w, [3.0] * 4)
    assert_array_equal(V, np.eye(4))
    w, V = eig_sym([[0.0, 1.0], [1.0, 0.0]])                        # zero diagonal: 45 degrees
    assert_allclose(w, [1.0, -1.0], rtol=1e-15)


def test_eig_sym_ill_conditioned_rank_deficient_and_scaled():
    H = hilbert(6)
    w, V = eig_sym(H)
    assert_allclose(w, np.linalg.eigvalsh(H)[::-1], rtol=1e-6, atol=1e-15)
    assert_eigen(H, w, V, atol=1e-14)
    X = random_matrix((3, 6), 2)
    C = X.T @ X                                                      # rank 3, 6 x 6
    w, V = eig_sym(C)
    assert_allclose(w[3:], 0.0, atol=1e-13 * w[0])
    assert_eigen(C, w, V, atol=1e-13 * w[0])
    w, V = eig_sym(1e300 * np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert_allclose(w, [3e300, 1e300], rtol=1e-14)
    w, V = eig_sym(1e-300 * np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert_allclose(w, [3e-300, 1e-300], rtol=1e-14)


@given(square_matrices)
def test_eig_sym_property(B):
    S = (B + B.T) / 2
    w, V = eig_sym(S)
    scale = np.abs(S).max() * S.shape[0] + 1e-300
    assert_allclose(w, np.linalg.eigvalsh(S)[::-1], atol=1e-13 * scale)
    assert_eigen(S, w, V, atol=1e-12 * scale)


def test_eig_sym_errors():
    S = np.array([[1.0, 2.0, 3.0], [2.0, 1.0, 0.0], [3.5, 0.0, 1.0]])
    with pytest.raises(ValueError) as info:
        eig_sym(S)
    assert str(info.value) == ("eig_sym: S is not symmetric: S[0, 2] = 3 but S[2, 0] = 3.5, a "
                               "difference of 0.5 (the largest asymmetry, above 1e-10 times "
                               "max|S|); eig_sym needs S = S^T: use (S + S.T) / 2 if the "
                               "difference is rounding, or svd for a general matrix")
    with pytest.raises(ValueError, match=r"S\[0, 1\] = 0 but S\[1, 0\] = 1e-08, "):
        eig_sym([[1.0, 0.0], [1e-8, 1.0]])
    w, _ = eig_sym([[1.0, 1e-13], [0.0, 1.0]])                # within 1e-10 max|S|: accepted
    assert_allclose(w, [1.0, 1.0], atol=1e-13)
    with pytest.raises(ValueError, match=r"^eig_sym: S must be a square matrix \(n, n\), got "
                                         r"shape \(2, 3\); eigenvalues are defined for square"):
        eig_sym(np.ones((2, 3)))


def test_eig_sym_is_fast():
    import time
    S = symmetric(30, 1)
    start = time.perf_counter()
    eig_sym(S)
    assert time.perf_counter() - start < 0.5


# -- power_iteration ----------------------------------------------------------------------------

def test_power_iteration_matches_eig_sym():
    B = random_matrix((6, 6), 3)
    S = B @ B.T                                                  # positive semi-definite
    lam, v = power_iteration(S)
    w, V = np.linalg.eigh(S)
    assert lam == pytest.approx(w[-1], rel=1e-12)
    assert_allclose(v, V[:, -1] * np.sign(V[np.argmax(np.abs(V[:, -1])), -1]), atol=1e-8)
    assert_allclose(S @ v, lam * v, atol=1e-9 * lam)
    assert np.linalg.norm(v) == pytest.approx(1.0, rel=1e-15)


def test_power_iteration_worked_examples():
    lam, v = power_iteration([[2.0, 1.0], [1.0, 2.0]])
    assert lam == pytest.approx(3.0, rel=1e-14)
    assert_allclose(v, [1 / np.sqrt(2), 1 / np.sqrt(2)], rtol=1e-9)
    lam, v = power_iteration(np.diag([-3.0, 1.0]))             # negative dominant eigenvalue
    assert lam == pytest.approx(-3.0, rel=1e-14)
    assert_allclose(v, [1.0, 0.0], atol=1e-9)
    assert v[0] > 0                                            # sign convention
    lam, v = power_iteration([[2.0, 1.0], [0.0, 1.0]])         # not symmetric, real eigenvalues
    assert lam == pytest.approx(2.0, rel=1e-9)
    assert_allclose(v, [1.0, 0.0], atol=1e-9)
    lam, v = power_iteration([[5.0]])
    assert lam == 5.0
    assert_array_equal(v, [1.0])
    lam, v = power_iteration(np.zeros((3, 3)))                 # every v is an eigenvector of 0
    assert lam == 0.0 and np.linalg.norm(v) == pytest.approx(1.0)
    lam, _ = power_iteration(1e300 * np.diag([2.0, 1.0]))
    assert lam == pytest.approx(2e300, rel=1e-14)


def test_power_iteration_is_seeded_and_tolerance_matters():
    S = symmetric(5, 4)
    assert_array_equal(power_iteration(S)[1], power_iteration(S)[1])
    assert_array_equal(power_iteration(S, rng=3)[1], power_iteration(S, rng=3)[1])
    lam_loose, _ = power_iteration(S, tol=1e-2)
    lam_tight, _ = power_iteration(S, tol=1e-12)
    exact = np.linalg.eigvalsh(S)[np.argmax(np.abs(np.linalg.eigvalsh(S)))]
    assert abs(lam_tight - exact) < 1e-12 * abs(exact)
    assert abs(lam_loose - exact) > abs(lam_tight - exact)
    lam, _ = power_iteration(np.diag([2.0, 1.0]), num_iterations=60, tol=1e-15)
    assert lam == pytest.approx(2.0)
    with pytest.raises(ValueError, match="did not converge in 20 iterations"):
        power_iteration(np.diag([2.0, 1.9]), num_iterations=20)


def test_power_iteration_reports_non_convergence():
    with pytest.raises(ValueError) as info:
        power_iteration([[0.0, 1.0], [1.0, 0.0]])              # eigenvalues 1 and -1
    message = str(info.value)
    assert message.startswith("power_iteration: did not converge in 1000 iterations (relative "
                              "residual |A v - lambda v| / |A v| = ")
    assert "> tol = 1e-10); the dominant eigenvalue may not be unique in size" in message
    with pytest.raises(ValueError, match="did not converge in 5 iterations"):
        power_iteration([[0.0, -1.0], [1.0, 0.0]], num_iterations=5)   # rotation: complex pair


def test_power_iteration_errors():
    for bad in [0, -3]:
        with pytest.raises(ValueError, match=rf"^power_iteration: num_iterations = {bad} is out of "
                                             r"range; expected num_iterations >= 1$"):
            power_iteration(np.eye(2), num_iterations=bad)
    for bad in [2.5, True, "10"]:
        with pytest.raises(TypeError, match=r"^power_iteration: num_iterations must be a whole "
                                            r"number \(an int\), got "):
            power_iteration(np.eye(2), num_iterations=bad)
    assert power_iteration(np.eye(2), num_iterations=np.int64(1))[0] == pytest.approx(1.0)
    for bad in [0.0, -1e-3]:
        with pytest.raises(ValueError, match=rf"^power_iteration: tol must be > 0, got {bad}$"):
            power_iteration(np.eye(2), tol=bad)
    with pytest.raises(ValueError, match=r"power_iteration: A must be a square matrix"):
        power_iteration(np.ones((2, 3)))


# -- svd ----------------------------------------------------------------------------------------

def assert_svd(A, U, s, Vt, atol):
    m, n = A.shape
    k = min(m, n)
    assert U.shape == (m, k) and s.shape == (k,) and Vt.shape == (k, n)
    assert np.all(np.diff(s) <= 0) and np.all(s >= 0)
    assert_allclose((U * s) @ Vt, A, atol=atol)                            # U S V^T = A
    assert_allclose(U.T @ U, np.eye(k), atol=1e-12)                        # U^T U = I
    assert_allclose(Vt @ Vt.T, np.eye(k), atol=1e-12)                      # V^T V = I
    top = np.argmax(np.abs(Vt), axis=1)
    assert np.all(Vt[np.arange(k), top] > 0)                               # sign convention


@pytest.mark.parametrize("shape", SHAPES + [(64, 64), (40, 9), (9, 40)])
def test_svd_matches_numpy(shape):
    A = random_matrix(shape, seed=shape[0] + 100 * shape[1])
    U, s, Vt = svd(A)
    assert_allclose(s, np.linalg.svd(A, compute_uv=False), rtol=1e-12, atol=1e-13 * s[0])
    assert_svd(A, U, s, Vt, atol=1e-12 * s[0])
    # the singular vectors agree with numpy's up to the sign of each pair
    Un, _, Vtn = np.linalg.svd(A, full_matrices=False)
    signs = np.sign(np.sum(Vt * Vtn, axis=1))
    assert_allclose(Vt, Vtn * signs[:, None], atol=1e-8)
    assert_allclose(U, Un * signs, atol=1e-8)


def test_svd_worked_examples():
    U, s, Vt = svd([[-3.0]])
    assert_array_equal(U, [[-1.0]])
    assert_array_equal(s, [3.0])
    assert_array_equal(Vt, [[1.0]])
    U, s, Vt = svd([[3.0, 0.0], [4.0, 5.0]])                       # s = sqrt(45), sqrt(5)
    assert_allclose(s, [np.sqrt(45.0), np.sqrt(5.0)], rtol=1e-15)
    U, s, Vt = svd(np.diag([1.0, 4.0, 2.0]))
    assert_array_equal(s, [4.0, 2.0, 1.0])
    assert_array_equal(Vt, [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    assert_array_equal(U, Vt.T)


def test_svd_relative_accuracy_of_small_singular_values():
    H = hilbert(6)                                               # s from 1.6 down to 1.1e-7
    U, s, Vt = svd(H)
    assert_allclose(s, np.linalg.svd(H, compute_uv=False), rtol=1e-9)
    assert_svd(H, U, s, Vt, atol=1e-14)
    D = np.diag([1.0, 1e-5, 1e-10, 1e-14])                       # graded, after a rotation
    Q = np.linalg.qr(random_matrix((4, 4), 5))[0]
    assert_allclose(svd(D @ Q)[1], [1.0, 1e-5, 1e-10, 1e-14], rtol=1e-6)
    assert_allclose(svd(D)[1], [1.0, 1e-5, 1e-10, 1e-14], rtol=1e-15)


@pytest.mark.parametrize("shape, r", [((6, 5), 2), ((5, 6), 2), ((4, 4), 1), ((8, 3), 2)])
def test_svd_rank_deficient(shape, r):
    A = rank_deficient(*shape, r, seed=r)
    U, s, Vt = svd(A)
    assert_allclose(s[:r], np.linalg.svd(A, compute_uv=False)[:r], rtol=1e-12)
    assert np.all(s[r:] <= 1e-14 * s[0])
    assert_svd(A, U, s, Vt, atol=1e-13 * s[0])


def test_svd_zero_columns_get_completed():
    A = np.zeros((4, 3))
    A[:, 0] = [1.0, 2.0, 2.0, 0.0]                                 # rank 1, two zero columns
    U, s, Vt = svd(A)
    assert_array_equal(s, [3.0, 0.0, 0.0])
    assert_svd(A, U, s, Vt, atol=1e-15)
    U, s, Vt = svd(np.zeros((3, 2)))
    assert_array_equal(s, [0.0, 0.0])
    assert_svd(np.zeros((3, 2)), U, s, Vt, atol=0.0)
    U, s, Vt = svd([[1.0, 1e-170], [1e-170, 0.0]])                # below the resolution: zero
    assert_svd(np.array([[1.0, 0.0], [0.0, 0.0]]), U, s, Vt, atol=1e-160)
    assert s[1] == 0.0


def test_svd_huge_and_tiny_entries():
    A = random_matrix((4, 3), 8)
    for c in [1e300, 1e-300]:
        U, s, Vt = svd(c * A)
        assert_allclose(s, c * np.linalg.svd(A, compute_uv=False), rtol=1e-13)
        assert_svd(A, U, s / c, Vt, atol=1e-13)
    assert svd(1.7e308 * np.ones((2, 2)))[1][0] == np.inf          # beyond the float range


@settings(max_examples=60)
@given(matrices)
def test_svd_property(A):
    U, s, Vt = svd(A)
    scale = np.abs(A).max() * max(A.shape) + 1e-300
    assert_allclose(s, np.linalg.svd(A, compute_uv=False), atol=1e-13 * scale)
    assert_svd(A, U, s, Vt, atol=1e-12 * scale)


def test_svd_errors_and_speed():
    import time
    with pytest.raises(ValueError, match=r"svd: A must be a matrix, got a vector of length 3"):
        svd(np.ones(3))
    with pytest.raises(ValueError, match=r"svd: A holds inf"):
        svd([[np.inf]])
    A = random_matrix((64, 64), 9)
    start = time.perf_counter()
    svd(A)
    assert time.perf_counter() - start < 0.5


# -- rank and low_rank --------------------------------------------------------------------------

def test_rank():
    assert rank(random_matrix((5, 3))) == 3
    assert rank(random_matrix((3, 5))) == 3
    assert rank(rank_deficient(6, 5, 2)) == 2
    assert rank(np.zeros((3, 3))) == 0
    assert rank([[7.0]]) == 1
    assert rank(hilbert(6)) == 6 == np.linalg.matrix_rank(hilbert(6))
    assert rank(hilbert(14)) == np.linalg.matrix_rank(hilbert(14)) < 14
    D = np.diag([1.0, 1e-3, 1e-8])
    assert rank(D) == 3
    assert rank(D, tol=1e-5) == 2 and rank(D, tol=1e-3) == 1 and rank(D, tol=0.0) == 3
    assert rank(np.diag([1.0, 1e-16])) == 1                        # below 2 eps s_max
    with pytest.raises(ValueError, match=r"^rank: tol must be >= 0, got -1.0$"):
        rank(D, tol=-1.0)


def test_low_rank_eckart_young():
    A = random_matrix((6, 4), 11)
    s = np.linalg.svd(A, compute_uv=False)
    for k in range(1, 5):
        Ak = low_rank(A, k=k)
        assert Ak.shape == A.shape
        assert np.linalg.matrix_rank(Ak) == k
        assert np.linalg.norm(A - Ak, "fro") == pytest.approx(np.sqrt(np.sum(s[k:] ** 2)), abs=1e-12)
        assert np.linalg.norm(A - Ak, 2) == pytest.approx(s[k] if k < 4 else 0.0, abs=1e-12)
    assert_allclose(low_rank(A, k=4), A, atol=1e-13)
    assert_allclose(low_rank(A.T, k=2), low_rank(A, k=2).T, atol=1e-13)
    R = rank_deficient(5, 5, 2)
    assert_allclose(low_rank(R, k=2), R, atol=1e-13)
    assert_allclose(low_rank(1e300 * R, k=2), 1e300 * R, rtol=1e-12, atol=1e288)


def test_low_rank_errors():
    with pytest.raises(ValueError) as info:
        low_rank(np.ones((3, 2)), k=3)
    assert str(info.value) == ("low_rank: k = 3 is out of range; for a matrix of shape (3, 2) k "
                               "must be between 0 and 2")
    with pytest.raises(ValueError, match=r"low_rank: k = -1 is out of range; .* between 0 and 2"):
        low_rank(np.ones((3, 2)), k=-1)
    for bad in [1.0, True, "1", None]:
        with pytest.raises(TypeError, match=r"low_rank: k must be a whole number \(an int\), got "):
            low_rank(np.ones((3, 2)), k=bad)
    assert low_rank(np.ones((3, 2)), k=np.int64(1)).shape == (3, 2)


# -- pca ----------------------------------------------------------------------------------------

def test_pca_of_iris_matches_the_covariance_eigenvectors():
    X = load_iris().X
    result = pca(X, k=2)
    assert isinstance(result, PCA)
    C = np.cov(X, rowvar=False)                                   # ddof=1
    w, V = np.linalg.eigh(C)
    w, V = w[::-1], V[:, ::-1]
    assert_allclose(result.explained_variance, w[:2], rtol=1e-12)
    assert_allclose(result.explained_variance_ratio, w[:2] / w.sum(), rtol=1e-12)
    assert_allclose(result.mean, X.mean(axis=0), rtol=1e-14)
    signs = np.sign(np.sum(result.components * V[:, :2].T, axis=1))
    assert_allclose(result.components, V[:, :2].T * signs[:, None], atol=1e-10)
    assert result.components.shape == (2, 4)
    assert_allclose(np.sum(result.components ** 2, axis=1), 1.0, rtol=1e-14)
    top = np.argmax(np.abs(result.components), axis=1)
    assert np.all(result.components[np.arange(2), top] > 0)        # sign convention
    Z = result.transform(X)
    assert Z.shape == (150, 2)
    assert_allclose(Z.var(axis=0, ddof=1), result.explained_variance, rtol=1e-12)
    assert_allclose(np.corrcoef(Z, rowvar=False)[0, 1], 0.0, atol=1e-12)   # uncorrelated
    assert_allclose(result.transform(X[0]), Z[0], rtol=1e-14)


def test_pca_full_rank_round_trip_and_ratios():
    X = random_matrix((20, 3), 12) @ np.diag([5.0, 2.0, 0.5])
    full = pca(X, k=3)
    assert_allclose(full.explained_variance_ratio.sum(), 1.0, rtol=1e-14)
    assert_allclose(full.inverse_transform(full.transform(X)), X, atol=1e-12)
    one = pca(X, k=1)
    Xhat = one.inverse_transform(one.transform(X))
    assert Xhat.shape == X.shape
    assert_allclose(Xhat - one.mean, low_rank(X - X.mean(axis=0), k=1), atol=1e-12)
    assert_allclose(one.inverse_transform(one.transform(X[3])), Xhat[3], atol=1e-13)
    wide = pca(random_matrix((3, 6), 13), k=3)                      # fewer samples than features
    assert wide.components.shape == (3, 6)
    assert wide.explained_variance[2] < 1e-12 * wide.explained_variance[0]   # n - 1 = 2 directions
    huge = pca(1e300 * X, k=2)
    assert_allclose(huge.explained_variance_ratio, full.explained_variance_ratio[:2], rtol=1e-12)
    assert_allclose(huge.mean, 1e300 * X.mean(axis=0), rtol=1e-12)
    assert np.all(np.isinf(huge.explained_variance))               # (1e300)^2 is beyond floats


def test_pca_result_is_frozen():
    import dataclasses
    result = pca(load_iris().X, k=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.mean = np.zeros(4)
    for field in ["components", "explained_variance", "explained_variance_ratio", "mean"]:
        with pytest.raises(ValueError, match="read-only"):
            getattr(result, field)[0] = 1.0


def test_pca_errors():
    X = load_iris().X
    with pytest.raises(ValueError) as info:
        pca(X[:1], k=1)
    assert str(info.value) == ("pca: X has shape (1, 4); PCA needs at least 2 rows (samples) to "
                               "measure variance")
    with pytest.raises(ValueError, match=r"^pca: every row of X is the same \(zero variance\)"):
        pca(np.ones((5, 3)), k=1)
    with pytest.raises(ValueError, match=r"^pca: k = 5 is out of range; for a matrix of shape "
                                         r"\(150, 4\) k must be between 1 and 4$"):
        pca(X, k=5)
    with pytest.raises(ValueError, match=r"pca: k = 3 is out of range; .* between 1 and 2$"):
        pca(X[:2], k=3)
    result = pca(X, k=2)
    with pytest.raises(ValueError) as info:
        result.transform(np.ones((3, 5)))
    assert str(info.value) == ("PCA.transform: X has shape (3, 5) but this PCA has 4 features; "
                               "X needs 4 columns")
    with pytest.raises(ValueError) as info:
        result.inverse_transform(np.ones((3, 4)))
    assert str(info.value) == ("PCA.inverse_transform: Z has shape (3, 4) but this PCA has 2 "
                               "components; Z needs 2 columns")
    with pytest.raises(ValueError, match=r"PCA.transform: X holds nan"):
        result.transform([[1.0, 2.0, np.nan, 0.0]])


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


# -- edges found by mutation testing ------------------------------------------------------------

def test_det_at_the_edge_of_the_float_range():
    assert det(np.diag([1.5 * 2.0 ** 1000, 2.0 ** 23])) == 1.5 * 2.0 ** 1023     # just below max
    assert det(np.diag([2.0 ** 1000, 2.0 ** 24])) == np.inf                      # 2^1024: beyond
    assert det(1e300 * np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])) == 0.0


def test_singular_tolerance_is_relative_to_the_largest_entry():
    A = np.diag([1.9, 2 * EPS])                # pivot 2 eps <= n eps max|A| = 3.8 eps
    with pytest.raises(ValueError, match=r"a pivot of 2.34e-16 times max\|A\| in column 1"):
        inverse(A)
    with pytest.raises(ValueError, match=r"a pivot of 2.34e-16 times max\|A\| in column 1"):
        solve(A, [1.0, 1.0])
    B = np.diag([1.0, 2.5 * EPS])              # 2.5 eps > 2 eps: invertible
    assert_allclose(inverse(B), np.diag([1.0, 1 / (2.5 * EPS)]), rtol=1e-15)
    assert_allclose(solve(B, [1.0, 1.0]), [1.0, 1 / (2.5 * EPS)], rtol=1e-15)


def test_more_argument_errors():
    with pytest.raises(ValueError, match=r"^dot: v must be a vector, got a matrix of shape "):
        dot([1.0, 2.0], np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"^norm: p must be a number >= 1, np.inf or 'fro', got "
                                        r"list \[1, 2\]$"):
        norm([1.0, 2.0], p=[1, 2])
    for f in (euclidean, manhattan, cosine_similarity):
        with pytest.raises(ValueError, match=rf"^{f.__name__}: a must be a vector, got a matrix"):
            f(np.ones((1, 1)), [1.0])


def test_decomposition_argument_errors():
    for f, where, name in [(rank, "rank", "A"), (low_rank, "low_rank", "A"), (pca, "pca", "X")]:
        kwargs = {} if f is rank else {"k": 1}
        with pytest.raises(ValueError, match=rf"^{where}: {name} must be a matrix, got a vector "
                                             r"of length 3$"):
            f(np.ones(3), **kwargs)
    with pytest.raises(ValueError, match=r"^rank: tol holds nan"):
        rank(np.eye(2), tol=np.nan)
    with pytest.raises(ValueError, match=r"^power_iteration: tol holds nan"):
        power_iteration(np.eye(2), tol=np.nan)
    with pytest.raises(ValueError) as info:
        power_iteration(np.ones((2, 3)))
    assert str(info.value) == ("power_iteration: A must be a square matrix (n, n), got shape "
                               "(2, 3); A v must be a vector of the same length as v")
    with pytest.raises(ValueError, match=r"^lstsq: b must be a vector or matrix, got a tensor"):
        lstsq(np.eye(2), np.ones((2, 2, 2)))
    with pytest.raises(TypeError, match=r"^low_rank: k must be a whole number \(an int\), got float 1.0 \(write 1, "
                                        r"without the decimal point\)$"):
        low_rank(np.eye(2), k=1.0)
    with pytest.raises(ValueError, match=r"^PCA.transform: X must be a vector or matrix, got a "
                                         r"tensor"):
        pca(load_iris().X, k=2).transform(np.ones((2, 2, 4)))
    with pytest.raises(ValueError) as info:
        pca(np.ones((5, 3)), k=1)
    assert str(info.value) == ("pca: every row of X is the same (zero variance); there is no "
                               "direction of variance to find")


def test_power_iteration_default_seed_and_reported_residual():
    S = symmetric(5, 6)
    assert_array_equal(power_iteration(S)[1], power_iteration(S, rng=0)[1])
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    v = np.random.default_rng(0).standard_normal(2)
    v = v / np.linalg.norm(v) * np.sign(v[np.argmax(np.abs(v))])
    w = A @ v
    r = np.linalg.norm(w - (v @ w) * v) / np.linalg.norm(w)
    with pytest.raises(ValueError) as info:
        power_iteration(A, num_iterations=1)
    assert str(info.value) == (
        f"power_iteration: did not converge in 1 iterations (relative residual |A v - lambda v| "
        f"/ |A v| = {r:.2g} > tol = 1e-10); the dominant eigenvalue may not be unique in size "
        "(lambda and -lambda, or a complex pair) or |lambda_2 / lambda_1| is close to 1: raise "
        "num_iterations, or use eig_sym for a symmetric matrix")


def test_eig_sym_symmetry_tolerance_is_relative():
    eig_sym([[1.9, 1.5e-10], [0.0, 1.0]])                  # 1.5e-10 <= 1e-10 * 1.9: accepted
    with pytest.raises(ValueError, match="not symmetric"):
        eig_sym([[1.9, 2e-10], [0.0, 1.0]])
    with pytest.raises(ValueError, match="not symmetric"):
        eig_sym([[0.5, 6e-11], [0.0, 0.1]])                # relative: 6e-11 > 1e-10 * 0.5


def test_svd_completes_columns_that_mix_with_the_others():
    A = np.array([[1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [2.0, 0.0, 0.0]])   # rank 1, exact zeros
    U, s, Vt = svd(A)
    assert_array_equal(s, [3.0, 0.0, 0.0])
    assert_svd(A, U, s, Vt, atol=1e-15)
    assert_allclose(U.T @ U, np.eye(3), atol=1e-15)
    U, s, Vt = svd(A.T)                                     # wide: the same, transposed
    assert_svd(A.T, U, s, Vt, atol=1e-15)


def test_square_checks_the_number_of_axes():
    for f in (det, inverse, eig_sym, power_iteration):
        name = "S" if f is eig_sym else "A"
        with pytest.raises(ValueError, match=rf"^{f.__name__}: {name} must be a matrix, got a "
                                             "vector"):
            f(np.ones(3))


def test_lstsq_rank_deficient_with_several_right_hand_sides():
    A, B = rank_deficient(6, 4, 2), random_matrix((6, 3), 16)
    X = lstsq(A, B)
    assert X.shape == (4, 3)
    assert_allclose(X, np.linalg.lstsq(A, B, rcond=None)[0], rtol=1e-9, atol=1e-11)


def test_svd_converges_in_few_sweeps_for_tall_wide_and_odd_shapes(monkeypatch):
    """One-sided Jacobi converges quadratically: 6 sweeps are enough for these random matrices
    (the cap raises no error, so a slower variant, e.g. wrongly updated column lengths, shows up
    as lost accuracy)."""
    import mathlib._linalg_decomp as decomp
    monkeypatch.setattr(decomp, "MAX_SWEEPS", 6)
    for shape in [(60, 45), (45, 60), (30, 30), (31, 40), (3, 2), (2, 2), (1, 3)]:
        A = random_matrix(shape, seed=shape[0] * shape[1])
        U, s, Vt = svd(A)
        # singular values converge first (their error is quadratic in the off-orthogonality)
        assert np.max(np.abs(s - np.linalg.svd(A, compute_uv=False))) <= 1e-13 * s[0]
        assert_allclose((U * s) @ Vt, A, atol=1e-12 * s[0])


def test_svd_of_tall_matrices_whose_columns_need_no_reflection():
    A = np.array([[2.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]])   # column 0 is 2 e_1 already
    U, s, Vt = svd(A)
    assert_allclose(s, [2.0, np.sqrt(3.0)], rtol=1e-15)
    assert_svd(A, U, s, Vt, atol=1e-15)
    B = np.array([[0.0, 5.0], [3.0, 0.0], [4.0, 0.0]])               # pivoting takes column 1
    U, s, Vt = svd(B)
    assert_allclose(s, [5.0, 5.0], rtol=1e-15)
    assert_svd(B, U, s, Vt, atol=1e-14)


def test_svd_of_nearly_rank_one_matrices_raises_no_overflow_warning():
    """Columns that cancel to rounding noise give tiny w_p . w_q: cot(2 phi) may overflow to inf,
    which must mean 'no rotation', not a RuntimeWarning (the suite turns those into errors)."""
    A = np.full((5, 5), 1.875)
    A[0, 0], A[0, 3] = 46.84375, 254.43835468
    for M in (A, np.full((5, 5), 13.0), A.T, np.full((7, 4), 13.0)):
        U, s, Vt = svd(M)
        assert_allclose(s, np.linalg.svd(M, compute_uv=False), atol=1e-13 * s[0])
        assert_svd(M, U, s, Vt, atol=1e-13 * s[0])


def test_power_iteration_reports_the_relative_residual():
    A = np.array([[0.0, 3.0], [3.0, 0.0]])                # |A v| = 3 for a unit v
    v = np.random.default_rng(0).standard_normal(2)
    v = v / np.linalg.norm(v) * np.sign(v[np.argmax(np.abs(v))])
    w = A @ v
    r = np.linalg.norm(w - (v @ w) * v) / np.linalg.norm(w)
    with pytest.raises(ValueError, match=rf"\|A v\| = {r:.2g} > tol"):
        power_iteration(A, num_iterations=1)


def test_svd_of_a_tall_matrix_with_graded_rows_and_columns():
    """Pivoted QR, then Jacobi: small singular values of a graded tall matrix keep their
    relative accuracy, and the singular vectors are orthonormal."""
    rng = np.random.default_rng(21)
    rows, columns = np.logspace(0, -8, 12), np.array([1e-6, 1.0, 1e-3, 1e2, 1e-1])
    A = rows[:, None] * rng.standard_normal((12, 5)) * columns
    U, s, Vt = svd(A)
    assert_allclose(s, np.linalg.svd(A, compute_uv=False), rtol=1e-9)
    assert_svd(A, U, s, Vt, atol=1e-13 * s[0])
    U, s, Vt = svd(A.T)
    assert_svd(A.T, U, s, Vt, atol=1e-13 * s[0])


# -- issue 14, section 6: complex input, plain messages, overflow, ill-conditioning, k = 0 ---------

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


def test_singular_message_speaks_plainly():
    with pytest.raises(ValueError) as info:
        solve([[1.0, 2.0, 0.0], [2.0, 4.0, 1.0], [3.0, 6.0, 5.0]], [1.0, 2.0, 3.0])  # col 1 = 2 col 0
    message = str(info.value)
    assert message.startswith("solve: A is singular: column 1 is (up to rounding) a combination of "
                              "the columns before it, so A flattens space, det(A) = 0")
    assert "Use lstsq(A, b)" in message and "pinv(A)" in message


def test_eig_sym_asymmetry_has_enough_digits_to_see_it():
    """Entries that agree to 9 digits are shown with 10, so the two numbers differ on the page."""
    with pytest.raises(ValueError) as info:
        eig_sym([[1.0, 1.0 + 1e-9], [1.0, 1.0]])
    assert str(info.value).startswith("eig_sym: S is not symmetric: S[0, 1] = 1.000000001 but "
                                      "S[1, 0] = 1, a difference of 1e-09 ")
    with pytest.raises(TypeError, match=r"^eig_sym: S must be numbers"):
        eig_sym("abc")


def test_frobenius_norm_of_a_vector_is_explained():
    with pytest.raises(ValueError) as info:
        norm([3.0, 4.0], p="fro")
    assert str(info.value) == (
        "norm: p = 'fro' (Frobenius) is the norm of a matrix, but x is a vector of length 2; for a "
        "vector use norm(x) (p = 2, the square root of the sum of squares, which is what 'fro' "
        "computes for a matrix read as one long vector)")
    assert norm([3.0, 4.0]) == 5.0
    assert norm([[3.0], [4.0]], p="fro") == 5.0


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


def test_low_rank_zero_is_the_zero_matrix():
    """k = 0 keeps no singular value: the zero matrix, at distance |A|_F = sqrt(sum s_i^2)."""
    A = np.array([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]])
    Z = low_rank(A, k=0)
    assert_array_equal(Z, np.zeros((3, 2)))
    assert_allclose(frobenius(A - Z), np.sqrt(np.sum(np.linalg.svd(A)[1] ** 2)), rtol=1e-14)
    with pytest.raises(ValueError, match=r"^pca: k = 0 is out of range; .* between 1 and 2"):
        pca(A, k=0)


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
