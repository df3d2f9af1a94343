"""Numerical calculus: derivatives, gradients, Jacobians and Hessians from differences
(notebooks 06 and 09), and integrals from Riemann sums (notebook 06).

Every derivative here is a difference quotient of function values. Two errors compete in it:

- **truncation**: the quotient is a derivative only in the limit h -> 0; Taylor's theorem gives
  the error for a finite step (proportional to h for the forward difference, to h^2 for the
  central difference);
- **round-off**: f is computed in floating point, each value off by about eps |f| with
  eps = 2^-52 ~ 2.2e-16, and dividing by a small h magnifies that error like eps |f| / h.

The default steps balance the two (derivations in each docstring). They are scaled by
``max(1, |x|)``, because a step smaller than about eps |x| does not even change x.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_int, as_scalar, describe

__all__ = ["derivative", "partial", "gradient", "jacobian", "hessian", "default_step",
           "integrate", "RULES"]

EPS = float(np.finfo(float).eps)          # 2.220446049250313e-16

_STEP_POWERS = {"forward": 1 / 2, "central": 1 / 3, "hessian": 1 / 4}


def default_step(x, *, method: str = "central"):
    """The default step ``h = eps^p * max(1, |x|)`` for a difference at x (any shape, elementwise).

    p = 1/2 for the forward difference, 1/3 for the central difference, 1/4 for the second
    differences of the Hessian: ~1.5e-8, ~6.1e-6 and ~1.2e-4 at |x| <= 1. See `derivative` and
    `hessian` for where these powers come from.
    """
    if method not in _STEP_POWERS:
        raise ValueError(f"default_step: method must be one of {sorted(_STEP_POWERS)}, "
                         f"got {method!r}")
    x = as_array(x, "x", "default_step")
    return EPS ** _STEP_POWERS[method] * np.maximum(1.0, np.abs(x))


def _values(f, points, where: str, x_given, vector: bool = False) -> list:
    """f at each point, as floats (or float vectors of one length, when ``vector``; a number
    counts as length 1). A ValueError naming the point and x when a value is not finite, and
    naming x when f returns the wrong kind of value."""
    values = []
    for point in points:
        y = np.asarray(f(point), dtype=float)
        if y.ndim > vector:
            raise ValueError(f"{where}: f must return {'a vector' if vector else 'a single number'}"
                             f", but at x = {x_given} it returned a {describe(y)}")
        if not np.all(np.isfinite(y)):
            raise ValueError(f"{where}: f returned {y} at {point} (while differentiating at "
                             f"x = {x_given}); f must be finite near x")
        values.append(np.atleast_1d(y) if vector else float(y))
    return values


def _step(h, x, method: str, where: str):
    """The step to use: the default for x, or the given h (a positive number)."""
    if h is None:
        return default_step(x, method=method)
    h = as_scalar(h, "h", where)
    if h <= 0:
        raise ValueError(f"{where}: the step h must be positive, got {h}")
    return np.full(np.shape(x), h)


def derivative(f, x, *, h=None, method: str = "central") -> float:
    """Derivative f'(x) of f: R -> R from a difference quotient.

    - ``method="central"`` (default): ``f'(x) ~ (f(x + h) - f(x - h)) / (2h)``.
      Taylor: the error is ``h^2 f'''(x) / 6 + O(h^4)`` (truncation) plus about ``eps |f| / h``
      (round-off). Their sum ``h^2 |f'''| / 6 + eps |f| / h`` is smallest at
      ``h = (3 eps |f| / |f'''|)^(1/3)``, so the default is ``h = eps^(1/3) max(1, |x|)`` ~ 6e-6,
      giving about 10 correct digits (error ~ eps^(2/3)).
    - ``method="forward"``: ``f'(x) ~ (f(x + h) - f(x)) / h``. The error is
      ``h f''(x) / 2 + O(h^2)`` plus about ``2 eps |f| / h``; smallest at
      ``h = 2 sqrt(eps |f| / |f''|)``, so the default is ``h = sqrt(eps) max(1, |x|)`` ~ 1.5e-8,
      giving about 8 correct digits (error ~ sqrt(eps)).

    The quotient divides by the step actually taken, ``(x + h) - x``, which is exactly
    representable (h itself may not be, after rounding x + h).

    Shapes: f takes a number and returns a number; x a number -> a float.
    Raises ValueError if f returns something that is not one finite number near x (naming the
    point), if h <= 0, or if method is unknown.
    """
    if method not in ("central", "forward"):
        raise ValueError(f"derivative: method must be 'central' or 'forward', got {method!r}")
    x = as_scalar(x, "x", "derivative")
    h = float(_step(h, x, method, "derivative"))
    up = x + h
    h = up - x                                     # the step that floating point really took
    if h == 0:
        raise ValueError(f"derivative: the step is too small to change x = {x}; use a larger h")
    down, width = (x, h) if method == "forward" else (x - h, 2 * h)
    f_up, f_down = _values(f, [up, down], "derivative", x)
    return (f_up - f_down) / width


def partial(f, x, *, i: int, h=None) -> float:
    """Partial derivative ``df/dx_i (x) ~ (f(x + h e_i) - f(x - h e_i)) / (2h)`` of f: R^n -> R.

    e_i is the i-th unit vector: only coordinate i moves, the others stay fixed. Central
    difference with default step ``h = eps^(1/3) max(1, |x_i|)`` (see `derivative`).

    Shapes: x (n,), i an int in [-n, n) -> a float.
    Raises ValueError for a bad index or when f is not finite near x.
    """
    x = as_array(x, "x", "partial", ndim=1)
    n = x.shape[0]
    i = as_int(i, "i", "partial", low=-n, high=n - 1)
    return _partial(f, x, i % n, h, "partial")


def _partial(f, x: np.ndarray, i, h, where: str) -> float:
    """Central difference along flat index i of x (any shape)."""
    h_i = float(_step(h, x.flat[i], "central", where))
    up, down = x.copy(), x.copy()
    up.flat[i] += h_i
    down.flat[i] -= h_i
    step = up.flat[i] - down.flat[i]               # 2h as floating point really took it
    if step == 0:
        raise ValueError(f"{where}: the step is too small to change x[{i}] = {x.flat[i]}; "
                         "use a larger h")
    f_up, f_down = _values(f, [up, down], where, x)
    return (f_up - f_down) / step


def gradient(f, x, *, h=None) -> np.ndarray:
    """Gradient ``grad f(x) = (df/dx_1, ..., df/dx_n)`` of f: R^n -> R by central differences.

    Entry i is ``(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)`` with default step
    ``h_i = eps^(1/3) max(1, |x_i|)`` (see `derivative`); 2n evaluations of f.

    Shapes: x of any shape (a vector (n,), or a matrix of weights) -> an array of the same shape
    (f takes an array of that shape and returns a number).
    Raises ValueError when f is not one finite number near x.
    """
    x = as_array(x, "x", "gradient")
    g = np.empty(x.shape)
    for i in range(x.size):
        g.flat[i] = _partial(f, x, i, h, "gradient")
    return g


def jacobian(f, x, *, h=None) -> np.ndarray:
    """Jacobian ``J[i, j] = df_i/dx_j (x)`` of f: R^n -> R^m by central differences.

    Column j is ``(f(x + h_j e_j) - f(x - h_j e_j)) / (2 h_j)``: how every output moves when input
    j moves. Default step ``h_j = eps^(1/3) max(1, |x_j|)`` (see `derivative`); 2n evaluations.

    Shapes: x (n,), f(x) (m,) (a number counts as m = 1) -> J (m, n).
    Raises ValueError when f is not finite near x or its output changes shape.
    """
    x = as_array(x, "x", "jacobian", ndim=1)
    E = np.diag(_step(h, x, "central", "jacobian"))        # row j: the step h_j e_j
    points = [x, *(x + E), *(x - E)]                       # x, then x + h_j e_j, x - h_j e_j
    values = _values(f, points, "jacobian", x, vector=True)
    for point, value in zip(points, values):
        if len(value) != len(values[0]):
            raise ValueError(f"jacobian: f returned {len(values[0])} outputs at x = {x} but "
                             f"{len(value)} at {point}; the output must keep its length")
    n = x.shape[0]
    F_up, F_down = np.array(values[1:n + 1]), np.array(values[n + 1:])   # (n, m) each
    widths = (x + E).diagonal() - (x - E).diagonal()    # 2 h_j as floating point took it
    return (F_up - F_down).T / widths


def hessian(f, x, *, h=None) -> np.ndarray:
    """Hessian ``H[i, j] = d^2 f / dx_i dx_j (x)`` of f: R^n -> R by central second differences.

        H[i, j] ~ (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j)
                   - f(x - h_i e_i + h_j e_j) + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j)

    (for i = j this is ``(f(x + 2h e_i) - 2 f(x) + f(x - 2h e_i)) / (4h^2)``). The truncation
    error is O(h^2) and the round-off about ``eps |f| / h^2``; their sum ``c h^2 + eps |f| / h^2``
    is smallest at ``h ~ eps^(1/4)``, so the default is ``h_i = eps^(1/4) max(1, |x_i|)`` ~ 1.2e-4
    (about 8 correct digits). Only i <= j is computed and mirrored, so H is exactly symmetric, as
    the Hessian of a twice continuously differentiable f is (Schwarz's theorem).

    Shapes: x (n,) -> H (n, n). Raises ValueError when f is not one finite number near x.
    """
    x = as_array(x, "x", "hessian", ndim=1)
    n = x.shape[0]
    steps = _step(h, x, "hessian", "hessian")
    E = np.diag(steps)                             # row i: the step h_i e_i

    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            pp, pm, mp, mm = _values(f, [x + E[i] + E[j], x + E[i] - E[j], x - E[i] + E[j],
                                         x - E[i] - E[j]], "hessian", x)
            H[i, j] = H[j, i] = (pp - pm - mp + mm) / (4 * steps[i] * steps[j])
    return H


# -- integrals ---------------------------------------------------------------------------------
RULES = ("left", "right", "midpoint", "trapezoid")


def _f_at(f, t: np.ndarray) -> np.ndarray:
    """f at every point of t as floats: one vectorised call when f takes arrays, else point by
    point. A ValueError names the first point where f is not one finite number."""
    try:
        with np.errstate(all="ignore"):
            y = np.asarray(f(t), dtype=float)
        if y.shape != t.shape:
            raise ValueError
    except (TypeError, ValueError):
        y = np.array([np.asarray(f(float(v)), dtype=float) for v in t], dtype=object)
        if any(np.ndim(v) != 0 for v in y):
            raise ValueError("integrate: f must return a single number at each point, but at "
                             f"t = {float(t[0])} it returned {np.asarray(y[0]).shape}") from None
        y = y.astype(float)
    bad = ~np.isfinite(y)
    if bad.any():
        where = float(t[np.argmax(bad)])
        raise ValueError(f"integrate: f returned {y[np.argmax(bad)]} at t = {where}; f must be "
                         "finite on the interval (an integrand that blows up needs another method)")
    return y


def integrate(f, a, b, *, n: int = 1000, rule: str = "trapezoid") -> float:
    """The integral of f from a to b by a sum over n strips of width h = (b - a) / n.

    With the strip edges t_k = a + k h (k = 0..n):

    - ``rule="left"``:      h (f(t_0) + ... + f(t_{n-1}))          error O(h): -(b - a) h f'/2
    - ``rule="right"``:     h (f(t_1) + ... + f(t_n))              error O(h): +(b - a) h f'/2
    - ``rule="midpoint"``:  h sum f((t_k + t_{k+1}) / 2)           error O(h^2): -(b - a) h^2 f''/24
    - ``rule="trapezoid"`` (default): h (f(t_0)/2 + f(t_1) + ... + f(t_{n-1}) + f(t_n)/2)
                                                                   error O(h^2): +(b - a) h^2 f''/12

    (the errors, sum minus integral, for a smooth f, with f' and f'' at some point of [a, b];
    midpoint and trapezoid err in opposite directions, the midpoint by half as much). These are
    the Riemann sums whose limit, as n grows, *is* the integral. For b < a the sum is the
    negative of the one from b to a; for a = b it is 0.

    f takes a number (or an array of numbers, elementwise) and returns a number.
    Shapes: a, b numbers; n a positive int -> a float.
    Raises TypeError if n is not an int, ValueError if n < 1, rule is unknown, a or b is not
    finite, or f is not finite somewhere on [a, b].
    """
    if rule not in RULES:
        raise ValueError(f"integrate: rule must be one of {', '.join(RULES)}; got {rule!r}")
    n = as_int(n, "n", "integrate", low=1)           # the number of strips
    a, b = as_scalar(a, "a", "integrate"), as_scalar(b, "b", "integrate")
    h = (b - a) / n
    if rule == "midpoint":
        t = a + (np.arange(n) + 0.5) * h
        return float(h * _f_at(f, t).sum())
    edges = np.linspace(a, b, n + 1)
    y = _f_at(f, edges)
    if rule == "left":
        return float(h * y[:-1].sum())
    if rule == "right":
        return float(h * y[1:].sum())
    return float(h * (y[1:-1].sum() + (y[0] + y[-1]) / 2))
