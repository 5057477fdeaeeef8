"""One call that prepares a chapter notebook: chart theme, offline-ready HTML output, tables."""

from __future__ import annotations

import altair as alt
import pandas as pd


def setup() -> None:
    """Configure Altair and pandas the same way in every chapter.

    Charts are emitted as self-contained HTML (spec and data inline). On the book's site the
    page supplies the Vega libraries locally, so no chart loads anything from another host. The
    Vega-Embed action menu is switched off: the figure index offers every download instead.
    """
    from axisnet import charts  # noqa: F401  (registers and enables the book's theme)

    alt.renderers.enable("html")
    alt.renderers.set_embed_options(actions=False)
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 100)
