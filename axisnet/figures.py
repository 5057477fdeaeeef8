"""The figure registry: what a chapter calls to make a chart a citable figure.

A chapter registers each chart it shows, then glues the returned chart::

    from myst_nb import glue
    from axisnet import figures

    fig = figures.register(
        "fig-hierarchy-decapitation", chart, data=table, title="...",
        sources=["ezzeddine-azizi-2022"], chapter="hierarchy",
    )
    glue("fig-hierarchy-decapitation", fig.chart, display=False)

and shows it with a ``{glue:figure}`` directive whose ``:name:`` is the figure ID. The caption
(the directive's body) and the alt text (its ``:alt:`` option) are written there, once: the
book build reads them, with the number Sphinx gives the figure, for the figure index.

When the environment variable ``AXISNET_FIGURES_DIR`` names a directory, :func:`register`
also writes the canonical Vega-Lite spec (``<id>.vl.json``), the data behind the chart
(``<id>.csv``) and the figure's metadata (``<id>.meta.json``) there, for
:func:`axisnet.publish.export_all`.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair
import pandas as pd

__all__ = [
    "ENV_VAR",
    "article_first",
    "Figure",
    "FigureError",
    "canonical_json",
    "clear",
    "get",
    "register",
    "registered",
]

#: Environment variable naming the directory that :func:`register` writes specs and data to.
ENV_VAR = "AXISNET_FIGURES_DIR"
ID_PATTERN = re.compile(r"^fig-[a-z0-9-]+$")
CHAPTER_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: The file, in the ``AXISNET_FIGURES_DIR`` folder, listing registered IDs in order.
LOG_NAME = "registrations.log"


class FigureError(ValueError):
    """A figure could not be registered or exported; the message lists every problem.

    Parameters
    ----------
    subject : str
        What failed (``cannot register figure 'fig-x'``).
    problems : Sequence[str]
        Every problem found, one a line in the message.

    Examples
    --------
    >>> print(FigureError("cannot export 'fig-x'", ["no spec", "no data"]))
    cannot export 'fig-x':
      - no spec
      - no data
    """

    def __init__(self, subject: str, problems: Sequence[str]) -> None:
        self.subject = subject
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{subject}:\n{lines}")


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A registered figure: the chart, the data behind it and its citation metadata.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> table = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    >>> chart = alt.Chart(table, description="Two bars.").mark_bar().encode(x="x", y="y")
    >>> fig = Figure("fig-doc-bars", chart, table, "Bars", ("ezzeddine-azizi-2022",), "doc")
    >>> fig.label, fig.spec()["description"], fig.data_csv()
    ('cite-fig-doc-bars', 'Two bars.', 'x,y\\na,1\\nb,2\\n')
    """

    id: str
    chart: Any
    data: pd.DataFrame = field(repr=False)
    title: str
    sources: tuple[str, ...]
    chapter: str
    #: The chart's Vega-Lite specification, validated once by :func:`register`.
    _spec: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """The anchor of the figure's entry on the figure index page (``cite-<id>``)."""
        return f"cite-{self.id}"

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite specification of the chart, as a dict (a fresh copy on every call)."""
        if self._spec is None:
            return self.chart.to_dict()
        return copy.deepcopy(self._spec)

    def spec_json(self) -> str:
        """The Vega-Lite specification as canonical JSON (see :func:`canonical_json`)."""
        return canonical_json(self._spec if self._spec is not None else self.spec())

    def data_csv(self) -> str:
        """The data behind the chart as CSV text (see :func:`frame_to_csv`)."""
        return frame_to_csv(self.data)

    def metadata(self) -> dict[str, Any]:
        """ID, title, sources and chapter, as a JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "sources": list(self.sources),
            "chapter": self.chapter,
        }


_REGISTRY: dict[str, Figure] = {}


def register(
    id: str,
    chart: Any,
    *,
    data: pd.DataFrame,
    title: str,
    sources: Iterable[str],
    chapter: str,
    source_ids: Iterable[str] | None = None,
    caption: str | None = None,
    alt: str | None = None,
) -> Figure:
    """Validate a chart and its metadata, record it, and return a :class:`Figure`.

    Parameters
    ----------
    id
        Stable figure ID, ``fig-`` followed by lower-case letters, digits and hyphens. It is
        also the ``:name:`` of the chapter's ``{glue:figure}`` directive, which holds the
        caption (its body) and the alt text (its ``:alt:`` option).
    chart
        An Altair chart (any top-level chart: layered, concatenated, ...).
    data
        The data behind the chart, published as ``<id>.csv``.
    title
        Short title, shown in the figure index.
    sources
        Source IDs from the dataset's ``sources`` table.
    chapter
        Chapter key, e.g. ``"hierarchy"`` for ``chapters/04-hierarchy.ipynb``.
    source_ids
        Known source IDs; by default, read from ``data/sources.csv``.
    caption
        Ignored: the caption is the directive's body.
    alt
        The chart's description if it has none. By default, a chart without a description
        gets the ``:alt:`` of its ``{glue:figure}`` directive, read from the chapter notebook
        in the working directory (where the chapter runs).

    Returns
    -------
    Figure
        The registered figure; glue ``figure.chart`` (it carries the description).

    Raises
    ------
    FigureError
        Listing every problem found. Registering an ID again from the same chapter replaces
        the earlier entry (a re-run cell); from another chapter it fails.

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> table = pd.DataFrame({"x": ["a"], "y": [1]})
    >>> chart = alt.Chart(table).mark_bar().encode(x="x", y="y")
    >>> register("fig-doc-bar", chart, data=table, title="Bar", sources=[], chapter="doc")
    Traceback (most recent call last):
    ...
    axisnet.figures.FigureError: cannot register figure 'fig-doc-bar':
      - sources must name at least one source
    """
    del caption  # written once, in the chapter's {glue:figure} directive
    problems: list[str] = []
    if not isinstance(id, str) or not ID_PATTERN.match(id):
        problems.append(f"id {id!r} does not match {ID_PATTERN.pattern}")
    if not isinstance(title, str) or not title.strip():
        problems.append("title must be a non-empty string")
    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        problems.append("alt must be a non-empty string if given")
    if not isinstance(chapter, str) or not CHAPTER_PATTERN.match(chapter):
        problems.append(f"chapter {chapter!r} is not a lower-case slug")
    if not (hasattr(chart, "to_dict") and hasattr(chart, "properties")):
        problems.append(f"chart must be an Altair chart, not {type(chart).__name__}")
    if not isinstance(data, pd.DataFrame):
        problems.append(f"data must be a pandas DataFrame, not {type(data).__name__}")
    elif data.columns.empty:
        problems.append("data has no columns")
    if isinstance(sources, str):
        problems.append("sources must be a list of source IDs, not a string")
        source_list: list[str] = []
    else:
        source_list = list(sources)
        if not source_list:
            problems.append("sources must name at least one source")
        if len(set(source_list)) != len(source_list):
            problems.append("sources lists an ID more than once")
        known = set(source_ids) if source_ids is not None else _dataset_source_ids()
        unknown = [s for s in source_list if s not in known]
        if unknown:
            problems.append(f"unknown source IDs (not in the sources table): {', '.join(unknown)}")
    earlier = _REGISTRY.get(id) if isinstance(id, str) else None
    if earlier is not None and earlier.chapter != chapter:
        problems.append(f"id {id!r} is already registered by chapter {earlier.chapter!r}")
    if problems:
        raise FigureError(f"cannot register figure {id!r}", problems)

    if not _has_description(chart):
        description = alt.strip() if alt is not None else directive_alt(id, chapter)
        if description:
            chart = chart.properties(description=description)
    # Serialised and validated against the Vega-Lite schema once, here (fails early if the
    # chart is invalid); the figure's chart then shows this same spec in Jupyter.
    spec = chart.to_dict()
    figure = Figure(
        id=id,
        chart=_showing(chart, spec),
        data=data,
        title=title.strip(),
        sources=tuple(source_list),
        chapter=chapter,
        _spec=spec,
    )
    spec_json = figure.spec_json()
    _REGISTRY[id] = figure
    out = os.environ.get(ENV_VAR)
    if out:
        _write_registration(figure, spec_json, Path(out))
    return figure


def directive_alt(id: str, chapter: str, directory: Path | str | None = None) -> str | None:
    """The ``:alt:`` option of the ``{glue:figure}`` directive named ``id``.

    Looked up in the markdown cells of the chapter notebook ``*-<chapter>.ipynb`` in
    ``directory`` (default: the working directory, where a chapter runs); None if there is
    no such notebook, directive or option.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> cell = {"cell_type": "markdown", "metadata": {}, "source": [
    ...     "```{glue:figure} fig-doc-bar\\n", ":name: fig-doc-bar\\n", ":alt: One bar.\\n",
    ...     "\\n", "A bar.\\n", "```\\n"]}
    >>> _ = (Path(folder) / "09-doc.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> directive_alt("fig-doc-bar", "doc", folder)
    'One bar.'
    """
    head = re.compile(r"^(`{3,}|:{3,})\{glue:figure\}\s+" + re.escape(id) + r"\s*$")
    for path in sorted(Path(directory or ".").glob(f"*-{chapter}.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") != "markdown":
                continue
            lines = "".join(cell.get("source", "")).splitlines()
            for i, line in enumerate(lines):
                if not head.match(line.strip()):
                    continue
                for option in lines[i + 1 :]:
                    m = re.match(r"^:([\w-]+):\s*(.*)$", option.strip())
                    if m is None:
                        break
                    if m.group(1) == "alt" and m.group(2).strip():
                        return m.group(2).strip()
    return None


def article_first(*groups: Iterable[str]) -> list[str]:
    """A figure's source ids: the article first, then every other id once, sorted.

    Parameters
    ----------
    *groups : iterable of str
        Source ids (the ``sources`` of a table's rows, the ids from
        :func:`axisnet.graphs.edge_sources` ...); repeats are dropped.

    Returns
    -------
    list of str

    Examples
    --------
    >>> article_first(["s2", "s1"], ("s1", "ezzeddine-azizi-2022"))
    ['ezzeddine-azizi-2022', 's1', 's2']
    """
    from axisnet.data import ARTICLE_SOURCE

    others = {str(s) for group in groups for s in group} - {ARTICLE_SOURCE}
    return [ARTICLE_SOURCE, *sorted(others)]


def get(id: str) -> Figure:
    """Return the registered figure with this ID.

    Parameters
    ----------
    id : str
        A figure ID passed to :func:`register`.

    Returns
    -------
    Figure

    Raises
    ------
    KeyError
        When no figure has this ID.

    Examples
    --------
    >>> get("fig-no-such-figure")
    Traceback (most recent call last):
    ...
    KeyError: 'fig-no-such-figure'
    """
    return _REGISTRY[id]


def registered() -> list[Figure]:
    """All figures registered in this session, in registration order.

    Returns
    -------
    list[Figure]

    Examples
    --------
    >>> import altair as alt, pandas as pd
    >>> table = pd.DataFrame({"x": ["a"], "y": [1]})
    >>> chart = alt.Chart(table).mark_bar().encode(x="x", y="y")
    >>> fig = register(
    ...     "fig-doc-bar", chart, data=table, title="Bar", sources=["ezzeddine-azizi-2022"],
    ...     chapter="doc",
    ... )
    >>> [f.id for f in registered()], get("fig-doc-bar").title
    (['fig-doc-bar'], 'Bar')
    >>> clear()
    """
    return list(_REGISTRY.values())


def clear() -> None:
    """Forget every registered figure (for tests and fresh sessions).

    Examples
    --------
    >>> clear()
    >>> registered()
    []
    """
    _REGISTRY.clear()


class _ShowsRegisteredSpec:
    """Mixin for the chart of a registered figure: Jupyter shows the spec that :func:`register`
    validated, instead of serialising and validating the chart again for every display.

    The spec is dropped (and the chart serialised as usual) when the chart is changed in place
    or when the active Altair theme or data transformer is no longer the one it was made with.
    Charts derived from it (``.properties()``, layers ...) are new objects and serialise as
    usual.
    """

    def _registered(self) -> dict[str, Any] | None:
        entry = self.__dict__.get("_registered_spec")
        if entry is None:
            return None
        spec, made_with = entry
        if made_with != _altair_settings():
            return None
        return spec

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
        spec = self._registered()
        if spec is None:
            return super()._repr_mimebundle_(*args, **kwargs)  # type: ignore[misc]
        renderer = altair.renderers.get()
        return renderer(copy.deepcopy(spec)) if renderer else None

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__.pop("_registered_spec", None)
        super().__setattr__(name, value)

    def __setitem__(self, name: str, value: Any) -> None:
        self.__dict__.pop("_registered_spec", None)
        super().__setitem__(name, value)  # type: ignore[misc]


_SHOWING: dict[type, type] = {}


def _altair_settings() -> tuple[str | None, str | None]:
    return altair.theme.active, altair.data_transformers.active


def _showing(chart: Any, spec: dict[str, Any]) -> Any:
    """A shallow copy of ``chart`` that Jupyter displays from ``spec`` (its validated spec).

    Its type is a subclass of the chart's own with the same name, so it is still an instance
    of ``alt.LayerChart`` (or whatever the chart is) and reads the same (``alt.LayerChart(...)``).
    """
    cls = type(chart)
    if not hasattr(chart, "_repr_mimebundle_") or not hasattr(chart, "copy"):
        return chart
    if cls not in _SHOWING:
        _SHOWING[cls] = type(
            cls.__name__,
            (_ShowsRegisteredSpec, cls),
            {"__module__": cls.__module__, "__qualname__": cls.__qualname__},
        )
    shown = chart.copy(deep=False)
    object.__setattr__(shown, "__class__", _SHOWING[cls])
    shown.__dict__["_registered_spec"] = (spec, _altair_settings())
    return shown


def _has_description(chart: Any) -> bool:
    value = getattr(chart, "description", None)
    return isinstance(value, str) and bool(value.strip())


def _dataset_source_ids(data_dir: Path | None = None) -> set[str]:
    """Source IDs in ``sources.csv`` of the dataset (by default the folder that
    :func:`axisnet.data.load` reads: ``AXISNET_DATA_DIR`` if set, else the book's ``data/``)."""
    from axisnet.data import data_dir as _data_dir

    path = _data_dir(data_dir) / "sources.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return {row["id"] for row in csv.DictReader(fh) if row.get("id")}
    except FileNotFoundError as exc:
        raise FigureError("cannot check sources", [f"{path} does not exist"]) from exc


def _write_registration(figure: Figure, spec_json: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / f"{figure.id}.vl.json", spec_json)
    write_text(out / f"{figure.id}.csv", figure.data_csv())
    write_text(out / f"{figure.id}.meta.json", canonical_json(figure.metadata()))
    with (out / LOG_NAME).open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(figure.id + "\n")


# --------------------------------------------------------------------------------------------
# Canonical text forms
# --------------------------------------------------------------------------------------------


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys, two-space indent, UTF-8 characters kept, and a final newline.

    Parameters
    ----------
    obj : Any
        Anything :func:`json.dumps` takes; NaN and infinities are refused.

    Returns
    -------
    str
        The same text for the same object on every machine.

    Examples
    --------
    >>> print(canonical_json({"b": 1, "a": "Ḥizb"}), end="")
    {
      "a": "Ḥizb",
      "b": 1
    }
    """
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV of a data frame: no index, ``\\n`` line ends; tuples/lists joined with ``;``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, list | tuple) else v
            )
    return out.to_csv(index=False, lineterminator="\n")


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
