"""FY2024 -> FY2026: what changed in the HMIS CSV and how an FY2024 export is carried over.

The mapping follows NOTES.md "FY2024 -> FY2026 changes" (sources: Eva's columns.csv, the
greenriver FY2026 structures, HUD DataLab's FY2026 mapping, Bitfocus' FY2026 notes):

* Client: the Gender columns are gone (3.06 left the CSV); ``HispanicLatinaeo`` is now
  ``HispanicLatinao``; ``Sex`` (4.21) is new and stays empty.
* Enrollment: R3 sexual orientation and C4 translation / preferred language columns are
  gone; ``MentalHealthConsultation`` (V10) is new and stays empty.
* Exit: the R18 counseling and R20.A aftercare columns moved from list 1.7 (0, 1, 99) to
  1.10 (0, 1): a 99 "data not collected" becomes an empty cell.
* Funder: FundingSource 47 (ESG-CV) and 48 (HOPWA-CV) were retired; such rows are kept as
  they are and reported, since no FY2026 code replaces them.

Every value that cannot be carried over is reported as a finding (one per column and
distinct value, with the number of rows).
"""

from __future__ import annotations

from collections import Counter

from hmis_core._findings import Finding
from hmis_core._table import Table
from hmis_core.csvspec._checks import finding
from hmis_core.elements.fy2024 import RETIRED_CODES

__all__ = ["ADDED", "DROPPED", "RENAMED", "is_fy2024", "migrate"]

RENAMED: dict[str, dict[str, str]] = {"Client": {"HispanicLatinaeo": "HispanicLatinao"}}
"""File -> FY2024 column name -> FY2026 name."""

DROPPED: dict[str, tuple[str, ...]] = {
    "Client": ("Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
               "DifferentIdentity", "GenderNone", "DifferentIdentityText"),
    "Enrollment": ("SexualOrientation", "SexualOrientationOther", "TranslationNeeded",
                   "PreferredLanguage", "PreferredLanguageDifferent"),
}
"""File -> FY2024 columns with no FY2026 home."""

ADDED: dict[str, tuple[str, ...]] = {
    "Client": ("Sex",),
    "Enrollment": ("MentalHealthConsultation",),
}
"""File -> columns new in FY2026 (absent from FY2024 files, left empty)."""

_NO_MORE_99 = ("CounselingReceived", "IndividualCounseling", "FamilyCounseling",
               "GroupCounseling", "PostExitCounselingPlan", "EmailSocialMedia", "Telephone",
               "InPersonIndividual", "InPersonGroup")
_RETIRED_FUNDERS = {str(code): label for code, label in RETIRED_CODES["2.06.1"].items()}


def is_fy2024(csv_version: str) -> bool:
    """Whether an Export.csv ``CSVVersion`` names the FY2024 format."""
    return "2024" in csv_version


def _by_value(table: Table, column: str) -> Counter[int]:
    return Counter(table[column].codes)


def migrate(tables: dict[str, Table], findings: list[Finding]) -> None:
    """Carry FY2024 tables over to FY2026 in place, reporting what cannot be carried."""
    for file, columns in DROPPED.items():
        table = tables.get(file)
        if table is None:
            continue
        for name in columns:
            if name not in table.columns:
                continue
            col = table[name]
            counts = _by_value(table, name)
            for code, count in sorted(counts.items()):
                if code == 0:
                    continue
                first = table.lines[col.codes.index(code)]
                findings.append(finding(
                    "fy2024_value_dropped", file=file, row=first, column=name,
                    value=col.raw_texts[code],
                    message=f"{name} {col.raw_texts[code]!r} ({count} row(s)) has no place in "
                    "FY2026: the column left the HMIS CSV",
                ))
    exits = tables.get("Exit")
    if exits is not None:
        for name in _NO_MORE_99:
            if name not in exits.columns:
                continue
            col = exits[name]
            for code, raw in enumerate(col.raw_texts):
                if raw.strip() == "99":
                    count = col.codes.count(code)
                    line = exits.lines[col.codes.index(code)]
                    findings.append(finding(
                        "fy2024_value_dropped", file="Exit", row=line, column=name, value=raw,
                        message=f"{name} 99 (data not collected, {count} row(s)) is not in "
                        "FY2026's list 1.10 (0, 1); written as empty",
                    ))
                    col.replace(code, None, "", "FY2024 99 dropped")
    funders = tables.get("Funder")
    if funders is not None and "Funder" in funders.columns:
        col = funders["Funder"]
        for code, raw in enumerate(col.raw_texts):
            if raw.strip() in _RETIRED_FUNDERS:
                count = col.codes.count(code)
                findings.append(finding(
                    "fy2024_value_not_carried", file="Funder",
                    row=funders.lines[col.codes.index(code)], column="Funder", value=raw,
                    message=f"funding source {raw} ({_RETIRED_FUNDERS[raw.strip()]}, {count} "
                    "row(s)) was retired in FY2026 and has no replacement; kept as it is",
                ))
    export = tables.get("Export")
    if export is not None and len(export) and "CSVVersion" in export.columns:
        col = export["CSVVersion"]
        code = col.codes[0]
        if code:
            col.replace(code, "2026 v1", "2026 v1", "converted from FY2024")
