"""Vectors, matrices and tensors (notebook 01), from scratch.

numpy stores every scalar, vector, matrix and tensor as an array with a *shape*; the number of
axes is ``ndim`` (some libraries call it the tensor's *rank*, which is not the *matrix rank* of
notebook 04). This module makes the rules behind the everyday operations explicit:
broadcasting, element-wise addition and scaling, a vector's length and direction, and an image as a
height x width x channels tensor.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import as_array, as_int, as_scalar, describe, shape_str

__all__ = ["broadcast_shape", "broadcast_to", "add", "scale", "length", "direction_degrees",
           "mix_channels", "flatten"]


def _sizes(shape, name: str, where: str) -> tuple[int, ...]:
    """A shape as a tuple of Python ints >= 0 (TypeError for a non-integer size, ValueError for a
    negative one, each naming its position)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{where}: {name} must be a tuple of sizes, got "
                        f"{type(shape).__name__} {shape!r:.40}")
    return tuple(as_int(n, f"{name}[{i}]", where, low=0) for i, n in enumerate(shape))


def broadcast_shape(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of ``a + b`` under broadcasting.

    Rule: line the shapes up from the right (pad the shorter one with 1s on the left); in every
    position the sizes must be equal, or one of them must be 1, which is stretched to the other.

    >>> broadcast_shape((150, 4), (4,))
    (150, 4)

    Raises ValueError when a position has two different sizes, neither of them 1.
    """
    shape_a = _sizes(shape_a, "shape_a", "broadcast_shape")
    shape_b = _sizes(shape_b, "shape_b", "broadcast_shape")
    n = max(len(shape_a), len(shape_b))
    a = (1,) * (n - len(shape_a)) + tuple(shape_a)
    b = (1,) * (n - len(shape_b)) + tuple(shape_b)
    out = []
    for axis, (p, q) in enumerate(zip(a, b)):
        if p == q or q == 1:
            out.append(int(p))
        elif p == 1:
            out.append(int(q))
        else:
            raise ValueError(
                f"broadcast_shape: cannot broadcast shape {shape_str(shape_a)} with shape "
                f"{shape_str(shape_b)}: in axis {axis - n} (counting from the right) the "
                f"sizes are {p} and {q}; they must be equal or one of them must be 1")
    return tuple(out)


def broadcast_to(x, shape: tuple[int, ...]) -> np.ndarray:
    """Stretch ``x`` to ``shape`` by repeating it along the axes where its size is 1.

    Shapes: x (s_1, ..., s_k) with k <= len(shape) -> ``shape``. The result is a new array (numpy's
    own ``np.broadcast_to`` returns a read-only view instead, which costs no memory).
    """
    x = as_array(x, "x", "broadcast_to", nonempty=False)
    shape = _sizes(shape, "shape", "broadcast_to")
    if broadcast_shape(x.shape, shape) != shape:
        raise ValueError(f"broadcast_to: an array of shape {shape_str(x.shape)} cannot be "
                         f"stretched to shape {shape_str(shape)}; only axes of size 1 can grow")
    x = x.reshape((1,) * (len(shape) - x.ndim) + x.shape)
    for axis, (have, want) in enumerate(zip(x.shape, shape)):
        if have != want:
            x = np.repeat(x, want, axis=axis)
    return x


def add(a, b) -> np.ndarray:
    """Element-wise sum ``a + b`` after broadcasting both to a common shape.

    This is how a bias is added to every row of a batch: ``Z + b`` with Z (n, m) and b (m,).
    """
    a = as_array(a, "a", "add", nonempty=False)
    b = as_array(b, "b", "add", nonempty=False)
    shape = broadcast_shape(a.shape, b.shape)
    return broadcast_to(a, shape) + broadcast_to(b, shape)


def scale(c, x) -> np.ndarray:
    """Scalar multiplication ``c * x``: every entry of ``x`` multiplied by the number ``c``."""
    c = as_scalar(c, "c", "scale")
    x = as_array(x, "x", "scale", nonempty=False)
    return c * x


def length(v) -> float:
    """Euclidean length ``||v|| = sqrt(v_1^2 + ... + v_n^2)`` of a vector ``v`` (n,).

    The entries are divided by the largest magnitude before squaring, so that a vector like
    (1e200, 1e200) does not overflow.
    """
    v = as_array(v, "v", "length", ndim=1)
    m = float(np.max(np.abs(v)))
    if m == 0.0:
        return 0.0
    u = v / m
    return m * math.sqrt(float(np.sum(u * u)))


def direction_degrees(v) -> float:
    """Direction of a 2-D vector ``v`` (2,): its angle in degrees from the x axis, in (-180, 180].

    ``theta = atan2(v_2, v_1)``. The zero vector has no direction: it raises ValueError (numpy's
    ``arctan2(0, 0)`` quietly says 0, or 180 for ``(-0.0, 0.0)``; neither means anything).
    """
    v = as_array(v, "v", "direction_degrees", ndim=1)
    if v.shape != (2,):
        raise ValueError(f"direction_degrees: v must have 2 components, got {v.shape[0]} "
                         f"(shape {shape_str(v.shape)})")
    x, y = float(v[0]), v[1] + 0.0     # + 0.0 turns -0.0 into 0.0: never "-0.0 degrees"
    if x == 0.0 and y == 0.0:
        raise ValueError("direction_degrees: v is the zero vector (0, 0), which has no direction; "
                         "give a vector with at least one non-zero component")
    angle = math.degrees(math.atan2(y, x))
    return 180.0 if angle <= -180.0 else angle


def mix_channels(image, weights) -> np.ndarray:
    """Scale each colour channel of an image: ``out[i, j, c] = weights[c] * image[i, j, c]``.

    Shapes: image (H, W, C), weights (C,) -> (H, W, C), clipped to [0, 1] so the result can be
    shown. The weights broadcast along the last axis: (H, W, C) * (C,).
    """
    image = as_array(image, "image", "mix_channels", ndim=3)
    weights = as_array(weights, "weights", "mix_channels", ndim=1)
    if weights.shape[0] != image.shape[2]:
        raise ValueError(f"mix_channels: the image has {image.shape[2]} channels "
                         f"(shape {shape_str(image.shape)}) but {weights.shape[0]} weights were "
                         "given; give one weight per channel")
    return np.clip(image * weights, 0.0, 1.0)


def flatten(images) -> np.ndarray:
    """Turn a batch into a batch of vectors: (N, d_1, ..., d_k) -> (N, d_1 * ... * d_k).

    Every example is read out in numpy's order (the last axis fastest, so an image row by row,
    and in a colour image the channels of a pixel together): (N, H, W) -> (N, H*W) and
    (N, H, W, C) -> (N, H*W*C). This is the reshape that feeds 8x8 digit images to a dense layer
    as 64-vectors. The first axis must be the batch; a batch needs at least 2 axes.
    """
    images = as_array(images, "images", "flatten")
    if images.ndim < 2:
        raise ValueError(f"flatten: images must be a batch with at least 2 axes, (N, ...), got a "
                         f"{describe(images)}")
    n = images.shape[0]
    return images.reshape(n, images.size // n)
