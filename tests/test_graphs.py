"""Graph construction from hand-made ties/actors tables (expected values worked out by hand)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from axisnet.graphs import active_ties, era_comparison, snapshot

ROOT = Path(__file__).resolve().parents[1]
NaT = pd.NaT


def ts(value: str) -> pd.Timestamp:
    return pd.Timestamp(value)


@pytest.fixture()
def actors() -> pd.DataFrame:
    rows = [
        # id, name, kind, country, iran_core, axis_member, founded
        ("iran", "Iran", "state", "Iran", True, True, "1979-04-01"),
        ("irgc", "IRGC", "state_body", "Iran", True, True, "1979-05-05"),
        ("soleimani", "Qassem Soleimani", "person", "Iran", True, True, NaT),
        ("hizballah", "Hizballah", "armed_group", "Lebanon", False, True, "1982-01-01"),
        ("nasrallah", "Hassan Nasrallah", "person", "Lebanon", False, True, NaT),
        ("hamas", "Hamas", "armed_group", "Palestine", False, True, "1987-12-01"),
        ("israel", "Israel", "state", "Israel", False, False, "1948-05-14"),
        ("newgroup", "Later group", "armed_group", "Iraq", False, True, "2021-01-01"),
    ]
    frame = pd.DataFrame(
        rows, columns=["id", "name", "kind", "country", "iran_core", "axis_member", "founded"]
    )
    frame["founded"] = pd.to_datetime(frame["founded"])
    frame["ended"] = pd.NaT
    frame["kind"] = frame["kind"].astype("category")
    return frame


@pytest.fixture()
def ties() -> pd.DataFrame:
    rows = [
        # id, from, to, type, directed, start, end, confidence
        ("t1", "irgc", "hizballah", "funding", True, "2000-01-01", NaT, "high"),
        ("t2", "irgc", "hizballah", "arms_transfer", True, "2006-01-01", NaT, "medium"),
        ("t3", "soleimani", "irgc", "leadership", True, "1998-01-01", "2020-01-03", "high"),
        ("t4", "hizballah", "hamas", "joint_operation", False, "2021-05-01", "2021-05-31", "low"),
        ("t5", "israel", "hizballah", "rivalry", False, "1982-06-01", NaT, "high"),
        ("t6", "nasrallah", "hizballah", "leadership", True, "1992-02-01", NaT, "high"),
        ("t7", "iran", "irgc", "command", True, "1979-05-05", NaT, "high"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["id", "from_actor", "to_actor", "type", "directed", "start", "end", "confidence"],
    )
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    frame["type"] = frame["type"].astype("category")
    frame["evidence"] = "test"
    frame["section"] = "hierarchy"
    frame["sources"] = [("ezzeddine-azizi-2022",)] * len(frame)
    frame.loc[0, "sources"] = ("ezzeddine-azizi-2022", "other-source")
    return frame


def edge_set(G: nx.Graph) -> set[frozenset[str]]:
    return {frozenset((u, v)) for u, v in G.edges()}


def test_active_ties_bounds_inclusive(ties: pd.DataFrame) -> None:
    # t3 ends 2020-01-03: active that day, gone the next.
    assert "t3" in set(active_ties(ties, "2020-01-03")["id"])
    assert "t3" not in set(active_ties(ties, "2020-01-04")["id"])
    # t4 starts 2021-05-01: not active the day before.
    assert "t4" not in set(active_ties(ties, "2021-04-30")["id"])
    assert "t4" in set(active_ties(ties, "2021-05-01")["id"])


def test_snapshot_2019_collapses_parallel_ties(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    G = snapshot(ties, actors, "2019-12-31")
    # Active and axis-only: t1, t2, t3, t6, t7 (t4 not started, t5 involves Israel).
    assert set(G.nodes) == {"iran", "irgc", "soleimani", "hizballah", "nasrallah"}
    assert edge_set(G) == {
        frozenset(("irgc", "hizballah")),
        frozenset(("soleimani", "irgc")),
        frozenset(("nasrallah", "hizballah")),
        frozenset(("iran", "irgc")),
    }
    data = G.edges["irgc", "hizballah"]
    assert data["weight"] == 2
    assert data["types"] == ("funding", "arms_transfer")  # codebook order
    assert set(data["ids"]) == {"t1", "t2"}
    assert data["confidence"] == "high"  # best of high and medium
    assert data["sources"] == ("ezzeddine-azizi-2022", "other-source")
    assert G.nodes["soleimani"]["name"] == "Qassem Soleimani"
    assert G.nodes["irgc"]["iran_core"] is True
    assert G.nodes["hizballah"]["kind"] == "armed_group"
    assert G.graph["at"] == ts("2019-12-31")


def test_snapshot_2022_drops_ended_ties(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    G = snapshot(ties, actors, "2022-06-30")
    # t3 ended 2020-01-03, t4 ended 2021-05-31.
    assert set(G.nodes) == {"iran", "irgc", "hizballah", "nasrallah"}
    assert G.number_of_edges() == 3


def test_snapshot_filters(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    leaders = snapshot(ties, actors, "2019-12-31", types="leadership")
    assert edge_set(leaders) == {
        frozenset(("soleimani", "irgc")),
        frozenset(("nasrallah", "hizballah")),
    }
    organisations = snapshot(
        ties, actors, "2019-12-31", kinds=["state", "state_body", "armed_group"]
    )
    assert edge_set(organisations) == {
        frozenset(("irgc", "hizballah")),
        frozenset(("iran", "irgc")),
    }
    with_opponents = snapshot(ties, actors, "2022-06-30", axis_only=False)
    assert frozenset(("israel", "hizballah")) in edge_set(with_opponents)
    assert with_opponents.edges["israel", "hizballah"]["types"] == ("rivalry",)
    confident = snapshot(ties, actors, "2019-12-31", min_confidence="high")
    assert confident.edges["irgc", "hizballah"]["weight"] == 1  # t2 (medium) dropped
    with pytest.raises(ValueError, match="unknown tie type"):
        snapshot(ties, actors, "2019-12-31", types="friendship")


def test_snapshot_directed_and_multi(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    D = snapshot(ties, actors, "2021-05-15", directed=True)
    assert isinstance(D, nx.DiGraph) and not D.is_multigraph()
    assert D.has_edge("irgc", "hizballah") and not D.has_edge("hizballah", "irgc")
    # The joint operation is undirected: both arcs.
    assert D.has_edge("hizballah", "hamas") and D.has_edge("hamas", "hizballah")
    M = snapshot(ties, actors, "2019-12-31", multi=True)
    assert isinstance(M, nx.MultiDiGraph)
    assert M.number_of_edges() == 5  # t1, t2, t3, t6, t7 kept separately
    assert set(M["irgc"]["hizballah"]) == {"t1", "t2"}
    assert M.edges["irgc", "hizballah", "t2"]["type"] == "arms_transfer"
    assert M.edges["irgc", "hizballah", "t2"]["confidence"] == "medium"


def test_snapshot_isolates(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    G = snapshot(ties, actors, "2019-12-31", include_isolates=True)
    # Hamas exists (1987) with no active tie; the later group (founded 2021) does not exist
    # yet; Israel is not an axis member.
    assert "hamas" in G and G.degree("hamas") == 0
    assert "newgroup" not in G and "israel" not in G


def test_unknown_actor_is_an_error(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    bad = ties.copy()
    bad.loc[0, "to_actor"] = "nobody"
    with pytest.raises(ValueError, match="nobody"):
        snapshot(bad, actors, "2019-12-31", axis_only=False)


def test_era_comparison(ties: pd.DataFrame, actors: pd.DataFrame) -> None:
    result = era_comparison(ties, actors)
    s = result.summary
    assert s.loc["actors", "before"] == 5 and s.loc["actors", "after"] == 4
    # Ties = sum of weights: before 2 + 1 + 1 + 1 = 5; after 2 + 1 + 1 = 4.
    assert s.loc["ties", "before"] == 5 and s.loc["ties", "after"] == 4
    assert s.loc["linked_pairs", "change"] == -1
    # Core = iran, irgc, soleimani. Before: ties touching the core 2 + 1 + 1 = 4 of 5.
    assert s.loc["hub_dependence", "before"] == pytest.approx(4 / 5)
    # After: 2 + 1 = 3 of 4.
    assert s.loc["hub_dependence", "after"] == pytest.approx(3 / 4)
    assert s.loc["horizontal_share", "before"] == pytest.approx(1 / 5)
    # Before: degrees irgc 3, hizballah 2, three others 1: (0 + 1 + 2 + 2 + 2) / (4 * 3).
    assert s.loc["degree_centralization", "before"] == pytest.approx(7 / 12)
    # After: the path iran - irgc - hizballah - nasrallah: (1 + 0 + 0 + 1) / (3 * 2).
    assert s.loc["degree_centralization", "after"] == pytest.approx(1 / 3)
    assert result.nodes_removed == ("soleimani",)
    assert result.nodes_added == ()
    assert result.edges_removed == (("irgc", "soleimani"),)


def test_snapshot_of_the_real_data_is_consistent() -> None:
    """On the book's own data (which must load: a broken dataset fails here too), a snapshot
    holds only known axis actors, and every edge's ids and weight match its ties."""
    from axisnet.data import load

    ds = load()
    G = snapshot(ds.ties, ds.actors, "2022-06-30")
    assert G.number_of_edges() > 0
    assert set(G.nodes) <= set(ds.actors["id"])
    tie_ids = set(ds.ties["id"])
    for _, _, data in G.edges(data=True):
        assert set(data["ids"]) <= tie_ids
        assert data["weight"] == len(data["ids"])
    assert all(ds.actors.set_index("id").loc[list(G.nodes), "axis_member"])
