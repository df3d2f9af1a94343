"""The layout a contributor follows: each explorer module belongs to one notebook.

Every module of ``mathlib/explorers`` (the private helpers ``_*.py`` aside) says which notebook
shows it with ``NOTEBOOK = "NN"``; notebook ``notebooks/NN_*.ipynb`` imports it, and no other
notebook does, unless the module lists the others in ``ALSO_IN = ("MM", ...)`` (a tuple of
two-digit notebook numbers, documented where it is set). Read from the source (``ast``), so the
test needs neither matplotlib nor a kernel.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPLORERS = ROOT / "mathlib" / "explorers"
NOTEBOOKS = ROOT / "notebooks"
MODULES = sorted(p for p in EXPLORERS.glob("*.py") if not p.name.startswith("_"))


def _constants(path: Path) -> dict:
    """The module's top-level assignments of literals, by name."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return found


def _imported_explorers(notebook: Path) -> set[str]:
    """The explorer modules a notebook's code cells import (any import form)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    names = set()
    pattern = r"from[ \t]+mathlib\.explorers[ \t]+import[ \t]+(\([\w\s,]+\)|[\w \t,]+)"
    for match in re.finditer(pattern, source):
        listed = match.group(1).strip("()").split(",")
        names |= {n.split(" as ")[0].strip() for n in listed if n.strip()}
    names |= set(re.findall(r"mathlib\.explorers\.(\w+)", source))
    return names


def _uses() -> dict[str, set[str]]:
    """module name -> the numbers ("NN") of the notebooks that import it."""
    uses: dict[str, set[str]] = {}
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for name in _imported_explorers(notebook):
            uses.setdefault(name, set()).add(notebook.name[:2])
    return uses


def test_there_are_explorer_modules():
    assert len(MODULES) > 20, f"found only {[p.stem for p in MODULES]} in {EXPLORERS}"


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_each_explorer_module_names_its_notebook(path):
    constants = _constants(path)
    number = constants.get("NOTEBOOK")
    assert isinstance(number, str) and re.fullmatch(r"\d\d", number), (
        f"{path.name}: set NOTEBOOK = \"NN\" (two digits), the notebook that shows it; "
        f"found {number!r}")
    assert list(NOTEBOOKS.glob(f"{number}_*.ipynb")), (
        f"{path.name}: NOTEBOOK = {number!r} but there is no notebooks/{number}_*.ipynb")
    also = constants.get("ALSO_IN", ())
    assert isinstance(also, tuple) and all(re.fullmatch(r"\d\d", n) for n in also), (
        f"{path.name}: ALSO_IN must be a tuple of two-digit notebook numbers, found {also!r}")


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_its_notebook_and_only_it_imports_the_module(path):
    constants = _constants(path)
    wanted = {constants.get("NOTEBOOK"), *constants.get("ALSO_IN", ())}
    used = _uses().get(path.stem, set())
    assert constants.get("NOTEBOOK") in used, (
        f"{path.name}: NOTEBOOK = {constants.get('NOTEBOOK')!r}, but that notebook does not "
        f"import it (imported by {sorted(used) or 'no notebook'})")
    assert used <= wanted, (
        f"{path.name}: imported by notebooks {sorted(used - wanted)} too; move what they use to "
        f"a module of theirs, or list them in ALSO_IN = (...) with a comment saying why")


def test_every_imported_explorer_exists():
    missing = sorted(set(_uses()) - {p.stem for p in MODULES})
    assert not missing, f"notebooks import explorer modules that do not exist: {missing}"


# -- _layout: labels drawn from pictures -------------------------------------------------------

def _ink(fig, background, text):
    """The darkness (255 - grey level) that ``text`` adds to the figure, as a float array."""
    fig.canvas.restore_region(background)
    fig.draw_artist(text)
    pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(float).mean(axis=2)
    return 255.0 - pixels


@pytest.mark.parametrize("string, compose", [("0.27", True), ("-12.345", True),
                                             ("12.345 \u2192", True), ("$Ae_1$", False),
                                             ("raw\nPC1: 92.5% of var.", False),
                                             ("KL(p || q) is larger", False)])
def test_cached_text_draws_what_matplotlib_draws(string, compose):
    """A CachedText, at its first draw and from its picture later, puts the same ink as a plain
    Text in the same place: the same amount (within 4%) and its centre within 1.5 pixels
    (whole-pixel placement, and the box of a boxed label rounded to whole pixels)."""
    pytest.importorskip("ipympl")
    from mathlib import explore
    from mathlib.explorers._layout import CachedText, cached
    from mathlib.plotting import use_course_style

    use_course_style()
    fig, ax = explore.figure(1, 1, size=(5.0, 3.0))
    ax.set(xlim=(0.0, 1.0), ylim=(0.0, 1.0))
    box = {"facecolor": "white", "edgecolor": "grey", "alpha": 0.9}
    styles = [dict(x=0.313, y=0.517, ha="center", va="bottom", fontsize="x-small"),
              dict(x=1.02, y=0.4, transform=ax.get_yaxis_transform(), va="center"),
              dict(x=0.98, y=0.02, transform=ax.transAxes, ha="right", va="bottom", bbox=box)]
    for style in styles:
        plain = ax.text(s=string, animated=True, **style)
        fig.canvas.draw()
        background = fig.canvas.copy_from_bbox(fig.bbox)
        want = _ink(fig, background, plain)
        label = cached(plain, compose=compose)
        assert isinstance(label, CachedText) and plain not in ax.texts and label in ax.texts
        label.set_animated(True)
        for _ in range(2):                                 # rendered, then from its picture
            got = _ink(fig, background, label)
            assert abs(got.sum() - want.sum()) <= 0.04 * want.sum(), (string, style)
            rows, cols = np.indices(want.shape)
            for axis in (rows, cols):
                centre = (axis * want).sum() / want.sum(), (axis * got).sum() / got.sum()
                assert abs(centre[0] - centre[1]) <= 1.5, (string, style, centre)
        label.remove()


def test_cached_title_keeps_its_place_and_the_axes_keep_their_title():
    pytest.importorskip("ipympl")
    from mathlib import explore
    from mathlib.explorers._layout import cached

    fig, ax = explore.figure(1, 1, size=(5.0, 3.0))
    title = ax.set_title("KL is not symmetric")
    fig.canvas.draw()
    where = title.get_window_extent()
    label = cached(title)
    assert ax.title.get_text() == "" and label.get_text() == "KL is not symmetric"
    fig.canvas.draw()
    assert np.allclose(label.get_window_extent().bounds, where.bounds, atol=1.0)


def test_layout_geometry():
    from mathlib.explorers._layout import box_at, boxes_overlap, segment_hits_box

    assert box_at(1.0, 2.0, (2.0, 1.0)) == (0.0, 1.5, 2.0, 2.5)
    assert box_at(1.0, 2.0, (2.0, 1.0), ha="left", va="top") == (1.0, 1.0, 3.0, 2.0)
    assert boxes_overlap((0, 0, 2, 2), (1, 1, 3, 3))
    assert not boxes_overlap((0, 0, 1, 1), (1, 0, 2, 1))            # sharing an edge only
    assert segment_hits_box((3.0, 3.0), (1.0, 1.0, 2.0, 2.0))
    assert not segment_hits_box((3.0, 0.0), (1.0, 1.0, 2.0, 2.0))


def test_setup_axes_sets_what_it_is_given_and_only_that():
    from matplotlib.figure import Figure

    from mathlib.explorers._layout import setup_axes
    from mathlib.plotting import LINE_COLORS

    ax = Figure().subplots()
    assert setup_axes(ax, xlim=(-2, 3), ylim=(-1, 4), equal=True, xticks=[-2, 0, 3],
                      xlabel="x", ylabel="y", title="what to notice", origin=True) is ax
    assert ax.get_xlim() == (-2, 3) and ax.get_ylim() == (-1, 4) and ax.get_aspect() == 1.0
    assert list(ax.get_xticks()) == [-2, 0, 3]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("x", "y", "what to notice")
    horizontal, vertical = ax.get_lines()                    # the origin: y = 0, then x = 0
    assert list(horizontal.get_ydata()) == [0, 0] and list(vertical.get_xdata()) == [0, 0]
    for line in (horizontal, vertical):
        assert line.get_color() == LINE_COLORS["grey"] and line.get_zorder() == 1
        assert line.get_linewidth() == 1.0
    plain = Figure().subplots()
    setup_axes(plain, title="t")
    assert not plain.get_lines() and plain.get_aspect() == "auto" and plain.get_xlabel() == ""


def test_level_lines_are_the_contours_of_the_heights():
    from mathlib.explorers._layout import level_lines

    t = np.linspace(-2.0, 2.0, 201)
    XX, YY = np.meshgrid(t, t)
    segments, heights = level_lines(XX, YY, XX**2 + YY**2, [1.0, 2.25, 9.0])   # 9: off the grid
    assert set(heights.tolist()) == {1.0, 2.25} and len(heights) == len(segments)
    for segment, level in zip(segments, heights):
        assert segment.ndim == 2 and segment.shape[1] == 2 and len(segment) >= 2
        assert np.allclose(np.hypot(segment[:, 0], segment[:, 1]), np.sqrt(level), atol=1e-3)


def test_level_colors_are_darker_for_lower_levels_and_keep_contrast():
    from mathlib.explorers._layout import level_colors
    from mathlib.plotting import contrast_ratio

    heights = np.array([3.0, 1.0, 2.0, 1.0])
    colors = level_colors(heights)
    assert colors.shape == (4, 4)
    assert np.array_equal(colors[1], colors[3])                     # one colour per level
    ratios = [contrast_ratio(c[:3]) for c in colors]
    assert ratios[1] > ratios[2] > ratios[0] >= 3.0                 # lower: darker, all >= 3:1
    assert np.allclose(level_colors(heights, top=0.45)[1], colors[1])   # the lowest: the same
    assert contrast_ratio(level_colors(heights, top=0.45)[0][:3]) > ratios[0]


def test_a_composed_label_keeps_its_plain_box():
    """A composed label (numbers put together from pictures of characters) with a plain box (a
    face colour, no edge, as outlier's label) hides what lies under it as matplotlib's box does:
    a thick line through the label is covered by the box, and the label's ink is the same."""
    pytest.importorskip("ipympl")
    from mathlib import explore
    from mathlib.explorers._layout import _CHARACTERS, cached

    _CHARACTERS.clear()
    fig, ax = explore.figure(1, 1, size=(5.0, 3.0))
    ax.set(xlim=(0.0, 1.0), ylim=(0.0, 1.0))
    ax.axhline(0.5, color="black", linewidth=6)
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
    plain = ax.text(0.5, 0.5, "mean \u00b1 std: \u00b113.55", ha="center", va="center",
                    bbox=box, animated=True)
    fig.canvas.draw()
    background = fig.canvas.copy_from_bbox(fig.bbox)
    line_only = 255.0 - np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(float).mean(axis=2)
    want = _ink(fig, background, plain)
    label = cached(plain, compose=True)
    label.set_animated(True)
    for _ in range(2):                                     # rendered, then from its picture
        got = _ink(fig, background, label)
        assert abs(got.sum() - want.sum()) <= 0.05 * want.sum(), (got.sum(), want.sum())
        assert got.sum() < 0.97 * line_only.sum()          # the box covers part of the line
    assert any(key[0] == "\u00b1" for key in _CHARACTERS)  # composed, not rendered whole
