"""One build step on top of pyproject.toml: the wheel carries the data sets.

``data/`` at the top of the repository is the one copy in git. A non-editable install
(``pip install .``, for a JupyterHub image) copies it into the package as ``mathlib/_data/``,
where ``mathlib.data`` finds it when there is no repository around (tests/test_lock.py builds the
wheel and loads every data set from it). An editable install (``-e .``) reads ``data/`` directly.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = Path(__file__).resolve().parent / "data"


class BuildPyWithData(build_py):
    """build_py, then copy data/ (SHA256SUMS, README.md and every file listed) to mathlib/_data."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        listed = [line.split()[1] for line in (DATA / "SHA256SUMS").read_text().splitlines()
                  if line.strip()]
        target = Path(self.build_lib) / "mathlib" / "_data"
        self.mkpath(str(target))
        for name in ["SHA256SUMS", "README.md", *listed]:
            self.copy_file(str(DATA / name), str(target / name))


setup(cmdclass={"build_py": BuildPyWithData})
