"""Publishing figures for citation: their files, the registry the book build reads, the index.

``python -m axisnet figures`` (:func:`export_all`) runs every chapter notebook with
``AXISNET_FIGURES_DIR`` set, then writes what the chapters registered with
:func:`axisnet.figures.register` to ``figures/``: ``<id>.svg``, ``.png``, ``.pdf``, ``.csv``
(the data behind the chart), ``.vl.json`` (the chart's Vega-Lite spec), and ``registry.json``
(each figure's ID, title, chapter and sources, in the chapters' order).

The book build (``_ext/book_figures.py``) then makes the figure index: the page lists every
figure of ``registry.json`` with the number Sphinx gave it and the caption and alt text of its
``{glue:figure}`` directive, and ``figures/index.csv`` (:func:`index_csv`) holds the same.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from axisnet.charts import CONTAINER_WIDTH, FONTS_DIR
from axisnet.citation import BOOK_LICENCE, BookInfo, figure_citation
from axisnet.figures import ENV_VAR, LOG_NAME, FigureError, canonical_json, write_text
from axisnet.paths import REGISTRY_FILE

__all__ = [
    "COMMITTED_FORMATS",
    "FORMATS",
    "ExportedFigure",
    "IndexEntry",
    "collect",
    "export_all",
    "index_csv",
    "normalise_svg",
    "read_registry",
    "render",
    "render_pdf",
]

#: Pixels per inch of the exported PNG. vl-convert treats one chart pixel as one point
#: (1/72 inch, the unit of the PDF page), so a chart ``w`` pixels wide prints ``w / 72``
#: inches wide, and the PNG holds ``w * PNG_PPI / 72`` pixels across: 300 dpi at that size.
PNG_PPI = 300
#: Width and height (pixels = points) given to a chart sized to its HTML container
#: (``width="container"``) when it is exported; the page sets its size on the site.
EXPORT_WIDTH = CONTAINER_WIDTH
EXPORT_HEIGHT = 400
#: File formats written for each figure, in the order they are listed in the index.
FORMATS = ("svg", "png", "pdf", "csv", "vl.json")
#: Formats kept in git: byte-stable on any machine. The PDF is written by the book build.
COMMITTED_FORMATS = ("svg", "png", "csv", "vl.json")
#: The file in ``figures/`` listing every figure's ID, title, chapter and sources, in order.
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
_FONT_REGISTERED = False
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ExportedFigure:
    """A figure as a notebook registered it: spec, data and metadata from disk.

    Examples
    --------
    >>> fig = ExportedFigure("fig-doc-bar", "Bar", ("ezzeddine-azizi-2022",), "doc", "{}", "")
    >>> fig.metadata()
    {'id': 'fig-doc-bar', 'title': 'Bar', 'chapter': 'doc', 'sources': ['ezzeddine-azizi-2022']}
    """

    id: str
    title: str
    sources: tuple[str, ...]
    chapter: str
    spec_json: str
    data_csv: str
    document: str = ""

    def metadata(self) -> dict[str, Any]:
        """ID, title, chapter and sources: the figure's entry in ``registry.json``."""
        return {
            "id": self.id,
            "title": self.title,
            "chapter": self.chapter,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class IndexEntry:
    """One figure of the figure index: its registry entry, its number, caption and alt text.

    Examples
    --------
    >>> entry = IndexEntry("fig-x", "3.2", "Bars", "Two bars.", "Bar chart.", "hierarchy",
    ...                    ("ezzeddine-azizi-2022",))
    >>> entry.files()[:2]
    ['figures/fig-x.svg', 'figures/fig-x.png']
    """

    id: str
    number: str
    title: str
    caption: str
    alt: str
    chapter: str
    sources: tuple[str, ...]

    def files(self, prefix: str = "figures") -> list[str]:
        """Paths of the exported files, relative to the book root."""
        return [f"{prefix}/{self.id}.{fmt}" for fmt in FORMATS]


def collect(figures_dir: Path | str, document: str = "") -> list[ExportedFigure]:
    """Read what :func:`axisnet.figures.register` wrote to ``figures_dir``, in order.

    Parameters
    ----------
    figures_dir
        The ``AXISNET_FIGURES_DIR`` folder a notebook ran with.
    document
        The notebook, named in errors.

    Returns
    -------
    list of ExportedFigure
        In registration order; empty if nothing was registered.

    Raises
    ------
    FigureError
        If an ID was registered more than once (a notebook run top to bottom registers each
        figure once).

    Examples
    --------
    >>> collect("no-such-folder")
    []
    """
    figures_dir = Path(figures_dir)
    log = figures_dir / LOG_NAME
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
                sources=tuple(meta["sources"]),
                chapter=meta["chapter"],
                spec_json=(figures_dir / f"{id}.vl.json").read_text(encoding="utf-8"),
                data_csv=(figures_dir / f"{id}.csv").read_text(encoding="utf-8"),
                document=document,
            )
        )
    return out


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def normalise_svg(svg: str) -> str:
    """Make an SVG from vl-convert byte-stable.

    Vega numbers clip paths and gradients with counters that keep running within a process
    (``clip1``, ``gradient_0`` ...), so the same chart exported twice differs. Every ``id`` is
    renamed to ``<prefix><n>``, ``n`` counting from 0 in order of first appearance per prefix,
    and every ``url(#...)`` / ``href="#..."`` reference follows. A final newline is added.

    Parameters
    ----------
    svg : str
        An SVG document written by vl-convert.

    Returns
    -------
    str
        The same drawing, its ids numbered from 0.

    Examples
    --------
    >>> print(normalise_svg('<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/></svg>'))
    <svg><clipPath id="clip0"/><g clip-path="url(#clip0)"/></svg>
    <BLANKLINE>
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

    Parameters
    ----------
    spec_json : str
        The figure's Vega-Lite spec, as registered.
    path : Path or str
        Where to write.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import altair as alt, tempfile
    >>> spec = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").to_json()
    >>> render_pdf(spec, Path(tempfile.mkdtemp()) / "point.pdf").read_bytes()[:5]
    b'%PDF-'
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

    Parameters
    ----------
    figure : ExportedFigure
        The figure.
    out_dir : Path or str
        The folder the files go to, named ``<id>.<format>``.
    formats : Sequence[str]
        Some of :data:`FORMATS`.

    Returns
    -------
    list[Path]
        The files written, in the order of ``formats``.

    Examples
    --------
    >>> import altair as alt, pandas as pd, tempfile
    >>> table = pd.DataFrame({"x": ["a"], "y": [1]})
    >>> spec = alt.Chart(table).mark_bar().encode(x="x", y="y").to_json()
    >>> fig = ExportedFigure(
    ...     "fig-doc-bar", "Bar", ("ezzeddine-azizi-2022",), "doc", spec, table.to_csv()
    ... )
    >>> [path.name for path in render(fig, tempfile.mkdtemp(), formats=("svg", "csv"))]
    ['fig-doc-bar.svg', 'fig-doc-bar.csv']
    """
    vlc = _vl_convert()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec, version = export_spec(figure.spec_json)
    base = out_dir / figure.id
    if "svg" in formats:
        write_text(base.with_suffix(".svg"), normalise_svg(vlc.vegalite_to_svg(spec, version)))
    if "png" in formats:
        (out_dir / f"{figure.id}.png").write_bytes(
            vlc.vegalite_to_png(spec, version, scale=1, ppi=PNG_PPI)
        )
    if "pdf" in formats:
        render_pdf(figure.spec_json, out_dir / f"{figure.id}.pdf")
    if "csv" in formats:
        write_text(out_dir / f"{figure.id}.csv", figure.data_csv)
    if "vl.json" in formats:
        write_text(out_dir / f"{figure.id}.vl.json", figure.spec_json)
    return [out_dir / f"{figure.id}.{fmt}" for fmt in FORMATS if fmt in formats]


def index_csv(entries: Sequence[IndexEntry], book: BookInfo) -> str:
    """The figure index as CSV text (columns ``INDEX_COLUMNS``).

    Parameters
    ----------
    entries : Sequence[IndexEntry]
        The figures, in index order.
    book : BookInfo
        The book, for the citations.

    Returns
    -------
    str

    Examples
    --------
    >>> from axisnet.citation import book_info
    >>> entry = IndexEntry("fig-x", "3.2", "Bars", "Two bars.", "Bar chart.", "hierarchy",
    ...                    ("a", "b"))
    >>> index_csv([entry], book_info()).splitlines()[1].split(",")[:7]
    ['fig-x', '3.2', 'Bars', 'Two bars.', 'Bar chart.', 'hierarchy', 'a;b']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    for f in entries:
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


def read_registry(figures_dir: Path | str) -> list[dict[str, Any]]:
    """The entries of ``<figures_dir>/registry.json``: ID, title, chapter and sources.

    Parameters
    ----------
    figures_dir : Path or str
        The folder of exported figures.

    Returns
    -------
    list[dict]

    Raises
    ------
    FigureError
        If the file is missing or an entry lacks one of those keys.

    Examples
    --------
    >>> [entry["id"] for entry in read_registry(_ROOT / "figures")][:1]
    ['fig-intro-tie-types']
    """
    path = Path(figures_dir) / REGISTRY_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FigureError(f"cannot read {path}", ["it does not exist: run `make figures`"]) from exc
    problems = [
        f"entry {i + 1} has no {key!r}"
        for i, entry in enumerate(entries)
        for key in ("id", "title", "chapter", "sources")
        if key not in entry
    ]
    if problems:
        raise FigureError(f"cannot read {path}", problems)
    return entries


def execute_notebook(path: Path | str, figures_dir: Path | str, timeout: int = 600) -> None:
    """Run a notebook top to bottom on a fresh kernel, in its own directory, with
    ``AXISNET_FIGURES_DIR`` set to ``figures_dir``. Outputs are not saved.

    Examples
    --------
    >>> import nbformat, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> nbformat.write(nb, folder / "one.ipynb")
    >>> execute_notebook(folder / "one.ipynb", folder / "registered")
    >>> collect(folder / "registered")
    []
    """
    import nbformat

    from axisnet.notebook import execute

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
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


def _chapter_key(path: Path) -> str:
    """The chapter key of a notebook: its file name without the leading number.

    Examples
    --------
    >>> _chapter_key(Path("chapters/04-hierarchy.ipynb")), _chapter_key(Path("explorer.ipynb"))
    ('hierarchy', 'explorer')
    """
    return re.sub(r"^\d+-", "", path.stem)


def export_all(
    out_dir: Path | str = "figures",
    *,
    root: Path | str | None = None,
    timeout: int = 600,
    registrations: Path | str | None = None,
    formats: Sequence[str] = FORMATS,
) -> int:
    """Regenerate the files of every figure of the book and ``registry.json``.

    Executes each chapter notebook ``chapters/*.ipynb`` (in file-name order, cwd = its
    folder) with ``AXISNET_FIGURES_DIR`` set to a temporary folder, then writes the files of
    :func:`render` and ``registry.json`` to ``out_dir``, removing the files of figures that no
    longer exist.

    Parameters
    ----------
    out_dir
        Output folder; a relative path is taken from ``root``.
    root
        Book root (holding ``chapters/``); default: this checkout.
    timeout
        Seconds allowed per notebook cell.
    registrations
        A folder the book's notebooks already registered their figures in (every chapter run
        top to bottom once, as the test suite's nbval run does); the notebooks are then not
        executed again.
    formats
        The formats to write (default: all of ``FORMATS``).

    Returns
    -------
    int
        The number of figures exported.

    Raises
    ------
    FigureError
        A failing notebook, a figure ID registered twice or in two notebooks, or a figure
        registered with a chapter key other than its notebook's (``04-hierarchy`` ->
        ``hierarchy``).

    Examples
    --------
    >>> import tempfile
    >>> export_all(root=tempfile.mkdtemp())  # a book with no chapter has no figure
    0
    """
    root = Path(root).resolve() if root is not None else _ROOT
    out = Path(out_dir)
    out = out if out.is_absolute() else root / out
    notebooks = sorted((root / "chapters").glob("*.ipynb"))
    found: list[ExportedFigure] = []
    if registrations is not None:
        by_key = {_chapter_key(p): p for p in notebooks}
        for f in collect(registrations):
            path = by_key.get(f.chapter)
            found.append(replace(f, document=str(path.relative_to(root)) if path else ""))
    else:
        with tempfile.TemporaryDirectory(prefix="axisnet-figures-") as tmp:
            for i, path in enumerate(notebooks):
                document = str(path.relative_to(root))
                work = Path(tmp) / f"{i:03d}"
                try:
                    execute_notebook(path, work, timeout=timeout)
                except Exception as exc:  # a failing cell: name the notebook and the error
                    name = getattr(exc, "ename", type(exc).__name__)
                    what = re.sub(r"\x1b\[[0-9;]*m", "", f"{name}: {getattr(exc, 'evalue', exc)}")
                    raise FigureError("cannot export figures", [f"{document}: {what}"]) from exc
                found += collect(work, document=document)
    order = {str(p.relative_to(root)): i for i, p in enumerate(notebooks)}
    found.sort(key=lambda f: order.get(f.document, len(order)))  # stable: keeps cell order
    problems: list[str] = []
    seen: dict[str, str] = {}
    for f in found:
        if f.id in seen:
            problems.append(f"{f.id}: registered in {seen[f.id]} and in {f.document}")
            continue
        seen[f.id] = f.document
        expected = _chapter_key(Path(f.document)) if f.document else None
        if f.document and f.chapter != expected:
            problems.append(
                f"{f.id}: registered with chapter {f.chapter!r} in {f.document} "
                f"(expected {expected!r})"
            )
        elif not f.document:
            problems.append(f"{f.id}: no chapter notebook for chapter {f.chapter!r}")
    if problems:
        raise FigureError("cannot export figures", problems)
    write_outputs(found, out, formats)
    return len(found)


def write_outputs(
    figures: Sequence[ExportedFigure], out: Path | str, formats: Sequence[str] = FORMATS
) -> None:
    """Write every figure's files and ``registry.json`` to ``out``; remove the files of
    figures no longer registered.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_outputs([], folder)
    >>> (folder / "registry.json").read_text()
    '[]\\n'
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    keep = {f"{f.id}.{fmt}" for f in figures for fmt in FORMATS}
    for stale in out.glob("fig-*"):
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    for f in figures:
        render(f, out, formats)
    write_text(out / REGISTRY_FILE, canonical_json([f.metadata() for f in figures]))
