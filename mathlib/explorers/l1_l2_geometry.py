"""Explorer for notebook 19: the L1 diamond and the L2 circle on a two-weight least-squares problem,
with a lambda slider showing which weights reach exactly zero.

The loss is a quadratic in two weights w = (w1, w2) with its minimum at the least-squares weights
w0 and curvature A (for least squares, A = X^T X / n and w0 the least-squares solution; here
A has unit diagonal and correlation :data:`RHO`, as for two standardised, correlated inputs):

    f(w) = (1/2) (w - w0)^T A (w - w0).

Its level sets are ellipses around w0 (drawn once). The two penalised problems are

    L2 (ridge):  minimise f(w) + nn.l2_penalty(w, lam=lam) = f(w) + (lam / 2) |w|_2^2
                 -> closed form (A + lam I) w = A w0, never exactly 0 for lam < inf (w0 != 0);
    L1 (lasso):  minimise f(w) + nn.l1_penalty(w, lam=lam) = f(w) + lam |w|_1
                 -> coordinate descent: each weight in turn set to the soft-threshold
                    w_j = S(b_j - sum_{k != j} A_jk w_k, lam) / A_jj,  S(z, t) = sign(z) max(|z| - t, 0),
                    with b = A w0, until no weight moves by more than 1e-14.

Each penalised solution is also the solution of the *constrained* problem "minimise f over the
ball of radius equal to the solution's own norm": the diamond |w1| + |w2| <= t with t = |w_L1|_1,
and the disc |w|_2 <= r with r = |w_L2|_2; the level set of f through the solution touches the
ball there (both are drawn). The diamond's corners lie on the axes, so the touching point is often
a corner: a weight exactly 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..nn import l1_penalty, l2_penalty
from ..plotting import LINE_COLORS

NOTEBOOK = "19"

RHO = 0.5
A = np.array([[1.0, RHO], [RHO, 1.0]])
W0 = np.array([1.6, 0.55])
# The lams at which the lasso's weights reach 0, by the optimality (KKT) conditions: b = A w0 =
# (1.875, 1.35). While w1 > 0 and w2 = 0, w1 = b1 - lam; w2 stays 0 as long as
# |b2 - rho w1| <= lam, i.e. 1.35 - 0.5 (1.875 - lam) <= lam: lam >= 0.825. w1 = 0 too once
# b1 - lam <= 0: lam >= 1.875. (Neither is on the slider's grid of 0.01, so no setting sits on
# the boundary.)
FIRST_ZERO = (1.875, 0.825)
LAM = (0.0, 2.5, 0.0)             # (min, max, start) of the slider
LAM_STEP = 0.01
XLIM, YLIM = (-1.0, 2.4), (-1.0, 1.4)
THETA = np.linspace(0.0, 2.0 * np.pi, 181)


def soft_threshold(z: float, t: float) -> float:
    """S(z, t) = sign(z) max(|z| - t, 0): z moved towards 0 by t, and 0 if it would cross it."""
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


def lasso_2d(lam: float, *, A=A, w0=W0, tol: float = 1e-14, max_sweeps: int = 10_000):
    """The minimiser of (1/2)(w - w0)^T A (w - w0) + lam |w|_1 by coordinate descent (plain
    floats; A symmetric with positive diagonal, positive definite). Returns (w (2,), sweeps)."""
    b = A @ w0
    w = [float(w0[0]), float(w0[1])]
    for sweep in range(1, max_sweeps + 1):
        moved = 0.0
        for j, k in ((0, 1), (1, 0)):
            new = soft_threshold(b[j] - A[j, k] * w[k], lam) / A[j, j]
            moved = max(moved, abs(new - w[j]))
            w[j] = new
        if moved <= tol:
            break
    return np.array(w), sweep


def ridge_2d(lam: float, *, A=A, w0=W0) -> np.ndarray:
    """The minimiser of (1/2)(w - w0)^T A (w - w0) + (lam / 2)|w|^2: (A + lam I)^-1 A w0, by the
    2 x 2 inverse (ad - bc)."""
    M = A + lam * np.eye(2)
    det = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    inv = np.array([[M[1, 1], -M[0, 1]], [-M[1, 0], M[0, 0]]]) / det
    return inv @ (A @ w0)


def loss(w) -> float:
    d = np.asarray(w, dtype=float) - W0
    return float(0.5 * d @ A @ d)


@lru_cache(maxsize=1)
def paths():
    """The two solutions for every slider value: (lams, L1 path (n, 2), L2 path (n, 2))."""
    lams = np.round(np.arange(LAM[0], LAM[1] + LAM_STEP / 2, LAM_STEP), 10)
    l1 = np.array([lasso_2d(lam)[0] for lam in lams])
    l2 = np.array([ridge_2d(lam) for lam in lams])
    return lams, l1, l2


@lru_cache(maxsize=1)
def _ellipse_basis():
    """A^(-1/2): the level set f = c is w0 + sqrt(2 c) A^(-1/2) (cos theta, sin theta)."""
    values, vectors = np.linalg.eigh(A)
    return vectors @ np.diag(values ** -0.5) @ vectors.T


def level_set(c: float) -> np.ndarray:
    """The ellipse f(w) = c as points (181, 2) (a single point at w0 for c = 0)."""
    unit = np.stack([np.cos(THETA), np.sin(THETA)], axis=1)
    return W0 + np.sqrt(2.0 * max(c, 0.0)) * unit @ _ellipse_basis().T


@dataclass(frozen=True, eq=False)
class GeometryResult:
    """What :func:`compute` returns (described there)."""

    lam: float
    w_l1: np.ndarray
    w_l2: np.ndarray
    t_l1: float
    r_l2: float
    loss_l1: float
    loss_l2: float
    objective_l1: float
    objective_l2: float
    zero_l1: tuple
    first_zero: tuple


def compute(lam) -> GeometryResult:
    """The lasso and ridge solutions at lam >= 0 (``w_l1``, ``w_l2``), the diamond's size
    ``t_l1 = |w_l1|_1`` and the circle's radius ``r_l2 = |w_l2|_2``, each solution's loss f and
    penalised objective, which L1 weights are exactly 0 (``zero_l1``, two bools) and the lam at
    which each first is (``first_zero``, :data:`FIRST_ZERO`)."""
    lam = as_scalar(lam, "lam", "l1_l2_geometry.compute")
    if lam < 0:
        raise ValueError(f"l1_l2_geometry.compute: lam must be >= 0; got {lam}")
    w1, _ = lasso_2d(lam)
    w2 = ridge_2d(lam)
    return GeometryResult(
        lam=lam, w_l1=w1, w_l2=w2, t_l1=float(np.abs(w1).sum()),
        r_l2=float(np.sqrt(w2 @ w2)), loss_l1=loss(w1), loss_l2=loss(w2),
        objective_l1=loss(w1) + l1_penalty(w1, lam=lam),
        objective_l2=loss(w2) + l2_penalty(w2, lam=lam),
        zero_l1=(bool(w1[0] == 0.0), bool(w1[1] == 0.0)), first_zero=FIRST_ZERO)


def diamond(t: float) -> np.ndarray:
    return np.array([[t, 0.0], [0.0, t], [-t, 0.0], [0.0, -t], [t, 0.0]])


def circle(r: float) -> np.ndarray:
    return r * np.stack([np.cos(THETA), np.sin(THETA)], axis=1)


def draw(ax) -> dict:
    """Contours, axes, w0 and both paths once; the two balls, the two level sets through the
    solutions and the two solution markers move."""
    ax.set_xlim(*XLIM)
    ax.set_ylim(*YLIM)
    ax.set_aspect("equal")
    ax.set_xlabel("weight w1")
    ax.set_ylabel("weight w2")
    ax.set_title("loss contours, L1 diamond and L2 circle")
    ax.axhline(0.0, color="black", linewidth=0.8, zorder=1)
    ax.axvline(0.0, color="black", linewidth=0.8, zorder=1)
    for c in (0.02, 0.1, 0.25, 0.5, 0.9, 1.4):
        pts = level_set(c)
        ax.plot(pts[:, 0], pts[:, 1], color=LINE_COLORS["grey"], linewidth=0.8, zorder=1)
    _, l1, l2 = paths()
    ax.plot(l1[:, 0], l1[:, 1], color=LINE_COLORS["vermillion"], linewidth=1.0, linestyle=":",
            zorder=2)
    ax.plot(l2[:, 0], l2[:, 1], color=LINE_COLORS["blue"], linewidth=1.0, linestyle=":", zorder=2)
    ax.plot([W0[0]], [W0[1]], marker="X", markersize=9, color="black", linestyle="none",
            label="least squares w0", zorder=5)
    d = diamond(float(np.abs(W0).sum()))
    c = circle(float(np.sqrt(W0 @ W0)))
    lvl = level_set(0.0)
    dia, = ax.plot(d[:, 0], d[:, 1], color=LINE_COLORS["vermillion"], linewidth=2.0,
                   label="L1 ball |w1|+|w2| = t")
    cir, = ax.plot(c[:, 0], c[:, 1], color=LINE_COLORS["blue"], linewidth=2.0, linestyle="--",
                   label="L2 ball |w| = r")
    lev1, = ax.plot(lvl[:, 0], lvl[:, 1], color=LINE_COLORS["vermillion"], linewidth=1.0,
                    linestyle="-.", zorder=3)
    lev2, = ax.plot(lvl[:, 0], lvl[:, 1], color=LINE_COLORS["blue"], linewidth=1.0,
                    linestyle="-.", zorder=3)
    m1, = ax.plot([W0[0]], [W0[1]], marker="s", markersize=9, linestyle="none",
                  color=LINE_COLORS["vermillion"], markeredgecolor="black", zorder=6,
                  label="lasso solution")
    m2, = ax.plot([W0[0]], [W0[1]], marker="o", markersize=8, linestyle="none",
                  color=LINE_COLORS["blue"], markeredgecolor="black", zorder=7,
                  label="ridge solution")
    ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), fontsize="small", frameon=False)
    return {"diamond": dia, "circle": cir, "level_l1": lev1, "level_l2": lev2,
            "marker_l1": m1, "marker_l2": m2}


def _w(w) -> str:
    return "(" + ", ".join("0" if v == 0 else f"{v:.3f}" for v in w) + ")"


def readout(out: GeometryResult) -> str:
    z1, z2 = out.zero_l1
    if z1 and z2:
        zeros = "<b>both weights are exactly 0</b>"
    elif z1 or z2:
        zeros = f"<b>w{1 if z1 else 2} is exactly 0</b>"
    else:
        zeros = "no weight is 0 yet"
    first = out.first_zero
    text = (f"lambda = {out.lam:.2f}. <b>L1</b>: w = {_w(out.w_l1)}, {zeros} (on this problem w2 "
            f"reaches 0 at lambda = {first[1]:g} and w1 at {first[0]:g}); the diamond has "
            f"size t = |w1| + |w2| = {out.t_l1:.3f}. <b>L2</b>: w = {_w(out.w_l2)}, "
            f"radius r = {out.r_l2:.3f}")
    if out.lam == 0:
        return text + (". At lambda = 0 there is no penalty: both solutions are the least-squares "
                       "w0, and nothing has shrunk yet.")
    text += ": both weights shrink, "
    text += ("and neither is 0 (ridge reaches 0 only as lambda grows without end)."
             if np.all(out.w_l2 != 0) else "and the weights are 0.")
    return text


def explorer() -> explore.Explorer:
    """A lambda slider; the two balls, the level sets touching them and both solutions."""
    fig, ax = explore.figure(size=(7.6, 4.2))
    fig.set_layout_engine("none")        # equal aspect and a legend outside: placed by hand
    ax.set_position([0.09, 0.12, 0.55, 0.8])
    artists = draw(ax)

    def update(lam):
        out = compute(lam)
        artists["diamond"].set_data(*diamond(out.t_l1).T)
        artists["circle"].set_data(*circle(out.r_l2).T)
        artists["level_l1"].set_data(*level_set(out.loss_l1).T)
        artists["level_l2"].set_data(*level_set(out.loss_l2).T)
        artists["marker_l1"].set_data([out.w_l1[0]], [out.w_l1[1]])
        artists["marker_l2"].set_data([out.w_l2[0]], [out.w_l2[1]])
        return readout(out)

    controls = {"lam": explore.slider("lambda", *LAM, step=LAM_STEP)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="L1 against L2: which weights reach exactly zero")
