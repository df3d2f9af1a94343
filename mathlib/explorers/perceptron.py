"""Explorer for notebook 23: one perceptron over the four Boolean inputs.

A perceptron with weights w = (w1, w2) and bias b outputs 1 where w . x + b >= 0 and 0 elsewhere
(the step activation, numpy's ``heaviside(z, 1)``). The sliders are w1, w2 and b; the figure shows
the four inputs (0, 0), (0, 1), (1, 0), (1, 1), each drawn as a filled square where the output is
1 and an open circle where it is 0 (shape and fill, not colour), the line w . x + b = 0 and the
hatched half-plane where the output is 1. The readout gives the four values of w . x + b, the
truth table they make and the name of the gate it is, among the 16 Boolean functions of two
inputs: 14 are reachable, XOR and XNOR never are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon

from .. import explore
from .._checks import as_int, as_scalar
from ..plotting import LINE_COLORS

NOTEBOOK = "23"  # the notebook that shows this explorer

INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])   # rows x = (x1, x2)
BOX = (-0.5, 1.5)            # the square shown, in x1 and in x2
W_RANGE = (-2.0, 2.0)        # (min, max) of w1 and of w2
B_RANGE = (-3.0, 3.0)
START = (1.0, 1.0, -1.5)     # AND

# the truth table (outputs at 00, 01, 10, 11) -> the gate's name
GATES = {
    (0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
    (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR (equal inputs)",
    (0, 0, 0, 0): "always 0", (1, 1, 1, 1): "always 1",
    (0, 0, 1, 1): "x1 (copies x1)", (0, 1, 0, 1): "x2 (copies x2)",
    (1, 1, 0, 0): "NOT x1", (1, 0, 1, 0): "NOT x2",
    (0, 0, 1, 0): "x1 AND NOT x2", (0, 1, 0, 0): "NOT x1 AND x2",
    (1, 0, 1, 1): "x1 OR NOT x2", (1, 1, 0, 1): "NOT x1 OR x2",
}


def step(z) -> np.ndarray:
    """The step activation: 1.0 where z >= 0, else 0.0 (numpy's ``heaviside(z, 1)``)."""
    return (np.asarray(z, dtype=float) >= 0).astype(float)


@dataclass(frozen=True, eq=False)
class PerceptronResult:
    """What :func:`compute` returns: its fields are described there."""

    z: np.ndarray
    outputs: tuple
    gate: str
    line: np.ndarray | None
    region: np.ndarray


@dataclass(frozen=True, eq=False)
class LearnResult:
    """What :func:`learn` returns: the weights ``w`` (d,), the bias ``b`` and the number of
    ``mistakes`` (updates) in each epoch (epochs,)."""

    w: np.ndarray
    b: float
    mistakes: np.ndarray


def learn(X, y, *, epochs: int = 10) -> LearnResult:
    """Rosenblatt's perceptron rule on the rows of X (n, d) with targets y (n,) in {0, 1}.

    From w = 0 and b = 0, for each epoch and each row x (in order): yhat = step(w . x + b),
    w <- w + (y - yhat) x, b <- b + (y - yhat). The error y - yhat is 0 on a right output, so
    only mistakes move the line. Returns a :class:`LearnResult`.
    """
    where = "perceptron.learn"
    epochs = as_int(epochs, "epochs", where, low=1)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"{where}: X must be (n, d) and y (n,); got X of shape {X.shape} and y "
                         f"of shape {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"{where}: y must hold the targets 0 and 1 only; got {np.unique(y)}")
    w, b = np.zeros(X.shape[1]), 0.0
    mistakes = np.zeros(epochs, dtype=int)
    for epoch in range(epochs):
        for x, target in zip(X, y):
            error = int(target) - (1 if float(x @ w) + b >= 0 else 0)
            if error:
                w = w + error * x
                b = b + error
                mistakes[epoch] += 1
    return LearnResult(w=w, b=float(b), mistakes=mistakes)


def _clip_half_plane(w1: float, w2: float, b: float) -> np.ndarray:
    """The part of the square BOX^2 where w1 x1 + w2 x2 + b >= 0, as polygon corners (k, 2)."""
    lo, hi = BOX
    square = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
    out = []
    for k in range(4):                       # Sutherland-Hodgman against one half-plane
        p, q = square[k], square[(k + 1) % 4]
        fp = w1 * p[0] + w2 * p[1] + b
        fq = w1 * q[0] + w2 * q[1] + b
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            s = fp / (fp - fq)
            out.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    return np.array(out, dtype=float).reshape(-1, 2)


def boundary(w1: float, w2: float, b: float) -> np.ndarray | None:
    """The two ends (2, 2) of the line w1 x1 + w2 x2 + b = 0 inside the square BOX^2, or None
    when it misses the square (or w = 0, when there is no line)."""
    lo, hi = BOX
    if w1 == 0 and w2 == 0:
        return None
    points = []
    if w2 != 0:
        for x1 in (lo, hi):
            x2 = -(b + w1 * x1) / w2
            if lo <= x2 <= hi:
                points.append((x1, x2))
    if w1 != 0:
        for x2 in (lo, hi):
            x1 = -(b + w2 * x2) / w1
            if lo <= x1 <= hi:
                points.append((x1, x2))
    if len(points) < 2:
        return None
    points = np.array(points)
    far = np.argmax(((points - points[0]) ** 2).sum(axis=1))
    if far == 0:
        return None                             # the line only touches a corner
    return np.array([points[0], points[far]])


def compute(w1, w2, b) -> PerceptronResult:
    """The perceptron's values z = w . x + b (4,) at :data:`INPUTS`, its ``outputs`` (a tuple of
    four 0/1 ints), the ``gate`` they make (a name from :data:`GATES`), the ``line``
    w . x + b = 0 inside the square (2, 2) or None, and the ``region`` of the square where the
    output is 1 (polygon corners, (k, 2), k = 0 when it is empty)."""
    where = "perceptron.compute"
    w1, w2, b = (as_scalar(v, name, where) for v, name in ((w1, "w1"), (w2, "w2"), (b, "b")))
    # rounded to 12 decimals: a slider sends 1.3 as 1.2999999999999998, and z = 2e-16 there
    # is z = 0 (on the line, output 1), as the readout and the table say
    z = np.round(INPUTS @ np.array([w1, w2]) + b, 12)
    outputs = tuple(int(v) for v in step(z))
    return PerceptronResult(z=z, outputs=outputs, gate=GATES[outputs],
                            line=boundary(w1, w2, b), region=_clip_half_plane(w1, w2, b))


def draw(ax) -> dict:
    """The square, its axes, the labelled inputs (once); the line, the region and the markers
    that move."""
    ax.set_xlim(*BOX)
    ax.set_ylim(*BOX)
    ax.set_aspect("equal")
    ax.set_xlabel("input x1")
    ax.set_ylabel("input x2")
    ax.set_title("output 1 where w1 x1 + w2 x2 + b >= 0")
    for (x1, x2) in INPUTS:
        ax.annotate(f"({x1:.0f}, {x2:.0f})", (x1, x2), xytext=(0, -19),
                    textcoords="offset points", ha="center", fontsize="small")
    # a light tint and hatch inside, the outline in full colour (3:1 on white, in the legend too)
    region = Polygon(np.zeros((3, 2)), closed=True, facecolor=to_rgba(LINE_COLORS["sky"], 0.25),
                     hatch="//", hatchcolor=to_rgba(LINE_COLORS["blue"], 0.35),
                     edgecolor=LINE_COLORS["blue"], linewidth=1.0, label="output 1 side (hatched)")
    ax.add_patch(region)
    line, = ax.plot([], [], color=LINE_COLORS["blue"], linewidth=2.5,
                    label="line w1 x1 + w2 x2 + b = 0")
    ones, = ax.plot([], [], linestyle="none", marker="s", markersize=13, color="black",
                    label="output 1 (filled square)")
    zeros, = ax.plot([], [], linestyle="none", marker="o", markersize=13, color="black",
                     markerfacecolor="white", markeredgewidth=2, label="output 0 (open circle)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize="small",
              frameon=False)
    return {"region": region, "line": line, "ones": ones, "zeros": zeros}


def _num(v: float) -> str:
    return f"{v:.2f}".replace("-0.00", "0.00")


def readout(out: PerceptronResult, w1: float, w2: float, b: float) -> str:
    """The four values of w . x + b, the truth table, the gate; XOR's impossibility."""
    rows = ", ".join(f"({x1:.0f}, {x2:.0f}) -> z = {_num(z)} -> <b>{o}</b>"
                     for (x1, x2), z, o in zip(INPUTS, out.z, out.outputs))
    text = (f"w = ({_num(w1)}, {_num(w2)}), b = {_num(b)}. Inputs, z = w . x + b and the output: "
            f"{rows}. Truth table (00, 01, 10, 11) = {''.join(map(str, out.outputs))}: "
            f"<b>{out.gate}</b>. ")
    no_line = w1 == 0 and w2 == 0
    if no_line and abs(b) < 1e-9:
        text += ("With w = (0, 0) there is no line: z = b = 0 at every input, and z = 0 counts "
                 "as output 1 (the step is 1 at 0), so every output is 1. ")
    elif no_line:
        text += ("With w = (0, 0) there is no line: z = b at every input, so the output is the "
                 "same everywhere. ")
    elif out.line is None:
        text += "The line lies outside the square shown: all four inputs are on one side. "
    on_line = [f"({x1:.0f}, {x2:.0f})" for (x1, x2), z in zip(INPUTS, out.z) if abs(z) < 1e-9]
    if on_line and not no_line:
        names = on_line[0] if len(on_line) == 1 else ", ".join(on_line[:-1]) + " and " + on_line[-1]
        verb = "lies" if len(on_line) == 1 else "lie"
        text += (f"{names} {verb} exactly on the line: z = 0 counts as output 1 "
                 "(the step is 1 at 0). ")
    text += ("No setting gives XOR (0110) or XNOR (1001): no straight line puts (0, 1) and "
             "(1, 0) on one side and (0, 0) and (1, 1) on the other.")
    return text


def explorer() -> explore.Explorer:
    """Sliders for w1, w2 and b; the line, the output-1 side and the four outputs."""
    fig, ax = explore.figure(size=(5.6, 5.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(w1, w2, b):
        out = compute(w1, w2, b)
        if out.region.shape[0] >= 3:
            artists["region"].set_xy(out.region)
            artists["region"].set_visible(True)
        else:
            artists["region"].set_visible(False)
        if out.line is None:
            artists["line"].set_data([], [])
        else:
            artists["line"].set_data(out.line[:, 0], out.line[:, 1])
        on = np.array(out.outputs) == 1
        artists["ones"].set_data(INPUTS[on, 0], INPUTS[on, 1])
        artists["zeros"].set_data(INPUTS[~on, 0], INPUTS[~on, 1])
        return readout(out, w1, w2, b)

    controls = {
        "w1": explore.slider("weight w1", *W_RANGE, START[0], step=0.1),
        "w2": explore.slider("weight w2", *W_RANGE, START[1], step=0.1),
        "b": explore.slider("bias b", *B_RANGE, START[2], step=0.1),
    }
    return explore.Explorer(fig, controls, update,
                            animated=[artists["region"], artists["line"], artists["ones"],
                                      artists["zeros"]],
                            title="A perceptron's line over the four Boolean inputs")
