"""Loss functions: how far predictions are from targets (notebooks 00 and 15)."""

from __future__ import annotations

import numpy as np

from ._checks import as_array, shape_str

__all__ = ["mse"]


def mse(y_pred, y_true) -> float:
    """Mean squared error ``L = (1/n) sum_i (y_pred_i - y_true_i)^2``.

    Shapes: y_pred (n,), y_true (n,) -> a number >= 0. Squaring makes every error positive and
    punishes large errors much more than small ones. Errors are divided by the largest one before
    squaring, so huge inputs give a huge (or infinite) loss instead of an overflow warning.
    """
    y_pred = as_array(y_pred, "y_pred", "mse", ndim=1)
    y_true = as_array(y_true, "y_true", "mse", ndim=1)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"mse: y_pred has shape {shape_str(y_pred.shape)} and y_true has "
                         f"shape {shape_str(y_true.shape)}; give one prediction per target")
    with np.errstate(over="ignore"):
        r = y_pred - y_true            # may be inf when the inputs are near the float limit
    m = float(np.max(np.abs(r)))
    if m == 0.0:
        return 0.0
    if np.isinf(m):
        return float("inf")
    u = r / m                          # in [-1, 1]: squaring cannot overflow
    return m * m * float(np.mean(u * u))   # Python floats: a too-large result is inf, no warning
