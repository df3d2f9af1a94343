"""Notebook 19's exercises: the by-hand shrinkage values and their named slips, ridge against
numpy's least squares, the lasso's reference against its optimality conditions (exact zeros on the
diabetes data), the dropout variance against simulated masks, the forbidden dropout, and that
the notebook's text asks what the checks check."""

import json
from pathlib import Path

import numpy as np
import pytest

from mathlib import nn
from mathlib.exercises import evaluate

from .exercise_helpers import fail_message, no_checker_defects  # noqa: F401

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "19_regularisation.ipynb"


def _cell_text(start: str) -> str:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    text, = ["".join(c["source"]) for c in cells if start in "".join(c["source"])]
    return " ".join(text.split())


# -- 19.1 by hand ---------------------------------------------------------------------------------

def test_by_hand_values_are_the_minimisers():
    from scipy.optimize import minimize_scalar
    want = []
    for w0 in (3.0, 0.5):
        for penalty in (lambda w: nn.l2_penalty(w, lam=1.0), lambda w: nn.l1_penalty(w, lam=1.0)):
            res = minimize_scalar(lambda w: 0.5 * (w - w0) ** 2 + penalty(w), bounds=(-5, 5),
                                  method="bounded", options={"xatol": 1e-10})
            want.append(res.x)
    ridge3, lasso3, ridge05, lasso05 = want
    assert np.allclose([ridge3, lasso3, ridge05, lasso05], [1.5, 2.0, 0.25, 0.0], atol=1e-6)
    assert evaluate("19.1", (1.5, 2.0, 0.25, 0.0)).status == "pass"


def test_by_hand_text_asks_what_the_check_checks():
    text = _cell_text("**Exercise 19.1 (by hand).**")
    assert "$\\lambda = 1$" in text and "$w_0 = 3$" in text and "$w_0 = 0.5$" in text
    assert "(ridge at 3, lasso at 3, ridge at 0.5, lasso at 0.5)" in text


@pytest.mark.parametrize("answer, words", [
    ((1.0, 2.0, 0.25, 0.0), "without the 1/2"),
    ((1.5, 1.5, 0.25, 0.0), "like the ridge one"),
    ((1.5, 2.5, 0.25, 0.0), "you subtracted lam / 2"),
    ((1.5, 2.0, 0.25, -0.5), "crossed 0"),
    ((1.5, 2.0, 0.25, 0.25), "stops at 0"),
    ((3.0, 2.0, 0.25, 0.0), "you left w at w0"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("19.1", answer)


def test_by_hand_a_rounding_is_not_a_slip():
    message = fail_message("19.1", (1.5, 2.0, 0.3, 0.0))
    assert "rounded" in message and "It looks as if" not in message


# -- 19.2 ridge -----------------------------------------------------------------------------------

def test_ridge_reference_is_augmented_least_squares():
    from mathlib.exercises import nb19
    for X, y, lam in nb19._ridge_cases():
        d = X.shape[1]
        ref = np.linalg.lstsq(np.vstack([X, np.sqrt(lam) * np.eye(d)]),
                              np.concatenate([y, np.zeros(d)]), rcond=None)[0]
        assert np.allclose(nb19._ridge_ref(X, y, lam), ref, rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("wrong, words", [
    (lambda X, y, lam: np.linalg.solve(X.T @ X + 2 * lam * np.eye(X.shape[1]), X.T @ y),
     "you used 2 lam"),
    (lambda X, y, lam: np.linalg.solve(X.T @ X + lam / 2 * np.eye(X.shape[1]), X.T @ y),
     "you used lam / 2"),
    (lambda X, y, lam: np.linalg.lstsq(X, y, rcond=None)[0], "least-squares ones"),
    (lambda X, y, lam: np.linalg.solve(X.T @ X, X.T @ y) / (1 + lam), "divided the least-squares"),
])
def test_ridge_slips_are_named(wrong, words):
    assert words in fail_message("19.2", wrong)


def test_ridge_real_data_case_is_described():
    def only_small(X, y, lam):
        if len(y) == 442:
            return np.zeros(X.shape[1])
        return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    assert "standardised diabetes measurements" in fail_message("19.2", only_small)


# -- 19.3 lasso -----------------------------------------------------------------------------------

def test_lasso_reference_meets_the_optimality_conditions_with_exact_zeros():
    from mathlib.exercises import nb19
    X, y = nb19._diabetes()
    w = nb19._lasso_ref(X, y, 8000.0, 200)
    g = X.T @ (X @ w - y)
    nonzero = w != 0
    assert 0 < nonzero.sum() < 10                                   # some, not all, exactly 0
    assert np.allclose(g[nonzero], -8000.0 * np.sign(w[nonzero]), rtol=1e-6, atol=1e-3)
    assert np.all(np.abs(g[~nonzero]) <= 8000.0 + 1e-6)
    w10 = nb19._lasso_ref(X, y, 8000.0, 10)
    assert np.array_equal(w10 == 0, w == 0)                         # the checked case has zeros


def test_lasso_by_hand_case():
    from mathlib.exercises import nb19
    assert nb19._lasso_ref(np.array([[1.0], [1.0]]), np.array([3.0, 1.0]), 1.0, 1)[0] == 1.5


@pytest.mark.parametrize("kind, words", [
    ("threshold0", "never thresholded"), ("half", "thresholded at lam / 2"),
    ("jacobi", "all at once"),
])
def test_lasso_slips_are_named(kind, words):
    from mathlib.exercises import nb19
    options = {"threshold0": dict(threshold=0.0), "half": None, "jacobi": dict(jacobi=True),
               "nodivide": dict(divide=False)}[kind]
    if kind == "half":
        def wrong(X, y, lam, s):
            return nb19._lasso_ref(X, y, lam, s, threshold=lam / 2)
    else:
        def wrong(X, y, lam, s):
            return nb19._lasso_ref(X, y, lam, s, **options)
    assert words in fail_message("19.3", wrong)


# -- 19.4 dropout variance ------------------------------------------------------------------------

def test_dropout_variance_matches_simulated_masks():
    x = np.array([1.0, -3.0, 0.5])
    for p in (0.2, 0.5, 0.9):
        y = nn.dropout(np.broadcast_to(x, (200_000, 3)), p=p, rng=19)
        assert np.allclose(y.var(axis=0), x ** 2 * p / (1 - p), rtol=0.05)


def test_dropout_variance_forbids_nn_dropout():
    def simulate(x, p):
        return nn.dropout(np.broadcast_to(x, (1000,) + np.shape(x)), p=p, rng=0).var(axis=0)
    message = fail_message("19.4", simulate)
    assert "your function called dropout, which draws a random mask" in message


@pytest.mark.parametrize("wrong, words", [
    (lambda x, p: np.asarray(x) ** 2 * p * (1 - p), "without the division by 1 - p"),
    (lambda x, p: np.asarray(x) ** 2 / (1 - p), "subtracts the squared mean"),
])
def test_dropout_variance_slips_are_named(wrong, words):
    assert words in fail_message("19.4", wrong)


def test_each_check_is_cheap():
    import time
    from mathlib.exercises import REGISTRY
    import mathlib.exercises.nb19  # noqa: F401
    for id_ in ("19.1", "19.2", "19.3", "19.4"):
        right = REGISTRY[id_].right[0]
        evaluate(id_, right)
        start = time.perf_counter()
        assert evaluate(id_, right).status == "pass"
        assert time.perf_counter() - start < 1.0, id_


def test_by_hand_swapped_order_is_named_not_taken_for_slips():
    message = fail_message("19.1", (2.0, 1.5, 0.0, 0.25))
    assert "you gave the lasso weight first and the ridge weight second" in message
    assert "for w0 = 3 and w0 = 0.5" in message and "in that order your numbers are right" in message
    assert "like the ridge one" not in message
    message = fail_message("19.1", (2.0, 1.5, 0.25, 0.0))             # one pair swapped
    assert "for w0 = 3 you gave the lasso weight first" in message
    assert "like the ridge one" not in message
    message = fail_message("19.1", (2.0, 1.5, 0.5, 0.0))              # swapped, and a slip
    assert "for w0 = 3 you gave" in message and "you left w at w0" in message


def test_questions_are_asked_in_the_order_of_their_numbers():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    asked = [line.split('"')[1] for c in cells if c["cell_type"] == "code"
             for line in "".join(c["source"]).splitlines() if line.startswith('ask("')]
    assert asked == ["19.q1", "19.q2", "19.q3"]
    from mathlib.exercises import questions_19  # noqa: F401
    from mathlib.exercises.questions import QUESTIONS
    assert "exact zeros" in QUESTIONS["19.q2"].prompt and "test time" in QUESTIONS["19.q3"].prompt


def test_dropout_exercise_and_cell_tell_to_pass_one_generator():
    text = _cell_text("**Exercise 19.4.**")
    assert "rng = np.random.default_rng(0)" in text and "pass `rng=rng` on every call" in text
    assert "same mask" in text
    text = _cell_text("## Dropout")
    assert "passes `rng=rng` to every call" in text and "**same** mask" in text


def test_the_notebook_text_points_where_things_are_taught_and_says_what_is_printed():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    text = " ".join(" ".join("".join(c["source"]).split()) for c in cells)
    assert "notebook 16's bowl" not in text
    assert ("the quadratic bowl of [09 Jacobian, Hessian and curvature]"
            "(09_jacobian_hessian_curvature.ipynb)") in text
    assert "noise model, notebook 15" not in text and "Laplace-distributed noise" in text
    assert "coming in notebook" not in text and "(20_weight_initialisation.ipynb)" in text
    assert "within 0.05 of" not in text and "within about 0.05 of" in text
    assert "several validation" not in text and "2 of the 100 validation patients" in text
    assert "2 of the 312 test patients" in text
