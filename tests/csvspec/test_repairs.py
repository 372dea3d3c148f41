"""The reader's liberal repairs: unambiguous vendor quirks are read as the value they mean,
the raw text is kept, and validation still reports the cell.

Expected values are worked out by hand (NOTES.md "Types": dates yyyy-mm-dd, date-times
yyyy-mm-dd hh:mm:ss, money with two decimals; two-digit years are 20yy unless that is after
the export's year, 2026 in the baseline, then 19yy).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from _csvbuild import ExportFiles, read_and_validate
from hypothesis import given
from hypothesis import strategies as st

from hmis_core import PPI_COLUMNS, Finding, Severity, read_export, validate, write_export
from hmis_core.csvspec._text import WHITESPACE, edge_codes

REPAIRS = [
    # id, file, column, text as written, value it means, canonical text in the message
    ("m/d/yyyy", "Enrollment", "EntryDate", "6/30/2024", datetime.date(2024, 6, 30),
     "2024-06-30"),
    ("d-MON-yy", "Enrollment", "EntryDate", "30-JUN-24", datetime.date(2024, 6, 30),
     "2024-06-30"),
    ("d-MON-yy-last-century", "Client", "DOB", "12-APR-85", datetime.date(1985, 4, 12),
     "1985-04-12"),
    ("iso-with-zone", "Client", "DateCreated", "2024-06-30T10:00:00Z",
     datetime.datetime(2024, 6, 30, 10, 0, 0), "2024-06-30 10:00:00"),
    ("money-with-sign-and-comma", "Services", "FAAmount", "$1,200.50", Decimal("1200.50"),
     "1200.50"),
    ("quoted-integer", "Project", "PITCount", '"12"', 12, "12"),
    ("padded-integer", "Project", "PITCount", " 12 ", 12, "12"),
    ("doubled-quoting", "Organization", "OrganizationName", '"Shelter"', "Shelter", ""),
]
CHECK_OF_TYPE = {"EntryDate": "invalid_date_format", "DOB": "invalid_date_format",
                 "DateCreated": "invalid_date_format", "FAAmount": "invalid_type",
                 "PITCount": "invalid_type", "OrganizationName": "text_not_trimmed"}
"""The check that reports a repaired cell, by the column's type (D/T, I/M, S)."""


def shown(file: str, column: str, raw: str) -> str:
    """A finding's value for ``raw``: masked in PPI columns."""
    return f"<masked: {len(raw)} characters>" if (file, column) in PPI_COLUMNS else raw


def worth_a_look(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity >= Severity.WARNING]


@pytest.mark.parametrize(("file", "column", "raw", "value", "canonical"),
                         [pytest.param(*r[1:], id=r[0]) for r in REPAIRS])
def test_repair(tmp_path: Path, file: str, column: str, raw: str, value: object,
                canonical: str) -> None:
    path = ExportFiles().set(file, 0, column, raw).write_folder(tmp_path / "export")
    export, read_findings = read_export(path)
    cells = export.table(file)[column]
    assert cells[0] == value
    assert type(cells[0]) is type(value)
    assert cells.raw(0) == raw
    assert not cells.is_invalid(0)
    assert read_findings == []
    findings = worth_a_look(validate(export))
    assert [(f.code, f.file, f.row, f.column, f.value) for f in findings] == [
        (CHECK_OF_TYPE[column], file, 2, column, shown(file, column, raw))]
    assert canonical in findings[0].message


def test_doubled_quoting_is_written_as_tripled_quotes() -> None:
    """The doubled-quoting case above really is ``\"\"\"Shelter\"\"\"`` in the file."""
    data = ExportFiles().set("Organization", 0, "OrganizationName", '"Shelter"')
    assert b',"""Shelter""",' in data.file_bytes("Organization")


def test_two_digit_year_is_never_year_0024(tmp_path: Path) -> None:
    path = ExportFiles().set("Enrollment", 0, "EntryDate", "30-JUN-24").write_folder(tmp_path)
    export, _ = read_export(path)
    assert export.table("Enrollment")["EntryDate"][0].year == 2024


def two_clients_born(first: str, second: str) -> ExportFiles:
    return (ExportFiles().set("Client", 0, "DOB", first)
            .copy_row("Client", 0, PersonalID="C2", FirstName="Ann", DOB=second))


def test_a_day_above_12_makes_the_column_day_first(tmp_path: Path) -> None:
    """13/06/2019 can only be 13 June: the column is day-first, so 03/11/2021 is 3 Nov."""
    export, _ = read_export(two_clients_born("13/06/2019", "03/11/2021").write_folder(tmp_path))
    dob = export.table("Client")["DOB"]
    assert [dob[0], dob[1]] == [datetime.date(2019, 6, 13), datetime.date(2021, 11, 3)]
    assert [dob.raw(0), dob.raw(1)] == ["13/06/2019", "03/11/2021"]


def test_without_evidence_numeric_dates_are_month_first(tmp_path: Path) -> None:
    export, _ = read_export(two_clients_born("06/13/2019", "03/11/2021").write_folder(tmp_path))
    dob = export.table("Client")["DOB"]
    assert [dob[0], dob[1]] == [datetime.date(2019, 6, 13), datetime.date(2021, 3, 11)]


def test_not_utf8_line_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = (ExportFiles().set("Client", 0, "FirstName", "José").encode("Client", "cp1252")
            .write_folder(tmp_path))
    export, _ = read_export(path)
    assert export.table("Client")["FirstName"].raw(0) == "José"


def test_without_repair_the_text_stays_invalid(tmp_path: Path) -> None:
    path = ExportFiles().set("Enrollment", 0, "EntryDate", "6/30/2024").write_folder(tmp_path)
    export, _ = read_export(path, repair=False)
    entry = export.table("Enrollment")["EntryDate"]
    assert entry[0] is None
    assert entry.is_invalid(0)
    assert entry.raw(0) == "6/30/2024"


def test_unreadable_date_is_not_guessed(tmp_path: Path) -> None:
    path = ExportFiles().set("Enrollment", 0, "EntryDate", "2024-13-45").write_folder(tmp_path)
    export, _ = read_export(path)
    entry = export.table("Enrollment")["EntryDate"]
    assert entry[0] is None
    assert entry.is_invalid(0)
    assert entry.raw(0) == "2024-13-45"


def test_repaired_export_is_written_canonically(tmp_path: Path) -> None:
    """Read every quirk at once, write: the written export is clean and canonical."""
    files = ExportFiles()
    for _, file, column, raw, _, _ in REPAIRS:  # a later quirk of a column replaces the earlier
        files.set(file, 0, column, raw)
    export, _ = read_export(files.write_folder(tmp_path / "quirky"))
    write_export(export, tmp_path / "clean.zip")
    read_findings, validate_findings = read_and_validate(tmp_path / "clean.zip")
    assert read_findings + validate_findings == []
    clean, _ = read_export(tmp_path / "clean.zip")
    written = {(file, column): clean.table(file)[column].raw(0) for _, file, column, *_ in REPAIRS}
    assert written == {
        ("Enrollment", "EntryDate"): "2024-06-30",
        ("Client", "DOB"): "1985-04-12",
        ("Client", "DateCreated"): "2024-06-30 10:00:00",
        ("Services", "FAAmount"): "1200.50",
        ("Project", "PITCount"): "12",
        ("Organization", "OrganizationName"): "Shelter",
    }


def test_whitespace_list_is_what_str_isspace_says() -> None:
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


@given(st.lists(st.text(max_size=6)))
def test_edge_codes_finds_texts_starting_or_ending_with_the_characters(texts: list[str]) -> None:
    chars = WHITESPACE + "\"'"
    expected = [i for i, t in enumerate(texts) if t and (t[0] in chars or t[-1] in chars)]
    # fresh copies: a text equal to its stripped form must still be recognised as unchanged
    assert edge_codes(["".join(t) for t in texts], chars) == expected
