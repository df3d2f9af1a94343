"""The explorer pattern: every slider figure of the course is built from three separate pieces.

1. **compute**: a pure function, numbers in, arrays out (unit tested, no plotting);
2. **draw**: creates the artists once, on a figure from :func:`figure`, and returns them;
3. **wire**: :class:`Explorer` connects ipywidgets controls to an ``update`` that calls compute and
   changes the existing artists in place (``set_data``, ``set_offsets``, ...).

Speed comes from *blitting*: the parts of the figure that never move (axes, contours, images) are
drawn once and cached as a background; on every slider move only the moving artists are drawn on
top of that background and only the changed pixels are sent to the browser. A full redraw happens
only when the figure itself changes (first display, resize, zoom).

In JupyterLab (``%matplotlib widget``, ipympl) the figure is live. Where there is no live kernel
(an exported HTML page, a notebook rendered on a website) the explorer shows a static image of the
figure at its current values instead.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import io
import math
import re
import warnings
import weakref
import zlib
from collections.abc import Callable, Hashable, Iterable

import ipywidgets as widgets
import matplotlib.image
import numpy as np
import PIL.Image
from matplotlib.figure import Figure

from ._a11y import AccessibilityHelper
from ._frames import PACKED_MAGIC, FrameHelper

__all__ = ["figure", "slider", "log_slider", "choice", "Explorer"]

_SLIDER_LAYOUT = {"width": "520px"}
_CURRENT = object()        # has_background's default: the key of the state shown now
_LABEL_STYLE = {"description_width": "150px"}


# -- the one guarded place that adapts matplotlib's and ipympl's internals ----------------------
#
# ``_Canvas`` below relies on how these upstream functions behave (and, for the frames, on how
# ipympl's front end draws an image). tests/test_explore.py hashes their source and fails, saying
# what to re-check, when an upgrade (``make lock UPGRADE=1``) changes one of them. Each entry:
# the function, the hash of its dedented source, and what of it ``_Canvas`` relies on.
UPSTREAM = {
    "matplotlib.backends.backend_webagg_core.FigureCanvasWebAggCore.get_diff_image": (
        "095c9d31a4e6a578",
        "a frame is due when _png_is_old; _force_full or a new size means a full frame; "
        "_last_buff is the full-size uint32 view of what the browser shows; set_image_mode; "
        "a diff image's transparent pixels leave the browser's pixels as they are"),
    "matplotlib.backends.backend_webagg_core.FigureCanvasWebAggCore.__init__": (
        "564570fafc3cf3ef",
        "_png_is_old, _force_full, _last_buff (empty at first) and _current_image_mode exist"),
    "matplotlib.backends.backend_webagg_core.FigureManagerWebAgg.refresh_all": (
        "2248d656c46f8baa",
        "get_diff_image is called once per frame and its bytes go to send_binary, None to nobody"),
    "matplotlib.backends.backend_agg.FigureCanvasAgg.get_renderer": (
        "2a59ab42ce35a4a7",
        "the screen's renderer is kept in self.renderer and its key in self._lastKey "
        "(print_figure keeps both across a save at another dpi)"),
    "ipympl.backend_nbagg.Canvas.send_binary": (
        "d379c2fd0b9f705b",
        "with syncing_data_url False it only sends its argument as the frame (while syncing it "
        "sends the raw pixels and an unprefixed _data_url, which send_binary does itself)"),
}

_PNG_LEVEL = 1          # zlib level of a frame; see _Canvas.get_diff_image for the measurement


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    # PNG's integers are big-endian, as int.to_bytes writes them by default
    return len(data).to_bytes(4) + kind + data + zlib.crc32(kind + data).to_bytes(4)


def _png(rows: np.ndarray) -> bytes:
    """An RGBA PNG (8 bits a channel) of ``rows``: H x (1 + 4 W) bytes, each row a filter byte
    (0: none) and the row's pixels, compressed with zlib at ``_PNG_LEVEL``."""
    height, width = rows.shape[0], (rows.shape[1] - 1) // 4
    header = (width.to_bytes(4) + height.to_bytes(4)
              + bytes([8, 6, 0, 0, 0]))        # 8 bits, RGBA, deflate, no filter, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows, _PNG_LEVEL)) + _png_chunk(b"IEND", b""))


def _packed(x: int, y: int, pixels: np.ndarray) -> bytes:
    """A packed frame (``_frames.PACKED_MAGIC``): ``pixels``, H x W uint32 RGBA, to be drawn with
    its top-left corner at (x, y); a zero pixel leaves the browser's pixel as it is."""
    height, width = pixels.shape
    head = np.array([x, y, width, height], "<u4").tobytes()
    return PACKED_MAGIC + head + zlib.compress(pixels.tobytes(), _PNG_LEVEL)


@functools.cache
def _canvas_class():
    from ipympl.backend_nbagg import Canvas

    class _Canvas(Canvas):
        """ipympl's canvas, with cheaper frames and its first image stored as a ``data:`` URL.

        Each override is a small change on ``super()``; what it relies on upstream is listed in
        :data:`UPSTREAM` (guarded by a test). See docs/upstream-ipympl-matplotlib.md.
        """

        frames_on_hold = 0
        packed_frames = False      # set by the explorer's FrameHelper: the page unpacks them

        @contextlib.contextmanager
        def frames_held(self):
            """Draws inside it are not encoded nor sent to the browser (nor kept as the first
            image); the next frame after it is diffed against what the browser last got."""
            self.frames_on_hold += 1
            try:
                yield
            finally:
                self.frames_on_hold -= 1

        def get_diff_image(self):
            """The frame for the browser: only the region that changed, encoded cheaply.

            A full frame (the first, a new size, a browser that reconnects) and a frame that makes
            a pixel transparent are matplotlib's own (``super()``). Otherwise (every slider move):

            - the dirty box is the bounding box of the pixels that differ from what the browser
              shows: the moved artists' old and new footprints, exactly (antialiasing and markers
              included, which their window extents miss), found in about 0.3 ms;
            - once the page has said it unpacks them (``packed_frames``, set by the explorer's
              :class:`~mathlib._frames.FrameHelper`), the frame is the box alone, *packed*: its
              place and its pixels, zlib level 1, a pixel of zero where nothing changed. The page
              inflates and draws it before it renders again, where a PNG is drawn after one more
              render (see mathlib/_frames.py);
            - otherwise (a page that has not said so yet), a PNG: ipympl's front end draws a
              frame at (0, 0) at its own size and clears nothing for a diff frame: the image
              sent runs from the top-left corner to the dirty box's far corner, transparent
              outside the changed pixels (see docs/upstream-ipympl-matplotlib.md);
            - the PNG has no row filter and zlib level 1: Pillow filters every row adaptively,
              which costs more than it saves on an image that is mostly transparent zeros.

            Measured on this course's 2-core machine (fastest of 25, one move's frame; kB sent):

            ==================== ===================== ============== ============== ===========
            explorer (frame)     Pillow, level 6       Pillow, lvl 1  no filter, z1  z6
            ==================== ===================== ============== ============== ===========
            matrix2x2 (456x397)  12.3 ms, 23 kB        8.9 ms, 29 kB  1.5 ms, 24 kB  5.6 ms, 17
            quadratic_bowl       26.7 ms, 63 kB        11.5 ms, 72 kB 2.6 ms, 60 kB  10.1 ms, 49
            gaussian (780x366)   20.7 ms, 10 kB        10.8 ms, 15 kB 1.9 ms, 12 kB  10.1 ms, 7
            ==================== ===================== ============== ============== ===========

            (the same crops; the whole figure, as before, costs 1.5-3 times more). No filter
            with zlib level 1 is 5-10 times faster than Pillow at a similar size (Pillow filters
            every row whatever the level: even level 0 took 7 ms for 500 x 400); zlib 3 is no
            smaller, 6 is 4 times slower for a few kB that a local connection does not notice;
            zlib's run-length strategy (Z_RLE) was neither faster nor smaller over five
            explorers. Finding the box costs about 0.2 ms of the frame (540 x 520).
            """
            if self.frames_on_hold or not self._png_is_old:
                return None
            pixels = np.asarray(self.get_renderer().buffer_rgba())
            buff = pixels.view(np.uint32).squeeze(2)
            last = self._last_buff
            if self._force_full or buff.shape != last.shape:
                return super().get_diff_image()
            changed = buff != last
            rows = np.flatnonzero(changed.any(axis=1))
            if len(rows) == 0:      # nothing moved: one transparent pixel (the browser waits for
                y0 = y1 = x0 = x1 = 0   # a frame after every draw it asks for)
                height, width = 1, 1
            else:
                y0, y1 = rows[0], rows[-1] + 1
                cols = np.flatnonzero(changed[y0:y1].any(axis=0))
                x0, x1 = cols[0], cols[-1] + 1
                box = (slice(y0, y1), slice(x0, x1))
                if ((pixels[box][..., 3] != 255) & changed[box]).any():
                    return super().get_diff_image()   # a transparent pixel needs a full frame
                height, width = y1, x1
            self.set_image_mode("diff")
            self._png_is_old = False
            if y1:
                new = np.where(changed[box], buff[box], 0)
                last[box] = buff[box]
            else:
                new = np.zeros((0, 0), np.uint32)
            if self.packed_frames:
                return _packed(int(x0), int(y0), new)
            frame = np.zeros((height, 1 + 4 * width), np.uint8)   # filter byte 0: none
            if y1:
                frame[y0:y1, 1 + 4 * x0:1 + 4 * x1] = new.view(np.uint8).reshape(y1 - y0, -1)
            return _png(frame)

        def print_figure(self, *args, **kwargs):
            """``fig.savefig``: the file is drawn with the layout the screen shows.

            A layout engine (constrained layout) would otherwise lay the figure out again for the
            file's dpi and leave the axes moved by a pixel or two on the screen, under a cached
            background that no longer fits them. The screen's renderer is kept too.
            """
            figure = self.figure
            engine = figure.get_layout_engine()
            # the screen's renderer (and matplotlib's key for it, private): a save at another
            # dpi replaces it, and the next frame would be blitted into a blank one
            screen = {name: self.__dict__[name] for name in ("renderer", "_lastKey")
                      if name in self.__dict__}
            frozen = engine is not None and "renderer" in screen
            if frozen:
                figure.set_layout_engine("none")
            try:
                return super().print_figure(*args, **kwargs)
            finally:
                if frozen:
                    figure.set_layout_engine(engine)
                self.__dict__.update(screen)

        def send_binary(self, data):
            """ipympl's, with its first-image branch done right.

            Until a browser connects (``syncing_data_url``), ipympl 0.10's ``send_binary`` keeps
            the latest frame in ``_data_url`` for the page to show first, and has two faults there:
            the URL lacks its ``data:image/png;base64,`` prefix, and the frame it then sends is the
            raw pixel array (its ``data`` variable reused), not the PNG. A figure drawn before it is
            displayed, as every explorer's is, arrives as a broken image: the canvas stays empty
            and JupyterLab reports "drawImage: the HTMLImageElement provided is in the 'broken'
            state". So the URL is made here, and ipympl's own method only sends the frame.
            """
            syncing = self.syncing_data_url
            if syncing:
                pixels = self._last_buff.view(np.uint8).reshape((*self._last_buff.shape, 4))
                with io.BytesIO() as png:          # level 1: it is replaced at every frame
                    PIL.Image.fromarray(pixels).save(png, format="png", compress_level=1)
                    self._data_url = ("data:image/png;base64,"
                                      + base64.b64encode(png.getvalue()).decode("ascii"))
            self.syncing_data_url = False          # super(): the send alone
            try:
                super().send_binary(data)
            finally:
                self.syncing_data_url = syncing

    return _Canvas


def figure(nrows: int = 1, ncols: int = 1, *, size: tuple[float, float] | None = None,
           **subplot_kw):
    """A figure whose canvas is a live widget (ipympl), and its axes: ``fig, axes``.

    It does not depend on the notebook's matplotlib backend and is not shown by pyplot on its
    own: show it by displaying the :class:`Explorer` that uses it. ``subplot_kw`` go to
    ``Figure.subplots`` (``sharex=True``, ``gridspec_kw={"width_ratios": [2, 1]}``, ...).
    """
    from ipympl.backend_nbagg import FigureManager

    fig = Figure(figsize=size)
    canvas = _canvas_class()(fig)
    with warnings.catch_warnings():
        # ipympl's toolbar passes matplotlib's arguments on to traitlets, which warns; harmless.
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.resizable = False
    canvas.toolbar_position = "left"
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def slider(label: str, min: float, max: float, value: float, step: float | None = None, *,
           integer: bool = False, fmt: str | None = None) -> widgets.ValueWidget:
    """A labelled slider from ``min`` to ``max`` starting at ``value``.

    ``step`` defaults to 1/100 of the range; ``integer=True`` gives whole numbers only. The
    figure follows a drag, not only its end (ipywidgets' ``continuous_update``, on by default).
    """
    if not min < max:
        raise ValueError(f"slider {label!r}: min ({min}) must be less than max ({max})")
    if not min <= value <= max:
        raise ValueError(f"slider {label!r}: value {value} is outside [{min}, {max}]")
    common = dict(description=label, value=value, min=min, max=max, style=_LABEL_STYLE,
                  layout=_SLIDER_LAYOUT)
    if integer:
        return widgets.IntSlider(step=int(step or 1), **common)
    step = step if step is not None else (max - min) / 100
    return widgets.FloatSlider(step=step, readout_format=fmt or ".2f", **common)


def log_slider(label: str, min: float, max: float, value: float, steps: int = 100
               ) -> widgets.FloatLogSlider:
    """A slider whose value moves in equal ratios, for scales like learning rates (1e-4 .. 1)."""
    if not 0 < min < max:
        raise ValueError(f"log_slider {label!r}: need 0 < min < max, got min={min}, max={max}")
    if not min <= value <= max:
        raise ValueError(f"log_slider {label!r}: value {value} is outside [{min}, {max}]")
    lo, hi = math.log10(min), math.log10(max)
    return widgets.FloatLogSlider(description=label, value=value, min=lo, max=hi,  # base 10
                                  step=(hi - lo) / steps, style=_LABEL_STYLE,
                                  layout=_SLIDER_LAYOUT)


def choice(label: str, options, value=None) -> widgets.ToggleButtons:
    """A row of buttons choosing one of ``options`` (a list of labels or (label, value) pairs)."""
    w = widgets.ToggleButtons(description=label, options=options, style=_LABEL_STYLE)
    if value is not None:
        w.value = value
    return w


class Explorer:
    """Sliders wired to a figure that updates in place.

    Parameters
    ----------
    fig : Figure
        made with :func:`figure`; everything on it that never moves is drawn once.
    controls : dict of name -> widget
        ``update`` is called with these names as keyword arguments.
    update : callable(**values) -> str or None
        sets new data on the ``animated`` artists (compute, then ``set_data`` and friends). It may
        return a short text (HTML allowed) shown under the figure: the numbers to notice.
    animated : list of artists
        the artists that ``update`` changes; only these are redrawn on a slider move.
    title : str, optional
        shown above the controls.
    background_key : callable() -> hashable, optional
        what the static background depends on besides the screen, when ``update`` changes it
        (the function whose contours are shown, the y-limit): one background is kept per key
        (see :meth:`prerender`), and a move to a state whose background is kept is blitted like
        any other move; a new key gets a full redraw, once. Default: one background.

    Displaying the explorer (the last expression of a cell) shows the controls, a Reset button,
    the figure and the readout.
    """

    instances: "weakref.WeakSet[Explorer]" = weakref.WeakSet()

    def __init__(self, fig: Figure, controls: dict[str, widgets.ValueWidget],
                 update: Callable[..., str | None], *, animated, title: str | None = None,
                 background_key: Callable[[], Hashable] | None = None):
        if not isinstance(fig.canvas, widgets.DOMWidget):
            raise TypeError("Explorer: the figure's canvas is not a live widget; "
                            "make the figure with mathlib.explore.figure()")
        if not controls:
            raise ValueError("Explorer: give at least one control (a slider, a choice, ...)")
        self.fig = fig
        self.controls = dict(controls)
        self.defaults = {name: c.value for name, c in self.controls.items()}
        self.animated = sorted(animated, key=lambda a: a.get_zorder())
        self.title = title or ""
        self.last_error: Exception | None = None
        self._update = update
        if background_key is not None and not callable(background_key):
            raise TypeError("Explorer: background_key must be a function of no arguments "
                            f"returning a key, got {type(background_key).__name__}")
        self._background_key_of = background_key or (lambda: None)
        self._backgrounds = {}            # key -> static background, for self._screen
        self._screen = None               # the screen size and dpi they were drawn at
        self._holding = False
        for artist in self.animated:
            artist.set_animated(True)
        fig.canvas.mpl_connect("draw_event", self._on_draw)

        reset = widgets.Button(description="Reset", icon="undo",
                               tooltip="Put every slider back to its starting value")
        reset.on_click(lambda _button: self.reset())
        self.readout = widgets.HTML(layout={"min_height": "1.6em"})
        self.readout.add_class("mathlib-readout")
        self.status = widgets.HTML()
        self.status.add_class("mathlib-status")
        # In the browser: names every slider after its label, gives focus a visible outline and
        # announces the readout (a polite live region) once a move has settled.
        self.a11y = AccessibilityHelper()
        # In the browser: ipympl without its encoding of every frame (mathlib/_frames.py)
        self.frames = FrameHelper(canvas=fig.canvas)
        header = [widgets.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        self.widget = widgets.VBox(header + [
            widgets.HBox([widgets.VBox(list(self.controls.values())), reset],
                         layout={"align_items": "flex-end", "flex_flow": "row wrap"}),
            fig.canvas, self.readout, self.status, self.a11y, self.frames])
        self.widget.add_class("mathlib-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        Explorer.instances.add(self)
        self.refresh()

    # -- wiring ---------------------------------------------------------------------------
    @property
    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values) -> None:
        """Move several controls at once, with a single redraw."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"Explorer.set: no control named {sorted(unknown)}; "
                             f"the controls are {sorted(self.controls)}")
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.refresh()

    def reset(self) -> None:
        """Every control back to its starting value."""
        self.set(**self.defaults)

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.refresh()

    def refresh(self) -> None:
        """Call ``update`` with the current values and redraw what moves.

        An exception in ``update`` is a bug (extreme values must be drawn, not raised): it is shown
        under the figure, where a learner sees it, and raised again for the tests to catch.

        The new frame is sent before the readout's text: the browser handles the kernel's
        messages one after the other, so the picture is not kept waiting behind the words.
        """
        try:
            text = self._update(**self.values)
        except Exception as exc:
            self.last_error = exc
            self.status.value = ("<span style='color:#A63D00'>This figure could not update: "
                                 f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</span>")
            raise
        self._blit()
        if self.status.value:
            self.status.value = ""
        if text is not None:
            self.readout.value = text

    # -- extension points -------------------------------------------------------------------
    def connect(self, event: str, handler: Callable) -> int:
        """Call ``handler(event)`` on a matplotlib canvas event; returns the connection id
        (``fig.canvas.mpl_disconnect(cid)`` undoes it).

        ``"draw_event"``: only after a full redraw of the screen, once its background is kept
        (not for ``savefig``, not for matplotlib's measuring passes). Mouse events
        (``"button_press_event"``, ...): not while the toolbar zooms or pans.
        """
        canvas = self.fig.canvas
        if event == "draw_event":
            def on_event(ev):
                if self._is_screen_draw(ev):
                    handler(ev)
        elif event.startswith(("button_", "motion_", "scroll_")):
            def on_event(ev):
                if not getattr(getattr(canvas, "toolbar", None), "mode", ""):
                    handler(ev)
        else:
            on_event = handler
        return canvas.mpl_connect(event, on_event)

    def has_background(self, key: Hashable = _CURRENT) -> bool:
        """Whether a static background is kept for ``key`` (default: ``background_key()`` now)
        at the current screen size and dpi: a move there is blitted, not redrawn in full."""
        if key is _CURRENT:
            key = self._background_key_of()
        return self._screen == self._screen_key() and key in self._backgrounds

    def prerender(self, apply: Callable[[object], object], states: Iterable) -> None:
        """Draw and keep the static background of each of ``states`` now, sending no frame.

        For each state, ``apply(state)`` changes the figure (a y-limit, a function's contours)
        and a full redraw keeps its background under ``background_key()``. No image is encoded
        or sent to the browser meanwhile. Call :meth:`refresh` afterwards: ``update`` must put
        the figure back in the state the controls say.

        Example::

            ex = Explorer(fig, controls, update, animated=moving,
                          background_key=lambda: ax.get_ylim()[1])
            ex.prerender(lambda top: ax.set_ylim(0, top), [1, 2, 5, 10])
            ex.refresh()
        """
        canvas = self.fig.canvas
        held = getattr(canvas, "frames_held", contextlib.nullcontext)
        with held():
            for state in states:
                apply(state)
                canvas.draw()

    # -- drawing --------------------------------------------------------------------------
    def _is_screen_draw(self, event) -> bool:
        """A full draw of the screen (not one for a file, not a measuring pass)."""
        canvas = self.fig.canvas
        renderer = getattr(event, "renderer", None)
        if renderer is not None and _measuring(renderer):
            return False
        return not canvas.is_saving() and (renderer is None
                                           or renderer is getattr(canvas, "renderer", None))

    def _on_draw(self, event) -> None:
        """After a full redraw of the screen: cache the static background, then draw the moving
        artists on it.

        A draw for a file (``fig.savefig``, any dpi or format) gets the moving artists too, so the
        file shows what the screen shows: matplotlib draws the moving artists of an Axes itself
        when it saves, not those placed on the figure (``fig.text``), which are drawn here. It
        leaves the cached background alone: the save keeps the layout (see
        ``_Canvas.print_figure``), so the background is still right for the screen, and the next
        frame is blitted on it as if nothing had been saved.
        """
        canvas = self.fig.canvas
        renderer = getattr(event, "renderer", None)
        if not self._is_screen_draw(event):
            if renderer is not None and not _measuring(renderer):
                for artist in self.animated:
                    if artist.axes is None:
                        artist.draw(renderer)
            return
        screen = self._screen_key()
        if self._screen != screen:              # resized or another dpi: the others are stale
            self._backgrounds.clear()
            self._screen = screen
        self._backgrounds[self._background_key_of()] = canvas.copy_from_bbox(self.fig.bbox)
        self._draw_animated()

    def _screen_key(self):
        """What the cached background depends on: the figure's size in pixels and its dpi."""
        return (tuple(self.fig.bbox.size), self.fig.dpi)

    def _draw_animated(self) -> None:
        for artist in self.animated:
            self.fig.draw_artist(artist)

    def _blit(self) -> None:
        canvas = self.fig.canvas
        key = self._background_key_of()
        if not self.has_background(key):
            canvas.draw()  # full draw (first frame, a new key, after a resize or dpi change)
            return
        canvas.restore_region(self._backgrounds[key])
        self._draw_animated()
        canvas.blit(self.fig.bbox)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        if not self._backgrounds:
            self.fig.canvas.draw()
        with io.BytesIO() as buffer:
            matplotlib.image.imsave(buffer, self.fig.canvas.buffer_rgba(), format="png")
            return buffer.getvalue()

    # -- display --------------------------------------------------------------------------
    def _values_text(self) -> str:
        """Every control's label and value: ``"learning rate = 0.1, steps = 20"``."""
        return ", ".join(f"{c.description} = {c.value:.4g}" if isinstance(c.value, float)
                         else f"{c.description} = {c.value}" for c in self.controls.values())

    def __repr__(self) -> str:
        return f"Explorer({self.title + ': ' if self.title else ''}{self._values_text()})"

    def text_alternative(self) -> str:
        """The figure in words, for a picture's ``alt`` text: the title, every control's value
        and the readout (the numbers to notice), without HTML."""
        readout = _plain_text(self.readout.value)
        parts = [f"Figure: {self.title}" if self.title else "Figure", self._values_text()]
        return ". ".join(p.rstrip(".") for p in parts + ([readout] if readout else [])) + "."

    def _repr_mimebundle_(self, **kwargs):
        # The live widget for JupyterLab and Voila; a static picture of the figure for anything
        # that cannot run it (exported HTML pages, GitHub's notebook viewer).
        bundle = self.widget._repr_mimebundle_(**kwargs)
        image = base64.b64encode(self.png()).decode("ascii")
        width = int(self.fig.bbox.width)
        bundle["text/html"] = (f'<img src="data:image/png;base64,{image}" width="{width}" '
                               f'alt="{html.escape(self.text_alternative())}"/>')
        bundle["text/plain"] = repr(self)
        return bundle


def _measuring(renderer) -> bool:
    """Whether ``renderer`` only measures (``fig.draw_without_rendering``, the first pass of a
    tight ``savefig``): matplotlib's ``_draw_disabled`` switches its draw methods off by setting
    them on the instance."""
    return "draw_path" in vars(renderer)


def _plain_text(markup: str) -> str:
    """HTML as plain text: tags dropped (a line break becomes "; "), entities decoded."""
    text = re.sub(r"<br\s*/?>", "; ", markup or "", flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text).strip(" ;")
