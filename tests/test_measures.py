"""Measures against graphs whose answers are worked out by hand, properties, and fast == naive.

Reference graphs (node ids are integers; the comments give the arithmetic):
- star: centre 0, leaves 1-4 (n = 5)
- path: 0 - 1 - 2 - 3 (n = 4)
- complete: K4 on 0-3
- bridge: two stars joined by their centres: 0 - {2, 3, 4}, 1 - {5, 6, 7}, 0 - 1 (n = 8)
- pair: two disjoint edges 0 - 1 and 2 - 3 (n = 4)
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axisnet import measures as m


def star() -> nx.Graph:
    return nx.star_graph(4)


def path() -> nx.Graph:
    return nx.path_graph(4)


def complete() -> nx.Graph:
    return nx.complete_graph(4)


def bridge() -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(8))
    G.add_edges_from([(0, 1), (0, 2), (0, 3), (0, 4), (1, 5), (1, 6), (1, 7)])
    for node in G:
        G.nodes[node]["name"] = f"actor {node}"
    return G


def pair() -> nx.Graph:
    G = nx.Graph()
    G.add_edges_from([(0, 1), (2, 3)])
    return G


# --------------------------------------------------------------------------- centralization

# degree: star (4 * (4 - 1)) / (4 * 3) = 1; path (1 + 0 + 0 + 1) / (3 * 2) = 1/3;
# K4 0; bridge (6 leaves * (4 - 1)) / (7 * 6) = 18/42 = 3/7; pair all degree 1 -> 0.
# betweenness (raw b, denominator (n-1)^2 (n-2) / 2):
#   star: centre 6 = C(4,2), (4 * 6) / (16 * 3 / 2) = 1
#   path: b = 0, 2, 2, 0 -> (2 + 0 + 0 + 2) / (9 * 2 / 2) = 4/9
#   bridge: each centre 3 (own leaves) + 3 * 4 (own leaves x other side) = 15;
#           (6 * 15) / (49 * 6 / 2) = 90/147 = 30/49
# closeness (c = (n-1) / sum of distances, denominator (n-1)(n-2)/(2n-3)):
#   star: centre 1, leaf 4/7 -> 4 * 3/7 / (12/7) = 1
#   path: 3/6, 3/4, 3/4, 3/6 -> 0.5 / (6/5) = 5/12
#   bridge: centre 7/10 (4 at 1, 3 at 2); leaf 7/16 (1 + 2*2 + 2 + 3*3);
#           6 * (7/10 - 7/16) = 63/40; / (42/13) = 39/80
#   pair: largest component is the edge 0 - 1 (n = 2) -> 0
CENTRALIZATION = [
    (star, 1.0, 1.0, 1.0),
    (path, 1 / 3, 4 / 9, 5 / 12),
    (complete, 0.0, 0.0, 0.0),
    (bridge, 3 / 7, 30 / 49, 39 / 80),
    (pair, 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize(("make", "degree", "betweenness", "closeness"), CENTRALIZATION)
def test_centralization_known(make, degree, betweenness, closeness) -> None:
    G = make()
    assert m.degree_centralization(G) == pytest.approx(degree)
    assert m.betweenness_centralization(G) == pytest.approx(betweenness)
    assert m.closeness_centralization(G) == pytest.approx(closeness)
    assert m.centralization(G) == pytest.approx(
        {"degree": degree, "betweenness": betweenness, "closeness": closeness}
    )


def test_centralization_small_graphs() -> None:
    empty = nx.Graph()
    assert math.isnan(m.degree_centralization(empty))
    assert math.isnan(m.closeness_centralization(empty))
    one_edge = nx.path_graph(2)
    assert m.degree_centralization(one_edge) == 0.0
    assert m.betweenness_centralization(one_edge) == 0.0
    assert m.closeness_centralization(one_edge) == 0.0


def test_centralization_ignores_direction_and_multiplicity() -> None:
    D = nx.MultiDiGraph()
    D.add_edges_from([(0, 1), (0, 1), (2, 0), (0, 3), (0, 4), (4, 4)])
    # Simple undirected view: the star on 0 with leaves 1-4.
    assert m.degree_centralization(D) == pytest.approx(1.0)


# --------------------------------------------------------------------------- efficiency

# star: 8 ordered centre-leaf pairs at 1, 12 leaf-leaf at 2 -> (8 + 6) / 20 = 0.7
# path: unordered 3 at 1, 2 at 2, 1 at 3 -> 2 * (3 + 1 + 1/3) / 12 = 13/18
# K4: 1; bridge: unordered 7 at 1, 12 at 2, 9 at 3 -> 2 * (7 + 6 + 3) / 56 = 4/7
# pair: 4 ordered pairs at 1 -> 4 / 12 = 1/3
EFFICIENCY = [(star, 0.7), (path, 13 / 18), (complete, 1.0), (bridge, 4 / 7), (pair, 1 / 3)]


@pytest.mark.parametrize(("make", "expected"), EFFICIENCY)
def test_global_efficiency_known(make, expected) -> None:
    assert m.global_efficiency(make()) == pytest.approx(expected)


def test_global_efficiency_conventions() -> None:
    assert m.global_efficiency(nx.Graph()) == 0.0
    assert m.global_efficiency(nx.empty_graph(1)) == 0.0
    # K3 counted against 4 original nodes: 6 ordered pairs at 1 / (4 * 3) = 0.5
    assert m.global_efficiency(nx.complete_graph(3), n_total=4) == pytest.approx(0.5)


# --------------------------------------------------------------------------- articulation

ARTICULATION = [(star, [0]), (path, [1, 2]), (complete, []), (bridge, [0, 1]), (pair, [])]


@pytest.mark.parametrize(("make", "expected"), ARTICULATION)
def test_articulation_points_known(make, expected) -> None:
    assert m.articulation_points(make()) == expected


def test_articulation_table_bridge() -> None:
    table = m.articulation_table(bridge())
    assert list(table["node"]) == [0, 1]
    row = table.iloc[0]
    # Removing 0 isolates 2, 3, 4; the star on 1 (4 nodes) remains: 4 components.
    assert row["components_after"] == 4
    assert row["largest_fraction_after"] == pytest.approx(4 / 8)
    assert row["cut_off"] == 3
    assert row["cut_off_names"] == "actor 2; actor 3; actor 4"


# --------------------------------------------------------------------------- hub shares

# star: every edge touches 0 -> 1; leaf 1 touches 1 of 4 edges -> 1/4
# path: node 1 touches 2 of 3 edges; K4: node 0 touches 3 of 6
# bridge: 0 touches 4 of 7; {0, 1} touches all 7; pair: node 0 touches 1 of 2
HUB = [
    (star, 0, 1.0),
    (star, 1, 0.25),
    (path, 1, 2 / 3),
    (complete, 0, 0.5),
    (bridge, 0, 4 / 7),
    (bridge, [0, 1], 1.0),
    (pair, 0, 0.5),
]


@pytest.mark.parametrize(("make", "hub", "expected"), HUB)
def test_hub_dependence_known(make, hub, expected) -> None:
    assert m.hub_dependence(make(), hub) == pytest.approx(expected)


def test_hub_dependence_weights_and_multigraph() -> None:
    G = nx.Graph()
    G.add_edge("iran", "a", weight=3)
    G.add_edge("a", "b", weight=1)
    # Weighted: 3 of 4 ties; unweighted: 1 of 2 pairs.
    assert m.hub_dependence(G, "iran") == pytest.approx(0.75)
    assert m.hub_dependence(G, "iran", weight=None) == pytest.approx(0.5)
    M = nx.MultiDiGraph()
    M.add_edges_from([("iran", "a"), ("iran", "a"), ("a", "b")])
    assert m.hub_dependence(M, "iran") == pytest.approx(2 / 3)
    assert math.isnan(m.hub_dependence(nx.empty_graph(3), 0))


def test_horizontal_share() -> None:
    G = bridge()
    G.nodes[0]["iran_core"] = True
    # Ties not touching 0: 1-5, 1-6, 1-7 -> 3 of 7.
    assert m.core_nodes(G) == (0,)
    assert m.horizontal_share(G) == pytest.approx(3 / 7)
    assert m.horizontal_share(G) == pytest.approx(1 - m.hub_dependence(G, 0))
    # Make 7 an opponent: tie 1-7 leaves the member base -> 2 of 6.
    G.nodes[7]["axis_member"] = False
    assert m.horizontal_share(G) == pytest.approx(2 / 6)
    # Star, core = centre: no horizontal tie; path, core = {0}: 2 of 3.
    assert m.horizontal_share(star(), 0) == 0.0
    assert m.horizontal_share(path(), [0]) == pytest.approx(2 / 3)


# --------------------------------------------------------------------------- brokerage


def test_brokerage_star_and_complete() -> None:
    table = m.brokerage(star())
    first = table.iloc[0]
    assert first["node"] == 0
    assert first["betweenness"] == pytest.approx(1.0)  # all 6 leaf pairs pass the centre
    # Centre: 4 unconnected contacts, p = 1/4 -> 4 * (1/4)^2 = 1/4. Leaf: one contact -> 1.
    assert first["constraint"] == pytest.approx(0.25)
    assert first["articulation"]
    assert table.iloc[1:]["constraint"].tolist() == pytest.approx([1.0] * 4)
    assert table.iloc[1:]["betweenness"].tolist() == pytest.approx([0.0] * 4)
    # K4: p = 1/3, indirect 2 * (1/3)^2 = 2/9, term 5/9, c = 3 * 25/81 = 25/27.
    table = m.brokerage(complete())
    assert table["constraint"].tolist() == pytest.approx([25 / 27] * 4)


def test_brokerage_path_bridge_pair() -> None:
    table = m.brokerage(path()).set_index("node")
    # Path: node 1 lies on 2 of C(3,2) = 3 pairs of the other nodes -> 2/3.
    assert table.loc[1, "betweenness"] == pytest.approx(2 / 3)
    # Node 1: contacts 0 and 2 unlinked -> 2 * (1/2)^2 = 1/2.
    assert table.loc[1, "constraint"] == pytest.approx(0.5)
    table = m.brokerage(bridge()).set_index("node")
    # Centre 0: raw 15 of C(7,2) = 21 pairs -> 5/7; 4 unlinked contacts -> 1/4.
    assert table.loc[0, "betweenness"] == pytest.approx(15 / 21)
    assert table.loc[0, "constraint"] == pytest.approx(0.25)
    table = m.brokerage(pair())
    assert table["betweenness"].tolist() == [0.0] * 4
    assert table["constraint"].tolist() == pytest.approx([1.0] * 4)
    assert not table["articulation"].any()


# --------------------------------------------------------------------------- decapitation


def test_decapitate_star_centre() -> None:
    result = m.decapitate(star(), 0)
    assert result.removed == (0,)
    assert (result.components_before, result.components_after) == (1, 4)
    assert (result.largest_before, result.largest_after) == (5, 1)
    assert result.largest_fraction_after == pytest.approx(1 / 5)
    assert result.efficiency_before == pytest.approx(0.7)
    assert result.efficiency_after == 0.0
    assert result.cut_off == (1, 2, 3, 4)


def test_decapitate_path_complete_bridge_pair() -> None:
    r = m.decapitate(path(), 1)
    # 0 | 2 - 3: the largest part is {2, 3}, node 0 is cut off; 2 ordered pairs / 12.
    assert (r.components_after, r.largest_after, r.cut_off) == (2, 2, (0,))
    assert r.efficiency_after == pytest.approx(1 / 6)
    r = m.decapitate(complete(), 0)
    # K3 remains: 6 ordered pairs / 12 = 0.5; nothing cut off.
    assert (r.components_after, r.largest_fraction_after, r.cut_off) == (1, 0.75, ())
    assert r.efficiency_after == pytest.approx(0.5)
    r = m.decapitate(bridge(), [0])
    assert r.cut_off_names == ("actor 2", "actor 3", "actor 4")
    # Star 1 - {5, 6, 7} remains: 6 ordered pairs at 1 + 6 at 2 -> 9 / 56.
    assert r.efficiency_after == pytest.approx(9 / 56)
    r = m.decapitate(pair(), 0)
    # Largest before {0, 1}; after, {2, 3} is the largest part, so 1 is cut off.
    assert (r.components_after, r.largest_after, r.cut_off) == (2, 2, (1,))
    assert r.efficiency_after == pytest.approx(1 / 6)


def test_decapitation_table_reports_missing() -> None:
    table = m.decapitation_table(bridge(), {"both": [0, 1], "ghost": "nobody"})
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
    c = m.robustness_curve(star(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.2, 0.2, 0.2, 0.2, 0])
    assert curve(c, "efficiency") == pytest.approx([0.7, 0, 0, 0, 0, 0])
    # Path, adaptive degree: remove 1 (tie with 2), then 2 (degree 1, tie with 3), then 0, 3.
    assert m.removal_order(path(), "degree") == [1, 2, 0, 3]
    c = m.robustness_curve(path(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.5, 0.25, 0.25, 0])
    # Efficiency after removing 1: only 2 - 3 -> 2/12; then none.
    assert curve(c, "efficiency") == pytest.approx([13 / 18, 1 / 6, 0, 0, 0])
    # Path, adaptive betweenness: 1 (b = 2, tie with 2); then all zero -> 0, 2, 3.
    assert m.removal_order(path(), "betweenness") == [1, 0, 2, 3]
    c = m.robustness_curve(path(), "betweenness")
    assert curve(c, "lcc") == pytest.approx([1, 0.5, 0.5, 0.25, 0])
    # Initial betweenness ranking only: 1, 2 (b = 2), then 0, 3.
    assert m.removal_order(path(), "betweenness", recompute=False) == [1, 2, 0, 3]
    # K4: K3 -> 6/12, K2 -> 2/12, then 0.
    c = m.robustness_curve(complete(), "degree")
    assert curve(c, "lcc") == pytest.approx([1, 0.75, 0.5, 0.25, 0])
    assert curve(c, "efficiency") == pytest.approx([1, 0.5, 1 / 6, 0, 0])
    # Bridge: 0 (degree 4, tie with 1) -> star on 1 (4/8); then 1 -> singletons (1/8).
    c = m.robustness_curve(bridge(), "degree")
    assert curve(c, "lcc") == pytest.approx([1.0, 0.5] + [1 / 8] * 6 + [0])
    # Pair: 0, then 2 (degree 1 beats 1's 0), then 1, 3.
    assert m.removal_order(pair(), "degree") == [0, 2, 1, 3]
    c = m.robustness_curve(pair(), "degree")
    assert curve(c, "lcc") == pytest.approx([0.5, 0.5, 0.25, 0.25, 0])
    assert curve(c, "efficiency") == pytest.approx([1 / 3, 1 / 6, 0, 0, 0])


def test_random_curve_on_star_matches_formula() -> None:
    # On the star, after removing k nodes the largest part is 5 - k nodes if the centre
    # survives, else a single leaf (k < 5). Averaged over the same seeded orders.
    runs, seed = 40, 3
    c = m.robustness_curve(star(), "random", runs=runs, seed=seed, measures=["lcc"])
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
    c = m.robustness_curves(bridge(), runs=5)
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
        m.robustness_curve(star(), "eigenvector")
    with pytest.raises(ValueError):
        m.robustness_curve(star(), "degree", measures=["diameter"])
    with pytest.raises(ValueError):
        m.lcc_curve(star(), [0, 1, 2])


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


graphs = st.builds(
    lambda n, density, seed: nx.gnm_random_graph(n, int(density * n * (n - 1) / 2), seed=seed),
    st.integers(min_value=1, max_value=14),
    st.floats(min_value=0.0, max_value=0.6),
    st.integers(min_value=0, max_value=10_000),
)


@settings(
    database=None, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(graphs)
def test_fast_orders_equal_naive(G: nx.Graph) -> None:
    assert m.removal_order(G, "degree") == naive_adaptive(G, degree_scores)
    assert m.removal_order(G, "betweenness") == naive_adaptive(G, betweenness_scores)
    position = {node: i for i, node in enumerate(G.nodes)}
    deg = dict(G.degree())
    assert m.removal_order(G, "degree", recompute=False) == sorted(
        G.nodes, key=lambda v: (-deg[v], position[v])
    )


@settings(database=None, max_examples=40, deadline=None)
@given(graphs, st.integers(min_value=0, max_value=1000))
def test_fast_curves_equal_naive(G: nx.Graph, seed: int) -> None:
    nodes = list(G.nodes)
    order = [nodes[i] for i in np.random.default_rng(seed).permutation(len(nodes))]
    assert m.lcc_curve(G, order).tolist() == naive_lcc(G, order)
    for strategy in ("degree", "betweenness"):
        c = m.robustness_curve(G, strategy)
        target = m.removal_order(G, strategy)
        assert curve(c, "lcc") == naive_lcc(G, target)
        assert curve(c, "efficiency") == pytest.approx(naive_efficiency(G, target), abs=1e-12)
    runs = 4
    c = m.robustness_curve(G, "random", runs=runs, seed=seed, efficiency_runs=runs)
    rng = np.random.default_rng(seed)
    orders = [[nodes[i] for i in rng.permutation(len(nodes))] for _ in range(runs)]
    lcc = np.array([naive_lcc(G, o) for o in orders])
    eff = np.array([naive_efficiency(G, o) for o in orders])
    assert curve(c, "lcc") == pytest.approx(lcc.mean(axis=0).tolist(), abs=1e-12)
    assert curve(c, "efficiency") == pytest.approx(eff.mean(axis=0).tolist(), abs=1e-12)


def test_sampled_paths_on_larger_graph() -> None:
    # Above the exact limits the fast paths sample; check they stay close to exact values.
    G = nx.barabasi_albert_graph(600, 2, seed=5)
    sampled = m.robustness_curve(G, "degree", measures=["efficiency"], points=11, sources=200)
    exact = m.robustness_curve(G, "degree", measures=["efficiency"], points=11, sources=None)
    assert sampled["removed"].tolist() == exact["removed"].tolist()
    assert np.allclose(sampled["value"], exact["value"], atol=0.03)
    assert exact["value"].iloc[0] == pytest.approx(m.global_efficiency(G))
    c = m.robustness_curve(G, "betweenness", measures=["lcc"])
    values = curve(c, "lcc")
    assert values[0] == 1.0 and values[-1] == 0.0
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))


# --------------------------------------------------------------------------- properties


@settings(database=None, max_examples=60, deadline=None)
@given(graphs)
def test_centralization_in_unit_interval(G: nx.Graph) -> None:
    for value in m.centralization(G).values():
        assert 0.0 <= value <= 1.0 + 1e-12
    assert 0.0 <= m.global_efficiency(G) <= 1.0


@settings(database=None, max_examples=40, deadline=None)
@given(st.integers(min_value=3, max_value=30), st.data())
def test_linking_two_leaves_lowers_degree_centralization(leaves: int, data) -> None:
    G = nx.star_graph(leaves)
    a, b = data.draw(
        st.lists(st.integers(min_value=1, max_value=leaves), min_size=2, max_size=2, unique=True)
    )
    G.add_edge(a, b)
    # Two leaves gain a degree: numerator drops from L(L-1) to L(L-1) - 2.
    assert m.degree_centralization(G) < 1.0
    assert m.degree_centralization(G) == pytest.approx(
        (leaves * (leaves - 1) - 2) / (leaves * (leaves - 1))
    )


@settings(database=None, max_examples=30, deadline=None)
@given(graphs, st.sampled_from(["random", "degree", "betweenness"]))
def test_curves_end_empty_and_never_increase(G: nx.Graph, strategy: str) -> None:
    c = m.robustness_curve(G, strategy, runs=3)
    lcc = curve(c, "lcc")
    assert lcc[-1] == 0.0 and curve(c, "efficiency")[-1] == 0.0
    assert len(lcc) == G.number_of_nodes() + 1
    if strategy != "random":
        assert all(a >= b - 1e-12 for a, b in zip(lcc, lcc[1:], strict=False))
    frame = c[c["measure"] == "lcc"]
    assert (frame["low"] <= frame["value"] + 1e-12).all()
    assert (frame["value"] <= frame["high"] + 1e-12).all()
