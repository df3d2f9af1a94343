"""Mutation testing of one mathlib module with mutmut, in a scratch copy of the repository.

    .venv/bin/python tools/mutate.py linalg tests/test_linalg.py [more test files]
    make mutate MODULE=linalg TESTS=tests/test_linalg.py

mutmut changes the module one small edit at a time (a ``<`` becomes ``<=``, a ``+ 1`` becomes
``+ 2``, ...) and runs the given tests against each change: a mutant that no test notices
("survived") is behaviour no test pins down. The run happens in a copy under build/mutants/ so
that several modules can be mutated at once and the working tree is never touched. Prints the
killed/survived counts and the surviving mutants' diffs; the goal is 95% killed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(module: str, tests: list[str]) -> int:
    work = ROOT / "build" / "mutants" / module.replace("/", "_")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "mathlib", work / "mathlib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(ROOT / "tools", work / "tools",      # tests use its checks (kernel_code, ...)
                    ignore=shutil.ignore_patterns("__pycache__"))
    (work / "tests").mkdir()
    for name in ["__init__.py", "conftest.py", *[Path(t).name for t in tests]]:
        shutil.copy(ROOT / "tests" / name, work / "tests" / name)
    target = f"mathlib/{module}.py" if not module.endswith(".py") else f"mathlib/{module}"
    if not (work / target).is_file():
        print(f"mutate: no module {target}", file=sys.stderr)
        return 2
    selection = ", ".join(f'"tests/{Path(t).name}"' for t in tests)
    (work / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["mathlib"]\n'
        'also_copy = ["data", "tools"]\n'   # mathlib.data reads ../data; tests import tools
        f'only_mutate = ["{target}"]\n'
        f"pytest_add_cli_args_test_selection = [{selection}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
        "use_git_change_detection = false\n"
        "\n[tool.pytest.ini_options]\n"
        'filterwarnings = ["error::RuntimeWarning"]\n')
    mutmut = str(Path(sys.executable).parent / "mutmut")
    run = subprocess.run([mutmut, "run", "--max-children", "2"], cwd=work,
                         capture_output=True, text=True)
    if run.returncode != 0:
        # typically the tests failing on the unmutated module: no mutant could be judged
        print(f"mutate: mutmut run failed (exit {run.returncode}); its last lines:\n"
              + "\n".join((run.stdout + run.stderr).splitlines()[-25:]), file=sys.stderr)
        return 1
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=work,
                         capture_output=True, text=True).stdout
    statuses = re.findall(r"^\s*(\S+): (\w[\w ]*)$", out, flags=re.M)
    counts: dict[str, int] = {}
    for _name, status in statuses:
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    killed = counts.get("killed", 0)
    print(f"{target}: {total} mutants, " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if total:
        print(f"killed {100 * killed / total:.1f}% (goal 95%)")
    for name, status in statuses:
        if status != "killed":
            diff = subprocess.run([mutmut, "show", name], cwd=work, capture_output=True,
                                  text=True).stdout
            print(f"\n--- {name} ({status})\n{diff}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
