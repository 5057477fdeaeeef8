"""Graph construction from hand-made tables (expected values worked out by hand).

The raw snapshot is tested on the ``ties``/``actors`` fixtures below, the cooperative
organisation network on the dataset of ``tiny_dataset.py`` (its docstring summarises it).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from tiny_dataset import tiny

from axisnet import graphs
from axisnet.graphs import active_ties, cooperative_network, hostile_network, snapshot

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


def test_snapshot_takes_a_dataset() -> None:
    data = tiny()
    G = snapshot(data, "2022-06-30")
    assert nx.utils.graphs_equal(
        G, snapshot(data.ties, data.actors, "2022-06-30", axis_periods=data.axis_periods)
    )
    # Hamas is outside the axis in 2015 (axis_periods), inside in 2019.
    assert "hamas" not in snapshot(data, "2015-06-30")
    assert "hamas" in snapshot(data, "2019-12-31")
    with pytest.raises(TypeError, match="Dataset"):
        snapshot(data, "2019-12-31", "2022-06-30")
    with pytest.raises(TypeError, match="Dataset"):
        snapshot("2019-12-31", "2022-06-30")


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


def pairs(G: nx.Graph) -> dict[frozenset[str], float]:
    return {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}


def test_cooperative_network_main_series() -> None:
    data = tiny()
    # 2019: iran-irgc command is inside the core (dropped); irgc and Quds Force fund and arm
    # Hizballah (two ties on iran-hizballah); Soleimani's advising of Badr is credited to the
    # Quds Force, hence iran; the leadership and membership ties are structural; Fateh has
    # two members in the axis and is dropped with its alliance tie; Israel is not a member.
    G = cooperative_network(data, "2019-12-31")
    assert pairs(G) == {
        frozenset(("iran", "hizballah")): 2,
        frozenset(("iran", "badr")): 1,
        frozenset(("iran", "hamas")): 1,
    }
    assert set(G.nodes["iran"]["folded"]) == {"irgc", "quds-force", "soleimani", "iran"}
    assert G.edges["iran", "hizballah"]["types"] == ("funding", "arms_transfer")
    assert G.graph["dropped_coalitions"] == ("fateh",)
    # 2022: Soleimani's tie has ended; Hizballah's alliance with Hamas and the two mediation
    # ties start; the Quds Force commands AWH, a front of AAH, so the tie runs iran-aah; the
    # defiance tie is hostile and stays out.
    G = cooperative_network(data, "2022-06-30")
    assert pairs(G) == {
        frozenset(("iran", "hizballah")): 2,
        frozenset(("iran", "hamas")): 1,
        frozenset(("iran", "aah")): 1,
        frozenset(("hizballah", "hamas")): 1,
        frozenset(("hizballah", "badr")): 1,
        frozenset(("hizballah", "aah")): 1,
    }
    assert G.edges["iran", "aah"]["ids"] == ("t-awh",)
    assert "awh" not in G and "fateh" not in G and "soleimani" not in G
    # Hamas is outside the axis in 2015: its tie to Iran drops out.
    assert frozenset(("iran", "hamas")) not in pairs(cooperative_network(data, "2015-06-30"))


def test_cooperative_network_options() -> None:
    data = tiny()
    at = "2022-06-30"
    split = cooperative_network(data, at, collapse_core=False)
    # Iran's organs apart: the iran -> irgc command tie is now a tie between two nodes.
    assert pairs(split) == {
        frozenset(("iran", "irgc")): 1,
        frozenset(("irgc", "hizballah")): 1,
        frozenset(("quds-force", "hizballah")): 1,
        frozenset(("iran", "hamas")): 1,
        frozenset(("quds-force", "aah")): 1,
        frozenset(("hizballah", "hamas")): 1,
        frozenset(("hizballah", "badr")): 1,
        frozenset(("hizballah", "aah")): 1,
    }
    kept = cooperative_network(data, at, coalitions="keep")
    assert pairs(kept)[frozenset(("fateh", "hizballah"))] == 1
    # s-article-web is another version of s-article: its tie goes too. Left: two ties.
    no_article = cooperative_network(data, at, exclude_sources="s-article")
    assert pairs(no_article) == {frozenset(("iran", "hamas")): 1, frozenset(("iran", "aah")): 1}
    assert set(no_article.graph["options"]["exclude_sources"]) == {"s-article", "s-article-web"}
    confident = cooperative_network(data, at, min_confidence="medium")
    assert frozenset(("hizballah", "hamas")) not in pairs(confident)  # low
    assert frozenset(("iran", "aah")) not in pairs(confident)  # low
    known = cooperative_network(data, at, known_starts_only=True)
    assert frozenset(("hizballah", "hamas")) not in pairs(known)  # first_documented
    assert len(pairs(known)) == 5
    # By episode: the two mediation ties are one episode, half a tie each.
    episodes = cooperative_network(data, at, count="episodes")
    assert pairs(episodes)[frozenset(("hizballah", "badr"))] == 0.5
    assert pairs(episodes)[frozenset(("hizballah", "aah"))] == 0.5
    assert episodes.edges["hizballah", "aah"]["ties"] == 1
    no_mediation = cooperative_network(data, at, exclude_types="mediation")
    assert len(pairs(no_mediation)) == 4
    material = cooperative_network(data, at, layers="material")
    assert pairs(material) == {frozenset(("iran", "hizballah")): 2, frozenset(("iran", "hamas")): 1}
    # Persons kept as nodes in 2019: Soleimani's advising tie stays his; his leadership tie
    # stays out (structural), and he is in the core.
    persons = cooperative_network(data, "2019-12-31", persons="keep", collapse_core=False)
    assert frozenset(("soleimani", "badr")) in pairs(persons)
    dropped = cooperative_network(data, "2019-12-31", persons="drop")
    assert frozenset(("iran", "badr")) not in pairs(dropped)
    with_hostile = cooperative_network(data, at, layers=(*graphs.COOPERATIVE_LAYERS, "hostile"))
    assert pairs(with_hostile)[frozenset(("iran", "aah"))] == 2


def test_cooperative_network_directed() -> None:
    D = cooperative_network(tiny(), "2022-06-30", directed=True)
    assert D.has_edge("iran", "hizballah") and not D.has_edge("hizballah", "iran")
    # The alliance with Hamas is undirected: both arcs.
    assert D.has_edge("hizballah", "hamas") and D.has_edge("hamas", "hizballah")


def test_hostile_network() -> None:
    H = hostile_network(tiny(), "2022-06-30")
    # AAH's defiance of Iran; the rivalry with Israel involves a non-member.
    assert pairs(H) == {frozenset(("aah", "iran")): 1}
    with pytest.raises(TypeError, match="hostile"):
        hostile_network(tiny(), "2022-06-30", layers="material")


def test_cooperative_network_bad_options() -> None:
    data = tiny()
    with pytest.raises(ValueError, match="unknown layer"):
        cooperative_network(data, "2022-06-30", layers="friendship")
    with pytest.raises(ValueError, match="unknown tie type"):
        cooperative_network(data, "2022-06-30", exclude_types="friendship")
    with pytest.raises(ValueError, match="persons"):
        cooperative_network(data, "2022-06-30", persons="merge")
    with pytest.raises(ValueError, match="count"):
        cooperative_network(data, "2022-06-30", count="pairs")
    with pytest.raises(ValueError, match="min_confidence"):
        cooperative_network(data, "2022-06-30", min_confidence="certain")
    with pytest.raises(TypeError, match="Dataset"):
        cooperative_network(data.ties, "2022-06-30")


def test_axis_members_periods() -> None:
    data = tiny()
    assert "hamas" in graphs.axis_members(data.actors, "1995-01-01", data.axis_periods)
    assert "hamas" not in graphs.axis_members(data.actors, "2012-01-01", data.axis_periods)
    assert "hamas" in graphs.axis_members(data.actors, "2012-01-01")  # static flag
    assert "israel" not in graphs.axis_members(data.actors, "2012-01-01", data.axis_periods)


def test_edge_table_and_sources() -> None:
    data = tiny()
    G = cooperative_network(data, "2019-12-31")
    table = graphs.edge_table(G)
    assert list(table.columns) == ["source", "target", "types", "ties", "confidence", "sources"]
    assert table[["source", "target"]].values.tolist() == [
        ["badr", "iran"],
        ["hamas", "iran"],
        ["hizballah", "iran"],
    ]
    row = table.iloc[2]
    assert (row["types"], row["ties"], row["confidence"]) == ("funding;arms_transfer", 2, "high")
    assert row["sources"] == "s-article;s-article-web;s-other"
    panels = graphs.edge_table({"late": cooperative_network(data, "2022-06-30"), "early": G})
    assert panels["panel"].tolist()[:1] == ["late"] and panels["panel"].iloc[-1] == "early"
    assert len(panels) == 6 + 3
    assert graphs.edge_sources(G) == ["s-article", "s-article-web", "s-news", "s-other"]


def test_tie_layer() -> None:
    assert graphs.tie_layer("membership") == "structural"
    assert graphs.tie_layer("mediation") == "political"
    with pytest.raises(ValueError, match="unknown tie type"):
        graphs.tie_layer("friendship")


def test_main_series_on_real_data() -> None:
    from axisnet.data import DataError, load

    try:
        ds = load()
    except DataError as error:
        pytest.skip(f"the dataset does not validate (the data tests report it): {error!s:.200}")
    persons = set(ds.actors.loc[ds.actors["kind"].astype(str) == "person", "id"])
    core = set(ds.actors.loc[ds.actors["iran_core"].astype(bool), "id"])
    for at in ("2010-12-31", "2019-12-31", "2022-06-30"):
        G = cooperative_network(ds, at)
        assert not persons & set(G.nodes)
        assert core & set(G.nodes) <= {"iran"}
        assert nx.number_of_selfloops(G) == 0
        for _, _, d in G.edges(data=True):
            layers = {graphs.tie_layer(t) for t in d["types"]}
            assert layers <= set(graphs.COOPERATIVE_LAYERS)
            assert d["weight"] == len(d["ids"])
