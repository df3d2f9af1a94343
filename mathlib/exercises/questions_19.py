"""Concept questions for notebook 19 (regularisation).

Each wrong option is a belief learners really hold (the course's list of misconceptions: "more
parameters always means more overfitting", "dropout is on at test time"); its explanation says why
it is tempting and where it breaks. Placed in the notebook where the idea is taught:
``ask("19.q1")``. The right options sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "19.q1",
    "In the polynomial explorer, set lambda to 0.1 and move the degree from 3 to 15. The "
    "validation error hardly changes (about 63 at both). A classmate says: 'impossible, a "
    "degree-15 polynomial has five times the parameters, so it must overfit more.' Who is right?",
    options=[
        ("The classmate: more parameters always means more overfitting, and the explorer must "
         "be wrong.", False,
         "Tempting, and without a penalty it is what the explorer shows (at lambda = 1e-6 the "
         "degree-15 validation error is in the hundreds). But how much a model can bend is set "
         "by its parameters *and* by what keeps them small: with lambda = 0.1 the extra "
         "coefficients stay small, and the degree-15 fit is almost as smooth as the cubic."),
        ("The explorer: with a penalty, the count of parameters alone does not decide it.", True,
         "Right. The penalty limits how far the extra coefficients can move. The effective "
         "flexibility depends on the penalty (and on the amount of data): "
         "a large model with a suitable lambda can generalise as well as a small one. Very "
         "large networks, which have far more parameters than training examples, rely on this "
         "and on the implicit regularisation of their training."),
        ("Neither: the validation error cannot be compared between degrees.", False,
         "It can: the validation patients are the same for every degree and lambda, and that "
         "is exactly what the validation set is for (choosing the degree and lambda). The test "
         "set is the one that should not be used for such choices."),
        ("The classmate, because the training error is higher at degree 15.", False,
         "Look at the training line: at lambda = 0.1 the training error is lower at degree 15 "
         "(about 54) than at degree 3 (about 61), as the more flexible fit can follow the "
         "training points more closely. Overfitting is about the gap to new data, and here the "
         "validation error stays the same."),
    ])

question(
    "19.q2",
    "In the L1/L2 explorer, at lambda = 1 the lasso's w2 is exactly 0 while ridge's is 0.47. "
    "Why does the L1 penalty give exact zeros?",
    options=[
        ("Because L1 is a larger penalty than L2.", False,
         "Not in general: for weights smaller than 2 in size, lam |w| is larger than "
         "(lam / 2) w^2, but for larger weights it is smaller; and a larger lambda for ridge still "
         "gives no zero. What matters is the penalty's slope near 0, not its size."),
        ("Its pull towards 0 does not fade: the slope of lam |w| is lam all the way down to the "
         "kink at 0, so a weight whose loss gradient there is smaller than lam stays at 0; "
         "ridge's pull lam w vanishes as w does.", True,
         "Right. In the picture: the diamond's corners sit on the axes, and a level set of the "
         "loss usually first touches the diamond at a corner; the circle has no corners. In "
         "formulas: a one-weight lasso gives the soft-threshold S(w0, lam), exactly 0 when "
         "|w0| <= lam; ridge gives w0 / (1 + lam), 0 only when w0 is."),
        ("Because of rounding: the lasso's coordinate descent rounds small numbers to 0.", False,
         "The zeros are exact solutions, not rounding: with |z| <= lam the soft-threshold returns "
         "0 by its definition, and 0 satisfies the optimality condition (0 is a subgradient). "
         "Any solver that finds the minimum finds these zeros."),
        ("Because w2 is the less important weight.", False,
         "It is the one with the smaller least-squares value here, which is why it goes first; "
         "but ridge shrinks it too and never to 0. Which weight is 'important' does not explain "
         "why one penalty produces exact zeros and the other does not."),
    ])

question(
    "19.q3",
    "A network was trained with (inverted) dropout, p = 0.5, on its hidden layer, as "
    "mathlib.nn.dropout and PyTorch do it. What happens at test time?",
    options=[
        ("Dropout stays on with p = 0.5, so the network sees what it saw during training.", False,
         "Tempting, since a model is usually run as it was trained. But then the same input gives "
         "a different output on each run, and each output is noisier than needed. Inverted "
         "dropout already made the expected activation equal to the undropped one, so it is "
         "switched off (model.eval() in PyTorch, training=False here)."),
        ("Dropout is switched off and every activation is multiplied by 0.5.", False,
         "That is the original (non-inverted) dropout of 2014, which did not scale during "
         "training and had to scale by 1 - p at test time. Inverted dropout divides by 1 - p "
         "during training, so at test time nothing is scaled: multiplying by 0.5 would halve "
         "every activation."),
        ("Dropout is switched off; the activations are used as they are.", True,
         "Right. Each kept activation was divided by 1 - p during training, so E[dropout(x)] = x: "
         "the next layer saw inputs of the right size on average, and at test time it gets x "
         "itself."),
        ("Every neuron is dropped with probability 0.5 and the outputs of 100 runs are "
         "averaged.", False,
         "That is Monte Carlo dropout, a way to estimate uncertainty; it costs 100 forward "
         "passes. Ordinary inference uses one pass with dropout off, which approximates that "
         "average (exactly so for a linear layer)."),
    ])
