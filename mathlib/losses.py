"""Loss functions: how far predictions are from targets (notebooks 00 and 15)."""

from __future__ import annotations

import numpy as np

from ._checks import as_array, shape_str

__all__ = ["mse"]


def mse(y_pred, y_true) -> float:
    """Mean squared error ``L = (1/n) sum_i (y_pred_i - y_true_i)^2``.

    Shapes: y_pred (n,), y_true (n,) -> a number >= 0. Squaring makes every error positive and
    punishes large errors much more than small ones.
    """
    y_pred = as_array(y_pred, "y_pred", "mse", ndim=1)
    y_true = as_array(y_true, "y_true", "mse", ndim=1)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"mse: y_pred is {shape_str(y_pred.shape)} and y_true is "
                         f"{shape_str(y_true.shape)}; give one prediction per target")
    r = y_pred - y_true
    return float(np.sum(r * r) / r.size)
