"""`make html`: execute every notebook and write a static site to build/html/.

One page per notebook (formulas typeset by a local copy of MathJax; nothing is loaded from the
internet), where each explorer appears as a static figure at its default values
(widget state is not stored, so the HTML pages fall back to the explorer's image), and an
index page that follows the README's map. Links between notebooks point to the pages.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "html"


def notebook_map() -> list[tuple[str, str, str]]:
    """(file name, title, what you will be able to do) for each row of the README's map."""
    rows = re.findall(r"^\| \[`notebooks/(\d\d_\w+)\.ipynb`\]\([^)]*\) \| ([^|]+) \| ([^|]+) \|$",
                      (ROOT / "README.md").read_text(), flags=re.M)
    return [(name, title.strip(), goal.strip()) for name, title, goal in rows]


# nbconvert's lab template for pages that work offline. (1) No require.js: the template loads it
# from a CDN (cdnjs), and only interactive widget state and old JavaScript outputs need it; these
# pages have neither (each explorer is a static image). (2) MathJax's fonts from the local copy:
# jupyter_server_mathjax ships MathJax 2 with the STIX-Web fonts only, and without this setting
# MathJax looks for its TeX font data, fails, and typesets formulas in whatever fonts the
# computer has. Every page opened from disk requests nothing remote and finds every file it asks
# for (tests/test_html.py checks it in Chromium).
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web",
                                 imageFont: null}});
</script>
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
{{ super() }}
<style>{{ resources.accessible_css }}</style>
{%- endblock html_head_css -%}
"""


# WCAG 2.1 AA on the static pages (tests/test_html.py runs axe-core on pages holding every kind of
# element). nbconvert's lab template writes the "In [1]:" prompts in grey at half opacity (#b0b0b0,
# 2.2:1 on white) and several code colours below 4.5:1 on the code background (comments #408080,
# numbers #008800, `in`/`and` #aa22ff, ...), and tells links from text by colour only. The prompts
# become #616161 (6.2:1), links are underlined, and every code colour of the Pygments style that
# falls short is darkened (same hue, each channel scaled down) until it reaches 4.6:1 on the code
# background.
PROMPT_COLOR = "#616161"
CODE_BACKGROUND = "#f5f5f5"   # the lab template's --jp-cell-editor-background
MIN_CONTRAST = 4.6            # 4.5 and a little margin for rounding to 8-bit channels


def _darkened(color: str, background: str, target: float = MIN_CONTRAST) -> str:
    from mathlib.plotting import contrast_ratio

    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    k = 1.0
    while True:
        out = "#" + "".join(f"{round(c * k):02x}" for c in rgb)
        if contrast_ratio(out, background=background) >= target or k <= 0:
            return out
        k -= 0.01


def _lab_theme_css() -> str:
    """The light theme of nbconvert's lab template (its CSS variables colour the code)."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
        theme = Path(folder) / "theme-light.css"
        if theme.is_file():
            return theme.read_text()
    return ""


def accessible_css(theme_css: str | None = None) -> str:
    """CSS that brings the page's prompts, code colours and links to WCAG 2.1 AA contrast."""
    from mathlib.plotting import contrast_ratio

    theme_css = _lab_theme_css() if theme_css is None else theme_css
    rules = [f".jp-InputPrompt, .jp-OutputPrompt {{ color: {PROMPT_COLOR} !important; "
             "opacity: 1 !important; }",
             "a[href], a[href]:visited "
             "{ text-decoration: underline !important; }"]
    darker = []
    for name, color in re.findall(r"(--jp-mirror-editor-[\w-]+-color):\s*(#[0-9a-fA-F]{3,6})\b",
                                  theme_css):
        if len(color) == 4:  # #abc -> #aabbcc
            color = "#" + "".join(c * 2 for c in color[1:])
        if len(color) == 7 and contrast_ratio(color, background=CODE_BACKGROUND) < MIN_CONTRAST:
            darker.append(f"{name}: {_darkened(color, CODE_BACKGROUND)} !important;")
    if darker:
        rules.append(":root { " + " ".join(darker) + " }")
    return "\n".join(rules)



def page(path: Path, executed: nbformat.NotebookNode | None = None) -> str:
    """The HTML page of the notebook at ``path``, executed here; or of ``executed``, the same
    notebook already executed elsewhere (every cell, in a fresh kernel: the tests pass the slider
    sweep's execution), of which only the outputs are used."""
    if executed is None:
        nb = nbformat.read(path, as_version=4)
        ExecutePreprocessor(timeout=120, kernel_name="python3", store_widget_state=False
                            ).preprocess(nb, {"metadata": {"path": str(path.parent)}})
    else:
        nb = copy.deepcopy(executed)
        nb.metadata.pop("widgets", None)    # as store_widget_state=False: the static images
    # MathJax from the local copy (the pages work offline), not from a CDN; and no require.js
    # (see OFFLINE_TEMPLATE).
    loader = jinja2.DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})
    exporter = HTMLExporter(template_name="lab", template_file="offline.html.j2",
                            extra_loaders=[loader],
                            mathjax_url="mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe")
    body, _ = exporter.from_notebook_node(nb, resources={"accessible_css": accessible_css()})
    return re.sub(r'href="(\d\d_\w+)\.ipynb', r'href="\1.html', body)


def index(rows) -> str:
    items = "\n".join(f"<tr><td><a href='{name}.html'>{name[:2]}</a></td><td>{html.escape(title)}"
                      f"</td><td>{html.escape(goal)}</td></tr>" for name, title, goal in rows)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The math behind neural networks</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}}
td,th{{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}}</style></head>
<body><h1>The math behind neural networks</h1>
<p>Static pages of the course: every figure at its starting values. To drag the sliders, run the
notebooks in JupyterLab (<code>make lab</code>).</p>
<table><tr><th>#</th><th>notebook</th><th>what you will be able to do</th></tr>
{items}
</table></body></html>
"""


def build(out: Path = OUT, executed: Mapping[str, nbformat.NotebookNode] | None = None
          ) -> list[Path]:
    """Write the site to ``out``; return the pages written (index first). ``executed``: notebooks
    already executed, by resolved path (see :func:`page`); the others are executed here."""
    import jupyter_server_mathjax

    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", out / "mathjax",
                    dirs_exist_ok=True)
    rows = notebook_map()
    pages = [out / "index.html"]
    pages[0].write_text(index(rows))
    for name, _title, _goal in rows:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        done = (executed or {}).get(str(path.resolve()))
        print(f"{'exporting' if done is not None else 'executing'} {name} ...", flush=True)
        pages.append(out / f"{name}.html")
        pages[-1].write_text(page(path, done))
    return pages


def main() -> int:
    pages = build()
    print(f"written {len(pages)} pages to {OUT.relative_to(ROOT)}; open {pages[0].relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
