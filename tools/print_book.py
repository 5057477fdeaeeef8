"""Print the built site to one PDF (``make pdf``), offline, with Debian's chromium.

Each page of ``_toc.yml``, in reading order, is opened from a local server (every request to
another host is aborted), every chart is drawn (the ``beforeprint`` event the lazy chart loader
listens to) and the page is printed with the site's print stylesheet, numbered on from the page
before. The pages are merged with pypdf behind a title page, with one bookmark per chapter
(its sections below it, under the part it belongs to), and links between pages point inside
the PDF. Usage::

    python tools/print_book.py [--html _build/html] [--out _build/pdf/axis-network-book.pdf]
                               [--chromium PATH] [--no-copy]

Formulas reach the pages as MathML (typeset at build time by ``_ext/book_math.py``), so they
print as text in the page's fonts; every font is embedded in the PDF.

The PDF is also copied into the site folder, where the next build links it from every page's
footer (``_ext/book_pdf.py``).
"""

from __future__ import annotations

import argparse
import html
import io
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from book_pdf import PDF_NAME, PDF_SOURCE  # noqa: E402
from local_site import CHROMIUM_ARGS, serve  # noqa: E402


@dataclass
class Entry:
    """One page of the book: its built file, and the caption of the part it belongs to."""

    path: str
    part: str | None = None
    pages: int = 0
    first: int = 0
    title: str = ""
    sections: list[tuple[str, int]] = field(default_factory=list)


def reading_order(toc: Path = ROOT / "_toc.yml") -> list[Entry]:
    """The book's pages in reading order, from its table of contents.

    Examples
    --------
    >>> [e.path for e in reading_order()][:2]
    ['index.html', 'chapters/01-introduction.html']
    """
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    entries = [Entry(f"{data['root']}.html")]

    def walk(items: list[dict], part: str | None) -> None:
        for item in items:
            entries.append(Entry(f"{item['file']}.html", part))
            walk(item.get("sections", []), part)

    for part in data.get("parts", []):
        walk(part.get("chapters", []), part.get("caption"))
    walk(data.get("chapters", []), None)
    return entries


# Draws every chart (the lazy loader draws all on beforeprint) and resolves once each chart
# holds its drawing and the fonts are loaded.
DRAW_ALL = """async () => {
  window.dispatchEvent(new Event("beforeprint"));
  const charts = [...document.querySelectorAll("div[id^='altair-viz-']")];
  const deadline = Date.now() + 60000;
  while (charts.some((c) => !c.querySelector("svg, canvas")) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await document.fonts.ready;
  return charts.filter((c) => !c.querySelector("svg, canvas")).map((c) => c.id);
}"""

# Same-page links to every anchor another page links to, so chromium writes a named
# destination for each (it writes them only for targets of links within the page).
ADD_TARGETS = """(ids) => {
  const box = document.createElement("div");
  box.hidden = true;
  for (const id of ids) {
    const a = document.createElement("a");
    a.href = "#" + encodeURIComponent(id);
    box.appendChild(a);
  }
  document.body.appendChild(box);
}"""


def _title_page(title: str, author: str, entries: list[Entry]) -> str:
    rows = "".join(
        f"<li>{html.escape(e.title)}</li>" for e in entries if e.title and e.path != "index.html"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "@page { size: A4; margin: 30mm 25mm; }"
        "body { font-family: sans-serif; } h1 { font-size: 28pt; margin-top: 40mm; }"
        "li { margin: 0.2em 0; }</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(author)}</p>"
        "<p>The printed edition of the book's website. Charts are drawn as on the site; code "
        "cells the site folds away are left out (the chapter notebooks hold them).</p>"
        f"<h2>Contents</h2><ol>{rows}</ol></body></html>"
    )


def _resolve(base: Path, href: str) -> str:
    parts: list[str] = []
    for piece in (base / href).as_posix().split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def anchors_wanted(folder: Path, entries: list[Entry]) -> dict[str, set[str]]:
    """For each page, the anchors in it that other pages of the book link to."""
    import re

    wanted: dict[str, set[str]] = {e.path: set() for e in entries}
    for entry in entries:
        text = (folder / entry.path).read_text(encoding="utf-8")
        for href, anchor in re.findall(r'href="([^"#:]+\.html)#([^"]+)"', text):
            target = _resolve(Path(entry.path).parent, href)
            if target in wanted:
                wanted[target].add(html.unescape(unquote(anchor)))
    return wanted


def _dest(writer: PdfWriter, index: int, top: float | None) -> ArrayObject:
    page = writer.pages[index].indirect_reference
    y = FloatObject(top) if top is not None else FloatObject(writer.pages[index].mediabox.top)
    return ArrayObject([page, NameObject("/XYZ"), FloatObject(0), y, FloatObject(0)])


def build_pdf(folder: Path, out: Path, chromium: str) -> int:
    """Print the site in ``folder`` to ``out``; return the number of pages."""
    from playwright.sync_api import sync_playwright

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    entries = reading_order()
    missing = [e.path for e in entries if not (folder / e.path).is_file()]
    if missing:
        raise SystemExit(f"print_book: not in {folder}: {', '.join(missing)} (run make book)")
    wanted = anchors_wanted(folder, entries)
    readers: list[PdfReader] = []
    with serve(folder) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(color_scheme="light", viewport={"width": 1000, "height": 900})
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname == "127.0.0.1"
                or route.request.url.startswith(("data:", "blob:"))
                else route.abort()
            ),
        )
        page = context.new_page()
        page.emulate_media(media="print")
        number = 2  # the title page is page 1
        for entry in entries:
            page.goto(f"{url}/{entry.path}", wait_until="load")
            undrawn = page.evaluate(DRAW_ALL)
            if undrawn:
                raise SystemExit(f"print_book: {entry.path}: charts not drawn: {undrawn}")
            page.evaluate(ADD_TARGETS, sorted(wanted[entry.path]))
            page.add_style_tag(content=f"@page :first {{ counter-set: page {number}; }}")
            data = page.pdf(
                prefer_css_page_size=True, print_background=True, outline=True, tagged=True
            )
            reader = PdfReader(io.BytesIO(data))
            entry.pages, entry.first = len(reader.pages), number - 1
            number += entry.pages
            readers.append(reader)
            entry.title = (
                page.evaluate(
                    "() => (document.querySelector('article h1') || document).textContent"
                )
                .replace("#", "")
                .strip()
            )
        page.goto(f"{url}/index.html", wait_until="load")
        page.set_content(_title_page(config["title"], config["author"], entries))
        title_reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        browser.close()

    writer = PdfWriter()
    for reader in [title_reader, *readers]:
        for pdf_page in reader.pages:
            writer.add_page(pdf_page)
    if len(title_reader.pages) != 1:
        raise SystemExit("print_book: the title page does not fit on one page")

    # Where each page's anchors are, in the merged PDF.
    places: dict[tuple[str, str], tuple[int, float | None]] = {}
    for entry, reader in zip(entries, readers, strict=True):
        places[(entry.path, "")] = (entry.first, None)
        for name, dest in reader.named_destinations.items():
            index = entry.first + reader.get_destination_page_number(dest)
            places[(entry.path, unquote(name.lstrip("/")))] = (index, dest.top)
        for title, child in _sections(reader):
            entry.sections.append((title, entry.first + child))
    _relink(writer, entries, places, url)

    parts: dict[str | None, object] = {}
    for entry in entries:
        parent = None
        if entry.part is not None:
            if entry.part not in parts:
                parts[entry.part] = writer.add_outline_item(
                    title=entry.part, page_number=entry.first
                )
            parent = parts[entry.part]
        item = writer.add_outline_item(title=entry.title, page_number=entry.first, parent=parent)
        for title, index in entry.sections:
            writer.add_outline_item(title=title, page_number=index, parent=item)
    writer.add_metadata({"/Title": config["title"], "/Author": config["author"]})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        writer.write(f)
    return len(writer.pages)


def _sections(reader: PdfReader) -> list[tuple[str, int]]:
    """The second-level headings of a printed page's outline (its sections), with their pages."""
    outline = reader.outline
    children = next((item for item in outline if isinstance(item, list)), [])
    return [
        (str(item.title), reader.get_destination_page_number(item))
        for item in children
        if not isinstance(item, list)
    ]


def _relink(writer: PdfWriter, entries: list[Entry], places: dict, url: str) -> None:
    """Point every link to a page of the book inside the PDF; links to the site's other files
    become relative (the PDF sits at the site's root); links elsewhere are kept."""
    owner = []
    for entry in entries:
        owner += [entry.path] * entry.pages
    owner = [""] + owner  # the title page
    for index, pdf_page in enumerate(writer.pages):
        for ref in pdf_page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot:
                key = (owner[index], unquote(str(annot["/Dest"]).lstrip("/")))
                target = places.get(key) or places.get((owner[index], ""))
                annot[NameObject("/Dest")] = _dest(writer, *target)
                continue
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if action else ""
            if not uri.startswith(url + "/"):
                continue
            parts = urlsplit(uri)
            path, anchor = parts.path.lstrip("/"), unquote(parts.fragment)
            target = places.get((path, anchor)) or places.get((path, ""))
            if target is not None:
                del annot[NameObject("/A")]
                annot[NameObject("/Dest")] = _dest(writer, *target)
            else:
                action[NameObject("/URI")] = TextStringObject(uri[len(url) + 1 :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the built book to one PDF.")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=PDF_SOURCE)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--no-copy", action="store_true", help="do not copy it into the site")
    args = parser.parse_args(argv)
    pages = build_pdf(args.html, args.out, args.chromium)
    if not args.no_copy:
        shutil.copyfile(args.out, args.html / PDF_NAME)
    print(f"{args.out}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
