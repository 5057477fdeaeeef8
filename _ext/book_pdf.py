"""Sphinx extension: link the book's PDF from every page's footer, once ``make pdf`` made it.

``make pdf`` (``tools/print_book.py``) prints the built site to ``_build/pdf/<PDF_NAME>``. When
that file exists, the build copies it to the site's root and adds a download link to the
footer; when it does not, no page links it, so the site never holds a dead link.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "axis-network-book.pdf"
PDF_SOURCE = ROOT / "_build" / "pdf" / PDF_NAME


def _config(app: Sphinx, config: Any) -> None:
    # Part of the HTML settings, so every page is written again when the PDF appears or goes.
    config.html_context = {**config.html_context, "book_pdf": PDF_SOURCE.is_file()}


def _link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if not PDF_SOURCE.is_file():
        return
    href = context["pathto"](PDF_NAME, 1)
    link = f' <a href="{href}" download>Download the whole book as one PDF</a>.'
    context["theme_extra_footer"] = context.get("theme_extra_footer", "") + link


def _copy(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and PDF_SOURCE.is_file():
        shutil.copyfile(PDF_SOURCE, Path(app.outdir) / PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config)
    app.connect("html-page-context", _link)
    app.connect("build-finished", _copy)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
