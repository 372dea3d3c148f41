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
    """One check: what it finds and how to fix it.

    Every check is in :data:`hmis_core.csvspec.CATALOGUE`, by code; a :class:`hmis_core.Finding`
    names its check by ``code``.

    >>> from hmis_core.csvspec import CATALOGUE
    >>> check = CATALOGUE["missing_reference"]
    >>> check.severity.value, check.stage, check.eva, check.title
    ('error', 'validate', (9, 10), 'Reference to a record that does not exist')
    """

    code: str
    severity: Severity
    title: str
    guidance: str
    element: str | None = None
    eva: tuple[int, ...] = ()
    stage: str = "validate"
    """``read`` (found while reading files), ``validate`` (found in the Export) or ``dq``
    (data quality of the enrollments active in a date range, and of their projects)."""
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
    # ---------------------------------------------------------------- data quality (Eva dq)
    # Found by hmis_core.reports._dq_checks.dq_findings over the enrollments active in a
    # date range; each entry follows the Eva check named in ``eva``.
    Check("duplicate_enrollment", H, "Duplicate entries",
          "The client has two enrollments in the same project with the same project start "
          "date. One of them is a duplicate record: merge or delete it.",
          element="3.10", eva=(1,), stage="dq"),
    Check("household_without_hoh", H, "Household without a head of household",
          "No member of the household is marked Self (head of household). Check that every "
          "member is in the household, that their relationships are entered, and mark exactly "
          "one member as head of household for the whole stay.",
          element="3.15", eva=(2,), stage="dq"),
    Check("household_multiple_hohs", H, "More than one head of household",
          "Several members of the household are marked Self (head of household). Keep one head "
          "of household for the whole stay and give the others their relationship to that "
          "person.", element="3.15", eva=(3,), stage="dq"),
    Check("relationship_to_hoh_missing", H, "Relationship to head of household missing",
          "The member's relationship to the head of household is Data not collected (or "
          "empty). Record how the member is related to the head of household.",
          element="3.15", eva=(4,), stage="dq"),
    Check("future_exit_date", E, "Exit date in the future",
          "The project exit date is later than the export date. Enter the exit only once the "
          "client has left, on the day they left; remove an exit entered ahead of time.",
          element="3.11", eva=(14,), stage="dq"),
    Check("veteran_year_entered_missing", E, "Year entered military service missing",
          "A veteran in an SSVF project needs the year they entered military service (V1.1), "
          "collected at project start.", element="V1", eva=(15,), stage="dq"),
    Check("veteran_year_entered_future", E, "Year entered military service in the future",
          "The year the veteran entered military service is after this year. Correct the "
          "military service dates.", element="V1", eva=(16,), stage="dq"),
    Check("veteran_year_separated_missing", E, "Year separated from military service missing",
          "A veteran in an SSVF project needs the year they left military service (V1.2), "
          "collected at project start.", element="V1", eva=(17,), stage="dq"),
    Check("veteran_year_separated_future", E, "Year separated from military service in the "
          "future",
          "The year the veteran left military service is after this year. Correct the military "
          "service dates.", element="V1", eva=(18,), stage="dq"),
    Check("veteran_theaters_missing", E, "Theaters of operations missing",
          "A veteran in an SSVF project needs an answer for every theater of operations "
          "(V1.3-V1.10), collected at project start.", element="V1", eva=(19,), stage="dq"),
    Check("veteran_branch_missing", E, "Branch of the military missing",
          "A veteran in an SSVF project needs the branch of the military (V1.11), collected at "
          "project start.", element="V1", eva=(20,), stage="dq"),
    Check("veteran_discharge_missing", E, "Discharge status missing",
          "A veteran in an SSVF project needs a discharge status (V1.12), collected at project "
          "start.", element="V1", eva=(21,), stage="dq"),
    Check("ssvf_percent_ami_missing", E, "Percent of AMI missing",
          "The head of household of an SSVF enrollment needs the household's percent of area "
          "median income (V4) at project start.", element="V4", eva=(22,), stage="dq"),
    Check("ssvf_vamc_station_missing", E, "VAMC station number missing",
          "The head of household of an SSVF enrollment needs the VA medical center station "
          "number (V6) at project start.", element="V6", eva=(23,), stage="dq"),
    Check("ssvf_hp_screening_missing", E, "HP screening or threshold score missing",
          "An SSVF homelessness prevention head of household whose targeting screen is "
          "required needs both the screening score and the threshold score (V7).",
          element="V7", eva=(25,), stage="dq"),
    Check("prior_length_of_stay_missing", E, "Length of stay in prior living situation missing",
          "Heads of household and adults need the length of stay in their prior living "
          "situation (3.917.2) at project start.", element="3.917", eva=(26,), stage="dq"),
    Check("enrollment_coc_missing", E, "Enrollment CoC missing",
          "The head of household needs the CoC the client is staying in (3.16) at project "
          "start.", element="3.16", eva=(27,), stage="dq"),
    Check("date_homeless_missing", E, "Approximate date homelessness started missing",
          "The client stayed on the street, in shelter or in a safe haven just before this "
          "stay, so the approximate date their homelessness started (3.917.3) is required.",
          element="3.917", eva=(28,), stage="dq"),
    Check("previous_street_essh_missing", E, "Previous night on street, ES or SH missing",
          "The stay in the prior living situation was short enough to answer whether the "
          "client was on the street or in ES or SH the night before (3.917.2C); answer it.",
          element="3.917", eva=(29,), stage="dq"),
    Check("prior_living_situation_missing", E, "Prior living situation missing",
          "Heads of household and adults need their living situation before project start "
          "(3.917.1).", element="3.917", eva=(30,), stage="dq"),
    Check("times_months_homeless_missing", E, "Times or months homeless missing",
          "Street outreach, emergency shelter and safe haven clients who are heads of "
          "household or adults need the number of times and months homeless in the past three "
          "years (3.917.4, 3.917.5).", element="3.917", eva=(31,), stage="dq"),
    Check("dob_missing", E, "Date of birth missing",
          "The date-of-birth quality says a full or approximate date was reported, yet the "
          "date is empty. Enter the date of birth, or set the quality to say why it is "
          "unknown.", element="3.03", eva=(34,), stage="dq"),
    Check("move_in_date_invalid", E, "Move-in date outside the stay",
          "A permanent housing move-in date must fall on or after the project start and no "
          "later than the exit. Correct whichever date is wrong.",
          element="3.20", eva=(40,), stage="dq"),
    Check("prior_living_situation_incomplete", E, "Prior living situation incomplete",
          "After a short stay in an institution, temporary or permanent housing, the "
          "questions about the stay being under the threshold and the night before (on the "
          "street, ES or SH) decide chronic homelessness; answer them.",
          element="3.917", eva=(41,), stage="dq"),
    Check("dob_after_entry", E, "Date of birth after project start",
          "The client would have entered the project before being born. Correct the date of "
          "birth or the project start date.", element="3.03", eva=(84,), stage="dq"),
    Check("household_children_only", E, "Oldest household member under 12",
          "Nobody in the household is 12 or older, which is unusual. Check the dates of birth "
          "and that all members of the household are in the enrollment.",
          element="5.09", eva=(86,), stage="dq"),
    Check("income_missing_at_entry", E, "Income missing at project start",
          "The income record at project start does not say whether the adult has income from "
          "any source (4.02). Complete the start assessment.",
          element="4.02", eva=(87,), stage="dq"),
    Check("income_conflict_at_entry", E, "Income yes/no conflicts with sources at project start",
          "Income from any source and the individual sources disagree at project start (yes "
          "with no source, or no with a source). Correct the start assessment.",
          element="4.02", eva=(88,), stage="dq"),
    Check("income_missing_at_exit", E, "Income missing at project exit",
          "The income record at exit does not say whether the adult has income from any "
          "source (4.02). Complete the exit assessment.", element="4.02", eva=(89,),
          stage="dq"),
    Check("income_conflict_at_exit", E, "Income yes/no conflicts with sources at project exit",
          "Income from any source and the individual sources disagree at exit. Correct the "
          "exit assessment.", element="4.02", eva=(90,), stage="dq"),
    Check("health_insurance_missing_at_entry", E, "Health insurance missing at project start",
          "The record at project start does not say whether the client has health insurance "
          "(4.04). Complete the start assessment.", element="4.04", eva=(92,), stage="dq"),
    Check("health_insurance_missing_at_exit", E, "Health insurance missing at project exit",
          "The record at exit does not say whether the client has health insurance (4.04). "
          "Complete the exit assessment.", element="4.04", eva=(93,), stage="dq"),
    Check("health_insurance_conflict_at_entry", E, "Health insurance yes/no conflicts with "
          "sources at project start",
          "Insurance from any source and the individual insurance types disagree at project "
          "start. Correct the start assessment.", element="4.04", eva=(94,), stage="dq"),
    Check("health_insurance_conflict_at_exit", E, "Health insurance yes/no conflicts with "
          "sources at project exit",
          "Insurance from any source and the individual insurance types disagree at exit. "
          "Correct the exit assessment.", element="4.04", eva=(95,), stage="dq"),
    Check("benefits_missing_at_entry", E, "Non-cash benefits missing at project start",
          "The record at project start does not say whether the adult receives non-cash "
          "benefits (4.03). Complete the start assessment.", element="4.03", eva=(96,),
          stage="dq"),
    Check("benefits_conflict_at_entry", E, "Non-cash benefits yes/no conflicts with sources at "
          "project start",
          "Benefits from any source and the individual benefits disagree at project start. "
          "Correct the start assessment.", element="4.03", eva=(97,), stage="dq"),
    Check("exit_before_entry", E, "Exit before project start",
          "The exit date is earlier than the project start date. Correct whichever date is "
          "wrong; an exit may fall on the start date but not before it.",
          element="3.11", eva=(99,), stage="dq"),
    Check("nbn_no_bed_night_on_entry", E, "No bed night on the project start date",
          "A night-by-night shelter stay starts with a night in the shelter: record a bed "
          "night on the project start date (or correct the start date).",
          element="4.14", eva=(107,), stage="dq"),
    Check("nbn_bed_night_on_exit", E, "Bed night on the exit date",
          "The exit date of a night-by-night stay is the day after the last night stayed, so "
          "no bed night belongs on it. Move the exit or remove the bed night.",
          element="4.14", eva=(108,), stage="dq"),
    Check("enrollment_crosses_participation_start", E, "Enrollment starts before HMIS "
          "participation",
          "The stay starts before the project began participating in HMIS. Keep enrollment "
          "dates inside the HMIS participation period, or correct that period.",
          element="2.08", eva=(112,), stage="dq"),
    Check("enrollment_crosses_participation_end", E, "Enrollment ends after HMIS participation",
          "The stay runs past the end of the project's HMIS participation. Keep enrollment "
          "dates inside the participation period, or correct that period.",
          element="2.08", eva=(114,), stage="dq"),
    Check("enrollment_crosses_participation_period", E, "Enrollment spans the whole HMIS "
          "participation",
          "The stay starts before the project's HMIS participation and has no exit, or exits "
          "after participation ended. Correct the enrollment or the participation dates.",
          element="2.08", eva=(115,), stage="dq"),
    Check("enrollment_after_operating_period", E, "Enrollment after the operating period",
          "The stay starts after the project's operating end date. Correct the operating end "
          "date or the enrollment; otherwise reports may leave it out.",
          element="2.02", eva=(116,), stage="dq"),
    Check("enrollment_crosses_operating_start", E, "Enrollment starts before the operating "
          "period",
          "The stay starts before the project's operating start date. Keep enrollment dates "
          "inside the operating period, or correct the operating start date.",
          element="2.02", eva=(117,), stage="dq"),
    Check("enrollment_before_operating_period", E, "Enrollment before the operating period",
          "The stay ended before the project started operating. Correct the operating start "
          "date or the enrollment; otherwise reports may leave it out.",
          element="2.02", eva=(118,), stage="dq"),
    Check("enrollment_crosses_operating_end", E, "Enrollment ends after the operating period",
          "The stay runs past the project's operating end date. Keep enrollment dates inside "
          "the operating period, or correct the operating end date.",
          element="2.02", eva=(119,), stage="dq"),
    Check("enrollment_crosses_operating_period", E, "Enrollment spans the whole operating "
          "period",
          "The stay starts before the project operated and has no exit, or exits after the "
          "project closed. Correct the enrollment or the operating dates.",
          element="2.02", eva=(120,), stage="dq"),
    Check("destination_subsidy_missing", E, "Destination subsidy type missing",
          "A destination of rental by client with an ongoing housing subsidy needs a valid "
          "subsidy type (3.12.A).", element="3.12", eva=(121,), stage="dq"),
    Check("cls_subsidy_missing", E, "Current living situation subsidy type missing",
          "A current living situation of rental by client with an ongoing housing subsidy "
          "needs a valid subsidy type (4.12.A).", element="4.12", eva=(129,), stage="dq"),
    Check("prior_living_subsidy_missing", E, "Prior living situation subsidy type missing",
          "A prior living situation of rental by client with an ongoing housing subsidy needs "
          "a valid rental subsidy type (3.917.A).", element="3.917", eva=(130,), stage="dq"),
    Check("referral_outstanding", W, "Referral open too long",
          "A coordinated entry referral to a housing or shelter opening has had no result for "
          "longer than the local limit (14 days unless set otherwise). Record the result.",
          element="4.20", eva=(100,), stage="dq"),
    Check("long_stayer_local", W, "Long stayer (local setting)",
          "An open Other or Day Shelter enrollment started longer ago than the local limit "
          "(90 days unless set otherwise). Exit clients who have left; leave active ones as "
          "they are.", element="3.10", eva=(102,), stage="dq"),
    Check("cls_overdue", W, "No recent current living situation",
          "An open street outreach, services-only or coordinated entry enrollment of a head of "
          "household or adult has had no current living situation record for longer than the "
          "local limit (90 days unless set otherwise). Record contacts, or exit the client.",
          element="4.12", eva=(103,), stage="dq"),
    Check("long_stayer_outlier", W, "Long stayer (outlier)",
          "The enrollment has been open longer than almost all open enrollments of its "
          "project type (top 2%; top 1% for PSH and other PH). Exit it if the household has "
          "left; otherwise consider move-on support.", element="3.10", eva=(104,),
          stage="dq"),
    Check("bed_night_overdue", W, "No recent bed night",
          "An open night-by-night shelter enrollment has had no bed night for longer than the "
          "local limit (90 days unless set otherwise). Exit clients who no longer stay.",
          element="4.14", eva=(142,), stage="dq"),
    Check("destination_unknown", W, "Destination unknown",
          "The exit destination is client doesn't know, prefers not to answer, not collected "
          "or no exit interview. Complete it where you can.", element="3.12", eva=(59,),
          stage="dq"),
    Check("disabling_condition_unknown", W, "Disabling condition unknown",
          "Disabling condition is neither yes nor no. Complete it where you can; many unknown "
          "answers suggest a training need.", element="3.08", eva=(32,), stage="dq"),
    Check("veteran_discharge_unknown", W, "Discharge status unknown",
          "The veteran's discharge status is an unknown answer. Complete it where you can.",
          element="V1", eva=(56,), stage="dq"),
    Check("veteran_theaters_unknown", W, "Theaters of operations unknown",
          "A theater of operations is an unknown answer for the veteran. Complete it where "
          "you can.", element="V1", eva=(57,), stage="dq"),
    Check("veteran_branch_unknown", W, "Branch of the military unknown",
          "The veteran's branch of the military is an unknown answer. Complete it where you "
          "can.", element="V1", eva=(58,), stage="dq"),
    Check("dob_unknown", W, "Date of birth unknown",
          "The date-of-birth quality is client doesn't know, prefers not to answer or not "
          "collected. Complete it where you can: ages drive most reporting.",
          element="3.03", eva=(60,), stage="dq"),
    Check("times_months_homeless_unknown", W, "Times or months homeless unknown",
          "Times or months homeless in the past three years is an unknown answer. Complete it "
          "where you can.", element="3.917", eva=(61,), stage="dq"),
    Check("race_unknown", W, "Race and ethnicity unknown",
          "Race and ethnicity is client doesn't know, prefers not to answer or not collected. "
          "Complete it where you can.", element="3.04", eva=(63,), stage="dq"),
    Check("prior_living_situation_unknown", W, "Prior living situation unknown",
          "The living situation before project start is an unknown answer. Complete it where "
          "you can.", element="3.917", eva=(64, 68), stage="dq"),
    Check("prior_length_of_stay_unknown", W, "Length of stay in prior living situation unknown",
          "The length of stay in the prior living situation is an unknown answer. Complete it "
          "where you can.", element="3.917", eva=(73,), stage="dq"),
    Check("veteran_status_unknown", W, "Veteran status unknown",
          "An adult's veteran status is client doesn't know, prefers not to answer or not "
          "collected. Complete it where you can.", element="3.07", eva=(66,), stage="dq"),
    Check("ssn_unknown", W, "SSN unknown",
          "The SSN quality is client doesn't know, prefers not to answer or not collected. "
          "Complete it where you can: SSNs help match records.", element="3.02", eva=(67,),
          stage="dq"),
    Check("homeless_start_after_entry", W, "Homelessness start date after project start",
          "The approximate date homelessness started is later than the project start date; "
          "project start answers describe the client before entry. Correct the date.",
          element="3.917", eva=(69,), stage="dq"),
    Check("months_homeless_determinable", W, "Months homeless can be determined",
          "The client was homeless once in three years and the start of that homelessness is "
          "known, so the months homeless follow from the dates. Enter them.",
          element="3.917", eva=(70,), stage="dq"),
    Check("months_homeless_mismatch", W, "Months homeless do not match the dates",
          "For one episode of homelessness, the months homeless should equal the months from "
          "the approximate start date to project start. Check both answers.",
          element="3.917", eva=(71,), stage="dq"),
    Check("possible_missed_move_in", W, "Possibly missed move-in date",
          "A head of household in permanent housing has waited longer than almost all others "
          "(top 2%) without a move-in date. Record the move-in or the exit if either "
          "happened; leave a household still waiting as it is.",
          element="3.20", eva=(72,), stage="dq"),
    Check("future_entry_date", W, "Entry date after the record was created",
          "The project start date is later than the day the enrollment was created. Enter "
          "clients on or after the day they start.", element="3.10", eva=(75,), stage="dq"),
    Check("name_incomplete", W, "Name partial or unknown",
          "The name quality is partial, client doesn't know, prefers not to answer or not "
          "collected. Complete it where you can.", element="3.01", eva=(78,), stage="dq"),
    Check("enrollment_overlap", W, "Overlapping stays",
          "The client appears to spend the same night in two lodging projects (shelter, "
          "transitional housing, safe haven, or permanent housing after move-in). Review the "
          "dates of both enrollments.", element="3.10", eva=(77,), stage="dq"),
    Check("homeless_start_conflict", W, "Homelessness start date conflicts with times and "
          "months homeless",
          "Homelessness started over three years before project start, so the client was "
          "homeless once in the past three years and for more than 12 months. Correct the "
          "answers that disagree.", element="3.917", eva=(105,), stage="dq"),
    Check("enrollment_after_participation_period", W, "Enrollment after HMIS participation",
          "The stay starts after the project stopped participating in HMIS. Correct the "
          "participation end date, or reports may leave the enrollment out (PIT data entered "
          "later can be legitimate).", element="2.08", eva=(111,), stage="dq"),
    Check("enrollment_before_participation_period", W, "Enrollment before HMIS participation",
          "The stay ended before the project began participating in HMIS. Correct the "
          "participation start date, or reports may leave the enrollment out.",
          element="2.08", eva=(113,), stage="dq"),
    Check("dob_over_100", W, "Client over 100 years old",
          "The client is over 100 at project start. Double-check the date of birth.",
          element="3.03", eva=(143,), stage="dq"),
    # ---------------------------------------------------------- project descriptors (Eva pdde)
    Check("project_geography_missing", H, "Project CoC geography missing",
          "A ProjectCoC record lacks its CoC code, geocode or geography type; complete the "
          "project's CoC information.", element="2.03", eva=(5,), stage="dq"),
    Check("project_coc_missing", H, "Project has no ProjectCoC record",
          "A continuum project needs at least one ProjectCoC record naming the CoC it serves.",
          element="2.03", eva=(35,), stage="dq"),
    Check("housing_type_missing", H, "Residential project without housing type",
          "Residential projects (and RRH projects providing housing) need a housing type.",
          element="2.02", eva=(36,), stage="dq"),
    Check("nbn_project_without_bed_nights", H, "Night-by-night shelter without bed nights",
          "An HMIS-participating night-by-night shelter has enrollments but no bed night "
          "services. Record bed nights (4.14) for every night stayed.",
          element="4.14", eva=(106,), stage="dq"),
    Check("ce_participation_overlap", H, "Overlapping CE participation records",
          "Two CE participation records of the project cover the same days. End the old "
          "record before the new one starts.", element="2.09", eva=(128,), stage="dq"),
    Check("hmis_participation_overlap", H, "Overlapping HMIS participation records",
          "Two HMIS participation records of the project cover the same days. End the old "
          "record before the new one starts.", element="2.08", eva=(131,), stage="dq"),
    Check("vsp_client_data", H, "Client data in a victim service provider",
          "Projects of an organization marked as a victim service provider must not hold "
          "client records in HMIS (VAWA); use a comparable database.",
          element="2.01", eva=(139,), stage="dq"),
    Check("project_address_missing", E, "Project address incomplete",
          "A ProjectCoC record lacks a valid ZIP code, or (for site-based projects of "
          "non-victim service providers) its address, city or state.",
          element="2.03", eva=(42,), stage="dq"),
    Check("inventory_missing", E, "Residential project without inventory",
          "Residential projects need bed and unit inventory records (2.07).",
          element="2.07", eva=(43,), stage="dq"),
    Check("inventory_ends_after_operating", E, "Inventory ends after the project closed",
          "An inventory record is open or ends after the project's operating end date. End "
          "the inventory when the project stops operating.", element="2.07", eva=(44,),
          stage="dq"),
    Check("inventory_bed_total_mismatch", E, "Dedicated beds do not add up to total beds",
          "The chronic, veteran, youth and other bed counts of an inventory record must add up "
          "to its total beds.", element="2.07", eva=(46,), stage="dq"),
    Check("rrh_subtype_missing", E, "RRH project without subtype",
          "Every rapid re-housing project needs its RRH subtype (services only, or housing "
          "with or without services).", element="2.02", eva=(110,), stage="dq"),
    Check("rrh_services_only_inventory", E, "RRH services-only project with beds",
          "A services-only RRH project provides no housing, so it should have no active bed "
          "inventory. Fix the subtype or end the inventory.", element="2.07", eva=(132,),
          stage="dq"),
    Check("vsp_participating_in_hmis", E, "Victim service provider participating in HMIS",
          "The project participates in HMIS but its organization is a victim service provider, "
          "which may not enter client data in HMIS. Review the participation record.",
          element="2.08", eva=(133,), stage="dq"),
    Check("inventory_coc_not_project_coc", E, "Inventory CoC not a project CoC",
          "Every CoC of an active inventory record must also be one of the project's "
          "ProjectCoC records.", element="2.07", eva=(137,), stage="dq"),
    Check("inventory_units_exceed_beds", E, "More units than beds",
          "An inventory record cannot have more units than beds.", element="2.07", eva=(138,),
          stage="dq"),
    Check("seasonal_inventory_long_term", W, "Seasonal inventory longer than a year",
          "A seasonal inventory record has no end date or runs for over a year. Give each "
          "season its own dated record.", element="2.07", eva=(37,), stage="dq"),
    Check("inventory_starts_before_operating", W, "Inventory starts before the project",
          "An inventory record starts before the project's operating start date. That can "
          "follow a project merger; otherwise correct the date.", element="2.07", eva=(79,),
          stage="dq"),
    Check("operating_end_date_missing", W, "Operating end date possibly missing",
          "The project has no open enrollment and its last exit was over 30 days ago, yet it "
          "has no operating end date. Add one if the project has closed.",
          element="2.02", eva=(81,), stage="dq"),
    Check("zero_utilization", W, "Beds but no clients",
          "The project participates in HMIS and has active year-round or seasonal beds, but "
          "no enrollment is active in the period. Check the inventory and the enrollments.",
          element="2.07", eva=(83,), stage="dq"),
    Check("es_bed_type_mismatch", W, "Bed type does not fit housing type",
          "Emergency shelter beds must fit the housing type: facility-based (or other) beds "
          "for site-based projects, voucher beds for tenant-based ones.",
          element="2.07", eva=(135,), stage="dq"),
    Check("project_coc_without_inventory", W, "Project CoC without inventory",
          "A residential project serving several CoCs needs active inventory in each CoC it "
          "lists.", element="2.07", eva=(136,), stage="dq"),
    Check("inventory_without_enrollments", W, "No enrollments within active inventory",
          "None of the project's enrollments falls within the dates of its active inventory. "
          "Check the inventory dates.", element="2.07", eva=(141,), stage="dq"),
    # ---------------------------------------------------------------- privacy (consent)
    Check("consent_missing", E, "Data entered without a valid consent",
          "The record was created or changed while no release of information covered the "
          "client for this agency or project. Obtain (or record) the client's consent before "
          "the data is shared, or restrict the record to the agency that collected it.",
          stage="privacy"),
    Check("household_member_without_consent", W, "Household member not covered by consent",
          "Another member of the household has a valid consent but this member has none. "
          "Adults sign their own release of information; a parent's or guardian's covers "
          "only children.", element="3.15", stage="privacy"),
    Check("consent_expiring", W, "Consent expiring soon",
          "The client's release of information expires within the notice period. Ask the "
          "client to renew it, or data entered after the expiry cannot be shared.",
          stage="privacy"),
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
