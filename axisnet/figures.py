"""Citable figures: a registry for chapter charts and their export for citation.

A chapter registers each chart it shows::

    from myst_nb import glue
    from axisnet import figures

    fig = figures.register(
        "fig-hierarchy-decapitation", chart, data=table,
        title="...", caption="...", alt="...",
        sources=["ezzeddine-azizi-2022"], chapter="hierarchy",
    )
    glue("fig-hierarchy-decapitation", fig.chart, display=False)

and shows it with a ``{glue:figure}`` directive whose ``:name:`` is the figure ID.

When the environment variable ``AXISNET_FIGURES_DIR`` names a directory, :func:`register`
also writes the canonical Vega-Lite spec (``<id>.vl.json``), the data behind the chart
(``<id>.csv``) and the figure's metadata (``<id>.meta.json``) there.
:func:`export_all` executes every chapter notebook with that variable set and turns what the
notebooks registered into ``figures/<id>.{svg,png,pdf,csv,vl.json}``, ``figures/index.csv``
and the figure index page ``chapters/appendix-figures.md``.

Figure numbers are computed the way Sphinx assigns them (``numfig``): from the order of the
book's ``_toc.yml`` and the order of numbered figure directives inside each document.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair
import pandas as pd

from axisnet.charts import CONTAINER_WIDTH, FONTS_DIR
from axisnet.data import DESCRIPTOR, data_version
from axisnet.notebook import escape_markdown

__all__ = [
    "BOOK_LICENCE",
    "EXPORT_HEIGHT",
    "EXPORT_WIDTH",
    "ENV_VAR",
    "FORMATS",
    "COMMITTED_FORMATS",
    "PNG_PPI",
    "BookInfo",
    "ExportedFigure",
    "Figure",
    "FigureError",
    "appendix_markdown",
    "book_bibtex",
    "book_citation",
    "book_info",
    "canonical_json",
    "clear",
    "collect",
    "document_figures",
    "read_notebook",
    "execute_notebook",
    "export_all",
    "figure_bibtex",
    "figure_citation",
    "figure_numbers",
    "get",
    "index_csv",
    "normalise_svg",
    "register",
    "registered",
    "render",
    "render_pdf",
    "export_spec",
    "toc_documents",
    "write_outputs",
]

#: Environment variable naming the directory that :func:`register` writes specs and data to.
ENV_VAR = "AXISNET_FIGURES_DIR"
#: Pixels per inch of the exported PNG. vl-convert treats one chart pixel as one point
#: (1/72 inch, the unit of the PDF page), so a chart ``w`` pixels wide prints ``w / 72``
#: inches wide, and the PNG holds ``w * PNG_PPI / 72`` pixels across: 300 dpi at that size.
PNG_PPI = 300
#: Width and height (pixels = points) given to a chart sized to its HTML container
#: (``width="container"``) when it is exported; the page sets its size on the site.
EXPORT_WIDTH = CONTAINER_WIDTH
EXPORT_HEIGHT = 400
#: Licence of the figures and of the data behind them.
BOOK_LICENCE = "CC-BY-4.0"
#: File formats written for each figure, in the order they are listed in the index.
FORMATS = ("svg", "png", "pdf", "csv", "vl.json")
#: Formats kept in git: byte-stable on any machine. The PDF is written by the book build.
COMMITTED_FORMATS = ("svg", "png", "csv", "vl.json")
_FONT_REGISTERED = False

ID_PATTERN = re.compile(r"^fig-[a-z0-9-]+$")
CHAPTER_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
INDEX_COLUMNS = (
    "id",
    "number",
    "title",
    "caption",
    "alt",
    "chapter",
    "sources",
    "licence",
    "data_version",
    "suggested_citation",
    "files",
)
_LOG_NAME = "registrations.log"
_ROOT = Path(__file__).resolve().parent.parent


class FigureError(ValueError):
    """A figure could not be registered or exported; the message lists every problem."""

    def __init__(self, subject: str, problems: Sequence[str]) -> None:
        self.subject = subject
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{subject}:\n{lines}")


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A registered figure: the chart, the data behind it and its citation metadata."""

    id: str
    chart: Any
    data: pd.DataFrame = field(repr=False)
    title: str
    caption: str
    alt: str
    sources: tuple[str, ...]
    chapter: str
    #: The chart's Vega-Lite specification, validated once by :func:`register`.
    _spec: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """The anchor of the figure's entry on the figure index page (``cite-<id>``)."""
        return f"cite-{self.id}"

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite specification of the chart, as a dict (a fresh copy on every call)."""
        if self._spec is None:
            return self.chart.to_dict()
        return copy.deepcopy(self._spec)

    def spec_json(self) -> str:
        """The Vega-Lite specification as canonical JSON (see :func:`canonical_json`)."""
        return canonical_json(self._spec if self._spec is not None else self.spec())

    def data_csv(self) -> str:
        """The data behind the chart as CSV text (see :func:`_frame_to_csv`)."""
        return _frame_to_csv(self.data)

    def metadata(self) -> dict[str, Any]:
        """Title, caption, alt text, sources and chapter, as a JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "caption": self.caption,
            "alt": self.alt,
            "sources": list(self.sources),
            "chapter": self.chapter,
        }


_REGISTRY: dict[str, Figure] = {}


def register(
    id: str,
    chart: Any,
    *,
    data: pd.DataFrame,
    title: str,
    caption: str,
    alt: str,
    sources: Iterable[str],
    chapter: str,
    source_ids: Iterable[str] | None = None,
) -> Figure:
    """Validate a chart and its metadata, record it, and return a :class:`Figure`.

    Args:
        id: Stable figure ID, ``fig-`` followed by lower-case letters, digits and hyphens.
            It is also the ``:name:`` of the chapter's ``{glue:figure}`` directive.
        chart: An Altair chart (any top-level chart: layered, concatenated, ...).
        data: The data behind the chart, published as ``<id>.csv``.
        title: Short title, shown in the figure index.
        caption: Caption in the book's own words (MyST Markdown allowed).
        alt: Alt text for screen readers. If the chart has no ``description``, the returned
            figure's chart gets this text as its description.
        sources: Source IDs from the dataset's ``sources`` table.
        chapter: Chapter key, e.g. ``"hierarchy"``.
        source_ids: Known source IDs; by default, read from ``data/sources.csv``.

    Returns:
        The registered figure; glue ``figure.chart`` (it carries the description).

    Raises:
        FigureError: Listing every problem found. Registering an ID again from the same
            chapter replaces the earlier entry (a re-run cell); from another chapter it fails.
    """
    problems: list[str] = []
    if not isinstance(id, str) or not ID_PATTERN.match(id):
        problems.append(f"id {id!r} does not match {ID_PATTERN.pattern}")
    for name, value in (("title", title), ("caption", caption), ("alt", alt)):
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{name} must be a non-empty string")
    if not isinstance(chapter, str) or not CHAPTER_PATTERN.match(chapter):
        problems.append(f"chapter {chapter!r} is not a lower-case slug")
    if not (hasattr(chart, "to_dict") and hasattr(chart, "properties")):
        problems.append(f"chart must be an Altair chart, not {type(chart).__name__}")
    if not isinstance(data, pd.DataFrame):
        problems.append(f"data must be a pandas DataFrame, not {type(data).__name__}")
    elif data.columns.empty:
        problems.append("data has no columns")
    if isinstance(sources, str):
        problems.append("sources must be a list of source IDs, not a string")
        source_list: list[str] = []
    else:
        source_list = list(sources)
        if not source_list:
            problems.append("sources must name at least one source")
        if len(set(source_list)) != len(source_list):
            problems.append("sources lists an ID more than once")
        known = set(source_ids) if source_ids is not None else _dataset_source_ids()
        unknown = [s for s in source_list if s not in known]
        if unknown:
            problems.append(f"unknown source IDs (not in the sources table): {', '.join(unknown)}")
    earlier = _REGISTRY.get(id) if isinstance(id, str) else None
    if earlier is not None and earlier.chapter != chapter:
        problems.append(f"id {id!r} is already registered by chapter {earlier.chapter!r}")
    if problems:
        raise FigureError(f"cannot register figure {id!r}", problems)

    if not _has_description(chart):
        chart = chart.properties(description=alt.strip())
    # Serialised and validated against the Vega-Lite schema once, here (fails early if the
    # chart is invalid); the figure's chart then shows this same spec in Jupyter.
    spec = chart.to_dict()
    figure = Figure(
        id=id,
        chart=_showing(chart, spec),
        data=data,
        title=title.strip(),
        caption=caption.strip(),
        alt=alt.strip(),
        sources=tuple(source_list),
        chapter=chapter,
        _spec=spec,
    )
    spec_json = figure.spec_json()
    _REGISTRY[id] = figure
    out = os.environ.get(ENV_VAR)
    if out:
        _write_registration(figure, spec_json, Path(out))
    return figure


def get(id: str) -> Figure:
    """Return the registered figure with this ID (KeyError if there is none)."""
    return _REGISTRY[id]


def registered() -> list[Figure]:
    """All figures registered in this session, in registration order."""
    return list(_REGISTRY.values())


def clear() -> None:
    """Forget every registered figure (for tests and fresh sessions)."""
    _REGISTRY.clear()


class _ShowsRegisteredSpec:
    """Mixin for the chart of a registered figure: Jupyter shows the spec that :func:`register`
    validated, instead of serialising and validating the chart again for every display.

    The spec is dropped (and the chart serialised as usual) when the chart is changed in place
    or when the active Altair theme or data transformer is no longer the one it was made with.
    Charts derived from it (``.properties()``, layers ...) are new objects and serialise as
    usual.
    """

    def _registered(self) -> dict[str, Any] | None:
        entry = self.__dict__.get("_registered_spec")
        if entry is None:
            return None
        spec, made_with = entry
        if made_with != _altair_settings():
            return None
        return spec

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        spec = self._registered()
        if spec is None:
            return super()._repr_mimebundle_(*args, **kwargs)  # type: ignore[misc]
        renderer = altair.renderers.get()
        return renderer(copy.deepcopy(spec)) if renderer else None

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__.pop("_registered_spec", None)
        super().__setattr__(name, value)

    def __setitem__(self, name: str, value: Any) -> None:
        self.__dict__.pop("_registered_spec", None)
        super().__setitem__(name, value)  # type: ignore[misc]


_SHOWING: dict[type, type] = {}


def _altair_settings() -> tuple[str | None, str | None]:
    return altair.theme.active, altair.data_transformers.active


def _showing(chart: Any, spec: dict[str, Any]) -> Any:
    """A shallow copy of ``chart`` that Jupyter displays from ``spec`` (its validated spec).

    Its type is a subclass of the chart's own with the same name, so it is still an instance
    of ``alt.LayerChart`` (or whatever the chart is) and reads the same (``alt.LayerChart(...)``).
    """
    cls = type(chart)
    if not hasattr(chart, "_repr_mimebundle_") or not hasattr(chart, "copy"):
        return chart
    if cls not in _SHOWING:
        _SHOWING[cls] = type(
            cls.__name__,
            (_ShowsRegisteredSpec, cls),
            {"__module__": cls.__module__, "__qualname__": cls.__qualname__},
        )
    shown = chart.copy(deep=False)
    object.__setattr__(shown, "__class__", _SHOWING[cls])
    shown.__dict__["_registered_spec"] = (spec, _altair_settings())
    return shown


def _has_description(chart: Any) -> bool:
    value = getattr(chart, "description", None)
    return isinstance(value, str) and bool(value.strip())


def _dataset_source_ids(data_dir: Path | None = None) -> set[str]:
    """Source IDs in ``sources.csv`` of the dataset (by default the folder that
    :func:`axisnet.data.load` reads: ``AXISNET_DATA_DIR`` if set, else the book's ``data/``)."""
    from axisnet.data import data_dir as _data_dir

    path = _data_dir(data_dir) / "sources.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return {row["id"] for row in csv.DictReader(fh) if row.get("id")}
    except FileNotFoundError as exc:
        raise FigureError("cannot check sources", [f"{path} does not exist"]) from exc


def _write_registration(figure: Figure, spec_json: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _write_text(out / f"{figure.id}.vl.json", spec_json)
    _write_text(out / f"{figure.id}.csv", figure.data_csv())
    _write_text(out / f"{figure.id}.meta.json", canonical_json(figure.metadata()))
    with (out / _LOG_NAME).open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(figure.id + "\n")


# --------------------------------------------------------------------------------------------
# Canonical text forms
# --------------------------------------------------------------------------------------------


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys, two-space indent, UTF-8 characters kept, and a final newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV of a data frame: no index, ``\\n`` line ends; tuples/lists joined with ``;``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, list | tuple) else v
            )
    return out.to_csv(index=False, lineterminator="\n")


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def normalise_svg(svg: str) -> str:
    """Make an SVG from vl-convert byte-stable.

    Vega numbers clip paths and gradients with counters that keep running within a process
    (``clip1``, ``gradient_0`` ...), so the same chart exported twice differs. Every ``id`` is
    renamed to ``<prefix><n>``, ``n`` counting from 0 in order of first appearance per prefix,
    and every ``url(#...)`` / ``href="#..."`` reference follows. A final newline is added.
    """
    mapping: dict[str, str] = {}
    counters: dict[str, int] = {}
    for old in _SVG_ID.findall(svg):
        if old in mapping:
            continue
        prefix = re.sub(r"\d+$", "", old)
        counters[prefix] = counters.get(prefix, -1) + 1
        mapping[old] = f"{prefix}{counters[prefix]}"
    if mapping:
        pattern = re.compile(
            r'(\bid="|url\(#|href="#)('
            + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
            + r')(?=[")])'
        )
        svg = pattern.sub(lambda m: m.group(1) + mapping[m.group(2)], svg)
    return svg if svg.endswith("\n") else svg + "\n"


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Book metadata and citations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookInfo:
    """What a citation of the book needs, read from ``CITATION.cff`` and ``_config.yml``."""

    title: str
    authors: str
    version: str
    date_released: str
    licence: str
    url: str = ""
    #: Version of the data package the figures are drawn from (``data/datapackage.json``).
    data_version: str = ""

    @property
    def year(self) -> str:
        """Year of the release."""
        return self.date_released[:4]


def book_info(root: Path | str | None = None) -> BookInfo:
    """Read the book's citation metadata from ``CITATION.cff`` (and the base URL, if any,
    from ``_config.yml``'s ``html.baseurl``)."""
    import yaml

    root = Path(root) if root is not None else _ROOT
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    names = []
    for author in cff.get("authors", []):
        if "name" in author:
            names.append(str(author["name"]))
        else:
            names.append(f"{author.get('family-names', '')}, {author.get('given-names', '')}")
    url = ""
    config = root / "_config.yml"
    if config.exists():
        conf = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        url = str((conf.get("html") or {}).get("baseurl") or "").rstrip("/")
    return BookInfo(
        title=str(cff["title"]),
        authors=" and ".join(names),
        version=str(cff["version"]),
        date_released=str(cff["date-released"]),
        licence=str(cff.get("license", BOOK_LICENCE)),
        url=url,
        data_version=data_version(root / "data") if (root / "data" / DESCRIPTOR).exists() else "",
    )


def _licence_words(spdx: str) -> str:
    return {"CC-BY-4.0": "CC BY 4.0", "MIT": "MIT"}.get(spdx, spdx)


def book_citation(book: BookInfo) -> str:
    """Plain-text citation of the book."""
    text = f"{book.authors} ({book.year}). {book.title}. Version {book.version}{_data(book)}."
    return text + (f" {book.url}/" if book.url else "")


def _data(book: BookInfo) -> str:
    """``", data version X"`` for a citation, or nothing when the version is not known."""
    return f", data version {book.data_version}" if book.data_version else ""


def book_bibtex(book: BookInfo, key: str = "axisbook2026") -> str:
    """BibTeX entry for the book."""
    fields = [
        ("author", "{" + _bibtex_escape(book.authors) + "}"),
        ("title", _bibtex_escape(book.title)),
        ("year", book.year),
        ("version", book.version),
        ("note", f"Licence: {_licence_words(book.licence)}"),
    ]
    if book.url:
        fields.append(("url", book.url + "/"))
    return _bibtex_entry("book", key, fields)


def figure_citation(book: BookInfo, number: str, title: str, id: str) -> str:
    """Plain-text citation of one figure."""
    where = f" {book.url}/chapters/appendix-figures.html#{_anchor(id)}" if book.url else ""
    return (
        f'{book.authors} ({book.year}). "Figure {number}: {title}" (figure ID {id}). '
        f"In {book.title}, version {book.version}{_data(book)}. "
        f"Licence: {_licence_words(BOOK_LICENCE)}."
        f"{where}"
    )


def figure_bibtex(book: BookInfo, number: str, title: str, id: str) -> str:
    """BibTeX entry for one figure (key ``axisbook<year>-<id>``)."""
    fields = [
        ("author", "{" + _bibtex_escape(book.authors) + "}"),
        ("title", "{Figure " + number + ": " + _bibtex_escape(title) + "}"),
        ("booktitle", _bibtex_escape(book.title)),
        ("year", book.year),
        ("version", book.version),
        ("note", f"Figure ID {id}. Licence: {_licence_words(BOOK_LICENCE)}"),
    ]
    if book.url:
        fields.append(("url", f"{book.url}/chapters/appendix-figures.html#{_anchor(id)}"))
    return _bibtex_entry("incollection", f"axisbook{book.year}-{id}", fields)


def _anchor(id: str) -> str:
    return f"cite-{id}"


def _bibtex_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "&%$#_{}":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _bibtex_entry(kind: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


# --------------------------------------------------------------------------------------------
# Figure numbers, as Sphinx assigns them
# --------------------------------------------------------------------------------------------

#: Directives whose body is not MyST content (figures inside them are not figures).
_OPAQUE_DIRECTIVES = {
    "code",
    "code-block",
    "sourcecode",
    "code-cell",
    "literalinclude",
    "math",
    "raw",
    "eval-rst",
    "bibliography",
    "mermaid",
}
_FIGURE_DIRECTIVES = {"figure", "glue:figure"}


def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    return MarkdownIt("commonmark").use(colon_fence_plugin)


def _split_directive(content: str) -> tuple[dict[str, str], str]:
    """Split a directive's content into its options and its body."""
    lines = content.splitlines()
    options: dict[str, str] = {}
    i = 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            import yaml

            loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
            options = {str(k): str(v) for k, v in loaded.items()}
            i = end + 1
    else:
        while i < len(lines) and (m := re.match(r"^:([\w:-]+):\s*(.*)$", lines[i].strip())):
            options[m.group(1)] = m.group(2)
            i += 1
    return options, "\n".join(lines[i:])


def _markdown_figures(text: str, parser: Any = None) -> Iterator[str | None]:
    """Numbered figures (figure directives with a caption): their ``:name:``, or None."""
    parser = parser or _markdown_parser()
    for token in parser.parse(text):
        if token.type not in ("fence", "colon_fence"):
            continue
        m = re.match(r"^\{([^}\s]+)\}\s*(.*)$", token.info.strip())
        if not m:
            continue  # a plain code block
        name = m.group(1)
        if name in _OPAQUE_DIRECTIVES:
            continue
        options, body = _split_directive(token.content)
        if name in _FIGURE_DIRECTIVES and body.strip():
            yield options.get("name", "").strip() or None
        yield from _markdown_figures(body, parser)


def document_figures(path: Path | str) -> list[str | None]:
    """The numbered figures of one document (``.ipynb`` or ``.md``), in order.

    Sphinx numbers every figure that has a caption (one without a ``:name:`` gets an
    automatic id, and a number): a ``{figure}`` or ``{glue:figure}`` directive with a
    non-empty body, or a code cell whose ``mystnb.figure`` metadata has a caption. Each is
    listed by its name, or None if it has none.
    """
    path = Path(path)
    parser = _markdown_parser()
    nb = read_notebook(path)
    if nb is None:
        return list(_markdown_figures(path.read_text(encoding="utf-8"), parser))
    names: list[str | None] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            names.extend(_markdown_figures(cell.source, parser))
        elif cell.cell_type == "code":
            meta = (cell.metadata.get("mystnb") or {}).get("figure") or {}
            if str(meta.get("caption") or "").strip():
                names.append(str(meta.get("name") or "").strip() or None)
    return names


@dataclass(frozen=True)
class _TocEntry:
    docname: str
    secnum: tuple[int, ...]


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml

    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _walk_toc(root: Path) -> list[_TocEntry]:
    """Documents in Sphinx's traversal order with their chapter numbers.

    Follows Sphinx's numbering: entries of a ``numbered`` top-level toctree are numbered
    1, 2, ...; with Jupyter Book's ``use_multitoc_numbering`` (the default) the numbering
    continues across parts, otherwise each part restarts at 1. Documents nested under a
    numbered chapter (within the ``numbered`` depth) share its chapter number; all other
    documents are unnumbered (``()``).
    """
    from sphinx_external_toc.api import UrlItem
    from sphinx_external_toc.parsing import parse_toc_yaml

    site = parse_toc_yaml(root / "_toc.yml")
    config = _read_yaml(root / "_config.yml")
    multitoc = (config.get("html") or {}).get("use_multitoc_numbering", True)
    entries: list[_TocEntry] = []
    chapter = 0

    def walk(docname: str, secnum: tuple[int, ...], depth_left: float) -> None:
        entries.append(_TocEntry(docname, secnum))
        for subtree in site[docname].subtrees:
            for item in subtree.items:
                if isinstance(item, UrlItem):
                    continue
                child_secnum = secnum if depth_left > 1 else ()
                walk(item, child_secnum, depth_left - 1)

    entries.append(_TocEntry(site.root.docname, ()))
    for subtree in site.root.subtrees:
        if subtree.numbered and not multitoc:
            chapter = 0
        for item in subtree.items:
            if isinstance(item, UrlItem):
                continue
            if subtree.numbered:
                chapter += 1
                depth = float("inf") if subtree.numbered is True else float(subtree.numbered)
                walk(item, (chapter,), depth)
            else:
                walk(item, (), 0)
    return entries


def toc_documents(root: Path | str | None = None) -> list[str]:
    """Docnames of the book in reading order (root first), from ``_toc.yml``."""
    return [e.docname for e in _walk_toc(Path(root) if root is not None else _ROOT)]


def _find_document(root: Path, docname: str) -> Path | None:
    for suffix in (".ipynb", ".md", ".rst"):
        candidate = root / f"{docname}{suffix}"
        if candidate.exists():
            return candidate
    return None


def read_notebook(path: Path | str) -> Any | None:
    """The notebook in ``path`` (``.ipynb``, or a MyST Markdown notebook ``.md``), else None."""
    import nbformat

    path = Path(path)
    if path.suffix == ".ipynb":
        return nbformat.read(path, as_version=4)
    if path.suffix == ".md":
        from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

        text = path.read_text(encoding="utf-8")
        if is_myst_markdown_notebook(text):
            return read_myst_markdown_notebook(text, path=path)
    return None


def figure_numbers(root: Path | str | None = None) -> dict[str, str]:
    """Number of every numbered figure of the book, as the reader sees it (e.g. ``"3.2"``).

    Reads ``_toc.yml`` and each document, in the order Sphinx walks them; figures in
    numbered chapters are ``<chapter>.<n>`` (``numfig_secnum_depth`` 1, the default),
    figures elsewhere share one running count. Raises :class:`FigureError` for a figure
    name used twice or a ``numfig_secnum_depth`` other than 0 or 1.
    """
    root = Path(root) if root is not None else _ROOT
    sphinx_conf = ((_read_yaml(root / "_config.yml").get("sphinx") or {}).get("config")) or {}
    if not sphinx_conf.get("numfig", True):
        return {}
    depth = int(sphinx_conf.get("numfig_secnum_depth", 1))
    if depth not in (0, 1):
        raise FigureError("cannot number figures", [f"numfig_secnum_depth {depth} unsupported"])
    counters: dict[tuple[int, ...], int] = {}
    numbers: dict[str, str] = {}
    problems: list[str] = []
    for entry in _walk_toc(root):
        path = _find_document(root, entry.docname)
        if path is None:
            continue
        key = entry.secnum[:depth]
        for name in document_figures(path):
            counters[key] = counters.get(key, 0) + 1
            if name is None:
                continue
            if name in numbers:
                problems.append(f"figure name {name!r} is used twice ({entry.docname})")
            numbers[name] = ".".join(str(n) for n in (*key, counters[key]))
    if problems:
        raise FigureError("cannot number figures", problems)
    return numbers


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedFigure:
    """A figure as a notebook registered it: spec, data and metadata from disk."""

    id: str
    title: str
    caption: str
    alt: str
    sources: tuple[str, ...]
    chapter: str
    spec_json: str
    data_csv: str
    document: str = ""
    number: str = ""

    def files(self, prefix: str = "figures") -> list[str]:
        """Paths of the exported files, relative to the book root."""
        return [f"{prefix}/{self.id}.{fmt}" for fmt in FORMATS]


def collect(figures_dir: Path | str, document: str = "") -> list[ExportedFigure]:
    """Read what :func:`register` wrote to ``figures_dir``, in registration order.

    Raises :class:`FigureError` if an ID was registered more than once (a notebook run top
    to bottom registers each figure once).
    """
    figures_dir = Path(figures_dir)
    log = figures_dir / _LOG_NAME
    if not log.exists():
        return []
    ids = log.read_text(encoding="utf-8").split()
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        where = f" in {document}" if document else ""
        raise FigureError(
            f"duplicate figure IDs{where}", [f"{i} is registered more than once" for i in dupes]
        )
    out = []
    for id in ids:
        meta = json.loads((figures_dir / f"{id}.meta.json").read_text(encoding="utf-8"))
        out.append(
            ExportedFigure(
                id=id,
                title=meta["title"],
                caption=meta["caption"],
                alt=meta["alt"],
                sources=tuple(meta["sources"]),
                chapter=meta["chapter"],
                spec_json=(figures_dir / f"{id}.vl.json").read_text(encoding="utf-8"),
                data_csv=(figures_dir / f"{id}.csv").read_text(encoding="utf-8"),
                document=document,
            )
        )
    return out


def _vl_version(spec: Mapping[str, Any]) -> str | None:
    """The ``major.minor`` Vega-Lite version the spec was written for, if vl-convert has it."""
    import vl_convert as vlc

    m = re.search(r"/v(\d+\.\d+)(?:\.\d+)?\.json$", str(spec.get("$schema", "")))
    if m and m.group(1) in vlc.get_vegalite_versions():
        return m.group(1)
    return None


def _vl_convert() -> Any:
    """vl-convert with the book's chart font registered (once per process).

    Charts name only that font, so the exports do not depend on the fonts a machine has.
    """
    import vl_convert as vlc

    global _FONT_REGISTERED
    if not _FONT_REGISTERED:
        vlc.register_font_directory(str(FONTS_DIR))
        _FONT_REGISTERED = True
    return vlc


def export_spec(spec_json: str) -> tuple[dict[str, Any], str | None]:
    """The spec as exported (container sizes fixed) and its Vega-Lite version."""
    spec = json.loads(spec_json)
    for dim, size in (("width", EXPORT_WIDTH), ("height", EXPORT_HEIGHT)):
        if spec.get(dim) == "container":
            spec[dim] = size
    return spec, _vl_version(spec)


def render_pdf(spec_json: str, path: Path | str) -> Path:
    """Write the PDF of a figure's spec to ``path``.

    The PDF is not byte-stable (vl-convert orders embedded font objects differently from run
    to run), so it is not committed: the book build writes it next to the committed formats.
    """
    spec, version = export_spec(spec_json)
    path = Path(path)
    path.write_bytes(_vl_convert().vegalite_to_pdf(spec, version))
    return path


def render(
    figure: ExportedFigure, out_dir: Path | str, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write the figure in ``formats``: ``svg``, ``png`` (``PNG_PPI`` dpi), ``pdf``, ``csv``
    and ``vl.json``.

    Every format but the PDF is byte-stable: the chart font ships with the package and is the
    only font the charts name (see :data:`COMMITTED_FORMATS`).
    """
    vlc = _vl_convert()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec, version = export_spec(figure.spec_json)
    base = out_dir / figure.id
    if "svg" in formats:
        _write_text(base.with_suffix(".svg"), normalise_svg(vlc.vegalite_to_svg(spec, version)))
    if "png" in formats:
        (out_dir / f"{figure.id}.png").write_bytes(
            vlc.vegalite_to_png(spec, version, scale=1, ppi=PNG_PPI)
        )
    if "pdf" in formats:
        render_pdf(figure.spec_json, out_dir / f"{figure.id}.pdf")
    if "csv" in formats:
        _write_text(out_dir / f"{figure.id}.csv", figure.data_csv)
    if "vl.json" in formats:
        _write_text(out_dir / f"{figure.id}.vl.json", figure.spec_json)
    return [out_dir / f"{figure.id}.{fmt}" for fmt in FORMATS if fmt in formats]


def index_csv(figures: Sequence[ExportedFigure], book: BookInfo) -> str:
    """The figure index as CSV text (columns :data:`INDEX_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    for f in figures:
        writer.writerow(
            [
                f.id,
                f.number,
                f.title,
                f.caption,
                f.alt,
                f.chapter,
                ";".join(f.sources),
                BOOK_LICENCE,
                book.data_version,
                figure_citation(book, f.number, f.title, f.id),
                ";".join(f.files()),
            ]
        )
    return buffer.getvalue()


def appendix_markdown(figures: Sequence[ExportedFigure], book: BookInfo) -> str:
    """The "Figure index" page (MyST Markdown), linking from ``chapters/`` to ``figures/``."""
    lic = _licence_words(BOOK_LICENCE)
    parts = [
        "# Figure index",
        "",
        "Every figure of the book has a stable ID, a number and its own entry below, with the "
        "chart as SVG (scalable), PNG (300 dpi at print size) and PDF, the data behind it as "
        f"CSV, and a citation. Figures and their data are licensed under {lic}: reuse them "
        "freely, with attribution. `make figures` regenerates every file from the chapters; "
        "[How to cite](how-to-cite.md) explains the licences.",
        "",
        "## Cite the book",
        "",
        book_citation(book),
        "",
        "```bibtex",
        book_bibtex(book),
        "```",
        "",
        "## Figures",
        "",
    ]
    if not figures:
        parts += ["No chapter registers a figure in this version of the book.", ""]
    for f in figures:
        # Titles, captions and chapters are text, never Markdown: escape them.
        parts += [
            f"({_anchor(f.id)})=",
            f"### Figure {f.number}: {escape_markdown(f.title)}",
            "",
            f"```{{image}} ../figures/{f.id}.svg",
            f":alt: {_one_line(f.alt)}",
            ":width: 360px",
            "```",
            "",
            escape_markdown(f.caption),
            "",
            f"Figure ID `{f.id}`; chapter: {escape_markdown(f.chapter)}; sources: "
            + ", ".join(f"`{s}`" for s in f.sources)
            + ".",
            "",
            "Download: "
            + " · ".join(
                f"{{download}}`{label} <../figures/{f.id}.{fmt}>`"
                for label, fmt in (("SVG", "svg"), ("PNG", "png"), ("PDF", "pdf"), ("CSV", "csv"))
            ),
            "",
            "**Cite this figure**",
            "",
            escape_markdown(figure_citation(book, f.number, f.title, f.id)),
            "",
            "```bibtex",
            figure_bibtex(book, f.number, f.title, f.id),
            "```",
            "",
        ]
    return "\n".join(parts).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def execute_notebook(path: Path | str, figures_dir: Path | str, timeout: int = 600) -> None:
    """Run a notebook top to bottom on a fresh kernel, in its own directory, with
    ``AXISNET_FIGURES_DIR`` set to ``figures_dir``. Outputs are not saved."""
    from axisnet.notebook import execute

    path = Path(path).resolve()
    nb = read_notebook(path)
    if nb is None:
        raise FigureError(f"cannot execute {path}", ["it is neither .ipynb nor a MyST notebook"])
    saved = {k: os.environ.get(k) for k in (ENV_VAR, "PYTHONPATH")}
    os.environ[ENV_VAR] = str(Path(figures_dir).resolve())
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), saved["PYTHONPATH"]) if p)
    try:
        execute(nb, path.parent, timeout=timeout)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _chapter_key(docname: str) -> str | None:
    m = re.match(r"^\d+-(.+)$", Path(docname).name)
    return m.group(1) if m else None


def export_all(
    out_dir: Path | str = "figures",
    *,
    root: Path | str | None = None,
    appendix: Path | str | None = None,
    timeout: int = 600,
    registrations: Path | str | None = None,
    formats: Sequence[str] = FORMATS,
) -> int:
    """Regenerate every figure of the book, its index and the figure index page.

    Executes each notebook listed in ``_toc.yml`` (cwd = its directory) with
    ``AXISNET_FIGURES_DIR`` set to a temporary directory, numbers the registered figures
    from ``_toc.yml`` and the notebooks' figure directives, writes the files of
    :func:`render` plus ``index.csv`` to ``out_dir`` (removing files of figures that no
    longer exist), and writes the figure index page (default
    ``<root>/chapters/appendix-figures.md``).

    Args:
        out_dir: Output directory; relative paths are taken from ``root``.
        root: Book root (holding ``_toc.yml`` and ``CITATION.cff``); default: this checkout.
        appendix: Path of the figure index page.
        timeout: Seconds allowed per notebook cell.
        registrations: A folder the book's notebooks already registered their figures in
            (every chapter run top to bottom once, as the test suite's nbval run does); the
            notebooks are then not executed again.
        formats: The formats to write (default: all of :data:`FORMATS`).

    Returns:
        The number of figures exported.

    Raises:
        FigureError: A figure ID registered twice or in two notebooks, a figure with no
            numbered ``{glue:figure}`` of that name in its notebook, or a chapter mismatch.
    """
    root = Path(root).resolve() if root is not None else _ROOT
    out = Path(out_dir)
    out = out if out.is_absolute() else root / out
    page = Path(appendix) if appendix is not None else root / "chapters" / "appendix-figures.md"
    book = book_info(root)

    docs = toc_documents(root) if (root / "_toc.yml").exists() else []
    notebooks = [
        (d, path)
        for d in docs
        if (path := _find_document(root, d)) is not None and read_notebook(path) is not None
    ]
    numbers = figure_numbers(root) if docs else {}

    found: list[tuple[str, Path, ExportedFigure]] = []
    with tempfile.TemporaryDirectory(prefix="axisnet-figures-") as tmp:
        if registrations is not None:
            by_key = {_chapter_key(d): (d, p) for d, p in notebooks}
            for f in collect(registrations):
                docname, path = by_key.get(f.chapter, (f"chapter {f.chapter!r}", root))
                found.append((docname, path, _with(f, document=docname)))
        for i, (docname, path) in enumerate(notebooks if registrations is None else []):
            work = Path(tmp) / f"{i:03d}"
            try:
                execute_notebook(path, work, timeout=timeout)
            except Exception as exc:  # a failing cell: name the notebook and the error
                what = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
                what = re.sub(r"\x1b\[[0-9;]*m", "", what)  # drop terminal colours
                raise FigureError("cannot export figures", [f"{docname}: {what}"]) from exc
            found += [(docname, path, f) for f in collect(work, document=docname)]
    order = {d: i for i, (d, _) in enumerate(notebooks)}
    found.sort(key=lambda item: order.get(item[0], len(order)))  # stable: keeps cell order
    figures: list[ExportedFigure] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for docname, path, f in found:
        if f.id in seen:
            problems.append(f"{f.id}: registered in {seen[f.id]} and in {docname}")
            continue
        seen[f.id] = docname
        expected = _chapter_key(docname)
        if expected is not None and f.chapter != expected:
            problems.append(
                f"{f.id}: registered with chapter {f.chapter!r} in {docname} "
                f"(expected {expected!r})"
            )
        if f.id not in numbers or not path.is_file() or f.id not in document_figures(path):
            problems.append(
                f"{f.id}: {docname} has no numbered figure directive with :name: {f.id}"
            )
        figures.append(_with(f, number=numbers.get(f.id, "")))
    if problems:
        raise FigureError("cannot export figures", problems)
    write_outputs(figures, out, page, book, formats)
    return len(figures)


def write_outputs(
    figures: Sequence[ExportedFigure],
    out: Path | str,
    page: Path | str,
    book: BookInfo,
    formats: Sequence[str] = FORMATS,
) -> None:
    """Write every figure's files, ``index.csv`` and the figure index page; remove the files
    of figures no longer registered from ``out``."""
    out, page = Path(out), Path(page)
    out.mkdir(parents=True, exist_ok=True)
    keep = {f"{f.id}.{fmt}" for f in figures for fmt in FORMATS}
    for stale in out.glob("fig-*"):
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    for f in figures:
        render(f, out, formats)
    _write_text(out / "index.csv", index_csv(figures, book))
    _write_text(page, appendix_markdown(figures, book))


def _with(figure: ExportedFigure, **changes: Any) -> ExportedFigure:
    from dataclasses import replace

    return replace(figure, **changes)
