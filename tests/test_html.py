"""`make html`: every notebook becomes a static page with its figures and no error output."""

import re

from tools import build_html

from .nbkernel import ROOT, explorer_count, notebooks


def test_static_site(tmp_path):
    pages = build_html.build(tmp_path)
    index = pages[0].read_text()
    for path in notebooks():
        page = tmp_path / f"{path.stem}.html"
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
    assert (tmp_path / "mathjax" / "MathJax.js").is_file()


def test_plain_nbconvert_export_shows_the_static_figure(tmp_path):
    """What a learner gets from `jupyter nbconvert --to html --execute` inside .venv."""
    import subprocess
    import sys

    notebook = notebooks()[0]
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
                    str(notebook), "--output-dir", str(tmp_path)], check=True,
                   capture_output=True, cwd=ROOT)
    text = (tmp_path / f"{notebook.stem}.html").read_text()
    assert re.search(r'<img[^>]+src="data:image/png;base64', text)
    assert "application/vnd.jupyter.widget-view+json" not in text
