"""The exercise machinery: every registered exercise judged against a battery of bad answers and
its own wrong and right-but-different answers; what a learner reads; check, hints and solutions;
registering exercises; the words of _feedback. Each notebook's own checkers are tested in
tests/test_exercises_NN.py."""

import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest

import mathlib.exercises as exercises_package
from mathlib.exercises import (REGISTRY, RESULTS, Result, check, evaluate, exercise, hint,
                               reference, solution)
from mathlib.exercises import _core
from mathlib.exercises._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close,
                                         describe_value, fmt, fmt_list, fmt_pair, tolerance)

from .exercise_helpers import (FAIL, NA, PASS, assert_speaks_to_learner,  # noqa: F401
                               fail_message, no_checker_defects)

EXERCISES = sorted(REGISTRY)
FUNCTIONS = [i for i in EXERCISES if REGISTRY[i].is_function]
WORD_ANSWERS = {"09.1"}   # exercises whose answer is a word ("minimum"), not numbers
INTEGER_ANSWERS = {"10.5"}   # exercises whose answer is whole numbers: floats fail by design


# -- the message check every test uses ------------------------------------------------------------
@pytest.mark.parametrize("message, speaks", [
    ("your function called mathlib.stats.median, which computes the median for you", True),
    ("your function called mathlib.calculus.derivative, which approximates the derivative "
     "numerically (this exercise asks for the exact formula)", True),
    ("your function called mathlib.linalg.norm.", True),
    ("see mathlib/exercises/_core.py, line 3", False),
    ("your function called mathlib.exercises._core.evaluate", False),
    ("your function called mathlib.exercises.check", False),
    ("your function called mathlib.stats._center", False),
    ("your function called mathlib.stats.no_such_function", False),
    ("mathlib raised an error", False),
    ("the checker crashed", False),
    ("LearnerFunction failed", False)])
def test_the_shared_message_check_allows_public_mathlib_names_only(message, speaks):
    if speaks:
        assert_speaks_to_learner(Result("fail", message))
    else:
        with pytest.raises(AssertionError):
            assert_speaks_to_learner(Result("fail", message))


# -- the generic battery: every registered exercise -----------------------------------------------
def _blank(*args):
    ...  # your code here


def _blank_with_docstring(*args):
    """Your code here."""
    # a comment
    pass


def _missing_return(*args):
    total = sum(np.size(a) for a in args)  # computes, but returns nothing  # noqa: F841


def _raises(*args):
    return 1 / 0


BATTERY = [  # name, answer, status for a function exercise, status for a value exercise
    ("None", None, NA, NA),
    ("ellipsis", ..., NA, NA),
    ("blank template", _blank, NA, FAIL),
    ("blank with docstring", _blank_with_docstring, NA, FAIL),
    ("missing return", _missing_return, FAIL, FAIL),
    ("string", "0.3", FAIL, FAIL),
    ("dict", {"w": 0.46, "b": -0.51}, FAIL, FAIL),
    ("nan", float("nan"), FAIL, FAIL),
    ("array of nan", np.full(4, np.nan), FAIL, FAIL),
    ("raises", _raises, FAIL, FAIL),
    ("returns nan", lambda *a: np.nan, FAIL, FAIL),
    ("returns text", lambda *a: "0.5", FAIL, FAIL),
    ("returns a dict", lambda *a: {"loss": 0.5}, FAIL, FAIL),
    ("returns True", lambda *a: True, FAIL, FAIL),
    ("returns nan like the input", lambda *a: np.full(np.shape(a[0]), np.nan), FAIL, FAIL),
    ("returns its input", lambda *a: a[0], FAIL, FAIL),
]


@pytest.mark.parametrize("id", EXERCISES)
@pytest.mark.parametrize("name,answer,if_function,if_value", BATTERY, ids=[b[0] for b in BATTERY])
def test_battery_of_bad_answers(id, name, answer, if_function, if_value):
    ex = REGISTRY[id]
    result = evaluate(id, answer)
    assert result.status == (if_function if ex.is_function else if_value), result.message
    assert result.id == id
    assert_speaks_to_learner(result)
    if result.status == FAIL:
        assert f'hint("{id}")' in result.message
        assert not any(h in result.message for h in ex.hints)   # the hint is not given away
    if ex.is_function and name == "missing return":
        assert "your function returned None: did you forget `return`?" in result.message
    if ex.is_function and name == "raises":
        assert "ZeroDivisionError: division by zero" in result.message
        assert "of _raises: return 1 / 0" in result.message     # the learner's own line


@pytest.mark.parametrize("id", FUNCTIONS)
def test_hard_coded_and_nearly_right_results_fail(id):
    ref = reference(id)
    memo = []

    def hard_coded(*args):        # the right result of the first case, whatever is asked
        if not memo:
            memo.append(ref(*args))
        return memo[0]

    def nearly(*args):
        return np.asarray(ref(*args), dtype=float) * 1.001 + 0.001

    for answer in (hard_coded, nearly):
        result = evaluate(id, answer)
        assert result.status == FAIL
        assert_speaks_to_learner(result)


@pytest.mark.parametrize("id", FUNCTIONS)
def test_reference_result_as_float32_or_list_passes(id):
    if id in WORD_ANSWERS:
        pytest.skip(f"{id}'s answer is a word, which has no float32 or list form")
    ref = reference(id)
    forms = [lambda *a: np.asarray(ref(*a)).tolist()]
    if id not in INTEGER_ANSWERS:
        forms.append(lambda *a: np.asarray(ref(*a)).astype(np.float32))
    for answer in forms:
        assert evaluate(id, answer).status == PASS


@pytest.mark.parametrize("id", FUNCTIONS)
def test_every_function_exercise_rejects_changed_inputs(id):
    """Every function exercise: a right result computed by spoiling the caller's arrays fails."""
    ref = reference(id)

    arrays_seen = []

    def in_place(*args):          # spoils its inputs after computing the right result
        out = ref(*args)
        out = out.copy() if isinstance(out, np.ndarray) else out
        for a in args:
            if isinstance(a, np.ndarray) and a.size:
                arrays_seen.append(a.shape)
                a[...] = 0
        return out
    result = evaluate(id, in_place)
    if not arrays_seen:
        pytest.skip(f"{id} passes no arrays to the learner's function")
    assert result.status == FAIL, f"{id}: a function that zeroes its input arrays passed"
    assert "your function changed its input" in result.message, result.message


# An exercise's plausible wrong answers are judged once here and the verdicts kept, for the two
# tests that read them: test_plausible_wrong_answers_fail reads every verdict, and
# test_the_same_answer_gets_the_same_message judges the first three again and compares (two
# separate evaluations, as before, without a third one for the other test).
_WRONG_VERDICTS: dict = {}


def _wrong_verdict(id, k):
    key = (id, k)
    if key not in _WRONG_VERDICTS:
        _WRONG_VERDICTS[key] = evaluate(id, REGISTRY[id].wrong[k])
    return _WRONG_VERDICTS[key]


@pytest.mark.parametrize("id", EXERCISES)
def test_the_same_answer_gets_the_same_message(id):
    for k, answer in enumerate(REGISTRY[id].wrong[:3]):
        assert evaluate(id, answer) == _wrong_verdict(id, k)


# -- each exercise's own answers: reference, wrong, right -----------------------------------------
@pytest.mark.parametrize("id", EXERCISES)
def test_reference_solution_passes(id):
    result = evaluate(id, reference(id))
    assert result.status == PASS, result.message
    assert result.id == id
    assert result.message == f"Correct! Exercise {id} ({REGISTRY[id].title}) is done."


@pytest.mark.parametrize("id", EXERCISES)
def test_plausible_wrong_answers_fail(id):
    ex = REGISTRY[id]
    assert len(ex.wrong) >= 5, f"exercise {id} needs more plausible wrong answers"
    for k, answer in enumerate(ex.wrong):
        result = _wrong_verdict(id, k)
        assert result.status == FAIL, f"{id} accepted the wrong answer {answer!r}"
        assert_speaks_to_learner(result)
        assert result.message.startswith("Not yet: ")


@pytest.mark.parametrize("id", EXERCISES)
def test_right_but_different_answers_pass(id):
    ex = REGISTRY[id]
    assert len(ex.right) >= 3, f"exercise {id} needs right-but-different answers"
    for answer in ex.right:
        result = evaluate(id, answer)
        assert result.status == PASS, f"{id}: {result.message}"


# -- what a learner reads -------------------------------------------------------------------------
def test_forgetting_the_mean_is_described_not_a_numpy_error():
    result = evaluate("00.2", lambda y_hat, y: (y_hat - y) ** 2)
    assert "you returned an array of shape (4,); the loss is one number" in result.message


def test_a_computed_function_without_return_fails():
    def mean_squared_error(y_hat, y):
        loss = np.mean((y_hat - y) ** 2)  # noqa: F841
    result = evaluate("00.2", mean_squared_error)
    assert result.status == FAIL
    assert "did you forget `return`?" in result.message
    assert "mean_squared_error(<array of shape (4,)>, <array of shape (4,)>)" in result.message


def test_explicit_return_none_is_written_not_blank():
    def predict(w, b, x):
        return None
    assert evaluate("00.1", predict).status == FAIL
    assert evaluate("00.1", lambda w, b, x: None).status == FAIL
    assert not _core.is_blank_template(predict)


def test_blank_template_detection():
    def blank(x):
        """Docstring."""
        ...
        ...

    def written(x):
        x = 1  # noqa: F841
    namespace = {}
    exec("def no_source(x):\n    pass\n", namespace)
    assert _core.is_blank_template(blank)
    assert _core.is_blank_template(namespace["no_source"])   # no source: the code object decides
    assert not _core.is_blank_template(written)
    assert not _core.is_blank_template(lambda x: None)
    assert not _core.is_blank_template(np.mean)               # no code object of its own
    assert not _core.is_blank_template(len)


def test_learner_errors_point_at_their_line_not_numpy_or_mathlib():
    from mathlib.tensors import add

    def flatten_images(images):
        n = images.shape[0]
        return np.reshape(images, (n + 1, 64))
    result = evaluate("01.2", flatten_images)
    assert "your function raised ValueError: cannot reshape" in result.message
    assert "of flatten_images: return np.reshape(images, (n + 1, 64))" in result.message

    def centre(X):
        return add(X, -X.mean(axis=1))
    result = evaluate("01.3", centre)
    assert "of centre: return add(X, -X.mean(axis=1))" in result.message
    assert "when called as centre(<array of shape (150, 4)>)" in result.message
    assert_speaks_to_learner(result)

    def mean_squared_error(y_hat, y):
        import statistics
        return statistics.mean([])
    result = evaluate("00.2", mean_squared_error)
    assert "StatisticsError" in result.message
    assert "of mean_squared_error: return statistics.mean([])" in result.message


def test_a_function_where_a_value_is_asked_and_the_other_way_round():
    result = evaluate("01.1", lambda: (32, 28, 28, 3))
    assert "batch_shape should be a value, batch_shape = ...; yours is a function" in result.message
    result = evaluate("00.1", 2.0)
    assert "predict should be a function, def predict(...):; yours is the number 2" in \
        result.message


def test_messages_for_wrong_answers_say_what_is_wrong():
    cases = [
        ("00.1", lambda w, b, x: w * x, "The bias b is not added."),
        ("00.2", lambda y_hat, y: np.sum((y_hat - y) ** 2), "sum of the squared errors"),
        ("00.2", lambda y_hat, y: np.mean(y_hat - y), "mean of the errors"),
        ("00.2", lambda y_hat, y: sum((y_hat[i] - y[i]) ** 2 for i in range(1, len(y))) / len(y),
         "does your loop go over every index"),
        ("00.3", (0.46, np.nan), "the second item of your answer is nan"),
        ("00.3", ("0.46", "-0.51"), "the first item of your answer is the text '0.46'"),
        ("00.3", (0.0, 0.0), "with w = 0 and b = 0 the loss on the 15 flowers is 2.267"),
        ("01.1", (32, 28.5, 28, 3), "the number 28.5; an axis length is a whole number"),
        ("01.1", (32.0, 28, 28, 3), "axis lengths are whole numbers: write 32, not 32.0"),
        ("01.1", (32, 3, 28, 28), "puts the channels first"),
        ("01.1", (28, 32, 28, 3), "the lengths are right but in the wrong order"),
        ("01.1", (28, 28, 3), "has 3 axes (ndim 3)"),
        ("01.1", (32, 28, 28, 4), "holds 100352 numbers"),
        ("01.1", np.zeros((2, 2)), "not an array"),
        ("01.2", lambda images: images.transpose(0, 2, 1).reshape(len(images), 64),
         "column by column"),
        ("01.2", lambda images: images.reshape(len(images), 64)[::-1],
         "row 0 is not image 0 read row by row"),
        ("01.3", lambda X: X - X.mean(), "have mean(s)"),
        ("01.3", lambda X: X.mean(axis=0) - X, "your columns have mean 0, but"),
        ("01.4", lambda image, weights: image * weights[::-1], "channel(s) [0, 2] are not"),
        ("01.5", lambda s: s - s.max(), "largest score of the whole table"),
        ("01.5", lambda s: s - s.max(axis=0), "each column's largest score"),
        ("01.5", lambda s: s - np.abs(s).max(axis=1, keepdims=True), "row 2 is [-3, -1, -2]"),
    ]
    for id, answer, words in cases:
        result = evaluate(id, answer)
        assert result.status == FAIL
        assert words in result.message, (id, result.message)


def test_rows_as_columns_is_explained_on_the_square_case():
    result = evaluate("01.5", lambda s: s - s.max(axis=1)[None, :] if len(s) == len(s.T)
                      else s - s.max(axis=1, keepdims=True))
    assert "the row maxima were lined up with the columns" in result.message


def test_float32_answers_pass_and_messages_never_print_minus_zero():
    X = np.float32
    assert evaluate("01.3", lambda A: A.astype(X) - A.astype(X).mean(axis=0)).status == PASS
    result = evaluate("01.3", lambda A: (A - A.mean()).astype(X))
    assert result.status == FAIL
    assert "-0," not in result.message and "-0]" not in result.message
    means = re.search(r"have mean\(s\) \[([^\]]*)\]", result.message).group(1).split(", ")
    assert all(float(m) != 0 for m in means)   # only the columns whose mean is not 0


@pytest.mark.parametrize("id", [i for i in EXERCISES if i[:2] in ("00", "01")])
def test_messages_of_notebooks_00_and_01_never_use_scientific_notation(id):
    for k in range(len(REGISTRY[id].wrong)):
        message = _wrong_verdict(id, k).message
        assert not re.search(r"\de[-+]?\d", message), message


def test_warnings_inside_the_learners_code_do_not_leak():
    """An overflow in the learner's code is judged by its result (inf), with no RuntimeWarning."""
    import warnings

    def mean_squared_error(y_hat, y):
        return np.mean(np.exp(1000.0 * (y_hat - y)) ** 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = evaluate("00.2", mean_squared_error)
    assert result.status == FAIL


def test_a_function_argument_is_named_without_a_memory_address():
    from mathlib.exercises._core import arg_text

    def _cube(x):
        return x ** 3
    assert arg_text(_cube) == "<a function>"
    assert "0x" not in arg_text(lambda x: x)


# -- check, RESULTS, hints, solutions -------------------------------------------------------------
def test_check_prints_marks_and_records_results(capsys):
    RESULTS.clear()
    evaluate("00.1", reference("00.1"))
    assert RESULTS == {}                                   # evaluate only judges
    check("00.1", reference("00.1"))
    check("00.2", lambda y_hat, y: 0.0)
    check("00.3", ...)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "\u2714 Correct! Exercise 00.1 (predictions of a line) is done."
    assert lines[1].startswith("\u2718 Not yet: ")
    assert lines[3].startswith("\u2026 Exercise 00.3 is not attempted yet")
    assert [RESULTS[i].status for i in ("00.1", "00.2", "00.3")] == [PASS, FAIL, NA]
    assert RESULTS["00.2"] == evaluate("00.2", lambda y_hat, y: 0.0)


def test_blank_function_message():
    result = evaluate("00.1", _blank)
    assert result.message == ("Exercise 00.1 is not attempted yet: your function predict still "
                              "has only the ... of the template; write its body and run the cell "
                              "again.")


def test_unknown_ids_raise():
    for function in (check, evaluate):
        with pytest.raises(ValueError, match="no exercise '99.9'; the exercises are 00.1, "):
            function("99.9", 1)
    for function in (hint, solution, reference):
        with pytest.raises(ValueError, match="no exercise '99.9'"):
            function("99.9")


@pytest.mark.parametrize("id", EXERCISES)
def test_hints_are_graded_and_the_last_repeats(id, capsys, monkeypatch):
    monkeypatch.setattr(_core, "_HINTS_SHOWN", {})
    hints = REGISTRY[id].hints
    assert len(hints) >= 2 and len(set(hints)) == len(hints)
    for _ in range(len(hints) + 1):
        hint(id)
    out = capsys.readouterr().out
    blocks = out.strip().split("\n")
    for k, text in enumerate(hints):
        assert blocks[2 * k] == f"Hint {k + 1} of {len(hints)} for {id}: {text}"
    assert blocks[-2] == blocks[-4]                        # the last hint repeats
    again = f'(run hint("{id}") again for a more specific hint)'
    last = f'(that is the last hint; solution("{id}") shows a solution)'
    assert blocks[1::2] == [again] * (len(hints) - 1) + [last, last]


@pytest.mark.parametrize("id", EXERCISES)
def test_hints_never_give_code(id):
    ex = REGISTRY[id]
    code_lines = [line.strip() for line in ex.solution.splitlines() if len(line.strip()) >= 8]
    for text in ex.hints:
        assert "def " not in text and "return " not in text and " = (" not in text
        assert not any(line in text for line in code_lines)


@pytest.mark.parametrize("id", EXERCISES)
def test_solution_is_the_code_a_learner_writes_in_the_cell(id, capsys):
    ex = REGISTRY[id]
    solution(id)
    out = capsys.readouterr().out
    header, code = out.split("\n\n", 1)
    assert header == (f"A solution to exercise {id} (yours may look different and be right "
                      "too):")
    assert code.strip() == ex.solution.strip()
    first = code.splitlines()[0]
    assert first.startswith(f"def {ex.name}(" if ex.is_function else f"{ex.name} = ")
    assert "lambda" not in code and "_solution" not in code and "mathlib" not in code
    namespace = {"np": np}
    exec(code, namespace)
    assert evaluate(id, namespace[ex.name]).status == PASS


def test_solutions_as_printed():
    assert REGISTRY["00.1"].solution.startswith("def predict(w, b, x):\n")
    assert REGISTRY["01.1"].solution == "batch_shape = (32, 28, 28, 3)\n"
    assert reference("01.1") == (32, 28, 28, 3)
    assert reference("00.1").__name__ == "predict"


# -- registering exercises and finding them -------------------------------------------------------
def _ok(answer):
    return None


@pytest.mark.parametrize("kwargs,words", [
    ({"id": "1.1"}, "should look like '01.2'"),
    ({"id": "00.1"}, "registered twice"),
    ({"hints": []}, "at least one hint"),
    ({"hints": ["a nudge", "  "]}, "at least one hint"),
    ({"solution": "other = 1\n"}, "does not define 'answer'"),
])
def test_registration_is_validated(kwargs, words, monkeypatch):
    monkeypatch.setattr(_core, "REGISTRY", {"00.1": REGISTRY["00.1"]})
    args = {"id": "98.1", "title": "t", "name": "answer", "solution": "answer = 1\n",
            "hints": ["a nudge"], "wrong": [2]} | kwargs
    with pytest.raises(ValueError, match=re.escape(words)):
        exercise(args.pop("id"), args.pop("title"), **args)(_ok)


def test_a_crashing_checker_is_not_blamed_on_the_learner(monkeypatch):
    monkeypatch.setattr(_core, "REGISTRY", {})

    def crashing(answer):
        return {}["missing"]
    exercise("98.1", "t", name="answer", solution="answer = 1\n", hints=["h"], wrong=[])(crashing)
    exercise("98.2", "t", name="answer", solution="answer = 1\n", hints=["h"], wrong=[])(_ok)
    result = _core.REGISTRY["98.1"].evaluate(3)
    assert result.status == FAIL
    assert result.message.startswith("Not yet: this answer could not be checked: answer is the "
                                     "number 3")
    assert "KeyError" not in result.message
    assert result.message == ("Not yet: this answer could not be checked: answer is the number "
                              "3; compare it with what the exercise asks for\nStuck? "
                              'hint("98.1") gives a nudge (run it again for a more specific one).')
    assert [type(e) for e in _core._CHECKER_DEFECTS] == [KeyError]
    _core._CHECKER_DEFECTS.clear()
    assert _core.REGISTRY["98.2"].evaluate(3).status == PASS
    assert not _core.REGISTRY["98.2"].is_function


def test_registration_keeps_every_field(monkeypatch):
    monkeypatch.setattr(_core, "REGISTRY", {})
    hints = ("first", "second")
    returned = exercise("98.1", "a title", name="f", solution="def f(x):\n    return x\n",
                        hints=hints, wrong=(1, 2), right=(3,))(_ok)
    assert returned is _ok
    ex = _core.REGISTRY["98.1"]
    assert (ex.id, ex.title, ex.name, ex.checker) == ("98.1", "a title", "f", _ok)
    assert (ex.hints, ex.wrong, ex.right) == (["first", "second"], [1, 2], [3])
    assert ex.solution == "def f(x):\n    return x\n" and ex.is_function
    assert ex.reference().__code__.co_filename == "<solution 98.1>"
    with pytest.raises(ZeroDivisionError) as info:
        exercise("98.2", "t", name="f", solution="f = 1 / 0\n", hints=["h"], wrong=[])(_ok)
    assert str(info.traceback[-1].path) == "<solution 98.2>"


def test_arguments_as_the_learner_reads_them():
    assert _core.arg_text(np.zeros((2, 3))) == "<array of shape (2, 3)>"
    assert _core.arg_text(np.array(2.0)) == "array(2.)"
    assert _core.arg_text(2.50) == "2.5" and _core.arg_text(np.float32(-0.0)) == "0"
    assert _core.arg_text("text") == "'text'"
    # a list or tuple: short ones as written, long ones or ones holding arrays in a few words
    assert _core.arg_text([1, 2]) == "[1, 2]" and _core.arg_text((0.5, "a")) == "(0.5, 'a')"
    assert _core.arg_text([np.zeros(8)] * 100) == "<list of 100 arrays of shape (8,)>"
    assert _core.arg_text([np.arange(2)]) == "<list of 1 array of shape (2,)>"
    assert _core.arg_text((np.zeros(2), np.zeros(3))) == "<tuple of 2 arrays>"
    assert _core.arg_text(list(range(100))) == "<list of 100 items>"


def test_learner_errors_without_a_line_of_their_own():
    result = evaluate("00.2", np.mean)          # raises inside numpy: no learner line to show
    assert result.message.startswith("Not yet: your function raised TypeError: ")
    assert "\n  at " not in result.message
    assert "\n  when called as mean_squared_error(<array of shape (4,)>, <array of shape (4,)>)" \
        in result.message
    namespace = {}
    exec("def mean_squared_error(y_hat, y):\n    x = 1\n    return x / 0\n", namespace)
    result = evaluate("00.2", namespace["mean_squared_error"])   # a line but no source text
    assert "\n  at line 3 of mean_squared_error\n" in result.message


def test_not_attempted_and_fail_messages():
    assert evaluate("00.3", None).message == ("Exercise 00.3 is not attempted yet: write your "
                                              "answer in place of the ... and run the cell again.")
    assert evaluate("00.3", (0, 0)).message.endswith(
        '\nStuck? hint("00.3") gives a nudge (run it again for a more specific one).')


def test_every_notebook_with_exercises_has_its_module_and_they_are_found():
    """Each notebook that checks exercises has mathlib/exercises/nbNN.py with NOTEBOOK = "NN";
    every nbNN and questions_NN module is imported by the package (found, not listed), in order;
    and each nbNN registers only ids of its own notebook."""
    root = Path(__file__).resolve().parents[1]
    checked = {path.name[:2] for path in (root / "notebooks").glob("[0-9][0-9]_*.ipynb")
               if re.search(r'check\(\\?"\d\d\.\d', path.read_text(encoding="utf-8"))}
    modules = {m.name for m in pkgutil.iter_modules(exercises_package.__path__)}
    assert {f"nb{nn}" for nn in checked} <= modules, "a notebook checks exercises of no module"
    found = exercises_package.notebook_modules()
    assert found == sorted(found, key=lambda name: (name[-2:], not name.startswith("nb")))
    assert {name for name in modules if re.fullmatch(r"(nb|questions_)\d\d", name)} == set(found)
    for name in found:
        module = importlib.import_module(f"mathlib.exercises.{name}")
        if name.startswith("nb"):
            assert module.NOTEBOOK == name[2:]
    for id, ex in REGISTRY.items():
        assert ex.checker.__module__ == f"mathlib.exercises.nb{id[:2]}", id
    assert {id[:2] for id in REGISTRY} == checked


# -- the words of _feedback: fmt, describe_value, as_number(s), close -------------------------------
def test_fmt_writes_numbers_as_a_learner_reads_them():
    assert fmt(-0.0) == "0" and fmt(0.3125) == "0.3125" and fmt(2.0) == "2"
    assert fmt(np.nan) == "nan" and fmt(1 / 3) == "0.3333" and fmt(1 / 3, digits=2) == "0.33"
    assert fmt_list([0.5, -0.0, -1]) == "[0.5, 0, -1]"
    assert fmt_list(np.arange(10)) == "[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    assert fmt_list(np.arange(3), limit=3) == "[0, 1, 2]"
    assert fmt_pair(1.0, 1.00001) == ("1", "1.00001")
    assert fmt_pair([1.0, 2.0], [1.0, 2.5]) == ("[1, 2]", "[1, 2.5]")
    assert fmt_pair(0.5, 0.5) == ("0.5", "0.5")


def test_fmt_list_and_fmt_pair_digits():
    assert fmt_list([1 / 3, 2 / 3]) == "[0.3333, 0.6667]"
    assert fmt_list([1 / 3], digits=2) == "[0.33]"
    assert fmt_pair(1 / 3, 0.5) == ("0.3333", "0.5")           # 4 digits at least
    assert fmt_pair(0.5, 0.25) == ("0.5", "0.25")              # never fewer than 4
    assert fmt_pair([1 / 3, 1.0], [1 / 3, 1 + 1e-4 / 3]) == ("[0.333333, 1]",
                                                          "[0.333333, 1.00003]")
    # a short exact decimal (1.0001) is written in full: the pair already differs at 4 digits
    assert fmt_pair([1 / 3, 1.0], [1 / 3, 1.0001]) == ("[0.3333, 1]", "[0.3333, 1.0001]")


def test_short_exact_decimals_are_written_in_full():
    """2.0625 rounded to 4 digits is 2.062 (half to even): a learner who rounded half up to
    2.063 was told "it should be 2.062". A value whose shortest form has at most 8 significant
    digits is written as it is; others keep 4 digits."""
    assert fmt(2.0625) == "2.0625" and fmt(0.1234567) == "0.1234567" and fmt(12345678.0) == \
        "12345678"
    assert fmt(1 / 3) == "0.3333" and fmt(123456789.0) == "1.235e+08" and fmt(0.1 + 0.2) == "0.3"
    assert fmt(-0.0) == "0" and fmt(np.nan) == "nan" and fmt(-np.inf) == "-inf"
    assert fmt(1.25e-7) == "1.25e-07" and fmt(np.float32(2.0625)) == "2.0625"
    assert fmt_pair(2.0625, 2.063) == ("2.0625", "2.063")
    assert fmt_list([2.0625, 1 / 3]) == "[2.0625, 0.3333]"


def test_fmt_pair_without_a_visible_difference_keeps_4_digits():
    # equal numbers, or a difference past fmt_list's 8 entries: no 17-digit noise
    assert fmt_pair(0.1, 0.1) == ("0.1", "0.1")
    want = np.arange(10) * 0.1
    got = want.copy()
    got[9] = 5.0
    assert fmt_pair(want, got) == (fmt_list(want), fmt_list(got))
    assert fmt_list(want) == "[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ...]"


@pytest.mark.parametrize("value,words", [
    (None, "None"), (..., "... (the blank of the exercise)"),
    (True, "True (a truth value, not a number)"), (np.bool_(False), "False (a truth value"),
    ("0.3", "the text '0.3' (a string, in quotes)"), ("x" * 40, "the text 'xxxxxxxxxxxxxxxxxxxxxxxxxxx'..."),
    (3, "the number 3"), (np.float32(0.5), "the number 0.5"), (np.array(2.5), "the number 2.5"),
    (1j, "the complex number 1j"), ({"a": 1}, "a dict with 1 key(s)"), ({1, 2}, "a set of 2 item(s)"),
    (len, "a function"), (np.zeros((2, 3)), "an array of shape (2, 3)"),
    (np.array(["a"]), "an array of text of shape (1,)"),
    (np.array([True]), "an array of truth values of shape (1,)"),
    ([], "an empty list"), ((1.0,), "a tuple of 1 number"), ([1, 2], "a list of 2 numbers"),
    ([[1, 2], [3]], "a list of 2 items of different lengths"),
    ([[1, 2], [3, 4]], "a list that numpy reads as an array of shape (2, 2)"),
    ([1, "2"], "a list of 2 items, one of them the text '2'"),
    (range(3), "a range"),
])
def test_describe_value(value, words):
    assert describe_value(value).startswith(words)


@pytest.mark.parametrize("value,words", [
    ("x" * 30, "the text '" + "x" * 30 + "' (a string, in quotes)"),
    ("x" * 31, "the text '" + "x" * 27 + "'... (a string, in quotes)"),
    (np.array([b"a"]), "an array of text of shape (1,)"),
    (np.array([1, "a"], dtype=object), "an array of mixed items of shape (2,)"),
    (np.array([1j, 2]), "an array of complex numbers of shape (2,)"),
    (np.array([1.5]), "an array of shape (1,)"),
    ([np.array(True), np.array(False)],
     "a list of 2 items, one of them an array of truth values of shape ()"),
    ([np.zeros(2), np.ones(2)], "a list that numpy reads as an array of shape (2, 2)"),
])
def test_describe_value_exactly(value, words):
    assert describe_value(value) == words


def test_as_number():
    assert as_number(3, "the loss") == 3.0 and isinstance(as_number(3, "the loss"), float)
    assert as_number(np.float32(2.5), "x").dtype == np.float32
    assert as_number(np.array(2.5), "x") == 2.5
    assert as_number(np.int64(4), "x") == 4.0
    for bad, words in [(True, "you returned True (a truth value, not a number); the loss is one "
                              "number"),
                       ("0.3", "you returned the text '0.3'"),
                       (np.arange(4.0), "you returned an array of shape (4,); the loss is one "
                                        "number"),
                       ([0.3], "you returned a list of 1 number; the loss is one number"),
                       (np.nan, "you returned nan; the loss is a finite number"),
                       (np.array(np.inf), "you returned inf; the loss is a finite number"),
                       (1 + 2j, "the complex number")]:
        with pytest.raises(Wrong, match=re.escape(words)):
            as_number(bad, "the loss")
    with pytest.raises(Wrong, match="^your answer is None; x is one number$"):
        as_number(None, "x", you="your answer is")


def test_as_number_explains_nan():
    with pytest.raises(Wrong, match=re.escape(
            "you returned nan; the loss is a finite number (nan means 'not a number': look for "
            "0 / 0, or an operation on nan)")):
        as_number(float("nan"), "the loss")


def test_as_numbers():
    assert as_numbers([1, np.float32(2)], 2, "the pair").tolist() == [1.0, 2.0]
    assert as_numbers(np.array([1, 2]), 2, "the pair").dtype == float
    for bad, words in [(3.0, "your answer is the number 3; the pair is 2 numbers in a tuple"),
                       (np.zeros((2, 1)), "is an array of shape (2, 1); the pair is 2 numbers in"),
                       ((1, 2, 3), "is a tuple of 3 numbers; the pair is 2 numbers, not 3"),
                       ((1, True), "the second item of your answer is True"),
                       ((np.inf, 1), "the first item of your answer is inf; the pair is 2 "
                                     "finite numbers")]:
        with pytest.raises(Wrong, match=re.escape(words)):
            as_numbers(bad, 2, "the pair")
    with pytest.raises(Wrong, match="^the first item of my_line is the text"):
        as_numbers(("1", 2), 2, "the pair", yours="my_line")


def test_as_array_of_shape():
    got = as_array_of_shape([[1, 2], [3, 4]], (2, 2), "the result")
    assert got.dtype == float and got.tolist() == [[1, 2], [3, 4]]
    assert as_array_of_shape(np.ones(2, np.float32), (2,), "r").dtype == np.float32
    for bad, words in [
            (None, "you returned None; the result is an array of numbers of shape (2,)"),
            (len, "you returned a function; the result is an array"),
            ("ab", "you returned the text 'ab'"), ({"a": 1}, "you returned a dict"),
            ({1, 2}, "you returned a set"),
            ([[1], [2, 3]], "items of different lengths, which numpy cannot read as an array"),
            (["1", "2"], "you returned a list of 2 items, one of them the text '1'"),
            (np.array([True, False]), "an array of truth values of shape (2,); the result is"),
            (np.array([1j, 2]), "of complex numbers"),
            (np.zeros(3), "you returned an array of shape (3,); the result has shape (2,)"),
            (5.0, "you returned the number 5; the result has shape (2,)"),
            ([1.0, np.nan], "you returned an array holding nan at index (1,); the result holds "
                            "finite numbers"),
            (np.array([np.inf, 1.0]), "holding inf at index (0,)")]:
        with pytest.raises(Wrong, match=re.escape(words)):
            as_array_of_shape(bad, (2,), "the result")


def test_infinity_is_explained_as_infinity_and_nan_as_nan():
    """inf and -inf get their own words, never nan's ("not a number")."""
    for convert in (lambda v: as_number(v, "the loss"),
                    lambda v: as_array_of_shape([1.0, v], (2,), "the result"),
                    lambda v: as_numbers((v, 1.0), 2, "the pair")):
        for value, says in [(np.inf, "(inf means infinity"), (-np.inf, "(-inf means minus "
                                                                        "infinity"),
                            (np.nan, "(nan means 'not a number'")]:
            with pytest.raises(Wrong) as info:
                convert(value)
            assert says in str(info.value), str(info.value)
            assert ("not a number" in str(info.value)) == np.isnan(value), str(info.value)
    with pytest.raises(Wrong, match=re.escape("log(0)")):
        as_number(-np.inf, "the log-likelihood")


def test_close_fits_the_dtype_and_the_size():
    assert tolerance(np.zeros(1)) == 1e-6
    assert tolerance(np.zeros(1, np.float32)) == pytest.approx(100 * np.finfo(np.float32).eps)
    assert tolerance(np.zeros(1, int)) == 1e-6
    assert close(np.float32(1 + 1e-5), 1.0) and not close(1 + 1e-5, 1.0)
    assert close(1 + 9e-7, 1.0) and not close(1 + 3e-6, 1.0)
    assert close(1000 + 5e-4, 1000.0) and not close(1000 + 3e-3, 1000.0)
    assert close(5e-4, 0.0, scale=1000) and not close(3e-3, 0.0, scale=1000)
    assert close(5e-7, 0.0, scale=0.001) and not close(3e-6, 0.0, scale=0.001)
    assert not close(np.zeros(2), np.zeros(3)) and not close(np.zeros((2, 1)), np.zeros(2))
    assert close(np.zeros((0,)), np.zeros((0,)))


def test_close_tolerance_grows_with_the_largest_wanted_entry():
    # the small entry is compared on the scale of the large one (1000): 5e-4 is rounding there
    assert close([1000.0, 5e-4], [1000.0, 0.0])
    assert not close([1000.0, 3e-3], [1000.0, 0.0])
    assert not close([1.0, 5e-4], [1.0, 0.0])


def test_a_zero_dimensional_array_where_numbers_belong_is_named_not_a_crash():
    from mathlib.exercises._feedback import Wrong, as_numbers

    with pytest.raises(Wrong, match="your answer is .*; the counts is 2 numbers in a tuple"):
        as_numbers(np.array(3.0), 2, "the counts")
