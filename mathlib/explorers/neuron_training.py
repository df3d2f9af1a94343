"""Explorer for notebook 07: one neuron, ``p = sigmoid(w x + b)``, trained by backpropagation
written by hand, on one Iris measurement against two species. A step slider scrubs through the
training, which is computed once, when the explorer is built, for each learning rate offered.

The loss is the mean binary cross-entropy ``L = -(1/N) sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)]``
and its gradient, by the chain rule through ``z = w x + b`` and the sigmoid, is
``dL/dz_n = (p_n - y_n) / N``, so ``dL/dw = sum_n dL/dz_n x_n`` and ``dL/db = sum_n dL/dz_n``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

from .. import explore
from .._checks import as_array, as_scalar
from ..data import load_iris
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "07"  # the notebook that shows this explorer

STEPS = 200
LEARNING_RATES = (0.03, 0.3, 3.0, 300.0)
LOSS_TICKS = (1.0, 2.0, 5.0)    # times powers of 10, on the loss panel's log axis


def loss_range(losses) -> tuple[float, float]:
    """The loss panel's log axis: from a power of 10 below the smallest loss to one above the
    largest (with room for the dot), so no loss of any run is cut (lr 300's spikes reach 8.2)."""
    losses = np.asarray(losses, dtype=float)
    lo = 10.0 ** np.floor(np.log10(losses.min() / 1.3))
    hi = 10.0 ** np.ceil(np.log10(losses.max() * 1.2))
    return float(lo), float(hi)


def iris_two_species(feature: int = 2) -> tuple[np.ndarray, np.ndarray, float]:
    """Versicolor (y = 0) and virginica (y = 1) by one Iris measurement, centred.

    Returns ``(x, y, mean)``: x (100,) is the measurement minus its mean over the 100 flowers
    (centring makes the two parameters about equally easy to train), y (100,) is 0 or 1.
    """
    iris = load_iris()
    keep = iris.y > 0
    raw = iris.X[keep, feature]
    return raw - raw.mean(), (iris.y[keep] == 2).astype(float), float(raw.mean())


def forward_backward(w: float, b: float, x, y) -> dict:
    """One forward and one backward pass of ``p = sigmoid(w x + b)`` with mean cross-entropy.

    Forward: ``z = w x + b``, ``p = sigmoid(z)``, ``L = mean(-y log p - (1 - y) log(1 - p))``,
    computed as ``mean(log(1 + exp(z)) - y z)`` (the same number, without log 0).
    Backward (chain rule, reusing p from the forward pass): ``dL/dz = (p - y) / N``,
    ``dL/dw = sum(dL/dz * x)``, ``dL/db = sum(dL/dz)``.

    Shapes: x (N,), y (N,) -> dict with ``p`` (N,), ``loss``, ``grad_w``, ``grad_b`` (numbers).
    """
    where = "neuron_training.forward_backward"
    w, b = as_scalar(w, "w", where), as_scalar(b, "b", where)
    x = as_array(x, "x", where, ndim=1)
    y = as_array(y, "y", where, ndim=1)
    if x.shape != y.shape:
        raise ValueError(f"{where}: x has shape {x.shape} and y has shape {y.shape}; "
                         "they must match (one label per example)")
    z = w * x + b
    e = np.exp(-np.abs(z))                                   # in (0, 1]: never overflows
    p = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    loss = float(np.mean(np.maximum(z, 0.0) + np.log1p(e) - y * z))
    dz = (p - y) / len(x)
    return {"p": p, "loss": loss, "grad_w": float(dz @ x), "grad_b": float(dz.sum())}


def train(x, y, learning_rate: float, steps: int = STEPS, w0: float = 0.0, b0: float = 0.0
          ) -> dict:
    """Gradient descent ``w <- w - lr dL/dw``, ``b <- b - lr dL/db`` for ``steps`` steps.

    Returns arrays of length steps + 1: ``w``, ``b`` (the parameters before step k),
    ``loss``, ``grad_w``, ``grad_b`` (at those parameters); row 0 is the start.
    """
    where = "neuron_training.train"
    lr = as_scalar(learning_rate, "learning_rate", where)
    if lr <= 0:
        raise ValueError(f"{where}: learning_rate must be positive, got {lr}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"{where}: steps must be a whole number >= 0, got {steps!r}")
    w, b = as_scalar(w0, "w0", where), as_scalar(b0, "b0", where)
    rows = {key: np.empty(steps + 1) for key in ("w", "b", "loss", "grad_w", "grad_b")}
    for k in range(steps + 1):
        out = forward_backward(w, b, x, y)
        for key, value in (("w", w), ("b", b), ("loss", out["loss"]),
                           ("grad_w", out["grad_w"]), ("grad_b", out["grad_b"])):
            rows[key][k] = value
        w, b = w - lr * out["grad_w"], b - lr * out["grad_b"]
    return rows


def significant(v: float) -> str:
    """A number with 3 significant digits (0.0123, -3.2e-06); below 1e-12, rounding noise of a
    zero (the 50/50 start gives dL/db = -1.6e-17), as "0"; never "-0"."""
    v = float(v)
    return "0" if abs(v) < 1e-12 else f"{v:.3g}"


def draw(ax_data, ax_loss, x, y, x_label: str, losses: tuple[float, float] = (0.1, 10.0)
         ) -> dict:
    """The data and the loss axes once (``losses``: the loss axis's limits, log scale); return
    the artists that move."""
    jitter = np.random.default_rng(0).uniform(-0.03, 0.03, size=len(y))
    for label, name, marker, color in ((0, "versicolor (y = 0)", "o", "blue"),
                                       (1, "virginica (y = 1)", "s", "vermillion")):
        keep = y == label
        ax_data.scatter(x[keep], y[keep] + jitter[keep], marker=marker, s=18,
                        facecolor=(*to_rgb(COLORS[color]), 0.5), edgecolor=LINE_COLORS[color],
                        linewidths=0.8, label=name, zorder=2)
    ax_data.set_xlim(x.min() - 0.3, x.max() + 0.3)
    ax_data.set_ylim(-0.1, 1.1)
    ax_data.set_xlabel(x_label)
    ax_data.set_ylabel("p = P(virginica)")
    ax_data.set_title("the neuron's curve p = sigmoid(w x + b)")
    ax_data.axhline(0.5, color=LINE_COLORS["grey"], linestyle=":", linewidth=1)
    curve, = ax_data.plot([], [], color=LINE_COLORS["black"], linewidth=2, label="p(x)",
                          zorder=3)
    ax_data.legend(loc="upper left", fontsize="x-small", framealpha=0.9)

    ax_loss.set_xlim(-5, STEPS + 5)         # the dot at step 0 and at the last step is whole
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(*losses)
    ticks = [t * 10.0 ** e for e in range(int(np.log10(losses[0])), int(np.log10(losses[1])) + 1)
             for t in LOSS_TICKS]
    ticks = [t for t in ticks if losses[0] <= t <= losses[1] * (1 + 1e-9)]
    ax_loss.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax_loss.minorticks_off()
    ax_loss.set_xlabel("training step k")
    ax_loss.set_ylabel("loss L (log scale)")
    # no legend: the title names the line and the dot, and a legend would cover some step's loss
    ax_loss.set_title("the loss at every step; the dot is step k")
    loss_line, = ax_loss.plot([], [], color=LINE_COLORS["blue"], linewidth=1.5,
                              label="loss per step")
    marker, = ax_loss.plot([], [], "o", color=COLORS["orange"], markersize=9,
                           markeredgecolor="black", label="step k", zorder=4)
    return {"curve": curve, "loss_line": loss_line, "marker": marker}


def explorer(feature: int = 2, learning_rate: float = 0.3) -> explore.Explorer:
    """A learning-rate choice and a step slider over precomputed training runs."""
    x, y, mean = iris_two_species(feature)
    names = load_iris().feature_names
    runs = {lr: train(x, y, lr) for lr in LEARNING_RATES}     # all the work, done once
    fig, (ax_data, ax_loss) = explore.figure(1, 2, size=(8.0, 3.6))
    # its own layout, whatever the rcParams (with or without use_course_style())
    fig.set_layout_engine("constrained", w_pad=0.06, wspace=0.08)
    name = names[feature].replace(" (cm)", "")
    artists = draw(ax_data, ax_loss, x, y, f"x = {name} - {mean:.2f} (cm)",
                   loss_range(np.concatenate([r["loss"] for r in runs.values()])))
    grid = np.linspace(*ax_data.get_xlim(), 200)
    steps = np.arange(STEPS + 1)

    def update(learning_rate, step):
        run = runs[learning_rate]
        w, b = run["w"][step], run["b"][step]
        z = w * grid + b
        artists["curve"].set_data(grid, 0.5 * (1.0 + np.tanh(0.5 * z)))   # = sigmoid(z)
        artists["loss_line"].set_data(steps, run["loss"])
        artists["marker"].set_data([step], [run["loss"][step]])
        jumpy = np.any(np.diff(run["loss"]) > 1e-12)
        note = ("the loss goes <b>up</b> at some steps: the learning rate is too large, the "
                "steps overshoot (notebook 08)" if jumpy else "the loss falls at every step")
        return (f"step {step} of {STEPS}, learning rate {learning_rate:g}: w = <b>{w:.3f}</b>, "
                f"b = <b>{b:.3f}</b>, loss = <b>{run['loss'][step]:.4f}</b>; gradient "
                f"dL/dw = <b>{significant(run['grad_w'][step])}</b>, "
                f"dL/db = <b>{significant(run['grad_b'][step])}</b>"
                f" (the next step subtracts {learning_rate:g} &times; these). Over the run, {note}")

    controls = {"learning_rate": explore.choice("learning rate", [(f"{lr:g}", lr)
                                                                  for lr in LEARNING_RATES],
                                                learning_rate),
                "step": explore.slider("training step k", 0, STEPS, 0, integer=True)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Train one neuron by backpropagation")
