"""The explorer machinery: in-place updates, blitting, reset, errors shown, static fallback."""

import base64
import hashlib
import importlib
import inspect
import io
import subprocess
import sys
import textwrap
import warnings
import zlib
from pathlib import Path

import numpy as np
import PIL.Image
import pytest
from matplotlib.figure import Figure

from mathlib import explore


def make(update=None, **controls):
    fig, ax = explore.figure()
    ax.set_xlim(0, 1)
    ax.set_ylim(-1, 2)
    line, = ax.plot([0, 1], [0, 0])

    def default_update(a):
        line.set_ydata([0, a])
        return f"a = {a:.2f}"

    controls = controls or {"a": explore.slider("a", 0.0, 1.0, 0.5)}
    return explore.Explorer(fig, controls, update or default_update, animated=[line],
                            title="test"), line


def test_update_changes_artists_in_place_and_readout():
    ex, line = make()
    assert ex.readout.value == "a = 0.50"
    ex.controls["a"].value = 0.8
    np.testing.assert_allclose(line.get_ydata(), [0, 0.8])
    assert ex.readout.value == "a = 0.80"
    assert list(ex.fig.axes[0].lines) == [line]  # nothing re-created


def test_slider_moves_blit_instead_of_redrawing_the_figure():
    ex, _ = make()
    full_draws = []
    ex.fig.canvas.mpl_connect("draw_event", full_draws.append)
    before = bytes(ex.fig.canvas.buffer_rgba())
    for value in np.linspace(0, 1, 5):
        ex.controls["a"].value = value
    assert full_draws == []
    assert bytes(ex.fig.canvas.buffer_rgba()) != before  # the pixels did change


def test_full_redraw_recaches_background_and_keeps_moving_artists():
    ex, line = make()
    ex.fig.canvas.draw()  # e.g. after a zoom or resize
    ex.controls["a"].value = 1.0
    png = ex.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_reset_and_set():
    ex, line = make(a=explore.slider("a", 0, 1, 0.5), b=explore.slider("b", 0, 1, 0.1),
                    update=lambda a, b: None)
    calls = []
    ex._update = lambda a, b: calls.append((a, b))
    ex.set(a=0.9, b=0.9)
    assert calls == [(0.9, 0.9)]  # one update for both
    ex.reset()
    assert ex.values == {"a": 0.5, "b": 0.1}
    with pytest.raises(ValueError, match=r"no control named \['c'\]"):
        ex.set(c=1)


def test_the_explorer_s_widgets_title_controls_reset_figure_readout():
    ex, _ = make(a=explore.slider("a", 0, 1, 0.5), b=explore.slider("b", 0, 1, 0.1),
                 update=lambda a, b: "<i>numbers</i>")
    header, row, canvas, readout, status = ex.widget.children[:5]
    assert header.value == "<b>test</b>" and canvas is ex.fig.canvas
    controls, reset = row.children
    assert list(controls.children) == list(ex.controls.values())
    assert (row.layout.align_items, row.layout.flex_flow) == ("flex-end", "row wrap")
    assert (reset.description, reset.icon) == ("Reset", "undo")
    assert reset.tooltip == "Put every slider back to its starting value"
    assert readout is ex.readout and status is ex.status and readout.layout.min_height == "1.6em"
    assert "mathlib-readout" in readout._dom_classes and "mathlib-status" in status._dom_classes
    assert "mathlib-explorer" in ex.widget._dom_classes
    ex.set(a=0.9, b=0.8)
    reset.click()
    assert ex.values == {"a": 0.5, "b": 0.1}
    escaped = explore.Explorer(explore.figure()[0], {"a": explore.slider("a", 0, 1, 0)},
                               lambda a: None, animated=[], title="a < b")
    assert escaped.widget.children[0].value == "<b>a &lt; b</b>"


def test_an_explorer_without_a_title_starts_with_its_controls():
    fig, ax = explore.figure()
    ex = explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0.5)}, lambda a: None, animated=[])
    assert ex.title == "" and ex.last_error is None
    assert isinstance(ex.widget.children[0], explore.widgets.HBox)
    assert repr(ex) == "Explorer(a = 0.5)"
    assert ex.text_alternative() == "Figure. a = 0.5."


def test_moving_artists_are_animated_and_drawn_in_zorder():
    fig, ax = explore.figure()
    top, = ax.plot([0, 1], [0, 1], zorder=5)
    bottom, = ax.plot([0, 1], [1, 0], zorder=1)
    ex = explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0.5)}, lambda a: None,
                          animated=[top, bottom])
    assert ex.animated == [bottom, top] and top.get_animated() and bottom.get_animated()
    assert ex.has_background(None)              # no background_key: one background, key None


def test_only_a_control_s_value_updates_the_figure():
    calls = []
    ex, _ = make(update=lambda a: calls.append(a))
    calls.clear()
    ex.controls["a"].description = "another label"
    assert calls == []
    ex.controls["a"].value = 0.25
    assert calls == [0.25]


def test_an_update_that_fails_is_shown_and_raised():
    def update(a):
        if a > 0.9:
            raise ValueError("too far")
    ex, _ = make(update=update)
    with pytest.raises(ValueError, match="too far"):
        ex.controls["a"].value = 1.0
    assert ex.status.value == ("<span style='color:#A63D00'>This figure could not update: "
                               "ValueError: too far</span>")
    assert isinstance(ex.last_error, ValueError)
    ex.controls["a"].value = 0.2
    assert ex.status.value == ""


def test_png_is_a_png_whatever_format_savefig_defaults_to():
    import matplotlib

    ex, _ = make()
    with matplotlib.rc_context({"savefig.format": "svg"}):
        png = ex.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    decoded = np.asarray(PIL.Image.open(io.BytesIO(png)))
    assert np.array_equal(decoded, np.asarray(ex.fig.canvas.buffer_rgba()))


def test_static_fallback_in_the_mime_bundle():
    ex, _ = make()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    image = bundle["text/html"].split("base64,")[1].split('"')[0]
    assert base64.b64decode(image)[:4] == b"\x89PNG"
    # the alt text describes the figure: its title, the values and the readout, in words
    assert 'alt="Figure: test. a = 0.5. a = 0.50."' in bundle["text/html"]
    assert bundle["text/plain"] == "Explorer(test: a = 0.5)"
    assert f'width="{int(ex.fig.bbox.width)}"' in bundle["text/html"]


def test_repr_and_text_alternative_give_every_value_and_the_readout_in_words():
    ex, _ = make(a=explore.slider("a", 0, 1, 0.123456),
                 opt=explore.choice("optimiser", ["SGD", "Adam"], "Adam"),
                 update=lambda a, opt: "<BR/>\n <b>x</b>  &amp;   y<BR>z.<br>")
    assert repr(ex) == "Explorer(test: a = 0.1235, optimiser = Adam)"
    assert ex.text_alternative() == "Figure: test. a = 0.1235, optimiser = Adam. x & y; z."
    fig, _ = explore.figure()
    matrix = explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0.5)}, lambda a: "det = 2.",
                              animated=[], title="the matrix X")
    assert matrix.text_alternative() == "Figure: the matrix X. a = 0.5. det = 2."


def test_explorer_refuses_a_plain_figure_and_no_controls():
    with pytest.raises(TypeError, match=r"^Explorer: the figure's canvas is not a live widget; "
                       r"make the figure with mathlib\.explore\.figure\(\)$"):
        explore.Explorer(Figure(), {"a": explore.slider("a", 0, 1, 0)}, lambda a: None,
                         animated=[])
    fig, _ = explore.figure()
    with pytest.raises(ValueError, match=r"^Explorer: give at least one control \(a slider, a "
                       r"choice, \.\.\.\)$"):
        explore.Explorer(fig, {}, lambda: None, animated=[])


def test_slider_helpers():
    s = explore.slider("learning rate", 0, 1, 0.3)
    assert (s.min, s.max, s.value, s.step) == (0, 1, 0.3, 0.01)
    assert explore.slider("n", 1, 10, 3, integer=True).value == 3
    log = explore.log_slider("learning rate η", 1e-4, 1.0, 1e-2)
    assert log.value == pytest.approx(1e-2) and (log.min, log.max) == (-4, 0)
    c = explore.choice("optimiser", ["SGD", "Adam"], "Adam")
    assert c.value == "Adam"
    with pytest.raises(ValueError, match=r"value 5 is outside \[0, 1\]"):
        explore.slider("a", 0, 1, 5)
    with pytest.raises(ValueError, match=r"min \(1\) must be less than max \(0\)"):
        explore.slider("a", 1, 0, 0.5)
    with pytest.raises(ValueError, match="need 0 < min < max"):
        explore.log_slider("a", 0, 1, 0.5)


def test_sliders_say_what_they_are_and_move_continuously():
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # no argument the widgets do not know
        s = explore.slider("x", -2, 3, 0.5)
        fine = explore.slider("x", -2, 3, 0.5, step=0.25, fmt=".3f")
        n = explore.slider("n", 1, 10, 3, integer=True)
        even = explore.slider("n", 0, 10, 4, step=2, integer=True)
        log = explore.log_slider("learning rate", 1e-4, 1.0, 1e-2)
        log_fine = explore.log_slider("learning rate", 1e-4, 1.0, 1e-2, steps=400)
        c = explore.choice("optimiser", ["SGD", "Adam"])
        fig, axes = explore.figure(2, 3, size=(6.0, 4.0))
        _, (wide, narrow) = explore.figure(1, 2, gridspec_kw={"width_ratios": [3, 1]})
    assert (s.description, s.min, s.max, s.value) == ("x", -2, 3, 0.5)
    assert s.step == pytest.approx(0.05) and s.readout_format == ".2f"   # 1/100 of the range
    assert (fine.step, fine.readout_format) == (0.25, ".3f")
    assert (n.step, even.step, n.description) == (1, 2, "n")
    assert (log.description, log.base, log.readout_format) == ("learning rate", 10, ".3g")
    assert (log.step, log_fine.step) == (pytest.approx(0.04), pytest.approx(0.01))
    for w in (s, fine, n, even, log):
        assert w.continuous_update is True                # the figure follows the drag
        assert w.style.description_width == "150px" and w.layout.width == "520px"
    assert c.description == "optimiser" and c.style.description_width == "150px"
    assert c.value == "SGD"
    assert tuple(fig.get_size_inches()) == (6.0, 4.0) and axes.shape == (2, 3)
    assert wide.get_position().width > 2.5 * narrow.get_position().width
    canvas = fig.canvas
    assert not (canvas.header_visible or canvas.footer_visible or canvas.resizable)


def test_sliders_take_their_ends_and_refuse_an_empty_range():
    assert explore.slider("a", 0, 1, 1).value == 1 and explore.slider("a", 0, 1, 0).value == 0
    assert explore.log_slider("a", 1e-3, 1, 1e-3).value == pytest.approx(1e-3)
    assert explore.log_slider("a", 1e-3, 1, 1).value == pytest.approx(1)
    with pytest.raises(ValueError, match=r"^slider 'a': min \(1\) must be less than max \(1\)$"):
        explore.slider("a", 1, 1, 1)
    with pytest.raises(ValueError, match=r"^log_slider 'a': need 0 < min < max, got min=1, "):
        explore.log_slider("a", 1, 1, 1)
    with pytest.raises(ValueError, match=r"^log_slider 'a': value 5 is outside \[0.001, 1\]$"):
        explore.log_slider("a", 1e-3, 1, 5)


def test_import_mathlib_needs_only_numpy():
    code = ("import sys, mathlib; heavy = {'matplotlib', 'scipy', 'ipywidgets', 'ipympl'};"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_first_frame_is_a_valid_data_url():
    """A browser shows _data_url first: it must be a data: URL, or the canvas stays empty."""
    ex, _ = make()
    assert ex.fig.canvas._data_url.startswith("data:image/png;base64,iVBORw0K")


@pytest.mark.parametrize("syncing", [True, False], ids=["before a browser", "with a browser"])
def test_every_frame_on_the_wire_is_a_png(syncing):
    """What the front end gets: a PNG per frame, before a browser connects too (ipympl 0.10 then
    sent the raw pixels, which the browser shows as a broken image and an empty canvas)."""
    ex, _ = make()
    canvas = ex.fig.canvas
    canvas.syncing_data_url = syncing
    messages = []
    canvas.send = lambda content, buffers=None: messages.append((content, buffers))
    canvas.draw()
    ex.controls["a"].value = 0.9
    frames = [buffers[0] for content, buffers in messages if buffers]
    assert len(frames) == 2
    for frame in frames:
        assert bytes(frame[:8]) == b"\x89PNG\r\n\x1a\n"
        PIL.Image.open(io.BytesIO(bytes(frame))).load()
    assert canvas.syncing_data_url == syncing
    if syncing:
        assert canvas._data_url.startswith("data:image/png;base64,iVBORw0K")


def test_a_slider_move_sends_only_the_changed_pixels():
    ex, line = make()
    canvas = ex.fig.canvas
    shown = np.asarray(canvas.buffer_rgba()).copy()       # what the browser shows now
    sent = []
    canvas.send_binary = sent.append
    ex.controls["a"].value = 0.9
    assert canvas._current_image_mode == "diff"
    assert len(sent) == 1 and sent[0][:4] == b"\x89PNG"
    frame = np.asarray(PIL.Image.open(io.BytesIO(sent[0])).convert("RGBA"))
    now = np.asarray(canvas.buffer_rgba())
    # smaller than the figure: from the top-left corner to the far corner of what changed
    changed = (now != shown).any(axis=2)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    assert frame.shape == (rows[-1] + 1, cols[-1] + 1, 4)
    assert frame.shape[0] * frame.shape[1] < 0.8 * now.shape[0] * now.shape[1]
    # drawn over what the browser shows, as ipympl's front end does, it gives the new figure
    assert np.array_equal(browser_draws(shown, frame), now)


def browser_draws(shown, frame, at=(0, 0)):
    """What the front end shows after a diff frame: drawImage(frame, x, y) over ``shown``
    (source-over; our frames' pixels are either opaque or fully transparent)."""
    out = shown.copy()
    x, y = at
    region = out[y:y + frame.shape[0], x:x + frame.shape[1]]
    opaque = frame[..., 3] == 255
    assert np.all(opaque | (frame[..., 3] == 0))
    region[opaque] = frame[opaque]
    return out


def unpack(frame):
    """A packed frame (mathlib/_frames.py) as the page reads it: its place and its pixels."""
    from mathlib._frames import PACKED_MAGIC

    assert frame[:4] == PACKED_MAGIC
    x, y, width, height = np.frombuffer(frame[4:20], "<u4")
    pixels = np.frombuffer(zlib.decompress(frame[20:]), np.uint8)
    assert pixels.size == 4 * width * height
    return pixels.reshape(height, width, 4), (int(x), int(y))


def replay(shown, frame):
    """``shown`` after the front end has drawn ``frame``, a diff PNG or a packed frame."""
    if frame[:4] == b"\x89PNG":
        return browser_draws(shown, np.asarray(PIL.Image.open(io.BytesIO(frame))
                                               .convert("RGBA")))
    return browser_draws(shown, *unpack(frame))


def test_once_the_page_unpacks_a_move_sends_only_the_changed_box_packed():
    ex, line = make()
    canvas = ex.fig.canvas
    assert canvas.packed_frames is False            # until a page says it unpacks them
    ex.frames.unpacks = True                          # what the page sets (mathlib/_frames.py)
    assert canvas.packed_frames is True
    shown = np.asarray(canvas.buffer_rgba()).copy()
    sent = []
    canvas.send_binary = sent.append
    ex.controls["a"].value = 0.9
    assert canvas._current_image_mode == "diff" and len(sent) == 1
    pixels, (x, y) = unpack(sent[0])
    now = np.asarray(canvas.buffer_rgba())
    changed = (now != shown).any(axis=2)
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    assert (x, y) == (cols[0], rows[0]) and (x, y) != (0, 0)
    assert pixels.shape == (rows[-1] + 1 - rows[0], cols[-1] + 1 - cols[0], 4)
    assert np.array_equal(browser_draws(shown, pixels, (x, y)), now)
    same = ~changed[y:y + pixels.shape[0], x:x + pixels.shape[1]]
    assert same.any() and not pixels[same].any()      # zeros where nothing changed: smaller
    ex.set(a=0.9)                                     # nothing changes: an empty box
    assert unpack(sent[-1])[0].shape == (0, 0, 4)
    ex.frames.unpacks = False                         # a page that does not: PNG again
    ex.controls["a"].value = 0.1
    assert sent[-1][:4] == b"\x89PNG"


@pytest.mark.parametrize("packed", [False, True], ids=["PNG", "packed"])
def test_frames_replayed_in_a_browser_give_the_figure_after_every_move(packed):
    """Many moves, a full redraw and a move that changes nothing: each frame, drawn as the front
    end draws it, leaves exactly the kernel's picture; a move that changes nothing still sends
    a frame (the browser waits for one after every draw it asks for)."""
    fig, ax = explore.figure()
    ax.set_ylim(-1, 2)
    line, = ax.plot([0, 1], [0, 0], "o-")
    ex = explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0.5),
                                "b": explore.slider("b", 0, 1, 0.5)},
                          lambda a, b: line.set_ydata([b, a]), animated=[line])
    canvas = ex.fig.canvas
    ex.frames.unpacks = packed
    sent = []
    canvas.send_binary = sent.append
    shown = np.asarray(canvas.buffer_rgba()).copy()
    for step, (a, b) in enumerate([(0.9, 0.5), (0.1, 0.2), (0.1, 0.2), (1.0, 0.0), (0.3, 0.7)]):
        if step == 3:
            ex.fig.axes[0].set_facecolor("0.95")   # the background itself changes
            canvas.draw()
        ex.set(a=a, b=b)
        for frame in sent:
            assert canvas._current_image_mode == "diff"
            assert (frame[:4] == b"MLF1") == packed
            shown = replay(shown, frame)
        assert len(sent) >= 1, step
        sent.clear()
        assert np.array_equal(shown, np.asarray(canvas.buffer_rgba())), step


def test_a_transparent_or_resized_frame_is_sent_in_full():
    ex, line = make()
    canvas = ex.fig.canvas
    sent = []
    canvas.send_binary = sent.append
    ex.fig.patch.set_alpha(0.0)                      # the figure's background transparent
    canvas.draw()
    assert canvas._current_image_mode == "full"
    size = ex.fig.bbox.size
    assert PIL.Image.open(io.BytesIO(sent[-1])).size == (int(size[0]), int(size[1]))
    ex.fig.patch.set_alpha(1.0)
    ex.fig.set_size_inches(5, 3)
    ex.set(a=0.2)
    assert canvas._current_image_mode == "full"


def test_our_png_encoder_round_trips():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rows = np.zeros((7, 1 + 4 * 5), np.uint8)
    rows[:, 1:] = pixels.reshape(7, -1)
    decoded = np.asarray(PIL.Image.open(io.BytesIO(explore._png(rows))))
    assert decoded.shape == (7, 5, 4) and np.array_equal(decoded, pixels)


def test_our_png_is_well_formed_chunk_by_chunk():
    """Signature, IHDR (width, height, 8 bits, RGBA, deflate, no filter, no interlace), IDAT at
    the measured zlib level, an empty IEND, each chunk's length and CRC (big-endian)."""
    rows = np.zeros((3, 1 + 4 * 2), np.uint8)
    rows[:, 1:] = np.arange(24, dtype=np.uint8).reshape(3, 8)
    png = explore._png(rows)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at:at + 4], "big")
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        crc = int.from_bytes(png[at + 8 + length:at + 12 + length], "big")
        assert crc == zlib.crc32(kind + data)
        chunks.append((kind, data))
        at += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert chunks[0][1] == (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    assert chunks[1][1] == zlib.compress(rows.tobytes(), 1) and chunks[2][1] == b""
    packed = explore._packed(4, 5, np.ones((2, 3), np.uint32))
    assert packed[20:] == zlib.compress(np.ones((2, 3), np.uint32).tobytes(), 1)


# -- the guard on the upstream code _Canvas adapts -------------------------------------------------
def _upstream(dotted):
    """The object named ``dotted`` (module path, then attributes)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def _source_hash(obj):
    return hashlib.sha256(textwrap.dedent(inspect.getsource(obj)).encode()).hexdigest()[:16]


@pytest.mark.parametrize("dotted", sorted(explore.UPSTREAM))
def test_the_upstream_code_canvas_adapts_has_not_changed(dotted):
    """An upgrade (make lock UPGRADE=1) that changes what mathlib.explore._Canvas relies on fails
    here, saying what to re-check, instead of breaking every explorer silently."""
    import ipympl
    import matplotlib

    expected, relies_on = explore.UPSTREAM[dotted]
    try:
        actual = _source_hash(_upstream(dotted))
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        actual = f"missing ({type(exc).__name__}: {exc})"
    assert actual == expected, (
        f"{dotted} changed (matplotlib {matplotlib.__version__}, ipympl {ipympl.__version__}): "
        f"mathlib.explore._Canvas relies on it: {relies_on}. Re-check _Canvas (get_diff_image, "
        f"send_binary, print_figure) against the new source, run tests/test_explore.py and one "
        f"notebook in a browser, then set its hash in mathlib/explore.py's UPSTREAM to {actual!r}.")


def _ipympl_front_end() -> tuple[Path, list[str]]:
    """ipympl's labextension folder and the text of its JavaScript files."""
    folder = Path(sys.prefix, "share", "jupyter", "labextensions", "jupyter-matplotlib")
    sources = [p.read_text(errors="replace") for p in folder.rglob("*.js")]
    assert sources, f"ipympl's front end not found in {folder}: is ipympl installed in this env?"
    return folder, sources


def test_ipympls_front_end_still_draws_frames_as_frame_helper_and_get_diff_image_expect():
    """Our PNG frames are smaller than the figure (top-left corner to the changed region's far
    corner): right only while ipympl's JavaScript draws them with drawImage(image, 0, 0) and
    clears the canvas for full frames only. mathlib/_frames.py draws frames itself, the same
    way, only while ipympl's handle_binary and image load handler still read as it expects (the
    browser tests check that every explorer's FrameHelper says "packed")."""
    from mathlib import _frames

    folder, sources = _ipympl_front_end()
    for part in (_frames.UPSTREAM_DRAW, _frames.UPSTREAM_DATA_URL, _frames.UPSTREAM_DONE):
        assert any(part in text for text in sources), (
            f"ipympl's front end ({folder}) no longer contains {part!r}: check how its "
            "handle_binary and image.onload (mpl_widget.ts, _init_image) treat a frame now. "
            "If a diff PNG is still drawn at (0, 0) at its own size, the data URL made on every "
            "frame and the next frame asked for once one came, update the constant in "
            "mathlib/_frames.py and check _frames._ESM; if not, make _Canvas.get_diff_image "
            "send full-size frames again and FrameHelper follow the new front end.")
        assert part in _frames.FrameHelper()._esm


@pytest.mark.parametrize("save", [{}, {"dpi": 50}, {"dpi": 200}, {"format": "svg"},
                                  {"bbox_inches": "tight"}])
def test_savefig_mid_way_leaves_the_next_frame_equal_to_a_fresh_render(save):
    import io

    ex, line = make()
    fresh, _ = make()
    for e in (ex, fresh):
        e.fig.set_layout_engine("constrained")
        e.fig.axes[0].set_title("a title the layout makes room for")
        e.fig.canvas.draw()
    ex.set(a=1.0)
    fresh.set(a=1.0)
    ex.fig.savefig(io.BytesIO(), **save)
    ex.set(a=0.0)
    fresh.set(a=0.0)
    after = np.asarray(ex.fig.canvas.buffer_rgba())
    assert np.array_equal(after, np.asarray(fresh.fig.canvas.buffer_rgba()))


def test_a_saved_file_shows_the_moving_artists():
    import io

    ex, line = make()
    line.set_color("red")
    ex.set(a=1.0)
    buffer = io.BytesIO()
    ex.fig.savefig(buffer, format="png", dpi=50)
    import matplotlib.image
    buffer.seek(0)
    pixels = matplotlib.image.imread(buffer)
    assert ((pixels[..., 0] > 0.9) & (pixels[..., 1] < 0.2)).any()     # the red line is there


def test_a_saved_file_is_the_screen_pixel_for_pixel():
    """matplotlib draws an Axes' moving artists itself when it saves; the explorer adds those on
    the figure (``fig.text``), and draws none twice (a line with alpha would darken)."""
    import matplotlib.image

    fig, ax = explore.figure(size=(4, 3))
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    line, = ax.plot([1, 3], [1, 2], linewidth=3, color="tab:red", alpha=0.6)
    label = fig.text(0.5, 0.95, "", ha="center", color="tab:blue")

    def update(a):
        line.set_ydata([1, a])
        label.set_text(f"a = {a:.2f}")
    ex = explore.Explorer(fig, {"a": explore.slider("a", 0, 4, 2)}, update,
                          animated=[line, label])
    ex.set(a=3.0)
    screen = np.asarray(fig.canvas.buffer_rgba()).copy()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    buffer.seek(0)
    saved = (matplotlib.image.imread(buffer) * 255).round().astype(np.uint8)
    assert saved.shape == screen.shape and np.array_equal(saved, screen)


def test_a_resize_or_dpi_change_redraws_in_full_before_blitting():
    ex, line = make()
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    ex.fig.set_dpi(50)
    ex.set(a=0.3)
    assert len(draws) == 1
    ex.fig.set_dpi(100)
    ex.fig.set_size_inches(5, 3)
    ex.set(a=0.6)
    assert len(draws) == 2
    ex.set(a=0.7)
    assert len(draws) == 2


def test_the_picture_checks_find_overlaps_cuts_and_unseen_markers():
    """The sweep's checks (tests/kernel_code.py) on a figure that has each fault."""
    from tools.kernel_code import picture_problems

    fig, ax = explore.figure()
    fig.set_layout_engine("none")         # (the course style's layout would make room for it)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("a title")
    marker, = ax.plot([0.5], [0.5], "o", label="the marker")
    ax.text(0.5, 1.0, "over the title", ha="center", va="bottom")
    ax.text(1.05, 0.5, "a long text that runs off the figure's right edge", ha="left")
    ax.legend(loc="center")

    def update(x):
        marker.set_data([x], [0.5])

    ex = explore.Explorer(fig, {"x": explore.slider("x", 0.0, 2.0, 0.5)}, update,
                          animated=[marker])
    problems = picture_problems(ex)
    assert any("title 'a title' overlaps" in p and "over the title" in p for p in problems)
    assert any("cut by the figure edge" in p for p in problems)
    assert any("legend of axes 0 covers 1 points of Line2D 'the marker'" in p for p in problems)
    ex.set(x=2.0)
    assert any("'the marker' in axes 0: 1 of 1 points outside the axes" in p
               for p in picture_problems(ex))


# -- the public hooks explorers use instead of Explorer's internals ------------------------------
def make_keyed():
    """An explorer whose static background (the y-limit) depends on its control ``top``."""
    fig, ax = explore.figure()
    ax.set_xlim(0, 1)
    line, = ax.plot([0, 1], [0, 0])

    def update(top):
        ax.set_ylim(0, top)
        line.set_ydata([0, top / 2])

    ex = explore.Explorer(fig, {"top": explore.choice("top", [1, 2, 5], 1)}, update,
                          animated=[line], background_key=lambda: ax.get_ylim()[1])
    return ex, ax


def test_a_background_per_key_is_drawn_once_and_then_blitted():
    ex, ax = make_keyed()
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    for top in (2, 5, 1, 2, 5, 1):
        ex.set(top=top)
    assert len(draws) == 2                      # 2 and 5 once each; 1 was drawn at build time
    assert ex.has_background(2.0) and ex.has_background() and not ex.has_background(3.0)
    blitted = np.asarray(ex.fig.canvas.buffer_rgba()).copy()
    ex.fig.canvas.draw()
    assert np.array_equal(blitted, np.asarray(ex.fig.canvas.buffer_rgba()))
    ex.fig.set_size_inches(5, 3)                # resized: every kept background is stale
    assert not ex.has_background(1.0)
    ex.set(top=2)
    assert ex.has_background(2.0) and not ex.has_background(5.0)


def test_prerender_keeps_backgrounds_without_sending_a_frame():
    ex, ax = make_keyed()
    canvas = ex.fig.canvas
    sent, first_image = [], canvas._data_url
    canvas.send_binary = sent.append
    ex.prerender(lambda top: ax.set_ylim(0, top), [2, 5])
    assert sent == [] and canvas._data_url == first_image
    assert ex.has_background(2.0) and ex.has_background(5.0)
    draws = []
    canvas.mpl_connect("draw_event", draws.append)
    ex.refresh()                                # back to the controls' state, sent
    ex.set(top=5)
    assert draws == [] and len(sent) == 2 and canvas._current_image_mode == "diff"


def test_connect_draw_event_sees_screen_draws_only():
    import io

    ex, _ = make()
    seen = []
    ex.connect("draw_event", lambda event: seen.append(ex.has_background()))
    ex.fig.canvas.draw()
    assert seen == [True]                       # after the background is kept
    ex.fig.savefig(io.BytesIO(), dpi=50)
    ex.fig.savefig(io.BytesIO(), format="svg")
    assert seen == [True]


def test_connect_mouse_events_not_while_zooming():
    from matplotlib.backend_bases import MouseEvent

    ex, _ = make()
    clicks = []
    cid = ex.connect("button_press_event", clicks.append)
    canvas = ex.fig.canvas

    def click():
        canvas.callbacks.process("button_press_event",
                                 MouseEvent("button_press_event", canvas, 100, 100, button=1))
    click()
    canvas.toolbar.zoom()
    click()
    canvas.toolbar.zoom()
    click()
    assert len(clicks) == 2
    canvas.mpl_disconnect(cid)
    click()
    assert len(clicks) == 2


def test_connect_passes_the_event_on_for_every_kind_of_event():
    from matplotlib.backend_bases import KeyEvent, MouseEvent

    ex, _ = make()
    canvas = ex.fig.canvas
    seen = []
    for name in ("draw_event", "button_press_event", "motion_notify_event", "scroll_event",
                 "key_press_event"):
        ex.connect(name, lambda event: seen.append(event.name))
    canvas.draw()
    for name in ("button_press_event", "motion_notify_event", "scroll_event"):
        canvas.callbacks.process(name, MouseEvent(name, canvas, 100, 100, button=1))
    canvas.callbacks.process("key_press_event", KeyEvent("key_press_event", canvas, "a"))
    assert seen == ["draw_event", "button_press_event", "motion_notify_event", "scroll_event",
                    "key_press_event"]
    canvas.toolbar.pan()
    for name in ("button_press_event", "motion_notify_event", "scroll_event"):
        canvas.callbacks.process(name, MouseEvent(name, canvas, 100, 100, button=1))
    assert len(seen) == 5                         # not while the toolbar pans
    canvas.toolbar = None                          # a canvas without a toolbar: always
    canvas.callbacks.process("scroll_event", MouseEvent("scroll_event", canvas, 100, 100))
    assert seen[5:] == ["scroll_event"]


def test_a_measuring_pass_is_not_a_screen_draw():
    from matplotlib.backends.backend_agg import RendererAgg

    ex, _ = make()
    seen = []
    ex.connect("draw_event", lambda event: seen.append(event))
    ex.fig.draw_without_rendering()               # a pass that only measures
    ex.fig.draw(RendererAgg(300, 200, 72))       # a draw into another picture than the screen
    assert seen == []
    fresh, _ = make()
    for e in (ex, fresh):                          # and it left no stale background behind
        e.set(a=0.0)
    assert np.array_equal(np.asarray(ex.fig.canvas.buffer_rgba()),
                          np.asarray(fresh.fig.canvas.buffer_rgba()))


def test_background_key_must_be_callable():
    fig, _ = explore.figure()
    with pytest.raises(TypeError, match="^Explorer: background_key must be a function of no "
                       "arguments returning a key, got int$"):
        explore.Explorer(fig, {"a": explore.slider("a", 0, 1, 0)}, lambda a: None, animated=[],
                         background_key=3)


def test_the_frame_leaves_before_the_readout():
    """The browser handles the kernel's messages in order: the picture first, then the words."""
    ex, _ = make()
    order = []
    ex.fig.canvas.send_binary = lambda data: order.append("frame")
    ex.readout.observe(lambda change: order.append("readout"), names="value")
    ex.controls["a"].value = 0.7
    assert order == ["frame", "readout"]


def test_every_explorer_carries_a_frame_helper_for_its_own_canvas():
    from mathlib._frames import FrameHelper

    ex, _ = make()
    helpers = [w for w in ex.widget.children if isinstance(w, FrameHelper)]
    assert helpers == [ex.frames] and ex.frames.canvas is ex.fig.canvas
    state = ex.frames.get_state()
    assert state["canvas"] == f"IPY_MODEL_{ex.fig.canvas.model_id}"
    assert state["quiet_ms"] > 0
