"""Two additions to pyproject.toml: the wheel carries the data sets and the course's Jupyter files.

``data/`` at the top of the repository is the one copy in git. A non-editable install
(``pip install .``, for a JupyterHub image) copies it into the package as ``mathlib/_data/``,
where ``mathlib.data`` finds it when there is no repository around (tests/test_project.py builds
the wheel and loads every data set from it). An editable install (``-e .``) reads ``data/`` directly.

The course's Jupyter files from ``etc/`` are data files, installed under the environment's prefix
(``sys.prefix``), where Jupyter looks for them, by every install of the package: ``pip install .``
for a hub image, the repo2docker image, TLJH and Binder as well as the local ``.venv``:

- ``share/jupyter/voila/templates/lab-offline/``: Voila's template with no CDN (no Font Awesome
  from the internet), chosen by ``etc/jupyter/voila.json``;
- ``etc/jupyter/jupyter_nbconvert_config.json``: exported pages show each explorer as a static
  figure;
- ``share/jupyter/lab/settings/overrides.d/mathlib.json``: JupyterLab asks no "news?" question
  and checks for no updates;
- ``etc/jupyter/jupyter_server_config.d/mathlib.json`` (and ``voila.json``): the kernel's
  WebSocket sends each message at once (``mathlib._websocket``: a frame 10-40 ms sooner).

The editable install (``-e .``, the last line of requirements.txt: Binder, repo2docker, TLJH, the
local ``.venv``) installs them too: setuptools' editable wheel leaves data files out, so
:class:`EditableWithDataFiles` adds them. tests/test_project.py builds both wheels and lists them.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

DATA = Path(__file__).resolve().parent / "data"


# (folder under the environment's prefix, [files of the repository]): relative paths, as
# setuptools wants them; each file keeps its name.
DATA_FILES = [
    ("share/jupyter/voila/templates/lab-offline",
     ["etc/voila/templates/lab-offline/conf.json",
      "etc/voila/templates/lab-offline/index.html.j2"]),
    ("etc/jupyter", ["etc/voila.json", "etc/jupyter_nbconvert_config.json"]),
    ("etc/jupyter/jupyter_server_config.d", ["etc/jupyter_server_config.d/mathlib.json"]),
    ("share/jupyter/lab/settings/overrides.d", ["etc/lab/overrides.d/mathlib.json"]),
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


class EditableWithDataFiles(editable_wheel):
    """The editable wheel, with DATA_FILES in its ``.data/data`` folder as a regular wheel has them.

    setuptools (84) asks the distribution for ``has_data()``, which does not exist, so it never
    runs ``install_data`` for an editable install; this runs it (into the wheel's data folder, set
    up by setuptools). Data files are copies either way: rerun ``pip install -e .`` (or
    ``make setup``) after changing one.
    """

    def _run_install(self, category):
        if hasattr(super(), "_run_install"):
            super()._run_install(category)
        if category == "data" and self.distribution.has_data_files():
            self.run_command("install_data")


setup(cmdclass={"build_py": BuildPyWithData, "editable_wheel": EditableWithDataFiles},
      data_files=DATA_FILES)
