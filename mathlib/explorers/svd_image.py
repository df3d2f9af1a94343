"""Explorer for notebook 04: the best rank-k approximation of a photograph.

The singular value decomposition ``A = U diag(s) V^T`` of the grey photograph is computed once,
by ``mathlib.linalg.svd`` (from scratch, no numpy.linalg), when the explorer is built; a slider
move only forms ``A_k = U[:, :k] diag(s[:k]) V^T[:k]``, the sum of the first k rank-one layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import explore
from .._checks import as_array, shape_str
from ..data import load_photo
from ..linalg import svd
from ..plotting import COLORS, LINE_COLORS

NOTEBOOK = "04"  # the notebook that shows this explorer

PHOTO_STEP = 3   # every 3rd pixel of the 600 x 512 photograph: 200 x 171, its svd in about 1 s
FLOOR = 1e-16    # singular values are drawn at least this high on the log axis (0 has no log)


def decompose(image) -> dict:
    """The SVD of a grey image, once: ``A = U diag(s) V^T`` by ``mathlib.linalg.svd``.

    Shapes: image (m, n) -> dict with ``A`` (m, n), ``U`` (m, r), ``s`` (r,) descending,
    ``Vt`` (r, n), r = min(m, n).
    """
    A = as_array(image, "image", "svd_image.decompose", ndim=2)
    U, s, Vt = svd(A)
    return {"A": A, "U": U, "s": s, "Vt": Vt}


def _whole_k(k, r: int, where: str) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"{where}: k must be a whole number, got {type(k).__name__} {k!r:.40}")
    if not 0 <= k <= r:
        raise ValueError(f"{where}: k = {k} is out of range; with {r} singular values k must be "
                         f"between 0 and {r}")
    return int(k)


@dataclass(frozen=True, eq=False)
class SvdImageResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    approx: np.ndarray
    k: int
    storage: int
    full: int
    ratio: float
    error: float
    error_formula: float
    energy: float


def compute(decomposition: dict, k: int) -> SvdImageResult:
    """The rank-k approximation and what it costs and loses.

    ``A_k = sum_{i<k} s_i u_i v_i^T``; ``storage = k (m + n + 1)`` numbers (k columns of U, k rows
    of V^T, k singular values) against ``m n`` for the image; ``ratio = m n / storage``;
    ``error = ||A - A_k||_F / ||A||_F`` measured on the pixels; ``error_formula`` the same from
    Eckart-Young, ``sqrt(s_k^2 + s_{k+1}^2 + ...) / sqrt(s_0^2 + ...)``; ``energy`` the share of
    ``sum s_i^2`` that the first k keep. k = 0 gives the zero image (error 1, energy 0).

    Shapes: decomposition from :func:`decompose` with A (m, n), 0 <= k <= min(m, n) -> dict with
    ``approx`` (m, n) and the numbers ``k``, ``storage``, ``full``, ``ratio``, ``error``,
    ``error_formula``, ``energy``.
    """
    U, s, Vt, A = decomposition["U"], decomposition["s"], decomposition["Vt"], decomposition["A"]
    k = _whole_k(k, len(s), "svd_image.compute")
    m, n = A.shape
    # einsum, not @: numpy's @ hands this to a multi-threaded BLAS, whose threads wake slowly
    # on a busy machine (tens of ms); einsum's own loop takes about 1 ms even at k = 171.
    approx = np.einsum("ik,kj->ij", U[:, :k] * s[:k], Vt[:k])
    energy_all = float(np.sum(s * s))
    norm_A = float(np.sqrt(np.sum(A * A)))
    diff = A - approx
    error = float(np.sqrt(np.sum(diff * diff))) / norm_A if norm_A > 0 else 0.0
    tail = float(np.sum(s[k:] * s[k:]))
    error_formula = float(np.sqrt(tail / energy_all)) if energy_all > 0 else 0.0
    energy = 1.0 - tail / energy_all if energy_all > 0 else 1.0
    storage = k * (m + n + 1)
    return SvdImageResult(approx=approx, k=k, storage=storage, full=m * n,
                          ratio=m * n / storage if storage else float("inf"), error=error,
                          error_formula=error_formula, energy=energy)


def spectrum_parts(s, k: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The points (i, s_i), i = 1, 2, ..., split into the kept (i <= k) and the discarded part;
    values below FLOOR are raised to it so that a log axis can show them.
    The discarded part starts at the last kept point, so the two lines join."""
    s = np.maximum(np.asarray(s, dtype=float), FLOOR)
    i = np.arange(1, len(s) + 1, dtype=float)
    start = max(k - 1, 0)
    return (i[:k], s[:k]), (i[start:], s[start:])


def draw(ax_image, ax_approx, ax_spectrum, A, s) -> dict:
    """Draw the photograph and the spectrum's axes once; return the artists that move."""
    m, n = A.shape
    for ax, title in ((ax_image, f"the photograph $A$\n{m} x {n}, rank {int(np.sum(s > 0))}"),
                      (ax_approx, "best rank-k approximation\n$A_k$")):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        ax.set_title(title, fontsize="medium")
    ax_image.imshow(A, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    approx = ax_approx.imshow(np.zeros_like(A), cmap="gray", vmin=0.0, vmax=1.0,
                              interpolation="nearest")
    i = np.arange(1, len(s) + 1)
    ax_spectrum.set_yscale("log")
    ax_spectrum.set_xlim(0, len(s) + 1)
    shown = np.maximum(s, FLOOR)
    low = max(float(shown.min()), float(shown.max()) * 1e-12)
    ax_spectrum.set_ylim(low / 2, float(shown.max()) * 2)
    ax_spectrum.set_xlabel("index i")
    ax_spectrum.set_ylabel("singular value $s_i$ (log scale)")
    ax_spectrum.set_title("singular values: the first few are large", fontsize="medium")
    ax_spectrum.plot(i, shown, color=LINE_COLORS["grey"], linewidth=0.5, alpha=0.0)  # sets the view
    kept, = ax_spectrum.plot([], [], "o-", color=COLORS["blue"], markersize=3, linewidth=2,
                             label="kept ($i \\leq k$)")
    dropped, = ax_spectrum.plot([], [], ":", color=COLORS["vermillion"], linewidth=2,
                                label="discarded")
    cut = ax_spectrum.axvline(0.5, color=COLORS["black"], linestyle="--", linewidth=1.2,
                              label="cut at k")
    ax_spectrum.legend(loc="upper right", fontsize="small")
    return {"approx": approx, "kept": kept, "dropped": dropped, "cut": cut}


def readout(out: SvdImageResult, shape: tuple[int, int]) -> str:
    """The numbers to notice, in words: k, storage against the image, error, energy."""
    m, n = shape
    k = out.k
    dot = " &nbsp;&middot;&nbsp; "
    if k == 0:
        store = "k = 0 stores nothing: <b>the approximation is a black image</b>"
    else:
        share = out.storage / out.full
        percent = f"{100 * share:.1f}%" if share < 0.1 else f"{100 * share:.0f}%"
        if out.storage > out.full:
            saving = (f"{percent} of the original: <b>no saving, more numbers than the image "
                      "itself</b>")
        elif share > 0.95:
            saving = f"{percent} of the original: <b>about the same as the image</b>"
        else:
            saving = f"<b>{percent} of the original</b>"
        store = (f"storage k (m + n + 1) = {k} &times; ({m} + {n} + 1) = <b>{out.storage}</b>"
                 f" numbers, vs m n = {out.full} for the image: {saving}")
    return (f"k = <b>{k}</b>{dot}{store}<br>relative error ||A - A<sub>k</sub>||<sub>F</sub> / "
            f"||A||<sub>F</sub> = <b>{100 * out.error:.2f}%</b>{dot}energy kept "
            f"(share of &sum; s<sub>i</sub>&sup2;) = <b>{100 * out.energy:.2f}%</b>")


def explorer(image=None, *, k: int = 10) -> explore.Explorer:
    """A rank-k slider on a grey image (by default the photograph, 200 x 171, every 3rd pixel).

    The SVD is computed once here, by mathlib.linalg.svd; each slider move forms only A_k.
    """
    if image is None:
        image = load_photo(gray=True, step=PHOTO_STEP)
    image = as_array(image, "image", "svd_image.explorer", ndim=2)
    if min(image.shape) < 2:
        raise ValueError(f"svd_image.explorer: the image must be at least 2 x 2 pixels, got shape "
                         f"{shape_str(image.shape)}")
    decomposition = decompose(image)
    A, s = decomposition["A"], decomposition["s"]
    r = len(s)
    fig, (ax_image, ax_approx, ax_spectrum) = explore.figure(
        1, 3, size=(8.0, 3.0), gridspec_kw={"width_ratios": [1, 1, 1.6]})
    fig.set_layout_engine("constrained")
    artists = draw(ax_image, ax_approx, ax_spectrum, A, s)

    def update(k):
        out = compute(decomposition, k)
        artists["approx"].set_data(out.approx)
        (ik, sk), (id_, sd) = spectrum_parts(s, k)
        artists["kept"].set_data(ik, sk)
        artists["dropped"].set_data(id_, sd)
        artists["cut"].set_xdata([k + 0.5, k + 0.5])
        return readout(out, A.shape)

    controls = {"k": explore.slider("rank k", 0, r, min(k, r), 1, integer=True)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Compress a photograph: keep the k largest singular values")


def prefer_rotations(U, s, Vt) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same SVD of a 2 x 2 matrix with V^T a rotation (det V^T = +1), by a sign choice.

    Flipping the signs of both u_2 and v_2 leaves ``U diag(s) V^T`` unchanged, so it is again an
    SVD. After it det V^T = +1, and det U has the sign of det A: for det A > 0 both U and V^T
    are rotations; for det A < 0 one of them must be a reflection (here U). Returns copies.

    Shapes: U (2, 2), s (2,), Vt (2, 2) -> (U, s, Vt) of the same shapes.
    """
    U, s, Vt = (np.array(x, dtype=float) for x in (U, s, Vt))
    if U.shape != (2, 2) or Vt.shape != (2, 2) or s.shape != (2,):
        raise ValueError(f"svd_image.prefer_rotations: expected U (2, 2), s (2,), Vt (2, 2), got "
                         f"{shape_str(U.shape)}, {shape_str(s.shape)}, {shape_str(Vt.shape)}")
    if Vt[0, 0] * Vt[1, 1] - Vt[0, 1] * Vt[1, 0] < 0:
        U[:, 1] *= -1.0
        Vt[1] *= -1.0
    return U, s, Vt


def _turn_word(M) -> str:
    return "rotated" if M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0] > 0 else "reflected"


def geometry_png(A) -> bytes:
    """Four panels for a 2 x 2 matrix A = U S V^T, as PNG bytes: the unit circle with v_1, v_2;
    after V^T (a rotation, by the sign choice of :func:`prefer_rotations`); after S (stretched
    along the axes by s_1, s_2); after U (a rotation when det A > 0, else a reflection): the
    ellipse A (circle), with half-axes s_1 u_1 and s_2 u_2. The first two panels are drawn at a
    closer scale (their unit circles would be tiny next to the ellipse); the ticks give it."""
    import io

    from matplotlib.figure import Figure

    A = as_array(A, "A", "svd_image.geometry_png", ndim=2)
    if A.shape != (2, 2):
        raise ValueError(f"svd_image.geometry_png: A must be 2 x 2, got shape {shape_str(A.shape)}")
    U, s, Vt = prefer_rotations(*svd(A))
    t = np.linspace(0.0, 2.0 * np.pi, 200)
    circle = np.vstack([np.cos(t), np.sin(t)])
    far = 1.25 * max(1.0, float(s[0]))
    near = min(1.6, far)
    closer = "\n(closer scale)" if near < far else ""
    again = " again" if _turn_word(U) == _turn_word(Vt) else ""
    stages = [(f"the unit circle, with $v_1$, $v_2${closer}", np.eye(2), near),
              (f"after $V^T$: {_turn_word(Vt)}{closer}", Vt, near),
              ("after $S$: stretched\nby $s_1$, $s_2$", np.diag(s) @ Vt, far),
              (f"after $U$: {_turn_word(U)}{again},\nthat is $A$", U @ np.diag(s) @ Vt, far)]
    fig = Figure(figsize=(9.6, 3.0))
    axes = fig.subplots(1, 4)
    for ax, (title, M, lim) in zip(axes, stages):
        shape = M @ circle
        ax.plot(shape[0], shape[1], color=LINE_COLORS["grey"], linewidth=1.5)
        for i, (color, style) in enumerate([(COLORS["blue"], "-"), (COLORS["vermillion"], "--")]):
            tip = M @ Vt[i]
            ax.annotate("", xy=tip, xytext=(0, 0),
                        arrowprops={"arrowstyle": "-|>", "color": color, "linestyle": style,
                                    "linewidth": 2})
            length = float(np.sqrt(tip @ tip))
            place = tip + 0.14 * lim * tip / length if length > 0 else tip
            ax.text(*place, f"{i + 1}", color=color, ha="center", va="center",
                    fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5})
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize="medium")
        ax.set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")
    fig.set_layout_engine("constrained")
    with io.BytesIO() as buffer:
        fig.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue()
