"""Explorer for notebook 18: the shapes of five learning-rate schedules over a run of T = 100 steps.

Every schedule uses the same lr0 = 0.1 (all start there but warm-up, which starts at 0) and is
computed by ``mathlib.optim``: constant,
step decay (``step_decay``, torch's StepLR), exponential decay (``exponential_decay``,
ExponentialLR), cosine annealing (``cosine_annealing``, CosineAnnealingLR) and a linear warm-up
followed by the same cosine (``linear_warmup(t) / lr0 * cosine_annealing(t)``). The sliders are
the schedules' own parameters. The constant line never moves (it is drawn with the background);
the other four are set in place. Each line has its own line style and marker, so nothing is told
by colour alone. With t_max below T the cosine climbs back up after t_max (torch's closed form
has period 2 t_max), and the readout says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_int, as_scalar
from ..optim import cosine_annealing, exponential_decay, linear_warmup, step_decay
from ..plotting import LINE_COLORS

NOTEBOOK = "18"  # the notebook that shows this explorer

LR0 = 0.1
T = 100                           # the run: steps t = 0, 1, ..., T - 1
NAMES = ("constant", "step decay", "exponential", "cosine", "warm-up + cosine")
STYLES = (("-", None, "grey"), ("-", "s", "blue"), ("--", "o", "vermillion"),
          (":", "^", "green"), ("-.", "D", "purple"))
# line widths: the cosine is drawn wide and warm-up + cosine narrow on top of it, so that both
# stay visible where they coincide (after the warm-up)
WIDTHS = (1.5, 2.2, 2.2, 3.6, 1.4)
STEP_SIZE = (1, 100, 30)          # (min, max, start) of each slider
STEP_GAMMA = (0.05, 1.0, 0.5)
EXP_GAMMA = (0.9, 1.0, 0.97)
T_MAX = (10, 200, 100)
WARMUP = (1, 100, 10)


@dataclass(frozen=True, eq=False)
class SchedulesResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    t: np.ndarray
    lr: np.ndarray
    final: np.ndarray
    total: np.ndarray
    half_life: float
    restarts: bool


def schedules(t, *, lr0: float = LR0, step_size: int, step_gamma: float, exp_gamma: float,
              t_max: int, warmup_steps: int) -> np.ndarray:
    """The five schedules of :data:`NAMES` at the steps ``t`` (int array): an array (5, len(t)).

    The warm-up schedule is ``linear_warmup(t, lr0, warmup_steps) / lr0`` times
    ``cosine_annealing(t, lr0, t_max)``: a linear ramp from 0 over ``warmup_steps`` steps, then
    the cosine from where it has got to.
    """
    t = np.asarray(t)
    cosine = cosine_annealing(t, lr0=lr0, t_max=t_max)
    return np.stack([np.full(t.shape, float(lr0)),
                     step_decay(t, lr0=lr0, step_size=step_size, gamma=step_gamma),
                     exponential_decay(t, lr0=lr0, gamma=exp_gamma),
                     cosine,
                     linear_warmup(t, lr0=lr0, warmup_steps=warmup_steps) / lr0 * cosine])


def compute(step_size, step_gamma, exp_gamma, t_max, warmup_steps) -> SchedulesResult:
    """The five schedules over t = 0 .. T - 1 from lr0 = :data:`LR0`.

    Returns a :class:`SchedulesResult` with ``t`` (T,), ``lr`` (5, T), ``final`` (5,) the rate
    at the last step t = T - 1, ``total`` (5,) the sum of the rates over the run (for plain SGD
    the distance moved is at most this sum times the largest gradient norm), ``half_life`` the
    number of steps in which the exponential schedule halves, log(1/2) / log(gamma) (inf for
    gamma = 1), and ``restarts`` (True when t_max < T - 1, so that the cosine climbs back up
    inside the run). Raises ValueError as ``mathlib.optim``'s schedules do.
    """
    where = "lr_schedules.compute"
    step_size = as_int(step_size, "step_size", where, low=1)
    t_max = as_int(t_max, "t_max", where, low=1)
    warmup_steps = as_int(warmup_steps, "warmup_steps", where, low=1)
    exp_gamma = as_scalar(exp_gamma, "exp_gamma", where)
    t = np.arange(T)
    lr = schedules(t, step_size=step_size, step_gamma=step_gamma, exp_gamma=exp_gamma,
                   t_max=t_max, warmup_steps=warmup_steps)
    half = float(np.log(0.5) / np.log(exp_gamma)) if exp_gamma < 1.0 else float("inf")
    return SchedulesResult(t=t, lr=lr, final=lr[:, -1].copy(), total=lr.sum(axis=1),
                           half_life=half, restarts=t_max < T - 1)


def draw(ax) -> dict:
    """The axes and the constant schedule once; the four lines that move."""
    ax.set_xlim(0, T - 1)
    ax.set_ylim(0.0, 1.1 * LR0)
    ax.set_xlabel("step t")
    ax.set_ylabel("learning rate lr(t)")
    ax.set_title(f"five schedules, lr0 = {LR0:g} (warm-up rises from 0), {T} steps")
    lines = []
    for k, (name, (style, marker, color)) in enumerate(zip(NAMES, STYLES)):
        line, = ax.plot(np.arange(T), np.full(T, LR0), linestyle=style, marker=marker,
                        markevery=(3 * k, 12), markersize=5, markeredgecolor="black",
                        markeredgewidth=0.5, color=LINE_COLORS[color],
                        linewidth=WIDTHS[k], zorder=2 + k, label=name,
                        drawstyle="steps-post" if k == 1 else "default")
        lines.append(line)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=5, fontsize="small",
              frameon=False, handlelength=2.6, columnspacing=1.0)
    return {"lines": lines[1:]}


def _rate(x: float) -> str:
    return "0" if x == 0 else f"{x:.3g}"


def readout(out: SchedulesResult, step_gamma: float, exp_gamma: float, t_max: int) -> str:
    """Each schedule's last rate and the sum of its rates; the exponential half-life."""
    parts = [f"{name}: ends at <b>{_rate(f)}</b>, sum {s:.2f}"
             for name, f, s in zip(NAMES, out.final, out.total)]
    text = (f"At the last step t = {T - 1} (over the run, plain SGD moves the weights by at most "
            f"the sum of the rates times the largest gradient norm): " + "; ".join(parts) + ". ")
    if exp_gamma < 1.0:
        text += (f"Exponential decay with gamma = {exp_gamma:.3g} halves the rate every "
                 f"<b>{out.half_life:.1f}</b> steps. ")
    else:
        text += "gamma = 1: exponential decay is the constant schedule. "
    if step_gamma == 1.0:
        text += "Step decay with gamma = 1 never decays. "
    if out.restarts:
        text += (f"<b>t_max = {t_max} is shorter than the run</b>: after t_max the cosine climbs "
                 f"back up (it is periodic, with period 2 t_max = {2 * t_max}); train for t_max "
                 "steps, or restart on purpose (SGDR).")
    elif t_max == T - 1:
        text += (f"The cosine reaches its lowest value 0 at t = t_max = {t_max}, the last step "
                 "shown.")
    else:
        text += (f"The cosine reaches its lowest value 0 at t = t_max = {t_max}, beyond the "
                 f"figure: at its last step t = {T - 1} it is still at {_rate(out.final[3])}.")
    same = np.isclose(out.lr[4], out.lr[3], rtol=1e-12, atol=1e-15)
    differ = np.flatnonzero(~same)
    first = 0 if differ.size == 0 else int(differ[-1]) + 1    # from here on the two agree
    text += " Warm-up + cosine starts at 0"
    if first < T - 1:
        text += (f"; from t = {first} on it has the cosine's rates, and the two lines coincide "
                 "(the narrow dash-dot one on the wide dotted one).")
    elif first == T - 1:
        text += " and meets the cosine only at the last step."
    else:
        text += " and is still below the cosine at the last step."
    return text


def explorer() -> explore.Explorer:
    """Sliders for each schedule's parameters; the five schedules drawn over the same steps."""
    fig, ax = explore.figure(size=(7.6, 3.8))
    fig.set_layout_engine("constrained")
    artists = draw(ax)

    def update(step_size, step_gamma, exp_gamma, t_max, warmup_steps):
        out = compute(step_size, step_gamma, exp_gamma, t_max, warmup_steps)
        for line, lr in zip(artists["lines"], out.lr[1:]):
            line.set_ydata(lr)
        return readout(out, step_gamma, exp_gamma, t_max)

    controls = {
        "step_size": explore.slider("step decay: step_size", *STEP_SIZE, integer=True),
        "step_gamma": explore.slider("step decay: gamma", *STEP_GAMMA, step=0.05),
        "exp_gamma": explore.slider("exponential: gamma", *EXP_GAMMA, step=0.001, fmt=".3f"),
        "t_max": explore.slider("cosine: t_max", *T_MAX, integer=True),
        "warmup_steps": explore.slider("warm-up steps", *WARMUP, integer=True),
    }
    return explore.Explorer(fig, controls, update, animated=artists["lines"],
                            title="Learning-rate schedules: their shapes and parameters")
