"""Comparable databases of victim service providers: the HUD standard check, and aggregate
release of the APR and CAPER.

Victim service providers (VSPs) must not enter client-level data into an HMIS. They keep a
*comparable database* instead, and must show that it meets HUD's data standards and can
produce the APR and CAPER, without any client-level data leaving them. Only de-identified
aggregates may be released.

* :func:`comparable_database_check` validates the export (keeping only counts of findings per
  check and severity), computes the APR and the CAPER of every project table by table (a
  failing table is recorded, by exception type and a redacted message, and the others still
  run) and gives the verdict: *meets the standard* when there is no high-priority finding and
  every table was produced. The released tables go through :func:`aggregate_only`.
* :func:`aggregate_only` is the VSP preset for a :class:`~hmis_core.reports.Report`: counts from
  1 to ``threshold`` are hidden, with complementary suppression over the table's own totals
  and subtotals; rates, averages and medians are withheld (they can reveal hidden counts);
  nothing points at a client.
* :func:`is_victim_service_provider` tells an HMIS when to refuse client-level output (drill-down
  members, client exports) for a project.

How suppression finds the equations a reader could use. A line labelled "Total…"/"Subtotal"
(or "Unduplicated Total…") is a candidate column total, of the count lines since the previous
total line or of the top-level lines above it (subtotals and loose lines); a column headed
"Total…" (also "AO: Total Adults", "All Persons Contacted") is a candidate row total, of the
count columns after it up to the next total column or of those before it back to the previous
one. A candidate becomes an equation only in the rows or columns whose numbers really add up
(a structure the numbers do not follow cannot be used to solve anything exactly), and every
equation that holds is used. :func:`~hmis_core.privacy.suppress` handles one total row and one
total column; report tables have subtotals, nested totals and several total columns, so the
same rules (primary cells, a second hidden cell in any equation with one, then a partner for
any cell the equations together still determine) run here over the general equation set,
checked by the same exact solver as :func:`~hmis_core.privacy.recoverable_cells`.

Not covered: relations between lines that are not labelled as totals (in Q5a, leavers plus
stayers make the persons served) and between tables (Q5a's persons served is Q7a's total).
Those can reveal a suppressed count; review the released set before publishing it widely.

This module imports :mod:`hmis_core.reports` only inside functions, so that the reports can
import :func:`is_victim_service_provider` without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from hmis_core._export import Export
from hmis_core._files import write_zip
from hmis_core._findings import PPI_COLUMNS, Finding, Severity
from hmis_core._gc import paused_gc
from hmis_core.csvspec import validate
from hmis_core.elements import FY2026
from hmis_core.privacy._suppress import _determined
from hmis_core.privacy._tables import project_organizations, texts

if TYPE_CHECKING:
    from hmis_core.reports import Report, ReportTable
    from hmis_core.reports._frame import Frame

__all__ = [
    "REPORT_KINDS",
    "ComparableCheck",
    "ReleasedReport",
    "ReleasedTable",
    "ReportCheck",
    "TableStatus",
    "ValidationCount",
    "aggregate_only",
    "comparable_database_check",
    "is_victim_service_provider",
]

REPORT_KINDS = ("APR", "CAPER")
"""The reports a comparable database must be able to produce."""

Released = int | str | None
"""A released cell: a count (0 or above the threshold), a Q4a text or code, or None."""
_Cell = tuple[int, int]
_Equation = tuple[_Cell, tuple[_Cell, ...]]
"""(total cell, the cells adding up to it); cells are (data line, data column), 0-based."""

_TOTAL_LINE = re.compile(r"^(?:sub)?total\b|^unduplicated total\b", re.IGNORECASE)
_TOTAL_COLUMN = re.compile(r"(?:^|: )(?:sub)?total\b|^all persons\b", re.IGNORECASE)
_Q4A_COUNTS = ("Total Active Clients", "Total Active Households")


# ----------------------------------------------------------------------------- VSP preset


def is_victim_service_provider(export: Export, project_ids: str | Iterable[str]) -> bool:
    """Whether any of ``project_ids`` belongs to an organization whose VictimServiceProvider
    is 1 (Yes) in Organization.csv (deleted organization rows ignored).

    An HMIS asks this before any client-level output for a project (report drill-down
    members, client lists, record exports) and refuses it when True: a VSP's data must stay in
    its comparable database; only :func:`aggregate_only` output may leave it.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> is_victim_service_provider(export, "P0001")
    False
    >>> vsp = [p for p in export["Project"]["ProjectID"] if is_victim_service_provider(export, p)]
    >>> len(vsp) > 0
    True
    """
    ids = (project_ids,) if isinstance(project_ids, str) else tuple(project_ids)
    organizations = project_organizations(export)
    wanted = {organizations[p] for p in ids if p in organizations}
    if not wanted:
        return False
    table = export.table("Organization")
    if not table.present:
        return False
    org_ids, flags = table["OrganizationID"], table["VictimServiceProvider"]
    return any(org_ids[row] in wanted and flags[row] == 1 for row in table.live_rows())


@attrs.frozen
class ReleasedTable:
    """One report table as it may be released: suppressed and computed cells are None.

    ``values`` are the data lines (cells B, C, … of CSV lines 2, 3, …); ``suppressed`` counts
    the counts hidden (small ones and their complements), ``withheld`` the computed cells
    (rates, averages, medians, amounts) left out.

    >>> t = ReleasedTable("Q7b", ("", "Total"), ("January", "April"), ((None,), (25,)), 1)
    >>> t.lines()
    [['', 'Total'], ['January', None], ['April', 25]]
    """

    question: str
    header: tuple[str, ...]
    row_labels: tuple[str, ...]
    values: tuple[tuple[Released, ...], ...]
    suppressed: int = 0
    withheld: int = 0

    def lines(self) -> list[list[Released]]:
        """The CSV lines: the header line, then label + values per line."""
        return [list(self.header),
                *([label, *row] for label, row in zip(self.row_labels, self.values, strict=True))]

    def to_csv(self) -> str:
        """The table as a Sage CSV file (text quoted, numbers bare, suppressed cells empty,
        CRLF), like :meth:`hmis_core.reports.ReportTable.to_csv`.

        >>> t = ReleasedTable("Q0", ("", "Total"), ("Adults",), ((None,),))
        >>> t.to_csv()
        '"","Total"\\r\\n"Adults",\\r\\n'
        """
        out = io.StringIO()
        for i, line in enumerate(self.lines()):
            fields = []
            for j, value in enumerate(line):
                if i == 0 or j == 0 or isinstance(value, str):
                    fields.append('"' + str(value).replace('"', '""') + '"')
                else:
                    fields.append("" if value is None else str(value))
            out.write(",".join(fields) + "\r\n")
        return out.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """``{"header": […], "rows": [[label, cell, …], …], "suppressed": n, "withheld": n}``."""
        return {"header": list(self.header), "rows": self.lines()[1:],
                "suppressed": self.suppressed, "withheld": self.withheld}


@attrs.frozen
class ReleasedReport:
    """An APR or CAPER reduced to what may be released (:func:`aggregate_only`).

    >>> t = ReleasedTable("Q7b", ("", "Total"), ("January",), ((None,),), 1)
    >>> r = ReleasedReport("APR", dt.date(2025, 1, 1), dt.date(2025, 12, 31), ("P1",), 10,
    ...                    {"Q7b": t})
    >>> list(r.sage_files()), r.to_dict()["tables"]["Q7b"]["rows"]
    (['Q7b.csv'], [['January', None]])
    """

    kind: str
    start: dt.date
    end: dt.date
    project_ids: tuple[str, ...]
    threshold: int
    tables: Mapping[str, ReleasedTable]

    def __getitem__(self, question: str) -> ReleasedTable:
        return self.tables[question]

    def sage_files(self) -> dict[str, str]:
        """File name → CSV text, one ``Qxx.csv`` per table."""
        return {f"{q}.csv": t.to_csv() for q, t in self.tables.items()}

    def write_sage(self, path: str | Path) -> Path:
        """Write the tables as a Sage-shaped zip (files at the root) and return its path."""
        return write_zip(path, self.sage_files())

    def to_dict(self) -> dict[str, Any]:
        return {"report": self.kind, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "projects": list(self.project_ids),
                "threshold": self.threshold,
                "tables": {q: t.to_dict() for q, t in self.tables.items()}}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def aggregate_only(report: Report, *, threshold: int = 10) -> ReleasedReport:
    """The VSP preset: ``report`` with every count from 1 to ``threshold`` hidden, enough
    other counts hidden that none can be worked out from the table's totals and subtotals,
    and every computed cell (Decimal: rates, averages, medians, amounts) withheld. Q4a keeps
    its project identifiers, codes and dates; its two counts are suppressed like the others.
    Nothing refers to a client: there is no drill-down.

    >>> import hmis_core
    >>> from hmis_core.reports import apr
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> released = aggregate_only(apr(export, "2025-01-01", "2025-12-31", "P0001"))
    >>> released["Q7a"].header[1], len(released.tables)
    ('Total', 67)
    >>> all(v is None or v == 0 or v > 10 for row in released["Q7a"].values
    ...     for v in row if not isinstance(v, str))
    True
    """
    _check_threshold(threshold)
    return ReleasedReport(report.kind, report.start, report.end, report.project_ids, threshold,
                          {q: release_table(t, threshold=threshold)
                           for q, t in report.tables.items()})


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, not {threshold!r}")


# ----------------------------------------------------------------------------- suppression


def _is_count(value: object) -> bool:
    return type(value) is int


def table_equations(values: Sequence[Sequence[object]], row_labels: Sequence[str],
                    header: Sequence[str]) -> list[_Equation]:
    """The additive equations of a report table that its numbers satisfy (module notes).

    ``header`` is the CSV header line (cell A1 first); cells are (data line, data column).

    >>> eq = table_equations([[3, 1, 2], [5, 5, 0], [8, 6, 2]], ["A", "B", "Total"],
    ...                      ["", "Total", "X", "Y"])
    >>> sorted(eq)[:2]
    [((0, 0), ((0, 1), (0, 2))), ((1, 0), ((1, 1), (1, 2)))]
    >>> len(eq)
    6
    """
    nrows = len(values)
    ncols = len(values[0]) if nrows else 0
    counts = {(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)
              if isinstance(v, int) and _is_count(v)}
    found: dict[_Cell, set[tuple[_Cell, ...]]] = {}

    def add(total: _Cell, parts: Iterable[_Cell]) -> bool:
        """Record total = sum(parts) if it holds (and has parts); whether it does."""
        cells = tuple(sorted(cell for cell in parts if cell in counts))
        if total not in counts or not cells or sum(counts[c] for c in cells) != counts[total]:
            return False
        found.setdefault(total, set()).add(cells)
        return True

    totals = [j for j in range(ncols) if _TOTAL_COLUMN.search(header[j + 1].strip())]
    for t in totals:
        later = [j for j in totals if j > t]
        earlier = [j for j in totals if j < t]
        after = range(t + 1, later[0] if later else ncols)
        before = range(earlier[-1] + 1 if earlier else 0, t)
        for r in range(nrows):
            add((r, t), ((r, j) for j in after))
            add((r, t), ((r, j) for j in before))
    is_total = [r < len(row_labels) and bool(_TOTAL_LINE.match(row_labels[r].strip()))
                for r in range(nrows)]
    for c in range(ncols):
        segment: list[int] = []  # count lines since the last total line that held
        top: list[int] = []  # lines not inside a total that held, and those totals
        for r in range(nrows):
            if (r, c) not in counts:
                continue
            if is_total[r]:
                of_segment = add((r, c), ((x, c) for x in segment))
                of_top = add((r, c), ((x, c) for x in top))
                if of_top:
                    top, segment = [r], []
                    continue
                if of_segment:
                    top, segment = [x for x in top if x not in segment] + [r], []
                    continue
            segment.append(r)
            top.append(r)
    return [(total, parts) for total, groups in found.items() for parts in sorted(groups)]


def _lines(equations: Sequence[_Equation]) -> list[tuple[tuple[_Cell, ...], tuple[int, ...]]]:
    return [((total, *parts), (-1, *([1] * len(parts)))) for total, parts in equations]


def suppress_cells(counts: Mapping[_Cell, int], equations: Sequence[_Equation], *,
                   threshold: int = 10) -> frozenset[_Cell]:
    """The cells to hide: counts from 1 to ``threshold`` and enough others that no hidden
    cell is determined by ``equations`` (each: total cell = sum of its parts).

    The rules are those of :func:`~hmis_core.privacy.suppress`, over any set of equations:
    an equation with exactly one hidden cell gets a second (its smallest non-zero cell,
    preferring one whose other equations also need one, then non-totals); a hidden cell the
    equations still determine together gets its smallest neighbour in an equation hidden too.
    Hidden zeros the equations determine anyway are shown (hiding them protects nothing).

    >>> eq = [((2, 0), ((0, 0), (1, 0))), ((2, 1), ((0, 1), (1, 1))),
    ...       ((0, 2), ((0, 0), (0, 1))), ((1, 2), ((1, 0), (1, 1))),
    ...       ((2, 2), ((2, 0), (2, 1))), ((2, 2), ((0, 2), (1, 2)))]
    >>> grid = [[12, 5, 17], [20, 25, 45], [32, 30, 62]]
    >>> counts = {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row)}
    >>> sorted(suppress_cells(counts, eq))
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    lines = _lines(equations)
    hidden = {cell for cell, v in counts.items() if 1 <= v <= threshold}
    lines_of: dict[_Cell, list[int]] = {}
    for n, (cells, _) in enumerate(lines):
        for cell in cells:
            lines_of.setdefault(cell, []).append(n)
    is_total = {total for total, _ in equations}

    def count(n: int) -> int:
        return sum(cell in hidden for cell in lines[n][0])

    def key(cell: _Cell, line: int | None = None) -> tuple[Any, ...]:
        value = counts[cell]
        crossing = any(count(n) == 1 for n in lines_of.get(cell, ()) if n != line)
        return (value == 0, value, not crossing, cell in is_total, cell)

    while True:
        changed = False
        for n, (cells, _) in enumerate(lines):
            if count(n) == 1:
                free = [cell for cell in cells if cell not in hidden]
                if free:
                    hidden.add(min(free, key=functools.partial(key, line=n)))
                    changed = True
        if changed:
            continue
        exposed = _determined(lines, hidden)
        if not exposed:
            break
        bridge = min(exposed)
        candidates = [cell for n in lines_of.get(bridge, ()) for cell in lines[n][0]
                      if cell not in hidden]
        if not candidates:  # widen to every equation reaching the bridge's hidden cells
            reach = _component(bridge, lines, lines_of, hidden)
            candidates = [cell for n in reach for cell in lines[n][0] if cell not in hidden]
        if not candidates:
            break
        hidden.add(min(candidates, key=key))
    everything = False
    while exposed := _determined(lines, hidden):
        if any(counts[cell] for cell in exposed):
            # Not expected: with every cell of an equation hidden, only zeros are fixed.
            if everything:
                raise RuntimeError("no suppression hides these counts")
            hidden, everything = set(counts), True
            continue
        hidden -= exposed  # zeros the equations give away anyway
    return frozenset(hidden)


def _component(start: _Cell, lines: Sequence[tuple[tuple[_Cell, ...], tuple[int, ...]]],
               lines_of: Mapping[_Cell, list[int]], hidden: set[_Cell]) -> set[int]:
    """Equations linked to ``start`` through hidden cells."""
    seen: set[int] = set()
    stack = [start]
    visited = {start}
    while stack:
        for n in lines_of.get(stack.pop(), ()):
            if n in seen:
                continue
            seen.add(n)
            for cell in lines[n][0]:
                if cell in hidden and cell not in visited:
                    visited.add(cell)
                    stack.append(cell)
    return seen


def release_table(table: ReportTable, *, threshold: int = 10) -> ReleasedTable:
    """One table of a report as :func:`aggregate_only` releases it."""
    _check_threshold(threshold)
    values = table.values
    header = tuple(table.header)
    labels = (*table.row_labels, *([""] * (len(values) - len(table.row_labels))))
    q4a = table.question == "Q4a"
    counts, equations = _counts_and_equations(table)
    hidden = suppress_cells(counts, equations, threshold=threshold)
    out: list[tuple[Released, ...]] = []
    withheld = 0
    for r, row in enumerate(values):
        cells: list[Released] = []
        for c, v in enumerate(row):
            if (r, c) in counts:
                cells.append(None if (r, c) in hidden else counts[(r, c)])
            elif v is None or (q4a and isinstance(v, int | str)):
                cells.append(v)
            else:
                cells.append(None)
                withheld += 1
        out.append(tuple(cells))
    return ReleasedTable(table.question, header, labels[: len(values)], tuple(out),
                         len(hidden), withheld)


def _counts_and_equations(table: ReportTable) -> tuple[dict[_Cell, int], list[_Equation]]:
    """The count cells of ``table`` and its equations. Q4a: only its two counts, and no
    equations (one line per project; its other numbers are codes)."""
    values = table.values
    if table.question == "Q4a":
        columns = {j for j, name in enumerate(table.header[1:]) if name in _Q4A_COUNTS}
        return ({(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)
                 if c in columns and isinstance(v, int) and _is_count(v)}, [])
    return ({(r, c): v for r, row in enumerate(values) for c, v in enumerate(row)
             if isinstance(v, int) and _is_count(v)},
            table_equations(values, table.row_labels, table.header))


def recoverable_released(table: ReportTable, released: ReleasedTable) -> frozenset[_Cell]:
    """Hidden counts of ``released`` that the equations of ``table`` determine (none is the
    guarantee of :func:`release_table`; this re-checks it from scratch)."""
    counts, equations = _counts_and_equations(table)
    hidden = {cell for cell in counts if released.values[cell[0]][cell[1]] is None}
    return frozenset(_determined(_lines(equations), hidden))


# ----------------------------------------------------------------------------- the check


@attrs.frozen
class ValidationCount:
    """How many findings one check produced at one severity (nothing else is kept).

    >>> ValidationCount("hash_mismatch", Severity.HIGH, 4).count
    4
    """

    code: str
    severity: Severity
    count: int


@attrs.frozen
class TableStatus:
    """Whether one table of a report could be produced; ``error`` is the exception type and
    its message with quoted values and client identifiers redacted.

    >>> TableStatus("Q7a", False, "KeyError: '…'").produced
    False
    """

    question: str
    produced: bool
    error: str | None = None


@attrs.frozen
class ReportCheck:
    """One report (APR or CAPER) of one project: every table's status and the release.

    >>> empty = ReleasedReport("APR", dt.date(2025, 1, 1), dt.date(2025, 12, 31), ("P1",),
    ...                        10, {})
    >>> r = ReportCheck("APR", ("P1",), (TableStatus("Q4a", True),
    ...                                  TableStatus("Q5a", False, "ValueError")), empty)
    >>> r.produced, [t.question for t in r.failures]
    (False, ['Q5a'])
    """

    kind: str
    project_ids: tuple[str, ...]
    tables: tuple[TableStatus, ...]
    released: ReleasedReport

    @property
    def produced(self) -> bool:
        """Every table was produced."""
        return all(t.produced for t in self.tables)

    @property
    def failures(self) -> tuple[TableStatus, ...]:
        return tuple(t for t in self.tables if not t.produced)

    def to_dict(self, *, released: bool = True) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "report": self.kind,
            "projects": list(self.project_ids),
            "produced": sum(t.produced for t in self.tables),
            "failed": len(self.failures),
            "tables": {t.question: ({"produced": True} if t.produced
                                    else {"produced": False, "error": t.error})
                       for t in self.tables},
        }
        if released:
            doc["released"] = {q: t.to_dict() for q, t in self.released.tables.items()}
        return doc


@attrs.frozen
class ComparableCheck:
    """The result of :func:`comparable_database_check`: aggregates only.

    :attr:`meets_standard` is the verdict; :meth:`to_dict` / :meth:`to_json` /
    :meth:`to_text` report it, :meth:`write_zip` writes the released tables.

    >>> c = ComparableCheck(dt.date(2025, 1, 1), dt.date(2025, 12, 31), 10, ("P1",),
    ...                     (ValidationCount("hash_mismatch", Severity.HIGH, 4),), ())
    >>> c.meets_standard, c.reasons()
    (False, ['4 high-priority validation finding(s)'])
    """

    start: dt.date
    end: dt.date
    threshold: int
    project_ids: tuple[str, ...]
    validation: tuple[ValidationCount, ...]
    reports: tuple[ReportCheck, ...]
    validation_error: str | None = None
    """Set when validation itself failed (then the standard is not met)."""

    @property
    def high_priority(self) -> int:
        """Number of high-priority validation findings."""
        return sum(v.count for v in self.validation if v.severity is Severity.HIGH)

    @property
    def failures(self) -> tuple[tuple[ReportCheck, TableStatus], ...]:
        """(report, table) for every table that could not be produced."""
        return tuple((r, t) for r in self.reports for t in r.failures)

    @property
    def meets_standard(self) -> bool:
        """No high-priority finding, validation ran, and every table of every report was
        produced."""
        return (self.validation_error is None and not self.high_priority
                and not self.failures)

    def reasons(self) -> list[str]:
        """Why the standard is not met (empty when it is)."""
        out = []
        if self.validation_error is not None:
            out.append(f"validation failed: {self.validation_error}")
        if self.high_priority:
            out.append(f"{self.high_priority} high-priority validation finding(s)")
        if self.failures:
            out.append(f"{len(self.failures)} report table(s) could not be produced")
        return out

    def validation_summary(self) -> dict[str, Any]:
        by_severity: Counter[str] = Counter()
        for v in self.validation:
            by_severity[v.severity.value] += v.count
        return {
            "total": sum(by_severity.values()),
            "by_severity": {s.value: by_severity.get(s.value, 0)
                            for s in sorted(Severity, reverse=True)},
            "by_check": [{"code": v.code, "severity": v.severity.value, "count": v.count}
                         for v in self.validation],
        }

    def to_dict(self, *, released: bool = True) -> dict[str, Any]:
        """JSON-ready: verdict, validation counts, every table's status and (with
        ``released``) the released tables, suppressed cells as null."""
        return {
            "check": "comparable database",
            "meets_standard": self.meets_standard,
            "reasons": self.reasons(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "threshold": self.threshold,
            "projects": list(self.project_ids),
            "validation": self.validation_summary(),
            "validation_error": self.validation_error,
            "reports": [r.to_dict(released=released) for r in self.reports],
        }

    def to_json(self, *, released: bool = True, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(released=released), indent=indent, ensure_ascii=False)

    def zip_files(self) -> dict[str, str]:
        """Name → text of every file :meth:`write_zip` writes: ``summary.json`` and one
        folder per report, ``APR-<ProjectID>/Q4a.csv`` …"""
        files: dict[str, str] = {}
        folders: set[str] = set()
        listing: list[dict[str, Any]] = []
        for report in self.reports:
            base = f"{report.kind}-{_safe('-'.join(report.project_ids))}"
            folder, n = base, 1
            while folder in folders:
                n += 1
                folder = f"{base}-{n}"
            folders.add(folder)
            for name, text in report.released.sage_files().items():
                files[f"{folder}/{name}"] = text
            listing.append({"report": report.kind, "projects": list(report.project_ids),
                            "folder": folder})
        summary = {**self.to_dict(released=False), "files": listing}
        return {"summary.json": json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                **files}

    def write_zip(self, path: str | Path) -> Path:
        """Write the released tables as Sage-shaped CSVs (suppressed cells empty) and
        ``summary.json`` to the zip ``path``; return it."""
        return write_zip(path, self.zip_files())

    def to_text(self) -> str:
        """A short summary for people: verdict, finding counts, failed tables."""
        verdict = ("meets the standard" if self.meets_standard
                   else "does NOT meet the standard")
        s = self.validation_summary()
        counts = ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items() if n) or "none"
        tables = sum(len(r.tables) for r in self.reports)
        produced = tables - len(self.failures)
        hidden = sum(t.suppressed for r in self.reports for t in r.released.tables.values())
        lines = [
            f"Comparable database check {self.start.isoformat()} to {self.end.isoformat()}: "
            f"{verdict}",
            f"  validation findings: {counts}",
            f"  reports: {len(self.reports)} ({len(self.project_ids)} project(s) x APR, CAPER);"
            f" tables produced: {produced} of {tables}",
            f"  release: counts 1-{self.threshold} suppressed ({hidden} cells hidden in all),"
            " rates and averages withheld",
        ]
        if self.validation_error is not None:
            lines.append(f"  validation failed: {self.validation_error}")
        high = [v for v in self.validation if v.severity is Severity.HIGH]
        for v in high[:10]:
            lines.append(f"  high priority: {v.code} ({v.count})")
        if len(high) > 10:
            lines.append(f"  … and {len(high) - 10} more high-priority checks")
        for report, status in self.failures[:20]:
            lines.append(f"  failed: {report.kind} {', '.join(report.project_ids)} "
                         f"{status.question}: {status.error}")
        if len(self.failures) > 20:
            lines.append(f"  … and {len(self.failures) - 20} more failed tables")
        return "\n".join(lines) + "\n"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_.") or "project"


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def validation_counts(findings: Iterable[Finding]) -> tuple[ValidationCount, ...]:
    """Findings reduced to counts per (code, severity): highest severity first, then the
    largest count, then the code.

    >>> f = Finding("x", Severity.HIGH, "Client", 2, "SSN", "123456789", "3.02", "bad")
    >>> validation_counts([f, f])
    (ValidationCount(code='x', severity=<Severity.HIGH: 'high'>, count=2),)
    """
    counts = Counter((f.code, f.severity) for f in findings)
    order = sorted(counts.items(), key=lambda kv: (-kv[0][1].rank, -kv[1], kv[0][0]))
    return tuple(ValidationCount(code, severity, n) for (code, severity), n in order)


def _project_ids(export: Export) -> list[str]:
    table = export.table("Project")
    if not table.present:
        return []
    column = table["ProjectID"]
    return list(dict.fromkeys(column[row] for row in table.live_rows()
                              if column[row] is not None))


class _Redactor:
    """Exception text without data values: quoted literals other than spec column or file
    names, and any client identifier of the export (IDs, names, SSN, DOB), are replaced."""

    _QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
    _TOKEN = re.compile(r"[^\s'\",:;()\[\]{}<>=]+")
    _KEEP_IDS = frozenset({"ProjectID", "OrganizationID", "UserID", "ExportID"})

    def __init__(self, export: Export) -> None:
        self.export = export
        self._identifiers: frozenset[str] | None = None
        self._names = frozenset(
            {f.name for f in FY2026.files} | {c.name for f in FY2026.files for c in f.columns})

    def identifiers(self) -> frozenset[str]:
        if self._identifiers is None:
            found: set[str] = set()
            for table in self.export.tables.values():
                if not table.present or table.spec.category != "client":
                    continue
                for name, column in table.columns.items():
                    if ((name.endswith("ID") and name not in self._KEEP_IDS)
                            or (table.name, name) in PPI_COLUMNS):
                        found.update(t for t in texts(column) if t)
            self._identifiers = frozenset(found)
        return self._identifiers

    def __call__(self, error: BaseException) -> str:
        def quoted(match: re.Match[str]) -> str:
            return match.group(0) if match.group(0)[1:-1] in self._names else "'…'"

        message = self._QUOTED.sub(quoted, str(error))
        ids = self.identifiers()
        message = self._TOKEN.sub(
            lambda m: "<redacted>" if m.group(0) in ids else m.group(0), message)
        if len(message) > 200:
            message = message[:199] + "…"
        name = type(error).__name__
        return f"{name}: {message}" if message else name


def _run(kind: str, export: Export, project_ids: tuple[str, ...], start: dt.date,
         end: dt.date, frame: Frame, redact: _Redactor) -> tuple[
             dict[str, ReportTable], dict[str, str]]:
    """Every table of ``kind`` one by one: (tables produced, question → error)."""
    from hmis_core.reports._engine import q4a  # noqa: PLC0415 - reports may import this
    from hmis_core.reports._layout import layout, questions  # noqa: PLC0415
    from hmis_core.reports._tally import TABLES, Tally  # noqa: PLC0415
    from hmis_core.reports._universe import ReportParameters, build_context  # noqa: PLC0415

    tables: dict[str, ReportTable] = {}
    errors: dict[str, str] = {}
    try:
        ctx = build_context(export, ReportParameters(start, end, project_ids), frame=frame)
    except Exception as err:  # every table needs the universe: all of them fail
        message = redact(err)
        return {}, dict.fromkeys(questions(kind), message)
    try:
        for q in questions(kind):
            try:
                if q == "Q4a":
                    tables[q] = q4a(ctx, kind)
                else:
                    tally = Tally(layout(kind, q))
                    TABLES[q](ctx, tally)
                    tables[q] = tally.build()
            except Exception as err:  # recorded; the other tables still run
                errors[q] = redact(err)
    finally:
        ctx.release()
    return tables, errors


def comparable_database_check(
    export: Export,
    start: dt.date | str,
    end: dt.date | str,
    *,
    projects: Iterable[str] | None = None,
    threshold: int = 10,
    findings: Sequence[Finding] | None = None,
) -> ComparableCheck:
    """Check a VSP's comparable database (an HMIS CSV export of it) against HUD's standard.

    * validation: ``findings`` when given (e.g. those of ``read_export`` plus ``validate``),
      else ``validate(export)``; only counts per check code and severity are kept;
    * every project of ``projects`` (default: every project of Project.csv) gets an APR and a
      CAPER over ``start``..``end``, table by table; a table that raises is recorded as not
      produced (exception type and redacted message) and the others still run;
    * verdict: :attr:`ComparableCheck.meets_standard` — no high-priority finding and every
      table produced;
    * release: each report through :func:`aggregate_only` with ``threshold``.

    The result holds no PersonalID, EnrollmentID, HouseholdID, name, SSN or date of birth.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> check = comparable_database_check(export, "2025-01-01", "2025-12-31",
    ...                                   projects=["P0001"])
    >>> check.meets_standard, [(r.kind, len(r.tables)) for r in check.reports]
    (True, [('APR', 67), ('CAPER', 40)])
    """
    from hmis_core.reports._frame import Frame  # noqa: PLC0415 - reports may import this
    from hmis_core.reports._layout import questions  # noqa: PLC0415

    _check_threshold(threshold)
    first, last = _as_date(start), _as_date(end)
    if last < first:
        raise ValueError(f"end {last} is before start {first}")
    ids = _project_ids(export) if projects is None else list(dict.fromkeys(projects))
    redact = _Redactor(export)
    validation_error = None
    if findings is None:
        try:
            findings = validate(export)
        except Exception as err:  # a broken validator must not pass the check
            findings, validation_error = [], redact(err)
    counts = validation_counts(findings)
    reports: list[ReportCheck] = []
    frame = Frame(export)
    with paused_gc():
        for pid in ids:
            for kind in REPORT_KINDS:
                tables, errors = _run(kind, export, (pid,), first, last, frame, redact)
                statuses = tuple(TableStatus(q, q in tables, errors.get(q))
                                 for q in questions(kind))
                released = ReleasedReport(
                    kind, first, last, (pid,), threshold,
                    {q: release_table(t, threshold=threshold) for q, t in tables.items()})
                reports.append(ReportCheck(kind, (pid,), statuses, released))
    return ComparableCheck(first, last, threshold, tuple(ids), counts, tuple(reports),
                           validation_error)
