"""Exercises of notebook 04: the rank-k reconstruction from an SVD, the numerical rank, and the
share of the energy that k singular values keep.

Each checker runs a case a learner can follow first (a small matrix, or the photograph's singular
values), then seeded random sizes and values, with every dimension different so that a mix-up of
U and V^T raises or gives the wrong shape.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

from .._checks import shape_str
from ..data import load_photo
from ..linalg import svd
from ._core import exercise
from ._feedback import Wrong, as_array_of_shape, as_number, close, describe, fmt, fmt_list


def _svd_cases():
    rng = np.random.default_rng(40)
    A = np.array([[3.0, 1.0, 1.0], [-1.0, 3.0, 1.0]])
    yield (*svd(A), 1)
    m, n = (int(v) for v in rng.choice(np.arange(4, 10), size=2, replace=False))
    U, s, Vt = svd(rng.normal(0, 2, size=(m, n)))
    yield U, s, Vt, int(rng.integers(2, min(m, n)))
    U, s, Vt = svd(rng.normal(0, 1, size=(n + 1, m + 2)))
    yield U, s, Vt, min(U.shape[0], Vt.shape[1])                    # k = r: all of A


@exercise("04.1", "the best rank-k approximation from the SVD", name="rank_k",
          solution=("def rank_k(U, s, Vt, k):\n"
                    "    return U[:, :k] @ np.diag(s[:k]) @ Vt[:k, :]\n"),
          hints=["A_k keeps the first k singular values and the singular vectors that belong to "
                 "them, and drops the rest.",
                 "The first k left singular vectors are the first k COLUMNS of U; the first k "
                 "right singular vectors are the first k ROWS of Vt (Vt is V transposed).",
                 "Multiply three pieces: the first k columns of U, the k x k diagonal matrix of "
                 "the first k singular values, the first k rows of Vt. Python's :k stops before "
                 "index k, so it takes exactly k items."],
          wrong=[lambda U, s, Vt, k: U @ np.diag(s) @ Vt,
                 lambda U, s, Vt, k: U[:, :k] @ Vt[:k],
                 lambda U, s, Vt, k: U[:, :k + 1] @ np.diag(s[:k + 1]) @ Vt[:k + 1],
                 lambda U, s, Vt, k: U[:, :k] @ np.diag(s[:k]) @ Vt[:, :k].T,
                 lambda U, s, Vt, k: U[:k] @ np.diag(s[:k]) @ Vt[:k],
                 lambda U, s, Vt, k: U[:, k:] @ np.diag(s[k:]) @ Vt[k:],
                 lambda U, s, Vt, k: U[:, :k] @ np.diag(s[:k] ** 2) @ Vt[:k],
                 lambda U, s, Vt, k: U[:, :k - 1] @ np.diag(s[:k - 1]) @ Vt[:k - 1]],
          right=[lambda U, s, Vt, k: (U[:, :k] * s[:k]) @ Vt[:k],
                 lambda U, s, Vt, k: sum(s[i] * np.outer(U[:, i], Vt[i]) for i in range(k)),
                 lambda U, s, Vt, k: np.einsum("ik,k,kj->ij", U[:, :k], s[:k], Vt[:k]),
                 lambda U, s, Vt, k: (U[:, :k] @ np.diag(s[:k]) @ Vt[:k]).astype(np.float32),
                 lambda U, s, Vt, k: U @ np.diag(np.where(np.arange(len(s)) < k, s, 0)) @ Vt])
def _check_rank_k(rank_k):
    for U, s, Vt, k in _svd_cases():
        m, n = U.shape[0], Vt.shape[1]
        want = (U[:, :k] * s[:k]) @ Vt[:k]
        where = f"for U {shape_str(U.shape)}, s {shape_str(s.shape)}, Vt {shape_str(Vt.shape)}, k = {k}"
        got = as_array_of_shape(rank_k(U, s, Vt, k), (m, n),
                                f"{where} the approximation (the same shape as A)")
        scale = float(s[0])
        if close(got, want, scale=scale):
            continue
        for j, words in [(len(s), "all the singular values; keep only the first k"),
                         (k + 1, f"k + 1 = {k + 1} terms; s[:k] already holds k items "
                                 "(indices 0 to k - 1)"),
                         (k - 1, f"k - 1 = {k - 1} terms; s[:k] holds k items")]:
            if 0 <= j <= len(s) and j != k and close(got, (U[:, :j] * s[:j]) @ Vt[:j],
                                                     scale=scale):
                return f"{where} your result uses {words}"
        if close(got, U[:, :k] @ Vt[:k], scale=scale):
            return (f"{where} the singular values are missing: each term u_i v_i^T must be "
                    "multiplied by its s_i")
        if close(got, (U[:, :k] * s[:k] ** 2) @ Vt[:k], scale=scale):
            return f"{where} you multiplied by s_i squared; each term is s_i u_i v_i^T"
        error = float(np.sqrt(np.sum((got - want) ** 2)))
        return (f"{where} your result differs from U[:, :k] diag(s[:k]) (the first k rows of "
                f"Vt) by {fmt(error)} in the Frobenius norm; check which rows and columns you "
                "take from U and from Vt")
    return None


def _spectra():
    rng = np.random.default_rng(41)
    yield np.array([5.0, 2.0, 1e-3, 1e-14]), 1e-10
    yield np.array([3.0, 0.5, 0.0, 0.0]), 1e-12
    n = int(rng.integers(6, 12))
    s = np.sort(rng.uniform(0.5, 10, size=n))[::-1]
    s[int(rng.integers(3, n - 1)):] = rng.uniform(0, 1e-13, size=1)
    yield np.sort(s)[::-1], 1e-9
    yield np.array([4.0, 4.0, 1e-6]), 1e-5


def _as_count(answer, what: str) -> int:
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        raise Wrong(f"you returned {describe(answer)}; {what} is a whole number")
    if not np.isfinite(float(answer)) or float(answer) != int(answer):
        raise Wrong(f"you returned {describe(answer)}; {what} is a whole number (a count)")
    return int(answer)


@exercise("04.2", "the numerical rank", name="numerical_rank",
          solution=("def numerical_rank(s, tol):\n"
                    "    return int(np.sum(s > tol))\n"),
          hints=["In floating point a singular value that 'should' be 0 comes out as a tiny "
                 "number like 1e-16. The tolerance tol is the line below which we call it zero.",
                 "The rank is a count: how many singular values are larger than tol.",
                 "Compare the whole array with tol (that gives True/False for each value) and "
                 "count the True ones."],
          wrong=[lambda s, tol: len(s), lambda s, tol: int(np.sum(s >= 0)),
                 lambda s, tol: int(np.sum(s > 0)), lambda s, tol: int(np.sum(s < tol)),
                 lambda s, tol: float(np.sum(s[s > tol])), lambda s, tol: s > tol,
                 lambda s, tol: int(np.sum(s > tol)) - 1, lambda s, tol: 2],
          right=[lambda s, tol: np.count_nonzero(s > tol),
                 lambda s, tol: sum(1 for v in s if v > tol),
                 lambda s, tol: len(s[s > tol]),
                 lambda s, tol: np.float64(np.sum(s > tol))])
def _check_numerical_rank(numerical_rank):
    for s, tol in _spectra():
        want = int(np.sum(s > tol))
        got = _as_count(numerical_rank(s, tol), f"the rank for s = {fmt_list(s)}")
        if got == want:
            continue
        where = f"for s = {fmt_list(s)} and tol = {fmt(tol)} you returned {got}"
        if got == len(s):
            return (f"{where}, the number of singular values; the rank counts only those above "
                    f"tol, here {want}")
        if got == int(np.sum(s > 0)):
            return (f"{where}: you counted the values above 0, but in floating point a value "
                    f"like {fmt(s[s > 0].min())} is zero up to rounding; count those above tol")
        return f"{where}; {want} of them are larger than tol"
    return None


@functools.cache
def photo_singular_values() -> np.ndarray:
    """The singular values of the grey photograph, every 4th pixel (150 x 128), by mathlib."""
    s = svd(load_photo(gray=True, step=4))[1]
    s.setflags(write=False)
    return s


def _energy_cases():
    rng = np.random.default_rng(42)
    yield np.array([3.0, 2.0, 1.0]), 1
    yield photo_singular_values(), 10
    n = int(rng.integers(5, 12))
    yield np.sort(rng.uniform(0.1, 5, size=n))[::-1], int(rng.integers(2, n))
    yield np.array([2.0, 1.0, 1.0, 0.0]), 4


@exercise("04.3", "the share of the energy kept", name="energy_kept",
          solution=("def energy_kept(s, k):\n"
                    "    return np.sum(s[:k] ** 2) / np.sum(s ** 2)\n"),
          hints=["The 'energy' of a matrix is the sum of its squared entries, and that equals the "
                 "sum of its squared singular values.",
                 "Keeping the first k singular values keeps the energy s_0^2 + ... + s_(k-1)^2. "
                 "The share is that, divided by the total.",
                 "Square the singular values first, then add the first k, and divide by the sum "
                 "of all of them. A number between 0 and 1."],
          wrong=[lambda s, k: np.sum(s[:k]) / np.sum(s),
                 lambda s, k: k / len(s),
                 lambda s, k: np.sum(s[:k] ** 2),
                 lambda s, k: np.sum(s[:k + 1] ** 2) / np.sum(s ** 2),
                 lambda s, k: 100 * np.sum(s[:k] ** 2) / np.sum(s ** 2),
                 lambda s, k: np.sqrt(np.sum(s[:k] ** 2) / np.sum(s ** 2)),
                 lambda s, k: np.sum(s[k:] ** 2) / np.sum(s ** 2)],
          right=[lambda s, k: float(s[:k] @ s[:k] / (s @ s)),
                 lambda s, k: 1 - np.sum(s[k:] ** 2) / np.sum(s ** 2),
                 lambda s, k: sum(v * v for v in s[:k]) / sum(v * v for v in s),
                 lambda s, k: np.float32(np.sum(s[:k] ** 2) / np.sum(s ** 2))])
def _check_energy(energy_kept):
    for s, k in _energy_cases():
        squares = s * s
        want = float(np.sum(squares[:k]) / np.sum(squares))
        where = f"for {len(s)} singular values s = {fmt_list(s)} and k = {k}"
        got = as_number(energy_kept(s, k), f"{where} the share kept")
        if close(got, want):
            continue
        if close(got, np.sum(s[:k]) / np.sum(s)):
            return (f"{where} you returned {fmt(got)}, the share of the singular values "
                    f"themselves; the energy is in their squares: {fmt(want)}")
        if close(got, 100 * want):
            return f"{where} you returned {fmt(got)}, a percentage; give a share between 0 and 1"
        if close(got, k / len(s)):
            return (f"{where} you returned {fmt(got)} = k / {len(s)}, the share of the COUNT; "
                    "large singular values carry more than small ones")
        return f"{where} you returned {fmt(got)}; the share of the energy kept is {fmt(want)}"
    return None
