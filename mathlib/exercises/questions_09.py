"""Concept questions for notebook 09 (Jacobian, Hessian and curvature).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("09.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "09.q1",
    "At a point x*, the gradient of a loss f is zero. What can you conclude?",
    options=[
        ("x* is a minimum: the loss cannot go down from a point where the slope is "
         "exactly zero.", False,
         "Tempting, because gradient descent stops where the gradient is 0. But a zero gradient "
         "only says the surface is level at x* to first order. f(x, y) = x² − y² has zero "
         "gradient at 0 and goes down along y: a saddle. −x² has a maximum there."),
        ("x* is a minimum if the loss there is smaller than at the starting point of "
         "the run.", False,
         "Comparing with one other point says nothing about the neighbourhood of x*: the loss "
         "can still go down from x* in some direction (a saddle). In high dimensions saddles "
         "are thought to be far more common than minima: a heuristic, not a theorem (see \"In "
         "a neural network\" below)."),
        ("x* is a critical point; the Hessian's eigenvalues usually tell which kind.", True,
         "Right. Near x*, f(x* + d) ≈ f(x*) + dᵀ H d / 2, and dᵀ H d along eigenvector q_i is "
         "λ_i |d|². Both signs: a saddle (zeros or not); all positive: a minimum; all "
         "negative: a maximum. Only when some are 0 and the rest share one sign do higher "
         "derivatives decide (x⁴ and −x⁴ both have f'' = 0 at 0)."),
        ("Nothing at all: an exactly zero gradient is only a numerical accident.", False,
         "A zero gradient is a real property: x* is a critical point, where the tangent plane "
         "is flat. It is not enough to say which kind; the second derivatives (the Hessian) "
         "say more."),
    ])

question(
    "09.q2",
    "At a critical point, the Hessian is H = [[1, 2], [2, 1]]: both diagonal entries are "
    "positive. Is the point a minimum?",
    options=[
        ("No: its eigenvalues are 3 and −1, so it is a saddle.", True,
         "Right: f curves up along the eigenvector (1, 1) and down along (1, −1). The curvature "
         "along a unit direction d is dᵀ H d; it ranges between the smallest and the largest "
         "eigenvalue, which here have opposite signs. Only the eigenvalues (or an equivalent "
         "test) decide."),
        ("Yes: ∂²f/∂x² and ∂²f/∂y² are both positive, so f curves up.", False,
         "Tempting: in one dimension f'' > 0 means a minimum. But the diagonal entries are the "
         "curvatures along the two coordinate axes only. Along (1, −1), dᵀ H d = 1 − 2 − 2 + 1 "
         "= −2 < 0: f curves down."),
        ("Yes, because the determinant 1·1 − 2·2 is not zero.", False,
         "A non-zero determinant only says no eigenvalue is 0. Here it is −3 < 0: the "
         "eigenvalues (product −3) have opposite signs, a saddle. And a positive determinant "
         "would not settle it either: diag(−2, −3) has det 6 and is a maximum."),
        ("It cannot be decided from H; more derivatives are needed.", False,
         "More derivatives are needed only when an eigenvalue is 0 and the others share one "
         "sign. Here they are 3 and −1, both non-zero, so H decides: a saddle."),
    ])

question(
    "09.q3",
    "Gradient descent on a narrow valley, f(x) = (x₁² + 50 x₂²) / 2, zig-zags across the "
    "valley and creeps along it. Why?",
    options=[
        ("On an ill-conditioned problem the gradient is large everywhere, so every "
         "step overshoots.", False,
         "A common belief, but ill-conditioning is about the RATIO of curvatures, not the size "
         "of the gradient: (0.001 x₁² + 0.05 x₂²) / 2 has tiny gradients and zig-zags just the "
         "same at its own largest stable learning rate."),
        ("In a narrow valley the negative gradient no longer points downhill.", False,
         "−∇f always points downhill (the steepest way down at that point). The trouble is that "
         "in a narrow valley the steepest way down points mostly ACROSS the valley, not along "
         "it to the minimum."),
        ("The learning rate is too small; a larger one would go straight down the "
         "valley.", False,
         "A larger one than 2 / λ_max makes the steep direction diverge; no single learning "
         "rate is good for both directions when their curvatures differ by a factor of 50."),
        ("Near lr = 2/50 the steep part flips sign each step; the flat part shrinks "
         "4% per step.", True,
         "Right: the part along eigenvector q_i is multiplied by 1 − lr λ_i every step. Near lr "
         "= 2 / 50 the steep part's factor is close to −1, so it flips sign each step (the "
         "zig-zag), while the flat part shrinks only by 1 − lr · 1 ≈ 1 − 2/κ = 0.96. Since (1 "
         "− 2/κ)^(κ/2) ≈ 1/e, that is about κ/2 = 25 steps per factor e of progress along the "
         "valley. Momentum and Adam (notebook 17) are the fixes."),
    ])

question(
    "09.q4",
    "What does the condition number κ = λ_max / λ_min of a positive definite Hessian control?",
    options=[
        ("How large the gradient is, and so how big each step of gradient descent is.", False,
         "The gradient's size depends on where you are and on the scale of f; κ is a ratio of "
         "curvatures and is unchanged by scaling f. A badly conditioned problem can have tiny "
         "gradients."),
        ("How fast plain gradient descent can converge: steps grow roughly like κ.", True,
         "Right. With the best learning rate the error shrinks by (κ − 1) / (κ + 1) per step. κ "
         "= 1 is a round bowl (one step with lr = 1/λ); κ = 100 needs about a hundred times "
         "more steps. It does not depend on the scale of f: multiplying f by 10 changes both "
         "eigenvalues, not their ratio."),
        ("Whether the critical point is a minimum, a maximum or a saddle.", False,
         "κ as a ratio λ_max / λ_min is only meaningful when all eigenvalues are positive, i.e. "
         "when it is already a minimum. The signs of the eigenvalues decide the kind; κ tells "
         "how stretched the bowl is."),
        ("The largest learning rate at which gradient descent is still stable.", False,
         "That is 2 / λ_max: it depends only on the steepest curvature. κ also brings in the "
         "flattest one, and says how slow progress is at that learning rate."),
    ])
