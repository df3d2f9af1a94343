"""Fixtures for the end-to-end tests: one JupyterLab server, one Voila server and one Debian
Chromium for the whole session (each test gets a fresh page: its own browser context).

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


def pytest_terminal_summary(terminalreporter):
    """Known violations of JupyterLab's or Voila's own interface that the axe checks set aside
    (by rule and scope, listed in README's Accessibility section): shown, never silent."""
    if not b.AXE_SKIPPED:
        return
    counts = {}
    for s in b.AXE_SKIPPED:
        key = (s["id"], b.KNOWN_INTERFACE_VIOLATIONS.get(s["id"], {}).get("why", ""))
        counts.setdefault(key, set()).add(s["page"].rsplit("/", 1)[-1])
    terminalreporter.section("accessibility: known interface violations set aside")
    for (rule, why), pages in sorted(counts.items()):
        terminalreporter.write_line(f"{rule} on {len(pages)} page(s) ({', '.join(sorted(pages))}):"
                                    f" {why}")
