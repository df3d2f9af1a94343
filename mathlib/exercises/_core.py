"""The exercise machinery: registry, judging an answer, feedback, graded hints, solutions.

A checker receives the learner's answer (for a function exercise: the learner's function wrapped
so that calling it runs their code safely) and returns None when the answer is right, or a sentence
saying what is wrong (it may also raise :class:`Wrong`). Who is to blame is decided here:

- the untouched template (``...``, ``None``, a function whose body is only ``...``/``pass``, a
  docstring and comments) is "not attempted";
- an exception raised while the learner's function runs is theirs: reported with its type, its
  message and the line of *their* code it came from (frames in mathlib are left out);
- a written function that returns None fails: "did you forget `return`?" (or, when it has a
  ``return`` that was not reached, says so);
- anything else a checker raises is a defect of the checker; the learner is told only what they
  gave, never the checker's internals.
"""

from __future__ import annotations

import ast
import dis
import inspect
import linecache
import os
import re
import sysconfig
import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import _rules
from ._feedback import Wrong, describe_value, fmt

__all__ = ["Result", "Exercise", "REGISTRY", "RESULTS", "exercise", "evaluate", "check", "hint",
           "solution", "reference", "PASS", "FAIL", "NOT_ATTEMPTED", "case_rng", "set_case_seed",
           "SolutionsHidden", "LearnerRaised", "arg_text"]

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"
MARKS = {PASS: "\u2714", FAIL: "\u2718", NOT_ATTEMPTED: "\u2026"}
# Frames in mathlib, the standard library or installed packages are not the learner's code.
_NOT_LEARNER = (str(Path(__file__).resolve().parent.parent), sysconfig.get_paths()["stdlib"])
_TRIVIAL_OPS = {"RESUME", "NOP", "CACHE"}


@dataclass(frozen=True)
class Result:
    """The verdict on one answer: ``status`` is "pass", "fail" or "not attempted"."""

    status: str
    message: str
    id: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS


REGISTRY: dict[str, Exercise] = {}
RESULTS: dict[str, Result] = {}   # the latest result of every exercise and question, by id
_HINTS_SHOWN: dict[str, int] = {}
_CHECKER_DEFECTS: list[BaseException] = []   # for the tests: a checker that crashed


def is_blank_template(function) -> bool:
    """True for a function whose body is still only ``...``/``pass``, a docstring and comments.

    Read from the code object (it only loads None and returns it), and from the source when there
    is one, so that an explicit ``return None`` counts as written.
    """
    code = getattr(function, "__code__", None)
    if code is None or function.__name__ == "<lambda>":
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in _TRIVIAL_OPS]
    if ops not in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)]):
        return False
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return True
    return not any(isinstance(node, ast.Return) for node in ast.walk(tree))


def _learner_line(tb) -> str:
    """Where the learner's own code was when it raised: its innermost frame outside mathlib."""
    found = ""
    for frame, lineno in _walk(tb):
        filename = frame.f_code.co_filename
        if filename.startswith(_NOT_LEARNER) or "site-packages" in filename:
            continue
        text = linecache.getline(filename, lineno).strip()
        found = f"line {lineno} of {frame.f_code.co_name}" + (f": {text}" if text else "")
    return found


def _walk(tb):
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


class LearnerRaised(Exception):
    """The learner's function raised; ``args[0]`` says what and where, in their words."""


def arg_text(value) -> str:
    """An argument as the learner should read it: no checker names, no memory addresses."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return f"<array of shape {value.shape}>"
    if isinstance(value, (int, float, np.number)):
        return fmt(value)
    if callable(value):
        return "<a function>"
    if isinstance(value, (list, tuple)):
        text = repr(value)
        if len(text) > 80 or any(isinstance(v, np.ndarray) for v in value):
            return _sequence_text(value)
        return text
    return repr(value)


def _sequence_text(value) -> str:
    """A long list or tuple (or one holding arrays) in a few words: ``<list of 100 arrays of
    shape (8,)>``, ``<tuple of 3 arrays>``, ``<list of 50 items>``."""
    kind, n = type(value).__name__ if type(value) in (list, tuple) else "sequence", len(value)
    if n and all(isinstance(v, np.ndarray) for v in value):
        shapes = {v.shape for v in value}
        what = f"arra{'ys' if n != 1 else 'y'}"
        if len(shapes) == 1:
            return f"<{kind} of {n} {what} of shape {shapes.pop()}>"
        return f"<{kind} of {n} {what}>"
    return f"<{kind} of {n} item{'s' * (n != 1)}>"


class LearnerFunction:
    """The learner's function as a checker calls it: with copies of the arguments, turning an
    exception into their error (with their line) and a None result into "forgot return?".
    ``changed`` names the first input array the function changed in place (None if none)."""

    def __init__(self, function: Callable, name: str, forbidden=()):
        self.function, self.name = function, name
        self.forbidden = tuple(forbidden)
        self.changed: str | None = None   # the first input the learner's code changed in place
        self.calls: list[tuple[tuple, Any]] = []   # (arguments, what the learner returned)
        self.forbidden_broken = False              # a forbidden call was recorded

    def __call__(self, *args):
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        try:
            out = self._call(args, copies)
        finally:
            self._note_changes(args, copies)
        self.calls.append((args, out))
        return out

    def _note_changes(self, originals, copies) -> None:
        """Remember the first array argument that the learner's code changed in place."""
        if self.changed is not None:
            return
        for index, (before, after) in enumerate(zip(originals, copies)):
            if isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and not (
                    after.shape == before.shape and np.array_equal(after, before, equal_nan=True)):
                self.changed = _parameter_name(self.function, index)
                return

    def _call(self, args, copies):
        call = f"{self.name}({', '.join(arg_text(a) for a in args)})"
        broken = None
        try:
            # A learner's overflow or 0 * log(0) gives inf or nan, which the checker judges and
            # explains; the RuntimeWarning itself would only print noise (or, where warnings are
            # errors, look like a crash of their code).
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                if self.forbidden:
                    with _rules.guard(self.forbidden, self.function) as watcher:
                        try:
                            out = _rules.unwatch(self.function(*map(_rules.watch, copies)))
                        finally:
                            broken = watcher.message()
                        if broken:
                            self.forbidden_broken = True
                            raise Wrong(broken)
                else:
                    out = self.function(*copies)
        except Wrong:
            raise
        except Exception as exc:
            if self.forbidden and broken:
                self.forbidden_broken = True
                raise Wrong(broken) from None
            where = _learner_line(exc.__traceback__)
            told = _numpy_error(exc)
            said = f"{told}\n  (numpy's words: {exc})" if told else str(exc)
            raise LearnerRaised(
                f"your function raised {type(exc).__name__}: {said}\n"
                + (f"  at {where}\n" if where else "") + f"  when called as {call}") from None
        if out is None:
            if _has_value_return(self.function):
                raise Wrong(f"your function returned None when called as {call}: it has a "
                            "`return`, but that return was never reached (a loop that ended "
                            "without returning, or an if that was never true?), and a function "
                            "that runs off its end gives None")
            raise Wrong(f"your function returned None: did you forget `return`? (called as "
                        f"{call}; a function without `return` gives None)")
        return out


def _has_value_return(function) -> bool:
    """True when the function's own source has a ``return <value>`` (not ``return None``),
    outside functions defined inside it; False when unknown (no source)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    top = next((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef,
                                                            ast.AsyncFunctionDef))), None)
    if top is None:
        return False

    def returns(node) -> bool:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                  ast.ClassDef)):
                continue
            if isinstance(child, ast.Return) and child.value is not None and not (
                    isinstance(child.value, ast.Constant) and child.value.value is None):
                return True
            if returns(child):
                return True
        return False
    return returns(top)


_BROADCAST = re.compile(r"operands could not be broadcast together with (?:remapped )?shapes? "
                        r"((?:\[[^\]]*\]|\([^)]*\))(?:\s*(?:\[[^\]]*\]|\([^)]*\)))+)")
_NOT_ALIGNED = re.compile(r"shapes (\([^)]*\)) and (\([^)]*\)) not aligned")
_CORE_MISMATCH = re.compile(r"(\w+): Input operand (\d) has a mismatch in its core dimension")
_SAFE_NODES = (ast.Expression, ast.Name, ast.Load, ast.Attribute, ast.Subscript, ast.Slice,
               ast.Constant, ast.Tuple, ast.UnaryOp, ast.USub)


def _shape_text(text: str) -> str:
    """"(3,4)" -> "(3, 4)" as the course writes shapes."""
    parts = [p.strip() for p in text.strip("()[] ").split(",") if p.strip()]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _numpy_error(exc: BaseException) -> str | None:
    """numpy's own shape errors told in the course's words, with both shapes (None otherwise)."""
    text = str(exc)
    found = _BROADCAST.search(text)
    if found:
        shapes = [_shape_text(s) for s in re.findall(r"\([^)]*\)|\[[^\]]*\]", found.group(1))]
        return (f"numpy could not combine arrays of shapes {' and '.join(shapes)} element by "
                "element: broadcasting compares the lengths from the right, and each pair must "
                f"be equal or one of them 1{_clash(shapes)}")
    found = _NOT_ALIGNED.search(text)
    if found:
        a, b = (_shape_text(s) for s in found.groups())
        return (f"a matrix product of shapes {a} and {b}: the shape rule needs the last length of "
                f"the first array to equal the first length of the second{_inner(a, b)}")
    found = _CORE_MISMATCH.search(text)
    if found:
        shapes = _matmul_shapes(exc)
        which = f" of shapes {shapes[0]} and {shapes[1]}" if shapes else ""
        return (f"a matrix product (@){which}: the shape rule needs the last length of the first "
                f"array to equal the first length of the second{_inner(*(shapes or ('', '')))}")
    return None


def _clash(shapes: list[str]) -> str:
    """" (here 4 and 3 differ)": the first pair of lengths, from the right, that cannot
    broadcast."""
    try:
        lengths = [[int(v) for v in s.strip("(),").split(",") if v.strip()] for s in shapes]
    except ValueError:
        return ""
    if len(lengths) != 2:
        return ""
    a, b = (list(reversed(x)) for x in lengths)
    for m, n in zip(a, b):
        if m != n and 1 not in (m, n):
            return f" (here {m} and {n} differ)"
    return ""


def _inner(a: str, b: str) -> str:
    """" (here 4 and 3 differ)" for shapes "(5, 4)" and "(3, 4)"; "" when unknown."""
    try:
        first = [int(v) for v in a.strip("(),").split(",") if v.strip()]
        second = [int(v) for v in b.strip("(),").split(",") if v.strip()]
        k1, k2 = first[-1], second[-2] if len(second) > 1 else second[0]
    except (ValueError, IndexError):
        return ""
    return f" (here {k1} and {k2} differ)"


def _matmul_shapes(exc: BaseException):
    """The shapes of the two sides of the one @ on the learner's line that raised, if safe to
    read (names, attributes and subscripts only: nothing of theirs is called again)."""
    frame = None
    for f, lineno in _walk(exc.__traceback__):
        filename = f.f_code.co_filename
        if not (filename.startswith(_NOT_LEARNER) or "site-packages" in filename):
            frame, line = f, lineno
    if frame is None:
        return None
    text = linecache.getline(frame.f_code.co_filename, line).strip()
    try:
        tree = ast.parse(text.rstrip(":"), mode="exec")
    except SyntaxError:
        try:
            tree = ast.parse(text.split("=", 1)[-1].strip())
        except SyntaxError:
            return None
    found = [(n.left, n.right) for n in ast.walk(tree)
             if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult)]
    found += [tuple(n.args) for n in ast.walk(tree)                  # np.matmul(A, B)
              if isinstance(n, ast.Call) and len(n.args) == 2 and not n.keywords
              and getattr(n.func, "attr", getattr(n.func, "id", "")) == "matmul"]
    if len(found) != 1:
        return None
    shapes = []
    for side in found[0]:
        expression = ast.Expression(side)
        if not all(isinstance(n, _SAFE_NODES) for n in ast.walk(expression)) or any(
                isinstance(n, ast.Attribute) and n.attr.startswith("_") for n in ast.walk(side)):
            return None
        try:
            value = eval(compile(expression, "<shape>", "eval"), dict(frame.f_globals),
                         dict(frame.f_locals))
        except Exception:
            return None
        shapes.append(_shape_text(str(tuple(np.shape(value)))))
    return shapes


def _numbers(value):
    """``value`` as a float array with its dtype noted ("float16" if any part is), or None."""
    if isinstance(value, (str, bytes, dict, set)) or callable(value) or value is None:
        return None, None
    kinds = set()

    def note(v):
        if isinstance(v, (np.ndarray, np.generic)):
            kinds.add(np.asarray(v).dtype.name)
        elif isinstance(v, (list, tuple)):
            for item in v:
                note(item)
    note(value)
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None, None
    if "float16" in kinds:
        return a, "float16"
    return a, ("int" if any(k.startswith(("int", "uint")) for k in kinds) else None)


def precision_cause(pairs, you: str = "your function returned") -> str | None:
    """Why results (``pairs`` of the learner's and the right one) fail when it is their precision:
    "float16 keeps about 3 digits", or "rounded to 4 decimals"; None when that is not the cause
    on every pair."""
    if not pairs:
        return None
    float16, decimals = True, None
    for got, want in pairs:
        a, kind = _numbers(got)
        w, _ = _numbers(want)
        if a is None or w is None or a.shape != w.shape or a.size == 0:
            return None
        if not np.all(np.isfinite(a)) or not np.all(np.isfinite(w)):
            return None
        size = max(1.0, float(np.max(np.abs(w))))
        float16 = float16 and kind == "float16" and bool(
            np.allclose(a, w.astype(np.float16).astype(float), rtol=2e-3, atol=2e-3 * size))
        for d in range(1, 9):
            if kind == "int":       # an integer array truncates: the checkers say so
                decimals = -1
                break
            if np.array_equal(a, np.round(w, d)) and not np.allclose(a, w, rtol=1e-12, atol=0):
                # a case wrong for another reason (-1) stays the verdict: no "rounded" then
                decimals = d if decimals is None else (decimals if decimals < 0
                                                       else max(decimals, d))
                break
        else:
            if not np.allclose(a, w, rtol=1e-12, atol=1e-12 * size):
                decimals = -1
    if float16:
        return (f"{you} float16 numbers, and float16 keeps about 3 digits: too few for this "
                "answer. Compute in float64 (numpy's default) or float32")
    if decimals is not None and decimals >= 0:
        return (f"your answer is the right one rounded to {decimals} decimal"
                f"{'s' * (decimals != 1)} (round(x, {decimals}) or np.round): return the "
                "computed value without rounding it")
    return None


def _parameter_name(function: Callable, index: int) -> str:
    """The name of the learner's ``index``-th parameter ("X"), or "argument 1" if unknown."""
    try:
        names = list(inspect.signature(function).parameters)
        return names[index]
    except (TypeError, ValueError, IndexError):
        return f"argument {index + 1}"


def _run_source(source: str, label: str) -> dict:
    namespace: dict[str, Any] = {"np": np}
    exec(compile(source, f"<{label}>", "exec"), namespace)
    return namespace


@dataclass
class Exercise:
    """One exercise: the name the cell defines, a checker, graded hints and a solution's source."""

    id: str
    title: str
    name: str
    checker: Callable[[Any], str | None]
    hints: list[str]
    solution: str
    wrong: list = field(default_factory=list)
    right: list = field(default_factory=list)
    is_function: bool = True   # the learner writes ``def name(...)``; False: ``name = value``
    forbidden: tuple = ()      # rules (mathlib.exercises._rules) enforced while it runs

    def reference(self):
        """The reference answer: the value, or the function as a learner would write it."""
        return _run_source(self.solution, f"solution {self.id}")[self.name]

    def _precision_cause(self, answer) -> str | None:
        """The cause of a failure when it is the precision of the learner's numbers: a float16
        result, or the right result rounded, on every call the checker made (None otherwise)."""
        try:
            # the reference runs on the checker's cases quietly: an overflow it meets (and
            # handles) is no business of the learner's
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                if self.is_function:
                    ref = self.reference()
                    pairs = [(out, ref(*args)) for args, out in answer.calls]
                else:
                    pairs = [(answer, self.reference())]
                return precision_cause(pairs, "your function returned" if self.is_function
                                       else "your answer holds")
        except Exception:
            return None

    def evaluate(self, answer) -> Result:
        """Judge ``answer`` without printing: a Result with a status and a message."""
        if answer is None or answer is Ellipsis:
            return Result(NOT_ATTEMPTED, f"Exercise {self.id} is not attempted yet: write your "
                                         "answer in place of the ... and run the cell again.",
                          self.id)
        problem = self._problem(answer)
        if problem is None:
            return Result(PASS, f"Correct! Exercise {self.id} ({self.title}) is done.", self.id)
        if problem is NOT_ATTEMPTED:
            return Result(NOT_ATTEMPTED, f"Exercise {self.id} is not attempted yet: your function "
                                         f"{self.name} still has only the ... of the template; "
                                         "write its body and run the cell again.", self.id)
        return Result(FAIL, f"Not yet: {problem}\nStuck? hint(\"{self.id}\") gives a nudge "
                            "(run it again for a more specific one).", self.id)

    def _problem(self, answer):
        if self.is_function != callable(answer):
            want = (f"a function, def {self.name}(...):" if self.is_function
                    else f"a value, {self.name} = ...")
            return f"{self.name} should be {want}; yours is {describe_value(answer)}"
        if self.is_function:
            if is_blank_template(answer):
                return NOT_ATTEMPTED
            answer = LearnerFunction(answer, self.name, self.forbidden)
        try:
            problem = self.checker(answer)
        except (Wrong, LearnerRaised) as exc:
            problem = str(exc)
        except Exception as exc:   # the checker's own defect: never blame or confuse the learner
            _CHECKER_DEFECTS.append(exc)
            return (f"this answer could not be checked: {self.name} is {describe_value(answer)}; "
                    "compare it with what the exercise asks for")
        if isinstance(problem, Wrong):
            problem = str(problem)
        if problem is not None and not (self.is_function and answer.forbidden_broken) and not (
                "round" in problem or "float16" in problem):   # the checker named it already
            problem = self._precision_cause(answer) or problem
        changed = getattr(answer, "changed", None)
        if problem is None and changed is not None:
            # Every function exercise: a right result computed by spoiling the caller's array
            # is not right (the learner's caller would find its data changed).
            return (f"your result is right, but your function changed its input {changed} (an "
                    "in-place operation such as -=, *= or an assignment into it writes into "
                    f"the caller's array); compute with new arrays (x = x - m, not x -= m) and "
                    f"leave {changed} as it was")
        return problem


_ID = re.compile(r"\d\d\.\d+")


def exercise(id: str, title: str, *, name: str, solution: str, hints: list[str],
             wrong: list, right: list = (), forbidden=()):
    """Register the decorated checker as exercise ``id`` ("NN.k").

    ``solution`` is the source code a learner would write in the cell (it must define ``name``);
    ``hints`` go from a nudge to the most specific (no code); ``wrong`` are plausible wrong answers
    and ``right`` right-but-different ones, which the tests run through the checker.
    ``forbidden`` are rules from :mod:`mathlib.exercises._rules` (``MEDIAN``, ``SCIPY``,
    ``forbid_object(...)``): while the checker runs the learner's function, a call of a forbidden
    object is recorded and the answer fails with the rule's words.
    """
    def register(checker):
        if not _ID.fullmatch(id):
            raise ValueError(f"exercise id {id!r} should look like '01.2'")
        if id in REGISTRY:
            raise ValueError(f"exercise {id!r} is registered twice")
        rules = (forbidden,) if isinstance(forbidden, _rules.Rule) else tuple(forbidden)
        if not all(isinstance(r, _rules.Rule) for r in rules):
            raise ValueError(f"exercise {id!r}: forbidden takes rules such as MEDIAN or "
                             f"forbid_object('numpy.cov'), not {forbidden!r}")
        if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
            raise ValueError(f"exercise {id!r} needs at least one hint, each a non-empty text")
        defined = _run_source(solution, f"solution {id}")
        if name not in defined:
            raise ValueError(f"the solution of exercise {id!r} does not define {name!r}")
        REGISTRY[id] = Exercise(id, title, name, checker, list(hints), solution, list(wrong),
                                list(right), callable(defined[name]), rules)
        return checker
    return register


def _get(id: str) -> Exercise:
    if id not in REGISTRY:
        raise ValueError(f"no exercise {id!r}; the exercises are {', '.join(sorted(REGISTRY))}")
    return REGISTRY[id]


def evaluate(id: str, answer) -> Result:
    """Judge ``answer`` to exercise ``id``: a Result (status and message); prints nothing."""
    return _get(id).evaluate(answer)


_CASE_SEED: list = [None]


def set_case_seed(seed: int | None) -> None:
    """Draw the random cases of every checker that uses :func:`case_rng` from ``seed`` (the
    grader draws one per run, so that numbers printed in one run cannot be typed into another);
    None restores the fixed cases. The environment variable MATHLIB_CASE_SEED does the same."""
    if seed is not None and not isinstance(seed, (int, np.integer)):
        raise TypeError(f"the case seed is a whole number or None, not {describe_value(seed)}")
    _CASE_SEED[0] = None if seed is None else int(seed)


def case_rng(seed: int) -> np.random.Generator:
    """The random generator of a checker's cases: ``np.random.default_rng(seed)`` (fixed cases,
    the same in every kernel), or, under a case seed (:func:`set_case_seed`,
    MATHLIB_CASE_SEED), one drawn from both seeds."""
    extra = _CASE_SEED[0]
    if extra is None and os.environ.get("MATHLIB_CASE_SEED", "").strip():
        try:
            extra = int(os.environ["MATHLIB_CASE_SEED"])
        except ValueError:
            raise ValueError("MATHLIB_CASE_SEED should be a whole number, not "
                             f"{os.environ['MATHLIB_CASE_SEED']!r}") from None
    return np.random.default_rng(seed if extra is None else [seed, extra])


HIDDEN = ("solutions are hidden for graded work; ask your teacher (hint(\"{id}\") still gives "
          "a nudge)")


class SolutionsHidden(RuntimeError):
    """reference(id) while MATHLIB_HIDE_SOLUTIONS=1 (graded work)."""


def solutions_hidden() -> bool:
    """True when the environment variable MATHLIB_HIDE_SOLUTIONS is 1 (graded work)."""
    return os.environ.get("MATHLIB_HIDE_SOLUTIONS", "").strip().lower() in ("1", "true", "yes")


def reference(id: str):
    """The reference answer of exercise ``id``: a value, or a function as a learner writes it.
    With MATHLIB_HIDE_SOLUTIONS=1 it raises :class:`SolutionsHidden` instead."""
    ex = _get(id)
    if solutions_hidden():
        raise SolutionsHidden(HIDDEN.format(id=id))
    return ex.reference()


def check(id: str, answer) -> None:
    """Print whether ``answer`` solves exercise ``id`` (and if not, what is wrong); record it."""
    result = evaluate(id, answer)
    RESULTS[id] = result
    print(f"{MARKS[result.status]} {result.message}")


def hint(id: str) -> None:
    """Print a hint for exercise ``id``; each call gives a more specific one (the last repeats)."""
    hints = _get(id).hints
    shown = _HINTS_SHOWN.get(id, 0)
    _HINTS_SHOWN[id] = shown + 1
    k = min(shown, len(hints) - 1)
    more = (f"(run hint(\"{id}\") again for a more specific hint)" if k < len(hints) - 1
            else "(that is the last hint)" if solutions_hidden()
            else f"(that is the last hint; solution(\"{id}\") shows a solution)")
    print(f"Hint {k + 1} of {len(hints)} for {id}: {hints[k]}\n{more}")


def solution(id: str) -> None:
    """Print a solution of exercise ``id`` as code for its cell (try it yourself first!)."""
    ex = _get(id)
    if solutions_hidden():
        print(HIDDEN.format(id=id)[0].upper() + HIDDEN.format(id=id)[1:])
        return
    print(f"A solution to exercise {id} (yours may look different and be right too):\n\n"
          f"{ex.solution.strip()}")
