"""Concept questions for notebook 01 (vectors, matrices and tensors).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("01.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "01.q1",
    "The Iris data `X` has shape `(150, 4)`: 150 flowers, 4 measurements. "
    "What does `X.mean(axis=0)` give?",
    options=[
        ("150 numbers, shape `(150,)`: the mean of each flower's 4 measurements.", False,
         "Tempting: axis 0 counts the flowers, so `axis=0` sounds like \"per flower\". But the "
         "named axis is the one averaged away; one mean per flower is `X.mean(axis=1)`."),
        ("Shape `(1, 4)`: the 4 column means, kept as a row so that it lines up with `X`.", False,
         "Only with `keepdims=True`, which keeps the averaged axis with size 1. Without it that "
         "axis is dropped and the result is `(4,)`, which still lines up with `X` in "
         "broadcasting, since shapes are compared from the right."),
        ("Shape `(4,)`: one mean per measurement, taken over the 150 flowers.", True,
         "The axis you name is the one that disappears: the mean runs down the 150 rows "
         "(axis 0) and leaves one number per column. With `keepdims=True` the shape is `(1, 4)`."),
        ("One number: the mean of all 600 entries (150 flowers times 4 measurements).", False,
         "That is `X.mean()` with no axis. Naming an axis averages along that axis only."),
    ])

question(
    "01.q2",
    "Arrays have a dtype. The same column means computed in float32 and in float64 agree in the "
    "first 6 or 7 significant digits and differ after that: 5.8433347 in float32 and "
    "5.84333333 in float64 for the first column. What does that mean?",
    options=[
        ("Both are right to their precision: float32 keeps about 7 significant digits, float64 "
         "about 16.", True,
         "Neither is exact, and they round at different places. Compare such results with a "
         "tolerance (`np.allclose`), not with `==`: neural networks mostly compute in float32 "
         "(half the memory, faster), numpy in float64 by default, so answers come in both, and a "
         "check that uses `==` would reject a right float32 answer."),
        ("One of the two computations has a bug: the same formula on the same data must give "
         "the same digits.", False,
         "Tempting, since the maths is the same. But both results are rounded: a float64 keeps "
         "about 16 significant digits, a float32 about 7, and they round at different places. "
         "Neither is wrong; they are right to their own precision."),
        ("float32 is exact to its 7 digits, so the float64 mean is the one that is off.", False,
         "float64 is the more precise of the two. Neither is exact: even 0.1 cannot be stored "
         "exactly in binary, in any dtype."),
        ("The conversion to float32 spoiled the data, so the float32 means should not be "
         "trusted.", False,
         "Converting does round each number to about 7 significant digits, but a petal of "
         "1.4 cm becomes 1.39999998 cm: off by less than a millionth of a centimetre, far below "
         "what a ruler can measure. That rounding (and the rounding in each addition) is the "
         "whole difference; the float32 means are right to their own precision."),
    ])

question(
    "01.q3",
    "`A = np.array([[1, 2, 3], [4, 5, 6]])` has shape `(2, 3)`. Its transpose `A.T` (rows become "
    "columns; notebook 02) has shape `(3, 2)`, and so does `A.reshape(3, 2)`. Are they the same?",
    options=[
        ("No: `A.reshape(3, 2)` is `[[1, 2], [3, 4], [5, 6]]`, and `A.T` is "
         "`[[1, 4], [2, 5], [3, 6]]`.", True,
         "`reshape` keeps the reading order 1, 2, 3, 4, 5, 6 and only regroups it; the transpose "
         "moves numbers (row i becomes column i). That is why flattening images is a reshape "
         "(each image stays in reading order), and why reshaping a batch stored as "
         "`(N, C, H, W)` into `(N, H, W, C)` scrambles the pictures: changing the order of axes "
         "needs a transpose (`np.transpose`)."),
        ("Yes: both turn the `(2, 3)` matrix into a `(3, 2)` matrix holding the same six "
         "numbers.", False,
         "Same shape, different contents. `reshape` reads the numbers row by row, 1 2 3 4 5 6, "
         "and pours them into 3 rows of 2: `[[1, 2], [3, 4], [5, 6]]`. The transpose turns rows "
         "into columns: `[[1, 4], [2, 5], [3, 6]]`."),
        ("Only in memory: `reshape` copies the six numbers, while the transpose is a view of "
         "`A`; the values agree.", False,
         "Whether numpy copies is a memory detail (here both give a view of the same memory, "
         "without copying). And the values do not agree: `reshape` gives "
         "`[[1, 2], [3, 4], [5, 6]]`, the transpose `[[1, 4], [2, 5], [3, 6]]`."),
    ])

question(
    "01.q5",
    "`X` has shape `(150, 4)` and `v` has shape `(150,)`: one number per flower. What does "
    "`X + v` do?",
    options=[
        ("It adds `v[i]` to all 4 measurements of flower `i`, since `v` has one number per "
         "flower.", False,
         "That is probably what you want, but broadcasting lines shapes up from the right: "
         "`(150, 4)` against `(150,)` puts 4 against 150. To add one number per row, make `v` a "
         "column first: `v[:, None]`, shape `(150, 1)`."),
        ("It raises an error: from the right, 4 meets 150, and neither of them is 1.", True,
         "numpy says `operands could not be broadcast together with shapes (150,4) "
         "(150,)`. The fix, `v[:, None]`, comes in the next section."),
        ("It adds `v` to each of the 4 columns, since numpy finds the axis whose length 150 "
         "matches.", False,
         "Matching sizes only count in the same position from the right. numpy never searches "
         "for an axis that fits; it compares the last axes first, and there 4 meets 150."),
        ("It joins `v` on as a fifth column, as `+` joins Python lists: shape `(150, 5)`.", False,
         "That is what `+` does to Python lists (`[1, 2] + [3]` is `[1, 2, 3]`). For arrays `+` "
         "adds entry by entry; joining takes `np.column_stack`. And here the shapes do not even "
         "line up for adding: from the right, 4 meets 150."),
    ])

question(
    "01.q6",
    "`flower = np.array([5.1, 3.5, 1.4, 0.2])` has shape `(4,)`. Is it a row vector or a column "
    "vector?",
    options=[
        ("A column vector, 4 rows and 1 column, just as vectors are written in maths books.",
         False,
         "Tempting, since maths books write vectors as columns. But the shape `(4,)` has one axis; "
         "a column has two, shape `(4, 1)`, which `flower[:, None]` makes."),
        ("A row vector, 1 row and 4 columns: numpy prints it on one line, like a row.", False,
         "It prints on one line, but a row has two axes, shape `(1, 4)`, which `flower[None, :]` "
         "makes."),
        ("Neither: it has one axis, while a row, shape `(1, 4)`, and a column, shape `(4, 1)`, "
         "have two.", True,
         "In broadcasting it acts like a row, because shapes line up from the right: `(4,)` is "
         "padded on the left to `(1, 4)`, so `X + flower` adds it to every row. To use it as a "
         "column, say so with `[:, None]`."),
    ])

question(
    "01.q4",
    "`u = (3, 4)` points up and to the right. What does multiplying it by the scalar `c = -2` do?",
    options=[
        ("It keeps the direction and doubles the length; only the signs of the numbers change.",
         False,
         "Tempting, because \"scaling keeps the direction\" is true for c > 0. But "
         "`-2 u = (-6, -8)` points down and to the left: the opposite way."),
        ("It multiplies the length by −2: ‖−2u‖ = −2·‖u‖ = −10, a negative length.", False,
         "A length is never negative: it is the square root of a sum of squares. The sign of c "
         "shows in the direction; the length is multiplied by |c|."),
        ("It turns the arrow by 90°, so that it points up and to the left.", False,
         "A scalar multiplies both components by the same number, so the arrow stays on the same "
         "line through the origin, forwards or backwards. Turning by 90° takes a matrix "
         "(notebook 02), not a number."),
        ("It reverses the direction and doubles the length: −2u = (−6, −8), of length 10.", True,
         "‖c u‖ = |c|·‖u‖ for every number c, here |−2|·5 = 10; c > 0 keeps the direction, "
         "c < 0 reverses it (a turn of 180°). And c = 0 gives the zero vector, which has no "
         "direction at all."),
    ])
