"""Small graphs whose measures are worked out by hand in the tests' comments.

- star: centre 0, leaves 1-4 (n = 5)
- path: 0 - 1 - 2 - 3 (n = 4)
- complete: K4 on 0-3
- bridge: two stars joined by their centres: 0 - {2, 3, 4}, 1 - {5, 6, 7}, 0 - 1 (n = 8)
- pair: two disjoint edges 0 - 1 and 2 - 3 (n = 4)
"""

from __future__ import annotations

import networkx as nx
from hypothesis import strategies as st


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


def with_core(G: nx.Graph, *core: int) -> nx.Graph:
    """Mark the given nodes as the Iranian core (``iran_core`` true, the others false)."""
    for node in G:
        G.nodes[node]["iran_core"] = node in core
    return G


#: Random G(n, m) graphs with 1 to 14 nodes and density up to 0.6, for property tests.
random_graphs = st.builds(
    lambda n, density, seed: nx.gnm_random_graph(n, int(density * n * (n - 1) / 2), seed=seed),
    st.integers(min_value=1, max_value=14),
    st.floats(min_value=0.0, max_value=0.6),
    st.integers(min_value=0, max_value=10_000),
)
