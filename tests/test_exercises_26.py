"""Notebook 26's exercises: the by-hand Euler steps, the named slips (each only when it is the
cause), the forbidden library solvers, the stability limit on the diabetes regression, and the
residual network as Euler steps."""

import json
import time
from pathlib import Path

import numpy as np
import pytest

from mathlib.exercises import evaluate, questions, reference

from .exercise_helpers import fail_message, no_checker_defects  # noqa: F401


def _notebook_cells():
    path = Path(__file__).resolve().parents[1] / "notebooks" / "26_differential_equations.ipynb"
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


# -- 26.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_mathlib_s():
    from mathlib.ode import euler
    a = euler(lambda t, y: y, 1.0, [0.0, 0.5, 1.0])[-1, 0]
    b = euler(lambda t, y: -3 * y, 1.0, [0.0, 1.0, 2.0])[1:, 0]
    assert evaluate("26.1", (a, *b)).status == "pass"
    assert (a, *b) == (2.25, -2.0, 4.0)


def test_by_hand_the_notebook_asks_the_checked_question():
    text = " ".join(next(c for c in _notebook_cells() if "Exercise 26.1" in c).split())
    assert "$dy/dt = y$, $y(0) = 1$, with two steps of $h = 0.5$" in text
    assert "$dy/dt = -3y$, $y(0) = 1$, with $h = 1$" in text and "after one step, and after two" in text


@pytest.mark.parametrize("answer, words", [
    ((2.0, -2.0, 4.0), "one step of h = 1 instead of two steps"),
    ((np.e, -2.0, 4.0), "exact solution e^1"),
    ((2.25, 4.0, 16.0), "wrong way"),
    ((2.25, -2.0, -4.0), "where the slope is -3 x (-2) = 6"),
    ((2.25, np.exp(-3), np.exp(-6)), "exact solution e^(-3)"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("26.1", answer)


def test_by_hand_unlisted_number_names_no_slip():
    message = fail_message("26.1", (2.3, -2.0, 4.0))
    assert "It looks as if" not in message and "should be 2.25" in message


# -- 26.2 Euler's method --------------------------------------------------------------------------
def test_euler_library_call_is_refused():
    from mathlib.ode import euler
    message = fail_message("26.2", lambda f, y0, t: euler(f, y0, t))
    assert "called euler, which is the answer itself" in message
    message = fail_message("26.2", lambda f, y0, t: __import__("mathlib.ode").ode.rk4(f, y0, t))
    assert "called rk4, which is a different method" in message


def test_euler_reference_is_mathlib_s():
    from mathlib.exercises import nb26
    from mathlib.ode import euler
    for f, y0, t in nb26._euler_cases():
        assert np.allclose(nb26._euler_ref(f, y0, t), euler(f, y0, t), rtol=1e-13, atol=1e-14)


def _even_steps(f, y0, t):
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    h, rows = t[1] - t[0], [y]
    for k in range(len(t) - 1):
        y = y + h * f(t[k], y)
        rows.append(y)
    return np.array(rows)


def _no_first_row(f, y0, t):
    y, rows = np.atleast_1d(np.asarray(y0, dtype=float)), []
    for k in range(len(t) - 1):
        y = y + (t[k + 1] - t[k]) * f(t[k], y)
        rows.append(y)
    return np.array(rows)


def _end_slope(f, y0, t):
    y, rows = np.atleast_1d(np.asarray(y0, dtype=float)), []
    rows.append(y)
    for k in range(len(t) - 1):
        y = y + (t[k + 1] - t[k]) * f(t[k + 1], y)
        rows.append(y)
    return np.array(rows)


@pytest.mark.parametrize("answer, words", [
    (_even_steps, "t[1] - t[0] for every step"),
    (_no_first_row, "no row for t[0]"),
    (_end_slope, "at t[k + 1], the end of the step"),
])
def test_euler_slips_are_named(answer, words):
    assert words in fail_message("26.2", answer)


def test_euler_slip_not_named_when_not_the_cause():
    def half_wrong(f, y0, t):                  # right on even grids, wrong otherwise in another way
        Y = _even_steps(f, y0, t)
        return Y * 1.01 if len(t) > 5 else Y
    message = fail_message("26.2", half_wrong)
    assert "t[1] - t[0]" not in message and "should be" in message


# -- 26.3 the stability limit ---------------------------------------------------------------------
def test_stable_step_on_the_diabetes_data_is_the_notebook_s():
    from mathlib.exercises import nb26
    A = nb26._diabetes_flow()
    limit = reference("26.3")(A)
    assert limit == pytest.approx(2 / 8.048, rel=1e-3)
    # Euler just below the limit decays along every direction, just above it grows
    for factor, grows in ((0.99, False), (1.01, True)):
        M = np.eye(11) + factor * limit * A
        assert (np.max(np.abs(np.linalg.eigvalsh(M))) > 1) == grows


@pytest.mark.parametrize("answer, words", [
    (lambda A: 2 / np.min(np.abs(np.linalg.eigvalsh(A))), "the smallest |eigenvalue|"),
    (lambda A: 1 / np.max(np.abs(np.linalg.eigvalsh(A))), "starts to oscillate"),
    (lambda A: 2 / np.max(np.abs(np.diag(A))), "largest diagonal entry"),
    (lambda A: 2 / np.sum(np.abs(np.linalg.eigvalsh(A))), "the trace"),
])
def test_stable_step_slips_are_named(answer, words):
    assert words in fail_message("26.3", answer)


def test_stable_step_diabetes_message_names_the_data():
    def only_small(A):
        return 2 / np.max(np.abs(np.linalg.eigvalsh(A))) if len(A) < 6 else 0.3
    assert "diabetes regression's gradient flow" in fail_message("26.3", only_small)


# -- 26.4 residual network ------------------------------------------------------------------------
def test_residual_net_with_one_shared_block_is_mathlib_euler():
    from mathlib.ode import euler
    rng = np.random.default_rng(0)
    W, b, x = rng.standard_normal((3, 3)), rng.standard_normal(3), rng.standard_normal(3)
    out = reference("26.4")(x, [W] * 16, [b] * 16, 1 / 16)
    assert np.allclose(out, euler(lambda t, z: np.tanh(W @ z + b), x, np.arange(17) / 16)[-1])


@pytest.mark.parametrize("answer, words", [
    (lambda x, Ws, bs, h: _stack(x, Ws, bs, h, skip=False), "dropped the skip connection"),
    (lambda x, Ws, bs, h: _stack(x, Ws, bs, 1.0), "left out the step h"),
    (lambda x, Ws, bs, h: _stack(x, [W.T for W in Ws], bs, h), "W^T x"),
])
def test_residual_slips_are_named(answer, words):
    assert words in fail_message("26.4", answer)


def _stack(x, Ws, bs, h, skip=True):
    for W, b in zip(Ws, bs):
        x = (x if skip else 0) + h * np.tanh(W @ x + b)
    return x


def test_residual_net_does_not_change_the_input():
    def in_place(x, Ws, bs, h):
        for W, b in zip(Ws, bs):
            x += h * np.tanh(W @ x + b)
        return x
    message = fail_message("26.4", in_place)
    assert "your result is right, but your function changed its input x" in message


@pytest.mark.parametrize("id", ["26.2", "26.3", "26.4"])
def test_checks_are_cheap(id):
    start = time.perf_counter()
    evaluate(id, reference(id))
    assert time.perf_counter() - start < 1.0


def test_questions_of_26_have_one_right_option_each_at_different_positions():
    positions = []
    for k in ("26.q1", "26.q2", "26.q3"):
        q = questions.QUESTIONS[k]
        right = [i for i, o in enumerate(q.options) if o.right]
        assert len(right) == 1
        positions.append(right[0])
    assert len(set(positions)) == 3


# -- review fixes: the order slip of 26.1, f(y, t) and integer Y in 26.2, the Frobenius norm in 26.3
@pytest.mark.parametrize("answer", [(-2.0, 4.0, 2.25), (4.0, -2.0, 2.25), (2.25, 4.0, -2.0)])
def test_by_hand_right_numbers_in_the_wrong_order(answer):
    message = fail_message("26.1", answer)
    assert "right ones in the wrong order" in message and "wrong way" not in message


def test_euler_scalar_y0_needs_a_1d_y():
    def zero_d(f, y0, t):                      # no np.atleast_1d: a scalar y0 stays 0-d
        y = np.asarray(y0, dtype=float)
        Y = np.empty((len(t), y.size))
        Y[0] = y
        for k in range(len(t) - 1):
            y = y + (t[k + 1] - t[k]) * np.asarray(f(t[k], y))
            Y[k + 1] = y
        return Y
    message = fail_message("26.2", zero_d)
    assert "takes y as a 1-D array" in message and "np.atleast_1d(y0)" in message


def _odeint_order(f, y0, t):
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    Y = np.empty((len(t), y.size))
    Y[0] = y
    for k in range(len(t) - 1):
        y = y + (t[k + 1] - t[k]) * np.asarray(f(y, t[k]))
        Y[k + 1] = y
    return Y


def _int_Y(f, y0, t):
    y = np.atleast_1d(np.asarray(y0, dtype=float))
    Y = np.zeros((len(t), y.size), dtype=int)
    Y[0] = y
    for k in range(len(t) - 1):
        y = y + (t[k + 1] - t[k]) * np.asarray(f(t[k], y))
        Y[k + 1] = y
    return Y


@pytest.mark.parametrize("answer, words", [
    (_odeint_order, "you called f(y, t[k]), odeint's order"),
    (_int_Y, "your Y holds integers"),
])
def test_euler_order_and_integer_slips_are_named(answer, words):
    assert words in fail_message("26.2", answer)


def test_stable_step_frobenius_norm_is_named():
    message = fail_message("26.3", lambda A: 2 / np.linalg.norm(A))
    assert "Frobenius norm" in message and "should be" not in message


# -- second review: the Euler circles' direction, which errors get the order, the 1e13 steps ------
def test_explore_prompt_says_euler_falls_below_the_curve():
    text = " ".join(next(c for c in _notebook_cells() if "## Explore: Euler and RK4" in c).split())
    assert "lag behind" not in text and "below the curve" in text and "fall too fast" in text


def test_which_errors_inside_f_get_the_order_is_said_exactly():
    import mathlib.ode as ode
    from mathlib.ode import euler
    text = " ".join(next(c for c in _notebook_cells() if "## Euler's method" in c).split())
    assert "every error raised" not in text and "`NameError`" in text and "unchanged" in text
    doc = " ".join(ode.__doc__.split())
    assert all(e.__name__ in doc for e in ode._REWRAP) and "NameError" in doc
    assert "passes through unchanged" in doc and "pass through unchanged" in euler.__doc__

    def f(t, y):
        return undefined_name * y  # noqa: F821

    with pytest.raises(NameError) as err:       # as both texts say: not rewrapped
        euler(f, 1.0, [0.0, 1.0])
    assert "f(t, y)" not in str(err.value)


def test_q1_gives_a_true_estimate_of_1e13_steps():
    text = questions.QUESTIONS["26.q1"].options[0].explanation
    assert "hours" not in text and "months" in text and "1e7 seconds" in text
