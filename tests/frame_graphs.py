"""The network builders written directly on pandas tables: the reference for the record builders.

:mod:`axisnet.graphs` turns the tables into plain records once and draws every network from
them. The functions below apply the same coding rules row by row on the DataFrames, as a
plain reading of the rules; ``test_graphs.py`` checks that both give the same graphs (nodes,
edges, attributes and their order) on the book's data and on generated datasets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx
import pandas as pd

from axisnet.graphs import (
    CONFIDENCE_ORDER,
    COOPERATIVE_LAYERS,
    CORE_NODE,
    TIE_LAYERS,
    TIE_TYPES,
    _allowed_confidence,
    _as_set,
    _clean,
    _sources_tuple,
    _text,
    active_ties,
    axis_members,
    tie_layer,
)

_NODE_ATTRS = ("name", "kind", "country", "iran_core", "axis_member", "affiliation")


def cooperative_network(data: Any, at: str | pd.Timestamp, **options: Any) -> nx.Graph:
    """The reference for :func:`axisnet.graphs.cooperative_network` (same defaults)."""
    defaults = dict(
        layers=COOPERATIVE_LAYERS,
        exclude_types=(),
        collapse_core=True,
        persons="fold",
        coalitions="drop",
        min_confidence=None,
        exclude_sources=(),
        known_starts_only=False,
        count="ties",
        axis_only=True,
        directed=False,
    )
    return _organisation_network(data, at, **{**defaults, **options})


def snapshot(data: Any, at: str | pd.Timestamp, **options: Any) -> nx.Graph:
    """The reference for :func:`axisnet.graphs.snapshot` on a dataset."""
    options.setdefault("axis_periods", getattr(data, "axis_periods", None))
    return _snapshot_frames(data.ties, data.actors, at, **options)


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


def _check_actors(ties: pd.DataFrame, known: Iterable[str]) -> None:
    """Raise if a tie names an actor missing from the actors table."""
    named = {str(a) for a in ties["from_actor"]} | {str(a) for a in ties["to_actor"]}
    missing = sorted(named - set(known))
    if missing:
        raise ValueError(f"ties name actors missing from the actors table: {', '.join(missing)}")


def _add_tie(
    graph: nx.Graph, a: str, b: str, row: dict[str, Any], share: float, rank: dict[str, int]
) -> None:
    """Add one tie to the collapsed edge ``a``-``b`` (creating it if needed)."""
    tie_id = str(row["id"])
    tie_type = str(row["type"])
    confidence = _text(row.get("confidence"))
    sources = _sources_tuple(row.get("sources"))
    episode = _text(row.get("episode")) or tie_id
    if graph.has_edge(a, b):
        data = graph.edges[a, b]
        data["ids"] = (*data["ids"], tie_id)
        data["shares"] = (*data["shares"], share)
        data["confidences"] = (*data["confidences"], confidence)
        data["ties"] += 1
        data["episodes"] = tuple(sorted({*data["episodes"], episode}))
        types = {*data["types"], tie_type}
        data["types"] = tuple(sorted(types, key=lambda t: (rank.get(t, 99), t)))
        data["sources"] = tuple(sorted({*data["sources"], *sources}))
    else:
        graph.add_edge(
            a,
            b,
            ids=(tie_id,),
            shares=(share,),
            types=(tie_type,),
            confidences=(confidence,),
            sources=tuple(sorted(set(sources))),
            episodes=(episode,),
            ties=1,
        )
    data = graph.edges[a, b]
    data["weight"] = sum(data["shares"])
    known = [c for c in data["confidences"] if c in CONFIDENCE_ORDER]
    data["confidence"] = max(known, key=CONFIDENCE_ORDER.index) if known else None


def graph_from_ties(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    directed: bool = False,
    multi: bool = False,
    extra_nodes: Iterable[str] = (),
) -> nx.Graph:
    """:func:`axisnet.graphs.graph_from_ties` on the rows of a table."""
    index = _actor_index(actors)
    if multi:
        graph: nx.Graph = nx.MultiDiGraph()
    elif directed:
        graph = nx.DiGraph()
    else:
        graph = nx.Graph()
    _check_actors(ties, index)

    def add_node(node: str) -> None:
        if node not in graph:
            graph.add_node(node, **index[node])

    for node in extra_nodes:
        if node not in index:
            raise ValueError(f"unknown actor id: {node}")
        add_node(node)

    rank = {t: i for i, t in enumerate(TIE_TYPES)}
    for row in ties.to_dict("records"):
        u, v = str(row["from_actor"]), str(row["to_actor"])
        add_node(u)
        add_node(v)
        if multi:
            tie_id = str(row["id"])
            graph.add_edge(
                u,
                v,
                key=tie_id,
                id=tie_id,
                type=str(row["type"]),
                directed=bool(row.get("directed", True)),
                confidence=_text(row.get("confidence")),
                sources=_sources_tuple(row.get("sources")),
                start=_clean(row.get("start")),
                end=_clean(row.get("end")),
                evidence=_clean(row.get("evidence")),
                section=_clean(row.get("section")),
            )
            continue
        share = _clean(row.get("share"))
        share = 1 if share is None else share
        pairs = [(u, v)]
        if directed and not bool(row.get("directed", True)):
            pairs.append((v, u))
        for a, b in pairs:
            _add_tie(graph, a, b, row, share, rank)
    return graph


def _frames(data: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, Any]:
    """``(ties, actors, axis_periods, sources)`` of a Dataset (or any object with the tables)."""
    try:
        ties, actors = data.ties, data.actors
    except AttributeError:
        raise TypeError(
            "expected a Dataset (or an object with .ties and .actors tables), "
            f"got {type(data).__name__}"
        ) from None
    return ties, actors, getattr(data, "axis_periods", None), getattr(data, "sources", None)


def _snapshot_frames(
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
    axis_periods: pd.DataFrame | None = None,
) -> nx.Graph:
    """:func:`snapshot` on explicit tables."""
    when = pd.Timestamp(at)
    _check_actors(ties, actors["id"].astype(str))
    kept = active_ties(ties, when)
    type_set = _as_set(types)
    if type_set is not None:
        unknown = type_set - set(TIE_TYPES)
        if unknown:
            raise ValueError(f"unknown tie type(s): {', '.join(sorted(unknown))}")
        kept = kept.loc[kept["type"].astype(str).isin(type_set)]
    if min_confidence is not None:
        kept = kept.loc[kept["confidence"].astype(str).isin(_allowed_confidence(min_confidence))]

    node_ok = pd.Series(True, index=actors.index)
    if axis_only:
        node_ok &= actors["id"].astype(str).isin(axis_members(actors, when, axis_periods))
    kind_set = _as_set(kinds)
    if kind_set is not None:
        node_ok &= actors["kind"].astype(str).isin(kind_set)
    allowed_ids = set(actors.loc[node_ok, "id"].astype(str))
    kept = kept.loc[
        kept["from_actor"].astype(str).isin(allowed_ids)
        & kept["to_actor"].astype(str).isin(allowed_ids)
    ]
    extra = [
        str(row["id"])
        for row in actors.loc[node_ok].to_dict("records")
        if include_isolates and _actor_exists(row, when)
    ]
    graph = graph_from_ties(kept, actors, directed=directed, multi=multi, extra_nodes=extra)
    graph.graph["at"] = when
    return graph


def _work_expanded(excluded: set[str], sources: pd.DataFrame | None) -> set[str]:
    """Source ids excluded, with every other version of the same work (``work`` column)."""
    if not excluded or sources is None or "work" not in sources:
        return excluded
    work = {
        str(row["id"]): _text(row.get("work")) or str(row["id"])
        for row in sources.to_dict("records")
    }
    works = {work.get(s, s) for s in excluded}
    return excluded | {sid for sid, w in work.items() if w in works}


def _node_map(
    actors: pd.DataFrame,
    active: pd.DataFrame,
    *,
    persons: str,
    collapse_core: bool,
) -> dict[str, str | None]:
    """Actor id -> node id in the organisation network (``None``: the actor is dropped).

    A person goes to its ``affiliation`` (or, without one, to the one organisation it leads on
    the date); a front name goes to its parent (an active ``front_of`` tie); with
    ``collapse_core`` every ``iran_core`` actor goes to :data:`CORE_NODE`.
    """
    rows = {str(r["id"]): r for r in actors.to_dict("records")}
    kind = {a: str(r.get("kind")) for a, r in rows.items()}
    types = active["type"].astype(str)
    led: dict[str, set[str]] = {}
    for row in active.loc[types == "leadership"].to_dict("records"):
        led.setdefault(str(row["from_actor"]), set()).add(str(row["to_actor"]))
    parent = {
        str(row["from_actor"]): str(row["to_actor"])
        for row in active.loc[types == "front_of"].to_dict("records")
    }

    def organisation(actor: str) -> str | None:
        if kind.get(actor) != "person" or persons == "keep":
            return actor
        if persons == "drop":
            return None
        home = _text(rows[actor].get("affiliation"))
        if home is None and len(led.get(actor, ())) == 1:
            home = next(iter(led[actor]))
        if home is None or kind.get(home) == "person":
            return None
        return home

    mapping: dict[str, str | None] = {}
    for actor in rows:
        node = organisation(actor)
        seen = {actor}
        while node is not None and node in parent and parent[node] not in seen:
            seen.add(node)
            node = parent[node]
        if node is not None and collapse_core and bool(_clean(rows[node].get("iran_core"))):
            node = CORE_NODE
        mapping[actor] = node
    return mapping


def _organisation_network(
    data: Any,
    at: str | pd.Timestamp,
    *,
    layers: str | Iterable[str],
    exclude_types: str | Iterable[str],
    collapse_core: bool,
    persons: Literal["fold", "drop", "keep"],
    coalitions: Literal["drop", "keep"],
    min_confidence: str | None,
    exclude_sources: str | Iterable[str],
    known_starts_only: bool,
    count: Literal["ties", "episodes"],
    axis_only: bool,
    directed: bool,
) -> nx.Graph:
    ties, actors, periods, sources = _frames(data)
    when = pd.Timestamp(at)
    _check_actors(ties, actors["id"].astype(str))
    if persons not in ("fold", "drop", "keep"):
        raise ValueError(f"persons must be 'fold', 'drop' or 'keep', not {persons!r}")
    if coalitions not in ("drop", "keep"):
        raise ValueError(f"coalitions must be 'drop' or 'keep', not {coalitions!r}")
    if count not in ("ties", "episodes"):
        raise ValueError(f"count must be 'ties' or 'episodes', not {count!r}")
    layer_set = _as_set(layers) or set()
    known_layers = set(TIE_LAYERS)
    if layer_set - known_layers:
        unknown = ", ".join(sorted(layer_set - known_layers))
        raise ValueError(f"unknown layer(s): {unknown} (known: {', '.join(sorted(known_layers))})")
    dropped_types = _as_set(exclude_types) or set()
    if dropped_types - set(TIE_TYPES):
        unknown = ", ".join(sorted(dropped_types - set(TIE_TYPES)))
        raise ValueError(f"unknown tie type(s): {unknown}")
    if collapse_core and CORE_NODE not in set(actors["id"].astype(str)):
        raise ValueError(f"collapse_core needs an actor with id {CORE_NODE!r}")

    active = active_ties(ties, when)
    mapping = _node_map(actors, active, persons=persons, collapse_core=collapse_core)
    members = axis_members(actors, when, periods) if axis_only else set(mapping)
    if collapse_core and axis_only:
        members.add(CORE_NODE)
    kind = dict(zip(actors["id"].astype(str), actors["kind"].astype(str), strict=True))
    dropped_nodes: set[str] = set()
    if coalitions == "drop":
        for row in active.loc[active["type"].astype(str) == "membership"].to_dict("records"):
            member, coalition = str(row["from_actor"]), str(row["to_actor"])
            if kind.get(coalition) == "coalition" and mapping.get(member) in members:
                dropped_nodes.add(coalition)

    kept = active.loc[active["type"].astype(str).map(tie_layer).isin(layer_set)]
    kept = kept.loc[~kept["type"].astype(str).isin(dropped_types)]
    if min_confidence is not None:
        kept = kept.loc[kept["confidence"].astype(str).isin(_allowed_confidence(min_confidence))]
    excluded = _work_expanded(_as_set(exclude_sources) or set(), sources)
    if excluded:
        cites = kept["sources"].map(lambda s: bool(excluded & set(_sources_tuple(s))))
        kept = kept.loc[~cites.astype(bool)]
    if known_starts_only and "start_basis" in kept:
        kept = kept.loc[kept["start_basis"].map(_text) != "first_documented"]

    rows = []
    for row in kept.to_dict("records"):
        u = mapping.get(str(row["from_actor"]))
        v = mapping.get(str(row["to_actor"]))
        if u is None or v is None or u == v:
            continue
        if u not in members or v not in members or u in dropped_nodes or v in dropped_nodes:
            continue
        rows.append({**row, "from_actor": u, "to_actor": v})
    frame = pd.DataFrame(rows, columns=[*ties.columns])
    episodes = frame["episode"] if "episode" in frame else frame["id"]
    episode = [_text(e) or str(i) for e, i in zip(episodes, frame["id"], strict=True)]
    sizes = Counter(episode)
    frame["share"] = [1 / sizes[e] for e in episode] if count == "episodes" else 1
    graph = graph_from_ties(frame, actors, directed=directed)

    folded: dict[str, set[str]] = {}
    for row in kept.to_dict("records"):
        for end in ("from_actor", "to_actor"):
            node = mapping.get(str(row[end]))
            if node in graph:
                folded.setdefault(node, set()).add(str(row[end]))
    for node in graph:
        graph.nodes[node]["folded"] = tuple(sorted(folded.get(node, {node})))
    graph.graph.update(
        at=when,
        options={
            "layers": tuple(sorted(layer_set)),
            "exclude_types": tuple(sorted(dropped_types)),
            "collapse_core": collapse_core,
            "persons": persons,
            "coalitions": coalitions,
            "min_confidence": min_confidence,
            "exclude_sources": tuple(sorted(excluded)),
            "known_starts_only": known_starts_only,
            "count": count,
        },
        dropped_coalitions=tuple(sorted(dropped_nodes)),
    )
    return graph
