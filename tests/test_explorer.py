"""The explorer's precomputed scenarios: on hand-made graphs with known answers, on the tiny
dataset of ``tiny_dataset.py`` against networks built directly, and the chart's controls."""

from __future__ import annotations

import networkx as nx
import pytest
from tiny_dataset import tiny

from axisnet import explorer, graphs, robustness

DATE = "2019-06-30"
LAYERS = ("command", "material", "political")


def test_removing_the_centre_of_a_star_leaves_its_leaves_apart() -> None:
    m = explorer.scenario_measures(nx.star_graph(5), [0])
    assert (m["actors"], m["components"], m["largest"]) == (5, 5, 1)
    assert m["efficiency"] == 0.0 and m["loss"] == 1.0
    # no single actor costs more than the centre; the five leaves cost less
    assert m["share_above"] == 0.0 and m["sets"] == 6
    assert m["band_low"] < m["loss"]


def test_removing_the_middle_of_a_path_splits_it() -> None:
    m = explorer.scenario_measures(nx.path_graph(3), [1])
    assert (m["components_before"], m["components"], m["largest"]) == (1, 2, 1)


def test_in_a_complete_graph_every_removal_costs_the_same() -> None:
    m = explorer.scenario_measures(nx.complete_graph(5), [2])
    # 4 actors left, all linked: 12 ordered pairs at distance 1 over the 20 of 5 actors
    assert m["efficiency"] == pytest.approx(12 / 20)
    assert m["band_low"] == m["band_high"] == pytest.approx(m["loss"])
    assert m["share_above"] == 0.0


def test_an_absent_actor_is_counted_missing_and_changes_nothing() -> None:
    m = explorer.scenario_measures(nx.path_graph(3), ["nobody-here"])
    assert (m["removed"], m["missing"], m["loss"], m["sets"]) == (0, 1, 0.0, 0)
    assert m["components"] == m["components_before"]


def test_a_given_decapitation_gives_the_same_measures() -> None:
    G = nx.barabasi_albert_graph(15, 2, seed=3)
    for remove in ([0], [1, 2], ["nobody-here"], []):
        given = robustness.decapitations(G, [remove])[0]
        assert explorer.scenario_measures(G, remove, decapitation=given) == (
            explorer.scenario_measures(G, remove)
        )


def test_layer_subsets_and_masks() -> None:
    subsets = explorer.layer_subsets(LAYERS)
    assert len(subsets) == 2 ** len(LAYERS) - 1
    masks = {explorer.layer_mask(s, LAYERS) for s in subsets}
    assert masks == set(range(1, 2 ** len(LAYERS)))
    with pytest.raises(ValueError, match="unknown layer 'hostile'"):
        explorer.layer_mask(["hostile"], LAYERS)


@pytest.fixture(scope="module")
def tiny_explorer() -> explorer.Explorer:
    return explorer.scenarios(
        tiny(), [DATE], LAYERS, {"Hizballah": ["hizballah"], "Both": ["soleimani", "badr"]}
    )


def test_each_layer_combination_is_the_network_built_from_those_layers(
    tiny_explorer: explorer.Explorer,
) -> None:
    full = graphs.cooperative_network(
        tiny(), DATE, layers=LAYERS, collapse_core=False, persons="keep"
    )
    for subset in explorer.layer_subsets(LAYERS):
        direct = graphs.cooperative_network(
            tiny(), DATE, layers=subset, collapse_core=False, persons="keep"
        )
        H = explorer.layer_graph(full, subset)
        assert set(H.nodes) == set(direct.nodes), subset
        assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in direct.edges}, subset
        row = tiny_explorer.scenario(DATE, subset, explorer.NOBODY)
        assert row["actors"] == direct.number_of_nodes()
        assert row["components"] == nx.number_connected_components(direct)


def test_a_removal_matches_decapitation_of_the_network_of_its_layers(
    tiny_explorer: explorer.Explorer,
) -> None:
    direct = graphs.cooperative_network(
        tiny(), DATE, layers=["material"], collapse_core=False, persons="keep"
    )
    want = robustness.decapitate(direct, ["hizballah"])
    row = tiny_explorer.scenario(DATE, ["material"], "Hizballah")
    assert row["components"] == want.components_after
    assert row["largest"] == want.largest_after
    assert row["efficiency"] == pytest.approx(want.efficiency_after)
    bench = robustness.decapitation_benchmark(direct, ["hizballah"])
    assert row["share_above"] == pytest.approx(bench.share_above)


def test_one_layout_for_every_date_and_one_row_per_scenario(
    tiny_explorer: explorer.Explorer,
) -> None:
    ex = explorer.scenarios(tiny(), [DATE, "2021-06-30"], LAYERS, {"Hizballah": ["hizballah"]})
    places = ex.nodes.groupby("id")[["x", "y"]].nunique()
    assert (places == 1).all().all()
    assert len(ex.measures) == 2 * (2 ** len(LAYERS) - 1) * 2
    assert ex.removals[0] == (explorer.NOBODY, ())


def test_bad_input_names_the_problem(tiny_explorer: explorer.Explorer) -> None:
    with pytest.raises(ValueError, match="not a cooperative layer: hostile"):
        explorer.scenarios(tiny(), [DATE], ["material", "hostile"])
    with pytest.raises(ValueError, match="at least one date"):
        explorer.scenarios(tiny(), [], LAYERS)
    with pytest.raises(KeyError, match="no removal labelled 'Nasrallah'"):
        tiny_explorer.scenario(DATE, LAYERS, "Nasrallah")


def test_summary_states_the_scenario(tiny_explorer: explorer.Explorer) -> None:
    row = tiny_explorer.scenario(DATE, ["material"], "Hizballah")
    text = explorer.summary(tiny_explorer, DATE, ["material"], "Hizballah")
    assert "Removed: Hizballah." in text
    assert f"Components: {row['components']} (before: {row['components_before']})" in text
    assert "of them lose more" in text


def test_chart_controls_are_labelled_form_inputs(tiny_explorer: explorer.Explorer) -> None:
    spec = explorer.explorer_chart(tiny_explorer).to_dict()
    bound = {p["name"]: p["bind"] for p in spec["params"] if "bind" in p}
    assert bound[explorer.DATE_PARAM]["input"] == "radio"
    assert bound[explorer.REMOVAL_PARAM]["input"] == "select"
    assert bound[explorer.REMOVAL_PARAM]["labels"] == ["Nobody", "Hizballah", "Both"]
    for layer in LAYERS:
        assert bound[f"explorer_{layer}"]["input"] == "checkbox"
        assert layer.capitalize() in bound[f"explorer_{layer}"]["name"]
    assert spec["description"]
