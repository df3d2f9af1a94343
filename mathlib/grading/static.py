"""A static read of the student's cells: what honest work never does.

Each finding is a :class:`Flag` with the cell number. ``tamper`` findings (touching RESULTS or
the registry, the checks' modules or frames, sys.modules/importlib, display hooks, signals and
processes, redefining ``check``) are also statements the grader's own run leaves out, so a cheat
is graded on what the grader evaluated without it. Looking at answers (``reference``,
``solution``, ``evaluate``) is flagged and graded as it is: a teacher decides what it means.
This is a read, not a proof: code built at run time (``exec``, ``getattr`` with a computed name)
can hide from it, which is why ``exec``/``eval``/``compile`` are flagged too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

GRADER_NAMES = {"check", "ask", "evaluate", "evaluate_question", "hint", "solution", "reference",
                "display"}
_ATTRS = {
    "RESULTS": "touches RESULTS", "REGISTRY": "touches the exercise registry",
    "QUESTIONS": "reads the questions' keys", "right_letters": "reads the questions' keys",
    "right": None, "checker": "touches a checker", "_CHECKER_DEFECTS": "touches the checks",
    "_getframe": "reads stack frames", "f_back": "reads stack frames",
    "f_locals": "reads stack frames", "f_globals": "reads stack frames",
    "tb_frame": "reads stack frames", "gi_frame": "reads stack frames",
    "cr_frame": "reads stack frames", "settrace": "reads stack frames",
    "setprofile": "reads stack frames", "currentframe": "reads stack frames",
    "getouterframes": "reads stack frames", "getinnerframes": "reads stack frames",
    "__globals__": "reaches into functions' internals",
    "__code__": "reaches into functions' internals",
    "__closure__": "reaches into functions' internals",
    "modules": None, "displayhook": "replaces a display hook",
    "display_pub": "replaces a display hook", "display_formatter": "replaces a display hook",
    "excepthook": "replaces a display hook", "kill": "sends signals", "killpg": "sends signals",
    "getppid": "sends signals", "pthread_kill": "sends signals", "_exit": "ends the process",
    "fork": "starts processes", "system": "starts processes", "popen": "starts processes",
    "execv": "starts processes", "execve": "starts processes", "spawnv": "starts processes",
}
_MODULES = {"importlib": "uses importlib", "signal": "sends signals",
            "subprocess": "starts processes", "multiprocessing": "starts processes",
            "ctypes": "uses ctypes", "gc": "reads the checker's objects (gc)",
            "inspect": None, "builtins": "changes builtins"}
_DYNAMIC = {"exec": "runs code built at run time (exec/eval/compile)",
            "eval": "runs code built at run time (exec/eval/compile)",
            "compile": "runs code built at run time (exec/eval/compile)",
            "__import__": "uses importlib"}
# inspect.getsource is honest (the notebooks show mathlib's code with it); these read frames
_INSPECT_FRAMES = {"stack", "trace", "currentframe", "getouterframes", "getinnerframes",
                   "getclosurevars", "getgeneratorlocals"}


@dataclass(frozen=True)
class Flag:
    cell: int
    what: str
    tamper: bool = True
    id: str = ""          # an exercise the finding is about ("" for the notebook)

    def text(self) -> str:
        return f"cell {self.cell}: {self.what}"


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _course_module(name: str) -> bool:
    return name.startswith("mathlib.exercises.") or name == "mathlib.grading" or \
        name.startswith("mathlib.grading.")


def statement_flags(stmt, cell: int) -> list[Flag]:
    """Flags of one top-level statement."""
    found: list[Flag] = []

    def add(what, tamper=True, id=""):
        found.append(Flag(cell, what, tamper, id))

    for node in ast.walk(stmt):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""])
            for name in names:
                top = name.split(".")[0]
                if _course_module(name) or (isinstance(node, ast.ImportFrom) and name in (
                        "mathlib.exercises", "mathlib") and any(
                        a.name in ("_core", "questions", "_feedback", "RESULTS", "REGISTRY",
                                   "QUESTIONS", "grading")
                        or a.name.startswith(("nb", "questions_"))
                        for a in node.names)):
                    add("imports the checks' modules or records")
                elif _MODULES.get(top):
                    add(_MODULES[top])
                elif top == "inspect" and isinstance(node, ast.ImportFrom) and any(
                        a.name in _INSPECT_FRAMES for a in node.names):
                    add("reads stack frames")
                elif top == "sys" and isinstance(node, ast.ImportFrom) and any(
                        a.name in ("modules", "_getframe", "settrace", "displayhook")
                        for a in node.names):
                    add("uses sys.modules or frames")
                elif top == "os" and isinstance(node, ast.ImportFrom) and any(
                        a.name in ("kill", "killpg", "getppid", "_exit", "system", "fork")
                        for a in node.names):
                    add("sends signals or starts processes")
        elif isinstance(node, ast.Attribute):
            what = _ATTRS.get(node.attr)
            dotted = _dotted(node)
            if node.attr == "modules" and dotted.endswith("sys.modules"):
                add("uses sys.modules")
            elif node.attr in _INSPECT_FRAMES and dotted.startswith("inspect."):
                add("reads stack frames")
            elif node.attr == "right" and isinstance(node.ctx, ast.Load):
                continue
            elif what:
                add(what)
            elif node.attr in GRADER_NAMES - {"display"} and isinstance(node.ctx, ast.Store):
                add(f"replaces {node.attr}")
            elif node.attr == "display" and isinstance(node.ctx, ast.Store):
                add("replaces a display hook")
            elif node.attr in ("stdout", "stderr") and isinstance(node.ctx, ast.Store):
                add("replaces a display hook")
        elif isinstance(node, ast.Name):
            if node.id in ("RESULTS", "REGISTRY", "QUESTIONS"):
                add(_ATTRS[node.id])
            elif node.id in _DYNAMIC:
                add(_DYNAMIC[node.id], tamper=node.id == "__import__")
            elif node.id in GRADER_NAMES and isinstance(node.ctx, ast.Store):
                add(f"redefines {node.id}")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in GRADER_NAMES:
                add(f"redefines {node.name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in ("RESULTS", "REGISTRY", "QUESTIONS", "right_letters", "_getframe",
                              "f_back", "f_locals", "modules", "checker"):
                add(f"names {node.value!r} in a string")
            elif _course_module(node.value):
                add("names the checks' modules in a string")
        if isinstance(node, ast.alias) and node.asname in GRADER_NAMES:
            add(f"redefines {node.asname}")
        if isinstance(node, ast.Call):
            name = _dotted(node.func).split(".")[-1]
            arg = (node.args[0].value if node.args and isinstance(node.args[0], ast.Constant)
                   else "")
            if name == "reference":
                add(f"uses reference({arg!r})" if arg else "uses reference()", tamper=False,
                    id=str(arg))
            elif name in ("evaluate", "evaluate_question"):
                add(f"calls {name}() (tries answers on the checker)", tamper=False,
                    id=str(arg))
    return found


def read(cells: list[tuple[int, str]]) -> tuple[list[Flag], dict[str, int]]:
    """(flags of every cell, first cell calling ``solution(id)`` for each id)."""
    flags: list[Flag] = []
    solutions: dict[str, int] = {}
    for number, source in cells:
        tree = parse(source)
        if tree is None:
            continue
        for stmt in tree.body:
            flags += statement_flags(stmt, number)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and _dotted(node.func).split(".")[-1] == "solution"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                solutions.setdefault(str(node.args[0].value), number)
    unique = sorted(dict.fromkeys(flags), key=lambda f: f.cell)
    return unique, solutions


def to_python(source: str) -> str:
    """A cell's source as plain Python: a line magic or shell line (``%matplotlib widget``,
    ``!ls``) becomes ``pass``, a cell magic (``%%time``) an empty cell; anything else IPython
    would read differently (``x = !ls``, ``f?``) goes through IPython's own transformer."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        return ""
    plain = "\n".join(line[:len(line) - len(line.lstrip())] + "pass"
                      if line.lstrip().startswith(("%", "!")) else line for line in lines)
    try:
        ast.parse(plain)
        return plain
    except (SyntaxError, ValueError):
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - a cell IPython cannot read is left as it is
        return source


def parse(source: str):
    try:
        return ast.parse(to_python(source))
    except (SyntaxError, ValueError):
        return None
