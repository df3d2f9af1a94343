"""Exercises of notebook 24: one round of message passing by hand, a topological order (Kahn's
algorithm), message passing in numpy, and hop distances on the Iris k-nearest-neighbour graph.

A topological order is not unique: 24.2 accepts every order in which every edge goes forward and
judges it by that property, not against one list. 24.3 and 24.4 run on the notebook's graph of 12
Iris flowers and on a larger one of 60, built once (cached) and handed out as fresh copies.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..data import load_iris
from ..explorers.message_passing import graph as _iris_graph
from ..explorers.message_passing import hops_from as _hops_from
from ..explorers.message_passing import knn_adjacency as _knn
from ..graphs import message_passing as _message_passing
from ..graphs import topological_sort as _topological_sort
from ._core import LearnerRaised, exercise
from ._rules import SCIPY, forbid_object
from ._slips import Slip, by_hand_problem, compare_cases

NOTEBOOK = "24"

_GRAPHLIB = forbid_object("graphlib.TopologicalSorter", "which finds the order for you")


# -- 24.1 by hand: one round on a path ---------------------------------------------------------------

@exercise("24.1", "by hand: one round of message passing on a path of four nodes",
          name="answer_24_1",
          solution="answer_24_1 = (0, 1, 0, 3)\n",
          hints=["Each node adds its own feature to its neighbours' features: node 0 has one "
                 "neighbour (node 1), node 1 has two (nodes 0 and 2).",
                 "W = [[1]] leaves each sum as it is; then relu replaces a negative sum by 0.",
                 "Node 0: its own 2 plus node 1's -4. Node 3: its own 0 plus node 2's 3."],
          wrong=[(-2, 1, -1, 3), (0, 5, 0, 3), (0, 1, 0, 0), (0, 0.3333, 0, 1.5), (0, 1, 0),
                 (2, -4, 3, 0), (2, 0, 3, 0), (0, 0.33, 0, 1.5),
                 (1, 1, 1, 3), ("0", "1", "0", "3")],
          right=[[0, 1, 0, 3], (0.0, 1.0, 0.0, 3.0), np.array([0, 1, 0, 3])])
def _check_answer_24_1(answer_24_1):
    try:
        given = [float(v) for v in answer_24_1]
    except (TypeError, ValueError):
        given = None
    if given == [2.0, -4.0, 3.0, 0.0]:
        return ("you entered H itself, the features before the round: no round was done. Each "
                "node adds its neighbours' features to its own ((A + I) H), then W = (1) and the "
                "relu apply")
    if given == [2.0, 0.0, 3.0, 0.0]:
        return ("you applied only the relu to H: no round was done. Each node first adds its "
                "neighbours' features to its own ((A + I) H), then the relu applies")
    mean_words = "you took the mean of the three features; the round asked for their sum"
    return by_hand_problem(
        answer_24_1, ["feature of node 0", "feature of node 1", "feature of node 2",
                      "feature of node 3"], [0.0, 1.0, 0.0, 3.0],
        {0: [(-2.0, "you left out the relu: 2 + (-4) = -2, and relu(-2) = max(-2, 0) = 0"),
             (-1.0, "you took the mean and left out the relu; the round asked for sums "
                    "(A + I) H W, and relu(-2) = 0")],
         1: [(5.0, "you left out the node's own feature (the + I): node 1 adds its own -4 to "
                   "its neighbours' 2 + 3"),
             (1 / 3, mean_words), (0.33, mean_words), (0.333, mean_words),   # 1/3 by hand
             (0.3, mean_words)],
         2: [(-1.0, "you left out the relu: 3 + (-4) + 0 = -1, and relu(-1) = 0"),
             (-4.0, "you left out the node's own feature 3 (the + I) and the relu")],
         3: [(0.0, "you left out the message from node 2: node 3's neighbour is node 2, whose "
                   "feature 3 it adds to its own 0"),
             (1.5, "you took the mean of node 3's own 0 and its neighbour's 3; the round asked "
                   "for their sum")]})


# -- 24.2 a topological order ----------------------------------------------------------------------

def _order_cases():
    # whole numbers as nodes, so that an order given as an array of numbers is read too
    yield {0: [2], 1: [2], 2: [4], 3: [4]}        # x, w -> h -> loss <- y: 4 only as a successor
    yield {0: [1, 2], 1: [3], 2: [3], 3: []}      # a diamond
    yield {3: [1], 1: [2]}
    yield {10: [], 11: [12]}
    rng = np.random.default_rng(242)
    hidden = rng.permutation(12)
    rank = {int(v): i for i, v in enumerate(hidden)}
    yield {int(a): [int(b) for b in range(12) if rank[int(a)] < rank[b] and rng.random() < 0.3]
           for a in rng.permutation(12)}


_CYCLES = ({"a": ["b"], "b": ["c"], "c": ["a"]}, {"x": ["y"], "y": ["y"]},
           {"s": ["t"], "t": ["u", "v"], "u": ["t"]},
           # more nodes only as successors (x, y, z) than nodes stuck on the cycle (a, b): a
           # cycle test that counts only the dict's keys places 4 >= 3 nodes and misses it
           {"a": ["b"], "b": ["a"], "s": ["x", "y", "z"]})


def _all_nodes(graph) -> list:
    nodes = list(graph)
    for vs in graph.values():
        nodes += [v for v in vs if v not in nodes]
    return nodes


def _order_problem(graph, result) -> str | None:
    """What is wrong with ``result`` as a topological order of ``graph``, or None."""
    if isinstance(result, (set, frozenset)):
        return ("your function returned a set, and a set has no order (Python lists its items "
                "in an order of its own): return a list, the nodes in the order you placed them")
    try:
        order = list(result)
    except TypeError:
        return f"your function returned {type(result).__name__} {result!r:.60}; return a list"
    nodes = _all_nodes(graph)
    missing = [v for v in nodes if v not in order]
    if missing:
        only = [v for v in missing if v not in graph]
        words = (f"your order leaves out {', '.join(repr(v) for v in missing)}"
                 + (": a node that appears only as a successor (no key of its own) is a node "
                    "too" if only and len(only) == len(missing) else ""))
        return words
    if len(order) != len(nodes):
        return f"your order has {len(order)} items for {len(nodes)} nodes: each node once"
    position = {v: i for i, v in enumerate(order)}
    backward = [(u, v) for u, vs in graph.items() for v in vs if position[u] > position[v]]
    if backward:
        every = len(backward) == sum(len(list(vs)) for vs in graph.values())
        u, v = backward[0]
        if every:
            return ("every edge goes backward in your order: you returned a reverse topological "
                    "order (the order of the backward pass); reverse it")
        return f"the edge {u!r} -> {v!r} goes backward: {u!r} must come before {v!r}"
    return None


@exercise("24.2", "a topological order (Kahn's algorithm)", name="topo_order",
          solution=("def topo_order(graph):\n"
                    "    nodes = list(graph)\n"
                    "    for succ in graph.values():\n"
                    "        nodes += [v for v in succ if v not in nodes]\n"
                    "    indegree = {v: 0 for v in nodes}\n"
                    "    for succ in graph.values():\n"
                    "        for v in succ:\n"
                    "            indegree[v] += 1\n"
                    "    ready = [v for v in nodes if indegree[v] == 0]\n"
                    "    order = []\n"
                    "    while ready:\n"
                    "        u = ready.pop(0)\n"
                    "        order.append(u)\n"
                    "        for v in graph.get(u, []):\n"
                    "            indegree[v] -= 1\n"
                    "            if indegree[v] == 0:\n"
                    "                ready.append(v)\n"
                    "    if len(order) < len(nodes):\n"
                    "        raise ValueError('the graph has a cycle')\n"
                    "    return order\n"),
          hints=["Count each node's incoming edges first. A node with none can come first.",
                 "Take a ready node, put it in the order and delete its outgoing edges: a "
                 "successor whose count drops to 0 becomes ready. Nodes that appear only in the "
                 "successor lists are nodes too.",
                 "If the ready list runs out before every node is placed, the nodes left all "
                 "wait on each other: there is a cycle; raise ValueError."],
          wrong=[lambda g: list(g),
                 lambda g: _kahn_lifo(g)[::-1],
                 lambda g: [v for v in _kahn_lifo(g) if v in g],
                 lambda g: _kahn_lifo(g, cycle_error=False),
                 lambda g: _kahn_lifo(g) + _kahn_lifo(g)[:1],
                 lambda g: _topological_sort(g),
                 lambda g: _kahn_lifo(g, count_keys=True),
                 lambda g: _kahn_lifo(g, count_keys="!="),
                 lambda g: _depth_first_seen_only(g),
                 lambda g: set(_kahn_lifo(g)),
                 lambda g: _kahn_runtime_error(g)],
          right=[lambda g: [v for v in _kahn_lifo(g)], lambda g: tuple(_kahn_lifo(g)),
                 lambda g: _depth_first_order(g)],
          forbidden=(SCIPY, _GRAPHLIB,
                     forbid_object("mathlib.graphs.topological_sort",
                                   "which finds the order for you")))
def _check_topo_order(topo_order):
    for graph in _order_cases():
        given = {u: list(vs) for u, vs in graph.items()}
        try:
            result = topo_order(given)
        except LearnerRaised as exc:
            if not str(exc).startswith("your function raised ValueError"):
                raise
            return _no_cycle_raised(topo_order, graph, exc)
        problem = _order_problem(graph, result)
        if problem:
            return f"for the graph {graph}: {problem}."
    for graph in _CYCLES:
        given = {u: list(vs) for u, vs in graph.items()}
        try:
            result = topo_order(given)
        except LearnerRaised as exc:              # their ValueError is the right answer
            if str(exc).startswith("your function raised ValueError"):
                continue
            raised = str(exc)[len("your function raised "):].split(":", 1)[0]
            if raised in ("RuntimeError", "Exception", "AssertionError"):   # a cycle error of another type
                return (f"for the graph {graph}, which has a cycle, your function raised {raised}; "
                        "the exercise asks for ValueError (the error for a value, here a graph, "
                        "that has no answer): raise ValueError('the graph has a cycle')")
            raise
        text = (f"for the graph {graph}, which has a cycle, your function returned {result!r:.80} "
                "instead of raising ValueError: a graph with a cycle has no topological order "
                "(check that every node was placed)")
        try:
            placed = len(list(result))
        except TypeError:
            placed = None
        nodes = _all_nodes(graph)
        if placed is not None and len(graph) <= placed < len(nodes):
            text += (f". You placed {placed} nodes, no fewer than the {len(graph)} keys of the "
                     f"dict, but the graph has {len(nodes)} nodes: the nodes that appear only as "
                     "successors count too. Compare with the number of all the nodes, not "
                     "len(graph).")
        return text
    return None


def _no_cycle_raised(topo_order, graph, exc) -> str:
    """The words for a ValueError raised on a graph without a cycle: a cycle test that compares
    with len(graph) (the keys only), or a depth-first search taking a node reached twice for a
    cycle."""
    raised = str(exc).splitlines()[0][len("your function raised "):]
    text = (f"for the graph {graph}, which has no cycle, your function raised ValueError anyway "
            f"({raised:.60})")
    nodes = _all_nodes(graph)
    every_key = {u: list(graph.get(u, [])) for u in nodes}
    try:                                         # the same graph with every node as a key
        order = topo_order({u: list(vs) for u, vs in every_key.items()})
        keys_only = _order_problem(every_key, order) is None
    except Exception:
        keys_only = False
    if keys_only and len(graph) < len(nodes):
        return (f"{text}. You placed all {len(nodes)} nodes but compared with the {len(graph)} "
                "keys of the dict: the nodes that appear only as successors count too. Compare "
                "with the number of all the nodes, not len(graph).")
    indegree = {v: sum(vs.count(v) for vs in map(list, graph.values())) for v in nodes}
    twice = [v for v in nodes if indegree[v] >= 2]
    if twice:
        return (f"{text}. A node reached twice (like {twice[0]!r} here, a successor of "
                f"{' and '.join(repr(u) for u in graph if twice[0] in graph[u])}) is not a "
                "cycle: a cycle brings you back to a node whose visit is still in progress. If "
                "you search depth first, mark a node 'in progress' when you enter it and 'done' "
                "when you leave it, and raise only on reaching one in progress.")
    return f"{text}: raise ValueError only when the graph has a cycle."


def _depth_first_seen_only(graph) -> list:
    """The slip of a depth-first search with one 'seen' mark: a node reached twice is taken for
    a cycle (a wrong answer)."""
    seen, finished = set(), []

    def visit(u):
        if u in seen:
            raise ValueError("cycle")
        seen.add(u)
        for v in graph.get(u, []):
            visit(v)
        finished.append(u)
    for u in _all_nodes(graph):
        if u not in finished:
            visit(u)
    return finished[::-1]


def _depth_first_order(graph) -> list:
    """Another valid order: the reverse of a depth-first search's finishing order."""
    state, finished = {}, []

    def visit(u):
        if state.get(u) == "open":
            raise ValueError("cycle")
        if u not in state:
            state[u] = "open"
            for v in graph.get(u, []):
                visit(v)
            state[u] = "done"
            finished.append(u)
    for u in _all_nodes(graph):
        visit(u)
    return finished[::-1]


def _kahn_runtime_error(graph) -> list:
    """Kahn's algorithm raising RuntimeError, not ValueError, on a cycle (a wrong answer)."""
    try:
        return _kahn_lifo(graph)
    except ValueError:
        raise RuntimeError("cycle") from None


def _kahn_lifo(graph, cycle_error: bool = True, count_keys: bool | str = False) -> list:
    """Kahn's algorithm taking the most recently readied node first: another valid order (with
    ``cycle_error=False``, the nodes placed before a cycle stopped it, without an error; with
    ``count_keys=True`` the slip of testing for a cycle with ``len(order) < len(graph)``, the
    dict's keys only; with ``count_keys="!="`` the slip ``len(order) != len(graph)``, which
    raises on a graph without a cycle whose successors are not all keys)."""
    nodes = _all_nodes(graph)
    indegree = {v: 0 for v in nodes}
    for vs in graph.values():
        for v in vs:
            indegree[v] += 1
    ready = [v for v in nodes if indegree[v] == 0]
    order = []
    while ready:
        u = ready.pop()
        order.append(u)
        for v in graph.get(u, []):
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    if cycle_error and len(order) < (len(graph) if count_keys else len(nodes)):
        raise ValueError("cycle")
    if count_keys == "!=" and len(order) != len(graph):
        raise ValueError("cycle")
    return order


# -- 24.3 one round of message passing ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _iris_features() -> tuple[np.ndarray, np.ndarray]:
    """The graph of 60 Iris flowers (20 of each species, seeded; 3 nearest neighbours) and their
    standardised measurements (60, 4)."""
    iris = load_iris()
    rng = np.random.default_rng(243)
    rows = np.sort(np.concatenate([rng.choice(np.flatnonzero(iris.y == c), 20, replace=False)
                                   for c in range(3)]))
    X = iris.X[rows]
    A = _knn(X, 3)
    H = (X - X.mean(axis=0)) / X.std(axis=0)
    for arr in (A, H):
        arr.flags.writeable = False
    return A, H


def _round_cases():
    A = np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]], dtype=float)
    yield A, np.array([[2.0], [-4.0], [3.0], [0.0]]), np.array([[1.0]])       # 24.1
    directed = np.array([[0, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=float)      # 1 -> 0, 2 -> 0, 2 -> 1
    yield directed, np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]]), np.array([[1.0, -1.0], [0.5, 2.0]])
    rng = np.random.default_rng(2431)
    A, H = _iris_features()
    yield A.copy(), H.copy(), rng.normal(size=(4, 3))
    small = np.array(_iris_graph())
    yield small, rng.normal(size=(len(small), 2)), rng.normal(size=(2, 2))


def _round_where(A, H, W):
    n = len(A)
    if n == 60:
        return ("for the graph of 60 Iris flowers (3 nearest neighbours) with the standardised "
                "measurements as H (60, 4) and a random W (4, 3)")
    if n == 12:
        return "for the notebook's graph of 12 Iris flowers, random H (12, 2) and W (2, 2)"
    return f"for A = {A.astype(int).tolist()}, H = {H.tolist()}, W = {W.tolist()}"


def _relu_free(A, H, W):
    return (A + np.eye(len(A))) @ H @ W


def _mean_round(A, H, W):
    M = A + np.eye(len(A))
    return np.maximum(M / M.sum(axis=1, keepdims=True) @ H @ W, 0.0)


_ROUND_SLIPS = (
    Slip(lambda A, H, W: np.maximum(A @ H @ W, 0.0),
         "you left out each node's own features: the round sums the node and its neighbours, "
         "(A + I) H, not A H"),
    Slip(_relu_free, "you left out the relu: after (A + I) H W, a negative entry becomes 0"),
    Slip(lambda A, H, W: np.maximum((A.T + np.eye(len(A))) @ H @ W, 0.0),
         "you used A transposed: A[i, j] = 1 means an edge from j into i, so node i sums the "
         "rows j of H with A[i, j] = 1, row i of A times H (for an undirected graph A is "
         "symmetric and the two agree)"),
    Slip(_mean_round, "you took the mean over the node and its neighbours; the round asked for "
                      "the sum (A + I) H W"),
    Slip(lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H, 0.0) @ W,
         "you applied the relu before multiplying by W: it comes last, relu((A + I) H W)"),
)


@exercise("24.3", "one round of message passing", name="message_round",
          solution=("def message_round(A, H, W):\n"
                    "    n = A.shape[0]\n"
                    "    return np.maximum((A + np.eye(n)) @ H @ W, 0)\n"),
          hints=["Row i of A @ H is the sum of the feature rows of node i's neighbours.",
                 "Each node also keeps its own features: add the identity matrix to A first.",
                 "Then multiply by W and apply relu, max(z, 0), entry by entry, last."],
          wrong=[lambda A, H, W: np.maximum(A @ H @ W, 0.0), _relu_free,
                 lambda A, H, W: np.maximum((A.T + np.eye(len(A))) @ H @ W, 0.0), _mean_round,
                 lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H, 0.0) @ W,
                 lambda A, H, W: _message_passing(A, H, W)],
          right=[lambda A, H, W: np.array([np.maximum((H[i] + A[i] @ H) @ W, 0)
                                           for i in range(len(A))]),
                 lambda A, H, W: np.clip(A @ H @ W + H @ W, 0, None),
                 lambda A, H, W: np.maximum(np.einsum("ij,jd,dk->ik", A + np.eye(len(A)), H, W),
                                            0)],
          forbidden=(SCIPY, forbid_object("mathlib.graphs.message_passing",
                                          "which computes the round for you")))
def _check_message_round(message_round):
    return compare_cases(message_round, _round_cases(), _message_passing, slips=_ROUND_SLIPS,
                         what="the new features H'", where=_round_where)


# -- 24.4 hop distances on the Iris graph -----------------------------------------------------------

def _hop_cases():
    path = np.zeros((5, 5))
    for i in range(4):
        path[i, i + 1] = path[i + 1, i] = 1.0
    yield path, 0
    yield path, 2
    small = np.array(_iris_graph())
    yield small, 4                                     # the explorer's start: setosa unreachable
    yield small, 0
    A, _ = _iris_features()
    yield A.copy(), 7
    yield A.copy(), 45


def _hop_where(A, start):
    n = len(A)
    if n == 60:
        return f"for the graph of 60 Iris flowers (3 nearest neighbours), start = {start}:"
    if n == 12:
        return f"for the notebook's graph of 12 Iris flowers, start = {start}:"
    return f"for the path 0 - 1 - 2 - 3 - 4, start = {start}:"


def _hops_by_rounds(A, start) -> np.ndarray:
    """Hop distances from repeated rounds of message passing (a right answer of another kind)."""
    n = len(A)
    H = np.zeros((n, 1))
    H[start] = 1.0
    hops = np.full(n, -1)
    for k in range(n):
        hops[(H[:, 0] > 0) & (hops < 0)] = k
        H = np.minimum((A + np.eye(n)) @ H, 1.0)
    return hops


def _hops_zero_unreached(A, start):
    h = _hops_by_rounds(A, start)
    return np.where(h < 0, 0, h)


def _hops_plus_one(A, start):
    h = _hops_by_rounds(A, start)
    return np.where(h < 0, -1, h + 1)


def _hops_n_unreached(A, start):
    h = _hops_by_rounds(A, start)
    return np.where(h < 0, len(A), h)


def _unreached_as(test):
    """A slip test: the learner gave every unreached node a value that ``test`` accepts (inf,
    NaN) and every reached node its right distance."""
    def matches(got, want, args):
        got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
        if got.shape != want.shape:
            return False
        unreached = want < 0
        return bool(np.all(test(got[unreached]))
                    and np.array_equal(got[~unreached], want[~unreached]))
    return matches


def _hops_inf_unreached(A, start):
    h = _hops_by_rounds(A, start).astype(float)
    return np.where(h < 0, np.inf, h)


def _hops_nan_unreached(A, start):
    h = _hops_by_rounds(A, start).astype(float)
    return np.where(h < 0, np.nan, h)


_HOP_SLIPS = (
    Slip(None, "you gave inf to flowers that no path reaches; the exercise asks for -1 for a "
               "node no path reaches", matches=_unreached_as(lambda v: np.isposinf(v))),
    Slip(None, "you gave nan to flowers that no path reaches; the exercise asks for -1 for a "
               "node no path reaches", matches=_unreached_as(np.isnan)),
    Slip(_hops_zero_unreached, "you gave 0 to flowers that no path reaches; 0 is the start's "
                               "own distance: give -1 to a node no path reaches"),
    Slip(_hops_plus_one, "your distances are one too large: the start is 0 hops from itself, "
                         "its neighbours 1"),
    Slip(_hops_n_unreached, "you gave n to flowers that no path reaches; the exercise asks for "
                            "-1 there"),
)


@exercise("24.4", "hop distances on the Iris graph", name="hop_counts",
          solution=("def hop_counts(A, start):\n"
                    "    n = len(A)\n"
                    "    hops = np.full(n, -1)\n"
                    "    hops[start] = 0\n"
                    "    frontier, k = [start], 0\n"
                    "    while frontier:\n"
                    "        k += 1\n"
                    "        new = []\n"
                    "        for i in frontier:\n"
                    "            for j in np.flatnonzero(A[i]):\n"
                    "                if hops[j] < 0:\n"
                    "                    hops[j] = k\n"
                    "                    new.append(j)\n"
                    "        frontier = new\n"
                    "    return hops\n"),
          hints=["The start is 0 hops away; its neighbours 1; their neighbours not seen yet 2.",
                 "Keep a 'frontier' of the nodes found at the last distance, and look at their "
                 "neighbours (np.flatnonzero(A[i])) that have no distance yet.",
                 "Alternatively: after k rounds of message passing from a one-hot start, the "
                 "nodes with a non-zero feature are those at most k hops away; a node's distance "
                 "is the first k at which it turns non-zero. Nodes never reached keep -1."],
          wrong=[_hops_zero_unreached, _hops_plus_one, _hops_n_unreached, _hops_inf_unreached,
                 _hops_nan_unreached,
                 lambda A, start: (np.asarray(A)[start] > 0).astype(int),
                 lambda A, start: _hops_by_rounds(A, start)[::-1],
                 lambda A, start: _hops_from(A, start)],
          right=[lambda A, start: _hops_by_rounds(A, start).astype(float),
                 lambda A, start: list(_hops_by_rounds(A, start)),
                 lambda A, start: _hops_by_rounds(A, start).astype(np.int32)],
          forbidden=(SCIPY,
                     forbid_object("mathlib.explorers.message_passing.hops_from",
                                   "which computes the distances for you")))
def _check_hop_counts(hop_counts):
    def reference(A, start):
        return _hops_from(A, start).astype(float)
    return compare_cases(hop_counts, _hop_cases(), reference, slips=_HOP_SLIPS,
                         what="the hop distances", where=_hop_where)
