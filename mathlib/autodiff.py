"""Reverse-mode automatic differentiation on arrays, from scratch (notebooks 07 and 27).

A `Tensor` holds an array ``.data`` and, after ``loss.backward()``, the gradient
``.grad = d loss / d data`` of the same shape. Every operation on tensors computes its result
*and* records, for each operand, its **local derivative**: a function that turns the gradient
of the result ``g = dL/d(out)`` into the gradient for that operand ``dL/d(operand)`` (the chain
rule, one operation at a time). ``backward()`` walks the recorded graph from the loss back to
the inputs in reverse topological order, so a node passes its gradient on only after every use
of it has sent its share; a tensor used several times receives the sum of those shares.

Broadcasting: when numpy stretched an operand (a bias (D,) added to a batch (N, D)), the same
number was used N times, so its gradient is the sum of the N shares ("unbroadcast").

Arithmetic follows IEEE floating point quietly: exp overflows to inf, log(0) is -inf,
division by zero gives inf, so that a diverging computation is visible as such; log of a
negative number is a ValueError.

Example::

    W = Tensor(rng.normal(size=(3, 2)));  b = Tensor(np.zeros(2))
    loss = ((X @ W + b).tanh() ** 2).mean()
    loss.backward()          # W.grad (3, 2), b.grad (2,)
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, shape_str

__all__ = ["Tensor", "log_softmax", "cross_entropy", "grad_check"]


def _unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum g (the shape of a broadcast result) back to ``shape``: over the leading axes numpy
    added and over the axes where ``shape`` has length 1 but g does not."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def _quiet(ufunc, x, y):
    """ufunc(x, y) in IEEE arithmetic without warnings: 1/0 = inf, 0/0 = nan, overflow = inf."""
    with np.errstate(all="ignore"):
        return ufunc(x, y)


def _elementwise(ufunc, a: "Tensor", b: "Tensor", op: str) -> np.ndarray:
    """ufunc on the data of a and b with numpy broadcasting, or an error naming both shapes."""
    try:
        return _quiet(ufunc, a.data, b.data)
    except ValueError:
        raise ValueError(f"{op}: shapes {shape_str(a.shape)} and {shape_str(b.shape)} do not "
                         "broadcast; each axis (from the right) must match or be 1") from None


class Tensor:
    """An array in a computational graph. ``Tensor(data, requires_grad=True)``.

    Attributes: ``data`` (float64 array); ``grad`` (same shape: zeros for a tensor you create,
    None for the result of an operation until ``backward()`` reaches it); ``requires_grad``
    (numbers and arrays mixed into an operation become constants with ``requires_grad=False``:
    no gradient is computed for them).
    """

    __array_ufunc__ = None          # ndarray + Tensor hands over to Tensor.__radd__ (and so on)

    def __init__(self, data, requires_grad: bool = True):
        if isinstance(data, Tensor):
            data = data.data
        self.data = as_array(data, "data", "Tensor", nonempty=False).copy()
        self.grad = np.zeros_like(self.data)
        self.requires_grad = bool(requires_grad)
        self._parents: tuple = ()
        self._local: tuple = ()     # one local-derivative function per parent: g -> its gradient

    @classmethod
    def _result(cls, data, parents: tuple, local: tuple) -> "Tensor":
        """The output of an operation: the graph edges and local derivatives, no input checks.
        Its ``grad`` is None until ``backward()`` passes through it."""
        out = cls.__new__(cls)
        out.data = np.asarray(data)
        out.grad = None
        out.requires_grad = any(p.requires_grad for p in parents)
        out._parents, out._local = parents, local
        return out

    @staticmethod
    def _lift(x, op: str, name: str = "the other operand") -> "Tensor":
        """A number or array as a constant Tensor (requires_grad=False); a Tensor passes through."""
        if isinstance(x, Tensor):
            return x
        return Tensor._result(as_array(x, name, op, nonempty=False, finite=False), (), ())

    shape = property(lambda self: self.data.shape, doc="The shape of ``data``.")
    ndim = property(lambda self: self.data.ndim, doc="The number of axes of ``data``.")

    def __repr__(self) -> str:
        return f"Tensor({np.array2string(self.data, precision=4)}, shape={shape_str(self.shape)})"

    def item(self) -> float:
        """The value of a tensor holding one number, as a float."""
        if self.data.size != 1:
            raise ValueError(f"item: the tensor has shape {shape_str(self.shape)}; "
                             "item() needs exactly one number")
        return float(self.data.reshape(()))

    # ----- elementwise arithmetic (numpy broadcasting; gradients unbroadcast in backward) -----

    def _operands(self, other, op: str, reflected: bool) -> tuple:
        """(a, b) for ``a op b``: self and the other operand, swapped for ``other op self``."""
        other = Tensor._lift(other, op)
        return (other, self) if reflected else (self, other)

    def __add__(self, other, reflected=False):      # d(a + b)/da = 1, d(a + b)/db = 1
        a, b = self._operands(other, "add", reflected)
        return Tensor._result(_elementwise(np.add, a, b, "add"), (a, b),
                              (lambda g: g, lambda g: g))

    def __sub__(self, other, reflected=False):      # d(a - b)/da = 1, d(a - b)/db = -1
        a, b = self._operands(other, "subtract", reflected)
        return Tensor._result(_elementwise(np.subtract, a, b, "subtract"), (a, b),
                              (lambda g: g, lambda g: -g))

    def __mul__(self, other, reflected=False):      # d(a b)/da = b, d(a b)/db = a
        a, b = self._operands(other, "multiply", reflected)
        return Tensor._result(_elementwise(np.multiply, a, b, "multiply"), (a, b),
                              (lambda g: g * b.data, lambda g: g * a.data))

    def __truediv__(self, other, reflected=False):  # d(a / b)/da = 1 / b, d(a / b)/db = -a / b^2
        a, b = self._operands(other, "divide", reflected)
        return Tensor._result(_elementwise(np.divide, a, b, "divide"), (a, b),
                              (lambda g: _quiet(np.divide, g, b.data),
                               lambda g: -_quiet(np.divide, g * a.data, b.data * b.data)))

    def __radd__(self, other):
        return self.__add__(other, reflected=True)

    def __rsub__(self, other):
        return self.__sub__(other, reflected=True)

    def __rmul__(self, other):
        return self.__mul__(other, reflected=True)

    def __rtruediv__(self, other):
        return self.__truediv__(other, reflected=True)

    def __neg__(self):          # d(-a)/da = -1
        return Tensor._result(-self.data, (self,), (lambda g: -g,))

    def __pow__(self, p):       # d(a^p)/da = p a^(p - 1), p a number
        if isinstance(p, Tensor) or np.ndim(p) != 0 or isinstance(p, (bool, str)):
            raise TypeError(f"pow: the exponent must be a number, got {type(p).__name__}; "
                            "for a tensor exponent write (b * a.log()).exp()")
        p = float(p)
        a = self.data
        if p != round(p) and np.any(a < 0):
            raise ValueError(f"pow: a negative base ({a[a < 0].flat[0]}) has no real power "
                             f"{p}; a fractional power needs a >= 0")
        with np.errstate(all="ignore"):
            data = a ** p

        def local(g):
            with np.errstate(all="ignore"):
                return g * p * a ** (p - 1)
        return Tensor._result(data, (self,), (local,))

    # ----- elementwise functions -----

    def exp(self):              # d exp(a)/da = exp(a)
        with np.errstate(all="ignore"):
            e = np.exp(self.data)
        return Tensor._result(e, (self,), (lambda g: g * e,))

    def log(self):              # d log(a)/da = 1 / a
        a = self.data
        if np.any(a < 0):
            raise ValueError(f"log: the input has a negative entry {a[a < 0].flat[0]}; "
                             "log is defined for a > 0 (log 0 = -inf)")
        with np.errstate(all="ignore"):
            data = np.log(a)

        def local(g):
            with np.errstate(all="ignore"):
                return g / a
        return Tensor._result(data, (self,), (local,))

    def tanh(self):             # d tanh(a)/da = 1 - tanh(a)^2
        t = np.tanh(self.data)
        return Tensor._result(t, (self,), (lambda g: g * (1.0 - t * t),))

    def relu(self):             # d max(a, 0)/da = 1 where a > 0, else 0 (0 at a = 0, by choice)
        mask = self.data > 0
        return Tensor._result(self.data * mask, (self,), (lambda g: g * mask,))

    def sigmoid(self):          # s = 1 / (1 + exp(-a)), ds/da = s (1 - s)
        a = self.data
        e = np.exp(-np.abs(a))  # in (0, 1]: never overflows
        s = np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return Tensor._result(s, (self,), (lambda g: g * s * (1.0 - s),))

    # ----- reductions -----

    def _axes(self, axis, op: str) -> tuple:
        """axis (None: all, an int, or a tuple of ints) as a tuple of non-negative ints."""
        axes = range(self.ndim) if axis is None else axis if isinstance(axis, (tuple, list)) \
            else (axis,)
        return tuple(_normalize_axis(ax, self.ndim, op) for ax in axes)

    def sum(self, axis=None, keepdims: bool = False):
        """``sum over axis``; d(sum)/da_i = 1 for every summed entry, so g is copied back to them."""
        axes, shape = self._axes(axis, "sum"), self.shape
        data = self.data.sum(axis=axes, keepdims=keepdims)

        def local(g):
            return np.broadcast_to(g if keepdims else np.expand_dims(g, axes), shape)
        return Tensor._result(data, (self,), (local,))

    def mean(self, axis=None, keepdims: bool = False):
        """``mean = sum / count`` over axis (all entries by default)."""
        axes = self._axes(axis, "mean")
        count = int(np.prod([self.shape[ax] for ax in axes]))
        return self.sum(axes, keepdims) / count

    def logsumexp(self, axis=None, keepdims: bool = False):
        """``log sum_k exp(a_k)`` over axis, computed stably as ``m + log sum_k exp(a_k - m)``
        with m the maximum (every exp is <= 1). d/da_k = exp(a_k - lse) = softmax(a)_k."""
        axes = self._axes(axis, "logsumexp")
        a = self.data
        m = a.max(axis=axes, keepdims=True)
        lse = m + np.log(np.exp(a - m).sum(axis=axes, keepdims=True))
        softmax = np.exp(a - lse)

        def local(g):
            return (g if keepdims else np.expand_dims(g, axes)) * softmax
        return Tensor._result(lse if keepdims else lse.squeeze(axes), (self,), (local,))

    # ----- shapes and matrix product -----

    @property
    def T(self):                # transpose: the gradient is transposed back
        return Tensor._result(self.data.T, (self,), (lambda g: g.T,))

    def reshape(self, *shape):  # same numbers, new shape: the gradient takes the old shape back
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        old = self.shape
        try:
            data = self.data.reshape(shape)
        except (ValueError, TypeError):
            raise ValueError(f"reshape: cannot reshape a tensor of shape {shape_str(old)} "
                             f"({self.data.size} numbers) into {tuple(shape)}") from None
        return Tensor._result(data, (self,), (lambda g: g.reshape(old),))

    def __matmul__(self, other):
        return _matmul(self, Tensor._lift(other, "matmul"))

    def __rmatmul__(self, other):
        return _matmul(Tensor._lift(other, "matmul"), self)

    # ----- backward pass -----

    def backward(self) -> None:
        """Fill ``.grad`` of every tensor this scalar depends on with ``d self / d tensor``.

        Gradients of inputs (tensors made by ``Tensor(...)``) **accumulate** over calls, as in
        PyTorch: call ``zero_grad()`` on them before the next step. Intermediate results are
        reset on each call. The graph is walked without recursion, so deep graphs are fine.
        Raises ValueError if self is not a single number.
        """
        if self.data.size != 1:
            raise ValueError(f"backward: the output has shape {shape_str(self.shape)}; backward() "
                             "starts from a single number (a loss): reduce it with .sum() or "
                             ".mean() first")
        order = self._topological_order()
        for node in order:
            if node._parents:                      # intermediate results start from nothing
                node.grad = None
        if self.grad is None:                      # d self / d self = 1
            self.grad = np.ones_like(self.data)
        else:
            self.grad += 1.0
        for node in reversed(order):
            for parent, local in zip(node._parents, node._local):
                if parent.requires_grad:
                    share = _unbroadcast(local(node.grad), parent.shape)
                    if parent._parents:            # intermediate: a new array (shares may alias)
                        parent.grad = share if parent.grad is None else parent.grad + share
                    else:                          # input: accumulate in place, over calls too
                        parent.grad += share

    def _topological_order(self) -> list:
        """Nodes that need gradients, each after all of its parents (iterative depth-first)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif id(node) not in seen and node.requires_grad:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        return order

    def zero_grad(self) -> "Tensor":
        """Set ``.grad`` to zeros before the next ``backward()``; returns self."""
        self.grad = np.zeros_like(self.data)
        return self


def _normalize_axis(ax, ndim: int, op: str) -> int:
    if isinstance(ax, bool) or not isinstance(ax, (int, np.integer)):
        raise TypeError(f"{op}: axis must be an int, a tuple of ints or None, got {ax!r}")
    if not -ndim <= ax < ndim:
        raise ValueError(f"{op}: axis {ax} is out of range for a tensor with {ndim} axes")
    return int(ax) % ndim


def _matmul(a: Tensor, b: Tensor) -> Tensor:
    """``C = A B``. Local derivatives: dL/dA = g B^T, dL/dB = A^T g (outer products for vectors).

    Shapes: (m, n) @ (n, p) -> (m, p); (m, n) @ (n,) -> (m,); (n,) @ (n, p) -> (p,);
    (n,) @ (n,) -> a number.
    """
    A, B = a.data, b.data
    if A.ndim not in (1, 2) or B.ndim not in (1, 2):
        raise ValueError(f"matmul: needs vectors or matrices, got shapes {shape_str(A.shape)} "
                         f"and {shape_str(B.shape)}")
    if A.shape[-1] != B.shape[0]:
        raise ValueError(f"matmul: A has shape {shape_str(A.shape)} and B has shape "
                         f"{shape_str(B.shape)}; the inner dimensions ({A.shape[-1]} and "
                         f"{B.shape[0]}) must match")
    if A.ndim == 1 and B.ndim == 1:
        local = (lambda g: g * B, lambda g: g * A)
    elif A.ndim == 1:
        local = (lambda g: B @ g, lambda g: np.outer(A, g))
    elif B.ndim == 1:
        local = (lambda g: np.outer(g, B), lambda g: A.T @ g)
    else:
        local = (lambda g: g @ B.T, lambda g: A.T @ g)
    return Tensor._result(A @ B, (a, b), local)


def log_softmax(logits, axis: int = -1) -> Tensor:
    """``log softmax(z)_k = z_k - log sum_j exp(z_j)`` along axis, stable (via ``logsumexp``).

    Shapes: logits (N, K) -> (N, K); each row of exp(result) is a probability vector.
    """
    z = Tensor._lift(logits, "log_softmax", "logits")
    return z - z.logsumexp(axis=axis, keepdims=True)


def cross_entropy(logits, labels) -> Tensor:
    """Mean cross-entropy ``L = -(1/N) sum_n log softmax(z_n)[y_n]`` of logits and class labels.

    Shapes: logits (N, K) Tensor, labels (N,) ints in [0, K) -> a scalar Tensor. The gradient
    with respect to the logits is ``(softmax(z) - onehot(y)) / N``.
    """
    z = Tensor._lift(logits, "cross_entropy", "logits")
    if z.ndim != 2:
        raise ValueError(f"cross_entropy: logits must be a matrix (N, K), got shape "
                         f"{shape_str(z.shape)}")
    y = np.asarray(labels)
    n, k = z.shape
    if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer) or np.any((y < 0) | (y >= k)):
        raise ValueError(f"cross_entropy: labels must be {n} integers in [0, {k}) (one per row "
                         f"of logits {shape_str(z.shape)}), got {y.dtype} of shape "
                         f"{shape_str(y.shape)}")
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    return -(log_softmax(z) * onehot).sum() / n


def grad_check(f, x, h=None) -> float:
    """Compare the autodiff gradient of a scalar f with central differences.

    ``f`` takes Tensors (one per array in x) and returns a scalar Tensor; x is one array or a list
    of arrays. Returns the largest ``|a - n| / max(1, |a|, |n|)`` over all entries, a the
    autodiff and n the numerical gradient (``mathlib.calculus.gradient``, default step
    eps^(1/3) max(1, |x|)): relative for entries above 1, absolute below, so entries that are
    truly zero do not turn round-off into a large relative error. Around 1e-8 or less: the
    gradients agree; 1e-3 or more: a bug.
    """
    from .calculus import gradient

    arrays = [as_array(a, "x", "grad_check") for a in (x if isinstance(x, (list, tuple)) else [x])]
    inputs = [Tensor(a) for a in arrays]
    out = f(*inputs)
    if not isinstance(out, Tensor) or out.data.size != 1:
        raise ValueError(f"grad_check: f must return a scalar Tensor, got {out!r:.60}")
    out.backward()
    worst = 0.0
    for k, a in enumerate(arrays):
        def f_k(v, k=k):
            args = [Tensor(v if j == k else b) for j, b in enumerate(arrays)]
            return f(*args).item()
        numeric = gradient(f_k, a, h)
        auto = inputs[k].grad
        scale = np.maximum(1.0, np.maximum(np.abs(auto), np.abs(numeric)))
        worst = max(worst, float(np.max(np.abs(auto - numeric) / scale)))
    return worst
