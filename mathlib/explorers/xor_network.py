"""Explorer for notebook 23: a two-layer network of perceptrons that computes XOR.

Two hidden perceptrons read the inputs: h1 = step(x1 + x2 + b1) (OR at b1 = -0.5) and
h2 = step(-x1 - x2 + b2) (NAND at b2 = 1.5); the output perceptron reads the hidden units:
y = step(h1 + h2 + b_out) (AND at b_out = -1.5). The weights are fixed (1, 1), (-1, -1) and
(1, 1); the sliders are the three biases. Left: the input square with both hidden units' lines
(solid and dashed) and the network's output at each input (filled square 1, open circle 0).
Right: the hidden space (h1, h2), where each input lands (inputs landing on the same point are
drawn a little apart along the output unit's line, so none changes side, and the readout says
which), marked by XOR's target (triangle 1, circle 0), with the output unit's line
h1 + h2 + b_out = 0: there a straight line separates XOR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_scalar
from ..plotting import LINE_COLORS
from .perceptron import BOX, GATES, INPUTS, boundary, step

NOTEBOOK = "23"  # the notebook that shows this explorer

W_HIDDEN = np.array([[1.0, -1.0], [1.0, -1.0]])   # column j: the weights of hidden unit j
W_OUT = np.array([1.0, 1.0])
B1 = (-2.5, 0.5, -0.5)           # (min, max, start) of each bias slider
B2 = (-0.5, 2.5, 1.5)
B_OUT = (-2.5, 0.5, -1.5)
XOR = (0, 1, 1, 0)
# where each input's hidden point is drawn, offset so that inputs on one point all show; the
# offsets run ALONG the output unit's line h1 + h2 + b_out = 0 (direction (1, -1), normal W_OUT),
# so a point on that line is drawn on it and every point stays on its own side
OFFSETS = 0.045 * np.array([-3.0, -1.0, 1.0, 3.0])[:, None] * np.array([1.0, -1.0])
NAMES = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")


@dataclass(frozen=True, eq=False)
class XorResult:
    """What :func:`compute` returns: its fields are described there."""

    H: np.ndarray
    y: tuple
    gate: str
    solves_xor: bool


def forward(X, b1: float, b2: float, b_out: float) -> tuple[np.ndarray, np.ndarray]:
    """The network on the rows of X (n, 2): the hidden outputs H (n, 2) and the outputs y (n,)."""
    H = step(np.asarray(X, dtype=float) @ W_HIDDEN + np.array([b1, b2]))
    return H, step(H @ W_OUT + b_out)


def compute(b1, b2, b_out) -> XorResult:
    """The hidden outputs ``H`` (4, 2) at :data:`INPUTS`, the outputs ``y`` (four 0/1 ints),
    the ``gate`` they make and whether it is XOR."""
    where = "xor_network.compute"
    b1, b2, b_out = (as_scalar(v, n, where) for v, n in ((b1, "b1"), (b2, "b2"),
                                                          (b_out, "b_out")))
    H, y = forward(INPUTS, b1, b2, b_out)
    y = tuple(int(v) for v in y)
    return XorResult(H=H, y=y, gate=GATES[y], solves_xor=y == XOR)


def draw(ax_in, ax_hidden) -> dict:
    """Both squares with their labels (once); the lines and markers that move."""
    for ax, names, title in ((ax_in, ("input x1", "input x2"), "inputs: the hidden units' lines"),
                             (ax_hidden, ("hidden unit h1", "hidden unit h2"),
                              "hidden space: the output unit's line")):
        ax.set_xlim(*BOX)
        ax.set_ylim(*BOX)
        ax.set_aspect("equal")
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.set_title(title, fontsize="medium")
    for (x1, x2), name in zip(INPUTS, NAMES):
        ax_in.annotate(name, (x1, x2), xytext=(0, -19), textcoords="offset points",
                       ha="center", fontsize="small")
    h1_line, = ax_in.plot([], [], color=LINE_COLORS["blue"], linewidth=4.5,
                          label="h1: x1 + x2 + b1 = 0")
    h2_line, = ax_in.plot([], [], color=LINE_COLORS["vermillion"], linewidth=2.5,
                          linestyle="--", label="h2: -x1 - x2 + b2 = 0", zorder=3)
    ones, = ax_in.plot([], [], linestyle="none", marker="s", markersize=12, color="black",
                       label="network output 1")
    zeros, = ax_in.plot([], [], linestyle="none", marker="o", markersize=12, color="black",
                        markerfacecolor="white", markeredgewidth=2, label="network output 0")
    ax_in.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize="x-small",
                 frameon=False)
    out_line, = ax_hidden.plot([], [], color=LINE_COLORS["green"], linewidth=2.5,
                               linestyle="-.", label="output: h1 + h2 + b_out = 0")
    target_1, = ax_hidden.plot([], [], linestyle="none", marker="^", markersize=11,
                               color="black", label="XOR target 1")
    target_0, = ax_hidden.plot([], [], linestyle="none", marker="o", markersize=11,
                               color="black", markerfacecolor="white", markeredgewidth=2,
                               label="XOR target 0")
    ax_hidden.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
                     fontsize="x-small", frameon=False)
    return {"h1": h1_line, "h2": h2_line, "ones": ones, "zeros": zeros, "out": out_line,
            "t1": target_1, "t0": target_0}


def readout(out: XorResult, b1: float, b2: float, b_out: float) -> str:
    """The hidden values of each input, where inputs share a hidden point, the output table."""
    rows = "; ".join(f"{name} -> (h1, h2) = ({h[0]:.0f}, {h[1]:.0f}) -> y = <b>{y}</b>"
                     for name, h, y in zip(NAMES, out.H, out.y))
    text = f"b1 = {b1:.2f}, b2 = {b2:.2f}, b_out = {b_out:.2f}. {rows}. "
    groups = {}
    for name, h in zip(NAMES, out.H):
        groups.setdefault((int(h[0]), int(h[1])), []).append(name)
    shared = [f"{', '.join(v[:-1])} and {v[-1]} land on the same hidden point ({k[0]}, {k[1]})"
              for k, v in groups.items() if len(v) > 1]
    if shared:
        text += "; ".join(shared) + " (drawn a little apart). "
    text += f"Output table (00, 01, 10, 11) = {''.join(map(str, out.y))}: <b>{out.gate}</b>. "
    if out.solves_xor:
        text += ("The network computes XOR: in the hidden space the two triangles (target 1) lie "
                 "on the output unit's line or on its output-1 side, the circles (target 0) on "
                 "the other side.")
    else:
        points = [tuple(h) for h in out.H]
        clash = any(points[i] == points[j] and XOR[i] != XOR[j]
                    for i in range(4) for j in range(i))
        s = out.H @ W_OUT                       # h1 + h2 at each input
        target = np.array(XOR) == 1
        if clash:
            text += ("Not XOR, and no output unit can fix it: inputs with different XOR targets "
                     "land on the same hidden point, so the output unit cannot tell them apart.")
        elif s[target].min() > s[~target].max():
            text += ("Not XOR yet: with these hidden units some b_out works; move the output "
                     f"line (b_out) to between h1 + h2 = {s[~target].max():.0f} (circles) and "
                     f"{s[target].min():.0f} (triangles).")
        else:
            text += ("Not XOR: the targets' hidden points are apart, but no line h1 + h2 + b_out "
                     "= 0 (output weights fixed at (1, 1)) separates them; move b1 or b2.")
    return text


def explorer() -> explore.Explorer:
    """Sliders for the three biases; the hidden lines over the inputs and the hidden space."""
    fig, (ax_in, ax_hidden) = explore.figure(1, 2, size=(8.0, 4.5))
    fig.set_layout_engine("constrained")
    artists = draw(ax_in, ax_hidden)

    def update(b1, b2, b_out):
        out = compute(b1, b2, b_out)
        for key, (w1, w2, b) in (("h1", (1.0, 1.0, b1)), ("h2", (-1.0, -1.0, b2)),
                                 ("out", (1.0, 1.0, b_out))):
            ends = boundary(w1, w2, b)
            if ends is None:
                artists[key].set_data([], [])
            else:
                artists[key].set_data(ends[:, 0], ends[:, 1])
        on = np.array(out.y) == 1
        artists["ones"].set_data(INPUTS[on, 0], INPUTS[on, 1])
        artists["zeros"].set_data(INPUTS[~on, 0], INPUTS[~on, 1])
        shown = out.H + OFFSETS
        target = np.array(XOR) == 1
        artists["t1"].set_data(shown[target, 0], shown[target, 1])
        artists["t0"].set_data(shown[~target, 0], shown[~target, 1])
        return readout(out, b1, b2, b_out)

    controls = {
        "b1": explore.slider("h1's bias b1", *B1, step=0.1),
        "b2": explore.slider("h2's bias b2", *B2, step=0.1),
        "b_out": explore.slider("output bias b_out", *B_OUT, step=0.1),
    }
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="A two-layer network for XOR: the hidden units and the hidden space")
