"""Notebook 27's exercises: the cross-entropy gradient by hand (each slip named only when it is
the cause), the forward pass (slips, the stable softmax, the forbidden shortcuts, the real case
against nn.MLP), per-class recall from a confusion matrix (against mathlib.metrics on the real
digits) and early stopping (ties, counting from 1), and every check well under a second."""

import time

import numpy as np
import pytest

from mathlib import metrics, nn
from mathlib.exercises import evaluate, reference

from .exercise_helpers import assert_passes, cell_text, fail_message, no_checker_defects  # noqa: F401
from .exercise_helpers import refused_message

NB = "27_neural_network_from_scratch.ipynb"


# -- 27.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_is_softmax_minus_onehot_of_the_text_s_numbers():
    text = cell_text(NB, "a27f0027")
    assert "$e^{z_0} = 6$, $e^{z_1} = 3$ and $e^{z_2} = 1$, and the true class is 1" in text
    e = np.array([6.0, 3.0, 1.0])
    answer = e / e.sum() - np.eye(3)[1]
    assert np.allclose(answer, (0.6, -0.7, 0.1))
    assert_passes("27.1", tuple(answer))


@pytest.mark.parametrize("answer, words", [
    ((-0.6, 0.7, -0.1), "signs are flipped"),
    ((0.6, 0.3, 0.1), "0.3 is the true class's probability"),
    ((-0.4, 0.3, 0.1), "1 of the one-hot on the first entry"),
    ((6, -7, 1), "used the exponentials themselves"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("27.1", answer)


def test_by_hand_all_signs_flipped_is_said_once():
    message = fail_message("27.1", (-0.6, 0.7, -0.1))
    assert message.count("signs are flipped") == 1


def test_by_hand_one_hot_on_the_first_entry_names_only_that_cause():
    message = fail_message("27.1", (-0.4, 0.3, 0.1))
    assert "1 of the one-hot on the first entry" in message
    assert "0.3 is the true class's probability" not in message
    assert message.count("It looks as if") + message.count("you put") == 1


def test_by_hand_unlisted_numbers_name_no_slip():
    message = fail_message("27.1", (0.6, -0.3, 0.1))
    assert "It looks as if" not in message and "should be -0.7" in message


# -- 27.2 the forward pass ----------------------------------------------------------------------
def test_forward_reference_is_nn_mlp_on_the_real_case():
    from mathlib.exercises.nb27 import _forward_cases

    *_, real = _forward_cases()
    X, W1, b1, W2, b2 = real
    model = nn.MLP((64, 16, 10), rng=0)
    for p, value in zip(model.parameters(), (W1, b1, W2, b2)):
        p.data[...] = value
    assert np.allclose(reference("27.2")(*real), model.predict_proba(X), rtol=1e-12)


def test_forward_small_case_by_hand():
    from mathlib.exercises.nb27 import _small

    X, W1, b1, W2, b2 = _small()
    h = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.5]])          # relu([1, 0, -1]), relu([0, -2, 1.5])
    z = h @ W2 + b2
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(reference("27.2")(X, W1, b1, W2, b2), p)


@pytest.mark.parametrize("answer, words", [
    (lambda X, W1, b1, W2, b2: (lambda z: np.exp(z - z.max(1, keepdims=True))
                                / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True))(
        (X @ W1 + b1) @ W2 + b2), "no ReLU in your hidden layer"),
    (lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2 + b2, "you returned the logits"),
    (lambda X, W1, b1, W2, b2: (lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(0))(
        np.maximum(X @ W1 + b1, 0) @ W2 + b2), "runs down each column"),
    (lambda X, W1, b1, W2, b2: (lambda z: np.exp(z - z.max(1, keepdims=True))
                                / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True))(
        np.maximum(X @ W1, 0) @ W2), "left out the biases"),
])
def test_forward_slips_are_named(answer, words):
    assert words in fail_message("27.2", answer)


def test_forward_naive_softmax_fails_on_the_large_logits_and_says_why():
    def naive(X, W1, b1, W2, b2):
        e = np.exp(np.maximum(X @ W1 + b1, 0) @ W2 + b2)
        return e / e.sum(axis=1, keepdims=True)

    message = fail_message("27.2", naive)
    assert "nan" in message and "subtract each row's largest logit first" in message


def _shift_by(z, *, rows):
    z = z - (z.max(axis=1, keepdims=True) if rows else z.max())
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def test_forward_global_max_shift_fails_on_rows_far_apart_and_is_named():
    def global_shift(X, W1, b1, W2, b2):
        return _shift_by(np.maximum(X @ W1 + b1, 0) @ W2 + b2, rows=False)

    message = fail_message("27.2", global_shift)
    assert "largest logit of the whole batch" in message and "each row's own" in message


def test_forward_sum_without_keepdims_is_named():
    def no_keepdims(X, W1, b1, W2, b2):
        z = np.maximum(X @ W1 + b1, 0) @ W2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1)

    message = fail_message("27.2", no_keepdims)
    assert "keepdims=True" in message and "another row's sum" in message


def test_forward_shortcuts_are_refused():
    from mathlib import autodiff

    def via_autodiff(X, W1, b1, W2, b2):
        z = (autodiff.Tensor(X) @ autodiff.Tensor(W1) + b1).relu() @ W2 + b2
        return reference("27.2")(X, W1, b1, W2, b2) + 0 * z.data.sum()

    assert "which builds the network for you" in refused_message("27.2", via_autodiff)

    def via_softmax(X, W1, b1, W2, b2):
        from mathlib.probability import softmax
        return softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2, axis=1)

    assert "which computes the softmax for you" in refused_message("27.2", via_softmax)


# -- 27.3 recall per class ----------------------------------------------------------------------
def test_recall_reference_is_the_library_s_on_the_real_digits():
    from mathlib.exercises.nb27 import _params, _real_confusion, _test_set

    C = _real_confusion()
    X, y = _test_set()
    W1, b1, W2, b2 = _params()
    pred = (np.maximum(X @ W1 + b1, 0) @ W2 + b2).argmax(axis=1)
    assert np.array_equal(C, metrics.confusion_matrix(y, pred, n_classes=10))
    want = [metrics.recall((y == k).astype(int), (pred == k).astype(int)) for k in range(10)]
    assert np.allclose(reference("27.3")(C), want)
    assert np.allclose(reference("27.3")(np.array([[3, 0, 1], [0, 0, 0], [1, 2, 3]])),
                       [0.75, 0.0, 0.5])


@pytest.mark.parametrize("answer, words", [
    (lambda C: np.diag(C) / np.maximum(C.sum(axis=0), 1), "that is precision"),
    (lambda C: np.diag(C) / C.sum(), "number of all images"),
    (lambda C: np.diag(C).astype(float), "counts on the diagonal"),
])
def test_recall_slips_are_named(answer, words):
    assert words in fail_message("27.3", answer)


def test_recall_dividing_by_an_empty_row_says_which_case():
    message = fail_message("27.3", lambda C: np.diag(C) / C.sum(axis=1))
    assert "C = [[3, 0, 1], [0, 0, 0], [1, 2, 3]]" in message


def test_recall_with_np_divide_where_passes():
    """Hint 3's idiom (np.divide with out= and where=) is a right answer: the rules' watched
    arrays are unwrapped in keywords too."""
    def recall_per_class(C):
        r = C.sum(axis=1)
        return np.divide(np.diag(C), r, out=np.zeros(len(C)), where=r > 0)

    assert_passes("27.3", recall_per_class)


def test_recall_shortcut_is_refused():
    def shortcut(C):
        y = np.repeat(np.arange(len(C)), C.sum(axis=1))
        p = np.concatenate([np.repeat(np.arange(len(C)), row) for row in C])
        return np.array([metrics.recall((y == k).astype(int), (p == k).astype(int))
                         for k in range(len(C))])

    assert "which computes recall for you" in refused_message("27.3", shortcut)


# -- 27.4 early stopping ---------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words", [
    (lambda a: int(np.argmax(a)), "counted from 0"),
    (lambda a: int(len(a) - np.argmax(np.asarray(a)[::-1])), "on a tie you took the last"),
    (lambda a: int(np.argmin(a)) + 1, "took the lowest accuracy"),
])
def test_best_epoch_slips_are_named(answer, words):
    assert words in fail_message("27.4", answer)


def test_best_epoch_real_case_and_the_notebook_s_history():
    from mathlib.exercises.nb27 import _trained

    curve = _trained()[1]
    assert len(curve) == 10 and reference("27.4")(curve) == int(np.argmax(curve)) + 1
    assert reference("27.4")([0.5, 0.9, 0.9]) == 2
    assert_passes("27.4", lambda a: list(a).index(max(a)) + 1)


# -- every check is cheap --------------------------------------------------------------------------
@pytest.mark.parametrize("id", ["27.1", "27.2", "27.3", "27.4"])
def test_each_check_is_well_under_a_second(id):
    from mathlib.exercises.nb27 import _trained

    _trained()                          # the small network, trained once per kernel (~50 ms)
    start = time.perf_counter()
    assert evaluate(id, reference(id)).status == "pass"
    assert time.perf_counter() - start < 0.5


def test_the_exercise_texts_match_the_checks():
    assert "no `mathlib.autodiff` (so no `nn.MLP`), no `mathlib.probability.softmax` and no scipy" \
        in cell_text(NB, "a27f0029")
    assert "no `mathlib.metrics.recall`" in cell_text(NB, "a27f0031")
    assert "**counted from 1**" in cell_text(NB, "a27f0033")
