"""Exercises of notebook 00: predictions of a line and its loss."""

from __future__ import annotations

import numpy as np

from ..data import load_iris
from . import call, exercise


def flowers() -> tuple[np.ndarray, np.ndarray]:
    """The 15 flowers of notebook 00: every 10th Iris flower's petal length (x) and width (y), cm."""
    iris = load_iris()
    rows = np.arange(0, 150, 10)
    return iris.X[rows, 2], iris.X[rows, 3]


def _predict_solution():
    def predict(w, b, x):
        return w * x + b
    return predict


@exercise("00.1", "predictions of a line",
          hint="The prediction for every x at once is w * x + b: numpy multiplies and adds "
               "element by element when x is an array.",
          solution=_predict_solution,
          wrong=[lambda w, b, x: w * x, lambda w, b, x: [w * xi + b for xi in x][:1]])
def _check_predict(predict):
    x = np.array([0.0, 1.0, 2.5, -3.0])
    got = np.asarray(call(predict, 2.0, -1.0, x), dtype=float)
    want = 2.0 * x - 1.0
    if got.shape != want.shape:
        return (f"predict(2, -1, x) with x of shape {x.shape} should give shape {want.shape}, "
                f"got {got.shape}")
    if not np.allclose(got, want):
        return f"predict(2, -1, {x.tolist()}) should be {want.tolist()}, got {got.tolist()}"
    return None


def _loss_solution():
    def mean_squared_error(y_hat, y):
        return np.mean((y_hat - y) ** 2)
    return mean_squared_error


@exercise("00.2", "mean squared error",
          hint="Subtract, square, then average: np.mean((y_hat - y) ** 2).",
          solution=_loss_solution,
          wrong=[lambda y_hat, y: np.mean(y_hat - y), lambda y_hat, y: np.sum((y_hat - y) ** 2)])
def _check_loss(mean_squared_error):
    y = np.array([1.0, 2.0, 3.0, 4.0])
    y_hat = np.array([1.5, 2.0, 2.0, 4.0])
    got = float(call(mean_squared_error, y_hat, y))
    want = 0.3125  # (0.25 + 0 + 1 + 0) / 4
    if not np.isclose(got, want):
        return (f"for y_hat = {y_hat.tolist()} and y = {y.tolist()} the errors are "
                f"[0.5, 0, -1, 0], so the loss is (0.25 + 0 + 1 + 0) / 4 = {want}; you got {got}")
    return None


@exercise("00.3", "a good line by hand",
          hint="Drag the sliders of the explorer until the point on the loss landscape sits in "
               "the darkest region, then copy the two slider values.",
          solution=lambda: (0.46, -0.51),
          wrong=[(0.0, 0.0), (1.0, -2.0)])
def _check_fit(answer):
    try:
        w, b = (float(v) for v in answer)
    except (TypeError, ValueError):
        return f"the answer should be two numbers (w, b), got {answer!r}"
    x, y = flowers()
    loss = float(np.mean((w * x + b - y) ** 2))
    if loss > 0.06:
        return f"with w = {w}, b = {b} the loss is {loss:.3f}; get it below 0.06"
    return None
