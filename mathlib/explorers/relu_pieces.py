"""Explorer for notebook 14: how a one-hidden-layer ReLU network builds a curve from pieces.

The network has one input x, three hidden units and one output:

    h_j = relu(w_j x + b_j),  w_j = 1 (fixed),        f(x) = v_1 h_1 + v_2 h_2 + v_3 h_3

Six sliders set the hidden biases b_j and the output weights v_j. Unit j is 0 left of its kink
x = -b_j and a straight line of slope v_j right of it, so f is piecewise linear: its slope is 0
left of every kink and changes by v_j at the kink of unit j. The figure draws each unit's
contribution v_j h_j (dashed, dotted, dash-dotted) and their sum f (solid); triangles on the
x-axis mark the kinks. The y-axis is fixed at [-4, 4]; the readout says when f leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore, nn
from .._checks import as_array
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "14"  # the notebook that shows this explorer

X_VIEW = (-3.0, 3.0)
Y_VIEW = (-4.0, 4.0)
XS = np.linspace(*X_VIEW, 601)
BIAS_RANGE = (-2.5, 2.5)       # the kinks -b_j stay inside the plotted x range
WEIGHT_RANGE = (-2.0, 2.0)
HIDDEN_WEIGHTS = (1.0, 1.0, 1.0)
BIASES = (1.0, 0.0, -1.0)      # kinks at -1, 0, 1
OUTPUT_WEIGHTS = (1.0, -2.0, 1.0)   # a hat: 0, rises to 1 at x = 0, back to 0 at x = 1
KINK_MARK_Y = Y_VIEW[0] + 0.3   # the kink markers sit just above the bottom edge
STYLES = ("--", ":", "-.")
UNIT_COLORS = ("vermillion", "green", "purple")


@dataclass(frozen=True, eq=False)
class PiecesResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    units: np.ndarray
    output: np.ndarray
    kinks: np.ndarray
    slopes: np.ndarray
    low: float
    high: float
    groups: tuple = ()


def compute(biases, output_weights, x=XS, hidden_weights=HIDDEN_WEIGHTS) -> PiecesResult:
    """The network's pieces on the points ``x``.

    ``biases`` b (H,), ``output_weights`` v (H,), ``hidden_weights`` w (H,), all non-zero.
    Returns a :class:`PiecesResult` with ``units`` (H, len(x)), row j the contribution
    ``v_j relu(w_j x + b_j)``; ``output`` f(x) (their sum); ``kinks`` the sorted kink positions
    ``-b_j / w_j`` (units whose kinks coincide count once); ``slopes`` (len(kinks) + 1,), the slope
    of f on each piece from left to right (for ``w_j > 0``, the sum of ``v_j w_j`` over the units
    whose kink lies left of the piece);
    ``low``, ``high`` the smallest and largest value of f on x; ``groups`` the units (0-based
    indices) whose kink is at each of ``kinks``, one tuple per kink.
    Raises ValueError for arrays of different lengths or a hidden weight of 0.
    """
    where = "relu_pieces.compute"
    b = as_array(biases, "biases", where, ndim=1)
    v = as_array(output_weights, "output_weights", where, ndim=1)
    w = as_array(hidden_weights, "hidden_weights", where, ndim=1)
    x = as_array(x, "x", where, ndim=1)
    if not len(b) == len(v) == len(w):
        raise ValueError(f"{where}: biases, output_weights and hidden_weights need one entry per "
                         f"hidden unit; got lengths {len(b)}, {len(v)} and {len(w)}")
    if np.any(w == 0):
        raise ValueError(f"{where}: a hidden weight of 0 makes a unit constant, without a kink; "
                         f"got hidden_weights {w.tolist()}")
    units = v[:, None] * nn.relu(w[:, None] * x[None, :] + b[:, None])
    output = units.sum(axis=0)
    kinks = -b / w + 0.0                     # + 0.0: a kink at -0.0 reads 0
    # units whose kinks coincide (to 1e-9) bend f at one place: one kink, their v's added
    places = np.unique(np.round(kinks, 9))
    # far left of every kink a unit with w > 0 is 0 and one with w < 0 has slope v w
    slope = float(np.sum(np.where(w < 0, v * w, 0.0)))
    slopes, groups = [slope], []
    for place in places:
        here = np.abs(kinks - place) <= 1e-9
        slope += float(np.sum(v[here] * np.abs(w[here])))   # crossing a kink, a unit switches
        slopes.append(slope)                                 # on (w > 0) or off: + v_j |w_j|
        groups.append(tuple(int(j) for j in np.flatnonzero(here)))
    return PiecesResult(units=units, output=output, kinks=places + 0.0,
                        slopes=np.array(slopes), low=float(output.min()),
                        high=float(output.max()), groups=tuple(groups))


def draw(ax) -> dict:
    """The axes once; return the moving artists: each unit's contribution, the sum, the kinks."""
    ax.set_xlim(*X_VIEW)
    ax.set_ylim(*Y_VIEW)
    ax.axhline(0.0, color=LINE_COLORS["grey"], lw=0.8)
    ax.set_xlabel("input x")
    ax.set_ylabel("output f(x)")
    ax.set_title("f(x) = v₁ relu(x + b₁) + v₂ relu(x + b₂) + v₃ relu(x + b₃)",
                 fontsize="medium")
    units = [ax.plot([], [], color=LINE_COLORS[c], ls=s, lw=1.8,
                     label=f"unit {j + 1}: v{'₁₂₃'[j]} relu(x + b{'₁₂₃'[j]})")[0]
             for j, (c, s) in enumerate(zip(UNIT_COLORS, STYLES))]
    total, = ax.plot([], [], color=LINE_COLORS["black"], lw=3.0, label="f(x), their sum")
    kinks, = ax.plot([], [], "^", color=COLORS["orange"], markeredgecolor="black", ms=9,
                     label="kinks x = −b")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False,
              fontsize="small")
    return {"units": units, "total": total, "kinks": kinks}


def slope_text(slopes) -> str:
    return ", ".join(f"{s:.3g}" if abs(s) > 1e-12 else "0" for s in slopes)


def _units(group) -> str:
    names = [str(j + 1) for j in group]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _straight_kinks(out: PiecesResult, changes) -> str:
    """Why the kinks that do not bend f do not: a unit with v = 0, or units sharing a kink whose
    v's add up to 0 (the explorer's hidden weights are 1: the slope changes by the sum of v)."""
    reasons = []
    for kink, group, bends in zip(out.kinks, out.groups, changes):
        if bends:
            continue
        if len(group) == 1:
            reasons.append(f"unit {group[0] + 1} has v = 0")
        else:
            reasons.append(f"units {_units(group)} share the kink at x = {kink:.2f} and their "
                           "v's add up to 0")
    return "; ".join(reasons)


def readout(out: PiecesResult) -> str:
    """The kinks, the slope of every piece and whether f leaves the window."""
    kinks = ", ".join(f"{k:.2f}" for k in out.kinks)
    text = (f"kinks at x = <b>{kinks}</b>; the slope of f on the {len(out.slopes)} pieces, left "
            f"to right: <b>{slope_text(out.slopes)}</b> (each kink adds the v of its unit(s)).")
    changes = np.abs(np.diff(out.slopes)) > 1e-12
    bent = int(np.sum(changes))
    if bent == 0 and all(len(group) == 1 for group in out.groups):
        text += " Every v is 0: f is the constant 0."
    elif bent == 0:
        text += f" No kink bends f ({_straight_kinks(out, changes)}): f is the constant 0."
    elif bent < len(out.kinks):
        text += (f" Only {bent} of the {len(out.kinks)} kinks bend{'s' * (bent == 1)} f "
                 f"({_straight_kinks(out, changes)}), so f has {bent + 1} straight pieces.")
    else:
        text += f" f has {bent + 1} straight pieces: a curve made of lines."
    if out.low < Y_VIEW[0] or out.high > Y_VIEW[1]:
        text += (f"<br>f runs from {out.low:.3g} to {out.high:.3g} here and leaves the window "
                 f"[{Y_VIEW[0]:g}, {Y_VIEW[1]:g}] (the lines are cut at its edge).")
    return text


def explorer(biases=BIASES, output_weights=OUTPUT_WEIGHTS) -> explore.Explorer:
    """Sliders for the three hidden biases and the three output weights; the pieces and f."""
    fig, ax = explore.figure(1, 1, size=(7.0, 4.6))
    ax.set_position([0.1, 0.3, 0.87, 0.62])        # fixed, with room for the legend below
    artists = draw(ax)

    def update(b1, b2, b3, v1, v2, v3):
        out = compute((b1, b2, b3), (v1, v2, v3))
        for line, row in zip(artists["units"], out.units):
            line.set_data(XS, row)
        artists["total"].set_data(XS, out.output)
        artists["kinks"].set_data(out.kinks, np.full(len(out.kinks), KINK_MARK_Y))
        return readout(out)

    controls = {f"b{j + 1}": explore.slider(f"hidden bias b{j + 1}", *BIAS_RANGE, biases[j], 0.1,
                                            fmt=".1f") for j in range(3)}
    controls.update({f"v{j + 1}": explore.slider(f"output weight v{j + 1}", *WEIGHT_RANGE,
                                                 output_weights[j], 0.1, fmt=".1f")
                     for j in range(3)})
    moving = artists["units"] + [artists["total"], artists["kinks"]]
    ex = explore.Explorer(fig, controls, update, animated=moving,
                          title="A one-hidden-layer ReLU network: a curve from straight pieces")
    ex.must_show = [artists["kinks"]]
    return ex
