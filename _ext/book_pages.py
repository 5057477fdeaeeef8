"""Sphinx extension: each page loads only what it uses, and describes itself.

Assets. The extensions Jupyter Book loads add their stylesheets and scripts to every page,
whether it has a code cell, a dropdown or a tab set or not, and most scripts load in the head,
holding up the first paint. After every other extension has added its files, this one

- drops the assets of a feature (copy buttons and code colours, dropdowns, exercises, design
  components, math, notebook cells) from pages whose body has none of it (``FEATURES``);
- loads every remaining script file with ``defer`` (in order, after the page is parsed), except
  ``documentation_options.js``, which the inline lines after it extend (``BLOCKING``): at the
  end of the build its few lines are written into each page instead (``inline_blocking``), so
  no script file holds up the first paint; and except on the search page, whose template adds
  search scripts that need the others at once.

One stylesheet. At the end of the build, the stylesheets a page links (Sphinx's, the themes',
the extensions' and the book's own, about ten) become one file, so the first paint waits for
one request instead of ten (``combine_styles``). The file holds the rules of its sources in
their order, without comments (bar licence notices, ``/*!``), extra whitespace or rules whose
class or id names appear nowhere in the built site (no page and no script mentions them), with
every ``url()`` rewritten to point where it pointed from its source. It is named by its content,
so pages that link the same sources share it, and it opens with a comment naming its sources.

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

import hashlib
import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError
from tinycss2.serializer import serialize_string_value, serialize_url


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


# The stylesheets of a page's head, the combined files' names, and the names a class or id
# selector can hold.
STYLE_LINK = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
HREF = re.compile(r'\bhref="([^"]*)"')
COMBINED_PREFIX = "site-"
# Folders of the output that hold no pages (template fragments, page sources).
SKIP = {"_static", "_sources"}
WORD = re.compile(r"[A-Za-z0-9_-]+")
# At-rules whose rules are style rules (purged like top-level ones); any other keeps its body.
GROUPING = {"media", "supports", "layer", "container", "document"}


def used_names(texts: Iterable[str]) -> set[str]:
    """Every word of ``texts`` that could be a class or id name.

    Examples
    --------
    >>> sorted(used_names(['<p class="a b-c">', "el.classList.add('d_e')"]))
    ['a', 'add', 'b-c', 'class', 'classList', 'd_e', 'el', 'p']
    """
    found: set[str] = set()
    for text in texts:
        found.update(WORD.findall(text))
    return found


def _split(tokens: list[Any], char: str) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == char:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _selector_names(selector: list[Any]) -> list[str]:
    """Class and id names of a selector, outside functional pseudo-classes such as ``:not()``."""
    names = []
    for before, token in zip([None, *selector[:-1]], selector, strict=True):
        if token.type == "ident" and before is not None and before.type == "literal":
            if before.value == ".":
                names.append(token.value)
        elif token.type == "hash" and token.is_identifier:
            names.append(token.value)
    return names


# Characters whitespace can go before, and after, without changing what CSS means.
GLUE_BEFORE = {",", ";", "{", "}"}
GLUE_AFTER = GLUE_BEFORE | {":"}


def _minified(tokens: list[Any]) -> str:
    """Component values as compact CSS: no comments, whitespace collapsed to one space and
    dropped at the ends, next to ``,``, ``;``, ``{`` and ``}``, and after ``:``."""
    out: list[str] = []
    space = False
    for token in tokens:
        kind = token.type
        if kind == "comment":
            continue
        if kind == "whitespace":
            space = True
            continue
        if kind == "function":
            text = f"{token.name}({_minified(token.arguments)})"
        elif kind in {"() block", "[] block", "{} block"}:
            text = kind[0] + _minified(token.content) + kind[1]
        else:
            text = token.serialize()
        glue = text[:1] in GLUE_BEFORE or (out and out[-1][-1:] in GLUE_AFTER)
        if space and out and not glue:
            out.append(" ")
        out.append(text)
        space = False
    return "".join(out)


def _rewrite_urls(tokens: list[Any], fix: Any) -> None:
    """Apply ``fix`` to the address of every ``url()`` in ``tokens`` (in place)."""
    for token in tokens:
        if token.type == "url":
            token.value = fix(token.value)
            token.representation = f"url({serialize_url(token.value)})"
        elif token.type == "function":
            if token.lower_name == "url":
                for arg in token.arguments:
                    if arg.type == "string":
                        arg.value = fix(arg.value)
                        arg.representation = f'"{serialize_string_value(arg.value)}"'
            else:
                _rewrite_urls(token.arguments, fix)
        elif token.type in {"() block", "[] block", "{} block"}:
            _rewrite_urls(token.content, fix)


def _rules(rules: Iterable[Any], used: set[str] | None) -> str:
    """Minified CSS of parsed rules, without the style rules that match nothing when ``used``
    (the names the site uses) is given."""
    out = []
    for rule in rules:
        if rule.type == "comment":
            if rule.value.startswith("!"):
                out.append(f"/*{rule.value}*/")
        elif rule.type == "qualified-rule":
            selectors = _split(rule.prelude, ",")
            if used is not None:
                selectors = [s for s in selectors if set(_selector_names(s)) <= used]
            if selectors:
                prelude = ",".join(_minified(s) for s in selectors)
                out.append(f"{prelude}{{{_minified(rule.content)}}}")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword == "charset":
                continue
            if keyword == "import":
                raise ExtensionError(f"combine_styles: no support for {rule.serialize()}")
            head = f"@{rule.at_keyword}" + (" " if rule.prelude else "") + _minified(rule.prelude)
            if rule.content is None:
                out.append(head + ";")
            elif keyword in GROUPING:
                nested = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                inner = _rules(nested, used)
                if inner:
                    out.append(f"{head.rstrip()}{{{inner}}}")
            else:
                out.append(f"{head.rstrip()}{{{_minified(rule.content)}}}")
        elif rule.type == "error":
            raise ExtensionError(f"combine_styles: a stylesheet does not parse: {rule.message}")
    return "\n".join(out) if used is None or out else ""


def minify_css(text: str, used: set[str] | None = None, fix_url: Any = None) -> str:
    r"""A stylesheet minified; with ``used``, without the style rules whose class or id names
    are not all in it; with ``fix_url``, every ``url()`` address passed through it.

    Examples
    --------
    >>> minify_css("/* note */ .a , .b > p { margin : 0  auto ; }")
    '.a,.b > p{margin :0 auto;}'
    >>> minify_css(".a { color: red } .b, .a .c { color: blue }", used={"a", "b"})
    '.a{color:red}\n.b{color:blue}'
    >>> minify_css('@font-face { src: url("f.woff2") }', fix_url=lambda u: "../" + u)
    '@font-face{src:url("../f.woff2")}'
    """
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=True)
    if fix_url is not None:
        for rule in rules:
            for part in ("prelude", "content"):
                if isinstance(getattr(rule, part, None), list):
                    _rewrite_urls(getattr(rule, part), fix_url)
    return _rules(rules, used)


def _url_fixer(source: Path, target_dir: Path, root: Path) -> Any:
    def fix(url: str) -> str:
        if not url or url.startswith(("data:", "#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", url):
            return url
        path, _, rest = url.partition("?")
        path, hash_, frag = path.partition("#")
        resolved = (source.parent / path).resolve()
        if root.resolve() not in resolved.parents:
            raise ExtensionError(f"{source}: url({url}) points outside the site")
        relative = Path(os.path.relpath(resolved, target_dir.resolve())).as_posix()
        return relative + (f"?{rest}" if rest else "") + (hash_ + frag)

    return fix


def combined_stylesheet(root: Path, sources: list[Path], used: set[str]) -> Path:
    """Write one stylesheet holding ``sources`` (files under ``root``, in order), minified and
    purged of rules no page uses, to ``root/_static``; return its path (named by content)."""
    target_dir = root / "_static"
    names = ", ".join(p.relative_to(target_dir).as_posix() for p in sources)
    parts = [f"/* {names} */"]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        parts.append(minify_css(text, used, _url_fixer(source, target_dir, root)))
    data = "\n".join(parts) + "\n"
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]
    target = target_dir / f"{COMBINED_PREFIX}{digest}.css"
    if not target.exists():
        target.write_text(data, encoding="utf-8")
    return target


def _local_file(page: Path, href: str, root: Path) -> Path:
    path = (page.parent / href.split("?")[0].split("#")[0]).resolve()
    if not path.is_file() or root.resolve() not in path.parents:
        raise ExtensionError(f"{page}: stylesheet {href} is not a file of the site")
    return path


BLOCKING_SCRIPT = re.compile(r'<script src="([^"]*)"></script>')


def inline_blocking(head: str, page: Path) -> str:
    """The head of ``page`` with each ``BLOCKING`` script file's code written in.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "documentation_options.js").write_text("const A = 1;")
    ...     inline_blocking('<script src="documentation_options.js?v=1"></script>', Path(tmp) / "p")
    '<script>const A = 1;</script>'
    """

    def inline(match: re.Match[str]) -> str:
        path = page.parent / match[1].split("?")[0]
        if path.name not in BLOCKING:
            return match[0]
        code = path.read_text(encoding="utf-8")
        if "</" in code:
            raise ExtensionError(f"{path}: cannot be written into a page (it holds '</')")
        return f"<script>{code}</script>"

    return BLOCKING_SCRIPT.sub(inline, head)


def combine_styles(root: Path) -> int:
    """Give every page of the site at ``root`` one stylesheet in place of the ones its head
    links (see the module's docstring), and the code of its ``BLOCKING`` scripts in place of
    their files; return the number of stylesheets written."""
    root = root.resolve()
    pages = [p for p in root.rglob("*.html") if p.relative_to(root).parts[0] not in SKIP]
    scripts = list((root / "_static").rglob("*.js"))
    used = used_names(p.read_text(encoding="utf-8", errors="replace") for p in pages + scripts)
    written: dict[tuple[Path, ...], Path] = {}
    for page in pages:
        stored = page.read_text(encoding="utf-8")
        end = stored.find("</head>")
        text = inline_blocking(stored[:end], page) + stored[end:]
        end = text.find("</head>")
        links = STYLE_LINK.findall(text[:end])
        hrefs = [m[1] for link in links if (m := HREF.search(link))]
        if not hrefs or hrefs[0].rsplit("/", 1)[-1].startswith(COMBINED_PREFIX):
            if text != stored:
                page.write_text(text, encoding="utf-8")
            continue
        if any(" media=" in link and 'media="all"' not in link for link in links):
            raise ExtensionError(f"{page}: a stylesheet for some media only: {links}")
        sources = tuple(_local_file(page, href, root) for href in hrefs)
        if sources not in written:
            written[sources] = combined_stylesheet(root, list(sources), used)
        href = Path(os.path.relpath(written[sources], page.parent)).as_posix()
        head = STYLE_LINK.sub("", text[:end], count=len(links) - 1)
        head = STYLE_LINK.sub(f'<link rel="stylesheet" href="{href}" />\n', head, count=1)
        page.write_text(head + text[end:], encoding="utf-8")
    return len(set(written.values()))


def _combine(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        combine_styles(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    # After every other extension (default priority 500) has added its files to the page.
    app.connect("html-page-context", _page, priority=900)
    # After the extensions that write or overwrite stylesheets at the end of the build (the
    # theme's code colours, myst-nb's and sphinx-exercise's files, the chart fonts).
    app.connect("build-finished", _combine, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
