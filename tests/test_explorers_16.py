"""The explorers of notebook 16: the three-well surface (its gradient and Hessian against finite
differences, its critical points, the fast descent against mathlib.optim.gradient_descent, the
basin map against single runs) and the slice through the Iris network's loss (against scipy's
log-softmax and finite differences, the relabelling symmetry, the chord); bad input; each explorer
at every corner of its controls with warnings as errors, and honest there."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special

pytest.importorskip("ipympl")

from mathlib.explorers import basins, loss_slice  # noqa: E402
from mathlib.optim import gradient_descent  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402

H = 1e-6


# -- basins --------------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y", [(0.3, -0.2), (-1.0, 1.5), (2.0, 0.1), (-3.0, -3.0)])
def test_surface_gradient_and_hessian_against_finite_differences(x, y):
    gx, gy = basins.gradient(x, y)
    assert_allclose(gx, (basins.f(x + H, y) - basins.f(x - H, y)) / (2 * H), atol=1e-8)
    assert_allclose(gy, (basins.f(x, y + H) - basins.f(x, y - H)) / (2 * H), atol=1e-8)
    hxx, hxy, hyy = basins.hessian(x, y)
    assert_allclose(hxx, (basins.gradient(x + H, y)[0] - basins.gradient(x - H, y)[0]) / (2 * H),
                    atol=1e-7)
    assert_allclose(hxy, (basins.gradient(x, y + H)[0] - basins.gradient(x, y - H)[0]) / (2 * H),
                    atol=1e-7)
    assert_allclose(hyy, (basins.gradient(x, y + H)[1] - basins.gradient(x, y - H)[1]) / (2 * H),
                    atol=1e-7)


def test_critical_points_are_critical_and_classified_by_numpy():
    cp = basins.critical_points()
    assert cp.minima.shape == (3, 2) and cp.saddles.shape == (3, 2) and cp.maxima.shape == (1, 2)
    assert np.all(np.diff(cp.minimum_values) > 0)            # deepest first: A, B, C
    assert_allclose(cp.minima, basins.CENTRES, atol=0.01)    # each near its well's centre
    for kind, points in (("min", cp.minima), ("saddle", cp.saddles), ("max", cp.maxima)):
        for x, y in points:
            assert_allclose(basins.gradient(x, y), 0.0, atol=1e-12)
            a, b, c = basins.hessian(x, y)
            ev = np.linalg.eigvalsh(np.array([[a, b], [b, c]]))
            assert {"min": ev[0] > 0, "saddle": ev[0] < 0 < ev[1], "max": ev[1] < 0}[kind]


def test_descend_is_gradient_descent():
    for start in ((-3.0, 0.5), (0.1, -0.72), (2.0, 2.0)):
        run = gradient_descent(lambda p: np.array(basins.gradient(p[0], p[1])), np.array(start),
                               learning_rate=basins.LEARNING_RATE, steps=120)
        assert_allclose(basins.descend(*start, 120), run.path, rtol=1e-12, atol=1e-14)


def test_basin_map_agrees_with_single_runs():
    t, labels = basins.basin_map()
    for i in range(0, len(t), 7):
        for j in range(0, len(t), 7):
            assert basins.compute(t[j], t[i]).end == labels[i, j]
    assert set(np.unique(labels)) == {0, 1, 2, 4}


@pytest.mark.parametrize("start, words", [
    ((-1.0, -1.0), "the <b>global</b> minimum"),
    ((2.0, 2.0), "a <b>local</b> minimum, not the global one"),
    ((3.0, 3.0), "stalled on the plateau"),
    ((0.1, -0.72), "came within 0.3 of a saddle point"),
])
def test_basins_readout(start, words):
    assert words in basins.readout(basins.compute(*start))


@pytest.mark.parametrize("start, steps", [((0.10, -0.70), 1), ((0.10, -0.75), 5),
                                          ((-0.45, 0.25), 3), ((0.65, 0.4), 8)])
def test_basins_readout_beside_a_saddle_after_few_steps(start, steps):
    """A few steps from beside a saddle point: it has not ended there (300 steps reach a
    minimum), and there is no "line" on this surface to be off."""
    out = basins.compute(*start, steps)
    assert out.end == 3
    text = basins.readout(out)
    assert (f"after {steps} step{'s' * (steps != 1)} it is still beside a <b>saddle point</b> "
            "(✕), where the gradient is almost 0") in text
    assert "more steps roll it off" in text
    assert "ended" not in text and "this line" not in text
    assert basins.compute(*start).end in (0, 1, 2)


def test_basins_readout_says_one_step_not_one_steps():
    text = basins.readout(basins.compute(0.10, -0.70, 1))
    assert "after <b>1</b> step (learning rate" in text and "1 steps" not in text
    assert "after <b>2</b> steps (learning rate" in basins.readout(basins.compute(0.10, -0.70, 2))


def test_basins_readout_in_few_steps_and_no_minus_zero():
    out = basins.compute(-3.0, 0.5, 20)
    text = basins.readout(out)
    assert "still on its way" in text or "plateau" in text
    assert "-0.00" not in basins.readout(basins.compute(3.5, 3.5))
    assert len(basins.compute(1.0, 1.0, 0).path) == 1


def test_readout_with_no_step_says_so():
    text = basins.readout(basins.compute(-3.5, -3.5, 0))
    assert "no step has been taken yet" in text
    assert "stalled" not in text and "stopped falling" not in text
    assert "saddle" not in basins.readout(basins.compute(0.1, -0.7, 0))


@pytest.mark.parametrize("x, end, words", [          # the notebook's walk along start y = 0.5
    (-3.5, 4, "<b>stalled on the plateau</b>"),
    (-3.3, 4, "still on its way across the <b>plateau</b>"),
    (-3.15, 0, "the <b>global</b> minimum"),
    (-0.8, 2, "minimum <b>C</b>"),
    (0.85, 1, "minimum <b>B</b>"),
    (3.35, 1, "minimum <b>B</b> (step 241)"),
    (3.4, 4, "still on its way down a well's slope"),
    (3.45, 4, "still on its way across the <b>plateau</b>"),
    (3.5, 4, "still on its way across the <b>plateau</b>"),
])
def test_the_walk_along_y_half_is_as_the_notebook_says(x, end, words):
    out = basins.compute(x, 0.5)
    assert out.end == end and words in basins.readout(out)


def test_the_shade_under_every_slider_start_is_its_own_run():
    t, labels = basins.basin_map()
    assert_allclose(np.diff(t), basins.START_STEP, rtol=1e-9)    # every slider value a grid point
    for x, y, end in ((0.10, -0.70, 1), (0.10, -0.75, 0)):    # beside the saddle between A and B
        i, j = np.argmin(abs(t - y)), np.argmin(abs(t - x))
        assert abs(t[i] - y) < 1e-9 and abs(t[j] - x) < 1e-9
        assert basins.compute(x, y).end == labels[i, j] == end
    for i in range(50, 62):                                  # all around that saddle point
        for j in range(68, 76):
            assert basins.compute(t[j], t[i]).end == labels[i, j]


def test_shading_pixels_are_centred_on_the_grid_points():
    ex = basins.explorer()
    t, _ = basins.basin_map()
    half = (t[1] - t[0]) / 2
    image = ex.fig.axes[0].images[0]
    assert_allclose(image.get_extent(), [t[0] - half, t[-1] + half] * 2)


def _label_boxes(ex):
    ax = ex.fig.axes[0]
    ex.fig.canvas.draw()
    renderer = ex.fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    return [(text, inverse.transform(text.get_window_extent(renderer).get_points()))
            for text in ax.texts if "f = " in text.get_text()]


def test_minima_labels_sit_clear_of_markers_borders_and_the_default_path():
    ex = basins.explorer()
    cp = basins.critical_points()
    t, labels = basins.basin_map()
    path = basins.compute(2.0, 2.0).path
    boxes = _label_boxes(ex)
    assert [text.get_text()[0] for text, _ in boxes] == list(basins.NAMES)
    points = np.vstack([cp.minima, cp.saddles, cp.maxima])
    for k, (text, ((x0, y0), (x1, y1))) in enumerate(boxes):
        pad = 0.1                                            # the markers' size, in data units
        inside = lambda p: (x0 - pad < p[:, 0]) & (p[:, 0] < x1 + pad) & (y0 - pad < p[:, 1]) \
            & (p[:, 1] < y1 + pad)                                        # noqa: E731
        assert not np.any(inside(points)), text.get_text()
        assert not np.any(inside(path)), text.get_text()
        under = labels[(t >= y0 - 0.05) & (t <= y1 + 0.05)][:, (t >= x0 - 0.05) & (t <= x1 + 0.05)]
        assert np.all(under == k), text.get_text()           # wholly inside its own basin


def test_critical_points_are_drawn_over_the_start_and_path():
    ex = basins.explorer()
    ax = ex.fig.axes[0]
    start = next(line for line in ax.lines if line.get_label() == "start")
    path = next(line for line in ax.lines if line.get_label() == "descent path")
    for kind in ("minimum", "saddle point", "maximum"):
        marker = next(line for line in ax.lines if line.get_label() == kind)
        assert marker in ex.animated                             # drawn after them: on top
        assert ex.animated.index(marker) > max(ex.animated.index(start), ex.animated.index(path))


def test_plateau_then_drop():
    out = basins.compute(-3.0, 0.5)
    assert abs(out.loss[100]) < 0.01 and out.end == 0 and out.arrived_at > 100


def test_basins_bad_input():
    with pytest.raises(ValueError):
        basins.compute(np.nan, 0.0)
    with pytest.raises(ValueError):
        basins.compute(0.0, 0.0, -1)
    with pytest.raises(TypeError):
        basins.compute(0.0, 0.0, 2.5)


def test_basins_explorer_corners_and_honest():
    ex = basins.explorer()
    assert "local" in ex.readout.value
    for values in corners(ex):
        out = basins.compute(values["x0"], values["y0"], values["steps"])
        assert f"f = <b>{0.0 if abs(out.loss[-1]) < 5e-4 else out.loss[-1]:.3f}</b>" \
            in ex.readout.value
    assert honest_at_corners(ex) == []


def test_basins_click_moves_the_start():
    ex = basins.explorer()

    class Click:
        inaxes = ex.fig.axes[0]
        xdata, ydata = -1.02, 0.53
    ex.on_click(Click)
    assert ex.controls["x0"].value == pytest.approx(-1.0)
    assert ex.controls["y0"].value == pytest.approx(0.55)


# -- loss_slice ----------------------------------------------------------------------------------

def test_network_loss_against_scipy_and_gradient_against_finite_differences():
    X, y = loss_slice.iris_standardised()
    theta = loss_slice.initial_weights(5)
    W1, b1, W2, b2 = loss_slice.unpack(theta)
    z = np.tanh(X @ W1 + b1) @ W2 + b2
    assert_allclose(loss_slice.loss(theta, X, y),
                    -np.mean(special.log_softmax(z, axis=1)[np.arange(len(y)), y]), rtol=1e-12)
    numeric = [(loss_slice.loss(theta + H * e, X, y) - loss_slice.loss(theta - H * e, X, y))
               / (2 * H) for e in np.eye(loss_slice.N_PARAMS)]
    assert_allclose(loss_slice.loss_gradient(theta, X, y), numeric, atol=1e-8)
    assert_allclose(loss_slice.pack(W1, b1, W2, b2), theta)


def test_training_lowers_the_loss_and_relabelling_keeps_the_function():
    X, y = loss_slice.iris_standardised()
    w = loss_slice.weight_settings()
    assert loss_slice.loss(w["start 1"], X, y) > 1.0
    assert loss_slice.loss(w["trained 1"], X, y) < 0.05 and loss_slice.loss(w["trained 2"], X, y) < 0.05
    assert not np.allclose(w["trained 1"], w["relabelled 1"])
    assert_allclose(loss_slice.logits(w["trained 1"], X), loss_slice.logits(w["relabelled 1"], X),
                    rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pair", loss_slice.PAIRS)
def test_slice_compute_against_its_definition(pair):
    X, y = loss_slice.iris_standardised()
    a, b = loss_slice.endpoints(pair)
    for alpha in (-0.5, 0.0, 0.37, 1.0, 1.5):
        out = loss_slice.compute(pair, alpha)
        assert_allclose(out.loss, loss_slice.loss((1 - alpha) * a + alpha * b, X, y), rtol=1e-12)
        assert_allclose(out.chord, (1 - alpha) * loss_slice.loss(a, X, y)
                        + alpha * loss_slice.loss(b, X, y), rtol=1e-12)
    alphas, losses = loss_slice.curve(pair)
    assert_allclose(losses[::40], loss_slice.slice_losses(a, b, alphas[::40], X, y))


def test_the_network_loss_is_not_convex_on_every_slice():
    relabelled = loss_slice.compute("relabelled units", 0.5)
    assert relabelled.barrier > 1.0 and relabelled.loss > relabelled.chord + 1.0
    assert loss_slice.compute("two seeds", 0.5).barrier > 0.3
    start = loss_slice.compute("start to trained", 0.5)
    assert start.barrier <= 1e-9 and start.bend < 0
    assert "bends downwards" in loss_slice.readout(start, "start to trained")
    assert "<b>not convex</b>" in loss_slice.readout(relabelled, "relabelled units")


def test_slice_readout_accuracy_to_one_decimal_and_no_nested_parentheses():
    for pair in loss_slice.PAIRS:
        for alpha in (0.0, 0.5, 1.0):
            text = loss_slice.readout(loss_slice.compute(pair, alpha), pair)
            assert "((" not in text and "))" not in text
            inner = text.split("Ends:")[1].split("<br>")[0]
            assert "(" not in inner                              # no brackets in the ends' words
    assert "accuracy 98.7%" in loss_slice.readout(loss_slice.compute("relabelled units", 1.0),
                                                  "relabelled units")
    assert "accuracy 53.3%" in loss_slice.readout(loss_slice.compute("relabelled units", 0.5),
                                                  "relabelled units")


def test_loss_slice_bad_input():
    with pytest.raises(ValueError, match="pair must be one of"):
        loss_slice.compute("three seeds", 0.5)
    with pytest.raises(ValueError, match="51 entries"):
        loss_slice.unpack(np.zeros(50))
    with pytest.raises(ValueError):
        loss_slice.compute("two seeds", np.inf)
    with pytest.raises(ValueError, match="pair must be one of"):
        loss_slice.explorer(pair="three seeds")


def test_loss_slice_explorer_corners_and_honest():
    ex = loss_slice.explorer()
    assert "not convex" in ex.readout.value
    for values in corners(ex):
        out = loss_slice.compute(values["pair"], values["alpha"])
        assert f"loss <b>{out.loss:.3f}</b>" in ex.readout.value
    assert honest_at_corners(ex) == []
