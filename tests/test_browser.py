"""The built site in headless Debian chromium, with the network cut off.

Every page: no request leaves 127.0.0.1, every chart draws (an svg or canvas inside the chart's
element), no console error, and axe-core finds no serious or critical violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, sync_playwright

from conftest import BookBuild

pytestmark = [pytest.mark.browser, pytest.mark.build]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}
# axe's defaults plus the check that a control's visible label is part of its accessible name
# (experimental in axe, so off by default; the stock search button fails it).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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


def wait_for_charts(page: Page) -> list[str]:
    """Wait until every chart element holds an svg or canvas; return the ids that never did."""
    ids = page.eval_on_selector_all("div[id^='altair-viz-']", "els => els.map(e => e.id)")
    missing = []
    for chart_id in ids:
        try:
            page.wait_for_selector(
                f"#{chart_id} svg, #{chart_id} canvas", state="attached", timeout=15000
            )
        except Exception:
            missing.append(chart_id)
    return missing


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
