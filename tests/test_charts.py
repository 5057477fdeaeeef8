"""Chart theme, palettes and determinism of the specifications."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import networkx as nx
import pandas as pd
import pytest

from axisnet import charts, labels

ROOT = Path(__file__).resolve().parents[1]


def sample_graph(reverse: bool = False) -> nx.Graph:
    nodes = [
        ("iran", {"name": "Iran", "kind": "state", "country": "Iran", "iran_core": True}),
        ("irgc", {"name": "IRGC", "kind": "state_body", "country": "Iran", "iran_core": True}),
        ("hizballah", {"name": "Hizballah", "kind": "armed_group", "country": "Lebanon"}),
        ("amal", {"name": "Amal", "kind": "political_party", "country": "Lebanon"}),
        ("nasrallah", {"name": "Hassan Nasrallah", "kind": "person", "country": "Lebanon"}),
    ]
    edges = [
        ("iran", "irgc", {"types": ("command",), "confidence": "high", "weight": 1}),
        (
            "irgc",
            "hizballah",
            {"types": ("funding", "arms_transfer"), "confidence": "high", "weight": 2},
        ),
        ("amal", "hizballah", {"types": ("political_alliance",), "confidence": "medium"}),
        ("nasrallah", "hizballah", {"types": ("leadership",), "confidence": "high"}),
    ]
    if reverse:
        nodes, edges = nodes[::-1], [(v, u, d) for u, v, d in edges[::-1]]
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    return G


def layer_specs(spec: dict) -> list[dict]:
    return spec["layer"]


def values(spec: dict) -> list[dict]:
    """Inline rows of a single-dataset chart (top level, or the first layer)."""
    data = spec.get("data") or spec["layer"][0]["data"]
    return data["values"]


def test_theme_registered_and_enabled() -> None:
    assert charts.THEME_NAME in alt.theme.names()
    assert alt.theme.active == charts.THEME_NAME
    config = alt.theme.get()()["config"]
    # every text role names the shipped font first, so exports never fall back to system fonts
    fonts = [config["font"], config["title"]["font"], config["text"]["font"]]
    fonts += [
        config[part][k]
        for part in ("axis", "legend", "header")
        for k in config[part]
        if k.endswith("Font")
    ]
    assert fonts and all(f.startswith(f'"{charts.FONT_FAMILY}"') for f in fonts), fonts
    assert config["axis"]["labelFontSize"] >= 12


def test_palettes_cover_the_codebook() -> None:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        (res["name"], f["name"]): f.get("constraints", {}).get("enum")
        for res in package["resources"]
        for f in res["schema"]["fields"]
    }
    assert set(charts.KIND_COLORS) == set(fields[("actors", "kind")])
    assert set(charts.KIND_SHAPES) == set(fields[("actors", "kind")])
    assert set(charts.TIE_TYPE_COLORS) == set(fields[("ties", "type")])
    assert set(charts.TIE_TYPE_DASHES) == set(fields[("ties", "type")])
    hexes = [*charts.KIND_COLORS.values(), *charts.TIE_TYPE_COLORS.values()]
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", h) for h in hexes)
    # Okabe-Ito colours for the actor kinds, each used once.
    assert set(charts.KIND_COLORS.values()) <= set(charts.OKABE_ITO.values())
    assert len(set(charts.KIND_COLORS.values())) == len(charts.KIND_COLORS)
    # Tie types: colour and dash together tell every type apart.
    pairs = {
        (charts.TIE_TYPE_COLORS[t], tuple(charts.TIE_TYPE_DASHES[t]))
        for t in charts.TIE_TYPE_COLORS
    }
    assert len(pairs) == len(charts.TIE_TYPE_COLORS)


def test_layout_is_seeded_rounded_and_order_free() -> None:
    a = charts.layout_positions(sample_graph(), seed=3)
    b = charts.layout_positions(sample_graph(reverse=True), seed=3)
    assert a == b
    for x, y in a.values():
        assert round(x, 4) == x and round(y, 4) == y
    assert charts.layout_positions(sample_graph(), seed=4) != a


def test_kamada_kawai_positions_are_networkx_positions_rounded() -> None:
    # The layout runs NetworkX's solver on one BLAS thread: the positions are its own.
    for G in (sample_graph(), nx.barabasi_albert_graph(30, 2, seed=1)):
        H = nx.Graph()
        H.add_nodes_from(sorted(G.nodes, key=str))
        H.add_edges_from(sorted((tuple(sorted(e, key=str)) for e in G.edges()), key=str))
        plain = {
            v: (round(float(x), 4) + 0.0, round(float(y), 4) + 0.0)
            for v, (x, y) in nx.kamada_kawai_layout(H).items()
        }
        assert charts.layout_positions(G, layout="kamada_kawai") == plain


def test_network_chart_is_byte_identical() -> None:
    one = charts.network_chart(sample_graph(), seed=1, title="T").to_json()
    two = charts.network_chart(sample_graph(), seed=1, title="T").to_json()
    three = charts.network_chart(sample_graph(reverse=True), seed=1, title="T").to_json()
    assert one == two == three


def test_network_chart_matches_altairs_own_construction() -> None:
    """The builders' shortcuts (value channels built as their classes, inline rows held as a
    tuple, no check on creation) give the spec Altair's usual forms give."""
    from altair.utils import schemapi

    assert charts._if_highlighted(alt.SizeValue, 260, 110).to_dict() == alt.condition(
        "datum.highlight", alt.value(260), alt.value(110)
    )
    rows = [{"id": "a", "x": 0.5}, {"id": "b", "x": -0.25}]
    assert charts._inline(rows).to_dict() == alt.Data(values=rows).to_dict()
    chart = charts.network_chart(sample_graph(), seed=1, title="T")
    assert schemapi.DEBUG_MODE  # switched off while building only
    spec = chart.to_dict()
    edges = spec["layer"][0]
    assert edges["encoding"]["strokeWidth"] == {
        "condition": {"test": "datum.highlight", "value": 2.5},
        "value": 1.2,
    }
    assert edges["encoding"]["x2"] == {"field": "x2"}
    assert isinstance(edges["data"]["values"], list) and edges["data"]["values"]
    bad = chart.copy(deep=False)
    bad["height"] = "tall"
    with pytest.raises(schemapi.SchemaValidationError):
        bad.to_dict()  # the whole spec is still validated when serialised


def test_network_chart_content() -> None:
    spec = charts.network_chart(
        sample_graph(), title="Axis", highlight=["irgc"], edge_legend=True
    ).to_dict()
    assert "url" not in json.dumps(spec)  # data inline
    assert spec["width"] == "container"
    assert spec["description"].startswith("Network diagram of 5 actors")
    assert "1 armed group" in spec["description"]
    edges, nodes, *labels = layer_specs(spec)
    for layer in (edges, nodes, *labels):
        assert layer["encoding"]["x"]["axis"] is None
        assert layer["encoding"]["y"]["axis"] is None
    edge_rows = edges["data"]["values"]
    assert len(edge_rows) == 4
    multi = next(r for r in edge_rows if {r["source"], r["target"]} == {"hizballah", "irgc"})
    assert multi["types"] == "funding, arms transfer"
    assert multi["tie_type"] == "several types"
    assert multi["ties"] == 2 and multi["highlight"] is True
    tips = {t["field"] for t in edges["encoding"]["tooltip"]}
    assert {"types", "confidence"} <= tips
    tips = {t["field"] for t in nodes["encoding"]["tooltip"]}
    assert {"name", "kind", "country"} <= tips
    node_rows = {r["id"]: r for r in nodes["data"]["values"]}
    assert node_rows["irgc"]["highlight"] and not node_rows["iran"]["highlight"]
    colours = nodes["encoding"]["color"]["scale"]
    assert dict(zip(colours["domain"], colours["range"], strict=True)) == {
        k: charts.KIND_COLORS[k] for k in colours["domain"]
    }
    assert edges["encoding"]["stroke"]["legend"] is not None
    # Labels: one layer for ordinary names, one (bold) for the highlighted node.
    texts = [r["name"] for layer in labels for r in layer["data"]["values"]]
    assert sorted(texts) == sorted(r["name"] for r in node_rows.values())


def test_network_chart_custom_description_and_no_labels() -> None:
    spec = charts.network_chart(
        sample_graph(), description="Iran at the centre.", show_labels=False, width=400
    ).to_dict()
    assert spec["description"] == "Iran at the centre."
    assert spec["width"] == 400
    assert len(spec["layer"]) == 2


def test_small_multiples_share_positions() -> None:
    full = sample_graph()
    part = full.subgraph(["iran", "irgc", "hizballah"]).copy()
    spec = charts.small_multiples({"2019": full, "2022": part}, seed=2).to_dict()
    assert "2019: 5 actors" in spec["description"]
    first, second = spec["concat"]
    pos1 = {r["id"]: (r["x"], r["y"]) for r in first["layer"][1]["data"]["values"]}
    pos2 = {r["id"]: (r["x"], r["y"]) for r in second["layer"][1]["data"]["values"]}
    assert all(pos1[k] == v for k, v in pos2.items())
    assert (
        first["layer"][1]["encoding"]["x"]["scale"] == second["layer"][1]["encoding"]["x"]["scale"]
    )
    assert (
        first["layer"][1]["encoding"]["color"]["scale"]
        == second["layer"][1]["encoding"]["color"]["scale"]
    )


def test_timeline_events_and_spans() -> None:
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-01-03", "2021-10-10", "2022-05-15"]),
            "kind": ["assassination", "election", "election"],
            "country": ["Iraq", "Iraq", "Lebanon"],
            "title": ["Strike at Baghdad airport", "Iraqi election", "Lebanese election"],
        }
    )
    spec = charts.timeline_chart(events, title="Events").to_dict()
    rows = values(spec)
    assert [r["start"] for r in rows] == ["2020-01-03", "2021-10-10", "2022-05-15"]
    assert "3 dated events from 2020-01-03 to 2022-05-15" in spec["description"]
    assert charts.timeline_chart(events).to_json() == charts.timeline_chart(events).to_json()
    ties = pd.DataFrame(
        {
            "id": ["a", "b"],
            "from_actor": ["irgc", "soleimani"],
            "type": ["training", "leadership"],
            "start": pd.to_datetime(["2014-06-01", "1998-01-01"]),
            "end": pd.to_datetime([None, "2020-01-03"]),
        }
    )
    spec = charts.timeline_chart(
        ties,
        start="start",
        end="end",
        lane="from_actor",
        color="type",
        label="id",
        color_roles={"leadership": "ties_with_core", "training": "ties_between_partners"},
    ).to_dict()
    rows = {r["label"]: r for r in values(spec)}
    assert rows["a"]["end"] == "2022-06-30" and rows["a"]["open"] is True
    assert rows["b"]["end"] == "2020-01-03" and rows["b"]["open"] is False
    encoding = spec.get("encoding") or spec["layer"][0]["encoding"]
    scale = encoding["color"]["scale"]
    assert scale["domain"] == ["leadership", "training"]
    assert scale["range"] == [
        charts.ROLE_COLORS[r] for r in ("ties_with_core", "ties_between_partners")
    ]


def test_specs_render_offline_with_vl_convert() -> None:
    vlc = pytest.importorskip("vl_convert")
    svg = vlc.vegalite_to_svg(charts.network_chart(sample_graph(), width=400).to_dict())
    assert svg.lstrip().startswith("<svg") and "Hizballah" in svg
    multi = charts.small_multiples({"a": sample_graph(), "b": sample_graph()})
    assert "<svg" in vlc.vegalite_to_svg(multi.to_dict())


# --------------------------------------------------------------------------- label placement


def test_label_with_room_takes_the_preferred_spot() -> None:
    assert labels.place_labels([(100, 100)], ["Hizballah"], width=300, height=200) == [0]


def test_label_at_the_right_edge_goes_left() -> None:
    # To the right of x=190 "Hizballah" (about 55 px) would leave a 200 px wide plot.
    assert labels.place_labels([(190, 50)], ["Hizballah"], width=200, height=100) == [1]


def test_label_avoids_a_neighbouring_point_by_hand() -> None:
    # "Quds Force" at 11 px is 10 * 0.56 * 11 = 61.6 px wide and 13.2 px high. Right of A
    # (x 58-119.6) it would cover B's point (x 104-116, y 44-56); left of A, or on either
    # diagonal to the left, it would leave the plot (x < 0); on the diagonals to the right it
    # clips B's point by 12 x 2 px. Above A (x 19.2-80.8, y 28.8-42) it is clear of both.
    # B's short label then fits on B's right.
    spots = labels.place_labels(
        [(50, 50), (110, 50)], ["Quds Force", "Iran"], width=300, height=200
    )
    assert spots == [6, 0]
    assert labels.LABEL_SPOTS[6][:2] == ("center", "bottom")


def test_order_decides_who_gets_the_preferred_spot() -> None:
    # Two labels for the same place: the first placed takes the right, the other the left.
    points, texts = [(100, 100), (100, 100)], ["A", "B"]
    assert labels.place_labels(points, texts, width=300, height=200, order=[0, 1]) == [0, 1]
    assert labels.place_labels(points, texts, width=300, height=200, order=[1, 0]) == [1, 0]


def test_big_points_push_their_labels_out() -> None:
    assert labels.spot_offset(0) == (8, 0)
    assert labels.spot_offset(0, 5) == (13, 0)
    assert labels.spot_offset(3, 5) == (-10, -9)
    assert labels.spot_offset(6, 5) == (0, -13)


def test_well_spaced_labels_all_keep_the_preferred_spot() -> None:
    points = [(20 + 200 * i, 30 + 60 * j) for i in range(3) for j in range(5)]
    texts = [f"Actor {k}" for k in range(len(points))]
    assert labels.place_labels(points, texts, width=600, height=300) == [0] * len(points)


def test_label_placement_rejects_mismatched_input() -> None:
    with pytest.raises(ValueError, match="same length"):
        labels.place_labels([(1, 1), (2, 2)], ["one"], width=10, height=10)


def test_many_labels_skip_the_quadratic_search() -> None:
    n = labels.MAX_PLACED_LABELS + 1
    spots = labels.place_labels([(5, 5)] * n, ["x"] * n, width=10, height=10)
    assert spots == [0] * n


def test_network_labels_follow_their_spots() -> None:
    spec = charts.network_chart(sample_graph(), highlight=["irgc"], width=300).to_dict()
    _, _, *label_specs = layer_specs(spec)
    seen = []
    for layer in label_specs:
        mark = layer["mark"]
        spot = next(
            i
            for i, s in enumerate(labels.LABEL_SPOTS)
            if s[:2] == (mark["align"], mark["baseline"])
        )
        bold = mark.get("fontWeight") == "bold"
        extra = labels.HIGHLIGHT_RADIUS - labels.POINT_RADIUS if bold else 0
        assert (mark["dx"], mark["dy"]) == labels.spot_offset(spot, extra)
        seen += [(r["name"], bold) for r in layer["data"]["values"]]
    nodes = layer_specs(spec)[1]["data"]["values"]
    assert sorted(seen) == sorted((r["name"], r["id"] == "irgc") for r in nodes)


def test_names_stay_inside_a_phone_wide_plot() -> None:
    # "Kataib Sayyid al-Shuhada" (24 characters) right of x=440 spans 448-595.8 px: inside a
    # 600 px plot. Squeezed to 340 px the point sits at 249.3 and the name, at 9 px, spans
    # 257.3-378.3: past the edge. On the left it spans 120.4-241.3 there, so it goes left.
    args = ([(440, 100)], ["Kataib Sayyid al-Shuhada"])
    assert labels.place_labels(*args, width=600, height=200) == [0]
    assert labels.place_labels(*args, width=600, height=200, narrow=(340, 2)) == [1]


def test_phone_settings_leave_exports_unchanged() -> None:
    """Phone-only settings are Vega expressions on the container's width; an export has no
    container, so vl-convert must draw the desktop values (three legend columns, 11 px names)."""
    import vl_convert as vlc

    spec = charts.network_chart(sample_graph(), width=400, height=300).to_dict()
    svg = vlc.vegalite_to_svg(spec)
    assert 'font-size="11px"' in svg or "font-size: 11px" in svg
    assert 'font-size="9px"' not in svg and "font-size: 9px" not in svg


def test_network_marks_speak_to_screen_readers() -> None:
    """Points and lines carry a short sentence as their ARIA label; names are not read twice."""
    spec = charts.network_chart(sample_graph()).to_dict()
    edges, nodes, *labels = layer_specs(spec)
    said = {r["id"]: r["summary"] for r in nodes["data"]["values"]}
    assert said["hizballah"] == "Hizballah (armed group, Lebanon): 3 links"
    assert said["amal"] == "Amal (political party, Lebanon): 1 link"
    pair = next(
        r for r in edges["data"]["values"] if {r["source"], r["target"]} == {"hizballah", "irgc"}
    )
    assert pair["summary"] == "Hizballah and IRGC: funding, arms transfer"
    assert nodes["encoding"]["description"]["field"] == "summary"
    assert edges["encoding"]["description"]["field"] == "summary"
    assert labels and all(layer["mark"]["aria"] is False for layer in labels)


def test_role_scale_gives_each_category_its_role_colour() -> None:
    scale = charts.role_scale({"core": "iran_core", "allies": "partner", "rest": "other"})
    assert scale.domain == ["core", "allies", "rest"]
    assert scale.range == [
        charts.ROLE_COLORS["iran_core"],
        charts.ROLE_COLORS["partner"],
        charts.ROLE_COLORS["other"],
    ]
    assert len(set(scale.range)) == 3


def test_role_scale_keeps_only_the_categories_present() -> None:
    scale = charts.role_scale({"a": "high", "b": "medium", "c": "low"}, present=["c", "a", "z"])
    assert scale.domain == ["a", "c"]
    assert scale.range == [charts.ROLE_COLORS["high"], charts.ROLE_COLORS["low"]]


def test_role_scale_names_an_unknown_role() -> None:
    with pytest.raises(KeyError, match="iran_cor"):
        charts.role_scale({"core": "iran_cor"})


def test_roles_use_the_okabe_ito_palette_or_the_neutral_grey() -> None:
    allowed = {*charts.OKABE_ITO.values(), charts.NEUTRAL}
    assert set(charts.ROLE_COLORS.values()) <= allowed
    assert set(charts.VERDICT_COLORS) <= allowed
    # the core and its partners never share a colour
    assert charts.ROLE_COLORS["iran_core"] != charts.ROLE_COLORS["partner"]
    assert charts.ROLE_COLORS["partner"] != charts.ROLE_COLORS["opponent"]


def test_the_network_colours_the_core_by_its_role() -> None:
    G = nx.Graph()
    G.add_node("iran", name="Iran", kind="state", iran_core=True)
    G.add_node("hezb", name="Hizballah", kind="armed_group", iran_core=False)
    G.add_edge("iran", "hezb", type="funding")
    spec = charts.network_chart(G, color_by="iran_core").to_dict()
    scales = [
        layer["encoding"]["color"]["scale"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {}) and "scale" in layer["encoding"]["color"]
    ]
    assert {
        "domain": ["Iranian core", "partner or other"],
        "range": [charts.ROLE_COLORS["iran_core"], charts.ROLE_COLORS["partner"]],
    } in scales
