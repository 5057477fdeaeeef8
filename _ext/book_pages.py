"""Sphinx extension: each page loads only what it uses, and describes itself.

Assets. The extensions Jupyter Book loads add their stylesheets and scripts to every page,
whether it has a code cell, a dropdown or a tab set or not, and most scripts load in the head,
holding up the first paint. After every other extension has added its files, this one

- drops the assets of a feature (copy buttons and code colours, dropdowns, exercises, design
  components, math, notebook cells) from pages whose body has none of it (``FEATURES``);
- loads every remaining script file with ``defer`` (in order, after the page is parsed), except
  ``documentation_options.js``, which the inline lines after it extend (``BLOCKING``), and
  except on the search page, whose template adds search scripts that need the others at once.

Hidden cells. myst-nb draws a cell tagged ``hide-input`` or ``hide-output`` as a
``<details>`` element whose ``<summary>`` carries ``aria-label="Toggle hidden content"``, an
accessible name that does not contain the visible text ("Show code cell source"); screen-reader
users who navigate by what they see cannot reach it (WCAG 2.5.3). The label is removed, so the
visible text is the name.

Description. A page without a ``<meta name="description">`` of its own (set with ``html_meta``
in its front matter) gets one made from its first paragraph after the title, so search engines
show each page with its own summary.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript


def _class(*names: str, prefix: bool = False) -> re.Pattern[str]:
    """A pattern for an HTML class attribute holding one of ``names`` as a whole class name
    (or, with ``prefix``, a class name starting with one of them)."""
    tail = r"[^\s\"]*" if prefix else ""
    return re.compile(rf'class="(?:[^"]*\s)?(?:{"|".join(map(re.escape, names))}){tail}[\s"]')


# A feature's assets (by file name; a name ending in "*" is a prefix) and the class names that
# show a page body uses it.
FEATURES: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "code": (
        ("pygments.css", "copybutton.css", "clipboard.min.js", "copybutton.js"),
        _class("highlight"),
    ),
    "toggles": (("togglebutton.css", "togglebutton.js"), _class("toggle", "dropdown")),
    "exercises": (("exercise.css",), _class("exercise", "solution")),
    "design": (("sphinx-design.min.css", "design-tabs.js"), _class("sd-", prefix=True)),
    "notebook": (
        ("mystnb.*",),
        _class("cell", "cell_output", "output", "pasted-text", "pasted-inline"),
    ),
}

# Scripts that stay blocking: inline code in the head adds to the object this one defines.
BLOCKING = ("documentation_options.js",)

DESCRIPTION_LENGTH = 155
# Fixed descriptions of the pages Sphinx generates without a source.
GENERATED = {
    "search": "Search the text of {book}.",
    "genindex": "Index of the terms defined in {book}.",
}
VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')


def _name(asset: Any) -> str:
    return str(asset.filename).rsplit("/", 1)[-1]


def unused_assets(body: str) -> set[str]:
    """File names (or name prefixes) of the feature assets a page body does not use.

    Examples
    --------
    >>> sorted(unused_assets('<div class="highlight"><pre>x</pre></div>'))[:3]
    ['design-tabs.js', 'exercise.css', 'mystnb.*']
    >>> "copybutton.js" in unused_assets('<div class="highlight"><pre>x</pre></div>')
    False
    """
    unused: set[str] = set()
    for files, pattern in FEATURES.values():
        if not pattern.search(body):
            unused.update(files)
    return unused


def _is_unused(asset: Any, unused: set[str]) -> bool:
    name = _name(asset)
    return any(name == u or (u.endswith("*") and name.startswith(u[:-1])) for u in unused)


def _deferred(js: Any) -> Any:
    attrs = dict(js.attributes)
    if not js.filename or _name(js) in BLOCKING or "async" in attrs or "defer" in attrs:
        return js
    attrs["defer"] = "defer"
    return _JavaScript(js.filename, priority=js.priority, **attrs)


def summary(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse whitespace and cut ``text`` at a word boundary to at most ``limit`` characters.

    Examples
    --------
    >>> summary("A  short\\n text.")
    'A short text.'
    >>> summary("one two three four", limit=12)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def first_paragraph(doctree: nodes.document) -> str:
    """Text of the first paragraph of a page's body (not in a title, caption, note or table).

    Examples
    --------
    >>> from docutils.core import publish_doctree
    >>> first_paragraph(publish_doctree("Title\\n=====\\n\\n.. note:: Aside.\\n\\nFirst *one*."))
    'First one.'
    """
    skip = (
        nodes.Admonition,
        nodes.caption,
        nodes.citation,
        nodes.footnote,
        nodes.sidebar,
        nodes.table,
        nodes.title,
        nodes.topic,
    )
    for para in doctree.findall(nodes.paragraph):
        parent, inside = para.parent, False
        while parent is not None:
            if isinstance(parent, skip):
                inside = True
                break
            parent = parent.parent
        text = para.astext().strip()
        if not inside and text:
            return text
    return ""


HIDDEN_CELL_LABEL = re.compile(r'(<summary)\s+aria-label="Toggle hidden content"')


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = HIDDEN_CELL_LABEL.sub(r"\1", context.get("body", ""))
    if "body" in context:
        context["body"] = body
    unused = unused_assets(body)
    if "css_files" in context:
        context["css_files"][:] = [c for c in context["css_files"] if not _is_unused(c, unused)]
    if "script_files" in context:
        # The search page's template loads its own search scripts, which need Sphinx's
        # helpers at once: its scripts keep their order and loading.
        keep = _deferred if pagename != "search" else (lambda js: js)
        context["script_files"][:] = [
            keep(js) for js in context["script_files"] if not _is_unused(js, unused)
        ]

    # Sphinx's layout writes the viewport tag already; Jupyter Book adds a second one.
    metatags = VIEWPORT.sub("", context.get("metatags", ""))
    context["metatags"] = metatags
    if 'name="description"' in metatags:
        return
    book = context.get("docstitle") or "this book"
    title = re.sub(r"<[^>]+>", "", context.get("title", "")).strip()
    if doctree is not None:
        text = summary(first_paragraph(doctree) or f"{title}: a page of {book}.")
    else:
        text = GENERATED.get(pagename, "{title}: a page of {book}.").format(title=title, book=book)
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}" />'
    context["metatags"] = metatags + "\n    " + tag


def setup(app: Sphinx) -> dict[str, Any]:
    # After every other extension (default priority 500) has added its files to the page.
    app.connect("html-page-context", _page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
