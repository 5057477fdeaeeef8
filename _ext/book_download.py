"""Sphinx extension: the data package and the networks as one download on the site.

At ``builder-inited`` (HTML builds) this starts making the zip of
:func:`axisnet.export.book_zip`: the data package, the network at every date of the book as
GraphML, GEXF and CSV files, a README with the data's citation, and the licence. It is made in a
separate process while Sphinx reads the pages, and waited for once they are read (``env-updated``),
before any page that links it is written. The zip is kept in ``_build/.data-download/`` between
builds under a digest of its inputs (:func:`axisnet.export.zip_key`), so a build whose data and
code are unchanged finds it there instead of making it again; beside it, ``inputs.json`` records
the size and modification time of each input, so a build in which none of them changed takes
the zip without reading the inputs or importing the code that makes it. At ``build-finished``
it is copied to ``_downloads/axis-network-data-<version>.zip`` of the site, a name that stays
the same for a data version; zips of other versions are removed from there.

The role ``{data-download}`text``` links it: ``text`` becomes a download link, relative to the
page (so it works offline and with the site served from a subfolder), followed by the zip's
size and data version. A page with the role depends on the zip's inputs, so it is written again
when they change. A book without the files the zip is made from gets no zip, and a page of it
that links the zip fails the build, naming the missing files.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[1]
#: Folder of the site the zip is published in (Sphinx's own folder for downloads).
DOWNLOADS = "_downloads"
#: Folder, beside the doctrees, the zip is kept in between builds.
CACHE = ".data-download"


class data_download(nodes.inline):
    """Place of a link to the zip, replaced when the page is written (:func:`_resolve`)."""


def size_text(size: int) -> str:
    """A file size as readers read it (decimal units).

    Examples
    --------
    >>> size_text(697_887), size_text(1_234_567), size_text(512)
    ('698 kB', '1.2 MB', '1 kB')
    """
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def _data() -> Path:
    from axisnet.paths import data_dir

    return data_dir(None)


def _stats(paths: list[str]) -> list[list[int]] | None:
    try:
        return [[(s := os.stat(p)).st_size, s.st_mtime_ns] for p in paths]
    except OSError:
        return None


def _unchanged(cache: Path) -> Path | None:
    """The kept zip, if ``inputs.json`` shows that none of its inputs changed since."""
    try:
        record = json.loads((cache / "inputs.json").read_text(encoding="utf-8"))
        inputs, zipped = record["inputs"], cache / record["zip"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    same = record.get("data") == str(_data()) and _stats(inputs) == record.get("stats")
    return zipped if same and zipped.is_file() else None


def _record(cache: Path, zipped: Path) -> None:
    from axisnet.export import zip_inputs

    inputs = [str(p) for p in zip_inputs(ROOT, _data()).values()]
    record = {"data": str(_data()), "zip": zipped.relative_to(cache).as_posix()}
    record |= {"inputs": inputs, "stats": _stats(inputs)}
    (cache / "inputs.json").write_text(json.dumps(record), encoding="utf-8")


def _make(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    cache = Path(app.doctreedir).parent / CACHE
    app.axisnet_data_zip = _unchanged(cache)
    if app.axisnet_data_zip is not None:
        return
    from axisnet.export import ExportError, book_zip, zip_key, zip_name
    from axisnet.paths import data_version

    try:
        kept = cache / zip_key(ROOT, _data()) / zip_name(data_version(_data()))
    except ExportError:
        return  # a book without the files of the zip: a page linking it reports them
    if kept.is_file():
        app.axisnet_data_zip = kept
        _record(cache, kept)
        return
    # spawn: a fresh interpreter, not a copy of this one with its threads and open files
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    app.axisnet_data_zip_job = pool.submit(book_zip, cache, root=ROOT, data=_data())
    pool.shutdown(wait=False)


def _wait(app: Sphinx, env: Any) -> list[str]:
    """Wait for the zip started at ``builder-inited``, once every page has been read."""
    job: Future[Path] | None = getattr(app, "axisnet_data_zip_job", None)
    if job is not None:
        from axisnet.data import DataError
        from axisnet.export import ExportError

        app.axisnet_data_zip_job = None
        try:
            app.axisnet_data_zip = job.result()
        except (DataError, ExportError) as exc:
            raise ExtensionError(f"cannot make the data download: {exc}") from exc
        _record(Path(app.doctreedir).parent / CACHE, app.axisnet_data_zip)
    return []


def download_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{data-download}`text```: a link to the data zip, with its size and data version."""
    from axisnet.export import ExportError, zip_inputs

    env = inliner.document.settings.env
    try:
        inputs = zip_inputs(ROOT, _data())
    except ExportError as exc:
        error = inliner.reporter.error(str(exc), line=lineno)
        return [inliner.problematic(rawtext, rawtext, error)], [error]
    for path in inputs.values():
        env.note_dependency(str(path))
    return [data_download(rawtext, text)], []


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    zipped: Path | None = getattr(app, "axisnet_data_zip", None)
    for node in list(doctree.findall(data_download)):
        label = nodes.Text(node.astext())
        if zipped is None or not zipped.is_file():
            node.replace_self(label)
            continue
        from axisnet.paths import data_version

        link = addnodes.download_reference("", "", label, filename=zipped.name)
        size = size_text(zipped.stat().st_size)
        node.replace_self(
            [link, nodes.Text(f" (zip, {size}, data version {data_version(_data())})")]
        )


def _publish(app: Sphinx, exception: Exception | None) -> None:
    zipped: Path | None = getattr(app, "axisnet_data_zip", None)
    if exception is not None or zipped is None:
        return
    folder = Path(app.outdir) / DOWNLOADS
    target = folder / zipped.name
    if target.is_file() and target.read_bytes() == zipped.read_bytes():
        return  # published by an earlier build, which removed the other versions
    from axisnet.export import ZIP_STEM

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{ZIP_STEM}-*.zip"):
        if old.name != zipped.name:
            old.unlink()
    shutil.copyfile(zipped, target)


def setup(app: Sphinx) -> dict[str, Any]:
    # data_download nodes need no writer: every page replaces them before it is written.
    app.add_role("data-download", download_role)
    app.connect("builder-inited", _make)
    app.connect("env-updated", _wait)
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", _publish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
