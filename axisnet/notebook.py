"""Chapter notebooks: one call that prepares them (chart theme, offline-ready HTML output,
tables), and one way to run them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd


def setup() -> None:
    """Configure Altair and pandas the same way in every chapter.

    Charts are emitted as self-contained HTML (spec and data inline). On the book's site the
    page supplies the Vega libraries locally, so no chart loads anything from another host. The
    Vega-Embed action menu is switched off: the figure index offers every download instead.
    Charts draw as SVG: text stays sharp when a reader zooms, and the chart's elements carry
    Vega's ARIA roles and labels.
    """
    from axisnet import charts  # noqa: F401  (registers and enables the book's theme)

    alt.renderers.enable("html")
    alt.renderers.set_embed_options(actions=False, renderer="svg")
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 100)


def execute(nb: Any, directory: Path | str, timeout: int = 600) -> None:
    """Run a notebook top to bottom on a fresh ``python3`` kernel whose working directory is
    ``directory``, storing its outputs in ``nb`` (no timing metadata, so outputs are stable).
    Raises nbclient's ``CellExecutionError`` when a cell fails."""
    from nbclient import NotebookClient

    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(directory)}},
        record_timing=False,
    ).execute()
