"""Explorer for notebook 26: Euler's method and RK4 against the exact solution of dy/dt = -k y.

The problem is y(0) = 1, dy/dt = -k y on 0 <= t <= T, whose exact solution e^{-k t} is drawn as a
curve. Both methods use the same step h, on the grid t_j = j h up to T. On this linear problem one
step multiplies y by a fixed number, the **amplification factor**: 1 - h k for Euler and
R(z) = 1 - z + z^2/2 - z^3/6 + z^4/24 (z = h k) for RK4, so the runs are y_j = (factor)^j; this
closed form is what the explorer draws (a test checks it against ``mathlib.ode.euler`` and
``rk4`` to rounding). Euler is stable (|1 - h k| < 1) only for h k < 2; it oscillates for
1 < h k < 2 and grows for h k > 2. RK4 is stable up to h k = 2.785. Values beyond the axis are
drawn as triangles on its edge pointing out (Euler's just left of their time, RK4's just right,
so both show), never pinned to the edge like ordinary points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..plotting import LINE_COLORS

NOTEBOOK = "26"

T = 6.0                       # the run: 0 <= t <= T
Y0 = 1.0
H = (0.05, 1.5, 0.25)         # (min, max, start) of the step slider
K = (0.5, 5.0, 2.0)           # (min, max, start) of the rate slider
YLIM = (-1.6, 1.6)
EDGE = 1.45                   # where a value beyond the axis is drawn, as a triangle
SHIFT = 0.08                  # Euler's triangles sit this far left of their time, RK4's right,
                              # so where both runs leave the axis at one time both triangles show
RK4_LIMIT = 2.785293563405282  # |R(z)| = 1 for this z = h k (the RK4 stability limit on the real line)


@dataclass(frozen=True, eq=False)
class EulerResult:
    """What :func:`compute` returns (see there)."""

    t: np.ndarray
    euler: np.ndarray
    rk4: np.ndarray
    exact: np.ndarray
    hk: float
    euler_factor: float
    rk4_factor: float
    euler_error: float
    rk4_error: float
    steps: int


def rk4_factor(z: float) -> float:
    """RK4's amplification factor on dy/dt = -k y with z = h k: the Taylor series of e^{-z} to z^4."""
    return 1.0 - z + z ** 2 / 2.0 - z ** 3 / 6.0 + z ** 4 / 24.0


def compute(h, k) -> EulerResult:
    """Euler and RK4 with step ``h`` on dy/dt = -k y, y(0) = 1, over the grid t_j = j h <= T.

    Returns an :class:`EulerResult` with the grid ``t`` (steps + 1,), the runs ``euler`` and
    ``rk4`` and the ``exact`` solution on it, ``hk`` = h k, the two amplification factors, and
    each run's ``..._error``, its largest error over the grid, max_j |y_j - e^{-k t_j}| (the
    error at the end alone says little: by t = T everything has decayed). Raises ValueError for
    h or k not positive.
    """
    h = as_scalar(h, "h", "euler_steps.compute")
    k = as_scalar(k, "k", "euler_steps.compute")
    if h <= 0 or k <= 0:
        raise ValueError(f"euler_steps.compute: h and k must be positive, got h = {h}, k = {k}")
    steps = int(np.floor(T / h + 1e-9))
    j = np.arange(steps + 1)
    t = j * h
    fe, fr = 1.0 - h * k, rk4_factor(h * k)
    exact = Y0 * np.exp(-k * t)
    eu, rk = Y0 * fe ** j, Y0 * fr ** j
    return EulerResult(t=t, euler=eu, rk4=rk, exact=exact, hk=h * k, euler_factor=fe,
                       rk4_factor=fr, euler_error=float(np.max(np.abs(eu - exact))),
                       rk4_error=float(np.max(np.abs(rk - exact))), steps=steps)


def _split(t, y, shift=0.0):
    """The points inside the view (others NaN) and those beyond it, above and below, the
    triangles moved ``shift`` along t (Euler's left, RK4's right: never on top of each other)."""
    inside = np.where(np.abs(y) <= EDGE, y, np.nan)
    up, down = t[y > EDGE] + shift, t[y < -EDGE] + shift
    return inside, np.column_stack([up, np.full(up.size, EDGE)]), \
        np.column_stack([down, np.full(down.size, -EDGE)])


def marks(out: EulerResult) -> list:
    """Where the triangles go: [Euler above, Euler below, RK4 above, RK4 below], each an array of
    (t, y) rows; Euler's sit SHIFT left of their time and RK4's SHIFT right of it."""
    _, eu_up, eu_down = _split(out.t, out.euler, -SHIFT)
    _, rk_up, rk_down = _split(out.t, out.rk4, SHIFT)
    return [eu_up, eu_down, rk_up, rk_down]


def draw(ax) -> dict:
    """The axes, y = 0 and the exact-solution curve's frame once; the runs that move."""
    ax.set_xlim(-0.15, T + 0.15)
    ax.set_ylim(*YLIM)
    ax.set_xlabel("time t")
    ax.set_ylabel("y(t)")
    ax.set_title("dy/dt = -k y, y(0) = 1: exact solution, Euler and RK4 with the same step h")
    ax.axhline(0.0, color=LINE_COLORS["grey"], linewidth=0.8, zorder=1)
    exact, = ax.plot([], [], color="black", linewidth=2.0, label="exact e^(-k t)", zorder=2)
    euler, = ax.plot([], [], linestyle="--", marker="o", markersize=4.5,
                     color=LINE_COLORS["vermillion"], label="Euler", zorder=4)
    rk, = ax.plot([], [], linestyle=":", marker="s", markersize=4.5, color=LINE_COLORS["blue"],
                  label="RK4", zorder=3)
    marks = []
    for color, shape in ((LINE_COLORS["vermillion"], "^"), (LINE_COLORS["vermillion"], "v"),
                         (LINE_COLORS["blue"], "^"), (LINE_COLORS["blue"], "v")):
        m, = ax.plot([], [], linestyle="none", marker=shape, markersize=7, color=color,
                     markeredgecolor="black", markeredgewidth=0.5, zorder=5)
        marks.append(m)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize="small",
              frameon=False)
    return {"exact": exact, "euler": euler, "rk4": rk, "marks": marks}


def _regime(hk: float) -> str:
    if np.isclose(hk, 1.0, rtol=0, atol=1e-9):
        return "so the first step lands on y = 0 and the run stays there"
    if np.isclose(hk, 2.0, rtol=0, atol=1e-9):
        return "so the run flips between 1 and -1 for ever, neither decaying nor growing"
    if hk < 1.0:
        return "between 0 and 1: smooth decay, like the exact solution"
    if hk < 2.0:
        return "negative: the run <b>oscillates</b> around 0 as it decays (it flips sign every step)"
    return "below -1: the run <b>oscillates and grows</b>, Euler is unstable (h k &gt; 2)"


def readout(out: EulerResult, h: float, k: float) -> str:
    """The regime of Euler's run, RK4's, and both runs' largest errors."""
    text = (f"h k = <b>{out.hk:.3g}</b> (stability needs h &lt; 2 / k = {2 / k:.3g}). Each Euler "
            f"step multiplies y by 1 - h k = {out.euler_factor:.3g}, {_regime(out.hk)}. ")
    if out.hk < RK4_LIMIT:
        text += f"Each RK4 step multiplies it by {out.rk4_factor:.3g}: stable. "
    else:
        text += (f"RK4 multiplies it by {out.rk4_factor:.3g}: beyond h k = 2.785 RK4 is "
                 "<b>unstable too</b>. ")
    beyond = int(np.sum(np.abs(out.euler) > EDGE) + np.sum(np.abs(out.rk4) > EDGE))
    if beyond:
        text += (f"{beyond} values lie beyond the axis (triangles on its edge, Euler's just left "
                 "of their time, RK4's just right). ")
    text += (f"Largest error over the {out.steps} steps: Euler <b>{out.euler_error:.2g}</b>, "
             f"RK4 <b>{out.rk4_error:.2g}</b> (RK4 evaluates f 4 times a step: {4 * out.steps} "
             f"evaluations against Euler's {out.steps}).")
    return text


def explorer() -> explore.Explorer:
    """A step slider and a rate slider; the two runs against the exact solution."""
    fig, ax = explore.figure(size=(7.4, 3.8))
    fig.set_layout_engine("constrained")
    artists = draw(ax)
    fine = np.linspace(0.0, T, 301)

    def update(h, k):
        out = compute(h, k)
        artists["exact"].set_data(fine, Y0 * np.exp(-k * fine))
        artists["euler"].set_data(out.t, _split(out.t, out.euler)[0])
        artists["rk4"].set_data(out.t, _split(out.t, out.rk4)[0])
        for artist, where in zip(artists["marks"], marks(out)):
            artist.set_data(where[:, 0], where[:, 1])
        return readout(out, h, k)

    controls = {
        "h": explore.slider("step h", *H, step=0.01),
        "k": explore.slider("rate k", *K, step=0.1),
    }
    return explore.Explorer(fig, controls, update,
                            animated=[artists["exact"], artists["euler"], artists["rk4"],
                                      *artists["marks"]],
                            title="Euler's method and RK4: the step size")
