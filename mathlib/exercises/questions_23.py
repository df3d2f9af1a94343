"""Concept questions for notebook 23 (sets and logic: the perceptron).

Each wrong option is a belief learners really hold (the course's list of misconceptions: "a single
perceptron can learn XOR"; and that a split's parts may share examples); its explanation says
why it is tempting and where it breaks. Placed in the notebook where the idea is taught:
``ask("23.q1")``. The right options sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "23.q1",
    "The data (the 100 setosa and versicolor flowers) are split into a training, a validation "
    "and a test set. Which description of a correct split is right?",
    options=[
        ("They are disjoint and their union is the data: each flower is in exactly one.", True,
         "Right: a partition. Disjoint (train & test is empty) so that the test error is "
         "measured on flowers the model never saw; the union is everything so that no flower is "
         "lost. The notebook checks both with set operations."),
        ("The test set may share a few flowers with the training set, as long as most of it is "
         "new.", False,
         "Tempting, since a few shared flowers seem harmless. But a shared flower is one the "
         "model was fitted to: on it the error is a training error, and the test error becomes "
         "optimistic. A test set must be disjoint from the training set."),
        ("The training set should contain the validation and test sets, so that the model sees "
         "all the data.", False,
         "Then the model is fitted to the very flowers it is judged on, and the validation and "
         "test errors are training errors in disguise: they say nothing about new flowers."),
        ("The union of the three sets may leave some flowers out, as long as the sets are "
         "disjoint.", False,
         "Leaving flowers out is allowed by disjointness, but it is not a partition of the data: "
         "some examples are simply wasted. The usual split uses every example exactly once."),
    ])

question(
    "23.q2",
    "Why can no single perceptron (output 1 where w1 x1 + w2 x2 + b >= 0) compute XOR of two "
    "Boolean inputs?",
    options=[
        ("Because its weights are too few: with enough training it would find them.", False,
         "No amount of training helps: the four inequalities XOR needs (b < 0, w2 + b >= 0, "
         "w1 + b >= 0, w1 + w2 + b < 0) contradict each other, so no weights exist to be found. "
         "Rosenblatt's rule on XOR cycles for ever."),
        ("Because the step function is not differentiable, so a perceptron cannot be trained to "
         "do it, though the right weights exist.", False,
         "Differentiability is about training by gradients; the question is whether any weights "
         "exist at all. They do not, for a smooth activation (sigmoid) of one unit either: the "
         "unit still splits the plane by one line w . x + b = 0."),
        ("No straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the "
         "other.", True,
         "Right: a perceptron's output 1 region is a half-plane, and XOR's two classes are not "
         "linearly separable. Adding the two middle inequalities gives w1 + w2 + 2b >= 0, "
         "adding the outer ones gives w1 + w2 + 2b < 0: a contradiction."),
        ("It can, with a negative bias large enough.", False,
         "A bias only moves the line parallel to itself, and a weight only turns it: every "
         "setting of the notebook's first explorer gives one of the 14 other gates, never XOR."),
    ])

question(
    "23.q3",
    "The two-layer network computes XOR with hidden units h1 = OR and h2 = NAND and the output "
    "unit AND(h1, h2). What did the hidden layer do?",
    options=[
        ("It made the network non-linear by using the step, which a single perceptron lacks.",
         False,
         "A single perceptron already has the step, and still cannot compute XOR. What the "
         "hidden layer adds is a second stage: the output unit draws its line in a new space."),
        ("It memorised the four inputs, one hidden unit for each.", False,
         "There are two hidden units for four inputs, and no unit stands for one input: h1 is OR "
         "and h2 is NAND, each true on three of them."),
        ("It learned XOR itself; the output unit only copies h1.", False,
         "Neither hidden unit is XOR (none can be: each is one perceptron). The output needs "
         "both: XOR is 1 exactly where OR and NAND are both 1."),
        ("It mapped the inputs to new points (h1, h2) where one line separates XOR's classes.",
         True,
         "Right: (0, 1) and (1, 0) both land on (1, 1), (0, 0) on (0, 1) and (1, 1) on (1, 0); "
         "in that hidden space the line h1 + h2 = 1.5 separates them. Hidden layers change "
         "the representation until the classes are linearly separable."),
    ])
