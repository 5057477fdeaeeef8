"""An edit to a data row reaches the built pages at the next build, with nothing else to do.

A small book with one notebook that shows a claim from ``claims.csv`` is built with the book's
own execution extension (``_ext/book_execution.py``) into the same folder three times: from a
copy of the data, again with nothing changed (nothing may be executed), and after one row of
that copy has been edited (the notebook must be executed again and the page show the edit).
The same holds for a notebook whose stored outputs are stamped as current (as
``python -m axisnet execute`` leaves the chapters): its first build uses them without executing
it, and a data edit still makes the next build execute it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# A claim"},
        {
            "cell_type": "code",
            "id": "claim",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": (
                "from axisnet import load\n"
                "\n"
                "claims = load().claims.set_index('id')\n"
                "print(claims.loc[CLAIM_ID, 'claim'])"
            ),
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}

# myst-nb's log line for a notebook it executes rather than takes from the cache
EXECUTED = "Executing notebook"

CONFIG = f"""\
title: Data edits
only_build_toc_files: true
execute:
  execute_notebooks: cache
  timeout: 120
sphinx:
  local_extensions:
    book_execution: {ROOT / "_ext"}
"""


def _claims(data: Path) -> list[dict[str, str]]:
    with (data / "claims.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write_claims(data: Path, rows: list[dict[str, str]]) -> None:
    with (data / "claims.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _build(book: Path, data: Path) -> tuple[str, str]:
    """Build ``book`` from ``data``; the page showing the claim, and the build log."""
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book), "-W", "-n"],
        capture_output=True,
        text=True,
        cwd=book,
        env={**os.environ, "AXISNET_DATA_DIR": str(data), "PYTHONHASHSEED": "0"},
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    page = (book / "_build" / "html" / "claim.html").read_text(encoding="utf-8")
    return page, proc.stdout + proc.stderr


def _book(tmp_path: Path) -> tuple[Path, Path, list[dict[str, str]]]:
    """A copy of the data and a one-page book showing its first claim; the claims' rows."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rows = _claims(data)
    notebook = json.loads(json.dumps(NOTEBOOK))
    notebook["cells"][1]["source"] = notebook["cells"][1]["source"].replace(
        "CLAIM_ID", repr(rows[0]["id"])
    )
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: claim\n", encoding="utf-8")
    (book / "claim.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return book, data, rows


def _edit_first_claim(data: Path, rows: list[dict[str, str]]) -> str:
    edited = "Edited row: the claim as a reader corrected it."
    rows[0]["claim"] = edited
    _write_claims(data, rows)
    return edited


@pytest.mark.build
def test_an_edited_data_row_shows_on_the_next_build(tmp_path: Path) -> None:
    book, data, rows = _book(tmp_path)
    first = rows[0]

    before, log = _build(book, data)
    assert first["claim"] in before
    assert EXECUTED in log

    unchanged, log = _build(book, data)
    assert unchanged == before
    assert EXECUTED not in log, "a build with no edit executed the notebook again"

    edited = _edit_first_claim(data, rows)
    after, log = _build(book, data)
    assert EXECUTED in log, "the notebook was not executed again after a data edit"
    assert edited in after, "the site still shows the old row after a data edit"
    assert edited not in before


@pytest.mark.build
def test_current_stored_outputs_are_used_until_the_data_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat

    from axisnet.notebook import execute, stamp

    book, data, rows = _book(tmp_path)
    path = book / "claim.ipynb"
    nb = nbformat.read(path, as_version=4)
    monkeypatch.setenv("AXISNET_DATA_DIR", str(data))
    execute(nb, book)
    stamp(nb, data)
    # a marker in the stored output shows which run the page was built from
    nb.cells[1].outputs[0]["text"] += "(stored run)\n"
    nbformat.write(nb, path)

    before, log = _build(book, data)
    assert EXECUTED not in log, "current stored outputs were executed again"
    assert rows[0]["claim"] in before and "(stored run)" in before

    edited = _edit_first_claim(data, rows)
    after, log = _build(book, data)
    assert EXECUTED in log, "stored outputs made from other data were used"
    assert edited in after and "(stored run)" not in after
