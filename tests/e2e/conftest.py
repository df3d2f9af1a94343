"""Fixtures for the end-to-end tests: one JupyterLab server, one Voila server and one Debian
Chromium for the whole session (each test gets a fresh page: its own browser context; the Lab
tests pass one Lab page from notebook to notebook, ``lab_page``).

Every test in this folder needs Chromium (``apt-get install chromium``) and the playwright
package (in requirements-test.txt, the test tools' lock file); without them the tests are
skipped, with the reason shown in pytest's ``-ra`` summary. Deselect them with ``-m "not e2e"``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tools import browser as b

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser (Chromium)")


def pytest_collection_modifyitems(config, items):
    missing = None
    if b.find_chromium() is None:
        missing = b.SKIP_REASON
    elif importlib.util.find_spec("playwright") is None:
        missing = b.PLAYWRIGHT_MISSING
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    browser = b.launch_chromium(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def lab_server():
    """JupyterLab serving the repository, on a free localhost port with a random token."""
    server = b.start_lab()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server():
    """Voila serving notebooks/ (every notebook's app at ``server.voila_path(name)``): one server
    for the whole session, each page with its own kernel (stopped after its test)."""
    server = b.start_voila(b.ROOT / "notebooks")
    yield server
    server.stop()


@pytest.fixture
def page(chromium):
    """A fresh browser page (its own context: no shared storage between tests) that records
    every request and refuses remote ones (``page.request_log``; see ``b.offline_problems``)."""
    page = b.new_page(chromium)
    yield page
    b.close_page(page)


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember on the test item that it failed (``lab_page`` then gives its page to no later
    test)."""
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    if report.when == "teardown":
        # what the test set aside or had to retry, carried by its report to the session's summary
        # (tests/conftest.py): with xdist, only reports reach the process that prints it
        for skipped in b.AXE_SKIPPED:
            why = b.KNOWN_INTERFACE_VIOLATIONS.get(skipped["id"], {}).get("why", "")
            report.user_properties.append(("axe_skipped", {**skipped, "why": why}))
        report.user_properties += [("run_all_retried", url) for url in b.RUN_ALL_RETRIES]
        b.AXE_SKIPPED.clear()
        b.RUN_ALL_RETRIES.clear()
    return report


@pytest.fixture(scope="session")
def _lab_pages(chromium):
    pages = []   # at most one: the page that shows JupyterLab now
    yield pages
    for page in pages:
        b.close_page(page)


@pytest.fixture
def lab_page(request, chromium, lab_server, _lab_pages):
    """A page showing JupyterLab, passed from one Lab test to the next: Lab loads once, and each
    notebook opens in it with Lab's own command (``b.open_notebook``), as a learner opens the next
    notebook (a page load and Lab's start-up cost about 5-8 s a notebook). Before each test the
    page's records start empty (script errors, console errors, requests); after it, its notebook
    is closed without saving and every kernel stopped, so the next test sees none of its cells,
    outputs or widgets. A test that fails, or whose page leaves a dialog open, leaves its page to
    no later test: the next one loads Lab afresh."""
    if not _lab_pages:
        _lab_pages.append(b.new_page(chromium))
    page = _lab_pages[0]
    page.script_errors.clear()
    page.console_errors.clear()
    page.request_log.clear()
    yield page
    keep = not request.node.stash.get(_FAILED, False)
    try:
        b.close_notebooks(page)
        keep = keep and page.locator(".jp-Dialog").count() == 0
    except Exception:  # noqa: BLE001 - Playwright's Error: a crashed or closed page
        keep = False
    b.shutdown_kernels(lab_server)
    if not keep:
        _lab_pages.remove(page)
        b.close_page(page)
