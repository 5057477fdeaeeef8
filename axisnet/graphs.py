"""Build NetworkX graphs from the ``ties`` and ``actors`` tables.

The tables follow the data contract of ``data/datapackage.json`` as returned by
:func:`axisnet.data.load`: one row per tie with ``from_actor``, ``to_actor``, ``type``,
``directed``, ``start``, ``end`` (``NaT`` for a tie still open in mid-2022), ``confidence``,
``sources`` and, where coded, ``start_basis``, ``episode`` and ``attributed_to``; one row per actor
with ``id``, ``name``, ``kind``, ``country``, ``iran_core``, ``axis_member`` and ``affiliation``.
Each tie type has a layer and a sign (``TIE_SEMANTICS``, declared in ``datapackage.json``).

Two families of graphs are offered.

* :func:`cooperative_network` is the book's main series: the cooperative network of
  organisations on a date. Hostile ties (defiance, rivalry) are left out (they form
  :func:`hostile_network`), structural ties (leadership, membership, front names) are not counted
  as cooperation, a person's ties are credited to the organisation the person belongs to, Iran's
  organs and officials can be merged into one node ``"iran"``, and a coalition is not counted
  beside its own members.
* :func:`snapshot` is the raw network: every tie type among actors as coded, persons and Iran's
  organs as separate nodes. It is the "all ties" variant of the sensitivity analyses.

Both return one of three shapes:

* ``nx.Graph`` (default): one undirected edge per pair of nodes. Parallel ties (several types, or
  the same type recorded more than once) collapse into that edge, which carries a ``types``
  tuple, the tie ``ids``, the number of ``ties``, a ``weight`` (the number of ties, or of
  episodes when counting by episode) and the pooled ``sources``.
* ``nx.DiGraph`` (``directed=True``): the same collapse per ordered pair. A directed tie gives the
  arc ``from_actor -> to_actor``; an undirected tie (alliance, joint operation ...) gives both
  arcs.
* ``nx.MultiDiGraph`` (``multi=True``, :func:`snapshot` only): every tie kept as its own arc in
  its recorded orientation, keyed by tie id, with all of its attributes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

import networkx as nx
import pandas as pd

from axisnet.data import ARTICLE_DATE, ARTICLE_SOURCE, TIE_LAYERS, TIE_SEMANTICS, TIE_TYPES

__all__ = [
    "ARTICLE_SOURCE",
    "BOOK_SNAPSHOTS",
    "CONFIDENCE_ORDER",
    "COOPERATIVE_LAYERS",
    "CORE_NODE",
    "TIE_TYPES",
    "active_ties",
    "axis_members",
    "cooperative_network",
    "edge_sources",
    "edge_table",
    "graph_from_ties",
    "hostile_network",
    "induced_subgraph",
    "largest_component",
    "snapshot",
    "tie_layer",
]


#: Confidence levels from weakest to strongest.
CONFIDENCE_ORDER: tuple[str, ...] = ("low", "medium", "high")

#: The layers of cooperation counted by :func:`cooperative_network` by default: every layer
#: whose types are cooperative, except ``structural``, which records belonging rather than
#: cooperation (command, material, operational, political, illicit).
COOPERATIVE_LAYERS: tuple[str, ...] = tuple(
    layer
    for layer in TIE_LAYERS
    if layer != "structural"
    and all(t.sign == "cooperative" for t in TIE_SEMANTICS.values() if t.layer == layer)
)

#: Id of the node that stands for Iran's organs and officials when they are merged.
CORE_NODE = "iran"

#: The dates at which the chapters draw the network, by name: the ends of 1990 and 2010 (the
#: growth panels of chapter 2), the eve of Soleimani's killing and mid-2022 (the before/after
#: comparison of chapters 2 to 7), the article's publication and the ends of 2023 to 2025 (the
#: epilogue).
BOOK_SNAPSHOTS: Mapping[str, pd.Timestamp] = MappingProxyType(
    {
        "1990-end": pd.Timestamp("1990-12-31"),
        "2010-end": pd.Timestamp("2010-12-31"),
        "2019-end": pd.Timestamp("2019-12-31"),
        "2022-mid": pd.Timestamp("2022-06-30"),
        "2022-article": ARTICLE_DATE,
        "2023-end": pd.Timestamp("2023-12-31"),
        "2024-end": pd.Timestamp("2024-12-31"),
        "2025-end": pd.Timestamp("2025-12-31"),
    }
)

_NODE_ATTRS = ("name", "kind", "country", "iran_core", "axis_member", "affiliation")


def tie_layer(tie_type: str) -> str:
    """The layer of a tie type (``"funding"`` -> ``"material"``).

    Parameters
    ----------
    tie_type : str
        A tie type of the codebook.

    Returns
    -------
    str
        Its layer, as declared in ``datapackage.json``.

    Raises
    ------
    ValueError
        If the type is not in the codebook.

    Examples
    --------
    >>> tie_layer("funding"), tie_layer("rivalry")
    ('material', 'hostile')
    """
    semantics = TIE_SEMANTICS
    if tie_type not in semantics:
        raise ValueError(f"unknown tie type {tie_type!r} (known: {', '.join(semantics)})")
    return str(semantics[tie_type].layer)


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


def _text(value: Any) -> str | None:
    """A cell as a non-empty string, or ``None``."""
    value = _clean(value)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def active_ties(ties: pd.DataFrame, at: str | pd.Timestamp) -> pd.DataFrame:
    """Return the ties active on date ``at``.

    A tie is active when ``start <= at`` and (``end`` is missing or ``end >= at``); both bounds
    are inclusive. The loader already turns a partial ``start`` into the first day of its period
    and a partial ``end`` into the last day, so a tie that ended "2020" is still active on
    2020-12-31. Rows with a missing ``start`` are never active.

    Parameters
    ----------
    ties : pandas.DataFrame
        The ties table (``start`` and ``end`` as dates or ISO strings).
    at : str or pandas.Timestamp
        The date.

    Returns
    -------
    pandas.DataFrame
        The active rows, in table order.

    Examples
    --------
    >>> ties = pd.DataFrame({"start": ["2000-01-01", "2021-01-01"], "end": [None, None]})
    >>> len(active_ties(ties, "2019-12-31"))
    1
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
    """Build a graph from a (pre-filtered) ties table, without any date or type filter.

    Parameters
    ----------
    ties, actors : pandas.DataFrame
        Tables shaped as the loader returns them. Every ``from_actor``/``to_actor`` must be an
        actor id. An optional numeric ``share`` column gives each tie's contribution to the
        edge ``weight`` (default 1: the weight counts ties).
    directed, multi : bool
        Graph shape, see the module docstring.
    extra_nodes : iterable of str
        Actor ids to add even if no tie touches them (isolates).

    Returns
    -------
    networkx.Graph
        See the module docstring for the edge attributes.

    Raises
    ------
    ValueError
        If a tie names an actor missing from ``actors``.

    Examples
    --------
    >>> actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2"], "from_actor": ["a", "a"], "to_actor": ["b", "b"],
    ...                      "type": ["funding", "training"], "directed": [True, True]})
    >>> G = graph_from_ties(ties, actors)
    >>> G.edges["a", "b"]["types"], G.edges["a", "b"]["weight"]
    (('funding', 'training'), 2)
    """
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


def axis_members(
    actors: pd.DataFrame, at: str | pd.Timestamp, axis_periods: pd.DataFrame | None = None
) -> set[str]:
    """Ids of the actors that belong to the axis on date ``at``.

    An actor listed in ``axis_periods`` is a member on ``at`` if and only if one of its periods
    covers that date (``start <= at`` and ``end`` missing or ``>= at``); any other actor keeps
    its static ``axis_member`` flag.

    Parameters
    ----------
    actors : pandas.DataFrame
        The actors table.
    at : str or pandas.Timestamp
        The date.
    axis_periods : pandas.DataFrame, optional
        Table with ``actor``, ``start`` and ``end``.

    Returns
    -------
    set of str

    Examples
    --------
    >>> actors = pd.DataFrame({"id": ["hamas", "pij"], "axis_member": [True, True]})
    >>> periods = pd.DataFrame({"actor": ["hamas", "hamas"], "start": ["1990", "2018"],
    ...                         "end": ["2011-12-31", None]})
    >>> sorted(axis_members(actors, "2015-06-30", periods))
    ['pij']
    """
    members = set(actors.loc[actors["axis_member"].fillna(False).astype(bool), "id"].astype(str))
    if axis_periods is None or axis_periods.empty:
        return members
    covering = active_ties(axis_periods, at)
    listed = set(axis_periods["actor"].astype(str))
    return (members - listed) | set(covering["actor"].astype(str))


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


def snapshot(data: Any, *args: Any, **options: Any) -> nx.Graph:
    """The network of every tie active on a date, as coded (the "all ties" network).

    Called as ``snapshot(data, at, **options)`` with a :class:`~axisnet.data.Dataset`, or as
    ``snapshot(ties, actors, at, **options)`` with two (possibly pre-filtered) tables. Persons,
    Iran's organs and coalitions are separate nodes and every tie type counts, hostile and
    structural ones included; :func:`cooperative_network` is the cleaned main series.

    Parameters
    ----------
    data : Dataset or pandas.DataFrame
        The dataset, or the ties table followed by the actors table.
    at : str or pandas.Timestamp
        Date of the snapshot (``"2022-06-30"``); see :func:`active_ties`.
    types : str or iterable of str, optional
        Keep only ties of these types; ``None`` keeps every type.
    kinds : str or iterable of str, optional
        Keep only actors of these kinds; a tie is kept only if both ends pass.
    axis_only : bool, default True
        Keep only actors that belong to the axis on ``at`` (see :func:`axis_members`; with a
        Dataset its ``axis_periods`` table is used).
    directed, multi : bool, default False
        Graph shape: undirected collapsed ``Graph``, collapsed ``DiGraph``, or a
        ``MultiDiGraph`` with every tie (see the module docstring).
    min_confidence : {"medium", "high"}, optional
        ``"medium"`` keeps medium and high ties; ``"high"`` keeps only high ones.
    include_isolates : bool, default False
        Also add actors that pass the filters and existed on ``at`` (by ``founded``/``ended``)
        but have no active tie.

    Returns
    -------
    networkx.Graph
        Nodes carry ``name``, ``kind``, ``country``, ``iran_core``, ``axis_member`` and
        ``affiliation``; edges carry ``types``/``type``, ``ids``/``id``, ``confidence`` and
        ``sources``, plus ``ties`` and ``weight`` on collapsed graphs. The graph attribute ``at``
        holds the date.

    Examples
    --------
    >>> from axisnet import data
    >>> G = snapshot(data.load(), "2019-12-31")
    >>> "soleimani" in G
    True
    """
    if isinstance(data, pd.DataFrame):
        if len(args) != 2:
            raise TypeError("snapshot(ties, actors, at, ...) takes the two tables and a date")
        return _snapshot_frames(data, args[0], args[1], **options)
    if len(args) != 1:
        raise TypeError("snapshot(data, at, ...) takes a Dataset and a date")
    ties, actors, periods, _ = _frames(data)
    options.setdefault("axis_periods", periods)
    return _snapshot_frames(ties, actors, args[0], **options)


def _allowed_confidence(min_confidence: str) -> tuple[str, ...]:
    if min_confidence not in CONFIDENCE_ORDER:
        raise ValueError(f"min_confidence must be one of {CONFIDENCE_ORDER}")
    return CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(min_confidence) :]


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


def cooperative_network(
    data: Any,
    at: str | pd.Timestamp,
    *,
    layers: str | Iterable[str] = COOPERATIVE_LAYERS,
    exclude_types: str | Iterable[str] = (),
    collapse_core: bool = True,
    persons: Literal["fold", "drop", "keep"] = "fold",
    coalitions: Literal["drop", "keep"] = "drop",
    min_confidence: str | None = None,
    exclude_sources: str | Iterable[str] = (),
    known_starts_only: bool = False,
    count: Literal["ties", "episodes"] = "ties",
    axis_only: bool = True,
    directed: bool = False,
) -> nx.Graph:
    """The cooperative network of organisations on a date: the book's main series.

    The coding rules, in the order they are applied:

    1. Ties active on ``at`` (:func:`active_ties`) whose type belongs to one of ``layers`` (by
       default every cooperative layer: command, material, operational, political, illicit).
       Structural ties (leadership, membership, front names) say who belongs to what and are
       never counted as cooperation; hostile ties (defiance, rivalry) form
       :func:`hostile_network`.
    2. Optional filters: ``exclude_types``, ``min_confidence``, ``exclude_sources`` (a tie
       citing any of these sources, or another version of the same work, is dropped) and
       ``known_starts_only`` (ties whose ``start_basis`` is ``first_documented`` are dropped).
    3. Persons are folded into their organisation (``persons="fold"``): a person's tie is
       credited to the actor named in the person's ``affiliation`` (or, without one, the one
       organisation the person leads on that date), because the codebook records a person's tie
       where the person acts for that organisation. A person with no organisation is dropped,
       with its ties. ``persons="drop"`` drops every person's tie; ``"keep"`` keeps persons as
       nodes. A front name with an active ``front_of`` tie is folded into its parent group.
    4. With ``collapse_core`` (default) every ``iran_core`` actor (the state, the IRGC, the Quds
       Force, the SNSC, the ministry of intelligence and Iran's officials) becomes one node,
       ``"iran"``. Ties inside the core become self-loops and are dropped.
    5. Only axis members on ``at`` are kept (:func:`axis_members`, using ``axis_periods``).
    6. A coalition with at least one member in the axis on ``at`` (an active ``membership``
       tie) is dropped with its ties (``coalitions="drop"``), so that the coalition is not
       counted beside the parties that make it up; a coalition without such members stays.
       ``coalitions="keep"`` keeps every coalition.
    7. Parallel ties collapse into one edge. ``weight`` counts ties, or with
       ``count="episodes"`` episodes: a tie whose ``episode`` is shared by k kept ties weighs
       1/k, so one reported event counts once however many ties it yields.

    Parameters
    ----------
    data : Dataset
        The dataset (anything with ``ties`` and ``actors`` tables; ``axis_periods`` and
        ``sources`` are used when present).
    at : str or pandas.Timestamp
        The date.
    layers : str or iterable of str, default COOPERATIVE_LAYERS
        Layers to count.
    exclude_types : str or iterable of str, default ()
        Tie types to leave out.
    collapse_core : bool, default True
        Merge Iran's organs and officials into one node.
    persons : {"fold", "drop", "keep"}, default "fold"
    coalitions : {"drop", "keep"}, default "drop"
    min_confidence : {"medium", "high"}, optional
    exclude_sources : str or iterable of str, default ()
    known_starts_only : bool, default False
    count : {"ties", "episodes"}, default "ties"
    axis_only : bool, default True
        Keep only axis members.
    directed : bool, default False
        Return a collapsed ``DiGraph`` (an undirected tie gives both arcs).

    Returns
    -------
    networkx.Graph
        Edges carry ``ids``, ``types``, ``ties``, ``weight``, ``episodes``, ``confidence``,
        ``sources`` and ``shares`` (each tie's part of the weight); nodes carry the actor's
        attributes and ``folded``, the actor ids merged into the node. The graph attributes
        hold the date (``at``), the ``options`` used and the ``dropped_coalitions``.

    Examples
    --------
    >>> from axisnet import data
    >>> G = cooperative_network(data.load(), "2019-12-31")
    >>> "iran" in G, "quds-force" in G, "soleimani" in G
    (True, False, False)
    """
    return _organisation_network(
        data,
        at,
        layers=layers,
        exclude_types=exclude_types,
        collapse_core=collapse_core,
        persons=persons,
        coalitions=coalitions,
        min_confidence=min_confidence,
        exclude_sources=exclude_sources,
        known_starts_only=known_starts_only,
        count=count,
        axis_only=axis_only,
        directed=directed,
    )


def hostile_network(data: Any, at: str | pd.Timestamp, **options: Any) -> nx.Graph:
    """The hostile ties (defiance, rivalry) among organisations on a date.

    Built by the same rules as :func:`cooperative_network` (same keyword options, ``layers``
    excepted), so that the two networks share their nodes' identities.

    Parameters
    ----------
    data : Dataset
    at : str or pandas.Timestamp
    **options
        Keyword options of :func:`cooperative_network`.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> from axisnet import data
    >>> H = hostile_network(data.load(), "2022-06-30")
    >>> all(set(d["types"]) <= {"defiance", "rivalry"} for *_, d in H.edges(data=True))
    True
    """
    if "layers" in options:
        raise TypeError("hostile_network always uses the hostile layer")
    return cooperative_network(data, at, layers=("hostile",), **options)


def edge_table(graphs: nx.Graph | Mapping[str, nx.Graph]) -> pd.DataFrame:
    """One row per edge of a collapsed graph (or of several, labelled), for figure data.

    Parameters
    ----------
    graphs : networkx.Graph or mapping of str to networkx.Graph
        One graph, or panels keyed by label (the label goes to a first column ``panel``).

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (the pair in sorted order), ``types``, ``ties``,
        ``confidence`` and ``sources`` (lists joined with ``;``), sorted by panel then pair.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("b", "a", types=("funding",), weight=1, confidence="high", sources=("s1",))
    >>> edge_table(G).loc[0, ["source", "target", "types"]].tolist()
    ['a', 'b', 'funding']
    """
    panels = graphs if isinstance(graphs, Mapping) else {None: graphs}
    rows = []
    for label, G in panels.items():
        for u, v, d in G.edges(data=True):
            a, b = sorted((str(u), str(v)))
            row = {"panel": label} if label is not None else {}
            row.update(
                source=a,
                target=b,
                types=";".join(d.get("types", ())),
                ties=d.get("ties", d.get("weight", 1)),
                confidence=d.get("confidence"),
                sources=";".join(d.get("sources", ())),
            )
            rows.append(row)
    columns = ["source", "target", "types", "ties", "confidence", "sources"]
    if isinstance(graphs, Mapping):
        columns = ["panel", *columns]
    frame = pd.DataFrame(rows, columns=columns)
    order = {label: i for i, label in enumerate(panels)}
    keys = ["source", "target"]
    if isinstance(graphs, Mapping):
        frame["_panel"] = frame["panel"].map(order)
        keys = ["_panel", *keys]
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return frame.drop(columns=[c for c in frame if c == "_panel"])


def edge_sources(*graphs: nx.Graph) -> list[str]:
    """The sorted source ids cited by the edges of one or more graphs.

    Parameters
    ----------
    *graphs : networkx.Graph
        Graphs whose edges carry a ``sources`` tuple.

    Returns
    -------
    list of str

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", sources=("s2", "s1"))
    >>> edge_sources(G)
    ['s1', 's2']
    """
    return sorted({str(s) for G in graphs for *_, d in G.edges(data=True) for s in d["sources"]})


def induced_subgraph(H: nx.Graph, keep: Iterable[Hashable]) -> nx.Graph:
    """The subgraph of ``H`` on ``keep``, with nodes and edges in ``H``'s own order.

    ``H.subgraph`` iterates its nodes in the order of a set, which changes with Python's hash
    seed; sums over its pairs (efficiency, closeness) then differ in the last digits from one
    run to the next.

    Parameters
    ----------
    H : networkx.Graph
        A simple graph.
    keep : Iterable
        The nodes to keep (nodes not in ``H`` are ignored).

    Returns
    -------
    networkx.Graph
        A new graph with the kept nodes, the edges among them and their attributes.

    Examples
    --------
    >>> H = nx.path_graph(["iran", "hizballah", "hamas"])
    >>> list(induced_subgraph(H, {"hamas", "iran", "hizballah"}).edges)
    [('iran', 'hizballah'), ('hizballah', 'hamas')]
    """
    chosen = set(keep)
    S = nx.Graph()
    S.add_nodes_from((n, H.nodes[n]) for n in H if n in chosen)
    S.add_edges_from((u, v, d) for u, v, d in H.edges(data=True) if u in chosen and v in chosen)
    return S


def largest_component(H: nx.Graph) -> list[Hashable]:
    """The largest connected component, as a list in the graph's node order.

    Parameters
    ----------
    H : networkx.Graph
        An undirected graph.

    Returns
    -------
    list
        Its nodes; of two components of the same size, the one with the earliest node.

    Examples
    --------
    >>> H = nx.Graph([("hamas", "pij"), ("iran", "hizballah")])
    >>> largest_component(H)
    ['hamas', 'pij']
    >>> H.add_edge("iran", "houthis")
    >>> largest_component(H)
    ['iran', 'hizballah', 'houthis']
    """
    if H.number_of_nodes() == 0:
        return []
    position = {n: i for i, n in enumerate(H.nodes)}
    best = max(nx.connected_components(H), key=lambda c: (len(c), -min(position[n] for n in c)))
    return [n for n in H.nodes if n in best]
