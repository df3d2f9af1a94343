"""Concept questions for notebook 06 (derivatives and partial derivatives).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("06.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "06.q1",
    "At the current weight $w$ the derivative of the loss is $L'(w) = -0.8$. What does that "
    "tell you?",
    options=[
        ("The loss itself is negative at w, since its derivative is negative.", False,
         "The derivative is a slope, not a value: a squared-error loss is never negative, and "
         "its slope can still be. L'(w) < 0 says how L changes, not what it is."),
        ("w is already past the minimum, so to lower the loss go back by decreasing w.", False,
         "The other way round: a negative slope means the loss goes down to the right, so "
         "moving w up lowers the loss, locally. (For a loss with a single valley the minimum "
         "then lies at a larger w, and past it the slope is positive; a loss with several "
         "valleys can have a minimum on either side.)"),
        ("Increasing w a little lowers the loss, by about 0.8 times the step.", True,
         "Right: for a small step Δw, L(w + Δw) ≈ L(w) + L'(w) Δw = L(w) − 0.8 Δw, which is "
         "smaller for Δw > 0. This is why training steps against the sign of the derivative "
         "(gradient descent, notebook 08). 'A little' matters: the approximation holds for "
         "small steps."),
        ("w is at a minimum, because the derivative is small.", False,
         "At a minimum of a differentiable loss the derivative is exactly 0 (a flat tangent); "
         "−0.8 is not 0, and whether it counts as small depends on the units of L and w."),
    ])

question(
    "06.q2",
    "You estimate $f'(1)$ for $f(x) = \\sin x$ with the forward difference $(f(1 + h) - f(1)) "
    "/ h$ in ordinary floating point (float64). Which step gives the most accurate estimate?",
    options=[
        ("h = 1e-15, because a smaller step brings the secant closer to the tangent.", False,
         "Tempting, because in exact arithmetic the error is about h |f''| / 2 and shrinks with "
         "h. But f(1 + h) and f(1) are each rounded to about 16 digits; their difference loses "
         "almost all of them when h is tiny, and dividing by h magnifies that rounding error "
         "like eps / h. At h = 1e-15 only the first digit or two are right (an error of about "
         "0.015)."),
        ("h = 0.1, because a large step keeps f(1 + h) and f(1) far apart, safe from "
         "rounding.", False,
         "Rounding is harmless at h = 0.1, but the secant is then far from the tangent: the "
         "truncation error h |f''(1)| / 2 is about 0.04, so only one or two digits are right."),
        ("Any of them, because float64 keeps 16 digits, far more than any of these "
         "steps needs.", False,
         "The table printed just above shows the forward error ranging from about 0.04 (h = "
         "0.1) down to about 3e-9 (h = 1e-8) and up again to about 0.004 (h = 1e-14): "
         "truncation falls like h, round-off grows like 1/h. The 16 digits are in f(1 + h) and "
         "f(1), not in their tiny difference."),
        ("h = 1e-8: below it, rounding error grows faster than the secant's error "
         "shrinks.", True,
         "Right: the total error h |f''| / 2 + eps |f| / h is smallest near h = sqrt(eps) ~ "
         "1e-8, where the truncation error (~h) and the round-off error (~eps / h) are about "
         "equal, giving about 8 correct digits. A smaller h is not always better: below that, "
         "round-off wins. (For the central difference the best h is larger, about eps^(1/3) ~ "
         "6e-6.)"),
    ])

question(
    "06.q3",
    "For $f(x, y) = x^2 y$, what is the partial derivative $\\partial f / \\partial x$ at the "
    "point $(1, 3)$?",
    options=[
        ("6: with y held at 3, f(x, 3) = 3x², whose slope at x = 1 is 6.", True,
         "Right: ∂f/∂x = 2xy, and at (1, 3) that is 6. The slice f(·, y₀) changes with y₀: in "
         "the explorer, move y₀ and watch the x-slice and its tangent change."),
        ("2, because ∂f/∂x = 2x and the variable y is ignored.", False,
         "Tempting: a partial derivative looks only at x. But it does not ignore y, it holds y "
         "FIXED at its current value, 3. Then f(x, 3) = 3x², whose slope at x = 1 is 6. The "
         "result depends on where y is held."),
        ("1, the derivative of x² y with respect to y, which is x².", False,
         "That is ∂f/∂y = x² (= 1 at (1, 3)): the other partial derivative. ∂f/∂x moves x and "
         "holds y."),
        ("0, because y = 3 is a constant and the derivative of a constant is 0.", False,
         "Holding y fixed makes it a constant factor, not a constant term: f(x, 3) = 3x², and a "
         "constant factor stays in the derivative (the constant-factor rule): 3 · 2x."),
    ])

question(
    "06.q4",
    "At a point $p$ on the loss surface $f(x, y) = x^2/4 + y^2$ you compute the gradient "
    "$\\nabla f(p)$. Which statement is true?",
    options=[
        ("−∇f(p) points straight at the minimum (0, 0), since going downhill leads "
         "there.", False,
         "Tempting: going downhill should lead to the bottom. But the gradient only describes f "
         "near p: −∇f(p) is the direction in which f falls fastest per unit step right there, "
         "perpendicular to the contour through p. On this stretched bowl, at p = (2, 1), −∇f = "
         "(−1, −2) misses the direction to the minimum, (−2, −1), by about 37°. It points at "
         "the minimum only on the axes (or on a perfectly round bowl)."),
        ("∇f(p) is the direction of steepest ascent at p, perpendicular to the "
         "contour through p.", True,
         "Right, for a differentiable f with ∇f(p) ≠ 0: among all unit directions u, the slope "
         "∇f(p)·u is largest for u along ∇f(p) and smallest for u along −∇f(p); along the "
         "contour f does not change, so ∇f(p)·u = 0 there. This is local information: it says "
         "nothing about where the minimum is."),
        ("∇f(p) points towards the maximum of f.", False,
         "This f has no maximum at all (it grows without bound), yet it has a non-zero "
         "gradient, a direction of steepest ascent, at every point except the minimum (where "
         "the gradient is (0, 0)). The gradient is steepest ascent at p, a local direction, "
         "not a pointer to a far-away place."),
        ("The length |∇f(p)| is the distance from p to the minimum, so a long "
         "gradient means far away.", False,
         "|∇f(p)| is the slope in the steepest direction. At p = (2, 0), |∇f| = 1 while the "
         "minimum is 2 away; at p = (0, 1), |∇f| = 2 while the minimum is 1 away."),
    ])

question(
    "06.q5",
    "The trapezoid rule with $n = 10$ strips gives $\\int_0^1 e^x\\,dx$ with an error of about "
    "$1.4 \\times 10^{-3}$. About how large is the error with $n = 20$ strips?",
    options=[
        ("About 7e-4: twice as many strips, so half the error, as for the left and right "
         "sums.", False,
         "Tempting, because more strips do help, and for the left and right sums the error is "
         "indeed proportional to the strip width h. The trapezoid rule is better: its error is "
         "about (b − a) h² f''/12, proportional to h², so halving h divides it by 4."),
        ("About 3.6e-4: the error shrinks like h², so halving h quarters it.", True,
         "Right: the trapezoid error is about (b − a) h² f''(ξ)/12. With h = 0.1 that is about "
         "1.4e-3, with h = 0.05 about 3.6e-4 (the notebook's cell prints both). The midpoint "
         "rule does the same, from the other side and about half as far."),
        ("About 1.4e-3 still: the error depends on how f bends, not on the number of strips.",
         False,
         "How much f bends (f'') does set the size of the error, but so does the strip width: "
         "the error is about (b − a) h² f''/12, and h = (b − a)/n shrinks as n grows."),
        ("Exactly 0: with 20 strips the straight pieces follow the curve exactly.", False,
         "Straight pieces follow a straight line exactly, but e^x bends everywhere (f'' = e^x > "
         "0): each trapezoid's top lies a little above the curve, so the sum is a little too "
         "large for every n. The error shrinks towards 0 as n grows, without reaching it."),
    ])
