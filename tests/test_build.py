"""The whole book builds strictly: any warning or execution error fails."""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, BookBuild

# Sphinx's own problem lines, and the opening line of any Python traceback.
PROBLEM = re.compile(r": (WARNING|ERROR|CRITICAL):|^Traceback|Exception occurred")

# A kernel process that has finished its notebook can, while it tears down, print a traceback
# ending in this line: its IOPub or control socket was closed by one thread while another still
# used it (the race behind ipykernel pull request 1518). The notebook's outputs are complete by
# then, so it says nothing about the book. It is let through only when every frame of the
# traceback lies in the standard library or installed packages, never in the book's own code.
KERNEL_TEARDOWN = "zmq.error.ZMQError: Socket operation on non-socket"
LIBRARY_DIRS = tuple(
    str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("stdlib", "purelib", "platlib")
)


def problem_blocks(log: str) -> list[list[str]]:
    """Each problem line with what belongs to it: a whole traceback, or the single line."""
    lines = log.splitlines()
    blocks: list[list[str]] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("Traceback"):
            j = i + 1
            # Frames are indented; the exception line is the first one that is not.
            while j < len(lines) and (lines[j].startswith((" ", "\t")) or not lines[j].strip()):
                j += 1
            blocks.append(lines[i : j + 1])
            i = j + 1
        elif PROBLEM.search(lines[i]):
            blocks.append([lines[i]])
            i += 1
        else:
            i += 1
    return blocks


def is_kernel_teardown_race(block: list[str]) -> bool:
    if not block[0].startswith("Traceback") or block[-1].strip() != KERNEL_TEARDOWN:
        return False
    frames = re.findall(r'^\s*File "([^"]+)"', "\n".join(block), flags=re.MULTILINE)
    for frame in frames:
        path = Path(frame)
        # Compiled extension modules report relative names such as "_zmq.py".
        if path.is_absolute() and not str(path.resolve()).startswith(LIBRARY_DIRS):
            return False
    return bool(frames)


@pytest.mark.build
def test_strict_build_succeeds(book_build: BookBuild) -> None:
    assert book_build.returncode == 0, book_build.log[-6000:]


@pytest.mark.build
def test_build_log_has_no_warning_or_error(book_build: BookBuild) -> None:
    bad = [b for b in problem_blocks(book_build.log) if not is_kernel_teardown_race(b)]
    assert not bad, "\n\n".join("\n".join(b) for b in bad[:10])


def _traceback(*frames: str, last: str = KERNEL_TEARDOWN) -> str:
    body = "".join(f'  File "{f}", line 1, in f\n    call()\n' for f in frames)
    return f"Traceback (most recent call last):\n{body}{last}\n"


def test_log_check_lets_through_only_the_library_teardown_race() -> None:
    library = str(Path(LIBRARY_DIRS[1]) / "zmq" / "eventloop" / "zmqstream.py")
    own = str(ROOT / "axisnet" / "graphs.py")
    log = (
        "Running Jupyter-Book\n"
        + _traceback(library, "_zmq.py")
        + _traceback(library, own)
        + _traceback(library, last="ValueError: bad tie")
        + "chapters/02-causes.ipynb: WARNING: undefined label\n"
        + "build succeeded.\n"
    )
    blocks = problem_blocks(log)
    assert len(blocks) == 4
    assert [is_kernel_teardown_race(b) for b in blocks] == [True, False, False, False]
    assert blocks[2][-1] == "ValueError: bad tie"


@pytest.mark.build
def test_every_toc_entry_is_built(book_build: BookBuild) -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"file:\s*(\S+)", toc)
    assert len(files) >= 14
    missing = [f for f in files if not (book_build.html / f"{f}.html").exists()]
    assert not missing, missing


@pytest.mark.build
def test_chapter_pages_are_numbered(book_build: BookBuild) -> None:
    page = (book_build.html / "chapters" / "04-hierarchy.html").read_text(encoding="utf-8")
    assert re.search(r"<h1><span class=\"section-number\">4\. </span>", page), "no chapter number"
