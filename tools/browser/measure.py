"""What a learner feels: the time from a key press on a slider to the repainted figure.

:func:`measure_explorer` measures one explorer in an open page; :func:`measure_lab` opens every
notebook in a running Lab and measures every slider (tools/browser_bench.py).

How the latency is measured, in the page: the explorer's ipympl canvas (the visible ``<canvas>``
in ``.jupyter-matplotlib-canvas-div``) gets its own ``drawImage`` wrapped, and the slider handle a
``keydown`` listener. One move is: press an arrow key on the focused handle (``t_key``, the key
event's time stamp), wait for the first ``drawImage`` on that canvas after it (the new pixels,
``t_draw``) and the next animation frame after that (``t_frame``: the frame that shows them).
The latency is ``t_frame - t_key``. Between moves the page waits until no new image has come for
a short quiet period, so every move starts from rest, as a learner's deliberate key press does.
Each move is checked to really change the canvas's pixels. For "where does the time go", the
page also notes when the new value leaves on the WebSocket and when ipympl receives the image
(``parts_ms`` in the results).
"""

from __future__ import annotations

import statistics
import urllib.parse
from pathlib import Path

from .lab import (CANVAS, EXPLORER, MOVE_TIMEOUT, arrow_for, explorer_title,
                  open_and_run_notebook, slider_controls)
from .offline import close_page, new_page
from .servers import Server, launch_chromium, notebook_paths, shutdown_kernels

QUIET_MS = 100                   # ms without a new image before the next move starts

_INSTALL_PROBE_JS = """
(el, canvasSel) => {
  const canvas = el.querySelector(canvasSel);
  const ctx = canvas.getContext('2d');
  const probe = {key: null, draw: null, frame: null, lastDraw: 0, draws: 0, url: null,
                 image: null};
  // Where the time goes: when the browser sends the slider's new value to the kernel (any
  // WebSocket message) and when ipympl receives the new image (the explorer's frame helper,
  // mathlib/_frames.py, notes it).
  if (!window.__mathlibHooks) {
    const hooks = window.__mathlibHooks = {send: []};
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (...args) {
      hooks.send.push(performance.now());
      return send.apply(this, args);
    };
  }
  const helper = el.querySelector('.mathlib-frames');
  if (ctx.__mathlibOriginalDrawImage === undefined) {
    ctx.__mathlibOriginalDrawImage = ctx.drawImage;
  }
  const original = ctx.__mathlibOriginalDrawImage;
  ctx.drawImage = function (...args) {
    const result = original.apply(this, args);
    const t = performance.now();
    probe.lastDraw = t;
    probe.draws += 1;
    if (probe.key !== null && probe.draw === null) {
      probe.draw = t;
      probe.image = helper ? helper.mathlibFrameIn : null;
      requestAnimationFrame(() => { probe.frame = performance.now(); });
    }
    return result;
  };
  if (!el.__mathlibKeyListener) {
    el.__mathlibKeyListener = (e) => {
      const p = el.__mathlibProbe;
      if (p && p.key === null && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        p.key = e.timeStamp;
      }
    };
    el.addEventListener('keydown', el.__mathlibKeyListener, true);
  }
  el.__mathlibProbe = probe;
  probe.url = canvas.toDataURL();
}
"""

_ARM_JS = """
(el) => {
  const p = el.__mathlibProbe; p.key = null; p.draw = null; p.frame = null; p.image = null;
  window.__mathlibHooks.send.length = 0;
}
"""

_MOVE_DONE_JS = """
(el) => new Promise((resolve, reject) => {
  const p = el.__mathlibProbe;
  const t0 = performance.now();
  (function poll() {
    if (p.frame !== null) return resolve(true);
    if (performance.now() - t0 > %d) return reject(new Error('no repaint'));
    setTimeout(poll, 2);
  })();
})
""" % MOVE_TIMEOUT

_QUIET_JS = """
([el, quiet]) => new Promise((resolve) => {
  const p = el.__mathlibProbe;
  (function poll() {
    if (performance.now() - p.lastDraw >= quiet) return resolve(true);
    setTimeout(poll, 10);
  })();
})
"""

_RESULT_JS = """
(el, canvasSel) => {
  const p = el.__mathlibProbe;
  const url = el.querySelector(canvasSel).toDataURL();
  const changed = url !== p.url;
  p.url = url;
  const h = window.__mathlibHooks;
  const send = h.send.find(t => t >= p.key);
  const image = p.image !== null && p.image >= p.key ? p.image : null;
  return {key: p.key, send: send === undefined ? null : send,
          image: image, draw: p.draw, frame: p.frame,
          changed: changed};
}
"""


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear interpolation between closest ranks."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def measure_control(page, explorer, handle, moves: int = 20) -> dict:
    """Latency of ``moves`` single key presses on one slider handle: key -> repainted figure."""
    explorer.scroll_into_view_if_needed()
    explorer.evaluate(_INSTALL_PROBE_JS, CANVAS)
    handle.focus()
    el = explorer.element_handle()
    page.evaluate(_QUIET_JS, [el, QUIET_MS])
    latencies, unchanged = [], 0
    parts = {"send": [], "kernel": [], "decode": [], "frame": []}
    key = arrow_for(handle)
    for _ in range(moves):
        now, lo, top = handle.evaluate(
            "h => ['aria-valuenow', 'aria-valuemin', 'aria-valuemax']"
            ".map(a => parseFloat(h.getAttribute(a)))")
        if key == "ArrowRight" and now >= top:
            key = "ArrowLeft"
        elif key == "ArrowLeft" and now <= lo:
            key = "ArrowRight"
        el.evaluate(_ARM_JS)
        page.keyboard.press(key)
        el.evaluate(_MOVE_DONE_JS)
        r = el.evaluate(_RESULT_JS, CANVAS)
        if not r["changed"]:
            unchanged += 1
        latencies.append(r["frame"] - r["key"])
        if r["send"] is not None and r["image"] is not None:
            parts["send"].append(r["send"] - r["key"])
            parts["kernel"].append(r["image"] - r["send"])
            parts["decode"].append(r["draw"] - r["image"])
        parts["frame"].append(r["frame"] - r["draw"])
        page.evaluate(_QUIET_JS, [el, QUIET_MS])
    return {
        "moves": moves,
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "unchanged_moves": unchanged,
        # medians of the parts, in ms: key -> value sent to the kernel (browser, widgets);
        # sent -> new image received (network, kernel: update, draw, encode, comm);
        # received -> drawn on the canvas (unpacking, ipympl); drawn -> next frame
        "parts_ms": {k: round(statistics.median(v), 1) if v else None
                     for k, v in parts.items()},
    }


def measure_explorer(page, explorer, moves: int = 20, *, first_only: bool = False
                     ) -> list[dict]:
    """Latency for every slider of one explorer (only the first one if ``first_only``)."""
    title = explorer_title(explorer)
    results = []
    controls = slider_controls(explorer)
    for name, handle in controls[:1] if first_only else controls:
        r = measure_control(page, explorer, handle, moves)
        results.append({"explorer": title, "control": name, **r})
    return results


def measure_lab(lab_url: str, notebooks: list[str] | None = None, *, moves: int = 20,
                token: str | None = None, device_scale_factor: float = 1) -> list[dict]:
    """Open every notebook in a running Lab, run it, and measure every explorer's latency.

    ``lab_url`` is the server's address, for example ``http://127.0.0.1:8888/lab?token=abc``
    (the token may also be given on its own). The Lab must have been started with
    ``--LabApp.expose_app_in_browser=True`` (as :func:`start_lab` does). Returns one dict per
    slider: ``notebook``, ``explorer``, ``control``, ``median_ms``, ``p95_ms`` and more.
    """
    from playwright.sync_api import sync_playwright

    parts = urllib.parse.urlsplit(lab_url)
    query = urllib.parse.parse_qs(parts.query)
    token = token or (query.get("token") or [""])[0]
    base = f"{parts.scheme}://{parts.netloc}"
    server = Server(process=None, base_url=base, token=token, tmp=Path(), log_path=Path())
    notebooks = notebook_paths() if notebooks is None else notebooks
    results = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for relpath in notebooks:
                page = new_page(browser, device_scale_factor)
                try:
                    open_and_run_notebook(page, server, relpath)
                    explorers = page.locator(EXPLORER)
                    for i in range(explorers.count()):
                        for r in measure_explorer(page, explorers.nth(i), moves):
                            results.append({"notebook": Path(relpath).name, **r,
                                            "device_scale_factor": device_scale_factor})
                finally:
                    close_page(page)
                    shutdown_kernels(server)
        finally:
            browser.close()
    return results
