"""Explorer for notebook 00: fit the line ``y = w x + b`` to data by hand, watching the loss."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection

from .. import explore
from .._checks import as_array, as_scalar
from ..losses import mse
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "00"  # the notebook that shows this explorer

W_RANGE = (-1.0, 1.5)
B_RANGE = (-2.0, 2.0)


@dataclass(frozen=True, eq=False)
class LineFitResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    y_hat: np.ndarray
    residual: np.ndarray
    loss: float


def compute(w: float, b: float, x, y) -> LineFitResult:
    """Predictions ``y_hat = w x + b``, residuals ``y_hat - y`` and the mean squared error.

    Shapes: x (n,), y (n,) -> a LineFitResult with ``y_hat`` (n,), ``residual`` (n,), ``loss`` (a number).
    """
    w = as_scalar(w, "w", "line_fit.compute")
    b = as_scalar(b, "b", "line_fit.compute")
    x = as_array(x, "x", "line_fit.compute", ndim=1)
    y = as_array(y, "y", "line_fit.compute", ndim=1)
    y_hat = w * x + b
    return LineFitResult(y_hat=y_hat, residual=y_hat - y, loss=mse(y_hat, y))


def loss_surface(x, y, w_values, b_values) -> np.ndarray:
    """The loss ``L(w, b)`` on a grid: L[i, j] is the MSE of the line with b_values[i], w_values[j].

    Shapes: x (n,), y (n,), w_values (p,), b_values (q,) -> (q, p).
    """
    x = as_array(x, "x", "loss_surface", ndim=1)
    y = as_array(y, "y", "loss_surface", ndim=1)
    w = as_array(w_values, "w_values", "loss_surface", ndim=1)
    b = as_array(b_values, "b_values", "loss_surface", ndim=1)
    residual = w[None, :, None] * x + b[:, None, None] - y      # (q, p, n)
    return np.mean(residual * residual, axis=2)


def draw(ax_data, ax_loss, x, y, landscape, x_label: str, y_label: str) -> dict:
    """Draw the data and the loss landscape once; return the artists that will move.

    ``landscape`` is ``(w_values, b_values, L)`` as computed by :func:`loss_surface`.
    """
    ax_data.scatter(x, y, color=COLORS["blue"], zorder=3, label="data")
    pad = 0.1 * (x.max() - x.min())
    ax_data.set_xlim(x.min() - pad, x.max() + pad)
    ax_data.set_ylim(y.min() - 1.0, y.max() + 1.0)
    ax_data.set_xlabel(x_label)
    ax_data.set_ylabel(y_label)
    ax_data.set_title("the line and its errors")
    line, = ax_data.plot([], [], color=COLORS["vermillion"], label="y = w x + b")
    residuals = LineCollection([], colors=LINE_COLORS["grey"], linewidths=1.5, linestyles="dotted",
                               label="errors")
    ax_data.add_collection(residuals)
    # The legend goes under the axes, outside the data area, so that no line can hide behind it.
    ax_data.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False,
                   handlelength=1.8, columnspacing=1.2)

    w_values, b_values, L = landscape
    levels = np.geomspace(max(L.min(), 1e-3), L.max(), 14)
    ax_loss.contourf(w_values, b_values, L, levels=levels, cmap="viridis", norm="log")
    ax_loss.contour(w_values, b_values, L, levels=levels, colors="white", linewidths=0.5)
    ax_loss.set_xlabel("slope w")
    ax_loss.set_ylabel("intercept b")
    ax_loss.set_title("loss L(w, b): darker is better")
    ax_loss.grid(False)
    point, = ax_loss.plot([], [], "o", color=COLORS["orange"], markersize=10,
                          markeredgecolor="black", clip_on=False)   # whole, even in a corner
    return {"line": line, "residuals": residuals, "point": point}


def off_the_plot(line_ends, y_limits) -> str:
    """A note for the readout when the whole line lies below or above the plotted area, "" if not.

    ``line_ends`` (2,): the line's height at the left and right edges of the plot.
    """
    low, high = y_limits
    if np.max(line_ends) < low:
        where = "below"
    elif np.min(line_ends) > high:
        where = "above"
    else:
        return ""
    return (f" &nbsp;&middot;&nbsp; the line is {where} the plotted area: only its errors show, "
            "running off the plot")


def explorer(x, y, *, x_label: str = "x", y_label: str = "y", w: float = 0.0, b: float = 0.0
             ) -> explore.Explorer:
    """Sliders for w and b; the line, its errors and the point (w, b) on the loss landscape."""
    x = as_array(x, "x", "line_fit.explorer", ndim=1)
    y = as_array(y, "y", "line_fit.explorer", ndim=1)
    fig, (ax_data, ax_loss) = explore.figure(1, 2)
    fig.set_layout_engine("constrained")       # makes room for the legend under the data
    w_values, b_values = np.linspace(*W_RANGE, 121), np.linspace(*B_RANGE, 121)
    landscape = (w_values, b_values, loss_surface(x, y, w_values, b_values))
    artists = draw(ax_data, ax_loss, x, y, landscape, x_label, y_label)
    x_ends = np.array(ax_data.get_xlim())

    def update(w, b):
        out = compute(w, b, x, y)
        artists["line"].set_data(x_ends, w * x_ends + b)
        artists["residuals"].set_segments(
            np.stack([np.column_stack([x, y]), np.column_stack([x, out.y_hat])], axis=1))
        artists["point"].set_data([w], [b])
        return (f"loss L(w, b) = mean squared error = <b>{out.loss:.4f}</b>"
                + off_the_plot(w * x_ends + b, ax_data.get_ylim()))

    controls = {"w": explore.slider("slope w", *W_RANGE, w, 0.01),
                "b": explore.slider("intercept b", *B_RANGE, b, 0.01)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Fit a line by hand")
