"""The one type for every problem found in data: :class:`Finding`, with its :class:`Severity`."""

from __future__ import annotations

import enum
import functools
from typing import Any

import attrs

__all__ = ["PPI_COLUMNS", "Finding", "Severity", "mask"]

PPI_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    ("Client", column)
    for column in ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB")
)
"""Columns holding personally identifying information (HMIS elements 3.01-3.03). Their values
never appear in a finding: :class:`Finding` masks them itself."""


@functools.total_ordering
class Severity(enum.Enum):
    """How serious a finding is. Ordered: ``INFO < WARNING < ERROR < HIGH``.

    The names follow HUD's Eva tool: *high priority* (the export cannot be used), *error*
    (data HUD's reports will count wrongly), *warning* (worth a look), plus *info*
    (a repair the reader made, or a fact worth knowing).

    >>> from hmis_core import Severity
    >>> Severity.parse("Error"), Severity.ERROR > Severity.WARNING
    (<Severity.ERROR: 'error'>, True)
    >>> max([Severity.WARNING, Severity.HIGH]).value
    'high'
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``"error"`` -> ``Severity.ERROR`` (case-insensitive)."""
        return cls(text.strip().lower())


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.HIGH: 3}


def mask(value: str) -> str:
    """The masked form of a PPI value: its length only (``<masked: 9 characters>``)."""
    return f"<masked: {len(value)} characters>"


@attrs.frozen
class Finding:
    """A problem (or repair) found in an export, at file, row and column precision.

    ``row`` is the 1-based line of the file the record starts on (the header is line 1),
    or None for file-level findings. ``value`` is the offending text as read; for PPI
    columns (:data:`PPI_COLUMNS`) it is masked on construction, so names, SSNs and dates
    of birth never reach a log.

    >>> f = Finding("value_not_in_list", Severity.ERROR, "Client", 12, "NameDataQuality",
    ...             "7", "3.01", "7 is not in list 3.01.5 NameDataQuality")
    >>> str(f)
    'Client.csv line 12, NameDataQuality: 7 is not in list 3.01.5 NameDataQuality'
    >>> Finding("x", Severity.ERROR, "Client", 2, "SSN", "123456789", "3.02", "bad").value
    '<masked: 9 characters>'
    """

    code: str
    severity: Severity
    file: str | None
    row: int | None
    column: str | None
    value: str | None
    element: str | None
    message: str

    def __attrs_post_init__(self) -> None:
        if (
            self.value
            and self.file
            and self.row != 1  # line 1 is the header: column names are not PPI
            and (self.file.removesuffix(".csv"), self.column) in PPI_COLUMNS
        ):
            object.__setattr__(self, "value", mask(self.value))

    @property
    def location(self) -> str:
        """``Client.csv line 12, NameDataQuality`` (as much of it as is known)."""
        parts = []
        if self.file:
            where = self.file if self.file.endswith(".csv") else f"{self.file}.csv"
            parts.append(where if self.row is None else f"{where} line {self.row}")
        if self.column:
            parts.append(self.column)
        return ", ".join(parts)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: code, severity, file, row, column, value, element, message."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "element": self.element,
            "message": self.message,
        }
