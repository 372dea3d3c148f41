"""Sort-based set operations on int64 arrays (numpy's hash-based ``unique`` is far slower on
the tens of millions of keys blocking produces)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["unique", "unique_counts", "unique_inverse"]

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
    order = np.argsort(keys, kind="stable")
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
