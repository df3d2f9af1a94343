"""Explorer for notebook 17: the noise of mini-batch gradients on real data (diabetes).

A linear model ``y_hat = X w`` on the diabetes data (442 patients; the 10 measurements and the
target standardised), at its start ``w = 0``, with the mean squared error. The full-batch gradient
averages the 442 per-example gradients ``2 (x_i . w - y_i) x_i``; a mini-batch gradient averages B
of them, drawn at random without replacement. The picture shows two of the 10 components (the
weights of bmi and s5, the two measurements most correlated with the target) for ``DRAWS``
mini-batches, against the full gradient; the second panel the root-mean-square distance of a
mini-batch gradient from the full one, against B: measured on the draws, and the formula

    sqrt( tr(Sigma) / B * (N - B) / (N - 1) ),

Sigma the covariance of the per-example gradients (``ddof=0``), (N - B) / (N - 1) the correction
for drawing without replacement: the noise falls like 1 / sqrt(B) and is 0 at B = N.

Speed: the draws are fixed (seeded) when the module is first used; the running sums of each
draw's shuffled per-example gradients are kept, so a batch of any size is one lookup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import explore
from .._checks import as_int
from ..data import DIABETES_FEATURES, load_diabetes
from ..plotting import COLORS, LINE_COLORS
from ..stats import standardise
from ._layout import setup_axes

NOTEBOOK = "17"  # the notebook that shows this explorer

DRAWS = 300                          # mini-batches drawn for each batch size
SEED = 17
SHOWN = ("bmi", "s5")                # the two gradient components drawn
WINDOW = 1.6                         # half-width of the scatter's window around the full gradient


@dataclass(frozen=True)
class DiabetesGradients:
    """The per-example gradients at w = 0: ``G`` (N, 10), their mean ``full`` (10,), the
    columns ``shown`` (2,) drawn, ``trace`` = tr(Sigma), and ``sums`` (DRAWS, N + 1, 2), the
    running sums of the shown components over each draw's random order (``sums[:, 0] = 0``)."""

    G: np.ndarray
    full: np.ndarray
    shown: tuple
    trace: float
    sums: np.ndarray


@functools.cache
def gradients() -> DiabetesGradients:
    """The diabetes data's per-example gradients of the squared error at w = 0, and the seeded
    draws (computed once)."""
    data = load_diabetes()
    X = standardise(data.X)
    y = standardise(data.y[:, None])[:, 0]
    w = np.zeros(X.shape[1])
    G = 2.0 * (X @ w - y)[:, None] * X          # gradient of (x_i . w - y_i)^2 with respect to w
    full = G.mean(axis=0)
    cols = tuple(next(i for i, f in enumerate(DIABETES_FEATURES) if f.split(",")[0] == name)
                 for name in SHOWN)
    trace = float(np.sum(np.mean((G - full) ** 2, axis=0)))
    rng = np.random.default_rng(SEED)
    order = np.argsort(rng.random((DRAWS, len(y))), axis=1)   # a random order per draw
    sums = np.zeros((DRAWS, len(y) + 1, 2))
    np.cumsum(G[:, cols][order], axis=1, out=sums[:, 1:])
    return DiabetesGradients(G=G, full=full, shown=cols, trace=trace, sums=sums)


def noise_formula(B, N: int, trace: float):
    """The root-mean-square distance of a mini-batch gradient (B of N examples, without
    replacement) from the full gradient: ``sqrt(trace / B * (N - B) / (N - 1))``."""
    B = np.asarray(B, dtype=float)
    return np.sqrt(trace / B * (N - B) / (N - 1))


@dataclass(frozen=True, eq=False)
class MinibatchResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described there."""

    batch_size: int
    points: np.ndarray
    full: np.ndarray
    rms: float
    rms_formula: float
    rms_formula_all: float
    outside: int
    steps_per_epoch: int


def compute(batch_size: int) -> MinibatchResult:
    """The ``DRAWS`` mini-batch gradients of size B (their two shown components, ``points``
    (DRAWS, 2)), the full gradient's two components ``full`` (2,), the measured root-mean-square
    distance ``rms`` of the shown components from the full gradient and the formula's
    ``rms_formula`` for those two components, ``rms_formula_all`` the formula for all 10
    components (the notebook's number), ``outside`` (how many points fall outside the
    plotted window) and ``steps_per_epoch`` = ceil(N / B). Raises ValueError for B outside
    1..N."""
    d = gradients()
    N = d.G.shape[0]
    B = as_int(batch_size, "batch_size", "minibatch_noise.compute", low=1)
    if B > N:
        raise ValueError(f"minibatch_noise.compute: batch_size must be at most N = {N}, got {B}")
    points = d.sums[:, B] / B
    full = d.full[list(d.shown)]
    rms = float(np.sqrt(np.mean(np.sum((points - full) ** 2, axis=1))))
    shown_trace = float(np.sum(np.mean((d.G[:, list(d.shown)] - full) ** 2, axis=0)))
    outside = int(np.sum(np.any(np.abs(points - full) > WINDOW, axis=1)))
    return MinibatchResult(batch_size=B, points=points, full=full, rms=rms,
                           rms_formula=float(noise_formula(B, N, shown_trace)),
                           rms_formula_all=float(noise_formula(B, N, d.trace)), outside=outside,
                           steps_per_epoch=-(-N // B))


def draw(ax_map, ax_noise, full: np.ndarray, N: int, shown_trace: float, measured: np.ndarray
         ) -> dict:
    """Draw the fixed parts once (axes, the full gradient, the formula's curve and the measured
    curve); return the artists that move: the mini-batch points and the marker at B."""
    names = [f"∂L/∂w_{name}" for name in SHOWN]
    setup_axes(ax_map, xlim=(full[0] - WINDOW, full[0] + WINDOW),
               ylim=(full[1] - WINDOW, full[1] + WINDOW), xlabel=names[0], ylabel=names[1],
               equal=True, title=f"{DRAWS} mini-batch gradients (2 of 10 components)")
    points = ax_map.scatter(np.zeros(DRAWS), np.zeros(DRAWS), s=14, facecolors=(*to_rgb(LINE_COLORS["blue"]), 0.5),
                            edgecolors=LINE_COLORS["blue"], linewidths=0.5, label="mini-batch gradient", zorder=2)
    ax_map.plot([full[0]], [full[1]], "*", color=COLORS["orange"], markeredgecolor="black",
                markersize=16, zorder=3, label="full-batch gradient")
    ax_map.legend(loc="upper left", fontsize="small")
    B = np.arange(1, N + 1)
    setup_axes(ax_noise, xlim=(0.8, N * 1.25), ylim=(1e-2, 10.0), xlabel="batch size B (log)",
               ylabel="rms distance from full gradient\n(the 2 components shown)",
               title=f"noise against batch size ({SHOWN[0]}, {SHOWN[1]} only)")
    ax_noise.set_xscale("log")
    ax_noise.set_yscale("log")
    plain = FuncFormatter(lambda value, _pos: f"{value:g}")    # 1, 10, 100: no mathtext to lay out
    for axis in (ax_noise.xaxis, ax_noise.yaxis):
        axis.set_major_formatter(plain)
        axis.set_minor_formatter(NullFormatter())
    shown = slice(0, N - 1)                      # at B = N the noise is 0: off a log axis
    ax_noise.plot(B[shown], measured[shown], color=LINE_COLORS["blue"], linewidth=2.0,
                  label=f"measured ({DRAWS} draws)")
    ax_noise.plot(B[shown], noise_formula(B[shown], N, shown_trace), "--", color="black",
                  linewidth=1.3, label="formula: √(tr Σ/B · (N−B)/(N−1)), Σ of the 2")
    ax_noise.plot(B[shown], np.sqrt(shown_trace / B[shown]), ":", color=LINE_COLORS["grey"],
                  linewidth=1.3, label="√(tr Σ / B), with replacement")
    ax_noise.legend(loc="lower left", fontsize="x-small")
    marker, = ax_noise.plot([], [], "o", color=COLORS["vermillion"], markeredgecolor="black",
                            markersize=9, zorder=4, clip_on=False)
    return {"points": points, "marker": marker}


def _percent(p: float) -> str:
    """A percentage to 2 significant digits, written out: 160, 42, 9.1, 0.44 (never 1.6e+02)."""
    return np.format_float_positional(float(f"{p:.2g}"), trim="-")


def readout(out: MinibatchResult, N: int) -> str:
    """The batch size, its noise (measured and by the formula), its size against the full
    gradient, and the cost: examples per step and steps per epoch."""
    length = float(np.sqrt(np.sum(out.full ** 2)))
    B = out.batch_size
    if B == N:
        kind = "<b>full batch</b> (batch gradient descent): every draw is the whole data set"
    elif B == 1:
        kind = "<b>one example per step</b> (the 'SGD' of older texts)"
    else:
        kind = "a random <b>mini-batch</b> (the 'SGD' of today's libraries)"
    rms = out.rms if out.rms > 1e-12 else 0.0      # B = N: 0 up to rounding
    examples = "1 example" if B == 1 else f"{B} examples"
    steps = "1 step" if out.steps_per_epoch == 1 else f"{out.steps_per_epoch} steps"
    text = (f"B = <b>{B}</b> of N = {N}: {kind}. In the 2 components shown ({SHOWN[0]}, "
            f"{SHOWN[1]}), a mini-batch gradient is off the full one by <b>{rms:.3g}</b> "
            f"(root-mean-square over {DRAWS} draws; the formula says {out.rms_formula:.3g}), "
            f"{_percent(100 * rms / length)}% of the full gradient's length {length:.3g} in these two "
            f"components; in all 10 components the formula says {out.rms_formula_all:.3g}. Each "
            f"step reads {examples}; one pass over the data (an epoch) takes {steps}.")
    if out.outside:
        text += f" {out.outside} of the {DRAWS} points lie outside the plotted window."
    if 4 * B <= N:
        text += " Four times the batch: about half the noise, four times the work per step."
    elif B < N:
        shared = B * B / N             # two random batches of B share B^2 / N examples on average
        text += (f" Drawing without replacement multiplies the noise by "
                 f"√((N − B)/(N − 1)) = {np.sqrt((N - B) / (N - 1)):.2f}, so it falls visibly "
                 f"faster than 1/√B here: two random batches of "
                 f"{B} have about {shared:.0f} examples in common"
                 + (", most of their examples." if 2 * B > N else "."))
    return text


def explorer(batch_size: int = 16) -> explore.Explorer:
    """A batch-size slider; the mini-batch gradients around the full one, and noise against B."""
    d = gradients()
    N = d.G.shape[0]
    full = d.full[list(d.shown)]
    shown_trace = float(np.sum(np.mean((d.G[:, list(d.shown)] - full) ** 2, axis=0)))
    B = np.arange(1, N + 1)
    measured = np.sqrt(np.mean(np.sum((d.sums[:, 1:] / B[None, :, None] - full) ** 2, axis=2),
                               axis=0))
    fig, (ax_map, ax_noise) = explore.figure(1, 2, size=(9.4, 4.6))
    # a fixed layout: constrained layout costs seconds on the first draw and nothing is gained
    fig.set_layout_engine("none")
    ax_map.set_position([0.08, 0.12, 0.38, 0.78])
    ax_noise.set_position([0.59, 0.12, 0.39, 0.78])
    artists = draw(ax_map, ax_noise, full, N, shown_trace, measured)

    def update(batch_size):
        out = compute(batch_size)
        artists["points"].set_offsets(out.points)
        y = max(out.rms, 1e-2)                       # B = N: noise 0, on the axis's bottom edge
        artists["marker"].set_data([B[out.batch_size - 1]], [y])
        return readout(out, N)

    controls = {"batch_size": explore.slider("batch size B", 1, N, batch_size, integer=True)}
    moving = [artists["points"], artists["marker"]]
    for artist in moving:
        artist.set_in_layout(False)
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="Mini-batch gradients on the diabetes data: noise against B")
    ex.must_show = [artists["marker"]]
    return ex
