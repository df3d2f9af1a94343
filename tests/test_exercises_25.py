"""Notebook 25's exercises: the by-hand answer and its slips, conv2d from scratch against scipy
(with the forbidden conv2d and the named slips), the parameter counts against their definitions,
and the colour filter on the photograph."""

import time

import numpy as np
import pytest
from scipy import signal

from mathlib.conv import conv2d
from mathlib.exercises import evaluate, questions

from .exercise_helpers import (assert_passes, cell_text, fail_message,  # noqa: F401
                               no_checker_defects, refused_message)


# -- 25.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_scipy_s():
    x = np.array([[1, 2, 0], [0, 1, 3], [2, 1, 1]])
    w = np.array([[1, 2], [0, -1]])
    out = signal.correlate2d(x, w, mode="valid")
    size = int(np.floor((28 + 2 * 2 - 5) / 2)) + 1
    assert size == 14
    assert_passes("25.1", (*out.ravel().tolist(), size))


def test_by_hand_the_notebook_s_question_is_the_one_checked():
    text = " ".join(cell_text("25_convolution.ipynb", "a25f0023").split())
    assert r"w = \begin{pmatrix} 1 & 2 \\ 0 & -1 \end{pmatrix}" in text
    assert (r"x = \begin{pmatrix} 1 & 2 & 0 \\ 0 & 1 & 3 \\ 2 & 1 & 1 \end{pmatrix}" in text)
    assert "$28 \\times 28$ image through a $5 \\times 5$ kernel with stride 2 and padding 2" in text


@pytest.mark.parametrize("answer, words", [
    ((0, 3, 5, 2, 14), "you flipped the kernel"),
    ((4, -1, 1, 6, 14.5), "you did not round down"),
    ((4, -1, 1, 6, 13.5), "you left out the + 1 and did not round down"),
    ((4, -1, 1, 6, 13), "you padded one side only"),
    ((4, -1, 1, 6, 13), "or left out the + 1"),
    ((4, -1, 1, 6, 12), "you left out the padding"),
    ((4, -1, 1, 6, 15), "you rounded up"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("25.1", answer)


def _size(n, k, s, p_before, p_after, rounding=np.floor):
    return int(rounding((n + p_before + p_after - k) / s)) + 1


def test_by_hand_size_slips_differ_from_the_right_size():
    """Padding on one side only, and no padding (rounded down or up), give a wrong number."""
    right = _size(28, 5, 2, 2, 2)
    assert right == 14
    for slip in (_size(28, 5, 2, 2, 0), _size(28, 5, 2, 0, 0), _size(28, 5, 2, 0, 0, np.ceil)):
        assert slip != right
        assert "it should be 14" in fail_message("25.1", (4, -1, 1, 6, slip))


def test_by_hand_flipped_kernel_is_said_once():
    message = fail_message("25.1", (0, 3, 5, 2, 14))
    assert message.count("flipped the kernel") == 1
    assert "(0, 3, 5, 2); they should be (4, -1, 1, 6)" in message
    assert "output size is right" in message
    both = fail_message("25.1", (0, 3, 5, 2, 12))
    assert both.count("flipped the kernel") == 1 and "you left out the padding" in both


def test_by_hand_other_numbers_name_no_slip():
    message = fail_message("25.1", (4, -1, 1, 7, 14))
    assert "it should be 6" in message and "flipped" not in message


# -- 25.2 conv2d from scratch ---------------------------------------------------------------------
def test_conv_loop_passes_and_matches_scipy():
    def loop(image, kernel, stride, padding):
        x = np.pad(image, padding)
        kh, kw = kernel.shape
        return np.array([[np.sum(x[i:i + kh, j:j + kw] * kernel)
                          for j in range(0, x.shape[1] - kw + 1, stride)]
                         for i in range(0, x.shape[0] - kh + 1, stride)])
    assert_passes("25.2", loop)


def test_conv_shortcut_is_refused():
    message = refused_message("25.2", lambda x, w, s, p: conv2d(x, w, stride=s, padding=p))
    assert "conv2d" in message
    scipy_message = refused_message(
        "25.2", lambda x, w, s, p: signal.correlate2d(np.pad(x, p), w, mode="valid")[::s, ::s])
    assert "scipy" in scipy_message


@pytest.mark.parametrize("wrong, words", [
    (lambda x, w, s, p: signal.convolve2d(np.pad(x, p), w, mode="valid")[::s, ::s] + 0.0,
     "you flipped the kernel"),
    (lambda x, w, s, p: np.array([[np.sum(x[i:i + w.shape[0], j:j + w.shape[1]] * w)
                                   for j in range(0, x.shape[1] - w.shape[1] + 1, s)]
                                  for i in range(0, x.shape[0] - w.shape[0] + 1, s)]),
     "you left out the padding"),
])
def test_conv_slips_are_named(wrong, words):
    def learner(x, w, s, p):                   # numpy only: the slip computed without scipy
        xp = np.pad(x, p)
        ww = w[::-1, ::-1] if "flipped" in words else w
        src = xp if "flipped" in words else x
        return np.array([[np.sum(src[i:i + ww.shape[0], j:j + ww.shape[1]] * ww)
                          for j in range(0, src.shape[1] - ww.shape[1] + 1, s)]
                         for i in range(0, src.shape[0] - ww.shape[0] + 1, s)])
    assert words in fail_message("25.2", learner)


def test_conv_stride_left_out_is_named():
    def learner(x, w, s, p):
        xp = np.pad(x, p)
        return np.array([[np.sum(xp[i:i + w.shape[0], j:j + w.shape[1]] * w)
                          for j in range(xp.shape[1] - w.shape[1] + 1)]
                         for i in range(xp.shape[0] - w.shape[0] + 1)])
    message = fail_message("25.2", learner)
    assert "the first case" not in message
    assert "you left out the stride" in message


def test_conv_check_is_cheap():
    from mathlib.exercises import reference
    start = time.perf_counter()
    evaluate("25.2", reference("25.2"))
    assert time.perf_counter() - start < 1.0


# -- 25.3 parameter counts ------------------------------------------------------------------------
def test_counts_are_the_definitions():
    def by_definition(H, W, C, F, k):
        conv = np.zeros((F, C, k, k)).size + np.zeros(F).size
        dense = np.zeros((C * H * W, F * H * W)).size + F * H * W if H * W < 2000 else \
            (C * H * W) * (F * H * W) + F * H * W
        return conv, dense
    assert_passes("25.3", by_definition)


@pytest.mark.parametrize("wrong, words", [
    (lambda H, W, C, F, k: (F * C * k * k, (C * H * W) * (F * H * W)), "you left out the biases"),
    (lambda H, W, C, F, k: (F * (C * k * k + 1) * H * W, (C * H * W) * (F * H * W) + F * H * W),
     "weight sharing"),
    (lambda H, W, C, F, k: (F * (k * k + 1), (C * H * W) * (F * H * W) + F * H * W),
     "C k k weights"),
    (lambda H, W, C, F, k: (F * (C * k * k + 1), (C * H * W) * (H * W) + H * W),
     "one output map, not F"),
])
def test_counts_slips_are_named(wrong, words):
    assert words in fail_message("25.3", wrong)


def test_counts_one_bias_per_channel_is_named():
    message = fail_message("25.3", lambda H, W, C, F, k: (F * (C * k * k + C),
                                                         (C * H * W) * (F * H * W) + F * H * W))
    assert "one bias per kernel (per input channel) instead of one per filter" in message


@pytest.mark.parametrize("which", [0, 1])
def test_counts_are_compared_exactly(which):
    """A count 40 off fails, even next to a dense count of 5e7; the numbers are whole numbers."""
    def off_by_40(H, W, C, F, k):
        counts = [F * (C * k * k + 1), (C * H * W) * (F * H * W) + F * H * W]
        counts[which] += 40 * (C == 3)
        return tuple(counts)
    message = fail_message("25.3", off_by_40)
    name = ("the convolution count", "the dense count")[which]
    right = (16 * (3 * 25 + 1), (3 * 32 * 32) * (16 * 32 * 32) + 16 * 32 * 32)[which]
    assert f"{name} should be {right}; yours is {right + 40}" in message
    assert "e+" not in message


def test_counts_whole_numbers_are_printed_whole():
    message = fail_message("25.3", lambda H, W, C, F, k: (F * C * k * k * 2, 1.0))
    assert "should be 80; yours is 144" in message and "e+" not in message
    half = fail_message("25.3", lambda H, W, C, F, k: (F * (C * k * k + 1) + 0.5,
                                                       (C * H * W) * (F * H * W) + F * H * W))
    assert "should be 80; yours is 80.5 (a count is a whole number)" in half


def test_counts_other_mistake_names_no_slip():
    message = fail_message("25.3", lambda H, W, C, F, k: (F * (C * k * k + 1),
                                                         (C * H * W) * (F * H * W)))
    assert "biases" not in message and "sharing" not in message


# -- 25.4 colour filter ---------------------------------------------------------------------------
def test_colour_filter_gives_the_grey_output_on_the_photograph():
    from mathlib.data import load_photo
    rgb = load_photo(gray=False, step=8)
    grey = load_photo(step=8)
    sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    filt = np.stack([0.299 * sobel, 0.587 * sobel, 0.114 * sobel])
    assert np.allclose(conv2d(np.moveaxis(rgb, -1, 0), filt, padding=1),
                       conv2d(grey, sobel, padding=1))
    assert_passes("25.4", lambda w: np.stack([c * w for c in (0.299, 0.587, 0.114)]))


def test_colour_the_line_the_text_gives_runs():
    """The expression of 25.4's text runs on the notebook's rgb (channels first) and gives the
    grey photograph's output."""
    import re
    from mathlib.conv import conv2d as conv
    from mathlib.data import load_photo
    from mathlib.exercises import reference
    text = " ".join(cell_text("25_convolution.ipynb", "a25f0029").split())
    line = next(code for code in re.findall(r"`([^`]*)`", text) if code.startswith("conv2d("))
    setup = next(row for row in cell_text("25_convolution.ipynb", "a25f0017").splitlines()
                 if row.startswith("rgb = "))
    sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    space = {"np": np, "load_photo": load_photo, "conv2d": conv,
             "colour_filter": reference("25.4"), "kernel": sobel}
    exec(setup, space)
    assert space["rgb"].shape == (3, 150, 128)
    out = eval(line, space)
    np.testing.assert_allclose(out, conv(load_photo(step=4), sobel), atol=1e-9)


@pytest.mark.parametrize("wrong, words", [
    (lambda w: np.stack([w] * 3), "the same kernel on every channel"),
    (lambda w: np.stack([w / 3] * 3), "averaged the channels equally"),
    (lambda w: np.stack([0.114 * w, 0.587 * w, 0.299 * w]), "in the order B, G, R"),
])
def test_colour_slips_are_named(wrong, words):
    assert words in fail_message("25.4", wrong)


def test_colour_channels_last_is_named():
    """np.stack(..., axis=-1) gives (3, 3, 3) for a 3 x 3 kernel: the shape check cannot see it."""
    message = fail_message("25.4", lambda w: np.stack([c * w for c in (0.299, 0.587, 0.114)],
                                                      axis=-1))
    assert "channels on its last axis" in message and "the channels go on axis 0" in message


@pytest.mark.parametrize("qid, wrong", [
    ("25.2", lambda x, w, s, p: np.zeros((1, 1))),
    ("25.4", lambda w: np.zeros((1, 1))),
])
def test_shape_messages_read_as_one_sentence(qid, wrong):
    message = fail_message(qid, wrong)
    assert "you returned an array of shape (1, 1); for " in message
    assert "; For " not in message and ":" not in message.split("; for ", 1)[1].split("(")[0]


# -- questions ------------------------------------------------------------------------------------
def test_question_3_says_13_5_lacks_the_plus_one():
    option = next(o for o in questions.QUESTIONS["25.q3"].options if o.text.startswith("13.5"))
    words = " ".join(option.explanation.split())
    assert "missing the + 1" in words and "14 x 14" in words

def test_questions_of_25_have_one_right_option_each_at_different_positions():
    positions = []
    for qid in ("25.q1", "25.q2", "25.q3"):
        q = questions.QUESTIONS[qid]
        right = [i for i, option in enumerate(q.options) if option.right]
        assert len(right) == 1
        positions.append(right[0])
    assert len(set(positions)) == 3
