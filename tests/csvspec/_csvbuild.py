"""Build small HMIS CSV exports for the csvspec tests: a valid FY2026 baseline and knobs to
break it one defect at a time.

The column names come from the spec table ``csv_columns_fy2026.csv`` (not from hmis_core),
and every baseline value was chosen by hand from ``lists_fy2026.csv``, so the tests check the
library against the spec rather than against itself. A defect reads as one expression:
``ExportFiles().set("Client", 0, "Sex", "3").write_folder(tmp_path)``.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from _support import SPEC
from hmis_core import Finding, read_export, validate

__all__ = [
    "CREATED",
    "EXPORT_DATE",
    "FY2024_ENROLLMENT_COLUMNS",
    "FY2024_GENDER_COLUMNS",
    "SETUP",
    "ExportFiles",
    "Row",
    "baseline_rows",
    "read_and_validate",
    "spec_headers",
    "write_zip",
]

Row = dict[str, str]
"""One CSV record: column name -> cell text (columns left out are empty)."""

EXPORT_DATE = "2026-10-01 10:00:00"
"""Export.ExportDate of the baseline; dates after it are implausible."""
CREATED = "2026-01-15 09:30:00"
"""DateCreated / DateUpdated of the baseline's client records."""
SETUP = "2020-01-02 08:00:00"
"""DateCreated / DateUpdated of the baseline's organization, user and project."""

FY2024_GENDER_COLUMNS = ("Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender",
                         "Questioning", "DifferentIdentity", "GenderNone",
                         "DifferentIdentityText")
"""Client columns of FY2024 that left the CSV (3.06 Gender)."""
FY2024_ENROLLMENT_COLUMNS = ("SexualOrientation", "SexualOrientationOther", "TranslationNeeded",
                             "PreferredLanguage", "PreferredLanguageDifferent")
"""Enrollment columns of FY2024 that left the CSV (R3, C4)."""


@functools.cache
def spec_headers() -> dict[str, tuple[str, ...]]:
    """File -> its columns in spec order, read from ``csv_columns_fy2026.csv``."""
    table = SPEC / "csv_columns_fy2026.csv"
    if not table.exists():
        pytest.skip(f"spec tables not found at {SPEC} (set HMIS_SHARED_DIR)",
                    allow_module_level=True)
    headers: dict[str, list[str]] = {}
    with table.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            headers.setdefault(row["File"], []).append(row["Column"])
    return {name: tuple(columns) for name, columns in headers.items()}


def _stamp(created: str = CREATED) -> Row:
    """The bookkeeping columns every file but Export ends with."""
    return {"DateCreated": created, "DateUpdated": created, "UserID": "U1", "ExportID": "E1"}


def baseline_rows() -> dict[str, list[Row]]:
    """A valid export: one record per core file, every other file with no records.

    Values (lists from lists_fy2026.csv): SourceType 1 CoC HMIS with SourceID a CoC code;
    ExportPeriodType 3 reporting period; ExportDirective 2 full refresh; HashStatus 1
    unhashed; ProjectType 0 ES entry/exit; HousingType 1; LivingSituation 116 (3.917);
    LengthOfStay 4 (3.917.2); TimesHomeless 1 (3.917.4); MonthsHomeless 108 (3.917.5);
    Destination 410 (3.12); Services RecordType 200 bed night with TypeProvided 200 (4.14);
    Disabilities DisabilityType 10 substance use with DisabilityResponse 3 "both" (4.10.2,
    which would not be valid under 1.8) and DataCollectionStage 1.
    """
    rows: dict[str, list[Row]] = {name: [] for name in spec_headers()}
    rows["Export"] = [{
        "ExportID": "E1", "SourceType": "1", "SourceID": "MA-500",
        "SourceName": "Boston CoC HMIS", "SourceContactFirst": "Dana",
        "SourceContactLast": "Reyes", "SourceContactPhone": "6175550100",
        "SourceContactEmail": "dana@example.org", "ExportDate": EXPORT_DATE,
        "ExportStartDate": "2025-10-01", "ExportEndDate": "2026-09-30",
        "SoftwareName": "hmis_core tests", "SoftwareVersion": "1.0", "CSVVersion": "2026 v1",
        "ExportPeriodType": "3", "ExportDirective": "2", "HashStatus": "1",
        "ImplementationID": "IMPL-0001",
    }]
    rows["Organization"] = [{
        "OrganizationID": "O1", "OrganizationName": "Harbor Shelter Inc.",
        "VictimServiceProvider": "0", **_stamp(created=SETUP),
    }]
    rows["User"] = [{
        "UserID": "U1", "UserFirstName": "Sam", "UserLastName": "Lee",
        "UserEmail": "sam@example.org", "DateCreated": SETUP, "DateUpdated": SETUP,
        "ExportID": "E1",
    }]
    rows["Project"] = [{
        "ProjectID": "P1", "OrganizationID": "O1", "ProjectName": "Harbor Night Shelter",
        "ProjectCommonName": "Harbor", "OperatingStartDate": "2020-01-01",
        "ContinuumProject": "1", "ProjectType": "0", "HousingType": "1",
        **_stamp(created=SETUP),
    }]
    rows["Client"] = [{
        "PersonalID": "C1", "FirstName": "Maria", "LastName": "Lopez",
        "NameDataQuality": "1", "SSN": "123456789", "SSNDataQuality": "1",
        "DOB": "1985-04-12", "DOBDataQuality": "1", "Sex": "0", "AmIndAKNative": "0",
        "Asian": "0", "BlackAfAmerican": "0", "HispanicLatinao": "1", "MidEastNAfrican": "0",
        "NativeHIPacific": "0", "White": "0", "VeteranStatus": "0", **_stamp(),
    }]
    rows["Enrollment"] = [{
        "EnrollmentID": "EN1", "PersonalID": "C1", "ProjectID": "P1",
        "EntryDate": "2026-01-15", "HouseholdID": "H1", "RelationshipToHoH": "1",
        "EnrollmentCoC": "MA-500", "LivingSituation": "116", "LengthOfStay": "4",
        "DateToStreetESSH": "2025-06-01", "TimesHomelessPastThreeYears": "1",
        "MonthsHomelessPastThreeYears": "108", "DisablingCondition": "1", **_stamp(),
    }]
    rows["Exit"] = [{
        "ExitID": "X1", "EnrollmentID": "EN1", "PersonalID": "C1", "ExitDate": "2026-03-01",
        "Destination": "410", **_stamp(),
    }]
    rows["Services"] = [{
        "ServicesID": "S1", "EnrollmentID": "EN1", "PersonalID": "C1",
        "DateProvided": "2026-01-15", "RecordType": "200", "TypeProvided": "200", **_stamp(),
    }]
    rows["Disabilities"] = [{
        "DisabilitiesID": "D1", "EnrollmentID": "EN1", "PersonalID": "C1",
        "InformationDate": "2026-01-15", "DisabilityType": "10", "DisabilityResponse": "3",
        "IndefiniteAndImpairs": "1", "DataCollectionStage": "1", **_stamp(),
    }]
    return rows


class ExportFiles:
    """The files of one test export, editable before they are written.

    Every editing method returns ``self``, so a defect reads as one expression:
    ``ExportFiles().set("Client", 0, "Sex", "3")``. Rows are numbered from 0 (row 0 is
    line 2 of the file).
    """

    def __init__(self, rows: dict[str, list[Row]] | None = None) -> None:
        self.headers: dict[str, list[str]] = {f: list(c) for f, c in spec_headers().items()}
        self.rows: dict[str, list[Row]] = copy.deepcopy(rows or baseline_rows())
        self.names: dict[str, str | None] = {f: f"{f}.csv" for f in self.headers}
        """File -> its name in the export (None: left out)."""
        self.extra_lines: dict[str, list[bytes]] = {}
        self.contents: dict[str, bytes] = {}
        self.encodings: dict[str, str] = {}
        self.boms: set[str] = set()
        self.resized: dict[tuple[str, int], int | list[str]] = {}
        self.members: list[tuple[str, bytes]] = []
        """Extra members written as they are (name relative to the export root, bytes)."""
        self.appended: dict[str, dict[int, str]] = {}
        """File -> header index of an added column -> the value of every row in it."""

    # ------------------------------------------------------------------ records

    def _column(self, file: str, column: str) -> str:
        if column not in self.headers[file]:
            raise KeyError(f"{file}.csv has no column {column!r}: {self.headers[file]}")
        return column

    def set(self, file: str, row: int, column: str, value: str) -> ExportFiles:
        """Overwrite one cell."""
        self.rows[file][row][self._column(file, column)] = value
        return self

    def add_row(self, file: str, row: Row) -> ExportFiles:
        for column in row:
            self._column(file, column)
        self.rows[file].append(dict(row))
        return self

    def copy_row(self, file: str, row: int, **changes: str) -> ExportFiles:
        """Append a copy of record ``row`` with some cells changed."""
        return self.add_row(file, {**self.rows[file][row], **changes})

    def clear(self, *files: str) -> ExportFiles:
        """Leave only the header row in ``files``."""
        for file in files:
            self.rows[file] = []
        return self

    # ------------------------------------------------------------------ header

    def rename_column(self, file: str, column: str, new: str) -> ExportFiles:
        header = self.headers[file]
        header[header.index(self._column(file, column))] = new
        for row in self.rows[file]:
            if column in row:
                row[new] = row.pop(column)
        return self

    def drop_column(self, file: str, column: str) -> ExportFiles:
        self.headers[file].remove(self._column(file, column))
        for row in self.rows[file]:
            row.pop(column, None)
        return self

    def move_column(self, file: str, column: str, position: int) -> ExportFiles:
        """Move ``column`` to index ``position`` of the header (-1: last)."""
        header = self.headers[file]
        header.remove(self._column(file, column))
        header.insert(len(header) if position == -1 else position, column)
        return self

    def add_column(self, file: str, header: str, value: str = "") -> ExportFiles:
        """Append a column called ``header`` holding ``value`` in every row. ``header`` may
        repeat a column already there: the copy is then written positionally (add such
        copies after any other header edit)."""
        if header in self.headers[file]:
            self.appended.setdefault(file, {})[len(self.headers[file])] = value
        else:
            for row in self.rows[file]:
                row[header] = value
        self.headers[file].append(header)
        return self

    def as_fy2024(self) -> ExportFiles:
        """The FY2024 layout (NOTES.md "FY2024 -> FY2026 changes"): CSVVersion "2024 v1";
        Client with the Gender columns and ``HispanicLatinaeo``, no ``Sex``; Enrollment with
        the R3 / C4 columns, no ``MentalHealthConsultation``. New columns are left empty."""
        self.set("Export", 0, "CSVVersion", "2024 v1")
        self.rename_column("Client", "HispanicLatinao", "HispanicLatinaeo")
        self.drop_column("Client", "Sex")
        for column in FY2024_GENDER_COLUMNS:
            self.add_column("Client", column)
        self.drop_column("Enrollment", "MentalHealthConsultation")
        for column in FY2024_ENROLLMENT_COLUMNS:
            self.add_column("Enrollment", column)
        return self

    # ------------------------------------------------------------------ raw shape

    def short_row(self, file: str, row: int, missing: int = 1) -> ExportFiles:
        """Write record ``row`` with its last ``missing`` fields left off."""
        self.resized[(file, row)] = missing
        return self

    def long_row(self, file: str, row: int, *extra: str) -> ExportFiles:
        """Write record ``row`` with ``extra`` fields after the last column."""
        self.resized[(file, row)] = list(extra)
        return self

    def append_line(self, file: str, line: str | bytes) -> ExportFiles:
        """Append one raw line (no line end needed) after the records."""
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.extra_lines.setdefault(file, []).append(data)
        return self

    def content(self, file: str, data: bytes) -> ExportFiles:
        """Replace the whole file with ``data``."""
        self.contents[file] = data
        return self

    def encode(self, file: str, encoding: str) -> ExportFiles:
        self.encodings[file] = encoding
        return self

    def bom(self, file: str) -> ExportFiles:
        self.boms.add(file)
        return self

    # ------------------------------------------------------------------ files

    def drop_file(self, file: str) -> ExportFiles:
        self.names[file] = None
        return self

    def rename_file(self, file: str, name: str) -> ExportFiles:
        self.names[file] = name
        return self

    def add_member(self, name: str, data: bytes | str) -> ExportFiles:
        """Add a file that is not one of the export's (``notes.csv``, ``readme.txt``)."""
        self.members.append((name, data.encode("utf-8") if isinstance(data, str) else data))
        return self

    # ------------------------------------------------------------------ output

    def _fields(self, file: str, index: int, row: Row) -> list[str]:
        header = self.headers[file]
        unknown = set(row) - set(header)
        if unknown:
            raise KeyError(f"{file}.csv row {index}: columns not in the header: {unknown}")
        appended = self.appended.get(file, {})
        fields = [appended[i] if i in appended else row.get(name, "")
                  for i, name in enumerate(header)]
        resize = self.resized.get((file, index))
        if isinstance(resize, int):
            del fields[len(fields) - resize:]
        elif resize is not None:
            fields.extend(resize)
        return fields

    def csv_line(self, file: str, row: Row) -> str:
        """The CSV text of ``row`` (no line end), as it would be written in ``file``."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(self._fields(file, -1, row))
        return buffer.getvalue()

    def file_bytes(self, file: str) -> bytes:
        """The bytes of ``file`` as it will be written."""
        if file in self.contents:
            return self.contents[file]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.headers[file])
        for index, row in enumerate(self.rows[file]):
            writer.writerow(self._fields(file, index, row))
        data = buffer.getvalue().encode(self.encodings.get(file, "utf-8"))
        for line in self.extra_lines.get(file, []):
            data += line + b"\r\n"
        return (b"\xef\xbb\xbf" if file in self.boms else b"") + data

    def files(self) -> list[tuple[str, bytes]]:
        """(name, bytes) of every file to write, export files in spec order first."""
        out = [(name, self.file_bytes(file)) for file, name in self.names.items() if name]
        return out + self.members

    def write_folder(self, path: Path) -> Path:
        """Write the files into folder ``path`` (created) and return it."""
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.files():
            target = path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return path

    def write_zip(self, path: Path, folder: str | None = None) -> Path:
        """Write the files into zip ``path``, at its root or inside ``folder``."""
        return write_zip(path, self.files(), folder)


def write_zip(path: Path, members: Iterable[tuple[str, bytes]], folder: str | None = None) -> Path:
    """A zip of ``members`` (duplicate names allowed, as real uploads may have them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is what we want
        for name, data in members:
            archive.writestr(f"{folder}/{name}" if folder else name, data)
    return path


def read_and_validate(
    path: Path, *, require_hashed: bool = False
) -> tuple[list[Finding], list[Finding]]:
    """(findings of reading, findings of validating) the export at ``path``."""
    export, read_findings = read_export(path)
    return read_findings, validate(export, require_hashed=require_hashed)
