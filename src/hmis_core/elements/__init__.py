"""HMIS data elements: HUD code lists, one record class per CSV file, and the standard's tables.

The current standard is FY2026 (CSVVersion "2026 v1"); its names are re-exported here, so
``from hmis_core.elements import Client, ProjectType`` always means the current standard.
Version-specific code imports from :mod:`hmis_core.elements.fy2026` directly; a future
standard will sit beside it as ``fy2028`` without changing those imports.

>>> from hmis_core.elements import ProjectType, FY2026
>>> ProjectType(13).label
'PH - Rapid Re-Housing'
>>> FY2026.column("Client", "SSN").max_length
9
"""

from __future__ import annotations

import functools

from hmis_core.elements._base import (
    MISSING_DATA_CODES,
    ColumnSpec,
    ColumnType,
    FileSpec,
    HudList,
    HudStrList,
    record_columns,
)
from hmis_core.elements._codecs import (
    CellError,
    batch_checker_for,
    batch_parser_for,
    canonical_converter_for,
    format_value,
    parser_for,
)
from hmis_core.elements._converter import RowConverter
from hmis_core.elements._standard import Standard
from hmis_core.elements.fy2026 import FY2026, _lists, _records
from hmis_core.elements.fy2026._lists import *  # noqa: F403
from hmis_core.elements.fy2026._records import *  # noqa: F403

CURRENT = FY2026
"""The standard new exports are written in."""

STANDARDS: dict[str, Standard] = {"FY2026": FY2026}
"""Every standard this version of hmis_core can represent, by name."""


def standard_for_version(csv_version: str | None) -> Standard | None:
    """The standard of an Export.csv ``CSVVersion`` value, or None if it is not one we hold.

    HUD's tools accept any value containing the year (``"2026 v1"``, ``"2026 v1.0"``).

    >>> standard_for_version("2026 v1.0").name
    'FY2026'
    """
    if csv_version is None:
        return None
    for standard in STANDARDS.values():
        if standard.name.removeprefix("FY") in csv_version:
            return standard
    return None


@functools.cache
def row_converter(standard: Standard = FY2026) -> RowConverter:
    """The (cached) :class:`RowConverter` of ``standard``.

    >>> from hmis_core.elements import row_converter
    >>> row_converter() is row_converter()
    True
    >>> row_converter().standard.name
    'FY2026'
    """
    return RowConverter(standard)


__all__ = [
    "CURRENT",
    "FY2026",
    "MISSING_DATA_CODES",
    "STANDARDS",
    "CellError",
    "ColumnSpec",
    "ColumnType",
    "FileSpec",
    "HudList",
    "HudStrList",
    "RowConverter",
    "Standard",
    "batch_checker_for",
    "batch_parser_for",
    "canonical_converter_for",
    "format_value",
    "parser_for",
    "record_columns",
    "row_converter",
    "standard_for_version",
]
__all__ += _lists.__all__
__all__ += _records.__all__
