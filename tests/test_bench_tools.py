"""`make bench`'s machine, calibration and ratios (tools/bench.py), on one explorer.

The whole `make bench` is too long for the test suite; here its new parts run on notebook 00
(one explorer) with a few moves and a few calibration draws: the figures themselves are not
checked (they depend on the machine), only that they are there, consistent and in the JSON.
"""

import json
import math

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


def test_one_explorer_reported_as_a_ratio_to_the_calibration():
    notebook = next(NOTEBOOK_DIR.glob("00_*.ipynb"))
    report = {"notebooks": [], "updates": [], "machine": bench.machine()}
    bench.calibrate(report, "before", draws=5)
    row, rows = bench.notebook_figures(notebook, moves=4)
    report["notebooks"].append(row)
    report["updates"] += rows
    bench.calibrate(report, "after", draws=5)
    bench.add_ratios(report)
    bench.finish_machine(report)

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
