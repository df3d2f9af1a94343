"""One convention for every public function of mathlib's core modules (issue 15, section 2).

The functions are found by introspection (each module's ``__all__``, and the public methods of
its public classes), not from a hand-kept list, so a new function is checked the day it is added:

- data positional, everything else keyword-only (scikit-learn's rule): a parameter with a default
  is keyword-only, and a required positional parameter is data, never an option such as ``axis``,
  ``ddof`` or ``k`` (exceptions are declared below, each with its reason);
- one check per kind of argument (``_checks.as_int``, ``as_axis``, ``as_rng``): a float where an
  int belongs and a bool give TypeError, a negative count or an axis the data does not have give
  ValueError, and the message names the argument;
- ``import mathlib`` imports only numpy, and ``mathlib.<module>`` loads a module when it is used.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys

import numpy as np
import pytest

import mathlib
from mathlib import optim

# The core modules: every public top-level module of mathlib except the two that are not course
# mathematics (the explorer machinery and the grader), which have conventions of their own.
NOT_CORE = {"explore", "grade"}
CORE = sorted(info.name for info in pkgutil.iter_modules(mathlib.__path__)
              if not info.name.startswith("_") and not info.ispkg and info.name not in NOT_CORE)

# Parameters that are options by nature: never positional.
OPTIONS = {"axis", "ddof", "k", "i", "n", "rng", "seed", "steps", "num_iterations", "step", "tol",
           "h", "method", "learning_rate", "bound", "eps", "level", "base", "temperature",
           "rcond", "keepdims", "requires_grad", "projector", "background", "size", "rule"}
# Required positional parameters that are named like options but are data, with the reason.
# (module, function) -> {parameter: reason}.
POSITIONAL_EXCEPTIONS: dict[tuple[str, str], dict[str, str]] = {
    ("probability", "bernoulli_pmf"): {
        "k": "the outcome (0 or 1) whose probability is asked: the data, as x in gaussian_pdf"},
    ("conv", "conv_output_size"): {"n": "the input size (data)", "k": "the kernel size (data)"},
}

INT_PARAMETERS = {"k", "i", "n", "ddof", "steps", "num_iterations", "step", "epochs",
                  "batch_size"}
AXIS_PARAMETERS = {"axis"}
RNG_PARAMETERS = {"rng"}


def _is_record(cls) -> bool:
    """A dataclass or a named tuple: a record of fields, not a function with options."""
    return dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def public_callables():
    """(module, qualified name, function) for every public function and public method of a
    public class defined in a core module."""
    found = []
    for name in CORE:
        module = importlib.import_module(f"mathlib.{name}")
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            home = getattr(obj, "__module__", "") or ""
            if home != module.__name__ and not home.rsplit(".", 1)[-1].startswith("_"):
                continue              # re-exported from another public module: checked at home
            if inspect.isfunction(obj):
                found.append((name, attr, obj))
            elif inspect.isclass(obj) and not _is_record(obj) \
                    and not issubclass(obj, BaseException):
                init = obj.__dict__.get("__init__")
                if inspect.isfunction(init):
                    found.append((name, attr, init))
                for meth_name, meth in vars(obj).items():
                    if inspect.isfunction(meth) and not meth_name.startswith("_"):
                        found.append((name, f"{attr}.{meth_name}", meth))
    return found


CALLABLES = public_callables()
IDS = [f"{m}.{q}" for m, q, _ in CALLABLES]


def _parameters(fn):
    params = list(inspect.signature(fn).parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return params


def test_the_introspection_finds_the_course_functions():
    names = set(IDS)
    for expected in ("stats.variance", "linalg.norm", "probability.softmax", "calculus.partial",
                     "optim.gradient_descent", "autodiff.Tensor.sum", "tensors.direction_degrees",
                     "data.load_photo", "plotting.course_rc", "linalg.matmul",
                     "linalg.power_iteration", "linalg.pca"):    # the last three: private homes
        assert expected in names, expected
    assert len(CALLABLES) > 60


@pytest.mark.parametrize("module, qualname, fn", CALLABLES, ids=IDS)
def test_options_are_keyword_only(module, qualname, fn):
    exceptions = POSITIONAL_EXCEPTIONS.get((module, qualname), {})
    for p in _parameters(fn):
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            continue
        assert p.default is p.empty, (
            f"{module}.{qualname}: {p.name} has a default ({p.default!r}), so it is an option: "
            f"make it keyword-only (def {qualname.split('.')[-1]}(..., *, {p.name}=...))")
        assert p.name not in OPTIONS or p.name in exceptions, (
            f"{module}.{qualname}: {p.name} is an option, so it must be keyword-only; if it is "
            "the data here, declare it in POSITIONAL_EXCEPTIONS with the reason")


def test_declared_exceptions_are_still_needed():
    by_name = {(m, q): fn for m, q, fn in CALLABLES}
    for (module, qualname), params in POSITIONAL_EXCEPTIONS.items():
        fn = by_name[(module, qualname)]
        positional = {p.name for p in _parameters(fn)
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)}
        for name, reason in params.items():
            assert reason.strip(), (module, qualname, name)
            assert name in positional, f"{module}.{qualname}: exception for {name} is stale"


def test_int_parameters_are_named_as_such():
    """Every parameter annotated ``int`` is in INT_PARAMETERS, so the test below feeds it bad
    values; a new int option gets its check by being named here."""
    for module, qualname, fn in CALLABLES:
        for p in _parameters(fn):
            if p.annotation in (int, "int") and p.name not in AXIS_PARAMETERS:
                assert p.name in INT_PARAMETERS, f"{module}.{qualname}: {p.name}"


# -- bad values for ints, axes and rng ----------------------------------------------------------

X = np.array([[5.1, 3.5, 1.4], [4.9, 3.0, 1.5], [6.2, 2.9, 4.3], [5.9, 3.0, 5.1], [6.9, 3.1, 5.4],
              [5.5, 2.4, 3.7]])
P2 = np.array([[0.25, 0.75], [0.75, 0.25]])        # rows and columns are distributions
# Valid values for the data, by parameter name; a function whose data needs another value than its
# name suggests is listed under its own name.
DATA = {"x": X, "X": X, "z": X, "logits": X, "p": P2, "p_true": P2, "q_model": P2,
        "A": np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]]),
        "f": np.sum, "grad": lambda w: 2 * w, "x0": np.array([1.0, 2.0]), "a": 0.0, "b": 1.0,
        "fan_in": 3, "fan_out": 2, "sizes": (3, 4, 2), "y": np.array([0, 1, 0, 1, 1, 0])}
DATA_FOR = {"calculus.partial": {"x": np.array([1.0, 2.0])}}
# Valid values for the other required options (the one under test is replaced).
VALID = {"k": 1, "i": 0, "n": 10, "ddof": 0, "steps": 3, "num_iterations": 200, "step": 4,
         "learning_rate": 0.1, "size": 3, "axis": 0, "rng": 0,
         "optimizer": optim.SGD(lr=0.1), "epochs": 1, "batch_size": 2}
# Values made new for every call: a model and an optimiser keep state between calls.
FRESH = {"model": lambda: mathlib.nn.MLP((3, 4, 2), rng=0), "optimizer": lambda: optim.SGD(lr=0.1)}


def _instance_method(module, qualname):
    """Public methods of classes are called on an instance made from sample data."""
    cls_name, meth = qualname.split(".")
    cls = getattr(importlib.import_module(f"mathlib.{module}"), cls_name)
    if cls_name == "Tensor":
        return getattr(cls(X), meth)
    return None


def _cases(kinds):
    cases = []
    for module, qualname, fn in CALLABLES:
        names = {p.name for p in _parameters(fn) if p.kind == p.KEYWORD_ONLY}   # options, not data
        for name in sorted(names & kinds):
            cases.append(pytest.param(module, qualname, fn, name, id=f"{module}.{qualname}-{name}"))
    return cases


def _call(module, qualname, fn, name, value):
    """Call the function with valid data and options, ``name`` set to ``value``."""
    if "." in qualname:
        if qualname.endswith(".__init__"):
            fn = getattr(importlib.import_module(f"mathlib.{module}"), qualname.split(".")[0])
        else:
            fn = _instance_method(module, qualname)
            if fn is None:
                pytest.skip(f"no sample instance for {qualname}")
    elif fn.__name__ == "__init__":          # a class: call the class, not its bare __init__
        fn = getattr(importlib.import_module(f"mathlib.{module}"), qualname)
    args, kwargs = [], {}
    data = {**DATA, **DATA_FOR.get(f"{module}.{qualname}", {})}
    for p in _parameters(inspect.unwrap(fn) if not inspect.ismethod(fn) else fn):
        if p.name == name:
            kwargs[name] = value
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty:
            args.append(FRESH[p.name]() if p.name in FRESH else data[p.name])
        elif p.kind == p.KEYWORD_ONLY and p.default is p.empty:
            kwargs[p.name] = FRESH[p.name]() if p.name in FRESH else VALID[p.name]
    return fn(*args, **kwargs)


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


@pytest.mark.parametrize("module, qualname, fn, name", _cases(INT_PARAMETERS))
def test_int_options_refuse_floats_bools_and_negatives(module, qualname, fn, name):
    _call(module, qualname, fn, name, VALID[name])               # the valid call works
    for bad in (2.5, 1.0, True, np.float64(2.0), "2"):
        with pytest.raises(TypeError) as info:
            _call(module, qualname, fn, name, bad)
        assert _names(str(info.value), name), str(info.value)
    with pytest.raises(ValueError) as info:
        _call(module, qualname, fn, name, -1000)
    assert _names(str(info.value), name), str(info.value)


@pytest.mark.parametrize("module, qualname, fn, name", _cases(AXIS_PARAMETERS))
def test_axis_options_refuse_floats_bools_and_missing_axes(module, qualname, fn, name):
    _call(module, qualname, fn, name, 0)
    _call(module, qualname, fn, name, -1)
    for bad in (1.0, True, "0"):
        with pytest.raises(TypeError) as info:
            _call(module, qualname, fn, name, bad)
        assert _names(str(info.value), "axis"), str(info.value)
    for bad in (2, -3, 99):                                     # the data has 2 axes
        with pytest.raises(ValueError) as info:
            _call(module, qualname, fn, name, bad)
        assert _names(str(info.value), "axis"), str(info.value)


@pytest.mark.parametrize("module, qualname, fn, name", _cases(RNG_PARAMETERS))
def test_rng_is_none_an_int_or_a_generator(module, qualname, fn, name):
    first = _call(module, qualname, fn, name, None)
    again = _call(module, qualname, fn, name, None)
    assert np.array_equal(_numbers(first), _numbers(again))
    _call(module, qualname, fn, name, 7)
    _call(module, qualname, fn, name, np.random.default_rng(7))
    for bad in (1.5, True, "7", np.random.RandomState(0)):
        with pytest.raises(TypeError) as info:
            _call(module, qualname, fn, name, bad)
        assert _names(str(info.value), "rng"), str(info.value)
    with pytest.raises(ValueError) as info:
        _call(module, qualname, fn, name, -1)
    assert _names(str(info.value), "rng"), str(info.value)


def _numbers(result) -> np.ndarray:
    """What a random function's result holds, as one array: the last array of a tuple, a model's
    parameters, a training history's losses."""
    if isinstance(result, tuple):
        result = result[-1]
    if isinstance(result, mathlib.nn.MLP):
        return np.concatenate([p.data.ravel() for p in result.parameters()])
    if isinstance(result, mathlib.nn.History):
        return np.asarray(result.loss)
    return np.asarray(result)


def test_no_seed_parameter_anywhere():
    """One name for randomness: ``rng``."""
    for module, qualname, fn in CALLABLES:
        assert "seed" not in {p.name for p in _parameters(fn)}, f"{module}.{qualname}"


# -- import mathlib ------------------------------------------------------------------------------

def test_import_mathlib_imports_only_numpy_and_loads_modules_lazily():
    code = ("import sys, mathlib\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'scipy', 'ipywidgets', 'ipympl', 'anywidget'))\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('mathlib.'))\n"
            "print(heavy, loaded)\n"
            "assert not heavy and not loaded, (heavy, loaded)\n"
            "assert mathlib.stats.mean([1.0, 3.0]) == 2.0\n"
            "assert 'mathlib.stats' in sys.modules and 'mathlib.linalg' not in sys.modules\n"
            "assert not any(m.startswith('matplotlib') for m in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_module_is_an_attribute_of_mathlib():
    for info in pkgutil.iter_modules(mathlib.__path__):
        if not info.name.startswith("_"):
            assert info.name in mathlib.__all__ and info.name in dir(mathlib)
    for name in CORE:
        assert getattr(mathlib, name) is importlib.import_module(f"mathlib.{name}")
    with pytest.raises(AttributeError, match=r"module 'mathlib' has no attribute 'statz'; its "
                                             r"modules are .*stats"):
        mathlib.statz
