"""Figure registry, export, numbering and the committed figures/ being in sync with the code."""

from __future__ import annotations

import csv
import json
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from axisnet import charts
from axisnet import figures as F
from axisnet import publish as P

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "ezzeddine-azizi-2022"


@pytest.fixture(autouse=True)
def _fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(F.ENV_VAR, raising=False)
    F.clear()


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"group": ["a", "b", "c"], "ties": [3, 1, 2], "share": [0.5, 0.2, 0.3]})


def _chart(description: str | None = None) -> alt.Chart:
    """A chart with a clip path and a gradient legend: both get counter-based SVG ids."""
    kwargs = {"description": description} if description else {}
    return (
        alt.Chart(_frame(), **kwargs)
        .mark_point(clip=True)
        .encode(
            x=alt.X("ties:Q", scale=alt.Scale(domain=[0, 2])),
            y="group:N",
            color="share:Q",
        )
        .properties(width=144, height=72)
    )


def _register(id: str = "fig-test-points", **overrides: object) -> F.Figure:
    args: dict[str, object] = {
        "data": _frame(),
        "title": "Points",
        "caption": "Three groups and their ties.",
        "alt": "Dot chart of ties per group.",
        "sources": [ARTICLE],
        "chapter": "hierarchy",
    }
    args.update(overrides)
    chart = args.pop("chart", _chart())
    return F.register(id, chart, **args)  # type: ignore[arg-type]


# ---------------------------------------------------------------- register: bad input


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id": "hierarchy-decapitation"}, r"id 'hierarchy-decapitation' does not match"),
        ({"id": "fig-Upper"}, r"id 'fig-Upper' does not match"),
        ({"id": "fig-"}, r"id 'fig-' does not match"),
        ({"id": "fig-a_b"}, r"id 'fig-a_b' does not match"),
        ({"title": ""}, r"title must be a non-empty string"),
        ({"alt": " "}, r"alt must be a non-empty string if given"),
        ({"sources": []}, r"sources must name at least one source"),
        ({"sources": ARTICLE}, r"sources must be a list of source IDs, not a string"),
        ({"sources": ["no-such-source"]}, r"unknown source IDs .*: no-such-source"),
        ({"sources": [ARTICLE, ARTICLE]}, r"sources lists an ID more than once"),
        ({"chapter": "The Hierarchy"}, r"chapter 'The Hierarchy' is not a lower-case slug"),
        ({"chart": {"mark": "bar"}}, r"chart must be an Altair chart, not dict"),
        ({"data": [1, 2]}, r"data must be a pandas DataFrame, not list"),
    ],
)
def test_register_rejects_bad_input(overrides: dict[str, object], message: str) -> None:
    id = overrides.pop("id", "fig-test-points")
    with pytest.raises(F.FigureError, match=message):
        _register(id, **overrides)  # type: ignore[arg-type]
    assert F.registered() == []


def test_register_lists_every_problem_at_once() -> None:
    with pytest.raises(F.FigureError) as info:
        _register("bad id", title="", alt="", sources=["nope"])
    assert len(info.value.problems) == 4
    assert str(info.value).startswith("cannot register figure 'bad id':\n  - ")


def test_same_id_replaces_in_one_chapter_and_fails_across_chapters() -> None:
    _register(title="First")
    _register(title="Second")  # a re-run cell
    assert [f.title for f in F.registered()] == ["Second"]
    with pytest.raises(F.FigureError, match="already registered by chapter 'hierarchy'"):
        _register(chapter="action")


def test_description_is_set_from_alt_only_when_missing() -> None:
    fig = _register()
    assert fig.chart.description == "Dot chart of ties per group."
    assert fig.spec()["description"] == "Dot chart of ties per group."
    kept = _register("fig-test-kept", chart=_chart("Own description."))
    assert kept.spec()["description"] == "Own description."
    assert fig.label == "cite-fig-test-points"


def _shown_html(chart: object) -> str:
    """The HTML Jupyter shows for a chart, with the random element id made constant."""
    from IPython.core.formatters import format_display_data

    bundle, _ = format_display_data(chart)
    return re.sub(r"altair-viz-[0-9a-f]{32}", "altair-viz-X", bundle["text/html"])


def test_registered_chart_shows_its_spec_without_serialising_again(monkeypatch) -> None:
    chart = _chart("Own description.")
    expected = _shown_html(chart)
    fig = _register(chart=chart)
    assert isinstance(fig.chart, alt.Chart) and repr(fig.chart) == "alt.Chart(...)"

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the registered chart was serialised again")

    monkeypatch.setattr(alt.Chart, "to_dict", fail)
    assert _shown_html(fig.chart) == expected
    assert fig.spec() == json.loads(fig.spec_json())
    monkeypatch.undo()
    # a chart derived from the registered one, or changed in place, is serialised afresh
    assert "Retitled" in _shown_html(fig.chart.properties(title="Retitled"))
    fig.chart.title = "Changed in place"
    assert "Changed in place" in _shown_html(fig.chart)


def test_registered_chart_follows_a_change_of_theme() -> None:
    fig = _register(chart=_chart("Own description."))
    assert charts.FONT_FAMILY in _shown_html(fig.chart)  # the book's font, from its theme
    with alt.theme.enable("default"):
        assert _shown_html(fig.chart) == _shown_html(_chart("Own description."))
        assert charts.FONT_FAMILY not in _shown_html(fig.chart)


def test_figure_spec_is_a_fresh_copy() -> None:
    fig = _register()
    fig.spec()["description"] = "changed"
    assert fig.spec()["description"] == "Dot chart of ties per group."


def test_register_writes_spec_data_and_metadata(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path))
    fig = _register(data=pd.DataFrame({"actor": ["kh", "aah"], "ties": [2, 1]}))
    assert (tmp_path / "fig-test-points.csv").read_bytes() == b"actor,ties\nkh,2\naah,1\n"
    text = (tmp_path / "fig-test-points.vl.json").read_text(encoding="utf-8")
    spec = json.loads(text)
    assert spec == fig.chart.to_dict()
    keys = re.findall(r'^  "([^"]+)":', text, flags=re.M)  # top-level keys, in file order
    assert keys == sorted(keys) and "description" in keys
    assert text.endswith("}\n") and '\n  "' in text  # two-space indent, final newline
    meta = json.loads((tmp_path / "fig-test-points.meta.json").read_text(encoding="utf-8"))
    assert meta["sources"] == [ARTICLE] and meta["chapter"] == "hierarchy"
    assert (tmp_path / "registrations.log").read_text() == "fig-test-points\n"


def test_list_columns_are_written_semicolon_separated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path))
    frame = pd.DataFrame({"event": ["e1", "e2"], "actors": [("iran", "hizballah"), ()]})
    _register(data=frame)
    assert (
        tmp_path / "fig-test-points.csv"
    ).read_text() == "event,actors\ne1,iran;hizballah\ne2,\n"


def test_collect_rejects_an_id_registered_twice(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path))
    _register()
    _register()
    with pytest.raises(F.FigureError, match="fig-test-points is registered more than once"):
        P.collect(tmp_path, document="chapters/04-hierarchy")


# ---------------------------------------------------------------- canonical forms


def test_normalise_svg_renumbers_ids_and_references() -> None:
    svg = (
        '<svg><defs><clipPath id="clip7"><rect/></clipPath><clipPath id="clip12"><rect/>'
        '</clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip12)"/>'
        '<g clip-path="url(#clip7)"/><path fill="url(#gradient_3)"/><use href="#clip7"/></svg>'
    )
    expected = (
        '<svg><defs><clipPath id="clip0"><rect/></clipPath><clipPath id="clip1"><rect/>'
        '</clipPath><linearGradient id="gradient_0"/></defs><g clip-path="url(#clip1)"/>'
        '<g clip-path="url(#clip0)"/><path fill="url(#gradient_0)"/><use href="#clip0"/></svg>\n'
    )
    assert P.normalise_svg(svg) == expected
    assert P.normalise_svg(expected) == expected


def test_canonical_json_is_sorted_indented_and_newline_terminated() -> None:
    assert (
        F.canonical_json({"b": 1, "a": [1, "é"]})
        == '{\n  "a": [\n    1,\n    "é"\n  ],\n  "b": 1\n}\n'
    )


# ---------------------------------------------------------------- export of one figure


def _png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, i = {}, 8
    while i < len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        chunks.setdefault(data[i + 4 : i + 8], data[i + 8 : i + 8 + length])
        i += 12 + length
    return chunks


def _exported(tmp_path: Path, monkeypatch) -> P.ExportedFigure:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path / "reg"))
    _register()
    (fig,) = P.collect(tmp_path / "reg")
    return fig


def test_render_writes_every_format(tmp_path: Path, monkeypatch) -> None:
    fig = _exported(tmp_path, monkeypatch)
    paths = P.render(fig, tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(
        f"fig-test-points.{ext}" for ext in ("svg", "png", "pdf", "csv", "vl.json")
    )
    assert all(p.stat().st_size > 0 for p in paths)

    svg = ET.parse(tmp_path / "out/fig-test-points.svg").getroot()  # well-formed XML
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    width_pt = float(svg.attrib["width"])
    assert width_pt > 144  # the plot area plus axes and legend

    chunks = _png_chunks((tmp_path / "out/fig-test-points.png").read_bytes())
    px_w, _ = struct.unpack(">II", chunks[b"IHDR"][:8])
    ppu_x, ppu_y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1  # pixels per metre
    assert ppu_x == ppu_y == round(300 / 0.0254)  # 300 dpi recorded in the file
    # printed at the chart's own size (width_pt / 72 inches) the PNG has >= 300 pixels an inch
    assert px_w / (width_pt / 72) >= 299

    pdf = (tmp_path / "out/fig-test-points.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/FontFile[23]?\s", pdf), "the PDF embeds no font program"
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box and abs(float(box.group(1)) - width_pt) < 1  # page size = chart size in points

    assert (tmp_path / "out/fig-test-points.csv").read_text() == (
        "group,ties,share\na,3,0.5\nb,1,0.2\nc,2,0.3\n"
    )


def test_render_is_deterministic(tmp_path: Path, monkeypatch) -> None:
    fig = _exported(tmp_path, monkeypatch)
    P.render(fig, tmp_path / "one")
    P.render(fig, tmp_path / "two")  # in one process: Vega's id counters have moved on
    for ext in ("svg", "csv", "vl.json", "png"):
        one = (tmp_path / f"one/fig-test-points.{ext}").read_bytes()
        assert one == (tmp_path / f"two/fig-test-points.{ext}").read_bytes(), ext
    assert b'id="clip0"' in (tmp_path / "one/fig-test-points.svg").read_bytes()


def test_container_width_is_exported_at_a_fixed_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path / "reg"))
    _register(chart=_chart().properties(width="container"))
    (fig,) = P.collect(tmp_path / "reg")
    P.render(fig, tmp_path / "out")
    assert json.loads(fig.spec_json)["width"] == "container"  # the published spec is untouched
    root = ET.parse(tmp_path / "out/fig-test-points.svg").getroot()
    assert float(root.attrib["width"]) > P.EXPORT_WIDTH


# ---------------------------------------------------------------- the real book


@pytest.mark.slow
def test_committed_figures_are_in_sync(tmp_path: Path, chapter_registrations) -> None:
    """Regenerate every committed figure file from the chapters: the same bytes, PNG included.

    The figures the chapters registered while nbval ran them are reused when every chapter
    passed; otherwise the chapters are executed here.
    """
    P.export_all(
        tmp_path / "figures",
        root=ROOT,
        registrations=chapter_registrations,
        formats=P.COMMITTED_FORMATS,
    )
    tracked = subprocess.run(
        ["git", "ls-files", "figures"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    committed = sorted(Path(p).name for p in tracked if Path(p).name != "index.csv") or sorted(
        p.name for p in (ROOT / "figures").iterdir() if p.suffix != ".pdf"
    )
    fresh = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert committed == fresh, "run `make figures`"
    for name in fresh:
        new = (tmp_path / "figures" / name).read_bytes()
        assert (ROOT / "figures" / name).read_bytes() == new, f"{name}: run `make figures`"


def test_exported_figures_name_only_the_shipped_font() -> None:
    """Every text of every committed figure is set in the shipped font and every character
    is one the font has, so no exported figure depends on the fonts a machine has."""
    from fontTools.ttLib import TTFont

    fonts = sorted(charts.FONTS_DIR.glob("*.ttf"))
    assert fonts, f"no font files in {charts.FONTS_DIR}"
    covered = set.intersection(*(set(TTFont(f).getBestCmap()) for f in fonts))
    problems = []
    svgs = sorted((ROOT / "figures").glob("fig-*.svg"))
    assert svgs, "no committed SVG figures"
    for svg in svgs:
        for text in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text"):
            family = text.attrib.get("font-family", "")
            if family != charts.FONT:
                problems.append(f"{svg.name}: text {text.text!r} in font {family!r}")
            missing = {c for c in (text.text or "") if ord(c) not in covered}
            if missing:
                problems.append(f"{svg.name}: {sorted(missing)} not in the shipped font")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.build
def test_index_page_lists_every_figure_with_the_number_of_its_chapter_caption(book_build) -> None:
    """The built figure index gives each figure the number Sphinx printed under it in its
    chapter, and figures/index.csv, written by the build, says the same."""
    if not book_build.html.is_dir():
        pytest.fail(f"the book build produced no HTML:\n{book_build.log[-3000:]}")
    printed: dict[str, str] = {}
    for page in (book_build.html / "chapters").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<figure\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</figure>', text, re.S):
            num = re.search(r'<span class="caption-number">[^<\d]*([\d.]+)\s*</span>', m.group(2))
            if num:
                printed[m.group(1)] = num.group(1)
    registry = json.loads((ROOT / "figures/registry.json").read_text(encoding="utf-8"))
    assert registry, "figures/registry.json lists no figure"
    index = (book_build.html / "chapters/appendix-figures.html").read_text(encoding="utf-8")
    with (ROOT / "figures/index.csv").open(encoding="utf-8", newline="") as fh:
        rows = {row["id"]: row for row in csv.DictReader(fh)}
    for entry in registry:
        id = entry["id"]
        assert id in printed, f"{id}: no numbered figure in the chapters"
        heading = re.search(rf'<section id="cite-{id}">\s*<h3>(.*?)</h3>', index, re.S)
        assert heading, f"{id}: no entry on the index page"
        assert re.sub(r"<[^>]+>", "", heading.group(1)).startswith(f"Figure {printed[id]}: ")
        assert rows[id]["number"] == printed[id], id
        assert rows[id]["caption"] and rows[id]["alt"], id
