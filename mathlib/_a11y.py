"""Accessibility of the explorers in the browser (JupyterLab and Voila), from Python alone.

ipywidgets 8 draws a slider as a noUiSlider whose handle (``role="slider"``, focusable, moved with
the arrow keys) has no accessible name: its visible label is not tied to it, so a screen reader says
"slider, 0.5" instead of "slope w, slider, 0.5". :class:`AccessibilityHelper` is an invisible
widget (anywidget: its own prebuilt JupyterLab and Voila extension, no build step, nothing loaded
from the internet) that an :class:`~mathlib.explore.Explorer` puts in its box. In the page it

* names every slider handle (and the slider's editable number) after the slider's label, every
  row of buttons (``choice``) after its label, and a Play widget's icon-only buttons ("play or
  pause", "stop", "repeat"), again whenever ipywidgets re-renders them;
* gives the explorer's and the questions' controls a clearly visible focus outline, and underlines
  the links of the notebook's Markdown (Voila shows them in a blue that differs from the text by
  colour only; every course notebook shows an explorer, so this style is on every page);
* announces the readout (the numbers to notice, in words) through a polite live region once a move
  has settled (``settle_ms`` after the last change), not on every frame of a drag.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["AccessibilityHelper", "FOCUS_COLOR"]

FOCUS_COLOR = "#0B5FA5"  # 6.5:1 on white: a visible focus ring (WCAG 2.4.7, 1.4.11)

_ESM = """
const STYLE_ID = 'mathlib-a11y-style';
const CSS = `
.mathlib-explorer .noUi-handle:focus-visible,
.mathlib-explorer button:focus-visible,
.mathlib-explorer .widget-readout:focus-visible,
.mathlib-question button:focus-visible,
.mathlib-question input:focus-visible {
  outline: 3px solid FOCUS !important;
  outline-offset: 2px !important;
}
.mathlib-explorer .noUi-handle:focus-visible { box-shadow: 0 0 0 2px #ffffff !important; }
/* links told from text by more than colour (Voila's link blue is 1.9:1 against the text) */
.jp-RenderedMarkdown a[href], .mathlib-explorer a[href], .mathlib-question a[href] {
  text-decoration: underline;
}
.mathlib-sr-only {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
`;

function addStyle() {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);
}

const PLAY_NAMES = { 'fa-play': 'play or pause', 'fa-pause': 'play or pause', 'fa-stop': 'stop',
                     'fa-retweet': 'repeat' };

function setAttr(node, name, value) {
  if (value && node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function labelText(container) {
  const label = container.querySelector(':scope > .widget-label');
  return label ? label.textContent.trim() : '';
}

// Name every slider handle (and its editable number) and every row of buttons after its label.
function nameControls(root) {
  for (const slider of root.querySelectorAll('.widget-slider')) {
    const name = labelText(slider);
    for (const handle of slider.querySelectorAll('.noUi-handle')) setAttr(handle, 'aria-label', name);
    for (const readout of slider.querySelectorAll('.widget-readout')) {
      setAttr(readout, 'aria-label', name ? name + ' (type a value)' : '');
    }
  }
  // a Play widget's buttons show only an icon: name each after it (and the widget's label)
  for (const play of root.querySelectorAll('.widget-play')) {
    const name = labelText(play);
    for (const button of play.querySelectorAll('button')) {
      const icon = button.querySelector('i');
      const kind = icon ? Object.keys(PLAY_NAMES).find((c) => icon.classList.contains(c)) : null;
      if (kind) setAttr(button, 'aria-label', name ? name + ': ' + PLAY_NAMES[kind] : PLAY_NAMES[kind]);
    }
  }
  for (const row of root.querySelectorAll('.widget-toggle-buttons')) {
    const name = labelText(row);
    if (name) { setAttr(row, 'role', 'group'); setAttr(row, 'aria-label', name); }
  }
}

function readoutText(root) {
  const readout = root.querySelector('.mathlib-readout');
  return readout ? readout.innerText.replace(/\\s+/g, ' ').trim() : '';
}

export default {
  render({ model, el }) {
    el.classList.add('mathlib-a11y');
    const live = document.createElement('div');
    live.className = 'mathlib-sr-only mathlib-live';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    el.appendChild(live);
    addStyle();
    let root = null, observer = null, timer = null, tries = 0, stopped = false;
    const settle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const text = readoutText(root);
        if (text && live.textContent !== text) live.textContent = text;
      }, model.get('settle_ms'));
    };
    const attach = () => {
      if (stopped) return;
      root = el.closest('.mathlib-explorer');
      if (!root) {
        if (tries++ < 600) setTimeout(attach, 50);  // not in the page yet: look again
        return;
      }
      nameControls(root);
      observer = new MutationObserver((mutations) => {
        let added = false, readout = false;
        for (const m of mutations) {
          if (m.addedNodes.length) added = true;
          const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
          if (node && node.closest('.mathlib-readout')) readout = true;
        }
        if (added) nameControls(root);
        if (readout) settle();
      });
      observer.observe(root, { childList: true, subtree: true, characterData: true });
    };
    attach();
    return () => { stopped = true; if (observer) observer.disconnect(); clearTimeout(timer); };
  },
};
""".replace("FOCUS", FOCUS_COLOR)


class AccessibilityHelper(anywidget.AnyWidget):
    """Invisible; put it inside a box with the class ``mathlib-explorer`` (see module doc)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    settle_ms = traitlets.Int(600, help="announce the readout this long after its last change"
                              ).tag(sync=True)
