"""The network exports (GraphML, GEXF, CSV), the ``export`` command, the data zip and the data
version shared by the package, the citation files and the changelog.

Round trips read every file back with the readers a user would use (networkx's
``read_graphml`` and ``read_gexf``; pandas and ``from_pandas_edgelist`` for the CSV files) and
compare nodes, edges and attributes with the graphs the package builds. Separate tests check
those graphs against the data tables themselves, so that a fault shared by the builder and the
writer does not go unseen.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
import yaml
from tiny_dataset import tiny

from axisnet import ARTICLE_DATE, graphs, load
from axisnet.__main__ import main
from axisnet.data import TIE_SEMANTICS
from axisnet.export import (
    GRAPH_NAMES,
    ExportError,
    book_until,
    book_zip,
    export,
    export_graphs,
    write_graph,
    write_zip,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
AT = "2020-01-02"  # the day after the strike on Soleimani: persons, organs and hostile ties


@pytest.fixture(scope="module")
def data() -> Any:
    return load()


@pytest.fixture(scope="module")
def real_graphs(data: Any) -> dict[str, nx.Graph]:
    return export_graphs(data, AT)


@pytest.fixture(scope="module")
def tiny_graphs() -> dict[str, nx.Graph]:
    # 2021-06-30: mediation, defiance, a front name, the coalition and its members all active
    return export_graphs(tiny(), "2021-06-30")


def raw_rows(name: str) -> dict[str, dict[str, str]]:
    """A table of the package as written, by id (no loader involved)."""
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


# --------------------------------------------------------------------------- reading back


def canonical(G: nx.Graph) -> tuple[dict[str, dict], dict[str, tuple]]:
    """Nodes with attributes, and edges by their ``id`` attribute with ends and attributes.

    Ends of an undirected edge are sorted; values are compared as Python scalars (a CSV read
    by pandas holds numpy ones).
    """

    def plain(attrs: dict) -> dict:
        return {k: (v.item() if hasattr(v, "item") else v) for k, v in attrs.items()}

    nodes = {str(n): plain(a) for n, a in G.nodes(data=True)}
    edges: dict[str, tuple] = {}
    for u, v, a in G.edges(data=True):
        ends = (str(u), str(v)) if G.is_directed() else tuple(sorted((str(u), str(v))))
        assert a["id"] not in edges, f"edge id {a['id']} twice"
        edges[a["id"]] = (ends, plain(a))
    return nodes, edges


def read_csv_graph(folder: Path, name: str, like: nx.Graph) -> nx.Graph:
    """Rebuild a graph from its two CSV files with pandas, as the README shows."""
    nodes = pd.read_csv(folder / f"{name}-nodes.csv", dtype=None, keep_default_na=False)
    edges = pd.read_csv(folder / f"{name}-edges.csv", dtype=None, keep_default_na=False)
    # a column the writer filled with numbers only is read as numbers: text stays text
    nodes = nodes.astype({c: str for c in nodes if nodes[c].dtype == object})
    if like.is_multigraph():
        G = nx.from_pandas_edgelist(
            edges, edge_attr=True, create_using=nx.MultiDiGraph, edge_key="id"
        )
        for *_, key, attrs in G.edges(keys=True, data=True):
            attrs["id"] = key
    else:
        G = nx.from_pandas_edgelist(edges, edge_attr=True, create_using=type(like))
    for row in nodes.to_dict("records"):
        node = row.pop("id")
        G.add_node(node, **row)
    return G


def assert_round_trip(G: nx.Graph, folder: Path, name: str) -> None:
    write_graph(G, folder, name)
    expected = canonical(G)
    readers = {
        "graphml": nx.read_graphml(folder / f"{name}.graphml"),
        "gexf": nx.read_gexf(folder / f"{name}.gexf"),
        "csv": read_csv_graph(folder, name, G),
    }
    for fmt, H in readers.items():
        assert H.is_directed() == G.is_directed(), fmt
        nodes, edges = canonical(H)
        assert nodes == expected[0], f"{name}.{fmt}: nodes or node attributes differ"
        assert edges == expected[1], f"{name}.{fmt}: edges or edge attributes differ"
    graph_attrs = {k: v for k, v in readers["graphml"].graph.items() if not k.endswith("default")}
    assert graph_attrs == G.graph


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_round_trip_real_data(real_graphs: dict, name: str, tmp_path: Path) -> None:
    assert real_graphs[name].number_of_edges() > 10
    assert_round_trip(real_graphs[name], tmp_path, name)


@pytest.mark.parametrize("name", GRAPH_NAMES)
def test_round_trip_tiny_data(tiny_graphs: dict, name: str, tmp_path: Path) -> None:
    assert tiny_graphs[name].number_of_edges() > 0
    assert_round_trip(tiny_graphs[name], tmp_path, name)


def test_round_trip_of_the_article_record(data: Any, tmp_path: Path) -> None:
    graphs_ = export_graphs(data.until(ARTICLE_DATE), "2022-06-30", until=ARTICLE_DATE)
    assert graphs_["ties"].graph["until"] == "2022-07-31"
    assert_round_trip(graphs_["ties"], tmp_path, "ties")


# --------------------------------------------------------------------------- graph contents


def test_attribute_values_are_portable(real_graphs: dict, tiny_graphs: dict) -> None:
    for G in [*real_graphs.values(), *tiny_graphs.values()]:
        values = [*G.graph.values()]
        values += [v for _, a in G.nodes(data=True) for v in a.values()]
        values += [v for *_, a in G.edges(data=True) for v in a.values()]
        assert values
        assert {type(v) for v in values} <= {str, bool, int, float}


def test_ties_graph_has_every_active_tie_with_its_table_values(
    data: Any, real_graphs: dict
) -> None:
    G = real_graphs["ties"]
    built = graphs.snapshot(data, AT, multi=True)
    assert set(G.nodes) == set(built.nodes)
    assert {k for *_, k in G.edges(keys=True)} == {k for *_, k in built.edges(keys=True)}
    ties = raw_rows("ties")
    for u, v, key, attrs in G.edges(keys=True, data=True):
        row = ties[key]
        assert (u, v) == (row["from_actor"], row["to_actor"])
        assert attrs["tie_type"] == row["type"]
        assert attrs["layer"] == TIE_SEMANTICS[row["type"]].layer
        assert attrs["sign"] == TIE_SEMANTICS[row["type"]].sign
        assert attrs["directed"] is (row["directed"] == "true")
        assert attrs["start_date"].startswith(row["start"])
        assert attrs["end_date"][: len(row["end"])] == row["end"]
        assert attrs["sources"] == row["sources"]
        assert attrs["coded_for"] == row["coded_for"]
        assert attrs["confidence"] == row["confidence"]
    assert sum(1 for *_, a in G.edges(data=True) if a["sign"] == "hostile") > 0


def test_nodes_carry_the_actor_row(real_graphs: dict) -> None:
    actors = raw_rows("actors")
    for G in real_graphs.values():
        for node, attrs in G.nodes(data=True):
            row = actors[node]
            assert attrs["label"] == attrs["name"] == row["name"]
            assert attrs["aliases"] == row["aliases"]
            for column in ("kind", "country", "affiliation", "coded_for"):
                assert attrs[column] == row[column], (node, column)
            assert attrs["iran_core"] is (row["iran_core"] == "true")
            assert attrs["axis_member"] is (row["axis_member"] == "true")


def test_collapsed_graphs_match_the_package_graphs(data: Any, real_graphs: dict) -> None:
    for name, built in (
        ("network", graphs.snapshot(data, AT)),
        ("cooperative", graphs.cooperative_network(data, AT)),
    ):
        G = real_graphs[name]
        assert set(G.nodes) == set(built.nodes)
        for u, v, attrs in built.edges(data=True):
            exported = G.edges[u, v]
            assert exported["weight"] == pytest.approx(attrs["weight"])
            assert exported["ids"].split(";") == list(attrs["ids"])
            assert exported["types"].split(";") == list(attrs["types"])
            layers = {TIE_SEMANTICS[t].layer for t in attrs["types"]}
            assert set(exported["layers"].split(";")) == layers
        assert G.number_of_edges() == built.number_of_edges()
    assert real_graphs["cooperative"].nodes["iran"]["folded"].count(";") > 2


def test_layers_filter(data: Any) -> None:
    only = export_graphs(data, AT, layers=["hostile", "material"])
    layers = {a["layer"] for *_, a in only["ties"].edges(data=True)}
    assert layers == {"hostile", "material"}
    cooperative_layers = {
        layer for *_, a in only["cooperative"].edges(data=True) for layer in a["layers"].split(";")
    }
    assert cooperative_layers == {"material"}
    assert only["cooperative"].graph["layers"] == "material"
    hostile = export_graphs(data, AT, layers="hostile")
    assert hostile["cooperative"].number_of_edges() == 0


def test_book_snapshots_are_dates_the_chapters_use() -> None:
    code = ""
    for path in sorted((REPO / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code += "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for name, at in graphs.BOOK_SNAPSHOTS.items():
        written = at.date().isoformat()
        assert written in code or (at == ARTICLE_DATE and "ARTICLE_DATE" in code), name
    assert list(graphs.BOOK_SNAPSHOTS.values()) == sorted(graphs.BOOK_SNAPSHOTS.values())


def test_book_until_follows_the_chapters() -> None:
    assert book_until("2019-12-31") == ARTICLE_DATE
    assert book_until(ARTICLE_DATE) == ARTICLE_DATE
    assert book_until("2022-08-01") is None


# --------------------------------------------------------------------------- the command


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_export_at_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", "--at", AT, "--out", str(tmp_path)], capsys)
    assert (code, err) == (0, "")
    folder = tmp_path / AT
    names = sorted(p.name for p in folder.iterdir())
    expected = sorted(
        f"{g}{s}" for g in GRAPH_NAMES for s in (".graphml", ".gexf", "-nodes.csv", "-edges.csv")
    )
    assert names == expected
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f"| `{AT}/` | {AT} | all data" in readme
    for name in GRAPH_NAMES:
        assert f"`{name}`" in readme
    G = nx.read_graphml(folder / "ties.graphml")
    assert G.graph["at"] == AT and G.graph["until"] == ""
    assert G.number_of_edges() == graphs.snapshot(load(), AT, multi=True).number_of_edges()


def test_export_is_byte_identical_when_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for out in ("a", "b"):
        assert run(["export", "--at", AT, "--out", str(tmp_path / out)], capsys)[0] == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_export_snapshots_use_the_chapters_data(
    data: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["export", "--snapshots", "--layers", "command", "--out", str(tmp_path)], capsys
    )
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted(graphs.BOOK_SNAPSHOTS)
    before = nx.read_graphml(tmp_path / "2019-end" / "network.graphml")
    assert before.graph["until"] == ARTICLE_DATE.date().isoformat()
    chapter = graphs.snapshot(data.until(ARTICLE_DATE), "2019-12-31", types=["command"])
    assert set(before.edges) | {(v, u) for u, v in before.edges} >= set(chapter.edges)
    assert before.number_of_edges() == chapter.number_of_edges()
    late = nx.read_graphml(tmp_path / "2025-end" / "ties.graphml")
    assert late.graph["until"] == ""
    assert {a["tie_type"] for *_, a in late.edges(data=True)} == {"command"}


def test_export_until(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["export", "--at", "2019-12-31", "--until", "2022-07-31", "--out", str(tmp_path)]
    assert run(argv, capsys)[0] == 0
    G = nx.read_graphml(tmp_path / "2019-12-31" / "ties.graphml")
    assert G.graph["until"] == "2022-07-31"
    assert all(a["coded_for"] != "epilogue" for *_, a in G.edges(data=True))


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--at", "2020-13-01"], "2020-13-01"),
        (["--at", "soon"], "soon"),
        (["--at", AT, "--until", "2021-02-30"], "2021-02-30"),
        (["--at", AT, "--until", "2019-12-31"], "before"),
        (["--at", AT, "--layers", "material,financial"], "financial"),
        (["--snapshots", "--layers", ","], "layer"),
    ],
)
def test_export_bad_input(
    argv: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["export", *argv, "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and out == ""
    assert err.startswith("axisnet export: ") and err.count("\n") == 1, err
    assert needle in err
    assert not (tmp_path / "out").exists()


def test_export_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(["export", "--at", AT, "--out", str(blocker / "out")], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"axisnet export: cannot write to {blocker / 'out'}: ")
    assert err.count("\n") == 1


def test_export_needs_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["export", "--out", str(tmp_path)], capsys)
    assert code == 2 and "--at" in err and "--snapshots" in err
    code, _, err = run(["export", "--at", AT, "--snapshots"], capsys)
    assert code == 2 and "not allowed" in err


def test_export_invalid_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pkg").mkdir()
    argv = ["export", "--at", AT, "--data", str(tmp_path / "pkg"), "--out", str(tmp_path / "o")]
    code, out, err = run(argv, capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "validate" in err


# --------------------------------------------------------------------------- the zip


def export_2019(data: Any, out: Path) -> Path:
    export(data, {"2019-end": (pd.Timestamp("2019-12-31"), ARTICLE_DATE)}, out)
    return out


@pytest.fixture(scope="module")
def book_exports(data: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_2019(data, tmp_path_factory.mktemp("exports"))


def test_zip_is_deterministic_and_complete(data: Any, book_exports: Path, tmp_path: Path) -> None:
    first = write_zip(tmp_path / "a.zip", book_exports)
    # exports written again from scratch, into another folder, give the same zip
    second = write_zip(tmp_path / "b.zip", export_2019(data, tmp_path / "again"))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        top = {n.split("/")[0] for n in names}
        version = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["version"]
        assert top == {f"axis-network-data-{version}"}
        inside = {n.split("/", 1)[1] for n in names}
        descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            member = f"data/{resource['path']}"
            assert member in inside
            assert (
                archive.read(f"{next(iter(top))}/{member}")
                == (DATA / resource["path"]).read_bytes()
            )
        assert {"README.md", "LICENSE-CONTENT.md", "data/CHANGELOG.md", "data/README.md"} <= inside
        assert "exports/README.md" in inside and "exports/2019-end/ties.gexf" in inside
        # data and networks only: no code, so not the code's licence either
        assert not [n for n in inside if n.endswith(".py")] and "LICENSE" not in inside


def test_zip_readme_says_how_to_cite_the_data_version(book_exports: Path, tmp_path: Path) -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    version = descriptor["version"]
    with zipfile.ZipFile(write_zip(tmp_path / "a.zip", book_exports)) as archive:
        readme = archive.read(f"axis-network-data-{version}/README.md").decode("utf-8")
    assert descriptor["title"] in readme
    assert f"version {version}" in readme and "`exports/2019-end/`" in readme
    bibtex = re.search(r"```bibtex\n(.*?)```", readme, flags=re.S)
    assert bibtex and re.search(rf"^\s*version = \{{{re.escape(version)}\}},$", bibtex[1], re.M)
    assert "LICENSE-CONTENT.md" in readme


def copy_package(tmp_path: Path) -> Path:
    """A copy of the repository's data package and licence files, to break."""
    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "data")
    for name in ("LICENSE-CONTENT.md", "CITATION.cff"):
        shutil.copyfile(REPO / name, root / name)
    return root


def test_zip_without_a_data_folder_names_the_path(book_exports: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "data"
    with pytest.raises(ExportError, match=re.escape(str(missing))):
        write_zip(tmp_path / "a.zip", book_exports, data=missing)
    assert not (tmp_path / "a.zip").exists()


def test_zip_without_a_table_names_the_file(book_exports: Path, tmp_path: Path) -> None:
    root = copy_package(tmp_path)
    (root / "data" / "ties.csv").unlink()
    (root / "LICENSE-CONTENT.md").unlink()
    with pytest.raises(ExportError) as caught:
        write_zip(tmp_path / "a.zip", book_exports, root=root)
    assert str(root / "data" / "ties.csv") in str(caught.value)
    assert str(root / "LICENSE-CONTENT.md") in str(caught.value)
    assert not (tmp_path / "a.zip").exists()


def test_zip_without_exports_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=re.escape(str(tmp_path / "exports"))):
        write_zip(tmp_path / "a.zip", tmp_path / "exports")


def test_book_zip_is_made_again_only_when_an_input_changes(tmp_path: Path) -> None:
    root = copy_package(tmp_path)
    cache = tmp_path / "cache"
    first = book_zip(cache, root=root)
    made = first.stat().st_mtime_ns
    assert book_zip(cache, root=root) == first and first.stat().st_mtime_ns == made
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
    assert {n.split("/")[2] for n in names if "/exports/" in n and n.count("/") == 3} == set(
        graphs.BOOK_SNAPSHOTS
    )
    with (root / "data" / "CHANGELOG.md").open("a", encoding="utf-8") as handle:
        handle.write("\nOne more line.\n")
    second = book_zip(cache, root=root)
    assert second != first and second.name == first.name
    assert not first.exists()  # the zip of the old inputs is gone
    with zipfile.ZipFile(second) as archive:
        changelog = archive.read(f"{first.stem}/data/CHANGELOG.md").decode("utf-8")
    assert changelog.endswith("One more line.\n")


# --------------------------------------------------------------------------- the data version

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.-]+)?$")


def package_version() -> str:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_versions_agree() -> None:
    version = package_version()
    assert SEMVER.match(version)
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == version


def test_zenodo_metadata_agrees_with_citation_file() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == str(cff["version"])
    assert zenodo["license"] == cff["license"]
    assert zenodo["keywords"] == cff["keywords"]
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert [c["name"] for c in zenodo["creators"]] == [
        a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"]
    ]


def test_changelog_has_an_entry_for_the_current_version() -> None:
    text = (DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    entries = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?", text, flags=re.M)
    versions = [v for v, _ in entries if v != "Unreleased"]
    assert versions and versions[0] == package_version()
    assert all(SEMVER.match(v) for v in versions)
    assert all(date for v, date in entries if v != "Unreleased")


def test_citations_name_the_data_version() -> None:
    from axisnet.citation import (
        book_bibtex,
        book_citation,
        book_info,
        figure_bibtex,
        figure_citation,
    )
    from axisnet.publish import INDEX_COLUMNS

    book = book_info(REPO)
    assert book.data_version == package_version()
    assert f"data version {package_version()}" in book_citation(book)
    assert f"data version {package_version()}" in figure_citation(book, "1.1", "T", "fig-t")
    assert f"Data version {package_version()}." in book_bibtex(book)
    assert f"Data version {package_version()}." in figure_bibtex(book, "1.1", "T", "fig-t")
    assert "data_version" in INDEX_COLUMNS


def test_data_citation_names_the_package_and_its_version() -> None:
    from axisnet.citation import book_info, data_bibtex, data_citation

    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    book = book_info(REPO)
    text = data_citation(book)
    assert descriptor["title"] in text and f"version {descriptor['version']}" in text
    assert "CC BY 4.0" in text and descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    bibtex = data_bibtex(book)
    assert bibtex.startswith("@misc{") and f"version = {{{descriptor['version']}}}," in bibtex
    # the key differs from one data version to the next
    bumped = data_bibtex(dataclasses.replace(book, data_version="9.9.9")).splitlines()[0]
    assert bumped != bibtex.splitlines()[0] and "9.9.9" in bumped
