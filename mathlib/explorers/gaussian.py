"""Explorer for notebook 10: samples of a Gaussian ``N(mu, sigma^2)`` against its density.

The samples are one fixed, seeded set of standard normal draws ``eps`` turned into
``x = mu + sigma * eps`` (the reparameterisation): moving mu or sigma shifts and stretches the same
draws, so the picture moves smoothly instead of jumping to new random numbers, and the sample-size
slider uses the first n of them. The histogram is scaled as a density (bar area = fraction of the
samples in the bar), so that it can be laid over the density curve; its bars are a fixed fraction
of sigma wide, so they keep the same draws in the same bar as mu and sigma move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import StepPatch

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS, LINE_COLORS
from ..probability import gaussian_pdf
from ..stats import mean, std

NOTEBOOK = "10"  # the notebook that shows this explorer

MU_RANGE = (-2.0, 2.0)
SIGMA_RANGE = (0.25, 2.0)      # sigma = 0.25: the peak density is 1.6, above 1
N_RANGE = (10, 10_000)
X_LIMIT = 10.0                 # the axes show [-X_LIMIT, X_LIMIT]: the histogram, mu +- 4 sigma,
                               # fits at the ends (mu = -2, sigma = 2)
Y_TOP = 2.2                    # above the highest peak, 1 / (0.25 sqrt(2 pi)) = 1.596, and
                               # the highest bar, 2.0 (sigma = 0.25, n = 10)
GRID = np.linspace(-X_LIMIT, X_LIMIT, 801)
SEED = 0


def standard_draws(n: int = N_RANGE[1], seed: int = SEED) -> np.ndarray:
    """The fixed standard normal draws ``eps`` (n,), from ``np.random.default_rng(seed)``."""
    return np.random.default_rng(seed).standard_normal(int(n))


def bins_for(n: int) -> int:
    """How many bars for n samples: about 2 n^(1/3) (the Rice rule), between 8 and 60."""
    return int(np.clip(round(2.0 * n ** (1.0 / 3.0)), 8, 60))


@dataclass(frozen=True, eq=False)
class GaussianResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    x: np.ndarray
    edges: np.ndarray
    heights: np.ndarray
    density: np.ndarray
    sample_mean: float
    sample_std: float
    peak: float
    within_1: float


def compute(mu: float, sigma: float, n: int, eps) -> GaussianResult:
    """The first n draws of ``eps`` turned into ``x = mu + sigma * eps``, their histogram and the
    density ``f(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))`` on :data:`GRID`.

    Shapes: eps (m,) with m >= n. Returns a :class:`GaussianResult` with
    ``x`` (n,), ``edges`` (b + 1,) and
    ``heights`` (b,) of the histogram scaled as a density (``sum(heights * widths) = 1`` for the
    samples inside the edges, which run over mu +- 4 sigma), ``density`` (801,) on GRID,
    ``sample_mean``, ``sample_std`` (ddof = 0), ``peak`` = f(mu) = 1 / (sigma sqrt(2 pi)) and
    ``within_1`` (the fraction of samples within mu +- sigma; 0.683 for the true distribution).
    Raises ValueError for sigma <= 0, n < 1 or n larger than the number of draws.
    """
    where = "gaussian.compute"
    mu = as_scalar(mu, "mu", where)
    sigma = as_scalar(sigma, "sigma", where)
    if sigma <= 0:
        raise ValueError(f"{where}: sigma must be > 0, got {sigma}")
    eps = as_array(eps, "eps", where, ndim=1)
    n = int(round(as_scalar(n, "n", where)))
    if not 1 <= n <= len(eps):
        raise ValueError(f"{where}: n = {n}, but there are {len(eps)} draws; expected "
                         f"1 <= n <= {len(eps)}")
    e = eps[:n]
    x = mu + sigma * e
    z_edges = np.linspace(-4.0, 4.0, bins_for(n) + 1)
    counts, _ = np.histogram(e, bins=z_edges)   # the same draws fall in the same bar for any mu, sigma
    edges = mu + sigma * z_edges
    heights = counts / (n * np.diff(edges))
    return GaussianResult(x=x, edges=edges, heights=heights, density=gaussian_pdf(GRID, mu=mu, sigma=sigma),
                          sample_mean=mean(x), sample_std=std(x),
                          peak=1.0 / (sigma * np.sqrt(2.0 * np.pi)),
                          within_1=float(np.mean(np.abs(e) <= 1.0)))


def draw(ax) -> dict:
    """Draw the axes, the line at density 1 and the legend once; return the artists that move."""
    ax.set_xlim(-X_LIMIT, X_LIMIT)
    ax.set_ylim(0.0, Y_TOP)
    ax.set_xlabel("value x")
    ax.set_ylabel("density f(x)   (probability per unit of x)")
    ax.set_title("the histogram of the samples approaches the density curve as n grows")
    ax.axhline(1.0, color=LINE_COLORS["grey"], linestyle=":", linewidth=1.2, zorder=1,
               label="density 1: a density may go above it")
    ax.text(-X_LIMIT + 0.2, 0.97, "density 1", color=COLORS["black"],    # left of any moving line
            fontsize="small", ha="left", va="top")
    # a light fill and hatch, but its outline in full blue (a line, 3:1 on white)
    bars = StepPatch(np.zeros(8), np.linspace(-1.0, 1.0, 9), fill=True,
                     facecolor=to_rgba(COLORS["sky"], 0.45), edgecolor=COLORS["blue"],
                     hatchcolor=to_rgba(COLORS["blue"], 0.45), linewidth=1.0, hatch="//",
                     label="histogram of the n samples (as a density)", zorder=2)
    ax.add_patch(bars)
    curve = Line2D([], [], color=COLORS["vermillion"], linewidth=2.2, zorder=4,
                   label="density of N(mu, sigma^2)")
    ax.add_line(curve)
    mu_line = Line2D([], [], color=COLORS["black"], linestyle="--", linewidth=1.4, zorder=3,
                     label="mu (true mean)")
    ax.add_line(mu_line)
    mean_line = Line2D([], [], color=COLORS["green"], linestyle="-.", linewidth=1.8, zorder=3,
                       label="sample mean")
    ax.add_line(mean_line)
    # below the axes, so that no line (mu and the sample mean move across the whole top) hides it
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize="small",
              frameon=False)
    return {"bars": bars, "curve": curve, "mu_line": mu_line, "mean_line": mean_line}


def readout(out: GaussianResult, mu: float, sigma: float, n: int) -> str:
    """The numbers to notice: sample mean and std against mu and sigma, and the peak height."""
    peak = out.peak
    above = ("<b>above 1</b>: a density is not a probability; the area under it is still 1"
             if peak > 1.0 else "below 1")
    return (f"n = <b>{n}</b> samples &nbsp;&middot;&nbsp; sample mean = <b>{out.sample_mean:.3f}</b>"
            f" (mu = {mu:.2f}, off by {abs(out.sample_mean - mu):.3f}) &nbsp;&middot;&nbsp; "
            f"std of the samples (divides by n) = <b>{out.sample_std:.3f}</b> "
            f"(sigma = {sigma:.2f})<br>"
            f"{100 * out.within_1:.1f}% of the samples lie within mu &plusmn; sigma "
            f"(68.3% for the distribution) &nbsp;&middot;&nbsp; peak density "
            f"1/(sigma&radic;(2&pi;)) = <b>{peak:.3f}</b>, {above}")


def explorer(mu: float = 0.0, sigma: float = 1.0, n: int = 100) -> explore.Explorer:
    """Sliders for mu, sigma and the sample size n (log scale); histogram and density curve."""
    eps = standard_draws()
    fig, ax = explore.figure(1, 1, size=(8.0, 4.8))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(mu, sigma, n):
        n = int(round(n))
        out = compute(mu, sigma, n, eps)
        artists["bars"].set_data(out.heights, out.edges)
        artists["curve"].set_data(GRID, out.density)
        artists["mu_line"].set_data([mu, mu], [0.0, Y_TOP])
        artists["mean_line"].set_data([out.sample_mean] * 2, [0.0, Y_TOP])
        return readout(out, mu, sigma, n)

    controls = {"mu": explore.slider("mean mu", *MU_RANGE, mu, 0.05),
                "sigma": explore.slider("std sigma", *SIGMA_RANGE, sigma, 0.05),
                "n": explore.log_slider("sample size n", *N_RANGE, n, steps=60)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Samples of a Gaussian against its density")
