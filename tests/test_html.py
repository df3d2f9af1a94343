"""`make html`: every notebook becomes a static page with its figures and no error output, and
every page, opened from disk, loads nothing from the internet (a classroom without internet sees
the same page)."""

import re
import sys
from html.parser import HTMLParser

import pytest

from tools import browser as b, build_html
from tools.nbkernel import FRESH_NOTEBOOKS, ROOT, executed, explorer_count, notebooks


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The static site, built once for this module's tests: (folder, pages, index first). The
    notebooks that the slider sweep executed in this session (tests/conftest.py runs it first)
    are exported from that execution instead of being executed again; the others are executed
    here. test_a_reused_execution_gives_the_page_make_html_writes checks that both agree."""
    out = tmp_path_factory.mktemp("html")
    return out, build_html.build(out, executed=FRESH_NOTEBOOKS)


def test_a_reused_execution_gives_the_page_make_html_writes(tmp_path):
    """build_html.page() on a notebook executed elsewhere (by tools.nbkernel, as the sweep does)
    writes the page that it writes when it executes the notebook itself (`make html`)."""
    path = notebooks()[0]
    key = str(path.resolve())
    if key not in FRESH_NOTEBOOKS:
        with executed(path):
            pass
    ids = re.compile(r"\b[0-9a-f]{32}\b")   # widget model ids differ between two executions
    reused = ids.sub("<id>", build_html.page(path, FRESH_NOTEBOOKS[key]))
    own = ids.sub("<id>", build_html.page(path))
    assert reused == own


def test_static_site(site):
    out, pages = site
    index = pages[0].read_text()
    for path in notebooks():
        page = out / f"{path.stem}.html"
        assert page in pages, f"no page for {path.name}"
        assert f"href='{path.stem}.html'" in index
        text = page.read_text()
        explorers = explorer_count(path)
        figures = len(re.findall(r'<img[^>]+src="data:image/png;base64', text))
        assert figures >= explorers >= 1, f"{page.name}: {figures} figures for {explorers} explorers"
        assert "Traceback" not in text
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text
        assert "Error displaying widget" not in text
        assert "application/vnd.jupyter.widget-view+json" not in text  # the static image instead
        assert "libs/mathjax" not in text  # MathJax comes from the local copy
    assert (out / "mathjax" / "MathJax.js").is_file()


# -- nothing from the internet ---------------------------------------------------------------------

# Attributes with which an element loads something as the page opens (links to follow, <a href>,
# load nothing).
_LOADING = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "embed": ("src",),
            "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
            "track": ("src",), "object": ("data",), "input": ("src",), "image": ("href",),
            "use": ("href",), "link": ("href",)}
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)


class _RemoteReferences(HTMLParser):
    """Remote addresses that an HTML page loads from: loading attributes, CSS url() and @import
    in <style> elements and style attributes."""

    def __init__(self):
        super().__init__()
        self.found, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in _LOADING.get(tag, ()):
            for value in (attrs.get(name) or "").split(","):
                if tag == "link" and (attrs.get("rel") or "").lower() in ("canonical", "alternate"):
                    continue
                if _REMOTE.match(value):
                    self.found.append(f"<{tag} {name}={value.strip()[:120]}>")
        style = attrs.get("style") or ""
        self.found += [f"style attribute: {u}" for u in _CSS_REMOTE.findall(style)]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [f"<style>: {u}" for u in _CSS_REMOTE.findall(data)]


def test_site_pages_reference_nothing_remote(site):
    """Without a browser: no page's HTML loads a script, style, font or image from elsewhere."""
    out, pages = site
    found = {}
    for page in pages:
        parser = _RemoteReferences()
        parser.feed(page.read_text())
        if parser.found:
            found[page.name] = parser.found
    assert found == {}, "pages that load from the internet:\n" + "\n".join(
        f"  {name}: {refs}" for name, refs in found.items())


_MATH_FONTS_JS = """() => document.querySelectorAll('.MathJax').length === 0 ||
  [...document.fonts].some(f => f.status === 'loaded' && /MathJax/.test(f.family))"""


class _ElementKinds(HTMLParser):
    """The kinds of element of a page's HTML: (parent's kind, kind), a kind being the tag and its
    sorted classes ("span.mi", "div.jp-Cell.jp-CodeCell.jp-Notebook-cell"); scripts and styles
    left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.kinds, self.hidden = ["document"], set(), 0

    def handle_starttag(self, tag, attrs):
        classes = sorted((dict(attrs).get("class") or "").split())
        kind = ".".join([tag, *classes])
        self.hidden += tag in ("script", "style")
        if not self.hidden:
            self.kinds.add((self.stack[-1], kind))
        if tag not in self.VOID:
            self.stack.append(kind)

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()


def element_kinds(html: str) -> set:
    parser = _ElementKinds()
    parser.feed(html)
    return parser.kinds


def axe_sample(pages: list) -> list:
    """Pages that together hold every kind of element of the site (:func:`element_kinds`), chosen
    greedily (the page with the most kinds not yet held, until none is left): about 7 of 29.

    axe-core takes 3-6 s on a notebook's page (its colour-contrast rule, on every span of the
    highlighted code and of MathJax's formulas), most of the static site's test. What axe checks
    depends on the kind of element, its styles and its place, and every page is made by one
    template and one style sheet; the text of every notebook is checked by axe in JupyterLab as
    well (tests/e2e/test_browser.py: Markdown cells and outputs), and the code colours by
    test_accessible_css_meets_contrast."""
    left = {page: element_kinds(page.read_text()) for page in pages}
    chosen, held = [], set()
    while left:
        best = max(left, key=lambda page: len(left[page] - held))
        if not left[best] - held:
            break
        chosen.append(best)
        held |= left.pop(best)
    return chosen


def test_the_axe_sample_holds_every_kind_of_element(tmp_path):
    pages = []
    for name, html in [("a", "<div class='x y'><p>text <a href='#'>link</a></p></div>"),
                       ("b", "<div class='y x'><p>more</p></div><script><b>no</b></script>"),
                       ("c", "<table><tr><td><a href='#'>in a table</a></td></tr></table>"),
                       ("d", "<p>text <a href='#'>and a link</a></p><br><img alt=''>")]:
        pages.append(tmp_path / f"{name}.html")
        pages[-1].write_text(html)
    assert ("div.x.y", "p") in element_kinds(pages[0].read_text())
    assert ("p", "b") not in element_kinds(pages[1].read_text())          # inside a script
    chosen = axe_sample(pages)
    assert [p.stem for p in chosen] == ["c", "d", "a"]    # b's kinds are all in a
    assert set().union(*(element_kinds(p.read_text()) for p in chosen)) == \
        set().union(*(element_kinds(p.read_text()) for p in pages))


def test_site_pages_request_nothing_remote_in_chromium(site):
    """In Chromium: every page opened from disk (file://), scripts run and formulas typeset,
    requests nothing remote (remote requests are refused, as without internet), every file it
    requests from disk exists, formulas are typeset in MathJax's fonts from the local copy; and
    axe-core finds no WCAG 2.0/2.1 A or AA violation (contrast, links, alt text, ...) on the
    pages that together hold every kind of element of the site (:func:`axe_sample`)."""
    if b.find_chromium() is None:
        pytest.skip(b.SKIP_REASON)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason=b.PLAYWRIGHT_MISSING)
    out, pages = site
    audited = axe_sample(pages)
    problems = []
    with sync_api.sync_playwright() as p:
        chromium = b.launch_chromium(p)
        try:
            for html_page in pages:
                page = b.new_page(chromium)
                failed = []
                page.context.on("requestfailed", lambda req: failed.append(req.url))
                try:
                    page.goto(html_page.as_uri(), wait_until="load")
                    # MathJax (local copy) typesets after the load event and then loads its fonts.
                    if html_page != pages[0]:
                        page.wait_for_function(
                            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue"
                            " && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running",
                            timeout=60_000)
                    page.wait_for_load_state("networkidle")
                    problems += [f"{html_page.name}: {r}"
                                 for r in b.offline_problems(page, "the page")]
                    problems += [f"{html_page.name}: a file it needs is missing: {url}"
                                 for url in dict.fromkeys(failed) if url.startswith("file:")]
                    problems += [f"{html_page.name}: script error: {e[:300]}"
                                 for e in page.script_errors]
                    if not page.evaluate(_MATH_FONTS_JS):
                        problems.append(f"{html_page.name}: formulas not typeset in MathJax's "
                                        "own fonts (the computer's fonts instead)")
                    if html_page not in audited:
                        continue
                    # WCAG 2.1 AA (axe-core), the typeset page as a learner sees it; nothing of
                    # these pages is JupyterLab's interface, so no known violation is set aside
                    problems += [f"{html_page.name}: {v['id']}: {len(v['nodes'])} element(s): "
                                 f"{v['help']}\n  " + b.format_violations([v], 3)
                                 for v in b.axe_violations(page, known={})]
                finally:
                    b.close_page(page)
        finally:
            chromium.close()
    assert problems == [], "\n".join(problems)


def test_plain_nbconvert_export_shows_the_static_figure(tmp_path):
    """What a learner gets from `jupyter nbconvert --to html --execute` inside .venv."""
    import subprocess

    notebook = notebooks()[0]
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
                    str(notebook), "--output-dir", str(tmp_path)], check=True,
                   capture_output=True, cwd=ROOT)
    text = (tmp_path / f"{notebook.stem}.html").read_text()
    assert re.search(r'<img[^>]+src="data:image/png;base64', text)
    assert "application/vnd.jupyter.widget-view+json" not in text


# -- accessibility of the pages (axe-core runs in the Chromium test above) -------------------------

def test_every_figure_has_a_text_alternative(site):
    """Every image of every page has alt text; an explorer's says its title, values and readout."""
    out, pages = site
    missing, explorer_alts = [], []
    for page in pages:
        for tag in re.findall(r"<img\b[^>]*>", page.read_text()):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or not alt.group(1).strip():
                missing.append(f"{page.name}: {tag[:80]}")
            elif alt.group(1).startswith("Figure"):
                explorer_alts.append(alt.group(1))
    assert missing == []
    assert len(explorer_alts) >= sum(explorer_count(p) for p in notebooks())
    assert all(len(alt) > 20 and "=" in alt for alt in explorer_alts), explorer_alts[:3]


def test_accessible_css_meets_contrast():
    from mathlib.plotting import contrast_ratio

    theme = ("--jp-mirror-editor-comment-color: #408080; --jp-mirror-editor-number-color: #080;"
             " --jp-mirror-editor-string-color: #ba2121; --jp-mirror-editor-header-color: blue;")
    css = build_html.accessible_css(theme)
    assert "text-decoration: underline" in css
    assert f"color: {build_html.PROMPT_COLOR}" in css and "opacity: 1" in css
    assert contrast_ratio(build_html.PROMPT_COLOR) >= 4.5
    fixed = dict(re.findall(r"(--jp-mirror-editor-[\w-]+-color): (#[0-9a-f]{6})", css))
    # the two that fail (2.2:1 and 4.2:1 on the code background) are darkened, the others kept
    assert sorted(fixed) == ["--jp-mirror-editor-comment-color", "--jp-mirror-editor-number-color"]
    for color in fixed.values():
        assert 4.5 <= contrast_ratio(color, background=build_html.CODE_BACKGROUND) < 5.0
    assert build_html._lab_theme_css() != ""  # the real theme is found
