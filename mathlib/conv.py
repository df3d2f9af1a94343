"""Two-dimensional convolution as deep-learning libraries define it (a cross-correlation).

``conv2d`` slides a kernel over an image, multiplies element-wise and sums: the operation of
``torch.nn.functional.conv2d`` and of a ``Conv2d`` layer (no kernel flip). ``conv_output_size``
is the size of the result along one axis. Only numpy is used; the sliding windows are a view
(``numpy.lib.stride_tricks.sliding_window_view``), so there is no Python loop over pixels.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, as_int, describe, shape_str

__all__ = ["conv2d", "conv_output_size"]


def conv_output_size(n, k, *, stride=1, padding=0) -> int:
    """The number of positions a kernel of size ``k`` takes along an axis of size ``n``.

    Formula: out = floor((n + 2 * padding - k) / stride) + 1, the formula of PyTorch's
    ``Conv2d`` documentation (with dilation 1). The kernel must fit inside the padded input,
    k <= n + 2 * padding. Rows no window reaches: the last ``(n + 2 p - k) mod stride`` padded
    rows, and, when the stride is larger than the kernel (s > k), the ``s - k`` rows in each gap
    between two windows (n = 12, k = 3, s = 4, p = 0: windows at rows 0-2, 4-6, 8-10; rows 3 and
    7 lie between them, row 11 after the last).

    Parameters: ``n`` >= 1 the input size, ``k`` >= 1 the kernel size (positional ints);
    ``stride`` >= 1 and ``padding`` >= 0 keyword-only ints.

    Raises TypeError for a non-integer (a float, a bool) and ValueError for a value out of
    range or a kernel larger than the padded input.

    In a network: a 28 x 28 image through a 3 x 3 convolution with padding 1 stays 28 x 28
    ("same" padding); with stride 2 it becomes 14 x 14.
    """
    where = "conv_output_size"
    n = as_int(n, "n", where, low=1)
    k = as_int(k, "k", where, low=1)
    stride = as_int(stride, "stride", where, low=1)
    padding = as_int(padding, "padding", where, low=0)
    padded = n + 2 * padding
    if k > padded:
        raise ValueError(f"{where}: the kernel (k = {k}) does not fit in the padded input "
                         f"(n + 2 * padding = {n} + 2 * {padding} = {padded}); expected "
                         f"k <= {padded}: use a smaller kernel or more padding")
    return (padded - k) // stride + 1


def conv2d(image, kernel, *, stride=1, padding=0) -> np.ndarray:
    """Slide ``kernel`` over ``image``, multiply element-wise and sum (cross-correlation).

    Formula (one channel): out[i, j] = sum over a, b of x[i*s + a, j*s + b] * w[a, b], where x
    is the image with ``padding`` rows and columns of zeros added on every side and s the
    stride. Several channels are summed: out[f, i, j] = sum over c, a, b of
    x[c, i*s + a, j*s + b] * w[f, c, a, b]. The kernel is NOT flipped: this is what PyTorch,
    TensorFlow and Keras call convolution; the convolution of mathematics and of
    ``scipy.signal.convolve2d`` flips the kernel first (``conv2d(x, w[::-1, ::-1])`` is the
    mathematical one).

    Shapes (H_out = conv_output_size(H, kh, stride=stride, padding=padding), W_out likewise):

    - image (H, W), kernel (kh, kw): returns (H_out, W_out);
    - image (C, H, W), kernel (C, kh, kw): one filter over C channels, returns (H_out, W_out);
    - image (C, H, W), kernel (F, C, kh, kw): F filters, returns (F, H_out, W_out), as
      ``torch.nn.functional.conv2d`` on one image without its batch axis (no bias).

    ``stride`` >= 1 and ``padding`` >= 0 are keyword-only ints, the same on both axes. The
    result is float64 whatever the input's dtype (float32 or int input gives float64 output).

    Raises TypeError for non-numbers, complex numbers or a non-integer stride or padding, and
    ValueError for NaN or infinity, a kernel whose number of dimensions does not go with the
    image's, channels that differ, or a kernel larger than the padded image.

    In a network: a convolution layer computes this for every image of a batch, with F filters
    of learned weights (plus one bias per filter); the same F * C * kh * kw weights are used at
    every position (weight sharing).
    """
    where = "conv2d"
    x = as_array(image, "image", where)
    w = as_array(kernel, "kernel", where)
    if x.ndim == 4:
        raise ValueError(f"{where}: image has 4 axes, shape {shape_str(x.shape)}: a batch "
                         "(B, C, H, W)? conv2d takes one image, (H, W) or (C, H, W): pass one "
                         "image without the batch axis, e.g. image[0], or loop over the batch")
    if x.ndim not in (2, 3):
        raise ValueError(f"{where}: image must be a matrix (H, W) or a tensor (C, H, W), got a "
                         f"{describe(x)}")
    if w.ndim not in (2, 3, 4):
        raise ValueError(f"{where}: kernel must be a matrix (kh, kw), a tensor (C, kh, kw) or a "
                         f"tensor (F, C, kh, kw), got a {describe(w)}")
    stride = as_int(stride, "stride", where, low=1)
    padding = as_int(padding, "padding", where, low=0)
    if x.ndim == 2:
        if w.ndim != 2:
            raise ValueError(f"{where}: a one-channel image (H, W) = {shape_str(x.shape)} needs a "
                             f"kernel (kh, kw), got a kernel of shape {shape_str(w.shape)}; for "
                             "several channels pass the image as (C, H, W)")
        x3, w4, squeeze = x[None], w[None, None], True
    else:
        if w.ndim == 2:
            hint = ""
            if x.shape[-1] <= 4 and x.shape[-1] < x.shape[0]:
                hint = (f"; the image's last axis has {x.shape[-1]}: if the image is channels "
                        "last (H, W, C), as matplotlib and load_photo(gray=False) give it, put "
                        "the channels first with np.moveaxis(image, -1, 0) and give the kernel "
                        "the shape (C, kh, kw), one (kh, kw) kernel per channel; for a grey "
                        "image pass it as (H, W)")
            raise ValueError(f"{where}: an image with channels (C, H, W) = {shape_str(x.shape)} "
                             f"needs a kernel (C, kh, kw) or (F, C, kh, kw), got a kernel of "
                             f"shape {shape_str(w.shape)}{hint}")
        x3 = x
        w4, squeeze = (w[None], True) if w.ndim == 3 else (w, False)
        if w4.shape[1] != x3.shape[0]:
            hint = ""
            if x.shape[-1] == w4.shape[1]:
                hint = (f"; the image's last axis has {x.shape[-1]}: if the image is channels "
                        "last (H, W, C), as matplotlib and load_photo(gray=False) give it, put "
                        "the channels first with np.moveaxis(image, -1, 0)")
            raise ValueError(f"{where}: the image has {x3.shape[0]} channels (shape "
                             f"{shape_str(x.shape)}) but the kernel has {w4.shape[1]} (shape "
                             f"{shape_str(w.shape)}); they must match{hint}")
    kh, kw = w4.shape[2:]
    H, W = x3.shape[1:]
    for axis, n, k in (("height", H, kh), ("width", W, kw)):
        if k > n + 2 * padding:
            raise ValueError(f"{where}: the kernel's {axis} {k} is larger than the padded "
                             f"image's {axis} {n} + 2 * {padding} = {n + 2 * padding} (image "
                             f"{shape_str(x.shape)}, kernel {shape_str(w.shape)}, padding "
                             f"{padding}); use a smaller kernel or more padding")
    if padding:
        x3 = np.pad(x3, ((0, 0), (padding, padding), (padding, padding)))
    windows = np.lib.stride_tricks.sliding_window_view(x3, (kh, kw), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]            # (C, H_out, W_out, kh, kw)
    # einsum's own loop (no optimize=): for one image it is several times faster than handing
    # the product to a multi-threaded BLAS, and it makes no intermediate copy of the windows
    out = np.einsum("cijab,fcab->fij", windows, w4)
    return out[0] if squeeze else out
