"""Concept questions for notebook 15 (loss functions).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("15.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "15.q1",
    "A sigmoid output gives p = sigmoid(z) = 0.002 for an example of class 1: confidently wrong. "
    "Which loss pushes the score z harder towards the right answer, MSE on p, (p - 1)^2, or "
    "binary cross-entropy, -log p?",
    options=[
        ("MSE: it squares the error, so it punishes big mistakes most.", False,
         "Tempting, because squaring does magnify big errors, but here the error p - 1 is at "
         "most 1 in size, so the loss is at most 1; and the gradient at z is 2 (p - 1) times the "
         "sigmoid's slope p (1 - p) = 0.002, which is about -0.004. The saturated sigmoid "
         "swallows the push."),
        ("Cross-entropy: its gradient at z is p - 1, about -1.", True,
         "Right. The 1/p of -log p cancels the sigmoid's small slope p (1 - p), leaving "
         "dL/dz = p - y, about -1 here: a full push, about 250 times the MSE's -0.004. That is "
         "why a sigmoid (or softmax) output is trained with cross-entropy."),
        ("Both push equally hard: each is 0 at the target and grows with the error.", False,
         "Being 0 at the target says nothing about the slope far from it. At p = 0.002 the "
         "cross-entropy is 6.2 and still steep in z; the MSE is 0.996 and flat in z, so their "
         "gradients differ about 250 times."),
        ("Neither: once the answer is that confident, no loss can change z.", False,
         "A loss can always push z as long as its gradient at z is not 0. Cross-entropy's is "
         "p - 1, about -1, however wrong p is; only the MSE through the sigmoid fades, because "
         "the sigmoid's slope does."),
    ])

question(
    "15.q2",
    "Which pairing of task and loss is the usual one?",
    options=[
        ("House prices: cross-entropy; spam or not: MSE; the digit 0-9 in an image: hinge.",
         False,
         "Cross-entropy needs probabilities of classes, and a price is a number, not a class. "
         "The usual pairing is the other way round: MSE for a number, cross-entropy for "
         "classes."),
        ("Any task: MSE, since every loss only measures how far the prediction is from the "
         "target, and MSE does that most simply.", False,
         "MSE can be used anywhere numbers are compared, but it does not suit every output. On "
         "a probability p = sigmoid(z) the error is at most 1, and the gradient of (p - 1)^2 at "
         "the score z is 2 (p - 1) times the sigmoid's slope p (1 - p), nearly 0 when p is near "
         "0: a confidently wrong answer is hardly pushed. On a raw score it charges a score for "
         "being too right (s = 3 for the label 1 costs 4). The loss should match what the output "
         "means."),
        ("Every classification task: the hinge, because only the sign of the score matters.",
         False,
         "The hinge suits a classifier that outputs a score and needs only a margin (the "
         "support vector machine). It gives no probabilities; when probabilities are wanted, "
         "cross-entropy is the choice."),
        ("House prices: MSE; spam or not: binary cross-entropy; the digit 0-9: categorical "
         "cross-entropy.", True,
         "Right. A number: MSE (its minimiser is the mean of the target given x). Two classes: "
         "a sigmoid output and binary cross-entropy. K classes, one of them right: softmax "
         "and categorical cross-entropy. If the labels are independent given the inputs, "
         "minimising either cross-entropy maximises the likelihood of the labels (notebook "
         "13)."),
    ])

question(
    "15.q3",
    "With the hinge loss max(0, 1 - y s), an example has label y = +1 and score s = 3. What is "
    "its gradient dL/ds?",
    options=[
        ("0: beyond the margin it no longer moves the weights.", True,
         "Right. 1 - y s = -2 < 0, so the loss is max(0, -2) = 0 on a whole interval around "
         "s = 3, and so is its derivative. Only examples inside the margin (y s < 1, the "
         "support vectors) push. Cross-entropy, by contrast, is never exactly 0 and keeps "
         "pushing a little (sigmoid(3) - 1 = -0.047)."),
        ("-1: the hinge's slope is -y everywhere.", False,
         "-y is its slope only inside the margin, where 1 - y s > 0. Beyond it the max picks 0, "
         "a flat piece."),
        ("+2: the score is 2 above the margin and the loss pulls it back.", False,
         "That is what MSE on the score would do, (s - y)^2 pulling s = 3 back to 1 with a "
         "gradient of 2 (s - y) = 4. The hinge never punishes a score for being too right."),
        ("It has no gradient there, because the hinge is not a differentiable function.", False,
         "It is not differentiable at one point only, the kink y s = 1 (where mathlib, like "
         "PyTorch, takes 0). At s = 3 it is flat and its derivative is 0."),
    ])
