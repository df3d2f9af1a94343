import warnings

import numpy as np
import pytest

from mathlib.explorers import line_fit
from mathlib.exercises._cases import flowers


def test_compute_matches_numpy():
    x, y = flowers()
    out = line_fit.compute(0.4, -0.3, x, y)
    np.testing.assert_allclose(out.y_hat, 0.4 * x - 0.3)
    np.testing.assert_allclose(out.residual, 0.4 * x - 0.3 - y)
    assert out.loss == pytest.approx(np.mean((0.4 * x - 0.3 - y) ** 2), rel=1e-12)


def test_loss_surface_is_the_loss_at_every_grid_point():
    x, y = flowers()
    w, b = np.linspace(-1, 1, 7), np.linspace(-2, 2, 5)
    L = line_fit.loss_surface(x, y, w, b)
    assert L.shape == (5, 7)
    for i, bi in enumerate(b):
        for j, wj in enumerate(w):
            assert L[i, j] == pytest.approx(line_fit.compute(wj, bi, x, y).loss, rel=1e-12)
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


def test_the_legend_never_covers_the_data_area():
    """The legend sits outside the axes, so no line (w = 1.5, b = 2 used to run under it) and no
    flower hides behind it; the three kinds of marks differ in shape, not only in colour."""
    x, y = flowers()
    ex = line_fit.explorer(x, y)
    ex.set(w=1.5, b=2.0)
    ex.png()
    ax_data = ex.fig.axes[0]
    renderer = ex.fig.canvas.get_renderer()
    legend = ax_data.get_legend()
    assert legend is not None
    legend_box = legend.get_window_extent(renderer)
    for ax in ex.fig.axes:                          # neither the data nor the loss landscape
        assert not legend_box.overlaps(ax.get_window_extent(renderer))
    assert legend_box.y0 >= 0 and legend_box.x0 >= 0      # and inside the figure
    line, residuals = ex.animated[0], ex.animated[1]
    assert line.get_linestyle() == "-"
    assert residuals.get_linestyle()[0][1] is not None  # dotted, unlike the solid line
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["data", "y = w x + b", "errors"]


def test_the_point_on_the_landscape_shows_whole_in_a_corner():
    x, y = flowers()
    ex = line_fit.explorer(x, y, w=line_fit.W_RANGE[1], b=line_fit.B_RANGE[1])
    point = ex.animated[2]
    assert point.get_data() == ([line_fit.W_RANGE[1]], [line_fit.B_RANGE[1]])
    assert point.get_clip_on() is False


def test_off_the_plot_note():
    assert "below the plotted area" in line_fit.off_the_plot(np.array([-3.0, -9.0]), (-1.0, 3.0))
    assert "above the plotted area" in line_fit.off_the_plot(np.array([4.0, 12.0]), (-1.0, 3.0))
    assert line_fit.off_the_plot(np.array([-3.0, 2.0]), (-1.0, 3.0)) == ""   # crosses the plot
    assert line_fit.off_the_plot(np.array([3.5, 2.0]), (-1.0, 3.0)) == ""


def test_the_readout_says_when_the_line_leaves_the_plot():
    """At w = -1, b = -2 the whole line is below the flowers' plot: only the errors show, and the
    readout says why; a line through the data gets no such note."""
    x, y = flowers()
    ex = line_fit.explorer(x, y, w=-1.0, b=-2.0)
    ax_data = ex.fig.axes[0]
    low, high = ax_data.get_ylim()
    line_y = ex.animated[0].get_ydata()
    assert np.max(line_y) < low                        # really off the plot
    assert "the line is below the plotted area" in ex.readout.value
    ex.set(w=0.4, b=-0.3)
    assert low <= np.min(ex.animated[0].get_ydata()) or np.max(ex.animated[0].get_ydata()) <= high
    assert "plotted area" not in ex.readout.value
