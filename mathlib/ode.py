"""Ordinary differential equations dy/dt = f(t, y): Euler's method and classical Runge-Kutta (RK4)
over a given grid of times (notebook 26).

Both take the problem as scipy.integrate.solve_ivp does, ``f(t, y)`` with ``y`` a 1-D array of
d numbers returning d numbers, and step from ``t[k]`` to ``t[k + 1]`` with ``h = t[k + 1] - t[k]``
(the grid may be uneven). They return the states as an array ``Y`` of shape ``(len(t), d)``, one
row per time, ``Y[0] = y0``, always 2-D (a scalar problem gives ``(len(t), 1)``). That is the
transpose of solve_ivp's ``sol.y`` (shape ``(d, len(t))``): ``Y`` matches ``sol.y.T``.

A run that overflows stops honestly: from the first step whose state is not finite (it overflowed
to infinity, or became NaN through inf - inf), that row and every later row are NaN, and no
warning is raised. ``np.isfinite(Y).all(axis=1)`` marks the rows that were computed, so an
explorer can draw a diverging Euler run as far as it went. A NaN returned by ``f`` at a finite
state is not divergence but a mistake in ``f`` (e.g. the log of a negative number): ValueError;
so is an inf returned by ``f`` at a finite state (a pole: 1 / (y - 1) at y = 1, the log of 0),
unless it came from an overflow inside ``f`` (the state running away).

Mind the argument order: time first, ``f(t, y)`` as solve_ivp calls it, not ``f(y, t)`` as
scipy.integrate.odeint does. On a scalar problem a swapped f runs and gives wrong numbers, so an f
whose parameters are named (y, t) is refused (TypeError), and the errors a wrong order or a wrong
y usually causes inside f (TypeError, ValueError, IndexError, ZeroDivisionError, AttributeError,
OverflowError, FloatingPointError) are re-raised (same type) naming the call, the order and y's
shape; any other error (NameError, KeyError, ...) passes through unchanged. ``y`` is an array even
for one number: write f with numpy's functions (np.exp, not math.exp).

In a network: a residual block ``x + h f(x)`` is one Euler step of dx/dt = f(x) with step h, and a
recurrent network's update ``h_{t+1} = tanh(W h_t + x_t)`` is a discrete dynamical system; neural
ODEs replace the stack of blocks by an ODE solver such as these.
"""

from __future__ import annotations

import inspect

import numpy as np

from ._checks import as_array, describe

__all__ = ["euler", "rk4"]


def _grid(y0, t, where: str):
    y = as_array(y0, "y0", where, ndim=(0, 1))
    y = np.atleast_1d(y).copy()
    times = as_array(t, "t", where, ndim=1)
    steps = np.diff(times)
    if np.any(steps <= 0):
        k = int(np.flatnonzero(steps <= 0)[0])
        raise ValueError(f"{where}: t must be strictly increasing, got t[{k}] = {times[k]:g} and "
                         f"t[{k + 1}] = {times[k + 1]:g}; expected t[k] < t[k + 1] for every k "
                         "(sort the times, and drop repeated ones)")
    return y, times


_ORDER = "f is called as f(t, y) (solve_ivp's order, not odeint's f(y, t))"
_REWRAP = (TypeError, ValueError, IndexError, ZeroDivisionError, AttributeError, OverflowError,
           FloatingPointError)


def _check_order(f, where: str) -> None:
    """Refuse an f whose parameters are named in odeint's order (y, t): with a scalar y0 such an
    f would silently return the wrong rates."""
    try:
        names = [p.name for p in inspect.signature(f).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):          # builtins and some callables have no signature
        return
    if len(names) >= 2 and names[1] in ("t", "time") and names[0] not in ("t", "time"):
        raise TypeError(f"{where}: f's parameters are ({names[0]}, {names[1]}), odeint's order; "
                        f"{_ORDER}: write it as def f(t, {names[0]})")


def _call(f, tk: float, y: np.ndarray, where: str):
    """f(tk, y), with an error of a type in _REWRAP from inside f re-raised naming the call and the
    argument order; any other error passes through unchanged."""
    flags = []
    try:
        with np.errstate(divide="call", over="call", call=lambda kind, flag: flags.append(kind)):
            raw = f(tk, y.copy())
    except _REWRAP as err:
        text = str(err).rstrip(".")
        if "0-dimensional arrays" in text or "length-1 arrays" in text:
            hint = (f"y arrives as a 1-D array of length {y.size} (shape {y.shape}), not a "
                    "number: use numpy's functions (np.exp, not math.exp), or take y[0]")
        else:
            hint = f"y arrives as a 1-D array of shape {y.shape}"
        raise type(err)(f"{where}: calling f(t, y) at t = {tk:g} raised {type(err).__name__}: "
                        f"{text}; {_ORDER}, and {hint}") from err
    return raw, flags


def _slope(f, tk: float, y: np.ndarray, where: str) -> np.ndarray:
    """f(tk, y) as a float array of y's shape; raises on a wrong shape, or a NaN or an inf
    (not from overflow) at a finite y."""
    raw, flags = _call(f, tk, y, where)
    raw = np.asarray(raw)
    if raw.dtype.kind == "c":
        raise TypeError(f"{where}: f(t, y) returned complex numbers {raw.tolist()!r:.40} at "
                        f"t = {tk:g}; expected real rates (a square root or log of a negative "
                        "number taken in complex arithmetic?)")
    if raw.dtype.kind == "b":
        raise TypeError(f"{where}: f(t, y) returned True/False {raw.tolist()!r:.40} at "
                        f"t = {tk:g}; expected real rates (numbers), not a comparison")
    if raw.dtype == object or raw.dtype.kind not in "iuf":
        raise TypeError(f"{where}: f(t, y) must return numbers, got {type(raw.tolist()).__name__} "
                        f"{raw.tolist()!r:.40} at t = {tk:g}")
    out = raw.astype(float)
    if out.shape == () and y.shape == (1,):
        out = out.reshape(1)
    if out.shape != y.shape:
        raise ValueError(f"{where}: f(t, y) returned a {describe(out)} at t = {tk:g}; expected "
                         f"shape {y.shape}, one rate per entry of y (y0 has {y.size} "
                         f"{'entry' if y.size == 1 else 'entries'}); {_ORDER}")
    if np.all(np.isfinite(y)):
        if np.any(np.isnan(out)):
            raise ValueError(f"{where}: f(t, y) returned NaN at t = {tk:g}, y = {np.round(y, 6)}, "
                             "a finite state: f is not defined there (a log or square root of a "
                             "negative number, 0 / 0, ...); expected finite rates")
        # an inf rate from an overflow inside f is the state running away (quiet divergence);
        # any other inf (a division by 0, the log of 0, a literal inf) is a pole of f
        if np.any(np.isinf(out)) and ("divide by zero" in flags or "overflow" not in flags):
            raise ValueError(f"{where}: f(t, y) returned inf at t = {tk:g}, y = {np.round(y, 6)}, "
                             "a finite state: f has a pole there (a division by 0, the log of "
                             "0, ...); expected finite rates")
    return out


def _run(step, f, y0, t, where: str) -> np.ndarray:
    if not callable(f):
        raise TypeError(f"{where}: f must be a function f(t, y) returning dy/dt, got "
                        f"{type(f).__name__} {f!r:.40}")
    _check_order(f, where)
    y, times = _grid(y0, t, where)
    Y = np.full((len(times), y.size), np.nan)
    Y[0] = y
    with np.errstate(over="ignore", invalid="ignore"):    # f's own divisions: see _call
        for k in range(len(times) - 1):
            y = step(f, times[k], y, times[k + 1] - times[k], where)
            if not np.all(np.isfinite(y)):
                break                     # diverged: this row and the rest stay NaN
            Y[k + 1] = y
    return Y


def _euler_step(f, tk, y, h, where):
    return y + h * _slope(f, tk, y, where)


def _rk4_step(f, tk, y, h, where):
    k1 = _slope(f, tk, y, where)
    k2 = _slope(f, tk + h / 2, y + h / 2 * k1, where)
    k3 = _slope(f, tk + h / 2, y + h / 2 * k2, where)
    k4 = _slope(f, tk + h, y + h * k3, where)
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def euler(f, y0, t) -> np.ndarray:
    """Euler's method for dy/dt = f(t, y), y(t[0]) = y0, over the times ``t``.

    ``y_{k+1} = y_k + h_k f(t_k, y_k)`` with ``h_k = t[k+1] - t[k]``: follow the slope at the
    start of each step for the whole step. Its error at a fixed end time falls like h (first
    order: halve the step, halve the error) for a smooth f. On dy/dt = -k y it is stable only for
    h < 2 / k: then ``y_{k+1} = (1 - h k) y_k``, which oscillates for h k > 1 and grows for h k > 2.

    Parameters
    ----------
    f : callable f(t, y) -> array (d,), the rate of change; y is passed as a 1-D array (d,),
        as solve_ivp does (a number is also accepted back when d = 1). Time comes first:
        odeint's f(y, t) is refused when its parameters are named (y, t).
    y0 : a number or a 1-D array (d,), the state at t[0].
    t : 1-D array of strictly increasing times (uneven steps allowed).

    Returns
    -------
    Y : array (len(t), d), ``Y[k]`` the state at t[k] (``Y[0] = y0``); solve_ivp's ``sol.y.T``.
        After an overflow the rows from the first non-finite state on are NaN (no warning).

    Raises TypeError when f is not callable, its parameters are named (y, t), or it returns
    something that is not real numbers (complex, True/False, None, text); ValueError when y0 or t
    are not finite, t is not strictly increasing, f returns a shape other than y0's, or f returns
    NaN, or an inf that is not an overflow, at a finite state. A TypeError, ValueError,
    IndexError, ZeroDivisionError, AttributeError, OverflowError or FloatingPointError raised
    inside f is re-raised with the same type, naming the call f(t, y) and y's shape; other errors
    (NameError, KeyError, ...) pass through unchanged.

    In a network: a residual block x + h f(x) is this step with t dropped (an autonomous f).
    """
    return _run(_euler_step, f, y0, t, "euler")


def rk4(f, y0, t) -> np.ndarray:
    """Classical fourth-order Runge-Kutta for dy/dt = f(t, y), y(t[0]) = y0, over the times ``t``.

    Each step samples four slopes, ``k1 = f(t, y)``, ``k2 = f(t + h/2, y + h/2 k1)``,
    ``k3 = f(t + h/2, y + h/2 k2)``, ``k4 = f(t + h, y + h k3)``, and moves
    ``y + h (k1 + 2 k2 + 2 k3 + k4) / 6``. Its error at a fixed end time falls like h^4 for a
    smooth f (halve the step: 16 times smaller), at four evaluations of f per step. On
    dy/dt = -k y it is stable for h k up to about 2.785.

    Parameters, returns (shape (len(t), d), solve_ivp's ``sol.y.T``, NaN rows after an
    overflow) and errors are those of :func:`euler`.

    In a network: neural ODEs (Chen et al., 2018) run an adaptive solver of this family through
    a learned f instead of a fixed stack of residual blocks.
    """
    return _run(_rk4_step, f, y0, t, "rk4")
