"""Exercises of notebook 25: a cross-correlation and an output size by hand, conv2d from scratch
(stride and padding), parameter counts of a convolution and a dense layer, and a colour filter
that does on the RGB photograph what an edge kernel does on the grey one.

Each checker starts with a case a learner can verify by hand; the slips (a flipped kernel, the
padding or stride left out, padding on one side only, one weight per pixel, no biases) are named
only when they fit every case. The photograph and the digits are loaded once (cached).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..conv import conv2d as _conv2d
from ..data import load_digits, load_photo
from ._core import exercise
from ._feedback import Wrong, as_numbers, close, fmt
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases, name_slip

NOTEBOOK = "25"

LUMA = (0.299, 0.587, 0.114)      # load_photo's grey: 0.299 R + 0.587 G + 0.114 B
SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


@lru_cache(maxsize=1)
def _digit() -> np.ndarray:
    return load_digits().X[0].reshape(8, 8) / 16.0


@lru_cache(maxsize=1)
def _photo_rgb() -> np.ndarray:
    return load_photo(gray=False, step=8)


# -- 25.1 by hand: four outputs and an output size ---------------------------------------------------

_OUTS_25_1 = (4.0, -1.0, 1.0, 6.0)
_FLIPPED_25_1 = (0.0, 3.0, 5.0, 2.0)        # the kernel turned round: the convolution of maths
_NAMES_25_1 = ["out[0, 0]", "out[0, 1]", "out[1, 0]", "out[1, 1]", "output size"]
_SIZE_25_1 = 14.0                           # floor((28 + 2 * 2 - 5) / 2) + 1
_SIZE_SLIPS_25_1 = [
    (14.5, "you did not round down: (28 + 4 - 5) / 2 = 13.5, floor 13, plus 1"),
    (13.5, "you left out the + 1 and did not round down: (28 + 4 - 5) / 2 = 13.5, floor 13, "
           "then + 1 for the first position"),
    (13.0, "you padded one side only (floor((28 + 2 - 5) / 2) + 1 = 13) or left out the + 1 "
           "(floor((28 + 4 - 5) / 2) = 13): the padding goes on both sides, n + 2p = 32, and the "
           "first position counts too, floor((32 - 5) / 2) + 1 = 14"),
    (12.0, "you left out the padding: floor((28 - 5) / 2) + 1 = 12; with 2 rows of zeros on "
           "both sides, floor((28 + 4 - 5) / 2) + 1 = 14"),
    (15.0, "you rounded up: the kernel must fit inside the padded input, so 13.5 rounds down "
           "to 13, and 13 + 1 = 14"),
]


@exercise("25.1", "by hand: a 2 x 2 kernel on a 3 x 3 image, and an output size",
          name="answer_25_1",
          solution="answer_25_1 = (4, -1, 1, 6, 14)\n",
          hints=["Put the kernel on the top-left 2 x 2 block of the image, multiply the four "
                 "pairs of numbers that lie on top of each other and add them: that is out[0, 0]. "
                 "Then move the kernel one column right, then one row down.",
                 "The kernel is not turned round: its top-left weight (1) always multiplies the "
                 "top-left pixel of the block it covers.",
                 "Output size: floor((n + 2p - k) / s) + 1, with p rows of zeros on each side "
                 "and the floor taken before adding 1."],
          wrong=[(0, 3, 5, 2, 14), (0, 3, 5, 2, 13), (4, -1, 1, 6, 14.5), (4, -1, 1, 6, 13),
                 (4, -1, 1, 6, 12), (4, -1, 1, 6, 15), (4, -1, 1, 6, 13.5), (4, -1, 1, 6),
                 (4, 1, -1, 6, 14), (-4, 1, -1, -6, 14), ("4", -1, 1, 6, 14)],
          right=[[4, -1, 1, 6, 14], (4.0, -1.0, 1.0, 6.0, 14.0), np.array([4, -1, 1, 6, 14])])
def _check_answer_25_1(answer_25_1):
    got = as_numbers(answer_25_1, 5, f"the answer, ({', '.join(_NAMES_25_1)}),")
    outs = got[:4]
    flipped = (not all(close(g, w) for g, w in zip(outs, _OUTS_25_1))
               and sum(close(g, f) for g, f in zip(outs, _FLIPPED_25_1)) >= 3)
    if not flipped:
        return by_hand_problem(answer_25_1, _NAMES_25_1, [*_OUTS_25_1, _SIZE_25_1],
                               {4: _SIZE_SLIPS_25_1})
    # the kernel turned round: said once, for the four outputs together
    size = by_hand_problem((got[4],), ["output size"], [_SIZE_25_1], {0: _SIZE_SLIPS_25_1})
    text = (f"your four outputs are ({', '.join(fmt(g) for g in outs)}); they should be "
            f"({', '.join(fmt(w) for w in _OUTS_25_1)}). It looks as if you flipped the kernel "
            "(the convolution of mathematics); deep-learning libraries slide the kernel as it is "
            "(cross-correlation).")
    return text + (f" And {size}" if size else " Your output size is right.")


# -- 25.2 conv2d from scratch --------------------------------------------------------------------

def _conv_ref(image, kernel, stride, padding):
    return _conv2d(image, kernel, stride=stride, padding=padding)


def _conv_cases():
    yield np.arange(9.0).reshape(3, 3), np.array([[1.0, 2.0], [0.0, -1.0]]), 1, 0
    yield np.arange(16.0).reshape(4, 4), np.array([[1.0, 0.0], [0.0, -1.0]]), 1, 1
    yield np.arange(30.0).reshape(5, 6), np.array([[2.0, -1.0, 0.5]]), 2, 0
    rng = np.random.default_rng(252)
    yield rng.normal(size=(7, 9)), rng.normal(size=(3, 2)), 3, 2
    yield _digit(), SOBEL_X, 1, 1


def _conv_where(image, kernel, stride, padding):
    name = "the digit of the notebook (8 x 8)" if image.shape == (8, 8) else (
        f"an image of shape {image.shape}")
    return (f"for {name}, a kernel of shape {kernel.shape}, stride {stride} and "
            f"padding {padding},")


def _pad_one_side(image, kernel, stride, padding):
    x = np.pad(image, ((padding, 0), (padding, 0)))
    return _conv2d(x, kernel, stride=stride)


def _shift_and_add(x, w, s, p):
    """A right answer another way: one shifted copy of the image per kernel weight."""
    x = np.pad(x, p)
    kh, kw = w.shape
    H, W = (x.shape[0] - kh) // s + 1, (x.shape[1] - kw) // s + 1
    out = np.zeros((H, W))
    for a in range(kh):
        for b in range(kw):
            out += w[a, b] * x[a:a + (H - 1) * s + 1:s, b:b + (W - 1) * s + 1:s]
    return out


def _windows(x, w, s, p):
    """A right answer another way: numpy's sliding windows."""
    v = np.lib.stride_tricks.sliding_window_view(np.pad(x, p), w.shape)[::s, ::s]
    return (v * w).sum(axis=(2, 3))


_CONV_SLIPS = (
    Slip(lambda x, w, s, p: _conv2d(x, w[::-1, ::-1], stride=s, padding=p),
         "you flipped the kernel (the convolution of mathematics); a Conv2d layer slides the "
         "kernel as it is: out[i, j] = sum of x[i s + a, j s + b] w[a, b]"),
    Slip(lambda x, w, s, p: _conv2d(x, w, stride=s),
         "you left out the padding: add p rows and columns of zeros on every side first"),
    Slip(lambda x, w, s, p: _conv2d(x, w, padding=p),
         "you left out the stride: the window moves s pixels at a time, so output (i, j) starts "
         "at row i s and column j s"),
    Slip(_pad_one_side,
         "you padded only the top and the left: p rows and columns of zeros go on every side"),
)


@exercise("25.2", "conv2d from scratch, with stride and padding", name="my_conv2d",
          solution=("def my_conv2d(image, kernel, stride, padding):\n"
                    "    x = np.pad(image, padding)\n"
                    "    kh, kw = kernel.shape\n"
                    "    H = (x.shape[0] - kh) // stride + 1\n"
                    "    W = (x.shape[1] - kw) // stride + 1\n"
                    "    out = np.zeros((H, W))\n"
                    "    for i in range(H):\n"
                    "        for j in range(W):\n"
                    "            patch = x[i * stride:i * stride + kh, j * stride:j * stride + kw]\n"
                    "            out[i, j] = np.sum(patch * kernel)\n"
                    "    return out\n"),
          hints=["First pad: np.pad(image, padding) adds `padding` rows and columns of zeros on "
                 "every side. Then work out the output's shape with the formula of the notebook.",
                 "Output pixel (i, j) uses the block of the padded image that starts at row "
                 "i * stride and column j * stride and is as large as the kernel.",
                 "Multiply that block by the kernel element-wise (not turned round) and sum."],
          wrong=[lambda x, w, s, p: _conv2d(x, w[::-1, ::-1], stride=s, padding=p),
                 lambda x, w, s, p: _conv2d(x, w, stride=s),
                 lambda x, w, s, p: _conv2d(x, w, padding=p),
                 _pad_one_side,
                 lambda x, w, s, p: _conv2d(x, w, stride=s, padding=p)],
          right=[lambda x, w, s, p: np.array([[np.sum(np.pad(x, p)[i:i + w.shape[0], j:j + w.shape[1]] * w)
                                               for j in range(0, np.pad(x, p).shape[1] - w.shape[1] + 1, s)]
                                              for i in range(0, np.pad(x, p).shape[0] - w.shape[0] + 1, s)]),
                 _shift_and_add, _windows],
          forbidden=(SCIPY, forbid_object("mathlib.conv.conv2d",
                                          "which computes the convolution for you")))
def _check_my_conv2d(my_conv2d):
    return compare_cases(my_conv2d, _conv_cases(), _conv_ref, slips=_CONV_SLIPS,
                         what="the output", where=_conv_where)


# -- 25.3 parameter counts -----------------------------------------------------------------------

def _counts_ref(H, W, C, F, k):
    return np.array([F * (C * k * k + 1), (C * H * W) * (F * H * W) + F * H * W], dtype=float)


def _counts_cases():
    yield 8, 8, 1, 8, 3          # the notebook's digit
    yield 28, 28, 1, 32, 3
    yield 32, 32, 3, 16, 5
    yield 150, 128, 1, 4, 3      # the photograph at step 4


def _counts_where(H, W, C, F, k):
    return f"for a {C} x {H} x {W} input and {F} filters of size {k} x {k},"


_COUNT_SLIPS = (
    Slip(lambda H, W, C, F, k: np.array([F * C * k * k, (C * H * W) * (F * H * W)], dtype=float),
         "you left out the biases: one per filter for the convolution, one per output number "
         "for the dense layer"),
    Slip(lambda H, W, C, F, k: np.array([F * (C * k * k + 1) * H * W,
                                         (C * H * W) * (F * H * W) + F * H * W], dtype=float),
         "you gave the convolution one kernel per output pixel: the same kernel is used at every "
         "position (weight sharing), so its count does not grow with the image"),
    Slip(lambda H, W, C, F, k: np.array([F * (k * k + 1), (C * H * W) * (F * H * W) + F * H * W],
                                        dtype=float),
         "each filter has a k x k kernel for every input channel: C k k weights, not k k"),
    Slip(lambda H, W, C, F, k: np.array([F * (C * k * k + 1), (C * H * W) * (H * W) + H * W],
                                        dtype=float),
         "your dense layer has one output map, not F: it must produce the F x H x W numbers the "
         "convolution produces"),
    Slip(lambda H, W, C, F, k: np.array([F * (C * k * k + C),
                                         (C * H * W) * (F * H * W) + F * H * W], dtype=float),
         "you gave one bias per kernel (per input channel) instead of one per filter: a filter "
         "sums its C channels' outputs and then adds a single bias, F (C k k + 1) in all"),
)


def _count_text(x) -> str:
    """A count as a whole number, 33280 (not 3.328e+04); a number that is not whole as it is."""
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:.12g} (a count is a whole number)"


def _same_count(got, want) -> bool:
    """Counts are whole numbers: equal exactly, not up to a tolerance (a count of 5e7 + 40 is
    wrong)."""
    return (np.shape(got) == np.shape(want)
            and bool(np.array_equal(np.asarray(got, dtype=float), np.asarray(want, dtype=float))))


@exercise("25.3", "parameters of a convolution and of a dense layer", name="param_counts",
          solution=("def param_counts(H, W, C, F, k):\n"
                    "    conv = F * (C * k * k + 1)\n"
                    "    n_in, n_out = C * H * W, F * H * W\n"
                    "    dense = n_in * n_out + n_out\n"
                    "    return conv, dense\n"),
          hints=["A filter has one k x k kernel per input channel and one bias; there are F "
                 "filters.",
                 "With padding (k - 1) / 2 and stride 1, the convolution gives F x H x W numbers. "
                 "The dense layer must give the same numbers from all C x H x W inputs.",
                 "A dense layer from n_in to n_out numbers has an n_in x n_out weight matrix and "
                 "n_out biases."],
          wrong=[lambda H, W, C, F, k: (F * C * k * k, (C * H * W) * (F * H * W)),
                 lambda H, W, C, F, k: (F * (C * k * k + 1) * H * W,
                                        (C * H * W) * (F * H * W) + F * H * W),
                 lambda H, W, C, F, k: (F * (k * k + 1), (C * H * W) * (F * H * W) + F * H * W),
                 lambda H, W, C, F, k: (F * (C * k * k + 1), (C * H * W) * (H * W) + H * W),
                 lambda H, W, C, F, k: (F * (C * k * k + 1), (C * H * W) * (F * H * W)),
                 lambda H, W, C, F, k: (F * (C * k * k + C), (C * H * W) * (F * H * W) + F * H * W),
                 lambda H, W, C, F, k: (F * (C * k * k + 1) + 40 * (C == 3),
                                        (C * H * W) * (F * H * W) + F * H * W),
                 lambda H, W, C, F, k: (F * (C * k * k + 1),
                                        (C * H * W) * (F * H * W) + F * H * W + 40 * (C == 3))],
          right=[lambda H, W, C, F, k: [float(F * C * k * k + F),
                                        float(C * H * W * F * H * W + F * H * W)],
                 lambda H, W, C, F, k: np.array([F * (C * k * k + 1),
                                                 F * H * W * (C * H * W + 1)]),
                 lambda H, W, C, F, k: (np.int64(F) * (C * k ** 2 + 1),
                                        np.int64(C * H * W + 1) * (F * H * W))])
def _check_param_counts(param_counts):
    what = "(convolution count, dense count)"
    answered, gots, wants, first = [], [], [], None
    for args in _counts_cases():
        want = _counts_ref(*args)
        try:
            result = param_counts(*args)
        except Exception:
            if first is None:
                raise                             # their error, as it is
            break                                 # later cases only help name a slip
        if isinstance(result, np.ndarray) and result.ndim == 0:
            result = result.item()                # as_numbers cannot list a 0-d array
        answered.append(args)
        wants.append(want)
        if first is None:
            got = as_numbers(result, 2, what, f"{_counts_where(*args)} your result")
            if not _same_count(got, want):
                first = len(gots)
        else:
            try:
                got = as_numbers(result, 2, what)
            except Wrong:
                got = result                      # fits no slip
        gots.append(got)
    if first is None:
        return None
    here = _counts_where(*answered[first])
    slip = name_slip(gots, wants, answered, _COUNT_SLIPS, _same_count, failing=first)
    if slip is not None:
        return f"{here} {slip.words}"
    got, want = np.asarray(gots[first], dtype=float), wants[first]
    i = next(j for j in range(2) if got[j] != want[j])
    name = ("the convolution count", "the dense count")[i]
    return f"{here} {name} should be {_count_text(want[i])}; yours is {_count_text(got[i])}"


# -- 25.4 a colour filter on the RGB photograph --------------------------------------------------

def _colour_ref(kernel):
    return np.stack([c * np.asarray(kernel, dtype=float) for c in LUMA])


def _colour_cases():
    yield (SOBEL_X,)
    yield (SOBEL_X.T,)
    yield (np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),)
    yield (np.array([[1.0, 2.0], [3.0, -4.0]]),)


def _colour_where(kernel):
    return f"for the kernel {np.asarray(kernel).tolist()},"


_COLOUR_SLIPS = (
    Slip(lambda w: np.stack([np.asarray(w, dtype=float)] * 3),
         "you used the same kernel on every channel: that slides the kernel over R + G + B, not "
         "over the grey 0.299 R + 0.587 G + 0.114 B"),
    Slip(lambda w: np.stack([np.asarray(w, dtype=float) / 3] * 3),
         "you averaged the channels equally: load_photo's grey weighs them 0.299, 0.587, 0.114"),
    Slip(lambda w: np.stack([c * np.asarray(w, dtype=float) for c in LUMA[::-1]]),
         "your channel weights are in the order B, G, R: the photograph's channels are R, G, B"),
    Slip(lambda w: np.stack([c * np.asarray(w, dtype=float) for c in LUMA], axis=-1),
         "your filter has the channels on its last axis, shape (kh, kw, 3): the channels go on "
         "axis 0, shape (3, kh, kw), as conv2d and PyTorch want them (np.stack's default, "
         "axis=0)"),
)


@exercise("25.4", "one colour filter = an edge kernel on the grey photograph", name="colour_filter",
          solution=("def colour_filter(kernel):\n"
                    "    return np.stack([0.299 * kernel, 0.587 * kernel, 0.114 * kernel])\n"),
          hints=["The grey photograph is a weighted sum of the three colour channels, and a "
                 "convolution is linear: sliding a kernel over a sum is the sum of the slides.",
                 "A filter over C channels sums the C channels' cross-correlations. Which kernel "
                 "on the red channel gives 0.299 times the kernel's output on red?",
                 "Return an array of shape (3, kh, kw): one kernel per channel, in the order R, "
                 "G, B."],
          wrong=[lambda w: np.stack([w] * 3), lambda w: np.stack([w / 3] * 3),
                 lambda w: np.stack([0.114 * w, 0.587 * w, 0.299 * w]), lambda w: w,
                 lambda w: np.stack([0.299 * w, 0.587 * w, 0.114 * w], axis=-1)],
          right=[lambda w: np.array([0.299, 0.587, 0.114])[:, None, None] * w,
                 lambda w: np.einsum("c,ab->cab", np.array([0.299, 0.587, 0.114]), w),
                 lambda w: np.multiply.outer(np.array([0.299, 0.587, 0.114]), w)],
          forbidden=(SCIPY,))
def _check_colour_filter(colour_filter):
    problem = compare_cases(colour_filter, _colour_cases(), _colour_ref, slips=_COLOUR_SLIPS,
                            what="the filter", where=_colour_where)
    if problem is not None:
        return problem
    rgb = _photo_rgb()                       # (H, W, 3): conv2d wants (3, H, W)
    grey = LUMA[0] * rgb[..., 0] + LUMA[1] * rgb[..., 1] + LUMA[2] * rgb[..., 2]
    mine = _conv2d(np.moveaxis(rgb, -1, 0), np.asarray(colour_filter(SOBEL_X), dtype=float),
                   padding=1)
    want = _conv2d(grey, SOBEL_X, padding=1)
    gap = float(np.max(np.abs(mine - want)))
    if gap > 1e-5 * max(1.0, float(np.max(np.abs(want)))):
        return (f"On the photograph (every 8th pixel, {rgb.shape[0]} x {rgb.shape[1]}), your "
                f"filter's output differs from the Sobel kernel's on the grey photograph by up "
                f"to {fmt(gap)}")
    return None
