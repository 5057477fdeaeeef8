"""Helper package for the Axis of Resistance network book.

``from axisnet import load`` (and the other names below) reads the data module on first use,
so that modules that need no data, such as :mod:`axisnet.paths`, import quickly on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from axisnet.data import ARTICLE_DATE, DataError, Dataset, load

__all__ = ["ARTICLE_DATE", "DataError", "Dataset", "load"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from axisnet import data

        return getattr(data, name)
    raise AttributeError(f"module 'axisnet' has no attribute {name!r}")
