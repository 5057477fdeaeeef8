"""The sensitivity table on the hand-made dataset of ``tiny_dataset.py``.

Hub shares on 30 June 2022, worked out from the rows (ties touching Iran / all ties):

- main series: iran - hizballah (2), iran - hamas, iran - aah (the command of the front AWH),
  hizballah - hamas, hizballah - badr, hizballah - aah -> 4/7
- all ties as coded: 14 active ties among members; 6 touch iran, irgc, the Quds Force or
  Soleimani (command, funding, arms, defiance, AWH command, Hamas funding) -> 3/7
- Iran's organs apart: the iran -> irgc command tie is counted too -> 5/8
- hostile ties counted: AAH's defiance adds a core tie -> 5/8
- coalitions kept: Fateh's alliance with Hizballah adds a partner tie -> 4/8
- without the article (and its web version): iran - hamas, iran - aah -> 2/2
- without low confidence: the Hamas alliance and the AWH command go -> 3/5
- high confidence only: the funding of Hizballah and of Hamas -> 2/2
- without first-documented starts: the Hamas alliance goes -> 4/6
- by episode: the two mediation ties weigh 1/2 each -> 4/6
- without funding: 5 ties, 2 with the core -> 2/5; without mediation -> 4/5
"""

from __future__ import annotations

import pytest
from tiny_dataset import tiny

from axisnet import measures
from axisnet.sensitivity import Variant, sensitivity_table, standard_variants

DATES = ["2019-12-31", "2022-06-30"]


def test_standard_variants() -> None:
    found = standard_variants(tiny(), DATES)
    assert found[0].group == "main" and sum(v.group == "main" for v in found) == 1
    assert len({v.name for v in found}) == len(found)
    # Cooperative types in the main network on either date, in codebook order.
    left_out = [v.options["exclude_types"] for v in found if v.group == "tie type left out"]
    assert left_out == [
        "command",
        "funding",
        "arms_transfer",
        "advising",
        "mediation",
        "political_alliance",
    ]
    assert [v for v in standard_variants(tiny()) if v.group == "tie type left out"] == []
    assert {v.group for v in found} == {
        "main",
        "coding",
        "sources",
        "counting",
        "tie type left out",
    }


EXPECTED_2022 = {
    "main series: cooperative organisation network, Iran as one node": 4 / 7,
    "all ties as coded (every type, Iran's organs apart)": 3 / 7,
    "Iran's organs and officials as separate nodes": 5 / 8,
    "hostile ties counted as links": 5 / 8,
    "persons' ties dropped (not folded)": 4 / 7,
    "coalitions kept beside their members": 4 / 8,
    "without ties citing the article": 1.0,
    "without low-confidence ties": 3 / 5,
    "high-confidence ties only": 1.0,
    "without first-documented starts": 4 / 6,
    "counted by episode": 4 / 6,
    "without command": 3 / 6,
    "without funding": 2 / 5,
    "without arms transfer": 3 / 6,
    "without advising": 4 / 7,
    "without mediation": 4 / 5,
    "without political alliance": 4 / 6,
}


def test_sensitivity_table_values() -> None:
    data = tiny()
    table = sensitivity_table(
        data,
        {"hub share": measures.hub_dependence, "top broker": measures.top_broker},
        DATES,
        variants=standard_variants(data, DATES, article_source="s-article"),
    )
    assert list(table.columns) == [
        "date",
        "variant",
        "group",
        "main",
        "measure",
        "value",
        "actors",
        "ties",
    ]
    assert len(table) == 2 * len(EXPECTED_2022) * 2
    late = table[(table["date"] == "2022-06-30") & (table["measure"] == "hub share")]
    values = dict(zip(late["variant"], late["value"], strict=True))
    assert values == pytest.approx(EXPECTED_2022)
    assert late.loc[late["main"], "variant"].tolist() == [next(iter(EXPECTED_2022))]
    main = late[late["main"]].iloc[0]
    assert (main["actors"], main["ties"]) == (5, 7)
    # Hizballah alone links Badr to the rest (3 pairs) and shares Hamas - AAH with Iran (1/2).
    brokers = table[(table["measure"] == "top broker") & table["main"]]
    assert brokers["value"].tolist() == ["Iran", "Hizballah"]


def test_sensitivity_table_defaults_and_custom_variants() -> None:
    data = tiny()
    one = sensitivity_table(data, measures.hub_dependence, "2022-06-30")
    assert set(one["measure"]) == {"hub_dependence"}
    assert one["main"].sum() == 1
    custom = [Variant("mine", "main"), Variant("raw", "coding", raw=True)]
    table = sensitivity_table(data, measures.ei_index, DATES, variants=custom)
    assert table["variant"].tolist() == ["mine", "raw", "mine", "raw"]
    # 2022 main series, linked pairs: 3 with the core, 3 among partners -> 0.
    assert table["value"].iloc[2] == 0.0
    again = sensitivity_table(data, measures.ei_index, DATES, variants=custom)
    assert table.equals(again)
