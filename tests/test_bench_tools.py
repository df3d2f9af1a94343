"""`make bench`'s machine, calibration and ratios (tools/bench.py), on one explorer.

The whole `make bench` is too long for the test suite; here its new parts run on notebook 00
(one explorer) with a few moves and a few calibration draws: the figures themselves are not
checked (they depend on the machine), only that they are there, consistent and in the JSON.
"""

import json
import math
import re

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
