"""Helper package for the Axis of Resistance network book."""

from axisnet.data import ARTICLE_DATE, DataError, Dataset, load

__all__ = ["ARTICLE_DATE", "DataError", "Dataset", "load"]
