"""Text from the data reaches every page as text, whatever the column or page.

A copy of ``data/`` gets markup planted in every free-text column of every table: an ``<img>``
with an ``onerror`` handler, a ``<script>`` element and some Markdown/MyST syntax, different for
each table and column. The whole book is then built from that copy (``AXISNET_DATA_DIR``), once
per test session, and checked twice: statically (no planted markup became an element, a handler
or a script; the planted text shows literally where the column is shown) and in headless
chromium (no planted code ran on any page).
"""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from axisnet.data import validate
from axisnet.notebook import escape_markdown, setup

from conftest import ROOT, BookBuild, build_book, chart_ids, serve, site_pages, wait_for_charts

DATA = ROOT / "data"
MARK = "__pwned"


def payload(table: str, column: str) -> str:
    """The text planted in ``table.column``: HTML that would run, then Markdown and MyST syntax.

    The marker ``table.column`` names the column in whatever runs or leaks. The text holds no
    ``;`` (the separator of list fields) and does not end in ``)`` (chapters strip a trailing
    parenthesis from party names).
    """
    marker = f"{table}.{column}"
    return (
        f"<img src=x onerror=\"window.{MARK}.push('{marker}')\">"
        f"<script>window.{MARK}.push('{marker}')</script>"
        " **bold** _em_ [link](javascript:alert(1)) {sub-ref}`today` $x^2$ <b>end</b>"
    )


def planted_url(url: str, table: str, column: str) -> str:
    """``url`` with markup appended that the validator still accepts (no white space).

    Rows keep their own URLs, so two sources stay one work or two as in the real data.
    """
    return f"{url}#\"><img/src=x/onerror=window.{MARK}.push('{table}.{column}')>"


def text_fields(descriptor: dict) -> dict[str, list[str]]:
    """Free-text columns of each table, derived from the descriptor.

    String fields without enum, pattern or format: that leaves out ids, foreign keys and lists
    of them, dates, URLs and enumerations.
    """
    out: dict[str, list[str]] = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        keys = {f for fk in schema.get("foreignKeys", []) for f in fk["fields"]}
        keys |= set(
            [schema["primaryKey"]]
            if isinstance(schema.get("primaryKey"), str)
            else schema.get("primaryKey", [])
        )
        columns = []
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            if field.get("type", "string") != "string" or field["name"] in keys | {"id"}:
                continue
            if {"enum", "pattern"} & set(constraints) or field.get(
                "format", "default"
            ) != "default":
                continue
            columns.append(field["name"])
        out[resource["name"]] = columns
    return out


def url_fields(descriptor: dict) -> dict[str, list[str]]:
    """String fields whose pattern admits only http(s) URLs."""
    return {
        resource["name"]: [
            field["name"]
            for field in resource["schema"]["fields"]
            if field.get("constraints", {}).get("pattern", "").startswith("^https?://")
        ]
        for resource in descriptor["resources"]
    }


def chapter_literals(chapters: Path = ROOT / "chapters") -> tuple[set[str], set[str]]:
    """Strings the chapters' code quotes: every string constant, and those passed to
    ``.str.contains``/``.str.startswith`` (matched inside a cell rather than against all of it)."""
    whole: set[str] = set()
    partial: set[str] = set()
    for path in sorted(chapters.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    whole.add(node.value)
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"contains", "startswith", "endswith"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    partial.add(node.args[0].value)
    return whole, partial


def plant(source: Path, target: Path) -> dict[str, list[str]]:
    """Copy the data package from ``source`` to ``target`` with payloads planted; return the
    planted free-text columns of each table."""
    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    texts, urls = text_fields(descriptor), url_fields(descriptor)
    whole, partial = chapter_literals()
    for resource in descriptor["resources"]:
        name = resource["name"]
        path = target / resource["path"]
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
        for row in rows:
            for col in texts[name]:
                value = row[col]
                # A cell the chapters look up by its text keeps it, or they would find nothing.
                if value and value not in whole and not any(p in value for p in partial):
                    row[col] = f"{value} {payload(name, col)}"
            for col in urls[name]:
                if row[col]:
                    row[col] = planted_url(row[col], name, col)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return texts


def test_every_table_has_free_text_columns() -> None:
    """The column list comes from the descriptor; it must find the columns a reader sees."""
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    texts = text_fields(descriptor)
    assert set(texts) == {r["name"] for r in descriptor["resources"]}
    assert all(texts.values()), texts
    assert {"claim", "correction", "evidence"} <= set(texts["claims"])
    assert "id" not in texts["claims"] and "sources" not in texts["claims"]
    assert url_fields(descriptor)["sources"] == ["url"]


# ------------------------------------------------------------------ the escaping, without a build

NASTY = [
    payload("claims", "claim"),
    "<!-- c --> &amp; &#60;b&#62; <https://example.org> \\*not em\\* `code` ``two``",
    "{sub-ref}`today` {{ today }} $x$ $$y$$ \\(z\\) ~~s~~ | a | b |",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    "(target)=",
    "% comment",
    "+++",
    ":::{note}",
    "```",
    "---",
    "Term\n: definition",
    "two\n\nparagraphs\n    indented",
    "[link](javascript:alert(1)) ![img](x.png) [ref][1] <b>bold</b>",
]


def myst_html(text: str) -> str:
    """``text`` rendered by the Markdown parser of the book (MyST with its extensions)."""
    import yaml
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = config["parse"]["myst_enable_extensions"]
    parser = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)
    return parser.render(text)


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_renders_as_the_same_text(text: str) -> None:
    html = myst_html(f"Before {escape_markdown(text)} after.")
    tags = re.findall(r"<[^>]*>", html)
    assert tags == ["<p>", "</p>"], html
    shown = html.removeprefix("<p>").removesuffix("</p>\n")
    assert unescape(shown) == f"Before {' '.join(text.split())} after."


def test_escaped_text_alone_on_a_line_starts_no_block() -> None:
    for text in NASTY:
        html = myst_html(escape_markdown(text) + "\n")
        assert re.findall(r"<[^>]*>", html) == ["<p>", "</p>"], (text, html)


def test_escaped_url_links_to_the_same_url() -> None:
    url = 'https://example.org/a_(b)?q="><img/src=x>&r=1#f'
    html = myst_html(f"[{escape_markdown('a *label*')}]({escape_markdown(url)})")
    match = re.fullmatch(r'<p><a href="([^"]*)">([^<]*)</a></p>\n', html)
    assert match, html
    assert unquote(unescape(match[1])) == url
    assert unescape(match[2]) == "a *label*"


def test_chart_html_keeps_data_text_inside_its_script() -> None:
    """A chart's HTML output holds one script; data text such as ``</script>`` stays in it."""
    import altair as alt
    import pandas as pd

    setup()
    text = payload("actors", "name")
    chart = alt.Chart(pd.DataFrame({"name": [text]})).mark_point().encode(x="name:N")
    bundle = chart._repr_mimebundle_()
    html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
    parsed = PageText()
    parsed.feed(html)
    parsed.close()
    assert not parsed.handlers
    assert len(parsed.scripts) == 1, parsed.scripts
    code = parsed.scripts[0]
    assert "vegaEmbed(" in code
    try:
        spec, _ = json.JSONDecoder().raw_decode(code, code.rindex("})(") + 3)
    except ValueError:
        pytest.fail(
            f"the chart's script ends inside its JSON, closed by the data text:\n{code[-300:]}"
        )
    assert [row["name"] for rows in spec["datasets"].values() for row in rows] == [text]


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[BookBuild, dict[str, list[str]]]:
    """The book built strictly, every chapter executed afresh, from a planted copy of the data."""
    base = tmp_path_factory.mktemp("planted")
    data_dir = base / "data"
    columns = plant(DATA, data_dir)
    problems = validate(data_dir).problems
    assert not problems, "the planted data does not validate:\n" + "\n".join(map(str, problems))
    build = build_book(base / "book", AXISNET_DATA_DIR=str(data_dir))
    assert build.returncode == 0, f"the planted build failed:\n{build.log[-6000:]}"
    return build, columns


class PageText(HTMLParser):
    """Visible text of a page, the code of its scripts, and its event-handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.links: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key.startswith("on") and MARK in (value or ""):
                self.handlers.append(f"<{tag} {key}={value!r}>")
            if key == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.links.append(f"<{tag} href={value!r}>")
        if tag in {"script", "style"}:
            self._in = tag
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in is None:
            self.text.append(data)


def read_page(path: Path) -> PageText:
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


# Where the book shows a column as running text (not only inside a table or chart), so the
# whole planted text must show there, character for character.
SHOWN = {
    "chapters/appendix-claims.html": [
        ("claims", "claim"),
        ("claims", "correction"),
        ("claims", "evidence"),
        ("sources", "publisher"),
    ],
    # election_results.name is not listed: every party whose votes chapter 1 tabulates is also
    # looked up by its name in some chapter, so its name is not planted; the planted names of the
    # other rows reach the pages inside chart data, which the browser check runs.
    "chapters/01-introduction.html": [
        ("claims", "correction"),
        ("actors", "country"),
    ],
    "chapters/04-hierarchy.html": [("actors", "name")],
    # The glossary lists every actor with its text fields as running text.
    "chapters/appendix-glossary.html": [
        ("actors", "name"),
        ("actors", "country"),
        ("actors", "role"),
        ("actors", "note"),
    ],
}

CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
UNESCAPED = re.compile(r"<(?:img|script)\b[^>]*>\s*window\." + MARK, re.IGNORECASE)


@pytest.mark.build
def test_planted_markup_stays_text_in_the_built_pages(
    planted: tuple[BookBuild, dict[str, list[str]]],
) -> None:
    build, columns = planted
    pages = site_pages(build.html)
    assert pages, "the planted build produced no pages"
    problems: list[str] = []
    for page in pages:
        rel = page.relative_to(build.html).as_posix()
        parsed = read_page(page)
        problems += [f"{rel}: planted handler became live: {h}" for h in parsed.handlers]
        problems += [f"{rel}: link to a javascript: URL: {link}" for link in parsed.links]
        for code in parsed.scripts:
            if code.strip().startswith(f"window.{MARK}"):
                problems.append(f"{rel}: planted <script> became a script: {code.strip()[:80]}")
            elif UNESCAPED.search(code):
                where = UNESCAPED.search(code)
                problems.append(
                    f"{rel}: planted markup sits unescaped inside a script: "
                    f"{code[where.start() : where.start() + 80]!r}"
                )
        # Sphinx curls straight quotes in all running text (typography, not markup).
        text = " ".join("".join(parsed.text).split()).translate(CURLY)
        for table, column in SHOWN.get(rel, []):
            assert column in columns[table], f"{table}.{column} is not a planted column"
            if payload(table, column) not in text:
                problems.append(
                    f"{rel}: the planted text of {table}.{column} does not show as text"
                )
    assert set(SHOWN) <= {p.relative_to(build.html).as_posix() for p in pages}
    assert not problems, "\n".join(problems)


# Scroll a page from top to bottom so that every chart that draws when it comes into view does.
SCROLL = """async () => {
  const step = Math.max(200, window.innerHeight / 2);
  for (let y = 0; y <= document.documentElement.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 60));
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await new Promise(r => setTimeout(r, 200));
}"""


@pytest.fixture(scope="session")
def planted_site(planted: tuple[BookBuild, dict[str, list[str]]]) -> Iterator[str]:
    """Serve the planted build on 127.0.0.1 (a free port)."""
    with serve(planted[0].html) as url:
        yield url


@pytest.mark.build
@pytest.mark.browser
def test_planted_markup_runs_nowhere_in_chromium(
    browser: Any, planted: tuple[BookBuild, dict[str, list[str]]], planted_site: str
) -> None:
    build, _ = planted
    pages = [p.relative_to(build.html).as_posix() for p in site_pages(build.html)]
    ran: list[str] = []
    dialogs: list[str] = []
    undrawn: list[str] = []
    drawn = 0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(f"window.{MARK} = [];")
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith((planted_site, "data:", "blob:"))
                else route.abort()
            ),
        )
        for rel in pages:
            page = context.new_page()
            page.on(
                "dialog",
                lambda d, rel=rel: (dialogs.append(f"{rel}: {d.message}"), d.dismiss()),
            )
            page.goto(f"{planted_site}/{rel}", wait_until="load")
            page.evaluate(SCROLL)
            charts = chart_ids(page)
            missing = wait_for_charts(page)
            drawn += len(charts) - len(missing)
            undrawn += [f"{rel}: {chart_id}" for chart_id in missing]
            calls = page.evaluate(f"window.{MARK}")
            if calls:
                ran.append(f"{rel}: {sorted(set(calls))}")
            page.close()
    finally:
        context.close()
    assert not ran, "planted code ran:\n" + "\n".join(ran)
    assert not dialogs, "planted code opened dialogs:\n" + "\n".join(dialogs)
    assert not undrawn, "charts that did not draw with the planted data:\n" + "\n".join(undrawn)
    assert drawn >= 1, "no chart drew on any page of the planted build"
