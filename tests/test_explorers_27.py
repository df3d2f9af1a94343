"""The explorers of notebook 27: the split, the explorer's epoch-by-epoch run against ``nn.fit`` (weights,
accuracies, losses), the retrain explorer's runs (new run at epoch 0, epochs trained once and
kept, divergence, dead units), the live training curve, the digit picker, the weights figure,
the numbers the notebook quotes, and every explorer at its corners with warnings as errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib import autodiff, metrics, nn, optim  # noqa: E402
from mathlib.data import load_digits  # noqa: E402
from mathlib.explorers import digit_picker, digits_training  # noqa: E402

from .explorer_checks import honest_at_corners  # noqa: E402

NOTEBOOK = (Path(__file__).resolve().parents[1] / "notebooks"
            / "27_neural_network_from_scratch.ipynb")


def _cells():
    return {c["id"]: " ".join("".join(c["source"]).split())
            for c in json.loads(NOTEBOOK.read_text())["cells"]}


def _schedule(lr):
    return lambda e: optim.cosine_annealing(e, lr0=lr, t_max=digits_training.EPOCHS)


@pytest.fixture(scope="module")
def fitted():
    """The notebook's network, trained by nn.fit with the notebook's settings."""
    D = digits_training.digits()
    model = nn.MLP((64, 128, 10), rng=27)
    history = nn.fit(model, D.X_train, D.y_train, optimizer=optim.Adam(lr=0.01), epochs=40,
                     batch_size=64, lam=1e-3, rng=27, validation=(D.X_val, D.y_val),
                     schedule=_schedule(0.01))
    return model, history


# -- the data and the split ----------------------------------------------------------------------

def test_split_is_a_seeded_permutation_in_three_disjoint_parts():
    parts = digits_training.split(1797)
    perm = np.random.default_rng(digits_training.SPLIT_SEED).permutation(1797)
    assert np.array_equal(parts.test, perm[:360]) and np.array_equal(parts.validation,
                                                                      perm[360:720])
    assert np.array_equal(parts.train, perm[720:]) and len(parts.train) == 1077
    assert np.array_equal(np.sort(np.concatenate(parts)), np.arange(1797))
    D = digits_training.digits()
    data = load_digits()
    assert_allclose(D.X_test, data.X[parts.test] / 16)
    assert np.array_equal(D.y_val, data.y[parts.validation])
    assert D.X.min() == 0.0 and D.X.max() == 1.0
    with pytest.raises(ValueError, match="n"):
        digits_training.split(100)


def test_the_starting_run_is_trained_when_the_explorer_is_made():
    digits_training.run.cache_clear()
    ex = digits_training.explorer()
    r = digits_training.run(ex.values["hidden"], ex.values["lr"], ex.values["lam"])
    assert r.done == digits_training.EPOCHS and ex.values["epoch"] == 0
    assert "nothing trained yet" in ex.readout.value
    D = digits_training.digits()
    assert r.curves[-1, 3] == nn.evaluate(r.model, D.X_val, D.y_val).accuracy


# -- the explorer's run against nn.fit ----------------------------------------------------------------

@pytest.mark.parametrize("hidden, lr, lam", [(16, 0.01, 1e-3), (8, 0.05, 0.0)])
def test_run_is_nn_fit(hidden, lr, lam):
    """Same initial weights (MLP's He draws), same batches (fit's shuffle), same Adam steps and
    schedule: the weights agree after 3 epochs, and so do the recorded accuracies and the
    validation loss."""
    D = digits_training.digits()
    model = nn.MLP((64, hidden, 10), rng=digits_training.SEED)
    assert all(np.array_equal(a, p.data) for a, p in
               zip(digits_training.init(hidden), model.parameters()))
    history = nn.fit(model, D.X_train, D.y_train, optimizer=optim.Adam(lr=lr), epochs=3,
                     batch_size=digits_training.BATCH, lam=lam, rng=digits_training.SEED,
                     validation=(D.X_val, D.y_val), schedule=_schedule(lr))
    run = digits_training.Run(hidden, lr, lam)
    run.train_to(3)
    for a, p in zip(run.params, model.parameters()):
        assert_allclose(a, p.data, rtol=1e-9, atol=1e-12)
    assert_allclose(run.curves[1:4, 1], history.train_accuracy)
    assert_allclose(run.curves[1:4, 2], history.val_loss, rtol=1e-9)
    assert_allclose(run.curves[1:4, 3], history.val_accuracy)
    assert run.done == 3 and run.t == 3 * 17
    assert isinstance(run.model, nn.MLP)                 # nn.train_step's model, no copy


def test_the_defaults_are_the_notebook_s():
    assert (digits_training.EPOCHS, digits_training.BATCH, digits_training.HIDDEN_START,
            digits_training.L2_START, digits_training.LR_START) == (40, 64, 128, 1e-3, 0.01)
    assert digits_training.HIDDEN[-1] == 128
    assert not hasattr(digits_training, "_product")      # no threading workaround left


def test_runs_are_kept_and_epochs_trained_once():
    digits_training.run.cache_clear()
    out = digits_training.compute(8, 0.01, 1e-4, 0)
    r = digits_training.run(8, 0.01, 1e-4)
    assert r.done == 0 and out.shown == 0 and len(out.epochs) == 1
    digits_training.compute(8, 0.01, 1e-4, 5)
    assert r.done == 5
    back = digits_training.compute(8, 0.01, 1e-4, 2)
    assert r.done == 5 and back.shown == 2 and len(back.val_accuracy) == 3
    assert_allclose(back.val_accuracy, r.curves[:3, 3])


def test_compute_refuses_bad_settings():
    for args, words in [((0, 0.01, 0, 1), "hidden"), ((8, 0.0, 0, 1), "lr must be > 0"),
                        ((8, 0.01, -1e-3, 1), "lam must be >= 0"), ((8, 0.01, 0, 41), "epoch")]:
        with pytest.raises(ValueError, match=words):
            digits_training.compute(*args)


def test_a_huge_learning_rate_diverges_quietly_and_stops():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = digits_training.compute(16, 1e6, 0.0, 40)
    assert out.diverged_at == 1 and out.shown == 0 and len(out.epochs) == 1
    assert digits_training.run(16, 1e6, 0.0).done == 1                  # trains no further
    text = digits_training.readout(out)
    assert "<b>Diverged</b> in epoch 1" in text and "curves end at epoch 0" in text


def test_readouts_say_what_the_run_shows():
    zero = digits_training.readout(digits_training.compute(128, 0.01, 1e-3, 0), new_run=True)
    assert zero.startswith("<b>New run</b>") and "Epoch 0, nothing trained yet" in zero
    assert "9610 parameters" in zero
    dead = digits_training.compute(32, 1.0, 1e-3, 40)
    text = digits_training.readout(dead)
    assert "<b>Stuck near chance</b>: 32 of 32 hidden units output 0" in text
    assert "The learning rate is large" in text
    two = digits_training.readout(digits_training.compute(2, 0.01, 1e-3, 1))
    assert "2 of 2 hidden units output 0" in two and "leaves nothing to learn" in two
    low = digits_training.compute(4, 0.01, 1e-3, 40)
    assert max(low.train_accuracy[-1], low.val_accuracy[-1]) < 0.8
    assert "underfits" in digits_training.readout(low)
    assert "1 of 4 hidden units are dead" in digits_training.readout(low)
    good = digits_training.compute(128, 0.01, 1e-3, 40)
    gap = good.train_accuracy[-1] - good.val_accuracy[-1]
    assert f"gap <b>{gap:.3f}</b>" in digits_training.readout(good) and gap > 0.02
    top = digits_training.readout(digits_training.compute(128, 1.0, 1e-3, 40))
    assert "<b>Nearly every unit dead</b>: 127 of 128" in top and "underfits" not in top
    assert "The learning rate is large" in top
    assert "estimates how it does on new images" in digits_training.readout(good)


def test_the_things_to_try_happen_as_the_notebook_says():
    text = _cells()["a27f0023"]
    c = digits_training.compute
    two = c(2, 0.01, 1e-3, 40)
    assert two.dead == 2 and digits_training.run(2, 0.01, 1e-3).dead[1] == 2
    assert max(two.train_accuracy[-1], two.val_accuracy[-1]) < 0.12 and "**H = 2, then 4**" in text
    four = c(4, 0.01, 1e-3, 40)
    assert round(four.train_accuracy[-1], 2) == 0.78 and "about 0.78 on the training set" in text
    eight = c(8, 0.01, 1e-3, 40)
    assert (round(eight.train_accuracy[-1], 2), round(eight.val_accuracy[-1], 2)) == (0.97, 0.92)
    assert "8, about 0.97 on the training set and 0.92 on the validation set" in text
    top = c(128, 1.0, 1e-3, 40)
    assert top.dead == 127 and top.diverged_at == -1 and round(top.train_accuracy[-1], 2) == 0.29
    assert "(127 of 128;" in text and "(about 0.29)" in text and "almost every" not in text
    slow = c(128, 1e-4, 1e-3, 40)
    assert (round(slow.train_accuracy[-1], 2), round(slow.val_accuracy[-1], 2)) == (0.82, 0.76)
    assert "(about 0.82 on the training set, 0.76 on the validation set)" in text
    strong = c(128, 0.01, 0.1, 40)
    assert (round(strong.train_accuracy[-1], 2), round(strong.val_accuracy[-1], 2)) == (0.82, 0.79)
    assert "(about 0.82 and 0.79: underfitting)" in text
    small = c(128, 0.01, 0.0, 40)           # "small penalties change little"
    assert abs(small.val_accuracy[-1] - c(128, 0.01, 1e-3, 40).val_accuracy[-1]) <= 0.02
    assert "passed 100 would be stopped there and called diverged" in text
    assert digits_training.LOSS_BOUND == 100


def test_the_chance_label_is_in_the_legend_where_no_curve_covers_it():
    ex = digits_training.explorer()
    ax_acc = ex.fig.axes[1]
    assert not any("chance" in t.get_text() for t in ax_acc.texts)
    legend = ex.fig.legends[0]
    assert "chance (0.1)" in [t.get_text() for t in legend.get_texts()]


# -- the retrain explorer ----------------------------------------------------------------------

def test_a_setting_moved_starts_a_new_run_at_epoch_0():
    ex = digits_training.explorer()
    ex.set(epoch=4)
    r = digits_training.run(128, 0.01, 1e-3)
    assert r.done >= 4 and "After <b>4</b> epochs" in ex.readout.value
    ex.controls["hidden"].value = 32
    assert ex.values["epoch"] == 0 and ex.last_error is None
    assert ex.readout.value.startswith("<b>New run</b>") and "64-32-10" in ex.readout.value
    lines = ex.fig.axes[0].get_lines()
    assert all(len(line.get_xdata()) == 1 for line in lines if line.get_label().endswith("set"))
    ex.set(hidden=16, epoch=3)                  # both at once: the epoch asked for is kept
    assert ex.values["epoch"] == 3 and "After <b>3</b> epochs" in ex.readout.value
    ex.reset()
    assert ex.values == {"hidden": 128, "lr": 0.01, "lam": 1e-3, "epoch": 0}
    assert "nothing trained yet" in ex.readout.value


def test_the_play_button_is_linked_to_the_epoch_slider():
    import ipywidgets as widgets

    ex = digits_training.explorer()
    assert isinstance(ex.play, widgets.Play) and (ex.play.min, ex.play.max) == (0, 40)
    assert ex.play_link.source == (ex.play, "value")
    assert ex.play_link.target == (ex.controls["epoch"], "value")
    assert any(ex.play in getattr(c, "children", ()) for c in ex.widget.children)


def test_retrain_explorer_corners():
    """Every combination of the sliders' ends (the hidden units' and the L2 strength's first
    and last values), with warnings as errors; the lines end at the epoch shown."""
    import itertools
    import warnings

    ex = digits_training.explorer()
    for hidden, lr, lam, epoch in itertools.product((2, 128), (1e-4, 1.0), (0.0, 0.1), (0, 40)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ex.set(hidden=hidden, lr=lr, lam=lam, epoch=epoch)
        assert ex.last_error is None and ex.values["epoch"] == epoch
        out = digits_training.compute(hidden, lr, lam, epoch)
        assert len(ex.fig.axes[1].get_lines()[1].get_xdata()) == out.shown + 1
        assert f"64-{hidden}-10" in ex.readout.value


def test_explorers_of_27_honest_at_every_corner(fitted):
    model, _ = fitted
    D = digits_training.digits()
    assert honest_at_corners(digits_training.explorer()) == []
    assert honest_at_corners(digit_picker.explorer(D.X_test, D.y_test,
                                                   model.predict_proba(D.X_test))) == []


# -- the live training curve -----------------------------------------------------------------------

def test_training_curve_follows_the_callback(fitted):
    _, history = fitted
    curve = digits_training.training_curve(40)
    assert "No epoch to show yet" in curve.readout.value
    partial = nn.History(loss=history.loss[:5], train_accuracy=history.train_accuracy[:5],
                         val_loss=history.val_loss[:5], val_accuracy=history.val_accuracy[:5])
    curve.callback(partial)
    train_acc = [line for line in curve.fig.axes[1].get_lines() if line.get_label() ==
                 "training set"][0]
    assert_allclose(train_acc.get_ydata(), history.train_accuracy[:5])
    assert "After <b>5</b> of 5 epochs" in curve.readout.value
    curve.callback(history)
    assert "After <b>40</b> of 40 epochs" in curve.readout.value
    curve.set(epoch=10)
    assert_allclose(train_acc.get_xdata(), np.arange(1, 11))
    assert honest_at_corners(curve) == []


def test_training_curve_redraws_at_most_every_quarter_second_and_always_at_the_end(fitted):
    """The live curve is redrawn at most every CURVE_EVERY seconds (a redraw costs as much as an
    epoch), and always for the last epoch."""
    _, history = fitted
    curve = digits_training.training_curve(40)
    calls = []
    refresh = curve.refresh
    curve.refresh = lambda: (calls.append(1), refresh())
    for n in range(1, 41):
        curve.callback(nn.History(loss=history.loss[:n], train_accuracy=history.train_accuracy[:n],
                                  val_loss=history.val_loss[:n],
                                  val_accuracy=history.val_accuracy[:n]))
    assert 2 <= len(calls) < 40
    assert "After <b>40</b> of 40 epochs" in curve.readout.value


# -- the digit picker --------------------------------------------------------------------------

def _toy():
    D = digits_training.digits()
    P = np.full((360, 10), 0.02)
    P[np.arange(360), D.y_test] = 0.82
    wrong = [5, 200]
    for i in wrong:
        P[i] = 0.05
        P[i, (D.y_test[i] + 1) % 10] = 0.55
    return D, P, wrong


def test_picker_compute_and_next_wrong():
    D, P, wrong = _toy()
    out = digit_picker.compute(D.X_test, D.y_test, P, 5)
    assert out.true == D.y_test[5] and out.predicted == (D.y_test[5] + 1) % 10
    assert out.confidence == 0.55 and out.wrong == 2
    assert_allclose(out.image, D.X_test[5].reshape(8, 8))
    assert digit_picker.next_wrong(D.y_test, P, -1) == 5
    assert digit_picker.next_wrong(D.y_test, P, 5) == 200
    assert digit_picker.next_wrong(D.y_test, P, 200) == 5                  # wraps round
    right = np.eye(10)[D.y_test]
    assert digit_picker.next_wrong(D.y_test, right, 0) is None
    text = digit_picker.readout(out, 360)
    assert f"true {out.true}, predicted {out.predicted} with 55%" in text and "wrong" in text
    with pytest.raises(ValueError, match="one row of 10 probabilities"):
        digit_picker.compute(D.X_test, D.y_test, P[:10], 0)


def test_picker_button_jumps_to_the_next_mistake():
    D, P, wrong = _toy()
    ex = digit_picker.explorer(D.X_test, D.y_test, P)
    assert ex.values["index"] == 0                          # it starts on the first image
    ex.next_button.click()
    assert ex.values["index"] == 5
    ex.next_button.click()
    assert ex.values["index"] == 200 and "(<b>wrong</b>)" in ex.readout.value
    chosen = ex.fig.axes[1].patches[-1]
    assert chosen.get_hatch() == "//" and chosen.get_x() + 0.35 == (D.y_test[200] + 1) % 10
    assert_allclose(chosen.get_height(), 0.55)
    bars = ex.fig.axes[1].collections[-1].get_paths()
    assert_allclose([path.vertices[1, 1] for path in bars], P[200])
    assert ex.fig.axes[1].get_lines()[-1].get_xdata()[0] == D.y_test[200]
    ex.set(index=0)
    assert "(right)" in ex.readout.value
    ax_image = ex.fig.axes[0]                       # a frame round the image, outside it
    assert all(spine.get_visible() for spine in ax_image.spines.values())
    assert ax_image.get_xlim()[0] < -0.5 and ax_image.get_xlim()[1] > 7.5


# -- the weights figure -------------------------------------------------------------------------

def test_weights_png():
    png = digits_training.weights_png(digits_training.init(16)[0])
    assert png[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="64 rows"):
        digits_training.weights_png(np.zeros((10, 3)))


# -- the numbers the notebook quotes -------------------------------------------------------------

def test_the_numbers_the_notebook_quotes(fitted):
    model, history = fitted
    cells = _cells()
    D = digits_training.digits()
    pred = model.predict(D.X_test)
    assert np.sum(pred == D.y_test) == 351 and round(metrics.accuracy(D.y_test, pred), 3) == 0.975
    assert (round(history.train_accuracy[-1], 3), round(history.val_accuracy[-1], 3)) == \
        (0.999, 0.961)
    assert round(history.loss[0], 2) == 1.31 and round(history.loss[-1], 3) == 0.124
    assert round(history.val_accuracy[2], 3) == 0.944 and abs(history.val_loss[-1] - 0.11) < 0.005
    text = cells["a27f0013"]
    assert "from 1.31 in the first epoch to 0.124 in the last" in text
    assert "(0.944 after 3 epochs)" in text and "0.038 at the end" in text
    C = metrics.confusion_matrix(D.y_test, pred, n_classes=10)
    off = C - np.diag(np.diag(C))
    assert off.sum() == 9 and off.max() == 1
    recall = np.diag(C) / C.sum(axis=1)
    precision = np.diag(C) / C.sum(axis=0)
    assert set(np.flatnonzero(np.round(recall, 2) == np.round(recall, 2).min())) == {4, 8}
    assert (C[4, 4], C[4].sum(), C[8, 8], C[8].sum()) == (34, 36, 29, 31)
    assert set(np.flatnonzero(np.round(precision, 2) == np.round(precision, 2).min())) == {5}
    assert np.round(precision, 2).min() == 0.94
    assert np.bincount(D.y_test).min() == 30 and np.bincount(D.y_test).max() == 44
    results = cells["a27f0017"]
    assert "351 of the 360 test digits" in results and "no confusion is made twice" in results
    assert "34 of 36 fours and 29 of 31 eights" in results and "accuracy 0.975" in results
    assert "MLPClassifier" not in " ".join(cells.values())      # no figure not computed here
    # the first layer: 20 dead units, most pulled to ~0; the blank pixels' weights driven to 0
    W1, b1 = model.parameters()[0].data, model.parameters()[1].data
    dead = ~np.any(np.maximum(D.X_train @ W1 + b1, 0) > 0, axis=0)
    start = digits_training.init(128)[0]
    largest = np.abs(W1[:, dead]).max(axis=0)
    assert dead.sum() == 20 and round(float(largest.max()), 3) == 0.056
    assert np.sum(largest < 0.001) == 13
    assert round(float(np.abs(start[:, dead]).max(axis=0).min()), 2) == 0.32
    blank = np.flatnonzero(~np.any(D.X_train > 0, axis=0))
    assert list(blank) == [0, 32, 39, 56]
    assert np.abs(W1[blank]).max() < 1e-8
    free = digits_training.compute(128, 0.01, 0.0, 40)
    assert free.shown == 40
    assert np.abs(digits_training.run(128, 0.01, 0.0).params[0][blank]).max() > 0.1
    weights = cells["a27f0020"]
    assert "**20 of the 128 units are dead**" in weights and "positions 0, 32, 39 and 56" in weights
    assert "from 0.32 or more at the start to 0.056 at most now, below 0.001 for 13 of the 20" \
        in weights
    # the picker's text: 9 wrong, the first is test image 22
    wrong = np.flatnonzero(pred != D.y_test)
    assert len(wrong) == 9 and wrong[0] == 22
    assert "the 9 images the network gets wrong (the first is test image 22)" in cells["a27f0021"]


def test_question_27_q1_quotes_the_notebook_s_validation_accuracy(fitted):
    from mathlib.exercises.questions import QUESTIONS

    _, history = fitted
    text = QUESTIONS["27.q1"].option("b").explanation
    assert f"validation accuracy stays at {history.val_accuracy[-1]:.3f}" in text


def test_question_27_q4_d_gives_l2_s_conditions():
    from mathlib.exercises.questions import QUESTIONS

    text = QUESTIONS["27.q4"].option("d").explanation
    assert "With plain SGD" in text and "With Adam" in text and "keeps all its units" not in text
    assert (digits_training.compute(128, 0.01, 0.0, 40).dead,
            digits_training.compute(128, 0.01, 1e-3, 40).dead) == (21, 20)
    assert "21 of 128 at lam = 0, 20 at lam = 0.001" in text


def test_weights_png_marks_the_sign_without_colour():
    from matplotlib.figure import Figure  # noqa: F401

    W = np.zeros((64, 4))
    W[0, 0], W[1, 1] = 1.0, -1.0
    png = digits_training.weights_png(W)
    assert png[:4] == b"\x89PNG"
    import inspect
    source = inspect.getsource(digits_training.weights_png)
    assert '"+"' in source and '"_"' in source


def test_the_explorer_at_its_defaults_is_the_notebook_s_run(fitted):
    _, history = fitted
    out = digits_training.compute(128, 0.01, 1e-3, 40)
    assert_allclose(out.train_accuracy[1:], history.train_accuracy)
    assert_allclose(out.val_accuracy[1:], history.val_accuracy)
    assert_allclose(out.val_loss[1:], history.val_loss, rtol=1e-9)


def test_question_27_q4_numbers_are_the_explorer_s():
    from mathlib.exercises.questions import QUESTIONS

    text = QUESTIONS["27.q4"].option("c").explanation
    with_penalty = digits_training.compute(128, 0.01, 1e-3, 40).val_accuracy[-1]
    without = digits_training.compute(128, 0.01, 0.0, 40).val_accuracy[-1]
    assert f"{with_penalty:.3f} against {without:.3f}" in text


def test_question_27_q3_quotes_the_untrained_accuracy():
    from mathlib.exercises import questions_27  # noqa: F401  (registers the question)
    from mathlib.exercises.questions import QUESTIONS
    start = digits_training.compute(128, 0.01, 1e-3, 0)
    train, val = start.train_accuracy[0], start.val_accuracy[0]
    assert round(train, 2) == 0.17 and round(val, 2) == 0.17
    assert "about 0.17" in QUESTIONS["27.q3"].options[1].explanation
