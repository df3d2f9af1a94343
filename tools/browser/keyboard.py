"""Keyboard only: Tab to each control of an explorer, the arrow keys move it, Reset puts it back.

:func:`keyboard_walk_problems` is what a learner with a keyboard only (and a screen reader) meets.
"""

from __future__ import annotations

from .lab import (EXPLORER, MOVE_TIMEOUT, arrow_for, canvas_data_url, explorer_title,
                  slider_controls, wait_for_canvas_change)

# The notebook whose every explorer the browser tests walk with the keyboard only, in JupyterLab
# and in Voila (in the page each per-notebook test has already opened and run).
KEYBOARD_WALK_NOTEBOOK = "notebooks/00_welcome.ipynb"

_ACTIVE_JS = """
() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const s = getComputedStyle(a);
  return {role: a.getAttribute('role'), name: a.getAttribute('aria-label') || '',
          text: (a.innerText || '').trim().slice(0, 60), tag: a.tagName.toLowerCase(),
          inExplorer: !!a.closest('.mathlib-explorer'), focusVisible: a.matches(':focus-visible'),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                || (s.boxShadow && s.boxShadow !== 'none'),
          value: a.getAttribute('aria-valuenow')};
}
"""

_SENTINEL_JS = """
(el) => {
  // A focusable point just before the explorer: where a learner's Tab comes from.
  let s = document.getElementById('mathlib-tab-start');
  if (!s) { s = document.createElement('div'); s.id = 'mathlib-tab-start'; s.tabIndex = 0;
            s.textContent = 'start'; }
  el.parentNode.insertBefore(s, el);
  s.focus();
}
"""

_READOUT_JS = "el => (el.querySelector('.mathlib-readout') || {innerText: ''}).innerText.trim()"
_LIVE_JS = "el => (el.querySelector('.mathlib-live') || {textContent: ''}).textContent.trim()"


def keyboard_walk_problems(page, explorer, *, presses: int = 3, timeout: float = MOVE_TIMEOUT
                           ) -> list[str]:
    """A learner with a keyboard only (and a screen reader): from just before the explorer, Tab
    reaches every slider (announced by its label: its accessible name) and then Reset, each with a
    visible focus ring; arrow keys move the first slider, which changes the figure's pixels, the
    readout, and (once the move has settled) the polite live region; Enter on Reset puts it back.
    Returns what went wrong (empty: all well)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    title = explorer_title(explorer) or "explorer"
    controls = slider_controls(explorer)
    if not controls:
        return [f"{title}: no slider"]
    names = [name for name, _ in controls]
    for name in names:
        if explorer.get_by_role("slider", name=name, exact=True).count() != 1:
            problems.append(f"{title}: no slider whose accessible name is its label {name!r}")
    explorer.scroll_into_view_if_needed()
    explorer.evaluate(_SENTINEL_JS)
    stops = []
    for _ in range(4 * len(controls) + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE_JS)
        if not active or not active["inExplorer"]:
            break
        stops.append(active)
        if active["tag"] == "button" and active["text"] == "Reset":
            break
    reached = [s["name"] for s in stops if s["role"] == "slider"]
    if reached != names:
        problems.append(f"{title}: Tab reaches the sliders {reached}, expected {names}")
    if not stops or stops[-1]["text"] != "Reset":
        problems.append(f"{title}: Tab does not reach the Reset button "
                        f"(stops: {[s['name'] or s['text'] for s in stops]})")
    for s in stops:
        if not (s["focusVisible"] and s["ring"]):
            problems.append(f"{title}: no visible focus on {s['name'] or s['text']!r} ({s['tag']})")
    if problems:
        return problems

    # Back on the first slider, the arrow keys.
    name, handle = controls[0]
    handle.focus()
    # aria-valuetext: the value as shown (noUiSlider rounds aria-valuenow to one decimal)
    start_value = handle.get_attribute("aria-valuetext")
    before = canvas_data_url(explorer)
    readout_before = explorer.evaluate(_READOUT_JS)
    key = arrow_for(handle)
    for _ in range(presses):
        page.keyboard.press(key)
    if not wait_for_canvas_change(explorer, before, timeout):
        problems.append(f"{title}: {presses} x {key} on {name!r} did not change the figure")
    if handle.get_attribute("aria-valuetext") == start_value:
        problems.append(f"{title}: {key} did not move {name!r}")
    try:
        page.wait_for_function(
            "([el, before]) => (el.querySelector('.mathlib-readout') || {innerText: ''})"
            ".innerText.trim() !== before", arg=[explorer.element_handle(), readout_before],
            timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: moving {name!r} did not change the readout "
                        f"({readout_before!r})")
    try:
        page.wait_for_function(
            "([el]) => { const r = el.querySelector('.mathlib-readout');"
            "  const l = el.querySelector('.mathlib-live');"
            "  return r && l && l.textContent.trim() !== '' &&"
            "    l.textContent.trim() === r.innerText.replace(/\\s+/g, ' ').trim(); }",
            arg=[explorer.element_handle()], timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: the live region does not announce the settled readout: "
                        f"{explorer.evaluate(_LIVE_JS)!r}")
    live = explorer.locator(".mathlib-live")
    if live.count() != 1 or live.get_attribute("aria-live") != "polite" \
            or live.get_attribute("role") != "status":
        problems.append(f"{title}: the readout has no polite live region (role=status)")

    # Tab on to Reset, Enter: the slider goes back to its starting value.
    for _ in range(4 * len(controls) + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE_JS)
        if not active or (active["tag"] == "button" and active["text"] == "Reset"):
            break
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("([h, v]) => h.getAttribute('aria-valuetext') === v",
                               arg=[handle.element_handle(), start_value], timeout=timeout)
    except PlaywrightTimeout:
        problems.append(f"{title}: Enter on Reset did not put {name!r} back to {start_value}")
    explorer.evaluate("() => { const s = document.getElementById('mathlib-tab-start');"
                      " if (s) s.remove(); }")
    return problems


def walk_every_explorer_problems(page) -> list[str]:
    """:func:`keyboard_walk_problems` for every explorer of an open page (at least one)."""
    explorers = page.locator(EXPLORER)
    if explorers.count() == 0:
        return ["no explorer to walk through"]
    problems = []
    for i in range(explorers.count()):
        problems += keyboard_walk_problems(page, explorers.nth(i))
    return problems
