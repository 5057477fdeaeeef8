"""Shared fixtures: the strict book build and a local server for the built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_FLAGS = ["--all", "-W", "-n", "--keep-going"]


@dataclass(frozen=True)
class BookBuild:
    returncode: int
    log: str
    html: Path


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """Build the whole book once per session, strictly, into a fresh output folder.

    ``--all`` rebuilds every page, so warnings cannot hide behind an up-to-date cache; the
    fresh output folder means every chapter is executed from scratch.
    """
    return build_book(tmp_path_factory.mktemp("book"))


def build_book(out: Path, **env: str) -> BookBuild:
    """Build the book strictly into ``out`` (a fresh folder), with ``env`` added to the
    environment of the build and its kernels."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(out), *BUILD_FLAGS],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0", **env},
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(book_build: BookBuild) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) for the browser tests."""
    with serve(book_build.html) as url:
        yield url


@contextlib.contextmanager
def serve(html: Path) -> Iterator[str]:
    """Serve the folder ``html`` on 127.0.0.1 (a free port); yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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
