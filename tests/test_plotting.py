"""The plot style meets WCAG 2.1 AA contrast on the figure background, in both modes: text 4.5:1
(1.4.3), lines and marks 3:1 (1.4.11); figures shown as images carry a text alternative."""

import base64
import io

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

from mathlib import plotting
from mathlib.plotting import (COLORS, CYCLE, LINE_COLORS, LINESTYLES, TEXT_COLORS,
                              contrast_ratio, course_rc)

TEXT_KEYS = ["text.color", "axes.labelcolor", "axes.titlecolor", "xtick.color", "ytick.color",
             "xtick.labelcolor", "ytick.labelcolor", "legend.labelcolor"]


@pytest.mark.parametrize("a, b, expected", [
    ("black", "white", 21.0), ("white", "white", 1.0), ("#777777", "white", 4.48),
    ("#0072B2", "#FFFFFF", 5.19), ("#E69F00", "white", 2.25), ("#F0E442", "white", 1.32),
    ("#999999", "white", 2.85), ((0.5, 0.5, 0.5), "black", 5.28)])
def test_contrast_ratio_matches_wcag_values(a, b, expected):
    assert contrast_ratio(a, background=b) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(b, background=a) == pytest.approx(contrast_ratio(a, background=b))  # symmetric


def _srgb_luminance(hex_color):
    # an independent computation: numpy over the 8-bit channels
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


@pytest.mark.parametrize("color", sorted(set(COLORS.values()) | set(TEXT_COLORS.values())))
def test_contrast_ratio_against_a_second_computation(color):
    lum = _srgb_luminance(color)
    assert contrast_ratio(color, background="white") == pytest.approx(1.05 / (lum + 0.05))
    assert contrast_ratio(color, background="black") == pytest.approx((lum + 0.05) / 0.05)


@pytest.mark.parametrize("projector", [False, True], ids=["screen", "projector"])
def test_style_text_and_lines_contrast_with_the_background(projector):
    rc = course_rc(projector=projector)
    for background in (rc["figure.facecolor"], rc["axes.facecolor"], rc["savefig.facecolor"]):
        for key in TEXT_KEYS:
            assert contrast_ratio(rc[key], background=background) >= 4.5, f"{key} = {rc[key]}"
        for color in rc["axes.prop_cycle"].by_key()["color"]:
            assert contrast_ratio(color, background=background) >= 3.0, f"line colour {color} in the cycle"
        assert contrast_ratio(rc["axes.edgecolor"], background=background) >= 3.0


@pytest.mark.parametrize("name", sorted(COLORS))
def test_line_and_text_colours_keep_their_hue_and_meet_contrast(name):
    assert contrast_ratio(LINE_COLORS[name]) >= 3.0, name
    assert contrast_ratio(TEXT_COLORS[name]) >= 4.5, name
    # the same hue, darkened: no channel lighter than the Okabe-Ito colour's
    for variant in (LINE_COLORS[name], TEXT_COLORS[name]):
        original = mpl.colors.to_rgb(COLORS[name])
        assert all(v <= o + 1e-9 for v, o in zip(mpl.colors.to_rgb(variant), original))
        h0 = mpl.colors.rgb_to_hsv(original)[0]
        h1 = mpl.colors.rgb_to_hsv(mpl.colors.to_rgb(variant))[0]
        assert abs(h1 - h0) < 0.02 or max(original) - min(original) < 1e-9


def test_okabe_ito_colours_too_light_for_text_are_not_text_colours():
    too_light = [n for n, c in COLORS.items() if contrast_ratio(c) < 3.0]
    assert sorted(too_light) == ["grey", "orange", "sky", "yellow"]
    assert not set(COLORS[n] for n in too_light) & set(CYCLE)


def test_rendered_figure_uses_the_contrasting_text_colours():
    with mpl.rc_context(course_rc(projector=True)):
        fig = Figure()
        ax = fig.subplots()
        line, = ax.plot([0, 1], [0, 1])
        ax.set_xlabel("x")
        ax.set_title("t")
        fig.canvas.draw()
        texts = [ax.xaxis.label, ax.title] + ax.get_xticklabels()
        for text in texts:
            assert contrast_ratio(text.get_color(), background=fig.get_facecolor()) >= 4.5
        assert contrast_ratio(line.get_color(), background=ax.get_facecolor()) >= 3.0


def test_line_styles_tell_curves_apart():
    assert len(set(LINESTYLES)) == len(LINESTYLES) >= 3


def _png():
    fig = Figure(figsize=(1, 1))
    fig.subplots().plot([0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_figure_image_has_alt_text():
    image = plotting.figure_image(_png(), alt='A line "up" & right')
    bundle = image._repr_mimebundle_()
    assert 'alt="A line &quot;up&quot; &amp; right"' in bundle["text/html"]
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert bundle["text/plain"] == 'A line "up" & right'


@pytest.mark.parametrize("png, alt, error, match", [
    (b"GIF89a", "x", TypeError, "figure_image: png should be the bytes of a PNG"),
    ("not bytes", "x", TypeError, "figure_image: png"),
    (None, "x", TypeError, "figure_image: png"),
    (b"\x89PNG....", "  ", ValueError, "figure_image: alt should describe the image"),
    (b"\x89PNG....", None, ValueError, "figure_image: alt"),
])
def test_figure_image_refuses_bad_input(png, alt, error, match):
    with pytest.raises(error, match=match):
        plotting.figure_image(png, alt)



# -- every explorer's figure, artist by artist (issue 11) ----------------------------------------
# Lines and marks that carry meaning need 3:1 against white (WCAG 1.4.11), text 4.5:1 (1.4.3); a
# marker or filled shape passes if its face or its edge does. A colour drawn with alpha is
# composited over white first. Text in a box is checked against the box's fill. The exclusions,
# all of them:
# - gridlines (faint on purpose) and artists marked ``gid="decor"`` (purely decorative, nothing
#   to read from them), with everything inside them;
# - artists drawn on a colour map rather than on white: images, colour meshes, contour sets, and
#   artists marked ``gid="on-image"`` (the explorer's own tests check those against the map);
# - invisible or fully transparent artists, lines of width 0, empty text;
# - backgrounds: the figure's and axes' white patches, legend frames, the boxes behind text.
def _picker_data():
    """The digit picker's test images with an untrained network's probabilities (colours and
    text do not depend on how good they are)."""
    from mathlib import nn
    from mathlib.explorers.digits_training import digits

    D = digits()
    return D.X_test, D.y_test, nn.MLP((64, 16, 10), rng=0).predict_proba(D.X_test)


EXPLORER_DATA = {"line_fit": lambda: __import__("mathlib.exercises.nb00",
                                                fromlist=["flowers"]).flowers(),
                 "digit_picker": _picker_data}
_NO_MARKER = (None, "None", "none", "", " ")


def _explorer_modules():
    import pkgutil

    import mathlib.explorers

    # one module per explorer; private helpers (``_name``) are not explorers
    return sorted(m.name for m in pkgutil.iter_modules(mathlib.explorers.__path__)
                  if not m.name.startswith("_"))


def _over_white(color, alpha=None):
    """``color`` (with its own alpha times ``alpha``) painted over white, as RGB."""
    r, g, b, a = mpl.colors.to_rgba(color)
    a *= 1.0 if alpha is None else alpha
    return tuple(c * a + (1 - a) for c in (r, g, b)), a


def _ratio(color, alpha=None, background=(1.0, 1.0, 1.0)):
    if isinstance(color, str) and color.lower() == "none":
        return 0.0
    rgb, a = _over_white(color, alpha)
    return 0.0 if a == 0 else contrast_ratio(rgb, background=background)


def _audited_artists(fig):
    """Every artist of ``fig`` that the audit checks (see the exclusions above)."""
    from matplotlib.collections import QuadMesh
    from matplotlib.contour import ContourSet
    from matplotlib.image import AxesImage
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    skipped = {id(fig.patch)}
    for ax in fig.axes:
        skipped.add(id(ax.patch))
        skipped.update(id(line) for line in ax.get_xgridlines() + ax.get_ygridlines())
    for legend in fig.findobj(Legend):
        skipped.add(id(legend.legendPatch))
    for text in fig.findobj(Text):
        if text.get_bbox_patch() is not None:
            skipped.add(id(text.get_bbox_patch()))

    def walk(artist):
        if (id(artist) in skipped or not artist.get_visible() or artist.get_alpha() == 0
                or artist.get_gid() in ("decor", "on-image")
                or isinstance(artist, (AxesImage, QuadMesh, ContourSet))):
            return
        yield artist
        for child in artist.get_children():
            yield from walk(child)

    return list(walk(fig))


def _contrast_failures(fig):
    from matplotlib.collections import Collection, LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.spines import Spine
    from matplotlib.text import Text

    fig.canvas.draw()
    failures = []
    for artist in _audited_artists(fig):
        alpha, name = artist.get_alpha(), f"{type(artist).__name__} {artist.get_label()!r}"
        if isinstance(artist, Text):
            if not artist.get_text().strip():
                continue
            box, background = artist.get_bbox_patch(), (1.0, 1.0, 1.0)
            if box is not None and box.get_fill():
                background = _over_white(box.get_facecolor())[0]
            ratio = _ratio(artist.get_color(), alpha, background)
            if ratio < 4.5:
                failures.append(f"text {artist.get_text()!r} {artist.get_color()}: {ratio:.2f}")
        elif isinstance(artist, Line2D):
            if artist.get_linewidth() > 0 and artist.get_linestyle() not in _NO_MARKER:
                ratio = _ratio(artist.get_color(), alpha)
                if ratio < 3:
                    failures.append(f"{name} line {artist.get_color()}: {ratio:.2f}")
            if artist.get_marker() not in _NO_MARKER:
                face, edge = artist.get_markerfacecolor(), artist.get_markeredgecolor()
                ratio = max(_ratio(face, alpha),
                            _ratio(edge, alpha) if artist.get_markeredgewidth() > 0 else 0.0)
                if ratio < 3:
                    failures.append(f"{name} marker {face}/{edge}: {ratio:.2f}")
        elif isinstance(artist, Collection):
            widths = np.atleast_1d(artist.get_linewidths())
            edges = list(artist.get_edgecolors()) if widths.max(initial=0) > 0 else []
            faces = [] if isinstance(artist, LineCollection) else list(artist.get_facecolors())
            for i in range(max(len(edges), len(faces))):
                ratio = max(_ratio(edges[i % len(edges)]) if edges else 0.0,
                            _ratio(faces[i % len(faces)]) if faces else 0.0)
                if ratio < 3:
                    failures.append(f"{name} item {i}: {ratio:.2f}")
                    break
        elif isinstance(artist, Patch) and not isinstance(artist, Spine):
            edge = artist.get_edgecolor() if artist.get_linewidth() > 0 else "none"
            ratio = max(_ratio(edge), _ratio(artist.get_facecolor()) if artist.get_fill() else 0.0)
            if ratio < 3:
                failures.append(f"{name} patch: {ratio:.2f}")
        elif isinstance(artist, Spine):
            if _ratio(artist.get_edgecolor()) < 3:
                failures.append(f"spine {artist.get_edgecolor()}")
    return failures


# Explorers being reworked by other engineers at the time this test was written: each with what
# fails. Remove an entry once its explorer passes (the test then runs normally).
KNOWN_FAILURES: dict[str, str] = {}

# The audit reads colours, alphas, widths and markers, none of which depends on the dpi: the
# explorers are built and drawn at 40 dpi instead of the course's 100 (a quarter fewer seconds,
# all in matplotlib's drawing). Checked on 2026-12-06: every explorer gives the same audited artists
# (type, label, alpha, visibility, text, colour) at 40 and at 100 dpi, except gd_1d, whose x axis
# gets fewer tick labels (all in the same tick colour); the failures were the same (none).
AUDIT_DPI = 40


def test_contrast_audit_finds_light_marks_and_honours_its_exclusions():
    with mpl.rc_context(course_rc()):
        fig = Figure()
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], color=COLORS["grey"], label="light line")
        ax.plot([0, 1], [1, 0], "s", color=COLORS["orange"], label="light marks")
        ax.plot([0, 1], [1, 0], "o", color=COLORS["orange"], markeredgecolor="black")  # edged
        ax.scatter([0, 1], [0, 1], color=COLORS["blue"], alpha=0.5, label="faded points")
        ax.text(0.5, 0.5, "light words", color=COLORS["vermillion"])
        ax.text(0.5, 0.2, "boxed words", color="black", bbox={"facecolor": "black"})
        ax.plot([0, 1], [0, 0], color=COLORS["yellow"], gid="decor")         # excluded
        ax.plot([0, 1], [0, 0], color=COLORS["yellow"], visible=False)        # excluded
        ax.plot([0, 1], [0, 0], color=LINE_COLORS["grey"], label="dark enough")
        failures = _contrast_failures(fig)
    assert len(failures) == 5, failures
    for expected in ("'light line' line", "'light marks' marker", "'faded points'",
                     "text 'light words'", "text 'boxed words'"):
        assert sum(expected in f for f in failures) == 1, (expected, failures)
    assert not any("dark enough" in f for f in failures)


@pytest.mark.parametrize("module", [
    pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[name], strict=False))
    if name in KNOWN_FAILURES else name for name in _explorer_modules()])
def test_every_explorer_meets_contrast_on_white(module):
    import importlib

    pytest.importorskip("ipympl")
    with mpl.rc_context(course_rc() | {"figure.dpi": AUDIT_DPI}):
        explorers = importlib.import_module(f"mathlib.explorers.{module}")
        ex = explorers.explorer(*EXPLORER_DATA.get(module, tuple)())
        failures = _contrast_failures(ex.fig)
    assert not failures, f"{module}: " + "; ".join(failures)


def test_min_fontsize_is_the_smallest_course_text():
    from mathlib.plotting import MIN_FONTSIZE, course_rc
    rc = course_rc()
    assert MIN_FONTSIZE >= 10
    assert MIN_FONTSIZE <= min(rc["xtick.labelsize"], rc["ytick.labelsize"], rc["legend.fontsize"])
