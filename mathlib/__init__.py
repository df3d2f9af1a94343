"""mathlib: the mathematics behind neural networks, implemented from scratch with numpy.

One module per area of the course. ``import mathlib`` imports only numpy: every module is loaded
the first time it is used, so ``import mathlib; mathlib.stats.mean([1, 2])`` works, and so does
``from mathlib import stats``. The explorers (``mathlib.explore``, ``mathlib.explorers``,
``mathlib.plotting``) need matplotlib, ipywidgets and ipympl, and load them only when they are used.
"""

from __future__ import annotations

import importlib
import pkgutil

__version__ = "0.1.0"

# Every public module and package of mathlib, found on disk (a new module is listed by itself).
_SUBMODULES = tuple(sorted(info.name for info in pkgutil.iter_modules(__path__)
                           if not info.name.startswith("_")))
__all__ = list(_SUBMODULES)


def __getattr__(name: str):
    """Load ``mathlib.<name>`` the first time it is used (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)   # also sets it as an attribute
    raise AttributeError(f"module 'mathlib' has no attribute {name!r}; its modules are "
                         f"{', '.join(_SUBMODULES)}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))
