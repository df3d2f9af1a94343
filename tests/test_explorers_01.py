"""The explorers of notebook 01: their compute functions against numpy, and a smoke test that
each builds and survives every slider at its minimum, maximum and zero without an error or a
RuntimeWarning. Tolerance: lengths and angles to rtol 1e-12; images exactly."""

from __future__ import annotations

import itertools
import math
import re
import warnings

import numpy as np
import pytest
from matplotlib.quiver import Quiver
from numpy.testing import assert_allclose, assert_array_equal

pytest.importorskip("ipympl")

from mathlib.data import load_photo  # noqa: E402
from mathlib.explorers import rgb, vectors  # noqa: E402
from mathlib.explorers._layout import box_at, boxes_overlap, segment_hits_box  # noqa: E402
from mathlib.plotting import use_course_style  # noqa: E402

RTOL = 1e-12


# -- vectors.compute ----------------------------------------------------------------------------

def test_vectors_compute_against_numpy():
    out = vectors.compute(2.0, 1.0, 0.5, 2.0)
    assert_array_equal(out.u, [2.0, 1.0])
    assert_array_equal(out.v, [0.5, 2.0])
    assert_array_equal(out.sum, [2.5, 3.0])
    assert_allclose(out.length_u, np.linalg.norm([2.0, 1.0]), rtol=RTOL)
    assert_allclose(out.length_v, np.linalg.norm([0.5, 2.0]), rtol=RTOL)
    assert_allclose(out.length_sum, np.linalg.norm([2.5, 3.0]), rtol=RTOL)
    assert_allclose(out.direction_u, np.degrees(np.arctan2(1.0, 2.0)), rtol=RTOL)


def test_vectors_compute_parallelogram_closes():
    """Walking u then v, or v then u, reaches the same corner u + v."""
    out = vectors.compute(-1.5, 2.0, 3.0, -0.5)
    O, U, S, V = out.parallelogram
    assert_array_equal(O, [0.0, 0.0])
    assert_array_equal(U, out.u)
    assert_array_equal(V, out.v)
    assert_allclose(S - U, out.v, rtol=RTOL)       # side u -> u + v is parallel to v
    assert_allclose(S - V, out.u, rtol=RTOL)       # side v -> u + v is parallel to u


def test_vectors_compute_triangle_inequality_on_a_grid():
    values = np.linspace(-3.0, 3.0, 7)
    for ux, uy, vx, vy in itertools.product(values, repeat=4):
        out = vectors.compute(ux, uy, vx, vy)
        assert out.length_sum <= out.length_u + out.length_v + 1e-12
        if out.length_u > 0:
            assert -180.0 < out.direction_u <= 180.0
        else:
            assert out.direction_u is None            # the zero vector has no direction


@pytest.mark.parametrize("u, want", [((0.0, 0.0), None), ((-0.0, 0.0), None), ((-0.0, -0.0), None),
                                     ((-2.0, -0.0), 180.0), ((-2.0, -1e-69), 180.0),
                                     ((0.0, -3.0), -90.0)])
def test_vectors_compute_zero_and_signed_zeros(u, want):
    """The zero vector has no direction (None), as notebook 01 says; signed zeros change nothing."""
    out = vectors.compute(u[0], u[1], 0.0, 0.0)
    assert out.direction_u == want
    assert out.length_sum == out.length_u
    assert out.angle is None                      # v is the zero vector: no angle
    assert out.lengths_add_up                     # |u + 0| = |u| + 0


def _numpy_angle(u, v):
    """The angle between u and v from the dot product (notebook 05's way), in degrees."""
    cos = np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


@pytest.mark.parametrize("u, v", [((2.0, 1.0), (0.5, 2.0)), ((1.0, 0.0), (-1.0, 0.0)),
                                  ((1.0, 0.0), (0.0, -1.0)), ((-3.0, 0.1), (-3.0, -0.1)),
                                  ((-1.0, 1.0), (1.0, -0.5)), ((0.3, 2.9), (-2.9, -0.3))])
def test_vectors_compute_angle_between_against_numpy(u, v):
    out = vectors.compute(*u, *v)
    assert 0.0 <= out.angle <= 180.0
    assert_allclose(out.angle, _numpy_angle(u, v), rtol=0, atol=1e-6)
    assert_allclose(vectors.compute(*v, *u).angle, out.angle, rtol=0, atol=1e-12)


def test_vectors_compute_lengths_add_up_exactly_when_the_angle_is_zero():
    """|u + v| = |u| + |v| when u and v point the same way (or one is zero), never otherwise."""
    values = np.linspace(-3.0, 3.0, 7)
    seen = {True: 0, False: 0}
    for ux, uy, vx, vy in itertools.product(values, repeat=4):
        out = vectors.compute(ux, uy, vx, vy)
        same_way = out.angle is None or out.angle < 1e-6
        assert out.lengths_add_up == same_way, (ux, uy, vx, vy)
        seen[same_way] += 1
    assert seen[True] > 50 and seen[False] > 50
    out = vectors.compute(1.0, 0.5, 2.0, 1.0)                # v = 2u
    assert out.lengths_add_up and out.angle == 0.0
    assert_allclose(out.length_sum, out.length_u + out.length_v, rtol=RTOL)


def test_vectors_compute_bad_input():
    with pytest.raises(ValueError, match=r"vectors.compute: u_x holds nan"):
        vectors.compute(np.nan, 0.0, 0.0, 0.0)
    with pytest.raises(TypeError, match=r"vectors.compute: v_y must be numbers"):
        vectors.compute(0.0, 0.0, 0.0, "1")
    with pytest.raises(ValueError, match=r"vectors.compute: u_y must be a single number"):
        vectors.compute(0.0, [1.0, 2.0], 0.0, 0.0)


def test_angle_arc_runs_from_the_axis_to_the_direction():
    arc = vectors.angle_arc(-135.0, radius=0.8)
    assert_allclose(arc[0], [0.8, 0.0], atol=1e-12)
    assert_allclose(arc[-1], [0.8 * math.cos(math.radians(-135)),
                              0.8 * math.sin(math.radians(-135))], atol=1e-12)
    assert_allclose(np.hypot(arc[:, 0], arc[:, 1]), 0.8, rtol=RTOL)


def test_label_layout_keeps_every_label_inside_the_axes():
    sizes = [vectors.LABEL_SIZES[name] for name in ("u", "v", "u + v")]
    for a, b in itertools.product([-6.0, -3.0, 0.0, 3.0, 6.0], repeat=2):
        tips = np.array([[a / 2, b / 2], [b / 2, a / 2], [a, b]])
        for (x, y, ha, va), (width, height) in zip(vectors.label_layout(tips, sizes), sizes):
            x0 = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
            y0 = y - {"bottom": 0.0, "center": height / 2, "top": height}[va]
            assert -vectors.LIMIT - 1e-9 <= x0 and x0 + width <= vectors.LIMIT + 1e-9
            assert -vectors.LIMIT - 1e-9 <= y0 and y0 + height <= vectors.LIMIT + 1e-9


def test_label_layout_puts_the_label_beyond_the_tip():
    (x, y, ha, va), = vectors.label_layout([[2.0, 0.0]], [(0.5, 0.5)])
    assert (x, y, ha, va) == (2.0 + vectors.LABEL_GAP, 0.0, "left", "center")


def _label_boxes(tips):
    sizes = [vectors.LABEL_SIZES[name] for name in ("u", "v", "u + v")]
    layout = vectors.label_layout(tips, sizes)
    return [box_at(*place[:2], size, *place[2:]) for place, size in zip(layout, sizes)]


@pytest.mark.parametrize("u", [(2.0, 1.0), (3.0, 3.0), (-3.0, -3.0), (0.0, 3.0), (-3.0, 0.1)])
def test_label_layout_separates_the_names_when_u_equals_v(u):
    """u = v: the arrows coincide, but the names u and v must both be readable."""
    tips = np.array([u, u, 2 * np.array(u)])
    boxes = _label_boxes(tips)
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b)
    for box in boxes:                                 # and no name sits on an arrow
        assert not any(segment_hits_box(tip, box) for tip in tips)


def test_label_layout_keeps_the_names_apart_on_a_grid():
    values = np.linspace(-3.0, 3.0, 5)
    for ux, uy, vx, vy in itertools.product(values, repeat=4):
        tips = np.array([[ux, uy], [vx, vy], [ux + vx, uy + vy]])
        visible = [np.hypot(*tip) > 0 for tip in tips]
        boxes = [box for box, shown in zip(_label_boxes(tips), visible) if shown]
        for a, b in itertools.combinations(boxes, 2):
            assert not boxes_overlap(a, b), (ux, uy, vx, vy)


def test_segment_hits_box():
    box = (1.0, 1.0, 2.0, 2.0)
    assert segment_hits_box((3.0, 3.0), box)          # through the middle
    assert not segment_hits_box((0.5, 0.5), box)      # stops short
    assert not segment_hits_box((3.0, 0.0), box)      # passes below
    assert segment_hits_box((3.0, 0.0), box, margin=1.0)
    assert segment_hits_box((1.5, 2.5), box)          # steep, through the top edge
    assert not segment_hits_box((1.5, 5.0), box)      # steeper, passes left of it
    assert not segment_hits_box((0.0, 5.0), box)      # vertical, left of the box
    assert segment_hits_box((0.0, 5.0), (-0.5, 1.0, 0.5, 2.0))
    assert not segment_hits_box((-3.0, -3.0), box)    # the other way


@pytest.mark.parametrize("projector", [False, True])
def test_rendered_labels_do_not_overlap(projector):
    """With the real fonts, also the larger ones of projector mode: the drawn names never cover
    each other, and stay in the axes."""
    use_course_style(projector=projector)
    ex = vectors.explorer()
    fig = ex.fig
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [a for a in ex.animated if hasattr(a, "get_text")]
    axes_box = ax.get_window_extent(renderer)
    settings = [(2.0, 1.0, 2.0, 1.0), (3.0, 3.0, 3.0, 3.0), (-3.0, -3.0, -3.0, -3.0),
                (2.0, 1.0, 0.0, 0.0), (0.0, 0.0, 2.0, 1.0), (3.0, -3.0, 3.0, -2.9),
                (1.0, 0.5, 2.0, 1.0), (-3.0, 3.0, 3.0, -3.0), (0.1, 0.0, 0.0, 0.1)]
    values = [-3.0, 0.0, 3.0]         # the full grid is label_layout's test; this one renders
    settings += list(itertools.product(values, repeat=4))
    for setting in settings:
        ex.set(**dict(zip(["u_x", "u_y", "v_x", "v_y"], setting)))
        shown = [label.get_window_extent(renderer) for label in labels if label.get_visible()]
        for a, b in itertools.combinations(shown, 2):
            assert not a.overlaps(b), setting
        for box in shown:
            assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1, setting
            assert axes_box.y0 - 1 <= box.y0 and box.y1 <= axes_box.y1 + 1, setting


# -- rgb.compute --------------------------------------------------------------------------------

def test_rgb_compute_against_numpy_broadcasting():
    image = load_photo(gray=False, step=8)                  # (75, 64, 3)
    weights = np.array([2.0, 0.5, 0.0])
    out = rgb.compute(image, weights)
    assert_array_equal(out.mixed, np.clip(image * weights, 0.0, 1.0))
    assert out.shapes == ((75, 64, 3), (3,), (75, 64, 3))
    assert out.shapes[2] == np.broadcast_shapes(image.shape, weights.shape)
    assert out.clipped == np.mean(image * weights > 1.0)
    assert 0.0 < out.clipped < 1.0                       # doubling red saturates some pixels
    assert_allclose(out.means, out.mixed.mean(axis=(0, 1)), rtol=RTOL)
    assert out.means[2] == 0.0


def test_rgb_compute_neutral_and_zero_weights():
    image = np.random.default_rng(0).uniform(0.0, 1.0, size=(4, 5, 3))
    assert_array_equal(rgb.compute(image, [1.0, 1.0, 1.0]).mixed, image)
    assert rgb.compute(image, [1.0, 1.0, 1.0]).clipped == 0.0
    assert_array_equal(rgb.compute(image, [0.0, 0.0, 0.0]).mixed, np.zeros((4, 5, 3)))


def test_rgb_channel_images_add_up_to_the_image():
    image = np.random.default_rng(1).uniform(0.0, 1.0, size=(3, 2, 3))
    red, green, blue = rgb.channel_images(image)
    assert_array_equal(red + green + blue, image)
    assert_array_equal(green[:, :, [0, 2]], 0.0)
    assert_array_equal(green[:, :, 1], image[:, :, 1])


def test_rgb_compute_bad_input():
    with pytest.raises(ValueError, match=r"the image has 3 channels .* but 2 weights were given"):
        rgb.compute(np.ones((2, 2, 3)), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"rgb.compute: image must be a tensor with 3 axes"):
        rgb.compute(np.ones((2, 2)), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"rgb.compute: weights holds nan"):
        rgb.compute(np.ones((2, 2, 3)), [1.0, np.nan, 1.0])


# -- the explorers, wired -----------------------------------------------------------------------

def _drive(explorer, values_by_name):
    """Move each control through the given values, one at a time, with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for name, values in values_by_name.items():
            for value in values:
                explorer.controls[name].value = value
                assert explorer.last_error is None
                assert explorer.readout.value
        explorer.set(**{name: values[0] for name, values in values_by_name.items()})
        assert explorer.last_error is None
        png = explorer.png()
    assert png.startswith(b"\x89PNG")


def test_vectors_explorer_survives_its_sliders():
    ex = vectors.explorer()
    assert set(ex.controls) == {"u_x", "u_y", "v_x", "v_y"}
    fig = ex.fig
    _drive(ex, {name: [c.min, c.max, 0.0] for name, c in ex.controls.items()})
    assert ex.fig is fig                                   # updated in place, never re-created


def test_vectors_explorer_all_zero_and_all_extreme():
    ex = vectors.explorer()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        ex.set(u_x=0.0, u_y=0.0, v_x=0.0, v_y=0.0)
        assert "u has <b>no direction</b>" in ex.readout.value
        assert "u and v are zero" in ex.readout.value
        for corner in itertools.product([-3.0, 3.0], repeat=4):
            ex.set(**dict(zip(["u_x", "u_y", "v_x", "v_y"], corner)))
            assert ex.last_error is None
        ex.png()


def test_vectors_explorer_readout_numbers():
    ex = vectors.explorer(u=(3.0, 0.0), v=(0.0, 2.0))
    text = ex.readout.value
    assert "= <b>3.000</b>, |v| = <b>2.000</b>, |u + v| = <b>3.606</b>" in text   # three lengths
    assert "|u| + |v| = 5.000: <b>|u + v| is shorter by 1.394</b>" in text
    assert "angle between u and v = <b>90.0&deg;</b>" in text
    assert "direction of u = <b>0.0&deg;</b>" in text
    assert "<b>(3.0, 2.0)</b>" in text                     # u + v
    ex.set(v_x=1.5, v_y=0.0)                               # the same way: the lengths add up
    assert "|u + v| = <b>4.500</b>" in ex.readout.value
    assert "|u| + |v| = 4.500: <b>the lengths add up</b>" in ex.readout.value
    assert "angle between u and v = <b>0.0&deg;</b>" in ex.readout.value
    ex.set(v_x=3.0, v_y=0.1)                               # almost: still shorter, and it says so
    assert "|u + v| is shorter, by only" in ex.readout.value
    ex.set(v_x=0.0, v_y=0.0)
    assert "v is the zero vector: <b>no angle between u and v</b>" in ex.readout.value
    ex.set(u_x=-3.0, u_y=-0.0)
    assert "<b>180.0&deg;</b>" in ex.readout.value
    assert "(-3.0)&sup2;" in ex.readout.value


def test_vectors_explorer_reset():
    ex = vectors.explorer()
    ex.set(u_x=-3.0, v_y=3.0)
    ex.reset()
    assert ex.values == {"u_x": 2.0, "u_y": 1.0, "v_x": 0.5, "v_y": 2.0}


def test_rgb_explorer_survives_its_sliders():
    ex = rgb.explorer()
    assert set(ex.controls) == {"red", "green", "blue"}
    assert "(120, 103, 3) * weights (3,) &rarr; <b>(120, 103, 3)</b>" in ex.readout.value
    _drive(ex, {name: [c.min, c.max, 0.0] for name, c in ex.controls.items()})
    ex.set(red=2.0, green=2.0, blue=2.0)
    assert "clipped" in ex.readout.value
    ex.set(red=0.0, green=0.0, blue=0.0)
    assert_array_equal(ex.animated[0].get_array(), 0.0)


def test_rgb_explorer_with_a_small_image_and_a_wrong_one():
    image = np.random.default_rng(2).uniform(0.0, 1.0, size=(6, 8, 3))
    ex = rgb.explorer(image, red=0.5)
    assert "(6, 8, 3)" in ex.readout.value
    assert_allclose(ex.animated[0].get_array()[:, :, 0], 0.5 * image[:, :, 0], rtol=RTOL)
    with pytest.raises(ValueError, match=r"rgb.explorer: the image must have 3 colour channels "
                                         r"\(H, W, 3\), got shape \(6, 8, 4\)"):
        rgb.explorer(np.ones((6, 8, 4)))


# -- the review: coinciding arrows stay visible, readouts in plain numbers, titles inside --------

def test_hidden_arrows():
    u, v = np.array([2.0, 1.0]), np.array([0.5, 2.0])
    zero = np.zeros(2)
    # drawing order: u + v, v, u (the last on top)
    assert vectors.hidden_arrows([u + v, v, u]).tolist() == [False, False, False]
    assert vectors.hidden_arrows([u + u, u, u]).tolist() == [False, True, False]   # u = v
    assert vectors.hidden_arrows([v, v, zero]).tolist() == [True, False, False]    # u = 0
    assert vectors.hidden_arrows([u, zero, u]).tolist() == [True, False, False]    # v = 0
    assert vectors.hidden_arrows([zero, zero, zero]).tolist() == [False, False, False]


@pytest.mark.parametrize("setting,shown,words", [
    ((2.0, 1.0, 2.0, 1.0), [False, True, False], "<b>u and v are the same vector</b>"),
    ((0.0, 0.0, 1.0, 2.0), [True, False, False], "u + v = v (the thin black arrow on top"),
    ((2.0, -1.0, 0.0, 0.0), [True, False, False], "u + v = u (the thin black arrow on top"),
    ((2.0, 1.0, 0.5, 2.0), [False, False, False], None)])
def test_coinciding_arrows_stay_visible_and_the_readout_says_so(setting, shown, words):
    ex = vectors.explorer()
    ex.set(**dict(zip(["u_x", "u_y", "v_x", "v_y"], setting)))
    arrows, overlay = [a for a in ex.animated if isinstance(a, Quiver)]   # sorted by zorder
    assert overlay.zorder > arrows.zorder and overlay.width < arrows.width   # thin, on top
    hidden = np.broadcast_to(overlay.Umask, (3,))      # set_UVC keeps the mask apart
    assert (~hidden).tolist() == shown
    drawn = np.column_stack([arrows.U, arrows.V])
    for i in np.flatnonzero(shown):     # the thin arrow repeats the one that would be hidden
        assert_array_equal([overlay.U[i], overlay.V[i]], drawn[i])
    if words is None:
        assert "thin" not in ex.readout.value and "same vector" not in ex.readout.value
    else:
        assert words in ex.readout.value


def test_a_tiny_shortfall_is_written_without_scientific_notation():
    ex = vectors.explorer(u=(3.0, 0.0), v=(3.0, 0.1))
    assert "|u + v| is shorter, by only 0.0008</b>" in ex.readout.value
    assert not re.search(r"\de[-+]?\d", ex.readout.value)


@pytest.mark.parametrize("projector", [False, True])
def test_rgb_titles_stay_inside_the_figure(projector):
    use_course_style(projector=projector)
    ex = rgb.explorer()
    ex.png()
    renderer = ex.fig.canvas.get_renderer()
    figure_box = ex.fig.bbox
    boxes = [ax.title.get_window_extent(renderer) for ax in ex.fig.axes]
    for box in boxes:
        assert figure_box.x0 + 2 <= box.x0 and box.x1 <= figure_box.x1 - 2
        assert box.y1 <= figure_box.y1 - 2
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
