"""Concept questions for notebook 08 (gradient descent).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("08.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "08.q1",
    "The update is $w \\leftarrow w - \\text{lr} \\cdot f'(w)$. At the current $w$ the slope "
    "is $f'(w) = 3 > 0$. Why is the gradient *subtracted*?",
    options=[
        ("Subtracting lr · 3 moves w straight to the minimum: the slope says how far "
         "away the minimum is.", False,
         "Tempting: on a bowl f = a w²/2 the slope a w does grow with the distance from the "
         "minimum. But the slope only says how steep f is where you stand, not where the "
         "minimum is, and the step lr · 3 is as long as the learning rate makes it: it may "
         "stop short or overshoot. Even on the bowl one step lands exactly on the minimum only "
         "for one particular learning rate (you will see which below)."),
        ("Because the gradient points towards the minimum, and we want to go the "
         "other way to avoid overshooting.", False,
         "The gradient points towards the steepest *increase*, away from the minimum, and only "
         "locally; it does not point at anything far away. We subtract it to go downhill."),
        ("A positive slope means f grows with w, so a smaller w lowers f: subtracting "
         "moves downhill.", True,
         "Right: the sign of the derivative says which way is uphill, and we step the other "
         "way. For small enough lr, f(w − lr f'(w)) ≈ f(w) − lr f'(w)², which is below f(w) "
         "whenever f'(w) ≠ 0."),
        ("Subtracting makes w smaller, and smaller weights always give a smaller loss.", False,
         "Only where the slope is positive. Where f'(w) < 0, subtracting lr · f'(w) makes w "
         "*larger*, which is downhill there. The sign of the slope decides the direction."),
    ])

question(
    "08.q2",
    "For $f(w) = a w^2 / 2$ one step multiplies $w$ by $1 - \\text{lr}\\cdot a$. Is a larger "
    "learning rate always faster?",
    options=[
        ("Yes: bigger steps always cover the distance to the minimum sooner, whatever "
         "the curvature.", False,
         "Tempting, and true while lr < 1/a: the factor 1 − lr·a shrinks towards 0. Past 1/a "
         "the factor is negative (each step overshoots), its size grows again, and past 2/a it "
         "is below −1: |w| grows every step and the run diverges."),
        ("Yes, as long as the loss is a quadratic.", False,
         "The quadratic is exactly where we can compute it: |1 − lr·a| > 1 for lr > 2/a, and "
         "the run diverges. Larger is faster only up to 1/a."),
        ("No: a smaller learning rate is always better, because it is more careful.", False,
         "Too small is also a failure: each step removes only a fraction lr·a of the distance, "
         "so with lr·a = 0.001 a thousand steps leave 0.999¹⁰⁰⁰ ≈ 37% of it (they cover only "
         "63%), where lr·a = 0.5 would have finished after a few dozen steps. There is a best "
         "range."),
        ("No: fastest at lr = 1/a; above it steps overshoot, and beyond 2/a the run "
         "diverges.", True,
         "Right: the speed is set by |1 − lr·a|, smallest (0) at lr = 1/a (one step lands on "
         "the minimum). Between 1/a and 2/a the run overshoots and oscillates, still "
         "converging; beyond 2/a it diverges. The threshold 2/a depends on the curvature a: a "
         "steeper valley needs a smaller learning rate."),
    ])

question(
    "08.q3",
    "You run gradient descent on the double well $f(x, y) = (x^2 - 1)^2 + 0.5x + y^2$ from "
    "$(1.5, 1)$ with a small learning rate. The gradient falls to $10^{-9}$. What has it found?",
    options=[
        ("A point with (almost) zero gradient near its start: the local minimum at x "
         "≈ 0.93.", True,
         "Right: a small gradient says the ground is flat here, not that it is the lowest place "
         "anywhere. The global minimum is at x ≈ −1.06, on the other side of the hump. Which "
         "minimum you reach depends on the start (and on the learning rate)."),
        ("The global minimum: gradient descent always finds the lowest point.", False,
         "Tempting after a bowl, which has only one minimum. Gradient descent only follows the "
         "local slope: from x = 1.5 it rolls into the right-hand well, the higher one. The "
         "global minimum is on the other side of a hill it never climbs."),
        ("It must be the global minimum, because the gradient is 10⁻⁹, about as small "
         "as it gets.", False,
         "The gradient is zero at every minimum, at maxima and at saddle points. Its size says "
         "nothing about whether a lower point exists elsewhere."),
        ("Nothing useful: a gradient that small means the run got stuck by a bug.", False,
         "A tiny gradient is what a successful run ends with. It found a minimum, just not "
         "necessarily the lowest one."),
    ])

question(
    "08.q4",
    "During training the loss has barely changed for the last 500 steps. Which statements are "
    "true? (Several are right.)",
    several=True,
    options=[
        ("The model has converged to a minimum.", False,
         "Tempting: the loss stopped falling. But a flat loss has several causes: a minimum, a "
         "plateau (a nearly flat region, like Rosenbrock's valley floor), the neighbourhood of "
         "a saddle point (gradient ≈ 0 but no minimum), a learning rate too small to make "
         "visible progress, or a run that bounces back and forth without getting anywhere."),
        ("It may have converged, or sit on a plateau or near a saddle point, where "
         "the updates are tiny.", True,
         "Right: a small gradient makes tiny updates lr · gradient and a flat loss, at a "
         "minimum and equally on a plateau or near a saddle point. The loss alone cannot tell "
         "them apart."),
        ("A barely changing loss means the updates lr · gradient are tiny.", False,
         "Tempting, but false: on f = a w²/2 at lr = 2/a each step multiplies w by −1, so w "
         "jumps between w₀ and −w₀ for ever while the loss a w²/2 stays exactly the same. In "
         "the surface explorer below, the narrow bowl at lr = 0.2 shows the same in two "
         "dimensions: the steep direction bounces for ever while the flat one converges, so "
         "the loss falls from 13.25 to 11.25, the steep part's share, and then stays there "
         "while the path crosses the valley at every step."),
        ("The run may be bouncing: at lr = 2/a the loss stays constant while w jumps "
         "between w₀ and −w₀ (a 2-cycle).", True,
         "Right: |1 − lr·a| = 1 at lr = 2/a, so |w|, and with it the loss, never changes, "
         "although each update is as large as 2|w₀|. A slightly smaller learning rate "
         "converges, a larger one diverges."),
        ("The learning rate cannot be too large: a learning rate that is too large "
         "always makes the loss grow, never stay flat.", False,
         "Too large usually makes the loss jump or grow, but right at the limit (lr = 2/a on a "
         "quadratic) the loss stays constant while the weights jump back and forth. A flat "
         "loss does not rule out a learning rate that is too large."),
        ("To tell these apart, look beyond the loss: the gradient norm, the step "
         "sizes, and whether steps flip direction.", True,
         "Right: at a minimum the gradient and the steps are small; on a plateau the gradient "
         "is small but the point is no minimum (a larger learning rate or more steps move on); "
         "with too small a learning rate the gradient is large but the steps are tiny; in a "
         "2-cycle the gradient and the steps are large and each step points against the last "
         "(a smaller learning rate fixes it)."),
    ])
