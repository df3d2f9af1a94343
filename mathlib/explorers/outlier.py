"""Explorer for notebook 12: one value moves far out; the mean follows it, the median barely moves.

The data are the sepal lengths (cm) of the first 10 setosa flowers of Iris. The slider sets the
last flower's value, as a typing slip would (49 typed for 4.9). Everything is compared with the
data as measured: how far the mean, the median, the standard deviation and the median absolute
deviation (MAD, a robust measure of spread) moved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D

from .. import explore
from .._checks import as_array, as_scalar
from ..data import load_iris
from ..plotting import COLORS, TEXT_COLORS
from ..stats import mad, mean, median, std
from ._layout import cached_text

NOTEBOOK = "12"  # the notebook that shows this explorer

VALUE_RANGE = (0.0, 50.0)       # the moved value, cm: 49 is "4.9 typed without its point"
X_LIMITS = (-2.0, 52.0)
ZOOM = (3.5, 9.5)               # the lower panel: the bulk of the data
Y_LIMITS = (-1.0, 1.6)
LINE_TOP = 1.3                  # the mean and median lines end here; their labels sit above


def sepal_lengths() -> np.ndarray:
    """The sepal lengths (cm) of the first 10 setosa flowers of Iris, shape (10,)."""
    return load_iris().X[:10, 0].copy()


@dataclass(frozen=True, eq=False)
class OutlierResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    data: np.ndarray
    mean: float
    median: float
    std: float
    mad: float
    original: dict
    original_value: float
    moved: dict


def compute(x, value: float) -> OutlierResult:
    """The data ``x`` (n,) with its last entry replaced by ``value``, and its statistics.

    Returns a :class:`OutlierResult` with ``data`` (n,), ``mean``, ``median``, ``std`` (ddof = 0), ``mad``; the
    same four of ``x`` itself under ``original``; and under ``moved`` how far each of the four
    moved (new minus original).
    """
    where = "outlier.compute"
    x = as_array(x, "x", where, ndim=1)
    value = as_scalar(value, "value", where)
    data = x.copy()
    data[-1] = value

    def summary(a):
        return {"mean": mean(a), "median": median(a), "std": std(a), "mad": mad(a)}

    new, old = summary(data), summary(x)
    return OutlierResult(data=data, **new, original=old, original_value=float(x[-1]),
                         moved={k: new[k] - old[k] for k in new})


def _strip_y(n: int) -> np.ndarray:
    """Fixed small vertical offsets so that equal values do not hide each other."""
    return np.linspace(-0.45, 0.45, n)[np.argsort(np.random.default_rng(0).random(n))]


def draw(ax_all, ax_zoom, n: int) -> dict:
    """Two strip plots (all values; the bulk, zoomed) with mean and median lines; the artists."""
    artists = {}
    for ax, limits, title in (
            (ax_all, X_LIMITS, "one value moves: the mean (solid) follows it, the median "
                               "(dashed) stays"),
            (ax_zoom, ZOOM, "zoomed in on the bulk of the data (3.5 to 9.5 cm)")):
        ax.set_xlim(*limits)
        ax.set_ylim(*Y_LIMITS)
        ax.set_yticks([])
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
    ax_zoom.set_xlabel("sepal length (cm)")
    y = _strip_y(n)
    for key, ax in (("all", ax_all), ("zoom", ax_zoom)):
        artists[f"points_{key}"] = ax.scatter(np.zeros(n), y, s=40, color=COLORS["blue"],
                                              edgecolor="black", linewidth=0.5, zorder=3)
        artists[f"moved_{key}"], = ax.plot([], [], "D", color=COLORS["orange"], markersize=9,
                                           markeredgecolor="black", zorder=4, clip_on=True)
        mean_line = Line2D([], [], color=COLORS["vermillion"], linewidth=2.4, zorder=2)
        median_line = Line2D([], [], color=COLORS["green"], linewidth=2.4, linestyle="--",
                             zorder=2)
        ax.add_line(mean_line)
        ax.add_line(median_line)
        artists[f"mean_{key}"], artists[f"median_{key}"] = mean_line, median_line
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
    # speed: the two names move with their lines, drawn from pictures rendered once
    # (_layout.CachedText)
    artists["mean_label"] = cached_text(ax_all, 0, LINE_TOP + 0.05, "mean",
                                        color=TEXT_COLORS["vermillion"], ha="left", va="bottom",
                                        fontweight="bold", bbox=box, zorder=5)
    artists["median_label"] = cached_text(ax_all, 0, LINE_TOP + 0.05, "median",
                                          color=TEXT_COLORS["green"], ha="right", va="bottom",
                                          fontweight="bold", bbox=box, zorder=5)
    # mean +- std as a bar with end caps below the points: the spread that the outlier inflates
    artists["std_bar"], = ax_all.plot([], [], "|-", color=COLORS["vermillion"], linewidth=1.5,
                                      markersize=12, zorder=2)
    # an end of the bar beyond the axis: a triangle on the edge, pointing the way it goes on
    artists["std_off"], = ax_all.plot([], [], "<", color=COLORS["vermillion"],
                                      markeredgecolor="black", markersize=9, zorder=4,
                                      clip_on=False)
    artists["std_off"].set_in_layout(False)
    artists["std_label"] = cached_text(ax_all, 0, -0.82, "", compose=True,
                                       color=TEXT_COLORS["vermillion"], ha="center",
                                       va="center", fontsize="small", bbox=box, zorder=5)
    ax_all.text(X_LIMITS[1] - 0.5, LINE_TOP + 0.05, "orange diamond: the moved value",
                color=COLORS["black"], ha="right", va="bottom", fontsize="small")
    return artists


def readout(out: OutlierResult) -> str:
    """The numbers to notice: the four statistics now, and how far each moved."""
    o, m = out.original, out.moved
    dot = " &nbsp;&middot;&nbsp; "

    def part(key, name):
        return (f"{name} = <b>{getattr(out, key):.2f}</b> cm (moved {m[key]:+.2f})")

    ratio = ""
    if abs(m["median"]) > 1e-12:
        times = abs(m["mean"]) / abs(m["median"])
        if times >= 1.005:
            ratio = f"{dot}the mean moved {times:.2f} times as far as the median"
        elif times > 0.995:
            ratio = f"{dot}mean and median moved about equally far"
        else:
            ratio = (f"{dot}the median moved more than the mean (the mean moved only "
                     f"{times:.2f} times as far)")
    elif abs(m["mean"]) > 1e-12:
        ratio = f"{dot}the median did not move at all"
    scaled = 1.4826 * out.mad
    if out.std > 2 * scaled:
        compare = (f"here the std is {out.std / scaled:.1f} times as large: one far value "
                   "inflates the std, while the MAD hardly moves")
    elif scaled > 2 * out.std:
        compare = f"here it is {scaled / out.std:.1f} times the std"
    else:
        compare = "here the two agree within a factor of 2"
    return (f"moved value = <b>{out.data[-1]:.1f}</b> cm (measured: "
            f"{out.original_value:.1f}){dot}"
            f"{part('mean', 'mean')}{dot}{part('median', 'median')}{ratio}<br>"
            f"spread: {part('std', 'std')}{dot}{part('mad', 'MAD')}, scaled "
            f"1.4826 MAD = <b>{scaled:.2f}</b> cm (on the std's scale for normally "
            f"distributed data; {compare}) (measured: std {o['std']:.2f}, MAD {o['mad']:.2f})")


def explorer(value: float | None = None) -> explore.Explorer:
    """A slider for the last flower's value; strip plots with mean and median lines."""
    x = sepal_lengths()
    fig, (ax_all, ax_zoom) = explore.figure(2, 1, size=(8.0, 5.0))
    fig.set_layout_engine("constrained")
    artists = draw(ax_all, ax_zoom, len(x))
    y = _strip_y(len(x))
    start = float(x[-1]) if value is None else value

    def update(value):
        out = compute(x, value)
        d = out.data
        mu, med, sd = out.mean, out.median, out.std
        for key in ("all", "zoom"):
            artists[f"points_{key}"].set_offsets(np.column_stack([d[:-1], y[:-1]]))
            artists[f"moved_{key}"].set_data([d[-1]], [y[-1]])
            artists[f"mean_{key}"].set_data([mu, mu], [Y_LIMITS[0], LINE_TOP])
            artists[f"median_{key}"].set_data([med, med], [Y_LIMITS[0], LINE_TOP])
        # labels beside their lines: the mean's on the side away from the median
        right = mu >= med
        artists["mean_label"].set_x(mu + (0.3 if right else -0.3))
        artists["mean_label"].set_ha("left" if right else "right")
        artists["median_label"].set_x(med + (-0.3 if right else 0.3))
        artists["median_label"].set_ha("right" if right else "left")
        artists["std_bar"].set_data([mu - sd, mu + sd], [-0.82, -0.82])
        off = [(X_LIMITS[0], "<", "left", mu - sd)] if mu - sd < X_LIMITS[0] else []
        off += [(X_LIMITS[1], ">", "right", mu + sd)] if mu + sd > X_LIMITS[1] else []
        artists["std_off"].set_data([e for e, _, _, _ in off], [-0.82] * len(off))
        if off:
            artists["std_off"].set_marker(off[0][1])
        artists["std_label"].set_text(f"mean \u00b1 std: \u00b1{sd:.2f}" + "".join(
            f" ({'◀' if m == '<' else '▶'} {side} end {end:.2f}: off the axis)"
            for _, m, side, end in off))
        if off and off[0][2] == "left":       # a long label: from the left edge, clear of ◀
            artists["std_label"].set_x(X_LIMITS[0] + 1.0)
            artists["std_label"].set_ha("left")
        else:
            artists["std_label"].set_x(float(np.clip(mu, X_LIMITS[0] + 5, X_LIMITS[1] - 5)))
            artists["std_label"].set_ha("center")
        artists["std_label"].set_y(-0.62)
        return readout(out)

    controls = {"value": explore.slider("last flower's value (cm)", *VALUE_RANGE, start, 0.1,
                                        fmt=".1f")}
    ex = explore.Explorer(fig, controls, update, animated=list(artists.values()),
                          title="Mean versus median: move one value far out")
    # what must show inside its axes (the zoomed panel shows only the bulk: the moved value may
    # lie outside it, and the upper panel shows it)
    ex.must_show = [artists[k] for k in ("points_all", "moved_all", "points_zoom")]
    return ex
