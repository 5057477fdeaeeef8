"""Chapter pages read as analysis: setup in one hidden preamble cell, glue out of sight.

Rules, for every notebook in ``chapters/``:

- exactly one code cell runs ``setup()`` and loads the data (the preamble); it is hidden
  (``hide-cell`` or ``remove-input``) and no later code cell imports anything;
- colours come from the palette in :mod:`axisnet.charts` (named roles), never a hex literal;
- a statement that only glues a value (``glue(..., display=False)``, ``glue_text(...)``, or a
  loop whose body does nothing else) sits in a cell tagged ``remove-cell``: a visible cell shows
  analysis, not the plumbing that hands numbers to the prose.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
HIDDEN = {"hide-cell", "remove-input"}
HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")


def _is_glue(node: ast.stmt) -> bool:
    if isinstance(node, ast.For) and not node.orelse:
        return all(_is_glue(n) for n in node.body)
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    func = node.value.func
    name = func.id if isinstance(func, ast.Name) else None
    if name == "glue_text":
        return True
    return name == "glue" and any(
        k.arg == "display" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in node.value.keywords
    )


def _calls_setup(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "setup"
        for n in ast.walk(tree)
    )


def page_problems(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """What breaks the page rules in notebook ``nb`` (shown as ``name``), one line each."""
    problems = []
    preamble = None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {index}"
        tags = set(cell.metadata.get("tags", []))
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as error:
            problems.append(f"{where}: not Python ({error.msg})")
            continue
        if _calls_setup(tree):
            if preamble is not None:
                problems.append(f"{where}: a second setup() cell (the first is cell {preamble})")
            preamble = index
            if not tags & HIDDEN:
                problems.append(f"{where}: the preamble is shown (tag it hide-cell)")
            continue
        if preamble is not None and any(
            isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body
        ):
            problems.append(f"{where}: imports after the preamble (move them into it)")
        hexes = sorted(
            {
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and HEX_COLOR.fullmatch(n.value)
            }
        )
        if hexes:
            problems.append(f"{where}: hand-picked colours {hexes} (use charts.ROLE_COLORS)")
        if "remove-cell" not in tags:
            lines = [n.lineno for n in tree.body if _is_glue(n)]
            if lines:
                problems.append(
                    f"{where}: glue-only statements in a visible cell (lines {lines}): move "
                    "them to a cell tagged remove-cell"
                )
    if preamble is None:
        problems.append(f"{name}: no preamble cell calling setup()")
    return problems


def test_there_are_chapters() -> None:
    assert CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_page_hides_setup_and_glue(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert page_problems(nb, f"chapters/{path.name}") == []


def _notebook(*cells: tuple[str, list[str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title")] + [
        nbformat.v4.new_code_cell(source, metadata={"tags": tags}) for source, tags in cells
    ]
    return nb


PREAMBLE = ("from axisnet.notebook import setup\nsetup()\ndata = load()", ["hide-cell"])


def test_a_good_page_passes() -> None:
    nb = _notebook(
        PREAMBLE,
        ("n = len(data.actors)\nn", []),
        ('glue("n", n, display=False)', ["remove-cell"]),
        ('x = 1\nglue("x", x)', []),  # glue that displays its value shows a result
    )
    assert page_problems(nb, "good.ipynb") == []


def test_a_shown_preamble_is_reported() -> None:
    nb = _notebook((PREAMBLE[0], []))
    assert page_problems(nb, "p.ipynb") == [
        "p.ipynb, cell 1: the preamble is shown (tag it hide-cell)"
    ]


def test_a_missing_or_second_preamble_is_reported() -> None:
    assert page_problems(_notebook(("x = 1", [])), "p.ipynb") == [
        "p.ipynb: no preamble cell calling setup()"
    ]
    problems = page_problems(_notebook(PREAMBLE, PREAMBLE), "p.ipynb")
    assert problems == ["p.ipynb, cell 2: a second setup() cell (the first is cell 1)"]


def test_visible_glue_is_reported_with_its_cell_and_lines() -> None:
    nb = _notebook(
        PREAMBLE,
        ('t = data.ties\nglue("n", len(t), display=False)\nt.head()', []),
        ('for k in "ab":\n    glue_text(k, k)', ["hide-input"]),
    )
    problems = page_problems(nb, "g.ipynb")
    assert len(problems) == 2
    assert problems[0].startswith("g.ipynb, cell 2: glue-only statements in a visible cell")
    assert "[2]" in problems[0]
    assert problems[1].startswith("g.ipynb, cell 3: glue-only statements")


def test_imports_after_the_preamble_are_reported() -> None:
    nb = _notebook(PREAMBLE, ("import numpy as np\nnp.pi", []))
    assert page_problems(nb, "i.ipynb") == [
        "i.ipynb, cell 2: imports after the preamble (move them into it)"
    ]


def test_hand_picked_colours_are_reported() -> None:
    nb = _notebook(PREAMBLE, ('chart = base.mark_rule(color="#888888")', []))
    assert page_problems(nb, "c.ipynb") == [
        "c.ipynb, cell 2: hand-picked colours ['#888888'] (use charts.ROLE_COLORS)"
    ]
