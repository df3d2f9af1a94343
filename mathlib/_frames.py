"""Frames that reach the screen sooner: ipympl's front end, without its encoding of every frame.

For every frame it receives, ipympl 0.10's front end (``handle_binary`` of its canvas model)
re-encodes the whole figure as a PNG ``data:`` URL (``offscreen_canvas.toDataURL()``), on the
page's main thread, before the new frame is even drawn: 5-15 ms of each slider move on a 2-core
machine, about a sixth of a key press's way to the screen, for a URL that is read only when a
new view of the figure is made or the widgets' state is saved (and that holds the frame before,
since the new one is not drawn yet). :class:`FrameHelper`, an invisible widget (anywidget, like
:mod:`mathlib._a11y`) that an :class:`~mathlib.explore.Explorer` puts in its box, makes that URL
once frames pause instead (``quiet_ms`` after the last one), asynchronously (``canvas.toBlob``:
the browser encodes in its idle time), from the frame that is shown. Everything else of ipympl
is unchanged.

It is the front-end half of :mod:`mathlib.explore`'s one guarded place: it changes ipympl's
method only if the method's source still contains :data:`UPSTREAM_DATA_URL` (otherwise the
frames go as before, and the helper's element says ``data-frames="upstream"``); the unit tests
check the installed ipympl for it, and the browser tests that every explorer says ``deferred``
and that a URL it made is a PNG (``data-url="made"``).
See docs/upstream-ipympl-matplotlib.md, problem 3.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["FrameHelper", "UPSTREAM_DATA_URL"]

# What ipympl's handle_binary does on every frame (its labextension's minified JavaScript).
UPSTREAM_DATA_URL = 'this.set("_data_url",this.offscreen_canvas.toDataURL())'

_ESM = """
const UPSTREAM = 'UPSTREAM_DATA_URL';
const PREFIX = 'IPY_MODEL_';
const FALLBACK_MS = 2000;
// canvas model -> what the browser tests read on each helper element showing it: data-frames
// ("deferred" or "upstream"), data-url ("pending" from a frame until its URL is made, then
// "made") and data-frames-in (frames received)
const STATES = new WeakMap();

function show(state) {
  for (const el of state.views) {
    el.dataset.frames = state.frames;
    if (state.url) el.dataset.url = state.url;
    el.dataset.framesIn = String(state.framesIn);
  }
}

// The canvas model's handle_binary, with its data: URL made once frames pause, asynchronously,
// from the frame shown (the URL is read only for a new view or a saved widget state).
function deferDataUrl(canvasModel, quietMs) {
  const state = { views: new Set(), frames: 'upstream', url: null, framesIn: 0 };
  const upstream = canvasModel.handle_binary;
  if (typeof upstream !== 'function' || !String(upstream).includes(UPSTREAM)) return state;
  state.frames = 'deferred';
  let url = canvasModel.get('_data_url');
  let timer = null;
  canvasModel.handle_binary = function (msg, buffers) {
    const canvas = this.offscreen_canvas;
    canvas.toDataURL = () => url;               // for this call only: no encoding now
    try {
      upstream.call(this, msg, buffers);
    } finally {
      delete canvas.toDataURL;
    }
    state.url = 'pending';
    state.framesIn += 1;
    show(state);
    clearTimeout(timer);
    const frame = state.framesIn;
    timer = setTimeout(() => makeUrl(this, canvas, frame), quietMs);
  };
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
    const fallback = setTimeout(() => made(canvas.toDataURL()), FALLBACK_MS);
    try {
      canvas.toBlob((blob) => {
        if (!blob) return;                      // an empty canvas: the fallback says so
        const reader = new FileReader();
        reader.onload = () => { clearTimeout(fallback); made(reader.result); };
        reader.readAsDataURL(blob);
      });
    } catch (err) {
      // the fallback makes it
    }
  }
  return state;
}

export default {
  async render({ model, el }) {
    el.classList.add('mathlib-frames');
    const ref = model.get('canvas') || '';
    if (!ref.startsWith(PREFIX)) { el.dataset.frames = 'no canvas'; return; }
    const canvasModel = await model.widget_manager.get_model(ref.slice(PREFIX.length));
    if (!STATES.has(canvasModel)) {
      STATES.set(canvasModel, deferDataUrl(canvasModel, model.get('quiet_ms')));
    }
    const state = STATES.get(canvasModel);
    state.views.add(el);
    show(state);
    return () => state.views.delete(el);
  },
};
""".replace("UPSTREAM_DATA_URL", UPSTREAM_DATA_URL)


class FrameHelper(anywidget.AnyWidget):
    """Invisible; give it the explorer's figure canvas (see module doc)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    canvas = traitlets.Instance(widgets.DOMWidget, allow_none=True).tag(
        sync=True, **widgets.widget_serialization)
    quiet_ms = traitlets.Int(300, help="make the figure's data: URL this long after the last "
                             "frame").tag(sync=True)
