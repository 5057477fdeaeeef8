"""The cutoff API: ``ARTICLE_DATE``, ``cutoff``, ``load(until=...)`` and ``Dataset.until``.

The hand-made package is the tiny package of test_bad_input.py with rows added on either side of
31 July 2022; each test names the rows it relies on. Expectations are worked out from these rows
by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import test_bad_input as H

import axisnet
from axisnet.data import ARTICLE_DATE, EPILOGUE_TABLES, TABLES, Dataset, cutoff, load


def add(tables: dict[str, list[list[str]]], table: str, /, **cells: str) -> None:
    """Append a row to ``table``, given by column; columns not named stay empty, except
    ``coded_for`` (``article``) and ``horizon`` (``past``)."""
    header = tables[table][0]
    unknown = set(cells) - set(header)
    assert not unknown, f"no such column in {table}: {sorted(unknown)}"
    cells = {"coded_for": "article", "horizon": "past", **cells}
    tables[table].append([cells.get(column, "") for column in header])


def later_package() -> dict[str, list[list[str]]]:
    """The tiny package plus rows dated after the article and rows ending after it."""
    t = H.tiny()
    for sid, date in (
        ("wire-2024", "2024-09-28"),
        ("wire-2023", "2023-10-08"),
        ("profile-2024", "2024-10"),
        ("book-2019", "2019"),
        ("wire-2025", "2025"),
    ):
        add(t, "sources", id=sid, kind="news", title=sid, publisher="A wire service", date=date)
    # an article-period leader who dies after the article: the death and the end of his tie are
    # added later, with their own sources
    add(t, "actors", id="nasrallah", name="Nasrallah", kind="person", country="Lebanon",
        iran_core="false", axis_member="true", affiliation="hizballah", founded="1960",
        ended="2024-09-27", sources="wire-2020;profile-2024",
        ended_sources="wire-2024")  # fmt: skip
    add(t, "ties", id="nasrallah-leads", from_actor="nasrallah", to_actor="hizballah",
        type="leadership", directed="true", start="1992", end="2024-09-27", confidence="medium",
        evidence="He led it.", sources="wire-2020", start_basis="known",
        end_evidence="He was killed.", end_sources="wire-2024")  # fmt: skip
    # a group founded after the article, with a tie to it
    add(t, "actors", id="new-front", name="A new front", kind="armed_group", country="Iraq",
        iran_core="false", axis_member="true", founded="2023-10", sources="wire-2023",
        coded_for="epilogue")  # fmt: skip
    add(t, "ties", id="qf-front-arms", from_actor="quds-force", to_actor="new-front",
        type="arms_transfer", directed="true", start="2023-11", confidence="low",
        evidence="Arms to the new front.", sources="wire-2023", start_basis="known",
        coded_for="epilogue")  # fmt: skip
    # a person added for the epilogue, with a post held since before the article
    add(t, "actors", id="qassem", name="Qassem", kind="person", country="Lebanon",
        iran_core="false", axis_member="true", affiliation="hizballah", founded="1953",
        sources="wire-2024", coded_for="epilogue")  # fmt: skip
    add(t, "ties", id="qassem-deputy", from_actor="qassem", to_actor="hizballah",
        type="leadership", directed="true", start="1991", end="2024-10-29", confidence="medium",
        evidence="Deputy.", sources="wire-2024", start_basis="known",
        coded_for="epilogue")  # fmt: skip
    # ends added later: inside July 2022 by month, during 2022 by year, in August 2022
    for tid, end in (("ends-in-july", "2022-07"), ("ends-in-2022", "2022"),
                     ("ends-in-august", "2022-08")):  # fmt: skip
        add(t, "ties", id=tid, from_actor="iran", to_actor="hizballah", type="advising",
            directed="true", start="2019", end=end, confidence="low", evidence="Advice.",
            sources="wire-2020", start_basis="known", end_evidence="It stopped.",
            end_sources="wire-2020")  # fmt: skip
    # an end in the article's record, reported after the article, with no end sources of its own
    add(t, "ties", id="rupture", from_actor="quds-force", to_actor="hizballah", type="rivalry",
        directed="false", start="2012", end="2022-10-19", confidence="low",
        evidence="A rupture, healed in October 2022.", sources="wire-2020",
        start_basis="known")  # fmt: skip
    add(t, "events", id="oct-7", date="2023-10-07", kind="attack", country="Israel",
        title="Attack", actors="hizballah", sources="wire-2023",
        coded_for="epilogue")  # fmt: skip
    add(t, "events", id="july-2022", date="2022-07", kind="statement", country="Iraq",
        title="A July statement", actors="iran", sources="wire-2020")  # fmt: skip
    add(t, "events", id="july-epilogue", date="2022-07-25", kind="statement", country="Iraq",
        title="Coded for the epilogue", actors="iran", sources="wire-2020",
        coded_for="epilogue")  # fmt: skip
    add(t, "elections", id="lb-2026", country="Lebanon", date="2026-05", body="Parliament",
        total_seats="128", majority_seats="65", sources="wire-2024")  # fmt: skip
    add(t, "election_results", id="lb-2026-hzb", election="lb-2026", level="party",
        name="Hizballah", actor="hizballah", camp="iran_aligned", seats="10", preferred="true",
        sources="wire-2024")  # fmt: skip
    add(t, "claims", id="future-war", section="conclusion", claim="Partners act alone.",
        verdict="supported", evidence="They did.", sources="ezzeddine-azizi-2022;wire-2023",
        horizon="future")  # fmt: skip
    add(t, "fronts", id="hz-2023", actor="hizballah", target="quds-force", theatre="Border",
        start="2023-10-08", end="2024-11-27", first_event="oct-7", consent="unknown",
        sources="wire-2023")  # fmt: skip
    return t


@pytest.fixture
def data(tmp_path: Path) -> Dataset:
    return load(H.write_package(tmp_path / "later", later_package()))


# --------------------------------------------------------------------------- the date itself


def test_article_date_is_the_last_day_of_july_2022() -> None:
    # The article's only date in the data is its month, July 2022 (sources.csv, its row).
    article = load().sources.set_index("id").loc["ezzeddine-azizi-2022"]
    assert article["date_precision"] == "month"
    assert (article["date"].year, article["date"].month) == (ARTICLE_DATE.year, ARTICLE_DATE.month)
    assert pd.Timestamp(2022, 7, 31) == ARTICLE_DATE
    assert axisnet.ARTICLE_DATE is ARTICLE_DATE


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2022-07-31", (2022, 7, 31)),
        ("2022-07", (2022, 7, 31)),
        ("2024-02", (2024, 2, 29)),
        ("2023", (2023, 12, 31)),
        (" 2023-01-05 ", (2023, 1, 5)),
        (dt.date(2023, 12, 31), (2023, 12, 31)),
        (dt.datetime(2023, 12, 31, 18, 30), (2023, 12, 31)),
        (pd.Timestamp("2023-12-31 23:59"), (2023, 12, 31)),
    ],
)
def test_cutoff_reads_days_and_periods(value: object, day: tuple[int, int, int]) -> None:
    assert cutoff(value) == pd.Timestamp(*day)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/07/2022", "malformed date '31/07/2022' (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("2022-13", "impossible date '2022-13': there is no month 13"),
        ("2023-02-29", "impossible date '2023-02-29': February 2023 has 28 days"),
        ("", "malformed date ''"),
    ],
)
def test_unparseable_cutoff_is_a_clear_error(value: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        cutoff(value)
    assert str(info.value).startswith(f"cannot read the cutoff date {value!r}: ")
    assert message in str(info.value)


def test_cutoff_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="must be a string .* not int"):
        cutoff(20220731)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NaT"):
        cutoff(pd.NaT)  # type: ignore[arg-type]


def test_load_rejects_a_bad_cutoff_before_reading(tmp_path: Path) -> None:
    # The folder does not exist: the date is checked first, so the error is about the date.
    with pytest.raises(ValueError, match="cannot read the cutoff date 'July 2022'"):
        load(tmp_path / "missing", until="July 2022")


def test_dataset_until_rejects_a_bad_date(data: Dataset) -> None:
    with pytest.raises(ValueError, match="cannot read the cutoff date '2022-07-32'"):
        data.until("2022-07-32")


# --------------------------------------------------------------------------- the rules


def test_rows_that_start_later_are_dropped(data: Dataset) -> None:
    then = data.until(ARTICLE_DATE)
    assert then.as_of == ARTICLE_DATE
    assert "new-front" not in set(then.actors["id"])  # founded 2023-10
    assert "qf-front-arms" not in set(then.ties["id"])  # starts 2023-11
    assert set(then.events["id"]) == {"soleimani-killed", "revolution", "strike", "july-2022"}
    assert "future-war" not in set(then.claims["id"])
    assert list(then.elections["id"]) == ["lb-2022"]
    assert "lb-2026-hzb" not in set(then.election_results["id"])
    assert len(then.election_results) == 3


def test_later_ends_are_undone_with_their_precision(data: Dataset) -> None:
    then = data.until(ARTICLE_DATE)
    actor = then.actors.set_index("id").loc["nasrallah"]
    assert pd.isna(actor["ended"]) and pd.isna(actor["ended_precision"])
    assert actor["ended_sources"] == ()
    tie = then.ties.set_index("id").loc["nasrallah-leads"]
    assert pd.isna(tie["end"]) and pd.isna(tie["end_precision"])
    assert tie["end_sources"] == () and pd.isna(tie["end_evidence"])
    assert tie["sources"] == ("wire-2020",) and tie["evidence"] == "He led it."
    # Soleimani died before the cutoff: his end stays, at day precision.
    soleimani = then.actors.set_index("id").loc["soleimani"]
    assert soleimani["ended"] == pd.Timestamp(2020, 1, 3)
    assert soleimani["ended_precision"] == "day"


def test_partial_ends_count_as_later_only_when_their_whole_period_is(data: Dataset) -> None:
    ends = data.until(ARTICLE_DATE).ties.set_index("id")
    # '2022-07' may be any day of July: it has ended by 31 July.
    assert ends.loc["ends-in-july", "end"] == pd.Timestamp(2022, 7, 31)
    # '2022' may be any day of 2022, including January: kept as an end (loaded as 31 December).
    assert ends.loc["ends-in-2022", "end"] == pd.Timestamp(2022, 12, 31)
    assert ends.loc["ends-in-2022", "end_precision"] == "year"
    # '2022-08' lies wholly after July: undone.
    assert pd.isna(ends.loc["ends-in-august", "end"])
    # one day later, August has begun
    august = data.until("2022-08-01").ties.set_index("id")
    assert august.loc["ends-in-august", "end"] == pd.Timestamp(2022, 8, 31)


def test_partial_starts_count_from_their_first_day(data: Dataset) -> None:
    # new-front is founded '2023-10': present on 1 October 2023, absent on 30 September.
    assert "new-front" in set(data.until("2023-10-01").actors["id"])
    assert "new-front" not in set(data.until("2023-09-30").actors["id"])


def test_sources_whose_rows_are_all_gone_are_dropped(data: Dataset) -> None:
    then = data.until(ARTICLE_DATE)
    ids = set(then.sources["id"])
    assert "wire-2023" not in ids  # cited only by rows that start after the cutoff
    assert "wire-2024" not in ids  # cited only for undone ends, epilogue rows, a later election
    assert "profile-2024" in ids  # dated later, but still cited by nasrallah's own row
    assert {"book-2019", "wire-2025"} <= ids  # cited by no row in the first place
    assert {"ezzeddine-azizi-2022", "wire-2020"} <= ids
    assert "wire-2024" in set(data.until("2024-10-01").sources["id"])
    assert {"ezzeddine-azizi-2022", "wire-2020"} <= ids


def test_until_copies_and_reindexes(data: Dataset) -> None:
    before = {name: frame.copy() for name, frame in data.tables.items()}
    then = data.until(ARTICLE_DATE)
    for name, frame in data.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
    assert data.as_of is None
    for frame in then.tables.values():
        assert frame.index.equals(pd.RangeIndex(len(frame)))


def test_a_date_after_every_row_changes_nothing(data: Dataset) -> None:
    later = data.until("2030")
    for name, frame in data.tables.items():
        pd.testing.assert_frame_equal(later.tables[name], frame, check_index_type=True)


def test_until_is_a_projection(data: Dataset) -> None:
    once = data.until(ARTICLE_DATE)
    for twice in (once.until(ARTICLE_DATE), data.until("2024").until(ARTICLE_DATE)):
        for name, frame in once.tables.items():
            pd.testing.assert_frame_equal(twice.tables[name], frame)


def test_load_until_equals_until_after_load(tmp_path: Path) -> None:
    folder = H.write_package(tmp_path / "later", later_package())
    direct = load(folder, until="2022-07-31")
    after = load(folder).until(ARTICLE_DATE)
    for name, frame in after.tables.items():
        pd.testing.assert_frame_equal(direct.tables[name], frame)


def test_the_real_article_period_ends_by_the_article_date() -> None:
    then = load(until=ARTICLE_DATE)
    for table, column in (("ties", "start"), ("events", "date"), ("elections", "date")):
        dates = then.tables[table][column].dropna()
        assert (dates <= ARTICLE_DATE).all(), table


def test_rows_coded_for_the_epilogue_enter_after_the_article(data: Dataset) -> None:
    # qassem and his deputy post (1991-2024) and an event of 25 July 2022 were coded for the
    # epilogue: absent from the article's period, present at any later date they cover
    then = data.until(ARTICLE_DATE)
    assert "qassem" not in set(then.actors["id"])
    assert "qassem-deputy" not in set(then.ties["id"])
    assert "july-epilogue" not in set(then.events["id"])
    later = data.until("2022-08-01")
    assert {"qassem"} <= set(later.actors["id"])
    assert "july-epilogue" in set(later.events["id"])
    deputy = later.ties.set_index("id").loc["qassem-deputy"]
    assert pd.isna(deputy["end"])  # he was still deputy on 1 August 2022


def test_article_ends_without_end_sources_stay_from_the_article_date_on(data: Dataset) -> None:
    # 'rupture' ends 2022-10-19 in the article's record, with no end sources of its own
    end = pd.Timestamp(2022, 10, 19)
    assert data.until(ARTICLE_DATE).ties.set_index("id").loc["rupture", "end"] == end
    assert data.until("2022-09-01").ties.set_index("id").loc["rupture", "end"] == end
    # before the article's date the date rule applies as everywhere
    assert pd.isna(data.until("2022-06-30").ties.set_index("id").loc["rupture", "end"])


def test_future_claims_wait_for_their_sources(data: Dataset) -> None:
    # future-war cites wire-2023 (8 October 2023)
    assert "future-war" not in set(data.until("2023-10-07").claims["id"])
    assert "future-war" in set(data.until("2023-10-08").claims["id"])
    assert "intro-vote-date" in set(data.until("2000").claims["id"])  # past claims stay whole


def test_epilogue_tables_are_left_out_of_the_article_period(data: Dataset) -> None:
    then = data.until(ARTICLE_DATE)
    assert list(then.tables) == list(TABLES)
    assert then.fronts.empty and list(then.fronts.columns) == list(data.fronts.columns)
    later = data.until("2024")
    assert list(later.tables) == [*TABLES, *EPILOGUE_TABLES]
    front = later.fronts.set_index("id").loc["hz-2023"]
    assert front["end"] == pd.Timestamp(2024, 11, 27)
    assert pd.isna(data.until("2024-06-30").fronts.set_index("id").loc["hz-2023", "end"])
    assert "hz-2023" not in set(data.until("2023-10-07").fronts["id"])
