"""Explorer for notebook 07: the computational graph of one neuron's squared error,
``L = (w x + b - t)^2``, with its forward values and its backward gradients.

The graph has four leaves (the weight w, the input x, the bias b, the target t) and four
operations::

    u = w * x      z = u + b      e = z - t      L = e ** 2

The forward pass computes the values left to right. The backward pass starts from
``dL/dL = 1`` and goes right to left: the gradient of a node is the gradient of the node after it
times the **local derivative** on the arrow between them (the chain rule, one arrow at a time).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS, LINE_COLORS, MIN_FONTSIZE, TEXT_COLORS
from ._layout import cached_text

NOTEBOOK = "07"  # the notebook that shows this explorer

RANGE = (-5.0, 5.0)             # the sliders of w, x and b
T_RANGE = (-10.0, 10.0)         # t: wide enough to go above w x + b = 7 of the worked example
ZERO = 1e-9                     # the sliders move in steps of 0.1: |e| below this is rounding
LEAVES = ("w", "x", "b", "t")
NODES = ("w", "x", "b", "t", "u", "z", "e", "L")
# (parent, child, the local derivative d child / d parent in words)
EDGES = (("w", "u", "x"), ("x", "u", "w"), ("u", "z", "1"), ("b", "z", "1"),
         ("z", "e", "1"), ("t", "e", "-1"), ("e", "L", "2e"))
LEAF_WORDS = {"w": "weight", "x": "input", "b": "bias", "t": "target"}
OPS = {"u": "u = w x", "z": "z = u + b", "e": "e = z - t", "L": "L = e\u00b2"}
POSITIONS = {"w": (1.25, 5.35), "x": (1.25, 2.25), "u": (4.35, 3.8), "z": (7.35, 3.8),
             "b": (7.35, 1.0), "e": (10.35, 3.8), "t": (10.35, 1.0), "L": (13.5, 3.8)}
BOX = (2.4, 1.15)               # width and height of a node's box, in data units
LINE = 0.28                     # from a box's value line down to its gradient line, data units
XLIM = (0.0, 14.75)             # every text is MIN_FONTSIZE (10 pt): the boxes hold "dL/dw = -400"


@dataclass(frozen=True, eq=False)
class CompGraphResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    value: dict
    local: dict
    grad: dict


def compute(w: float, x: float, b: float, t: float) -> CompGraphResult:
    """Forward values, local derivatives and backward gradients of ``L = (w x + b - t)^2``.

    Returns a :class:`CompGraphResult` with
    ``value`` (node -> its forward value), ``local`` ((parent, child) -> the
    local derivative d child / d parent at these values) and ``grad`` (node -> dL/d node, by the
    chain rule in reverse order: ``grad[parent] = sum over its children of grad[child] *
    local[parent, child]``; here every node has one child).
    """
    where = "comp_graph.compute"
    w, x, b, t = (as_scalar(v, name, where) for v, name in zip((w, x, b, t), LEAVES))
    # forward pass: left to right
    u = w * x
    z = u + b
    e = z - t
    L = e * e
    value = {"w": w, "x": x, "b": b, "t": t, "u": u, "z": z, "e": e, "L": L}
    # local derivatives: each operation on its own, at the forward values
    local = {("w", "u"): x, ("x", "u"): w, ("u", "z"): 1.0, ("b", "z"): 1.0,
             ("z", "e"): 1.0, ("t", "e"): -1.0, ("e", "L"): 2.0 * e}
    # backward pass: right to left, each gradient = the gradient after it times the local one
    grad = {"L": 1.0}
    for parent, child, _ in reversed(EDGES):
        grad[parent] = grad.get(parent, 0.0) + grad[child] * local[parent, child]
    return CompGraphResult(value=value, local=local, grad=grad)


def path_product(out: CompGraphResult, path=("w", "u", "z", "e", "L")) -> tuple[list, float]:
    """The local derivatives along one path from a leaf to L and their product.

    Returns ``(factors, product)``: factors[k] is d path[k+1] / d path[k]; the product equals
    ``out.grad[path[0]]`` when the path is the only one from that leaf (chain rule).
    """
    factors = [out.local[a, c] for a, c in zip(path[:-1], path[1:])]
    return factors, float(np.prod(factors))


def _fmt(v: float) -> str:
    """A number with 3 significant digits (0.002, 1.23, 625, 1225); never "-0"."""
    v = float(v)
    if abs(v) < ZERO:
        return "0"
    if abs(v) >= 1000:
        return f"{v:.0f}"
    return f"{v:.3g}"


def draw(ax) -> dict:
    """Draw the graph once: a box per node with its name or operation, the arrows and the
    constant local derivatives. Return the texts that change: each node's value and gradient
    (``nodes``: node -> the two lines in its box) and the local derivatives that depend on the
    values (``local``)."""
    ax.set_xlim(*XLIM)
    ax.set_ylim(0.2, 6.2)
    ax.set_axis_off()
    ax.set_title("forward: values left to right.  backward: gradients right to left:\n"
                 "each gradient = the gradient of the node after it \u00d7 the local derivative "
                 "on the arrow", fontsize=MIN_FONTSIZE)
    width, height = BOX
    for parent, child, _ in EDGES:
        (x0, y0), (x1, y1) = POSITIONS[parent], POSITIONS[child]
        start, end = _box_exit((x0, y0), (x1, y1)), _box_exit((x1, y1), (x0, y0))
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                     color=LINE_COLORS["grey"], linewidth=1.5, shrinkA=0, shrinkB=2))
    nodes, local = {}, {}
    for node in NODES:
        px, py = POSITIONS[node]
        leaf = node in LEAVES
        ax.add_patch(FancyBboxPatch((px - width / 2, py - height / 2), width, height,
                                    boxstyle="round,pad=0,rounding_size=0.12",
                                    facecolor="#E8F1F8" if leaf else "#FDF0E6",
                                    edgecolor=COLORS["blue"] if leaf else COLORS["vermillion"],
                                    linewidth=1.2, zorder=2))
        header = OPS[node] if node in OPS else f"{node}: {LEAF_WORDS[node]}"
        ax.text(px, py + height / 2 - 0.08, header, ha="center", va="top", fontsize=MIN_FONTSIZE,
                color=TEXT_COLORS["grey"], zorder=3)
        # the names on the left (drawn once), the numbers on the right (they change: put
        # together from pictures of their characters, see _layout.CachedText)
        nodes[node] = []
        for y, name in ((py, f"{node} ="), (py - LINE, f"dL/d{node} =")):
            ax.text(px + 0.08, y, name, ha="right", va="center", fontsize=MIN_FONTSIZE, zorder=3)
            nodes[node].append(cached_text(ax, px + 0.14, y, "", compose=True, ha="left",
                                           va="center", fontsize=MIN_FONTSIZE, zorder=3))
    for parent, child, words in EDGES:
        (x0, y0), (x1, y1) = POSITIONS[parent], POSITIONS[child]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        if abs(y1 - y0) < 0.1:          # horizontal: above the boxes' tops, on one line
            where = dict(x=mx, y=my + BOX[1] / 2 + 0.06, ha="center", va="bottom")
        elif abs(x1 - x0) < 0.1:        # vertical: to its right
            where = dict(x=mx + 0.12, y=my, ha="left", va="center")
        elif y1 < y0:                   # going down: above it
            where = dict(x=mx, y=my + 0.25, ha="left", va="bottom")
        else:                           # going up: below it
            where = dict(x=mx, y=my - 0.25, ha="left", va="top")
        text = f"d{child}/d{parent} = {words}"
        if words in ("1", "-1"):          # constant: drawn once
            ax.text(s=text, fontsize=MIN_FONTSIZE, color=TEXT_COLORS["green"], zorder=4, **where)
        else:
            local[parent, child] = cached_text(ax, s="", compose=True, fontsize=MIN_FONTSIZE,
                                               color=TEXT_COLORS["green"], zorder=4, **where)
    ax.text(0.1, 0.25, "in each box: the value (forward pass)\nand dL/d(node) (backward pass);"
            "\ngreen, on the arrows: local derivatives\nd(child)/d(parent)", fontsize=MIN_FONTSIZE,
            color=TEXT_COLORS["grey"], va="bottom")
    return {"nodes": nodes, "local": local}


def _box_exit(centre, towards) -> tuple[float, float]:
    """Where the segment from a box's centre towards another point leaves the box."""
    (cx, cy), (tx, ty) = centre, towards
    dx, dy = tx - cx, ty - cy
    width, height = BOX
    scale = min(width / 2 / abs(dx) if dx else np.inf, height / 2 / abs(dy) if dy else np.inf)
    return cx + dx * scale, cy + dy * scale


def readout(out: CompGraphResult) -> str:
    """The gradients of L with respect to the four inputs and the chain-rule product for the
    path from w, in words."""
    g, v = out.grad, out.value
    factors, product = path_product(out)
    grads = ", ".join(f"dL/d{leaf} = <b>{_fmt(g[leaf])}</b>" for leaf in LEAVES)
    text = (f"L = <b>{_fmt(v['L'])}</b>; {grads}. One path, w &rarr; u &rarr; z &rarr; e &rarr; "
            f"L: dL/dw = dL/de &middot; de/dz &middot; dz/du &middot; du/dw = "
            f"(2e = {_fmt(factors[3])}) &times; 1 &times; 1 &times; (x = {_fmt(factors[0])}) "
            f"= <b>{_fmt(product)}</b>")
    if abs(v["e"]) < ZERO:
        text += ". The error e is 0: the loss is at its minimum and every gradient is 0"
    elif v["x"] == 0:
        text += (". x = 0: the weight does not affect z, so dL/dw = 0 whatever the error "
                 "(the local derivative du/dw = x is 0)")
    elif v["e"] < 0:
        text += (". e < 0: z = w x + b is below the target t, so dL/de = 2e, dL/dz and dL/db "
                 "are negative (raising b would lower the loss) and dL/dt is positive")
    return text


def explorer(w: float = 2.0, x: float = 3.0, b: float = 1.0, t: float = 5.0
             ) -> explore.Explorer:
    """Sliders for the four leaves; every node's value and gradient, every arrow's local
    derivative."""
    fig, ax = explore.figure(size=(8.0, 4.6))
    fig.set_layout_engine(None)
    ax.set_position([0.01, 0.01, 0.98, 0.86])
    artists = draw(ax)

    def update(w, x, b, t):
        out = compute(w, x, b, t)
        for node, (value, grad) in artists["nodes"].items():
            value.set_text(_fmt(out.value[node]))
            grad.set_text(_fmt(out.grad[node]))
        for (parent, child), text in artists["local"].items():
            words = dict((p, w_) for p, c, w_ in EDGES if c == child)[parent]
            text.set_text(f"d{child}/d{parent} = {words} = {_fmt(out.local[parent, child])}")
        return readout(out)

    controls = {name: explore.slider(f"{name} ({LEAF_WORDS[name]})",
                                     *(T_RANGE if name == "t" else RANGE), value, 0.1)
                for name, value in (("w", w), ("x", x), ("b", b), ("t", t))}
    moving = [t for pair in artists["nodes"].values() for t in pair]
    moving += list(artists["local"].values())
    return explore.Explorer(fig, controls, update, animated=moving,
                            title="The computational graph of L = (w x + b - t)\u00b2")
