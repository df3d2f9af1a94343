"""Explorer for notebook 26: a recurrent network's hidden state as a discrete dynamical system.

The hidden state h_t in R^2 is updated by h_{t+1} = W h_t (linear) or h_{t+1} = tanh(W h_t), with
no input after h_0 = (1, 0), where W = r R(theta) is a rotation by theta scaled by r. W's
eigenvalues are r e^{+- i theta}, of modulus r (the spectral radius): in the linear case
|h_t| = r^t exactly, so the state decays for r < 1, keeps its size for r = 1 and explodes for
r > 1, and it turns by theta each step (it oscillates when theta > 0). tanh keeps every entry in
(-1, 1): it cannot explode, and for r <= 1 it decays (at least as fast as the linear run; for
r < 1 it shrinks to 0); for r > 1 it settles at a fixed point or on a cycle away from 0.
Left: the path of h_t in the plane with the unit circle; right: |h_t| against t on a log axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..plotting import LINE_COLORS

NOTEBOOK = "26"

STEPS = 30
R = (0.5, 1.2, 0.9)          # (min, max, start) of the spectral-radius slider
THETA = (0.0, 180.0, 30.0)   # degrees
MODES = ("linear", "tanh")
BOX = 1.9                    # the plane panel shows |h| <= BOX; farther points are left out
NORM_LIM = (1e-10, 1e3)


@dataclass(frozen=True, eq=False)
class RecurrentResult:
    """What :func:`compute` returns (see there)."""

    h: np.ndarray
    norms: np.ndarray
    W: np.ndarray
    eigenvalues: np.ndarray
    radius: float
    left_box: int | None


def recurrent_matrix(r: float, theta_degrees: float) -> np.ndarray:
    """W = r [[cos theta, -sin theta], [sin theta, cos theta]]."""
    a = np.deg2rad(theta_degrees)
    return r * np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])


def compute(r, theta, mode: str = "linear") -> RecurrentResult:
    """Run h_{t+1} = W h_t (``mode="linear"``) or tanh(W h_t) for :data:`STEPS` steps from (1, 0).

    Returns a :class:`RecurrentResult`: ``h`` (STEPS + 1, 2), ``norms`` |h_t| (STEPS + 1,), ``W``,
    its ``eigenvalues`` r e^{+- i theta} (computed by numpy), ``radius`` their largest modulus,
    and ``left_box`` the first step whose state lies outside the plane panel (|h| > BOX), or None.
    """
    where = "recurrent_state.compute"
    r = as_scalar(r, "r", where)
    theta = as_scalar(theta, "theta", where)
    if mode not in MODES:
        raise ValueError(f"{where}: mode must be one of {MODES}, got {mode!r}")
    if r < 0:
        raise ValueError(f"{where}: r must be >= 0, got {r}")
    W = recurrent_matrix(r, theta)
    h = np.empty((STEPS + 1, 2))
    h[0] = (1.0, 0.0)
    for t in range(STEPS):
        h[t + 1] = W @ h[t] if mode == "linear" else np.tanh(W @ h[t])
    norms = np.hypot(h[:, 0], h[:, 1])
    eig = np.linalg.eigvals(W)
    out = np.flatnonzero(norms > BOX)
    return RecurrentResult(h=h, norms=norms, W=W, eigenvalues=eig,
                           radius=float(np.max(np.abs(eig))),
                           left_box=int(out[0]) if out.size else None)


def draw(ax_plane, ax_norm) -> dict:
    """The unit circle, the axes and the r = 1 level once; the path and the norms that move."""
    a = np.linspace(0, 2 * np.pi, 200)
    ax_plane.plot(np.cos(a), np.sin(a), color=LINE_COLORS["grey"], linewidth=1.0,
                  linestyle="--", label="unit circle |h| = 1")
    ax_plane.set_xlim(-2.1, 2.1)
    ax_plane.set_ylim(-2.1, 2.1)
    ax_plane.set_aspect("equal")
    ax_plane.set_xlabel("h1")
    ax_plane.set_ylabel("h2")
    ax_plane.set_title("hidden state h_t, from h_0 = (1, 0)")
    path, = ax_plane.plot([], [], marker="o", markersize=3.5, linewidth=1.0,
                          color=LINE_COLORS["blue"], label="h_t")
    start, = ax_plane.plot([1.0], [0.0], marker="s", markersize=7, linestyle="none",
                           color="black", label="h_0")
    ax_plane.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small",
                    frameon=False)
    ax_norm.set_yscale("log")
    ax_norm.set_xlim(-0.5, STEPS + 0.5)
    ax_norm.set_ylim(*NORM_LIM)
    ax_norm.set_xlabel("step t")
    ax_norm.set_ylabel("size of the state |h_t|")
    ax_norm.set_title(f"|h_t| over {STEPS} steps (log axis)")
    ax_norm.axhline(1.0, color=LINE_COLORS["grey"], linewidth=0.8)
    norms, = ax_norm.plot([], [], marker="o", markersize=3.5, color=LINE_COLORS["blue"],
                          label="|h_t|")
    rline, = ax_norm.plot([], [], linestyle="--", color=LINE_COLORS["vermillion"],
                          label="r^t (linear: equal)")
    ax_norm.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="small",
                   frameon=False)
    return {"path": path, "norms": norms, "rline": rline, "start": start}


NOISE = 1e-12                 # a real or imaginary part below this is rounding: the readout says 0
ON_CIRCLE = 1e-9              # |r - 1| below this counts as r = 1 (the slider's r, not max|eig|,
                              # whose rounding puts it just off 1 for many angles)


def readout(out: RecurrentResult, r: float, theta: float, mode: str) -> str:
    """The eigenvalues and their modulus, what the state does, and its size at the end."""
    lam = out.eigenvalues[np.argmax(out.eigenvalues.imag)]
    re, im = (0.0 if abs(x) < NOISE else float(x) for x in (lam.real, abs(lam.imag)))
    if im == 0:
        value = f"{re:.3g}, twice (real)"
    elif re == 0:
        value = f"+- {im:.3g} i"
    else:
        value = f"{re:.3g} +- {im:.3g} i"
    text = f"W's eigenvalues are r e^(+-i theta) = {value}, of modulus <b>{out.radius:.3g}</b>. "
    if mode == "linear":
        if abs(float(r) - 1) < ON_CIRCLE:
            kind = "on the unit circle: the state keeps its size for ever"
        elif r < 1:
            kind = "inside the unit circle: the state <b>decays</b>"
        else:
            kind = "outside the unit circle: the state <b>explodes</b>"
        text += f"Linear run: {kind}, |h_t| = r^t, |h_{STEPS}| = <b>{out.norms[-1]:.3g}</b>. "
    else:
        text += (f"tanh run: every entry stays in (-1, 1); |h_{STEPS}| = "
                 f"<b>{out.norms[-1]:.3g}</b> (the linear run would have r^{STEPS} = "
                 f"{r ** STEPS:.3g}). ")
        if r > 1:
            text += "With r &gt; 1 tanh stops the explosion: the state settles away from 0. "
    if theta == 0:
        text += "theta = 0: no turning, the state stays on the h1 axis."
    elif theta == 180:
        text += "theta = 180 degrees: the state flips sign every step."
    else:
        text += (f"It turns by theta = {theta:.3g} degrees a step: it <b>oscillates</b>, once "
                 f"round every {360 / theta:.3g} steps.")
    if out.left_box is not None:
        text += f" From step {out.left_box} on the state lies outside the left panel."
    return text


def explorer() -> explore.Explorer:
    """Sliders for r and theta and a linear / tanh choice; the path and its size."""
    fig, (ax_plane, ax_norm) = explore.figure(1, 2, size=(8.4, 4.0))
    fig.set_layout_engine("constrained")
    artists = draw(ax_plane, ax_norm)
    t = np.arange(STEPS + 1)

    def update(r, theta, mode):
        out = compute(r, theta, mode)
        shown = np.where((out.norms <= BOX)[:, None], out.h, np.nan)
        artists["path"].set_data(shown[:, 0], shown[:, 1])
        artists["norms"].set_data(t, out.norms)       # within NORM_LIM at every slider value
        artists["rline"].set_data(t, float(r) ** t)
        return readout(out, r, theta, mode)

    controls = {
        "r": explore.slider("spectral radius r", *R, step=0.01),
        "theta": explore.slider("turn theta (degrees)", *THETA, step=1.0),
        "mode": explore.choice("update", list(MODES), "linear"),
    }
    return explore.Explorer(fig, controls, update,
                            animated=[artists["path"], artists["norms"], artists["rline"]],
                            title="A recurrent state: decaying, oscillating or exploding")
