"""tools/collect_submissions.py on a fake home tree (/home/jupyter-NAME/REPO/notebooks/)."""

from __future__ import annotations

import os
from pathlib import Path

from tools import collect_submissions as collect

REPO = "course"


def home(homes: Path, name: str, files: dict[str, bytes]) -> Path:
    notebooks = homes / f"jupyter-{name}" / REPO / "notebooks"
    notebooks.mkdir(parents=True)
    for file, data in files.items():
        (notebooks / file).write_bytes(data)
    return notebooks


def test_one_folder_per_student_and_no_symlink_followed(tmp_path, capsys):
    homes = tmp_path / "home"
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the teacher's secret")
    home(homes, "alice", {"00_welcome.ipynb": b'{"alice": 1}', "01_data.ipynb": b"{}"})
    home(homes, "bob", {"00_welcome.ipynb": b'{"bob": 1}'})
    # carol's notebook is a link to alice's; dave's notebooks/ folder is a link to bob's
    carol = home(homes, "carol", {})
    (carol / "00_welcome.ipynb").symlink_to(homes / "jupyter-alice" / REPO / "notebooks" /
                                            "00_welcome.ipynb")
    (homes / "jupyter-dave" / REPO).mkdir(parents=True)
    (homes / "jupyter-dave" / REPO / "notebooks").symlink_to(
        homes / "jupyter-bob" / REPO / "notebooks")
    (homes / "jupyter-erin").symlink_to(homes / "jupyter-bob")      # a whole home linked
    home(homes, "frank", {"01_data.ipynb": b"{}"})                  # no 00
    gina = home(homes, "gina", {})
    os.mkfifo(gina / "00_welcome.ipynb")                            # not a regular file
    (homes / "jupyter-hal").mkdir()                                 # no course folder
    home(homes, "ivy", {"00_welcome.ipynb": b""})                   # empty: copied, graded empty
    (homes / "jupyter-jo").mkdir()
    (homes / "jupyter-jo" / REPO).symlink_to(secret)

    dest = tmp_path / "submissions" / "00"
    assert collect.main(["--homes", str(homes), "--repo", REPO, "--notebook", "00",
                         "--to", str(dest)]) == 0
    out = capsys.readouterr().out
    got = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*")
           if p.is_file()}
    assert got == {"alice/00_welcome.ipynb": b'{"alice": 1}',
                   "bob/00_welcome.ipynb": b'{"bob": 1}', "ivy/00_welcome.ipynb": b""}
    assert not any(p.is_symlink() for p in dest.rglob("*"))
    lines = {line.split()[1].rstrip(":"): line.split()[0] for line in out.splitlines()[:-1]}
    assert lines == {"jupyter-alice": "copied", "jupyter-bob": "copied",
                     "jupyter-carol": "skipped", "jupyter-dave": "skipped",
                     "jupyter-erin": "skipped", "jupyter-frank": "missing",
                     "jupyter-gina": "skipped", "jupyter-hal": "missing",
                     "jupyter-ivy": "copied", "jupyter-jo": "skipped"}
    assert "3 of 10 homes copied" in out

    # a second run into the same folder overwrites nothing
    assert collect.main(["--homes", str(homes), "--repo", REPO, "--notebook",
                         "00_welcome.ipynb", "--to", str(dest)]) == 0
    assert "exists already" in capsys.readouterr().out
    assert (dest / "alice" / "00_welcome.ipynb").read_bytes() == b'{"alice": 1}'
