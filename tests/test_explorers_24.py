"""The explorer of notebook 24: the k-nearest-neighbour graph against a direct computation of the
distances, hop distances against powers of A + I, the features against mathlib.graphs and the
claim "after k steps exactly the flowers within k hops", the readout, and every corner of the
controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

pytest.importorskip("ipympl")

from mathlib.data import load_iris  # noqa: E402
from mathlib.explorers import message_passing as mp  # noqa: E402
from mathlib.graphs import message_passing  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


def test_flowers_are_four_of_each_species_from_the_iris_data():
    rows, X, species, names = mp.flowers()
    iris = load_iris()
    assert_array_equal(X, iris.X[rows])
    assert_array_equal(np.bincount(species), [4, 4, 4])
    assert names == ("setosa", "versicolor", "virginica")
    assert len(np.unique(X[:, 2:], axis=0)) == 12          # no two flowers drawn on each other


def test_knn_graph_against_all_pairwise_distances():
    _, X, _, _ = mp.flowers()
    A = mp.graph()
    D = np.linalg.norm(X[:, None] - X[None], axis=-1)
    np.fill_diagonal(D, np.inf)
    want = np.zeros((12, 12))
    for i in range(12):
        for j in np.argsort(D[i])[:2]:
            want[i, j] = want[j, i] = 1
    assert_array_equal(A, want)
    # a tie goes to the lower row number
    tie = mp.knn_adjacency(np.array([[0.0], [1.0], [-1.0], [5.0]]), 1)
    assert tie[0, 1] == 1 and tie[0, 2] == 1 and tie[1, 0] == 1      # 2's nearest is 0 too


def test_hops_against_powers_of_a_plus_i():
    A = mp.graph()
    for start in range(12):
        hops = mp.hops_from(A, start)
        first = np.full(12, -1)
        M = np.eye(12)
        for k in range(12):
            first[(M[:, start] > 0) & (first < 0)] = k
            M = M @ (A + np.eye(12))
        assert_array_equal(hops, first)
    assert_array_equal(mp.hops_from(A, 4), [-1, -1, -1, -1, 0, 1, 3, 1, 5, 5, 2, 4])


@pytest.mark.parametrize("start", [0, 4, 11])
def test_features_are_rounds_of_mean_message_passing_and_reach_k_hops(start):
    A = mp.graph()
    H = np.zeros((12, 1))
    H[start] = 1.0
    for step in range(mp.STEPS + 1):
        out = mp.compute(start, step)
        assert_allclose(out.features, H[:, 0], rtol=1e-14)
        assert_array_equal(out.reached, out.within)
        assert_array_equal(out.reached, (out.hops >= 0) & (out.hops <= step))
        H = message_passing(A, H, np.ones((1, 1)), normalise=True)


def test_readout_names_the_numbers_to_notice():
    text = mp.readout(mp.compute(4, 2))
    assert "After <b>2</b> steps from flower 4 (versicolor): <b>4 of 12</b>" in text
    assert "exactly the 4 at most 2 hops away" in text
    assert "The farthest connected flower is 5 hops away" in text
    assert "<b>4 flowers are never reached</b>" in text and "0, 1, 2, 3" in text
    late = mp.readout(mp.compute(4, 8))
    assert "8 of 12" in late and "farthest" not in late
    one = mp.readout(mp.compute(0, 1))
    assert "After <b>1</b> step from" in one and "at most 1 hop away" in one
    assert "8 flowers are never reached" in one


def test_compute_refuses_what_the_sliders_cannot_give():
    with pytest.raises(ValueError, match="start = 12 is out of range"):
        mp.compute(12, 0)
    with pytest.raises(ValueError, match="step = 9 is out of range"):
        mp.compute(0, 9)
    with pytest.raises(TypeError, match="step must be a whole number"):
        mp.compute(0, 1.5)


def test_sizes_and_colours_tell_the_feature_without_colour_alone():
    import matplotlib
    f = np.array([0.0, 1e-5, 1e-3, 0.1, 1.0])
    s = mp.sizes(f)
    assert s[0] == 40.0 and s[1] == s[2] == 90.0 and s[2] < s[3] < s[4] == 400.0
    faces = mp.colors(f, matplotlib.colormaps["viridis"])
    assert_array_equal(faces[0], [1, 1, 1, 1])                      # open: not reached
    assert not np.allclose(faces[3], faces[4])


def test_explorer_is_honest_at_every_corner():
    ex = mp.explorer()
    for _ in corners(ex):
        pass
    assert honest_at_corners(ex) == []
    ex.set(start=0, step=8)
    sizes = np.concatenate([s.get_sizes() for s in ex.fig.axes[0].collections[1:4]])
    assert (sizes == 40.0).sum() == 8                          # setosa reached, the rest open


def test_start_ring_is_drawn_above_the_flowers_and_below_the_numbers():
    # in the setosa group after 8 steps the filled markers grow to 20 points: a ring drawn below
    # them would be hidden
    ex = mp.explorer()
    ex.set(start=1, step=8)
    ax = ex.fig.axes[0]
    ring = next(line for line in ax.lines if line.get_markersize() == 24)
    flowers = ax.collections[1:4]
    assert all(ring.get_zorder() > s.get_zorder() for s in flowers)
    assert all(ring.get_zorder() < t.get_zorder() for t in ax.texts)
    assert ex.animated[-1] is ring                          # blitting draws it last, on top


def test_unreached_flowers_are_drawn_on_top_and_crowded_markers_stay_apart():
    # start 0, 1 step: flower 1 (setosa, not reached, small and open) sits between the filled
    # markers of 0 and 3; drawn before them it was hidden. After 5 steps the four setosa markers
    # merged into one blob: their sizes are capped by the distance to the nearest flower.
    ex = mp.explorer()
    ex.set(start=0, step=1)
    setosa = ex.fig.axes[0].collections[1]
    P = mp.flowers()[1][:, 2:]
    offsets = np.asarray(setosa.get_offsets())
    assert_array_equal(offsets[-1], P[1])                      # the open flower 1, drawn last
    faces, areas = setosa.get_facecolors(), setosa.get_sizes()
    assert_array_equal(faces[-1], [1, 1, 1, 1]) and areas[-1] == 40.0
    assert np.all(np.diff(areas[:-1]) <= 0)                    # reached: larger ones first
    assert_array_equal(mp.drawing_order(np.array([0.0, 0.5, 0.1, 0.0]),
                                        np.array([40.0, 300.0, 150.0, 40.0])), [1, 2, 0, 3])
    ex.set(start=0, step=5)
    ax = ex.fig.axes[0]
    ex.fig.canvas.draw()
    for scatter in ax.collections[1:4]:
        xy = ax.transData.transform(np.asarray(scatter.get_offsets())) * 72 / ex.fig.dpi
        radius = np.sqrt(scatter.get_sizes()) / 2                  # points
        for a in range(len(xy)):
            for b in range(a + 1, len(xy)):
                assert np.hypot(*(xy[a] - xy[b])) > radius[a] + radius[b]   # no two overlap
