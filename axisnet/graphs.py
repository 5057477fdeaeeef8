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

The builders read the tables as plain records (:func:`records`). Given a dataset they make the
records on each call; an analysis that draws many networks from one dataset (a series of dates,
the coding variants of :mod:`axisnet.sensitivity`) makes them once and passes them instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import networkx as nx
import pandas as pd

from axisnet.data import ARTICLE_DATE, ARTICLE_SOURCE, TIE_LAYERS, TIE_SEMANTICS, TIE_TYPES

__all__ = [
    "ARTICLE_SOURCE",
    "BOOK_SNAPSHOTS",
    "CONFIDENCE_ORDER",
    "COOPERATIVE_LAYERS",
    "CORE_NODE",
    "Records",
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
    "records",
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


class _Tie(NamedTuple):
    """One tie as plain values: what the builders read, taken from its row once."""

    id: str
    source: str
    target: str
    type: str
    directed: bool
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    confidence_key: str
    confidence: str | None
    sources: tuple[str, ...]
    episode: str | None
    start_basis: str | None
    share: Any
    detail: tuple[Any, Any, Any, Any]

    def active(self, when: pd.Timestamp) -> bool:
        """Whether the tie is active on ``when`` (the rule of :func:`active_ties`)."""
        return (
            self.start is not None and self.start <= when and (self.end is None or self.end >= when)
        )


class _Actor(NamedTuple):
    """One actor as plain values."""

    id: str
    kind: str
    attrs: Mapping[str, Any]
    affiliation: str | None
    core: bool
    founded: Any
    ended: Any

    def exists(self, when: pd.Timestamp) -> bool:
        """Whether the actor existed on ``when`` (missing founded/ended dates do not exclude it)."""
        founded, ended = self.founded, self.ended
        if founded is not None and not pd.isna(founded) and pd.Timestamp(founded) > when:
            return False
        return not (ended is not None and not pd.isna(ended) and pd.Timestamp(ended) < when)


@dataclass(frozen=True, eq=False)
class Records:
    """The tables the network builders read, as plain Python records.

    Made by :func:`records`. Every builder of this module accepts it in place of a dataset; a
    chapter (or :func:`axisnet.sensitivity.sensitivity_table`) that draws many networks from
    one dataset turns the tables into records once and passes them to each call. Records are
    a copy: a change to the dataset's tables afterwards needs new records.

    Attributes
    ----------
    ties : tuple
        One record per tie, in table order.
    actors : mapping of str to record
        One record per actor id, in table order.
    members : frozenset of str, optional
        Ids of the actors whose static ``axis_member`` flag is set (``None`` without that
        column).
    periods : tuple of (str, Timestamp or None, Timestamp or None)
        The ``axis_periods`` rows (actor, start, end); empty without that table.
    works : mapping of str to str, optional
        Source id to the id of its work (``None`` without a ``work`` column).
    has_start_basis : bool
        Whether the ties table has a ``start_basis`` column.

    Examples
    --------
    >>> from axisnet import data
    >>> recs = records(data.load())
    >>> len(recs.ties) == len(data.load().ties)
    True
    """

    ties: tuple[_Tie, ...]
    actors: Mapping[str, _Actor]
    members: frozenset[str] | None
    periods: tuple[tuple[str, pd.Timestamp | None, pd.Timestamp | None], ...]
    works: Mapping[str, str] | None
    has_start_basis: bool

    def axis_members(self, at: str | pd.Timestamp) -> set[str]:
        """:func:`axis_members` on these records.

        Parameters
        ----------
        at : str or pandas.Timestamp
            The date.

        Returns
        -------
        set of str

        Examples
        --------
        >>> from axisnet import data
        >>> "iran" in records(data.load()).axis_members("2019-12-31")
        True
        """
        if self.members is None:
            raise ValueError("the actors table has no axis_member column")
        if not self.periods:
            return set(self.members)
        when = pd.Timestamp(at)
        listed = {actor for actor, *_ in self.periods}
        covering = {
            actor
            for actor, start, end in self.periods
            if start is not None and start <= when and (end is None or end >= when)
        }
        return (set(self.members) - listed) | covering


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    """A column as a list of Python values (``None`` throughout when it is absent)."""
    return frame[name].tolist() if name in frame else [None] * len(frame)


def _clean_column(frame: pd.DataFrame, name: str) -> list[Any]:
    """:func:`_clean` of every cell of a column (``None`` throughout when it is absent)."""
    if name not in frame:
        return [None] * len(frame)
    column = frame[name]
    return [
        None if missing else value
        for value, missing in zip(column.tolist(), column.isna().tolist(), strict=True)
    ]


def _text_column(frame: pd.DataFrame, name: str) -> list[str | None]:
    """:func:`_text` of every cell of a column (``None`` throughout when it is absent)."""
    return [None if v is None else str(v).strip() or None for v in _clean_column(frame, name)]


def _dates(frame: pd.DataFrame, name: str) -> list[pd.Timestamp | None]:
    """A date column (parsed as :func:`active_ties` parses it) as Timestamps or ``None``."""
    return _clean_column(pd.DataFrame({name: _timestamps(frame[name])}), name)


def _tie_records(ties: pd.DataFrame, *, dated: bool = True) -> tuple[_Tie, ...]:
    """The rows of a ties table as records (``dated``: ``start`` and ``end`` are required)."""
    n = len(ties)
    names = ("id", "from_actor", "to_actor", "type", "confidence", "sources", "share")
    col = {name: _column(ties, name) for name in (*names, "start", "end", "evidence", "section")}
    text = {name: _text_column(ties, name) for name in ("confidence", "episode", "start_basis")}
    directed = ties["directed"].tolist() if "directed" in ties else [True] * n
    starts = _dates(ties, "start") if dated else [None] * n
    ends = _dates(ties, "end") if dated else [None] * n
    return tuple(
        _Tie(
            id=str(col["id"][i]),
            source=str(col["from_actor"][i]),
            target=str(col["to_actor"][i]),
            type=str(col["type"][i]),
            directed=bool(directed[i]),
            start=starts[i],
            end=ends[i],
            confidence_key=str(col["confidence"][i]),
            confidence=text["confidence"][i],
            sources=_sources_tuple(col["sources"][i]),
            episode=text["episode"][i],
            start_basis=text["start_basis"][i],
            share=col["share"][i],
            detail=(col["start"][i], col["end"][i], col["evidence"][i], col["section"][i]),
        )
        for i in range(n)
    )


def _actor_records(actors: pd.DataFrame) -> dict[str, _Actor]:
    """The rows of an actors table as records, by id."""
    present = [key for key in _NODE_ATTRS if key in actors]
    attrs = (
        [
            dict(zip(present, values, strict=True))
            for values in zip(*(_clean_column(actors, key) for key in present), strict=True)
        ]
        if present
        else [{} for _ in range(len(actors))]
    )
    out: dict[str, _Actor] = {}
    for actor, kind, affiliation, core, founded, ended, values in zip(
        actors["id"].tolist(),
        _column(actors, "kind"),
        _text_column(actors, "affiliation"),
        _clean_column(actors, "iran_core"),
        _column(actors, "founded"),
        _column(actors, "ended"),
        attrs,
        strict=True,
    ):
        out[str(actor)] = _Actor(
            id=str(actor),
            kind=str(kind),
            attrs=values,
            affiliation=affiliation,
            core=bool(core),
            founded=founded,
            ended=ended,
        )
    return out


def _check_actors(ties: Iterable[_Tie], known: Mapping[str, Any]) -> None:
    """Raise if a tie names an actor missing from the actors table."""
    missing = sorted({end for t in ties for end in (t.source, t.target)} - set(known))
    if missing:
        raise ValueError(f"ties name actors missing from the actors table: {', '.join(missing)}")


def _period_records(
    axis_periods: pd.DataFrame | None,
) -> tuple[tuple[str, pd.Timestamp | None, pd.Timestamp | None], ...]:
    if axis_periods is None or axis_periods.empty:
        return ()
    actors = [str(a) for a in axis_periods["actor"]]
    return tuple(
        zip(actors, _dates(axis_periods, "start"), _dates(axis_periods, "end"), strict=True)
    )


def _records_from(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    axis_periods: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> Records:
    tie_rows = _tie_records(ties)
    actor_rows = _actor_records(actors)
    _check_actors(tie_rows, actor_rows)
    works = None
    if sources is not None and "work" in sources:
        works = {
            str(sid): _text(work) or str(sid)
            for sid, work in zip(sources["id"].tolist(), sources["work"].tolist(), strict=True)
        }
    members = None
    if "axis_member" in actors:
        flags = _clean_column(actors, "axis_member")
        members = frozenset(str(a) for a, f in zip(actors["id"], flags, strict=True) if f)
    return Records(
        ties=tie_rows,
        actors=MappingProxyType(actor_rows),
        members=members,
        periods=_period_records(axis_periods),
        works=None if works is None else MappingProxyType(works),
        has_start_basis="start_basis" in ties,
    )


def records(data: Any, actors: pd.DataFrame | None = None) -> Records:
    """The tables of a dataset as plain records, for drawing many networks from it.

    Every builder (:func:`cooperative_network`, :func:`hostile_network`, :func:`snapshot`)
    accepts the result in place of the dataset and returns exactly the graph it returns for
    the dataset, without reading the tables again. Called as ``records(ties, actors)`` with two
    tables, it gives the records that ``snapshot(ties, actors, at)`` reads (no axis periods).

    Parameters
    ----------
    data : Dataset, Records or pandas.DataFrame
        The dataset (anything with ``ties`` and ``actors`` tables; ``axis_periods`` and
        ``sources`` are used when present), or the ties table. Records are returned as they
        are.
    actors : pandas.DataFrame, optional
        The actors table, when ``data`` is the ties table.

    Returns
    -------
    Records

    Raises
    ------
    TypeError
        If ``data`` has no ``ties`` and ``actors`` tables.
    ValueError
        If a tie names an actor missing from the actors table.

    Examples
    --------
    >>> from axisnet import data
    >>> dataset = data.load()
    >>> recs = records(dataset)
    >>> dates = ["2010-12-31", "2019-12-31", "2022-06-30"]
    >>> [cooperative_network(recs, at).size() for at in dates] == [
    ...     cooperative_network(dataset, at).size() for at in dates
    ... ]
    True
    >>> tables = records(dataset.ties, dataset.actors)
    >>> snapshot(tables, "2019-12-31").size() == snapshot(
    ...     dataset.ties, dataset.actors, "2019-12-31"
    ... ).size()
    True
    """
    if isinstance(data, pd.DataFrame):
        if not isinstance(actors, pd.DataFrame):
            raise TypeError(
                "expected a Dataset (or an object with .ties and .actors tables), got a "
                "DataFrame; records(ties, actors) takes the ties and the actors tables"
            )
        return _records_from(data, actors)
    if actors is not None:
        raise TypeError("records(data) takes a Dataset, or the ties and the actors tables")
    if isinstance(data, Records):
        return data
    try:
        ties, actors = data.ties, data.actors
    except AttributeError:
        raise TypeError(
            "expected a Dataset (or an object with .ties and .actors tables), "
            f"got {type(data).__name__}"
        ) from None
    return _records_from(
        ties, actors, getattr(data, "axis_periods", None), getattr(data, "sources", None)
    )


_TYPE_RANK = {t: i for i, t in enumerate(TIE_TYPES)}


def _add_tie(graph: nx.Graph, a: str, b: str, tie: _Tie, share: Any) -> None:
    """Add one tie to the collapsed edge ``a``-``b`` (creating it if needed)."""
    episode = tie.episode or tie.id
    if graph.has_edge(a, b):
        data = graph.edges[a, b]
        data["ids"] = (*data["ids"], tie.id)
        data["shares"] = (*data["shares"], share)
        data["confidences"] = (*data["confidences"], tie.confidence)
        data["ties"] += 1
        data["episodes"] = tuple(sorted({*data["episodes"], episode}))
        types = {*data["types"], tie.type}
        data["types"] = tuple(sorted(types, key=lambda t: (_TYPE_RANK.get(t, 99), t)))
        data["sources"] = tuple(sorted({*data["sources"], *tie.sources}))
    else:
        graph.add_edge(
            a,
            b,
            ids=(tie.id,),
            shares=(share,),
            types=(tie.type,),
            confidences=(tie.confidence,),
            sources=tuple(sorted(set(tie.sources))),
            episodes=(episode,),
            ties=1,
        )
        data = graph.edges[a, b]
    data["weight"] = sum(data["shares"])
    known = [c for c in data["confidences"] if c in CONFIDENCE_ORDER]
    data["confidence"] = max(known, key=CONFIDENCE_ORDER.index) if known else None


def _build(
    ties: Iterable[tuple[_Tie, str, str, Any]],
    actors: Mapping[str, _Actor],
    *,
    directed: bool = False,
    multi: bool = False,
    extra_nodes: Iterable[str] = (),
) -> nx.Graph:
    """The graph of ``(tie, from node, to node, share)`` rows (see :func:`graph_from_ties`)."""
    if multi:
        graph: nx.Graph = nx.MultiDiGraph()
    elif directed:
        graph = nx.DiGraph()
    else:
        graph = nx.Graph()
    nodes = graph._node

    def add_node(node: str) -> None:
        if node not in nodes:
            graph.add_node(node, **actors[node].attrs)

    for node in extra_nodes:
        if node not in actors:
            raise ValueError(f"unknown actor id: {node}")
        add_node(node)

    for tie, u, v, share in ties:
        add_node(u)
        add_node(v)
        if multi:
            start, end, evidence, section = tie.detail
            graph.add_edge(
                u,
                v,
                key=tie.id,
                id=tie.id,
                type=tie.type,
                directed=tie.directed,
                confidence=tie.confidence,
                sources=tie.sources,
                start=_clean(start),
                end=_clean(end),
                evidence=_clean(evidence),
                section=_clean(section),
            )
            continue
        _add_tie(graph, u, v, tie, share)
        if directed and not tie.directed:
            _add_tie(graph, v, u, tie, share)
    return graph


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
    tie_rows = _tie_records(ties, dated=False)
    actor_rows = _actor_records(actors)
    _check_actors(tie_rows, actor_rows)
    rows = []
    for tie in tie_rows:
        share = _clean(tie.share)
        rows.append((tie, tie.source, tie.target, 1 if share is None else share))
    return _build(rows, actor_rows, directed=directed, multi=multi, extra_nodes=extra_nodes)


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


_TABLE = object()


def _snapshot_records(
    recs: Records,
    at: str | pd.Timestamp,
    *,
    types: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    axis_only: bool = True,
    directed: bool = False,
    multi: bool = False,
    min_confidence: str | None = None,
    include_isolates: bool = False,
    axis_periods: Any = _TABLE,
) -> nx.Graph:
    """:func:`snapshot` on records (``axis_periods``, when given, replaces their periods)."""
    when = pd.Timestamp(at)
    kept = [t for t in recs.ties if t.active(when)]
    type_set = _as_set(types)
    if type_set is not None:
        unknown = type_set - set(TIE_TYPES)
        if unknown:
            raise ValueError(f"unknown tie type(s): {', '.join(sorted(unknown))}")
        kept = [t for t in kept if t.type in type_set]
    if min_confidence is not None:
        allowed = _allowed_confidence(min_confidence)
        kept = [t for t in kept if t.confidence_key in allowed]

    chosen = list(recs.actors.values())
    if axis_only:
        if axis_periods is not _TABLE:
            recs = replace(recs, periods=_period_records(axis_periods))
        members = recs.axis_members(when)
        chosen = [a for a in chosen if a.id in members]
    kind_set = _as_set(kinds)
    if kind_set is not None:
        chosen = [a for a in chosen if a.kind in kind_set]
    allowed_ids = {a.id for a in chosen}
    extra = [a.id for a in chosen if include_isolates and a.exists(when)]
    rows = []
    for tie in kept:
        if tie.source in allowed_ids and tie.target in allowed_ids:
            share = _clean(tie.share)
            rows.append((tie, tie.source, tie.target, 1 if share is None else share))
    graph = _build(rows, recs.actors, directed=directed, multi=multi, extra_nodes=extra)
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
    data : Dataset, Records or pandas.DataFrame
        The dataset (or its :func:`records`), or the ties table followed by the actors table.
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
        periods = options.pop("axis_periods", None)
        return _snapshot_records(_records_from(data, args[0], periods), args[1], **options)
    if len(args) != 1:
        raise TypeError("snapshot(data, at, ...) takes a Dataset and a date")
    return _snapshot_records(records(data), args[0], **options)


def _allowed_confidence(min_confidence: str) -> tuple[str, ...]:
    if min_confidence not in CONFIDENCE_ORDER:
        raise ValueError(f"min_confidence must be one of {CONFIDENCE_ORDER}")
    return CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(min_confidence) :]


def _work_expanded(excluded: set[str], works: Mapping[str, str] | None) -> set[str]:
    """Source ids excluded, with every other version of the same work."""
    if not excluded or works is None:
        return excluded
    chosen = {works.get(s, s) for s in excluded}
    return excluded | {sid for sid, w in works.items() if w in chosen}


def _node_map(
    actors: Mapping[str, _Actor],
    active: Iterable[_Tie],
    *,
    persons: str,
    collapse_core: bool,
) -> dict[str, str | None]:
    """Actor id -> node id in the organisation network (``None``: the actor is dropped).

    A person goes to its ``affiliation`` (or, without one, to the one organisation it leads on
    the date); a front name goes to its parent (an active ``front_of`` tie); with
    ``collapse_core`` every ``iran_core`` actor goes to :data:`CORE_NODE`.
    """
    led: dict[str, set[str]] = {}
    parent: dict[str, str] = {}
    for tie in active:
        if tie.type == "leadership":
            led.setdefault(tie.source, set()).add(tie.target)
        elif tie.type == "front_of":
            parent[tie.source] = tie.target

    def kind(actor: str) -> str | None:
        return actors[actor].kind if actor in actors else None

    def organisation(actor: str) -> str | None:
        if kind(actor) != "person" or persons == "keep":
            return actor
        if persons == "drop":
            return None
        home = actors[actor].affiliation
        if home is None and len(led.get(actor, ())) == 1:
            home = next(iter(led[actor]))
        if home is None or kind(home) == "person":
            return None
        return home

    mapping: dict[str, str | None] = {}
    for actor in actors:
        node = organisation(actor)
        seen = {actor}
        while node is not None and node in parent and parent[node] not in seen:
            seen.add(node)
            node = parent[node]
        if node is not None and collapse_core and actors[node].core:
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
    recs = records(data)
    when = pd.Timestamp(at)
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
    if collapse_core and CORE_NODE not in recs.actors:
        raise ValueError(f"collapse_core needs an actor with id {CORE_NODE!r}")

    active = [t for t in recs.ties if t.active(when)]
    mapping = _node_map(recs.actors, active, persons=persons, collapse_core=collapse_core)
    members = recs.axis_members(when) if axis_only else set(mapping)
    if collapse_core and axis_only:
        members.add(CORE_NODE)
    dropped_nodes: set[str] = set()
    if coalitions == "drop":
        for tie in active:
            coalition = recs.actors.get(tie.target)
            if (
                tie.type == "membership"
                and coalition is not None
                and coalition.kind == "coalition"
                and mapping.get(tie.source) in members
            ):
                dropped_nodes.add(coalition.id)

    in_layers = [tie_layer(t.type) in layer_set for t in active]
    kept = [t for t, keep in zip(active, in_layers, strict=True) if keep]
    kept = [t for t in kept if t.type not in dropped_types]
    if min_confidence is not None:
        allowed = _allowed_confidence(min_confidence)
        kept = [t for t in kept if t.confidence_key in allowed]
    excluded = _work_expanded(_as_set(exclude_sources) or set(), recs.works)
    if excluded:
        kept = [t for t in kept if not excluded & set(t.sources)]
    if known_starts_only and recs.has_start_basis:
        kept = [t for t in kept if t.start_basis != "first_documented"]

    rows = []
    for tie in kept:
        u = mapping.get(tie.source)
        v = mapping.get(tie.target)
        if u is None or v is None or u == v:
            continue
        if u not in members or v not in members or u in dropped_nodes or v in dropped_nodes:
            continue
        rows.append((tie, u, v))
    if count == "episodes":
        sizes = Counter(tie.episode or tie.id for tie, *_ in rows)
        shares = [1 / sizes[tie.episode or tie.id] for tie, *_ in rows]
    else:
        shares = [1] * len(rows)
    graph = _build(
        [(tie, u, v, share) for (tie, u, v), share in zip(rows, shares, strict=True)],
        recs.actors,
        directed=directed,
    )

    folded: dict[str, set[str]] = {}
    for tie in kept:
        for end in (tie.source, tie.target):
            node = mapping.get(end)
            if node in graph:
                folded.setdefault(node, set()).add(end)
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
    data : Dataset or Records
        The dataset (anything with ``ties`` and ``actors`` tables; ``axis_periods`` and
        ``sources`` are used when present), or its :func:`records` when drawing many networks.
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
    data : Dataset or Records
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
