"""The explorers of notebook 03: their compute functions against numpy, and the wired explorers at
every matrix and angle, every choice of units and k, with RuntimeWarnings as errors.
Tolerances: eigen-things to 1e-12 (2x2 by formula), PCA to 1e-9 (Jacobi SVD against LAPACK)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.data import load_iris  # noqa: E402
from mathlib.explorers import eigen_arrows, pca_iris  # noqa: E402


# -- eigen_arrows.eigen_directions / compute ----------------------------------------------------

@pytest.mark.parametrize("name", list(eigen_arrows.MATRICES))
def test_eigen_directions_against_numpy(name):
    A = eigen_arrows.MATRICES[name][0]
    out = eigen_arrows.eigen_directions(A)
    values = np.linalg.eigvals(A)
    if np.any(np.abs(values.imag) > 0):
        assert out["eigenvalues"] == [] and out["vectors"] == []      # the rotation: none
        assert out["discriminant"] < 0
        return
    assert_allclose(sorted(set(np.round(out["eigenvalues"], 12))),
                    sorted(set(np.round(values.real, 12))), atol=1e-12)
    for lam, q in zip(out["eigenvalues"], out["vectors"]):
        assert_allclose(np.sum(q * q), 1.0, rtol=1e-12)
        assert_allclose(A @ q, lam * q, atol=1e-12)                  # the defining identity
        assert q[np.argmax(np.abs(q))] > 0                           # sign convention


def test_the_symmetric_matrix_is_the_notebooks_and_the_legend_is_off_the_plane():
    assert_allclose(eigen_arrows.MATRICES["symmetric"][0], [[2.0, 1.0], [1.0, 2.0]])
    assert_allclose(eigen_arrows.eigen_directions([[2.0, 1.0], [1.0, 2.0]])["eigenvalues"],
                    [3.0, 1.0], atol=1e-12)
    ex = eigen_arrows.explorer()
    ex.png()
    ax = ex.fig.axes[0]
    renderer = ex.fig.canvas.get_renderer()
    legend = ex.fig.legends[0].get_window_extent(renderer)
    box = ax.get_window_extent(renderer)
    # below the axes (inside them it covered an eigen-direction), whole inside the figure
    assert legend.y1 <= box.y0
    assert ex.fig.bbox.x0 <= legend.x0 and legend.x1 <= ex.fig.bbox.x1 and legend.y0 >= 0
    assert [t.get_text() for t in ex.fig.legends[0].get_texts()] == [
        "unit circle: every v", "its image: every A v", "eigenvector directions"]


def test_explorers_of_03_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(eigen_arrows.explorer()) == []
    ex = pca_iris.explorer()
    assert ex.fig.axes[1].get_aspect() == 1.0          # a unit of PC2 as long as one of PC1
    assert honest_at_corners(ex) == []


def test_eigen_directions_count_and_angles():
    M = eigen_arrows.MATRICES
    sym = eigen_arrows.eigen_directions(M["symmetric"][0])["vectors"]
    assert abs(sym[0] @ sym[1]) < 1e-12                              # perpendicular
    ns = eigen_arrows.eigen_directions(M["not symmetric"][0])["vectors"]
    assert_allclose(np.degrees(np.arccos(abs(ns[0] @ ns[1]))), 45.0, atol=1e-9)
    assert len(eigen_arrows.eigen_directions(M["shear"][0])["vectors"]) == 1
    sing = eigen_arrows.eigen_directions(M["singular"][0])
    assert_allclose(min(sing["eigenvalues"]), 0.0, atol=1e-12)


def test_eigen_directions_random_against_numpy():
    rng = np.random.default_rng(3)
    for _ in range(200):
        A = rng.normal(size=(2, 2))
        out = eigen_arrows.eigen_directions(A)
        values = np.linalg.eigvals(A)
        if out["eigenvalues"]:
            assert np.all(np.abs(values.imag) < 1e-12)
            assert_allclose(sorted(out["eigenvalues"]), sorted(values.real), atol=1e-10)
            for lam, q in zip(out["eigenvalues"], out["vectors"]):
                assert_allclose(A @ q, lam * q, atol=1e-9)
        else:
            assert np.all(np.abs(values.imag) > 0)


def test_eigen_directions_of_a_multiple_of_the_identity():
    out = eigen_arrows.eigen_directions(2.5 * np.eye(2))
    assert out["every_direction"] and out["eigenvalues"] == [2.5, 2.5]


def test_compute_against_numpy():
    A = np.array([[1.0, 2.0], [2.0, 1.0]])
    out = eigen_arrows.compute(30.0, A)
    v = np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)])
    assert_allclose(out.v, v, rtol=1e-12)
    assert_allclose(out.Av, A @ v, rtol=1e-12)
    assert_allclose(out.length, np.linalg.norm(A @ v), rtol=1e-12)
    cos = v @ (A @ v) / np.linalg.norm(A @ v)
    assert_allclose(out.between, np.degrees(np.arccos(cos)), atol=1e-9)
    assert not out.eigen and out.lam is None


@pytest.mark.parametrize("name, angle, lam", [
    ("symmetric", 45.0, 3.0), ("symmetric", 135.0, 1.0), ("symmetric", 225.0, 3.0),
    ("reflection", 45.0, 1.0), ("reflection", 135.0, -1.0), ("reflection", 315.0, -1.0),
    ("not symmetric", 0.0, 2.0), ("not symmetric", 315.0, 1.0), ("shear", 180.0, 1.0),
    ("singular", 45.0, 1.0), ("singular", 90.0, 0.0), ("singular", 270.0, 0.0)])
def test_compute_finds_the_eigenvectors(name, angle, lam):
    A = eigen_arrows.MATRICES[name][0]
    out = eigen_arrows.compute(angle, A)
    assert out.eigen
    assert_allclose(out.lam, lam, atol=1e-12)
    assert_allclose(out.Av, lam * out.v, atol=1e-12)


@pytest.mark.parametrize("name", list(eigen_arrows.MATRICES))
def test_compute_says_eigenvector_exactly_at_the_eigen_directions(name):
    """On the whole slider (1 degree steps), 'eigenvector' is said exactly where A v = lambda v."""
    A = eigen_arrows.MATRICES[name][0]
    for angle in np.arange(0.0, 361.0):
        out = eigen_arrows.compute(angle, A)
        v, Av = out.v, A @ out.v
        parallel = abs(v[0] * Av[1] - v[1] * Av[0]) < 1e-9
        assert out.eigen == parallel, (name, angle)
    if name == "rotation 90°":
        assert_allclose(eigen_arrows.compute(17.0, A).between, 90.0, atol=1e-9)


def test_compute_bad_input():
    with pytest.raises(ValueError, match=r"eigen_arrows.compute: A must be a 2x2 matrix, got "
                                         r"shape \(3, 3\)"):
        eigen_arrows.compute(0.0, np.eye(3))
    with pytest.raises(ValueError, match=r"eigen_arrows.compute: angle holds nan"):
        eigen_arrows.compute(np.nan, np.eye(2))
    with pytest.raises(TypeError, match=r"eigen_arrows.compute: A must be numbers"):
        eigen_arrows.compute(0.0, "eye")
    with pytest.raises(ValueError, match=r"eigen_arrows.explorer: matrix must be one of"):
        eigen_arrows.explorer(matrix="diagonal")


def test_image_curve_is_A_times_the_circle():
    A = eigen_arrows.MATRICES["not symmetric"][0]
    curve = eigen_arrows.image_curve(A)
    t = eigen_arrows.CIRCLE
    assert_allclose(curve, (A @ np.stack([np.cos(t), np.sin(t)])).T, rtol=1e-12)
    # the largest |A v| on the circle is the largest singular value of A
    assert_allclose(np.hypot(*curve.T).max(), np.linalg.svd(A, compute_uv=False)[0], rtol=1e-3)
    for name, (M, _) in eigen_arrows.MATRICES.items():
        assert np.abs(eigen_arrows.image_curve(M)).max() < eigen_arrows.LIMIT, name


def test_arc_and_label_places():
    assert eigen_arrows.arc(10.0, None).shape == (0, 2)
    points = eigen_arrows.arc(30.0, 60.0, radius=0.5)
    assert_allclose(points[0], 0.5 * np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)]))
    assert_allclose(points[-1], [0.0, 0.5], atol=1e-12)
    v = np.array([1.0, 0.0])
    a, b = eigen_arrows.label_places(v, 1.02 * v)            # A v almost on v: names apart
    assert np.hypot(a[0] - b[0], a[1] - b[1]) >= 0.5
    a, b = eigen_arrows.label_places(v, np.zeros(2))          # A v = 0
    assert np.all(np.isfinite(b))


# -- eigen_arrows, wired -------------------------------------------------------------------------

def test_eigen_explorer_every_matrix_and_angle():
    ex = eigen_arrows.explorer()
    assert set(ex.controls) == {"matrix", "angle"}
    fig = ex.fig
    for name in eigen_arrows.MATRICES:
        for angle in (0.0, 45.0, 90.0, 135.0, 180.0, 271.0, 360.0):
            ex.set(matrix=name, angle=angle)
            assert ex.last_error is None
            assert "angle between v and A v" in ex.readout.value or "A v = 0" in ex.readout.value
    assert ex.fig is fig
    assert ex.png().startswith(b"\x89PNG")


def test_eigen_explorer_readout():
    ex = eigen_arrows.explorer(matrix="symmetric", angle=45.0)
    assert "v is an eigenvector: A v = lambda v with lambda = 3.00" in ex.readout.value
    assert "angle between v and A v = <b>0.00&deg;</b>" in ex.readout.value
    ex.set(angle=135.0)
    assert "v is an eigenvector: A v = lambda v with lambda = 1.00" in ex.readout.value
    ex.set(matrix="reflection")
    assert "A v points the opposite way, A v = lambda v with lambda = -1.00" in ex.readout.value
    assert "<b>180.00&deg;</b>" in ex.readout.value
    ex.set(matrix="symmetric", angle=20.0)
    assert "not an eigenvector" in ex.readout.value
    assert "lambda = 3.00 along &plusmn;(0.71, 0.71)" in ex.readout.value
    ex.set(matrix="rotation 90°")
    assert "this matrix has no real eigenvectors" in ex.readout.value
    assert "<b>90.00&deg;</b>" in ex.readout.value
    ex.set(matrix="singular", angle=90.0)
    assert "A v = 0 = 0 v, so lambda = 0" in ex.readout.value
    ex.set(matrix="shear", angle=3.0)
    assert "not an eigenvector" in ex.readout.value           # close, but not lined up


def test_eigen_explorer_what_changes_with_the_matrix_and_what_with_the_angle():
    """The unit circle is drawn once; the ellipse and eigen-directions change with the matrix only
    (blitted, so a change of matrix needs no full redraw); the arrows with the angle."""
    ex = eigen_arrows.explorer(matrix="symmetric")
    ax = ex.fig.axes[0]
    circle = next(line for line in ax.lines if line.get_label() == "unit circle: every v")
    assert circle not in ex.animated
    ellipse = next(line for line in ax.lines if line.get_label() == "its image: every A v")
    assert ellipse in ex.animated
    ex.png()
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    before = np.array(ellipse.get_xydata())
    ex.set(angle=100.0)
    assert_allclose(ellipse.get_xydata(), before)
    ex.set(matrix="shear")
    assert not np.allclose(ellipse.get_xydata(), before)
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert sum(len(line.get_xdata()) > 0 for line in dashed) == 1   # one eigen-direction
    ex.set(matrix="rotation 90°")
    assert sum(len(line.get_xdata()) > 0 for line in dashed) == 0
    assert draws == []                                  # blits only, no full redraw


def test_eigen_explorer_is_fast_enough():
    ex = eigen_arrows.explorer()
    ex.png()
    times = []
    for angle in range(40):
        start = time.perf_counter()
        ex.set(angle=float(angle * 9))
        times.append(time.perf_counter() - start)
    assert np.median(times) < 0.25        # generous: the shared test machine; target 16.7 ms


# -- pca_iris ------------------------------------------------------------------------------------

@pytest.mark.parametrize("standardised", [False, True])
def test_pca_compute_against_numpy_svd(standardised):
    X = load_iris().X
    data = (X - X.mean(0)) / X.std(0) if standardised else X     # stats.standardise: ddof 0
    out = pca_iris.compute(X, 2, standardised)
    assert_allclose(out.data, data, rtol=1e-12, atol=1e-14)
    centred = data - data.mean(axis=0)
    _, s, Vt = np.linalg.svd(centred, full_matrices=False)
    assert_allclose(out.explained_variance, s ** 2 / (len(X) - 1), rtol=1e-9)
    assert_allclose(np.abs(out.components @ Vt.T), np.eye(4), atol=1e-9)   # up to sign
    assert_allclose(np.abs(out.scores), np.abs(centred @ Vt.T), atol=1e-9)
    assert_allclose(out.explained_variance_ratio, s ** 2 / np.sum(s ** 2), rtol=1e-9)
    assert_allclose(out.cumulative[-1], 1.0, rtol=1e-12)
    assert out.k == 2 and out.kept == pytest.approx(out.cumulative[1], rel=1e-12)
    if standardised:                                # the covariance is the correlation matrix
        # variance 1 per column with ddof 0; pca's explained variance divides by n - 1
        assert_allclose(np.sum(out.explained_variance), 4.0 * len(X) / (len(X) - 1), rtol=1e-9)


@pytest.mark.parametrize("standardised", [False, True])
def test_pca_reconstruction_error_is_the_dropped_variance(standardised):
    X = load_iris().X
    out = pca_iris.analyse(X, standardised)
    n = len(X)
    lam = out.explained_variance
    for k in range(1, 5):
        assert_allclose(out.errors[k - 1], (n - 1) / n * lam[k:].sum(), atol=1e-12)
    assert np.all(np.diff(out.errors) < 0)       # more components, smaller error


def test_pca_on_random_data_against_numpy_eigh():
    X = np.random.default_rng(4).normal(size=(30, 3)) * [1.0, 5.0, 0.2]
    out = pca_iris.analyse(X, False)
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    assert_allclose(out.explained_variance, values[::-1], rtol=1e-9)
    assert_allclose(np.abs(out.components @ vectors[:, ::-1]), np.eye(3), atol=1e-9)


def test_standardise_and_bad_input():
    X = np.random.default_rng(5).normal(3.0, 2.0, size=(20, 3))
    Z = pca_iris.standardise(X)                     # mathlib.stats.standardise, ddof 0
    assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    assert_allclose(Z.std(axis=0), 1.0, rtol=1e-12)
    with pytest.raises(ValueError, match=r"standardise: column 1 of X is constant"):
        pca_iris.standardise(np.column_stack([X[:, 0], np.ones(20)]))
    with pytest.raises(ValueError, match=r"standardise: column 0 of X is constant"):
        pca_iris.standardise(X[:1])
    with pytest.raises(ValueError, match=r"pca_iris.analyse: X must be a matrix"):
        pca_iris.analyse(X[0], False)
    with pytest.raises(ValueError, match=r"pca_iris: k must be a whole number from 1 to 4"):
        pca_iris.compute(load_iris().X, 5)
    with pytest.raises(ValueError, match=r"pca_iris: k must be a whole number from 1 to 4"):
        pca_iris.compute(load_iris().X, True)


def test_pca_explorer_every_setting():
    ex = pca_iris.explorer()
    assert set(ex.controls) == {"units", "k"}
    fig = ex.fig
    for units in pca_iris.UNITS:
        for k in (1, 2, 3, 4):
            ex.set(units=units, k=k)
            assert ex.last_error is None
            hatched = [a for a in ex.animated if getattr(a, "get_hatch", lambda: None)()]
            assert sum(bar.get_visible() for bar in hatched) == k     # the first k, hatched
    assert ex.fig is fig
    assert ex.png().startswith(b"\x89PNG")


def test_pca_explorer_change_of_units_is_blitted():
    ex = pca_iris.explorer()
    ex.png()
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    ax = ex.fig.axes[1]
    limits = (ax.get_xlim(), ax.get_ylim())
    ex.set(units="standardised")
    ex.set(units="raw (cm)", k=4)
    assert draws == [] and (ax.get_xlim(), ax.get_ylim()) == limits
    for units in pca_iris.UNITS:                        # every flower inside the fixed axes
        scores = pca_iris.analyse(load_iris().X, pca_iris.UNITS[units]).scores
        x0, x1, y0, y1 = pca_iris.SCORE_LIMITS
        assert x0 < scores[:, 0].min() and scores[:, 0].max() < x1
        assert y0 < scores[:, 1].min() and scores[:, 1].max() < y1
    shares = next(a for a in ex.animated if getattr(a, "get_text", lambda: "")().startswith(
        "scores in cm"))
    assert "PC1: 92.5% of var." in shares.get_text()


def test_pca_explorer_readout():
    ex = pca_iris.explorer(standardised=False, k=2)
    text = ex.readout.value
    assert "k = 2 components keep <b>97.8%</b>" in text
    assert "= <b>0.101 cm&sup2;</b>" in text
    assert "a mixture of all four measurements" in text
    assert "petal length alone has variance 3.12" in text
    ex.set(units="standardised", k=1)
    text = ex.readout.value
    assert "k = 1 component keeps <b>73.0%</b>" in text
    assert "(standard deviations)&sup2;" in text and "no unit dominates" in text
    ex.set(k=4)
    assert "<b>100.0%</b>" in ex.readout.value and "nothing is lost" in ex.readout.value


def test_pca_explorer_species_have_their_own_markers_and_legend():
    ex = pca_iris.explorer()
    ax = ex.fig.axes[1]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == list(load_iris().target_names)
    markers = {tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in ax.collections
               if c.get_label() in labels}
    assert len(markers) == 3
    assert sum(len(c.get_offsets()) for c in ax.collections if c.get_label() in labels) == 150


def test_pca_cached_labels_reuse_their_pictures():
    """The two labels drawn from pictures (speed, see _layout.CachedText) keep one picture per
    string they have shown: moving back to a string draws the same pixels from its picture."""
    from mathlib.explorers._layout import CachedText

    ex = pca_iris.explorer()
    labels = [t for ax in ex.fig.axes for t in ax.texts if isinstance(t, CachedText)]
    assert len(labels) == 2
    for units in ("standardised", "raw (cm)"):
        for k in (1, 3, 4):
            ex.set(units=units, k=k)
            first = np.asarray(ex.fig.canvas.buffer_rgba()).copy()
            ex.set(units=units, k=k)
            assert np.array_equal(np.asarray(ex.fig.canvas.buffer_rgba()), first)
    assert all(len(t.pictures) <= 6 for t in labels)
