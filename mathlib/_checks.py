"""Input checks shared by every public function in mathlib.

Each check either returns a clean float array or raises an error that speaks to a learner:
it names the function, the argument, what was given and what was expected, e.g.

    matmul: A has shape (2, 3) and B has shape (4, 5); the inner dimensions (3 and 4) must match

Shapes are written as Python tuples, ``(2, 3)``, as the notebooks teach them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["shape_str", "describe", "reject_complex", "as_array", "as_scalar", "as_int", "as_axis",
           "as_rng", "DEFAULT_SEED", "check_probability_vector", "check_probabilities",
           "probability_tolerance"]

DEFAULT_SEED = 0
"""The seed that ``as_rng(None)`` uses: a function called without ``rng`` gives the same numbers
on every run (``numpy.random.default_rng(0)``)."""

_NDIM_WORDS = {0: "scalar", 1: "vector", 2: "matrix"}


def shape_str(shape: tuple[int, ...]) -> str:
    """A shape as Python writes it: ``(2, 3)`` -> ``"(2, 3)"``; ``(3,)`` -> ``"(3,)"``."""
    return str(tuple(int(n) for n in shape))


def describe(a: np.ndarray) -> str:
    """A learner's name for an array: "scalar", "vector of length 3", "matrix of shape (2, 3)"."""
    if a.ndim == 0:
        return "scalar"
    if a.ndim == 1:
        return f"vector of length {a.shape[0]}"
    if a.ndim == 2:
        return f"matrix of shape {shape_str(a.shape)}"
    return f"tensor with {a.ndim} axes, shape {shape_str(a.shape)}"


def _expected(ndim: int | tuple[int, ...]) -> str:
    dims = (ndim,) if isinstance(ndim, int) else ndim
    words = [_NDIM_WORDS.get(d, f"tensor with {d} axes") for d in dims]
    return " or ".join(words)


def reject_complex(a: np.ndarray, name: str, where: str) -> None:
    """Raise TypeError if ``a`` holds complex numbers (a complex dtype, or complex Python numbers
    in an object array). mathlib computes with real numbers only: converting ``1 + 2j`` to a float
    would silently drop the imaginary part (``det([[1+2j, 0], [0, 1]])`` would be 1.0)."""
    if np.iscomplexobj(a):
        example = ""
        if a.size:                           # the first entry with an imaginary part (or entry 0)
            flat = a.reshape(-1)
            k = int(np.argmax(flat.imag != 0))
            index = tuple(int(i) for i in np.unravel_index(k, a.shape))
            example = f", e.g. {flat[k]} at index {index}"
    elif a.dtype == object and any(isinstance(v, complex) for v in a.reshape(-1)):
        example = ""
    else:
        return
    raise TypeError(f"{where}: {name} holds complex numbers (dtype {a.dtype}{example}); mathlib "
                    "works with real numbers and would drop the imaginary part. If the imaginary "
                    f"parts are meant to be 0, pass {name}.real")


def as_array(x, name: str, where: str, *, ndim: int | tuple[int, ...] | None = None,
             nonempty: bool = True, finite: bool = True) -> np.ndarray:
    """Return ``x`` as a float array, or raise an error naming ``where`` and ``name``.

    Raises
    ------
    TypeError
        if ``x`` is not real numbers (a string, ``None``, a dict, complex numbers, ...).
    ValueError
        if it has the wrong number of dimensions, is empty, or holds NaN or infinity.
    """
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, dict):
        raise TypeError(f"{where}: {name} must be numbers (a scalar, list or numpy array), "
                        f"got {type(x).__name__} {x!r:.40}")
    try:
        raw = np.asarray(x)                  # its own dtype first: complex is never cast silently
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{where}: {name} must be numbers (a scalar, list or numpy array) "
                        f"with a regular shape; could not read {type(x).__name__}: {exc}") from None
    reject_complex(raw, name, where)
    try:
        a = raw.astype(float, copy=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{where}: {name} must be numbers (a scalar, list or numpy array) "
                        f"with a regular shape; could not read {type(x).__name__}: {exc}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if a.ndim not in allowed:
            raise ValueError(f"{where}: {name} must be a {_expected(ndim)}, got a {describe(a)}")
    if nonempty and a.size == 0:
        raise ValueError(f"{where}: {name} is empty (shape {a.shape}); expected at least one number")
    if finite and not np.all(np.isfinite(a)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        value = a[bad] if bad else a
        raise ValueError(f"{where}: {name} holds {value} at index {bad if bad else '()'}; "
                         "expected finite numbers (no NaN or infinity)")
    return a


def as_scalar(x, name: str, where: str) -> float:
    """Return ``x`` as a finite float, or raise naming what was given."""
    a = as_array(x, name, where)
    if a.ndim != 0:
        raise ValueError(f"{where}: {name} must be a single number, got a {describe(a)}")
    return float(a)


def _given(value) -> str:
    """What was given, for a message: its type and (shortened) value, ``float 2.5``."""
    return f"{type(value).__name__} {value!r:.40}"


def as_int(value, name: str, where: str, *, low: int | None = None,
           high: int | None = None) -> int:
    """Return ``value`` as a Python int, checking ``low <= value <= high`` (each bound optional).

    Raises
    ------
    TypeError
        if ``value`` is not an integer: a float (even ``2.0``), a bool, a string, None, ...
        (``isinstance(True, int)`` holds in Python, but ``True`` as a count is a mistake).
    ValueError
        if it is outside the bounds, naming them: ``k = 5 is out of range; expected 0 <= k <= 3``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        hint = ""
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            hint = f" (write {int(value)}, without the decimal point)"
        raise TypeError(f"{where}: {name} must be a whole number (an int), got "
                        f"{_given(value)}{hint}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            expected = f"{low} <= {name} <= {high}"
        elif low is not None:
            expected = f"{name} >= {low}"
        else:
            expected = f"{name} <= {high}"
        raise ValueError(f"{where}: {name} = {value} is out of range; expected {expected}")
    return value


def as_axis(axis, ndim, name: str, where: str, *, none: bool = False) -> int | None:
    """Return ``axis`` as an axis of the array ``name``, from ``-ndim`` to ``ndim - 1`` (negative
    counts from the end, as numpy). ``ndim`` is the number of axes, or the array itself (then the
    message describes it: "x, a matrix of shape (2, 3)"). ``none=True``: None is accepted (it
    means all axes) and returned as None.

    Raises TypeError for a non-integer axis (a float, a bool, a tuple) and ValueError for an axis
    the array does not have, naming the axes it has.
    """
    if none and axis is None:
        return None
    if isinstance(ndim, (int, np.integer)):
        n, what = int(ndim), f"{name}, which has {int(ndim)} {'axis' if ndim == 1 else 'axes'}"
    else:
        n, what = np.ndim(ndim), f"{name}, a {describe(np.asarray(ndim))}"
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        allowed = "None or an integer" if none else "an integer"
        raise TypeError(f"{where}: axis must be {allowed}, got {_given(axis)}")
    if not -n <= axis < n:
        expected = f"an axis from {-n} to {n - 1}" if n else "no axis (it is a single number)"
        raise ValueError(f"{where}: axis {int(axis)} does not exist for {what}; expected "
                         f"{'None or ' if none else ''}{expected}")
    return int(axis)


def as_rng(rng, where: str = "as_rng") -> np.random.Generator:
    """The random-number generator for ``rng: int | numpy.random.Generator | None``.

    - None: ``numpy.random.default_rng(DEFAULT_SEED)`` (seed 0), so that a function called without
      ``rng`` gives the same numbers on every run;
    - an int (>= 0): ``numpy.random.default_rng(rng)``, a generator seeded with it;
    - a Generator: itself (its state advances, so two calls give different numbers).

    Raises TypeError for anything else (a bool, a float, the legacy ``np.random.RandomState``) and
    ValueError for a negative seed.
    """
    if rng is None:
        return np.random.default_rng(DEFAULT_SEED)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"{where}: rng must be None, an integer seed or a numpy Generator such as "
                        f"np.random.default_rng(0); got {_given(rng)}")
    if rng < 0:
        raise ValueError(f"{where}: rng = {int(rng)} is a negative seed; expected a seed >= 0")
    return np.random.default_rng(int(rng))


def probability_tolerance(x, n: int) -> float:
    """How far from 1 a sum of n probabilities may be: 1e-9 for float64 (and lists), and about
    ``n`` roundings of the input's own dtype for a lower precision (float32: 1.2e-7 per entry),
    since a float32 softmax output sums to 1 only to float32's precision."""
    dtype = getattr(x, "dtype", None)
    if dtype is None or not np.issubdtype(dtype, np.floating) or np.finfo(dtype).eps <= 2.3e-16:
        return 1e-9
    return max(1e-9, 2.0 * max(n, 1) * float(np.finfo(dtype).eps))


def _dtype_name(x) -> str:
    dtype = getattr(x, "dtype", None)
    return str(dtype) if dtype is not None and np.issubdtype(dtype, np.floating) else "float64"


def check_probability_vector(p, name: str, where: str, *,
                             atol: float | None = None) -> np.ndarray:
    """Return ``p`` as a float vector after checking it is a probability vector.

    A probability vector has no negative entries and sums to one, within ``atol`` (default:
    :func:`probability_tolerance` of p's dtype, 1e-9 for float64).
    """
    return check_probabilities(p, name, where, axis=None, atol=atol)


def check_probabilities(p, name: str, where: str, *, axis=None,
                        atol: float | None = None) -> np.ndarray:
    """Return ``p`` as a float array whose slices along ``axis`` are probability vectors.

    axis None: p must be one vector (K,). axis an int: p has any number of axes and each slice
    along ``axis`` (a row of (N, K) for axis=-1) is one distribution. Raises ValueError naming the
    first negative entry, or the first slice whose sum is not 1 within the tolerance.
    """
    a = as_array(p, name, where)
    if axis is None:
        if a.ndim != 1:
            batch = "; for a batch of distributions (one per row) pass axis=-1" if a.ndim else ""
            raise ValueError(f"{where}: {name} must be a probability vector, got a "
                             f"{describe(a)}{batch}")
        ax = 0
    else:
        ax = as_axis(axis, a, name, where, none=True) % a.ndim
    if np.any(a < 0):
        i = tuple(int(t) for t in np.argwhere(a < 0)[0])
        at = i[0] if a.ndim == 1 else i
        raise ValueError(f"{where}: {name} has a negative entry {a[i]} at index {at}; "
                         "probabilities must be >= 0")
    n = a.shape[ax]
    tol = probability_tolerance(p, n) if atol is None else float(atol)
    totals = np.sum(a, axis=ax)
    off = np.abs(totals - 1.0) > tol
    if np.any(off):
        j = tuple(int(t) for t in np.argwhere(np.atleast_1d(off))[0])
        total = float(np.atleast_1d(totals)[j])
        which = name if a.ndim == 1 else f"{name} along axis {axis} at {j if len(j) > 1 else j[0]}"
        raise ValueError(f"{where}: {which} sums to {total:.10g} (off by {abs(total - 1.0):.2g}, "
                         f"more than the tolerance {tol:.2g} for {_dtype_name(p)}); "
                         "probabilities must sum to 1")
    return a
