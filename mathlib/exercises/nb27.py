"""Exercises of notebook 27: the cross-entropy gradient by hand, the forward pass of a two-layer
network in numpy, per-class recall from a confusion matrix, and early stopping from a
validation curve.

The real cases use the notebook's digits (``mathlib.explorers.digits_training``: X / 16 and its
seeded split) and a small 64-16-10 network trained once for 10 epochs by that module's ``Run``
(``nn.fit``'s loop, epoch by epoch, on ``nn.train_step``; well under 0.1 s, cached), so that no
check trains a network.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

from ._core import exercise
from ._feedback import fmt
from ._rules import SCIPY, forbid_module, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "27"

_HIDDEN, _EPOCHS = 16, 10


@lru_cache(maxsize=1)
def _trained():
    """(params [W1, b1, W2, b2], validation accuracies after epochs 1..10) of a 64-16-10 network
    trained 10 epochs on the notebook's training set (lr 0.01, L2 1e-4), computed once."""
    from ..explorers.digits_training import Run

    run = Run(_HIDDEN, 0.01, 1e-4)
    run.train_to(_EPOCHS)
    params = [p.copy() for p in run.params]
    for p in params:
        p.setflags(write=False)
    return params, run.curves[1:_EPOCHS + 1, 3].copy()


def _test_set():
    from ..explorers.digits_training import digits

    D = digits()
    return D.X_test, D.y_test


def _params():
    return [p.copy() for p in _trained()[0]]


def _vector_text(a) -> str:
    return "[" + ", ".join(fmt(v) for v in np.ravel(a)) + "]"


# -- 27.1 by hand: the gradient of the cross-entropy ----------------------------------------------

_FLIPPED = ("your signs are flipped: the gradient is softmax minus one-hot, p - y, so the right "
            "class's entry is negative (raising its logit lowers the loss)")


@exercise("27.1", "by hand: the gradient of the softmax cross-entropy with respect to the logits",
          name="answer_27_1",
          solution="answer_27_1 = (0.6, -0.7, 0.1)\n",
          hints=["First the softmax: divide each exponential by their sum, 6 + 3 + 1.",
                 "The gradient with respect to the logits is the softmax minus the one-hot "
                 "vector of the true class; the classes are counted from 0, so class 1 is the "
                 "second entry.",
                 "Only the true class's entry changes: its probability minus 1. The other two "
                 "entries are their probabilities as they are."],
          wrong=[(-0.6, 0.7, -0.1), (0.6, 0.3, 0.1), (-0.4, 0.3, 0.1), (6, -7, 1),
                 (0.6, -0.7), (0.6, -0.3, 0.1)],
          right=[[0.6, -0.7, 0.1], (3 / 5, -7 / 10, 1 / 10), np.array([0.6, -0.7, 0.1])])
def _check_answer_27_1(answer_27_1):
    try:
        whole = np.asarray(answer_27_1, dtype=float)
    except (TypeError, ValueError):
        whole = None
    if whole is not None and whole.shape == (3,) and np.allclose(whole, (-0.4, 0.3, 0.1),
                                                                 rtol=0, atol=1e-3):
        # one cause, not one per entry: softmax minus the one-hot of class 0
        return ("your gradient is (-0.4, 0.3, 0.1): the softmax is right, but you put the 1 of "
                "the one-hot on the first entry; classes are counted from 0, so the true class 1 "
                "is the second entry, and the 1 is taken from that entry instead.")
    if whole is not None and whole.shape == (3,) and np.allclose(whole, (-0.6, 0.7, -0.1),
                                                                 rtol=0, atol=1e-3):
        return f"every entry has the opposite sign: {_FLIPPED}."      # one cause, said once
    return by_hand_problem(
        answer_27_1, ["first entry", "second entry (the true class)", "third entry"],
        [0.6, -0.7, 0.1],
        {0: [(-0.6, _FLIPPED),
             (-0.4, "you put the 1 of the one-hot on the first entry; classes are counted from "
                    "0, so the true class 1 is the second entry"),
             (6.0, "you used the exponentials themselves; divide each by their sum, 6 + 3 + 1, "
                   "to get the probabilities")],
         1: [(0.7, _FLIPPED),
             (0.3, "0.3 is the true class's probability; its entry of the gradient is that "
                   "probability minus 1 (the one-hot has its 1 there)")],
         2: [(-0.1, _FLIPPED)]})


# -- 27.2 the forward pass of a two-layer network -------------------------------------------------

def _forward_ref(X, W1, b1, W2, b2):
    h = np.maximum(X @ W1 + b1, 0.0)
    z = h @ W2 + b2
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _softmax_rows(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _small():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W1 = np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]])
    b1 = np.array([0.0, -1.0, 0.5])
    W2 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b2 = np.array([0.0, 0.5])
    return X, W1, b1, W2, b2


def _far_apart():
    """The small case's hidden layer, h = [1, 0, 0] and [0, 0, 1.5], with W2 and b2 chosen so
    that the first row's logits are (1000, 999) and the second's (0.5, -1): about 1000 apart, so
    shifting both by the batch's largest logit underflows the second row to 0 / 0."""
    X, W1, b1, _, _ = _small()
    W2 = np.array([[1000.0, 999.0], [0.0, 0.0], [1.0 / 3.0, -2.0 / 3.0]])
    return X, W1, b1, W2, np.zeros(2)


def _forward_cases():
    yield _small()                                   # h = relu([1, 0, -1], ...) by hand
    X, W1, b1, W2, b2 = _small()
    yield X, W1, b1, 400.0 * W2, np.array([300.0, 0.0])    # logits in the hundreds
    yield _far_apart()                               # rows about 1000 apart
    params = _params()
    X_test, _ = _test_set()
    yield (X_test[:40].copy(), *params)


def _forward_where(X, W1, b1, W2, b2):
    if X.shape[1] == 64:
        return ("on the first 40 test digits with the weights of a 64-16-10 network trained 10 "
                "epochs on the notebook's training set,")
    if W2[0, 0] == 1000.0:
        return ("for the small network of the first case with W2 = [[1000, 999], [0, 0], "
                "[1/3, -2/3]] and b2 = [0, 0] (the first row's logits are (1000, 999), the "
                "second's (0.5, -1): about 1000 apart),")
    if np.abs(W2).max() > 10:
        return ("for the small network of the first case with W2 multiplied by 400 and b2 = "
                "[300, 0] (logits in the hundreds: exp of them overflows unless you subtract "
                "each row's largest logit first),")
    return (f"for X = {_vector_text(X[0])} and {_vector_text(X[1])} (two rows), W1 = "
            "[[1, -1, 0.5], [0, 1, -1]], b1 = [0, -1, 0.5], W2 = [[1, 0], [0, 1], [1, -1]], "
            "b2 = [0, 0.5],")


_AUTODIFF = dataclasses.replace(
    forbid_module("mathlib.autodiff", "which builds the network for you (this exercise asks for "
                  "the forward pass in numpy)", "AUTODIFF"),
    example="import mathlib.autodiff; mathlib.autodiff.Tensor([1.0])")

def _global_shift(X, W1, b1, W2, b2):
    """The softmax shifted by the batch's largest logit, not each row's (0 / 0 = NaN in a row
    far below it)."""
    z = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=1, keepdims=True)


def _no_keepdims(X, W1, b1, W2, b2):
    """Each row's exponentials divided by e.sum(axis=1) without keepdims: the (N,) sums line up
    with the columns (only possible when N equals the number of classes)."""
    z = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def _same_with_nan(got, wrong):
    got, wrong = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
    return got.shape == wrong.shape and np.allclose(got, wrong, rtol=1e-6, atol=1e-12,
                                                    equal_nan=True)


_FORWARD_SLIPS = (
    Slip(_global_shift,
         "you subtracted the largest logit of the whole batch (z.max()); subtract each row's "
         "own, z.max(axis=1, keepdims=True): a row whose logits are far below the batch's "
         "largest becomes exp(-1000) = 0 everywhere, and 0 / 0 is nan",
         matches=lambda got, want, args: _same_with_nan(got, _global_shift(*args))),
    Slip(_no_keepdims,
         "you divided by e.sum(axis=1) without keepdims=True: the N row sums, of shape (N,), "
         "line up with the columns, so each entry was divided by another row's sum (with 2 "
         "images and 2 classes the shapes fit and numpy does not complain); "
         "e.sum(axis=1, keepdims=True) has shape (N, 1), one sum per row"),
    Slip(lambda X, W1, b1, W2, b2: _softmax_rows((X @ W1 + b1) @ W2 + b2),
         "there is no ReLU in your hidden layer: h = relu(X W1 + b1) sets the negative "
         "pre-activations to 0 before the second layer"),
    Slip(lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.0) @ W2 + b2,
         "you returned the logits; the network's output here is the softmax of each row of them, "
         "probabilities that sum to 1"),
    Slip(lambda X, W1, b1, W2, b2: (lambda z: np.exp(z - z.max(axis=0)) /
                                    np.exp(z - z.max(axis=0)).sum(axis=0))(
        np.maximum(X @ W1 + b1, 0.0) @ W2 + b2),
         "your softmax runs down each column (axis 0, across the images); it belongs to each "
         "row (axis=1, across the classes of one image)"),
    Slip(lambda X, W1, b1, W2, b2: _softmax_rows(np.maximum(X @ W1, 0.0) @ W2),
         "you left out the biases b1 and b2"),
    Slip(lambda X, W1, b1, W2, b2: _softmax_rows(np.maximum(np.maximum(X @ W1 + b1, 0.0) @ W2
                                                            + b2, 0.0)),
         "you applied the ReLU to the logits too; the last layer has no activation before the "
         "softmax"),
)


@exercise("27.2", "the forward pass of a two-layer network, in numpy", name="forward",
          solution=("def forward(X, W1, b1, W2, b2):\n"
                    "    h = np.maximum(X @ W1 + b1, 0.0)          # hidden layer, ReLU\n"
                    "    z = h @ W2 + b2                            # logits\n"
                    "    z = z - z.max(axis=1, keepdims=True)       # stable: the largest is 0\n"
                    "    e = np.exp(z)\n"
                    "    return e / e.sum(axis=1, keepdims=True)\n"),
          hints=["Two layers: the hidden one is h = relu(X W1 + b1), the output one gives the "
                 "logits z = h W2 + b2; then a softmax turns each row of logits into "
                 "probabilities.",
                 "The softmax belongs to each row (one image): exponentiate and divide by the "
                 "row's sum, axis=1 with keepdims=True so that the shapes line up.",
                 "Logits in the hundreds overflow np.exp: subtract each row's largest logit "
                 "first (notebook 21); the probabilities do not change."],
          wrong=[lambda X, W1, b1, W2, b2: _softmax_rows((X @ W1 + b1) @ W2 + b2),
                 lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.0) @ W2 + b2,
                 lambda X, W1, b1, W2, b2: _softmax_rows(np.maximum(X @ W1, 0.0) @ W2),
                 lambda X, W1, b1, W2, b2: _softmax_rows(
                     np.maximum(np.maximum(X @ W1 + b1, 0.0) @ W2 + b2, 0.0)),
                 lambda X, W1, b1, W2, b2: (lambda e: e / e.sum(axis=1, keepdims=True))(
                     np.exp(np.maximum(X @ W1 + b1, 0.0) @ W2 + b2)),
                 _global_shift, _no_keepdims],
          right=[_forward_ref,
                 lambda X, W1, b1, W2, b2: (lambda e: e / e.sum(axis=1, keepdims=True))(
                     np.exp((lambda z: z - z.max(axis=1, keepdims=True))(
                         np.where(X @ W1 + b1 > 0, X @ W1 + b1, 0.0) @ W2 + b2))),
                 lambda X, W1, b1, W2, b2: (lambda e: e / e.sum(axis=1, keepdims=True))(
                     np.exp((lambda z: z - z.max(axis=1, keepdims=True))(
                         np.maximum(X.astype(np.float32) @ W1 + b1, 0.0) @ W2 + b2))),
                 lambda X, W1, b1, W2, b2: (lambda z: np.exp(
                     z - np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))
                     - z.max(axis=1, keepdims=True)))(np.maximum(X @ W1 + b1, 0.0) @ W2 + b2)],
          forbidden=(SCIPY,
                     _AUTODIFF,
                     forbid_object("mathlib.probability.softmax",
                                   "which computes the softmax for you")))
def _check_forward(forward):
    return compare_cases(forward, _forward_cases(), _forward_ref, slips=_FORWARD_SLIPS,
                         what="the probabilities", where=_forward_where)


# -- 27.3 per-class recall from a confusion matrix ------------------------------------------------

def _shares(C, axis: int):
    """C[k, k] divided by the sum of row k (axis=1) or column k (axis=0); 0 for an empty one."""
    C = np.asarray(C, dtype=float)
    sums = C.sum(axis=axis)
    out = np.zeros(len(C))
    has = sums > 0
    out[has] = np.diag(C)[has] / sums[has]
    return out


def _recall_ref(C):
    return _shares(C, 1)


def _precision_of(C):
    return _shares(C, 0)


def _real_confusion():
    params = _params()
    X_test, y_test = _test_set()
    W1, b1, W2, b2 = params
    pred = (np.maximum(X_test @ W1 + b1, 0.0) @ W2 + b2).argmax(axis=1)
    return np.bincount(10 * y_test + pred, minlength=100).reshape(10, 10)


def _recall_cases():
    yield (np.array([[5, 1, 0], [2, 6, 2], [0, 0, 4]]),)          # 5/6, 6/10, 4/4
    yield (np.array([[3, 0, 1], [0, 0, 0], [1, 2, 3]]),)          # class 1 never occurs
    yield (_real_confusion(),)


def _recall_where(C):
    if len(C) == 10:
        return ("for the confusion matrix of a 64-16-10 network (10 epochs) on the notebook's "
                "360 test digits,")
    return "for C = [" + ", ".join(_vector_text(r) for r in C) + "],"


_RECALL_SLIPS = (
    Slip(_precision_of,
         "you divided by the column sums: that is precision (of the images predicted k, the "
         "share that are k); recall divides by the row sums, the images that truly are k"),
    Slip(lambda C: np.diag(np.asarray(C, dtype=float)) / np.asarray(C).sum(),
         "you divided by the number of all images; recall of class k divides by the images "
         "of class k, the sum of row k"),
    Slip(lambda C: np.diag(np.asarray(C, dtype=float)),
         "you returned the counts on the diagonal; divide each by its row's sum"),
)


@exercise("27.3", "recall of each class from a confusion matrix", name="recall_per_class",
          solution=("def recall_per_class(C):\n"
                    "    C = np.asarray(C, dtype=float)\n"
                    "    rows = C.sum(axis=1)                      # images of each true class\n"
                    "    recall = np.zeros(len(C))\n"
                    "    has = rows > 0\n"
                    "    recall[has] = np.diag(C)[has] / rows[has]\n"
                    "    return recall\n"),
          hints=["Rows are the true classes, columns the predicted ones (notebook 22). Where in "
                 "row k are the images of class k that the network got right?",
                 "Recall of class k = C[k, k] divided by the sum of row k: of the images that "
                 "are k, the share found.",
                 "A class with no image has an empty row (sum 0): give it recall 0, without "
                 "dividing by 0 (test rows > 0 first)."],
          wrong=[_precision_of,
                 lambda C: np.diag(np.asarray(C, dtype=float)) / np.asarray(C).sum(),
                 lambda C: np.diag(np.asarray(C, dtype=float)),
                 lambda C: np.nan_to_num(np.diag(C) / np.maximum(C.sum(axis=0), 1)),
                 lambda C: np.diag(C) / np.maximum(C.sum(axis=1), 1) * (len(C) > 3),
                 lambda C: np.diag(np.asarray(C, dtype=float)).sum() / np.asarray(C).sum()
                 * np.ones(len(C))],
          right=[_recall_ref,
                 lambda C: np.diag(C) / np.maximum(C.sum(axis=1), 1),
                 lambda C: np.divide(np.diag(C), C.sum(axis=1), out=np.zeros(len(C)),
                                     where=C.sum(axis=1) > 0),
                 lambda C: np.array([C[k, k] / C[k].sum() if C[k].sum() else 0.0
                                     for k in range(len(C))])],
          forbidden=(forbid_object("mathlib.metrics.recall", "which computes recall for you"),))
def _check_recall(recall_per_class):
    return compare_cases(recall_per_class, _recall_cases(), _recall_ref, slips=_RECALL_SLIPS,
                         what="the recalls", where=_recall_where)


# -- 27.4 early stopping: the best epoch ----------------------------------------------------------

def _best_ref(val_accuracy):
    a = np.asarray(val_accuracy, dtype=float)
    return int(np.argmax(a)) + 1


def _best_cases():
    yield (np.array([0.80, 0.90, 0.95, 0.93, 0.94]),)             # epoch 3
    yield (np.array([0.5, 0.9, 0.9, 0.85, 0.9]),)                 # a tie: the first, epoch 2
    yield (np.array([0.97]),)                                     # one epoch
    yield (_trained()[1].copy(),)                                 # the real curve


def _best_where(val_accuracy):
    if len(val_accuracy) == _EPOCHS:
        return ("for the validation accuracies of a 64-16-10 network after each of its 10 "
                f"epochs on the digits ({_vector_text(np.round(val_accuracy, 4))}),")
    return f"for the validation accuracies {_vector_text(val_accuracy)} (epochs 1, 2, ...),"


_BEST_SLIPS = (
    Slip(lambda a: int(np.argmax(a)),
         "you returned the position counted from 0 (numpy's index); epochs are counted from 1, "
         "the first entry is after epoch 1"),
    Slip(lambda a: int(len(a) - np.argmax(np.asarray(a)[::-1])),
         "on a tie you took the last best epoch; early stopping keeps the first (as good, with "
         "fewer epochs of fitting the training set)"),
    Slip(lambda a: int(np.argmin(a)) + 1,
         "you took the lowest accuracy; the best epoch has the highest"),
)


@exercise("27.4", "early stopping: the epoch with the best validation accuracy",
          name="best_epoch",
          solution=("def best_epoch(val_accuracy):\n"
                    "    best, epoch = -1.0, 0\n"
                    "    for k, a in enumerate(val_accuracy, start=1):\n"
                    "        if a > best:                       # strictly: ties keep the first\n"
                    "            best, epoch = a, k\n"
                    "    return epoch\n"),
          hints=["Which entry is largest? Its position tells the epoch, but count the epochs "
                 "from 1.",
                 "When several epochs share the best value, keep the first of them: a later one "
                 "is no better on the validation set and has fitted the training set longer.",
                 "np.argmax returns the first position of the largest value, counted from 0."],
          wrong=[lambda a: int(np.argmax(a)),
                 lambda a: int(len(a) - np.argmax(np.asarray(a)[::-1])),
                 lambda a: int(np.argmin(a)) + 1, lambda a: len(a),
                 lambda a: float(np.max(a))],
          right=[_best_ref, lambda a: list(a).index(max(a)) + 1,
                 lambda a: int(np.flatnonzero(np.asarray(a) == np.max(a))[0] + 1)])
def _check_best(best_epoch):
    return compare_cases(best_epoch, _best_cases(), _best_ref, slips=_BEST_SLIPS,
                         what="the best epoch", where=_best_where)
