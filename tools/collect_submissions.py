"""Collect one notebook from every student's home on a JupyterHub server, one folder each.

    sudo python tools/collect_submissions.py --repo REPO_NAME --notebook 00 --to submissions/00
    make grade DIR=submissions/00

For each ``/home/jupyter-NAME`` (``--homes`` to change ``/home``, ``--prefix`` for ``jupyter-``)
it copies ``REPO/notebooks/NN_*.ipynb`` (``--notebook 00``, or a full file name) to
``TO/NAME/<file name>``. Safe to run as root on files students control:

- no symlink is ever followed: each folder on the way (the home, REPO, notebooks) and the file
  are opened with O_NOFOLLOW, one below the other, so a link planted anywhere on the path (to a
  classmate's notebook, to /etc/shadow) is skipped and reported, never read;
- only regular files are copied, at most 50 MB, their bytes only (not owner, mode or times);
- each student gets a folder of their own, created fresh: a copy never overwrites another's;
- a name that is not a plain user name (letters, digits, . _ -) is skipped and reported.

Prints one line per student (copied, missing, skipped and why); exit status 0.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import stat
import sys
from pathlib import Path

MAX_BYTES = 50 * 1024 ** 2
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _open_dir(parent_fd: int | None, name: str) -> int:
    return os.open(name, _DIR_FLAGS, dir_fd=parent_fd) if parent_fd is not None \
        else os.open(name, _DIR_FLAGS)


def _matches(name: str, notebook: str) -> bool:
    if notebook.endswith(".ipynb"):
        return name == notebook
    return name.startswith(f"{notebook}_") and name.endswith(".ipynb") and \
        not name.startswith(".")


def collect_one(homes: Path, home_name: str, student: str, repo: str, notebook: str,
                dest: Path) -> tuple[str, str]:
    """(status, detail) for one home: "copied", "missing" or "skipped"."""
    fds: list[int] = []
    try:
        try:
            fds.append(_open_dir(None, str(homes)))
            for part in (home_name, repo, "notebooks"):
                fds.append(_open_dir(fds[-1], part))
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                return "skipped", "a symlink on the way to notebooks/ (never followed)"
            return "missing", f"no {repo}/notebooks/ folder ({exc.strerror})"
        names = sorted(n for n in os.listdir(fds[-1]) if _matches(n, notebook))
        if not names:
            return "missing", f"no {notebook} notebook in {repo}/notebooks/"
        if len(names) > 1:
            return "skipped", f"several files match {notebook}: {', '.join(names)}"
        name = names[0]
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fds[-1])
        except OSError as exc:
            return "skipped", f"{name}: {exc.strerror} (a symlink is never followed)"
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                return "skipped", f"{name} is not a regular file"
            if info.st_size > MAX_BYTES:
                return "skipped", f"{name} is larger than 50 MB"
            data = f.read(MAX_BYTES + 1)
        target = dest / student
        target.mkdir(parents=True, exist_ok=False)
        (target / name).write_bytes(data)
        return "copied", f"{student}/{name} ({len(data)} bytes)"
    finally:
        for fd in fds:
            os.close(fd)


def collect(homes: Path, repo: str, notebook: str, dest: Path, prefix: str = "jupyter-"):
    """Copy every student's notebook; a list of (home name, status, detail)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    report = []
    for entry in sorted(os.scandir(homes), key=lambda e: e.name):
        if not entry.name.startswith(prefix):
            continue
        name = entry.name[len(prefix):]
        if not _NAME.match(name):
            report.append((entry.name, "skipped", "not a plain user name"))
            continue
        if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
            report.append((entry.name, "skipped", "not a folder (a symlink is never followed)"))
            continue
        if (dest / name).exists():
            report.append((entry.name, "skipped", f"{dest / name} exists already: collect "
                                                  "into a new folder"))
            continue
        report.append((entry.name, *collect_one(Path(homes), entry.name, name, repo, notebook,
                                                  dest)))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="the course folder in each home")
    parser.add_argument("--notebook", required=True,
                        help="notebook number (00) or file name (00_welcome.ipynb)")
    parser.add_argument("--to", required=True, type=Path, help="folder to collect into")
    parser.add_argument("--homes", type=Path, default=Path("/home"))
    parser.add_argument("--prefix", default="jupyter-", help="home folder prefix (jupyter-)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{2}|[\w.() -]+\.ipynb", args.notebook) or "/" in args.repo:
        parser.error("--notebook is a number like 00 or a file name; --repo a folder name")
    report = collect(args.homes, args.repo, args.notebook, args.to, args.prefix)
    for home, status, detail in report:
        print(f"{status:8} {home}: {detail}")
    copied = sum(s == "copied" for _, s, _ in report)
    print(f"{copied} of {len(report)} homes copied into {args.to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
