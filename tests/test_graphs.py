"""mathlib.graphs: topological order on random DAGs (every edge goes forward), against a plain
reference (repeatedly remove a source), cycles named, message passing against an explicit loop
over the nodes, and every error message."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from mathlib.graphs import message_passing, topological_sort


def random_dag(rng, n, p=0.3):
    """A DAG on nodes 0..n-1: an edge u -> v (u < v in a hidden random order) with probability p,
    the nodes listed in a shuffled order."""
    hidden = rng.permutation(n)
    graph = {}
    for a in rng.permutation(n):
        graph[int(a)] = [int(b) for b in range(n)
                         if np.argwhere(hidden == a)[0, 0] < np.argwhere(hidden == b)[0, 0]
                         and rng.random() < p]
    return graph


def reference_sort(graph):
    """Kahn's algorithm the slow way: scan the nodes in order of appearance and take the
    first one that no remaining node points to; repeat."""
    nodes = list(graph)                  # the keys first, then nodes met only as successors
    for vs in graph.values():
        for x in vs:
            if x not in nodes:
                nodes.append(x)
    remaining, order = list(nodes), []
    while remaining:
        for x in remaining:
            if not any(x in graph.get(u, ()) for u in remaining):
                order.append(x)
                remaining.remove(x)
                break
        else:
            raise AssertionError("cycle")
    return order


def edges_forward(graph, order):
    position = {x: i for i, x in enumerate(order)}
    return all(position[u] < position[v] for u, vs in graph.items() for v in vs)


# -- topological_sort -------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(20))
def test_random_dags_every_edge_goes_forward_and_matches_reference(seed):
    rng = np.random.default_rng(seed)
    graph = random_dag(rng, int(rng.integers(1, 15)), p=float(rng.uniform(0.1, 0.6)))
    order = topological_sort(graph)
    assert sorted(order) == sorted(graph)
    assert edges_forward(graph, order)
    assert order == reference_sort(graph)


def test_nodes_only_as_successors_count_and_order_is_first_appearance():
    graph = {"x": ["h"], "w": ["h"], "h": ["loss"], "y": ["loss"]}
    assert topological_sort(graph) == ["x", "w", "h", "y", "loss"]
    assert topological_sort({"b": ["a"], "c": []}) == ["b", "c", "a"]
    assert topological_sort({"a": ["z", "y"]}) == ["a", "z", "y"]
    assert topological_sort({}) == []
    assert topological_sort({"a": []}) == ["a"]


def test_ready_nodes_taken_in_first_appearance_order_not_fifo():
    # a FIFO queue of ready nodes would give c, a, d, b, e
    graph = {"c": ["b"], "b": [], "a": ["e"], "d": []}
    # c, a, d ready (first appearances 0, 2, 3); after c, b (1) is ready and goes before a
    assert topological_sort(graph) == ["c", "b", "a", "d", "e"]
    assert topological_sort({3: [1], 1: [2], 2: []}) == [3, 1, 2]


def test_repeated_edges_count_once_and_tuples_and_sets_work():
    assert topological_sort({"a": ["b", "b"], "b": ("c",), "c": set()}) == ["a", "b", "c"]
    assert topological_sort({"a": iter(["b"])}) == ["a", "b"]
    assert topological_sort({(0, 1): [(0, 2)], 5: ["s"]}) == [(0, 1), 5, (0, 2), "s"]


def test_diamond_and_a_node_with_two_parents_comes_after_both():
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"]}
    assert topological_sort(graph) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("seed", range(10))
def test_cycles_are_found_and_named(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(3, 12))
    graph = random_dag(rng, n, p=0.3)
    order = topological_sort(graph)
    # close a cycle: an edge from a later node back to an earlier one it can reach
    u = order[0]
    reach, stack = {u}, [u]
    while stack:
        for v in graph[stack.pop()]:
            if v not in reach:
                reach.add(v)
                stack.append(v)
    v = order[-1] if order[-1] in reach and order[-1] != u else u
    graph[v] = list(graph[v]) + [u]
    with pytest.raises(ValueError, match="has a cycle") as info:
        topological_sort(graph)
    message = str(info.value)
    cycle_text = message.split("has a cycle ")[1].split(", so")[0]
    cycle = [eval(x) for x in cycle_text.split(" -> ")]       # noqa: S307 (repr of ints)
    assert cycle[0] == cycle[-1] and len(cycle) >= 2
    assert len(set(cycle[:-1])) == len(cycle) - 1
    for a, b in zip(cycle, cycle[1:]):
        assert b in graph[a], (a, b, graph)


def test_cycle_messages():
    with pytest.raises(ValueError, match=r"^topological_sort: the graph has a cycle 'a' -> 'a', so "
                       r"it has no topological order \(a directed graph has one only if it has no "
                       r"cycle\)$"):
        topological_sort({"a": ["a"]})
    with pytest.raises(ValueError, match=r"cycle 'a' -> 'b' -> 'c' -> 'a',"):
        topological_sort({"z": ["a"], "a": ["b"], "b": ["c"], "c": ["a"], "q": []})
    with pytest.raises(ValueError, match=r"cycle 'x' -> 'y' -> 'x',"):
        topological_sort({"s": ["x"], "x": ["y", "t"], "y": ["x"]})
    # a node downstream of a cycle is stuck too, but is not on it
    with pytest.raises(ValueError, match=r"cycle 'a' -> 'b' -> 'a',"):
        topological_sort({"a": ["b", "d"], "b": ["a"], "d": ["e"]})


def test_errors_name_what_was_given():
    with pytest.raises(TypeError, match=r"^topological_sort: graph must be a dict from each node "
                       r"to a list of its successors, such as \{'x': \['h'\], 'h': \['loss'\]\}; "
                       r"got list \[\('a', 'b'\)\]$"):
        topological_sort([("a", "b")])
    with pytest.raises(TypeError, match=r"^topological_sort: the successors of node 'a' must be a "
                       r"list \(or another iterable\) of nodes, such as \['b'\]; got str 'b'$"):
        topological_sort({"a": "b"})
    with pytest.raises(TypeError, match=r"successors of node 'a' must be a list .* got int 3$"):
        topological_sort({"a": 3})
    with pytest.raises(TypeError, match=r"^topological_sort: a node must be hashable \(a string, "
                       r"a number, a tuple\); got list \['b'\]$"):
        topological_sort({"a": [["b"]]})


def test_large_chain_is_fast_and_not_recursive():
    n = 20_000
    graph = {i: [i - 1] for i in range(n - 1, 0, -1)}
    assert topological_sort(graph) == list(range(n - 1, -1, -1))


# -- message_passing ------------------------------------------------------------------------------

def loop_reference(A, H, W, normalise=False):
    n = A.shape[0]
    out = np.zeros((n, W.shape[1]))
    for i in range(n):
        total = H[i].copy()
        weight = 1.0
        for j in range(n):
            if A[i, j] != 0:
                total = total + A[i, j] * H[j]
                weight += A[i, j]
        if normalise:
            total = total / weight
        z = total @ W
        out[i] = np.where(z > 0, z, 0.0)
    return out


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("normalise", [False, True])
def test_message_passing_matches_a_loop_over_nodes(seed, normalise):
    rng = np.random.default_rng(seed)
    n, d, k = (int(v) for v in rng.integers(1, 7, size=3))
    A = (rng.random((n, n)) < 0.4) * rng.choice([1.0, 0.5, 2.0], size=(n, n))
    np.fill_diagonal(A, 0.0)
    H = rng.normal(size=(n, d))
    W = rng.normal(size=(d, k))
    out = message_passing(A, H, W, normalise=normalise)
    assert out.shape == (n, k)
    assert_allclose(out, loop_reference(A, H, W, normalise), rtol=1e-12, atol=1e-14)


def test_message_passing_by_hand_and_relu():
    A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])       # a path 0 - 1 - 2
    H = np.array([[1.0], [2.0], [-4.0]])
    W = np.array([[1.0, -1.0]])
    assert_array_equal(message_passing(A, H, W), [[3, 0], [0, 1], [0, 2]])
    assert_allclose(message_passing(A, H, W, normalise=True), [[1.5, 0], [0, 1 / 3], [0, 1]])
    # integer and list input; float out
    out = message_passing([[0, 1], [1, 0]], [[1], [2]], [[1]])
    assert out.dtype == float and out.tolist() == [[3.0], [3.0]]


def test_k_rounds_reach_k_hops():
    n = 6
    A = np.zeros((n, n))
    for i in range(n - 1):
        A[i, i + 1] = A[i + 1, i] = 1.0
    H = np.zeros((n, 1))
    H[0] = 1.0
    for k in range(n):
        assert_array_equal(np.flatnonzero(H[:, 0]), np.arange(min(k, n - 1) + 1))
        H = message_passing(A, H, np.ones((1, 1)), normalise=True)


def test_directed_edge_from_j_into_i():
    A = np.array([[0.0, 1.0], [0.0, 0.0]])                # node 1 sends into node 0
    out = message_passing(A, np.array([[0.0], [5.0]]), np.ones((1, 1)))
    assert_array_equal(out, [[5.0], [5.0]])


def test_extremes_are_quiet():
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    out = message_passing(A, np.full((2, 1), 1e308), np.full((1, 1), 1e10))
    assert np.all(np.isinf(out))
    tiny = message_passing(A, np.full((2, 1), 1e-308), np.full((1, 1), 1e-300))
    assert np.all(tiny >= 0) and np.all(np.isfinite(tiny))
    both = message_passing(A, np.array([[1e308, -1e308], [1e308, -1e308]]), np.ones((2, 1)))
    assert both.shape == (2, 1) and np.isnan(both).all()       # inf - inf, quietly
    big = message_passing(A * 1e300, np.ones((2, 1)), np.ones((1, 1)), normalise=True)
    assert_allclose(big, 1.0)


def test_message_passing_errors():
    A, H, W = np.zeros((3, 3)), np.ones((3, 2)), np.ones((2, 4))
    with pytest.raises(ValueError, match=r"^message_passing: adjacency must be square \(n, n\), "
                       r"one row and one column per node; got a matrix of shape \(3, 2\)"):
        message_passing(np.zeros((3, 2)), H, W)
    with pytest.raises(ValueError, match=r"^message_passing: adjacency\[0, 2\] = -1 is negative; "
                       r"edge weights must be >= 0 \(0 for no edge\)$"):
        message_passing(np.array([[0, 0, -1], [0, 0, 0], [-2, 0, 0]]), H, W)
    with pytest.raises(ValueError, match=r"^message_passing: adjacency\[1, 1\] = 1; the diagonal "
                       r"must be 0 \(each node's own features are added by the \+ I\)$"):
        message_passing(np.diag([0.0, 1.0, 1.0]), H, W)
    with pytest.raises(ValueError, match=r"^message_passing: H has 2 rows but the graph has 3 "
                       r"nodes \(adjacency \(3, 3\)\); H needs one row of features per node$"):
        message_passing(A, np.ones((2, 5)), np.ones((5, 1)))
    for bad in (np.zeros(3), np.zeros((3, 3, 3))):
        with pytest.raises(ValueError, match=r"^message_passing: adjacency must be a matrix"):
            message_passing(bad, H, W)
        with pytest.raises(ValueError, match=r"^message_passing: W must be a matrix"):
            message_passing(A, H, bad[..., :4] if bad.ndim == 3 else np.ones(2))
    with pytest.raises(ValueError, match=r"^message_passing: H has shape \(3, 2\) and W has shape "
                       r"\(3, 4\); W needs one row per feature of H \(2\), got 3$"):
        message_passing(A, H, np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"message_passing: H must be a matrix"):
        message_passing(A, np.ones(3), W)
    with pytest.raises(ValueError, match=r"message_passing: adjacency holds nan"):
        message_passing(np.full((3, 3), np.nan), H, W)
    with pytest.raises(TypeError, match=r"message_passing: W must be numbers"):
        message_passing(A, H, "W")
    with pytest.raises(TypeError, match=r"^message_passing: normalise must be True or False, got "
                       r"int 1$"):
        message_passing(A, H, W, normalise=1)
    with pytest.raises(TypeError):
        message_passing(A, H, W, True)
    assert message_passing(A, H, W, normalise=np.bool_(True)).shape == (3, 4)


def test_error_hints_say_how_to_fix_what_was_given():
    # a string of several letters may mean one node or several: both readings are offered
    with pytest.raises(TypeError, match=r"such as \['bc'\] for one node named 'bc', or "
                       r"\['b', 'c'\] for 2 nodes; got str 'bc'$"):
        topological_sort({"a": "bc"})
    A = np.zeros((3, 3))
    with pytest.raises(ValueError, match=r"^message_passing: H must be a matrix, got a vector of "
                       r"length 3; .*H\.reshape\(-1, 1\)"):
        message_passing(A, np.ones(3), np.ones((1, 1)))
    with pytest.raises(ValueError, match=r"^message_passing: W must be a matrix, got a scalar; a "
                       r"single weight is the 1 x 1 matrix \[\[2\.0\]\]$"):
        message_passing(A, np.ones((3, 1)), 2.0)
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match=r"^message_passing: adjacency is a csr_matrix \(a sparse "
                       r"matrix\); message_passing needs a dense numpy array: convert it with "
                       r"\.toarray\(\)"):
        message_passing(sparse.csr_matrix(A), np.ones((3, 1)), np.ones((1, 1)))


def test_positive_W_and_a_positive_start_reach_exactly_k_hops_and_zero_weights_do_not():
    # the path 0 - 1 - 2 - 3 - 4
    A = np.zeros((5, 5))
    for i in range(4):
        A[i, i + 1] = A[i + 1, i] = 1.0
    hops = np.array([0, 1, 2, 3, 4])
    rng = np.random.default_rng(5)
    W = rng.uniform(0.1, 1.0, size=(2, 2))                 # every entry positive
    H = np.zeros((5, 2))
    H[0] = (1.0, 0.0)                                      # >= 0, one positive entry
    for k in range(1, 5):
        H = message_passing(A, H, W, normalise=True)
        assert np.array_equal(np.any(H > 0, axis=1), hops <= k)
    # non-negative A, H and W are not enough: a zero weight can silence a node that was reached
    H0 = np.zeros((5, 2))
    H0[0] = (1.0, 0.0)
    assert not np.any(message_passing(A, H0, np.array([[0.0], [1.0]])) > 0)
    assert not np.any(message_passing(A, H0[:, :1], np.array([[0.0]])) > 0)


def test_the_mean_stays_between_the_old_features_only_when_they_are_not_negative():
    # with W = I and normalise=True each new feature lies between the smallest and the largest
    # of the old ones for features >= 0; all negative, the relu gives 0, above them all
    A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    rng = np.random.default_rng(5)
    for _ in range(20):
        H = rng.uniform(0, 3, size=(3, 2))
        out = message_passing(A, H, np.eye(2), normalise=True)
        assert np.all(out >= H.min(axis=0) - 1e-12) and np.all(out <= H.max(axis=0) + 1e-12)
    H = -np.ones((3, 1))
    assert_array_equal(message_passing(A, H, np.eye(1), normalise=True), np.zeros((3, 1)))
    doc = " ".join(message_passing.__doc__.split())
    assert "with W = I and features >= 0 each feature stays between its smallest and" in doc
    assert "with W = I each feature stays between" not in doc
