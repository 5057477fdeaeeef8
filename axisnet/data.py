"""Load, validate and type the Axis of Resistance data package.

The package is a Frictionless Data Package (``data/datapackage.json`` plus one CSV per table).
:func:`load` reads every table, checks it against the descriptor and the project's own rules in one
pass, and either returns a :class:`Dataset` of typed pandas DataFrames or raises a single
:class:`DataError` that lists every problem as ``file:row:column: message``.

Row numbers are physical line numbers in the CSV file (the header is line 1); the column is the
field name, or ``-`` when the problem concerns the whole file or the whole row.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

__all__ = [
    "ARTICLE_SOURCE",
    "DEFAULT_DATA_DIR",
    "TABLES",
    "DataError",
    "Dataset",
    "Problem",
    "Summary",
    "load",
    "validate",
]

DEFAULT_DATA_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "data"
"""The repository's ``data/`` folder, found relative to this file."""

DESCRIPTOR: Final = "datapackage.json"

TABLES: Final[tuple[str, ...]] = (
    "sources",
    "actors",
    "ties",
    "events",
    "elections",
    "election_results",
    "claims",
)
"""The tables every package must describe, in the order of the :class:`Dataset` attributes."""

ARTICLE_SOURCE: Final = "ezzeddine-azizi-2022"
"""Source id of the article the book accompanies."""

PRECISIONS: Final[tuple[str, ...]] = ("year", "month", "day")

#: Partial-date fields read as the first day of their period.
START_FIELDS: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("sources", "date"),
        ("actors", "founded"),
        ("ties", "start"),
        ("events", "date"),
        ("elections", "date"),
    }
)
#: Partial-date fields read as the last day of their period.
END_FIELDS: Final[frozenset[tuple[str, str]]] = frozenset({("actors", "ended"), ("ties", "end")})
#: (table, start field, end field): the end may not fall before the start.
PERIODS: Final[tuple[tuple[str, str, str], ...]] = (
    ("actors", "founded", "ended"),
    ("ties", "start", "end"),
)
#: Semicolon-separated list fields and the table their items refer to (None: free text items).
#: The table name ``*`` stands for every table.
LIST_FIELDS: Final[Mapping[tuple[str, str], str | None]] = MappingProxyType(
    {("*", "sources"): "sources", ("actors", "aliases"): None, ("events", "actors"): "actors"}
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
    {"sources": "source", "actors": "actor", "elections": "election", "ties": "tie"}
)


class _Invalid:
    """Marker for a cell that failed its checks (kept out of cross-table checks)."""

    def __repr__(self) -> str:
        return "INVALID"


_INVALID: Final = _Invalid()


@dataclass(frozen=True)
class Problem:
    """One problem found in the package.

    Attributes:
        file: file name inside the package folder (``ties.csv``, ``datapackage.json``).
        row: physical line number in that file (header = 1), or ``"-"`` for the whole file.
        column: field name, or ``"-"`` for the whole file or row.
        message: what is wrong, naming the offending value.
    """

    file: str
    row: int | Literal["-"]
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


class DataError(Exception):
    """The data package is invalid; ``problems`` lists every problem found."""

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
    """The typed tables of the package (one pandas DataFrame per table, ``id`` as a column)."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    ties: pd.DataFrame
    events: pd.DataFrame
    elections: pd.DataFrame
    election_results: pd.DataFrame
    claims: pd.DataFrame
    path: Path = field(default=DEFAULT_DATA_DIR)

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]:
        """Read-only mapping from table name to DataFrame, in package order."""
        return MappingProxyType({name: getattr(self, name) for name in TABLES})


@dataclass(frozen=True)
class Summary:
    """What a validation run saw: folder, number of tables and data rows, and the problems."""

    path: Path
    tables: int
    rows: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


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


def _read_descriptor(base: Path, problems: list[Problem]) -> list[_Resource] | None:
    """Parse datapackage.json into resources; record problems and return None if unusable."""
    path = base / DESCRIPTOR
    if not path.is_file():
        problems.append(Problem(DESCRIPTOR, "-", "-", "file not found"))
        return None
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(DESCRIPTOR, "-", "-", "not valid UTF-8"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(DESCRIPTOR, exc.lineno, "-", f"not valid JSON: {exc.msg}"))
        return None
    raw_resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(raw_resources, list):
        problems.append(Problem(DESCRIPTOR, "-", "-", "no 'resources' list"))
        return None
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
    for table in TABLES:
        if table not in names:
            problems.append(Problem(DESCRIPTOR, "-", "-", f"no resource named {table!r}"))
    return resources


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
            keys[f.name].add(raw.strip())
    return _Table(res, lines, values, keys, set(index), data_rows)


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
                    shown = row[0] if len(row) == 1 else row
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
        groups: dict[tuple[str, str, str], list[tuple[int, bool]]] = {}
        for line, (election, level, name, preferred) in _rows(
            results, "election", "level", "name", "preferred"
        ):
            groups.setdefault((election, level, name), []).append((line, preferred))
        for (election, level, name), rows in groups.items():
            chosen = [line for line, preferred in rows if preferred]
            what = f"{name!r} ({level}) in election {election!r}"
            if not chosen:
                report(
                    results,
                    rows[0][0],
                    "preferred",
                    f"no preferred tally for {what}; mark exactly one row preferred=true",
                )
            for line in chosen[1:]:
                report(
                    results,
                    line,
                    "preferred",
                    f"second preferred tally for {what} (first on line {chosen[0]}); "
                    "mark exactly one row preferred=true",
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


def _frame(table: _Table) -> pd.DataFrame:
    """Build the typed DataFrame of a table that passed every check."""
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
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


# --------------------------------------------------------------------------- entry points


def _resolve(path: str | Path | None) -> Path:
    """``path``, else the folder named by ``AXISNET_DATA_DIR``, else the repo's ``data/``."""
    if path is None:
        return Path(os.environ.get("AXISNET_DATA_DIR") or DEFAULT_DATA_DIR)
    return Path(path)


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


def _run(path: str | Path | None) -> tuple[Summary, dict[str, _Table]]:
    base = _resolve(path)
    problems: list[Problem] = []
    resources = _read_descriptor(base, problems)
    tables: dict[str, _Table] = {}
    for res in resources or []:
        table = _read_table(base, res, problems)
        if table is not None:
            tables[res.name] = table
    _check_tables(tables, problems)
    problems.sort(key=_order(resources))
    rows = sum(t.rows for t in tables.values())
    return Summary(base, len(resources or []), rows, tuple(problems)), tables


def validate(path: str | Path | None = None) -> Summary:
    """Check the package in ``path`` (default: the repository's data folder) without raising.

    Returns a :class:`Summary` whose ``problems`` lists every problem found, sorted by file (in
    package order), row and column.
    """
    summary, _ = _run(path)
    return summary


def load(path: str | Path | None = None) -> Dataset:
    """Load, validate and type the data package in ``path`` (default: the repo's ``data/``).

    Partial dates become Timestamps (start-like fields: first day of the period; end-like
    fields: last day) with a ``<field>_precision`` categorical; enumerations become categoricals
    with the schema's categories in schema order; booleans ``bool``; integers ``Int64``; numbers
    ``Float64``; list fields tuples of str; other text ``str`` with NaN for empty cells.

    Raises:
        DataError: listing every problem; no table is returned when there is any.
    """
    summary, tables = _run(path)
    if summary.problems:
        raise DataError(summary.problems, summary.path)
    frames = {name: _frame(tables[name]) for name in TABLES}
    return Dataset(**frames, path=summary.path)
