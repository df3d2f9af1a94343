"""Notebook 02's exercises: the rule of 02.3 by behaviour, the causes named only when they fit
every case, the new exercises 02.5 (the column layout) and 02.6 (elimination by hand)."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate, nb02

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 02.1 the shape of a layer's output -----------------------------------------------------------
def test_hints_narrow_without_dictating_the_code():
    shape_hints = REGISTRY["02.1"].hints
    assert "32" not in shape_hints[0] and "(m x n)" in shape_hints[1]
    assert "then add b" not in REGISTRY["02.2"].hints[-1]


# -- 02.2 a dense layer Z = X W + b ---------------------------------------------------------------
@pytest.mark.parametrize("id, answer, name", [
    ("02.2", lambda X, W, b: (lambda Z: (X.fill(0), b.fill(0), Z)[2])(X @ W + b), "X"),
    ("02.4", lambda x, y: (lambda w, c: (x.__isub__(x.mean()), (w, c))[1])(
        *np.polyfit(x, y, 1)), "x"),
])
def test_a_changed_input_fails(id, answer, name):
    message = fail_message(id, answer)
    assert f"your function changed its input {name}" in message
    assert "compute with new arrays" in message


# -- 02.3 matrix multiplication with loops --------------------------------------------------------
@pytest.mark.parametrize("answer, shown", [
    (lambda A, B: A @ B, "used @ on arrays of shapes (2, 3) and (3, 2)"),
    (lambda A, B: np.matmul(A, B), "called np.matmul"),
    (lambda A, B: np.einsum("ik,kj->ij", A, B), "called np.einsum"),
    (lambda A, B: np.dot(A, B), "called np.dot"),
    (lambda A, B: np.inner(A, B.T), "called np.inner"),
    (lambda A, B: (A[:, :, None] * B[None]).sum(axis=1), "broadcast product"),
    (lambda A, B: np.array([A[i] @ B for i in range(len(A))]), "used @ on arrays of shapes (3,)"),
    (lambda A, B: getattr(np, "mat" + "mul")(A, B), "called np.matmul"),
])
def test_matmul_with_loops_rejects_whole_products_by_behaviour(answer, shown):
    message = fail_message("02.3", answer)
    assert shown in message and "which computes several entries of a matrix product at once" \
        in message


def _loops_then_self_check(A, B):
    C = nb02._loops_and_dot(A, B)
    assert np.allclose(C, A @ B)
    return C


def test_matmul_row_times_column_in_loops_passes_and_a_whole_product_check_does_not():
    def row_at_column(A, B):
        C = np.zeros((A.shape[0], B.shape[1]))
        for i in range(A.shape[0]):
            for j in range(B.shape[1]):
                C[i, j] = A[i] @ B[:, j]
        return C

    def matmul(a, b):                      # a learner's own helper with numpy's name
        return [[sum(a[i, k] * b[k, j] for k in range(a.shape[1])) for j in range(b.shape[1])]
                for i in range(a.shape[0])]

    def with_own_helper(A, B):
        return np.array(matmul(A, B))

    for answer in (row_at_column, nb02._loops_and_dot, with_own_helper):
        assert evaluate("02.3", answer).status == PASS
    assert "used @ on arrays of shapes (2, 3) and (3, 2)" in fail_message("02.3",
                                                                          _loops_then_self_check)


def test_matmul_integer_results_are_explained():
    message = fail_message("02.3", nb02._int_loops)
    assert "your result holds whole numbers only (its dtype is int64" in message
    assert "should be 6.5, yours is 6" in message and "np.zeros((m, p))" in message


def test_matmul_refuses_the_course_matmul_by_name():
    import mathlib.linalg
    from mathlib.linalg import matmul
    for answer in (lambda A, B: matmul(A, B), lambda A, B: mathlib.linalg.matmul(A, B)):
        assert "which computes several entries of a matrix product at once" in \
            fail_message("02.3", answer)
    dots = lambda A, B: np.array([[mathlib.linalg.dot(A[i], B[:, j])   # noqa: E731
                                   for j in range(B.shape[1])] for i in range(A.shape[0])])
    assert evaluate("02.3", dots).status == PASS


# -- 02.4 the least-squares line through the petals -----------------------------------------------
def _cov_over_var(ddof_cov, ddof_var):
    def fit_line(x, y):
        w = np.cov(x, y, ddof=ddof_cov)[0, 1] / np.var(x, ddof=ddof_var)
        return w, np.mean(y) - w * np.mean(x)
    return fit_line


def test_fit_line_mixed_divisors_are_named_only_when_they_fit():
    for answer in (_cov_over_var(1, 0), _cov_over_var(0, 1)):
        assert "divided by different numbers" in fail_message("02.4", answer)
    nearly = lambda x, y: (lambda w, b: (1.01 * w, b))(*nb02._least_squares(x, y))   # noqa: E731
    message = fail_message("02.4", nearly)
    assert "divided by different numbers" not in message and "sum of squared errors" in message
    # right on the Iris petals, mixed divisors elsewhere: not one cause on every case, not named
    only_later = lambda x, y: (tuple(nb02._least_squares(x, y)) if len(x) == 150   # noqa: E731
                               else _cov_over_var(1, 0)(x, y))
    assert "divided by different numbers" not in fail_message("02.4", only_later)


def test_fit_line_typed_in_numbers_are_named():
    assert "rounded to 4 decimals" in fail_message("02.4", lambda x, y: (0.4158, -0.3631))


def test_fit_line_typed_in_or_rounded_numbers_are_named():
    from mathlib.data import load_iris
    X = load_iris().X
    w, b = np.linalg.lstsq(np.column_stack([X[:, 2], np.ones(150)]), X[:, 3], rcond=None)[0]
    typed = fail_message("02.4", lambda x, y: (0.4158, -0.3631))
    assert "is the least-squares line rounded to 4 decimals" in typed
    assert "Return the computed values" in typed and "sum of squared errors" not in typed
    fixed = fail_message("02.4", lambda x, y: (w, b))
    assert "you returned the same (w, b)" in fixed and "not typed-in numbers" in fixed


# -- 02.5 a layer stored as (outputs, inputs) -----------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda X, W, b: X @ W + b, "that is the layout of exercise 02.2"),
    (lambda X, W, b: X @ W.T, "the bias is missing"),
    (lambda X, W, b: X @ W.T - b, "the bias is subtracted"),
    (lambda X, W, b: W @ X.T + b[:, None], "your result is the transpose of the outputs"),
])
def test_linear_slips_are_named(answer, words):
    message = fail_message("02.5", answer)
    assert words in message
    others = ["layout of exercise 02.2", "bias is missing", "bias is subtracted", "transpose"]
    assert sum(w in message for w in others) == 1


def test_linear_an_unknown_slip_names_no_cause():
    message = fail_message("02.5", lambda X, W, b: X @ W.T * 1.1 + b)
    assert "should be example" in message and "It looks" not in message


def test_the_new_exercises_are_registered_with_hints_and_answers():
    for id in ("02.5", "02.6"):
        ex = REGISTRY[id]
        assert len(ex.hints) == 3 and len(ex.wrong) >= 5 and len(ex.right) >= 3


# -- 02.6 a 2 x 2 system by elimination, by hand --------------------------------------------------
def test_elimination_by_hand():
    assert evaluate("02.6", (-1, 2)).status == PASS
    assert "in the other order" in fail_message("02.6", (2, -1))
    assert "4 - 2 * 1" in fail_message("02.6", (-5 / 3, 3))
    assert "6 x1 + 5 x2 = 4 gives 2, not 4" in fail_message("02.6", (1 / 3, 0))
    assert "e-16" not in fail_message("02.6", (5 / 3, -2))


# -- the concept questions of 02 ------------------------------------------------------------------
def test_q3_uses_the_notebooks_names_for_a_linear_system():
    from mathlib.exercises.questions import QUESTIONS
    words = " ".join(o.text + " " + o.explanation for o in QUESTIONS["02.q3"].options)
    assert "A x = b" not in words and "A x = y" in words
