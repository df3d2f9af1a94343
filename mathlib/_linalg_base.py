"""Helpers shared by ``mathlib.linalg`` and its decompositions: ``matmul`` (public, re-exported by
``linalg``) and private ones (not part of the course API). The private ones take arrays that are
already checked, so they do no input checking of their own.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ._checks import as_array, shape_str

EPS = float(np.finfo(float).eps)        # 2.2e-16, the spacing of floats near 1


def pow2_scale(A: np.ndarray) -> tuple[np.ndarray, int]:
    """Return ``(A / 2^e, e)`` with max|A / 2^e| in [1, 2), or ``(A, 0)`` for an all-zero A.

    Dividing by a power of two is exact, and entries below 2 cannot overflow when they are squared
    and summed: this is how every algorithm here avoids overflow for huge (or tiny) entries.
    Undo it with ``np.ldexp(result, e)``, which is exact too.
    """
    m = float(np.max(np.abs(A)))
    if m == 0.0:
        return A.copy(), 0
    e = math.frexp(m)[1] - 1                # m = f 2^(e+1) with f in [0.5, 1)
    return np.ldexp(A, -e), e


def unscale(X, e: int):
    """``X 2^e`` exactly; a result too large for a float becomes inf without a warning."""
    with np.errstate(over="ignore"):
        return np.ldexp(X, e)


def pnorm(x: np.ndarray, p: float) -> float:
    """``|x|_p = (sum_i |x_i|^p)^(1/p)``, or max_i |x_i| for p = inf, without overflow.

    Written as ``m (sum_i (|x_i| / m)^p)^(1/p)`` with m = max|x_i|: every ratio is at most 1.
    """
    a = np.abs(x)
    m = float(np.max(a))
    if m == 0.0 or math.isinf(m) or math.isinf(p):
        return m
    return m * float(np.sum((a / m) ** p)) ** (1.0 / p)    # Python floats: overflow gives inf


def matmul(A, B) -> np.ndarray:
    """Matrix product ``C = A B`` with ``C[i, j] = sum_k A[i, k] B[k, j]``.

    Shapes: A (m, n), B (n, p) -> C (m, p); a vector B (n,) gives the vector A B (m,). Each row of C
    is the row of A combining the rows of B: ``C[i] = sum_k A[i, k] B[k]``.
    In a neural network: a dense layer ``Z = X W`` on a batch X.

    Huge entries give huge (or infinite) entries without an overflow warning.
    Raises ValueError naming both shapes when the inner dimensions differ.
    (The one matrix product of mathlib: ``linalg.matmul`` is this function, and the
    decompositions use it too.)
    """
    A = as_array(A, "A", "matmul", ndim=2)
    B = as_array(B, "B", "matmul", ndim=(1, 2))
    n, n2 = A.shape[1], B.shape[0]
    if n != n2:
        raise ValueError(f"matmul: A has shape {shape_str(A.shape)} and B has shape "
                         f"{shape_str(B.shape)}; the inner dimensions ({n} and {n2}) must match")
    with np.errstate(over="ignore", invalid="ignore"):
        C = _row_sums(A, B)
    if not np.all(np.isfinite(C)):           # a product or a sum overflowed: scale first
        C = scaled_products(A, B)
    return C


def _row_sums(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The sums of ``matmul`` for checked arrays: row i of A B is ``sum_k A[i, k] B[k]``."""
    if B.ndim == 1:
        return np.sum(A * B, axis=1)         # (A b)[i] = sum_k A[i, k] b[k]
    C = np.empty((A.shape[0], B.shape[1]))
    for i in range(A.shape[0]):
        C[i] = np.sum(A[i][:, None] * B, axis=0)
    return C


def scaled_products(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``A B`` (A (m, n), B (n, p) or (n,)) when the plain sums of products overflow.

    Row i of A is divided by a power of two 2^r_i and column j of B by 2^c_j (exact), so that
    every entry is below 2 in size and no product or sum can overflow; then
    ``(A B)[i, j] = 2^(r_i + c_j) (A_s B_s)[i, j]``, which becomes inf (quietly) only if the true
    result is beyond the float range.
    """
    r = np.frexp(np.max(np.abs(A), axis=1))[1]
    c = np.frexp(np.max(np.abs(B), axis=0))[1]
    C = _row_sums(np.ldexp(A, -r[:, None]), np.ldexp(B, -c))
    with np.errstate(over="ignore"):
        return np.ldexp(C, (r[:, None] + c) if B.ndim == 2 else r + c)


def sign_fix(V: np.ndarray) -> np.ndarray:
    """Flip each column of V so that its largest-magnitude entry is positive (first one on a tie).

    An eigenvector or singular vector is only defined up to its sign; this fixes the choice.
    """
    rows = np.argmax(np.abs(V), axis=0)
    signs = np.where(V[rows, np.arange(V.shape[1])] < 0, -1.0, 1.0)
    return V * signs


def square(A, where: str, why: str, name: str = "A") -> np.ndarray:
    """A checked square matrix, or a ValueError saying it is not square and why it must be."""
    A = as_array(A, name, where, ndim=2)
    if A.shape[0] != A.shape[1]:
        raise ValueError(f"{where}: {name} must be a square matrix (n, n), got shape "
                         f"{shape_str(A.shape)}; {why}")
    return A


def rows_check(A: np.ndarray, b: np.ndarray, where: str) -> None:
    """b must have one row per row of A (the right-hand sides of ``A x = b``)."""
    if b.shape[0] != A.shape[0]:
        raise ValueError(f"{where}: A has shape {shape_str(A.shape)} but b has shape "
                         f"{shape_str(b.shape)}; b needs {A.shape[0]} rows")


def back_substitute(U: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Solve ``U X = Y`` for an upper-triangular U (n, n) with non-zero diagonal, Y (n, r).

    The last row has one unknown: ``X[n-1] = Y[n-1] / U[n-1, n-1]``; each row above then has one
    new unknown, ``X[k] = (Y[k] - sum_{j>k} U[k, j] X[j]) / U[k, k]`` (a whole row of X at once).
    """
    n = U.shape[0]
    X = np.zeros_like(Y)
    for k in range(n - 1, -1, -1):
        X[k] = (Y[k] - np.sum(U[k, k + 1:, None] * X[k + 1:], axis=0)) / U[k, k]
    return X


@lru_cache(maxsize=32)
def round_robin(n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Rounds of disjoint pairs (i < j) of 0..n-1 in which every pair occurs exactly once.

    The circle method of a sports tournament: player 0 stays, the others move one seat per round.
    Disjoint pairs can be rotated at the same time, so a Jacobi sweep is n - 1 vectorised steps.
    An odd n gets a dummy player n; pairs with it are dropped. Cached: the schedule depends on n only.
    """
    seats = list(range(n + n % 2))
    rounds = []
    for _ in range(len(seats) - 1):
        half = len(seats) // 2
        pairs = [tuple(sorted((seats[i], seats[-1 - i]))) for i in range(half)]
        pairs = [pq for pq in pairs if pq[1] < n]
        rounds.append((np.array([p for p, _ in pairs], dtype=int),
                       np.array([q for _, q in pairs], dtype=int)))
        seats = [seats[0], seats[-1], *seats[1:-1]]
    return rounds


def rotation(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(c, s) = (cos, sin) of the Jacobi angle with ``cot(2 phi) = theta``, |phi| <= pi/4.

    t = tan(phi) is the smaller root of ``t^2 + 2 theta t - 1 = 0``:
    ``t = sign(theta) / (|theta| + sqrt(theta^2 + 1))`` (hypot: no overflow for a huge theta).
    """
    t = np.where(theta < 0, -1.0, 1.0) / (np.abs(theta) + np.hypot(1.0, theta))
    c = 1.0 / np.sqrt(1.0 + t * t)
    return c, c * t


def rotate_rows(X: np.ndarray, P: np.ndarray, Q: np.ndarray, c: np.ndarray, s: np.ndarray):
    """Rows ``(x_p, x_q) <- (c x_p - s x_q, s x_p + c x_q)`` for every pair at once, in place."""
    Xp, Xq = X[P], X[Q]
    X[P] = c[:, None] * Xp - s[:, None] * Xq
    X[Q] = s[:, None] * Xp + c[:, None] * Xq
