"""Grade a class: ``python -m mathlib.grade DIR`` (``make grade DIR=...``).

Each submitted notebook is copied alone into a fresh folder and run in a sandbox (bubblewrap:
no network, read-only course, own PID namespace, minimal environment, resource limits), then
judged by the grader's own run with freshly loaded checks and cases drawn for this run; a static
read flags tampering. Writes build/grades.csv (atomically after each notebook), one feedback
file per student and a summary. The machinery is in :mod:`mathlib.grading`; what is and is not
protected is in docs/grading.md.
"""

from __future__ import annotations

import sys

from mathlib.grading import *  # noqa: F401,F403 - the public names, for `from mathlib import grade`
from mathlib.grading import __all__, main  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
