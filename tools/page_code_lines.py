"""Count the code lines a reader sees on each chapter page.

A line is visible when it sits in a code cell that carries none of the tags that hide or remove
the cell's input (``remove-cell``, ``remove-input``, ``hide-input``, ``hide-cell``). Blank lines
are not counted.

Usage::

    python tools/page_code_lines.py [chapters/*.ipynb ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HIDDEN_TAGS = frozenset({"remove-cell", "remove-input", "hide-input", "hide-cell"})
CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


def code_lines(path: Path) -> tuple[int, int]:
    """(visible, total) non-blank code lines in the notebook at ``path``.

    Examples
    --------
    >>> visible, total = code_lines(CHAPTERS / "01-introduction.ipynb")
    >>> 0 <= visible <= total
    True
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    visible = total = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        text = source if isinstance(source, str) else "".join(source)
        n = sum(1 for line in text.splitlines() if line.strip())
        total += n
        if not HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            visible += n
    return visible, total


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(CHAPTERS.glob("*.ipynb"))
    print(f"{'notebook':<28}{'visible':>8}{'total':>8}")
    sums = [0, 0]
    for path in paths:
        visible, total = code_lines(path)
        sums[0] += visible
        sums[1] += total
        print(f"{path.name:<28}{visible:>8}{total:>8}")
    print(f"{'all':<28}{sums[0]:>8}{sums[1]:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
