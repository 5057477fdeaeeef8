"""Citations of the book, of its figures and of its data, as plain text and as BibTeX.

The book's metadata are read once from ``CITATION.cff`` (and the site's base URL, if any, from
``_config.yml``), the data package's title, version and licence from ``data/datapackage.json``;
a figure is cited by its number, title and stable ID, and linked to its entry on the figure
index page (``chapters/appendix-figures.html#cite-<id>``); the data are cited at their version.
Every citation names the version of the data it was drawn from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BOOK_LICENCE",
    "BookInfo",
    "anchor",
    "book_bibtex",
    "book_citation",
    "book_info",
    "data_bibtex",
    "data_citation",
    "figure_bibtex",
    "figure_citation",
]

#: Licence of the figures and of the data behind them (SPDX identifier).
BOOK_LICENCE = "CC-BY-4.0"
#: The figure index page, relative to the site's base URL.
INDEX_PAGE = "chapters/appendix-figures.html"
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BookInfo:
    """What a citation of the book needs.

    Examples
    --------
    >>> BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0").year
    '2026'
    """

    title: str
    authors: str
    version: str
    date_released: str
    licence: str
    url: str = ""
    #: Version of the data package the figures are drawn from (``data/datapackage.json``).
    data_version: str = ""
    #: Title of the data package (``data/datapackage.json``).
    data_title: str = ""
    #: Licence of the data package (SPDX identifier; ``data/datapackage.json``).
    data_licence: str = BOOK_LICENCE

    @property
    def year(self) -> str:
        """Year of the release."""
        return self.date_released[:4]


def book_info(root: Path | str | None = None) -> BookInfo:
    """Read the book's citation metadata.

    Parameters
    ----------
    root
        The book's folder, holding ``CITATION.cff`` and ``_config.yml`` (default: this
        checkout).

    Returns
    -------
    BookInfo
        Title, authors (joined with "and"), version and release date from ``CITATION.cff``;
        the base URL from ``_config.yml``'s ``html.baseurl``, without a final slash; the data
        package's version, title and licence from ``data/datapackage.json`` when the folder
        holds one.

    Examples
    --------
    >>> book_info().version.count(".")
    2
    """
    import json

    import yaml

    from axisnet.paths import DESCRIPTOR, data_version

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
    package: dict = {}
    if (root / "data" / DESCRIPTOR).exists():
        package = json.loads((root / "data" / DESCRIPTOR).read_text(encoding="utf-8"))
    licences = package.get("licenses") or [{"name": BOOK_LICENCE}]
    return BookInfo(
        title=str(cff["title"]),
        authors=" and ".join(names),
        version=str(cff["version"]),
        date_released=str(cff["date-released"]),
        licence=str(cff.get("license", BOOK_LICENCE)),
        url=url,
        data_version=data_version(root / "data") if package else "",
        data_title=str(package.get("title", "")),
        data_licence=str(licences[0].get("name", BOOK_LICENCE)),
    )


def licence_words(spdx: str) -> str:
    """The licence as readers name it.

    Examples
    --------
    >>> licence_words("CC-BY-4.0")
    'CC BY 4.0'
    """
    return {"CC-BY-4.0": "CC BY 4.0", "MIT": "MIT"}.get(spdx, spdx)


def anchor(id: str) -> str:
    """The anchor of a figure's entry on the figure index page.

    Parameters
    ----------
    id : str
        A figure ID.

    Returns
    -------
    str

    Examples
    --------
    >>> anchor("fig-hierarchy-network")
    'cite-fig-hierarchy-network'
    """
    return f"cite-{id}"


def book_citation(book: BookInfo) -> str:
    """Plain-text citation of the book.

    Parameters
    ----------
    book : BookInfo
        The book's metadata.

    Returns
    -------
    str

    Examples
    --------
    >>> book_citation(BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0"))
    'Ada (2026). A book. Version 1.0.0.'
    >>> book_citation(BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0", "", "2.1.0"))
    'Ada (2026). A book. Version 1.0.0, data version 2.1.0.'
    """
    text = f"{book.authors} ({book.year}). {book.title}. Version {book.version}{_data(book)}."
    return text + (f" {book.url}/" if book.url else "")


def _data(book: BookInfo) -> str:
    """``", data version X"`` for a citation, or nothing when the version is not known."""
    return f", data version {book.data_version}" if book.data_version else ""


def _data_note(book: BookInfo) -> str:
    """``"Data version X. "`` for a BibTeX note, or nothing when the version is not known."""
    return f"Data version {book.data_version}. " if book.data_version else ""


def book_bibtex(book: BookInfo, key: str = "axisbook2026") -> str:
    """BibTeX entry for the book.

    Parameters
    ----------
    book : BookInfo
        The book's metadata.
    key : str
        The citation key.

    Returns
    -------
    str

    Examples
    --------
    >>> print(book_bibtex(BookInfo("A & B", "Ada", "1.0.0", "2026-01-31", "MIT"), key="k"))
    @book{k,
      author = {{Ada}},
      title = {A \\& B},
      year = {2026},
      version = {1.0.0},
      note = {Licence: MIT}
    }
    """
    fields = [
        ("author", "{" + _bibtex_escape(book.authors) + "}"),
        ("title", _bibtex_escape(book.title)),
        ("year", book.year),
        ("version", book.version),
        ("note", f"{_data_note(book)}Licence: {licence_words(book.licence)}"),
    ]
    if book.url:
        fields.append(("url", book.url + "/"))
    return _bibtex_entry("book", key, fields)


def figure_citation(book: BookInfo, number: str, title: str, id: str) -> str:
    """Plain-text citation of one figure.

    Parameters
    ----------
    book : BookInfo
        The book's metadata.
    number, title, id : str
        The figure's number, title and ID.

    Returns
    -------
    str

    Examples
    --------
    >>> book = BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0")
    >>> figure_citation(book, "3.2", "Bars", "fig-x")[:49]
    'Ada (2026). "Figure 3.2: Bars" (figure ID fig-x).'
    """
    where = f" {book.url}/{INDEX_PAGE}#{anchor(id)}" if book.url else ""
    return (
        f'{book.authors} ({book.year}). "Figure {number}: {title}" (figure ID {id}). '
        f"In {book.title}, version {book.version}{_data(book)}. "
        f"Licence: {licence_words(BOOK_LICENCE)}."
        f"{where}"
    )


def figure_bibtex(book: BookInfo, number: str, title: str, id: str) -> str:
    """BibTeX entry for one figure (key ``axisbook<year>-<id>``).

    Parameters
    ----------
    book, number, title, id
        As for :func:`figure_citation`.

    Returns
    -------
    str
        An ``@incollection`` entry.

    Examples
    --------
    >>> book = BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0")
    >>> figure_bibtex(book, "3.2", "Bars", "fig-x").splitlines()[:2]
    ['@incollection{axisbook2026-fig-x,', '  author = {{Ada}},']
    """
    fields = [
        ("author", "{" + _bibtex_escape(book.authors) + "}"),
        ("title", "{Figure " + number + ": " + _bibtex_escape(title) + "}"),
        ("booktitle", _bibtex_escape(book.title)),
        ("year", book.year),
        ("version", book.version),
        ("note", f"Figure ID {id}. {_data_note(book)}Licence: {licence_words(BOOK_LICENCE)}"),
    ]
    if book.url:
        fields.append(("url", f"{book.url}/{INDEX_PAGE}#{anchor(id)}"))
    return _bibtex_entry("incollection", f"axisbook{book.year}-{id}", fields)


def data_citation(book: BookInfo) -> str:
    """Plain-text citation of the data package at its version.

    Parameters
    ----------
    book : BookInfo
        The book's metadata, with the data package's version and title.

    Returns
    -------
    str

    Examples
    --------
    >>> book = BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0", "", "2.1.0", "Ties")
    >>> data_citation(book)
    'Ada (2026). Ties. Dataset, version 2.1.0. In A book, version 1.0.0. Licence: CC BY 4.0.'
    """
    where = f" {book.url}/" if book.url else ""
    return (
        f"{book.authors} ({book.year}). {book.data_title}. Dataset, version {book.data_version}. "
        f"In {book.title}, version {book.version}. "
        f"Licence: {licence_words(book.data_licence)}."
        f"{where}"
    )


def data_bibtex(book: BookInfo) -> str:
    """BibTeX entry for the data package at its version (key ``axisdata<year>-v<version>``).

    Parameters
    ----------
    book
        As for :func:`data_citation`.

    Returns
    -------
    str
        A ``@misc`` entry.

    Examples
    --------
    >>> book = BookInfo("A book", "Ada", "1.0.0", "2026-01-31", "CC-BY-4.0", "", "2.1.0", "Ties")
    >>> data_bibtex(book).splitlines()[:2]
    ['@misc{axisdata2026-v2.1.0,', '  author = {{Ada}},']
    """
    fields = [
        ("author", "{" + _bibtex_escape(book.authors) + "}"),
        ("title", "{" + _bibtex_escape(book.data_title) + "}"),
        ("year", book.year),
        ("version", book.data_version),
        (
            "howpublished",
            f"Dataset in {_bibtex_escape(book.title)}, version {book.version}",
        ),
        ("note", f"Data version {book.data_version}. Licence: {licence_words(book.data_licence)}"),
    ]
    if book.url:
        fields.append(("url", book.url + "/"))
    return _bibtex_entry("misc", f"axisdata{book.year}-v{book.data_version}", fields)


def _bibtex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "&%$#_{}" else ch for ch in text)


def _bibtex_entry(kind: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"
