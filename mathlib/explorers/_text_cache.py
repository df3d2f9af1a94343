"""Moving labels drawn from a cached picture of themselves, for fast blitting.

matplotlib (3.11) renders a text glyph by glyph on every draw, about 0.05 ms a glyph: a 50-letter
title redrawn on every slider move costs more than all the bars and lines of a figure. A label
that shows few distinct strings (a title that says one of four things, a value that a slider
brings back again and again) is rasterised once per string into a small RGBA picture, kept, and
composited onto the canvas on later draws (one ``draw_image`` call). The picture is the text as
matplotlib draws it, at the same fraction of a pixel (FreeType places glyphs to 1/64 pixel), so a
label that stays in place is drawn exactly as before. A label that moves continuously can be
snapped to whole pixels instead (``cached(text, snap=True)``: a shift of at most half a pixel),
so that its pictures are reused. Anything unusual (another renderer, path effects, TeX, wrapping)
is drawn the ordinary way.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

MAX_PICTURES = 512   # per label; the cache is emptied when it is full
_SCRATCH: dict = {}  # dpi -> a reusable off-screen renderer (matplotlib caches text metrics per
                     # renderer, so reusing one keeps rasterising cheap)


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
    drawn, so a value shown once (a number while a slider sweeps) costs no more than before."""

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
            Text.draw(self, off)
        finally:
            self._x, self._y = saved[0], saved[1]
            self.set_transform(saved[2])
            self.set_clip_on(saved[3])
            self._renderer = renderer
        rgba = np.asarray(off.buffer_rgba())[int(off.height) - height:, :width]
        rows, cols = np.nonzero(rgba[:, :, 3].any(axis=1))[0], np.nonzero(rgba[:, :, 3].any(axis=0))[0]
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
                or self.get_wrap() or self.get_rasterized()):
            return super().draw(renderer)
        x, y = self._anchor()
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        if self.__dict__.get("_snap", False):
            x, y = round(x), round(y)
        ix, iy = math.floor(x), math.floor(y)
        fraction = (round(64 * (x - ix)) / 64, round(64 * (y - iy)) / 64)
        pictures = self.__dict__.setdefault("_pictures", {})
        key = self._picture_key(renderer, fraction)
        if key not in pictures:
            seen = self.__dict__.setdefault("_seen", set())
            if key not in seen:
                if len(seen) >= MAX_PICTURES:
                    seen.clear()
                seen.add(key)
                return super().draw(renderer)
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
