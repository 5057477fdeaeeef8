"""Timing of the robustness analyses on the book's own networks.

``run()`` returns one dict per (network, analysis) with the wall time in seconds; run as a
script it prints a table. The networks are the all-ties snapshot and the cooperative
organisation network at the end of 2019 and in mid-2022 (at most about 60 nodes), and the
analyses are the ones the chapters run: the three robustness curves with 200 random orders,
the degree-attack null band and halving benchmark on 200 rewired networks, and the
distribution of efficiency loss over every pair of nodes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from axisnet import data, graphs
from axisnet import robustness as rb

DATES = ("2019-12-31", "2022-06-30")
NULLS = 200
RUNS = 200


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[dict[str, Any]]:
    """Time every analysis on every network; rows with keys network, nodes, linked_pairs,
    analysis and seconds."""
    dataset = data.load()
    rows: list[dict[str, Any]] = []
    for at in DATES:
        networks = {
            f"all ties {at}": graphs.snapshot(dataset, at),
            f"cooperative organisations {at}": graphs.cooperative_network(dataset, at),
        }
        for name, G in networks.items():
            pair = list(G.nodes)[:2]
            analyses: dict[str, Callable[[], Any]] = {
                f"curves, {RUNS} random orders": lambda G=G: rb.robustness_curves(
                    G, runs=RUNS, seed=1
                ),
                f"degree-attack null band, {NULLS} rewirings": lambda G=G: rb.null_band(
                    G, nulls=NULLS
                ),
                f"halving benchmark, {NULLS} rewirings": lambda G=G: rb.halving_benchmark(
                    G, nulls=NULLS
                ),
                "efficiency loss over all pairs": lambda G=G, pair=pair: rb.decapitation_benchmark(
                    G, pair
                ),
            }
            for label, fn in analyses.items():
                rows.append(
                    {
                        "network": name,
                        "nodes": G.number_of_nodes(),
                        "linked_pairs": G.number_of_edges(),
                        "analysis": label,
                        "seconds": round(_time(fn), 3),
                    }
                )
    return rows


def main() -> None:
    """Print the timing table."""
    rows = run()
    width = max(len(r["analysis"]) for r in rows)
    header = f"{'network':<38} {'nodes':>5} {'pairs':>5}  {'analysis':<{width}} {'s':>7}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['network']:<38} {r['nodes']:>5} {r['linked_pairs']:>5}  "
            f"{r['analysis']:<{width}} {r['seconds']:>7.2f}"
        )


if __name__ == "__main__":
    main()
