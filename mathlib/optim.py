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
