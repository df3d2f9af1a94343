"""The exercises of notebook 09: causes named only when they fit every case (a hard-coded word,
the diagonal ratio), the two-layer Jacobian (transfer) and its rules, the by-hand eigenvalues."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate, questions
from mathlib.exercises import nb09

from .exercise_helpers import cell_text, fail_message, no_checker_defects  # noqa: F401


# -- 09.1 classify a critical point ---------------------------------------------------------------
@pytest.mark.parametrize("word", ["minimum", "saddle", "maximum", "inconclusive"])
def test_09_1_a_hard_coded_word_is_told_as_such_with_no_other_cause(word):
    message = fail_message("09.1", lambda H: word)
    assert f"you said {word!r} for every Hessian" in message
    assert all(words not in message for _, words in nb09._CLASSIFY_SLIPS)


@pytest.mark.parametrize("k", range(len(nb09._CLASSIFY_SLIPS)))
def test_09_1_each_slip_fails_and_is_named_alone(k):
    rule, words = nb09._CLASSIFY_SLIPS[k]
    message = fail_message("09.1", lambda H: rule(H))
    assert words in message
    assert all(other not in message for _, other in nb09._CLASSIFY_SLIPS if other != words)


def test_09_1_a_slip_on_one_case_only_names_no_cause():
    def classify(H):               # right, except the determinant slip on 2 x 2 maxima
        lam = np.linalg.eigvalsh(H)
        if len(H) == 2 and np.all(lam < 0):
            return "minimum"
        return nb09._truth(lam)
    message = fail_message("09.1", classify)
    assert "so the answer is 'maximum'" in message
    assert all(words not in message for _, words in nb09._CLASSIFY_SLIPS)


@pytest.mark.parametrize("eigenvalues", [
    np.linalg.eigvalsh, lambda H: np.linalg.eigvals(H).real, lambda H: np.linalg.eigh(H)[0]])
def test_09_1_eigenvalues_in_float32_are_told_as_float32(eigenvalues):
    message = fail_message("09.1", lambda H: nb09._truth(eigenvalues(H.astype(np.float32))))
    assert "computed in float32" in message and "Compute them in float64" in message


def test_09_1_a_test_against_exact_zero_in_float64_is_not_called_float32():
    def classify(H):                   # compares with 0 instead of the 1e-10 of the text
        lam = np.linalg.eigvalsh(H)
        up, down = np.any(lam > 0), np.any(lam < 0)
        return ("saddle" if up and down else "minimum" if np.all(lam > 0) else
                "maximum" if np.all(lam < 0) else "inconclusive")
    assert "float32" not in fail_message("09.1", classify)


def test_09_1_capitals_and_spaces_pass_and_the_text_says_so():
    assert evaluate("09.1", lambda H: nb09._truth(np.linalg.eigvalsh(H)).capitalize()).passed
    assert evaluate("09.1", lambda H: " " + nb09._truth(np.linalg.eigvalsh(H)).upper()).passed
    text = cell_text("09_jacobian_hessian_curvature.ipynb", "b107ac1a")
    assert "capital letters and spaces around the word do not matter" in text
    assert "size below `1e-10` as zero" in text and "float64" in text


def test_both_signs_with_a_zero_eigenvalue_is_a_saddle_not_inconclusive():
    from mathlib.exercises import nb09
    assert nb09._truth([2, -2, 0]) == "saddle" and nb09._truth([2, 0]) == "inconclusive"
    assert nb09._truth([-1, 0, 0]) == "inconclusive" and nb09._truth([1, 2]) == "minimum"

    def zero_first(H):
        lam = np.linalg.eigvalsh(H)
        if np.any(np.abs(lam) < 1e-10):
            return "inconclusive"
        return "minimum" if np.all(lam > 0) else "maximum" if np.all(lam < 0) else "saddle"
    message = fail_message("09.1", zero_first)
    assert "diag(2, -2, 0)" in message and "one negative already make a saddle" in message
    assert "both signs first" in REGISTRY["09.1"].hints[2]
    assert "up and down" in REGISTRY["09.1"].solution


# -- 09.2 the Jacobian of two tanh layers ---------------------------------------------------------
@pytest.mark.parametrize("k", range(len(nb09._TWO_LAYER_SLIPS) - 1))
def test_09_2_each_slip_fails_and_is_named_alone(k):
    slip = nb09._TWO_LAYER_SLIPS[k]
    message = fail_message("09.2", nb09._as_learner(slip))
    assert slip.words in message
    assert all(o.words not in message for o in nb09._TWO_LAYER_SLIPS if o is not slip)


def test_09_2_one_layer_only_and_transposed_shapes_are_told():
    assert "the Jacobian dy/dh of the second layer alone" in fail_message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._layer_jacobian(W2, b2, nb09._hidden(W1, b1, x)))
    assert "the Jacobian dh/dx of the first layer alone" in fail_message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._layer_jacobian(W1, b1, x))
    assert "one row per output and one column per input" in fail_message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._two_layer_jacobian(W1, b1, W2, b2, x).T)


def test_09_2_a_list_of_strings_is_told_as_text_not_as_a_shape():
    message = fail_message("09.2", lambda W1, b1, W2, b2, x: [
        [str(v) for v in row] for row in nb09._two_layer_jacobian(W1, b1, W2, b2, x).T])
    assert "holds text" in message and "shape" not in message


def test_09_2_feedback_prints_matrices_row_by_row():
    def jacobian(W1, b1, W2, b2, x):               # the slope 1 - y instead of 1 - y^2
        h = np.tanh(W1 @ x + b1)
        y = np.tanh(W2 @ h + b2)
        return np.diag(1 - y) @ W2 @ np.diag(1 - h ** 2) @ W1
    message = fail_message("09.2", jacobian)
    assert "should be (row by row)\n    [" in message and "\nyours is\n    [" in message
    rows = [line for line in message.splitlines() if line.startswith("    [")]
    assert len(rows) == 2 and all(line.endswith("]") and line.count(",") == 2 for line in rows)


def test_09_2_refuses_tools_that_differentiate_and_takes_own_helpers():
    from mathlib.calculus import jacobian

    def by_differences(W1, b1, W2, b2, x):
        return jacobian(lambda v: np.tanh(W2 @ np.tanh(W1 @ v + b1) + b2), x)
    result = evaluate("09.2", by_differences)
    assert result.status == "fail"
    assert ("your function called mathlib.calculus.jacobian, which approximates the Jacobian "
            "numerically (this exercise asks for the chain rule)") in result.message

    def jacobian(W, b, x):                          # the learner's own helper of that name
        return nb09._layer_jacobian(W, b, x)
    assert evaluate("09.2", lambda W1, b1, W2, b2, x: jacobian(
        W2, b2, np.tanh(W1 @ x + b1)) @ jacobian(W1, b1, x)).passed


# -- 09.3 the condition number --------------------------------------------------------------------
def test_09_3_a_ratio_that_matches_the_diagonal_once_is_not_named_diagonal():
    message = fail_message("09.3", lambda H: np.max(np.abs(H)) / np.min(np.abs(H[np.abs(H) > 0])))
    assert "diagonal" not in message and "the condition number λ_max / λ_min is 6" in message


def test_09_3_a_float16_condition_number_fails():
    kappas = [float(np.max(lam) / np.min(lam)) for _, lam, _ in nb09._condition_cases()]
    assert any(float(np.float16(k)) != k for k in kappas)
    message = fail_message("09.3", lambda H: np.float16(np.linalg.eigvalsh(H)[-1]
                                                    / np.linalg.eigvalsh(H)[0]))
    assert "float16 keeps about 3 digits" in message
    assert evaluate("09.3", lambda H: np.float32(np.linalg.eigvalsh(H)[-1]
                                                 / np.linalg.eigvalsh(H)[0])).passed


def test_condition_number_slips_are_named_only_when_one_fits():
    from mathlib.exercises import nb09
    eig = np.linalg.eigvalsh
    slips = [(lambda H: np.sqrt(eig(H)[-1] / eig(H)[0]), "the square root of λ_max / λ_min"),
             (lambda H: eig(H)[-1] / eig(H)[-2], "the largest eigenvalue over the second largest"),
             (lambda H: eig(H)[1] / eig(H)[0], "the second smallest eigenvalue over the smallest"),
             (lambda H: eig(H)[0] / eig(H)[-1], "the smallest eigenvalue over the largest"),
             (lambda H: eig(H)[-1] - eig(H)[0], "the difference λ_max − λ_min"),
             (lambda H: np.diag(H).max() / np.diag(H).min(), "diagonal entry")]
    for answer, words in slips:
        message = fail_message("09.3", answer)
        assert words in message
        assert all(w not in message for _, w in slips if w != words), message
    # the review's slip (0.72 / 0.18 = 4 on a geometric spectrum) is no longer also a square root
    for H, lam, _ in nb09._condition_cases():
        lam = np.sort(lam)
        if len(lam) > 2:
            values = [np.sqrt(lam[-1] / lam[0]), lam[-1] / lam[-2], lam[1] / lam[0]]
            assert len({round(v, 6) for v in values}) == 3 or lam[-1] == lam[-2]
    assert "square root of the condition number, " not in fail_message("09.3", slips[0][0])


# -- 09.4 eigenvalues, condition number and learning rate by hand ---------------------------------
@pytest.mark.parametrize("answer, words", [
    ((2, 2, 1, 1), "that is a diagonal entry"),
    ((3, -1, 3, 2 / 3), "so λ = 1 or λ = 3"),
    ((3, 1, 1 / 3, 2 / 3), "κ = λ_max / λ_min is at least 1"),
    ((3, 1, 3, 2), "that is 2 / λ_min"),
    ((3, 1, 3, 1 / 3), "that is 1 / λ_max"),
    ((3, 1, 3, 0.67), "is rounded"),
    ((1, 3, 3, 2 / 3), "the largest first"),
])
def test_09_4_by_hand_slips_are_named(answer, words):
    assert words in fail_message("09.4", answer)


def test_09_4_reference_agrees_with_numpy():
    H = np.array([[2.0, 1.0], [1.0, 2.0]])
    lam = np.linalg.eigvalsh(H)
    lam_max, lam_min, kappa, lr_max = REGISTRY["09.4"].reference()
    assert (lam_max, lam_min) == pytest.approx((lam[-1], lam[0]))
    assert kappa == pytest.approx(np.linalg.cond(H)) and lr_max == pytest.approx(2 / lam[-1])


def test_09_4_a_float32_answer_is_told_as_float32_not_as_rounded():
    message = fail_message("09.4", (3, 1, 3, np.float32(2 / 3)))
    assert "stored as float32" in message and "is rounded" not in message


# -- the concept questions of 09 ------------------------------------------------------------------
def test_09_q1_b_hedges_the_saddle_claim_as_the_notebook_does():
    from mathlib.exercises.questions import QUESTIONS
    explanation = QUESTIONS["09.q1"].option("b").explanation
    assert "heuristic" in explanation and "far more common" in explanation
    assert "heuristic, not a theorem" in cell_text("09_jacobian_hessian_curvature.ipynb",
                                                   "51b725c5")


# -- across the exercises of 09 -------------------------------------------------------------------
def test_09_2_reference_agrees_with_central_differences():
    from mathlib.calculus import jacobian
    for W1, b1, W2, b2, x, _ in nb09._two_layer_cases():
        numeric = jacobian(lambda v: np.tanh(W2 @ np.tanh(W1 @ v + b1) + b2), x)
        np.testing.assert_allclose(nb09._two_layer_jacobian(W1, b1, W2, b2, x), numeric,
                                   atol=1e-8)


def test_questions_09_do_not_give_the_answer_away_by_length_or_position():
    q = [questions.QUESTIONS[f"09.q{k}"] for k in range(1, 5)]
    positions = [[o.right for o in x.options].index(True) for x in q]
    assert len(set(positions)) >= 3
    for x in q:
        right = max(len(o.text) for o in x.options if o.right)
        assert right <= 1.05 * max(len(o.text) for o in x.options if not o.right)
