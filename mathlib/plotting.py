"""Plot defaults for the whole course, in one place.

Colours are the Okabe-Ito palette, which stays distinguishable for colour-blind viewers and on a
washed-out classroom projector. ``use_course_style(projector=True)`` makes fonts and lines larger
for a room.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["COLORS", "CYCLE", "DIVERGING", "SEQUENTIAL", "course_rc", "use_course_style"]

# Okabe & Ito (2008), "Color Universal Design".
COLORS = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}
CYCLE = [COLORS[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
SEQUENTIAL = "viridis"   # perceptually uniform, readable in grey
DIVERGING = "PuOr"       # colour-blind safe diverging map (no red-green)

FIGURE_WIDTH = 8.0  # inches; at 100 dpi an explorer is 800 pixels wide


def course_rc(projector: bool = False) -> dict:
    """The matplotlib rcParams of the course; larger text and lines when ``projector``."""
    k = 1.35 if projector else 1.0
    return {
        "figure.figsize": (FIGURE_WIDTH, FIGURE_WIDTH * 0.45),
        "figure.dpi": 100,
        "figure.facecolor": "white",  # opaque, so that explorers can send only changed pixels
        "savefig.facecolor": "white",
        "font.size": 11 * k,
        "axes.titlesize": 12 * k,
        "axes.labelsize": 11 * k,
        "xtick.labelsize": 10 * k,
        "ytick.labelsize": 10 * k,
        "legend.fontsize": 10 * k,
        "lines.linewidth": 2.0 * k,
        "lines.markersize": 6 * k,
        "axes.linewidth": 1.0 * k,
        "axes.prop_cycle": cycler(color=CYCLE),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "image.cmap": SEQUENTIAL,
        "figure.constrained_layout.use": True,
    }


def use_course_style(projector: bool = False) -> None:
    """Apply the course's plot defaults to every figure made after this call.

    ``use_course_style(projector=True)`` is the classroom projector mode: 35% larger text and lines.
    """
    mpl.rcParams.update(course_rc(projector))
