"""Decompositions for ``mathlib.linalg`` (import them from there): eigenvalues of a symmetric
matrix (cyclic Jacobi), power iteration, the SVD (one-sided Jacobi), and what is built on the SVD:
pseudo-inverse, least squares, rank, best rank-k approximation and PCA (notebooks 02-04).

The Jacobi methods rotate n/2 disjoint pairs at once (a round-robin schedule), so one sweep over
all n (n - 1) / 2 pairs is n - 1 vectorised numpy steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import as_array, as_int, as_rng, as_scalar, shape_str
from ._linalg_base import (EPS, back_substitute, matmul, pnorm, pow2_scale, rotate_rows, rotation,
                           round_robin, rows_check, sign_fix, square, unscale)

__all__ = ["eig_sym", "power_iteration", "svd", "pinv", "lstsq", "rank", "low_rank", "pca", "PCA",
           "EigSymResult", "PowerIterationResult", "SVDResult"]

MAX_SWEEPS = 60     # Jacobi converges quadratically: about 6-10 sweeps in practice


# -- named results (as numpy 2's EighResult and SVDResult: unpacking still works) ----------------

class EigSymResult(NamedTuple):
    """What eig_sym returns: ``S = V diag(eigenvalues) V^T`` with V = eigenvectors.

    eigenvalues (n,): descending. eigenvectors (n, n): column k (unit length, largest-magnitude
    entry positive) belongs to eigenvalues[k]. ``lam, V = eig_sym(S)`` still works.
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray


class PowerIterationResult(NamedTuple):
    """What power_iteration returns: the dominant eigenvalue (largest |lambda|, a float) and its
    unit eigenvector (n,) (largest-magnitude entry positive). ``lam, v = power_iteration(A)``
    still works."""

    eigenvalue: float
    eigenvector: np.ndarray


class SVDResult(NamedTuple):
    """What svd returns: the thin SVD ``A = U diag(s) Vt``.

    U (m, k) orthonormal columns (the left singular vectors), s (k,) the singular values,
    descending and >= 0, Vt (k, n) orthonormal rows (the right singular vectors), k = min(m, n).
    ``U, s, Vt = svd(A)`` still works.
    """

    U: np.ndarray
    s: np.ndarray
    Vt: np.ndarray


# -- symmetric eigenvalues ----------------------------------------------------------------------

def eig_sym(S) -> EigSymResult:
    """Eigenvalues and eigenvectors of a symmetric matrix: ``S v_k = lambda_k v_k``, i.e.
    ``S = V diag(lambda) V^T`` with V orthogonal, by the cyclic Jacobi method.

    Each Jacobi rotation J (in the plane of coordinates p, q) is chosen to make ``(J^T S J)[p, q]``
    zero; sweeping over all pairs again and again drives the off-diagonal part to zero, and the
    product of the rotations collects the eigenvectors.
    In a neural network: PCA of inputs or activations (eigenvectors of a covariance matrix), the
    Hessian's curvature at a minimum.

    Shapes: S (n, n) -> EigSymResult(eigenvalues, eigenvectors): eigenvalues (n,) in descending
    order, eigenvectors (n, n) whose column k (unit length, largest-magnitude entry positive)
    belongs to eigenvalue k.
    Raises ValueError for a non-square or non-symmetric S (naming the largest asymmetry).
    """
    S = square(S, "eig_sym", "eigenvalues are defined for square matrices (use svd otherwise)",
               name="S")
    M, e = pow2_scale(S)
    asym = np.abs(M - M.T)
    i, j = (int(t) for t in np.unravel_index(int(np.argmax(asym)), asym.shape))
    if asym[i, j] > 1e-10 * float(np.max(np.abs(M))):     # relative to max|S|
        a, b = float(S[i, j]), float(S[j, i])
        raise ValueError(f"eig_sym: S is not symmetric: S[{i}, {j}] = {_distinct(a, b)} but "
                         f"S[{j}, {i}] = {_distinct(b, a)}, a difference of {abs(a - b):.3g} "
                         "(the largest asymmetry, above 1e-10 times max|S|); eig_sym needs S = S^T: "
                         "use (S + S.T) / 2 if the difference is rounding, or svd for a general "
                         "matrix")
    M = (M + M.T) / 2
    n = M.shape[0]
    V = np.eye(n)
    threshold = EPS * pnorm(M.ravel(), 2.0) / n   # stop once every |S[p, q]| is below this
    for _ in range(MAX_SWEEPS):
        rotated = False
        for P, Q in round_robin(n):
            big = np.abs(M[P, Q]) > threshold
            if not np.any(big):
                continue
            rotated = True
            P, Q = P[big], Q[big]
            # angle: cot(2 phi) = theta = (S_qq - S_pp) / (2 S_pq) makes the new S_pq zero
            c, s = rotation((M[Q, Q] - M[P, P]) / (2.0 * M[P, Q]))
            rotate_rows(M, P, Q, c, s)        # S <- J^T S (rows p and q)
            rotate_rows(M.T, P, Q, c, s)      # S <- S J   (columns p and q)
            rotate_rows(V.T, P, Q, c, s)      # V <- V J
            M[P, Q] = M[Q, P] = 0.0           # zero by the choice of angle, up to rounding
        if not rotated:
            break
    order = np.argsort(-np.diag(M), kind="stable")
    return EigSymResult(unscale(np.diag(M)[order], e), sign_fix(V[:, order]))


def _distinct(a: float, b: float) -> str:
    """a with the fewest significant digits (at least 6) that tell it apart from b."""
    for digits in range(6, 18):
        if f"{a:.{digits}g}" != f"{b:.{digits}g}":
            return f"{a:.{digits}g}"
    return repr(a)


# -- power iteration ----------------------------------------------------------------------------

def _unit_sign_fixed(x: np.ndarray) -> np.ndarray:
    return sign_fix((x / pnorm(x, 2.0))[:, None])[:, 0]


def power_iteration(A, *, num_iterations: int = 1000, tol: float = 1e-10,
                    rng=None) -> PowerIterationResult:
    """Dominant eigenvalue (largest |lambda|) and its unit eigenvector, by power iteration.

    Repeat ``v <- A v / |A v|`` from a random start (``rng``: None, an int seed or a numpy
    Generator; None means seed 0, so the result is reproducible, see ``_checks.as_rng``): the
    component along the dominant eigenvector grows fastest, by |lambda_1 / lambda_2| per step.
    The eigenvalue is the Rayleigh quotient ``lambda = v . A v``. Stops when the relative residual
    ``|A v - lambda v| / |A v|`` is at most tol. Sign convention: the eigenvector's
    largest-magnitude entry is positive.
    In a neural network: estimating the largest singular value of a weight matrix (spectral
    normalisation of GAN discriminators), the sharpness (top Hessian eigenvalue) of a loss.

    Shapes: A (n, n) -> PowerIterationResult(eigenvalue, eigenvector): a float and (n,).
    Raises ValueError if it has not converged after num_iterations steps (for example when
    lambda and -lambda are both dominant, a complex pair is, or |lambda_2 / lambda_1| is close to 1).
    """
    A = square(A, "power_iteration", "A v must be a vector of the same length as v")
    num_iterations = as_int(num_iterations, "num_iterations", "power_iteration", low=1)
    tol = as_scalar(tol, "tol", "power_iteration")
    if tol <= 0:
        raise ValueError(f"power_iteration: tol must be > 0, got {tol}")
    As, e = pow2_scale(A)                     # the same eigenvectors; eigenvalues scaled by 2^-e
    v = _unit_sign_fixed(as_rng(rng, "power_iteration").standard_normal(A.shape[0]))
    for _ in range(num_iterations):
        w = matmul(As, v)                         # w = A v
        lam = float(np.sum(v * w))            # Rayleigh quotient v . A v (|v| = 1)
        residual = pnorm(w - lam * v, 2.0)
        if residual <= tol * pnorm(w, 2.0):   # A v = lambda v (also A v = 0: lambda = 0)
            return PowerIterationResult(float(unscale(lam, e)), v)
        v = _unit_sign_fixed(w)
    raise ValueError(f"power_iteration: did not converge in {num_iterations} iterations "
                     f"(relative residual |A v - lambda v| / |A v| = {residual / pnorm(w, 2.0):.2g}"
                     f" > tol = {tol:g}); the dominant eigenvalue may not be unique in size (lambda "
                     "and -lambda, or a complex pair) or |lambda_2 / lambda_1| is close to 1: raise "
                     "num_iterations, or use eig_sym for a symmetric matrix")


# -- singular value decomposition ---------------------------------------------------------------

def _svd(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD of a checked matrix with entries of size about 1 (see svd)."""
    if A.shape[0] < A.shape[1]:               # wide: A^T = V S U^T, work on the tall A^T
        V, s, Ut = _svd_tall(A.T)
        U, Vt = Ut.T, V.T
    else:
        U, s, Vt = _svd_tall(A)
    # sign convention: flip u_k and v_k together so that v_k's largest-magnitude entry is positive
    signs = np.where(Vt[np.arange(len(s)), np.argmax(np.abs(Vt), axis=1)] < 0, -1.0, 1.0)
    return U * signs, s, Vt * signs[:, None]


def _svd_tall(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD of A (m, n), m >= n. A tall A is first reduced to the square n x n R of a QR
    factorisation with column pivoting, ``A P = Q R`` (P a permutation), so that the Jacobi
    rotations work on vectors of length n instead of m. Jacobi then orthogonalises the rows of R
    (the columns of R^T; pivoting sorts them by length, the preconditioning of Drmac and Veselic):
    ``R^T = U_1 S V_1^T``, so ``A = (Q V_1) S (P U_1)^T``."""
    m, n = A.shape
    if m == n:
        return _jacobi_svd(A)
    R, reflectors, perm = _qr_pivoted(A)
    U1, s, V1t = _jacobi_svd(R.T)             # R^T = U_1 S V_1^T
    Vt = np.empty((n, n))
    Vt[:, perm] = U1.T                        # V^T = (P U_1)^T = U_1^T P^T: column perm[j] <- j
    return _apply_q(reflectors, V1t.T, m), s, Vt


def _qr_pivoted(A: np.ndarray) -> tuple[np.ndarray, list, np.ndarray]:
    """``A[:, perm] = Q R`` for A (m, n), m >= n: R (n, n) upper-triangular, Q (m, n) with
    orthonormal columns, stored as the unit vectors v of its Householder reflections
    ``H = I - 2 v v^T`` (None where a column needed no reflection). Column pivoting: step k
    brings the remaining column of largest length to position k, so |R_00| >= |R_11| >= ..."""
    m, n = A.shape
    R, perm, reflectors = A.copy(), np.arange(n), []
    for k in range(n):
        lengths2 = np.sum(R[k:, k:] * R[k:, k:], axis=0)      # squared lengths below row k
        j = k + int(np.argmax(lengths2))
        R[:, [k, j]], perm[[k, j]] = R[:, [j, k]], perm[[j, k]]
        x = R[k:, k]
        if not np.any(x[1:]):                 # already zero below the diagonal: H = I
            reflectors.append(None)
            continue
        length = pnorm(x, 2.0)
        v = x.copy()
        v[0] += np.copysign(length, x[0])     # v = x + sign(x_0)|x| e_1: no cancellation
        v /= pnorm(v, 2.0)
        R[k:, k + 1:] -= 2.0 * v[:, None] * np.sum(v[:, None] * R[k:, k + 1:], axis=0)
        R[k, k] = -np.copysign(length, x[0])  # H x = -sign(x_0)|x| e_1, set exactly
        R[k + 1:, k] = 0.0
        reflectors.append(v)
    return R[:n], reflectors, perm


def _apply_q(reflectors: list, X: np.ndarray, m: int) -> np.ndarray:
    """``Q X`` for X (n, n): Q = H_0 H_1 ... H_{n-1} applied to X padded with zero rows to (m, n),
    the last reflection first."""
    n = len(reflectors)
    Y = np.zeros((m, n))
    Y[:n] = X
    for k in range(n - 1, -1, -1):
        v = reflectors[k]
        if v is not None:
            Y[k:] -= 2.0 * v[:, None] * np.sum(v[:, None] * Y[k:], axis=0)
    return Y


def _jacobi_svd(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-sided Jacobi (Hestenes) on the n columns of A (m, n), m >= n.

    The rows of X (N, m + n) are ``[w_k | v_k]``: w_k is column k of A V, v_k column k of V (V = I
    at the start), and one rotation of the pair (p, q) turns rows p and q of X together, so that
    ``A V = W^T`` holds throughout. The n/2 pairs of a round are disjoint (the circle method of a
    tournament) and are rotated in one vectorised step; N - 1 rounds meet every pair once (a
    sweep). Zero rows pad n to an even N >= 4; they are never rotated.
    """
    m, n = A.shape
    N = max(n + n % 2, 4)                     # zero rows pad n to an even N >= 4
    h = N // 2
    X = np.zeros((N, m + n))
    X[:n, :m] = A.T
    X[np.arange(n), m + np.arange(n)] = 1.0
    # pair i is (row i, row h + i). The circle method seats players 0..N-1 as top = 0, 1, ..., h-1
    # and bottom = N-1, N-2, ..., h; after each round the first player stays and the others move
    # one seat along the circle: new top = t_0, b_0, t_1, ..., t_{h-2} and new bottom =
    # b_1, ..., b_{h-1}, t_{h-1}, i.e. new row i = old row shift[i]
    seating = np.concatenate([np.arange(h), np.arange(N - 1, h - 1, -1)])
    shift = np.concatenate([[0, h], np.arange(1, h - 1), np.arange(h + 1, N), [h - 1]])
    X = X[seating]
    Y, sB, sT = np.empty_like(X), np.empty((h, m + n)), np.empty((h, m + n))
    tol = m * EPS
    for _ in range(MAX_SWEEPS):
        rotated = False
        lengths2 = np.sum(X[:, :m] * X[:, :m], axis=1)        # |w_k|^2, exact at each sweep's start
        for _ in range(N - 1):
            T, B = X[:h], X[h:]                               # views: rotated in place
            alpha, beta = lengths2[:h], lengths2[h:]           # |w_p|^2, |w_q|^2
            gamma = np.sum(T[:, :m] * B[:, :m], axis=1)        # w_p . w_q
            # columns p, q not yet orthogonal: |w_p . w_q| > tol |w_p| |w_q|
            big = np.abs(gamma) > tol * np.sqrt(alpha) * np.sqrt(beta)
            if np.any(big):
                rotated = True
                # the rotation with cot(2 phi) = (beta - alpha) / (2 gamma) makes w_p . w_q = 0;
                # pairs already orthogonal get c = 1, s = 0 (no rotation). A gamma so tiny that
                # cot(2 phi) overflows to inf gives t = tan(phi) = 0: no rotation either.
                with np.errstate(over="ignore"):
                    c, s = rotation((beta - alpha) / (2.0 * np.where(big, gamma, 1.0)))
                c, s = np.where(big, c, 1.0), np.where(big, s, 0.0)
                # the new lengths without a pass over the rows: with t = s / c = tan(phi),
                # |w_p'|^2 = alpha - t gamma and |w_q'|^2 = beta + t gamma (the shorter one
                # shrinks; floored at 0 against rounding)
                tg = s / c * gamma
                lengths2 = np.maximum(np.concatenate([alpha - tg, beta + tg]), 0.0)
                c, s = c[:, None], s[:, None]
                np.multiply(B, s, out=sB)
                np.multiply(T, s, out=sT)
                T *= c
                T -= sB                       # x_p <- c x_p - s x_q
                B *= c
                B += sT                       # x_q <- s x_p + c x_q
            np.take(X, shift, axis=0, out=Y)  # everyone to the next round's seat
            X, Y, lengths2 = Y, X, lengths2[shift]
        if not rotated:                       # a whole sweep without a rotation: orthogonal
            break
    # N - 1 rounds bring every player back to its first seat: undo the seating
    X = X[np.argsort(seating)][:n]
    W, Vt = X[:, :m], X[:, m:]
    # A V = W^T has orthogonal columns: their lengths are the singular values, their directions U
    s = np.sqrt(np.sum(W * W, axis=1))
    order = np.argsort(-s, kind="stable")
    s, W, Vt = s[order], W[order], Vt[order]
    good = s > 1e-150                         # below this, w / |w| would not be accurate
    s[~good] = 0.0
    U = np.zeros((m, n))
    U[:, good] = (W[good] / s[good, None]).T
    for k in np.flatnonzero(~good):           # rank-deficient: complete U by Gram-Schmidt
        Q = U[:, good]                        # the orthonormal columns so far
        j = int(np.argmin(np.sum(Q * Q, axis=1)))  # e_j is farthest from their span
        u = -np.sum(Q * Q[j], axis=1)
        u[j] += 1.0                           # u = e_j - Q Q^T e_j
        u -= np.sum(Q * np.sum(Q * u[:, None], axis=0), axis=1)   # second pass, for accuracy
        U[:, k] = u / pnorm(u, 2.0)
        good[k] = True
    return U, s, Vt


def svd(A) -> SVDResult:
    """Singular value decomposition ``A = U diag(s) V^T`` (thin), by one-sided Jacobi (Hestenes).

    Rotate pairs of columns of A (and the same pairs of V, starting from V = I) until all columns
    of ``A V`` are orthogonal; then column k of A V is ``s_k u_k``. A never gets squared into
    ``A^T A``, so small singular values keep their relative accuracy (about 1e-10 or better).
    A non-square A is first reduced to a square one: a wide A is transposed, and a tall one
    factored ``A P = Q R`` (Householder QR with column pivoting), so that Jacobi works on R.
    Sign convention: each right singular vector's largest-magnitude entry is positive.
    In a neural network: low-rank compression of weight matrices (LoRA), the spectral norm,
    conditioning of a layer.

    Shapes: A (m, n), k = min(m, n) -> SVDResult(U, s, Vt): U (m, k) with orthonormal columns,
    s (k,) descending and >= 0, Vt (k, n) with orthonormal rows. A rank-deficient A gets zero
    singular values and U columns completed to an orthonormal set.
    """
    A = as_array(A, "A", "svd", ndim=2)
    As, e = pow2_scale(A)
    U, s, Vt = _svd(As)
    return SVDResult(U, unscale(s, e), Vt)


def pinv(A, *, rcond=None) -> np.ndarray:
    """Moore-Penrose pseudo-inverse ``A^+ = V diag(1/s_k, or 0 where s_k <= rcond s_max) U^T``.

    It satisfies ``A A^+ A = A``, ``A^+ A A^+ = A^+`` (and A A^+, A^+ A symmetric); for an
    invertible A it is A^-1, and ``x = A^+ b`` is the least-squares solution of smallest length.
    Default rcond = max(m, n) * eps, as numpy.
    In a neural network: the closed-form least-squares readout (extreme learning machines,
    linear probes).

    Shapes: A (m, n) -> (n, m). Raises ValueError for a negative rcond.
    """
    A = as_array(A, "A", "pinv", ndim=2)
    m, n = A.shape
    rcond = max(m, n) * EPS if rcond is None else as_scalar(rcond, "rcond", "pinv")
    if rcond < 0:
        raise ValueError(f"pinv: rcond must be >= 0, got {rcond}")
    As, e = pow2_scale(A)                     # (A / 2^e)^+ = 2^e A^+
    return unscale(_pinv(As, rcond), -e)


def _pinv(A: np.ndarray, rcond: float) -> np.ndarray:
    U, s, Vt = _svd(A)
    keep = s > rcond * s[0]
    s_inv = np.zeros_like(s)
    s_inv[keep] = 1.0 / s[keep]
    return matmul(Vt.T * s_inv, U.T)              # V diag(s_inv) U^T


def _householder(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``R = Q^T A`` (upper-triangular) and ``Q^T B`` for A (m, n), m >= n, by n Householder
    reflections ``H = I - 2 v v^T`` (|v| = 1), each mapping a column below the diagonal to a
    multiple of e_1."""
    R, C = A.copy(), B.copy()
    for k in range(A.shape[1]):
        x = R[k:, k]
        length = pnorm(x, 2.0)
        if length == 0.0:
            continue                          # already zero below the diagonal
        v = x.copy()
        v[0] += np.copysign(length, x[0])     # v = x + sign(x_0)|x| e_1: no cancellation
        v /= pnorm(v, 2.0)
        R[k:, k:] -= 2.0 * v[:, None] * np.sum(v[:, None] * R[k:, k:], axis=0)
        C[k:] -= 2.0 * v[:, None] * np.sum(v[:, None] * C[k:], axis=0)
    return R, C


def lstsq(A, b) -> np.ndarray:
    """Least squares: the x that minimises ``|A x - b|_2``, of smallest length if several do.

    Full column rank (m >= n and R's diagonal above sqrt(eps) times its largest entry): QR by
    Householder reflections, ``A = Q R``, then ``R x = Q^T b`` by back substitution (no squaring
    of A into A^T A). Otherwise (rank-deficient, nearly so, or wide): ``x = pinv(A) b``, the
    minimum-norm solution.
    In a neural network: fitting a linear layer (or linear regression) in closed form.

    Shapes: A (m, n), b (m,) -> x (n,); b (m, r) -> x (n, r).
    Raises ValueError when b does not have m rows.
    """
    A = as_array(A, "A", "lstsq", ndim=2)
    b = as_array(b, "b", "lstsq", ndim=(1, 2))
    rows_check(A, b, "lstsq")
    m, n = A.shape
    As, ea = pow2_scale(A)                    # x = (A / 2^ea)^+ (b / 2^eb) 2^(eb - ea)
    bs, eb = pow2_scale(b)
    B = bs.reshape(m, -1)
    if m >= n:
        R, C = _householder(As, B)
        d = np.abs(np.diag(R))
        if np.min(d) > np.sqrt(EPS) * np.max(d):
            return unscale(back_substitute(R[:n], C[:n]).reshape((n,) + b.shape[1:]), eb - ea)
    x = matmul(_pinv(As, max(m, n) * EPS), B)
    return unscale(x.reshape((n,) + b.shape[1:]), eb - ea)


def rank(A, *, tol=None) -> int:
    """Rank: the number of singular values above tol (default ``s_max * max(m, n) * eps``, as
    numpy.linalg.matrix_rank). It counts the independent columns (and rows).
    In a neural network: how many directions a layer can actually pass on (low-rank adapters).

    Shapes: A (m, n) -> an integer between 0 and min(m, n). Raises ValueError for a negative tol.
    """
    A = as_array(A, "A", "rank", ndim=2)
    s = svd(A)[1]
    if tol is None:
        tol = float(s[0]) * max(A.shape) * EPS
    tol = as_scalar(tol, "tol", "rank")
    if tol < 0:
        raise ValueError(f"rank: tol must be >= 0, got {tol}")
    return int(np.sum(s > tol))


def _check_k(k, kmax: int, where: str, shape: tuple[int, ...], kmin: int = 1) -> int:
    k = as_int(k, "k", where)
    if not kmin <= k <= kmax:
        raise ValueError(f"{where}: k = {k} is out of range; for a matrix of shape "
                         f"{shape_str(shape)} k must be between {kmin} and {kmax}")
    return k


def low_rank(A, *, k: int) -> np.ndarray:
    """Best rank-k approximation ``A_k = sum_{i<k} s_i u_i v_i^T`` (Eckart-Young: no rank-k matrix
    is closer in the Frobenius or 2-norm; the error is ``sqrt(s_k^2 + s_{k+1}^2 + ...)``).
    In a neural network: compressing a weight matrix; LoRA learns a low-rank update.

    k = 0 keeps no singular value: the zero matrix, whose error is |A| itself.

    Shapes: A (m, n), 0 <= k <= min(m, n) -> (m, n).
    """
    A = as_array(A, "A", "low_rank", ndim=2)
    k = _check_k(k, min(A.shape), "low_rank", A.shape, kmin=0)
    if k == 0:
        return np.zeros(A.shape)
    As, e = pow2_scale(A)
    U, s, Vt = _svd(As)
    return unscale(matmul(U[:, :k] * s[:k], Vt[:k]), e)


# -- principal component analysis ---------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PCA:
    """The result of pca: k principal directions of data with d features.

    components (k, d): unit-length rows, the directions of largest variance, each with its
    largest-magnitude entry positive; explained_variance (k,): the variance (ddof=1) of the data
    along each; explained_variance_ratio (k,): its share of the total variance; mean (d,).
    """

    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    mean: np.ndarray

    def _check(self, X, name: str, where: str, width: int, what: str) -> np.ndarray:
        X = as_array(X, name, where, ndim=(1, 2))
        if X.shape[-1] != width:
            raise ValueError(f"{where}: {name} has shape {shape_str(X.shape)} but this PCA has "
                             f"{width} {what}; {name} needs {width} columns")
        return X

    def transform(self, X) -> np.ndarray:
        """Coordinates along the components: ``Z = (X - mean) components^T``.
        Shapes: X (n, d) -> (n, k); one sample (d,) -> (k,)."""
        X = self._check(X, "X", "PCA.transform", self.mean.shape[0], "features")
        return matmul(self.components, (X - self.mean).T).T

    def inverse_transform(self, Z) -> np.ndarray:
        """Back to feature space: ``X_hat = Z components + mean`` (exact when k = d).
        Shapes: Z (n, k) -> (n, d); (k,) -> (d,)."""
        Z = self._check(Z, "Z", "PCA.inverse_transform", self.components.shape[0], "components")
        return matmul(self.components.T, Z.T).T + self.mean


def pca(X, *, k: int) -> PCA:
    """Principal component analysis of data X (n samples, d features), from the SVD of the centred
    data ``X - mean = U diag(s) V^T``: the components are the first k rows of V^T and the
    explained variances ``s_i^2 / (n - 1)`` (the eigenvalues of the covariance matrix, ddof=1,
    as sklearn), without forming the covariance matrix.
    In a neural network: whitening inputs, visualising embeddings and activations in 2-D.

    Shapes: X (n, d), n >= 2, 1 <= k <= min(n, d) -> PCA (see its fields).
    Raises ValueError for fewer than 2 samples or data with zero variance.
    """
    X = as_array(X, "X", "pca", ndim=2)
    n, d = X.shape
    if n < 2:
        raise ValueError(f"pca: X has shape {shape_str(X.shape)}; PCA needs at least 2 rows "
                         "(samples) to measure variance")
    k = _check_k(k, min(n, d), "pca", X.shape)
    Xs, e = pow2_scale(X)
    mean = np.mean(Xs, axis=0)
    C = Xs - mean                             # centred data
    total = float(np.sum(C * C))              # (n - 1) times the total variance
    if total == 0.0:
        raise ValueError("pca: every row of X is the same (zero variance); there is no direction "
                         "of variance to find")
    _, s, Vt = _svd(C)
    fields = (Vt[:k], unscale(s[:k] ** 2 / (n - 1), 2 * e), s[:k] ** 2 / total, unscale(mean, e))
    for a in fields:
        a.setflags(write=False)               # a frozen result: its arrays are read-only too
    return PCA(*fields)
