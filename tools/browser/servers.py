"""Servers and the browser: JupyterLab or Voila on a free localhost port, Debian's Chromium.

* :func:`start_lab` / :func:`start_voila` start a server on a free localhost port with a random
  token and a throw-away Jupyter configuration (the user's settings, workspaces and the
  notebooks' checkpoints are never touched; autosave is off, so running a notebook in the
  browser never writes to notebooks/); :func:`shutdown_kernels` / :func:`shutdown_voila_kernel`
  stop a notebook's kernel between tests.
* :func:`launch_chromium` starts Debian's Chromium (test tools cannot download browsers here).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
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
# Playwright and the other test tools are pinned in the test lock file, requirements-test.txt.
PLAYWRIGHT_MISSING = "playwright not installed: pip install -r requirements-test.txt"
SERVER_START_TIMEOUT = 120       # seconds: first start of Lab on a cold, busy 2-core machine


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
    relative to the folder. Voila uses its installed configuration, as ``.venv/bin/voila`` does:
    ``voila.json`` (in ``<prefix>/etc/jupyter/``) and the course's "lab-offline" template (in
    ``<prefix>/share/jupyter/voila/templates/``) are installed with mathlib, as the package's data
    files from ``etc/``; ``make`` does not copy them.
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


def notebook_paths(root: Path = ROOT) -> list[str]:
    """The course notebooks, relative to ``root``: notebooks/*.ipynb, sorted."""
    return [p.relative_to(root).as_posix() for p in sorted((root / "notebooks").glob("*.ipynb"))]


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
