"""`make bench`'s machine, calibration and ratios (tools/bench.py), on one explorer.

The whole `make bench` is too long for the test suite; here its new parts run on notebook 00
(one explorer) with a few moves and a few calibration draws: the figures themselves are not
checked (they depend on the machine), only that they are there, consistent and in the JSON.
"""

import json
import math
import re

import numpy as np
import pytest

from tools import bench

from tools.nbkernel import NOTEBOOK_DIR


def test_machine_states_cpu_cores_and_load():
    m = bench.machine()
    assert isinstance(m["cpu_model"], str) and m["cpu_model"].strip()
    assert m["cores"] >= m["usable_cores"] >= 1
    assert m["python"].count(".") == 2 and m["platform"]
    load = m["load_average_before"]
    assert load is None or (len(load) == 3 and all(x >= 0 for x in load))
    report = {"machine": m}
    bench.finish_machine(report)
    assert "load_average_after" in report["machine"]


def test_calibration_draws_are_timed_one_by_one():
    times = bench.calibration_draws(5)
    assert len(times) == 5
    assert all(math.isfinite(t) and t > 0 for t in times)


def test_one_explorer_reported_as_a_ratio_to_the_calibration(monkeypatch, capsys):
    """``python -m tools.bench --only 00``: notebook 00's sliders, with the machine, the
    calibration and the ratios, printed and written to build/bench-00.json."""
    notebook = next(NOTEBOOK_DIR.glob("00_*.ipynb"))
    monkeypatch.setattr(bench, "CALIBRATION_DRAWS", 5)
    assert bench.main(["--only", "0", "--moves", "4"]) == 0
    printed = capsys.readouterr().out
    report = json.loads((bench.ROOT / "build" / "bench-00.json").read_text())
    assert report["only"] == "00" and report["targets"] == bench.TARGETS
    assert "browser" not in report and "hub" not in report and "grading" not in report
    assert printed.startswith("machine: ") and "build/bench-00.json" in printed
    row, rows = report["notebooks"][0], report["updates"]
    assert re.search(rf"\d+ of {len(rows)} controls within median 16.7 ms and p95 33.0 ms",
                     printed)

    cal = report["calibration"]
    assert len(cal["draws_ms"]) == 10 and cal["before_median_ms"] > 0 < cal["after_median_ms"]
    assert report["calibration_ms"] > 0
    assert row["name"] == notebook.stem and row["execute_s"] > 0
    assert rows and {r["notebook"] for r in rows} == {notebook.stem}
    for r in rows:
        assert r["moves"] >= 4
        assert r["ratio"] == round(r["median_ms"] / report["calibration_ms"], 2)
        assert bench.ratio_cell(r).strip() == f"{r['ratio']:.2f}"

    text = "\n".join(bench.machine_lines(report))
    assert report["machine"]["cpu_model"] in text and f"{report['calibration_ms']} ms" in text
    assert "after" in text and str(report["machine"]["load_average_after"]) in text
    # what build/bench.json gets
    saved = json.loads(json.dumps(report))
    assert set(saved["machine"]) >= {"cpu_model", "cores", "load_average_before",
                                     "load_average_after"}
    assert all("ratio" in r for r in saved["updates"])


def test_ratio_without_calibration_is_left_blank():
    report = {"updates": [{"median_ms": 3.0}]}
    bench.add_ratios(report)
    assert report["updates"][0]["ratio"] is None
    assert bench.ratio_cell(report["updates"][0]).strip() == "-"


def test_targets_are_issue_15s():
    assert (bench.TARGETS["median_ms"], bench.TARGETS["p95_ms"],
            bench.TARGETS["browser_median_ms"]) == (16.7, 33.0, 60.0)


def test_only_names_a_notebook_by_its_number(capsys):
    assert bench.notebook_number("8") == bench.notebook_number("08") == "08"
    for bad in ("eight", "8a", "123", ""):
        with pytest.raises(ValueError, match="--only takes a notebook's number"):
            bench.notebook_number(bad)
    with pytest.raises(ValueError, match=r"no notebooks/99_\*.ipynb; the notebooks are 00, 01"):
        bench.only("99")
    with pytest.raises(SystemExit):
        bench.main(["--only", "x"])
    assert "--only takes a notebook's number" in capsys.readouterr().err


def test_the_bench_times_only_moves_that_change_the_value():
    """An integer slider 1..4 rounds 24 evenly spaced values to runs of equal ones; setting a
    widget to its own value runs no update, so only the changes are timed."""
    from tools.kernel_code import distinct_moves

    values = [int(round(1 + 3 * k / 25)) for k in range(1, 25)]
    assert distinct_moves(values) == [1, 2, 3, 4]
    assert distinct_moves([0.1, 0.2, 0.3]) == [0.1, 0.2, 0.3]
    assert distinct_moves([("index", 0), ("index", 0), ("index", 1)]) == [("index", 0),
                                                                           ("index", 1)]


# -- the training step beside PyTorch (tools/bench_training.py, issue 21's "Speed") -------------

def test_training_ratio_is_mathlib_over_torch():
    from tools import bench_training as bt

    assert bt.ratio(85.0, 140.0) == round(85 / 140, 3) == 0.607
    assert bt.ratio(300.0, 150.0) == 2.0
    assert bt.ratio(85.0, None) is None and bt.ratio(None, 140.0) is None
    assert bt.ratio(85.0, 0.0) is None
    assert bt.summary([1.0, 2.0, 3.0, 4.0, 100.0]) == (3.0, 80.8)


def test_training_losses_compared_to_a_relative_tolerance():
    from tools import bench_training as bt

    assert bt.same_losses([2.5017812062453437], [2.501781206245344])
    assert bt.same_losses([2.5, 1e-3], [2.5 * (1 + 1e-12), 1e-3 + 1e-12])
    assert not bt.same_losses([2.5], [2.5001])
    assert not bt.same_losses([2.5, 2.4], [2.5])       # another number of steps
    assert not bt.same_losses([], [])                  # nothing compared is not "the same"


def test_training_batches_are_the_digits_in_a_fixed_order():
    from tools import bench_training as bt

    X, y = bt.batches()
    assert X.shape == (1797 // 64, 64, 64) and y.shape == (1797 // 64, 64)
    assert 0.0 <= X.min() and X.max() <= 1.0 and set(np.unique(y)) == set(range(10))
    X2, y2 = bt.batches(2)
    assert np.array_equal(X2, X[:2]) and np.array_equal(y2, y[:2])
    weights = bt.initial_weights()
    assert [w.shape for w in weights] == [(64, 128), (128,), (128, 10), (10,)]
    assert not weights[1].any() and weights[0].std() == pytest.approx(np.sqrt(2 / 64), rel=0.1)


def test_the_mathlib_step_changes_the_parameters_and_lowers_the_loss():
    """The step the bench times: nn.train_step with Adam on nn.MLP((64, 128, 10), rng=0)."""
    from mathlib import nn, optim
    from tools import bench_training as bt

    X, y = bt.batches(1)
    model = nn.MLP(bt.SIZES, rng=0)
    before = [p.data.copy() for p in model.parameters()]
    adam = optim.Adam(lr=bt.LR)
    losses = [nn.train_step(model, X[0], y[0], optimizer=adam) for _ in range(20)]
    after = [p.data for p in model.parameters()]
    assert all(isinstance(v, float) and np.isfinite(v) for v in losses)
    assert all(not np.array_equal(a, b) for a, b in zip(before, after))
    assert losses[-1] < losses[0]                      # 20 steps on one batch: it learns it


def test_a_training_side_reports_losses_and_times(tmp_path):
    from tools import bench_training as bt

    data = tmp_path / "batches.npz"
    bt.write_data(data)
    side = bt.Side("mathlib", str(data))
    times = side.time(4) + side.time(3)
    assert len(times) == 7 and side.done == 7
    assert all(wall > 0 and cpu >= 0 for wall, cpu in times)
    losses = side.check(3)
    assert len(losses) == 3 and losses[2] < losses[0] and side.check(3) == losses
    assert losses[0] == pytest.approx(np.log(10), rel=0.2)      # He weights, 10 classes
    assert side.about["side"] == "mathlib" and side.about["impl"].startswith("mathlib.")


def test_training_without_torch_says_so_and_still_measures_mathlib(tmp_path):
    """A Python that cannot import torch (here one that does not exist): the mathlib figure is
    measured, torch's and the ratio are null, and the report says why (never an error)."""
    from tools import bench_training as bt

    bad = str(tmp_path / "no-such-python")
    python, why = bt.find_torch(bad)
    assert python is None and bad in why
    report = bt.compare(torch_python=bad, rounds=1, warmup=1, steps=5, check=2)
    saved = json.loads(json.dumps({"training": report}))["training"]
    assert saved["mathlib_step_us"] > 0 and saved["mathlib_p95_us"] >= saved["mathlib_step_us"]
    assert saved["mathlib_cpu_us"] > 0
    assert saved["torch_step_us"] is None and saved["ratio"] is None
    assert saved["torch_cpu_us"] is None and saved["ratio_cpu"] is None
    assert saved["torch"].startswith("absent: ") and bad in saved["torch"]
    assert saved["same_first_loss"] is None and saved["first_loss"]["mathlib"] > 0
    assert saved["sizes"] == [64, 128, 10] and saved["batch"] == 64 and saved["threads"] == 1
    assert saved["thread_env"]["OMP_NUM_THREADS"] == saved["thread_env"]["OPENBLAS_NUM_THREADS"]
    text = "\n".join(bt.lines(report))
    assert text.startswith("training step (MLP 64-128-10, batch 64, float64, Adam, 1 thread): "
                           "mathlib ")
    assert re.search(r"PyTorch not available: .+ \(training ratio not measured\)", text)
    assert "OMP_NUM_THREADS=1" in text


def test_training_line_with_torch():
    from tools import bench_training as bt

    report = {"mathlib_step_us": 85.2, "mathlib_p95_us": 90.0, "torch_step_us": 140.0,
              "torch_p95_us": 150.0, "ratio": bt.ratio(85.2, 140.0), "rounds": 3,
              "mathlib_cpu_us": 80.0, "torch_cpu_us": 160.0, "ratio_cpu": 0.5,
              "timed_steps_per_round": 1000, "thread_env": dict(bt.THREAD_ENV),
              "torch_threads": 1, "torch_interop_threads": 1, "torch_version": "2.13.0",
              "torch_adam": "single-tensor (for-loop)", "torch": "2.13.0 (build/torch-venv)",
              "same_first_loss": True, "same_losses": False, "check_steps": 10,
              "first_loss": {"mathlib": 2.5, "torch": 2.5}}
    first, *rest = bt.lines(report)
    assert first == ("training step (MLP 64-128-10, batch 64, float64, Adam, 1 thread): "
                     "mathlib 85 us, PyTorch 2.13.0 140 us, ratio 0.61")
    rest = "\n".join(rest)
    assert "same first loss: yes" in rest and "first 10 steps: NO" in rest
    assert "CPU time per step (leaves out time given to other processes): mathlib 80 us, " \
           "PyTorch 160 us, ratio 0.50" in rest
    assert "torch.set_num_threads(1)" in rest and "build/torch-venv" in rest


def test_make_bench_runs_the_training_comparison():
    """tools.bench's full run includes it (not --only), and make bench makes torch's venv first,
    without failing when it cannot."""
    import inspect

    assert '"bench_training"' in inspect.getsource(bench.main)
    make = (bench.ROOT / "Makefile").read_text()
    assert "bench: $(TEST_STAMP) torch-venv" in make
    assert "\t-$(BIN)/python -m tools.bench_training --install" in make
    assert "torch" not in (bench.ROOT / "requirements.txt").read_text().lower()


def test_a_torch_venv_that_cannot_be_made_is_a_reason_not_an_error(monkeypatch, tmp_path):
    from tools import bench_training as bt

    monkeypatch.setattr(bt, "find_torch", lambda *args: (None, "not found"))
    blocked = tmp_path / "file"
    blocked.write_text("a file, not a folder")
    problem = bt.install_torch_venv(blocked / "torch-venv")      # cannot be made inside a file
    assert problem and "-m venv" in problem and not (blocked / "torch-venv").exists()
    monkeypatch.setattr(bt, "find_torch", lambda *args: ("/usr/bin/python3", "somewhere"))
    assert bt.install_torch_venv(tmp_path / "unused") is None    # torch found: nothing to do
    assert not (tmp_path / "unused").exists()
