"""``validate``: the HMIS CSV checks that can be made on an :class:`~hmis_core.Export`.

Cell checks work on each column's *distinct* values and map only the bad ones back to rows;
key checks work on the tables' indexes. See :mod:`._checks` for the catalogue.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from hmis_core._export import Export
from hmis_core._findings import Finding, Severity
from hmis_core._gc import paused_gc
from hmis_core._table import Column, Table
from hmis_core.csvspec._checks import finding
from hmis_core.csvspec._eva import is_high_priority
from hmis_core.csvspec._hashing import HASHED_NAME, HASHED_SSN
from hmis_core.csvspec._text import matching_codes
from hmis_core.elements import FY2026, CellError, ColumnSpec, standard_for_version

__all__ = ["validate"]

_IMPERMISSIBLE_CHARS = "<>[]{}"
_IMPERMISSIBLE = re.compile(r"[<>\[\]{}]")
_MIN_DATE = datetime.date(1900, 1, 1)
_FUTURE_ALLOWED = frozenset({
    "DueDate", "OperatingEndDate", "EndDate", "InventoryEndDate",
    "HMISParticipationStatusEndDate", "CEParticipationStatusEndDate", "FAEndDate",
    "ExportEndDate",
})
"""Date columns that may legitimately lie after the export date (planned ends, due dates)."""

HIGH_PRIORITY_KEYS = {
    ("Client", "PersonalID"): Severity.HIGH,
    ("Enrollment", "EnrollmentID"): Severity.HIGH,
}
HIGH_PRIORITY_REFERENCES = {
    ("Enrollment", "PersonalID"): Severity.HIGH,
    ("Enrollment", "ProjectID"): Severity.HIGH,
    ("Enrollment", "UserID"): Severity.WARNING,
}
_HASHED_MAX = {"FirstName": 64, "MiddleName": 64, "LastName": 64, "SSN": 68}

# Services.TypeProvided's list is chosen by RecordType (NOTES.md "Validator notes").
_TYPE_PROVIDED_LIST = {141: "P1.2", 142: "R14.2", 143: "W1.2", 144: "V2.2", 151: "W2.2",
                       152: "V3.3", 161: "P2.2", 200: "4.14", 210: "V8.1", 300: "C2.2"}
_SUBTYPE_LIST = {3: "V2.A", 4: "V2.B", 5: "V2.C"}


_Bad = dict[int, tuple[str, str, Severity | None]]
"""Distinct code -> (check code, message, severity override)."""


class _Collector:
    """Turns (column, distinct code -> finding template) into one finding per row."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def per_row(
        self,
        table: Table,
        column: Column,
        bad: _Bad,
        spec: ColumnSpec | None,
    ) -> None:
        """``bad``: code -> (check code, message, severity override)."""
        if not bad:
            return
        element = spec.element if spec else None
        codes = column.codes
        lines = table.lines
        for row, code in enumerate(codes):
            entry = bad.get(code)
            if entry is None:
                continue
            check, message, severity = entry
            self.findings.append(finding(
                check, file=table.name, row=lines[row], column=column.name,
                value=column.raw_texts[code], element=element, message=message,
                severity=severity,
            ))


def _cell_checks(table: Table, out: _Collector, hashed: bool, export_date: datetime.date) -> None:
    for column in table.columns.values():
        spec = column.spec
        if spec is None or column.name in table.absent_columns:
            continue
        # Eva: wrong types and date formats are high priority where the column is
        high = Severity.HIGH if is_high_priority(table.name, spec.name) else None
        bad: _Bad = {}
        for code, error in column.invalid_codes.items():
            check = _check_for(error)
            bad[code] = (check, _invalid_message(spec, error, column.raw_texts[code]),
                         None if check == "value_not_in_list" else high)
        for code, note in column.repairs.items():
            check = {"D": "invalid_date_format", "T": "invalid_date_format", "S":
                     "text_not_trimmed"}.get(spec.type, "invalid_type")
            severity = None if spec.type == "S" else high
            if spec.type == "T" and note.startswith("written as yyyy-mm-dd with no time"):
                # a bare date in a date-time column: HUD's Eva reads it as midnight unflagged
                severity = Severity.WARNING
            bad[code] = (check, f"not in the specified format ({note})", severity)
        if spec.type == "S":
            limit = _HASHED_MAX.get(spec.name, spec.max_length) if hashed and \
                table.name == "Client" else spec.max_length
            if limit and column.memo("longest", _longest) > limit:
                for code, text in enumerate(column.raw_texts):
                    if len(text) > limit and code not in bad:
                        bad[code] = ("string_too_long",
                                     f"{len(text)} characters where at most {limit} are "
                                     "allowed", None)
            for code in column.memo("impermissible", _impermissible):
                if code not in bad:
                    chars = "".join(sorted(set(_IMPERMISSIBLE.findall(column.raw_texts[code]))))
                    bad[code] = ("impermissible_characters",
                                 f"holds the impermissible character(s) {chars}", None)
        elif spec.type in ("D", "T") and not _dates_in_range(column.memo("span", _span),
                                                             spec.name, export_date):
            for code, value in enumerate(column.values):
                if value is None or code in bad:
                    continue
                day = value.date() if isinstance(value, datetime.datetime) else value
                if day < _MIN_DATE:
                    bad[code] = ("implausible_date", f"{day.isoformat()} is before 1900", None)
                elif day > export_date and spec.name not in _FUTURE_ALLOWED:
                    bad[code] = ("implausible_date", f"{day.isoformat()} is after the export "
                                 f"date {export_date.isoformat()}", None)
        if not spec.nullable and column.has_empty():
            bad[0] = ("null_not_allowed", f"{spec.name} may not be empty", high)
        out.per_row(table, column, bad, spec)


def _longest(column: Column) -> int:
    """Length of the column's longest text."""
    return max(map(len, column.raw_texts))


def _impermissible(column: Column) -> list[int]:
    """Codes whose text holds an impermissible character."""
    return matching_codes(column.raw_texts, _IMPERMISSIBLE, _IMPERMISSIBLE_CHARS)


def _span(column: Column) -> tuple[datetime.date, datetime.date] | None:
    """Earliest and latest day of a date or date-time column's values (None if it has
    none), from C-level min and max: of its texts when all are canonical (their order is
    then the order of time; the values need not be made), else of its values."""
    if column._canonical:
        texts = column.raw_texts
        if len(texts) < 2:
            return None
        low_text, high_text = min(itertools.islice(texts, 1, None)), max(texts)
        return (datetime.date.fromisoformat(low_text[:10]),
                datetime.date.fromisoformat(high_text[:10]))
    values = column.values
    missing = values.count(None)
    if missing == 1 and values[0] is None:  # the usual case: only the empty cell (code 0)
        present = values[1:]
    else:
        present = [v for v in values if v is not None] if missing else values
    if not present:
        return None
    low, high = min(present), max(present)
    low_day = low.date() if isinstance(low, datetime.datetime) else low
    high_day = high.date() if isinstance(high, datetime.datetime) else high
    assert isinstance(low_day, datetime.date)
    assert isinstance(high_day, datetime.date)
    return low_day, high_day


def _dates_in_range(span: tuple[datetime.date, datetime.date] | None, column: str,
                    export_date: datetime.date) -> bool:
    """Whether every date of a column is plausible, from its :func:`_span`."""
    if span is None:
        return True
    return span[0] >= _MIN_DATE and (column in _FUTURE_ALLOWED or span[1] <= export_date)


def precompute(table: Table) -> None:
    """Compute the facts of ``table``'s columns that :func:`validate` needs
    (:meth:`Column.memo`): the reader calls this in each of its processes, as soon as it has
    read the table, so that validation later finds them ready."""
    for name, column in table.columns.items():
        spec = column.spec
        if spec is None or name in table.absent_columns:
            continue
        if spec.type == "S":
            column.memo("longest", _longest)
            column.memo("impermissible", _impermissible)
        elif spec.type in ("D", "T"):
            column.memo("span", _span)
    if table.spec.primary_key in table.columns:
        table[table.spec.primary_key].memo("may_repeat", _may_repeat)


def _check_for(error: CellError) -> str:
    if error.kind == "list":
        return "value_not_in_list"
    if error.kind in ("date", "datetime"):
        return "invalid_date_format"
    return "invalid_type"


def list_description(number: str) -> str:
    """``list 3.01.5 NameDataQuality (1, 2, 8, 9, 99)`` (codes shown for short lists)."""
    codes = FY2026.list(number)
    text = f"list {number} {codes.list_name}"
    members = [str(m.value) for m in codes]
    return f"{text} ({', '.join(members)})" if len(members) <= 12 else text


def _invalid_message(spec: ColumnSpec, error: CellError, raw: str) -> str:
    if error.kind == "list" and spec.list:
        return f"{raw} is not in {list_description(spec.list)}"
    expected = {"I": "a whole number", "M": "an amount with at most two decimals",
                "D": "a date yyyy-mm-dd", "T": "a date-time yyyy-mm-dd hh:mm:ss"}
    return f"{error}: {spec.name} must be {expected.get(spec.type, spec.type)}"


def _dependent_lists(export: Export, out: _Collector) -> None:
    """Lists chosen by another column of the same row (checked per distinct code pair)."""
    services = export.table("Services")
    if services.present and len(services):
        _pairs(services, "RecordType", "TypeProvided", _TYPE_PROVIDED_LIST, out)
        sub = services["SubTypeProvided"]
        if any(sub.codes):
            record_type = services["RecordType"]
            type_provided = services["TypeProvided"]
            for row in sub.rows_with(range(1, len(sub.values))):
                if sub[row] is None:
                    continue
                if record_type[row] != 144 or type_provided[row] not in _SUBTYPE_LIST:
                    continue
                codes = export.standard.list(_SUBTYPE_LIST[type_provided[row]])
                if codes.from_code(sub[row]) is None:
                    _row_finding(out, services, sub, row, f"{sub[row]} is not in "
                                 f"{list_description(codes.list_number)}, the list for SSVF "
                                 f"service {type_provided[row]}")
    disabilities = export.table("Disabilities")
    if disabilities.present and len(disabilities):
        chooser = {t: ("4.10.2" if t == 10 else "1.8") for t in range(5, 11)}
        _pairs(disabilities, "DisabilityType", "DisabilityResponse", chooser, out)


def _pairs(table: Table, key: str, target: str, lists: dict[int, str], out: _Collector) -> None:
    key_col, target_col = table[key], table[target]
    standard = FY2026
    bad_pairs: dict[tuple[int, int], str] = {}
    for kc, tc in set(zip(key_col.codes, target_col.codes, strict=True)):
        k, t = key_col.values[kc], target_col.values[tc]
        if k is None or t is None or int(k) not in lists:
            continue
        codes = standard.list(lists[int(k)])
        if codes.from_code(t) is None:
            bad_pairs[(kc, tc)] = (f"{t} is not in {list_description(lists[int(k)])}, the "
                                   f"list for {key} {int(k)}")
    if not bad_pairs:
        return
    for row, pair in enumerate(zip(key_col.codes, target_col.codes, strict=True)):
        message = bad_pairs.get(pair)
        if message is not None:
            _row_finding(out, table, target_col, row, message)


def _row_finding(out: _Collector, table: Table, column: Column, row: int, message: str) -> None:
    spec = column.spec
    out.findings.append(finding(
        "value_not_in_list", file=table.name, row=table.lines[row], column=column.name,
        value=column.raw(row), element=spec.element if spec else None, message=message,
    ))


def _key_checks(export: Export, out: _Collector) -> None:
    known_values: dict[tuple[str, str], set[object]] = {}  # each referenced key set built once

    def known_for(target: str, target_column: str) -> set[object]:
        known = known_values.get((target, target_column))
        if known is None:
            known = known_values[target, target_column] = set(
                export.table(target)[target_column].values)
            known.add(None)  # an empty reference is not a missing one
        return known

    # the person check comes first: what it finds implies some reference checks; its
    # findings are reported after theirs
    mismatches, implied = _enrollment_people(export, known_for)
    for spec in export.standard.files:
        table = export.table(spec.name)
        if not table.present or not len(table) or spec.name == "Export":
            continue
        pk = spec.primary_key
        severity = HIGH_PRIORITY_KEYS.get((spec.name, pk))
        if table[pk].memo("may_repeat", _may_repeat):  # rarely: usually decided in C
            keys = list(table[pk])
            counts = Counter(keys)
            duplicated = {v for v, n in counts.items() if n > 1 and v is not None}
            for row, value in enumerate(keys):
                if value in duplicated:
                    out.findings.append(finding(
                        "duplicate_primary_key", file=spec.name, row=table.lines[row],
                        column=pk, value=str(value), severity=severity,
                        message=f"{pk} {value} is used by {counts[value]} records",
                    ))
        for column, target, target_column in spec.foreign_keys:
            if target == "Export":
                continue
            if not export.table(target).present or (spec.name, column) in implied:
                continue
            known = known_for(target, target_column)
            col = table[column]
            if known.issuperset(col.values):  # the usual case: no set of them is built
                continue
            missing_values = set(col.values)
            missing_values.difference_update(known)
            missing_values.discard(None)
            if not missing_values:
                continue
            missing = [c for c, v in enumerate(col.values) if v in missing_values]
            severity = HIGH_PRIORITY_REFERENCES.get((spec.name, column))
            if column == "UserID":
                severity = Severity.WARNING
            bad: _Bad = {c: ("missing_reference", f"{column} {col.values[c]} is not in "
                       f"{target}.csv", severity) for c in missing}
            out.per_row(table, col, bad, col.spec)
    out.findings.extend(mismatches)


def _may_repeat(column: Column) -> bool:
    """False when no valid value of ``column`` is on two rows: each distinct value on one
    code (values are compared, so two spellings of one typed value count as the same) and
    each valid code on at most one row (counted in C)."""
    values = column.values
    if column.spec is not None and column.spec.type == "S" and not column.invalid_codes:
        missing = 1  # text is never invalid: only code 0, the empty cell, has no value
    else:
        missing = values.count(None)  # code 0 and the invalid texts: not keys
    if len(set(values)) - (1 if missing else 0) != len(values) - missing:
        return True
    if len(column) < 2:
        return False
    per_code = np.bincount(column.code_array(), minlength=len(values))
    if missing > 1:
        per_code[[c for c, v in enumerate(values) if v is None]] = 0
    else:
        per_code[0] = 0
    return bool(per_code.max() > 1)


_UNKNOWN = object()
"""What :func:`_enrollment_people` expects for an EnrollmentID not in Enrollment.csv."""


def _enrollment_people(
    export: Export, known_for: Callable[[str, str], set[object]],
) -> tuple[list[Finding], set[tuple[str, str]]]:
    """Records of an enrollment must name its client: findings for those that do not, and
    the (file, column) references this check proves present, so not checked again: an
    EnrollmentID every one of which is in Enrollment.csv, and a PersonalID that is on every
    row its enrollment's (whose PersonalIDs are all in Client.csv)."""
    findings: list[Finding] = []
    implied: set[tuple[str, str]] = set()
    enrollments = export.table("Enrollment")
    if not enrollments.present:
        return findings, implied
    # EnrollmentID -> PersonalID of its first row (reversed: the first row is written last)
    person_of: dict[object, object] = dict(zip(
        reversed(list(enrollments["EnrollmentID"])), reversed(list(enrollments["PersonalID"])),
        strict=True))
    person_of[None] = None  # no EnrollmentID: no person expected (and no reference missing)
    clients = export.table("Client")
    people_known = clients.present and known_for("Client", "PersonalID").issuperset(
        enrollments["PersonalID"].values)
    if people_known:  # Enrollment.csv's own references, checked here once
        implied.add(("Enrollment", "PersonalID"))
    for spec in export.standard.files:
        if spec.name == "Enrollment" or not spec.has_column("EnrollmentID") or \
                not spec.has_column("PersonalID"):
            continue
        table = export.table(spec.name)
        if not table.present or not len(table):
            continue
        enr, person = table["EnrollmentID"], table["PersonalID"]
        # rows come in runs of one (EnrollmentID, PersonalID) pair (an enrollment's records
        # together): each run is checked once, at its first row (found in numpy); the
        # expected person of each distinct EnrollmentID is looked up once
        enr_codes, person_codes = enr.code_array(), person.code_array()
        starts = np.flatnonzero(np.r_[True, (enr_codes[1:] != enr_codes[:-1])
                                      | (person_codes[1:] != person_codes[:-1])])
        expected_of_code = list(map(person_of.get, enr.values, itertools.repeat(_UNKNOWN)))
        if _UNKNOWN not in expected_of_code:
            implied.add((spec.name, "EnrollmentID"))
        run_enr, run_person = enr_codes[starts], person_codes[starts]
        if _counts_up(run_enr, len(enr.values)) and _counts_up(run_person, len(person.values)):
            # each run has codes of its own, in order: the lists need no picking
            expected, actual = expected_of_code[1:], person.values[1:]
        else:
            expected = list(map(expected_of_code.__getitem__, run_enr.tolist()))
            actual = list(map(person.values.__getitem__, run_person.tolist()))
        if expected == actual:  # the usual case, compared in C
            if people_known:
                implied.add((spec.name, "PersonalID"))
            continue
        ends = [*starts[1:].tolist(), len(table)]
        bad_rows = [row for run, (want, got) in enumerate(zip(expected, actual, strict=True))
                    if want is not None and want is not _UNKNOWN and got is not None
                    and want != got for row in range(int(starts[run]), ends[run])]
        for row in bad_rows:
            findings.append(finding(
                "enrollment_person_mismatch", file=spec.name, row=table.lines[row],
                column="PersonalID", value=person.raw(row),
                message=f"enrollment {enr[row]} belongs to PersonalID "
                f"{person_of[enr[row]]}, not {person[row]}",
            ))
    return findings, implied


def _counts_up(codes: npt.NDArray[np.unsignedinteger[Any]], distinct: int) -> bool:
    """Whether ``codes`` are 1, 2, ... ``distinct - 1``: every code of a column with
    ``distinct`` codes (the empty cell's included) once, in order."""
    return len(codes) == distinct - 1 and bool(len(codes)) and int(codes[0]) == 1 and \
        bool((np.diff(codes.astype(np.int64)) == 1).all())


def _export_checks(export: Export, out: _Collector, require_hashed: bool) -> bool:
    """Export.csv checks; returns whether the export claims HashStatus 4."""
    table = export.table("Export")
    if not table.present:
        return False
    if len(table) != 1:
        out.findings.append(finding("export_row_count", file="Export", row=None,
                                    message=f"Export.csv has {len(table)} data rows, not 1"))
    if not len(table):
        return False
    record = export.export_record
    assert record is not None
    version = table["CSVVersion"].raw(0)
    if standard_for_version(version) is None:
        code = "fy2024_export" if "2024" in version else "csv_version"
        out.findings.append(finding(code, file="Export", row=table.lines[0], column="CSVVersion",
                                    value=version, message=f"CSVVersion is {version!r}, not "
                                    "an FY2026 version (\"2026 v1\")"))
    export_id = record.export_id
    for spec in export.standard.files:
        other = export.table(spec.name)
        if spec.name == "Export" or not other.present or "ExportID" not in other:
            continue
        col = other["ExportID"]
        bad: _Bad = {c: ("export_id_mismatch", f"ExportID {col.raw_texts[c]!r} is not the "
                   f"export's ExportID {export_id!r}", None)
               for c in range(len(col.values)) if c and col.values[c] != export_id}
        out.per_row(other, col, bad, col.spec)
    hashed = record.hash_status == 4
    if require_hashed and not hashed:
        out.findings.append(finding("unhashed_export", file="Export", row=table.lines[0],
                                    column="HashStatus", value=table["HashStatus"].raw(0),
                                    message="the export is not hashed (HashStatus is not 4)"))
    if hashed:
        _hash_evidence(export, out)
    if len(export.table("Enrollment")) == 0 and export.table("Enrollment").present:
        out.findings.append(finding("no_enrollments", file="Enrollment",
                                    message="Enrollment.csv has no records"))
    return hashed


def _hash_evidence(export: Export, out: _Collector) -> None:
    """Under HashStatus 4, one finding per name/SSN column whose values are not hashed,
    with the evidence: how many values, their lengths, what was expected."""
    clients = export.table("Client")
    if not clients.present:
        return
    for name, pattern, expected in (
        ("FirstName", HASHED_NAME, "64 hex characters (SHA-256 of the Soundex code)"),
        ("MiddleName", HASHED_NAME, "64 hex characters (SHA-256 of the Soundex code)"),
        ("LastName", HASHED_NAME, "64 hex characters (SHA-256 of the Soundex code)"),
        ("SSN", HASHED_SSN, "68 characters: last four digits, then 64 hex (SHA-256)"),
    ):
        col = clients[name]
        bad = [c for c in range(1, len(col.raw_texts)) if not pattern.fullmatch(col.raw_texts[c])]
        if not bad:
            continue
        bad_set = set(bad)
        rows = [r for r, c in enumerate(col.codes) if c in bad_set]
        lengths = sorted({len(col.raw_texts[c]) for c in bad})
        shown = ", ".join(str(n) for n in lengths[:5]) + ("…" if len(lengths) > 5 else "")
        out.findings.append(finding(
            "hash_mismatch", file="Client", row=clients.lines[rows[0]], column=name,
            message=f"HashStatus is 4 but {len(rows)} {name} value(s) are not hashed: "
            f"length(s) {shown}; expected {expected}",
        ))


def _household_checks(export: Export, out: _Collector) -> None:
    """A HouseholdID names one household's stay in one project (Eva check 98)."""
    enrollments = export.table("Enrollment")
    if not enrollments.present or not len(enrollments):
        return
    project = enrollments["ProjectID"]
    if not _households_may_span_projects(enrollments):
        return
    for household, rows in enrollments.index("HouseholdID").items():
        projects = {project[r] for r in rows}
        if len(projects) > 1:
            for row in rows:
                out.findings.append(finding(
                    "household_id_reused", file="Enrollment", row=enrollments.lines[row],
                    column="HouseholdID", value=str(household),
                    message=f"HouseholdID {household} is used in {len(projects)} projects",
                ))


def _value_numbers(column: Column) -> npt.NDArray[np.int64]:
    """Per distinct code, a number for its typed value (codes sharing a value share it;
    -1 for no value)."""
    numbers = dict(zip(column.values, itertools.count()))
    numbers[None] = -1
    return np.fromiter(map(numbers.__getitem__, column.values), np.int64, len(column.values))


def _households_may_span_projects(enrollments: Table) -> bool:
    """Whether some HouseholdID is on live rows of two projects, decided in numpy over
    distinct (household, project) pairs (an empty ProjectID counts as a project of its own,
    as in the check itself)."""
    household, project = enrollments["HouseholdID"], enrollments["ProjectID"]
    rows = np.asarray(enrollments.live_rows(), np.int64)
    h = _value_numbers(household)[household.code_array()[rows]]
    p = _value_numbers(project)[project.code_array()[rows]] + 1  # empty -> 0
    h, p = h[h >= 0], p[h >= 0]
    if not len(h):
        return False
    pairs = np.unique(h * (int(p.max()) + 1) + p)
    households = pairs // (int(p.max()) + 1)
    return bool(len(households) != len(np.unique(households)))


def validate(export: Export, *, require_hashed: bool = False) -> list[Finding]:
    """Check ``export`` against the HMIS CSV specification; findings in file, row order.

    ``require_hashed`` reports an unhashed export (as HUD's Eva, which only accepts the
    hashed export, would).

    >>> from hmis_core.testing import synthesize
    >>> export, truth = synthesize(clients=20, seed=1, defects=["missing_reference"])
    >>> for finding in validate(export):
    ...     print(finding)
    Exit.csv line 6, EnrollmentID: EnrollmentID NO-SUCH-ENROLLMENT is not in Enrollment.csv
    """
    with paused_gc():
        return _validate(export, require_hashed)


def _validate(export: Export, require_hashed: bool) -> list[Finding]:
    out = _Collector()
    hashed = _export_checks(export, out, require_hashed)
    record = export.export_record
    export_date = (record.export_date.date() if record is not None and record.export_date
                   else datetime.date.today())
    for table in export.tables.values():
        if table.present:
            _cell_checks(table, out, hashed, export_date)
    _dependent_lists(export, out)
    _key_checks(export, out)
    _household_checks(export, out)
    order = {spec.name: i for i, spec in enumerate(export.standard.files)}
    out.findings.sort(key=lambda f: (order.get(f.file or "", -1), f.row or 0, f.column or ""))
    return out.findings
