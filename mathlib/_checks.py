"""Input checks shared by every public function in mathlib.

Each check either returns a clean float array or raises an error that speaks to a learner:
it names the function, the argument, what was given and what was expected, e.g.

    matmul: A has shape (2, 3) and B has shape (4, 5); the inner dimensions (3 and 4) must match

Shapes are written as Python tuples, ``(2, 3)``, as the notebooks teach them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["shape_str", "describe", "as_array", "as_scalar", "check_probability_vector"]

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


def as_array(x, name: str, where: str, *, ndim: int | tuple[int, ...] | None = None,
             nonempty: bool = True, finite: bool = True) -> np.ndarray:
    """Return ``x`` as a float array, or raise an error naming ``where`` and ``name``.

    Raises
    ------
    TypeError
        if ``x`` is not numbers (a string, ``None``, a dict, ...).
    ValueError
        if it has the wrong number of dimensions, is empty, or holds NaN or infinity.
    """
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, dict):
        raise TypeError(f"{where}: {name} must be numbers (a scalar, list or numpy array), "
                        f"got {type(x).__name__} {x!r:.40}")
    try:
        a = np.asarray(x, dtype=float)
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


def check_probability_vector(p, name: str, where: str, atol: float = 1e-9) -> np.ndarray:
    """Return ``p`` as a float vector after checking it is a probability vector.

    A probability vector has no negative entries and sums to one (within ``atol``).
    """
    p = as_array(p, name, where, ndim=1)
    if np.any(p < 0):
        i = int(np.argmax(p < 0))
        raise ValueError(f"{where}: {name} has a negative entry {p[i]} at index {i}; "
                         "probabilities must be >= 0")
    total = float(p.sum())
    if abs(total - 1.0) > atol:
        raise ValueError(f"{where}: {name} sums to {total:.6g}; probabilities must sum to 1")
    return p
