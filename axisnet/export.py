"""The network for other tools: GraphML, GEXF and CSV files, and the data package as one zip.

For a date, :func:`export_graphs` builds three graphs whose attributes every format accepts
(text, booleans, integers and floats; no missing values: an empty field is ``""``; lists are
joined with ``;``; dates are ISO strings):

* ``ties``: every tie active on the date among the axis's actors, one arc per tie in its
  recorded orientation (a ``MultiDiGraph`` keyed by tie id), as :func:`axisnet.graphs.snapshot`
  with ``multi=True`` builds it;
* ``network``: the same ties collapsed into one undirected edge per pair, weighted by the number
  of ties (:func:`axisnet.graphs.snapshot`);
* ``cooperative``: the book's main series (:func:`axisnet.graphs.cooperative_network`):
  organisations only, Iran's organs merged into ``iran``, cooperative ties only, weighted.

:func:`write_graph` writes one graph as ``<name>.graphml``, ``<name>.gexf``,
``<name>-nodes.csv`` and ``<name>-edges.csv``; :func:`export` does so for one date or for every
date of :data:`axisnet.graphs.BOOK_SNAPSHOTS` (:func:`book_dates`), with a README describing the
files; :func:`write_zip` packs the data package, the book's exports, a README and the licence
into one deterministic zip, and :func:`book_zip` makes that zip at the book's dates once per
version of its inputs (:func:`zip_key`): the download the site offers.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from networkx.readwrite.gexf import GEXFWriter

from axisnet import graphs
from axisnet.data import (
    ARTICLE_DATE,
    DESCRIPTOR,
    TIE_LAYERS,
    TIE_SEMANTICS,
    TIE_TYPES,
    data_version,
)
from axisnet.paths import files_digest

__all__ = [
    "DEFAULT_EXPORT_DIR",
    "GRAPH_NAMES",
    "LICENCE_FILES",
    "ZIP_STEM",
    "ExportError",
    "book_dates",
    "book_until",
    "book_zip",
    "export",
    "export_graphs",
    "package_files",
    "portable",
    "write_graph",
    "write_zip",
    "zip_inputs",
    "zip_key",
    "zip_name",
]

#: Where ``python -m axisnet export`` writes by default (relative to the working directory).
DEFAULT_EXPORT_DIR = Path("_build") / "exports"

#: The graphs written for each date, in order.
GRAPH_NAMES: tuple[str, ...] = ("ties", "network", "cooperative")

#: The licence files shipped with the data (relative to the repository's root): the zip holds
#: data and networks, no code, so the code's licence (``LICENSE``) stays in the repository.
LICENCE_FILES: tuple[str, ...] = ("LICENSE-CONTENT.md",)

#: Start of the zip's name and of its one top folder: ``<ZIP_STEM>-<data version>``.
ZIP_STEM = "axis-network-data"

# Attribute names GEXF reserves for its own use, renamed on the way out (same name in every
# format): a tie's ``type``, ``start`` and ``end`` would become GEXF's edge kind and time span.
_RENAMED = {"type": "tie_type", "start": "start_date", "end": "end_date"}
# Columns that are the node or the edge itself, not attributes.
_NOT_ATTRIBUTES = {"id", "from_actor", "to_actor"}
# Fixed time stamp of every zip entry (the earliest a zip can hold), for identical bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_ROOT = Path(__file__).resolve().parent.parent


class ExportError(ValueError):
    """The export cannot be made (bad date, unknown layer, unwritable folder).

    Examples
    --------
    >>> from axisnet import load
    >>> export_graphs(load(), "2020-01-02", layers="gossip")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    axisnet.export.ExportError: unknown layer(s): gossip (known: ...)
    """


def _value(value: Any) -> str | bool | int | float:
    """One attribute value in a type GraphML and GEXF accept."""
    if isinstance(value, (tuple, list)):
        return ";".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _row_attributes(row: Mapping[str, Any]) -> dict[str, Any]:
    """A table row as portable attributes (reserved names renamed, identity columns dropped)."""
    return {
        _RENAMED.get(key, key): _value(value)
        for key, value in row.items()
        if key not in _NOT_ATTRIBUTES
    }


def _ordered(values: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(set(values), key=lambda v: (rank.get(v, len(rank)), v)))


def portable(graph: nx.Graph, data: Any, **info: Any) -> nx.Graph:
    """A copy of a graph built by :mod:`axisnet.graphs` with every attribute made portable.

    Nodes carry every column of their ``actors`` row (``label`` is the name, the label Gephi
    shows), and ``folded`` when the graph has it. Arcs of a ``MultiDiGraph`` carry every column
    of their ``ties`` row (``type``, ``start`` and ``end`` renamed ``tie_type``, ``start_date``
    and ``end_date``) with the tie's ``layer`` and ``sign``; collapsed edges carry an ``id``
    (``<a>--<b>``), the tie ``ids``, ``types``, ``layers``, the number of ``ties``, the
    ``weight`` (float), ``confidence`` (the highest), ``sources`` and ``episodes``.

    Parameters
    ----------
    graph : networkx.Graph
        A graph from :func:`~axisnet.graphs.snapshot` or
        :func:`~axisnet.graphs.cooperative_network`.
    data : Dataset
        The tables it was built from (anything with ``actors`` and ``ties``).
    **info
        Graph attributes to set (such as the date), made portable too.

    Returns
    -------
    networkx.Graph
        Same class, nodes and edges, in the same order.

    Examples
    --------
    >>> from axisnet import load
    >>> data = load()
    >>> G = portable(graphs.snapshot(data, "2019-12-31", multi=True), data, at="2019-12-31")
    >>> G.edges["soleimani", "quds-force", "soleimani-leads-quds-force"]["tie_type"]
    'leadership'
    """
    actors = {str(r["id"]): r for r in data.actors.to_dict("records")}
    ties = {str(r["id"]): r for r in data.ties.to_dict("records")}
    out = graph.__class__()
    out.graph.update({key: _value(value) for key, value in info.items()})
    for node, attrs in graph.nodes(data=True):
        row = actors.get(str(node), {})
        values = {"label": _value(row.get("name", node)), **_row_attributes(row)}
        if "folded" in attrs:
            values["folded"] = _value(attrs["folded"])
        out.add_node(node, **values)
    if graph.is_multigraph():
        for u, v, key, attrs in graph.edges(keys=True, data=True):
            row = ties[str(attrs["id"])]
            semantics = TIE_SEMANTICS[str(row["type"])]
            values = {"id": str(key), **_row_attributes(row)}
            values.update(layer=semantics.layer, sign=semantics.sign)
            out.add_edge(u, v, key=key, **values)
        return out
    for u, v, attrs in graph.edges(data=True):
        types = attrs["types"]
        out.add_edge(
            u,
            v,
            id=f"{u}--{v}",
            ids=_value(attrs["ids"]),
            types=_value(types),
            layers=_value(_ordered((TIE_SEMANTICS[t].layer for t in types), TIE_LAYERS)),
            ties=int(attrs["ties"]),
            weight=float(attrs["weight"]),
            confidence=_value(attrs.get("confidence")),
            sources=_value(attrs["sources"]),
            episodes=_value(attrs["episodes"]),
        )
    return out


def _layers(layers: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """Check ``layers`` (``None``: every layer) and return them in codebook order."""
    if layers is None:
        return None
    chosen = {layers} if isinstance(layers, str) else set(layers)
    unknown = sorted(chosen - set(TIE_LAYERS))
    if unknown or not chosen:
        raise ExportError(
            f"unknown layer(s): {', '.join(unknown) or '(none given)'} "
            f"(known: {', '.join(TIE_LAYERS)})"
        )
    return _ordered(chosen, TIE_LAYERS)


def export_graphs(
    data: Any,
    at: str | pd.Timestamp,
    *,
    layers: str | Iterable[str] | None = None,
    **info: Any,
) -> dict[str, nx.Graph]:
    """The graphs of :data:`GRAPH_NAMES` on date ``at``, with portable attributes.

    Parameters
    ----------
    data : Dataset
        The dataset (anything with ``ties``, ``actors`` and optionally ``axis_periods``).
    at : str or pandas.Timestamp
        The date.
    layers : str or iterable of str, optional
        Keep only ties of these layers (``None``: every layer). The ``cooperative`` graph keeps
        the cooperative layers among them, and has no edge if there is none.
    **info
        Further graph attributes (such as ``until`` or ``data_version``).

    Returns
    -------
    dict of str to networkx.Graph
        ``ties`` (``MultiDiGraph``), ``network`` and ``cooperative`` (``Graph``); each has the
        graph attributes ``at``, ``layers`` and those of ``info``.

    Raises
    ------
    ExportError
        If a layer is unknown.

    Examples
    --------
    >>> from axisnet import load
    >>> exported = export_graphs(load(), "2020-01-02")
    >>> sorted(exported), exported["ties"].is_multigraph()
    (['cooperative', 'network', 'ties'], True)
    """
    chosen = _layers(layers)
    when = pd.Timestamp(at)
    types = None if chosen is None else [t for t in TIE_TYPES if TIE_SEMANTICS[t].layer in chosen]
    cooperative = [
        layer for layer in graphs.COOPERATIVE_LAYERS if chosen is None or layer in chosen
    ]
    built = {
        "ties": graphs.snapshot(data, when, types=types, multi=True),
        "network": graphs.snapshot(data, when, types=types),
        "cooperative": graphs.cooperative_network(data, when, layers=cooperative),
    }
    kept = {
        "ties": chosen or TIE_LAYERS,
        "network": chosen or TIE_LAYERS,
        "cooperative": cooperative,
    }
    return {
        name: portable(built[name], data, name=name, at=when, layers=kept[name], **info)
        for name in GRAPH_NAMES
    }


def _csv_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_text(row.get(column, "")) for column in header])


def _columns(items: Iterable[Mapping[str, Any]], first: Sequence[str]) -> list[str]:
    columns = list(first)
    for attrs in items:
        columns += [key for key in attrs if key not in columns]
    return columns


def write_graph(graph: nx.Graph, folder: Path | str, name: str) -> list[Path]:
    """Write one portable graph as GraphML, GEXF and two CSV files (nodes, edges).

    Parameters
    ----------
    graph : networkx.Graph
        A graph from :func:`export_graphs` (every attribute portable).
    folder : path
        An existing folder.
    name : str
        Base name of the files: ``<name>.graphml``, ``<name>.gexf``, ``<name>-nodes.csv``
        (``id`` then the node attributes) and ``<name>-edges.csv`` (``source``, ``target``,
        then the edge attributes, ``id`` first).

    Returns
    -------
    list of pathlib.Path
        The four files, in that order.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", id="a--b", weight=1.0)
    >>> [p.name for p in write_graph(G, tempfile.mkdtemp(), "tiny")]
    ['tiny.graphml', 'tiny.gexf', 'tiny-nodes.csv', 'tiny-edges.csv']
    """
    folder = Path(folder)
    paths = [
        folder / f"{name}{suffix}" for suffix in (".graphml", ".gexf", "-nodes.csv", "-edges.csv")
    ]
    nx.write_graphml(graph, paths[0], named_key_ids=True)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    if meta is not None:  # the writer stamps today's date: leave it out, for identical bytes
        meta.attrib.pop("lastmodifieddate", None)
    with paths[1].open("wb") as handle:
        writer.write(handle)
    nodes = [{"id": node, **attrs} for node, attrs in graph.nodes(data=True)]
    _write_csv(paths[2], _columns(nodes, ["id"]), nodes)
    edges = [{"source": u, "target": v, **attrs} for u, v, attrs in graph.edges(data=True)]
    _write_csv(paths[3], _columns(edges, ["source", "target", "id"]), edges)
    return paths


def book_until(at: str | pd.Timestamp) -> pd.Timestamp | None:
    """The data the chapters draw a date from: up to the article's date, the dataset as it stood
    then (chapters 1 to 7 load ``load(until=ARTICLE_DATE)``); after it, all data (``None``).

    Parameters
    ----------
    at : str or pandas.Timestamp
        The date of the network.

    Returns
    -------
    pandas.Timestamp or None
        The cut-off to load the data with.

    Examples
    --------
    >>> book_until("2019-12-31").date(), book_until("2024-12-31")
    (datetime.date(2022, 7, 31), None)
    """
    return ARTICLE_DATE if pd.Timestamp(at) <= ARTICLE_DATE else None


def book_dates() -> dict[str, tuple[pd.Timestamp, pd.Timestamp | None]]:
    """Every date of :data:`~axisnet.graphs.BOOK_SNAPSHOTS` with the data the chapters draw it
    from (:func:`book_until`), as :func:`export` takes them.

    Examples
    --------
    >>> book_dates()["2019-end"]
    (Timestamp('2019-12-31 00:00:00'), Timestamp('2022-07-31 00:00:00'))
    """
    return {name: (at, book_until(at)) for name, at in graphs.BOOK_SNAPSHOTS.items()}


def export(
    data: Any,
    dates: Mapping[str, tuple[pd.Timestamp, pd.Timestamp | None]],
    out: Path | str,
    *,
    layers: str | Iterable[str] | None = None,
) -> list[Path]:
    """Write the graphs of :func:`export_graphs` for several dates, and a README.

    Parameters
    ----------
    data : Dataset
        The whole dataset (:func:`axisnet.data.load`).
    dates : mapping of str to (date, until)
        For each name (the subfolder), the date of the network and the day the data are cut
        at (:meth:`~axisnet.data.Dataset.until`; ``None``: all data).
    out : path
        Output folder, created if needed: ``<out>/<name>/<graph>.<format>`` and
        ``<out>/README.md``.
    layers : str or iterable of str, optional
        See :func:`export_graphs`.

    Returns
    -------
    list of pathlib.Path
        Every file written, the README last.

    Raises
    ------
    ExportError
        If a layer is unknown or the folder cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from axisnet import load
    >>> dates = {"2020-01-02": (pd.Timestamp("2020-01-02"), None)}
    >>> files = export(load(), dates, tempfile.mkdtemp())
    >>> sorted({p.suffix for p in files})
    ['.csv', '.gexf', '.graphml', '.md']
    """
    chosen = _layers(layers)
    out = Path(out)
    version = data_version(data.path) if getattr(data, "path", None) else ""
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, (at, until) in dates.items():
            source = data.until(until) if until is not None else data
            folder = out / name
            folder.mkdir(exist_ok=True)
            info = {"until": until, "data_version": version}
            for graph_name, graph in export_graphs(source, at, layers=chosen, **info).items():
                written += write_graph(graph, folder, graph_name)
        readme = out / "README.md"
        readme.write_text(readme_text(dates, version, chosen), encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ExportError(f"cannot write to {out}: {reason}") from exc
    return [*written, readme]


def readme_text(
    dates: Mapping[str, tuple[pd.Timestamp, pd.Timestamp | None]],
    version: str,
    layers: Sequence[str] | None = None,
) -> str:
    """The README written beside the exports: the dates, the files and their attributes.

    Examples
    --------
    >>> text = readme_text({"2019-end": (pd.Timestamp("2019-12-31"), None)}, "1.0.0")
    >>> "| `2019-end/` | 2019-12-31 | all data (1.0.0) |" in text
    True
    """
    rows = [
        f"| `{name}/` | {pd.Timestamp(at).date().isoformat()} | "
        + (f"as it stood on {until.date().isoformat()}" if until is not None else "all data")
        + (f" ({version})" if version else "")
        + " |"
        for name, (at, until) in dates.items()
    ]
    kept = (
        "Every layer of ties is included."
        if layers is None
        else f"Only ties of these layers are included: {', '.join(layers)}."
    )
    lines = [
        "# The Axis of Resistance network, for other tools",
        "",
        "These files hold the network of the book *The Axis of Resistance as a Network* at the "
        "dates below, in formats that Gephi, igraph (R and Python), NetworkX and spreadsheets "
        f"read. They are made from the data package{f' version {version}' if version else ''} "
        "by `python -m axisnet export`; the codebook (`data/README.md`) defines every field. "
        "Licence: CC BY 4.0 (see `LICENSE-CONTENT.md`).",
        "",
        "## Dates",
        "",
        "| Folder | Network on | Data |",
        "|---|---|---|",
        *rows,
        "",
        "A network on a date holds the ties active that day (started on or before it, not ended "
        "before it). Data cut at an earlier day leave out what was recorded for later years "
        f"(the book's chapters 1 to 7 use the data as they stood on "
        f"{ARTICLE_DATE.date().isoformat()}, the day of the article). {kept}",
        "",
        "## Files in each folder",
        "",
        "Each graph comes as GraphML (`.graphml`), GEXF 1.2 (`.gexf`) and two CSV files "
        "(`-nodes.csv`, `-edges.csv`) with the same nodes, edges and attributes.",
        "",
        "| Graph | Nodes | Edges |",
        "|---|---|---|",
        "| `ties` | every axis actor with a tie on the date: states, state bodies, armed groups, "
        "parties, coalitions and persons, each its own node | one arc per tie, from "
        "`from_actor` to `to_actor` as recorded, parallel arcs kept (a directed multigraph); "
        "a tie with `directed` false (an alliance, a joint operation) is one arc all the same |",
        "| `network` | as `ties` | the same ties, one undirected edge per pair of actors; "
        "`weight` is the number of ties |",
        "| `cooperative` | organisations in the axis on the date; Iran's organs and officials "
        "merged into `iran`, persons folded into their organisation, coalitions left out "
        "beside their members | the cooperative ties between them (command, material, "
        "operational, political, illicit), one undirected edge per pair; `weight` is the "
        "number of ties. This is the book's main series. |",
        "",
        "## Attributes",
        "",
        "- Nodes: the actor id (the node id; `id` in the CSV), `label` (the actor's name) and "
        "every column of `actors.csv`; in `cooperative`, `folded` lists the actors merged into "
        "the node.",
        "- Arcs of `ties`: `id` (the tie id) and every column of `ties.csv` but the two ends, "
        "with `type`, `start` and `end` named `tie_type`, `start_date` and `end_date` (GEXF "
        "reserves the plain names), plus the tie's `layer` and `sign`.",
        "- Edges of `network` and `cooperative`: `id` (the pair), `ids` (the ties), `types`, "
        "`layers`, `ties` (their number), `weight`, `confidence` (the highest of the ties), "
        "`sources` and `episodes`.",
        "- An empty value means the field is not coded. Lists are joined with `;`. Dates are "
        "ISO dates: a start known only to the year or month is its first day, an end its last "
        "day; `start_precision` and `end_precision` say which.",
        "",
        "## Opening the files",
        "",
        "- Gephi: *File > Open* a `.gexf` or `.graphml` file.",
        '- R: `igraph::read_graph("ties.graphml", format = "graphml")`, or '
        '`igraph::graph_from_data_frame(read.csv("ties-edges.csv"), vertices = '
        'read.csv("ties-nodes.csv"))`.',
        '- Python: `networkx.read_graphml("ties.graphml")`, or the CSV files with pandas and '
        "`networkx.from_pandas_edgelist(edges, edge_attr=True, create_using=networkx.MultiDiGraph, "
        'edge_key="id")`.',
        "",
    ]
    return "\n".join(lines)


def _zip_entry(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content, compresslevel=9)


def zip_name(version: str) -> str:
    """The file name of the zip of a data version (stable: published links point at it).

    Parameters
    ----------
    version : str
        The data version.

    Returns
    -------
    str

    Examples
    --------
    >>> zip_name("1.2.0")
    'axis-network-data-1.2.0.zip'
    """
    return f"{ZIP_STEM}-{version}.zip"


def package_files(data: Path | str, root: Path | str = _ROOT) -> dict[str, Path]:
    """The files of the data package and the licences, by their path inside the zip.

    Parameters
    ----------
    data : path
        The data package's folder.
    root : path
        The repository's root (the licence files).

    Returns
    -------
    dict of str to pathlib.Path
        ``data/<name>`` for the descriptor, ``README.md`` (the codebook), ``CHANGELOG.md`` and
        every resource named in ``datapackage.json``; each of :data:`LICENCE_FILES`.

    Raises
    ------
    ExportError
        If the folder, the descriptor, a resource or a licence file is missing (naming it).

    Examples
    --------
    >>> sorted(package_files(_ROOT / "data"))[:2]
    ['LICENSE-CONTENT.md', 'data/CHANGELOG.md']
    """
    data, root = Path(data), Path(root)
    if not data.is_dir():
        raise ExportError(f"no data package folder at {data}")
    descriptor = data / DESCRIPTOR
    try:
        resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
        names = [str(r["path"]) for r in resources]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"cannot read the resources of {descriptor}: {exc}") from exc
    files = {f"data/{name}": data / name for name in (DESCRIPTOR, "README.md", "CHANGELOG.md")}
    files.update({f"data/{name}": data / name for name in names})
    files.update({name: root / name for name in LICENCE_FILES})
    missing = sorted(str(path) for path in files.values() if not path.is_file())
    if missing:
        raise ExportError(f"missing file(s) for the data zip: {', '.join(missing)}")
    return files


def zip_readme(version: str, dates: Sequence[str], book: Any = None) -> str:
    """The README at the top of the zip: what it holds, how to cite it, its licence.

    Parameters
    ----------
    version : str
        The data version.
    dates : sequence of str
        The folders of ``exports/``.
    book : axisnet.citation.BookInfo, optional
        The citation metadata (default: read from the repository).

    Examples
    --------
    >>> "`exports/2019-end/`" in zip_readme("1.0.0", ["2019-end"])
    True
    """
    from axisnet.citation import book_info, data_bibtex, data_citation, licence_words

    book = book or book_info(_ROOT)
    folders = ", ".join(f"`exports/{name}/`" for name in dates)
    lines = [
        f"# {book.data_title or 'The data of the book'}: version {version}",
        "",
        f"The data package of *{book.title}* at data version {version}, the network at the "
        "dates the book uses in formats other tools read, and the licence.",
        "",
        "## Contents",
        "",
        "| Path | What |",
        "|---|---|",
        "| `data/` | the Frictionless Data Package: `datapackage.json` (every table, field and "
        "constraint), the tables as CSV files, the codebook (`README.md`) and the changes "
        "between versions (`CHANGELOG.md`) |",
        f"| `exports/` | the network at each date of the book ({folders}) as GraphML, GEXF and "
        "node and edge CSV files; `exports/README.md` describes every file and attribute |",
        "| `LICENSE-CONTENT.md` | the licences of the book's text, figures and data |",
        "",
        "## How to cite",
        "",
        "Cite the data at the version you used; figures of the book name the data version they "
        "were drawn from.",
        "",
        data_citation(book),
        "",
        "```bibtex",
        data_bibtex(book),
        "```",
        "",
        "## Licence",
        "",
        f"The data and the exported networks: {licence_words(book.data_licence)} (see "
        "`LICENSE-CONTENT.md`). The sources the data cite (`data/sources.csv`) keep their "
        "publishers' terms.",
        "",
    ]
    return "\n".join(lines)


def write_zip(
    path: Path | str,
    exports: Path | str,
    *,
    root: Path | str = _ROOT,
    data: Path | str | None = None,
) -> Path:
    """Pack the data package, exported networks, a README and the licence into one zip.

    Entries sit in one folder ``axis-network-data-<version>/``: ``README.md``
    (:func:`zip_readme`), ``data/`` (:func:`package_files`), ``exports/`` (every file under
    ``exports``) and the licence files. Entries are sorted and carry a fixed time stamp, so the
    same inputs give the same bytes.

    Parameters
    ----------
    path : path
        The zip to write (its folder is created if needed).
    exports : path
        A folder written by :func:`export`.
    root : path
        The repository's root (the licence files, ``CITATION.cff``).
    data : path, optional
        The data package's folder (default: ``<root>/data``).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ExportError
        If a file of the package, the licence or the exports folder is missing.

    Examples
    --------
    >>> folder = Path(tempfile.mkdtemp())
    >>> zipped = write_zip(folder / "data.zip", folder)
    >>> any(n.endswith("/data/actors.csv") for n in zipfile.ZipFile(zipped).namelist())
    True
    """
    root = Path(root)
    data = Path(data) if data is not None else root / "data"
    files = package_files(data, root)
    exports = Path(exports)
    if not exports.is_dir():
        raise ExportError(f"no exports folder at {exports}")
    files.update(
        {
            f"exports/{p.relative_to(exports).as_posix()}": p
            for p in exports.rglob("*")
            if p.is_file()
        }
    )
    from axisnet.citation import book_info

    version = data_version(data)
    book = replace(book_info(root), data_version=version)
    dates = _ordered((p.name for p in exports.iterdir() if p.is_dir()), list(book_dates()))
    contents = {name: file.read_bytes() for name, file in files.items()}
    contents["README.md"] = zip_readme(version, dates, book).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(contents):
            _zip_entry(archive, f"{ZIP_STEM}-{version}/{name}", contents[name])
    path.write_bytes(buffer.getvalue())
    return path


def zip_inputs(root: Path | str = _ROOT, data: Path | str | None = None) -> dict[str, Path]:
    """Every file the zip of :func:`book_zip` is made from, by a name relative to ``root``.

    The files of :func:`package_files`, ``CITATION.cff`` (the README's citation) and the
    package's code (the exports).

    Parameters
    ----------
    root : Path or str
        The repository's folder.
    data : Path or str, optional
        The data folder (default: ``data`` in ``root``).

    Returns
    -------
    dict[str, Path]

    Examples
    --------
    >>> {"CITATION.cff", "axisnet/export.py", "data/ties.csv"} <= set(zip_inputs())
    True
    """
    root = Path(root)
    files = package_files(Path(data) if data is not None else root / "data", root)
    files["CITATION.cff"] = root / "CITATION.cff"
    package = Path(__file__).resolve().parent
    files.update({f"axisnet/{p.name}": p for p in package.glob("*.py")})
    return files


def zip_key(root: Path | str = _ROOT, data: Path | str | None = None) -> str:
    """A digest of the files of :func:`zip_inputs`: the same key means the same zip.

    Parameters
    ----------
    root, data
        As for :func:`zip_inputs`.

    Returns
    -------
    str
        16 hexadecimal digits.

    Examples
    --------
    >>> len(zip_key())
    16
    """
    return files_digest(zip_inputs(root, data))


def book_zip(
    cache: Path | str, *, root: Path | str = _ROOT, data: Path | str | None = None
) -> Path:
    """The zip of the data package and of the networks at the book's dates, made only when
    its inputs changed.

    The zip is kept as ``<cache>/<key>/<zip_name>`` (:func:`zip_key`, :func:`zip_name`): with
    the same inputs it is found there and not made again; when they change it is made (the
    exports of :func:`book_dates` in a temporary folder, then :func:`write_zip`) and the zips
    of other keys are removed.

    Parameters
    ----------
    cache : path
        A folder the zip is kept in between builds.
    root : path
        The repository's root.
    data : path, optional
        The data package's folder (default: ``<root>/data``).

    Returns
    -------
    pathlib.Path
        The zip.

    Raises
    ------
    ExportError
        If a file is missing or the cache cannot be written.
    axisnet.data.DataError
        If the data package is not valid.

    Examples
    --------
    >>> with tempfile.TemporaryDirectory() as cache:
    ...     book_zip(cache).name == zip_name(data_version())
    True
    """
    from axisnet.data import load

    root = Path(root)
    data = Path(data) if data is not None else root / "data"
    cache = Path(cache)
    key = zip_key(root, data)
    target = cache / key / zip_name(data_version(data))
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        exports = Path(tmp) / "exports"
        export(load(data), book_dates(), exports)
        partial = Path(tmp) / target.name
        write_zip(partial, exports, root=root, data=data)
        try:
            for old in cache.glob("*") if cache.is_dir() else ():
                if old.is_dir() and old.name != key:
                    shutil.rmtree(old)
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            shutil.copyfile(partial, part)
            part.replace(target)  # whole or absent, even if the build stops halfway
        except OSError as exc:
            raise ExportError(f"cannot write to {cache}: {exc.strerror or exc}") from exc
    return target
