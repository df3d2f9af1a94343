"""Explorer for notebook 19: a polynomial fit of disease progression on BMI (the diabetes data),
with sliders for the degree and the L2 penalty lambda, and the training and validation errors.

The data (``mathlib.data.load_diabetes``): the body mass index x of 442 patients (18.0 to 42.2
kg/m^2) and their disease progression y one year later. A seeded split (:data:`SEED`): a small
**training** set of :data:`N_TRAIN` patients (the fit sees only these), a **validation** set of
:data:`N_VAL` (used to choose the degree and lambda) and a **test** set of the other 312 (used
once, at the very end, in the notebook; the explorer never shows it).

The model: x is scaled to u in [-1, 1] over the range of all patients' BMI (no target is used),
and the features are the Legendre polynomials P_0(u) = 1, P_1(u) = u, ..., P_d(u) (the same
functions as 1, u, ..., u^d, a better-conditioned basis). The fit minimises the training mean
squared error plus ``nn.l2_penalty(w[1:], lam=lam)`` (the intercept is not penalised):

    (1/n) |Phi w - y|^2 + (lam / 2) |w_1..d|^2   ->   (Phi^T Phi + (n lam / 2) D) w = Phi^T y

with D the identity without its (0, 0) entry, solved by ``mathlib.linalg.solve``. The errors are
root mean squared errors (RMSE, in progression points). All 16 degrees are fitted for one lambda
at once (cached; the fast path of :func:`_all_degrees` is tested against :func:`fit`), so a move of the degree slider costs nothing but the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.ticker import NullFormatter
from numpy.polynomial import legendre

from .. import explore
from .._checks import as_int, as_scalar
from ..data import load_diabetes
from ..linalg import solve
from ..plotting import LINE_COLORS

NOTEBOOK = "19"

SEED = 19
N_TRAIN, N_VAL = 30, 100
X_RANGE = (18.0, 42.2)            # the BMI range of all 442 patients: u = -1 .. 1
MAX_DEGREE = 15
DEGREE = (0, MAX_DEGREE, 3)       # (min, max, start) of the slider
LAM = (1e-6, 1.0, 1e-6)           # log slider; 1e-6 is a tiny penalty, not none
LAM_STEPS = 60                    # 0.1 in log10: 1e-6, ..., 0.1, ..., 1 (values the text names)
FIT_XLIM = (17.0, 43.2)           # a margin around X_RANGE: the extreme patients fully visible
RMSE_LIM = (40.0, 1000.0)         # the error panel's log axis; larger errors are drawn at its top
Y_LIM = (0.0, 380.0)


@dataclass(frozen=True, eq=False)
class Split:
    """The diabetes BMI and progression, split: ``x_*`` in kg/m^2, ``y_*`` in points."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@lru_cache(maxsize=1)
def split() -> Split:
    """The seeded train / validation / test split of the 442 patients (30 / 100 / 312)."""
    data = load_diabetes()
    x, y = data.X[:, 2], data.y
    order = np.random.default_rng(SEED).permutation(len(y))
    tr, va, te = order[:N_TRAIN], order[N_TRAIN:N_TRAIN + N_VAL], order[N_TRAIN + N_VAL:]
    return Split(x[tr], y[tr], x[va], y[va], x[te], y[te])


def features(x, degree: int) -> np.ndarray:
    """The features P_0(u), ..., P_degree(u) of BMI values x, u = x scaled to [-1, 1]:
    an array (len(x), degree + 1)."""
    lo, hi = X_RANGE
    u = 2.0 * (np.asarray(x, dtype=float) - lo) / (hi - lo) - 1.0
    return legendre.legvander(u, degree)


def fit(x, y, degree: int, lam: float) -> np.ndarray:
    """The penalised least-squares weights (degree + 1,) of the module's formula."""
    Phi = features(x, degree)
    D = np.eye(degree + 1)
    D[0, 0] = 0.0
    return solve(Phi.T @ Phi + 0.5 * len(y) * lam * D, Phi.T @ y)


def rmse(w, x, y) -> float:
    return float(np.sqrt(np.mean((features(x, len(w) - 1) @ w - y) ** 2)))


@dataclass(frozen=True, eq=False)
class PolyFitResult:
    """What :func:`compute` returns (described there)."""

    degree: int
    lam: float
    w: np.ndarray
    grid: np.ndarray
    curve: np.ndarray
    train_rmse: np.ndarray
    val_rmse: np.ndarray
    best_degree: int


GRID = np.linspace(*X_RANGE, 241)


@lru_cache(maxsize=1)
def _design():
    """Computed once: the features of degree 15 (lower degrees are their first columns), the
    training Gram matrix and right-hand side."""
    s = split()
    P_tr, P_va = features(s.x_train, MAX_DEGREE), features(s.x_val, MAX_DEGREE)
    return P_tr, P_va, features(GRID, MAX_DEGREE), P_tr.T @ P_tr, P_tr.T @ s.y_train


@lru_cache(maxsize=64)
def _all_degrees(lam: float):
    """The fits of every degree at one lam: the same systems as :func:`fit`, from the cached
    Gram matrix (the first d + 1 rows and columns are degree d's), solved by numpy's LAPACK
    solver because 16 solves by ``mathlib.linalg.solve`` take longer than a frame; the tests
    assert that the weights equal :func:`fit`'s."""
    s = split()
    P_tr, P_va, _, G, b = _design()
    ws, train, val = [], np.empty(MAX_DEGREE + 1), np.empty(MAX_DEGREE + 1)
    for d in range(MAX_DEGREE + 1):
        k = d + 1
        D = np.eye(k)
        D[0, 0] = 0.0
        w = np.linalg.solve(G[:k, :k] + 0.5 * N_TRAIN * lam * D, b[:k])
        ws.append(w)
        train[d] = np.sqrt(np.mean((P_tr[:, :k] @ w - s.y_train) ** 2))
        val[d] = np.sqrt(np.mean((P_va[:, :k] @ w - s.y_val) ** 2))
    return ws, train, val


def compute(degree, lam) -> PolyFitResult:
    """The fit of the given degree (0..15) and penalty lam > 0: its weights ``w``, the fitted
    curve on ``grid`` (241 BMI values), and for every degree 0..15 at this lam the training and
    validation RMSE (16,), and ``best_degree``, the degree of lowest validation RMSE."""
    where = "poly_fit.compute"
    degree = as_int(degree, "degree", where, low=0, high=MAX_DEGREE)
    lam = as_scalar(lam, "lam", where)
    if not lam > 0:
        raise ValueError(f"{where}: lam must be > 0 (the slider's smallest value is {LAM[0]:g}); "
                         f"got {lam}")
    ws, train, val = _all_degrees(float(lam))
    w = ws[degree]
    return PolyFitResult(degree=degree, lam=float(lam), w=w, grid=GRID,
                         curve=_design()[2][:, :degree + 1] @ w, train_rmse=train, val_rmse=val,
                         best_degree=int(np.argmin(val)))


def _shown(v):
    """Errors above the axis are drawn at its top edge (the readout gives the number)."""
    return np.clip(v, RMSE_LIM[0], RMSE_LIM[1])


def draw(ax_fit, ax_err) -> dict:
    """The data points and the axes once; the curve, the two error lines and their markers move."""
    s = split()
    ax_fit.set_xlim(*FIT_XLIM)
    ax_fit.set_ylim(*Y_LIM)
    ax_fit.set_xlabel("BMI, body mass index (kg/m^2)")
    ax_fit.set_ylabel("disease progression after 1 year")
    ax_fit.set_title("the fit (from the 30 training patients)")
    ax_fit.plot(s.x_val, s.y_val, linestyle="none", marker="^", markersize=5,
                markerfacecolor="white", markeredgecolor=LINE_COLORS["vermillion"],
                label="validation (100)")
    ax_fit.plot(s.x_train, s.y_train, linestyle="none", marker="o", markersize=6,
                color=LINE_COLORS["blue"], markeredgecolor="black", markeredgewidth=0.6,
                label="training (30)")
    curve, = ax_fit.plot(GRID, np.zeros_like(GRID), color="black", linewidth=2.2,
                         label="fitted polynomial")
    ax_fit.legend(loc="upper left", fontsize="small")

    degrees = np.arange(MAX_DEGREE + 1)
    ax_err.set_yscale("log")
    ax_err.set_xlim(-0.5, MAX_DEGREE + 0.5)
    ax_err.set_ylim(*RMSE_LIM)
    ax_err.set_yticks([40, 60, 100, 200, 500, 1000], labels=["40", "60", "100", "200", "500",
                                                             "1000"])
    ax_err.yaxis.set_minor_formatter(NullFormatter())
    ax_err.set_xlabel("degree d of the polynomial")
    ax_err.set_ylabel("RMSE (progression points, log axis)")
    ax_err.set_title("error against degree, at this lambda")
    train_line, = ax_err.plot(degrees, np.full(degrees.shape, 60.0), "-o", markersize=4,
                              color=LINE_COLORS["blue"], label="training error")
    val_line, = ax_err.plot(degrees, np.full(degrees.shape, 60.0), "--^", markersize=5,
                            color=LINE_COLORS["vermillion"], label="validation error")
    now = ax_err.axvline(DEGREE[2], color=LINE_COLORS["grey"], linewidth=1.2, zorder=1)
    ax_err.legend(loc="upper left", fontsize="small")
    return {"curve": curve, "train": train_line, "val": val_line, "now": now}


def _err(v: float) -> str:
    return f"{v:.0f}" if v < 1e5 else f"{v:.2g}"


def readout(out: PolyFitResult) -> str:
    d, tr, va = out.degree, out.train_rmse, out.val_rmse
    lam_words = f"lambda = {out.lam:.3g}" + (" (the smallest: a tiny penalty)"
                                             if out.lam <= 1e-5 else "")
    text = (f"Degree <b>{d}</b>, {lam_words}: training RMSE <b>{_err(tr[d])}</b>, validation "
            f"RMSE <b>{_err(va[d])}</b> (progression points; the target's spread is about 77). ")
    if va[d] > RMSE_LIM[1]:
        text += "The validation error is off the top of the error panel (drawn at its edge). "
    best = out.best_degree
    text += (f"At this lambda the validation error is lowest at degree <b>{best}</b> "
             f"({_err(va[best])}). ")
    gap = va[d] - tr[d]
    if d < best and va[d] > va[best] + 1:
        text += "This fit underfits (too simple: high bias): both errors are above their best. "
    elif gap > 0.3 * tr[d]:
        text += (f"This fit <b>overfits</b> (high variance): it follows the 30 training points "
                 f"(their error is {_err(tr[d])}) and misses new patients by {_err(va[d])}. ")
    if out.lam <= 1e-5:
        text += ("With this tiny penalty the training error falls, almost, as the degree grows "
                 "(at lambda = 0 it can only fall: each degree contains the smaller ones), while "
                 "the validation error rises. Even so tiny a penalty keeps the high-degree "
                 "coefficients far smaller than no penalty at all does (unpenalised, degree 15 "
                 "misses the validation patients by millions: the notebook prints it).")
    return text


def explorer() -> explore.Explorer:
    """Degree and lambda sliders; the fit on the data and the errors against the degree."""
    fig, (ax_fit, ax_err) = explore.figure(1, 2, size=(9.6, 3.9))
    fig.set_layout_engine("constrained")
    artists = draw(ax_fit, ax_err)

    def update(degree, lam):
        out = compute(degree, lam)
        artists["curve"].set_ydata(out.curve)
        artists["train"].set_ydata(_shown(out.train_rmse))
        artists["val"].set_ydata(_shown(out.val_rmse))
        artists["now"].set_xdata([degree, degree])
        return readout(out)

    controls = {"degree": explore.slider("degree d", *DEGREE, integer=True),
                "lam": explore.log_slider("lambda (L2)", *LAM, steps=LAM_STEPS)}
    return explore.Explorer(fig, controls, update, animated=list(artists.values()),
                            title="Polynomial fit: degree and L2 penalty against validation error")
