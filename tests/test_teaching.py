"""TEACHING.md holds what a teacher relies on on the day: checked here against the course itself.

- the capacity figures are generated from one file of measurements (docs/bench-classroom.json)
  and TEACHING.md must show exactly what :func:`render` makes of it
  (``python -m tests.test_teaching [--from-bench]`` rewrites them);
- the course at a glance lists every notebook, exercise and question that exists, with minutes
  that agree with the lesson notes, and the two terms' plans (Parts I-III in 14 weeks, then Parts
  IV-V and the capstone) cover every notebook;
- the nbgitpuller link has the form that the pinned nbgitpuller turns into an existing folder,
  and nbgitpuller does with a student's edits what TEACHING.md says (two git repositories);
- notebook 08's "ask before you drag" prompt is what the explorer's code computes;
- every command in a code block of TEACHING.md is exercised by a test or marked
  "not testable here".
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tools.nbkernel import ROOT

TEACHING = ROOT / "TEACHING.md"
SOURCE = ROOT / "docs" / "bench-classroom.json"
BENCH = ROOT / "build" / "bench.json"
CONFIG = ROOT / "etc" / "z2jh-config.yaml"
SERVER_MB = 90.0    # a student's Jupyter server alone
CLASS = 30          # the class the figures are for
GB = 1024.0         # MB per GB, as `make bench` counts


def teaching() -> str:
    return TEACHING.read_text(encoding="utf-8")


# -- the capacity figures ---------------------------------------------------------------------------
def _about(value: float, step: float) -> str:
    """``value`` rounded to a multiple of ``step``, written without a trailing .0."""
    rounded = round(value / step) * step
    return f"{rounded:g}"


def _config_resources() -> tuple[float, float, float]:
    """(memory guarantee in MB, memory limit in MB, cpu guarantee) of etc/z2jh-config.yaml,
    read without a YAML parser (the file's format is fixed: `guarantee: 320M`)."""
    text = CONFIG.read_text()
    memory = re.search(r"\n  memory:\n    guarantee: (\d+)M\n    limit: (\d+)G\n", text)
    cpu = re.search(r"\n  cpu:\n    guarantee: ([0-9.]+)\n", text)
    assert memory and cpu, "etc/z2jh-config.yaml: singleuser memory/cpu not in the expected form"
    # Kubernetes' M and G are powers of ten; the bench's MB are 2**20 bytes.
    return (int(memory[1]) * 1e6 / 2 ** 20, int(memory[2]) * 1e9 / 2 ** 20, float(cpu[1]))


def render(source: dict) -> dict[str, str]:
    """The generated blocks of TEACHING.md ("capacity", "z2jh") from the measurement ``source``
    (docs/bench-classroom.json's form)."""
    hub, machine = source["hub"], source["machine"]
    kernels, notebook = hub["kernels"], hub["notebook"]
    number = notebook[:2]
    kernel, budget = hub["max_kernel_peak_rss_mb"], hub["targets"]["kernel_mb"]
    core_s = hub["cpu_count"] * hub["slowest_execute_s"]          # the cores were busy throughout
    one = SERVER_MB + kernel                                      # a student, one notebook open
    need1 = CLASS * one / GB
    need2 = CLASS * (SERVER_MB + 2 * budget) / GB
    enough = 4 * math.ceil((need1 + 2) / 4)                       # room for the system, in 4 GB
    recommended = 4 * math.ceil((need2 + 1) / 4)
    guarantee_mb, _limit_mb, cpu = _config_resources()
    cores_guaranteed = CLASS * cpu
    per_node = 5 * math.floor(16 * GB / guarantee_mb / 5)
    capacity = f"""\
**Measured** by `make bench` on {source["measured"]} ([how](#how-the-class-figures-are-made); a
maintainers' run of minutes, not testable here), on a
{machine["cores"]}-core, {machine["ram_gb"]} GB machine: {kernels} kernels each running the heaviest notebook
(`{notebook}`) from a cold start, all at the same moment, as when a whole class
presses *Run All* together.

| {kernels} kernels at once, notebook {number} | measured |
|---|---|
| largest kernel (peak resident memory) | {kernel:.0f} MB (goal: under {budget:.0f} MB) |
| all {kernels} kernels (sum of the peaks) | {hub["total_peak_rss_mb"] / GB:.1f} GB (goal: under {hub["targets"]["total_mb"] / GB:.0f} GB); {hub["concurrent_pss_mb"] / GB:.1f} GB counting shared libraries once |
| the slowest student waits (kernel start to last cell) | {hub["slowest_execute_s"]:.0f} s (median {hub["median_execute_s"]:.0f} s; one kernel alone: about {source["single_kernel_execute_s"]:.0f} s) |

A student's JupyterLab server takes about {SERVER_MB:.0f} MB more, and **every open notebook has its
own kernel**: a student with three notebooks open uses three kernels. So a student with one
notebook open needs about {_about(one, 10)} MB. For a class of {CLASS}:

| | enough | recommended |
|---|---|---|
| RAM | {enough} GB: {CLASS} x ({SERVER_MB:.0f} MB server + 1 kernel of {kernel:.0f} MB) = {need1:.1f} GB, one notebook open each | {recommended} GB: {CLASS} x ({SERVER_MB:.0f} MB + 2 kernels at the {budget:.0f} MB budget) = {need2:.1f} GB, room for later, heavier notebooks |
| CPU | 2 cores: a class-wide *Run All* waits about {_about(core_s / 2, 5)} s, a slider move stays instant | 4 cores: about {_about(core_s / 4, 5)} s (the *Run All* work is about {_about(core_s, 10)} core-seconds: {kernels} kernels of about {core_s / kernels:.1f} core-seconds) |
| disk | 20 GB | 30 GB (the environment takes a few GB, each student a few MB) |
"""
    z2jh = f"""\
- **Memory**: the *guarantee* (320M) is what Kubernetes reserves for every student: the server
  ({SERVER_MB:.0f} MB) and one kernel at the {budget:.0f} MB budget. The *limit* (1G) is where a
  student's container is stopped: the server and four open notebooks. A node with 16 GB holds
  about {per_node} students by guarantee (less what the node itself uses); with one notebook open
  each, a student uses about {_about(one, 10)} MB.
- **CPU**: a guarantee of {cpu:g} core each ({cores_guaranteed:g} cores for {CLASS} students) and a limit of one
  core: a class-wide *Run All* of notebook {number} waits about {_about(core_s / cores_guaranteed, 5)} s, one student
  alone about {source["single_kernel_execute_s"]:.0f} s.
"""
    return {"capacity": capacity, "z2jh": z2jh}


BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- end generated: \2 -->)", re.S)


def generated_blocks(text: str) -> dict[str, str]:
    return {m[2]: m[3] for m in BLOCK.finditer(text)}


def rewrite(text: str, blocks: dict[str, str]) -> str:
    return BLOCK.sub(lambda m: m[1] + blocks[m[2]] + m[4], text)


def test_capacity_figures_are_generated_from_one_source():
    source = json.loads(SOURCE.read_text())
    blocks = generated_blocks(teaching())
    assert set(blocks) == {"capacity", "z2jh"}
    for name, text in render(source).items():
        assert blocks[name] == text, (
            f"TEACHING.md's generated {name!r} block differs from {SOURCE.relative_to(ROOT)}: "
            f"run `python -m tests.test_teaching`")


def test_no_capacity_figure_outside_the_generated_blocks():
    """The figures that drifted before (per-student MB, Run All waits) appear only generated."""
    outside = re.sub(r"```.*?```", "", BLOCK.sub("", teaching()), flags=re.S)
    found = re.findall(r"about \d+ MB\)|waits about \d+ s|\d+(?:\.\d)? GB \(goal", outside)
    assert not found, f"capacity figures outside the generated blocks: {found}"


def test_the_hub_config_comments_agree_with_the_source():
    hub = json.loads(SOURCE.read_text())["hub"]
    text = CONFIG.read_text()
    assert f"peaks at {hub['max_kernel_peak_rss_mb']:.0f} MB" in text
    assert f"budget is {hub['targets']['kernel_mb']:.0f} MB" in text
    assert f"kernel ({hub['notebook'][:2]}) peaks" in text
    _guarantee, _limit, cpu = _config_resources()
    core_s = hub["cpu_count"] * hub["slowest_execute_s"]
    assert f"near {_about(core_s / (CLASS * cpu), 5)} s" in text


def test_the_source_has_the_bench_entry_form():
    source = json.loads(SOURCE.read_text())
    for key in ("notebook", "kernels", "max_kernel_peak_rss_mb", "total_peak_rss_mb",
                "concurrent_pss_mb", "slowest_execute_s", "median_execute_s", "cpu_count",
                "targets"):
        assert key in source["hub"], key
    assert (ROOT / "notebooks" / f"{source['hub']['notebook']}.ipynb").is_file()
    assert source["hub"]["completed"] == source["hub"]["kernels"] == CLASS


# -- the course at a glance -------------------------------------------------------------------------
def glance_rows() -> dict[str, list[str]]:
    text = teaching().split("## The course at a glance", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        if re.match(r"\| \d\d ", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows[cells[0][:2]] = cells
    return rows


def _ids(cell: str) -> set[str]:
    """'01.2, 01.3' -> {'01.2', '01.3'}; '03.2-03.4' and '00.q1-00.q3' expand."""
    out = set()
    for part in re.split(r",\s*", cell):
        span = re.fullmatch(r"(\d\d)\.(q?)(\d+)-\1\.\2(\d+)", part)
        if span:
            out |= {f"{span[1]}.{span[2]}{k}" for k in range(int(span[3]), int(span[4]) + 1)}
        elif re.fullmatch(r"\d\d\.q?\d+", part):
            out.add(part)
    return out


def _minutes(cell: str) -> tuple[int, int]:
    numbers = [int(n) for n in re.findall(r"\d+", cell)]
    return (numbers[0], numbers[-1])


def test_the_glance_table_lists_every_written_notebook_exercise_and_question():
    from mathlib.exercises import QUESTIONS, REGISTRY

    rows = glance_rows()
    written = written_notebooks()
    assert sorted(rows) == written == [f"{k:02d}" for k in range(len(written))]
    for nn, cells in rows.items():
        _name, _minutes_cell, needs, explorers, in_class, homework, record = cells
        exercises = {k for k in REGISTRY if k.startswith(nn + ".")}
        questions = {k for k in QUESTIONS if k.startswith(nn + ".")}
        assert _ids(in_class) | _ids(homework) == exercises, nn
        assert not _ids(in_class) & _ids(homework), nn
        assert _ids(record) == questions, nn
        assert all(int(k) < int(nn) for k in re.findall(r"\d\d", needs)), nn
        assert explorers.count('"') >= 2, f"{nn}: each explorer with the question to ask"


def test_the_minutes_add_up_and_agree_with_the_lesson_notes():
    rows = glance_rows()
    low = sum(_minutes(cells[1])[0] for cells in rows.values())
    high = sum(_minutes(cells[1])[1] for cells in rows.values())
    text = teaching()
    assert f"In all: {low}-{high} minutes" in text
    n = len(rows)
    assert 60 * n <= low and high <= 80 * n, f"about 60-80 minutes a notebook, {n} notebooks"
    for nn, cells in rows.items():
        heading = re.search(rf"\n#{{3,4}} (?:Welcome: )?{nn} [^\n]*\(([^)]*minutes)\)", text)
        assert heading, f"lesson notes of {nn}: a time in the heading"
        assert _minutes(heading[1]) == _minutes(cells[1]), (nn, heading[1], cells[1])


def plan_weeks(heading: str) -> list[tuple[int, str]]:
    plan = teaching().split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [(int(w), lesson) for w, lesson in re.findall(r"\n\| (\d+) \| ([^|]*)\|", plan)]


def test_the_two_terms_plans_cover_every_notebook():
    first = plan_weeks("A 14-week plan")
    second = plan_weeks("A second term: Parts IV-V and the capstone")
    assert [w for w, _ in first] == list(range(1, 15))
    assert [w for w, _ in second] == list(range(1, len(second) + 1))
    taught = [set(re.findall(r"\b(\d\d) [A-Z]", " ".join(lesson for _, lesson in weeks)))
              for weeks in (first, second)]
    assert taught[0] == {f"{k:02d}" for k in range(14)}
    assert taught[1] == set(written_notebooks()[14:]), "the second term: every notebook after 13"


def written_notebooks() -> list[str]:
    """The two-digit numbers of the notebooks that exist, in order."""
    return sorted(p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


# -- nbgitpuller --------------------------------------------------------------------------------------
def teaching_links() -> list[str]:
    return re.findall(r"https://YOUR-HUB/hub/user-redirect/git-pull\?[^\s`)]+", teaching())


def nbgitpuller_folder(query: dict) -> str:
    """The folder the pinned nbgitpuller clones into, as its handler computes it."""
    handlers = pytest.importorskip("nbgitpuller.handlers", reason="nbgitpuller (requirements.txt)")

    source = Path(handlers.__file__).read_text()
    # the rule this reproduces, word for word in the pinned version (1.3.0)
    assert "self.get_argument('targetpath', repo.split('/')[-1])" in source
    return query.get("targetpath", query["repo"].split("/")[-1])


def _git(*args, cwd):
    subprocess.run(["git", "-c", "user.email=teacher@example.org", "-c", "user.name=teacher",
                    *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture
def upstream(tmp_path):
    """A course repository with a term branch, a tag, and one notebook-like text file."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "REPO.git"
    (repo / "notebooks").mkdir(parents=True)
    _git("init", "-q", "-b", "TERM-BRANCH", cwd=repo)
    (repo / "notebooks" / "00_welcome.ipynb").write_text("line 1\nline 2 by the teacher\nline 3\n")
    _git("add", ".", cwd=repo)
    _git("commit", "-qm", "the term's release", cwd=repo)
    _git("tag", "v0.2.0", cwd=repo)
    return repo


def pull(url: str, branch: str, folder: Path) -> None:
    """What a click on the link does: nbgitpuller's GitPuller clones or updates ``folder``."""
    gitpuller = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller (requirements.txt)")
    for _line in gitpuller.GitPuller(url, str(folder), branch=branch).pull():
        pass


def test_the_link_opens_a_folder_that_nbgitpuller_creates(upstream, tmp_path):
    links = teaching_links()
    assert links, "TEACHING.md gives the nbgitpuller link"
    for link in links:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        assert not query["repo"].endswith(".git"), link
        assert query["branch"] == "TERM-BRANCH", "the term's branch, not a tag"
        folder = nbgitpuller_folder(query)
        assert query["urlpath"].split("/")[2] == folder, link
        # The same link for a local copy of the repository: the notebook it opens exists.
        home = tmp_path / f"home-{len(list(tmp_path.iterdir()))}"
        home.mkdir()
        local = dict(query, repo=str(upstream))
        pull(local["repo"], local["branch"], home / nbgitpuller_folder(local))
        opened = home / query["urlpath"].split("/", 2)[2]
        assert opened.is_file(), f"{link} opens {opened}, which nbgitpuller did not create"


def test_without_targetpath_a_url_with_git_gives_a_404(upstream, tmp_path):
    """What TEACHING.md warns about: the folder keeps `.git`, the urlpath does not."""
    query = {"repo": str(upstream), "branch": "TERM-BRANCH",
             "urlpath": "lab/tree/REPO/notebooks/00_welcome.ipynb"}
    folder = nbgitpuller_folder(query)
    assert folder == "REPO.git"
    home = tmp_path / "home"
    pull(query["repo"], query["branch"], home / folder)
    assert (home / "REPO.git" / "notebooks" / "00_welcome.ipynb").is_file()
    assert not (home / query["urlpath"].split("/", 2)[2]).exists()


def test_a_students_edit_is_kept_and_a_fresh_copy_comes_back(upstream, tmp_path):
    course = tmp_path / "home" / "course"
    notebook = course / "notebooks" / "00_welcome.ipynb"
    pull(str(upstream), "TERM-BRANCH", course)
    notebook.write_text("line 1\nline 2 by the STUDENT\nline 3\n")
    (upstream / "notebooks" / "00_welcome.ipynb").write_text(
        "line 1\nline 2 fixed by the teacher\nline 3\nline 4 new\n")
    (upstream / "notebooks" / "01_new.ipynb").write_text("new\n")
    _git("add", ".", cwd=upstream)
    _git("commit", "-qm", "a fix and a new notebook", cwd=upstream)
    pull(str(upstream), "TERM-BRANCH", course)
    assert notebook.read_text() == "line 1\nline 2 by the STUDENT\nline 3\nline 4 new\n", \
        "the student's line is kept, the teacher's other changes arrive"
    assert (course / "notebooks" / "01_new.ipynb").is_file()
    notebook.rename(notebook.with_name("00_welcome-mine.ipynb"))      # a fresh copy
    pull(str(upstream), "TERM-BRANCH", course)
    assert notebook.read_text() == "line 1\nline 2 fixed by the teacher\nline 3\nline 4 new\n"
    assert "STUDENT" in notebook.with_name("00_welcome-mine.ipynb").read_text()


def test_a_tag_clones_but_cannot_be_updated(upstream, tmp_path):
    """Why TEACHING.md points nbgitpuller at the term's branch, not at the release's tag."""
    pull(str(upstream), "v0.2.0", tmp_path / "course")
    with pytest.raises(subprocess.CalledProcessError):
        pull(str(upstream), "v0.2.0", tmp_path / "course")


# -- notebook 08's prompt -------------------------------------------------------------------------
def test_the_two_minima_prompt_is_what_the_explorer_computes():
    import numpy as np

    from mathlib.explorers import gd_1d

    grid = np.geomspace(*gd_1d.LR_RANGE, gd_1d.LR_STEPS + 1)
    assert np.isclose(grid, 0.25).any(), "0.25 is an exact slider position"
    steps = 30   # the explorer's default
    run = lambda lr, w0: gd_1d.compute("two minima", lr, w0, steps)  # noqa: E731
    assert run(0.25, 1.8).diverged and not run(0.25, 0.5).diverged
    below = grid[(grid < 0.25) & ~np.isclose(grid, 0.25)]
    for lr in [0.2, *below]:
        assert not run(float(lr), 1.8).diverged and not run(float(lr), 0.5).diverged, lr
    first = run(0.25, 1.8)
    assert abs(gd_1d.CURVES["two minima"][2](1.8) - 16.6) < 0.05
    assert abs(first.path[1] - (-2.36)) < 0.01
    text = teaching()
    assert "Set lr = 0.25 (an exact slider position) and start at 1.8, then at 0.5" in text
    assert "Keep lr = 0.2 and start at 1.8" not in text


# -- every command --------------------------------------------------------------------------------
# A command in a code block of TEACHING.md is exercised by the test named here, or marked
# "not testable here" on one of its lines.
TESTED = {
    "make lab": "tests/test_project.py::test_make_lab_keeps_the_token_and_stays_on_localhost, "
                "test_make_lab_prints_the_link_to_00 (here)",
    "make test": ".ci/run (CI runs it on a fresh clone)",
    ".venv/bin/python -m voila notebooks/00_welcome.ipynb": "tests/e2e/test_voila.py",
    "https://YOUR-HUB/hub/user-redirect/git-pull?": "test_the_link_opens_a_folder_that_nbgitpuller_creates",
    "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?": "test_the_binder_link (here)",
    "use_course_style(": "tests/test_explorers_01.py (projector mode)",
    "from mathlib.exercises import QUESTIONS, REGISTRY": "test_the_listing_snippet_runs (here)",
    "sorted(REGISTRY)": "test_the_listing_snippet_runs (here)",
    "sorted(QUESTIONS)": "test_the_listing_snippet_runs (here)",
}


def code_blocks(text: str) -> list[tuple[str, str]]:
    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)


def commands(block: str) -> list[str]:
    """The commands of a block: lines joined at a trailing backslash, comments left out."""
    out, current = [], ""
    for line in block.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line + "\n"
        if not line.rstrip().endswith("\\"):
            out.append(current)
            current = ""
    return out + ([current] if current else [])


def test_every_command_is_tested_or_marked_not_testable():
    untested = []
    for language, block in code_blocks(teaching()):
        if language == "yaml":
            continue                      # etc/z2jh-config.yaml: tests/test_hub_config.py
        for command in commands(block):
            if "not testable here" in command:
                continue
            if not any(command.lstrip().startswith(prefix) for prefix in TESTED):
                untested.append(command.strip())
    assert not untested, ("commands in TEACHING.md neither tested nor marked 'not testable here': "
                          f"{untested}")


def test_the_listing_snippet_runs():
    block = next(b for _, b in code_blocks(teaching()) if "sorted(REGISTRY)" in b)
    namespace: dict = {}
    exec(compile("\n".join(line.split("#")[0] for line in block.splitlines()), "TEACHING", "exec"),
         namespace)
    from mathlib.exercises import QUESTIONS, REGISTRY
    assert sorted(REGISTRY)[:3] == ["00.1", "00.2", "00.3"]
    assert sorted(QUESTIONS)[:3] == ["00.q1", "00.q2", "00.q3"]
    for listed in re.findall(r"\[('[^\]]*)\]", block):
        assert all(item.strip(" '") in set(REGISTRY) | set(QUESTIONS) | {"..."}
                   for item in listed.split(",")), listed


def test_the_binder_link():
    for link in re.findall(r"https://mybinder\.org/v2/gh/\S+", teaching()):
        path = urllib.parse.urlsplit(link).query.split("urlpath=", 1)[1].split("/", 2)[2]
        assert (ROOT / path).is_file(), link


def test_make_lab_prints_the_link_to_00():
    """`jupyter lab` prints its default_url: set to the welcome notebook, as TEACHING.md says."""
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "--LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb" in lab
    assert (ROOT / "notebooks" / "00_welcome.ipynb").is_file()
    assert "prints a link that opens notebooks/00_welcome.ipynb" in teaching()


def test_solutions_are_said_to_be_open_and_the_switch_is_named():
    text = teaching()
    assert "Solutions and explanations are open to students." in text
    assert "MATHLIB_HIDE_SOLUTIONS=1" in text
    assert 'ask("01.q1", choice="b")' in text
    assert "docs/grading.md" in text


# -- regenerating the figures -----------------------------------------------------------------------
def main(argv: list[str]) -> int:
    """Rewrite TEACHING.md's generated blocks from docs/bench-classroom.json; with --from-bench,
    first copy build/bench.json's hub entry into it (after `make bench`)."""
    source = json.loads(SOURCE.read_text())
    if "--from-bench" in argv:
        bench = json.loads(BENCH.read_text())
        if not bench.get("hub"):
            print(f"{BENCH} has no hub entry: run `make bench` first", file=sys.stderr)
            return 1
        source["hub"] = bench["hub"]
        source["machine"]["cores"] = bench["hub"].get("cpu_count", source["machine"]["cores"])
        source["measured"] = bench.get("date", source["measured"])
        SOURCE.write_text(json.dumps(source, indent=2) + "\n")
    TEACHING.write_text(rewrite(teaching(), render(source)), encoding="utf-8")
    print(f"TEACHING.md's figures rewritten from {SOURCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to -."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def test_every_link_inside_teaching_md_reaches_a_heading():
    text = teaching()
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors = {github_slug(h) for h in re.findall(r"^#+ (.+)$", outside_code, flags=re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", outside_code))
    assert links, "TEACHING.md links its own sections"
    assert not links - anchors, f"links to no heading: {sorted(links - anchors)}"
    for target in re.findall(r"\]\(((?:docs|etc|data)/[^)#]+|[A-Z-]+\.md)\)", outside_code):
        assert (ROOT / target).exists() or target == "docs/grading.md", target


def lesson_timings() -> dict[str, tuple[str, int, int]]:
    """Per notebook: its heading's time, and the sum of the minutes its **Timings.** lists
    (low, high), parentheses, exercise and question ids and sizes like 2 x 2 left out."""
    out = {}
    pattern = r"\n#{3,4} (?:Welcome: )?(\d\d) [^\n]*\(([^)]*minutes)\)(.*?)(?=\n#{3,4} |\n## )"
    for m in re.finditer(pattern, teaching(), flags=re.S):
        timings = re.search(r"\*\*Timings?\.\*\*(.*?)\n\n", m[3], flags=re.S)
        if not timings:
            continue
        text = re.sub(r"\([^)]*\)", "", timings[1])
        text = re.sub(r"\b\d\d\.q?\d+(-\d\d\.q?\d+)?\b|\d\s*x\s*\d|\d+x\d+|\b[12]-D\b|\bq\d+(-q\d+)?\b",
                      "", text)
        parts = re.findall(r"(\d+)(?:-(\d+))?", text)
        out[m[1]] = (m[2], sum(int(a) for a, _ in parts), sum(int(b or a) for a, b in parts))
    return out


def test_each_lessons_time_is_the_sum_of_its_parts():
    timings = lesson_timings()
    assert len(timings) >= 12, "every notebook from 02 on lists its timings"
    for nn, (heading, low, high) in timings.items():
        first, last = _minutes(heading)
        assert first - 5 <= low and high <= last + 5, \
            f"{nn}: the heading says {heading}, its parts add up to {low}-{high} minutes"


# Commands written inline (`...`) in TEACHING.md's text: exercised by the test named here, or
# "not testable here" in the same paragraph (or table row).
INLINE_TESTED = {
    "make lab": "test_make_lab_prints_the_link_to_00",
    "make test": ".ci/run",
    "make html": "tests/test_html.py",
    "make grade": "tests/test_grade.py",
    "make lock": "tests/test_lock.py (the recipe; both locks regenerate byte for byte)",
    "git checkout -- data/": "tests/test_data.py (the message naming it)",
    "git merge -Xours": "test_a_students_edit_is_kept_and_a_fresh_copy_comes_back",
    "jupyter labextension list": "test_labextension_list_shows_the_widget_front_ends",
    "python -m tests.test_teaching --from-bench": "test_regenerating_from_a_new_bench",
}
COMMAND = re.compile(r"`((?:make|sudo|git|pip|python|jupyter|helm|docker|repo2docker|cd|uv)"
                     r"(?: [^`]*)?|\.venv[\\/][^`]*)`")


def test_every_inline_command_is_tested_or_marked_not_testable():
    text = re.sub(r"```.*?```", "", teaching(), flags=re.S)
    untested = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\|)", text):
        paragraph = " ".join(paragraph.split())
        for command in COMMAND.findall(paragraph):
            command = " ".join(command.split())
            if command in ("pip", "make", "sudo -E", "gitpuller") or "not testable here" in paragraph:
                continue
            if not any(command.startswith(prefix) for prefix in INLINE_TESTED):
                untested.append(command)
    assert not untested, f"inline commands neither tested nor marked 'not testable here': {untested}"


def test_labextension_list_shows_the_widget_front_ends():
    """Troubleshooting's check, read where `jupyter labextension list` reads it (that command
    takes about 20 s): both widget front ends are installed as prebuilt extensions in the
    environment and none is disabled."""
    from jupyter_core.paths import jupyter_config_path, jupyter_path

    found = {}
    for base in jupyter_path("labextensions"):
        for name in ("jupyter-matplotlib", "@jupyter-widgets/jupyterlab-manager"):
            package = Path(base) / name / "package.json"
            if package.is_file():
                found.setdefault(name, json.loads(package.read_text())["name"])
    assert found == {"jupyter-matplotlib": "jupyter-matplotlib",
                     "@jupyter-widgets/jupyterlab-manager": "@jupyter-widgets/jupyterlab-manager"}
    for base in jupyter_config_path():
        page_config = Path(base) / "labconfig" / "page_config.json"
        if page_config.is_file():
            disabled = json.loads(page_config.read_text()).get("disabledExtensions", {})
            assert not any(disabled.get(name) for name in found), page_config


def test_regenerating_from_a_new_bench(tmp_path, monkeypatch):
    """`python -m tests.test_teaching --from-bench` copies build/bench.json's hub entry into the
    source and rewrites the figures; a missing hub entry is refused."""
    import tests.test_teaching as me

    source, teaching_md, bench = (tmp_path / "bench-classroom.json", tmp_path / "TEACHING.md",
                                  tmp_path / "bench.json")
    shutil.copy(SOURCE, source)
    shutil.copy(TEACHING, teaching_md)
    monkeypatch.setattr(me, "SOURCE", source)
    monkeypatch.setattr(me, "TEACHING", teaching_md)
    monkeypatch.setattr(me, "BENCH", bench)
    monkeypatch.setattr(me, "ROOT", tmp_path)
    bench.write_text(json.dumps({"date": "2027-01-10"}))
    assert me.main(["--from-bench"]) == 1
    hub = dict(json.loads(SOURCE.read_text())["hub"], max_kernel_peak_rss_mb=150.0)
    bench.write_text(json.dumps({"date": "2027-01-10", "hub": hub}))
    assert me.main(["--from-bench"]) == 0
    rewritten = teaching_md.read_text()
    assert "| largest kernel (peak resident memory) | 150 MB" in rewritten
    assert "on 2027-01-10" in rewritten
    assert generated_blocks(rewritten) == render(json.loads(source.read_text()))
