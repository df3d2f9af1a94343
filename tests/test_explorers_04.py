"""The explorers of notebook 04: compute against numpy (Eckart-Young, storage, energy; the
ratings fill), bad input, and every slider at its extremes without an error or a RuntimeWarning.
Tolerance: 1e-10 relative for the SVD-based numbers (mathlib's svd is accurate to about that)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

pytest.importorskip("ipympl")

from mathlib.data import load_photo  # noqa: E402
from mathlib.explorers import ratings, svd_image  # noqa: E402

RTOL = 1e-10


@pytest.fixture(scope="module")
def small_photo():
    return svd_image.decompose(load_photo(gray=True, step=8))      # (75, 64)


# -- svd_image ------------------------------------------------------------------------------

def test_decompose_matches_numpy(small_photo):
    A = small_photo["A"]
    assert A.shape == (75, 64)
    assert_allclose(small_photo["s"], np.linalg.svd(A, compute_uv=False), rtol=RTOL, atol=1e-12)
    U, s, Vt = small_photo["U"], small_photo["s"], small_photo["Vt"]
    assert_allclose((U * s) @ Vt, A, atol=1e-12)


@pytest.mark.parametrize("k", [0, 1, 7, 30, 64])
def test_compute_against_numpy_and_eckart_young(small_photo, k):
    A = small_photo["A"]
    out = svd_image.compute(small_photo, k)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    want = (U[:, :k] * s[:k]) @ Vt[:k]
    assert_allclose(out.approx, want, atol=1e-10)
    error = np.linalg.norm(A - want) / np.linalg.norm(A)
    assert_allclose(out.error, error, rtol=1e-8, atol=1e-12)
    assert_allclose(out.error_formula, out.error, rtol=1e-8, atol=1e-10)
    assert_allclose(out.energy, np.sum(s[:k] ** 2) / np.sum(s ** 2), rtol=RTOL, atol=1e-15)
    assert out.storage == k * (75 + 64 + 1) and out.full == 75 * 64
    assert out.k == k


def test_compute_extremes(small_photo):
    zero = svd_image.compute(small_photo, 0)
    assert_array_equal(zero.approx, 0.0)
    assert zero.error == 1.0 and zero.energy == 0.0 and zero.ratio == float("inf")
    full = svd_image.compute(small_photo, 64)
    assert full.error < 1e-10 and abs(full.energy - 1.0) < 1e-12
    assert full.ratio < 1                                     # no saving at full rank


def test_compute_of_a_zero_image_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out = svd_image.compute(svd_image.decompose(np.zeros((3, 4))), 2)
    assert out.error == 0.0 and out.energy == 1.0


def test_compute_bad_k(small_photo):
    with pytest.raises(ValueError, match=r"svd_image.compute: k = 65 is out of range"):
        svd_image.compute(small_photo, 65)
    with pytest.raises(TypeError, match=r"svd_image.compute: k must be a whole number"):
        svd_image.compute(small_photo, 2.5)
    with pytest.raises(ValueError, match=r"svd_image.decompose: image must be a matrix"):
        svd_image.decompose(np.ones((2, 2, 3)))


def test_spectrum_parts_join_and_floor():
    (ik, sk), (id_, sd) = svd_image.spectrum_parts([4.0, 2.0, 0.0], 2)
    assert_array_equal(ik, [1, 2])
    assert_array_equal(sk, [4.0, 2.0])
    assert_array_equal(id_, [2, 3])                          # starts at the last kept point
    assert_array_equal(sd, [2.0, svd_image.FLOOR])           # 0 is drawn at the floor


@pytest.mark.parametrize("A", [[[3.0, 0.0], [4.0, 5.0]], [[0.0, 1.0], [1.0, 0.0]],
                               [[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 1.0]]])
def test_prefer_rotations_is_an_svd_with_v_a_rotation(A):
    A = np.array(A)
    U, s, Vt = svd_image.prefer_rotations(*np.linalg.svd(A))
    assert_allclose((U * s) @ Vt, A, atol=1e-12)                       # still A = U S V^T
    assert_allclose(U.T @ U, np.eye(2), atol=1e-12)
    assert_allclose(np.linalg.det(Vt), 1.0, rtol=1e-12)                # V^T: a rotation
    assert_allclose(np.linalg.det(U), np.sign(np.linalg.det(A)), rtol=1e-12)
    with pytest.raises(ValueError, match=r"svd_image.prefer_rotations: expected U \(2, 2\)"):
        svd_image.prefer_rotations(np.eye(3), np.ones(3), np.eye(3))


def test_prefer_rotations_matches_the_notebooks_worked_example():
    U, s, Vt = svd_image.prefer_rotations(*np.linalg.svd(np.array([[3.0, 0.0], [4.0, 5.0]])))
    assert_allclose(np.abs(Vt[0]), [2 ** -0.5] * 2, rtol=1e-12)
    assert_allclose(Vt[1] * np.sign(Vt[0, 0]), [-(2 ** -0.5), 2 ** -0.5], rtol=1e-12)


def test_geometry_png_is_a_png():
    assert svd_image.geometry_png([[3.0, 0.0], [4.0, 5.0]]).startswith(b"\x89PNG")
    with pytest.raises(ValueError, match=r"must be 2 x 2"):
        svd_image.geometry_png(np.ones((3, 3)))


# -- ratings --------------------------------------------------------------------------------

def test_ratings_table_is_plausible():
    table, known = ratings.ratings_table()
    assert table.shape == known.shape == (8, 6)
    assert np.all(np.isnan(table[~known])) and (~known).sum() == 8
    assert set(np.unique(table[known])) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert np.all(known.sum(axis=0) > 0)


def _hard_impute_with_numpy(table, known, k, iterations):
    X = np.where(known, table, np.nanmean(table, axis=0))
    for _ in range(iterations):
        U, s, Vt = np.linalg.svd(X, full_matrices=False)
        X = np.where(known, table, (U[:, :k] * s[:k]) @ Vt[:k])
    return X


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_ratings_fill_against_numpy(k):
    table, known = ratings.ratings_table()
    got = ratings.fill(table, known, k)
    assert_allclose(got, _hard_impute_with_numpy(table, known, k, ratings.ITERATIONS), atol=1e-8)
    assert_array_equal(got[known], table[known])              # known ratings never change


def test_ratings_compute_rank2_finds_the_tastes():
    table, known = ratings.ratings_table()
    out = ratings.compute(table, known, 2)
    predicted = {(i, j): v for i, j, v in out.predictions}
    assert predicted[(6, 2)] < 2.0        # Gus (romance) is predicted to dislike Car Chase
    assert predicted[(3, 5)] > 4.0        # Dev (romance) is predicted to like The Wedding
    assert out.rmse < ratings.compute(table, known, 1).rmse
    assert ratings.compute(table, known, 6).rmse < 1e-10   # full rank fits exactly
    means = np.nanmean(table, axis=0)
    full = {(i, j): v for i, j, v in ratings.compute(table, known, 6).predictions}
    for (i, j), v in full.items():
        assert_allclose(v, means[j], atol=1e-8)               # full rank keeps the means


def test_ratings_bad_input():
    table, known = ratings.ratings_table()
    with pytest.raises(ValueError, match=r"ratings.fill: known has shape \(8, 6\) but ratings "
                                         r"has shape \(8, 5\)"):
        ratings.fill(np.ones((8, 5)), known, 2)
    empty = known.copy()
    empty[:, 0] = False
    with pytest.raises(ValueError, match=r"column\(s\) \[0\] have no known rating"):
        ratings.fill(table, empty, 2)
    with pytest.raises(TypeError, match=r"known must be an array of True/False"):
        ratings.fill(table, known.astype(int), 2)
    with pytest.raises(ValueError, match=r"low_rank: k = 7 is out of range"):
        ratings.fill(table, known, 7)


# -- the explorers, wired -------------------------------------------------------------------

def _drive(explorer, values):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for value in values:
            explorer.controls["k"].value = value
            assert explorer.last_error is None
            assert explorer.readout.value
        png = explorer.png()
    assert png.startswith(b"\x89PNG")


def test_svd_image_explorer_survives_its_range():
    image = load_photo(gray=True, step=8)
    ex = svd_image.explorer(image)
    r = min(image.shape)
    _drive(ex, [0, 1, r // 2, r, 0])
    ex.set(k=10)
    text = ex.readout.value
    out = svd_image.compute(svd_image.decompose(image), 10)
    assert f"{10 * (75 + 64 + 1)}" in text and f"{75 * 64}" in text
    assert f"{100 * out.error:.2f}%" in text and f"{100 * out.energy:.2f}%" in text
    assert "<b>29% of the original</b>" in text                     # 1400 / 4800
    ex.set(k=0)
    assert "black image" in ex.readout.value
    ex.set(k=r)
    assert "no saving" in ex.readout.value
    ex.set(k=33)                                                     # 4620 of 4800 numbers
    assert "96% of the original: <b>about the same as the image</b>" in ex.readout.value
    assert "times smaller" not in ex.readout.value
    assert ex.fig.axes[1].get_title() == "best rank-k approximation\n$A_k$"


def test_ratings_explorer_survives_its_range():
    ex = ratings.explorer()
    _drive(ex, [1, 6, 2, 3, 4, 5])
    ex.set(k=2)
    out = ratings.compute(*ratings.ratings_table(), 2)
    assert f"RMSE = <b>{out.rmse:.2f}</b>" in ex.readout.value
    for _, _, v in out.predictions:
        assert f"{v:.1f}" in ex.readout.value
    ex.set(k=6)
    assert "film's mean" in ex.readout.value


def test_ratings_shown_clipped_to_the_scale():
    assert ratings.shown_rating(5.26) == (5.0, " (computed 5.3, shown as 5: a rating can't "
                                                "exceed 5)")
    assert ratings.shown_rating(0.84)[0] == 1.0 and "can't be below 1" in ratings.shown_rating(0.84)[1]
    assert ratings.shown_rating(3.2) == (3.2, "")
    ex = ratings.explorer()
    out = ratings.compute(*ratings.ratings_table(), 3)
    high = [v for _, _, v in out.predictions if v > 5]
    assert high                                       # the rank-3 fill leaves the scale
    ex.set(k=3)
    assert f"(computed {high[0]:.1f}, shown as 5: a rating can't exceed 5)" in ex.readout.value
    shown = [float(t.get_text().rstrip("?")) for t in ex.fig.axes[0].texts
             if t.get_text().endswith("?")]
    assert len(shown) == 8 and max(shown) == 5.0 and min(shown) >= 1.0


def test_ratings_numbers_contrast_with_their_cells():
    """Each known rating is written in black or white on its cell, at WCAG's 4.5:1 for text (the
    figure-wide audit in test_plotting.py leaves these out: their background is the colour map)."""
    import matplotlib

    from mathlib.plotting import contrast_ratio

    ex = ratings.explorer()
    cmap, norm = matplotlib.colormaps[ratings.CMAP], matplotlib.colors.Normalize(1.0, 5.0)
    table, known = ratings.ratings_table()
    cells = [t for t in ex.fig.axes[0].texts if t.get_gid() == "on-image"]
    assert len(cells) == int(np.sum(known))
    for text in cells:
        value = float(text.get_text())
        assert contrast_ratio(text.get_color(), background=cmap(norm(value))) >= 4.5, (value, text.get_color())
    # on a fine sweep of the scale too, not just the table's values; both colours are used
    sweep = np.linspace(1.0, 5.0, 81)
    assert min(contrast_ratio(ratings._text_color(v), background=cmap(norm(v))) for v in sweep) >= 4.5
    assert {ratings._text_color(v) for v in sweep} == {"black", "white"}
