"""The built site in headless Debian chromium, with the network cut off.

Every page: no request leaves 127.0.0.1, every chart draws once scrolled into view (an svg or
canvas inside the chart's element), no console error, and axe-core finds no serious or critical
violation. Charts are drawn lazily: one far down a phone screen waits until it is scrolled to,
opened at by an anchor, or printed. The reader's controls work with the theme's scripts deferred.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from conftest import BookBuild, chart_ids, wait_for_charts

pytestmark = [pytest.mark.browser, pytest.mark.build]

SERIOUS = {"serious", "critical"}
# axe's defaults plus the check that a control's visible label is part of its accessible name
# (experimental in axe, so off by default; the stock search button fails it).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


class OfflinePage:
    """A page whose every request to another host is recorded and aborted."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page: Page = self.context.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.console_errors.append(str(err)))
        self.page.on("requestfailed", lambda req: self.failed.append(req.url))

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in {"127.0.0.1"} or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error":
            self.console_errors.append(message.text)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def all_pages(book_build: BookBuild, html_pages: list[Path]) -> list[str]:
    return [str(p.relative_to(book_build.html)) for p in html_pages]


def chart_count(page: Page) -> int:
    return page.locator("div[id^='altair-viz-']").count()


def is_drawn(page: Page, chart_id: str) -> bool:
    return page.locator(f"#{chart_id} svg, #{chart_id} canvas").count() > 0


def test_every_page_offline_charts_render_and_axe_is_clean(
    browser: Browser, site_url: str, all_pages: list[str], book_build: BookBuild
) -> None:
    axe = Axe()
    problems: list[str] = []
    charts_seen = 0
    for rel in all_pages:
        tab = OfflinePage(browser)
        try:
            tab.page.goto(f"{site_url}/{rel}", wait_until="load")
            n = chart_count(tab.page)
            charts_seen += n
            for chart_id in wait_for_charts(tab.page):
                problems.append(f"{rel}: chart {chart_id} did not render")
            if tab.blocked:
                problems.append(f"{rel}: requests outside 127.0.0.1: {sorted(set(tab.blocked))}")
            local_failures = [u for u in tab.failed if u not in tab.blocked]
            if local_failures:
                problems.append(f"{rel}: failed local requests: {local_failures}")
            if tab.console_errors:
                problems.append(f"{rel}: console errors: {tab.console_errors[:5]}")
            results = axe.run(tab.page, options=AXE_OPTIONS)
            for violation in results.response["violations"]:
                if violation.get("impact") in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(
                        f"{rel}: axe {violation['impact']} {violation['id']}: "
                        f"{violation['help']} at {targets}"
                    )
        finally:
            tab.close()
    assert charts_seen >= 1, "no chart found on any page"
    assert not problems, "\n".join(problems)


# Every chart is an SVG no wider than its place on the page, and none of its text (labels,
# legends, axis titles) runs past the edge of the drawing, where it would be cut off.
CUT_OFF_TEXT = """() => {
  const out = [];
  document.querySelectorAll("div[id^='altair-viz-']").forEach(div => {
    const svg = div.querySelector("svg");
    if (!svg) { out.push(div.id + ": not drawn as SVG"); return; }
    const box = svg.getBoundingClientRect();
    if (box.right > div.parentElement.getBoundingClientRect().right + 1) {
      out.push(div.id + ": wider than the page column");
    }
    svg.querySelectorAll("text").forEach(t => {
      const b = t.getBoundingClientRect();
      if (b.width > 0 && (b.left < box.left - 1 || b.right > box.right + 1)) {
        out.push(div.id + ": text cut off: " + JSON.stringify(t.textContent));
      }
    });
  });
  return out;
}"""


def test_chapter_fits_a_phone_screen(browser: Browser, site_url: str, all_pages: list[str]) -> None:
    """On a 390 px wide screen no chapter page scrolls sideways, its charts draw, and no chart
    text is cut off at the chart's edge."""
    problems = []
    for rel in [p for p in all_pages if p.startswith("chapters/")]:
        tab = OfflinePage(browser, width=390, height=844)
        try:
            tab.page.goto(f"{site_url}/{rel}", wait_until="load")
            problems += [f"{rel}: chart {c} did not render" for c in wait_for_charts(tab.page)]
            overflow = tab.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{rel}: page is {overflow}px wider than the screen")
            problems += [f"{rel}: {p}" for p in tab.page.evaluate(CUT_OFF_TEXT)]
        finally:
            tab.close()
    assert not problems, "\n".join(problems)


def test_a_blocked_request_would_be_caught(browser: Browser, site_url: str) -> None:
    """The offline harness itself: a page that loads from another host is reported."""
    tab = OfflinePage(browser)
    try:
        tab.page.set_content(
            "<html><head><script src='https://cdn.example.org/x.js'></script></head>"
            "<body>probe</body></html>"
        )
        assert any("cdn.example.org" in u for u in tab.blocked)
    finally:
        tab.close()


def test_screenshot_of_first_chart_page(
    browser: Browser, site_url: str, all_pages: list[str], tmp_path: Path
) -> None:
    """A chart page renders to a non-trivial image (guards against blank pages)."""
    tab = OfflinePage(browser)
    try:
        for rel in all_pages:
            tab.page.goto(f"{site_url}/{rel}", wait_until="load")
            if chart_count(tab.page):
                assert not wait_for_charts(tab.page)
                shot = tab.page.locator("div[id^='altair-viz-']").first.screenshot(
                    path=str(tmp_path / "chart.png")
                )
                assert len(shot) > 2000
                return
        pytest.fail("no chart page found")
    finally:
        tab.close()


def chart_page_with_most_charts(all_pages: list[str], book_build: BookBuild) -> str:
    counts = {
        rel: (book_build.html / rel).read_text(encoding="utf-8").count('id="altair-viz-')
        for rel in all_pages
    }
    return max(counts, key=counts.__getitem__)


def test_charts_are_drawn_as_they_come_into_view(
    browser: Browser, site_url: str, all_pages: list[str], book_build: BookBuild
) -> None:
    """On a phone, a chart far down the page is not drawn at load (its height is reserved),
    and is drawn once scrolled to; the Vega bundle and the chart's spec file are only fetched
    for it."""
    rel = chart_page_with_most_charts(all_pages, book_build)
    tab = OfflinePage(browser, width=390, height=844)
    requests: list[str] = []
    tab.page.on("request", lambda req: requests.append(req.url))
    try:
        tab.page.goto(f"{site_url}/{rel}", wait_until="load")
        tab.page.wait_for_timeout(1500)
        last = chart_ids(tab.page)[-1]
        box = tab.page.locator(f"#{last}").bounding_box()
        assert box and box["y"] > 3 * 844, f"{rel}: the last chart is not far down the page"
        assert not is_drawn(tab.page, last), f"{rel}: {last} drawn before it was scrolled to"
        assert box["height"] > 150, f"{rel}: no height reserved for {last}"
        first_box = tab.page.locator(f"#{chart_ids(tab.page)[0]}").bounding_box()
        if first_box and first_box["y"] > 3 * 844:
            assert not [u for u in requests if "vega-offline-" in u], "bundle fetched up front"
        specs_at_load = spec_requests(requests)
        assert len(specs_at_load) < len(chart_ids(tab.page)), "every spec fetched up front"
        tab.page.locator(f"#{last}").scroll_into_view_if_needed()
        tab.page.wait_for_selector(f"#{last} svg", state="attached", timeout=15000)
        assert [u for u in requests if "vega-offline-" in u], "bundle never fetched"
        assert spec_requests(requests) - specs_at_load, "the chart's spec was never fetched"
        assert not tab.console_errors, tab.console_errors
    finally:
        tab.close()


def spec_requests(requests: list[str]) -> set[str]:
    """The chart spec files among requested URLs."""
    return {u for u in requests if "/_static/charts/" in u and u.endswith(".json")}


def test_reserved_height_is_close_to_the_drawn_height(
    browser: Browser, site_url: str, all_pages: list[str], book_build: BookBuild
) -> None:
    """On a phone, the height each chart reserves before its spec is fetched is within a factor
    of 1.5 of the height it is drawn with, so the text below moves little when it is drawn."""
    rel = chart_page_with_most_charts(all_pages, book_build)
    tab = OfflinePage(browser, width=390, height=844)
    try:
        tab.page.goto(f"{site_url}/{rel}", wait_until="load")
        ids = chart_ids(tab.page)
        height = "el => el.getBoundingClientRect().height"
        reserved = {i: tab.page.eval_on_selector(f"#{i}", height) for i in ids}
        assert not wait_for_charts(tab.page)
        problems = []
        for chart_id in ids:
            drawn = tab.page.eval_on_selector(f"#{chart_id}", height)
            if not drawn / 1.5 <= reserved[chart_id] <= drawn * 1.5:
                problems.append(f"{chart_id}: reserved {reserved[chart_id]:.0f}, drawn {drawn:.0f}")
        assert not problems, f"{rel}: " + "; ".join(problems)
    finally:
        tab.close()


def test_chart_at_an_anchor_and_for_print(
    browser: Browser, site_url: str, all_pages: list[str], book_build: BookBuild
) -> None:
    """A page opened at a chart's figure draws that chart; printing draws every chart."""
    rel = chart_page_with_most_charts(all_pages, book_build)
    tab = OfflinePage(browser, width=390, height=844)
    try:
        tab.page.goto(f"{site_url}/{rel}", wait_until="load")
        ids = chart_ids(tab.page)
        # the last chart that is a numbered figure (charts in solutions have no figure anchor)
        in_figures = [
            i for i in ids if tab.page.eval_on_selector(f"#{i}", "el => !!el.closest('figure[id]')")
        ]
        assert in_figures, f"{rel}: no chart inside a figure"
        target = in_figures[-1]
        figure = tab.page.eval_on_selector(f"#{target}", "el => el.closest('figure[id]').id")
        tab.page.goto(f"{site_url}/{rel}#{figure}", wait_until="load")
        tab.page.wait_for_selector(f"#{target} svg", state="attached", timeout=15000)
        assert not is_drawn(tab.page, ids[0]), "a chart far from the anchor was drawn too"

        tab.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        for chart_id in ids:
            tab.page.wait_for_selector(f"#{chart_id} svg", state="attached", timeout=15000)
        assert not tab.console_errors, tab.console_errors
    finally:
        tab.close()


def test_reader_features_work_with_deferred_scripts(
    browser: Browser, site_url: str, all_pages: list[str], book_build: BookBuild
) -> None:
    """Copy buttons, solution dropdowns, the colour-mode switch, search (Ctrl+K) and, on a
    phone, the navigation button all still work with the theme's scripts deferred."""
    rel = next(p for p in all_pages if "solution" in (book_build.html / p).read_text("utf-8"))
    tab = OfflinePage(browser)
    try:
        page = tab.page
        page.goto(f"{site_url}/{rel}", wait_until="load")
        assert page.locator("button.copybtn").count() > 0, "no copy buttons"
        solution = page.locator(".solution.dropdown").first
        toggle = solution.locator("button.toggle-button")
        assert toggle.count() == 1, "solution without a toggle button"
        assert "toggle-hidden" in solution.get_attribute("class"), "solution shown at load"
        toggle.click()
        page.wait_for_timeout(300)
        assert "toggle-hidden" not in solution.get_attribute("class"), "solution did not open"

        before = page.evaluate("document.documentElement.dataset.mode")
        page.locator(".theme-switch-button").first.click()
        assert page.evaluate("document.documentElement.dataset.mode") != before
        # The dark theme's colours, and a visible outline on the link the keyboard reaches.
        colours = {
            theme: page.evaluate(
                "t => { document.documentElement.dataset.theme = t;"
                " return getComputedStyle(document.body).backgroundColor; }",
                theme,
            )
            for theme in ("light", "dark")
        }
        assert colours["light"] != colours["dark"], colours
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert outline[0] != "none" and outline[1] > 0, f"no focus outline: {outline}"

        page.keyboard.press("Control+k")
        page.wait_for_selector("#pst-search-dialog[open]", timeout=5000)
        assert page.evaluate("document.activeElement.name") == "q"
        assert not tab.console_errors, tab.console_errors
    finally:
        tab.close()
    phone = OfflinePage(browser, width=390, height=844)
    try:
        phone.page.goto(f"{site_url}/{rel}", wait_until="load")
        button = phone.page.locator(".primary-toggle:visible").first
        button.click()
        phone.page.wait_for_selector("#pst-primary-sidebar-modal[open]", timeout=5000)
    finally:
        phone.close()


# Marks of the explorer's chart, by the names axisnet.explorer gives them.
EXPLORER_MARKS = """() => {
  const chart = document.querySelector("#fig-explorer-network div[id^='altair-viz-']");
  const count = (name) => chart.querySelectorAll(`g.${name}_marks > *`).length;
  return { links: count("explorer_links"), actors: count("explorer_actors") };
}"""


def test_explorer_controls_change_the_drawing_and_the_summary(
    browser: Browser, site_url: str
) -> None:
    """With the network cut off, the explorer page draws its chart; choosing a removal and
    unticking a layer (through the form controls, as a keyboard user would) changes the
    number of drawn links and actors and the numbers of the live summary."""
    tab = OfflinePage(browser)
    axe = Axe()
    try:
        page = tab.page
        page.goto(f"{site_url}/chapters/explorer.html", wait_until="load")
        assert not wait_for_charts(page)
        summary = page.locator(".explorer-summary")
        assert summary.get_attribute("aria-live") == "polite"
        first_text = summary.inner_text()
        first = page.evaluate(EXPLORER_MARKS)
        assert first["links"] > 0 and first["actors"] > 0

        removal = page.locator("#fig-explorer-network select")
        removal.focus()
        removal.select_option(label="Quds Force and commanders")
        page.wait_for_function(
            "t => document.querySelector('.explorer-summary').textContent !== t", arg=first_text
        )
        removed_text = summary.inner_text()
        removed = page.evaluate(EXPLORER_MARKS)
        assert "Removed: Quds Force and commanders." in removed_text
        assert removed["actors"] < first["actors"] and removed["links"] < first["links"]

        material = page.get_by_label("Material ties")
        material.focus()
        page.keyboard.press("Space")
        page.wait_for_function(
            "t => document.querySelector('.explorer-summary').textContent !== t", arg=removed_text
        )
        assert not material.is_checked()
        assert page.evaluate(EXPLORER_MARKS)["links"] < removed["links"]
        assert "Actors:" in summary.inner_text()

        results = axe.run(page, options=AXE_OPTIONS)
        serious = [v["id"] for v in results.response["violations"] if v.get("impact") in SERIOUS]
        assert not serious
        assert not tab.blocked and not tab.console_errors
    finally:
        tab.close()
