r"""Robustness, decapitation and their benchmarks.

How a network degrades as nodes fail at random or are removed on purpose (Albert, Jeong &
Barabási 2000), what a named removal (a *decapitation*) does to it, and three benchmarks that
say whether an observed value is remarkable:

* :func:`null_band` and :func:`halving_benchmark` compare a robustness curve, and the number of
  removals that halves the largest component, with networks that keep every node's degree but
  rewire the ties at random (:func:`rewired`, Maslov & Sneppen 2002);
* :func:`decapitation_benchmark` ranks a removal's loss of efficiency among the losses from
  removing every other set of nodes of the same size;
* :func:`permutation_test` asks whether a measure changes between two dates by more than it
  does when the ties that differ between the dates are shuffled between them;
  :func:`fisher_exact` asks the same of a share counted in two periods (a 2 x 2 table).

Everything is exact; the book's networks have at most about 60 nodes, where an exact adaptive
betweenness attack or the efficiency after every removal takes milliseconds. Degree-preserving
rewiring is NetworkX's own (``double_edge_swap``); efficiency after removals is computed here in
a batch and equals NetworkX's global efficiency to the last digit (the tests compare the two).
Every random draw comes from ``numpy.random.default_rng(seed)``, so two runs with the same seed
give identical results. Structural measures use the simple undirected view of a graph
(:func:`axisnet.measures.simple_graph`). Efficiency after a removal keeps the *original* number
of nodes in its denominator, so losing nodes counts as losing efficiency.
"""

from __future__ import annotations

import contextlib
import heapq
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from axisnet.measures import Core, core_set, efficiencies_without, simple_graph

__all__ = [
    "Benchmark",
    "Decapitation",
    "decapitate",
    "decapitation_benchmark",
    "decapitation_table",
    "decapitations",
    "fisher_exact",
    "halving_benchmark",
    "null_band",
    "null_graphs",
    "permutation_test",
    "random_orders",
    "removal_order",
    "removals_to_halve",
    "rewired",
    "robustness_curve",
    "robustness_curves",
]

Strategy = Literal["random", "degree", "betweenness"]


# --------------------------------------------------------------------------- removal orders


def random_orders(n: int, runs: int, seed: int) -> list[np.ndarray]:
    """The random removal orders used for random failure.

    Parameters
    ----------
    n : int
        Number of nodes.
    runs : int
        Number of orders.
    seed : int

    Returns
    -------
    list of numpy.ndarray
        ``runs`` successive ``permutation(n)`` draws from ``numpy.random.default_rng(seed)``.

    Examples
    --------
    >>> [o.tolist() for o in random_orders(3, 2, seed=1)] == [
    ...     o.tolist() for o in random_orders(3, 2, seed=1)]
    True
    """
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(runs)]


def _index(H: nx.Graph) -> tuple[list[Hashable], list[list[int]]]:
    """Node list (graph order) and integer adjacency lists of a simple graph."""
    nodes = list(H.nodes)
    pos = {n: i for i, n in enumerate(nodes)}
    adj: list[list[int]] = [[] for _ in nodes]
    for u, v in H.edges():
        adj[pos[u]].append(pos[v])
        adj[pos[v]].append(pos[u])
    return nodes, adj


def _degree_order_adaptive(adj: Sequence[Sequence[int]]) -> list[int]:
    """Repeatedly remove the node of highest current degree (ties: lowest index).

    A max-heap of (-degree, index) with lazy deletion: after each removal the neighbours'
    degrees drop by one and fresh entries are pushed; stale entries are skipped when popped.
    O((n + m) log n).
    """
    degree = [len(a) for a in adj]
    alive = [True] * len(adj)
    heap = [(-d, i) for i, d in enumerate(degree)]
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


def _betweenness_order(H: nx.Graph, recompute: bool) -> list[Hashable]:
    """Remove nodes by decreasing betweenness (exact; ties: graph order)."""
    position = {n: i for i, n in enumerate(H.nodes)}

    def ranked(G: nx.Graph) -> list[Hashable]:
        score = nx.betweenness_centrality(G, normalized=False)
        return sorted(G.nodes, key=lambda v: (-round(score[v], 9), position[v]))

    if not recompute:
        return ranked(H)
    remaining = H.copy()
    order = []
    while remaining.number_of_nodes():
        target = ranked(remaining)[0]
        order.append(target)
        remaining.remove_node(target)
    return order


def removal_order(
    G: nx.Graph, strategy: Strategy, *, recompute: bool = True, seed: int = 0
) -> list[Hashable]:
    """The order in which an attack removes the nodes of a graph.

    Parameters
    ----------
    G : networkx.Graph
    strategy : {"degree", "betweenness", "random"}
        Highest degree first, highest betweenness first, or the first of
        :func:`random_orders`.
    recompute : bool, default True
        Re-rank after every removal (adaptive attack); ``False`` keeps the initial ranking.
        Ties are broken by node order in ``G``.
    seed : int, default 0
        For ``"random"``.

    Returns
    -------
    list
        Every node once.

    Raises
    ------
    ValueError
        For an unknown strategy.

    Examples
    --------
    >>> removal_order(nx.path_graph(4), "degree")
    [1, 2, 0, 3]
    """
    H = simple_graph(G)
    nodes, adj = _index(H)
    if strategy == "random":
        return [nodes[i] for i in random_orders(len(nodes), 1, seed)[0]]
    if strategy == "degree":
        if recompute:
            return [nodes[i] for i in _degree_order_adaptive(adj)]
        return [nodes[i] for i in sorted(range(len(nodes)), key=lambda i: (-len(adj[i]), i))]
    if strategy == "betweenness":
        return _betweenness_order(H, recompute)
    raise ValueError(f"unknown strategy {strategy!r} (use 'random', 'degree' or 'betweenness')")


# --------------------------------------------------------------------------- curves


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
        for nb in adj[node]:
            if not present[nb]:
                continue
            a, b = _find(parent, node), _find(parent, nb)
            if a == b:
                continue
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
        best = max(best, size[_find(parent, node)])
        sizes[n - j] = best
    return sizes


def _efficiency_sizes(H: nx.Graph, order: Sequence[Hashable]) -> list[float]:
    """Efficiency (original n in the denominator) after removing the first k nodes, k = 0..n."""
    n = H.number_of_nodes()
    return efficiencies_without(H, (order[:k] for k in range(n + 1)), n_total=n)


def robustness_curve(
    G: nx.Graph,
    strategy: Strategy = "random",
    *,
    recompute: bool = True,
    runs: int = 100,
    seed: int = 0,
    measures: Sequence[str] = ("lcc", "efficiency"),
    quantiles: tuple[float, float] = (0.1, 0.9),
    efficiency_runs: int | None = None,
) -> pd.DataFrame:
    r"""Robustness curve: how the network degrades as nodes are removed.

    After Albert, Jeong & Barabási (2000): remove nodes at random (``strategy="random"``,
    failure) or by decreasing degree or betweenness (targeted attack, :func:`removal_order`)
    and follow, after $k$ removals out of $n$ nodes,

    * ``lcc``: $S(k) = |\text{largest component}| / n$;
    * ``efficiency``: $E(k) = \frac{1}{n(n-1)}\sum_{i \ne j \text{ alive}} 1/d(i,j)$.

    Both equal their intact value at $k = 0$ and 0 at $k = n$. The largest component after
    every $k$ comes from the Newman-Ziff union-find sweep, efficiency from NetworkX.

    Parameters
    ----------
    G : networkx.Graph
    strategy : {"random", "degree", "betweenness"}, default "random"
    recompute : bool, default True
        Adaptive attack (re-rank after every removal).
    runs : int, default 100
        Random orders averaged for random failure (:func:`random_orders`).
    seed : int, default 0
    measures : sequence of {"lcc", "efficiency"}
    quantiles : (float, float), default (0.1, 0.9)
        The ``low`` and ``high`` quantiles across random runs.
    efficiency_runs : int, optional
        Random failure: average efficiency over the first this many orders only (each costs
        $n$ efficiency computations); default every run.

    Returns
    -------
    pandas.DataFrame
        Columns ``strategy``, ``recompute``, ``measure``, ``removed`` (k),
        ``fraction_removed`` (k/n), ``value`` (the mean over runs), ``low``, ``high``,
        ``runs``. For targeted removal ``low == high == value`` and ``runs`` is 1.

    References
    ----------
    Albert, R., Jeong, H. & Barabási, A.-L. (2000), "Error and attack tolerance of complex
    networks", *Nature* 406, 378-382; Newman, M. E. J. & Ziff, R. M. (2000), "Efficient Monte
    Carlo algorithm and high-precision results for percolation", *Physical Review Letters* 85,
    4104-4107.

    Examples
    --------
    >>> c = robustness_curve(nx.star_graph(4), "degree", measures=["lcc"])
    >>> c["value"].tolist()
    [1.0, 0.2, 0.2, 0.2, 0.2, 0.0]
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
        orders = [[pos[v] for v in removal_order(H, strategy, recompute=recompute, seed=seed)]]
    ks = np.arange(n + 1)
    frames = []
    for measure in measures:
        if measure == "lcc":
            values = np.array([_lcc_sizes(adj, o) for o in orders], dtype=float) / max(n, 1)
        else:
            use = orders if efficiency_runs is None else orders[:efficiency_runs]
            values = np.array([_efficiency_sizes(H, [nodes[i] for i in o]) for o in use])
        frames.append(
            pd.DataFrame(
                {
                    "strategy": strategy,
                    "recompute": bool(recompute) and strategy != "random",
                    "measure": measure,
                    "removed": ks,
                    "fraction_removed": ks / n if n else np.zeros(ks.size),
                    "value": values.mean(axis=0),
                    "low": np.quantile(values, quantiles[0], axis=0),
                    "high": np.quantile(values, quantiles[1], axis=0),
                    "runs": values.shape[0],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def robustness_curves(
    G: nx.Graph,
    strategies: Iterable[tuple[Strategy, bool]] = (
        ("random", False),
        ("degree", True),
        ("betweenness", True),
    ),
    **options: Any,
) -> pd.DataFrame:
    """Several :func:`robustness_curve` results stacked.

    Parameters
    ----------
    G : networkx.Graph
    strategies : iterable of (strategy, recompute)
    **options
        Passed on to :func:`robustness_curve`.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> c = robustness_curves(nx.path_graph(4), runs=3, measures=["lcc"])
    >>> sorted(set(c["strategy"]))
    ['betweenness', 'degree', 'random']
    """
    return pd.concat(
        [robustness_curve(G, s, recompute=r, **options) for s, r in strategies],
        ignore_index=True,
    )


# --------------------------------------------------------------------------- null models


@dataclass(frozen=True)
class Benchmark:
    """An observed value and the values of the same statistic under a null model.

    Attributes
    ----------
    statistic : str
        What was measured.
    observed : float
    null : tuple of float
        The statistic on every null draw (or every set, for an exact enumeration).
    exact : bool
        Whether ``null`` enumerates every case (no sampling).
    p_value : float
        Two-sided permutation p-value where it applies (:func:`permutation_test`), else ``nan``.
    detail : dict
        Statistic-specific context (sizes, the two observed values ...).

    Examples
    --------
    Removing the centre of a star does more damage than removing any other single node:

    >>> b = decapitation_benchmark(nx.star_graph(4), 0)
    >>> b.observed, [round(x, 3) for x in sorted(b.null)], b.exact
    (1.0, [0.357, 0.357, 0.357, 0.357, 1.0], True)
    """

    statistic: str
    observed: float
    null: tuple[float, ...]
    exact: bool = False
    p_value: float = math.nan
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def null_mean(self) -> float:
        """Mean of the null values."""
        return float(np.mean(self.null)) if self.null else math.nan

    @property
    def null_low(self) -> float:
        """5th percentile of the null values."""
        return float(np.quantile(self.null, 0.05)) if self.null else math.nan

    @property
    def null_high(self) -> float:
        """95th percentile of the null values."""
        return float(np.quantile(self.null, 0.95)) if self.null else math.nan

    @property
    def rank(self) -> int:
        """1 + the number of null values strictly above the observed one (1 = the largest)."""
        return 1 + int(np.sum(np.asarray(self.null) > self.observed + 1e-12))

    @property
    def share_above(self) -> float:
        """Share of null values strictly above the observed value."""
        return float(np.mean(np.asarray(self.null) > self.observed + 1e-12)) if self.null else 0.0

    @property
    def share_below(self) -> float:
        """Share of null values strictly below the observed value."""
        return float(np.mean(np.asarray(self.null) < self.observed - 1e-12)) if self.null else 0.0

    @property
    def inside_band(self) -> bool:
        """Whether the observed value lies within the 5-95% null band."""
        return self.null_low - 1e-12 <= self.observed <= self.null_high + 1e-12

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a table row (the null values summarised, ``detail`` spread out)."""
        row = {k: v for k, v in asdict(self).items() if k not in ("null", "detail")}
        row.update(
            draws=len(self.null),
            null_mean=self.null_mean,
            null_low=self.null_low,
            null_high=self.null_high,
            rank=self.rank,
            share_above=self.share_above,
            share_below=self.share_below,
            inside_band=self.inside_band,
        )
        row.update(self.detail)
        return row


def rewired(G: nx.Graph, seed: int, *, swaps_per_edge: int = 10) -> nx.Graph:
    """A degree-preserving random rewiring of the simple undirected graph (Maslov & Sneppen).

    Repeated double-edge swaps (``a-b, c-d`` -> ``a-d, c-b``, refused when they would create a
    self-loop or a parallel edge) randomise who is tied to whom while every node keeps its
    degree. Graphs where no swap is possible (a star, a complete graph) come back unchanged.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
    swaps_per_edge : int, default 10
        Swaps attempted: this many times the number of edges.

    Returns
    -------
    networkx.Graph
        Same nodes and node attributes; edges without attributes.

    References
    ----------
    Maslov, S. & Sneppen, K. (2002), "Specificity and stability in topology of protein
    networks", *Science* 296, 910-913.

    Examples
    --------
    >>> G = nx.barabasi_albert_graph(30, 2, seed=1)
    >>> R = rewired(G, seed=7)
    >>> sorted(d for _, d in R.degree()) == sorted(d for _, d in G.degree())
    True
    """
    H = simple_graph(G)
    m = H.number_of_edges()
    if H.number_of_nodes() < 4 or m < 2:
        return H
    nswap = swaps_per_edge * m
    # Too few feasible swaps raises after max_tries: the swaps made so far are kept.
    with contextlib.suppress(nx.NetworkXAlgorithmError):
        nx.double_edge_swap(H, nswap=nswap, max_tries=100 * nswap, seed=seed)
    return H


def null_graphs(G: nx.Graph, count: int, seed: int = 0) -> list[nx.Graph]:
    """``count`` degree-preserving rewirings of ``G`` (:func:`rewired`), from seeds drawn from
    ``numpy.random.default_rng(seed)``.

    Draw them once and pass them as ``nulls`` to :func:`null_band` and
    :func:`halving_benchmark` when both compare the same graph with its rewirings: the two
    then read the same null networks, as they would with ``nulls=count`` and the same ``seed``.

    Parameters
    ----------
    G : networkx.Graph
    count : int
        Number of rewired graphs.
    seed : int, default 0

    Returns
    -------
    list of networkx.Graph

    Examples
    --------
    >>> G = nx.barabasi_albert_graph(30, 2, seed=1)
    >>> nulls = null_graphs(G, 5, seed=3)
    >>> len(nulls), all(sorted(dict(R.degree()).values()) == sorted(dict(G.degree()).values())
    ...                 for R in nulls)
    (5, True)
    """
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=count)
    return [rewired(G, int(s)) for s in seeds]


def _null_graphs(G: nx.Graph, nulls: int | Sequence[nx.Graph], seed: int) -> list[nx.Graph]:
    """``nulls`` rewired copies of ``G`` (:func:`null_graphs`), or the given list of graphs."""
    return null_graphs(G, nulls, seed) if isinstance(nulls, int) else list(nulls)


def null_band(
    G: nx.Graph,
    strategy: Strategy = "degree",
    *,
    measure: Literal["lcc", "efficiency"] = "lcc",
    nulls: int | Sequence[nx.Graph] = 100,
    seed: int = 0,
    recompute: bool = True,
    runs: int = 100,
    quantiles: tuple[float, float] = (0.05, 0.95),
) -> pd.DataFrame:
    """A robustness curve next to the band of the same curve on degree-preserving rewirings.

    Parameters
    ----------
    G : networkx.Graph
    strategy : {"degree", "betweenness", "random"}, default "degree"
    measure : {"lcc", "efficiency"}, default "lcc"
    nulls : int or sequence of networkx.Graph, default 100
        Number of rewired networks (:func:`rewired`, seeded from ``seed``), or the networks.
    seed : int, default 0
    recompute : bool, default True
    runs : int, default 100
        Random orders per network for ``strategy="random"``.
    quantiles : (float, float), default (0.05, 0.95)

    Returns
    -------
    pandas.DataFrame
        Columns ``removed``, ``fraction_removed``, ``observed``, ``null_mean``, ``null_low``,
        ``null_high`` and ``inside`` (observed within the band).

    Examples
    --------
    >>> band = null_band(nx.barabasi_albert_graph(20, 2, seed=1), nulls=20)
    >>> band.columns.tolist()[:3]
    ['removed', 'fraction_removed', 'observed']
    """

    def values(H: nx.Graph) -> np.ndarray:
        c = robustness_curve(
            H, strategy, recompute=recompute, runs=runs, seed=seed, measures=[measure]
        )
        return c["value"].to_numpy()

    observed = values(G)
    null = np.array([values(H) for H in _null_graphs(G, nulls, seed)])
    n = observed.size - 1
    low = np.quantile(null, quantiles[0], axis=0)
    high = np.quantile(null, quantiles[1], axis=0)
    return pd.DataFrame(
        {
            "removed": np.arange(n + 1),
            "fraction_removed": np.arange(n + 1) / max(n, 1),
            "observed": observed,
            "null_mean": null.mean(axis=0),
            "null_low": low,
            "null_high": high,
            "inside": (low - 1e-12 <= observed) & (observed <= high + 1e-12),
        }
    )


def removals_to_halve(
    G: nx.Graph,
    strategy: Strategy = "degree",
    *,
    recompute: bool = True,
    runs: int = 100,
    seed: int = 0,
) -> float:
    """Removals needed to bring the largest component to half its intact size or less.

    The smallest $k$ with $S(k) \\le S(0)/2$ on the largest-component curve; for random failure
    the mean over ``runs`` seeded orders.

    Parameters
    ----------
    G : networkx.Graph
    strategy : {"degree", "betweenness", "random"}, default "degree"
    recompute : bool, default True
    runs : int, default 100
    seed : int, default 0

    Returns
    -------
    float
        ``nan`` for an empty graph.

    Examples
    --------
    >>> removals_to_halve(nx.star_graph(4))  # removing the centre leaves single leaves
    1.0
    """
    H = simple_graph(G)
    nodes, adj = _index(H)
    if not nodes:
        return math.nan
    pos = {node: i for i, node in enumerate(nodes)}
    if strategy == "random":
        orders = [o.tolist() for o in random_orders(len(nodes), runs, seed)]
    else:
        orders = [[pos[v] for v in removal_order(H, strategy, recompute=recompute, seed=seed)]]
    counts = []
    for order in orders:
        sizes = _lcc_sizes(adj, order)
        counts.append(next(k for k, s in enumerate(sizes) if s <= sizes[0] / 2))
    return float(np.mean(counts))


def halving_benchmark(
    G: nx.Graph,
    strategy: Strategy = "degree",
    *,
    nulls: int | Sequence[nx.Graph] = 200,
    seed: int = 0,
    recompute: bool = True,
    runs: int = 100,
) -> Benchmark:
    """:func:`removals_to_halve` on ``G`` against degree-preserving rewirings.

    Parameters
    ----------
    G : networkx.Graph
    strategy : {"degree", "betweenness", "random"}, default "degree"
    nulls : int or sequence of networkx.Graph, default 200
    seed : int, default 0
    recompute : bool, default True
    runs : int, default 100

    Returns
    -------
    Benchmark
        ``observed`` removals and the removals on each rewired network.

    Examples
    --------
    >>> b = halving_benchmark(nx.barabasi_albert_graph(30, 1, seed=2), nulls=20)
    >>> b.statistic, len(b.null)
    ('removals to halve the largest component (degree attack)', 20)
    """

    def stat(H: nx.Graph) -> float:
        return removals_to_halve(H, strategy, recompute=recompute, runs=runs, seed=seed)

    null = tuple(stat(H) for H in _null_graphs(G, nulls, seed))
    return Benchmark(
        statistic=f"removals to halve the largest component ({strategy} attack)",
        observed=stat(G),
        null=null,
        detail={"nodes": G.number_of_nodes(), "linked_pairs": simple_graph(G).number_of_edges()},
    )


# --------------------------------------------------------------------------- decapitation


@dataclass(frozen=True)
class Decapitation:
    """Effect of removing named nodes (see :func:`decapitate`).

    Fractions are relative to ``nodes_before``; ``efficiency_after`` keeps ``nodes_before`` in
    its denominator. ``cut_off`` lists the surviving nodes that were in the largest component
    before and are outside it after; ``cut_off_names`` gives their ``name`` attributes.

    Examples
    --------
    >>> d = decapitate(nx.star_graph(4), 0)
    >>> d.removed, d.nodes_before, d.efficiency_loss
    ((0,), 5, 1.0)
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

    @property
    def efficiency_loss(self) -> float:
        """Relative loss of efficiency, ``1 - after / before`` (``nan`` if before is 0)."""
        if not self.efficiency_before:
            return math.nan
        return 1 - self.efficiency_after / self.efficiency_before

    def as_row(self) -> dict[str, Any]:
        """A flat dict for a table row (tuples joined with ``"; "``)."""
        row = asdict(self)
        for key in ("removed", "missing", "cut_off", "cut_off_names"):
            row[key] = "; ".join(str(x) for x in row[key])
        row["efficiency_loss"] = self.efficiency_loss
        return row


def decapitate(G: nx.Graph, core: Core = None) -> Decapitation:
    """Remove named nodes and measure the fragmentation.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
        The nodes removed (default: :func:`axisnet.measures.core_nodes`). Ids absent from the
        graph are reported in ``missing`` rather than raising, because a person may have no tie
        in a given snapshot.

    Returns
    -------
    Decapitation
        The largest component after removal is the biggest one (ties: the one holding the
        earliest node). When no tie survives, every survivor of the former largest component
        counts as cut off.

    Examples
    --------
    >>> d = decapitate(nx.star_graph(4), 0)
    >>> d.components_after, d.cut_off
    (4, (1, 2, 3, 4))
    """
    return decapitations(G, [core])[0]


def decapitations(G: nx.Graph, cores: Iterable[Core]) -> list[Decapitation]:
    """:func:`decapitate` for several removals from the same graph.

    The intact graph's components and efficiency are computed once, and the efficiencies
    after every removal together (:func:`axisnet.measures.efficiencies_without`).

    Parameters
    ----------
    G : networkx.Graph
    cores : iterable
        One ``core`` argument of :func:`decapitate` per removal: a node, several nodes, or
        ``None`` for the ``iran_core`` nodes.

    Returns
    -------
    list of Decapitation
        In the order of ``cores``; each equal to ``decapitate(G, core)``.

    Examples
    --------
    >>> [d.components_after for d in decapitations(nx.path_graph(4), [0, 1, [1, 2]])]
    [1, 2, 2]
    """
    nodes = list(G)
    n_before = len(nodes)
    neighbours = _neighbours(G)
    components_before = _components(nodes, neighbours)
    lcc_before = [v for v in nodes if v in max(components_before, key=len, default=())]
    targets = [core_set(G, core) for core in cores]
    removed = [tuple(v for v in nodes if v in gone) for gone in targets]
    efficiency_before, *efficiency_after = efficiencies_without(G, [(), *removed], n_total=n_before)
    results = []
    for gone, out, efficiency in zip(targets, removed, efficiency_after, strict=True):
        components_after = _components([v for v in nodes if v not in gone], neighbours)
        lcc_after = max(components_after, key=len, default=set())
        largest_after = len(lcc_after)
        if largest_after <= 1:
            lcc_after = set()  # no tie left: nobody is attached to a core any more
        cut_off = tuple(v for v in lcc_before if v not in gone and v not in lcc_after)
        results.append(
            Decapitation(
                removed=out,
                missing=tuple(sorted((t for t in gone if t not in G), key=str)),
                nodes_before=n_before,
                nodes_after=n_before - len(out),
                components_before=len(components_before),
                components_after=len(components_after),
                largest_before=len(lcc_before),
                largest_after=largest_after,
                largest_fraction_before=len(lcc_before) / n_before if n_before else math.nan,
                largest_fraction_after=largest_after / n_before if n_before else math.nan,
                efficiency_before=efficiency_before,
                efficiency_after=efficiency,
                cut_off=cut_off,
                cut_off_names=tuple(str(G.nodes[v].get("name", v)) for v in cut_off),
            )
        )
    return results


def _neighbours(G: nx.Graph) -> dict[Hashable, set[Hashable]]:
    """Node -> its neighbours, directions ignored, self-loops dropped."""
    near: dict[Hashable, set[Hashable]] = {v: set() for v in G}
    for u, v in G.edges():
        if u != v:
            near[u].add(v)
            near[v].add(u)
    return near


def _components(nodes: Sequence[Hashable], neighbours: Mapping[Hashable, set[Hashable]]) -> list:
    """Connected components of the graph induced on ``nodes``, as sets, in the order of their
    earliest node (so the first of the largest is the one ``graphs.largest_component`` picks)."""
    left = dict.fromkeys(nodes)
    components = []
    for start in nodes:
        if start not in left:
            continue
        del left[start]
        component, frontier = {start}, [start]
        while frontier:
            reached = []
            for v in frontier:
                for w in neighbours[v]:
                    if w in left:
                        del left[w]
                        reached.append(w)
            component.update(reached)
            frontier = reached
        components.append(component)
    return components


def decapitation_table(G: nx.Graph, scenarios: Mapping[str, Core]) -> pd.DataFrame:
    """One row per named scenario (``{"Soleimani": "soleimani", ...}``), see :func:`decapitate`.

    Parameters
    ----------
    G : networkx.Graph
    scenarios : mapping of str to node or nodes

    Returns
    -------
    pandas.DataFrame
        First column ``scenario`` (the mapping's keys in order), then the fields of
        :class:`Decapitation` and ``efficiency_loss``.

    Examples
    --------
    >>> decapitation_table(nx.path_graph(3), {"middle": 1})["components_after"].tolist()
    [2]
    """
    return pd.DataFrame(
        [{"scenario": label, **decapitate(G, nodes).as_row()} for label, nodes in scenarios.items()]
    )


def decapitation_benchmark(
    G: nx.Graph, core: Core = None, *, max_sets: int = 5000, seed: int = 0
) -> Benchmark:
    """A decapitation's efficiency loss ranked among the losses of every set of the same size.

    The loss is $1 - E_{\\text{after}} / E_{\\text{before}}$ (:class:`Decapitation`). For a
    removal of $k$ nodes the null is the loss from removing each of the $\\binom{n}{k}$ sets of
    $k$ nodes (the observed set included), enumerated exactly when there are at most
    ``max_sets`` of them (every pair up to $n = 100$) and otherwise drawn at random
    (``max_sets`` sets, seeded). Part of any loss is mechanical, since removed nodes count as
    lost, and the null carries the same part.

    Parameters
    ----------
    G : networkx.Graph
    core : node or iterable of nodes, optional
        The removed nodes (missing ids are ignored); default the ``iran_core`` nodes.
    max_sets : int, default 5000
    seed : int, default 0

    Returns
    -------
    Benchmark
        ``rank`` 1 means no set of that size does more damage; ``share_above`` is the share of
        sets that do more.

    Examples
    --------
    >>> b = decapitation_benchmark(nx.star_graph(4), 0)
    >>> b.rank, b.share_above, b.exact
    (1, 0.0, True)
    """
    H = simple_graph(G)
    observed = decapitate(H, core)
    k = len(observed.removed)
    nodes = list(H.nodes)
    n = len(nodes)
    e0 = observed.efficiency_before
    total = math.comb(n, k)
    if total <= max_sets:
        sets: Iterable[tuple[Hashable, ...]] = combinations(nodes, k)
        exact = True
    else:
        rng = np.random.default_rng(seed)
        draws = [rng.choice(n, size=k, replace=False) for _ in range(max_sets)]
        sets = [tuple(nodes[i] for i in draw) for draw in draws]
        exact = False
    after = efficiencies_without(H, sets, n_total=n)
    null = tuple(1 - e / e0 if e0 else math.nan for e in after)
    return Benchmark(
        statistic=f"efficiency loss from removing {k} node{'s' if k != 1 else ''}",
        observed=observed.efficiency_loss,
        null=null,
        exact=exact,
        detail={"removed": "; ".join(map(str, observed.removed)), "size": k, "sets": total},
    )


# --------------------------------------------------------------------------- change between dates


def _units(G: nx.Graph) -> dict[Hashable, tuple[Hashable, Hashable, float]]:
    """Tie id -> (u, v, weight share) for a collapsed graph; an edge without ``ids`` is one unit
    keyed by its pair, weighing its ``weight`` (default 1)."""
    units: dict[Hashable, tuple[Hashable, Hashable, float]] = {}
    for u, v, d in G.edges(data=True):
        ids = d.get("ids")
        if ids is None:
            units[tuple(sorted((str(u), str(v))))] = (u, v, float(d.get("weight", 1)))
            continue
        shares = d.get("shares", (1.0,) * len(ids))
        for tie, share in zip(ids, shares, strict=True):
            units[(tie, *sorted((str(u), str(v))))] = (u, v, float(share))
    return units


class _Rebuild:
    """Graphs made of the ``shared`` units plus others: one edge per pair, weights and tie
    counts summed, nodes and edges in order of first appearance (shared units first).

    The shared units are summed once; each call adds its own units to a copy of those sums, in
    the same order as summing ``shared + units`` from scratch, so the weights are the same to
    the last digit.
    """

    def __init__(
        self,
        shared: Iterable[tuple[Hashable, Hashable, float]],
        attrs: Mapping[Hashable, dict[str, Any]],
    ) -> None:
        self.attrs = attrs
        self.nodes: dict[Hashable, None] = {}
        self.index: dict[tuple[Hashable, Hashable], int] = {}
        self.pairs: list[tuple[Hashable, Hashable]] = []
        self.sums: list[list[Any]] = []  # [weight, ties] per pair
        self._add(shared, self.nodes, self.index, self.pairs, self.sums)

    @staticmethod
    def _add(
        units: Iterable[tuple[Hashable, Hashable, float]],
        nodes: dict[Hashable, None],
        index: dict[tuple[Hashable, Hashable], int],
        pairs: list[tuple[Hashable, Hashable]],
        sums: list[list[Any]],
    ) -> None:
        for u, v, w in units:
            nodes.setdefault(u)
            nodes.setdefault(v)
            i = index.get((u, v))
            if i is None:
                i = index.get((v, u))
            if i is None:
                index[(u, v)] = len(pairs)
                pairs.append((u, v))
                sums.append([w, 1])
            else:
                sums[i][0] += w
                sums[i][1] += 1

    def __call__(self, units: Iterable[tuple[Hashable, Hashable, float]]) -> nx.Graph:
        nodes, index, pairs = dict(self.nodes), dict(self.index), self.pairs[:]
        sums = [pair[:] for pair in self.sums]
        self._add(units, nodes, index, pairs, sums)
        G = nx.Graph()
        G.add_nodes_from((n, self.attrs.get(n, {})) for n in nodes)
        G.add_edges_from(
            (u, v, {"weight": w, "ties": k}) for (u, v), (w, k) in zip(pairs, sums, strict=True)
        )
        return G


def permutation_test(
    before: nx.Graph,
    after: nx.Graph,
    measure: Callable[[nx.Graph], float],
    *,
    permutations: int = 999,
    seed: int = 0,
) -> Benchmark:
    """Whether a measure changes between two networks by more than chance reallocation would.

    Design. The unit is the tie (on the collapsed graphs of :mod:`axisnet.graphs`, each id in
    an edge's ``ids``; on a plain graph, each edge). Ties present in both networks stay in both.
    The ties present in only one of them are pooled and dealt out again at random, as many to
    each network as it had, and the measure's change (after minus before) is recomputed on the
    rebuilt networks (the observed change is computed on the networks rebuilt the same way, from
    their own ties). The null hypothesis is that which of the two dates a changed tie belongs
    to is unrelated to the measure: the changed ties are exchangeable between the dates, so
    the observed change is one draw from the distribution of permuted changes. That
    distribution need not be centred on zero (when many more ties start than end, the
    reallocated networks differ in size), so the p-value is read from the observed change's
    position in it: with $R$ permutations, $p_- = (1 + \\#\\{\\Delta^* \\le \\Delta\\}) / (1 + R)$,
    $p_+ = (1 + \\#\\{\\Delta^* \\ge \\Delta\\}) / (1 + R)$ and the two-sided
    $p = \\min(1, 2\\min(p_-, p_+))$. A node takes part in a network when one of its ties does,
    as in a snapshot. The test says whether the ties that changed differ from each other in
    the way the measure registers; it does not test the ties that stayed.

    Parameters
    ----------
    before, after : networkx.Graph
        Undirected networks on two dates.
    measure : callable
        A function of one graph returning a number (``hub_dependence``, ``density_ratio`` ...).
    permutations : int, default 999
    seed : int, default 0

    Returns
    -------
    Benchmark
        ``observed`` change, the permuted changes in ``null``, the two-sided ``p_value``;
        ``detail`` holds the two observed values and the number of shared and changed ties.

    Examples
    --------
    >>> before = nx.Graph([("iran", x) for x in "abcd"])
    >>> after = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")])
    >>> for G in (before, after):
    ...     nx.set_node_attributes(G, {"iran": True}, "iran_core")
    >>> from axisnet.measures import hub_dependence
    >>> test = permutation_test(before, after, hub_dependence, permutations=199)
    >>> test.observed, round(test.p_value, 3)
    (-1.0, 0.01)
    """
    ub, ua = _units(before), _units(after)
    shared = [ub[k] for k in ub if k in ua]
    only_before = [ub[k] for k in ub if k not in ua]
    only_after = [ua[k] for k in ua if k not in ub]
    rebuild = _Rebuild(shared, {**dict(before.nodes(data=True)), **dict(after.nodes(data=True))})
    value_before = measure(rebuild(only_before))
    value_after = measure(rebuild(only_after))
    observed = value_after - value_before
    pool = only_before + only_after
    rng = np.random.default_rng(seed)
    null = []
    for _ in range(permutations):
        order = rng.permutation(len(pool)).tolist()
        b = [pool[i] for i in order[: len(only_before)]]
        a = [pool[i] for i in order[len(only_before) :]]
        null.append(measure(rebuild(a)) - measure(rebuild(b)))
    values = np.asarray(null, dtype=float)
    lower = (1 + np.sum(values <= observed + 1e-12)) / (1 + permutations)
    upper = (1 + np.sum(values >= observed - 1e-12)) / (1 + permutations)
    return Benchmark(
        statistic="change (after minus before)",
        observed=float(observed),
        null=tuple(float(x) for x in values),
        p_value=float(min(1.0, 2 * min(lower, upper))),
        detail={
            "before": value_before,
            "after": value_after,
            "shared_ties": len(shared),
            "ties_only_before": len(only_before),
            "ties_only_after": len(only_after),
        },
    )


def fisher_exact(table: Any) -> float:
    """Fisher's exact test of a 2 x 2 table of counts: the two-sided p-value.

    With the table's margins fixed, the count in the first cell follows a hypergeometric
    distribution. The p-value is the probability of every table with those margins that is no
    more likely than the one observed, computed in exact rational arithmetic and rounded once
    (so a table that is as likely as any other gives exactly 1.0). This is the two-sided test
    of ``scipy.stats.fisher_exact``, which compares the probabilities in floating point with a
    small tolerance.

    Parameters
    ----------
    table : 2 x 2 array-like of non-negative integers
        Rows and columns are the two categories of each variable (a ``pandas.crosstab``).

    Returns
    -------
    float
        The two-sided p-value, 0 to 1.

    Raises
    ------
    ValueError
        If ``table`` is not 2 x 2 or holds anything other than non-negative whole numbers.

    Examples
    --------
    >>> fisher_exact([[3, 0], [0, 3]])  # 1/20 for this table and 1/20 for its mirror
    0.1
    >>> fisher_exact([[1, 1], [5, 2]])
    1.0
    """
    cells = np.asarray(table, dtype=object)
    if cells.shape != (2, 2):
        raise ValueError(f"Fisher's exact test needs a 2 x 2 table, not shape {cells.shape}")
    if not all(isinstance(x, int | np.integer) and x >= 0 for x in cells.ravel()):
        raise ValueError(f"the table must hold non-negative whole numbers: {cells.tolist()}")
    (a, b), (c, d) = ((int(x) for x in row) for row in cells)
    first, second, column = a + b, c + d, a + c

    def ways(x: int) -> int:  # tables with x in the first cell, out of comb(n, column)
        return math.comb(first, x) * math.comb(second, column - x)

    observed = ways(a)
    low, high = max(0, column - second), min(first, column)
    extreme = sum(w for w in map(ways, range(low, high + 1)) if w <= observed)
    return float(Fraction(extreme, math.comb(first + second, column)))
