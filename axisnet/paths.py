"""Where the package finds its data and fonts: plain paths, importable without the
scientific libraries (the book's build extensions use them on every build)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

__all__ = ["DEFAULT_DATA_DIR", "DESCRIPTOR", "FONTS_DIR", "data_dir", "files_digest"]

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
