"""Concept questions for notebook 07 (the chain rule and backpropagation).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("07.q1")``.
"""

from __future__ import annotations

from .questions import question

question(
    "07.q1",
    "A colleague says: \"backpropagation is a clever algorithm of its own; the chain rule is "
    "just school calculus.\" How are backpropagation and the chain rule related?",
    options=[
        ("Backpropagation is a different method that approximates what the chain rule "
         "would give.", False,
         "Tempting, because backpropagation has its own name and its own code. But every number "
         "it computes is a product of local derivatives, exactly as the chain rule says; "
         "nothing is approximated."),
        ("Backpropagation only works for neural networks; the chain rule is for "
         "formulas.", False,
         "Any computation made of differentiable steps is a graph that backpropagation can "
         "walk: the one-line loss L = (w x + b - t)² of this notebook is one. A network is "
         "just a bigger composition of functions."),
        ("Backpropagation replaces the chain rule by finite differences, which are "
         "easier to program.", False,
         "Finite differences nudge each input and re-run the whole computation: one run per "
         "weight, and only approximate. Backpropagation needs one backward pass for all the "
         "weights."),
        ("It is the chain rule, applied node by node from the loss back, reusing "
         "forward values.", True,
         "Right: the gradient of a node is the gradient of the node after it times the local "
         "derivative on the arrow between them, summed over the arrows that leave it. Going "
         "backwards means each product is computed once and shared by every weight behind it."),
    ])

question(
    "07.q2",
    "A network has one scalar loss and a million weights. Why compute the gradient in reverse "
    "order (from the loss back to the weights) rather than forwards from each weight?",
    options=[
        ("Backwards, one pass gives the loss's derivative for every weight; forwards, "
         "one pass per weight.", True,
         "Right: a backward pass costs a small constant multiple of a forward pass (typically 2 "
         "to 3 times), whatever the number of weights, because the gradient of every "
         "intermediate node is computed once and shared by all the weights behind it. (With "
         "many outputs and few inputs, forward order would win.)"),
        ("Because the chain rule only holds when the product is taken from the output "
         "backwards to the inputs.", False,
         "Multiplication does not care about order: the chain rule gives the same product "
         "either way. The order only changes how much work is shared between the weights."),
        ("Because going forwards would be approximate.", False,
         "Forward-mode differentiation is exact too. It is slow here: one pass per weight."),
        ("There is no difference in cost; reverse order is only a convention.", False,
         "With one output and n inputs, reverse order needs one backward pass; forward order "
         "needs n. For a million weights that is the difference between seconds and weeks."),
    ])

question(
    "07.q3",
    "`x = Tensor(np.array(2.0))`, `y = Tensor(np.array(5.0))`, then `f = x * y + 3 * x` and "
    "`f.backward()`. The variable `x` is used twice. What does the backward pass store in "
    "`x.grad`?",
    options=[
        ("3: the share of the use computed last, which replaces the earlier one.", False,
         "Tempting if you picture one gradient per variable being overwritten. An "
         "implementation that assigns instead of adding has exactly this bug; the correct "
         "gradient adds the shares of all uses."),
        ("15: the shares 5 and 3 multiply, as the local derivatives do along a chain.", False,
         "Along one path the local derivatives multiply; across different paths the products "
         "add. The two uses of x are two paths from x to f, side by side, not one after the "
         "other."),
        ("8: the product sends y = 5, the 3 * x sends 3, and the shares add up.", True,
         "Right: df/dx = y + 3 = 8. In the graph, x has two outgoing arrows; the chain rule "
         "with several paths sums over the paths, and mathlib.autodiff adds each share into "
         "x.grad."),
        ("16: the value of f, 2 · 5 + 3 · 2.", False,
         "That is what the forward pass computes and stores in f. The backward pass stores "
         "gradients: x.grad is df/dx, how fast f changes when x changes."),
    ])

question(
    "07.q4",
    "`grad_check` compares the gradient from backpropagation with central differences and "
    "reports a relative error of about 1e-10. Which gradient is closer to the true derivative?",
    options=[
        ("Backpropagation: its only error is floating-point rounding, about 1e-16 per "
         "operation.", True,
         "Right: backpropagation evaluates the derivative's formula, operation by operation; "
         "finite differences are the approximation. The check tests the code, not the maths: a "
         "small number says the two agree at this point, so the backward rules that this point "
         "used are very likely right. It does not vouch for code this point never reached, "
         "such as the other branch of a ReLU or of an if: check at several random points."),
        ("The central differences: they come from the definition of the derivative.", False,
         "They come from the definition with a finite step h, not the limit: the truncation "
         "error is about h² and the round-off about eps/h (notebook 06). That is where the "
         "1e-10 comes from."),
        ("Both are approximations of the same size; the 1e-10 is their common error.", False,
         "Backpropagation involves no step size and no limit. Its error is rounding only, "
         "typically a million times smaller than that of a central difference."),
        ("Neither: backpropagation is approximate too, because it uses the values of "
         "the forward pass.", False,
         "Reusing the forward values is what makes it fast, not approximate: the local "
         "derivative of sigmoid at z is s(1 - s) with s = sigmoid(z), exactly the number the "
         "forward pass already computed."),
    ])
