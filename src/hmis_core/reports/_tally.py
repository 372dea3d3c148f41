"""Filling a table shell: counts with their members, computed cells, blanks; and the
registry of table functions."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from hmis_core.reports._layout import TableLayout
from hmis_core.reports._report import ReportTable, Value, days, ratio

if TYPE_CHECKING:
    from hmis_core.reports._universe import Context, Enr

__all__ = ["TABLES", "Tally", "mean_days", "median_days", "table"]

TableFunction = Callable[["Context", "Tally"], None]
TABLES: dict[str, TableFunction] = {}
"""Question → the function that fills its shell (shared tables serve APR and CAPER)."""


def table(*questions: str) -> Callable[[TableFunction], TableFunction]:
    """Register a function as the calculator of ``questions``."""

    def register(fn: TableFunction) -> TableFunction:
        for q in questions:
            if q in TABLES:
                raise ValueError(f"{q} registered twice")
            TABLES[q] = fn
        return fn

    return register


_HH5 = {"AO": 2, "AC": 3, "CO": 4, "UK": 5}
_HH4 = {"AO": 2, "AC": 3, "UK": 4}


class Tally:
    """The cells of one table while it is being computed.

    Lines and columns are CSV positions: line 2 is the first data line, column 1 is B. A count
    cell's value is the number of distinct clients added to it (its members); :meth:`set`
    gives a cell a computed value and :meth:`blank` leaves it empty. Untouched cells are 0.
    """

    def __init__(self, layout: TableLayout, question: str | None = None) -> None:
        self.layout = layout
        self.question = question or layout.question
        self.n_lines = len(layout.row_labels)
        self.n_cols = layout.n_columns
        self._members: dict[tuple[int, int], dict[str, Enr]] = {}
        self._set: dict[tuple[int, int], Value] = {}
        header = layout.header
        self.hh_columns = _HH5 if "With Only Children" in header else _HH4
        """Household type → data column (Total is column 1)."""

    def _check(self, line: int, col: int) -> tuple[int, int]:
        if not (2 <= line <= self.n_lines + 1 and 1 <= col <= self.n_cols):
            raise IndexError(f"{self.question} has no cell at line {line}, column {col}")
        return line, col

    def add(self, line: int, col: int, e: Enr) -> None:
        """Count client ``e`` in a cell (once, however often it is added)."""
        members = self._members
        cell = members.get((line, col))
        if cell is None:
            cell = members[self._check(line, col)] = {}
        cell[e.pid] = e

    def add_all(self, line: int, col: int, enrs: Iterable[Enr]) -> None:
        """Count every client of ``enrs`` in one cell."""
        key = self._check(line, col)
        cell = self._members.setdefault(key, {})
        cell.update((e.pid, e) for e in enrs)

    def add_hh(self, line: int, e: Enr) -> None:
        """Count ``e`` in Total (column 1) and in its household type's column."""
        members = self._members
        cell = members.get((line, 1))
        if cell is None:
            cell = members[self._check(line, 1)] = {}
        cell[e.pid] = e
        col = self.hh_columns.get(e.hh)
        if col is not None:
            cell = members.get((line, col))
            if cell is None:
                cell = members[self._check(line, col)] = {}
            cell[e.pid] = e

    def add_hh_all(self, line: int, enrs: Iterable[Enr]) -> None:
        """:meth:`add_hh` for each client of ``enrs``."""
        by_column: dict[int, list[Enr]] = {}
        columns = self.hh_columns
        total = []
        for e in enrs:
            total.append(e)
            col = columns.get(e.hh)
            if col is not None:
                by_column.setdefault(col, []).append(e)
        self.add_all(line, 1, total)
        for col, group in by_column.items():
            self.add_all(line, col, group)

    def by_line(self, enrs: Iterable[Enr], line_of: Callable[[Enr], int | None], *,
                total: int | None = None) -> None:
        """Count each client of ``enrs`` on the line ``line_of`` gives (None: not counted), in
        Total and its household column; also on line ``total`` when given."""
        lines: dict[int, list[Enr]] = {}
        for e in enrs:
            line = line_of(e)
            if line is not None:
                group = lines.get(line)
                if group is None:
                    lines[line] = [e]
                else:
                    group.append(e)
        for line, group in lines.items():
            self.add_hh_all(line, group)
            if total is not None:
                self.add_hh_all(total, group)

    def set(self, line: int, col: int, value: Value) -> None:
        """Give a cell a computed value (a rate, an average, a text)."""
        self._set[self._check(line, col)] = value

    def blank(self, line: int, col: int | None = None) -> None:
        """Leave a cell empty (a section header or a grayed-out cell); with ``col`` None, the
        whole line."""
        cols = range(1, self.n_cols + 1) if col is None else (col,)
        for c in cols:
            self._set[self._check(line, c)] = None

    def count(self, line: int, col: int) -> int:
        """Clients counted so far in a cell."""
        return len(self._members.get((line, col), ()))

    def members(self, line: int, col: int) -> list[tuple[str, str]]:
        """(PersonalID, EnrollmentID) of the clients counted so far in a cell."""
        return [(e.pid, e.eid) for e in self._members.get((line, col), {}).values()]

    def rate(self, line: int, col: int, numerator: tuple[int, int],
             denominator: tuple[int, int]) -> None:
        """Set a cell to count(numerator) ÷ count(denominator) (4 decimals, 0 on 0)."""
        self.set(line, col, ratio(self.count(*numerator), self.count(*denominator)))

    def build(self) -> ReportTable:
        values: list[list[Value]] = []
        for line in range(2, self.n_lines + 2):
            row: list[Value] = []
            for col in range(1, self.n_cols + 1):
                key = (line, col)
                if key in self._set:
                    row.append(self._set[key])
                else:
                    row.append(len(self._members.get(key, ())))
            values.append(row)
        members = {k: tuple(v.values()) for k, v in self._members.items() if k not in self._set}
        return ReportTable(self.layout, values, members)


def mean_days(values: Sequence[int | float | Decimal]) -> Decimal:
    """Mean of day counts, as written in reports (0 for none)."""
    if not values:
        return days(0)
    return days(Decimal(sum(values)) / len(values))


def median_days(values: Sequence[int | float]) -> Decimal:
    """Median of day counts (mean of the two middle values for an even count; 0 for none)."""
    if not values:
        return days(0)
    return days(Decimal(str(statistics.median(values))))
