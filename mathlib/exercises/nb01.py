"""Exercises of notebook 01: shapes, reshaping, reductions and broadcasting on real data.

Each function checker runs the real data of the notebook first (the message a learner can follow),
then random sizes and values (seeded, so a message repeats on a rerun), including square cases
where a mix-up of the axes does not raise but gives wrong numbers.
"""

from __future__ import annotations

import numpy as np

from .._checks import shape_str
from ..data import load_digits, load_iris
from ._core import exercise
from ._feedback import (as_array_of_shape, as_shape, close, fmt, fmt_list, fmt_pair, plain,
                        plain_list)

NOTEBOOK = "01"

_BATCH = (32, 28, 28, 3)


@exercise("01.1", "the shape of a batch of images", name="batch_shape",
          solution="batch_shape = (32, 28, 28, 3)\n",
          hints=["A shape lists the length of every axis, from the outermost to the innermost.",
                 "The outermost axis counts the images; the innermost counts the colour channels "
                 "of one pixel.",
                 "This course's layout is (N, H, W, C): how many images, the height, the width, "
                 "then the channels."],
          wrong=[(28, 28, 3), (32, 3, 28, 28), (32, 28, 28), 32 * 28 * 28 * 3, (32, 28, 3, 28),
                 ("32", "28", "28", "3"), (32, 28.5, 28, 3), (32.0, 28.0, 28.0, 3.0),
                 np.zeros(_BATCH), (32, 28, 28, np.nan), "(32, 28, 28, 3)", (True, 28, 28, 3)],
          right=[[32, 28, 28, 3], np.zeros(_BATCH).shape, np.array(_BATCH),
                 (np.int64(32), 28, 28, 3)])
def _check_batch_shape(batch_shape):
    shape = as_shape(batch_shape)
    if shape == _BATCH:
        return None
    if len(shape) != 4:
        return (f"your shape {shape_str(shape)} has {len(shape)} axes (ndim {len(shape)}); a batch "
                "of colour images has 4: one for the images, one for the rows, one for the "
                "columns and one for the colour channels")
    if shape == (32, 3, 28, 28):
        return (f"{shape_str(shape)} puts the channels first (N, C, H, W), the layout PyTorch "
                "uses; this course puts them last, (N, H, W, C), as the photograph in this "
                "notebook does")
    if sorted(shape) == sorted(_BATCH):
        return f"the lengths are right but in the wrong order: {shape_str(shape)}"
    return (f"your shape {shape_str(shape)} holds {int(np.prod(shape))} numbers; 32 images of "
            f"28 x 28 pixels with 3 channels hold 32 * 28 * 28 * 3 = {int(np.prod(_BATCH))}")


def digit_images(n: int = 10) -> np.ndarray:
    """The first ``n`` digits as a batch of 8 x 8 images: shape (n, 8, 8), values 0-16."""
    return load_digits().X[:n].reshape(n, 8, 8)


def _image_batches():
    rng = np.random.default_rng(2)
    yield digit_images(10)
    for n in (int(rng.integers(3, 9)), 1):
        yield rng.integers(0, 17, size=(n, 8, 8)).astype(float)


@exercise("01.2", "flatten the digit images", name="flatten_images",
          solution=("def flatten_images(images):\n"
                    "    n = images.shape[0]\n"
                    "    return images.reshape(n, 64)\n"),
          hints=["The result keeps one axis for the images and puts all 8 x 8 pixels of an "
                 "image in one row of 64.",
                 "reshape changes the shape and keeps the numbers in order, reading row by row. "
                 "The number of images is the length of the first axis.",
                 "Reshape to (number of images, 64); the number of images is images.shape[0] "
                 "(or let numpy work out one length by writing -1 for it)."],
          wrong=[lambda images: images.reshape(-1),
                 lambda images: images.transpose(0, 2, 1).reshape(len(images), 64),
                 lambda images: images[:, 0, :],
                 lambda images: images.reshape(10, 64),
                 lambda images: images.reshape(64, -1),
                 lambda images: images.reshape(len(images), 64).tolist()[:-1]],
          right=[lambda images: images.reshape(-1, 64),
                 lambda images: images.reshape(len(images), -1).tolist(),
                 lambda images: np.array([image.ravel() for image in images]),
                 lambda images: images.reshape(len(images), 64).astype(np.float32),
                 lambda images: np.einsum("nij->nij", images).reshape(images.shape[0], 64)])
def _check_flatten(flatten_images):
    for images in _image_batches():
        n = images.shape[0]
        want = images.reshape(n, 64)
        got = as_array_of_shape(flatten_images(images), want.shape,
                                f"for a batch of shape {shape_str(images.shape)} ({n} image(s) of "
                                "8 x 8) the result, one row of 64 pixels per image,")
        if not close(got, want, scale=16):
            if close(got, images.transpose(0, 2, 1).reshape(n, 64), scale=16):
                return ("your rows read each image column by column; read it row by row: the "
                        "first 8 numbers of a row should be the image's top row, images[i, 0, :]")
            row = int(np.argmax(~np.isclose(got, want).all(axis=1)))
            should, yours = fmt_pair(want[row], got[row])
            return (f"the shape is right but row {row} is not image {row} read row by row: it "
                    f"is {yours}, expected {should}")
    return None


def _tables():
    rng = np.random.default_rng(3)
    yield load_iris().X
    n, d = int(rng.integers(6, 12)), int(rng.integers(2, 5))
    yield np.round(rng.normal(rng.uniform(-20, 20, size=d), 3, size=(n, d)), 2)
    yield np.round(rng.normal(rng.uniform(1, 9, size=5), 1, size=(5, 5)), 2)   # square


def _centre_diagnosis(got, X, scale) -> str:
    """Which usual slip ``got`` is, said only when it is exactly that slip ("" if none fits)."""
    if close(got, X - X.mean(), scale=scale):
        return (f" You subtracted the mean of all the numbers, {plain(X.mean())}, from every "
                "entry; subtract from each column its own mean.")
    if close(got, X - X.mean(axis=1, keepdims=True), scale=scale):
        return (" You subtracted each row's mean (the mean of one flower's measurements); "
                "subtract from each column its own mean.")
    for decimals in range(5):
        rounded = np.round(X.mean(axis=0), decimals)
        if close(got, X - rounded, scale=scale):
            to = ("whole numbers" if decimals == 0 else
                  f"{decimals} decimal" + "s" * (decimals > 1))
            written = "[" + ", ".join(f"{v:.{decimals}f}" for v in rounded) + "]"
            return (f" You subtracted the column means rounded to {to}, {written}; compute "
                    "them from X instead, so that they are exact (and right for any X).")
    return ""


@exercise("01.3", "centre the Iris measurements", name="centre",
          solution="def centre(X):\n    return X - X.mean(axis=0)\n",
          hints=["Each column (one measurement of every flower) gets its own mean subtracted, so "
                 "you need 4 means, one per column.",
                 "A mean along an axis averages over that axis and removes it: the mean over the "
                 "rows (axis=0) of a (150, 4) table has shape (4,).",
                 "Subtract the (4,) column means from the (150, 4) table in one step: "
                 "broadcasting lines the shapes up from the right and repeats the means on "
                 "every row."],
          wrong=[lambda X: X - X.mean(), lambda X: X - X.mean(axis=1, keepdims=True),
                 lambda X: X.mean(axis=0), lambda X: X.mean(axis=0) - X,
                 lambda X: (X - X.mean(axis=0)) / X.std(axis=0),
                 lambda X: load_iris().X - load_iris().X.mean(axis=0),
                 lambda X: X - X.min(axis=0)],
          right=[lambda X: X - np.mean(X, axis=0, keepdims=True),
                 lambda X: (X.astype(np.float32) - X.astype(np.float32).mean(axis=0)),
                 lambda X: [[X[i, j] - X[:, j].mean() for j in range(X.shape[1])]
                            for i in range(X.shape[0])],
                 lambda X: X - np.einsum("ij->j", X) / len(X)])
def _check_centre(centre):
    for X in _tables():
        want = X - X.mean(axis=0)
        got = as_array_of_shape(centre(X), X.shape,
                                f"for X of shape {shape_str(X.shape)} the centred data (every "
                                "measurement moved)")
        scale = np.abs(X).max()
        if close(got, want, scale=scale):
            continue
        means = got.mean(axis=0)
        off = [j for j in range(X.shape[1]) if not close(got[:, j].mean(), 0.0, scale=scale)]
        if off:
            return (f"after centring every column has mean 0; for X of shape "
                    f"{shape_str(X.shape)} the column(s) {off} of your result have mean(s) "
                    f"{plain_list(means[off])}."
                    + (_centre_diagnosis(got, X, scale) or " Subtract from every column its "
                       f"own mean; the column means of this X are {plain_list(X.mean(axis=0))}."))
        i, j = np.unravel_index(np.argmax(np.abs(got - want)), X.shape)
        should, yours = fmt_pair(want[i, j], got[i, j])
        return (f"your columns have mean 0, but the result is not X minus its column means: "
                f"entry [{i}, {j}] should be {plain(X[i, j])} - {plain(X[:, j].mean())} = "
                f"{should}, yours is {yours}")
    return None


def _images_and_weights():
    rng = np.random.default_rng(4)
    yield rng.uniform(0.0, 1.0, size=(4, 5, 3)), np.array([0.5, 2.0, 1.5])
    h, w = int(rng.integers(2, 9)), int(rng.integers(2, 9))
    yield rng.uniform(0.0, 1.0, size=(h, w, 3)), np.round(rng.uniform(1.1, 3, size=3), 2) * [1, -1, 1]
    yield rng.uniform(0.0, 1.0, size=(3, 3, 3)), np.array([3.0, -0.5, 0.25])   # square


@exercise("01.4", "scale the colour channels of an image", name="scale_channels",
          solution="def scale_channels(image, weights):\n    return image * weights\n",
          hints=["Channel c is the slice image[:, :, c]: every pixel's value in that colour. It "
                 "should be multiplied by weights[c].",
                 "You can do it channel by channel, but broadcasting does all three at once: "
                 "shapes are lined up from the right, and the last axis of the image has length 3.",
                 "An (H, W, 3) image times a (3,) vector: weights[c] meets every entry whose last "
                 "index is c. One multiplication, no loop, no reshaping."],
          wrong=[lambda image, weights: image * weights[0],
                 lambda image, weights: image * weights.sum(),
                 lambda image, weights: image * weights[:, None, None],
                 lambda image, weights: image * weights[::-1],
                 lambda image, weights: np.clip(image * weights, 0, 1),
                 lambda image, weights: np.stack([image[:, :, c] * weights[c] for c in range(2)]
                                                 + [image[:, :, 2]], axis=-1)],
          right=[lambda image, weights: weights * image,
                 lambda image, weights: np.stack([image[:, :, c] * weights[c] for c in range(3)],
                                                 axis=-1),
                 lambda image, weights: np.einsum("hwc,c->hwc", image, weights),
                 lambda image, weights: (image * weights).astype(np.float32).tolist()])
def _check_scale(scale_channels):
    for image, weights in _images_and_weights():
        want = image * weights
        got = as_array_of_shape(scale_channels(image, weights), image.shape,
                                f"for an image of shape {shape_str(image.shape)} the result")
        scale = np.abs(want).max()
        if not close(got, want, scale=scale):
            wrong = [c for c in range(3) if not close(got[:, :, c], want[:, :, c], scale=scale)]
            bad = np.unravel_index(np.argmax(np.abs(got - want).max(axis=2)), image.shape[:2])
            should, yours = fmt_pair(want[bad], got[bad])
            return (f"with weights {fmt_list(weights)} channel c should be multiplied by "
                    f"weights[c]; in an image of shape {shape_str(image.shape)} channel(s) "
                    f"{wrong} are not (pixel [{bad[0]}, {bad[1]}] should be {should}, yours is "
                    f"{yours})")
    return None


def _score_tables():
    rng = np.random.default_rng(5)
    yield np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [-3.0, -1.0, -2.0], [1.0, 1.0, 4.0],
                    [0.0, -0.5, -0.2]])
    n, k = int(rng.integers(6, 12)), int(rng.integers(2, 6))
    yield np.round(rng.normal(0, 3, size=(n, k)), 2)
    yield np.round(rng.normal(0, 3, size=(4, 4)), 2)   # square: axis mix-ups do not raise


@exercise("01.5", "subtract each row's largest score", name="subtract_row_max",
          solution=("def subtract_row_max(scores):\n"
                    "    return scores - scores.max(axis=1, keepdims=True)\n"),
          hints=["Each row (one example) needs its own largest score: one maximum per row. As the "
                 "section on reductions says, axis=1 runs along each row: the max of each row.",
                 "scores.max(axis=1) gives one number per row, shape (N,). Lined up from the "
                 "right against (N, K), that (N,) would meet the K columns, not the rows.",
                 "Keep the reduced axis (keepdims=True), so the maxima have shape (N, 1) and "
                 "broadcast across the columns of each row."],
          wrong=[lambda s: s - s.max(), lambda s: s - s.max(axis=0),
                 lambda s: s - s.max(axis=1), lambda s: s.max(axis=1, keepdims=True),
                 lambda s: s - s.max(axis=0, keepdims=True), lambda s: s / s.max(axis=1)[:, None],
                 lambda s: s - np.abs(s).max(axis=1, keepdims=True)],
          right=[lambda s: s - s.max(axis=1)[:, None],
                 lambda s: s - np.max(s, axis=1, keepdims=True),
                 lambda s: [[v - max(row) for v in row] for row in s.tolist()],
                 lambda s: (s - s.max(axis=1, keepdims=True)).astype(np.float32),
                 lambda s: s - np.einsum("ij->ij", s).max(axis=-1, keepdims=True)])
def _check_row_max(subtract_row_max):
    for scores in _score_tables():
        want = scores - scores.max(axis=1, keepdims=True)
        got = as_array_of_shape(subtract_row_max(scores), scores.shape,
                                f"for scores of shape {shape_str(scores.shape)} the result")
        scale = np.abs(scores).max()
        if close(got, want, scale=scale):
            continue
        where = f"for scores of shape {shape_str(scores.shape)}"
        if close(got, scores - scores.max(), scale=scale):
            return (f"{where} you subtracted the largest score of the whole table, "
                    f"{fmt(scores.max())}; subtract each row's own largest score")
        if close(got, scores - scores.max(axis=0), scale=scale):
            return (f"{where} you subtracted each column's largest score (the maximum over "
                    "axis 0); subtract each row's own largest score")
        n, k = scores.shape
        if n == k and close(got, scores - scores.max(axis=1)[None, :], scale=scale):
            return (f"{where} the row maxima were lined up with the columns: a (N,) vector "
                    "broadcasts like a row, (1, N); keep the reduced axis so the maxima are a "
                    "column, (N, 1)")
        row = int(np.argmax(~np.isclose(got, want).all(axis=1)))
        should, yours = fmt_pair(want[row], got[row])
        return (f"{where} row {row} is {fmt_list(scores[row])}, its largest score is "
                f"{fmt(scores[row].max())}, so it should become {should}; yours is {yours}")
    return None
