"""Graphs for notebook 24: topological order of a directed graph, and one round of message passing.

A directed graph is given as a dict from each node to an iterable of its successors (the nodes
its edges point to): ``{"x": ["h"], "w": ["h"], "h": ["loss"]}``. A node that appears only as a
successor ("loss" above) is a node too, with no edges out.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping

import numpy as np

from ._checks import _expected, as_array, describe

__all__ = ["topological_sort", "message_passing"]


def _edges(graph, where: str) -> tuple[list, dict, list]:
    """The nodes in order of first appearance, each node's index, and each node's successor
    indices (duplicates removed); raises TypeError for what is not a graph."""
    if not isinstance(graph, Mapping):
        raise TypeError(f"{where}: graph must be a dict from each node to a list of its "
                        f"successors, such as {{'x': ['h'], 'h': ['loss']}}; got "
                        f"{type(graph).__name__} {graph!r:.40}")
    nodes: list = []
    index: dict = {}

    def add(node):
        if not isinstance(node, Hashable):
            raise TypeError(f"{where}: a node must be hashable (a string, a number, a tuple); "
                            f"got {type(node).__name__} {node!r:.40}")
        if node not in index:
            index[node] = len(nodes)
            nodes.append(node)
        return index[node]

    for node in graph:
        add(node)
    succ: dict = {}
    for node, successors in graph.items():
        if isinstance(successors, (str, bytes)) or not isinstance(successors, Iterable):
            if isinstance(successors, (str, bytes)) and len(successors) > 1:
                example = (f"[{successors!r:.20}] for one node named {successors!r:.20}, or "
                           f"{list(successors)!r:.40} for {len(successors)} nodes")
            else:
                example = f"[{successors!r:.20}]"
            raise TypeError(f"{where}: the successors of node {node!r} must be a list (or another "
                            f"iterable) of nodes, such as {example}; got "
                            f"{type(successors).__name__} {successors!r:.40}")
        succ[index[node]] = list(dict.fromkeys(add(s) for s in successors))
    return nodes, index, [succ.get(i, []) for i in range(len(nodes))]


def topological_sort(graph) -> list:
    """The nodes of a directed graph in a topological order: every edge u -> v has u before v.

    Kahn's algorithm: repeatedly take a node with no incoming edge from the nodes not yet taken.
    Among the nodes ready at the same time, the one that appears first in ``graph`` is taken
    first (the order of appearance: the dict's keys in their order, then the nodes met only as
    successors, in the order they are met), so the order is the same on every run and does not need nodes that can
    be compared.

    graph: dict node -> iterable of successors (a node appearing only as a successor counts too;
    repeated edges count once). Returns a list of all the nodes.

    A directed graph has a topological order if and only if it has no directed cycle (it is a
    DAG). Raises ValueError naming a cycle (``a -> b -> a``; a self-loop ``a -> a`` is one) when
    there is one; TypeError if graph is not a dict, a node is not hashable, or a node's successors
    are a string or not iterable.

    In a network: the forward pass computes the nodes of the computational graph in a topological
    order (each value after everything it depends on), and backpropagation walks the reverse order.
    """
    where = "topological_sort"
    nodes, _, succ = _edges(graph, where)
    indegree = [0] * len(nodes)
    for targets in succ:
        for j in targets:
            indegree[j] += 1
    ready = [i for i, d in enumerate(indegree) if d == 0]
    heapq.heapify(ready)
    order: list = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for j in succ[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                heapq.heappush(ready, j)
    if len(order) < len(nodes):
        cycle = _find_cycle(succ, indegree)
        shown = " -> ".join(repr(nodes[i]) for i in cycle + cycle[:1])
        raise ValueError(f"{where}: the graph has a cycle {shown}, so it has no topological order "
                         "(a directed graph has one only if it has no cycle)")
    return [nodes[i] for i in order]


def _find_cycle(succ: list, indegree: list) -> list:
    """A cycle among the nodes Kahn's algorithm could not take (those with indegree > 0): each of
    them has a predecessor among them, so walking back from predecessor to predecessor must
    repeat a node; the nodes from that repeat on, reversed, form a cycle, given from its node that
    appears first in the graph."""
    left = [i for i, d in enumerate(indegree) if d > 0]
    stuck = set(left)
    pred: dict = {}
    for i in left:
        for j in succ[i]:
            if j in stuck:
                pred.setdefault(j, i)
    walk, seen = [left[0]], {left[0]: 0}
    while True:
        p = pred[walk[-1]]
        if p in seen:
            cycle = walk[seen[p]:][::-1]
            first = cycle.index(min(cycle))              # start at its earliest-appearing node
            return cycle[first:] + cycle[:first]
        seen[p] = len(walk)
        walk.append(p)


def _matrix(x, name: str, where: str) -> np.ndarray:
    """``x`` as a float matrix, or an error that says how to make one of what was given."""
    if hasattr(x, "toarray") and not isinstance(x, np.ndarray):       # a scipy sparse matrix
        raise TypeError(f"{where}: {name} is a {type(x).__name__} (a sparse matrix); "
                        f"{where} needs a dense numpy array: convert it with .toarray(), as in "
                        f"{name}.toarray()")
    a = as_array(x, name, where)
    if a.ndim != 2:
        hint = ""
        if name == "H" and a.ndim == 1:
            hint = ("; for one feature per node make it a column of n rows: H.reshape(-1, 1) "
                    "(np.reshape(H, (-1, 1)) for a list)")
        elif name == "W" and a.ndim == 0:
            hint = f"; a single weight is the 1 x 1 matrix [[{float(a)!r}]]"
        raise ValueError(f"{where}: {name} must be a {_expected(2)}, got a {describe(a)}{hint}")
    return a


def message_passing(adjacency, H, W, *, normalise: bool = False) -> np.ndarray:
    """One round of message passing on a graph of n nodes: H' = relu((A + I) H W).

    Each node sums its own feature vector and its neighbours' (row i of (A + I) H is
    h_i + sum_j A[i, j] h_j), transforms the sum with the weights W and applies relu(z) =
    max(z, 0) entry by entry. With ``normalise=True`` the sum becomes a weighted mean:
    H' = relu(D^-1 (A + I) H W), D the diagonal matrix of the row sums of A + I (each node's
    degree plus 1). The averaging D^-1 (A + I) alone keeps features at their scale over many
    rounds (with W = I and features >= 0 each feature stays between its smallest and largest
    start value; were they all negative, the relu would give 0, above them all); a W rescales
    them every round.

    adjacency: (n, n), A[i, j] >= 0 the weight of the edge from node j into node i (1 for an edge,
    0 for none; for an undirected graph A is symmetric); its diagonal must be 0 (the node's own
    term is the + I). H: (n, d), row i the features of node i. W: (d, k). Returns H' (n, k).

    After k rounds a node's features depend on the nodes at most k edges (hops) away, and only
    on those. When every entry of W is positive and H is 0 except one node's row, which is >= 0
    with a positive entry, the nodes with a non-zero feature after k rounds are exactly those
    within k hops of that node (non-negative H and A alone do not do it: W = [[0]] zeroes
    everything).

    Values beyond the float range come out as inf (or nan for inf - inf) without a warning.
    Raises ValueError for shapes that do not fit (with a hint for a 1-D H or a single number
    as W), a negative weight, a non-zero diagonal, NaN or infinity; TypeError for what is not
    numbers (a scipy sparse matrix: convert it with .toarray()) or a normalise that is not a
    bool.

    In a network: a graph neural network (GCN, Kipf and Welling 2017, uses the symmetric
    normalisation D^-1/2 (A + I) D^-1/2) stacks such rounds, each with its own learned W.
    """
    where = "message_passing"
    if not isinstance(normalise, (bool, np.bool_)):
        raise TypeError(f"{where}: normalise must be True or False, got "
                        f"{type(normalise).__name__} {normalise!r:.40}")
    A = _matrix(adjacency, "adjacency", where)
    H = _matrix(H, "H", where)
    W = _matrix(W, "W", where)
    n = A.shape[0]
    if A.shape[1] != n:
        raise ValueError(f"{where}: adjacency must be square (n, n), one row and one column per "
                         f"node; got a {describe(A)}")
    if np.any(A < 0):
        i, j = (int(v) for v in np.argwhere(A < 0)[0])
        raise ValueError(f"{where}: adjacency[{i}, {j}] = {A[i, j]:g} is negative; edge weights "
                         "must be >= 0 (0 for no edge)")
    if np.any(np.diagonal(A) != 0):
        i = int(np.flatnonzero(np.diagonal(A))[0])
        raise ValueError(f"{where}: adjacency[{i}, {i}] = {A[i, i]:g}; the diagonal must be 0 "
                         "(each node's own features are added by the + I)")
    if H.shape[0] != n:
        raise ValueError(f"{where}: H has {H.shape[0]} rows but the graph has {n} nodes "
                         f"(adjacency {A.shape}); H needs one row of features per node")
    if W.shape[0] != H.shape[1]:
        raise ValueError(f"{where}: H has shape {H.shape} and W has shape {W.shape}; W needs one "
                         f"row per feature of H ({H.shape[1]}), got {W.shape[0]}")
    M = A + np.eye(n)
    if normalise:
        M = M / M.sum(axis=1, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):     # beyond float range: inf, quietly
        return np.maximum(M @ H @ W, 0.0)
