"""The explorer machinery: in-place updates, blitting, reset, errors shown, static fallback."""

import base64
import subprocess
import sys
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from mathlib import explore


def make(update=None, **controls):
    fig, ax = explore.figure()
    ax.set_xlim(0, 1)
    ax.set_ylim(-1, 2)
    line, = ax.plot([0, 1], [0, 0])

    def default_update(a):
        line.set_ydata([0, a])
        return f"a = {a:.2f}"

    controls = controls or {"a": explore.slider("a", 0.0, 1.0, 0.5)}
    return explore.Explorer(fig, controls, update or default_update, animated=[line],
                            title="test"), line


def test_update_changes_artists_in_place_and_readout():
    ex, line = make()
    assert ex.readout.value == "a = 0.50"
    ex.controls["a"].value = 0.8
    np.testing.assert_allclose(line.get_ydata(), [0, 0.8])
    assert ex.readout.value == "a = 0.80"
    assert list(ex.fig.axes[0].lines) == [line]  # nothing re-created


def test_slider_moves_blit_instead_of_redrawing_the_figure():
    ex, _ = make()
    full_draws = []
    ex.fig.canvas.mpl_connect("draw_event", full_draws.append)
    before = bytes(ex.fig.canvas.buffer_rgba())
    for value in np.linspace(0, 1, 5):
        ex.controls["a"].value = value
    assert full_draws == []
    assert bytes(ex.fig.canvas.buffer_rgba()) != before  # the pixels did change


def test_full_redraw_recaches_background_and_keeps_moving_artists():
    ex, line = make()
    ex.fig.canvas.draw()  # e.g. after a zoom or resize
    ex.controls["a"].value = 1.0
    png = ex.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_reset_and_set():
    ex, line = make(a=explore.slider("a", 0, 1, 0.5), b=explore.slider("b", 0, 1, 0.1),
                    update=lambda a, b: None)
    calls = []
    ex._update = lambda a, b: calls.append((a, b))
    ex.set(a=0.9, b=0.9)
    assert calls == [(0.9, 0.9)]  # one update for both
    ex.reset()
    assert ex.values == {"a": 0.5, "b": 0.1}
    with pytest.raises(ValueError, match=r"no control named \['c'\]"):
        ex.set(c=1)


def test_an_update_that_fails_is_shown_and_raised():
    def update(a):
        if a > 0.9:
            raise ValueError("too far")
    ex, _ = make(update=update)
    with pytest.raises(ValueError, match="too far"):
        ex.controls["a"].value = 1.0
    assert "could not update" in ex.status.value and "too far" in ex.status.value
    assert isinstance(ex.last_error, ValueError)
    ex.controls["a"].value = 0.2
    assert ex.status.value == ""


def test_static_fallback_in_the_mime_bundle():
    ex, _ = make()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    image = bundle["text/html"].split("base64,")[1].split('"')[0]
    assert base64.b64decode(image)[:4] == b"\x89PNG"
    # the alt text describes the figure: its title, the values and the readout, in words
    assert 'alt="Figure: test. a = 0.5. a = 0.50."' in bundle["text/html"]
    assert bundle["text/plain"] == "Explorer(test: a = 0.5)"


def test_explorer_refuses_a_plain_figure_and_no_controls():
    with pytest.raises(TypeError, match="make the figure with mathlib.explore.figure"):
        explore.Explorer(Figure(), {"a": explore.slider("a", 0, 1, 0)}, lambda a: None,
                         animated=[])
    fig, _ = explore.figure()
    with pytest.raises(ValueError, match="at least one control"):
        explore.Explorer(fig, {}, lambda: None, animated=[])


def test_slider_helpers():
    s = explore.slider("learning rate", 0, 1, 0.3)
    assert (s.min, s.max, s.value, s.step) == (0, 1, 0.3, 0.01)
    assert explore.slider("n", 1, 10, 3, integer=True).value == 3
    log = explore.log_slider("learning rate η", 1e-4, 1.0, 1e-2)
    assert log.value == pytest.approx(1e-2) and (log.min, log.max) == (-4, 0)
    c = explore.choice("optimiser", ["SGD", "Adam"], "Adam")
    assert c.value == "Adam"
    with pytest.raises(ValueError, match=r"value 5 is outside \[0, 1\]"):
        explore.slider("a", 0, 1, 5)
    with pytest.raises(ValueError, match=r"min \(1\) must be less than max \(0\)"):
        explore.slider("a", 1, 0, 0.5)
    with pytest.raises(ValueError, match="need 0 < min < max"):
        explore.log_slider("a", 0, 1, 0.5)


def test_import_mathlib_needs_only_numpy():
    code = ("import sys, mathlib; heavy = {'matplotlib', 'scipy', 'ipywidgets', 'ipympl'};"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_first_frame_is_a_valid_data_url():
    """A browser shows _data_url first: it must be a data: URL, or the canvas stays empty."""
    ex, _ = make()
    assert ex.fig.canvas._data_url.startswith("data:image/png;base64,iVBORw0K")


def test_a_slider_move_sends_only_the_changed_pixels():
    ex, _ = make()
    sent = []
    ex.fig.canvas.send_binary = sent.append
    ex.controls["a"].value = 0.9
    assert ex.fig.canvas._current_image_mode == "diff"
    assert len(sent) == 1 and sent[0][:4] == b"\x89PNG"


@pytest.mark.parametrize("save", [{}, {"dpi": 50}, {"dpi": 200}, {"format": "svg"},
                                  {"bbox_inches": "tight"}])
def test_savefig_mid_way_leaves_the_next_frame_equal_to_a_fresh_render(save):
    import io

    ex, line = make()
    fresh, _ = make()
    for e in (ex, fresh):
        e.fig.set_layout_engine("constrained")
        e.fig.axes[0].set_title("a title the layout makes room for")
        e.fig.canvas.draw()
    ex.set(a=1.0)
    fresh.set(a=1.0)
    ex.fig.savefig(io.BytesIO(), **save)
    ex.set(a=0.0)
    fresh.set(a=0.0)
    after = np.asarray(ex.fig.canvas.buffer_rgba())
    assert np.array_equal(after, np.asarray(fresh.fig.canvas.buffer_rgba()))


def test_a_saved_file_shows_the_moving_artists():
    import io

    ex, line = make()
    line.set_color("red")
    ex.set(a=1.0)
    buffer = io.BytesIO()
    ex.fig.savefig(buffer, format="png", dpi=50)
    import matplotlib.image
    buffer.seek(0)
    pixels = matplotlib.image.imread(buffer)
    assert ((pixels[..., 0] > 0.9) & (pixels[..., 1] < 0.2)).any()     # the red line is there


def test_a_resize_or_dpi_change_redraws_in_full_before_blitting():
    ex, line = make()
    draws = []
    ex.fig.canvas.mpl_connect("draw_event", draws.append)
    ex.fig.set_dpi(50)
    ex.set(a=0.3)
    assert len(draws) == 1
    ex.fig.set_dpi(100)
    ex.fig.set_size_inches(5, 3)
    ex.set(a=0.6)
    assert len(draws) == 2
    ex.set(a=0.7)
    assert len(draws) == 2


def test_the_picture_checks_find_overlaps_cuts_and_unseen_markers():
    """The sweep's checks (tests/kernel_code.py) on a figure that has each fault."""
    from tools.kernel_code import picture_problems

    fig, ax = explore.figure()
    fig.set_layout_engine("none")         # (the course style's layout would make room for it)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("a title")
    marker, = ax.plot([0.5], [0.5], "o", label="the marker")
    ax.text(0.5, 1.0, "over the title", ha="center", va="bottom")
    ax.text(1.05, 0.5, "a long text that runs off the figure's right edge", ha="left")
    ax.legend(loc="center")

    def update(x):
        marker.set_data([x], [0.5])

    ex = explore.Explorer(fig, {"x": explore.slider("x", 0.0, 2.0, 0.5)}, update,
                          animated=[marker])
    problems = picture_problems(ex)
    assert any("title 'a title' overlaps" in p and "over the title" in p for p in problems)
    assert any("cut by the figure edge" in p for p in problems)
    assert any("legend of axes 0 covers 1 points of Line2D 'the marker'" in p for p in problems)
    ex.set(x=2.0)
    assert any("'the marker' in axes 0: 1 of 1 points outside the axes" in p
               for p in picture_problems(ex))
