"""Notebook 01's exercises: 01.1 the shape of a batch, 01.2 flattening images, 01.3 centring,
01.4 scaling channels, 01.5 subtracting each row's maximum; the concept question 01.q2."""

import numpy as np
import pytest

from mathlib.exercises import REGISTRY, evaluate, questions

from .exercise_helpers import PASS, fail_message, no_checker_defects  # noqa: F401


# -- 01.1 the shape of a batch --------------------------------------------------------------------
def test_whole_numbers_written_with_a_decimal_point():
    assert "axis lengths are whole numbers: write (32, 28, 28, 3), not (32.0, 28.0, 28.0, 3.0)" \
        in fail_message("01.1", (32.0, 28.0, 28.0, 3.0))
    assert "write 3, not 3.0" in fail_message("01.1", [32, 28, 28, 3.0])
    assert "the number 28.5; an axis length is a whole number" in fail_message("01.1",
                                                                            (32, 28.5, 28, 3))


# -- 01.2-01.5: an input changed in place ---------------------------------------------------------
def _in_place_answers():
    def flatten_images(images):
        images[...] = images[...]
        images += 0.0
        images[0, 0, 0] = images[0, 0, 0] + 0.0   # unchanged values: this one passes
        return images.reshape(len(images), 64)

    def centre(X):
        X -= X.mean(axis=0)
        return X

    def scale_channels(image, weights):
        image *= weights
        return image

    def subtract_row_max(scores):
        scores -= scores.max(axis=1, keepdims=True)
        return scores

    return [("01.3", centre, "X"), ("01.4", scale_channels, "image"),
            ("01.5", subtract_row_max, "scores"), ("01.2", flatten_images, None)]


@pytest.mark.parametrize("id,answer,name", _in_place_answers(), ids=lambda v: str(v)[:12])
def test_a_function_that_changes_its_input_fails(id, answer, name):
    if name is None:              # writing the same values back changes nothing: it passes
        assert evaluate(id, answer).status == PASS
        return
    message = fail_message(id, answer)
    assert (f"your result is right, but your function changed its input {name} (an in-place "
            "operation") in message
    assert f"leave {name} as it was" in message


# -- 01.3 centring the columns --------------------------------------------------------------------
def test_centring_slips_are_named_only_when_they_fit_and_without_scientific_notation():
    rounded = fail_message("01.3", lambda X: X - np.round(X.mean(axis=0), 4))
    assert "have mean(s) [0.00003333, 0.00003333, 0.00003333]" in rounded
    assert "rounded to 4 decimals, [5.8433, 3.0573, 3.7580, 1.1993]" in rounded
    assert "mean of all the numbers" not in rounded and "row" not in rounded
    typed = fail_message("01.3", lambda X: X - np.array([5.84, 3.06, 3.76, 1.2]))
    assert "rounded to 2 decimals, [5.84, 3.06, 3.76, 1.20]" in typed
    everything = fail_message("01.3", lambda X: X - X.mean())
    assert "You subtracted the mean of all the numbers, 3.464, from every entry" in everything
    assert "row" not in everything
    rows = fail_message("01.3", lambda X: X - X.mean(axis=1, keepdims=True))
    assert "You subtracted each row's mean" in rows and "all the numbers" not in rows
    median = fail_message("01.3", lambda X: X - np.median(X, axis=0))
    assert "You subtracted" not in median and "all the numbers" not in median
    assert "the column means of this X are [5.843, 3.057, 3.758, 1.199]" in median


# -- 01.5 subtracting each row's maximum ----------------------------------------------------------
def test_hint_for_the_row_maximum_uses_the_notebooks_words():
    first = REGISTRY["01.5"].hints[0]
    assert "axis=1 runs along each row" in first and "axis of the columns" not in first


# -- 01.q2 ----------------------------------------------------------------------------------------
def test_question_01_q2_shows_the_digits_float32_keeps():
    from mathlib.data import load_iris
    q = questions.QUESTIONS["01.q2"]
    X = load_iris().X
    first32, first64 = X.astype(np.float32).mean(axis=0)[0], X.mean(axis=0)[0]
    assert f"{str(first32)} in float32" in q.prompt and f"{first64:.8f} in float64" in q.prompt
    digits32, digits64 = str(first32), f"{first64:.8f}"
    assert digits32[:7] == digits64[:7] and digits32[:8] != digits64[:8]   # 6 digits agree
    assert "6 or 7 significant digits" in q.prompt
    assert [o.right for o in q.options].count(True) == 1
