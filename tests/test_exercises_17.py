"""Notebook 17's exercises: momentum by hand, the mini-batch gradient on the diabetes data, Adam
from its formulas and one epoch of mini-batch SGD; each slip named only when it is the cause, the
forbidden shortcuts (mathlib.optim's Adam and minimize) refused by what the function calls."""

import numpy as np
import pytest

from mathlib.exercises import evaluate, questions

from .exercise_helpers import assert_passes, fail_message, no_checker_defects  # noqa: F401


# -- 17.1 by hand: three steps of momentum -------------------------------------------------------
_SLIP_WORDS_17_1 = {                         # mu = 0.6, lr = 0.1, g = 2: each slip's own answer
    (-0.2, -0.4, -0.6): "left the velocity out",
    (-0.08, -0.208, -0.3648): "v <- mu v + (1 - mu) g",
    (0.2, 0.52, 0.912): "stepped uphill",
    (-0.2, -0.32, -0.392): "velocity change",
    (0.0, -0.2, -0.52): "velocity of the step before",
    (-0.12, -0.36, -0.72): "v <- v + mu g",
    (-0.12, -0.312, -0.5472): "v <- mu (v + g)",
    (-0.32, -0.712, -1.1472): "Nesterov",
}


@pytest.mark.parametrize("answer, words", list(_SLIP_WORDS_17_1.items()))
def test_by_hand_momentum_slips_are_named(answer, words):
    message = fail_message("17.1", answer)
    assert words in message
    assert sum(w in message for w in _SLIP_WORDS_17_1.values()) == 1      # only its own cause


@pytest.mark.parametrize("answer", [
    (-0.1, -0.3, -0.6),          # v = v + mu g with mu = 0.5 (the old setting): no cause now
    (-0.12, -0.36, -0.7),        # two numbers of one slip, the third of none
    (-0.2, -0.52, -0.6),         # the right start, then plain gradient descent's last number
])
def test_a_by_hand_slip_is_named_only_when_the_whole_answer_is_its(answer):
    message = fail_message("17.1", answer)
    assert "It looks as if" not in message
    assert not any(w in message for w in _SLIP_WORDS_17_1.values())


def test_by_hand_momentum_is_the_library_s():
    from mathlib.optim import Momentum
    x, opt, path = np.zeros(1), Momentum(lr=0.1, momentum=0.6), []
    for _ in range(3):
        opt.step([x], [np.array([2.0])])
        path.append(float(x[0]))
    assert np.allclose(path, [-0.2, -0.52, -0.912], rtol=0, atol=1e-15)
    assert_passes("17.1", (-0.2, -0.52, -0.912))


# -- 17.2 a mini-batch gradient --------------------------------------------------------------------
def _gradient(w, X, y, b):
    return 2 * X[b].T @ (X[b] @ w - y[b]) / len(b)


@pytest.mark.parametrize("answer, words", [
    (lambda w, X, y, b: _gradient(w, X, y, b) / 2, "the 2 stays"),
    (lambda w, X, y, b: _gradient(w, X, y, b) * len(b), "added up the batch's gradients"),
    (lambda w, X, y, b: -_gradient(w, X, y, b), "sign is flipped"),
    (lambda w, X, y, b: _gradient(w, X, y, np.arange(len(y))), "you used every row"),
    (lambda w, X, y, b: _gradient(w, X, y, b) * len(b) / len(y), "you divided by N"),
])
def test_minibatch_gradient_slips_are_named(answer, words):
    assert words in fail_message("17.2", answer)


def test_the_worked_gradient_is_the_one_the_notebook_states():
    from mathlib.exercises import nb17
    g = _gradient(np.array([1.0, -0.5]), nb17.WORKED_X, nb17.WORKED_Y, np.array([0, 2, 3]))
    assert np.allclose(g, [1.0, -6.0])


@pytest.mark.parametrize("answer", [
    lambda w, X, y, b: np.mean(2 * (X[b] @ w - y[b])[:, None] * X[b], axis=1),  # wrong axis
    lambda w, X, y, b: X[b] @ w - y[b],                                         # the residuals
])
def test_a_result_per_example_is_told_by_its_shape_on_the_first_case(answer):
    message = fail_message("17.2", answer)
    assert "shape (3,)" in message and "shape (2,)" in message and "worked example" in message


def test_a_gradient_that_changes_its_arguments_in_place_is_told_so():
    def in_place(w, X, y, b):
        X[b] *= 2.0                                  # scaled rows, then undone in the formula
        return 2 * (X[b] / 2).T @ ((X[b] / 2) @ w - y[b]) / len(b)
    assert "changed its input X" in fail_message("17.2", in_place)


# -- 17.3 Adam from its formulas -------------------------------------------------------------------
def _adam(grad, x0, lr, steps, beta1, beta2, eps, correct=True, inside=False):
    x = np.array(x0, dtype=float)
    m, v, path = np.zeros_like(x), np.zeros_like(x), [x.copy()]
    for t in range(1, steps + 1):
        g = grad(x)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        mh, vh = (m / (1 - beta1 ** t), v / (1 - beta2 ** t)) if correct else (m, v)
        x = x - lr * mh / (np.sqrt(vh + eps) if inside else np.sqrt(vh) + eps)
        path.append(x.copy())
    return np.array(path)


@pytest.mark.parametrize("answer, words", [
    (lambda *a: _adam(*a, correct=False), "left out the bias correction"),
    (lambda *a: _adam(*a, inside=True), "eps inside the square root"),
])
def test_adam_slips_are_named(answer, words):
    assert words in fail_message("17.3", answer)


def test_adam_from_the_library_is_refused():
    from mathlib.optim import Adam, minimize

    def borrowed(grad, x0, lr, steps, beta1, beta2, eps):
        opt = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        return minimize(grad, x0, optimizer=opt, steps=steps).path
    assert ("your function called Adam, mathlib.optim.Adam, which does Adam's steps for you"
            in fail_message("17.3", borrowed))

    def looped(grad, x0, lr, steps, beta1, beta2, eps):      # minimize with another optimiser
        from mathlib.optim import SGD
        return minimize(grad, x0, optimizer=SGD(lr=lr), steps=steps).path
    message = fail_message("17.3", looped)
    assert ("your function called minimize, mathlib.optim.minimize, which runs the loop of "
            "optimiser steps for you") in message and "Adam" not in message

    def stepped(grad, x0, lr, steps, beta1, beta2, eps):     # the class alone, stepped by hand
        opt, x = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps), np.array(x0, dtype=float)
        path = [x.copy()]
        for _ in range(steps):
            opt.step([x], [grad(x)])
            path.append(x.copy())
        return np.array(path)
    assert ("your function called Adam, mathlib.optim.Adam, which does Adam's steps for you"
            in fail_message("17.3", stepped))


def test_the_adam_rule_s_breaking_line_really_uses_adam():
    from mathlib.exercises import nb17
    line = nb17.ADAM.breaking_line()
    assert "Adam(lr=" in line and "minimize(" in line
    args = next(iter(nb17._adam_cases()))
    exec(line, {"args": args})                                 # runs: no TypeError before a call


def test_a_float16_path_is_told_so():
    def half(grad, x0, lr, steps, beta1, beta2, eps):
        x = np.array(x0, dtype=np.float16)
        m, v, path = np.zeros_like(x), np.zeros_like(x), [x.copy()]
        for t in range(1, steps + 1):
            g = grad(x).astype(np.float16)
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            x = x - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
            path.append(x.copy())
        return np.array(path)
    assert "float16 keeps about 3 digits" in fail_message("17.3", half)


def test_adam_path_without_copies_is_caught():
    def same_array(grad, x0, lr, steps, beta1, beta2, eps):
        x, path = np.array(x0, dtype=float), []
        path.append(x)
        for row in _adam(grad, x0, lr, steps, beta1, beta2, eps)[1:]:
            x[:] = row                              # the list holds one array many times
            path.append(x)
        return np.array(path)
    assert evaluate("17.3", same_array).status == "fail"
    assert_passes("17.3", _adam)


# -- 17.4 one epoch of mini-batch SGD --------------------------------------------------------------
def _epoch(w, X, y, lr, B, order, drop_last=False, same=False, in_order=False):
    w = np.array(w, dtype=float)
    rows = np.arange(len(y)) if in_order else order
    for first in range(0, len(rows), B):
        b = rows[first:first + B]
        if drop_last and len(b) < B:
            break
        w = w - lr * 2 * X[b].T @ (X[b] @ w - y[b]) / (B if same else len(b))
    return w


@pytest.mark.parametrize("answer, words", [
    (lambda *a: _epoch(*a, drop_last=True), "left out the last, smaller batch"),
    (lambda *a: _epoch(*a, same=True), "divided the last, smaller batch's sum by batch_size"),
    (lambda *a: _epoch(*a, in_order=True), "in their stored order"),
])
def test_epoch_slips_are_named(answer, words):
    assert words in fail_message("17.4", answer)


def test_an_epoch_that_updates_w_in_place_is_told_so():
    def in_place(w, X, y, lr, B, order):
        for first in range(0, len(order), B):
            b = order[first:first + B]
            w -= lr * 2 * X[b].T @ (X[b] @ w - y[b]) / len(b)
        return w
    assert "changed its input w" in fail_message("17.4", in_place)
    assert_passes("17.4", lambda *a: _epoch(*a))


def test_a_wrong_answer_that_is_no_usual_slip_names_none():
    message = fail_message("17.4", lambda w, X, y, lr, B, order: w + 1.0)
    for words in ("last, smaller batch", "stored order", "starting w"):
        assert words not in message


# -- the concept questions of 17 -----------------------------------------------------------------
def test_questions_of_17_are_plain_text_and_use_the_misconceptions():
    qs = {id: q for id, q in questions.QUESTIONS.items() if id.startswith("17.")}
    assert sorted(qs) == ["17.q1", "17.q2", "17.q3"]
    for q in qs.values():
        texts = [q.prompt] + [t for o in q.options for t in (o.text, o.explanation)]
        assert not any("*" in t for t in texts)
    assert any("ten times bigger" in o.text for o in qs["17.q1"].options)
    assert any("always use it" in qs["17.q2"].prompt for _ in [0])


def test_17_q2_states_what_the_race_shows_at_its_starting_settings():
    from mathlib.explorers import optimiser_race
    prompt = questions.QUESTIONS["17.q2"].prompt
    assert "reaches the minimum of the tilted valley first" not in prompt
    assert "Adam ends closest to the minimum after 200 steps" in prompt
    out = optimiser_race.race("tilted valley", lr_plain=1e-3, lr_adaptive=0.1, momentum=0.9,
                              beta1=0.9, beta2=0.99)
    assert "closest after 200 steps: <b>Adam</b>" in optimiser_race.readout(out, "tilted valley")
