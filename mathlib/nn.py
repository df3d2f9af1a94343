"""Neural-network building blocks: activations and losses with their derivatives (notebooks 14 and 15).

Every function is written out with numpy arithmetic and computes in float64 whatever the input's
float type (float16 and float32 inputs give the same numbers as float64 ones). Nothing overflows
and nothing warns: activations take inputs of +-1000 (or +-1e300), and the losses work from logits
of any size, because every exponential is of a number <= 0.

Activations are elementwise: x of any shape -> the same shape (a float for a number).
Losses take (prediction, target), as PyTorch does, and return the **mean** over all entries (one
number); each ``*_gradient`` is the derivative of that mean with respect to the prediction, with
the prediction's shape, so that ``loss(p - h * g)`` is about ``loss(p) - h |g|^2`` for a small h.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_int, as_rng, as_scalar, shape_str
from .probability import log_softmax, softmax

__all__ = ["relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative", "sigmoid",
           "sigmoid_derivative", "tanh", "tanh_derivative",
           "mse", "mse_gradient", "binary_cross_entropy", "binary_cross_entropy_gradient",
           "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_gradient",
           "cross_entropy", "cross_entropy_gradient", "hinge", "hinge_gradient", "huber",
           "huber_gradient"]

BCE_EPS = 1e-12
"""binary_cross_entropy takes each log at least BCE_EPS away from 0 and 1: log(max(p, 1e-12)) and
log(max(1 - p, 1e-12)), so each example's loss is at most -log(1e-12) = 27.63 (PyTorch's BCELoss
clamps each log at -100 instead)."""


def _result(a: np.ndarray):
    """A 0-d array as a Python float; any other array unchanged."""
    return float(a) if a.ndim == 0 else a


def _first(a: np.ndarray, bad: np.ndarray) -> str:
    """The first entry of a where bad holds, as a learner reads it: "holds 2 at index 3",
    "holds 2 at index (1, 0)", or "is 2" for a single number."""
    if a.ndim == 0:
        return f"is {float(a):g}"
    i = tuple(int(t) for t in np.argwhere(bad)[0])
    return f"holds {a[i]:g} at index {i[0] if len(i) == 1 else i}"


def _mean(terms: np.ndarray) -> float:
    """The mean of terms >= 0 without overflow: divided by the largest first (inf if one is)."""
    m = float(np.max(terms))
    if m == 0.0 or np.isinf(m):
        return m
    return m * float(np.mean(terms / m))    # Python floats: a too-large mean is inf, no warning


# -- activations --------------------------------------------------------------------------------

def _elementwise(x, where: str) -> np.ndarray:
    """x as a float array of any shape; an empty array is fine (an empty batch)."""
    return as_array(x, "x", where, nonempty=False)


def relu(x):
    """Rectified linear unit ``relu(x) = max(x, 0)``, elementwise.

    Shapes: x any array -> the same shape (a float for a number).
    In a network: the default hidden-layer activation; it passes positive inputs unchanged and
    zeroes the rest, so its gradient does not vanish for x > 0.
    """
    x = _elementwise(x, "relu")
    return _result(np.maximum(x, 0.0))


def relu_derivative(x):
    """``relu'(x) = 1`` for x > 0 and 0 for x <= 0 (at the kink x = 0 we take 0, as PyTorch does).

    Shapes: x any array -> the same shape (a float for a number).
    In a network: backpropagation multiplies the incoming gradient by this mask, so a unit whose
    input is negative for every example passes no gradient ("dead ReLU").
    """
    x = _elementwise(x, "relu_derivative")
    return _result(np.where(x > 0, 1.0, 0.0))


def _alpha(alpha, where: str) -> float:
    a = as_scalar(alpha, "alpha", where)
    if not 0.0 <= a < 1.0:
        raise ValueError(f"{where}: alpha is the slope for x < 0 and must be in [0, 1), "
                         f"e.g. 0.01; got {a}")
    return a


def leaky_relu(x, *, alpha=0.01):
    """Leaky ReLU ``f(x) = x`` for x > 0 and ``alpha x`` for x <= 0, elementwise.

    Shapes: x any array -> the same shape (a float for a number); alpha a number in [0, 1)
    (alpha = 0 is relu). Raises ValueError for an alpha outside [0, 1).
    In a network: a ReLU whose negative side keeps a small slope, so no unit stops learning.
    """
    alpha = _alpha(alpha, "leaky_relu")
    x = _elementwise(x, "leaky_relu")
    return _result(np.where(x > 0, x, alpha * x))


def leaky_relu_derivative(x, *, alpha=0.01):
    """``f'(x) = 1`` for x > 0 and ``alpha`` for x <= 0 (alpha at the kink x = 0, as PyTorch).

    Shapes: x any array -> the same shape (a float for a number); alpha a number in [0, 1).
    In a network: the gradient through a leaky ReLU is never exactly 0 (for alpha > 0).
    """
    alpha = _alpha(alpha, "leaky_relu_derivative")
    x = _elementwise(x, "leaky_relu_derivative")
    return _result(np.where(x > 0, 1.0, alpha))


def _exp_minus_abs(x: np.ndarray) -> np.ndarray:
    """``exp(-|x|)``, in (0, 1]: never overflows (it underflows to 0 quietly for |x| > 745)."""
    return np.exp(-np.abs(x))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + e)`` for x >= 0 and ``e / (1 + e)`` for x < 0, with ``e = exp(-|x|)``."""
    e = _exp_minus_abs(x)
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid(x):
    """Logistic sigmoid ``s(x) = 1 / (1 + exp(-x))``, elementwise, in [0, 1].

    Computed with ``e = exp(-|x|)`` as ``1 / (1 + e)`` for x >= 0 and ``e / (1 + e)`` for x < 0,
    so no exponential overflows: ``sigmoid(-1000) = 0`` and ``sigmoid(1000) = 1`` without warnings.
    Shapes: x any array -> the same shape (a float for a number).
    In a network: turns a score into a probability (binary classification); the gates of an LSTM.
    """
    return _result(_sigmoid(_elementwise(x, "sigmoid")))


def sigmoid_derivative(x):
    """``s'(x) = s(x) (1 - s(x))``, elementwise, at most 1/4 (at x = 0).

    Computed as ``e / (1 + e)^2`` with ``e = exp(-|x|)`` (the same number, since s'(x) = s'(-x)),
    which keeps its precision in the tails where ``1 - s(x)`` would round to 0.
    Shapes: x any array -> the same shape (a float for a number).
    In a network: at most 1/4, so every sigmoid layer shrinks the gradient at least four times;
    for |x| large it is nearly 0 (saturation): the vanishing-gradient problem.
    """
    x = _elementwise(x, "sigmoid_derivative")
    e = _exp_minus_abs(x)
    return _result(e / ((1.0 + e) * (1.0 + e)))


def tanh(x):
    """Hyperbolic tangent ``tanh(x) = (e^x - e^-x) / (e^x + e^-x) = 2 s(2x) - 1``, in [-1, 1].

    Shapes: x any array -> the same shape (a float for a number). numpy's tanh, which does not
    overflow: ``tanh(1000) = 1``.
    In a network: a zero-centred activation (RNN hidden states); it saturates like the sigmoid.
    """
    x = _elementwise(x, "tanh")
    return _result(np.tanh(x))


def tanh_derivative(x):
    """``tanh'(x) = 1 - tanh(x)^2``, elementwise, at most 1 (at x = 0).

    Computed as ``4 e / (1 + e)^2`` with ``e = exp(-2|x|)`` (the same number), exact in the tails
    where ``1 - tanh(x)^2`` would round to 0, and without the overflow of ``1 / cosh(x)^2``.
    Shapes: x any array -> the same shape (a float for a number).
    In a network: the factor backpropagation multiplies by at a tanh unit; near 0 once |x| > 5.
    """
    x = _elementwise(x, "tanh_derivative")
    e = _exp_minus_abs(2.0 * x)
    return _result(4.0 * e / ((1.0 + e) * (1.0 + e)))


# -- losses -------------------------------------------------------------------------------------

def _pair(pred, target, pred_name: str, target_name: str, where: str):
    """Both arguments as float arrays of one shape: a number, (N,) or (N, K)."""
    a = as_array(pred, pred_name, where, ndim=(0, 1, 2))
    b = as_array(target, target_name, where, ndim=(0, 1, 2))
    if a.shape != b.shape:
        raise ValueError(f"{where}: {pred_name} has shape {shape_str(a.shape)} and {target_name} "
                         f"has shape {shape_str(b.shape)}; give one target per prediction "
                         "(the same shape)")
    return a, b


def _in_unit_interval(a: np.ndarray, name: str, where: str, what: str) -> None:
    bad = (a < 0.0) | (a > 1.0)
    if np.any(bad):
        raise ValueError(f"{where}: {name} {_first(a, bad)}; {what}")


def mse(y_pred, y_true) -> float:
    """Mean squared error ``L = (1/n) sum_i (y_pred_i - y_true_i)^2`` over all n entries.

    Shapes: y_pred and y_true the same shape, a number, (N,) or (N, K) -> a number >= 0 (the mean
    over every entry, as PyTorch's MSELoss). Huge errors give a huge or infinite loss, no warning.
    Raises ValueError for different shapes, an empty array, NaN or infinity.
    In a network: the regression loss; minimising it predicts the mean of the target given x.
    """
    a, b = _pair(y_pred, y_true, "y_pred", "y_true", "mse")
    with np.errstate(over="ignore"):
        r = a - b                      # may be inf when the inputs are near the float limit
    m = float(np.max(np.abs(r)))
    if m == 0.0 or np.isinf(m):
        return m
    u = r / m                          # in [-1, 1]: squaring cannot overflow
    return m * m * float(np.mean(u * u))


def mse_gradient(y_pred, y_true):
    """``dL/dy_pred = 2 (y_pred - y_true) / n`` for the mean squared error over n entries.

    Shapes: as mse -> y_pred's shape (a float for a number).
    In a network: the error signal that backpropagation starts from at a linear output layer.
    """
    a, b = _pair(y_pred, y_true, "y_pred", "y_true", "mse_gradient")
    with np.errstate(over="ignore"):
        return _result((a - b) * (2.0 / a.size))


def _bce_inputs(p, y, where: str):
    """p and y checked, with p and 1 - p clipped to [BCE_EPS, 1]: the numbers inside the logs."""
    p, y = _pair(p, y, "p", "y", where)
    _in_unit_interval(p, "p", where, "p must be probabilities in [0, 1] (for raw scores, logits, "
                      "use binary_cross_entropy_with_logits)")
    _in_unit_interval(y, "y", where, "targets must be in [0, 1] (labels 0 or 1)")
    return np.maximum(p, BCE_EPS), np.maximum(1.0 - p, BCE_EPS), y


def binary_cross_entropy(p, y) -> float:
    """Binary cross-entropy ``L = -(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)]``.

    p are predicted probabilities of class 1; y the labels 0 or 1 (or soft targets in [0, 1]).
    Each log is taken of a number clipped to at least ``BCE_EPS`` = 1e-12, ``log(max(p, 1e-12))``
    and ``log(max(1 - p, 1e-12))``, so ``log 0`` never happens: a confident wrong prediction
    (p = 0 for y = 1) costs -log(1e-12) = 27.63, the most any example can cost, without warnings.
    Shapes: p and y the same shape, a number, (N,) or (N, K) -> a number >= 0, the mean over all
    entries. Raises ValueError for a p or y outside [0, 1] or different shapes.
    In a network: the loss of a sigmoid output for two classes (or several independent labels).
    """
    p, q, y = _bce_inputs(p, y, "binary_cross_entropy")
    return _mean(-(y * np.log(p) + (1.0 - y) * np.log(q)))


def binary_cross_entropy_gradient(p, y):
    """``dL/dp_i = (-y_i / p_i + (1 - y_i) / (1 - p_i)) / n = (p_i - y_i) / (p_i (1 - p_i)) / n``.

    With p_i and 1 - p_i clipped to at least 1e-12 as in binary_cross_entropy: exact for p in
    [1e-12, 1 - 1e-12], finite (at most 1e12 / n) and pointing towards the target at 0 and 1.
    Shapes: as binary_cross_entropy -> p's shape (a float for a number).
    In a network: huge when a confident prediction is wrong; multiplied by the sigmoid's
    derivative it becomes the simple ``sigmoid(z) - y`` (binary_cross_entropy_with_logits_gradient).
    """
    p, q, y = _bce_inputs(p, y, "binary_cross_entropy_gradient")
    return _result((-y / p + (1.0 - y) / q) / p.size)


def binary_cross_entropy_with_logits(z, y) -> float:
    """Binary cross-entropy of ``p = sigmoid(z)`` computed from the logit z, stable for any z.

    ``L = (1/n) sum_i [max(z_i, 0) - z_i y_i + log(1 + exp(-|z_i|))]``, which equals
    ``-(1/n) sum_i [y_i log s(z_i) + (1 - y_i) log(1 - s(z_i))]`` exactly (no clipping), and never
    exponentiates a positive number: z = +-1000 gives the exact loss (1000 for a wrong sign).
    Shapes: z and y the same shape, a number, (N,) or (N, K) -> a number >= 0. y in [0, 1].
    Raises ValueError for a y outside [0, 1] or different shapes.
    In a network: PyTorch's BCEWithLogitsLoss; the last layer outputs a score z, no sigmoid.
    """
    z, y = _pair(z, y, "z", "y", "binary_cross_entropy_with_logits")
    _in_unit_interval(y, "y", "binary_cross_entropy_with_logits",
                      "targets must be in [0, 1] (labels 0 or 1)")
    return _mean(np.maximum(z, 0.0) - z * y + np.log1p(_exp_minus_abs(z)))


def binary_cross_entropy_with_logits_gradient(z, y):
    """``dL/dz_i = (sigmoid(z_i) - y_i) / n``: the prediction's error, nothing more.

    Shapes: as binary_cross_entropy_with_logits -> z's shape (a float for a number).
    In a network: this is why a sigmoid output is trained with cross-entropy: the gradient does
    not vanish when the prediction is confidently wrong (compare mse through a sigmoid).
    """
    z, y = _pair(z, y, "z", "y", "binary_cross_entropy_with_logits_gradient")
    _in_unit_interval(y, "y", "binary_cross_entropy_with_logits_gradient",
                      "targets must be in [0, 1] (labels 0 or 1)")
    return _result((_sigmoid(z) - y) / z.size)


def _class_inputs(logits, labels, where: str):
    """logits (N, K) with labels (N,), or (K,) with one label; labels whole numbers in [0, K)."""
    z = as_array(logits, "logits", where, ndim=(1, 2))
    y = np.asarray(labels)
    k = z.shape[-1]
    rows = () if z.ndim == 1 else (z.shape[0],)
    if z.ndim == 1:
        expected = (f"{where}: labels must be one integer in [0, {k}), the index of the right "
                    f"class among the {k} logits")
    else:
        n = rows[0]
        expected = (f"{where}: labels must be {n} integer{'s' if n != 1 else ''} in [0, {k}), "
                    f"one per row of logits {shape_str(z.shape)}, each the index of the right "
                    "class")
    if not np.issubdtype(y.dtype, np.integer):
        kind = "floats" if np.issubdtype(y.dtype, np.floating) else f"dtype {y.dtype}"
        hint = "; convert whole-number labels with labels.astype(int)" if kind == "floats" else ""
        raise TypeError(f"{expected}; got {kind} of shape {shape_str(y.shape)}{hint}")
    if y.shape != rows:
        raise ValueError(f"{expected}; got {y.size} label{'s' if y.size != 1 else ''} of shape "
                         f"{shape_str(y.shape)}")
    bad = (y < 0) | (y >= k)
    if np.any(bad):
        raise ValueError(f"{where}: labels {_first(y, bad)}, which is not a class: the classes of "
                         f"logits {shape_str(z.shape)} are 0 to {k - 1}")
    return z, y.astype(int)


def cross_entropy(logits, labels) -> float:
    """Cross-entropy of integer class labels under ``softmax(logits)``, the mean over the batch.

    ``L = -(1/N) sum_n log softmax(z_n)[y_n] = (1/N) sum_n [logsumexp(z_n) - z_n[y_n]]``, with
    the log-softmax computed as ``z - max z - log sum exp(z - max z)``: logits of +-1000 give the
    exact loss without overflow.
    Shapes: logits (N, K) and labels (N,) integers in [0, K); or logits (K,) and one integer
    label -> a number >= 0. Raises TypeError for labels that are not integers (floats such as 1.0
    included) and ValueError for a label outside [0, K) or the wrong number of labels.
    In a network: the classification loss of a softmax output layer (PyTorch's CrossEntropyLoss,
    which also takes logits, not probabilities).
    """
    z, y = _class_inputs(logits, labels, "cross_entropy")
    logp = log_softmax(z)                           # along the last axis: one row per example
    picked = logp[y] if z.ndim == 1 else logp[np.arange(z.shape[0]), y]
    return _mean(-picked)


def cross_entropy_gradient(logits, labels):
    """``dL/dz_n = (softmax(z_n) - onehot(y_n)) / N``: predicted minus true distribution.

    Shapes: as cross_entropy -> the shape of logits; each row sums to 0.
    In a network: the gradient at the logits of a softmax classifier; it pushes the right class's
    score up and every other score down, in proportion to its probability.
    """
    z, y = _class_inputs(logits, labels, "cross_entropy_gradient")
    g = softmax(z)                                  # along the last axis
    n = 1 if z.ndim == 1 else z.shape[0]
    if z.ndim == 1:
        g[y] -= 1.0
    else:
        g[np.arange(n), y] -= 1.0
    return g / n


def _hinge_inputs(scores, y, where: str):
    s, y = _pair(scores, y, "scores", "y", where)
    bad = (y != 1.0) & (y != -1.0)
    if np.any(bad):
        raise ValueError(f"{where}: y {_first(y, bad)}; hinge labels "
                         "are -1 or +1 (for labels 0/1 pass 2 * y - 1)")
    return s, y


def hinge(scores, y) -> float:
    """Hinge loss ``L = (1/n) sum_i max(0, 1 - y_i s_i)`` for labels y_i in {-1, +1}.

    Zero once an example is on the right side with a margin (``y_i s_i >= 1``), growing linearly
    with the score on the wrong side. Shapes: scores and y the same shape, a number, (N,) or
    (N, K) -> a number >= 0. Raises ValueError for a label other than -1 or +1, or different
    shapes.
    In a network: the support vector machine's loss; a classifier's margin-based alternative to
    cross-entropy.
    """
    s, y = _hinge_inputs(scores, y, "hinge")
    return _mean(np.maximum(0.0, 1.0 - y * s))     # |y s| = |s|: no overflow


def hinge_gradient(scores, y):
    """``dL/ds_i = -y_i / n`` where ``y_i s_i < 1`` (inside the margin), else 0.

    At the kink ``y_i s_i = 1`` the loss has no derivative; we take 0 there, as relu_derivative
    does at 0. Shapes: as hinge -> the shape of scores.
    In a network: only the examples inside the margin (the "support vectors") move the weights.
    """
    s, y = _hinge_inputs(scores, y, "hinge_gradient")
    return _result(np.where(y * s < 1.0, -y, 0.0) / s.size)


def _delta(delta, where: str) -> float:
    d = as_scalar(delta, "delta", where)
    if not d > 0.0:
        raise ValueError(f"{where}: delta is where the loss turns from quadratic to linear and "
                         f"must be > 0, e.g. 1.0; got {d}")
    return d


def huber(y_pred, y_true, *, delta=1.0) -> float:
    """Huber loss ``L = (1/n) sum_i h(y_pred_i - y_true_i)`` over all n entries, where

    ``h(r) = r^2 / 2`` for ``|r| <= delta`` and ``h(r) = delta (|r| - delta / 2)`` for
    ``|r| > delta``: quadratic for small errors, linear for large ones, the two pieces meeting
    with the same value (delta^2 / 2) and slope (delta) at ``|r| = delta``. This is PyTorch's
    ``HuberLoss(reduction="mean", delta=delta)`` (its ``SmoothL1Loss`` with beta = delta is this
    divided by delta).
    Shapes: y_pred and y_true the same shape, a number, (N,) or (N, K) -> a number >= 0 (the mean
    over every entry); delta a number > 0. Huge errors give a huge or infinite loss, no warning.
    Raises ValueError for different shapes, an empty array, NaN or infinity, or delta <= 0.
    In a network: a regression loss robust to outliers (an outlier's pull is at most delta);
    for example the box coordinates of object detectors.
    """
    delta = _delta(delta, "huber")
    a, b = _pair(y_pred, y_true, "y_pred", "y_true", "huber")
    with np.errstate(over="ignore"):   # inf when the errors are near the float limit
        r = np.abs(a - b)
        terms = np.where(r <= delta, 0.5 * r * r, delta * (r - 0.5 * delta))
    return _mean(terms)


def huber_gradient(y_pred, y_true, *, delta=1.0):
    """``dL/dy_pred_i = clip(y_pred_i - y_true_i, -delta, delta) / n`` for the Huber loss.

    ``(y_pred_i - y_true_i) / n`` inside delta (as half the squared error), ``+-delta / n``
    beyond: the pull of one entry is capped at delta. The derivative is continuous at
    ``|r| = delta``, so no convention is needed there.
    Shapes: as huber -> y_pred's shape (a float for a number).
    In a network: the error signal of a robust regression output; an outlier pushes no harder
    than any other entry beyond delta.
    """
    delta = _delta(delta, "huber_gradient")
    a, b = _pair(y_pred, y_true, "y_pred", "y_true", "huber_gradient")
    with np.errstate(over="ignore"):
        return _result(np.clip(a - b, -delta, delta) / a.size)


# Regularisation (notebook 19) -------------------------------------------------------------------

__all__ += ["l1_penalty", "l1_penalty_gradient", "l2_penalty", "l2_penalty_gradient", "dropout"]


def _setting(value, name: str, where: str, example: str) -> float:
    """A number setting (lam, p) as a float. A bool is refused (``lam=True`` is a slip, not 1.0),
    and NaN or infinity is named without an index: it is one number."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be a number such as {example}, got "
                        f"{type(value).__name__} {value!r}")
    if np.ndim(value) == 0 and not _finite_number(value):
        raise ValueError(f"{where}: {name} is {float(np.asarray(value, dtype=float))}; expected "
                         f"a finite number (no NaN or infinity), e.g. {example}")
    return as_scalar(value, name, where)


def _finite_number(value) -> bool:
    """Whether one value reads as a finite real number; anything unreadable counts as finite here,
    so that as_scalar names what was given."""
    a = np.asarray(value)
    return a.dtype.kind not in "iuf" or bool(np.isfinite(a))


def _weights(w, where: str) -> np.ndarray:
    """w as a float array. A list of several layers' weight arrays of different shapes (which
    numpy cannot stack) gets a hint: penalise each layer and sum."""
    if isinstance(w, (list, tuple)) and len(w) > 1 and all(np.ndim(v) >= 1 for v in w):
        shapes = [np.shape(v) for v in w]
        if len(set(shapes)) > 1:
            if where.endswith("_gradient"):
                fix = f"take each layer's gradient: [{where}(W, lam=lam) for W in weights]"
            else:
                fix = f"sum the penalty over layers: sum({where}(W, lam=lam) for W in weights)"
            raise TypeError(f"{where}: w is a list of {len(w)} arrays of different shapes "
                            f"({', '.join(shape_str(v) for v in shapes)}), one per layer? "
                            f"{where} takes one array; {fix}")
    return as_array(w, "w", where, nonempty=False)


def _weights_and_lam(w, lam, where: str):
    """w as a float array of any shape (empty allowed: a layer without weights) and lam >= 0."""
    a = _weights(w, where)
    lam = _setting(lam, "lam", where, "0.01")
    if lam < 0.0:
        raise ValueError(f"{where}: lam is the strength of the penalty and must be >= 0 (0 means "
                         f"no penalty), e.g. 0.01; got {lam}")
    return a, lam


def l1_penalty(w, *, lam) -> float:
    """L1 penalty ``lam * sum_i |w_i|`` (the lasso's penalty), summed over every entry of w.

    Shapes: w a number or an array of any shape -> a number >= 0; lam a number >= 0. Huge
    weights give a huge or infinite penalty, no warning.
    Raises TypeError for non-numbers (a bool lam too; a list of layers' arrays of different
    shapes gets the hint to sum over layers), ValueError for NaN or infinity in w or lam, or
    lam < 0.
    In a network: added to the loss, it pulls every weight towards 0 with the same force lam
    whatever its size, so small weights reach exactly 0 (sparse weights).
    """
    a, lam = _weights_and_lam(w, lam, "l1_penalty")
    with np.errstate(over="ignore"):
        return float(lam * float(np.sum(np.abs(a))))


def l1_penalty_gradient(w, *, lam):
    """``d/dw_i (lam * sum_j |w_j|) = lam * sign(w_i)``, with the subgradient 0 at ``w_i = 0``.

    |w| has no derivative at 0: every number in [-lam, lam] is a subgradient there, and 0 (numpy's
    ``sign(0)``, PyTorch's gradient of ``abs`` at 0) is the one that leaves a zero weight at zero.
    Shapes: as l1_penalty -> w's shape (a float for a number).
    In a network: a constant push of size lam towards 0 on every nonzero weight; gradient descent
    on it overshoots zero and jiggles, which is why lasso solvers soft-threshold instead.
    """
    a, lam = _weights_and_lam(w, lam, "l1_penalty_gradient")
    return _result(lam * np.sign(a))


def l2_penalty(w, *, lam) -> float:
    """L2 penalty ``(lam / 2) * sum_i w_i^2`` (ridge, "weight decay"), over every entry of w.

    The convention is the one with the 1/2, so that the gradient is ``lam * w``: exactly what
    PyTorch's ``torch.optim.SGD(..., weight_decay=lam)`` adds to each gradient
    (``grad += weight_decay * w``). Other texts write ``lam * sum w^2``; their lam is half of this
    one (and their gradient ``2 lam w``).
    Shapes: w a number or an array of any shape -> a number >= 0; lam a number >= 0. Huge weights
    give a huge or infinite penalty, no warning.
    Raises TypeError for non-numbers (a bool lam too; a list of layers' arrays of different
    shapes gets the hint to sum over layers), ValueError for NaN or infinity in w or lam, or
    lam < 0.
    In a network: added to the loss, it shrinks every weight in proportion to its size (large
    weights most), which keeps the function smooth; it makes weights small, rarely exactly 0.
    """
    a, lam = _weights_and_lam(w, lam, "l2_penalty")
    with np.errstate(over="ignore"):
        return float(0.5 * lam * float(np.sum(a * a)))


def l2_penalty_gradient(w, *, lam):
    """``d/dw_i ((lam / 2) * sum_j w_j^2) = lam * w_i``: PyTorch's ``weight_decay * w``.

    Shapes: as l2_penalty -> w's shape (a float for a number).
    In a network: one SGD step with it multiplies each weight by (1 - lr * lam) before the loss's
    own step: the weights "decay".
    """
    a, lam = _weights_and_lam(w, lam, "l2_penalty_gradient")
    with np.errstate(over="ignore"):
        return _result(lam * a)


def dropout(x, *, p=0.5, rng=None, training=True):
    """Inverted dropout: each entry of x is kept with probability ``1 - p`` and then divided by
    ``1 - p``, or set to 0 (with probability p), independently.

    **For new masks on repeated calls, make one Generator and pass it every time**:
    ``rng = np.random.default_rng(0)`` once, then ``dropout(h, p=0.5, rng=rng)`` in the loop.
    Without ``rng`` (None means seed 0, the course's convention) every call draws the **same**
    mask: ``[dropout(2.0, p=0.5) for _ in range(1000)]`` is one value repeated, its variance 0,
    and a training loop would drop the same units at every step.

    The rule: ``y_i = x_i * m_i / (1 - p)`` with ``m_i ~ Bernoulli(1 - p)``, so
    ``E[y_i] = x_i``: the expected output equals the input, which is why nothing needs rescaling
    at test time.
    With ``training=False`` (evaluation) or ``p = 0`` it is the identity (a float copy of x, and
    no random number is drawn). This is PyTorch's ``nn.functional.dropout(x, p, training)``.
    Shapes: x a number or an array of any shape -> the same shape; p a number with
    ``0 <= p < 1`` (PyTorch's default 0.5); rng None (seed 0, the same mask every call), an int
    seed (the same mask for the same seed) or a numpy Generator (a new mask on every call, as it
    advances).
    Raises TypeError for non-numbers (a bool p too), a training flag that is not True or False, or
    a bad rng; ValueError for NaN or infinity in x or p, or p outside [0, 1).
    In a network: applied to a layer's activations during training only, so that no unit can
    rely on another one being present; model.eval() in PyTorch switches it off.
    """
    where = "dropout"
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"{where}: training must be True (training: drop entries) or False "
                        f"(evaluation: the identity), got {type(training).__name__} "
                        f"{training!r:.40}")
    p = _setting(p, "p", where, "0.5")
    if not 0.0 <= p < 1.0:
        raise ValueError(f"{where}: p is the probability of dropping an entry and must satisfy "
                         f"0 <= p < 1 (p = 1 would drop everything and divide by 1 - p = 0), "
                         f"e.g. 0.5; got {p}")
    generator = as_rng(rng, where)
    a = as_array(x, "x", where, nonempty=False)
    if not training or p == 0.0:
        return _result(a.copy())
    keep = generator.random(a.shape) >= p          # True with probability 1 - p
    with np.errstate(over="ignore"):                # x near the float limit: inf, no warning
        return _result(np.where(keep, a / (1.0 - p), 0.0))


# Initialisation (notebook 20)
# ------------------------------------------------------------------------------------------------
# Each initialiser draws a (fan_in, fan_out) weight matrix W, used as ``h @ W`` on a batch h of
# shape (N, fan_in). PyTorch stores a Linear layer's weight as (fan_out, fan_in), the transpose,
# and computes ``h @ W.T``: the distributions are the same, entry by entry.

__all__ += ["xavier_uniform", "xavier_normal", "he_uniform", "he_normal"]


def _fans(fan_in, fan_out, where: str) -> tuple[int, int]:
    return (as_int(fan_in, "fan_in", where, low=1), as_int(fan_out, "fan_out", where, low=1))


def xavier_uniform(fan_in, fan_out, *, rng=None) -> np.ndarray:
    """Xavier (Glorot) uniform initialisation: ``W_ij ~ U(-a, a)`` independently, with
    ``a = sqrt(6 / (fan_in + fan_out))``, so that ``Var(W_ij) = a^2 / 3 = 2 / (fan_in + fan_out)``.

    The variance is the compromise between keeping the forward signal's variance
    (``fan_in Var(W) = 1``) and the backward gradient's (``fan_out Var(W) = 1``) in a linear
    (or tanh near 0) layer with independent zero-mean weights and inputs. This is PyTorch's
    ``torch.nn.init.xavier_uniform_(w, gain=1)``; torch's weight has shape (fan_out, fan_in),
    the transpose of this one.
    Shapes: fan_in, fan_out whole numbers >= 1 -> an array (fan_in, fan_out).
    rng: None (seed 0), an int seed or a numpy Generator. Raises TypeError for a fan that is not
    an int (a float, a bool) and ValueError for a fan < 1.
    In a network: the default for tanh and sigmoid layers; ``h @ W`` maps (N, fan_in) to
    (N, fan_out).
    """
    fan_in, fan_out = _fans(fan_in, fan_out, "xavier_uniform")
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return as_rng(rng, "xavier_uniform").uniform(-bound, bound, size=(fan_in, fan_out))


def xavier_normal(fan_in, fan_out, *, rng=None) -> np.ndarray:
    """Xavier (Glorot) normal initialisation: ``W_ij ~ N(0, std^2)`` independently, with
    ``std = sqrt(2 / (fan_in + fan_out))``.

    The same variance as :func:`xavier_uniform`, from a Gaussian. This is PyTorch's
    ``torch.nn.init.xavier_normal_(w, gain=1)``; torch's weight has shape (fan_out, fan_in),
    the transpose of this one.
    Shapes: fan_in, fan_out whole numbers >= 1 -> an array (fan_in, fan_out).
    rng: None (seed 0), an int seed or a numpy Generator. Raises TypeError for a fan that is not
    an int and ValueError for a fan < 1.
    In a network: tanh and sigmoid layers, as xavier_uniform.
    """
    fan_in, fan_out = _fans(fan_in, fan_out, "xavier_normal")
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return as_rng(rng, "xavier_normal").normal(0.0, std, size=(fan_in, fan_out))


def he_uniform(fan_in, fan_out, *, rng=None) -> np.ndarray:
    """He (Kaiming) uniform initialisation for ReLU layers: ``W_ij ~ U(-a, a)`` independently,
    with ``a = sqrt(6 / fan_in)``, so that ``Var(W_ij) = a^2 / 3 = 2 / fan_in``.

    ReLU zeroes half of a symmetric zero-mean input, so it halves the second moment; the factor
    2 makes up for it, keeping ``E[z^2]`` of the pre-activations the same from layer to layer
    (independent zero-mean weights, inputs symmetric about 0). This is PyTorch's
    ``torch.nn.init.kaiming_uniform_(w, a=0, mode="fan_in", nonlinearity="relu")``; torch's weight
    has shape (fan_out, fan_in), the transpose of this one.
    Shapes: fan_in, fan_out whole numbers >= 1 -> an array (fan_in, fan_out).
    rng: None (seed 0), an int seed or a numpy Generator. Raises TypeError for a fan that is not
    an int and ValueError for a fan < 1.
    In a network: the default for ReLU layers.
    """
    fan_in, fan_out = _fans(fan_in, fan_out, "he_uniform")
    bound = np.sqrt(6.0 / fan_in)
    return as_rng(rng, "he_uniform").uniform(-bound, bound, size=(fan_in, fan_out))


def he_normal(fan_in, fan_out, *, rng=None) -> np.ndarray:
    """He (Kaiming) normal initialisation for ReLU layers: ``W_ij ~ N(0, std^2)`` independently,
    with ``std = sqrt(2 / fan_in)``.

    The same variance as :func:`he_uniform`, from a Gaussian. This is PyTorch's
    ``torch.nn.init.kaiming_normal_(w, a=0, mode="fan_in", nonlinearity="relu")``; torch's weight
    has shape (fan_out, fan_in), the transpose of this one.
    Shapes: fan_in, fan_out whole numbers >= 1 -> an array (fan_in, fan_out).
    rng: None (seed 0), an int seed or a numpy Generator. Raises TypeError for a fan that is not
    an int and ValueError for a fan < 1.
    In a network: ReLU layers, as he_uniform.
    """
    fan_in, fan_out = _fans(fan_in, fan_out, "he_normal")
    std = np.sqrt(2.0 / fan_in)
    return as_rng(rng, "he_normal").normal(0.0, std, size=(fan_in, fan_out))


# The capstone (notebook 27): a multilayer perceptron on mathlib.autodiff and its training loop,
# written in their own module and used as nn.MLP, nn.train_step, nn.fit, nn.evaluate, ....
from ._mlp import MLP, Evaluation, History, evaluate, fit, train_step  # noqa: E402

__all__ += ["MLP", "History", "Evaluation", "train_step", "fit", "evaluate"]
