"""mathlib.data.load_breast_cancer: the shipped Wisconsin diagnostic data (notebook 22's metrics)."""

import hashlib
import shutil

import numpy as np
import pytest

from mathlib import data


def test_breast_cancer_shape_classes_and_known_figures():
    d = data.load_breast_cancer()
    assert d.X.shape == (569, 30) and d.y.shape == (569,)
    assert d.X.dtype == float and d.y.dtype.kind == "i"
    assert d.target_names == ("malignant", "benign")
    # the published class counts: 212 malignant (0), 357 benign (1)
    assert np.sum(d.y == 0) == 212 and np.sum(d.y == 1) == 357
    assert len(d.feature_names) == 30 and len(set(d.feature_names)) == 30
    assert d.feature_names[0] == "mean radius" and d.feature_names[10] == "standard error of radius"
    assert d.feature_names[20] == "worst radius" and d.feature_names[29] == "worst fractal dimension"
    # the first tumour as in the UCI table (wdbc.data, id 842302, diagnosis M)
    np.testing.assert_allclose(d.X[0, :4], [17.99, 10.38, 122.8, 1001.0])
    np.testing.assert_allclose(d.X[0, -4:], [0.7119, 0.2654, 0.4601, 0.1189])
    assert d.y[0] == 0 and d.y[-1] == 1
    # a worst value is at least the mean of the same feature; standard errors are positive
    assert np.all(d.X[:, 20:30] >= d.X[:, 0:10])
    assert np.all(d.X[:, 10:20] >= 0)
    assert "malignant" in d.description


def test_breast_cancer_file_is_checksummed(tmp_path):
    sums = (data.DATA_DIR / "SHA256SUMS").read_text()
    digest = hashlib.sha256((data.DATA_DIR / "breast_cancer.csv").read_bytes()).hexdigest()
    # the checksum the shared data folder's README publishes for this file
    assert digest == "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed"
    assert f"{digest}  breast_cancer.csv" in sums
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"breast_cancer.csv is missing"):
        data.load_breast_cancer(data_dir=tmp_path)
    raw = (data.DATA_DIR / "breast_cancer.csv").read_bytes()
    (tmp_path / "breast_cancer.csv").write_bytes(raw.replace(b"17.99", b"17.98", 1))
    with pytest.raises(ValueError, match=r"breast_cancer.csv has been altered"):
        data.load_breast_cancer(data_dir=tmp_path)
    (tmp_path / "breast_cancer.csv").write_bytes(raw)
    assert data.load_breast_cancer(data_dir=tmp_path).X.shape == (569, 30)


def test_breast_cancer_data_dir_is_keyword_only():
    with pytest.raises(TypeError):
        data.load_breast_cancer(data.DATA_DIR)
