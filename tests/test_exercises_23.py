"""Notebook 23's exercises: the by-hand truth table, the perceptron's outputs (against numpy's
heaviside), NOR weights checked by behaviour, and Rosenblatt's rule on the Iris petals; each slip
named only when it is the cause, the forbidden learn refused."""

import numpy as np
import pytest

from mathlib.exercises import evaluate, reference

from .exercise_helpers import assert_passes, cell_text, fail_message, refused_message  # noqa: F401
from .exercise_helpers import no_checker_defects  # noqa: F401

NB = "23_sets_logic_perceptron"
INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


# -- 23.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_answer_is_numpy_s_heaviside():
    z = INPUTS @ [2.0, -1.0] - 1.0
    assert_passes("23.1", tuple(np.heaviside(z, 1.0)))


def test_by_hand_the_notebook_s_question_is_the_one_checked():
    import re
    text = cell_text(NB + ".ipynb", _markdown_id("Exercise 23.1"))
    w1, w2, b = re.search(r"\$w = \((-?\d+), (-?\d+)\)\$ and \$b = (-?\d+)\$", text).groups()
    z = INPUTS @ [float(w1), float(w2)] + float(b)
    assert_passes("23.1", tuple(np.heaviside(z, 1.0)))


@pytest.mark.parametrize("answer, words", [
    ((0, 0, 1, 0), "the step is 1 at z = 0"),
    ((-1, -2, 1, 1), "you gave z = w . x + b = -1, not the output"),
    ((0, 1, 1, 1), "you added w2 = -1 as if it were +1"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("23.1", answer)


@pytest.mark.parametrize("answer, words, not_words", [
    ((1, 1, 0, 0), "every output is flipped", ("w2 = -1", "not z > 0")),
    ((0, 1, 0, 1), "the outputs at (0, 1) and (1, 0) are swapped", ("w2 = -1",)),
    ((-1, -2, 1, 0), "you gave z = w . x + b at each input, not the output", ("not z > 0",)),
])
def test_by_hand_whole_answer_patterns_come_before_entry_causes(answer, words, not_words):
    message = fail_message("23.1", answer)
    assert words in message
    for other in not_words:
        assert other not in message


def test_by_hand_unlisted_answer_names_no_slip():
    message = fail_message("23.1", (0, 0, 0, 1))
    assert "It looks as if" not in message and "output at (1, 0) is 0; it should be 1" in message


# -- 23.2 perceptron -----------------------------------------------------------------------------
def test_perceptron_reference_is_heaviside():
    right = reference("23.2")
    rng = np.random.default_rng(1)
    X, w = rng.normal(size=(20, 3)), rng.normal(size=3)
    assert np.array_equal(right(X, w, 0.2), np.heaviside(X @ w + 0.2, 1.0))
    assert_passes("23.2", right)


@pytest.mark.parametrize("answer, words", [
    (lambda X, w, b: (X @ w + b > 0).astype(int), "compare with >= 0"),
    (lambda X, w, b: X @ w + b, "you returned z = w . x + b itself"),
    (lambda X, w, b: (X @ w >= 0).astype(int), "you left out the bias"),
    (lambda X, w, b: (X @ w - b >= 0).astype(int), "you subtracted the bias"),
    (lambda X, w, b: (X @ w + b < 0).astype(int), "your outputs are flipped"),
])
def test_perceptron_slips_are_named(answer, words):
    assert words in fail_message("23.2", answer)


def test_perceptron_slip_not_named_when_not_the_cause():
    message = fail_message("23.2", lambda X, w, b: np.ones(len(X), dtype=int))
    for words in ("compare with >= 0", "itself", "left out the bias", "subtracted", "flipped"):
        assert words not in message


def test_perceptron_iris_case_is_described():
    def wrong_on_many_rows(X, w, b):
        out = (X @ w + b >= 0).astype(int)
        return out if len(X) <= 4 else 1 - out
    message = fail_message("23.2", wrong_on_many_rows)
    assert "every 5th setosa or versicolor flower's petal length and width" in message


# -- 23.3 NOR ------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [(-1, -1, 0.5), (-1, -1, 0), (-10, -0.01, 0.005), [-2, -3, 1]])
def test_nor_any_working_weights_pass(answer):
    assert_passes("23.3", answer)


@pytest.mark.parametrize("answer, words", [
    ((1, 1, -0.5), "That is OR: NOR is its opposite"),
    ((-1, -1, 1.5), "That is NAND"),
    ((-1, -1, 1.0), "An input exactly on the line (z = 0) gives output 1"),
])
def test_nor_wrong_weights_are_explained(answer, words):
    message = fail_message("23.3", answer)
    assert words in message and message.startswith("Not yet: your perceptron does not")


def test_nor_names_each_wrong_input():
    message = fail_message("23.3", (-1, -1, -0.5))
    assert "at (0, 0) z = -0.5, so the output is 0 (NOR wants 1)" in message
    assert "(0, 1)" not in message and "That is" not in message


def test_nor_refuses_too_few_numbers():
    assert "is 3 numbers, not 2" in fail_message("23.3", (-1, -1))


# -- 23.4 Rosenblatt's rule ----------------------------------------------------------------------
def test_learn_reference_agrees_with_a_plain_heaviside_loop():
    from mathlib.data import load_iris
    iris = load_iris()
    X, y = iris.X[iris.y < 2][:, 2:4], iris.y[iris.y < 2]
    w, b = np.zeros(2), 0.0
    for _ in range(3):
        for x, t in zip(X, y):
            e = t - np.heaviside(x @ w + b, 1.0)
            w, b = w + e * x, b + e
    assert np.array_equal(reference("23.4")(X, y, 3), np.append(w, b))
    assert_passes("23.4", reference("23.4"))


def test_learn_library_function_is_refused():
    from mathlib.explorers import perceptron

    def lazy(X, y, epochs):
        fit = perceptron.learn(X, y, epochs=epochs)
        return np.append(fit.w, fit.b)
    assert "which runs the rule for you" in refused_message("23.4", lazy)


@pytest.mark.parametrize("index, words", [
    (0, "use z >= 0"), (1, "your bias never moves"), (2, "make epochs passes"),
    (3, "you took the error as yhat - y"), (6, "you went through the rows last to first"),
    (7, "one update per epoch from the summed errors"),
])
def test_learn_slips_are_named(index, words):
    from mathlib.exercises import REGISTRY
    assert words in fail_message("23.4", REGISTRY["23.4"].wrong[index])


def test_learn_slip_not_named_when_not_the_cause():
    from mathlib.exercises import REGISTRY
    message = fail_message("23.4", REGISTRY["23.4"].wrong[5])       # starts from w = 1, b = 1
    for words in ("z >= 0", "bias never moves", "epochs passes", "wrong sign", "last to first",
                  "one update per epoch"):
        assert words not in message


def test_learn_wrong_sign_is_the_loop_slip_not_a_negated_answer():
    from mathlib.exercises import REGISTRY
    flipped = REGISTRY["23.4"].wrong[3]            # error = yhat - y inside the loop
    assert "you took the error as yhat - y" in fail_message("23.4", flipped)
    assert "wrong sign" not in fail_message("23.4", lambda X, y, e: -reference("23.4")(X, y, e))


def test_learn_case_says_1_epoch():
    from mathlib.exercises import REGISTRY
    message = fail_message("23.4", REGISTRY["23.4"].wrong[0])
    assert "1 epoch," in message and "1 epochs" not in message


def test_learn_each_check_call_is_cheap():
    import time
    start = time.perf_counter()
    evaluate("23.4", reference("23.4"))
    assert time.perf_counter() - start < 1.0


def _markdown_id(words):
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{NB}.ipynb"
    cell, = [c for c in json.loads(path.read_text())["cells"] if words in "".join(c["source"])]
    return cell["id"]


def test_question_q1_counts_the_flowers_the_notebook_splits():
    import re
    from mathlib.exercises.questions import QUESTIONS
    prompt = QUESTIONS["23.q1"].prompt
    split = re.search(r"splits the first (\d+)\s+Iris flowers",
                      cell_text(NB + ".ipynb", _markdown_id("The cell splits the first"))).group(1)
    assert f"the {split} setosa and versicolor flowers" in prompt and "150" not in prompt


def test_smooth_loss_remark_names_15_s_loss_and_links_16_for_convexity():
    text = cell_text(NB + ".ipynb", _markdown_id("settles even then"))
    assert "logistic loss" not in text
    assert "binary cross-entropy of [15 Loss functions](15_loss_functions.ipynb)" in text
    assert "[16 Loss landscapes](16_loss_landscapes.ipynb)" in text
