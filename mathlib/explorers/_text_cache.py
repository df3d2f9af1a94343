"""Moving labels drawn from a cached picture of themselves, for fast blitting.

matplotlib (3.11) renders a text glyph by glyph on every draw, about 0.05 ms a glyph: a 50-letter
title redrawn on every slider move costs more than all the bars and lines of a figure. A label
that shows few distinct strings (a title that says one of four things, a value that a slider
brings back again and again) is rasterised once per string into a small RGBA picture, kept, and
composited onto the canvas on later draws (one ``draw_image`` call). The picture is the text as
matplotlib draws it, at the same fraction of a pixel (FreeType places glyphs to 1/64 pixel), so a
label that stays in place is drawn as before (the same pixels on a plain background; within a few
levels of 255 where it overlaps a grid line or a translucent box). A label that moves
continuously can be snapped to whole pixels instead (``cached(text, snap=True)``: a shift of at
most half a pixel), so that its pictures are reused. A string seen for the first time is drawn
the ordinary way, but with the layout of each string and the bitmap of each glyph cached
(:func:`_draw_text`), which gives exactly the same pixels. Anything unusual (another renderer,
path effects, TeX, wrapping, rotated text) is drawn the ordinary way.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

MAX_PICTURES = 4096  # the cache is emptied when it is full
_PICTURES: dict = {}  # picture key (string, style, dpi, fraction of a pixel) -> (rgba, dx, dy);
                      # shared by all labels: two labels in the same style share pictures
_SCRATCH: dict = {}  # dpi -> a reusable off-screen renderer (matplotlib caches text metrics per
                     # renderer, so reusing one keeps rasterising cheap)
_GLYPHS: dict = {}   # (font file, size, dpi, glyph, x and y in 1/64 pixel mod 64, flags) ->
                     # (coverage bitmap, its left and top relative to the whole-pixel position)
_LAYOUTS: dict = {}  # (string, font file, size, dpi, flags, features, language) -> glyph positions
MAX_GLYPHS = 20000
# the glyph-by-glyph text API of matplotlib 3.11 (private); without it, texts are drawn as usual
_GLYPH_API = all(hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform"))


def _draw_text(renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` with the layout of each string and the bitmap of each glyph (at
    each 1/64 pixel offset) cached: the same pixels, since Agg draws a text glyph by glyph with
    ``draw_text_image``, and a glyph moved by whole pixels is the same bitmap moved."""
    if ismath or angle != 0 or not _GLYPH_API:
        return RendererAgg.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
    flags = get_hinting_flag()
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    size = prop.get_size_in_points()
    font = renderer._prepare_font(prop)
    layout_key = (s, font.fname, size, renderer.dpi, flags,
                  tuple(features) if features else None, language)
    items = _LAYOUTS.get(layout_key)
    if items is None:
        items = [(item.ft_object, item.glyph_index, item.x, item.y)
                 for item in font._layout(s, flags=flags, features=features, language=language)]
        if len(_LAYOUTS) >= MAX_GLYPHS:
            _LAYOUTS.clear()
        _LAYOUTS[layout_key] = items
    antialiased = bool(gc.get_antialiased())
    height = int(renderer.height)
    for ft_object, glyph_index, dx, dy in items:
        px, py = round(0x40 * (x + dx)), round(0x40 * (renderer.height - y + dy))
        key = (ft_object.fname, size, renderer.dpi, glyph_index, px & 63, py & 63, flags,
               antialiased)
        glyph = _GLYPHS.get(key)
        if glyph is None:
            ft_object.set_size(size, renderer.dpi)
            ft_object._set_transform(np.array([[0x10000, 0], [0, 0x10000]]), [px, py])
            bitmap = ft_object._render_glyph(glyph_index, flags, _render_mode(antialiased))
            buffer = bitmap.buffer.copy()
            if not antialiased:
                buffer *= 0xff
            glyph = (buffer, bitmap.left - (px >> 6), bitmap.top - (py >> 6))
            if len(_GLYPHS) >= MAX_GLYPHS:
                _GLYPHS.clear()
            _GLYPHS[key] = glyph
        buffer, left, top = glyph
        renderer._renderer.draw_text_image(
            buffer, (px >> 6) + left, height - ((py >> 6) + top) + buffer.shape[0], 0, gc)
    return None


def _render_mode(antialiased: bool):
    from matplotlib.ft2font import RenderMode
    return RenderMode.NORMAL if antialiased else RenderMode.MONO


def _scratch(width: int, height: int, dpi: float) -> RendererAgg:
    """A cleared off-screen renderer of at least width x height pixels."""
    off = _SCRATCH.get(dpi)
    if off is None or off.width < width or off.height < height:
        size = (max(width, off.width if off else 0), max(height, off.height if off else 0))
        off = _SCRATCH[dpi] = RendererAgg(*size, dpi)
    off.clear()
    return off


class CachedText(Text):
    """A :class:`~matplotlib.text.Text` that draws each distinct string from a cached picture.

    A string is drawn the ordinary way the first time and rasterised the second time it is
    drawn, so a value shown once (a number while a slider sweeps) costs no more than before; a
    snapped label is rasterised the first time (its strings come back often)."""

    def _picture_key(self, renderer, fraction):
        patch = self.get_bbox_patch()
        boxed = None if patch is None else (
            tuple(patch.get_facecolor()), tuple(patch.get_edgecolor()), patch.get_linewidth(),
            repr(patch.get_boxstyle()))
        return (self.get_text(), mcolors.to_rgba(self.get_color()), self.get_alpha(),
                hash(self.get_fontproperties()), self.get_rotation(), self.get_rotation_mode(),
                self.get_horizontalalignment(), self.get_verticalalignment(),
                self._multialignment, self._linespacing, self.get_antialiased(),
                renderer.dpi, boxed, fraction)

    def _rasterise(self, renderer, fraction):
        """(rgba, dx, dy): the picture, and its lower-left corner relative to the whole-pixel part
        of the anchor point; or None when nothing is drawn. ``fraction``: the anchor's fractional
        part (x, y) in pixels."""
        x, y = self._anchor()
        box = self.get_window_extent(renderer)
        margin = 4 + math.ceil(self.get_fontsize() * renderer.dpi / 72)   # room for a bbox patch
        ax, ay = margin - math.floor(box.x0 - x), margin - math.floor(box.y0 - y)
        width = ax + math.ceil(box.x1 - x) + margin
        height = ay + math.ceil(box.y1 - y) + margin
        off = _scratch(width, height, renderer.dpi)
        saved = (self._x, self._y, self.get_transform(), self.get_clip_on())
        try:
            self.set_transform(IdentityTransform())
            self.set_position((ax + fraction[0], ay + fraction[1]))
            self.set_clip_on(False)
            off.draw_text = lambda *args, **kwargs: _draw_text(off, *args, **kwargs)
            Text.draw(self, off)
        finally:
            off.__dict__.pop("draw_text", None)
            self._x, self._y = saved[0], saved[1]
            self.set_transform(saved[2])
            self.set_clip_on(saved[3])
            self._renderer = renderer
        rgba = np.asarray(off.buffer_rgba())[int(off.height) - height:, :width]
        ink = rgba[:, :, 3] > 0
        rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
        if rows.size == 0:
            return None
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        # draw_image wants the bottom row first
        return rgba[r0:r1, c0:c1][::-1].copy(), int(c0 - ax), int(height - r1 - ay)

    def _anchor(self):
        x = float(self.convert_xunits(self._x))
        y = float(self.convert_yunits(self._y))
        return self.get_transform().transform((x, y))

    def draw(self, renderer):
        if (not isinstance(renderer, RendererAgg) or not self.get_visible()
                or not self.get_text() or self.get_path_effects() or self.get_usetex()
                or self.get_wrap() or self.get_rasterized()
                or "draw_text" in vars(renderer)):   # draws switched off (savefig's measuring
            return super().draw(renderer)             # pass): leave that renderer alone
        x, y = self._anchor()
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        if self.__dict__.get("_snap", False):
            x, y = round(x), round(y)
        ix, iy = math.floor(x), math.floor(y)
        fraction = (round(64 * (x - ix)) / 64, round(64 * (y - iy)) / 64)
        pictures = _PICTURES
        key = self._picture_key(renderer, fraction)
        if key not in pictures:
            seen = self.__dict__.setdefault("_seen", set())
            if key not in seen and not self.__dict__.get("_snap", False):
                if len(seen) >= MAX_PICTURES:
                    seen.clear()
                seen.add(key)
                renderer.draw_text = lambda *args, **kwargs: _draw_text(renderer, *args, **kwargs)
                try:
                    return super().draw(renderer)
                finally:
                    renderer.__dict__.pop("draw_text", None)
            if len(pictures) >= MAX_PICTURES:
                pictures.clear()
            pictures[key] = self._rasterise(renderer, fraction)
        picture = pictures[key]
        self._renderer = renderer
        if picture is not None:
            rgba, dx, dy = picture
            gc = renderer.new_gc()
            self._set_gc_clip(gc)
            renderer.draw_image(gc, ix + dx, iy + dy, rgba)
            gc.restore()
        self.stale = False
        return None


def cached(text: Text, snap: bool = False) -> Text:
    """Make ``text`` (already on its axes or figure) draw from cached pictures; returns it.

    ``snap``: place it at the nearest whole pixel, for a label that moves continuously."""
    text.__class__ = CachedText
    text._snap = bool(snap)
    return text


def prerender(text: CachedText, strings) -> None:
    """Rasterise the pictures of ``strings`` for a snapped label now (when the explorer is built)
    rather than during the first slider moves. Needs the figure drawn once."""
    renderer = text.figure.canvas.get_renderer()
    shown = text.get_text()
    try:
        for string in strings:
            text.set_text(string)
            key = text._picture_key(renderer, (0.0, 0.0))
            if key not in _PICTURES:
                _PICTURES[key] = text._rasterise(renderer, (0.0, 0.0))
    finally:
        text.set_text(shown)
