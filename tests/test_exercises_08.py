"""The exercises of notebook 08: the learning-rate limit of a new quadratic (not the worked
example's number), the stopping rule of 08.4 and its slips, two steps by hand."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate
from mathlib.exercises import nb08

from .exercise_helpers import PASS, cell_text, fail_message, no_checker_defects  # noqa: F401


# -- 08.1 one gradient-descent step ---------------------------------------------------------------
def test_08_1_a_list_passes_and_the_text_says_so():
    assert evaluate("08.1", lambda w, g, lr: [wi - lr * gi for wi, gi in zip(w, g)]).passed
    assert "a list of the same numbers is accepted too" in cell_text(
        "08_gradient_descent.ipynb", "ea0c2d87")


def test_08_new_weights_message_is_grammatical():
    message = fail_message("08.1", lambda w, g, lr: (w - lr * g)[:-1])
    assert "the answer (the new weights, one per weight) has shape (2,)" in message


# -- 08.2 a whole gradient-descent run ------------------------------------------------------------
def test_08_2_and_08_4_refuse_mathlibs_gradient_descent_and_take_an_own_helper():
    from mathlib.optim import gradient_descent as mathlib_gd

    result = evaluate("08.2", lambda grad, w0, lr, steps: mathlib_gd(
        grad, w0, learning_rate=lr, steps=steps).path)
    assert result.status == "fail"
    assert ("your function called gradient_descent, which runs the loop for you "
            "(this exercise asks you to write it)") in result.message

    def gradient_descent(grad, w0, lr, steps):     # the learner's own helper of that name
        path = [np.asarray(w0, dtype=float)]
        for _ in range(steps):
            path.append(path[-1] - lr * grad(path[-1]))
        return np.array(path)
    assert evaluate("08.2", lambda grad, w0, lr, steps: gradient_descent(grad, w0, lr,
                                                                         steps)).passed

    def fit_line_gd(x, y, learning_rate, tol, max_steps):
        grad = lambda t: np.array([2 * np.mean((t[0] * x + t[1] - y) * x),   # noqa: E731
                                   2 * np.mean(t[0] * x + t[1] - y)])
        run = mathlib_gd(grad, [0.0, 0.0], learning_rate=learning_rate, steps=max_steps)
        norms = np.linalg.norm([grad(p) for p in run.path], axis=1)
        k = int(np.argmax(norms < tol)) if np.any(norms < tol) else max_steps
        return (*run.path[k], k)
    result = evaluate("08.4", fit_line_gd)
    assert result.status == "fail" and "which runs the loop for you" in result.message


def _08_run_in_place(start_aliased):
    def run_gd(grad, w0, learning_rate, steps):
        w = np.array(w0, dtype=float)
        path = [w if start_aliased else np.array(w0, dtype=float)]
        for _ in range(steps):
            w -= learning_rate * grad(w)
            path.append(w)
        return np.array(path)
    return run_gd


@pytest.mark.parametrize("start_aliased,rows", [(True, "every row"),
                                                (False, "every row after the start")])
def test_08_aliased_path_is_named_as_aliasing(start_aliased, rows):
    message = fail_message("08.2", _08_run_in_place(start_aliased))
    assert f"{rows} of your path is the same array object, changed in place" in message
    assert "w.copy()" in message and "first row" not in message


def test_08_a_wrong_row_is_counted_from_0_and_says_so():
    def run_gd(grad, w0, learning_rate, steps):      # the gradient at the start, every step
        w, g, path = np.asarray(w0, dtype=float), grad(w0), [np.asarray(w0, dtype=float)]
        for _ in range(steps):
            w = w - learning_rate * g
            path.append(w)
        return np.array(path)
    message = fail_message("08.2", run_gd)
    assert "row 2 of the path (counting from 0: row 0 is the start, row 2 the point after 2 " \
           "steps)" in message


# -- 08.3 the largest stable learning rate --------------------------------------------------------
def test_08_3_wrong_limit_feedback_does_not_give_the_curvature_away():
    for wrong in (2 / 3, 1 / 6, 0.25):
        message = fail_message("08.3", wrong)
        assert "a = 6" not in message and "0.3333" not in message and "1/3" not in message


def test_08_3_is_not_the_worked_examples_number():
    assert REGISTRY["08.3"].reference() == pytest.approx(1 / 3)
    assert "the one-step rate of the notebook's 2 w²" in fail_message("08.3", 0.25)
    assert "is rounded" in fail_message("08.3", 0.333)


def test_08_3_exactly_means_what_06_4_and_09_4_mean():
    # six decimals are rounded (as in 06.4 and 09.4); float64 rounding of 1/3 passes
    for rounded in (0.33, 0.333333, 0.3333333):
        assert "is rounded" in fail_message("08.3", rounded)
    assert evaluate("08.3", 0.3333333333).passed and evaluate("08.3", 1 / 3).passed
    assert "stored as float32, which keeps about 7 digits" in fail_message("08.3",
                                                                           np.float32(1 / 3))
    assert "is rounded" in fail_message("09.4", (3, 1, 3, 0.666667))
    assert "is rounded" in fail_message("06.4", (8, 40, 20, 24, 21.333333))


# -- 08.4 gradient descent that knows when to stop ------------------------------------------------
def test_08_4_sums_instead_of_means_is_diagnosed_as_divergence():
    message = fail_message("08.4", lambda x, y, lr, tol, n: nb08._line_gd(x, y, lr, tol, n,
                                                                      reduce=np.sum))
    assert "your steps grew until the numbers overflowed" in message
    assert "sums instead of means, the gradient is n = 150 times larger" in message
    assert "item 0" not in message and "nan" not in message.split("(inf or nan)")[-1]


def test_08_4_updating_b_with_the_new_w_is_diagnosed():
    def fit_line_gd(x, y, learning_rate, tol, max_steps):
        w = b = 0.0
        for k in range(max_steps):
            gw, gb = 2 * np.mean((w * x + b - y) * x), 2 * np.mean(w * x + b - y)
            if np.hypot(gw, gb) < tol:
                return w, b, k
            w = w - learning_rate * gw
            b = b - learning_rate * 2 * np.mean(w * x + b - y)
        return w, b, max_steps
    message = fail_message("08.4", fit_line_gd)
    assert "already-updated w" in message and "simultaneous update" in message


@pytest.mark.parametrize("k", range(len(nb08._FIT_SLIPS)))
def test_08_4_each_slip_fails_and_is_named_alone(k):
    slip = nb08._FIT_SLIPS[k]
    message = fail_message("08.4", nb08._as_fit_answer(slip))
    if "sums instead of means" in slip.words:
        assert "overflowed" in message          # this slip diverges: told as divergence
        return
    assert slip.words in message
    assert all(o.words not in message for o in nb08._FIT_SLIPS if o is not slip)


def test_08_4_counting_the_steps_wrongly_is_told():
    message = fail_message("08.4",
                           lambda x, y, lr, tol, n: (*nb08._line_gd(x, y, lr, tol, n)[:2], n))
    assert "the run stops after 690 steps; yours says 5000" in message


# -- 08.5 two gradient-descent steps by hand ------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    ((-1.5, -3.75), "climbs uphill"), ((0.75, 1.3125), "the factor 2"),
    ((6, 0), "the learning rate is missing"), ((1.5, 3), "uses f'(w0) again"),
    ((2.25, 1.5), "the order is (w1, w2)"),
])
def test_08_5_by_hand_slips_are_named(answer, words):
    assert words in fail_message("08.5", answer)


def test_08_5_reference_agrees_with_a_run():
    from mathlib.optim import gradient_descent
    run = gradient_descent(lambda w: 2 * (w - 3), 0.0, learning_rate=0.25, steps=2)
    np.testing.assert_allclose(run.path[1:, 0], REGISTRY["08.5"].reference())


# -- the concept questions of 08 ------------------------------------------------------------------
def test_08_q4_exactly_the_true_statements_are_right():
    from mathlib.exercises.questions import QUESTIONS, evaluate_question
    q = QUESTIONS["08.q4"]
    right = [o.text for o in q.options if o.right]
    assert any("2-cycle" in t for t in right) and any("gradient norm" in t for t in right)
    assert not any("tiny" in t and "means" in t for t in right)        # the 2-cycle disproves it
    assert not any(o.right for o in q.options if "cannot be too large" in o.text)
    assert evaluate_question("08.q4", q.right_letters).status == PASS
    q1 = QUESTIONS["08.q1"]
    assert not any("negative learning rate" in o.text for o in q1.options)


# -- across the exercises of 08 -------------------------------------------------------------------
def test_08_3_the_limit_is_where_the_run_stops_converging():
    from mathlib.optim import gradient_descent
    grad = lambda w: 6 * w          # noqa: E731  f = 3 w^2
    assert not gradient_descent(grad, 1.0, learning_rate=0.99 / 3, steps=2000).diverged
    assert abs(gradient_descent(grad, 1.0, learning_rate=0.99 / 3, steps=2000).path[-1, 0]) < 1e-3
    assert gradient_descent(grad, 1.0, learning_rate=1.01 / 3, steps=5000).diverged


def test_08_4_reference_agrees_with_mathlib_optim():
    from mathlib.optim import gradient_descent
    x, y = nb08.flowers150()
    w, b, steps = nb08._line_gd(x, y, 0.05, 1e-6, 5000)
    grad = lambda t: np.array([2 * np.mean((t[0] * x + t[1] - y) * x),   # noqa: E731
                               2 * np.mean(t[0] * x + t[1] - y)])
    run = gradient_descent(grad, [0.0, 0.0], learning_rate=0.05, steps=steps)
    np.testing.assert_allclose(run.path[-1], [w, b], rtol=1e-12)
    assert np.linalg.norm(grad(run.path[-1])) < 1e-6 <= np.linalg.norm(grad(run.path[-2]))


def test_08_4_the_text_gives_the_number_of_steps_of_the_iris_run():
    x, y = nb08.flowers150()
    steps = nb08._line_gd(x, y, 0.05, 1e-6, 5000)[2]
    assert 650 <= steps <= 750 and steps == 690
    assert "stops after about 700 steps" in cell_text("08_gradient_descent.ipynb", "aadde184")
