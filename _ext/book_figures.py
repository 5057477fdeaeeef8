"""The figure index, made by the build, and the figures' files and font.

- Index. ``{figure-index}`` (on ``chapters/appendix-figures.md``) lists every figure of
  ``figures/registry.json`` (written by ``make figures``): a section ``cite-<id>`` with the
  chart, its caption and alt text, its files and a citation. Captions and alt text are read
  from the chapters' ``{glue:figure}`` directives as the chapters are read; numbers are the
  ones Sphinx gives the figures (``env.toc_fignumbers``), filled in once every page is read.
  At ``build-finished`` the same entries are written to ``figures/index.csv``.
  ``{book-citation}`` shows the citation of the book (text and BibTeX), ``{book-citation} data``
  that of the data at their version.
- PDFs. The PDF of each figure is not byte-stable (see ``axisnet.publish.render_pdf``), so it
  is not committed: at ``builder-inited`` this writes ``figures/<id>.pdf`` for every committed
  ``figures/<id>.vl.json`` whose PDF is missing or older than its spec.
- Font. Charts name the book's own font (``axisnet.charts.FONT``). The site serves its WOFF2
  files from ``_static/fonts/``, so pages and exports measure text alike.
- References. ``{numref}`` references are resolved by :class:`NumberingDomain`, which reads
  each page's doctree once per build for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.ext.glue.directives import PasteFigureDirective
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
LOGGER = logging.getLogger(__name__)
DOWNLOADS = (("SVG", "svg"), ("PNG", "png"), ("PDF", "pdf"), ("CSV", "csv"))


class figure_text(nodes.inline):
    """Text of a figure known only once every page is read: its number, caption or citation."""


class GlueFigure(PasteFigureDirective):
    """``{glue:figure}`` that keeps its ``:alt:`` on the figure node, for the figure index."""

    def run(self) -> list[nodes.Node]:
        result = super().run()
        for node in result:
            if isinstance(node, nodes.figure) and self.options.get("alt"):
                node["alt"] = " ".join(self.options["alt"].split())
        return result


def _data(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Figure ID -> docname, caption and alt text, collected from the pages read."""
    if not hasattr(env, "axisnet_figures"):
        env.axisnet_figures = {}
    return env.axisnet_figures


def _index_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "axisnet_index_docs"):
        env.axisnet_index_docs = set()
    return env.axisnet_index_docs


class BookCitation(Directive):
    """The citation of the book (``{book-citation}``) or of its data at their version
    (``{book-citation} data``) as text and as BibTeX, from ``CITATION.cff`` and
    ``data/datapackage.json``."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from axisnet import citation

        what = self.arguments[0] if self.arguments else "book"
        cite = {
            "book": (citation.book_citation, citation.book_bibtex),
            "data": (citation.data_citation, citation.data_bibtex),
        }.get(what)
        if cite is None:
            raise self.error(f"book-citation: cite 'book' or 'data', not {what!r}")
        env = self.state.document.settings.env
        env.note_dependency(str(ROOT / "CITATION.cff"))
        env.note_dependency(str(ROOT / "data" / "datapackage.json"))
        book = citation.book_info(ROOT)
        bibtex = cite[1](book)
        return [
            nodes.paragraph("", cite[0](book)),
            nodes.literal_block(bibtex, bibtex, language="bibtex"),
        ]


class FigureIndex(Directive):
    """One section per figure of ``figures/registry.json``, completed when pages are resolved."""

    def run(self) -> list[nodes.Node]:
        from axisnet.citation import anchor
        from axisnet.paths import REGISTRY_FILE
        from axisnet.publish import read_registry

        env = self.state.document.settings.env
        env.note_dependency(str(FIGURES / REGISTRY_FILE))
        _index_docs(env).add(env.docname)
        out: list[nodes.Node] = []
        for entry in read_registry(FIGURES):
            id = entry["id"]
            section = nodes.section(ids=[anchor(id)], names=[anchor(id)])
            self.state.document.note_explicit_target(section, section)
            section += nodes.title(
                "",
                "Figure ",
                figure_text("", figure_id=id, field="number"),
                nodes.Text(": " + entry["title"]),
            )
            section += nodes.image(
                uri=f"../figures/{id}.svg", alt="", width="360px", loading="lazy", figure_id=id
            )
            section += nodes.paragraph("", "", figure_text("", figure_id=id, field="caption"))
            sources: list[nodes.Node] = []
            for i, source in enumerate(entry["sources"]):
                sources += [nodes.Text(", ")] if i else []
                sources.append(nodes.literal("", source))
            section += nodes.paragraph(
                "",
                "Figure ID ",
                nodes.literal("", id),
                nodes.Text(f"; chapter: {entry['chapter']}; sources: "),
                *sources,
                nodes.Text("."),
            )
            links: list[nodes.Node] = [nodes.Text("Download: ")]
            for i, (label, fmt) in enumerate(DOWNLOADS):
                links += [nodes.Text(" · ")] if i else []
                links.append(
                    addnodes.download_reference(
                        "",
                        "",
                        nodes.literal("", label, classes=["xref", "download"]),
                        reftarget=f"../figures/{id}.{fmt}",
                        refdoc=env.docname,
                        refdomain="",
                        reftype="download",
                        refexplicit=True,
                        refwarn=False,
                    )
                )
            section += nodes.paragraph("", "", *links)
            section += nodes.paragraph("", "", nodes.strong("", "Cite this figure"))
            section += nodes.paragraph("", "", figure_text("", figure_id=id, field="citation"))
            section += nodes.literal_block("", "", language="bibtex", figure_id=id)
            out.append(section)
        return out


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record the caption and alt text of every named figure of the page just read."""
    from axisnet.citation import anchor

    env = app.env
    data = _data(env)
    for figure in doctree.findall(nodes.figure):
        for id in figure["ids"]:
            if not id.startswith("fig-"):
                continue
            caption = figure.next_node(nodes.caption)
            text = ""
            if caption is not None:
                caption = caption.deepcopy()
                for ref in list(caption.findall(addnodes.pending_xref)):
                    if ref.get("reftarget") == anchor(id):  # the link to the index entry
                        ref.parent.remove(ref)
                text = " ".join(caption.astext().split())
            image = figure.next_node(nodes.image)
            alt = figure.get("alt") or (image.get("alt", "") if image is not None else "")
            data[id] = {"docname": env.docname, "caption": text, "alt": alt}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    data = _data(env)
    for id in [i for i, d in data.items() if d["docname"] == docname]:
        del data[id]
    _index_docs(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    _data(env).update({i: d for i, d in _data(other).items() if d["docname"] in docnames})
    _index_docs(env).update(_index_docs(other) & docnames)


def _number(env: BuildEnvironment, id: str) -> str:
    entry = _data(env).get(id)
    if entry is None:
        return ""
    numbers = env.toc_fignumbers.get(entry["docname"], {}).get("figure", {})
    return ".".join(str(n) for n in numbers.get(id, ()))


def entries(env: BuildEnvironment) -> list[Any]:
    """The figure index: every registered figure with its number, caption and alt text."""
    from axisnet.publish import IndexEntry, read_registry

    out = []
    for entry in read_registry(FIGURES):
        found = _data(env).get(entry["id"], {})
        out.append(
            IndexEntry(
                id=entry["id"],
                number=_number(env, entry["id"]),
                title=entry["title"],
                caption=found.get("caption", ""),
                alt=found.get("alt", ""),
                chapter=entry["chapter"],
                sources=tuple(entry["sources"]),
            )
        )
    return out


def _fill(node: nodes.Node, env: BuildEnvironment) -> None:
    """Put numbers, captions, alt text and citations into the figure index."""
    from axisnet.citation import book_info, figure_bibtex, figure_citation

    book = book_info(ROOT)
    by_id = {e.id: e for e in entries(env)}
    for text in node.findall(figure_text):
        e = by_id[text["figure_id"]]
        value = {
            "number": e.number,
            "caption": e.caption,
            "citation": figure_citation(book, e.number, e.title, e.id),
        }[text["field"]]
        text.children = []
        text += nodes.Text(value)
    for image in node.findall(nodes.image):
        if "figure_id" in image:
            image["alt"] = by_id[image["figure_id"]].alt
    for block in node.findall(nodes.literal_block):
        if "figure_id" in block:
            e = by_id[block["figure_id"]]
            bibtex = figure_bibtex(book, e.number, e.title, e.id)
            block.rawsource = bibtex
            block.children = []
            block += nodes.Text(bibtex)


def _updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once numbers are assigned: check every figure, number the page's table of contents,
    and write the index page again (its entries come from other pages) when an entry or the
    book's citation changed."""
    from axisnet.citation import book_info
    from axisnet.paths import REGISTRY_FILE

    docs = sorted(_index_docs(env))
    if not docs:
        return []
    # what the entries are made from, compared without making them (which needs the exports)
    registry = FIGURES / REGISTRY_FILE
    numbers = {id: _number(env, id) for id in _data(env)}
    signature = repr(
        (
            registry.read_text(encoding="utf-8") if registry.is_file() else "",
            sorted(_data(env).items()),
            sorted(numbers.items()),
            book_info(ROOT),
        )
    )
    if getattr(env, "axisnet_index_signature", None) == signature:
        return []
    env.axisnet_index_signature = signature
    app.axisnet_index_changed = True
    for e in entries(env):
        missing = [what for what, value in (("number", e.number), ("alt", e.alt)) if not value] + (
            ["caption"] if not e.caption else []
        )
        if missing:
            LOGGER.warning(
                f"figure {e.id} (figures/registry.json) has no numbered figure with a "
                f"caption and :alt: in the book (missing: {', '.join(missing)})",
                location=docs[0],
            )
    for docname in docs:
        if docname in env.tocs:
            _fill(env.tocs[docname], env)
    return docs


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname in _index_docs(app.env):
        _fill(doctree, app.env)


def _index_csv(app: Sphinx, exception: Exception | None) -> None:
    """Write ``figures/index.csv`` from the index page's entries (only if it changed)."""
    path = FIGURES / "index.csv"
    if exception is not None or not _index_docs(app.env):
        return
    if path.exists() and not getattr(app, "axisnet_index_changed", False):
        return  # the entries are those of the build that wrote it
    from axisnet.citation import book_info
    from axisnet.publish import index_csv

    text = index_csv(entries(app.env), book_info(ROOT))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8", newline="\n")


def write_missing_pdfs(figures_dir: Path = FIGURES) -> list[Path]:
    """Write the PDF of every figure spec in ``figures_dir`` whose PDF is missing or stale."""
    stale = []
    for spec in sorted(figures_dir.glob("fig-*.vl.json")):
        pdf = spec.with_name(spec.name.removesuffix(".vl.json") + ".pdf")
        if not pdf.exists() or pdf.stat().st_mtime < spec.stat().st_mtime:
            stale.append((spec, pdf))
    if not stale:
        return []  # and the renderer is not even imported
    from axisnet.publish import render_pdf

    return [render_pdf(spec.read_text(encoding="utf-8"), pdf) for spec, pdf in stale]


def _pdfs(app: Sphinx) -> None:
    written = write_missing_pdfs()
    if written:
        LOGGER.info(f"wrote {len(written)} figure PDFs")


def _fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from axisnet.paths import FONTS_DIR

    target = Path(app.outdir) / "_static" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for font in sorted(FONTS_DIR.glob("*.woff2")):
        shutil.copyfile(font, target / font.name)


class NumberingDomain(StandardDomain):
    """Sphinx's standard domain, reading each page's doctree once while it resolves
    ``{numref}`` references, instead of once per reference (the pages' doctrees, which hold
    every chart, are large: reading them again for each of some sixty references was a tenth
    of the build). The doctrees read here are only looked up, never changed or written."""

    def _resolve_numref_xref(self, env: BuildEnvironment, *args: Any) -> Any:
        doctrees: dict[str, nodes.document] = self.__dict__.setdefault("_doctrees", {})
        read = env.get_doctree

        def get_doctree(docname: str) -> nodes.document:
            if docname not in doctrees:
                doctrees[docname] = read(docname)
            return doctrees[docname]

        env.get_doctree = get_doctree  # type: ignore[method-assign]
        try:
            return super()._resolve_numref_xref(env, *args)
        finally:
            del env.get_doctree


def _visit(self: Any, node: nodes.Node) -> None:
    self.visit_inline(node)


def _depart(self: Any, node: nodes.Node) -> None:
    self.depart_inline(node)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(NumberingDomain, override=True)
    app.add_node(figure_text, html=(_visit, _depart))
    app.add_directive_to_domain("glue", "figure", GlueFigure, override=True)
    app.add_directive("figure-index", FigureIndex)
    app.add_directive("book-citation", BookCitation)
    app.connect("builder-inited", _pdfs)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _updated, priority=900)
    app.connect("doctree-resolved", _resolved)
    app.connect("build-finished", _index_csv)
    app.connect("build-finished", _fonts)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
