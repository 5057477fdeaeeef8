"""Helper package for the Axis of Resistance network book."""

from axisnet.data import DataError, Dataset, load

__all__ = ["DataError", "Dataset", "load"]
