"""Explorers for notebook 27: a 64-H-10 network trained on the digits, epoch by epoch.

The data are the UCI digits (``mathlib.data.load_digits``), pixels divided by 16 so that they lie
in [0, 1], split once with a permutation seeded :data:`SPLIT_SEED` (:func:`split`): 360 images
for the **test** set, 360 for the **validation** set and the remaining 1077 for **training**.

The network is ``nn.MLP((64, H, 10))``: ``h = relu(x W1 + b1)``, logits ``z = h W2 + b2``, the
weights He-normal (``nn.he_normal``, W1 then W2 from one generator seeded :data:`SEED`), the
biases 0. Training is :func:`mathlib.nn.fit`'s loop: each epoch shuffles the training images
(a generator seeded :data:`SEED`), takes mini-batches of :data:`BATCH` (the last one smaller),
and on each takes one Adam step (``optim.Adam``'s rule, PyTorch's) on the mean softmax
cross-entropy plus ``lam / 2`` times the sum of the squared weights (not the biases); the
learning rate of epoch e = 0, 1, ... is the cosine schedule ``cosine_annealing(e, lr0=lr,
t_max=EPOCHS)``.

:class:`Run` is that loop cut into epochs: an ``nn.MLP`` trained by ``nn.train_step`` with
``optim.Adam`` on the same batches as ``nn.fit`` (tests/test_explorers_27.py checks its weights
against ``nn.fit``'s). A run is computed once per (H, lr, lam) and kept (:func:`run`); moving the
epoch slider forward trains only the missing epochs, moving it back shows epochs already
computed.

After every epoch the whole training and validation sets are evaluated (``nn.evaluate``: loss
without the penalty, accuracy, dead units). A run whose training loss passes :data:`LOSS_BOUND`
(or whose numbers stop being finite) has **diverged**: it stops there and its curves end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from .. import explore
from .._checks import as_int, as_scalar
from ..data import load_digits
from .. import nn
from ..optim import Adam, cosine_annealing
from ..plotting import LINE_COLORS
from ._layout import setup_axes

NOTEBOOK = "27"  # the notebook that shows this explorer

SEED = 27                                    # the network's initialisation and shuffling
SPLIT_SEED = 7                               # the split (over split seeds 0-19 the default
                                             # network's test accuracy reached 0.97 on 15)
N_TEST = 360
N_VALIDATION = 360
EPOCHS = 40
BATCH = 64
HIDDEN = (2, 4, 8, 16, 32, 64, 128)          # the hidden-units slider's values
HIDDEN_START = 128
LR_RANGE = (1e-4, 1.0)                       # the learning-rate slider (log scale)
LR_START = 0.01
L2 = (0.0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1)     # the L2 slider's values (0: no penalty)
L2_START = 1e-3
BETAS = (0.9, 0.999)                         # Adam's defaults, PyTorch's
EPS = 1e-8
LOSS_BOUND = 100.0                           # a training loss above this: diverged (ln 10 = 2.30
                                             # is the loss of a uniform guess)
LOSS_VIEW = (1e-4, LOSS_BOUND)               # the loss axis (log scale)
CHANCE = 0.1                                 # ten classes
CURVE_EVERY = 0.25                           # the live curve's redraws: at most every 0.25 s


class Split(NamedTuple):
    """Row indices of the three parts (disjoint, together every image once)."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def split(n: int = 1797, *, rng=SPLIT_SEED) -> Split:
    """A seeded random split of ``n`` rows: the first :data:`N_TEST` of a permutation are the test
    set, the next :data:`N_VALIDATION` the validation set, the rest the training set."""
    n = as_int(n, "n", "digits_training.split", low=N_TEST + N_VALIDATION + 1)
    perm = np.random.default_rng(rng).permutation(n)
    return Split(train=perm[N_TEST + N_VALIDATION:], validation=perm[N_TEST:N_TEST + N_VALIDATION],
                 test=perm[:N_TEST])


@dataclass(frozen=True, eq=False)
class Digits:
    """The digits scaled to [0, 1] and split (computed once by :func:`digits`)."""

    X: np.ndarray
    y: np.ndarray
    parts: Split
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


@lru_cache(maxsize=1)
def digits() -> Digits:
    """The digits data, X / 16, and its seeded split (:func:`split`)."""
    data = load_digits()
    X, y = data.X / 16.0, data.y
    parts = split(len(y))
    for a in (X, y):
        a.setflags(write=False)
    return Digits(X=X, y=y, parts=parts, X_train=X[parts.train], y_train=y[parts.train],
                  X_val=X[parts.validation], y_val=y[parts.validation], X_test=X[parts.test],
                  y_test=y[parts.test])


def init(hidden: int, *, rng=SEED) -> list[np.ndarray]:
    """The initial [W1, b1, W2, b2] of ``nn.MLP((64, hidden, 10), rng=rng)`` (He-normal weights,
    zero biases), as copies."""
    return [p.data.copy() for p in nn.MLP((64, hidden, 10), rng=rng).parameters()]


class Run:
    """One seeded training run of a 64-``hidden``-10 network, trained epoch by epoch on demand.

    ``curves`` (EPOCHS + 1, 4): training loss, training accuracy, validation loss, validation
    accuracy after each epoch (row 0: at the initialisation), NaN where not computed yet;
    ``done`` the epochs trained; ``diverged_at`` the epoch whose training loss passed
    :data:`LOSS_BOUND` or was not finite (-1 if none; the run trains no further); ``dead`` the
    hidden units that are 0 on every training image, after each epoch.
    """

    def __init__(self, hidden: int, lr: float, lam: float):
        self.hidden, self.lr, self.lam = hidden, lr, lam
        self.model = nn.MLP((64, hidden, 10), rng=SEED)
        self.optimizer = Adam(lr=lr, beta1=BETAS[0], beta2=BETAS[1], eps=EPS)
        self.params = [p.data for p in self.model.parameters()]   # views: they follow training
        self.shuffle = np.random.default_rng(SEED)                  # nn.fit's rng=SEED
        self.curves = np.full((EPOCHS + 1, 4), np.nan)
        self.dead = np.zeros(EPOCHS + 1, dtype=int)
        self.done = 0
        self.diverged_at = -1
        self._record(0)

    @property
    def t(self) -> int:
        """The Adam steps taken."""
        return self.optimizer.t

    def _record(self, epoch: int) -> None:
        D = digits()
        train_loss, train_acc, dead = nn.evaluate(self.model, D.X_train, D.y_train)
        val_loss, val_acc, _ = nn.evaluate(self.model, D.X_val, D.y_val)
        if not (np.isfinite(train_loss) and train_loss <= LOSS_BOUND
                and all(np.all(np.isfinite(p)) for p in self.params)):
            self.diverged_at = epoch
            return
        self.curves[epoch] = (train_loss, train_acc, val_loss, val_acc)
        self.dead[epoch] = dead

    def epoch(self) -> None:
        """Train one more epoch (nothing after a divergence or at EPOCHS)."""
        if self.diverged_at >= 0 or self.done >= EPOCHS:
            return
        D = digits()
        X, y = D.X_train, D.y_train
        self.optimizer.lr = float(cosine_annealing(self.done, lr0=self.lr, t_max=EPOCHS))
        order = self.shuffle.permutation(len(y))           # nn.fit's epoch: the same batches
        Xs, ys = X[order], y[order]
        for start in range(0, len(y), BATCH):
            loss = nn.train_step(self.model, Xs[start:start + BATCH], ys[start:start + BATCH],
                                 optimizer=self.optimizer, lam=self.lam)
            if not np.isfinite(loss):                      # diverged: _record ends the run
                break
        self.done += 1
        self._record(self.done)

    def train_to(self, epoch: int) -> None:
        """Train until ``epoch`` epochs are done (or the run diverged)."""
        while self.done < epoch and self.diverged_at < 0:
            self.epoch()


@lru_cache(maxsize=32)
def run(hidden: int, lr: float, lam: float) -> Run:
    """The run of these settings, kept (its later epochs are trained when asked for)."""
    return Run(hidden, lr, lam)


@dataclass(frozen=True, eq=False)
class CurvesResult:
    """What :func:`compute` returns: the run's curves up to the epoch shown."""

    hidden: int
    lr: float
    lam: float
    epoch: int                 # the epoch asked for
    shown: int                 # the last epoch with numbers (< epoch after a divergence)
    epochs: np.ndarray         # 0 .. shown
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    diverged_at: int           # -1: not diverged (by the epoch asked for)
    dead: int                  # hidden units 0 on every training image, at `shown`
    lr_now: float              # the learning rate of the last epoch trained (cosine schedule)


def compute(hidden, lr, lam, epoch) -> CurvesResult:
    """The curves of the seeded run with ``hidden`` units, learning rate ``lr`` (the cosine's
    start) and L2 strength ``lam``, after ``epoch`` epochs (0 .. EPOCHS). Raises ValueError for
    a hidden size < 1, lr <= 0, lam < 0 or an epoch outside 0 .. EPOCHS."""
    where = "digits_training.compute"
    hidden = as_int(hidden, "hidden", where, low=1)
    lr, lam = as_scalar(lr, "lr", where), as_scalar(lam, "lam", where)
    if not lr > 0:
        raise ValueError(f"{where}: lr must be > 0, got {lr}")
    if not lam >= 0:
        raise ValueError(f"{where}: lam must be >= 0, got {lam}")
    epoch = as_int(epoch, "epoch", where, low=0, high=EPOCHS)
    r = run(hidden, lr, lam)
    r.train_to(epoch)
    diverged = 0 <= r.diverged_at <= epoch
    shown = r.diverged_at - 1 if diverged else epoch
    c = r.curves[:shown + 1]
    last = max(shown - 1, 0)
    return CurvesResult(hidden=hidden, lr=lr, lam=lam, epoch=epoch, shown=shown,
                        epochs=np.arange(shown + 1), train_loss=c[:, 0], train_accuracy=c[:, 1],
                        val_loss=c[:, 2], val_accuracy=c[:, 3],
                        diverged_at=r.diverged_at if diverged else -1, dead=int(r.dead[shown]),
                        lr_now=float(cosine_annealing(last, lr0=lr, t_max=EPOCHS)))


# -- drawing: two panels, loss and accuracy against the epoch -------------------------------------

STYLES = {"train": ("-", "o", "blue", "training set"),
          "val": ("--", "s", "vermillion", "validation set")}


def draw(ax_loss, ax_acc, *, epochs: int = EPOCHS) -> dict:
    """Both panels on fixed axes, drawn once, and the four lines that move (empty)."""
    setup_axes(ax_loss, xlim=(0, epochs), ylim=LOSS_VIEW, xlabel="epoch",
               ylabel="cross-entropy loss (log scale)")
    ax_loss.set_yscale("log")
    setup_axes(ax_acc, xlim=(0, epochs), ylim=(0.0, 1.02), xlabel="epoch", ylabel="accuracy")
    # the chance line is named in the legend, outside the axes, where no curve can cover it
    chance = ax_acc.axhline(CHANCE, color="black", linewidth=0.8, linestyle=":",
                            label="chance (0.1)")
    lines = {}
    for key, (style, marker, color, label) in STYLES.items():
        common = dict(linestyle=style, marker=marker, markersize=4, color=LINE_COLORS[color],
                      markeredgecolor="black", markeredgewidth=0.4, linewidth=1.8, label=label)
        lines[f"{key}_loss"], = ax_loss.plot([], [], **common)
        lines[f"{key}_acc"], = ax_acc.plot([], [], **common)
    ax_loss.figure.legend(handles=[lines["train_loss"], lines["val_loss"], chance],
                          loc="outside lower center", ncol=3, frameon=False)
    return lines


def show(lines: dict, epochs, train_loss, train_acc, val_loss, val_acc) -> None:
    """Put the curves on the four lines."""
    lines["train_loss"].set_data(epochs, train_loss)
    lines["val_loss"].set_data(epochs, val_loss)
    lines["train_acc"].set_data(epochs, train_acc)
    lines["val_acc"].set_data(epochs, val_acc)


def _settings(out: CurvesResult) -> str:
    lam = "0 (no penalty)" if out.lam == 0 else f"{out.lam:g}"
    return (f"64-{out.hidden}-10 network ({64 * out.hidden + out.hidden + 10 * out.hidden + 10} "
            f"parameters), learning rate {out.lr:.3g} (cosine over {EPOCHS} epochs), L2 {lam}")


def readout(out: CurvesResult, *, new_run: bool = False) -> str:
    """The numbers after the epoch shown, the gap, and what they say."""
    text = ("<b>New run</b> (hidden units, learning rate or L2 changed): back to epoch 0. "
            if new_run else "")
    text += _settings(out) + ". "
    k = out.shown
    tr, va = out.train_accuracy[-1], out.val_accuracy[-1]
    if out.diverged_at >= 0:
        return text + (f"<b>Diverged</b> in epoch {out.diverged_at}: the training loss passed "
                       f"{LOSS_BOUND:g} (or stopped being a number), so the run was stopped and "
                       f"its curves end at epoch {k}. The steps are too large for this network.")
    if k == 0:
        return text + (f"Epoch 0, nothing trained yet: train accuracy <b>{tr:.3f}</b>, validation "
                       f"<b>{va:.3f}</b> (chance is 0.1), loss {out.train_loss[-1]:.2f} (a "
                       "uniform guess has 2.30). Press play (train) or drag the epoch slider.")
    text += (f"After <b>{k}</b> epoch{'s' * (k != 1)}: train accuracy <b>{tr:.3f}</b>, validation "
             f"<b>{va:.3f}</b>; gap <b>{tr - va:.3f}</b>. Loss: training "
             f"{out.train_loss[-1]:.3g}, validation {out.val_loss[-1]:.3g}. ")
    why = ("The learning rate is large: its first steps pushed the units there."
           if out.lr >= 0.1 else
           "With so few units, losing them leaves nothing to learn with."
           if out.dead == out.hidden and out.hidden <= 4 else "")
    if max(tr, va) < 0.2:
        text += (f"<b>Stuck near chance</b>: {out.dead} of {out.hidden} hidden units output 0 on "
                 "every training image (dead ReLUs), and the network answers nearly the same "
                 "for every image: a failed run, not a slow one. " + why)
    elif tr < 0.9 and out.hidden > 4 and out.dead >= 0.9 * out.hidden:
        text += (f"<b>Nearly every unit dead</b>: {out.dead} of {out.hidden} hidden units output "
                 "0 on every training image (dead ReLUs); the few left cannot tell ten digits "
                 "apart: a failed run, not a slow one, and not too few units. " + why)
    elif tr < 0.9:
        text += ("Both accuracies are low: the network underfits (too few units, too strong a "
                 "penalty or too small steps).")
    elif tr - va > 0.02:
        text += ("The network does better on images it trained on than on new ones: the "
                 "validation accuracy, not the training accuracy, estimates how it does on new "
                 "images.")
    if out.dead and max(tr, va) >= 0.2 and "Nearly every unit dead" not in text:
        text += (f" {out.dead} of {out.hidden} hidden units are dead (0 on every training "
                 "image): they no longer learn.")
    return text


def training_curve(epochs: int = EPOCHS) -> explore.Explorer:
    """The live curve of the notebook's training: ``curve.callback(history)`` is ``nn.fit``'s
    callback; it shows the epochs of ``history`` up to the slider's value (all, by default)."""
    fig, (ax_loss, ax_acc) = explore.figure(1, 2, size=(8.6, 3.5))
    fig.set_layout_engine("constrained")
    lines = draw(ax_loss, ax_acc, epochs=epochs)
    state = {"history": None, "drawn": -np.inf}

    def update(epoch):
        h = state["history"]
        n = 0 if h is None else min(epoch, len(h.loss))
        if n == 0:
            show(lines, [], [], [], [], [])
            return ("No epoch to show yet: run the training cell." if h is None or not h.loss
                    else "Epoch 0: drag the slider right to see the epochs trained.")
        e = np.arange(1, n + 1)
        show(lines, e, h.loss[:n], h.train_accuracy[:n], h.val_loss[:n], h.val_accuracy[:n])
        tr, va = h.train_accuracy[n - 1], h.val_accuracy[n - 1]
        text = (f"After <b>{n}</b> of {len(h.loss)} epochs: training loss {h.loss[n - 1]:.3g} "
                f"(the mean over the epoch's mini-batches, penalty included), validation loss "
                f"{h.val_loss[n - 1]:.3g}; train accuracy <b>{tr:.3f}</b>, validation "
                f"<b>{va:.3f}</b>, gap {tr - va:.3f}.")
        if getattr(h, "diverged", False):
            text += " <b>Diverged</b>: the loss stopped being a number, and training stopped."
        return text

    slider = explore.slider("epochs shown", 0, epochs, epochs, integer=True)
    ex = explore.Explorer(fig, {"epoch": slider}, update, animated=list(lines.values()),
                          title="Training: loss and accuracy after each epoch")

    def on_epoch(history):
        """``nn.fit``'s callback: show the history so far (the figure is updated in place). A
        redraw costs about 20 ms, as much as an epoch: it is done at most every
        :data:`CURVE_EVERY` seconds, and always for the last epoch (or a divergence)."""
        state["history"] = history
        now = time.perf_counter()
        last = len(history.loss) >= epochs or getattr(history, "diverged", False)
        if last or now - state["drawn"] >= CURVE_EVERY:
            state["drawn"] = now
            ex.refresh()

    ex.callback = on_epoch
    return ex


def explorer() -> explore.Explorer:
    """Hidden units, learning rate and L2 sliders, and an epoch slider with a play button.

    The run of the starting settings (the notebook's) is trained to :data:`EPOCHS` when the
    explorer is made; the runs of other settings are trained epoch by epoch as they are asked for
    (:func:`run` keeps them)."""
    digits()
    fig, (ax_loss, ax_acc) = explore.figure(1, 2, size=(8.6, 3.5))
    fig.set_layout_engine("constrained")
    lines = draw(ax_loss, ax_acc)
    shown = {"key": None, "epoch": None}
    style, layout = {"description_width": "150px"}, {"width": "520px"}
    controls = {
        "hidden": widgets.SelectionSlider(description="hidden units H", options=HIDDEN,
                                          value=HIDDEN_START, continuous_update=True,
                                          style=style, layout=layout),
        "lr": explore.log_slider("learning rate", *LR_RANGE, LR_START, steps=40),
        "lam": widgets.SelectionSlider(description="L2 strength λ",
                                       options=[("0" if v == 0 else f"{v:g}", v) for v in L2],
                                       value=L2_START, continuous_update=True, style=style,
                                       layout=layout),
        "epoch": explore.slider("epoch", 0, EPOCHS, 0, integer=True),
    }
    # the run of the starting settings is trained in full now (about 0.4 s): its epochs answer
    # at once; another setting's epochs are trained when first asked for (about 10 ms each)
    compute(controls["hidden"].value, controls["lr"].value, controls["lam"].value, EPOCHS)

    def update(hidden, lr, lam, epoch):
        key = (hidden, lr, lam)
        new_run = shown["key"] is not None and key != shown["key"]
        if new_run and epoch == shown["epoch"] and epoch != 0:
            # a hyperparameter moved: a new seeded run starts at epoch 0 (cheap: only its
            # initialisation); the slider follows, and its own update draws epoch 0
            shown["key"] = key
            controls["epoch"].value = 0
            return readout(compute(hidden, lr, lam, 0), new_run=True)
        shown["key"], shown["epoch"] = key, epoch
        out = compute(hidden, lr, lam, epoch)
        show(lines, out.epochs, out.train_loss, out.train_accuracy, out.val_loss,
             out.val_accuracy)
        return readout(out, new_run=new_run and epoch == 0)

    ex = explore.Explorer(fig, controls, update, animated=list(lines.values()),
                          title="Retrain the network: drag a setting, then press play")
    play = widgets.Play(value=0, min=0, max=EPOCHS, step=1, interval=250,
                        description="train", tooltip="train the network epoch by epoch")
    ex.play_link = widgets.jslink((play, "value"), (controls["epoch"], "value"))   # in the browser
    ex.play = play
    title, row, *rest = ex.widget.children
    ex.widget.children = (title, row, widgets.HBox([widgets.Label("train, epoch by epoch:"), play]),
                          *rest)
    return ex


# -- the first layer's weights as pictures (a static figure) ---------------------------------------

def weights_png(W1) -> bytes:
    """The columns of W1 (64, H) as H pictures of 8 x 8 pixels, in a grid, as PNG bytes.

    Column j holds hidden unit j's weight on each pixel; drawn in place of the pixel it
    multiplies, with the diverging map ``plotting.DIVERGING`` centred at 0 (white: weight 0) and
    one colour bar for all: one side raises the unit's input where a pixel has ink, the other
    lowers it. The scale is the largest |weight| of all units, so the pictures compare."""
    import io

    from matplotlib import colormaps
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.figure import Figure
    from matplotlib.patheffects import withStroke

    from .._checks import as_array
    from ..plotting import DIVERGING

    W1 = as_array(W1, "W1", "digits_training.weights_png", ndim=2)
    if W1.shape[0] != 64:
        raise ValueError(f"digits_training.weights_png: W1 must have 64 rows (one per pixel), got "
                         f"shape {W1.shape}")
    H = W1.shape[1]
    cols = int(np.ceil(np.sqrt(H)))
    rows = int(np.ceil(H / cols))
    top = float(np.max(np.abs(W1))) or 1.0
    # one mosaic, one image (64 small axes would take seconds to lay out): 8 x 8 pictures with a
    # gap of one pixel between them, the gaps NaN (drawn light grey, not a weight)
    mosaic = np.full((rows * 9 - 1, cols * 9 - 1), np.nan)
    for j in range(H):
        r, c = divmod(j, cols)
        mosaic[9 * r:9 * r + 8, 9 * c:9 * c + 8] = W1[:, j].reshape(8, 8)
    cmap = colormaps[DIVERGING].with_extremes(bad="#D0D0D0")
    fig = Figure(figsize=(1.6 + 0.62 * cols, 0.62 * rows + 0.7), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(mosaic, cmap=cmap, norm=TwoSlopeNorm(vcenter=0.0, vmin=-top, vmax=top),
                      interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    # the sign without colour: a '+' on the strongest positive pixels, a '-' on the strongest
    # negative ones (|weight| over half the largest)
    ax.set_autoscale_on(False)
    with np.errstate(invalid="ignore"):
        for sign, marker in ((1.0, "+"), (-1.0, "_")):
            rr, cc = np.nonzero(sign * mosaic > 0.5 * top)
            ax.scatter(cc, rr, marker=marker, s=16, linewidths=1.1, color="black",
                       path_effects=[withStroke(linewidth=2.6, foreground="white")])
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02)
    bar.set_ticks([-top, 0.0, top])
    bar.set_ticklabels([f"{-top:.2f} ('-'): ink here\nlowers the unit", "0",
                        f"+{top:.2f} ('+'): ink here\nraises the unit"])
    bar.set_label("weight on the pixel")
    ax.set_title(f"The {H} hidden units' weights on the 64 pixels\n(one 8 x 8 picture per unit, "
                 "row by row; + / -: the strongest positive / negative weights)",
                 fontsize="medium")
    with io.BytesIO() as buffer:
        fig.savefig(buffer, format="png", dpi=80)
        return buffer.getvalue()
