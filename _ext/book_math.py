"""Math typeset once, at build time, as MathML: no script, no web font, nothing to download.

The book's formulas are written in LaTeX (``$...$``, ``$$...$$`` and the ``{math}`` directive).
This extension registers an HTML math renderer, ``mathml``, that converts each formula with
``latex2mathml`` while the page is written, so the browser draws it natively (MathML Core), a
screen reader reads it as mathematics, and print and the PDF get it as text. The LaTeX source
stays in the ``alttext`` attribute. A formula that cannot be converted stops the build with its
page and source.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxTranslator

RENDERER = "mathml"


def mathml(latex: str, *, block: bool = False) -> str:
    """A LaTeX formula as a MathML ``<math>`` element.

    Examples
    --------
    >>> mathml(r"\\frac{1}{n}").startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    True
    >>> 'display="block"' in mathml("x^2", block=True)
    True
    """
    from latex2mathml.converter import convert

    source = latex.strip()
    out = convert(source, display="block" if block else "inline")
    return out.replace("<math ", f'<math alttext="{html.escape(source, quote=True)}" ', 1)


def _convert(self: SphinxTranslator, node: nodes.Element, latex: str, block: bool) -> str:
    try:
        return mathml(latex, block=block)
    except Exception as err:  # latex2mathml raises many kinds of error
        where = f"{node.source or self.builder.current_docname}:{node.line or '?'}"
        raise ExtensionError(f"{where}: cannot typeset {latex!r} as MathML: {err}") from err


def visit_math(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_convert(self, node, node.astext(), block=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self: SphinxTranslator, node: nodes.Element) -> None:
    # A formula wider than a phone scrolls inside its box, which the keyboard can reach.
    self.body.append(self.starttag(node, "div", CLASS="math", tabindex="0"))
    if node.get("number"):
        number = f"({node['number']})"
        self.body.append(f'<span class="eqno">{number}')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    parts = [p for p in node.astext().split("\n\n") if p.strip()]
    for part in parts:
        self.body.append(_convert(self, node, part, block=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer(
        RENDERER, inline_renderers=(visit_math, None), block_renderers=(visit_displaymath, None)
    )
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
