"""An edit to a data row reaches the built pages at the next build, with nothing else to do.

A small book with one notebook that shows a claim from ``claims.csv`` is built with the book's
own execution extension (``_ext/book_execution.py``) into the same folder three times: from a
copy of the data, again with nothing changed (nothing may be executed), and after one row of
that copy has been edited (the notebook must be executed again and the page show the edit).
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
        {"cell_type": "markdown", "metadata": {}, "source": "# A claim from the data"},
        {
            "cell_type": "code",
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


@pytest.mark.build
def test_an_edited_data_row_shows_on_the_next_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rows = _claims(data)
    first = rows[0]
    notebook = json.loads(json.dumps(NOTEBOOK))
    notebook["cells"][1]["source"] = notebook["cells"][1]["source"].replace(
        "CLAIM_ID", repr(first["id"])
    )
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: claim\n", encoding="utf-8")
    (book / "claim.ipynb").write_text(json.dumps(notebook), encoding="utf-8")

    before, log = _build(book, data)
    assert first["claim"] in before
    assert EXECUTED in log

    unchanged, log = _build(book, data)
    assert unchanged == before
    assert EXECUTED not in log, "a build with no edit executed the notebook again"

    edited = "Edited row: the claim as a reader corrected it."
    first["claim"] = edited
    _write_claims(data, rows)
    after, log = _build(book, data)
    assert EXECUTED in log, "the notebook was not executed again after a data edit"
    assert edited in after, "the site still shows the old row after a data edit"
    assert edited not in before
