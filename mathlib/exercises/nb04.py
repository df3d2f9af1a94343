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
    # first, a case a learner can follow where every usual slip gives a different matrix:
    # r = 3 > k + 1, and U, Vt of different shapes
    A = np.array([[3.0, 1.0, 1.0, 0.0], [-1.0, 3.0, 1.0, 2.0], [1.0, 0.0, 2.0, -1.0]])
    yield (*svd(A), 1)
    m, n = (int(v) for v in rng.choice(np.arange(4, 10), size=2, replace=False))
    U, s, Vt = svd(rng.normal(0, 2, size=(m, n)))
    yield U, s, Vt, int(rng.integers(2, min(m, n)))
    U, s, Vt = svd(rng.normal(0, 1, size=(5, 5)))
    yield U, s, Vt, 2                                                # square: U[:k] fits
    U, s, Vt = svd(rng.normal(0, 1, size=(n + 1, m + 2)))
    yield U, s, Vt, min(U.shape[0], Vt.shape[1])                    # k = r: all of A


def _rank_k_slips(U, s, Vt, k):
    """(description, matrix) for each usual slip that gives a matrix of the right shape here."""
    r, m, n = len(s), U.shape[0], Vt.shape[1]
    slips = []

    def add(words, make):
        try:
            M = make()
        except (ValueError, IndexError):      # this slip does not fit these shapes
            return
        if M is not None and np.shape(M) == (m, n):
            slips.append((words, np.asarray(M, dtype=float)))

    add(f"one term too many (off by one): you kept k + 1 = {k + 1} terms; s[:k] already holds "
        "k items, indices 0 to k - 1", lambda: (U[:, :k + 1] * s[:k + 1]) @ Vt[:k + 1]
        if k + 1 <= r else None)
    add(f"one term too few (off by one): you kept k - 1 = {k - 1} terms; s[:k] holds k items, "
        "indices 0 to k - 1", lambda: (U[:, :k - 1] * s[:k - 1]) @ Vt[:k - 1]
        if k >= 1 else None)
    add(f"all {r} terms, U diag(s) Vt = A itself; keep only the first k",
        lambda: (U * s) @ Vt)
    add("the LAST k terms (the smallest singular values); keep the first k, the largest",
        lambda: (U[:, r - k:] * s[r - k:]) @ Vt[r - k:])
    add("no singular values: U[:, :k] @ Vt[:k] without diag(s[:k]); each term u_i v_i^T must "
        "be multiplied by its s_i", lambda: U[:, :k] @ Vt[:k])
    add("the squared singular values s_i^2; each term is s_i u_i v_i^T, with s_i itself",
        lambda: (U[:, :k] * s[:k] ** 2) @ Vt[:k])
    add("the first k COLUMNS of Vt (Vt[:, :k].T); the right singular vectors v_i^T are its "
        "ROWS: Vt[:k, :]", lambda: (U[:, :k] * s[:k]) @ Vt[:, :k].T)
    add("the first k ROWS of U (U[:k]); the left singular vectors u_i are its COLUMNS: "
        "U[:, :k]", lambda: U[:k] @ np.diag(s[:k]) @ Vt[:k])
    return slips


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
        where = (f"for U {shape_str(U.shape)}, s {shape_str(s.shape)}, Vt {shape_str(Vt.shape)}, "
                 f"k = {k}")
        got = as_array_of_shape(rank_k(U, s, Vt, k), (m, n),
                                f"{where} the approximation (the same shape as A)")
        scale = float(s[0])
        if close(got, want, scale=scale):
            continue
        # a slip is named only when it fits and no other slip gives the same matrix here
        fits = [words for words, M in _rank_k_slips(U, s, Vt, k)
                if not close(M, want, scale=scale) and close(got, M, scale=scale)]
        if len(fits) == 1:
            return f"{where} your result uses {fits[0]}"
        error = float(np.sqrt(np.sum((got.astype(float) - want) ** 2)))
        return (f"{where} your result differs from the expected "
                f"U[:, :k] @ diag(s[:k]) @ Vt[:k, :] (the first k columns of U, the first k "
                f"singular values, the first k rows of Vt) by {fmt(error)} in the Frobenius "
                "norm; check which rows and columns you take from U and from Vt")
    return None


def _spectra():
    rng = np.random.default_rng(41)
    yield np.array([5.0, 2.0, 1e-3, 1e-14]), 1e-10
    yield np.array([3.0, 0.5, 0.0, 0.0]), 1e-12
    yield np.array([4.0, 2.5, 1.0]), 1e-10                            # full rank: none below tol
    yield np.array([2.0, 1.0, 1e-8, 1e-8, 1e-17]), 1e-8               # equal to tol: not above
    yield np.array([50.0, 20.0, 0.02, 1e-15]), 0.01                   # tol itself, not tol * s[0]
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
                 "The rank is a count: how many singular values are strictly larger than tol "
                 "(a value equal to tol counts as zero). Compare with tol itself, as given.",
                 "Compare the whole array with tol (that gives True/False for each value) and "
                 "count the True ones."],
          wrong=[lambda s, tol: len(s), lambda s, tol: int(np.sum(s >= 0)),
                 lambda s, tol: int(np.sum(s >= tol)),
                 lambda s, tol: int(np.argmax(s <= tol)),
                 lambda s, tol: int(np.sum(s > tol * s[0])),
                 lambda s, tol: int(np.sum(s > 0)), lambda s, tol: int(np.sum(s < tol)),
                 lambda s, tol: float(np.sum(s[s > tol])), lambda s, tol: s > tol,
                 lambda s, tol: int(np.sum(s > tol)) - 1, lambda s, tol: 2],
          right=[lambda s, tol: np.count_nonzero(s > tol),
                 lambda s, tol: sum(1 for v in s if v > tol),
                 lambda s, tol: len(s[s > tol]),
                 lambda s, tol: np.float64(np.sum(s > tol)),
                 lambda s, tol: next((i for i, v in enumerate(s) if v <= tol), len(s))])
def _check_numerical_rank(numerical_rank):
    for s, tol in _spectra():
        want = int(np.sum(s > tol))
        got = _as_count(numerical_rank(s, tol), f"the rank for s = {fmt_list(s)}")
        if got == want:
            continue
        where = f"for s = {fmt_list(s)} and tol = {fmt(tol)} you returned {got}"
        if got == int(np.sum(s >= tol)):
            return (f"{where}: you counted the values equal to tol as well; 'larger than tol' is "
                    f"strict (a value equal to tol counts as zero), so the rank is {want}")
        if got == len(s):
            return (f"{where}, the number of singular values; the rank counts only those above "
                    f"tol, here {want}")
        if got == int(np.sum(s > 0)):
            return (f"{where}: you counted the values above 0, but in floating point a value "
                    f"like {fmt(s[s > 0].min())} is zero up to rounding; count those above tol")
        if got == int(np.sum(s > tol * s[0])):
            return (f"{where}: you compared with tol times s[0] = {fmt(tol * s[0])}; here tol "
                    f"is the line itself: count the values larger than {fmt(tol)}, here {want}")
        if want == len(s) and got == 0:
            return (f"{where}; every value is larger than tol here (a matrix of full rank), so "
                    f"the count is {want}. (If you look for the first value below tol: there "
                    "is none here.)")
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
    yield np.array([2.0, 1.0, 1.0, 0.0]), 4                          # k = len(s): all of it
    yield np.array([4.0, 3.0, 1.0]), 0                               # k = 0: nothing kept


@exercise("04.3", "the share of the energy kept", name="energy_kept",
          solution=("def energy_kept(s, k):\n"
                    "    return np.sum(s[:k] ** 2) / np.sum(s ** 2)\n"),
          hints=["The 'energy' of a matrix is the sum of its squared entries, and that equals the "
                 "sum of its squared singular values.",
                 "Keeping the first k singular values keeps the energy s_1^2 + ... + s_k^2 "
                 "(in Python s[0] to s[k-1], the slice s[:k]). The share is that, divided by "
                 "the total; with k = 0 nothing is kept.",
                 "Square the singular values first, then add the first k, and divide by the sum "
                 "of all of them. A number between 0 and 1."],
          wrong=[lambda s, k: np.sum(s[:k]) / np.sum(s),
                 lambda s, k: k / len(s),
                 lambda s, k: np.sum(s[:k] ** 2),
                 lambda s, k: np.sum(s[:k + 1] ** 2) / np.sum(s ** 2),
                 lambda s, k: 100 * np.sum(s[:k] ** 2) / np.sum(s ** 2),
                 lambda s, k: np.sqrt(np.sum(s[:k] ** 2) / np.sum(s ** 2)),
                 lambda s, k: np.sum(s[k:] ** 2) / np.sum(s ** 2),
                 lambda s, k: np.cumsum(s ** 2)[k - 1] / np.sum(s ** 2)],
          right=[lambda s, k: float(s[:k] @ s[:k] / (s @ s)),
                 lambda s, k: 1 - np.sum(s[k:] ** 2) / np.sum(s ** 2),
                 lambda s, k: sum(v * v for v in s[:k]) / sum(v * v for v in s),
                 lambda s, k: np.float32(np.sum(s[:k] ** 2) / np.sum(s ** 2)),
                 lambda s, k: np.concatenate([[0.0], np.cumsum(s ** 2)])[k] / np.sum(s ** 2)])
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
        if k == 0 and close(got, 1.0):
            return (f"{where} you returned {fmt(got)}; with k = 0 nothing is kept, so the "
                    "share is 0. (If you index a running total at k - 1: in Python index -1 is "
                    "the LAST item, the total of all of them.)")
        if k < len(s) and close(got, np.sum(squares[:k + 1]) / np.sum(squares)):
            return (f"{where} you returned {fmt(got)}, the share of the first k + 1 = {k + 1} "
                    f"values (off by one); s[:k] already holds k items: {fmt(want)}")
        if close(got, 1.0 - want) and not close(want, 0.5):
            return (f"{where} you returned {fmt(got)}, the share of the DROPPED values; the "
                    f"share kept is that of the first k: {fmt(want)}")
        if close(got, k / len(s)):
            return (f"{where} you returned {fmt(got)} = k / {len(s)}, the share of the COUNT; "
                    "large singular values carry more than small ones")
        return f"{where} you returned {fmt(got)}; the share of the energy kept is {fmt(want)}"
    return None
