"""The explorers of notebook 09: the quadratic bowl (Hessian from eigenvalues and a rotation,
gradient descent in closed form) against numpy and mathlib.optim.gradient_descent, and the
Taylor approximations against finite differences; both explorers at every corner of their
sliders, with RuntimeWarnings as errors. Tolerances: 1e-12 for closed forms, 1e-6 for finite
differences of second derivatives."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.calculus import derivative, hessian  # noqa: E402
from mathlib.explorers import quadratic_bowl as qb, taylor  # noqa: E402
from mathlib.optim import gradient_descent  # noqa: E402
from mathlib.plotting import use_course_style  # noqa: E402


@pytest.fixture(autouse=True)
def course_style():
    use_course_style()


@pytest.fixture(autouse=True)
def warnings_as_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


# -- quadratic_bowl -------------------------------------------------------------------------------

@pytest.mark.parametrize("l1,l2,angle", [(1.0, 4.0, 30.0), (0.1, 5.0, 117.0), (2.0, -3.0, 0.0),
                                         (5.0, 0.0, 180.0), (0.3, 0.3, 45.0)])
def test_hessian_has_the_chosen_eigenvalues_and_rotated_eigenvectors(l1, l2, angle):
    out = qb.compute(l1, l2, angle, 0.1)
    H, Q = out["H"], out["eigenvectors"]
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
    assert qb.compute(1.0, 4.0, 30.0, 0.1)["condition"] == pytest.approx(4.0)
    assert qb.compute(1.0, -2.0, 30.0, 0.1)["condition"] is None


@pytest.mark.parametrize("l1,l2,angle,lr", [(1.0, 4.0, 30.0, 0.1), (0.1, 5.0, 60.0, 0.39),
                                            (1.0, -2.0, 10.0, 0.2), (2.0, 3.0, 0.0, 0.9),
                                            (2.0, 0.0, 45.0, 0.3)])
def test_descent_path_is_gradient_descent(l1, l2, angle, lr):
    out = qb.compute(l1, l2, angle, lr)
    H = out["H"]
    run = gradient_descent(lambda x: H @ x, qb.START, lr, qb.PATH_STEPS, bound=qb.BOUND)
    assert out["diverged"] == run.diverged
    assert out["path"].shape == run.path.shape
    assert_allclose(out["path"], run.path, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("l1,l2,angle,lr", [(1.0, 4.0, 30.0, 0.1), (0.5, 4.0, 70.0, 0.45),
                                            (2.0, 0.0, 45.0, 0.3), (1.0, 1.0, 0.0, 1.0)])
def test_steps_to_converge_is_the_first_step_within_tol(l1, l2, angle, lr):
    out = qb.compute(l1, l2, angle, lr)
    k = out["steps"]
    H, Q, lam = out["H"], out["eigenvectors"], out["eigenvalues"]
    path = gradient_descent(lambda x: H @ x, qb.START, lr, k + 1).path
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
            assert "saddle" in text and "escapes along the negative-curvature direction" in text
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
    assert f"converges in {qb.compute(1.0, 4.0, 30.0, 0.1)['steps']} steps" in text
    ex.set(lambda1=0.1, lambda2=5.0, learning_rate=0.39)
    assert "<b>50</b>" in ex.readout.value
    ex.set(learning_rate=0.5)
    assert "diverged" in ex.readout.value and "1.5" in ex.readout.value


# -- taylor ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("a", [-3.0, -1.2, 0.0, 0.7, 2.9])
def test_taylor_derivatives_against_finite_differences(a):
    out = taylor.compute(a)
    assert out["f"] == pytest.approx(np.sin(a) + a * a / 4, abs=1e-15)
    assert out["f1"] == pytest.approx(derivative(taylor.f, a), abs=1e-8)
    assert out["f2"] == pytest.approx(derivative(taylor.f_prime, a), abs=1e-8)
    d = taylor.D
    t1 = out["f"] + out["f1"] * d
    assert out["tangent"] == pytest.approx(t1, abs=1e-14)
    assert out["parabola"] == pytest.approx(t1 + out["f2"] * d * d / 2, abs=1e-14)
    assert out["error1"] == pytest.approx(taylor.f(a + d) - t1, abs=1e-14)
    # Taylor's remainder: |error2| <= max|f'''| d^3 / 6 with |f'''| = |cos| <= 1
    assert abs(out["error2"]) <= d ** 3 / 6 + 1e-15


def test_taylor_errors_shrink_like_d_squared_and_d_cubed():
    a = 0.4
    e1 = [abs(taylor.compute(a, d)["error1"]) for d in (1e-2, 5e-3)]
    e2 = [abs(taylor.compute(a, d)["error2"]) for d in (1e-2, 5e-3)]
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
