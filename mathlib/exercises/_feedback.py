"""Words for what a learner gave: the helpers every notebook's checker uses.

A checker never lets numpy's own error about the learner's result reach the learner ("only
0-dimensional arrays can be converted to Python scalars"). It reads the result through these
helpers, which either return clean numbers or raise :class:`Wrong` with a sentence about what the
learner returned and what was expected::

    loss = as_number(mean_squared_error(y_hat, y), "the loss")
    # -> Wrong: "you returned an array of shape (4,); the loss is one number"

Numbers in messages are written by :func:`fmt` (4 significant digits, or in full when the number is
a short exact decimal such as 2.0625; never ``-0``), and results
are compared by :func:`close`, whose tolerance fits the dtype of the result (float32 answers pass).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._checks import shape_str

__all__ = ["Wrong", "fmt", "fmt_list", "describe_value", "as_number", "as_numbers",
           "as_array_of_shape", "close", "tolerance", "fmt_pair", "plain", "plain_list",
           "fmt_rows", "fmt_array", "as_shape", "sentence", "ordinal"]


class Wrong(Exception):
    """What is wrong with the learner's answer, in words; a checker raises or returns it."""


SHORT_DIGITS = 8
"""A number whose shortest decimal form has at most this many significant digits (2.0625,
0.1234567) is written in full by :func:`fmt`: rounded to 4 digits, 2.0625 would read 2.062 and
tell a learner who rounded it half up to 2.063 that the answer is 2.062."""


def _shortest_digits(x: float) -> int:
    """The significant digits of the shortest decimal that reads back as x: 2.0625 -> 5,
    0.1 -> 1, 1/3 -> 16."""
    mantissa = np.format_float_scientific(x, unique=True, trim="-").split("e")[0]
    return len(mantissa.lstrip("-").replace(".", ""))


def fmt(x, digits: int = 4) -> str:
    """A number as a learner reads it: ``0.3125``, ``2``, ``nan``; ``-0.0`` is written ``0``.

    ``digits`` significant digits (4), except that a short exact decimal, one whose shortest form
    has at most :data:`SHORT_DIGITS` = 8 significant digits, is written in full: ``2.0625``, not
    ``2.062``; 1/3 is still ``0.3333``."""
    x = float(x) + 0.0
    if np.isfinite(x) and digits < _shortest_digits(x) <= SHORT_DIGITS:
        digits = _shortest_digits(x)
    return f"{x:.{digits}g}"


def fmt_list(a, limit: int = 8, digits: int = 4) -> str:
    """A short array as a list, ``[0.5, 0, -1]``; longer ones end with ``...``."""
    flat = [fmt(v, digits) for v in np.asarray(a, dtype=float).ravel()]
    more = ", ..." if len(flat) > limit else ""
    return "[" + ", ".join(flat[:limit]) + more + "]"


def fmt_pair(want, got) -> tuple[str, str]:
    """``want`` and ``got`` written with just enough digits (4 or more) to look different."""
    write = fmt if np.ndim(want) == 0 else fmt_list
    for digits in range(4, 18):
        a, b = write(want, digits=digits), write(got, digits=digits)
        if a != b:
            return a, b
    return write(want), write(got)   # no visible difference (e.g. past fmt_list's limit): 4 digits


def _is_real_number(x) -> bool:
    # A real number that is not a truth value: 3, 0.5, np.float32(2), a 0-d numeric array.
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, np.ndarray):
        return x.ndim == 0 and x.dtype.kind in "iuf"
    return isinstance(x, numbers.Real)


def describe_value(value) -> str:
    """What ``value`` is, in a learner's words: "the number 0.3", "an array of shape (4,)", ..."""
    if value is None:
        return "None"
    if value is Ellipsis:
        return "... (the blank of the exercise)"
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)} (a truth value, not a number)"
    if isinstance(value, (str, bytes)):
        text = repr(value) if len(value) <= 30 else repr(value[:27]) + "..."
        return f"the text {text} (a string, in quotes)"
    if _is_real_number(value):
        return f"the number {fmt(value)}"
    if isinstance(value, (complex, np.complexfloating)):
        return f"the complex number {value}"
    if isinstance(value, dict):
        return f"a dict with {len(value)} key(s)"
    if isinstance(value, (set, frozenset)):
        return f"a set of {len(value)} item(s)"
    if callable(value):
        return "a function"
    if isinstance(value, np.ndarray):
        kind = {"b": " of truth values", "U": " of text", "S": " of text", "O": " of mixed items",
                "c": " of complex numbers"}.get(value.dtype.kind, "")
        return f"an array{kind} of shape {shape_str(value.shape)}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if not value:
            return f"an empty {kind}"
        if all(_is_real_number(v) for v in value):
            return f"a {kind} of {len(value)} number" + "s" * (len(value) != 1)
        try:
            shape = np.asarray(value).shape
        except (ValueError, TypeError):
            return f"a {kind} of {len(value)} items of different lengths"
        if len(shape) > 1 and all(isinstance(v, (list, tuple, np.ndarray)) for v in value):
            return f"a {kind} that numpy reads as an array of shape {shape_str(shape)}"
        first = next(v for v in value if not _is_real_number(v))
        return f"a {kind} of {len(value)} items, one of them {describe_value(first)}"
    return f"a {type(value).__name__}"


def not_finite_words(x) -> str:
    """What a non-finite number means and where it comes from: nan and inf are told apart."""
    if np.isnan(x):
        return "nan means 'not a number': look for 0 / 0, or an operation on nan"
    if x < 0:
        return ("-inf means minus infinity, a result below every float (about -1.8e308): look "
                "for log(0), a division by 0, or an exp or a power that overflows")
    return ("inf means infinity, a result above every float (about 1.8e308): look for a "
            "division by 0, or an exp or a power that overflows")


def as_number(result, what: str, you: str = "you returned"):
    """``result`` as one finite real number (a numpy float keeps its dtype), or raise Wrong."""
    if not _is_real_number(result):
        raise Wrong(f"{you} {describe_value(result)}; {what} is one number")
    if isinstance(result, np.ndarray):
        result = result[()]                      # a 0-d array -> a numpy number
    x = result if isinstance(result, np.floating) else float(result)
    if not np.isfinite(x):
        raise Wrong(f"{you} {fmt(x)}; {what} is a finite number ({not_finite_words(x)})")
    return x


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth")


def ordinal(i: int) -> str:
    """The position of index ``i`` in words, counting from 1 as a learner does: 0 -> "first",
    2 -> "third", 11 -> "12th" (not Python's 0-based "item 2")."""
    if i < len(_ORDINALS):
        return _ORDINALS[i]
    n = i + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def as_numbers(result, n: int, what: str, yours: str = "your answer") -> np.ndarray:
    """``result`` as ``n`` finite real numbers (a tuple, list or array of them), or raise Wrong."""
    one_axis = not isinstance(result, np.ndarray) or result.ndim == 1    # a 0-d array: no list
    items = list(result) if isinstance(result, (tuple, list, np.ndarray)) and one_axis else None
    if items is None:
        raise Wrong(f"{yours} is {describe_value(result)}; {what} is {n} numbers in a tuple")
    if len(items) != n:
        raise Wrong(f"{yours} is {describe_value(result)}; {what} is {n} numbers, not {len(items)}")
    for i, item in enumerate(items):
        if not _is_real_number(item):
            raise Wrong(f"the {ordinal(i)} item of {yours} is {describe_value(item)}; {what} is "
                        f"{n} numbers")
        if not np.isfinite(float(item)):
            raise Wrong(f"the {ordinal(i)} item of {yours} is {fmt(item)}; {what} is {n} finite "
                        "numbers "
                        f"({not_finite_words(float(item))})")
    return np.array([float(v) for v in items])


def as_array_of_shape(result, shape: tuple, what: str, you: str = "you returned") -> np.ndarray:
    """``result`` as a finite array of numbers of exactly ``shape``, or raise Wrong.

    Lists are accepted (numpy reads them); floating dtypes are kept (for :func:`close`), whole
    numbers become float64. Text, truth values, complex numbers, NaN and infinity are not.
    """
    expected = f"{what} is an array of numbers of shape {shape_str(shape)}"
    if result is None or callable(result) or isinstance(result, (str, bytes, dict, set)):
        raise Wrong(f"{you} {describe_value(result)}; {expected}")
    try:
        a = np.asarray(result)
    except (ValueError, TypeError):
        raise Wrong(f"{you} {describe_value(result)}, which numpy cannot read as an array; {expected}"
                    ) from None
    if a.dtype.kind not in "iuf":
        raise Wrong(f"{you} {describe_value(result)}; {expected}")
    if a.shape != tuple(shape):
        raise Wrong(f"{you} {describe_value(result)}; {what} has shape {shape_str(shape)}")
    if not np.all(np.isfinite(a)):
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise Wrong(f"{you} an array holding {fmt(a[where])} at index {where}; {what} holds "
                    f"finite numbers ({not_finite_words(a[where])})")
    return a if a.dtype.kind == "f" else a.astype(float)


_FLOAT32_TOLERANCE = 100 * float(np.finfo(np.float32).eps)


def tolerance(got) -> float:
    """The relative tolerance for a result: 1e-6 for float64 (so a list of float32 numbers passes
    too) and about 1e-5 for float32, what float32 arithmetic on the data reaches. It is never
    looser: a float16 result (about 3 digits) gets the float32 tolerance and fails unless its
    numbers are right to 5 digits (the exercise machinery then says "float16 keeps about 3
    digits")."""
    dtype = np.asarray(got).dtype
    return _FLOAT32_TOLERANCE if dtype.kind == "f" and dtype.itemsize <= 4 else 1e-6


def close(got, want, scale: float = 1.0, rtol: float | None = None) -> bool:
    """True when ``got`` equals ``want`` up to rounding in ``got``'s dtype.

    The absolute tolerance grows with the size of the numbers involved: ``scale`` (the size of
    the inputs) or the largest entry of ``want``, whichever is larger. ``rtol`` replaces the
    tolerance for a float64 answer the exact computation reaches to more digits (e.g. 1e-11, so
    that a finite difference, with an error near 1e-10, does not pass for the exact formula); a
    float32 result keeps the float32 tolerance.
    """
    got, want = np.asarray(got), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return False
    if rtol is None or got.dtype.kind == "f" and got.dtype.itemsize <= 4:
        rtol = max(tolerance(got), rtol or 0.0)    # a float32 result keeps float32's room
    size = max(1.0, float(scale), float(np.max(np.abs(want), initial=0.0)))
    return bool(np.allclose(got.astype(float), want, rtol=rtol, atol=rtol * size))


# -- shared by the notebooks' checkers (one home; issue 15 section 3) ------------------------------
def plain(x, digits: int = 4) -> str:
    """A number with ``digits`` significant digits and never in scientific notation: 0.00003333,
    5.843, 2 (a learner with high-school algebra reads 3.333e-05 as a riddle)."""
    return np.format_float_positional(float(x) + 0.0, precision=digits, unique=False,
                                      fractional=False, trim="-")


def plain_list(a, limit: int = 8) -> str:
    """A short array as a list of plain numbers, ``[5.843, 0.00003333]``; longer ones end
    with ``...``."""
    flat = [plain(v) for v in np.asarray(a, dtype=float).ravel()]
    return "[" + ", ".join(flat[:limit]) + (", ..." if len(flat) > limit else "") + "]"


def as_shape(answer) -> tuple[int, ...]:
    """A shape given as a tuple (or list, or 1-d integer array) of whole numbers, or Wrong."""
    like = "a tuple of whole numbers, one per axis, like (2, 3)"
    if isinstance(answer, np.ndarray):
        if answer.ndim != 1 or answer.dtype.kind not in "iu":
            raise Wrong(f"your answer is {describe_value(answer)}; give the shape of the batch, {like}, "
                        "not an array")
        answer = answer.tolist()
    if not isinstance(answer, (tuple, list)):
        words = describe_value(answer)
        if isinstance(answer, numbers.Real) and not isinstance(answer, (bool, np.bool_)):
            words = f"the number {plain(answer, digits=12)}"    # 75264, not 7.526e+04
        raise Wrong(f"your answer is {words}; the shape is {like}")
    def whole_float(n):
        return isinstance(n, float) and np.isfinite(n) and n == int(n)

    for n in answer:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            if all(whole_float(m) or (isinstance(m, numbers.Integral) and not isinstance(
                    m, (bool, np.bool_))) for m in answer):
                floats = [m for m in answer if whole_float(m)]
                if len(floats) == 1:
                    fix = f"write {int(floats[0])}, not {float(floats[0])}"
                else:
                    fixed = ", ".join(str(int(m)) for m in answer)
                    given = ", ".join(f"{float(m)}" if whole_float(m) else str(int(m))
                                      for m in answer)
                    fix = f"write ({fixed}), not ({given})"
                raise Wrong(f"axis lengths are whole numbers: {fix}")
            raise Wrong(f"your answer {answer!r} has an entry that is {describe_value(n)}; an axis "
                        "length is a whole number of entries, like 28")
    return tuple(int(n) for n in answer)


def fmt_rows(A, limit: int = 8) -> str:
    """A small table written row by row: ``[[1, 2], [3, 4]]``."""
    return "[" + ", ".join(fmt_list(row, limit=limit) for row in np.asarray(A, dtype=float)) + "]"


def fmt_array(a) -> str:
    """A number, vector or table as a learner writes it: ``2``, ``[1, 2]``, ``[[1, 2], [3, 4]]``."""
    a = np.asarray(a)
    return fmt(a) if a.ndim == 0 else fmt_list(a) if a.ndim == 1 else fmt_rows(a)


def sentence(words: str, before: str = " ") -> str:
    """``words`` as a sentence to append to a message: ``before``, a capital first letter, the
    words and a full stop (none added when they end with ? ! or .); "" for no words.
    ``problem + sentence("you divided by n - 1")`` -> "... yours is 1.75 You divided by n - 1."."""
    if not words:
        return ""
    end = "" if words.endswith(("?", "!", ".")) else "."
    return before + words[0].upper() + words[1:] + end
