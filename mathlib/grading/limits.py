"""Set resource limits, then become the given command: ``python -m mathlib.grading.limits``.

Usage (the grader builds it)::

    python -m mathlib.grading.limits MEMORY CPU PROCESSES FILESIZE -- COMMAND ARGS...

Each limit is a whole number (bytes, CPU seconds, processes, bytes); 0 leaves that limit alone.
Runs inside the sandbox (or, not sealed, as the kernel's launcher), so the limits bind the
student's process and everything it starts. Where a limit cannot be set (Windows has no
``resource``; macOS ignores RLIMIT_AS) it is left as it is: the grader says which limits hold.
"""

from __future__ import annotations

import os
import sys


def apply(memory: int, cpu: int, processes: int, filesize: int) -> list[str]:
    """Set the limits that this system allows; the names of those set."""
    try:
        import resource
    except ImportError:           # Windows
        return []
    done = []
    for name, value in (("RLIMIT_AS", memory), ("RLIMIT_CPU", cpu), ("RLIMIT_NPROC", processes),
                        ("RLIMIT_FSIZE", filesize)):
        limit = getattr(resource, name, None)
        if not value or limit is None:
            continue
        try:
            resource.setrlimit(limit, (value, value))
            done.append(name)
        except (ValueError, OSError):
            pass
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))   # no core files of a crashed kernel
    except (ValueError, OSError, AttributeError):
        pass
    return done


def main(argv: list[str]) -> None:
    if len(argv) < 6 or argv[4] != "--":
        sys.exit("usage: python -m mathlib.grading.limits MEMORY CPU PROCESSES FILESIZE -- CMD")
    apply(*(int(a) for a in argv[:4]))
    os.execv(argv[5], argv[5:])


if __name__ == "__main__":
    main(sys.argv[1:])
