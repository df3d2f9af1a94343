"""Explorer for notebook 06: the error of the forward and central differences against the step
h, from 1e-16 to 1, on log-log axes.

Two errors add up. Truncation (the difference quotient is only a derivative in the limit) falls
like h for the forward difference and like h^2 for the central one; round-off (every value of f
is off by about eps |f|, and the difference is divided by h) grows like eps |f| / h. So the total
error has a floor, and a smaller h is not always better.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from ..plotting import COLORS, LINE_COLORS
from ..calculus import EPS

NOTEBOOK = "06"  # the notebook that shows this explorer

H_VALUES = np.geomspace(1e-16, 1.0, 193)
ERROR_LIMITS = (1e-13, 1e2)

# name -> (f, f', |f''|, |f'''|, x): the point where the derivative is taken.
FUNCTIONS = {
    "sin x at x = 1": (np.sin, np.cos, lambda x: abs(np.sin(x)), lambda x: abs(np.cos(x)), 1.0),
    "exp x at x = 1": (np.exp, np.exp, np.exp, np.exp, 1.0),
    "x³ at x = 2": (lambda x: x ** 3, lambda x: 3 * x ** 2, lambda x: 6 * abs(x),
                    lambda x: 6.0, 2.0),
}


def differences(f, x: float, h) -> dict:
    """Forward ``(f(x+h) - f(x)) / h`` and central ``(f(x+h) - f(x-h)) / (2h)`` for every h.

    The quotient divides by the nominal h, as a learner's code does. When x + h rounds to x the
    difference is 0 (and its error is |f'(x)|): nothing is computed with a zero step.
    Shapes: h (k,) -> dict of "forward" (k,) and "central" (k,).
    """
    h = np.asarray(h, dtype=float)
    return {"forward": (f(x + h) - f(x)) / h, "central": (f(x + h) - f(x - h)) / (2 * h)}


@dataclass(frozen=True, eq=False)
class StepErrorResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    forward: np.ndarray
    central: np.ndarray
    truncation_forward: np.ndarray
    truncation_central: np.ndarray
    roundoff: np.ndarray
    best: dict
    derivative: float


def compute(name: str) -> StepErrorResult:
    """Errors of both differences against the exact derivative, the model lines and the best h.

    Returns a :class:`StepErrorResult`: ``forward`` and ``central`` |error| per h of ``H_VALUES`` (k,);
    ``truncation_forward`` = h |f''| / 2, ``truncation_central`` = h^2 |f'''| / 6, ``roundoff`` =
    eps |f| / h (k,) each; ``best`` {method: (h, error)} where the measured error is smallest;
    ``derivative`` the exact f'(x).
    """
    if name not in FUNCTIONS:
        raise ValueError(f"step_error.compute: name must be one of {list(FUNCTIONS)}, got {name!r}")
    f, fp, f2, f3, x = FUNCTIONS[name]
    exact = float(fp(x))
    d = differences(f, x, H_VALUES)
    errors = {m: np.abs(d[m] - exact) for m in ("forward", "central")}
    best = {}
    for m, error in errors.items():
        i = int(np.argmin(error))
        best[m] = (float(H_VALUES[i]), float(error[i]))
    return StepErrorResult(forward=errors["forward"], central=errors["central"],
                           truncation_forward=H_VALUES * f2(x) / 2,
                           truncation_central=H_VALUES ** 2 * f3(x) / 6,
                           roundoff=EPS * abs(float(f(x))) / H_VALUES, best=best,
                           derivative=exact)


def _shown(errors):
    """Errors clipped into the plotted range (an exact 0 cannot be drawn on a log axis)."""
    return np.clip(errors, ERROR_LIMITS[0], ERROR_LIMITS[1])


def _model(values):
    """A model line, left out (nan) where it leaves the plotted range."""
    values = np.asarray(values, dtype=float)
    inside = (values >= ERROR_LIMITS[0]) & (values <= ERROR_LIMITS[1])
    return np.where(inside, values, np.nan)


def draw(ax) -> dict:
    """The log-log axes, the best-step marks and the artists that move (curves and model lines)."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(H_VALUES[0], H_VALUES[-1])
    ax.set_ylim(*ERROR_LIMITS)
    ax.set_xlabel("step h (log scale)")
    ax.set_ylabel("|error| of the difference (log scale)")
    ax.set_title("a smaller h is not always better: the error has a floor")
    # both in mathtext; the first left of its line, the second right of it, apart
    for value, text, side in ((EPS ** 0.5, r"$\sqrt{\mathrm{eps}} \approx 1.5\times10^{-8}$",
                               "right"),
                              (EPS ** (1 / 3), r"$\mathrm{eps}^{1/3} \approx 6\times10^{-6}$",
                               "left")):
        # thin, solid and light: the dash-dot style belongs to the round-off line
        ax.axvline(value, color=LINE_COLORS["grey"], lw=0.8, ls="-", zorder=1)
        ax.text(value * (1.3 if side == "left" else 1 / 1.3), ERROR_LIMITS[1] * 0.3, text,
                fontsize="small", va="top", ha=side)
    a = {}
    a["forward"], = ax.plot([], [], color=LINE_COLORS["vermillion"], lw=2, ls="-",
                            label="forward difference")
    a["central"], = ax.plot([], [], color=LINE_COLORS["blue"], lw=2, ls="--",
                            label="central difference")
    # the model lines lie on the measured curves where they hold: drawn above them, in black,
    # so that they stay visible there; the two truncation lines differ by their markers (a
    # triangle for slope 1, a square for slope 2), not only by the spacing of their dots
    marks = {"ms": 5, "mfc": "white", "mec": LINE_COLORS["black"], "mew": 1.0}
    a["truncation_forward"], = ax.plot([], [], color=LINE_COLORS["black"], lw=1.6, ls=":",
                                       marker="^", markevery=(6, 24), zorder=3, **marks,
                                       label="forward's truncation h|f''|/2 (slope 1)")
    a["truncation_central"], = ax.plot([], [], color=LINE_COLORS["black"], lw=1.6,
                                       ls=(0, (1, 3)), marker="s", markevery=(18, 24),
                                       zorder=3, **marks,
                                       label="central's truncation h²|f'''|/6 (slope 2)")
    a["roundoff"], = ax.plot([], [], color=LINE_COLORS["black"], lw=1, ls="-.", zorder=3,
                             label="round-off eps|f|/h (slope −1)")
    a["best"], = ax.plot([], [], "o", color=COLORS["orange"], markeredgecolor="black", ms=8,
                         zorder=4, label="smallest error")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize="small", ncol=3,
              frameon=False)
    return a


def explorer(name: str = "sin x at x = 1") -> explore.Explorer:
    """A choice of function; the measured errors of both differences against h."""
    fig, ax = explore.figure(size=(8, 4.8))
    fig.set_layout_engine("constrained")
    artists = draw(ax)
    cache = {n: compute(n) for n in FUNCTIONS}          # 193 steps per function, once

    def update(name):
        out = cache[name]
        for key in ("forward", "central"):
            artists[key].set_data(H_VALUES, _shown(getattr(out, key)))
        for key in ("truncation_forward", "truncation_central", "roundoff"):
            artists[key].set_data(H_VALUES, _model(getattr(out, key)))
        best = out.best
        artists["best"].set_data([best["forward"][0], best["central"][0]],
                                 [_shown(best["forward"][1]), _shown(best["central"][1])])
        (hf, ef), (hc, ec) = best["forward"], best["central"]
        return (f"f'(x) = {out.derivative:.6g}. Forward: smallest error <b>{ef:.1e}</b> at "
                f"h ≈ <b>{hf:.0e}</b>; central: smallest error <b>{ec:.1e}</b> at "
                f"h ≈ <b>{hc:.0e}</b>. At h = 1e-16, x + h rounds to x: the forward difference is 0, "
                f"off by all of f'(x).")

    controls = {"name": explore.choice("function", list(FUNCTIONS), name)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Error of a numerical derivative against the step h")
