"""Notebook 18's exercises: the by-hand schedule values, the named slips (each only when it is the
cause), the forbidden cosine_annealing, and the training loop on the diabetes data."""

import numpy as np
import pytest

from mathlib.exercises import evaluate, questions, reference

from .exercise_helpers import fail_message, no_checker_defects  # noqa: F401


# -- 18.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_the_library_s():
    from mathlib.optim import cosine_annealing, exponential_decay, step_decay
    assert np.isclose(step_decay(25, lr0=0.2, step_size=10, gamma=0.5), 0.05)
    assert np.isclose(exponential_decay(3, lr0=0.2, gamma=0.5), 0.025)
    assert np.isclose(cosine_annealing(20, lr0=0.2, t_max=60), 0.15)
    assert evaluate("18.1", (0.05, 0.025, 0.15)).status == "pass"


@pytest.mark.parametrize("answer, words", [
    ((0.2 * 0.5 ** 2.5, 0.025, 0.15), "without rounding down"),
    ((0.025, 0.025, 0.15), "the third drop comes at t = 30"),
    ((0.05, 0.05, 0.15), "multiplied by 0.5 twice"),
    ((0.05, 0.025, 0.3), "left out the division by 2"),
    ((0.05, 0.025, 0.05), "the value at t = 40"),
    ((0.1, 0.025, 0.15), "you multiplied by gamma once"),
    ((0.05, 0.025, 0.1), "lr0 cos(pi t / t_max) = 0.2 x 1/2"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("18.1", answer)


def _notebook_cell(cell_id):
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / "18_learning_rate_schedules.ipynb"
    cell, = [c for c in json.loads(path.read_text())["cells"] if c["id"] == cell_id]
    return "".join(cell["source"])


def test_by_hand_the_notebook_s_question_is_the_one_checked():
    """The text's numbers (lr0, s, gamma, t, t_max), not the checker's, give the answer that
    passes: the text and the check ask one question."""
    import re
    from mathlib.optim import cosine_annealing, exponential_decay, step_decay
    text = " ".join(_notebook_cell("e19dfda0").split())
    lr0 = float(re.search(r"\\mathrm\{lr\}_0 = ([\d.]+)", text).group(1))
    s, gamma_s, t_s = re.search(r"step size \$s = (\d+)\$ and \$\\gamma = ([\d.]+)\$ at \$t = "
                                r"(\d+)\$", text).groups()
    gamma_e, t_e = re.search(r"exponential decay with \$\\gamma = ([\d.]+)\$ at \$t = (\d+)\$",
                             text).groups()
    t_max, t_c = re.search(r"t_\{\\max\} = (\d+)\$ and .*? at \$t = (\d+)\$", text).groups()
    answer = (step_decay(int(t_s), lr0=lr0, step_size=int(s), gamma=float(gamma_s)),
              exponential_decay(int(t_e), lr0=lr0, gamma=float(gamma_e)),
              cosine_annealing(int(t_c), lr0=lr0, t_max=int(t_max)))
    answer = tuple(round(float(a), 10) for a in answer)
    assert evaluate("18.1", answer).status == "pass", answer
    assert f"cosine at t = {t_c})" in _notebook_cell("3a4dd0db")     # the template's comment


def test_by_hand_a_value_that_is_not_a_rounding_is_not_called_one():
    message = fail_message("18.1", (0.05, 0.025, 0.1))       # cos = 0: the halfway value
    assert "rounded" not in message and "halfway value" in message
    assert "the right value rounded" in fail_message("18.1", (0.05, 0.025, 0.2))


def test_by_hand_one_drop_is_a_slip_not_a_rounding():
    """0.1 is 0.05 rounded half up to 1 decimal, but it is twice the answer: the listed slip (one
    drop instead of floor(25 / 10) = 2) is named, never "the right value rounded"; 0 neither."""
    message = fail_message("18.1", (0.1, 0.025, 0.15))
    assert "rounded" not in message and "floor(25 / 10) = 2" in message
    assert "rounded" not in fail_message("18.1", (0.0, 0.025, 0.15))
    assert "the right value rounded" in fail_message("18.1", (0.05, 0.03, 0.15))


def test_by_hand_a_listed_slip_wins_over_a_rounding():
    from mathlib.exercises._slips import by_hand_problem
    message = by_hand_problem((0.2,), ["x"], [0.15], {0: [(0.2, "you took the other branch")]})
    assert "other branch" in message and "rounded" not in message
    assert "rounded" in by_hand_problem((0.2,), ["x"], [0.15])


def test_by_hand_unlisted_number_names_no_slip():
    message = fail_message("18.1", (0.05, 0.025, 0.17))
    assert "It looks as if" not in message and "should be 0.15" in message


# -- 18.2 cosine annealing ------------------------------------------------------------------------
def test_cosine_shortcut_is_refused():
    from mathlib import optim
    message = fail_message("18.2", lambda t, lr0, t_max, lr_min: optim.cosine_annealing(
        t, lr0=lr0, t_max=t_max, lr_min=lr_min))
    assert "which computes the schedule for you" in message


@pytest.mark.parametrize("answer, words", [
    (lambda t, a, T, m: m + (a - m) * (1 + np.cos(np.pi * np.minimum(t, T) / T)) / 2,
     "held the rate at lr_min"),
    (lambda t, a, T, m: a * (1 + np.cos(np.pi * t / T)) / 2, "falls to 0, not to lr_min"),
    (lambda t, a, T, m: m + (a - m) * (1 + np.cos(2 * np.pi * t / T)) / 2, "whole period"),
])
def test_cosine_slips_are_named(answer, words):
    assert words in fail_message("18.2", answer)


def test_cosine_slip_not_named_when_not_the_cause():
    message = fail_message("18.2", lambda t, a, T, m: 0.05 + 0 * np.asarray(t, dtype=float))
    for words in ("held the rate", "falls to 0", "whole period", "division by 2", "flipped"):
        assert words not in message


def test_cosine_accepts_a_whole_number_and_arrays():
    right = reference("18.2")
    assert evaluate("18.2", right).status == "pass"
    assert np.isclose(right(50, 0.1, 100, 0.0), 0.05)


# -- 18.3 gamma of exponential decay ------------------------------------------------------------
def test_gamma_agrees_with_exponential_decay():
    from mathlib.optim import exponential_decay
    gamma = reference("18.3")(0.1, 0.001, 200)
    assert np.isclose(exponential_decay(200, lr0=0.1, gamma=gamma), 0.001, rtol=1e-12)
    assert np.isclose(gamma, 0.9772372209558107)


@pytest.mark.parametrize("answer, words", [
    (lambda a, b, n: (a / b) ** (1 / n), "other way up"),
    (lambda a, b, n: (b / a) ** (1 / (n - 1)), "root of order steps - 1"),
    (lambda a, b, n: np.log(b / a) / n, "log(gamma)"),
])
def test_gamma_slips_are_named(answer, words):
    assert words in fail_message("18.3", answer)


def test_gamma_wrong_for_another_reason_is_not_called_rounded():
    message = fail_message("18.3", lambda lr0, lr_end, steps: (lr_end / lr0) ** (1 // steps))
    assert "rounded" not in message and "should be 0.9772" in message


# -- 18.4 mini-batch SGD under a schedule ---------------------------------------------------------
def test_train_first_case_by_hand():
    from mathlib.exercises import nb18
    X, y, rates, batches = next(nb18._train_cases())
    # one step from 0 on rows 0, 1 with rate 0.5: w = 0.5 * (2/2) X_b^T y_b = (1, 2) / 2
    assert np.allclose(nb18._train_ref(X, y, rates, batches), [0.5, 1.0])


def test_train_agrees_with_mathlib_sgd_on_the_diabetes_data():
    from mathlib.exercises import nb18
    from mathlib.nn import mse_gradient
    from mathlib.optim import SGD
    X, y, runs = nb18._diabetes()
    for rates, batches, _ in runs:
        w, opt = np.zeros(X.shape[1]), SGD(lr=1.0)
        for rate, rows in zip(rates, batches):
            if rate > 0:
                opt.lr = rate
                opt.step([w], [X[rows].T @ mse_gradient(X[rows] @ w, y[rows])])
        assert np.allclose(nb18._train_ref(X, y, rates, batches), w, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("answer, words", [
    (lambda X, y, r, b: _loop(X, y, r, b, two=1.0), "left out the 2"),
    (lambda X, y, r, b: _loop(X, y, r, b, mean=False), "instead of averaging"),
    (lambda X, y, r, b: _loop(X, y, r, [np.arange(len(y))] * len(r)), "full-batch gradient"),
])
def test_train_slips_are_named(answer, words):
    assert words in fail_message("18.4", answer)


def _loop(X, y, rates, batches, two=2.0, mean=True):
    w = np.zeros(X.shape[1])
    for rate, rows in zip(rates, batches):
        g = two * X[rows].T @ (X[rows] @ w - y[rows])
        w = w - rate * (g / len(rows) if mean else g)
    return w


def test_train_error_on_the_diabetes_data_is_short():
    def train(X, y, rates, batches):
        w = np.zeros(2)                          # the small example's size, copied
        for rate, rows in zip(rates, batches):
            w = w - rate * 2 * X[rows].T @ (X[rows] @ w - y[rows]) / len(rows)
        return w
    message = fail_message("18.4", train)
    assert "<list of 100 arrays of shape (8,)>" in message and "array([" not in message
    assert len(message) < 1000, len(message)


def test_train_cases_are_described_as_they_are():
    """The text and the messages name the check's own batches and each schedule in full."""
    from mathlib.exercises import nb18
    text = " ".join(_notebook_cell("d0df7bb6").split())
    assert "with its batches and the schedules" not in text
    assert "batches and rates of its own" in text
    words = [w for _, _, w in nb18._diabetes()[2]]
    assert "cosine annealing from lr0 = 0.1 to 0 over t_max = 100 steps" in words[0]
    assert "step decay from lr0 = 0.2, times 0.1 every 20 steps" in words[1]
    assert "warm-up to lr0 = 0.02 times exponential decay with gamma = 0.97" in words[2]
    for phrase in ("100 steps of batches of 8 under cosine annealing from 0.1",
                   "60 steps of batches of 32 under step decay from 0.2, times 0.1 every 20 steps",
                   "60 steps of batches of 1 under a 10-step linear warm-up to 0.02 times "
                   "exponential decay with $\\gamma = 0.97$"):
        assert phrase in text, phrase

    def train(X, y, rates, batches):                 # right on the small cases only
        return nb18._train_ref(X, y, rates, batches) * (1.0 if len(X) < 10 else 1.5)
    message = fail_message("18.4", train)
    assert "cosine annealing from lr0 = 0.1 to 0 over t_max = 100 steps" in message, message


def test_train_check_is_cheap():
    import time
    start = time.perf_counter()
    evaluate("18.4", reference("18.4"))
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("id", ["18.2", "18.3", "18.4"])
def test_float16_results_fail(id):
    ref = reference(id)
    assert "float16 keeps about 3 digits" in fail_message(
        id, lambda *a: np.asarray(ref(*a)).astype(np.float16))


# -- the concept questions of 18 ------------------------------------------------------------------
def test_questions_of_18_have_one_right_option_each_at_different_positions():
    positions = []
    for id in ("18.q1", "18.q2", "18.q3"):
        q = questions.QUESTIONS[id]
        right = [i for i, o in enumerate(q.options) if o.right]
        assert len(right) == 1
        positions.append(right[0])
    assert len(set(positions)) == 3
