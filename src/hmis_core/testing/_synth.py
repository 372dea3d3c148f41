"""``synthesize``: a believable Continuum of Care over several years, with known truth.

Households (singles, families with children, unaccompanied and parenting youth, veterans,
chronically homeless people) move through projects of every type: outreach contacts and
engagement, shelter stays (entry/exit and night-by-night with bed nights), transitional and
permanent housing with move-in dates, prevention, coordinated entry assessments and events;
repeat enrollments and returns to homelessness; exits to the full spread of destinations;
income, benefits, insurance, health, DV and disability records at entry, annual assessment
and exit. Some people have duplicate client records with realistic entry errors
(:mod:`._people`); :class:`Truth` maps every PersonalID to its person.

Everything is drawn from one ``random.Random(seed)``: the same arguments give the same
export, byte for byte.
"""

from __future__ import annotations

import csv
import datetime
import os
import random
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from hmis_core._export import Export
from hmis_core._version import __version__
from hmis_core.csvspec._hashing import hash_name, hash_ssn
from hmis_core.elements import FY2026
from hmis_core.testing._coc import PERMANENT, CoC, Project, build_coc
from hmis_core.testing._defects import inject
from hmis_core.testing._people import (
    ERROR_TYPES,
    ClientRecord,
    Person,
    first_record,
    make_duplicate,
    make_person,
)
from hmis_core.testing._sink import CsvSink, ExportSink, RowMaker, Sink

__all__ = ["Truth", "synthesize", "write_synthetic"]

DEFAULT_ERROR_RATES: Mapping[str, float] = {
    "typo_last": 0.25, "typo_first": 0.2, "nickname": 0.2, "swap_names": 0.05,
    "dob_transposed": 0.08, "dob_default": 0.08, "ssn_partial": 0.15, "ssn_missing": 0.15,
    "missing_name_part": 0.08, "married_name": 0.05, "suffix_dropped": 0.5,
}
"""Chance of each kind of entry error on a duplicate record (at least one always applies)."""

_DAY = datetime.timedelta(days=1)


@attrs.define
class Truth:
    """Ground truth of a synthetic export: which client records are the same person.

    >>> from hmis_core.testing import synthesize
    >>> export, truth = synthesize(clients=300, seed=1)
    >>> len(truth.person_of), len(truth.clusters()), len(truth.pairs())
    (300, 286, 14)
    >>> truth.person_of["C46"] == truth.person_of["C47"], truth.errors["C47"]
    (True, ('typo_last',))
    """

    person_of: dict[str, str] = attrs.field(factory=dict)
    """PersonalID -> person id."""
    errors: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    """PersonalID of each duplicate record -> the entry errors it carries."""
    injected: list[tuple[str, str, int, str]] = attrs.field(factory=list)
    """Findings the injected defects must produce: (code, file, row, column)."""

    def clusters(self) -> list[list[str]]:
        """PersonalIDs grouped by person (every person, singletons included)."""
        groups: dict[str, list[str]] = {}
        for pid, person in self.person_of.items():
            groups.setdefault(person, []).append(pid)
        return list(groups.values())

    def pairs(self) -> set[tuple[str, str]]:
        """Every pair of PersonalIDs of the same person, as (smaller, larger)."""
        out: set[tuple[str, str]] = set()
        for group in self.clusters():
            ordered = sorted(group)
            out.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
        return out

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """Write ``PersonalID,PersonID,Errors`` rows."""
        with Path(path).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["PersonalID", "PersonID", "Errors"])
            for pid, person in self.person_of.items():
                writer.writerow([pid, person, ";".join(self.errors.get(pid, ()))])


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _age(dob: datetime.date, on: datetime.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


class _Generator:
    """Holds the state of one synthesis run and writes client-level rows to a sink."""

    def __init__(self, sink: Sink, rng: random.Random, coc: CoC, start: datetime.date,
                 end: datetime.date, hashed: bool) -> None:
        self.sink, self.rng, self.coc = sink, rng, coc
        self.start, self.end, self.hashed = start, end, hashed
        self.export_date = end + _DAY
        self.makers = {n: RowMaker(n) for n in (
            "Client", "Enrollment", "Exit", "IncomeBenefits", "HealthAndDV", "Disabilities",
            "Services", "CurrentLivingSituation", "Assessment", "Event",
            "EmploymentEducation", "YouthEducationStatus")}
        self.ids: dict[str, int] = {}
        self.truth = Truth()

    # ----------------------------------------------------------------- helpers
    def next_id(self, prefix: str) -> str:
        n = self.ids.get(prefix, 0) + 1
        self.ids[prefix] = n
        return f"{prefix}{n}"

    _TIMES = tuple(f"{h:02d}:{m:02d}:00" for h in range(8, 18) for m in range(60))

    def stamp(self, day: datetime.date) -> dict[str, str]:
        """DateCreated/DateUpdated (a working hour of ``day``), UserID and ExportID."""
        when = min(day, self.export_date - _DAY)
        r = self.rng.random()
        text = f"{when.isoformat()} {self._TIMES[int(r * len(self._TIMES))]}"
        users = self.coc.users
        return {"DateCreated": text, "DateUpdated": text,
                "UserID": users[int(r * 7919) % len(users)], "ExportID": self.coc.export_id}

    def add(self, file: str, values: dict[str, str]) -> None:
        self.sink.add(file, self.makers[file].row(values))

    # ----------------------------------------------------------------- clients
    def client_row(self, rec: ClientRecord, first_seen: datetime.date) -> None:
        person = rec.person
        first, middle, last, ssn = rec.first, rec.middle, rec.last, rec.ssn
        if self.hashed:
            first, middle, last = (hash_name(x) or "" for x in (first, middle, last))
            ssn = hash_ssn(ssn) or ""
        row = {"PersonalID": rec.personal_id, "FirstName": first, "MiddleName": middle,
               "LastName": last, "NameSuffix": rec.suffix, "NameDataQuality":
               str(rec.name_quality), "SSN": ssn, "SSNDataQuality": str(rec.ssn_quality),
               "DOB": _iso(rec.dob) if rec.dob else "", "DOBDataQuality": str(rec.dob_quality),
               "Sex": str(person.sex), "VeteranStatus": "1" if person.veteran else "0",
               **self.stamp(first_seen)}
        for race in ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
                     "MidEastNAfrican", "NativeHIPacific", "White"):
            row[race] = "1" if race in person.races else "0"
        if person.veteran:
            row.update(YearEnteredService=str(person.dob.year + 19),
                       YearSeparated=str(person.dob.year + 23), WorldWarII="0", KoreanWar="0",
                       VietnamWar="0", DesertStorm="0", AfghanistanOEF="0",
                       IraqOIF="1" if person.dob.year > 1965 else "0", IraqOND="0",
                       OtherTheater="0", MilitaryBranch=str(self.rng.choice((1, 2, 3, 4))),
                       DischargeStatus=str(self.rng.choice((1, 1, 1, 2))))
        self.add("Client", row)
        self.truth.person_of[rec.personal_id] = person.person_id
        if rec.errors:
            self.truth.errors[rec.personal_id] = rec.errors

    # ----------------------------------------------------------------- households
    def household(self, size_hint: int) -> list[ClientRecord]:
        """Make one household's people and records, run its spells; return its records."""
        rng = self.rng
        kind = rng.choices(("single", "family", "youth", "parenting", "child"),
                           (62, 22, 9, 4, 3))[0]
        # ages are reckoned from before the earliest entry, so nobody enters before birth
        ref = self.start - datetime.timedelta(days=600)
        members: list[tuple[Person, str]] = []  # (person, relationship)

        def adult(age_lo: int, age_hi: int, sex: int | None = None,
                  last: str | None = None) -> Person:
            dob = ref - datetime.timedelta(days=rng.randint(age_lo * 365, age_hi * 365))
            return make_person(f"H{self.next_id('person')}", dob, rng, sex=sex, last=last)

        if kind == "single":
            members.append((adult(25, 70), "1"))
        elif kind == "youth":
            members.append((adult(18, 24), "1"))
        elif kind == "child":
            members.append((adult(13, 17), "1"))
        else:
            head = adult(18, 24) if kind == "parenting" else adult(24, 50)
            members.append((head, "1"))
            if kind == "family" and rng.random() < 0.4:
                members.append((adult(24, 50, sex=1 - head.sex, last=head.last), "3"))
            for _ in range(1 if kind == "parenting" else rng.randint(1, 3)):
                dob = ref - datetime.timedelta(days=rng.randint(30, 14 * 365))
                members.append((make_person(f"H{self.next_id('person')}", dob, rng,
                                            last=head.last), "2"))
        members = members[:max(1, size_hint)]  # never more records than asked for
        head = members[0][0]
        if kind == "single" and _age(head.dob, ref) >= 22 and rng.random() < 0.09:
            head.veteran = True
        chronic = kind == "single" and rng.random() < 0.18
        dv = rng.random() < 0.12 and kind in ("family", "single", "parenting")
        records = {p.person_id: [first_record(p, self.next_id("C"), rng)] for p, _ in members}
        spells = 1 + min(4, int(rng.expovariate(1.6)))
        entry = self.start - datetime.timedelta(days=rng.randint(0, 540)) + datetime.timedelta(
            days=rng.randint(0, max(1, (self.end - self.start).days)))
        first_seen = dict.fromkeys(records, entry)
        for _ in range(spells):
            if entry > self.end:
                break
            ptype = self.pick_type(kind, head, chronic, dv)
            project = self.pick_project(ptype, kind, head, dv)
            spell_records = [records[p.person_id][0] for p, _ in members]
            exit_day = self.spell(project, members, spell_records, entry, chronic, dv, kind)
            if exit_day is None:
                break
            entry = exit_day + datetime.timedelta(days=rng.randint(1, 300))
        room = size_hint - len(members)
        if rng.random() < self.dup_rate and room > 0:
            # another agency's intake of the same household: new client records with entry
            # errors, used for a stay of their own somewhere else
            day = self.start + datetime.timedelta(days=rng.randint(
                -180, max(0, (self.end - self.start).days)))
            spell_records = []
            for person, _ in members:
                recs = records[person.person_id]
                if room > 0 and (len(members) == 1 or rng.random() < 0.8):
                    room -= 1
                    recs.append(make_duplicate(recs[0], self.next_id("C"), rng,
                                               self.error_rates))
                    first_seen[recs[-1].personal_id] = day
                spell_records.append(recs[-1])
            ptype = rng.choice((14, 4, 11, 6, 0) if kind not in ("family", "parenting")
                               else (14, 0, 12))
            if ptype not in self.coc.by_type:
                ptype = rng.choice(sorted(self.coc.by_type))
            project = self.pick_project(ptype, kind, head, False)
            self.spell(project, members, spell_records, day, chronic, dv, kind)
        out = []
        for pid_records in records.values():
            for rec in pid_records:
                self.client_row(rec, first_seen.get(rec.personal_id, self.start))
                out.append(rec)
        return out

    dup_rate = 0.05
    error_rates: Mapping[str, float] = DEFAULT_ERROR_RATES

    def pick_type(self, kind: str, head: Person, chronic: bool, dv: bool) -> int:
        ptype = self._pick_type(kind, head, chronic, dv)
        if ptype in self.coc.by_type:
            return ptype
        return self.rng.choice(sorted(self.coc.by_type))

    def _pick_type(self, kind: str, head: Person, chronic: bool, dv: bool) -> int:
        rng = self.rng
        if chronic:
            return rng.choices((4, 0, 1, 3, 8, 11, 14), (20, 20, 10, 25, 5, 10, 10))[0]
        if kind in ("family", "parenting"):
            return rng.choices((0, 2, 13, 12, 3, 10, 14), (30, 10, 25, 15, 5, 5, 10))[0]
        if kind in ("youth", "child"):
            return rng.choices((0, 2, 4), (50, 30, 20))[0]
        if head.veteran:
            return rng.choices((13, 12, 0, 4), (45, 20, 25, 10))[0]
        return rng.choices((0, 1, 2, 13, 12, 4, 6, 7, 9, 11, 14), (28, 8, 5, 12, 8, 10, 5, 3,
                                                                  2, 7, 12))[0]

    def pick_project(self, ptype: int, kind: str, head: Person, dv: bool) -> Project:
        options = self.coc.by_type[ptype]
        if dv and ptype == 0:
            vsp = [p for p in options if p.victim_service_provider]
            if vsp:
                return vsp[0]
        want = {"youth": "youth", "child": "youth", "family": "families",
                "parenting": "families"}.get(kind, "veterans" if head.veteran else "adults")
        matching = [p for p in options if p.serves in (want, "all") and
                    not p.victim_service_provider]
        return self.rng.choice(matching or [p for p in options if not p.victim_service_provider]
                               or options)

    # ----------------------------------------------------------------- one stay
    def spell(self, project: Project, members: list[tuple[Person, str]],
              records: list[ClientRecord], entry: datetime.date, chronic: bool, dv: bool,
              kind: str) -> datetime.date | None:
        """One household stay in one project; returns the exit date (None for stayers)."""
        rng = self.rng
        # nobody enters a project before it opens (projects open 400+ days before the period,
        # first stays are drawn up to 540 days before it)
        entry = max(entry, project.operating_start)
        ptype = project.project_type
        length = {0: (1, 120), 1: (1, 45), 2: (60, 700), 3: (120, 2500), 4: (1, 240),
                  6: (20, 365), 7: (1, 180), 8: (30, 400), 9: (120, 1500), 10: (120, 1500),
                  11: (1, 90), 12: (20, 150), 13: (45, 500), 14: (1, 150)}[ptype]
        los = int(rng.triangular(length[0], length[1], length[0] + (length[1] - length[0]) / 4))
        exit_day = entry + datetime.timedelta(days=los)
        leaver = exit_day <= self.end
        household_id = self.next_id("HH")
        move_in = None
        if ptype in PERMANENT and rng.random() < 0.85:
            move_in = entry + datetime.timedelta(days=rng.randint(0, min(90, los)))
            if move_in > (exit_day if leaver else self.end):
                move_in = None
        destination, subsidy = self.destination(ptype, move_in is not None)
        for (person, relationship), rec in zip(members, records, strict=True):
            enrollment_id = self.next_id("E")
            age = _age(person.dob, entry)
            adult = age >= 18
            disabled = chronic or (adult and rng.random() < 0.25)
            row = {"EnrollmentID": enrollment_id, "PersonalID": rec.personal_id,
                   "ProjectID": project.project_id, "EntryDate": _iso(entry),
                   "HouseholdID": household_id, "RelationshipToHoH": relationship,
                   "DisablingCondition": "1" if disabled else rng.choice("0000000089"),
                   **self.stamp(entry)}
            if relationship == "1":
                row["EnrollmentCoC"] = self.coc.coc_code
            if adult or relationship == "1":
                row.update(self.prior_living(entry, chronic, ptype))
            if move_in is not None:
                row["MoveInDate"] = _iso(move_in)
            if ptype == 4 and rng.random() < 0.7:
                engaged = entry + datetime.timedelta(days=rng.randint(0, min(30, los)))
                if engaged <= (exit_day if leaver else self.end):
                    row["DateOfEngagement"] = _iso(engaged)
            self.add("Enrollment", row)
            last_day = exit_day if leaver else self.end
            self.assessments(enrollment_id, rec.personal_id, entry, last_day, leaver, adult,
                             disabled, dv and relationship == "1")
            self.services(project, enrollment_id, rec.personal_id, entry, last_day, ptype)
            if leaver:
                exit_row = {"ExitID": self.next_id("X"), "EnrollmentID": enrollment_id,
                            "PersonalID": rec.personal_id, "ExitDate": _iso(exit_day),
                            "Destination": str(destination), **self.stamp(exit_day)}
                if subsidy:
                    exit_row["DestinationSubsidyType"] = str(subsidy)
                if destination == 17:
                    exit_row["OtherDestination"] = "Moved out of area"
                self.add("Exit", exit_row)
        return exit_day if leaver else None

    def destination(self, ptype: int, moved_in: bool) -> tuple[int, int | None]:
        rng = self.rng
        if moved_in or ptype in (12,):
            group = rng.choices(("permanent", "temporary", "homeless", "institution", "other"),
                                (80, 8, 3, 4, 5))[0]
        elif ptype in (0, 1, 2, 8):
            group = rng.choices(("permanent", "temporary", "homeless", "institution", "other"),
                                (35, 30, 15, 8, 12))[0]
        else:
            group = rng.choices(("permanent", "temporary", "homeless", "institution", "other"),
                                (25, 20, 25, 5, 25))[0]
        codes = {"permanent": ((410, 411, 421, 422, 423, 435, 426), (30, 3, 2, 15, 8, 40, 2)),
                 "temporary": ((312, 313, 314, 302, 329, 332, 327), (35, 25, 15, 15, 5, 3, 2)),
                 "homeless": ((116, 101, 118), (50, 45, 5)),
                 "institution": ((204, 205, 206, 207, 215, 225), (20, 25, 25, 20, 3, 7)),
                 "other": ((17, 24, 30, 8, 9, 99), (10, 5, 45, 5, 5, 30))}[group]
        code = rng.choices(*codes)[0]
        subsidy = rng.choice((428, 419, 431, 433, 434, 420, 436, 439, 440)) if code == 435 \
            else None
        return code, subsidy

    def prior_living(self, entry: datetime.date, chronic: bool, ptype: int) -> dict[str, str]:
        rng = self.rng
        if chronic:
            situation = rng.choice((116, 116, 101, 118))
        else:
            situation = rng.choices((116, 101, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329,
                                     332, 335, 336, 410, 411, 421, 435, 8, 9, 99),
                                    (12, 20, 1, 2, 3, 3, 4, 1, 1, 4, 5, 1, 1, 10, 10, 8, 1, 1,
                                     4, 2, 2, 4))[0]
        row = {"LivingSituation": str(situation)}
        if situation == 435:
            row["RentalSubsidyType"] = str(rng.choice((428, 419, 431, 433, 434, 420)))
        if situation in (8, 9, 99):
            return row
        row["LengthOfStay"] = str(rng.choice((10, 11, 2, 3, 4, 5) if not chronic else (4, 5)))
        homeless = situation < 200
        if not homeless:
            row["LOSUnderThreshold"] = rng.choice("01")
            if row["LOSUnderThreshold"] == "1":
                row["PreviousStreetESSH"] = rng.choice("01")
        if homeless or row.get("PreviousStreetESSH") == "1":
            months = rng.randint(13, 40) if chronic else rng.randint(0, 10)
            row["DateToStreetESSH"] = _iso(entry - datetime.timedelta(days=30 * months + 1))
            row["TimesHomelessPastThreeYears"] = str(4 if chronic else rng.choice((1, 1, 2, 3)))
            row["MonthsHomelessPastThreeYears"] = str(113 if chronic else
                                                      101 + min(months, 11))
        return row

    # ----------------------------------------------------------------- assessments
    def assessments(self, enrollment_id: str, pid: str, entry: datetime.date,
                    last_day: datetime.date, leaver: bool, adult: bool, disabled: bool,
                    dv: bool) -> None:
        points = [(1, entry)]
        anniversary = entry.replace(year=entry.year + 1) if not (entry.month == 2 and
                                                                 entry.day == 29) else \
            datetime.date(entry.year + 1, 3, 1)
        while anniversary <= last_day:
            points.append((5, anniversary + datetime.timedelta(days=self.rng.randint(-20, 20))))
            anniversary = anniversary.replace(year=anniversary.year + 1)
        if leaver:
            points.append((3, last_day))
        earnings = self.rng.random() < 0.25 if adult else False
        for stage, day in points:
            day = min(max(day, entry), last_day)  # noqa: PLW2901
            self.income(enrollment_id, pid, day, stage, adult, earnings)
            if stage in (1, 3):
                self.health(enrollment_id, pid, day, stage, dv)
                self.disabilities(enrollment_id, pid, day, stage, disabled)

    def income(self, enrollment_id: str, pid: str, day: datetime.date, stage: int,
               adult: bool, earnings: bool) -> None:
        rng = self.rng
        row = {"IncomeBenefitsID": self.next_id("IB"), "EnrollmentID": enrollment_id,
               "PersonalID": pid, "InformationDate": _iso(day), "DataCollectionStage":
               str(stage), **self.stamp(day)}
        if adult:
            sources: dict[str, int] = {}
            if earnings:
                sources["Earned"] = rng.randint(300, 2500)
            if rng.random() < 0.15:
                sources["SSI"] = 943
            if rng.random() < 0.08:
                sources["SSDI"] = rng.randint(800, 1600)
            if rng.random() < 0.05:
                sources["TANF"] = rng.randint(200, 600)
            answer = "1" if sources else rng.choice("000000089")
            row["IncomeFromAnySource"] = answer
            if answer in "01":
                for source in ("Earned", "Unemployment", "SSI", "SSDI", "TANF"):
                    row[source] = "1" if source in sources else "0"
                    if source in sources:
                        row[f"{source}Amount"] = f"{sources[source]:.2f}"
                row["TotalMonthlyIncome"] = f"{sum(sources.values()):.2f}"
        else:
            row["IncomeFromAnySource"] = "0"
        snap = rng.random() < 0.4
        row["BenefitsFromAnySource"] = "1" if snap else "0"
        row["SNAP"] = "1" if snap else "0"
        insured = rng.random() < 0.7
        row["InsuranceFromAnySource"] = "1" if insured else rng.choice("0089")
        if row["InsuranceFromAnySource"] in "01":
            row["Medicaid"] = "1" if insured else "0"
            if not insured:
                row["NoMedicaidReason"] = str(rng.choice((1, 2, 3, 4)))
        self.add("IncomeBenefits", row)

    def health(self, enrollment_id: str, pid: str, day: datetime.date, stage: int,
               dv: bool) -> None:
        row = {"HealthAndDVID": self.next_id("HD"), "EnrollmentID": enrollment_id,
               "PersonalID": pid, "InformationDate": _iso(day),
               "DomesticViolenceSurvivor": "1" if dv else self.rng.choice("0000000089"),
               "DataCollectionStage": str(stage), **self.stamp(day)}
        if dv:
            row["WhenOccurred"] = str(self.rng.choice((1, 2, 3, 4)))
            row["CurrentlyFleeing"] = self.rng.choice("01")
        self.add("HealthAndDV", row)

    def disabilities(self, enrollment_id: str, pid: str, day: datetime.date, stage: int,
                     disabled: bool) -> None:
        """The six disability rows of one collection point (one shared template row)."""
        rng = self.rng
        disabling = rng.choice((5, 7, 9, 10)) if disabled else None
        maker = self.makers["Disabilities"]
        base = maker.row({"EnrollmentID": enrollment_id, "PersonalID": pid,
                          "InformationDate": _iso(day), "DataCollectionStage": str(stage),
                          **self.stamp(day)})
        index = maker.index
        at_id, at_type, at_response, at_indefinite = (
            index["DisabilitiesID"], index["DisabilityType"], index["DisabilityResponse"],
            index["IndefiniteAndImpairs"])
        rows = []
        for dtype in (5, 6, 7, 8, 9, 10):
            yes = dtype == disabling or rng.random() < 0.05
            row = base.copy()
            row[at_id] = self.next_id("D")
            row[at_type] = str(dtype)
            if dtype == 10:
                row[at_response] = str(rng.choice((1, 2, 3))) if yes else "0"
            else:
                row[at_response] = "1" if yes else "0"
            if yes and dtype in (5, 7, 9, 10):
                row[at_indefinite] = "1" if dtype == disabling else "0"
            rows.append(row)
        self.sink.add_many("Disabilities", rows)

    def services(self, project: Project, enrollment_id: str, pid: str, entry: datetime.date,
                 last_day: datetime.date, ptype: int) -> None:
        rng = self.rng
        if ptype == 1:  # night-by-night shelter: a bed night for most nights
            day = entry
            while day < last_day or day == entry:
                if rng.random() < 0.85:
                    self.add("Services", {"ServicesID": self.next_id("S"), "EnrollmentID":
                                          enrollment_id, "PersonalID": pid, "DateProvided":
                                          _iso(day), "RecordType": "200", "TypeProvided": "200",
                                          **self.stamp(day)})
                day += _DAY
        if ptype in (1, 4, 14):  # contacts: current living situation
            day = entry
            for _ in range(rng.randint(1, 4)):
                self.add("CurrentLivingSituation", {
                    "CurrentLivingSitID": self.next_id("CLS"), "EnrollmentID": enrollment_id,
                    "PersonalID": pid, "InformationDate": _iso(day), "CurrentLivingSituation":
                    str(rng.choice((116, 116, 101, 118, 314))), **self.stamp(day)})
                day = min(last_day, day + datetime.timedelta(days=rng.randint(1, 30)))
        if 33 in project.funders and ptype in (12, 13):  # SSVF services
            for _ in range(rng.randint(1, 3)):
                day = entry + datetime.timedelta(days=rng.randint(0, (last_day - entry).days))
                self.add("Services", {"ServicesID": self.next_id("S"), "EnrollmentID":
                                      enrollment_id, "PersonalID": pid, "DateProvided":
                                      _iso(day), "RecordType": "144", "TypeProvided":
                                      str(rng.choice((1, 2, 6, 7, 10))), **self.stamp(day)})
        if ptype == 14:  # coordinated entry: an assessment and events
            day = entry
            self.add("Assessment", {"AssessmentID": self.next_id("A"), "EnrollmentID":
                                    enrollment_id, "PersonalID": pid, "AssessmentDate":
                                    _iso(day), "AssessmentLocation": "Access point",
                                    "AssessmentType": str(rng.choice((1, 2, 3))),
                                    "AssessmentLevel": str(rng.choice((1, 2))),
                                    "PrioritizationStatus": str(rng.choice((1, 2))),
                                    **self.stamp(day)})
            for _ in range(rng.randint(0, 2)):
                event_day = entry + datetime.timedelta(days=rng.randint(0, (last_day -
                                                                            entry).days))
                event = rng.choice((1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18))
                row = {"EventID": self.next_id("EV"), "EnrollmentID": enrollment_id,
                       "PersonalID": pid, "EventDate": _iso(event_day), "Event": str(event),
                       **self.stamp(event_day)}
                if event in (10, 11, 12, 13, 14, 15, 17, 18) and rng.random() < 0.7:
                    row["ReferralResult"] = str(rng.choice((1, 2, 3)))
                    row["ResultDate"] = _iso(min(last_day, event_day + datetime.timedelta(
                        days=rng.randint(0, 20))))
                self.add("Event", row)


def _export_row(sink: Sink, coc: CoC, start: datetime.date, end: datetime.date,
                hashed: bool) -> None:
    sink.add("Export", RowMaker("Export").row({
        "ExportID": coc.export_id, "SourceType": "1", "SourceID": coc.coc_code,
        "SourceName": "Synthetic CoC", "ExportDate": f"{_iso(end + _DAY)} 09:00:00",
        "ExportStartDate": _iso(start), "ExportEndDate": _iso(end),
        "SoftwareName": "hmis_core synth", "SoftwareVersion": __version__,
        "CSVVersion": "2026 v1", "ExportPeriodType": "3", "ExportDirective": "2",
        "HashStatus": "4" if hashed else "1", "ImplementationID": "hmis-core-synth",
    }))


def _run(sink: Sink, *, clients: int, seed: int, start: datetime.date, end: datetime.date,
         duplicate_rate: float, error_rates: Mapping[str, float] | None, hashed: bool,
         coc_code: str, progress: Callable[[int], None] | None,
         project_types: Sequence[int] | None = None) -> Truth:
    if clients < 1:
        raise ValueError("clients must be at least 1")
    if end <= start:
        raise ValueError("end must be after start")
    unknown = set(error_rates or {}) - set(ERROR_TYPES)
    if unknown:
        raise ValueError(f"unknown error types {sorted(unknown)}; known: {ERROR_TYPES}")
    rng = random.Random(seed)
    export_id = f"SYN{seed}"
    _export_row(sink, CoC(coc_code, export_id, [], {}, []), start, end, hashed)
    coc = build_coc(sink, rng, clients=clients, start=start, coc_code=coc_code,
                    export_id=export_id, project_types=project_types)
    generator = _Generator(sink, rng, coc, start, end, hashed)
    generator.dup_rate = duplicate_rate
    generator.error_rates = {**DEFAULT_ERROR_RATES, **(error_rates or {})}
    made = 0
    next_report = 10_000
    while made < clients:
        made += len(generator.household(clients - made))
        if progress is not None and made >= next_report:
            progress(made)
            next_report += 10_000
    return generator.truth


def synthesize(
    clients: int = 1000,
    seed: int = 0,
    start: datetime.date = datetime.date(2022, 10, 1),
    end: datetime.date = datetime.date(2025, 9, 30),
    duplicate_rate: float = 0.05,
    error_rates: Mapping[str, float] | None = None,
    *,
    hashed: bool = False,
    coc_code: str = "XX-501",
    project_types: Sequence[int] | None = None,
    defects: Sequence[str] = (),
) -> tuple[Export, Truth]:
    """A synthetic Continuum of Care export with about ``clients`` Client records.

    ``duplicate_rate`` is roughly the share of people who get a second client record at a
    later enrollment; ``error_rates`` overrides :data:`DEFAULT_ERROR_RATES` (keys from
    ``ERROR_TYPES``). ``hashed`` writes names and SSNs as HUD's hashed export does.
    Deterministic per seed.

    >>> export, truth = synthesize(clients=50, seed=7)
    >>> len(export.clients) >= 50, len(truth.person_of) == len(export.clients)
    (True, True)
    """
    collected = _RowSink()
    truth = _run(collected, clients=clients, seed=seed, start=start, end=end,
                 duplicate_rate=duplicate_rate, error_rates=error_rates, hashed=hashed,
                 coc_code=coc_code, progress=None, project_types=project_types)
    if defects:
        truth.injected = inject(collected.rows, list(defects), random.Random(seed))
    sink = ExportSink()
    for file, rows in collected.rows.items():
        sink.add_many(file, rows)
    return sink.build(), truth


class _RowSink(Sink):
    """Keeps rows as lists, so defects can be injected before the export is built."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[str]]] = {s.name: [] for s in FY2026.files}

    def add(self, file: str, row: list[str]) -> None:
        self.rows[file].append(row)


def write_synthetic(
    target: str | os.PathLike[str],
    clients: int = 1000,
    seed: int = 0,
    start: datetime.date = datetime.date(2022, 10, 1),
    end: datetime.date = datetime.date(2025, 9, 30),
    duplicate_rate: float = 0.05,
    error_rates: Mapping[str, float] | None = None,
    *,
    hashed: bool = False,
    coc_code: str = "XX-501",
    progress: Callable[[int], None] | None = None,
) -> Truth:
    """Stream a synthetic export straight to a ``.zip`` or folder (constant memory apart
    from the truth table); same arguments as :func:`synthesize`, plus ``progress(clients)``
    called every 10,000 clients.

    >>> import tempfile, pathlib, hmis_core
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "coc.zip"
    ...     truth = write_synthetic(target, clients=200, seed=7)
    ...     export, findings = hmis_core.read_export(target)
    >>> len(export.clients), len(truth.person_of), findings, hmis_core.validate(export)
    (200, 200, [], [])
    """
    sink = CsvSink(Path(target))
    try:
        return _run(sink, clients=clients, seed=seed, start=start, end=end,
                    duplicate_rate=duplicate_rate, error_rates=error_rates, hashed=hashed,
                    coc_code=coc_code, progress=progress)
    finally:
        sink.close()
