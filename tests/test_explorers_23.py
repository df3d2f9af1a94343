"""The explorers of notebook 23: the perceptron's outputs against numpy's heaviside, its gate
names against numpy's logical functions, the line and the output-1 region against the
definition, Rosenblatt's rule against a plain loop, the XOR network's hidden and output values,
the readouts, and both explorers at every corner of their controls with warnings as errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

pytest.importorskip("ipympl")

from mathlib.explorers import perceptron, xor_network  # noqa: E402
from .explorer_checks import corners  # noqa: E402

X1, X2 = perceptron.INPUTS[:, 0], perceptron.INPUTS[:, 1]


# -- perceptron -----------------------------------------------------------------------------------

@pytest.mark.parametrize("w1, w2, b", [(1, 1, -1.5), (1, 1, -1.0), (-1, -1, 1.5), (0.3, -2, 0.0),
                                       (0, 0, 0), (0, 0, -0.1), (2, -1, -1)])
def test_outputs_are_heaviside_of_the_weighted_sum(w1, w2, b):
    out = perceptron.compute(w1, w2, b)
    z = w1 * X1 + w2 * X2 + b
    assert_allclose(out.z, z)
    assert out.outputs == tuple(np.heaviside(z, 1.0).astype(int).tolist())


def test_gate_names_match_numpy_logic():
    table = {"AND": np.logical_and(X1, X2), "OR": np.logical_or(X1, X2),
             "NAND": ~np.logical_and(X1, X2), "NOR": ~np.logical_or(X1, X2),
             "XOR": np.logical_xor(X1, X2), "NOT x1": X1 == 0, "x2 (copies x2)": X2 == 1}
    names = {v: k for k, v in perceptron.GATES.items()}
    assert len(perceptron.GATES) == 16
    for name, truth in table.items():
        assert names[name] == tuple(truth.astype(int).tolist())
    assert perceptron.compute(1, 1, -1.5).gate == "AND"
    assert perceptron.compute(1, 1, -0.5).gate == "OR"
    assert perceptron.compute(-1, -1, 1.5).gate == "NAND"
    assert perceptron.compute(-1, -1, 0.5).gate == "NOR"
    assert perceptron.compute(-1, 0, 0.5).gate == "NOT x1"


def test_no_setting_on_the_slider_grid_gives_xor():
    grid_w = np.arange(-2.0, 2.01, 0.1)
    grid_b = np.arange(-3.0, 3.01, 0.1)
    W1, W2, B = np.meshgrid(grid_w, grid_w, grid_b, indexing="ij")
    Z = X1[:, None] * W1.ravel() + X2[:, None] * W2.ravel() + B.ravel()
    found = {tuple(c) for c in (Z >= 0).astype(int).T.tolist()}
    assert len(found) == 14 and (0, 1, 1, 0) not in found and (1, 0, 0, 1) not in found


def test_line_lies_on_z_equals_0_and_region_on_the_output_1_side():
    rng = np.random.default_rng(0)
    for _ in range(200):
        w1, w2, b = rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-3, 3)
        out = perceptron.compute(w1, w2, b)
        if out.line is not None:
            assert_allclose(out.line @ [w1, w2] + b, 0, atol=1e-12)
            assert np.all((out.line >= -0.5 - 1e-12) & (out.line <= 1.5 + 1e-12))
        if out.region.shape[0]:
            assert np.all(out.region @ [w1, w2] + b >= -1e-12)
        # the region's area is the share of the square on the output-1 side (Monte Carlo)
        pts = rng.uniform(-0.5, 1.5, size=(4000, 2))
        share = np.mean(pts @ [w1, w2] + b >= 0)
        if out.region.shape[0] >= 3:
            x, y = out.region[:, 0], out.region[:, 1]
            area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
            assert abs(area / 4 - share) < 0.04
        else:
            assert share < 0.01


def test_boundary_edge_cases():
    assert perceptron.boundary(0, 0, 1) is None                    # no line
    assert perceptron.boundary(1, 0, 5) is None                    # x1 = -5: outside
    assert perceptron.boundary(1, 1, 3) is None                    # touches the corner (-1.5?)
    assert_allclose(perceptron.boundary(1, 0, -0.5), [[0.5, -0.5], [0.5, 1.5]])
    assert_allclose(perceptron.boundary(0, 1, -1), [[-0.5, 1], [1.5, 1]])
    assert perceptron.compute(1, 1, 3).region.shape == (4, 2)     # the whole square
    assert perceptron.compute(-1, -1, -5).region.shape == (0, 2)


def test_readout_words():
    text = perceptron.readout(perceptron.compute(1, 1, -1), 1, 1, -1)
    assert "<b>OR</b>" in text and "(0, 1) and (1, 0) lie exactly on the line" in text
    assert "z = 0.00 -> <b>1</b>" in text and "No setting gives XOR (0110)" in text
    zero = perceptron.readout(perceptron.compute(0, 0, -1), 0, 0, -1)
    assert "With w = (0, 0) there is no line" in zero and "always 0" in zero
    one = perceptron.readout(perceptron.compute(2, -1, -1), 2, -1, -1)
    assert "(1, 1) lies exactly on the line" in one
    far = perceptron.readout(perceptron.compute(2, 2, 3), 2, 2, 3)
    assert "outside the square shown" in far and "-0.00" not in far


def test_readout_at_w_0_and_b_0_has_no_on_the_line_sentence():
    text = perceptron.readout(perceptron.compute(0, 0, 0), 0, 0, 0)
    assert "there is no line" in text and "on the line" not in text
    assert "z = b = 0 at every input, and z = 0 counts as output 1" in text
    assert "<b>always 1</b>" in text
    shifted = perceptron.readout(perceptron.compute(0, 0, 0.5), 0, 0, 0.5)
    assert "on the line" not in shifted and "the output is the same everywhere" in shifted


def test_compute_refuses_bad_input():
    with pytest.raises(TypeError):
        perceptron.compute("a", 1, 1)
    with pytest.raises(ValueError):
        perceptron.compute(np.nan, 1, 1)


def test_learn_is_rosenblatt_s_rule():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 > 0).astype(int)
    w, b, mistakes = np.zeros(3), 0.0, []
    for _ in range(7):
        count = 0
        for x, t in zip(X, y):
            e = t - np.heaviside(x @ w + b, 1.0)
            w, b, count = w + e * x, b + e, count + int(e != 0)
        mistakes.append(count)
    fit = perceptron.learn(X, y, epochs=7)
    assert_allclose(fit.w, w, rtol=0, atol=0)
    assert fit.b == b and fit.mistakes.tolist() == mistakes


def test_learn_converges_within_novikoff_s_bound_on_separable_data():
    rng = np.random.default_rng(7)
    X = rng.uniform(-1, 1, size=(200, 2))
    margin = X @ [0.6, 0.8] - 0.1
    X, margin = X[np.abs(margin) > 0.1], margin[np.abs(margin) > 0.1]
    y = (margin > 0).astype(int)
    fit = perceptron.learn(X, y, epochs=200)
    a = np.hstack([X, np.ones((len(X), 1))])
    u = np.array([0.6, 0.8, -0.1]) / np.linalg.norm([0.6, 0.8, -0.1])
    gamma = np.min((2 * y - 1) * (a @ u))
    R = np.max(np.linalg.norm(a, axis=1))
    assert fit.mistakes[-1] == 0 and fit.mistakes.sum() <= (R / gamma) ** 2
    assert np.array_equal((X @ fit.w + fit.b >= 0).astype(int), y)


def test_learn_on_xor_never_settles():
    fit = perceptron.learn(perceptron.INPUTS, [0, 1, 1, 0], epochs=30)
    assert fit.mistakes.min() > 0


def test_learn_refuses_bad_input():
    with pytest.raises(ValueError, match="targets 0 and 1 only"):
        perceptron.learn(perceptron.INPUTS, [0, 1, 2, 0])
    with pytest.raises(ValueError, match=r"X must be \(n, d\) and y \(n,\)"):
        perceptron.learn(perceptron.INPUTS, [0, 1, 1])
    with pytest.raises(ValueError):
        perceptron.learn(perceptron.INPUTS, [0, 1, 1, 0], epochs=0)
    with pytest.raises(TypeError):
        perceptron.learn(perceptron.INPUTS, [0, 1, 1, 0], epochs=2.5)


def test_perceptron_explorer_corners():
    ex = perceptron.explorer()
    for values in corners(ex):
        out = perceptron.compute(values["w1"], values["w2"], values["b"])
        assert f"<b>{out.gate}</b>" in ex.readout.value


# -- xor_network ----------------------------------------------------------------------------------

def test_xor_network_default_computes_xor():
    out = xor_network.compute(-0.5, 1.5, -1.5)
    assert out.solves_xor and out.gate == "XOR"
    assert_array_equal(out.H[:, 0], np.logical_or(X1, X2))
    assert_array_equal(out.H[:, 1], ~np.logical_and(X1, X2))
    assert out.y == tuple(np.logical_xor(X1, X2).astype(int).tolist())


def test_xor_network_forward_is_the_formula():
    rng = np.random.default_rng(3)
    X = rng.integers(0, 2, size=(10, 2)).astype(float)
    for b1, b2, bo in itertools.product((-1.3, -0.5, 0.2), (0.4, 1.5), (-1.5, -0.7)):
        H, y = xor_network.forward(X, b1, b2, bo)
        h1 = np.heaviside(X[:, 0] + X[:, 1] + b1, 1.0)
        h2 = np.heaviside(-X[:, 0] - X[:, 1] + b2, 1.0)
        assert_array_equal(H, np.column_stack([h1, h2]))
        assert_array_equal(y, np.heaviside(h1 + h2 + bo, 1.0))


def test_xor_appears_only_for_b_out_from_minus_2_to_just_below_minus_1():
    for bo in np.round(np.arange(-2.5, 0.51, 0.1), 10):
        assert xor_network.compute(-0.5, 1.5, bo).solves_xor == (-2 <= bo < -1)


def test_xor_readout_words():
    ok = xor_network.readout(xor_network.compute(-0.5, 1.5, -1.5), -0.5, 1.5, -1.5)
    assert "The network computes XOR" in ok
    assert "(0, 1) and (1, 0) land on the same hidden point (1, 1)" in ok
    clash = xor_network.readout(xor_network.compute(-1.5, 1.5, -1.5), -1.5, 1.5, -1.5)
    assert "(0, 0), (0, 1) and (1, 0) land on the same hidden point (0, 1)" in clash
    assert "no output unit can fix it" in clash
    near = xor_network.readout(xor_network.compute(-0.5, 1.5, -0.5), -0.5, 1.5, -0.5)
    assert "Not XOR yet" in near and "between h1 + h2 = 1 (circles) and 2 (triangles)" in near
    fixed = xor_network.readout(xor_network.compute(-1.5, 0.5, -0.5), -1.5, 0.5, -0.5)
    assert "output weights fixed at (1, 1)" in fixed


def _hidden_markers(ex):
    ax = ex.fig.axes[1]
    lines = {line.get_label(): line for line in ax.get_lines()}
    return (np.column_stack(lines["XOR target 1"].get_data()),
            np.column_stack(lines["XOR target 0"].get_data()))


def test_xor_drawing_offsets_keep_each_point_on_its_side_of_the_output_line():
    assert_allclose(xor_network.OFFSETS @ xor_network.W_OUT, 0.0, atol=1e-12)
    ex = xor_network.explorer()
    for b1, b2, bo in [(-1.0, 1.0, -1.0), (-0.5, 1.5, -1.5), (-2.5, 2.5, -1.0), (-1.5, 1.5, -1.0),
                       (0.0, 0.0, -1.0), (-1.0, 1.0, -2.0)]:
        ex.set(b1=b1, b2=b2, b_out=bo)
        H = xor_network.compute(b1, b2, bo).H
        target = np.array(xor_network.XOR) == 1
        ones, zeros = _hidden_markers(ex)
        for shown, true in ((ones, H[target]), (zeros, H[~target])):
            side_shown = shown @ xor_network.W_OUT + bo
            side_true = true @ xor_network.W_OUT + bo
            assert_allclose(side_shown, side_true, atol=1e-9)   # on the line stays on it
    ex.set(b1=-1.0, b2=1.0, b_out=-1.0)                         # both circles on h1 + h2 = 1
    _, zeros = _hidden_markers(ex)
    assert_allclose(zeros.sum(axis=1), 1.0, atol=1e-9)
    ex.reset()


def test_xor_inputs_on_one_hidden_point_are_all_drawn_apart():
    shown = np.zeros((4, 2)) + xor_network.OFFSETS
    gaps = [np.hypot(*(shown[i] - shown[j])) for i in range(4) for j in range(i)]
    assert min(gaps) > 0.1


def test_xor_compute_refuses_bad_input():
    with pytest.raises(TypeError):
        xor_network.compute(None, 1, 1)


def test_xor_network_explorer_corners():
    ex = xor_network.explorer()
    for values in corners(ex):
        out = xor_network.compute(values["b1"], values["b2"], values["b_out"])
        assert f"<b>{out.gate}</b>" in ex.readout.value


def test_explorers_of_23_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(perceptron.explorer()) == []
    assert honest_at_corners(xor_network.explorer()) == []


def test_a_slider_value_a_rounding_away_from_the_line_is_on_it():
    """The slider sends 1.3 as -3 + 43 * 0.1 = 1.2999999999999998: at w = (-1.8, 0.5) the input
    (1, 1) has z = 0 up to rounding, and output, table and readout agree that it is on the line."""
    b = -3 + 43 * 0.1
    out = perceptron.compute(-1.8, 0.5, b)
    assert out.outputs == (1, 1, 0, 1)
    assert "(1, 1) lies exactly on the line" in perceptron.readout(out, -1.8, 0.5, b)
