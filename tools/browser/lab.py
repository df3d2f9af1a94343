"""JupyterLab and Voila pages: open a notebook, run it, check what a learner sees, move a slider.

:func:`open_and_run_notebook` (Lab), :func:`open_voila_app` (Voila), :func:`notebook_problems`,
:func:`icon_problems`, :func:`nudge_and_check` check what a learner sees; each takes a page and
leaves it open, so that further checks compose. :func:`wait_for_canvas_change` is the one place
that waits for an explorer's figure to change its pixels.
"""

from __future__ import annotations

import secrets
import urllib.parse

from .servers import Server

RUN_ALL_TIMEOUT = 300_000        # ms: run every cell of one notebook
WIDGET_TIMEOUT = 30_000          # ms: widgets rendered after the run
MOVE_TIMEOUT = 15_000            # ms: one slider move repainted

# Explorer elements and the visible ipympl canvas inside them (the first canvas of the canvas
# div; the second one, on top, is for the zoom rectangle).
EXPLORER = ".mathlib-explorer"
CANVAS = ".jupyter-matplotlib-canvas-div canvas"
SLIDER = ".widget-slider"
HANDLE = ".noUi-handle"


# -- JupyterLab: open, run, check ----------------------------------------------------------------

_RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const panel = window.__mathlibPanel;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await panel.revealed;
  app.shell.activateById(panel.id);
  await app.commands.execute('notebook:run-all-cells');
}
"""

_RUN_STARTED_JS = """
() => {
  const panel = window.__mathlibPanel;
  for (const p of panel.node.querySelectorAll('.jp-InputPrompt')) {
    if (/[*0-9]/.test(p.textContent)) return true;
  }
  return false;
}
"""

_KERNEL_IDLE_JS = """
() => {
  const panel = window.__mathlibPanel;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}
"""

_RUN_FINISHED_JS = """
() => {
  // Finished: no cell waiting or running ([*]) and the kernel idle; and either every code cell
  // has run or one failed (Lab then skips the cells after it: no point in waiting for them).
  const panel = window.__mathlibPanel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const prompts = panel.node.querySelectorAll('.jp-InputPrompt');
  for (const p of prompts) if (p.textContent.includes('*')) return false;
  const cells = panel.content.model.cells;
  let unexecuted = 0, errors = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.sharedModel.getSource().trim() !== '' && !cell.executionCount) unexecuted += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      if (cell.outputs.get(j).type === 'error') errors += 1;
    }
  }
  return unexecuted === 0 || errors > 0;
}
"""

_RUN_STATE_JS = """
() => {
  const panel = window.__mathlibPanel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const prompts = [...panel.node.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
  const dialogs = [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 300));
  return {kernel: kernel ? kernel.status : 'no kernel', prompts: prompts, dialogs: dialogs};
}
"""

_NOTEBOOK_JSON_JS = "() => window.__mathlibPanel.context.model.toJSON()"


_FIND_PANEL_JS = """
(path) => {
  // The notebook's panel, found by its path (not "the current widget", which may briefly be
  // another tab); kept in window.__mathlibPanel for the other snippets.
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  const panel = Array.from(app.shell.widgets('main')).find(
    w => w.context && w.context.path === path && w.content && w.content.model);
  if (!panel) return false;
  window.__mathlibPanel = panel;
  return true;
}
"""


_LAB_LOADED_JS = "(url) => !!(window.jupyterapp && window.jupyterapp.shell) && " \
    "location.href.startsWith(url)"

_OPEN_IN_LAB_JS = """
async (path) => {
  // File > Open in the Lab already loaded: the notebook's own tab, its kernel started as on a
  // page load (the kernel its metadata names).
  await window.jupyterapp.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
}
"""

_CLOSE_NOTEBOOKS_JS = """
() => {
  // Every open notebook tab closed without saving (Lab's autosave is off; the outputs of a run
  // are not to be written back) and without a "save changes?" dialog: disposing the widget
  // removes its cells, outputs and widget views from the page. Returns how many were closed.
  const app = window.jupyterapp;
  if (!app || !app.shell) return 0;
  const panels = Array.from(app.shell.widgets('main')).filter(w => w.context && w.content);
  for (const p of panels) { p.context.model.dirty = false; p.dispose(); }
  window.__mathlibPanel = null;
  return panels.length;
}
"""


def open_notebook(page, server: Server, relpath: str) -> None:
    """Open ``relpath`` (relative to Lab's root) in Lab and wait until its kernel is idle.

    A page that already shows this server's Lab (see :func:`close_notebooks`) opens it with
    Lab's own command, as a learner opens the next notebook from the file browser: no second
    page load (about 5-8 s of a notebook's browser test). Otherwise the page loads Lab with the
    notebook, in a new, empty Lab workspace, so no tab of an earlier page is restored.
    """
    if page.evaluate(_LAB_LOADED_JS, server.url("/lab")):
        close_notebooks(page)
        page.evaluate(_OPEN_IN_LAB_JS, relpath)
    else:
        workspace = f"e2e-{secrets.token_hex(4)}"
        page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{urllib.parse.quote(relpath)}"))
    page.wait_for_function(_FIND_PANEL_JS, arg=relpath, timeout=WIDGET_TIMEOUT * 2, polling=100)
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=WIDGET_TIMEOUT * 2, polling=100)


def close_notebooks(page) -> int:
    """Close every notebook open in the Lab page, without saving: the page then shows none of
    their cells or outputs, and the next :func:`open_notebook` reuses it. Their kernels keep
    running (stop them with :func:`shutdown_kernels`). Returns how many were closed."""
    return page.evaluate(_CLOSE_NOTEBOOKS_JS)


RUN_ALL_RETRIES: list[str] = []  # notebooks whose Run All had to be given again (diagnostics)


def run_all_cells(page) -> None:
    """Run > Run All Cells; wait until every code cell has run (or one failed) and the kernel
    is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Lab occasionally ignores a Run All that comes right after the notebook opened (nothing
    # runs, every prompt stays [ ]): try again until a cell has started.
    for attempt in range(4):
        page.evaluate(_RUN_ALL_JS)
        try:
            page.wait_for_function(_RUN_STARTED_JS, timeout=10_000, polling=50)
            break
        except PlaywrightTimeout:
            RUN_ALL_RETRIES.append(page.evaluate(
                "() => window.__mathlibPanel ? window.__mathlibPanel.context.path : location.href"))
            if attempt == 3:
                raise AssertionError(f"Run All Cells did not start a single cell: "
                                     f"{page.evaluate(_RUN_STATE_JS)}") from None
    try:
        page.wait_for_function(_RUN_FINISHED_JS, timeout=RUN_ALL_TIMEOUT, polling=100)
    except PlaywrightTimeout:
        raise AssertionError(f"Run All Cells did not finish within {RUN_ALL_TIMEOUT / 1000:.0f} s: "
                             f"{page.evaluate(_RUN_STATE_JS)}") from None


def open_and_run_notebook(page, server: Server, relpath: str) -> dict:
    """Open the notebook, run all its cells, wait for its explorers; the notebook as JSON."""
    open_notebook(page, server, relpath)
    run_all_cells(page)
    nb = page.evaluate(_NOTEBOOK_JSON_JS)
    wait_for_explorers(page, count_explorer_outputs(nb))
    return nb


def open_voila_app(page, server: Server, relpath: str = "", expected_explorers: int = 1) -> None:
    """Open a notebook's Voila app (``relpath`` relative to the folder the server serves; ignored
    when it serves one notebook) and wait until Voila has run every cell and at least
    ``expected_explorers`` explorers show a painted figure."""
    page.goto(server.url(server.voila_path(relpath)), timeout=RUN_ALL_TIMEOUT)
    # Voila executes every cell before it shows the page's widgets.
    if expected_explorers:
        page.locator(EXPLORER).first.wait_for(timeout=RUN_ALL_TIMEOUT)
    wait_for_explorers(page, expected_explorers)


def count_explorer_outputs(nb: dict) -> int:
    """How many explorers the executed notebook displays (outputs whose text is Explorer(...))."""
    count = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if "application/vnd.jupyter.widget-view+json" in data and \
                    text.startswith("Explorer("):
                count += 1
    return count


_EXPLORERS_READY_JS = """
([selector, canvasSel, expected]) => {
  const els = document.querySelectorAll(selector);
  if (els.length < expected) return false;
  for (const el of els) {
    const canvas = el.querySelector(canvasSel);
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    // painted: not a blank canvas of the same size
    const blank = document.createElement('canvas');
    blank.width = canvas.width; blank.height = canvas.height;
    if (canvas.toDataURL() === blank.toDataURL()) return false;
  }
  return true;
}
"""


def wait_for_explorers(page, expected: int, timeout: float = WIDGET_TIMEOUT) -> None:
    """Wait until at least ``expected`` explorers show a painted figure."""
    if not expected:
        return
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_EXPLORERS_READY_JS, arg=[EXPLORER, CANVAS, expected],
                               timeout=timeout, polling=200)
    except PlaywrightTimeout:
        sizes = page.evaluate(
            "([e, c]) => [...document.querySelectorAll(e)].map(el => {"
            "  const x = el.querySelector(c); if (!x) return null;"
            "  const blank = document.createElement('canvas');"
            "  blank.width = x.width; blank.height = x.height;"
            "  return [x.width, x.height, x.width && x.toDataURL() !== blank.toDataURL()"
            "          ? 'painted' : 'blank']; })",
            [EXPLORER, CANVAS])
        console = "\n    ".join(dict.fromkeys(getattr(page, "console_errors", [])))
        raise AssertionError(
            f"{expected} explorer(s) displayed, but after {timeout / 1000:.0f} s not all show a "
            f"painted figure; their canvases (width, height, painted or blank): {sizes}.\n"
            f"  Browser console errors:\n    {console or '(none)'}") from None


def _stream_text(out: dict) -> str:
    text = out.get("text", "")
    return "".join(text) if isinstance(text, list) else text


def notebook_problems(page, nb: dict | None = None) -> list[str]:
    """Everything wrong that a learner would see; an empty list when all is well.

    Error outputs and tracebacks (in the notebook's model and in the page), anything on stderr,
    "Error displaying widget", explorers without a painted figure, uncaught script errors, frame
    helpers that did not change ipympl's frame handling.
    """
    problems = []
    if nb is not None:
        not_run = [i for i, cell in enumerate(nb.get("cells", []))
                   if cell.get("cell_type") == "code" and "".join(cell.get("source", "")).strip()
                   and not cell.get("execution_count")]
        if not_run:
            problems.append(f"cells that did not run (numbered from 0): {not_run}")
        for i, cell in enumerate(nb.get("cells", [])):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    problems.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
                elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                    problems.append(f"cell {i} wrote to stderr: {_stream_text(out)[:500]}")
        expected = count_explorer_outputs(nb)
        shown = page.locator(EXPLORER).count()
        if shown < expected:
            problems.append(f"{expected} explorers displayed but only {shown} rendered")
    for text in page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts():
        if "Traceback" in text or "Error" in text:
            problems.append(f"error output in the page: {text[:500]}")
    body = page.locator("body").inner_text()
    if "Error displaying widget" in body:
        problems.append("the page says 'Error displaying widget'")
    if "This figure could not update" in body:
        problems.append("an explorer says 'This figure could not update'")
    for i in range(page.locator(EXPLORER).count()):
        canvas = page.locator(EXPLORER).nth(i).locator(CANVAS)
        if canvas.count() == 0:
            problems.append(f"explorer {i} has no figure canvas")
    problems.extend(frame_helper_problems(page))
    for err in getattr(page, "script_errors", []):
        problems.append(f"uncaught script error: {err[:500]}")
    return problems


FRAME_URL_SETTLE = 5_000         # ms: a frame helper makes its data URL 0.3-2.3 s after a frame
_FRAME_HELPERS_JS = """
(sel) => [...document.querySelectorAll(sel)].map(e => {
  const helper = e.querySelector('.mathlib-frames');
  if (!helper) return 'missing';
  return helper.dataset.frames ? [helper.dataset.frames, helper.dataset.url || 'no frame yet',
                                 Number(helper.dataset.framesIn || 0),
                                 Number(helper.dataset.packedIn || 0)] : null;
})
"""


def frame_helper_problems(page, timeout: float = WIDGET_TIMEOUT,
                          settle: float = FRAME_URL_SETTLE) -> list[str]:
    """Every explorer's FrameHelper (mathlib/_frames.py) has changed ipympl's frame handling
    ("packed"; "upstream" means ipympl's front end changed, see the helper's docstring), and a
    data URL it made after a frame is a PNG.

    A URL still "pending" ``settle`` ms after the last frame is not a problem here: in two CI
    runs of 28 notebooks each, one explorer's stayed pending (not reproduced alone); the URL is
    read only for a new view of the figure, so the frames a learner sees do not depend on it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"(sel) => ({_FRAME_HELPERS_JS})(sel).every(s => s !== null)",
                               arg=EXPLORER, timeout=timeout, polling=100)
        page.wait_for_function(
            f"(sel) => ({_FRAME_HELPERS_JS})(sel).every(s => !Array.isArray(s) || "
            "s[1] !== 'pending')", arg=EXPLORER, timeout=settle, polling=100)
    except PlaywrightTimeout:
        pass
    problems = []
    for i, state in enumerate(page.evaluate(_FRAME_HELPERS_JS, EXPLORER)):
        if not isinstance(state, list) or state[0] != "packed":
            problems.append(f"explorer {i}'s frame helper says {state!r}, not 'packed' "
                            "(mathlib/_frames.py)")
        elif state[1] not in ("made", "no frame yet", "pending"):
            problems.append(f"explorer {i}'s frame helper: the figure's data URL made after "
                            f"frame {state[2]} is {state[1]!r}, not a PNG (mathlib/_frames.py)")
    return problems


def packed_frame_problems(page) -> list[str]:
    """After every explorer's controls have moved: each figure got its moves as packed frames
    (mathlib/_frames.py; the kernel sends them once the page has said it unpacks them)."""
    return [f"explorer {i}'s figure got no packed frame: {state!r} (frames, data URL, frames "
            "received, packed ones; mathlib/_frames.py)"
            for i, state in enumerate(page.evaluate(_FRAME_HELPERS_JS, EXPLORER))
            if not isinstance(state, list) or state[3] == 0]


_ICON_FONTS_JS = """
async (selector) => {
  // Every Font Awesome icon (<i class="fa ...">) in the page: drawn from a font that has loaded?
  await document.fonts.ready;
  const loaded = new Set([...document.fonts].filter(f => f.status === 'loaded')
                         .map(f => f.family.replace(/["']/g, '')));
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el, '::before');
    const families = style.fontFamily.split(',').map(f => f.trim().replace(/["']/g, ''));
    const ok = style.content !== 'none' && style.content !== '""' &&
               families.some(f => loaded.has(f));
    if (!ok) out.push(`${el.className}: glyph ${style.content}, font ${style.fontFamily}`);
  }
  return out;
}
"""


def icon_problems(page, selector: str = "i.fa") -> list[str]:
    """Icons (Font Awesome, as on the explorers' Reset button) that show no glyph because their
    font did not load (for example because it was to come from a CDN)."""
    return [f"icon without its font: {p}" for p in page.evaluate(_ICON_FONTS_JS, selector)]


# -- explorers: move a slider, see the figure change ----------------------------------------

def explorer_title(explorer) -> str:
    """The explorer's title (its first row, in bold), or "" if it has none."""
    return explorer.evaluate(
        "el => { const first = el.firstElementChild;"
        "  const bold = first && first.classList.contains('widget-html')"
        "               ? first.querySelector('b') : null;"
        "  return bold ? bold.innerText.trim() : ''; }")


def slider_controls(explorer) -> list[tuple[str, object]]:
    """(label, handle locator) for every slider of an explorer."""
    out = []
    sliders = explorer.locator(SLIDER)
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        label = slider.locator(".widget-label").first
        name = label.inner_text().strip() if label.count() else f"slider {i}"
        out.append((name or f"slider {i}", slider.locator(HANDLE).first))
    return out


def canvas_data_url(explorer) -> str:
    return explorer.locator(CANVAS).first.evaluate("c => c.toDataURL()")


def arrow_for(handle) -> str:
    """ArrowRight, or ArrowLeft when the slider is at its maximum."""
    now, top = handle.evaluate(
        "h => [parseFloat(h.getAttribute('aria-valuenow')), "
        "parseFloat(h.getAttribute('aria-valuemax'))]")
    return "ArrowLeft" if now >= top else "ArrowRight"


# The one poll for "the figure changed": the canvas's pixels (as a data URL) differ from
# ``before``, checked on every animation frame until ``timeout`` ms have passed.
_CANVAS_CHANGED_JS = """
(c, [before, timeout]) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  (function poll() {
    if (c.toDataURL() !== before) return resolve(true);
    if (performance.now() - t0 > timeout) return reject(new Error('unchanged'));
    requestAnimationFrame(poll);
  })();
})
"""


def wait_for_canvas_change(explorer, before: str, timeout: float = MOVE_TIMEOUT) -> bool:
    """Wait until the explorer's figure shows pixels other than ``before`` (a data URL from
    :func:`canvas_data_url`): True, or False if it has not changed within ``timeout`` ms."""
    try:
        explorer.locator(CANVAS).first.evaluate(_CANVAS_CHANGED_JS, [before, timeout])
    except Exception:  # noqa: BLE001 - Playwright's Error: the canvas did not change in time
        return False
    return True


def nudge_and_check(page, explorer, presses: int = 3, timeout: float = MOVE_TIMEOUT) -> bool:
    """Move the explorer's first control from the keyboard: did the figure change?

    A slider: focus its handle and press an arrow key a few times. An explorer whose only
    controls are buttons (a choice such as "none / standardise / min-max"): focus a button
    that is not selected and press Space, as a keyboard user would.
    """
    controls = slider_controls(explorer)
    explorer.scroll_into_view_if_needed()
    before = canvas_data_url(explorer)
    if controls:
        _, handle = controls[0]
        handle.focus()
        for _ in range(presses):
            page.keyboard.press(arrow_for(handle))
    else:
        choices = explorer.locator(".widget-toggle-buttons button:not(.mod-active)")
        if not choices.count():
            raise AssertionError(f"explorer {explorer_title(explorer)!r} has no slider and no "
                                 "choice buttons to move from the keyboard")
        choices.first.focus()
        page.keyboard.press("Space")
    return wait_for_canvas_change(explorer, before, timeout)


# -- the figure a learner sees is the kernel's --------------------------------------------------

# Evaluated in the notebook's kernel (a user expression: no name defined, nothing shown): every
# explorer's figure as the kernel last drew it: [(title, height, width, RGBA bytes in base64)].
_KERNEL_FIGURES = (
    "(lambda base64, np, explorers: [(ex.title or '', *np.asarray(ex.fig.canvas.buffer_rgba())"
    ".shape[:2], base64.b64encode(bytes(np.asarray(ex.fig.canvas.buffer_rgba()))).decode()) "
    "for ex in list(explorers)])(__import__('base64'), __import__('numpy'), "
    "__import__('mathlib.explore', fromlist=['Explorer']).Explorer.instances)")


def _kernel_figures(server: Server, relpath: str) -> dict[str, list]:
    """Every explorer's figure in the kernel of notebook ``relpath``: title -> RGBA arrays (an
    explorer made again by a re-run cell may still be alive beside the new one)."""
    import ast
    import base64
    import json
    import urllib.request

    import numpy as np
    from jupyter_client import BlockingKernelClient

    with urllib.request.urlopen(server.url("/api/sessions"), timeout=10) as response:
        kernels = [s["kernel"]["id"] for s in json.load(response) if s["path"] == relpath]
    if len(kernels) != 1:
        raise AssertionError(f"{relpath}: {len(kernels)} kernels in the server's sessions, not 1")
    client = BlockingKernelClient(
        connection_file=str(server.tmp / "runtime" / f"kernel-{kernels[0]}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        reply = client.execute_interactive("", silent=True, store_history=False, timeout=60,
                                           user_expressions={"figures": _KERNEL_FIGURES})
    finally:
        client.stop_channels()
    result = reply["content"]["user_expressions"]["figures"]
    if result["status"] != "ok":
        raise AssertionError(f"{relpath}: reading the figures in the kernel failed: {result}")
    figures = {}
    for title, height, width, data in ast.literal_eval(result["data"]["text/plain"]):
        figures.setdefault(title, []).append(
            np.frombuffer(base64.b64decode(data), np.uint8).reshape(height, width, 4))
    return figures


def kernel_figure_problems(page, server: Server, relpath: str, tries: int = 3) -> list[str]:
    """Each explorer's canvas in the page shows, pixel for pixel, the figure its kernel drew
    (the frames the page got, drawn as mathlib/_frames.py draws them, add up to the figure).

    The canvas may be a row shorter than the figure (ipympl sizes it from the figure's size in
    points, rounded down): the rows both have are compared. A frame still on its way is waited
    for: ``tries`` readings, half a second apart."""
    import base64
    import io

    import numpy as np
    import PIL.Image

    for attempt in range(tries):
        if attempt:
            page.wait_for_timeout(500)
        figures = _kernel_figures(server, relpath)
        problems = []
        for i in range(page.locator(EXPLORER).count()):
            explorer = page.locator(EXPLORER).nth(i)
            title = explorer_title(explorer)
            if title not in figures:
                problems.append(f"explorer {i} ({title!r}): no explorer of that title in the "
                                f"kernel (it has {sorted(figures)})")
                continue
            url = canvas_data_url(explorer)
            shown = np.asarray(PIL.Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
                               .convert("RGBA"))
            found = [_figure_difference(shown, drawn) for drawn in figures[title]]
            if "" not in found:
                problems.append(f"explorer {i} ({title!r}): {found[0]}")
        if not problems:
            return []
    return problems


def _figure_difference(shown, drawn) -> str:
    """How a canvas's pixels differ from a kernel's figure ("" if they do not)."""
    import numpy as np

    height, width = (min(a, b) for a, b in zip(shown.shape[:2], drawn.shape[:2]))
    if width < drawn.shape[1] or height < drawn.shape[0] - 1:
        return (f"the canvas is {shown.shape[1]} x {shown.shape[0]}, the kernel's figure "
                f"{drawn.shape[1]} x {drawn.shape[0]}")
    differ = (shown[:height, :width] != drawn[:height, :width]).any(axis=2)
    if not differ.any():
        return ""
    rows, cols = np.flatnonzero(differ.any(axis=1)), np.flatnonzero(differ.any(axis=0))
    return (f"{int(differ.sum())} pixels of the canvas differ from the kernel's figure, in x "
            f"{cols[0]}-{cols[-1]}, y {rows[0]}-{rows[-1]}")
