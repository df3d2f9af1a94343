"""Linear algebra from scratch: dot products and matrix products (notebooks 01-04).

No ``numpy.linalg`` and no ``@`` here: every product is written as the sums of products that
define it, so that it can be compared with numpy in the tests.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, shape_str

__all__ = ["dot", "matmul", "transpose"]


def dot(u, v) -> float:
    """Dot product ``u . v = u_1 v_1 + ... + u_n v_n`` of two vectors (n,) and (n,).

    One neuron computes a dot product: its weights with its inputs.
    """
    u = as_array(u, "u", "dot", ndim=1)
    v = as_array(v, "v", "dot", ndim=1)
    if u.shape != v.shape:
        raise ValueError(f"dot: u has {u.shape[0]} entries and v has {v.shape[0]}; "
                         "a dot product needs two vectors of the same length")
    return float(np.sum(u * v))


def matmul(A, B) -> np.ndarray:
    """Matrix product ``C = A B`` with ``C[i, j] = sum_k A[i, k] B[k, j]``.

    Shapes: A (m, n), B (n, p) -> C (m, p). Each row of C is the row of A combining the rows of B:
    ``C[i] = sum_k A[i, k] B[k]``.

    Raises ValueError naming both shapes when the inner dimensions differ.
    """
    A = as_array(A, "A", "matmul", ndim=2)
    B = as_array(B, "B", "matmul", ndim=2)
    (m, n), (n2, p) = A.shape, B.shape
    if n != n2:
        raise ValueError(f"matmul: A has shape {shape_str(A.shape)} and B has shape {shape_str(B.shape)}; "
                         f"the inner dimensions ({n} and {n2}) must match")
    C = np.empty((m, p))
    for i in range(m):
        C[i] = np.sum(A[i][:, None] * B, axis=0)
    return C


def transpose(A) -> np.ndarray:
    """Transpose ``A^T[j, i] = A[i, j]``: rows become columns. Shapes: (m, n) -> (n, m)."""
    A = as_array(A, "A", "transpose", ndim=2, nonempty=False)
    m, n = A.shape
    T = np.empty((n, m))
    for i in range(m):
        T[:, i] = A[i]
    return T
