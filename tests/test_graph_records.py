"""The record builders give exactly the graphs of the pandas builders of ``frame_graphs.py``.

Equal means the same nodes with the same attributes, the same edges (keys included) with the
same attributes of the same Python types, in the same order, and the same graph attributes: the
chapters' sums over nodes and edges then add up in the same order, to the last digit.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import frame_graphs as reference
import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_dataset import tiny

from axisnet import data as axis_data
from axisnet import graphs, sensitivity


def assert_same_graph(new: nx.Graph, old: nx.Graph) -> None:
    assert type(new) is type(old)
    assert list(new.nodes(data=True)) == list(old.nodes(data=True))
    keyed = {"keys": True} if new.is_multigraph() else {}
    new_edges = list(new.edges(data=True, **keyed))
    old_edges = list(old.edges(data=True, **keyed))
    assert new_edges == old_edges
    for (*_, a), (*_, b) in zip(new_edges, old_edges, strict=True):
        assert {k: type(v) for k, v in a.items()} == {k: type(v) for k, v in b.items()}
    assert new.graph == old.graph


def assert_both_paths(dataset: Any, at: str | pd.Timestamp, raw: bool, **options: Any) -> None:
    """The network from the dataset and from its records equals the reference's."""
    build = graphs.snapshot if raw else graphs.cooperative_network
    old_build = reference.snapshot if raw else reference.cooperative_network
    old = old_build(dataset, at, **options)
    assert_same_graph(build(dataset, at, **options), old)
    assert_same_graph(build(graphs.records(dataset), at, **options), old)


@pytest.fixture(scope="module")
def real() -> axis_data.Dataset:
    return axis_data.load()


@pytest.mark.parametrize("at", ["2010-12-31", "2019-12-31", "2022-06-30", "2025-12-31"])
def test_every_variant_on_the_real_data(real: axis_data.Dataset, at: str) -> None:
    for variant in sensitivity.standard_variants(real, list(graphs.BOOK_SNAPSHOTS.values())):
        assert_both_paths(real, at, variant.raw, **variant.options)


@pytest.mark.parametrize("at", list(graphs.BOOK_SNAPSHOTS.values()))
def test_other_shapes_on_the_real_data(real: axis_data.Dataset, at: pd.Timestamp) -> None:
    assert_both_paths(real, at, False, directed=True)
    assert_both_paths(real, at, False, collapse_core=False, persons="keep", axis_only=False)
    assert_both_paths(real, at, True, multi=True)
    assert_both_paths(real, at, True, directed=True, include_isolates=True)
    assert_both_paths(real, at, True, kinds=["person", "armed_group"], axis_only=False)
    assert_same_graph(
        graphs.snapshot(real.ties, real.actors, at),
        reference._snapshot_frames(real.ties, real.actors, at),
    )


def test_graph_from_ties_matches_the_reference(real: axis_data.Dataset) -> None:
    ties = real.ties.iloc[::3].assign(share=0.5)
    for options in ({}, {"directed": True}, {"multi": True}):
        assert_same_graph(
            graphs.graph_from_ties(ties, real.actors, extra_nodes=["iran"], **options),
            reference.graph_from_ties(ties, real.actors, extra_nodes=["iran"], **options),
        )


def test_records_are_reused_and_passed_through(real: axis_data.Dataset) -> None:
    recs = graphs.records(real)
    assert graphs.records(recs) is recs
    assert recs.axis_members("2015-06-30") == graphs.axis_members(
        real.actors, "2015-06-30", real.axis_periods
    )
    table = sensitivity.sensitivity_table(recs, nx.number_of_edges, "2019-12-31")
    assert table.equals(sensitivity.sensitivity_table(real, nx.number_of_edges, "2019-12-31"))


def test_records_of_two_tables(real: axis_data.Dataset) -> None:
    tables = graphs.records(real.ties, real.actors)
    for at in ("2015-06-30", "2022-06-30"):
        assert_same_graph(
            graphs.snapshot(tables, at), reference._snapshot_frames(real.ties, real.actors, at)
        )


def test_records_bad_input(real: axis_data.Dataset) -> None:
    with pytest.raises(TypeError, match="expected a Dataset"):
        graphs.records(real.ties.to_dict())
    with pytest.raises(TypeError, match="the ties and the actors tables"):
        graphs.records(real.ties)
    with pytest.raises(TypeError, match="takes a Dataset"):
        graphs.records(real, real.actors)
    bad = SimpleNamespace(ties=real.ties.assign(to_actor="nobody"), actors=real.actors)
    with pytest.raises(ValueError, match="missing from the actors table: nobody"):
        graphs.records(bad)
    flagless = SimpleNamespace(ties=real.ties, actors=real.actors.drop(columns="axis_member"))
    with pytest.raises(ValueError, match="no axis_member column"):
        graphs.cooperative_network(flagless, "2019-12-31")
    # Without axis filtering the flag is not needed.
    assert graphs.cooperative_network(flagless, "2019-12-31", axis_only=False).size() > 0


# Generated datasets: a few actors (Iran's core among them), ties of every type between them,
# with or without dates, confidence, sources, episodes and start basis, axis periods and
# sources that share a work.
ACTOR_IDS = ["g1", "iran", "g2", "p1", "irgc", "g3", "p2", "c1"]
# Cooperative types first: generated examples lean to the start of each list.
TYPES = sorted(graphs.TIE_TYPES, key=lambda t: graphs.tie_layer(t) in ("structural", "hostile"))
KINDS = {"iran": "state", "irgc": "state_body", "p1": "person", "p2": "person", "c1": "coalition"}
SOURCE_IDS = ["s1", "s2", "s3", "s4"]
STARTS = st.sampled_from([1980, 1995, None, 2005, 2015, 2021]).map(
    lambda y: None if y is None else pd.Timestamp(y, 1, 1)
)
ENDS = st.sampled_from([None, None, None, 1990, 2010, 2021]).map(
    lambda y: None if y is None else pd.Timestamp(y, 12, 31)
)


@st.composite
def datasets(draw: st.DrawFn) -> SimpleNamespace:
    actors = pd.DataFrame(
        {
            "id": ACTOR_IDS,
            "name": [a.upper() for a in ACTOR_IDS],
            "kind": [KINDS.get(a, "armed_group") for a in ACTOR_IDS],
            "country": "X",
            "iran_core": [
                a in ("iran", "irgc") or (a == "g3" and draw(st.booleans())) for a in ACTOR_IDS
            ],
            "axis_member": [draw(st.sampled_from([True, True, False])) for _ in ACTOR_IDS],
            # p1 has no affiliation: it goes to the one organisation it leads, if any.
            "affiliation": [
                draw(st.sampled_from([None, "irgc", "g1", "p1", "c1"])) if a == "p2" else None
                for a in ACTOR_IDS
            ],
        }
    )
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(ACTOR_IDS),
                st.sampled_from(ACTOR_IDS),
                st.sampled_from(TYPES),
                st.booleans(),
                STARTS,
                ENDS,
                st.sampled_from(["high", "medium", "low", None]),
                st.lists(st.sampled_from(SOURCE_IDS), max_size=2),
                st.sampled_from([None, "e1", "e2"]),
                st.sampled_from([None, "known", "first_documented"]),
            ),
            min_size=8,
            max_size=30,
        )
    )
    leads = draw(st.lists(st.sampled_from(["g1", "g2", "c1", "p2"]), max_size=2))
    rows += [
        ("p1", org, "leadership", True, pd.Timestamp(1980, 1, 1), None, "high", [], None, None)
        for org in leads
    ]
    ties = pd.DataFrame(
        rows,
        columns=["from_actor", "to_actor", "type", "directed", "start", "end"]
        + ["confidence", "sources", "episode", "start_basis"],
    )
    ties.insert(0, "id", [f"t{i}" for i in range(len(ties))])
    for column in ("start", "end"):
        ties[column] = pd.to_datetime(ties[column])
    ties["sources"] = ties["sources"].map(tuple)
    periods = pd.DataFrame(
        draw(st.lists(st.tuples(st.sampled_from(["g2", "c1"]), STARTS, ENDS), max_size=3)),
        columns=["actor", "start", "end"],
    )
    for column in ("start", "end"):
        periods[column] = pd.to_datetime(periods[column])
    sources = pd.DataFrame({"id": SOURCE_IDS, "work": ["w1", "w1", None, "w2"]})
    return SimpleNamespace(ties=ties, actors=actors, axis_periods=periods, sources=sources)


DATES = ["1984-12-31", "1995-06-30", "2010-12-31", "2019-12-31", "2021-12-31", "2022-06-30"]
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "layers": st.sampled_from([graphs.COOPERATIVE_LAYERS, ("hostile",), ("structural",)]),
        "exclude_types": st.sampled_from(["funding", ("command", "training")]),
        "collapse_core": st.booleans(),
        "persons": st.sampled_from(["fold", "drop", "keep"]),
        "coalitions": st.sampled_from(["drop", "keep"]),
        "min_confidence": st.sampled_from(["medium", "high"]),
        "exclude_sources": st.sampled_from(["s1", ("s3", "s4")]),
        "known_starts_only": st.booleans(),
        "count": st.sampled_from(["ties", "episodes"]),
        "axis_only": st.booleans(),
        "directed": st.booleans(),
    },
)
SNAPSHOT_OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "types": st.sampled_from([None, "funding", ("leadership", "rivalry", "command")]),
        "kinds": st.sampled_from([None, "person", ("armed_group", "state")]),
        "axis_only": st.booleans(),
        "directed": st.booleans(),
        "multi": st.booleans(),
        "min_confidence": st.sampled_from([None, "medium", "high"]),
        "include_isolates": st.booleans(),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.sampled_from(DATES), OPTIONS, SNAPSHOT_OPTIONS)
def test_generated_datasets(
    dataset: SimpleNamespace, at: str, options: dict, snapshot_options: dict
) -> None:
    assert_both_paths(dataset, at, False)
    assert_both_paths(dataset, at, False, **options)
    assert_both_paths(dataset, at, True, **snapshot_options)


def test_tiny_dataset_every_option() -> None:
    dataset = tiny()
    for at in ("2019-12-31", "2021-06-30", "2022-06-30"):
        for options in (
            {},
            {"count": "episodes"},
            {"exclude_sources": "s-article"},
            {"known_starts_only": True, "min_confidence": "medium"},
            {"coalitions": "keep", "persons": "drop"},
            {"collapse_core": False, "directed": True},
        ):
            assert_both_paths(dataset, at, False, **options)
