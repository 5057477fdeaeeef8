"""The data download of the built site: one zip of the data package and the networks.

The zip is looked for where a reader finds it: linked from the front page, the codebook and
the how-to-cite page, by a link relative to the page (so it works offline and with the site in
a subfolder), with its size and data version beside it. It is opened as a reader would open it,
read back with networkx, and made again by a second build to the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import networkx as nx
import pytest

from axisnet import ARTICLE_DATE, graphs, load
from axisnet.export import export_graphs

from conftest import ROOT, BookBuild, book_env, build_book, serve

pytestmark = pytest.mark.build

DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
VERSION = DESCRIPTOR["version"]
NAME = f"axis-network-data-{VERSION}.zip"
TOP = f"axis-network-data-{VERSION}"
# The pages readers look for the data on (paths of the built site).
PAGES = ("index.html", "chapters/how-to-cite.html", "chapters/appendix-codebook.html")


def site_zip(book_build: BookBuild) -> Path:
    return book_build.html / "_downloads" / NAME


class Links(HTMLParser):
    """Every link of a page: its href and its text with what follows, up to 80 characters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        if self.links and len(self.links[-1][1]) < 80:
            self.links[-1][1] += data


@pytest.fixture(scope="module")
def archive(book_build: BookBuild) -> zipfile.ZipFile:
    assert book_build.returncode == 0, book_build.log[-3000:]
    path = site_zip(book_build)
    assert path.is_file(), f"no {NAME} in the site's _downloads/"
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_only_the_current_data_version_is_offered(book_build: BookBuild) -> None:
    assert site_zip(book_build).is_file()
    offered = sorted(p.name for p in (book_build.html / "_downloads").glob("axis-network-data-*"))
    assert offered == [NAME]


@pytest.mark.parametrize("page", PAGES)
def test_pages_link_the_zip_with_its_size_and_version(book_build: BookBuild, page: str) -> None:
    path = book_build.html / page
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    found = [(href, after) for href, after in parser.links if href.endswith(NAME)]
    assert found, f"{page} does not link {NAME}"
    size = site_zip(book_build).stat().st_size
    for href, after in found:
        # relative to the page: works from a file, a subfolder or any host
        assert not href.startswith("/") and "://" not in href, href
        assert (path.parent / href).resolve() == site_zip(book_build).resolve()
        shown = re.search(r"([\d.]+) (kB|MB)", after)
        assert shown, f"{page}: no size after the link: {after!r}"
        unit = 1000 if shown[2] == "kB" else 1_000_000
        assert abs(float(shown[1]) * unit - size) <= unit, f"{page}: {shown[0]} for {size} bytes"
        assert f"data version {VERSION}" in after, after


def test_links_fetch_the_zip_from_a_site_served_in_a_subfolder(book_build: BookBuild) -> None:
    # the site's folder is served as /html/ of its parent folder, as on a project's pages
    with serve(book_build.html.parent) as url:
        for page in PAGES:
            parser = Links()
            parser.feed((book_build.html / page).read_text(encoding="utf-8"))
            hrefs = {href for href, _ in parser.links if href.endswith(NAME)}
            assert hrefs, f"{page} does not link {NAME}"
            for href in hrefs:
                with urllib.request.urlopen(urljoin(f"{url}/html/{page}", href)) as response:
                    assert response.read() == site_zip(book_build).read_bytes()


def test_zip_opens_and_holds_the_data_networks_readme_and_licence(
    archive: zipfile.ZipFile,
) -> None:
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert {n.split("/")[0] for n in names} == {TOP}
    inside = {n.split("/", 1)[1] for n in names}
    for resource in DESCRIPTOR["resources"]:
        member = f"data/{resource['path']}"
        assert member in inside, member
        assert archive.read(f"{TOP}/{member}") == (ROOT / "data" / resource["path"]).read_bytes()
    assert {"README.md", "LICENSE-CONTENT.md", "data/datapackage.json", "data/README.md"} <= inside
    for snapshot in graphs.BOOK_SNAPSHOTS:
        for graph in ("ties", "network", "cooperative"):
            for fmt in ("graphml", "gexf"):
                assert f"exports/{snapshot}/{graph}.{fmt}" in inside
    readme = archive.read(f"{TOP}/README.md").decode("utf-8")
    assert f"version {VERSION}" in readme and "@misc{" in readme


def test_graphml_inside_the_zip_reads_back_with_networkx(archive: zipfile.ZipFile) -> None:
    with archive.open(f"{TOP}/exports/2019-end/network.graphml") as handle:
        read = nx.read_graphml(handle)
    # the chapters draw the end of 2019 from the data as they stood on the article's date
    built = export_graphs(load().until(ARTICLE_DATE), "2019-12-31")["network"]
    assert set(read.nodes) == set(built.nodes)
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in built.edges}
    for u, v, attrs in built.edges(data=True):
        assert read.edges[u, v]["weight"] == attrs["weight"]
        assert read.edges[u, v]["ids"] == attrs["ids"]
    assert read.graph["data_version"] == VERSION


def test_a_second_build_makes_the_same_bytes(book_build: BookBuild) -> None:
    """Remove the zip from the site and from the build's cache, build again (only the zip has
    to be made: nothing else changed), and compare."""
    assert book_build.returncode == 0, book_build.log[-3000:]
    first = site_zip(book_build).read_bytes()
    out = book_build.html.parents[1]
    cache = out / "_build" / ".data-download"
    assert cache.is_dir(), "the build keeps no copy of the zip between builds"
    shutil.rmtree(cache)
    site_zip(book_build).unlink()
    again = build_book(out, flags=["-W", "-n", "--keep-going"], **book_env())
    assert again.returncode == 0, again.log[-3000:]
    assert site_zip(book_build).read_bytes() == first
    assert [p.name for p in cache.glob("*/*.zip")] == [NAME]


def test_a_data_error_stops_the_build_naming_file_row_and_column(tmp_path: Path) -> None:
    # The zip is made in another process while pages are read: its error must still stop the
    # build, with the data's own message.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "ties.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[3]["start"] = "not a date"
    with (data / "ties.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        f"title: Download\nsphinx:\n  local_extensions:\n    book_download: {ROOT / '_ext'}\n",
        encoding="utf-8",
    )
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (book / "index.md").write_text("# Data\n\n{data-download}`The data`\n", encoding="utf-8")
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book)],
        capture_output=True,
        text=True,
        env={**os.environ, "AXISNET_DATA_DIR": str(data)},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, "a build with broken data succeeded"
    assert "cannot make the data download" in log
    assert "ties.csv:5:start: malformed date 'not a date'" in log
    assert not list((book / "_build" / "html").rglob("*.zip"))
