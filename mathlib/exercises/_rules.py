"""What an exercise forbids, enforced by what the learner's code does, not by the names it uses.

An exercise declares its rules, ``exercise(..., forbidden=(MEDIAN, SCIPY))``. While a checker runs
the learner's function, the rules' targets are replaced by stand-ins that record the call:

- the targets' module attributes (``np.median``), and every name in the learner function's
  globals or closure bound to the same object (after ``from numpy import median``);
- the Python code of the targets and of whole modules (scipy, ``mathlib.calculus``) however it is
  reached (``getattr`` tricks, default arguments), through a profile hook;
- the array arguments, passed as a subclass of ndarray that records numpy functions, ufuncs, the
  ``@`` operator and ``.dot`` called on them (it is dropped from what the learner returns).

Everything is restored in ``finally``, also when the learner's code raises. A recorded call fails
with "your function called np.percentile, which computes the median for you". A learner's own
helper called ``median`` is not numpy's object and passes. Calls made inside numpy (or inside a
stand-in) are not the learner's and are not recorded.

The catalogue (numpy's functions and mathlib's own answer to the same question): :data:`MEDIAN`,
:data:`COVARIANCE`, :data:`WHOLE_PRODUCT`, :data:`SCIPY`,
:data:`CALCULUS`, :data:`NORM`, and :func:`forbid_object` for "the mathlib function that is the
answer". A rule with other words: ``MEDIAN.saying("which sorts and picks the middle for you")``.

WHOLE_PRODUCT is behavioural: it records a product operation (``@``, ``np.matmul``, ``np.dot``,
``.dot``, ``np.inner``, ``np.einsum``, ``np.tensordot``, ``np.linalg.multi_dot``, ``np.vdot``,
``np.outer``, ``np.kron``, ``np.matvec``, ``np.vecmat``) whose result holds more than one number,
and an element-wise product (``*``, ``np.multiply``) of two arrays that broadcasts into a table of
products, two or more axes longer than 1 (``A[i][:, None] * B``, a column times a row,
``A[:, :, None] * B[None]``). A row times a column (``A[i] * B[:, j]``, 1-D), a number times a
row (``C[i] += A[i, k] * B[k]``: one term of several entries, the i-k-j loop order, which is
loops, not numpy's product) and two arrays of the same shape pass. In the exercise's words:
"Every multiplication you write may combine at most a row and a column, or a number and a row:
``A[i, k] * B[k, j]``, ``A[i] * B[:, j]``, ``A[i] @ B[:, j]`` and ``C[i] += A[i, k] * B[k]`` are
fine; an operation that makes a whole table of products at once (``@`` or ``np.dot`` with a matrix,
``np.einsum``, ``np.outer``, a broadcast product such as ``A[i][:, None] * B``) computes the matrix
product for you and fails, anywhere in your function, even in a self-check." A whole product
computed only to check the loops' result (``assert np.allclose(C, A @ B)``) is recorded too, and
the rule's words say so. Limit: arrays tiled to the same shape first (``np.repeat``) are not seen.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import sys
import types
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._checks import shape_str

__all__ = ["Rule", "forbid_object", "forbid_module", "guard", "MEDIAN", "COVARIANCE",
           "WHOLE_PRODUCT", "SCIPY", "CALCULUS", "NORM", "RULES"]


@dataclass(frozen=True)
class Rule:
    """A forbidden shortcut: its targets (dotted paths of objects, and of whole modules) and the
    learner's words for what the shortcut does ("which computes the median for you")."""

    name: str
    words: str
    targets: tuple[str, ...] = ()          # "numpy.median": objects, found by identity
    modules: tuple[str, ...] = ()          # "scipy": every function defined in these modules
    products: bool = False                 # the behavioural whole-product rule (see the module)
    example: str = ""                      # a line of learner code breaking the rule (tests)
    target_words: tuple[tuple[str, str], ...] = ()   # (target, its own words), e.g. corrcoef

    def words_for(self, shown: str) -> str:
        """The words for one recorded target as shown ("np.corrcoef"): its own, or the rule's."""
        for path, words in self.target_words:
            if _shown(path) == shown:
                return words
        return self.words

    def all_words(self) -> tuple[str, ...]:
        """Every wording this rule's messages can use (for the tests)."""
        return (self.words, *dict.fromkeys(w for _, w in self.target_words))

    def breaking_line(self) -> str:
        """One line of learner code that breaks this rule (``args`` are the function's
        arguments), for the tests: the rule's example, or a call of its first target."""
        if self.example:
            return self.example
        for path in self.targets:
            module, _, attr = path.rpartition(".")
            found = _resolve(path)
            if found is not None:
                called = "args[0]" if isinstance(found[2], type) else "*args"   # a class: one
                return f"import {module}; {module}.{attr}({called})"
        raise ValueError(f"rule {self.name} has no target that exists here and no example")

    def saying(self, words: str) -> Rule:
        """The same rule told with other words (an exercise's own, for every target)."""
        return dataclasses.replace(self, words=words, target_words=())

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


def forbid_object(path: str, words: str = "which is the answer itself",
                  name: str | None = None) -> Rule:
    """A rule forbidding one object, e.g. ``forbid_object("mathlib.probability.bayes_posterior",
    words="which computes the posterior for you")``."""
    return Rule(name or path.rsplit(".", 1)[-1].upper(), words, targets=(path,))


def forbid_module(path: str, words: str, name: str | None = None) -> Rule:
    """A rule forbidding every function of a module (and its submodules), e.g. "scipy"."""
    return Rule(name or path.upper(), words, modules=(path,))


MEDIAN = Rule("MEDIAN", "which computes the median for you",
              targets=("numpy.median", "numpy.nanmedian", "numpy.percentile",
                       "numpy.nanpercentile", "numpy.quantile", "numpy.nanquantile",
                       "mathlib.stats.median"))
_CORRELATION = "which computes the correlation for you"
COVARIANCE = Rule("COVARIANCE", "which computes the covariance matrix for you",
                  targets=("numpy.cov", "numpy.corrcoef", "numpy.ma.cov", "numpy.ma.corrcoef",
                           "mathlib.stats.covariance", "mathlib.stats.correlation"),
                  target_words=(("numpy.corrcoef", _CORRELATION),
                                ("numpy.ma.corrcoef", _CORRELATION),
                                ("mathlib.stats.correlation", _CORRELATION)))
NORM = Rule("NORM", "which computes the norm for you",
            targets=("numpy.linalg.norm", "numpy.linalg.vector_norm", "numpy.linalg.matrix_norm",
                     "mathlib.linalg.norm"))
_PRODUCT_TARGETS = ("numpy.matmul", "numpy.dot", "numpy.inner", "numpy.einsum", "numpy.tensordot",
                    "numpy.linalg.multi_dot", "numpy.vdot", "numpy.outer", "numpy.kron",
                    "numpy.matvec", "numpy.vecmat", "numpy.linalg.matmul",
                    "numpy.linalg.tensordot", "numpy.linalg.outer")
WHOLE_PRODUCT = Rule("WHOLE_PRODUCT", "which computes several entries of a matrix product at once "
                     "(not allowed anywhere in your function, even in a self-check)",
                     targets=_PRODUCT_TARGETS, products=True,
                     example="import numpy; numpy.matmul(numpy.ones((2, 2)), numpy.ones((2, 2)))")
SCIPY = dataclasses.replace(
    forbid_module("scipy", "but this exercise asks for numpy only (no scipy)", "SCIPY"),
    example="import scipy.special; scipy.special.logsumexp([0.0, 1.0])")
CALCULUS = dataclasses.replace(
    forbid_module("mathlib.calculus", "which approximates the derivative numerically (this "
                  "exercise asks for the exact formula)", "CALCULUS"),
    example="import mathlib.calculus; mathlib.calculus.derivative(lambda t: t * t, 1.0)")
RULES = {rule.name: rule for rule in (MEDIAN, COVARIANCE, NORM, WHOLE_PRODUCT, SCIPY, CALCULUS)}


# -- resolving the targets -----------------------------------------------------------------------
def _resolve(path: str):
    """(module, attribute name, object) for a dotted path, or None if it does not exist."""
    module_name, _, attr = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    if not hasattr(module, attr):
        return None
    return module, attr, getattr(module, attr)


def _shown(path: str) -> str:
    """A target as a learner writes it: "np.median", "np.linalg.norm", "bayes_posterior"."""
    if path.startswith("numpy."):
        return "np." + path[len("numpy."):]
    return path.rsplit(".", 1)[-1] if path.startswith("mathlib.") else path


def _public_module(filename: str, dirs: tuple[str, ...], name: str) -> str:
    """The public module a file of package ``name`` belongs to, as a learner imports it:
    ".../scipy/stats/_distn_infrastructure.py" -> "scipy.stats"."""
    for root in dirs:
        if filename.startswith(root) and not root.endswith(".py"):
            parts = [name] + os.path.splitext(filename[len(root):])[0].split(os.sep)
            public = []
            for part in parts:
                if part.startswith("_") or not part.isidentifier():
                    break
                public.append(part)
            return ".".join(public)
    return name


def _code_of(obj):
    """The Python code object behind a function or numpy dispatcher (None for C functions)."""
    obj = getattr(obj, "_implementation", obj)
    obj = _unwrap(obj)
    return getattr(obj, "__code__", None)


def _unwrap(obj):
    seen = 0
    while hasattr(obj, "__wrapped__") and seen < 10:
        obj, seen = obj.__wrapped__, seen + 1
    return obj


def _module_dirs(name: str) -> tuple[str, ...]:
    try:
        module = importlib.import_module(name)
    except ImportError:
        return ()
    file = getattr(module, "__file__", None)
    if file is None:
        return ()
    if os.path.basename(file) == "__init__.py":
        return (os.path.dirname(os.path.abspath(file)) + os.sep,)
    return (os.path.abspath(file),)


_C_FUNCTION_TYPES = ("builtin_function_or_method", "cython_function_or_method",
                     "fused_cython_function", "_ArrayFunctionDispatcher")
_HERE = os.path.abspath(__file__)
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__)) + os.sep


# -- the guard: what is active while the learner's function runs ----------------------------------
@dataclass
class Record:
    shown: str          # "np.percentile", "@", "a broadcast product"
    rule: Rule
    detail: str = ""    # " on arrays of shapes (2, 3) and (3, 2)"
    verb: str = ""      # "called" for a function, "used" for an operator or a module's code

    def message(self) -> str:
        verb = self.verb or ("used" if self.shown.startswith(("@", "a ", "the ")) else "called")
        return (f"your function {verb} {self.shown}{self.detail}, "
                f"{self.rule.words_for(self.shown)}")


class Guard:
    """The rules active during one call of the learner's function (see :func:`guard`)."""

    def __init__(self, rules, function):
        self.rules = tuple(rules)
        self.function = function
        self.records: list[Record] = []
        self.depth = 0
        self._patched: list[tuple[Any, str, Any, bool]] = []   # (owner, key, old, is_dict)
        self._cells: list[tuple[Any, Any]] = []
        self.by_id: dict[int, tuple[str, Rule, Any]] = {}      # id(object) -> shown, rule, obj
        self.by_code: dict[Any, tuple[str, Rule]] = {}
        self.module_dirs: list[tuple[tuple[str, ...], str, Rule]] = []
        self.ufuncs: dict[int, tuple[str, Rule]] = {}
        self.products: Rule | None = None
        self._old_profile = None
        self._profiling = False
        self._importing: set[int] = set()
        self._lazy: dict[int, tuple[str, Rule]] = {}    # a forbidden package's __getattr__

    # recording ----------------------------------------------------------------------------------
    def record(self, shown: str, rule: Rule, detail: str = "", verb: str = "") -> None:
        if not any(r.shown == shown and r.rule is rule for r in self.records):
            self.records.append(Record(shown, rule, detail, verb))

    def message(self) -> str | None:
        return self.records[0].message() if self.records else None

    # set up and tear down -------------------------------------------------------------------------
    def __enter__(self):
        global _ACTIVE
        self._outer = _ACTIVE
        _ACTIVE = self
        self._modules_before = set(sys.modules)
        try:
            self._collect()
            self._patch()
            if self.by_code or self.module_dirs:
                self._old_profile = sys.getprofile()
                sys.setprofile(self._profile)
                self._profiling = True
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        global _ACTIVE
        if self._profiling:
            sys.setprofile(self._old_profile)
            self._profiling = False
        for owner, key, old, is_dict in reversed(self._patched):
            if is_dict:
                owner[key] = old
            else:
                setattr(owner, key, old)
        self._patched.clear()
        for cell, old in reversed(self._cells):
            cell.cell_contents = old
        self._cells.clear()
        self._unbind_from_new_modules()
        _ACTIVE = self._outer
        return False

    def importing(self) -> bool:
        """True while a module imported by the learner's call runs its own top-level code."""
        return bool(self._importing)

    def _unbind_from_new_modules(self) -> None:
        """A module first imported during the call (``from scipy.special import erfinv`` inside
        ``scipy.stats``) bound the stand-ins that were in place: give it the originals back."""
        for name in set(sys.modules) - self._modules_before:
            module = sys.modules.get(name)
            namespace = getattr(module, "__dict__", None)
            if not isinstance(namespace, dict):
                continue
            for key, value in list(namespace.items()):
                if isinstance(value, types.FunctionType) and is_stand_in(value):
                    namespace[key] = value.__mathlib_stand_in__

    def _collect(self) -> None:
        key = (self.rules, len(sys.modules))
        cached = _CACHE.get(key)
        if cached is None:
            cached = _CACHE[key] = _collect(self.rules)
        (self.by_id, self.by_code, self.module_dirs, self.ufuncs, self.products,
         self._places) = cached

    def _patch(self) -> None:
        targets = self.by_id
        for owner, attr, value in self._places:        # module attributes bound to a target
            if owner.__dict__.get(attr) is value:
                self._replace_attr(owner, attr, value)
        function = self.function
        glob = getattr(function, "__globals__", None)
        if isinstance(glob, dict):
            for key, value in list(glob.items()):
                hit = targets.get(id(value))
                if hit is not None and hit[2] is value:
                    self._patched.append((glob, key, value, True))
                    glob[key] = _stand_in(value, hit[0], hit[1])
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            hit = targets.get(id(value))
            if hit is not None and hit[2] is value:
                self._cells.append((cell, value))
                cell.cell_contents = _stand_in(value, hit[0], hit[1])
        # keep array arguments watched through np.asarray and friends
        for attr in _KEEPERS:
            original = _ORIGINALS[attr]
            self._patched.append((np, attr, np.__dict__[attr], False))
            setattr(np, attr, _keeper(original))
            if isinstance(glob, dict):
                for key, value in list(glob.items()):
                    if value is original:
                        self._patched.append((glob, key, value, True))
                        glob[key] = _keeper(original)

    def _replace_attr(self, owner, attr, value) -> None:
        shown, rule, _ = self.by_id[id(value)]
        self._patched.append((owner, attr, value, False))
        setattr(owner, attr, _stand_in(value, shown, rule))

    # the profile hook: Python code of targets and modules, however reached ----------------------
    def _profile(self, frame, event, arg):
        if self._importing:                      # a module being imported runs its own code
            if event == "return" and id(frame) in self._importing:
                self._importing.discard(id(frame))
                lazy = self._lazy.pop(id(frame), None)
                if lazy is not None and arg is None:    # it raised: the learner touched it
                    self.record(*lazy, verb="used")
            return
        if event == "call":
            if self.depth:
                return
            code = frame.f_code
            caller = frame.f_back
            caller_file = caller.f_code.co_filename if caller is not None else ""
            if code.co_name == "<module>":          # importing a module is not a call
                self._importing.add(id(frame))
                return
            if (code.co_name == "__getattr__"
                    and getattr(code, "co_qualname", "__getattr__") == "__getattr__"):
                # a package's lazy ``__getattr__`` importing a submodule (``import scipy;
                # scipy.stats``) is not a call either (calling what it gives is); if it raises,
                # the learner touched the forbidden package: "your function used scipy"
                self._importing.add(id(frame))
                for dirs, name, rule in self.module_dirs:
                    if code.co_filename.startswith(dirs) and not caller_file.startswith(
                            dirs + (_NUMPY_DIR, _HERE)):
                        self._lazy[id(frame)] = (_public_module(code.co_filename, dirs, name),
                                                 rule)
                        break
                return
            hit = self.by_code.get(code)
            if hit is not None:
                if not caller_file.startswith((_NUMPY_DIR, _HERE)):
                    self.record(*hit)
                return
            if self.module_dirs:
                filename = code.co_filename
                for dirs, name, rule in self.module_dirs:
                    if filename.startswith(dirs) and not caller_file.startswith(
                            dirs + (_NUMPY_DIR, _HERE)):
                        if not code.co_name.isidentifier():     # <lambda>, <genexpr>, ...
                            self.record(_public_module(filename, dirs, name), rule, verb="used")
                        elif len(dirs) == 1 and dirs[0].endswith(".py"):
                            self.record(f"{name}.{code.co_name}", rule)
                        elif code.co_name.startswith("_") or "<locals>" in getattr(
                                code, "co_qualname", ""):
                            # a decorator's inner ``wrapper`` or a private helper: name the
                            # public module, never a name the learner did not write
                            self.record(_public_module(filename, dirs, name), rule, verb="used")
                        else:
                            self.record(f"{name}'s {code.co_name}", rule)
                        return
        elif event == "c_call" and not self.depth:
            hit = self.by_id.get(id(arg))
            if hit is not None and hit[2] is arg and not hit[1].products:
                self.record(hit[0], hit[1])

    # the whole-product rule ---------------------------------------------------------------------
    def product_result(self, shown: str, operands, result) -> None:
        rule = self.products
        if rule is None or np.size(result) <= 1:
            return
        arrays = [a for a in operands if isinstance(a, np.ndarray) or np.ndim(a) > 0]
        if len(arrays) < 2 and shown not in ("np.einsum", "np.linalg.multi_dot"):
            return
        if any(np.ndim(a) == 0 for a in arrays):
            return
        shapes = " and ".join(shape_str(np.shape(a)) for a in arrays[:3])
        self.record(shown, rule, f" on arrays of shapes {shapes}" if arrays else "")

    def multiply_result(self, operands, result) -> None:
        """An element-wise product of two arrays (not a number times an array) that broadcasts
        into a table of products (two or more axes longer than 1): ``A[i][:, None] * B``, a
        column times a row, ``A[:, :, None] * B[None]``. A row times a column (1-D), a number
        times a row, and two arrays of the same shape pass."""
        rule = self.products
        if rule is None or len(operands) != 2:
            return
        sizes = [np.size(a) for a in operands]
        shape = np.shape(result)
        if (min(sizes) <= 1 or np.size(result) <= min(sizes)
                or sum(length > 1 for length in shape) < 2):
            return
        a, b = operands
        self.record("a broadcast product", rule,
                    f" ({shape_str(np.shape(a))} times {shape_str(np.shape(b))} gives a table of "
                    f"products of shape {shape_str(shape)} at once; a row times a column gives "
                    "a 1-D array)")


_ACTIVE: Guard | None = None
_CACHE: dict = {}
_KEEPERS = ("asarray", "asanyarray", "array", "ascontiguousarray")
_ORIGINALS = {attr: getattr(np, attr) for attr in _KEEPERS}


def _numpy_ids() -> set[int]:
    ids = set()
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "numpy" or name.startswith("numpy.")):
            try:
                ids.update(id(v) for v in vars(module).values())
            except TypeError:
                pass
    return ids


def _collect(rules):
    """What the rules forbid, found once per set of rules (and of imported modules)."""
    by_id, by_code, module_dirs, ufuncs, products = {}, {}, [], {}, None
    target_modules: set[str] = set()
    for rule in rules:
        if rule.products:
            products = rule
        for path in rule.targets:
            found = _resolve(path)
            if found is None:
                continue
            module, _, obj = found
            if isinstance(obj, type):
                # a class (mathlib.autodiff.Tensor) stays itself, so that isinstance keeps
                # working; making one is recorded through the code of its __init__
                init = _code_of(obj.__dict__.get("__init__") or obj.__init__)
                if init is not None:
                    by_code[init] = (_shown(path), rule)
                continue
            target_modules.add(module.__name__)
            by_id[id(obj)] = (_shown(path), rule, obj)
            code = _code_of(obj)
            if code is not None and not rule.products:
                by_code[code] = (_shown(path), rule)
            if isinstance(obj, np.ufunc):
                ufuncs[id(obj)] = (_shown(path), rule)
        numpy_ids = None
        for name in rule.modules:
            dirs = _module_dirs(name)
            if dirs:
                module_dirs.append((dirs, name, rule))
            numpy_ids = numpy_ids if numpy_ids is not None else _numpy_ids()
            found = sorted((m for m in list(sys.modules) if m == name or m.startswith(name + ".")),
                           key=lambda m: (m.count("._"), len(m)))
            for mod_name in found:
                module = sys.modules.get(mod_name)
                if module is None:
                    continue
                for attr, value in list(vars(module).items()):
                    if id(value) in numpy_ids or id(value) in by_id or attr.startswith("_"):
                        continue
                    if isinstance(value, np.ufunc) or (
                            type(value).__name__ in _C_FUNCTION_TYPES
                            and str(getattr(value, "__module__", "")).startswith(name)):
                        # C functions of the module (ufuncs, Cython): by identity
                        by_id[id(value)] = (f"{mod_name}.{attr}", rule, value)
                        if isinstance(value, np.ufunc):
                            ufuncs[id(value)] = (f"{mod_name}.{attr}", rule)
    places = []
    for mod_name, module in list(sys.modules.items()):
        if module is None or mod_name.startswith("mathlib.exercises") or not (
                mod_name in ("numpy", "numpy.linalg") or mod_name in target_modules
                or mod_name.startswith(("mathlib", "scipy"))):
            continue
        try:
            items = list(vars(module).items())
        except TypeError:
            continue
        for attr, value in items:
            hit = by_id.get(id(value))
            if hit is not None and hit[2] is value:
                places.append((module, attr, value))
    return by_id, by_code, module_dirs, ufuncs, products, places


def guard(rules, function) -> Guard:
    """A context manager activating ``rules`` for a call of the learner's ``function``."""
    return Guard(rules, function)


_STAND_INS: dict = {}


def _stand_in(original, shown: str, rule: Rule):
    """``original`` with the call recorded (by the active guard, outside numpy's own calls); made
    once per object and rule, and reused."""
    key = (id(original), shown, rule)
    made = _STAND_INS.get(key)
    if made is not None and made.__mathlib_stand_in__ is original:
        return made
    made = _STAND_INS[key] = _make_stand_in(original, shown, rule)
    return made


def _make_stand_in(original, shown: str, rule: Rule):
    def stand_in(*args, **kwargs):
        g = _ACTIVE
        if g is None:
            return original(*args, **kwargs)
        outermost = g.depth == 0 and not g.importing()   # a module's import is not a call
        if outermost and not rule.products:
            g.record(shown, rule)
        g.depth += 1
        try:
            result = original(*args, **kwargs)
        finally:
            g.depth -= 1
        if outermost and rule.products:
            g.product_result(shown, args, result)
        return result
    try:
        functools.update_wrapper(stand_in, original)
    except (AttributeError, TypeError):
        pass
    stand_in.__mathlib_stand_in__ = original
    if isinstance(original, np.ufunc):
        # a ufunc's methods (np.logaddexp.reduce, .accumulate, .outer, .at, ...) are the same
        # forbidden computation: their stand-ins record the ufunc's name; its attributes (nin,
        # identity, ...) read through
        for attr in dir(original):
            if attr.startswith("_") or hasattr(stand_in, attr):
                continue
            try:
                value = getattr(original, attr)
            except AttributeError:
                continue
            if callable(value):
                value = _make_stand_in(value, shown, rule)
            try:
                setattr(stand_in, attr, value)
            except (AttributeError, TypeError):
                pass
    return stand_in


def _keeper(original):
    """np.asarray and friends that keep a watched argument watched (only the learner's calls)."""
    def keep(obj, *args, **kwargs):
        result = original(obj, *args, **kwargs)
        g = _ACTIVE
        if (g is not None and g.depth == 0 and isinstance(obj, Watched)
                and type(result) is np.ndarray):
            return result.view(Watched)
        return result
    functools.update_wrapper(keep, original)
    return keep


# -- watched arrays -------------------------------------------------------------------------------
def _plain(value):
    """value with any Watched array in it (alone or in a tuple, as out= is) viewed as a plain
    ndarray."""
    if isinstance(value, Watched):
        return value.view(np.ndarray)
    if type(value) is tuple:
        return tuple(_plain(v) for v in value)
    return value


class Watched(np.ndarray):
    """An ndarray that tells the active guard which numpy operations are applied to it."""

    def __repr__(self) -> str:
        return repr(self.view(np.ndarray))

    def __str__(self) -> str:
        return str(self.view(np.ndarray))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        g = _ACTIVE
        plain = tuple(x.view(np.ndarray) if isinstance(x, Watched) else x for x in inputs)
        out = kwargs.get("out")
        # every keyword too (out=, where=, initial=, ...): numpy calls this method again for a
        # Watched array anywhere in the call, so one left wrapped would recurse without end
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        outermost = g is not None and g.depth == 0
        if outermost:                            # a call or a method (reduce, outer, ...)
            hit = g.ufuncs.get(id(ufunc))
            if hit is not None and not hit[1].products:
                g.record(*hit)
        if g is not None:
            g.depth += 1
        try:
            result = getattr(ufunc, method)(*plain, **kwargs)
        finally:
            if g is not None:
                g.depth -= 1
        if outermost and method == "__call__":
            if ufunc is _MATMUL:
                g.product_result("@", plain, result)
            elif ufunc is _MULTIPLY:
                g.multiply_result(plain, result)
        if out:
            return out[0] if len(out) == 1 else out
        return _watch(result)

    def __array_function__(self, func, types, args, kwargs):
        g = _ACTIVE
        outermost = g is not None and g.depth == 0
        hit = g.by_id.get(id(func)) if g is not None else None
        if hit is not None and hit[2] is not func:
            hit = None
        if outermost and hit is not None and not hit[1].products:
            g.record(hit[0], hit[1])
        if g is not None:
            g.depth += 1
        try:
            result = super().__array_function__(func, types, args, kwargs)
        finally:
            if g is not None:
                g.depth -= 1
        if outermost and hit is not None and hit[1].products:
            g.product_result(hit[0], args, result)
        return result

    def dot(self, b, out=None):
        g = _ACTIVE
        outermost = g is not None and g.depth == 0
        if g is not None:
            g.depth += 1
        try:
            result = _DOT(self.view(np.ndarray), b.view(np.ndarray) if isinstance(b, Watched)
                          else b, out=out)
        finally:
            if g is not None:
                g.depth -= 1
        if outermost:
            g.product_result("the .dot method", (self, b), result)
        return _watch(result)


_DOT, _MATMUL, _MULTIPLY = np.dot, np.matmul, np.multiply


def _watch(value):
    if type(value) is np.ndarray:
        return value.view(Watched)
    if isinstance(value, tuple):
        return tuple(_watch(v) for v in value)
    return value


def watch(value):
    """An argument as the learner's function receives it under a guard: an array is watched; a
    function (the checker's, e.g. the f to differentiate) runs unwatched, since its code is not
    the learner's."""
    if type(value) is np.ndarray:
        return value.view(Watched)
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, functools.partial)):
        return _unwatched(value)
    return value


def _unwatched(function):
    def call(*args, **kwargs):
        g = _ACTIVE
        if g is not None:
            g.depth += 1
        try:
            return function(*args, **kwargs)
        finally:
            if g is not None:
                g.depth -= 1
    try:
        functools.update_wrapper(call, function)
    except (AttributeError, TypeError):
        pass
    return call


def unwatch(value):
    """What the learner returned, without the watching subclass (in tuples and lists too)."""
    if isinstance(value, Watched):
        return value.view(np.ndarray)
    if type(value) is tuple:
        return tuple(unwatch(v) for v in value)
    if type(value) is list:
        return [unwatch(v) for v in value]
    return value


def is_stand_in(obj) -> bool:
    return hasattr(obj, "__mathlib_stand_in__")


def targets_restored() -> bool:
    """True when no stand-in is left in numpy, scipy or mathlib (for the tests)."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("numpy", "scipy", "mathlib")):
            continue
        try:
            values = list(vars(module).values())
        except TypeError:
            continue
        if any(is_stand_in(v) for v in values if isinstance(v, types.FunctionType)):
            return False
    profile = sys.getprofile()
    return _ACTIVE is None and not (getattr(profile, "__self__", None).__class__ is Guard)
