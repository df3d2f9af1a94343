"""A multilayer perceptron on `mathlib.autodiff`, its training step and its training loop
(notebook 27, the capstone). Re-exported by `mathlib.nn`: ``nn.MLP``, ``nn.train_step``,
``nn.fit``, ``nn.History``, ``nn.evaluate``, ``nn.Evaluation``.

The network is ``h_0 = x``, ``h_l = act(h_{l-1} @ W_l + b_l)`` for the hidden layers and
``logits = h_{L-1} @ W_L + b_L`` (no activation after the last layer). Each layer is ONE node of
the autodiff graph (a "dense" operation: product, bias and activation fused, with its own local
derivatives), and the loss is `autodiff.cross_entropy`, one more node, so a training step of a
64-128-10 network builds three nodes.

Speed (the training step is timed against PyTorch by ``make bench``):
- the parameters' ``.data`` are views of ONE flat array, and their ``.grad`` views of another, so
  the optimiser updates all of them with a few whole-array operations (the same numbers as
  updating each parameter: every optimiser of `mathlib.optim` is elementwise);
- a layer's local derivatives need its input, its weights and its output; ``model(x)`` copies them
  when the node is made (changing ``.data`` before ``backward()`` cannot change the gradient, as
  everywhere in autodiff), while `train_step`, which runs ``backward()`` right after the forward
  pass with nothing in between, keeps references instead of copies.
"""

from __future__ import annotations

import dataclasses
import time
import weakref
from typing import Callable, NamedTuple

import numpy as np

from ._checks import as_array, as_int, as_rng, as_scalar, shape_str
from .autodiff import Tensor, _cross_entropy
from .optim import Adam, _Optimizer

__all__ = ["MLP", "History", "Evaluation", "train_step", "fit", "evaluate"]

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
LEAKY_SLOPE = 0.01
"""The slope of "leaky_relu" for negative inputs: nn.leaky_relu's default alpha (PyTorch's)."""


# -- activations, applied in place to a fresh pre-activation, and their slopes from the output ----

def _activate(z: np.ndarray, activation: str) -> np.ndarray:
    """act(z), overwriting z (a fresh array made by the layer). nn's activations, in place."""
    if activation == "relu":
        return np.maximum(z, 0.0, out=z)
    if activation == "tanh":
        return np.tanh(z, out=z)
    if activation == "leaky_relu":
        return np.multiply(z, np.where(z > 0, 1.0, LEAKY_SLOPE), out=z)
    e = np.exp(-np.abs(z))                           # sigmoid: exp of a number <= 0, no overflow
    return np.divide(np.where(z >= 0, 1.0, e), 1.0 + e, out=z)


def _slope(out: np.ndarray, activation: str) -> np.ndarray:
    """act'(z) written with the output a = act(z) only: relu 1 where a > 0 (0 at the kink, as
    nn.relu_derivative), leaky_relu 1 or alpha, tanh 1 - a^2, sigmoid a (1 - a)."""
    if activation == "relu":
        return out > 0
    if activation == "tanh":
        return 1.0 - out * out
    if activation == "leaky_relu":
        return np.where(out > 0, 1.0, LEAKY_SLOPE)
    return out * (1.0 - out)


def _dense(h, W: Tensor, b: Tensor, activation: str | None, *, keep: bool) -> Tensor:
    """``act(h @ W + b)`` (no activation for None) as ONE autodiff node.

    h is a Tensor or a float array (a constant: no gradient is sent to it). Local derivatives,
    with ``dz = g * act'(z)``: ``dh = dz W^T``, ``dW = h^T dz``, ``db = sum over rows of dz``;
    dz is computed once per backward pass and shared by the three. ``keep=True`` copies h, W and
    the output now, so that later changes to their ``.data`` cannot change the gradient.
    """
    x = h.data if isinstance(h, Tensor) else h
    z = x @ W.data
    z += b.data
    out = z if activation is None else _activate(z, activation)
    Wv, xv, av = W.data, x, out
    if keep:
        Wv, xv = Wv.copy(), xv.copy()
        av = av.copy() if activation is not None else None
    cache = [None, None]                             # [the g it was made from, dz]

    def dz(g):
        if cache[0] is not g:
            cache[0], cache[1] = g, g if activation is None else g * _slope(av, activation)
        return cache[1]

    local_W = lambda g: xv.T @ dz(g)                 # noqa: E731
    local_b = lambda g: dz(g).sum(axis=0)            # noqa: E731
    if isinstance(h, Tensor):
        return Tensor._result(out, (h, W, b), (lambda g: dz(g) @ Wv.T, local_W, local_b))
    return Tensor._result(out, (W, b), (local_W, local_b))


def _finite_sum(a: np.ndarray) -> bool:
    """Whether the sum of a's entries is finite: then every entry is (a NaN or inf entry makes
    the sum NaN or inf). An overflowing sum of finite entries answers False: as_array decides."""
    with np.errstate(all="ignore"):
        return bool(np.isfinite(np.add.reduce(a, axis=None)))


def _log_softmax_rows(Z: np.ndarray) -> np.ndarray:
    """log softmax of each row, ``(z - m) - log sum exp(z - m)`` with m the row's maximum (every
    exp <= 1: no overflow at any scale, no warning for inf/NaN logits)."""
    with np.errstate(all="ignore"):
        shifted = Z - Z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


# -- the network ---------------------------------------------------------------------------------

class MLP:
    """A multilayer perceptron ``MLP(sizes, *, rng=None, activation="relu")``.

    sizes: the layer widths, input first, e.g. (64, 128, 10): whole numbers >= 1, at least two.
    Layer l has weights ``W_l`` of shape (sizes[l-1], sizes[l]), He-normal
    (``nn.he_normal(fan_in, fan_out, rng=rng)``, drawn layer after layer from one generator), used
    as ``h @ W_l + b_l``, and a bias ``b_l`` (sizes[l],) of zeros. ``activation`` ("relu", "tanh",
    "sigmoid" or "leaky_relu", slope 0.01) is applied between layers, not after the last: the
    output is the logits. rng: None (seed 0), an int seed or a numpy Generator.

    ``model(x)``: x a Tensor or an array (batch, sizes[0]) -> the logits Tensor (batch, sizes[-1]).
    ``model.parameters()``: [W_1, b_1, W_2, b_2, ...], the same Tensor objects every call.
    ``model.predict_proba(X)`` (N, K) softmax probabilities and ``model.predict(X)`` (N,) classes,
    plain numpy (no graph). Raises TypeError / ValueError for bad sizes or activation.
    In a network: this is the network; torch's equivalent is nn.Sequential(nn.Linear(64, 128),
    nn.ReLU(), nn.Linear(128, 10)), whose weights are the transposes of these.
    """

    def __init__(self, sizes, *, rng=None, activation="relu"):
        where = "MLP"
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"{where}: sizes must be a tuple of layer widths such as (64, 128, 10), "
                            f"got {type(sizes).__name__} {sizes!r:.40}")
        if len(sizes) < 2:
            raise ValueError(f"{where}: sizes must list at least two widths (the input and the "
                             f"output, e.g. (64, 128, 10)), got {tuple(sizes)!r:.60}")
        self.sizes = tuple(as_int(n, f"sizes[{i}]", where, low=1) for i, n in enumerate(sizes))
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            error = TypeError if not isinstance(activation, str) else ValueError
            raise error(f"{where}: activation must be one of {', '.join(map(repr, ACTIVATIONS))}, "
                        f"got {type(activation).__name__} {activation!r:.40}")
        self.activation = activation
        generator = as_rng(rng, where)
        from .nn import he_normal
        shapes = [s for m, n in zip(self.sizes, self.sizes[1:]) for s in ((m, n), (n,))]
        size = sum(int(np.prod(s)) for s in shapes)
        self._flat, self._flat_grad = np.zeros(size), np.zeros(size)
        self._scratch = (np.empty(size), np.empty(size))     # for train_step's Adam update
        self._params: list[Tensor] = []
        self._views: list[tuple[np.ndarray, np.ndarray]] = []
        start = 0
        for shape in shapes:
            stop = start + int(np.prod(shape))
            data = self._flat[start:stop].reshape(shape)
            if len(shape) == 2:
                data[...] = he_normal(shape[0], shape[1], rng=generator)
            t = Tensor(np.zeros(0))
            t.data, t.grad = data, self._flat_grad[start:stop].reshape(shape)
            self._params.append(t)
            self._views.append((t.data, t.grad))
            start = stop

    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation!r})"

    def parameters(self) -> list:
        """[W_1, b_1, W_2, b_2, ...]: the model's Tensors (the same objects every call)."""
        return list(self._params)

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to zeros (before the next ``backward()``)."""
        self._sync()
        self._flat_grad.fill(0.0)

    def _sync(self) -> None:
        """Put the parameters back on the flat arrays if someone replaced a ``.data`` or ``.grad``
        (``W.data = ...``, ``W.zero_grad()``): their values are copied in; a new shape is an
        error, as the layers' sizes are fixed."""
        for i, (t, (data, grad)) in enumerate(zip(self._params, self._views)):
            if t.data is data and t.grad is grad:
                continue
            for name, new, home in (("data", t.data, data), ("grad", t.grad, grad)):
                if new is home:
                    continue
                new = np.asarray(new, dtype=float) if new is not None else np.zeros(home.shape)
                if new.shape != home.shape:
                    kind = "W" if home.ndim == 2 else "b"
                    raise ValueError(f"MLP: parameters()[{i}] ({kind}_{i // 2 + 1}) has {name} of "
                                     f"shape {shape_str(new.shape)}; expected "
                                     f"{shape_str(home.shape)} (the layer sizes are fixed)")
                home[...] = new
            t.data, t.grad = data, grad

    def _input(self, x, where: str) -> np.ndarray:
        """The numbers of x (a Tensor's data, or x as a float array) of shape (batch, sizes[0]),
        or a ValueError naming its shape."""
        if isinstance(x, Tensor):
            a = x.data
        elif type(x) is np.ndarray and x.dtype == np.float64 and _finite_sum(x):
            a = x                                    # the usual case, checked in one pass
        else:
            a = as_array(x, "x", where, nonempty=False)
        if a.ndim != 2 or a.shape[1] != self.sizes[0]:
            raise ValueError(f"{where}: x has shape {shape_str(a.shape)}; expected (batch, "
                             f"{self.sizes[0]}): one row of {self.sizes[0]} features per example"
                             + (" (one example: x.reshape(1, -1))" if a.ndim == 1 else ""))
        return a

    def _forward(self, x, *, keep: bool = False) -> Tensor:
        h = x
        last = len(self._params) // 2 - 1
        for layer in range(last + 1):
            W, b = self._params[2 * layer], self._params[2 * layer + 1]
            h = _dense(h, W, b, self.activation if layer < last else None, keep=keep)
        return h

    def __call__(self, x) -> Tensor:
        """The logits Tensor (batch, sizes[-1]) for x (batch, sizes[0]), recorded in the graph."""
        a = self._input(x, "MLP")
        self._sync()
        with np.errstate(all="ignore"):              # diverged weights: inf/NaN, no warning
            return self._forward(x if isinstance(x, Tensor) else a, keep=True)

    def _logits(self, X: np.ndarray, dead: list | None = None) -> np.ndarray:
        """The logits for checked X, plain numpy; with a list ``dead``, the number of units of
        each hidden layer that are 0 on every row of X is appended to it."""
        self._sync()
        h = X
        last = len(self._params) // 2 - 1
        with np.errstate(all="ignore"):
            for layer in range(last + 1):
                z = h @ self._params[2 * layer].data
                z += self._params[2 * layer + 1].data
                h = _activate(z, self.activation) if layer < last else z
                if dead is not None and layer < last:
                    dead.append(h.shape[1] - int(np.count_nonzero(np.any(h != 0.0, axis=0))))
        return h

    def predict_proba(self, X) -> np.ndarray:
        """Softmax probabilities (N, sizes[-1]) for X (N, sizes[0]): plain numpy, no graph."""
        return np.exp(_log_softmax_rows(self._logits(self._input(X, "MLP.predict_proba"))))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row of X (N, sizes[0]) -> (N,) ints."""
        return np.argmax(self._logits(self._input(X, "MLP.predict")), axis=1)


# -- one training step -----------------------------------------------------------------------------

def _check_model(model, where: str) -> None:
    if not isinstance(model, MLP):
        raise TypeError(f"{where}: model must be an nn.MLP such as MLP((64, 128, 10)), got "
                        f"{type(model).__name__} {model!r:.40}")


def _check_optimizer(optimizer, where: str) -> None:
    if not isinstance(optimizer, _Optimizer):
        raise TypeError(f"{where}: optimizer must be an optimiser of mathlib.optim such as "
                        f"Adam(lr=0.001) or SGD(lr=0.1), got {type(optimizer).__name__} "
                        f"{optimizer!r:.40}")


def _check_lam(lam, where: str) -> float:
    if isinstance(lam, (bool, np.bool_)):
        raise TypeError(f"{where}: lam must be a number such as 0.0001, got bool {lam!r}")
    value = as_scalar(lam, "lam", where)
    if value < 0.0:
        raise ValueError(f"{where}: lam is the strength of the L2 penalty and must be >= 0 "
                         f"(0: no penalty), e.g. 0.0001; got {value:g}")
    return value


def _labels(y, n: int, k: int, where: str) -> np.ndarray:
    """y as n integer labels in [0, k), or a ValueError naming what was given."""
    labels = np.asarray(y.data if isinstance(y, Tensor) else y)
    expected = f"{where}: y must be {n} integer labels in [0, {k}) (one per row of x)"
    if labels.dtype.kind not in ("i", "u"):
        hint = "; convert whole-number labels with y.astype(int)" if labels.dtype.kind == "f" \
            else ""
        raise ValueError(f"{expected}, got dtype {labels.dtype}{hint}")
    if labels.shape != (n,):
        raise ValueError(f"{expected}, got shape {shape_str(labels.shape)}")
    if n and (labels.min() < 0 or labels.max() >= k):
        i = int(np.argmax((labels < 0) | (labels >= k)))
        raise ValueError(f"{expected}, got {int(labels[i])} at index {i}: the classes are 0 to "
                         f"{k - 1}")
    return labels


def _check_state(model: MLP, optimizer, where: str) -> None:
    if optimizer.state and [s[0].shape for s in optimizer.state] != [model._flat.shape]:
        shapes = ", ".join(shape_str(s[0].shape) for s in optimizer.state)
        raise ValueError(f"{where}: this optimiser already holds state for parameters of shapes "
                         f"{shapes}, not for this model's ({model._flat.size} numbers in all); "
                         "give each model its own optimiser, e.g. Adam(lr=0.001)")


def _step(model: MLP, x: np.ndarray, y: np.ndarray, optimizer, lam: float) -> float:
    """The step on checked arguments (fit's loop calls it directly)."""
    model._sync()
    model._flat_grad.fill(0.0)
    with np.errstate(all="ignore"):                  # a diverging run: inf and NaN, quietly
        loss = _cross_entropy(model._forward(x), y)     # autodiff.cross_entropy, y checked
        loss.backward()
        value = float(loss.data)
        if lam:
            for W in model._params[::2]:             # weights only: nn.l2_penalty's (lam/2) |W|^2
                value += 0.5 * lam * float(np.vdot(W.data, W.data))
                W.grad += lam * W.data               # its gradient lam W (nn.l2_penalty_gradient)
        if type(optimizer) is Adam:
            _adam_apply(optimizer, model)
        else:
            optimizer._apply([model._flat], [model._flat_grad])
    return value


def _adam_apply(opt: Adam, model: MLP) -> None:
    """``opt._apply([flat], [flat_grad])`` for Adam, the same operations in the same order as
    Adam._update (so the same numbers, to the bit: tests/test_mlp.py checks it), written into
    two scratch arrays the model keeps instead of making a new array for each operation."""
    p, g = model._flat, model._flat_grad
    if not opt.state:
        opt.state = [opt._new_state(p)]
    opt.t += 1
    m, v = opt.state[0]
    a, b = model._scratch
    m *= opt.beta1
    m += np.multiply(g, 1.0 - opt.beta1, out=a)                      # m += (1 - b1) g
    v *= opt.beta2
    v += np.multiply(np.multiply(g, g, out=a), 1.0 - opt.beta2, out=a)   # v += (1 - b2) g^2
    np.divide(m, 1.0 - opt.beta1 ** opt.t, out=a)                    # m_hat
    a *= opt.lr
    np.divide(v, 1.0 - opt.beta2 ** opt.t, out=b)                    # v_hat
    np.sqrt(b, out=b)
    b += opt.eps
    a /= b                                                           # lr m_hat / (sqrt(v_hat) + eps)
    p -= a


_CHECKED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _check_hyper(optimizer) -> None:
    """optimizer._check() (its lr may have been set since the last step), skipped when its
    hyperparameters are the ones checked last time."""
    now = tuple(getattr(optimizer, name) for name in optimizer._INTERVALS)
    if _CHECKED.get(optimizer) != now:
        optimizer._check()
        _CHECKED[optimizer] = tuple(getattr(optimizer, name) for name in optimizer._INTERVALS)


def train_step(model, x, y, *, optimizer, lam=0.0) -> float:
    """One step of training on one mini-batch: ``model.zero_grad()``, the logits, the loss
    ``cross_entropy(logits, y) + (lam / 2) sum ||W_l||^2`` (weights only, not biases: nn.l2_penalty's
    convention, PyTorch's weight_decay=lam on the weights), ``backward()``, and one step of
    ``optimizer`` over every parameter's ``.data`` with its ``.grad``.

    Returns the loss (data loss plus penalty) at the parameters before the step, a float (inf or
    NaN, without a warning, when training diverges). Shapes: x (batch, sizes[0]) floats, y (batch,)
    ints in [0, sizes[-1]). Raises TypeError for a model that is not an MLP or an optimiser that
    is not one of mathlib.optim's, ValueError for x or y of the wrong shape or values, lam < 0,
    or an optimiser already used for other parameters.
    In a network: the step PyTorch writes as opt.zero_grad(); loss.backward(); opt.step().
    """
    where = "train_step"
    _check_model(model, where)
    _check_optimizer(optimizer, where)
    if not (type(lam) is float and 0.0 <= lam < np.inf):   # the usual case, checked cheaply
        lam = _check_lam(lam, where)
    x = model._input(x, where)
    y = _labels(y, x.shape[0], model.sizes[-1], where)
    _check_state(model, optimizer, where)
    _check_hyper(optimizer)
    return _step(model, x, y, optimizer, lam)


# -- the training loop -----------------------------------------------------------------------------

@dataclasses.dataclass
class History:
    """What `fit` recorded, one entry per epoch: ``loss`` (the mean training loss over the
    epoch's mini-batches, penalty included), ``train_accuracy`` (on the whole training set after
    the epoch), ``val_loss`` and ``val_accuracy`` (on the validation set after the epoch; empty
    without validation), ``lr`` (the learning rate used in the epoch); ``diverged`` (the loss
    became inf or NaN and training stopped; that epoch is the last entry) and ``seconds`` (the
    time taken, not compared by ``==``)."""

    loss: list = dataclasses.field(default_factory=list)
    train_accuracy: list = dataclasses.field(default_factory=list)
    val_loss: list = dataclasses.field(default_factory=list)
    val_accuracy: list = dataclasses.field(default_factory=list)
    lr: list = dataclasses.field(default_factory=list)
    diverged: bool = False
    seconds: float = dataclasses.field(default=0.0, compare=False)


class Evaluation(NamedTuple):
    """What `evaluate` returns: ``loss`` the mean softmax cross-entropy (no penalty),
    ``accuracy`` the fraction of rows whose most probable class is the label, ``dead`` the
    hidden units (all hidden layers together) whose output is 0 on every row."""

    loss: float
    accuracy: float
    dead: int


def _evaluate(model: MLP, X: np.ndarray, y: np.ndarray) -> Evaluation:
    """`evaluate` on checked arguments (fit's loop calls it directly)."""
    dead = []
    Z = model._logits(X, dead)
    log_p = _log_softmax_rows(Z)[np.arange(len(y)), y]
    return Evaluation(loss=-sum(log_p.tolist()) / len(y),
                      accuracy=float(np.mean(np.argmax(Z, axis=1) == y)), dead=sum(dead))


def evaluate(model, X, y) -> Evaluation:
    """How ``model`` does on examples X (N, sizes[0]) with labels y (N,), plain numpy (no graph).

    ``loss = mean_i (log sum_k exp z_ik - z_iy_i)`` over the logits z of the rows (computed as
    log-softmax with the row's maximum subtracted: no overflow at any scale; inf, not a warning,
    for diverged weights), ``accuracy = mean_i [argmax_k z_ik = y_i]``, and ``dead``: the hidden
    units, over all hidden layers, that output 0 on every row of X (with ReLU, a unit whose
    pre-activation is negative on every row: it gets no gradient from these examples).
    Returns an `Evaluation` (loss, accuracy, dead). Raises TypeError for a model that is not an
    MLP, ValueError for X of the wrong shape or without rows, or labels outside [0, sizes[-1]).
    In a network: what ``model.eval()`` and a pass over a validation loader report in PyTorch.
    """
    where = "evaluate"
    _check_model(model, where)
    X = model._input(X, where)
    if X.shape[0] == 0:
        raise ValueError(f"{where}: X has no rows (shape {shape_str(X.shape)}); expected at least "
                         "one example")
    return _evaluate(model, X, _labels(y, X.shape[0], model.sizes[-1], where))


def _learning_rate(schedule, epoch: int, where: str) -> float:
    value = schedule(epoch)
    a = np.asarray(value, dtype=object if isinstance(value, (list, tuple)) else None)
    if a.ndim != 0 or a.dtype.kind not in ("i", "u", "f"):
        raise TypeError(f"{where}: schedule({epoch}) returned {type(value).__name__} "
                        f"{value!r:.40}; expected a learning rate, one number >= 0")
    lr = float(a)
    if not (np.isfinite(lr) and lr >= 0.0):
        raise ValueError(f"{where}: schedule({epoch}) returned {lr}; expected a learning rate, a "
                         "finite number >= 0")
    return lr


def fit(model, X, y, *, optimizer, epochs: int, batch_size: int = 64, lam=0.0,
        schedule: Callable | None = None, rng=None, validation=None,
        callback: Callable | None = None) -> History:
    """Train ``model`` on (X, y) for ``epochs`` passes over the data, in mini-batches.

    Each epoch: ``optimizer.lr = schedule(epoch)`` (epoch 0, 1, ...; without a schedule the lr
    stays as it is), a random order of the rows (from rng), then `train_step` on each
    mini-batch of ``batch_size`` rows (the last one may be smaller), then the epoch's figures are
    appended to the History and ``callback(history)`` is called (a live curve). A loss that
    becomes inf or NaN stops the run after that epoch's entry with ``history.diverged = True``;
    nothing raises and nothing warns.

    Shapes: X (N, sizes[0]), y (N,) ints in [0, sizes[-1]); validation None or (X_val, y_val).
    ``schedule`` e.g. ``lambda e: optim.cosine_annealing(e, lr0=0.01, t_max=30)``; rng None (seed
    0), an int seed or a Generator: the same rng gives the same History. The optimiser is used
    as it is (its state carries over to a later call) and its lr is changed by the schedule.
    Raises TypeError for a wrong kind of argument (a float epochs, a bool batch_size, ...) and
    ValueError for a wrong value (epochs < 0, batch_size < 1, X or y of the wrong shape, lam < 0,
    a schedule returning a negative or NaN rate).
    In a network: PyTorch's ``for epoch ...: for xb, yb in loader: ...`` loop, with Keras's History.
    """
    where = "fit"
    _check_model(model, where)
    _check_optimizer(optimizer, where)
    epochs = as_int(epochs, "epochs", where, low=0)
    batch_size = as_int(batch_size, "batch_size", where, low=1)
    lam = _check_lam(lam, where)
    generator = as_rng(rng, where)
    for name, f in (("schedule", schedule), ("callback", callback)):
        if f is not None and not callable(f):
            raise TypeError(f"{where}: {name} must be a function or None, got "
                            f"{type(f).__name__} {f!r:.40}")
    X = model._input(X, where)
    if X.shape[0] == 0:
        raise ValueError(f"{where}: X has no rows (shape {shape_str(X.shape)}); expected at least "
                         "one example")
    y = _labels(y, X.shape[0], model.sizes[-1], where)
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(f"{where}: validation must be None or a pair (X_val, y_val), got "
                            f"{type(validation).__name__} {validation!r:.40}")
        X_val = model._input(validation[0], f"{where}: validation")
        if X_val.shape[0] == 0:
            raise ValueError(f"{where}: validation's X_val has no rows (shape "
                             f"{shape_str(X_val.shape)}); expected at least one example, or "
                             "validation=None")
        y_val = _labels(validation[1], X_val.shape[0], model.sizes[-1], f"{where}: validation")
    _check_state(model, optimizer, where)
    _check_hyper(optimizer)
    history = History()
    start = time.perf_counter()
    n = X.shape[0]
    for epoch in range(epochs):
        if schedule is not None:
            optimizer.lr = _learning_rate(schedule, epoch, where)
        _check_hyper(optimizer)                      # a callback may have changed it too
        order = generator.permutation(n)
        Xs, ys = X[order], y[order]
        losses = []
        for first in range(0, n, batch_size):
            losses.append(_step(model, Xs[first:first + batch_size], ys[first:first + batch_size],
                                optimizer, lam))
            if not np.isfinite(losses[-1]):
                history.diverged = True
                break
        history.loss.append(sum(losses) / len(losses))   # Python floats: inf, no warning
        history.train_accuracy.append(_evaluate(model, X, y).accuracy)
        if validation is not None:
            val_loss, val_accuracy, _ = _evaluate(model, X_val, y_val)
            history.val_loss.append(val_loss)
            history.val_accuracy.append(val_accuracy)
        history.lr.append(float(optimizer.lr))
        history.seconds = time.perf_counter() - start
        if callback is not None:
            callback(history)
        if history.diverged:
            break
    history.seconds = time.perf_counter() - start
    return history
