"""The course's explorers: one module per idea, each with compute, draw and wire (an Explorer).

Importing this package needs matplotlib, ipywidgets and ipympl; ``import mathlib`` does not.
"""
