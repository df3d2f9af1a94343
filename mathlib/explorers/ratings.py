"""Explorer for notebook 04: fill in missing film ratings with a rank-k approximation.

A small made-up ratings table (8 users x 6 films, stars 1-5) with a few ratings missing. The
missing entries are filled by "hard impute": start from each film's mean rating, take the best
rank-k approximation (``mathlib.linalg.low_rank``), copy its values into the missing entries only,
and repeat a fixed number of times. Every k is computed once when the explorer is built.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.patches import Rectangle

from .. import explore
from .._checks import as_array, shape_str
from ..linalg import low_rank
from ..plotting import LINE_COLORS, contrast_ratio
from ._layout import cached_text

NOTEBOOK = "04"  # the notebook that shows this explorer

USERS = ("Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gus", "Hana")
FILMS = ("Star Raid", "Robot War", "Car Chase", "Love Letters", "Paris Spring", "The Wedding")
ITERATIONS = 30
CMAP = "viridis"


def ratings_table(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A made-up but plausible ratings table and its mask of known entries.

    Two tastes drive it: action (the first three films) and romance (the last three); each user
    likes them in different amounts, plus a little noise, rounded to whole stars 1-5. Eight
    entries are missing (mask False; their value in the table is NaN).

    Shapes: -> ratings (8, 6) with NaN where missing, known (8, 6) of bool.
    """
    rng = np.random.default_rng(seed)
    action = np.array([1.0, 0.9, 0.8, 0.1, 0.0, 0.1])          # how much each film is action
    romance = 1.0 - action
    likes_action = np.array([0.9, 0.8, 0.1, 0.2, 0.7, 0.5, 0.0, 1.0])
    likes_romance = np.array([0.1, 0.3, 0.9, 1.0, 0.6, 0.5, 0.8, 0.0])
    score = np.outer(likes_action, action) + np.outer(likes_romance, romance)
    full = np.clip(np.round(1.0 + 4.0 * score + rng.normal(0.0, 0.3, size=score.shape)), 1, 5)
    known = np.ones(full.shape, dtype=bool)
    for user, film in [(0, 4), (1, 2), (2, 0), (3, 5), (4, 1), (5, 3), (6, 2), (7, 4)]:
        known[user, film] = False
    ratings = np.where(known, full, np.nan)
    return ratings, known


def fill(ratings, known, k: int, iterations: int = ITERATIONS) -> np.ndarray:
    """Fill the missing entries with a rank-k approximation (hard impute).

    ``X <- ratings`` with each missing entry set to its column's mean of the known entries; then
    ``iterations`` times: ``X[missing] <- low_rank(X, k)[missing]``. The known entries never
    change. k = min(m, n) gives the column means back (a full-rank approximation is X itself).

    Shapes: ratings (m, n) (missing entries may be NaN), known (m, n) bool, every column with at
    least one known entry, 1 <= k <= min(m, n) -> (m, n).
    """
    known = np.asarray(known)
    if known.dtype != bool:
        raise TypeError(f"ratings.fill: known must be an array of True/False, got dtype "
                        f"{known.dtype}")
    ratings = as_array(ratings, "ratings", "ratings.fill", ndim=2, finite=False)
    if known.shape != ratings.shape:
        raise ValueError(f"ratings.fill: known has shape {shape_str(known.shape)} but ratings "
                         f"has shape {shape_str(ratings.shape)}; they must match")
    ratings = np.where(known, ratings, 0.0)
    if not np.all(np.isfinite(ratings)):
        raise ValueError("ratings.fill: a known rating is NaN or infinite; mark it as missing "
                         "(known False) instead")
    counts = known.sum(axis=0)
    if np.any(counts == 0):
        raise ValueError(f"ratings.fill: column(s) {np.flatnonzero(counts == 0).tolist()} have "
                         "no known rating; nothing to start from")
    means = ratings.sum(axis=0) / counts
    X = np.where(known, ratings, means)
    missing = ~known
    for _ in range(iterations):
        X[missing] = low_rank(X, k=k)[missing]
    return X


@dataclass(frozen=True, eq=False)
class RatingsResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    k: int
    filled: np.ndarray
    approx: np.ndarray
    predictions: list
    rmse: float


def compute(ratings, known, k: int, iterations: int = ITERATIONS) -> RatingsResult:
    """Fill the table for rank k and say what it predicts.

    Shapes: ratings (m, n), known (m, n) bool, 1 <= k <= min(m, n) -> dict with ``filled``
    (m, n) from :func:`fill`, ``approx`` (m, n) = ``low_rank(filled, k)``, ``predictions`` a list
    of (user index, film index, predicted rating) for the missing entries, and ``rmse``, the root
    mean squared difference between the known ratings and ``approx`` there (how far the rank-k
    pattern is from what the users said).
    """
    X = fill(ratings, known, k, iterations)
    known = np.asarray(known, dtype=bool)
    approx = low_rank(X, k=k)
    diff = (approx - X)[known]                # X holds the known ratings unchanged
    predictions = [(int(i), int(j), float(X[i, j])) for i, j in np.argwhere(~known)]
    return RatingsResult(k=k, filled=X, approx=approx, predictions=predictions,
                         rmse=float(np.sqrt(np.mean(diff * diff))))


def precompute(ratings, known, iterations: int = ITERATIONS) -> list[RatingsResult]:
    """:func:`compute` for every k = 1 .. min(m, n), once (the slider then only looks them up)."""
    return [compute(ratings, known, k, iterations) for k in range(1, min(np.shape(known)) + 1)]


def shown_rating(value: float) -> tuple[float, str]:
    """A predicted rating as the table shows it, clipped to the 1-5 star scale, and a note for
    the readout when clipping changed it ("" otherwise). The low-rank approximation knows
    nothing of the scale, so it can predict 5.3 or 0.8."""
    value = float(value)
    if value > 5.0:
        return 5.0, f" (computed {value:.1f}, shown as 5: a rating can't exceed 5)"
    if value < 1.0:
        return 1.0, f" (computed {value:.1f}, shown as 1: a rating can't be below 1)"
    return value, ""


def draw(ax, ratings, known) -> dict:
    """The heatmap of the known ratings with their numbers (drawn once, they never change), and
    for each missing cell a hatched, orange-bordered box and a number (the prediction, clipped
    to the 1-5 scale), which move."""
    m, n = known.shape
    values = np.where(known, ratings, np.nan)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=CMAP, vmin=1.0, vmax=5.0, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="rating (stars)", ticks=[1, 2, 3, 4, 5])
    ax.set_xticks(range(n), FILMS[:n] if n <= len(FILMS) else range(n), rotation=25, ha="right")
    ax.set_yticks(range(m), USERS[:m] if m <= len(USERS) else range(m))
    ax.set_xlabel("film")
    ax.set_ylabel("user")
    ax.grid(False)
    ax.set_title("hatched: missing ratings, filled by the rank-k approximation",
                 fontsize="medium")
    for i, j in np.argwhere(known):
        ax.text(j, i, f"{values[i, j]:.0f}", ha="center", va="center", fontsize="medium",
                color=_text_color(values[i, j]), gid="on-image")   # contrast: on its cell
    boxes, texts = [], []
    for i, j in np.argwhere(~known):
        box = Rectangle((j - 0.46, i - 0.46), 0.92, 0.92, hatch="//", edgecolor=LINE_COLORS["orange"],
                        linewidth=2.5, zorder=3)
        ax.add_patch(box)
        boxes.append(box)
        # each number put together from pictures of its characters, rendered once: a rank seen
        # for the first time costs no text rendering either (p95 of a move 20 -> 11 ms)
        texts.append(cached_text(ax, j, i, "", compose=True, ha="center", va="center",
                                 fontsize="medium", zorder=4,
                                 bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0}))
    return {"boxes": boxes, "texts": texts}


def _text_color(value: float) -> str:
    """Black or white, whichever contrasts more with the cell's colour (always >= 4.5:1)."""
    cell = matplotlib.colormaps[CMAP](matplotlib.colors.Normalize(1.0, 5.0)(value))
    black, white = contrast_ratio("black", background=cell), contrast_ratio("white", background=cell)
    return "black" if black >= white else "white"


def explorer(ratings=None, known=None, *, k: int = 2) -> explore.Explorer:
    """A rank-k slider: the ratings table with its missing entries filled for that k."""
    if ratings is None:
        ratings, known = ratings_table()
    known = np.asarray(known, dtype=bool)
    results = precompute(ratings, known)
    m, n = known.shape
    fig, ax = explore.figure(1, 1, size=(7.5, 4.6))
    fig.set_layout_engine("constrained")
    artists = draw(ax, ratings, known)
    cmap, norm = matplotlib.colormaps[CMAP], matplotlib.colors.Normalize(1.0, 5.0)

    def update(k):
        res = results[k - 1]
        guesses = []
        for box, text, (i, j, value) in zip(artists["boxes"], artists["texts"],
                                           res.predictions):
            shown, note = shown_rating(value)
            box.set_facecolor(cmap(norm(shown)))
            text.set_text(f"{shown:.1f}?")
            guesses.append(f"{USERS[i] if m <= len(USERS) else i} / "
                           f"{FILMS[j] if n <= len(FILMS) else j}: <b>{shown:.1f}</b>{note}")
        guesses = ", ".join(guesses)
        note = (" (k = min(m, n): the approximation is the table itself, so the missing "
                "entries keep their starting guess, the film's mean)" if k == min(m, n) else "")
        return (f"rank k = <b>{k}</b>: predicted ratings {guesses}{note}<br>error of the rank-{k}"
                f" approximation on the {int(known.sum())} known ratings: RMSE = "
                f"<b>{res.rmse:.2f}</b> stars")

    controls = {"k": explore.slider("rank k", 1, min(m, n), min(k, m, n), 1, integer=True)}
    return explore.Explorer(fig, controls, update,
                            animated=[*artists["boxes"], *artists["texts"]],
                            title="Recommend films: fill the missing ratings with a rank-k "
                                  "approximation")
