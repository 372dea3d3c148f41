"""The shells of the APR and CAPER tables: every row and column label, read once from the copy
of the spec's ``reports/apr_tables.csv`` shipped in ``_data/`` (written by
``tools/generate_spec.py``).

Positions follow HUD's Sage CSV: line 1 is the header line and column A the row labels, so a
data cell is addressed by its CSV line (2, 3, …) and its data column (1 = B, 2 = C, …).
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import attrs

__all__ = ["TableLayout", "address", "layout", "layouts", "parse_address"]


@attrs.frozen
class TableLayout:
    """The shell of one report table.

    >>> q = layout("APR", "Q7a")
    >>> q.header[1], q.line_of("Total"), q.shape
    ('Total', 6, (7, 6))
    """

    report: str
    question: str
    header: tuple[str, ...]
    """Line 1: cell A1 (often empty) then the labels of columns B, C, …"""
    row_labels: tuple[str, ...]
    """Column A of lines 2, 3, …"""

    @property
    def n_columns(self) -> int:
        """Number of data columns (B onwards)."""
        return len(self.header) - 1

    @property
    def shape(self) -> tuple[int, int]:
        """(lines including the header line, columns including column A)."""
        return (len(self.row_labels) + 1, len(self.header))

    def line_of(self, label: str) -> int:
        """The CSV line whose row label is ``label`` (first match)."""
        return self.row_labels.index(label) + 2

    def column_of(self, label: str) -> int:
        """The data-column index (1 = B) whose header is ``label`` (first match)."""
        return self.header.index(label, 1)


def address(line: int, column: int) -> str:
    """Spreadsheet address of a data cell: ``address(2, 1) == "B2"``.

    >>> address(2, 1), address(43, 16)
    ('B2', 'Q43')
    """
    return f"{chr(ord('A') + column)}{line}"


def parse_address(cell: str) -> tuple[int, int]:
    """Inverse of :func:`address`: ``"B2"`` → ``(2, 1)``.

    >>> parse_address("F12")
    (12, 5)
    """
    letter, digits = cell[0].upper(), cell[1:]
    if not ("A" <= letter <= "Z") or not digits.isdigit():
        raise ValueError(f"not a cell address: {cell!r}")
    return int(digits), ord(letter) - ord("A")


@cache
def layouts() -> dict[tuple[str, str], TableLayout]:
    """Every table shell, keyed by (report, question) in the spec's order."""
    text = resources.files("hmis_core.reports").joinpath("_data/apr_tables.csv").read_text(
        encoding="utf-8"
    )
    rows: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        key = (rec["Report"], rec["Question"])
        rows.setdefault(key, []).append((int(rec["RowNo"]), rec["RowLabel"], rec["Columns"]))
    out = {}
    for (report, question), lines in rows.items():
        lines.sort()
        first = lines[0]
        header = (first[1], *first[2].split("|"))
        if question == "Q4a":  # one data line per project; the header line holds every label
            labels: tuple[str, ...] = ()
        else:
            labels = tuple(label for _, label, _ in lines[1:])
        out[(report, question)] = TableLayout(report, question, header, labels)
    return out


def layout(report: str, question: str) -> TableLayout:
    """The shell of ``question`` in ``report`` ("APR" or "CAPER").

    >>> shell = layout("APR", "Q7a")
    >>> shell.header[1], shell.row_labels[0], len(shell.row_labels)
    ('Total', 'Adults', 6)
    """
    try:
        return layouts()[(report, question)]
    except KeyError:
        raise KeyError(f"{report} has no table {question}") from None


def questions(report: str) -> list[str]:
    """The tables of ``report`` in Sage order.

    >>> len(questions("APR")), len(questions("CAPER"))
    (67, 40)
    """
    return [q for (r, q) in layouts() if r == report]
