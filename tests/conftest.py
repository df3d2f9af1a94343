"""Test settings shared by the whole suite."""

import functools as _functools
import re as _re
from pathlib import Path as _Path

import pytest
from hypothesis import settings

_ROOT = _Path(__file__).resolve().parent.parent
_MODULE_FIXTURE = _re.compile(r"""@pytest\.fixture\([^)]*scope=["']module["']""")

# The same examples on every run (a failure reproduces), and no per-example deadline: a loaded
# 2-core CI machine is slow, not wrong. 50 examples a property (hypothesis's default is 100): the
# property tests took 38 s of CPU at 100 and 19 s at 30 (2026-12-06); for a deeper search, e.g.
# after changing mathlib's numerics: pytest tests/test_linalg.py --hypothesis-profile=thorough.
# (The examples also depend on the constants of the local modules loaded, and a checkout under a
# folder named "tests" has none: hypothesis skips such paths.)
settings.register_profile("course", derandomize=True, deadline=None, max_examples=50)
settings.register_profile("thorough", derandomize=True, deadline=None, max_examples=500)
settings.load_profile("course")


@pytest.fixture(autouse=True)
def course_style(request):
    """The explorers' tests (tests/test_explorers_*.py) draw in the course's style, as the
    notebooks do (their first cell calls ``use_course_style()``); the other tests do not import
    matplotlib for it. RuntimeWarnings are errors everywhere (pyproject.toml's filterwarnings)."""
    if request.path.name.startswith("test_explorers_"):
        from mathlib.plotting import use_course_style

        use_course_style()


# The modules that execute every notebook, in the order they run (after all other tests but the
# browser tests): each later one reuses what an earlier one left in tools.nbkernel.
_KERNEL_MODULES = ("test_sweep.py", "test_rerun.py", "test_html.py")


def pytest_collection_modifyitems(config, items):
    """Order the session (and see :func:`pytest_xdist_make_scheduler` for the two processes).

    Order within the session:

    - the tests that execute every notebook first, in this order: the slider sweep
      (tests/test_sweep.py: one fresh execution of each notebook), the re-run test
      (tests/test_rerun.py: compares its own fresh execution with the sweep's instead of starting
      a third kernel), the static site (tests/test_html.py: exports the sweep's executions
      instead of executing every notebook again). They are one unit of work for one process
      (the longest: about a third of the run), so it starts first and the other process takes
      everything else meanwhile; handed out last, it ran on alone after the rest had finished;
    - the browser tests (tests/e2e) last: their Playwright session keeps an event loop running
      in this thread until the session ends, and nbclient (the grader, the static site) cannot
      run its own loop while it does.
    """
    def rank(item):
        name = item.path.name
        e2e = item.path.parent.name == "e2e"
        kernel = _KERNEL_MODULES.index(name) if name in _KERNEL_MODULES else len(_KERNEL_MODULES)
        return (e2e, kernel)

    items.sort(key=rank)   # stable: the order within each group stays


def work_unit(nodeid: str) -> str:
    """What one process must run together, in order: each notebook's nbval cells (they share one
    kernel), all the tests that execute notebooks (each reuses what an earlier one left in
    tools.nbkernel, in the process's memory), and the tests of a module with a module-scoped
    fixture (split over two processes, each process built it: the grader's runs of
    test_grade.py and test_grade_audit.py, 47 s and 28 s, ran twice). Any other test is a unit
    of its own."""
    path = nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        return path
    if path.rsplit("/", 1)[-1] in _KERNEL_MODULES:
        return "the notebook-executing tests"
    if _has_module_fixture(path):
        return path
    return nodeid


@_functools.lru_cache(maxsize=None)
def _has_module_fixture(path: str) -> bool:
    """Whether the test module at ``path`` (relative to the repository) defines a fixture that
    is built once per module."""
    try:
        text = (_ROOT / path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return _MODULE_FIXTURE.search(text) is not None


@pytest.hookimpl(optionalhook=True)   # pytest-xdist's hook: present when it is installed
def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs on two processes (pytest-xdist, ``-n 2``): units of work (work_unit)
    are handed out in the session's order (pytest_collection_modifyitems), so that each process
    runs the browser tests after everything else. (xdist's own ``--dist loadgroup`` cannot be
    used: with pytest 9.2 its group marks do not reach the scheduler.)"""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:   # LoadScopeScheduling's grouping hook
            return work_unit(nodeid)

    config.option.loadscopereorder = False   # keep the session's order (browser tests last)
    return CourseScheduling(config, log)


# -- test time per notebook ------------------------------------------------------------------
# The budget: the whole `make test` within 20 minutes at 28 notebooks on 2 cores, about 30 s of
# test time per notebook in all. At the end of a session, a table: notebook -> seconds spent in
# each kind of test (setup, call and teardown of every test whose id names the notebook).

import time as _time  # noqa: E402
from collections import defaultdict as _defaultdict  # noqa: E402

_NOTEBOOK_STEMS = sorted((p.stem for p in (_ROOT / "notebooks")
                          .glob("[0-9][0-9]_*.ipynb")), key=len, reverse=True)
_TEST_KINDS = (("notebooks/", "nbval"), ("test_sweep.py", "sweep"), ("test_rerun.py", "rerun"),
               ("e2e/test_browser.py", "lab"), ("e2e/test_voila.py", "voila"))  # nbval: when asked
_BUDGET_S = 30


class _NotebookTimes:
    """A plugin registered for the whole session: a conftest's own runtest hooks see only the
    tests under its folder, and nbval's items live in notebooks/."""

    def __init__(self):
        self.seconds = _defaultdict(float)   # (notebook stem or None, kind) -> seconds
        self.start = _time.monotonic()
        self.axe_skipped = []                # known interface violations set aside (e2e tests)
        self.run_all_retried = []            # pages where Lab's Run All had to be given again

    def pytest_runtest_logreport(self, report):
        nodeid = report.nodeid.replace("\\", "/")
        notebook = next((s for s in _NOTEBOOK_STEMS if s in nodeid), None)
        kind = next((k for prefix, k in _TEST_KINDS if prefix in nodeid.split("::")[0]), "other")
        self.seconds[(notebook, kind)] += report.duration
        for name, value in report.user_properties:   # attached by tests/e2e/conftest.py
            if name == "axe_skipped":
                self.axe_skipped.append(value)
            elif name == "run_all_retried":
                self.run_all_retried.append(value)

    def pytest_terminal_summary(self, terminalreporter):
        self.browser_summary(terminalreporter)
        self.time_summary(terminalreporter)

    def browser_summary(self, terminalreporter):
        """Known violations of JupyterLab's or Voila's own interface that the axe checks set
        aside (by rule and scope, listed in README's Accessibility section), and the Lab pages
        whose Run All had to be given again: shown, never silent."""
        write = terminalreporter.write_line
        if self.axe_skipped:
            pages = {}
            for s in self.axe_skipped:
                pages.setdefault((s["id"], s["why"]), set()).add(s["page"].rsplit("/", 1)[-1])
            terminalreporter.section("accessibility: known interface violations set aside")
            for (rule, why), names in sorted(pages.items()):
                write(f"{rule} on {len(names)} page(s) ({', '.join(sorted(names))}): {why}")
        if self.run_all_retried:
            terminalreporter.section("JupyterLab: Run All given again")
            write(f"{len(self.run_all_retried)} time(s), 10 s each, on: "
                  + ", ".join(sorted({u.rsplit("/", 1)[-1] for u in self.run_all_retried})))

    def time_summary(self, terminalreporter):
        notebooks = sorted({nb for nb, _ in self.seconds if nb is not None})
        if not notebooks:
            return
        kinds = [k for _, k in _TEST_KINDS] + ["other"]
        write = terminalreporter.write_line
        terminalreporter.section("test time per notebook (s)")
        write(f"{'notebook':36s}" + "".join(f"{k:>8s}" for k in kinds) + f"{'total':>8s}")
        totals = []
        for nb in notebooks:
            row = [self.seconds.get((nb, k), 0.0) for k in kinds]
            totals.append(sum(row))
            flag = f"   over the {_BUDGET_S} s budget" if sum(row) > _BUDGET_S else ""
            write(f"{nb[:36]:36s}" + "".join(f"{v:8.1f}" for v in row) + f"{sum(row):8.1f}{flag}")
        rest = sum(v for (nb, _), v in self.seconds.items() if nb is None)
        wall = _time.monotonic() - self.start
        write(f"mean per notebook {sum(totals) / len(totals):.1f} s (budget {_BUDGET_S} s); "
              f"tests not about one notebook {rest:.1f} s; whole session {wall:.0f} s. Server and "
              "browser start-up count in the first notebook's lab/voila time.")


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("mathlib-notebook-times"):
        config.pluginmanager.register(_NotebookTimes(), "mathlib-notebook-times")
