"""Notebook 24's exercises: the by-hand round and its named slips, any valid topological order
passing and a cycle demanding a ValueError, message passing against mathlib.graphs with its slips
named only when they are the cause, hop distances on the Iris graphs, and the forbidden tools."""

import operator
import time

import numpy as np
import pytest

from mathlib.exercises import evaluate
from mathlib.graphs import message_passing

from .exercise_helpers import assert_passes, fail_message, refused_message  # noqa: F401
from .exercise_helpers import no_checker_defects  # noqa: F401


# -- 24.1 by hand ---------------------------------------------------------------------------------
def test_by_hand_values_are_the_library_s():
    A = np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]])
    out = message_passing(A, np.array([[2.0], [-4.0], [3.0], [0.0]]), np.array([[1.0]]))
    assert out.ravel().tolist() == [0.0, 1.0, 0.0, 3.0]
    assert_passes("24.1", (0, 1, 0, 3))


@pytest.mark.parametrize("answer, words", [
    ((-2, 1, -1, 3), "left out the relu: 2 + (-4) = -2"),
    ((0, 5, 0, 3), "left out the node's own feature (the + I)"),
    ((0, 1, 0, 0), "left out the message from node 2"),
    ((0, 1 / 3, 0, 1.5), "took the mean of the three features"),
    ((0, 0.33, 0, 3), "took the mean of the three features"),          # 1/3 rounded by hand
    ((0, 0.333, 0, 3), "took the mean of the three features"),
    ((2, -4, 3, 0), "you entered H itself, the features before the round: no round was done"),
    ((2, 0, 3, 0), "you applied only the relu to H: no round was done"),
])
def test_by_hand_slips_are_named(answer, words):
    assert words in fail_message("24.1", answer)


def test_by_hand_h_itself_is_not_told_a_missing_message():
    assert "message from node 2" not in fail_message("24.1", (2, -4, 3, 0))


def test_by_hand_the_notebook_asks_the_question_checked():
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / "24_graphs_dags.ipynb"
    text = " ".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    assert "$H = (2, -4, 3, 0)^\\top$, $W = (1)$" in text and "0 - 1 - 2 - 3" in text


# -- 24.2 a topological order -----------------------------------------------------------------------
def _kahn(graph, lifo=False, *, count_keys_only=False, differs=operator.lt):
    """Kahn's algorithm; its cycle test is ``differs(len(order), n)``, n the number of nodes
    (or, a learner's slip, of the dict's keys: ``count_keys_only``)."""
    nodes = list(graph)
    for vs in graph.values():
        nodes += [v for v in vs if v not in nodes]
    indeg = {v: 0 for v in nodes}
    for vs in graph.values():
        for v in vs:
            indeg[v] += 1
    ready, order = [v for v in nodes if indeg[v] == 0], []
    while ready:
        u = ready.pop() if lifo else ready.pop(0)
        order.append(u)
        for v in graph.get(u, []):
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
    if differs(len(order), len(graph) if count_keys_only else len(nodes)):
        raise ValueError("cycle")
    return order


def test_any_valid_order_passes():
    assert_passes("24.2", _kahn)
    assert_passes("24.2", lambda g: _kahn(g, lifo=True))


@pytest.mark.parametrize("answer, words", [
    (lambda g: _kahn(g)[::-1], "reverse topological order (the order of the backward pass)"),
    (lambda g: [v for v in _kahn(g) if v in g], "leaves out 4: a node that appears only as a "
                                                "successor"),
    (lambda g: list(g), "leaves out 4"),
    (lambda g: _kahn(g) + _kahn(g)[:1], "has 6 items for 5 nodes"),
])
def test_order_slips_are_named(answer, words):
    assert words in fail_message("24.2", answer)


def test_an_edge_going_backward_is_named():
    def one_swapped(g):
        order = _kahn(g)
        if 4 in order:
            i, j = order.index(2), order.index(4)
            order[i], order[j] = order[j], order[i]
        return order
    assert "the edge 2 -> 4 goes backward" in fail_message("24.2", one_swapped)


def test_a_cycle_must_raise_value_error():
    def quiet(g):
        try:
            return _kahn(g)
        except ValueError:
            return []
    message = fail_message("24.2", quiet)
    assert "which has a cycle, your function returned [] instead of raising ValueError" in message

    def wrong_error(g):
        order = _kahn(g, lifo=False) if len(g) != 3 or "a" not in g else None
        if order is None:
            raise KeyError("cycle")
        return order
    assert "your function raised KeyError" in fail_message("24.2", wrong_error)


def test_order_tools_are_refused():
    from mathlib.graphs import topological_sort
    assert "topological_sort" in refused_message("24.2", lambda g: topological_sort(g))

    def with_graphlib(g):
        import graphlib
        preds = {}
        for u, vs in g.items():
            preds.setdefault(u, [])
            for v in vs:
                preds.setdefault(v, []).append(u)
        return list(graphlib.TopologicalSorter(preds).static_order())
    assert "graphlib" in refused_message("24.2", with_graphlib)


# -- 24.3 message passing -------------------------------------------------------------------------
def test_round_passes_as_a_loop_and_as_a_formula():
    assert_passes("24.3", lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H @ W, 0))
    assert_passes("24.3", lambda A, H, W: np.array(
        [np.maximum((H[i] + A[i] @ H) @ W, 0) for i in range(len(A))]))


@pytest.mark.parametrize("answer, words", [
    (lambda A, H, W: np.maximum(A @ H @ W, 0), "(A + I) H, not A H"),
    (lambda A, H, W: (A + np.eye(len(A))) @ H @ W, "you left out the relu"),
    (lambda A, H, W: np.maximum((A.T + np.eye(len(A))) @ H @ W, 0), "you used A transposed"),
    (lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H, 0) @ W, "relu before multiplying"),
])
def test_round_slips_are_named(answer, words):
    assert words in fail_message("24.3", answer)


def test_round_wrong_in_another_way_names_no_slip():
    message = fail_message("24.3", lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H @ W, 0) + 1)
    assert "you left out" not in message and "transposed" not in message


def test_round_forbids_mathlib_and_is_cheap():
    assert "message_passing" in refused_message("24.3", message_passing)
    start = time.perf_counter()
    evaluate("24.3", lambda A, H, W: np.maximum((A + np.eye(len(A))) @ H @ W, 0))
    assert time.perf_counter() - start < 0.5


# -- 24.4 hop distances ---------------------------------------------------------------------------
def _bfs(A, start):
    n = len(A)
    hops = np.full(n, -1)
    hops[start] = 0
    frontier, k = [start], 0
    while frontier:
        k += 1
        new = []
        for i in frontier:
            for j in np.flatnonzero(A[i]):
                if hops[j] < 0:
                    hops[j] = k
                    new.append(j)
        frontier = new
    return hops


def test_hops_pass_and_agree_with_scipy():
    from scipy.sparse.csgraph import shortest_path
    from mathlib.explorers.message_passing import graph
    A = graph()
    d = shortest_path(A, unweighted=True, indices=4)
    want = np.where(np.isinf(d), -1, d)
    assert np.array_equal(_bfs(A, 4), want)
    assert_passes("24.4", _bfs)


@pytest.mark.parametrize("answer, words", [
    (lambda A, s: np.where(_bfs(A, s) < 0, 0, _bfs(A, s)), "you gave 0 to flowers"),
    (lambda A, s: np.where(_bfs(A, s) < 0, -1, _bfs(A, s) + 1), "one too large"),
    (lambda A, s: np.where(_bfs(A, s) < 0, len(A), _bfs(A, s)), "you gave n to flowers"),
])
def test_hop_slips_are_named(answer, words):
    assert words in fail_message("24.4", answer)


def test_hops_forbid_the_explorer_s_function():
    from mathlib.explorers.message_passing import hops_from
    assert "hops_from" in refused_message("24.4", hops_from)


def test_a_cycle_test_counting_only_the_dict_s_keys_fails_and_is_named():
    def keys_only(g):                      # Kahn's algorithm, cycle test len(order) < len(graph)
        return _kahn(g, count_keys_only=True)
    assert keys_only({"a": ["b"], "b": ["a"], "s": ["x", "y", "z"]}) == ["s", "x", "y", "z"]
    message = fail_message("24.2", keys_only)
    assert "{'a': ['b'], 'b': ['a'], 's': ['x', 'y', 'z']}, which has a cycle" in message
    assert "not len(graph)" in message and "the graph has 6 nodes" in message


def test_a_set_is_told_it_has_no_order():
    message = fail_message("24.2", lambda g: set(_kahn(g)))
    assert "a set has no order" in message and "return a list" in message


def test_runtime_error_on_a_cycle_is_told_value_error_is_expected():
    def runtime(g):
        try:
            return _kahn(g)
        except ValueError:
            raise RuntimeError("the graph has a cycle") from None
    message = fail_message("24.2", runtime)
    assert "your function raised RuntimeError; the exercise asks for ValueError" in message


# -- the concept questions -------------------------------------------------------------------------
def _explanation(qid, letter):
    from mathlib.exercises.questions import QUESTIONS
    return QUESTIONS[qid].option(letter).explanation


def test_q3_d_does_not_claim_the_start_keeps_the_largest_share():
    # after one round from a start with 3 neighbours the start keeps 1/4 and a neighbour with 2
    # neighbours gets 1/3: the start is not the largest
    from mathlib.explorers import message_passing as mp
    A = mp.graph()
    starts = [s for s in range(len(A)) if A[s].sum() == 3]
    assert starts == [2, 3, 5, 7, 10, 11]
    for s in starts:
        features = mp.run(s)[1]
        assert features[s] == pytest.approx(0.25) and features.max() > features[s]
    text = _explanation("24.q3", "d")
    assert "largest share for a while" not in text and "Not always the largest" in text


def test_q3_a_names_the_positive_weight_not_non_negative_ones():
    text = _explanation("24.q3", "a")
    assert "non-negative weights" not in text and "positive weight W = [[1]]" in text


def test_q2_b_says_the_backward_pass_s_visiting_order_can_reorder_gradient_terms():
    text = _explanation("24.q2", "b")
    assert "not the order of the nodes" not in text
    assert "backward pass that accumulates" in text and "forward pass" in text


def test_notebook_states_the_exact_reach_condition_and_the_scale_of_the_mean_rightly():
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / "24_graphs_dags.ipynb"
    text = " ".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    flat = " ".join(text.split())
    assert "have no negative entry the reach is exact" not in flat
    assert "exactly those, with non-negative numbers" not in flat
    assert "every entry of $W$ is positive" in flat
    assert "(each degree plus 1), which keeps features at the same scale" not in flat
    assert "The averaging $D^{-1}(A + I)$ alone keeps features at the same scale" in flat
    # the counterexamples the notebook names: W = (0), and W = (0, 1) as a column with start (1, 0)
    A = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]], dtype=float)
    H = np.zeros((4, 2))
    H[0] = (1.0, 0.0)
    assert not message_passing(A, H, np.array([[0.0], [1.0]])).any()
    assert not message_passing(A, H[:, :1], np.array([[0.0]])).any()


# -- re-check: a ValueError on a graph without a cycle, inf or NaN for unreached nodes ------------
def _kahn_keys_not_equal(g):               # Kahn's algorithm, cycle test len(order) != len(graph)
    return _kahn(g, count_keys_only=True, differs=operator.ne)


def _dfs_seen_only(g):                     # depth first, one "seen" mark, no "in progress"
    seen, done = set(), []

    def visit(u):
        if u in seen:
            raise ValueError("cycle")
        seen.add(u)
        for v in g.get(u, []):
            visit(v)
        done.append(u)
    for u in list(g):
        if u not in done:
            visit(u)
    return done[::-1]


def test_a_value_error_on_a_graph_without_a_cycle_comparing_with_len_graph_is_named():
    message = fail_message("24.2", _kahn_keys_not_equal)
    assert "{0: [2], 1: [2], 2: [4], 3: [4]}, which has no cycle" in message
    assert "raised ValueError anyway" in message and "not len(graph)" in message
    assert "your function raised ValueError: cycle" not in message


def test_a_value_error_from_a_depth_first_search_with_only_a_seen_mark_is_named():
    message = fail_message("24.2", _dfs_seen_only)
    assert "{0: [2], 1: [2], 2: [4], 3: [4]}, which has no cycle" in message
    assert "A node reached twice (like 2 here" in message and "is not a cycle" in message
    assert "in progress" in message and "not len(graph)" not in message


@pytest.mark.parametrize("value, words", [(np.inf, "you gave inf to flowers"),
                                          (np.nan, "you gave nan to flowers")])
def test_inf_or_nan_for_unreached_nodes_is_named_as_a_slip(value, words):
    message = fail_message("24.4", lambda A, s: np.where(_bfs(A, s) < 0, value,
                                                         _bfs(A, s).astype(float)))
    assert words in message and "asks for -1 for a node no path reaches" in message
    assert "division by 0" not in message and "means infinity" not in message


def test_notebook_bounds_the_mean_only_for_features_not_negative_and_tells_the_marker_sizes():
    import json
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "notebooks" / "24_graphs_dags.ipynb"
    text = " ".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    flat = " ".join(text.split())
    assert "(with $W = I$ each new feature lies" not in flat
    assert ("with $W = I$ and features $\\ge 0$ each new feature lies between the smallest and "
            "the largest of the old ones") in flat
    assert "the relu would give 0, above them all" in flat
    A = np.array([[0, 1], [1, 0]])
    assert message_passing(A, np.array([[-1.0], [-2.0]]), np.eye(1), normalise=True).max() == 0
    assert "up to a size that keeps crowded markers apart" in flat
