"""The exercises of notebook 09: causes named only when they fit every case (a hard-coded word,
the diagonal ratio), the two-layer Jacobian (transfer) and its rules, the by-hand eigenvalues."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises import nb09

from .test_exercises import assert_speaks_to_learner


def _message(id, answer):
    result = evaluate(id, answer)
    assert result.status == "fail", result.message
    assert_speaks_to_learner(result)
    return result.message


# -- 09.1 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["minimum", "saddle", "maximum", "inconclusive"])
def test_09_1_a_hard_coded_word_is_told_as_such_with_no_other_cause(word):
    message = _message("09.1", lambda H: word)
    assert f"you said {word!r} for every Hessian" in message
    assert all(words not in message for _, words in nb09._CLASSIFY_SLIPS)


@pytest.mark.parametrize("k", range(len(nb09._CLASSIFY_SLIPS)))
def test_09_1_each_slip_fails_and_is_named_alone(k):
    rule, words = nb09._CLASSIFY_SLIPS[k]
    message = _message("09.1", lambda H: rule(H))
    assert words in message
    assert all(other not in message for _, other in nb09._CLASSIFY_SLIPS if other != words)


def test_09_1_a_slip_on_one_case_only_names_no_cause():
    def classify(H):               # right, except the determinant slip on 2 x 2 maxima
        lam = np.linalg.eigvalsh(H)
        if len(H) == 2 and np.all(lam < 0):
            return "minimum"
        return nb09._truth(lam)
    message = _message("09.1", classify)
    assert "so the answer is 'maximum'" in message
    assert all(words not in message for _, words in nb09._CLASSIFY_SLIPS)


# -- 09.2 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("k", range(len(nb09._TWO_LAYER_SLIPS) - 1))
def test_09_2_each_slip_fails_and_is_named_alone(k):
    slip = nb09._TWO_LAYER_SLIPS[k]
    message = _message("09.2", nb09._as_learner(slip))
    assert slip.words in message
    assert all(o.words not in message for o in nb09._TWO_LAYER_SLIPS if o is not slip)


def test_09_2_one_layer_only_and_transposed_shapes_are_told():
    assert "the Jacobian dy/dh of the second layer alone" in _message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._layer_jacobian(W2, b2, nb09._hidden(W1, b1, x)))
    assert "the Jacobian dh/dx of the first layer alone" in _message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._layer_jacobian(W1, b1, x))
    assert "one row per output and one column per input" in _message(
        "09.2", lambda W1, b1, W2, b2, x: nb09._two_layer_jacobian(W1, b1, W2, b2, x).T)


def test_09_2_a_list_of_strings_is_told_as_text_not_as_a_shape():
    message = _message("09.2", lambda W1, b1, W2, b2, x: [
        [str(v) for v in row] for row in nb09._two_layer_jacobian(W1, b1, W2, b2, x).T])
    assert "holds text" in message and "shape" not in message


def test_09_2_feedback_prints_matrices_row_by_row():
    def jacobian(W1, b1, W2, b2, x):               # the slope 1 - y instead of 1 - y^2
        h = np.tanh(W1 @ x + b1)
        y = np.tanh(W2 @ h + b2)
        return np.diag(1 - y) @ W2 @ np.diag(1 - h ** 2) @ W1
    message = _message("09.2", jacobian)
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


def test_09_2_reference_agrees_with_central_differences():
    from mathlib.calculus import jacobian
    for W1, b1, W2, b2, x, _ in nb09._two_layer_cases():
        numeric = jacobian(lambda v: np.tanh(W2 @ np.tanh(W1 @ v + b1) + b2), x)
        np.testing.assert_allclose(nb09._two_layer_jacobian(W1, b1, W2, b2, x), numeric,
                                   atol=1e-8)


# -- 09.3 -----------------------------------------------------------------------------------------
def test_09_3_a_ratio_that_matches_the_diagonal_once_is_not_named_diagonal():
    message = _message("09.3", lambda H: np.max(np.abs(H)) / np.min(np.abs(H[np.abs(H) > 0])))
    assert "diagonal" not in message and "the condition number λ_max / λ_min is 6" in message


# -- 09.4 -----------------------------------------------------------------------------------------
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
    assert words in _message("09.4", answer)


def test_09_4_reference_agrees_with_numpy():
    H = np.array([[2.0, 1.0], [1.0, 2.0]])
    lam = np.linalg.eigvalsh(H)
    lam_max, lam_min, kappa, lr_max = REGISTRY["09.4"].reference()
    assert (lam_max, lam_min) == pytest.approx((lam[-1], lam[0]))
    assert kappa == pytest.approx(np.linalg.cond(H)) and lr_max == pytest.approx(2 / lam[-1])


# -- the learner review of 06-09 -------------------------------------------------------------------
def _cell_text(cell_id):
    import json
    from pathlib import Path
    notebook = Path(__file__).parents[1] / "notebooks" / "09_jacobian_hessian_curvature.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "".join(next(c for c in cells if c.get("id") == cell_id)["source"])
    return " ".join(text.split())


@pytest.mark.parametrize("eigenvalues", [
    np.linalg.eigvalsh, lambda H: np.linalg.eigvals(H).real, lambda H: np.linalg.eigh(H)[0]])
def test_09_1_eigenvalues_in_float32_are_told_as_float32(eigenvalues):
    message = _message("09.1", lambda H: nb09._truth(eigenvalues(H.astype(np.float32))))
    assert "computed in float32" in message and "Compute them in float64" in message


def test_09_1_a_test_against_exact_zero_in_float64_is_not_called_float32():
    def classify(H):                   # compares with 0 instead of the 1e-10 of the text
        lam = np.linalg.eigvalsh(H)
        up, down = np.any(lam > 0), np.any(lam < 0)
        return ("saddle" if up and down else "minimum" if np.all(lam > 0) else
                "maximum" if np.all(lam < 0) else "inconclusive")
    assert "float32" not in _message("09.1", classify)


def test_09_1_capitals_and_spaces_pass_and_the_text_says_so():
    assert evaluate("09.1", lambda H: nb09._truth(np.linalg.eigvalsh(H)).capitalize()).passed
    assert evaluate("09.1", lambda H: " " + nb09._truth(np.linalg.eigvalsh(H)).upper()).passed
    text = _cell_text("b107ac1a")
    assert "capital letters and spaces around the word do not matter" in text
    assert "size below `1e-10` as zero" in text and "float64" in text


def test_09_3_a_float16_condition_number_fails():
    kappas = [float(np.max(lam) / np.min(lam)) for _, lam, _ in nb09._condition_cases()]
    assert any(float(np.float16(k)) != k for k in kappas)
    message = _message("09.3", lambda H: np.float16(np.linalg.eigvalsh(H)[-1]
                                                    / np.linalg.eigvalsh(H)[0]))
    assert "float16 keeps about 3 digits" in message
    assert evaluate("09.3", lambda H: np.float32(np.linalg.eigvalsh(H)[-1]
                                                 / np.linalg.eigvalsh(H)[0])).passed


def test_09_4_a_float32_answer_is_told_as_float32_not_as_rounded():
    message = _message("09.4", (3, 1, 3, np.float32(2 / 3)))
    assert "stored as float32" in message and "is rounded" not in message


def test_09_q1_b_hedges_the_saddle_claim_as_the_notebook_does():
    from mathlib.exercises.questions import QUESTIONS
    explanation = QUESTIONS["09.q1"].option("b").explanation
    assert "heuristic" in explanation and "far more common" in explanation
    assert "heuristic, not a theorem" in _cell_text("51b725c5")
