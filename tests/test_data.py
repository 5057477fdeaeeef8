"""The loader's typed output, and the real dataset in data/.

The first part checks typing on the tiny hand-written package of test_bad_input.py; the second
part checks the real package: it validates, its types are as promised, every row is sourced, and
it holds what the book relies on (counts, canonical actors, the five elections, key dates). The
codebook test checks that data/README.md documents every table and field.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

import axisnet
from axisnet.__main__ import main
from axisnet.data import (
    ACTOR_KINDS,
    ARTICLE_DATE,
    CONFIDENCE_LEVELS,
    DEFAULT_DATA_DIR,
    EPILOGUE_TABLES,
    TABLES,
    TIE_LAYERS,
    TIE_SEMANTICS,
    TIE_TYPES,
    DataError,
    Dataset,
    TieType,
    load,
)

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SCHEMA: dict[str, Any] = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in SCHEMA["resources"]}

START = {("sources", "date"), ("actors", "founded"), ("ties", "start"), ("events", "date")}
START |= {("elections", "date"), ("axis_periods", "start")}
START |= {("indicators", "period"), ("cabinets", "formed"), ("fronts", "start")}
END = {("actors", "ended"), ("ties", "end"), ("axis_periods", "end"), ("cabinets", "resigned")}
END |= {("fronts", "end")}
#: Every table of a package: the article's period, then the years after it.
ALL_TABLES = TABLES + EPILOGUE_TABLES
TIES = RESOURCES["ties"]
#: Columns the loader derives from the ties' types, after the schema's columns.
DERIVED = {"ties": ["layer", "sign"]}
LISTS = {("actors", "aliases"), ("events", "actors")} | {
    (name, "sources") for name in ALL_TABLES if name != "sources"
}
LISTS |= {("actors", "ended_sources"), ("ties", "end_sources")}


def _helpers() -> ModuleType:
    """The tiny-package helpers of test_bad_input.py, imported by path."""
    path = Path(__file__).with_name("test_bad_input.py")
    spec = importlib.util.spec_from_file_location("_bad_input_helpers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


H = _helpers()


# --------------------------------------------------------------------------- typing (tiny package)


@pytest.fixture
def tiny_ds(tmp_path: Path) -> Dataset:
    return load(H.write_package(tmp_path / "pkg"))


def test_reexports() -> None:
    assert axisnet.load is load
    assert axisnet.DataError is DataError
    assert axisnet.Dataset is Dataset


def test_default_path_is_the_repository_data_folder() -> None:
    assert DEFAULT_DATA_DIR == DATA


def enum_of(resource: str, name: str) -> list[str]:
    fields = RESOURCES[resource]["schema"]["fields"]
    return next(f["constraints"]["enum"] for f in fields if f["name"] == name)


def test_vocabulary_is_read_from_the_descriptor() -> None:
    assert TIE_TYPES == tuple(TIES["tieTypes"]) == tuple(enum_of("ties", "type"))
    assert tuple(TIES["tieLayers"]) == TIE_LAYERS
    assert tuple(enum_of("actors", "kind")) == ACTOR_KINDS
    assert CONFIDENCE_LEVELS == ("high", "medium", "low")
    assert isinstance(TIE_SEMANTICS, dict)
    assert list(TIE_SEMANTICS) == list(TIE_TYPES)
    for name, spec in TIES["tieTypes"].items():
        assert TIE_SEMANTICS[name] == TieType(
            name, spec["layer"], spec["sign"], spec["description"]
        )
    with pytest.raises(dataclasses.FrozenInstanceError):
        TIE_SEMANTICS["funding"].layer = "command"  # type: ignore[misc]


# The agreed layer of each tie type, and the layer order (the measurement model relies on it).
AGREED_LAYERS = {
    "command": ["command"],
    "material": ["funding", "arms_transfer", "training", "advising"],
    "operational": ["joint_operation"],
    "political": ["political_alliance", "mediation"],
    "illicit": ["illicit_finance"],
    "structural": ["leadership", "membership", "front_of"],
    "hostile": ["defiance", "rivalry"],
}


def test_tie_types_layers_and_signs_follow_the_agreed_typology() -> None:
    assert tuple(AGREED_LAYERS) == TIE_LAYERS
    agreed_order = (
        "leadership membership front_of command funding arms_transfer training advising "
        "mediation joint_operation political_alliance illicit_finance defiance rivalry"
    )
    assert tuple(agreed_order.split()) == TIE_TYPES
    for layer, types in AGREED_LAYERS.items():
        for name in types:
            assert TIE_SEMANTICS[name].layer == layer, name
            sign = "hostile" if layer == "hostile" else "cooperative"
            assert TIE_SEMANTICS[name].sign == sign, name


def test_dataset_is_frozen_and_tables_follow_package_order(tiny_ds: Dataset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        tiny_ds.ties = pd.DataFrame()  # type: ignore[misc]
    assert list(tiny_ds.tables) == list(ALL_TABLES)
    assert all(tiny_ds.tables[name] is getattr(tiny_ds, name) for name in ALL_TABLES)
    with pytest.raises(TypeError):
        tiny_ds.tables["ties"] = pd.DataFrame()  # type: ignore[index]


def test_start_dates_take_the_first_day_and_record_precision(tiny_ds: Dataset) -> None:
    ties = tiny_ds.ties.set_index("id")
    assert ties.loc["qf-hizballah-funding", "start"] == pd.Timestamp("1990-01-01")
    assert ties.loc["qf-hizballah-funding", "start_precision"] == "year"
    actors = tiny_ds.actors.set_index("id")
    assert actors.loc["iran", "founded"] == pd.Timestamp("1979-04-01")
    assert actors.loc["iran", "founded_precision"] == "month"
    assert actors.loc["soleimani", "founded"] == pd.Timestamp("1957-03-11")
    assert actors.loc["soleimani", "founded_precision"] == "day"
    assert tiny_ds.events.set_index("id").loc["revolution", "date"] == pd.Timestamp("1979-02-01")


@pytest.mark.parametrize(
    ("written", "last_day", "precision"),
    [
        ("2020", "2020-12-31", "year"),
        ("2020-02", "2020-02-29", "month"),  # 2020 is a leap year
        ("2021-02", "2021-02-28", "month"),
        ("2021-04", "2021-04-30", "month"),
        ("2020-01-03", "2020-01-03", "day"),
    ],
)
def test_end_dates_take_the_last_day(
    tmp_path: Path, written: str, last_day: str, precision: str
) -> None:
    tables = H.tiny()
    H.set_cell(tables, "ties", 2, "end", written)
    ties = load(H.write_package(tmp_path, tables)).ties.set_index("id")
    assert ties.loc["qf-hizballah-funding", "end"] == pd.Timestamp(last_day)
    assert ties.loc["qf-hizballah-funding", "end_precision"] == precision


def test_missing_values(tiny_ds: Dataset) -> None:
    ties = tiny_ds.ties.set_index("id")
    assert pd.isna(ties.loc["qf-hizballah-funding", "end"])
    assert pd.isna(ties.loc["qf-hizballah-funding", "end_precision"])
    assert pd.isna(ties.loc["soleimani-qf-leadership", "section"])
    actors = tiny_ds.actors.set_index("id")
    assert actors.loc["iran", "aliases"] == ()
    assert pd.isna(actors.loc["iran", "affiliation"])
    assert tiny_ds.events.set_index("id").loc["revolution", "actors"] == ()
    assert pd.isna(tiny_ds.election_results.set_index("id").loc["lb-2022-bloc", "votes"])


def test_list_fields_are_tuples(tiny_ds: Dataset) -> None:
    actors = tiny_ds.actors.set_index("id")
    assert actors.loc["quds-force", "aliases"] == ("IRGC-QF", "Qods Force")
    assert tiny_ds.events.loc[0, "actors"] == ("soleimani", "quds-force")
    assert tiny_ds.ties.loc[0, "sources"] == ("ezzeddine-azizi-2022", "wire-2020")


def test_scalar_values(tiny_ds: Dataset) -> None:
    e = tiny_ds.elections.loc[0]
    assert (e["total_seats"], e["majority_seats"], e["turnout_pct"]) == (128, 65, 41.5)
    assert tiny_ds.actors["iran_core"].tolist() == [True, True, False, True]
    assert tiny_ds.election_results["preferred"].tolist() == [True, False, True]


def expected_dtype(table: str, field: dict[str, Any]) -> str:
    """The dtype the loader promises for a schema field (written from the brief's rules)."""
    name = field["name"]
    if (table, name) in START or (table, name) in END:
        return "datetime64[ns]"
    if (table, name) in LISTS:
        return "object"
    if "enum" in field.get("constraints", {}):
        return "category"
    return {"boolean": "bool", "integer": "Int64", "number": "Float64", "string": "str"}[
        field["type"]
    ]


def check_dtypes(ds: Dataset) -> None:
    for table in ALL_TABLES:
        df = ds.tables[table]
        expected_columns: list[str] = []
        for field in RESOURCES[table]["schema"]["fields"]:
            name = field["name"]
            expected_columns.append(name)
            assert str(df[name].dtype) == expected_dtype(table, field), (table, name)
            enum = field.get("constraints", {}).get("enum")
            if enum is not None:
                assert list(df[name].cat.categories) == enum, (table, name)
            if (table, name) in START | END:
                expected_columns.append(f"{name}_precision")
                precision = df[f"{name}_precision"]
                assert list(precision.cat.categories) == ["year", "month", "day"]
            if (table, name) in LISTS:
                assert all(
                    isinstance(v, tuple) and all(isinstance(i, str) for i in v) for v in df[name]
                ), (table, name)
        assert list(df.columns) == expected_columns + DERIVED.get(table, []), table
        assert isinstance(df.index, pd.RangeIndex)
    ties = ds.ties
    assert list(ties["layer"].cat.categories) == list(TIES["tieLayers"])
    assert list(ties["sign"].cat.categories) == ["cooperative", "hostile"]
    for row in ties.itertuples():
        declared = TIES["tieTypes"][row.type]
        assert (row.layer, row.sign) == (declared["layer"], declared["sign"]), row.id


def test_tiny_dtypes(tiny_ds: Dataset) -> None:
    check_dtypes(tiny_ds)


def test_header_only_tables_load_with_their_types(tmp_path: Path) -> None:
    tables = H.tiny()
    tables["claims"] = tables["claims"][:1]
    ds = load(H.write_package(tmp_path, tables))
    assert len(ds.claims) == 0
    assert str(ds.claims["verdict"].dtype) == "category"


def test_load_reads_the_files_every_time(tmp_path: Path) -> None:
    folder = H.write_package(tmp_path)
    assert load(folder).claims.loc[0, "verdict"] == "supported"
    tables = H.tiny()
    H.set_cell(tables, "claims", 2, "verdict", "incorrect")
    H.write_package(folder, tables)
    assert load(folder).claims.loc[0, "verdict"] == "incorrect"


# --------------------------------------------------------------------------- the real dataset


@pytest.fixture(scope="module")
def real() -> Dataset:
    try:
        return load()
    except DataError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_real_data_loads(real: Dataset) -> None:
    assert real.path == DATA


def test_real_data_is_valid_for_frictionless() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:40]


def test_validate_command_on_real_data(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(DATA)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.fullmatch(rf"{re.escape(str(DATA))}/: 12 tables, \d+ rows, 0 problems\n", out)


def test_real_dtypes(real: Dataset) -> None:
    check_dtypes(real)


def test_every_row_cites_an_existing_source(real: Dataset) -> None:
    known = set(real.sources["id"])
    for table in ALL_TABLES:
        if table == "sources":
            continue
        for i, cited in enumerate(real.tables[table]["sources"]):
            assert len(cited) >= 1, (table, i)
            assert set(cited) <= known, (table, i, set(cited) - known)
    assert "ezzeddine-azizi-2022" in known


def test_actor_counts(real: Dataset) -> None:
    assert len(real.actors) >= 35
    assert (real.actors["kind"] == "person").sum() >= 12


CANONICAL = [
    "iran",
    "irgc",
    "quds-force",
    "snsc",
    "iran-mois",
    "syria",
    "syria-4th-division",
    "pmf",
    "israel",
    "united-states",
    "uae",
    "saudi-arabia",
    "hizballah",
    "amal",
    "fpm",
    "lebanese-forces",
    "future-movement",
    "hamas",
    "pij",
    "houthis",
    "badr",
    "aah",
    "kh",
    "kss",
    "nujaba",
    "fateh",
    "dawa",
    "sadrists",
    "fatemiyoun",
    "zainabiyoun",
    "ndf",
    "khamenei",
    "soleimani",
    "qaani",
    "muhandis",
    "mughniyeh",
    "hamadani",
    "ghaffari",
    "khazali",
    "shamkhani",
    "taeb",
    "alavi",
    "nasrallah",
    "amiri",
    "abdulmalik-houthi",
    "bashar-assad",
    "maher-assad",
    "kawtharani",
    "haniyeh",
]


def test_canonical_actors_present(real: Dataset) -> None:
    missing = sorted(set(CANONICAL) - set(real.actors["id"]))
    assert missing == []


def test_core_and_membership_flags(real: Dataset) -> None:
    a = real.actors.set_index("id")
    for actor in ["iran", "irgc", "quds-force", "snsc", "khamenei", "soleimani", "qaani"]:
        assert a.loc[actor, "iran_core"], actor
    for actor in ["hizballah", "houthis", "hamas", "kh", "nasrallah"]:
        assert not a.loc[actor, "iran_core"], actor
        assert a.loc[actor, "axis_member"], actor
    for actor in ["israel", "united-states", "uae", "saudi-arabia"]:
        assert not a.loc[actor, "axis_member"], actor
    # the core is part of the axis
    assert a.loc[a["iran_core"], "axis_member"].all()


def test_deaths_of_commanders(real: Dataset) -> None:
    a = real.actors.set_index("id")
    # Mughniyeh: killed in Damascus on 12 February 2008; Soleimani and al-Muhandis: killed
    # together near Baghdad airport on 3 January 2020; Hamadani: killed near Aleppo in Oct. 2015.
    assert a.loc["mughniyeh", "ended"] == pd.Timestamp("2008-02-12")
    assert a.loc["soleimani", "ended"] == pd.Timestamp("2020-01-03")
    assert a.loc["muhandis", "ended"] == pd.Timestamp("2020-01-03")
    hamadani = a.loc["hamadani", "ended"]
    assert (hamadani.year, hamadani.month) == (2015, 10)


def test_tie_counts_and_eras(real: Dataset) -> None:
    ties = real.ties
    assert len(ties) >= 90
    before = ties["start"] < pd.Timestamp("2020-01-01")
    active_late = ties["end"].isna() | (ties["end"] >= pd.Timestamp("2020-01-01"))
    assert before.sum() > 0
    assert (active_late & (ties["start"] <= pd.Timestamp("2022-06-30"))).sum() > 0


def test_qaani_leads_the_quds_force_from_january_2020(real: Dataset) -> None:
    # Khamenei named Qaani commander on 3 January 2020, the day Soleimani was killed; he still
    # held the post in mid-2022, so the tie is open.
    t = real.ties
    lead = t[(t["from_actor"] == "qaani") & (t["to_actor"] == "quds-force")]
    lead = lead[(lead["type"] == "leadership") & (lead["start"] == pd.Timestamp("2020-01-03"))]
    assert len(lead) == 1
    assert pd.isna(lead.iloc[0]["end"])


def test_tie_typology_rules(real: Dataset) -> None:
    t = real.ties
    kinds = real.actors.set_index("id")["kind"]
    undirected = t[t["type"].isin(["political_alliance", "rivalry"])]
    assert not undirected["directed"].any(), undirected["id"].tolist()
    directed = t[t["type"].isin(["leadership", "command", "defiance"])]
    assert directed["directed"].all(), directed.loc[~directed["directed"], "id"].tolist()
    leaders = t.loc[t["type"] == "leadership", "from_actor"]
    assert (leaders.map(kinds) == "person").all()


def test_events(real: Dataset) -> None:
    ev = real.events
    assert len(ev) >= 60
    assert ev["date"].min().year == 1979
    assert ev["date"].max() <= pd.Timestamp("2025-12-31")
    article = ev[ev["coded_for"] == "article"]
    assert article["date"].max() <= ARTICLE_DATE


# Polling days and chambers: Lebanon's parliament has 128 seats, Iraq's Council of
# Representatives 329. A simple majority is floor(total / 2) + 1: 128 // 2 + 1 = 65 and
# 329 // 2 + 1 = 165.
ELECTIONS = {
    ("Lebanon", "2009-06-07"): (128, 65),
    ("Lebanon", "2018-05-06"): (128, 65),
    ("Lebanon", "2022-05-15"): (128, 65),
    ("Iraq", "2018-05-12"): (329, 165),
    ("Iraq", "2021-10-10"): (329, 165),
}


def test_the_five_elections(real: Dataset) -> None:
    el = real.elections
    found = {
        (str(row.country), row.date.strftime("%Y-%m-%d")): (row.total_seats, row.majority_seats)
        for row in el.itertuples()
    }
    assert found == ELECTIONS
    assert (el["date_precision"] == "day").all()


def test_every_election_has_results(real: Dataset) -> None:
    with_results = set(real.election_results["election"])
    assert set(real.elections["id"]) <= with_results


def test_preferred_seats_fit_the_chamber(real: Dataset) -> None:
    r = real.election_results
    total = r["election"].map(real.elections.set_index("id")["total_seats"])
    preferred = r[r["preferred"] & r["seats"].notna()]
    assert (preferred["seats"] <= total[preferred.index]).all()


# --------------------------------------------------------------------------- the codebook


def codebook() -> str:
    return (DATA / "README.md").read_text(encoding="utf-8")


def test_codebook_starts_with_its_title() -> None:
    assert codebook().startswith("# Data codebook\n")


def test_codebook_documents_every_table_and_field() -> None:
    text = codebook()
    headings = [m.start() for m in re.finditer(r"^### ", text, flags=re.M)] + [len(text)]
    sections: dict[str, str] = {}
    for start, end in zip(headings, headings[1:], strict=False):
        m = re.match(r"### `(\w+)`", text[start:end])
        if m:
            sections[m.group(1)] = text[start:end]
    for name, resource in RESOURCES.items():
        assert name in sections, f"no '### `{name}`' section"
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in sections[name], (name, field["name"])


def test_codebook_defines_every_tie_type() -> None:
    text = codebook()
    types = next(
        f["constraints"]["enum"]
        for f in RESOURCES["ties"]["schema"]["fields"]
        if f["name"] == "type"
    )
    for tie_type in types:
        assert re.search(rf"^\| `{tie_type}` \|", text, flags=re.M), tie_type


def test_codebook_has_no_raw_html() -> None:
    assert not re.search(r"<[a-zA-Z/][^>]*>", codebook())


# --------------------------------------------------------------------------- failure-years tables


def test_cabinet_axis_partners_are_the_naming_members(real: Dataset) -> None:
    cabinets = real.cabinets
    members = set(real.actors.loc[real.actors["axis_member"], "id"])
    flagged = cabinets[cabinets["axis_partner"]]
    assert len(flagged) > 0
    assert set(flagged["actor"]) <= members
    unflagged = cabinets[~cabinets["axis_partner"]]
    assert not (set(unflagged["actor"].dropna()) & {"hizballah", "amal", "fpm"})


def test_indicators_keep_one_preferred_figure_per_observation(real: Dataset) -> None:
    key = ["country", "year", "period", "indicator", "basis"]
    frame = real.indicators.astype({"period": "str"})
    preferred = frame.groupby(key, observed=True)["preferred"].sum()
    assert (preferred == 1).all()


def test_front_name_folds_into_its_parent(real: Dataset) -> None:
    from axisnet import graphs

    before = graphs.cooperative_network(real, "2020-12-31")
    after = graphs.cooperative_network(real, "2022-06-30")
    assert "awh" not in after.nodes
    assert "kh" in after.nodes and "kh" in before.nodes
