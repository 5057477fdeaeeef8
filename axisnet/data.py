"""Load, validate and type the Axis of Resistance data package.

The package is a Frictionless Data Package (``data/datapackage.json`` plus one CSV per table).
:func:`load` reads every table, checks it against the descriptor and the project's own rules in one
pass, and either returns a :class:`Dataset` of typed pandas DataFrames or raises a single
:class:`DataError` that lists every problem as ``file:row:column: message``.

Row numbers are physical line numbers in the CSV file (the header is line 1); the column is the
field name, or ``-`` when the problem concerns the whole file or the whole row.

The tie vocabulary is declared once in the descriptor (the ``tieLayers`` and ``tieTypes``
properties of the ``ties`` resource) and read from there at import: :data:`TIE_TYPES`,
:data:`TIE_LAYERS`, :data:`TIE_SEMANTICS`, with :data:`ACTOR_KINDS` and
:data:`CONFIDENCE_LEVELS` from the enums of ``actors.kind`` and ``ties.confidence``.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from axisnet.paths import (
    DEFAULT_DATA_DIR,
    DESCRIPTOR,
    data_dir,
    data_version,
    semver_problem,
)

__all__ = [
    "data_dir",
    "ACTOR_KINDS",
    "ARTICLE_DATE",
    "ARTICLE_SOURCE",
    "CONFIDENCE_LEVELS",
    "DEFAULT_DATA_DIR",
    "EPILOGUE_TABLES",
    "TABLES",
    "TIE_LAYERS",
    "TIE_SEMANTICS",
    "TIE_SIGNS",
    "TIE_TYPES",
    "DataError",
    "Dataset",
    "Problem",
    "Summary",
    "TieType",
    "cutoff",
    "data_version",
    "load",
    "validate",
]

TABLES: Final[tuple[str, ...]] = (
    "sources",
    "actors",
    "ties",
    "events",
    "elections",
    "election_results",
    "claims",
    "axis_periods",
    "indicators",
    "cabinets",
    "responses",
)
"""The tables of the article's period, in the order of the :class:`Dataset` attributes."""

EPILOGUE_TABLES: Final[tuple[str, ...]] = ("fronts",)
"""Tables that describe only the years after the article (the 2023-2025 fronts).

Every package describes them too, after :data:`TABLES`; :attr:`Dataset.tables` leaves them out of
a dataset cut at or before :data:`ARTICLE_DATE`.
"""

ARTICLE_SOURCE: Final = "ezzeddine-azizi-2022"
"""Source id of the article the book accompanies."""

ARTICLE_DATE: Final[pd.Timestamp] = pd.Timestamp(2022, 7, 31)
"""The article's publication date, the end of the period the article describes: 31 July 2022.

War on the Rocks dates the article to July 2022 (its address is
``https://warontherocks.com/2022/07/...``) and no source in the data gives the day, so the last
day of that month is used. ``load(until=ARTICLE_DATE)`` is the dataset of the article's period.
"""

PRECISIONS: Final[tuple[str, ...]] = ("year", "month", "day")

#: Partial-date fields read as the first day of their period.
START_FIELDS: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("sources", "date"),
        ("actors", "founded"),
        ("ties", "start"),
        ("events", "date"),
        ("elections", "date"),
        ("axis_periods", "start"),
        ("indicators", "period"),
        ("cabinets", "formed"),
        ("fronts", "start"),
    }
)
#: Partial-date fields read as the last day of their period.
END_FIELDS: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("actors", "ended"),
        ("ties", "end"),
        ("axis_periods", "end"),
        ("cabinets", "resigned"),
        ("fronts", "end"),
    }
)
#: (table, start field, end field): the end may not fall before the start.
PERIODS: Final[tuple[tuple[str, str, str], ...]] = (
    ("actors", "founded", "ended"),
    ("ties", "start", "end"),
    ("axis_periods", "start", "end"),
    ("fronts", "start", "end"),
    ("cabinets", "formed", "resigned"),
)
#: Semicolon-separated list fields and the table their items refer to (None: free text items).
#: The table name ``*`` stands for every table.
LIST_FIELDS: Final[Mapping[tuple[str, str], str | None]] = MappingProxyType(
    {
        ("*", "sources"): "sources",
        ("actors", "ended_sources"): "sources",
        ("ties", "end_sources"): "sources",
        ("actors", "aliases"): None,
        ("events", "actors"): "actors",
    }
)

_ID_PATTERN: Final = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_ID_LIST_PATTERN: Final = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:;[a-z0-9]+(?:[-_][a-z0-9]+)*)*$"
_URL_PATTERN: Final = r"^https?://\S+$"
_ID_RE: Final = re.compile(_ID_PATTERN)
_DATE_RE: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INT_RE: Final = re.compile(r"^-?\d+$")
_NUMBER_RE: Final = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_BOM: Final = b"\xef\xbb\xbf"
# pandas' nanosecond Timestamps cover 1677-09-21 .. 2262-04-11; keep to whole years inside it.
_MIN_YEAR: Final = 1678
_MAX_YEAR: Final = 2261
_NOUNS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "sources": "source",
        "actors": "actor",
        "elections": "election",
        "ties": "tie",
        "events": "event",
    }
)


class _Invalid:
    """Marker for a cell that failed its checks (kept out of cross-table checks)."""

    def __repr__(self) -> str:
        return "INVALID"


_INVALID: Final = _Invalid()


@dataclass(frozen=True)
class Problem:
    """One problem found in the package.

    Attributes
    ----------
    file : str
        File name inside the package folder (``ties.csv``, ``datapackage.json``).
    row : int or "-"
        Physical line number in that file (header = 1), or ``"-"`` for the whole file.
    column : str
        Field name, or ``"-"`` for the whole file or row.
    message : str
        What is wrong, naming the offending value.

    Examples
    --------
    >>> print(Problem("ties.csv", 3, "type", "unknown type 'gift'"))
    ties.csv:3:type: unknown type 'gift'
    """

    file: str
    row: int | Literal["-"]
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


class DataError(Exception):
    """The data package is invalid; ``problems`` lists every problem found.

    Parameters
    ----------
    problems : Sequence[Problem]
        Every problem found.
    path : Path or str, optional
        The package folder, named in the message.

    Examples
    --------
    >>> print(DataError([Problem("ties.csv", 3, "type", "unknown type 'gift'")]))
    1 problem in the data package:
    ties.csv:3:type: unknown type 'gift'
    """

    def __init__(self, problems: Sequence[Problem], path: Path | str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.path: Path | None = Path(path) if path is not None else None
        super().__init__(self.problems, self.path)

    def __str__(self) -> str:
        n = len(self.problems)
        where = f" ({self.path})" if self.path is not None else ""
        head = f"{n} problem{'' if n == 1 else 's'} in the data package{where}:"
        return "\n".join([head, *(str(p) for p in self.problems)])


@dataclass(frozen=True, eq=False)
class Dataset:
    """The typed tables of the package (one pandas DataFrame per table, ``id`` as a column).

    Made by :func:`load`; :meth:`until` gives the same tables as known at a date.

    Examples
    --------
    >>> data = load()
    >>> list(data.ties.columns[:4])
    ['id', 'from_actor', 'to_actor', 'type']
    """

    sources: pd.DataFrame
    actors: pd.DataFrame
    ties: pd.DataFrame
    events: pd.DataFrame
    elections: pd.DataFrame
    election_results: pd.DataFrame
    claims: pd.DataFrame
    axis_periods: pd.DataFrame
    indicators: pd.DataFrame
    cabinets: pd.DataFrame
    responses: pd.DataFrame
    fronts: pd.DataFrame
    path: Path = field(default=DEFAULT_DATA_DIR)
    as_of: pd.Timestamp | None = None

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Read-only mapping from table name to DataFrame, in package order.

        A dataset cut at or before :data:`ARTICLE_DATE` lists the tables of the article's period
        (:data:`TABLES`); any other lists the :data:`EPILOGUE_TABLES` after them.
        """
        names = TABLES
        if self.as_of is None or self.as_of > ARTICLE_DATE:
            names = TABLES + EPILOGUE_TABLES
        return MappingProxyType({name: getattr(self, name) for name in names})

    def until(self, date: str | dt.date | pd.Timestamp) -> Dataset:
        """The dataset as it stood on ``date``: what had started by then, with later ends undone.

        The rules, applied to copies (this dataset is unchanged):

        - rows that begin after the date are dropped: actors founded after it, ties, events,
          elections, axis periods and fronts that start after it; then every row that refers to
          a dropped row (ties and fronts whose actor is gone, results of a dropped election,
          fronts whose opening event is gone); dropped actors leave ``events.actors`` lists;
        - ends after the date are undone: ``actors.ended``, ``ties.end``, ``axis_periods.end``
          and ``fronts.end`` become empty, with their ``_precision`` column, and the sources and
          evidence given for that end (``ended_sources``, ``end_sources``, ``end_evidence``)
          with them; a leader killed in 2024 is alive on 31 July 2022. One exception: from
          :data:`ARTICLE_DATE` on, an end of a row coded for the article that cites no end
          sources of its own stays as coded. The record of the article's period was compiled
          with reports from the months after it (three ties end with the Hamas-Syria
          reconciliation of 19 October 2022), and ``until(ARTICLE_DATE)`` returns that record
          unchanged; ends added for the epilogue always cite their own sources;
        - a partial date counts as after ``date`` only when its whole period is: a start coded
          ``2022`` has begun by 31 July 2022, and so has an end coded ``2022-07``;
        - rows whose ``coded_for`` is ``epilogue`` (added for the account of the years after the
          article, some with earlier dates, such as the earlier posts of leaders killed in 2024)
          are dropped at any date up to :data:`ARTICLE_DATE`, so that the article's period is
          the record the article's chapters were written on; the :data:`EPILOGUE_TABLES` stay
          as attributes (empty) but leave :attr:`tables`;
        - claims about the future (``horizon`` ``future``) are kept only when every source they
          cite is dated by ``date``; their verdicts rest on what happened later. Other claims
          are kept whole;
        - a source is dropped when every row that cited it has been dropped or has lost the
          end it was cited for; every other source is kept (sources no row cites stay).

        Parameters
        ----------
        date
            The day: a :class:`datetime.date`, a :class:`pandas.Timestamp` or a string
            ``YYYY-MM-DD``. A string ``YYYY`` or ``YYYY-MM`` stands for the last day of that year
            or month (``"2023"`` is 31 December 2023).

        Returns
        -------
        Dataset
            A new dataset with ``as_of`` set to the day, every table re-indexed from 0.

        Raises
        ------
        ValueError
            When ``date`` is not a valid date (the message repeats it and gives the forms
            accepted).
        TypeError
            When ``date`` is neither a string nor a date.

        Examples
        --------
        >>> from axisnet.data import ARTICLE_DATE, load
        >>> data = load()
        >>> then = data.until(ARTICLE_DATE)
        >>> bool((then.events["date"] <= ARTICLE_DATE).all())
        True
        >>> then.as_of.date()
        datetime.date(2022, 7, 31)
        >>> data.until("2023").as_of.date()
        datetime.date(2023, 12, 31)
        """
        return _until(self, cutoff(date))


@dataclass(frozen=True)
class Summary:
    """What a validation run saw: folder, number of tables and data rows, and the problems.

    Examples
    --------
    >>> summary = validate()
    >>> summary.ok, summary.problems
    (True, ())
    """

    path: Path
    tables: int
    rows: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


# --------------------------------------------------------------------------- tie semantics

TIE_SIGNS: Final[tuple[str, ...]] = ("cooperative", "hostile")
"""The two signs a tie type can carry."""


@dataclass(frozen=True)
class TieType:
    """What a tie type means, as declared in the ``tieTypes`` property of the ``ties`` resource.

    Attributes
    ----------
    name : str
        The type as written in ``ties.type`` (``funding``).
    layer : str
        The layer the type belongs to, one of :data:`TIE_LAYERS` (``material``).
    sign : {"cooperative", "hostile"}
        Whether the tie is a connection or a conflict.
    description : str
        One sentence on what the type records.

    Examples
    --------
    >>> funding = TIE_SEMANTICS["funding"]
    >>> funding.layer, funding.sign
    ('material', 'cooperative')
    """

    name: str
    layer: str
    sign: Literal["cooperative", "hostile"]
    description: str


def _enum(raw: Any, resource: str, field_name: str) -> tuple[str, ...] | None:
    """The enum of one field of one resource of a raw descriptor, or None."""
    for res in raw.get("resources", []) if isinstance(raw, dict) else []:
        if isinstance(res, dict) and res.get("name") == resource:
            for f in res.get("schema", {}).get("fields", []):
                if isinstance(f, dict) and f.get("name") == field_name:
                    enum = f.get("constraints", {}).get("enum")
                    return tuple(str(v) for v in enum) if isinstance(enum, list) else None
    return None


def _tie_semantics(
    raw: Any, problems: list[Problem]
) -> tuple[tuple[str, ...], dict[str, TieType]] | None:
    """Read ``tieLayers`` and ``tieTypes`` from the raw descriptor's ``ties`` resource.

    Records a problem (column ``tieLayers`` or ``tieTypes``) for every inconsistency, including
    keys of ``tieTypes`` that differ from the enum of ``ties.type``; returns None if unusable.
    """

    def report(column: str, message: str) -> None:
        problems.append(Problem(DESCRIPTOR, "-", column, message))

    ties = next(
        (
            r
            for r in (raw.get("resources", []) if isinstance(raw, dict) else [])
            if isinstance(r, dict) and r.get("name") == "ties"
        ),
        None,
    )
    if ties is None:
        return None
    raw_layers = ties.get("tieLayers")
    raw_types = ties.get("tieTypes")
    ok = True
    if not isinstance(raw_layers, dict) or not raw_layers:
        report("tieLayers", "the ties resource has no 'tieLayers' object (layer -> description)")
        ok = False
    if not isinstance(raw_types, dict) or not raw_types:
        report("tieTypes", "the ties resource has no 'tieTypes' object (type -> layer, sign)")
        ok = False
    if not ok:
        return None
    assert isinstance(raw_layers, dict) and isinstance(raw_types, dict)
    layers = tuple(str(k) for k in raw_layers)
    types: dict[str, TieType] = {}
    for name, spec in raw_types.items():
        if not isinstance(spec, dict):
            report("tieTypes", f"tie type {name!r} is not an object with layer, sign, description")
            ok = False
            continue
        layer, sign, description = spec.get("layer"), spec.get("sign"), spec.get("description")
        if layer not in layers:
            report(
                "tieTypes",
                f"tie type {name!r} has unknown layer {layer!r} (allowed: {', '.join(layers)})",
            )
            ok = False
        if sign not in TIE_SIGNS:
            report(
                "tieTypes",
                f"tie type {name!r} has unknown sign {sign!r} (allowed: {', '.join(TIE_SIGNS)})",
            )
            ok = False
        if not isinstance(description, str) or not description.strip():
            report("tieTypes", f"tie type {name!r} has no description")
            ok = False
        if ok:
            types[str(name)] = TieType(str(name), str(layer), sign, str(description))
    enum = _enum(raw, "ties", "type")
    keys = tuple(str(k) for k in raw_types)
    if enum is not None and enum != keys:
        only_enum = [t for t in enum if t not in keys]
        only_keys = [t for t in keys if t not in enum]
        if only_enum or only_keys:
            detail = "; ".join(
                part
                for part in (
                    f"only in the enum: {', '.join(only_enum)}" if only_enum else "",
                    f"only in tieTypes: {', '.join(only_keys)}" if only_keys else "",
                )
                if part
            )
        else:
            detail = "same types in a different order; enum order: " + ", ".join(enum)
        report("tieTypes", f"the keys of tieTypes and the enum of ties.type disagree ({detail})")
        ok = False
    return (layers, types) if ok else None


def _default_vocabulary() -> tuple[
    tuple[str, ...], dict[str, TieType], tuple[str, ...], tuple[str, ...]
]:
    """Tie layers, tie types, actor kinds and confidence levels of the repository's package."""
    path = DEFAULT_DATA_DIR / DESCRIPTOR
    raw = json.loads(path.read_text(encoding="utf-8"))
    problems: list[Problem] = []
    semantics = _tie_semantics(raw, problems)
    kinds = _enum(raw, "actors", "kind")
    levels = _enum(raw, "ties", "confidence")
    if semantics is None or kinds is None or levels is None:
        detail = "; ".join(str(p) for p in problems) or "no actors.kind or ties.confidence enum"
        raise RuntimeError(f"cannot read the tie vocabulary from {path}: {detail}")
    return semantics[0], semantics[1], kinds, levels


_LAYERS, _SEMANTICS, _KINDS, _LEVELS = _default_vocabulary()

TIE_LAYERS: Final[tuple[str, ...]] = _LAYERS
"""Tie layers in the order declared by ``tieLayers`` in ``data/datapackage.json``."""

TIE_TYPES: Final[tuple[str, ...]] = tuple(_SEMANTICS)
"""Tie types in the order declared by ``tieTypes`` (equal to the enum of ``ties.type``)."""

TIE_SEMANTICS: Final[dict[str, TieType]] = dict(_SEMANTICS)
"""Tie type -> :class:`TieType` (layer, sign, description), read from ``tieTypes``."""

ACTOR_KINDS: Final[tuple[str, ...]] = _KINDS
"""Actor kinds in the order of the enum of ``actors.kind``."""

CONFIDENCE_LEVELS: Final[tuple[str, ...]] = _LEVELS
"""Confidence levels in the order of the enum of ``ties.confidence`` (high, medium, low)."""


# --------------------------------------------------------------------------- descriptor


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    required: bool
    unique: bool
    pattern: str | None
    enum: tuple[Any, ...] | None
    minimum: float | None
    maximum: float | None
    date: Literal["start", "end"] | None
    list_of: str | None  # referenced table for list fields; "" for a free-text list
    is_list: bool


@dataclass(frozen=True)
class _Resource:
    name: str
    path: str
    fields: tuple[_Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (field, referenced table, referenced field)

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _read_descriptor(
    base: Path, problems: list[Problem]
) -> tuple[list[_Resource] | None, dict[str, TieType] | None]:
    """Parse datapackage.json into resources and tie semantics; record problems.

    Returns ``(None, None)`` when the descriptor is unusable, and ``None`` for the semantics when
    ``tieTypes`` or ``tieLayers`` is missing or inconsistent.
    """
    path = base / DESCRIPTOR
    if not path.is_file():
        problems.append(Problem(DESCRIPTOR, "-", "-", "file not found"))
        return None, None
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(DESCRIPTOR, "-", "-", "not valid UTF-8"))
        return None, None
    except json.JSONDecodeError as exc:
        problems.append(Problem(DESCRIPTOR, exc.lineno, "-", f"not valid JSON: {exc.msg}"))
        return None, None
    if isinstance(descriptor, dict) and semver_problem(descriptor.get("version")):
        message = semver_problem(descriptor.get("version"))
        problems.append(Problem(DESCRIPTOR, "-", "version", str(message)))
    raw_resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(raw_resources, list):
        problems.append(Problem(DESCRIPTOR, "-", "-", "no 'resources' list"))
        return None, None
    resources: list[_Resource] = []
    for raw in raw_resources:
        try:
            resources.append(_parse_resource(raw))
        except (KeyError, TypeError, ValueError) as exc:
            name = raw.get("name", "?") if isinstance(raw, dict) else "?"
            problems.append(
                Problem(DESCRIPTOR, "-", "-", f"resource {name!r} cannot be read: {exc}")
            )
    names = [r.name for r in resources]
    for table in TABLES + EPILOGUE_TABLES:
        if table not in names:
            problems.append(Problem(DESCRIPTOR, "-", "-", f"no resource named {table!r}"))
    semantics = _tie_semantics(descriptor, problems)
    return resources, (semantics[1] if semantics is not None else None)


def _parse_resource(raw: dict[str, Any]) -> _Resource:
    name = str(raw["name"])
    schema = raw["schema"]
    fields: list[_Field] = []
    for f in schema["fields"]:
        fname = str(f["name"])
        ftype = str(f.get("type", "string"))
        if ftype not in {"string", "integer", "number", "boolean"}:
            raise ValueError(f"field {fname!r} has unsupported type {ftype!r}")
        c = f.get("constraints", {})
        date: Literal["start", "end"] | None = None
        if (name, fname) in START_FIELDS:
            date = "start"
        elif (name, fname) in END_FIELDS:
            date = "end"
        key = (name, fname) if (name, fname) in LIST_FIELDS else ("*", fname)
        is_list = key in LIST_FIELDS
        enum = c.get("enum")
        fields.append(
            _Field(
                name=fname,
                type=ftype,
                required=bool(c.get("required", False)),
                unique=bool(c.get("unique", False)),
                pattern=c.get("pattern"),
                enum=tuple(enum) if enum is not None else None,
                minimum=c.get("minimum"),
                maximum=c.get("maximum"),
                date=date,
                list_of=(LIST_FIELDS[key] or "") if is_list else None,
                is_list=is_list,
            )
        )
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else list(pk)
    fks: list[tuple[str, str, str]] = []
    for fk in schema.get("foreignKeys", []):
        local = fk["fields"]
        ref = fk["reference"]
        ref_fields = ref["fields"]
        local = [local] if isinstance(local, str) else list(local)
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else list(ref_fields)
        if len(local) != 1 or len(ref_fields) != 1:
            raise ValueError("only single-field foreign keys are supported")
        fks.append((local[0], ref["resource"] or name, ref_fields[0]))
    return _Resource(name, str(raw["path"]), tuple(fields), tuple(pk), tuple(fks))


# --------------------------------------------------------------------------- cells


def _pattern_message(pattern: str, raw: str) -> str:
    if pattern == _ID_PATTERN:
        return f"not a valid id: {raw!r} (lower-case letters and digits joined by '-' or '_')"
    if pattern == _URL_PATTERN:
        return f"not a valid URL: {raw!r} (http:// or https://, no spaces)"
    return f"does not match the pattern {pattern}: {raw!r}"


def _parse_date(raw: str, kind: Literal["start", "end"]) -> tuple[Any, str | None]:
    m = _DATE_RE.match(raw)
    if m is None:
        return _INVALID, f"malformed date {raw!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return _INVALID, f"impossible date {raw!r}: there is no month {month:02d}"
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return _INVALID, f"date {raw!r} is outside the supported years {_MIN_YEAR}-{_MAX_YEAR}"
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return _INVALID, (
                f"impossible date {raw!r}: {calendar.month_name[month]} {year} has {last} days"
            )
        return (pd.Timestamp(year, month, day), "day"), None
    if month is not None:
        if kind == "start":
            return (pd.Timestamp(year, month, 1), "month"), None
        return (pd.Timestamp(year, month, calendar.monthrange(year, month)[1]), "month"), None
    if kind == "start":
        return (pd.Timestamp(year, 1, 1), "year"), None
    return (pd.Timestamp(year, 12, 31), "year"), None


def _check_list(f: _Field, raw: str) -> tuple[Any, str | None]:
    items = raw.split(";")
    for item in items:
        if item == "":
            return _INVALID, f"empty item in the list {raw!r} (separate items with single ';')"
        if item != item.strip():
            return _INVALID, f"whitespace around an item in the list {raw!r} (write 'a;b')"
    if f.list_of or f.pattern == _ID_LIST_PATTERN:
        for item in items:
            if not _ID_RE.match(item):
                return _INVALID, (
                    f"not a valid id in the list: {item!r} "
                    "(lower-case letters and digits joined by '-' or '_')"
                )
    elif f.pattern is not None and not re.search(f.pattern, raw):
        return _INVALID, _pattern_message(f.pattern, raw)
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return _INVALID, f"{item!r} is listed twice"
        seen.add(item)
    return tuple(items), None


def _missing(f: _Field) -> Any:
    if f.is_list:
        return ()
    return None


def _check_cell(f: _Field, raw: str) -> tuple[Any, str | None]:
    """Check one cell; return (parsed value or _INVALID, message or None)."""
    if "\n" in raw or "\r" in raw:
        return _INVALID, "line break inside the cell (keep each row on one line)"
    if raw != raw.strip():
        return _INVALID, f"leading or trailing whitespace: {raw!r}"
    if raw == "":
        if f.required:
            if f.name == "sources":
                return _INVALID, "no source given (at least one source id is required)"
            return _INVALID, "required value is missing"
        return _missing(f), None
    value: Any
    if f.type == "integer":
        if not _INT_RE.match(raw):
            return _INVALID, f"not an integer: {raw!r}"
        value = int(raw)
    elif f.type == "number":
        if not _NUMBER_RE.match(raw):
            return _INVALID, f"not a number: {raw!r}"
        value = float(raw)
    elif f.type == "boolean":
        if raw not in ("true", "false"):
            return _INVALID, f"not a boolean: {raw!r} (write true or false)"
        value = raw == "true"
    elif f.date is not None:
        return _parse_date(raw, f.date)
    elif f.is_list:
        return _check_list(f, raw)
    else:
        if f.pattern is not None and not re.search(f.pattern, raw):
            return _INVALID, _pattern_message(f.pattern, raw)
        value = raw
    if f.enum is not None and value not in f.enum:
        allowed = ", ".join(str(v) for v in f.enum)
        return _INVALID, f"unknown value {raw!r} (allowed: {allowed})"
    if f.minimum is not None and value < f.minimum:
        return _INVALID, f"{raw} is below the minimum of {f.minimum}"
    if f.maximum is not None and value > f.maximum:
        return _INVALID, f"{raw} is above the maximum of {f.maximum}"
    return value, None


# --------------------------------------------------------------------------- tables


@dataclass
class _Table:
    resource: _Resource
    lines: list[int]  # physical line of each kept data row
    values: dict[str, list[Any]]  # field -> parsed values (or _INVALID) per kept row
    blank: dict[str, list[bool]]  # field -> whether the cell was empty, per kept row
    keys: dict[str, set[str]]  # field -> every id-like value seen (valid or not)
    present: set[str]  # schema fields present in the header
    rows: int  # data rows in the file, kept or not


def _read_table(base: Path, res: _Resource, problems: list[Problem]) -> _Table | None:
    """Read and check one CSV; return None when its rows cannot be read at all."""
    file = res.path
    path = base / file

    def report(row: int | Literal["-"], column: str, message: str) -> None:
        problems.append(Problem(file, row, column, message))

    if not path.is_file():
        report("-", "-", "file not found")
        return None
    data = path.read_bytes()
    if data.startswith(_BOM):
        report(1, "-", "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start]
        report(line, "-", f"not valid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8")
        return None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for record in reader:
            records.append((previous + 1, record))
            previous = reader.line_num
    except csv.Error as exc:
        report(previous + 1, "-", f"malformed CSV: {exc}")
        return None
    if not records:
        report("-", "-", "file is empty (no header row)")
        return None

    expected = res.field_names()
    header_line, raw_header = records[0]
    header: list[str] = []
    for name in raw_header:
        if name != name.strip():
            report(header_line, name.strip() or "-", f"leading or trailing whitespace: {name!r}")
        header.append(name.strip())
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in index:
            report(header_line, name or "-", f"column {name!r} appears more than once")
        elif name not in expected:
            report(header_line, name or "-", "unknown column (not in datapackage.json)")
        else:
            index[name] = i
    for name in expected:
        if name not in index:
            report(header_line, name, "missing column")
    if sorted(index, key=index.__getitem__) != [n for n in expected if n in index]:
        report(header_line, "-", "columns out of schema order; expected: " + ",".join(expected))

    fields = [f for f in res.fields if f.name in index]
    values: dict[str, list[Any]] = {f.name: [] for f in fields}
    blank: dict[str, list[bool]] = {f.name: [] for f in fields}
    keys: dict[str, set[str]] = {f.name: set() for f in fields}
    lines: list[int] = []
    width = len(header)
    data_rows = 0
    for line, record in records[1:]:
        data_rows += 1
        if not record:
            report(line, "-", "blank line")
            continue
        if len(record) != width:
            report(line, "-", f"row has {len(record)} cells; the header has {width}")
            for f in fields:  # ids on a broken row still count as existing, to avoid cascades
                if index[f.name] < len(record):
                    keys[f.name].add(record[index[f.name]].strip())
            continue
        lines.append(line)
        for f in fields:
            raw = record[index[f.name]]
            value, message = _check_cell(f, raw)
            if message is not None:
                report(line, f.name, message)
            values[f.name].append(value)
            blank[f.name].append(raw == "")
            keys[f.name].add(raw.strip())
    return _Table(res, lines, values, blank, keys, set(index), data_rows)


def _rows(table: _Table, *names: str) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """Yield (line, values) for rows where every named field is present and valid."""
    if not all(n in table.present for n in names):
        return
    columns = [table.values[n] for n in names]
    for i, line in enumerate(table.lines):
        row = tuple(c[i] for c in columns)
        if not any(v is _INVALID for v in row):
            yield line, row


def _check_tables(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Cross-row and cross-table checks on the readable tables."""

    def report(table: _Table, row: int, column: str, message: str) -> None:
        problems.append(Problem(table.resource.path, row, column, message))

    def known(name: str, column: str) -> set[str] | None:
        ref = tables.get(name)
        if ref is None or column not in ref.present:
            return None
        return ref.keys[column]

    for table in tables.values():
        res = table.resource
        # primary key and unique fields
        unique_sets = [res.primary_key] if res.primary_key else []
        unique_sets += [(f.name,) for f in res.fields if f.unique and (f.name,) != res.primary_key]
        for names in unique_sets:
            first: dict[tuple[Any, ...], int] = {}
            for line, row in _rows(table, *names):
                if any(v is None for v in row):
                    continue
                if row in first:
                    shown = row[0] if len(row) == 1 else tuple(_shown(v) for v in row)
                    label = "id" if names == ("id",) else "value"
                    report(
                        table,
                        line,
                        names[-1],
                        f"duplicate {label} {shown!r} (first on line {first[row]})",
                    )
                else:
                    first[row] = line
        # foreign keys
        for local, ref_name, ref_field in res.foreign_keys:
            ids = known(ref_name, ref_field)
            if ids is None:
                continue
            noun = _NOUNS.get(ref_name, ref_name)
            ref_file = tables[ref_name].resource.path
            for line, (value,) in _rows(table, local):
                if value is not None and value not in ids:
                    report(
                        table, line, local, f"unknown {noun} {value!r} (no such id in {ref_file})"
                    )
        # list references
        for f in res.fields:
            if not f.list_of:
                continue
            ids = known(f.list_of, "id")
            if ids is None:
                continue
            noun = _NOUNS.get(f.list_of, f.list_of)
            ref_file = tables[f.list_of].resource.path
            for line, (items,) in _rows(table, f.name):
                for item in items:
                    if item not in ids:
                        report(
                            table,
                            line,
                            f.name,
                            f"unknown {noun} {item!r} (no such id in {ref_file})",
                        )
        # rows resting on the article name its section
        for line, (items, section) in _rows(table, "sources", "section"):
            if ARTICLE_SOURCE in items and section is None:
                report(
                    table,
                    line,
                    "section",
                    f"cites the article ({ARTICLE_SOURCE}) but names no section",
                )

    for name, start, end in PERIODS:
        table = tables.get(name)
        if table is None:
            continue
        raw_start = _raw_dates(table, start)
        raw_end = _raw_dates(table, end)
        for line, (s, e) in _rows(table, start, end):
            if s is not None and e is not None and e[0] < s[0]:
                report(
                    table,
                    line,
                    end,
                    f"{end} ({raw_end[line]}) is before {start} ({raw_start[line]})",
                )

    ties = tables.get("ties")
    if ties is not None:
        for line, (a, b) in _rows(ties, "from_actor", "to_actor"):
            if a == b:
                report(ties, line, "to_actor", f"tie from an actor to itself ({a!r})")

    _check_sources_works(tables, problems)
    _check_tie_rules(tables, problems)
    _check_axis_periods(tables, problems)
    _check_epilogue_rules(tables, problems)
    _check_indicators(tables, problems)
    _check_cabinets(tables, problems)
    _check_responses(tables, problems)

    elections = tables.get("elections")
    if elections is not None:
        for line, (total, majority) in _rows(elections, "total_seats", "majority_seats"):
            if total is not None and majority is not None and majority > total:
                report(
                    elections,
                    line,
                    "majority_seats",
                    f"majority_seats ({majority}) exceeds total_seats ({total})",
                )

    results = tables.get("election_results")
    if results is not None:
        tallies: dict[str, list[tuple[int, bool]]] = {}
        for line, (election, level, name, preferred) in _rows(
            results, "election", "level", "name", "preferred"
        ):
            what = f"{name!r} ({level}) in election {election!r}"
            tallies.setdefault(what, []).append((line, preferred))
        _one_preferred(results.resource.path, "tally", tallies, problems)


def _one_preferred(
    file: str,
    noun: str,
    groups: Mapping[str, list[tuple[int, bool]]],
    problems: list[Problem],
    require: bool = True,
) -> None:
    """Exactly one row of each group (description -> (line, preferred) rows) is preferred.

    With ``require`` false a group without a preferred row is not reported.
    """
    for what, rows in groups.items():
        chosen = [line for line, preferred in rows if preferred]
        if not chosen and require:
            problems.append(
                Problem(
                    file,
                    rows[0][0],
                    "preferred",
                    f"no preferred {noun} for {what}; mark exactly one row preferred=true",
                )
            )
        for line in chosen[1:]:
            problems.append(
                Problem(
                    file,
                    line,
                    "preferred",
                    f"second preferred {noun} for {what} (first on line {chosen[0]}); "
                    "mark exactly one row preferred=true",
                )
            )


def _shown(value: Any) -> Any:
    """A parsed cell for a message: partial dates as written, other values unchanged."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], pd.Timestamp):
        return _written(value)
    return value


def _written(value: tuple[pd.Timestamp, str]) -> str:
    """A parsed partial date as it was written (``2012``, ``2012-05``, ``2012-05-01``)."""
    ts, precision = value
    return ts.strftime({"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[precision])


def _at_common_precision(
    a: tuple[pd.Timestamp, str], b: tuple[pd.Timestamp, str]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two partial dates cut to the coarser of their two precisions, as comparable tuples."""
    depth = min(PRECISIONS.index(a[1]), PRECISIONS.index(b[1])) + 1

    def cut(ts: pd.Timestamp) -> tuple[int, ...]:
        return (ts.year, ts.month, ts.day)[:depth]

    return cut(a[0]), cut(b[0])


def _works(tables: dict[str, _Table]) -> dict[str, str]:
    """Source id -> the work it belongs to (its ``work``, or its own id when that is empty)."""
    sources = tables.get("sources")
    if sources is None:
        return {}
    if "work" not in sources.present:
        return {sid: sid for _, (sid,) in _rows(sources, "id")}
    return {sid: work or sid for _, (sid, work) in _rows(sources, "id", "work")}


def _check_sources_works(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Two rows of sources.csv with the same URL must share a work (else one is a duplicate)."""
    sources = tables.get("sources")
    if sources is None:
        return
    works = _works(tables)
    first: dict[str, tuple[int, str]] = {}
    for line, (sid, url) in _rows(sources, "id", "url"):
        if url is None or sid not in works:
            continue
        if url in first:
            other_line, other = first[url]
            if works[other] != works[sid]:
                problems.append(
                    Problem(
                        sources.resource.path,
                        line,
                        "url",
                        f"duplicate source: same URL as {other!r} (line {other_line}) but a "
                        "different work; merge the two rows, or give both the same work",
                    )
                )
        else:
            first[url] = (line, sid)


def _check_tie_rules(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Ties against their endpoints' lifetimes, confidence, start_basis and attributed_to."""
    ties = tables.get("ties")
    if ties is None:
        return
    file = ties.resource.path

    def report(line: int, column: str, message: str) -> None:
        problems.append(Problem(file, line, column, message))

    actors = tables.get("actors")
    life: dict[str, tuple[Any, Any]] = {}
    kinds: dict[str, str] = {}
    if actors is not None:
        for _, (a, f, e) in _rows(actors, "id", "founded", "ended"):
            if f is not None and e is not None and e[0] < f[0]:
                continue  # reported as an end before its start
            life[a] = (f, e)
        kinds = {a: k for _, (a, k) in _rows(actors, "id", "kind")}

    # a tie lies within the lifetime of both endpoints, compared at the coarser precision
    for line, (a, b, start, end) in _rows(ties, "from_actor", "to_actor", "start", "end"):
        for side, actor in (("from_actor", a), ("to_actor", b)):
            if actor not in life:
                continue
            founded, ended = life[actor]
            if start is not None and founded is not None:
                tie, born = _at_common_precision(start, founded)
                if tie < born:
                    report(
                        line,
                        "start",
                        f"tie starts ({_written(start)}) before {side} {actor!r} was founded "
                        f"({_written(founded)})",
                    )
            if ended is not None:
                if end is None:
                    report(
                        line,
                        "end",
                        f"tie is open (no end) but {side} {actor!r} ended ({_written(ended)})",
                    )
                else:
                    tie, gone = _at_common_precision(end, ended)
                    if tie > gone:
                        report(
                            line,
                            "end",
                            f"tie ends ({_written(end)}) after {side} {actor!r} ended "
                            f"({_written(ended)})",
                        )

    # high confidence rests on at least two independent works
    works = _works(tables)
    for line, (confidence, cited) in _rows(ties, "confidence", "sources"):
        if confidence != "high":
            continue
        distinct = sorted({works.get(sid, sid) for sid in cited})
        if len(distinct) < 2:
            report(
                line,
                "confidence",
                "high confidence needs at least two independent sources (different works); "
                f"all sources cited are one work: {distinct[0]}",
            )

    # start_basis goes with start
    if "start_basis" in ties.present and "start" in ties.present:
        for i, line in enumerate(ties.lines):
            basis = ties.values["start_basis"][i]
            if basis is _INVALID:
                continue
            start_blank = ties.blank["start"][i]
            if basis is None and not start_blank and ties.values["start"][i] is not _INVALID:
                report(
                    line,
                    "start_basis",
                    "start_basis is missing (a start is given: write known or first_documented)",
                )
            elif basis is not None and start_blank:
                report(line, "start_basis", f"start_basis {basis!r} is given without a start")

    # attributed_to names a person
    if kinds:
        for line, (person,) in _rows(ties, "attributed_to"):
            if person is not None and person in kinds and kinds[person] != "person":
                report(
                    line,
                    "attributed_to",
                    f"attributed_to must be a person; {person!r} is of kind {kinds[person]!r}",
                )


def _check_axis_periods(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """The membership periods of one actor may not overlap."""
    periods = tables.get("axis_periods")
    if periods is None:
        return
    by_actor: dict[str, list[tuple[int, Any, Any]]] = {}
    for line, (actor, start, end) in _rows(periods, "actor", "start", "end"):
        by_actor.setdefault(actor, []).append((line, start, end))
    for actor, rows in by_actor.items():
        rows.sort(key=lambda r: r[1][0])
        for (line_a, start_a, end_a), (line_b, start_b, _) in itertools.pairwise(rows):
            if start_b[0] == start_a[0]:
                continue  # the same key twice, reported as a duplicate
            if end_a is None or start_b[0] <= end_a[0]:
                until = "open" if end_a is None else f"to {_written(end_a)}"
                problems.append(
                    Problem(
                        periods.resource.path,
                        line_b,
                        "start",
                        f"period of {actor!r} starting {_written(start_b)} overlaps the period "
                        f"starting {_written(start_a)} ({until}, line {line_a})",
                    )
                )


def _check_indicators(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """One preferred figure per observation; a dated period lies in its year or the next."""
    indicators = tables.get("indicators")
    if indicators is None:
        return
    file = indicators.resource.path
    names = ("country", "year", "period", "indicator", "basis", "preferred")
    # a row with an unreadable key could belong to any observation: no "none preferred" then
    unreadable = any(
        indicators.values[n][i] is _INVALID
        for n in names
        if n in indicators.present
        for i in range(len(indicators.lines))
    )
    groups: dict[str, list[tuple[int, bool]]] = {}
    for line, (country, year, period, indicator, basis, preferred) in _rows(indicators, *names):
        when = f"{year}" + (f" ({_written(period)})" if period is not None else "")
        what = f"{indicator} of {country} in {when} on the basis {basis!r}"
        groups.setdefault(what, []).append((line, preferred))
    _one_preferred(file, "figure", groups, problems, require=not unreadable)
    # a period ends in the figure's year, or in the next one for a fiscal or survey year
    for line, (year, period) in _rows(indicators, "year", "period"):
        if period is not None and period[0].year not in (year, year + 1):
            problems.append(
                Problem(
                    file,
                    line,
                    "period",
                    f"period {_written(period)} lies outside year {year} and the year after it "
                    "(a period is the date of a quote or the end of the span coded to the year)",
                )
            )


def _member_on(
    tables: dict[str, _Table], actor: str, when: pd.Timestamp, static: Mapping[str, bool]
) -> bool | None:
    """Whether ``actor`` is an axis member on ``when``: its periods if any, else its flag."""
    periods = tables.get("axis_periods")
    spans = []
    if periods is not None:
        spans = [(s, e) for _, (a, s, e) in _rows(periods, "actor", "start", "end") if a == actor]
    if any(e is not None and e[0] < s[0] for s, e in spans):
        return None  # reported as an end before its start
    if spans:
        return any(s[0] <= when and (e is None or when <= e[0]) for s, e in spans)
    return static.get(actor)


def _check_cabinets(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """One cabinet, one set of facts; axis_partner follows the naming party's membership."""
    cabinets = tables.get("cabinets")
    if cabinets is None:
        return
    file = cabinets.resource.path
    shared = ("country", "prime_minister", "formed", "resigned")
    first: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for line, (cabinet, *facts) in _rows(cabinets, "cabinet", *shared):
        if cabinet not in first:
            first[cabinet] = (line, tuple(facts))
            continue
        line0, facts0 = first[cabinet]
        for name, value, value0 in zip(shared, facts, facts0, strict=True):
            if value != value0:
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        f"{name} {_shown(value)!r} differs from {_shown(value0)!r} given for "
                        f"cabinet {cabinet!r} on line {line0} (one value per cabinet)",
                    )
                )
    actors = tables.get("actors")
    if actors is None:
        return
    static = {a: m for _, (a, m) in _rows(actors, "id", "axis_member")}
    for line, (actor, flag, formed) in _rows(cabinets, "actor", "axis_partner", "formed"):
        if actor is None:
            if flag:
                problems.append(
                    Problem(
                        file,
                        line,
                        "axis_partner",
                        "axis_partner is true but no actor is given (an axis partner is an "
                        "actor with axis_member=true)",
                    )
                )
            continue
        member = _member_on(tables, actor, formed[0], static)
        if member is not None and member != flag:
            problems.append(
                Problem(
                    file,
                    line,
                    "axis_partner",
                    f"axis_partner is {str(flag).lower()} but actor {actor!r} is "
                    f"{'' if member else 'not '}an axis member on {_written(formed)} "
                    "(actors.csv axis_member, or its periods in axis_periods.csv)",
                )
            )


#: response_by value -> (columns that must be filled, columns that must be empty).
RESPONSE_FIELDS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = MappingProxyType(
    {
        "other_node": (("response_event", "responder", "claimed_link"), ()),
        "same_node": (("response_event", "responder", "claimed_link"), ()),
        "unattributed": (("response_event", "claimed_link"), ("responder",)),
        "none_found": ((), ("response_event", "responder", "lag_days", "claimed_link")),
    }
)


def _check_responses(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Strike-and-response pairs: filled columns, who responded, dates and lags, members only."""
    responses = tables.get("responses")
    columns = ("response_event", "responder", "lag_days", "claimed_link")
    if responses is None or not all(c in responses.present for c in columns):
        return

    def report(line: int, column: str, message: str) -> None:
        problems.append(Problem(responses.resource.path, line, column, message))

    index = {line: i for i, line in enumerate(responses.lines)}
    # which columns each kind of response fills
    for line, (kind,) in _rows(responses, "response_by"):
        required, empty = RESPONSE_FIELDS[kind]
        i = index[line]
        for column in required:
            if responses.blank[column][i]:
                report(line, column, f"{column} is required when response_by is {kind}")
        for column in empty:
            if not responses.blank[column][i]:
                report(line, column, f"{column} must be empty when response_by is {kind}")

    # the responder is the struck member itself, or another one
    for line, (kind, target, responder) in _rows(
        responses, "response_by", "target_of_trigger", "responder"
    ):
        if responder is None:
            continue
        if kind == "same_node" and responder != target:
            report(
                line,
                "responder",
                f"same_node response by {responder!r}, not by the target {target!r} "
                "(use other_node)",
            )
        if kind == "other_node" and responder == target:
            report(
                line,
                "responder",
                f"other_node response by the target itself ({target!r}); use same_node",
            )

    # a trigger with no response found has no other row
    kinds: dict[str, list[tuple[int, str]]] = {}
    for line, (trigger, kind) in _rows(responses, "trigger_event", "response_by"):
        kinds.setdefault(trigger, []).append((line, kind))
    for trigger, rows in kinds.items():
        if len(rows) > 1:
            for line, kind in rows:
                if kind == "none_found":
                    report(
                        line,
                        "response_by",
                        f"none_found, but trigger {trigger!r} has {len(rows) - 1} other "
                        "response row(s)",
                    )

    # dates: the response follows the trigger, and the lag is the number of days between them
    events = tables.get("events")
    if events is not None:
        dates = {e: d for _, (e, d) in _rows(events, "id", "date")}
        for line, (trigger, response, lag) in _rows(
            responses, "trigger_event", "response_event", "lag_days"
        ):
            if response is None or trigger not in dates or response not in dates:
                continue
            if response == trigger:
                report(line, "response_event", "the response is the trigger event itself")
                continue
            start, end = dates[trigger], dates[response]
            first, second = _at_common_precision(start, end)
            if second < first:
                report(
                    line,
                    "response_event",
                    f"response {response!r} ({_written(end)}) is dated before trigger "
                    f"{trigger!r} ({_written(start)})",
                )
                continue
            both_days = start[1] == "day" and end[1] == "day"
            days = (end[0] - start[0]).days
            if both_days and lag is None:
                report(line, "lag_days", f"lag_days is missing (both events dated: {days} days)")
            elif both_days and lag != days:
                report(
                    line,
                    "lag_days",
                    f"lag_days {lag} differs from the {days} days between {_written(start)} "
                    f"and {_written(end)}",
                )
            elif not both_days and lag is not None:
                report(
                    line,
                    "lag_days",
                    f"lag_days given, but {_written(start)} and {_written(end)} are not both "
                    "dated to the day",
                )

    # both sides are members of the axis
    actors = tables.get("actors")
    if actors is not None:
        member = {a: m for _, (a, m) in _rows(actors, "id", "axis_member")}
        for column in ("target_of_trigger", "responder"):
            for line, (actor,) in _rows(responses, column):
                if actor is not None and member.get(actor) is False:
                    report(line, column, f"{actor!r} is not an axis member (actors.axis_member)")


def _check_epilogue_rules(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """End sources go with an end, future claims cite the article, fronts are partners' acts."""

    def report(table: _Table, line: int, column: str, message: str) -> None:
        problems.append(Problem(table.resource.path, line, column, message))

    # sources (and evidence) given for an end added later go with that end
    for name, end, lists, text in (
        ("ties", "end", "end_sources", "end_evidence"),
        ("actors", "ended", "ended_sources", None),
    ):
        table = tables.get(name)
        if table is None or end not in table.present or lists not in table.present:
            continue
        has_text = text is not None and text in table.present
        for i, line in enumerate(table.lines):
            if table.values[end][i] is _INVALID:
                continue
            no_end = table.blank[end][i]
            cited = not table.blank[lists][i]
            said = has_text and not table.blank[text][i]  # type: ignore[index]
            if no_end and cited:
                report(table, line, lists, f"{lists} given without an {end} date")
            if no_end and said:
                report(table, line, str(text), f"{text} given without an {end} date")
            if not no_end and has_text and cited != said:
                missing, given = (text, lists) if cited else (lists, text)
                report(table, line, str(missing), f"{missing} is missing ({given} is given)")

    claims = tables.get("claims")
    if claims is not None:
        for line, (horizon, cited) in _rows(claims, "horizon", "sources"):
            if horizon == "future" and ARTICLE_SOURCE not in cited:
                report(
                    claims,
                    line,
                    "sources",
                    f"a future claim is an expectation of the article: cite {ARTICLE_SOURCE}",
                )

    fronts = tables.get("fronts")
    if fronts is None:
        return
    actors = tables.get("actors")
    members = {a: m for _, (a, m) in _rows(actors, "id", "axis_member")} if actors else {}
    for line, (actor, target) in _rows(fronts, "actor", "target"):
        if actor == target:
            report(fronts, line, "target", f"front of an actor against itself ({actor!r})")
        if members.get(actor) is False:
            report(
                fronts,
                line,
                "actor",
                f"actor {actor!r} is not an axis member (fronts record what Iran and its "
                "partners opened)",
            )
    events = tables.get("events")
    dates = {e: d for _, (e, d) in _rows(events, "id", "date")} if events else {}
    for line, (start, event) in _rows(fronts, "start", "first_event"):
        if start is None or event not in dates:
            continue
        front, opened = _at_common_precision(start, dates[event])
        if front < opened:
            report(
                fronts,
                line,
                "start",
                f"front starts ({_written(start)}) before its first event {event!r} "
                f"({_written(dates[event])})",
            )


def _raw_dates(table: _Table, name: str) -> dict[int, str]:
    """Line -> date as written, rebuilt from the parsed value and its precision."""
    out: dict[int, str] = {}
    for line, (value,) in _rows(table, name):
        if value is None:
            continue
        ts, precision = value
        fmt = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[precision]
        out[line] = ts.strftime(fmt)
    return out


# --------------------------------------------------------------------------- typing


def _frame(table: _Table, semantics: Mapping[str, TieType] | None = None) -> pd.DataFrame:
    """Build the typed DataFrame of a table that passed every check.

    For the ``ties`` table, ``semantics`` (the package's ``tieTypes``) adds the ``layer`` and
    ``sign`` of each tie's type as categorical columns after the schema's columns.
    """
    columns: dict[str, Any] = {}
    n = len(table.lines)
    for f in table.resource.fields:
        vals = table.values[f.name]
        if f.date is not None:
            stamps = [v[0] if v is not None else pd.NaT for v in vals]
            precisions = [v[1] if v is not None else None for v in vals]
            columns[f.name] = pd.Series(stamps, dtype="datetime64[ns]", index=range(n))
            columns[f"{f.name}_precision"] = pd.Categorical(precisions, categories=PRECISIONS)
        elif f.is_list:
            columns[f.name] = pd.Series(vals, dtype=object, index=range(n))
        elif f.enum is not None:
            columns[f.name] = pd.Categorical(vals, categories=list(f.enum))
        elif f.type == "boolean":
            if any(v is None for v in vals):
                columns[f.name] = pd.array(vals, dtype="boolean")
            else:
                columns[f.name] = np.array(vals, dtype=bool)
        elif f.type == "integer":
            columns[f.name] = pd.array(vals, dtype="Int64")
        elif f.type == "number":
            columns[f.name] = pd.array(vals, dtype="Float64")
        else:
            columns[f.name] = pd.Series(vals, dtype="str", index=range(n))
    if table.resource.name == "ties" and semantics is not None:
        layers = list(dict.fromkeys(t.layer for t in semantics.values()))
        order = [layer for layer in TIE_LAYERS if layer in layers]
        order += [layer for layer in layers if layer not in order]
        types = table.values["type"]
        columns["layer"] = pd.Categorical([semantics[t].layer for t in types], categories=order)
        columns["sign"] = pd.Categorical(
            [semantics[t].sign for t in types], categories=list(TIE_SIGNS)
        )
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


# --------------------------------------------------------------------------- entry points


def _order(resources: list[_Resource] | None) -> Any:
    files = {DESCRIPTOR: -1}
    columns: dict[str, dict[str, int]] = {}
    for i, res in enumerate(resources or []):
        files[res.path] = i
        columns[res.path] = {name: j for j, name in enumerate(res.field_names())}

    def key(p: Problem) -> tuple[int, int, int]:
        row = 0 if p.row == "-" else int(p.row)
        col = -1 if p.column == "-" else columns.get(p.file, {}).get(p.column, 10_000)
        return (files.get(p.file, 10_000), row, col)

    return key


def _run(
    path: str | Path | None,
) -> tuple[Summary, dict[str, _Table], dict[str, TieType] | None]:
    base = data_dir(path)
    problems: list[Problem] = []
    resources, semantics = _read_descriptor(base, problems)
    tables: dict[str, _Table] = {}
    for res in resources or []:
        table = _read_table(base, res, problems)
        if table is not None:
            tables[res.name] = table
    _check_tables(tables, problems)
    problems.sort(key=_order(resources))
    rows = sum(t.rows for t in tables.values())
    return Summary(base, len(resources or []), rows, tuple(problems)), tables, semantics


def validate(path: str | Path | None = None) -> Summary:
    """Check the package in ``path`` (default: the repository's data folder) without raising.

    Parameters
    ----------
    path : str or Path, optional
        The package folder.

    Returns
    -------
    Summary
        Its ``problems`` lists every problem found, sorted by file (in package order), row and
        column.

    Examples
    --------
    >>> summary = validate()
    >>> summary.ok, summary.rows > 0
    (True, True)
    """
    summary, _, _ = _run(path)
    return summary


def load(
    path: str | Path | None = None, *, until: str | dt.date | pd.Timestamp | None = None
) -> Dataset:
    """Load, validate and type the data package in ``path`` (default: the repo's ``data/``).

    Partial dates become Timestamps (start-like fields: first day of the period; end-like
    fields: last day) with a ``<field>_precision`` categorical; enumerations become categoricals
    with the schema's categories in schema order; booleans ``bool``; integers ``Int64``; numbers
    ``Float64``; list fields tuples of str; other text ``str`` with NaN for empty cells. The
    ``ties`` table gains two categorical columns derived from its ``type`` through the
    package's ``tieTypes``: ``layer`` (categories in ``tieLayers`` order) and ``sign``
    (``cooperative``, ``hostile``).

    Parameters
    ----------
    path
        Folder holding ``datapackage.json`` and the CSV files; ``None`` for the repository's
        ``data/`` folder.
    until
        If given, the dataset as it stood on that day (see :meth:`Dataset.until`);
        ``until=ARTICLE_DATE`` gives the article's period. The whole package is validated
        first either way.

    Returns
    -------
    Dataset
        One typed DataFrame per table of :data:`TABLES` and :data:`EPILOGUE_TABLES`.

    Raises
    ------
    DataError
        Listing every problem; no table is returned when there is any.
    ValueError
        When ``until`` is not a valid date.

    Examples
    --------
    >>> from axisnet.data import load
    >>> ties = load().ties
    >>> cooperative = ties[ties["sign"] == "cooperative"]
    >>> set(cooperative["layer"]) <= set(TIE_LAYERS)
    True
    >>> article_period = load(until=ARTICLE_DATE)
    >>> bool((article_period.ties["start"] <= ARTICLE_DATE).all())
    True
    """
    day = cutoff(until) if until is not None else None
    summary, tables, semantics = _run(path)
    if summary.problems:
        raise DataError(summary.problems, summary.path)
    frames = {name: _frame(tables[name], semantics) for name in TABLES + EPILOGUE_TABLES}
    dataset = Dataset(**frames, path=summary.path)
    return _until(dataset, day) if day is not None else dataset


# --------------------------------------------------------------------------- cutoff


def cutoff(date: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """The day ``date`` stands for, as a midnight :class:`pandas.Timestamp`.

    Parameters
    ----------
    date
        A :class:`datetime.date` (or datetime), a :class:`pandas.Timestamp`, or a string
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a year or month stands for its last day.

    Returns
    -------
    pandas.Timestamp
        The day, without time of day or time zone.

    Raises
    ------
    ValueError
        When the string is not such a date or names a day that does not exist, or the
        Timestamp is NaT.
    TypeError
        When ``date`` is of another type.

    Examples
    --------
    >>> cutoff("2022-07").date()
    datetime.date(2022, 7, 31)
    >>> try:
    ...     cutoff("2024-02-30")
    ... except ValueError as error:
    ...     print(str(error).split(": ", 1)[1])
    impossible date '2024-02-30': February 2024 has 29 days
    """
    if isinstance(date, str):
        value, message = _parse_date(date.strip(), "end")
        if message is not None:
            raise ValueError(f"cannot read the cutoff date {date!r}: {message}")
        return value[0]
    if date is pd.NaT or isinstance(date, pd.Timestamp):
        if pd.isna(date):
            raise ValueError("cannot read the cutoff date: it is NaT (not a time)")
        return pd.Timestamp(date.year, date.month, date.day)
    if isinstance(date, dt.date):
        return pd.Timestamp(date.year, date.month, date.day)
    raise TypeError(
        f"the cutoff date must be a string (YYYY-MM-DD), a date or a Timestamp, "
        f"not {type(date).__name__}"
    )


def _period_start(stamps: pd.Series, precisions: pd.Series) -> pd.Series:
    """First day of the period of each end-like date (the loaded value is its last day)."""
    out = stamps.copy()
    by_year = precisions.astype(object) == "year"
    by_month = precisions.astype(object) == "month"
    out[by_year] = stamps[by_year].dt.to_period("Y").dt.start_time
    out[by_month] = stamps[by_month].dt.to_period("M").dt.start_time
    return out


def _keep_started(frame: pd.DataFrame, column: str, day: pd.Timestamp) -> pd.Series:
    """Rows whose start-like ``column`` is empty or falls on or before ``day``."""
    return frame[column].isna() | (frame[column] <= day)


def _undo_ends(frame: pd.DataFrame, column: str, day: pd.Timestamp, extra: Sequence[str]) -> None:
    """Empty the end-like ``column`` (and its precision and ``extra`` columns) after ``day``.

    From :data:`ARTICLE_DATE` on, the ends of rows coded for the article that cite no sources of
    their own (``extra`` lists) stay as coded: they belong to the record of the article's period.
    """
    first = _period_start(frame[column], frame[f"{column}_precision"])
    later = (frame[column].notna() & (first > day)).to_numpy(dtype=bool, copy=True)
    lists = [name for name in extra if name in frame and name.endswith("sources")]
    if "coded_for" in frame and day >= ARTICLE_DATE:
        article = (frame["coded_for"].astype(object) == "article").to_numpy(dtype=bool)
        cited = np.zeros(len(frame), dtype=bool)
        for name in lists:
            cited |= frame[name].map(bool).to_numpy(dtype=bool)
        later &= ~(article & ~cited)
    if not later.any():
        return
    frame.loc[later, column] = pd.NaT
    frame.loc[later, f"{column}_precision"] = np.nan
    for name in extra:
        if name in lists:
            frame[name] = [() if hit else v for v, hit in zip(frame[name], later, strict=True)]
        elif name in frame:
            frame.loc[later, name] = np.nan


def _epilogue(frame: pd.DataFrame, day: pd.Timestamp) -> np.ndarray:
    """Rows coded for the epilogue, when ``day`` is within the article's period."""
    if "coded_for" not in frame or day > ARTICLE_DATE:
        return np.zeros(len(frame), dtype=bool)
    return (frame["coded_for"].astype(object) == "epilogue").to_numpy(dtype=bool)


def _later(value: Any, day: pd.Timestamp) -> bool:
    """Whether a loaded start-like date lies after ``day`` (False when it is missing)."""
    return bool(pd.notna(value) and value > day)


def _cited(frame: pd.DataFrame) -> set[str]:
    """Source ids cited anywhere in ``frame`` (its ``sources`` and ``*_sources`` lists)."""
    ids: set[str] = set()
    for name in frame.columns:
        if name == "sources" or name.endswith("_sources"):
            for items in frame[name]:
                if isinstance(items, tuple):
                    ids.update(items)
    return ids


def _until(data: Dataset, day: pd.Timestamp) -> Dataset:
    """The dataset as it stood on ``day`` (see :meth:`Dataset.until`)."""
    t = {name: getattr(data, name).copy() for name in TABLES}
    # tables beyond TABLES (fronts, and any a later package adds) pass through unless ruled below
    extra = {
        f.name: getattr(data, f.name).copy()
        for f in fields(data)
        if f.name not in t and isinstance(getattr(data, f.name), pd.DataFrame)
    }
    if day <= ARTICLE_DATE:  # the article's period has no epilogue tables
        extra.update({name: extra[name].iloc[0:0].copy() for name in EPILOGUE_TABLES})
    cited_before = set().union(*(_cited(f) for n, f in {**t, **extra}.items() if n != "sources"))

    actors = t["actors"]
    actors = actors[_keep_started(actors, "founded", day) & ~_epilogue(actors, day)].copy()
    _undo_ends(actors, "ended", day, ("ended_sources",))
    kept_actors = set(actors["id"])
    t["actors"] = actors

    ties = t["ties"]
    ties = ties[
        _keep_started(ties, "start", day)
        & ~_epilogue(ties, day)
        & ties["from_actor"].isin(kept_actors)
        & ties["to_actor"].isin(kept_actors)
    ].copy()
    _undo_ends(ties, "end", day, ("end_sources", "end_evidence"))
    t["ties"] = ties

    events = t["events"]
    events = events[_keep_started(events, "date", day) & ~_epilogue(events, day)].copy()
    events["actors"] = [tuple(a for a in items if a in kept_actors) for items in events["actors"]]
    t["events"] = events

    elections = t["elections"]
    t["elections"] = elections[_keep_started(elections, "date", day)].copy()
    results = t["election_results"]
    results = results[results["election"].isin(set(t["elections"]["id"]))].copy()
    gone = results["actor"].notna() & ~results["actor"].isin(kept_actors)
    results.loc[gone, "actor"] = np.nan
    t["election_results"] = results

    periods = t["axis_periods"]
    periods = periods[
        _keep_started(periods, "start", day) & periods["actor"].isin(kept_actors)
    ].copy()
    _undo_ends(periods, "end", day, ())
    t["axis_periods"] = periods

    if "fronts" in extra:
        fronts = extra["fronts"]
        fronts = fronts[
            _keep_started(fronts, "start", day)
            & fronts["actor"].isin(kept_actors)
            & fronts["target"].isin(kept_actors)
            & (fronts["first_event"].isna() | fronts["first_event"].isin(set(events["id"])))
        ].copy()
        _undo_ends(fronts, "end", day, ())
        extra["fronts"] = fronts

    sources = t["sources"]
    dated = dict(zip(sources["id"], sources["date"], strict=True))
    claims = t["claims"]
    if "horizon" in claims:
        future = (claims["horizon"].astype(object) == "future").to_numpy()
        known = np.array(
            [not any(_later(dated.get(s), day) for s in items) for items in claims["sources"]],
            dtype=bool,
        )
        claims = claims[~future | known].copy()
        t["claims"] = claims

    cited = set().union(*(_cited(f) for n, f in {**t, **extra}.items() if n != "sources"))
    gone = cited_before - cited
    t["sources"] = sources[~sources["id"].isin(gone)].copy()

    frames = {name: frame.reset_index(drop=True) for name, frame in {**t, **extra}.items()}
    return Dataset(**frames, path=data.path, as_of=day)
