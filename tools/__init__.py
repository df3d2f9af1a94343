"""The repository's tools, run from its root as ``python -m tools.NAME`` (bench, build_html,
collect_submissions, hub_bench, mutate, ...), and the harnesses that the tools and the tests
share, imported normally (``from tools.nbkernel import executed``; the repository's root is on
``sys.path`` under pytest and under ``python -m``):

* :mod:`tools.nbkernel` - a notebook executed headless in a real kernel, kept alive to talk to;
* :mod:`tools.kernel_code` - the code that runs inside that kernel (the slider sweep, the picture
  checks, timings);
* :mod:`tools.browser` - JupyterLab, Voila and Chromium driven by Playwright.

Not part of the course's package (``mathlib``): nothing here is installed.
"""
