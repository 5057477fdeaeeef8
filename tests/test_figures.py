"""Figure registry, export, numbering and the committed figures/ being in sync with the code."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest

from axisnet import charts
from axisnet import figures as F

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
        ({"caption": "   "}, r"caption must be a non-empty string"),
        ({"alt": None}, r"alt must be a non-empty string"),
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
        F.collect(tmp_path, document="chapters/04-hierarchy")


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
    assert F.normalise_svg(svg) == expected
    assert F.normalise_svg(expected) == expected


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


def _exported(tmp_path: Path, monkeypatch) -> F.ExportedFigure:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path / "reg"))
    _register()
    (fig,) = F.collect(tmp_path / "reg")
    return fig


def test_render_writes_every_format(tmp_path: Path, monkeypatch) -> None:
    fig = _exported(tmp_path, monkeypatch)
    paths = F.render(fig, tmp_path / "out")
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
    F.render(fig, tmp_path / "one")
    F.render(fig, tmp_path / "two")  # in one process: Vega's id counters have moved on
    for ext in ("svg", "csv", "vl.json", "png"):
        one = (tmp_path / f"one/fig-test-points.{ext}").read_bytes()
        assert one == (tmp_path / f"two/fig-test-points.{ext}").read_bytes(), ext
    assert b'id="clip0"' in (tmp_path / "one/fig-test-points.svg").read_bytes()


def test_container_width_is_exported_at_a_fixed_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(F.ENV_VAR, str(tmp_path / "reg"))
    _register(chart=_chart().properties(width="container"))
    (fig,) = F.collect(tmp_path / "reg")
    F.render(fig, tmp_path / "out")
    assert json.loads(fig.spec_json)["width"] == "container"  # the published spec is untouched
    root = ET.parse(tmp_path / "out/fig-test-points.svg").getroot()
    assert float(root.attrib["width"]) > F.EXPORT_WIDTH


# ---------------------------------------------------------------- numbering and a tiny book

CHART_CELL = """\
import altair as alt
import pandas as pd
from myst_nb import glue
from axisnet import figures

table = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
chart = alt.Chart(table).mark_bar().encode(x="x", y="y").properties(width=120, height=60)
fig = figures.register(
    "fig-a1", chart, data=table, title="Alpha bars", caption="Two bars.",
    alt="Bar chart with two bars.", sources=["ezzeddine-azizi-2022"], chapter="alpha",
)
glue("fig-a1", fig.chart, display=False)
"""

ALPHA_MARKDOWN = [
    # numbered: glue:figure with name and caption
    "```{glue:figure} fig-a1\n:name: fig-a1\n:alt: Bar chart with two bars.\n\nTwo bars.\n```",
    # numbered too: a captioned figure with no name (Sphinx gives it the id "id1")
    "```{figure} ../img.svg\n:alt: x\n\nNo name.\n```",
    # not numbered: no caption; an example inside a code block
    "```{figure} ../img.svg\n:name: fig-nocaption\n:alt: x\n```",
    "````markdown\n```{figure} ../img.svg\n:name: fig-in-code\n\nExample.\n```\n````",
    # numbered: nested in a dropdown
    "::::{dropdown} More\n```{figure} ../img.svg\n:name: fig-a2\n:alt: y\n\nNested.\n```\n::::",
]


def _md_figure(name: str, image: str = "../img.svg") -> str:
    return f"```{{figure}} {image}\n:name: {name}\n:alt: A box.\n\nA box ({name}).\n```\n"


def _make_book(root: Path, *, multitoc: bool = True, alpha_code: bool = True) -> Path:
    """A tiny book: an unnumbered home page, two numbered parts and an unnumbered part."""
    (root / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    (root / "img.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10"/></svg>\n'
    )
    (root / "_config.yml").write_text(
        textwrap.dedent(
            f"""\
            title: Tiny
            only_build_toc_files: true
            execute:
              execute_notebooks: force
            html:
              use_multitoc_numbering: {str(multitoc).lower()}
            sphinx:
              config:
                numfig_secnum_depth: 1
            """
        )
    )
    (root / "_toc.yml").write_text(
        textwrap.dedent(
            """\
            format: jb-book
            root: index
            parts:
              - caption: Part A
                numbered: true
                chapters:
                  - file: chapters/01-alpha
                  - file: chapters/02-beta
                    sections:
                      - file: chapters/02b-sub
              - caption: Part B
                numbered: true
                chapters:
                  - file: chapters/03-gamma
              - caption: Extra
                chapters:
                  - file: chapters/extra
                  - url: https://example.org
                    title: Example
            """
        )
    )
    (root / "index.md").write_text("# Home\n\n" + _md_figure("fig-home", "img.svg"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [nbformat.v4.new_markdown_cell("# Alpha")]
    if alpha_code:
        cells.append(nbformat.v4.new_code_cell(CHART_CELL))
    cells += [nbformat.v4.new_markdown_cell(s) for s in ALPHA_MARKDOWN]
    nb.cells = cells
    nbformat.write(nb, root / "chapters/01-alpha.ipynb")
    for stem, title, name in (
        ("02-beta", "Beta", "fig-b1"),
        ("02b-sub", "Beta, part two", "fig-b2"),
        ("03-gamma", "Gamma", "fig-c1"),
        ("extra", "Extra", "fig-x1"),
    ):
        (root / f"chapters/{stem}.md").write_text(f"# {title}\n\n" + _md_figure(name))
    return root


def test_document_figures_counts_only_numbered_figures(tmp_path: Path) -> None:
    book = _make_book(tmp_path)
    assert F.document_figures(book / "chapters/01-alpha.ipynb") == ["fig-a1", None, "fig-a2"]


def test_toc_documents_in_reading_order(tmp_path: Path) -> None:
    book = _make_book(tmp_path)
    assert F.toc_documents(book) == [
        "index",
        "chapters/01-alpha",
        "chapters/02-beta",
        "chapters/02b-sub",
        "chapters/03-gamma",
        "chapters/extra",
    ]


# Expected by hand from Sphinx's rules: numbered chapters count 1, 2 (Part A), 3 (Part B,
# continued by multitoc numbering); a section file shares its chapter's counter; every
# unnumbered page (home, extra) shares one running counter, in reading order. Alpha's unnamed
# captioned figure takes 1.2.
EXPECTED_NUMBERS = {
    "fig-home": "1",
    "fig-a1": "1.1",
    "fig-a2": "1.3",
    "fig-b1": "2.1",
    "fig-b2": "2.2",
    "fig-c1": "3.1",
    "fig-x1": "2",
}


def test_figure_numbers_follow_toc_and_document_order(tmp_path: Path) -> None:
    assert F.figure_numbers(_make_book(tmp_path)) == EXPECTED_NUMBERS


# Without multitoc numbering Part B restarts at chapter 1; Sphinx keys its figure counter by
# that number, so Gamma's figure continues chapter 1's count (three figures in Alpha).
EXPECTED_WITHOUT_MULTITOC = {**EXPECTED_NUMBERS, "fig-c1": "1.4"}


def test_figure_numbers_restart_per_part_without_multitoc(tmp_path: Path) -> None:
    numbers = F.figure_numbers(_make_book(tmp_path, multitoc=False))
    assert numbers == EXPECTED_WITHOUT_MULTITOC


def test_figure_numbers_reject_a_name_used_twice(tmp_path: Path) -> None:
    book = _make_book(tmp_path)
    (book / "chapters/extra.md").write_text("# Extra\n\n" + _md_figure("fig-b1"))
    with pytest.raises(F.FigureError, match="'fig-b1' is used twice"):
        F.figure_numbers(book)


def _html_numbers(html: Path) -> dict[str, str]:
    """Figure id -> the number printed in its caption, from every page of a built site."""
    found: dict[str, str] = {}
    for page in html.rglob("*.html"):
        if page.relative_to(html).parts[0] in {"_static", "_sources"}:
            continue
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<figure\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</figure>', text, re.S):
            num = re.search(r'<span class="caption-number">[^<\d]*([\d.]+)\s*</span>', m.group(2))
            if num:
                found[m.group(1)] = num.group(1)
    return found


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.parametrize(
    ("multitoc", "expected"), [(True, EXPECTED_NUMBERS), (False, EXPECTED_WITHOUT_MULTITOC)]
)
def test_numbers_match_a_real_build_of_the_tiny_book(
    tmp_path: Path, multitoc: bool, expected: dict[str, str]
) -> None:
    book = _make_book(tmp_path / "book", multitoc=multitoc)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(book), "--all", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert _html_numbers(book / "_build/html") == {**expected, "id1": "1.2"}


# ---------------------------------------------------------------- export_all


@pytest.mark.slow
def test_export_all_on_the_tiny_book(tmp_path: Path) -> None:
    book = _make_book(tmp_path / "book")
    assert F.export_all(root=book) == 1
    out = book / "figures"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["fig-a1.csv", "fig-a1.pdf", "fig-a1.png", "fig-a1.svg", "fig-a1.vl.json",
                     "index.csv"]  # fmt: skip
    assert (out / "fig-a1.csv").read_text() == "x,y\na,1\nb,2\n"
    (row,) = list(csv.DictReader(io.StringIO((out / "index.csv").read_text())))
    assert row["id"] == "fig-a1"
    assert row["number"] == "1.1"
    assert row["title"] == "Alpha bars"
    assert row["caption"] == "Two bars."
    assert row["chapter"] == "alpha"
    assert row["sources"] == ARTICLE
    assert row["licence"] == "CC-BY-4.0"
    assert row["files"] == (
        "figures/fig-a1.svg;figures/fig-a1.png;figures/fig-a1.pdf;figures/fig-a1.csv;"
        "figures/fig-a1.vl.json"
    )
    assert '"Figure 1.1: Alpha bars" (figure ID fig-a1)' in row["suggested_citation"]
    page = (book / "chapters/appendix-figures.md").read_text()
    assert "(cite-fig-a1)=\n### Figure 1.1: Alpha bars\n" in page
    assert "```{image} ../figures/fig-a1.svg\n:alt: Bar chart with two bars.\n" in page
    for fmt in ("svg", "png", "pdf", "csv"):
        assert f"<../figures/fig-a1.{fmt}>`" in page
    assert "@incollection{axisbook2026-fig-a1," in page
    assert "@book{axisbook2026," in page

    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "fig-gone.svg").write_text("<svg/>")  # a figure that no longer exists
    F.export_all(root=book)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "fig-gone.svg" not in after
    for name in ("fig-a1.svg", "fig-a1.csv", "fig-a1.vl.json", "fig-a1.png", "index.csv"):
        assert after[name] == before[name], name


@pytest.mark.slow
def test_export_all_rejects_a_figure_without_a_numbered_directive(tmp_path: Path) -> None:
    book = _make_book(tmp_path / "book")
    nb = nbformat.read(book / "chapters/01-alpha.ipynb", as_version=4)
    nb.cells = nb.cells[:2]  # keep the registering cell, drop the glue:figure
    nbformat.write(nb, book / "chapters/01-alpha.ipynb")
    with pytest.raises(F.FigureError, match="no numbered figure directive with :name: fig-a1"):
        F.export_all(root=book)


# ---------------------------------------------------------------- the real book


@pytest.mark.slow
def test_committed_figures_are_in_sync(tmp_path: Path, chapter_registrations) -> None:
    """Regenerate every committed figure file from the chapters: the same bytes, PNG included.

    The figures the chapters registered while nbval ran them are reused when every chapter
    passed; otherwise the chapters are executed here.
    """
    F.export_all(
        tmp_path / "figures",
        root=ROOT,
        appendix=tmp_path / "appendix-figures.md",
        registrations=chapter_registrations,
        formats=F.COMMITTED_FORMATS,
    )
    tracked = subprocess.run(
        ["git", "ls-files", "figures"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    committed = sorted(Path(p).name for p in tracked) or sorted(
        p.name for p in (ROOT / "figures").iterdir() if p.suffix != ".pdf"
    )
    fresh = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert committed == fresh, "run `make figures`"
    for name in fresh:
        new = (tmp_path / "figures" / name).read_bytes()
        assert (ROOT / "figures" / name).read_bytes() == new, f"{name}: run `make figures`"
    page = (ROOT / "chapters/appendix-figures.md").read_bytes()
    assert page == (tmp_path / "appendix-figures.md").read_bytes(), "run `make figures`"


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
def test_index_numbers_match_the_built_site(book_build) -> None:
    """The numbers in figures/index.csv and those computed from _toc.yml and the chapters
    are the numbers printed under the figures of the strictly built site."""
    if not book_build.html.is_dir():
        pytest.fail(f"the book build produced no HTML:\n{book_build.log[-3000:]}")
    printed = _html_numbers(book_build.html)
    computed = F.figure_numbers(ROOT)
    # unnamed captioned figures get automatic ids (id1, id2, ...) and are numbered too
    named = {k: v for k, v in printed.items() if not re.fullmatch(r"id\d+", k)}
    assert named == computed
    with (ROOT / "figures/index.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            assert printed.get(row["id"]) == row["number"], row["id"]
    appendix = book_build.html / "chapters/appendix-figures.html"
    text = appendix.read_text(encoding="utf-8")
    with (ROOT / "figures/index.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            assert f'id="cite-{row["id"]}"' in text, row["id"]


def _glue_figure_blocks(notebook: Path) -> dict[str, tuple[dict[str, str], str]]:
    """The ``{glue:figure}`` directives of a notebook: name -> (options, caption text)."""
    parser = F._markdown_parser()
    blocks: dict[str, tuple[dict[str, str], str]] = {}

    def walk(text: str) -> None:
        for token in parser.parse(text):
            match = re.match(r"^\{([^}\s]+)\}\s*(\S*)", token.info.strip())
            if token.type not in ("fence", "colon_fence") or not match:
                continue
            options, body = F._split_directive(token.content)
            if match.group(1) == "glue:figure":
                blocks[options.get("name", match.group(2))] = (options, " ".join(body.split()))
            walk(body)

    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            walk(cell.source)
    return blocks


def test_chapter_captions_and_alt_text_match_the_figure_index() -> None:
    """What a reader sees under a figure is what the figure index and its exports say."""
    with open(ROOT / "figures" / "index.csv", encoding="utf-8", newline="") as handle:
        index = list(csv.DictReader(handle))
    assert index, "figures/index.csv lists no figure"
    docs = {Path(d).name.split("-", 1)[-1]: d for d in F.toc_documents(ROOT)}
    problems = []
    for row in index:
        notebook = ROOT / f"{docs[row['chapter']]}.ipynb"
        options, caption = _glue_figure_blocks(notebook).get(row["id"], ({}, ""))
        if caption.split(" {ref}")[0] != " ".join(row["caption"].split()):
            problems.append(f"{row['id']}: caption in {notebook.name} differs from index.csv")
        if f"<cite-{row['id']}>" not in caption:
            problems.append(f"{row['id']}: caption has no link to its figure-index entry")
        if options.get("alt", "") != row["alt"]:
            problems.append(f"{row['id']}: :alt: in {notebook.name} differs from index.csv")
    assert not problems, "\n".join(problems)
