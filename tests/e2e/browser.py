"""Drive the course in a real browser: JupyterLab or Voila, Debian's Chromium, Playwright.

Shared by the end-to-end tests (tests/e2e) and the benchmark (tools/browser_bench.py).

* :func:`start_lab` / :func:`start_voila` start a server on a free localhost port with a random
  token and a throw-away Jupyter configuration (the user's settings, workspaces and the
  notebooks' checkpoints are never touched; autosave is off, so running a notebook in the
  browser never writes to notebooks/).
* :func:`launch_chromium` starts Debian's Chromium (test tools cannot download browsers here).
* :func:`open_and_run_notebook`, :func:`notebook_problems`, :func:`nudge_and_check` check what a
  learner sees; :func:`measure_explorer` and :func:`measure_lab` measure what a learner feels:
  the time from a key press on a slider to the repainted figure.

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

Nothing here imports playwright at module level, so this module imports where playwright is
missing (the functions that need it import it themselves).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The folder Lab serves and whose notebooks/*.ipynb are tested: the repository, unless
# MATHLIB_E2E_ROOT names another copy (for developing these tests against scratch notebooks).
ROOT = Path(os.environ.get("MATHLIB_E2E_ROOT") or REPO).resolve()

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SKIP_REASON = "Chromium not installed: apt-get install chromium"

VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 120       # seconds: first start of Lab on a cold, busy 2-core machine
RUN_ALL_TIMEOUT = 300_000        # ms: run every cell of one notebook
WIDGET_TIMEOUT = 30_000          # ms: widgets rendered after the run
MOVE_TIMEOUT = 15_000            # ms: one slider move repainted
QUIET_MS = 100                   # ms without a new image before the next move starts

# Explorer elements and the visible ipympl canvas inside them (the first canvas of the canvas
# div; the second one, on top, is for the zoom rectangle).
EXPLORER = ".mathlib-explorer"
CANVAS = ".jupyter-matplotlib-canvas-div canvas"
SLIDER = ".widget-slider"
HANDLE = ".noUi-handle"


def find_chromium() -> str | None:
    """The Chromium executable: /usr/bin/chromium, else ``chromium`` on PATH, else None."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- servers ------------------------------------------------------------------------------------

@dataclass
class Server:
    """A Jupyter server (Lab or Voila) started by this module, on localhost."""

    process: subprocess.Popen
    base_url: str            # http://127.0.0.1:PORT (no trailing slash)
    token: str
    tmp: Path                # its private configuration, data, runtime and log
    log_path: Path
    _log: object = field(default=None, repr=False)

    def url(self, path: str = "/") -> str:
        """The address of ``path`` on this server, with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}" if self.token else \
            f"{self.base_url}{path}"

    @property
    def lab_url(self) -> str:
        return self.url("/lab")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server and its kernels; remove its temporary directory."""
        proc = self.process
        if proc.poll() is None:
            # SIGINT twice is jupyter's own clean shutdown (kernels included); SIGTERM also works
            # for jupyter_server 2 and voila. Kill the process group as the last resort.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        else:
            proc.wait()
        # Kernels are in the server's process group: make sure none is left behind.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self._log is not None:
            self._log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _isolated_env(tmp: Path) -> dict:
    """Environment for a server whose Jupyter configuration lives in ``tmp`` only."""
    dirs = {name: tmp / name for name in ("config", "data", "runtime", "settings", "workspaces",
                                          "ipython", "checkpoints")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    labconfig = dirs["config"] / "labconfig"
    labconfig.mkdir()
    # No news, no update check, no "would you like news?" toast; no autosave (running a notebook
    # in the browser must not write its outputs to notebooks/); every cell in the DOM.
    (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": {
        "@jupyterlab/apputils-extension:announcements": True}}))
    (labconfig / "default_setting_overrides.json").write_text(json.dumps({
        "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    }))
    env = os.environ.copy()
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(var, None)
    env.update({
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
        "MPLBACKEND": "agg",
    })
    return env


def _start(argv: list[str], *, name: str, port: int, token: str, tmp: Path, env: dict,
           ready_path: str, cwd: Path, timeout: float, any_answer: bool = False) -> Server:
    """Start ``argv``; return once GET ``ready_path`` answers 200 (any HTTP answer if
    ``any_answer``)."""
    log_path = tmp / f"{name}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(proc, f"http://127.0.0.1:{port}", token, tmp, log_path, log)
    deadline = time.monotonic() + timeout
    url = server.url(ready_path)
    while True:
        if proc.poll() is not None:
            tail = server.log_tail()
            server.stop()
            raise RuntimeError(f"{name} exited with code {proc.returncode} before answering:\n"
                               f"{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return server
        except urllib.error.HTTPError:
            if any_answer:
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            tail = server.log_tail()
            server.stop()
            raise TimeoutError(f"{name} did not answer {ready_path} within {timeout:.0f} s:\n"
                               f"{tail}")
        time.sleep(0.2)


def start_lab(root_dir: str | Path = ROOT, *, timeout: float = SERVER_START_TIMEOUT) -> Server:
    """Start JupyterLab on a free localhost port with a random token; wait until it answers."""
    tmp = Path(tempfile.mkdtemp(prefix="mathlib-e2e-lab-"))
    env = _isolated_env(tmp)
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.log_level=WARN",
            # checkpoints (written on save only, but just in case) outside the working tree
            f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # window.jupyterapp: run the notebook through Lab's own commands, read its model
            "--LabApp.expose_app_in_browser=True",
            "--LanguageServerManager.autodetect=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # CI containers run as root
    return _start(argv, name="jupyter-lab", port=port, token=token, tmp=tmp, env=env,
                  ready_path="/api/status", cwd=Path(root_dir), timeout=timeout)


def start_voila(notebook: str | Path, *, timeout: float = SERVER_START_TIMEOUT) -> Server:
    """Serve one notebook with Voila on a free localhost port; wait until it answers."""
    notebook = Path(notebook).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="mathlib-e2e-voila-"))
    env = _isolated_env(tmp)
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "voila", str(notebook), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
            f"--token={token}", "--Voila.log_level=WARN",
            "--show_tracebacks=True"]
    # Any answer (404) to a path that is not the notebook means the server is up; GET / would
    # run the notebook.
    return _start(argv, name="voila", port=port, token=token, tmp=tmp, env=env,
                  ready_path="/voila/static/no-such-file", cwd=notebook.parent,
                  timeout=timeout, any_answer=True)


# -- browser ------------------------------------------------------------------------------------

def launch_chromium(playwright, executable: str | None = None):
    """Debian's Chromium, headless; Playwright gives it a fresh, empty user-data dir."""
    executable = executable or find_chromium()
    if executable is None:
        raise FileNotFoundError(SKIP_REASON)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                      headless=True)


def new_page(browser, device_scale_factor: float = 1):
    """A fresh page (its own browser context), recording uncaught script errors in
    ``page.script_errors`` and console errors in ``page.console_errors`` (for diagnostics).

    ``device_scale_factor=2`` is a HiDPI ("retina") screen: ipympl then renders the figures at
    twice the resolution, four times the pixels.
    """
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=device_scale_factor)
    page = context.new_page()
    page.script_errors = []
    page.console_errors = []
    page.on("pageerror", lambda exc: page.script_errors.append(str(exc)))
    page.on("console", lambda msg: page.console_errors.append(msg.text)
            if msg.type == "error" else None)
    return page


def close_page(page) -> None:
    page.context.close()


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


def open_notebook(page, server: Server, relpath: str) -> None:
    """Open ``relpath`` (relative to Lab's root) in Lab and wait until its kernel is idle.

    Each page gets a new, empty Lab workspace, so no tab of an earlier page is restored.
    """
    workspace = f"e2e-{secrets.token_hex(4)}"
    page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{urllib.parse.quote(relpath)}"))
    page.wait_for_function(_FIND_PANEL_JS, arg=relpath, timeout=WIDGET_TIMEOUT * 2, polling=100)
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=WIDGET_TIMEOUT * 2, polling=100)


RUN_ALL_RETRIES: list[str] = []  # pages where Run All had to be given again (diagnostics)


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
            RUN_ALL_RETRIES.append(page.url)
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
            "  const x = el.querySelector(c); return x ? [x.width, x.height] : null; })",
            [EXPLORER, CANVAS])
        console = "\n    ".join(dict.fromkeys(getattr(page, "console_errors", [])))
        raise AssertionError(
            f"{expected} explorer(s) displayed, but after {timeout / 1000:.0f} s not all show a "
            f"painted figure; their canvases (width, height): {sizes}.\n"
            f"  Browser console errors:\n    {console or '(none)'}") from None


def _stream_text(out: dict) -> str:
    text = out.get("text", "")
    return "".join(text) if isinstance(text, list) else text


def notebook_problems(page, nb: dict | None = None) -> list[str]:
    """Everything wrong that a learner would see; an empty list when all is well.

    Error outputs and tracebacks (in the notebook's model and in the page), anything on stderr,
    "Error displaying widget", explorers without a painted figure, uncaught script errors.
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
    for err in getattr(page, "script_errors", []):
        problems.append(f"uncaught script error: {err[:500]}")
    return problems


# -- explorers: move a slider, see the figure change, measure how fast ---------------------------

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


def _arrow_for(handle) -> str:
    """ArrowRight, or ArrowLeft when the slider is at its maximum."""
    now, top = handle.evaluate(
        "h => [parseFloat(h.getAttribute('aria-valuenow')), "
        "parseFloat(h.getAttribute('aria-valuemax'))]")
    return "ArrowLeft" if now >= top else "ArrowRight"


def nudge_and_check(page, explorer, presses: int = 3, timeout: float = MOVE_TIMEOUT) -> bool:
    """Focus the explorer's first slider, press an arrow key a few times: did the figure change?"""
    controls = slider_controls(explorer)
    if not controls:
        raise AssertionError(f"explorer {explorer_title(explorer)!r} has no slider")
    _, handle = controls[0]
    explorer.scroll_into_view_if_needed()
    before = canvas_data_url(explorer)
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(_arrow_for(handle))
    canvas = explorer.locator(CANVAS).first
    try:
        canvas.evaluate(
            """(c, [before, timeout]) => new Promise((resolve, reject) => {
                 const t0 = performance.now();
                 (function poll() {
                   if (c.toDataURL() !== before) return resolve(true);
                   if (performance.now() - t0 > timeout) return reject(new Error('unchanged'));
                   requestAnimationFrame(poll);
                 })();
               })""", [before, timeout])
    except Exception:  # noqa: BLE001 - Playwright's Error: the canvas did not change in time
        return False
    return True


_INSTALL_PROBE_JS = """
(el, canvasSel) => {
  const canvas = el.querySelector(canvasSel);
  const ctx = canvas.getContext('2d');
  const probe = {key: null, draw: null, frame: null, lastDraw: 0, draws: 0, url: null};
  // Where the time goes: when the browser sends the slider's new value to the kernel (any
  // WebSocket message) and when ipympl receives the new image (it makes a blob URL of it).
  if (!window.__mathlibHooks) {
    const hooks = window.__mathlibHooks = {send: [], image: []};
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (...args) {
      hooks.send.push(performance.now());
      return send.apply(this, args);
    };
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = function (...args) {
      hooks.image.push(performance.now());
      return createObjectURL.apply(URL, args);
    };
  }
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
  const p = el.__mathlibProbe; p.key = null; p.draw = null; p.frame = null;
  window.__mathlibHooks.send.length = 0; window.__mathlibHooks.image.length = 0;
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
  const image = h.image.filter(t => t >= p.key && t <= p.draw).pop();
  return {key: p.key, send: send === undefined ? null : send,
          image: image === undefined ? null : image, draw: p.draw, frame: p.frame,
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
    key = _arrow_for(handle)
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
        # sent -> new image received (network, kernel: update, draw, PNG encode, comm);
        # received -> drawn on the canvas (PNG decode, ipympl); drawn -> next frame
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


def notebook_paths(root: Path = ROOT) -> list[str]:
    """The course notebooks, relative to ``root``: notebooks/*.ipynb, sorted."""
    return [p.relative_to(root).as_posix() for p in sorted((root / "notebooks").glob("*.ipynb"))]


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


def shutdown_kernels(server: Server) -> None:
    """Stop every session and kernel of the server: each notebook gets a fresh one."""
    try:
        with urllib.request.urlopen(server.url("/api/sessions"), timeout=10) as response:
            sessions = json.load(response)
        for s in sessions:
            req = urllib.request.Request(server.url(f"/api/sessions/{s['id']}"), method="DELETE")
            urllib.request.urlopen(req, timeout=10).close()
    except (urllib.error.URLError, OSError, ValueError):
        pass
