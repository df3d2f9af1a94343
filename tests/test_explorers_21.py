"""The explorers of notebook 21: the number line against round_to and numpy's own float16/float32,
naive softmax against numpy's float16/float32 arithmetic and the stable one against scipy's
formulas, the loss-scaling fractions counted with numpy's float16, and every explorer at every
corner of its controls with warnings as errors."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from mathlib.explorers import float_line, loss_scaling, stable_softmax  # noqa: E402
from mathlib.numerics import round_to  # noqa: E402
from .explorer_checks import corners  # noqa: E402


# -- float_line -----------------------------------------------------------------------------------

def _all_numbers(lo, hi, dtype):
    """Every number of a numpy float type in [lo, hi], by stepping with nextafter."""
    x = dtype(lo)
    if float(x) < lo:
        x = np.nextafter(x, dtype(np.inf))
    out = []
    while np.isfinite(x) and float(x) <= hi:
        out.append(float(x))
        x = np.nextafter(x, dtype(np.inf))
    return np.array(out)


@pytest.mark.parametrize("k", [-30, -25, -24, -20, -15, -14, 0, 3, 15, 16, 20])
def test_float16_numbers_are_numpys(k):
    with np.errstate(over="ignore"):
        out = float_line.compute(k, 16)
        centre, unit = 2.0 ** k, 2.0 ** (k - 10)
        want = _all_numbers(centre - 16 * unit, centre + 16 * unit, np.float16)
    assert_allclose(out.positions[1] * unit + centre, want, rtol=0, atol=0)
    assert out.counts[1] == want.size


@pytest.mark.parametrize("k", [-30, 0, 20])
def test_bfloat16_numbers_round_to_themselves_and_fill_the_gaps(k):
    out = float_line.compute(k, 128)
    v = out.positions[2] * out.unit + out.centre
    assert_allclose(round_to(v, "bfloat16"), v, rtol=0, atol=0)
    mid = (v[:-1] + v[1:]) / 2 + (v[1:] - v[:-1]) / 8       # between neighbours: not a number
    assert np.all(round_to(mid, "bfloat16") != mid)
    assert out.counts[2] == 16 + 32 + 1          # 16 steps of 8 u above 2^k, 32 of 4 u below


def test_float32_is_a_band_with_its_count():
    out = float_line.compute(0, 16)
    assert out.positions[0] is None
    assert out.counts[0] == 16 * 2 ** 13 + 16 * 2 ** 14 + 1      # 2^13 per u above, 2^14 below
    assert out.above == (2.0 ** -23, 2.0 ** -10, 2.0 ** -7)
    assert out.below == (2.0 ** -24, 2.0 ** -11, 2.0 ** -8)


def test_float_line_readout_names_overflow_and_subnormals():
    text = float_line.readout(float_line.compute(16, 16))
    assert "beyond its largest number 65504" in text and "stored as inf" in text
    text = float_line.readout(float_line.compute(-20, 16))
    assert "subnormal, the spacing stays 5.96e-08" in text
    assert "float16: <b>1</b> number in the window" in text
    text = float_line.readout(float_line.compute(0, 16))
    assert "relative <b>0.000977</b>" in text and "relative <b>0.00781</b>" in text
    assert "a band" in text


def test_float_line_bad_input():
    with pytest.raises(TypeError):
        float_line.compute(0.5)
    with pytest.raises(ValueError):
        float_line.compute(0, 0)


def test_float_line_explorer_corners():
    ex = float_line.explorer()
    for values in corners(ex):
        out = float_line.compute(values["k"], float_line.WINDOWS[values["window"]])
        assert f"float16: <b>{out.counts[1]}</b> number" in ex.readout.value


# -- stable_softmax ------------------------------------------------------------------------------

def _logsumexp(z):
    m = z.max()
    return m + np.log(np.sum(np.exp(z - m)))


@pytest.mark.parametrize("s", [0.1, 1.0, 5.0, 11.0, 12.0, 30.0, 100.0, 1000.0, 10000.0])
@pytest.mark.parametrize("fmt", ["float32", "float16"])
def test_softmax_naive_and_stable(s, fmt):
    out = stable_softmax.compute(s, fmt)
    z = s * stable_softmax.BASE
    # the stable ones: scipy's documented formulas, exp(z - logsumexp(z)) and logsumexp(z) - z_y
    assert_allclose(out.stable, np.exp(z - _logsumexp(z)), rtol=1e-12, atol=1e-300)
    assert_allclose(out.stable_loss, _logsumexp(z) - z[1], rtol=1e-12)
    dt = np.float16 if fmt == "float16" else np.float32
    with np.errstate(all="ignore"):
        e = np.exp(z.astype(dt))
        p = e / e.sum(dtype=dt)
        want = -np.log(p[1])
    np.testing.assert_array_equal(out.naive, p.astype(float))
    np.testing.assert_array_equal(out.naive_loss, float(want))
    if s <= 5.0:
        assert_allclose(out.naive, out.stable, rtol=2e-3)    # agree while nothing overflows


def test_softmax_breakdown_points():
    assert np.isnan(stable_softmax.compute(12.0, "float16").naive[0])
    assert np.isinf(stable_softmax.compute(11.0, "float16").naive_loss)    # the sum overflows
    assert np.isfinite(stable_softmax.compute(10.0, "float16").naive_loss)
    assert np.isfinite(stable_softmax.compute(88.0, "float32").naive_loss)
    assert np.isnan(stable_softmax.compute(100.0, "float32").naive).any()
    s, naive, stable = stable_softmax.curves("float16")
    assert np.all(np.isfinite(stable)) and not np.all(np.isfinite(naive))
    assert s[np.argmax(~np.isfinite(naive))] > 10.0


def test_softmax_readout_says_nan_and_inf_in_words():
    text = stable_softmax.readout(stable_softmax.compute(12.0, "float16"))
    assert "inf / inf has no value" in text and "naive <b>inf</b>" in text
    text = stable_softmax.readout(stable_softmax.compute(11.0, "float16"))
    assert "their sum overflows float16" in text
    text = stable_softmax.readout(stable_softmax.compute(10000.0, "float16"))
    assert "naive <b>nan</b>" in text and "stable <b>2000</b>" in text
    assert "stays accurate to float64's rounding" in text and "exact" not in text


def test_stable_softmax_explorer_corners():
    ex = stable_softmax.explorer()
    for values in corners(ex):
        out = stable_softmax.compute(values["scale"], values["fmt"])
        assert f"stable <b>{out.stable_loss:.4g}</b>" in ex.readout.value


def test_stable_softmax_switches_curves_with_the_format():
    ex = stable_softmax.explorer()
    ex.set(fmt="float32")
    band = [p for p in ex.fig.axes[1].patches][0]
    assert 80 < band.get_x() < 100
    ex.set(fmt="float16")
    assert 10 < band.get_x() < 12


# -- loss_scaling --------------------------------------------------------------------------------

@pytest.mark.parametrize("j", [0, 4, 12, 20, 24, 32, -3])
def test_loss_scaling_fractions_match_numpy_float16(j):
    out = loss_scaling.compute(j)
    g = loss_scaling.gradients()
    with np.errstate(over="ignore"):
        h = (g * 2.0 ** j).astype(np.float16).astype(float)
    assert out.flushed == np.mean(h == 0)
    assert out.overflowed == np.mean(np.isinf(h))
    assert out.subnormal == np.mean((h != 0) & (np.abs(h) < 2.0 ** -14))
    assert_allclose(out.flushed + out.overflowed + out.subnormal + out.kept, 1.0)
    fin = np.isfinite(h)
    assert_allclose(out.rel_error, np.median(np.abs(h[fin] / 2.0 ** j - g[fin]) / np.abs(g[fin])))
    # the thresholds: flushed exactly below half the smallest subnormal, inf from 65520
    assert_allclose(out.flush_below, 2.0 ** -25 / 2.0 ** j)
    assert_allclose(out.overflow_above, 65520.0 / 2.0 ** j)
    a = np.abs(g)
    assert np.all((h == 0) == (a * 2.0 ** j <= 2.0 ** -25))
    assert np.all(np.isinf(h) == (a >= out.overflow_above))


def test_loss_scaling_rescues_and_then_overflows():
    assert loss_scaling.compute(0).flushed > 0.1
    assert loss_scaling.compute(16).flushed < 0.001 and loss_scaling.compute(16).overflowed == 0
    assert loss_scaling.compute(32).overflowed > 0.1
    text = loss_scaling.readout(loss_scaling.compute(32))
    assert "skips the step and halves S" in text
    assert "a good scale" in loss_scaling.readout(loss_scaling.compute(16))
    assert "lifts them" in loss_scaling.readout(loss_scaling.compute(0))


def test_loss_scaling_gradients_are_seeded():
    a = loss_scaling.gradients()
    loss_scaling.gradients.cache_clear()
    np.testing.assert_array_equal(a, loss_scaling.gradients())
    with pytest.raises(ValueError):
        loss_scaling.compute(41)
    with pytest.raises(TypeError):
        loss_scaling.compute(2.0)


def test_loss_scaling_explorer_corners():
    ex = loss_scaling.explorer()
    for values in corners(ex):
        out = loss_scaling.compute(values["j"])
        assert f"2^{out.j} =" in ex.readout.value


# -- the learner review's findings ------------------------------------------------------------------

@pytest.mark.parametrize("k", [-30, -26, -25])
def test_float_line_readout_says_2k_rounds_to_0(k):
    text = float_line.readout(float_line.compute(k, 16))
    assert "2^k rounds to 0 in float16" in text
    assert "relative <b>64</b>" not in text and "spacing stays" not in text.split("bfloat16")[0]
    assert "float16: <b>0</b> numbers" in text


@pytest.mark.parametrize("k, counts", [(-14, 33), (-18, 3), (-19, 1), (-24, 1), (-25, 0)])
def test_float_line_float16_counts_below_the_normals(k, counts):
    """What the notebook's text states: one float16 number from k = -19 to -24, none below."""
    assert float_line.compute(k, 16).counts[1] == counts


def test_float_line_unit_is_named_float16s_spacing_only_where_it_is():
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    ax = Figure().subplots()
    float_line.draw(ax, 16)
    assert "for k from -14 to 15" in ax.get_xlabel()
    for k in (-14, 0, 15):
        out = float_line.compute(k, 16)
        assert "(float16's spacing above 2^k)" in float_line.readout(out)
        assert out.above[1] == out.unit
    for k in (-15, -24, 16, 20):
        out = float_line.compute(k, 16)
        assert "not float16's spacing here" in float_line.readout(out)


@pytest.mark.parametrize("fmt", ["float16", "float32"])
def test_softmax_band_edge_is_exact(fmt):
    last, first = stable_softmax.naive_edge(fmt)
    assert first == np.nextafter(last, np.inf)
    assert np.isfinite(stable_softmax.compute(last, fmt).naive_loss)
    assert not np.isfinite(stable_softmax.compute(first, fmt).naive_loss)
    # one interval: finite below the edge, inf or nan from it, on a fine grid and the slider's
    s = np.concatenate([np.geomspace(*stable_softmax.SCALE[:2], 4000),
                        10 ** np.linspace(-1, 4, 121)])
    finite = np.array([np.isfinite(stable_softmax.naive_softmax(x * stable_softmax.BASE,
                                                                fmt)[1]) for x in s])
    np.testing.assert_array_equal(finite, s < first)
    # the curve reaches the edge, the band starts there, the readout says so
    grid, naive, _ = stable_softmax.curves(fmt)
    assert grid[np.isfinite(naive)].max() == last
    assert f"from s = {first:.6g} on" in stable_softmax.readout(stable_softmax.compute(first, fmt))


def test_softmax_readout_band_and_marker_agree_at_the_reviewed_scale():
    ex = stable_softmax.explorer()
    ex.set(fmt="float16", scale=11.007)
    band = ex.fig.axes[1].patches[0]
    assert "naive <b>inf</b>" in ex.readout.value and band.get_x() <= 11.007
    ex.set(scale=10.98)
    assert "naive <b>inf</b>" not in ex.readout.value and band.get_x() > 10.98


def _bbox(artist, fig):
    return artist.get_window_extent(fig.canvas.get_renderer())


def test_softmax_legend_is_outside_the_marker_path():
    ex = stable_softmax.explorer()
    ax = ex.fig.axes[1]
    ex.fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    assert _bbox(legend, ex.fig).y1 < _bbox(ax.patch, ex.fig).y0     # below the plot
    ex.set(fmt="float32")
    assert "naive (float32)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_loss_scaling_legend_is_outside_the_axes():
    ex = loss_scaling.explorer()
    ax = ex.fig.axes[0]
    ex.fig.canvas.draw()
    assert _bbox(ax.get_legend(), ex.fig).y1 < _bbox(ax.patch, ex.fig).y0


@pytest.mark.parametrize("j, beyond", [(0, ["over_edge"]), (16, []),
                                       (32, ["flush_edge", "sub_edge"])])
def test_loss_scaling_edges_beyond_the_axis_are_marked_not_pinned(j, beyond):
    ex = loss_scaling.explorer()
    ex.set(j=j)
    out = loss_scaling.compute(j)
    assert loss_scaling.off_axis(out) == beyond
    artists = {line.get_label(): line for line in ex.fig.axes[0].lines}
    for key, _, _, label in loss_scaling.EDGES:
        x = artists[label].get_xdata()
        if key in beyond:
            assert np.all(np.isnan(x))                     # no line pinned to the axis's end
        else:
            assert loss_scaling.XLIM[0] <= x[0] <= loss_scaling.XLIM[1]
    texts = " ".join(t.get_text() for t in ex.fig.axes[0].texts)
    assert texts.count("beyond the axis") == len(beyond)
    assert ex.readout.value.count("beyond the axis") == len(beyond)
    if j == 0:
        assert "inf from |g| = 6.6e+04, beyond the axis" in texts
        assert "(|g| from 6.55e+04, beyond the axis)" in ex.readout.value


def test_the_number_line_says_which_power_of_two_it_shows():
    """The picture relative to 2^k is the same for every k in float16's normal range: the title
    names 2^k, so that every move of k changes the figure (a learner, and the browser test, see
    it move)."""
    from mathlib.explorers import float_line

    ex = float_line.explorer()
    titles = set()
    for k in (0, 1, -3, -30):
        ex.set(k=k)
        titles.add(float_line.centre_title(k))
    assert len(titles) == 4 and "2^-3 = 0.125" in float_line.centre_title(-3)
    assert "2^-30 = 9.31e-10" in float_line.centre_title(-30)
