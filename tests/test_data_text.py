"""Text from the data reaches every page as text, whatever the column or page.

A copy of ``data/`` gets markup planted in every free-text column of every table: an ``<img>``
with an ``onerror`` handler, a ``<script>`` element and some Markdown/MyST syntax, different for
each table and column. The whole book is then built from that copy (``AXISNET_DATA_DIR``), once
per test session, and checked twice: statically (no planted markup became an element, a handler
or a script; the planted text shows literally where the column is shown) and in headless
chromium (no planted code ran on any page).
"""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUILD_FLAGS, ROOT, BookBuild, _QuietHandler, site_pages

pytestmark = pytest.mark.build

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


def planted_url(table: str, column: str) -> str:
    """An http(s) URL the validator accepts (no white space) that carries markup."""
    return f"https://example.org/?q=\"><img/src=x/onerror=window.{MARK}.push('{table}.{column}')>"


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


# Cells the chapters look up by their literal value (a party's name, the country of a protest
# that names a glued value): they keep their text, or the chapters would find nothing. Every
# other non-empty cell of a free-text column gets the payload appended.
Row = dict[str, str]
KEEP: dict[tuple[str, str], Callable[[Row], bool]] = {
    ("election_results", "name"): lambda row: (
        row["name"]
        in {
            "Fateh alliance",
            "Sadrist bloc",
            "Coordination Framework",
            "State of Law coalition",
            "Hizballah",
            "Lebanese Forces",
        }
        or "Hizballah and allies" in row["name"]
    ),
    ("events", "country"): lambda row: row["kind"] == "protest",
}


def plant(source: Path, target: Path) -> dict[str, list[str]]:
    """Copy the data package from ``source`` to ``target`` with payloads planted; return the
    planted free-text columns of each table."""
    shutil.copytree(source, target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    texts, urls = text_fields(descriptor), url_fields(descriptor)
    for resource in descriptor["resources"]:
        name = resource["name"]
        path = target / resource["path"]
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
        for row in rows:
            keep = {col for col in texts[name] if KEEP.get((name, col), lambda r: False)(row)}
            for col in texts[name]:
                if row[col] and col not in keep:
                    row[col] = f"{row[col]} {payload(name, col)}"
            for col in urls[name]:
                if row[col]:
                    row[col] = planted_url(name, col)
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


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[BookBuild, dict[str, list[str]]]:
    """The book built strictly, every chapter executed afresh, from a planted copy of the data."""
    base = tmp_path_factory.mktemp("planted")
    data_dir = base / "data"
    columns = plant(DATA, data_dir)
    check = subprocess.run(
        [sys.executable, "-m", "axisnet", "validate", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert check.returncode == 0, f"the planted data does not validate:\n{check.stdout}"
    out = base / "book"
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), *BUILD_FLAGS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0", "AXISNET_DATA_DIR": str(data_dir)},
    )
    build = BookBuild(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")
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
    "chapters/01-introduction.html": [
        ("claims", "correction"),
        ("actors", "name"),
        ("actors", "country"),
        ("election_results", "name"),
    ],
    "chapters/04-hierarchy.html": [("actors", "name")],
}

UNESCAPED = re.compile(r"<(?:img|script)\b[^>]*>\s*window\." + MARK, re.IGNORECASE)


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
        text = " ".join("".join(parsed.text).split())
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
    build, _ = planted
    handler = functools.partial(_QuietHandler, directory=str(build.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_planted_markup_runs_nowhere_in_chromium(
    chromium: str, planted: tuple[BookBuild, dict[str, list[str]]], planted_site: str
) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    build, _ = planted
    pages = [p.relative_to(build.html).as_posix() for p in site_pages(build.html)]
    ran: list[str] = []
    dialogs: list[str] = []
    undrawn: list[str] = []
    drawn = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
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
                charts = page.eval_on_selector_all(
                    "div[id^='altair-viz-']", "els => els.map(e => e.id)"
                )
                for chart_id in charts:
                    try:
                        page.wait_for_selector(
                            f"#{chart_id} svg, #{chart_id} canvas", state="attached", timeout=10000
                        )
                        drawn += 1
                    except PlaywrightError:
                        undrawn.append(f"{rel}: {chart_id}")
                calls = page.evaluate(f"window.{MARK}")
                if calls:
                    ran.append(f"{rel}: {sorted(set(calls))}")
                page.close()
        finally:
            browser.close()
    assert not ran, "planted code ran:\n" + "\n".join(ran)
    assert not dialogs, "planted code opened dialogs:\n" + "\n".join(dialogs)
    assert not undrawn, "charts that did not draw with the planted data:\n" + "\n".join(undrawn)
    assert drawn >= 1, "no chart drew on any page of the planted build"
