"""Explorer for notebook 11: learning a coin's bias one flip at a time (a Beta posterior).

A coin lands heads with an unknown probability ``theta``. The prior belief about theta is a Beta
distribution, density ``Beta(theta; a, b) = theta^(a-1) (1 - theta)^(b-1) / B(a, b)``. After h
heads and t tails the posterior is again a Beta: ``Beta(a + h, b + t)``. The explorer flips a
coin of a chosen true bias (a fixed, seeded sequence of flips) and shows the prior (dashed), the
posterior, its mean and a 95% credible interval read off a grid.

The flips are fixed and *typical*: they come from :data:`SEED`, the first seed whose running share
of heads stays within two standard errors ``sqrt(theta (1 - theta) / n)`` of the bias at every n
from 1 to 200, for every bias 0.05, 0.10, ..., 0.95 (:func:`typical_seed` applies the rule; about
2% of seeds pass it). With a flat prior the 95% interval then holds the true bias at almost every
n; for truly random flips it misses about 1 time in 20.
"""

from __future__ import annotations

from dataclasses import dataclass

import math

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS, LINE_COLORS
from ..probability import beta_pdf, credible_interval

NOTEBOOK = "11"  # the notebook that shows this explorer

GRID_SIZE = 1000
MAX_FLIPS = 200
AB_RANGE = (0.5, 20.0)
BIAS_RANGE = (0.01, 0.99)   # an equal-tailed interval never reaches 0 or 1: the slider stops short
SEED = 18                   # = typical_seed(); see the module docstring
TYPICAL_BIASES = np.round(np.arange(0.05, 0.951, 0.05), 2)
Y_TOPS = (3.0, 6.0, 12.0, 24.0, 48.0, 96.0)   # the y axis grows in steps, so it rarely
                                              # redraws; the highest peak is 67.8


def theta_grid(size: int = GRID_SIZE) -> np.ndarray:
    """The midpoints of ``size`` equal cells of (0, 1): ``(i + 1/2) / size``. They avoid 0 and
    1, where a Beta density with a < 1 or b < 1 is infinite."""
    return (np.arange(size) + 0.5) / size


def is_typical(seed: int, n: int = MAX_FLIPS, biases=TYPICAL_BIASES, limit: float = 2.0) -> bool:
    """True when, for every bias in ``biases``, the running share of heads ``h_k / k`` of the
    first k flips stays within ``limit`` standard errors ``sqrt(bias (1 - bias) / k)`` of the bias
    for every k = 1, ..., n."""
    u = np.random.default_rng(seed).random(n)
    k = np.arange(1, n + 1)
    for bias in biases:
        share = np.cumsum(u < bias) / k
        if np.any(np.abs(share - bias) > limit * np.sqrt(bias * (1 - bias) / k)):
            return False
    return True


def typical_seed(start: int = 0) -> int:
    """The first seed from ``start`` on that :func:`is_typical` accepts (18 from 0)."""
    seed = start
    while not is_typical(seed):
        seed += 1
    return seed


def flips(bias: float, n: int = MAX_FLIPS, seed: int = SEED) -> np.ndarray:
    """``n`` flips (1 = heads, 0 = tails) of a coin with P(heads) = bias, from a fixed seed.

    The same seeded uniform numbers u_i are used for every bias (heads when u_i < bias), so moving
    the bias changes as few flips as possible."""
    bias = as_scalar(bias, "bias", "coin_posterior.flips")
    if not 0.0 <= bias <= 1.0:
        raise ValueError(f"coin_posterior.flips: bias = {bias} is not a probability")
    u = np.random.default_rng(seed).random(n)
    return (u < bias).astype(int)


@dataclass(frozen=True, eq=False)
class CoinPosteriorResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    theta: np.ndarray
    prior: np.ndarray
    posterior: np.ndarray
    a_post: float
    b_post: float
    prior_mean: float
    mean: float
    data_share: float
    interval: tuple


def compute(a: float, b: float, heads: int, tails: int, theta=None) -> CoinPosteriorResult:
    """Prior Beta(a, b) and posterior Beta(a + heads, b + tails) on a grid of theta.

    Returns a :class:`CoinPosteriorResult` with
    ``theta`` (n,), ``prior`` and ``posterior`` densities (n,), the posterior
    parameters ``a_post``, ``b_post``, the posterior mean ``(a + h) / (a + b + h + t)``, the share
    of the data in that mean ``w = n / (a + b + n)`` (the mean is ``(1 - w) * prior mean + w *
    h / n``), and ``interval``: the 95% equal-tailed credible interval from the grid.
    Raises ValueError unless a, b > 0 and heads, tails are whole numbers >= 0.
    """
    where = "coin_posterior.compute"
    a, b = as_scalar(a, "a", where), as_scalar(b, "b", where)
    if a <= 0 or b <= 0:
        raise ValueError(f"{where}: a = {a} and b = {b}; the prior Beta(a, b) needs a > 0, b > 0")
    counts = []
    for name, value in (("heads", heads), ("tails", tails)):
        v = as_scalar(value, name, where)
        if v < 0 or v != int(v):
            raise ValueError(f"{where}: {name} = {value!r}; a count is a whole number >= 0")
        counts.append(int(v))
    h, t = counts
    theta = theta_grid() if theta is None else np.asarray(theta, dtype=float)
    prior = beta_pdf(theta, a=a, b=b)
    posterior = beta_pdf(theta, a=a + h, b=b + t)
    n = h + t
    return CoinPosteriorResult(theta=theta, prior=prior, posterior=posterior, a_post=a + h,
                               b_post=b + t, prior_mean=a / (a + b), mean=(a + h) / (a + b + n),
                               data_share=n / (a + b + n),
                               interval=credible_interval(theta, posterior))


def y_top(peak: float) -> float:
    """The smallest of :data:`Y_TOPS` above ``peak`` (with 10% room), or the largest."""
    for top in Y_TOPS:
        if peak * 1.1 <= top:
            return top
    return Y_TOPS[-1]


def draw(ax) -> dict:
    """Draw the axes once; return the artists that move."""
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, Y_TOPS[0])
    ax.set_xlabel(r"bias of the coin $\theta$ = P(heads)")
    ax.set_ylabel(r"density $p(\theta \mid$ data$)$")
    ax.set_title("each flip narrows the posterior; the prior fades as data grows")
    prior, = ax.plot([], [], color=LINE_COLORS["grey"], linestyle="--", label="prior Beta(a, b)")
    posterior, = ax.plot([], [], color=COLORS["blue"], label="posterior\nBeta(a + h, b + t)")
    truth, = ax.plot([], [], color=COLORS["black"], linestyle=":", linewidth=1.5,
                     label="true bias\n(the data's source)")
    mean, = ax.plot([], [], "o", color=COLORS["vermillion"], markersize=7,
                    label="posterior mean", clip_on=False)
    interval, = ax.plot([], [], color=COLORS["vermillion"], linewidth=4, solid_capstyle="butt",
                        marker="|", markersize=12, label="95% credible\ninterval")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    # a density that is infinite at an edge (a or b below 1) leaves the axes there: say so
    infinite = [ax.text(x, 0.97, text, transform=ax.transAxes, ha=ha, va="top", fontsize="small",
                        bbox=dict(facecolor="white", edgecolor="none", pad=1.0, alpha=0.85))
                for x, ha, text in ((0.01, "left", "↑ ∞ at θ = 0"), (0.99, "right", "↑ ∞ at θ = 1"))]
    for text in infinite:
        text.set_in_layout(False)
    return {"prior": prior, "posterior": posterior, "truth": truth, "mean": mean,
            "interval": interval, "infinite_left": infinite[0], "infinite_right": infinite[1]}


def _count(k: int, word: str) -> str:
    """``"1 flip"``, ``"3 flips"``."""
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def readout(out: CoinPosteriorResult, a: float, b: float, heads: int, tails: int,
            bias: float) -> str:
    """The numbers to notice, in words."""
    lo, hi = out.interval
    n = heads + tails
    cell = 0.5 / len(out.theta)                 # the grid's resolution
    inside = "inside" if lo - cell <= bias <= hi + cell else "<b>outside</b>"
    note = ("" if inside == "inside" else
            " (a 95% interval misses the truth about 1 time in 20 with random flips; a prior that "
            "puts little weight near the truth makes it miss more often, until the data outweighs "
            "it)")
    data = (f"data mean h/n = {heads / n:.3f}" if n else "no data yet: the posterior is the prior")
    return (f"{_count(n, 'flip')}: {_count(heads, 'head')}, {_count(tails, 'tail')} &rarr; "
            f"posterior Beta({a:g} + {heads}, {b:g} + {tails}) = "
            f"Beta({out.a_post:g}, {out.b_post:g}).<br>"
            f"Posterior mean = <b>{out.mean:.3f}</b> = {1 - out.data_share:.2f} &times; "
            f"prior mean {out.prior_mean:.3f} + {out.data_share:.2f} &times; "
            f"({data}).<br>"
            f"95% credible interval <b>[{lo:.3f}, {hi:.3f}]</b> (width {hi - lo:.3f}); the true "
            f"bias {bias:.2f} is {inside} it{note}.")


def explorer(a: float = 2.0, b: float = 2.0, bias: float = 0.7, n: int = 10
             ) -> explore.Explorer:
    """Sliders for the prior's a and b, the coin's true bias and the number of flips seen."""
    fig, ax = explore.figure(1, 1, size=(8.0, 4.0))
    fig.set_layout_engine("constrained")     # room for the legend beside the axes
    artists = draw(ax)
    theta = theta_grid()
    state = {"top": Y_TOPS[0]}
    # speed: the static background of each y-limit is drawn once, when the explorer is built,
    # and kept by the Explorer (its background_key is the y-limit), with the axes' position the
    # layout gave it; a change of y-limit then swaps backgrounds and is blitted like any other
    # move, instead of a full redraw
    positions = {}             # y top -> the axes' position in that layout
    holder = {}                # "ex": the Explorer, once built

    def set_top(top):
        """The y-axis from 0 to ``top``; with a kept background, the axes where it has them."""
        ax.set_ylim(0.0, top)
        ex = holder.get("ex")
        if ex is not None and ex.has_background(top) and top in positions:
            ax.set_position(positions[top])
            ax.set_in_layout(True)             # set_position takes it out of the layout

    def update(a, b, bias, n):
        sequence = flips(bias)[:n]
        heads = int(sequence.sum())
        tails = n - heads
        out = compute(a, b, heads, tails, theta)
        artists["prior"].set_data(theta, out.prior)
        artists["posterior"].set_data(theta, out.posterior)
        # the y axis fits both curves (a prior Beta(2, 20) peaks at 7.9, above a posterior
        # that has seen a few flips); a density infinite at an edge is scaled to the rest
        middle = (theta > 0.005) & (theta < 0.995)
        peak = max(float((density if pa >= 1 and pb >= 1 else density[middle]).max())
                   for density, pa, pb in ((out.prior, a, b),
                                           (out.posterior, out.a_post, out.b_post)))
        top = y_top(peak)
        if top != state["top"]:            # the axis itself changes: its kept background
            state["top"] = top
            set_top(top)
        artists["truth"].set_data([bias, bias], [0.0, top])
        artists["mean"].set_data([out.mean], [0.0])
        lo, hi = out.interval
        level = 0.04 * top
        artists["interval"].set_data([lo, hi], [level, level])
        left = out.a_post < 1 or a < 1           # the posterior's or the prior's edge
        right = out.b_post < 1 or b < 1
        artists["infinite_left"].set_visible(left)
        artists["infinite_right"].set_visible(right)
        state["finite"] = [artists[k] for k, pa, pb in (("prior", a, b),
                                                        ("posterior", out.a_post, out.b_post))
                           if pa >= 1 and pb >= 1]
        return readout(out, a, b, heads, tails, bias)

    controls = {
        "a": explore.slider("prior a", *AB_RANGE, a, 0.5, fmt=".1f"),
        "b": explore.slider("prior b", *AB_RANGE, b, 0.5, fmt=".1f"),
        "bias": explore.slider("true bias P(heads)", *BIAS_RANGE, bias, 0.01),
        "n": explore.slider("flips seen n", 0, MAX_FLIPS, n, integer=True),
    }
    ex = explore.Explorer(fig, controls, update, animated=list(artists.values()),
                          title="Learning a coin's bias: the Beta posterior",
                          background_key=lambda: float(ax.get_ylim()[1]))
    holder["ex"] = ex
    # what the tests check lies inside the axes: a density infinite at an edge is marked instead
    ex.must_show = lambda: [artists[k] for k in ("truth", "interval")] + state["finite"]
    ex.connect("draw_event", lambda _event: positions.__setitem__(
        float(ax.get_ylim()[1]), ax.get_position().frozen()))
    ex.prerender(lambda top: ax.set_ylim(0.0, top), Y_TOPS)   # one full draw per y-limit
    state["top"] = None
    ex.refresh()                                       # the current one, blitted
    return ex
