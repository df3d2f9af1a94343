"""Concept questions for notebook 05 (norms, distances and similarity).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("05.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "05.q1",
    "The unit ball of a norm is the set of points $x$ with $\\|x\\| \\le 1$. In the plane, what "
    "does its edge, the set $\\|x\\|_p = 1$, look like for $p = 1$, $p = 2$ and $p = \\infty$?",
    options=[
        ("A circle every time: a unit ball is round.", False,
         "Tempting, because the everyday length (p = 2) gives the circle. But for p = 1 the point "
         "(0.5, 0.5) has norm 0.5 + 0.5 = 1, so it is on the edge, while the circle passes "
         "through (0.71, 0.71): the edge is a straight line between (1, 0) and (0, 1)."),
        ("Circles of different sizes: radius 1 for p = 2, larger for p = 1, smaller for p = ∞.",
         False,
         "The sizes do differ along the diagonal, but the shapes are not circles: along the axes "
         "every p-norm of (1, 0) is 1, so all three edges pass through (1, 0) and (0, 1). Only "
         "their shape between the axes differs."),
        ("A diamond (p = 1), the circle (p = 2), a square (p = ∞).", True,
         "The diamond has its corners at (±1, 0) and (0, ±1), the square at (±1, ±1). Each norm measures size differently: L1 adds the sizes of the entries (straight edges "
         "|x_1| + |x_2| = 1), L∞ takes the largest (edges where |x_1| = 1 or |x_2| = 1). As p grows "
         "from 1 to ∞ the diamond swells through the circle to the square."),
        ("A square for p = 1 and a diamond for p = ∞.", False,
         "The other way round. For p = ∞ the norm is max(|x_1|, |x_2|), which is 1 on the sides of "
         "the square with corners (±1, ±1); for p = 1 it is |x_1| + |x_2|, a square standing on "
         "its corner: the diamond."),
    ])

question(
    "05.q2",
    "Two word embeddings have cosine similarity 0. What does that tell you?",
    options=[
        ("The two vectors are far apart.", False,
         "Tempting, because similarity 1 sounds like \"close\" and 0 like \"far\". But the cosine "
         "ignores lengths: (1, 0) and (0, 0.01) have cosine 0 and are only about 1 apart, while "
         "(1, 0) and (100, 0) have cosine 1 and are 99 apart."),
        ("The vectors are perpendicular: their dot product is 0. It says nothing about their "
         "lengths or their distance.", True,
         "cos θ = a·b / (|a| |b|) = 0 exactly when a·b = 0 (for non-zero a and b), that is θ = 90°. "
         "How far apart the points are depends on the lengths too."),
        ("The vectors point in opposite directions.", False,
         "Opposite directions give cosine -1 (θ = 180°). Cosine 0 is halfway between the same "
         "direction (1) and the opposite one (-1): at right angles."),
        ("One of them is the zero vector.", False,
         "The cosine of a zero vector is not 0, it is undefined: the zero vector has no direction, "
         "and the formula would divide 0 by 0."),
    ])

question(
    "05.q3",
    "You search 1000 sentence embeddings (vectors of 384 numbers) for the ones closest in meaning "
    "to a query. Which is true?",
    options=[
        ("Euclidean distance is always the best choice: it is the true straight-line distance.",
         False,
         "It is the straight-line distance, but \"true\" depends on what the numbers mean. For "
         "embeddings (and word counts) the direction usually carries the meaning, while the "
         "length reflects other things, such as how frequent a word is or how long a text is. "
         "The Euclidean distance counts those length differences as differences in meaning; "
         "the cosine ignores them, which is why it is the usual choice there. (In many "
         "dimensions both distances and cosines of random vectors bunch together; the cosine "
         "does not escape that, so that is not the reason.)"),
        ("The metric does not matter: every metric finds the same nearest neighbours.", False,
         "The neighbours explorer shows otherwise: the same query has different neighbours under "
         "Euclidean, Manhattan, Chebyshev and cosine, because each one's ball has another shape."),
        ("Cosine similarity is the usual choice; on unit vectors it ranks as Euclidean does.",
         True,
         "It compares directions and ignores lengths; which metric is right depends on the "
         "data. For vectors of length 1, |a - b|² = 2 - 2 cos θ: the Euclidean ranking and the cosine "
         "ranking are the same. Without normalising they can differ, as the neighbours explorer "
         "shows on the flowers: there the cosine ignores size, which is wrong for measurements "
         "in cm and right for embeddings."),
    ])

question(
    "05.q4",
    "Nearest neighbours of Iris flowers change when each measurement is first standardised "
    "(its mean subtracted, then divided by its standard deviation). Why?",
    options=[
        ("Standardising distorts the data: it changes the measurements' values, so it reorders "
         "the flowers along each measurement.", False,
         "It shifts and rescales each column by the same amounts for every flower, so the order "
         "of the flowers along every single measurement stays the same. What changes is how "
         "much each measurement counts in the distance, relative to the others."),
        ("Standardising gives every measurement spread 1, so each counts equally in a "
         "distance.", True,
         "A distance adds up the differences of all measurements, so a measurement with a large "
         "spread counts more. Petal length has a standard deviation of about 1.8 cm, sepal width of about 0.4 cm, so "
         "in cm the petal length dominates the distance. In standard units each measurement counts the same. (The same "
         "data in mm instead of cm would give other raw neighbours too; standardised ones are the "
         "same in any unit.)"),
        ("Subtracting the mean moves the flowers, and distances depend on where the points are.",
         False,
         "Subtracting the same number from a column moves every flower by the same amount, so "
         "the differences, and every Euclidean or Manhattan distance, stay exactly the same. "
         "The division by the standard deviation is what changes distances."),
        ("Standardised numbers are smaller, so rounding errors change the neighbours.", False,
         "Rounding errors are around 1e-16, far too small to reorder neighbours that differ by "
         "0.1. The scale of each column matters relative to the other columns, not in itself."),
    ])
