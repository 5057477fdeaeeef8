"""Chapter notebooks: one call that prepares them (chart theme, offline-ready HTML output,
tables), and one way to run them."""

from __future__ import annotations

import hashlib
import os
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


#: Where a chapter notebook records the digest of the data its stored outputs were made from.
DIGEST_KEY = "data_digest"


def data_directory() -> Path:
    """The data folder the chapters read: ``AXISNET_DATA_DIR`` if set, else the book's ``data/``."""
    return Path(os.environ.get("AXISNET_DATA_DIR") or Path(__file__).resolve().parents[1] / "data")


def data_digest(directory: Path | str | None = None) -> str:
    """A digest of the data package: ``datapackage.json`` and the tables beside it.

    Parameters
    ----------
    directory
        The data folder; default :func:`data_directory`.

    Returns
    -------
    str
        16 hexadecimal digits; any change to the descriptor or to a table changes it.

    Examples
    --------
    >>> len(data_digest())
    16
    """
    base = Path(directory) if directory is not None else data_directory()
    digest = hashlib.sha256()
    files = [base / "datapackage.json", *sorted(base.glob("*.csv"))]
    for path in (p for p in files if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def stamp(nb: Any, directory: Path | str | None = None) -> None:
    """Record in ``nb``'s metadata the digest of the data its outputs were made from."""
    nb.metadata.setdefault("axisnet", {})[DIGEST_KEY] = data_digest(directory)
