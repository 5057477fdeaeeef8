"""Scenarios computed beforehand for the network explorer, and the chart that shows them.

A reader of the static site has no Python kernel. The explorer therefore computes every
scenario it offers in advance: for each date, each non-empty combination of tie layers and
each removal (nobody, one actor, or a named set of actors), the measures of chapter 4 on the
cooperative network with persons kept as nodes
(``graphs.cooperative_network(..., collapse_core=False, persons="keep")``): actors,
connected components, the largest component, global efficiency, and the efficiency lost
against the losses of every other set of the same size (:func:`axisnet.robustness.
decapitation_benchmark`). :func:`explorer_chart` draws them with Vega-Lite parameters bound to
HTML form controls, so the page switches scenarios without running any Python.

A layer combination is written as a bit mask over the offered layers: bit ``i`` stands for
``layers[i]`` (with the default layers, ``1`` = command, ``2`` = material, ``31`` = all five).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import altair as alt
import networkx as nx
import numpy as np
import pandas as pd

from axisnet import charts, graphs, robustness

__all__ = [
    "LAYER_COLORS",
    "NOBODY",
    "Explorer",
    "explorer_chart",
    "layer_graph",
    "layer_mask",
    "layer_subsets",
    "scenario_measures",
    "scenarios",
    "summary",
]

#: Label of the removal that removes no one (always the first removal offered).
NOBODY = "Nobody"

#: Tie layer -> line colour in the explorer (the hue of the layer's family in
#: :data:`axisnet.charts.TIE_TYPE_COLORS`); a link in several shown layers is grey.
LAYER_COLORS: dict[str, str] = {
    "command": charts.TIE_TYPE_COLORS["command"],
    "material": charts.TIE_TYPE_COLORS["funding"],
    "operational": charts.TIE_TYPE_COLORS["joint_operation"],
    "political": charts.TIE_TYPE_COLORS["political_alliance"],
    "illicit": charts.TIE_TYPE_COLORS["illicit_finance"],
    "structural": charts.TIE_TYPE_COLORS["leadership"],
}
_SEVERAL = "several layers"
_SEVERAL_COLOR = "#8C8C8C"

#: Share of same-size removals left out on each side of the benchmark band (5% and 95%).
BAND = (0.05, 0.95)


def layer_subsets(layers: Sequence[str]) -> list[tuple[str, ...]]:
    """Every non-empty combination of ``layers``, smallest first, in the order given.

    Parameters
    ----------
    layers : Sequence[str]
        Layers offered.

    Returns
    -------
    list[tuple[str, ...]]

    Examples
    --------
    >>> layer_subsets(["command", "material"])
    [('command',), ('material',), ('command', 'material')]
    """
    return [c for k in range(1, len(layers) + 1) for c in combinations(layers, k)]


def layer_mask(subset: Iterable[str], layers: Sequence[str]) -> int:
    """The bit mask of ``subset`` over ``layers`` (bit ``i`` for ``layers[i]``).

    Parameters
    ----------
    subset : Iterable[str]
        Layers ticked.
    layers : Sequence[str]
        Every layer offered, in order.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``subset`` names a layer that is not in ``layers``.

    Examples
    --------
    >>> layer_mask(["material", "illicit"], ["command", "material", "illicit"])
    6
    """
    mask = 0
    for layer in subset:
        if layer not in layers:
            raise ValueError(f"unknown layer {layer!r} (offered: {', '.join(layers)})")
        mask |= 1 << list(layers).index(layer)
    return mask


def _edge_mask(data: Mapping[str, Any], layers: Sequence[str]) -> int:
    """Mask of the offered layers an edge's tie types belong to."""
    kept = {graphs.tie_layer(t) for t in data.get("types", ())} & set(layers)
    return layer_mask(kept, layers)


def layer_graph(G: nx.Graph, subset: Iterable[str]) -> nx.Graph:
    """The links of ``G`` with at least one tie type in ``subset``, and the actors they join.

    An actor whose every link lies in other layers drops out, as it would from a network built
    from those layers alone.

    Parameters
    ----------
    G : networkx.Graph
        A network whose edges carry ``types`` (tie types).
    subset : Iterable[str]
        Tie layers to keep.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", types=("funding",))
    >>> G.add_edge("b", "c", types=("command", "training"))
    >>> sorted(layer_graph(G, ["command"]).nodes)
    ['b', 'c']
    """
    wanted = set(subset)
    H = nx.Graph()
    for u, v, data in G.edges(data=True):
        if any(graphs.tie_layer(t) in wanted for t in data.get("types", ())):
            H.add_node(u, **G.nodes[u])
            H.add_node(v, **G.nodes[v])
            H.add_edge(u, v, **data)
    return H


def scenario_measures(
    G: nx.Graph,
    remove: Iterable[Hashable] = (),
    *,
    null: Sequence[float] | None = None,
    max_sets: int = 300,
    seed: int = 0,
    decapitation: robustness.Decapitation | None = None,
) -> dict[str, Any]:
    """The measures of one scenario: ``G`` before and after removing the actors ``remove``.

    Parameters
    ----------
    G : networkx.Graph
    remove : iterable of nodes
        Ids absent from ``G`` are counted in ``missing`` and otherwise ignored.
    null : sequence of float, optional
        Efficiency losses of the sets of the same size (from
        :func:`axisnet.robustness.decapitation_benchmark`, which depends on the size only), if
        already computed; otherwise computed here with ``max_sets`` and ``seed``.
    max_sets, seed : int
        Passed to :func:`~axisnet.robustness.decapitation_benchmark`.
    decapitation : Decapitation, optional
        ``robustness.decapitate(G, remove)``, if already computed (for instance by
        :func:`~axisnet.robustness.decapitations`, for every removal from ``G`` at once).

    Returns
    -------
    dict
        ``removed`` and ``missing`` (counts), ``actors_before``/``actors``, ``components_before``
        /``components``, ``largest_before``/``largest``, ``efficiency_before``/``efficiency``
        (:class:`~axisnet.robustness.Decapitation`), ``loss`` (share of efficiency lost) and,
        when someone is removed, the benchmark: ``band_low`` and ``band_high`` (5th and 95th
        percentiles of the losses of same-size sets), ``share_above`` (share of those sets that
        cost more), ``sets`` (how many sets were compared); ``null`` holds the losses.

    Examples
    --------
    >>> m = scenario_measures(nx.star_graph(4), [0])
    >>> m["components"], m["largest"], m["share_above"]
    (4, 1, 0.0)
    """
    d = decapitation if decapitation is not None else robustness.decapitate(G, list(remove))
    row: dict[str, Any] = {
        "removed": len(d.removed),
        "missing": len(d.missing),
        "actors_before": d.nodes_before,
        "actors": d.nodes_after,
        "components_before": d.components_before,
        "components": d.components_after,
        "largest_before": d.largest_before,
        "largest": d.largest_after,
        "efficiency_before": d.efficiency_before,
        "efficiency": d.efficiency_after,
        "loss": d.efficiency_loss if d.removed else 0.0,
        "band_low": math.nan,
        "band_high": math.nan,
        "share_above": math.nan,
        "sets": 0,
        "null": (),
    }
    if not d.removed:
        return row
    if null is None:
        null = robustness.decapitation_benchmark(G, d.removed, max_sets=max_sets, seed=seed).null
    null = tuple(null)
    bench = robustness.Benchmark("efficiency loss", float(row["loss"]), null)
    low, high = np.quantile(null, BAND) if null else (math.nan, math.nan)
    row.update(
        band_low=float(low),
        band_high=float(high),
        share_above=bench.share_above,
        sets=len(null),
        null=null,
    )
    return row


@dataclass(frozen=True)
class Explorer:
    """Every scenario of the explorer, as three tidy tables (see :func:`scenarios`).

    Attributes
    ----------
    dates : tuple of str
        ISO dates offered, in order.
    layers : tuple of str
        Layers offered; a combination is a bit mask over them (:func:`layer_mask`).
    removals : tuple of (str, tuple of str)
        ``(label, actor ids)`` per removal offered; the first is :data:`NOBODY`.
    nodes : pandas.DataFrame
        One row per date and actor: ``date``, ``id``, ``name``, ``kind``, ``x``, ``y`` (one
        layout for all dates), ``mask`` (layers of the actor's links that day), ``degree``.
    edges : pandas.DataFrame
        One row per date and link: ``date``, ``source``, ``target``, ``mask``, ``types``.
    measures : pandas.DataFrame
        One row per scenario: ``date``, ``mask``, ``removal`` (index into ``removals``), then
        the columns of :func:`scenario_measures` (without ``null``).

    Examples
    --------
    >>> from axisnet import load
    >>> removals = {"Hizballah": ["hizballah"]}
    >>> ex = scenarios(load(), ["2019-12-31"], ["command", "material"], removals)
    >>> ex.dates, ex.layers, [label for label, _ in ex.removals]
    (('2019-12-31',), ('command', 'material'), ['Nobody', 'Hizballah'])
    """

    dates: tuple[str, ...]
    layers: tuple[str, ...]
    removals: tuple[tuple[str, tuple[str, ...]], ...]
    nodes: pd.DataFrame
    edges: pd.DataFrame
    measures: pd.DataFrame

    def scenario(self, date: str, subset: Iterable[str], removal: str) -> pd.Series:
        """The measures row of one scenario, by date, layers and removal label.

        Raises
        ------
        KeyError
            If no scenario has that date, layer combination or removal label.
        """
        labels = [label for label, _ in self.removals]
        if removal not in labels:
            raise KeyError(f"no removal labelled {removal!r} (offered: {', '.join(labels)})")
        m = self.measures
        rows = m[
            (m["date"] == date)
            & (m["mask"] == layer_mask(subset, self.layers))
            & (m["removal"] == labels.index(removal))
        ]
        if rows.empty:
            raise KeyError(f"no scenario on {date!r} with layers {sorted(subset)}")
        return rows.iloc[0]


def scenarios(
    data: Any,
    dates: Sequence[str],
    layers: Sequence[str] = graphs.COOPERATIVE_LAYERS,
    removals: Mapping[str, Iterable[str]] | None = None,
    *,
    seed: int = 7,
    max_sets: int = 300,
) -> Explorer:
    """Compute every scenario of the explorer.

    For each date the cooperative network with persons kept as nodes is built once with all
    ``layers`` (:func:`axisnet.graphs.cooperative_network` with ``collapse_core=False`` and
    ``persons="keep"``); each layer combination keeps the links with a tie in one of its layers
    (:func:`layer_graph`), and each removal is measured on that network
    (:func:`scenario_measures`). The benchmark of a removal of ``k`` actors depends only on the
    network and ``k``, so it is computed once per date, layer combination and size.

    Parameters
    ----------
    data : Dataset
        The dataset (:func:`axisnet.data.load`).
    dates : sequence of str
        ISO dates.
    layers : sequence of str, default the cooperative layers
        Layers offered (cooperative layers only: the network counts no other).
    removals : mapping of str to iterable of str, optional
        Label -> actor ids to remove; :data:`NOBODY` (remove no one) is always offered first.
    seed : int, default 7
        Seed of the layout (one layout for every date, on the union of their networks, so an
        actor keeps its place) and of the sampled benchmark sets.
    max_sets : int, default 300
        Same-size sets compared at most (every set when there are no more than this).

    Returns
    -------
    Explorer

    Raises
    ------
    ValueError
        If a layer is not cooperative, or ``dates`` or ``layers`` is empty.

    Examples
    --------
    >>> from axisnet import load
    >>> removals = {"Hizballah": ["hizballah"]}
    >>> ex = scenarios(load(), ["2019-12-31"], ["command", "material"], removals)
    >>> len(ex.measures)  # 1 date x 3 layer combinations x 2 removals (nobody, Hizballah)
    6
    """
    if not dates or not layers:
        raise ValueError("scenarios needs at least one date and one layer")
    wrong = [layer for layer in layers if layer not in graphs.COOPERATIVE_LAYERS]
    if wrong:
        raise ValueError(
            f"not a cooperative layer: {', '.join(wrong)} "
            f"(offered: {', '.join(graphs.COOPERATIVE_LAYERS)})"
        )
    layers = tuple(layers)
    offered = [(NOBODY, ())] + [
        (str(label), tuple(str(a) for a in ([ids] if isinstance(ids, str) else ids)))
        for label, ids in (removals or {}).items()
        if label != NOBODY
    ]
    full = {
        str(d): graphs.cooperative_network(
            data, d, layers=layers, collapse_core=False, persons="keep"
        )
        for d in dates
    }
    union = nx.compose_all(list(full.values()))
    pos = charts.layout_positions(union, seed=seed)
    node_rows, edge_rows, rows = [], [], []
    for date, G in full.items():
        masks = {(u, v): _edge_mask(d, layers) for u, v, d in G.edges(data=True)}
        for u, v, d in G.edges(data=True):
            a, b = sorted((str(u), str(v)))
            edge_rows.append(
                {
                    "date": date,
                    "source": a,
                    "target": b,
                    "mask": masks[u, v],
                    "types": ", ".join(t.replace("_", " ") for t in d.get("types", ())),
                }
            )
        for node in sorted(G.nodes, key=str):
            attrs = G.nodes[node]
            mask = 0
            for (u, v), m in masks.items():
                if node in (u, v):
                    mask |= m
            node_rows.append(
                {
                    "date": date,
                    "id": str(node),
                    "name": str(attrs.get("name", node)),
                    "kind": str(attrs.get("kind", "unknown")),
                    "x": pos[node][0],
                    "y": pos[node][1],
                    "mask": mask,
                    "degree": G.degree(node),
                }
            )
        for subset in layer_subsets(layers):
            H = layer_graph(G, subset)
            nulls: dict[int, tuple[float, ...]] = {}
            removals = robustness.decapitations(H, [list(ids) for _, ids in offered])
            for index, (_, ids) in enumerate(offered):
                present = [n for n in ids if n in H]
                k = len(present)
                if k and k not in nulls:
                    nulls[k] = robustness.decapitation_benchmark(
                        H, present, max_sets=max_sets, seed=seed
                    ).null
                row = scenario_measures(H, ids, null=nulls.get(k), decapitation=removals[index])
                row.pop("null")
                rows.append(
                    {"date": date, "mask": layer_mask(subset, layers), "removal": index, **row}
                )
    return Explorer(
        dates=tuple(full),
        layers=layers,
        removals=tuple(offered),
        nodes=pd.DataFrame(node_rows),
        edges=pd.DataFrame(edge_rows),
        measures=pd.DataFrame(rows),
    )


# --------------------------------------------------------------------------- summary text


def _pct(x: float) -> str:
    return f"{x:.0%}"


def summary(explorer: Explorer, date: str, subset: Iterable[str], removal: str) -> str:
    """One scenario in words, as the explorer's live text states it.

    Parameters
    ----------
    explorer : Explorer
        The scenarios (:func:`scenarios`).
    date : str
        One of ``explorer.dates``.
    subset : Iterable[str]
        Layers ticked.
    removal : str
        Label of one of ``explorer.removals``.

    Returns
    -------
    str

    Examples
    --------
    >>> from axisnet import load
    >>> ex = scenarios(load(), ["2019-12-31"], ["command"], {"Hizballah": ["hizballah"]})
    >>> summary(ex, "2019-12-31", ["command"], "Nobody")[:57]
    '31 December 2019, 1 of 1 layers of ties. Removed: nobody.'
    """
    subset = list(subset)
    r = explorer.scenario(date, subset, removal)
    if r["removed"] == 0 and removal != NOBODY:
        who = f"Not in this network: {removal}."
    else:
        who = f"Removed: {removal if r['removed'] else 'nobody'}."
    text = (
        f"{_date_label(date)}, {len(subset)} of {len(explorer.layers)} layers of ties. "
        f"{who} Actors: {r['actors']} of {r['actors_before']}. Components: {r['components']} "
        f"(before: {r['components_before']}). Largest component: {r['largest']} actors "
        f"(before: {r['largest_before']}). Global efficiency: {r['efficiency']:.3f} "
        f"(before: {r['efficiency_before']:.3f})."
    )
    if r["removed"]:
        text += (
            f" Efficiency lost: {_pct(r['loss'])}; sets of the same size lose "
            f"{_pct(r['band_low'])} to {_pct(r['band_high'])} (middle 90%), and "
            f"{_pct(r['share_above'])} of them lose more."
        )
    return text


# --------------------------------------------------------------------------- chart

#: Names of the chart's parameters (signals): date, removal, the layer mask, one per layer.
DATE_PARAM = "explorer_date"
REMOVAL_PARAM = "explorer_removal"
MASK_PARAM = "explorer_layers"

#: Name of the text mark holding the measures (the page script reads it for the live summary).
MEASURES_MARK = "explorer_measures"
#: Names of the marks of the links and of the actors shown.
LINKS_MARK = "explorer_links"
ACTORS_MARK = "explorer_actors"
#: Name of the text mark shown instead when no layer is ticked.
EMPTY_MARK = "explorer_empty"


def _layer_param(layer: str) -> str:
    return f"explorer_{layer}"


def _js(text: str) -> str:
    """A JavaScript/Vega string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _date_label(date: str) -> str:
    t = pd.Timestamp(date)
    return f"{t.day} {t.strftime('%B %Y')}"


def _measure_text(explorer: Explorer) -> str:
    """Vega expression for the measures text of the chosen scenario (lines joined by newlines).

    It reads a row of :func:`_measure_records` joined with the ``*0`` fields (the same
    network before any removal); ``datum.r`` is 0 both when nobody is removed and when the
    chosen actors are not in the network.
    """
    labels = "[" + ", ".join(_js(label) for label, _ in explorer.removals) + "]"
    dates = "[" + ", ".join(_js(_date_label(d)) for d in explorer.dates) + "]"
    chosen = f"{labels}[{REMOVAL_PARAM}]"
    ticked = " + ".join(f"({_layer_param(layer)} ? 1 : 0)" for layer in explorer.layers)
    of_layers = f" of {len(explorer.layers)} layers of ties."
    lines = [
        f"{dates}[{DATE_PARAM}] + ', ' + ({ticked}) + {_js(of_layers)}",
        f"({REMOVAL_PARAM} == 0 ? 'Removed: nobody' : datum.r == 0 ? 'Not in this network: ' + "
        f"{chosen} : 'Removed: ' + {chosen}) + '.'",
        "'Actors: ' + datum.n + ' of ' + datum.n0 + '.'",
        "'Components: ' + datum.c + ' (before: ' + datum.c0 + ').'",
        "'Largest component: ' + datum.l + ' actors (before: ' + datum.l0 + ').'",
        "'Global efficiency: ' + format(datum.e, '.3f') + ' (before: ' + "
        "format(datum.e0, '.3f') + ').'",
        "datum.r ? 'Efficiency lost: ' + format(datum.x, '.0%') + '; sets of the same' : ''",
        "datum.r ? 'size lose ' + format(datum.lo, '.0%') + ' to ' + format(datum.hi, '.0%')"
        " + ' (middle 90%), and' : ''",
        "datum.r ? format(datum.a, '.0%') + ' of them lose more.' : ''",
    ]
    return " + '\\n' + ".join(f"({line})" for line in lines)


def _measure_records(explorer: Explorer) -> list[dict[str, Any]]:
    """The measures table in the chart's compact form.

    Keys: ``d`` date index, ``m`` layer mask, ``r`` removal index, ``n`` actors, ``c``
    components, ``l`` largest component, ``e`` efficiency, ``x`` efficiency lost, ``lo``/``hi``
    the benchmark band, ``a`` share of same-size sets losing more. A removal whose actors are
    all absent from a network gets no row; the nobody row lists such removals in ``ab``
    (``"|3|7|"``).
    """
    m = explorer.measures
    date_index = {d: i for i, d in enumerate(explorer.dates)}
    records = []
    absent: dict[tuple[str, int], list[int]] = {}
    for row in m.itertuples():
        if row.removal and not row.removed:
            absent.setdefault((row.date, row.mask), []).append(int(row.removal))
    for row in m.itertuples():
        if row.removal and not row.removed:
            continue
        rec: dict[str, Any] = {
            "d": date_index[row.date],
            "m": int(row.mask),
            "r": int(row.removal),
            "n": int(row.actors),
            "c": int(row.components),
            "l": int(row.largest),
            "e": round(float(row.efficiency), 3),
        }
        if row.removal:
            rec.update(
                x=round(float(row.loss), 3),
                lo=round(float(row.band_low), 3),
                hi=round(float(row.band_high), 3),
                a=round(float(row.share_above), 3),
            )
        else:
            gone = absent.get((row.date, row.mask), [])
            rec["ab"] = "|" + "".join(f"{i}|" for i in gone)
        records.append(rec)
    return records


@charts.checked_once
def explorer_chart(
    explorer: Explorer, *, height: int = 440, text_height: int = 170, description: str = ""
) -> alt.LayerChart:
    """The explorer: a network diagram and its measures, switched by form controls.

    The controls are Vega-Lite parameters bound to labelled HTML inputs: a radio button per
    date, a checkbox per layer, a list of removals. Links and actors are filtered in the
    browser (an actor shows when one of its links that day is in a ticked layer; removed actors
    show as grey crosses); the measures of the chosen scenario are looked up in
    ``explorer.measures`` and written below the diagram.

    Parameters
    ----------
    explorer : Explorer
    height : int, default 440
        Height of the diagram in pixels; ``text_height`` is added below it for the measures.
    text_height : int, default 170
    description : str
        The chart's accessible description (default: a factual one).

    Examples
    --------
    >>> from axisnet import load
    >>> ex = scenarios(load(), ["2019-12-31"], ["command"], {"Hizballah": ["hizballah"]})
    >>> spec = explorer_chart(ex).to_dict()
    >>> sorted(p["name"] for p in spec["params"])[:2]
    ['explorer_command', 'explorer_date']
    """
    layers = explorer.layers
    n_dates = len(explorer.dates)
    date_param = alt.param(
        name=DATE_PARAM,
        value=0,
        bind=alt.binding_radio(
            options=list(range(n_dates)),
            labels=[_date_label(d) for d in explorer.dates],
            name="Date: ",
        ),
    )
    removal_param = alt.param(
        name=REMOVAL_PARAM,
        value=0,
        bind=alt.binding_select(
            options=list(range(len(explorer.removals))),
            labels=[label for label, _ in explorer.removals],
            name="Remove: ",
        ),
    )
    layer_params = [
        alt.param(
            name=_layer_param(layer),
            value=True,
            bind=alt.binding_checkbox(name=f"{layer.capitalize()} ties "),
        )
        for layer in layers
    ]
    mask_expr = " + ".join(
        f"({_layer_param(layer)} ? {1 << i} : 0)" for i, layer in enumerate(layers)
    )
    mask_param = alt.param(name=MASK_PARAM, expr=mask_expr)

    # Which removals take out each actor: "|1|4|" means removals 1 and 4.
    removed_by: dict[str, set[int]] = {}
    for index, (_, ids) in enumerate(explorer.removals):
        for actor in ids:
            removed_by.setdefault(actor, set()).add(index)

    def bars(indexes: Iterable[int]) -> str:
        return "|" + "".join(f"{i}|" for i in sorted(indexes))

    date_index = {d: i for i, d in enumerate(explorer.dates)}
    nodes = explorer.nodes
    pos = {r.id: (r.x, r.y) for r in nodes.itertuples()}
    node_records: dict[str, dict[str, Any]] = {}
    for r in nodes.itertuples():
        rec = node_records.setdefault(
            r.id,
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "x": r.x,
                "y": r.y,
                "m": [0] * n_dates,
                "rm": bars(removed_by.get(r.id, ())),
                "degree": 0,
                "highlight": False,
            },
        )
        rec["m"][date_index[r.date]] = int(r.mask)
        rec["degree"] = max(rec["degree"], int(r.degree))
    edge_records: dict[tuple[str, str], dict[str, Any]] = {}
    for r in explorer.edges.itertuples():
        rec = edge_records.setdefault(
            (r.source, r.target),
            {
                "s": node_records[r.source]["name"],
                "t": node_records[r.target]["name"],
                "x": pos[r.source][0],
                "y": pos[r.source][1],
                "x2": pos[r.target][0],
                "y2": pos[r.target][1],
                "m": [0] * n_dates,
                "types": [""] * n_dates,
                "rm": bars(removed_by.get(r.source, set()) | removed_by.get(r.target, set())),
            },
        )
        rec["m"][date_index[r.date]] = int(r.mask)
        rec["types"][date_index[r.date]] = r.types

    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad = 0.12
    y0, y1 = min(ys) - pad, max(ys) + pad
    y0 -= (y1 - y0) * text_height / height  # room below the diagram for the measures
    x_scale = alt.Scale(domain=[round(min(xs) - pad, 4), round(max(xs) + pad, 4)], nice=False)
    y_scale = alt.Scale(domain=[round(y0, 4), round(y1, 4)], nice=False)
    x = alt.X("x:Q", axis=None, scale=x_scale)
    y = alt.Y("y:Q", axis=None, scale=y_scale)

    shown = f"(datum.m[{DATE_PARAM}] & {MASK_PARAM}) > 0"
    kept = f"indexof(datum.rm, '|' + {REMOVAL_PARAM} + '|') < 0"
    layer_of = " : ".join(f"datum.v == {1 << i} ? {_js(layer)}" for i, layer in enumerate(layers))
    layer_domain = [*layers, _SEVERAL]
    edges = (
        alt.Chart(alt.Data(values=tuple(edge_records.values())))
        .transform_filter(f"{shown} && {kept}")
        .transform_calculate(v=f"datum.m[{DATE_PARAM}] & {MASK_PARAM}")
        .transform_calculate(
            layer=f"{layer_of} : {_js(_SEVERAL)}",
            kinds=f"datum.types[{DATE_PARAM}]",
            summary=f"datum.s + ' and ' + datum.t + ': ' + datum.types[{DATE_PARAM}]",
        )
        .mark_rule(strokeWidth=1.4, opacity=0.8)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            stroke=alt.Stroke(
                "layer:N",
                title="Layer of the link",
                scale=alt.Scale(
                    domain=layer_domain,
                    range=[LAYER_COLORS.get(layer, _SEVERAL_COLOR) for layer in layers]
                    + [_SEVERAL_COLOR],
                ),
            ),
            description=alt.Description("summary:N"),
            tooltip=[
                alt.Tooltip("s:N", title="From"),
                alt.Tooltip("t:N", title="To"),
                alt.Tooltip("kinds:N", title="Tie types"),
            ],
        )
        .properties(name=LINKS_MARK)
    )
    order = list(charts.KIND_COLORS)
    kinds = sorted(set(nodes["kind"]), key=lambda k: (order.index(k) if k in order else 99, k))
    label_expr = "replace(datum.label, '_', ' ')"
    node_data = alt.Data(values=tuple(node_records.values()))
    points = (
        alt.Chart(node_data)
        .transform_filter(f"{shown} && {kept}")
        .transform_calculate(summary="datum.name + ' (' + replace(datum.kind, '_', ' ') + ')'")
        .mark_point(filled=True, opacity=1, size=110, stroke="#ffffff", strokeWidth=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "kind:N",
                title="Actor kind",
                scale=alt.Scale(
                    domain=kinds, range=[charts.KIND_COLORS.get(k, _SEVERAL_COLOR) for k in kinds]
                ),
                legend=alt.Legend(labelExpr=label_expr),
            ),
            shape=alt.Shape(
                "kind:N",
                title="Actor kind",
                scale=alt.Scale(
                    domain=kinds, range=[charts.KIND_SHAPES.get(k, "circle") for k in kinds]
                ),
                legend=alt.Legend(labelExpr=label_expr),
            ),
            description=alt.Description("summary:N"),
            tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("kind:N", title="Kind")],
        )
        .properties(name=ACTORS_MARK)
    )
    removed = (
        alt.Chart(node_data)
        .transform_filter(f"{shown} && !({kept})")
        .transform_calculate(summary="datum.name + ' (removed)'")
        # no ARIA role: the group is empty until someone is removed, and the text says who
        .mark_point(
            shape="cross", filled=True, size=150, color=_SEVERAL_COLOR, opacity=0.9, aria=False
        )
        .encode(
            x=x,
            y=y,
            description=alt.Description("summary:N"),
            tooltip=[alt.Tooltip("summary:N", title="Actor")],
        )
    )
    labels = [
        layer.transform_filter(f"{shown} && {kept}")
        for layer in charts.label_layers(
            list(node_records.values()),
            x_scale,
            y_scale,
            width="container",
            height=height + text_height,
        )
    ]
    before = {f"{k}0": f"datum.r == 0 ? datum.{k} : null" for k in "ncle"}
    text = (
        alt.Chart(alt.Data(values=tuple(_measure_records(explorer))))
        .transform_filter(f"datum.d == {DATE_PARAM} && datum.m == {MASK_PARAM}")
        .transform_calculate(**before)
        .transform_joinaggregate(**{k: f"max({k})" for k in before})
        .transform_filter(
            f"datum.r == {REMOVAL_PARAM} || (datum.r == 0 && "
            f"indexof(datum.ab, '|' + {REMOVAL_PARAM} + '|') >= 0)"
        )
        .transform_calculate(text=_measure_text(explorer))
        .mark_text(
            aria=False,
            align="left",
            baseline="top",
            lineBreak="\n",
            lineHeight=charts.on_phone(15, 17),
            fontSize=charts.on_phone(11, 13),
            limit={"expr": "width"},
        )
        .encode(x=alt.XValue(0), y=alt.YValue(height + 6), text="text:N")
        .properties(name=MEASURES_MARK)
    )
    empty = (
        alt.Chart(alt.Data(values=({"text": "Tick at least one layer of ties."},)))
        .transform_filter(f"{MASK_PARAM} == 0")
        .mark_text(aria=False, align="left", baseline="top", fontSize=13)
        .encode(x=alt.XValue(0), y=alt.YValue(height + 6), text="text:N")
        .properties(name=EMPTY_MARK)
    )
    return (
        alt.layer(edges, points, removed, *labels, text, empty)
        .add_params(date_param, *layer_params, mask_param, removal_param)
        .properties(
            width="container",
            height=height + text_height,
            description=description
            or (
                "Network explorer: the cooperative network of the axis on a chosen date, with "
                "chosen layers of ties and chosen actors removed, and its measures below."
            ),
        )
    )
