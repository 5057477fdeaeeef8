"""The whole book builds strictly: any warning or execution error fails."""

from __future__ import annotations

import re

from conftest import ROOT, BookBuild


def test_strict_build_succeeds(book_build: BookBuild) -> None:
    assert book_build.returncode == 0, book_build.log[-6000:]


def test_build_log_has_no_warning_or_error(book_build: BookBuild) -> None:
    bad = [
        line
        for line in book_build.log.splitlines()
        if re.search(r": (WARNING|ERROR|CRITICAL):|^Traceback|Exception occurred", line)
    ]
    assert not bad, "\n".join(bad[:40])


def test_every_toc_entry_is_built(book_build: BookBuild) -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"file:\s*(\S+)", toc)
    assert len(files) >= 14
    missing = [f for f in files if not (book_build.html / f"{f}.html").exists()]
    assert not missing, missing


def test_chapter_pages_are_numbered(book_build: BookBuild) -> None:
    page = (book_build.html / "chapters" / "04-hierarchy.html").read_text(encoding="utf-8")
    assert re.search(r"<h1><span class=\"section-number\">4\. </span>", page), "no chapter number"
