"""Notebook 03's exercises: the covariance rule by object (03.4), scipy refused in 03.6, the causes
named only when they fit every case, the new exercises 03.5 (by hand) and 03.6 (square root)."""

import numpy as np
import pytest

from mathlib.exercises import evaluate

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 03.1 the Rayleigh quotient -------------------------------------------------------------------
def test_rayleigh_infinite_answer_is_not_called_nan():
    message = fail_message("03.1", lambda A, v: -np.inf)
    assert "you returned -inf, an infinite number" in message and "nan" not in message


# -- 03.3 the explained variance ratio ------------------------------------------------------------
def test_explained_variance_ratio_names_square_roots_and_order():
    sqrt = fail_message("03.3", lambda e: np.sqrt(e) / np.sqrt(e).sum())
    assert "you took square roots first" in sqrt and "in the order given" not in sqrt
    order = fail_message("03.3", lambda e: np.sort(e / e.sum())[::-1])
    assert "the right shares in a different order" in order


# -- 03.4 the covariance matrix -------------------------------------------------------------------
def test_covariance_shortcuts_fail_by_object_and_an_own_cov_passes():
    import numpy
    from numpy import corrcoef, cov

    for answer, name in [(lambda X: np.cov(X, rowvar=False), "np.cov"),
                         (lambda X: numpy.cov(X.T), "np.cov"),
                         (lambda X: cov(X, rowvar=False), "np.cov"),
                         (lambda X: getattr(np, "c" + "ov")(X, rowvar=False), "np.cov"),
                         (lambda X: (lambda Y: np.cov(Y, rowvar=False))(X), "np.cov"),
                         (lambda X: corrcoef(X, rowvar=False), "np.corrcoef")]:
        message = fail_message("03.4", answer)
        what = "the correlation" if "corrcoef" in name else "the covariance matrix"
        assert f"your function called {name}, which computes {what} for you" in message

    def cov(X):                                    # the learner's own helper, numpy's name
        centred = X - X.mean(axis=0)
        return centred.T @ centred / (len(X) - 1)

    def covariance(X):
        return cov(X)
    assert evaluate("03.4", covariance).status == PASS


@pytest.mark.parametrize("answer, words", [
    (lambda X: (X - X.mean(axis=1, keepdims=True)).T @ (X - X.mean(axis=1, keepdims=True))
     / (len(X) - 1), "you subtracted each ROW's mean (axis=1)"),
    (lambda X: (X - X.mean()).T @ (X - X.mean()) / (len(X) - 1),
     "you subtracted one mean of all the numbers"),
    (lambda X: X.T @ X / (len(X) - 1), "you did not centre the data"),
    (lambda X: (X - X.mean(0)).T @ (X - X.mean(0)) / len(X), "you divided by n = 150"),
])
def test_covariance_slips_are_named_when_they_fit_every_case(answer, words):
    assert words in fail_message("03.4", answer)


def test_covariance_an_unlisted_slip_names_no_cause():
    message = fail_message("03.4", lambda X: (X - X.mean(0)).T @ (X - X.mean(0)) / (len(X) - 2))
    assert "entry [" in message and "axis" not in message and "centre" not in message


# -- 03.5 a 2 x 2 eigen-decomposition by hand -----------------------------------------------------
def test_eigen_by_hand():
    assert evaluate("03.5", (4, -1, 2, 1)).status == PASS
    assert evaluate("03.5", (4, -1, -6, -3)).status == PASS          # any non-zero multiple
    assert "OTHER eigenvalue" in fail_message("03.5", (4, -1, 1, -2))
    assert "larger one first" in fail_message("03.5", (-1, 4, 2, 1))
    assert "the trace of S is 3" in fail_message("03.5", (4, 1, 2, 1))
    assert "non-zero by definition" in fail_message("03.5", (4, -1, 0, 0))


# -- 03.6 the square root of a covariance matrix --------------------------------------------------
def test_sqrt_psd_refuses_scipy_and_accepts_an_own_sqrtm():
    from scipy.linalg import sqrtm
    assert "but this exercise asks for numpy only (no scipy)" in fail_message(
        "03.6", lambda S: sqrtm(S).real)

    def sqrtm(S):                                  # noqa: F811  an own helper, scipy's name
        lam, Q = np.linalg.eigh(S)
        return (Q * np.sqrt(np.clip(lam, 0, None))) @ Q.T

    assert evaluate("03.6", lambda S: sqrtm(S)).status == PASS


@pytest.mark.parametrize("answer, words", [
    (lambda S: np.sqrt(S), "you took the square root of every entry"),
    (lambda S: (lambda lam, Q: Q @ np.diag(np.sqrt(lam)) @ Q.T)(*np.linalg.eigh(S)),
     "Clip the eigenvalues at 0 before the root"),
    (lambda S: (lambda lam, Q: Q * np.sqrt(np.clip(lam, 0, None)))(*np.linalg.eigh(S)),
     "you returned Q diag(sqrt(lambda)), which is not symmetric"),
    (lambda S: np.linalg.cholesky(S + 1e-12 * np.eye(len(S))), "the Cholesky factor"),
])
def test_sqrt_psd_slips_are_named(answer, words):
    assert words in fail_message("03.6", answer)


def test_sqrt_psd_negative_root_is_told_by_its_eigenvalues():
    def negative_root(S):
        lam, Q = np.linalg.eigh(S)
        return -(Q * np.sqrt(np.clip(lam, 0, None))) @ Q.T
    message = fail_message("03.6", negative_root)
    assert "R has a negative eigenvalue" in message and "It looks as if" not in message


def test_a_scipy_function_behind_a_decorator_is_named_by_its_package_not_wrapper():
    def root(S):
        from scipy.linalg import fractional_matrix_power
        return fractional_matrix_power(S, 0.5).real
    message = evaluate("03.6", root).message
    assert "used scipy" in message and "wrapper" not in message and "<" not in message, message


# -- across the exercises of 03 -------------------------------------------------------------------
def _in_place_answers():
    def covariance(X):
        X -= X.mean(0)
        return X.T @ X / (len(X) - 1)

    def explained_variance_ratio(e):
        e /= e.sum()
        return e

    def rayleigh_quotient(A, v):
        v /= np.linalg.norm(v)
        return v @ A @ v

    def power_iteration_step(A, v):
        v[:] = A @ v
        v /= np.linalg.norm(v)
        return v

    return [("03.4", covariance, "X"), ("03.3", explained_variance_ratio, "e"),
            ("03.1", rayleigh_quotient, "v"), ("03.2", power_iteration_step, "v")]


@pytest.mark.parametrize("id,answer,name", _in_place_answers(), ids=lambda v: str(v)[:12])
def test_an_input_changed_in_place_fails(id, answer, name):
    assert f"your function changed its input {name}" in fail_message(id, answer)
