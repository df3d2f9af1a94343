"""The explorers of notebook 05: their compute functions against numpy and scipy, bad input, and
each explorer at every corner of its controls with warnings as errors. Tolerance: rtol 1e-12
unless said otherwise."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial import distance

pytest.importorskip("ipympl")

from mathlib.explorers import cosine, neighbours, unit_balls  # noqa: E402

RTOL = 1e-12


# -- unit_balls ---------------------------------------------------------------------------------

@pytest.mark.parametrize("p", [1.0, 1.5, 2.0, 3.0, 7.25, 10.0, math.inf])
def test_unit_circle_has_norm_one_under_numpy(p):
    curve = unit_balls.unit_circle(p)
    assert_allclose(np.linalg.norm(curve, ord=p, axis=1), 1.0, rtol=RTOL)
    directions = np.arctan2(curve[:, 1], curve[:, 0]) % (2 * np.pi)
    assert_allclose(np.cos(directions), np.cos(unit_balls.ANGLES), atol=1e-12)   # one per angle


def test_unit_circle_shapes():
    corners = np.radians([0.0, 90.0, 180.0, 270.0])
    for p in [0.5, 1.0, 2.0, 10.0, math.inf]:        # every shape passes through (1, 0), (0, 1)
        assert_allclose(unit_balls.unit_circle(p, corners),
                        [[1, 0], [0, 1], [-1, 0], [0, -1]], atol=1e-15)
    diagonal = np.radians([45.0])
    assert_allclose(unit_balls.unit_circle(1.0, diagonal), [[0.5, 0.5]], rtol=RTOL)   # diamond
    assert_allclose(unit_balls.unit_circle(math.inf, diagonal), [[1.0, 1.0]], rtol=RTOL)  # square
    assert_allclose(unit_balls.unit_circle(0.5, diagonal), [[0.25, 0.25]], rtol=RTOL)   # caves in
    assert_allclose(np.hypot(*unit_balls.unit_circle(2.0).T), 1.0, rtol=RTOL)           # circle


def test_p_size_against_numpy_and_the_p_below_one_formula():
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(50, 2))
    for p in [1.0, 2.0, 3.5, math.inf]:
        assert_allclose(unit_balls.p_size(pts, p), np.linalg.norm(pts, ord=p, axis=1), rtol=RTOL)
    assert_allclose(unit_balls.p_size(pts, 0.5), np.sum(np.sqrt(np.abs(pts)), axis=1) ** 2,
                    rtol=1e-12)
    assert_array_equal(unit_balls.p_size(np.zeros((1, 2)), 3.0), [0.0])
    big = np.array([[1e300, 1e300]])
    assert_allclose(unit_balls.p_size(big, 2.0), [math.sqrt(2) * 1e300], rtol=RTOL)  # no overflow


def test_unit_balls_compute_the_fixed_point():
    assert unit_balls.compute(2.0).where == "on"
    out = unit_balls.compute(1.0)
    assert out.size == pytest.approx(1.4, rel=RTOL) and out.where == "outside"
    out = unit_balls.compute(math.inf)
    assert out.size == 0.8 and out.where == "inside" and out.is_norm
    out = unit_balls.compute(0.5)
    assert not out.is_norm and "not a norm" in out.shape
    assert out.size == pytest.approx((math.sqrt(0.6) + math.sqrt(0.8)) ** 2, rel=RTOL)
    for p in [3.0, 10.0]:
        assert unit_balls.compute(p).size == pytest.approx(np.linalg.norm([0.6, 0.8], p), rel=RTOL)


def test_unit_balls_shape_words():
    assert "diamond" in unit_balls.shape_words(1.0)
    assert "rounded diamond" in unit_balls.shape_words(1.5)
    assert "circle" in unit_balls.shape_words(2.0)
    assert "rounded square" in unit_balls.shape_words(4.0)
    assert "square with corners" in unit_balls.shape_words(math.inf)
    assert "not a norm" in unit_balls.shape_words(0.75)


def test_unit_balls_bad_input():
    with pytest.raises(ValueError, match=r"unit_balls.compute: p must be > 0"):
        unit_balls.compute(0.0)
    with pytest.raises(ValueError, match=r"unit_balls.p_size: p holds nan"):
        unit_balls.p_size(np.ones((2, 2)), math.nan)
    with pytest.raises(ValueError, match=r"point must have 2 coordinates"):
        unit_balls.compute(2.0, point=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"unit_balls.compute: p must be numbers"):
        unit_balls.compute("2")
    with pytest.raises(ValueError, match=r"p must be one of the control's values"):
        unit_balls.explorer(p=2.1)


def test_unit_balls_explorer_every_value():
    ex = unit_balls.explorer()
    assert "circle" in ex.readout.value and "<b>1.0000</b>" in ex.readout.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for p in unit_balls.P_VALUES:
            ex.set(p=p)
            assert ex.last_error is None
            x, y = ex.animated[0].get_data()
            assert len(x) == len(unit_balls.ANGLES)
        assert "&infin;" in ex.readout.value or "\u221e" in ex.readout.value
        assert "<b>0.8000</b>" in ex.readout.value and "inside" in ex.readout.value
        ex.set(p=1.0)
        assert "<b>1.4000</b>" in ex.readout.value and "outside" in ex.readout.value
        ex.set(p=0.5)
        assert "not a norm" in ex.readout.value and "<b>4.000</b> &gt; 1 + 1" in ex.readout.value
        ex.reset()
        assert ex.values == {"p": 2.0}
        assert ex.png().startswith(b"\x89PNG")


# -- neighbours ---------------------------------------------------------------------------------

_SCIPY = {"euclidean": "euclidean", "manhattan": "cityblock", "chebyshev": "chebyshev",
          "cosine": "cosine"}


@pytest.mark.parametrize("metric", list(neighbours.METRICS))
def test_neighbours_compute_against_scipy(metric):
    X, _, _ = neighbours.iris_petals()
    for q in ([4.0, 0.8], [1.0, 2.5], [7.5, 0.05]):
        out = neighbours.compute(X, q, metric, 7)
        want = distance.cdist(np.array([q]), X, _SCIPY[metric])[0]
        assert_allclose(out.distances, want, rtol=1e-12, atol=1e-12)
        order = np.argsort(want, kind="stable")
        assert_allclose(out.nearest_distances, want[order[:7]], rtol=1e-12, atol=1e-12)
        assert out.radius == out.nearest_distances[-1]
        assert np.all(out.distances[out.nearest] <= out.radius)
        others = np.setdiff1d(np.arange(len(X)), out.nearest)
        assert np.all(out.distances[others] >= out.radius - 1e-15)   # nothing closer left


def test_neighbours_ties_in_row_order_and_k_bounds():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [3.0, 3.0]])
    out = neighbours.compute(X, [0.0, 0.0], "euclidean", 3)
    assert_array_equal(out.nearest, [0, 1, 2])
    assert len(neighbours.compute(X, [0.0, 0.0], "manhattan", 4).nearest) == 4
    with pytest.raises(ValueError, match=r"k must be between 1 and 4"):
        neighbours.compute(X, [0.0, 0.0], "euclidean", 5)


def test_neighbours_cosine_ignores_length_and_zero_vectors():
    X = np.array([[1.0, 1.0], [10.0, 10.0], [0.0, 0.0], [1.0, 0.0]])
    out = neighbours.compute(X, [0.2, 0.2], "cosine", 2)
    assert_array_equal(out.nearest, [0, 1])                  # both on the query's ray
    assert_allclose(out.nearest_distances, 0.0, atol=1e-15)
    assert out.distances[2] == np.inf                         # a zero row: never a neighbour
    undefined = neighbours.compute(X, [0.0, 0.0], "cosine", 3)
    assert not undefined.defined and len(undefined.nearest) == 0
    assert neighbours.ball(undefined).shape == (0, 2)
    assert neighbours.compute(X, [0.0, 0.0], "euclidean", 1).defined


def test_neighbours_ball_passes_through_the_kth_neighbour():
    X, _, _ = neighbours.iris_petals()
    for metric, p in [("euclidean", 2), ("manhattan", 1), ("chebyshev", np.inf)]:
        out = neighbours.compute(X, [4.0, 0.8], metric, 5)
        outline = neighbours.ball(out)
        assert_allclose(np.linalg.norm(outline - [4.0, 0.8], ord=p, axis=1), out.radius,
                        rtol=1e-12)
    out = neighbours.compute(X, [5.0, 1.0], "cosine", 5)
    wedge = neighbours.ball(out)
    assert_array_equal(wedge[1], [0.0, 0.0])                     # the wedge's tip: the origin
    for side in (wedge[0], wedge[2]):
        assert 1 - distance.cosine(side, [5.0, 1.0]) == pytest.approx(
            1 - out.radius, rel=1e-12)


def test_neighbours_bad_input():
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"metric must be one of"):
        neighbours.compute(X, [0.0, 0.0], "minkowski", 1)
    with pytest.raises(ValueError, match=r"query has shape \(3,\) but the rows of the data have 2"):
        neighbours.compute(X, [0.0, 0.0, 0.0], "euclidean", 1)
    with pytest.raises(ValueError, match=r"neighbours.compute: query holds nan"):
        neighbours.compute(X, [np.nan, 0.0], "euclidean", 1)
    with pytest.raises(ValueError, match=r"neighbours.prepare: X must be a matrix"):
        neighbours.compute([1.0, 2.0], [0.0, 0.0], "euclidean", 1)


def test_neighbours_explorer_every_corner():
    ex = neighbours.explorer()
    assert set(ex.controls) == {"x", "y_", "metric", "k"}
    assert "distances (cm) <b>0.200, 0.224, 0.316, 0.361, 0.361</b>" in ex.readout.value
    assert "5 versicolor" in ex.readout.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for metric in neighbours.METRICS:
            for x, y, k in itertools.product(neighbours.X_RANGE, neighbours.Y_RANGE, [1, 10]):
                ex.set(x=x, y_=y, metric=metric, k=k)
                assert ex.last_error is None
                chosen = ex.animated[[a.get_label() for a in ex.animated].index("k nearest")]
                n = len(chosen.get_offsets())
                if metric == "cosine" and x == y == 0.0:
                    assert n == 0 and "no direction" in ex.readout.value
                else:
                    assert n == k and ex.readout.value.count(",") >= k - 1
        ex.set(x=5.0, y_=1.0, metric="cosine", k=10)
        assert "10 setosa" in ex.readout.value and "cosine similarities" in ex.readout.value
        ex.reset()
        assert ex.values == {"x": 4.0, "y_": 0.8, "metric": "euclidean", "k": 5}
        assert ex.png().startswith(b"\x89PNG")


# -- cosine -------------------------------------------------------------------------------------

@pytest.mark.parametrize("angles", [(20.0, 70.0), (-180.0, 180.0), (0.0, 90.0), (-170.0, 170.0),
                                    (45.0, -135.0), (33.0, 34.0)])
def test_cosine_compute_against_scipy(angles):
    out = cosine.compute(angles[0], 1.5, angles[1], 0.7)
    a, b = out.a, out.b
    assert_allclose(np.linalg.norm(a), 1.5, rtol=RTOL)
    assert_allclose(out.dot, np.dot(a, b), rtol=1e-12, atol=1e-15)
    assert_allclose(out.cosine, 1 - distance.cosine(a, b), atol=1e-12)
    turn = abs(angles[1] - angles[0]) % 360
    assert_allclose(out.angle, min(turn, 360 - turn), atol=1e-6)
    shadow = out.shadow[1]
    assert_allclose(np.dot(b - shadow, a), 0.0, atol=1e-12)          # the drop is perpendicular
    assert_allclose(np.linalg.norm(cosine.arc(out)[-1]), 0.45, rtol=RTOL)


def test_cosine_scaling_changes_the_dot_product_not_the_cosine():
    base = cosine.compute(30.0, 1.0, 100.0, 1.0)
    for la, lb in [(2.0, 1.0), (0.5, 1.7), (2.0, 2.0)]:
        out = cosine.compute(30.0, la, 100.0, lb)
        assert out.cosine == pytest.approx(base.cosine, abs=1e-12)
        assert out.dot == pytest.approx(la * lb * base.dot, rel=1e-12)


def test_cosine_zero_vectors_and_bad_input():
    out = cosine.compute(10.0, 0.0, 50.0, 1.0)
    assert out.cosine is None and out.angle is None and out.dot == 0.0
    assert out.shadow is None and cosine.arc(out).shape == (0, 2)
    assert cosine.compute(10.0, 1.0, 50.0, 0.0).shadow[1].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match=r"cosine.compute: length_b must be >= 0"):
        cosine.compute(0.0, 1.0, 0.0, -1.0)
    with pytest.raises(ValueError, match=r"cosine.compute: angle_a holds nan"):
        cosine.compute(np.nan, 1.0, 0.0, 1.0)


def test_cosine_explorer_every_corner():
    ex = cosine.explorer()
    text = ex.readout.value
    assert "<b>50.0&deg;</b>" in text and "<b>0.643</b>" in text and "<b>0.964</b>" in text
    assert "not</b> the cosine" in text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for corner in itertools.product(cosine.ANGLE_RANGE, cosine.LENGTH_RANGE,
                                        cosine.ANGLE_RANGE, cosine.LENGTH_RANGE):
            ex.set(**dict(zip(["angle_a", "length_a", "angle_b", "length_b"], corner)))
            assert ex.last_error is None and ex.readout.value
        ex.set(angle_a=0.0, length_a=2.0, angle_b=90.0, length_b=0.3)
        assert "perpendicular" in ex.readout.value and "<b>0.000</b>" in ex.readout.value
        ex.set(length_a=0.0, length_b=0.0)
        assert "are zero vectors: they have <b>no direction</b>" in ex.readout.value
        ex.set(length_a=0.0, length_b=1.0)
        assert "a is the zero vector" in ex.readout.value
        ex.reset()
        assert ex.png().startswith(b"\x89PNG")


# -- fixes from the learner review ---------------------------------------------------------------

def test_unit_balls_readout_uses_the_notebooks_word_edge():
    words = {p: unit_balls.readout(unit_balls.compute(p)) for p in (1.0, 2.0, math.inf)}
    assert "<b>outside</b> the unit ball" in words[1.0]
    assert "<b>on the edge</b> of the unit ball" in words[2.0]
    assert "<b>inside</b> the unit ball" in words[math.inf]


def test_unit_balls_legend_is_inside_the_figure():
    ex = unit_balls.explorer()
    ex.fig.canvas.draw()
    legend = ex.fig.legends[0].get_window_extent()
    assert legend.x1 <= ex.fig.bbox.x1 + 0.5 and legend.x0 >= ex.fig.axes[0].bbox.x1


def test_neighbours_ties_are_counted_and_said():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [3.0, 3.0]])
    out = neighbours.compute(X, np.zeros(2), "euclidean", k=2)      # 3 rows tie at distance 1
    assert_array_equal(out.nearest, [0, 1])
    assert out.tied == 3 and out.tied_shown == 1 and out.within == 4
    text = neighbours.readout(out, np.zeros(5, dtype=int), ["a"])
    assert "4 flowers are this near, but k = 2: 3 flowers are tied at distance 1.000" in text
    assert "the one with the lowest row number is shown" in text      # not "the 1 ... are"
    two = neighbours.readout(neighbours.compute(X, np.zeros(2), "euclidean", k=3),
                             np.zeros(5, dtype=int), ["a"])
    assert "the 2 with the lowest row numbers are shown" in two
    none = neighbours.compute(X, np.zeros(2), "euclidean", k=4)     # all the tied rows fit
    assert none.tied == 0 and "Ties" not in neighbours.readout(none, np.zeros(5, int), ["a"])


def test_neighbours_review_query_says_the_tie_and_marks_stacked_flowers():
    ex = neighbours.explorer(query=(5.0, 1.0), k=5)
    X, _, _ = neighbours.iris_petals()
    out = neighbours.compute(X, np.array([5.0, 1.0]), "euclidean", 5)
    d = np.sqrt(np.sum((X - [5.0, 1.0]) ** 2, axis=1))
    assert out.within == int(np.sum(d <= out.radius + 1e-9)) > 5
    assert f"{out.within} flowers are this near, but k = 5" in ex.readout.value
    chosen = [tuple(X[i]) for i in out.nearest]
    shown = [t for t in ex.animated if hasattr(t, "get_text") and t.get_visible()]
    stacked = {p for p in chosen if chosen.count(p) > 1}
    assert len(shown) == len(stacked) > 0
    for t in shown:                  # each mark sits beside a stacked neighbour, counts the chosen
        assert t.get_text() == f"\u00d7{chosen.count(tuple(t.get_position()))}"
    assert "drawn on top of each other" in ex.readout.value


def test_multiplicity_counts_identical_rows():
    X = np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 0.0], [1.0, 2.0]])
    assert_array_equal(neighbours.multiplicity(X), [3, 3, 1, 3])


@pytest.mark.parametrize("angle_a, angle_b", [(0, 180), (-180, 0), (90, -90), (45, 50), (0, 0)])
def test_cosine_labels_stay_inside_the_plane(angle_a, angle_b):
    out = cosine.compute(angle_a, 2.0, angle_b, 2.0)
    places = cosine.label_places(out.a, out.b)
    for place in places:
        assert np.all(np.abs(place) <= cosine.LIMIT - cosine.LABEL_ROOM + 1e-12)
    assert np.hypot(*(places[0] - places[1])) >= 2 * cosine.LABEL_ROOM - 1e-12 or angle_a == angle_b


def test_cosine_readout_brackets_a_negative_cosine():
    text = cosine.readout(cosine.compute(0.0, 2.0, 180.0, 2.0))
    assert "2.00 &times; 2.00 &times; (-1.000) = <b>-4.000</b>" in text
    assert "&times; 0.000 =" in cosine.readout(cosine.compute(0.0, 1.0, 90.0, 1.0))


def test_explorers_of_05_honest_at_every_corner():
    """Legends off the links and the query (below the axes), not cut; "×2" marks apart."""
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(neighbours.explorer()) == []
    assert honest_at_corners(unit_balls.explorer()) == []


def test_neighbours_marks_count_the_chosen_not_the_tied_left_out():
    """At (0, 2.8), k = 10, 11 flowers are inside the ring: a mark counts only chosen flowers."""
    ex = neighbours.explorer(query=(0.0, 2.8), k=10)
    X, _, _ = neighbours.iris_petals()
    out = neighbours.compute(X, np.array([0.0, 2.8]), "euclidean", 10)
    assert out.within == 11
    chosen = [tuple(X[i]) for i in out.nearest]
    marks = [t for t in ex.animated if hasattr(t, "get_text") and t.get_visible()]
    total = sum(int(t.get_text()[1:]) for t in marks)
    assert total == sum(chosen.count(p) for p in set(chosen) if chosen.count(p) > 1) <= 10
    assert "of the k chosen flowers" in ex.readout.value


def test_neighbours_query_star_whole_inside_the_axes_at_the_corners():
    from tools.kernel_code import offplot_problems
    ex = neighbours.explorer()
    for x, y in itertools.product(neighbours.X_RANGE, neighbours.Y_RANGE):
        ex.set(x=x, y_=y)
        ex.fig.canvas.draw()
        assert ex.animated[3].get_clip_on()
        assert offplot_problems(ex.fig, [ex.animated[3]]) == []


def test_whole_marker_check_catches_a_marker_cut_by_the_edge():
    """The sweep's check: a clipped marker centred on the axes edge is reported; inside, not."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from tools.kernel_code import offplot_problems
    fig = Figure()
    FigureCanvasAgg(fig)           # Agg, whatever backend pyplot has
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    edge, = ax.plot([0.0], [0.5], "o", ms=10)
    inside, = ax.plot([0.5], [0.5], "o", ms=10)
    fig.canvas.draw()
    assert "cut by the axes edge" in offplot_problems(fig, [edge])[0]
    assert offplot_problems(fig, [inside]) == []
