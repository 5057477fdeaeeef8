"""Shared fixtures: the strict book build and a local server for the built site.

Each chapter is executed once per test run. nbval executes it (``chapters/`` is collected
first) in a kernel that inherits ``AXISNET_FIGURES_DIR``, so the figures the chapter registers
are written to one folder for the whole run. When every chapter has passed nbval, its stored
outputs are what a fresh execution gives, so the book build uses them as they are
(``AXISNET_BOOK_EXECUTE=off``) and the figure checks use the registrations; a chapter that did
not run or did not pass is executed by the build and the figure checks themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from local_site import CHROMIUM_ARGS, serve  # noqa: E402

BUILD_FLAGS = ["--all", "-W", "-n", "--keep-going"]
FIGURES_ENV = "AXISNET_FIGURES_DIR"


class ChapterRuns:
    """What nbval did with each chapter notebook in this run: cells passed and failed."""

    def __init__(self) -> None:
        self.passed: dict[str, int] = {}
        self.failed: set[str] = set()
        self.figures_dir: Path | None = None

    def record(self, report: pytest.TestReport) -> None:
        path = report.nodeid.split("::", 1)[0]
        if not (path.startswith("chapters/") and path.endswith(".ipynb")):
            return
        if report.failed:
            self.failed.add(path)
        elif report.when == "call" and report.passed:
            self.passed[path] = self.passed.get(path, 0) + 1

    def all_passed(self) -> bool:
        """True when every chapter notebook ran under nbval in this run and none failed."""
        notebooks = {f"chapters/{p.name}" for p in (ROOT / "chapters").glob("*.ipynb")}
        return notebooks <= set(self.passed) and not (self.failed & notebooks)


CHAPTER_RUNS = ChapterRuns()


def pytest_configure(config: pytest.Config) -> None:
    if FIGURES_ENV not in os.environ:
        import tempfile

        CHAPTER_RUNS.figures_dir = Path(tempfile.mkdtemp(prefix="axisnet-registrations-"))
        os.environ[FIGURES_ENV] = str(CHAPTER_RUNS.figures_dir)


def pytest_unconfigure(config: pytest.Config) -> None:
    if CHAPTER_RUNS.figures_dir is not None:
        shutil.rmtree(CHAPTER_RUNS.figures_dir, ignore_errors=True)
        os.environ.pop(FIGURES_ENV, None)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    CHAPTER_RUNS.record(report)


@pytest.fixture(scope="session")
def chapter_registrations() -> Path | None:
    """The figures registered by the chapters nbval ran in this run, if all passed."""
    if CHAPTER_RUNS.figures_dir is not None and CHAPTER_RUNS.all_passed():
        return CHAPTER_RUNS.figures_dir
    return None


@dataclass(frozen=True)
class BookBuild:
    returncode: int
    log: str
    html: Path


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """Build the whole book once per session, strictly, into a fresh output folder.

    ``--all`` rebuilds every page, so warnings cannot hide behind an up-to-date cache. When
    nbval has passed every chapter in this run, the build uses their verified stored outputs;
    otherwise the fresh output folder means every chapter is executed from scratch.
    """
    return build_book(tmp_path_factory.mktemp("book"), **book_env())


def book_env() -> dict[str, str]:
    """What the book build adds to the environment: build from the stored outputs when nbval
    has passed every chapter in this run."""
    return {"AXISNET_BOOK_EXECUTE": "off"} if CHAPTER_RUNS.all_passed() else {}


def build_book(out: Path, *, flags: Sequence[str] = BUILD_FLAGS, **env: str) -> BookBuild:
    """Build the book strictly into ``out`` (a fresh folder, or the output of an earlier build
    when ``flags`` leave out ``--all``), with ``env`` added to the environment of the build and
    its kernels (never the test run's figures folder)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), *flags],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            k: v
            for k, v in {**os.environ, "PYTHONHASHSEED": "0", **env}.items()
            if k != FIGURES_ENV
        },
    )
    return BookBuild(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")


def site_pages(html: Path) -> list[Path]:
    """The pages of the built site (not the theme's template fragments under _static)."""
    return sorted(
        p
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in {"_static", "_sources"}
    )


@pytest.fixture(scope="session")
def html_pages(book_build: BookBuild) -> list[Path]:
    pages = site_pages(book_build.html)
    assert pages, f"the build produced no HTML pages:\n{book_build.log[-3000:]}"
    return pages


@pytest.fixture(scope="session")
def site_url(book_build: BookBuild) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) for the browser tests."""
    with serve(book_build.html) as url:
        yield url


def chromium_path() -> str | None:
    """The Debian chromium binary, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's chromium; a loud skip outside CI, a failure under CI=true."""
    path = chromium_path()
    if path is None:
        message = (
            "BROWSER TESTS NOT RUN: Debian's chromium is not installed "
            "(apt-get install chromium); .ci/run installs it"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    """One headless chromium for the whole run (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def chart_ids(page: Any) -> list[str]:
    """Ids of the chart containers on a Playwright page."""
    return page.eval_on_selector_all("div[id^='altair-viz-']", "els => els.map(e => e.id)")


def wait_for_charts(page: Any) -> list[str]:
    """Scroll each chart into view (charts are drawn as they near the viewport) and wait until
    it holds an svg or canvas; return the ids that never did."""
    missing = []
    for chart_id in chart_ids(page):
        page.locator(f"#{chart_id}").scroll_into_view_if_needed()
        try:
            page.wait_for_selector(
                f"#{chart_id} svg, #{chart_id} canvas", state="attached", timeout=15000
            )
        except Exception:
            missing.append(chart_id)
    return missing
