"""Concept questions for notebook 17 (optimisers).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("17.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "17.q1",
    "Gradient descent zig-zags across a narrow valley: the gradient flips sign across the valley "
    "at every step, and points the same small way along it. What does momentum (mu = 0.9) do "
    "there?",
    options=[
        ("It makes every step ten times bigger, so the zig-zag across the valley gets worse.",
         False,
         "Tempting, because along a constant gradient the velocity does grow to g / (1 - mu), "
         "ten times g. But the velocity is a running sum of past gradients: across the valley "
         "they alternate in sign and largely cancel, so that part of the step shrinks; only the "
         "consistent part, along the floor, adds up."),
        ("It averages the directions: the alternating part cancels and the steps across the "
         "valley shrink, while the steady part along the floor adds up and speeds up.", True,
         "Right. v <- mu v + g is a (not normalised) moving average of the gradients, with "
         "weights mu^k on the gradient k steps ago. Components that keep their sign grow "
         "towards g / (1 - mu); components that flip sign stay small. That is why the momentum "
         "path in the race runs along the valley instead of across it (when lr is small enough: "
         "too large an lr makes momentum overshoot too)."),
        ("Nothing useful: momentum was invented to smooth the noise of mini-batch gradients; "
         "these gradients are exact, so its path is the same as plain gradient descent's.",
         False,
         "Averaging does smooth mini-batch noise, but momentum changes the path on exact "
         "gradients too: the race uses exact gradients, and its momentum path differs from "
         "SGD's on every landscape."),
        ("It stops the run at the valley's floor, because the velocity falls to 0 there.",
         False,
         "The velocity is not reset where the gradient is small: it carries the run on, which "
         "is why a momentum path overshoots a minimum and circles back before settling."),
    ])

question(
    "17.q2",
    "In the race on the tilted valley, at the starting settings, Adam ends closest to the minimum "
    "after 200 steps (the readout says so), far closer than SGD. A colleague concludes: "
    "'Adam is the better optimiser; always use it instead of SGD.' What is wrong with that?",
    options=[
        ("Nothing: Adam's bias correction and per-parameter steps make it faster than SGD on "
         "every problem, because each coordinate gets a step of about lr whatever the scale of "
         "its gradient, so it never needs tuning.", False,
         "Per-parameter steps help when the gradients' scales differ by coordinate, but no "
         "optimiser is fastest on every problem: in the race momentum comes closest on "
         "Rosenbrock and RMSProp on the valley along the x-axis, and the ranking changes with the "
         "learning rates."),
        ("Adam has more hyperparameters, so it always needs more tuning than SGD.", False,
         "Adam has more hyperparameters, but its defaults (beta1 = 0.9, beta2 = 0.999) are often "
         "left alone; the learning rate needs tuning for both. This is not what makes the "
         "conclusion wrong."),
        ("Adam cannot diverge, so its results are safer, but it is slower.", False,
         "Adam can diverge or oscillate (its step is about lr, so a too large lr bounces around "
         "a minimum), and here it ended far closer than SGD. The claim fails for another "
         "reason."),
        ("One landscape at one setting proves nothing general: with other learning rates or "
         "problems the order changes, and tuned SGD with momentum often does as well.", True,
         "Right. A race compares optimisers at one setting on one function, by one measure (where "
         "each ends after 200 steps: on this valley RMSProp came within 0.01 of the minimum "
         "first, then burst out and fell back). Change the learning rates and the ranking "
         "changes; Adam's steps of about lr ignore how steep the function "
         "is, which helps on some landscapes and hurts on others. In practice both are used: "
         "Adam as a robust default, SGD with momentum where it is known to train well and to "
         "do well on new data (for example image classifiers)."),
    ])

question(
    "17.q3",
    "You train with mini-batches of B = 32 examples from N = 50 000 and switch to B = 128. "
    "Roughly what happens to the random error of each step's gradient (its root-mean-square "
    "distance from the full-batch gradient)?",
    options=[
        ("It halves: the error falls like 1 / sqrt(B), and 128 = 4 x 32.", True,
         "Right. A mini-batch gradient is a mean of B per-example gradients drawn at random; its "
         "variance is tr(Sigma) / B (times (N - B) / (N - 1) without replacement, about 1 "
         "here). Four times the batch: half the noise, for four times the work per step."),
        ("It falls to a quarter: four times the data, four times more precise.", False,
         "A quarter is what happens to the variance. The error's size is a standard deviation, "
         "the square root of the variance: it halves."),
        ("It stays the same: every mini-batch is a random sample, so they are all equally "
         "noisy.", False,
         "Each example's gradient is as noisy as before, but their mean over more examples is "
         "less noisy: averaging B independent draws divides the variance by B."),
        ("It vanishes: 128 examples are enough to compute the exact gradient.", False,
         "The exact gradient is the mean over all N = 50 000 examples; only B = N gives it "
         "(the explorer's right-hand end). 128 of 50 000 still leaves about half the noise of "
         "32."),
    ])
