"""The Riemann-sum explorer of notebook 06: its compute function against scipy's quad and sums
by hand, bad input, and the explorer at every corner of its controls with warnings as errors."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

pytest.importorskip("ipympl")

from scipy.integrate import quad  # noqa: E402

from mathlib import calculus  # noqa: E402
from mathlib.explorers import riemann  # noqa: E402


def test_exact_area_and_antiderivative_against_scipy():
    assert riemann.EXACT == pytest.approx(quad(riemann.f, 0, 5, epsabs=1e-13)[0], rel=1e-12)
    xs = np.linspace(0, 5, 11)
    assert_allclose([calculus.derivative(riemann.antiderivative, x) for x in xs], riemann.f(xs),
                    rtol=1e-8)


def test_sums_by_hand():
    f = riemann.f
    # two strips of width 2.5: left uses f(0), f(2.5); right f(2.5), f(5); midpoint f(1.25), f(3.75)
    by_hand = {"left": 2.5 * (f(0) + f(2.5)), "right": 2.5 * (f(2.5) + f(5)),
               "midpoint": 2.5 * (f(1.25) + f(3.75)),
               "trapezoid": 2.5 * (f(0) / 2 + f(2.5) + f(5) / 2)}
    for rule, want in by_hand.items():
        out = riemann.compute(2, rule)
        assert out.total == pytest.approx(want, rel=1e-13)
        assert out.error == pytest.approx(want - riemann.EXACT, rel=1e-12)
        # the strips' own areas add up to the sum (rectangles, or trapezoids)
        x0, y0, y1, x1 = out.strips[:, 0, 0], out.strips[:, 1, 1], out.strips[:, 2, 1], \
            out.strips[:, 2, 0]
        assert np.sum((x1 - x0) * (y0 + y1) / 2) == pytest.approx(want, rel=1e-13)
    assert riemann.compute(2, "trapezoid").nodes.shape == (3, 2)
    assert riemann.compute(2, "midpoint").nodes[:, 0].tolist() == [1.25, 3.75]


def test_error_orders_on_the_curve():
    out = riemann.compute(4, "left")
    errors = dict(zip(calculus.RULES, out.errors))
    for rule, order in (("left", 1), ("right", 1), ("midpoint", 2), ("trapezoid", 2)):
        ratio = errors[rule][31] / errors[rule][63]          # n = 32 -> n = 64
        assert ratio == pytest.approx(2 ** order, rel=0.05)
    lo, hi = riemann.ERROR_RANGE
    assert np.all((out.errors > lo) & (out.errors < hi))     # every error is inside the axes


def test_bad_input():
    with pytest.raises(ValueError, match="riemann.compute: rule must be one of left, right, "
                                         "midpoint, trapezoid; got 'simpson'"):
        riemann.compute(4, "simpson")
    with pytest.raises(ValueError, match="whole number of at least 1, got 2.5"):
        riemann.compute(2.5, "left")
    with pytest.raises(ValueError, match="whole number of at least 1, got 0"):
        riemann.compute(0, "left")
    with pytest.raises(ValueError, match="riemann.compute: n holds nan"):
        riemann.compute(np.nan, "left")


def test_explorer_every_corner_and_reset():
    ex = riemann.explorer()
    assert "exact area" in ex.readout.value and "error" in ex.readout.value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for n, rule in itertools.product(riemann.N_RANGE, calculus.RULES):
            ex.set(n=n, rule=rule)
            assert ex.last_error is None
            total = calculus.integrate(riemann.f, 0, 5, n=n, rule=rule)
            assert f"{total:.5f}" in ex.readout.value and f"{riemann.EXACT:.5f}" in ex.readout.value
        ex.reset()
        assert ex.values == {"n": 4, "rule": "left"}
        assert ex.png().startswith(b"\x89PNG")


def test_update_changes_artists_in_place():
    ex = riemann.explorer()
    strips = ex.animated
    ex.set(n=17, rule="midpoint")
    assert ex.animated == strips                      # the same artists, new data
    collection = next(a for a in ex.animated if hasattr(a, "get_paths"))
    assert len(collection.get_paths()) == 17
