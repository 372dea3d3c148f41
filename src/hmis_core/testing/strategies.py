"""Hypothesis strategies for HMIS data, valid by construction.

Column-level strategies respect each column's type, maximum length, nullability and HUD
list; :func:`records` combines them into records of any file. Cross-field rules (entry
before exit, one head of household, …) are layered on top by the export strategies.
Everything shrinks towards the shortest strings, the smallest codes and dates near 2000.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from hmis_core.elements import CURRENT, ColumnSpec, Standard, record_columns

__all__ = ["column_values", "records"]

R = TypeVar("R")

_MIN_DATE = datetime.date(1900, 1, 1)
_MAX_DATE = datetime.date(2030, 12, 31)
# HUD forbids < > [ ] { } in exported text (NOTES.md "Character set"); keep to printable
# characters without those, and without leading/trailing space (writers trim).
_TEXT_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "Zs", "S"),
    exclude_characters="<>[]{}\"\r\n\t",
)


def _text(max_length: int | None) -> st.SearchStrategy[str]:
    size = min(max_length or 50, 50)
    return st.text(_TEXT_ALPHABET, min_size=1, max_size=size).map(str.strip).filter(bool)


def column_values(spec: ColumnSpec, standard: Standard = CURRENT) -> st.SearchStrategy[Any]:
    """Valid values of one column (None included when the column is nullable).

    >>> from hmis_core.elements import FY2026
    >>> strategy = column_values(FY2026.column("Client", "NameDataQuality"))
    """
    base: st.SearchStrategy[Any]
    if spec.list and ";" not in spec.list:
        base = st.sampled_from(list(standard.list(spec.list)))
    elif spec.type == "S":
        base = _text(spec.max_length)
    elif spec.type == "I":
        base = st.integers(min_value=0, max_value=10_000)
    elif spec.type == "D":
        base = st.dates(_MIN_DATE, _MAX_DATE)
    elif spec.type == "T":
        base = st.datetimes(
            datetime.datetime(2000, 1, 1), datetime.datetime(2030, 12, 31, 23, 59, 59)
        ).map(lambda d: d.replace(microsecond=0))
    else:  # money: non-negative, two decimals
        base = st.integers(min_value=0, max_value=10_000_000).map(
            lambda cents: Decimal(cents).scaleb(-2)
        )
    return st.none() | base if spec.nullable else base


def records(record_type: type[R], standard: Standard = CURRENT) -> st.SearchStrategy[R]:
    """Records of ``record_type`` whose every field is valid for its column on its own.

    >>> from hmis_core.elements import Client
    >>> strategy = records(Client)
    """
    return st.builds(
        record_type,
        **{name: column_values(spec, standard) for name, spec in record_columns(record_type)},
    )
