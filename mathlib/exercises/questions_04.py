"""Concept questions for notebook 04 (SVD and low-rank approximation).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("04.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "04.q1",
    "The Iris data `X` has shape `(150, 4)`: 150 flowers, 4 measurements. Does it have a singular "
    "value decomposition `X = U S V^T`?",
    options=[
        ("No: the SVD, like eigenvectors, needs a square matrix.", False,
         "Tempting, because eigenvectors (notebook 03) need a square matrix: `A v = lambda v` "
         "only makes sense when `A v` has as many entries as `v`. The SVD asks less: "
         "`A v_i = s_i u_i` with `u_i` allowed to live in a different space. Every matrix, of "
         "any shape, has one."),
        ("Yes, as every matrix of any shape does.", True,
         "Right. Thin: `U` is `(150, 4)`, `s` has 4 values, `V^T` is `(4, 4)`. There are min(m, n) = 4 singular values; `U`'s columns are orthonormal vectors "
         "in 150 dimensions, `V`'s in 4."),
        ("Only after it is made square, for example by taking `X^T X`.", False,
         "`X^T X` is square and its eigenvalues are the squared singular values of `X`, so the "
         "idea is related; but `X` itself has an SVD as it is. Computing it through `X^T X` "
         "even loses accuracy: squaring a small singular value makes it smaller than rounding."),
        ("Only when it has more rows than columns.", False,
         "A wide matrix has one too: the SVD of `X^T` is `V S U^T`, the same pieces swapped."),
    ])

question(
    "04.q2",
    "A is a `(5, 3)` matrix whose third column is the first plus the second, while the first "
    "two columns are not multiples of each other. What is its rank?",
    options=[
        ("5: the number of rows, one per equation.", False,
         "Tempting, rank sounds like 'how big'. But rank counts independent columns: there are "
         "only 3 columns, so the rank can be at most 3, whatever the number of rows."),
        ("3: the number of columns.", False,
         "Only if the columns are independent. The third column adds no new direction: it is "
         "the sum of the other two, so A has a zero singular value."),
        ("2: at most two columns are independent.", True,
         "Right. Rank = the largest number of linearly independent columns = the number of "
         "non-zero singular values (in floating point: those above a small tolerance). Any two "
         "of the three columns are independent (column 1 = column 3 - column 2 too), all three "
         "are not."),
        ("2, because it is a matrix (2 axes).", False,
         "That is the number of axes, `ndim`, which some libraries call 'rank' (notebook 01). "
         "The rank of a matrix is a different thing; here it happens to be 2 as well, by "
         "coincidence."),
    ])

question(
    "04.q3",
    "A matrix has 100 singular values, and you keep the largest 50 (`low_rank(A, 50)`). How much "
    "of A do you keep?",
    options=[
        ("It depends on the singular values: the share of the energy kept is "
         "(s_1^2 + ... + s_50^2) / (s_1^2 + ... + s_100^2), often far more than half.", True,
         "Right: the squared singular values measure importance. Sorted in descending order, "
         "the first half always holds at least half the energy, and for real data usually "
         "almost all of it."),
        ("Half of the information: 50 of 100.", False,
         "Tempting, but the singular values are not equal. The share of the 'energy' "
         "(the sum of squared entries, ||A||_F^2) that you keep is sum of s_i^2 over the kept "
         "i, divided by the total; for a photograph the first few hold most of it."),
        ("Exactly (s_1 + ... + s_50) / (s_1 + ... + s_100).", False,
         "Close, but the energy is in the squared singular values: "
         "||A||_F^2 = s_1^2 + s_2^2 + ...; the sum of the s_i themselves is a different "
         "measure (the nuclear norm)."),
    ])

question(
    "04.q4",
    "A dense layer's weight matrix `W`, shape `(512, 512)`, is replaced by a product `B C` with `B` "
    "`(512, 8)` and `C` `(8, 512)` (a low-rank layer). Take the column layout: the layer sends an "
    "input column `x` to `W x = B (C x)`. What can the new layer NOT do?",
    options=[
        ("Nothing: any 512 x 512 matrix can be written as B C with these shapes.", False,
         "Only a matrix of rank 8 or less can. A general `W` has rank 512; its best rank-8 "
         "approximation (Eckart-Young) loses the energy in its other 504 singular values."),
        ("Take a 512-vector as input.", False,
         "It still does: in the column layout `x` meets `C` first, and `C` is `(8, 512)`, so `C x` works for any `x` with 512 entries. The "
         "shapes of input and output are unchanged; only the rank is limited."),
        ("Be trained by gradient descent.", False,
         "Both `B` and `C` are ordinary weight matrices and are trained like any other. "
         "(LoRA uses the same idea for fine-tuning: it keeps `W` frozen and trains a low-rank "
         "update `B C` that is added to it, `W + B C`.)"),
        ("Pass on more than 8 independent directions.", True,
         "Right: every output `B (C x)` is a combination of the 8 columns of `B`, whatever the input "
         "(in the row layout `x B C` of notebook 02, of the 8 rows of `C`); "
         "`B C` has rank at most 8. Inputs that differ only in the directions `C` ignores "
         "give the same output. That is the price of the saving: 2 x 512 x 8 = 8192 numbers "
         "instead of 262144."),
    ])
