"""Speed of the from-scratch decompositions in mathlib.linalg beside numpy.linalg's.

    .venv/bin/python -m tools.bench_linalg      # from the repository's root

Issue 8's targets: ``svd`` of a 200 x 300 matrix and ``eig_sym`` of a 100 x 100 symmetric matrix
each in under 1 s, accurate to 1e-10 relative. Prints a table to stderr and, as the last line of
stdout, a JSON dict (``{"linalg": [...]}``) for build/bench.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import numpy as np

from mathlib import linalg

TARGET_S = 1.0


def _time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(repeats: int = 3) -> list[dict]:
    rng = np.random.default_rng(0)
    A = rng.standard_normal((200, 300))
    B = rng.standard_normal((100, 100))
    S = B + B.T
    rows = []

    s_ref = np.linalg.svd(A, compute_uv=False)
    _, s, _ = linalg.svd(A)
    rows.append({"task": "svd 200x300", "mathlib_s": round(_time(lambda: linalg.svd(A), repeats), 3),
                 "numpy_s": round(_time(lambda: np.linalg.svd(A, full_matrices=False), repeats), 4),
                 "max_rel_error": float(np.max(np.abs(s - s_ref)) / s_ref[0])})
    w_ref = np.linalg.eigvalsh(S)[::-1]
    w, _ = linalg.eig_sym(S)
    rows.append({"task": "eig_sym 100x100", "mathlib_s": round(_time(lambda: linalg.eig_sym(S), repeats), 3),
                 "numpy_s": round(_time(lambda: np.linalg.eigh(S), repeats), 4),
                 "max_rel_error": float(np.max(np.abs(w - w_ref)) / np.max(np.abs(w_ref)))})
    print(f"{'decomposition':18} {'mathlib s':>10} {'numpy s':>9} {'rel. error':>11}", file=sys.stderr)
    for r in rows:
        mark = "ok" if r["mathlib_s"] <= TARGET_S and r["max_rel_error"] <= 1e-10 else "MISS"
        print(f"{r['task']:18} {r['mathlib_s']:>10.3f} {r['numpy_s']:>9.4f} "
              f"{r['max_rel_error']:>11.1e}   {mark}", file=sys.stderr)
    print(json.dumps({"linalg": rows}))
    return rows


if __name__ == "__main__":
    main()
