"""The figures' files the build makes, and the chart font the site serves.

- The PDF of each figure is not byte-stable (see ``axisnet.figures.render_pdf``), so it is not
  committed: at ``builder-inited``, before the figure index page is read, this writes
  ``figures/<id>.pdf`` for every committed ``figures/<id>.vl.json`` whose PDF is missing or
  older than its spec. The figure index links to it like to the other formats.
- Charts name the book's own font (``axisnet.charts.FONT``). The site serves its WOFF2 files
  from ``_static/fonts/`` with ``_static/fonts.css``, so pages and exports measure text alike
  and nothing is fetched from another host.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
LOGGER = logging.getLogger(__name__)


def write_missing_pdfs(figures_dir: Path = ROOT / "figures") -> list[Path]:
    """Write the PDF of every figure spec in ``figures_dir`` whose PDF is missing or stale."""
    from axisnet.figures import render_pdf

    written = []
    for spec in sorted(figures_dir.glob("fig-*.vl.json")):
        pdf = spec.with_name(spec.name.removesuffix(".vl.json") + ".pdf")
        if not pdf.exists() or pdf.stat().st_mtime < spec.stat().st_mtime:
            written.append(render_pdf(spec.read_text(encoding="utf-8"), pdf))
    return written


def _pdfs(app: Sphinx) -> None:
    written = write_missing_pdfs()
    if written:
        LOGGER.info(f"wrote {len(written)} figure PDFs")


def _fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from axisnet.charts import FONTS_DIR

    target = Path(app.outdir) / "_static" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for font in sorted(FONTS_DIR.glob("*.woff2")):
        shutil.copyfile(font, target / font.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _pdfs)
    app.connect("build-finished", _fonts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
