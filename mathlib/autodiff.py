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

Every value a local derivative needs is copied when the operation runs (the forward pass), so
changing ``.data`` afterwards (an update ``w.data -= lr * w.grad`` before ``backward()``) cannot
change the gradient: it is the gradient at the values the loss was computed from.

numpy's functions do not know the graph: ``np.dot(w, w)``, ``np.sum(t)``, ``np.exp(t)``,
``np.array(t)`` raise a TypeError that names what to use (``@``, ``t.sum()``, ``t.exp()``,
``t.data``). The operators ``+ - * / ** @`` work with numpy arrays on either side.

Example::

    W = Tensor(rng.normal(size=(3, 2)));  b = Tensor(np.zeros(2))
    loss = ((X @ W + b).tanh() ** 2).mean()
    loss.backward()          # W.grad (3, 2), b.grad (2,)
"""

from __future__ import annotations

import operator

import numpy as np

from ._checks import as_array, as_axis, shape_str

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


_OPERATORS = {np.add: operator.add, np.subtract: operator.sub, np.multiply: operator.mul,
              np.true_divide: operator.truediv, np.matmul: operator.matmul, np.power: operator.pow}
_COMPARISONS = {np.greater, np.greater_equal, np.less, np.less_equal, np.equal, np.not_equal}
_INSTEAD = {"exp": "t.exp()", "log": "t.log()", "tanh": "t.tanh()", "maximum": "t.relu() for max(t, 0)",
            "sqrt": "t ** 0.5", "square": "t ** 2", "reciprocal": "1 / t", "negative": "-t",
            "dot": "a @ b", "matmul": "a @ b", "inner": "a @ b", "vdot": "a @ b",
            "sum": "t.sum(axis=...)", "mean": "t.mean(axis=...)", "transpose": "t.T",
            "reshape": "t.reshape(...)", "shape": "t.shape", "ndim": "t.ndim"}
_METHODS = ("the operators + - * / ** @ and the methods .exp() .log() .tanh() .relu() .sigmoid() "
            ".sum() .mean() .logsumexp() .reshape() .T")


def _numpy_refused(name: str) -> TypeError:
    """The error for a numpy function given a Tensor, naming what to use instead."""
    instead = _INSTEAD.get(name)
    use = f"use {instead}" if instead else f"use the Tensor's own {_METHODS}"
    return TypeError(f"np.{name} was given a Tensor: numpy functions do not record the graph, so "
                     f"no gradient would flow through them; {use}, or t.data for the plain numbers "
                     "(no gradient)")


class Tensor:
    """An array in a computational graph. ``Tensor(data, requires_grad=True)``.

    Attributes: ``data`` (float64 array); ``grad`` (same shape: zeros for a tensor you create,
    None for the result of an operation until ``backward()`` reaches it); ``requires_grad``
    (numbers and arrays mixed into an operation become constants with ``requires_grad=False``:
    no gradient is computed for them).
    """

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """numpy meeting a Tensor. ``array + t`` (and ``- * / ** @``, or np.add(array, t)) becomes
        the Tensor operation, so the gradient is recorded; every other ufunc (np.exp(t), t > 0
        with an array, ...) raises a TypeError naming the Tensor method to use."""
        if method == "__call__" and not kwargs and len(inputs) == 2 and ufunc in _OPERATORS:
            a, b = inputs
            if not isinstance(a, Tensor):
                if ufunc is np.power:
                    return b.__rpow__(a)
                a = Tensor._lift(a, ufunc.__name__)
            return _OPERATORS[ufunc](a, b)
        if ufunc in _COMPARISONS:
            raise _no_comparison()
        raise _numpy_refused(ufunc.__name__)

    def __array_function__(self, func, types, args, kwargs):
        """np.dot(w, w), np.sum(t), np.mean(t), ...: refused with what to use instead."""
        raise _numpy_refused(func.__name__)

    def __array__(self, dtype=None, copy=None):
        """np.array(t) / np.asarray(t): refused, as the graph would be lost silently."""
        raise TypeError(f"a Tensor (shape {shape_str(self.shape)}) cannot become a numpy array "
                        "(np.array(t), np.asarray(t), or a function that converts its input): the "
                        "graph would be lost. Use t.data for its numbers (no gradient flows "
                        "through them), or the Tensor's own operations to keep the gradient")

    def __init__(self, data, *, requires_grad: bool = True):
        if isinstance(data, Tensor):
            data = data.data
        self.data = as_array(data, "data", "Tensor", nonempty=False).copy()
        self.grad = np.zeros_like(self.data)
        self.requires_grad = bool(requires_grad)
        self._parents: tuple = ()
        self._local: tuple = ()     # one local-derivative function per parent: g -> its gradient
        self._shapes: tuple = ()    # the parents' shapes at the forward pass

    @classmethod
    def _result(cls, data, parents: tuple, local: tuple) -> "Tensor":
        """The output of an operation: the graph edges and local derivatives, no input checks.
        Its ``grad`` is None until ``backward()`` passes through it. The parents' shapes are
        recorded, so that backward() can tell when one was replaced by data of another shape."""
        out = cls.__new__(cls)
        out.data = np.asarray(data)
        out.grad = None
        out.requires_grad = False
        for p in parents:
            if p.requires_grad:
                out.requires_grad = True
                break
        out._parents, out._local = parents, local
        out._shapes = tuple([p.data.shape for p in parents])
        return out

    @staticmethod
    def _lift(x, op: str, name: str = "the other operand") -> "Tensor":
        """A number or array as a constant Tensor (requires_grad=False); a Tensor passes through.
        Constants may be +-inf (a mask, an overflow on purpose) but not NaN: ``t * np.nan`` is
        refused as ``Tensor(np.nan)`` is."""
        if isinstance(x, Tensor):
            return x
        c = as_array(x, name, op, nonempty=False, finite=False)
        if np.any(np.isnan(c)):
            bad = tuple(int(i) for i in np.argwhere(np.isnan(c))[0])
            raise ValueError(f"{op}: {name} holds nan at index {bad if bad else '()'}; expected "
                             "numbers (NaN would make every gradient it touches NaN)")
        return Tensor._result(c, (), ())

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

    def __float__(self) -> float:
        return self.item()

    def __bool__(self) -> bool:
        """``if t:`` for a tensor holding one number (its value is not 0); otherwise ambiguous."""
        if self.data.size != 1:
            raise ValueError(f"the truth value of a tensor of shape {shape_str(self.shape)} is "
                             "ambiguous; use (t.data > 0).any() or (t.data > 0).all()")
        return bool(self.data.reshape(()))

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a tensor holding a single number (shape ()); use t.item()")
        return self.shape[0]

    def __iter__(self):
        """The entries along the first axis, t[0], t[1], ..., each a Tensor in the graph."""
        return (self[i] for i in range(len(self)))

    def _compare(self, other):
        raise _no_comparison()

    __lt__ = __le__ = __gt__ = __ge__ = _compare

    def __getitem__(self, index):   # d a[index] / da: g goes back to the picked entries (summed)
        """``t[index]`` as numpy indexes (ints, slices, boolean or integer arrays); the gradient
        of an entry picked several times is the sum of its shares."""
        if isinstance(index, Tensor) or (isinstance(index, tuple)
                                         and any(isinstance(i, Tensor) for i in index)):
            raise TypeError("index: a Tensor cannot be an index; use integers, slices or numpy "
                            "arrays (t.data for a Tensor's numbers)")
        index = index.copy() if isinstance(index, np.ndarray) else index
        try:
            data = np.array(self.data[index], dtype=float)
        except IndexError as exc:
            raise IndexError(f"index: {exc} (the tensor has shape {shape_str(self.shape)})") \
                from None
        shape = self.shape

        def local(g):
            full = np.zeros(shape)
            np.add.at(full, index, g)
            return full
        return Tensor._result(data, (self,), (local,))

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
        av, bv = _kept(a, b.requires_grad), _kept(b, a.requires_grad)    # values at forward time
        return Tensor._result(_elementwise(np.multiply, a, b, "multiply"), (a, b),
                              (lambda g: g * bv, lambda g: g * av))

    def __truediv__(self, other, reflected=False):  # d(a / b)/da = 1 / b, d(a / b)/db = -a / b^2
        a, b = self._operands(other, "divide", reflected)
        av, bv = _kept(a, b.requires_grad), _kept(b, a.requires_grad or b.requires_grad)
        return Tensor._result(_elementwise(np.divide, a, b, "divide"), (a, b),
                              (lambda g: _quiet(np.divide, g, bv),
                               lambda g: -_quiet(np.divide, g * av, bv * bv)))

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

    def __rpow__(self, base):   # c^a = exp(a log c) for a constant c > 0: d(c^a)/da = c^a log c
        c = Tensor._lift(base, "pow", "the base")
        if np.any(c.data <= 0):
            raise ValueError(f"pow: the base {c.data[c.data <= 0].flat[0]} of c ** t must be > 0 "
                             "(c ** t = exp(t log c)); for a tensor base write t ** p with a number p")
        data = _elementwise(np.power, c, self, "pow")
        log_c, kept = np.log(c.data), data.copy()
        return Tensor._result(data, (self,), (lambda g: g * kept * log_c,))

    def __pow__(self, p):       # d(a^p)/da = p a^(p - 1), p a number
        if isinstance(p, Tensor) or np.ndim(p) != 0 or isinstance(p, (bool, str)) \
                or np.iscomplexobj(p):
            raise TypeError(f"pow: the exponent must be a number, got {type(p).__name__}; "
                            "for a tensor exponent write (b * a.log()).exp()")
        p = float(p)
        a = _kept(self, True)
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
        kept = e.copy()         # out.data may be changed before backward(); kept may not
        return Tensor._result(e, (self,), (lambda g: g * kept,))

    def log(self):              # d log(a)/da = 1 / a
        a = _kept(self, True)
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
        slope = 1.0 - t * t
        return Tensor._result(t, (self,), (lambda g: g * slope,))

    def relu(self):             # d max(a, 0)/da = 1 where a > 0, else 0 (0 at a = 0, by choice)
        mask = self.data > 0
        return Tensor._result(self.data * mask, (self,), (lambda g: g * mask,))

    def sigmoid(self):          # s = 1 / (1 + exp(-a)), ds/da = s (1 - s)
        a = self.data
        e = np.exp(-np.abs(a))  # in (0, 1]: never overflows
        s = np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        slope = s * (1.0 - s)
        return Tensor._result(s, (self,), (lambda g: g * slope,))

    # ----- reductions -----

    def _axes(self, axis, op: str) -> tuple:
        """axis (None: all, an int, or a tuple of ints) as a tuple of non-negative ints."""
        axes = range(self.ndim) if axis is None else axis if isinstance(axis, (tuple, list)) \
            else (axis,)
        return tuple(_normalize_axis(ax, self.ndim, op) for ax in axes)

    def sum(self, *, axis=None, keepdims: bool = False):
        """``sum over axis``; d(sum)/da_i = 1 for every summed entry, so g is copied back to them."""
        axes, shape = self._axes(axis, "sum"), self.shape
        data = self.data.sum(axis=axes, keepdims=keepdims)

        def local(g):
            return np.broadcast_to(g if keepdims else np.expand_dims(g, axes), shape)
        return Tensor._result(data, (self,), (local,))

    def mean(self, *, axis=None, keepdims: bool = False):
        """``mean = sum / count`` over axis (all entries by default)."""
        axes = self._axes(axis, "mean")
        count = int(np.prod([self.shape[ax] for ax in axes]))
        return self.sum(axis=axes, keepdims=keepdims) / count

    def logsumexp(self, *, axis=None, keepdims: bool = False):
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
            g = node.grad
            for parent, local, shape in zip(node._parents, node._local, node._shapes):
                if parent.requires_grad:
                    if parent.data.shape != shape:
                        raise ValueError(
                            f"backward: a tensor needed for the gradient was changed: its data had "
                            f"shape {shape_str(shape)} in the forward pass and has shape "
                            f"{shape_str(parent.shape)} now; compute the loss again after "
                            "changing .data")
                    share = local(g)
                    if share.shape != shape:       # numpy broadcast this operand: sum it back
                        share = _unbroadcast(share, shape)
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


def _kept(t: Tensor, needed: bool):
    """A copy of t.data taken now (the forward pass) for a local derivative, if it is needed:
    changing t.data in place before backward() then cannot change the gradient."""
    return t.data.copy() if needed else None


def _no_comparison() -> TypeError:
    return TypeError("a Tensor cannot be compared (t > 0): a comparison has no gradient; compare "
                     "its numbers, t.data > 0 (a boolean numpy array)")


def _normalize_axis(ax, ndim: int, op: str) -> int:
    return as_axis(ax, ndim, "the tensor", op) % ndim


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
    C = A @ B
    A, B = _kept(a, b.requires_grad), _kept(b, a.requires_grad)    # values at forward time
    if a.ndim == 1 and b.ndim == 1:
        local = (lambda g: g * B, lambda g: g * A)
    elif a.ndim == 1:
        local = (lambda g: B @ g, lambda g: np.outer(A, g))
    elif b.ndim == 1:
        local = (lambda g: np.outer(g, B), lambda g: A.T @ g)
    else:
        local = (lambda g: g @ B.T, lambda g: A.T @ g)
    return Tensor._result(C, (a, b), local)


def log_softmax(logits, *, axis: int = -1) -> Tensor:
    """``log softmax(z)_k = z_k - log sum_j exp(z_j)`` along axis, stable (via ``logsumexp``).

    Shapes: logits (N, K) -> (N, K); each row of exp(result) is a probability vector.
    """
    z = Tensor._lift(logits, "log_softmax", "logits")
    return z - z.logsumexp(axis=axis, keepdims=True)


def cross_entropy(logits, labels) -> Tensor:
    """Mean cross-entropy ``L = -(1/N) sum_n log softmax(z_n)[y_n]`` of logits and class labels.

    One operation in the graph (one node), with its own local derivative
    ``dL/dz = (softmax(z) - onehot(y)) / N``. Stable at any logit scale: each row is shifted by
    its maximum first (``log softmax(z)_k = (z_k - m) - log sum_j exp(z_j - m)``, every exp <= 1),
    so logits of +-1e300 give the exact loss and no warning.

    Shapes: logits (N, K) Tensor, labels (N,) ints in [0, K) -> a scalar Tensor.
    Raises ValueError for logits that are not a matrix and for labels that are not N integers in
    [0, K), naming the first bad one.
    In a network: the loss of a classifier; the network's last layer gives the logits.
    """
    z = Tensor._lift(logits, "cross_entropy", "logits")
    if z.ndim != 2:
        raise ValueError(f"cross_entropy: logits must be a matrix (N, K), got shape "
                         f"{shape_str(z.shape)}")
    if isinstance(labels, Tensor):
        labels = labels.data
    y = np.asarray(labels)
    n, k = z.shape
    if y.dtype.kind not in ("i", "u") or y.shape != (n,) or (n and (y.min() < 0 or y.max() >= k)):
        _bad_labels(y, n, k, z.shape)
    return _cross_entropy(z, y)


def _cross_entropy(z: Tensor, y: np.ndarray) -> Tensor:
    """cross_entropy's node, for logits z (N, K) and labels y already checked (nn.train_step
    checks them once, before the forward pass)."""
    n, k = z.shape
    picked = np.arange(0, n * k, k) + y       # the flat index of each row's label
    with np.errstate(all="ignore"):           # +-1e308 logits: a shift overflows to -inf quietly
        shifted = z.data - z.data.max(axis=1, keepdims=True)
        e = np.exp(shifted)                   # in [0, 1]: the row's maximum gives exp(0) = 1
        total = e.sum(axis=1)                 # >= 1
        terms = np.log(total) - shifted.take(picked)      # -log softmax(z_n)[y_n], each >= 0
        loss = terms.sum() / n                # no rows: 0 / 0 = nan
        if n and not np.isfinite(loss):       # a sum past the float range, or inf/NaN logits:
            loss = (terms / n).sum()          # each term divided first (finite if the mean is)
        slope = e                             # softmax(z) / N - onehot(y) / N, made now: later
        slope *= (1.0 / (n * total))[:, None]     # changes to z.data cannot change it
    slope.ravel()[picked] -= 1.0 / max(n, 1)
    return Tensor._result(np.asarray(loss), (z,), (lambda g: g * slope,))


def _bad_labels(y: np.ndarray, n: int, k: int, shape: tuple) -> None:
    """Raise the ValueError that names what is wrong with cross_entropy's labels."""
    expected = (f"cross_entropy: labels must be {n} integers in [0, {k}) (one per row of logits "
                f"{shape_str(shape)}, each the index of the right class)")
    if y.dtype.kind not in ("i", "u"):
        kind = "floats" if y.dtype.kind == "f" else f"dtype {y.dtype}"
        raise ValueError(f"{expected}, got {kind} of shape {shape_str(y.shape)}"
                         + ("; convert whole-number labels with labels.astype(int)"
                            if kind == "floats" else ""))
    if y.shape != (n,):
        raise ValueError(f"{expected}, got {y.size} labels of shape {shape_str(y.shape)}")
    bad = (y < 0) | (y >= k)
    i = int(np.argmax(bad))
    raise ValueError(f"{expected}, got label {int(y[i])} at index {i}: the classes are "
                     f"0 to {k - 1}")


def grad_check(f, x, *, h=None) -> float:
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
        numeric = gradient(f_k, a, h=h)
        auto = inputs[k].grad
        scale = np.maximum(1.0, np.maximum(np.abs(auto), np.abs(numeric)))
        worst = max(worst, float(np.max(np.abs(auto - numeric) / scale)))
    return worst
