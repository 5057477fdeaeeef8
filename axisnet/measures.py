r"""Network measures for hierarchy, horizontality and brokerage.

Every function accepts any NetworkX graph (``Graph``, ``DiGraph``, ``MultiGraph`` or
``MultiDiGraph``). Structural measures (centralization, efficiency, articulation points,
betweenness) use the *simple undirected* view of the graph: directions are ignored, parallel
edges count once and self-loops are dropped (:func:`simple_graph`). Tie-counting measures (hub
dependence, horizontal share) count an edge's ``weight`` attribute if present (the graphs of
:mod:`axisnet.graphs` store the number of ties there, or of episodes when counting by episode),
else 1 per edge. Density ratios and the E-I index count linked pairs unless told otherwise.
Gould-Fernandez brokerage and Krackhardt's hierarchy use directions.

The "core" of a graph is a node or a set of nodes standing for the centre of the axis. Every
function that needs one takes ``core=None``, which means :func:`core_nodes` (the nodes whose
``iran_core`` attribute is true: the one ``"iran"`` node of the main series, or Iran's organs and
officials when they are kept apart).

Conventions worth knowing before reading a number:

* Centralization of an empty graph is ``nan``; of a graph with one or two nodes it is ``0.0``
  (no node can be more central than another).
* Closeness is defined for connected graphs only, so closeness centralization is computed on the
  largest connected component (ties broken by node order).
* Shares, ratios and indices whose denominator is zero are ``nan``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from axisnet import graphs

__all__ = [
    "EraComparison",
    "articulation_points",
    "betweenness_centralization",
    "brokerage",
    "by_layer",
    "centralization",
    "closeness_centralization",
    "core_nodes",
    "core_set",
    "degree_centralization",
    "density_ratio",
    "ei_index",
    "era_comparison",
    "efficiencies_without",
    "efficiency_without",
    "global_efficiency",
    "gould_fernandez",
    "gould_fernandez_roles",
    "graph_summary",
    "horizontal_share",
    "horizontality",
    "hub_dependence",
    "krackhardt_hierarchy",
    "simple_graph",
    "top_broker",
]

Core = Hashable | Iterable[Hashable] | None
Groups = str | Mapping[Hashable, Hashable] | None

GF_ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


# --------------------------------------------------------------------------- helpers


def simple_graph(G: nx.Graph) -> nx.Graph:
    """The simple undirected view of a graph.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.

    Returns
    -------
    networkx.Graph
        Same nodes (order and attributes kept), directions ignored, parallel edges merged,
        self-loops dropped.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "a")])
    >>> list(simple_graph(M).edges())
    [('a', 'b')]
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def core_nodes(G: nx.Graph, attr: str = "iran_core") -> tuple[Hashable, ...]:
    """Nodes whose attribute ``attr`` is true (by default the Iranian core of the axis).

    Parameters
    ----------
    G : networkx.Graph
    attr : str, default "iran_core"

    Returns
    -------
    tuple
        The nodes, in graph order.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("iran", iran_core=True)
    >>> G.add_node("hizballah", iran_core=False)
    >>> core_nodes(G)
    ('iran',)
    """
    return tuple(n for n, data in G.nodes(data=True) if bool(data.get(attr, False)))


def core_set(G: nx.Graph, core: Core = None) -> set[Hashable]:
    """The nodes a measure treats as Iran's core.

    Parameters
    ----------
    G : networkx.Graph
        The graph the measure runs on.
    core : node, iterable of nodes or None
        One node (a string is always one node), several, or ``None`` for the nodes marked
        ``iran_core`` (:func:`core_nodes`).

    Returns
    -------
    set
        The core's nodes.

    Examples
    --------
    >>> G = nx.path_graph(["iran", "hizballah", "hamas"])
    >>> core_set(G, "iran"), sorted(core_set(G, ["iran", "hamas"]))
    ({'iran'}, ['hamas', 'iran'])
    """
    if core is None:
        return set(core_nodes(G))
    if isinstance(core, str) or not isinstance(core, Iterable) or core in G:
        return {core}
    return set(core)


def _edge_weights(G: nx.Graph, weight: str | None) -> Iterable[tuple[Hashable, Hashable, float]]:
    """Yield ``(u, v, w)`` for every edge (every parallel edge of a multigraph), self-loops
    excluded; ``w`` is the ``weight`` attribute (default 1) or 1 when ``weight`` is ``None``."""
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = 1.0 if weight is None else float(data.get(weight, 1.0))
        yield u, v, w


def _linked_pairs(G: nx.Graph) -> Iterable[tuple[Hashable, Hashable]]:
    """Each linked pair of distinct nodes once: the edges of :func:`simple_graph`, read from a
    simple undirected graph without copying it."""
    if G.is_directed() or G.is_multigraph():
        return simple_graph(G).edges()
    return ((u, v) for u, v in G.edges() if u != v)


def _members(G: nx.Graph, member_attr: str) -> set[Hashable]:
    """Nodes whose ``member_attr`` is true (a node without the attribute counts as a member)."""
    return {n for n, data in G.nodes(data=True) if bool(data.get(member_attr, True))}


def _group_of(G: nx.Graph, groups: Groups, core: Core) -> dict[Hashable, Hashable]:
    """Node -> group: a node attribute (``groups="country"``), a mapping, or core/partner."""
    if groups is None:
        hubs = core_set(G, core)
        return {n: "core" if n in hubs else "partner" for n in G}
    if isinstance(groups, str):
        return {n: data.get(groups) for n, data in G.nodes(data=True)}
    missing = [n for n in G if n not in groups]
    if missing:
        raise ValueError(f"groups has no entry for node(s): {', '.join(map(str, missing))}")
    return {n: groups[n] for n in G}


# --------------------------------------------------------------------------- centralization


def degree_centralization(G: nx.Graph) -> float:
    r"""Freeman degree centralization.

    $$C_D = \frac{\sum_{i}\,[d_{\max} - d_i]}{(n-1)(n-2)}$$

    with $d_i$ the degree of node $i$ in the simple undirected graph and $n$ the number of nodes.
    The denominator is the value of the numerator for a star, the most centralized graph, so the
    star scores 1 and any regular graph (complete graph, cycle) scores 0.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    float
        0 to 1; ``nan`` for an empty graph, ``0.0`` when $n < 3$.

    References
    ----------
    Freeman, L. C. (1978/79), "Centrality in social networks: conceptual clarification",
    *Social Networks* 1(3), 215-239.

    Examples
    --------
    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    if n == 0:
        return math.nan
    if n < 3:
        return 0.0
    degrees = [d for _, d in H.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def betweenness_centralization(G: nx.Graph) -> float:
    r"""Freeman betweenness centralization.

    $$C_B = \frac{\sum_{i}\,[b_{\max} - b_i]}{(n-1)^2 (n-2) / 2}$$

    with $b_i = \sum_{s<t} \sigma_{st}(i)/\sigma_{st}$ the raw betweenness of node $i$ (share of
    shortest $s$-$t$ paths through $i$, summed over unordered pairs). The centre of a star has
    $b = (n-1)(n-2)/2$ and the leaves 0, which gives the denominator; a star scores 1 and a
    complete graph 0. In a disconnected graph, pairs with no path contribute nothing.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    float
        0 to 1; ``nan`` for an empty graph, ``0.0`` when $n < 3$.

    References
    ----------
    Freeman (1978/79); betweenness computed with Brandes' algorithm (NetworkX).

    Examples
    --------
    >>> round(betweenness_centralization(nx.path_graph(4)), 4)
    0.4444
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    if n == 0:
        return math.nan
    if n < 3:
        return 0.0
    values = list(nx.betweenness_centrality(H, normalized=False).values())
    top = max(values)
    return sum(top - b for b in values) / ((n - 1) ** 2 * (n - 2) / 2)


def closeness_centralization(G: nx.Graph) -> float:
    r"""Freeman closeness centralization, on the largest connected component.

    $$C_C = \frac{\sum_{i}\,[c_{\max} - c_i]}{(n-1)(n-2)/(2n-3)}, \qquad
      c_i = \frac{n-1}{\sum_{j \ne i} d(i, j)}$$

    For a star the centre has $c = 1$ and each leaf $(n-1)/(2n-3)$, which gives the denominator;
    a star scores 1, a complete graph 0. Distances are infinite between components, so the
    measure is computed on the largest connected component and $n$ is that component's size.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    float
        0 to 1; ``nan`` for an empty graph, ``0.0`` when the component has fewer than 3 nodes.

    References
    ----------
    Freeman (1978/79).

    Examples
    --------
    >>> round(closeness_centralization(nx.star_graph(4)), 12)
    1.0
    """
    H = simple_graph(G)
    if H.number_of_nodes() == 0:
        return math.nan
    part = graphs.induced_subgraph(H, graphs.largest_component(H))
    n = part.number_of_nodes()
    if n < 3:
        return 0.0
    values = list(nx.closeness_centrality(part).values())
    top = max(values)
    return sum(top - c for c in values) / ((n - 1) * (n - 2) / (2 * n - 3))


def centralization(G: nx.Graph) -> dict[str, float]:
    """Degree, betweenness and closeness centralization in one dict.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Keys ``degree``, ``betweenness``, ``closeness``.

    Examples
    --------
    >>> centralization(nx.complete_graph(4))
    {'degree': 0.0, 'betweenness': 0.0, 'closeness': 0.0}
    """
    return {
        "degree": degree_centralization(G),
        "betweenness": betweenness_centralization(G),
        "closeness": closeness_centralization(G),
    }


def krackhardt_hierarchy(G: nx.Graph) -> float:
    r"""Krackhardt's graph hierarchy: the share of reachable pairs that are reached one way only.

    $$H = 1 - \frac{V}{V_{\max}}$$

    with $V$ the number of unordered pairs that reach each other both ways along directed paths
    and $V_{\max}$ the number of pairs with a path in at least one direction. An out-star or a
    directed tree scores 1 (every tie flows down), a graph where every tie is reciprocated (an
    undirected graph) scores 0. Needs direction: build the graph with ``directed=True``.

    Parameters
    ----------
    G : networkx.DiGraph
        A directed graph (a ``MultiDiGraph`` is read as its simple view).

    Returns
    -------
    float
        0 to 1; ``nan`` when no pair is connected.

    Raises
    ------
    ValueError
        If ``G`` is undirected.

    References
    ----------
    Krackhardt, D. (1994), "Graph theoretical dimensions of informal organizations", in
    K. M. Carley & M. J. Prietula (eds.), *Computational Organization Theory*, Erlbaum, 89-111.

    Examples
    --------
    >>> krackhardt_hierarchy(nx.DiGraph([("iran", "a"), ("iran", "b")]))
    1.0
    >>> krackhardt_hierarchy(nx.DiGraph([("a", "b"), ("b", "a")]))
    0.0
    """
    if not G.is_directed():
        raise ValueError("krackhardt_hierarchy needs a directed graph (directed=True)")
    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from((u, v) for u, v in G.edges() if u != v)
    reach = {n: nx.descendants(D, n) for n in D}
    connected = mutual = 0
    for a, b in combinations(D.nodes, 2):
        ab, ba = b in reach[a], a in reach[b]
        if ab or ba:
            connected += 1
            mutual += ab and ba
    return 1 - mutual / connected if connected else math.nan


# --------------------------------------------------------------------------- horizontality


def hub_dependence(G: nx.Graph, core: Core = None, *, weight: str | None = "weight") -> float:
    r"""Share of ties that involve the core (the raw hub share).

    $$H(S) = \frac{\sum_{(u,v):\, u \in S \,\lor\, v \in S} w_{uv}}{\sum_{(u,v)} w_{uv}}$$

    $S$ is ``core``: one node or a set of nodes (default :func:`core_nodes`; one person such as
    ``"soleimani"`` on an all-ties snapshot). $w_{uv}$ is the edge's ``weight`` attribute (number
    of ties, or of episodes; 1 if absent); ``weight=None`` counts linked pairs. Every edge of a
    multigraph counts. The share is not adjusted for composition: as partners multiply, the
    possible partner-partner pairs grow faster than the core-partner pairs, so see also
    :func:`density_ratio` and :func:`ei_index`.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
    weight : str or None, default "weight"

    Returns
    -------
    float
        0 to 1: 1 when every tie runs through the core (a star around it); ``nan`` without ties.

    Examples
    --------
    >>> G = nx.Graph([("iran", "a"), ("iran", "b"), ("a", "b")])
    >>> round(hub_dependence(G, "iran"), 3)
    0.667
    """
    hubs = core_set(G, core)
    total = through = 0.0
    for u, v, w in _edge_weights(G, weight):
        total += w
        if u in hubs or v in hubs:
            through += w
    return through / total if total else math.nan


def horizontal_share(
    G: nx.Graph,
    core: Core = None,
    *,
    weight: str | None = "weight",
    member_attr: str = "axis_member",
) -> float:
    r"""Share of the ties among axis members that involve no core node.

    $$\text{horizontal} = \frac{\sum_{(u,v):\, u, v \in A \setminus S} w_{uv}}
      {\sum_{(u,v):\, u, v \in A} w_{uv}}$$

    $A$ is the set of nodes whose ``member_attr`` is true (a node without the attribute counts
    as a member) and $S$ the core. On a graph of axis members only this equals
    ``1 - hub_dependence(G, core)``.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
    weight : str or None, default "weight"
    member_attr : str, default "axis_member"

    Returns
    -------
    float
        0 to 1; ``nan`` when there are no ties among members.

    Examples
    --------
    >>> G = nx.Graph([("iran", "a"), ("iran", "b"), ("a", "b")])
    >>> round(horizontal_share(G, "iran"), 3)
    0.333
    """
    hubs = core_set(G, core)
    members = _members(G, member_attr)
    total = horizontal = 0.0
    for u, v, w in _edge_weights(G, weight):
        if u in members and v in members:
            total += w
            if u not in hubs and v not in hubs:
                horizontal += w
    return horizontal / total if total else math.nan


def _pair_counts(G: nx.Graph, core: Core, member_attr: str) -> dict[str, float]:
    """Linked and possible core-partner and partner-partner pairs among members."""
    hubs = core_set(G, core)
    members = _members(G, member_attr)
    n_core = len(members & hubs)
    n_partner = len(members - hubs)
    cp = pp = 0
    for u, v in _linked_pairs(G):
        if u in members and v in members:
            inside = (u in hubs) + (v in hubs)
            cp += inside == 1
            pp += inside == 0
    return {
        "core_partner": cp,
        "partner_partner": pp,
        "core_partner_possible": n_core * n_partner,
        "partner_partner_possible": n_partner * (n_partner - 1) / 2,
    }


def density_ratio(G: nx.Graph, core: Core = None, *, member_attr: str = "axis_member") -> float:
    r"""Partner-partner density relative to core-partner density (composition-adjusted).

    $$R = \frac{L_{PP} / \binom{|P|}{2}}{L_{CP} / (|C|\,|P|)}$$

    with $C$ the core, $P$ the other axis members, $L_{PP}$ the linked partner-partner pairs and
    $L_{CP}$ the linked core-partner pairs (ties inside the core are ignored). Each count is
    divided by the number of pairs that could be linked, so a growing number of partners does
    not by itself move the ratio. $R = 1$: partners are as likely to be linked to each other as
    to the core; $R < 1$: the network is organised around the core; $R > 1$: partners are more
    densely linked among themselves than to the core.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
    member_attr : str, default "axis_member"

    Returns
    -------
    float
        0 or more; ``nan`` when no core-partner pair is linked or fewer than two partners exist.

    Examples
    --------
    Two stars whose centres are linked, the core at one centre (see the tests for the
    arithmetic):

    >>> G = nx.Graph([("iran", 1), ("iran", 2), ("iran", 3), ("iran", "h"), ("h", 5), ("h", 6)])
    >>> round(density_ratio(G, "iran"), 4)
    0.2
    """
    c = _pair_counts(G, core, member_attr)
    if not c["core_partner"] or c["partner_partner_possible"] == 0:
        return math.nan
    pp = c["partner_partner"] / c["partner_partner_possible"]
    cp = c["core_partner"] / c["core_partner_possible"]
    return pp / cp


def ei_index(
    G: nx.Graph,
    groups: Groups = None,
    *,
    core: Core = None,
    weight: str | None = None,
    expected: bool = False,
) -> float:
    r"""Krackhardt and Stern's E-I index: external minus internal ties over all ties.

    $$EI = \frac{E - I}{E + I}$$

    $E$ counts ties between nodes of different groups, $I$ ties within a group. With the default
    two groups, the core and the partners, $EI = +1$ when every tie runs between the core and a
    partner (a pure hub-and-spoke network) and $-1$ when every tie links two partners (or two
    core nodes). ``expected=True`` returns the value the index would take if every possible pair
    were linked, $(E_{\max} - I_{\max}) / (E_{\max} + I_{\max})$ with $E_{\max} = \sum_{g<h}
    n_g n_h$ and $I_{\max} = \sum_g \binom{n_g}{2}$: the baseline the group sizes alone imply,
    against which the observed index is read (the observed minus the expected value adjusts for
    composition).

    Parameters
    ----------
    G : networkx.Graph
    groups : str or mapping, optional
        A node attribute (``"country"``), a mapping node -> group, or ``None`` for core /
        partner.
    core : node or iterable of nodes, optional
        The core when ``groups`` is ``None``.
    weight : str or None, default None
        ``None`` counts linked pairs; ``"weight"`` counts ties (or episodes).
    expected : bool, default False

    Returns
    -------
    float
        -1 to 1; ``nan`` without ties (or, for ``expected``, with fewer than two nodes).

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988), "Informal networks and organizational crises: an
    experimental simulation", *Social Psychology Quarterly* 51(2), 123-140.

    Examples
    --------
    >>> ei_index(nx.star_graph(3), core=0)
    1.0
    >>> ei_index(nx.star_graph(3), core=0, expected=True)
    0.0
    """
    group = _group_of(G, groups, core)
    if expected:
        sizes: dict[Hashable, int] = {}
        for g in group.values():
            sizes[g] = sizes.get(g, 0) + 1
        n = sum(sizes.values())
        internal = sum(k * (k - 1) / 2 for k in sizes.values())
        external = n * (n - 1) / 2 - internal
        return (external - internal) / (external + internal) if n > 1 else math.nan
    pairs = ((u, v, 1.0) for u, v in _linked_pairs(G))
    ext = inside = 0.0
    for u, v, w in pairs if weight is None else _edge_weights(G, weight):
        if group[u] == group[v]:
            inside += w
        else:
            ext += w
    return (ext - inside) / (ext + inside) if ext + inside else math.nan


def horizontality(
    G: nx.Graph, core: Core = None, *, member_attr: str = "axis_member"
) -> dict[str, float]:
    """The raw and composition-adjusted horizontality measures of one graph.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
    member_attr : str, default "axis_member"

    Returns
    -------
    dict
        ``hub_share`` (:func:`hub_dependence`, counting ties), ``horizontal_share``,
        ``core_partner_density`` and ``partner_partner_density`` (linked over possible pairs
        among members), ``density_ratio``, ``ei_index`` (linked pairs, core / partner) and
        ``ei_expected`` (its value with every pair linked).

    Examples
    --------
    >>> h = horizontality(nx.star_graph(3), core=0)
    >>> h["hub_share"], h["partner_partner_density"], h["ei_index"]
    (1.0, 0.0, 1.0)
    """
    c = _pair_counts(G, core, member_attr)
    cp = c["core_partner"] / c["core_partner_possible"] if c["core_partner_possible"] else math.nan
    pp_possible = c["partner_partner_possible"]
    pp = c["partner_partner"] / pp_possible if pp_possible else math.nan
    return {
        "hub_share": hub_dependence(G, core),
        "horizontal_share": horizontal_share(G, core, member_attr=member_attr),
        "core_partner_density": cp,
        "partner_partner_density": pp,
        "density_ratio": density_ratio(G, core, member_attr=member_attr),
        "ei_index": ei_index(G, core=core),
        "ei_expected": ei_index(G, core=core, expected=True),
    }


# --------------------------------------------------------------------------- efficiency


def global_efficiency(G: nx.Graph, *, n_total: int | None = None) -> float:
    r"""Global efficiency (Latora & Marchiori 2001).

    $$E = \frac{1}{n(n-1)} \sum_{i \ne j} \frac{1}{d(i, j)}$$

    with $1/d = 0$ between components, on the simple undirected graph. Unlike average path
    length it stays finite on disconnected graphs. ``n_total`` replaces $n$ in the denominator
    (used after removing nodes, so that the removed nodes count as lost).

    Parameters
    ----------
    G : networkx.Graph
    n_total : int, optional

    Returns
    -------
    float
        0 to 1: 1 for a complete graph, 0 without edges; ``0.0`` when $n < 2$.

    References
    ----------
    Latora, V. & Marchiori, M. (2001), "Efficient behavior of small-world networks", *Physical
    Review Letters* 87, 198701.

    Examples
    --------
    >>> global_efficiency(nx.star_graph(4))  # 8 ordered pairs at 1, 12 at 2, over 20
    0.7
    """
    return efficiency_without(G, (), n_total=n_total)


def efficiency_without(
    G: nx.Graph, removed: Iterable[Hashable], *, n_total: int | None = None
) -> float:
    """Global efficiency of ``G`` once the nodes ``removed`` are taken out, without copying it.

    The same value as ``global_efficiency(G.subgraph(rest), n_total=n_total)``, to the last
    digit: each source's inverse distances are added level by level in node order, as
    NetworkX's ``global_efficiency`` adds them. Directions are ignored and self-loops and
    parallel edges do not count. For many removals from the same graph,
    :func:`efficiencies_without` computes them together.

    Parameters
    ----------
    G : networkx.Graph
    removed : iterable of nodes
        Nodes taken out (ids not in ``G`` are ignored).
    n_total : int, optional
        Replaces the number of remaining nodes in the denominator (so that removed nodes count
        as lost).

    Returns
    -------
    float
        0 to 1; ``0.0`` when fewer than two nodes remain.

    Examples
    --------
    >>> efficiency_without(nx.star_graph(4), [0], n_total=5)  # no edges left
    0.0
    >>> efficiency_without(nx.path_graph(3), [])  # 4 ordered pairs at 1, 2 at 2, over 6
    0.8333333333333334
    """
    return efficiencies_without(G, [removed], n_total=n_total)[0]


#: Cells (sets x nodes x nodes) of the distance arrays :func:`efficiencies_without` holds at once.
_BATCH_CELLS = 1 << 21


def efficiencies_without(
    G: nx.Graph, removals: Iterable[Iterable[Hashable]], *, n_total: int | None = None
) -> list[float]:
    """Global efficiency of ``G`` after each of several removals, computed together.

    The values of :func:`efficiency_without` for each removal, to the last digit. The graph is
    read once and the breadth-first searches from every source node, for every removal, run
    together as boolean matrix products, which counts the nodes first reached at each distance;
    when the removals are hundreds (every set of a size, a robustness curve) this is many times
    faster than one search at a time. The inverse distances are then added one by one in the
    order NetworkX's ``global_efficiency`` adds them (source by source in node order, nearest
    first), so the rounding is the same.

    Parameters
    ----------
    G : networkx.Graph
    removals : iterable of iterables of nodes
        One set of nodes per removal (ids not in ``G`` are ignored).
    n_total : int, optional
        As in :func:`efficiency_without`.

    Returns
    -------
    list of float
        One efficiency per removal, in order.

    Examples
    --------
    >>> efficiencies_without(nx.star_graph(4), [[], [0], [1]], n_total=5)
    [0.7, 0.0, 0.45]
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    gone = [{index[v] for v in removed if v in index} for removed in removals]
    if not gone:
        return []
    keep = np.ones((len(gone), n), dtype=bool)
    rows = [r for r, out in enumerate(gone) for _ in out]
    keep[rows, [i for out in gone for i in out]] = False
    adjacency = np.zeros((n, n), dtype=np.float32)
    ends = [(index[u], index[v]) for u, v in G.edges()]
    if ends:
        u, v = np.array(ends, dtype=np.intp).T
        adjacency[u, v] = adjacency[v, u] = 1.0
    batch = max(1, _BATCH_CELLS // max(1, n * n))
    totals: list[float] = []
    for start in range(0, len(gone), batch):
        totals += _inverse_distance_sums(adjacency, keep[start : start + batch])
    values = []
    for out, total in zip(gone, totals, strict=True):
        m = n - len(out)
        denominator = m if n_total is None else n_total
        if m < 2 or denominator < 2:
            values.append(0.0)
        else:
            values.append((total / (m * (m - 1))) * m * (m - 1) / (denominator * (denominator - 1)))
    return values


def _inverse_distance_sums(adjacency: np.ndarray, keep: np.ndarray) -> list[float]:
    """For each row of ``keep`` (nodes left), the sum of 1/d over ordered pairs of nodes left,
    added source by source in node order, nearest first, as :func:`efficiency_without` adds."""
    sets, n = keep.shape
    reached = np.zeros((sets, n, n), dtype=bool)
    diagonal = np.arange(n)
    reached[:, diagonal, diagonal] = keep
    frontier = reached.astype(np.float32)
    open_to = keep[:, None, :]
    ones = np.ones(n, dtype=np.float32)
    levels = []  # nodes first reached at distance 1, 2, ...: (sets, sources) counts
    while True:
        step = frontier @ adjacency  # one small product per removal
        new = (step > 0) & open_to & ~reached
        frontier = new.astype(np.float32)
        counts = frontier @ ones  # whole numbers, exact in float32
        if not counts.any():
            break
        levels.append(counts)
        reached |= new
    if not levels:
        return [0.0] * sets
    counts = np.stack(levels, axis=2).astype(np.intp)  # (sets, sources, distance)
    inverse = 1 / np.arange(1, len(levels) + 1, dtype=np.float64)
    terms = np.repeat(np.broadcast_to(inverse, counts.shape).ravel(), counts.ravel())
    lengths = counts.sum(axis=(1, 2))
    # One row of terms per set, padded with zeros (adding 0.0 leaves a sum unchanged), added
    # left to right by a cumulative sum, which adds in sequence as the loop does.
    padded = np.zeros((sets, int(lengths.max())))
    padded[np.arange(padded.shape[1]) < lengths[:, None]] = terms
    return [float(x) for x in np.cumsum(padded, axis=1)[:, -1]]


# --------------------------------------------------------------------------- brokerage


def articulation_points(G: nx.Graph) -> list[Hashable]:
    """Cut vertices: nodes whose removal increases the number of connected components.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    list
        The cut vertices of the simple undirected graph, in graph node order.

    References
    ----------
    Hopcroft, J. & Tarjan, R. (1973), "Algorithm 447: efficient algorithms for graph
    manipulation", *Communications of the ACM* 16(6), 372-378.

    Examples
    --------
    >>> articulation_points(nx.path_graph(4))
    [1, 2]
    """
    H = simple_graph(G)
    cut = set(nx.articulation_points(H))
    return [n for n in H.nodes if n in cut]


def brokerage(G: nx.Graph) -> pd.DataFrame:
    r"""Brokerage table: one row per node, most between first.

    Burt's constraint $c_i = \sum_{j \in N(i)} \big(p_{ij} + \sum_{q \ne i,j} p_{iq}
    p_{qj}\big)^2$ with $p_{ij} = 1/\deg(i)$ for a neighbour (unweighted, undirected). It is low
    (down to $1/\deg(i)$) for a node whose contacts are not linked to each other - a broker
    across structural holes - and reaches 1 or more for a node tied to one contact or to a
    closed clique.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``name``, ``kind``, ``degree``, ``betweenness`` (normalised: the
        share of all pairs whose shortest paths run through the node, 0 to 1), ``constraint``
        (``nan`` for isolates) and ``articulation`` (a cut vertex or not); ties keep node order.

    References
    ----------
    Freeman (1977/78) for betweenness; Burt, R. S. (1992), *Structural Holes: The Social
    Structure of Competition*, Harvard University Press.

    Examples
    --------
    >>> top = brokerage(nx.star_graph(3)).iloc[0]
    >>> int(top["node"]), float(top["betweenness"]), round(float(top["constraint"]), 4)
    (0, 1.0, 0.3333)
    """
    H = simple_graph(G)
    columns = ["node", "name", "kind", "degree", "betweenness", "constraint", "articulation"]
    if H.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    between = nx.betweenness_centrality(H, normalized=True)
    constraint = nx.constraint(H)
    cut = set(nx.articulation_points(H))
    frame = pd.DataFrame(
        [
            {
                "node": node,
                "name": data.get("name", node),
                "kind": data.get("kind"),
                "degree": H.degree(node),
                "betweenness": float(between[node]),
                "constraint": float(constraint[node]),
                "articulation": node in cut,
            }
            for node, data in H.nodes(data=True)
        ],
        columns=columns,
    )
    frame["_order"] = range(len(frame))
    frame = frame.sort_values(["betweenness", "_order"], ascending=[False, True])
    return frame.drop(columns="_order").reset_index(drop=True)


def top_broker(G: nx.Graph, *, tolerance: float = 1e-9) -> str:
    """Name of the node with the highest betweenness (names joined by " = " on a tie).

    Parameters
    ----------
    G : networkx.Graph
    tolerance : float, default 1e-9
        Betweenness values closer than this count as equal.

    Returns
    -------
    str
        The ``name`` attribute (the node id if absent); ``""`` for an empty graph.

    Examples
    --------
    >>> top_broker(nx.path_graph(3))
    '1'
    >>> top_broker(nx.path_graph(4))
    '1 = 2'
    """
    H = simple_graph(G)
    if H.number_of_nodes() == 0:
        return ""
    # the ranking of brokerage(), without its other columns
    between = nx.betweenness_centrality(H, normalized=True)
    ranked = sorted(H.nodes(data=True), key=lambda item: -float(between[item[0]]))
    best = float(between[ranked[0][0]])
    return " = ".join(
        str(data.get("name", node))
        for node, data in ranked
        if float(between[node]) >= best - tolerance
    )


def gould_fernandez(G: nx.Graph, groups: Groups = None, *, core: Core = None) -> pd.DataFrame:
    r"""Gould and Fernandez brokerage roles, counted on the directed graph.

    Node $b$ brokers the two-step path $a \to b \to c$ when $a \ne c$ and there is no arc
    $a \to c$. Each such path is one of five roles, from the groups of $a$, $b$ and $c$:

    ==============  ==========================  ====================================
    role            groups                      meaning
    ==============  ==========================  ====================================
    coordinator     $a = b = c$                 brokers inside its own group
    itinerant       $a = c \ne b$               an outsider links two members of a group
    representative  $a = b \ne c$               carries its group's flow out
    gatekeeper      $a \ne b = c$               controls what enters its group
    liaison         $a$, $b$, $c$ all differ    links two groups it does not belong to
    ==============  ==========================  ====================================

    An undirected graph is read with each edge in both directions (an undirected tie such as a
    joint operation runs both ways in :mod:`axisnet.graphs`). Counts are raw (not normalised by
    group sizes).

    Parameters
    ----------
    G : networkx.Graph
        Preferably a ``DiGraph`` built with ``directed=True``.
    groups : str or mapping, optional
        A node attribute (``"country"``), a mapping node -> group, or ``None`` for core /
        partner (with two groups there are no liaisons).
    core : node or iterable of nodes, optional
        The core when ``groups`` is ``None``.

    Returns
    -------
    pandas.DataFrame
        One row per node: ``node``, ``name``, ``group``, the five role counts and ``total``;
        sorted by total (most first), ties in node order.

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989), "Structures of mediation: a formal approach to
    brokerage in transaction networks", *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> D = nx.DiGraph([("iran", "hizballah"), ("hizballah", "houthis")])
    >>> groups = {"iran": "Iran", "hizballah": "Lebanon", "houthis": "Yemen"}
    >>> top = gould_fernandez(D, groups).iloc[0]
    >>> top["node"], int(top["liaison"]), int(top["total"])
    ('hizballah', 1, 1)
    """
    group = _group_of(G, groups, core)
    succ, pred = _arcs(G)
    rows = []
    for b, data in G.nodes(data=True):
        counts = _roles(b, group, succ, pred)
        rows.append({"node": b, "name": data.get("name", b), "group": group[b], **counts})
    rows.sort(key=lambda row: -row["total"])  # stable: ties stay in node order
    return pd.DataFrame(rows, columns=["node", "name", "group", *GF_ROLES, "total"])


def gould_fernandez_roles(
    G: nx.Graph, node: Hashable, groups: Groups = None, *, core: Core = None
) -> dict[str, int]:
    """One node's Gould and Fernandez brokerage roles: its row of :func:`gould_fernandez`.

    Counting one node is much quicker than building the whole table, which matters when the
    count is recomputed on many graphs (a permutation test).

    Parameters
    ----------
    G : networkx.Graph
    node : node
        The broker.
    groups : str or mapping, optional
    core : node or iterable of nodes, optional
        As in :func:`gould_fernandez`.

    Returns
    -------
    dict
        The five role counts (:data:`GF_ROLES`) and ``total``.

    Raises
    ------
    KeyError
        If ``node`` is not in ``G``.

    Examples
    --------
    >>> D = nx.DiGraph([("iran", "hizballah"), ("hizballah", "houthis")])
    >>> groups = {"iran": "Iran", "hizballah": "Lebanon", "houthis": "Yemen"}
    >>> gould_fernandez_roles(D, "hizballah", groups)["liaison"]
    1
    """
    if node not in G:
        raise KeyError(f"{node!r} is not a node of the graph")
    succ, pred = _arcs(G)
    return _roles(node, _group_of(G, groups, core), succ, pred)


def _arcs(G: nx.Graph) -> tuple[dict[Hashable, set[Hashable]], dict[Hashable, set[Hashable]]]:
    """Successors and predecessors of every node, self-loops dropped; an undirected edge is an
    arc both ways."""
    succ: dict[Hashable, set[Hashable]] = {v: set() for v in G}
    pred: dict[Hashable, set[Hashable]] = {v: set() for v in G}
    for u, v in G.edges():
        if u != v:
            succ[u].add(v)
            pred[v].add(u)
            if not G.is_directed():
                succ[v].add(u)
                pred[u].add(v)
    return succ, pred


def _roles(
    b: Hashable,
    group: Mapping[Hashable, Hashable],
    succ: Mapping[Hashable, set[Hashable]],
    pred: Mapping[Hashable, set[Hashable]],
) -> dict[str, int]:
    """The Gould-Fernandez role counts and total of broker ``b``."""
    counts = dict.fromkeys(GF_ROLES, 0)
    gb = group[b]
    for a in pred[b]:
        ga = group[a]
        for c in succ[b]:
            if a == c or c in succ[a]:
                continue
            gc = group[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[role] += 1
    counts["total"] = sum(counts.values())
    return counts


# --------------------------------------------------------------------------- summaries


def graph_summary(G: nx.Graph, core: Core = None) -> dict[str, float]:
    """Headline numbers of one network, as floats (for tables and ``glue``).

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional

    Returns
    -------
    dict
        ``actors``, ``ties`` (sum of edge weights), ``linked_pairs``, ``density``,
        ``components``, ``largest_fraction``, ``degree_centralization``,
        ``betweenness_centralization``, ``closeness_centralization``, ``hub_dependence``,
        ``horizontal_share``, ``density_ratio``, ``ei_index`` and ``global_efficiency``.

    Examples
    --------
    >>> s = graph_summary(nx.star_graph(3), core=0)
    >>> s["actors"], s["hub_dependence"], s["degree_centralization"]
    (4.0, 1.0, 1.0)
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    return {
        "actors": float(n),
        "ties": float(sum(w for _, _, w in _edge_weights(G, "weight"))),
        "linked_pairs": float(H.number_of_edges()),
        "density": float(nx.density(H)) if n > 1 else 0.0,
        "components": float(nx.number_connected_components(H)) if n else 0.0,
        "largest_fraction": len(graphs.largest_component(H)) / n if n else math.nan,
        "degree_centralization": degree_centralization(H),
        "betweenness_centralization": betweenness_centralization(H),
        "closeness_centralization": closeness_centralization(H),
        "hub_dependence": hub_dependence(G, core),
        "horizontal_share": horizontal_share(G, core),
        "density_ratio": density_ratio(G, core),
        "ei_index": ei_index(G, core=core),
        "global_efficiency": global_efficiency(H),
    }


def by_layer(
    data: Any,
    at: str | pd.Timestamp,
    measure: Callable[[nx.Graph], Any],
    *,
    layers: Iterable[str] = graphs.COOPERATIVE_LAYERS,
    **options: Any,
) -> pd.DataFrame:
    """A measure on the cooperative network of each layer, and of all layers together.

    Parameters
    ----------
    data : Dataset
    at : str or pandas.Timestamp
    measure : callable
        A function of one graph (``hub_dependence``, ``density_ratio`` ...).
    layers : iterable of str, default graphs.COOPERATIVE_LAYERS
    **options
        Keyword options of :func:`axisnet.graphs.cooperative_network`.

    Returns
    -------
    pandas.DataFrame
        Columns ``layer`` (``"all"`` first, then each layer), ``actors``, ``ties``, ``value``.

    Examples
    --------
    >>> from axisnet import data
    >>> table = by_layer(data.load(), "2019-12-31", hub_dependence)
    >>> table["layer"].iloc[0]
    'all'
    """
    layers = tuple(layers)
    rows = []
    for label, chosen in (("all", layers), *((layer, (layer,)) for layer in layers)):
        G = graphs.cooperative_network(data, at, layers=chosen, **options)
        rows.append(
            {
                "layer": label,
                "actors": G.number_of_nodes(),
                "ties": int(sum(d.get("ties", 1) for *_, d in G.edges(data=True))),
                "value": measure(G),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class EraComparison:
    """Two networks and a summary table (see :func:`era_comparison`).

    Attributes
    ----------
    before, after : networkx.Graph
        The two networks.
    summary : pandas.DataFrame
        One row per measure of :func:`graph_summary` (index ``measure``) with columns
        ``before``, ``after`` and ``change`` (after minus before).
    nodes_added, nodes_removed : tuple of str
        Nodes present only after / only before.
    edges_added, edges_removed : tuple of (str, str)
        Linked pairs (sorted tuples) present only after / only before.

    Examples
    --------
    >>> from axisnet import data
    >>> comparison = era_comparison(data.load(), before="2019-12-31", after="2022-06-30")
    >>> change = comparison.after.number_of_nodes() - comparison.before.number_of_nodes()
    >>> bool(comparison.summary.loc["actors", "change"] == change)
    True
    """

    before: nx.Graph
    after: nx.Graph
    summary: pd.DataFrame
    nodes_added: tuple[str, ...] = field(default=())
    nodes_removed: tuple[str, ...] = field(default=())
    edges_added: tuple[tuple[str, str], ...] = field(default=())
    edges_removed: tuple[tuple[str, str], ...] = field(default=())


def _pairs(graph: nx.Graph) -> set[tuple[str, str]]:
    return {tuple(sorted((str(u), str(v)))) for u, v in graph.edges() if u != v}


def era_comparison(
    data: Any,
    *,
    before: str | pd.Timestamp = "2019-12-31",
    after: str | pd.Timestamp = "2022-06-30",
    core: Core = None,
    **options: Any,
) -> EraComparison:
    """Compare the cooperative organisation network on two dates.

    The default dates bracket the killing of Qassem Soleimani and Abu Mahdi al-Muhandis
    (3 January 2020). Both networks are built by :func:`axisnet.graphs.cooperative_network`
    with the same ``options``.

    Parameters
    ----------
    data : Dataset
    before, after : str or pandas.Timestamp
    core : node or iterable of nodes, optional
        Default: the ``iran_core`` nodes of each network.
    **options
        Keyword options of :func:`axisnet.graphs.cooperative_network`.

    Returns
    -------
    EraComparison

    Examples
    --------
    >>> from axisnet import data
    >>> comparison = era_comparison(data.load())
    >>> list(comparison.summary.columns)
    ['before', 'after', 'change']
    """
    g_before = graphs.cooperative_network(data, before, **options)
    g_after = graphs.cooperative_network(data, after, **options)
    summary = pd.DataFrame(
        {
            "before": graph_summary(g_before, core),
            "after": graph_summary(g_after, core),
        }
    )
    summary.index.name = "measure"
    summary["change"] = summary["after"] - summary["before"]
    nb, na = set(map(str, g_before.nodes)), set(map(str, g_after.nodes))
    eb, ea = _pairs(g_before), _pairs(g_after)
    return EraComparison(
        before=g_before,
        after=g_after,
        summary=summary,
        nodes_added=tuple(sorted(na - nb)),
        nodes_removed=tuple(sorted(nb - na)),
        edges_added=tuple(sorted(ea - eb)),
        edges_removed=tuple(sorted(eb - ea)),
    )
