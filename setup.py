"""Two additions to pyproject.toml: the wheel carries the data sets and the course's Jupyter files.

``data/`` at the top of the repository is the one copy in git. A non-editable install
(``pip install .``, for a JupyterHub image) copies it into the package as ``mathlib/_data/``,
where ``mathlib.data`` finds it when there is no repository around (tests/test_lock.py builds the
wheel and loads every data set from it). An editable install (``-e .``) reads ``data/`` directly.

The course's Jupyter files from ``etc/`` are data files, installed under the environment's prefix
(``sys.prefix``), where Jupyter looks for them, by every install of the package: ``pip install .``
for a hub image, the repo2docker image, TLJH and Binder as well as the local ``.venv``:

- ``share/jupyter/voila/templates/lab-offline/``: Voila's template with no CDN (no Font Awesome
  from the internet), chosen by ``etc/jupyter/voila.json``;
- ``etc/jupyter/jupyter_nbconvert_config.json``: exported pages show each explorer as a static
  figure;
- ``share/jupyter/lab/settings/overrides.json``: JupyterLab asks no "news?" question and checks
  for no updates.

tests/test_project.py builds the wheel and lists them. (``make setup`` copies the same files into
``.venv`` too, for the editable install.)
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = Path(__file__).resolve().parent / "data"


# (folder under the environment's prefix, [files of the repository]): relative paths, as
# setuptools wants them; each file keeps its name.
DATA_FILES = [
    ("share/jupyter/voila/templates/lab-offline",
     ["etc/voila/templates/lab-offline/conf.json",
      "etc/voila/templates/lab-offline/index.html.j2"]),
    ("etc/jupyter", ["etc/voila.json", "etc/jupyter_nbconvert_config.json"]),
    ("share/jupyter/lab/settings", ["etc/lab/overrides.json"]),
]


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


setup(cmdclass={"build_py": BuildPyWithData}, data_files=DATA_FILES)
