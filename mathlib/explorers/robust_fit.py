"""Explorer for notebook 15: one flower's value moves far out; the MSE line follows it, the Huber
line barely moves.

The data are 12 Iris versicolor flowers: petal length x (cm) and petal width y (cm). The slider
sets the petal width of the flower with the longest petal (x = 4.9 cm), as a typing slip would
(5.1 typed for 1.5). Two lines y_hat = w x + b are fitted to the 12 flowers:

- by **MSE**, the mean of the squared errors: the least-squares line, in closed form;
- by the **Huber loss** with threshold delta, :func:`mathlib.nn.huber` (PyTorch's ``HuberLoss``):
  quadratic for small errors, linear for large ones. Fitted by iteratively reweighted least
  squares (each flower weighted ``min(1, delta / |r|)``, the weighted line in closed form,
  repeated); no step raises the Huber loss, and the tests check the result against a
  general-purpose minimiser of ``nn.huber``.

The convention (stated once in the notebook): a flower's **residual** is ``r = y - y_hat``, its
target minus the line (the negative of the error ``y_hat - y`` of the MSE's formula), and its
**pull** on the line is minus the derivative of its own loss term with respect to its prediction,
``-d loss_i / d y_hat_i``: the way and the strength gradient descent moves the line there. For
half the squared error, ``(y_hat - y)^2 / 2``, the pull is ``r``, growing without bound; for
Huber it is ``clip(r, -delta, delta)``. Both come from :mod:`mathlib.nn`'s gradients
(:func:`pulls`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore, nn
from .._checks import as_array, as_scalar
from ..data import load_iris
from ..plotting import LINE_COLORS as COLORS
from ._layout import setup_axes

NOTEBOOK = "15"  # the notebook that shows this explorer

VALUE_RANGE = (0.0, 10.0)         # the moved petal width, cm
DELTA_RANGE = (0.05, 20.0)        # Huber's threshold, cm (a log slider)
MOVED = 2                         # the flower with the longest petal, 4.9 cm
X_LIMITS = (3.0, 5.2)
Y_LIMITS = (-0.6, 10.6)
R_LIMITS = (-11.0, 11.0)          # residuals in the right panel
MAX_ITERATIONS = 300


def flowers() -> tuple[np.ndarray, np.ndarray]:
    """Petal length x and petal width y (cm) of the first 12 versicolor flowers of Iris."""
    iris = load_iris()
    X = iris.X[iris.y == 1][:12]
    return X[:, 2].copy(), X[:, 3].copy()


def pulls(x: np.ndarray, y: np.ndarray, line: tuple, delta: float | None = None) -> np.ndarray:
    """Each flower's pull on the line (w, b), ``-d loss_i / d y_hat_i``: ``r = y - y_hat`` for
    half the squared error (``delta=None``), ``clip(r, -delta, delta)`` for Huber.

    From :mod:`mathlib.nn`'s gradients of the mean over the n flowers: the mean's gradient is
    each term's derivative divided by n, and the MSE is twice the mean of the halved terms.
    """
    pred = line[0] * x + line[1]
    n = x.size
    if delta is None:
        return -0.5 * n * np.asarray(nn.mse_gradient(pred, y))
    return -n * np.asarray(nn.huber_gradient(pred, y, delta=delta))


def weighted_line(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """The line (w, b) minimising ``sum_i weights_i (y_i - w x_i - b)^2`` (closed form)."""
    s = float(np.sum(weights))
    xm, ym = float(np.sum(weights * x)) / s, float(np.sum(weights * y)) / s
    dx = x - xm
    w = float(np.sum(weights * dx * (y - ym))) / float(np.sum(weights * dx * dx))
    return w, ym - w * xm


def huber_line(x: np.ndarray, y: np.ndarray, delta: float) -> tuple[float, float, int]:
    """The line minimising ``sum_i huber(y_i - w x_i - b, delta)`` by iteratively reweighted
    least squares from the least-squares line: (w, b, iterations used)."""
    w, b = weighted_line(x, y, np.ones_like(x))
    for k in range(1, MAX_ITERATIONS + 1):
        r = np.abs(y - (w * x + b))
        weights = np.where(r <= delta, 1.0, delta / np.maximum(r, delta))
        w_new, b_new = weighted_line(x, y, weights)
        done = abs(w_new - w) + abs(b_new - b) < 1e-12
        w, b = w_new, b_new
        if done:
            return w, b, k
    return w, b, MAX_ITERATIONS


@dataclass(frozen=True, eq=False)
class RobustFitResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    y: np.ndarray
    mse_line: tuple
    huber_line: tuple
    measured_line: tuple
    mse_residual: float
    huber_residual: float
    mse_pull: float
    huber_pull: float
    largest_mse_residual: float

    @property
    def mse_shift(self) -> float:
        """How far the MSE line's slope moved from the slope of the data as measured."""
        return self.mse_line[0] - self.measured_line[0]

    @property
    def huber_shift(self) -> float:
        """How far the Huber line's slope moved from the slope of the data as measured."""
        return self.huber_line[0] - self.measured_line[0]


def compute(x, y, value, delta) -> RobustFitResult:
    """Both fits with flower :data:`MOVED`'s y set to ``value``.

    Returns a :class:`RobustFitResult`: ``y`` (the data as fitted), ``mse_line``,
    ``huber_line`` and ``measured_line`` (the MSE line of the data as measured), each (w, b);
    the moved flower's residual ``r = y - y_hat`` under each fit and its pull on that fit (see
    :func:`pulls`: r for MSE, clip(r, -delta, delta) for Huber); ``largest_mse_residual``, the
    largest |r| of the MSE fit; and, as properties, ``mse_shift`` and ``huber_shift``, each
    line's slope minus the slope of the data as measured. Raises ValueError for delta <= 0.
    """
    where = "robust_fit.compute"
    x = as_array(x, "x", where, ndim=1)
    measured = as_array(y, "y", where, ndim=1)
    value = as_scalar(value, "value", where)
    delta = as_scalar(delta, "delta", where)
    if delta <= 0:
        raise ValueError(f"{where}: delta must be > 0, got {delta}")
    moved = measured.copy()
    moved[MOVED] = value
    ones = np.ones_like(x)
    mse = weighted_line(x, moved, ones)
    hub = huber_line(x, moved, delta)[:2]
    r_mse = moved - (mse[0] * x + mse[1])
    r_hub = moved - (hub[0] * x + hub[1])
    return RobustFitResult(y=moved, mse_line=mse, huber_line=hub,
                           measured_line=weighted_line(x, measured, ones),
                           mse_residual=float(r_mse[MOVED]), huber_residual=float(r_hub[MOVED]),
                           mse_pull=float(pulls(x, moved, mse)[MOVED]),
                           huber_pull=float(pulls(x, moved, hub, delta)[MOVED]),
                           largest_mse_residual=float(np.max(np.abs(r_mse))))


def _num(v: float, digits: int, sign: str = "") -> str:
    """v with ``digits`` decimals, never -0.00 (a sign only when ``sign="+"``)."""
    return f"{round(float(v), digits) + 0.0:{sign}.{digits}f}"


def readout(out: RobustFitResult, value: float, delta: float, measured: float) -> str:
    """The moved value, both slopes and how far each moved from the slope of the data as
    measured, and the moved flower's residual and pull under each loss."""
    w0 = out.measured_line[0]
    text = (f"moved flower's petal width = <b>{value:.2f}</b> cm (measured {measured:.1f}); "
            f"Huber delta = {delta:.3g} cm.<br>Slope w (cm of width per cm of length): "
            f"as measured <b>{w0:.3f}</b>; MSE fit <b>{out.mse_line[0]:.3f}</b> (moved by "
            f"<b>{_num(out.mse_shift, 3, '+')}</b>); Huber fit <b>{out.huber_line[0]:.3f}</b> "
            f"(moved by <b>{_num(out.huber_shift, 3, '+')}</b>).<br>The moved flower's residual r = y - "
            f"y_hat and its pull on the line, -d loss / d y_hat: MSE r = "
            f"<b>{_num(out.mse_residual, 2)}</b> cm, pull <b>{_num(out.mse_pull, 2)}</b> cm; Huber "
            f"r = <b>{_num(out.huber_residual, 2)}</b> cm, pull <b>{_num(out.huber_pull, 2)}</b> "
            "cm.")
    if abs(out.huber_residual) > delta and abs(out.mse_line[0] - w0) > 0.05:
        text += (" Its residual is beyond delta, so Huber caps its pull at delta, while MSE's "
                 "pull grows with the residual.")
    elif out.largest_mse_residual <= delta:
        text += (" Every residual of the MSE fit is inside delta: there Huber is half the "
                 "squared error, and its line is the MSE line.")
    return text


def draw(ax_fit, ax_pull, x, y, delta) -> dict:
    """The data, three lines and the pull panel; return the artists that move."""
    setup_axes(ax_fit, xlim=X_LIMITS, ylim=Y_LIMITS, xlabel="petal length x (cm)",
               ylabel="petal width y (cm)", title="12 versicolor flowers, two fitted lines")
    ax_fit.plot(np.delete(x, MOVED), np.delete(y, MOVED), "o", color=COLORS["grey"],
                markeredgecolor="black", label="flowers as measured")
    xs = np.array(X_LIMITS)
    a = {}
    a["moved"], = ax_fit.plot([], [], "*", color=COLORS["vermillion"], markersize=14,
                              markeredgecolor="black", label="the moved flower", zorder=5)
    a["measured"], = ax_fit.plot(xs, [0, 0], ":", color="black", linewidth=1.3,
                                 label="MSE line, data as measured")
    a["mse"], = ax_fit.plot(xs, [0, 0], "-", color=COLORS["vermillion"], linewidth=2.0,
                            label="MSE fit")
    a["huber"], = ax_fit.plot(xs, [0, 0], "--", color=COLORS["blue"], linewidth=2.0,
                              label="Huber fit")
    ax_fit.legend(loc="upper left", fontsize="small")
    setup_axes(ax_pull, xlim=R_LIMITS, ylim=R_LIMITS, xlabel=r"residual $r = y - \hat y$ (cm)",
               ylabel=r"pull on the line, $-\partial\,\mathrm{loss} / \partial \hat y$ (cm)",
               title="Why: each residual's pull")
    rs = np.array(R_LIMITS)
    ax_pull.plot(rs, rs, "-", color=COLORS["vermillion"], linewidth=2.0, label="MSE: pull = r")
    ax_pull.axhline(0.0, color="black", linewidth=0.6)
    ax_pull.axvline(0.0, color="black", linewidth=0.6)
    a["huber_pull"], = ax_pull.plot([], [], "--", color=COLORS["blue"], linewidth=2.0,
                                    label="Huber: pull = clip(r, -delta, delta)")
    a["mse_at"], = ax_pull.plot([], [], "*", color=COLORS["vermillion"], markersize=12,
                                markeredgecolor="black", linestyle="none", zorder=5,
                                clip_on=False)
    a["huber_at"], = ax_pull.plot([], [], "s", color=COLORS["blue"], markersize=8,
                                  markeredgecolor="black", linestyle="none", zorder=5,
                                  clip_on=False)
    ax_pull.legend(loc="lower right", fontsize="small", title="the moved flower: * MSE, ■ Huber",
                   title_fontsize="small")
    return a


def explorer(value: float | None = None, delta: float = 0.2) -> explore.Explorer:
    """A slider for the moved flower's petal width and a log slider for Huber's delta."""
    x, y = flowers()
    value = float(y[MOVED]) if value is None else value
    fig, (ax_fit, ax_pull) = explore.figure(1, 2, size=(9.6, 4.6),
                                            gridspec_kw={"width_ratios": [1.5, 1.0]})
    fig.set_layout_engine("constrained")
    a = draw(ax_fit, ax_pull, x, y, delta)
    xs = np.array(X_LIMITS)
    w0, b0 = weighted_line(x, y, np.ones_like(x))
    a["measured"].set_ydata(w0 * xs + b0)          # static: the data as measured

    def update(value, delta):
        out = compute(x, y, value, delta)
        a["moved"].set_data([x[MOVED]], [value])
        for key, (w, b) in (("mse", out.mse_line), ("huber", out.huber_line)):
            a[key].set_ydata(w * xs + b)
        d = min(delta, R_LIMITS[1])
        a["huber_pull"].set_data([R_LIMITS[0], -d, d, R_LIMITS[1]], [-d, -d, d, d])
        r_mse = float(np.clip(out.mse_residual, *R_LIMITS))
        r_hub = float(np.clip(out.huber_residual, *R_LIMITS))
        a["mse_at"].set_data([r_mse], [float(np.clip(out.mse_pull, *R_LIMITS))])
        a["huber_at"].set_data([r_hub], [float(np.clip(out.huber_pull, *R_LIMITS))])
        return readout(out, value, delta, float(y[MOVED]))

    controls = {"value": explore.slider("moved flower's width (cm)", *VALUE_RANGE, value, 0.1),
                "delta": explore.log_slider("Huber delta (cm)", *DELTA_RANGE, delta)}
    ex = explore.Explorer(fig, controls, update,
                          animated=[a[k] for k in ("mse", "huber", "moved",
                                                   "huber_pull", "mse_at", "huber_at")],
                          title="An outlier: the MSE line against the Huber line")
    ex.must_show = [a["moved"]]
    return ex
