"""Exercises of notebook 12: standardising columns, the median by sorting, the correlation of two
variables.

Each checker starts with the notebook's worked example, then real data (Iris, digits) and seeded
random values chosen so that the usual slips show: columns with different means and spreads (so
standardising rows, or with one global mean, gives a different answer), even and odd lengths in
shuffled order (so a median without sorting, or with one middle value, is caught), variables far
from mean 0 (so a correlation without centring, the cosine similarity, differs).
"""

from __future__ import annotations

import numpy as np

from ..data import load_digits, load_iris
from ..stats import standardise as _library_standardise
from ._core import exercise
from ._rules import COVARIANCE, MEDIAN, Rule, SCIPY, forbid_object
from ._slips import by_hand_problem, cause_of_calls
from ._feedback import (Wrong, as_array_of_shape, as_number, close, fmt, fmt_list, fmt_pair,
                        fmt_rows, sentence)

NOTEBOOK = "12"


# -- 12.1 standardise the columns ----------------------------------------------------------------

def _standardise_cases():
    yield np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0], [6.0, 60.0]])   # the worked example
    yield load_iris().X
    digits = load_digits().X[:200]
    keep = np.flatnonzero(digits.std(axis=0) > 0)[:12]                      # no constant pixel
    yield digits[:, keep]
    rng = np.random.default_rng(120)
    for n, d in ((int(rng.integers(5, 15)), int(rng.integers(3, 6))), (3, 1)):
        centres = np.round(rng.uniform(-50, 50, size=d), 1)
        spreads = np.round(rng.uniform(0.5, 20, size=d), 1)
        yield np.round(centres + spreads * rng.standard_normal((n, d)), 2)


def _z(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _by_rows(X):
    if X.shape[1] == 1:
        raise ValueError("a single column has no rows to standardise")   # the slip does not apply
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


_STANDARDISE_SLIPS = [
    (lambda X: X - X.mean(axis=0),
     "you subtracted each column's mean but did not divide by its standard deviation"),
    (lambda X: (X - X.mean(axis=0)) / X.var(axis=0),
     "you divided by the variance; divide by the standard deviation, its square root, so that "
     "the new variance is 1"),
    (lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1),
     "you divided by the sample standard deviation (ddof=1); here use the population one "
     "(ddof=0, np.std's default), so that every column has std exactly 1 by np.std"),
    (lambda X: (X - X.mean()) / X.std(), "you used one mean and one std for the whole table; each "
                                         "column (feature) needs its own"),
    (lambda X: X / X.std(axis=0), "you divided by the standard deviation but did not subtract "
                                  "the mean"),
    (lambda X: (X - X.mean(axis=0)) / (X.max(axis=0) - X.min(axis=0)),
     "you divided by the range max - min; divide by the standard deviation"),
    (lambda X: (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0)),
     "that is min-max normalisation (every column into [0, 1]), not standardisation"),
    (_by_rows, "you standardised each row (axis=1); standardise each column (axis=0): one mean "
               "and one std per feature, over all examples"),
]


def _same_table(got, value) -> bool:
    return (np.shape(got) == np.shape(value)
            and close(np.asarray(got, dtype=float), value, scale=float(np.max(np.abs(value)))))


def _standardise_slip(standardise) -> str:
    """The one usual slip that the learner's function shows on every case ("" if none fits)."""
    words = cause_of_calls(standardise, [(X,) for X in _standardise_cases()],
                           _STANDARDISE_SLIPS, _z, same=_same_table)
    return sentence(words)


@exercise("12.1", "standardise the columns", name="standardise",
          solution=("def standardise(X):\n"
                    "    mean = X.mean(axis=0)\n"
                    "    std = X.std(axis=0)\n"
                    "    return (X - mean) / std\n"),
          hints=["Every column (feature) gets its own mean and its own standard deviation, "
                 "computed over all the rows (examples).",
                 "A reduction with axis=0 gives one number per column, shape (d,); broadcasting "
                 "then applies it to every row of the (n, d) table.",
                 "np.std divides by n by default (ddof=0), which is the std this exercise "
                 "wants. Build a new array from X; do not change X itself with -= or /=."],
          wrong=[lambda X: X - X.mean(axis=0),
                 lambda X: (X - X.mean(axis=0)) / X.var(axis=0),
                 lambda X: (X - X.mean()) / X.std(),
                 lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True),
                 lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1),
                 lambda X: X / X.std(axis=0),
                 lambda X: (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0)),
                 lambda X: ((X - X.mean(axis=0)) / X.std(axis=0))[:-1],
                 lambda X: __import__("scipy.stats").stats.zscore(X, axis=0),
                 lambda X: _library_standardise(X)],
          right=[lambda X: (X - np.mean(X, axis=0)) / np.std(X, axis=0),
                 lambda X: np.column_stack([(c - c.mean()) / c.std() for c in X.T]),
                 lambda X: (X - X.mean(axis=0, keepdims=True))
                 / np.sqrt(((X - X.mean(axis=0)) ** 2).mean(axis=0)),
                 lambda X: ((X - X.mean(axis=0)) / X.std(axis=0)).astype(np.float32)],
          forbidden=(SCIPY, forbid_object("mathlib.stats.standardise",
                                          "which standardises the columns for you")))
def _check_standardise(standardise):
    for X in _standardise_cases():
        n, d = X.shape
        where = (f"for X = {X.tolist()}" if X.size <= 8 else f"for X of shape {X.shape}")
        got = as_array_of_shape(standardise(X), X.shape,
                                "the standardised table (same shape as X)",
                                you=f"{where} you returned")
        want = _z(X)
        if close(got, want, scale=1.0):
            continue
        if X.size <= 8:
            head = (f"{where} the standardised table is {fmt_rows(want)}; yours is "
                    f"{fmt_rows(got)}.")
        else:
            head = _column_message(got, want, where)
        eps = _epsilon_slip(standardise, got)
        return head + (eps if eps else _standardise_slip(standardise))
    return None


def _plain_unlike(value: float, target: float) -> str:
    """``value`` in plain decimals (never 1.9e-15), with just enough digits to differ from
    ``target``; a value equal to ``target`` up to rounding is written as the target."""
    if close(value, target):
        return fmt(target)
    for digits in range(2, 13):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        if float(text) != target:
            break
    return "0" if text in ("-0", "") else text


def _column_message(got, want, where: str) -> str:
    """What is wrong with the worst column, naming only what differs from mean 0 and std 1."""
    j = int(np.argmax(np.max(np.abs(got - want), axis=0)))
    m, s = float(got[:, j].mean()), float(got[:, j].std())
    wrong = []
    if not close(m, 0.0):
        wrong.append(f"mean {_plain_unlike(m, 0.0)}, not 0")
    if not close(s, 1.0):
        wrong.append(f"std {_plain_unlike(s, 1.0)}, not 1")
    if wrong:
        return (f"{where}, column {j} of your result has " + " and ".join(wrong)
                + " (every standardised column has mean 0 and std 1).")
    i = int(np.argmax(np.abs(got[:, j] - want[:, j])))
    should, yours = fmt_pair(want[i, j], got[i, j])
    return (f"{where}, column {j} of your result has mean 0 and std 1, but its entries are not "
            f"the standardised column: entry [{i}, {j}] should be {should}, yours is {yours}.")


def _epsilon_slip(standardise, got) -> str:
    """A small epsilon added to the variance (inside the square root) or to the std, on every
    case; told with the std the learner's columns have."""
    slips = [(lambda X, eps=eps: (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps),
              "inside the square root, as batch normalisation does") for eps in _EPSILONS]
    slips += [(lambda X, eps=eps: (X - X.mean(axis=0)) / (X.std(axis=0) + eps), "to the std")
              for eps in _EPSILONS]
    place = cause_of_calls(standardise, [(X,) for X in _standardise_cases()], slips, _z,
                           same=_same_table)
    if not place:
        return ""
    s = float(np.min(got.std(axis=0)))
    return (f" A std of {_plain_unlike(s, 1.0)} instead of 1: did you add a small epsilon {place}? "
            "Standardising divides by the std itself.")


_EPSILONS = (1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2)


# -- 12.2 the median by sorting -------------------------------------------------------------------

def _median_cases():
    yield np.array([7.0, 1.0, 3.0, 9.0, 4.0])                 # odd: sorted 1 3 4 7 9 -> 4
    # even: sorted 2 4 6 8 -> 5. The unsorted middle entry (2), the upper (6) and the lower (4)
    # middle value, the unsorted middle pair (3) all differ, so each slip is told apart.
    yield np.array([6.0, 4.0, 2.0, 8.0])
    yield np.array([3.0, 100.0, 2.0, 3.0, 1.0, 3.0])          # duplicates and an outlier: 3
    yield load_iris().X[::-10, 1]                             # 15 sepal widths, not sorted
    rng = np.random.default_rng(121)
    for n in (int(rng.integers(6, 20)) * 2, int(rng.integers(6, 20)) * 2 + 1, 2, 1):
        yield np.round(rng.normal(0, 10, size=n), 2)


def _median_by_unique(x):
    u = np.unique(x)
    n = len(u)
    return u[n // 2] if n % 2 else (u[n // 2 - 1] + u[n // 2]) / 2


_PAST = ("you took a position one past the middle: numpy counts from 0, so the middle of an odd "
         "number n of values is s[n // 2], and the two middle ones of an even number are "
         "s[n // 2 - 1] and s[n // 2]")
_MEDIAN_SLIPS = [
    (lambda x: x[len(x) // 2] if len(x) % 2 else (x[len(x) // 2 - 1] + x[len(x) // 2]) / 2,
     "you took the middle of the values without sorting first; the median is the middle of the "
     "SORTED values"),
    (lambda x: np.mean(x), "that is the mean; the median is the middle of the sorted values"),
    (lambda x: (np.sort(x)[len(x) // 2 - 1] + np.sort(x)[len(x) // 2]) / 2 if len(x) > 1 else x[0],
     "for an odd number of values there is ONE middle value; you averaged two neighbouring "
     "values instead"),
    (lambda x: np.sort(x)[len(x) // 2], "for an even number of values there are two middle ones; "
                                        "the median is their mean, not the upper one alone"),
    (lambda x: np.sort(x)[(len(x) - 1) // 2], "for an even number of values there are two middle "
                                              "ones; the median is their mean, not the lower one "
                                              "alone"),
    (lambda x: np.sort(x)[len(x) // 2] if len(x) % 2
     else (np.sort(x)[len(x) // 2 - 1] + np.sort(x)[len(x) // 2]) // 2,
     "you divided the sum of the two middle values with // (floor division), which rounds "
     "down; use /"),
    (lambda x: np.sort(x)[len(x) // 2 + 1] if len(x) % 2
     else (np.sort(x)[len(x) // 2] + np.sort(x)[len(x) // 2 + 1]) / 2, _PAST),
    (lambda x: np.sort(x)[len(x) // 2] if len(x) % 2
     else (np.sort(x)[len(x) // 2] + np.sort(x)[len(x) // 2 + 1]) / 2, _PAST),
    (lambda x: np.sort(x)[len(x) // 2 + 1] if len(x) % 2
     else (np.sort(x)[len(x) // 2 - 1] + np.sort(x)[len(x) // 2]) / 2, _PAST),
    (_median_by_unique, "you used np.unique: it sorts, but it also drops repeated values, and "
                        "every copy of a value counts for the median; sort with np.sort instead"),
]


def _median_slip(median) -> str:
    """The one usual slip that the learner's function shows on every case ("" if none fits)."""
    words = cause_of_calls(median, [(x,) for x in _median_cases()], _MEDIAN_SLIPS,
                           lambda x: float(np.median(x)),
                           same=lambda got, value: close(float(got), value, scale=10.0))
    return sentence(words)


PYTHON_MEDIAN = Rule("PYTHON_MEDIAN", "which computes the median for you",
                     targets=("statistics.median", "statistics.median_low",
                              "statistics.median_high"))


@exercise("12.2", "the median without np.median", name="median",
          solution=("def median(x):\n"
                    "    s = np.sort(x)\n"
                    "    n = len(s)\n"
                    "    if n % 2 == 1:\n"
                    "        return s[n // 2]\n"
                    "    return (s[n // 2 - 1] + s[n // 2]) / 2\n"),
          hints=["The median is the middle value once the values are in order. What has to "
                 "happen to x first?",
                 "Sort a copy (np.sort(x) returns a new array; x.sort() would change the "
                 "caller's x). With n values, which index is the middle one when n is odd?",
                 "numpy counts positions from 0: with n = 5 sorted values, which position is "
                 "the middle one, and how do you write it with n and //? For even n there are "
                 "two middle values, and the median lies halfway between them."],
          wrong=[lambda x: x[len(x) // 2],
                 lambda x: np.sort(x)[len(x) // 2],
                 lambda x: np.sort(x)[(len(x) - 1) // 2],
                 lambda x: np.mean(x),
                 lambda x: (x[(len(x) - 1) // 2] + x[len(x) // 2]) / 2,
                 lambda x: (np.sort(x)[len(x) // 2 - 1] + np.sort(x)[len(x) // 2]) / 2,
                 lambda x: 4.0,
                 lambda x: float(np.percentile(x, 50)),
                 lambda x: __import__("statistics").median(x.tolist()),
                 lambda x: float(np.median(x)),
                 lambda x: float(__import__("scipy.ndimage").ndimage.median(x))],
          right=[lambda x: (sorted(x)[(len(x) - 1) // 2] + sorted(x)[len(x) // 2]) / 2,
                 lambda x: np.float32(np.mean(np.sort(x)[(len(x) - 1) // 2:len(x) // 2 + 1])),
                 lambda x: float(np.partition(x, len(x) // 2)[len(x) // 2]) if len(x) % 2
                 else float(np.mean(np.sort(x)[len(x) // 2 - 1:len(x) // 2 + 1]))],
          forbidden=(MEDIAN, PYTHON_MEDIAN, SCIPY))
def _check_median(median):
    for x in _median_cases():
        n = len(x)
        where = f"for x = {fmt_list(x, limit=12)} ({n} values, {'even' if n % 2 == 0 else 'odd'})"
        got = as_number(median(x), "the median", you=f"{where} you returned")
        want = float(np.median(x))
        if close(got, want, scale=np.abs(x).max()):
            continue
        should, yours = fmt_pair(want, got)
        return f"{where} the median is {should}; yours is {yours}." + _median_slip(median)
    return None


# -- 12.3 the correlation of two variables ---------------------------------------------------------

def _correlation_cases():
    yield np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([2.0, 4.0, 5.0, 4.0, 5.0])   # r = 0.7746
    X = load_iris().X
    yield X[:, 2], X[:, 3]                            # petal length and width: r = 0.963
    yield X[:, 0], X[:, 1]                            # sepal length and width: r = -0.118
    rng = np.random.default_rng(122)
    n = int(rng.integers(8, 30))
    x = np.round(rng.normal(40, 5, size=n), 2)        # far from 0: centring matters
    yield x, np.round(300 - 2.5 * x + rng.normal(0, 8, size=n), 2)
    yield _far_case()                                 # 1e8 away: no centring loses every digit
    z = np.round(rng.normal(0, 1, size=12), 2)
    x = np.concatenate([z, -z])
    yield x, x ** 2                                   # a U: r = 0 exactly


_FAR = 1e8


def _far_case():
    """20 pairs near 1e8 with spread about 1 (r = 0.54): mean(x y) and mean(x) mean(y) are both
    about 1e16 and agree in all the digits a float64 holds, so their difference is noise."""
    rng = np.random.default_rng(1230)
    z = np.round(rng.normal(0, 1, size=20), 2)
    w = np.round(0.6 * z + rng.normal(0, 0.8, size=20), 2)
    return _FAR + z, _FAR + w


def _far_cause(correlation, x, y) -> str:
    """Words when the learner is wrong on the data far from 0 but right on the same data moved
    near 0 (a correlation does not change when a constant is added): the digits were lost."""
    if not (np.all(x > _FAR / 2) and np.all(y > _FAR / 2)):
        return ""
    near_x, near_y = x - _FAR, y - _FAR                # exact: the values are close to 1e8
    try:
        got = correlation(near_x.copy(), near_y.copy())
        right = np.ndim(got) == 0 and close(float(got), _pearson(near_x, near_y))
    except Exception:   # their error is not this cause
        return ""
    if not right:
        return ""
    return (" For the same data moved near 0 (x - 1e8 and y - 1e8, which have the same "
            "correlation) your function is right, so it loses its digits far from 0: without "
            "centring, a one-pass formula such as mean(x y) - mean(x) mean(y) subtracts two "
            "numbers near 1e16 that agree in all the digits a float64 keeps. Subtract the means "
            "first, then multiply the deviations.")


def _pearson(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.sum(dx * dy) / np.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))


def _cov(x, y, ddof=0):
    return np.sum((x - x.mean()) * (y - y.mean())) / (len(x) - ddof)


_CORRELATION_SLIPS = [
    (lambda x, y: _cov(x, y), "that is the covariance; divide it by the two standard deviations"),
    (lambda x, y: _cov(x, y, 1), "that is the sample covariance (ddof=1); divide it by the two "
                                 "standard deviations"),
    (lambda x, y: _cov(x, y) / (x.var() * y.var()), "you divided by the variances; divide by the "
                                                    "standard deviations, their square roots"),
    (lambda x, y: _cov(x, y, 1) / (x.std() * y.std()),
     "the covariance divides by n - 1 but the standard deviations by n: use the same ddof in "
     "both, so the factors cancel"),
    (lambda x, y: _cov(x, y) / (x.std(ddof=1) * y.std(ddof=1)),
     "the covariance divides by n but the standard deviations by n - 1: use the same ddof in "
     "both, so the factors cancel"),
    (lambda x, y: np.sum(x * y) / np.sqrt(np.sum(x * x) * np.sum(y * y)),
     "you forgot to subtract the means: that is the cosine similarity of x and y (notebook 05), "
     "which equals the correlation only for centred data"),
    (lambda x, y: np.sum((x - x.mean()) * (y - y.mean())),
     "that is the sum of the products of the deviations; divide it by n and by the two standard "
     "deviations"),
    (lambda x, y: _pearson(x, y) ** 2, "that is r squared, the share of variance a straight line "
                                       "explains; the correlation r itself keeps its sign and is "
                                       "not squared"),
    (lambda x, y: abs(_pearson(x, y)), "that is |r|, the size of the correlation without its sign; "
                                       "a falling relation has a negative r"),
]


def _correlation_slip(correlation) -> str:
    """The one usual slip that the learner's function shows on every case ("" if none fits)."""
    words = cause_of_calls(correlation, list(_correlation_cases()), _CORRELATION_SLIPS, _pearson,
                           same=lambda got, value: np.ndim(got) == 0 and close(float(got), value))
    return sentence(words)


@exercise("12.3", "the correlation of two variables", name="correlation",
          solution=("def correlation(x, y):\n"
                    "    dx = x - x.mean()\n"
                    "    dy = y - y.mean()\n"
                    "    covariance = np.mean(dx * dy)\n"
                    "    return covariance / (x.std() * y.std())\n"),
          hints=["The correlation is the covariance of x and y divided by the product of their "
                 "standard deviations. Start with the deviations from the means.",
                 "The covariance is the mean of (x - mean of x) * (y - mean of y). Dividing by "
                 "the two standard deviations makes the result a number in [-1, 1] without units.",
                 "Use the same divisor everywhere: np.mean of the products with np.std (both "
                 "divide by n), or the sample versions with ddof=1 in both: the n's cancel."],
          wrong=[lambda x, y: np.mean((x - x.mean()) * (y - y.mean())),
                 lambda x, y: np.cov(x, y)[0, 1],
                 lambda x, y: np.mean((x - x.mean()) * (y - y.mean())) / (x.var() * y.var()),
                 lambda x, y: np.cov(x, y)[0, 1] / (x.std() * y.std()),
                 lambda x, y: np.sum(x * y) / np.sqrt(np.sum(x * x) * np.sum(y * y)),
                 lambda x, y: np.sum((x - x.mean()) * (y - y.mean())),
                 lambda x, y: np.corrcoef(x, y),
                 lambda x, y: 0.7746,
                 lambda x, y: (np.mean(x * y) - np.mean(x) * np.mean(y)) / (np.std(x) * np.std(y)),
                 lambda x, y: np.corrcoef(x, y)[0, 1],
                 lambda x, y: __import__("scipy.stats").stats.pearsonr(x, y)[0]],
          right=[lambda x, y: np.sum((x - x.mean()) * (y - y.mean()))
                 / np.sqrt(np.sum((x - x.mean()) ** 2) * np.sum((y - y.mean()) ** 2)),
                 lambda x, y: np.mean((x - x.mean()) * (y - y.mean())) / (x.std(ddof=0) * y.std()),
                 lambda x, y: np.mean(((x - x.mean()) / x.std()) * ((y - y.mean()) / y.std())),
                 lambda x, y: np.float32(np.mean((x - x.mean()) * (y - y.mean()))
                                         / (x.std() * y.std()))],
          forbidden=(COVARIANCE, SCIPY))
def _check_correlation(correlation):
    for x, y in _correlation_cases():
        n = len(x)
        where = (f"for x = {fmt_list(x)} and y = {fmt_list(y)}" if n <= 8 else
                 f"for x and y with {n} values each near 1e8 (x - 1e8 = "
                 f"{fmt_list(x - _FAR, limit=4)}, y - 1e8 = {fmt_list(y - _FAR, limit=4)})"
                 if np.min(x) > _FAR / 2 else
                 f"for x and y with {n} values each (x = {fmt_list(x, limit=4)}, "
                 f"y = {fmt_list(y, limit=4)})")
        result = correlation(x, y)
        if np.shape(result) == (2, 2):
            raise Wrong(f"{where} you returned a 2 x 2 matrix (like np.corrcoef's); the "
                        "correlation of x and y is one number, its entry [0, 1]")
        got = as_number(result, "the correlation", you=f"{where} you returned")
        want = _pearson(x, y)
        if close(got, want, scale=1.0):
            continue
        should, yours = fmt_pair(want, got)
        outside = ("" if -1.0 - 1e-9 <= float(got) <= 1.0 + 1e-9 else
                   " A correlation always lies between -1 and 1.")
        return (f"{where} the correlation is {should}; yours is {yours}.{outside}"
                + (_far_cause(correlation, x, y) or _correlation_slip(correlation)))
    return None


# -- 12.4 by hand: centre and spread of five numbers ------------------------------------------------

@exercise("12.4", "by hand: mean, median, sample variance and MAD", name="answer_12_4",
          solution="answer_12_4 = (4, 2, 16.5, 1)\n",
          hints=["Sort the five numbers first; the median is then the one in the middle. The mean "
                 "is their sum divided by 5.",
                 "The sample variance uses the deviations from the mean, squared and added up, "
                 "and divides by n - 1 = 4, not by n.",
                 "The MAD is a median too: of the distances |x_i - median|, not of the distances "
                 "from the mean. Sort those five distances and take the middle one."],
          wrong=[(4, 2, 13.2, 1), (4, 2, 16.5, 2), (4, 11, 16.5, 1), (4, 2, 4.062, 1),
                 (4, 2, 16.5), (4, 2, 66, 1), (2, 4, 16.5, 1), ("4", "2", "16.5", "1")],
          right=[[4, 2, 16.5, 1], (4.0, 2.0, 66 / 4, 1.0), np.array([4, 2, 16.5, 1]),
                 (np.float32(4), 2, np.float32(16.5), 1)])
def _check_answer_12_4(answer_12_4):
    return by_hand_problem(
        answer_12_4, ["mean", "median", "sample variance", "MAD"], [4.0, 2.0, 16.5, 1.0],
        {0: [(2.0, "you gave the median where the mean is asked"),
             (20.0, "you gave the sum; the mean divides it by 5")],
         1: [(11.0, "you took the middle entry of the numbers as given; the median is the "
                    "middle of the SORTED numbers"),
             (4.0, "you gave the mean where the median is asked"),
             (2.5, "for five numbers there is one middle value; you averaged two")],
         2: [(13.2, "you divided by n = 5; the sample variance divides by n - 1 = 4"),
             (66.0, "you gave the sum of the squared deviations; divide it by n - 1 = 4"),
             (16.5 ** 0.5, "you gave the standard deviation (the square root); the variance is "
                           "not square-rooted"),
             (13.2 ** 0.5, "you gave the standard deviation with n; the question asks for the "
                           "sample variance, with n - 1 and no square root")],
         3: [(2.0, "you measured the distances from the mean; the MAD measures them from the "
                   "median"),
             (2.4, "you averaged the distances from the median; the MAD takes their median")]})


# -- 12.5 the sample covariance matrix (a matrix product gives it at once) -------------------------

def _covariance_cases():
    x, y = np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 4, 5, 4, 5])
    yield np.column_stack([x, y])                       # the worked example: cov = 1.5 (ddof=1)
    yield load_iris().X
    rng = np.random.default_rng(123)
    n, d = int(rng.integers(6, 15)), int(rng.integers(3, 6))
    yield np.round(rng.uniform(-100, 100, size=d) + rng.normal(0, 3, size=(n, d)), 2)


def _cov_matrix(X, ddof=1):
    C = X - X.mean(axis=0)
    return C.T @ C / (X.shape[0] - ddof)


_COVARIANCE_SLIPS = [
    (lambda X: _cov_matrix(X, 0), "you divided by n; the sample covariance matrix divides by "
                                  "n - 1, as np.cov does"),
    (lambda X: X.T @ X / (X.shape[0] - 1), "you did not centre the columns first: subtract each "
                                           "column's mean before the products"),
    (lambda X: (X - X.mean()).T @ (X - X.mean()) / (X.shape[0] - 1),
     "you subtracted one mean of the whole table; each column needs its own mean"),
    (lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)),
     "you gave the sums of products; divide them by n - 1"),
    (lambda X: _cov_matrix(X) / np.outer(X.std(axis=0, ddof=1), X.std(axis=0, ddof=1)),
     "that is the correlation matrix (divided by the standard deviations); the covariance "
     "matrix keeps the units"),
]


@exercise("12.5", "the sample covariance matrix", name="covariance_matrix",
          solution=("def covariance_matrix(X):\n"
                    "    centred = X - X.mean(axis=0)\n"
                    "    n = X.shape[0]\n"
                    "    return centred.T @ centred / (n - 1)\n"),
          hints=["Entry [j, k] is the sample covariance of columns j and k: the sum over the rows "
                 "of the products of their deviations from their means, divided by n - 1.",
                 "Centre every column first. Then all d x d sums of products are the entries of "
                 "one matrix product of the centred table with itself (notebook 02): rows of one "
                 "factor times columns of the other.",
                 "Of the two products of an (n, d) table with itself, only one has shape (d, d): "
                 "the one whose inner dimension is n. Divide by n - 1 at the end."],
          wrong=[lambda X: _cov_matrix(X, 0),
                 lambda X: X.T @ X / (X.shape[0] - 1),
                 lambda X: (X - X.mean()).T @ (X - X.mean()) / (X.shape[0] - 1),
                 lambda X: (X - X.mean(axis=0)).T @ (X - X.mean(axis=0)),
                 lambda X: (X - X.mean(axis=0)) @ (X - X.mean(axis=0)).T / (X.shape[0] - 1),
                 lambda X: np.corrcoef(X, rowvar=False),
                 lambda X: np.cov(X, rowvar=False),
                 lambda X: (lambda C: C.T @ C / (len(X) - 1))(
                     X - __import__("scipy.stats").stats.trim_mean(X, 0.0, axis=0))],
          right=[lambda X: np.einsum("ij,ik->jk", X - X.mean(axis=0), X - X.mean(axis=0))
                 / (len(X) - 1),
                 lambda X: [[float(np.sum((X[:, j] - X[:, j].mean()) * (X[:, k] - X[:, k].mean()))
                                   / (len(X) - 1)) for k in range(X.shape[1])]
                            for j in range(X.shape[1])],
                 lambda X: (X.T @ X - len(X) * np.outer(X.mean(axis=0), X.mean(axis=0)))
                 / (len(X) - 1),
                 lambda X: _cov_matrix(X).astype(np.float32)],
          forbidden=(COVARIANCE, SCIPY))
def _check_covariance_matrix(covariance_matrix):
    for X in _covariance_cases():
        n, d = X.shape
        where = (f"for X = {fmt_rows(X)}" if X.size <= 10 else f"for X of shape ({n}, {d})")
        result = covariance_matrix(X)
        if np.shape(result) == (n, n) and n != d:
            raise Wrong(f"{where} you returned an array of shape ({n}, {n}): one number per pair of "
                        f"examples (rows). The covariance matrix has one row and one column per "
                        f"feature, shape ({d}, {d}): in the product of the centred table with "
                        "itself, the transposed table goes on the left")
        got = as_array_of_shape(result, (d, d),
                                f"{where} the covariance matrix (one row and one column per "
                                "feature)", you=f"{where} you returned")
        want = _cov_matrix(X)
        scale = float(np.max(np.abs(want)))
        if close(got, want, scale=scale):
            continue
        should, yours = fmt_rows(want), fmt_rows(got)
        head = (f"{where} the covariance matrix is {should}; yours is {yours}." if d <= 2 else
                f"{where} your covariance matrix differs from the right one, for example at "
                f"[0, {d - 1}]: {fmt(want[0, d - 1])}, yours {fmt(got[0, d - 1])}.")
        words = cause_of_calls(covariance_matrix, [(c,) for c in _covariance_cases()],
                               _COVARIANCE_SLIPS, _cov_matrix,
                               same=lambda g, v: np.shape(g) == np.shape(v)
                               and close(np.asarray(g, dtype=float), v,
                                         scale=float(np.max(np.abs(v)))))
        return head + (sentence(words))
    return None
