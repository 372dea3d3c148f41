"""apr() and caper(): build the universe once, then fill every table shell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from hmis_core._export import Export
from hmis_core._gc import paused_gc
from hmis_core.privacy import is_victim_service_provider
from hmis_core.reports import _q_demographics, _q_dq, _q_income, _q_stay, _q_youth
from hmis_core.reports._frame import Frame
from hmis_core.reports._income import (
    AMOUNT_COLUMNS,
    BENEFIT_SOURCES,
    INCOME_SOURCES,
    INSURANCE_SOURCES,
)
from hmis_core.reports._layout import layout, questions
from hmis_core.reports._report import Report, ReportTable, Value
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import (
    COC_FUNDERS,
    ESG_FUNDERS,
    Context,
    Enr,
    ReportParameters,
    build_context,
    select_projects,
)

__all__ = ["REPORT_COLUMNS", "REPORT_FILES", "apr", "caper", "report_projects", "run_report"]

REPORT_FILES = (
    "Organization", "Project", "Funder", "ProjectCoC", "Affiliation", "CEParticipation",
    "Client", "Enrollment", "Exit", "IncomeBenefits", "HealthAndDV", "Disabilities",
    "Services", "CurrentLivingSituation", "YouthEducationStatus",
)
"""The files the APR and CAPER read: ``read_export(path, files=REPORT_FILES)`` skips the
others (Assessment, Event, …), which saves time and memory on large exports."""

_KEY = ("DateDeleted",)
_USED: dict[str, tuple[str, ...]] = {
    "Organization": ("OrganizationID", "OrganizationName", "VictimServiceProvider"),
    "Project": ("ProjectID", "OrganizationID", "ProjectName", "OperatingEndDate",
                "ProjectType", "RRHSubType", "ResidentialAffiliation"),
    "Funder": ("ProjectID", "Funder", "StartDate", "EndDate"),
    "ProjectCoC": ("ProjectID", "CoCCode", "Geocode"),
    "Affiliation": ("ProjectID", "ResProjectID"),
    "CEParticipation": ("ProjectID", "AccessPoint", "CEParticipationStatusStartDate",
                        "CEParticipationStatusEndDate"),
    "Client": ("PersonalID", "FirstName", "LastName", "NameDataQuality", "SSN",
               "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "AmIndAKNative", "Asian",
               "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific",
               "White", "RaceNone", "VeteranStatus", "DateCreated"),
    "Enrollment": ("EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID",
                   "RelationshipToHoH", "EnrollmentCoC", "LivingSituation", "LengthOfStay",
                   "LOSUnderThreshold", "PreviousStreetESSH", "DateToStreetESSH",
                   "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears",
                   "DisablingCondition", "DateOfEngagement", "MoveInDate", "DateCreated"),
    "Exit": ("EnrollmentID", "ExitDate", "Destination", "DestinationSubsidyType",
             "HousingAssessment", "SubsidyInformation", "DateCreated"),
    "IncomeBenefits": (
        "EnrollmentID", "InformationDate", "DataCollectionStage", "IncomeFromAnySource",
        "TotalMonthlyIncome", *INCOME_SOURCES, *AMOUNT_COLUMNS, "BenefitsFromAnySource",
        *BENEFIT_SOURCES, "InsuranceFromAnySource", *INSURANCE_SOURCES),
    "HealthAndDV": ("EnrollmentID", "InformationDate", "DomesticViolenceSurvivor",
                    "WhenOccurred", "DateUpdated"),
    "Disabilities": ("EnrollmentID", "InformationDate", "DataCollectionStage",
                     "DisabilityType", "DisabilityResponse", "IndefiniteAndImpairs"),
    "Services": ("EnrollmentID", "DateProvided", "RecordType", "TypeProvided"),
    "CurrentLivingSituation": ("EnrollmentID", "InformationDate", "CurrentLivingSituation"),
    "YouthEducationStatus": ("EnrollmentID", "InformationDate", "DataCollectionStage",
                             "CurrentSchoolAttend", "MostRecentEdStatus", "CurrentEdStatus"),
}
REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    file: (*columns, *_KEY) for file, columns in _USED.items()}
"""Per file of :data:`REPORT_FILES`, the only columns the reports read (with DateDeleted):
``read_export(path, files=REPORT_FILES, columns=REPORT_COLUMNS)`` builds nothing else, which
on a large export saves much of the reading time and memory. A report that needs a column
left out raises KeyError rather than reading it as empty."""

del _q_demographics, _q_dq, _q_income, _q_stay, _q_youth  # imported to register their tables

Progress = Callable[[str], None]


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def report_projects(export: Export, kind: str, start: dt.date | str,
                    end: dt.date | str) -> list[str]:
    """The projects a CoC-wide run reports: APR — any HUD:CoC funding source overlapping the
    range; CAPER — HUD:ESG. Coordinated Entry projects (type 14) are left out.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> " ".join(report_projects(export, "APR", "2024-10-01", "2025-09-30"))
    'P0005 P0007 P0008 P0010 P0012 P0018'
    """
    funders = COC_FUNDERS if kind == "APR" else ESG_FUNDERS
    return select_projects(export, funders, _as_date(start), _as_date(end))


def run_report(kind: str, export: Export, params: ReportParameters, *,
               frame: Frame | None = None, progress: Progress | None = None) -> Report:
    """Compute every table of ``kind`` ("APR" or "CAPER") for ``params``.

    :func:`apr` and :func:`caper` call it; call it directly to reuse one
    :class:`ReportParameters`.

    >>> import datetime, hmis_core
    >>> from hmis_core.reports import ReportParameters
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> params = ReportParameters(datetime.date(2024, 10, 1), datetime.date(2025, 9, 30),
    ...                           ("P0005", "P0007"))
    >>> report = run_report("APR", export, params)
    >>> report.kind, report.project_ids, len(report)
    ('APR', ('P0005', 'P0007'), 67)
    """
    if kind not in ("APR", "CAPER"):
        raise ValueError(f"unknown report {kind!r}; expected 'APR' or 'CAPER'")
    with paused_gc():
        ctx = build_context(export, params, frame=frame)
        tables: dict[str, ReportTable] = {}
        for q in questions(kind):
            if progress is not None:
                progress(q)
            if q == "Q4a":
                tables[q] = q4a(ctx, kind)
                continue
            tally = Tally(layout(kind, q))
            TABLES[q](ctx, tally)
            tables[q] = tally.build()
        ctx.release()
    vsp = is_victim_service_provider(export, params.project_ids)
    return Report(kind, params.start, params.end, params.project_ids, tables,
                  victim_service_provider=vsp)


def _params(start: dt.date | str, end: dt.date | str, projects: Iterable[str] | str,
            coc_codes: Iterable[str], software_name: str | None) -> ReportParameters:
    ids = (projects,) if isinstance(projects, str) else tuple(projects)
    extra = {"software_name": software_name} if software_name else {}
    return ReportParameters(_as_date(start), _as_date(end), ids, tuple(coc_codes), **extra)


def apr(export: Export, start: dt.date | str, end: dt.date | str,
        projects: Iterable[str] | str, *, coc_codes: Iterable[str] = (),
        software_name: str | None = None) -> Report:
    """The CoC Annual Performance Report (67 tables) for ``projects`` over start..end.

    >>> import hmis_core
    >>> from hmis_core.reports import apr
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> project = export.projects[0].project_id
    >>> report = apr(export, "2024-10-01", "2025-09-30", project)
    >>> len(report), report["Q7a"].shape
    (67, (7, 6))
    """
    return run_report("APR", export, _params(start, end, projects, coc_codes, software_name))


def caper(export: Export, start: dt.date | str, end: dt.date | str,
          projects: Iterable[str] | str, *, coc_codes: Iterable[str] = (),
          software_name: str | None = None) -> Report:
    """The ESG CAPER (40 tables) for ``projects`` over start..end.

    >>> import hmis_core
    >>> from hmis_core.reports import caper
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> len(caper(export, "2024-10-01", "2025-09-30", export.projects[0].project_id))
    40
    """
    return run_report("CAPER", export, _params(start, end, projects, coc_codes, software_name))


def q4a(ctx: Context, kind: str) -> ReportTable:
    """Q4a: one line per selected project (APR_CAPER.md §3)."""
    shell = layout(kind, "Q4a")
    f = ctx.frame
    proj_rows = {f.col("Project", "ProjectID")[r]: r for r in f.live("Project")}
    org_rows = {f.col("Organization", "OrganizationID")[r]: r for r in f.live("Organization")}
    start, end = ctx.start, ctx.end
    labels: list[str] = []
    values: list[list[Value]] = []
    members: dict[tuple[int, int], tuple[Enr, ...]] = {}
    for line, pid in enumerate(ctx.params.project_ids, start=2):
        pr = proj_rows.get(pid)
        org_id = f.col("Project", "OrganizationID")[pr] if pr is not None else None
        orow = org_rows.get(org_id)
        ptype = f.col("Project", "ProjectType")[pr] if pr is not None else None
        op_end = f.col("Project", "OperatingEndDate")[pr] if pr is not None else None
        on = op_end if op_end is not None and start <= op_end <= end else end
        access = 0
        ce = f.group("CEParticipation", "ProjectID").get(pid, [])
        for r in ce:
            s = f.col("CEParticipation", "CEParticipationStatusStartDate")[r]
            e = f.col("CEParticipation", "CEParticipationStatusEndDate")[r]
            if (s is None or s <= on) and (e is None or e >= on):
                access = f.col("CEParticipation", "AccessPoint")[r] or 0
        affiliated = f.col("Project", "ResidentialAffiliation")[pr] if pr is not None else None
        rrh_sub = f.col("Project", "RRHSubType")[pr] if pr is not None else None
        services_only = ptype == 6 or (ptype == 13 and rrh_sub == 1)
        aff_ids = sorted({f.col("Affiliation", "ResProjectID")[r]
                          for r in f.group("Affiliation", "ProjectID").get(pid, [])} - {None})
        cocs = [f.col("ProjectCoC", "CoCCode")[r]
                for r in f.group("ProjectCoC", "ProjectID").get(pid, [])]
        geos = [f.col("ProjectCoC", "Geocode")[r]
                for r in f.group("ProjectCoC", "ProjectID").get(pid, [])]
        persons = [p for p in ctx.persons if p.project_id == pid]
        hohs = [p for p in persons if p.rel == 1]
        labels.append(f.col("Organization", "OrganizationName")[orow] if orow is not None else "")
        vsp = f.col("Organization", "VictimServiceProvider")[orow] if orow is not None else None
        values.append([
            org_id or "",
            f.col("Project", "ProjectName")[pr] if pr is not None else "",
            pid,
            ptype if ptype is not None else "",
            rrh_sub if ptype == 13 and rrh_sub is not None else None,
            access,
            (affiliated or 0) if services_only else 0,
            ", ".join(aff_ids) if services_only else "",
            ", ".join(dict.fromkeys(c for c in cocs if c)),   # file order, pairs kept
            ", ".join(dict.fromkeys(g for g in geos if g)),
            vsp if vsp is not None else 0,
            ctx.params.software_name,
            start.isoformat(),
            end.isoformat(),
            len(persons),
            len(hohs),
        ])
        members[(line, 15)] = tuple(persons)
        members[(line, 16)] = tuple(hohs)
    return ReportTable(shell, values, members, row_labels=tuple(labels))
