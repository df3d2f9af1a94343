"""Concept questions for notebook 24 (graphs, DAGs, topological order, message passing).

Each wrong option is a belief learners really hold (the course's list of misconceptions: "a
computational graph may contain cycles"); its explanation says why it is tempting and where it
breaks. The right options sit at different positions and are not always the longest.
"""

from __future__ import annotations

from .questions import question

question(
    "24.q1",
    "A recurrent network feeds its hidden state h_t back in to compute h_(t+1). Its diagram has a "
    "loop from h to itself. How does backpropagation get a gradient through it?",
    options=[
        ("It follows the loop around until the gradients stop changing.", False,
         "Tempting, since the diagram has a loop. But backpropagation visits each node once, "
         "after every node that uses it: that needs an order, and a graph with a cycle has none. "
         "Iterating to a fixed point is a different method (used by some 'deep equilibrium' "
         "models), not plain backpropagation."),
        ("The loop is unrolled over the time steps: h_1, h_2, ..., h_T become separate nodes, "
         "a DAG, and backpropagation walks it in reverse topological order.", True,
         "Right. The computational graph of T steps has one node per step and the same weights "
         "used at each (backpropagation through time); it has no cycle, so it has a topological "
         "order, and the backward pass follows the reverse of it."),
        ("It cannot: networks with loops are trained without gradients.", False,
         "Recurrent networks (and LSTMs) are trained with gradients every day. The loop in the "
         "diagram is a loop over time; the graph of the computation actually done is a DAG."),
        ("Autodiff picks any node on the loop as the start and ignores one edge.", False,
         "Dropping an edge would drop a term of the gradient: the result would be wrong. "
         "Unrolling keeps every edge and makes each step a new node."),
    ])

question(
    "24.q2",
    "The graph x -> a, x -> b, a -> c, b -> c has two topological orders, x, a, b, c and x, b, a, "
    "c. Does the forward pass give different values of c in the two orders?",
    options=[
        ("Yes: the order decides which value of x reaches c first.", False,
         "Each node is computed once, from the values of its predecessors, and in both orders "
         "those are all ready when it is computed: a and b read the same x, and c the same a "
         "and b."),
        ("Yes, slightly: the sums are added in another order, so they round differently.", False,
         "The order of evaluating a and b does not change how c combines them: c = f(a, b) is "
         "the same expression, with its terms in the same order, either way. (Floating-point "
         "sums do round differently when their terms are added in another order. In the forward "
         "pass each node adds its inputs in its own fixed order, whatever order the nodes are "
         "visited in; in a backward pass that accumulates each node's gradient share by share as "
         "it visits the nodes, the visiting order does fix the order of those shares, and can "
         "change the last bits.)"),
        ("Only if the graph has a cycle.", False,
         "A graph with a cycle has no topological order at all, so the question does not arise; "
         "this graph has none."),
        ("No: any topological order computes each node after its inputs.", True,
         "Right. Any topological order works: a and b do not depend on each other, so either "
         "may go first. Frameworks are free to pick one (or run a and b at the same time)."),
    ])

question(
    "24.q3",
    "In the explorer, one flower starts with feature 1 and the rest with 0. After 3 rounds of "
    "message passing, which flowers have a non-zero feature?",
    options=[
        ("Exactly those at most 3 hops from the start.", True,
         "Right: with the explorer's positive weight W = [[1]] and the mean of non-negative "
         "features, a feature turns positive the first round in which a neighbour's is "
         "positive, so after k rounds the non-zero ones are those within k edges. (A zero or "
         "negative weight could silence a node that was reached.) A GNN of k layers sees k hops "
         "around each node."),
        ("All flowers: every round mixes every node with every other.", False,
         "A round mixes a node only with its neighbours (the non-zero entries of its row of A). "
         "Information moves one edge per round, and flowers with no path to the start (the "
         "setosa group in the explorer) are never reached at all."),
        ("Only the start's neighbours, since a node only listens to its neighbours.", False,
         "That is true of one round. In the second round the neighbours pass on what they got, "
         "so the neighbours' neighbours hear of it: three rounds reach three hops."),
        ("Exactly the flowers 3 hops away, and the start and its neighbours fall back to 0.",
         False,
         "Each node keeps its own feature in the mean (the + I), and with non-negative features "
         "and a positive weight a positive feature stays positive: the start and its neighbours "
         "keep theirs. (Not always the largest: a start with 3 neighbours keeps 1/4 after one "
         "round, less than a neighbour with 1 or 2 neighbours of its own gets.)"),
    ])
