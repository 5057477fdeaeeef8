"""One headline measure under every coding variant, in one table.

A structural claim is only as good as its coding. :func:`sensitivity_table` recomputes any
measure of a graph on the main series (the cooperative organisation network with Iran as one
node, :func:`axisnet.graphs.cooperative_network`) and on each variant that changes one coding
choice, so that a chapter reports a claim together with the codings under which it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from axisnet import graphs

__all__ = ["Variant", "sensitivity_table", "standard_variants"]


@dataclass(frozen=True)
class Variant:
    """One coding of the network.

    Attributes
    ----------
    name : str
        Short label (``"without low-confidence ties"``).
    group : str
        What kind of change it is: ``main``, ``coding``, ``sources``, ``counting`` or
        ``tie type left out``.
    options : dict
        Keyword options of :func:`axisnet.graphs.cooperative_network`.
    raw : bool
        Build the network with :func:`axisnet.graphs.snapshot` (every tie as coded) instead.

    Examples
    --------
    >>> from axisnet import data
    >>> strict = Variant("only high confidence", "coding", {"min_confidence": "high"})
    >>> everything = Variant("all ties", "coding", {}, raw=True)
    >>> dataset = data.load()
    >>> a, b = (v.network(dataset, "2019-12-31") for v in (strict, everything))
    >>> a.number_of_edges() < b.number_of_edges()
    True
    """

    name: str
    group: str
    options: Mapping[str, Any] = field(default_factory=dict)
    raw: bool = False

    def network(self, data: Any, at: str | pd.Timestamp) -> nx.Graph:
        """The network of this variant on a date.

        Parameters
        ----------
        data : Dataset or axisnet.graphs.Records
            The dataset, or its records (:func:`axisnet.graphs.records`) when drawing many
            networks from it.
        at : str or pandas.Timestamp

        Returns
        -------
        networkx.Graph

        Examples
        --------
        >>> from axisnet import data
        >>> Variant("main series", "main").network(data.load(), "2019-12-31").has_node("iran")
        True
        """
        if self.raw:
            return graphs.snapshot(data, at, **self.options)
        return graphs.cooperative_network(data, at, **self.options)


MAIN = Variant("main series: cooperative organisation network, Iran as one node", "main")


def _types_in_use(data: Any, dates: Iterable[str | pd.Timestamp]) -> list[str]:
    """Cooperative tie types with at least one tie in the main network on one of the dates."""
    present: set[str] = set()
    data = graphs.records(data)
    for at in dates:
        for *_, d in MAIN.network(data, at).edges(data=True):
            present.update(d["types"])
    return [t for t in graphs.TIE_TYPES if t in present]


def standard_variants(
    data: Any,
    dates: Iterable[str | pd.Timestamp] = (),
    *,
    article_source: str = graphs.ARTICLE_SOURCE,
) -> list[Variant]:
    """The standard variants, the main series first.

    Each variant changes one coding choice of the main series, except "all ties as coded",
    the raw network (every tie type, persons and Iran's organs as separate nodes, coalitions
    beside their members) that the book used before the main series was defined.

    Parameters
    ----------
    data : Dataset or axisnet.graphs.Records
    dates : iterable of dates
        Dates on which to look for tie types in use (one "left out" variant per type present on
        at least one date; no such variants when empty).
    article_source : str
        Source id of the article under test.

    Returns
    -------
    list of Variant

    Examples
    --------
    >>> from axisnet import data
    >>> [v.group for v in standard_variants(data.load())][:3]
    ['main', 'coding', 'coding']
    """
    out = [
        MAIN,
        Variant("all ties as coded (every type, Iran's organs apart)", "coding", raw=True),
        Variant(
            "Iran's organs and officials as separate nodes", "coding", {"collapse_core": False}
        ),
        Variant(
            "hostile ties counted as links",
            "coding",
            {"layers": (*graphs.COOPERATIVE_LAYERS, "hostile")},
        ),
        Variant("persons' ties dropped (not folded)", "coding", {"persons": "drop"}),
        Variant("coalitions kept beside their members", "coding", {"coalitions": "keep"}),
        Variant("without ties citing the article", "sources", {"exclude_sources": article_source}),
        Variant("without low-confidence ties", "sources", {"min_confidence": "medium"}),
        Variant("high-confidence ties only", "sources", {"min_confidence": "high"}),
        Variant("without first-documented starts", "sources", {"known_starts_only": True}),
        Variant("counted by episode", "counting", {"count": "episodes"}),
    ]
    out.extend(
        Variant(f"without {t.replace('_', ' ')}", "tie type left out", {"exclude_types": t})
        for t in _types_in_use(data, dates)
    )
    return out


def sensitivity_table(
    data: Any,
    measure: Callable[[nx.Graph], Any] | Mapping[str, Callable[[nx.Graph], Any]],
    at: str | pd.Timestamp | Iterable[str | pd.Timestamp],
    *,
    variants: Iterable[Variant] | None = None,
) -> pd.DataFrame:
    """A measure (or several) on the main series and on every coding variant.

    Parameters
    ----------
    data : Dataset or axisnet.graphs.Records
        The dataset; its tables are turned into records once (:func:`axisnet.graphs.records`)
        for all the networks of the table.
    measure : callable or mapping of str to callable
        Any function of one graph: ``measures.hub_dependence``, ``measures.ei_index``,
        ``measures.top_broker``, ``measures.global_efficiency`` ... A mapping names several.
    at : date or iterable of dates
    variants : iterable of Variant, optional
        Default: :func:`standard_variants` for these dates.

    Returns
    -------
    pandas.DataFrame
        One row per date, variant and measure: ``date``, ``variant``, ``group``, ``main``
        (True for the main series), ``measure``, ``value``, ``actors`` and ``ties`` (nodes and
        ties of the variant's network). Values keep the measure's type (numbers, names).

    Examples
    --------
    >>> from axisnet import data, measures
    >>> table = sensitivity_table(data.load(), measures.hub_dependence, "2019-12-31")
    >>> table.loc[table["main"], "variant"].iloc[0].startswith("main series")
    True
    """
    dates = [at] if isinstance(at, (str, pd.Timestamp)) else list(at)
    named = dict(measure) if isinstance(measure, Mapping) else {_name(measure): measure}
    data = graphs.records(data)
    chosen = list(variants) if variants is not None else standard_variants(data, dates)
    rows = []
    for when in dates:
        for variant in chosen:
            G = variant.network(data, when)
            ties = int(sum(d.get("ties", 1) for *_, d in G.edges(data=True)))
            for label, fn in named.items():
                rows.append(
                    {
                        "date": pd.Timestamp(when),
                        "variant": variant.name,
                        "group": variant.group,
                        "main": variant.group == "main",
                        "measure": label,
                        "value": fn(G),
                        "actors": G.number_of_nodes(),
                        "ties": ties,
                    }
                )
    return pd.DataFrame(
        rows, columns=["date", "variant", "group", "main", "measure", "value", "actors", "ties"]
    )


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__name__", type(fn).__name__)
