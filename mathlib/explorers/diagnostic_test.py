"""Explorer for notebook 11: a diagnostic test, Bayes' theorem and base-rate neglect.

A disease has prevalence ``P(ill)``; a test has sensitivity ``P(+ | ill)`` and specificity
``P(- | healthy)``. Bayes' theorem gives the chance that a person who tests positive is ill:

    P(ill | +) = P(+ | ill) P(ill) / P(+),   P(+) = P(+ | ill) P(ill) + P(+ | healthy) P(healthy)

The figure shows it twice: as a number (a bar for the prior P(ill) beside one for the posterior
P(ill | +)) and as a population of 1000 people, one marker per person, whose shape and colour say
which of the four groups they fall in (true positive, false positive, ill but missed, healthy and
negative). The readout speaks of the same crowd of 1000, with *expected* counts (one decimal
where they are not whole): the picture rounds them to whole people.

The specificity is set through the **false-positive rate** 1 - specificity on a log scale
(1e-4 .. 0.5): for a rare disease the interesting specificities are 0.999 and above, which a linear
slider could not reach in fine enough steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_scalar
from ..plotting import COLORS, LINE_COLORS
from ._layout import cached_text

NOTEBOOK = "11"  # the notebook that shows this explorer

POPULATION = 1000
COLUMNS, ROWS = 50, 20                 # the population grid: 50 x 20 = 1000 people
PREVALENCE_RANGE = (0.001, 0.5)
SENSITIVITY_RANGE = (0.5, 1.0)
FALSE_POSITIVE_RANGE = (1e-4, 0.5)     # 1 - specificity, on a log scale
INSIDE_ABOVE = 0.88                    # a bar's value above this is written inside the bar

# The four groups, in the order they fill the grid, with a shape AND a colour each.
GROUPS = ("true_positive", "false_positive", "missed", "true_negative")
STYLE = {
    "true_positive": dict(marker="o", color=COLORS["vermillion"], size=26,
                          label="ill, tests positive (true positive)"),
    "false_positive": dict(marker="^", color=COLORS["blue"], size=26,
                           label="healthy, tests positive (false positive)"),
    "missed": dict(marker="s", color=LINE_COLORS["orange"], size=20,
                   label="ill, tests negative (missed)"),
    "true_negative": dict(marker=".", color=LINE_COLORS["grey"], size=16,
                          label="healthy, tests negative"),
}


def _probability(x, name: str, where: str) -> float:
    value = as_scalar(x, name, where)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{where}: {name} = {value} is not a probability; expected 0 <= "
                         f"{name} <= 1")
    return value


@dataclass(frozen=True, eq=False)
class DiagnosticTestResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    evidence: float
    expected: dict
    posterior: float
    npv: float
    counts: dict
    population: int


def compute(prevalence: float, sensitivity: float, specificity: float,
            population: int = POPULATION) -> DiagnosticTestResult:
    """Bayes' theorem for a positive test, as probabilities and as whole people.

    Returns a :class:`DiagnosticTestResult` with
    - ``evidence`` = P(+) = sensitivity * prevalence + (1 - specificity) * (1 - prevalence);
    - ``posterior`` = P(ill | +) = sensitivity * prevalence / P(+), or None when P(+) = 0 (nobody
      tests positive: the posterior is undefined);
    - ``npv`` = P(healthy | -) = specificity * (1 - prevalence) / P(-), or None when P(-) = 0;
    - ``expected``: a dict group -> expected number of people out of ``population`` (floats:
      ``population * prevalence * sensitivity`` true positives, and so on);
    - ``counts``: a dict group -> whole number of people out of ``population``, rounded so the
      picture tells the truth about the positives: ``round(population * P(+))`` test positive
      (at least 1 when P(+) > 0), ``round(positives * P(ill | +))`` of them are ill (the whole
      share closest to the posterior), the ill are ``round(population * prevalence)`` (or the
      ill positives, if more); the four add up to ``population``. They are rounded, the
      probabilities are exact.
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
    # whole people, rounded so that the picture tells the truth about the positives: first how
    # many test positive, then how many of those are ill (the share closest to P(ill | +))
    positives = int(round(population * evidence))
    if evidence > 0:
        positives = max(positives, 1)
    share = ill_and_positive / evidence if evidence > 0 else 0.0
    tp = int(round(positives * share))
    ill = max(int(round(population * prevalence)), tp)
    fp = positives - tp
    healthy = population - ill
    counts = {"true_positive": tp, "false_positive": fp, "missed": ill - tp,
              "true_negative": healthy - fp}
    expected = {"true_positive": population * ill_and_positive,
                "false_positive": population * healthy_and_positive,
                "missed": population * prevalence * (1.0 - sensitivity),
                "true_negative": population * healthy_and_negative}
    return DiagnosticTestResult(evidence=evidence, expected=expected,
                                posterior=ill_and_positive / evidence if evidence > 0 else None,
                                npv=healthy_and_negative / negative if negative > 0 else None,
                                counts=counts, population=population)


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
    for side in ("left", "bottom", "right", "top"):
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
    ax_people.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=2,
                     frameon=False, handletextpad=0.3, columnspacing=1.0, fontsize="small")

    bars = ax_bars.bar([0, 1], [0.0, 0.0], width=0.6,
                       color=[COLORS["grey"], COLORS["vermillion"]],
                       edgecolor="black", hatch=["", "//"])
    ax_bars.set_xticks([0, 1], ["before\nP(ill)", "after a +\nP(ill | +)"])
    ax_bars.set_ylim(0.0, 1.0)
    ax_bars.set_ylabel("probability of being ill")
    ax_bars.set_title("prior and posterior")
    values = [cached_text(ax_bars, x, 0.0, "", compose=True, ha="center", va="bottom",
                          fontweight="bold") for x in (0, 1)]
    return {"scatters": scatters, "bars": list(bars), "values": values}


def _percent(p: float) -> str:
    return f"{100 * p:.3g}%" if p < 0.01 else f"{100 * p:.1f}%"


def _people(x: float) -> str:
    """An expected number of people as a learner reads it: whole numbers without decimals,
    others with one decimal (two significant digits below 0.1)."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x)}"
    return f"{x:.1f}" if x >= 0.1 else f"{x:.2g}"


def _verb(x: float, singular: str, plural: str) -> str:
    """``"1 is"``, ``"9 are"``, ``"89.1 are"``: the count and its verb, in agreement."""
    text = _people(x)
    return f"{text} {singular if text == '1' else plural}"


def readout(out: DiagnosticTestResult, prevalence: float, sensitivity: float,
            specificity: float) -> str:
    """The explorer's readout in words: the posterior as a number and as a natural frequency in
    the pictured crowd (expected counts; the picture rounds them to whole people)."""
    e, size = out.expected, out.population
    ill = e["true_positive"] + e["missed"]
    healthy = e["false_positive"] + e["true_negative"]
    positives = e["true_positive"] + e["false_positive"]
    rates = (f"sensitivity {sensitivity:.3g}; specificity {specificity:.4g} (false-positive rate "
             f"{_percent(1 - specificity)})")
    crowd = (f"In a crowd of {size} people, on average {_verb(ill, 'is', 'are')} ill "
             f"({_verb(e['true_positive'], 'tests', 'test')} positive, "
             f"{_verb(e['missed'], 'is', 'are')} missed) and {_verb(healthy, 'is', 'are')} healthy "
             f"({_verb(e['false_positive'], 'tests', 'test')} positive). The picture rounds to "
             "whole people.")
    if out.posterior is None:
        return (f"Nobody tests positive (sensitivity 0 and specificity 1): P(+) = 0, so "
                f"<b>P(ill | +) is undefined</b>. {crowd}")
    post = out.posterior
    top, bottom = _ratio(e["true_positive"], positives, post)
    c = out.counts
    shown = c["true_positive"] + c["false_positive"]
    picture = (f" The picture shows {c['true_positive']} of {shown} positives ill"
               f" ({_percent(c['true_positive'] / shown)}: whole people)." if shown and
               _percent(c["true_positive"] / shown) != _percent(post) else "")
    return (f"P(ill | +) = {sensitivity:.3g} &times; {prevalence:.3g} / P(+) = "
            f"<b>{_percent(post)}</b>, with P(+) = {out.evidence:.4g}. Prior P(ill) = "
            f"{_percent(prevalence)}; {rates}.<br>{crowd}<br>"
            f"<b>Of the {_people(positives)} who test positive, "
            f"{_verb(e['true_positive'], 'is', 'are')} ill</b>: {top} / {bottom} = "
            f"{_percent(post)}"
            + (" &mdash; <b>more likely ill than not</b>." if post > 0.5 else ".") + picture)


def _ratio(top: float, bottom: float, value: float) -> tuple[str, str]:
    """``top`` and ``bottom`` written with just enough digits that their quotient, worked out
    from the written numbers, rounds to the same percentage as ``value`` (0.9 / 1.7 would give
    52.9%, not the 51.7% of 0.8955 / 1.732)."""
    target = _percent(value)
    a, b = _people(top), _people(bottom)
    digits = 3
    while _percent(float(a) / float(b)) != target and digits <= 12:
        a, b = f"{top:.{digits}g}", f"{bottom:.{digits}g}"
        digits += 1
    return a, b


def explorer(prevalence: float = 0.01, sensitivity: float = 0.9, specificity: float = 0.91
             ) -> explore.Explorer:
    """Sliders for prevalence and the false-positive rate 1 - specificity (both log scale) and
    sensitivity; the crowd and the bars."""
    fig, (ax_people, ax_bars) = explore.figure(1, 2, size=(8.4, 4.0),
                                               gridspec_kw={"width_ratios": [3.2, 1.0]})
    fig.set_layout_engine("constrained", w_pad=0.15, wspace=0.08)   # bars' label clear of the crowd
    artists = draw(ax_people, ax_bars)
    places = grid_positions()

    def update(prevalence, sensitivity, false_positive_rate):
        specificity = 1.0 - false_positive_rate
        out = compute(prevalence, sensitivity, specificity)
        start = 0
        for group in GROUPS:
            n = out.counts[group]
            artists["scatters"][group].set_offsets(places[start:start + n])
            start += n
        post = out.posterior
        for bar, text, value in zip(artists["bars"], artists["values"], (prevalence, post)):
            bar.set_height(0.0 if value is None else value)
            height = 0.0 if value is None else value
            inside = height > INSIDE_ABOVE         # near the top: inside the bar, under the title
            text.set_position((text.get_position()[0], height - 0.015 if inside else height))
            if (text.get_verticalalignment() == "top") != inside:     # only when it changes
                text.set_verticalalignment("top" if inside else "bottom")
                text.set_bbox(dict(facecolor="white", edgecolor="none", pad=1.0) if inside
                              else None)
            text.set_text("undefined" if value is None else _percent(value))
        return readout(out, prevalence, sensitivity, specificity)

    controls = {
        "prevalence": explore.log_slider("prevalence P(ill)", *PREVALENCE_RANGE, prevalence),
        "sensitivity": explore.slider("sensitivity P(+|ill)", *SENSITIVITY_RANGE, sensitivity,
                                      0.001, fmt=".3f"),
        "false_positive_rate": explore.log_slider("false-positive rate 1 − specificity",
                                                  *FALSE_POSITIVE_RANGE, 1.0 - specificity),
    }
    animated = [*artists["scatters"].values(), *artists["bars"], *artists["values"]]
    return explore.Explorer(fig, controls, update, animated=animated,
                            title="A positive test: how likely is the person ill?")
