"""Explorer for notebook 10: a 2-D Gaussian with mean 0 and covariance
``C = [[s1^2, rho s1 s2], [rho s1 s2, s2^2]]``: samples, the 1- and 2-sigma ellipses, and the
ellipse's axes, which are the eigenvectors of C (notebook 03).

The samples are one fixed, seeded set of standard normal pairs ``eps`` (n, 2) turned into
``x = L eps`` with ``L L^T = C`` (the 2-D reparameterisation), so moving a slider deforms the same
cloud smoothly. The correlation slider stops at +-0.99: there ``det C = s1^2 s2^2 (1 - rho^2)`` is
small but not 0, so C stays invertible and the density exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_array, as_scalar
from ..linalg import eig_sym
from ..plotting import COLORS
from ..stats import covariance
from ._layout import setup_axes

NOTEBOOK = "10"  # the notebook that shows this explorer

SIGMA_RANGE = (0.3, 2.0)
RHO_RANGE = (-0.99, 0.99)
LIMIT = 8.0            # the axes show [-LIMIT, LIMIT]^2: the 2-sigma ellipse reaches at most 4,
                       # the farthest of the samples 7.9 (s1 = s2 = 2, rho = +-0.99)
N_SAMPLES = 400
SEED = 0
CIRCLE = np.linspace(0.0, 2.0 * np.pi, 181)
# In 2-D the squared Mahalanobis distance of a Gaussian sample is chi-square with 2 degrees of
# freedom, so the ellipse at k sigma holds a fraction 1 - exp(-k^2 / 2) of the probability.
INSIDE = {1: 1.0 - np.exp(-0.5), 2: 1.0 - np.exp(-2.0)}


def standard_pairs(n: int = N_SAMPLES, seed: int = SEED) -> np.ndarray:
    """The fixed standard normal pairs ``eps`` (n, 2), from ``np.random.default_rng(seed)``."""
    return np.random.default_rng(seed).standard_normal((int(n), 2))


def covariance_matrix(s1: float, s2: float, rho: float) -> np.ndarray:
    """``C = [[s1^2, rho s1 s2], [rho s1 s2, s2^2]]`` (2, 2) for stds s1, s2 > 0 and a correlation
    -1 < rho < 1; raises ValueError otherwise (|rho| = 1 would make C singular)."""
    where = "gaussian2d.covariance_matrix"
    s1, s2, rho = (as_scalar(s1, "s1", where), as_scalar(s2, "s2", where),
                   as_scalar(rho, "rho", where))
    if s1 <= 0 or s2 <= 0:
        raise ValueError(f"{where}: the standard deviations must be > 0, got s1 = {s1}, s2 = {s2}")
    if not -1.0 < rho < 1.0:
        raise ValueError(f"{where}: the correlation must be strictly between -1 and 1, got "
                         f"rho = {rho}; at +-1 the covariance is singular (det C = 0)")
    c = rho * s1 * s2
    return np.array([[s1 * s1, c], [c, s2 * s2]])


@dataclass(frozen=True, eq=False)
class Gaussian2dResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    cov: np.ndarray
    det: float
    L: np.ndarray
    samples: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    ellipses: dict
    inside: dict
    sample_cov: np.ndarray


def compute(s1: float, s2: float, rho: float, eps) -> Gaussian2dResult:
    """Covariance, samples, ellipses and eigen-directions of ``N(0, C)``.

    Shapes: eps (n, 2). Returns a :class:`Gaussian2dResult` with
    ``cov`` (2, 2), ``det`` = s1^2 s2^2 (1 - rho^2),
    ``L`` (2, 2), the Cholesky factor ``[[s1, 0], [rho s2, s2 sqrt(1 - rho^2)]]`` with L L^T = C,
    ``samples`` (n, 2) = eps L^T (each row is L times a row of eps), ``eigenvalues`` (2,) (largest
    first) and ``eigenvectors`` (2, 2) (columns) of C from ``mathlib.linalg.eig_sym``,
    ``ellipses`` {1: (181, 2), 2: (181, 2)}: the points x with ``x^T C^-1 x = k^2``, that is
    ``k V diag(sqrt(lambda)) (cos t, sin t)``, ``inside`` {1: ..., 2: ...}: the fraction of samples
    within each ellipse, and ``sample_cov`` (2, 2) (``mathlib.stats.covariance``, ddof = 1).
    """
    where = "gaussian2d.compute"
    C = covariance_matrix(s1, s2, rho)
    eps = as_array(eps, "eps", where, ndim=2)
    if eps.shape[1] != 2 or eps.shape[0] < 2:
        raise ValueError(f"{where}: eps must have shape (n, 2) with n >= 2, got {eps.shape}")
    s1, s2, rho = float(s1), float(s2), float(rho)
    L = np.array([[s1, 0.0], [rho * s2, s2 * np.sqrt(1.0 - rho * rho)]])
    samples = eps @ L.T
    lam, V = eig_sym(C)
    axes = V * np.sqrt(np.maximum(lam, 0.0))          # column k: sqrt(lambda_k) v_k
    unit = np.column_stack([np.cos(CIRCLE), np.sin(CIRCLE)])
    # x = L e has x^T C^-1 x = |e|^2, so a sample is inside the k-sigma ellipse when |eps| <= k
    r2 = np.sum(eps * eps, axis=1)
    return Gaussian2dResult(cov=C, det=s1 * s1 * s2 * s2 * (1.0 - rho * rho), L=L, samples=samples,
                            eigenvalues=lam, eigenvectors=V,
                            ellipses={k: k * unit @ axes.T for k in (1, 2)},
                            inside={k: float(np.mean(r2 <= k * k)) for k in (1, 2)},
                            sample_cov=covariance(samples))


def draw(ax) -> dict:
    """Draw the fixed plane once; return the artists that move."""
    setup_axes(ax, xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), equal=True,
               xlabel="first variable $x_1$", ylabel="second variable $x_2$",
               title="the ellipses' axes are the eigenvectors of the covariance", origin=True)
    cloud = ax.scatter(np.zeros(N_SAMPLES), np.zeros(N_SAMPLES), s=9, color=COLORS["blue"],
                       alpha=0.75, linewidths=0, zorder=2, label="samples")
    one = Line2D([], [], color=COLORS["vermillion"], linewidth=2.2, zorder=4,
                 label="1-sigma ellipse")
    two = Line2D([], [], color=COLORS["vermillion"], linestyle="--", linewidth=1.8, zorder=4,
                 label="2-sigma ellipse")
    major = Line2D([], [], color=COLORS["black"], linewidth=2.5, zorder=5,
                   label="eigenvectors x sqrt(eigenvalue)")
    minor = Line2D([], [], color=COLORS["black"], linewidth=2.5, linestyle=(0, (1, 1)), zorder=5)
    for line in (one, two, major, minor):
        ax.add_line(line)
    # under the axes, so that no sample or ellipse hides behind it
    ax.figure.legend(loc="outside lower center", ncol=2, fontsize="small", frameon=False,
                     markerscale=2)
    return {"cloud": cloud, "one": one, "two": two, "major": major, "minor": minor}


def _direction(v) -> float:
    """The direction of the line through v, in degrees in (-90, 90]."""
    d = float(np.degrees(np.arctan2(v[1], v[0])))
    return d - 180.0 if d > 90.0 else d + 180.0 if d <= -90.0 else d


def readout(out: Gaussian2dResult, s1: float, s2: float, rho: float) -> str:
    """The covariance matrix, its determinant, the eigen-directions and the fractions inside."""
    C, S = out.cov, out.sample_cov
    lam, V = out.eigenvalues, out.eigenvectors
    cov = (f"C = [[{C[0, 0]:.2f}, {C[0, 1]:.2f}], [{C[1, 0]:.2f}, {C[1, 1]:.2f}]] (samples: "
           f"[[{S[0, 0]:.2f}, {S[0, 1]:.2f}], [{S[1, 0]:.2f}, {S[1, 1]:.2f}]])")
    det = f"det C = s1&sup2; s2&sup2; (1 &minus; rho&sup2;) = <b>{out.det:.4f}</b>"
    if abs(rho) >= 0.95:
        det += (f" (1 &minus; rho&sup2; = {1.0 - rho * rho:.3f}: the cloud is almost a line; C is "
                "still invertible)")
    if abs(lam[0] - lam[1]) <= 1e-9 * lam[0]:
        eig = (f"eigenvalues equal ({lam[0]:.2f}): every direction is an eigenvector, the "
               "ellipses are circles")
    else:
        eig = (f"eigenvalues <b>{lam[0]:.3f}</b> along {_direction(V[:, 0]):.1f}&deg; and "
               f"<b>{lam[1]:.3f}</b> along {_direction(V[:, 1]):.1f}&deg; (perpendicular)")
    inside = (f"inside the 1-sigma ellipse: <b>{100 * out.inside[1]:.1f}%</b> of the samples "
              f"({100 * INSIDE[1]:.1f}% in theory, in 2-D), inside the 2-sigma ellipse: "
              f"<b>{100 * out.inside[2]:.1f}%</b> ({100 * INSIDE[2]:.1f}%)")
    dot = " &nbsp;&middot;&nbsp; "
    return f"{cov}{dot}{det}<br>{eig}<br>{inside}"


def explorer(s1: float = 1.5, s2: float = 1.0, rho: float = 0.6) -> explore.Explorer:
    """Sliders for the two standard deviations and the correlation; samples and ellipses."""
    eps = standard_pairs()
    fig, ax = explore.figure(1, 1, size=(6.0, 6.6))
    fig.set_layout_engine("constrained")       # makes room for the title and the legend
    artists = draw(ax)

    def update(s1, s2, rho):
        out = compute(s1, s2, rho, eps)
        artists["cloud"].set_offsets(out.samples)
        artists["one"].set_data(out.ellipses[1][:, 0], out.ellipses[1][:, 1])
        artists["two"].set_data(out.ellipses[2][:, 0], out.ellipses[2][:, 1])
        for name, k in (("major", 0), ("minor", 1)):
            tip = np.sqrt(max(out.eigenvalues[k], 0.0)) * out.eigenvectors[:, k]
            artists[name].set_data([-tip[0], tip[0]], [-tip[1], tip[1]])
        return readout(out, s1, s2, rho)

    controls = {"s1": explore.slider("std of x1, s1", *SIGMA_RANGE, s1, 0.05),
                "s2": explore.slider("std of x2, s2", *SIGMA_RANGE, s2, 0.05),
                "rho": explore.slider("correlation rho", *RHO_RANGE, rho, 0.01)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="A 2-D Gaussian: covariance, samples and ellipses")
