"""Notebook 03's exercises: the covariance rule by object (03.4), scipy refused in 03.6, the causes
named only when they fit every case, the new exercises 03.5 (by hand) and 03.6 (square root)."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate

FAIL, PASS = "fail", "pass"


def _message(id, answer):
    result = evaluate(id, answer)
    assert result.status == FAIL, result.message
    return result.message


# -- 03.4: np.cov / np.corrcoef refused however they are reached, an own `cov` passes -----------
def test_covariance_shortcuts_fail_by_object_and_an_own_cov_passes():
    import numpy
    from numpy import corrcoef, cov

    for answer, name in [(lambda X: np.cov(X, rowvar=False), "np.cov"),
                         (lambda X: numpy.cov(X.T), "np.cov"),
                         (lambda X: cov(X, rowvar=False), "np.cov"),
                         (lambda X: getattr(np, "c" + "ov")(X, rowvar=False), "np.cov"),
                         (lambda X: (lambda Y: np.cov(Y, rowvar=False))(X), "np.cov"),
                         (lambda X: corrcoef(X, rowvar=False), "np.corrcoef")]:
        message = _message("03.4", answer)
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
    assert words in _message("03.4", answer)


def test_covariance_an_unlisted_slip_names_no_cause():
    message = _message("03.4", lambda X: (X - X.mean(0)).T @ (X - X.mean(0)) / (len(X) - 2))
    assert "entry [" in message and "axis" not in message and "centre" not in message


# -- 03.1: an infinite answer is not called nan ---------------------------------------------------
def test_rayleigh_infinite_answer_is_not_called_nan():
    message = _message("03.1", lambda A, v: -np.inf)
    assert "you returned -inf, an infinite number" in message and "nan" not in message


# -- 03.5 by hand ---------------------------------------------------------------------------------
def test_eigen_by_hand():
    assert evaluate("03.5", (4, -1, 2, 1)).status == PASS
    assert evaluate("03.5", (4, -1, -6, -3)).status == PASS          # any non-zero multiple
    assert "OTHER eigenvalue" in _message("03.5", (4, -1, 1, -2))
    assert "larger one first" in _message("03.5", (-1, 4, 2, 1))
    assert "the trace of S is 3" in _message("03.5", (4, 1, 2, 1))
    assert "non-zero by definition" in _message("03.5", (4, -1, 0, 0))


# -- 03.6: the square root, scipy refused ---------------------------------------------------------
def test_sqrt_psd_refuses_scipy_and_accepts_an_own_sqrtm():
    from scipy.linalg import sqrtm
    assert "but this exercise asks for numpy only (no scipy)" in _message(
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
    assert words in _message("03.6", answer)


def test_sqrt_psd_negative_root_is_told_by_its_eigenvalues():
    def negative_root(S):
        lam, Q = np.linalg.eigh(S)
        return -(Q * np.sqrt(np.clip(lam, 0, None))) @ Q.T
    message = _message("03.6", negative_root)
    assert "R has a negative eigenvalue" in message and "It looks as if" not in message


def test_a_scipy_function_behind_a_decorator_is_named_by_its_package_not_wrapper():
    def root(S):
        from scipy.linalg import fractional_matrix_power
        return fractional_matrix_power(S, 0.5).real
    message = evaluate("03.6", root).message
    assert "used scipy" in message and "wrapper" not in message and "<" not in message, message
