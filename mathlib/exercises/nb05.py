"""Exercises of notebook 05: the p-norm, cosine similarity and the nearest neighbour.

Each checker starts with a case a learner can verify by hand, then real Iris flowers and seeded
random values chosen so that the usual bugs show: negative entries (a forgotten absolute value),
p = 3 and p = inf (a forgotten root, an unhandled infinity), vectors that are not of length 1 (a
forgotten division), a query that is one of the rows (a point is not its own neighbour).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..data import load_iris
from ._core import exercise
from ._feedback import Wrong, as_number, close, describe, fmt, fmt_list, fmt_pair


def _norm_cases():
    rng = np.random.default_rng(50)
    x = np.array([3.0, -4.0])
    for p in (1, 2, np.inf):
        yield x, p
    yield np.array([1.0, -2.0, 2.0]), 3
    v = np.round(rng.normal(0.0, 2.0, size=int(rng.integers(5, 9))), 2)
    v[int(rng.integers(len(v)))] = -7.5                 # the largest entry in size is negative
    for p in (1, 2.5, np.inf):
        yield v, p
    yield load_iris().X[70] - load_iris().X[20], 2      # two flowers' difference: mixed signs


def _p_words(p) -> str:
    return "np.inf" if math.isinf(p) else fmt(p)


@exercise("05.1", "the p-norm of a vector", name="p_norm",
          solution=("def p_norm(x, p):\n"
                    "    if p == np.inf:\n"
                    "        return np.max(np.abs(x))\n"
                    "    return np.sum(np.abs(x) ** p) ** (1 / p)\n"),
          hints=["Follow the formula from the inside out: the size of every entry, raised to the "
                 "power p, added up, then the p-th root of the sum. p = infinity is a case of "
                 "its own.",
                 "The size of an entry is its absolute value (np.abs): -4 counts as 4. The p-th "
                 "root of s is s ** (1 / p).",
                 "For p = np.inf the formula cannot be evaluated; the norm is then the largest "
                 "absolute value (np.max of np.abs). Test for it first with p == np.inf."],
          wrong=[lambda x, p: np.sum(np.abs(x) ** p) ** (1 / p),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(x ** p) ** (1 / p),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p),
                 lambda x, p: np.max(x) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p),
                 lambda x, p: np.sqrt(np.sum(x ** 2)),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) / p,
                 lambda x, p: 5.0],
          right=[lambda x, p: np.linalg.norm(x, p),
                 lambda x, p: (max(abs(v) for v in x) if math.isinf(p)
                               else sum(abs(v) ** p for v in x) ** (1.0 / p)),
                 lambda x, p: (np.abs(x).max() if p > 1e300
                               else np.power(np.sum(np.power(np.abs(x), p)), 1 / p)),
                 lambda x, p: np.float32(np.linalg.norm(x.astype(np.float32), p))])
def _check_p_norm(p_norm):
    for x, p in _norm_cases():
        got = as_number(p_norm(x, p), f"the {_p_words(p)}-norm")
        a = np.abs(x)
        want = a.max() if math.isinf(p) else np.sum(a ** p) ** (1 / p)
        if close(got, want, scale=a.max()):
            continue
        should, yours = fmt_pair(want, got)
        problem = f"p_norm(x, {_p_words(p)}) with x = {fmt_list(x)} should be {should}; yours is {yours}"
        if math.isinf(p):
            if close(got, x.max()) or close(got, x.min()):
                problem += (". The L-infinity norm is the largest absolute value: -7.5 counts as "
                            "7.5" if -7.5 in x else ". Take absolute values first")
            else:
                problem += (". For p = np.inf the formula cannot be used as it is (a power of "
                            "infinity and a 1/infinity = 0 root); the norm is the largest "
                            "absolute value, a case to treat on its own")
        elif close(got, np.sum(a ** p)):
            problem += (f". That is the sum of the powers before the root: take the p-th root of "
                        f"the sum, ** (1 / p)")
        elif close(got, np.sum(x ** p) ** (1 / p)) or close(got, np.sum(x ** p)):
            problem += ". Negative entries count by their size: take absolute values first"
        elif close(got, np.sqrt(np.sum(a ** 2))):
            problem += ". That is the 2-norm (the length), whatever p is; use p"
        return problem
    return None


def _cosine_cases():
    rng = np.random.default_rng(51)
    yield np.array([1.0, 0.0]), np.array([1.0, 1.0])                 # 45 degrees: 0.7071
    yield np.array([1.0, 2.0]), np.array([2.0, 4.0])                 # same direction: 1
    yield np.array([3.0, 1.0, -2.0]), np.array([-1.0, 4.0, 0.5])     # a negative cosine
    n = int(rng.integers(5, 9))
    yield np.round(rng.normal(0, 3, size=n), 2), np.round(rng.normal(1, 2, size=n), 2)
    iris = load_iris().X
    yield iris[0], iris[120]                                         # a setosa and a virginica


@exercise("05.2", "cosine similarity", name="cosine_similarity",
          solution=("def cosine_similarity(a, b):\n"
                    "    return np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))\n"),
          hints=["Cosine similarity compares directions only: the dot product of a and b, made "
                 "independent of their lengths.",
                 "The dot product is the sum of a_i b_i (np.dot). The length of a vector is its "
                 "2-norm, np.linalg.norm, the square root of the sum of squares.",
                 "Divide the dot product by the product of the two lengths, |a| |b| (not their "
                 "squares). The result lies between -1 and 1."],
          wrong=[lambda a, b: np.dot(a, b),
                 lambda a, b: np.dot(a, b) / (np.dot(a, a) * np.dot(b, b)),
                 lambda a, b: np.dot(a, b) / np.linalg.norm(a),
                 lambda a, b: 1 - np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)),
                 lambda a, b: np.arccos(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))),
                 lambda a, b: a * b / (np.linalg.norm(a) * np.linalg.norm(b)),
                 lambda a, b: np.dot(a, b) / (np.sum(np.abs(a)) * np.sum(np.abs(b)))],
          right=[lambda a, b: np.sum(a * b) / np.sqrt(np.sum(a * a) * np.sum(b * b)),
                 lambda a, b: (a / np.linalg.norm(a)) @ (b / np.linalg.norm(b)),
                 lambda a, b: sum(x * y for x, y in zip(a, b))
                 / (sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5),
                 lambda a, b: np.float32(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))])
def _check_cosine(cosine_similarity):
    for a, b in _cosine_cases():
        got = cosine_similarity(a, b)
        if isinstance(got, np.ndarray) and got.shape == a.shape:
            raise Wrong(f"for a = {fmt_list(a)} and b = {fmt_list(b)} you returned "
                        f"{describe(got)}: one number per entry. Cosine similarity is one number; "
                        "add up the products a_i b_i (the dot product)")
        got = as_number(got, "the cosine similarity")
        na, nb = np.sqrt(np.sum(a * a)), np.sqrt(np.sum(b * b))
        dot = float(np.sum(a * b))
        want = dot / (na * nb)
        if close(got, want):
            continue
        should, yours = fmt_pair(want, got)
        problem = (f"for a = {fmt_list(a)} and b = {fmt_list(b)} the cosine similarity is "
                   f"{should}; yours is {yours}")
        guesses = [(dot, "that is the dot product a . b itself: divide it by |a| |b|, so the "
                         "lengths drop out"),
                   (dot / (na * na * nb * nb), "that divides by the squared lengths; divide by "
                                               "|a| |b|, the lengths themselves"),
                   (dot / na, "that divides by |a| only; divide by |b| too"),
                   (dot / nb, "that divides by |b| only; divide by |a| too"),
                   (1 - want, "that is the cosine distance, 1 - cos; return the similarity itself"),
                   (math.acos(max(-1.0, min(1.0, want))), "that is the angle in radians "
                                                           "(arccos of the cosine); return the "
                                                           "cosine itself")]
        found = [words for value, words in guesses if close(got, value)]
        if found:
            problem += f". {found[0][0].upper()}{found[0][1:]}"
        if abs(got) > 1 + 1e-6:
            problem += ". A cosine always lies between -1 and 1"
        return problem
    return None


def _neighbour_cases():
    rng = np.random.default_rng(52)
    # by hand: the Euclidean nearest is row 3; the Manhattan nearest would be row 2
    yield (np.array([[-2.0, -2.0], [1.0, 5.0], [4.0, 1.5], [3.0, 3.0]]), np.array([1.0, 1.0]))
    n, d = int(rng.integers(8, 15)), int(rng.integers(3, 6))
    X = np.round(rng.normal(0, 2, size=(n, d)), 2)
    yield X, np.round(rng.normal(0, 2, size=d), 2)
    iris = load_iris().X
    yield iris, iris[77]                              # a flower of the data set: skip itself
    yield X, X[int(rng.integers(n))].copy()           # a random query that is one of the rows


def _as_index(result, n: int) -> int:
    """The learner's answer as a row index 0..n-1 (whole floats like 3.0 accepted), or Wrong."""
    if isinstance(result, np.ndarray) and result.ndim == 0:
        result = result[()]
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, numbers.Real):
        raise Wrong(f"you returned {describe(result)}; the answer is one whole number, the index "
                    "of the nearest row (np.argmin gives an index)")
    if not np.isfinite(float(result)) or float(result) != int(float(result)):
        raise Wrong(f"you returned {fmt(result)}, which is not a whole number: return the index "
                    "(row number) of the nearest row, not its distance (np.argmin gives the "
                    "index, np.min the distance)")
    i = int(float(result))
    if not 0 <= i < n:
        raise Wrong(f"you returned {i}, but X has {n} rows, numbered 0 to {n - 1}")
    return i


@exercise("05.3", "the nearest neighbour", name="nearest_neighbour",
          solution=("def nearest_neighbour(X, q):\n"
                    "    d = np.sqrt(np.sum((X - q) ** 2, axis=1))\n"
                    "    d[d == 0] = np.inf        # q itself is not its own neighbour\n"
                    "    return np.argmin(d)\n"),
          hints=["Compute the Euclidean distance from q to every row of X at once, then pick "
                 "the row with the smallest one.",
                 "X - q subtracts q from every row (broadcasting); square, add up along each row "
                 "(axis=1) and take the square root: one distance per row. np.argmin gives the "
                 "position of the smallest.",
                 "When q is itself a row of X its distance is 0, and a point is not its own "
                 "neighbour: set distances of 0 to np.inf before np.argmin."],
          wrong=[lambda X, q: np.min(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmax(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmin(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmin(np.where(np.abs(X - q).sum(axis=1) == 0, np.inf,
                                                 np.abs(X - q).sum(axis=1))),
                 lambda X, q: np.argmin(np.sqrt(np.sum((X - q) ** 2, axis=0))),
                 lambda X, q: X[np.argmin(np.where(np.sum((X - q) ** 2, axis=1) == 0, np.inf,
                                                   np.sum((X - q) ** 2, axis=1)))],
                 lambda X, q: 1],
          right=[lambda X, q: np.argmin(np.where(np.sum((X - q) ** 2, axis=1) > 0,
                                                 np.sum((X - q) ** 2, axis=1), np.inf)),
                 lambda X, q: min((i for i in range(len(X)) if np.any(X[i] != q)),
                                  key=lambda i: np.linalg.norm(X[i] - q)),
                 lambda X, q: int(np.argsort(np.linalg.norm(X - q, axis=1))[
                     int(np.sum(np.linalg.norm(X - q, axis=1) == 0))]),
                 lambda X, q: float(np.argmin([np.linalg.norm(r - q) if np.any(r != q)
                                               else np.inf for r in X]))])
def _check_nearest(nearest_neighbour):
    for X, q in _neighbour_cases():
        n = len(X)
        result = nearest_neighbour(X, q)
        if isinstance(result, np.ndarray) and result.shape == (X.shape[1],):
            raise Wrong("you returned a row of X (the nearest point itself); return its index, "
                        "the row number (np.argmin gives it)")
        i = _as_index(result, n)
        d = np.sqrt(np.sum((X - q) ** 2, axis=1))
        others = np.where(d > 0, d, np.inf)
        best = float(others.min())
        if np.isclose(d[i], best, rtol=1e-12, atol=0.0):
            continue
        what = (f"X of shape {X.shape} and q = {fmt_list(q)}" if n > 20 else
                f"X = {fmt_list(X, limit=12)} (shape {X.shape}) and q = {fmt_list(q)}")
        problem = (f"for {what} you returned row {i}, at distance {fmt(d[i])} from q; the "
                   f"nearest row is {int(np.argmin(others))}, at distance {fmt(best)}")
        if d[i] == 0:
            problem += (f". Row {i} is q itself (distance 0): a point is not its own neighbour, "
                        "skip rows at distance 0")
        elif i == int(np.argmax(d)):
            problem += ": you picked the farthest row; the nearest has the smallest distance"
        elif i == int(np.argmin(np.abs(X - q).sum(axis=1))):
            problem += (". Row {i} is the nearest in Manhattan distance (the sum of absolute "
                        "differences); here the distance is Euclidean, the square root of the sum "
                        "of squares").replace("{i}", str(i))
        return problem
    return None
