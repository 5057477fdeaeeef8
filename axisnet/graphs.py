"""Build NetworkX graphs from the ``ties`` and ``actors`` tables.

The tables follow the data contract of ``data/datapackage.json`` as returned by the loader: one
row per tie with ``from_actor``, ``to_actor``, ``type``, ``directed``, ``start``, ``end`` (``NaT``
for a tie still open in mid-2022), ``confidence``, ``evidence``, ``section`` and ``sources``, and
one row per actor with ``id``, ``name``, ``kind``, ``country``, ``iran_core`` and ``axis_member``.

Three graph shapes are offered by :func:`snapshot`:

* ``nx.Graph`` (default): one undirected edge per pair of actors. Parallel ties (several types, or
  the same type recorded more than once) collapse into that edge, which carries a ``types`` tuple,
  the tie ``ids``, a ``weight`` equal to the number of ties, and the pooled ``sources``.
* ``nx.DiGraph`` (``directed=True``): the same collapse per ordered pair. A directed tie gives the
  arc ``from_actor -> to_actor``; an undirected tie (alliance, rivalry ...) gives both arcs.
* ``nx.MultiDiGraph`` (``multi=True``): every tie kept as its own arc in its recorded orientation,
  keyed by tie id, with all of its attributes (``directed`` tells whether the orientation means
  anything).

The measures in :mod:`axisnet.measures` work on any of the three; they use the undirected
structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

__all__ = [
    "CONFIDENCE_ORDER",
    "TIE_TYPES",
    "EraComparison",
    "active_ties",
    "era_comparison",
    "graph_from_ties",
    "snapshot",
]

#: Tie types in the order of the codebook's typology (used to order ``types`` tuples).
TIE_TYPES: tuple[str, ...] = (
    "leadership",
    "command",
    "funding",
    "arms_transfer",
    "training",
    "advising",
    "mediation",
    "joint_operation",
    "political_alliance",
    "illicit_finance",
    "defiance",
    "rivalry",
)

#: Confidence levels from weakest to strongest.
CONFIDENCE_ORDER: tuple[str, ...] = ("low", "medium", "high")

_NODE_ATTRS = ("name", "kind", "country", "iran_core", "axis_member", "affiliation")


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    """Turn ``None``, one string or an iterable of strings into a set (``None`` stays ``None``)."""
    if values is None:
        return None
    if isinstance(values, str):
        return {values}
    return {str(v) for v in values}


def _timestamps(column: pd.Series) -> pd.Series:
    """Return ``column`` as datetimes (strings such as ``"2019-12-31"`` are parsed)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    return pd.to_datetime(column, errors="raise")


def _sources_tuple(value: Any) -> tuple[str, ...]:
    """Normalise a ``sources`` cell (tuple, list or semicolon string) to a tuple of ids."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        return tuple(s for s in value.split(";") if s)
    return tuple(str(s) for s in value)


def _clean(value: Any) -> Any:
    """Map pandas missing values to ``None`` and numpy scalars to Python scalars."""
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) and pd.isna(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, pd.Timestamp)):
        return value.item()
    return value


def active_ties(ties: pd.DataFrame, at: str | pd.Timestamp) -> pd.DataFrame:
    """Return the ties active on date ``at``.

    A tie is active when ``start <= at`` and (``end`` is missing or ``end >= at``); both bounds
    are inclusive. The loader already turns a partial ``start`` into the first day of its period
    and a partial ``end`` into the last day, so a tie that ended "2020" is still active on
    2020-12-31. Rows with a missing ``start`` are never active.
    """
    when = pd.Timestamp(at)
    start = _timestamps(ties["start"])
    end = _timestamps(ties["end"])
    mask = start.notna() & (start <= when) & (end.isna() | (end >= when))
    return ties.loc[mask]


def _actor_index(actors: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Map actor id to its node attributes."""
    index: dict[str, dict[str, Any]] = {}
    for row in actors.to_dict("records"):
        attrs = {key: _clean(row.get(key)) for key in _NODE_ATTRS if key in row}
        index[str(row["id"])] = attrs
    return index


def _actor_exists(row: dict[str, Any], when: pd.Timestamp) -> bool:
    """Whether an actor existed on ``when`` (missing founded/ended dates do not exclude it)."""
    founded = row.get("founded")
    ended = row.get("ended")
    if founded is not None and not pd.isna(founded) and pd.Timestamp(founded) > when:
        return False
    return not (ended is not None and not pd.isna(ended) and pd.Timestamp(ended) < when)


def graph_from_ties(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    directed: bool = False,
    multi: bool = False,
    extra_nodes: Iterable[str] = (),
) -> nx.Graph:
    """Build a graph from a (pre-filtered) ties table, without any date or type filter.

    Parameters
    ----------
    ties, actors:
        Tables shaped as the loader returns them. Every ``from_actor``/``to_actor`` must be an
        actor id.
    directed, multi:
        Graph shape, see the module docstring.
    extra_nodes:
        Actor ids to add even if no tie touches them (isolates).

    Raises
    ------
    ValueError
        If a tie names an actor missing from ``actors``.
    """
    index = _actor_index(actors)
    if multi:
        graph: nx.Graph = nx.MultiDiGraph()
    elif directed:
        graph = nx.DiGraph()
    else:
        graph = nx.Graph()

    missing = sorted(
        {str(a) for a in ties["from_actor"]}.union(str(a) for a in ties["to_actor"]) - set(index)
    )
    if missing:
        raise ValueError(f"ties name actors missing from the actors table: {', '.join(missing)}")

    def add_node(node: str) -> None:
        if node not in graph:
            graph.add_node(node, **index[node])

    for node in extra_nodes:
        if node not in index:
            raise ValueError(f"unknown actor id: {node}")
        add_node(node)

    rank = {t: i for i, t in enumerate(TIE_TYPES)}
    conf_rank = {c: i for i, c in enumerate(CONFIDENCE_ORDER)}
    for row in ties.to_dict("records"):
        u, v = str(row["from_actor"]), str(row["to_actor"])
        add_node(u)
        add_node(v)
        tie_type = str(row["type"])
        tie_id = str(row["id"])
        confidence = _clean(row.get("confidence"))
        confidence = None if confidence is None else str(confidence)
        sources = _sources_tuple(row.get("sources"))
        is_directed = bool(row.get("directed", True))
        if multi:
            graph.add_edge(
                u,
                v,
                key=tie_id,
                id=tie_id,
                type=tie_type,
                directed=is_directed,
                confidence=confidence,
                sources=sources,
                start=_clean(row.get("start")),
                end=_clean(row.get("end")),
                evidence=_clean(row.get("evidence")),
                section=_clean(row.get("section")),
            )
            continue
        pairs = [(u, v)]
        if directed and not is_directed:
            pairs.append((v, u))
        for a, b in pairs:
            if graph.has_edge(a, b):
                data = graph.edges[a, b]
                data["ids"] = data["ids"] + (tie_id,)
                data["confidences"] = data["confidences"] + (confidence,)
                data["weight"] += 1
                types = set(data["types"]) | {tie_type}
                data["types"] = tuple(sorted(types, key=lambda t: (rank.get(t, 99), t)))
                data["sources"] = tuple(sorted(set(data["sources"]) | set(sources)))
            else:
                graph.add_edge(
                    a,
                    b,
                    ids=(tie_id,),
                    types=(tie_type,),
                    confidences=(confidence,),
                    sources=tuple(sorted(set(sources))),
                    weight=1,
                )
            data = graph.edges[a, b]
            known = [c for c in data["confidences"] if c in conf_rank]
            data["confidence"] = max(known, key=conf_rank.__getitem__) if known else None
    return graph


def snapshot(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    at: str | pd.Timestamp,
    *,
    types: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    axis_only: bool = True,
    directed: bool = False,
    multi: bool = False,
    min_confidence: str | None = None,
    include_isolates: bool = False,
) -> nx.Graph:
    """The network of ties active on date ``at``.

    Parameters
    ----------
    ties, actors:
        Tables shaped as the loader returns them.
    at:
        Date of the snapshot (``"2022-06-30"`` or a ``pd.Timestamp``); see :func:`active_ties`.
    types:
        Keep only ties of these types (one string or several); ``None`` keeps every type.
    kinds:
        Keep only actors of these kinds (e.g. ``"person"`` excluded by listing the others); a tie
        is kept only if both ends pass.
    axis_only:
        Keep only actors with ``axis_member`` true (the default), i.e. drop opponents and third
        parties together with their ties.
    directed, multi:
        Graph shape: undirected collapsed ``Graph`` (default), collapsed ``DiGraph``, or a
        ``MultiDiGraph`` with every tie (see the module docstring).
    min_confidence:
        ``"medium"`` keeps medium and high ties; ``"high"`` keeps only high ones.
    include_isolates:
        Also add actors that pass the filters and existed on ``at`` (by ``founded``/``ended``)
        but have no active tie. By default the nodes are the ends of the kept ties.

    Returns
    -------
    networkx.Graph
        Nodes carry ``name``, ``kind``, ``country``, ``iran_core``, ``axis_member`` and
        ``affiliation``; edges carry ``types``/``type``, ``ids``/``id``, ``confidence`` and
        ``sources``, plus ``weight`` (number of ties) on collapsed graphs. The graph attribute
        ``at`` holds the snapshot date.
    """
    when = pd.Timestamp(at)
    known = set(actors["id"].astype(str))
    named = set(ties["from_actor"].astype(str)) | set(ties["to_actor"].astype(str))
    if named - known:
        missing = ", ".join(sorted(named - known))
        raise ValueError(f"ties name actors missing from the actors table: {missing}")
    kept = active_ties(ties, when)
    type_set = _as_set(types)
    if type_set is not None:
        unknown = type_set - set(TIE_TYPES)
        if unknown:
            raise ValueError(f"unknown tie type(s): {', '.join(sorted(unknown))}")
        kept = kept.loc[kept["type"].astype(str).isin(type_set)]
    if min_confidence is not None:
        if min_confidence not in CONFIDENCE_ORDER:
            raise ValueError(f"min_confidence must be one of {CONFIDENCE_ORDER}")
        allowed = CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(min_confidence) :]
        kept = kept.loc[kept["confidence"].astype(str).isin(allowed)]

    node_ok = pd.Series(True, index=actors.index)
    if axis_only:
        node_ok &= actors["axis_member"].fillna(False).astype(bool)
    kind_set = _as_set(kinds)
    if kind_set is not None:
        node_ok &= actors["kind"].astype(str).isin(kind_set)
    allowed_ids = set(actors.loc[node_ok, "id"].astype(str))
    kept = kept.loc[
        kept["from_actor"].astype(str).isin(allowed_ids)
        & kept["to_actor"].astype(str).isin(allowed_ids)
    ]

    extra: list[str] = []
    if include_isolates:
        for row in actors.loc[node_ok].to_dict("records"):
            if _actor_exists(row, when):
                extra.append(str(row["id"]))
    graph = graph_from_ties(kept, actors, directed=directed, multi=multi, extra_nodes=extra)
    graph.graph["at"] = when
    return graph


@dataclass(frozen=True)
class EraComparison:
    """Two snapshots of the network and a summary table.

    Attributes
    ----------
    before, after:
        The snapshot graphs.
    summary:
        One row per measure (index ``measure``) with columns ``before``, ``after`` and
        ``change`` (after minus before).
    nodes_added, nodes_removed:
        Actor ids present only after / only before.
    edges_added, edges_removed:
        Undirected actor pairs (sorted tuples) present only after / only before.
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
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    before: str | pd.Timestamp = "2019-12-31",
    after: str | pd.Timestamp = "2022-06-30",
    core: str | Iterable[str] | None = None,
    **snapshot_kwargs: Any,
) -> EraComparison:
    """Compare the network on two dates (by default before and after January 2020).

    The default dates bracket the killing of Qassem Soleimani and Abu Mahdi al-Muhandis
    (3 January 2020), the hinge of the article's argument. Both snapshots are undirected,
    collapsed graphs built with the same ``snapshot_kwargs`` (``types``, ``kinds``,
    ``axis_only`` ...).

    ``core`` names the hub for hub dependence; by default the ``iran_core`` nodes. The summary
    rows are: actors, ties (sum of edge weights), linked pairs (edges), density, components,
    largest component fraction, degree / betweenness / closeness centralization, hub dependence,
    horizontal-tie share and global efficiency (see :mod:`axisnet.measures`).
    """
    from axisnet import measures

    snapshot_kwargs = {**snapshot_kwargs, "directed": False, "multi": False}
    g_before = snapshot(ties, actors, before, **snapshot_kwargs)
    g_after = snapshot(ties, actors, after, **snapshot_kwargs)
    rows = {}
    for label, graph in (("before", g_before), ("after", g_after)):
        hub = measures.core_nodes(graph) if core is None else core
        rows[label] = measures.graph_summary(graph, hub=hub)
    summary = pd.DataFrame(rows)
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
