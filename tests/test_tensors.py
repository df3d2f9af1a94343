"""mathlib.tensors against numpy: broadcasting, addition, scaling, length, direction, images.

Tolerances: results that numpy computes with the same arithmetic (broadcasting, reshaping,
element-wise products) must be equal exactly; lengths and angles agree to rtol 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.data import load_digits, load_iris, load_photo
from mathlib.tensors import (add, broadcast_shape, broadcast_to, direction_degrees, flatten, length,
                             mix_channels, scale)

RTOL = 1e-12
rng = np.random.default_rng(0)

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# -- broadcast_shape ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, want", [
    ((150, 4), (4,), (150, 4)),          # the Iris data minus its column means
    ((150, 4), (150, 1), (150, 4)),
    ((600, 512, 3), (3,), (600, 512, 3)),  # an image times one weight per channel
    ((32, 28, 28, 3), (28, 28, 1), (32, 28, 28, 3)),
    ((5, 1), (1, 6), (5, 6)),             # an outer sum
    ((), (2, 3), (2, 3)),                 # a scalar broadcasts to anything
    ((), (), ()),
    ((0,), (1,), (0,)),                   # size 1 stretches to size 0, too
    ((1, 0), (3, 1), (3, 0)),
])
def test_broadcast_shape_examples(a, b, want):
    assert broadcast_shape(a, b) == want
    assert broadcast_shape(b, a) == want
    assert broadcast_shape(a, b) == np.broadcast_shapes(a, b)


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=5, min_side=0,
                                         max_side=4))
def test_broadcast_shape_matches_numpy(shapes):
    a, b = shapes.input_shapes
    assert broadcast_shape(a, b) == np.broadcast_shapes(a, b) == shapes.result_shape


@given(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4),
       hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
def test_broadcast_shape_agrees_with_numpy_on_any_pair(a, b):
    """Random pairs, most of them incompatible: mathlib raises exactly when numpy does."""
    try:
        want = np.broadcast_shapes(a, b)
    except ValueError:
        with pytest.raises(ValueError, match="cannot broadcast"):
            broadcast_shape(a, b)
    else:
        assert broadcast_shape(a, b) == want


@given(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5))
def test_broadcast_shape_properties(a):
    assert broadcast_shape(a, a) == a                    # a shape broadcasts with itself
    assert broadcast_shape(a, ()) == a                   # a scalar changes nothing
    ones = (1,) * len(a)
    assert broadcast_shape(a, ones) == a                 # size-1 axes stretch


def test_broadcast_shape_error_names_both_shapes_and_the_axis():
    with pytest.raises(ValueError) as info:
        broadcast_shape((150, 4), (150,))
    message = str(info.value)
    assert "cannot broadcast shape (150, 4) with shape (150,)" in message
    assert "in axis -1 (counting from the right) the sizes are 4 and 150" in message
    assert "must be equal or one of them must be 1" in message


def test_broadcast_shape_error_reports_the_first_clash_from_the_left():
    with pytest.raises(ValueError, match=r"axis -2 .* sizes are 2 and 4"):
        broadcast_shape((2, 3), (4, 5))


@pytest.mark.parametrize("bad", [(2, -1), (2.0,), ("3",), (None,)])
def test_broadcast_shape_rejects_sizes_that_are_not_counts(bad):
    error = ValueError if bad == (2, -1) else TypeError     # a wrong value, or not a whole number
    at = len(bad) - 1
    with pytest.raises(error, match=rf"^broadcast_shape: shape_a\[{at}\] "):
        broadcast_shape(bad, (1,))
    with pytest.raises(error, match=rf"^broadcast_shape: shape_b\[{at}\] "):
        broadcast_shape((1,), bad)


# -- broadcast_to -------------------------------------------------------------------------------

@given(hnp.mutually_broadcastable_shapes(num_shapes=1, min_dims=0, max_dims=4, min_side=0,
                                         max_side=4),
       st.integers(0, 2**32 - 1))
def test_broadcast_to_matches_numpy(shapes, seed):
    (shape,), target = shapes.input_shapes, shapes.result_shape
    x = np.random.default_rng(seed).normal(size=shape)
    out = broadcast_to(x, target)
    assert out.shape == target
    assert_array_equal(out, np.broadcast_to(x, target))


def test_broadcast_to_repeats_a_row_and_returns_a_writable_copy():
    b = np.array([1.0, 2.0, 3.0])
    out = broadcast_to(b, (4, 3))
    assert_array_equal(out, np.tile(b, (4, 1)))
    out[0, 0] = 99.0                      # a new array, unlike numpy's read-only view
    assert b[0] == 1.0


def test_broadcast_to_scalar_and_lists():
    assert_array_equal(broadcast_to(2.5, (2, 2)), np.full((2, 2), 2.5))
    assert_array_equal(broadcast_to([[1], [2]], (2, 3)), [[1, 1, 1], [2, 2, 2]])


def test_broadcast_to_cannot_shrink_or_drop_axes():
    with pytest.raises(ValueError, match=r"broadcast_to: an array of shape \(3, 1\) cannot be stretched to shape \(3,\); "
                                         r"only axes of size 1 can grow"):
        broadcast_to(np.ones((3, 1)), (3,))
    with pytest.raises(ValueError, match=r"cannot be stretched to shape \(4, 1\)"):
        broadcast_to(np.ones(4), (4, 1))


def test_broadcast_to_incompatible_sizes_raise():
    with pytest.raises(ValueError, match=r"cannot broadcast shape \(3,\) with shape \(4,\)"):
        broadcast_to(np.ones(3), (4,))


def test_broadcast_to_string_is_a_type_error():
    with pytest.raises(TypeError, match="broadcast_to: x must be numbers"):
        broadcast_to("abc", (3,))


# -- add ----------------------------------------------------------------------------------------

@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0,
                                         max_side=4),
       st.integers(0, 2**32 - 1))
def test_add_matches_numpy(shapes, seed):
    a_shape, b_shape = shapes.input_shapes
    r = np.random.default_rng(seed)
    a, b = r.normal(size=a_shape), r.normal(size=b_shape)
    out = add(a, b)
    assert out.shape == shapes.result_shape
    assert_array_equal(out, a + b)
    assert_array_equal(add(b, a), out)            # commutative


def test_add_bias_to_every_row_of_a_batch():
    X = load_iris().X                                # (150, 4)
    b = np.array([0.1, -0.2, 0.3, -0.4])             # (4,)
    Z = add(X, b)
    assert Z.shape == (150, 4)
    assert_array_equal(Z, X + b)
    for row in (0, 75, 149):                           # the same bias on every flower
        assert_array_equal(Z[row], X[row] + b)


def test_add_identity_and_inverse():
    a = rng.normal(size=(3, 4))
    assert_array_equal(add(a, 0.0), a)
    assert_array_equal(add(a, -a), np.zeros((3, 4)))


def test_add_empty_arrays_give_empty_results():
    assert add([], []).shape == (0,)
    assert add(np.ones((0, 3)), np.ones(3)).shape == (0, 3)


def test_add_wrong_shapes_name_both():
    with pytest.raises(ValueError, match=r"cannot broadcast shape \(2, 3\) with shape \(4,\): in axis -1 .* sizes are "
                                         r"3 and 4"):
        add(np.ones((2, 3)), np.ones(4))


@pytest.mark.parametrize("bad", ["ab", None, {"a": 1}, [[1, 2], [3]]])
def test_add_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match=r"add: a must be numbers"):
        add(bad, [1.0])
    with pytest.raises(TypeError, match=r"add: b must be numbers"):
        add([1.0], bad)


def test_add_rejects_nan_and_infinity():
    with pytest.raises(ValueError, match=r"add: a holds nan at index \(0,\); expected finite"):
        add([np.nan, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"add: b holds inf"):
        add([1.0], [np.inf])


# -- scale --------------------------------------------------------------------------------------

@given(finite, hnp.arrays(float, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                          elements=finite))
def test_scale_matches_numpy(c, x):
    assert_array_equal(scale(c, x), c * x)


def test_scale_defining_properties():
    x, y = rng.normal(size=(2, 5))
    assert_array_equal(scale(1.0, x), x)
    assert_array_equal(scale(0.0, x), np.zeros(5))
    assert_allclose(scale(2.0, x + y), scale(2.0, x) + scale(2.0, y), rtol=RTOL)   # distributive
    assert_allclose(scale(2.0, scale(3.0, x)), scale(6.0, x), rtol=RTOL)
    assert scale(2.0, []).shape == (0,)


def test_scale_bad_input():
    with pytest.raises(ValueError, match=r"scale: c must be a single number, got a vector of "
                                         r"length 2"):
        scale([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(TypeError, match=r"scale: c must be numbers"):
        scale("2", [1.0])
    with pytest.raises(TypeError, match=r"scale: x must be numbers"):
        scale(2.0, "x")
    with pytest.raises(ValueError, match=r"scale: c holds nan"):
        scale(np.nan, [1.0])


# -- length -------------------------------------------------------------------------------------

moderate = st.floats(-1e6, 1e6, allow_nan=False).filter(lambda t: t == 0 or abs(t) > 1e-100)


@given(hnp.arrays(float, st.integers(1, 20), elements=moderate))
def test_length_matches_numpy(v):
    assert_allclose(length(v), np.linalg.norm(v), rtol=RTOL, atol=0)


@given(hnp.arrays(float, st.integers(1, 20), elements=st.floats(-1e300, 1e300)))
def test_length_matches_math_hypot_over_the_whole_range(v):
    """Also tiny and huge entries, where squaring them first would underflow or overflow
    (np.linalg.norm([4e-206]) is 0.0); math.hypot scales like length does."""
    assert_allclose(length(v), math.hypot(*v), rtol=RTOL, atol=0)


@given(hnp.arrays(float, st.integers(1, 10), elements=finite),
       hnp.arrays(float, st.integers(1, 10), elements=finite), finite)
def test_length_defining_properties(u, v, c):
    n = min(len(u), len(v))
    u, v = u[:n], v[:n]
    assert length(u) >= 0.0
    assert_allclose(length(c * u), abs(c) * length(u), rtol=1e-9, atol=1e-300)
    assert length(u + v) <= (length(u) + length(v)) * (1 + 1e-12)     # triangle inequality


def test_length_worked_example_and_zero():
    assert length([3.0, 4.0]) == 5.0
    assert length([0.0, 0.0]) == 0.0
    assert length([-2.0]) == 2.0


def test_length_neither_overflows_nor_underflows():
    assert_allclose(length([1e200, 1e200]), math.sqrt(2) * 1e200, rtol=RTOL)
    assert_allclose(length([3e-200, 4e-200]), 5e-200, rtol=RTOL)


def test_length_bad_input():
    with pytest.raises(ValueError, match=r"length: v is empty \(shape \(0,\)\)"):
        length([])
    with pytest.raises(ValueError, match=r"length: v must be a vector, got a matrix of shape \(1, 2\)"):
        length([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"length: v holds nan at index \(1,\)"):
        length([1.0, np.nan])
    with pytest.raises(TypeError, match=r"length: v must be numbers"):
        length("3,4")


# -- direction ----------------------------------------------------------------------------------

@pytest.mark.parametrize("v, want", [
    ((1.0, 0.0), 0.0), ((1.0, 1.0), 45.0), ((0.0, 2.0), 90.0), ((-1.0, 0.0), 180.0),
    ((0.0, -3.0), -90.0), ((-1.0, -1.0), -135.0), ((2.0, 1.0), math.degrees(math.atan(0.5))),
])
def test_direction_known_angles(v, want):
    assert_allclose(direction_degrees(v), want, rtol=RTOL, atol=1e-12)


@given(finite, finite)
def test_direction_rebuilds_the_vector(x, y):
    """v = |v| (cos theta, sin theta): length and direction together are the vector."""
    if x == 0.0 and y == 0.0:
        return  # the zero vector has no direction (tested below)
    theta = math.radians(direction_degrees([x, y]))
    r = length([x, y])
    assert_allclose([r * math.cos(theta), r * math.sin(theta)], [x, y], rtol=1e-9,
                    atol=1e-9 * max(r, 1.0))
    # numpy's angle, compared modulo 360 degrees (numpy may say -180 where mathlib says 180)
    difference = (direction_degrees([x, y]) - np.degrees(np.arctan2(y, x)) + 180.0) % 360.0 - 180.0
    assert abs(difference) <= 1e-12 * 180.0


@given(finite, finite)
def test_direction_is_an_angle_in_degrees(x, y):
    if x == 0.0 and y == 0.0:
        return
    assert -180.0 < direction_degrees([x, y]) <= 180.0


@given(finite, finite, st.floats(1e-3, 1e3))
def test_scaling_keeps_or_reverses_the_direction(x, y, c):
    """c > 0 keeps the direction, c < 0 turns it by 180 degrees: the text of notebook 01."""
    if length([x, y]) < 1e-6:
        return
    theta = direction_degrees([x, y])
    assert_allclose(direction_degrees(scale(c, [x, y])), theta, rtol=0, atol=1e-9)
    turned = (direction_degrees(scale(-c, [x, y])) - theta) % 360.0
    assert_allclose(turned, 180.0, rtol=0, atol=1e-9)
    assert_allclose(length(scale(-c, [x, y])), c * length([x, y]), rtol=1e-12)


@pytest.mark.parametrize("v", [(0.0, 0.0), (-0.0, 0.0), (-0.0, -0.0), (0.0, -0.0)])
def test_the_zero_vector_has_no_direction(v):
    with pytest.raises(ValueError, match=r"^direction_degrees: v is the zero vector \(0, 0\), which has no "
                                         r"direction; give a vector with at least one non-zero "
                                         r"component$"):
        direction_degrees(v)
    with pytest.raises(ValueError, match="no direction"):
        direction_degrees(scale(0.0, [3.0, 4.0]))          # c = 0 leaves no direction


# Just below the negative x axis atan2 gives -pi (y = -0.0) or rounds to -180.0 (y = -1e-69);
# direction keeps to (-180, 180]; a signed zero component changes nothing.
@pytest.mark.parametrize("v, want", [((-1.0, -0.0), 180.0), ((-1.0, -1e-69), 180.0),
                                     ((-0.0, 1.0), 90.0), ((-0.0, -2.0), -90.0),
                                     ((3.0, -0.0), 0.0), ((1e-300, 0.0), 0.0)])
def test_direction_edge_of_the_half_open_interval(v, want):
    assert direction_degrees(v) == want
    assert math.copysign(1.0, direction_degrees(v)) == math.copysign(1.0, want)   # never "-0.0 degrees"


def test_direction_bad_input():
    with pytest.raises(ValueError, match=r"direction_degrees: v must have 2 components, got 3 \(shape \(3,\)\)"):
        direction_degrees([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"direction_degrees: v must be a vector, got a matrix of shape \(2, 2\)"):
        direction_degrees(np.eye(2))
    with pytest.raises(ValueError, match=r"direction_degrees: v holds nan"):
        direction_degrees([np.nan, 1.0])
    with pytest.raises(TypeError, match=r"direction_degrees: v must be numbers"):
        direction_degrees("north")


# -- mix_channels -------------------------------------------------------------------------------

def test_mix_channels_matches_numpy_on_the_photograph():
    image = load_photo(gray=False, step=8)            # (75, 64, 3)
    weights = np.array([1.5, 0.5, 0.0])
    out = mix_channels(image, weights)
    assert out.shape == image.shape
    assert_array_equal(out, np.clip(image * weights, 0.0, 1.0))
    assert_array_equal(out[:, :, 2], 0.0)             # blue switched off


@given(hnp.arrays(float, st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4)),
                  elements=st.floats(0, 1)),
       st.data())
def test_mix_channels_properties(image, data):
    c = image.shape[2]
    weights = data.draw(hnp.arrays(float, c, elements=st.floats(0, 2)))
    out = mix_channels(image, weights)
    assert_array_equal(out, np.clip(image * weights[None, None, :], 0.0, 1.0))
    assert np.all((out >= 0.0) & (out <= 1.0))
    assert_array_equal(mix_channels(image, np.ones(c)), image)   # weights 1 change nothing


def test_mix_channels_clips_below_zero_too():
    """A negative weight would give negative brightness: clipped to 0 (black), like above 1."""
    image = np.full((2, 2, 3), 0.5)
    out = mix_channels(image, [-1.0, 1.0, 3.0])
    assert_array_equal(out[:, :, 0], 0.0)
    assert_array_equal(out[:, :, 1], 0.5)
    assert_array_equal(out[:, :, 2], 1.0)


def test_mix_channels_bad_input():
    with pytest.raises(ValueError, match=r"mix_channels: the image has 3 channels \(shape \(2, 2, 3\)\) "
                                         r"but 2 weights were given; give one weight per channel"):
        mix_channels(np.ones((2, 2, 3)), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"mix_channels: image must be a tensor with 3 axes, got a "
                                         r"matrix of shape \(2, 2\)"):
        mix_channels(np.ones((2, 2)), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"mix_channels: weights must be a vector"):
        mix_channels(np.ones((2, 2, 3)), 1.0)
    with pytest.raises(ValueError, match=r"mix_channels: image is empty"):
        mix_channels(np.ones((0, 2, 3)), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"mix_channels: weights holds nan"):
        mix_channels(np.ones((2, 2, 3)), [1.0, np.nan, 1.0])
    with pytest.raises(TypeError, match=r"mix_channels: weights must be numbers"):
        mix_channels(np.ones((2, 2, 3)), "rgb")


# -- flatten ------------------------------------------------------------------------------------

def test_flatten_gives_back_the_digit_rows():
    digits = load_digits()
    images = digits.X.reshape(-1, 8, 8)               # (1797, 8, 8)
    out = flatten(images)
    assert out.shape == (1797, 64)
    assert_array_equal(out, digits.X)


@given(hnp.arrays(float, hnp.array_shapes(min_dims=3, max_dims=3, max_side=6), elements=finite))
def test_flatten_matches_reshape_row_by_row(images):
    n, h, w = images.shape
    out = flatten(images)
    assert_array_equal(out, images.reshape(n, h * w))
    assert_array_equal(out[:, :w], images[:, 0, :])      # the first row of each image comes first
    assert_array_equal(out.reshape(n, h, w), images)     # nothing is lost


def test_flatten_bad_input():
    with pytest.raises(ValueError, match=r"flatten: images must be a batch with at least 2 axes, "
                                         r"\(N, ...\), got a vector of length 8"):
        flatten(np.ones(8))
    with pytest.raises(ValueError, match=r"flatten: images must be a batch .* got a scalar"):
        flatten(3.0)
    with pytest.raises(ValueError, match=r"flatten: images is empty \(shape \(0, 8, 8\)\)"):
        flatten(np.ones((0, 8, 8)))
    with pytest.raises(ValueError, match=r"flatten: images holds nan"):
        flatten(np.full((1, 2, 2), np.nan))
    with pytest.raises(TypeError, match=r"flatten: images must be numbers"):
        flatten("digits")


def test_flatten_a_batch_of_colour_images():
    """(N, H, W, C) -> (N, H*W*C): the text of notebook 01 says it flattens, so it does."""
    batch = rng.uniform(0.0, 1.0, size=(16, 4, 5, 3))
    out = flatten(batch)
    assert out.shape == (16, 60)
    assert_array_equal(out, batch.reshape(16, -1))
    assert_array_equal(out[7, :3], batch[7, 0, 0, :])     # a pixel's channels stay together
    assert_array_equal(out[7, 3:6], batch[7, 0, 1, :])    # then the next pixel in the row


@given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=5, max_side=4), elements=finite))
def test_flatten_any_batch_keeps_the_first_axis_and_the_order(batch):
    out = flatten(batch)
    n = batch.shape[0]
    assert out.shape == (n, int(np.prod(batch.shape[1:])))
    assert_array_equal(out, batch.reshape(n, -1))
    assert_array_equal(out.ravel(), batch.ravel())          # reading order unchanged
    assert_array_equal(out.reshape(batch.shape), batch)     # nothing is lost


def test_a_matrix_is_already_flat():
    X = load_iris().X
    assert_array_equal(flatten(X), X)


def test_error_messages_write_numpy_sizes_as_python_tuples():
    """Shapes built from numpy integers (x.shape[0] * 2, np.int64) still read (2, 3)."""
    with pytest.raises(ValueError, match=r"cannot broadcast shape \(2, 3\) with shape \(4,\)"):
        broadcast_shape((np.int64(2), np.int64(3)), (np.int64(4),))
    with pytest.raises(ValueError, match=r"an array of shape \(3, 1\) cannot be stretched to "
                                         r"shape \(3,\)"):
        broadcast_to(np.ones((3, 1)), (np.int64(3),))
    with pytest.raises(ValueError, match=r"shape_a\[1\] = -1 is out of range; expected shape_a\[1\] >= 0"):
        broadcast_shape((np.int64(2), -1), (1,))


@settings(max_examples=30)
@given(st.integers(1, 4), st.integers(1, 6), st.integers(1, 6), st.integers(1, 4))
def test_a_batch_of_images_has_4_axes(n, h, w, c):
    """(N, H, W, C) + (C,) keeps the shape: a per-channel bias on a batch of images."""
    batch = np.zeros((n, h, w, c))
    bias = np.arange(c, dtype=float)
    out = add(batch, bias)
    assert out.shape == (n, h, w, c)
    assert_array_equal(out[-1, -1, -1], bias)


def test_complex_numbers_are_refused_not_truncated():
    """length([3 + 4j]) would be 3 with the imaginary part dropped: refused, naming the dtype."""
    calls = [("length", "v", lambda z: length(z)), ("add", "a", lambda z: add(z, 1.0)),
             ("scale", "c", lambda z: scale(z[0], [1.0])), ("direction_degrees", "v", lambda z: direction_degrees(z)),
             ("broadcast_to", "x", lambda z: broadcast_to(z, (2, 2)))]
    for where, name, call in calls:
        with pytest.raises(TypeError, match=rf"^{where}: {name} holds complex numbers \(dtype "
                                            r"complex128, e.g. \(3\+4j\) at index"):
            call(np.array([3 + 4j, 1.0]))
