"""The book as one PDF (``make pdf``): printed from the suite's build of the site, offline.

Every page of the book is in it, in reading order, with one bookmark per page under its part;
every figure number the site shows is in its text; every font travels with the file; every
chart is drawn; and no link points at the local server the pages were printed from.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, BookBuild

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.slow]


@dataclass(frozen=True)
class BookPdf:
    reader: PdfReader
    text: list[str]
    log: str


@pytest.fixture(scope="module")
def book_pdf(book_build: BookBuild, chromium: str, tmp_path_factory: pytest.TempPathFactory):
    assert book_build.returncode == 0, book_build.log[-3000:]
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "print_book.py"), "--html", str(book_build.html),
         "--out", str(out), "--chromium", chromium, "--no-copy"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reader = PdfReader(out)
    return BookPdf(reader, [" ".join(p.extract_text().split()) for p in reader.pages], proc.stdout)


def toc_pages() -> list[tuple[str | None, str]]:
    """(part caption, file) of every page in _toc.yml, read here independently of the tool."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [(None, toc["root"])]
    for part in toc["parts"]:
        pages += [(part["caption"], c["file"]) for c in part["chapters"]]
    return pages


def site_figure_numbers(html: Path) -> dict[str, str]:
    """Every figure number the site shows (``Fig. 2.3``) -> the page showing it."""
    numbers = {}
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for number in re.findall(r'<span class="caption-number">(Fig\. [\d.]+) </span>', text):
            numbers[number] = str(page.relative_to(html))
    return numbers


def test_page_count_is_sane(book_pdf: BookPdf) -> None:
    n = len(book_pdf.reader.pages)
    pages = len(toc_pages())
    assert pages + 1 <= n <= 60 * pages, f"{n} PDF pages for {pages} book pages"


def test_every_figure_number_of_the_site_is_in_the_pdf(
    book_pdf: BookPdf, book_build: BookBuild
) -> None:
    numbers = site_figure_numbers(book_build.html)
    assert len(numbers) >= 10, "the site shows hardly any numbered figure"
    text = " ".join(book_pdf.text)
    missing = {n: page for n, page in numbers.items() if f"{n} " not in text}
    assert not missing, f"figure numbers not in the PDF: {missing}"


def _font_problems(resources, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for name, ref in (resources.get("/Font") or {}).items():
        font = ref.get_object()
        kind = font.get("/Subtype")
        if kind == "/Type3":
            # glyphs drawn by procedures inside the PDF: embedded by definition
            if not font.get("/CharProcs"):
                problems.append(f"{where}: Type3 font {name} without glyph procedures")
            continue
        base = font["/DescendantFonts"][0].get_object() if kind == "/Type0" else font
        descriptor = base.get("/FontDescriptor")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        if descriptor is None or not any(f in descriptor.get_object() for f in files):
            problems.append(f"{where}: font {font.get('/BaseFont')} is not embedded")
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            problems += _font_problems(xobject["/Resources"], where)
    return problems


def test_every_font_is_embedded(book_pdf: BookPdf) -> None:
    problems = []
    for i, page in enumerate(book_pdf.reader.pages, start=1):
        problems += _font_problems(page["/Resources"], f"page {i}")
    assert not problems, "\n".join(problems[:20])


# Path construction operators (lines, curves, rectangles) and drawn images or forms.
DRAWING = re.compile(rb"\s(?:re|c|l|Do)\s")


def test_every_chart_is_drawn(book_pdf: BookPdf, book_build: BookBuild) -> None:
    """No placeholder text, and the page with each chart's caption carries drawing: even the
    simplest chart drawn in print (a few bars, two axes with ticks) is dozens of paths, an
    undrawn one an empty box."""
    assert not [i for i, t in enumerate(book_pdf.text, 1) if "[image]" in t]
    charts = set()
    for page in sorted(book_build.html.rglob("chapters/*.html")):
        for figure in re.findall(r"<figure.*?</figure>", page.read_text("utf-8"), flags=re.S):
            number = re.search(r'<span class="caption-number">(Fig\. [\d.]+) </span>', figure)
            if number and "altair-viz-" in figure:
                charts.add(number.group(1))
    assert charts, "no chart figure found on the site"
    problems = []
    for number in sorted(charts):
        # the caption itself: the number at the start of a caption, not a mention in the text
        pages = [i for i, t in enumerate(book_pdf.text) if re.search(rf"{re.escape(number)} \S", t)]
        drawn = [
            len(DRAWING.findall(book_pdf.reader.pages[i].get_contents().get_data())) for i in pages
        ]
        if not drawn or max(drawn) < 30:
            problems.append(f"{number}: no page with its caption holds a drawing ({drawn})")
    assert not problems, "\n".join(problems)


def test_bookmarks_follow_the_table_of_contents(book_pdf: BookPdf) -> None:
    """A bookmark per part, holding one bookmark per page of the part, in reading order."""
    reader = book_pdf.reader
    outline = reader.outline
    parts = {}
    for i, item in enumerate(outline[:-1]):
        if not isinstance(item, list) and isinstance(outline[i + 1], list):
            parts[str(item.title)] = [c for c in outline[i + 1] if not isinstance(c, list)]
    expected = {}
    for part, _ in toc_pages():
        if part:
            expected[part] = expected.get(part, 0) + 1
    for caption, count in expected.items():
        assert caption in parts, f"no bookmark for the part {caption!r}"
        assert len(parts[caption]) == count, [str(c.title) for c in parts[caption]]
    chapters = [c for caption in expected for c in parts[caption]]
    pages = [reader.get_destination_page_number(c) for c in chapters]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), "bookmarks out of order"
    assert any(str(c.title).startswith("2. ") for c in chapters), "chapters are not numbered"


def test_no_link_points_at_the_print_server(book_pdf: BookPdf) -> None:
    uris = [
        str(annot.get_object()["/A"].get("/URI", ""))
        for page in book_pdf.reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    ]
    assert uris, "no external link kept"
    assert not [u for u in uris if "127.0.0.1" in u or "localhost" in u]
