"""Test settings shared by the whole suite."""

from hypothesis import settings

# The same examples on every run (a failure reproduces), and no per-example deadline: a loaded
# 2-core CI machine is slow, not wrong.
settings.register_profile("course", derandomize=True, deadline=None, max_examples=100)
settings.load_profile("course")
