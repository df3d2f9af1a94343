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
    assert contrast_ratio(a, b) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(b, a) == pytest.approx(contrast_ratio(a, b))  # symmetric


def _srgb_luminance(hex_color):
    # an independent computation: numpy over the 8-bit channels
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


@pytest.mark.parametrize("color", sorted(set(COLORS.values()) | set(TEXT_COLORS.values())))
def test_contrast_ratio_against_a_second_computation(color):
    lum = _srgb_luminance(color)
    assert contrast_ratio(color, "white") == pytest.approx(1.05 / (lum + 0.05))
    assert contrast_ratio(color, "black") == pytest.approx((lum + 0.05) / 0.05)


@pytest.mark.parametrize("projector", [False, True], ids=["screen", "projector"])
def test_style_text_and_lines_contrast_with_the_background(projector):
    rc = course_rc(projector)
    for background in (rc["figure.facecolor"], rc["axes.facecolor"], rc["savefig.facecolor"]):
        for key in TEXT_KEYS:
            assert contrast_ratio(rc[key], background) >= 4.5, f"{key} = {rc[key]}"
        for color in rc["axes.prop_cycle"].by_key()["color"]:
            assert contrast_ratio(color, background) >= 3.0, f"line colour {color} in the cycle"
        assert contrast_ratio(rc["axes.edgecolor"], background) >= 3.0


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
            assert contrast_ratio(text.get_color(), fig.get_facecolor()) >= 4.5
        assert contrast_ratio(line.get_color(), ax.get_facecolor()) >= 3.0


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
