"""Concept questions for notebook 16 (loss landscapes: convex and non-convex).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("16.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "16.q1",
    "A strictly convex function f of one variable (every chord strictly above the graph between "
    "its ends). How many minimisers can it have?",
    options=[
        ("Exactly one: strict convexity guarantees a unique minimum.", False,
         "Unique if it exists, but it need not exist: f(x) = e^x is strictly convex (f'' = e^x "
         "> 0) and keeps falling towards 0 as x -> -infinity without ever reaching it, so it has "
         "no minimiser. A strictly convex function that is continuous on a closed bounded "
         "interval, or one that grows without bound in every direction (like x^2), does have "
         "one; continuity matters: f(0) = 1 and f(x) = x^2 on (0, 1] is strictly convex on "
         "[0, 1] and has none."),
        ("As many as it likes, as long as they all have the same value.", False,
         "That is true of convex functions that are not strictly convex: f(x) = max(|x| - 1, 0) "
         "is minimal on the whole interval [-1, 1]. Strict convexity rules it out: between two "
         "minimisers the chord is flat at the minimum value, and the graph would have to lie "
         "strictly below it, below the minimum."),
        ("At most one: possibly none (e^x), never two.", True,
         "Right. Two minimisers a and b with the same value m would put the graph strictly "
         "below the flat chord between them, lower than m: a contradiction. And e^x shows that "
         "none is possible."),
        ("One for every point where f'(x) = 0, and a strictly convex function may have "
         "several.", False,
         "A strictly convex differentiable function has an increasing derivative, so f' = 0 "
         "happens at most once; and where it happens, that point is the global minimiser."),
    ])

question(
    "16.q2",
    "You train the same one-hidden-layer network twice on the same data, from two random "
    "seeds. Both runs end with the same low loss, but the weights are completely different. "
    "What does this tell you?",
    options=[
        ("Many weights fit equally well, and the loss rises between them: not convex.", True,
         "Right. Relabelling the hidden units alone gives different weights with the same loss "
         "(H! of them for H units). Equal losses alone would not prove non-convexity (a convex "
         "function can be minimal on a whole flat set); the barrier does: the notebook's slice "
         "between two such trained weight settings rises far above the chord, which a convex "
         "function cannot do. (They need not be minima at all: more training still lowers "
         "the loss.)"),
        ("One of the runs has not converged: a loss function has one best set of weights.",
         False,
         "That holds for a strictly convex loss (at most one minimiser). A network's loss is "
         "not: swapping two hidden units, with their incoming and outgoing weights, gives other "
         "weights computing exactly the same function, so the same loss."),
        ("Nothing: the loss is still convex, because the cross-entropy it is built from is a "
         "convex function.", False,
         "Cross-entropy is convex in the LOGITS. The logits are a non-linear function of the "
         "hidden layer's weights, and a convex function of a non-linear function need not be "
         "convex: convexity depends on which parameters you vary."),
        ("The data must be noisy, so different weights fit it equally badly.", False,
         "Noise does not explain it: both runs fit well. The many equally good weight "
         "settings come from the network's symmetries and non-linearity, not from the data."),
    ])

question(
    "16.q3",
    "During training the loss has hardly changed for 200 steps and the gradient is tiny. "
    "Which conclusion is justified?",
    options=[
        ("The weights are at a minimum, so training is done.", False,
         "A tiny gradient only says the surface is flat here. On a plateau (f almost constant "
         "far from every well) or near a saddle point the gradient is tiny too, and a lower "
         "loss may still be reachable: the notebook's explorer stalls on its plateau at f = 0 "
         "while its minima lie at -1 to -0.55."),
        ("Only that it is nearly flat there: a minimum, a saddle or a plateau.", True,
         "Right. Telling them apart needs more than the gradient: the Hessian's eigenvalues "
         "(notebook 09) at a critical point, or simply more steps, a larger learning rate, or "
         "another start."),
        ("The learning rate is too large.", False,
         "Too large a learning rate shows as a loss that jumps or grows, not as one that "
         "stays flat with a tiny gradient."),
        ("The loss is convex, so this flat stretch must be its global minimum and training "
         "can stop.", False,
         "Even for a convex loss a flat stretch need not be a minimum: e^x flattens as x -> "
         "-infinity without a minimiser. And a network's loss is not convex."),
    ])
