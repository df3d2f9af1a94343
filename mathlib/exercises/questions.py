"""Concept questions: multiple choice with an explanation for every option.

Content lives in ``questions_NN.py`` (one file per notebook)::

    question("01.q1", "What does `X + v` do when X is (150, 4) and v is (150,)?",
             options=[("It adds v[i] to row i.", False, "Shapes line up from the right ..."),
                      ("It raises an error.", True, "Right: 4 meets 150 ...")])

In a notebook cell, ``ask("01.q1")`` shows the question with one button per option (a checkbox
per option when ``several=True``); picking one shows its explanation at once, marked with a word
and a symbol (never colour alone), and records the result in ``RESULTS`` for grading.
``ask("01.q1", choice="b")`` records that choice and shows it preselected; for a question
with several right options pass a list, ``choice=["a", "c"]`` (or the string "a,c"). Without a
live kernel (an exported HTML page) the question is static HTML with the answer in a collapsed
``<details>``; after an invalid choice (no such letter) it shows no explanation at all.

A click is not saved in the notebook file, so the grader cannot see it: under the feedback, the
widget shows the line that records the clicked answer, ``ask("01.q1", choice="b")``, selected
with one click, to paste over the cell's ``ask("01.q1")`` (:meth:`QuestionView.record_line`).

Graded weeks: with the environment variable ``MATHLIB_HIDE_SOLUTIONS=1`` (as for ``solution()``),
a click or a written choice is still recorded in ``RESULTS`` and still shows the line to paste,
but the widget says neither right nor wrong and explains nothing, and the static HTML has no
answer.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

import ipywidgets as widgets

from ._core import FAIL, MARKS, NOT_ATTEMPTED, PASS, Result, RESULTS

__all__ = ["Option", "Question", "QUESTIONS", "question", "ask", "evaluate_question",
           "QuestionView"]

_ID = re.compile(r"\d\d\.q\d+")
HIDDEN_FEEDBACK = ("Whether this choice is right is not shown during graded work "
                   "(MATHLIB_HIDE_SOLUTIONS); ask your teacher afterwards.")


def feedback_hidden() -> bool:
    """True in graded weeks: the environment variable MATHLIB_HIDE_SOLUTIONS is 1 (or true/yes),
    the same switch that hides solution() and reference()."""
    return os.environ.get("MATHLIB_HIDE_SOLUTIONS", "").strip().lower() in ("1", "true", "yes")
LETTERS = "abcdefghij"


@dataclass(frozen=True)
class Option:
    text: str
    right: bool
    explanation: str


@dataclass(frozen=True)
class Question:
    """A prompt, its options (each right or not, each explained) and whether several are right."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    several: bool = False

    @property
    def letters(self) -> list[str]:
        return list(LETTERS[:len(self.options)])

    @property
    def right_letters(self) -> list[str]:
        return [k for k, o in zip(self.letters, self.options) if o.right]

    def option(self, letter: str) -> Option:
        return self.options[LETTERS.index(letter)]


QUESTIONS: dict[str, Question] = {}


def question(id: str, prompt: str, *, options, several: bool = False) -> Question:
    """Register a question ``id`` ("NN.qK"): ``options`` is a list of (text, right, explanation).

    Exactly one option is right unless ``several=True`` (then at least one); every option needs
    a text and an explanation. Raises ValueError for anything else, naming the question.
    """
    where = f"question {id!r}"
    if not isinstance(id, str) or not _ID.fullmatch(id):
        raise ValueError(f"{where}: an id looks like '01.q1' (notebook, then q and a number)")
    if id in QUESTIONS:
        raise ValueError(f"{where} is registered twice")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError(f"{where}: the prompt is empty")
    parsed = []
    for i, entry in enumerate(options):
        if not (isinstance(entry, (tuple, list)) and len(entry) == 3):
            raise ValueError(f"{where}: option {i} should be (text, right, explanation), "
                             f"got {entry!r:.60}")
        text, right, explanation = entry
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: option {i} has no text")
        if not isinstance(right, bool):
            raise ValueError(f"{where}: option {i} should say True or False for right, "
                             f"got {right!r}")
        if not isinstance(explanation, str) or not explanation.strip():
            raise ValueError(f"{where}: option {i} ({text[:40]!r}) has no explanation; every "
                             "option, right or wrong, is explained")
        parsed.append(Option(text, right, explanation))
    if not 2 <= len(parsed) <= len(LETTERS):
        raise ValueError(f"{where}: needs 2 to {len(LETTERS)} options, got {len(parsed)}")
    n_right = sum(o.right for o in parsed)
    if several and n_right < 1:
        raise ValueError(f"{where}: several=True, but no option is right")
    if not several and n_right != 1:
        raise ValueError(f"{where}: exactly one option should be right (or pass several=True), "
                         f"got {n_right}")
    q = Question(id, prompt, tuple(parsed), bool(several))
    QUESTIONS[id] = q
    return q


def _get(id: str) -> Question:
    if id not in QUESTIONS:
        raise ValueError(f"no question {id!r}; the questions are {', '.join(sorted(QUESTIONS))}")
    return QUESTIONS[id]


def _chosen(q: Question, choice) -> tuple[list[str], str | None]:
    """The chosen letters, and what is wrong with the choice itself (or None)."""
    items = [choice] if isinstance(choice, str) else choice
    if isinstance(choice, str) and re.fullmatch(r"\s*\w\)?(\s*[,\s]\s*\w\)?)+\s*", choice):
        items = re.split(r"[,\s]+", choice.strip())       # "b,c" or "b c": several letters
    if not isinstance(items, (list, tuple, set)) or not all(isinstance(c, str) for c in items):
        return [], f"a choice is a letter like \"a\" (or a list of letters), not {choice!r:.40}"
    letters = sorted({c.strip().lower().rstrip(")") for c in items})
    bad = [c for c in letters if c not in q.letters]
    if bad:
        return letters, (f"there is no option {bad[0]!r} in question {q.id}; the options are "
                         f"{', '.join(q.letters)}")
    if len(letters) > 1 and not q.several:
        return letters, f"question {q.id} has one right option; choose one letter"
    return letters, None


def _explained(q: Question, letters) -> list[str]:
    return [f"{MARKS[PASS] if q.option(k).right else MARKS[FAIL]} {k}) "
            f"{'right' if q.option(k).right else 'not right'}: {q.option(k).explanation}"
            for k in letters]


def evaluate_question(id: str, choice) -> Result:
    """Judge ``choice`` (a letter, or a list of letters for several) for question ``id``."""
    q = _get(id)
    if choice is None or (not isinstance(choice, str) and isinstance(choice, (list, tuple, set))
                          and len(choice) == 0):
        example = '["a", "b"]' if q.several else '"a"'
        return Result(NOT_ATTEMPTED, f"Question {id} is not answered yet: pick an option, or "
                                     f"write ask(\"{id}\", choice={example}).", id)
    letters, problem = _chosen(q, choice)
    if problem:
        return Result(FAIL, f"Not yet: {problem}.", id)
    lines = _explained(q, letters)
    if letters == q.right_letters:
        return Result(PASS, "\n".join(["Right!"] + lines), id)
    missing = [k for k in q.right_letters if k not in letters]
    if q.several and missing and all(q.option(k).right for k in letters):
        lines.append(f"{len(missing)} more option(s) are right too: which?")
    return Result(FAIL, "\n".join(["Not quite."] + lines), id)


def _inline(text: str) -> str:
    """A line of the course's Markdown as HTML: escaped, with `code` and **bold**."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)


def _without_markdown(text: str) -> str:
    return text.replace("`", "").replace("**", "")


_CSS = ("<style>.mathlib-question .widget-toggle-button, .mathlib-question .widget-checkbox "
        "label {white-space: normal; height: auto; text-align: left; min-height: 2em}"
        ".mathlib-question .widget-toggle-buttons .widget-toggle-button {width: 100%}"
        ".mathlib-question .widget-toggle-buttons {flex-direction: column; align-items: stretch}"
        "</style>")


class QuestionView:
    """A question on screen: a live widget in a kernel, static HTML elsewhere."""

    def __init__(self, q: Question, choice=None):
        self.question = q
        self.feedback = widgets.HTMLMath(layout={"min_height": "1.6em"})
        labels = [f"{k}) {_without_markdown(o.text)}" for k, o in zip(q.letters, q.options)]
        if q.several:
            self.boxes = [widgets.Checkbox(value=False, description=label, indent=False,
                                           layout={"width": "auto"}) for label in labels]
            for box in self.boxes:
                box.observe(self._changed, "value")
            selector = widgets.VBox(self.boxes)
        else:
            self.buttons = widgets.ToggleButtons(
                options=list(zip(labels, q.letters)), value=None, tooltips=labels,
                style={"button_width": "auto"})
            self.buttons.observe(self._changed, "value")
            selector = self.buttons
        prompt = widgets.HTMLMath(f"<p><b>Question {q.id}.</b> {_inline(q.prompt)}"
                                  + (" <i>(Several options are right: tick every one.)</i>"
                                     if q.several else "") + "</p>")
        # Under the feedback: the line that records the clicked choice in the saved notebook.
        self.record = widgets.HTML()
        self.record.add_class("mathlib-question-record")
        answer = widgets.VBox([self.feedback, self.record], layout={"min_height": "1.6em"})
        self.widget = widgets.VBox([widgets.HTML(_CSS), prompt, selector, answer])
        self.widget.add_class("mathlib-question")
        self.result = evaluate_question(q.id, None)
        self.invalid = False                    # the last choice was no valid letter(s)
        RESULTS.setdefault(q.id, self.result)   # a click earlier in this kernel still counts
        self.given = None                       # the choice written in the cell (ask(..., choice=))
        if choice is not None:
            self.choose(choice)
            self.given = self.current_choice()
            self._show_record_line()

    def record_line(self, choice=None) -> str | None:
        """The code that records ``choice`` (default: the current one) for grading, e.g.
        ``ask("01.q1", choice="b")`` or ``ask("08.q4", choice=["a", "c"])``; None when nothing
        (valid) is chosen."""
        choice = self.current_choice() if choice is None else choice
        letters, problem = _chosen(self.question, choice)
        if problem is not None or not letters:
            return None
        written = (("[" + ", ".join(f'"{k}"' for k in letters) + "]") if self.question.several
                   else f'"{letters[0]}"')
        return f'ask("{self.question.id}", choice={written})'

    def _show_record_line(self) -> None:
        line = self.record_line()
        if line is None:
            self.record.value = ""
        elif self.given is not None and self.given == self.current_choice():
            self.record.value = (f"<p>Recorded for grading in this cell: "
                                 f"<code>{html.escape(line)}</code></p>")
        else:
            self.record.value = (
                "<p>A click is not saved with the notebook. To hand this answer in, make the "
                "<code>ask</code> line of this cell read (one click selects it): "
                f'<code style="user-select: all">{html.escape(line)}</code></p>')

    def choose(self, choice) -> Result:
        """Select ``choice`` as a click would: record its result and show its feedback."""
        letters, problem = _chosen(self.question, choice)
        if problem is None and self.question.several:
            for k, box in zip(self.question.letters, self.boxes):
                box.unobserve(self._changed, "value")
                box.value = k in letters
                box.observe(self._changed, "value")
        elif problem is None and letters:
            self.buttons.unobserve(self._changed, "value")
            self.buttons.value = letters[0]
            self.buttons.observe(self._changed, "value")
        return self._record(choice)

    def current_choice(self):
        if self.question.several:
            return [k for k, box in zip(self.question.letters, self.boxes) if box.value]
        return self.buttons.value

    def _changed(self, _change) -> None:
        self._record(self.current_choice())
        self._show_record_line()

    def _record(self, choice) -> Result:
        self.result = evaluate_question(self.question.id, choice)
        self.invalid = (self.result.status == FAIL
                        and _chosen(self.question, choice)[1] is not None)
        RESULTS[self.question.id] = self.result
        if feedback_hidden() and not self.invalid and self.result.status != NOT_ATTEMPTED:
            self.feedback.value = _inline(HIDDEN_FEEDBACK)
            return self.result
        self.feedback.value = "<br>".join(
            _inline(line) for line in
            [f"{MARKS[self.result.status]} " + self.result.message.split("\n")[0],
             *self.result.message.split("\n")[1:]])
        return self.result

    # -- display ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        q = self.question
        lines = [f"Question {q.id}: {_without_markdown(q.prompt)}"]
        lines += [f"  {k}) {_without_markdown(o.text)}" for k, o in zip(q.letters, q.options)]
        lines.append(f"(several options are right: answer with ask(\"{q.id}\", "
                     f"choice=[\"a\", \"b\"]), a list of letters)" if q.several else
                     f"(answer with ask(\"{q.id}\", choice=\"a\"))")
        return "\n".join(lines)

    def static_html(self) -> str:
        """The question for a page without a kernel: answer and explanations collapsed."""
        q = self.question
        options = "".join(f"<li><b>{k})</b> {_inline(o.text)}</li>"
                          for k, o in zip(q.letters, q.options))
        explained = "".join(f"<li>{_inline(line)}</li>" for line in _explained(q, q.letters))
        chosen = ""
        if self.result.status != NOT_ATTEMPTED:
            first = self.result.message.split("\n")[0]
            chosen = (f"<p>Your choice: {_inline(', '.join(_chosen(q, self.current_choice())[0]))}"
                      f" {MARKS[self.result.status]} {_inline(first)}</p>")
        several = " <i>(Several options are right.)</i>" if q.several else ""
        answer = (f"<details><summary>Answer and explanations</summary>"
                  f"<p>Right: {', '.join(q.right_letters)}</p><ul>{explained}</ul></details>")
        if self.invalid:
            answer = ""                          # an invalid choice reveals no explanation
        if feedback_hidden():                    # graded work: the choice, no verdict, no answer
            answer = ""
            if chosen:
                chosen = (f"<p>Your choice: "
                          f"{_inline(', '.join(_chosen(q, self.current_choice())[0]))} "
                          f"({_inline(HIDDEN_FEEDBACK)})</p>")
        return (f'<div class="mathlib-question"><p><b>Question {q.id}.</b> {_inline(q.prompt)}'
                f'{several}</p><ul style="list-style: none">{options}</ul>{chosen}'
                f"{answer}</div>")

    def _repr_mimebundle_(self, **kwargs):
        # The live widget for JupyterLab and Voila; static HTML for pages without a kernel.
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = repr(self)
        return bundle


def ask(id: str, choice=None) -> QuestionView:
    """Show question ``id``; with ``choice`` ("b", or ["a", "c"]) record that answer for grading."""
    return QuestionView(_get(id), choice)
