"""Static checks of the built site: nothing loads from another host, every image has alt text."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, BookBuild

sys.path.insert(0, str(ROOT / "_ext"))
from book_offline import size_fields  # noqa: E402

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
    """Chart pages name the local Vega bundle in their head script, which fetches it when the
    first chart is about to be drawn; no page loads it up front, and pages without charts do
    not mention it."""
    chart_pages = 0
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(book_build.html)
        head = text[: text.index("</head>")]
        named = re.findall(r'"([^"]*vega-offline-[0-9a-f]+\.js)"', head)
        loaded = [s for s in scan(page).scripts + scan(page).preloads if "vega-offline-" in s]
        assert not loaded, f"{name}: Vega bundle loaded up front: {loaded}"
        if CHART_MARKER in text:
            chart_pages += 1
            assert len(set(named)) == 1, f"{name}: chart without exactly one local Vega bundle"
            assert (page.parent / named[0]).resolve().is_file(), f"{name}: {named[0]} missing"
            # The head declares the versions (so charts skip their CDN) and the lazy stand-in
            # before the first chart's code.
            assert "window.VEGA_DEBUG" in head and "IntersectionObserver" in head, name
            assert text.index("window.VEGA_DEBUG") < text.index(CHART_MARKER), name
        else:
            assert "vega-offline-" not in text, f"{name}: Vega bundle on a page without charts"
    assert chart_pages >= 1, "no page of the book has a chart"


class HeadScan(PageScan):
    """Scripts and stylesheets of the head, with their loading attributes, and the page's meta
    descriptions."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = True
        self.blocking: list[str] = []
        self.descriptions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content", ""))
        deferred = "defer" in values or "async" in values
        if self.in_head and tag == "script" and values.get("src") and not deferred:
            self.blocking.append(values["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_scan(page: Path) -> HeadScan:
    parser = HeadScan()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_its_own_description(html_pages: list[Path], book_build: BookBuild) -> None:
    """One meta description per page, of search-result length, and no two pages alike."""
    seen: dict[str, str] = {}
    for page in html_pages:
        name = str(page.relative_to(book_build.html))
        descriptions = head_scan(page).descriptions
        assert len(descriptions) == 1, f"{name}: {len(descriptions)} meta descriptions"
        text = descriptions[0].strip()
        assert 20 <= len(text) <= 160, f"{name}: description of {len(text)} characters: {text!r}"
        assert text not in seen, f"{name} and {seen.get(text)} share the description {text!r}"
        seen[text] = name


def test_description_comes_from_the_first_paragraph(book_build: BookBuild) -> None:
    """The description of a chapter starts with the words of its first paragraph."""
    page = book_build.html / "chapters" / "appendix-methods.html"
    text = page.read_text(encoding="utf-8")
    body = text[text.index('<article class="bd-article">') :]
    first = re.sub(r"<[^>]+>", "", re.search(r"<p>(.*?)</p>", body, re.S).group(1))
    words = " ".join(first.split()[:8])
    assert head_scan(page).descriptions[0].startswith(words)


def test_scripts_do_not_hold_up_the_first_paint(
    html_pages: list[Path], book_build: BookBuild
) -> None:
    """Every script file in the head is deferred; the few lines of page options that inline
    scripts extend are written into the page. (The search page, a tool rather than a page to
    read, keeps its scripts in the order its search needs.)"""
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        name = page.relative_to(book_build.html)
        assert "const DOCUMENTATION_OPTIONS" in head, f"{name}: no page options"
        assert "documentation_options.js" not in head, f"{name}: page options loaded as a file"
        if page.name == "search.html":
            continue
        blocking = head_scan(page).blocking
        assert not blocking, f"{name}: blocking scripts {blocking}"


def test_search_index_only_on_the_search_page(
    html_pages: list[Path], book_build: BookBuild
) -> None:
    for page in html_pages:
        name = str(page.relative_to(book_build.html))
        index = [s for s in scan(page).scripts if "searchindex.js" in s]
        assert len(index) == (1 if name == "search.html" else 0), f"{name}: {index}"


# An asset that serves one kind of content, and a class name that content carries.
FEATURE_ASSETS = {
    "copybutton.js": "highlight",
    "pygments.css": "highlight",
    "togglebutton.js": "dropdown",
    "exercise.css": "solution",
    "sphinx-design.min.css": "sd-card",
}


def test_feature_assets_only_where_the_feature_is(
    html_pages: list[Path], book_build: BookBuild
) -> None:
    """A page loads the copy-button, dropdown, exercise and design assets if and only if its
    article has code, dropdowns, solutions or design components."""
    used = {asset: 0 for asset in FEATURE_ASSETS}
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        article = text[text.find('<article class="bd-article">') :]
        classes = set(" ".join(re.findall(r'class="([^"]*)"', article)).split())
        s = scan(page)
        urls = s.scripts + s.stylesheets + stylesheet_sources(page)
        loaded = {u.split("?")[0].rsplit("/", 1)[-1] for u in urls}
        for asset, marker in FEATURE_ASSETS.items():
            name = page.relative_to(book_build.html)
            assert (asset in loaded) == (marker in classes), f"{name}: {asset}, {marker}"
            used[asset] += asset in loaded
    # The book has code and solutions, so the rule is exercised both ways.
    assert used["copybutton.js"] and used["togglebutton.js"] and used["exercise.css"], used
    assert any(used[a] < len(html_pages) for a in used), used


def test_no_header_bar_with_a_second_search_field(html_pages: list[Path]) -> None:
    """The theme's header bar (a full-width search field above every page) is left out; the
    search button stays in the sidebar."""
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        assert "navbar-persistent" not in text, f"{page.name}: header search field"
        assert re.search(r'<header id="pst-header"[^>]*>\s*</header>', text), page.name
        assert text.count("search-button-field") == 1, f"{page.name}: search buttons"


# A formula's box and the first element inside it (after its equation number, if any).
FORMULA = r'<(span|div) class="math"[^>]*>\s*(?:<span class="eqno">.*?</span>)?\s*(<[a-z]+[^>]*>)'


def test_math_is_typeset_as_mathml(html_pages: list[Path]) -> None:
    """Formulas reach the page as MathML written by the build: no page loads a math script, every
    formula is a <math> element that carries its LaTeX source, and some pages have formulas."""
    math_pages = []
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        body = text[text.find('<article class="bd-article">') :]
        scripts = [s for s in scan(page).scripts if "mathjax" in s.lower() or "tex-" in s]
        assert not scripts, f"{page.name}: loads {scripts}"
        formulas = re.findall(FORMULA, body, re.S)
        for _, first in formulas:
            assert first.startswith("<math "), f"{page.name}: a formula not in MathML: {first}"
            assert 'alttext="' in first, f"{page.name}: a formula without its source: {first}"
        assert "\\(" not in re.sub(r"<pre.*?</pre>", "", body, flags=re.S), (
            f"{page.name}: LaTeX left untypeset"
        )
        if formulas:
            math_pages.append(page.name)
    assert "appendix-methods.html" in math_pages, f"formulas only on {math_pages}"


def stylesheet_sources(page: Path) -> list[str]:
    """The files a page's one stylesheet was made from, as its opening comment names them."""
    sources = []
    for href in scan(page).stylesheets:
        text = (page.parent / href).read_text(encoding="utf-8")
        comment = re.match(r"/\* (.*?) \*/", text)
        sources += comment[1].split(", ") if comment else []
    return sources


CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")


def test_every_page_has_one_stylesheet_whose_urls_resolve(
    html_pages: list[Path], book_build: BookBuild
) -> None:
    """A page waits for one stylesheet before its first paint, not one per extension. That one
    holds the theme's, the extensions' and the book's own rules (dark mode, print, focus
    styles), and every url() in it points at a file of the site (fonts, icons, images)."""
    sheets: set[Path] = set()
    for page in html_pages:
        name = page.relative_to(book_build.html)
        links = scan(page).stylesheets
        assert len(links) == 1, f"{name}: {len(links)} stylesheets: {links}"
        sheet = (page.parent / links[0].split("?")[0]).resolve()
        assert sheet.is_file(), f"{name}: {links[0]} missing"
        sources = stylesheet_sources(page)
        for expected in ("pydata-sphinx-theme.css", "sphinx-book-theme.css", "book.css"):
            assert any(s.endswith(expected) for s in sources), f"{name}: no {expected}"
        sheets.add(sheet)
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        for needed in ("html[data-theme=dark]", "@media print", ":focus-visible", "@font-face"):
            assert needed in text, f"{sheet.name}: nothing with {needed}"
        urls = [next(g for g in m if g is not None) for m in CSS_URL.findall(text)]
        local = [u for u in urls if u and not u.startswith(("data:", "#"))]
        assert local, f"{sheet.name}: no url() at all (fonts?)"
        for url in local:
            target = (sheet.parent / url.split("?")[0].split("#")[0]).resolve()
            assert target.is_file(), f"{sheet.name}: url({url}) resolves to no file"
            assert book_build.html.resolve() in target.parents, f"{sheet.name}: url({url})"


# The argument list Altair's chart code ends with: the spec (now a stand-in), then options.
CHART_CALL = re.compile(r"\}\)\((\{.*?\}), (\{[^{}]*\})\);\s*$", re.S)


def chart_scripts(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [
        code
        for code in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S)
        if CHART_MARKER in code and "})(" in code
    ]


# The names the size fields of a chart's stand-in may hold (all else there is numbers and the
# chart's font).
SIZE_KEYS = {"title", "height", "step", "encoding", "scale", "domain", "legend", "config", "view"}
SIZE_KEYS |= {"continuousHeight", "padding", "font", "columns", "spec", "vconcat", "hconcat"}
SIZE_KEYS |= {"concat", "layer", "color", "fill", "shape", "size", "strokeDash"}


def strings_in(value: object) -> list[str]:
    """Every key and string value in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in strings_in(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def test_no_chart_spec_is_inline(html_pages: list[Path], book_build: BookBuild) -> None:
    """Each chart's script carries a stand-in instead of its spec: the URL of a JSON file of the
    site, which exists and holds a Vega-Lite spec with its data, and only the size fields that
    reserve the chart's height (no data text). The files are named by their content."""
    charts = 0
    for page in html_pages:
        name = page.relative_to(book_build.html)
        text = page.read_text(encoding="utf-8")
        assert '"datasets"' not in text and "vega-lite/v" not in text, f"{name}: an inline spec"
        for code in chart_scripts(page):
            charts += 1
            call = CHART_CALL.search(code)
            assert call, f"{name}: a chart script that does not end in its call: {code[-200:]}"
            stub = json.loads(call[1])
            assert set(stub) == {"src", "size"}, f"{name}: {sorted(stub)}"
            target = (page.parent / stub["src"]).resolve()
            assert target.is_file(), f"{name}: {stub['src']} missing"
            data = target.read_bytes()
            assert target.stem == hashlib.sha256(data).hexdigest()[:16], f"{name}: {target.name}"
            spec = json.loads(data)
            assert "vega-lite" in spec.get("$schema", ""), f"{name}: {target.name} is no spec"
            keys = set(strings_in(spec))
            assert keys & {"data", "datasets"}, f"{name}: {target.name} has no data"
            assert stub["size"] == size_fields(spec), f"{name}: size fields of {target.name}"
            texts = set(strings_in(stub["size"])) - SIZE_KEYS - {spec["config"].get("font")}
            assert not texts, f"{name}: text in the size fields: {texts}"
    assert charts >= 1, "no chart found"
