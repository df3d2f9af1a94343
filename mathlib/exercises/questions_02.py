"""Concept questions for notebook 02 (matrix operations: a layer is Z = XW + b).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("02.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "02.q1",
    "`A` and `B` are both `(2, 2)` matrices. Is `A @ B` equal to `B @ A`?",
    options=[
        ("Yes, always: multiplication does not care about the order, as for numbers.", False,
         "True for numbers, and tempting for that reason. But `A @ B` takes rows of A with "
         "columns of B, and `B @ A` rows of B with columns of A: different dot products. "
         "For `A = [[1, 1], [0, 1]]`, `B = [[1, 0], [1, 1]]`: `A @ B = [[2, 1], [1, 1]]` but "
         "`B @ A = [[1, 1], [1, 2]]`."),
        ("Never: `A @ B` and `B @ A` always differ.", False,
         "Too strong: `A @ I = I @ A = A`, and two diagonal matrices, or a matrix and its own "
         "inverse, commute too. The honest answer is \"not in general\"."),
        ("Not in general; some pairs commute, most do not.", True,
         "Right. It holds for some pairs (for example when one of them is the identity or a "
         "multiple of it, or when both are diagonal), but not for most. Applying first a shear and then a rotation is not the same as first the "
         "rotation, then the shear. For rectangular matrices even the shapes may forbid it: "
         "`(2, 3) @ (3, 4)` works, `(3, 4) @ (2, 3)` does not."),
        ("Only the shapes can differ; when both products exist they are equal.", False,
         "For square matrices of the same size both products exist and have the same shape, and "
         "still the numbers usually differ (see the example in the first option)."),
    ])

question(
    "02.q2",
    "`A = np.array([[1, 2], [3, 4]])` and `B = np.array([[5, 6], [7, 8]])`. What is the "
    "difference between `A * B` and `A @ B`?",
    options=[
        ("`A * B` multiplies matching entries; `A @ B` takes rows of A times columns of B.",
         True,
         "Right: `*` is the element-wise product (equal or broadcastable shapes), `@` the "
         "matrix product (the inner lengths must match). `(A * B)[0, 0] = 1 * 5 = 5`, while `(A @ B)[0, 0] = 1 * 5 + 2 * 7 = 19`. A "
         "dense layer uses `@`; `*` is for scaling entries one by one, like a per-channel "
         "weight."),
        ("None: both are \"A times B\", written two ways; numpy picks the product that fits "
         "the shapes.", False,
         "Tempting, because both are called multiplication. `A * B` multiplies entry by entry: "
         "`[[5, 12], [21, 32]]`. `A @ B` is the matrix product, rows times columns: "
         "`[[19, 22], [43, 50]]`."),
        ("`A @ B` is just numpy's newer spelling of `A * B`.", False,
         "`@` (Python 3.5+) is the matrix product, `np.matmul`. `*` has always been element-wise "
         "for numpy arrays. (Old `np.matrix` objects used `*` for the matrix product, one reason "
         "they are no longer recommended.)"),
        ("`A * B` is the dot product of A and B: one number.", False,
         "`*` keeps the shape `(2, 2)` and sums nothing. One number would be "
         "`np.sum(A * B)`, the sum of the element-wise products."),
    ])

question(
    "02.q3",
    "Does every square matrix have an inverse?",
    options=[
        ("Yes: every square matrix has one; only rectangular matrices do not.", False,
         "Being square is needed, but not enough. `[[1, 2], [2, 4]]` is square, and its second "
         "column is twice the first: it squashes the plane onto a line, and points that land "
         "on the same point cannot be told apart again. Its determinant is 0."),
        ("Yes, as long as no entry is 0.", False,
         "Zeros are not the problem: the identity is full of zeros and is its own inverse, "
         "while `[[1, 2], [2, 4]]` has no zero and no inverse. What matters is whether the "
         "columns are linearly independent, that is whether det(A) != 0."),
        ("Yes: it always exists in exact arithmetic; numpy sometimes fails to find it because "
         "of rounding.", False,
         "For a singular matrix there is nothing to find: A sends two different points to the "
         "same place, so no B can have B A = I. numpy raises `LinAlgError: Singular matrix`, "
         "and that message is true."),
        ("No: the singular ones, with det(A) = 0, have none.", True,
         "Right: a singular matrix collapses the plane (space) onto a line or a point, so no "
         "matrix can undo it. det(A) != 0 is the condition: then `solve` finds the unique x of A x = y. "
         "For a singular A, A x = y has no solution or infinitely many; least squares and the "
         "pseudo-inverse still give a best answer."),
    ])

question(
    "02.q4",
    "What does the determinant of a 2x2 matrix A measure?",
    options=[
        ("How large the entries of A are.", False,
         "Tempting, since large entries often give a large determinant. But `[[100, 100], "
         "[100, 100]]` has det 0 and `[[0.1, 0], [0, 10]]` has det 1. The determinant measures "
         "what A does to areas, not the size of its numbers."),
        ("The length of A's first column.", False,
         "The first column is where e1 goes, A e1. The determinant depends on both columns: it "
         "is the signed area of the parallelogram they span, a d - b c."),
        ("The factor by which A scales areas, with a sign: |det A| is the area of the image of "
         "the unit square, and det A < 0 means the orientation is flipped (a mirror image).", True,
         "Right: drag the 2x2 explorer and watch the parallelogram's area. det = 0 means the "
         "square is flattened to area 0, and then A has no inverse. In 3-D it is the factor "
         "for volumes."),
        ("The sum of the entries on the diagonal.", False,
         "That is the trace, a different number (it is the sum of the eigenvalues, notebook 03). "
         "The determinant a d - b c is a product-like quantity: the product of the eigenvalues."),
    ])

question(
    "02.q5",
    "A least-squares line is fitted to 20 noisy points. Which is true?",
    options=[
        ("It minimises the sum of the squared vertical errors; it may miss every point.", True,
         "Right. Every point pulls on the line, the far ones hardest, since their errors are "
         "squared: drag one point away in the explorer and watch the line follow it."),
        ("It passes through as many of the points as possible, and as close as it can to the "
         "rest.", False,
         "Tempting, since a good line should \"hit\" the data. But least squares minimises the "
         "sum of the squared vertical errors; it usually passes through none of the points "
         "(the explorer counts them: 0 of 20)."),
        ("It makes the sum of the squared perpendicular (shortest) distances to the points "
         "smallest.", False,
         "Ordinary least squares measures errors vertically, in y, because it predicts y from x. "
         "Squared perpendicular distances give a different line (total least squares, related to PCA "
         "in notebook 03)."),
        ("It goes through the first and the last point, like a ruler laid across the data.",
         False,
         "Those two points get no special treatment; the line through them ignores the 18 others. "
         "Least squares weighs every point's error the same way."),
    ])
