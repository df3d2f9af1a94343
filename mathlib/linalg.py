"""Linear algebra from scratch (notebooks 01-05): products, determinants, solving, norms, and
(from ``_linalg_decomp``) the eigen- and singular value decompositions, least squares and PCA.

No ``numpy.linalg`` and no ``@`` here: every algorithm is written with numpy arithmetic on whole
rows at a time, so that it can be read beside its formula and compared with numpy in the tests.
Huge or tiny entries are first divided by a power of two (exact), so nothing overflows on the way.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from ._checks import as_array, shape_str
from ._linalg_base import (EPS, back_substitute, matmul, pnorm, pow2_scale, rows_check,
                           scaled_products, square, unscale)
from ._linalg_decomp import (PCA, EigSymResult, PowerIterationResult, SVDResult, eig_sym, low_rank,
                             lstsq, pca, pinv, power_iteration, rank, svd)

__all__ = ["dot", "matmul", "transpose", "det", "inverse", "solve", "lstsq", "pinv", "eig_sym",
           "power_iteration", "svd", "rank", "low_rank", "pca", "PCA", "norm", "frobenius",
           "euclidean", "manhattan", "cosine_similarity", "IllConditionedWarning", "EigSymResult",
           "PowerIterationResult", "SVDResult"]


class IllConditionedWarning(RuntimeWarning):
    """A matrix so close to singular that a result computed from it may have no correct digits."""


# -- products -----------------------------------------------------------------------------------

def dot(u, v) -> float:
    """Dot product ``u . v = u_1 v_1 + ... + u_n v_n`` of two vectors (n,) and (n,).

    One neuron computes a dot product: its weights with its inputs.
    Huge entries give a huge (or infinite) result without an overflow warning.
    """
    u = as_array(u, "u", "dot", ndim=1)
    v = as_array(v, "v", "dot", ndim=1)
    if u.shape != v.shape:
        raise ValueError(f"dot: u has {u.shape[0]} entries and v has {v.shape[0]}; "
                         "a dot product needs two vectors of the same length")
    with np.errstate(over="ignore", invalid="ignore"):
        result = float(np.sum(u * v))
    if not math.isfinite(result):            # a product or the sum overflowed: scale first
        result = float(scaled_products(u[None, :], v)[0])
    return result


def transpose(A) -> np.ndarray:
    """Transpose ``A^T[j, i] = A[i, j]``: rows become columns. Shapes: (m, n) -> (n, m)."""
    A = as_array(A, "A", "transpose", ndim=2, nonempty=False)
    m, n = A.shape
    T = np.empty((n, m))
    for i in range(m):
        T[:, i] = A[i]
    return T


# -- elimination: det, inverse, solve -----------------------------------------------------------

def _eliminate(M: np.ndarray, n: int) -> float:
    """Gaussian elimination with partial pivoting on the first n columns of M, in place.

    Step k swaps up the row with the largest |M[i, k]| (i >= k), so every multiplier
    ``l_i = M[i, k] / M[k, k]`` has |l_i| <= 1, then subtracts ``l_i`` times row k from each row
    below. M[:n, :n] ends upper-triangular with the pivots on its diagonal. Returns the sign
    (-1)^(number of row swaps).
    """
    sign = 1.0
    for k in range(n):
        p = k + int(np.argmax(np.abs(M[k:, k])))
        if p != k:
            M[[k, p]] = M[[p, k]]
            sign = -sign
        if M[k, k] != 0.0:
            M[k + 1:, k:] -= (M[k + 1:, k] / M[k, k])[:, None] * M[k, k:]
    return sign


def _singular(where: str, column: int, pivot: float, tol: float) -> ValueError:
    return ValueError(f"{where}: A is singular: column {column} is (up to rounding) a combination "
                      "of the columns before it, so A flattens space, det(A) = 0, A has no inverse "
                      "and A x = b has no unique solution. Use lstsq(A, b) for a least-squares "
                      "solution or pinv(A) for the pseudo-inverse. (Elimination left a pivot of "
                      f"{pivot:.3g} times max|A| in column {column}, not above n * eps = {tol:.3g}.)")


def det(A) -> float:
    """Determinant ``det(A) = (-1)^s * u_11 u_22 ... u_nn``, from elimination with partial pivoting.

    Row swaps (s of them) flip the sign, subtracting a multiple of one row from another changes
    nothing, and a triangular matrix's determinant is the product of its diagonal (the pivots).
    |det(A)| is the factor by which A scales areas (volumes); det(A) = 0 when A flattens space.
    In a neural network: the Jacobian determinant in normalising flows.

    Shapes: A (n, n) -> a number. Raises ValueError for a non-square A.
    """
    A = square(A, "det", "a determinant is defined only for square matrices")
    row_max = np.max(np.abs(A), axis=1)
    # Divide row i by a power of two 2^e_i (exact) so that its largest entry is in [1, 2): then
    # det(A) = 2^(e_1 + ... + e_n) det(M), and neither huge nor tiny rows overflow or underflow.
    e = np.frexp(row_max)[1] - 1
    M = np.ldexp(A, -e[:, None])
    n = M.shape[0]
    sign = _eliminate(M, n)
    pivots = np.diag(M)
    if np.any(pivots == 0.0):
        return 0.0
    # Multiply the pivots as mantissa * 2^exponent (math.frexp), so the product cannot overflow
    # or underflow on the way even when det(A) itself is far outside the range of a float.
    mantissa, exponent = sign, int(np.sum(e))
    for u in pivots:
        f, k = math.frexp(float(u))
        mantissa, k2 = math.frexp(mantissa * f)
        exponent += k + k2
    if exponent > 1024:
        return math.copysign(math.inf, mantissa)
    return math.ldexp(mantissa, exponent)     # a result below the smallest float becomes 0.0


def inverse(A) -> np.ndarray:
    """Inverse ``A^-1`` with ``A A^-1 = A^-1 A = I``, by Gauss-Jordan elimination with partial pivoting.

    Row-reduce the block matrix ``[A | I]`` to ``[I | A^-1]``: at step k swap up the row with the
    largest |entry| in column k, divide it by its pivot, and subtract multiples of it from every
    other row (above and below) to clear column k.
    In a neural network: rarely formed explicitly (solve is cheaper and more accurate); it appears
    in the closed form of linear regression ``w = (X^T X)^-1 X^T y``.

    Shapes: A (n, n) -> (n, n). Raises ValueError for a non-square or singular A (a pivot not above
    ``n * eps * max|A|``). Warns with IllConditionedWarning (a RuntimeWarning) when the condition
    number ``kappa_1(A) = |A|_1 |A^-1|_1`` (largest column sum of |entries|) exceeds 1 / eps = 4.5e15:
    the computed inverse may then have no correct digits.
    """
    A = square(A, "inverse", "only a square matrix can have an inverse (use pinv otherwise)")
    As, e = pow2_scale(A)                    # A^-1 = (A / 2^e)^-1 / 2^e
    n = As.shape[0]
    amax, tol = float(np.max(np.abs(As))) or 1.0, n * EPS   # "or": the zero matrix
    M = np.hstack([As, np.eye(n)])
    for k in range(n):
        p = k + int(np.argmax(np.abs(M[k:, k])))
        if abs(M[p, k]) <= tol * amax:
            raise _singular("inverse", k, abs(M[p, k]) / amax, tol)
        M[[k, p]] = M[[p, k]]
        M[k] /= M[k, k]                       # pivot row scaled so the pivot is 1
        factors = M[:, k].copy()
        factors[k] = 0.0
        M -= factors[:, None] * M[k]          # clear column k in every other row
    inv = M[:, n:]
    # kappa_1 = |A|_1 |A^-1|_1: the relative error of A^-1 can be up to about kappa * eps
    with np.errstate(over="ignore"):
        kappa = float(np.max(np.sum(np.abs(As), axis=0)) * np.max(np.sum(np.abs(inv), axis=0)))
    if not kappa <= 1.0 / EPS:
        warnings.warn(f"inverse: A is ill-conditioned: its condition number is about {kappa:.2g} "
                      f"(|A|_1 |A^-1|_1), beyond 1 / eps = {1.0 / EPS:.2g}, so rounding errors of "
                      "size eps = 2.2e-16 can be magnified by that much: the computed inverse may "
                      "have no correct digits. A is nearly singular; use lstsq or pinv, or "
                      "regularise (add a small multiple of I)", IllConditionedWarning, stacklevel=2)
    return unscale(inv, -e)


def solve(A, b) -> np.ndarray:
    """Solve ``A x = b`` by Gaussian elimination with partial pivoting, then back substitution.

    Shapes: A (n, n), b (n,) -> x (n,); b (n, r) (r right-hand sides) -> x (n, r).
    Elimination turns ``A x = b`` into ``U x = c`` with U upper-triangular; the last equation has
    one unknown, and each one above it one more.
    In a neural network: the normal equations ``X^T X w = X^T y`` of linear regression.

    Raises ValueError when the shapes do not fit, A is not square, or A is singular (a pivot not
    above ``n * eps * max|A|``; use lstsq or pinv then).
    """
    A = square(A, "solve", "a square system has one equation per unknown (use lstsq otherwise)")
    b = as_array(b, "b", "solve", ndim=(1, 2))
    rows_check(A, b, "solve")
    n = A.shape[0]
    As, ea = pow2_scale(A)                   # x = (A / 2^ea)^-1 (b / 2^eb) * 2^(eb - ea)
    bs, eb = pow2_scale(b)
    amax, tol = float(np.max(np.abs(As))) or 1.0, n * EPS   # "or": the zero matrix
    M = np.hstack([As, bs.reshape(n, -1)])
    _eliminate(M, n)
    pivots = np.abs(np.diag(M[:, :n])) / amax
    if np.any(pivots <= tol):
        k = int(np.argmax(pivots <= tol))
        raise _singular("solve", k, pivots[k], tol)
    X = back_substitute(M[:, :n], M[:, n:])
    return unscale(X.reshape(b.shape), eb - ea)


# -- norms, distances, similarity ---------------------------------------------------------------

def _order(p, where: str) -> float:
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: p must be a number >= 1, np.inf or 'fro', got "
                        f"{type(p).__name__} {p!r:.40}") from None
    if not p >= 1.0:                          # also catches nan
        raise ValueError(f"{where}: p must be >= 1 or np.inf, got p = {p}; for p < 1 the formula "
                         "(sum_i |x_i|^p)^(1/p) is not a norm (it breaks the triangle inequality "
                         "|x + y| <= |x| + |y|)")
    return p


def norm(x, *, p=2) -> float:
    """p-norm ``|x|_p = (sum_i |x_i|^p)^(1/p)`` of a vector, p >= 1; ``max_i |x_i|`` for p = np.inf.

    p = 2 is the length (Euclidean norm), p = 1 the sum of absolute values. ``p="fro"`` gives the
    Frobenius norm of a matrix (see frobenius). Computed as ``m (sum_i (|x_i|/m)^p)^(1/p)`` with
    m = max|x_i|, so huge entries do not overflow.
    In a neural network: weight decay (L2) and lasso (L1) penalties, gradient-norm clipping.

    Shapes: x (n,) -> a number >= 0. Raises ValueError for p < 1 (not a norm), a matrix x with a
    numeric p, or a vector x with p = 'fro' (use p = 2); TypeError for a p that is not a number.
    """
    if isinstance(p, str):
        if p != "fro":
            raise ValueError(f"norm: p = {p!r} is not a norm order; use a number >= 1, np.inf, "
                             "or 'fro' for a matrix")
        x = as_array(x, "x", "norm", ndim=(1, 2))
        if x.ndim == 1:
            raise ValueError(f"norm: p = 'fro' (Frobenius) is the norm of a matrix, but x is a "
                             f"vector of length {x.shape[0]}; for a vector use norm(x) (p = 2, "
                             "the square root of the sum of squares, which is what 'fro' computes "
                             "for a matrix read as one long vector)")
        return frobenius(x)
    p = _order(p, "norm")
    x = as_array(x, "x", "norm", ndim=(1, 2))
    if x.ndim == 2:
        raise ValueError(f"norm: x is a matrix of shape {shape_str(x.shape)}; the p-norm here is "
                         "for vectors, use norm(x, p='fro') or frobenius(x) for a matrix")
    return pnorm(x, p)


def frobenius(A) -> float:
    """Frobenius norm ``|A|_F = sqrt(sum_ij A_ij^2)``: the length of A read as one long vector.

    In a neural network: the size of a weight matrix (weight decay), the error of a low-rank
    approximation. Shapes: A (m, n) -> a number >= 0.
    """
    A = as_array(A, "A", "frobenius", ndim=2)
    return pnorm(A.ravel(), 2.0)


def _pair(a, b, where: str) -> tuple[np.ndarray, np.ndarray]:
    a = as_array(a, "a", where, ndim=1)
    b = as_array(b, "b", where, ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"{where}: a has shape {shape_str(a.shape)} and b has shape "
                         f"{shape_str(b.shape)}; both need the same number of coordinates")
    return a, b


def _difference(a, b, where: str) -> np.ndarray:
    a, b = _pair(a, b, where)
    with np.errstate(over="ignore"):
        return a - b                          # inf if it exceeds the float range: a distance of inf


def euclidean(a, b) -> float:
    """Euclidean distance ``d(a, b) = |a - b|_2 = sqrt(sum_i (a_i - b_i)^2)``: the straight line.

    In a neural network: k-nearest neighbours, the RBF kernel, embedding distances.
    Shapes: a (n,), b (n,) -> a number >= 0.
    """
    return pnorm(_difference(a, b, "euclidean"), 2.0)


def manhattan(a, b) -> float:
    """Manhattan distance ``d(a, b) = |a - b|_1 = sum_i |a_i - b_i|``: along the grid's streets.

    In a neural network: the L1 (mean absolute error) loss is its average.
    Shapes: a (n,), b (n,) -> a number >= 0.
    """
    return pnorm(_difference(a, b, "manhattan"), 1.0)


def cosine_similarity(a, b) -> float:
    """Cosine similarity ``cos(theta) = a . b / (|a| |b|)``, in [-1, 1]: 1 same direction, 0
    perpendicular, -1 opposite. It ignores lengths; it is undefined for a zero vector.

    In a neural network: comparing word embeddings; attention scores are unnormalised versions.
    Shapes: a (n,), b (n,) -> a number. Raises ValueError when a or b is the zero vector.
    """
    a, b = _pair(a, b, "cosine_similarity")
    units = []
    for name, v in (("a", a), ("b", b)):
        if not np.any(v):
            raise ValueError(f"cosine_similarity: {name} is the zero vector; cosine similarity is "
                             "undefined for a zero vector (it has no direction)")
        vs = pow2_scale(v)[0]                 # the direction of v, with entries in [-2, 2]
        units.append(vs / pnorm(vs, 2.0))
    return float(np.clip(np.sum(units[0] * units[1]), -1.0, 1.0))
