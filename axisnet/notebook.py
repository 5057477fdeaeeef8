"""Chapter notebooks: one call that prepares them (chart theme, offline-ready HTML output,
tables), one way to run them, and how text from the data goes into Markdown and glue."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = [
    "DIGEST_KEY",
    "INPUTS_KEY",
    "data_digest",
    "environment_digest",
    "escape_markdown",
    "execute",
    "glue_text",
    "inputs_digest",
    "outputs_current",
    "setup",
    "stamp",
]

# Every ASCII punctuation character: CommonMark lets a backslash escape any of them.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    r"""Escape a string from the data so that Markdown shows it as the same text.

    Every ASCII punctuation character gets a backslash, so nothing in the string is read as
    HTML (tags, comments, entities), Markdown (emphasis, links, code, headings, lists, tables)
    or MyST syntax (roles, directives, substitutions, math): the page shows the characters
    themselves. Runs of white space, line breaks included, become one space, so the string
    stays inside the paragraph or list item it is placed in.

    The result also works as a link destination: with ``md = escape_markdown``,
    ``f"[{md(label)}]({md(url)})"`` links to ``url`` unchanged (characters a URL may not hold
    are percent-encoded). Build such a link only for ``http://`` and ``https://`` URLs and show
    anything else as text.

    Parameters
    ----------
    text : str
        A value from the data (a name, a claim, a note...).

    Returns
    -------
    str
        The same text, escaped for inline use in MyST Markdown.

    Examples
    --------
    >>> print(escape_markdown("**Hizballah** <b>and</b> allies"))
    \*\*Hizballah\*\* \<b\>and\<\/b\> allies
    >>> escape_markdown("two\n\nlines")
    'two lines'
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def glue_text(key: str, text: str) -> None:
    """Glue a piece of text from the data (a name, a list of names) for the ``{glue:md}`` role.

    The text is escaped with :func:`escape_markdown`, so the page shows it as written, and
    nothing is displayed in the notebook itself.

    Parameters
    ----------
    key : str
        The glue key the page refers to (``{glue:md}`key```).
    text : str
        The text to show.

    Examples
    --------
    In a chapter notebook:

    >>> glue_text("hierarchy-top-broker", "Quds Force")
    """
    from IPython.display import Markdown
    from myst_nb import glue

    glue(key, Markdown(escape_markdown(text)), display=False)


class _ScriptSafeJSON(json.JSONEncoder):
    """JSON that can stand inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` (which
    JSON only holds inside strings) are written as ``\\u`` escapes, so a string from the data
    such as ``</script>`` cannot end the script and turn the rest into HTML."""

    def encode(self, o: Any) -> str:
        text = super().encode(o)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def setup() -> None:
    """Configure Altair and pandas the same way in every chapter.

    Charts are emitted as self-contained HTML (spec and data inline). On the book's site the
    page supplies the Vega libraries locally, so no chart loads anything from another host. The
    Vega-Embed action menu is switched off: the figure index offers every download instead.
    Charts draw as SVG: text stays sharp when a reader zooms, and the chart's elements carry
    Vega's ARIA roles and labels. The chart's JSON is written so that no string in it can
    close the ``<script>`` element that holds it.

    Examples
    --------
    >>> import altair as alt
    >>> setup()
    >>> alt.renderers.active, alt.theme.active
    ('html', 'axisnet')
    """
    import altair as alt
    import pandas as pd

    from axisnet import charts  # noqa: F401  (registers and enables the book's theme)

    alt.renderers.enable(
        "html",
        embed_options={"actions": False, "renderer": "svg"},
        json_kwds={"cls": _ScriptSafeJSON},
    )
    alt.data_transformers.disable_max_rows()
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 100)


def execute(nb: Any, directory: Path | str, timeout: int = 600) -> None:
    """Run a notebook top to bottom on a fresh ``python3`` kernel, storing its outputs in ``nb``.

    No timing metadata is recorded, so the outputs are stable.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook, changed in place.
    directory : Path or str
        The kernel's working directory.
    timeout : int
        Seconds a cell may take.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        When a cell fails.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    >>> execute(nb, ".")
    >>> nb.cells[0].outputs[0]["data"]["text/plain"]
    '42'
    """
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


def data_digest(directory: Path | str | None = None) -> str:
    """A digest of the data package: ``datapackage.json`` and the tables beside it.

    Parameters
    ----------
    directory
        The data folder; default: the one :func:`axisnet.data.load` reads.

    Returns
    -------
    str
        16 hexadecimal digits; any change to the descriptor or to a table changes it.

    Examples
    --------
    >>> len(data_digest())
    16
    """
    from axisnet.paths import DESCRIPTOR, data_dir, files_digest

    base = data_dir(directory)
    files = [base / DESCRIPTOR, *base.glob("*.csv")]
    return files_digest({p.name: p for p in files if p.is_file()})


#: Where a chapter notebook records the digest of everything its stored outputs depend on.
INPUTS_KEY = "inputs_digest"
#: The package whose code and fonts the chapters run, and the pins of the libraries they use.
PACKAGE_DIR = Path(__file__).resolve().parent
REQUIREMENTS = PACKAGE_DIR.parent / "requirements.txt"


def environment_digest(
    directory: Path | str | None = None,
    package: Path | str = PACKAGE_DIR,
    requirements: Path | str = REQUIREMENTS,
) -> str:
    """A digest of what every chapter's outputs depend on besides its own code.

    That is the data package (:func:`data_digest`), every file of the helper package (code and
    fonts) and the pinned requirements, when the package sits in the book's repository.

    Parameters
    ----------
    directory : Path or str, optional
        The data folder (see :func:`data_digest`).
    package : Path or str
        The helper package's folder.
    requirements : Path or str
        The pinned requirements file (left out when there is none, as in an installed package).

    Returns
    -------
    str
        16 hexadecimal digits.

    Examples
    --------
    >>> environment_digest() == environment_digest()
    True
    """
    from axisnet.paths import files_digest

    root = Path(package)
    files = {
        p.relative_to(root).as_posix(): p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    pins = Path(requirements)
    if pins.is_file():
        files["../requirements.txt"] = pins
    return files_digest(files, data_digest(directory))


def inputs_digest(nb: Any, environment: str | None = None) -> str:
    """A digest of everything a notebook's outputs depend on: its code and its environment.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; the source of its code cells, in order, enters the digest.
    environment : str, optional
        The :func:`environment_digest` to combine it with (computed when not given).

    Returns
    -------
    str
        16 hexadecimal digits; an edit to any code cell, to the data, to the package or to the
        pinned requirements changes it.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> before = inputs_digest(nb)
    >>> nb.cells[0].source = "1 + 2"
    >>> inputs_digest(nb) == before
    False
    """
    from axisnet.paths import files_digest

    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return files_digest({}, environment or environment_digest(), *code)


def stamp(nb: Any, directory: Path | str | None = None) -> None:
    """Record in ``nb``'s metadata what its outputs were made from.

    Two digests: the data's (:data:`DIGEST_KEY`, see :func:`data_digest`) and that of
    everything the outputs depend on (:data:`INPUTS_KEY`, see :func:`inputs_digest`), which
    :func:`outputs_current` compares.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook, changed in place.
    directory : Path or str, optional
        The data folder (see :func:`data_digest`).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> stamp(nb)
    >>> nb.metadata["axisnet"][DIGEST_KEY] == data_digest()
    True
    """
    record = nb.metadata.setdefault("axisnet", {})
    record[DIGEST_KEY] = data_digest(directory)
    record[INPUTS_KEY] = inputs_digest(nb, environment_digest(directory))


def outputs_current(
    nb: Any, directory: Path | str | None = None, environment: str | None = None
) -> bool:
    """Whether ``nb``'s stored outputs were made from its present code, data and package.

    True when the notebook was stamped (:func:`stamp`) after a run of exactly its present code
    cells, on the present data, package and pinned requirements; a run would then give the
    same outputs, so they can be used as they are.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook.
    directory : Path or str, optional
        The data folder (see :func:`data_digest`).
    environment : str, optional
        A precomputed :func:`environment_digest` (for several notebooks in a row).

    Returns
    -------
    bool

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> outputs_current(nb)
    False
    >>> stamp(nb)
    >>> outputs_current(nb)
    True
    >>> nb.cells[0].source = "1 + 2"
    >>> outputs_current(nb)
    False
    """
    recorded = nb.metadata.get("axisnet", {}).get(INPUTS_KEY)
    return recorded == inputs_digest(nb, environment or environment_digest(directory))
