"""Plot defaults for the whole course, in one place.

Colours are the Okabe-Ito palette, which stays distinguishable for colour-blind viewers and on a
washed-out classroom projector. ``use_course_style(projector=True)`` makes fonts and lines larger
for a room.

Contrast (WCAG 2.1 AA, on the white figure background): text needs 4.5:1 (1.4.3) and lines and
other marks that carry meaning 3:1 (1.4.11). Four Okabe-Ito colours are too light for either on
white (orange, sky, yellow, grey): use ``COLORS`` for areas, fills and markers with a dark edge,
``LINE_COLORS`` for lines and points, ``TEXT_COLORS`` for text and labels drawn in a colour. The
same hues, darkened just enough; ``contrast_ratio`` computes the ratio. Never tell two curves apart
by colour alone: give them different line styles (``LINESTYLES``) or label them directly.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["COLORS", "LINE_COLORS", "TEXT_COLORS", "CYCLE", "LINESTYLES", "DIVERGING",
           "SEQUENTIAL", "contrast_ratio", "course_rc", "use_course_style", "figure_image", "FigureImage"]

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
# The same hues darkened (each channel scaled down) until they meet WCAG's contrast on white:
# at least 3:1 for lines and marks (tests/test_plotting.py checks every one) ...
LINE_COLORS = {**COLORS, "orange": "#C28600", "sky": "#4A9AC7", "yellow": "#9D952B",
               "grey": "#8F8F8F"}
# ... and at least 4.5:1 for text.
TEXT_COLORS = {"blue": "#0072B2", "vermillion": "#C05500", "green": "#008561",
               "orange": "#9C6C00", "purple": "#A26085", "sky": "#3B7BA0", "yellow": "#7D7722",
               "black": "#000000", "grey": "#757575"}
CYCLE = [LINE_COLORS[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky",
                                  "black")]
# Line styles to tell curves apart without colour (solid, dashed, dotted, dash-dot).
LINESTYLES = ["-", "--", ":", "-."]
TEXT_COLOR = "#000000"
SEQUENTIAL = "viridis"   # perceptually uniform, readable in grey
DIVERGING = "PuOr"       # colour-blind safe diverging map (no red-green)

FIGURE_WIDTH = 8.0  # inches; at 100 dpi an explorer is 800 pixels wide
MIN_FONTSIZE = 10.0  # points: the smallest readable text of a figure (the tick labels' size)


def course_rc(*, projector: bool = False) -> dict:
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
        "axes.facecolor": "white",
        # text and axes in black: 21:1 on white
        "text.color": TEXT_COLOR,
        "axes.labelcolor": TEXT_COLOR,
        "axes.titlecolor": TEXT_COLOR,
        "axes.edgecolor": TEXT_COLOR,
        "xtick.color": TEXT_COLOR,
        "ytick.color": TEXT_COLOR,
        "xtick.labelcolor": TEXT_COLOR,
        "ytick.labelcolor": TEXT_COLOR,
        "legend.labelcolor": TEXT_COLOR,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "image.cmap": SEQUENTIAL,
        "figure.constrained_layout.use": True,
    }


def use_course_style(*, projector: bool = False) -> None:
    """Apply the course's plot defaults to every figure made after this call.

    ``use_course_style(projector=True)`` is the classroom projector mode: 35% larger text and lines.
    """
    mpl.rcParams.update(course_rc(projector=projector))


def _relative_luminance(color) -> float:
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(foreground, *, background="white") -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (none) to 21 (black on white).

    ``(L1 + 0.05) / (L2 + 0.05)``, L1 the lighter colour's relative luminance (sRGB channels
    linearised, weighted 0.2126 R + 0.7152 G + 0.0722 B). Any matplotlib colour is accepted.
    Text needs 4.5 (3 when large), lines and marks that carry meaning 3.
    """
    a, b = sorted((_relative_luminance(foreground), _relative_luminance(background)),
                  reverse=True)
    return (a + 0.05) / (b + 0.05)


def figure_image(png: bytes, alt: str) -> "FigureImage":
    """A PNG image with a text alternative (``alt``), to display in a notebook: see
    :class:`FigureImage`."""
    return FigureImage(png, alt)


class FigureImage:
    """A PNG image with a text alternative, to display in a notebook.

    JupyterLab shows a plain ``IPython.display.Image`` without any ``alt`` text, so a screen
    reader says only "image"; this displays an ``<img alt=...>`` instead (and the PNG for viewers
    that do not show HTML)::

        figure_image(svd_image.geometry_png(A), alt="The unit circle, rotated, stretched ...")
    """

    def __init__(self, png: bytes, alt: str):
        if not isinstance(png, (bytes, bytearray)) or bytes(png[:4]) != b"\x89PNG":
            raise TypeError("figure_image: png should be the bytes of a PNG image")
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("figure_image: alt should describe the image in words, got "
                             f"{alt!r}")
        self.png, self.alt = bytes(png), alt.strip()

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        import html

        data = base64.b64encode(self.png).decode("ascii")
        return {"text/html": f'<img src="data:image/png;base64,{data}" '
                             f'alt="{html.escape(self.alt)}"/>',
                "image/png": data, "text/plain": self.alt}
