"""One sandbox per submission: bubblewrap's argv, the minimal environment, the limits.

Sealed (Linux with bubblewrap): the course's ``mathlib/`` and ``data/``, the Python installation
and ``/usr`` are mounted read-only; the submission's own fresh folder is the only writable place
besides a private, size-capped /tmp; no network (``--unshare-net``), its own PID, IPC and UTS
namespaces (it cannot see or signal the grader or another submission, and everything it started
dies with it: ``--die-with-parent``), no capabilities, a new session (no terminal injection),
and an environment of a few variables only (``--clearenv``). Nothing else of the host is there:
not the submissions folder, not the CSV, not the teacher's home.

Not sealed (no bubblewrap, or ``--unsealed``): the same minimal environment and resource limits,
a fresh folder, but the student's code runs as the grader's user with the grader's file access.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import mathlib

COURSE = Path(mathlib.__file__).resolve().parent.parent    # the repository (or site-packages)
GB = 1024 ** 3
MB = 1024 ** 2


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission (each process in it; 0: no limit)."""

    memory: int = 1 * GB          # address space (RLIMIT_AS)
    cpu: int = 600                # CPU seconds (RLIMIT_CPU)
    processes: int = 64           # RLIMIT_NPROC (see docs/grading.md: not binding for root)
    filesize: int = 100 * MB      # largest file it may write (RLIMIT_FSIZE)
    output: int = 2 * MB          # output kept per notebook; the rest is dropped
    tmp: int = 256 * MB           # size of the private /tmp (sealed only)

    def memory_text(self) -> str:
        return size_text(self.memory)

    def prefix(self, python: str) -> list[str]:
        """The launcher that sets these limits before it becomes the command."""
        return [python, "-m", "mathlib.grading.limits", str(self.memory), str(self.cpu),
                str(self.processes), str(self.filesize), "--"]


def size_text(n: int) -> str:
    if n >= GB:
        return f"{round(n / GB, 2):g} GB"
    return f"{round(n / MB, 1):g} MB"


def parse_size(text: str) -> int:
    """'1G', '512M', '1.5GB', '1048576' -> bytes (ValueError for anything else)."""
    t = text.strip().upper().removesuffix("B")
    factor = {"K": 1024, "M": MB, "G": GB}.get(t[-1:], 1)
    number = t[:-1] if t[-1:] in "KMG" else t
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"a size like 1G or 512M was expected, got {text!r}") from None
    if value < 0:
        raise ValueError(f"a size cannot be negative, got {text!r}")
    return int(value * factor)


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


@lru_cache(maxsize=None)
def sandbox_problem() -> str | None:
    """None when bubblewrap can seal a submission here, else why not (one line)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux; this is {sys.platform}"
    bwrap = bwrap_path()
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    try:
        probe = subprocess.run(bwrap_argv(Path("/"), [sys.executable, "-c", "pass"],
                                          Limits(), writable=None),
                               capture_output=True, timeout=60, env=host_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap did not start: {exc}"
    if probe.returncode != 0:
        reason = probe.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bubblewrap cannot make a sandbox here: {reason[-1] if reason else 'no reason'}"
    return None


def _python_roots() -> list[Path]:
    """What the interpreter needs: the venv (sys.prefix) and the base installation."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(sys.executable).resolve().parent.parent}
    return sorted(r for r in roots if not str(r).startswith("/usr"))


def kernel_env(home: str) -> dict[str, str]:
    """The whole environment the student's code sees: none of the teacher's variables."""
    venv_bin = str(Path(sys.executable).parent)
    return {"PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin", "HOME": home,
            "LANG": "C.UTF-8", "PYTHONPATH": str(COURSE), "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{home}/.mpl",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JUPYTER_PLATFORM_DIRS": "1",
            "IPYTHONDIR": f"{home}/.ipython", "JUPYTER_RUNTIME_DIR": f"{home}/.jupyter-runtime"}


def host_env() -> dict[str, str]:
    """Environment for the bwrap process itself (it clears it for the sandbox)."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def bwrap_argv(folder: Path, command: list[str], limits: Limits, *,
               writable: Path | None) -> list[str]:
    """bubblewrap's command line running ``command`` with ``writable`` as its only own folder.

    ``writable`` is mounted read-write at its own path (the kernel's ipc sockets and connection
    file live in its ``run/``, so the paths agree inside and out); its ``work/`` (the copy of the
    notebook) is the working directory and ``work/home`` the home.
    """
    argv = [bwrap_path() or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--clearenv",
            "--ro-bind", "/usr", "/usr",
            "--proc", "/proc", "--dev", "/dev",
            "--size", str(limits.tmp), "--tmpfs", "/tmp"]
    for system_dir in ("/bin", "/lib", "/lib64", "/lib32", "/sbin"):   # Linux only, like bwrap
        path = Path(system_dir)
        if path.is_symlink():
            argv += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            argv += ["--ro-bind", str(path), str(path)]
    for name in ("ld.so.cache", "fonts", "localtime", "mime.types"):
        argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    for root in _python_roots():
        argv += ["--ro-bind", str(root), str(root)]
    for part in ("mathlib", "data"):
        argv += ["--ro-bind-try", str(COURSE / part), str(COURSE / part)]
    home = "/tmp"
    if writable is not None:
        argv += ["--bind", str(writable), str(writable), "--chdir", str(writable / "work")]
        home = str(writable / "work" / "home")
    for key, value in kernel_env(home).items():
        argv += ["--setenv", key, value]
    return argv + ["--", *limits.prefix(sys.executable), *command]


def wrap(command: list[str], limits: Limits, *, sealed: bool, folder: Path) -> list[str]:
    """``command`` run with the limits, in the sandbox when ``sealed``."""
    if sealed:
        return bwrap_argv(folder, command, limits, writable=folder)
    return [*limits.prefix(sys.executable), *command]
