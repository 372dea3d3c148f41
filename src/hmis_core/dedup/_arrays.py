"""Sort-based set operations on int64 arrays (numpy's hash-based ``unique`` is far slower on
the tens of millions of keys blocking produces)."""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["column_codes", "live_rows", "unique", "unique_counts", "unique_inverse"]

Array = npt.NDArray[np.int64]


def unique(keys: Array) -> Array:
    """Sorted distinct values."""
    if not len(keys):
        return np.asarray(keys.copy(), np.int64)
    s = np.sort(keys)
    out: Array = s[np.r_[True, s[1:] != s[:-1]]]
    return out


def unique_inverse(keys: Array) -> tuple[Array, Array]:
    """(sorted distinct values, index of each key's value)."""
    if not len(keys):
        return keys.copy(), np.zeros(0, np.int64)
    order = np.argsort(keys)  # the result does not depend on how ties are ordered
    s = keys[order]
    first = np.r_[True, s[1:] != s[:-1]]
    group = np.cumsum(first) - 1
    inverse = np.empty(len(keys), np.int64)
    inverse[order] = group
    return s[first], inverse


def unique_counts(keys: Array) -> tuple[Array, Array]:
    """(sorted distinct values, how often each occurs)."""
    if not len(keys):
        return keys.copy(), np.zeros(0, np.int64)
    s = np.sort(keys)
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    return s[starts], np.diff(np.r_[starts, len(s)])


def column_codes(column: Any) -> npt.NDArray[np.integer[Any]]:
    """A table column's per-row codes as a read-only numpy view (no copy) of their compact
    storage (one to eight bytes a row)."""
    if isinstance(column.codes, array):
        if not len(column.codes):
            return np.zeros(0, np.int64)
        out: npt.NDArray[np.integer[Any]] = column.code_array()
        return out
    return np.asarray(column.codes, np.int64)


def live_rows(table: Any) -> Array | None:
    """The rows of a table not deleted (DateDeleted empty), or None when none is."""
    if "DateDeleted" not in table:
        return None
    deleted = column_codes(table["DateDeleted"]) != 0
    if not deleted.any():
        return None
    return np.asarray(np.flatnonzero(~deleted), np.int64)
