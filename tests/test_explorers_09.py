"""The explorers of notebook 09: the quadratic bowl (Hessian from eigenvalues and a rotation,
gradient descent in closed form) against numpy and mathlib.optim.gradient_descent, and the
Taylor approximations against finite differences; both explorers at every corner of their
sliders, with RuntimeWarnings as errors. Tolerances: 1e-12 for closed forms, 1e-6 for finite
differences of second derivatives."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.calculus import derivative, hessian  # noqa: E402
from mathlib.explorers import quadratic_bowl as qb, taylor  # noqa: E402
from mathlib.optim import gradient_descent  # noqa: E402


# -- quadratic_bowl -------------------------------------------------------------------------------

@pytest.mark.parametrize("l1,l2,angle", [(1.0, 4.0, 30.0), (0.1, 5.0, 117.0), (2.0, -3.0, 0.0),
                                         (5.0, 0.0, 180.0), (0.3, 0.3, 45.0)])
def test_hessian_has_the_chosen_eigenvalues_and_rotated_eigenvectors(l1, l2, angle):
    out = qb.compute(l1, l2, angle, 0.1)
    H, Q = out.H, out.eigenvectors
    assert_allclose(H, H.T, atol=1e-15)
    assert_allclose(np.linalg.eigvalsh(H), sorted([l1, l2]), atol=1e-12)
    assert_allclose(H @ Q, Q * np.array([l1, l2]), atol=1e-12)           # H q_i = lambda_i q_i
    t = np.radians(angle)
    assert_allclose(Q[:, 0], [np.cos(t), np.sin(t)], atol=1e-15)
    # the Hessian of f(x) = x^T H x / 2 is H itself (finite differences)
    assert_allclose(hessian(lambda x: 0.5 * x @ H @ x, np.array([0.3, -0.7])), H, atol=1e-6)


def test_kind_of_critical_point():
    assert qb.kind([1.0, 4.0]) == "bowl (minimum)"
    assert qb.kind([-1.0, -0.5]) == "hill (maximum)"
    assert qb.kind([2.0, -3.0]) == "saddle"
    assert qb.kind([2.0, 0.0]) == "flat direction"
    assert qb.kind([2.0, 1e-17]) == "flat direction"        # a slider's 0 may be 1e-16 off
    assert qb.compute(1.0, 4.0, 30.0, 0.1).condition == pytest.approx(4.0)
    assert qb.compute(1.0, -2.0, 30.0, 0.1).condition is None


@pytest.mark.parametrize("l1,l2,angle,lr", [(1.0, 4.0, 30.0, 0.1), (0.1, 5.0, 60.0, 0.39),
                                            (1.0, -2.0, 10.0, 0.2), (2.0, 3.0, 0.0, 0.9),
                                            (2.0, 0.0, 45.0, 0.3)])
def test_descent_path_is_gradient_descent(l1, l2, angle, lr):
    out = qb.compute(l1, l2, angle, lr)
    H = out.H
    run = gradient_descent(lambda x: H @ x, qb.START, learning_rate=lr, steps=qb.PATH_STEPS, bound=qb.BOUND)
    assert out.diverged == run.diverged
    assert out.path.shape == run.path.shape
    assert_allclose(out.path, run.path, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("l1,l2,angle,lr", [(1.0, 4.0, 30.0, 0.1), (0.5, 4.0, 70.0, 0.45),
                                            (2.0, 0.0, 45.0, 0.3), (1.0, 1.0, 0.0, 1.0)])
def test_steps_to_converge_is_the_first_step_within_tol(l1, l2, angle, lr):
    out = qb.compute(l1, l2, angle, lr)
    k = out.steps
    H, Q, lam = out.H, out.eigenvectors, out.eigenvalues
    path = gradient_descent(lambda x: H @ x, qb.START, learning_rate=lr, steps=k + 1).path
    along = path @ Q[:, lam > qb.FLAT]               # the parts that must vanish
    dist = np.sqrt(np.sum(along * along, axis=1))
    assert dist[k] <= qb.TOL < dist[k - 1] if k > 0 else dist[0] <= qb.TOL


def test_steps_grow_with_the_condition_number():
    steps = []
    for kappa in (1.0, 2.0, 5.0, 10.0, 50.0):
        lam = np.array([0.1 * kappa, 0.1])
        steps.append(qb.steps_to_converge(lam, [1.0, 1.0], 1.0 / lam.max()))
    assert steps == sorted(steps) and steps[-1] > 20 * steps[1]
    assert qb.steps_to_converge([1.0, 4.0], [1.0, 1.0], 0.5) is None   # |1 - 0.5*4| = 1
    want = int(np.ceil(np.log(qb.TOL) / np.log(0.9)))                 # 0.9^k <= 0.001: k = 66
    assert qb.steps_to_converge([1.0, -1.0], [1.0, 1.0], 0.1) == want  # only the + part counts
    assert qb.steps_to_converge([1.0, 1.0], [0.0, 0.0], 0.1) == 0


def test_bad_input():
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        qb.compute(1.0, 2.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="lambda1"):
        qb.compute(float("nan"), 2.0, 0.0, 0.1)
    with pytest.raises(ValueError, match="H"):
        qb.contour_segments(np.ones(3))


def test_contours_split_by_sign():
    up, levels, down = qb.contour_segments(qb.hessian(1.0, 4.0, 0.0))
    assert up and not down and len(levels) == len(up)
    up, _, down = qb.contour_segments(qb.hessian(1.0, -2.0, 0.0))
    assert up and down
    for seg in down:                                   # every point of a dashed line: f < 0
        assert np.all(seg[:, 0] ** 2 - 2 * seg[:, 1] ** 2 < 1e-9)


CORNERS = list(itertools.product(qb.LAMBDA1_RANGE, (-3.0, 0.0, 5.0), qb.ANGLE_RANGE,
                                 qb.LR_RANGE))


def test_bowl_explorer_at_every_corner():
    ex = qb.explorer()
    for l1, l2, angle, lr in CORNERS:
        ex.set(lambda1=l1, lambda2=l2, angle=angle, learning_rate=lr)
        assert ex.last_error is None
        text = ex.readout.value
        if l2 < 0:
            assert "saddle" in text and "escapes along q₂" in text and "negative-curvature" in text
            assert ("diverges along q₁" in text) == (lr > 2 / l1)
            assert "= 1, size 1 &lt;" not in text          # 0.99984 is not written as 1
        elif l2 == 0:
            assert "flat direction" in text and "inconclusive" in text
        else:
            assert "bowl (minimum)" in text and "condition number" in text
            assert ("diverged" in text) == (lr > 2 / max(l1, l2))
        assert "warning" not in text.lower()
    ex.png()


def test_bowl_readout_names_the_numbers():
    ex = qb.explorer(lambda1=1.0, lambda2=4.0, angle=30.0, learning_rate=0.1)
    text = ex.readout.value
    assert "<b>4</b>" in text and "2 / λ_max = 0.5" in text
    assert f"converges in {qb.compute(1.0, 4.0, 30.0, 0.1).steps} steps" in text
    ex.set(lambda1=0.1, lambda2=5.0, learning_rate=0.39)
    assert "<b>50</b>" in ex.readout.value
    ex.set(learning_rate=0.5)
    assert "diverged" in ex.readout.value and "1.5" in ex.readout.value


def test_saddle_readout_gives_each_directions_factor_and_cause():
    ex = qb.explorer(lambda1=5.0, lambda2=-3.0, angle=30.0, learning_rate=1.6)
    text = ex.readout.value
    # lr = 1.6 > 2 / 5: the steep positive direction diverges (factor 1 - 8 = -7) AND the negative
    # one escapes (factor 1 + 4.8 = 5.8); the review found the positive direction's factor
    # reported as the escape factor
    assert "two reasons" in text
    assert "diverges along q₁" in text and "1 − lr λ₁ = -7, size 7" in text
    assert "escapes along q₂" in text and "1 − lr λ₂ = 5.8" in text
    ex.set(learning_rate=0.1)                          # q1 shrinks (0.5), q2 escapes (1.3)
    text = ex.readout.value
    assert "two reasons" not in text and "diverges" not in text
    assert "escapes along q₂" in text and "1 − lr λ₂ = 1.3" in text
    assert "the part along q₁ shrinks" in text and "= 0.5, size 0.5" in text
    ex.set(learning_rate=0.4)                          # 2 / 5 exactly: q1 bounces
    assert "the part along q₁ bounces" in ex.readout.value
    ex.set(lambda1=0.1, lambda2=-0.1, learning_rate=qb.LR_RANGE[0])
    assert "1 − lr λ₁ = 0.9998," in ex.readout.value and "1 − lr λ₂ = 1.0002" in ex.readout.value
    assert ex.last_error is None


def test_learning_rate_grid_holds_the_prompts_values():
    ex = qb.explorer()
    w = ex.controls["learning_rate"]
    grid = 10.0 ** (w.min + w.step * np.arange(round((w.max - w.min) / w.step) + 1))
    for lr in (0.1, 0.4, 1.6):                         # default, 2 / 5 (the prompt), the end
        assert np.min(np.abs(grid / lr - 1)) < 1e-12
    ex.set(lambda1=0.1, lambda2=5.0, learning_rate=float(grid[np.argmin(np.abs(grid - 0.4))]))
    assert "bounces between two points forever" in ex.readout.value
    ex.set(learning_rate=float(grid[np.argmin(np.abs(grid - 0.4)) - 1]))
    assert "converges in 185 steps" in ex.readout.value     # the notebook's number
    ex.set(learning_rate=0.1)
    assert "converges in 700 steps" in ex.readout.value


def test_step_count_changes_with_the_rotation_but_not_the_factors():
    # the start is fixed, so turning changes its parts along q1, q2 and with them the count
    counts = {a: qb.compute(1.0, 4.0, a, 0.1).steps for a in (0.0, 30.0, 45.0, 90.0, 135.0)}
    assert counts == {0.0: 73, 30.0: 67, 45.0: 61, 90.0: 68, 135.0: 74}
    for a in counts:
        out = qb.compute(1.0, 4.0, a, 0.1)
        assert_allclose(out.factors, [0.9, 0.6], atol=1e-15)
        assert_allclose(out.start_parts, out.eigenvectors.T @ qb.START, atol=1e-15)
        assert f"{out.start_parts[0]:.2f} along q₁" in qb.readout(out, 0.1)


# -- taylor ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("a", [-3.0, -1.2, 0.0, 0.7, 2.9])
def test_taylor_derivatives_against_finite_differences(a):
    out = taylor.compute(a)
    assert out.f == pytest.approx(np.sin(a) + a * a / 4, abs=1e-15)
    assert out.f1 == pytest.approx(derivative(taylor.f, a), abs=1e-8)
    assert out.f2 == pytest.approx(derivative(taylor.f_prime, a), abs=1e-8)
    d = taylor.ERROR_DISTANCE
    t1 = out.f + out.f1 * d
    assert out.tangent == pytest.approx(t1, abs=1e-14)
    assert out.parabola == pytest.approx(t1 + out.f2 * d * d / 2, abs=1e-14)
    assert out.error1 == pytest.approx(taylor.f(a + d) - t1, abs=1e-14)
    # Taylor's remainder: |error2| <= max|f'''| d^3 / 6 with |f'''| = |cos| <= 1
    assert abs(out.error2) <= d ** 3 / 6 + 1e-15


def test_taylor_errors_shrink_like_d_squared_and_d_cubed():
    a = 0.4
    e1 = [abs(taylor.compute(a, d).error1) for d in (1e-2, 5e-3)]
    e2 = [abs(taylor.compute(a, d).error2) for d in (1e-2, 5e-3)]
    assert e1[0] / e1[1] == pytest.approx(4.0, rel=0.02)
    assert e2[0] / e2[1] == pytest.approx(8.0, rel=0.02)


def test_taylor_bad_input_and_explorer_extremes():
    with pytest.raises(ValueError, match="a"):
        taylor.compute(float("inf"))
    ex = taylor.explorer()
    for a in (*taylor.A_RANGE, np.arcsin(0.5), 0.0):
        ex.set(a=float(a))
        assert ex.last_error is None
        assert "f''(a)" in ex.readout.value and "error of the" in ex.readout.value
    ex.png()


def test_taylor_slider_lands_on_the_zeros_of_f_second():
    ex = taylor.explorer()
    w = ex.controls["a"]
    grid = w.min + w.step * np.arange(round((w.max - w.min) / w.step) + 1)
    assert grid[0] >= -3.0 and grid[-1] <= 3.0 and w.min <= w.value <= w.max
    for zero in (np.pi / 6, 5 * np.pi / 6):            # f'' = 1/2 - sin a = 0
        a = grid[np.argmin(np.abs(grid - zero))]
        assert abs(taylor.f_second(a)) < taylor.FLAT
        ex.set(a=float(a))
        text = ex.readout.value
        assert "f''(a) = <b>0</b>" in text and "the parabola equals the tangent" in text
        assert "-0.000" not in text
    ex.set(a=0.5236)                                   # typed in: f'' = -1.1e-6, not -0.000
    text = ex.readout.value
    assert "-0.0000011" in text and "almost no bending" in text


@pytest.mark.parametrize("f2,shown,words", [(0.0, "0", "f'' = 0"), (-1e-10, "0", "f'' = 0"),
                                            (-3e-4, "-0.00030", "f'' ≈ 0"),
                                            (0.004, "0.0040", "f'' ≈ 0"),
                                            (0.5, "0.500", "curves up"),
                                            (-0.366, "-0.366", "curves down")])
def test_taylor_bending_words(f2, shown, words):
    got = taylor.bending(f2)
    assert got[0] == shown and words in got[1]


def test_taylor_parabola_error_stays_below_the_remainder_bound():
    # the notebook's question: the parabola's error never exceeds 0.5^3 / 6 (|f'''| = |cos| <= 1)
    outs = [taylor.compute(a) for a in np.linspace(*taylor.A_RANGE, 601)]
    e2 = max(abs(o.error2) for o in outs)
    e1 = max(abs(o.error1) for o in outs)
    assert 0.02 < e2 < taylor.ERROR_DISTANCE ** 3 / 6 and 0.18 < e1 < 0.19


def test_taylor_title_claims_only_what_holds_at_every_a():
    """The review's case: at a = 0 the title said the parabola "hugs f much longer than the
    tangent", but to the right of a the tangent is closer from x ~ 0.75 on (at x = 1 the errors
    are 0.091 and 0.159). The title now claims only that very near a the parabola is closer,
    or the same curve where f'' = 0: at every a on the slider, within 0.03 of a (near an
    inflection point "very near" is narrow: at a = 0.471 the tangent wins at a + 0.1)."""
    ex = taylor.explorer()
    title = ex.fig.axes[0].get_title()
    assert "much longer" not in title and "very near a" in title
    out = taylor.compute(0.0, 1.0)
    assert abs(out.error1) < abs(out.error2)          # far out, the tangent can win
    for a in np.arange(taylor.A_RANGE[0], taylor.A_RANGE[1] + taylor.A_STEP / 2, taylor.A_STEP):
        for d in (-0.03, -0.01, 0.01, 0.03):
            out = taylor.compute(a, d)
            if abs(out.f2) < taylor.FLAT:
                assert out.error2 == pytest.approx(out.error1, abs=1e-12)
            else:
                assert abs(out.error2) < abs(out.error1), (a, d)
