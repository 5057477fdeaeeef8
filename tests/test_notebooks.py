"""The chapters' stored outputs were made from the data as it is now."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from axisnet.notebook import DIGEST_KEY, data_digest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def test_there_are_chapter_notebooks() -> None:
    assert CHAPTERS, "no notebook in chapters/"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stored_outputs_were_made_from_the_current_data(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    recorded = nb.metadata.get("axisnet", {}).get(DIGEST_KEY)
    current = data_digest(ROOT / "data")
    assert recorded == current, (
        f"chapters/{path.name}: its stored outputs were made from other data "
        f"(data digest {recorded or 'not recorded'}, data/ now {current}): "
        f"run `make notebooks` to refresh them"
    )


def test_the_digest_changes_with_any_data_edit(tmp_path: Path) -> None:
    (tmp_path / "claims.csv").write_text("id,claim\na,one\n", encoding="utf-8")
    before = data_digest(tmp_path)
    (tmp_path / "claims.csv").write_text("id,claim\na,two\n", encoding="utf-8")
    assert data_digest(tmp_path) != before
