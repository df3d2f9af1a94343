"""Concept questions for notebook 03 (eigenvalues, eigenvectors and PCA).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("03.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "03.q1",
    "For `A = [[2, 1], [1, 2]]`, the vector v = (1, 1) is an "
    "eigenvector: A v = (3, 3) = 3 v. Is w = (-5, -5) an eigenvector of A?",
    options=[
        ("No: the eigenvector for 3 is (1, 1), and (-5, -5) is a different vector.", False,
         "Tempting, because a program prints one vector per eigenvalue. But "
         "A(-5, -5) = (-15, -15) = 3 * (-5, -5): the equation A w = 3 w holds. What "
         "is fixed is the line through (1, 1), not one vector on it."),
        ("Yes, but with eigenvalue -15, because it was multiplied by -5.", False,
         "Multiplying v by c multiplies A v by c too, so the ratio, the eigenvalue, "
         "stays 3. The eigenvalue belongs to the direction, not to the length or the sign."),
        ("Only if we divide it by its length first: eigenvectors must have length 1.", False,
         "Length 1 is a convention of libraries (it makes the answer tidy), not part of the "
         "definition A v = lambda v, v ≠ 0. Only the zero vector is excluded: "
         "A 0 = lambda 0 for every lambda, so it says nothing."),
        ("Yes, with the same eigenvalue 3.", True,
         "Any non-zero multiple c v of an eigenvector is one: A (c v) = c A v = c lambda v = "
         "lambda (c v). That is why numpy and `eig_sym` may return (0.71, 0.71) or (-0.71, -0.71): both "
         "are right. Libraries pick length 1 and some sign; compare eigenvectors up to sign "
         "(and up to length)."),
    ])

question(
    "03.q2",
    "The rotation by 90 degrees is `R = [[0, -1], [1, 0]]`. "
    "Which real vectors v ≠ 0 satisfy R v = lambda v for a real number lambda?",
    options=[
        ("None: R turns every vector by 90 degrees, so R v never lies on the line of v. "
         "Its eigenvalues solve lambda^2 + 1 = 0: they are +- i, not real.", True,
         "So \"every matrix has real eigenvectors\" is false. Symmetric matrices always have "
         "them (the theorem of this notebook); a rotation is not symmetric. In the explorer, "
         "choose the rotation: the angle between v and A v stays at 90 degrees."),
        ("Every vector, with lambda = 1, because a rotation keeps lengths.", False,
         "Tempting: |R v| = |v| for every v. But an eigenvector must keep its line, and "
         "R turns each vector off its line; keeping the length is not enough."),
        ("v = (1, 0), because it lies on an axis.", False,
         "R (1, 0) = (0, 1): the first axis is sent onto the second. Lying on an axis makes "
         "nothing special: BOTH axis vectors are eigenvectors only of diagonal matrices, and "
         "one of them can be (B = [[2, 1], [0, 1]] has (1, 0)), but not for R."),
        ("Every square matrix has at least one real eigenvector, so some v must work; we just "
         "have not found it.", False,
         "That belief is exactly what this rotation refutes: det(R - lambda I) = "
         "lambda^2 + 1 > 0 for every real lambda, so R - lambda I is never singular "
         "and R v = lambda v only has the solution v = 0. (Every real matrix of odd size "
         "does have a real eigenvalue; 2 x 2 need not.)"),
    ])

question(
    "03.q3",
    "`A = [[2, 1], [0, 1]]` has the eigenvectors (1, 0) "
    "(eigenvalue 2) and (1, -1) (eigenvalue 1). They are 45 degrees apart. What follows?",
    options=[
        ("One of them must be wrong: eigenvectors are always perpendicular.", False,
         "Tempting, because the examples one meets first (and every covariance matrix) are "
         "symmetric, where they are perpendicular. Multiply out: both equations "
         "A v = lambda v hold, so both are eigenvectors."),
        ("They should be made perpendicular before use (for example by replacing the second "
         "with its part perpendicular to the first).", False,
         "Making them perpendicular changes the directions, and the new vectors are no longer "
         "eigenvectors: A would turn them. (1, -1) minus its part along (1, 0) is (0, -1), "
         "and A (0, -1) = (-1, -1) is not on its line."),
        ("Nothing is wrong: only symmetric matrices guarantee perpendicular ones.", True,
         "This A is not symmetric (A^T != A). Check: A(1, -1) = (1, -1) and A(1, 0) = (2, 0). For a symmetric S the theorem "
         "gives perpendicular (orthonormal) eigenvectors and S = Q Lambda Q^T; for other "
         "matrices the eigenvectors may lean towards each other, or there may be only one "
         "direction (a shear) or none (a rotation)."),
        ("A has only one eigenvector, because it is triangular.", False,
         "A triangular matrix has its diagonal entries as eigenvalues (here 2 and 1). Two "
         "different eigenvalues always give two independent eigenvector directions."),
    ])

question(
    "03.q4",
    "PCA of the standardised Iris data gives a first component "
    "`PC1 = 0.52 x1 - 0.27 x2 + 0.58 x3 + 0.56 x4` (sepal length, sepal "
    "width, petal length, petal width). What is it?",
    options=[
        ("Petal length, the most important of the four measurements.", False,
         "Tempting, because its weight is the largest. But PCA does not select measurements: "
         "a component is a new direction, a weighted mixture of all of them. Three weights "
         "here are almost equal."),
        ("A new direction, mixing all four measurements, along which the flowers vary most.",
         True,
         "It is the top eigenvector of the covariance (here: correlation) matrix. A flower's "
         "score on it is the dot product with these weights; the flowers' scores have the "
         "largest variance of any unit direction, 2.92 of the total 4."),
        ("The average of the four measurements.", False,
         "An average would weight all four equally, with plus signs. Sepal width gets a "
         "negative weight: along this direction it tends to fall while the others grow."),
        ("The species label, learned from the data: PCA finds the direction that separates "
         "the three species best.", False,
         "PCA never sees the labels; it only looks at how the measurements vary together. "
         "That the species separate along PC1 is a fact about these flowers, not something "
         "PCA aims for."),
    ])

question(
    "03.q5",
    "You measure petal length in millimetres instead of centimetres (all other measurements "
    "stay in cm) and run PCA on the raw data, without standardising. What happens?",
    options=[
        ("Nothing: PCA finds the same directions, because the flowers are the same.", False,
         "Tempting, but PCA looks for the largest variance, and variance depends on the unit: "
         "in mm the numbers are 10 times larger and their variance 100 times larger "
         "(3.1 cm^2 becomes 310 mm^2)."),
        ("The explained variance ratios stay the same; only the eigenvalues get larger.", False,
         "If every measurement were scaled by the same factor, yes. Scaling one measurement "
         "alone changes the shape of the cloud of points, so the directions and the ratios "
         "change too."),
        ("PCA cannot be used when the units differ.", False,
         "It can, after standardising. Standardised PCA is PCA of the correlation matrix, "
         "and it is the usual choice when measurements have different units."),
        ("PC1 turns almost exactly onto petal length, because its variance becomes about 100 "
         "times larger and dominates the total.", True,
         "The result depends on an arbitrary choice of units. Standardising first (every "
         "measurement to mean 0 and standard deviation 1) removes the units, so each "
         "measurement counts by how it varies with the others, not by the size of its numbers."),
    ])
