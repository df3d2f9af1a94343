"""Every exercise: its reference solution passes, its wrong answers fail, a blank is 'not attempted'."""

import pytest

from mathlib.exercises import REGISTRY, check, hint, solution

EXERCISES = sorted(REGISTRY)


def test_every_notebook_with_exercises_is_registered():
    assert {"00.1", "00.2", "00.3"} <= set(EXERCISES)


@pytest.mark.parametrize("id", EXERCISES)
def test_reference_solution_passes(id):
    ex = REGISTRY[id]
    result = ex.evaluate(ex.solution())
    assert result.passed, result.message


@pytest.mark.parametrize("id", EXERCISES)
def test_wrong_answers_fail_with_a_reason_and_hint(id):
    ex = REGISTRY[id]
    assert ex.wrong, f"exercise {id} has no wrong answer to test its checker"
    for wrong in ex.wrong:
        result = ex.evaluate(wrong)
        assert result.status == "fail", f"{id} accepted the wrong answer {wrong!r}"
        assert "Hint:" in result.message


@pytest.mark.parametrize("id", EXERCISES)
@pytest.mark.parametrize("blank", [..., None])
def test_blank_is_not_attempted(id, blank):
    assert REGISTRY[id].evaluate(blank).status == "not attempted"


def test_function_still_returning_none_is_not_attempted():
    def predict(w, b, x):
        ...
    assert REGISTRY["00.1"].evaluate(predict).status == "not attempted"


def test_learner_code_that_raises_is_reported_not_raised(capsys):
    def predict(w, b, x):
        return w * undefined_name  # noqa: F821
    check("00.1", predict)
    out = capsys.readouterr().out
    assert "NameError" in out and "Hint:" in out


def test_printed_feedback(capsys):
    check("00.3", ...)
    hint("00.3")
    solution("00.1")
    out = capsys.readouterr().out
    assert "not attempted yet" in out
    assert "Hint for 00.3" in out
    assert "def predict(w, b, x):" in out
    with pytest.raises(ValueError, match="no exercise '99.9'"):
        check("99.9", 1)
