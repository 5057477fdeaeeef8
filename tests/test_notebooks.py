"""The chapters' stored outputs were made from the data, package and code as they are now."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from axisnet.notebook import (
    DIGEST_KEY,
    data_digest,
    environment_digest,
    inputs_digest,
    outputs_current,
    stamp,
)

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


@pytest.fixture(scope="module")
def environment() -> str:
    return environment_digest(ROOT / "data")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stored_outputs_were_made_from_the_current_code_and_package(
    path: Path, environment: str
) -> None:
    # the book build uses stored outputs as they are only when this holds (else it executes)
    nb = nbformat.read(path, as_version=4)
    assert outputs_current(nb, environment=environment), (
        f"chapters/{path.name}: its stored outputs were made from other code, data, package "
        f"or pinned requirements: run `make notebooks` to refresh them"
    )


def _package(tmp_path: Path) -> tuple[Path, Path]:
    package = tmp_path / "pkg"
    (package / "fonts").mkdir(parents=True)
    (package / "module.py").write_text("X = 1\n", encoding="utf-8")
    (package / "fonts" / "font.woff2").write_bytes(b"\x00\x01")
    pins = tmp_path / "requirements.txt"
    pins.write_text("networkx==3.4.2\n", encoding="utf-8")
    return package, pins


@pytest.mark.parametrize(
    "edit",
    [
        lambda pkg, pins: (pkg / "module.py").write_text("X = 2\n", encoding="utf-8"),
        lambda pkg, pins: (pkg / "fonts" / "font.woff2").write_bytes(b"\x00\x02"),
        lambda pkg, pins: (pkg / "new.py").write_text("", encoding="utf-8"),
        lambda pkg, pins: pins.write_text("networkx==3.5\n", encoding="utf-8"),
    ],
    ids=["code", "font", "new-module", "pin"],
)
def test_the_environment_digest_changes_with_the_package_and_pins(tmp_path: Path, edit) -> None:
    package, pins = _package(tmp_path)
    before = environment_digest(ROOT / "data", package, pins)
    edit(package, pins)
    assert environment_digest(ROOT / "data", package, pins) != before


def test_compiled_files_do_not_enter_the_environment_digest(tmp_path: Path) -> None:
    package, pins = _package(tmp_path)
    before = environment_digest(ROOT / "data", package, pins)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"compiled")
    assert environment_digest(ROOT / "data", package, pins) == before


def test_only_code_cells_enter_a_notebooks_inputs() -> None:
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    before = inputs_digest(nb)
    markdown = next(c for c in nb.cells if c.cell_type == "markdown")
    markdown.source += " An edited sentence."
    assert inputs_digest(nb) == before
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.source += "\n# an edited line"
    assert inputs_digest(nb) != before


def test_stored_outputs_stop_being_current_after_a_data_edit(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    (tmp_path / "claims.csv").write_text("id,claim\na,one\n", encoding="utf-8")
    stamp(nb, tmp_path)
    assert outputs_current(nb, tmp_path)
    (tmp_path / "claims.csv").write_text("id,claim\na,two\n", encoding="utf-8")
    assert not outputs_current(nb, tmp_path)


def test_the_digest_changes_with_any_data_edit(tmp_path: Path) -> None:
    (tmp_path / "claims.csv").write_text("id,claim\na,one\n", encoding="utf-8")
    before = data_digest(tmp_path)
    (tmp_path / "claims.csv").write_text("id,claim\na,two\n", encoding="utf-8")
    assert data_digest(tmp_path) != before
