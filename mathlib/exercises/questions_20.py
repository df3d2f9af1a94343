"""Concept questions for notebook 20 (weight initialisation, vanishing and exploding gradients).

Each wrong option is a belief learners really hold (see the course's list of misconceptions:
"initialising all weights to zero is safe"); its explanation says why it is tempting and where it
breaks. Placed in the notebook where the idea is taught: ``ask("20.q1")``. The right options sit at
different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "20.q1",
    "A network with one hidden layer of 8 tanh units starts with every weight of the hidden "
    "layer equal to 0.1 and every output weight equal to 0.1. What does gradient descent do to "
    "the 8 hidden units?",
    options=[
        ("It makes them different after the first step, because the data are different for every "
         "example.", False,
         "Tempting: the examples do differ. But every hidden unit sees the same inputs through "
         "the same weights, so all 8 compute the same value on every example, receive the same "
         "gradient and take the same step. Different examples change the step, not the fact "
         "that it is the same for every unit."),
        ("They stay identical forever: each gets the same gradient, so the layer acts like one "
         "unit.", True,
         "Right. Identical units are a symmetry that gradient descent keeps: same value, same "
         "error signal, same update, at every step. Random initialisation breaks the symmetry. "
         "(With dropout, or noise added to the updates, they could drift apart; plain gradient "
         "descent never separates them.)"),
        ("Nothing is wrong: 0.1 is small, so the units are in tanh's linear range and learn "
         "normally.", False,
         "Their size is not the problem; their sameness is. Small equal weights give 8 equal "
         "units in the linear range, and gradient descent keeps them equal."),
        ("They die: the gradient of each hidden weight is exactly 0 at every step.", False,
         "That happens when every weight is 0 (then tanh(0) = 0 and the output weights, being 0, "
         "pass back no error). With 0.1 the gradients are not 0; they are equal, which is the "
         "subtler failure."),
    ])

question(
    "20.q2",
    "He initialisation uses Var(W) = 2 / fan_in for ReLU layers, twice Xavier's 1 / fan_in for a "
    "square layer. Where does the 2 come from?",
    options=[
        ("ReLU's derivative is 1 for positive inputs, twice the slope of tanh at large inputs.",
         False,
         "tanh's slope is 1 at 0 and falls to 0 for large inputs; a factor of slopes gives no "
         "constant 2. The 2 is about the signal's second moment, not a slope."),
        ("It makes the weights larger so that training goes faster; the exact factor was found by "
         "trial.", False,
         "It was derived: with zero-mean, independent weights and a pre-activation symmetric "
         "about 0, E[relu(z)^2] = E[z^2] / 2 exactly, so the weights must make up a factor 2 to "
         "keep E[z^2] the same in the next layer."),
        ("It accounts for the forward and the backward pass, one factor each.", False,
         "Xavier's rule is the one that averages forward (fan_in) and backward (fan_out); He's "
         "keeps the forward signal (mode fan_in). Both directions lose the same factor 2 through "
         "ReLU, but with Var(W) = 2 / fan_in the backward second moment is multiplied by "
         "fan_out x (2 / fan_in) x 1/2 = fan_out / fan_in per layer: He's 2 restores the "
         "backward signal too only for a square layer (fan_in = fan_out)."),
        ("ReLU zeroes half of a symmetric input, halving its second moment.", True,
         "Right: for z symmetric about 0, relu(z)^2 is z^2 on half the inputs and 0 on the "
         "other half, so E[relu(z)^2] = E[z^2] / 2. Weights with fan_in Var(W) = 2 double it "
         "back."),
    ])

question(
    "20.q3",
    "In a 20-layer network, the gradient's RMS shrinks by a factor 0.8 from each layer to the one "
    "below. About how much smaller is it at layer 1 than at layer 20?",
    options=[
        ("About 70 times smaller: 0.8^19 = 0.014.", True,
         "Right: the chain rule multiplies one factor per layer, so 19 factors of 0.8 compound "
         "to 0.014. A factor 1.2 would instead grow it 32 times. Only a factor very close to 1 "
         "survives depth, which is what Xavier and He aim for."),
        ("About 5 times smaller: each layer takes 0.2 of it away, so 19 layers take 3.8 away.",
         False,
         "That adds the losses, but backpropagation multiplies: each layer's factor applies to "
         "what is left after the layers above it. 0.8^19 = 0.014, not 1 - 19 x 0.2 (which would "
         "be negative)."),
        ("0.8 times smaller, the same as one layer: the factor does not depend on depth.", False,
         "It does: the factors of all the layers between the output and layer 1 are multiplied, "
         "one per layer."),
        ("It cannot be said: gradients only vanish with sigmoid or tanh, never with this "
         "factor alone.", False,
         "Any activation can vanish or explode: with ReLU and weights of variance 1 / fan_in the "
         "factor is about 0.71 per layer (the explorer shows it), and a linear network with "
         "g = 0.8 has exactly this factor."),
    ])
