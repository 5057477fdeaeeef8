"""Sphinx extension: serve the Vega libraries from the site itself, only on pages with charts.

It also repairs the ARIA roles of bibliographies (see ``ARIA_FIXES``).

Altair's HTML output loads Vega, Vega-Lite and Vega-Embed from a CDN unless the page already
declares, in ``window.VEGA_DEBUG``, the exact versions the chart was rendered with. This
extension builds one JavaScript bundle of those libraries with vl-convert (no network), writes
it to ``_static/`` of the HTML output under a versioned name, and names it in the head script of
the pages whose body contains an Altair chart.

Charts are drawn when they come into view. A few lines in the page head (``loader_source``)
run first: they set ``VEGA_DEBUG`` from the versions Altair reports, so the charts skip their
CDN loader, and stand in for ``vegaEmbed``. The stand-in reserves each chart's height (an
estimate from its spec, so the text below does not jump when it is drawn) and queues the chart
until its element nears the viewport (an ``IntersectionObserver``), the page is printed
(``beforeprint``), or the page is opened at an anchor inside the chart's figure. The bundle
(about 0.9 MB) is fetched only when the first chart is about to be drawn, and hands the real
``vegaEmbed`` over through ``vegaOfflineReady``. Pages whose charts stay below the fold load no
Vega code at all until the reader scrolls.

Chart specs live in files, not in the page. Altair writes each chart's Vega-Lite spec, data
included, as a JSON literal into the chart's inline script; ``_page_assets`` moves it into
``_static/charts/<hash>.json`` (named by its content, so builds stay deterministic and equal
charts share a file) and leaves in its place a small stand-in spec: the file's URL and the few
size fields the loader needs to reserve the chart's height (``size_fields``). The loader fetches
the file when the chart nears the viewport, together with the bundle.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

CHART_MARKER = "vegaEmbed("


def _versions() -> dict[str, str]:
    import altair as alt

    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


def bundle_source() -> str:
    """Return the JavaScript bundle (Vega, Vega-Lite, Vega-Embed, and the hand-over) as text."""
    import vl_convert as vlc

    versions = _versions()
    major_minor = ".".join(versions["vegalite_version"].split(".")[:2])
    if major_minor not in vlc.get_vegalite_versions():
        raise ExtensionError(
            f"vl-convert {vlc.__version__} cannot bundle Vega-Lite {major_minor}, the version "
            "Altair renders with; pin matching versions in requirements.txt"
        )
    # The real vegaEmbed goes to the page's stand-in only (window.vegaEmbed stays the stand-in,
    # so charts parsed after the bundle has run are still drawn lazily).
    snippet = (
        "window.vegaLite = vegaLite; window.vega = vega;\n"
        "var ready = window.vegaOfflineReady;\n"
        "if (typeof ready === 'function') { ready(vegaEmbed); }\n"
    )
    bundle = vlc.javascript_bundle(snippet, vl_version=f"v{major_minor}")
    # The bundle declares its helpers at top level; a function scope keeps them out of the
    # page's global names (the theme's own scripts use some of the same short names).
    return "(function () {\n" + bundle + "\n})();\n"


# How far outside the viewport a chart is drawn (so it is ready when it scrolls in), and how
# far the bundle starts loading, as CSS margins relative to the viewport's height.
DRAW_MARGIN = "50% 0px"
LOAD_MARGIN = "150% 0px"

# The stand-in, kept as JavaScript next to this file and inlined in the head of chart pages.
LOADER = Path(__file__).with_name("vega_lazy.js")


def loader_source(bundle_url: str) -> str:
    """Inline script for the page head: ``VEGA_DEBUG``, and a ``vegaEmbed`` that draws lazily.

    Altair's inline chart code runs while the page is parsed. With ``VEGA_DEBUG`` set, it
    calls ``vegaEmbed`` straight away; the stand-in reserves the chart's height, queues it, and
    returns a promise that resolves once the chart is drawn with the real function, which the
    bundle at ``bundle_url`` (fetched on demand) hands over through ``vegaOfflineReady``.

    Examples
    --------
    >>> code = loader_source("../_static/vega.js")
    >>> code.startswith("window.VEGA_DEBUG") and '"../_static/vega.js"' in code
    True
    """
    versions = json.dumps(_versions(), sort_keys=True)
    body = LOADER.read_text(encoding="utf-8")
    for key, value in {
        "__SRC__": bundle_url,
        "__DRAW_MARGIN__": DRAW_MARGIN,
        "__LOAD_MARGIN__": LOAD_MARGIN,
    }.items():
        body = body.replace(key, json.dumps(value))
    return f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {versions});\n{body}"


def bundle_name() -> str:
    """File name of the bundle, keyed by the versions of the packages it comes from (Altair
    fixes the Vega versions, vl-convert bundles them); read without importing either."""
    from importlib.metadata import version

    packages = [version("altair"), version("vl-convert-python")]
    key = json.dumps([packages, "iife", "on-demand"]).encode()
    return f"vega-offline-{hashlib.sha256(key).hexdigest()[:12]}.js"


def _write_bundle(app: Sphinx) -> None:
    """Put the bundle in the site: from the build's cache, else made in a separate process
    while the pages are read and written (collected at ``build-finished``)."""
    if app.builder.format != "html":
        return
    name = bundle_name()
    target = Path(app.outdir) / "_static" / name
    if target.exists():
        return
    cache = Path(app.doctreedir).parent / ".vega-cache" / name
    if cache.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cache.read_bytes())
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: a fresh interpreter, not a copy of this one with its threads and open files
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    app.axisnet_bundle_job = (pool.submit(bundle_source), cache, target)
    pool.shutdown(wait=False)


def _collect_bundle(app: Sphinx, exception: Exception | None) -> None:
    job = getattr(app, "axisnet_bundle_job", None)
    if job is None or exception is not None:
        return
    future, cache, target = job
    source = future.result()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(source, encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cache.read_bytes())


# docutils marks a bibliography as an ARIA list whose entries carry the deprecated
# doc-biblioentry role, a pairing that assistive technologies (and axe) reject as a broken list.
# Plain containers read correctly: each entry is a paragraph with its own back-link.
ARIA_FIXES = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry"', ""),
)


# Page scripts, kept as JavaScript next to this file and inlined in the head of the pages whose
# body holds their marker: the network explorer's live text summary.
PAGE_SCRIPTS = (('class="explorer-summary', "explorer_summary.js"),)


def page_scripts(body: str) -> list[str]:
    """The page scripts (source text) that a page body needs, see ``PAGE_SCRIPTS``.

    Examples
    --------
    >>> page_scripts("<p>No explorer here</p>")
    []
    """
    return [
        Path(__file__).with_name(name).read_text(encoding="utf-8")
        for marker, name in PAGE_SCRIPTS
        if marker in body
    ]


# Where chart specs go in the HTML output, and the size fields the loader's height estimate
# reads (see ``estimate`` in vega_lazy.js): concatenations, facets, layers, plot heights,
# titles, legends (a channel's legend and the length of its scale's domain) and the view's
# default height, padding and font.
SPEC_DIR = "_static/charts"
NESTED = ("vconcat", "hconcat", "concat", "layer")
LEGEND_CHANNELS = ("color", "fill", "shape", "strokeDash", "size")
CHART_SCRIPT = re.compile(r"(<script[^>]*>)((?:(?!</script>).)*?vegaEmbed\(.*?)(</script>)", re.S)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _truthy(value: Any) -> bool:
    """JavaScript's truth of a JSON value (an empty object or list is true there)."""
    return value not in (None, False, 0, "") if not isinstance(value, (dict, list)) else True


def size_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """The part of a Vega-Lite spec that the loader's height estimate reads, and no text.

    Titles become ``1`` and scale domains lists of zeros of the same length, so no data text
    reaches the page.

    Examples
    --------
    >>> size_fields({"title": "T", "height": 200, "mark": "bar", "data": {"values": [1]},
    ...              "encoding": {"color": {"field": "f", "scale": {"domain": ["a", "b"]}}}})
    {'title': 1, 'height': 200, 'encoding': {'color': {'scale': {'domain': [0, 0]}}}}
    """
    out: dict[str, Any] = {}
    if _truthy(spec.get("title")):
        out["title"] = 1
    for key in NESTED:
        if isinstance(spec.get(key), list):
            out[key] = [size_fields(s) if isinstance(s, dict) else {} for s in spec[key]]
    if isinstance(spec.get("spec"), dict):
        out["spec"] = size_fields(spec["spec"])
    if _number(spec.get("columns")):
        out["columns"] = spec["columns"]
    height = spec.get("height")
    if _number(height):
        out["height"] = height
    elif isinstance(height, dict) and _number(height.get("step")):
        out["height"] = {"step": height["step"]}
    encoding = spec.get("encoding")
    if isinstance(encoding, dict):
        channels = {}
        for channel in LEGEND_CHANNELS:
            value = encoding.get(channel)
            if not _truthy(value):
                continue
            fields: dict[str, Any] = {}
            if isinstance(value, dict):
                if "legend" in value and value["legend"] is None:
                    fields["legend"] = None
                domain = (value.get("scale") or {}).get("domain")
                if isinstance(domain, list):
                    fields["scale"] = {"domain": [0] * len(domain)}
            channels[channel] = fields
        if channels:
            out["encoding"] = channels
    config = spec.get("config")
    if isinstance(config, dict):
        kept: dict[str, Any] = {}
        view = config.get("view")
        if isinstance(view, dict) and _number(view.get("continuousHeight")):
            kept["view"] = {"continuousHeight": view["continuousHeight"]}
        if _number(config.get("padding")):
            kept["padding"] = config["padding"]
        if isinstance(config.get("font"), str):
            kept["font"] = config["font"]
        if kept:
            out["config"] = kept
    return out


def inert_json(value: Any) -> str:
    r"""JSON for inside an HTML ``<script>``: no ``<``, ``>`` or ``&`` that could end it.

    Examples
    --------
    >>> inert_json({"a": "</script>"})
    '{"a": "\\u003c/script\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=True, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def spec_file(spec: dict[str, Any]) -> tuple[str, bytes]:
    """A chart spec as the bytes of its JSON file, and the file's name (from its content).

    Examples
    --------
    >>> name, data = spec_file({"mark": "bar"})
    >>> name.endswith(".json") and data == b'{"mark":"bar"}'
    True
    """
    data = json.dumps(spec, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    raw = data.encode("utf-8")
    return f"{hashlib.sha256(raw).hexdigest()[:16]}.json", raw


def move_specs(body: str, outdir: Path, url: Any) -> str:
    r"""Move the spec of every chart in ``body`` into a file of ``outdir``/``SPEC_DIR``.

    Each chart script's spec literal (the first argument of the function Altair's code calls,
    after its last ``})(``) becomes ``{"src": url(name), "size": size_fields(spec)}``;
    ``url(path)`` turns a path in the output folder into a URL relative to the page.

    Examples
    --------
    >>> import tempfile
    >>> code = '<script>(function(spec, o){vegaEmbed(el, spec, o)})({"mark": "bar"}, {});</script>'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = move_specs(code, Path(tmp), lambda p: "../" + p)
    >>> stub = json.loads(out[out.rindex("})(") + 3 : out.rindex(", {});")])
    >>> stub["src"].startswith("../_static/charts/") and stub["size"] == {}
    True
    """
    decoder = json.JSONDecoder()

    def replace(match: re.Match[str]) -> str:
        code = match[2]
        start = code.rindex("})(") + 3
        try:
            spec, end = decoder.raw_decode(code, start)
        except ValueError as err:
            raise ExtensionError(f"a chart's spec is not JSON where expected: {err}") from err
        name, data = spec_file(spec)
        target = outdir / SPEC_DIR / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        stub = inert_json({"src": url(f"{SPEC_DIR}/{name}"), "size": size_fields(spec)})
        return match[1] + code[:start] + stub + code[end:] + match[3]

    return CHART_SCRIPT.sub(replace, body)


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body", "")
    if CHART_MARKER in body:
        bundle_url = context["pathto"](f"_static/{bundle_name()}", 1)
        app.add_js_file(None, body=loader_source(bundle_url), priority=100)
        body = move_specs(body, Path(app.outdir), lambda path: context["pathto"](path, 1))
    for script in page_scripts(body):
        app.add_js_file(None, body=script, priority=101)
    for old, new in ARIA_FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict[str, Any]:
    # Jupyter Book passes this setting for sphinx_comments, which the book does not load.
    if "comments_config" not in app.config.values:
        app.add_config_value("comments_config", {}, "html")
    app.connect("builder-inited", _write_bundle)
    app.connect("build-finished", _collect_bundle, priority=100)
    app.connect("html-page-context", _page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
