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
from ._core import LearnerRaised, exercise
from ._rules import Rule
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, describe_value,
                        fmt, fmt_list, fmt_pair)
from ._slips import cause_in_results

NOTEBOOK = "04"


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
    add("the square roots of the singular values; each term is s_i u_i v_i^T, with s_i itself",
        lambda: (U[:, :k] * np.sqrt(s[:k])) @ Vt[:k])
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
                 "Three pieces are multiplied, and the middle one must be a diagonal matrix (or "
                 "a scaling of columns). Python's :k stops before index k, so it takes exactly "
                 "k items; check the shapes of your three pieces before multiplying."],
          wrong=[lambda U, s, Vt, k: U @ np.diag(s) @ Vt,
                 lambda U, s, Vt, k: U[:, :k] @ Vt[:k],
                 lambda U, s, Vt, k: U[:, :k + 1] @ np.diag(s[:k + 1]) @ Vt[:k + 1],
                 lambda U, s, Vt, k: U[:, :k] @ np.diag(s[:k]) @ Vt[:, :k].T,
                 lambda U, s, Vt, k: U[:k] @ np.diag(s[:k]) @ Vt[:k],
                 lambda U, s, Vt, k: U[:, k:] @ np.diag(s[k:]) @ Vt[k:],
                 lambda U, s, Vt, k: U[:, :k] @ np.diag(s[:k] ** 2) @ Vt[:k],
                 lambda U, s, Vt, k: U[:, :k] @ np.diag(np.sqrt(s[:k])) @ Vt[:k],
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
                "norm")
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
    # 1e-30 is above 0 but below tol * s.max() * len(s) * eps: "above 0" does not fit here, so
    # a rescaled tol is not told it "counted the values above 0"
    yield np.array([1.0, 0.5, 1e-30]), 1e-10


def _as_count(answer, what: str) -> int:
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        raise Wrong(f"you returned {describe_value(answer)}; {what} is a whole number")
    if not np.isfinite(float(answer)) or float(answer) != int(answer):
        raise Wrong(f"you returned {describe_value(answer)}; {what} is a whole number (a count)")
    return int(answer)


def _count_slip(count, words):
    return (lambda s, tol: count(s, tol)), words


_RANK_SLIPS = [
    _count_slip(lambda s, tol: int(np.sum(s >= tol)),
                "you counted the values equal to tol as well; 'larger than tol' is strict (a "
                "value equal to tol counts as zero)"),
    _count_slip(lambda s, tol: len(s),
                "you returned the number of singular values, whatever they are; the rank counts "
                "only those above tol"),
    _count_slip(lambda s, tol: int(np.sum(s > 0)),
                "you counted the values above 0, but in floating point a value like 1e-14 is "
                "zero up to rounding; count those above tol"),
    _count_slip(lambda s, tol: int(np.sum(s > tol * s[0])),
                "you compared with tol times s[0]; here tol is the line itself: count the "
                "values larger than tol"),
    _count_slip(lambda s, tol: int(np.argmax(s <= tol)),
                "you returned the position of the first value at or below tol (np.argmax of "
                "s <= tol); when every value is above tol there is none, and np.argmax then "
                "gives 0. Count the values above tol instead"),
]


@exercise("04.2", "the numerical rank", name="numerical_rank",
          solution=("def numerical_rank(s, tol):\n"
                    "    return int(np.sum(s > tol))\n"),
          hints=["In floating point a singular value that 'should' be 0 comes out as a tiny "
                 "number like 1e-16. The tolerance tol is the line below which we call it zero.",
                 "The rank is a count: how many singular values are strictly larger than tol "
                 "(a value equal to tol counts as zero). Compare with tol itself, as given.",
                 "Comparing an array with a number gives one True/False per entry, and numpy "
                 "counts True as 1 when it adds."],
          wrong=[lambda s, tol: len(s), lambda s, tol: int(np.sum(s >= 0)),
                 lambda s, tol: int(np.sum(s >= tol)),
                 lambda s, tol: int(np.argmax(s <= tol)),
                 lambda s, tol: int(np.sum(s > tol * s[0])),
                 lambda s, tol: int(np.sum(s > 0)), lambda s, tol: int(np.sum(s < tol)),
                 lambda s, tol: float(np.sum(s[s > tol])), lambda s, tol: s > tol,
                 lambda s, tol: int(np.sum(s > tol)) - 1, lambda s, tol: 2,
                 lambda s, tol: int(np.sum(s > tol * s.max() * len(s) * np.finfo(float).eps))],
          right=[lambda s, tol: np.count_nonzero(s > tol),
                 lambda s, tol: sum(1 for v in s if v > tol),
                 lambda s, tol: len(s[s > tol]),
                 lambda s, tol: np.float64(np.sum(s > tol)),
                 lambda s, tol: next((i for i, v in enumerate(s) if v <= tol), len(s))])
def _check_numerical_rank(numerical_rank):
    results, first = [], None
    for s, tol in _spectra():
        case = (s, tol)
        want = int(np.sum(s > tol))
        try:
            got = _as_count(numerical_rank(s, tol), f"the rank for s = {fmt_list(s)}")
        except (Wrong, LearnerRaised):
            if first is None:
                raise
            break
        results.append((case, got))
        if first is None and got != want:
            first = (case, got, want)
    if first is None:
        return None
    (s, tol), got, want = first
    cause = cause_in_results(results, first[0], _RANK_SLIPS, lambda got, guess: got == guess)
    where = f"for s = {fmt_list(s)} and tol = {fmt(tol)} you returned {got}"
    if cause:
        return f"{where}: {cause}. Here the rank is {want}"
    return f"{where}; {want} of them are larger than tol"


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
                 "A share is a part measured against a whole, a number between 0 and 1. Here the "
                 "whole is the energy of all the singular values, the part that of the ones you "
                 "keep.",
                 "Keeping the first k singular values keeps s_1^2 + ... + s_k^2: in Python s[0] "
                 "to s[k-1], the slice s[:k] (with k = 0 it is empty: nothing is kept). Square "
                 "each value before adding up, for the part and for the whole alike."],
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


_A_BY_HAND = np.array([[2.0, 2.0], [1.0, 1.0]])   # A^T A = [[5, 5], [5, 5]]: s = sqrt(10), 0


@exercise("04.4", "singular values of a 2 x 2 matrix by hand", name="singular_by_hand",
          solution="singular_by_hand = (np.sqrt(10), 0)\n",
          hints=["The squared singular values of A are the eigenvalues of A^T A (notebook 03). "
                 "Start by multiplying A^T by A on paper.",
                 "A^T A is symmetric; its eigenvalues solve det(A^T A - lambda I) = 0, and they "
                 "add up to its trace. One of them is easy to spot: the columns of A^T A are "
                 "equal.",
                 "Singular values are the square roots of those eigenvalues, never negative, "
                 "largest first. Type a root as an expression (np.sqrt(...)), not a rounded "
                 "decimal."],
          wrong=[(3, 0), (10, 0), (0, np.sqrt(10)), (np.sqrt(5), np.sqrt(5)), (3.16, 0),
                 (np.sqrt(10), np.sqrt(10)), (2, 1), (np.sqrt(10),)],
          right=[(10 ** 0.5, 0.0), [np.sqrt(10), 0], np.array([np.sqrt(10), 0.0]),
                 (np.float32(np.sqrt(10)), 0)])
def _check_singular_by_hand(singular_by_hand):
    s1, s2 = as_numbers(singular_by_hand, 2, "the answer (s1, s2)", "your answer")
    want = np.array([np.sqrt(10.0), 0.0])
    got = np.array([s1, s2])
    # exact to float32's precision (np.float32(np.sqrt(10)) is 1.2e-8 off, relatively), so that a
    # decimal typed with 6 or 7 digits (3.16228: 7e-7 off) is told it was rounded
    if close(got, want, rtol=5e-8):
        return None
    yours = f"your (s1, s2) = ({fmt(s1, 12)}, {fmt(s2, 12)})"
    if close(got, want[::-1]):
        return f"{yours} lists them smallest first; singular values go largest first"
    if close(got, [3.0, 0.0]):
        return (f"{yours} are the EIGENVALUES of A (trace 3, det 0). For a matrix that is not "
                "symmetric they differ from the singular values: take the eigenvalues of "
                "A^T A, then square roots")
    if close(got, [10.0, 0.0]):
        return (f"{yours} are the eigenvalues of A^T A, the SQUARED singular values; take "
                "square roots")
    if s2 < 0 or s1 < 0:
        return f"{yours} has a negative value; singular values are lengths, never negative"
    if np.allclose(got, want, rtol=2e-3, atol=2e-3):
        return (f"{yours} is a rounded decimal close to sqrt(10) = {fmt(np.sqrt(10.0), 12)}...; "
                "the check asks for the exact value: type it as an expression, like np.sqrt(2), "
                "so that every digit counts")
    if close(s1 * s1 + s2 * s2, 10.0):
        return (f"{yours} has the right energy s1^2 + s2^2 = 10 (the trace of A^T A), but A "
                "has rank 1 (its columns are equal), so one singular value is 0")
    return (f"{yours}: the squares should be the eigenvalues of A^T A = [[5, 5], [5, 5]], "
            f"which add up to its trace, 10; yours add up to {fmt(s1 * s1 + s2 * s2)}")


def _pinv_cases():
    rng = np.random.default_rng(43)
    yield np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), 1e-10, "a tall 3 x 2 matrix"
    B = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0], [2.0, 1.0, 3.0], [1.0, 0.0, 1.0]])
    yield B, 1e-10, "the notebook's B, of rank 2 (its third singular value is about 1e-16)"
    yield np.round(rng.normal(0, 1, size=(3, 3)), 1), 1e-10, "a square invertible 3 x 3 matrix"
    m, n = (int(v) for v in rng.choice(np.arange(2, 6), size=2, replace=False))
    yield np.round(rng.normal(0, 2, size=(min(m, n), max(m, n) + 1)), 1), 1e-10, "a wide matrix"
    yield np.array([[2.0, 0.0], [0.0, 1e-3]]), 1e-2, "a matrix whose s_2 = 0.001 is below tol"
    # exactly 0.5 in numpy's SVD and in mathlib's: a value equal to tol counts as flattened
    yield np.array([[2.0, 0.0, 0.0], [0.0, 0.5, 0.0]]), 0.5, "a matrix whose s_2 = 0.5 equals tol"


def _pinv(A, tol):
    U, s, Vt = svd(A)
    inverse = np.where(s > tol, 1.0 / np.where(s > tol, s, 1.0), 0.0)
    return (Vt.T * inverse) @ U.T


def _pinv_slip(make):
    def slip(A, tol):
        U, s, Vt = svd(A)
        try:
            with np.errstate(all="ignore"):
                return make(U, s, Vt, tol)
        except (ValueError, IndexError):
            return None
    return slip


_PINV_SLIPS = [
    (lambda A, tol: A.T,
     "your result is A^T = V diag(s) U^T: you used s instead of 1 / s. The pseudo-inverse "
     "undoes the stretching, so it divides by each kept singular value"),
    (_pinv_slip(lambda U, s, Vt, tol: (U * np.where(s > tol, 1 / np.where(s > tol, s, 1), 0))
                @ Vt),
     "you built U diag(1/s) V^T; the pseudo-inverse runs the other way, V diag(1/s) U^T (its "
     "shape is that of A^T)"),
    (_pinv_slip(lambda U, s, Vt, tol: (Vt.T * np.where(s >= tol, 1 / np.where(s >= tol, s, 1),
                                                       0)) @ U.T),
     "you kept a singular value equal to tol; a value at or below tol counts as flattened "
     "(its entry in the middle piece is 0): keep only those strictly above tol"),
]
PSEUDO_INVERSE = Rule("PSEUDO_INVERSE", "which computes the pseudo-inverse for you",
                      targets=("numpy.linalg.pinv", "mathlib.linalg.pinv"))


@exercise("04.5", "the pseudo-inverse from the SVD", name="pseudo_inverse",
          solution=("def pseudo_inverse(A, tol):\n"
                    "    U, s, Vt = np.linalg.svd(A, full_matrices=False)\n"
                    "    keep = s > tol\n"
                    "    s_inv = np.zeros_like(s)\n"
                    "    s_inv[keep] = 1 / s[keep]\n"
                    "    return Vt.T @ np.diag(s_inv) @ U.T\n"),
          hints=["A = U S V^T sends v_i to s_i u_i. The pseudo-inverse undoes that for every "
                 "direction that is not flattened: it sends u_i back to v_i, divided by s_i.",
                 "So it is again a product of three pieces, taken from the same SVD, in the "
                 "reverse order and transposed; its shape is that of A^T.",
                 "Directions with a singular value at or below tol are treated as flattened: "
                 "their entry in the middle piece is 0, not 1 / s. Build the middle piece with "
                 "a boolean mask."],
          wrong=[lambda A, tol: (lambda U, s, Vt: (Vt.T / s) @ U.T)(
                     *np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: (lambda U, s, Vt: (Vt.T * np.where(s > tol, s, 0)) @ U.T)(
                     *np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: (lambda U, s, Vt: (U / s) @ Vt)(
                     *np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: (lambda U, s, Vt: (Vt.T * np.where(s >= tol, 1 / np.where(
                     s >= tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: np.linalg.pinv(A), lambda A, tol: A.T,
                 lambda A, tol: np.linalg.inv(A.T @ A) @ A.T],
          right=[lambda A, tol: (lambda U, s, Vt: (Vt.T * np.where(s > tol, 1 / np.where(
                     s > tol, s, 1), 0)) @ U.T)(*np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: (lambda U, s, Vt: sum(np.outer(Vt[i], U[:, i]) / s[i]
                                                      for i in range(len(s)) if s[i] > tol)
                                 + np.zeros((A.shape[1], A.shape[0])))(
                     *np.linalg.svd(A, full_matrices=False)),
                 lambda A, tol: (lambda U, s, Vt: Vt[:np.sum(s > tol)].T @ np.diag(
                     1 / s[:np.sum(s > tol)]) @ U[:, :np.sum(s > tol)].T)(*np.linalg.svd(A)),
                 lambda A, tol: (lambda U, s, Vt: ((Vt.T * np.where(s > tol, 1 / np.where(
                     s > tol, s, 1), 0)) @ U.T).astype(np.float32))(
                     *np.linalg.svd(A, full_matrices=False))],
          forbidden=(PSEUDO_INVERSE,))
def _check_pseudo_inverse(pseudo_inverse):
    results, first = [], None
    for A, tol, what in _pinv_cases():
        case = (A, tol)
        m, n = A.shape
        want = _pinv(A, tol)
        where = f"for {what}, A of shape {shape_str(A.shape)}, and tol = {fmt(tol)}"
        try:
            got = as_array_of_shape(pseudo_inverse(A, tol), (n, m),
                                    f"{where} the pseudo-inverse (the shape of A^T)")
        except (Wrong, LearnerRaised):
            if first is None:
                raise
            break
        results.append((case, got))
        if first is None and not close(got, want, scale=max(1.0, float(np.abs(want).max()))):
            first = (case, got, want, where)
    if first is None:
        return None
    case, got, want, where = first
    i, j = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    should, yours = fmt_pair(want[i, j], got[i, j])
    problem = f"{where} entry [{i}, {j}] should be {should}; yours is {yours}"
    if np.abs(got).max() > 1.0 / case[1]:
        # every entry of the pseudo-inverse is at most 1 / (the smallest kept s) <= 1 / tol
        return (f"{problem}. Your entries exceed 1 / tol = {fmt(1.0 / case[1])}, which only a "
                "division by a singular value at or below tol can give: a singular value that "
                "is 0 up to rounding (or below tol) counts as 0, and its 'inverse' stays 0")
    cause = cause_in_results(results, case, _PINV_SLIPS,
                             lambda got, guess: np.shape(guess) == got.shape and bool(np.all(
                                 np.isfinite(guess))) and close(got, guess, scale=max(
                                     1.0, float(np.abs(guess).max()))))
    return problem + (f". It looks as if {cause}" if cause else "")
