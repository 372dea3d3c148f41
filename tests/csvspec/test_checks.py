"""One minimal broken export per check of the catalogue, each found exactly.

Every case starts from the valid baseline of ``_csvbuild`` and introduces one defect; the
test asserts the finding it must give (code, severity, file, line, column and, where it
means something, value) and that nothing else of severity warning or above is reported.
Expected values were worked out from the spec tables (``csv_columns_fy2026.csv``,
``lists_fy2026.csv``, NOTES.md) and the catalogue's documented rules, not from output:

* severities are the catalogue's, except where a documented rule overrides them: Eva's
  high-priority columns (``_eva.py``: a missing/extra/misspelled high-priority column name,
  a wrong type, date format or null in a high-priority column is high priority), the reader's
  rule that files Eva does not require (Affiliation, AssessmentQuestions,
  AssessmentResults, Disabilities) are an error when missing, the validator's rule that a
  bare date in a date-time column is only a warning, and the key rules of the catalogue
  (duplicate Client.PersonalID / Enrollment.EnrollmentID and Enrollment references to
  Client / Project are high priority, references to User a warning);
* rows are lines of the file: the header is line 1, the baseline's first record line 2.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from _csvbuild import SETUP, ExportFiles, Row, read_and_validate, write_zip

from hmis_core import Finding, Severity, read_export, validate, write_export
from hmis_core.csvspec import CATALOGUE
from hmis_core.testing import synthesize

HIGH, ERROR, WARNING, INFO = Severity.HIGH, Severity.ERROR, Severity.WARNING, Severity.INFO

Edit = Callable[[ExportFiles], ExportFiles]
Writer = Callable[[Path], Path]
"""Writes a test export under the given folder and returns the path to read."""


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()
"""An expected value that is not checked."""


@dataclass(frozen=True)
class Expect:
    """One finding a case must give, exactly once."""

    code: str
    severity: Severity
    file: str | None
    row: int | None = None
    column: str | None = None
    value: str | _Any | None = ANY
    message: str = ""
    """Text the message must contain."""

    def matches(self, f: Finding) -> bool:
        return (
            (f.code, f.severity, f.file, f.row, f.column)
            == (self.code, self.severity, self.file, self.row, self.column)
            and (isinstance(self.value, _Any) or f.value == self.value)
            and self.message in f.message
        )


@dataclass(frozen=True)
class Case:
    name: str
    write: Writer
    expected: tuple[Expect, ...]
    require_hashed: bool = False
    only: bool = True
    """Whether every other finding must be below warning."""
    allowed: tuple[Expect, ...] = ()
    """Findings the defect brings along by definition (may appear, need not)."""


def folder(edit: Edit) -> Writer:
    """The baseline, edited, written as a folder."""
    return lambda tmp: edit(ExportFiles()).write_folder(tmp / "export")


def zipped(edit: Edit, inside: str | None = None) -> Writer:
    """The baseline, edited, written as a zip (its files inside folder ``inside``)."""
    return lambda tmp: edit(ExportFiles()).write_zip(tmp / "export.zip", inside)


def raw_file(name: str, data: bytes) -> Writer:
    def write(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return write


def zip_of(members: Sequence[tuple[str, bytes]]) -> Writer:
    return lambda tmp: write_zip(tmp / "upload.zip", members)


def folder_of(members: Sequence[tuple[str, bytes]]) -> Writer:
    def write(tmp: Path) -> Path:
        target = tmp / "upload"
        for name, data in members:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        return target

    return write


def unchanged(files: ExportFiles) -> ExportFiles:
    return files


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Hashed values built by hand from NOTES.md "Hashed export": SHA-256 of the Soundex code
# (Maria -> M600, Lopez -> L120); SSN = last four in clear + SHA-256 of the 9 digits.
HASHED_MARIA = sha256("M600")
HASHED_LOPEZ = sha256("L120")
HASHED_SSN = "6789" + sha256("123456789")
MD5_PLACEHOLDER = "0123456789abcdef0123456789abcdef"
"""A 32-character name as in Eva's demo export: not a SHA-256 hash."""


def hashed(files: ExportFiles) -> ExportFiles:
    """The baseline as a correct HashStatus 4 export."""
    return (files.set("Export", 0, "HashStatus", "4")
            .set("Client", 0, "FirstName", HASHED_MARIA)
            .set("Client", 0, "LastName", HASHED_LOPEZ)
            .set("Client", 0, "SSN", HASHED_SSN))


def second_client(files: ExportFiles) -> ExportFiles:
    """A second valid client, C2, with no enrollment."""
    return files.copy_row("Client", 0, PersonalID="C2", FirstName="Ann", LastName="Kim")


def client_line_with_nul(files: ExportFiles) -> ExportFiles:
    """A line 3 holding a complete client C2 whose AdditionalRaceEthnicity has a NUL byte."""
    line = files.csv_line("Client", {**files.rows["Client"][0], "PersonalID": "C2",
                                     "AdditionalRaceEthnicity": "Cape Verdean"})
    return files.append_line("Client", line.replace("Cape Verdean", "Cape\x00Verdean"))


def funder(code: str) -> Row:
    """A Funder record of project P1 with funding source ``code`` (list 2.06.1)."""
    return {"FunderID": "F1", "ProjectID": "P1", "Funder": code, "GrantID": "G-2021-01",
            "StartDate": "2021-07-01", "EndDate": "2022-09-30", "DateCreated": SETUP,
            "DateUpdated": SETUP, "UserID": "U1", "ExportID": "E1"}


CLIENT_CSV = ExportFiles().file_bytes("Client")
FY2024_EXPORT = Expect("fy2024_export", HIGH, "Export", 2, "CSVVersion", value="2024 v1")

CASES: dict[str, list[Case]] = {
    # ------------------------------------------------------------ reading the upload
    "not_a_zip": [
        Case("text-named-zip", raw_file("x.zip", b"this is a text file\n"),
             (Expect("not_a_zip", HIGH, None),)),
        Case("csv-file", raw_file("Client.csv", CLIENT_CSV), (Expect("not_a_zip", HIGH, None),)),
        Case("7z-archive", raw_file("export.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(24)),
             (Expect("not_a_zip", HIGH, None),)),
    ],
    "no_csv_files": [
        Case("zip", zip_of([("readme.txt", b"APR report\n")]),
             (Expect("no_csv_files", HIGH, None),)),
        Case("folder", folder_of([("readme.txt", b"APR report\n")]),
             (Expect("no_csv_files", HIGH, None),)),
        Case("macos-litter-only", zip_of([("__MACOSX/._Client.csv", b"\x00\x05\x16\x07")]),
             (Expect("no_csv_files", HIGH, None),)),
    ],
    "csv_in_subfolder": [
        Case("zip", zipped(unchanged, inside="hmis_export"),
             (Expect("csv_in_subfolder", HIGH, None, value="hmis_export"),)),
    ],
    "duplicate_file": [
        Case("same-name-twice", zipped(lambda f: f.add_member("Client.csv", CLIENT_CSV)),
             (Expect("duplicate_file", WARNING, "Client"),)),
        Case("other-case", zipped(lambda f: f.add_member("client.csv", CLIENT_CSV)),
             (Expect("duplicate_file", WARNING, "Client"),)),
    ],
    "unexpected_file": [
        Case("notes", folder(lambda f: f.add_member("notes.csv", "a,b\r\n1,2\r\n")),
             (Expect("unexpected_file", INFO, "notes"),)),
        Case("enrollment-coc", folder(lambda f: f.add_member(
            "EnrollmentCoC.csv", "EnrollmentCoCID,ProjectID\r\n")),
             (Expect("unexpected_file", INFO, "EnrollmentCoC"),)),
    ],
    "missing_file": [
        Case("client", folder(lambda f: f.drop_file("Client")),
             (Expect("missing_file", HIGH, "Client"),)),
        Case("funder", folder(lambda f: f.drop_file("Funder")),
             (Expect("missing_file", HIGH, "Funder"),)),
        Case("disabilities", folder(lambda f: f.drop_file("Disabilities")),
             (Expect("missing_file", ERROR, "Disabilities"),)),
        Case("assessment-questions", folder(lambda f: f.drop_file("AssessmentQuestions")),
             (Expect("missing_file", ERROR, "AssessmentQuestions"),)),
    ],
    "file_name_mismatch": [
        Case("lower-case", folder(lambda f: f.rename_file("Client", "client.csv")),
             (Expect("file_name_mismatch", HIGH, "Client", value="client.csv"),)),
    ],
    "missing_export_file": [
        Case("no-export-csv", folder(lambda f: f.drop_file("Export")),
             (Expect("missing_export_file", HIGH, "Export"),)),
    ],
    "utf8_bom": [
        Case("client", folder(lambda f: f.bom("Client")), (Expect("utf8_bom", INFO, "Client"),)),
    ],
    "not_utf8": [
        Case("cp1252-name", folder(lambda f: f.set("Client", 0, "FirstName", "José")
                                   .encode("Client", "cp1252")),
             (Expect("not_utf8", WARNING, "Client", row=2),)),
    ],
    "empty_file": [
        Case("zero-bytes", folder(lambda f: f.content("Funder", b"")),
             (Expect("empty_file", HIGH, "Funder"),)),
    ],
    "csv_syntax": [
        Case("field-too-large", folder(lambda f: second_client(f).set(
            "Client", 1, "AdditionalRaceEthnicity", "x" * 140_000)),
             (Expect("csv_syntax", ERROR, "Client", row=3),)),
        Case("nul-byte", folder(client_line_with_nul),
             (Expect("csv_syntax", ERROR, "Client", row=3),)),
    ],
    "column_name_mismatch": [
        Case("high-priority", folder(lambda f: f.rename_column("Client", "PersonalID",
                                                               " personalid")),
             (Expect("column_name_mismatch", HIGH, "Client", 1, "PersonalID",
                     value=" personalid"),)),
        Case("error", folder(lambda f: f.rename_column("Client", "Sex", "sex")),
             (Expect("column_name_mismatch", ERROR, "Client", 1, "Sex", value="sex"),)),
    ],
    "missing_column": [
        Case("sex", folder(lambda f: f.drop_column("Client", "Sex")),
             (Expect("missing_column", ERROR, "Client", 1, "Sex"),)),
        Case("high-priority", folder(lambda f: f.drop_column("Exit", "Destination")),
             (Expect("missing_column", HIGH, "Exit", 1, "Destination"),)),
    ],
    "extra_column": [
        Case("notes", folder(lambda f: f.add_column("Client", "Notes")),
             (Expect("extra_column", ERROR, "Client", 1, "Notes", value="Notes"),)),
        Case("fy2024-gender", folder(lambda f: f.add_column("Client", "Woman", "0")),
             (Expect("extra_column", ERROR, "Client", 1, "Woman", value="Woman"),)),
    ],
    "duplicate_column": [
        Case("sex", folder(lambda f: f.add_column("Client", "Sex", "0")),
             (Expect("duplicate_column", ERROR, "Client", 1, "Sex", value="Sex"),)),
    ],
    "column_order": [
        Case("sex-last", folder(lambda f: f.move_column("Client", "Sex", -1)),
             (Expect("column_order", INFO, "Client", 1),)),
    ],
    "row_too_short": [
        # DateDeleted (empty) moved last, so the field left off is one that may be empty;
        # the move itself is only an info finding.
        Case("last-field-missing", folder(lambda f: f.move_column("Client", "DateDeleted", -1)
                                          .short_row("Client", 0)),
             (Expect("row_too_short", ERROR, "Client", row=2),)),
    ],
    "row_too_long": [
        Case("one-more-field", folder(lambda f: f.long_row("Client", 0, "surplus")),
             (Expect("row_too_long", ERROR, "Client", row=2),)),
    ],
    # ------------------------------------------------------------ export-level
    "no_enrollments": [
        Case("header-only", folder(lambda f: f.clear("Enrollment", "Exit", "Services",
                                                     "Disabilities")),
             (Expect("no_enrollments", HIGH, "Enrollment"),)),
    ],
    "export_row_count": [
        Case("two-rows", folder(lambda f: f.copy_row("Export", 0)),
             (Expect("export_row_count", HIGH, "Export"),)),
        Case("no-row", folder(lambda f: f.clear("Export")),
             (Expect("export_row_count", HIGH, "Export"),)),
    ],
    "export_id_mismatch": [
        Case("client", folder(lambda f: f.set("Client", 0, "ExportID", "E2")),
             (Expect("export_id_mismatch", ERROR, "Client", 2, "ExportID", value="E2"),)),
    ],
    "csv_version": [
        Case("fy2022", folder(lambda f: f.set("Export", 0, "CSVVersion", "2022 v1")),
             (Expect("csv_version", HIGH, "Export", 2, "CSVVersion", value="2022 v1"),)),
    ],
    "fy2024_export": [
        # FY2024 handling may grow (conversion hints); only this finding is pinned.
        Case("2024-v1", folder(lambda f: f.set("Export", 0, "CSVVersion", "2024 v1")),
             (Expect("fy2024_export", HIGH, "Export", 2, "CSVVersion", value="2024 v1"),),
             only=False),
    ],
    "fy2024_value_dropped": [
        Case("gender-column", folder(lambda f: f.as_fy2024().set("Client", 0, "Woman", "1")),
             (Expect("fy2024_value_dropped", WARNING, "Client", 2, "Woman", value="1"),),
             allowed=(FY2024_EXPORT,)),
        # R18 counseling moved from 1.7 (0, 1, 99) to 1.10 (0, 1): 99 has no FY2026 code
        Case("counseling-99", folder(lambda f: f.as_fy2024().set(
            "Exit", 0, "CounselingReceived", "99")),
             (Expect("fy2024_value_dropped", WARNING, "Exit", 2, "CounselingReceived",
                     value="99"),),
             allowed=(FY2024_EXPORT,)),
    ],
    "fy2024_value_not_carried": [
        # 47 HUD: ESG - CV was retired in FY2026 with no replacement (lists_fy2026.csv)
        Case("esg-cv-funder", folder(lambda f: f.as_fy2024().add_row("Funder", funder("47"))),
             (Expect("fy2024_value_not_carried", WARNING, "Funder", 2, "Funder", value="47"),),
             allowed=(FY2024_EXPORT,
                      Expect("value_not_in_list", ERROR, "Funder", 2, "Funder", value="47"))),
    ],
    "unhashed_export": [
        Case("hash-status-1", folder(unchanged),
             (Expect("unhashed_export", HIGH, "Export", 2, "HashStatus", value="1"),),
             require_hashed=True),
    ],
    "hash_mismatch": [
        Case("md5-length-first-name", folder(lambda f: hashed(f).set(
            "Client", 0, "FirstName", MD5_PLACEHOLDER)),
             (Expect("hash_mismatch", HIGH, "Client", 2, "FirstName"),)),
        # one finding per column (with the evidence), so two for two 32-character names
        Case("md5-length-names", folder(lambda f: hashed(f).set(
            "Client", 0, "FirstName", MD5_PLACEHOLDER).set(
            "Client", 0, "LastName", MD5_PLACEHOLDER[::-1])),
             (Expect("hash_mismatch", HIGH, "Client", 2, "FirstName"),
              Expect("hash_mismatch", HIGH, "Client", 2, "LastName"))),
        Case("ssn-in-clear", folder(lambda f: hashed(f).set("Client", 0, "SSN", "123456789")),
             (Expect("hash_mismatch", HIGH, "Client", 2, "SSN"),)),
    ],
    # ------------------------------------------------------------ cell-level
    "invalid_type": [
        Case("decimal-integer", folder(lambda f: f.set("Project", 0, "PITCount", "1.5")),
             (Expect("invalid_type", ERROR, "Project", 2, "PITCount", value="1.5"),)),
        Case("high-priority", folder(lambda f: f.set("Client", 0, "VeteranStatus", "1.5")),
             (Expect("invalid_type", HIGH, "Client", 2, "VeteranStatus", value="1.5"),)),
        Case("money-three-decimals", folder(lambda f: f.set("Services", 0, "FAAmount",
                                                            "12.345")),
             (Expect("invalid_type", HIGH, "Services", 2, "FAAmount", value="12.345"),)),
    ],
    "invalid_date_format": [
        Case("not-a-date", folder(lambda f: f.set("Enrollment", 0, "EntryDate", "2024-13-45")),
             (Expect("invalid_date_format", HIGH, "Enrollment", 2, "EntryDate",
                     value="2024-13-45"),)),
        Case("repaired-m/d/y", folder(lambda f: f.set("Enrollment", 0, "DateOfPATHStatus",
                                                      "6/30/2024")),
             (Expect("invalid_date_format", ERROR, "Enrollment", 2, "DateOfPATHStatus",
                     value="6/30/2024", message="2024-06-30"),)),
        Case("bare-date-in-datetime", folder(lambda f: f.set("Client", 0, "DateCreated",
                                                             "2026-01-15")),
             (Expect("invalid_date_format", WARNING, "Client", 2, "DateCreated",
                     value="2026-01-15", message="2026-01-15 00:00:00"),)),
    ],
    "null_not_allowed": [
        Case("software-name", folder(lambda f: f.set("Export", 0, "SoftwareName", "")),
             (Expect("null_not_allowed", ERROR, "Export", 2, "SoftwareName"),)),
        Case("high-priority", folder(lambda f: f.set("Client", 0, "VeteranStatus", "")),
             (Expect("null_not_allowed", HIGH, "Client", 2, "VeteranStatus"),)),
    ],
    "value_not_in_list": [
        Case("sex", folder(lambda f: f.set("Client", 0, "Sex", "3")),
             (Expect("value_not_in_list", ERROR, "Client", 2, "Sex", value="3"),)),
        # 47 HUD: ESG - CV is marked removed_in_FY2026 in lists_fy2026.csv
        Case("retired-funding-source", folder(lambda f: f.add_row("Funder", funder("47"))),
             (Expect("value_not_in_list", ERROR, "Funder", 2, "Funder", value="47"),)),
        # 335 is a prior living situation (3.917) but not a destination (3.12)
        Case("destination", folder(lambda f: f.set("Exit", 0, "Destination", "335")),
             (Expect("value_not_in_list", ERROR, "Exit", 2, "Destination", value="335"),)),
        # 200 is valid for RecordType 200 (4.14), not for 141 PATH services (P1.2)
        Case("type-provided-by-record-type", folder(lambda f: f.set(
            "Services", 0, "RecordType", "141")),
             (Expect("value_not_in_list", ERROR, "Services", 2, "TypeProvided",
                     value="200"),)),
        # 3 "both alcohol and drug use" is 4.10.2 (type 10 only), not 1.8
        Case("response-by-disability-type", folder(lambda f: f.set(
            "Disabilities", 0, "DisabilityType", "5")),
             (Expect("value_not_in_list", ERROR, "Disabilities", 2, "DisabilityResponse",
                     value="3"),)),
    ],
    "string_too_long": [
        Case("project-name-201", folder(lambda f: f.set("Project", 0, "ProjectName", "x" * 201)),
             (Expect("string_too_long", ERROR, "Project", 2, "ProjectName", value="x" * 201),)),
    ],
    "impermissible_characters": [
        Case("angle-brackets", folder(lambda f: f.set("Organization", 0, "OrganizationName",
                                                      "Harbor <Shelter> Inc.")),
             (Expect("impermissible_characters", ERROR, "Organization", 2, "OrganizationName",
                     value="Harbor <Shelter> Inc."),)),
    ],
    "text_not_trimmed": [
        Case("spaces", folder(lambda f: f.set("Organization", 0, "OrganizationName",
                                              " Harbor Shelter Inc. ")),
             (Expect("text_not_trimmed", WARNING, "Organization", 2, "OrganizationName",
                     value=" Harbor Shelter Inc. "),)),
        Case("doubled-quotes", folder(lambda f: f.set("Project", 0, "ProjectCommonName",
                                                      '"Harbor"')),
             (Expect("text_not_trimmed", WARNING, "Project", 2, "ProjectCommonName",
                     value='"Harbor"'),)),
    ],
    "implausible_date": [
        Case("before-1900", folder(lambda f: f.set("Enrollment", 0, "EntryDate", "1899-12-31")),
             (Expect("implausible_date", WARNING, "Enrollment", 2, "EntryDate",
                     value="1899-12-31"),)),
        Case("after-export-date", folder(lambda f: f.set("Exit", 0, "ExitDate", "2026-10-02")),
             (Expect("implausible_date", WARNING, "Exit", 2, "ExitDate", value="2026-10-02"),)),
    ],
    # ------------------------------------------------------------ keys and references
    "duplicate_primary_key": [
        Case("client", folder(lambda f: f.copy_row("Client", 0)),
             (Expect("duplicate_primary_key", HIGH, "Client", 2, "PersonalID", value="C1"),
              Expect("duplicate_primary_key", HIGH, "Client", 3, "PersonalID", value="C1"))),
        Case("enrollment", folder(lambda f: f.copy_row("Enrollment", 0)),
             (Expect("duplicate_primary_key", HIGH, "Enrollment", 2, "EnrollmentID",
                     value="EN1"),
              Expect("duplicate_primary_key", HIGH, "Enrollment", 3, "EnrollmentID",
                     value="EN1"))),
        Case("organization", folder(lambda f: f.copy_row("Organization", 0)),
             (Expect("duplicate_primary_key", ERROR, "Organization", 2, "OrganizationID",
                     value="O1"),
              Expect("duplicate_primary_key", ERROR, "Organization", 3, "OrganizationID",
                     value="O1"))),
    ],
    "missing_reference": [
        Case("enrollment-personal-id", folder(lambda f: f.copy_row(
            "Enrollment", 0, EnrollmentID="EN2", PersonalID="C9", HouseholdID="H2")),
             (Expect("missing_reference", HIGH, "Enrollment", 3, "PersonalID", value="C9"),)),
        Case("enrollment-project-id", folder(lambda f: f.copy_row(
            "Enrollment", 0, EnrollmentID="EN2", ProjectID="P9", HouseholdID="H2")),
             (Expect("missing_reference", HIGH, "Enrollment", 3, "ProjectID", value="P9"),)),
        Case("user-id", folder(lambda f: f.set("Client", 0, "UserID", "U9")),
             (Expect("missing_reference", WARNING, "Client", 2, "UserID", value="U9"),)),
        Case("exit-enrollment-id", folder(lambda f: f.set("Exit", 0, "EnrollmentID", "EN9")),
             (Expect("missing_reference", ERROR, "Exit", 2, "EnrollmentID", value="EN9"),)),
        Case("project-organization-id", folder(lambda f: f.set(
            "Project", 0, "OrganizationID", "O9")),
             (Expect("missing_reference", ERROR, "Project", 2, "OrganizationID",
                     value="O9"),)),
    ],
    "enrollment_person_mismatch": [
        Case("exit-of-another-client", folder(lambda f: second_client(f).set(
            "Exit", 0, "PersonalID", "C2")),
             (Expect("enrollment_person_mismatch", ERROR, "Exit", 2, "PersonalID",
                     value="C2"),)),
    ],
    "household_id_reused": [
        Case("two-projects", folder(lambda f: f.copy_row(
            "Project", 0, ProjectID="P2", ProjectName="Harbor Day Shelter").copy_row(
            "Enrollment", 0, EnrollmentID="EN2", ProjectID="P2")),
             (Expect("household_id_reused", HIGH, "Enrollment", 2, "HouseholdID", value="H1"),
              Expect("household_id_reused", HIGH, "Enrollment", 3, "HouseholdID",
                     value="H1"))),
    ],
}

ALL_CASES = [pytest.param(case, id=f"{code}-{case.name}")
             for code, cases in CASES.items() for case in cases]


def describe(findings: Sequence[Finding]) -> str:
    return "\n".join(f"  {f.code} {f.severity.value} file={f.file} row={f.row} "
                     f"column={f.column} value={f.value!r}: {f.message[:120]}"
                     for f in findings) or "  (none)"


@pytest.mark.parametrize("case", ALL_CASES)
def test_check(case: Case, tmp_path: Path) -> None:
    read_findings, validate_findings = read_and_validate(
        case.write(tmp_path), require_hashed=case.require_hashed)
    findings = read_findings + validate_findings
    for expected in case.expected:
        stage = read_findings if CATALOGUE[expected.code].stage == "read" else validate_findings
        hits = [f for f in stage if expected.matches(f)]
        assert len(hits) == 1, (f"expected exactly once ({CATALOGUE[expected.code].stage} "
                                f"stage): {expected}\nfindings:\n{describe(findings)}")
    if case.only:
        others = [f for f in findings if f.severity >= WARNING
                  and not any(e.matches(f) for e in case.expected + case.allowed)]
        assert not others, f"unexpected findings:\n{describe(others)}"


def test_every_check_has_a_case() -> None:
    # Data-quality and privacy checks have their cases in tests/reports and tests/privacy.
    live = {code for code, check in CATALOGUE.items()
            if not check.retired and check.stage in ("read", "validate")}
    assert sorted(live - CASES.keys()) == []
    assert sorted(CASES.keys() - CATALOGUE.keys()) == []


def test_cases_expect_their_own_code() -> None:
    for code, cases in CASES.items():
        assert cases, code
        for case in cases:
            assert {e.code for e in case.expected} == {code}, case.name


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_baseline_has_no_finding(tmp_path: Path, as_zip: bool) -> None:
    write = zipped(unchanged) if as_zip else folder(unchanged)
    read_findings, validate_findings = read_and_validate(write(tmp_path))
    assert not read_findings + validate_findings, describe(read_findings + validate_findings)


def test_hashed_baseline_has_no_finding(tmp_path: Path) -> None:
    read_findings, validate_findings = read_and_validate(
        folder(hashed)(tmp_path), require_hashed=True)
    assert not read_findings + validate_findings, describe(read_findings + validate_findings)


def test_planned_end_dates_may_follow_the_export(tmp_path: Path) -> None:
    """OperatingEndDate is a planned date: after the export date it is not implausible."""
    read_findings, validate_findings = read_and_validate(folder(lambda f: f.set(
        "Project", 0, "OperatingEndDate", "2027-06-30"))(tmp_path))
    assert not read_findings + validate_findings, describe(read_findings + validate_findings)


def test_key_checks_on_tables_past_direct_storage() -> None:
    # Over 5,000 rows, near-unique columns store each cell under its own code: a repeated
    # key then has two codes with one value (Exit row 5104 repeats row 2094's ExitID), and
    # a person mismatch must be found among thousands of rows compared in numpy.
    export, truth = synthesize(clients=6000, seed=5, defects=[
        "duplicate_primary_key", "enrollment_person_mismatch", "missing_reference"])
    found = sorted({(f.code, f.file, f.row, f.column) for f in validate(export)})
    assert found == truth.injected
    assert ("duplicate_primary_key", "Exit", 5104, "ExitID") in found


def test_person_mismatch_over_a_run_of_rows(tmp_path: Path) -> None:
    # validation checks runs of rows with one (EnrollmentID, PersonalID) pair at their first
    # row: a whole run given to another person must give one finding per row
    export, _ = synthesize(clients=60, seed=2)
    write_export(export, tmp_path)
    path = tmp_path / "Disabilities.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    enr, pid = header.index("EnrollmentID"), header.index("PersonalID")
    target = body[0][enr]
    other = next(r[pid] for r in body if r[pid] != body[0][pid])
    changed = [i + 2 for i, r in enumerate(body) if r[enr] == target]
    assert len(changed) >= 3
    for r in body:
        if r[enr] == target:
            r[pid] = other
    body[-1][pid] = other if body[-1][pid] != other else body[0][pid]  # a lone row as well
    changed.append(len(body) + 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *body])
    read, _ = read_export(tmp_path)
    found = [f.row for f in validate(read) if f.code == "enrollment_person_mismatch"]
    assert found == changed


@pytest.mark.parametrize(("deleted", "expected"), [("", 2), ("2025-01-02 10:00:00", 0)])
def test_household_reuse_counts_live_enrollments_only(tmp_path: Path, deleted: str,
                                                      expected: int) -> None:
    write = folder(lambda f: f.copy_row(
        "Project", 0, ProjectID="P2", ProjectName="Harbor Day Shelter").copy_row(
        "Enrollment", 0, EnrollmentID="EN2", ProjectID="P2", DateDeleted=deleted))
    _, findings = read_and_validate(write(tmp_path))
    assert sum(f.code == "household_id_reused" for f in findings) == expected


def test_values_changed_after_reading_are_checked_as_they_now_are(tmp_path: Path) -> None:
    # read_export computes column facts for validate (longest text, characters, date span);
    # a change made afterwards must not be validated against those old facts
    export, _ = read_export(folder(unchanged)(tmp_path))
    assert not validate(export)
    name = export.table("Organization")["OrganizationName"]
    name.replace(1, "Harbor <House>", "Harbor <House>", "edited")
    created = export.table("Organization")["DateCreated"]
    code = created.codes[0]
    old = created.values[code]
    created.replace(code, old.replace(year=1890), f"1890{created.raw_texts[code][4:]}",
                    "edited")
    found = {(f.code, f.file, f.column) for f in validate(export)}
    assert found == {("impermissible_characters", "Organization", "OrganizationName"),
                     ("implausible_date", "Organization", "DateCreated")}


def _references(tmp_path: Path, edit: Edit) -> set[tuple[str, str, int | None, str | None]]:
    read_findings, validate_findings = read_and_validate(folder(edit)(tmp_path))
    return {(f.code, f.file, f.row, f.column) for f in read_findings + validate_findings}


def test_a_missing_client_is_reported_on_every_file_naming_it(tmp_path: Path) -> None:
    # the exit names its enrollment's client, which is not in Client.csv: the person check
    # passes, and must not be taken to prove the reference present
    found = _references(tmp_path, lambda f: f.set("Enrollment", 0, "PersonalID", "C9")
                        .set("Exit", 0, "PersonalID", "C9"))
    assert ("missing_reference", "Enrollment", 2, "PersonalID") in found
    assert ("missing_reference", "Exit", 2, "PersonalID") in found
    assert ("enrollment_person_mismatch", "Exit", 2, "PersonalID") not in found


def test_a_wrong_and_missing_client_is_reported_twice(tmp_path: Path) -> None:
    found = _references(tmp_path, lambda f: f.set("Exit", 0, "PersonalID", "C9"))
    assert ("missing_reference", "Exit", 2, "PersonalID") in found
    assert ("enrollment_person_mismatch", "Exit", 2, "PersonalID") in found


def test_an_unknown_enrollment_with_a_known_client(tmp_path: Path) -> None:
    found = _references(tmp_path, lambda f: f.set("Exit", 0, "EnrollmentID", "EN9"))
    assert found == {("missing_reference", "Exit", 2, "EnrollmentID")}
