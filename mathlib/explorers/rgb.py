"""Explorer for notebook 01: a colour photograph as a height x width x 3 tensor.

One weight per colour channel scales that channel: ``image * weights`` multiplies an (H, W, 3)
tensor by a (3,) vector, and broadcasting stretches the vector over every pixel.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np

from .. import explore
from .._checks import as_array, shape_str
from ..data import load_photo
from ..tensors import broadcast_shape, mix_channels

NOTEBOOK = "01"  # the notebook that shows this explorer

WEIGHT_RANGE = (0.0, 2.0)
CHANNELS = ("red", "green", "blue")
PHOTO_STEP = 5   # keep every 5th pixel of the 600 x 512 photograph: a 120 x 103 x 3 tensor


@dataclass(frozen=True, eq=False)
class RgbResult:
    """What :func:`compute` returns: its fields, named as in the formulas, are described
    there."""

    mixed: np.ndarray
    shapes: tuple
    clipped: float
    means: np.ndarray


def compute(image, weights) -> RgbResult:
    """Scale channel c of ``image`` by ``weights[c]``, and describe the broadcast.

    Shapes: image (H, W, C), weights (C,) -> dict with ``mixed`` (H, W, C) (``mix_channels``,
    clipped to [0, 1]), ``shapes`` (the three shapes of ``image * weights``: image, weights,
    result), ``clipped`` (the fraction of entries that went above 1 and were clipped) and
    ``means`` (C,) the mean of each channel of the result.
    """
    image = as_array(image, "image", "rgb.compute", ndim=3)
    weights = as_array(weights, "weights", "rgb.compute", ndim=1)
    mixed = mix_channels(image, weights)     # checks one weight per channel
    result_shape = broadcast_shape(image.shape, weights.shape)
    clipped = float(np.mean(image * weights > 1.0))
    return RgbResult(mixed=mixed, shapes=(image.shape, weights.shape, result_shape),
                     clipped=clipped, means=mixed.mean(axis=(0, 1)))


def channel_images(image) -> list[np.ndarray]:
    """Each channel alone, shown in its own colour: ``image * e_c`` for e_c = (1, 0, 0), ... .

    Shapes: image (H, W, 3) -> three (H, W, 3) images.
    """
    image = as_array(image, "image", "rgb.channel_images", ndim=3)
    return [image * np.eye(3)[c] for c in range(3)]


def draw(axes, image) -> dict:
    """Draw the three channels once (they never change); return the mixed image, which moves."""
    for ax, name, alone in zip(axes[:3], CHANNELS, channel_images(image)):
        ax.imshow(alone, interpolation="nearest")
        c = CHANNELS.index(name)
        ax.set_title(f"{name} channel\nimage[:, :, {c}]", fontsize="medium")
    mixed = axes[3].imshow(image, interpolation="nearest")
    # On two lines like the channel titles, so that it stays inside the figure.
    axes[3].set_title("mixed\nimage * weights", fontsize="medium", fontweight="bold")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
    return {"mixed": mixed}


def explorer(image=None, *, red: float = 1.0, green: float = 1.0, blue: float = 1.0
             ) -> explore.Explorer:
    """A slider per channel weight; the three channels and the mixed image ``image * weights``.

    ``image`` (H, W, 3) with values in [0, 1]; by default the course's photograph, 120 x 103.
    """
    if image is None:
        image = load_photo(gray=False, step=PHOTO_STEP)
    image = as_array(image, "image", "rgb.explorer", ndim=3)
    if image.shape[2] != 3:
        raise ValueError(f"rgb.explorer: the image must have 3 colour channels (H, W, 3), "
                         f"got shape {shape_str(image.shape)}")
    height, width = image.shape[:2]
    # Room above the pictures for two-line titles, larger with the projector's larger fonts.
    title_room = 0.7 * matplotlib.rcParams["font.size"] / 11
    fig, axes = explore.figure(1, 4, size=(8.0, 8.0 * 0.25 * height / width + title_room))
    artists = draw(axes, image)

    def update(red, green, blue):
        weights = np.array([red, green, blue])
        out = compute(image, weights)
        artists["mixed"].set_data(out.mixed)
        image_shape, weights_shape, result_shape = out.shapes
        clipped = (f" &nbsp;&middot;&nbsp; {100 * out.clipped:.0f}% of the numbers went "
                   "above 1 and were clipped" if out.clipped > 0 else "")
        return (f"image {tuple(image_shape)} * weights {tuple(weights_shape)} &rarr; "
                f"<b>{tuple(result_shape)}</b>: the weights ({red:.2f}, {green:.2f}, "
                f"{blue:.2f}) are stretched over all {height} &times; {width} pixels{clipped}")

    controls = {name: explore.slider(f"{name} weight", *WEIGHT_RANGE, value, 0.05)
                for name, value in zip(CHANNELS, (red, green, blue))}
    return explore.Explorer(fig, controls, update, animated=[artists["mixed"]],
                            title="A colour image is a height x width x 3 tensor")
