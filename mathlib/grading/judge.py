"""The grader's own run of a submission: fresh checks, a seed drawn for this run.

Started by the grader in the submission's sandbox after its kernel ran, as a NEW Python process
(``python -m mathlib.grading.judge``): nothing the student's kernel did to its modules is here.
It reads everything it needs from stdin before any student code runs (a line with the run's
token, then JSON: the cells that ran in the kernel, the ids, the seed), loads
``mathlib.exercises`` from the read-only course, then runs the student's code cells again,
statement by statement, leaving out:

- statements the static read flags as tampering (see :mod:`mathlib.grading.static`);
- bare expressions that only show things (explorers, plots, ``print``, ``hint``, magics).

``check(id, answer)`` and ``ask(id, choice=...)`` are the grader's here: each answer is judged
by the exercise's checker with cases drawn from this run's seed (a table of the published cases
fails), then, if that fails, with the published cases too, so that "passes only the published
cases" can be reported. Each verdict is written at once (token, JSON, newline) to a copy of the
original stdout; the student's own output goes nowhere. A run that is killed keeps the
verdicts written so far.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import linecache
import os
import sys

EXPLORER_MODULES = ("mathlib.explorers", "mathlib.plotting", "mathlib.explore", "matplotlib",
                    "IPython", "ipywidgets", "ipympl")
SHOW_ONLY = {"print", "display", "hint", "solution", "help", "get_ipython"}


class _Shell:
    """``get_ipython()`` here: every magic is a no-op."""

    def __getattr__(self, name):
        return lambda *a, **k: None


def _seed_patch(current: dict):
    """Checkers seed their cases with ``np.random.default_rng(k)``: mix in this run's seed.

    Only calls from mathlib.exercises modules are changed, and only while ``current["seed"]`` is
    set; the student's own generators are untouched.
    """
    import numpy as np
    original = np.random.default_rng

    def default_rng(seed=None, *args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if current.get("seed") is not None and caller.startswith("mathlib.exercises") \
                and isinstance(seed, (int, np.integer)):
            seed = [int(seed), int(current["seed"])]
        return original(seed, *args, **kwargs)

    np.random.default_rng = default_rng
    return original


def _sub_seed(run_seed: int, id: str, attempt: int) -> int:
    digest = hashlib.sha256(f"{run_seed}:{id}:{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


def _skip(stmt, ns) -> bool:
    """A bare expression that only shows something (or a no-op magic)."""
    if not isinstance(stmt, ast.Expr):
        return False
    call = stmt.value
    if not isinstance(call, ast.Call):
        return True
    func = call.func
    while isinstance(func, ast.Call):      # get_ipython().run_line_magic(...)
        func = func.func
    chain = []
    while isinstance(func, ast.Attribute):
        chain.append(func.attr)
        func = func.value
        while isinstance(func, ast.Call):
            func = func.func
    if not isinstance(func, ast.Name):
        return False
    if func.id in ("check", "ask"):
        return False
    if func.id in SHOW_ONLY and not chain:
        return True
    if func.id == "get_ipython":
        return True
    obj = ns.get(func.id)
    for attr in reversed(chain):
        try:
            obj = getattr(obj, attr)
        except Exception:  # noqa: BLE001 - a name that is not there: run it and let it fail
            return False
    module = getattr(obj, "__module__", None) or getattr(obj, "__name__", "") or ""
    return isinstance(module, str) and module.startswith(EXPLORER_MODULES)


def main() -> None:
    token = sys.stdin.readline().strip()
    job = json.loads(sys.stdin.readline())
    sys.stdin.close()
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")

    def emit(**record):
        out.write(f"{token} {json.dumps(record)}\n")
        out.flush()

    current: dict = {"seed": None}
    _seed_patch(current)
    import mathlib.exercises as ex
    from mathlib.exercises import _core, questions
    from mathlib.grading.static import statement_flags, to_python

    # Our own copies: a later change to the registry or its entries does not reach them.
    exercises = {id: dataclasses.replace(e) for id, e in ex.REGISTRY.items()}
    asks = dict(ex.QUESTIONS)
    evaluate_question = ex.evaluate_question
    expected = set(job["ids"])
    run_seed = int(job["seed"])

    seeds: dict[str, int | None] = {}
    for id in sorted(i for i in expected if i in exercises):
        exercise = exercises[id]
        seeds[id] = None
        for attempt in range(5):
            current["seed"] = _sub_seed(run_seed, id, attempt)
            try:
                good = exercise.evaluate(exercise.reference()).status == "pass" and all(
                    exercise.evaluate(w).status != "pass" for w in exercise.wrong)
            except Exception:  # noqa: BLE001
                good = False
            if good:
                seeds[id] = current["seed"]
                break
        current["seed"] = None

    def grader_check(id, answer=None, *args, **kwargs):
        id = str(id)
        exercise = exercises.get(id)
        if exercise is None:
            emit(id=id, status="unknown", message="")
            return None
        current["seed"] = seeds.get(id)
        try:
            result = exercise.evaluate(answer)
            record = {"id": id, "status": result.status, "message": result.message,
                      "cases": "drawn" if current["seed"] is not None else "published"}
            if result.status == "fail" and current["seed"] is not None:
                current["seed"] = None
                public = exercise.evaluate(answer)
                record["published"] = public.status
        except BaseException as exc:  # noqa: BLE001 - the answer broke the checker
            record = {"id": id, "status": "fail",
                      "message": f"the answer could not be checked ({type(exc).__name__})"}
        finally:
            current["seed"] = None
        emit(**record)

    def grader_ask(id, choice=None, *args, **kwargs):
        id = str(id)
        if choice is None:
            return None
        if id not in asks:
            emit(id=id, status="unknown", message="")
            return None
        try:
            result = evaluate_question(id, choice)
            emit(id=id, status=result.status, message=result.message)
        except BaseException as exc:  # noqa: BLE001
            emit(id=id, status="fail", message=f"the choice could not be read ({exc})")

    ex.check = _core.check = grader_check
    ex.ask = questions.ask = grader_ask
    ns = {"__name__": "__main__", "get_ipython": _Shell}
    for number, source in job["cells"]:
        python = to_python(source)
        try:
            tree = ast.parse(python)
        except (SyntaxError, ValueError):
            emit(cell=number, event="syntax error")
            continue
        # so that feedback quotes the student's line, as in their kernel
        linecache.cache[f"<cell {number}>"] = (len(python), None, python.splitlines(True),
                                               f"<cell {number}>")
        for stmt in tree.body:
            if not isinstance(stmt, (ast.Import, ast.ImportFrom)) and any(
                    f.tamper for f in statement_flags(stmt, number)):
                emit(cell=number, event="not run", line=stmt.lineno)
                continue
            if _skip(stmt, ns):
                continue
            try:
                exec(compile(ast.Module([stmt], []), f"<cell {number}>", "exec"), ns)
            except BaseException as exc:  # noqa: BLE001 - includes SystemExit, KeyboardInterrupt
                emit(cell=number, event="raised", error=type(exc).__name__)
    emit(event="done")


if __name__ == "__main__":
    main()
