"""Measures against graphs whose answers are worked out by hand, and properties.

Reference graphs are in ``reference_graphs.py`` (star, path, complete, bridge = two bridged
stars, pair); the comments give the arithmetic.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_graphs import bridge, complete, pair, path, random_graphs, star, with_core

from axisnet import measures as m

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


# --------------------------------------------------------------------------- properties


@settings(database=None, max_examples=60, deadline=None)
@given(random_graphs)
def test_centralization_in_unit_interval(G: nx.Graph) -> None:
    for value in m.centralization(G).values():
        assert 0.0 <= value <= 1.0 + 1e-12
    assert 0.0 <= m.global_efficiency(G) <= 1.0


def networkx_efficiency(G: nx.Graph, removed, n_total: int | None) -> float:
    """NetworkX's global efficiency of the simple graph left after a removal, over n_total."""
    kept = nx.Graph()
    kept.add_nodes_from(v for v in G if v not in removed)
    kept.add_edges_from((u, v) for u, v in G.edges() if u in kept and v in kept and u != v)
    n = kept.number_of_nodes()
    total = n if n_total is None else n_total
    return nx.global_efficiency(kept) * n * (n - 1) / (total * (total - 1)) if n >= 2 else 0.0


@settings(database=None, max_examples=60, deadline=None)
@given(random_graphs, st.data())
def test_efficiency_without_matches_networkx_on_the_subgraph_to_the_last_digit(
    G: nx.Graph, data
) -> None:
    """The fast efficiency after a removal is NetworkX's on the induced subgraph, exactly (the
    chapters' stored outputs print these values in full)."""
    nodes = list(G)
    removed = data.draw(st.lists(st.sampled_from(nodes), max_size=4, unique=True)) if nodes else []
    expected = networkx_efficiency(G, removed, len(nodes))
    assert m.efficiency_without(G, removed, n_total=len(nodes)) == expected
    directed = nx.DiGraph()
    directed.add_nodes_from(G)
    directed.add_edges_from(G.edges())
    assert m.global_efficiency(directed) == m.global_efficiency(G)


@settings(database=None, max_examples=60, deadline=None)
@given(random_graphs, st.data(), st.booleans())
def test_efficiencies_without_match_networkx_removal_by_removal(G: nx.Graph, data, total) -> None:
    """Every removal of a batch gets NetworkX's value to the last digit."""
    nodes = list(G)
    removals = data.draw(
        st.lists(st.lists(st.sampled_from([*nodes, "absent"]), max_size=5), max_size=12)
    )
    n_total = len(nodes) if total else None
    expected = [networkx_efficiency(G, r, n_total) for r in removals]
    assert m.efficiencies_without(G, removals, n_total=n_total) == expected
    assert m.efficiencies_without(G, iter(removals), n_total=n_total) == expected
    # A directed or multi-edged copy reads as the same simple undirected graph.
    directed = nx.MultiDiGraph(G)
    directed.add_edges_from((v, u) for u, v in G.edges())
    assert m.efficiencies_without(directed, removals, n_total=n_total) == expected


def test_efficiencies_without_in_batches(monkeypatch) -> None:
    # Removals split over several batches come back whole and in order.
    G = nx.barabasi_albert_graph(12, 2, seed=4)
    removals = [[v] for v in G] + [[0, v] for v in G]
    expected = [m.efficiency_without(G, r, n_total=12) for r in removals]
    monkeypatch.setattr(m, "_BATCH_CELLS", 3 * 12 * 12)
    assert m.efficiencies_without(G, removals, n_total=12) == expected
    assert m.efficiencies_without(G, []) == []


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=10_000))
def test_pair_measures_read_a_simple_graph_as_its_multigraph_copy(G: nx.Graph, seed) -> None:
    """Counts read from a simple graph in place equal those read from its simple copy."""
    rng = np.random.default_rng(seed)
    for v in G:
        G.nodes[v]["iran_core"] = bool(rng.random() < 0.2)
        G.nodes[v]["axis_member"] = bool(rng.random() < 0.8)
        G.nodes[v]["country"] = str(rng.integers(3))
    if len(G) > 1:
        G.add_edge(0, 0)  # a self-loop, ignored by both
    M = nx.MultiGraph(G)
    M.add_edges_from(list(G.edges())[:3])  # parallel edges, merged by simple_graph
    for a, b in (
        (m.density_ratio(G), m.density_ratio(M)),
        (m.ei_index(G), m.ei_index(M)),
        (m.ei_index(G, "country"), m.ei_index(M, "country")),
    ):
        assert a == b or (math.isnan(a) and math.isnan(b))


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs, st.integers(min_value=0, max_value=10_000), st.booleans())
def test_gould_fernandez_roles_is_the_row_of_the_table(G: nx.Graph, seed, directed) -> None:
    rng = np.random.default_rng(seed)
    if directed:
        G = nx.DiGraph((u, v) if rng.random() < 0.5 else (v, u) for u, v in G.edges())
        G.add_nodes_from(range(max(G, default=-1) + 1))
    groups = {v: str(rng.integers(3)) for v in G}
    table = m.gould_fernandez(G, groups)
    for row in table.to_dict("records"):
        roles = m.gould_fernandez_roles(G, row["node"], groups)
        assert roles == {key: row[key] for key in (*m.GF_ROLES, "total")}
    with pytest.raises(KeyError, match="not a node"):
        m.gould_fernandez_roles(G, "absent", groups)


@settings(database=None, max_examples=40, deadline=None)
@given(random_graphs)
def test_top_broker_reads_the_first_rows_of_the_brokerage_table(G: nx.Graph) -> None:
    table = m.brokerage(G)
    best = table["betweenness"].iloc[0]
    top = table.loc[table["betweenness"] >= best - 1e-9, "name"]
    assert m.top_broker(G) == " = ".join(str(name) for name in top)


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


# --------------------------------------------------------------------------- composition

# Core 0 unless stated; members are every node (no axis_member attribute).
# bridge: partners 1-7; core-partner linked 4 of 7, partner-partner 3 (1-5, 1-6, 1-7) of
#         C(7, 2) = 21 -> (3/21) / (4/7) = 1/4
# star: no partner-partner tie -> 0; K4: both densities 1 -> 1
# path, core 0: core-partner 1 of 3, partner-partner 2 of 3 -> 2
# pair, core 0: core-partner 1 of 3, partner-partner 1 (2-3) of 3 -> 1
# star, core = leaf 1: core-partner 1 of 4, partner-partner 3 of 6 -> 2
DENSITY_RATIO = [
    (bridge, 0, 1 / 4),
    (star, 0, 0.0),
    (complete, 0, 1.0),
    (path, 0, 2.0),
    (pair, 0, 1.0),
    (star, 1, 2.0),
]


@pytest.mark.parametrize(("make", "core", "expected"), DENSITY_RATIO)
def test_density_ratio_known(make, core, expected) -> None:
    assert m.density_ratio(make(), core) == pytest.approx(expected)


def test_density_ratio_conventions() -> None:
    # No core-partner tie, or a core absent from the graph: undefined.
    assert math.isnan(m.density_ratio(pair(), [0, 1]))
    assert math.isnan(m.density_ratio(star(), "nobody"))
    # Default core: the nodes marked iran_core.
    assert m.density_ratio(with_core(bridge(), 0)) == pytest.approx(1 / 4)
    # A non-member drops out with its pairs: 7 out -> partners 1-6, core-partner 4 of 6,
    # partner-partner 2 of 15 -> (2/15) / (4/6) = 1/5.
    G = bridge()
    G.nodes[7]["axis_member"] = False
    assert m.density_ratio(G, 0) == pytest.approx(1 / 5)


@pytest.mark.parametrize("n", [4, 6, 10, 20])
def test_composition_adjustment_on_complete_graphs(n: int) -> None:
    # In K_n every pair is linked, so the adjusted measures do not move with n, while the raw
    # hub share falls as 2/n: (n - 1) core ties of n(n - 1)/2.
    G = with_core(nx.complete_graph(n), 0)
    assert m.hub_dependence(G) == pytest.approx(2 / n)
    assert m.density_ratio(G) == pytest.approx(1.0)
    assert m.ei_index(G) - m.ei_index(G, expected=True) == pytest.approx(0.0)


# E-I with core / partner groups, counting linked pairs:
# star: E 4, I 0 -> 1; K4: E 3, I 3 -> 0; bridge: E 4, I 3 -> 1/7; path: E 1, I 2 -> -1/3
# Expected (every pair linked): star on 5 nodes E 4, I C(4, 2) = 6 -> -1/5; K4 E 3, I 3 -> 0;
# bridge E 7, I C(7, 2) = 21 -> -14/28 = -1/2
EI = [
    (star, 1.0, -1 / 5),
    (complete, 0.0, 0.0),
    (bridge, 1 / 7, -1 / 2),
    (path, -1 / 3, 0.0),
]


@pytest.mark.parametrize(("make", "observed", "expected"), EI)
def test_ei_index_known(make, observed, expected) -> None:
    G = make()
    assert m.ei_index(G, core=0) == pytest.approx(observed)
    assert m.ei_index(G, core=0, expected=True) == pytest.approx(expected)


def test_ei_index_groups_and_weights() -> None:
    G = bridge()
    side = {n: "A" if n in (0, 2, 3, 4) else "B" for n in G}
    nx.set_node_attributes(G, side, "country")
    # One tie crosses (0-1), six stay inside: (1 - 6) / 7.
    assert m.ei_index(G, "country") == pytest.approx(-5 / 7)
    assert m.ei_index(G, side) == pytest.approx(-5 / 7)
    with pytest.raises(ValueError, match="no entry"):
        m.ei_index(G, {0: "A"})
    # Weights: the crossing tie counts 8 times -> (8 - 6) / 14.
    G.edges[0, 1]["weight"] = 8
    assert m.ei_index(G, "country", weight="weight") == pytest.approx(1 / 7)
    assert m.ei_index(G, "country") == pytest.approx(-5 / 7)
    assert math.isnan(m.ei_index(nx.empty_graph(3), core=0))


def test_horizontality_bridge() -> None:
    h = m.horizontality(bridge(), 0)
    assert h["hub_share"] == pytest.approx(4 / 7)
    assert h["horizontal_share"] == pytest.approx(3 / 7)
    assert h["core_partner_density"] == pytest.approx(4 / 7)
    assert h["partner_partner_density"] == pytest.approx(1 / 7)
    assert h["density_ratio"] == pytest.approx(1 / 4)
    assert h["ei_index"] == pytest.approx(1 / 7)
    assert h["ei_expected"] == pytest.approx(-1 / 2)


# --------------------------------------------------------------------------- direction


def test_krackhardt_hierarchy_known() -> None:
    assert m.krackhardt_hierarchy(nx.DiGraph([(0, 1), (0, 2), (0, 3)])) == 1.0
    assert m.krackhardt_hierarchy(nx.DiGraph([(0, 1), (1, 2)])) == 1.0  # chain: one way
    assert m.krackhardt_hierarchy(nx.DiGraph([(0, 1), (1, 2), (2, 0)])) == 0.0  # cycle
    # 0 <-> 1 mutual; 0 -> 2 and 1 -> 2 one way: 1 - 1/3.
    assert m.krackhardt_hierarchy(nx.DiGraph([(0, 1), (1, 0), (1, 2)])) == pytest.approx(2 / 3)
    assert math.isnan(m.krackhardt_hierarchy(nx.empty_graph(3, create_using=nx.DiGraph)))
    with pytest.raises(ValueError, match="directed"):
        m.krackhardt_hierarchy(star())


GF_CASES = [
    # groups of a, b, c on the path a -> b -> c, and the role of b
    (("x", "x", "x"), "coordinator"),
    (("x", "y", "x"), "itinerant"),
    (("x", "x", "y"), "representative"),
    (("x", "y", "y"), "gatekeeper"),
    (("x", "y", "z"), "liaison"),
]


@pytest.mark.parametrize(("groups", "role"), GF_CASES)
def test_gould_fernandez_roles(groups, role) -> None:
    D = nx.DiGraph([("a", "b"), ("b", "c")])
    table = m.gould_fernandez(D, dict(zip("abc", groups, strict=True))).set_index("node")
    assert table.loc["b", role] == 1 and table.loc["b", "total"] == 1
    assert table.loc[["a", "c"], "total"].tolist() == [0, 0]
    # A direct arc a -> c closes the path: nothing is brokered.
    D.add_edge("a", "c")
    closed = m.gould_fernandez(D, dict(zip("abc", groups, strict=True)))
    assert closed["total"].sum() == 0


def test_gould_fernandez_bridge_by_side() -> None:
    # Undirected: each edge both ways. Centre 0 brokers the 6 ordered pairs of its leaves
    # 2, 3, 4 (all side A: coordinator), leaf -> 0 -> 1 three times (representative: A, A, B)
    # and 1 -> 0 -> leaf three times (gatekeeper: B, A, A). Centre 1 likewise.
    G = bridge()
    side = {n: "A" if n in (0, 2, 3, 4) else "B" for n in G}
    table = m.gould_fernandez(G, side).set_index("node")
    row = table.loc[0]
    assert (row["coordinator"], row["representative"], row["gatekeeper"]) == (6, 3, 3)
    assert (row["itinerant"], row["liaison"], row["total"]) == (0, 0, 12)
    assert table.loc[1, "total"] == 12
    assert table.loc[[2, 3, 4, 5, 6, 7], "total"].eq(0).all()
    assert list(table.index[:2]) == [0, 1]
    # Core / partner groups on the path 0 - 1 - 2 with core 1: 0 -> 1 -> 2 and back, itinerant.
    path_table = m.gould_fernandez(nx.path_graph(3), core=1).set_index("node")
    assert path_table.loc[1, "itinerant"] == 2 and path_table.loc[1, "group"] == "core"


def test_top_broker() -> None:
    # Both centres of the bridge lie on 15 of 21 pairs.
    assert m.top_broker(bridge()) == "actor 0 = actor 1"
    named = star()
    nx.set_node_attributes(named, {0: "Iran"}, "name")
    assert m.top_broker(named) == "Iran"
    assert m.top_broker(nx.Graph()) == ""


# --------------------------------------------------------------------------- summaries


def test_graph_summary_core_default_and_keys() -> None:
    G = with_core(bridge(), 0)
    s = m.graph_summary(G)
    assert s == m.graph_summary(G, core=0)
    assert s["hub_dependence"] == pytest.approx(4 / 7)
    assert s["density_ratio"] == pytest.approx(1 / 4)
    assert s["ei_index"] == pytest.approx(1 / 7)
    assert s["actors"] == 8 and s["linked_pairs"] == 7
    assert s["global_efficiency"] == pytest.approx(4 / 7)


def test_era_comparison_on_the_tiny_dataset() -> None:
    from tiny_dataset import tiny

    result = m.era_comparison(tiny())
    s = result.summary
    # 2019: iran - hizballah (2 ties), iran - badr, iran - hamas; 2022: iran - hizballah (2),
    # iran - hamas, iran - aah, hizballah - hamas, hizballah - badr, hizballah - aah.
    assert (s.loc["actors", "before"], s.loc["actors", "after"]) == (4, 5)
    assert (s.loc["ties", "before"], s.loc["ties", "after"]) == (4, 7)
    assert s.loc["hub_dependence", "before"] == 1.0
    assert s.loc["hub_dependence", "after"] == pytest.approx(4 / 7)
    assert s.loc["hub_dependence", "change"] == pytest.approx(4 / 7 - 1)
    # 2022: core-partner 3 of 4, partner-partner 3 of 6 -> (1/2) / (3/4) = 2/3; E-I (3 - 3) / 6.
    assert s.loc["density_ratio", "after"] == pytest.approx(2 / 3)
    assert s.loc["ei_index", "after"] == 0.0
    assert result.nodes_added == ("aah",) and result.nodes_removed == ()
    assert result.edges_removed == (("badr", "iran"),)
    assert result.edges_added == (
        ("aah", "hizballah"),
        ("aah", "iran"),
        ("badr", "hizballah"),
        ("hamas", "hizballah"),
    )


def test_by_layer_on_the_tiny_dataset() -> None:
    from tiny_dataset import tiny

    table = m.by_layer(tiny(), "2022-06-30", m.hub_dependence)
    assert table["layer"].tolist() == [
        "all",
        "command",
        "material",
        "operational",
        "political",
        "illicit",
    ]
    row = table.set_index("layer")
    # Command: iran - aah only -> 1. Material: iran - hizballah (2), iran - hamas -> 1.
    # Political: the alliance and two mediations, none with the core -> 0.
    assert row.loc["all", "value"] == pytest.approx(4 / 7) and row.loc["all", "ties"] == 7
    assert row.loc["command", "value"] == 1.0 and row.loc["material", "ties"] == 3
    assert row.loc["political", "value"] == 0.0
    assert math.isnan(row.loc["operational", "value"]) and row.loc["operational", "actors"] == 0
