"""Nothing from the internet: every request a page makes is recorded, remote ones refused.

:func:`new_page` gives every page a :class:`RequestLog`: every request is recorded and any that
would leave the computer is refused, as in a classroom without internet; :func:`offline_problems`
lists them.
"""

from __future__ import annotations

import urllib.parse

VIEWPORT = {"width": 1400, "height": 1000}


# -- requests: nothing from the internet -------------------------------------------------------

# A classroom may have no internet: everything a page needs must come from the local server (or,
# for the static site, from disk). Addresses that count as local:
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "file"})


def is_remote(url: str) -> bool:
    """Whether loading ``url`` leaves this computer: any address whose host is not 127.0.0.1 /
    localhost, except data:, blob:, about: and file: URLs."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "").lower() not in LOCAL_HOSTS


class RequestLog:
    """Every request a browser context makes (documents, scripts, styles, fonts, images, XHR,
    workers' requests, WebSockets), in order, as ``(resource type, URL)``.

    ``attach(context)`` starts recording. With ``block_remote`` (the default) a request that would
    leave the computer is also refused, as in a classroom without internet, so that the page the
    tests check is the page such a classroom sees; it is still recorded and reported by
    :meth:`remote`. Composable: any test or tool can attach one to its own context.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    def attach(self, context, *, block_remote: bool = True) -> "RequestLog":
        context.on("request", lambda req: self.requests.append((req.resource_type, req.url)))
        context.on("page", self._watch_websockets)
        for page in context.pages:
            self._watch_websockets(page)
        if block_remote:
            context.route(is_remote, lambda route: route.abort("internetdisconnected"))
        return self

    def _watch_websockets(self, page) -> None:
        page.on("websocket", lambda ws: self.requests.append(("websocket", ws.url)))

    @property
    def urls(self) -> list[str]:
        return [url for _, url in self.requests]

    def remote(self) -> list[str]:
        """The remote requests, each once, in order, as ``"type URL"``."""
        return list(dict.fromkeys(f"{kind} {url}" for kind, url in self.requests
                                  if is_remote(url)))

    def clear(self) -> None:
        self.requests.clear()


def remote_requests(page) -> list[str]:
    """The remote requests made so far by ``page``'s context (a page from :func:`new_page`)."""
    return page.request_log.remote()


def offline_problems(page, what: str = "the page") -> list[str]:
    """One line per remote request of ``page``'s context: what a classroom without internet
    would miss."""
    return [f"{what} requested a remote address (a classroom without internet does not get it): "
            f"{r}" for r in remote_requests(page)]


def new_page(browser, device_scale_factor: float = 1, *, block_remote: bool = True):
    """A fresh page (its own browser context), recording uncaught script errors in
    ``page.script_errors``, console errors in ``page.console_errors`` (for diagnostics) and
    every request in ``page.request_log`` (a :class:`RequestLog`; remote requests are refused
    unless ``block_remote=False``).

    ``device_scale_factor=2`` is a HiDPI ("retina") screen: ipympl then renders the figures at
    twice the resolution, four times the pixels.
    """
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=device_scale_factor)
    request_log = RequestLog().attach(context, block_remote=block_remote)
    page = context.new_page()
    page.request_log = request_log
    page.script_errors = []
    page.console_errors = []
    page.on("pageerror", lambda exc: page.script_errors.append(str(exc)))
    page.on("console", lambda msg: page.console_errors.append(msg.text)
            if msg.type == "error" else None)
    return page


def close_page(page) -> None:
    page.context.close()
