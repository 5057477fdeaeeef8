"""A catalogue of bad inputs, each with the exact problem lines the loader must report.

Every test writes the same tiny valid package to a temporary folder (the real datapackage.json
plus a few hand-written rows per table), injects one fault and checks that ``load`` raises a
``DataError`` listing exactly the expected ``file:row:column: message`` lines. The rows of the
tiny package are test inputs for the validator, not part of the dataset.

Line numbers in the expectations are physical CSV lines: the header is line 1, the first data
row line 2 (see the row comments in ``TINY`` below).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from axisnet.__main__ import build_parser, main
from axisnet.data import DataError, Dataset, Problem, data_version, load, validate

REPO = Path(__file__).resolve().parent.parent
DESCRIPTOR = REPO / "data" / "datapackage.json"
ARTICLE_URL = (
    "https://warontherocks.com/2022/07/irans-increasingly-decentralized-axis-of-resistance/"
)

# Header row first, then data rows; the comment gives each row's physical line number.
TINY: dict[str, list[list[str]]] = {
    "sources": [
        ["id", "kind", "title", "author", "publisher", "date", "url", "note", "work"],
        # line 2
        [
            "ezzeddine-azizi-2022",
            "article",
            "Iran's Increasingly Decentralized Axis of Resistance",
            "Nancy Ezzeddine; Hamidreza Azizi",
            "War on the Rocks",
            "2022-07",
            ARTICLE_URL,
            "",
            "",
        ],
        # line 3
        ["wire-2020", "news", "A wire report", "", "A wire service", "2020-01-03", "", "", ""],
    ],
    "actors": [
        [
            "id",
            "name",
            "aliases",
            "kind",
            "country",
            "iran_core",
            "axis_member",
            "affiliation",
            "role",
            "founded",
            "ended",
            "note",
            "sources",
            "ended_sources",
            "coded_for",
        ],
        # line 2
        [
            "iran",
            "Iran",
            "",
            "state",
            "Iran",
            "true",
            "true",
            "",
            "",
            "1979-04",
            "",
            "",
            "wire-2020",
            "",
            "article",
        ],
        # line 3
        [
            "quds-force",
            "Quds Force",
            "IRGC-QF;Qods Force",
            "state_body",
            "Iran",
            "true",
            "true",
            "",
            "",
            "1990",
            "",
            "",
            "wire-2020",
            "",
            "article",
        ],
        # line 4
        [
            "hizballah",
            "Hizballah",
            "Hezbollah",
            "armed_group",
            "Lebanon",
            "false",
            "true",
            "",
            "",
            "1982",
            "",
            "",
            "ezzeddine-azizi-2022",
            "",
            "article",
        ],
        # line 5
        [
            "soleimani",
            "Qassem Soleimani",
            "",
            "person",
            "Iran",
            "true",
            "true",
            "quds-force",
            "Commander",
            "1957-03-11",
            "2020-01-03",
            "",
            "wire-2020",
            "",
            "article",
        ],
    ],
    "ties": [
        [
            "id",
            "from_actor",
            "to_actor",
            "type",
            "directed",
            "start",
            "end",
            "confidence",
            "evidence",
            "section",
            "sources",
            "start_basis",
            "episode",
            "attributed_to",
            "end_evidence",
            "end_sources",
            "coded_for",
        ],
        # line 2
        [
            "qf-hizballah-funding",
            "quds-force",
            "hizballah",
            "funding",
            "true",
            "1990",
            "",
            "high",
            "Money from the Quds Force to Hizballah.",
            "hierarchy",
            "ezzeddine-azizi-2022;wire-2020",
            "first_documented",
            "",
            "",
            "",
            "",
            "article",
        ],
        # line 3
        [
            "soleimani-qf-leadership",
            "soleimani",
            "quds-force",
            "leadership",
            "true",
            "1998",
            "2020-01-03",
            "medium",
            "Soleimani headed the Quds Force.",
            "",
            "wire-2020",
            "known",
            "",
            "",
            "",
            "",
            "article",
        ],
    ],
    "events": [
        [
            "id",
            "date",
            "kind",
            "country",
            "title",
            "description",
            "actors",
            "section",
            "sources",
            "coded_for",
        ],
        # line 2
        [
            "soleimani-killed",
            "2020-01-03",
            "assassination",
            "Iraq",
            "Soleimani killed",
            "",
            "soleimani;quds-force",
            "causes",
            "ezzeddine-azizi-2022;wire-2020",
            "article",
        ],
        # line 3
        [
            "revolution",
            "1979-02",
            "other",
            "Iran",
            "Revolution",
            "",
            "",
            "",
            "wire-2020",
            "article",
        ],
        # line 4
        [
            "strike",
            "2020-01-08",
            "attack",
            "Iraq",
            "A strike",
            "",
            "hizballah",
            "",
            "wire-2020",
            "article",
        ],
    ],
    "elections": [
        [
            "id",
            "country",
            "date",
            "body",
            "total_seats",
            "majority_seats",
            "turnout_pct",
            "note",
            "sources",
        ],
        # line 2
        ["lb-2022", "Lebanon", "2022-05-15", "Parliament", "128", "65", "41.5", "", "wire-2020"],
    ],
    "election_results": [
        [
            "id",
            "election",
            "level",
            "name",
            "actor",
            "camp",
            "seats",
            "votes",
            "preferred",
            "note",
            "sources",
        ],
        # line 2
        [
            "lb-2022-hzb-a",
            "lb-2022",
            "party",
            "Hizballah",
            "hizballah",
            "iran_aligned",
            "13",
            "",
            "true",
            "",
            "wire-2020",
        ],
        # line 3
        [
            "lb-2022-hzb-b",
            "lb-2022",
            "party",
            "Hizballah",
            "hizballah",
            "iran_aligned",
            "12",
            "",
            "false",
            "",
            "wire-2020",
        ],
        # line 4
        [
            "lb-2022-bloc",
            "lb-2022",
            "bloc",
            "Hizballah and allies",
            "",
            "iran_aligned",
            "62",
            "",
            "true",
            "",
            "wire-2020",
        ],
    ],
    "claims": [
        ["id", "section", "claim", "verdict", "correction", "evidence", "sources", "horizon"],
        # line 2
        [
            "intro-vote-date",
            "introduction",
            "Lebanon voted on 15 May 2022.",
            "supported",
            "",
            "The wire report gives that date.",
            "ezzeddine-azizi-2022;wire-2020",
            "past",
        ],
    ],
    "axis_periods": [
        ["actor", "start", "end", "evidence", "sources"],
        # line 2
        ["hizballah", "1982", "", "Hizballah is a partner of Iran from its founding.", "wire-2020"],
    ],
    "indicators": [
        [
            "id",
            "country",
            "year",
            "period",
            "indicator",
            "value",
            "unit",
            "basis",
            "preferred",
            "note",
            "sources",
        ],
        # line 2
        [
            "lb-2020-inflation-a",
            "Lebanon",
            "2020",
            "",
            "inflation_pct",
            "84.8",
            "percent, annual average",
            "consumer price index",
            "true",
            "",
            "wire-2020",
        ],
        # line 3: the same observation from a second source
        [
            "lb-2020-inflation-b",
            "Lebanon",
            "2020",
            "",
            "inflation_pct",
            "84.9",
            "percent, annual average",
            "consumer price index",
            "false",
            "",
            "wire-2020",
        ],
        # line 4: a fiscal year ending in the following calendar year
        [
            "ir-2020-inflation",
            "Iran",
            "2020",
            "2021-03-20",
            "inflation_pct",
            "36.4",
            "percent, twelve-month average",
            "consumer price index, Iranian year 1399",
            "true",
            "",
            "wire-2020",
        ],
    ],
    "cabinets": [
        [
            "id",
            "cabinet",
            "country",
            "prime_minister",
            "formed",
            "resigned",
            "portfolio",
            "holder",
            "party",
            "actor",
            "axis_partner",
            "note",
            "sources",
        ],
        # line 2
        [
            "c1-health",
            "c1",
            "Lebanon",
            "A Prime Minister",
            "2019-01-31",
            "2019-10-29",
            "Public Health",
            "A Minister",
            "Hizballah",
            "hizballah",
            "true",
            "",
            "wire-2020",
        ],
        # line 3
        [
            "c1-tourism",
            "c1",
            "Lebanon",
            "A Prime Minister",
            "2019-01-31",
            "2019-10-29",
            "Tourism",
            "Another Minister",
            "A party outside the network",
            "",
            "false",
            "",
            "wire-2020",
        ],
    ],
    "responses": [
        [
            "id",
            "trigger_event",
            "target_of_trigger",
            "response_by",
            "response_event",
            "responder",
            "lag_days",
            "claimed_link",
            "note",
            "section",
            "sources",
        ],
        # line 2
        [
            "killing-strike",
            "soleimani-killed",
            "quds-force",
            "other_node",
            "strike",
            "hizballah",
            "5",
            "yes",
            "",
            "",
            "wire-2020",
        ],
    ],
    "fronts": [
        [
            "id",
            "actor",
            "target",
            "theatre",
            "start",
            "end",
            "first_event",
            "consent",
            "sources",
            "note",
        ],
        # line 2
        [
            "hz-israel",
            "hizballah",
            "iran",
            "Border",
            "2020-01-05",
            "2020-02",
            "soleimani-killed",
            "unknown",
            "wire-2020",
            "",
        ],
    ],
}


def csv_text(rows: list[list[str]]) -> str:
    """Rows as CSV text with LF line ends."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_package(folder: Path, tables: dict[str, list[list[str]]] | None = None) -> Path:
    """Write the descriptor and the given tables (default: TINY) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DESCRIPTOR, folder / "datapackage.json")
    for name, rows in (tables or TINY).items():
        (folder / f"{name}.csv").write_text(csv_text(rows), encoding="utf-8")
    return folder


def tiny() -> dict[str, list[list[str]]]:
    """A deep copy of TINY to modify."""
    return {name: [list(row) for row in rows] for name, rows in TINY.items()}


def set_cell(tables: dict[str, list[list[str]]], name: str, line: int, column: str, value: str):
    """Set one cell, addressed by physical line (header = 1) and column name."""
    rows = tables[name]
    rows[line - 1][rows[0].index(column)] = value


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """A valid tiny package."""
    return write_package(tmp_path / "pkg")


def problems_of(path: Path) -> list[str]:
    """Assert that load returns nothing but raises DataError; return its problem lines.

    ``validate`` must report the same lines without raising.
    """
    with pytest.raises(DataError) as info:
        load(path)
    lines = [str(p) for p in info.value.problems]
    assert lines, "DataError without problems"
    assert [str(p) for p in validate(path).problems] == lines
    return lines


def fault(tmp_path: Path, name: str, line: int, column: str, value: str) -> list[str]:
    """Write TINY with one cell changed and return the problem lines."""
    tables = tiny()
    set_cell(tables, name, line, column, value)
    return problems_of(write_package(tmp_path / "bad", tables))


# --------------------------------------------------------------------------- the valid package


def test_tiny_package_is_valid(pkg: Path) -> None:
    ds = load(pkg)
    assert isinstance(ds, Dataset)
    assert [len(df) for df in ds.tables.values()] == [2, 4, 2, 3, 1, 3, 1, 1, 3, 2, 1, 1]
    assert validate(pkg).problems == ()


def test_tiny_package_is_valid_for_frictionless(pkg: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(pkg / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --------------------------------------------------------------------------- file level


def test_missing_file(pkg: Path) -> None:
    (pkg / "claims.csv").unlink()
    assert problems_of(pkg) == ["claims.csv:-:-: file not found"]


def test_missing_referenced_file_does_not_cascade(pkg: Path) -> None:
    # Without actors.csv no actor reference can be checked; only the missing file is reported.
    (pkg / "actors.csv").unlink()
    assert problems_of(pkg) == ["actors.csv:-:-: file not found"]


def test_missing_descriptor(pkg: Path) -> None:
    (pkg / "datapackage.json").unlink()
    assert problems_of(pkg) == ["datapackage.json:-:-: file not found"]


def test_wrong_encoding(pkg: Path) -> None:
    text = (pkg / "ties.csv").read_text(encoding="utf-8")
    (pkg / "ties.csv").write_bytes(
        text.replace("Soleimani headed", "Soléimani headed").encode("latin-1")
    )
    # latin-1 encodes 'é' as the single byte 0xe9, invalid as UTF-8; it sits on line 3.
    assert problems_of(pkg) == ["ties.csv:3:-: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_byte_order_mark(pkg: Path) -> None:
    data = (pkg / "sources.csv").read_bytes()
    (pkg / "sources.csv").write_bytes(b"\xef\xbb\xbf" + data)
    assert problems_of(pkg) == [
        "sources.csv:1:-: starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"
    ]


def test_empty_file(pkg: Path) -> None:
    (pkg / "claims.csv").write_text("", encoding="utf-8")
    assert problems_of(pkg) == ["claims.csv:-:-: file is empty (no header row)"]


def test_malformed_quoting(pkg: Path) -> None:
    text = (pkg / "claims.csv").read_text(encoding="utf-8")
    (pkg / "claims.csv").write_text(text + 'x,"conclusion"x,a,supported,,b,wire-2020\n')
    assert problems_of(pkg) == ["claims.csv:3:-: malformed CSV: ',' expected after '\"'"]


# --------------------------------------------------------------------------- header


def drop_column(tables: dict[str, list[list[str]]], name: str, column: str) -> None:
    i = tables[name][0].index(column)
    for row in tables[name]:
        del row[i]


def test_missing_column(tmp_path: Path) -> None:
    tables = tiny()
    drop_column(tables, "ties", "confidence")
    assert problems_of(write_package(tmp_path, tables)) == ["ties.csv:1:confidence: missing column"]


def test_missing_id_column_does_not_cascade(tmp_path: Path) -> None:
    # The ids of actors are unknown, so references to actors are not checked.
    tables = tiny()
    drop_column(tables, "actors", "id")
    assert problems_of(write_package(tmp_path, tables)) == ["actors.csv:1:id: missing column"]


def test_unknown_extra_column(tmp_path: Path) -> None:
    tables = tiny()
    for row, value in zip(tables["ties"], ["comment", "x", "y"], strict=True):
        row.append(value)
    assert problems_of(write_package(tmp_path, tables)) == [
        "ties.csv:1:comment: unknown column (not in datapackage.json)"
    ]


def test_columns_out_of_order(tmp_path: Path) -> None:
    tables = tiny()
    for row in tables["claims"]:
        row[2], row[3] = row[3], row[2]  # claim <-> verdict
    assert problems_of(write_package(tmp_path, tables)) == [
        "claims.csv:1:-: columns out of schema order; expected: "
        "id,section,claim,verdict,correction,evidence,sources,horizon"
    ]


def test_duplicate_column(tmp_path: Path) -> None:
    tables = tiny()
    for row in tables["claims"]:
        row.append(row[-1])
    assert problems_of(write_package(tmp_path, tables)) == [
        "claims.csv:1:horizon: column 'horizon' appears more than once"
    ]


def test_whitespace_in_header(tmp_path: Path) -> None:
    tables = tiny()
    tables["claims"][0][1] = "section "
    assert problems_of(write_package(tmp_path, tables)) == [
        "claims.csv:1:section: leading or trailing whitespace: 'section '"
    ]


# --------------------------------------------------------------------------- rows and cells


def test_ragged_row_too_many_cells(tmp_path: Path) -> None:
    tables = tiny()
    tables["ties"][1].append("extra")
    assert problems_of(write_package(tmp_path, tables)) == [
        "ties.csv:2:-: row has 18 cells; the header has 17"
    ]


def test_ragged_row_too_few_cells(tmp_path: Path) -> None:
    tables = tiny()
    del tables["events"][2][-1]
    assert problems_of(write_package(tmp_path, tables)) == [
        "events.csv:3:-: row has 9 cells; the header has 10"
    ]


def test_blank_line(pkg: Path) -> None:
    text = (pkg / "actors.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(2, "")  # becomes line 3; the rows below move down by one
    (pkg / "actors.csv").write_text("\n".join(lines), encoding="utf-8")
    assert problems_of(pkg) == ["actors.csv:3:-: blank line"]


def test_line_break_inside_cell_and_line_numbers_after_it(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "actors", 3, "note", "two\nlines")
    set_cell(tables, "actors", 5, "kind", "human")
    # The quoted note spans lines 3-4, so the soleimani row starts on physical line 6.
    assert problems_of(write_package(tmp_path, tables)) == [
        "actors.csv:3:note: line break inside the cell (keep each row on one line)",
        "actors.csv:6:kind: unknown value 'human' "
        "(allowed: state, state_body, armed_group, political_party, coalition, person)",
    ]


def test_empty_required_cell(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "evidence", "") == [
        "ties.csv:3:evidence: required value is missing"
    ]


def test_row_without_a_source(tmp_path: Path) -> None:
    assert fault(tmp_path, "events", 3, "sources", "") == [
        "events.csv:3:sources: no source given (at least one source id is required)"
    ]


def test_wrong_type_integer(tmp_path: Path) -> None:
    assert fault(tmp_path, "elections", 2, "total_seats", "128 seats") == [
        "elections.csv:2:total_seats: not an integer: '128 seats'"
    ]


def test_wrong_type_decimal_for_integer(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 4, "seats", "62.0") == [
        "election_results.csv:4:seats: not an integer: '62.0'"
    ]


def test_wrong_type_number(tmp_path: Path) -> None:
    assert fault(tmp_path, "elections", 2, "turnout_pct", "41,5") == [
        "elections.csv:2:turnout_pct: not a number: '41,5'"
    ]


def test_wrong_type_boolean(tmp_path: Path) -> None:
    assert fault(tmp_path, "actors", 4, "axis_member", "yes") == [
        "actors.csv:4:axis_member: not a boolean: 'yes' (write true or false)"
    ]


def test_capitalised_boolean_is_rejected(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "directed", "True") == [
        "ties.csv:2:directed: not a boolean: 'True' (write true or false)"
    ]


def test_malformed_date(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "start", "1982/06") == [
        "ties.csv:2:start: malformed date '1982/06' (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    ]


def test_impossible_month(tmp_path: Path) -> None:
    assert fault(tmp_path, "events", 3, "date", "2020-13") == [
        "events.csv:3:date: impossible date '2020-13': there is no month 13"
    ]


def test_impossible_day(tmp_path: Path) -> None:
    # 2021 is not a leap year: February has 28 days.
    assert fault(tmp_path, "sources", 3, "date", "2021-02-30") == [
        "sources.csv:3:date: impossible date '2021-02-30': February 2021 has 28 days"
    ]


def test_leap_day_is_accepted(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "sources", 3, "date", "2020-02-29")
    ds = load(write_package(tmp_path, tables))
    assert ds.sources.loc[1, "date"].isoformat() == "2020-02-29T00:00:00"


def test_end_before_start(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "end", "1997") == [
        "ties.csv:3:end: end (1997) is before start (1998)"
    ]


def test_end_in_the_same_year_as_start_is_accepted(tmp_path: Path) -> None:
    # start 1998 = 1998-01-01 and end 1998 = 1998-12-31: not before.
    tables = tiny()
    set_cell(tables, "ties", 3, "end", "1998")
    load(write_package(tmp_path, tables))


def test_one_day_tie_is_accepted(tmp_path: Path) -> None:
    # start = end = the same day: the tie lasts that one day, which is not an end before start.
    tables = tiny()
    set_cell(tables, "ties", 3, "start", "2020-01-03")
    load(write_package(tmp_path, tables))


def test_ended_before_founded(tmp_path: Path) -> None:
    assert fault(tmp_path, "actors", 5, "ended", "1957-02") == [
        "actors.csv:5:ended: ended (1957-02) is before founded (1957-03-11)"
    ]


def test_duplicate_id(tmp_path: Path) -> None:
    tables = tiny()
    tables["claims"].append(list(tables["claims"][1]))
    assert problems_of(write_package(tmp_path, tables)) == [
        "claims.csv:3:id: duplicate id 'intro-vote-date' (first on line 2)"
    ]


def test_id_pattern(tmp_path: Path) -> None:
    assert fault(tmp_path, "claims", 2, "id", "Intro vote date") == [
        "claims.csv:2:id: not a valid id: 'Intro vote date' "
        "(lower-case letters and digits joined by '-' or '_')"
    ]


def test_url_pattern(tmp_path: Path) -> None:
    assert fault(tmp_path, "sources", 3, "url", "www.example.org/report") == [
        "sources.csv:3:url: not a valid URL: 'www.example.org/report' "
        "(http:// or https://, no spaces)"
    ]


def test_unknown_category(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "type", "sponsorship") == [
        "ties.csv:2:type: unknown value 'sponsorship' (allowed: leadership, membership, front_of, "
        "command, funding, arms_transfer, training, advising, mediation, joint_operation, "
        "political_alliance, illicit_finance, defiance, rivalry)"
    ]


def test_unknown_section(tmp_path: Path) -> None:
    assert fault(tmp_path, "claims", 2, "section", "intro") == [
        "claims.csv:2:section: unknown value 'intro' (allowed: introduction, causes, paradox, "
        "hierarchy, failure, action, conclusion)"
    ]


def test_below_minimum(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 2, "seats", "-1") == [
        "election_results.csv:2:seats: -1 is below the minimum of 0"
    ]


def test_above_maximum(tmp_path: Path) -> None:
    assert fault(tmp_path, "elections", 2, "turnout_pct", "141.5") == [
        "elections.csv:2:turnout_pct: 141.5 is above the maximum of 100"
    ]


def test_majority_larger_than_chamber(tmp_path: Path) -> None:
    assert fault(tmp_path, "elections", 2, "majority_seats", "165") == [
        "elections.csv:2:majority_seats: majority_seats (165) exceeds total_seats (128)"
    ]


def test_stray_whitespace_in_an_id(tmp_path: Path) -> None:
    # Only the cell is reported: references to 'hizballah' are not reported as dangling.
    assert fault(tmp_path, "actors", 4, "id", "hizballah ") == [
        "actors.csv:4:id: leading or trailing whitespace: 'hizballah '"
    ]


def test_stray_whitespace_in_a_source_list(tmp_path: Path) -> None:
    assert fault(tmp_path, "claims", 2, "sources", "ezzeddine-azizi-2022; wire-2020") == [
        "claims.csv:2:sources: whitespace around an item in the list "
        "'ezzeddine-azizi-2022; wire-2020' (write 'a;b')"
    ]


def test_empty_list_item(tmp_path: Path) -> None:
    assert fault(tmp_path, "events", 2, "actors", "soleimani;;quds-force") == [
        "events.csv:2:actors: empty item in the list 'soleimani;;quds-force' "
        "(separate items with single ';')"
    ]


def test_source_listed_twice(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "sources", "wire-2020;ezzeddine-azizi-2022;wire-2020") == [
        "ties.csv:2:sources: 'wire-2020' is listed twice"
    ]


# --------------------------------------------------------------------------- references


def test_dangling_reference_from_ties(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "to_actor", "hezbollah") == [
        "ties.csv:2:to_actor: unknown actor 'hezbollah' (no such id in actors.csv)"
    ]


def test_dangling_reference_from_events(tmp_path: Path) -> None:
    assert fault(tmp_path, "events", 2, "actors", "soleimani;qods-force") == [
        "events.csv:2:actors: unknown actor 'qods-force' (no such id in actors.csv)"
    ]


def test_dangling_reference_from_claims(tmp_path: Path) -> None:
    assert fault(tmp_path, "claims", 2, "sources", "ezzeddine-azizi-2022;bbc-2022") == [
        "claims.csv:2:sources: unknown source 'bbc-2022' (no such id in sources.csv)"
    ]


def test_unknown_source_id_in_actors(tmp_path: Path) -> None:
    assert fault(tmp_path, "actors", 2, "sources", "wire-2019") == [
        "actors.csv:2:sources: unknown source 'wire-2019' (no such id in sources.csv)"
    ]


def test_dangling_affiliation(tmp_path: Path) -> None:
    assert fault(tmp_path, "actors", 5, "affiliation", "irgc") == [
        "actors.csv:5:affiliation: unknown actor 'irgc' (no such id in actors.csv)"
    ]


def test_dangling_election(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 4, "election", "lb-2018") == [
        "election_results.csv:4:election: unknown election 'lb-2018' (no such id in elections.csv)"
    ]


def test_dangling_result_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 4, "actor", "march-8") == [
        "election_results.csv:4:actor: unknown actor 'march-8' (no such id in actors.csv)"
    ]


def test_self_tie(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "to_actor", "quds-force") == [
        "ties.csv:2:to_actor: tie from an actor to itself ('quds-force')"
    ]


def test_two_preferred_tallies(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 3, "preferred", "true") == [
        "election_results.csv:3:preferred: second preferred tally for 'Hizballah' (party) in "
        "election 'lb-2022' (first on line 2); mark exactly one row preferred=true"
    ]


def test_no_preferred_tally(tmp_path: Path) -> None:
    assert fault(tmp_path, "election_results", 2, "preferred", "false") == [
        "election_results.csv:2:preferred: no preferred tally for 'Hizballah' (party) in "
        "election 'lb-2022'; mark exactly one row preferred=true"
    ]


def test_article_cited_without_section(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "section", "") == [
        "ties.csv:2:section: cites the article (ezzeddine-azizi-2022) but names no section"
    ]


# --------------------------------------------------------------------------- tie semantics


def with_descriptor(folder: Path, edit) -> Path:
    """Rewrite the copied datapackage.json of ``folder`` through ``edit(descriptor)``."""
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(next(r for r in descriptor["resources"] if r["name"] == "ties"))
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return folder


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0.1", "01.0.0", 1, None])
def test_version_not_semantic(pkg: Path, version: object) -> None:
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    if version is None:
        del descriptor["version"]
    else:
        descriptor["version"] = version
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert problems_of(pkg) == [
        f"datapackage.json:-:version: version {version!r} is not a semantic version "
        "(MAJOR.MINOR.PATCH, such as '1.0.0')"
    ]
    with pytest.raises(ValueError, match="not a semantic version"):
        data_version(pkg)


@pytest.mark.parametrize("version", ["0.1.0", "2.10.3", "1.1.0-rc.1", "1.0.0+build.5"])
def test_version_semantic(pkg: Path, version: str) -> None:
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert validate(pkg).problems == ()
    assert data_version(pkg) == version


def test_tie_types_and_enum_disagree(pkg: Path) -> None:
    def edit(ties: dict) -> None:
        del ties["tieTypes"]["front_of"]
        ties["tieTypes"]["sponsorship"] = dict(ties["tieTypes"]["funding"])

    assert problems_of(with_descriptor(pkg, edit)) == [
        "datapackage.json:-:tieTypes: the keys of tieTypes and the enum of ties.type disagree "
        "(only in the enum: front_of; only in tieTypes: sponsorship)"
    ]


def test_tie_types_in_another_order_than_the_enum(pkg: Path) -> None:
    def edit(ties: dict) -> None:
        types = ties["tieTypes"]
        ties["tieTypes"] = {"rivalry": types.pop("rivalry"), **types}

    problems = problems_of(with_descriptor(pkg, edit))
    assert problems == [
        "datapackage.json:-:tieTypes: the keys of tieTypes and the enum of ties.type disagree "
        "(same types in a different order; enum order: leadership, membership, front_of, "
        "command, funding, arms_transfer, training, advising, mediation, joint_operation, "
        "political_alliance, illicit_finance, defiance, rivalry)"
    ]


def test_tie_type_with_an_unknown_layer_and_sign(pkg: Path) -> None:
    def edit(ties: dict) -> None:
        ties["tieTypes"]["funding"] = {"layer": "money", "sign": "friendly", "description": "x"}

    assert problems_of(with_descriptor(pkg, edit)) == [
        "datapackage.json:-:tieTypes: tie type 'funding' has unknown layer 'money' (allowed: "
        "command, material, operational, political, illicit, structural, hostile)",
        "datapackage.json:-:tieTypes: tie type 'funding' has unknown sign 'friendly' "
        "(allowed: cooperative, hostile)",
    ]


def test_missing_tie_layers(pkg: Path) -> None:
    assert problems_of(with_descriptor(pkg, lambda ties: ties.pop("tieLayers"))) == [
        "datapackage.json:-:tieLayers: the ties resource has no 'tieLayers' object "
        "(layer -> description)"
    ]


# --------------------------------------------------------------------------- tie rules


def test_tie_starts_before_an_endpoint_was_founded(tmp_path: Path) -> None:
    # Quds Force founded 1990 (line 3 of actors); the funding tie starts a year earlier.
    assert fault(tmp_path, "ties", 2, "start", "1989") == [
        "ties.csv:2:start: tie starts (1989) before from_actor 'quds-force' was founded (1990)"
    ]


def test_founding_is_compared_at_the_coarser_precision(tmp_path: Path) -> None:
    # founded 1990 (a year) and a tie from 1990-01-01 (a day): the same year, so no problem.
    tables = tiny()
    set_cell(tables, "ties", 2, "start", "1990-01-01")
    load(write_package(tmp_path, tables))
    set_cell(tables, "actors", 4, "founded", "1990-06")
    set_cell(tables, "ties", 2, "start", "1990-05-31")
    assert problems_of(write_package(tmp_path / "bad", tables)) == [
        "ties.csv:2:start: tie starts (1990-05-31) before to_actor 'hizballah' was founded "
        "(1990-06)"
    ]


def test_tie_continues_after_an_endpoint_ended(tmp_path: Path) -> None:
    # Soleimani (line 5 of actors) died on 2020-01-03; the leadership tie runs to 2020-02.
    assert fault(tmp_path, "ties", 3, "end", "2020-02") == [
        "ties.csv:3:end: tie ends (2020-02) after from_actor 'soleimani' ended (2020-01-03)"
    ]


def test_open_tie_of_an_actor_that_ended(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "end", "") == [
        "ties.csv:3:end: tie is open (no end) but from_actor 'soleimani' ended (2020-01-03)"
    ]


def test_high_confidence_on_one_source(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "confidence", "high") == [
        "ties.csv:3:confidence: high confidence needs at least two independent sources "
        "(different works); all sources cited are one work: wire-2020"
    ]


def test_two_versions_of_one_work_are_not_independent(tmp_path: Path) -> None:
    # A second row for the article (a repost) shares its work: article + repost is one work.
    tables = tiny()
    repost = list(tables["sources"][1])
    repost[0], repost[4], repost[6] = "article-repost", "A reposting site", ""
    repost[-1] = "ezzeddine-azizi-2022"
    tables["sources"].append(repost)
    set_cell(tables, "ties", 2, "sources", "ezzeddine-azizi-2022;article-repost")
    assert problems_of(write_package(tmp_path, tables)) == [
        "ties.csv:2:confidence: high confidence needs at least two independent sources "
        "(different works); all sources cited are one work: ezzeddine-azizi-2022"
    ]


def test_same_url_in_two_sources_with_different_works(tmp_path: Path) -> None:
    assert fault(tmp_path, "sources", 3, "url", ARTICLE_URL) == [
        "sources.csv:3:url: duplicate source: same URL as 'ezzeddine-azizi-2022' (line 2) but "
        "a different work; merge the two rows, or give both the same work"
    ]


def test_same_url_in_two_sources_of_one_work_is_accepted(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "sources", 3, "url", ARTICLE_URL)
    set_cell(tables, "sources", 3, "work", "ezzeddine-azizi-2022")
    set_cell(tables, "ties", 2, "confidence", "medium")
    load(write_package(tmp_path, tables))


def test_start_basis_missing(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "start_basis", "") == [
        "ties.csv:2:start_basis: start_basis is missing (a start is given: write known or "
        "first_documented)"
    ]


def test_start_basis_without_start(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "start", "") == [
        "ties.csv:3:start: required value is missing",
        "ties.csv:3:start_basis: start_basis 'known' is given without a start",
    ]


def test_unknown_start_basis(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "start_basis", "estimated") == [
        "ties.csv:2:start_basis: unknown value 'estimated' (allowed: known, first_documented)"
    ]


def test_attributed_to_an_organisation(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "attributed_to", "hizballah") == [
        "ties.csv:2:attributed_to: attributed_to must be a person; 'hizballah' is of kind "
        "'armed_group'"
    ]


def test_attributed_to_an_unknown_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 2, "attributed_to", "qassem") == [
        "ties.csv:2:attributed_to: unknown actor 'qassem' (no such id in actors.csv)"
    ]


def test_attributed_to_a_person_is_accepted(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "ties", 2, "attributed_to", "soleimani")
    ties = load(write_package(tmp_path, tables)).ties
    assert ties.loc[0, "attributed_to"] == "soleimani"


# --------------------------------------------------------------------------- axis periods


def add_period(tables: dict[str, list[list[str]]], start: str, end: str) -> None:
    tables["axis_periods"].append(["hizballah", start, end, "A second period.", "wire-2020"])


def test_overlapping_axis_periods(tmp_path: Path) -> None:
    # line 2: hizballah from 1982, open; line 3 starts inside it.
    tables = tiny()
    add_period(tables, "2012", "2017")
    assert problems_of(write_package(tmp_path, tables)) == [
        "axis_periods.csv:3:start: period of 'hizballah' starting 2012 overlaps the period "
        "starting 1982 (open, line 2)"
    ]


def test_touching_axis_periods_overlap_on_the_shared_day(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "axis_periods", 2, "end", "2011")
    add_period(tables, "2011-12-31", "")
    assert problems_of(write_package(tmp_path, tables)) == [
        "axis_periods.csv:3:start: period of 'hizballah' starting 2011-12-31 overlaps the period "
        "starting 1982 (to 2011, line 2)"
    ]


def test_separate_axis_periods_are_accepted(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "axis_periods", 2, "end", "2011")
    add_period(tables, "2013", "")
    periods = load(write_package(tmp_path, tables)).axis_periods
    assert periods["start"].dt.year.tolist() == [1982, 2013]
    assert periods["end"].iloc[0] == pd.Timestamp("2011-12-31")


def test_axis_period_ending_before_it_starts(tmp_path: Path) -> None:
    assert fault(tmp_path, "axis_periods", 2, "end", "1981") == [
        "axis_periods.csv:2:end: end (1981) is before start (1982)"
    ]


def test_axis_period_of_an_unknown_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "axis_periods", 2, "actor", "hezbollah") == [
        "axis_periods.csv:2:actor: unknown actor 'hezbollah' (no such id in actors.csv)"
    ]


def test_duplicate_axis_period(tmp_path: Path) -> None:
    tables = tiny()
    add_period(tables, "1982", "")
    assert problems_of(write_package(tmp_path, tables)) == [
        "axis_periods.csv:3:start: duplicate value ('hizballah', '1982') (first on line 2)"
    ]


# --------------------------------------------------------------------------- indicators


def test_two_preferred_figures_for_one_observation(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 3, "preferred", "true") == [
        "indicators.csv:3:preferred: second preferred figure for inflation_pct of Lebanon in 2020 "
        "on the basis 'consumer price index' (first on line 2); mark exactly one row "
        "preferred=true"
    ]


def test_no_preferred_figure_for_an_observation(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 2, "preferred", "false") == [
        "indicators.csv:2:preferred: no preferred figure for inflation_pct of Lebanon in 2020 "
        "on the basis 'consumer price index'; mark exactly one row preferred=true"
    ]


def test_figures_on_different_bases_are_separate_observations(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "indicators", 3, "basis", "consumer price index, December on December")
    set_cell(tables, "indicators", 3, "preferred", "true")
    frame = load(write_package(tmp_path, tables)).indicators
    assert frame["preferred"].tolist() == [True, True, True]


def test_indicator_year_out_of_range(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 2, "year", "2009") == [
        "indicators.csv:2:year: 2009 is below the minimum of 2010"
    ]


def test_indicator_period_outside_its_year(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 4, "period", "2022-03-20") == [
        "indicators.csv:4:period: period 2022-03-20 lies outside year 2020 and the year after it "
        "(a period is the date of a quote or the end of the span coded to the year)"
    ]


def test_unknown_indicator(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 2, "indicator", "gdp_growth") == [
        "indicators.csv:2:indicator: unknown value 'gdp_growth' (allowed: gdp_per_capita_usd, "
        "gdp_per_capita_lcu, gni_per_capita_usd, inflation_pct, currency_rate_per_usd, "
        "unemployment_pct, poverty_pct)"
    ]


def test_indicator_value_not_a_number(tmp_path: Path) -> None:
    assert fault(tmp_path, "indicators", 2, "value", "84,8") == [
        "indicators.csv:2:value: not a number: '84,8'"
    ]


# --------------------------------------------------------------------------- cabinets


def test_axis_partner_flag_on_a_member_set_false(tmp_path: Path) -> None:
    assert fault(tmp_path, "cabinets", 2, "axis_partner", "false") == [
        "cabinets.csv:2:axis_partner: axis_partner is false but actor 'hizballah' is an axis "
        "member on 2019-01-31 (actors.csv axis_member, or its periods in axis_periods.csv)"
    ]


def test_axis_partner_flag_outside_the_membership_periods(tmp_path: Path) -> None:
    # Hizballah's only period now ends in 2011, so it is no axis member in 2019.
    assert fault(tmp_path, "axis_periods", 2, "end", "2011") == [
        "cabinets.csv:2:axis_partner: axis_partner is true but actor 'hizballah' is not an axis "
        "member on 2019-01-31 (actors.csv axis_member, or its periods in axis_periods.csv)"
    ]


def test_axis_partner_flag_from_the_static_member_flag(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "cabinets", 3, "actor", "quds-force")
    assert problems_of(write_package(tmp_path, tables)) == [
        "cabinets.csv:3:axis_partner: axis_partner is false but actor 'quds-force' is an axis "
        "member on 2019-01-31 (actors.csv axis_member, or its periods in axis_periods.csv)"
    ]


def test_axis_partner_without_an_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "cabinets", 3, "axis_partner", "true") == [
        "cabinets.csv:3:axis_partner: axis_partner is true but no actor is given (an axis "
        "partner is an actor with axis_member=true)"
    ]


def test_cabinet_of_an_unknown_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "cabinets", 2, "actor", "hezbollah") == [
        "cabinets.csv:2:actor: unknown actor 'hezbollah' (no such id in actors.csv)"
    ]


def test_one_cabinet_with_two_prime_ministers(tmp_path: Path) -> None:
    assert fault(tmp_path, "cabinets", 3, "prime_minister", "Another Prime Minister") == [
        "cabinets.csv:3:prime_minister: prime_minister 'Another Prime Minister' differs from "
        "'A Prime Minister' given for cabinet 'c1' on line 2 (one value per cabinet)"
    ]


def test_one_cabinet_with_two_formation_dates(tmp_path: Path) -> None:
    assert fault(tmp_path, "cabinets", 3, "formed", "2019-02") == [
        "cabinets.csv:3:formed: formed '2019-02' differs from '2019-01-31' given for cabinet "
        "'c1' on line 2 (one value per cabinet)"
    ]


def test_cabinet_resigning_before_it_was_formed(tmp_path: Path) -> None:
    tables = tiny()
    for line in (2, 3):
        set_cell(tables, "cabinets", line, "resigned", "2018")
    assert problems_of(write_package(tmp_path, tables)) == [
        "cabinets.csv:2:resigned: resigned (2018) is before formed (2019-01-31)",
        "cabinets.csv:3:resigned: resigned (2018) is before formed (2019-01-31)",
    ]


# --------------------------------------------------------------------------- responses
# Line 2 of responses.csv: the killing of 2020-01-03 (target: the Quds Force) answered by
# Hizballah's strike of 2020-01-08 (events line 4), five days later.


def add_response(tables: dict[str, list[list[str]]], kind: str, event: str, responder: str) -> None:
    """A second response row (line 3) to the same trigger."""
    lag = "5" if event == "strike" else ""
    claimed = "" if kind == "none_found" else "no"
    row = ["second", "soleimani-killed", "quds-force", kind, event, responder, lag, claimed]
    tables["responses"].append([*row, "", "", "wire-2020"])


def test_response_missing_its_responder(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "responder", "") == [
        "responses.csv:2:responder: responder is required when response_by is other_node"
    ]


def test_response_missing_its_event_and_claim(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "responses", 2, "response_by", "unattributed")
    set_cell(tables, "responses", 2, "responder", "")
    set_cell(tables, "responses", 2, "response_event", "")
    set_cell(tables, "responses", 2, "lag_days", "")
    set_cell(tables, "responses", 2, "claimed_link", "")
    assert problems_of(write_package(tmp_path, tables)) == [
        "responses.csv:2:response_event: response_event is required when response_by is "
        "unattributed",
        "responses.csv:2:claimed_link: claimed_link is required when response_by is unattributed",
    ]


def test_no_response_found_with_a_response_filled_in(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "response_by", "none_found") == [
        f"responses.csv:2:{column}: {column} must be empty when response_by is none_found"
        for column in ("response_event", "responder", "lag_days", "claimed_link")
    ]


def test_unattributed_response_naming_a_responder(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "response_by", "unattributed") == [
        "responses.csv:2:responder: responder must be empty when response_by is unattributed"
    ]


def test_same_node_response_by_another_actor(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "response_by", "same_node") == [
        "responses.csv:2:responder: same_node response by 'hizballah', not by the target "
        "'quds-force' (use other_node)"
    ]


def test_other_node_response_by_the_target(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "responder", "quds-force") == [
        "responses.csv:2:responder: other_node response by the target itself ('quds-force'); "
        "use same_node"
    ]


def test_no_response_found_beside_a_response(tmp_path: Path) -> None:
    tables = tiny()
    add_response(tables, "none_found", "", "")
    assert problems_of(write_package(tmp_path, tables)) == [
        "responses.csv:3:response_by: none_found, but trigger 'soleimani-killed' has 1 other "
        "response row(s)"
    ]


def test_two_responses_to_one_trigger_are_accepted(tmp_path: Path) -> None:
    tables = tiny()
    add_response(tables, "unattributed", "strike", "")
    responses = load(write_package(tmp_path, tables)).responses
    assert responses["response_by"].tolist() == ["other_node", "unattributed"]
    assert responses["lag_days"].tolist() == [5, 5]


def test_response_dated_before_its_trigger(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "responses", 2, "response_event", "revolution")
    set_cell(tables, "responses", 2, "lag_days", "")
    assert problems_of(write_package(tmp_path, tables)) == [
        "responses.csv:2:response_event: response 'revolution' (1979-02) is dated before "
        "trigger 'soleimani-killed' (2020-01-03)"
    ]


def test_response_that_is_its_trigger(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "responses", 2, "response_event", "soleimani-killed")
    assert problems_of(write_package(tmp_path, tables)) == [
        "responses.csv:2:response_event: the response is the trigger event itself"
    ]


def test_lag_that_disagrees_with_the_dates(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "lag_days", "4") == [
        "responses.csv:2:lag_days: lag_days 4 differs from the 5 days between 2020-01-03 and "
        "2020-01-08"
    ]


def test_lag_missing_for_dates_known_to_the_day(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "lag_days", "") == [
        "responses.csv:2:lag_days: lag_days is missing (both events dated: 5 days)"
    ]


def test_lag_given_for_a_response_dated_to_the_month(tmp_path: Path) -> None:
    # 2020-01 against 2020-01-03: not before the trigger at the month's precision, but no lag.
    assert fault(tmp_path, "events", 4, "date", "2020-01") == [
        "responses.csv:2:lag_days: lag_days given, but 2020-01-03 and 2020-01 are not both "
        "dated to the day"
    ]


def test_negative_lag(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "lag_days", "-5") == [
        "responses.csv:2:lag_days: -5 is below the minimum of 0"
    ]


def test_responder_outside_the_axis(tmp_path: Path) -> None:
    found = fault(tmp_path, "actors", 4, "axis_member", "false")
    assert [p for p in found if p.startswith("responses.csv")] == [
        "responses.csv:2:responder: 'hizballah' is not an axis member (actors.axis_member)"
    ]


def test_response_to_an_unknown_event(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "trigger_event", "soleimani-strike") == [
        "responses.csv:2:trigger_event: unknown event 'soleimani-strike' (no such id in events.csv)"
    ]


def test_unknown_kind_of_response(tmp_path: Path) -> None:
    assert fault(tmp_path, "responses", 2, "response_by", "ally") == [
        "responses.csv:2:response_by: unknown value 'ally' "
        "(allowed: other_node, same_node, unattributed, none_found)"
    ]


# --------------------------------------------------------------------------- epilogue fields


def faults(tmp_path: Path, *cells: tuple[str, int, str, str]) -> list[str]:
    """Write TINY with several cells changed and return the problem lines."""
    tables = tiny()
    for name, line, column, value in cells:
        set_cell(tables, name, line, column, value)
    return problems_of(write_package(tmp_path / "bad", tables))


def test_end_sources_without_an_end(tmp_path: Path) -> None:
    # ties line 2 is open
    assert faults(
        tmp_path, ("ties", 2, "end_sources", "wire-2020"), ("ties", 2, "end_evidence", "Over.")
    ) == [
        "ties.csv:2:end_evidence: end_evidence given without an end date",
        "ties.csv:2:end_sources: end_sources given without an end date",
    ]


def test_end_sources_without_end_evidence(tmp_path: Path) -> None:
    # ties line 3 ends 2020-01-03
    assert fault(tmp_path, "ties", 3, "end_sources", "wire-2020") == [
        "ties.csv:3:end_evidence: end_evidence is missing (end_sources is given)"
    ]


def test_end_evidence_without_end_sources(tmp_path: Path) -> None:
    assert fault(tmp_path, "ties", 3, "end_evidence", "He was killed.") == [
        "ties.csv:3:end_sources: end_sources is missing (end_evidence is given)"
    ]


def test_end_sources_name_known_sources(tmp_path: Path) -> None:
    assert faults(
        tmp_path, ("ties", 3, "end_sources", "wire-2099"), ("ties", 3, "end_evidence", "Killed.")
    ) == ["ties.csv:3:end_sources: unknown source 'wire-2099' (no such id in sources.csv)"]


def test_end_sources_and_evidence_with_an_end_are_accepted(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "ties", 3, "end_sources", "wire-2020")
    set_cell(tables, "ties", 3, "end_evidence", "He was killed.")
    ties = load(write_package(tmp_path, tables)).ties.set_index("id")
    assert ties.loc["soleimani-qf-leadership", "end_sources"] == ("wire-2020",)


def test_ended_sources_without_an_ended_date(tmp_path: Path) -> None:
    # actors line 4 (hizballah) has not ended
    assert fault(tmp_path, "actors", 4, "ended_sources", "wire-2020") == [
        "actors.csv:4:ended_sources: ended_sources given without an ended date"
    ]


def test_unknown_coded_for(tmp_path: Path) -> None:
    assert fault(tmp_path, "events", 2, "coded_for", "later") == [
        "events.csv:2:coded_for: unknown value 'later' (allowed: article, epilogue)"
    ]


def test_missing_coded_for(tmp_path: Path) -> None:
    assert fault(tmp_path, "actors", 2, "coded_for", "") == [
        "actors.csv:2:coded_for: required value is missing"
    ]


def test_unknown_horizon(tmp_path: Path) -> None:
    assert fault(tmp_path, "claims", 2, "horizon", "later") == [
        "claims.csv:2:horizon: unknown value 'later' (allowed: past, future)"
    ]


def test_future_claim_that_does_not_cite_the_article(tmp_path: Path) -> None:
    assert faults(
        tmp_path, ("claims", 2, "horizon", "future"), ("claims", 2, "sources", "wire-2020")
    ) == [
        "claims.csv:2:sources: a future claim is an expectation of the article: "
        "cite ezzeddine-azizi-2022"
    ]


def test_front_against_itself(tmp_path: Path) -> None:
    assert fault(tmp_path, "fronts", 2, "target", "hizballah") == [
        "fronts.csv:2:target: front of an actor against itself ('hizballah')"
    ]


def test_front_of_an_actor_outside_the_axis(tmp_path: Path) -> None:
    found = fault(tmp_path, "actors", 4, "axis_member", "false")
    assert [p for p in found if p.startswith("fronts.csv")] == [
        "fronts.csv:2:actor: actor 'hizballah' is not an axis member (fronts record what Iran "
        "and its partners opened)"
    ]


def test_front_starting_before_its_first_event(tmp_path: Path) -> None:
    # the first event, soleimani-killed, is dated 2020-01-03
    assert fault(tmp_path, "fronts", 2, "start", "2020-01-02") == [
        "fronts.csv:2:start: front starts (2020-01-02) before its first event 'soleimani-killed' "
        "(2020-01-03)"
    ]


def test_front_start_is_compared_with_its_event_at_the_coarser_precision(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "fronts", 2, "start", "2020-01")
    fronts = load(write_package(tmp_path, tables)).fronts
    assert fronts["start"].iloc[0] == pd.Timestamp(2020, 1, 1)
    assert fronts["start_precision"].iloc[0] == "month"


def test_front_ending_before_it_starts(tmp_path: Path) -> None:
    assert fault(tmp_path, "fronts", 2, "end", "2019") == [
        "fronts.csv:2:end: end (2019) is before start (2020-01-05)"
    ]


def test_front_with_unknown_references(tmp_path: Path) -> None:
    assert faults(
        tmp_path, ("fronts", 2, "target", "usa"), ("fronts", 2, "first_event", "oct-7")
    ) == [
        "fronts.csv:2:target: unknown actor 'usa' (no such id in actors.csv)",
        "fronts.csv:2:first_event: unknown event 'oct-7' (no such id in events.csv)",
    ]


def test_front_with_unknown_consent(tmp_path: Path) -> None:
    assert fault(tmp_path, "fronts", 2, "consent", "tacit") == [
        "fronts.csv:2:consent: unknown value 'tacit' (allowed: claimed, denied, reported, unknown)"
    ]


def test_front_without_a_source(tmp_path: Path) -> None:
    assert fault(tmp_path, "fronts", 2, "sources", "") == [
        "fronts.csv:2:sources: no source given (at least one source id is required)"
    ]


def test_missing_fronts_file(pkg: Path) -> None:
    (pkg / "fronts.csv").unlink()
    assert problems_of(pkg) == ["fronts.csv:-:-: file not found"]


# --------------------------------------------------------------------------- many at once


def test_every_fault_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "sources", 3, "kind", "blog")
    set_cell(tables, "actors", 2, "iran_core", "1")
    set_cell(tables, "ties", 2, "start", "1982-00")
    set_cell(tables, "ties", 3, "from_actor", "qassem-soleimani")
    set_cell(tables, "events", 3, "sources", "")
    set_cell(tables, "election_results", 3, "preferred", "true")
    set_cell(tables, "claims", 2, "verdict", "true")
    folder = write_package(tmp_path, tables)
    (folder / "elections.csv").unlink()
    expected = [
        "sources.csv:3:kind: unknown value 'blog' "
        "(allowed: article, news, report, official, academic, reference, interview)",
        "actors.csv:2:iran_core: not a boolean: '1' (write true or false)",
        "ties.csv:2:start: impossible date '1982-00': there is no month 00",
        "ties.csv:3:from_actor: unknown actor 'qassem-soleimani' (no such id in actors.csv)",
        "events.csv:3:sources: no source given (at least one source id is required)",
        "elections.csv:-:-: file not found",
        "election_results.csv:3:preferred: second preferred tally for 'Hizballah' (party) in "
        "election 'lb-2022' (first on line 2); mark exactly one row preferred=true",
        "claims.csv:2:verdict: unknown value 'true' "
        "(allowed: supported, partly_supported, incorrect, unverified, unverifiable)",
    ]
    assert problems_of(folder) == expected
    with pytest.raises(DataError) as info:
        load(folder)
    assert str(info.value).splitlines() == [
        f"8 problems in the data package ({folder}):",
        *expected,
    ]


def test_problem_and_error_formatting() -> None:
    p = Problem("ties.csv", 7, "end", "end (1990) is before start (1995)")
    assert str(p) == "ties.csv:7:end: end (1990) is before start (1995)"
    one = DataError([Problem("claims.csv", "-", "-", "file not found")])
    assert str(one) == "1 problem in the data package:\nclaims.csv:-:-: file not found"


# --------------------------------------------------------------------------- command line


def test_cli_valid(pkg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pkg)]) == 0
    out = capsys.readouterr().out
    # 2 + 4 + 2 + 2 + 1 + 3 + 1 + 1 = 16 data rows in TINY
    assert out == f"{pkg}/: 12 tables, 24 rows, 0 problems\n"


def test_cli_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tables = tiny()
    set_cell(tables, "ties", 2, "confidence", "certain")
    set_cell(tables, "claims", 2, "id", "intro vote")
    folder = write_package(tmp_path, tables)
    assert main(["validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "ties.csv:2:confidence: unknown value 'certain' (allowed: high, medium, low)",
        "claims.csv:2:id: not a valid id: 'intro vote' "
        "(lower-case letters and digits joined by '-' or '_')",
    ]
    assert captured.err == f"{folder}/: 2 problems\n"


def test_cli_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert main(["validate", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"axisnet validate: {missing}/ is not a directory\n"


def test_cli_missing_descriptor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"axisnet validate: no datapackage.json in {tmp_path}/\n"


def test_cli_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["validate", "a", "b"]) == 2
    assert "usage: python -m axisnet" in capsys.readouterr().err


def test_cli_help_lists_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "validate" in capsys.readouterr().out
    assert "validate" in build_parser().format_help()


# The subprocess finds the package from any working directory, installed or not.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
}


def test_cli_subprocess(tmp_path: Path) -> None:
    tables = tiny()
    set_cell(tables, "ties", 3, "end", "1997")
    folder = write_package(tmp_path, tables)
    bad = subprocess.run(
        [sys.executable, "-m", "axisnet", "validate", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=ENV,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout == "ties.csv:3:end: end (1997) is before start (1998)\n"
    good = subprocess.run(
        [sys.executable, "-m", "axisnet", "validate", "."],
        capture_output=True,
        text=True,
        cwd=write_package(tmp_path / "good"),
        env=ENV,
        check=False,
    )
    assert good.returncode == 0
    assert good.stdout == "./: 12 tables, 24 rows, 0 problems\n"
