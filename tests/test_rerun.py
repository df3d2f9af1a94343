"""A learner re-runs cells all the time: every notebook must survive it, and give the same outputs.

For each notebook, in one kernel:

1. Run All (a fresh execution): no error, nothing on stderr, no memory address, date or time of
   day in any output (they differ from run to run);
2. Run All again, with every code cell run twice in a row: no error, nothing on stderr, no
   warning. The first run of each cell is what Run All again does (the cells before it have run
   again, the cells after it still hold what the first Run All left), the second is a learner
   pressing Shift+Enter twice: one pass checks both (two separate passes cost a notebook
   execution more, about 3 s a notebook);

and two fresh executions of the notebook give the same outputs, apart from widget ids (seeded
random numbers). The other fresh execution is the slider sweep's (tests/test_sweep.py runs
first: tests/conftest.py orders it so), which saves a kernel per notebook; when the sweep is not
part of the session, this test starts a second kernel for it.
"""

import pytest

from tools.nbkernel import FRESH_OUTPUTS, executed, notebooks, output_differences, \
    unstable_output_problems


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_again_and_gives_the_same_outputs(path):
    key = str(path.resolve())
    earlier = list(FRESH_OUTPUTS.get(key, []))
    with executed(path) as session:
        problems = session.output_problems()
        problems += unstable_output_problems(session.nb.cells[:session.n_cells])
        problems += session.rerun(times=2)
    assert problems == [], f"{path.name}:\n  " + "\n  ".join(problems)

    mine = FRESH_OUTPUTS[key][-1]
    if earlier:
        other = earlier[-1]
    else:  # the sweep did not execute this notebook in this session: a second kernel does
        with executed(path):
            other = FRESH_OUTPUTS[key][-1]
    diffs = output_differences(other, mine)
    assert diffs == [], (f"{path.name}: two fresh executions give different outputs "
                         "(unseeded random numbers? a time? set or dict order?):\n  "
                         + "\n  ".join(diffs))
