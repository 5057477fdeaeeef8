"""Static checks of the built site: nothing loads from another host, every image has alt text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import BookBuild

pytestmark = pytest.mark.build

# Altair's inline code calls this on every page with a chart (as the _ext extension looks for).
CHART_MARKER = "vegaEmbed("

# Tags whose URL attributes make the browser load something (links in <a> are only navigation).
LOADING_TAGS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}


def is_external(url: str) -> bool:
    """True when a URL points to another host (absolute or protocol-relative)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss", "ftp"} and parts.hostname not in {
        "127.0.0.1",
        "localhost",
    }


class PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.images_without_alt: list[str] = []
        self.scripts: list[str] = []
        self.deferred: list[str] = []
        self.icons: list[str] = []
        self.preloads: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attr in LOADING_TAGS.get(tag, ()):
            for candidate in re.split(r",\s*", values.get(attr, "")):
                url = candidate.split(" ")[0]
                if url and is_external(url):
                    self.external.append(f"<{tag} {attr}={url!r}>")
        if tag == "img" and not values.get("alt", "").strip():
            self.images_without_alt.append(values.get("src", "?"))
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])
            if "defer" in values:
                self.deferred.append(values["src"])
        rel = values.get("rel", "").split()
        if tag == "link" and "icon" in rel:
            self.icons.append(values.get("href", ""))
        if tag == "link" and "preload" in rel:
            self.preloads.append(values.get("href", ""))
        if tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(values.get("href", ""))


def scan(page: Path) -> PageScan:
    parser = PageScan()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_is_external_classifies_urls() -> None:
    assert is_external("https://cdn.jsdelivr.net/npm/vega@6")
    assert is_external("//fonts.googleapis.com/css")
    assert not is_external("_static/vega.js")
    assert not is_external("../_static/x.css")
    assert not is_external("http://127.0.0.1:8000/a.js")
    assert not is_external("data:image/svg+xml;base64,AAAA")


def test_no_page_loads_from_another_host(html_pages: list[Path], book_build: BookBuild) -> None:
    found = {
        str(p.relative_to(book_build.html)): s.external
        for p in html_pages
        if (s := scan(p)).external
    }
    assert not found, found


def test_no_stylesheet_loads_from_another_host(book_build: BookBuild) -> None:
    pattern = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)")
    found = {}
    for css in book_build.html.rglob("*.css"):
        urls = pattern.findall(css.read_text(encoding="utf-8", errors="replace"))
        if urls:
            found[str(css.relative_to(book_build.html))] = urls
    assert not found, found


def test_every_image_has_alt_text(html_pages: list[Path], book_build: BookBuild) -> None:
    found = {
        str(p.relative_to(book_build.html)): s.images_without_alt
        for p in html_pages
        if (s := scan(p)).images_without_alt
    }
    assert not found, found


def test_every_page_has_a_favicon_that_exists(html_pages: list[Path]) -> None:
    for page in html_pages:
        icons = scan(page).icons
        assert icons, f"{page.name}: no favicon link"
        for href in icons:
            assert (page.parent / href).resolve().exists(), f"{page.name}: {href} missing"


def test_no_asset_is_fetched_twice(html_pages: list[Path], book_build: BookBuild) -> None:
    """A preload is only useful under the exact URL the page later loads: a different query
    string (say, without the theme's digest) makes the browser download the file twice."""
    for page in html_pages:
        s = scan(page)
        name = page.relative_to(book_build.html)
        loaded = s.scripts + s.stylesheets
        assert len(loaded) == len(set(loaded)), f"{name}: an asset is loaded twice"
        for url in s.preloads:
            assert url in loaded, f"{name}: preload of {url} matches no script or stylesheet"
            assert (page.parent / url.split("?")[0]).resolve().is_file(), f"{name}: {url}"


def test_vega_bundle_only_on_chart_pages(html_pages: list[Path], book_build: BookBuild) -> None:
    chart_pages = 0
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        bundles = [s for s in scan(page).scripts if "vega-offline-" in s]
        has_chart = CHART_MARKER in text
        name = page.relative_to(book_build.html)
        if has_chart:
            chart_pages += 1
            assert len(bundles) == 1, f"{name}: chart without exactly one local Vega bundle"
            assert (page.parent / bundles[0].split("?")[0]).resolve().exists(), name
            # 0.9 MB must not hold up the first paint: the bundle is deferred, and the head
            # declares the versions (so charts skip their CDN) before the first chart's code.
            assert bundles[0] in scan(page).deferred, f"{name}: Vega bundle not deferred"
            head = text[: text.index("</head>")]
            assert "window.VEGA_DEBUG" in head and "vegaOfflineReady" in head, name
            assert text.index("window.VEGA_DEBUG") < text.index(CHART_MARKER), name
        else:
            assert not bundles, f"{name}: Vega bundle on a page without charts"
    assert chart_pages >= 1, "no page of the book has a chart"


def test_math_is_rendered_locally(html_pages: list[Path]) -> None:
    for page in html_pages:
        for src in scan(page).scripts:
            if "mathjax" in src.lower() or "tex-" in src:
                assert not is_external(src), f"{page.name}: {src}"
                assert (page.parent / src.split("?")[0]).resolve().exists(), f"{page.name}: {src}"
