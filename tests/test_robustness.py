"""Robustness curves, decapitation and their benchmarks against answers worked out by hand.

Reference graphs are in ``reference_graphs.py``. The naive references below recompute
components from scratch after every removal: the union-find sweep and the degree heap must
give the same curves and orders.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_graphs import bridge, complete, pair, path, random_graphs, star, with_core

from axisnet import measures as m
from axisnet import robustness as rb

# --------------------------------------------------------------------------- decapitation


def test_decapitate_star_centre() -> None:
    result = rb.decapitate(star(), 0)
    assert result.removed == (0,)
    assert (result.components_before, result.components_after) == (1, 4)
    assert (result.largest_before, result.largest_after) == (5, 1)
    assert result.largest_fraction_after == pytest.approx(1 / 5)
    assert result.efficiency_before == pytest.approx(0.7)
    assert result.efficiency_after == 0.0
    assert result.cut_off == (1, 2, 3, 4)


def test_decapitate_path_complete_bridge_pair() -> None:
    r = rb.decapitate(path(), 1)
    # 0 | 2 - 3: the largest part is {2, 3}, node 0 is cut off; 2 ordered pairs / 12.
    assert (r.components_after, r.largest_after, r.cut_off) == (2, 2, (0,))
    assert r.efficiency_after == pytest.approx(1 / 6)
    r = rb.decapitate(complete(), 0)
    # K3 remains: 6 ordered pairs / 12 = 0.5; nothing cut off.
    assert (r.components_after, r.largest_fraction_after, r.cut_off) == (1, 0.75, ())
    assert r.efficiency_after == pytest.approx(0.5)
    r = rb.decapitate(bridge(), [0])
    assert r.cut_off_names == ("actor 2", "actor 3", "actor 4")
    # Star 1 - {5, 6, 7} remains: 6 ordered pairs at 1 + 6 at 2 -> 9 / 56.
    assert r.efficiency_after == pytest.approx(9 / 56)
    r = rb.decapitate(pair(), 0)
    # Largest before {0, 1}; after, {2, 3} is the largest part, so 1 is cut off.
    assert (r.components_after, r.largest_after, r.cut_off) == (2, 2, (1,))
    assert r.efficiency_after == pytest.approx(1 / 6)


def test_decapitation_table_reports_missing() -> None:
    table = rb.decapitation_table(bridge(), {"both": [0, 1], "ghost": "nobody"})
    assert list(table["scenario"]) == ["both", "ghost"]
    assert table.loc[0, "largest_after"] == 1 and table.loc[0, "components_after"] == 6
    assert table.loc[1, "missing"] == "nobody" and table.loc[1, "removed"] == ""
    assert table.loc[1, "components_after"] == 1


# --------------------------------------------------------------------------- robustness


def curve(frame, measure):
    part = frame[frame["measure"] == measure]
    return part["value"].tolist()


def test_targeted_curves_by_hand() -> None:
    # Star, degree attack: centre first, then isolated leaves.
    c = rb.robustness_curve(star(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.2, 0.2, 0.2, 0.2, 0])
    assert curve(c, "efficiency") == pytest.approx([0.7, 0, 0, 0, 0, 0])
    # Path, adaptive degree: remove 1 (tie with 2), then 2 (degree 1, tie with 3), then 0, 3.
    assert rb.removal_order(path(), "degree") == [1, 2, 0, 3]
    c = rb.robustness_curve(path(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.5, 0.25, 0.25, 0])
    # Efficiency after removing 1: only 2 - 3 -> 2/12; then none.
    assert curve(c, "efficiency") == pytest.approx([13 / 18, 1 / 6, 0, 0, 0])
    # Path, adaptive betweenness: 1 (b = 2, tie with 2); then all zero -> 0, 2, 3.
    assert rb.removal_order(path(), "betweenness") == [1, 0, 2, 3]
    c = rb.robustness_curve(path(), "betweenness")
    assert curve(c, "lcc") == pytest.approx([1, 0.5, 0.5, 0.25, 0])
    # Initial betweenness ranking only: 1, 2 (b = 2), then 0, 3.
    assert rb.removal_order(path(), "betweenness", recompute=False) == [1, 2, 0, 3]
    # K4: K3 -> 6/12, K2 -> 2/12, then 0.
    c = rb.robustness_curve(complete(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.75, 0.5, 0.25, 0])
    assert curve(c, "efficiency") == pytest.approx([1, 0.5, 1 / 6, 0, 0])
    # Bridge: 0 (degree 4, tie with 1) -> star on 1 (4/8); then 1 -> singletons (1/8).
    c = rb.robustness_curve(bridge(), "degree")
    assert curve(c, "lcc") == pytest.approx([1.0, 0.5] + [1 / 8] * 6 + [0])
    # Pair: 0, then 2 (degree 1 beats 1's 0), then 1, 3.
    assert rb.removal_order(pair(), "degree") == [0, 2, 1, 3]
    c = rb.robustness_curve(pair(), "degree")
    assert curve(c, "lcc") == pytest.approx([0.5, 0.5, 0.25, 0.25, 0])
    assert curve(c, "efficiency") == pytest.approx([1 / 3, 1 / 6, 0, 0, 0])


def test_random_curve_on_star_matches_formula() -> None:
    # On the star, after removing k nodes the largest part is 5 - k nodes if the centre
    # survives, else a single leaf (k < 5). Averaged over the same seeded orders.
    runs, seed = 40, 3
    c = rb.robustness_curve(star(), "random", runs=runs, seed=seed, measures=["lcc"])
    expected = []
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(5) for _ in range(runs)]
    for k in range(6):
        values = []
        for order in orders:
            if k == 5:
                values.append(0.0)
            elif 0 in order[:k]:
                values.append(1 / 5)
            else:
                values.append((5 - k) / 5)
        expected.append(sum(values) / runs)
    assert curve(c, "lcc") == pytest.approx(expected)
    low = c[c["measure"] == "lcc"]["low"].to_numpy()
    high = c[c["measure"] == "lcc"]["high"].to_numpy()
    assert np.all(low <= np.asarray(expected) + 1e-12)
    assert np.all(np.asarray(expected) <= high + 1e-12)
    assert set(c["runs"]) == {runs}


def test_robustness_frame_shape() -> None:
    c = rb.robustness_curves(bridge(), runs=5)
    assert set(c.columns) == {
        "strategy",
        "recompute",
        "measure",
        "removed",
        "fraction_removed",
        "value",
        "low",
        "high",
        "runs",
    }
    assert set(c["strategy"]) == {"random", "degree", "betweenness"}
    with pytest.raises(ValueError):
        rb.robustness_curve(star(), "eigenvector")
    with pytest.raises(ValueError):
        rb.robustness_curve(star(), "degree", measures=["diameter"])
    with pytest.raises(ValueError, match="unknown strategy"):
        rb.removal_order(star(), "closeness")


# --------------------------------------------------------------------------- naive references


def naive_lcc(G: nx.Graph, order) -> list[float]:
    n = G.number_of_nodes()
    out = []
    for k in range(n + 1):
        H = G.copy()
        H.remove_nodes_from(order[:k])
        sizes = [len(c) for c in nx.connected_components(H)]
        out.append(max(sizes, default=0) / n)
    return out


def naive_efficiency(G: nx.Graph, order) -> list[float]:
    n = G.number_of_nodes()
    out = []
    for k in range(n + 1):
        H = G.copy()
        H.remove_nodes_from(order[:k])
        r = H.number_of_nodes()
        out.append(nx.global_efficiency(H) * r * (r - 1) / (n * (n - 1)) if r > 1 else 0.0)
    return out


def naive_adaptive(G: nx.Graph, score) -> list:
    position = {node: i for i, node in enumerate(G.nodes)}
    H = G.copy()
    order = []
    while H.number_of_nodes():
        values = score(H)
        target = min(H.nodes, key=lambda v: (-round(values[v], 9), position[v]))
        order.append(target)
        H.remove_node(target)
    return order


def degree_scores(H: nx.Graph) -> dict:
    return dict(H.degree())


def betweenness_scores(H: nx.Graph) -> dict:
    return nx.betweenness_centrality(H, normalized=False)


@settings(
    database=None, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(random_graphs)
def test_fast_orders_equal_naive(G: nx.Graph) -> None:
    assert rb.removal_order(G, "degree") == naive_adaptive(G, degree_scores)
    assert rb.removal_order(G, "betweenness") == naive_adaptive(G, betweenness_scores)
    position = {node: i for i, node in enumerate(G.nodes)}
    deg = dict(G.degree())
    assert rb.removal_order(G, "degree", recompute=False) == sorted(
        G.nodes, key=lambda v: (-deg[v], position[v])
    )


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=1000))
def test_fast_curves_equal_naive(G: nx.Graph, seed: int) -> None:
    nodes = list(G.nodes)
    for strategy in ("degree", "betweenness"):
        c = rb.robustness_curve(G, strategy)
        target = rb.removal_order(G, strategy)
        assert curve(c, "lcc") == naive_lcc(G, target)
        assert curve(c, "efficiency") == pytest.approx(naive_efficiency(G, target), abs=1e-12)
    runs = 4
    c = rb.robustness_curve(G, "random", runs=runs, seed=seed)
    rng = np.random.default_rng(seed)
    orders = [[nodes[i] for i in rng.permutation(len(nodes))] for _ in range(runs)]
    lcc = np.array([naive_lcc(G, o) for o in orders])
    eff = np.array([naive_efficiency(G, o) for o in orders])
    assert curve(c, "lcc") == pytest.approx(lcc.mean(axis=0).tolist(), abs=1e-12)
    assert curve(c, "efficiency") == pytest.approx(eff.mean(axis=0).tolist(), abs=1e-12)
    first_two = rb.robustness_curve(G, "random", runs=runs, seed=seed, efficiency_runs=2)
    assert curve(first_two, "efficiency") == pytest.approx(eff[:2].mean(axis=0).tolist(), abs=1e-12)
    assert curve(first_two, "lcc") == curve(c, "lcc")


@settings(database=None, max_examples=30, deadline=None)
@given(random_graphs, st.sampled_from(["random", "degree", "betweenness"]))
def test_curves_end_empty_and_never_increase(G: nx.Graph, strategy: str) -> None:
    c = rb.robustness_curve(G, strategy, runs=3)
    lcc = curve(c, "lcc")
    assert lcc[-1] == 0.0 and curve(c, "efficiency")[-1] == 0.0
    assert len(lcc) == G.number_of_nodes() + 1
    if strategy != "random":
        assert all(a >= b - 1e-12 for a, b in zip(lcc, lcc[1:], strict=False))
    frame = c[c["measure"] == "lcc"]
    assert (frame["low"] <= frame["value"] + 1e-12).all()
    assert (frame["value"] <= frame["high"] + 1e-12).all()


# --------------------------------------------------------------------------- null models


def degrees(G: nx.Graph) -> dict:
    return dict(G.degree())


@settings(database=None, max_examples=30, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=1000))
def test_rewiring_preserves_every_degree(G: nx.Graph, seed: int) -> None:
    R = rb.rewired(G, seed)
    assert set(R.nodes) == set(G.nodes)
    assert degrees(R) == degrees(G)
    assert nx.number_of_selfloops(R) == 0
    assert R.number_of_edges() == G.number_of_edges()


def test_rewiring_is_seeded_and_moves_ties() -> None:
    G = nx.barabasi_albert_graph(40, 2, seed=3)
    a, b = rb.rewired(G, 11), rb.rewired(G, 11)
    assert sorted(a.edges) == sorted(b.edges)
    assert {frozenset(e) for e in a.edges} != {frozenset(e) for e in G.edges}
    assert {frozenset(e) for e in rb.rewired(G, 12).edges} != {frozenset(e) for e in a.edges}


def test_null_band_collapses_when_the_degrees_fix_the_graph() -> None:
    # A star is the only simple graph with degrees (4, 1, 1, 1, 1): every rewiring is the
    # star itself, so the band has zero width around the observed curve.
    band = rb.null_band(star(), "degree", nulls=10)
    assert band["observed"].tolist() == pytest.approx([1, 0.2, 0.2, 0.2, 0.2, 0])
    assert band["null_low"].tolist() == pytest.approx(band["observed"].tolist())
    assert band["null_high"].tolist() == pytest.approx(band["observed"].tolist())
    assert band["inside"].all()


def test_null_band_is_seeded_and_brackets_its_mean() -> None:
    G = nx.barabasi_albert_graph(30, 2, seed=4)
    a = rb.null_band(G, "degree", nulls=15, seed=2)
    b = rb.null_band(G, "degree", nulls=15, seed=2)
    assert a.equals(b)
    assert (a["null_low"] <= a["null_mean"] + 1e-12).all()
    assert (a["null_mean"] <= a["null_high"] + 1e-12).all()
    observed = rb.robustness_curve(G, "degree", measures=["lcc"])["value"].tolist()
    assert a["observed"].tolist() == pytest.approx(observed)


def test_removals_to_halve_known() -> None:
    # Star: the centre goes first and leaves single nodes (1 of 5 <= 5/2).
    assert rb.removals_to_halve(star()) == 1
    # Bridge: removing centre 0 leaves the star on 1 (4 of 8 <= 8/2).
    assert rb.removals_to_halve(bridge()) == 1
    # Path of 8: node 1 goes first (degree 2, lowest index), leaving {2..7} (6 > 4); then node
    # 3 leaves {4..7} (4 <= 4).
    assert rb.removals_to_halve(nx.path_graph(8)) == 2
    # Random failure on K4: the largest part is 4 - k, so k = 2 in every order.
    assert rb.removals_to_halve(complete(), "random", runs=7) == 2


def test_halving_benchmark_on_a_star_and_seeded() -> None:
    b = rb.halving_benchmark(star(), nulls=12)
    assert b.observed == 1 and set(b.null) == {1.0}
    assert (b.rank, b.share_above, b.share_below, b.inside_band) == (1, 0.0, 0.0, True)
    G = nx.barabasi_albert_graph(40, 1, seed=8)
    assert rb.halving_benchmark(G, nulls=10, seed=5) == rb.halving_benchmark(G, nulls=10, seed=5)
    row = b.as_row()
    assert row["draws"] == 12 and row["nodes"] == 5


def test_decapitation_benchmark_star() -> None:
    # Removing the centre empties the graph (loss 1); removing a leaf leaves a 3-leaf star:
    # 6 ordered pairs at 1 and 6 at 2 over the original 5 * 4 -> 9/20, loss 1 - (9/20)/(7/10)
    # = 5/14. Five single-node sets in all.
    centre = rb.decapitation_benchmark(star(), 0)
    assert centre.exact and len(centre.null) == 5
    assert centre.observed == pytest.approx(1.0)
    assert (centre.rank, centre.share_above) == (1, 0.0)
    leaf = rb.decapitation_benchmark(star(), 3)
    assert leaf.observed == pytest.approx(5 / 14)
    assert (leaf.rank, leaf.share_above) == (2, pytest.approx(1 / 5))
    assert sorted(leaf.null) == pytest.approx([5 / 14] * 4 + [1.0])


def test_decapitation_benchmark_path_pairs() -> None:
    # P4, E0 = 13/18. Removing {1, 2}, {0, 2} or {1, 3} leaves no tie (loss 1); removing
    # {0, 1}, {2, 3} or {0, 3} leaves one tie: 2/12 -> loss 1 - (1/6)/(13/18) = 10/13.
    b = rb.decapitation_benchmark(path(), [0, 3])
    assert b.observed == pytest.approx(10 / 13)
    assert sorted(b.null) == pytest.approx([10 / 13] * 3 + [1.0] * 3)
    assert (b.rank, b.share_above) == (4, 0.5)
    assert b.detail["size"] == 2 and b.detail["sets"] == 6
    # Default core: the nodes marked iran_core.
    marked = rb.decapitation_benchmark(with_core(path(), 1, 2))
    assert marked.observed == pytest.approx(1.0) and marked.rank == 1


def test_decapitation_benchmark_samples_beyond_the_limit() -> None:
    G = nx.barabasi_albert_graph(30, 2, seed=1)
    a = rb.decapitation_benchmark(G, [0, 1, 2], max_sets=50, seed=3)
    assert not a.exact and len(a.null) == 50
    assert a == rb.decapitation_benchmark(G, [0, 1, 2], max_sets=50, seed=3)
    exact = rb.decapitation_benchmark(G, [0, 1], max_sets=10_000)
    assert exact.exact and len(exact.null) == math.comb(30, 2)


def core_graph(pairs) -> nx.Graph:
    G = nx.Graph(pairs)
    for node in G:
        G.nodes[node]["iran_core"] = node == "iran"
    return G


def test_permutation_test_extreme_change() -> None:
    # Before: six ties to the core; after: six ties among partners. Only the two deals that
    # reproduce the split (or swap it) reach |change| = 1: 2 of C(12, 6) = 924.
    before = core_graph([("iran", f"p{i}") for i in range(6)])
    after = core_graph([(f"p{i}", f"p{(i + 1) % 6}") for i in range(6)])
    test = rb.permutation_test(before, after, m.hub_dependence, permutations=499, seed=1)
    assert test.observed == pytest.approx(-1.0)
    assert test.detail["before"] == 1.0 and test.detail["after"] == 0.0
    assert test.p_value < 0.02
    assert test == rb.permutation_test(before, after, m.hub_dependence, permutations=499, seed=1)


def test_permutation_test_no_change() -> None:
    # Same ties on both dates: nothing to shuffle, every permuted change is 0, p = 1.
    G = core_graph([("iran", "a"), ("a", "b"), ("iran", "c")])
    test = rb.permutation_test(G, G.copy(), m.hub_dependence, permutations=50)
    assert test.observed == 0.0 and set(test.null) == {0.0}
    assert test.p_value == 1.0
    assert test.detail["shared_ties"] == 3


def test_permutation_test_p_values_spread_under_the_null() -> None:
    # The null holds by construction when both networks are random draws from one pool of
    # ties. Continuous tie weights make the weighted hub share take distinct values, so the
    # p-values should be close to uniform on (0, 1]: mean near 1/2, about a tenth at or below
    # 0.1, about half at or below 0.5.
    rng = np.random.default_rng(0)
    partners = [f"p{i}" for i in range(12)]
    pool = [("iran", p) for p in partners]
    pool += [(partners[i], partners[(i + 5) % 12]) for i in range(12)]

    def build(idx, weights) -> nx.Graph:
        G = core_graph([pool[i] for i in idx])
        for i in idx:
            G.edges[pool[i]]["weight"] = weights[i]
        return G

    p_values = []
    for rep in range(50):
        order = rng.permutation(len(pool))
        weights = rng.uniform(0.5, 1.5, size=len(pool))
        before, after = build(order[:8], weights), build(order[8:16], weights)
        test = rb.permutation_test(before, after, m.hub_dependence, permutations=99, seed=rep)
        p_values.append(test.p_value)
    p = np.asarray(p_values)
    assert 0.4 < p.mean() < 0.65
    assert np.mean(p <= 0.1) <= 0.2
    assert 0.3 <= np.mean(p <= 0.5) <= 0.65


# --------------------------------------------------------------------------- plain references


def plain_rebuild(units, attrs) -> nx.Graph:
    """A network from tie units through NetworkX's own calls: one edge per pair, weights and
    tie counts summed in the order of the units."""
    nodes, edges = {}, {}
    for u, v, w in units:
        nodes.setdefault(u)
        nodes.setdefault(v)
        key = (v, u) if (v, u) in edges else (u, v)
        if key in edges:
            edges[key] = [edges[key][0] + w, edges[key][1] + 1]
        else:
            edges[key] = [w, 1]
    G = nx.Graph()
    G.add_nodes_from((node, attrs.get(node, {})) for node in nodes)
    G.add_edges_from((u, v, {"weight": w, "ties": k}) for (u, v), (w, k) in edges.items())
    return G


def same_graph(a: nx.Graph, b: nx.Graph) -> bool:
    """Same nodes, edges, attributes and iteration orders (the order a measure sums in)."""
    return (
        list(a.nodes(data=True)) == list(b.nodes(data=True))
        and list(a.edges(data=True)) == list(b.edges(data=True))
        and all(list(a.adj[v]) == list(b.adj[v]) for v in a)
    )


def weighted_pair(G: nx.Graph, seed: int) -> tuple[nx.Graph, nx.Graph]:
    """Two dates drawn from the edges of G: shared and changed ties, weights that do not add
    exactly in binary (thirds, sevenths), some edges made of several ties with shares."""
    rng = np.random.default_rng(seed)
    dates = (nx.Graph(), nx.Graph())
    for H in dates:
        H.add_nodes_from((v, {"iran_core": v == 0, "name": f"actor {v}"}) for v in G)
    for i, (u, v) in enumerate(G.edges()):
        where = rng.integers(3)  # 0: before only, 1: after only, 2: both
        for d, H in enumerate(dates):
            if where in (d, 2):
                k = int(rng.integers(1, 4))
                shares = tuple(1 / (3 + j + i % 5) for j in range(k))
                ids = tuple(f"t{i}-{j}" for j in range(k))
                H.add_edge(u, v, ids=ids, shares=shares, weight=sum(shares))
    return dates


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=10_000))
def test_rebuilt_networks_equal_plain_ones(G: nx.Graph, seed: int) -> None:
    before, after = weighted_pair(G, seed)
    units = list(rb._units(before).values()) + list(rb._units(after).values())
    attrs = dict(before.nodes(data=True))
    cut = len(units) // 3
    rebuild = rb._Rebuild(units[:cut], attrs)
    assert same_graph(rebuild(units[cut:]), plain_rebuild(units, attrs))
    assert same_graph(rebuild([]), plain_rebuild(units[:cut], attrs))
    # The shared sums are copied, not changed, by a call.
    assert same_graph(rebuild(units[cut:]), plain_rebuild(units, attrs))


@settings(database=None, max_examples=25, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=10_000))
def test_permutation_test_equals_plain_rebuilding(G: nx.Graph, seed: int) -> None:
    before, after = weighted_pair(G, seed)
    ub, ua = rb._units(before), rb._units(after)
    shared = [ub[k] for k in ub if k in ua]
    only_before = [ub[k] for k in ub if k not in ua]
    only_after = [ua[k] for k in ua if k not in ub]
    pool = only_before + only_after
    attrs = {**dict(before.nodes(data=True)), **dict(after.nodes(data=True))}
    rng = np.random.default_rng(seed)
    null = []
    for _ in range(30):
        order = rng.permutation(len(pool))
        b = [pool[i] for i in order[: len(only_before)]]
        a = [pool[i] for i in order[len(only_before) :]]
        null.append(
            m.hub_dependence(plain_rebuild(shared + a, attrs))
            - m.hub_dependence(plain_rebuild(shared + b, attrs))
        )
    test = rb.permutation_test(before, after, m.hub_dependence, permutations=30, seed=seed)
    assert test.null == pytest.approx(tuple(null), nan_ok=True, rel=0, abs=0)
    expected_before = m.hub_dependence(plain_rebuild(shared + only_before, attrs))
    assert test.detail["before"] == expected_before or math.isnan(expected_before)


def plain_decapitate(G: nx.Graph, core) -> rb.Decapitation:
    """Decapitation through NetworkX's own calls on a simple copy of the graph."""
    from axisnet.graphs import largest_component

    H = m.simple_graph(G)
    targets = m.core_set(H, core)
    removed = tuple(v for v in H if v in targets)
    n = H.number_of_nodes()
    lcc_before = largest_component(H)
    rest = H.copy()
    rest.remove_nodes_from(removed)
    lcc_after = set(largest_component(rest))
    largest_after = len(lcc_after)
    if largest_after <= 1:
        lcc_after = set()
    cut_off = tuple(v for v in lcc_before if v not in targets and v not in lcc_after)
    return rb.Decapitation(
        removed=removed,
        missing=tuple(sorted((t for t in targets if t not in H), key=str)),
        nodes_before=n,
        nodes_after=rest.number_of_nodes(),
        components_before=nx.number_connected_components(H),
        components_after=nx.number_connected_components(rest),
        largest_before=len(lcc_before),
        largest_after=largest_after,
        largest_fraction_before=len(lcc_before) / n,
        largest_fraction_after=largest_after / n,
        efficiency_before=m.global_efficiency(H),
        efficiency_after=m.global_efficiency(rest, n_total=n),
        cut_off=cut_off,
        cut_off_names=tuple(str(H.nodes[v].get("name", v)) for v in cut_off),
    )


@settings(database=None, max_examples=60, deadline=None)
@given(random_graphs, st.data())
def test_decapitate_equals_plain_networkx(G: nx.Graph, data) -> None:
    core = data.draw(st.lists(st.sampled_from([*G, "absent"]), max_size=4, unique=True))
    G.add_edge(0, 0)  # self-loops do not count
    assert rb.decapitate(G, core) == plain_decapitate(G, core)
    directed = nx.MultiDiGraph(G)
    assert rb.decapitate(directed, core) == plain_decapitate(G, core)


# --------------------------------------------------------------------------- Fisher's exact test


def test_fisher_exact_by_hand() -> None:
    # Margins 3/3 and 3/3: C(3, x) C(3, 3 - x) / C(6, 3) = 1, 9, 9, 1 over 20. The two tables
    # with x = 0 or 3 are the least likely: p = 2/20.
    assert rb.fisher_exact([[3, 0], [0, 3]]) == 0.1
    assert rb.fisher_exact([[2, 1], [1, 2]]) == 1.0
    # Rows 2 and 7, columns 6 and 3: x = 0, 1, 2 in 7, 42 and 35 of C(9, 6) = 84 ways; x = 0
    # and x = 2 are no more likely than the observed x = 2: p = 42/84.
    assert rb.fisher_exact(np.array([[2, 0], [4, 3]])) == 0.5
    assert rb.fisher_exact([[0, 0], [0, 5]]) == 1.0  # an empty row: nothing to compare


@settings(database=None, max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=4, max_size=4))
def test_fisher_exact_agrees_with_scipy(cells) -> None:
    from scipy.stats import fisher_exact

    table = [cells[:2], cells[2:]]
    assert rb.fisher_exact(table) == pytest.approx(fisher_exact(table).pvalue, rel=1e-9)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[1, 2, 3], [4, 5, 6]], "2 x 2"),
        ([[1, -1], [0, 2]], "non-negative whole numbers"),
        ([[1.5, 1], [0, 2]], "non-negative whole numbers"),
        ([["a", 1], [0, 2]], "non-negative whole numbers"),
    ],
)
def test_fisher_exact_rejects_bad_tables(table, message) -> None:
    with pytest.raises(ValueError, match=message):
        rb.fisher_exact(table)


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs, st.data())
def test_decapitations_equal_one_removal_at_a_time(G: nx.Graph, data) -> None:
    cores = data.draw(st.lists(st.lists(st.sampled_from([*G, "absent"]), max_size=3), max_size=6))
    assert rb.decapitations(G, cores) == [plain_decapitate(G, core) for core in cores]
