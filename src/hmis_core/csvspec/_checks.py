"""The catalogue of HMIS CSV checks: one entry per finding code, kept as data.

Codes are stable and never reused: a retired check keeps its entry with ``retired=True``.
``eva`` names the matching check of HUD's Eva tool (its ID in ``EvaChecks.csv``), whose
severity we follow where Eva has the check. ``docs/checks.md`` is generated from this table
by ``tools/generate_checks_doc.py``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from hmis_core._findings import Finding, Severity

__all__ = ["CATALOGUE", "Check", "finding"]

H, E, W, N = Severity.HIGH, Severity.ERROR, Severity.WARNING, Severity.INFO


@attrs.frozen
class Check:
    """One check: what it finds and how to fix it."""

    code: str
    severity: Severity
    title: str
    guidance: str
    element: str | None = None
    eva: tuple[int, ...] = ()
    stage: str = "validate"
    """``read`` (found while reading files) or ``validate`` (found in the Export)."""
    retired: bool = False


_CHECKS = [
    # ---------------------------------------------------------------- reading the upload
    Check("not_a_zip", H, "Not a zip file or folder",
          "Upload the HMIS CSV export as a .zip file of CSV files (7-zip and rar archives are "
          "not accepted) or point to a folder of CSV files.", eva=(127,), stage="read"),
    Check("no_csv_files", H, "No CSV files",
          "The upload holds no CSV file. Check that you exported the HMIS CSV export, not an "
          "APR, LSA or other report.", stage="read"),
    Check("csv_in_subfolder", H, "CSV files inside a folder of the zip",
          "Zip the CSV files themselves, not the folder that holds them: every CSV must sit at "
          "the root of the zip.", eva=(122,), stage="read"),
    Check("duplicate_file", W, "File present twice",
          "Two files have the same name (ignoring case); keep only one.", stage="read"),
    Check("unexpected_file", N, "File not in the HMIS CSV specification",
          "The file is not one of the 24 FY2026 CSV files and was ignored.", stage="read"),
    Check("missing_file", H, "Missing file",
          "The export lacks a file of the HMIS CSV specification. Re-run the full HMIS CSV "
          "export; every file must be present, with a header row even when it has no records.",
          eva=(125,), stage="read"),
    Check("file_name_mismatch", H, "File name spelled differently",
          "File names must match HUD's exactly, including case (Client.csv, not client.csv). "
          "The file was matched and read; HUD's Eva would report it missing.", eva=(125,),
          stage="read"),
    Check("missing_export_file", H, "No Export.csv",
          "Export.csv describes the export; without it the upload is not an HMIS CSV export. "
          "Check you uploaded the HMIS CSV export and not another report.", eva=(125,),
          stage="read"),
    Check("utf8_bom", N, "UTF-8 byte-order mark",
          "The file starts with a byte-order mark; it was ignored. No action needed.",
          stage="read"),
    Check("not_utf8", W, "Not UTF-8",
          "FY2026 files are UTF-8. Lines that were not were read as Windows-1252; ask your "
          "vendor to export UTF-8.", stage="read"),
    Check("empty_file", H, "Empty file",
          "The file has no header row. Every file of the export needs HUD's header row.",
          stage="read"),
    Check("csv_syntax", E, "Malformed CSV line",
          "The line could not be parsed as CSV (unbalanced quotes, stray NUL bytes, a field "
          "too large). Fix the quoting in the export.", stage="read"),
    Check("column_name_mismatch", E, "Column name spelled differently",
          "Column names must match HUD's spelling exactly, including case, with no spaces. "
          "The column was matched and read.", eva=(82,), stage="read"),
    Check("missing_column", E, "Missing column",
          "Add the column (with HUD's exact name) to the file; columns may be empty where "
          "nulls are allowed, but must exist.", eva=(12, 82), stage="read"),
    Check("extra_column", E, "Column not in the specification",
          "Remove the column: an HMIS CSV file holds only the columns of the specification. "
          "Its values were kept but are not part of the export.", eva=(82,), stage="read"),
    Check("duplicate_column", E, "Column present twice",
          "A column name appears twice in the header; the first is read, the second is kept "
          "as an extra column.", eva=(82,), stage="read"),
    Check("column_order", N, "Columns out of order",
          "The columns are not in the specification's order. They were read by name; HUD's "
          "tools do the same, but writers should use the specified order.", stage="read"),
    Check("row_too_short", E, "Row with too few fields",
          "The row has fewer fields than the header; the missing fields were read as empty. "
          "Check for a broken line or unescaped quote.", stage="read"),
    Check("row_too_long", E, "Row with too many fields",
          "The row has more fields than the header; the extra fields were kept apart. Check "
          "for unquoted commas in text values.", stage="read"),
    # ---------------------------------------------------------------- export-level
    Check("no_enrollments", H, "No enrollment records",
          "Enrollment.csv has no records; most analyses will be empty. Check the export's "
          "date range and projects.", element="5.06", eva=(101,)),
    Check("export_row_count", H, "Export.csv does not have exactly one row",
          "Export.csv must hold exactly one data row describing the export.", eva=(140, 142)),
    Check("export_id_mismatch", E, "ExportID differs from Export.csv",
          "Every file's ExportID must equal the ExportID in Export.csv: one export, one ID.",
          eva=(49,)),
    Check("csv_version", H, "Not an FY2026 export",
          "CSVVersion in Export.csv must name the FY2026 format (\"2026 v1\"). Ask your vendor "
          "for the FY2026 HMIS CSV export.", eva=(124,)),
    Check("fy2024_export", H, "FY2024 export",
          "This is an FY2024 HMIS CSV export. Convert it with `hmis convert` or export again "
          "in the FY2026 format.", eva=(124,), stage="read"),
    Check("fy2024_value_dropped", W, "FY2024 value with no FY2026 home",
          "The FY2024 value was not carried over: its column left the HMIS CSV, or its code is "
          "not in the FY2026 list. Nothing to do unless you still need it (keep the FY2024 "
          "export).", stage="read"),
    Check("fy2024_value_not_carried", W, "FY2024 code retired in FY2026",
          "The code was retired in FY2026 and no code replaces it; the value was kept as it "
          "is and will fail FY2026 validation. Re-code the record in the HMIS.", stage="read"),
    Check("unhashed_export", H, "Unhashed export",
          "Tools that require the hashed export (HashStatus 4), such as HUD's Eva, refuse "
          "this one. Run the hashed HMIS CSV export.", element="3.01", eva=(126,)),
    Check("hash_mismatch", H, "Values not hashed as HashStatus 4 requires",
          "With HashStatus 4, names must be the 64-character SHA-256 of their Soundex code and "
          "SSN the last four digits followed by the SHA-256 of the SSN (68 characters). "
          "Ask your vendor to fix the hashed export.", element="3.01"),
    # ---------------------------------------------------------------- cell-level
    Check("invalid_type", E, "Incorrect data type",
          "The value is not of the column's type (whole number, or amount with at most two "
          "decimals). Fix the value in the HMIS or the export.", eva=(13, 48)),
    Check("invalid_date_format", E, "Incorrect date format",
          "Dates must be yyyy-mm-dd and date-times yyyy-mm-dd hh:mm:ss. Where the value could "
          "be read unambiguously it was (see the message), but the export must be fixed.",
          eva=(11, 47)),
    Check("null_not_allowed", E, "Null where not allowed",
          "The column may not be empty. Enter the value, or the HUD code for a missing "
          "answer (8, 9, 99) where the list has one.", eva=(6,)),
    Check("value_not_in_list", E, "Value not in HUD's list",
          "The value is not one of the codes of the column's HUD list (retired or mis-keyed). "
          "Correct it to a current code.", eva=(50, 51, 52, 53, 54, 55)),
    Check("string_too_long", E, "Text longer than allowed",
          "The value is longer than the column's maximum length; shorten it."),
    Check("impermissible_characters", E, "Impermissible characters",
          "FY2026 text may hold any UTF-8 character except < > [ ] { }. Remove them.",
          eva=(134,)),
    Check("text_not_trimmed", W, "Text with surrounding spaces or quotes",
          "The value has leading or trailing spaces, or quotes left around it by a doubled "
          "quoting; it was read without them. Trim values when exporting.", stage="validate"),
    Check("implausible_date", W, "Implausible date",
          "The date is before 1900 or after the export was made. Check for typing errors."),
    # ---------------------------------------------------------------- keys and references
    Check("duplicate_primary_key", E, "Duplicate primary key",
          "Each record needs its own ID. Duplicate PersonalIDs in Client.csv and duplicate "
          "EnrollmentIDs are high priority.", eva=(7, 8)),
    Check("missing_reference", E, "Reference to a record that does not exist",
          "The ID refers to a record missing from the file it points to. Enrollments whose "
          "PersonalID or ProjectID is missing are high priority.", eva=(9, 10)),
    Check("enrollment_person_mismatch", E, "PersonalID differs from the enrollment's",
          "A record that belongs to an enrollment must carry the same PersonalID as that "
          "enrollment. Fix the record's PersonalID or EnrollmentID.", element="5.08"),
    Check("household_id_reused", H, "HouseholdID reused across enrollments",
          "A HouseholdID identifies one household's stay in one project; a readmission must "
          "get a new HouseholdID.", element="5.09", eva=(98,)),
]

CATALOGUE: Mapping[str, Check] = {c.code: c for c in _CHECKS}
"""Every check by code."""


def finding(
    code: str,
    *,
    file: str | None,
    message: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    element: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A :class:`Finding` of catalogue check ``code`` (severity and element from the
    catalogue unless given)."""
    check = CATALOGUE[code]
    return Finding(
        code=code,
        severity=severity or check.severity,
        file=file,
        row=row,
        column=column,
        value=value,
        element=element if element is not None else check.element,
        message=message,
    )
