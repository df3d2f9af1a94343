"""Concept questions for notebook 18 (learning-rate schedules).

Each wrong option is a belief learners really hold (see the course's list of misconceptions: "the
learning rate should stay fixed once chosen"); its explanation says why it is tempting and where
it breaks. Placed in the notebook where the idea is taught: ``ask("18.q1")``. The right options
sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "18.q1",
    "Mini-batch SGD with a constant learning rate: after a while the training loss stops falling "
    "and jiggles at a level above its lowest value. What does lowering the rate from then on do?",
    options=[
        ("Nothing useful: once a good rate is chosen it should stay fixed, and the level reached "
         "is the best the model can do.", False,
         "Tempting, because the loss has clearly stopped improving. But the level it jiggles at "
         "is set by the rate: the noise of the mini-batch gradients keeps the weights bouncing "
         "around the minimum, with a spread that grows with the rate (V = lr sigma^2 / "
         "(a (2 - lr a)) on the notebook's quadratic). Lower the rate and the loss settles lower."),
        ("The loss settles lower: the noise floor shrinks with the rate.", True,
         "Right. Near the minimum the noisy gradient is all there is, and a smaller rate takes "
         "smaller noisy steps: on the quadratic the spread is about proportional to the rate for "
         "small rates. Far from the minimum the large rate was the better one (it approaches "
         "faster): hence schedules that start large and fall."),
        ("The loss diverges: changing the rate in the middle of training breaks the optimiser.",
         False,
         "Plain SGD keeps no state, so a new rate simply applies to the next step; a smaller "
         "rate is further from the divergence threshold (2 / a on a quadratic), not closer. "
         "Optimisers with state (momentum, Adam) also take a new rate in their stride: "
         "schedulers change it every step."),
        ("Nothing: a lower rate only slows training down, so it cannot help at any stage.", False,
         "True early on, when the run is far from the minimum and the rate limits progress. "
         "Near the minimum the limit is the gradient noise, and there a smaller rate helps: the "
         "notebook's noisy runs reach a ten times lower floor at a ten times smaller rate."),
    ])

question(
    "18.q2",
    "In the training explorer, with batch size 442 (the whole data set, so the exact gradient) "
    "and lr0 = 0.1, the constant rate ends with the lowest loss of the five schedules. Why?",
    options=[
        ("Full-batch gradient descent on a linear regression is not convex, so schedules do not "
         "apply.", False,
         "The mean squared error of a linear model is convex in its weights for any batch size "
         "(notebook 16 (loss landscapes) treats convexity); and schedules apply to any problem. "
         "What changes with the full batch is the noise, not the shape of the loss."),
        ("The decaying schedules need more warm-up.", False,
         "Warm-up lowers the rate further at the start; it cannot help a run whose only problem "
         "is that its steps are already too small. Of the five, warm-up + cosine moves least in "
         "its first 20 steps."),
        ("The gradient is exact: no noise floor, so a decay only shrinks useful steps.", True,
         "Right. Without gradient noise a stable constant rate keeps making progress at every "
         "step; the slowest directions of this ill-conditioned problem still have far to go "
         "after 200 steps, and a decayed rate covers less of that distance. Schedules pay off "
         "when the gradient is noisy (small batches) or when the starting rate is too large to "
         "keep."),
        ("Because lr0 = 0.1 is above the stable rate, and the schedules diverge.", False,
         "No run diverges at lr0 = 0.1 with the full batch (the readout says so); the largest "
         "stable constant rate here is 1 / 4.02 = 0.249 (one over the largest eigenvalue of "
         "X^T X / n, since the Hessian of the loss is twice that matrix)."),
    ])

question(
    "18.q3",
    "A run is set up with cosine annealing, lr0 = 0.1, lr_min = 0 and t_max = 100 (PyTorch's "
    "CosineAnnealingLR), but by mistake it trains for 300 steps. What is the rate at step 200?",
    options=[
        ("0: after t_max the rate stays at lr_min.", False,
         "Many schedules do stop at their last value, and one might expect that here. But the "
         "closed form lr_min + (lr0 - lr_min)(1 + cos(pi t / t_max)) / 2 is periodic: past t_max "
         "the cosine rises again."),
        ("0.05, halfway down a second, longer cosine.", False,
         "0.05 is the rate at t = 50 and t = 150, where cos(pi t / t_max) = 0. At t = 200, "
         "cos(2 pi) = 1."),
        ("An error: the scheduler refuses to give a rate for any step beyond t_max.", False,
         "Neither PyTorch nor mathlib.optim refuses them; the formula is defined for every t, "
         "which is why a schedule longer than the run (or shorter) goes unnoticed unless you "
         "plot it."),
        ("0.1: the formula is periodic with period 2 t_max, back at lr0.", True,
         "Right: cos(pi 200 / 100) = cos(2 pi) = 1, so the rate is lr0 again, and it falls again "
         "to 0 at t = 300. Set t_max to the length of the run, or restart on purpose (SGDR)."),
    ])
