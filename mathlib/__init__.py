"""mathlib: the mathematics behind neural networks, implemented from scratch with numpy.

One module per area of the course; importing ``mathlib`` needs only numpy. The explorers
(``mathlib.explore``, ``mathlib.explorers``, ``mathlib.plotting``) need matplotlib, ipywidgets
and ipympl and are imported on their own.
"""

from . import data, linalg, losses, tensors

__version__ = "0.1.0"
__all__ = ["data", "linalg", "losses", "tensors"]
