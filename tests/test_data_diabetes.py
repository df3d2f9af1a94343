"""mathlib.data.load_diabetes: the shipped diabetes data (notebook 17's mini-batch regression)."""

import hashlib
import shutil

import numpy as np
import pytest

from mathlib import data


def test_diabetes_shape_units_and_known_figures():
    d = data.load_diabetes()
    assert d.X.shape == (442, 10) and d.y.shape == (442,)
    assert d.X.dtype == float and d.y.dtype == float
    assert len(d.feature_names) == 10 and d.feature_names[2].startswith("bmi")
    assert d.target_names == ()
    # the first patient as in Efron et al.'s raw table, and the target's published range and mean
    np.testing.assert_allclose(d.X[0], [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
    assert d.y[0] == 151.0 and d.y.min() == 25.0 and d.y.max() == 346.0
    assert d.y.mean() == pytest.approx(152.1335, abs=1e-4)
    assert set(np.unique(d.X[:, 1])) == {1.0, 2.0}           # sex is coded 1 or 2, not scaled
    assert 19 <= d.X[:, 0].min() and d.X[:, 0].max() <= 79   # ages in years


def test_diabetes_files_are_checksummed(tmp_path):
    sums = (data.DATA_DIR / "SHA256SUMS").read_text()
    for name in ("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"):
        digest = hashlib.sha256((data.DATA_DIR / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in sums
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    shutil.copy(data.DATA_DIR / "diabetes_data_raw.csv.gz", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"diabetes_target.csv.gz is missing"):
        data.load_diabetes(data_dir=tmp_path)
    (tmp_path / "diabetes_target.csv.gz").write_bytes(b"not the file")
    with pytest.raises(ValueError, match=r"diabetes_target.csv.gz has been altered"):
        data.load_diabetes(data_dir=tmp_path)


def test_diabetes_data_dir_is_keyword_only():
    with pytest.raises(TypeError):
        data.load_diabetes(data.DATA_DIR)
