"""Descriptive statistics from scratch: centre, spread, covariance, standardisation (notebook 12).

Written with numpy arithmetic (sums and sorting; no ``np.median``, ``np.var``, ``np.cov``, which are
the references in the tests). Data are divided by a power of two near their largest magnitude
before anything is summed or squared, and the mean is taken around the first value, so values
near the float limits give no overflow warning, and a constant column has a mean equal to its
value and a variance of exactly 0.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_axis, as_int, as_scalar, shape_str

__all__ = ["mean", "median", "mode", "mad", "variance", "std", "covariance", "correlation",
           "standardise", "batch_norm"]


def _ddof(ddof, n: int, where: str) -> int:
    ddof = as_int(ddof, "ddof", where)
    if ddof < 0:
        raise ValueError(f"{where}: ddof={ddof} is negative; ddof is how many degrees of freedom "
                         "the mean uses up: ddof=0 divides by n (the population variance), ddof=1 "
                         f"by n - 1 (the sample variance); ddof={ddof} would divide by "
                         f"n - ddof = {n - ddof}, more than the number of values")
    if ddof >= n:
        values = "value" if n == 1 else "values"
        raise ValueError(f"{where}: ddof={ddof} with {n} {values} divides by n - ddof = {n - ddof}; "
                         f"expected 0 <= ddof < n (ddof={ddof} needs at least {ddof + 1} values)")
    return ddof


def _center(x: np.ndarray, axis: int):
    """Return (s, m, d): a power of two s near max |x| along axis, and for y = x / s its mean m
    (taken around the first value, ``m = y_0 + mean(y - y_0)``) and deviations d = y - m.
    s, m keep the reduced axis (length 1) so that they broadcast against x."""
    _, e = np.frexp(np.max(np.abs(x), axis=axis, keepdims=True))
    s = np.ldexp(1.0, e - 1)                  # max |x| / s in [1, 2): no overflow below
    y = x / s
    y0 = np.take(y, [0], axis=axis)
    m = y0 + np.sum(y - y0, axis=axis, keepdims=True) / x.shape[axis]
    return s, m, y - m


def _moments(x, ddof, axis, where):
    """Checks, then (s, m, v, squeeze): x = s * y, y has mean m and variance v along the axis."""
    x = as_array(x, "x", where)
    ax = as_axis(axis, x, "x", where, none=True)
    if ax is None:
        x, ax = x.ravel(), 0
    n = x.shape[ax]
    ddof = _ddof(ddof, n, where)
    s, m, d = _center(x, ax)
    v = np.sum(d * d, axis=ax, keepdims=True) / (n - ddof)

    def squeeze(a):
        a = np.squeeze(a, axis=ax)
        return float(a) if a.ndim == 0 else a
    return s, m, v, squeeze


def mean(x, *, axis=None):
    """Mean ``(1/n) sum_i x_i``, of all entries (axis None) or along an axis.

    Shapes: x any non-empty array -> a number, or x's shape without ``axis``.
    In a network: batch normalisation subtracts the mean of each feature over the batch.
    """
    s, m, _, squeeze = _moments(x, 0, axis, "mean")
    with np.errstate(over="ignore"):
        return squeeze(s * m)


def variance(x, *, axis=None, ddof=0):
    """Variance ``(1 / (n - ddof)) sum_i (x_i - mean)^2``: ddof=0 the population variance, ddof=1
    the sample variance (an unbiased estimate from a sample).

    Shapes: x any non-empty array -> a number, or x's shape without ``axis``.
    Raises ValueError unless 0 <= ddof < n.
    In a network: batch normalisation divides by sqrt(variance + eps); weight initialisation
    (He, Glorot) chooses the variance of the weights.
    """
    s, _, v, squeeze = _moments(x, ddof, axis, "variance")
    with np.errstate(over="ignore"):
        return squeeze(s * (s * v))


def std(x, *, axis=None, ddof=0):
    """Standard deviation ``sqrt(variance(x, ddof))``, in the units of x.

    Shapes: x any non-empty array -> a number, or x's shape without ``axis``.
    Raises ValueError unless 0 <= ddof < n.
    In a network: the scale used to standardise inputs and in layer and batch normalisation.
    """
    s, _, v, squeeze = _moments(x, ddof, axis, "std")
    return squeeze(s * np.sqrt(v))


def median(x) -> float:
    """Median: the middle value of the sorted vector, or the mean of the two middle values when
    n is even. Half of the values are <= the median and half >= it; unlike the mean, one outlier
    barely moves it.

    Shapes: x (n,) non-empty -> a number.
    In a network: robust statistics of activations or gradients; the median of a loss curve.
    """
    return _middle(np.sort(as_array(x, "x", "median", ndim=1)))


def _middle(x: np.ndarray) -> float:
    """The median of a sorted vector: its middle value, or the mean of the two middle values."""
    n = x.shape[0]
    if n % 2 == 1:
        return float(x[n // 2])
    return float(0.5 * x[n // 2 - 1] + 0.5 * x[n // 2])   # halves first: no overflow at 1e308


def mad(x) -> float:
    """Median absolute deviation ``MAD = median(|x_i - median(x)|)``: half the values lie within
    MAD of the median. A robust spread: one outlier moves it by at most one step of the sorted
    data, where it can make the std as large as it likes. For Gaussian data ``1.4826 MAD``
    estimates sigma (``scipy.stats.median_abs_deviation(x, scale="normal")``).

    Shapes: x (n,) non-empty -> a number >= 0.
    In a network: robust scaling of features with outliers; outlier detection on activations.
    """
    x = np.sort(as_array(x, "x", "mad", ndim=1))
    with np.errstate(over="ignore"):
        deviations = np.abs(x - _middle(x))    # inf only if a deviation exceeds the float range
    return _middle(np.sort(deviations))


def mode(x) -> float:
    """Mode: the most frequent value. When several values are equally frequent, the smallest of
    them is returned (as ``scipy.stats.mode`` does); for data without repeats that is the minimum.

    Shapes: x (n,) non-empty -> a number.
    In a network: the predicted class is the mode of the predicted distribution (its arg max);
    majority voting in an ensemble.
    """
    x = as_array(x, "x", "mode", ndim=1)
    values, counts = np.unique(x, return_counts=True)      # values sorted ascending
    return float(values[np.argmax(counts)])                # argmax: the first (smallest) of ties


def _matrix(X, where: str) -> np.ndarray:
    X = as_array(X, "X", where, ndim=2)
    return X


def covariance(X, *, ddof=1) -> np.ndarray:
    """Covariance matrix ``C[j, k] = (1 / (n - ddof)) sum_i (X[i, j] - mean_j)(X[i, k] - mean_k)``.

    Rows of X are observations, columns are variables. Shapes: X (n, d) -> C (d, d), symmetric,
    with the variances on the diagonal. ``ddof=1`` (the default, as ``np.cov``) is the sample
    covariance. Raises ValueError unless 0 <= ddof < n.
    In a network: PCA and whitening of inputs; the covariance of a Gaussian layer or latent space.
    """
    X = _matrix(X, "covariance")
    n = X.shape[0]
    ddof = _ddof(ddof, n, "covariance")
    s, _, D = _center(X, 0)
    C = (D.T @ D) / (n - ddof)
    with np.errstate(over="ignore"):
        C = (C * s.T) * s
    # (C[j, k] s_j) s_k and (C[k, j] s_k) s_j can round differently among subnormals: mirror the
    # upper triangle so that C is exactly symmetric
    return np.triu(C) + np.triu(C, 1).T


def _no_constant_column(X: np.ndarray, where: str, why: str) -> None:
    constant = np.all(X == X[0], axis=0)
    if np.any(constant):
        j = int(np.argmax(constant))
        raise ValueError(f"{where}: column {j} of X is constant (every value is {X[0, j]:.6g}); its "
                         f"standard deviation is 0, so {why}")


def correlation(X) -> np.ndarray:
    """Pearson correlation matrix ``R[j, k] = C[j, k] / (std_j std_k)`` of the columns of X.

    Rows of X are observations, columns are variables. Shapes: X (n, d) with n >= 2 -> R (d, d),
    symmetric, entries in [-1, 1] (clipped against rounding), ones on the diagonal. R measures
    how close each pair of variables is to a straight line, not how steep the line is.
    Raises ValueError naming the column when a column is constant (its correlation is 0/0).
    In a network: correlated input features slow gradient descent; decorrelation and whitening.
    """
    X = _matrix(X, "correlation")
    if X.shape[0] < 2:
        raise ValueError(f"correlation: X has {X.shape[0]} row; a correlation needs at least 2 "
                         "observations (rows)")
    _no_constant_column(X, "correlation", "its correlation with any column is undefined (0/0)")
    _, _, D = _center(X, 0)
    C = D.T @ D
    sd = np.sqrt(np.diag(C))
    return np.clip(C / sd[:, None] / sd[None, :], -1.0, 1.0)


def standardise(X, *, ddof=0) -> np.ndarray:
    """Standardised columns ``Z[i, j] = (X[i, j] - mean_j) / std_j``, with
    ``std_j = sqrt(sum_i (X[i, j] - mean_j)^2 / (n - ddof))``: ddof=0 (the default) the population
    std, as scikit-learn's StandardScaler; ddof=1 the sample std.

    Shapes: X (n, d) -> Z (n, d); every column of Z has mean 0 and variance 1 (with the same ddof).
    Raises ValueError naming the column when a column is constant (division by a std of 0), and
    unless 0 <= ddof < n.
    In a network: inputs are standardised before training so that no feature dominates the
    gradient; the same step as batch normalisation with the statistics of the whole data set.
    """
    X = _matrix(X, "standardise")
    ddof = _ddof(ddof, X.shape[0], "standardise")
    _no_constant_column(X, "standardise", "it cannot be scaled to variance 1")
    _, _, D = _center(X, 0)
    return D / np.sqrt(np.sum(D * D, axis=0) / (X.shape[0] - ddof))


def batch_norm(X, gamma, beta, *, eps=1e-5) -> np.ndarray:
    """Batch normalisation, forward pass (training mode, Ioffe and Szegedy 2015):

    ``mu_j = mean_i X[i, j]``, ``var_j = mean_i (X[i, j] - mu_j)^2`` (population variance),
    ``X_hat[i, j] = (X[i, j] - mu_j) / sqrt(var_j + eps)``, ``Y[i, j] = gamma_j X_hat[i, j] + beta_j``.

    Shapes: X (N, D) a batch of N examples with D features, gamma (D,), beta (D,) -> Y (N, D).
    eps > 0 keeps the division defined for a constant feature (whose X_hat is then 0).
    Raises ValueError for mismatched shapes or eps <= 0.
    In a network: a layer between a linear layer and its activation; gamma and beta are learned.
    """
    where = "batch_norm"
    X = _matrix(X, where)
    gamma = as_array(gamma, "gamma", where, ndim=1)
    beta = as_array(beta, "beta", where, ndim=1)
    for name, a in (("gamma", gamma), ("beta", beta)):
        if a.shape != (X.shape[1],):
            raise ValueError(f"{where}: X has shape {shape_str(X.shape)}, so {name} must have "
                             f"shape {shape_str((X.shape[1],))} (one per feature); got "
                             f"{shape_str(a.shape)}")
    eps = as_scalar(eps, "eps", where)
    if eps <= 0.0:
        raise ValueError(f"{where}: eps must be > 0, got {eps}; it keeps sqrt(var + eps) "
                         "away from 0")
    s, _, D = _center(X, 0)
    v = np.sum(D * D, axis=0) / X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        # (x - mu) / sqrt(var + eps) with x = s y, written so that nothing overflows or loses
        # precision: d / sqrt(v + eps / s^2) for large features (s >= 1), s d / sqrt(s^2 v + eps)
        # for small ones; a constant feature (v = 0, d = 0) gives 0. The branches not chosen may
        # hold inf or nan (0 / 0 when eps / s^2 underflows); they are discarded.
        large = D / np.sqrt(v + eps / s / s)
        small = (s * D) / np.sqrt(s * (s * v) + eps)
        X_hat = np.where(v > 0, np.where(s >= 1.0, large, small), 0.0)
        return gamma * X_hat + beta
