"""Concept questions for notebook 14 (activation functions).

Each wrong option is a belief learners really hold (see the course's list of misconceptions); its
explanation says why it is tempting and where it breaks. Placed in the notebook where the idea is
taught: ``ask("14.q1")``. The right options sit at different positions and are not the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "14.q1",
    "A network has one hidden layer of 100 ReLU units and a linear output. ReLU is linear for "
    "positive inputs. What kind of function of its input x can the network compute?",
    options=[
        ("A linear function only: each unit is linear where it is on, and a sum of linear "
         "functions is linear.", False,
         "Tempting, because each unit is a straight line on each side of its kink. But the kink "
         "itself is where linearity breaks: relu(x - 1) + relu(-x - 1) is 0 on [-1, 1] and "
         "grows on both sides, which no straight line does. A sum of functions that are linear "
         "only piece by piece is piecewise linear, not linear."),
        ("A piecewise linear function, with up to 100 kinks (one per unit).", True,
         "Right. For one input x, unit j is bent at x = -b_j / w_j, and the output's slope "
         "changes there by v_j |w_j|; between kinks it is a straight line. With enough units "
         "such pieces approximate any continuous function on a closed interval as closely as "
         "wanted (the universal approximation theorem), which the explorer hints at with three."),
        ("Any function at all, exactly, because 100 units are enough for every curve.", False,
         "With finitely many units the function is made of finitely many straight pieces: it "
         "cannot equal x^2 or sin x exactly, only approximate them on a bounded interval, and "
         "more closely with more units."),
        ("A polynomial of degree 100, one degree per hidden unit, which is why more units fit "
         "more wiggly data.", False,
         "No unit multiplies x by itself: each computes max(w x + b, 0), which is linear on "
         "each side of its kink. The result is piecewise linear; a polynomial of degree above "
         "1 has no straight pieces at all."),
    ])

question(
    "14.q2",
    "A classifier has two classes and outputs softmax(z) for its two logits z = (z_1, z_2). "
    "Another outputs sigmoid(a) for one score a. When do they give the same probability of "
    "class 1?",
    options=[
        ("Never: softmax and sigmoid are different functions, one for several classes and one "
         "for two, so their numbers cannot match.", False,
         "They are the same function in disguise: softmax(z)_1 = e^(z_1) / (e^(z_1) + e^(z_2)) "
         "= 1 / (1 + e^-(z_1 - z_2)) = sigmoid(z_1 - z_2). Only the difference of the two "
         "logits matters."),
        ("When a = z_1: the sigmoid of the first logit is its softmax probability.", False,
         "sigmoid(z_1) ignores z_2; but softmax depends on both. For z = (2, 2) softmax gives "
         "0.5 to each class, while sigmoid(2) = 0.88. The sigmoid's score must be the "
         "difference z_1 - z_2."),
        ("Only when z_1 + z_2 = 0, so that the two logits can be read as one number.", False,
         "No condition on the sum is needed: adding the same number to both logits does not "
         "change the softmax. Whatever z_1 and z_2 are, softmax(z)_1 = sigmoid(z_1 - z_2)."),
        ("When a = z_1 - z_2, for any z.", True,
         "Right: divide the numerator and the denominator of e^(z_1) / (e^(z_1) + e^(z_2)) by "
         "e^(z_1). So a two-class softmax has one redundant logit, and a binary classifier "
         "usually outputs one score a and applies a sigmoid."),
    ])

question(
    "14.q3",
    "Every one of 10 stacked layers uses a sigmoid, and every weight is 1. Backpropagation "
    "multiplies the gradient by the 10 sigmoids' derivatives. What is the most of its size that "
    "the gradient can keep?",
    options=[
        ("At most 4^-10 of it, about a millionth: each factor is at most 1/4.", True,
         "Right: s'(x) = s(x) (1 - s(x)) <= 1/4, with equality only at x = 0, so the product "
         "of 10 of them is at most 4^-10, about 1e-6: the gradient shrinks at least 4^10, about "
         "a million, times, and far more where the inputs are saturated. This is the "
         "vanishing-gradient problem, and why hidden layers use ReLU (derivative 1 for positive "
         "inputs). Larger weights can offset it, which is what initialisation schemes balance "
         "(notebook 20, Weight initialisation)."),
        ("All of it: the derivative of a sigmoid is close to 1 near 0, where its curve is "
         "steepest and a gradient passes through unchanged.", False,
         "Near 0 the curve is steepest, but its slope there is only s'(0) = 1/4, not 1 (the "
         "curve rises from 0 to 1 over several units of x). tanh's slope is 1 at 0; the "
         "sigmoid's is a quarter of that."),
        ("More than all of it: the gradient grows, because each layer adds its own gradient to "
         "the one coming from above.", False,
         "Backpropagation multiplies the gradient by each layer's derivative (the chain rule), "
         "it does not add. Factors below 1 multiply to something ever smaller."),
        ("No such bound can be given without the inputs: a sigmoid's derivative can be any "
         "positive number, depending on where it is evaluated.", False,
         "The inputs decide how much smaller than 1/4 each factor is, but never more: "
         "s'(x) <= 1/4 for every x. That gives a bound without knowing the inputs."),
    ])
