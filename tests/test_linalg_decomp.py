"""mathlib/_linalg_decomp.py (through mathlib.linalg, which exports it) against numpy.linalg:
least squares and the pseudo-inverse, eig_sym, power iteration, the SVD, rank and low_rank, PCA;
and _linalg_base.py's check that a matrix is square. The tolerances are tests/test_linalg.py's
(its docstring), and so are the strategies and test matrices.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_iris
from mathlib.linalg import (PCA, det, eig_sym, frobenius, inverse, low_rank, lstsq, pca, pinv,
                            power_iteration, rank, svd)

from .test_linalg import (SHAPES, hilbert, matrices, random_matrix, rank_deficient, square_matrices,
                          well_conditioned)


# -- square matrices (_linalg_base.square) ------------------------------------------------------

def test_square_checks_the_number_of_axes():
    for f in (det, inverse, eig_sym, power_iteration):
        name = "S" if f is eig_sym else "A"
        with pytest.raises(ValueError, match=rf"^{f.__name__}: {name} must be a matrix, got a "
                                             "vector"):
            f(np.ones(3))


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
    if not np.all(np.isfinite(P)):     # 1 / s overflows: A's largest entry is subnormal (< 1e-307)
        assert np.abs(A).max() < 1e-307, A
        return
    scale = np.abs(A).max() + 1e-300
    assert_allclose(A @ P @ A, A, atol=1e-9 * scale)


def test_pinv_of_a_subnormal_matrix_overflows_as_its_true_value_does():
    A = np.array([[2.22507386e-313]])          # 1 / A = 4.5e312, beyond float64's 1.8e308
    with np.errstate(over="ignore"):
        assert np.isinf(1.0 / A[0, 0])
    assert np.isinf(pinv(A)).all()


def test_pinv_errors():
    with pytest.raises(ValueError, match=r"^pinv: rcond must be >= 0, got -1.0$"):
        pinv(np.eye(2), rcond=-1.0)
    with pytest.raises(ValueError, match=r"pinv: A must be a matrix"):
        pinv(np.ones(3))
    with pytest.raises(ValueError, match=r"pinv: rcond holds nan"):
        pinv(np.eye(2), rcond=np.nan)


def test_lstsq_rank_deficient_with_several_right_hand_sides():
    A, B = rank_deficient(6, 4, 2), random_matrix((6, 3), 16)
    X = lstsq(A, B)
    assert X.shape == (4, 3)
    assert_allclose(X, np.linalg.lstsq(A, B, rcond=None)[0], rtol=1e-9, atol=1e-11)


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


def test_eig_sym_symmetry_tolerance_is_relative():
    eig_sym([[1.9, 1.5e-10], [0.0, 1.0]])                  # 1.5e-10 <= 1e-10 * 1.9: accepted
    with pytest.raises(ValueError, match="not symmetric"):
        eig_sym([[1.9, 2e-10], [0.0, 1.0]])
    with pytest.raises(ValueError, match="not symmetric"):
        eig_sym([[0.5, 6e-11], [0.0, 0.1]])                # relative: 6e-11 > 1e-10 * 0.5


def test_eig_sym_asymmetry_has_enough_digits_to_see_it():
    """Entries that agree to 9 digits are shown with 10, so the two numbers differ on the page."""
    with pytest.raises(ValueError) as info:
        eig_sym([[1.0, 1.0 + 1e-9], [1.0, 1.0]])
    assert str(info.value).startswith("eig_sym: S is not symmetric: S[0, 1] = 1.000000001 but "
                                      "S[1, 0] = 1, a difference of 1e-09 ")
    with pytest.raises(TypeError, match=r"^eig_sym: S must be numbers"):
        eig_sym("abc")


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


def test_power_iteration_reports_the_relative_residual():
    A = np.array([[0.0, 3.0], [3.0, 0.0]])                # |A v| = 3 for a unit v
    v = np.random.default_rng(0).standard_normal(2)
    v = v / np.linalg.norm(v) * np.sign(v[np.argmax(np.abs(v))])
    w = A @ v
    r = np.linalg.norm(w - (v @ w) * v) / np.linalg.norm(w)
    with pytest.raises(ValueError, match=rf"\|A v\| = {r:.2g} > tol"):
        power_iteration(A, num_iterations=1)


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


def test_svd_completes_columns_that_mix_with_the_others():
    A = np.array([[1.0, 0.0, 0.0], [2.0, 0.0, 0.0], [2.0, 0.0, 0.0]])   # rank 1, exact zeros
    U, s, Vt = svd(A)
    assert_array_equal(s, [3.0, 0.0, 0.0])
    assert_svd(A, U, s, Vt, atol=1e-15)
    assert_allclose(U.T @ U, np.eye(3), atol=1e-15)
    U, s, Vt = svd(A.T)                                     # wide: the same, transposed
    assert_svd(A.T, U, s, Vt, atol=1e-15)


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


def test_low_rank_zero_is_the_zero_matrix():
    """k = 0 keeps no singular value: the zero matrix, at distance |A|_F = sqrt(sum s_i^2)."""
    A = np.array([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]])
    Z = low_rank(A, k=0)
    assert_array_equal(Z, np.zeros((3, 2)))
    assert_allclose(frobenius(A - Z), np.sqrt(np.sum(np.linalg.svd(A)[1] ** 2)), rtol=1e-14)
    with pytest.raises(ValueError, match=r"^pca: k = 0 is out of range; .* between 1 and 2"):
        pca(A, k=0)


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
