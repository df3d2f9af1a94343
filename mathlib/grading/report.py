"""What leaves the grader: rows, the CSV (atomic, inert in a spreadsheet), summary, feedback."""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CSV_COLUMNS = ("file", "exercise id", "kind", "status", "message", "flags", "sandbox")
KNOWN = ("pass", "fail", "not attempted", "missing", "empty")
KNOWN_PREFIXES = ("error: ", "timeout after ", "memory limit (", "not run: ")


def clean(text) -> str:
    """Control and format characters (ANSI escapes, CR, LF, bidi overrides) removed."""
    text = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", str(text))
    return "".join(" " if ch in "\t\n\r" else ch for ch in text
                   if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def inert(text: str) -> str:
    """A spreadsheet cell that is never a formula: = + - @ at the start get a leading '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def known_status(status: str) -> str:
    status = clean(status)
    if status in KNOWN or status.startswith(KNOWN_PREFIXES):
        return status
    return "error: unknown status"


def shorten(text: str, width: int = 70) -> str:
    """One line, hints dropped, at most ``width`` characters."""
    lines = [ln.strip() for ln in str(text).splitlines()]
    lines = [ln for ln in lines if ln and not ln.lower().startswith(("hint", "stuck?"))]
    line = " ".join(clean(" ".join(lines)).split())
    return line if len(line) <= width else line[:width - 3].rstrip() + "..."


@dataclass
class Row:
    """One line of grades.csv; ``attempted`` counts for the summary, it is not written."""

    file: str
    id: str
    kind: str       # "exercise", "question" or "notebook"
    status: str
    message: str
    attempted: bool = False
    flags: str = ""
    sandbox: str = "sealed"
    full_message: str = ""

    def as_csv(self) -> list[str]:
        return [inert(shorten(x, w)) for x, w in (
            (self.file, 300), (self.id, 20), (self.kind, 20), (known_status(self.status), 120),
            (self.message, 200), (self.flags, 500), (self.sandbox, 20))]


def id_order(id: str):
    """Natural order: 00.2 before 00.10, exercises before questions."""
    number, _, rest = id.partition(".")
    is_question = rest.startswith("q")
    digits = rest[1:] if is_question else rest
    return (number, is_question, int(digits) if digits.isdigit() else math.inf, id)


def atomic_write(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(rows: list[Row], path: Path) -> None:
    """grades.csv, written to a temporary file and renamed: never half written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(row.as_csv() for row in rows)
    atomic_write(path, buffer.getvalue())


def feedback_text(file: str, rows: list[Row]) -> str:
    """One student's feedback (Markdown): each exercise and question, status and message."""
    lines = [f"# Feedback on {clean(file)}", ""]
    graded = [r for r in rows if r.kind in ("exercise", "question")]
    for kind, title in (("exercise", "Exercises"), ("question", "Concept questions")):
        mine = [r for r in graded if r.kind == kind]
        if not mine:
            continue
        passed = sum(r.status == "pass" for r in mine)
        lines += [f"## {title}: {passed} of {len(mine)} passed", ""]
        for r in mine:
            message = clean(r.full_message or r.message).strip()
            lines.append(f"- **{r.id}**: {known_status(r.status)}" + (f". {message}" if message
                                                                        else ""))
        lines.append("")
    problems = [r for r in rows if r.kind == "notebook"]
    if problems:
        lines += ["## About the notebook", ""]
        lines += [f"- {known_status(r.status)}" + (f": {clean(r.message)}" if r.message else "")
                  for r in problems]
        lines.append("")
    return "\n".join(lines)


def feedback_path(folder: Path, file: str) -> Path:
    """feedback/<the submission's path, .ipynb -> .md>; nothing outside ``folder``."""
    parts = [re.sub(r"[^\w.() -]", "_", clean(p)).strip(" .") or "_" for p in file.split("/")]
    name = parts[-1]
    parts[-1] = (name[:-6] if name.endswith(".ipynb") else name) + ".md"
    return Path(folder).joinpath(*parts)


def _table(header: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join(line.rstrip() for line in
                     [fmt.format(*header), rule, *(fmt.format(*map(str, ln)) for ln in lines)])


def summary(rows: list[Row]) -> str:
    """Per student (exercises and questions as separate totals, flags) and per exercise."""
    files = list(dict.fromkeys(r.file for r in rows))
    students = []
    for file in files:
        mine = [r for r in rows if r.file == file]
        exercises = [r for r in mine if r.kind == "exercise"]
        questions = [r for r in mine if r.kind == "question"]
        problems = list(dict.fromkeys(known_status(r.status) for r in mine
                                      if r.kind == "notebook"))
        note = problems[0] if problems else ""
        if len(problems) > 1:
            note += f" (+{len(problems) - 1} more)"
        n_flags = len({f for r in mine for f in (r.flags.split("; ") if r.flags else [])})
        students.append([shorten(file, 60), sum(r.status == "pass" for r in exercises),
                         sum(r.attempted for r in exercises), len(exercises),
                         f"{sum(r.status == 'pass' for r in questions)}/{len(questions)}",
                         n_flags or "", mine[0].sandbox if mine else "", shorten(note, 50)])
    per_id = []
    ids = sorted({r.id for r in rows if r.kind in ("exercise", "question")}, key=id_order)
    for id in ids:
        mine = [r for r in rows if r.id == id]
        # Failures that differ only in numbers (random test cases) count as one.
        fails = Counter(re.sub(r"\d+(?:\.\d+)?", "#", shorten(r.message, 500))
                        for r in mine if r.status == "fail")
        count = Counter("error" if not r.status.startswith(("pass", "fail", "not attempted",
                                                            "missing")) else r.status
                        for r in mine)
        common = ""
        if fails:
            key, n = fails.most_common(1)[0]
            example = next(r.message for r in mine if r.status == "fail"
                           and re.sub(r"\d+(?:\.\d+)?", "#", shorten(r.message, 500)) == key)
            example = re.sub(r"^not yet:\s*", "", example, flags=re.IGNORECASE)
            common = f"{shorten(example, 70)} ({n}x)"
        per_id.append([id, mine[0].kind, f"{count['pass']}/{len(mine)}", count["fail"],
                       count["not attempted"], count["missing"], count["error"],
                       sum(bool(r.flags) for r in mine if r.status == "pass"), common])
    flagged: dict[str, list[str]] = {}
    for r in rows:
        for item in (r.flags.split("; ") if r.flags else []):
            if item not in flagged.setdefault(r.file, []):
                flagged[r.file].append(item)
    lines = [_table(["file", "exercises passed", "attempted", "of", "questions", "flags",
                     "sandbox", "problems"], students), "",
             _table(["id", "kind", "passed", "failed", "not attempted", "missing", "error",
                     "flagged passes", "most common failure"], per_id)]
    if flagged:
        lines += ["", "Flags (what honest work never does; a teacher decides what it means):"]
        for file, items in flagged.items():
            lines.append(f"  {shorten(file, 60)}: {shorten('; '.join(items), 400)}")
    return "\n".join(lines)
