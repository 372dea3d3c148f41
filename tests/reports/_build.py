"""Hand-built exports for the report tests: each record is a few keyword arguments.

Values are CSV texts (or ints/dates, converted with ``str``); columns not given are empty,
except the defaults below, chosen so that an enrollment is complete unless a test says
otherwise. ``b = Build(); b.project("P1", 3); b.client("C1", dob="1980-05-01");
b.enrollment("E1", "C1", "2022-01-10"); export = b.export()``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from hmis_core import Export
from hmis_core._table import TableBuilder
from hmis_core.elements import FY2026
from hmis_core.reports._layout import layouts
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import ReportParameters, build_context

__all__ = ["END", "START", "Build"]

START = dt.date(2021, 10, 1)
END = dt.date(2022, 9, 30)
STAMP = "2021-01-01 09:00:00"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Build:
    """Collects rows per file; :meth:`export` makes the :class:`Export`."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str]]] = defaultdict(list)
        self._ids: dict[str, int] = defaultdict(int)

    def _next(self, prefix: str) -> str:
        self._ids[prefix] += 1
        return f"{prefix}{self._ids[prefix]}"

    def add(self, file: str, **cells: Any) -> dict[str, str]:
        row = {"DateCreated": STAMP, "DateUpdated": STAMP, "UserID": "U1", "ExportID": "X1"}
        row.update({k: _text(v) for k, v in cells.items()})
        self.rows[file].append(row)
        return row

    # ------------------------------------------------------------------ project side
    def project(self, pid: str = "P1", ptype: int = 3, *, funder: int | None = 2,
                org: str = "O1", **cells: Any) -> None:
        if not any(r["OrganizationID"] == org for r in self.rows["Organization"]):
            self.add("Organization", OrganizationID=org, OrganizationName=f"Org {org}",
                     VictimServiceProvider=0)
        self.add("Project", ProjectID=pid, OrganizationID=org, ProjectName=f"Project {pid}",
                 OperatingStartDate="2015-01-01", ContinuumProject=1, ProjectType=ptype,
                 **cells)
        if funder is not None:
            self.add("Funder", FunderID=self._next("F"), ProjectID=pid, Funder=funder,
                     GrantID="G", StartDate="2015-01-01")
        self.add("ProjectCoC", ProjectCoCID=self._next("PC"), ProjectID=pid, CoCCode="XX-500",
                 Geocode="123456", GeographyType=1)

    # ------------------------------------------------------------------ client side
    def client(self, pid: str, *, dob: Any = "1980-01-01", dob_quality: int = 1,
               veteran: int = 0, **cells: Any) -> None:
        base: dict[str, Any] = {
            "PersonalID": pid, "FirstName": "A", "LastName": "B", "NameDataQuality": 1,
            "SSN": "219098765", "SSNDataQuality": 1, "DOB": dob, "DOBDataQuality": dob_quality,
            "Sex": 1, "White": 1, "AmIndAKNative": 0, "Asian": 0, "BlackAfAmerican": 0,
            "HispanicLatinao": 0, "MidEastNAfrican": 0, "NativeHIPacific": 0,
            "VeteranStatus": veteran}
        base.update(cells)
        self.add("Client", **base)

    def enrollment(self, eid: str, pid: str, entry: Any, *, project: str = "P1",
                   hid: str | None = None, rel: int = 1, **cells: Any) -> None:
        base: dict[str, Any] = {
            "EnrollmentID": eid, "PersonalID": pid, "ProjectID": project, "EntryDate": entry,
            "HouseholdID": hid or f"H{eid}", "RelationshipToHoH": rel, "EnrollmentCoC": "XX-500",
            "LivingSituation": 116, "DisablingCondition": 0}
        base.update(cells)
        self.add("Enrollment", **base)

    def exit(self, eid: str, date: Any, destination: int = 410, **cells: Any) -> None:
        pid = next(r["PersonalID"] for r in self.rows["Enrollment"] if r["EnrollmentID"] == eid)
        self.add("Exit", ExitID=self._next("X"), EnrollmentID=eid, PersonalID=pid,
                 ExitDate=date, Destination=destination, **cells)

    def _pid(self, eid: str) -> str:
        return next(r["PersonalID"] for r in self.rows["Enrollment"] if r["EnrollmentID"] == eid)

    def income(self, eid: str, date: Any, stage: int, **cells: Any) -> None:
        self.add("IncomeBenefits", IncomeBenefitsID=self._next("I"), EnrollmentID=eid,
                 PersonalID=self._pid(eid), InformationDate=date, DataCollectionStage=stage,
                 **cells)

    def disability(self, eid: str, date: Any, stage: int, dtype: int, response: int,
                   **cells: Any) -> None:
        self.add("Disabilities", DisabilitiesID=self._next("D"), EnrollmentID=eid,
                 PersonalID=self._pid(eid), InformationDate=date, DataCollectionStage=stage,
                 DisabilityType=dtype, DisabilityResponse=response, **cells)

    def health_dv(self, eid: str, date: Any, stage: int, **cells: Any) -> None:
        self.add("HealthAndDV", HealthAndDVID=self._next("HD"), EnrollmentID=eid,
                 PersonalID=self._pid(eid), InformationDate=date, DataCollectionStage=stage,
                 **cells)

    def service(self, eid: str, date: Any, record_type: int = 200, type_provided: int = 200,
                **cells: Any) -> None:
        self.add("Services", ServicesID=self._next("S"), EnrollmentID=eid,
                 PersonalID=self._pid(eid), DateProvided=date, RecordType=record_type,
                 TypeProvided=type_provided, **cells)

    def bed_nights(self, eid: str, first: dt.date, last: dt.date) -> None:
        day = first
        while day <= last:
            self.service(eid, day)
            day += dt.timedelta(days=1)

    def cls(self, eid: str, date: Any, situation: int, **cells: Any) -> None:
        self.add("CurrentLivingSituation", CurrentLivingSitID=self._next("CL"), EnrollmentID=eid,
                 PersonalID=self._pid(eid), InformationDate=date, CurrentLivingSituation=situation,
                 **cells)

    def youth_education(self, eid: str, date: Any, stage: int, **cells: Any) -> None:
        self.add("YouthEducationStatus", YouthEducationStatusID=self._next("Y"),
                 EnrollmentID=eid, PersonalID=self._pid(eid), InformationDate=date,
                 DataCollectionStage=stage, **cells)

    # ------------------------------------------------------------------ result
    def export(self) -> Export:
        tables = {}
        for name, rows in self.rows.items():
            spec = FY2026.file(name)
            header = [c.name for c in spec.columns]
            unknown = {k for r in rows for k in r} - set(header)
            if unknown:
                raise KeyError(f"{name} has no columns {sorted(unknown)}")
            builder = TableBuilder(spec, FY2026, header)
            builder.add_rows([[r.get(c, "") for c in header] for r in rows])
            tables[name] = builder.build()
        return Export(tables)


def run_table(export: Export, question: str, *, start: dt.date = START, end: dt.date = END,
              projects: tuple[str, ...] = ("P1",), report: str | None = None) -> Any:
    """Compute one table alone and return its :class:`ReportTable` (``table["B2"]``)."""
    kind = report or ("APR" if ("APR", question) in layouts() else "CAPER")
    ctx = build_context(export, ReportParameters(start, end, projects))
    tally = Tally(layouts()[(kind, question)])
    TABLES[question](ctx, tally)
    return tally.build()
