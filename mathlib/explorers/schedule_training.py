"""Explorer for notebook 18: one training run under each of five learning-rate schedules.

The model is a linear regression on the diabetes data (``mathlib.data.load_diabetes``): the ten
measurements standardised, a bias column of ones, the target standardised, and the mean squared
error ``L(w) = mean((X w - y)^2)`` as the loss. Training is mini-batch SGD, ``w <- w - lr(t) g``
with ``g = 2 X_b^T (X_b w - y_b) / B`` the gradient on the step's batch of B rows, from w = 0, for
:data:`STEPS` steps. Every schedule sees the same batches in the same order (drawn once, seeded),
so the curves differ only by their learning rates. The loss is linear regression's, so the
excess loss has an exact form: ``L(w) - L* = (w - w*)^T A (w - w*)`` with ``A = X^T X / n`` and
w* the least-squares weights; it is drawn on a log axis.

Precomputed once (they do not depend on the sliders): the data, A, w*, and for every batch size
the per-step matrices ``M_t = 2 X_b^T X_b / B`` and vectors ``v_t = 2 X_b^T y_b / B``, so that one
SGD step for all five schedules at once is ``W <- W - lr_t (W M_t - v_t)`` (W is 5 x 11), and the
schedules' shapes lr(t) / lr0. A move computes only the five runs. A run whose weights pass
:data:`BOUND` has diverged: it is cut there (nan, no warning) and the readout says at which step.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import explore
from .._checks import as_int, as_scalar
from ..data import load_diabetes
from ..linalg import solve
from ..optim import cosine_annealing, exponential_decay, linear_warmup, step_decay
from ..plotting import LINE_COLORS
from ..stats import standardise
from .lr_schedules import NAMES, STYLES, WIDTHS

NOTEBOOK = "18"  # the notebook that shows this explorer

STEPS = 200
BATCH_SIZES = (1, 8, 32, 442)     # 442: the whole data set, full-batch gradient descent
LR_RANGE = (1e-3, 1.0)
LR_START = 0.1
BATCH_START = 8
SEED = 18
BOUND = 1e6                       # |w| beyond this: the run has diverged
CHECK_EVERY = 5                   # how often the bound is checked (no overflow in 5 steps;
                                  # STEPS is a multiple of it)
LOSS_VIEW = (5e-4, 10.0)          # the excess loss axis (log scale): every run stays above 5e-4
LATE = 50                         # the runs are compared by their median excess loss over the
                                  # last LATE steps (t = 151 .. 200): one step's value of a
                                  # bouncing run can be a lucky low (or high) sample


def shapes(steps: int = STEPS) -> np.ndarray:
    """The five schedules' shapes lr(t) / lr0 for t = 0 .. steps - 1, an array (5, steps):
    constant; step decay by gamma = 0.1 every steps / 3 steps; exponential decay to 1% of lr0
    at t = steps (gamma = 0.01^(1 / steps)); cosine annealing with t_max = steps; and a linear
    warm-up over the first 10% of the steps times that cosine."""
    steps = as_int(steps, "steps", "schedule_training.shapes", low=1)
    t = np.arange(steps)
    cosine = cosine_annealing(t, lr0=1.0, t_max=steps)
    return np.stack([np.ones(steps),
                     step_decay(t, lr0=1.0, step_size=max(1, -(-steps // 3)), gamma=0.1),
                     exponential_decay(t, lr0=1.0, gamma=0.01 ** (1.0 / steps)),
                     cosine,
                     linear_warmup(t, lr0=1.0, warmup_steps=max(1, steps // 10)) * cosine])


@dataclass(frozen=True, eq=False)
class Problem:
    """The regression and everything about it that no slider changes."""

    X: np.ndarray            # (n, 11): standardised measurements and a column of ones
    y: np.ndarray            # (n,) standardised target
    A: np.ndarray            # (11, 11) X^T X / n: L(w) - L* = (w - w*)^T A (w - w*)
    w_star: np.ndarray       # (11,) least-squares weights
    loss_star: float         # L* = L(w*), the lowest training loss
    batches: dict            # B -> (STEPS, B) row indices of each step's batch
    M: dict                  # B -> (STEPS, 11, 11): 2 X_b^T X_b / B
    v: dict                  # B -> (STEPS, 11): 2 X_b^T y_b / B
    shapes: np.ndarray       # (5, STEPS) lr(t) / lr0


@lru_cache(maxsize=1)
def problem() -> Problem:
    """The diabetes regression, its optimum and the seeded batches (computed once)."""
    data = load_diabetes()
    n = len(data.y)
    X = np.hstack([standardise(data.X), np.ones((n, 1))])
    y = standardise(data.y[:, None])[:, 0]
    A = X.T @ X / n
    w_star = solve(A, X.T @ y / n)
    loss_star = float(np.mean((X @ w_star - y) ** 2))
    rng = np.random.default_rng(SEED)
    batches, M, v = {}, {}, {}
    for B in BATCH_SIZES:
        if B >= n:
            idx = np.broadcast_to(np.arange(n), (STEPS, n))
            M[B] = np.broadcast_to(2.0 * A, (STEPS, 11, 11))
            v[B] = np.broadcast_to(2.0 * X.T @ y / n, (STEPS, 11))
        else:
            idx = np.stack([rng.choice(n, size=B, replace=False) for _ in range(STEPS)])
            Xb, yb = X[idx], y[idx]
            M[B] = 2.0 * np.einsum("tbi,tbj->tij", Xb, Xb) / B
            v[B] = 2.0 * np.einsum("tbi,tb->ti", Xb, yb) / B
        batches[B] = idx
    return Problem(X=X, y=y, A=A, w_star=w_star, loss_star=loss_star, batches=batches, M=M,
                   v=v, shapes=shapes(STEPS))


@dataclass(frozen=True, eq=False)
class TrainingResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    W: np.ndarray
    excess: np.ndarray
    final: np.ndarray
    late: np.ndarray
    unstable: np.ndarray
    diverged_at: np.ndarray
    best: int


def compute(lr0, batch_size) -> TrainingResult:
    """Mini-batch SGD from w = 0 under each schedule lr(t) = lr0 * shape(t), on the same batches.

    Returns a :class:`TrainingResult` with ``W`` (STEPS + 1, 5, 11) the weights after each step
    (nan after a run diverged), ``excess`` (STEPS + 1, 5) the excess training loss
    L(w_t) - L* (nan after a divergence), ``final`` (5,) its last value (inf for a diverged run),
    ``late`` (5,) the median excess loss over the last :data:`LATE` steps (inf for a diverged
    run), ``unstable`` (5,) True for a run that diverged or whose late median is above its start
    (it is bouncing ever higher, only not yet past :data:`BOUND`), ``diverged_at`` (5,) the step
    at which each run was found past :data:`BOUND` (-1 if never) and ``best`` the index of the
    schedule with the lowest late median. Raises ValueError for lr0 <= 0 or a batch size not in
    :data:`BATCH_SIZES`.
    """
    where = "schedule_training.compute"
    lr0 = as_scalar(lr0, "lr0", where)
    if not lr0 > 0:
        raise ValueError(f"{where}: lr0 must be > 0, got {lr0}")
    B = as_int(batch_size, "batch_size", where, low=1)
    if B not in BATCH_SIZES:
        raise ValueError(f"{where}: batch_size must be one of {BATCH_SIZES}, got {B}")
    P = problem()
    M, v = P.M[B], P.v[B]
    rates = (lr0 * P.shapes).T[:, :, None].copy()       # (STEPS, 5, 1): lr(t) of each schedule
    W = np.empty((STEPS + 1, 5, 11))
    W[0] = 0.0
    G = np.empty((5, 11))
    w = W[0]
    diverged_at = np.full(5, -1)
    # speed: in place, four numpy calls per step for all five runs (the loop is the whole cost)
    with np.errstate(all="ignore"):         # a diverging run is cut below, before it overflows
        for t in range(STEPS):
            np.matmul(w, M[t], out=G)
            G -= v[t]                          # the batch gradient 2 X_b^T (X_b w - y_b) / B
            G *= rates[t]
            w = np.subtract(w, G, out=W[t + 1])
            if (t + 1) % CHECK_EVERY == 0:
                gone = ~(np.max(np.abs(w), axis=1) <= BOUND) & (diverged_at < 0)
                if gone.any():
                    diverged_at[gone] = t + 1
                    w[gone] = np.nan
        D = W - P.w_star
        excess = np.maximum(np.einsum("tsi,ij,tsj->ts", D, P.A, D), 0.0)
    final = np.where(diverged_at < 0, excess[-1], np.inf)
    late = np.where(diverged_at < 0, np.median(excess[-LATE:], axis=0), np.inf)
    unstable = ~(late <= excess[0])
    return TrainingResult(W=W, excess=excess, final=final, late=late, unstable=unstable,
                          diverged_at=diverged_at, best=int(np.argmin(late)))


def draw(ax_loss, ax_lr) -> dict:
    """Both panels once: the schedules' shapes (static) and the five loss lines that move."""
    P = problem()
    steps = np.arange(STEPS + 1)
    ax_lr.set_xlim(0, STEPS)
    ax_lr.set_ylim(0.0, 1.1)
    ax_lr.set_xlabel("step t")
    ax_lr.set_ylabel("lr(t) / lr0")
    ax_lr.set_title("the schedules (any lr0)")
    ax_loss.set_yscale("log")
    ax_loss.set_xlim(0, STEPS)
    ax_loss.set_ylim(*LOSS_VIEW)
    ax_loss.set_xlabel("step t")
    ax_loss.set_ylabel("training loss − lowest, L(w) − L*")
    ax_loss.set_title("one run per schedule, the same batches")
    lines = []
    for k, (name, (style, marker, color)) in enumerate(zip(NAMES, STYLES)):
        # cosine (wide, below) and warm-up + cosine (narrow, on top) coincide after the warm-up:
        # both stay visible, and the readout says so
        common = dict(linestyle=style, marker=marker, markersize=5, markeredgecolor="black",
                      markeredgewidth=0.5, color=LINE_COLORS[color], linewidth=WIDTHS[k],
                      zorder=2 + k, markevery=(4 * k, 25),
                      drawstyle="steps-post" if k == 1 else "default")
        ax_lr.plot(np.arange(STEPS), P.shapes[k], **common)
        line, = ax_loss.plot(steps, np.full(STEPS + 1, np.nan), label=name, **common)
        lines.append(line)
    ax_loss.figure.legend(handles=lines, loc="outside lower center", ncol=5, fontsize="small",
                          frameon=False, handlelength=2.6, columnspacing=1.0)
    return {"lines": lines}


def _listed(names) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def readout(out: TrainingResult, lr0: float, batch_size: int) -> str:
    """Each schedule's late median excess loss (or where it diverged), the lowest, and a sentence
    comparing every decaying schedule with the constant rate (true of every run shown)."""
    P = problem()
    full = batch_size >= len(P.y)
    parts = []
    for name, late, k, bad in zip(NAMES, out.late, out.diverged_at, out.unstable):
        if k >= 0:
            parts.append(f"{name}: <b>diverged</b> by step {k}")
        else:
            parts.append(f"{name}: <b>{late:.2g}</b>" + (" (above the start: unstable)"
                                                          if bad else ""))
    batch = ("the whole data set (full-batch gradient descent)" if full
             else f"batches of {batch_size}")
    text = (f"lr0 = {lr0:.3g}, {batch}. Excess loss L − L*, the median over the last {LATE} "
            f"steps (t = {STEPS - LATE + 1} to {STEPS}; L* = {P.loss_star:.3f}): "
            + "; ".join(parts) + ". ")
    if np.all(out.unstable):
        return text + ("Every run is unstable (diverged, its line leaving the top of the plot, "
                       "or ended above its start): lr0 is too large for this batch size.")
    text += f"Lowest: <b>{NAMES[out.best]}</b>. "
    if out.unstable[0]:
        kept = [name for name, bad in zip(NAMES[1:], out.unstable[1:]) if not bad]
        how = "diverged" if out.diverged_at[0] >= 0 else "ended above its start"
        text += (f"The constant rate is unstable (it {how}); lowering the rate soon enough kept "
                 f"{_listed(kept)} stable at the same lr0.")
    else:
        constant = out.late[0]
        groups = {"more than 2 times lower": [], "within a factor 2": [],
                  "more than 2 times higher": [], "unstable": []}
        for name, late, bad in zip(NAMES[1:], out.late[1:], out.unstable[1:]):
            key = ("unstable" if bad else "more than 2 times lower" if late < 0.5 * constant
                   else "more than 2 times higher" if late > 2.0 * constant
                   else "within a factor 2")
            groups[key].append(name)
        if len(groups["more than 2 times lower"]) == 4:
            text += ("Every decaying schedule ends more than 2 times lower than the constant "
                     "rate: large early steps make fast progress, and small late steps "
                     + ("settle where a constant rate keeps overshooting." if full else
                        "stop the bouncing that a constant rate keeps up."))
        elif len(groups["more than 2 times higher"]) == 4:
            text += "Every decaying schedule ends more than 2 times higher than the constant rate."
        elif len(groups["within a factor 2"]) == 4:
            text += "Every decaying schedule ends within a factor 2 of the constant rate."
        else:
            text += "Against the constant rate: " + "; ".join(
                f"{words}: {_listed(names)}" for words, names in groups.items() if names) + "."
        if out.best == 0:
            text += (" The constant rate ends lowest: " + (
                "without gradient noise there is no bouncing to stop, and decaying the rate only "
                "slows the run down." if full else
                "at this small lr0 the bouncing is small too, and decaying the rate only slows "
                "the run down."))
    if not out.unstable[3] and not out.unstable[4]:
        text += (f" Cosine and warm-up + cosine have the same rates after step {STEPS // 10} (the "
                 "warm-up); where their loss lines coincide, the narrow dash-dot line runs on the "
                 "wide dotted one.")
    return text


def explorer() -> explore.Explorer:
    """An lr0 slider (log scale) and a batch-size choice; the five runs' excess loss."""
    problem()
    fig, (ax_loss, ax_lr) = explore.figure(1, 2, size=(8.6, 4.0),
                                           gridspec_kw={"width_ratios": [3, 2]})
    fig.set_layout_engine("constrained")
    artists = draw(ax_loss, ax_lr)

    def update(lr0, batch_size):
        out = compute(lr0, batch_size)
        for line, values in zip(artists["lines"], out.excess.T):
            line.set_ydata(values)
        return readout(out, lr0, batch_size)

    controls = {
        "lr0": explore.log_slider("starting rate lr0", *LR_RANGE, LR_START, steps=30),
        "batch_size": explore.choice("batch size B", [(str(b), b) for b in BATCH_SIZES],
                                     BATCH_START),
    }
    return explore.Explorer(fig, controls, update, animated=artists["lines"],
                            title="The same training run under each schedule")
