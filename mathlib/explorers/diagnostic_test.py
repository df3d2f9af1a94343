"""Explorer for notebook 11: a diagnostic test, Bayes' theorem and base-rate neglect.

A disease has prevalence ``P(ill)``; a test has sensitivity ``P(+ | ill)`` and specificity
``P(- | healthy)``. Bayes' theorem gives the chance that a person who tests positive is ill:

    P(ill | +) = P(+ | ill) P(ill) / P(+),   P(+) = P(+ | ill) P(ill) + P(+ | healthy) P(healthy)

The figure shows it twice: as a number (a bar for the prior P(ill) beside one for the posterior
P(ill | +)) and as a population of 1000 people, one marker per person, whose shape and colour say
which of the four groups they fall in (true positive, false positive, ill but missed, healthy and
negative).
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS

POPULATION = 1000
COLUMNS, ROWS = 50, 20                 # the population grid: 50 x 20 = 1000 people
PREVALENCE_RANGE = (0.001, 0.5)
RATE_RANGE = (0.5, 1.0)                # sensitivity and specificity sliders

# The four groups, in the order they fill the grid, with a shape AND a colour each.
GROUPS = ("true_positive", "false_positive", "missed", "true_negative")
STYLE = {
    "true_positive": dict(marker="o", color=COLORS["vermillion"], size=26,
                          label="ill, tests positive (true positive)"),
    "false_positive": dict(marker="^", color=COLORS["blue"], size=26,
                           label="healthy, tests positive (false positive)"),
    "missed": dict(marker="s", color=COLORS["orange"], size=20,
                   label="ill, tests negative (missed)"),
    "true_negative": dict(marker=".", color=COLORS["grey"], size=16,
                          label="healthy, tests negative"),
}


def _probability(x, name: str, where: str) -> float:
    value = as_scalar(x, name, where)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{where}: {name} = {value} is not a probability; expected 0 <= "
                         f"{name} <= 1")
    return value


def compute(prevalence: float, sensitivity: float, specificity: float,
            population: int = POPULATION) -> dict:
    """Bayes' theorem for a positive test, as probabilities and as whole people.

    Returns a dict with
    - ``evidence`` = P(+) = sensitivity * prevalence + (1 - specificity) * (1 - prevalence);
    - ``posterior`` = P(ill | +) = sensitivity * prevalence / P(+), or None when P(+) = 0 (nobody
      tests positive: the posterior is undefined);
    - ``npv`` = P(healthy | -) = specificity * (1 - prevalence) / P(-), or None when P(-) = 0;
    - ``counts``: a dict group -> whole number of people out of ``population`` (the ill are
      ``round(population * prevalence)``, the positives among them ``round(ill * sensitivity)``,
      the positives among the healthy ``round(healthy * (1 - specificity))``); the four add up
      to ``population``. They are rounded, the probabilities are exact.
    Raises ValueError if a rate is not in [0, 1] or population is not a whole number >= 1.
    """
    where = "diagnostic_test.compute"
    prevalence = _probability(prevalence, "prevalence", where)
    sensitivity = _probability(sensitivity, "sensitivity", where)
    specificity = _probability(specificity, "specificity", where)
    if isinstance(population, bool) or not isinstance(population, (int, np.integer)) \
            or population < 1:
        raise ValueError(f"{where}: population must be a whole number >= 1, got {population!r}")
    ill_and_positive = sensitivity * prevalence
    healthy_and_positive = (1.0 - specificity) * (1.0 - prevalence)
    evidence = ill_and_positive + healthy_and_positive
    negative = 1.0 - evidence
    healthy_and_negative = specificity * (1.0 - prevalence)
    ill = int(round(population * prevalence))
    healthy = population - ill
    tp = int(round(ill * sensitivity))
    fp = int(round(healthy * (1.0 - specificity)))
    counts = {"true_positive": tp, "false_positive": fp, "missed": ill - tp,
              "true_negative": healthy - fp}
    return {"evidence": evidence,
            "posterior": ill_and_positive / evidence if evidence > 0 else None,
            "npv": healthy_and_negative / negative if negative > 0 else None,
            "counts": counts, "population": population}


def grid_positions(columns: int = COLUMNS, rows: int = ROWS) -> np.ndarray:
    """The (columns * rows, 2) places of the people, filled column by column from the left,
    bottom to top, so that each group is one block: person k sits at (k // rows, k % rows)."""
    k = np.arange(columns * rows)
    return np.column_stack([k // rows, k % rows]).astype(float)


def draw(ax_people, ax_bars) -> dict:
    """Draw the empty population grid and the two bars once; return the artists that move."""
    ax_people.set_xlim(-1.0, COLUMNS)
    ax_people.set_ylim(-1.0, ROWS)
    ax_people.set_aspect("equal")
    ax_people.set_xticks([])
    ax_people.set_yticks([])
    ax_people.grid(False)
    for side in ("left", "bottom"):
        ax_people.spines[side].set_visible(False)
    ax_people.set_title(f"{POPULATION} people: what share of the positives (● and ▲) are ●?")
    scatters = {}
    for group in GROUPS:
        style = STYLE[group]
        scatters[group] = ax_people.scatter(np.empty(0), np.empty(0), s=style["size"],
                                            marker=style["marker"], color=style["color"],
                                            linewidths=0.0, label=style["label"])
    handles = [Line2D([], [], linestyle="none", marker=STYLE[g]["marker"],
                      color=STYLE[g]["color"], markersize=7, label=STYLE[g]["label"])
               for g in GROUPS]
    ax_people.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2,
                     frameon=False, handletextpad=0.3, columnspacing=1.0)

    bars = ax_bars.bar([0, 1], [0.0, 0.0], width=0.6,
                       color=[COLORS["grey"], COLORS["vermillion"]],
                       edgecolor="black", hatch=["", "//"])
    ax_bars.set_xticks([0, 1], ["before\nP(ill)", "after a +\nP(ill | +)"])
    ax_bars.set_ylim(0.0, 1.0)
    ax_bars.set_ylabel("probability of being ill")
    ax_bars.set_title("prior and posterior")
    values = [ax_bars.text(x, 0.0, "", ha="center", va="bottom", fontweight="bold")
              for x in (0, 1)]
    return {"scatters": scatters, "bars": list(bars), "values": values}


def _percent(p: float) -> str:
    return f"{100 * p:.3g}%" if p < 0.01 else f"{100 * p:.1f}%"


def readout(out: dict, prevalence: float, sensitivity: float, specificity: float) -> str:
    """The explorer's readout in words: the posterior as a number and as a natural frequency."""
    c = out["counts"]
    positives = c["true_positive"] + c["false_positive"]
    missed = c["missed"]
    people = (f"In this crowd of {out['population']}: {positives} test positive, "
              f"{c['true_positive']} of them ill and {c['false_positive']} healthy; "
              f"{missed} ill {'person is' if missed == 1 else 'people are'} missed.")
    if positives == 0 and out["posterior"] is not None:
        people += (f" (P(+) = {out['evidence']:.2g}: fewer than one positive in a crowd this "
                   "small; the probabilities above are exact.)")
    if out["posterior"] is None:
        return (f"Nobody tests positive (sensitivity 0 and specificity 1): P(+) = 0, so "
                f"<b>P(ill | +) is undefined</b>. {people}")
    post = out["posterior"]
    return (f"P(ill | +) = {sensitivity:.3g} &times; {prevalence:.3g} / P(+) = "
            f"<b>{_percent(post)}</b>, with P(+) = {out['evidence']:.4g} "
            f"(prior P(ill) = {_percent(prevalence)}).<br>"
            f"<b>Of 1000 people who test positive, {1000 * post:.0f} are ill</b> "
            f"and {1000 * (1 - post):.0f} are healthy. {people}")


def explorer(prevalence: float = 0.01, sensitivity: float = 0.9, specificity: float = 0.91
             ) -> explore.Explorer:
    """Sliders for prevalence (log scale), sensitivity and specificity; the crowd and the bars."""
    fig, (ax_people, ax_bars) = explore.figure(1, 2, size=(8.0, 3.7),
                                               gridspec_kw={"width_ratios": [3.2, 1.0]})
    artists = draw(ax_people, ax_bars)
    places = grid_positions()

    def update(prevalence, sensitivity, specificity):
        out = compute(prevalence, sensitivity, specificity)
        start = 0
        for group in GROUPS:
            n = out["counts"][group]
            artists["scatters"][group].set_offsets(places[start:start + n])
            start += n
        post = out["posterior"]
        for bar, text, value in zip(artists["bars"], artists["values"], (prevalence, post)):
            bar.set_height(0.0 if value is None else value)
            text.set_position((text.get_position()[0], 0.0 if value is None else value))
            text.set_text("undefined" if value is None else _percent(value))
        return readout(out, prevalence, sensitivity, specificity)

    controls = {
        "prevalence": explore.log_slider("prevalence P(ill)", *PREVALENCE_RANGE, prevalence),
        "sensitivity": explore.slider("sensitivity P(+|ill)", *RATE_RANGE, sensitivity, 0.005,
                                      fmt=".3f"),
        "specificity": explore.slider("specificity P(−|healthy)", *RATE_RANGE, specificity,
                                      0.005, fmt=".3f"),
    }
    animated = [*artists["scatters"].values(), *artists["bars"], *artists["values"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="A positive test: how likely is the person ill?")
