"""Exercises of notebook 01: shapes, reshaping and broadcasting on real data."""

from __future__ import annotations

import numpy as np

from ..data import load_digits, load_iris
from . import call, exercise


def _shape_of(answer) -> tuple:
    return tuple(np.shape(answer))


@exercise("01.1", "the shape of a batch of images",
          hint="List the axes from the outside in: how many images, then the height, the width, "
               "and last the colour channels (N, H, W, C).",
          solution=lambda: (32, 28, 28, 3),
          wrong=[(28, 28, 3), (32, 3, 28, 28), (32, 28, 28), 32 * 28 * 28 * 3])
def _check_batch_shape(answer):
    if isinstance(answer, np.ndarray):
        return (f"give the shape as a tuple of whole numbers, not an array; "
                f"your array's shape is {answer.shape}, you can write it as a tuple like (2, 3)")
    if not isinstance(answer, (tuple, list)):
        return (f"the answer should be a tuple of whole numbers, one per axis, like (2, 3); "
                f"got {answer!r}")
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return f"every entry of the shape should be a whole number, got {answer!r}"
    want = (32, 28, 28, 3)
    if shape == want:
        return None
    if len(shape) != 4:
        return (f"your shape {shape} has {len(shape)} axes (rank {len(shape)}); a batch of colour "
                "images has 4: one for the images, one for the rows, one for the columns and one "
                "for the colour channels")
    if shape == (32, 3, 28, 28):
        return (f"{shape} puts the channels first (N, C, H, W), the layout PyTorch uses; this "
                "course puts them last, (N, H, W, C), as the photograph in this notebook does")
    if sorted(shape) == sorted(want):
        return f"the sizes are right but in the wrong order: {shape}; the order is (N, H, W, C)"
    return (f"your shape {shape} holds {int(np.prod(shape))} numbers; 32 images of 28 x 28 "
            f"pixels with 3 channels hold 32 * 28 * 28 * 3 = {int(np.prod(want))}")


def digit_images(n: int = 10) -> np.ndarray:
    """The first ``n`` digits as a batch of 8 x 8 images: shape (n, 8, 8), values 0-16."""
    return load_digits().X[:n].reshape(n, 8, 8)


def _flatten_solution():
    def flatten_images(images):
        n = images.shape[0]
        return images.reshape(n, 64)
    return flatten_images


@exercise("01.2", "flatten the digit images",
          hint="images.reshape(n, 64) with n = images.shape[0] keeps one row per image and reads "
               "each image row by row (numpy's default order).",
          solution=_flatten_solution,
          wrong=[lambda images: images.reshape(-1),
                 lambda images: images.transpose(0, 2, 1).reshape(len(images), 64),
                 lambda images: images[:, 0, :]])
def _check_flatten(flatten_images):
    images = digit_images(10)
    got = np.asarray(call(flatten_images, images.copy()), dtype=float)
    want = images.reshape(10, 64)
    if got.shape != want.shape:
        return (f"for a batch of shape {images.shape} (10 images of 8 x 8) the result should "
                f"have shape {want.shape}, one row of 64 pixels per image; got {got.shape}")
    if not np.array_equal(got, want):
        if np.array_equal(got, images.transpose(0, 2, 1).reshape(10, 64)):
            return ("your rows read each image column by column; read it row by row: the first "
                    "8 numbers of a row should be the image's top row, images[i, 0, :]")
        row = int(np.argmax(np.any(got != want, axis=1)))
        return (f"the shape is right but row {row} is not image {row} read row by row: it "
                f"starts {got[row, :8].tolist()}, expected {want[row, :8].tolist()}")
    return None


def _centre_solution():
    def centre(X):
        return X - X.mean(axis=0)
    return centre


@exercise("01.3", "centre the Iris measurements",
          hint="X.mean(axis=0) is the mean of each column, shape (4,); X - X.mean(axis=0) "
               "broadcasts it over the 150 rows: (150, 4) - (4,) -> (150, 4).",
          solution=_centre_solution,
          wrong=[lambda X: X - X.mean(),
                 lambda X: X - X.mean(axis=1, keepdims=True),
                 lambda X: X.mean(axis=0)])
def _check_centre(centre):
    X = load_iris().X
    got = np.asarray(call(centre, X.copy()), dtype=float)
    want = X - X.mean(axis=0)
    if got.shape != want.shape:
        return (f"for X of shape {X.shape} the result should have the same shape {want.shape} "
                f"(every measurement moved), got {got.shape}")
    if not np.allclose(got, want, atol=1e-9):
        means = got.mean(axis=0)
        return (f"after centring, every column should have mean 0; the column means of your "
                f"result are {np.round(means, 3).tolist()}. Subtract from every row the means of "
                f"the columns, X.mean(axis=0) = {np.round(X.mean(axis=0), 3).tolist()} (not the "
                "mean of all the numbers, nor the mean of each row)")
    return None


def _scale_solution():
    def scale_channels(image, weights):
        return image * weights
    return scale_channels


@exercise("01.4", "scale the colour channels of an image",
          hint="image * weights multiplies an (H, W, 3) tensor by a (3,) vector: broadcasting "
               "lines the shapes up from the right, so weights[c] meets every image[:, :, c].",
          solution=_scale_solution,
          wrong=[lambda image, weights: image * weights[0],
                 lambda image, weights: image * weights.sum(),
                 lambda image, weights: image * weights[:, None, None]])
def _check_scale(scale_channels):
    rng = np.random.default_rng(1)
    image = rng.uniform(0.0, 1.0, size=(4, 5, 3))
    weights = np.array([0.5, 1.0, 0.0])
    got = np.asarray(call(scale_channels, image.copy(), weights.copy()), dtype=float)
    want = image * weights
    if got.shape != want.shape:
        return (f"an image of shape {image.shape} with weights of shape {weights.shape} should "
                f"give shape {want.shape}, got {got.shape}")
    if not np.allclose(got, want):
        wrong = [c for c in range(3) if not np.allclose(got[:, :, c], want[:, :, c])]
        return (f"with weights {weights.tolist()} channel c should be multiplied by weights[c]; "
                f"channel(s) {wrong} are not (for example pixel [0, 0] should be "
                f"{np.round(want[0, 0], 3).tolist()}, got {np.round(got[0, 0], 3).tolist()})")
    return None
