"""The explorers of notebook 13: their compute functions against scipy.stats / scipy.special, the
defining identities (H(p, q) = H(p) + KL(p || q), KL >= 0, entropy <= log K), bad input, and each
explorer at every corner of its sliders with warnings as errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special, stats

pytest.importorskip("ipympl")

from mathlib.explorers import temperature, two_distributions  # noqa: E402
from .explorer_checks import corners  # noqa: E402


# -- two_distributions ---------------------------------------------------------------------------

def test_log_probabilities_are_a_softmax():
    lp = two_distributions.log_probabilities(1.3, 0.8)
    z = -0.8 * (np.arange(4) - 1.3) ** 2
    assert_allclose(lp, z - special.logsumexp(z), rtol=1e-12)
    assert_allclose(np.exp(two_distributions.log_probabilities(2.0, 0.0)), 0.25, rtol=1e-12)


@pytest.mark.parametrize("p,q", [((1.0, 1.0), (2.0, 0.5)), ((0.0, 3.0), (3.0, 0.2)),
                                 ((2.5, 0.1), (0.5, 4.0))])
def test_two_distributions_against_scipy(p, q):
    out = two_distributions.compute(two_distributions.log_probabilities(*p),
                                    two_distributions.log_probabilities(*q))
    P, Q = out.p, out.q
    assert_allclose(P.sum(), 1.0, rtol=1e-12) and assert_allclose(Q.sum(), 1.0, rtol=1e-12)
    assert_allclose(out.H_p, stats.entropy(P), rtol=1e-10)
    assert_allclose(out.H_q, stats.entropy(Q), rtol=1e-10)
    assert_allclose(out.KL_pq, stats.entropy(P, Q), rtol=1e-9)
    assert_allclose(out.KL_qp, stats.entropy(Q, P), rtol=1e-9)
    assert_allclose(out.KL_pq, np.sum(special.rel_entr(P, Q)), rtol=1e-9)
    assert_allclose(out.H_pq, out.H_p + out.KL_pq, rtol=1e-12)
    assert_allclose(out.values, [getattr(out, k) for k in ("H_p", "H_q", "H_pq", "KL_pq", "KL_qp")])
    assert 0.0 <= out.H_p <= np.log(4) + 1e-12


def test_kl_is_zero_for_equal_distributions_and_asymmetric_otherwise():
    lp = two_distributions.log_probabilities(1.0, 1.0)
    out = two_distributions.compute(lp, lp)
    assert out.KL_pq == 0.0 and out.KL_qp == 0.0
    assert "p = q" in two_distributions.readout(out)
    out = two_distributions.compute(two_distributions.log_probabilities(0.0, 0.0),
                                    two_distributions.log_probabilities(3.0, 2.0))
    assert out.KL_pq > 2 * out.KL_qp
    assert "not symmetric" in two_distributions.readout(out)


def test_kl_stays_finite_where_q_is_tiny():
    """q_0 = exp(-45) / ..., far below where a naive log would still work; KL is exact."""
    lp, lq = (two_distributions.log_probabilities(0.0, 5.0),
              two_distributions.log_probabilities(3.0, 5.0))
    out = two_distributions.compute(lp, lq)
    assert np.isfinite(out.KL_pq) and out.KL_pq > 40
    assert_allclose(out.KL_pq, np.sum(np.exp(lp) * (lp - lq)), rtol=1e-12)
    assert two_distributions.little_mass(out.p, out.q) == 0
    assert "almost no mass" in two_distributions.readout(out)


def test_two_distributions_bad_input():
    with pytest.raises(ValueError, match="sharpness must be >= 0"):
        two_distributions.log_probabilities(1.0, -1.0)
    with pytest.raises(ValueError, match="nan"):
        two_distributions.log_probabilities(np.nan, 1.0)
    with pytest.raises(ValueError, match="same length"):
        two_distributions.compute(np.log(np.full(4, 0.25)), np.log(np.full(3, 1 / 3)))


def test_two_distributions_explorer_corners_and_readout():
    ex = two_distributions.explorer()
    for name in ("H(p)", "H(q)", "H(p, q)", "KL(p || q)", "KL(q || p)"):
        assert name in ex.readout.value
    for values in corners(ex):
        out = two_distributions.compute(
            two_distributions.log_probabilities(values["p_peak"], values["p_sharp"]),
            two_distributions.log_probabilities(values["q_peak"], values["q_sharp"]))
        assert f"{out.KL_pq:.3f}" in ex.readout.value
        assert f"{out.KL_qp:.3f}" in ex.readout.value


# -- temperature ---------------------------------------------------------------------------------

@pytest.mark.parametrize("T", [0.05, 0.5, 1.0, 3.0, 20.0])
def test_temperature_against_scipy(T):
    z = np.array(temperature.LOGITS)
    out = temperature.compute(z, T)
    assert_allclose(out.p, special.softmax(z / T), rtol=1e-10, atol=1e-300)
    assert_allclose(out.entropy, stats.entropy(special.softmax(z / T)), rtol=1e-9, atol=1e-12)
    assert_allclose(out.bits, stats.entropy(special.softmax(z / T), base=2), rtol=1e-9,
                    atol=1e-12)
    assert out.top == np.max(out.p) and out.argmax == 0


def test_temperature_limits():
    z = np.array(temperature.LOGITS)
    cold, hot = temperature.compute(z, 0.05), temperature.compute(z, 20.0)
    assert cold.top > 0.999 and cold.entropy < 0.01
    assert hot.entropy > 0.99 * hot.max_entropy
    assert_allclose(hot.max_entropy, np.log(len(z)))


def test_temperature_huge_logits_no_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = temperature.compute([1000.0, 999.0, -1000.0], 0.05)
    assert_allclose(out.p, special.softmax(np.array([1000.0, 999.0, -1000.0]) / 0.05),
                    atol=1e-300)
    assert np.isfinite(out.entropy) and out.top > 1 - 1e-8   # 1 - e^-20


def test_temperature_bad_input():
    with pytest.raises(ValueError, match="must be > 0"):
        temperature.compute([1.0, 2.0], 0.0)
    with pytest.raises(ValueError):
        temperature.compute([[1.0, 2.0]], 1.0)


@pytest.mark.parametrize("logits", [temperature.LOGITS, (1000.0, 999.0, 0.0, -1000.0)])
def test_temperature_explorer_corners_and_readout(logits):
    ex = temperature.explorer(logits=logits)
    assert "T = 1: the plain softmax" in ex.readout.value
    for values in corners(ex):
        out = temperature.compute(logits, values["T"])
        assert f"{out.top:.3f}" in ex.readout.value and f"{out.entropy:.3f}" in ex.readout.value
    ex.set(T=0.05)
    assert "one-hot" in ex.readout.value
    ex = temperature.explorer()
    ex.set(T=20.0)
    assert "uniform" in ex.readout.value


# -- fixes from the review ---------------------------------------------------------------------------

def _lp(peak, sharp):
    return two_distributions.log_probabilities(peak, sharp)


def _panel_title(ex, panel: int = 1) -> str:
    """A panel's title: a label drawn from pictures in the place of the axes' title."""
    from mathlib.explorers._layout import CachedText

    ax = ex.fig.axes[panel]
    found = [t for t in ax.texts if isinstance(t, CachedText)
             and t.get_unitless_position() == tuple(ax.title.get_unitless_position())]
    assert len(found) == 1 and ax.get_title() == ""
    return found[0].get_text()


def test_two_distributions_title_says_what_the_numbers_show():
    same = two_distributions.compute(_lp(1.0, 1.0), _lp(1.0, 1.0))
    assert two_distributions.panel_title(same) == "p = q: both KL divergences are 0"
    apart = two_distributions.compute(_lp(1.0, 1.0), _lp(3.0, 2.0))
    assert apart.KL_pq > apart.KL_qp + 1
    assert "KL(p || q) is the larger" in two_distributions.panel_title(apart)
    broad = two_distributions.compute(_lp(1.0, 1.0), _lp(3.0, 0.5))
    assert broad.KL_qp > broad.KL_pq
    assert "KL(q || p) is the larger" in two_distributions.panel_title(broad)
    mirror = two_distributions.compute(_lp(0.0, 5.0), _lp(3.0, 5.0))     # equal by symmetry
    assert "in general they differ" in two_distributions.panel_title(mirror)
    ex = two_distributions.explorer()
    ex.set(p_peak=2.0, p_sharp=1.0, q_peak=2.0, q_sharp=1.0)
    assert _panel_title(ex) == "p = q: both KL divergences are 0"


def test_two_distributions_kl_qp_levels_off_once_q_is_sharper_than_p():
    """The claim of the notebook's prompt: KL(p || q) keeps growing with q's sharpness, KL(q || p)
    approaches -log p at q's peak; while q is broader than p, KL(q || p) can be the larger."""
    lp = _lp(1.0, 1.0)
    kl = [two_distributions.compute(lp, _lp(3.0, s)) for s in (0.5, 2.0, 3.5, 5.0)]
    assert kl[0].KL_qp > kl[0].KL_pq                      # q broader than p
    assert all(k.KL_pq > k.KL_qp for k in kl[1:])          # q sharper than p
    assert kl[3].KL_pq - kl[2].KL_pq > 5 * (kl[3].KL_qp - kl[2].KL_qp)
    assert_allclose(two_distributions.compute(lp, _lp(3.0, 60.0)).KL_qp, -lp[3], rtol=1e-6)


def test_two_distributions_bars_are_never_clipped_and_labels_sit_beside_the_panel():
    ex = two_distributions.explorer()
    ax = ex.fig.axes[1]
    assert ax.get_xscale() == "symlog" and ax.get_xlim()[1] == two_distributions.X_MAX
    largest = 0.0
    for values in corners(ex):
        out = two_distributions.compute(_lp(values["p_peak"], values["p_sharp"]),
                                        _lp(values["q_peak"], values["q_sharp"]))
        largest = max(largest, float(np.max(out.values)))
    assert 40 < largest < two_distributions.X_MAX           # 18 and 42 nats look different
    ex.set(p_peak=0.0, p_sharp=5.0, q_peak=3.0, q_sharp=5.0)
    ex.fig.canvas.draw()
    renderer = ex.fig.canvas.get_renderer()
    right = ax.get_window_extent(renderer).x1
    for label in ex.fig.axes[1].texts:
        if label.get_text() and label.get_text()[0].isdigit():
            box = label.get_window_extent(renderer)
            assert box.x0 > right and box.x1 <= ex.fig.bbox.x1     # beside, and not cut off


def _label_boxes(ex, renderer):
    return [t.get_window_extent(renderer) for t in ex.fig.axes[0].texts if t.get_text()]


@pytest.mark.parametrize("T", [0.05, 0.3, 1.0, 2.0, 5.0, 9.0, 20.0])
def test_temperature_title_shows_t_and_labels_keep_off_the_uniform_line(T):
    ex = temperature.explorer()
    ex.set(T=T)
    assert _panel_title(ex, 0).startswith(f"T = {T:.3g}:")
    ex.fig.canvas.draw()
    renderer = ex.fig.canvas.get_renderer()
    line_y = ex.fig.axes[0].transData.transform((0.0, 1.0 / len(temperature.LOGITS)))[1]
    for box in _label_boxes(ex, renderer):
        assert not box.y0 < line_y < box.y1, (T, box)


def test_temperature_title_words():
    z = np.array(temperature.LOGITS)
    assert "nearly one-hot" in temperature.title(0.05, temperature.compute(z, 0.05))
    assert "plain softmax" in temperature.title(1.0, temperature.compute(z, 1.0))
    assert "sharper" in temperature.title(0.5, temperature.compute(z, 0.5))
    assert "flatter" in temperature.title(3.0, temperature.compute(z, 3.0))
    assert "nearly uniform" in temperature.title(20.0, temperature.compute(z, 20.0))


# -- speed: merged bars and cached labels draw the same pixels -----------------------------------

def _pixels(fig):
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_two_distributions_bars_are_one_patch_each_with_the_bars_geometry():
    ex = two_distributions.explorer()
    ex.set(p_peak=0.4, p_sharp=2.0, q_peak=2.6, q_sharp=0.7)
    out = two_distributions.compute(_lp(0.4, 2.0), _lp(2.6, 0.7))
    draw = ex.fig.draw_artist
    for hatch, probs in (("//", out.p), ("..", out.q)):
        group = next(a for a in ex.animated if isinstance(a, two_distributions.PathPatch)
                     and a.get_hatch() == hatch)
        verts = group.get_path().vertices.reshape(4, 5, 2)     # 4 closed rectangles
        assert_allclose(verts[:, 2, 1] - verts[:, 0, 1], probs, rtol=1e-12)
    # the merged patch draws what the separate bars drew
    ax = ex.fig.axes[0]
    hidden = [p for p in ax.patches if not p.get_visible()]
    assert len(hidden) == 8
    ex.fig.canvas.draw()
    background = ex.fig.canvas.copy_from_bbox(ex.fig.bbox)
    groups = [a for a in ex.animated if isinstance(a, two_distributions.PathPatch)]
    for group in groups:
        draw(group)
    merged = _pixels(ex.fig)
    ex.fig.canvas.restore_region(background)
    for bar in hidden:
        bar.set_visible(True)
        bar.set_animated(True)
        draw(bar)
    assert np.array_equal(_pixels(ex.fig), merged)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["p (the truth)", "q (the model)"]


def test_readout_and_title_agree_on_which_kl_is_larger():
    """The review's case: the readout said "KL(p || q) is large" while the title said KL(q || p)
    is the larger. Wherever the readout names a large KL, it names the larger one as the title
    does."""
    import itertools
    import re

    import matplotlib as mpl

    # drawn at 40 dpi: the title and readout do not depend on it, and each of the 256 frames is
    # encoded three times faster (the same 256 titles and readouts as at 100 dpi, checked)
    with mpl.rc_context({"figure.dpi": 40}):
        ex = two_distributions.explorer()
    c = ex.controls
    grid = [np.linspace(c[n].min, c[n].max, 4) for n in ("p_peak", "p_sharp", "q_peak", "q_sharp")]
    for values in itertools.product(*grid):
        ex.set(**dict(zip(("p_peak", "p_sharp", "q_peak", "q_sharp"), map(float, values))))
        title = _panel_title(ex)
        text = ex.readout.value
        said = re.search(r"<b>(KL\([pq] \|\| [pq]\)) is the larger</b>", text)
        if "is the larger here" in title:
            named = re.search(r"(KL\([pq] \|\| [pq]\)) is the larger here", title).group(1)
            assert said and said.group(1) == named, (values, title, text)   # always explained
            assert "is large" not in text
        else:
            assert said is None, (values, title, text)


def test_explorers_of_13_honest_at_every_corner():
    from .explorer_checks import honest_at_corners

    assert honest_at_corners(two_distributions.explorer()) == []


def test_the_larger_kl_is_explained_by_its_largest_term():
    """The review's case: p peak 1 sharpness 1, q peak 3 sharpness 0.5. The readout explained
    KL(p || q) = 1.73 as large, then said KL(q || p) = 2.28 is the larger. Now it explains the
    larger one: q has 0.570 on outcome 3 where p has only 0.0104."""
    out = two_distributions.compute(two_distributions.log_probabilities(1.0, 1.0),
                                    two_distributions.log_probabilities(3.0, 0.5))
    text = two_distributions.readout(out)
    assert "<b>KL(q || p) is the larger</b>" in text
    assert "outcome 3 has q = 0.570 but p = only 0.0104" in text
    assert "KL(p || q) = 1.73 is the smaller" in text
    terms = out.q * (np.log(out.q) - np.log(out.p))
    assert f"q·log(q/p) = {terms[3]:.3g} is the largest" in text and np.argmax(terms) == 3
