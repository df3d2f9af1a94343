"""The lock: requirements.txt pins every package, and the running environment is exactly the lock.

requirements.in lists the direct requirements; `make lock` (uv pip compile, itself pinned) writes
requirements.txt with every package, transitive ones included. These tests check that the lock
was generated from requirements.in, and that ``pip freeze`` of the Python running the tests
(sys.executable: .venv under `make test`) has nothing that the lock does not pin and no version
that differs from it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

from .nbkernel import ROOT

LOCK = ROOT / "requirements.txt"
DIRECT = ROOT / "requirements.in"

# Installed but not pinned, on purpose: mathlib is this repository itself, installed by the lock's
# last line `-e .` (its version is pyproject.toml's, not a pin). pip and setuptools ARE pinned
# (the venv's own copies are replaced by the pinned ones), so they are checked like the rest.
NOT_PINNED = {"mathlib": "this repository, installed by the lock's last line `-e .`"}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-]*)==([^\s;]+)\s*(?:;\s*(.+?))?\s*$")


def pins(path: Path = LOCK) -> list[tuple[str, str, str | None]]:
    """(canonical name, version, marker or None) for every `name==version[ ; marker]` line."""
    out = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#") or line.startswith("-e"):
            continue
        match = PIN.match(line.split(" #")[0].rstrip())
        assert match, f"{path.name}: not an exact pin: {line!r}"
        name, version, marker = match.groups()
        out.append((canonicalize_name(name), version, marker))
    return out


def pinned_here(path: Path = LOCK) -> dict[str, str]:
    """The pins whose environment marker holds for this Python on this machine: name -> version."""
    here = {}
    for name, version, marker in pins(path):
        if marker is None or Marker(marker).evaluate():
            assert name not in here, f"{name} is pinned twice for this environment"
            here[name] = version
    return here


def frozen() -> dict[str, str]:
    """`pip freeze --all` of the running Python: canonical name -> version (or '-e PATH')."""
    text = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all"], check=True,
                          capture_output=True, text=True).stdout
    installed = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-e "):
            target = line[3:].strip()
            if "#egg=" in target:
                # In a git checkout pip names the editable install by its repository and
                # commit: `-e git+URL@SHA#egg=mathlib` (the URL is wherever it was cloned from).
                name = canonicalize_name(target.rsplit("#egg=", 1)[1])
            else:
                path = Path(target)
                name = "mathlib" if path.resolve() == ROOT.resolve() else f"editable {path}"
            installed[name] = line
        elif " @ " in line:
            name, url = line.split(" @ ", 1)
            installed[canonicalize_name(name)] = f"@ {url}"
        else:
            name, version = line.split("==", 1)
            installed[canonicalize_name(name)] = version
    return installed


def test_the_environment_is_exactly_the_lock():
    installed, locked = frozen(), pinned_here()
    unpinned = sorted(f"{n} {v}" for n, v in installed.items()
                      if n not in locked and n not in NOT_PINNED)
    differ = sorted(f"{n}: installed {installed[n]}, pinned {v}" for n, v in locked.items()
                    if n in installed and installed[n] != v)
    missing = sorted(f"{n}=={v}" for n, v in locked.items() if n not in installed)
    assert not unpinned, (f"{sys.executable}: installed but not pinned in requirements.txt: "
                          f"{unpinned}. Add the direct requirement to requirements.in and run "
                          f"`make lock`, or uninstall it")
    assert not differ, f"{sys.executable}: versions differ from requirements.txt: {differ}"
    assert not missing, f"{sys.executable}: pinned but not installed: {missing}"
    assert "mathlib" in installed, "mathlib is not installed: the lock's `-e .` did not run"


def test_the_lock_pins_every_package_for_python_3_11():
    locked = pins()
    assert len({name for name, _, _ in locked}) >= 100, "the transitive packages are pinned too"
    here = pinned_here()
    for name in ("numpy", "jupyterlab", "tornado", "pyzmq", "jinja2", "traitlets", "pip",
                 "setuptools", "uv"):
        assert name in here, f"{name} is not pinned for this environment"


def test_the_lock_is_generated_from_requirements_in_by_make_lock():
    text = LOCK.read_text()
    assert text.startswith("# This file was autogenerated by uv via the following command:\n"
                           "#    make lock\n"), "requirements.txt is written by `make lock`"
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == "-e .", "requirements.txt ends by installing mathlib itself"
    locked = {name: version for name, version, _ in pins()}
    direct = pins(DIRECT)
    assert {"mutmut", "axe-playwright-python", "uv", "pyyaml", "pytest"} <= {n for n, _, _ in direct}
    for name, version, _ in direct:
        assert locked.get(name) == version, (
            f"requirements.in asks for {name}=={version}, requirements.txt pins "
            f"{locked.get(name)}: run `make lock`")
    uv_pin = dict((n, v) for n, v, _ in direct)["uv"]
    makefile = (ROOT / "Makefile").read_text()
    lock_recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "uv pip compile requirements.in" in lock_recipe and "-o requirements.txt" in lock_recipe
    assert "--universal" in lock_recipe, "one lock for Linux, macOS and Windows"
    assert re.search(r"\$\(STAMP\):[^\n]*requirements\.txt", makefile), \
        "make setup reinstalls when the lock changes"
    assert uv_pin == locked["uv"]
