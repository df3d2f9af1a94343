"""The request recorder that the end-to-end tests rely on for "nothing from the internet".

test_browser.py and test_voila.py fail on any request that leaves the local server; these tests
make sure that the recorder really sees such a request (and refuses it, as a classroom without
internet does), so that a silent recorder cannot make those tests pass.
"""

from __future__ import annotations

import pytest

from tools import browser as b


@pytest.mark.parametrize("url, remote", [
    ("http://127.0.0.1:8888/lab", False),
    ("ws://127.0.0.1:8888/api/kernels/abc/channels", False),
    ("http://localhost/static/x.js", False),
    ("http://[::1]:8000/", False),
    ("data:image/png;base64,AAAA", False),
    ("blob:http://127.0.0.1:8888/0d7c", False),
    ("file:///tmp/site/index.html", False),
    ("about:blank", False),
    ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@5/css/all.min.css", True),
    ("http://127.0.0.2/x.js", True),
    ("https://localhost.example.com/x.js", True),
    ("wss://example.org/socket", True),
])
def test_what_counts_as_remote(url, remote):
    assert b.is_remote(url) is remote


def test_the_recorder_sees_and_refuses_remote_requests(page, tmp_path):
    html = tmp_path / "page.html"
    html.write_text('<!DOCTYPE html><html><head>'
                    '<link rel="stylesheet" href="https://cdn.example.org/icons.css">'
                    '<script src="https://cdn.example.org/lib.js"></script></head>'
                    '<body><img src="data:image/png;base64,iVBORw0KGgo="></body></html>')
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    assert b.remote_requests(page) == ["stylesheet https://cdn.example.org/icons.css",
                                       "script https://cdn.example.org/lib.js"]
    assert len(b.offline_problems(page)) == 2
    # refused, as without internet: the page never got them
    assert sorted(failed) == ["https://cdn.example.org/icons.css",
                              "https://cdn.example.org/lib.js"]
    assert html.as_uri() in page.request_log.urls
