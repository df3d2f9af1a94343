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
        data.load_iris(data_dir=tmp_path)


def test_altered_file_is_refused(tmp_path):
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    text = (data.DATA_DIR / "iris.csv").read_text().replace("5.1,3.5", "9.9,3.5", 1)
    (tmp_path / "iris.csv").write_text(text)
    with pytest.raises(ValueError, match=r"iris.csv has been altered: its SHA-256 is"):
        data.load_iris(data_dir=tmp_path)


def test_photo():
    gray = data.load_photo()
    rgb = data.load_photo(gray=False)
    assert gray.shape == (600, 512) and rgb.shape == (600, 512, 3)
    assert 0.0 <= gray.min() and gray.max() <= 1.0
    np.testing.assert_allclose(gray, rgb @ [0.299, 0.587, 0.114])
    assert data.load_photo(step=4).shape == (150, 128)
    with pytest.raises(ValueError, match="^load_photo: step = 0 is out of range; expected step >= 1$"):
        data.load_photo(step=0)


def test_find_data_dir_prefers_a_checked_repository_copy(tmp_path):
    repo, packaged = tmp_path / "repo", tmp_path / "pkg"
    repo.mkdir()
    # no packaged copy: the repository folder, even when its checksum list is missing
    assert data._find_data_dir(repo, packaged) == repo
    packaged.mkdir()
    # a packaged copy and a repository folder without SHA256SUMS: the packaged copy
    assert data._find_data_dir(repo, packaged) == packaged
    (repo / "SHA256SUMS").write_text("")
    # both present: the repository (a clone with -e .)
    assert data._find_data_dir(repo, packaged) == repo


def test_missing_checksum_list_says_how_to_restore(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"checksum list .*SHA256SUMS is missing.*git checkout"):
        data.load_iris(data_dir=tmp_path)


def test_unlisted_file_is_refused(tmp_path):
    lines = (data.DATA_DIR / "SHA256SUMS").read_text().splitlines()
    (tmp_path / "SHA256SUMS").write_text("\n".join(l for l in lines if "iris" not in l) + "\n")
    shutil.copy(data.DATA_DIR / "iris.csv", tmp_path)
    with pytest.raises(ValueError, match=r"iris.csv is not listed in .*SHA256SUMS$"):
        data.load_iris(data_dir=tmp_path)


def test_iris_names_and_description():
    iris = data.load_iris()
    assert iris.feature_names == ("sepal length (cm)", "sepal width (cm)",
                                  "petal length (cm)", "petal width (cm)")
    assert iris.description.startswith("Fisher's Iris data")
    assert "150 flowers" in iris.description


def test_digits_reads_the_given_folder(tmp_path):
    shutil.copy(data.DATA_DIR / "SHA256SUMS", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"digits.csv.gz is missing"):
        data.load_digits(data_dir=tmp_path)
    shutil.copy(data.DATA_DIR / "digits.csv.gz", tmp_path)
    np.testing.assert_array_equal(data.load_digits(data_dir=tmp_path).X, data.load_digits().X)


def test_digits_names_labels_and_description():
    digits = data.load_digits()
    assert digits.y.dtype.kind == "i"
    assert len(digits.feature_names) == 64
    # row by row: X[i].reshape(8, 8)[r, c] is feature 8 r + c
    assert digits.feature_names[0] == "pixel (0, 0)"
    assert digits.feature_names[8 * 2 + 5] == "pixel (2, 5)"
    assert digits.feature_names[-1] == "pixel (7, 7)"
    assert digits.target_names == tuple(str(d) for d in range(10))
    assert digits.description.startswith("UCI optical recognition")
    assert "1797 images" in digits.description


def test_photo_matches_matplotlib_reader():
    import matplotlib.cbook
    import matplotlib.image
    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    reference = matplotlib.image.imread(path)[:, :, :3] / 255.0
    np.testing.assert_array_equal(data.load_photo(gray=False), reference)
    np.testing.assert_array_equal(data.load_photo(gray=False, step=3), reference[::3, ::3])


def test_photo_missing_or_altered_says_reinstall_matplotlib(tmp_path, monkeypatch):
    import matplotlib.cbook
    fake = tmp_path / "grace_hopper.jpg"
    monkeypatch.setattr(matplotlib.cbook, "get_sample_data", lambda name, asfileobj=True: fake)
    restore = (r"It comes with matplotlib: reinstall the version pinned in requirements.txt "
               r"with `pip install --force-reinstall -r requirements.txt`\.")
    with pytest.raises(FileNotFoundError, match=r"grace_hopper.jpg is missing\. " + restore):
        data.load_photo()
    fake.write_bytes(b"not a photo")
    with pytest.raises(ValueError, match=r"has been altered.*" + restore):
        data.load_photo()
