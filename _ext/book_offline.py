"""Sphinx extension: serve the Vega libraries from the site itself, only on pages with charts.

It also repairs the ARIA roles of bibliographies (see ``ARIA_FIXES``).

Altair's HTML output loads Vega, Vega-Lite and Vega-Embed from a CDN unless the page already
declares, in ``window.VEGA_DEBUG``, the exact versions the chart was rendered with. This
extension builds one JavaScript bundle of those libraries with vl-convert (no network), writes
it to ``_static/`` of the HTML output under a versioned name, and adds it to the pages whose body
contains an Altair chart.

The bundle (about 0.9 MB) is loaded with ``defer``, so it does not hold up the first paint of the
page. A few lines in the page head (``loader_source``) run first: they set ``VEGA_DEBUG`` from
the versions Altair reports, so the charts skip their CDN loader, and stand in for
``vegaEmbed`` until the bundle has run, passing each chart on to the real one.
"""

from __future__ import annotations

import hashlib
import json
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
    snippet = (
        "window.vegaLite = vegaLite; window.vega = vega;\n"
        "var ready = window.vegaOfflineReady;\n"
        "window.vegaEmbed = vegaEmbed;\n"
        "if (typeof ready === 'function') { ready(vegaEmbed); }\n"
    )
    bundle = vlc.javascript_bundle(snippet, vl_version=f"v{major_minor}")
    # The bundle declares its helpers at top level; a function scope keeps them out of the
    # page's global names (the theme's own scripts use some of the same short names).
    return "(function () {\n" + bundle + "\n})();\n"


def loader_source() -> str:
    """Inline script for the page head: ``VEGA_DEBUG``, and a ``vegaEmbed`` that waits.

    Altair's inline chart code runs while the page is parsed, before the deferred bundle. With
    ``VEGA_DEBUG`` set, it calls ``vegaEmbed`` straight away; the stand-in returns a promise
    that resolves once the bundle hands over the real function (``vegaOfflineReady``).
    """
    return (
        "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        + json.dumps(_versions(), sort_keys=True)
        + ");\n"
        "(function () {\n"
        "  var handOver;\n"
        "  var embed = new Promise(function (resolve) { handOver = resolve; });\n"
        "  window.vegaOfflineReady = handOver;\n"
        "  window.vegaEmbed = function () {\n"
        "    var args = arguments;\n"
        "    return embed.then(function (real) { return real.apply(null, args); });\n"
        "  };\n"
        "})();\n"
    )


def bundle_name() -> str:
    """File name of the bundle, keyed by the library versions it contains."""
    import vl_convert as vlc

    key = json.dumps([_versions(), vlc.__version__, "iife", "deferred"], sort_keys=True).encode()
    return f"vega-offline-{hashlib.sha256(key).hexdigest()[:12]}.js"


def _write_bundle(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    name = bundle_name()
    target = Path(app.outdir) / "_static" / name
    if target.exists():
        return
    cache = Path(app.doctreedir).parent / ".vega-cache" / name
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(bundle_source(), encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cache.read_bytes())


# docutils marks a bibliography as an ARIA list whose entries carry the deprecated
# doc-biblioentry role, a pairing that assistive technologies (and axe) reject as a broken list.
# Plain containers read correctly: each entry is a paragraph with its own back-link.
ARIA_FIXES = (
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry"', ""),
)


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body", "")
    if CHART_MARKER in body:
        app.add_js_file(None, body=loader_source(), priority=100)
        app.add_js_file(bundle_name(), priority=100, loading_method="defer")
    for old, new in ARIA_FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict[str, Any]:
    # Jupyter Book passes this setting for sphinx_comments, which the book does not load.
    if "comments_config" not in app.config.values:
        app.add_config_value("comments_config", {}, "html")
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
