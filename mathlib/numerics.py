"""Floating-point formats from their bit layout (notebook 21): float64, float32, float16, bfloat16.

A binary floating-point format with ``e`` exponent bits and ``m`` stored fraction (mantissa) bits
represents, besides 0, inf and NaN,

    normal numbers     (-1)^s (1 + f / 2^m) 2^E,  E from E_min = 2 - 2^(e-1) to E_max = 2^(e-1) - 1
    subnormal numbers  (-1)^s (f / 2^m) 2^E_min,  f = 1 .. 2^m - 1 (gradual underflow)

so its precision is p = m + 1 significant bits, its machine epsilon (the gap from 1 to the next
number up) is 2^-m, its largest finite number is (2 - 2^-m) 2^E_max, its smallest normal number
2^E_min and its smallest subnormal number 2^(E_min - m). bfloat16 ("brain float") keeps float32's
8 exponent bits (its range) with only 7 fraction bits; float16 has 5 exponent bits and 10 fraction
bits (more precision, far less range).

:func:`round_to` rounds float64 numbers to a format with numpy's ``frexp``/``ldexp`` and ``rint``
only (no ``astype(float16)``), so every format, bfloat16 included, is studied the same way.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import as_array

__all__ = ["FORMATS", "FloatInfo", "float_info", "round_to"]

# name -> (exponent bits, stored fraction bits)
_LAYOUT = {"float64": (11, 52), "float32": (8, 23), "float16": (5, 10), "bfloat16": (8, 7)}
FORMATS = tuple(_LAYOUT)
"""The names :func:`float_info` and :func:`round_to` accept, widest first."""


class FloatInfo(NamedTuple):
    """A format's layout and its landmarks (the names of ``numpy.finfo`` where it has them)."""

    name: str
    bits: int                  # 1 sign bit + exponent_bits + mantissa_bits
    exponent_bits: int
    mantissa_bits: int         # stored fraction bits m; the precision is m + 1 bits
    min_exponent: int          # E_min = 2 - 2^(e-1): the exponent of the smallest normal number
    max_exponent: int          # E_max = 2^(e-1) - 1: the exponent of the largest finite number
    # (not numpy's or Python's conventions, which count from 2^-1: max_exponent =
    # finfo.maxexp - 1 = sys.float_info.max_exp - 1, min_exponent = finfo.minexp =
    # sys.float_info.min_exp - 1)
    max: float                 # (2 - 2^-m) 2^E_max
    smallest_normal: float     # 2^E_min
    smallest_subnormal: float  # 2^(E_min - m)
    eps: float                 # 2^-m, the gap between 1 and the next number up


def _name(name, where: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{where}: name must be a string, one of {', '.join(map(repr, FORMATS))}; "
                        f"got {type(name).__name__} {name!r:.40}")
    if name not in _LAYOUT:
        raise ValueError(f"{where}: unknown format {name!r}; expected one of "
                         f"{', '.join(map(repr, FORMATS))}")
    return name


def float_info(name: str) -> FloatInfo:
    """The layout and landmarks of the format ``name`` ("float64", "float32", "float16" or
    "bfloat16"), computed from its exponent bits e and fraction bits m:

        E_max = 2^(e-1) - 1, E_min = 1 - E_max, max = (2 - 2^-m) 2^E_max,
        smallest_normal = 2^E_min, smallest_subnormal = 2^(E_min - m), eps = 2^-m.

    The exponents are E_min and E_max themselves, the powers of two of the smallest normal and the
    largest finite number (1.0 x 2^E): max_exponent = np.finfo(...).maxexp - 1 =
    sys.float_info.max_exp - 1 and min_exponent = np.finfo(...).minexp = sys.float_info.min_exp
    - 1 (numpy's maxexp and Python's max_exp count the first power of two that overflows, and
    Python writes numbers as 0.1... x 2^E, one more than here).
    Returns a :class:`FloatInfo` (a named tuple of ints and Python floats). Raises TypeError if
    name is not a string, ValueError (listing the valid names) if it is not one of them.
    In a network: float16's max of 65504 is why activations and loss values can overflow in
    half precision, and its smallest subnormal (about 6e-8) is why small gradients vanish.
    """
    name = _name(name, "float_info")
    e, m = _LAYOUT[name]
    e_max = 2 ** (e - 1) - 1
    e_min = 1 - e_max
    return FloatInfo(name=name, bits=1 + e + m, exponent_bits=e, mantissa_bits=m,
                     min_exponent=e_min, max_exponent=e_max,
                     max=float(np.ldexp(2.0 - 2.0 ** -m, e_max)),
                     smallest_normal=float(np.ldexp(1.0, e_min)),
                     smallest_subnormal=float(np.ldexp(1.0, e_min - m)),
                     eps=float(np.ldexp(1.0, -m)))


_ANY_NUMBERS = {"nonempty": False, "finite": False}    # empty, nan and inf are all fine here


def _numbers(x) -> np.ndarray:
    """``x`` as float64 for :func:`round_to`: dates and times refused; a whole number too large
    for float64 becomes +-inf (it is beyond every format's largest number)."""
    try:
        kind = np.asarray(x).dtype.kind
    except (TypeError, ValueError):
        kind = ""                  # as_array says what is wrong with it
    if kind in ("m", "M"):
        raise TypeError(f"round_to: x must be numbers (a scalar, list or numpy array), got "
                        f"dates or times ({type(x).__name__} {x!r:.40})")
    try:
        return as_array(x, "x", "round_to", **_ANY_NUMBERS)
    except OverflowError:          # Python ints beyond float64 (numpy holds them as objects)
        raw = np.asarray(x)
        out = np.empty(raw.shape)
        for index, v in np.ndenumerate(raw):
            try:
                out[index] = as_array(v, "x", "round_to", **_ANY_NUMBERS)
            except OverflowError:
                out[index] = np.inf if v > 0 else -np.inf
        return out


def round_to(x, name: str):
    """Round float64 numbers ``x`` to the nearest number of the format ``name``, returned as
    float64 (the format's value, stored exactly in float64).

    For |x| in [2^E, 2^(E+1)) the format's numbers near x are spaced q = 2^(max(E, E_min) - m)
    apart (the spacing stops shrinking below the smallest normal number: gradual underflow), so

        round_to(x) = sign(x) rint(|x| / q) q,

    with rint rounding half to even (IEEE 754's default), which is exact in float64 for every
    format narrower than float64. A result above the format's max is inf (so is everything from
    max + q/2 up: the tie at max + q/2 goes to the even neighbour 2^(E_max + 1), which is out of
    range); a result below half the smallest subnormal is 0 with the sign of x (-0.0 kept); NaN
    stays NaN and +-inf stay +-inf. "float64" returns x unchanged.
    Shapes: x a number or an array of any shape -> the same shape (a float for a number).
    A whole number too large for float64 (``2**1100``) is beyond every format's largest number:
    inf with its sign.
    Raises TypeError for non-numbers (complex, dates and times included) and for a name that is
    not a string (with a word on swapped arguments: ``round_to(x, name)``), ValueError for an
    unknown name.
    In a network: this is what storing a weight, an activation or a gradient in float16 or
    bfloat16 does to it: ``round_to(1 + 1e-4, "float16")`` is 1.0, an update lost.
    """
    if isinstance(x, str) and not isinstance(name, str):
        raise TypeError(f"round_to: name must be a string, one of {', '.join(map(repr, FORMATS))}; "
                        f"got {type(name).__name__} {name!r:.40}, and x is the string {x!r:.40}: "
                        "are the arguments swapped? The number comes first, round_to(x, name), "
                        f"e.g. round_to({name!r:.40}, {x!r:.40})")
    name = _name(name, "round_to")
    a = _numbers(x)
    info = float_info(name)
    out = a.copy()
    mag = np.abs(a)
    ok = np.isfinite(a) & (mag > 0)
    if np.any(ok):
        # everything from 2^(E_max + 1) up is inf anyway: capping there keeps float64 in range
        # (float64's own numbers never exceed its max)
        cap = info.max if name == "float64" else np.ldexp(1.0, info.max_exponent + 1)
        v = np.minimum(mag[ok], cap)
        _, e = np.frexp(v)                                  # v = f 2^e with f in [0.5, 1)
        q = np.maximum(e - 1, info.min_exponent) - info.mantissa_bits   # the spacing's exponent
        r = np.ldexp(np.rint(np.ldexp(v, -q)), q)           # exact: a power-of-two scaling
        r[r > info.max] = np.inf
        out[ok] = np.copysign(r, a[ok])
    return float(out) if out.ndim == 0 else out
