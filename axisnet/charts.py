"""One chart style for the book, and the network, timeline and small-multiple charts.

Importing this module registers and enables the Altair theme ``"axisnet"`` once: a colour-blind
safe palette (Okabe & Ito), the book's own font (AxisNet Sans, shipped in ``axisnet/fonts`` and
served by the site, so exports and pages lay text out alike on any machine), font sizes readable
on a phone, legends below the plot. It does not touch Altair's renderer or data transformer.

Colours carry named roles (:data:`ROLE_COLORS`): Iran's core, its partners and their
opponents, the layers of ties, the confidence of the evidence, a reference and what changed
after it. A role has the same colour in every chapter; :func:`role_scale` turns a chart's
categories into a colour scale by naming the role of each.

Colour is never the only cue: actor kinds also get a shape (:data:`KIND_SHAPES`), tie types a
dash pattern (:data:`TIE_TYPE_DASHES`), and every mark has a tooltip.

Where the actors' names go in a network diagram is worked out in :mod:`axisnet.labels`;
:func:`label_layers` draws them there.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

import altair as alt
import networkx as nx
import pandas as pd
from altair.utils.schemapi import debug_mode

from axisnet.labels import (
    HIGHLIGHT_RADIUS,
    LABEL_SPOTS,
    POINT_RADIUS,
    place_labels,
    spot_offset,
    to_pixels,
)
from axisnet.paths import FONTS_DIR  # the shipped font files (TTF for exports, WOFF2 for the site)

__all__ = [
    "FONT",
    "FONT_FAMILY",
    "FONTS_DIR",
    "KIND_COLORS",
    "KIND_SHAPES",
    "NEUTRAL",
    "OKABE_ITO",
    "ROLE_COLORS",
    "VERDICT_COLORS",
    "THEME_NAME",
    "TIE_TYPE_COLORS",
    "TIE_TYPE_DASHES",
    "CONTAINER_WIDTH",
    "DISTINCT_COLORS",
    "NARROWEST_WIDTH",
    "checked_once",
    "label_layers",
    "layout_positions",
    "network_chart",
    "on_phone",
    "role_scale",
    "small_multiples",
    "timeline_chart",
]

THEME_NAME = "axisnet"

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Grey for marks that carry no role: the "other" category, rules and guide lines.
NEUTRAL = "#8C8C8C"

#: Colour of each role, the same in every chapter (Okabe-Ito, plus grey for what has no role).
ROLE_COLORS: dict[str, str] = {
    # actors and camps
    "iran_core": OKABE_ITO["vermillion"],  # Iran's core; the Iran-aligned camp as a whole
    "partner": OKABE_ITO["blue"],  # the axis partners, set apart from the core
    "opponent": OKABE_ITO["bluish_green"],  # parties and camps opposed to the axis
    "other": NEUTRAL,
    # layers of ties among axis members
    "ties_with_core": OKABE_ITO["vermillion"],
    "ties_between_partners": OKABE_ITO["blue"],
    "ties_in_conflict": OKABE_ITO["orange"],  # defiance or rivalry
    # confidence of the evidence for a tie
    "high": OKABE_ITO["blue"],
    "medium": OKABE_ITO["sky_blue"],
    "low": OKABE_ITO["orange"],
    # a reference result against what changed after it (a removal, a later period)
    "reference": OKABE_ITO["black"],
    "changed": OKABE_ITO["vermillion"],
    # measures of the axis's shape
    "hub_share": OKABE_ITO["vermillion"],  # ties that run through Iran's core
    "horizontal_share": OKABE_ITO["sky_blue"],  # ties among partners
    "density_ratio": OKABE_ITO["blue"],
    # a person set apart from organisations and states
    "person": OKABE_ITO["orange"],
    "organisation": OKABE_ITO["blue"],
    # ways of taking a network apart, and the band a null model allows
    "random_failure": OKABE_ITO["blue"],
    "degree_attack": OKABE_ITO["vermillion"],
    "betweenness_attack": OKABE_ITO["black"],
    "null_band": OKABE_ITO["reddish_purple"],
    # the headline coding of a measure against the range over every coding variant
    "main_coding": OKABE_ITO["vermillion"],
    "coding_range": OKABE_ITO["blue"],
    # Gould-Fernandez brokerage roles
    "coordinator": OKABE_ITO["blue"],
    "itinerant": OKABE_ITO["sky_blue"],
    "representative": OKABE_ITO["orange"],
    "gatekeeper": OKABE_ITO["reddish_purple"],
    "liaison": OKABE_ITO["bluish_green"],
    # where a partner's supplies come from
    "from_iran_only": OKABE_ITO["vermillion"],
    "from_iran_and_others": OKABE_ITO["yellow"],
    "from_others_only": OKABE_ITO["bluish_green"],
    # who answered an attack on a member of the axis
    "answer_by_other_member": OKABE_ITO["bluish_green"],
    "answer_by_member_struck": OKABE_ITO["vermillion"],
    "answer_unattributed": OKABE_ITO["sky_blue"],
    # how Iran's consent to a front is known
    "consent_claimed": OKABE_ITO["vermillion"],
    "consent_reported": OKABE_ITO["orange"],
    "consent_unknown": OKABE_ITO["black"],
    "consent_denied": OKABE_ITO["blue"],
    # kinds of event (anything else is "other")
    "protest": OKABE_ITO["vermillion"],
    "violence": OKABE_ITO["black"],
    "change_of_government": OKABE_ITO["blue"],
    "election": OKABE_ITO["bluish_green"],
    # series of an economic indicator
    "official_series": OKABE_ITO["blue"],
    "december_on_december": OKABE_ITO["orange"],
    "parallel_market": OKABE_ITO["vermillion"],
    "income_poverty": OKABE_ITO["bluish_green"],
    "multidimensional_poverty": OKABE_ITO["reddish_purple"],
    # a bloc's votes from one election to the next
    "fewer_votes": OKABE_ITO["blue"],
    "somewhat_more_votes": OKABE_ITO["orange"],
    "many_more_votes": OKABE_ITO["vermillion"],
    # who named a minister in Lebanon's cabinets
    "named_by_hizballah": OKABE_ITO["vermillion"],
    "named_by_amal": OKABE_ITO["orange"],
    "named_by_fpm": OKABE_ITO["reddish_purple"],
    "named_by_other_member": OKABE_ITO["blue"],
    "named_by_outsider": OKABE_ITO["sky_blue"],
}

#: Colours for categories that are only told apart and carry no role (people followed one by
#: one), in the order they are given out.
DISTINCT_COLORS: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in (
        "black",
        "reddish_purple",
        "vermillion",
        "blue",
        "sky_blue",
        "bluish_green",
        "orange",
    )
)

#: Verdicts, from the best supported to the least (claims ledger, tests that hold or fail).
VERDICT_COLORS: tuple[str, ...] = tuple(
    OKABE_ITO[k] for k in ("blue", "sky_blue", "reddish_purple", "orange", "vermillion")
)


def role_scale(roles: Mapping[str, str], *, present: Iterable[str] | None = None) -> alt.Scale:
    """A colour scale whose categories take the colours of their roles (:data:`ROLE_COLORS`).

    Parameters
    ----------
    roles : Mapping[str, str]
        Category as shown in the chart -> role name, in legend order.
    present : Iterable[str], optional
        Categories in the data; when given, the others are left out of the legend.

    Returns
    -------
    altair.Scale
        ``domain`` the categories, ``range`` their colours.

    Raises
    ------
    KeyError
        When a role is not in :data:`ROLE_COLORS`.

    Examples
    --------
    >>> role_scale({"Iranian core": "iran_core", "partner": "partner"}).range
    ['#D55E00', '#0072B2']
    """
    unknown = sorted(set(roles.values()) - set(ROLE_COLORS))
    if unknown:
        raise KeyError(f"unknown colour roles {unknown}; known: {sorted(ROLE_COLORS)}")
    keep = set(roles) if present is None else set(present)
    domain = [category for category in roles if category in keep]
    return alt.Scale(domain=domain, range=[ROLE_COLORS[roles[c]] for c in domain])


#: Family name of the chart font shipped in ``axisnet/fonts`` (see ``axisnet/fonts/README.md``).
FONT_FAMILY = "AxisNet Sans"
#: The chart font: the shipped one; the generic family only stands in while a page loads it.
FONT = f'"{FONT_FAMILY}", sans-serif'

#: Width in pixels that a chart sized to its container (``width="container"``) is laid out
#: for: labels are placed at this width, and figures are exported at it.
CONTAINER_WIDTH = 600
#: Narrowest plot a container-sized network is drawn in (a phone's column, in pixels): its
#: names, set smaller there (see PHONE_WIDTH), are kept inside the plot down to this width.
NARROWEST_WIDTH = 340
#: Container width (pixels) below which a page is taken to be a phone's: legends stack in one
#: column and network labels are set smaller.
PHONE_WIDTH = 440

#: Points by which network names are set smaller on a phone.
PHONE_FONT_SHRINK = 2


def on_phone(phone: float, elsewhere: float) -> dict[str, str]:
    """A Vega expression worth ``phone`` in a phone-wide page and ``elsewhere`` otherwise.

    Use it for a mark or config property (a font size, a number of legend columns) that must
    be smaller on a phone. Exports have no container (``containerSize()`` is undefined
    there), so they get ``elsewhere``.

    Parameters
    ----------
    phone : float
        The value in a page narrower than :data:`PHONE_WIDTH` pixels.
    elsewhere : float
        The value in wider pages and in exports.

    Returns
    -------
    dict[str, str]
        ``{"expr": ...}``, accepted by Vega-Lite wherever a property takes an expression.

    Examples
    --------
    >>> on_phone(11, 13)
    {'expr': 'containerSize()[0] < 440 ? 11 : 13'}
    """
    return {"expr": f"containerSize()[0] < {PHONE_WIDTH} ? {phone:g} : {elsewhere:g}"}


_F = TypeVar("_F", bound=Callable[..., Any])


def checked_once(build: _F) -> _F:
    """Run a chart builder with Altair's check-on-creation off.

    By default Altair validates every piece of a chart against the Vega-Lite schema as it is
    created, and again as part of the whole when the chart is serialised (``to_dict``). The
    builders of the book create hundreds of pieces; decorated, each is checked once, with the
    whole spec. The chart is the same either way.

    Parameters
    ----------
    build : callable
        A function returning an Altair chart.

    Returns
    -------
    callable
        The same function, building with validation deferred to serialisation.

    Examples
    --------
    >>> @checked_once
    ... def bars():
    ...     return alt.Chart(alt.Data(values=[{"x": 1}])).mark_bar().encode(x="x:Q")
    >>> bars().to_dict()["mark"]
    {'type': 'bar'}
    """

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with debug_mode(False):
            return build(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


#: Actor kind -> colour.
KIND_COLORS: dict[str, str] = {
    "state": OKABE_ITO["blue"],
    "state_body": OKABE_ITO["sky_blue"],
    "armed_group": OKABE_ITO["vermillion"],
    "political_party": OKABE_ITO["bluish_green"],
    "coalition": OKABE_ITO["reddish_purple"],
    "person": OKABE_ITO["orange"],
}

#: Actor kind -> Vega-Lite point shape (redundant with colour).
KIND_SHAPES: dict[str, str] = {
    "state": "square",
    "state_body": "diamond",
    "armed_group": "triangle-up",
    "political_party": "circle",
    "coalition": "cross",
    "person": "circle",
}

#: Tie type -> colour. Families share a hue (control: dark; material support: blue; cooperation:
#: green; illicit: purple; conflict: vermillion/orange); the dash pattern separates types within
#: a family.
TIE_TYPE_COLORS: dict[str, str] = {
    "leadership": "#000000",
    "membership": "#000000",
    "front_of": "#000000",
    "command": "#555555",
    "funding": OKABE_ITO["blue"],
    "arms_transfer": "#004B75",
    "training": OKABE_ITO["sky_blue"],
    "advising": "#3A8FC2",
    "mediation": "#7FC9AE",
    "joint_operation": OKABE_ITO["bluish_green"],
    "political_alliance": "#006B4E",
    "illicit_finance": OKABE_ITO["reddish_purple"],
    "defiance": OKABE_ITO["orange"],
    "rivalry": OKABE_ITO["vermillion"],
}

#: Tie type -> stroke dash pattern ([] = solid).
TIE_TYPE_DASHES: dict[str, list[int]] = {
    "leadership": [],
    "membership": [2, 2],
    "front_of": [8, 2, 2, 2],
    "command": [6, 3],
    "funding": [],
    "arms_transfer": [6, 3],
    "training": [2, 2],
    "advising": [8, 2, 2, 2],
    "mediation": [2, 2],
    "joint_operation": [],
    "political_alliance": [6, 3],
    "illicit_finance": [4, 2],
    "defiance": [2, 2],
    "rivalry": [6, 3],
}

_MULTI = "several types"
_LABEL_EXPR = "replace(datum.label, '_', ' ')"
_MULTI_COLOR = NEUTRAL


@alt.theme.register(THEME_NAME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    """The book's Altair theme."""
    palette = [OKABE_ITO[k] for k in OKABE_ITO if k not in ("black", "yellow")]
    return alt.theme.ThemeConfig(
        {
            "config": {
                "background": "#ffffff",
                "font": FONT,
                "padding": 8,
                "view": {"stroke": None, "continuousHeight": 300},
                "title": {
                    "font": FONT,
                    "fontSize": 16,
                    "fontWeight": 600,
                    "anchor": "start",
                    "color": "#1a1a1a",
                    "subtitleFontSize": 13,
                    "subtitleColor": "#444444",
                },
                "axis": {
                    "labelFont": FONT,
                    "titleFont": FONT,
                    "labelFontSize": 12,
                    "titleFontSize": 13,
                    "labelColor": "#333333",
                    "titleColor": "#1a1a1a",
                    "gridColor": "#e6e6e6",
                    "domainColor": "#888888",
                    "tickColor": "#888888",
                },
                # Category names beside a vertical axis take at most 180 px (Vega's default),
                # 110 px in a phone-wide page so the plot keeps room; hover shows full names.
                "axisY": {"labelLimit": on_phone(110, 180)},
                "legend": {
                    "labelFont": FONT,
                    "titleFont": FONT,
                    "labelFontSize": 12,
                    "titleFontSize": 13,
                    "orient": "bottom",
                    "direction": "horizontal",
                    # Three columns; one in a phone-wide page, where long labels side by side
                    # would run past the edge.
                    "columns": on_phone(1, 3),
                    "symbolSize": 90,
                },
                "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 13},
                "text": {"font": FONT, "fontSize": 12, "color": "#1a1a1a"},
                "range": {"category": palette},
                "point": {"size": 80, "filled": True},
                "line": {"strokeWidth": 2},
            }
        }
    )


# --------------------------------------------------------------------------- network


def layout_positions(
    G: nx.Graph, *, seed: int = 7, layout: str = "spring", decimals: int = 4
) -> dict[Hashable, tuple[float, float]]:
    """Seeded node coordinates, rounded, independent of the order nodes were added in.

    The layout runs on a copy of the simple undirected graph with nodes and edges sorted by their
    string form, so two graphs with the same nodes and edges get the same coordinates.
    Coordinates are rounded so that chart specs are byte-identical across runs and machines;
    ``-0.0`` is written as ``0.0``.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; directions and parallel edges are ignored.
    seed : int
        Seed of the spring layout.
    layout : {"spring", "kamada_kawai", "circular", "shell"}
        Fruchterman-Reingold, Kamada-Kawai, a circle or concentric circles.
    decimals : int
        Decimal places kept.

    Returns
    -------
    dict
        Node -> (x, y).

    Raises
    ------
    ValueError
        For an unknown ``layout``.

    Examples
    --------
    >>> G = nx.Graph([("iran", "hizballah"), ("hizballah", "hamas")])
    >>> layout_positions(G, layout="circular")
    {'hamas': (1.0, 0.0), 'hizballah': (-0.5, 0.866), 'iran': (-0.5, -0.866)}
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    H.add_edges_from(
        sorted((tuple(sorted((u, v), key=str)) for u, v in G.edges() if u != v), key=str)
    )
    if H.number_of_nodes() == 0:
        return {}
    if layout == "spring":
        pos = nx.spring_layout(H, seed=seed, method="force")
    elif layout == "kamada_kawai":
        # SciPy's solver makes thousands of BLAS calls on arrays of a few dozen numbers, where
        # extra threads only add the cost of waking them (large on a busy machine): one thread
        # is faster and gives the same positions on any machine. SciPy's BLAS is loaded first,
        # so that the limit applies to it (both are imported here, where they are needed).
        from scipy import optimize  # noqa: F401
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            pos = nx.kamada_kawai_layout(H)
    elif layout == "circular":
        pos = nx.circular_layout(H)
    elif layout == "shell":
        pos = nx.shell_layout(H)
    else:
        raise ValueError(f"unknown layout: {layout!r}")
    return {
        node: (round(float(x), decimals) + 0.0, round(float(y), decimals) + 0.0)
        for node, (x, y) in pos.items()
    }


def _edge_types(data: Mapping[str, Any]) -> tuple[str, ...]:
    if "types" in data:
        return tuple(data["types"])
    if "type" in data:
        return (str(data["type"]),)
    return ()


def _describe(G: nx.Graph) -> str:
    kinds = Counter(str(d.get("kind", "unknown")) for _, d in G.nodes(data=True))
    parts = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in sorted(kinds.items()))
    n, m = G.number_of_nodes(), G.number_of_edges()
    return (
        f"Network diagram of {n} actors ({parts}) joined by {m} links. "
        "Each point is an actor, each line a tie between two actors."
    )


def _inline(records: list[dict[str, Any]]) -> alt.Data:
    """Inline data values. Held as a tuple, which Altair serialises as the same JSON array but
    does not deep-copy each time a chart is layered, concatenated or given a property."""
    return alt.Data(values=tuple(records))


def _if_highlighted(channel: type, yes: Any, no: Any) -> Any:
    """A value channel worth ``yes`` for highlighted points or lines and ``no`` otherwise.

    The same as ``alt.condition("datum.highlight", alt.value(yes), alt.value(no))``, built
    directly as its channel class so that Altair does not search the schema for that class.
    """
    return channel(no, condition={"test": "datum.highlight", "value": yes})


def _network_data(
    G: nx.Graph,
    pos: Mapping[Hashable, tuple[float, float]],
    highlight: set[Hashable],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = []
    degree = dict(G.degree())
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        x, y = pos[node]
        name, kind = str(data.get("name", node)), str(data.get("kind", "unknown"))
        where = f", {data['country']}" if data.get("country") else ""
        links = f"{degree[node]} link" + ("" if degree[node] == 1 else "s")
        nodes.append(
            {
                "id": str(node),
                "name": name,
                "kind": kind,
                # what a screen reader says for the point
                "summary": f"{name} ({kind.replace('_', ' ')}{where}): {links}",
                "country": "" if data.get("country") is None else str(data.get("country")),
                "iran_core": bool(data.get("iran_core", False)),
                "role": "Iranian core" if data.get("iran_core") else "partner or other",
                "degree": int(degree[node]),
                "highlight": node in highlight,
                "x": x,
                "y": y,
            }
        )
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v), key=str)
        key = (str(a), str(b))
        entry = merged.setdefault(
            key,
            {"types": [], "confidence": [], "ties": 0, "a": a, "b": b},
        )
        for t in _edge_types(data):
            if t not in entry["types"]:
                entry["types"].append(t)
        conf = data.get("confidence")
        if conf is not None and conf not in entry["confidence"]:
            entry["confidence"].append(str(conf))
        entry["ties"] += int(data.get("weight", 1))
    edges = []
    order = list(TIE_TYPE_COLORS)
    for key in sorted(merged):
        entry = merged[key]
        types = sorted(entry["types"], key=lambda t: (order.index(t) if t in order else 99, t))
        a, b = entry["a"], entry["b"]
        a_name, b_name = str(G.nodes[a].get("name", a)), str(G.nodes[b].get("name", b))
        named_types = ", ".join(t.replace("_", " ") for t in types)
        edges.append(
            {
                "source": key[0],
                "target": key[1],
                "source_name": a_name,
                "target_name": b_name,
                # what a screen reader says for the line
                "summary": f"{a_name} and {b_name}: {named_types or 'unspecified'}",
                "tie_type": types[0] if len(types) == 1 else (_MULTI if types else "unspecified"),
                "types": named_types,
                "confidence": ", ".join(entry["confidence"]),
                "ties": entry["ties"],
                "highlight": a in highlight or b in highlight,
                "x": pos[a][0],
                "y": pos[a][1],
                "x2": pos[b][0],
                "y2": pos[b][1],
            }
        )
    return nodes, edges


def label_layers(
    nodes: list[dict[str, Any]],
    x_scale: alt.Scale,
    y_scale: alt.Scale,
    *,
    width: int | str,
    height: int,
) -> list[alt.Chart]:
    """Text layers for the names of a network's actors, placed by :func:`labels.place_labels`.

    Highlighted actors' names are set bold and placed first, then the others by falling
    degree. There is one layer per label spot and weight actually used; font sizes shrink on
    a phone (:func:`on_phone`).

    Parameters
    ----------
    nodes : list[dict]
        One record per actor with ``name``, ``x``, ``y`` (data coordinates), ``degree`` and
        ``highlight``, as in the node layer of :func:`network_chart`.
    x_scale, y_scale : altair.Scale
        The position scales of the diagram, with explicit ``domain``.
    width : int or "container"
        The chart's width; a container-sized chart is laid out for :data:`CONTAINER_WIDTH`.
    height : int
        The chart's height in pixels.

    Returns
    -------
    list[altair.Chart]
        Text layers to layer over the points.

    Examples
    --------
    >>> nodes = [
    ...     {"name": "Iran", "x": 0.0, "y": 0.0, "degree": 2, "highlight": True},
    ...     {"name": "Hizballah", "x": 1.0, "y": 0.0, "degree": 1, "highlight": False},
    ... ]
    >>> scale = alt.Scale(domain=[-0.5, 1.5])
    >>> layers = label_layers(nodes, scale, scale, width=300, height=200)
    >>> [(layer.mark.align, layer.mark.fontWeight) for layer in layers]
    [('left', 'normal'), ('left', 'bold')]
    """
    w = CONTAINER_WIDTH if width == "container" else int(width)
    points = to_pixels(
        [(n["x"], n["y"]) for n in nodes], x_scale.domain, y_scale.domain, width=w, height=height
    )
    size = {False: 11, True: 12}  # font size of a name, by whether its actor is highlighted
    radius = {False: POINT_RADIUS, True: HIGHLIGHT_RADIUS}
    sizes = [size[n["highlight"]] for n in nodes]
    radii = [radius[n["highlight"]] for n in nodes]
    order = sorted(
        range(len(nodes)),
        key=lambda i: (not nodes[i]["highlight"], -nodes[i]["degree"], nodes[i]["name"]),
    )
    spots = place_labels(
        points,
        [n["name"] for n in nodes],
        width=w,
        height=height,
        sizes=sizes,
        radii=radii,
        order=order,
        narrow=(NARROWEST_WIDTH, PHONE_FONT_SHRINK) if width == "container" else None,
    )
    # One encoding shared by every text layer (building it once saves Altair's validation).
    encoding = (
        alt.Chart()
        .encode(
            x=alt.X("x:Q", axis=None, scale=x_scale),
            y=alt.Y("y:Q", axis=None, scale=y_scale),
            text=alt.Text("name:N"),
            tooltip=[alt.Tooltip("name:N", title="Actor")],
        )
        .encoding
    )
    layers = []
    for bold in (False, True):
        for spot, (align, baseline, _, _) in enumerate(LABEL_SPOTS):
            dx, dy = spot_offset(spot, radius[bold] - POINT_RADIUS)
            subset = [
                n for n, s in zip(nodes, spots, strict=True) if s == spot and n["highlight"] is bold
            ]
            if not subset:
                continue
            layers.append(
                alt.Chart(_inline(subset), encoding=encoding).mark_text(
                    aria=False,  # the point already names the actor to a screen reader
                    align=align,
                    baseline=baseline,
                    dx=dx,
                    dy=dy,
                    fontSize=on_phone(size[bold] - PHONE_FONT_SHRINK, size[bold]),
                    fontWeight="bold" if bold else "normal",
                )
            )
    return layers


@checked_once
def network_chart(
    G: nx.Graph,
    *,
    seed: int = 7,
    layout: str = "spring",
    title: str | None = None,
    description: str | None = None,
    color_by: str = "kind",
    show_labels: bool = True,
    edge_legend: bool = False,
    highlight: Iterable[Hashable] | None = None,
    width: int | str = "container",
    height: int = 420,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    kind_domain: Iterable[str] | None = None,
    type_domain: Iterable[str] | None = None,
) -> alt.LayerChart:
    """A network diagram: edge, node and label layers with tooltips.

    The data are embedded in the specification (inline values); axes and grid are hidden.

    Parameters
    ----------
    G : networkx.Graph
        Any NetworkX graph; parallel edges and directions are merged into one line per pair,
        whose tooltip lists the tie types, confidence levels and number of ties.
    seed, layout : int, str
        Passed to :func:`layout_positions` (ignored when ``positions`` is given).
    title, description : str, optional
        Chart title and the top-level ``description`` used as the accessible label. When
        ``description`` is missing a factual one is written from the graph (counts by kind).
    color_by : str
        ``"kind"`` (colours :data:`KIND_COLORS`, shapes :data:`KIND_SHAPES`), ``"iran_core"``
        (core vs others) or any other node attribute (Okabe-Ito palette).
    show_labels : bool
        Draw the actors' names next to the points (:func:`label_layers`).
    edge_legend : bool
        Show the tie-type legend (edges are always coloured by type: :data:`TIE_TYPE_COLORS`,
        grey when a pair has several types).
    highlight : Iterable, optional
        Node ids to stress (thick black outline, larger point, darker incident edges).
    width, height : int or "container", int
        ``width="container"`` fills the page column; pass a number for fixed-size export.
    positions : Mapping, optional
        Precomputed coordinates (e.g. shared between panels); the plotting area spans all of
        them, so panels drawn from the same positions line up.
    kind_domain, type_domain : Iterable[str], optional
        Actor kinds / tie types to list in the legends (default: those present). Panels that
        are shown together should share them.

    Returns
    -------
    altair.LayerChart
        Edge, node and label layers.

    Examples
    --------
    >>> G = nx.Graph([("iran", "hizballah"), ("hizballah", "hamas")])
    >>> chart = network_chart(G, width=300, title="Three actors")
    >>> chart.description.split(". ")[0]
    'Network diagram of 3 actors (3 unknown) joined by 2 links'
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]][:2]
    ['rule', 'point']
    """
    marked = set(highlight or ())
    pos = positions if positions is not None else layout_positions(G, seed=seed, layout=layout)
    nodes, edges = _network_data(G, pos, marked)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad = 0.12
    x_scale = alt.Scale(domain=[round(min(xs) - pad, 4), round(max(xs) + pad, 4)], nice=False)
    y_scale = alt.Scale(domain=[round(min(ys) - pad, 4), round(max(ys) + pad, 4)], nice=False)

    present = {e["tie_type"] for e in edges} | set(type_domain or ())
    type_domain = [t for t in [*TIE_TYPE_COLORS, _MULTI] if t in present]
    type_domain += sorted(present - set(type_domain))
    type_colors = {t: TIE_TYPE_COLORS.get(t, _MULTI_COLOR) for t in type_domain}
    type_dashes = {t: TIE_TYPE_DASHES.get(t, []) for t in type_domain}
    edge_legend_spec = alt.Legend(labelExpr=_LABEL_EXPR) if edge_legend else None
    edge_layer = (
        alt.Chart(_inline(edges))
        .mark_rule()
        .encode(
            x=alt.X("x:Q", axis=None, scale=x_scale),
            y=alt.Y("y:Q", axis=None, scale=y_scale),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            stroke=alt.Stroke(
                "tie_type:N",
                title="Tie type",
                scale=alt.Scale(domain=type_domain, range=[type_colors[t] for t in type_domain]),
                legend=edge_legend_spec,
            ),
            strokeDash=alt.StrokeDash(
                "tie_type:N",
                title="Tie type",
                scale=alt.Scale(domain=type_domain, range=[type_dashes[t] for t in type_domain]),
                legend=edge_legend_spec,
            ),
            strokeWidth=_if_highlighted(alt.StrokeWidthValue, 2.5, 1.2),
            opacity=alt.OpacityValue(0.8),
            description=alt.Description("summary:N"),
            tooltip=[
                alt.Tooltip("source_name:N", title="From"),
                alt.Tooltip("target_name:N", title="To"),
                alt.Tooltip("types:N", title="Tie types"),
                alt.Tooltip("confidence:N", title="Confidence"),
                alt.Tooltip("ties:Q", title="Ties"),
            ],
        )
    )

    kinds_present = {n["kind"] for n in nodes} | set(kind_domain or ())
    domain = [k for k in KIND_COLORS if k in kinds_present]
    domain += sorted(kinds_present - set(domain))
    shape = alt.Shape(
        "kind:N",
        title="Actor kind",
        scale=alt.Scale(domain=domain, range=[KIND_SHAPES.get(k, "circle") for k in domain]),
        legend=alt.Legend(labelExpr=_LABEL_EXPR),
    )
    if color_by == "kind":
        color = alt.Color(
            "kind:N",
            title="Actor kind",
            scale=alt.Scale(
                domain=domain, range=[KIND_COLORS.get(k, _MULTI_COLOR) for k in domain]
            ),
            legend=alt.Legend(labelExpr=_LABEL_EXPR),
        )
    elif color_by == "iran_core":
        color = alt.Color(
            "role:N",
            title="Actor",
            scale=role_scale({"Iranian core": "iran_core", "partner or other": "partner"}),
        )
    else:
        for n in nodes:
            value = G.nodes[_node_by_str(G, n["id"])].get(color_by)
            n["group"] = "" if value is None else str(value)
        color = alt.Color("group:N", title=color_by.replace("_", " ").capitalize())

    node_layer = (
        alt.Chart(_inline(nodes))
        .mark_point(filled=True, opacity=1)
        .encode(
            x=alt.X("x:Q", axis=None, scale=x_scale),
            y=alt.Y("y:Q", axis=None, scale=y_scale),
            color=color,
            shape=shape,
            size=_if_highlighted(alt.SizeValue, 260, 110),
            stroke=_if_highlighted(alt.StrokeValue, "#000000", "#ffffff"),
            strokeWidth=_if_highlighted(alt.StrokeWidthValue, 2.5, 0.8),
            description=alt.Description("summary:N"),
            tooltip=[
                alt.Tooltip("name:N", title="Actor"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("degree:Q", title="Links"),
            ],
        )
    )
    layers: list[alt.Chart] = [edge_layer, node_layer]
    if show_labels:
        layers += label_layers(nodes, x_scale, y_scale, width=width, height=height)
    chart = alt.layer(*layers).properties(
        width=width,
        height=height,
        description=description or _describe(G),
    )
    if title:
        chart = chart.properties(title=title)
    return chart


def _node_by_str(G: nx.Graph, key: str) -> Hashable:
    for node in G.nodes:
        if str(node) == key:
            return node
    raise KeyError(key)


@checked_once
def small_multiples(
    graphs: Mapping[str, nx.Graph],
    *,
    seed: int = 7,
    layout: str = "spring",
    columns: int = 2,
    panel_width: int = 300,
    panel_height: int = 300,
    title: str | None = None,
    description: str | None = None,
    shared_layout: bool = True,
    **network_kwargs: Any,
) -> alt.ConcatChart:
    """One network panel per entry of ``graphs`` (e.g. one per era), titled by its key.

    With ``shared_layout`` the layout is computed once on the union of all graphs, so an actor
    sits at the same place in every panel and the panels can be compared by eye. Concatenated
    charts cannot fill the page width, so panels have a fixed size (``panel_width`` x
    ``panel_height``).

    Parameters
    ----------
    graphs : Mapping[str, networkx.Graph]
        Panel title -> graph, in panel order.
    seed, layout : int, str
        Passed to :func:`layout_positions`.
    columns : int
        Panels per row.
    panel_width, panel_height : int
        Size of each panel in pixels.
    title, description : str, optional
        Title and accessible description (a factual one is written when missing).
    shared_layout : bool
        Lay out the union of the graphs once, so every actor keeps its place.
    **network_kwargs
        Further options of :func:`network_chart`.

    Returns
    -------
    altair.ConcatChart

    Examples
    --------
    >>> panels = {
    ...     "2019": nx.Graph([("iran", "hizballah"), ("hizballah", "hamas")]),
    ...     "2022": nx.Graph([("iran", "hamas")]),
    ... }
    >>> print(small_multiples(panels).description)
    Network diagrams side by side (2019: 3 actors, 2 links; 2022: 2 actors, 1 links).
    """
    shared = None
    if shared_layout:
        union = nx.Graph()
        for graph in graphs.values():
            union.add_nodes_from(graph.nodes)
            union.add_edges_from((u, v) for u, v in graph.edges() if u != v)
        shared = layout_positions(union, seed=seed, layout=layout)
    kinds = sorted(
        {str(d.get("kind", "unknown")) for g in graphs.values() for _, d in g.nodes(data=True)}
    )
    types = sorted(
        {t for g in graphs.values() for _, _, d in g.edges(data=True) for t in _edge_types(d)}
    )
    if any(len(_edge_types(d)) > 1 for g in graphs.values() for _, _, d in g.edges(data=True)):
        types.append(_MULTI)
    panels = []
    for label, graph in graphs.items():
        panels.append(
            network_chart(
                graph,
                seed=seed,
                layout=layout,
                title=label,
                width=panel_width,
                height=panel_height,
                positions=shared,
                kind_domain=kinds,
                type_domain=types,
                **network_kwargs,
            )
        )
    if description is None:
        counts = "; ".join(
            f"{label}: {g.number_of_nodes()} actors, {g.number_of_edges()} links"
            for label, g in graphs.items()
        )
        description = f"Network diagrams side by side ({counts})."
    chart = alt.concat(*panels, columns=columns).properties(description=description)
    if title:
        chart = chart.properties(title=title)
    return chart


# --------------------------------------------------------------------------- timeline


@checked_once
def timeline_chart(
    data: pd.DataFrame,
    *,
    start: str = "date",
    end: str | None = None,
    lane: str = "country",
    color: str = "kind",
    label: str = "title",
    tooltip: Iterable[str] = (),
    open_end: str | pd.Timestamp = "2022-06-30",
    title: str | None = None,
    description: str | None = None,
    width: int | str = "container",
    height: int | None = None,
    color_roles: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """A timeline of dated events (points) or spans (bars from ``start`` to ``end``).

    Dates are written as ``YYYY-MM-DD`` strings, so the embedded data are stable.

    Parameters
    ----------
    data : pandas.DataFrame
        A table such as ``events`` (``date``, ``kind``, ``country``, ``title``) or ``ties``
        (``start``, ``end``, ``type`` ...). Date columns may be Timestamps or ISO strings.
    start, end : str
        Date columns. With ``end``, each row is drawn as a span; a missing end is drawn up to
        ``open_end`` (the dataset's horizon, mid-2022) and marked ``open`` in the tooltip.
    lane : str
        Column giving the row (y position) of each mark.
    color : str
        Column that sets the colour of each mark.
    label : str
        Column shown first in the tooltip.
    tooltip : Iterable[str]
        Further columns for the tooltip.
    open_end : str or pandas.Timestamp
        Where a span without an end stops.
    title, description : str, optional
        Chart title and accessible description (a factual one is written when missing).
    width, height : int or "container", optional
        Size; the height defaults to 34 pixels a lane (at least 120).
    color_roles : Mapping[str, str], optional
        Value of ``color`` -> colour role (:data:`ROLE_COLORS`), in legend order; values
        absent from the data are left out of the legend. Without it, the theme's palette.

    Returns
    -------
    altair.LayerChart
        Points for events, or bars with a point at their start for spans.

    Examples
    --------
    >>> events = pd.DataFrame(
    ...     {
    ...         "date": ["2019-10-17", "2020-01-03"],
    ...         "kind": ["protest", "assassination"],
    ...         "country": ["Lebanon", "Iraq"],
    ...         "title": ["Protests begin", "Soleimani killed"],
    ...     }
    ... )
    >>> chart = timeline_chart(events, color="kind", color_roles={"protest": "protest"})
    >>> print(chart.description)
    Timeline of 2 dated events from 2019-10-17 to 2020-01-03, one row per country, coloured by kind.
    >>> chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]
    {'domain': ['protest'], 'range': ['#D55E00']}
    """
    frame = pd.DataFrame(index=data.index)
    frame["start"] = pd.to_datetime(data[start]).dt.strftime("%Y-%m-%d")
    if end is not None:
        ends = pd.to_datetime(data[end])
        frame["open"] = ends.isna()
        frame["end"] = ends.fillna(pd.Timestamp(open_end)).dt.strftime("%Y-%m-%d")
    frame["lane"] = data[lane].astype(str).str.replace("_", " ")
    frame["group"] = data[color].astype(str)
    frame["label"] = data[label].astype(str)
    extra = [c for c in tooltip if c not in (start, end, lane, color, label)]
    for col in extra:
        frame[col] = data[col].map(lambda v: "" if v is None else _plain(v))
    records = frame.to_dict("records")
    lanes = sorted(frame["lane"].unique())
    if color_roles is not None:
        scale = role_scale(color_roles, present=frame["group"])
    else:
        scale = alt.Scale()
    enc_color = alt.Color("group:N", title=color.replace("_", " ").capitalize(), scale=scale)
    tips = [
        alt.Tooltip("label:N", title=label.replace("_", " ").capitalize()),
        alt.Tooltip("start:T", title="Start" if end else "Date", format="%Y-%m-%d"),
    ]
    if end is not None:
        tips.append(alt.Tooltip("end:T", title="End", format="%Y-%m-%d"))
        tips.append(alt.Tooltip("open:N", title="Still open"))
    tips.append(alt.Tooltip("lane:N", title=lane.replace("_", " ").capitalize()))
    tips += [alt.Tooltip(f"{c}:N", title=c.replace("_", " ").capitalize()) for c in extra]
    base = alt.Chart(_inline(records)).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
        y=alt.Y("lane:N", title=None, sort=lanes),
        color=enc_color,
        tooltip=tips,
    )
    if end is not None:
        marks = base.mark_bar(height=8, opacity=0.8).encode(x2="end:T")
        layer = alt.layer(marks, base.mark_point(filled=True, size=50))
    else:
        layer = alt.layer(base.mark_point(filled=True, size=90, opacity=0.85))
    n_lanes = max(len(lanes), 1)
    chart = layer.properties(
        width=width,
        height=height if height is not None else max(120, 34 * n_lanes),
        description=description
        or (
            f"Timeline of {len(records)} dated "
            f"{'spans' if end else 'events'} from {frame['start'].min()} to "
            f"{(frame['end'] if end else frame['start']).max()}, one row per "
            f"{lane.replace('_', ' ')}, coloured by {color.replace('_', ' ')}."
            if records
            else "Empty timeline."
        ),
    )
    if title:
        chart = chart.properties(title=title)
    return chart


def _plain(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value)
