"""A finished report: tables laid out exactly as HUD lays them out, with drill-down.

Cell values are ``int`` (counts), :class:`~decimal.Decimal` already rounded to the places they
are written with (rates 4, money 2, day averages up to 4), ``str`` (Q4a text and dates) or
``None`` (a blank cell: section headers, grayed-out cells a table leaves empty). Sage CSV rules:
``../shared/spec/reports/SAGE_CSV.md`` §2–3.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Protocol

import attrs

from hmis_core._files import write_zip
from hmis_core.reports._layout import TableLayout, address, layout, parse_address

__all__ = ["ClientLevelOutputError", "Member", "Report", "ReportTable", "Value", "days", "money",
           "ratio"]

Value = int | Decimal | str | None
Member = tuple[str, str]
"""A client behind a cell: (PersonalID, EnrollmentID of the enrollment reported)."""


class Counted(Protocol):
    """What a cell keeps per client counted: the enrollment reported (kept by reference, so
    drill-down costs one pointer per membership)."""

    @property
    def pid(self) -> str: ...

    @property
    def eid(self) -> str: ...

_FOUR = Decimal("0.0001")
_TWO = Decimal("0.01")


def ratio(numerator: float | Decimal, denominator: float | Decimal) -> Decimal:
    """A rate written with 4 decimals; 0 when the denominator is 0 (SAGE_CSV.md §3).

    >>> ratio(7, 9), ratio(3, 0)
    (Decimal('0.7778'), Decimal('0.0000'))
    """
    if not denominator:
        return Decimal(0).quantize(_FOUR)
    return (Decimal(numerator) / Decimal(denominator)).quantize(_FOUR, ROUND_HALF_UP)


def money(amount: float | Decimal) -> Decimal:
    """A money amount written with 2 decimals.

    >>> money(Decimal("125.5")), money(-40)
    (Decimal('125.50'), Decimal('-40.00'))
    """
    return Decimal(amount).quantize(_TWO, ROUND_HALF_UP)


def days(amount: float | Decimal) -> Decimal:
    """A day average or median: an integer, or up to 4 decimals.

    >>> days(434), days(433.5), days(Decimal(37) / 3)
    (Decimal('434'), Decimal('433.5'), Decimal('12.3333'))
    """
    value = Decimal(amount).quantize(_FOUR, ROUND_HALF_UP).normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def format_value(value: Value) -> str:
    """The text of a cell in the Sage CSV.

    >>> [format_value(v) for v in (37, Decimal("0.5000"), None, "XX-500")]
    ['37', '0.5000', '', 'XX-500']
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@attrs.define
class ReportTable:
    """One table of a report, cell for cell as in HUD's shell.

    ``table["B2"]`` is a cell's value; :meth:`members` lists the clients behind a count.

    >>> t = ReportTable(layout_of("APR", "Q7a"), [[0] * 5 for _ in range(6)], {})
    >>> t["B6"], t.shape
    (0, (7, 6))
    """

    layout: TableLayout
    values: list[list[Value]]
    """Data rows (CSV lines 2, 3, …) × data columns (B, C, …)."""
    _members: Mapping[tuple[int, int], Sequence[Counted]] = attrs.field(alias="members")
    row_labels: tuple[str, ...] = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.row_labels is None:
            self.row_labels = self.layout.row_labels

    @property
    def question(self) -> str:
        return self.layout.question

    @property
    def header(self) -> tuple[str, ...]:
        return self.layout.header

    @property
    def shape(self) -> tuple[int, int]:
        """(lines including the header line, columns including column A)."""
        return (len(self.values) + 1, len(self.layout.header))

    def __getitem__(self, cell: str) -> Value:
        line, column = parse_address(cell)
        if line < 2 or column < 1:
            raise KeyError(f"{cell} is a label cell; use .header or .row_labels")
        try:
            return self.values[line - 2][column - 1]
        except IndexError:
            raise KeyError(f"{self.question} has no cell {cell}") from None

    def members(self, cell: str) -> Sequence[Member]:
        """The (PersonalID, EnrollmentID) pairs counted in ``cell`` (empty for computed cells
        such as rates and averages).

        Drill-down is how users reconcile a report with their data."""
        return tuple((m.pid, m.eid) for m in self._members.get(parse_address(cell), ()))

    def cells(self) -> Iterator[tuple[str, Value]]:
        """Every data cell as (address, value), row by row."""
        for i, row in enumerate(self.values):
            for j, value in enumerate(row):
                yield address(i + 2, j + 1), value

    def lines(self) -> list[list[Value]]:
        """The CSV lines: the header line, then label + values per line."""
        out: list[list[Value]] = [list(self.layout.header)]
        for label, row in zip(self.row_labels, self.values, strict=False):
            out.append([label, *row])
        return out

    def to_csv(self) -> str:
        """The table as a Sage CSV file: text quoted, numbers bare, CRLF, UTF-8 without BOM."""
        buffer = io.StringIO()
        for i, line in enumerate(self.lines()):
            fields: list[str] = []
            for j, value in enumerate(line):
                if i == 0 or j == 0 or isinstance(value, str):
                    fields.append('"' + str(value).replace('"', '""') + '"')
                else:
                    fields.append(format_value(value))
            buffer.write(",".join(fields) + "\r\n")
        return buffer.getvalue()

    def to_text(self) -> str:
        """A readable fixed-width rendering (labels shortened to 60 characters)."""
        lines: list[list[str]] = [[_short(format_value(v)) for v in self.lines()[0]]]
        for values in self.lines()[1:]:
            lines.append([_short(format_value(values[0]))]
                         + [format_value(v) for v in values[1:]])
        widths = [max(len(text[j]) for text in lines) for j in range(len(lines[0]))]
        out = [f"{self.question}"]
        for text in lines:
            cells = [text[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(text[1:], widths[1:], strict=True)]
            out.append("  ".join(cells).rstrip())
        return "\n".join(out)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def layout_of(report: str, question: str) -> TableLayout:
    return layout(report, question)


class ClientLevelOutputError(PermissionError):
    """Client-level output was asked for a victim service provider's report.

    >>> import hmis_core
    >>> from hmis_core.reports import ClientLevelOutputError, apr
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> report = apr(export, "2024-10-01", "2025-09-30", "P0002")   # a VSP's project
    >>> try:
    ...     report.to_dict(members=True)
    ... except ClientLevelOutputError:
    ...     print("refused")
    refused
    """


@attrs.define
class Report:
    """An APR or CAPER: its parameters and every table in Sage order.

    ``report["Q7a"]`` is a :class:`ReportTable`; :meth:`write_sage` writes the upload zip.

    >>> import hmis_core
    >>> from hmis_core.reports import apr
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> report = apr(export, "2024-10-01", "2025-09-30", "P0001")
    >>> report.kind, str(report.start), str(report.end), report.project_ids
    ('APR', '2024-10-01', '2025-09-30', ('P0001',))
    >>> table = report["Q7a"]
    >>> table.header[1], table.row_labels[4], table["B6"]
    ('Total', 'Total', 28)
    >>> " ".join(list(report.sage_files())[:3])          # one Sage CSV per table, in order
    'Q4a.csv Q5a.csv Q6a.csv'
    """

    kind: str
    """"APR" or "CAPER"."""
    start: dt.date
    end: dt.date
    project_ids: tuple[str, ...]
    tables: dict[str, ReportTable]
    victim_service_provider: bool = False
    """Whether a reported project belongs to a victim service provider (Organization
    VictimServiceProvider = 1): client-level output (drill-down members in :meth:`to_dict`)
    is then refused — a VSP's client data stays in its comparable database."""

    def __getitem__(self, question: str) -> ReportTable:
        return self.tables[question]

    def __iter__(self) -> Iterator[ReportTable]:
        return iter(self.tables.values())

    def __len__(self) -> int:
        return len(self.tables)

    def sage_files(self) -> dict[str, str]:
        """File name → CSV text, one ``Qxx.csv`` per table."""
        return {f"{q}.csv": t.to_csv() for q, t in self.tables.items()}

    def write_sage(self, path: str | Path) -> Path:
        """Write the Sage CSV zip (files at the zip root) to ``path`` and return it."""
        return write_zip(path, self.sage_files())

    def to_dict(self, *, members: bool = False) -> dict[str, Any]:
        """A JSON-ready dict. With ``members=True`` each table also carries, per cell, the
        (PersonalID, EnrollmentID) pairs behind it — client-level data: keep it inside the
        agency. Refused (:class:`ClientLevelOutputError`) for a victim service provider's
        report."""
        if members and self.victim_service_provider:
            raise ClientLevelOutputError(
                "client-level output (drill-down members) is refused for a victim service "
                "provider's report; only aggregate tables may leave the comparable database")
        tables: dict[str, Any] = {}
        for q, t in self.tables.items():
            entry: dict[str, Any] = {
                "header": list(t.header),
                "rows": [[label, *(_json_value(v) for v in row)]
                         for label, row in zip(t.row_labels, t.values, strict=False)],
            }
            if members:
                entry["members"] = {
                    address(line, col): [[m.pid, m.eid] for m in ms]
                    for (line, col), ms in sorted(t._members.items()) if ms
                }
            tables[q] = entry
        return {
            "report": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "projects": list(self.project_ids),
            "tables": tables,
        }

    def to_json(self, *, members: bool = False, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(members=members), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """Every table, rendered for reading."""
        head = (f"{self.kind} {self.start.isoformat()} to {self.end.isoformat()}, "
                f"projects: {', '.join(self.project_ids)}")
        return "\n\n".join([head, *(t.to_text() for t in self.tables.values())]) + "\n"


def _json_value(value: Value) -> int | float | str | None:
    if isinstance(value, Decimal):
        return float(value)
    return value


def tables_equal(a: Mapping[str, ReportTable], b: Mapping[str, ReportTable]) -> bool:
    """Whether two sets of tables hold the same values cell for cell."""
    return a.keys() == b.keys() and all(a[q].values == b[q].values for q in a)
