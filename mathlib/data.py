"""Real data sets shipped with the course, verified against SHA-256 checksums.

The files live in the repository's ``data/`` folder, listed with their checksums in
``data/SHA256SUMS``; ``data/README.md`` gives each one's source, license and citation. Nothing is
downloaded and nothing is unpickled: the files are plain CSV.

Where the loaders look (``DATA_DIR``): the repository's ``data/`` when mathlib is imported from a
clone (``-e .`` in requirements.txt); otherwise ``mathlib/_data/``, the copy that the wheel carries
(``pip install .`` for a hub image: setup.py copies ``data/`` there at build time). Either way
every file is checked against the ``SHA256SUMS`` next to it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._checks import as_int

__all__ = ["Dataset", "load_iris", "load_digits", "load_photo", "DATA_DIR"]

_REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_data"


def _find_data_dir(repo: Path = _REPO_DATA_DIR, packaged: Path = _PACKAGED_DATA_DIR) -> Path:
    """The repository's data/ if mathlib runs from a clone, else the copy inside the package."""
    if (repo / "SHA256SUMS").is_file() or not packaged.is_dir():
        return repo
    return packaged


DATA_DIR = _find_data_dir()

# matplotlib ships this photograph (Grace Hopper, public domain) in its sample data.
_PHOTO_NAME = "grace_hopper.jpg"
_PHOTO_SHA256 = "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130"

_RESTORE = ("Restore it with `git checkout -- data/` (or copy it again from the course "
            "repository; for a mathlib installed with `pip install .`, install it again); the "
            "expected checksums are in data/SHA256SUMS.")


@dataclass(frozen=True)
class Dataset:
    """A labelled data set: ``X`` (n_samples, n_features), ``y`` (n_samples,) integer labels."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...]
    description: str


def _expected_checksums(data_dir: Path) -> dict[str, str]:
    sums = data_dir / "SHA256SUMS"
    if not sums.is_file():
        raise FileNotFoundError(f"the checksum list {sums} is missing. {_RESTORE}")
    out = {}
    for line in sums.read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            out[name] = digest
    return out


def _verified_bytes(path: Path, expected: str, restore: str = _RESTORE) -> bytes:
    """Read ``path`` and check its SHA-256; raise a clear error if it is missing or altered."""
    if not path.is_file():
        raise FileNotFoundError(f"the data file {path} is missing. {restore}")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected:
        raise ValueError(f"the data file {path} has been altered: its SHA-256 is {digest}, "
                         f"expected {expected}. {restore}")
    return raw


def _read_data_file(name: str, data_dir: Path | None = None) -> bytes:
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    expected = _expected_checksums(data_dir)
    if name not in expected:
        raise ValueError(f"{name} is not listed in {data_dir / 'SHA256SUMS'}")
    raw = _verified_bytes(data_dir / name, expected[name])
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def load_iris(*, data_dir: Path | None = None) -> Dataset:
    """Fisher's Iris flowers: 150 flowers x 4 measurements (cm), 3 species.

    Returns a Dataset with X (150, 4): sepal length, sepal width, petal length, petal width;
    y (150,): 0 setosa, 1 versicolor, 2 virginica.
    """
    lines = _read_data_file("iris.csv", data_dir).decode("ascii").splitlines()
    header = lines[0].split(",")
    table = np.loadtxt(io.StringIO("\n".join(lines[1:])), delimiter=",")
    return Dataset(
        X=table[:, :4], y=table[:, 4].astype(int),
        feature_names=("sepal length (cm)", "sepal width (cm)",
                       "petal length (cm)", "petal width (cm)"),
        target_names=tuple(header[2:5]),
        description="Fisher's Iris data (1936): 150 flowers, 4 measurements, 3 species")


def load_digits(*, data_dir: Path | None = None) -> Dataset:
    """UCI handwritten digits: 1797 images of 8x8 pixels, values 0-16, digits 0-9.

    Returns a Dataset with X (1797, 64), each row an image read row by row (``X[i].reshape(8, 8)``
    is the picture), and y (1797,) the digit.
    """
    text = _read_data_file("digits.csv.gz", data_dir).decode("ascii")
    table = np.loadtxt(io.StringIO(text), delimiter=",")
    return Dataset(
        X=table[:, :64], y=table[:, 64].astype(int),
        feature_names=tuple(f"pixel ({r}, {c})" for r in range(8) for c in range(8)),
        target_names=tuple(str(d) for d in range(10)),
        description="UCI optical recognition of handwritten digits: 1797 images, 8x8, 0-16")


def load_photo(*, gray: bool = True, step: int = 1) -> np.ndarray:
    """A photograph of Grace Hopper from matplotlib's bundled sample data, as floats in [0, 1].

    Returns (H, W) if ``gray`` (luminance 0.299 R + 0.587 G + 0.114 B) else (H, W, 3) RGB; the full
    image is 600 x 512. ``step`` > 1 keeps every step-th pixel in each direction (a smaller image).
    """
    import matplotlib.cbook
    import matplotlib.image

    step = as_int(step, "step", "load_photo", low=1)
    path = Path(matplotlib.cbook.get_sample_data(_PHOTO_NAME, asfileobj=False))
    raw = _verified_bytes(path, _PHOTO_SHA256, restore=(
        "It comes with matplotlib: reinstall the version pinned in requirements.txt with "
        "`pip install --force-reinstall -r requirements.txt`."))
    rgb = matplotlib.image.imread(io.BytesIO(raw), format="jpeg")[::step, ::step, :3] / 255.0
    if gray:
        return rgb @ np.array([0.299, 0.587, 0.114])
    return rgb


DIABETES_FEATURES = ("age (years)", "sex (1 or 2)", "bmi, body mass index (kg/m^2)",
                     "bp, average blood pressure (mm Hg)", "s1, tc: total serum cholesterol",
                     "s2, ldl: low-density lipoproteins", "s3, hdl: high-density lipoproteins",
                     "s4, tch: total cholesterol / HDL", "s5, ltg: log of serum triglycerides",
                     "s6, glu: blood sugar level")


def load_diabetes(*, data_dir: Path | None = None) -> Dataset:
    """Efron et al.'s diabetes patients (2004): 442 patients, 10 baseline measurements, and a
    measure of disease progression one year later (a regression target, 25 to 346).

    Returns a Dataset with X (442, 10) in the original units (not scaled: scikit-learn's
    ``load_diabetes()`` centres and scales each column by default; standardise before gradient
    descent), columns as in ``DIABETES_FEATURES``; y (442,) floats, the progression; no classes,
    so ``target_names`` is empty.
    """
    text = _read_data_file("diabetes_data_raw.csv.gz", data_dir).decode("ascii")
    X = np.loadtxt(io.StringIO(text))
    target = _read_data_file("diabetes_target.csv.gz", data_dir).decode("ascii")
    y = np.loadtxt(io.StringIO(target))
    return Dataset(
        X=X, y=y, feature_names=DIABETES_FEATURES, target_names=(),
        description="Efron, Hastie, Johnstone, Tibshirani (2004) diabetes data: 442 patients, "
                    "10 measurements, disease progression after one year (regression)")


__all__ += ["load_diabetes", "DIABETES_FEATURES"]


def load_breast_cancer(*, data_dir: Path | None = None) -> Dataset:
    """Breast Cancer Wisconsin (Diagnostic), Wolberg, Mangasarian, Street and Street (1993): 569
    tumours, 30 measurements of the cell nuclei in a fine-needle aspirate image, 2 classes.

    Returns a Dataset with X (569, 30): for each of ten nucleus features (radius, texture,
    perimeter, area, smoothness, compactness, concavity, concave points, symmetry, fractal
    dimension) its mean, its standard error and its "worst" value (the mean of the three largest),
    in that order, in the original units (not scaled); y (569,): 0 malignant (212 tumours),
    1 benign (357), as the file and scikit-learn code them. A screening question usually takes
    malignant as the positive class: ``1 - y`` makes malignant 1.
    """
    lines = _read_data_file("breast_cancer.csv", data_dir).decode("ascii").splitlines()
    header = lines[0].split(",")
    table = np.loadtxt(io.StringIO("\n".join(lines[1:])), delimiter=",")
    return Dataset(
        X=table[:, :30], y=table[:, 30].astype(int),
        feature_names=tuple(f"{kind} {name}" for kind in ("mean", "standard error of", "worst")
                            for name in BREAST_CANCER_FEATURES),
        target_names=tuple(header[2:4]),
        description="Breast Cancer Wisconsin (Diagnostic), Wolberg et al. (1993): 569 tumours, "
                    "30 nucleus measurements, 0 malignant / 1 benign")


BREAST_CANCER_FEATURES = ("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                          "concavity", "concave points", "symmetry", "fractal dimension")

__all__ += ["load_breast_cancer", "BREAST_CANCER_FEATURES"]
