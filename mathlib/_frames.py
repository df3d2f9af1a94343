"""Frames that reach the screen sooner: ipympl's front end, with two of its delays removed.

For every frame it receives, ipympl 0.10's front end (``handle_binary`` of its canvas model)

- re-encodes the whole figure as a PNG ``data:`` URL (``offscreen_canvas.toDataURL()``), on the
  page's main thread, before the new frame is even drawn: 5-15 ms of each slider move on a 2-core
  machine, for a URL that is read only when a new view of the figure is made or the widgets'
  state is saved (and that holds the frame before, since the new one is not drawn yet);
- decodes the frame, a PNG, by loading it into an ``<img>`` from a blob URL: the image is drawn
  in a later task, after the page has rendered the readout and the kernel's busy and idle
  indicators once more, 20-35 ms after it arrived.

:class:`FrameHelper`, an invisible widget (anywidget, like :mod:`mathlib._a11y`) that an
:class:`~mathlib.explore.Explorer` puts in its box, replaces that method of its canvas's model
when the page is loaded. The data URL is made once frames pause instead (``quiet_ms`` after the
last one), asynchronously (``canvas.toBlob``: the browser encodes in its idle time), from the
frame that is shown. And a *packed* frame (:data:`PACKED_MAGIC`, made by the kernel's canvas in
:mod:`mathlib.explore` once the page has said it unpacks them: ``unpacks``) is inflated with the
browser's ``DecompressionStream`` and drawn at its place before the page renders again: zlib, not
PNG, so that no image decoder and no task stands between the frame and the screen. Frames
stay in order: a PNG frame (the first, a new size) is decoded with ``createImageBitmap`` and
every frame is drawn in the order it came.

It is the front-end half of :mod:`mathlib.explore`'s one guarded place: it changes ipympl's
method only if the method's source still contains :data:`UPSTREAM_DATA_URL` and
:data:`UPSTREAM_DONE` and the image's load handler :data:`UPSTREAM_DRAW` (otherwise the frames go
as before, the page says it does not unpack, and the helper's element says
``data-frames="upstream"``); the unit tests check the installed ipympl for them, and the browser
tests that every explorer says ``packed`` and that a URL it made is a PNG (``data-url="made"``).
See docs/upstream-ipympl-matplotlib.md, problems 3 and 5.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["FrameHelper", "PACKED_MAGIC", "UPSTREAM_DATA_URL", "UPSTREAM_DONE", "UPSTREAM_DRAW"]

# What ipympl's handle_binary does on every frame (its labextension's minified JavaScript): the
# data URL, and the flag that lets the page ask for the next frame.
UPSTREAM_DATA_URL = 'this.set("_data_url",this.offscreen_canvas.toDataURL())'
UPSTREAM_DONE = "this.waiting_for_image=!1"
# How its image's load handler draws a frame: a full one over a cleared canvas, a diff one over
# what is shown; the views then copy the offscreen canvas (update_canvas).
UPSTREAM_DRAW = ('"full"===this.get("_image_mode")&&this.offscreen_context.clearRect(0,0,'
                 'this.offscreen_canvas.width,this.offscreen_canvas.height),'
                 'this.offscreen_context.drawImage(this.image,0,0),'
                 'this._for_each_view((t=>{t.update_canvas()}))')
# A packed frame: these 4 bytes, then x, y, width and height (uint32, little-endian) of the box it
# covers, then the box's RGBA rows, zlib-compressed; a pixel of four zero bytes is left as shown.
PACKED_MAGIC = b"MLF1"

_ESM = """
const UPSTREAM = ['UPSTREAM_DATA_URL', 'UPSTREAM_DONE'];
const UPSTREAM_DRAW = 'UPSTREAM_DRAW_JS';
const MAGIC = 'PACKED_MAGIC';
const PREFIX = 'IPY_MODEL_';
const FALLBACK_MS = 2000;
// canvas model -> its state, shown on each helper element of it for the browser tests:
// data-frames ("packed", "deferred" without DecompressionStream, or "upstream"), data-url
// ("pending" from a frame until its URL is made, then "made"), data-frames-in (frames received)
// and data-packed-in (packed ones among them); the element's mathlibFrameIn property is when the
// last frame came (performance.now(), for tools/browser/measure.py)
const STATES = new WeakMap();

function show(state) {
  for (const el of state.views) {
    el.dataset.frames = state.frames;
    if (state.url) el.dataset.url = state.url;
    el.dataset.framesIn = String(state.framesIn);
    el.dataset.packedIn = String(state.packedIn);
    el.mathlibFrameIn = state.frameIn;
  }
}

function isPacked(bytes) {
  if (bytes.length < 20) return false;
  for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

// The box's pixels, inflated: every step a microtask, so the frame is drawn in the task that
// received it, before the page renders again.
async function inflate(bytes, size) {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const pixels = new Uint8ClampedArray(size);
  const reader = stream.readable.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.length > size) throw new Error(`a packed frame holds more than ${size} bytes`);
    pixels.set(value, n);
    n += value.length;
  }
  if (n !== size) throw new Error(`a packed frame holds ${n} bytes, not ${size}`);
  return pixels;
}

// The canvas model's handle_binary, with its frames drawn sooner and its data: URL made once
// frames pause, asynchronously, from the frame shown (the URL is read only for a new view or a
// saved widget state).
function install(canvasModel, quietMs) {
  const state = { views: new Set(), frames: 'upstream', url: null, framesIn: 0, packedIn: 0,
                  frameIn: null, unpacks: false };
  const upstream = canvasModel.handle_binary;
  const source = String(upstream) + String(canvasModel._init_image);
  if (typeof upstream !== 'function' || !UPSTREAM.every((part) => source.includes(part)) ||
      !source.includes(UPSTREAM_DRAW) || typeof createImageBitmap !== 'function') return state;
  state.unpacks = typeof DecompressionStream === 'function';
  state.frames = state.unpacks ? 'packed' : 'deferred';
  let url = canvasModel.get('_data_url');
  let timer = null;
  let queue = Promise.resolve();
  const scratch = document.createElement('canvas');
  canvasModel.handle_binary = function (msg, buffers) {
    const data = buffers[0];
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    state.frameIn = performance.now();
    state.framesIn += 1;
    if (this.disabled) {                        // no kernel: ipympl's own way (it resizes)
      const canvas = this.offscreen_canvas;
      canvas.toDataURL = () => url;             // for this call only: no encoding now
      try {
        upstream.call(this, msg, buffers);
      } finally {
        delete canvas.toDataURL;
      }
    } else {
      this.waiting_for_image = false;
      const draw = isPacked(bytes) ? drawPacked(this, bytes) : drawPng(this, bytes);
      queue = queue.then(() => draw).then((paint) => {
        paint();
        this._for_each_view((view) => view.update_canvas());
      }).catch((err) => console.error('mathlib: a frame could not be drawn:', err));
    }
    state.url = 'pending';
    show(state);
    clearTimeout(timer);
    const frame = state.framesIn;
    timer = setTimeout(() => makeUrl(this, this.offscreen_canvas, frame), quietMs);
  };
  // Each returns (a promise of) what draws the frame, run in the order frames came.
  async function drawPng(model, bytes) {
    const full = model.get('_image_mode') === 'full';
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    return () => {
      const ctx = model.offscreen_context;
      if (full) ctx.clearRect(0, 0, model.offscreen_canvas.width, model.offscreen_canvas.height);
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
    };
  }
  async function drawPacked(model, bytes) {
    const head = new DataView(bytes.buffer, bytes.byteOffset, 20);
    const [x, y, width, height] = [4, 8, 12, 16].map((at) => head.getUint32(at, true));
    state.packedIn += 1;
    if (width === 0 || height === 0) return () => {};
    const pixels = await inflate(bytes.subarray(20), 4 * width * height);
    return () => {
      scratch.width = width;
      scratch.height = height;
      scratch.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
      model.offscreen_context.drawImage(scratch, x, y);   // zero pixels leave what is shown
    };
  }
  // The URL of the frame shown, unless a newer frame came meanwhile; if toBlob has not answered
  // within FALLBACK_MS (a busy page), toDataURL makes it.
  function makeUrl(model, canvas, frame) {
    let done = false;
    const made = (value) => {
      if (done || frame !== state.framesIn) return;
      done = true;
      url = value;
      state.url = url.startsWith('data:image/png;base64,') ? 'made' : 'not a PNG';
      show(state);
      model.set('_data_url', url);
    };
    queue.then(() => {
      const fallback = setTimeout(() => made(canvas.toDataURL()), FALLBACK_MS);
      try {
        canvas.toBlob((blob) => {
          if (!blob) return;                    // an empty canvas: the fallback says so
          const reader = new FileReader();
          reader.onload = () => { clearTimeout(fallback); made(reader.result); };
          reader.readAsDataURL(blob);
        });
      } catch (err) {
        // the fallback makes it
      }
    });
  }
  return state;
}

// Once per helper model in the page, displayed or not: the canvas model's frames changed, and
// the kernel told whether this page unpacks packed frames.
function stateOf(model) {
  if (!STATES.has(model)) {
    STATES.set(model, (async () => {
      const ref = model.get('canvas') || '';
      if (!ref.startsWith(PREFIX)) return null;
      const canvasModel = await model.widget_manager.get_model(ref.slice(PREFIX.length));
      if (!STATES.has(canvasModel)) {
        STATES.set(canvasModel, install(canvasModel, model.get('quiet_ms')));
      }
      const state = STATES.get(canvasModel);
      if (model.get('unpacks') !== state.unpacks) {
        model.set('unpacks', state.unpacks);
        model.save_changes();
      }
      return state;
    })());
  }
  return STATES.get(model);
}

export default {
  initialize({ model }) {
    stateOf(model);
  },
  async render({ model, el }) {
    el.classList.add('mathlib-frames');
    const state = await stateOf(model);
    if (state === null) { el.dataset.frames = 'no canvas'; return; }
    state.views.add(el);
    show(state);
    return () => state.views.delete(el);
  },
};
"""
for name, value in [("UPSTREAM_DATA_URL", UPSTREAM_DATA_URL), ("UPSTREAM_DONE", UPSTREAM_DONE),
                    ("UPSTREAM_DRAW_JS", UPSTREAM_DRAW), ("PACKED_MAGIC", PACKED_MAGIC.decode())]:
    _ESM = _ESM.replace(name, value)      # none holds a quote or a backslash


class FrameHelper(anywidget.AnyWidget):
    """Invisible; give it the explorer's figure canvas (see module doc)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    canvas = traitlets.Instance(widgets.DOMWidget, allow_none=True).tag(
        sync=True, **widgets.widget_serialization)
    quiet_ms = traitlets.Int(300, help="make the figure's data: URL this long after the last "
                             "frame").tag(sync=True)
    unpacks = traitlets.Bool(False, help="set by the page: it draws packed frames "
                             "(PACKED_MAGIC)").tag(sync=True)

    @traitlets.observe("unpacks")
    def _tell_the_canvas(self, change):
        """The explorer's canvas sends packed frames while the page unpacks them."""
        if hasattr(self.canvas, "packed_frames"):
            self.canvas.packed_frames = change.new
