"""Hypothesis strategies for HMIS data, valid by construction.

Column-level strategies respect each column's type, maximum length, nullability and HUD
list; :func:`records` combines them into records of any file. Cross-field rules (entry
before exit, one head of household, …) are layered on top by the export strategies.
Everything shrinks towards the shortest strings, the smallest codes and dates near 2000.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import strategies as st

from hmis_core._export import Export
from hmis_core.elements import CURRENT, ColumnSpec, Standard, record_columns
from hmis_core.testing._synth import Truth, synthesize

__all__ = ["column_values", "exports", "exports_with_truth", "records"]

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


def exports_with_truth(
    min_clients: int = 1,
    max_clients: int = 10,
    *,
    project_types: Sequence[int] | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
    duplicate_rate: float = 0.05,
    defects: Sequence[str] = (),
    hashed: bool = False,
) -> st.SearchStrategy[tuple[Export, Truth]]:
    """Whole consistent exports with their ground truth, valid by construction (households
    with one head, entry before exit, move-in within the stay, services inside the
    enrollment, projects operating around their enrollments …) unless ``defects`` names
    defects to inject (``truth.injected`` lists the findings they must produce).

    Built on :func:`hmis_core.testing.synthesize`; shrinks towards ``min_clients`` clients and
    seed 0, so a failing test shows the smallest export that fails. ``project_types`` keeps
    the CoC small (only those HUD project types).

    >>> strategy = exports_with_truth(max_clients=3, project_types=[0, 13])
    """
    if not 1 <= min_clients <= max_clients:
        raise ValueError("need 1 <= min_clients <= max_clients")
    start, end = period or (datetime.date(2022, 10, 1), datetime.date(2025, 9, 30))
    return st.builds(
        lambda n, seed: synthesize(clients=n, seed=seed, start=start, end=end,
                                   duplicate_rate=duplicate_rate, hashed=hashed,
                                   project_types=project_types, defects=defects),
        st.integers(min_clients, max_clients),
        st.integers(0, 2**32 - 1),
    )


def exports(
    min_clients: int = 1,
    max_clients: int = 10,
    *,
    project_types: Sequence[int] | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
    duplicate_rate: float = 0.05,
    hashed: bool = False,
) -> st.SearchStrategy[Export]:
    """Whole valid exports (see :func:`exports_with_truth`).

    >>> from hypothesis import given
    >>> @given(exports(max_clients=3))
    ... def test_every_enrollment_has_a_client(export):
    ...     ids = {c.personal_id for c in export.clients}
    ...     assert all(e.personal_id in ids for e in export.enrollments)
    >>> test_every_enrollment_has_a_client()
    """
    return exports_with_truth(min_clients, max_clients, project_types=project_types,
                              period=period, duplicate_rate=duplicate_rate,
                              hashed=hashed).map(lambda pair: pair[0])
