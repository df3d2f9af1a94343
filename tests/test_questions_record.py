"""The question widget shows the line that records a clicked answer for grading.

A click is not saved with the notebook, so the grader cannot see it. Under the feedback, the
widget shows ``ask("01.q1", choice="b")`` (a list for several right options) to paste into the
cell; that line, run again, records the same choice as the click did.
"""

from __future__ import annotations

import html

import pytest

from mathlib.exercises import QUESTIONS, RESULTS, ask
from mathlib.exercises import questions as qmod


@pytest.fixture(autouse=True)
def _clean_results():
    saved = dict(RESULTS)
    RESULTS.clear()
    yield
    RESULTS.clear()
    RESULTS.update(saved)


def _one_right(several: bool):
    return next(q for q in sorted(QUESTIONS.values(), key=lambda q: q.id) if q.several is several)


def test_a_click_shows_the_line_that_records_it():
    q = _one_right(several=False)
    view = ask(q.id)
    assert view.record.value == "" and view.record_line() is None
    wrong = next(k for k in q.letters if k not in q.right_letters)
    view.buttons.value = wrong                                   # a click
    line = f'ask("{q.id}", choice="{wrong}")'
    assert view.record_line() == line
    assert html.escape(line) in view.record.value
    assert "not saved" in view.record.value and "user-select: all" in view.record.value
    view.buttons.value = q.right_letters[0]                      # another click: a new line
    assert view.record_line() == f'ask("{q.id}", choice="{q.right_letters[0]}")'
    assert html.escape(view.record_line()) in view.record.value


def test_the_pasted_line_records_the_same_result_as_the_click():
    for q in (_one_right(several=False), _one_right(several=True)):
        view = ask(q.id)
        if q.several:
            for k, box in zip(q.letters, view.boxes):
                box.value = k in q.right_letters
        else:
            view.buttons.value = q.right_letters[0]
        clicked = RESULTS[q.id]
        line = view.record_line()
        RESULTS.clear()
        pasted = eval(line, {"ask": ask})                         # what the student pastes
        assert RESULTS[q.id] == clicked and clicked.status == "pass"
        assert pasted.current_choice() == view.current_choice()
        assert "Recorded for grading" in pasted.record.value


def test_several_right_options_give_a_list_and_no_tick_gives_no_line():
    q = _one_right(several=True)
    view = ask(q.id)
    view.boxes[0].value = True
    view.boxes[-1].value = True
    assert view.record_line() == (f'ask("{q.id}", choice=["{q.letters[0]}", '
                                  f'"{q.letters[-1]}"])')
    view.boxes[0].value = view.boxes[-1].value = False
    assert view.record_line() is None and view.record.value == ""


def test_a_click_after_a_written_choice_asks_to_change_the_line():
    q = _one_right(several=False)
    first, second = q.letters[0], q.letters[1]
    view = ask(q.id, choice=first)
    assert "Recorded for grading" in view.record.value
    view.buttons.value = second
    assert "not saved" in view.record.value
    assert html.escape(f'ask("{q.id}", choice="{second}")') in view.record.value


def test_an_invalid_choice_gives_no_line():
    q = _one_right(several=False)
    view = ask(q.id, choice="z")
    assert view.record_line() is None and view.record.value == ""


def test_the_widget_keeps_four_parts_with_the_line_under_the_feedback():
    view = ask(_one_right(several=False).id)
    css, _prompt, _selector, answer = view.widget.children
    assert css.value == qmod._CSS
    assert list(answer.children) == [view.feedback, view.record]
    assert answer.layout.min_height == "1.6em"


# -- graded weeks: MATHLIB_HIDE_SOLUTIONS=1 -----------------------------------------------------------
def test_graded_weeks_record_the_choice_without_a_verdict(monkeypatch):
    monkeypatch.setenv("MATHLIB_HIDE_SOLUTIONS", "1")
    q = _one_right(several=False)
    wrong = next(k for k in q.letters if k not in q.right_letters)
    view = ask(q.id)
    view.buttons.value = wrong
    assert RESULTS[q.id].status == "fail", "the grade is still recorded"
    assert view.feedback.value == html.escape(qmod.HIDDEN_FEEDBACK, quote=False)
    assert "\u2718" not in view.feedback.value and "\u2714" not in view.feedback.value
    assert view.record_line() == f'ask("{q.id}", choice="{wrong}")'
    page = view.static_html()
    assert "<details>" not in page and "Right:" not in page
    assert "Your choice" in page and qmod.HIDDEN_FEEDBACK.split(";")[0] in page
    written = ask(q.id, choice=q.right_letters[0])
    assert RESULTS[q.id].status == "pass"
    assert "Right" not in written.feedback.value


def test_graded_weeks_still_name_an_invalid_choice(monkeypatch):
    monkeypatch.setenv("MATHLIB_HIDE_SOLUTIONS", "1")
    view = ask(_one_right(several=False).id, choice="z")
    assert "not" in view.feedback.value.lower()
    assert html.escape(qmod.HIDDEN_FEEDBACK, quote=False) not in view.feedback.value


@pytest.mark.parametrize("value, hidden", [("1", True), ("true", True), ("YES", True),
                                           ("0", False), ("", False), ("no", False)])
def test_the_switch_reads_like_solutions(monkeypatch, value, hidden):
    monkeypatch.setenv("MATHLIB_HIDE_SOLUTIONS", value)
    assert qmod.feedback_hidden() is hidden


def test_without_the_switch_the_answer_is_open(monkeypatch):
    monkeypatch.delenv("MATHLIB_HIDE_SOLUTIONS", raising=False)
    q = _one_right(several=False)
    view = ask(q.id)
    view.buttons.value = q.right_letters[0]
    assert view.feedback.value.startswith("\u2714")
    assert "<details>" in view.static_html()
