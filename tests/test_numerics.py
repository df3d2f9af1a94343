"""Tests of mathlib.numerics against numpy's own float16/float32 (astype, finfo) and, for bfloat16,
a bit-level reference: float32's bits rounded to their upper 16 with round-to-nearest-even."""

from __future__ import annotations

import numpy as np
import pytest

from mathlib import numerics
from mathlib.numerics import FORMATS, float_info, round_to

NUMPY = {"float64": np.float64, "float32": np.float32, "float16": np.float16}


def _bfloat16_reference(x: np.ndarray) -> np.ndarray:
    """bfloat16 by bits: float64 -> float32 would round twice, so round the float64 to a
    float32 with its lower 16 bits dropped directly: (bits + 0x7FFF + lowest kept bit) >> 16 on
    the float32 bits, where the float32 is taken by truncating (round toward zero) and the
    sticky information of the discarded float64 bits is kept in its last bit."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore"):         # numpy's cast warns where the float32 overflows
        f32 = x.astype(np.float32)
    # a float64 that is not exactly a float32 is first rounded toward zero to float32 and its
    # last bit set ("round to odd"), which makes the second rounding equal to a single one
    exact = f32.astype(np.float64) == x
    toward = np.where(np.abs(f32.astype(np.float64)) > np.abs(x),
                      np.nextafter(f32, np.float32(0)), f32)
    bits = toward.view(np.uint32).copy()
    bits = np.where(exact | ~np.isfinite(x), f32.view(np.uint32), bits | np.uint32(1))
    nan = np.isnan(x)
    keep = (bits >> np.uint32(16)) & np.uint32(1)
    rounded = ((bits.astype(np.uint64) + np.uint64(0x7FFF) + keep.astype(np.uint64))
               >> np.uint64(16)) << np.uint64(16)
    out = rounded.astype(np.uint32).view(np.float32).astype(np.float64)
    out[nan] = np.nan
    return out


def _values(rng, info) -> np.ndarray:
    """Many values of every kind near the format's landmarks: random magnitudes across its range,
    exact ties, near-ties, subnormals, the overflow threshold."""
    m, eps = info.mantissa_bits, info.eps
    parts = [rng.standard_normal(2000),
             np.ldexp(rng.uniform(0.5, 1.0, 4000), rng.integers(info.min_exponent - m - 3,
                                                                  info.max_exponent + 3, 4000)),
             1.0 + eps * (np.arange(-8, 9) / 4.0),            # ties at 1 +- eps/2, quarter points
             np.arange(1, 64) * info.smallest_subnormal / 2,   # subnormal ties and steps
             np.array([info.smallest_subnormal / 2, info.smallest_subnormal * 0.5000001,
                       info.smallest_subnormal * 0.4999999, info.smallest_normal,
                       info.smallest_normal * (1 - eps / 4), info.smallest_normal * (1 - eps)])]
    half_ulp = np.ldexp(1.0, info.max_exponent - m - 1)
    parts.append(np.array([info.max, info.max + half_ulp, np.nextafter(info.max + half_ulp, 0),
                           np.nextafter(info.max + half_ulp, np.inf), info.max + 2 * half_ulp,
                           np.ldexp(1.0, info.max_exponent + 1)]))
    out = np.concatenate(parts)
    return np.concatenate([out, -out])


@pytest.mark.parametrize("name", ["float64", "float32", "float16"])
def test_float_info_matches_finfo(name):
    info, ref = float_info(name), np.finfo(NUMPY[name])
    assert info.name == name
    assert info.bits == ref.bits
    assert info.exponent_bits == ref.nexp
    assert info.mantissa_bits == ref.nmant
    assert info.min_exponent == ref.minexp
    assert info.max_exponent == ref.maxexp - 1
    assert info.max == float(ref.max)
    assert info.smallest_normal == float(ref.smallest_normal)
    assert info.smallest_subnormal == float(ref.smallest_subnormal)
    assert info.eps == float(ref.eps)
    assert all(type(v) is float for v in info[6:])


def test_float_info_bfloat16_from_its_bits():
    info = float_info("bfloat16")
    f32 = np.finfo(np.float32)
    assert (info.bits, info.exponent_bits, info.mantissa_bits) == (16, 8, 7)
    assert (info.min_exponent, info.max_exponent) == (-126, 127)
    # the largest finite bfloat16 is float32's bit pattern 0x7F7F0000
    assert info.max == float(np.array([0x7F7F0000], dtype=np.uint32).view(np.float32)[0])
    assert info.max == 3.3895313892515355e38
    assert info.smallest_normal == float(f32.smallest_normal)     # same exponent range
    assert info.smallest_subnormal == float(np.array([1], dtype=np.uint32).view(np.float32)[0]
                                            ) * 2.0 ** 16       # bit pattern 0x00010000
    assert info.eps == 2.0 ** -7 == 0.0078125


def test_float_info_is_a_frozen_named_tuple():
    info = float_info("float16")
    assert info.max == 65504.0 and info.eps == 2 ** -10
    assert info._fields[:4] == ("name", "bits", "exponent_bits", "mantissa_bits")
    with pytest.raises(AttributeError):
        info.max = 1.0
    assert FORMATS == ("float64", "float32", "float16", "bfloat16")


@pytest.mark.parametrize("name", ["float32", "float16"])
def test_round_to_matches_numpy(name):
    rng = np.random.default_rng(21)
    x = _values(rng, float_info(name))
    with np.errstate(over="ignore"):         # numpy's cast warns where it overflows to inf
        want = x.astype(NUMPY[name]).astype(np.float64)   # float64 -> float16 in one rounding
    got = round_to(x, name)
    assert got.dtype == np.float64 and got.shape == x.shape
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


def test_round_to_bfloat16_matches_the_bit_reference():
    rng = np.random.default_rng(2121)
    x = _values(rng, float_info("bfloat16"))
    got = round_to(x, "bfloat16")
    want = _bfloat16_reference(x)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


def test_bfloat16_reference_on_float32_inputs_is_plain_rne_of_upper_bits():
    """On float32 inputs the reference is the textbook rule (no double rounding to worry about)."""
    rng = np.random.default_rng(3)
    bits = rng.integers(0, 2 ** 32, 5000, dtype=np.uint64).astype(np.uint32)
    bits = bits[(bits & np.uint32(0x7F800000)) != np.uint32(0x7F800000)]   # finite only
    x = bits.view(np.float32).astype(np.float64)
    keep = (bits >> np.uint32(16)) & np.uint32(1)
    rne = ((bits.astype(np.uint64) + 0x7FFF + keep) >> 16 << 16).astype(np.uint32)
    np.testing.assert_array_equal(round_to(x, "bfloat16"), rne.view(np.float32).astype(np.float64))


def test_round_to_float64_is_identity():
    x = np.array([0.1, -0.0, 5e-324, 1.7976931348623157e308, np.inf, -np.inf, 1 / 3])
    got = round_to(x, "float64")
    np.testing.assert_array_equal(got, x)
    assert got is not x


@pytest.mark.parametrize("name", FORMATS[1:])
def test_round_to_landmarks(name):
    info = float_info(name)
    m = info.mantissa_bits
    half_ulp_top = np.ldexp(1.0, info.max_exponent - m - 1)
    assert round_to(info.max, name) == info.max
    assert round_to(np.nextafter(info.max + half_ulp_top, 0), name) == info.max
    assert round_to(info.max + half_ulp_top, name) == np.inf         # the tie overflows
    assert round_to(-(info.max + half_ulp_top), name) == -np.inf
    assert round_to(1e300, name) == np.inf
    assert round_to(1.0 + info.eps / 2, name) == 1.0                  # tie to even (down)
    assert round_to(1.0 + 1.5 * info.eps, name) == 1.0 + 2 * info.eps  # tie to even (up)
    assert round_to(1.0 + 0.75 * info.eps, name) == 1.0 + info.eps
    assert round_to(info.smallest_subnormal, name) == info.smallest_subnormal
    assert round_to(info.smallest_subnormal / 2, name) == 0.0         # tie to even: 0
    assert round_to(info.smallest_subnormal * 0.5000001, name) == info.smallest_subnormal
    assert round_to(1.5 * info.smallest_subnormal, name) == 2 * info.smallest_subnormal
    assert round_to(3 * info.smallest_subnormal, name) == 3 * info.smallest_subnormal
    assert round_to(info.smallest_normal * (1 - info.eps), name) == info.smallest_normal * (
        1 - info.eps)                                                  # the largest subnormal
    assert round_to(3.0, name) == 3.0 and round_to(-2.5, name) == -2.5


def test_round_to_special_values_and_signs():
    for name in FORMATS:
        got = round_to(np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, -1e-300]), name)
        assert np.isnan(got[0]) and got[1] == np.inf and got[2] == -np.inf
        assert got[3] == 0.0 and not np.signbit(got[3])
        assert got[4] == 0.0 and np.signbit(got[4])
        if name != "float64":
            assert got[5] == 0.0 and np.signbit(got[5])


def test_round_to_float16_examples_of_the_notebook():
    assert round_to(1 + 1e-4, "float16") == 1.0
    assert round_to(1 + 1e-3, "float16") == 1.0009765625
    assert round_to(0.1, "float16") == 0.0999755859375
    assert round_to(65519.99, "float16") == 65504.0
    assert round_to(65520.0, "float16") == np.inf
    assert round_to(1e-8, "float16") == 0.0
    assert round_to(3e-8, "float16") == 5.960464477539063e-08
    assert round_to(1 + 1e-3, "bfloat16") == 1.0
    assert round_to(1e38, "bfloat16") < np.inf


def test_round_to_shapes_and_types():
    assert isinstance(round_to(0.1, "float32"), float)
    assert isinstance(round_to(np.float64(0.1), "float32"), float)
    x = np.arange(12.0).reshape(3, 4) / 7
    got = round_to(x, "float16")
    assert got.shape == (3, 4)
    np.testing.assert_array_equal(got, x.astype(np.float16).astype(float))
    assert round_to([], "float16").shape == (0,)
    assert round_to([1, 2, 3], "bfloat16").tolist() == [1.0, 2.0, 3.0]
    assert round_to(np.array([0.1], dtype=np.float32), "float32")[0] == float(np.float32(0.1))
    x = np.array([0.1, 0.2])
    round_to(x, "float16")
    assert x.tolist() == [0.1, 0.2]        # the input is not changed


def test_round_to_no_warnings_at_extremes():
    x = np.array([1e308, -1e308, 5e-324, np.nan, np.inf, 1.7976931348623157e308])
    for name in FORMATS:
        round_to(x, name)                  # warnings are errors in the tests


def test_errors_name_the_valid_formats():
    with pytest.raises(ValueError, match=r"float_info: unknown format 'float8'; expected one of "
                                         r"'float64', 'float32', 'float16', 'bfloat16'"):
        float_info("float8")
    with pytest.raises(ValueError, match=r"round_to: unknown format 'half'; expected one of "
                                         r"'float64', 'float32', 'float16', 'bfloat16'"):
        round_to(1.0, "half")
    with pytest.raises(TypeError, match=r"float_info: name must be a string, one of 'float64', "
                                        r"'float32', 'float16', 'bfloat16'; got int 16"):
        float_info(16)
    with pytest.raises(TypeError, match=r"round_to: name must be a string.*got type "):
        round_to(1.0, np.float16)
    with pytest.raises(TypeError, match="round_to: x must be numbers"):
        round_to("1.0", "float16")
    with pytest.raises(TypeError, match="round_to: x holds complex"):
        round_to([1 + 2j], "float16")
    with pytest.raises(TypeError):
        round_to(1.0)                        # the format is required


def test_module_lists_its_public_names():
    assert set(numerics.__all__) == {"FORMATS", "FloatInfo", "float_info", "round_to"}


def test_float_info_exponents_against_numpy_and_python_conventions():
    """The exponents are E_min and E_max themselves; numpy's maxexp and Python's max_exp count
    differently, and the docstrings say how (so nobody mistakes one for the other)."""
    import sys
    info = float_info("float64")
    assert info.max_exponent == np.finfo(np.float64).maxexp - 1 == sys.float_info.max_exp - 1
    assert info.min_exponent == np.finfo(np.float64).minexp == sys.float_info.min_exp - 1
    assert info.max == 2.0 ** info.max_exponent * (2 - info.eps)
    for doc in (float_info.__doc__,):
        assert "maxexp - 1" in doc and "max_exp - 1" in doc and "minexp" in doc


def test_round_to_swapped_arguments_say_so():
    with pytest.raises(TypeError, match=r"^round_to: name must be a string, one of 'float64', "
                                        r"'float32', 'float16', 'bfloat16'; got float 1.0, and x "
                                        r"is the string 'float16': are the arguments swapped\? "
                                        r"The number comes first, round_to\(x, name\), e.g. "
                                        r"round_to\(1.0, 'float16'\)$"):
        round_to("float16", 1.0)


def test_round_to_integers_beyond_float64_are_inf():
    assert round_to(2 ** 1100, "float16") == np.inf
    assert round_to(-2 ** 1100, "float64") == -np.inf
    assert round_to(2 ** 1024 - 1, "float32") == np.inf      # float() of it overflows too
    got = round_to([1, 2 ** 1100, -(2 ** 2000)], "bfloat16")
    assert got.tolist() == [1.0, np.inf, -np.inf]
    got = round_to([[2 ** 1100, np.nan], [-0.0, 1e-9]], "float16")      # nan and -0.0 kept
    assert got.shape == (2, 2) and got[0, 0] == np.inf and np.isnan(got[0, 1])
    assert got[1, 0] == 0 and np.signbit(got[1, 0]) and got[1, 1] == 0
    assert round_to([2 ** 1100, np.inf, -np.inf], "float32").tolist() == [np.inf, np.inf, -np.inf]
    assert round_to(2 ** 1023, "float64") == 2.0 ** 1023
    with pytest.raises(TypeError, match="round_to: x must be numbers"):
        round_to([2 ** 1100, "a"], "float16")


@pytest.mark.parametrize("value", [np.datetime64("2020-01-01"), np.timedelta64(3, "s"),
                                   np.array(["2020-01-01"], dtype="datetime64[D]"),
                                   [np.datetime64("2020-01-01")]])
def test_round_to_refuses_dates_and_times(value):
    shown = type(value).__name__
    with pytest.raises(TypeError, match=rf"round_to: x must be numbers .*got dates or times "
                                        rf"\({shown} "):
        round_to(value, "float16")
