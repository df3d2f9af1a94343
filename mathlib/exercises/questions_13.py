"""Concept questions for notebook 13 (information theory).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("13.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "13.q1",
    "p = (0.5, 0.5) and q = (0.9, 0.1). KL(p || q) = 0.511 nats. What is KL(q || p)?",
    options=[
        ("Also 0.511: KL measures how far apart two distributions are, and a distance is the "
         "same both ways.", False,
         "Tempting, because 'divergence' sounds like 'distance'. But KL(p || q) = sum p log(p/q) "
         "weighs the log-ratio by p, and swapping the arguments changes both the weights and the "
         "ratio. Here KL(q || p) = 0.9 log 1.8 + 0.1 log 0.2 = 0.368. KL also breaks the "
         "triangle inequality, so it is not a distance (a metric) at all."),
        ("-0.511: swapping the arguments flips the sign of the logarithm.", False,
         "log(q/p) = -log(p/q) term by term, but the weights change too (q instead of p), so "
         "the sum is not simply negated. And KL is never negative, in either direction "
         "(Gibbs' inequality)."),
        ("A different number in general (0.368 here): KL is not symmetric, so it is not a "
         "distance.", True,
         "Right. KL(p || q) >= 0, with 0 only when p = q, but the two directions differ: "
         "KL(p || q) is large when q puts little mass where p has a lot, KL(q || p) when p puts "
         "little mass where q has a lot. Which direction a method minimises changes its "
         "behaviour (VAEs and distillation use specific ones)."),
        ("It cannot be computed: KL needs p to be the true distribution.", False,
         "KL is defined for any two distributions over the same outcomes (infinite only where "
         "the first puts mass where the second has none). Calling p 'the truth' is an "
         "interpretation, not a condition of the formula."),
    ])

question(
    "13.q2",
    "A model's predictions q are trained to minimise the cross-entropy H(p, q) against a fixed "
    "target distribution p (not one-hot; say p = (0.7, 0.2, 0.1)). What is the smallest value "
    "H(p, q) can reach?",
    options=[
        ("0, when the model is perfect.", False,
         "True only for a one-hot p (then H(p) = 0). In general H(p, q) = H(p) + KL(p || q) "
         ">= H(p): the KL part can reach 0 (at q = p), the entropy of the target cannot be "
         "trained away. For p = (0.7, 0.2, 0.1) the floor is H(p) = 0.802 nats."),
        ("H(p), the entropy of the target, reached exactly when q = p.", True,
         "Right: H(p, q) = H(p) + KL(p || q), KL >= 0 and KL = 0 only when q = p. That is why a "
         "loss curve with soft targets (label smoothing, distillation) levels off above 0."),
        ("log 3, the entropy of the uniform distribution.", False,
         "log 3 = 1.099 is the largest entropy over 3 outcomes, reached by the uniform p; it is "
         "not a floor for the cross-entropy. H(p, q) with q = p = (0.7, 0.2, 0.1) is 0.802, "
         "below log 3."),
        ("It has no smallest value: with more training the loss can always be pushed a little "
         "lower.", False,
         "Every term -p_i log q_i is >= 0, and the sum is bounded below by H(p) (Gibbs' "
         "inequality); the minimum is reached at q = p."),
    ])

question(
    "13.q3",
    "A classifier outputs q = softmax(z) over K classes; the label is class c, written as the "
    "one-hot target p (p_c = 1, every other p_k = 0). Why is the cross-entropy H(p, q) equal to "
    "-log q_c?",
    options=[
        ("Every term with p_k = 0 vanishes; only -p_c log q_c = -log q_c is left.", True,
         "Right: H(p, q) = -sum_k p_k log q_k, and only k = c has p_k != 0. So the loss only "
         "looks at the probability of the true class: -log q_c is 0 when q_c = 1 and grows "
         "without bound as q_c -> 0. Averaged over a batch, it is the negative log-likelihood "
         "of the labels."),
        ("Because the other classes' probabilities are 0 after softmax.", False,
         "In exact arithmetic softmax is never 0 (every e^(z_k) > 0); in float64 a class whose "
         "logit is about 745 or more below the largest does round to exactly 0 (the notebook's "
         "logits of +-1000 show such zeros). Either way that is not the reason: the other terms "
         "vanish because the target p_k is 0, whatever q_k is."),
        ("It is not equal: each wrong class k also adds -log(1 - q_k) to the loss, pushing q_k "
         "down.", False,
         "That is the binary cross-entropy applied to each class separately (used for "
         "multi-label problems, with sigmoids). The categorical cross-entropy with one softmax "
         "has only the -log q_c term; the wrong classes are pushed down indirectly, because "
         "raising q_c lowers the others (they sum to 1)."),
        ("Because the entropy H(p) of a one-hot p is log K.", False,
         "A one-hot p is certain, so H(p) = 0, the smallest entropy, not log K (the largest, "
         "for the uniform distribution). With H(p) = 0, H(p, q) = KL(p || q) = -log q_c."),
    ])

question(
    "13.q4",
    "Knowledge distillation and sampling use softmax(z / T) with a temperature T > 0. What does "
    "raising T from 1 to 5 do to the probabilities of the logits z = (3, 1.5, 1, 0, -2)?",
    options=[
        ("It makes the largest probability larger: a hotter softmax is more confident.", False,
         "The reverse: dividing the logits by a large T shrinks their differences, and softmax "
         "only depends on differences. Confidence rises when T goes below 1."),
        ("It flattens them towards uniform; the order of the classes stays.", True,
         "Right: differences between logits are divided by T, so the small classes get more "
         "mass. At T = 1 the top probability is 0.71, at T = 5 about 0.30 (uniform: 0.2), and "
         "the entropy rises towards log 5. In distillation these softer targets show the student "
         "which wrong classes the teacher finds similar. As T -> 0 it approaches one-hot on the "
         "largest logit (when one logit is strictly the largest)."),
        ("It can change which class is most likely.", False,
         "Dividing by T > 0 keeps the order of the logits, and softmax is increasing in each "
         "logit, so the argmax never changes; only how peaked the distribution is."),
        ("It changes nothing: softmax does not change when all logits are shifted.", False,
         "Softmax is unchanged by adding a constant to every logit, not by multiplying them by one. "
         "Dividing by T scales their differences, which changes the probabilities."),
    ])
