"""Accessibility: axe-core's WCAG 2.0/2.1 A and AA checks on what the course renders.

:func:`axe_violations` runs axe-core in a page; :func:`lab_accessibility_problems` and
:func:`voila_accessibility_problems` scope it to the course's own elements. Violations of
JupyterLab's or Voila's own interface that the course cannot fix are set aside only by rule AND
scope (:data:`KNOWN_INTERFACE_VIOLATIONS`) and collected in :data:`AXE_SKIPPED` for the summary.
"""

from __future__ import annotations

from pathlib import Path

from .lab import EXPLORER, WIDGET_TIMEOUT

# The WCAG rules the course is held to (axe-core's tags): WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What the course itself renders in JupyterLab (the scope of the axe check there; the rest of the
# page is JupyterLab's own interface): the explorers, the concept questions, every output of a
# code cell (exercise feedback, printed results, figures) and the rendered Markdown cells.
LAB_COURSE_SCOPE = [EXPLORER, ".mathlib-question", ".jp-Cell .jp-OutputArea-output",
                    ".jp-MarkdownCell .jp-RenderedMarkdown"]


def _axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


# Violations that come from JupyterLab's or Voila's own interface and that the course cannot fix:
# skipped by rule name AND scope (the elements they may occur on), each listed in README.md
# ("Accessibility"), and reported by the test run (never dropped silently).
#
# scrollable-region-focusable on a rendered Markdown cell: JupyterLab and Voila render Markdown in a
# box with `overflow: auto` and typeset formulas with MathJax 3, which adds to every formula an
# invisible copy in MathML for screen readers (<mjx-assistive-mml>). When a formula ends near the
# edge of the box, that invisible copy sticks out by a few pixels, the box becomes "scrollable" and
# axe asks for it to be keyboard-focusable. There is nothing to scroll to: the box is skipped only
# when it stops overflowing once the invisible copies are set aside (checked in the page).
KNOWN_INTERFACE_VIOLATIONS = {
    "scrollable-region-focusable": {
        "scope": ".jp-RenderedMarkdown",
        "unless": "overflows without MathJax's invisible assistive MathML",
        "why": "JupyterLab/Voila Markdown box (overflow: auto) scrolls only because of MathJax 3's "
               "invisible <mjx-assistive-mml>; nothing visible to scroll to",
    },
}

_AXE_RUN_JS = """
async ([include, exclude, tags, known]) => {
  const context = {};
  if (include && include.length) {
    const found = include.filter(s => document.querySelector(s));
    if (!found.length) return {violations: [], skipped: []};
    context.include = found.map(s => [s]);
  }
  if (exclude && exclude.length) context.exclude = exclude.map(s => [s]);
  const result = await axe.run(Object.keys(context).length ? context : document,
      {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  // Overflowing only because of MathJax's invisible MathML copies?
  const mathjaxOnly = (el) => {
    const hidden = [...el.querySelectorAll('mjx-assistive-mml')];
    // (MathJax's own CSS says display: block !important: only an inline !important beats it)
    const saved = hidden.map(h => [h.style.getPropertyValue('display'),
                                   h.style.getPropertyPriority('display')]);
    hidden.forEach(h => { h.style.setProperty('display', 'none', 'important'); });
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    hidden.forEach((h, i) => {
      if (saved[i][0]) h.style.setProperty('display', saved[i][0], saved[i][1]);
      else h.style.removeProperty('display');
    });
    return hidden.length > 0 && !overflows;
  };
  const violations = [], skipped = [];
  for (const v of result.violations) {
    const keep = [];
    for (const n of v.nodes) {
      const node = {target: n.target.join(' '), html: n.html.slice(0, 200),
                    summary: (n.failureSummary || '').slice(0, 300)};
      const rule = known[v.id];
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) {}
      if (rule && el && el.matches(rule.scope) && mathjaxOnly(el)) skipped.push({id: v.id, ...node});
      else keep.push(node);
    }
    if (keep.length) violations.push({id: v.id, impact: v.impact, help: v.help, nodes: keep});
  }
  return {violations, skipped};
}
"""

AXE_SKIPPED: list[dict] = []  # known interface violations seen in this run (for the summary)


def axe_violations(page, include: list[str] | None = None, *,
                   exclude: list[str] | None = None, known: dict | None = None) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations in ``page``, within the elements matched by
    the ``include`` selectors (all the page if None) minus ``exclude``.

    ``known``: rule id -> ``{"scope": selector, ...}``, violations of JupyterLab's or Voila's own
    interface to set aside (by default :data:`KNOWN_INTERFACE_VIOLATIONS`; ``{}`` for none). The ones
    set aside are appended to :data:`AXE_SKIPPED`. Returns one dict per violated rule: ``id``,
    ``impact``, ``help`` and its ``nodes`` (``target``, ``html``, ``summary``).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_script())
    known = KNOWN_INTERFACE_VIOLATIONS if known is None else known
    out = page.evaluate(_AXE_RUN_JS, [include or [], exclude or [], WCAG_TAGS,
                                      {k: {"scope": v["scope"]} for k, v in known.items()}])
    AXE_SKIPPED.extend({"page": page.url.split("?")[0], **s} for s in out["skipped"])
    return out["violations"]


_HELPERS_READY_JS = """
(sel) => [...document.querySelectorAll(sel)].every(e =>
  e.querySelector('.mathlib-live') &&
  [...e.querySelectorAll('.noUi-handle')].every(h => h.getAttribute('aria-label')))
"""


def accessibility_problems(page, what: str, include: list[str] | None = None) -> list[str]:
    """One line per WCAG 2.0/2.1 A/AA violation that axe-core finds (see :func:`axe_violations`).

    Waits first until every explorer's accessibility helper (mathlib/_a11y.py) has rendered."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_HELPERS_READY_JS, arg=EXPLORER, timeout=WIDGET_TIMEOUT, polling=100)
    except PlaywrightTimeout:
        return [f"{what}: not every explorer's accessibility helper rendered (no slider names, "
                f"no live readout); browser console errors: {page.console_errors[:3]}"]
    violations = axe_violations(page, include)
    if not violations:
        return []
    return [f"{what}: axe-core finds {sum(len(v['nodes']) for v in violations)} element(s) "
            f"failing WCAG 2.1 AA:\n  {format_violations(violations)}"]


def lab_accessibility_problems(page) -> list[str]:
    """axe-core on what the course renders in a JupyterLab notebook (:data:`LAB_COURSE_SCOPE`)."""
    return accessibility_problems(page, "JupyterLab (what the course renders)", LAB_COURSE_SCOPE)


def voila_accessibility_problems(page) -> list[str]:
    """axe-core on a whole Voila app page (everything on it is the course's notebook)."""
    return accessibility_problems(page, "Voila")


def format_violations(violations: list[dict], limit: int = 5) -> str:
    """axe's violations, one rule a paragraph, with up to ``limit`` failing elements each."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}")
        for n in v["nodes"][:limit]:
            lines.append(f"    {n['target']}: {n['html'][:160]}")
            if n["summary"]:
                lines.append("      " + n["summary"].replace("\n", " ")[:240])
    return "\n  ".join(lines)
