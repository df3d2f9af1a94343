"""The explorers of notebook 17: the race's five paths against mathlib.optim.minimize with each
optimiser class (to the last bit), the convergence limit lr < 2 / curvature, the mini-batch noise
against its formula and numpy, bad input, and each explorer at every corner of its controls with
warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import minibatch_noise, optimiser_race  # noqa: E402
from mathlib.optim import SGD, AdaGrad, Adam, Momentum, RMSProp, minimize  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402

SETTINGS = [dict(lr_plain=1e-3, lr_adaptive=0.1, momentum=0.9, beta1=0.9, beta2=0.99),
            dict(lr_plain=0.05, lr_adaptive=0.5, momentum=0.5, beta1=0.0, beta2=0.0),
            dict(lr_plain=1.0, lr_adaptive=1.0, momentum=0.99, beta1=0.99, beta2=0.999),
            dict(lr_plain=1e-4, lr_adaptive=1e-3, momentum=0.0, beta1=0.3, beta2=0.5)]


# -- the race ------------------------------------------------------------------------------------
@pytest.mark.parametrize("landscape", list(optimiser_race.LANDSCAPES))
@pytest.mark.parametrize("s", SETTINGS)
def test_race_paths_are_minimize_s_with_each_class(landscape, s):
    out = optimiser_race.race(landscape, **s)
    objective, start = optimiser_race.LANDSCAPES[landscape]
    classes = [SGD(lr=s["lr_plain"]), Momentum(lr=s["lr_plain"], momentum=s["momentum"]),
               AdaGrad(lr=s["lr_adaptive"]), RMSProp(lr=s["lr_adaptive"], alpha=s["beta2"]),
               Adam(lr=s["lr_adaptive"], beta1=s["beta1"], beta2=s["beta2"])]
    for i, opt in enumerate(classes):
        ref = minimize(objective.grad, np.array(start), optimizer=opt,
                       steps=optimiser_race.STEPS, bound=optimiser_race.BOUND)
        k = out.stopped_at[i]
        assert k == ref.stopped_at and out.diverged[i] == ref.diverged
        assert np.array_equal(out.paths[i, :k + 1], ref.path)
        assert np.isnan(out.paths[i, k + 1:]).all()
        assert_allclose(out.loss[i], objective.f(ref.path[-1]), rtol=1e-15)


def test_sgd_on_the_valley_diverges_exactly_past_two_over_the_curvature():
    """f = (x^2 + 20 y^2) / 2: gradient descent converges iff lr < 2 / 20."""
    kept = optimiser_race.race("valley", lr_plain=0.099, lr_adaptive=0.1)
    assert not kept.diverged[0] and abs(kept.final[0, 1]) < 0.1
    lost = optimiser_race.race("valley", lr_plain=0.101, lr_adaptive=0.1, steps=2000)
    assert lost.diverged[0]
    assert "diverged" in optimiser_race.readout(lost, "valley")


def test_adaptive_first_steps_have_the_size_of_lr():
    out = optimiser_race.race("Rosenbrock", lr_plain=1e-4, lr_adaptive=0.05, beta2=0.99, steps=1)
    step = out.paths[:, 1] - out.paths[:, 0]
    objective, start = optimiser_race.LANDSCAPES["Rosenbrock"]
    sign = np.sign(objective.grad(np.array(start)))
    assert_allclose(step[2], -0.05 * sign, rtol=1e-6)                 # AdaGrad: lr sign(g)
    assert_allclose(step[3], -0.05 * sign / np.sqrt(0.01), rtol=1e-6)  # RMSProp: no correction
    assert_allclose(step[4], -0.05 * sign, rtol=1e-6)                 # Adam: bias-corrected


def test_the_saddle_readout_names_the_first_to_escape():
    out = optimiser_race.race("saddle", lr_plain=1e-3, lr_adaptive=0.1, beta2=0.99)
    text = optimiser_race.readout(out, "saddle")
    first = optimiser_race.OPTIMISERS[int(np.argmin(np.where(out.diverged, out.stopped_at, 10**6)))]
    assert f"the first to escape the saddle is <b>{first}</b>" in text
    assert "escaped" in text and "diverged" not in text


@pytest.mark.parametrize("kwargs, words", [
    (dict(landscape="bowl"), "landscape must be one of"),
    (dict(lr_plain=0.0), "the learning rates must be > 0"),
    (dict(momentum=1.0), "momentum must be in [0, 1)"),
    (dict(beta2=-0.1), "beta2 must be in [0, 1)"),
])
def test_race_refuses_bad_input(kwargs, words):
    args = dict(landscape="valley", lr_plain=0.01, lr_adaptive=0.1) | kwargs
    with pytest.raises(ValueError, match=words.replace("[", r"\[").replace(")", r"\)")):
        optimiser_race.race(**args)


def test_race_readout_at_every_landscape_and_extreme():
    ex = optimiser_race.explorer()
    for setting in corners(ex):
        text = ex.readout.value
        assert text.count("<b>") >= 5, setting          # every optimiser is named
    ex.reset()
    assert ex.values == ex.defaults


def test_explorers_of_17_honest_at_every_corner():
    assert honest_at_corners(optimiser_race.explorer()) == []
    assert honest_at_corners(minibatch_noise.explorer()) == []


# -- mini-batch noise ----------------------------------------------------------------------------
def test_minibatch_gradients_are_means_of_the_per_example_ones():
    d = minibatch_noise.gradients()
    X, y = d.G.shape
    assert_allclose(d.full, d.G.mean(axis=0))
    assert_allclose(d.trace, np.trace(np.cov(d.G.T, ddof=0)), rtol=1e-12)
    out = minibatch_noise.compute(X)                      # B = N: every draw is the full batch
    assert_allclose(out.points, np.tile(out.full, (minibatch_noise.DRAWS, 1)), atol=1e-12)
    assert out.rms < 1e-12 and out.rms_formula == 0.0 and out.steps_per_epoch == 1
    one = minibatch_noise.compute(1)                      # B = 1: single rows of G
    rows = d.G[:, list(d.shown)]
    assert all(np.isclose(rows, p).all(axis=1).any() for p in one.points)


@pytest.mark.parametrize("B", [1, 4, 16, 64, 200, 400])
def test_minibatch_noise_agrees_with_the_formula(B):
    out = minibatch_noise.compute(B)
    assert abs(out.rms / out.rms_formula - 1) < 0.15      # 300 draws: within sampling error


def test_minibatch_noise_formula_is_the_variance_of_a_mean_without_replacement():
    """Exact check on a tiny population: every subset of size 2 of 5 numbers."""
    import itertools
    values = np.array([1.0, 4.0, -2.0, 0.5, 3.0])
    means = [np.mean(c) for c in itertools.combinations(values, 2)]
    exact = np.mean((np.array(means) - values.mean()) ** 2)
    assert_allclose(minibatch_noise.noise_formula(2, 5, values.var()) ** 2, exact, rtol=1e-12)


@pytest.mark.parametrize("B, error", [(0, ValueError), (443, ValueError), (2.5, TypeError)])
def test_minibatch_compute_refuses_bad_batch_sizes(B, error):
    with pytest.raises(error, match="batch_size"):
        minibatch_noise.compute(B)


def test_minibatch_readout_words_at_the_ends():
    ex = minibatch_noise.explorer()
    ex.set(batch_size=1)
    assert "one example per step" in ex.readout.value and "1 example;" in ex.readout.value
    ex.set(batch_size=442)
    assert "full batch" in ex.readout.value and "<b>0</b>" in ex.readout.value
    assert "1 step." in ex.readout.value and "Four times" not in ex.readout.value


# -- what the notebook says about the race at the starting sliders (review of notebook 17) -------
DEFAULT = dict(lr_plain=1e-3, lr_adaptive=0.1, momentum=0.9, beta1=0.9, beta2=0.99)


def _distance(out, i):
    return np.linalg.norm(out.paths[i], axis=1)          # the valleys' minimum is the origin


def test_rmsprop_on_rosenbrock_starts_with_ten_lr_and_its_loss_rises_as_v_forgets():
    out = optimiser_race.race("Rosenbrock", **DEFAULT)
    objective, start = optimiser_race.LANDSCAPES["Rosenbrock"]
    rms = optimiser_race.OPTIMISERS.index("RMSProp")
    assert_allclose(np.abs(out.paths[rms, 1] - out.paths[rms, 0]), [1.0, 1.0], rtol=1e-6)
    f = objective.f(out.paths[rms])
    assert f[95] > 3 * f[80] and f[100] < f[95]           # 5.17 -> 20.9 -> 11.2
    x, v = np.array(start, dtype=float), np.zeros(2)     # the factor lr / sqrt(v) grows
    factors = {}
    for t in range(1, 81):
        g = objective.grad(x)
        v = 0.99 * v + 0.01 * g * g
        x = x - 0.1 * g / (np.sqrt(v) + 1e-8)
        factors[t] = 0.1 / np.sqrt(v)
    assert np.all(factors[80] > 1.2 * factors[20])
    assert_allclose(x, out.paths[rms, 80], rtol=1e-12)


def test_rmsprop_reaches_the_tilted_minimum_first_then_bursts_out_and_adam_ends_closest():
    out = optimiser_race.race("tilted valley", **DEFAULT)
    rms, adam = (optimiser_race.OPTIMISERS.index(n) for n in ("RMSProp", "Adam"))
    first = [int(np.argmax(_distance(out, i) < 0.01)) for i in (rms, adam)]
    assert first[0] < first[1]                            # 68 against 101
    assert _distance(out, rms)[160] < 1e-6 and _distance(out, rms)[176:196].max() > 0.3
    assert "closest after 200 steps: <b>Adam</b>" in optimiser_race.readout(out, "tilted valley")


def test_on_the_saddle_sgd_is_held_back_by_its_learning_rate_not_its_rule():
    out = optimiser_race.race("saddle", **DEFAULT)
    sgd, ada = (optimiser_race.OPTIMISERS.index(n) for n in ("SGD", "AdaGrad"))
    assert not out.diverged[sgd] and out.final[sgd][0] < -1.4 and abs(out.final[sgd][1]) < 0.05
    assert np.all(np.diff(np.abs(out.paths[sgd, -20:, 0])) < 0)      # still approaching
    assert not out.diverged[ada] and out.final[ada][1] > 3.5          # AdaGrad: y = 3.9
    same = optimiser_race.race("saddle", **(DEFAULT | dict(lr_plain=0.1)))
    assert same.diverged[sgd] and same.stopped_at[sgd] < same.stopped_at[4]   # 35 before 80


def test_rmsprop_is_drawn_under_adam_and_wider_so_a_shared_path_shows_both():
    from matplotlib.figure import Figure
    ax = Figure().subplots()
    artists = optimiser_race.draw(ax)
    rms, adam = artists["paths"]["RMSProp"], artists["paths"]["Adam"]
    assert rms.get_linewidth() > 2 * adam.get_linewidth() and rms.get_zorder() < adam.get_zorder()
    ends = artists["ends"]
    assert ends["RMSProp"].get_markersize() > 1.4 * ends["Adam"].get_markersize()
    assert ends["RMSProp"].get_zorder() < ends["Adam"].get_zorder()


def test_the_noise_panel_says_it_shows_two_components_and_the_readout_gives_all_ten():
    ex = minibatch_noise.explorer(batch_size=16)
    text = ex.readout.value
    assert "In the 2 components shown" in text and "in all 10 components the formula says 1.52" \
        in text
    ax_noise = ex.fig.axes[1]
    assert "2 components shown" in ax_noise.get_ylabel()


# -- the mini-batch readout after the third review: plain percentages, a true "share" -------------
@pytest.mark.parametrize("B, percent", [(1, "160%"), (2, "120%"), (16, "42%"), (441, "0.44%")])
def test_minibatch_readout_writes_percentages_as_plain_numbers(B, percent):
    text = minibatch_noise.readout(minibatch_noise.compute(B), 442)
    assert f", {percent} of the full gradient's length" in text and "e+" not in text


def test_minibatch_readout_says_most_examples_are_shared_only_past_half_of_n():
    def text(B):
        return minibatch_noise.readout(minibatch_noise.compute(B), 442)
    assert "share most" not in text(111) and "about 28 examples in common." in text(111)
    assert "√((N − B)/(N − 1)) = 0.87" in text(111) and "most of" not in text(221)
    assert "about 440 examples in common, most of their examples" in text(441)
    assert "in common" not in text(110) and "in common" not in text(442)


# -- what cell 23 says (third review): the race at lr_adaptive = 1, RMSProp's factor per axis ------
def test_at_adaptive_lr_1_rmsprop_diverges_at_once_adagrad_wins_the_valleys_adam_rosenbrock():
    at_1 = DEFAULT | dict(lr_adaptive=1.0)
    rms = optimiser_race.OPTIMISERS.index("RMSProp")
    closest = {}
    for landscape in ("Rosenbrock", "valley", "tilted valley"):
        out = optimiser_race.race(landscape, **at_1)
        assert out.diverged[rms] and out.stopped_at[rms] == 0           # its first step: 10
        text = optimiser_race.readout(out, landscape)
        closest[landscape] = text.rsplit("closest after 200 steps: <b>", 1)[1].split("<")[0]
    assert closest == {"Rosenbrock": "Adam", "valley": "AdaGrad", "tilted valley": "AdaGrad"}
    for landscape, far in (("valley", 1e-40), ("tilted valley", 5e-6)):
        out = optimiser_race.race(landscape, **at_1)
        assert np.linalg.norm(out.final[2]) < far                          # 3e-41, 4.1e-6
    adam = optimiser_race.OPTIMISERS.index("Adam")
    d = [np.linalg.norm(optimiser_race.race("Rosenbrock", **(DEFAULT | dict(lr_adaptive=lr)))
                        .final[adam] - 1.0) for lr in (1.0, 0.1)]
    assert round(d[0], 2) == 0.32 and round(d[1], 1) == 1.4


def test_rmsprop_s_factor_along_rosenbrock_s_steep_direction_passes_two_over_the_curvature():
    objective, start = optimiser_race.LANDSCAPES["Rosenbrock"]
    x, v = np.array(start, dtype=float), np.zeros(2)
    seen = {}
    for t in range(1, 81):
        g = objective.grad(x)
        v = 0.99 * v + 0.01 * g * g
        x = x - 0.1 * g / (np.sqrt(v) + 1e-8)
        if t in (20, 80):
            hessian = np.array([[2 - 400 * (x[1] - 3 * x[0] ** 2), -400 * x[0]],
                                [-400 * x[0], 200.0]])
            curvatures, vectors = np.linalg.eigh(hessian)
            seen[t] = (0.1 / np.sqrt(v), curvatures[1], np.abs(vectors[:, 1]))
    assert_allclose(seen[20][0], [0.0010, 0.0017], atol=5e-5)               # x and y at step 20
    assert_allclose(seen[80][0], [0.0014, 0.0023], atol=5e-5)
    assert_allclose(seen[80][2], [0.93, 0.37], atol=0.01)                  # the steep direction
    assert abs(seen[80][1] - 1500) < 50 and round(2 / seen[80][1], 4) == 0.0013
    for t, mix in ((20, 0.0011), (80, 0.0015)):
        factor, curvature, u = seen[t]
        along = float(u @ (factor * u))                                    # 0.93² fx + 0.37² fy
        assert round(along, 4) == mix
        # the step's stability along u: below 2 at step 20, past it at step 80
        scaled = np.sqrt(factor)[:, None] * np.array(
            [[curvature * a * b for b in u] for a in u]) * np.sqrt(factor)[None, :]
        assert (np.linalg.eigvalsh(scaled)[-1] < 2) == (t == 20)


def test_cell_23_states_what_the_readouts_show():
    import json
    from pathlib import Path
    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "17_optimisers.ipynb"
    cell = next(c for c in json.loads(notebook.read_text())["cells"] if c.get("id") == "ee3930e6")
    text = " ".join("".join(cell["source"]).split())
    assert "the adaptive runs overshoot" not in text and "from about 0.0010 at step 20" not in text
    assert "RMSProp diverges at its first step everywhere" in text and "0.32 from (1, 1)" in text
    assert "0.0010 in $x$ and 0.0017 in $y$ at step 20" in text and "$(0.93, 0.37)$" in text
