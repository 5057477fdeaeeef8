"""Timing of the robustness curves on seeded synthetic graphs.

``run()`` returns one dict per (graph, curve, implementation) with the wall time in seconds;
run as a script it prints a table. The graphs are Barabasi-Albert graphs (m = 5, so about five
times as many edges as nodes) and G(n, m) random graphs of the same size. The naive
implementations (recompute components or efficiency from scratch after every removal with
NetworkX) are timed only where they finish in reasonable time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from axisnet import measures

SIZES = (500, 2_000, 10_000)
NAIVE_LIMIT = 500
RANDOM_RUNS = 20


def _naive_lcc(G: nx.Graph, order: list[Any]) -> list[float]:
    """Largest-component fraction after each removal, recomputed from scratch."""
    H = G.copy()
    n = G.number_of_nodes()
    out = [max(map(len, nx.connected_components(H))) / n]
    for node in order:
        H.remove_node(node)
        out.append(max(map(len, nx.connected_components(H)), default=0) / n)
    return out


def _naive_degree_order(G: nx.Graph) -> list[Any]:
    H = G.copy()
    position = {v: i for i, v in enumerate(G.nodes)}
    order = []
    while H.number_of_nodes():
        target = min(H.nodes, key=lambda v: (-H.degree(v), position[v]))
        order.append(target)
        H.remove_node(target)
    return order


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def graphs() -> list[tuple[str, nx.Graph]]:
    """The seeded benchmark graphs."""
    out = []
    for n in SIZES:
        out.append((f"barabasi-albert n={n}", nx.barabasi_albert_graph(n, 5, seed=n)))
        out.append((f"gnm n={n}", nx.gnm_random_graph(n, 5 * n, seed=n)))
    return out


def run(sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    """Time every curve on every graph; returns rows with keys graph, nodes, edges, curve,
    implementation and seconds."""
    rows: list[dict[str, Any]] = []
    for name, G in graphs():
        n = G.number_of_nodes()
        if n not in sizes:
            continue

        def add(curve: str, impl: str, seconds: float, G=G, name=name) -> None:
            rows.append(
                {
                    "graph": name,
                    "nodes": G.number_of_nodes(),
                    "edges": G.number_of_edges(),
                    "curve": curve,
                    "implementation": impl,
                    "seconds": round(seconds, 3),
                }
            )

        cases = [
            ("random failure, largest component", "random", True, ["lcc"]),
            ("degree attack (adaptive), largest component", "degree", True, ["lcc"]),
            ("degree attack (initial ranking), largest component", "degree", False, ["lcc"]),
            (
                "betweenness attack (initial ranking), largest component",
                "betweenness",
                False,
                ["lcc"],
            ),
            ("degree attack (adaptive), efficiency", "degree", True, ["efficiency"]),
            ("random failure, efficiency", "random", True, ["efficiency"]),
        ]
        if n <= 2_000:
            cases.append(
                ("betweenness attack (adaptive), largest component", "betweenness", True, ["lcc"])
            )
        for label, strategy, recompute, which in cases:
            seconds = _time(
                lambda G=G, strategy=strategy, recompute=recompute, which=which: (
                    measures.robustness_curve(
                        G, strategy, recompute=recompute, runs=RANDOM_RUNS, measures=which
                    )
                )
            )
            add(label, "fast", seconds)
        if n <= NAIVE_LIMIT:
            orders = [
                [list(G.nodes)[i] for i in o] for o in measures.random_orders(n, RANDOM_RUNS, 0)
            ]
            add(
                "random failure, largest component",
                "naive",
                _time(lambda orders=orders, G=G: [_naive_lcc(G, o) for o in orders]),
            )
            add(
                "degree attack (adaptive), largest component",
                "naive",
                _time(lambda G=G: _naive_lcc(G, _naive_degree_order(G))),
            )
    return rows


def main() -> None:
    """Print the timing table."""
    rows = run()
    width = max(len(r["curve"]) for r in rows)
    header = f"{'graph':<24} {'nodes':>6} {'edges':>6}  {'curve':<{width}}  {'impl':<5} {'s':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['graph']:<24} {r['nodes']:>6} {r['edges']:>6}  {r['curve']:<{width}}  "
            f"{r['implementation']:<5} {r['seconds']:>8.3f}"
        )
    fast = [r for r in rows if r["implementation"] == "fast" and r["nodes"] == 2_000]
    if fast:
        print(f"\nslowest fast curve at 2,000 nodes: {max(r['seconds'] for r in fast):.2f} s")
    np.set_printoptions()


if __name__ == "__main__":
    main()
