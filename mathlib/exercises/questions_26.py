"""Concept questions for notebook 26 (differential equations).

Each wrong option is a belief learners really hold (see the course's list of misconceptions: "a
smaller Euler step is always better"); its explanation says why it is tempting and where it
breaks. Placed in the notebook where the idea is taught: ``ask("26.q1")``. The right options sit
at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "26.q1",
    "You solve dy/dt = -k y with Euler's method up to t = 10 in double precision. Which is true "
    "of making the step h smaller and smaller?",
    options=[
        ("Always better: the error falls like h, so h = 1e-12 gives an error near 1e-12.", False,
         "Tempting, because the truncation error of Euler's method does fall like h. But h = "
         "1e-12 means 1e13 steps: even at a microsecond a step that is 1e7 seconds, about four "
         "months of computing (years for a Python loop), and each step adds a rounding error of "
         "about 1e-16 relative, which piles up over so many steps until it exceeds the "
         "truncation error. Below some h the total error grows again; a higher-order method "
         "(RK4) reaches a small error in far fewer steps."),
        ("It helps until rounding takes over, at a cost of 10 / h steps; and the step must first "
         "be below 2 / k, or the run oscillates and grows.", True,
         "Right. Stability comes first (h k < 2 on this problem); then the error falls like h, "
         "while the work grows like 1 / h and rounding errors accumulate over the steps. That is "
         "why libraries use higher-order methods with adaptive steps."),
        ("Any h works for a decaying solution: e^(-k t) decays, so Euler's run must decay too.",
         False,
         "The exact solution decays, but Euler's run multiplies by 1 - h k each step: for "
         "h k > 2 that factor is below -1 and the run oscillates and grows. The explorer shows "
         "it at h k > 2."),
        ("Smaller h makes no difference: Euler's method is exact for linear equations.", False,
         "It is exact only when the slope does not change over a step (f constant along the "
         "solution). For dy/dt = -k y Euler gives (1 - h k)^n instead of e^(-k t): the error at "
         "a fixed time halves when h halves, as the notebook measures."),
    ])

question(
    "26.q2",
    "A recurrent network's hidden state follows h_{t+1} = W h_t (no input, no non-linearity). "
    "W has eigenvalues 0.6 and 1.05. What happens to h_t over 100 steps, started from a generic "
    "h_0?",
    options=[
        ("It shrinks: the eigenvalues are about 0.8 on average, so the state shrinks by about "
         "0.8 per step.", False,
         "Averaging the eigenvalues is tempting, but they act on different directions: the part "
         "of h_0 along the eigenvector of 0.6 shrinks like 0.6^t, the part along the eigenvector "
         "of 1.05 grows like 1.05^t. After 100 steps the growing part wins."),
        ("It stays the same size: the determinant 0.6 x 1.05 = 0.63 is below 1 but close, so the "
         "effects cancel.", False,
         "The determinant says how areas scale (they shrink by 0.63 a step), not how a single "
         "vector's length behaves; a generic vector lines up with the growing direction and "
         "grows like 1.05^t."),
        ("It oscillates, because recurrent networks always oscillate.", False,
         "Oscillation (turning) needs complex eigenvalues, as in the explorer's rotation by "
         "theta. Real positive eigenvalues such as 0.6 and 1.05 give a state that only shrinks "
         "or grows along fixed directions."),
        ("It grows, by about 1.05^100 = 130 times along one direction: the largest |eigenvalue| "
         "decides.", True,
         "Right. Write h_0 in the eigenvectors: each part is multiplied by its own eigenvalue "
         "each step, so after many steps only the part with the largest |eigenvalue| matters "
         "(notebook 03). Backpropagation through time multiplies by W^T just as often, which is "
         "why gradients explode or vanish (notebook 20)."),
    ])

question(
    "26.q3",
    "A residual block computes x + h f(x). In which situation is a stack of such blocks close "
    "to the solution of the ODE dx/dt = f(x)?",
    options=[
        ("When h is small, there are many blocks (n h fixed), and f is smooth and changes little "
         "from block to block.", True,
         "Right: those are the conditions under which Euler's method converges (error of order "
         "h). Neural ODEs build them in: one smooth f(t, x) with shared weights and an accurate "
         "solver in place of the stack."),
        ("Always: every residual network is a neural ODE.", False,
         "The blocks are Euler steps, but they match an ODE's solution only in the limit of "
         "small steps and a rate that changes smoothly from block to block. Real ResNets have "
         "h = 1, different weights in every block and ReLUs: a discrete network that resembles "
         "an ODE solver, no more."),
        ("When h is large, so that each block does a lot of work.", False,
         "A large step is exactly where Euler's method departs from the ODE (and can become "
         "unstable, as for dy/dt = -k y with h k > 2)."),
        ("Only when f is linear, as in dx/dt = A x: for a non-linear f such as tanh(W x + b) the "
         "blocks and the ODE part ways however small h is.", False,
         "Euler's method converges for any smooth f (Lipschitz is enough), linear or not; "
         "tanh(W x + b) qualifies."),
    ])
