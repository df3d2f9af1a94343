"""Explorers of notebook 07: the computational graph and one neuron trained by backprop."""

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

from mathlib.autodiff import Tensor
from mathlib.calculus import gradient
from mathlib.explorers import comp_graph, neuron_training
from mathlib.optim import gradient_descent


# -- comp_graph.compute ---------------------------------------------------------------------------

def _autodiff(w, x, b, t):
    leaves = [Tensor(np.array(v)) for v in (w, x, b, t)]
    W, X, B, T = leaves
    L = (W * X + B - T) ** 2
    L.backward()
    return L.item(), [float(leaf.grad) for leaf in leaves]


@pytest.mark.parametrize("values", [(2.0, 3.0, 1.0, 5.0), (-5.0, -5.0, -5.0, 5.0),
                                    (0.3, 0.0, -1.2, 0.7), (1.0, 2.0, 3.0, 5.0)])
def test_comp_graph_against_autodiff_and_finite_differences(values):
    out = comp_graph.compute(*values)
    loss, grads = _autodiff(*values)
    assert_allclose(out.value["L"], loss, rtol=1e-12)
    assert_allclose([out.grad[leaf] for leaf in comp_graph.LEAVES], grads, rtol=1e-12,
                    atol=1e-12)
    numeric = gradient(lambda v: (v[0] * v[1] + v[2] - v[3]) ** 2, np.array(values))
    assert_allclose([out.grad[leaf] for leaf in comp_graph.LEAVES], numeric, rtol=1e-6,
                    atol=1e-6)


def test_comp_graph_worked_example_by_hand():
    out = comp_graph.compute(2.0, 3.0, 1.0, 5.0)
    assert out.value == {"w": 2.0, "x": 3.0, "b": 1.0, "t": 5.0, "u": 6.0, "z": 7.0,
                            "e": 2.0, "L": 4.0}
    assert out.grad == {"L": 1.0, "e": 4.0, "z": 4.0, "u": 4.0, "b": 4.0, "t": -4.0,
                           "w": 12.0, "x": 8.0}


def test_path_product_is_the_gradient_of_w():
    rng = np.random.default_rng(0)
    for values in rng.uniform(-5, 5, size=(20, 4)):
        out = comp_graph.compute(*values)
        factors, product = comp_graph.path_product(out)
        assert len(factors) == 4
        assert_allclose(product, out.grad["w"], rtol=1e-12, atol=1e-12)
    factors, product = comp_graph.path_product(comp_graph.compute(2.0, 3.0, 1.0, 5.0),
                                               ("x", "u", "z", "e", "L"))
    assert factors == [2.0, 1.0, 1.0, 4.0] and product == 8.0


def test_comp_graph_bad_input():
    with pytest.raises(ValueError, match=r"comp_graph.compute: w holds nan"):
        comp_graph.compute(np.nan, 1.0, 1.0, 1.0)
    with pytest.raises(TypeError, match=r"comp_graph.compute: t must be numbers"):
        comp_graph.compute(1.0, 1.0, 1.0, "5")


# -- neuron_training -------------------------------------------------------------------------------

def test_iris_two_species():
    x, y, mean = neuron_training.iris_two_species()
    assert x.shape == y.shape == (100,)
    assert_allclose(x.mean(), 0.0, atol=1e-12)
    assert set(np.unique(y)) == {0.0, 1.0} and y.sum() == 50
    assert 4.8 < mean < 5.0                       # petal length of versicolor and virginica


def test_forward_backward_against_autodiff_and_finite_differences():
    x, y, _ = neuron_training.iris_two_species()
    for w, b in [(0.0, 0.0), (1.5, -0.3), (-40.0, 20.0), (300.0, 1.0)]:
        out = neuron_training.forward_backward(w, b, x, y)
        W, B = Tensor(np.array(w)), Tensor(np.array(b))
        p = (W * x + B).sigmoid()
        L = -(y * p.log() + (1 - y) * (1 - p).log()).mean()
        if np.isfinite(L.item()):                  # saturated sigmoids give log 0 in this form
            L.backward()
            assert_allclose(out["loss"], L.item(), rtol=1e-9)
            assert_allclose([out["grad_w"], out["grad_b"]], [float(W.grad), float(B.grad)],
                            rtol=1e-9, atol=1e-12)
        numeric = gradient(lambda v: neuron_training.forward_backward(v[0], v[1], x, y)["loss"],
                           np.array([w, b]))
        assert_allclose([out["grad_w"], out["grad_b"]], numeric, rtol=1e-5, atol=1e-7)
        assert np.isfinite(out["loss"])


def test_gradient_is_x_transpose_times_p_minus_y_over_n():
    x, y, _ = neuron_training.iris_two_species()
    out = neuron_training.forward_backward(0.7, 0.2, x, y)
    Xb = np.column_stack([x, np.ones_like(x)])
    assert_allclose([out["grad_w"], out["grad_b"]], Xb.T @ (out["p"] - y) / len(y), rtol=1e-12)


def test_train_is_gradient_descent():
    x, y, _ = neuron_training.iris_two_species()
    run = neuron_training.train(x, y, 0.3, steps=50)
    assert all(len(v) == 51 for v in run.values())

    def grad(v):
        out = neuron_training.forward_backward(v[0], v[1], x, y)
        return np.array([out["grad_w"], out["grad_b"]])
    path = gradient_descent(grad, np.zeros(2), learning_rate=0.3, steps=50).path
    assert_allclose(np.column_stack([run["w"], run["b"]]), path, rtol=1e-12, atol=1e-14)
    assert run["loss"][0] == pytest.approx(np.log(2))          # p = 1/2 for everyone at w = b = 0
    assert np.all(np.diff(run["loss"]) < 0)                     # small steps: always down


def test_train_bad_input():
    x, y, _ = neuron_training.iris_two_species()
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        neuron_training.train(x, y, 0.0)
    with pytest.raises(ValueError, match="steps must be a whole number"):
        neuron_training.train(x, y, 0.1, steps=-1)
    with pytest.raises(ValueError, match=r"x has shape \(100,\) and y has shape \(3,\)"):
        neuron_training.forward_backward(0.0, 0.0, x, y[:3])


# -- the explorers, wired --------------------------------------------------------------------------

def _corners(ex, values_by_name):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for combo in itertools.product(*values_by_name.values()):
            ex.set(**dict(zip(values_by_name, combo)))
            assert ex.last_error is None
            assert ex.readout.value
        assert ex.png().startswith(b"\x89PNG")


def test_comp_graph_explorer_corners_and_readout():
    ex = comp_graph.explorer()
    text = ex.readout.value
    for words in ("L = <b>4</b>", "dL/dw = <b>12</b>", "dL/dx = <b>8</b>",
                  "dL/db = <b>4</b>", "dL/dt = <b>-4</b>", "(2e = 4)", "(x = 3)"):
        assert words in text
    fig = ex.fig
    _corners(ex, {name: [c.min, 0.0, c.max] for name, c in ex.controls.items()})
    assert ex.fig is fig
    ex.set(w=1.0, x=2.0, b=3.0, t=5.0)
    assert "every gradient is 0" in ex.readout.value
    ex.set(w=1.0, x=0.0, b=3.0, t=1.0)
    assert "dL/dw = 0" in ex.readout.value
    ex.reset()
    assert ex.values == {"w": 2.0, "x": 3.0, "b": 1.0, "t": 5.0}


def test_comp_graph_explorer_shows_every_value_and_gradient():
    ex = comp_graph.explorer()
    texts = [a.get_text() for a in ex.animated]
    pairs = list(zip(texts[::2], texts[1::2]))        # each box: its value line, its gradient
    assert ("6", "4") in pairs                        # u: value 6, gradient 4
    assert ("2", "12") in pairs                       # w: value 2, gradient 12
    assert "dL/de = 2e = 4" in texts


def test_comp_graph_numbers_keep_significant_digits_and_never_show_minus_zero():
    assert [comp_graph._fmt(v) for v in (0.0020000000000000005, -0.798, 1225.0, 625.0, -0.0,
                                         3.5e-18, 12.0)] == \
        ["0.002", "-0.798", "1225", "625", "0", "0", "12"]
    ex = comp_graph.explorer()
    ex.set(w=0.1, x=0.1, b=0.0, t=0.0)          # e = 0.01: tiny gradients, but not 0
    assert "dL/dw = <b>0.002</b>" in ex.readout.value and "L = <b>0.0001</b>" in ex.readout.value
    for w, x, b, t in itertools.product([-5.0, -0.1, 0.0, 0.3], [-0.2, 0.0, 5.0], [-5.0, 0.0],
                                        [-10.0, 0.0, 10.0]):
        ex.set(w=w, x=x, b=b, t=t)
        texts = " ".join(a.get_text() for a in ex.animated) + ex.readout.value
        assert "-0 " not in texts and "-0\n" not in texts and "<b>-0</b>" not in texts


def test_comp_graph_prompt_raise_t_above_w_x_plus_b():
    ex = comp_graph.explorer()
    assert ex.controls["t"].max > 7.0 > ex.controls["t"].value      # t can be raised past z = 7
    before = comp_graph.compute(**ex.values).grad
    ex.set(t=8.0)                                                   # e = -1
    after = comp_graph.compute(**ex.values).grad
    assert "e &lt; 0" in ex.readout.value or "e < 0" in ex.readout.value
    for leaf in comp_graph.LEAVES:                                  # w, x unchanged: all flip
        assert np.sign(after[leaf]) == -np.sign(before[leaf])
    ex.set(t=7.0)
    assert "every gradient is 0" in ex.readout.value
    # w = -1 changes the sign of dL/dx = 2 e w together with e: it does not flip
    g = comp_graph.compute(-1.0, 3.0, 1.0, 5.0).grad
    assert g["x"] == 14.0 and np.sign(g["x"]) == np.sign(before["x"])


def test_neuron_training_explorer_corners_and_readout():
    ex = neuron_training.explorer()
    assert "step 0 of 200" in ex.readout.value and "loss = <b>0.6931</b>" in ex.readout.value
    _corners(ex, {"learning_rate": list(neuron_training.LEARNING_RATES),
                  "step": [0, 1, 100, 200]})
    ex.set(learning_rate=0.3, step=200)
    assert "the loss falls at every step" in ex.readout.value
    ex.set(learning_rate=300.0, step=50)
    assert "the loss goes <b>up</b>" in ex.readout.value
    curve, = [a for a in ex.animated if a.get_label() == "p(x)"]
    ex.set(step=0)
    assert_allclose(curve.get_ydata(), 0.5)               # w = b = 0: p = 1/2 everywhere
    ex.set(learning_rate=3.0, step=200)
    run = neuron_training.train(*neuron_training.iris_two_species()[:2], 3.0)
    assert f"w = <b>{run['w'][200]:.3f}</b>" in ex.readout.value
    assert np.all(np.diff(curve.get_ydata()) >= 0)        # w > 0: p rises with petal length


def test_neuron_training_readout_has_significant_digits_and_no_minus_zero():
    ex = neuron_training.explorer()
    assert "dL/db = <b>0</b>" in ex.readout.value             # 50/50 start: 0 up to rounding
    for lr in neuron_training.LEARNING_RATES:
        for step in (0, 1, 50, 120, 200):
            ex.set(learning_rate=lr, step=step)
            assert "-0.0000" not in ex.readout.value and "<b>-0</b>" not in ex.readout.value
    ex.set(learning_rate=300.0, step=120)
    run = neuron_training.train(*neuron_training.iris_two_species()[:2], 300.0)
    assert f"dL/dw = <b>{run['grad_w'][120]:.3g}</b>" in ex.readout.value


def test_neuron_training_lays_itself_out_without_the_course_style():
    import matplotlib as mpl

    with mpl.rc_context(mpl.rcParamsDefault):
        ex = neuron_training.explorer()
        engine = ex.fig.get_layout_engine()
        assert engine is not None and "Constrained" in type(engine).__name__
        ex.png()
        renderer = ex.fig.canvas.get_renderer()
        left, right = ex.fig.axes[:2]
        label = left.xaxis.label.get_window_extent(renderer)
        assert label.y0 >= 0                                    # the x label is inside
        title_l = left.title.get_window_extent(renderer)
        title_r = right.title.get_window_extent(renderer)
        assert title_l.x1 <= title_r.x0                         # titles do not overlap
        ylabel_r = right.yaxis.label.get_window_extent(renderer)
        assert left.get_window_extent(renderer).x1 <= ylabel_r.x0


def test_neuron_training_loss_panel_shows_every_loss_uncut():
    """lr = 300 spikes to 8.2: a log axis holds every loss of every run, the dot stays whole
    inside the axes (under the title), and no legend covers the line."""
    from tools.kernel_code import offplot_problems
    ex = neuron_training.explorer(learning_rate=300.0)
    ax_loss = ex.fig.axes[1]
    assert ax_loss.get_yscale() == "log" and ax_loss.get_legend() is None
    line, = [a for a in ex.animated if a.get_label() == "loss per step"]
    dot, = [a for a in ex.animated if a.get_label() == "step k"]
    run = neuron_training.train(*neuron_training.iris_two_species()[:2], 300.0)
    lo, hi = ax_loss.get_ylim()
    for lr in neuron_training.LEARNING_RATES:
        ex.set(learning_rate=lr, step=int(np.argmax(neuron_training.train(
            *neuron_training.iris_two_species()[:2], lr)["loss"])))
        assert lo < line.get_ydata().min() and line.get_ydata().max() < hi
        ex.fig.canvas.draw()
        assert dot.get_clip_on() and offplot_problems(ex.fig, [dot]) == []
        assert dot.get_window_extent().y1 <= ax_loss.title.get_window_extent().y0
    ex.set(learning_rate=300.0, step=22)
    assert_allclose(line.get_ydata(), run["loss"])          # drawn as computed, not cut at 2
    assert "above the plot" not in ex.readout.value


def test_comp_graph_texts_readable_inside_their_boxes_and_apart():
    """Every text is at least the course's readable minimum (plotting.MIN_FONTSIZE); the
    numbers stay inside their boxes and no two texts overlap, for long and short numbers."""
    import itertools

    from matplotlib.patches import FancyBboxPatch

    from mathlib.plotting import MIN_FONTSIZE

    from tools.kernel_code import text_problems
    ex = comp_graph.explorer()
    ax = ex.fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == len(comp_graph.NODES)
    for w, x, b, t in itertools.chain(
            itertools.product((-5.0, 5.0), (-5.0, 5.0), (-5.0, 5.0), (-10.0, 10.0)),
            [(0.1, 0.1, -0.1, 0.1), (-0.1, 0.1, 0.1, -0.3), (-4.9, 4.9, -4.9, 9.9)]):
        ex.set(w=w, x=x, b=b, t=t)
        ex.fig.canvas.draw()
        assert text_problems(ex.fig) == []
        renderer = ex.fig.canvas.get_renderer()
        texts = [t_ for t_ in ax.texts if t_.get_text().strip()]
        assert min(t_.get_fontsize() for t_ in texts) >= MIN_FONTSIZE
        for k, node in enumerate(comp_graph.NODES):    # each box: a value and a gradient line
            box = boxes[k].get_window_extent(renderer)
            for text in ex.animated[2 * k:2 * k + 2]:
                inner = text.get_window_extent(renderer)
                assert box.x0 <= inner.x0 and inner.x1 <= box.x1, (node, text.get_text())
