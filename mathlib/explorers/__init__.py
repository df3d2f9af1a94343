"""The course's explorers: one module per idea, each with compute, draw and wire (an Explorer).

Importing this package needs matplotlib, ipywidgets and ipympl; ``import mathlib`` does not.

What every module here follows (tests/test_explorer_layout.py checks the first):

- ``NOTEBOOK = "NN"``: the notebook that shows it; that notebook imports it and no other does,
  unless the module lists the others in ``ALSO_IN = ("MM", ...)`` with a comment saying why.
- ``compute(...)`` returns a small frozen dataclass (``<Module>Result``) whose fields are named
  as in the formulas of its docstring (``out.det``, ``out.KL_pq``), never a dict read by key.
- Layout helpers come from :mod:`._layout` (label boxes, ``setup_axes``), not from another
  explorer. Numbers a learner reads go to the HTML readout; labels that move or change on every
  slider move are :class:`._layout.CachedText` (pictures rendered once), so a move re-rasterises
  no text.
- Only public API of other objects: the Explorer's hooks (``background_key``, ``prerender``,
  ``connect``, ``has_background``) and matplotlib's, never an underscore name of theirs.
"""
