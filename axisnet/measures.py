r"""Network measures for hierarchy, brokerage and resilience.

Every function accepts any NetworkX graph (``Graph``, ``DiGraph``, ``MultiGraph`` or
``MultiDiGraph``). Structural measures (centralization, efficiency, components, articulation
points, robustness) use the *simple undirected* view of the graph: directions are ignored,
parallel edges count once and self-loops are dropped (:func:`simple_graph`). Tie-counting measures
(hub dependence, horizontal share) count ties: an edge's ``weight`` attribute if present (the
collapsed graphs of :mod:`axisnet.graphs` store the number of ties there), else 1 per edge.

Conventions worth knowing before reading a number:

* Centralization of an empty graph is ``nan``; of a graph with one or two nodes it is ``0.0``
  (no node can be more central than another).
* Closeness is defined for connected graphs only, so closeness centralization is computed on the
  largest connected component (ties broken by node order).
* Global efficiency in robustness curves and decapitation scenarios keeps the *original* number
  of nodes in the denominator, so losing nodes counts as losing efficiency and the curve ends at 0.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import shortest_path

__all__ = [
    "Decapitation",
    "articulation_points",
    "articulation_table",
    "betweenness_centralization",
    "brokerage",
    "centralization",
    "closeness_centralization",
    "core_nodes",
    "decapitate",
    "decapitation_table",
    "degree_centralization",
    "global_efficiency",
    "graph_summary",
    "horizontal_share",
    "hub_dependence",
    "lcc_curve",
    "random_orders",
    "removal_order",
    "robustness_curve",
    "robustness_curves",
    "simple_graph",
]

Strategy = Literal["random", "degree", "betweenness"]

#: Graphs up to this many nodes get exact efficiency curves (every step, every source); larger
#: ones are evaluated at ``EFFICIENCY_POINTS`` removal counts from ``EFFICIENCY_SOURCES``
#: sampled source nodes.
EXACT_LIMIT = 150
EFFICIENCY_POINTS = 26
EFFICIENCY_SOURCES = 48

#: Graphs up to this many nodes get exact betweenness and one removal per recomputation in
#: betweenness-targeted attacks; larger ones sample ``BETWEENNESS_PIVOTS`` sources per component
#: and remove ``ceil(n / 100)`` nodes per recomputation.
BETWEENNESS_EXACT_LIMIT = 200
BETWEENNESS_PIVOTS = 64


# --------------------------------------------------------------------------- helpers


def simple_graph(G: nx.Graph) -> nx.Graph:
    """The simple undirected view of ``G``: node order and node attributes kept, directions
    ignored, parallel edges merged, self-loops dropped."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def _hub_set(G: nx.Graph, hub: Hashable | Iterable[Hashable]) -> set[Hashable]:
    """A node id or an iterable of node ids, as a set (a string is one node)."""
    if isinstance(hub, str) or not isinstance(hub, Iterable) or hub in G:
        return {hub}
    return set(hub)


def _edge_weights(G: nx.Graph, weight: str | None) -> Iterable[tuple[Hashable, Hashable, float]]:
    """Yield ``(u, v, w)`` for every edge (every parallel edge of a multigraph), self-loops
    excluded; ``w`` is the ``weight`` attribute (default 1) or 1 when ``weight`` is ``None``."""
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = 1.0 if weight is None else float(data.get(weight, 1.0))
        yield u, v, w


def core_nodes(G: nx.Graph, attr: str = "iran_core") -> tuple[Hashable, ...]:
    """Nodes whose attribute ``attr`` is true (by default the Iranian core of the axis)."""
    return tuple(n for n, data in G.nodes(data=True) if bool(data.get(attr, False)))


def _largest_component(H: nx.Graph) -> list[Hashable]:
    """Largest connected component as a list in graph node order (ties: earliest node)."""
    if H.number_of_nodes() == 0:
        return []
    position = {n: i for i, n in enumerate(H.nodes)}
    best = max(nx.connected_components(H), key=lambda c: (len(c), -min(position[n] for n in c)))
    return [n for n in H.nodes if n in best]


# --------------------------------------------------------------------------- centralization


def degree_centralization(G: nx.Graph) -> float:
    r"""Freeman degree centralization.

    $$C_D = \frac{\sum_{i}\,[d_{\max} - d_i]}{(n-1)(n-2)}$$

    with $d_i$ the degree of node $i$ in the simple undirected graph and $n$ the number of nodes.
    The denominator is the value of the numerator for a star, the most centralized graph, so the
    star scores 1 and any regular graph (complete graph, cycle) scores 0. Disconnected graphs
    need no special treatment. ``nan`` for an empty graph, ``0.0`` when $n < 3$.

    Reference: Freeman, L. C. (1978/79), "Centrality in social networks: conceptual
    clarification", *Social Networks* 1(3), 215-239.
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
    complete graph 0. In a disconnected graph, pairs with no path contribute nothing, and the
    formula is applied unchanged to the whole graph. ``nan`` for an empty graph, ``0.0`` when
    $n < 3$.

    Reference: Freeman (1978/79); betweenness computed with Brandes' algorithm (NetworkX).
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
    measure is computed on the largest connected component and $n$ is that component's size
    (ties between equally large components: the one holding the earliest node). ``nan`` for an
    empty graph, ``0.0`` when that component has fewer than 3 nodes.

    Reference: Freeman (1978/79).
    """
    H = simple_graph(G)
    if H.number_of_nodes() == 0:
        return math.nan
    core = H.subgraph(_largest_component(H))
    n = core.number_of_nodes()
    if n < 3:
        return 0.0
    values = list(nx.closeness_centrality(core).values())
    top = max(values)
    return sum(top - c for c in values) / ((n - 1) * (n - 2) / (2 * n - 3))


def centralization(G: nx.Graph) -> dict[str, float]:
    """Degree, betweenness and closeness centralization in one dict."""
    return {
        "degree": degree_centralization(G),
        "betweenness": betweenness_centralization(G),
        "closeness": closeness_centralization(G),
    }


# --------------------------------------------------------------------------- tie shares


def hub_dependence(
    G: nx.Graph, hub: Hashable | Iterable[Hashable], *, weight: str | None = "weight"
) -> float:
    r"""Share of ties that involve the hub.

    $$H(S) = \frac{\sum_{(u,v):\, u \in S \,\lor\, v \in S} w_{uv}}{\sum_{(u,v)} w_{uv}}$$

    ``hub`` is one node or a set of nodes $S$ (e.g. :func:`core_nodes` for the whole Iranian
    core, or one person). $w_{uv}$ is the edge's ``weight`` attribute (number of ties on the
    collapsed graphs of :mod:`axisnet.graphs`; 1 if absent); ``weight=None`` counts linked pairs
    instead. Every edge of a multigraph counts. Range 0 to 1; 1 means every tie runs through the
    hub (a star around it), 0 that the hub has no ties. ``nan`` when there are no ties.

    Reference: a tie-share form of the hub dependence discussed in the militant-network
    literature; see the Methods appendix.
    """
    hubs = _hub_set(G, hub)
    total = 0.0
    through = 0.0
    for u, v, w in _edge_weights(G, weight):
        total += w
        if u in hubs or v in hubs:
            through += w
    return through / total if total else math.nan


def horizontal_share(
    G: nx.Graph,
    core: Hashable | Iterable[Hashable] | None = None,
    *,
    weight: str | None = "weight",
    member_attr: str = "axis_member",
) -> float:
    r"""Share of the ties among axis members that involve no core node.

    $$\text{horizontal} = \frac{\sum_{(u,v):\, u, v \in A \setminus S} w_{uv}}
      {\sum_{(u,v):\, u, v \in A} w_{uv}}$$

    $A$ is the set of nodes whose ``member_attr`` is true (a node without the attribute counts
    as a member) and $S$ the core (default: :func:`core_nodes`). On a graph of axis members only
    this equals ``1 - hub_dependence(G, core)``. Range 0 to 1; ``nan`` when there are no ties
    among members.
    """
    hubs = set(core_nodes(G)) if core is None else _hub_set(G, core)
    members = {n for n, data in G.nodes(data=True) if bool(data.get(member_attr, True))}
    total = 0.0
    horizontal = 0.0
    for u, v, w in _edge_weights(G, weight):
        if u in members and v in members:
            total += w
            if u not in hubs and v not in hubs:
                horizontal += w
    return horizontal / total if total else math.nan


# --------------------------------------------------------------------------- efficiency


def _index(H: nx.Graph) -> tuple[list[Hashable], list[list[int]]]:
    """Node list (graph order) and integer adjacency lists of a simple graph."""
    nodes = list(H.nodes)
    pos = {n: i for i, n in enumerate(nodes)}
    adj: list[list[int]] = [[] for _ in nodes]
    for u, v in H.edges():
        adj[pos[u]].append(pos[v])
        adj[pos[v]].append(pos[u])
    return nodes, adj


def _csr(n: int, adj: Sequence[Sequence[int]]) -> csr_array:
    rows = [i for i, nbrs in enumerate(adj) for _ in nbrs]
    cols = [j for nbrs in adj for j in nbrs]
    data = np.ones(len(rows), dtype=np.float64)
    return csr_array((data, (rows, cols)), shape=(n, n))


def _inverse_distance_sum(matrix: csr_array, alive: np.ndarray, sources: np.ndarray) -> float:
    """Sum of 1/d(s, t) over alive sources s in ``sources`` and alive targets t != s."""
    keep = np.flatnonzero(alive)
    if keep.size < 2:
        return 0.0
    live_sources = sources[alive[sources]]
    if live_sources.size == 0:
        return 0.0
    position = np.full(alive.size, -1)
    position[keep] = np.arange(keep.size)
    sub = matrix[keep][:, keep]
    dist = shortest_path(
        sub, method="D", directed=False, unweighted=True, indices=position[live_sources]
    )
    dist = np.atleast_2d(dist)
    finite = np.isfinite(dist) & (dist > 0)
    return float(np.sum(1.0 / dist[finite]))


def global_efficiency(G: nx.Graph, *, n_total: int | None = None) -> float:
    r"""Global efficiency (Latora & Marchiori 2001).

    $$E = \frac{1}{n(n-1)} \sum_{i \ne j} \frac{1}{d(i, j)}$$

    with $1/d = 0$ between components, on the simple undirected graph. Range 0 to 1: 1 for a
    complete graph, 0 for a graph without edges; unlike average path length it stays finite on
    disconnected graphs. ``n_total`` replaces $n$ in the denominator (used after removing nodes,
    so that the removed nodes count as lost). ``0.0`` when $n < 2$.

    Reference: Latora, V. & Marchiori, M. (2001), "Efficient behavior of small-world networks",
    *Physical Review Letters* 87, 198701.
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    denominator_n = n if n_total is None else n_total
    if n < 2 or denominator_n < 2:
        return 0.0
    nodes, adj = _index(H)
    total = _inverse_distance_sum(_csr(n, adj), np.ones(n, dtype=bool), np.arange(n))
    return total / (denominator_n * (denominator_n - 1))


# --------------------------------------------------------------------------- brokerage


def articulation_points(G: nx.Graph) -> list[Hashable]:
    """Cut vertices: nodes whose removal increases the number of connected components.

    Found by the depth-first search of Hopcroft & Tarjan (1973) as implemented in NetworkX, on
    the simple undirected graph, and returned in graph node order.

    Reference: Hopcroft, J. & Tarjan, R. (1973), "Algorithm 447: efficient algorithms for graph
    manipulation", *Communications of the ACM* 16(6), 372-378.
    """
    H = simple_graph(G)
    cut = set(nx.articulation_points(H))
    return [n for n in H.nodes if n in cut]


def brokerage(G: nx.Graph) -> pd.DataFrame:
    r"""Brokerage table: one row per node, most between first.

    Columns: ``node``, ``name``, ``kind``, ``degree``, ``betweenness`` (normalised:
    $b_i / [(n-1)(n-2)/2]$, the share of all pairs whose shortest paths run through $i$, 0 to 1),
    ``constraint`` (Burt's constraint, see below) and ``articulation`` (whether the node is a
    cut vertex).

    Burt's constraint $c_i = \sum_{j \in N(i)} \big(p_{ij} + \sum_{q \ne i,j} p_{iq}
    p_{qj}\big)^2$ with $p_{ij} = 1/\deg(i)$ for a neighbour (unweighted, undirected). It is low
    (down to $1/\deg(i)$) for a node whose contacts are not linked to each other - a broker
    across structural holes - and reaches 1 or more for a node tied to one contact or to a
    closed clique. ``nan`` for isolates.

    References: Freeman (1977/78) for betweenness; Burt, R. S. (1992), *Structural Holes: The
    Social Structure of Competition*, Harvard University Press.
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    if n == 0:
        return pd.DataFrame(
            columns=["node", "name", "kind", "degree", "betweenness", "constraint", "articulation"]
        )
    between = nx.betweenness_centrality(H, normalized=True)
    constraint = nx.constraint(H)
    cut = set(nx.articulation_points(H))
    rows = [
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
    ]
    frame = pd.DataFrame(rows)
    order = {node: i for i, node in enumerate(H.nodes)}
    frame["_order"] = frame["node"].map(order)
    frame = frame.sort_values(["betweenness", "_order"], ascending=[False, True])
    return frame.drop(columns="_order").reset_index(drop=True)


# --------------------------------------------------------------------------- decapitation


@dataclass(frozen=True)
class Decapitation:
    """Effect of removing named nodes (see :func:`decapitate`).

    Fractions are relative to ``nodes_before``; ``efficiency_after`` keeps ``nodes_before`` in
    its denominator. ``cut_off`` lists the surviving nodes that were in the largest component
    before and are outside it after; ``cut_off_names`` gives their ``name`` attributes.
    """

    removed: tuple[Hashable, ...]
    missing: tuple[Hashable, ...]
    nodes_before: int
    nodes_after: int
    components_before: int
    components_after: int
    largest_before: int
    largest_after: int
    largest_fraction_before: float
    largest_fraction_after: float
    efficiency_before: float
    efficiency_after: float
    cut_off: tuple[Hashable, ...]
    cut_off_names: tuple[str, ...]

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a table row (tuples joined with ``"; "``)."""
        row = asdict(self)
        for key in ("removed", "missing", "cut_off", "cut_off_names"):
            row[key] = "; ".join(str(x) for x in row[key])
        return row


def decapitate(G: nx.Graph, remove: Hashable | Iterable[Hashable]) -> Decapitation:
    """Remove named nodes and measure the fragmentation.

    ``remove`` is one node or several; ids absent from the graph are reported in ``missing``
    rather than raising, because a person may have no tie in a given snapshot. The largest
    component after removal is the biggest one (ties: the one holding the earliest node). When
    no tie survives (largest component of one node), every survivor of the former largest
    component counts as cut off.
    """
    H = simple_graph(G)
    targets = _hub_set(H, remove)
    order = list(H.nodes)
    removed = tuple(n for n in order if n in targets)
    missing = tuple(sorted((t for t in targets if t not in H), key=str))
    n_before = H.number_of_nodes()
    lcc_before = _largest_component(H)
    after = H.copy()
    after.remove_nodes_from(removed)
    lcc_after = set(_largest_component(after))
    largest_after = len(lcc_after)
    if largest_after <= 1:
        lcc_after = set()  # no tie left: nobody is attached to a core any more
    cut_off = tuple(n for n in lcc_before if n not in targets and n not in lcc_after)
    return Decapitation(
        removed=removed,
        missing=missing,
        nodes_before=n_before,
        nodes_after=after.number_of_nodes(),
        components_before=nx.number_connected_components(H),
        components_after=nx.number_connected_components(after),
        largest_before=len(lcc_before),
        largest_after=largest_after,
        largest_fraction_before=len(lcc_before) / n_before if n_before else math.nan,
        largest_fraction_after=largest_after / n_before if n_before else math.nan,
        efficiency_before=global_efficiency(H),
        efficiency_after=global_efficiency(after, n_total=n_before),
        cut_off=cut_off,
        cut_off_names=tuple(str(H.nodes[n].get("name", n)) for n in cut_off),
    )


def decapitation_table(
    G: nx.Graph, scenarios: Mapping[str, Hashable | Iterable[Hashable]]
) -> pd.DataFrame:
    """One row per named scenario (``{"Soleimani": "soleimani", ...}``), see :func:`decapitate`.

    The first column, ``scenario``, holds the mapping's keys in their order.
    """
    rows = [
        {"scenario": label, **decapitate(G, nodes).as_row()} for label, nodes in scenarios.items()
    ]
    return pd.DataFrame(rows)


def articulation_table(G: nx.Graph) -> pd.DataFrame:
    """Each articulation point with the effect of removing it alone (see :func:`decapitate`)."""
    H = simple_graph(G)
    rows = []
    for node in articulation_points(H):
        result = decapitate(H, [node])
        rows.append(
            {
                "node": node,
                "name": H.nodes[node].get("name", node),
                "components_after": result.components_after,
                "largest_fraction_after": result.largest_fraction_after,
                "cut_off": len(result.cut_off),
                "cut_off_names": "; ".join(result.cut_off_names),
            }
        )
    columns = ["node", "name", "components_after", "largest_fraction_after", "cut_off"]
    return pd.DataFrame(rows, columns=[*columns, "cut_off_names"])


# --------------------------------------------------------------------------- summary


def graph_summary(
    G: nx.Graph, hub: Hashable | Iterable[Hashable] | None = None
) -> dict[str, float]:
    """Headline numbers of one network, as floats (for tables and ``glue``).

    Keys: ``actors``, ``ties`` (sum of edge weights), ``linked_pairs`` (edges of the simple
    undirected view), ``density``, ``components``, ``largest_fraction``,
    ``degree_centralization``, ``betweenness_centralization``, ``closeness_centralization``,
    ``hub_dependence`` (on ``hub``, default the ``iran_core`` nodes), ``horizontal_share`` and
    ``global_efficiency``.
    """
    H = simple_graph(G)
    n = H.number_of_nodes()
    hubs = core_nodes(G) if hub is None else hub
    return {
        "actors": float(n),
        "ties": float(sum(w for _, _, w in _edge_weights(G, "weight"))),
        "linked_pairs": float(H.number_of_edges()),
        "density": float(nx.density(H)) if n > 1 else 0.0,
        "components": float(nx.number_connected_components(H)) if n else 0.0,
        "largest_fraction": len(_largest_component(H)) / n if n else math.nan,
        "degree_centralization": degree_centralization(H),
        "betweenness_centralization": betweenness_centralization(H),
        "closeness_centralization": closeness_centralization(H),
        "hub_dependence": hub_dependence(G, hubs),
        "horizontal_share": horizontal_share(G, hubs),
        "global_efficiency": global_efficiency(H),
    }


# --------------------------------------------------------------------------- robustness


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _lcc_sizes(adj: Sequence[Sequence[int]], order: Sequence[int]) -> list[int]:
    """Largest-component size after removing the first k nodes of ``order``, k = 0..n.

    Newman-Ziff: nodes are added back in reverse removal order and merged with their present
    neighbours by union-find (union by size, path halving); the running maximum of component
    sizes after j additions is the answer for k = n - j. O(m alpha(n)) per order.
    """
    n = len(order)
    parent = list(range(len(adj)))
    size = [1] * len(adj)
    present = [False] * len(adj)
    sizes = [0] * (n + 1)
    best = 0
    for j, node in enumerate(reversed(order), start=1):
        present[node] = True
        root = node
        for nb in adj[node]:
            if not present[nb]:
                continue
            a, b = _find(parent, root), _find(parent, nb)
            if a == b:
                continue
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
            root = a
        root = _find(parent, root)
        best = max(best, size[root])
        sizes[n - j] = best
    return sizes


def lcc_curve(G: nx.Graph, order: Sequence[Hashable]) -> np.ndarray:
    """Largest-component fraction after removing the first k nodes of ``order`` (k = 0..n).

    ``order`` must list every node exactly once. Values are relative to the original number of
    nodes, so the curve starts at the largest-component fraction of ``G`` and ends at 0.
    """
    H = simple_graph(G)
    nodes, adj = _index(H)
    pos = {node: i for i, node in enumerate(nodes)}
    idx = [pos[node] for node in order]
    if sorted(idx) != list(range(len(nodes))):
        raise ValueError("order must list every node of the graph exactly once")
    n = len(nodes)
    return np.asarray(_lcc_sizes(adj, idx), dtype=float) / max(n, 1)


def random_orders(n: int, runs: int, seed: int) -> list[np.ndarray]:
    """The random removal orders used by :func:`robustness_curve`: ``runs`` successive
    ``permutation(n)`` draws from ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(runs)]


def _degree_order_adaptive(adj: Sequence[Sequence[int]]) -> list[int]:
    """Repeatedly remove the node of highest current degree (ties: lowest index).

    A max-heap of (-degree, index) with lazy deletion: after each removal the neighbours'
    degrees drop by one and fresh entries are pushed; stale entries are skipped when popped.
    O((n + m) log n).
    """
    n = len(adj)
    degree = [len(a) for a in adj]
    alive = [True] * n
    heap = [(-degree[i], i) for i in range(n)]
    heapq.heapify(heap)
    order: list[int] = []
    while heap:
        neg, i = heapq.heappop(heap)
        if not alive[i] or -neg != degree[i]:
            continue
        alive[i] = False
        order.append(i)
        for nb in adj[i]:
            if alive[nb]:
                degree[nb] -= 1
                heapq.heappush(heap, (-degree[nb], nb))
    return order


def _brandes(matrix: csr_array, sources: np.ndarray) -> np.ndarray:
    """Raw undirected betweenness of every node of a connected graph given as a CSR matrix.

    Brandes' algorithm run for all ``sources`` at once: the breadth-first search advances one
    level for every source with one sparse product (path counts ``sigma``), and the dependency
    accumulation walks the levels back the same way. When ``sources`` is a sample of the nodes
    the sum is scaled by ``n / len(sources)`` (unbiased). Pairs are unordered (sum halved).
    Cost: O(levels x nnz x len(sources)) in compiled code.
    """
    n = matrix.shape[0]
    k = sources.size
    cols = np.arange(k)
    sigma = np.zeros((n, k))
    sigma[sources, cols] = 1.0
    visited = sigma > 0
    levels = [visited.copy()]
    frontier = sigma.copy()
    while True:
        reach = matrix @ frontier
        new = (reach > 0) & ~visited
        if not new.any():
            break
        sigma[new] = reach[new]
        visited |= new
        levels.append(new)
        frontier = sigma * new
    inverse = np.zeros((n, k))
    np.divide(1.0, sigma, out=inverse, where=visited)
    delta = np.zeros((n, k))
    for depth in range(len(levels) - 1, 0, -1):
        coeff = (1.0 + delta) * inverse * levels[depth]
        delta += sigma * (matrix @ coeff) * levels[depth - 1]
    delta[sources, cols] = 0.0
    return delta.sum(axis=1) * (0.5 * n / k)


def _component_of(adj: Sequence[Sequence[int]], alive: Sequence[bool], start: int) -> list[int]:
    seen = {start}
    queue = deque([start])
    out = [start]
    while queue:
        v = queue.popleft()
        for w in adj[v]:
            if alive[w] and w not in seen:
                seen.add(w)
                out.append(w)
                queue.append(w)
    return sorted(out)


def _betweenness_key(b: float) -> float:
    """Betweenness rounded to 1e-9, so that equal values computed in different orders tie."""
    return -round(b, 9)


def _betweenness_scores(
    matrix: csr_array, component: list[int], pivots: int | None, rng: np.random.Generator
) -> dict[int, float]:
    """Raw betweenness of the nodes of one component (exact, or from ``pivots`` sources)."""
    m = len(component)
    if m < 3:
        return dict.fromkeys(component, 0.0)
    if pivots is not None and m > pivots:
        sources = np.sort(rng.choice(m, size=pivots, replace=False))
    else:
        sources = np.arange(m)
    idx = np.asarray(component)
    values = _brandes(matrix[idx][:, idx], sources)
    return dict(zip(component, values.tolist(), strict=True))


def _betweenness_order_adaptive(
    adj: Sequence[Sequence[int]], batch: int, pivots: int | None, seed: int
) -> list[int]:
    """Repeatedly remove the ``batch`` nodes of highest current betweenness (ties: lowest index).

    Betweenness is recomputed only in the components that lost a node; the others keep their
    scores, which are unchanged because shortest paths never leave a component. Components with
    more than ``pivots`` nodes use a seeded sample of ``pivots`` source nodes.
    """
    n = len(adj)
    alive = [True] * n
    matrix = _csr(n, adj)
    rng = np.random.default_rng(seed)
    score: dict[int, float] = {}
    version = [0] * n
    seen: set[int] = set()
    for i in range(n):
        if i not in seen:
            comp = _component_of(adj, alive, i)
            seen.update(comp)
            score.update(_betweenness_scores(matrix, comp, pivots, rng))
    heap = [(_betweenness_key(score[i]), i, 0) for i in range(n)]
    heapq.heapify(heap)
    order: list[int] = []
    while len(order) < n:
        picked: list[int] = []
        while heap and len(picked) < batch:
            key, i, ver = heapq.heappop(heap)
            if alive[i] and ver == version[i]:
                picked.append(i)
        for i in picked:
            alive[i] = False
            order.append(i)
        touched: set[int] = set()
        for i in picked:
            for nb in adj[i]:
                if alive[nb] and nb not in touched:
                    comp = _component_of(adj, alive, nb)
                    touched.update(comp)
                    for v, b in _betweenness_scores(matrix, comp, pivots, rng).items():
                        version[v] += 1
                        heapq.heappush(heap, (_betweenness_key(b), v, version[v]))
    return order


def removal_order(
    G: nx.Graph,
    strategy: Strategy,
    *,
    recompute: bool = True,
    seed: int = 0,
    batch: int | None = None,
    pivots: int | None = -1,
) -> list[Hashable]:
    """The order in which a targeted attack removes the nodes of ``G``.

    ``strategy`` is ``"degree"`` or ``"betweenness"`` (``"random"`` returns the first of
    :func:`random_orders`). With ``recompute=True`` (adaptive attack) the target is re-ranked
    after every removal; with ``recompute=False`` the initial ranking is used throughout. Ties
    are broken by node order in ``G``.

    For betweenness: ``batch`` nodes are removed per recomputation (default 1 up to
    ``BETWEENNESS_EXACT_LIMIT`` nodes, else ``ceil(n / 100)``); ``pivots`` source nodes are
    sampled (seeded) in components larger than ``pivots`` (default ``-1``: exact up to
    ``BETWEENNESS_EXACT_LIMIT`` nodes, else ``BETWEENNESS_PIVOTS``; ``None``: always exact).
    Only the components that lost a node are recomputed.
    """
    H = simple_graph(G)
    nodes, adj = _index(H)
    n = len(nodes)
    if strategy == "random":
        idx = random_orders(n, 1, seed)[0].tolist()
    elif strategy == "degree":
        if recompute:
            idx = _degree_order_adaptive(adj)
        else:
            idx = sorted(range(n), key=lambda i: (-len(adj[i]), i))
    elif strategy == "betweenness":
        if pivots == -1:
            pivots = None if n <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_PIVOTS
        if recompute:
            if batch is None:
                batch = 1 if n <= BETWEENNESS_EXACT_LIMIT else math.ceil(n / 100)
            idx = _betweenness_order_adaptive(adj, max(1, batch), pivots, seed)
        else:
            alive = [True] * n
            matrix = _csr(n, adj)
            rng = np.random.default_rng(seed)
            score: dict[int, float] = {}
            seen: set[int] = set()
            for i in range(n):
                if i not in seen:
                    comp = _component_of(adj, alive, i)
                    seen.update(comp)
                    score.update(_betweenness_scores(matrix, comp, pivots, rng))
            idx = sorted(range(n), key=lambda i: (_betweenness_key(score[i]), i))
    else:
        raise ValueError(f"unknown strategy: {strategy!r}")
    return [nodes[i] for i in idx]


def _grid(n: int, points: int | None) -> np.ndarray:
    """Removal counts k at which efficiency is evaluated (always includes 0 and n)."""
    if points is None or points >= n + 1:
        return np.arange(n + 1)
    return np.unique(np.round(np.linspace(0, n, max(points, 2))).astype(int))


def _efficiency_curve(
    matrix: csr_array, order: Sequence[int], ks: np.ndarray, sources: np.ndarray
) -> np.ndarray:
    """Estimated efficiency (original-n denominator) after removing order[:k], for k in ks."""
    n = matrix.shape[0]
    out = np.zeros(ks.size)
    if n < 2:
        return out
    scale = n / sources.size / (n * (n - 1))
    rank = np.empty(n, dtype=int)
    rank[np.asarray(order, dtype=int)] = np.arange(n)
    for j, k in enumerate(ks):
        alive = rank >= k
        out[j] = _inverse_distance_sum(matrix, alive, sources) * scale
    return out


def robustness_curve(
    G: nx.Graph,
    strategy: Strategy = "random",
    *,
    recompute: bool = True,
    runs: int = 100,
    seed: int = 0,
    measures: Sequence[str] = ("lcc", "efficiency"),
    quantiles: tuple[float, float] = (0.1, 0.9),
    points: int | None = -1,
    sources: int | None = -1,
    efficiency_runs: int | None = None,
    batch: int | None = None,
    pivots: int | None = -1,
) -> pd.DataFrame:
    r"""Robustness curve: how the network degrades as nodes are removed.

    After Albert, Jeong & Barabási (2000): remove a fraction $f$ of nodes, at random
    (``strategy="random"``, failure) or by decreasing degree or betweenness (targeted attack,
    see :func:`removal_order` for ``recompute``, ``batch`` and ``pivots``), and follow

    * ``lcc``: $S(f) = |\text{largest component}| / n$, with $n$ the original node count;
    * ``efficiency``: $E(f) = \frac{1}{n(n-1)}\sum_{i \ne j \text{ alive}} 1/d(i,j)$, the
      global efficiency with the original $n$ in the denominator.

    Both equal their intact value at $f = 0$ and 0 at $f = 1$.

    Random failure averages ``runs`` seeded orders (:func:`random_orders`); ``value`` is the
    mean, ``low``/``high`` the ``quantiles`` across runs. For targeted removal one order is used
    and ``low == high == value``.

    Computation. ``lcc`` uses the Newman-Ziff union-find sweep (:func:`lcc_curve`): every k is
    exact. ``efficiency`` needs shortest paths, so it is evaluated at ``points`` removal counts
    (default ``-1``: every k up to ``EXACT_LIMIT`` nodes, else ``EFFICIENCY_POINTS`` evenly
    spaced) from ``sources`` source nodes (default ``-1``: all up to ``EXACT_LIMIT`` nodes,
    else ``EFFICIENCY_SOURCES`` sampled once, seeded, and reused at every step; the estimate
    rescales by $n/|\text{sources}|$ and is unbiased). Random efficiency uses the first
    ``efficiency_runs`` orders (default ``min(runs, 10)``). ``None`` for ``points`` or
    ``sources`` forces exact computation.

    Returns a tidy frame with columns ``strategy``, ``recompute``, ``measure``, ``removed``
    (k), ``fraction_removed`` (k/n), ``value``, ``low``, ``high``, ``runs``.

    References: Albert, R., Jeong, H. & Barabási, A.-L. (2000), "Error and attack tolerance of
    complex networks", *Nature* 406, 378-382; Newman, M. E. J. & Ziff, R. M. (2000), "Efficient
    Monte Carlo algorithm and high-precision results for percolation", *Physical Review Letters*
    85, 4104-4107; Latora & Marchiori (2001).
    """
    unknown = set(measures) - {"lcc", "efficiency"}
    if unknown:
        raise ValueError(f"unknown measure(s): {', '.join(sorted(unknown))}")
    H = simple_graph(G)
    nodes, adj = _index(H)
    n = len(nodes)
    pos = {node: i for i, node in enumerate(nodes)}
    if strategy == "random":
        orders = [o.tolist() for o in random_orders(n, runs, seed)]
    else:
        order = removal_order(
            H, strategy, recompute=recompute, seed=seed, batch=batch, pivots=pivots
        )
        orders = [[pos[node] for node in order]]
    frames = []
    lo_q, hi_q = quantiles

    def frame(measure: str, ks: np.ndarray, values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "strategy": strategy,
                "recompute": bool(recompute) if strategy != "random" else False,
                "measure": measure,
                "removed": ks.astype(int),
                "fraction_removed": ks / n if n else np.zeros(ks.size),
                "value": values.mean(axis=0),
                "low": np.quantile(values, lo_q, axis=0),
                "high": np.quantile(values, hi_q, axis=0),
                "runs": values.shape[0],
            }
        )

    if "lcc" in measures:
        sizes = np.array([_lcc_sizes(adj, o) for o in orders], dtype=float) / max(n, 1)
        frames.append(frame("lcc", np.arange(n + 1), sizes))
    if "efficiency" in measures:
        if points == -1:
            points = None if n <= EXACT_LIMIT else EFFICIENCY_POINTS
        if sources == -1:
            sources = None if n <= EXACT_LIMIT else EFFICIENCY_SOURCES
        ks = _grid(n, points)
        if sources is None or sources >= n:
            src = np.arange(n)
        else:
            rng = np.random.default_rng(seed)
            src = np.sort(rng.choice(n, size=sources, replace=False))
        matrix = _csr(n, adj)
        use = orders[: (min(runs, 10) if efficiency_runs is None else efficiency_runs)]
        values = np.array([_efficiency_curve(matrix, o, ks, src) for o in use])
        frames.append(frame("efficiency", ks, values))
    return pd.concat(frames, ignore_index=True)


def robustness_curves(
    G: nx.Graph,
    strategies: Iterable[tuple[Strategy, bool]] = (
        ("random", False),
        ("degree", True),
        ("betweenness", True),
    ),
    **kwargs: Any,
) -> pd.DataFrame:
    """Several :func:`robustness_curve` results stacked; ``strategies`` lists
    ``(strategy, recompute)`` pairs. Keyword arguments are passed on."""
    frames = [
        robustness_curve(G, strategy, recompute=recompute, **kwargs)
        for strategy, recompute in strategies
    ]
    return pd.concat(frames, ignore_index=True)
