"""The explorers of notebook 02: their compute functions against numpy, and the explorers at every
corner of their sliders without an error or a RuntimeWarning. Tolerance: rtol 1e-12 for
products and determinants, 1e-10 for least squares."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers._layout import box_at, boxes_overlap, segment_hits_box  # noqa: E402
from mathlib.explorers import least_squares, matrix2x2  # noqa: E402


# -- matrix2x2.compute --------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, c, d", [(1.5, 0.5, 0.5, 1.0), (0.0, -1.0, 1.0, 0.0),
                                        (2.0, 0.0, 0.0, -0.5), (-1.3, 0.7, 1.9, -0.2)])
def test_matrix2x2_compute_against_numpy(a, b, c, d):
    A = np.array([[a, b], [c, d]])
    out = matrix2x2.compute(a, b, c, d)
    assert_allclose(out.det, np.linalg.det(A), rtol=1e-12)
    assert_allclose(out.area, abs(np.linalg.det(A)), rtol=1e-12)
    assert out.flipped == (np.linalg.det(A) < 0)
    assert out.collapse is None
    assert_allclose(out.e1, A @ [1.0, 0.0], rtol=1e-12)
    assert_allclose(out.e2, A @ [0.0, 1.0], rtol=1e-12)
    assert_allclose(out.square, matrix2x2.UNIT_SQUARE @ A.T, rtol=1e-12)
    segments = matrix2x2.grid_segments()
    assert_allclose(out.grid, segments @ A.T, rtol=1e-12, atol=1e-12)


def test_matrix2x2_area_is_the_shoelace_area_of_the_image():
    """|det A| is the area of the image of the unit square, measured independently."""
    rng = np.random.default_rng(0)
    for a, b, c, d in rng.uniform(-2, 2, size=(50, 4)):
        P = matrix2x2.compute(a, b, c, d).square
        x, y = P[:, 0], P[:, 1]
        signed = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)   # shoelace formula
        assert_allclose(signed, a * d - b * c, rtol=1e-10, atol=1e-12)


def test_matrix2x2_grid_lines_stay_straight():
    """The image of a line x = k is the line through the images of its two ends."""
    a, b, c, d = 1.2, -0.4, 0.3, 0.9
    A = np.array([[a, b], [c, d]])
    out = matrix2x2.compute(a, b, c, d)
    middle = A @ np.array([matrix2x2.GRID[0], 0.5])
    start, end = out.grid[0]
    cross = (end - start)[0] * (middle - start)[1] - (end - start)[1] * (middle - start)[0]
    assert abs(cross) < 1e-12


@pytest.mark.parametrize("entries, collapse", [((1.0, 2.0, 0.5, 1.0), "line"),
                                               ((2.0, 2.0, 2.0, 2.0), "line"),
                                               ((0.0, 1.0, 0.0, 0.0), "line"),
                                               ((0.3, 0.1, 0.6, 0.2), "line"),
                                               ((0.0, 0.0, 0.0, 0.0), "point")])
def test_matrix2x2_singular(entries, collapse):
    out = matrix2x2.compute(*entries)
    assert out.det == 0.0 and out.area == 0.0 and not out.flipped
    assert out.collapse == collapse
    pts = np.vstack([out.square, out.grid.reshape(-1, 2)])
    # every image lies on one line through the origin (or at the origin): rank <= 1
    assert np.linalg.matrix_rank(pts, tol=1e-9) == (1 if collapse == "line" else 0)


def test_matrix2x2_bad_input():
    with pytest.raises(ValueError, match=r"matrix2x2.compute: a holds nan"):
        matrix2x2.compute(np.nan, 0.0, 0.0, 1.0)
    with pytest.raises(TypeError, match=r"matrix2x2.compute: d must be numbers"):
        matrix2x2.compute(1.0, 0.0, 0.0, "1")
    with pytest.raises(ValueError, match=r"matrix2x2.compute: b must be a single number"):
        matrix2x2.compute(1.0, [0.0, 1.0], 0.0, 1.0)


def test_matrix2x2_labels_stay_apart_and_inside():
    values = np.linspace(-2.0, 2.0, 5)
    names = ["$Ae_1$", "$Ae_2$", "$e_1$", "$e_2$"]
    for a, b, c, d in itertools.product(values, repeat=4):
        e1, e2 = np.array([a, c]), np.array([b, d])
        places = matrix2x2.label_layout(e1, e2)
        visible = [np.any(e1 != 0), np.any(e2 != 0), True, True]
        boxes = [box_at(*place, matrix2x2.LABEL_SIZES[name])
                 for place, name in zip(places, names)]
        for box, shown in zip(boxes, visible):
            if shown:
                assert min(box) >= -matrix2x2.LIMIT - 1e-9 and max(box) <= matrix2x2.LIMIT + 1e-9
        for (i, p), (j, q) in itertools.combinations(enumerate(boxes), 2):
            if visible[i] and visible[j]:
                assert not boxes_overlap(p, q), (a, b, c, d, names[i], names[j])


def test_matrix2x2_labels_keep_off_the_arrows_when_there_is_room():
    # the review's cases: the default, a rotation and a mirror
    for a, b, c, d in [(1.5, 0.5, 0.5, 1.0), (0.0, -1.0, 1.0, 0.0), (0.0, 1.0, 1.0, 0.0)]:
        e1, e2 = np.array([a, c]), np.array([b, d])
        places = matrix2x2.label_layout(e1, e2)
        for place, name in zip(places, ["$Ae_1$", "$Ae_2$", "$e_1$", "$e_2$"]):
            box = box_at(*place, matrix2x2.LABEL_SIZES[name])
            assert not any(segment_hits_box(tip, box) for tip in (e1, e2)), (a, b, c, d, name)


def _signed_area(polygon):
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


@pytest.mark.parametrize("entries", [(1.5, 0.5, 0.5, 1.0), (0.0, 1.0, 1.0, 0.0),
                                     (-2.0, 0.0, 0.0, 2.0),
                                     (0.0, -1.0, 1.0, 0.0)])
def test_matrix2x2_letter_f_is_mirrored_exactly_when_det_is_negative(entries):
    ex = matrix2x2.explorer(*entries)
    letter = next(p for p in ex.fig.axes[0].patches if p.get_facecolor()[3] > 0.7)
    image = np.asarray(letter.get_xy())[: len(matrix2x2.LETTER_F)]
    out = matrix2x2.compute(*entries)
    assert_allclose(image, matrix2x2.LETTER_F @ out.A.T, atol=1e-12)
    assert_allclose(_signed_area(image), out.det * _signed_area(matrix2x2.LETTER_F),
                    rtol=1e-9)
    assert ("the F is mirrored" in ex.readout.value) == (out.det < 0)
    # the area is a number: in the readout, not re-rasterised on the figure at every move
    assert f"<b>{abs(out.det):.3f}</b>" in ex.readout.value
    assert not [t for t in ex.fig.axes[0].texts if "area" in t.get_text()]


def test_matrix2x2_readout_brackets_negative_factors():
    text = matrix2x2.readout(matrix2x2.compute(-2.0, -2.0, -2.0, -2.0))
    assert "(-2.00)&middot;(-2.00) &minus; (-2.00)&middot;(-2.00)" in text
    text = matrix2x2.readout(matrix2x2.compute(1.5, -0.5, 0.5, 1.0))
    assert "1.50&middot;1.00 &minus; (-0.50)&middot;0.50" in text


# -- least_squares.compute ------------------------------------------------------------------------

@pytest.mark.parametrize("noise, outlier", [(1.0, 0.0), (0.3, -4.0), (2.0, 6.0)])
def test_least_squares_compute_against_numpy(noise, outlier):
    x, z = least_squares.points()
    out = least_squares.compute(noise, outlier, x, z)
    y = 0.8 * x + 1.0 + noise * z
    y[-1] += outlier
    assert_allclose(out.y, y, rtol=1e-12)
    design = np.column_stack([x, np.ones_like(x)])
    (w, b), (sse,), *_ = np.linalg.lstsq(design, y, rcond=None)
    assert_allclose([out.slope_fit, out.intercept_fit], [w, b], rtol=1e-10)
    assert_allclose(out.sse, sse, rtol=1e-10)
    assert_allclose(out.residual, y - design @ [w, b], rtol=1e-9, atol=1e-10)
    assert out.sse <= out.sse_true                  # the fit is never worse than the truth
    assert_allclose(np.sum(out.residual), 0.0, atol=1e-9)          # normal equations
    assert_allclose(np.sum(out.residual * x), 0.0, atol=1e-8)


def test_least_squares_without_noise_recovers_the_true_line():
    x, z = least_squares.points()
    out = least_squares.compute(0.0, 0.0, x, z, slope=-1.5, intercept=2.0)
    assert_allclose([out.slope_fit, out.intercept_fit], [-1.5, 2.0], rtol=1e-12)
    assert out.through == len(x) and out.sse < 1e-20


def test_least_squares_noise_is_deterministic_and_scales():
    x, z = least_squares.points()
    x2, z2 = least_squares.points()
    assert np.array_equal(z, z2)
    y1 = least_squares.compute(1.0, 0.0, x, z).y
    y2 = least_squares.compute(2.0, 0.0, x, z).y
    assert_allclose(y2 - (0.8 * x + 1.0), 2 * (y1 - (0.8 * x + 1.0)), rtol=1e-12)


def test_least_squares_bad_input():
    x, z = least_squares.points()
    with pytest.raises(ValueError, match=r"x has 20 entries and z has 3"):
        least_squares.compute(1.0, 0.0, x, z[:3])
    with pytest.raises(ValueError, match=r"at least two different values"):
        least_squares.compute(1.0, 0.0, [2.0, 2.0], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"least_squares.compute: noise holds nan"):
        least_squares.compute(np.nan, 0.0, x, z)


def test_least_squares_limits_hold_every_point():
    x, z = least_squares.points()
    lo, hi = least_squares.y_limits(x, z)
    for noise, outlier in itertools.product(np.linspace(0, 2, 5), np.linspace(-6, 6, 7)):
        y = least_squares.compute(noise, outlier, x, z).y
        assert lo <= y.min() and y.max() <= hi


# -- the explorers, wired -------------------------------------------------------------------------

def _corners(ex):
    names = list(ex.controls)
    ranges = [(c.min, c.value, c.max) for c in ex.controls.values()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for values in itertools.product(*ranges):
            ex.set(**dict(zip(names, values)))
            assert ex.last_error is None
            assert ex.readout.value
        png = ex.png()
    assert png.startswith(b"\x89PNG")


def test_matrix2x2_explorer_at_every_corner():
    ex = matrix2x2.explorer()
    assert set(ex.controls) == {"a", "b", "c", "d"}
    fig = ex.fig
    _corners(ex)
    assert ex.fig is fig


def test_matrix2x2_explorer_readout():
    ex = matrix2x2.explorer(a=2.0, b=0.0, c=0.0, d=1.5)
    text = ex.readout.value
    assert "<b>3.000</b>" in text and "parallelogram of area |det| = <b>3.000</b>" in text
    assert "orientation kept" in text
    ex.set(a=0.0, b=1.0, c=1.0, d=0.0)                 # a reflection: det = -1
    assert "<b>-1.000</b>" in ex.readout.value and "orientation flipped" in ex.readout.value
    ex.set(a=1.0, b=2.0, c=0.5, d=1.0)                 # det = 0
    text = ex.readout.value
    assert "<b>0.000</b>" in text and "collapses onto a line" in text and "no inverse" in text
    assert "-0.000" not in text
    ex.set(a=0.0, b=0.0, c=0.0, d=0.0)
    assert "one point" in ex.readout.value and "no inverse" in ex.readout.value
    labels = [a for a in ex.animated if hasattr(a, "get_text")]
    shown = {label.get_text() for label in labels if label.get_visible()}
    assert shown == {"$e_1$", "$e_2$"}   # no Ae names
    ex.reset()
    assert ex.values == {"a": 2.0, "b": 0.0, "c": 0.0, "d": 1.5}


def test_matrix2x2_explorer_moves_the_artists_in_place():
    ex = matrix2x2.explorer()
    polygon = next(a for a in ex.animated if hasattr(a, "get_xy"))
    ex.set(a=2.0, b=0.0, c=0.0, d=2.0)
    assert_allclose(polygon.get_xy()[:4], [[0, 0], [2, 0], [2, 2], [0, 2]])


def test_least_squares_explorer_at_every_corner():
    ex = least_squares.explorer()
    assert set(ex.controls) == {"noise", "outlier"}
    _corners(ex)


def test_least_squares_explorer_readout_and_legend():
    ex = least_squares.explorer(noise=0.0)
    assert "the fit passes through all of them" in ex.readout.value
    assert "y = <b>0.800</b> x + <b>1.000</b>" in ex.readout.value
    ex.set(noise=1.0)
    out = least_squares.compute(1.0, 0.0, *least_squares.points())
    assert f"<b>{out.sse:.3f}</b>" in ex.readout.value
    assert "0 of 20" in ex.readout.value
    ex.png()
    ax = ex.fig.axes[0]
    renderer = ex.fig.canvas.get_renderer()
    legend = ax.get_legend()
    assert not legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:2] == ["true line y = 0.8 x + 1", "least-squares line"]
    lines = ax.get_lines()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()   # dashed vs solid


def test_matrix_labels_keep_off_the_letter_f_before_and_after():
    """The review saw a label over the F. On a grid of matrices, no label's box meets the F in
    the unit square, or its image (unless the image is flat, det near 0)."""
    import itertools

    from matplotlib.path import Path
    from matplotlib.transforms import Bbox

    values = np.linspace(*matrix2x2.ENTRY_RANGE, 7)
    def closed(polygon):                 # closed=True drops the last vertex: repeat the first
        return Path(np.vstack([polygon, polygon[:1]]), closed=True)

    before = closed(matrix2x2.LETTER_F)
    for a, b, c, d in itertools.product(values, repeat=4):
        A = np.array([[a, b], [c, d]])
        image = matrix2x2.LETTER_F @ A.T
        after = closed(image)
        places = matrix2x2.label_layout(A[:, 0], A[:, 1], avoid=image)
        tips = (A[:, 0], A[:, 1], (1.0, 0.0), (0.0, 1.0))
        for name, place, tip in zip(["$Ae_1$", "$Ae_2$", "$e_1$", "$e_2$"], places, tips):
            if not np.any(np.asarray(tip) != 0):
                continue
            box = Bbox.from_extents(*box_at(*place, matrix2x2.LABEL_SIZES[name]))
            assert not before.intersects_bbox(box, filled=True), (a, b, c, d, name)
            if abs(a * d - b * c) > 0.05:
                assert not after.intersects_bbox(box, filled=True), (a, b, c, d, name)


def test_matrix_labels_stay_near_their_tips():
    """The review found 158 of 2,450 labels over 1 unit from their tip (A e2's label at
    (-0.18, 2.59) for a tip at (1, 2)). Now every label's box ends within NEAR (0.5) of its
    tip, except (12 of 2,450) where the F's image leaves no room there, and never beyond 1.1."""
    import itertools

    values = np.linspace(*matrix2x2.ENTRY_RANGE, 5)
    far, total = [], 0
    for a, b, c, d in itertools.product(values, repeat=4):
        A = np.array([[a, b], [c, d]])
        places = matrix2x2.label_layout(A[:, 0], A[:, 1], avoid=matrix2x2.LETTER_F @ A.T)
        tips = (A[:, 0], A[:, 1], (1.0, 0.0), (0.0, 1.0))
        for name, place, tip in zip(["$Ae_1$", "$Ae_2$", "$e_1$", "$e_2$"], places, tips):
            if not np.any(np.asarray(tip) != 0):
                continue
            total += 1
            gap = matrix2x2._gap_to(box_at(*place, matrix2x2.LABEL_SIZES[name]), tip)
            assert gap <= 1.1, (a, b, c, d, name, place)
            if gap > matrix2x2.NEAR + 1e-9:
                far.append((a, b, c, d, name))
    assert total == 2450 and len(far) <= 16, far           # 12 of 2,450, all e1 or e2
    A = np.array([[2.0, 1.0], [2.0, 2.0]])                 # the review's case
    place = matrix2x2.label_layout(A[:, 0], A[:, 1], avoid=matrix2x2.LETTER_F @ A.T)[1]
    assert np.hypot(place[0] - 1.0, place[1] - 2.0) < 1.0


def test_explorers_of_02_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(matrix2x2.explorer()) == []
