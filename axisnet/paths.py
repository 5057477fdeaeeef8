"""Where the package finds its data and fonts: plain paths, importable without the
scientific libraries (the book's build extensions use them on every build)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

__all__ = [
    "DEFAULT_DATA_DIR",
    "DESCRIPTOR",
    "FONTS_DIR",
    "REGISTRY_FILE",
    "data_dir",
    "data_version",
    "files_digest",
    "semver_problem",
]

DESCRIPTOR: Final = "datapackage.json"
"""The data package's descriptor, in the data folder."""

CHECKOUT_DATA_DIR: Final[Path] = Path(__file__).resolve().parent.parent / "data"
"""The repository's ``data/`` folder, found relative to this file (in a checkout)."""

PACKAGED_DATA_DIR: Final[Path] = Path(__file__).resolve().parent / "_data"
"""The copy of ``data/`` that an installed wheel carries (absent in a checkout)."""

DEFAULT_DATA_DIR: Final[Path] = (
    PACKAGED_DATA_DIR
    if not (CHECKOUT_DATA_DIR / DESCRIPTOR).is_file() and (PACKAGED_DATA_DIR / DESCRIPTOR).is_file()
    else CHECKOUT_DATA_DIR
)
"""The data :func:`axisnet.load` reads by default: the repository's ``data/`` when the package
runs from a checkout, else the copy an installed wheel carries (on Colab, say)."""

REGISTRY_FILE: Final = "registry.json"
"""The figure registry's file name, in the folder of exported figures."""

FONTS_DIR: Final[Path] = Path(__file__).resolve().parent / "fonts"
"""The chart font the package ships (registered for exports, served by the book's site)."""


def data_dir(path: str | Path | None) -> Path:
    """The data folder: ``path``, else the one named by ``AXISNET_DATA_DIR``, else the book's
    ``data/``.

    Parameters
    ----------
    path : str or Path or None
        A folder chosen by the caller, if any.

    Returns
    -------
    Path

    Examples
    --------
    >>> data_dir("data").name
    'data'
    """
    if path is None:
        return Path(os.environ.get("AXISNET_DATA_DIR") or DEFAULT_DATA_DIR)
    return Path(path)


def files_digest(files: Mapping[str, Path], *texts: str) -> str:
    """A digest of some texts and of files under their names: any change to one changes it.

    Parameters
    ----------
    files : mapping of str to Path
        Each file under the name it enters the digest with (its order does not matter).
    *texts : str
        Other digests or strings to combine with the files.

    Returns
    -------
    str
        16 hexadecimal digits.

    Examples
    --------
    >>> readme = Path("README.md")
    >>> files_digest({"a": readme}) == files_digest({"b": readme})
    False
    """
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode() + b"\0")
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + Path(files[name]).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# A semantic version (semver.org 2.0.0): MAJOR.MINOR.PATCH, optional -pre-release and +build.
_SEMVER_RE: Final = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)


def semver_problem(version: Any) -> str | None:
    """Why ``version`` is not a semantic version, or ``None`` if it is one.

    Parameters
    ----------
    version : Any
        A data package's ``version`` as read from its descriptor.

    Returns
    -------
    str or None

    Examples
    --------
    >>> semver_problem("1.0.0") is None
    True
    >>> semver_problem("1.0")
    "version '1.0' is not a semantic version (MAJOR.MINOR.PATCH, such as '1.0.0')"
    """
    if isinstance(version, str) and _SEMVER_RE.match(version):
        return None
    return f"version {version!r} is not a semantic version (MAJOR.MINOR.PATCH, such as '1.0.0')"


def data_version(path: str | Path | None = None) -> str:
    """The version of the data package in ``path`` (default: see :func:`data_dir`).

    Parameters
    ----------
    path
        Folder holding ``datapackage.json``.

    Returns
    -------
    str
        The descriptor's ``version`` (checked to be semantic by :func:`axisnet.data.validate`).

    Raises
    ------
    ValueError
        When the descriptor has no semantic ``version``.

    Examples
    --------
    >>> data_version().count(".")
    2
    """
    descriptor = data_dir(path) / DESCRIPTOR
    version = json.loads(descriptor.read_text(encoding="utf-8")).get("version")
    problem = semver_problem(version)
    if problem:
        raise ValueError(f"{descriptor}: {problem}")
    return str(version)
