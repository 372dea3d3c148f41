"""Which columns HUD's Eva treats as *high priority* (its ``columns.csv`` flag
``DataTypeHighPriority``), restated as data from abtassociates/eva ``public-resources/
columns.csv`` (FY2026 files). Eva uses the flag to split its checks between "High Priority"
and "Error": a missing or extra column (checks 12/82) is high priority when the column name
is high priority in any file; a wrong type or date format (13/48, 11/47) and nulls (6) follow
the file's own flag for the column.
"""

from __future__ import annotations

from hmis_core.elements import FY2026

__all__ = ["HIGH_PRIORITY", "HIGH_PRIORITY_NAMES", "is_high_priority"]

_ALL_BUT = {
    "Client": {"MiddleName", "LastName", "NameSuffix", "Sex", "DateCreated", "DateUpdated",
               "UserID"},
    "Event": {"DateCreated", "DateUpdated", "UserID", "ExportID"},
    "HMISParticipation": {"DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Inventory": {"CoCCode", "DateCreated", "DateUpdated", "UserID", "ExportID"},
    "Services": {"MovingOnOtherType", "DateCreated", "DateUpdated", "UserID", "ExportID"},
}
_ONLY = {
    "Assessment": {"EnrollmentID", "PersonalID"},
    "CEParticipation": {"CEParticipationID", "ProjectID", "CEParticipationStatusStartDate",
                        "CEParticipationStatusEndDate"},
    "CurrentLivingSituation": {"CurrentLivingSitID", "EnrollmentID", "PersonalID",
                               "InformationDate", "CurrentLivingSituation", "CLSSubsidyType"},
    "Enrollment": {"EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID",
                   "RelationshipToHoH", "EnrollmentCoC", "LivingSituation", "RentalSubsidyType",
                   "LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH",
                   "DateToStreetESSH", "TimesHomelessPastThreeYears",
                   "MonthsHomelessPastThreeYears", "DisablingCondition", "DateOfEngagement",
                   "MoveInDate", "PercentAMI", "VAMCStation", "HPScreeningScore",
                   "ThresholdScore", "DateCreated"},
    "Exit": {"ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DateCreated"},
    "Export": {"ExportID", "ExportDate", "ExportStartDate", "ExportEndDate", "CSVVersion",
               "HashStatus", "ImplementationID"},
    "Funder": {"FunderID", "ProjectID", "Funder", "StartDate", "EndDate"},
    "HealthAndDV": {"HealthAndDVID", "EnrollmentID", "PersonalID", "InformationDate",
                    "DomesticViolenceSurvivor", "WhenOccurred", "CurrentlyFleeing",
                    "DataCollectionStage"},
    "Organization": {"OrganizationID", "OrganizationName", "VictimServiceProvider"},
    "Project": {"ProjectID", "OrganizationID", "ProjectName", "OperatingStartDate",
                "OperatingEndDate", "ContinuumProject", "ProjectType", "RRHSubType"},
    "ProjectCoC": {"ProjectCoCID", "ProjectID", "Geocode"},
    "EmploymentEducation": set(),
    "User": set(),
    "YouthEducationStatus": set(),
}


def _income_benefits() -> set[str]:
    columns = FY2026.file("IncomeBenefits").column_names
    start = columns.index("IncomeFromAnySource")
    end = columns.index("OtherInsurance")
    flags = {
        c for c in columns[start : end + 1]
        if not c.endswith(("Amount", "Identify")) and not (c.startswith("No") and
                                                          c.endswith("Reason"))
    }
    return flags | {"IncomeBenefitsID", "EnrollmentID", "PersonalID", "InformationDate",
                    "DataCollectionStage", "TotalMonthlyIncome", "NoMedicaidReason"}


def _build() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for spec in FY2026.files:
        if spec.name in _ALL_BUT:
            names = set(spec.column_names) - _ALL_BUT[spec.name]
        elif spec.name == "IncomeBenefits":
            names = _income_benefits()
        else:
            names = set(_ONLY.get(spec.name, set()))
        if spec.has_column("DateDeleted"):
            names.add("DateDeleted")
        table[spec.name] = frozenset(names)
    return table


HIGH_PRIORITY: dict[str, frozenset[str]] = _build()
"""File -> columns Eva flags as high priority."""

HIGH_PRIORITY_NAMES: frozenset[str] = frozenset().union(*HIGH_PRIORITY.values())
"""Column names high priority in at least one file (Eva's rule for missing/extra columns)."""


def is_high_priority(file: str, column: str) -> bool:
    return column in HIGH_PRIORITY.get(file, frozenset())
