"""Drive the course in a real browser: JupyterLab or Voila, Debian's Chromium, Playwright.

Shared by the end-to-end tests (tests/e2e) and the benchmark (tools/browser_bench.py).

* :func:`start_lab` / :func:`start_voila` start a server on a free localhost port with a random
  token and a throw-away Jupyter configuration (the user's settings, workspaces and the
  notebooks' checkpoints are never touched; autosave is off, so running a notebook in the
  browser never writes to notebooks/).
* :func:`launch_chromium` starts Debian's Chromium (test tools cannot download browsers here).
* :func:`new_page` gives every page a :class:`RequestLog`: every request is recorded and any
  that would leave the computer is refused, as in a classroom without internet;
  :func:`offline_problems` lists them.
* :func:`open_and_run_notebook` (Lab), :func:`open_voila_app` (Voila), :func:`notebook_problems`,
  :func:`icon_problems`, :func:`nudge_and_check` check what a learner sees; each takes a page and
  leaves it open, so that further checks compose; :func:`measure_explorer` and
  :func:`measure_lab` measure what a learner feels:
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
    voila_root: Path | None = None   # Voila serving a folder: its notebooks are under voila_path()

    def url(self, path: str = "/") -> str:
        """The address of ``path`` on this server, with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}" if self.token else \
            f"{self.base_url}{path}"

    @property
    def lab_url(self) -> str:
        return self.url("/lab")

    def voila_path(self, relpath: str = "") -> str:
        """Voila serving a folder: the path of the app of notebook ``relpath`` (relative to the
        folder); Voila serving one notebook: "/"."""
        if self.voila_root is None:
            return "/"
        return "/voila/render/" + urllib.parse.quote(Path(relpath).as_posix())

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


def start_voila(path: str | Path, *, timeout: float = SERVER_START_TIMEOUT) -> Server:
    """Serve a notebook, or every notebook of a folder, with Voila on a free localhost port with
    a random token; wait until it answers.

    One notebook: the app is at ``server.url("/")``. A folder (one server for a whole test
    session): each notebook is at ``server.url(server.voila_path(relpath))``, ``relpath``
    relative to the folder. Voila uses its installed configuration (``.venv/etc/jupyter/voila.json``
    and the template that ``make`` copies from ``etc/``), as ``.venv/bin/voila`` does.
    """
    path = Path(path).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="mathlib-e2e-voila-"))
    env = _isolated_env(tmp)
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "voila", str(path), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
            f"--token={token}", "--Voila.log_level=WARN",
            "--show_tracebacks=True"]
    # Any answer (404) to a path that is not the notebook means the server is up; GET / would
    # run the notebook.
    server = _start(argv, name="voila", port=port, token=token, tmp=tmp, env=env,
                    ready_path="/voila/static/no-such-file", cwd=path if path.is_dir() else
                    path.parent, timeout=timeout, any_answer=True)
    server.voila_root = path if path.is_dir() else None
    return server


# -- browser ------------------------------------------------------------------------------------

def launch_chromium(playwright, executable: str | None = None):
    """Debian's Chromium, headless; Playwright gives it a fresh, empty user-data dir."""
    executable = executable or find_chromium()
    if executable is None:
        raise FileNotFoundError(SKIP_REASON)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                      headless=True)


# -- requests: nothing from the internet -------------------------------------------------------

# A classroom may have no internet: everything a page needs must come from the local server (or,
# for the static site, from disk). Addresses that count as local:
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "file"})


def is_remote(url: str) -> bool:
    """Whether loading ``url`` leaves this computer: any address whose host is not 127.0.0.1 /
    localhost, except data:, blob:, about: and file: URLs."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "").lower() not in LOCAL_HOSTS


class RequestLog:
    """Every request a browser context makes (documents, scripts, styles, fonts, images, XHR,
    workers' requests, WebSockets), in order, as ``(resource type, URL)``.

    ``attach(context)`` starts recording. With ``block_remote`` (the default) a request that would
    leave the computer is also refused, as in a classroom without internet, so that the page the
    tests check is the page such a classroom sees; it is still recorded and reported by
    :meth:`remote`. Composable: any test or tool can attach one to its own context.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    def attach(self, context, *, block_remote: bool = True) -> "RequestLog":
        context.on("request", lambda req: self.requests.append((req.resource_type, req.url)))
        context.on("page", self._watch_websockets)
        for page in context.pages:
            self._watch_websockets(page)
        if block_remote:
            context.route(is_remote, lambda route: route.abort("internetdisconnected"))
        return self

    def _watch_websockets(self, page) -> None:
        page.on("websocket", lambda ws: self.requests.append(("websocket", ws.url)))

    @property
    def urls(self) -> list[str]:
        return [url for _, url in self.requests]

    def remote(self) -> list[str]:
        """The remote requests, each once, in order, as ``"type URL"``."""
        return list(dict.fromkeys(f"{kind} {url}" for kind, url in self.requests
                                  if is_remote(url)))

    def clear(self) -> None:
        self.requests.clear()


def remote_requests(page) -> list[str]:
    """The remote requests made so far by ``page``'s context (a page from :func:`new_page`)."""
    return page.request_log.remote()


def offline_problems(page, what: str = "the page") -> list[str]:
    """One line per remote request of ``page``'s context: what a classroom without internet
    would miss."""
    return [f"{what} requested a remote address (a classroom without internet does not get it): "
            f"{r}" for r in remote_requests(page)]


def new_page(browser, device_scale_factor: float = 1, *, block_remote: bool = True):
    """A fresh page (its own browser context), recording uncaught script errors in
    ``page.script_errors``, console errors in ``page.console_errors`` (for diagnostics) and
    every request in ``page.request_log`` (a :class:`RequestLog`; remote requests are refused
    unless ``block_remote=False``).

    ``device_scale_factor=2`` is a HiDPI ("retina") screen: ipympl then renders the figures at
    twice the resolution, four times the pixels.
    """
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=device_scale_factor)
    request_log = RequestLog().attach(context, block_remote=block_remote)
    page = context.new_page()
    page.request_log = request_log
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


def open_voila_app(page, server: Server, relpath: str = "", expected_explorers: int = 1) -> None:
    """Open a notebook's Voila app (``relpath`` relative to the folder the server serves; ignored
    when it serves one notebook) and wait until Voila has run every cell and at least
    ``expected_explorers`` explorers show a painted figure."""
    page.goto(server.url(server.voila_path(relpath)), timeout=RUN_ALL_TIMEOUT)
    # Voila executes every cell before it shows the page's widgets.
    if expected_explorers:
        page.locator(EXPLORER).first.wait_for(timeout=RUN_ALL_TIMEOUT)
    wait_for_explorers(page, expected_explorers)


_VOILA_KERNEL_JS = """
() => {
  const el = document.getElementById('jupyter-config-data');
  try { return el ? JSON.parse(el.textContent).kernelId || null : null; } catch (e) { return null; }
}
"""


def shutdown_voila_kernel(page, server: Server) -> None:
    """Stop the kernel of the Voila app shown in ``page`` (a shared Voila server would otherwise
    keep one kernel per notebook opened until it stops)."""
    try:
        kernel_id = page.evaluate(_VOILA_KERNEL_JS)
    except Exception:  # noqa: BLE001 - page closed or navigated away: nothing to stop
        return
    if not kernel_id:
        return
    req = urllib.request.Request(server.url(f"/api/kernels/{kernel_id}"), method="DELETE")
    try:
        urllib.request.urlopen(req, timeout=10).close()
    except (urllib.error.URLError, OSError):
        pass


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
            page.keyboard.press(_arrow_for(handle))
    else:
        choices = explorer.locator(".widget-toggle-buttons button:not(.mod-active)")
        if not choices.count():
            raise AssertionError(f"explorer {explorer_title(explorer)!r} has no slider and no "
                                 "choice buttons to move from the keyboard")
        choices.first.focus()
        page.keyboard.press("Space")
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


# -- accessibility: axe-core (WCAG 2.0/2.1 A and AA) ------------------------------------------------

# The WCAG rules the course is held to (axe-core's tags): WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What the course itself renders in JupyterLab (the scope of the axe check there; the rest of the
# page is JupyterLab's own interface): the explorers, the concept questions, every output of a
# code cell (exercise feedback, printed results, figures) and the rendered Markdown cells.
LAB_COURSE_SCOPE = [EXPLORER, ".mathlib-question", ".jp-Cell .jp-OutputArea-output",
                    ".jp-MarkdownCell .jp-RenderedMarkdown"]


def _axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


# Violations that come from JupyterLab's or Voila's own interface and that the course cannot fix:
# skipped by rule name AND scope (the elements they may occur on), each listed in README.md
# ("Accessibility"), and reported by the test run (never dropped silently).
#
# scrollable-region-focusable on a rendered Markdown cell: JupyterLab and Voila render Markdown in a
# box with `overflow: auto` and typeset formulas with MathJax 3, which adds to every formula an
# invisible copy in MathML for screen readers (<mjx-assistive-mml>). When a formula ends near the
# edge of the box, that invisible copy sticks out by a few pixels, the box becomes "scrollable" and
# axe asks for it to be keyboard-focusable. There is nothing to scroll to: the box is skipped only
# when it stops overflowing once the invisible copies are set aside (checked in the page).
KNOWN_INTERFACE_VIOLATIONS = {
    "scrollable-region-focusable": {
        "scope": ".jp-RenderedMarkdown",
        "unless": "overflows without MathJax's invisible assistive MathML",
        "why": "JupyterLab/Voila Markdown box (overflow: auto) scrolls only because of MathJax 3's "
               "invisible <mjx-assistive-mml>; nothing visible to scroll to",
    },
}

_AXE_RUN_JS = """
async ([include, exclude, tags, known]) => {
  const context = {};
  if (include && include.length) {
    const found = include.filter(s => document.querySelector(s));
    if (!found.length) return {violations: [], skipped: []};
    context.include = found.map(s => [s]);
  }
  if (exclude && exclude.length) context.exclude = exclude.map(s => [s]);
  const result = await axe.run(Object.keys(context).length ? context : document,
      {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  // Overflowing only because of MathJax's invisible MathML copies?
  const mathjaxOnly = (el) => {
    const hidden = [...el.querySelectorAll('mjx-assistive-mml')];
    // (MathJax's own CSS says display: block !important: only an inline !important beats it)
    const saved = hidden.map(h => [h.style.getPropertyValue('display'),
                                   h.style.getPropertyPriority('display')]);
    hidden.forEach(h => { h.style.setProperty('display', 'none', 'important'); });
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    hidden.forEach((h, i) => {
      if (saved[i][0]) h.style.setProperty('display', saved[i][0], saved[i][1]);
      else h.style.removeProperty('display');
    });
    return hidden.length > 0 && !overflows;
  };
  const violations = [], skipped = [];
  for (const v of result.violations) {
    const keep = [];
    for (const n of v.nodes) {
      const node = {target: n.target.join(' '), html: n.html.slice(0, 200),
                    summary: (n.failureSummary || '').slice(0, 300)};
      const rule = known[v.id];
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) {}
      if (rule && el && el.matches(rule.scope) && mathjaxOnly(el)) skipped.push({id: v.id, ...node});
      else keep.push(node);
    }
    if (keep.length) violations.push({id: v.id, impact: v.impact, help: v.help, nodes: keep});
  }
  return {violations, skipped};
}
"""

AXE_SKIPPED: list[dict] = []  # known interface violations seen in this run (for the summary)


def axe_violations(page, include: list[str] | None = None, *,
                   exclude: list[str] | None = None, known: dict | None = None) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations in ``page``, within the elements matched by
    the ``include`` selectors (all the page if None) minus ``exclude``.

    ``known``: rule id -> ``{"scope": selector, ...}``, violations of JupyterLab's or Voila's own
    interface to set aside (by default :data:`KNOWN_INTERFACE_VIOLATIONS`; ``{}`` for none). The ones
    set aside are appended to :data:`AXE_SKIPPED`. Returns one dict per violated rule: ``id``,
    ``impact``, ``help`` and its ``nodes`` (``target``, ``html``, ``summary``).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_script())
    known = KNOWN_INTERFACE_VIOLATIONS if known is None else known
    out = page.evaluate(_AXE_RUN_JS, [include or [], exclude or [], WCAG_TAGS,
                                      {k: {"scope": v["scope"]} for k, v in known.items()}])
    AXE_SKIPPED.extend({"page": page.url.split("?")[0], **s} for s in out["skipped"])
    return out["violations"]


_HELPERS_READY_JS = """
(sel) => [...document.querySelectorAll(sel)].every(e =>
  e.querySelector('.mathlib-live') &&
  [...e.querySelectorAll('.noUi-handle')].every(h => h.getAttribute('aria-label')))
"""


def accessibility_problems(page, what: str, include: list[str] | None = None) -> list[str]:
    """One line per WCAG 2.0/2.1 A/AA violation that axe-core finds (see :func:`axe_violations`).

    Waits first until every explorer's accessibility helper (mathlib/_a11y.py) has rendered."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_HELPERS_READY_JS, arg=EXPLORER, timeout=WIDGET_TIMEOUT, polling=100)
    except PlaywrightTimeout:
        return [f"{what}: not every explorer's accessibility helper rendered (no slider names, "
                f"no live readout); browser console errors: {page.console_errors[:3]}"]
    violations = axe_violations(page, include)
    if not violations:
        return []
    return [f"{what}: axe-core finds {sum(len(v['nodes']) for v in violations)} element(s) "
            f"failing WCAG 2.1 AA:\n  {format_violations(violations)}"]


def lab_accessibility_problems(page) -> list[str]:
    """axe-core on what the course renders in a JupyterLab notebook (:data:`LAB_COURSE_SCOPE`)."""
    return accessibility_problems(page, "JupyterLab (what the course renders)", LAB_COURSE_SCOPE)


def voila_accessibility_problems(page) -> list[str]:
    """axe-core on a whole Voila app page (everything on it is the course's notebook)."""
    return accessibility_problems(page, "Voila")


def format_violations(violations: list[dict], limit: int = 5) -> str:
    """axe's violations, one rule a paragraph, with up to ``limit`` failing elements each."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}")
        for n in v["nodes"][:limit]:
            lines.append(f"    {n['target']}: {n['html'][:160]}")
            if n["summary"]:
                lines.append("      " + n["summary"].replace("\n", " ")[:240])
    return "\n  ".join(lines)


# -- keyboard only: Tab to each control of an explorer, arrows move it, Reset -------------------

_ACTIVE_JS = """
() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const s = getComputedStyle(a);
  return {role: a.getAttribute('role'), name: a.getAttribute('aria-label') || '',
          text: (a.innerText || '').trim().slice(0, 60), tag: a.tagName.toLowerCase(),
          inExplorer: !!a.closest('.mathlib-explorer'), focusVisible: a.matches(':focus-visible'),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                || (s.boxShadow && s.boxShadow !== 'none'),
          value: a.getAttribute('aria-valuenow')};
}
"""

_SENTINEL_JS = """
(el) => {
  // A focusable point just before the explorer: where a learner's Tab comes from.
  let s = document.getElementById('mathlib-tab-start');
  if (!s) { s = document.createElement('div'); s.id = 'mathlib-tab-start'; s.tabIndex = 0;
            s.textContent = 'start'; }
  el.parentNode.insertBefore(s, el);
  s.focus();
}
"""

_READOUT_JS = "el => (el.querySelector('.mathlib-readout') || {innerText: ''}).innerText.trim()"
_LIVE_JS = "el => (el.querySelector('.mathlib-live') || {textContent: ''}).textContent.trim()"


def keyboard_walk_problems(page, explorer, *, presses: int = 3, timeout: float = MOVE_TIMEOUT
                           ) -> list[str]:
    """A learner with a keyboard only (and a screen reader): from just before the explorer, Tab
    reaches every slider (announced by its label: its accessible name) and then Reset, each with a
    visible focus ring; arrow keys move the first slider, which changes the figure's pixels, the
    readout, and (once the move has settled) the polite live region; Enter on Reset puts it back.
    Returns what went wrong (empty: all well)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    title = explorer_title(explorer) or "explorer"
    controls = slider_controls(explorer)
    if not controls:
        return [f"{title}: no slider"]
    names = [name for name, _ in controls]
    for name in names:
        if explorer.get_by_role("slider", name=name, exact=True).count() != 1:
            problems.append(f"{title}: no slider whose accessible name is its label {name!r}")
    explorer.scroll_into_view_if_needed()
    explorer.evaluate(_SENTINEL_JS)
    stops = []
    for _ in range(4 * len(controls) + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE_JS)
        if not active or not active["inExplorer"]:
            break
        stops.append(active)
        if active["tag"] == "button" and active["text"] == "Reset":
            break
    reached = [s["name"] for s in stops if s["role"] == "slider"]
    if reached != names:
        problems.append(f"{title}: Tab reaches the sliders {reached}, expected {names}")
    if not stops or stops[-1]["text"] != "Reset":
        problems.append(f"{title}: Tab does not reach the Reset button "
                        f"(stops: {[s['name'] or s['text'] for s in stops]})")
    for s in stops:
        if not (s["focusVisible"] and s["ring"]):
            problems.append(f"{title}: no visible focus on {s['name'] or s['text']!r} ({s['tag']})")
    if problems:
        return problems

    # Back on the first slider, the arrow keys.
    name, handle = controls[0]
    handle.focus()
    # aria-valuetext: the value as shown (noUiSlider rounds aria-valuenow to one decimal)
    start_value = handle.get_attribute("aria-valuetext")
    before = canvas_data_url(explorer)
    readout_before = explorer.evaluate(_READOUT_JS)
    key = _arrow_for(handle)
    for _ in range(presses):
        page.keyboard.press(key)
    try:
        explorer.locator(CANVAS).first.evaluate(
            """(c, [before, timeout]) => new Promise((resolve, reject) => {
                 const t0 = performance.now();
                 (function poll() {
                   if (c.toDataURL() !== before) return resolve(true);
                   if (performance.now() - t0 > timeout) return reject(new Error('unchanged'));
                   requestAnimationFrame(poll);
                 })();
               })""", [before, timeout])
    except Exception:  # noqa: BLE001 - Playwright's Error: the figure did not change
        problems.append(f"{title}: {presses} x {key} on {name!r} did not change the figure")
    if handle.get_attribute("aria-valuetext") == start_value:
        problems.append(f"{title}: {key} did not move {name!r}")
    try:
        page.wait_for_function(
            "([el, before]) => (el.querySelector('.mathlib-readout') || {innerText: ''})"
            ".innerText.trim() !== before", arg=[explorer.element_handle(), readout_before],
            timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: moving {name!r} did not change the readout "
                        f"({readout_before!r})")
    try:
        page.wait_for_function(
            "([el]) => { const r = el.querySelector('.mathlib-readout');"
            "  const l = el.querySelector('.mathlib-live');"
            "  return r && l && l.textContent.trim() !== '' &&"
            "    l.textContent.trim() === r.innerText.replace(/\\s+/g, ' ').trim(); }",
            arg=[explorer.element_handle()], timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: the live region does not announce the settled readout: "
                        f"{explorer.evaluate(_LIVE_JS)!r}")
    live = explorer.locator(".mathlib-live")
    if live.count() != 1 or live.get_attribute("aria-live") != "polite" \
            or live.get_attribute("role") != "status":
        problems.append(f"{title}: the readout has no polite live region (role=status)")

    # Tab on to Reset, Enter: the slider goes back to its starting value.
    for _ in range(4 * len(controls) + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE_JS)
        if not active or (active["tag"] == "button" and active["text"] == "Reset"):
            break
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("([h, v]) => h.getAttribute('aria-valuetext') === v",
                               arg=[handle.element_handle(), start_value], timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: Enter on Reset did not put {name!r} back to {start_value}")
    explorer.evaluate("() => { const s = document.getElementById('mathlib-tab-start');"
                      " if (s) s.remove(); }")
    return problems
