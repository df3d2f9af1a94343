"""mathlib.conv against scipy.signal.correlate2d, an explicit loop and PyTorch's documented formulas.

PyTorch is not installed: its ``conv2d`` is reproduced from its documentation, out[f, i, j] =
sum over c of cross-correlation(x[c], w[f, c]) on the zero-padded input at stride s, and the
output size floor((n + 2p - k) / s) + 1 (Conv2d's shape formula with dilation 1).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import signal

from mathlib.conv import conv2d, conv_output_size


def loop_conv(x, w, stride, padding):
    """The definition, one output pixel at a time: x (C, H, W), w (F, C, kh, kw)."""
    x = np.pad(np.asarray(x, float), ((0, 0), (padding, padding), (padding, padding)))
    F, C, kh, kw = w.shape
    Ho = (x.shape[1] - kh) // stride + 1
    Wo = (x.shape[2] - kw) // stride + 1
    out = np.zeros((F, Ho, Wo))
    for f in range(F):
        for i in range(Ho):
            for j in range(Wo):
                patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
                out[f, i, j] = np.sum(patch * w[f])
    return out


def scipy_conv(x, w, stride, padding):
    """torch's documented conv2d through scipy: correlate2d 'valid' on the padded channels."""
    x = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    return np.stack([sum(signal.correlate2d(x[c], w[f, c], mode="valid")
                         for c in range(x.shape[0]))[::stride, ::stride]
                     for f in range(w.shape[0])])


def test_hand_example():
    x = np.arange(16.0).reshape(4, 4)
    w = np.array([[1.0, 0.0], [0.0, -1.0]])
    # each output is x[i, j] - x[i + 1, j + 1] = -5
    np.testing.assert_array_equal(conv2d(x, w), np.full((3, 3), -5.0))
    np.testing.assert_array_equal(conv2d(x, w, stride=2), np.full((2, 2), -5.0))
    out = conv2d(x, w, padding=1)
    assert out.shape == (5, 5)
    assert out[0, 0] == -x[0, 0] and out[4, 4] == x[3, 3] and out[0, 4] == 0.0


def test_not_flipped():
    """Cross-correlation: an asymmetric kernel is not flipped; flipping it gives convolve2d."""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(6, 7)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(conv2d(x, w), signal.correlate2d(x, w, mode="valid"))
    np.testing.assert_allclose(conv2d(x, w[::-1, ::-1]), signal.convolve2d(x, w, mode="valid"))
    assert not np.allclose(conv2d(x, w), signal.convolve2d(x, w, mode="valid"))


@pytest.mark.parametrize("stride", [1, 2, 3, 5])
@pytest.mark.parametrize("padding", [0, 1, 2, 4])
@pytest.mark.parametrize("shapes", [((1, 7, 9), (2, 1, 3, 3)), ((3, 8, 6), (4, 3, 2, 5)),
                                    ((2, 5, 5), (1, 2, 5, 5)), ((1, 4, 6), (1, 1, 1, 1))])
def test_against_scipy_and_loop(stride, padding, shapes):
    rng = np.random.default_rng(stride * 10 + padding)
    x, w = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    out = conv2d(x, w, stride=stride, padding=padding)
    C, H, W = x.shape
    F, _, kh, kw = w.shape
    assert out.shape == (F, conv_output_size(H, kh, stride=stride, padding=padding),
                         conv_output_size(W, kw, stride=stride, padding=padding))
    np.testing.assert_allclose(out, scipy_conv(x, w, stride, padding), atol=1e-12)
    np.testing.assert_allclose(out, loop_conv(x, w, stride, padding), atol=1e-12)


def test_shapes_of_the_three_forms():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 6, 7))
    w3 = rng.normal(size=(3, 2, 3))
    one = conv2d(x, w3, stride=2, padding=1)
    assert one.shape == (4, 4)
    np.testing.assert_allclose(one, conv2d(x, w3[None], stride=2, padding=1)[0])
    np.testing.assert_allclose(one, loop_conv(x, w3[None], 2, 1)[0], atol=1e-12)
    two = conv2d(x[0], w3[0], padding=2)
    assert two.shape == (9, 9)
    np.testing.assert_allclose(two, loop_conv(x[:1], w3[None, :1], 1, 2)[0], atol=1e-12)
    assert isinstance(conv2d([[1, 2], [3, 4]], [[1]]), np.ndarray)
    np.testing.assert_array_equal(conv2d([[1, 2], [3, 4]], [[2]]), [[2.0, 4.0], [6.0, 8.0]])


def test_lists_and_ints_are_read_as_floats():
    out = conv2d([[1, 2, 3], [4, 5, 6]], [[1, 1]])
    assert out.dtype == float
    np.testing.assert_array_equal(out, [[3.0, 5.0], [9.0, 11.0]])


def test_kernel_as_large_as_the_padded_image():
    x = np.ones((3, 4))
    out = conv2d(x, np.ones((5, 6)), padding=1)
    assert out.shape == (1, 1) and out[0, 0] == 12.0
    assert conv2d(x, np.ones((3, 4))).shape == (1, 1)


def test_stride_skips_the_last_rows():
    x = np.arange(25.0).reshape(5, 5)
    out = conv2d(x, np.ones((2, 2)), stride=2)       # floor((5 - 2) / 2) + 1 = 2
    assert out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[12.0, 20.0], [52.0, 60.0]])


def test_extreme_values_without_warnings():
    x = np.full((4, 4), 1e150)
    np.testing.assert_allclose(conv2d(x, np.full((2, 2), 1e150)), np.full((3, 3), 4e300))
    np.testing.assert_array_equal(conv2d(np.zeros((3, 3)), np.zeros((3, 3)), padding=50),
                                  np.zeros((101, 101)))
    tiny = conv2d(np.full((2, 2), 1e-300), np.full((1, 1), 1e-300))
    np.testing.assert_array_equal(tiny, np.zeros((2, 2)))


@given(n=st.integers(1, 40), k=st.integers(1, 40), s=st.integers(1, 6), p=st.integers(0, 6))
def test_output_size_formula(n, k, s, p):
    if k > n + 2 * p:
        with pytest.raises(ValueError, match="does not fit"):
            conv_output_size(n, k, stride=s, padding=p)
        return
    expected = len(range(0, n + 2 * p - k + 1, s))     # the positions the kernel visits
    assert conv_output_size(n, k, stride=s, padding=p) == expected
    assert conv_output_size(n, k, stride=s, padding=p) == int(np.floor((n + 2 * p - k) / s)) + 1


def test_output_size_examples():
    assert conv_output_size(28, 3, padding=1) == 28
    assert conv_output_size(28, 3, stride=2, padding=1) == 14
    assert conv_output_size(5, 5) == 1
    assert conv_output_size(5, 3) == 3
    assert conv_output_size(1, 3, padding=1) == 1
    assert conv_output_size(7, 2, stride=3) == 2
    assert isinstance(conv_output_size(np.int64(7), 2), int)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(n=4, k=5), ValueError,
     r"conv_output_size: the kernel \(k = 5\) does not fit in the padded input "
     r"\(n \+ 2 \* padding = 4 \+ 2 \* 0 = 4\); expected k <= 4"),
    (dict(n=0, k=1), ValueError, r"conv_output_size: n = 0 is out of range; expected n >= 1"),
    (dict(n=3, k=0), ValueError, r"conv_output_size: k = 0 is out of range; expected k >= 1"),
    (dict(n=3, k=1, stride=0), ValueError, "stride = 0 is out of range; expected stride >= 1"),
    (dict(n=3, k=1, padding=-1), ValueError,
     "padding = -1 is out of range; expected padding >= 0"),
    (dict(n=3.0, k=1), TypeError, r"n must be a whole number \(an int\), got float 3.0"),
    (dict(n=3, k=True), TypeError, "k must be a whole number"),
    (dict(n=3, k=1, stride=1.5), TypeError, "stride must be a whole number"),
    (dict(n=3, k=1, padding=None), TypeError, "padding must be a whole number"),
])
def test_output_size_errors(kwargs, error, message):
    n, k = kwargs.pop("n"), kwargs.pop("k")
    with pytest.raises(error, match=message):
        conv_output_size(n, k, **kwargs)


def test_output_size_fits_with_padding():
    assert conv_output_size(4, 6, padding=1) == 1
    with pytest.raises(ValueError, match=r"4 \+ 2 \* 1 = 6\); expected k <= 6"):
        conv_output_size(4, 7, padding=1)


def test_keyword_only():
    with pytest.raises(TypeError):
        conv_output_size(5, 3, 1)            # noqa: the stride must be named
    with pytest.raises(TypeError):
        conv2d(np.ones((3, 3)), np.ones((2, 2)), 1)


@pytest.mark.parametrize("image, kernel, kwargs, error, message", [
    (np.ones((3, 3)), np.ones((4, 2)), {}, ValueError,
     r"conv2d: the kernel's height 4 is larger than the padded image's height 3 \+ 2 \* 0 = 3 "
     r"\(image \(3, 3\), kernel \(4, 2\), padding 0\)"),
    (np.ones((3, 3)), np.ones((2, 6)), dict(padding=1), ValueError,
     r"conv2d: the kernel's width 6 is larger than the padded image's width 3 \+ 2 \* 1 = 5"),
    (np.ones((2, 3, 3)), np.ones((3, 2, 2)), {}, ValueError,
     r"conv2d: the image has 2 channels \(shape \(2, 3, 3\)\) but the kernel has 3 "
     r"\(shape \(3, 2, 2\)\); they must match"),
    (np.ones((2, 3, 3)), np.ones((4, 1, 2, 2)), {}, ValueError,
     "the image has 2 channels .* but the kernel has 1"),
    (np.ones((3, 3)), np.ones((1, 2, 2)), {}, ValueError,
     r"conv2d: a one-channel image \(H, W\) = \(3, 3\) needs a kernel \(kh, kw\), got a kernel "
     r"of shape \(1, 2, 2\); for several channels pass the image as \(C, H, W\)"),
    (np.ones((1, 3, 3)), np.ones((2, 2)), {}, ValueError,
     r"conv2d: an image with channels \(C, H, W\) = \(1, 3, 3\) needs a kernel \(C, kh, kw\) or "
     r"\(F, C, kh, kw\), got a kernel of shape \(2, 2\)"),
    (np.ones(5), np.ones(2), {}, ValueError, "conv2d: image must be a"),
    (np.ones((3, 3)), np.ones((1, 1, 1, 1, 1)), {}, ValueError, "conv2d: kernel must be a"),
    (np.ones((3, 3)), np.ones((2, 2)), dict(stride=0), ValueError,
     "conv2d: stride = 0 is out of range; expected stride >= 1"),
    (np.ones((3, 3)), np.ones((2, 2)), dict(padding=-2), ValueError,
     "conv2d: padding = -2 is out of range; expected padding >= 0"),
    (np.ones((3, 3)), np.ones((2, 2)), dict(stride=2.0), TypeError,
     r"conv2d: stride must be a whole number \(an int\), got float 2.0 \(write 2"),
    (np.ones((3, 3)), np.ones((2, 2)), dict(padding=True), TypeError,
     "conv2d: padding must be a whole number"),
    ("abc", np.ones((2, 2)), {}, TypeError, "conv2d: image must be numbers"),
    (np.ones((3, 3)), np.ones((2, 2)) * 1j, {}, TypeError, "conv2d: kernel holds complex"),
    (np.array([[1.0, np.nan], [0.0, 1.0]]), np.ones((1, 1)), {}, ValueError,
     r"conv2d: image holds nan at index \(0, 1\)"),
    (np.ones((3, 3)), np.array([[np.inf]]), {}, ValueError, "conv2d: kernel holds inf"),
    (np.ones((0, 3)), np.ones((1, 1)), {}, ValueError, "conv2d: image is empty"),
])
def test_conv2d_errors(image, kernel, kwargs, error, message):
    with pytest.raises(error, match=message):
        conv2d(image, kernel, **kwargs)


def test_on_the_digits():
    from mathlib.data import load_digits

    digit = load_digits().X[0].reshape(8, 8)
    sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    np.testing.assert_allclose(conv2d(digit, sobel, padding=1),
                               signal.correlate2d(digit, sobel, mode="same"), atol=1e-12)


def test_channels_last_image_is_told_to_move_its_axis():
    rgb = np.ones((6, 5, 3))                       # (H, W, C), as matplotlib gives it
    with pytest.raises(ValueError, match=r"np\.moveaxis\(image, -1, 0\)"):
        conv2d(rgb, np.ones((3, 3, 3)))
    with pytest.raises(ValueError, match=r"np\.moveaxis\(image, -1, 0\)"):
        conv2d(rgb, np.ones((2, 3, 3, 3)))
    with pytest.raises(ValueError) as info:       # last axis not the kernel's channels: no hint
        conv2d(np.ones((2, 5, 4)), np.ones((3, 2, 2)))
    assert "moveaxis" not in str(info.value)
    np.testing.assert_allclose(conv2d(np.moveaxis(rgb, -1, 0), np.ones((3, 3, 3))),
                               np.full((4, 3), 27.0))


def test_channels_last_image_with_a_2d_kernel_is_told_to_move_its_axis():
    with pytest.raises(ValueError, match=r"last axis has 3: .*np\.moveaxis\(image, -1, 0\)"):
        conv2d(np.ones((150, 128, 3)), np.ones((3, 3)))
    with pytest.raises(ValueError) as info:       # channels first already: no hint
        conv2d(np.ones((3, 150, 128)), np.ones((3, 3)))
    assert "moveaxis" not in str(info.value)


def test_a_batch_is_told_to_pass_one_image():
    with pytest.raises(ValueError, match=r"shape \(2, 3, 8, 8\): a batch \(B, C, H, W\)\? .*"
                                         r"without the batch axis, e\.g\. image\[0\]"):
        conv2d(np.ones((2, 3, 8, 8)), np.ones((3, 3, 3)))


@pytest.mark.parametrize("kernel, got", [(np.ones(3), "a vector of length 3"),
                                         (np.ones((1, 1, 1, 1, 1)), "a tensor with 5 axes"),
                                         (np.float64(2.0), "a scalar")])
def test_kernel_with_wrong_axes_names_the_three_forms(kernel, got):
    with pytest.raises(ValueError) as info:
        conv2d(np.ones((4, 4)), kernel)
    message = str(info.value)
    assert ("kernel must be a matrix (kh, kw), a tensor (C, kh, kw) or a tensor (F, C, kh, kw), "
            f"got {got}") in message
    assert "or tensor" not in message


def test_image_with_wrong_axes_names_the_two_forms():
    with pytest.raises(ValueError, match=r"image must be a matrix \(H, W\) or a tensor \(C, H, W\)"
                                         r", got a vector of length 5"):
        conv2d(np.ones(5), np.ones(2))


def test_float32_input_gives_float64():
    out = conv2d(np.ones((4, 4), dtype=np.float32), np.ones((2, 2), dtype=np.float32))
    assert out.dtype == np.float64
    assert "float64" in conv2d.__doc__


def test_output_size_docstring_names_the_gaps_between_windows():
    doc = " ".join(conv_output_size.__doc__.split())
    assert "s > k" in doc and "rows 3 and 7" in doc
