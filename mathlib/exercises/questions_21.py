"""Concept questions for notebook 21 (numerical stability).

Each wrong option is a belief learners really hold (see the course's list of misconceptions:
"0.1 + 0.2 == 0.3 in floating point", "float16 just has fewer decimals"); its explanation says why
it is tempting and where it breaks. Placed in the notebook where the idea is taught:
``ask("21.q1")``. The right options sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "21.q1",
    "In Python (float64), 0.1 + 0.2 == 0.3 is False. Why, and what should a test write instead?",
    options=[
        ("Python's addition has a bug for some decimals; numpy's np.add gets 0.3 exactly.", False,
         "numpy uses the same IEEE 754 float64 and gives the same 0.30000000000000004. The "
         "addition is correctly rounded: the inputs were never exactly 0.1 and 0.2."),
        ("None of 0.1, 0.2, 0.3 is a binary float; each is rounded, and the rounded sum lands "
         "one step from the rounded 0.3. Compare within a tolerance: np.isclose.", True,
         "Right. 1/10 has an endless binary expansion (like 1/3 in decimal), so 0.1 is stored as "
         "0.1000000000000000055...; the sum's rounding error is about float64's epsilon, "
         "2.2e-16, times 0.3. np.isclose(a, b) (or math.isclose) asks for agreement to a "
         "relative tolerance instead of every bit."),
        ("Because float64 keeps only about 7 significant decimal digits.", False,
         "That is float32 (24 bits: about 7 digits). float64 keeps 53 bits, about 16 digits: "
         "0.1 + 0.2 is 0.30000000000000004, wrong only in the 17th digit, and still not equal."),
        ("It is a display problem: the numbers are equal, only print shows them differently.",
         False,
         "== compares the stored bits, not the printed text: the two sums really differ, by one "
         "step of float64 (5.6e-17 near 0.3). print hides it for 0.3 itself and shows it for the "
         "sum."),
    ])

question(
    "21.q2",
    "A float32 model is converted to float16. One activation is 70000 and one gradient entry is "
    "1e-8. What happens to them?",
    options=[
        ("Both keep their size with about 3 decimal digits: float16 just has fewer decimals.",
         False,
         "Tempting, since float16 has 10 fraction bits against float32's 23. But it also has "
         "only 5 exponent bits: its range ends at 65504, and below 6.1e-5 its numbers thin out "
         "(subnormals) down to 6e-8."),
        ("The activation is stored as 65504, the largest float16, and the gradient as 6e-8, the "
         "smallest.", False,
         "IEEE rounding does not clamp: anything from 65520 up rounds to inf, and anything up to "
         "half the smallest subnormal (about 3e-8) rounds to 0. Clamping is something a "
         "program has to ask for."),
        ("The activation becomes inf and the gradient becomes 0.", True,
         "Right: 70000 is past float16's largest number 65504 (everything from 65520 rounds to "
         "inf), and 1e-8 is below half the smallest subnormal, 2^-25 = 3e-8, so it is flushed "
         "to 0. bfloat16 would keep both (float32's range, 8 bits of precision): 70144 and "
         "about 1e-8."),
        ("Nothing: the conversion checks the values and refuses numbers float16 cannot hold.",
         False,
         "numpy's astype(np.float16) and a framework's .half() convert silently (numpy may warn "
         "about the overflow; the result is inf all the same). That is why mixed precision "
         "needs loss scaling and overflow checks."),
    ])

question(
    "21.q3",
    "Mixed-precision training runs the forward and backward passes in float16 but keeps a float32 "
    "master copy of every weight and applies the updates there. What would go wrong if the "
    "weights were kept in float16 only?",
    options=[
        ("Small updates vanish: near 1 float16's numbers are about 0.001 apart, so w + 1e-4 "
         "rounds back to w.", True,
         "Right. An update smaller than half the spacing at w is lost entirely, however many "
         "steps add it: lr x gradient is often 1e-4 or less. In float32 the spacing near 1 is "
         "1.2e-7, so the master weight accumulates the updates; its float16 copy changes once "
         "they add up to a float16 step."),
        ("The weights would overflow: weights are usually larger than 65504.", False,
         "Weights are usually of size 1 or less (initialisations scale them by 1/sqrt(n), n "
         "the number of inputs of a neuron); "
         "overflow threatens activations, losses and scaled gradients, not the weights."),
        ("Nothing: float16 weights are only less precise, and training averages the error "
         "away over many steps.", False,
         "Rounding errors average away when they are random and comparable in size to the "
         "signal. Here the same update is rounded away every time, a bias, not noise: "
         "round_to(1 + 1e-4, \"float16\") is 1.0 at every step."),
        ("The gradients would be wrong: float16 cannot compute a derivative.", False,
         "The backward pass runs in float16 in mixed precision too; its gradients are "
         "approximate (and need loss scaling against underflow), but they are gradients. The "
         "master copy is about where the updates are added up."),
    ])
