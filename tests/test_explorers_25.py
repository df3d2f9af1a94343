"""The explorers of notebook 25: the filtered image against scipy's correlate2d, the window
positions against the output-size formula and a direct count, the readouts' words and numbers,
and both explorers at the corners of their controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import signal

pytest.importorskip("ipympl")

from mathlib.explorers import kernel_filter, stride_padding  # noqa: E402
from .explorer_checks import corners, honest_at_corners  # noqa: E402


# -- kernel_filter ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["digit", "photograph"])
@pytest.mark.parametrize("preset", list(kernel_filter.PRESETS))
def test_filter_is_scipy_s_correlation(name, preset):
    x = kernel_filter.images()[name]
    w = np.array(kernel_filter.PRESETS[preset], dtype=float)
    out = kernel_filter.compute(x, w)
    assert out.output.shape == x.shape
    assert_allclose(out.output, signal.correlate2d(x, w, mode="same"), atol=1e-12)
    assert out.weight_sum == w.sum()
    assert out.largest == np.max(np.abs(out.output))


def test_images_are_the_data_sets():
    from mathlib.data import load_digits, load_photo
    imgs = kernel_filter.images()
    assert_allclose(imgs["digit"] * 16, load_digits().X[0].reshape(8, 8))
    assert imgs["photograph"].shape == (150, 128)
    assert_allclose(imgs["photograph"], load_photo(step=4))


def test_filter_readout_words():
    x = kernel_filter.images()["digit"]
    edge = kernel_filter.readout(kernel_filter.compute(x, kernel_filter.PRESETS["vertical edges"]),
                                 "digit")
    assert "sum to <b>0</b>" in edge and "edge detector" in edge
    sharp = kernel_filter.readout(kernel_filter.compute(x, kernel_filter.PRESETS["sharpen"]),
                                  "digit")
    assert "keeps its brightness" in sharp
    blur = kernel_filter.readout(kernel_filter.compute(x, kernel_filter.PRESETS["blur"]), "digit")
    assert "multiplied by 9" in blur
    zero = kernel_filter.readout(kernel_filter.compute(x, np.zeros((3, 3))), "digit")
    assert "Every output pixel is 0" in zero


def test_presets_set_the_sliders():
    ex = kernel_filter.explorer()
    for button, (name, weights) in zip(ex.presets, kernel_filter.PRESETS.items()):
        button.click()
        assert [ex.values[n] for n in kernel_filter.NAMES] == list(np.ravel(weights)), name
        assert ex.last_error is None
    ex.reset()
    assert ex.values["w12"] == 2.0


def test_filter_corners_and_honest():
    ex = kernel_filter.explorer()
    for image in ("digit", "photograph"):
        for low in (True, False):
            value = kernel_filter.WEIGHT[0] if low else kernel_filter.WEIGHT[1]
            ex.set(image=image, **{n: value for n in kernel_filter.NAMES})
            assert ex.last_error is None
            assert f"{9 * value:g}" in ex.readout.value
    assert honest_at_corners(ex, limit=8) == []


# -- stride_padding -------------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(stride_padding.N[0], stride_padding.N[1] + 1))
def test_positions_match_the_formula_and_a_count(n):
    from mathlib.conv import conv2d
    for k in range(stride_padding.K[0], stride_padding.K[1] + 1):
        for s in range(1, 5):
            for p in range(0, 4):
                res = stride_padding.compute(n, k, s, p)
                if k > n + 2 * p:
                    assert not res.fits and res.out == 0 and res.starts.size == 0
                    continue
                starts = list(range(0, n + 2 * p - k + 1, s))
                assert res.starts.tolist() == starts
                assert res.out == conv2d(np.ones((n, n)), np.ones((k, k)), stride=s,
                                         padding=p).shape[0]
                assert res.unused == n + 2 * p - (starts[-1] + k)
                reached = {r for start in starts for r in range(start, start + k)}
                missed = set(range(n + 2 * p)) - reached
                assert set(res.gaps) | set(range(n + 2 * p - res.unused, n + 2 * p)) == missed


def test_grid_marks_input_and_padding():
    g = stride_padding.grid(stride_padding.compute(4, 3, 1, 2))
    assert g.shape == (stride_padding.SIZE, stride_padding.SIZE)
    assert (g[2:6, 2:6] == 0.42).all() and g[0, 0] == 0.12 and g[8, 8] == 0.0


def test_stride_readout_words():
    text = stride_padding.readout(stride_padding.compute(7, 3, 2, 1))
    assert "floor((7 + 2 - 3) / 2) + 1 = <b>4</b>" in text and "4 x 4</b> output" in text
    assert "never reached" not in text
    same = stride_padding.readout(stride_padding.compute(7, 3, 1, 1))
    assert "Same size as the input" in same
    left = stride_padding.readout(stride_padding.compute(12, 1, 4, 3))
    assert "(n + 2p - k) mod s = 1" in left
    none = stride_padding.readout(stride_padding.compute(3, 7, 1, 0))
    assert "narrower than the kernel" in none


def test_stride_bad_input():
    with pytest.raises(ValueError, match="stride = 0"):
        stride_padding.compute(5, 3, 0, 0)
    with pytest.raises(TypeError, match="whole number"):
        stride_padding.compute(5.0, 3, 1, 0)


def test_stride_explorer_corners():
    ex = stride_padding.explorer()
    for values in corners(ex):
        res = stride_padding.compute(**values)
        if res.fits:
            assert f"<b>{res.out}</b> per axis" in ex.readout.value
        else:
            assert "narrower than the kernel" in ex.readout.value
    assert honest_at_corners(ex) == []


def test_stride_readout_lists_rows_between_windows():
    """s > k: the rows between windows are never reached either, not only the last ones."""
    text = stride_padding.readout(stride_padding.compute(12, 3, 4, 0))
    assert "rows 3 and 7 between windows" in text
    assert "row 11 after the last window" in text
    assert "The last" not in text
    wide = stride_padding.readout(stride_padding.compute(8, 1, 4, 0))
    assert "rows 1, 2 and 3 between windows" in wide and "3 rows wide" in wide
    assert "rows 5, 6 and 7 after the last window" in wide
    exact = stride_padding.readout(stride_padding.compute(7, 3, 3, 1))    # 9 - 3 = 6 = 2 s
    assert "never reached" not in exact


def test_stride_readout_grammar():
    """One window is singular; 8, 11 and 18 take 'an'."""
    one = stride_padding.readout(stride_padding.compute(3, 3, 1, 0))
    assert "(1 window, one output number each)" in one and "1 windows" not in one
    assert "a 3 x 3 input gives a <b>1 x 1</b>" in one
    eighteen = stride_padding.readout(stride_padding.compute(12, 1, 1, 3))
    assert "a 12 x 12 input gives an <b>18 x 18</b> output" in eighteen
    eight = stride_padding.readout(stride_padding.compute(8, 1, 1, 0))
    assert "an 8 x 8 input gives an <b>8 x 8</b> output" in eight
    eleven = stride_padding.readout(stride_padding.compute(11, 3, 1, 1))
    assert "an 11 x 11 input gives an <b>11 x 11</b> output" in eleven
    for n in range(stride_padding.N[0], stride_padding.N[1] + 1):
        for k in range(1, 8):
            text = stride_padding.readout(stride_padding.compute(n, k, 1, 0))
            assert " a 8 " not in text and " a 11 " not in text and " a 18 " not in text
            assert " a <b>8 " not in text and " a <b>11 " not in text


def test_filter_prompt_gives_the_scale_the_figure_uses():
    """The output is drawn from -max|output| (black) to +max|output| (white): a blur shows no
    black, so the prompt must not say black is the most negative value."""
    from .exercise_helpers import cell_text
    text = " ".join(cell_text("25_convolution.ipynb", "a25f0009").split())
    assert r"white $+\max|\mathrm{output}|$ and black $-\max|\mathrm{output}|$" in text
    assert "the most negative value" not in text


def test_stride_grid_is_two_squares_not_an_image():
    """An image is resampled on every move (about 20 ms); two patches cost well under 1 ms."""
    ex = stride_padding.explorer()
    ex.controls["n"].value = 9
    ex.controls["padding"].value = 2
    assert len(ex.fig.axes[0].images) == 0
    squares = [p for p in ex.fig.axes[0].patches if p.get_fill()]
    assert sorted((p.get_width(), p.get_xy()) for p in squares) == [(9, (1.5, 1.5)),
                                                                     (13, (-0.5, -0.5))]


def test_the_presets_sit_under_the_title():
    """The explorer's first row is its bold title (what a screen reader and the browser tests
    read first); the preset buttons come right after it."""
    ex = kernel_filter.explorer()
    first, second = ex.widget.children[:2]
    assert "<b>" in first.value and "3 x 3 kernel" in first.value
    assert list(second.children[1:]) == ex.presets
