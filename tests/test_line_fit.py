import warnings

import numpy as np
import pytest

from mathlib.explorers import line_fit
from mathlib.exercises.nb00 import flowers


def test_compute_matches_numpy():
    x, y = flowers()
    out = line_fit.compute(0.4, -0.3, x, y)
    np.testing.assert_allclose(out["y_hat"], 0.4 * x - 0.3)
    np.testing.assert_allclose(out["residual"], 0.4 * x - 0.3 - y)
    assert out["loss"] == pytest.approx(np.mean((0.4 * x - 0.3 - y) ** 2), rel=1e-12)


def test_loss_surface_is_the_loss_at_every_grid_point():
    x, y = flowers()
    w, b = np.linspace(-1, 1, 7), np.linspace(-2, 2, 5)
    L = line_fit.loss_surface(x, y, w, b)
    assert L.shape == (5, 7)
    for i, bi in enumerate(b):
        for j, wj in enumerate(w):
            assert L[i, j] == pytest.approx(line_fit.compute(wj, bi, x, y)["loss"], rel=1e-12)
    # its minimum is near the least-squares line, found independently by numpy
    A = np.column_stack([x, np.ones_like(x)])
    (w_best, b_best), *_ = np.linalg.lstsq(A, y, rcond=None)
    L_fine = line_fit.loss_surface(x, y, np.array([w_best]), np.array([b_best]))
    assert L_fine[0, 0] <= L.min()


def test_bad_input():
    with pytest.raises(ValueError, match=r"line_fit.compute: x must be a vector, got a matrix of shape \(2, 2\)"):
        line_fit.compute(1, 0, np.eye(2), [1, 2])
    with pytest.raises(ValueError, match="line_fit.compute: w holds nan"):
        line_fit.compute(np.nan, 0, [1.0], [1.0])


def test_explorer_at_every_corner():
    x, y = flowers()
    ex = line_fit.explorer(x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for w in (line_fit.W_RANGE[0], 0.0, line_fit.W_RANGE[1]):
            for b in (line_fit.B_RANGE[0], 0.0, line_fit.B_RANGE[1]):
                ex.set(w=w, b=b)
                assert "loss" in ex.readout.value
    assert ex.last_error is None
