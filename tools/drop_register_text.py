"""Remove ``caption=`` and ``alt=`` keyword arguments from ``figures.register(...)`` calls.

The caption and alt text of a figure are written once, in the chapter's ``{glue:figure}``
directive. Usage: ``python tools/drop_register_text.py chapters/*.ipynb`` (edits in place,
prints each notebook changed).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat

DROPPED = ("caption", "alt")


def drop(source: str) -> str:
    """``source`` without the caption/alt keywords of its ``figures.register`` calls.

    >>> cell = 'f = figures.register(\\n    "fig-x", c,\\n    caption="A.",\\n    alt="B",\\n)'
    >>> print(drop(cell))
    f = figures.register(
        "fig-x", c,
    )
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    cuts: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("register")):
            continue
        for kw in node.keywords:
            if kw.arg in DROPPED:
                start = offsets[kw.lineno - 1] + kw.col_offset
                end = offsets[kw.end_lineno - 1] + kw.end_col_offset
                while end < len(source) and source[end] in " ,":
                    end += 1
                if end < len(source) and source[end] == "\n":
                    line_start = source.rfind("\n", 0, start) + 1
                    if not source[line_start:start].strip():
                        start, end = line_start, end + 1
                cuts.append((start, end))
    for start, end in sorted(cuts, reverse=True):
        source = source[:start] + source[end:]
    return source


def main(paths: list[str]) -> int:
    for name in paths:
        nb = nbformat.read(name, as_version=4)
        changed = False
        for cell in nb.cells:
            if cell.cell_type == "code" and "register" in cell.source:
                new = drop(cell.source)
                changed |= new != cell.source
                cell.source = new
        if changed:
            nbformat.write(nb, Path(name))
            print(f"{name}: caption/alt dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
