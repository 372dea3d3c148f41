"""Shared helpers: cell texts of a column, and new tables built from texts.

Privacy transformations never edit an :class:`~hmis_core.Export` in place. They compute the
text of every cell they keep (canonical text for valid values, the raw text otherwise, as
:func:`~hmis_core.write_export` would write it) and build new tables from those texts, exactly
as if the result had been written to CSV and read back.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from hmis_core._export import Export
from hmis_core._table import Column, Table, TableBuilder
from hmis_core.elements import FileSpec, Standard, format_value

__all__ = [
    "as_day",
    "cells",
    "client_files",
    "enrollment_files",
    "new_table",
    "project_organizations",
    "texts",
]


def as_day(value: Any) -> datetime.date | None:
    """The calendar day of a date or date-time value; None for anything else.

    >>> as_day(datetime.datetime(2024, 5, 1, 13, 0)), as_day(None)
    (datetime.date(2024, 5, 1), None)
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def texts(column: Column) -> list[str]:
    """Text of each distinct code of ``column``: canonical for valid values, raw otherwise.

    >>> from hmis_core.elements import FY2026
    >>> from hmis_core._table import TableBuilder
    >>> b = TableBuilder(FY2026.file("Client"), FY2026, ["DOB"])
    >>> b.add_rows([["2001-02-03"], ["bad"], [""]])
    >>> texts(b.build()["DOB"])
    ['', '2001-02-03', 'bad']
    """
    return [raw if value is None else format_value(value)
            for value, raw in zip(column.values, column.raw_texts, strict=True)]


def cells(column: Column, rows: Sequence[int]) -> list[str]:
    """The text of ``column`` in each of ``rows`` (see :func:`texts`).

    >>> from hmis_core.elements import FY2026
    >>> from hmis_core._table import TableBuilder
    >>> b = TableBuilder(FY2026.file("Client"), FY2026, ["PersonalID"])
    >>> b.add_rows([["C1"], ["C2"]])
    >>> cells(b.build()["PersonalID"], [1, 0])
    ['C2', 'C1']
    """
    by_code = texts(column)
    codes = column.codes
    return [by_code[codes[row]] for row in rows]


def new_table(
    spec: FileSpec, standard: Standard, header: Sequence[str], columns: Sequence[Sequence[str]]
) -> Table:
    """A table of ``spec`` whose column ``header[i]`` holds the texts ``columns[i]``.

    >>> from hmis_core.elements import FY2026
    >>> t = new_table(FY2026.file("Client"), FY2026, ["PersonalID"], [["C1", "C2"]])
    >>> len(t), t["PersonalID"][1], t["FirstName"].raw(0)
    (2, 'C2', '')
    """
    builder = TableBuilder(spec, standard, header)
    if columns and len(columns[0]):
        builder.add_rows(list(zip(*columns, strict=True)))
    return builder.build()


def client_files(standard: Standard) -> tuple[FileSpec, ...]:
    """The files of ``standard`` holding client data (Client.csv and every file keyed to it).

    >>> from hmis_core.elements import FY2026
    >>> [f.name for f in client_files(FY2026)][:3]
    ['Client', 'Enrollment', 'Exit']
    """
    return tuple(f for f in standard.files if f.category == "client")


def enrollment_files(standard: Standard) -> tuple[FileSpec, ...]:
    """Client files whose rows belong to an enrollment (Enrollment.csv itself included).

    >>> from hmis_core.elements import FY2026
    >>> "Client" in [f.name for f in enrollment_files(FY2026)]
    False
    """
    return tuple(f for f in client_files(standard) if f.has_column("EnrollmentID"))


def project_organizations(export: Export) -> Mapping[str, str]:
    """ProjectID -> OrganizationID, from Project.csv (deleted rows included).

    >>> from hmis_core import Export
    >>> project_organizations(Export({}))
    {}
    """
    table = export.table("Project")
    if not table.present:
        return {}
    projects = table["ProjectID"]
    organizations = table["OrganizationID"]
    out: dict[str, str] = {}
    for row in range(len(table)):
        project, organization = projects[row], organizations[row]
        if project is not None and organization is not None:
            out.setdefault(project, organization)
    return out
