"""The slider sweep: every control of every notebook at its minimum, maximum, default and between.

First each notebook runs headless, every cell in order in a fresh kernel: this is `make test`'s
"the notebook runs" check (a cell that raises fails the test, as under nbval --nbval-lax, so the
self-check cells' asserts count; a cell tagged ``raises-exception`` may raise). The re-run test
compares its own fresh execution with this one, and the static site exports this one.

Then it fails on any exception, error output (including errors swallowed by Output widgets or shown in
an explorer's status line) or warning; and on a false picture at the corners of any explorer
(tools/kernel_code.py ``picture_sweep``): two texts that overlap, a text cut by the figure's edge,
something the readout talks about outside its axes or under a legend, or a frame after a
``savefig`` that differs from a fresh render. The picture checks take about 3-5 s of a
notebook's sweep (2 busy cores).
"""

import pytest

from tools.nbkernel import executed, notebooks


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_every_control_survives_its_whole_range(path):
    with executed(path) as session:
        assert session.output_problems() == []
        report = session.call("sweep")
    assert report["controls"] > 0, f"{path.name} has no controls: every notebook has an explorer"
    assert report["problems"] == [], "\n".join(report["problems"])
