"""Optimisation: gradient descent and standard 2-D test functions (notebooks 08-09, Part IV).

Gradient descent repeats ``x_{k+1} = x_k - learning_rate * grad f(x_k)``: a small step downhill.
Too small a learning rate crawls, a good one converges, too large a one overshoots and
diverges. `gradient_descent` stops at divergence instead of producing inf and NaN, so an
explorer can draw a diverging run as what it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._checks import as_array, as_int, as_scalar, describe, shape_str
from ._linalg_base import pnorm

__all__ = ["DescentResult", "gradient_descent", "Objective",
           "quadratic", "rosenbrock", "saddle", "two_minima"]


@dataclass(frozen=True)
class DescentResult:
    """What `gradient_descent` visited.

    path : (k + 1, d) array, ``path[0] = x0`` and ``path[j]`` the iterate after j steps; every row
        is finite with norm <= bound.
    diverged : True when the run stopped early because the next iterate (or the gradient) was
        not finite or the iterate's norm exceeded the bound.
    stopped_at : k, the number of steps in ``path`` (``steps`` when the run did not diverge).
    """

    path: np.ndarray
    diverged: bool
    stopped_at: int


def gradient_descent(grad, x0, *, learning_rate, steps: int, bound: float = 1e6) -> DescentResult:
    """Run ``x_{k+1} = x_k - learning_rate * grad(x_k)`` for ``steps`` steps from x0.

    The run stops early, with ``diverged=True``, as soon as the gradient or the next iterate
    holds inf/NaN or the next iterate's norm ``||x||_2`` exceeds ``bound``; that iterate is not
    stored, so ``path`` has fewer than ``steps + 1`` rows and every row is finite. ``grad`` is
    only ever called at points with norm <= bound. No RuntimeWarning at any learning rate.

    Shapes: x0 a number or a vector (d,); grad takes (d,) and returns (d,) (a number when x0 is
    a number) -> ``DescentResult`` with ``path`` (stopped_at + 1, d).
    Raises ValueError for a non-positive or non-finite learning rate or bound, negative steps,
    or a gradient of the wrong shape.
    """
    x = np.atleast_1d(as_array(x0, "x0", "gradient_descent", ndim=(0, 1)))
    lr = as_scalar(learning_rate, "learning_rate", "gradient_descent")
    bound = as_scalar(bound, "bound", "gradient_descent")
    if lr <= 0:
        raise ValueError(f"gradient_descent: learning_rate must be positive, got {lr}")
    if bound <= 0:
        raise ValueError(f"gradient_descent: bound must be positive, got {bound}")
    steps = as_int(steps, "steps", "gradient_descent", low=0)
    if pnorm(x, 2.0) > bound:
        raise ValueError(f"gradient_descent: x0 has norm {pnorm(x, 2.0):.4g}, beyond the bound "
                         f"{bound:.4g}")
    scalar = np.ndim(x0) == 0
    path = np.empty((steps + 1, x.shape[0]))
    path[0] = x
    for k in range(steps):
        g = np.atleast_1d(grad(x[0] if scalar else x))
        if g.shape != x.shape:
            raise ValueError(f"gradient_descent: grad returned shape {shape_str(g.shape)} at a "
                             f"point of shape {shape_str(x.shape)}; it must match")
        if not np.all(np.isfinite(g)):
            return DescentResult(path[:k + 1], True, k)
        # harmless: lr * g may overflow to inf (lr and g are finite, so never NaN); that is
        # caught on the next line and the point is discarded before anything uses it
        with np.errstate(over="ignore"):
            x = x - lr * g
        if not np.all(np.isfinite(x)) or pnorm(x, 2.0) > bound:
            return DescentResult(path[:k + 1], True, k)
        path[k + 1] = x
    return DescentResult(path, False, steps)


@dataclass(frozen=True)
class Objective:
    """A test function f: R^2 -> R with its gradient and Hessian, vectorised over points.

    f(X): X (..., 2) -> (...); grad(X): (..., 2) -> (..., 2); hessian(X): (..., 2) -> (..., 2, 2).
    ``minima`` (k, 2) lists the local minima (global first), ``saddles`` (s, 2) the saddle points.
    The fields ``f_xy``, ``grad_xy``, ``hessian_xy`` are the formulas as functions of the two
    coordinates, ``f_xy(x, y)``; the methods f, grad and hessian take points X (..., 2) and check
    them.
    A contour grid is ``f(np.stack([XX, YY], axis=-1))``.
    """

    name: str
    formula: str
    f_xy: Callable = field(repr=False)           # f(x, y) of two coordinates (arrays)
    grad_xy: Callable = field(repr=False)        # (df/dx, df/dy) at (x, y)
    hessian_xy: Callable = field(repr=False)     # (f_xx, f_xy, f_yy) at (x, y)
    minima: np.ndarray = field(repr=False)
    saddles: np.ndarray = field(repr=False, default_factory=lambda: np.empty((0, 2)))

    def _points(self, X, what: str) -> np.ndarray:
        X = as_array(X, "X", f"{self.name}.{what}")
        if X.ndim == 0 or X.shape[-1] != 2:
            raise ValueError(f"{self.name}.{what}: X must hold 2-D points, shape (..., 2), got "
                             f"a {describe(X)}")
        return X

    def f(self, X) -> np.ndarray:
        """The function value at each point: (..., 2) -> (...) (a float for one point)."""
        X = self._points(X, "f")
        out = self.f_xy(X[..., 0], X[..., 1])
        return float(out) if out.ndim == 0 else out

    def grad(self, X) -> np.ndarray:
        """The gradient (df/dx, df/dy) at each point: (..., 2) -> (..., 2)."""
        X = self._points(X, "grad")
        gx, gy = self.grad_xy(X[..., 0], X[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def hessian(self, X) -> np.ndarray:
        """The Hessian [[f_xx, f_xy], [f_xy, f_yy]] at each point: (..., 2) -> (..., 2, 2)."""
        X = self._points(X, "hessian")
        fxx, fxy, fyy = np.broadcast_arrays(*self.hessian_xy(X[..., 0], X[..., 1]))
        return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)


def quadratic(*, condition: float = 10.0, angle_radians: float = 0.0) -> Objective:
    """Convex quadratic bowl ``f(x) = x^T A x / 2`` with ``A = R diag(1, condition) R^T``.

    R rotates by ``angle_radians`` (radians: pi/4 is 45 degrees). The eigenvalues of A (the
    curvatures along the axes of the ellipses) are 1 and ``condition``, so the condition number is
    ``condition`` (>= 1). Gradient ``A x``, Hessian A, minimum at 0. Gradient descent converges iff
    ``0 < learning_rate < 2 / condition``; the larger the condition number, the more it zig-zags.
    """
    kappa = as_scalar(condition, "condition", "quadratic")
    theta = as_scalar(angle_radians, "angle_radians", "quadratic")
    if kappa < 1:
        raise ValueError(f"quadratic: condition must be >= 1 (the ratio of the largest to the "
                         f"smallest curvature), got {kappa}")
    c, s = np.cos(theta), np.sin(theta)
    a = c * c + kappa * s * s                     # A = [[a, b], [b, d]]
    b = (1.0 - kappa) * c * s
    d = s * s + kappa * c * c
    return Objective(
        name="quadratic", formula=f"x^T A x / 2, eigenvalues 1 and {kappa:g}",
        f_xy=lambda x, y: 0.5 * (a * x * x + 2 * b * x * y + d * y * y),
        grad_xy=lambda x, y: (a * x + b * y, b * x + d * y),
        hessian_xy=lambda x, y: (np.full_like(x, a), np.full_like(x, b), np.full_like(x, d)),
        minima=np.zeros((1, 2)))


def rosenbrock(*, a: float = 1.0, b: float = 100.0) -> Objective:
    """Rosenbrock's banana valley ``f(x, y) = (a - x)^2 + b (y - x^2)^2``.

    Gradient ``(-2(a - x) - 4 b x (y - x^2), 2 b (y - x^2))``; one minimum, at (a, a^2), at the
    end of a long curved flat valley that gradient descent crawls along. b > 0.
    """
    a = as_scalar(a, "a", "rosenbrock")
    b = as_scalar(b, "b", "rosenbrock")
    if b <= 0:
        raise ValueError(f"rosenbrock: b must be positive, got {b}")
    return Objective(
        name="rosenbrock", formula=f"({a:g} - x)^2 + {b:g} (y - x^2)^2",
        f_xy=lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
        grad_xy=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)),
        hessian_xy=lambda x, y: (2 - 4 * b * (y - 3 * x * x), -4 * b * x, np.full_like(x, 2 * b)),
        minima=np.array([[a, a * a]]))


def saddle() -> Objective:
    """The saddle ``f(x, y) = x^2 - y^2``: gradient (2x, -2y), Hessian diag(2, -2).

    The origin is a critical point that is no minimum: f curves up along x and down along y.
    Gradient descent started exactly on the x-axis converges to it; any other start escapes
    along y (f is unbounded below, so the run diverges).
    """
    return Objective(
        name="saddle", formula="x^2 - y^2",
        f_xy=lambda x, y: x * x - y * y,
        grad_xy=lambda x, y: (2 * x, -2 * y),
        hessian_xy=lambda x, y: (np.full_like(x, 2.0), np.zeros_like(x), np.full_like(x, -2.0)),
        minima=np.empty((0, 2)), saddles=np.zeros((1, 2)))


def two_minima(*, tilt: float = 0.5) -> Objective:
    """A tilted double well ``f(x, y) = (x^2 - 1)^2 + tilt x + y^2``.

    Gradient ``(4x^3 - 4x + tilt, 2y)``. For ``|tilt| < 8/(3 sqrt 3) ~ 1.54`` there are two local
    minima near x = -1 and x = +1 (for tilt > 0 the left one is lower, the global minimum) and a
    saddle between them; which minimum gradient descent finds depends on where it starts. The
    critical points lie on y = 0 at the roots of ``x^3 - x + tilt/4``, three real ones given by
    the trigonometric formula ``x_k = (2/sqrt 3) cos(arccos(-3 sqrt(3) tilt / 8) / 3 - 2 pi k / 3)``.
    """
    t = as_scalar(tilt, "tilt", "two_minima")
    if abs(t) >= 8 / (3 * np.sqrt(3)):
        raise ValueError(f"two_minima: |tilt| must be below 8/(3 sqrt 3) ~ 1.54 for two minima, "
                         f"got {t}")
    k = np.arange(3)
    roots = 2 / np.sqrt(3) * np.cos(np.arccos(-3 * np.sqrt(3) * t / 8) / 3 - 2 * np.pi * k / 3)
    left, middle, right = np.sort(roots)
    minima = [[left, 0.0], [right, 0.0]] if t >= 0 else [[right, 0.0], [left, 0.0]]
    return Objective(
        name="two_minima", formula=f"(x^2 - 1)^2 + {t:g} x + y^2",
        f_xy=lambda x, y: (x * x - 1) ** 2 + t * x + y * y,
        grad_xy=lambda x, y: (4 * x**3 - 4 * x + t, 2 * y),
        hessian_xy=lambda x, y: (12 * x * x - 4, np.zeros_like(x), np.full_like(x, 2.0)),
        minima=np.array(minima), saddles=np.array([[middle, 0.0]]))


# -- optimisers, minimize and learning-rate schedules (notebooks 17 and 18) --------------------
#
# Each optimiser keeps its own state (velocities, running averages) and changes a list of arrays
# in place with ``step(params, grads)``, as torch.optim does; its update rule is PyTorch's
# documented one (torch.optim.SGD with dampening 0 and nesterov False, Adagrad, RMSprop, Adam, each
# without weight decay), so the course's numbers can be checked against the library learners meet
# next. Hyperparameters are keyword-only public attributes: a schedule may change ``opt.lr``
# between steps, as PyTorch's schedulers change a param group's lr.


def _hyper(value, name: str, where: str, *, low: float, high: float | None = None,
           low_open: bool = True, high_open: bool = True) -> float:
    """A hyperparameter as a float in its interval, e.g. (0, inf) or [0, 1); ValueError naming
    the interval otherwise (TypeError, from as_scalar, for something that is not a number)."""
    v = as_scalar(value, name, where)
    above = v > low if low_open else v >= low
    below = high is None or (v < high if high_open else v <= high)
    if not (above and below):
        left = "(" if low_open else "["
        right = "inf)" if high is None else f"{high:g}{')' if high_open else ']'}"
        raise ValueError(f"{where}: {name} must be in {left}{low:g}, {right}, got {v:g}")
    return v


# A learning rate may be 0 (no move), as torch.optim allows: a linear warm-up's rate at step 0.
_LR = {"low": 0.0, "low_open": False}


class _Optimizer:
    """The shared part: hyperparameter checks, the state per parameter, and the checks of
    ``step``'s arguments. A subclass lists its hyperparameters with their intervals in
    ``_INTERVALS`` and writes ``_update(state, g)``: it updates one parameter's state in place
    and returns the step to subtract from that parameter."""

    _INTERVALS: dict = {}

    def __init__(self, **hyper):
        for name, value in hyper.items():
            setattr(self, name, value)
        self._check()
        self.state: list = []            # one entry per parameter, made on the first step
        self.t = 0                       # the number of steps taken

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._INTERVALS)
        return f"{type(self).__name__}({args})"

    def _check(self) -> None:
        where = type(self).__name__
        for name, interval in self._INTERVALS.items():
            setattr(self, name, _hyper(getattr(self, name), name, where, **interval))

    def _fresh(self) -> "_Optimizer":
        """A new optimiser with the same hyperparameters and no state."""
        return type(self)(**{n: getattr(self, n) for n in self._INTERVALS})

    def step(self, params, grads) -> None:
        """One update of every array in ``params`` (a list of float numpy arrays), in place.

        ``grads[i]`` is the gradient of the loss at ``params[i]``, the same shape. The state
        (velocities, averages) is made on the first call and kept per position in the list, so
        pass the same parameters in the same order every time. Raises TypeError when a parameter
        is not a float numpy array (a list or an int array cannot be changed in place), and
        ValueError for a gradient of another shape, a NaN or infinite gradient, or parameters
        that differ from the first call's. Nothing is changed when an argument is refused.
        """
        where = f"{type(self).__name__}.step"
        self._check()                    # lr may have been changed since (by a schedule)
        if not isinstance(params, (list, tuple)) or not isinstance(grads, (list, tuple)):
            raise TypeError(f"{where}: params and grads must be lists of arrays, got "
                            f"{type(params).__name__} and {type(grads).__name__} (wrap a single "
                            "array in a list: step([w], [g]))")
        if len(params) != len(grads):
            raise ValueError(f"{where}: {len(params)} params but {len(grads)} grads; give one "
                             "gradient per parameter")
        checked = []
        for i, (p, g) in enumerate(zip(params, grads)):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                kind = type(p).__name__ if not isinstance(p, np.ndarray) else f"array of {p.dtype}"
                raise TypeError(f"{where}: params[{i}] must be a float numpy array (updated in "
                                f"place), got {kind}; use np.asarray(..., dtype=float)")
            g = as_array(g, f"grads[{i}]", where, nonempty=False)
            if g.shape != p.shape:
                raise ValueError(f"{where}: grads[{i}] has shape {shape_str(g.shape)} but "
                                 f"params[{i}] has shape {shape_str(p.shape)}; they must match")
            checked.append(g)
        if self.state and [s[0].shape for s in self.state] != [p.shape for p in params]:
            now = ", ".join(shape_str(p.shape) for p in params)
            first = ", ".join(shape_str(s[0].shape) for s in self.state)
            raise ValueError(f"{where}: the parameters' shapes {now} differ from the first "
                             f"step's {first}; this optimiser's state belongs to those: use a "
                             "new optimiser for new parameters")
        self._apply(params, checked)

    def _apply(self, params: list, grads: list) -> None:
        """The update itself, on arguments already checked (minimize's loop calls it directly)."""
        if not self.state:
            self.state = [self._new_state(p) for p in params]
        self.t += 1
        with np.errstate(over="ignore", invalid="ignore"):   # a diverging run becomes inf/NaN
            for state, p, g in zip(self.state, params, grads):
                p -= self._update(state, g)

    def _new_state(self, p: np.ndarray) -> tuple:
        return (np.zeros(p.shape),)

    def _update(self, state: tuple, g: np.ndarray) -> np.ndarray:   # pragma: no cover
        raise NotImplementedError


class SGD(_Optimizer):
    """Plain gradient descent, ``p <- p - lr g``: torch.optim.SGD without momentum.

    ``SGD(lr=0.1)``; lr >= 0 (0: no move). (Which examples make g, one, a mini-batch or all, is the caller's
    choice: "SGD" means a random mini-batch in today's libraries.)
    In a network: the baseline every other optimiser is compared with.
    """

    _INTERVALS = {"lr": _LR}

    def __init__(self, *, lr):
        super().__init__(lr=lr)

    def _update(self, state, g):
        return self.lr * g


class Momentum(_Optimizer):
    """Gradient descent with momentum: ``v <- mu v + g``, ``p <- p - lr v`` (v starts at 0).

    torch.optim.SGD(lr, momentum=mu) with dampening 0. ``Momentum(lr=0.01, momentum=0.9)``;
    lr >= 0, 0 <= momentum < 1 (0 is SGD). Along a constant gradient the step grows to
    ``lr g / (1 - mu)``, ten times SGD's for mu = 0.9.
    In a network: damps the zig-zag across a narrow valley and speeds up along its floor.
    """

    _INTERVALS = {"lr": _LR, "momentum": {"low": 0.0, "high": 1.0, "low_open": False}}

    def __init__(self, *, lr, momentum=0.9):
        super().__init__(lr=lr, momentum=momentum)

    def _update(self, state, g):
        v, = state
        v *= self.momentum
        v += g
        return self.lr * v


class AdaGrad(_Optimizer):
    """AdaGrad: ``s <- s + g^2``, ``p <- p - lr g / (sqrt(s) + eps)``, elementwise (s starts at 0).

    torch.optim.Adagrad without lr decay (eps outside the square root). ``AdaGrad(lr=0.1,
    eps=1e-10)``; lr >= 0, eps > 0. Each coordinate's step shrinks as its squared gradients add up;
    the first step is ``lr sign(g)`` (for |g| >> eps).
    In a network: large steps for rarely-updated weights (sparse features), small for frequent ones.
    """

    _INTERVALS = {"lr": _LR, "eps": {"low": 0.0}}

    def __init__(self, *, lr, eps=1e-10):
        super().__init__(lr=lr, eps=eps)

    def _update(self, state, g):
        s, = state
        s += g * g
        return self.lr * g / (np.sqrt(s) + self.eps)


class RMSProp(_Optimizer):
    """RMSProp: ``v <- alpha v + (1 - alpha) g^2``, ``p <- p - lr g / (sqrt(v) + eps)`` (v from 0).

    torch.optim.RMSprop (not centred, no momentum). ``RMSProp(lr=0.01, alpha=0.99, eps=1e-8)``;
    lr >= 0, 0 <= alpha < 1, eps > 0. Like AdaGrad, but v forgets old gradients, so the steps do
    not shrink for ever. No bias correction: the first step is ``lr sign(g) / sqrt(1 - alpha)``,
    ten times lr for alpha = 0.99 (for |g| >> eps).
    In a network: the adaptive optimiser of early deep learning and of many RL agents.
    """

    _INTERVALS = {"lr": _LR, "alpha": {"low": 0.0, "high": 1.0, "low_open": False},
                  "eps": {"low": 0.0}}

    def __init__(self, *, lr, alpha=0.99, eps=1e-8):
        super().__init__(lr=lr, alpha=alpha, eps=eps)

    def _update(self, state, g):
        v, = state
        v *= self.alpha
        v += (1.0 - self.alpha) * (g * g)
        return self.lr * g / (np.sqrt(v) + self.eps)


class Adam(_Optimizer):
    """Adam: momentum and RMSProp with bias correction, at step t = 1, 2, ...

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2`` (both from 0),
    ``m_hat = m / (1 - b1^t)``, ``v_hat = v / (1 - b2^t)``,
    ``p <- p - lr m_hat / (sqrt(v_hat) + eps)``.
    torch.optim.Adam (eps outside the square root, no amsgrad). ``Adam(lr=0.001, beta1=0.9,
    beta2=0.999, eps=1e-8)``; lr >= 0, 0 <= beta1, beta2 < 1, eps > 0. The correction undoes the
    start at 0: the first step is ``lr sign(g)`` (for |g| >> eps).
    In a network: the default optimiser of most deep learning today.
    """

    _INTERVALS = {"lr": _LR, "beta1": {"low": 0.0, "high": 1.0, "low_open": False},
                  "beta2": {"low": 0.0, "high": 1.0, "low_open": False}, "eps": {"low": 0.0}}

    def __init__(self, *, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)

    def _new_state(self, p):
        return (np.zeros(p.shape), np.zeros(p.shape))

    def _update(self, state, g):
        m, v = state
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * (g * g)
        m_hat = m / (1.0 - self.beta1 ** self.t)
        v_hat = v / (1.0 - self.beta2 ** self.t)
        return self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def minimize(grad, x0, *, optimizer, steps: int, bound: float = 1e6) -> DescentResult:
    """Run ``optimizer`` for ``steps`` steps from x0 on the gradient ``grad``: the optimiser race.

    Like gradient_descent, with any optimiser's update instead of ``x - lr grad(x)``: the run stops
    early, with ``diverged=True``, as soon as the gradient or the next iterate holds inf/NaN or
    the next iterate's norm exceeds ``bound``; that iterate is not stored and ``grad`` is only
    called at points with norm <= bound. ``optimizer`` itself is not changed: the run uses a fresh
    copy (same hyperparameters, no state), so two runs with one optimiser give the same path.

    Shapes: x0 a number or a vector (d,); grad takes (d,) and returns (d,) (a number when x0 is
    a number) -> ``DescentResult`` with ``path`` (stopped_at + 1, d).
    Raises TypeError when optimizer is not one of SGD, Momentum, AdaGrad, RMSProp, Adam or steps
    not an int; ValueError for negative steps, a bound <= 0, x0 beyond the bound, or a gradient
    of the wrong shape.
    """
    where = "minimize"
    x = np.atleast_1d(as_array(x0, "x0", where, ndim=(0, 1))).copy()   # updated in place
    if not isinstance(optimizer, _Optimizer):
        raise TypeError(f"{where}: optimizer must be an optimiser such as SGD(lr=0.1) or "
                        f"Adam(lr=0.01), got {type(optimizer).__name__} {optimizer!r:.40}")
    steps = as_int(steps, "steps", where, low=0)
    bound = _hyper(bound, "bound", where, low=0.0)
    if pnorm(x, 2.0) > bound:
        raise ValueError(f"{where}: x0 has norm {pnorm(x, 2.0):.4g}, beyond the bound {bound:.4g}")
    opt = optimizer._fresh()
    scalar = np.ndim(x0) == 0
    path = np.empty((steps + 1, x.shape[0]))
    path[0] = x
    for k in range(steps):
        g = np.atleast_1d(grad(x[0] if scalar else x.copy()))
        if g.shape != x.shape:
            raise ValueError(f"{where}: grad returned shape {shape_str(g.shape)} at a point of "
                             f"shape {shape_str(x.shape)}; it must match")
        if not np.isfinite(g).all():
            return DescentResult(path[:k + 1], True, k)
        opt._apply([x], [g.astype(float, copy=False)])   # checked above: shape and finite
        if not pnorm(x, 2.0) <= bound:                   # also when x holds inf or NaN
            return DescentResult(path[:k + 1], True, k)
        path[k + 1] = x
    return DescentResult(path, False, steps)


# -- learning-rate schedules: the learning rate at step t = 0, 1, 2, ... --------------------------

def _steps_t(t, where: str) -> np.ndarray:
    """t as an int array >= 0 (a whole number or an array of them)."""
    a = np.asarray(t)
    if a.dtype == object or not np.issubdtype(a.dtype, np.integer):
        hint = ""
        if np.issubdtype(a.dtype, np.floating) and np.all(np.isfinite(a)) and \
                np.all(a == np.round(a)):
            hint = " (write whole numbers without the decimal point, or t.astype(int))"
        raise TypeError(f"{where}: t must be a whole number of steps (an int or an int array), "
                        f"got {type(t).__name__} {t!r:.40}{hint}")
    if np.any(a < 0):
        raise ValueError(f"{where}: t = {int(a[a < 0].flat[0])} is out of range; expected t >= 0")
    return a


def _rate(value: np.ndarray):
    return float(value) if value.ndim == 0 else value


def step_decay(t, *, lr0, step_size, gamma):
    """``lr(t) = lr0 gamma^floor(t / step_size)``: divided by 1/gamma every step_size steps.

    torch.optim.lr_scheduler.StepLR's closed form. Shapes: t an int >= 0 or an int array -> a
    number or an array like t. lr0 > 0, step_size an int >= 1, 0 < gamma <= 1.
    In a network: "divide the learning rate by 10 every 30 epochs" (gamma = 0.1, step_size = 30).
    """
    t = _steps_t(t, "step_decay")
    lr0 = _hyper(lr0, "lr0", "step_decay", low=0.0)
    step_size = as_int(step_size, "step_size", "step_decay", low=1)
    gamma = _hyper(gamma, "gamma", "step_decay", low=0.0, high=1.0, high_open=False)
    return _rate(lr0 * gamma ** (t // step_size))


def exponential_decay(t, *, lr0, gamma):
    """``lr(t) = lr0 gamma^t``: multiplied by gamma at every step.

    torch.optim.lr_scheduler.ExponentialLR's closed form. Shapes: t an int >= 0 or an int array
    -> a number or an array like t. lr0 > 0, 0 < gamma <= 1 (the rate halves every
    log(1/2) / log(gamma) steps).
    In a network: a smooth version of step decay.
    """
    t = _steps_t(t, "exponential_decay")
    lr0 = _hyper(lr0, "lr0", "exponential_decay", low=0.0)
    gamma = _hyper(gamma, "gamma", "exponential_decay", low=0.0, high=1.0, high_open=False)
    return _rate(lr0 * gamma ** t)


def cosine_annealing(t, *, lr0, t_max, lr_min=0.0):
    """``lr(t) = lr_min + (lr0 - lr_min) (1 + cos(pi t / t_max)) / 2``: half a cosine from lr0 at
    t = 0 down to lr_min at t = t_max.

    torch.optim.lr_scheduler.CosineAnnealingLR's closed form, which goes on past t_max: the rate
    climbs back to lr0 at 2 t_max (period 2 t_max), so train for t_max steps. Shapes: t an int
    >= 0 or an int array -> a number or an array like t. lr0 > 0, t_max an int >= 1,
    0 <= lr_min <= lr0.
    In a network: the usual schedule for training from scratch; with restarts, SGDR.
    """
    where = "cosine_annealing"
    t = _steps_t(t, where)
    lr0 = _hyper(lr0, "lr0", where, low=0.0)
    t_max = as_int(t_max, "t_max", where, low=1)
    lr_min = _hyper(lr_min, "lr_min", where, low=0.0, high=lr0, low_open=False, high_open=False)
    return _rate(lr_min + (lr0 - lr_min) * (1.0 + np.cos(np.pi * t / t_max)) / 2.0)


def linear_warmup(t, *, lr0, warmup_steps):
    """``lr(t) = lr0 min(1, t / warmup_steps)``: from 0 at t = 0 up to lr0 at t = warmup_steps,
    then constant.

    The warm-up of Hugging Face's linear schedule (get_linear_schedule_with_warmup); torch's
    LinearLR does the same with start_factor -> 0. Step 0 has rate 0 (no move). Combine it with a
    decay by multiplying: ``linear_warmup(t, ...) / lr0 * cosine_annealing(t, ...)``.
    Shapes: t an int >= 0 or an int array -> a number or an array like t. lr0 > 0,
    warmup_steps an int >= 1.
    In a network: Adam's first steps rely on averages of few gradients; warming up keeps them
    small (transformers are trained this way).
    """
    t = _steps_t(t, "linear_warmup")
    lr0 = _hyper(lr0, "lr0", "linear_warmup", low=0.0)
    warmup_steps = as_int(warmup_steps, "warmup_steps", "linear_warmup", low=1)
    return _rate(lr0 * np.minimum(1.0, t / warmup_steps))


__all__ += ["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam", "minimize",
            "step_decay", "exponential_decay", "cosine_annealing", "linear_warmup"]
