"""Explorer for notebook 09: the quadratic ``f(x) = x^T H x / 2`` with a Hessian chosen by its
eigenvalues and a rotation, and gradient descent on it.

``H = R diag(lambda1, lambda2) R^T`` with R the rotation by ``angle`` degrees: the eigenvectors of H
(the columns q1, q2 of R) are the axes of the contour ellipses, and the eigenvalues are the
curvatures along them. Both positive: a bowl (a minimum at 0); one negative: a saddle; one zero:
a flat direction (a line of minima). Gradient descent ``x <- x - lr H x`` multiplies the part of x
along q_i by ``1 - lr lambda_i`` every step, so everything here is exact, not estimated: it
converges iff ``|1 - lr lambda_i| < 1`` for every positive lambda_i, i.e. ``lr < 2 / lambda_max``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection

from .. import explore
from .._checks import as_array, as_scalar
from ..plotting import COLORS, LINE_COLORS
from ._layout import level_colors, level_lines

NOTEBOOK = "09"  # the notebook that shows this explorer

LAMBDA1_RANGE = (0.1, 5.0)
LAMBDA2_RANGE = (-3.0, 5.0)
ANGLE_RANGE = (0.0, 180.0)           # degrees
LR_RANGE = (0.1 / 2**6, 0.1 * 2**4)  # 0.0015625 .. 1.6: the log slider moves by 2^0.1 per step,
LR_STEPS = 100                        # so 0.1, 0.2, 0.4 = 2 / 5, 0.8 and 1.6 are on its grid
VIEW = (-2.5, 2.5)
START = np.array([-2.0, 1.2])        # never exactly on an eigenvector at a whole-degree angle
TOL = 1e-3                           # "converged": within this distance of the minimum (or valley)
PATH_STEPS = 150                     # drawn steps
MAX_COUNT = 10**7                    # steps to converge are counted up to this
BOUND = 50.0                         # the drawn run stops beyond this norm (it left the plot)
FLAT = 1e-9                          # |lambda| below this counts as 0
EDGE = 1e-9                          # a factor |1 - lr lambda| this close to 1 counts as 1
N_GRID = 81
N_LEVELS = 9


def hessian(lambda1: float, lambda2: float, angle: float) -> np.ndarray:
    """``H = R diag(lambda1, lambda2) R^T``, R the rotation by ``angle`` degrees. Shape (2, 2)."""
    l1 = as_scalar(lambda1, "lambda1", "quadratic_bowl.hessian")
    l2 = as_scalar(lambda2, "lambda2", "quadratic_bowl.hessian")
    t = np.radians(as_scalar(angle, "angle", "quadratic_bowl.hessian"))
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return (R * np.array([l1, l2])) @ R.T


def kind(eigenvalues) -> str:
    """"bowl (minimum)", "hill (maximum)", "saddle" or "flat direction" from the two eigenvalues
    (a zero eigenvalue: the second-derivative test cannot decide)."""
    lam = as_array(eigenvalues, "eigenvalues", "quadratic_bowl.kind", ndim=1)
    if np.any(np.abs(lam) <= FLAT):
        return "flat direction"
    if np.all(lam > 0):
        return "bowl (minimum)"
    if np.all(lam < 0):
        return "hill (maximum)"
    return "saddle"


def steps_to_converge(lam, c0, learning_rate: float, tol: float = TOL) -> int | None:
    """The first k with ``sqrt(sum over lambda_i > 0 of ((1 - lr lambda_i)^k c_i)^2) <= tol``.

    ``lam`` (d,) the eigenvalues, ``c0`` (d,) the start's coordinates along the eigenvectors. The
    parts along zero eigenvalues never change and those along negative ones grow, so only the
    positive ones are counted: the distance to the minimum, or to the valley floor. Exact (no
    iteration): the distance falls monotonically when every factor has size < 1, so a bisection
    on k finds the first one. None when it never converges (a factor of size >= 1) or needs more
    than ``MAX_COUNT`` steps.
    """
    lam = as_array(lam, "lam", "quadratic_bowl.steps_to_converge", ndim=1)
    c0 = as_array(c0, "c0", "quadratic_bowl.steps_to_converge", ndim=1)
    lr = as_scalar(learning_rate, "learning_rate", "quadratic_bowl.steps_to_converge")
    pos = lam > FLAT
    r, c = np.abs(1.0 - lr * lam[pos]), np.abs(c0[pos])
    r, c = r[c > 0], c[c > 0]

    def distance(k):
        return float(np.sqrt(np.sum((r ** float(k) * c) ** 2))) if len(r) else 0.0

    if distance(0) <= tol:
        return 0
    if np.any(r >= 1.0 - EDGE):
        return None
    if distance(MAX_COUNT) > tol:
        return None
    lo, hi = 0, MAX_COUNT                                  # distance(lo) > tol >= distance(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if distance(mid) > tol else (lo, mid)
    return hi


@dataclass(frozen=True, eq=False)
class QuadraticBowlResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    H: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    kind: str
    condition: float | None
    lr_limit: float
    path: np.ndarray
    diverged: bool
    steps: int | None
    best_factor: float | None
    factors: np.ndarray
    start_parts: np.ndarray


def compute(lambda1: float, lambda2: float, angle: float, learning_rate: float
            ) -> QuadraticBowlResult:
    """Everything the explorer shows for one setting.

    Returns a dict: ``H`` (2, 2); ``eigenvalues`` (2,) = (lambda1, lambda2) and ``eigenvectors``
    (2, 2), column i for eigenvalue i; ``kind`` (see :func:`kind`); ``condition`` =
    lambda_max / lambda_min for a bowl, else None; ``lr_limit`` = 2 / lambda_max (None when no
    eigenvalue is positive); ``path`` (k + 1, 2) gradient descent from ``START`` (at most
    ``PATH_STEPS`` steps, stopped once the norm exceeds ``BOUND``); ``diverged`` (the run left);
    ``steps`` the steps to converge (:func:`steps_to_converge`, None if it does not);
    ``best_steps`` the steps with the best learning rate 2 / (lambda_min + lambda_max) for a bowl;
    ``factors`` (2,) = 1 - lr lambda_i, what each step multiplies the part along q_i by;
    ``start_parts`` (2,) the start's coordinates along q1, q2 (they change with the angle).
    Raises ValueError for a non-positive learning rate or non-finite input.
    """
    where = "quadratic_bowl.compute"
    l1, l2 = as_scalar(lambda1, "lambda1", where), as_scalar(lambda2, "lambda2", where)
    lr = as_scalar(learning_rate, "learning_rate", where)
    if lr <= 0:
        raise ValueError(f"{where}: learning_rate must be positive, got {lr}")
    H = hessian(l1, l2, angle)
    t = np.radians(float(angle))
    Q = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    lam = np.array([l1, l2])
    c0 = Q.T @ START
    path, diverged = descent_path(Q, lam, lr)
    shape = kind(lam)
    lam_max = float(lam.max())
    condition = lam_max / float(lam.min()) if shape == "bowl (minimum)" else None
    return QuadraticBowlResult(H=H, eigenvalues=lam, eigenvectors=Q, kind=shape,
                               condition=condition,
                               lr_limit=2.0 / lam_max if lam_max > FLAT else None, path=path,
                               diverged=diverged, steps=steps_to_converge(lam, c0, lr),
                               best_factor=(condition - 1) / (condition + 1) if condition else None,
                               factors=1.0 - lr * lam, start_parts=c0)


def descent_path(Q, lam, learning_rate: float, start=START, steps: int = PATH_STEPS):
    """Gradient descent ``x_{k+1} = x_k - lr H x_k`` on ``H = Q diag(lam) Q^T`` from ``start``, in
    closed form: the part along q_i is multiplied by ``1 - lr lambda_i`` every step, so
    ``x_k = Q diag((1 - lr lam)^k) Q^T x_0`` (the same points as ``mathlib.optim.gradient_descent``,
    without a Python loop). Like it, the run stops before the first point of norm > ``BOUND``.

    Shapes: Q (2, 2), lam (2,) -> (path (k + 1, 2), diverged).
    """
    factors = 1.0 - learning_rate * np.asarray(lam, dtype=float)
    k = np.arange(steps + 1, dtype=float)[:, None]
    parts = np.sign(factors) ** k * np.abs(factors) ** k * (Q.T @ start)   # (steps + 1, 2)
    path = parts @ Q.T
    outside = np.flatnonzero(np.sum(path * path, axis=1) > BOUND * BOUND)
    if len(outside):
        return path[:outside[0]], True
    return path, False


def contour_segments(H, n_grid: int = N_GRID, n_levels: int = N_LEVELS):
    """Contour lines of ``x^T H x / 2`` over the plotted square.

    Returns ``(up, up_levels, down)``: the segments of the levels above 0 (a list of (p, 2)
    arrays), the level of each, and the segments of the levels below 0. Levels are spaced
    geometrically from 1/300 of the largest |f| on the square, so a flat valley still shows.
    """
    H = as_array(H, "H", "quadratic_bowl.contour_segments", ndim=2)
    t = np.linspace(*VIEW, n_grid)
    XX, YY = np.meshgrid(t, t)
    Z = 0.5 * (H[0, 0] * XX * XX + 2 * H[0, 1] * XX * YY + H[1, 1] * YY * YY)
    top = float(np.max(np.abs(Z)))
    levels = top * np.geomspace(1 / 300, 0.85, n_levels)
    up, up_levels = level_lines(XX, YY, Z, levels)
    down, _ = level_lines(XX, YY, Z, -levels)
    return up, up_levels, down


def draw(ax) -> dict:
    """The fixed axes once; return the artists that move (contours too: they change with H)."""
    ax.set_xlim(*VIEW)
    ax.set_ylim(*VIEW)
    ax.set_aspect("equal")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title("f(x) = xᵀHx / 2: ellipses for a bowl, hyperbolas for a saddle")
    ax.grid(False)
    up = LineCollection([], linewidths=1.0, linestyles="solid", zorder=1,
                        label="contour f > 0")
    down = LineCollection([], linewidths=1.0, linestyles="dashed", zorder=1,
                          colors=LINE_COLORS["purple"], label="contour f < 0")
    ax.add_collection(up)
    ax.add_collection(down)
    q1, = ax.plot([], [], ls="--", color=LINE_COLORS["black"], lw=1.4, zorder=2,
                  label="eigenvector q₁ (λ₁)")
    q2, = ax.plot([], [], ls="-.", color=LINE_COLORS["grey"], lw=1.6, zorder=2,
                  label="eigenvector q₂ (λ₂)")
    path, = ax.plot([], [], "-o", color=LINE_COLORS["vermillion"], markersize=3,
                    markeredgecolor="black", markeredgewidth=0.3, linewidth=1.3, zorder=4,
                    label="gradient descent")
    ax.plot([START[0]], [START[1]], "s", color=COLORS["orange"], markeredgecolor="black",
            markersize=9, zorder=5, label="start")
    ax.plot([0], [0], "P", color="white", markeredgecolor="black", markersize=10, zorder=5,
            label="critical point 0")
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize="small")
    return {"up": up, "down": down, "q1": q1, "q2": q2, "path": path}


def _sub(i: int) -> str:
    """The subscript digit of direction i (0 -> ₁)."""
    return "₁₂"[i]


def _factor(x: float) -> str:
    """A factor 1 - lr lambda with 3 significant digits, more if needed so that a factor just
    below or above 1 in size does not print as 1 (0.99984 -> "0.99984")."""
    for digits in range(3, 10):
        text = f"{x:.{digits}g}"
        if abs(float(text)) != 1.0 or abs(abs(x) - 1.0) <= EDGE:
            return text
    return text


def _direction(out: QuadraticBowlResult, i: int) -> str:
    """What one step does to the part along q_i, in words: shrinks, bounces, diverges or escapes."""
    lam, factor = float(out.eigenvalues[i]), float(out.factors[i])
    q, li = f"q{_sub(i)}", f"λ{_sub(i)}"
    each = f"each step multiplies the part along {q} by 1 − lr {li} = {_factor(factor)}"
    if lam < -FLAT:
        return (f"<b>escapes along {q}</b> ({li} &lt; 0, the negative-curvature direction): "
                f"{each} &gt; 1, and f falls without end")
    if abs(abs(factor) - 1.0) <= EDGE:
        return (f"the part along {q} bounces ({li} &gt; 0, lr = 2 / {li} exactly): each step "
                f"multiplies it by 1 − lr {li} = {_factor(factor)}, size 1")
    if abs(factor) > 1.0:
        return (f"<b>diverges along {q}</b> ({li} &gt; 0, but lr &gt; 2 / {li} = "
                f"{2.0 / lam:.3g}): {each}, size {_factor(abs(factor))} &gt; 1")
    return (f"the part along {q} shrinks ({li} &gt; 0): each step multiplies it by "
            f"1 − lr {li} = {_factor(factor)}, size {_factor(abs(factor))} &lt; 1")


def readout(out: QuadraticBowlResult, learning_rate: float) -> str:
    """The readout in words: the kind of critical point, the condition number, what descent did."""
    l1, l2 = out.eigenvalues
    c1, c2 = out.start_parts
    dot = " &nbsp;&middot;&nbsp; "
    head = f"λ₁ = {l1:.2f}, λ₂ = {l2:.2f}: <b>{out.kind}</b>"
    lr = f"lr = {learning_rate:.3g}"
    if out.kind == "bowl (minimum)":
        head += (f"{dot}condition number λ_max / λ_min = <b>{out.condition:.3g}</b>"
                 f"{dot}stable only for lr &lt; 2 / λ_max = {out.lr_limit:.3g}")
        factor = float(np.max(np.abs(out.factors)))
        if out.steps is not None:
            return (f"{head}<br>{lr}: <b>converges in {out.steps} steps</b> (to within "
                    f"{TOL:g} of the minimum, from the start's parts {c1:.2f} along q₁ and "
                    f"{c2:.2f} along q₂); the slowest part shrinks by the factor "
                    f"max |1 − lr λᵢ| = {_factor(factor)} per step (the best any lr can do: "
                    f"(κ − 1) / (κ + 1) = {out.best_factor:.4g})")
        if abs(factor - 1.0) <= EDGE:
            return (f"{head}<br>{lr}: does not converge: lr = 2 / λ_max exactly, so the steepest "
                    "direction bounces between two points forever")
        if factor > 1:
            return (f"{head}<br>{lr}: <b>diverged</b>: along the steepest direction each step "
                    f"multiplies the distance by |1 − lr λ_max| = {_factor(factor)} &gt; 1")
        return f"{head}<br>{lr}: converges, but needs more than {MAX_COUNT:,} steps"
    if out.kind == "saddle":
        i_up, i_down = (0, 1) if l1 > 0 else (1, 0)
        up = _direction(out, i_up)
        down = _direction(out, i_down)
        grows = abs(float(out.factors[i_up])) > 1.0 + EDGE
        why = (f"the run leaves for two reasons: it {up}; and it {down}" if grows else
               f"the run {down}; {up}")
        return (f"{head} (curves up along q{_sub(i_up)}, down along q{_sub(i_down)}; no "
                f"condition number: H is not positive definite)<br>{lr}: {why}")
    # a flat direction: lambda2 = 0 (lambda1 >= 0.1 on the sliders)
    text = (f"{head}: λ = 0, the second-derivative test is inconclusive; here f is constant "
            "along that eigenvector, so every point of that line is a minimum")
    if out.steps is not None:
        return (f"{text}<br>{lr}: reaches the valley floor in <b>{out.steps} steps</b> and "
                "stops there, not at 0: along the flat direction the gradient is 0")
    if abs(float(np.max(np.abs(out.factors))) - 1.0) <= EDGE:
        return (f"{text}<br>{lr}: lr = 2 / λ₁ exactly: the run bounces across the valley "
                "between two points forever")
    return (f"{text}<br>{lr}: <b>diverged</b> across the valley: lr is above 2 / λ₁ = "
            f"{out.lr_limit:.3g}")


def explorer(lambda1: float = 1.0, lambda2: float = 4.0, angle: float = 30.0,
             learning_rate: float = 0.1) -> explore.Explorer:
    """Sliders for the Hessian's two eigenvalues and rotation and a log slider for the learning
    rate; contour lines of f, the eigenvector directions and the gradient-descent path."""
    fig, ax = explore.figure(1, 1, size=(7.2, 4.3))
    artists = draw(ax)
    fig.set_layout_engine("constrained")
    reach = 2.0 * VIEW[1]
    shown = {"key": None}

    def update(lambda1, lambda2, angle, learning_rate):
        out = compute(lambda1, lambda2, angle, learning_rate)
        key = (lambda1, lambda2, angle)
        if key != shown["key"]:                # contours only change with H
            up, levels, down = contour_segments(out.H)
            artists["up"].set_segments(up)
            artists["up"].set_color(level_colors(levels) if len(levels) else "none")
            artists["down"].set_segments(down)
            Q = out.eigenvectors
            artists["q1"].set_data([-reach * Q[0, 0], reach * Q[0, 0]],
                                   [-reach * Q[1, 0], reach * Q[1, 0]])
            artists["q2"].set_data([-reach * Q[0, 1], reach * Q[0, 1]],
                                   [-reach * Q[1, 1], reach * Q[1, 1]])
            shown["key"] = key
        path = out.path
        artists["path"].set_data(path[:, 0], path[:, 1])
        return readout(out, learning_rate)

    controls = {"lambda1": explore.slider("eigenvalue λ₁", *LAMBDA1_RANGE, lambda1, 0.1),
                "lambda2": explore.slider("eigenvalue λ₂", *LAMBDA2_RANGE, lambda2, 0.1),
                "angle": explore.slider("rotation (degrees)", *ANGLE_RANGE, angle, 1.0,
                                        fmt=".0f"),
                "learning_rate": explore.log_slider("learning rate lr", *LR_RANGE,
                                                    learning_rate, steps=LR_STEPS)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="The quadratic bowl: curvature and gradient descent")
