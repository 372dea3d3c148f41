"""Eva's data-quality checks (``dq_findings``): each check fires exactly where expected on a
hand-built export, and not on its clean counterpart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from _build import END, START, Build

import hmis_core
from _support import EVA_DEMO
from hmis_core import Finding
from hmis_core.csvspec import CATALOGUE
from hmis_core.reports._dq_checks import _quantile, dq_findings

D = dt.date
AS_OF = D(2022, 10, 15)
ENTRY = "2022-01-10"
BEDS = {0, 1, 2, 3, 8, 9, 10, 13}
Where = list[tuple[str, int]]


# ------------------------------------------------------------------------------ a clean world

def project(b: Build, pid: str = "P1", ptype: int = 3, *, funder: int | None = 2,
            inventory: bool = True, participating: bool = True,
            op_start: str = "2015-01-01", **cells: Any) -> None:
    """A project with everything Eva's project checks want: address, inventory, HMIS
    participation, housing type and RRH subtype."""
    if ptype in BEDS:
        cells.setdefault("HousingType", 1)
    if ptype == 13:
        cells.setdefault("RRHSubType", 2)
    b.project(pid, ptype, funder=funder, **cells)
    b.rows["Project"][-1]["OperatingStartDate"] = op_start
    b.rows["ProjectCoC"][-1].update(Address1="1 Main St", City="Town", State="XX", ZIP="12345")
    if inventory and ptype in BEDS:
        b.add("Inventory", InventoryID=f"I{pid}", ProjectID=pid, CoCCode="XX-500",
              HouseholdType=1, Availability=1, UnitInventory=5, BedInventory=10,
              CHVetBedInventory=0, YouthVetBedInventory=0, VetBedInventory=0,
              CHYouthBedInventory=0, YouthBedInventory=0, CHBedInventory=0,
              OtherBedInventory=10, ESBedType=1 if ptype in (0, 1) else None,
              InventoryStartDate=op_start)
    if participating:
        b.add("HMISParticipation", HMISParticipationID=f"HP{pid}", ProjectID=pid,
              HMISParticipationType=1, HMISParticipationStatusStartDate=op_start)


def enroll(b: Build, eid: str, pid: str, entry: str = ENTRY, *, project: str = "P1",
           income: bool = True, **cells: Any) -> None:
    """A complete enrollment: 3.917 answered (homeless, a second time, 3 months), created on
    its entry date, with a complete income record at entry."""
    day = D.fromisoformat(entry)
    base: dict[str, Any] = {
        "LengthOfStay": 4, "DateToStreetESSH": day - dt.timedelta(days=60),
        "TimesHomelessPastThreeYears": 2, "MonthsHomelessPastThreeYears": 103,
        "DateCreated": f"{entry} 10:00:00"}
    base.update(cells)
    b.enrollment(eid, pid, entry, project=project, **base)
    if income:
        b.income(eid, entry, 1, **INCOME)


INCOME = {"IncomeFromAnySource": 0, "BenefitsFromAnySource": 0, "InsuranceFromAnySource": 1,
          "Medicaid": 1}


def leave(b: Build, eid: str, date: str, destination: int = 410, **cells: Any) -> None:
    b.exit(eid, date, destination, **cells)
    b.income(eid, date, 3, **INCOME)


def world(ptype: int = 3, **project_cells: Any) -> Build:
    """Project P1 of ``ptype`` with one clean client C1 and enrollment E1."""
    b = Build()
    project(b, "P1", ptype, **project_cells)
    b.client("C1")
    # Other and day shelter enrollments are long stayers after 90 days; the others keep in
    # touch (bed nights, current living situations).
    enroll(b, "E1", "C1", "2022-08-01" if ptype in (7, 11) else ENTRY)
    if ptype == 1:
        b.service("E1", ENTRY)
        b.service("E1", "2022-10-01")
    if ptype in (4, 6, 14):
        b.cls("E1", "2022-09-30", 116)
    return b


def run(b: Build, projects: tuple[str, ...] | str | None = None, **kw: Any) -> list[Finding]:
    kw.setdefault("as_of", AS_OF)
    return dq_findings(b.export(), START, END, projects, **kw)


def at(b: Build, file: str, **match: Any) -> tuple[str, int]:
    """(file, line) of the first row of ``file`` whose cells equal ``match``."""
    for i, row in enumerate(b.rows[file]):
        if all(row.get(k) == ("" if v is None else str(v)) for k, v in match.items()):
            return (file, i + 2)
    raise KeyError(f"no {file} row with {match}")


def codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


@pytest.mark.parametrize("ptype", [0, 1, 2, 3, 4, 6, 7, 8, 11, 12, 13, 14])
def test_a_clean_world_has_no_findings(ptype: int) -> None:
    found = run(world(ptype))
    assert found == [], [str(f) for f in found]


# ------------------------------------------------------------------------------ the cases
# Each case builds the export with ``bad`` (the check must fire, at the returned places) or
# without it (the clean counterpart: the check must not fire).

Case = Callable[[bool], tuple[Build, Where]]
CASES: dict[str, Case] = {}


def case(code: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        assert code in CATALOGUE, code
        CASES[code] = fn
        return fn
    return register


def enrollment_case(code: str, ptype: int = 3, *, file: str = "Enrollment",
                    client: dict[str, Any] | None = None, **cells: Any) -> None:
    """C2/E2 in a ``world(ptype)``: ``cells`` hold (bad, good) pairs of Enrollment values."""
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world(ptype)
        b.client("C2", **(client or {}))
        enroll(b, "E2", "C2", **{k: v[0 if bad else 1] for k, v in cells.items()})
        return b, [at(b, "Enrollment", EnrollmentID="E2")]
    CASES[code] = fn


def client_case(code: str, *, dob: tuple[Any, Any] = ("1980-01-01", "1980-01-01"),
                **cells: tuple[Any, Any]) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world()
        values = {k: v[0 if bad else 1] for k, v in cells.items()}
        b.client("C2", dob=dob[0 if bad else 1], **values)
        enroll(b, "E2", "C2")
        return b, [at(b, "Client", PersonalID="C2")]
    CASES[code] = fn


# --- household (High Priority)

@case("duplicate_enrollment")
def _dup(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.client("C2")
    enroll(b, "E2", "C2")
    enroll(b, "E3", "C2", ENTRY if bad else "2022-02-10")
    return b, [at(b, "Enrollment", EnrollmentID="E2"), at(b, "Enrollment", EnrollmentID="E3")]


def household(rels: tuple[Any, ...], dobs: tuple[str, ...] | None = None) -> Build:
    b = world()
    for i, rel in enumerate(rels, start=2):
        b.client(f"C{i}", dob=dobs[i - 2] if dobs else "1980-01-01")
        enroll(b, f"E{i}", f"C{i}", hid="HX", rel=rel)
    return b


@case("household_without_hoh")
def _no_hoh(bad: bool) -> tuple[Build, Where]:
    b = household((2, 3) if bad else (1, 3))
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("household_multiple_hohs")
def _many_hohs(bad: bool) -> tuple[Build, Where]:
    b = household((1, 1 if bad else 3))
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("relationship_to_hoh_missing")
def _rel_missing(bad: bool) -> tuple[Build, Where]:
    b = household((1, 99 if bad else 2, 3))
    return b, [at(b, "Enrollment", EnrollmentID="E3")]


@case("household_children_only")
def _children(bad: bool) -> tuple[Build, Where]:
    b = household((1, 2), ("2012-03-01" if bad else "1980-01-01", "2015-03-01"))
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


# --- client elements

client_case("name_incomplete", NameDataQuality=(2, 1))
client_case("ssn_unknown", SSNDataQuality=(99, 1))
client_case("dob_missing", dob=(None, "1980-01-01"), dob_quality=(1, 1))
client_case("dob_unknown", dob=(None, "1980-01-01"), dob_quality=(8, 1))
client_case("race_unknown", RaceNone=(8, None), White=(0, 1))
client_case("dob_over_100", dob=("1910-01-01", "1930-01-01"))


@case("veteran_status_unknown")
def _vet_unknown(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.client("C2", veteran=8 if bad else 0)
    enroll(b, "E2", "C2", hid="HX")
    b.client("C3", dob="2015-01-01", veteran=99)  # a child: not asked
    enroll(b, "E3", "C3", hid="HX", rel=2)
    return b, [at(b, "Client", PersonalID="C2")]


@case("dob_after_entry")
def _dob_after(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.client("C2", dob="2022-05-01" if bad else "1990-05-01")
    b.client("C3", dob="2000-01-01")
    enroll(b, "E2", "C2", hid="HX", rel=2)
    enroll(b, "E3", "C3", hid="HX")
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


# --- entry elements

enrollment_case("disabling_condition_unknown", DisablingCondition=(8, 0))
enrollment_case("enrollment_coc_missing", EnrollmentCoC=(None, "XX-500"))
enrollment_case("prior_living_situation_missing", LivingSituation=(None, 116))
enrollment_case("prior_living_situation_unknown", LivingSituation=(9, 116))
enrollment_case("prior_length_of_stay_missing", LengthOfStay=(None, 4))
enrollment_case("prior_length_of_stay_unknown", LengthOfStay=(8, 4))
enrollment_case("previous_street_essh_missing", LivingSituation=(215, 215),
                LengthOfStay=(2, 2), LOSUnderThreshold=(1, 1), PreviousStreetESSH=(None, 0))
enrollment_case("date_homeless_missing", LivingSituation=(215, 215), LengthOfStay=(2, 2),
                LOSUnderThreshold=(1, 1), PreviousStreetESSH=(1, 1),
                DateToStreetESSH=(None, "2021-11-01"))
enrollment_case("times_months_homeless_missing", 0, TimesHomelessPastThreeYears=(None, 2))
enrollment_case("times_months_homeless_unknown", MonthsHomelessPastThreeYears=(99, 103))
enrollment_case("prior_living_situation_incomplete", LivingSituation=(215, 215),
                LengthOfStay=(3, 3), LOSUnderThreshold=(None, 1), PreviousStreetESSH=(None, 0))
enrollment_case("prior_living_subsidy_missing", LivingSituation=(435, 435),
                RentalSubsidyType=(None, 419))
enrollment_case("homeless_start_after_entry", DateToStreetESSH=("2022-02-01", "2021-12-01"))
enrollment_case("months_homeless_determinable", TimesHomelessPastThreeYears=(1, 1),
                MonthsHomelessPastThreeYears=(8, 102), DateToStreetESSH=("2021-12-20",
                                                                         "2021-12-20"))
enrollment_case("months_homeless_mismatch", TimesHomelessPastThreeYears=(1, 1),
                MonthsHomelessPastThreeYears=(105, 102), DateToStreetESSH=("2021-12-20",
                                                                           "2021-12-20"))
enrollment_case("homeless_start_conflict", DateToStreetESSH=("2018-01-01", "2018-01-01"),
                TimesHomelessPastThreeYears=(2, 1), MonthsHomelessPastThreeYears=(103, 113))
enrollment_case("future_entry_date", DateCreated=("2022-01-05 10:00:00", "2022-01-10 08:00:00"))
enrollment_case("move_in_date_invalid", MoveInDate=("2022-01-05", "2022-01-20"))


# --- exits

def exit_case(code: str, file: str = "Exit", **cells: tuple[Any, Any]) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world()
        b.client("C2")
        enroll(b, "E2", "C2")
        values = {k: v[0 if bad else 1] for k, v in cells.items()}
        date = values.pop("ExitDate", "2022-05-01")
        leave(b, "E2", date, values.pop("Destination", 410), **values)
        return b, [at(b, "Exit", EnrollmentID="E2")]
    CASES[code] = fn


exit_case("future_exit_date", ExitDate=("2022-11-01", "2022-09-01"))
exit_case("exit_before_entry", ExitDate=("2022-01-05", "2022-01-20"))
exit_case("destination_unknown", Destination=(8, 410))
exit_case("destination_subsidy_missing", Destination=(435, 435),
          DestinationSubsidyType=(None, 419))


# --- income, benefits, insurance

def income_case(code: str, stage: int, **cells: tuple[Any, Any]) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world()
        b.client("C2")
        values = dict(INCOME)
        values.update({k: v[0 if bad else 1] for k, v in cells.items()})
        enroll(b, "E2", "C2", income=stage != 1)
        if stage == 1:
            b.income("E2", ENTRY, 1, **values)
        else:
            b.exit("E2", "2022-05-01", 410)
            b.income("E2", "2022-05-01", 3, **values)
        return b, [at(b, "IncomeBenefits", EnrollmentID="E2", DataCollectionStage=stage)]
    CASES[code] = fn


for _stage, _at in ((1, "entry"), (3, "exit")):
    income_case(f"income_missing_at_{_at}", _stage, IncomeFromAnySource=(None, 0))
    income_case(f"income_conflict_at_{_at}", _stage, IncomeFromAnySource=(1, 1),
                Earned=(0, 1))
    income_case(f"health_insurance_missing_at_{_at}", _stage,
                InsuranceFromAnySource=(None, 1))
    income_case(f"health_insurance_conflict_at_{_at}", _stage, InsuranceFromAnySource=(0, 0),
                Medicaid=(1, 0))
income_case("benefits_missing_at_entry", 1, BenefitsFromAnySource=(None, 0))
income_case("benefits_conflict_at_entry", 1, BenefitsFromAnySource=(1, 1), SNAP=(None, 1))


# --- SSVF

VET = {"YearEnteredService": 1990, "YearSeparated": 1994, "WorldWarII": 0, "KoreanWar": 0,
       "VietnamWar": 0, "DesertStorm": 1, "AfghanistanOEF": 0, "IraqOIF": 0, "IraqOND": 0,
       "OtherTheater": 0, "MilitaryBranch": 1, "DischargeStatus": 1}
SSVF_ENROLLMENT = {"PercentAMI": 1, "VAMCStation": "402"}


def ssvf_case(code: str, file: str, ptype: int = 13, **cells: tuple[Any, Any]) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = Build()
        project(b, "P1", ptype, funder=33, HousingType=3)
        values = {k: v[0 if bad else 1] for k, v in cells.items()}
        client = {**VET, **{k: v for k, v in values.items() if k in VET}}
        enrollment = {**SSVF_ENROLLMENT, **{k: v for k, v in values.items() if k not in VET}}
        b.client("C1", veteran=1, **client)
        enroll(b, "E1", "C1", **enrollment)
        key = "PersonalID" if file == "Client" else "EnrollmentID"
        return b, [at(b, file, **{key: "C1" if file == "Client" else "E1"})]
    CASES[code] = fn


ssvf_case("veteran_year_entered_missing", "Client", YearEnteredService=(None, 1990))
ssvf_case("veteran_year_entered_future", "Client", YearEnteredService=(2030, 1990))
ssvf_case("veteran_year_separated_missing", "Client", YearSeparated=(None, 1994))
ssvf_case("veteran_year_separated_future", "Client", YearSeparated=(2031, 1994))
ssvf_case("veteran_theaters_missing", "Client", IraqOND=(None, 0))
ssvf_case("veteran_theaters_unknown", "Client", IraqOND=(8, 0))
ssvf_case("veteran_branch_missing", "Client", MilitaryBranch=(None, 1))
ssvf_case("veteran_branch_unknown", "Client", MilitaryBranch=(9, 1))
ssvf_case("veteran_discharge_missing", "Client", DischargeStatus=(None, 1))
ssvf_case("veteran_discharge_unknown", "Client", DischargeStatus=(8, 1))
ssvf_case("ssvf_percent_ami_missing", "Enrollment", PercentAMI=(None, 1))
ssvf_case("ssvf_vamc_station_missing", "Enrollment", VAMCStation=(None, "402"))
ssvf_case("ssvf_hp_screening_missing", "Enrollment", 12, TargetScreenReqd=(1, 1),
          HPScreeningScore=(None, 20), ThresholdScore=(10, 10))


# --- bed nights, contacts, referrals

@case("nbn_no_bed_night_on_entry")
def _nbn_entry(bad: bool) -> tuple[Build, Where]:
    b = world(1)
    b.client("C2")
    enroll(b, "E2", "C2")
    b.service("E2", "2022-01-11" if bad else ENTRY)
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("nbn_bed_night_on_exit")
def _nbn_exit(bad: bool) -> tuple[Build, Where]:
    b = world(1)
    b.client("C2")
    enroll(b, "E2", "C2")
    b.bed_nights("E2", D(2022, 1, 10), D(2022, 1, 12 if bad else 11))
    leave(b, "E2", "2022-01-12")
    return b, [at(b, "Exit", EnrollmentID="E2")]


@case("nbn_project_without_bed_nights")
def _nbn_project(bad: bool) -> tuple[Build, Where]:
    b = Build()
    project(b, "P1", 1)
    b.client("C1")
    enroll(b, "E1", "C1")
    if not bad:
        b.service("E1", ENTRY)
    return b, [at(b, "Project", ProjectID="P1")]


@case("bed_night_overdue")
def _bed_night_overdue(bad: bool) -> tuple[Build, Where]:
    b = world(1)
    b.client("C2")
    enroll(b, "E2", "C2", "2022-03-01")
    b.service("E2", "2022-03-01")
    b.service("E2", "2022-03-02" if bad else "2022-10-01")
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("cls_overdue")
def _cls_overdue(bad: bool) -> tuple[Build, Where]:
    b = world(4)
    b.client("C2")
    b.client("C3", dob="2015-01-01")
    enroll(b, "E2", "C2", "2022-03-01", hid="HX")
    enroll(b, "E3", "C3", "2022-03-01", hid="HX", rel=2)   # a child: not reported
    b.cls("E1", "2022-09-30", 116)
    b.cls("E2", "2022-05-01" if bad else "2022-09-20", 116)
    b.cls("E3", "2022-05-01", 116)
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("cls_subsidy_missing")
def _cls_subsidy(bad: bool) -> tuple[Build, Where]:
    b = world(4)
    b.cls("E1", "2022-09-30", 435, CLSSubsidyType=None if bad else 419)
    return b, [at(b, "CurrentLivingSituation", CurrentLivingSituation=435)]


@case("referral_outstanding")
def _referral(bad: bool) -> tuple[Build, Where]:
    b = world(14)
    b.add("Event", EventID="V1", EnrollmentID="E1", PersonalID="C1", EventDate="2022-09-01",
          Event=14, ResultDate=None if bad else "2022-09-10", ReferralResult=None if bad else 1)
    b.add("Event", EventID="V2", EnrollmentID="E1", PersonalID="C1", EventDate="2022-10-10",
          Event=14)   # 5 days old: not yet overdue
    return b, [at(b, "Event", EventID="V1")]


@case("long_stayer_local")
def _long_local(bad: bool) -> tuple[Build, Where]:
    b = world(7)
    b.client("C2")
    enroll(b, "E2", "C2", "2022-05-01" if bad else "2022-09-01")
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


@case("long_stayer_outlier")
def _long_outlier(bad: bool) -> tuple[Build, Where]:
    b = Build()
    project(b, "P1", 2)
    for i, entry in enumerate(("2022-09-01", "2022-08-01", "2022-09-01",
                               "2021-12-01" if bad else "2022-08-01"), start=1):
        b.client(f"C{i}")
        enroll(b, f"E{i}", f"C{i}", entry)
    return b, [at(b, "Enrollment", EnrollmentID="E4")]


@case("possible_missed_move_in")
def _missed_move_in(bad: bool) -> tuple[Build, Where]:
    b = world(3)
    b.client("C2")
    enroll(b, "E2", "C2", "2021-12-01", MoveInDate=None if bad else "2021-12-15")
    return b, [at(b, "Enrollment", EnrollmentID="E2")]


# --- overlaps

@case("enrollment_overlap")
def _overlap(bad: bool) -> tuple[Build, Where]:
    b = world(2)
    project(b, "P2", 0)
    b.client("C2")
    enroll(b, "E2", "C2", "2021-12-01")
    leave(b, "E2", "2022-02-10" if bad else "2022-02-01")
    enroll(b, "E3", "C2", "2022-02-01", project="P2")
    return b, [at(b, "Enrollment", EnrollmentID="E3")]


# --- operating and participation periods

def period_case(code: str, kind: str, period: tuple[str, str | None],
                stay: tuple[str, str | None]) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = Build()
        start, end = period if bad else ("2015-01-01", None)
        if kind == "operating":
            project(b, "P1", 3, op_start=start, OperatingEndDate=end)
            b.rows["Inventory"][-1]["InventoryStartDate"] = start
            b.rows["Inventory"][-1]["InventoryEndDate"] = end or ""
            b.rows["HMISParticipation"][-1]["HMISParticipationStatusStartDate"] = start
            b.rows["HMISParticipation"][-1]["HMISParticipationStatusEndDate"] = end or ""
        else:
            project(b, "P1", 3, participating=False)
            b.add("HMISParticipation", HMISParticipationID="HP1", ProjectID="P1",
                  HMISParticipationType=1, HMISParticipationStatusStartDate=start,
                  HMISParticipationStatusEndDate=end)
        b.client("C1")
        enroll(b, "E1", "C1", stay[0])
        if stay[1]:
            leave(b, "E1", stay[1])
        return b, [at(b, "Enrollment", EnrollmentID="E1")]
    CASES[code] = fn


for _kind, _name in (("operating", "operating"), ("participation", "participation")):
    period_case(f"enrollment_after_{_name}_period", _kind, ("2015-01-01", "2021-06-30"),
                ("2021-12-01", None))
    period_case(f"enrollment_before_{_name}_period", _kind, ("2022-06-01", None),
                ("2021-10-05", "2022-01-10"))
    period_case(f"enrollment_crosses_{_name}_start", _kind, ("2022-01-01", None),
                ("2021-12-01", None))
    period_case(f"enrollment_crosses_{_name}_end", _kind, ("2015-01-01", "2022-03-31"),
                ("2022-01-10", None))
    period_case(f"enrollment_crosses_{_name}_period", _kind, ("2021-11-01", "2022-03-31"),
                ("2021-10-05", None))


# --- project descriptors

def project_case(code: str, file: str, mutate: Callable[[Build], Any], ptype: int = 3,
                 **project_cells: Any) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world(ptype, **project_cells)
        where = [at(b, file, ProjectID="P1")] if file != "-" else []
        if bad:
            got = mutate(b)
            if got is not None:
                where = [got]
        return b, where
    CASES[code] = fn


def _set(file: str, index: int = -1, **cells: Any) -> Callable[[Build], None]:
    def mutate(b: Build) -> None:
        b.rows[file][index].update({k: "" if v is None else str(v) for k, v in cells.items()})
    return mutate


project_case("project_geography_missing", "ProjectCoC", _set("ProjectCoC", Geocode=None))
project_case("project_address_missing", "ProjectCoC", _set("ProjectCoC", ZIP="1234"))
project_case("housing_type_missing", "Project", _set("Project", HousingType=None))
project_case("rrh_subtype_missing", "Project", _set("Project", RRHSubType=None), 13)
project_case("inventory_bed_total_mismatch", "Inventory", _set("Inventory", OtherBedInventory=9))
project_case("inventory_units_exceed_beds", "Inventory", _set("Inventory", UnitInventory=11))
project_case("inventory_coc_not_project_coc", "Inventory", _set("Inventory", CoCCode="XX-501"))
project_case("es_bed_type_mismatch", "Inventory", _set("Inventory", ESBedType=2), 0)
project_case("rrh_services_only_inventory", "Inventory", _set("Project", RRHSubType=1), 13)
project_case("inventory_starts_before_operating", "Inventory",
             _set("Project", OperatingStartDate="2016-01-01"))
project_case("inventory_ends_after_operating", "Inventory",
             _set("Project", OperatingEndDate="2022-09-30"))


@case("project_coc_missing")
def _no_project_coc(bad: bool) -> tuple[Build, Where]:
    b = world()
    if bad:
        b.rows["ProjectCoC"].clear()
    return b, [at(b, "Project", ProjectID="P1")]


@case("inventory_missing")
def _no_inventory(bad: bool) -> tuple[Build, Where]:
    b = world()
    if bad:
        b.rows["Inventory"].clear()
    return b, [at(b, "Project", ProjectID="P1")]


@case("project_coc_without_inventory")
def _coc_without_inventory(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.add("ProjectCoC", ProjectCoCID="PC9", ProjectID="P1", CoCCode="XX-501", Geocode="123456",
          GeographyType=1, Address1="2 Main St", City="Town", State="XX", ZIP="12345")
    if not bad:
        b.add("Inventory", InventoryID="I9", ProjectID="P1", CoCCode="XX-501", HouseholdType=1,
              Availability=1, UnitInventory=1, BedInventory=1, OtherBedInventory=1,
              CHVetBedInventory=0, YouthVetBedInventory=0, VetBedInventory=0,
              CHYouthBedInventory=0, YouthBedInventory=0, CHBedInventory=0,
              InventoryStartDate="2015-01-01")
    return b, [at(b, "ProjectCoC", ProjectCoCID="PC9")]


@case("seasonal_inventory_long_term")
def _seasonal(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.rows["Inventory"][-1].update(Availability="2", InventoryStartDate="2021-11-01",
                                   InventoryEndDate="" if bad else "2022-03-31")
    return b, [at(b, "Inventory", ProjectID="P1")]


@case("operating_end_date_missing")
def _operating_end(bad: bool) -> tuple[Build, Where]:
    b = Build()
    project(b, "P1", 3)
    b.client("C1")
    enroll(b, "E1", "C1")
    leave(b, "E1", "2022-05-01" if bad else "2022-10-01")
    return b, [at(b, "Project", ProjectID="P1")]


@case("zero_utilization")
def _zero(bad: bool) -> tuple[Build, Where]:
    b = world()
    project(b, "P2", 2)
    if not bad:
        b.client("C2")
        enroll(b, "E2", "C2", project="P2")
    return b, [at(b, "Project", ProjectID="P2")]


@case("inventory_without_enrollments")
def _inventory_without(bad: bool) -> tuple[Build, Where]:
    b = world()
    b.rows["Inventory"][-1]["InventoryEndDate"] = "2021-12-31" if bad else ""
    return b, [at(b, "Project", ProjectID="P1")]


def _vsp(b: Build) -> None:
    b.rows["Organization"][0]["VictimServiceProvider"] = "1"


project_case("vsp_client_data", "Project", _vsp)
project_case("vsp_participating_in_hmis", "Project", _vsp)


def participation_case(code: str, file: str, prefix: str) -> None:
    def fn(bad: bool) -> tuple[Build, Where]:
        b = world(participating=False)
        extra = ({"HMISParticipationType": 1} if file == "HMISParticipation"
                 else {"AccessPoint": 1, "ReceivesReferrals": 1})
        b.add(file, **{f"{file}ID": "A1"}, ProjectID="P1", **extra,
              **{f"{prefix}StatusStartDate": "2015-01-01",
                 f"{prefix}StatusEndDate": "2020-12-31"})
        b.add(file, **{f"{file}ID": "A2"}, ProjectID="P1", **extra,
              **{f"{prefix}StatusStartDate": "2020-12-31" if bad else "2021-01-01"})
        return b, [at(b, file, **{f"{file}ID": "A2"})]
    CASES[code] = fn


participation_case("hmis_participation_overlap", "HMISParticipation", "HMISParticipation")
participation_case("ce_participation_overlap", "CEParticipation", "CEParticipation")


# ------------------------------------------------------------------------------ the tests

def test_every_dq_check_has_a_case() -> None:
    dq = {code for code, check in CATALOGUE.items() if check.stage == "dq"}
    assert dq == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_check_fires_exactly_where_expected(code: str) -> None:
    b, where = CASES[code](True)
    found = run(b)
    hits = [f for f in found if f.code == code]
    assert sorted((f.file, f.row) for f in hits) == sorted(where), [str(f) for f in found]
    check = CATALOGUE[code]
    assert all(f.severity == check.severity and f.element == check.element for f in hits)


@pytest.mark.parametrize("code", sorted(CASES))
def test_clean_counterpart_does_not_fire(code: str) -> None:
    b, _ = CASES[code](False)
    found = run(b)
    assert code not in codes(found), [str(f) for f in found if f.code == code]


# ------------------------------------------------------------------------------ rules in detail

def test_only_active_enrollments_of_the_chosen_projects_are_checked() -> None:
    b = world()
    project(b, "P2", 3)
    b.client("C2")
    enroll(b, "E2", "C2", project="P2", DisablingCondition=8)
    b.client("C3")
    enroll(b, "E3", "C3", "2020-01-01", DisablingCondition=8)
    leave(b, "E3", "2021-09-30")                     # left before the start
    b.client("C4")
    enroll(b, "E4", "C4", "2022-10-01", DisablingCondition=8)   # entered after the end
    b.client("C5")
    enroll(b, "E5", "C5", "2020-01-01", DisablingCondition=8)
    leave(b, "E5", "2021-10-01")                     # left on the start date: active
    found = [f for f in run(b, ("P1",)) if f.code == "disabling_condition_unknown"]
    assert [f.row for f in found] == [at(b, "Enrollment", EnrollmentID="E5")[1]]
    assert {f.row for f in run(b) if f.code == "disabling_condition_unknown"} == {
        at(b, "Enrollment", EnrollmentID=e)[1] for e in ("E2", "E5")}


def test_findings_name_ids_and_never_ppi() -> None:
    b = world()
    b.client("C2", FirstName="Zebulon", LastName="Quixote", SSN="987654321",
             NameDataQuality=2, SSNDataQuality=99, dob="2022-06-01")
    enroll(b, "E2", "C2")
    found = run(b)
    assert {"name_incomplete", "ssn_unknown", "dob_after_entry"} <= codes(found)
    for f in found:
        text = f"{f} {f.to_dict()}"
        for secret in ("Zebulon", "Quixote", "987654321", "2022-06-01"):
            assert secret not in text
    assert all("C2" in f.message for f in found)


def test_client_checks_are_reported_once_per_client() -> None:
    b = world()
    b.client("C2", SSNDataQuality=8)
    enroll(b, "E2", "C2")
    leave(b, "E2", "2022-02-01")
    enroll(b, "E3", "C2", "2022-03-01")
    assert [f.code for f in run(b)].count("ssn_unknown") == 1


def test_age_limits_of_the_unknown_answers() -> None:
    b = world()
    b.client("C2", dob="2010-01-01")                 # a child, not HoH: 3.917 not asked
    enroll(b, "E2", "C2", hid="HE1", rel=2, LivingSituation=None, LengthOfStay=None)
    assert codes(run(b)) == set()


def test_income_is_checked_only_where_a_funder_requires_it() -> None:
    b = world(funder=46)                             # local funding: nothing required
    b.rows["IncomeBenefits"][-1]["IncomeFromAnySource"] = ""
    assert codes(run(b)) == set()
    b = world(funder=2)
    b.rows["IncomeBenefits"][-1]["IncomeFromAnySource"] = ""
    assert codes(run(b)) == {"income_missing_at_entry"}


def test_overlap_rules() -> None:
    # RRH against PSH is not an overlap; two PH stays count from their move-in dates.
    b = world(13)
    project(b, "P2", 3)
    b.client("C2")
    enroll(b, "E2", "C2", "2021-11-01", MoveInDate="2021-11-15")
    enroll(b, "E3", "C2", "2021-12-01", project="P2", MoveInDate="2021-12-15")
    assert "enrollment_overlap" not in codes(run(b))
    # Night-by-night against entry-exit shelter: more than two shared days are needed.
    for last, hit in ((D(2022, 2, 2), False), (D(2022, 2, 4), True)):
        b = world(0)
        project(b, "P2", 1)
        b.client("C2")
        enroll(b, "E2", "C2", "2022-02-01")
        enroll(b, "E3", "C2", "2022-01-20", project="P2")
        b.bed_nights("E3", D(2022, 1, 20), last)
        leave(b, "E3", (last + dt.timedelta(days=1)).isoformat())
        assert ("enrollment_overlap" in codes(run(b))) is hit
    # Two night-by-night shelters overlap when they share a bed night.
    b = world(1)
    project(b, "P2", 1)
    b.client("C2")
    enroll(b, "E2", "C2", "2022-02-01")
    b.bed_nights("E2", D(2022, 2, 1), D(2022, 2, 5))
    enroll(b, "E3", "C2", "2022-02-05", project="P2")
    b.service("E3", "2022-02-05")
    hits = [f for f in run(b) if f.code == "enrollment_overlap"]
    assert [f.row for f in hits] == [at(b, "Enrollment", EnrollmentID="E3")[1]]


def test_address_is_needed_for_site_based_projects_only() -> None:
    for housing, hit in ((1, True), (3, False)):
        b = world(HousingType=housing)
        b.rows["ProjectCoC"][-1]["City"] = ""
        hits = [f for f in run(b, "P1") if f.code == "project_address_missing"]
        assert [(f.file, f.row, f.column) for f in hits] == (
            [("ProjectCoC", 2, "City")] if hit else [])


def test_local_settings_can_be_changed() -> None:
    b = world(7)
    b.client("C2")
    enroll(b, "E2", "C2", "2022-09-01")
    assert "long_stayer_local" not in codes(run(b))
    assert "long_stayer_local" in codes(run(b, long_stayer_days={7: 30}))
    assert "long_stayer_local" not in codes(run(b, long_stayer_days={}))


def test_as_of_defaults_to_the_export_date() -> None:
    b = world()
    b.client("C2")
    enroll(b, "E2", "C2")
    b.exit("E2", "2022-09-01", 410)
    b.rows["Export"].append({
        "ExportID": "X1", "SourceType": "3", "ExportDate": "2022-08-01 12:00:00",
        "ExportStartDate": "2021-10-01", "ExportEndDate": "2022-09-30", "SoftwareName": "S",
        "ExportPeriodType": "3", "ExportDirective": "2", "HashStatus": "1",
        "ImplementationID": "I", "CSVVersion": "2026 v1"})
    found = dq_findings(b.export(), START, END)
    assert "future_exit_date" in codes(found)
    assert "future_exit_date" not in codes(dq_findings(b.export(), START, END, as_of=AS_OF))


def test_dates_may_be_text_and_end_must_follow_start() -> None:
    b = world()
    assert dq_findings(b.export(), "2021-10-01", "2022-09-30", as_of="2022-10-15") == []
    with pytest.raises(ValueError, match="before start"):
        dq_findings(b.export(), END, START)


def test_quantile_is_r_type_7() -> None:
    assert _quantile([1, 2, 3, 4], 0.5) == 2.5
    assert _quantile([10], 0.98) == 10
    assert _quantile([0, 100], 0.98) == pytest.approx(98)


# ------------------------------------------------------------------------------ real exports

def _ppi_values(export: hmis_core.Export) -> set[str]:
    table = export["Client"]
    out: set[str] = set()
    for column in ("FirstName", "LastName", "SSN"):
        col = table[column]
        for row in range(len(table)):
            text = col.raw(row)
            if len(text) >= 3:
                out.add(text)
    return out


@pytest.mark.parametrize(("source", "start", "end"), [
    ("sample", "2024-10-01", "2025-09-30"),
    ("eva-demo", "2021-10-01", "2022-09-30"),
])
def test_real_exports(source: str, start: str, end: str) -> None:
    if source == "sample":
        path = hmis_core.sample_export_path()
    else:
        if not EVA_DEMO.exists():
            pytest.skip(f"{EVA_DEMO} not found")
        path = EVA_DEMO
    export, _ = hmis_core.read_export(path)
    found = dq_findings(export, start, end)
    assert found
    assert all(isinstance(f, Finding) for f in found)
    assert {f.code for f in found} <= set(CATALOGUE)
    assert all(CATALOGUE[f.code].stage == "dq" for f in found)
    secrets = _ppi_values(export)
    for f in found:
        assert not any(s in f.message for s in secrets), f.message
