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

from .._checks import shape_str
from ..data import load_iris
from ._core import exercise
from ._rules import NORM
from ._slips import cause_in_results, run_cases
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, describe_value,
                        fmt, fmt_list, fmt_pair, fmt_rows)

NOTEBOOK = "05"


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


def _is_nan(value) -> bool:
    try:
        return bool(np.isnan(float(value)))
    except (TypeError, ValueError):
        return False


def _p_words(p) -> str:
    return "np.inf" if math.isinf(p) else fmt(p)


def _finite(slip):
    """A slip that only concerns finite p (it says nothing about p = inf)."""
    return lambda x, p: None if math.isinf(p) else slip(np.abs(x), x, p)


def _infinite(slip):
    """A slip that only concerns p = inf."""
    return lambda x, p: slip(x) if math.isinf(p) else None


_P_NORM_SLIPS = [
    (_finite(lambda a, x, p: np.sum(a ** p)),
     "That is the sum of the powers before the root: take the p-th root of the sum, ** (1 / p)"),
    (_finite(lambda a, x, p: np.sum(x ** p) ** (1 / p)),
     "Negative entries count by their size: take absolute values first (np.abs)"),
    (_finite(lambda a, x, p: np.sum(x ** p)),
     "That is the sum of the powers of the entries themselves: take absolute values first "
     "(np.abs), then the p-th root of the sum, ** (1 / p)"),
    (_finite(lambda a, x, p: np.sqrt(np.sum(a ** 2))),
     "That is the 2-norm (the length), whatever p is; use p"),
    (_finite(lambda a, x, p: np.sqrt(np.sum(a ** p))),
     "That takes the square root of the sum whatever p is; the p-th root is ** (1 / p)"),
    (_finite(lambda a, x, p: np.sum(a ** p) / p),
     "That is the sum of the powers divided by p: ** binds more tightly than /, so s ** 1 / p "
     "means (s ** 1) / p. Put the exponent in brackets: s ** (1 / p)"),
    (_finite(lambda a, x, p: np.sum(a ** p) ** (1 // p)),
     "That is what ** (1 // p) gives: // is floor division, so 1 // p is 0 for every p above 1, "
     "and any number to the power 0 is 1. Write 1 / p"),
    (_infinite(lambda x: np.max(x)),
     "The L-infinity norm is the largest absolute value: take absolute values first (a "
     "negative entry counts by its size)"),
    (_infinite(lambda x: 1.0),
     "For p = np.inf the formula cannot be used as it is (a power of infinity and a "
     "1/infinity = 0 root give 1); the norm is the largest absolute value, a case to treat on "
     "its own: test p == np.inf first"),
]


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
                 "p = np.inf needs a branch of its own, tested before the formula is used: what "
                 "does the p-norm approach as p grows? The notebook says it in words."],
          wrong=[lambda x, p: np.sum(np.abs(x) ** p) ** (1 / p),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(x ** p) ** (1 / p),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p),
                 lambda x, p: np.max(x) if p == np.inf else np.sum(np.abs(x) ** p) ** (1 / p),
                 lambda x, p: np.sqrt(np.sum(x ** 2)),
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) / p,
                 lambda x, p: 5.0,
                 lambda x, p: np.max(np.abs(x)) if p == np.inf else np.sum(np.abs(x) ** p) ** 1 / p,
                 lambda x, p: (np.max(np.abs(x)) if p == np.inf
                               else np.sum(np.abs(x) ** p) ** (1 // p)),
                 lambda x, p: np.linalg.norm(x, p),
                 lambda x, p: np.linalg.norm(x, ord=p).item()],
          forbidden=(NORM,),
          right=[lambda x, p: (np.abs(x).max() if p == np.inf
                               else np.sum(np.abs(x) ** p) ** (1.0 / p)),
                 lambda x, p: (max(abs(v) for v in x) if math.isinf(p)
                               else sum(abs(v) ** p for v in x) ** (1.0 / p)),
                 lambda x, p: (np.abs(x).max() if p > 1e300
                               else np.power(np.sum(np.power(np.abs(x), p)), 1 / p)),
                 lambda x, p: np.float32(np.abs(x).max() if math.isinf(p) else np.sum(
                     np.abs(x.astype(np.float32)) ** np.float32(p)) ** np.float32(1 / p))])
def _check_p_norm(p_norm):
    def judge(args, result):
        x, p = args
        if _is_nan(result) and np.any(x < 0) and not float(p).is_integer():
            changed = getattr(p_norm, "changed", None)
            raise Wrong(f"p_norm(x, {_p_words(p)}) with x = {fmt_list(x)} gave nan: a negative "
                        f"number to a fractional power, like ({fmt(x[x < 0][0])}) ** "
                        f"{_p_words(p)}, has no real value, and numpy gives nan. Take absolute "
                        "values BEFORE the power"
                        + (f". (Your function also changed its input {changed} in place: "
                           "x **= p writes into the caller's array; x = np.abs(x) ** p would not)"
                           if changed else ""))
        got = as_number(result, f"the {_p_words(p)}-norm")
        a = np.abs(x)
        want = a.max() if math.isinf(p) else np.sum(a ** p) ** (1 / p)
        return got, close(got, want, scale=a.max())

    results, failure = run_cases(p_norm, _norm_cases(), judge)
    if failure is None:
        return None
    (x, p), got, error = failure
    if error is not None:
        raise error
    a = np.abs(x)
    want = a.max() if math.isinf(p) else np.sum(a ** p) ** (1 / p)
    should, yours = fmt_pair(want, got)
    problem = (f"p_norm(x, {_p_words(p)}) with x = {fmt_list(x)} should be {should}; "
               f"yours is {yours}")
    cause = cause_in_results(results, failure[0], _P_NORM_SLIPS,
                             lambda got, guess: close(got, guess, scale=10.0))
    return problem + (f". {cause}" if cause else "")


def _cosine_cases():
    rng = np.random.default_rng(51)
    yield np.array([1.0, 0.0]), np.array([1.0, 1.0])                 # 45 degrees: 0.7071
    yield np.array([1.0, 2.0]), np.array([2.0, 4.0])                 # same direction: 1
    yield np.array([3.0, 1.0, -2.0]), np.array([-1.0, 4.0, 0.5])     # a negative cosine
    n = int(rng.integers(5, 9))
    yield np.round(rng.normal(0, 3, size=n), 2), np.round(rng.normal(1, 2, size=n), 2)
    iris = load_iris().X
    yield iris[0], iris[120]                                         # a setosa and a virginica


def _lengths(a, b):
    return float(np.sum(a * b)), float(np.sqrt(np.sum(a * a))), float(np.sqrt(np.sum(b * b)))


def _cos_slip(formula):
    return lambda a, b: formula(*_lengths(a, b))


_COSINE_SLIPS = [
    (_cos_slip(lambda dot, na, nb: dot),
     "That is the dot product a . b itself: divide it by |a| |b|, so the lengths drop out"),
    (_cos_slip(lambda dot, na, nb: dot / (na * na * nb * nb)),
     "That divides by the squared lengths; divide by |a| |b|, the lengths themselves"),
    (_cos_slip(lambda dot, na, nb: dot / na), "That divides by |a| only; divide by |b| too"),
    (_cos_slip(lambda dot, na, nb: dot / nb), "That divides by |b| only; divide by |a| too"),
    (_cos_slip(lambda dot, na, nb: dot / (na + nb)),
     "That divides by |a| + |b|, the sum of the lengths; divide by their product, |a| |b|"),
    (_cos_slip(lambda dot, na, nb: dot / na * nb),
     "That is (a . b / |a|) * |b|: without brackets Python divides by |a| and then multiplies "
     "by |b|. Write a . b / (|a| * |b|)"),
    (_cos_slip(lambda dot, na, nb: dot / np.sqrt(na * na + nb * nb)),
     "That divides by the square root of |a|² + |b|²; divide by the product of the lengths, "
     "|a| |b|"),
    (_cos_slip(lambda dot, na, nb: 1 - dot / (na * nb)),
     "That is the cosine distance, 1 - cos; return the similarity itself"),
    (_cos_slip(lambda dot, na, nb: math.acos(max(-1.0, min(1.0, dot / (na * nb))))),
     "That is the angle in radians (arccos of the cosine); return the cosine itself"),
    (_cos_slip(lambda dot, na, nb: abs(dot) / (na * nb)),
     "That is the size of the cosine; keep its sign: vectors more than 90 degrees apart have a "
     "negative cosine"),
    (lambda a, b: float(np.sum(a * b) / (np.sum(np.abs(a)) * np.sum(np.abs(b)))),
     "That divides by the L1 norms (sums of absolute values); the lengths are the 2-norms, "
     "square roots of sums of squares"),
]


@exercise("05.2", "cosine similarity", name="cosine_similarity",
          solution=("def cosine_similarity(a, b):\n"
                    "    return np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))\n"),
          hints=["Cosine similarity compares directions only: the dot product of a and b, made "
                 "independent of their lengths.",
                 "The dot product is the sum of a_i b_i (np.dot). The length of a vector is its "
                 "2-norm, np.linalg.norm, the square root of the sum of squares.",
                 "One number on top, a product of two lengths below (lengths, not squared "
                 "lengths). In Python a / b * c means (a / b) * c: mind the brackets."],
          wrong=[lambda a, b: np.dot(a, b),
                 lambda a, b: np.dot(a, b) / (np.dot(a, a) * np.dot(b, b)),
                 lambda a, b: np.dot(a, b) / np.linalg.norm(a),
                 lambda a, b: 1 - np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)),
                 lambda a, b: np.arccos(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))),
                 lambda a, b: a * b / (np.linalg.norm(a) * np.linalg.norm(b)),
                 lambda a, b: np.dot(a, b) / (np.sum(np.abs(a)) * np.sum(np.abs(b))),
                 lambda a, b: np.dot(a, b) / (np.linalg.norm(a) + np.linalg.norm(b)),
                 lambda a, b: np.dot(a, b) / np.linalg.norm(a) * np.linalg.norm(b)],
          right=[lambda a, b: np.sum(a * b) / np.sqrt(np.sum(a * a) * np.sum(b * b)),
                 lambda a, b: (a / np.linalg.norm(a)) @ (b / np.linalg.norm(b)),
                 lambda a, b: sum(x * y for x, y in zip(a, b))
                 / (sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5),
                 lambda a, b: np.float32(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))])
def _check_cosine(cosine_similarity):
    def judge(args, result):
        a, b = args
        if isinstance(result, np.ndarray) and result.shape == a.shape:
            raise Wrong(f"for a = {fmt_list(a)} and b = {fmt_list(b)} you returned "
                        f"{describe_value(result)}: one number per entry. Cosine similarity is one "
                        "number; add up the products a_i b_i (the dot product)")
        got = as_number(result, "the cosine similarity")
        dot, na, nb = _lengths(a, b)
        return got, close(got, dot / (na * nb))

    results, failure = run_cases(cosine_similarity, _cosine_cases(), judge)
    if failure is None:
        return None
    (a, b), got, error = failure
    if error is not None:
        raise error
    dot, na, nb = _lengths(a, b)
    should, yours = fmt_pair(dot / (na * nb), got)
    problem = (f"for a = {fmt_list(a)} and b = {fmt_list(b)} the cosine similarity is "
               f"{should}; yours is {yours}")
    cause = cause_in_results(results, failure[0], _COSINE_SLIPS,
                             lambda got, guess: close(got, guess))
    if cause:
        problem += f". {cause}"
    if abs(got) > 1 + 1e-6:
        problem += ". A cosine always lies between -1 and 1"
    return problem


def _neighbour_cases():
    rng = np.random.default_rng(52)
    # by hand: the Euclidean nearest is row 3; the Manhattan nearest and the second nearest row 2
    yield (np.array([[-2.0, -2.0], [1.0, 5.0], [4.0, 1.5], [3.0, 3.0]]), np.array([1.0, 1.0]))
    # q is row 1 and its nearest other row comes after it (row 3)
    yield (np.array([[3.0, 3.0], [1.0, 1.0], [-2.0, -2.0], [1.5, 0.5], [1.0, 5.0]]),
           np.array([1.0, 1.0]))
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
        raise Wrong(f"you returned {describe_value(result)}; the answer is one whole number, the index "
                    "of the nearest row (np.argmin gives an index)")
    if not np.isfinite(float(result)) or float(result) != int(float(result)):
        raise Wrong(f"you returned {fmt(result)}, which is not a whole number: return the index "
                    "(row number) of the nearest row, not its distance (np.argmin gives the "
                    "index, np.min the distance)")
    i = int(float(result))
    if not 0 <= i < n:
        raise Wrong(f"you returned {i}, but X has {n} rows, numbered 0 to {n - 1}")
    return i


def _euclid(X, q):
    return np.sqrt(np.sum((X - q) ** 2, axis=1))


def _skip_zero(d):
    return np.where(d > 0, d, np.inf)


_NEAREST_SLIPS = [
    (lambda X, q: int(np.argmin(_euclid(X, q))),
     "Your function returns q itself when q is one of the rows; a point is not its own "
     "neighbour: skip the rows at distance 0 (set their distances to np.inf before np.argmin)"),
    (lambda X, q: int(np.argmax(_euclid(X, q))),
     "Your function picks the farthest row (np.argmax); the nearest has the smallest distance "
     "(np.argmin)"),
    (lambda X, q: int(np.argmax(np.where(_euclid(X, q) > 0, _euclid(X, q), np.inf))),
     "Your function picks the farthest row (np.argmax); the nearest has the smallest distance "
     "(np.argmin)"),
    (lambda X, q: int(np.argmin(_skip_zero(np.sqrt(np.sum((X - q) ** 2, axis=0))))),
     "Your distances seem to be summed with axis=0, down each column: that gives one number "
     "per coordinate, not per row. Add up along each row, axis=1"),
    (lambda X, q: int(np.argmin(np.sqrt(np.sum((X - q) ** 2, axis=0))) ),
     "Your distances seem to be summed with axis=0, down each column: that gives one number "
     "per coordinate, not per row. Add up along each row, axis=1"),
    (lambda X, q: int(np.argmin(_euclid(X, q)[_euclid(X, q) > 0])),
     "Your index seems to count positions in a shortened array, as np.argmin(d[d > 0]) does: "
     "once the row at distance 0 is removed, every later row moves up by one. Set the "
     "distances of 0 to np.inf instead, so that each row keeps its number"),
    (lambda X, q: int(np.argsort(_euclid(X, q))[1]),
     "Your function returns the second-nearest row, as np.argsort(d)[1] does; that skips q "
     "only when q is one of the rows. Skip the rows at distance 0 instead, then take the "
     "nearest"),
    (lambda X, q: int(np.argmin(_skip_zero(np.abs(X - q).sum(axis=1)))),
     "Your function returns the nearest row in Manhattan distance (the sum of absolute "
     "differences); here the distance is Euclidean, the square root of the sum of squares"),
    (lambda X, q: int(np.argmin(_euclid(X, q)[1:])) + 1,
     "Your function always skips row 0; skip the rows at distance 0 instead (q is not always "
     "row 0)"),
]


@exercise("05.3", "the nearest neighbour", name="nearest_neighbour",
          solution=("def nearest_neighbour(X, q):\n"
                    "    d = np.sqrt(np.sum((X - q) ** 2, axis=1))\n"
                    "    d[d == 0] = np.inf        # q itself is not its own neighbour\n"
                    "    return np.argmin(d)\n"),
          hints=["Compute the Euclidean distance from q to every row of X at once, then pick "
                 "the row with the smallest one.",
                 "X - q subtracts q from every row at once (broadcasting). Each row's distance "
                 "then comes from that row's differences alone: which axis holds one row? numpy "
                 "has a function that gives the position of the smallest entry, not its value.",
                 "When q is itself a row of X its distance is 0, and a point is not its own "
                 "neighbour. Make such rows lose the search without removing them (removing "
                 "one shifts the row numbers of the rows after it)."],
          wrong=[lambda X, q: np.min(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmax(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmin(np.sqrt(np.sum((X - q) ** 2, axis=1))),
                 lambda X, q: np.argmin(np.where(np.abs(X - q).sum(axis=1) == 0, np.inf,
                                                 np.abs(X - q).sum(axis=1))),
                 lambda X, q: np.argmin(np.sqrt(np.sum((X - q) ** 2, axis=0))),
                 lambda X, q: X[np.argmin(np.where(np.sum((X - q) ** 2, axis=1) == 0, np.inf,
                                                   np.sum((X - q) ** 2, axis=1)))],
                 lambda X, q: 1,
                 lambda X, q: np.argmin(np.linalg.norm(X - q, axis=1)[
                     np.linalg.norm(X - q, axis=1) > 0]),
                 lambda X, q: np.argsort(np.linalg.norm(X - q, axis=1))[1]],
          right=[lambda X, q: np.argmin(np.where(np.sum((X - q) ** 2, axis=1) > 0,
                                                 np.sum((X - q) ** 2, axis=1), np.inf)),
                 lambda X, q: min((i for i in range(len(X)) if np.any(X[i] != q)),
                                  key=lambda i: np.linalg.norm(X[i] - q)),
                 lambda X, q: int(np.argsort(np.linalg.norm(X - q, axis=1))[
                     int(np.sum(np.linalg.norm(X - q, axis=1) == 0))]),
                 lambda X, q: float(np.argmin([np.linalg.norm(r - q) if np.any(r != q)
                                               else np.inf for r in X]))])
def _check_nearest(nearest_neighbour):
    def judge(args, result):
        X, q = args
        if isinstance(result, np.ndarray) and result.shape == (X.shape[1],):
            raise Wrong("you returned a row of X (the nearest point itself); return its index, "
                        "the row number (np.argmin gives it)")
        i = _as_index(result, len(X))
        d = _euclid(X, q)
        return i, bool(np.isclose(d[i], _skip_zero(d).min(), rtol=1e-12, atol=0.0))

    results, failure = run_cases(nearest_neighbour, _neighbour_cases(), judge)
    if failure is None:
        return None
    (X, q), i, error = failure
    if error is not None:
        raise error
    d = _euclid(X, q)
    others = _skip_zero(d)
    j = int(np.argmin(others))
    if len(X) <= 6:
        what = f"X = {fmt_rows(X)} and q = {fmt_list(q)}"
    else:
        what = (f"X of shape {shape_str(X.shape)} (row {i} = {fmt_list(X[i])}, row {j} = "
                f"{fmt_list(X[j])}) and q = {fmt_list(q)}")
    problem = (f"for {what} you returned row {i}, at distance {fmt(d[i])} from q; the nearest "
               f"other row (distance above 0) is row {j}, at distance {fmt(others[j])}")
    cause = cause_in_results(results, failure[0], _NEAREST_SLIPS, lambda got, guess: got == guess)
    if cause:
        return f"{problem}. {cause}"
    if d[i] == 0:
        problem += f". Row {i} is at distance 0: it is q itself"
    return problem


_X_BY_HAND = np.array([-6.0, 2.0, 3.0])           # L1 11, L2 7, L-infinity 6


@exercise("05.4", "three norms by hand", name="norms_by_hand",
          solution="norms_by_hand = (11, 7, 6)\n",
          hints=["Each norm starts from the sizes of the entries: -6 counts as 6.",
                 "L1 adds the sizes; L2 is a square root of a sum of squares (here a perfect "
                 "square); L-infinity keeps one entry.",
                 "Check the order of the three numbers: the L-infinity norm is never larger than "
                 "the L2 norm, and the L2 norm never larger than the L1 norm."],
          wrong=[(-1, 7, 3), (11, 49, 6), (11, 7, 3), (6, 7, 11), (11, 7), (7, 7, 7),
                 (11, np.sqrt(13), 6)],
          right=[[11, 7, 6], (11.0, 7.0, 6.0), np.array([11, 7, 6]), (np.int64(11), 7.0, 6)])
def _check_norms_by_hand(norms_by_hand):
    got = as_numbers(norms_by_hand, 3, "the answer (l1, l2, linf)", "your answer")
    want = np.array([11.0, 7.0, 6.0])
    if close(got, want):
        return None
    x, names, problems = _X_BY_HAND, ("L1", "L2", "L-infinity"), []
    slips = [{-1.0: "you added the entries with their signs, -6 + 2 + 3; the L1 norm adds their "
                    "sizes, |-6| + |2| + |3|"},
             {49.0: "that is the sum of the squares, 36 + 4 + 9, before the square root"},
             {3.0: "that is the largest entry with its sign, max(-6, 2, 3); the L-infinity norm "
                   "is the largest SIZE, |-6|"}]
    for i in range(3):
        if close(got[i], want[i]):
            continue
        words = next((w for v, w in slips[i].items() if close(got[i], v)), None)
        problems.append(f"your {names[i]} norm {fmt(got[i])} is not right"
                        + (f": {words}" if words else ""))
    if close(np.sort(got), np.sort(want)):
        return (f"your numbers are the right three in another order; give them as (L1, L2, "
                f"L-infinity) for x = {fmt_list(x)}")
    return f"for x = {fmt_list(x)}: " + "; ".join(problems)


def _threshold_cases():
    rng = np.random.default_rng(53)
    yield np.array([0.5, -0.2, 0.05, -1.5, 0.0]), 0.1
    yield np.array([0.3, -0.3, 0.31, -0.29]), 0.3          # exactly t: 0, never the other sign
    yield np.round(rng.normal(0, 1, size=(3, 4)), 2), 0.5   # a weight matrix
    yield np.round(rng.normal(0, 2, size=int(rng.integers(5, 9))), 2), 0.0   # t = 0: unchanged


_CROSSES = ("small entries cross to the other sign: an entry whose size is at most t must stop "
            "at exactly 0")
_THRESHOLD_SLIPS = [
    (lambda w, t: np.where(np.abs(w) > t, w, 0.0),
     "entries above t are kept as they are; soft-thresholding also moves them towards 0 by t "
     "(what you did is hard-thresholding)"),
    (lambda w, t: w - t * np.sign(w), _CROSSES),
    (lambda w, t: np.maximum(w - t, 0.0),
     "negative entries all became 0; an entry moves towards 0 by t from either side, keeping "
     "its sign"),
    (lambda w, t: np.sign(w) * (np.abs(w) - t), _CROSSES),
    (lambda w, t: np.maximum(np.abs(w) - t, 0.0),
     "the signs are lost: multiply the shrunk size by the sign of each entry"),
]


@exercise("05.5", "soft-thresholding, the L1 proximal step", name="soft_threshold",
          solution=("def soft_threshold(w, t):\n"
                    "    return np.sign(w) * np.maximum(np.abs(w) - t, 0)\n"),
          hints=["Think of one entry at a time: its sign stays, its size shrinks by t, and a "
                 "size cannot go below 0.",
                 "Split each entry into its sign and its size (numpy has a function for each), "
                 "work on the size, then put the sign back.",
                 "The 'cannot go below 0' part is an element-wise maximum with 0, not Python's "
                 "max of the whole array."],
          wrong=[lambda w, t: np.where(np.abs(w) > t, w, 0.0), lambda w, t: w - t * np.sign(w),
                 lambda w, t: np.maximum(w - t, 0), lambda w, t: np.sign(w) * (np.abs(w) - t),
                 lambda w, t: np.maximum(np.abs(w) - t, 0), lambda w, t: w * (1 - t),
                 lambda w, t: np.clip(w, -t, t)],
          right=[lambda w, t: np.where(w > t, w - t, np.where(w < -t, w + t, 0.0)),
                 lambda w, t: w - np.clip(w, -t, t),
                 lambda w, t: np.array([[max(abs(v) - t, 0) * (1 if v > 0 else -1) for v in row]
                                        for row in np.atleast_2d(w)]).reshape(np.shape(w)),
                 lambda w, t: (np.sign(w) * np.maximum(np.abs(w) - t, 0)).astype(np.float32)])
def _check_soft_threshold(soft_threshold):
    def judge(args, result):
        w, t = args
        want = np.sign(w) * np.maximum(np.abs(w) - t, 0.0)
        got = as_array_of_shape(result, w.shape, f"for w of shape {shape_str(w.shape)} the "
                                "result (the shape of w)")
        return got, close(got, want, scale=float(np.abs(w).max()))

    results, failure = run_cases(soft_threshold, _threshold_cases(), judge)
    if failure is None:
        return None
    (w, t), got, error = failure
    if error is not None:
        raise error
    want = np.sign(w) * np.maximum(np.abs(w) - t, 0.0)
    index = np.unravel_index(np.argmax(np.abs(got - want)), w.shape)
    where = "[" + ", ".join(str(int(i)) for i in index) + "]"
    should, yours = fmt_pair(want[index], got[index])
    problem = (f"for t = {fmt(t)}, the entry {where} = {fmt(w[index])} should become {should}; "
               f"yours is {yours}")
    cause = cause_in_results(results, failure[0], _THRESHOLD_SLIPS,
                             lambda got, guess: np.shape(guess) == got.shape and close(
                                 got, guess, scale=max(1.0, float(np.abs(guess).max()))))
    return problem + (f". It looks as if {cause}" if cause else "")
