"""What the explorers share to lay out a figure: label geometry, axes setup and fast labels.

- **geometry** of labels in data units: :func:`box_at` (the box of a label written at a point with
  an alignment), :func:`boxes_overlap`, :func:`segment_hits_box` (does an arrow from the origin
  cross a label);
- **axes setup**: :func:`setup_axes` (limits, labels, title, equal aspect, the lines through the
  origin) in one call;
- **contour lines** drawn as one ``LineCollection`` that moves in place: :func:`level_lines`
  (the segments of each level of a grid of heights) and :func:`level_colors` (darker for lower
  levels, every line at 3:1 contrast on white);
- **labels that move without being rasterised again**: :class:`CachedText`, a matplotlib
  ``Text`` that keeps a picture of each string it has drawn and, on later draws, puts that picture
  on the canvas in one ``draw_image`` (about 0.05 ms) instead of drawing the string glyph by glyph
  (about 0.05 ms a glyph). It uses only public matplotlib API (a ``Text`` subclass, an off-screen
  ``RendererAgg``, the renderer's ``draw_image``). Use it for labels that take few distinct
  strings (a vector's name that follows its tip, a title that says one of four things) and, with
  ``compose=True``, for numbers: each character is drawn once and a number is put together from
  them. Numbers a learner reads go to the explorer's HTML readout first; drawn numbers are for
  figures whose point is the numbers in place (the computational graph).
"""

from __future__ import annotations

from collections import OrderedDict

import contourpy
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import findfont, get_font
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

from ..plotting import LINE_COLORS, SEQUENTIAL

__all__ = ["box_at", "boxes_overlap", "segment_hits_box", "setup_axes", "level_lines",
           "level_colors", "CachedText", "cached_text", "cached"]

# -- contour lines ---------------------------------------------------------------------------------

def level_lines(XX: np.ndarray, YY: np.ndarray, Z: np.ndarray, levels) -> tuple[list, np.ndarray]:
    """The contour lines of heights ``Z`` over the grid ``(XX, YY)`` at each of ``levels``:
    ``(segments, heights)``, a list of (p, 2) arrays (p >= 2) and the level of each, ready for a
    ``LineCollection``'s ``set_segments`` and :func:`level_colors`.

    Shapes: XX, YY, Z (n, m), levels (k,) -> (list of (p, 2), (number of segments,)).
    """
    generator = contourpy.contour_generator(XX, YY, Z)
    segments, heights = [], []
    for level in levels:
        for line in generator.lines(float(level)):
            if len(line) >= 2:
                segments.append(np.asarray(line))
                heights.append(float(level))
    return segments, np.array(heights)


def level_colors(heights: np.ndarray, top: float = 0.5) -> np.ndarray:
    """Darker for lower lines: the sequential colormap on the rank of each line's level, from
    0.05 up to ``0.05 + top`` (at most 0.55, so that every line keeps 3:1 contrast on white,
    WCAG 1.4.11). Shapes: heights (s,) -> RGBA (s, 4)."""
    levels = np.unique(heights)
    rank = np.searchsorted(levels, heights) / max(len(levels) - 1, 1)
    return colormaps[SEQUENTIAL](0.05 + top * rank)


# -- geometry of labels, in data units ---------------------------------------------------------


def box_at(x: float, y: float, size: tuple[float, float], ha: str = "center",
           va: str = "center") -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) of a label of ``size`` (width, height) written at (x, y) with
    matplotlib's alignment ``ha`` ("left", "center", "right") and ``va`` ("bottom", "center",
    "top")."""
    width, height = size
    x0 = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
    y0 = y - {"bottom": 0.0, "center": height / 2, "top": height}[va]
    return (x0, y0, x0 + width, y0 + height)


def boxes_overlap(a: tuple, b: tuple) -> bool:
    """Whether two boxes (x0, y0, x1, y1) share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segment_hits_box(tip, box: tuple, margin: float = 0.0) -> bool:
    """Whether the segment from the origin to ``tip`` (2,) passes through ``box`` grown by
    ``margin`` on every side (the Liang-Barsky clipping test)."""
    x0, y0, x1, y1 = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    dx, dy = float(tip[0]), float(tip[1])
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, -x0), (dx, x1), (-dy, -y0), (dy, y1)):
        if p == 0.0:
            if q < 0.0:
                return False        # parallel to this edge and outside it
            continue
        t = q / p
        if p < 0.0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# -- axes ----------------------------------------------------------------------------------------


def setup_axes(ax, *, xlim=None, ylim=None, xlabel: str | None = None,
               ylabel: str | None = None, title: str | None = None, equal: bool = False,
               xticks=None, yticks=None, grid: bool | None = None, origin: bool = False):
    """Set what an explorer's axes show, in one call: limits, axis labels (with their symbols or
    units), the title (what to notice), equal aspect (for geometry: a circle looks round), ticks
    and the grid; ``origin``: the lines x = 0 and y = 0 of a plane, thin and grey, under what
    moves (zorder 1). Anything left None keeps the course style's default. Returns ``ax``."""
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if equal:
        ax.set_aspect("equal")
    if xticks is not None:
        ax.set_xticks(xticks)
    if yticks is not None:
        ax.set_yticks(yticks)
    if grid is not None:
        ax.grid(grid)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    if origin:
        ax.axhline(0.0, color=LINE_COLORS["grey"], linewidth=1.0, zorder=1)
        ax.axvline(0.0, color=LINE_COLORS["grey"], linewidth=1.0, zorder=1)
    return ax


# -- labels drawn from pictures ----------------------------------------------------------------

MAX_PICTURES = 512   # per label; the oldest picture goes first when there are more
_CHARACTERS: dict = {}  # (character, style) -> (picture, advance): shared by labels of one style


class CachedText(Text):
    """A ``Text`` drawn from a picture of itself, rasterised once per string.

    On the screen (an Agg renderer), the first draw of a string renders it the ordinary way
    on a small off-screen canvas, keeps the picture (RGBA, with its bounding box if it has one)
    and its offset from the anchor point; later draws of that string put the picture on the
    canvas at the anchor, rounded to a whole pixel (so a label is about a pixel at most from where
    ``Text`` would draw it). Anything else (a PDF, an SVG, rotated or TeX text) is drawn the
    ordinary way. The picture depends on the string, the style (colour, font, alignment, box,
    alpha) and the dpi: changing any of them renders a new one.

    ``compose=True`` (one-line strings without a box or math, such as numbers): every
    character is rendered once, and a new string is put together from those pictures (advances
    from the font, without kerning: none between digits in the course's font, a fraction of a
    pixel between some letters), so a number never seen before costs no text rendering either.
    """

    def __init__(self, *args, compose: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.compose = compose
        self.pictures: OrderedDict = OrderedDict()

    # -- the picture of a string ---------------------------------------------------------------
    def _style_key(self, dpi: float) -> tuple:
        patch = self.get_bbox_patch()
        box = None if patch is None else (str(patch.get_boxstyle()),
                                          tuple(patch.get_facecolor()),
                                          tuple(patch.get_edgecolor()), patch.get_linewidth())
        return (dpi, str(self.get_color()), hash(self.get_fontproperties()), self.get_ha(),
                self.get_va(), self.get_alpha(), self.get_linespacing(),
                box)

    def _render(self, text: str, dpi: float, *, ha=None, va=None, box: bool = True):
        """Render ``text`` in this label's style off-screen: (rgba (h, w, 4), dx, dy), the
        picture (top row first) and the position of its bottom-left corner relative to the
        anchor, in pixels; None for a string that draws nothing."""
        clone = Text(0.0, 0.0, text, color=self.get_color(),
                     fontproperties=self.get_fontproperties(), ha=ha or self.get_ha(),
                     va=va or self.get_va(), alpha=self.get_alpha(),
                     linespacing=self.get_linespacing(),
                     transform=IdentityTransform())
        patch = self.get_bbox_patch()
        if box and patch is not None:
            clone.set_bbox({"boxstyle": patch.get_boxstyle(), "facecolor": patch.get_facecolor(),
                            "edgecolor": patch.get_edgecolor(),
                            "linewidth": patch.get_linewidth()})
        clone.set_figure(self.get_figure(root=True))
        probe = RendererAgg(4, 4, dpi)
        extent = clone.get_window_extent(renderer=probe)
        margin = 6 + (int(dpi * 0.1) if box and patch is not None else 0)
        width = int(np.ceil(extent.width)) + 2 * margin + 2
        height = int(np.ceil(extent.height)) + 2 * margin + 2
        anchor = (margin - np.floor(extent.x0), margin - np.floor(extent.y0))
        clone.set_position(anchor)
        scratch = RendererAgg(width, height, dpi)
        clone.draw(scratch)
        rgba = np.asarray(scratch.buffer_rgba())
        rows = np.flatnonzero(rgba[:, :, 3].any(axis=1))
        cols = np.flatnonzero(rgba[:, :, 3].any(axis=0))
        if rows.size == 0:
            return None
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        picture = rgba[top:bottom, left:right].copy()
        return picture, left - anchor[0], (height - bottom) - anchor[1]

    def _advance(self, char: str, dpi: float) -> float:
        """How far the pen moves after ``char`` in this label's font, in pixels."""
        prop = self.get_fontproperties()
        font = get_font(findfont(prop))
        font.set_size(prop.get_size_in_points(), dpi)
        return font.load_char(ord(char)).linearHoriAdvance / 65536

    def _composed(self, text: str, dpi: float, style: tuple):
        """The picture of a number put together from the pictures of its characters."""
        pieces, pen = [], 0.0
        font_style = style[:3] + (self.get_alpha(),)      # dpi, colour, font
        for char in text:
            key = (char, font_style)
            piece = _CHARACTERS.get(key)
            if piece is None:
                rendered = self._render(char, dpi, ha="left", va="baseline", box=False)
                if len(_CHARACTERS) >= 4 * MAX_PICTURES:
                    _CHARACTERS.clear()
                piece = _CHARACTERS[key] = (rendered, self._advance(char, dpi))
            rendered, advance = piece
            if rendered is not None:
                pieces.append((rendered, round(pen)))
            pen += advance
        if not pieces:
            return None
        x0 = min(dx + at for (_, dx, _), at in pieces)
        x1 = max(dx + at + p.shape[1] for (p, dx, _), at in pieces)
        y0 = min(dy for (_, _, dy), _ in pieces)
        y1 = max(dy + p.shape[0] for (p, _, dy), _ in pieces)
        width, height = int(np.ceil(x1 - x0)), int(np.ceil(y1 - y0))
        canvas = np.zeros((height, width, 4), np.uint8)
        for (p, dx, dy), at in pieces:
            left = int(round(dx + at - x0))
            top = int(round(y1 - (dy + p.shape[0])))
            region = canvas[top:top + p.shape[0], left:left + p.shape[1]]
            np.maximum(region, p, out=region)     # one colour: the larger coverage wins
        shift = {"left": 0.0, "center": -pen / 2, "right": -pen}[self.get_ha()]
        return canvas, x0 + shift, y0 + self._baseline(dpi, style)

    def _boxed(self, found: tuple, patch, dpi: float) -> tuple:
        """A composed picture on its box: a rectangle of the box's face colour, ``pad`` larger
        on every side, with the text painted over it ("over" compositing, straight alpha)."""
        canvas, dx, dy = found
        pad = int(round(patch.get_boxstyle().pad * self.get_size() * dpi / 72))
        h, w = canvas.shape[:2]
        face = np.asarray(patch.get_facecolor(), dtype=float)
        out = np.empty((h + 2 * pad, w + 2 * pad, 4))
        out[...] = face
        text = canvas.astype(float) / 255.0
        a_t = text[..., 3:]
        under = out[pad:pad + h, pad:pad + w]
        a_b = under[..., 3:]
        alpha = a_t + a_b * (1.0 - a_t)
        rgb = (text[..., :3] * a_t + under[..., :3] * a_b * (1.0 - a_t)) / np.maximum(alpha, 1e-12)
        under[..., :3], under[..., 3:] = rgb, alpha
        return np.round(out * 255.0).astype(np.uint8), dx - pad, dy - pad

    def _baseline(self, dpi: float, style: tuple) -> float:
        """Where the baseline of a number is, relative to the anchor, for this label's ``va``:
        matplotlib aligns a line by the height and depth of "lp" at least, which every number
        fits in, so the offset is the same for every number (measured on "0")."""
        if self.get_va() == "baseline":
            return 0.0
        key = ("baseline", style)
        if key not in self.pictures:
            aligned = self._render("0", dpi, ha="left", box=False)
            on_baseline = self._render("0", dpi, ha="left", va="baseline", box=False)
            self.pictures[key] = aligned[2] - on_baseline[2]
        return self.pictures[key]

    def picture(self, dpi: float):
        """(rgba, dx, dy) of the current string at ``dpi``, rendered now if it is new: the
        picture with its bottom row first, as ``draw_image`` takes it, and the position of its
        bottom-left corner relative to the anchor point, in pixels."""
        text = self.get_text()
        style = self._style_key(dpi)
        key = (text, style)
        found = self.pictures.get(key)
        if found is not None:
            self.pictures.move_to_end(key)
            return found
        one_line = "\n" not in text and "$" not in text
        patch = self.get_bbox_patch()
        if self.compose and one_line and (patch is None or _plain_box(patch)):
            found = self._composed(text, dpi, style)
            if found is not None and patch is not None:
                found = self._boxed(found, patch, dpi)
        else:
            found = self._render(text, dpi)
        if found is not None:   # draw_image takes row 0 at the bottom
            found = (np.ascontiguousarray(found[0][::-1]), found[1], found[2])
        self.pictures[key] = found
        while len(self.pictures) > MAX_PICTURES:
            self.pictures.popitem(last=False)
        return found

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, renderer):
        if (not isinstance(renderer, RendererAgg) or self.get_rotation() != 0
                or self.get_usetex() or self.get_path_effects()):
            return super().draw(renderer)
        if not self.get_visible() or not self.get_text():
            return None
        found = self.picture(renderer.dpi)
        if found is not None:
            picture, dx, dy = found
            x, y = self.get_transform().transform(self.get_unitless_position())
            gc = renderer.new_gc()
            if self.get_clip_on():
                gc.set_clip_rectangle(self.get_clip_box())
                gc.set_clip_path(self.get_clip_path())
            renderer.draw_image(gc, int(round(x + dx)), int(round(y + dy)), picture)
            gc.restore()
        self.stale = False
        return None


def _plain_box(patch) -> bool:
    """A box a composed picture can carry: a square box with no edge (a face colour only)."""
    from matplotlib.patches import BoxStyle

    return isinstance(patch.get_boxstyle(), BoxStyle.Square) and patch.get_edgecolor()[3] == 0


def cached_text(ax, x: float, y: float, s: str, *, compose: bool = False, **kwargs) -> CachedText:
    """``ax.text(x, y, s, **kwargs)`` as a :class:`CachedText`, added to ``ax`` (it is among
    ``ax.texts`` and, as ``ax.text`` makes it, not clipped unless ``clip_on=True``)."""
    text = CachedText(x, y, s, compose=compose,
                      **{"transform": ax.transData, "clip_on": False, **kwargs})
    ax.add_artist(text)
    return text


def cached(text: Text, *, compose: bool = False) -> CachedText:
    """A :class:`CachedText` in place of ``text`` (made by ``ax.text`` or ``ax.set_title``): the
    same string, place, transform, alignment, style and box. A text made by ``ax.text`` is
    removed; an axes' title is emptied (the axes keep it). Returns the new label."""
    new = CachedText(*text.get_unitless_position(), text.get_text(), compose=compose,
                     ha=text.get_ha(), va=text.get_va(), zorder=text.get_zorder())
    new.update_from(text)          # colour, font, transform, alpha, clipping, visibility
    patch = text.get_bbox_patch()
    if patch is not None:
        new.set_bbox({"boxstyle": patch.get_boxstyle(), "facecolor": patch.get_facecolor(),
                      "edgecolor": patch.get_edgecolor(), "linewidth": patch.get_linewidth()})
    new.set_in_layout(text.get_in_layout())
    ax = text.axes
    if ax is not None and text is ax.title:
        text.set_text("")
    else:
        text.remove()
    (ax if ax is not None else text.get_figure()).add_artist(new)
    new.set_clip_on(text.get_clip_on())     # add_artist clips to the axes: keep the original's
    new.set_clip_box(text.get_clip_box())
    new.set_clip_path(text.get_clip_path())
    return new
