"""Write the bootstrap cell of every chapter notebook from the repository URL in ``_config.yml``.

A chapter opened on Colab or Binder starts without the book's package and dataset. Its first
code cell (hidden on the site: tag ``remove-cell``), placed just before the chapter's preamble,
installs the package, which carries the dataset, with ``pip`` from the repository named by
``repository.url`` (at ``repository.branch``) when ``axisnet`` cannot be imported. Where it
can (a copy of the repository set up with ``make``), the cell does nothing. Without a
repository URL the cell stops with a message that says to clone the repository.

Run it after changing ``repository`` in ``_config.yml`` or after editing a chapter's cells::

    .venv/bin/python tools/sync_launch.py          # insert or update the cells
    .venv/bin/python tools/sync_launch.py --check  # exit 1 if a notebook is out of date

Only the bootstrap cell is touched (found by its id, moved back before the preamble if other
cells moved); running it twice changes nothing the second time.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"
CHAPTERS = ROOT / "chapters"
CELL_ID = "axisnet-bootstrap"
TAG = "remove-cell"
DEFAULT_BRANCH = "main"

# What pip accepts in a git URL and a branch name, and nothing that could end the quoted string.
_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)+")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")

_HEADER = """\
# Hosted notebooks (Colab, Binder) start without the book's package and dataset: this cell
# installs them when `axisnet` cannot be imported. In a copy of the repository it does nothing.
import importlib.util

if importlib.util.find_spec("axisnet") is None:
"""

_INSTALL = """\
    %pip install --quiet "axisnet @ git+{url}@{branch}"
    importlib.invalidate_caches()
"""

_NO_URL = """\
    raise ModuleNotFoundError(
        "This notebook needs the book's package `axisnet` and its dataset, which are not "
        "installed here. Clone the book's repository, run `make book` in the clone and open "
        "the notebook there (`.venv/bin/jupyter lab`). To run the chapters on Colab or Binder, "
        "set `repository.url` in _config.yml (see 'Publishing your copy' in the README)."
    )
"""


def repository(config: Path = CONFIG) -> tuple[str, str]:
    """The repository URL and branch the book is published from, as ``_config.yml`` sets them.

    Parameters
    ----------
    config
        The book's ``_config.yml``.

    Returns
    -------
    tuple of str
        ``(url, branch)``: ``url`` without a trailing ``/`` or ``.git`` (``""`` when unset),
        ``branch`` ``"main"`` unless set.

    Raises
    ------
    ValueError
        If the URL or the branch is not one pip can install from, naming the file and key.

    Examples
    --------
    >>> url, branch = repository()
    >>> branch
    'main'
    """
    settings = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("repository") or {}
    url = str(settings.get("url") or "").strip().rstrip("/").removesuffix(".git")
    branch = str(settings.get("branch") or DEFAULT_BRANCH).strip()
    if url and not _URL.fullmatch(url):
        raise ValueError(
            f"{config.name}: repository.url {url!r} is not an https URL of a repository"
        )
    if not _BRANCH.fullmatch(branch):
        raise ValueError(f"{config.name}: repository.branch {branch!r} is not a branch name")
    return url, branch


def bootstrap_source(url: str, branch: str = DEFAULT_BRANCH) -> str:
    """The source of the bootstrap cell for a repository ``url`` (``""``: none configured).

    Examples
    --------
    >>> "git+https://github.com/o/r@main" in bootstrap_source("https://github.com/o/r")
    True
    >>> "Clone the book's repository" in bootstrap_source("")
    True
    """
    body = _INSTALL.format(url=url, branch=branch) if url else _NO_URL
    return (_HEADER + body).rstrip("\n")


def sync(path: Path, source: str, *, write: bool = True) -> bool:
    """Insert or update the bootstrap cell of the notebook at ``path`` (just before its first
    other code cell), writing the file only if that changes it (and ``write``).

    Returns
    -------
    bool
        Whether the notebook was (with ``write=False``: would be) changed.
    """
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    old = next((c for c in nb.cells if c.get("id") == CELL_ID), None)
    cells = [c for c in nb.cells if c is not old]
    cell = nbformat.v4.new_code_cell(source=source, id=CELL_ID)
    cell.metadata["tags"] = [TAG]
    if old is not None:  # keep what a run stored (nothing, where the cell is a no-op)
        cell.outputs, cell.execution_count = old.outputs, old.execution_count
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, cell)
    nb.cells = cells
    changed = nbformat.writes(nb) != before
    if changed and write:
        nbformat.write(nb, path)
    return changed


def chapter_notebooks(chapters: Path = CHAPTERS) -> list[Path]:
    """Every chapter notebook, in file name order."""
    return sorted(chapters.glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a notebook is out of date"
    )
    args = parser.parse_args(argv)
    try:
        url, branch = repository(CONFIG)
    except ValueError as err:
        print(f"sync_launch: {err}", file=sys.stderr)
        return 2
    source = bootstrap_source(url, branch)
    stale = [p for p in chapter_notebooks(CHAPTERS) if sync(p, source, write=not args.check)]
    for path in stale:
        name = path.relative_to(ROOT)
        if args.check:
            print(f"{name}: bootstrap cell missing or out of date", file=sys.stderr)
        else:
            print(f"updated {name}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
