import hashlib
import shutil

import numpy as np
import pytest

from mathlib import data


def test_iris():
    iris = data.load_iris()
    assert iris.X.shape == (150, 4) and iris.y.shape == (150,)
    assert iris.target_names == ("setosa", "versicolor", "virginica")
    np.testing.assert_array_equal(np.bincount(iris.y), [50, 50, 50])
    # Fisher's first flower, and a well-known column mean (petal length 3.758 cm).
    np.testing.assert_allclose(iris.X[0], [5.1, 3.5, 1.4, 0.2])
    assert iris.X[:, 2].mean() == pytest.approx(3.758, abs=1e-3)


def test_digits():
    digits = data.load_digits()
    assert digits.X.shape == (1797, 64) and digits.y.shape == (1797,)
    assert digits.X.min() == 0 and digits.X.max() == 16
    assert set(digits.y) == set(range(10))
    assert digits.y[0] == 0


def test_every_shipped_file_is_listed_and_matches():
    listed = {}
    for line in (data.DATA_DIR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        listed[name] = digest
    for name, digest in listed.items():
        assert hashlib.sha256((data.DATA_DIR / name).read_bytes()).hexdigest() == digest
    shipped = {p.name for p in data.DATA_DIR.iterdir()} - {"SHA256SUMS", "README.md"}
    assert shipped == set(listed)


def test_missing_file_says_how_to_restore(tmp_path):
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"iris.csv is missing.*git checkout -- data/"):
        data.load_iris(tmp_path)


def test_altered_file_is_refused(tmp_path):
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    text = (data.DATA_DIR / "iris.csv").read_text().replace("5.1,3.5", "9.9,3.5", 1)
    (tmp_path / "iris.csv").write_text(text)
    with pytest.raises(ValueError, match=r"iris.csv has been altered: its SHA-256 is"):
        data.load_iris(tmp_path)


def test_photo():
    gray = data.load_photo()
    rgb = data.load_photo(gray=False)
    assert gray.shape == (600, 512) and rgb.shape == (600, 512, 3)
    assert 0.0 <= gray.min() and gray.max() <= 1.0
    np.testing.assert_allclose(gray, rgb @ [0.299, 0.587, 0.114])
    assert data.load_photo(step=4).shape == (150, 128)
    with pytest.raises(ValueError, match="step must be a whole number >= 1, got 0"):
        data.load_photo(step=0)
