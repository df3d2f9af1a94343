"""Accessibility (WCAG 2.1 AA) in the browser: what axe-core cannot see on its own, and that the
axe check itself really catches what it must.

The axe-core checks of every notebook run inside the per-notebook tests, on pages that are already
open and run (no second Run All): test_browser.py (JupyterLab, scoped to what the course renders:
explorers, outputs such as exercise feedback, concept questions, rendered Markdown) and
test_voila.py (the whole Voila page). The static pages are checked in tests/test_html.py. Here:

* the keyboard-only walk of every explorer of notebook 00 (tools/browser/keyboard.py), in
  JupyterLab and in Voila: Tab from just before it reaches every slider, announced by its label,
  then Reset, each with a visible focus ring; the arrow keys move a slider, and the figure's
  pixels, the readout and the polite live region follow; Enter on Reset puts it back. It runs
  inside test_browser.py's and test_voila.py's test of notebook 00, in the page already open
  (one page load and one Run All per notebook and interface);
* axe is not silent: a page with an unnamed slider and a low-contrast text fails it, and a known
  interface violation is set aside only within its scope.
"""

from __future__ import annotations

import pytest

from tools import browser as b

_BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>
<div class="mathlib-explorer">
  <div class="widget-slider"><label class="widget-label">slope w</label>
    <div class="noUi-handle" tabindex="0" role="slider" aria-valuemin="0" aria-valuemax="1"
         aria-valuenow="0.5"></div></div>
  <p style="color:#999999">grey text</p>
</div>
<div class="jp-RenderedMarkdown" style="overflow:auto;width:100px;height:40px">
  <p style="width:300px">a wide paragraph that scrolls</p></div>
</main></body></html>"""


def test_axe_catches_unnamed_sliders_and_low_contrast(page):
    page.set_content(_BAD_PAGE)
    rules = {v["id"]: len(v["nodes"]) for v in b.axe_violations(page, [b.EXPLORER])}
    assert rules.get("aria-input-field-name") == 1, rules
    assert rules.get("color-contrast") == 1, rules
    # A scrolling Markdown box whose overflow is real content (not MathJax's invisible MathML)
    # is not set aside by the known interface violation.
    rules = {v["id"] for v in b.axe_violations(page, [".jp-RenderedMarkdown"])}
    assert "scrollable-region-focusable" in rules


def test_known_interface_violation_is_set_aside_only_in_scope(page):
    """MathJax's invisible MathML copy sticking out of a Markdown box: set aside there, reported
    in b.AXE_SKIPPED; the same box outside the scope still fails."""
    box = ('<div class="{cls}" style="overflow:auto;width:200px;height:60px;position:relative">'
           '<p>x</p><mjx-assistive-mml style="position:absolute;left:190px;top:0;width:80px;'
           'height:10px;display:block">m</mjx-assistive-mml></div>')
    # (MathJax's own stylesheet says display: block !important for these copies)
    page.set_content('<!DOCTYPE html><html lang="en"><head><title>t</title>'
                     '<style>mjx-assistive-mml { display: block !important }</style>'
                     '</head><body><main>'
                     + box.format(cls="jp-RenderedMarkdown") + box.format(cls="other")
                     + "</main></body></html>")
    skipped_before = len(b.AXE_SKIPPED)
    violations = b.axe_violations(page)
    targets = [n["target"] for v in violations if v["id"] == "scrollable-region-focusable"
               for n in v["nodes"]]
    assert targets == [".other"], violations
    assert [s["id"] for s in b.AXE_SKIPPED[skipped_before:]] == ["scrollable-region-focusable"]
    del b.AXE_SKIPPED[skipped_before:]  # a made-up page: not for the run's summary
    assert b.axe_violations(page, known={}) != []


@pytest.mark.parametrize("rule", sorted(b.KNOWN_INTERFACE_VIOLATIONS))
def test_every_known_interface_violation_is_listed_in_the_readme(rule):
    readme = (b.REPO / "README.md").read_text()
    section = readme.split("## Accessibility", 1)[-1].split("\n## ", 1)[0]
    assert "## Accessibility" in readme and f"`{rule}`" in section, \
        f"README's Accessibility section does not list the skipped axe rule {rule!r}"
