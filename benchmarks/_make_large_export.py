"""Generate a large, valid, synthetic HMIS CSV FY2026 export for benchmarks.

The export is "a scaled synthetic copy" of a real one: the 24 files and their columns are
read from the library itself (``hmis_core.elements.FY2026``), and every cell is a valid value
of its column (HUD list codes, ``yyyy-mm-dd`` dates, ``yyyy-mm-dd hh:mm:ss`` date-times,
lengths within the maximum, nulls only where allowed). The keys are consistent across files
(PersonalID, EnrollmentID, ProjectID, HouseholdID, UserID, ExportID, AssessmentID), so the
export validates with no findings.

Shape for ``enrollments = E`` (row counts are exact for a given seed):

* a few dozen organizations, users and projects, with their funders, CoCs, inventory,
  affiliations, HMIS and CE participation;
* ``E / 1.3`` clients (about 1.3 enrollments per client), households of 1-5 members sharing
  a HouseholdID, project and entry date;
* exits for about 90% of enrollments; 2 IncomeBenefits and 2 HealthAndDV rows per enrollment
  (at entry, and at exit or an update); 5 Disabilities rows per enrollment; about 2 Services
  rows per enrollment; fewer CurrentLivingSituation, EmploymentEducation, Assessment (with
  4 questions and 1 result each), Event and YouthEducationStatus rows.

At 1,000,000 enrollments this is 15.8 million rows and 2.0 GB of CSV, written in about 35
seconds on an idle two-core machine (one process per file, two at a time; 90-110 s while
other jobs shared the CPUs). Memory stays low: files are written in chunks of 50,000
enrollments.

Run it on its own with ``python benchmarks/_make_large_export.py OUT_DIR [--enrollments N]``
or call :func:`make_export`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hmis_core.elements import FY2026, ColumnSpec, FileSpec

__all__ = ["EXPORT_ID", "make_export"]

Obj = npt.NDArray[np.object_]
Ints = npt.NDArray[np.int64]

EXPORT_ID = "BENCH2026"
GENERATOR_VERSION = 2
CHUNK_ENROLLMENTS = 50_000
"""Enrollments handled per chunk: bounds the memory of a writer process."""

# Day numbers are days since _BASE; all dates written lie between _BASE and _LAST.
_BASE = datetime.date(1920, 1, 1)
_LAST = datetime.date(2031, 12, 31)
_EXPORT_DATE = datetime.datetime(2025, 10, 15, 6, 30, 0)
_EXPORT_START = datetime.date(2024, 10, 1)
_EXPORT_END = datetime.date(2025, 9, 30)
_HISTORY_START = datetime.date(2014, 10, 1)
"""Earliest entry date: a full export carries ten years of enrollments."""


def _day(d: datetime.date) -> int:
    return (d - _BASE).days


_END_DAY = _day(_EXPORT_END)
_HISTORY_DAY = _day(_HISTORY_START)


@cache
def _date_texts() -> Obj:
    """``yyyy-mm-dd`` of every day number."""
    days = (_LAST - _BASE).days + 1
    return np.array([(_BASE + datetime.timedelta(d)).isoformat() for d in range(days)],
                    dtype=object)


@cache
def _time_texts() -> Obj:
    """`` hh:mm:ss`` (leading space) of every second of the day."""
    return np.array([f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)],
                    dtype=object)


@cache
def _number_texts(limit: int) -> Obj:
    return np.array([str(i) for i in range(limit)], dtype=object)


_SYLLABLES = ("an", "ber", "car", "da", "el", "fen", "gar", "hol", "is", "jo", "ka", "lin", "mar",
              "nel", "or", "per", "quin", "ros", "sam", "tor", "ul", "van", "wil", "xa", "yor",
              "zel", "bri", "cha", "dor", "ste")


@cache
def _names(syllables: int) -> Obj:
    """Pronounceable capitalised names of 2 or 3 syllables (900 or 27,000 of them)."""
    names: list[str] = [""]
    for _ in range(syllables):
        names = [a + b for a in names for b in _SYLLABLES]
    return np.array([n.capitalize() for n in names], dtype=object)


_WORDS = ("shelter", "family", "housing", "support", "services", "outreach", "youth", "veteran",
          "center", "community", "rapid", "rehousing", "transitional", "permanent", "street",
          "county", "city", "north", "south", "east", "west", "hope", "haven", "bridge", "home")
_COCS = ("CA-600", "NY-600", "TX-700", "IL-510", "WA-500", "FL-600", "GA-500", "AZ-502")
_CITIES = ("Springfield", "Riverside", "Fairview", "Madison", "Georgetown", "Salem", "Franklin")
_STATES = ("CA", "NY", "TX", "IL", "WA", "FL", "GA", "AZ")

# Columns usually answered in a real export: nulls there are rare (about 3%). Every other
# nullable column is program-specific (PATH, RHY, SSVF, HOPWA, ...) and mostly empty.
_COMMON = {
    "Project": {"ProjectType", "HousingType", "ResidentialAffiliation", "TargetPopulation",
                "HOPWAMedAssistedLivingFac", "PITCount", "ProjectCommonName"},
    "Client": {"FirstName", "LastName", "SSN", "DOB", "Sex"},
    "Enrollment": {"EnrollmentCoC", "LivingSituation", "LengthOfStay", "LOSUnderThreshold",
                   "PreviousStreetESSH", "DateToStreetESSH", "TimesHomelessPastThreeYears",
                   "MonthsHomelessPastThreeYears"},
    "Exit": set(),
    "IncomeBenefits": {"IncomeFromAnySource", "BenefitsFromAnySource", "InsuranceFromAnySource",
                       "Earned", "Unemployment", "SSI", "SSDI", "VADisabilityService",
                       "VADisabilityNonService", "PrivateDisability", "WorkersComp", "TANF",
                       "GA", "SocSecRetirement", "Pension", "ChildSupport", "Alimony",
                       "OtherIncomeSource", "SNAP", "WIC", "TANFChildCare",
                       "TANFTransportation", "OtherTANF", "OtherBenefitsSource", "Medicaid",
                       "Medicare", "SCHIP", "VHAServices", "EmployerProvided", "COBRA",
                       "PrivatePay", "StateHealthIns", "IndianHealthServices",
                       "OtherInsurance", "TotalMonthlyIncome"},
    "HealthAndDV": {"DomesticViolenceSurvivor"},
    "Disabilities": {"IndefiniteAndImpairs"},
    "CurrentLivingSituation": {"LeaveSituation14Days"},
    "EmploymentEducation": {"LastGradeCompleted", "SchoolStatus", "Employed"},
    "YouthEducationStatus": {"CurrentSchoolAttend"},
    "ProjectCoC": {"Address1", "City", "State", "ZIP", "GeographyType"},
    "Inventory": {"Availability", "ESBedType", "VetBedInventory", "YouthBedInventory",
                  "CHBedInventory", "OtherBedInventory"},
    "CEParticipation": {"PreventionAssessment", "CrisisAssessment", "HousingAssessment",
                        "DirectServices"},
    "Organization": {"OrganizationCommonName"},
    "User": {"UserFirstName", "UserLastName", "UserEmail", "UserPhone"},
}
_COMMON_NULL = 0.03
_RARE_NULL = 0.9
_DELETED = 0.002
"""Share of rows with DateDeleted set."""

# Services.TypeProvided's list is chosen by RecordType, and SubTypeProvided's (SSVF
# financial assistance) by TypeProvided; RecordType's codes are listed in the same order as
# the lists of TypeProvided in the spec (checked in _services_lists).
_SUBTYPE_LISTS = {3: "V2.A", 4: "V2.B", 5: "V2.C"}
_RECORD_TYPE_WEIGHTS = {200: 0.55, 144: 0.1, 141: 0.08, 143: 0.06, 142: 0.05, 152: 0.05,
                        151: 0.04, 161: 0.03, 210: 0.02, 300: 0.02}


@dataclass(frozen=True)
class Sizes:
    """The project-level population of the export."""

    organizations: int = 24
    users: int = 60
    projects: int = 48


@dataclass(frozen=True)
class Skeleton:
    """Per-enrollment facts every file derives its rows from (deterministic per seed)."""

    enrollments: int
    clients: int
    person: Ints
    """Client number of each enrollment."""
    project: Ints
    household: Ints
    head: npt.NDArray[np.bool_]
    """Whether the enrollment is its household's head."""
    entry: Ints
    exit: Ints
    """Exit day number, or -1 while the enrollment is open."""
    client_created: Ints
    """Day each client was first entered (the entry day of its first enrollment)."""
    services: Ints
    """Services rows per enrollment; likewise the counts below."""
    living: Ints
    education: Ints
    assessments: Ints
    events: Ints
    youth: Ints


def _skeleton(enrollments: int, seed: int, sizes: Sizes) -> Skeleton:
    rng = np.random.default_rng([seed, 0])
    e = enrollments
    clients = max(1, round(e / 1.3))
    # households of 1-5 consecutive enrollments sharing a project and an entry date
    sizes_of = rng.choice([1, 2, 3, 4, 5], size=e, p=[0.68, 0.12, 0.1, 0.06, 0.04])
    bounds = np.cumsum(sizes_of)
    bounds = bounds[: int(np.searchsorted(bounds, e)) + 1]
    bounds[-1] = e
    starts = np.concatenate(([0], bounds[:-1]))
    household = np.repeat(np.arange(len(bounds)), bounds - starts)
    head = np.zeros(e, dtype=bool)
    head[starts] = True
    weights = rng.pareto(1.5, sizes.projects) + 0.2
    h_project = rng.choice(sizes.projects, size=len(bounds), p=weights / weights.sum())
    # more recent years hold more enrollments (exports keep the history)
    span = _END_DAY - _HISTORY_DAY
    h_entry = _END_DAY - (span * rng.power(1.6, len(bounds))).astype(np.int64)
    stay = rng.lognormal(3.6, 1.2, len(bounds)).astype(np.int64)
    h_exit = np.minimum(h_entry + stay, _END_DAY)
    h_open = (rng.random(len(bounds)) < 0.1) | (h_entry + stay > _END_DAY + 30)
    h_exit[h_open] = -1
    person = np.arange(e, dtype=np.int64)
    extra = person >= clients
    person[extra] = rng.integers(0, clients, int(extra.sum()))
    entry = h_entry[household]
    client_created = entry[:clients].copy()

    def counts(values: Sequence[int], p: Sequence[float]) -> Ints:
        return rng.choice(np.asarray(values, dtype=np.int64), size=e, p=p)

    return Skeleton(
        enrollments=e, clients=clients, person=person, project=h_project[household],
        household=household, head=head, entry=entry, exit=h_exit[household],
        client_created=client_created,
        services=counts([0, 1, 2, 3, 4, 6], [0.25, 0.2, 0.2, 0.15, 0.1, 0.1]),
        living=counts([0, 1, 2, 3], [0.6, 0.2, 0.12, 0.08]),
        education=counts([0, 2], [0.9, 0.1]),
        assessments=counts([0, 1, 2], [0.85, 0.12, 0.03]),
        events=counts([0, 1], [0.9, 0.1]),
        youth=counts([0, 1], [0.95, 0.05]),
    )


class _Rows:
    """Column values for one chunk of one file, drawn column by column."""

    def __init__(self, spec: FileSpec, rng: np.random.Generator, sizes: Sizes) -> None:
        self.spec = spec
        self.rng = rng
        self.sizes = sizes
        self.common = _COMMON.get(spec.name, set())

    # ---------------------------------------------------------------- primitives

    def pick(self, pool: Sequence[str] | Obj, n: int, p: Sequence[float] | None = None) -> Obj:
        values = pool if isinstance(pool, np.ndarray) else np.array(pool, dtype=object)
        out: Obj = values[self.rng.choice(len(values), size=n, p=p)]
        return out

    def dates_near(self, days: Ints, k: int, low: int, high: int, cap: int | None = None) -> Obj:
        """``k`` dates, each a random one of ``days`` shifted by ``low`` to ``high - 1`` days
        (and at most ``cap``)."""
        drawn: Ints = days[self.rng.integers(0, len(days), k)] + self.rng.integers(low, high, k)
        return self.dates(drawn if cap is None else np.minimum(drawn, cap))

    def dates(self, days: Ints) -> Obj:
        out: Obj = _date_texts()[np.clip(days, 0, len(_date_texts()) - 1)]
        return out

    def stamps(self, days: Ints) -> Obj:
        """Date-times on ``days`` at office hours (7:00-20:00), near-unique as real ones."""
        seconds = self.rng.integers(7 * 3600, 20 * 3600, len(days))
        out: Obj = self.dates(days) + _time_texts()[seconds]
        return out

    def ids(self, numbers: Ints, prefix: str = "") -> Obj:
        return np.array([f"{prefix}{i}" for i in numbers.tolist()], dtype=object)

    def with_nulls(self, values: Callable[[int], Obj], n: int, rate: float) -> Obj:
        """``values(k)`` drawn for the rows that are not null; the others empty."""
        if rate <= 0:
            return values(n)
        out = np.full(n, "", dtype=object)
        filled = np.flatnonzero(self.rng.random(n) >= rate)
        if len(filled):
            out[filled] = values(len(filled))
        return out

    def null_rate(self, column: ColumnSpec) -> float:
        if not column.nullable:
            return 0.0
        return _COMMON_NULL if column.name in self.common else _RARE_NULL

    # ---------------------------------------------------------------- generic columns

    def codes(self, column: ColumnSpec, n: int, number: str | None = None) -> Obj:
        members: list[Any] = list(FY2026.list(number or column.list or ""))
        missing = [m for m in members if m.is_missing_data]
        real = [m for m in members if not m.is_missing_data] or missing
        weights = [(0.05 / len(missing) if m in missing and m not in real else
                    (0.95 if missing else 1.0) / len(real)) for m in members]
        total = sum(weights)
        return self.pick([str(m.value) for m in members], n, [w / total for w in weights])

    def text(self, column: ColumnSpec, n: int) -> Obj:
        name, limit = column.name, column.max_length or 50
        if name in ("FirstName", "MiddleName", "UserFirstName", "UserLastName"):
            pool = _names(2)
        elif name == "LastName":
            pool = _names(3)
        elif name == "SSN":
            return self.ids(self.rng.integers(100_000_000, 900_000_000, n))
        elif name in ("EnrollmentCoC", "CoCCode"):
            pool = np.array(_COCS, dtype=object)
        elif name == "City":
            pool = np.array(_CITIES, dtype=object)
        elif name == "State":
            pool = np.array(_STATES, dtype=object)
        elif name in ("ZIP", "Geocode"):
            return self.ids(self.rng.integers(10_000 if name == "ZIP" else 100_000,
                                              99_999 if name == "ZIP" else 999_999, n))
        elif "Phone" in name:
            return self.ids(self.rng.integers(2_000_000_000, 9_999_999_999, n))
        elif "Extension" in name:
            return self.ids(self.rng.integers(100, 9999, n))
        elif "Email" in name:
            emails: Obj = self.pick(_names(2), n) + "@example.org"
            return emails
        elif name == "NameSuffix":
            pool = np.array(("Jr", "Sr", "II", "III"), dtype=object)
        else:  # free text: a few words
            first = self.pick(_WORDS, n)
            second = self.pick(_WORDS, n)
            return np.array([t[:limit] for t in (first + " " + second).tolist()], dtype=object)
        out: Obj = pool[self.rng.integers(0, len(pool), n)]
        return out

    def integers(self, column: ColumnSpec, n: int) -> Obj:
        name = column.name
        if name.startswith("Year"):
            return _number_texts(2021)[self.rng.integers(1965, 2021, n)]
        if name in ("TcellCount", "ViralLoad", "HPScreeningScore", "ThresholdScore"):
            return _number_texts(2001)[self.rng.integers(0, 2001, n)]
        if name.endswith(("Inventory", "Count")) and name != "PITCount":
            return _number_texts(101)[self.rng.integers(0, 101, n)]
        return _number_texts(51)[self.rng.integers(0, 51, n)]

    def money(self, n: int) -> Obj:
        whole = _number_texts(3001)[self.rng.integers(0, 3001, n)]
        cents = self.rng.random(n) < 0.3
        whole[cents] = whole[cents] + ".50"
        return whole

    def column(self, column: ColumnSpec, n: int, days: Ints) -> Obj:
        """Valid values of a column with no special role; ``days`` anchors dates."""
        if column.list and ";" not in column.list:
            def make(k: int) -> Obj:
                return self.codes(column, k)
        elif column.type == "S":
            def make(k: int) -> Obj:
                return self.text(column, k)
        elif column.type == "I":
            def make(k: int) -> Obj:
                return self.integers(column, k)
        elif column.type == "M":
            def make(k: int) -> Obj:
                return self.money(k)
        elif column.type == "D":
            def make(k: int) -> Obj:
                return self.dates_near(days, k, -400, 1)
        else:
            def make(k: int) -> Obj:
                return self.stamps(days[self.rng.integers(0, len(days), k)])
        return self.with_nulls(make, n, self.null_rate(column))

    def frame(self, n: int, days: Ints, given: dict[str, Obj | str]) -> Iterator[Sequence[str]]:
        """Rows of the file: ``given`` columns as supplied (a str is repeated), the audit
        columns derived from ``days`` (the day each row was recorded), the rest generic."""
        columns: list[Obj | list[str]] = []
        created: Obj | None = None
        for column in self.spec.columns:
            value = given.get(column.name)
            if isinstance(value, str):
                columns.append([value] * n)
                continue
            if value is None:
                if column.name == "ExportID":
                    value = np.full(n, EXPORT_ID, dtype=object)
                elif column.name == "UserID":
                    value = self.ids(self.rng.integers(1, self.sizes.users + 1, n), "U")
                elif column.name == "DateCreated":
                    value = created = self.stamps(days)
                elif column.name == "DateUpdated":
                    later = self.stamps(np.minimum(days + self.rng.integers(0, 60, n), _END_DAY))
                    same = self.rng.random(n) < 0.5
                    value = np.where(same, created if created is not None else later, later)
                elif column.name == "DateDeleted":
                    value = self.with_nulls(lambda k: self.stamps(np.full(k, _END_DAY)),
                                            n, 1 - _DELETED)
                else:
                    value = self.column(column, n, days)
            columns.append(value)
        return zip(*columns, strict=True)


# -------------------------------------------------------------------- the files


def _children(counts: Ints, start: int, stop: int) -> tuple[Ints, Ints]:
    """For enrollments ``start:stop``: the enrollment of each child row, and each row's
    number among its enrollment's rows."""
    parents = np.repeat(np.arange(start, stop), counts[start:stop])
    firsts = np.cumsum(counts[start:stop]) - counts[start:stop]
    ordinal = np.arange(len(parents)) - np.repeat(firsts, counts[start:stop])
    return parents, ordinal


def _enrollment_keys(rows: _Rows, parents: Ints, sk: Skeleton) -> dict[str, Obj | str]:
    return {"EnrollmentID": rows.ids(parents), "PersonalID": rows.ids(sk.person[parents])}


def _during(rng: np.random.Generator, parents: Ints, sk: Skeleton) -> Ints:
    """A day within each enrollment's stay (the export end for open ones)."""
    last = np.where(sk.exit[parents] >= 0, sk.exit[parents], _END_DAY)
    first = sk.entry[parents]
    return first + (rng.random(len(parents)) * (last - first + 1)).astype(np.int64)


def _chunks(sk: Skeleton) -> Iterator[tuple[int, int]]:
    for start in range(0, sk.enrollments, CHUNK_ENROLLMENTS):
        yield start, min(start + CHUNK_ENROLLMENTS, sk.enrollments)


def _rows_client(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    step = CHUNK_ENROLLMENTS
    for start in range(0, sk.clients, step):
        n = min(step, sk.clients - start)
        rng = rows.rng
        numbers = np.arange(start, start + n)
        created = sk.client_created[start:start + n]
        dob_days = created - rng.integers(18 * 365, 75 * 365, n)
        child = rng.random(n) < 0.2
        dob_days[child] = created[child] - rng.integers(0, 18 * 365, int(child.sum()))
        race = {r: np.where(rng.random(n) < p, "1", "0").astype(object) for r, p in (
            ("AmIndAKNative", 0.04), ("Asian", 0.03), ("BlackAfAmerican", 0.38),
            ("HispanicLatinao", 0.22), ("MidEastNAfrican", 0.01), ("NativeHIPacific", 0.01),
            ("White", 0.45))}
        no_race = np.logical_and.reduce([r == "0" for r in race.values()])
        veteran = np.where(child, "0", rows.pick(["0", "1", "8", "9", "99"], n,
                                                 [0.86, 0.1, 0.01, 0.01, 0.02]))
        given: dict[str, Obj | str] = {
            "PersonalID": rows.ids(numbers),
            "DOB": rows.with_nulls(partial(rows.dates_near, dob_days, low=0, high=1), n, 0.02),
            "NameDataQuality": rows.pick(["1", "2", "8", "9", "99"], n,
                                         [0.9, 0.05, 0.02, 0.01, 0.02]),
            "SSNDataQuality": rows.pick(["1", "2", "8", "9", "99"], n,
                                        [0.7, 0.1, 0.1, 0.05, 0.05]),
            "DOBDataQuality": rows.pick(["1", "2", "8", "9", "99"], n,
                                        [0.92, 0.04, 0.02, 0.01, 0.01]),
            "VeteranStatus": veteran,
            "RaceNone": np.where(no_race, "99", "").astype(object),
            **race,
        }
        yield rows.frame(n, created, given)


def _rows_enrollment(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    for start, stop in _chunks(sk):
        n = stop - start
        e = np.arange(start, stop)
        relation = np.where(sk.head[start:stop], "1",
                            rows.pick(["2", "3", "4", "5", "99"], n, [0.55, 0.3, 0.08, 0.05,
                                                                       0.02]))
        entry = sk.entry[start:stop]
        moved = rows.rng.random(n) < 0.2
        move_in = np.full(n, "", dtype=object)
        last = np.where(sk.exit[start:stop] >= 0, sk.exit[start:stop], _END_DAY)[moved]
        move_in[moved] = rows.dates(np.minimum(
            entry[moved] + rows.rng.integers(0, 60, int(moved.sum())), last))
        given: dict[str, Obj | str] = {
            "EnrollmentID": rows.ids(e),
            "PersonalID": rows.ids(sk.person[start:stop]),
            "ProjectID": rows.ids(sk.project[start:stop] + 1, "P"),
            "EntryDate": rows.dates(entry),
            "HouseholdID": rows.ids(sk.household[start:stop], "H"),
            "RelationshipToHoH": relation,
            "MoveInDate": move_in,
            "DisablingCondition": rows.pick(["0", "1", "8", "9", "99"], n,
                                            [0.55, 0.38, 0.02, 0.02, 0.03]),
        }
        yield rows.frame(n, entry, given)


def _rows_exit(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    exits = 0
    for start, stop in _chunks(sk):
        e = np.arange(start, stop)[sk.exit[start:stop] >= 0]
        n = len(e)
        given = _enrollment_keys(rows, e, sk)
        given["ExitID"] = rows.ids(np.arange(exits, exits + n) + 1)
        given["ExitDate"] = rows.dates(sk.exit[e])
        exits += n
        yield rows.frame(n, sk.exit[e], given)


def _rows_two_stages(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    """IncomeBenefits and HealthAndDV: one row at entry, one at exit (or an update)."""
    for start, stop in _chunks(sk):
        parents = np.repeat(np.arange(start, stop), 2)
        at_exit = np.tile([False, True], stop - start)
        exited = sk.exit[parents] >= 0
        days = np.where(at_exit, np.where(exited, sk.exit[parents],
                                          _during(rows.rng, parents, sk)), sk.entry[parents])
        stage = np.where(at_exit, np.where(exited, "3", "2"), "1")
        given = _enrollment_keys(rows, parents, sk)
        given[rows.spec.primary_key] = rows.ids(parents * 2 + at_exit + 1)
        given["InformationDate"] = rows.dates(days)
        given["DataCollectionStage"] = stage.astype(object)
        if rows.spec.name == "HealthAndDV":  # a due date lies ahead of the information date
            given["DueDate"] = rows.with_nulls(
                partial(rows.dates_near, days, low=30, high=240), len(parents), 0.97)
        yield rows.frame(len(parents), days, given)


def _rows_disabilities(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    """Five of the six disability types, at entry."""
    per = 5
    for start, stop in _chunks(sk):
        parents = np.repeat(np.arange(start, stop), per)
        n = len(parents)
        skipped = parents % 6
        ordinal = np.tile(np.arange(per), stop - start)
        kind = 5 + ordinal + (ordinal >= skipped)
        yes_no = rows.codes(FY2026.column("Disabilities", "IndefiniteAndImpairs"), n, "1.8")
        response = np.where(kind == 10, rows.codes(rows.spec.columns[0], n, "4.10.2"), yes_no)
        given = _enrollment_keys(rows, parents, sk)
        given["DisabilitiesID"] = rows.ids(parents * per + ordinal + 1)
        given["InformationDate"] = rows.dates(sk.entry[parents])
        given["DisabilityType"] = _number_texts(11)[kind]
        given["DisabilityResponse"] = response
        given["DataCollectionStage"] = "1"
        yield rows.frame(n, sk.entry[parents], given)


@cache
def _services_lists() -> dict[int, str]:
    record_types = [int(m) for m in FY2026.list(FY2026.column("Services", "RecordType").list
                                                or "")]
    lists = FY2026.column("Services", "TypeProvided").lists
    assert len(record_types) == len(lists)
    return dict(zip(record_types, lists, strict=True))


def _rows_services(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    lists = _services_lists()
    kinds = list(_RECORD_TYPE_WEIGHTS)
    done = 0
    for start, stop in _chunks(sk):
        parents, _ = _children(sk.services, start, stop)
        n = len(parents)
        record = np.array(kinds)[rows.rng.choice(len(kinds), n,
                                                 p=list(_RECORD_TYPE_WEIGHTS.values()))]
        provided = np.empty(n, dtype=object)
        subtype = np.full(n, "", dtype=object)
        for kind in kinds:
            where = np.flatnonzero(record == kind)
            provided[where] = rows.codes(rows.spec.columns[0], len(where), lists[kind])
            if kind == 144:
                for code, number in _SUBTYPE_LISTS.items():
                    sub = where[provided[where] == str(code)]
                    subtype[sub] = rows.codes(rows.spec.columns[0], len(sub), number)
        days = _during(rows.rng, parents, sk)
        assistance = np.isin(record, [144, 152])
        amount = np.full(n, "", dtype=object)
        amount[assistance] = rows.money(int(assistance.sum()))
        given = _enrollment_keys(rows, parents, sk)
        given["ServicesID"] = rows.ids(np.arange(done, done + n) + 1)
        given["DateProvided"] = rows.dates(days)
        given["RecordType"] = _number_texts(301)[record]
        given["TypeProvided"] = provided
        given["SubTypeProvided"] = subtype
        given["FAAmount"] = amount
        given["FAStartDate"] = np.where(assistance, rows.dates(days), "")
        given["FAEndDate"] = np.where(assistance, rows.dates(days + 30), "")
        done += n
        yield rows.frame(n, days, given)


def _rows_per_enrollment(
    counts: Callable[[Skeleton], Ints], date_column: str,
) -> Callable[[_Rows, Skeleton], Iterator[Iterator[Sequence[str]]]]:
    """A file of rows belonging to enrollments, ``counts(skeleton)`` per enrollment."""
    def rows_of(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
        done = 0
        for start, stop in _chunks(sk):
            parents, ordinal = _children(counts(sk), start, stop)
            n = len(parents)
            days = _during(rows.rng, parents, sk)
            given = _enrollment_keys(rows, parents, sk)
            given[rows.spec.primary_key] = rows.ids(np.arange(done, done + n) + 1)
            given[date_column] = rows.dates(days)
            if rows.spec.has_column("DataCollectionStage"):
                given["DataCollectionStage"] = np.where(ordinal == 0, "1", "3").astype(object)
            if rows.spec.name == "Event":
                given["ResultDate"] = rows.with_nulls(
                    partial(rows.dates_near, days, low=0, high=8, cap=_END_DAY), n, 0.6)
            done += n
            yield rows.frame(n, days, given)
    return rows_of


def _assessment_rows(sk: Skeleton, start: int, stop: int) -> tuple[Ints, Ints]:
    """Enrollment and global number of each assessment of enrollments ``start:stop``."""
    parents, _ = _children(sk.assessments, start, stop)
    first = int(sk.assessments[:start].sum())
    return parents, np.arange(first, first + len(parents))


def _assessment_day(parents: Ints, numbers: Ints, sk: Skeleton) -> Ints:
    last = np.where(sk.exit[parents] >= 0, sk.exit[parents], _END_DAY)
    day: Ints = np.minimum(sk.entry[parents] + numbers % 14, last)
    return day


def _rows_assessment_parts(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    """Assessment, AssessmentQuestions (4 per assessment), AssessmentResults (1)."""
    name = rows.spec.name
    per = {"Assessment": 1, "AssessmentQuestions": 4, "AssessmentResults": 1}[name]
    questions = ("Sleeping location", "Times homeless", "Health conditions", "Income sources")
    for start, stop in _chunks(sk):
        parents, numbers = _assessment_rows(sk, start, stop)
        parents, numbers = np.repeat(parents, per), np.repeat(numbers, per)
        n = len(parents)
        ordinal = np.tile(np.arange(per), n // per)
        days = _assessment_day(parents, numbers, sk)
        given = _enrollment_keys(rows, parents, sk)
        given[rows.spec.primary_key] = rows.ids(numbers * per + ordinal + 1)
        if name == "Assessment":
            given["AssessmentDate"] = rows.dates(days)
            given["AssessmentLocation"] = rows.pick(["Main office", "Street", "Shelter",
                                                     "Phone"], n)
        else:
            given["AssessmentID"] = rows.ids(numbers + 1)
        if name == "AssessmentQuestions":
            given["AssessmentQuestionOrder"] = _number_texts(5)[ordinal + 1]
            given["AssessmentQuestion"] = np.array(questions, dtype=object)[ordinal]
            given["AssessmentQuestionGroup"] = "VI-SPDAT"
        if name == "AssessmentResults":
            given["AssessmentResultType"] = "Total score"
            given["AssessmentResult"] = _number_texts(21)[rows.rng.integers(0, 21, n)]
        yield rows.frame(n, days, given)


# ---------------------------------------------------------------- project-level files


def _rows_small(rows: _Rows, sk: Skeleton) -> Iterator[Iterator[Sequence[str]]]:
    sizes, rng, name = rows.sizes, rows.rng, rows.spec.name
    start = _day(datetime.date(2012, 1, 1))
    if name == "Export":
        given: dict[str, Obj | str] = {
            "ExportID": EXPORT_ID, "SourceType": "3", "SourceName": "Benchmark CoC",
            "ExportDate": _EXPORT_DATE.isoformat(sep=" "),
            "ExportStartDate": _EXPORT_START.isoformat(),
            "ExportEndDate": _EXPORT_END.isoformat(), "SoftwareName": "hmis_core benchmark",
            "SoftwareVersion": "1", "CSVVersion": FY2026.csv_version,
            "ExportPeriodType": "4", "ExportDirective": "2", "HashStatus": "1",
            "ImplementationID": "BENCH-IMPL-1", "SourceContactPhone": "5555550100",
            "SourceContactExtension": "12", "SourceContactEmail": "hmis@example.org",
        }
        yield rows.frame(1, np.array([_END_DAY]), given)
        return
    if name == "Organization":
        n = sizes.organizations
        given = {"OrganizationID": rows.ids(np.arange(1, n + 1), "O"),
                 "OrganizationName": np.array([f"Organization {i}" for i in range(1, n + 1)],
                                              dtype=object)}
    elif name == "User":
        n = sizes.users
        given = {"UserID": rows.ids(np.arange(1, n + 1), "U")}
    elif name == "Project":
        n = sizes.projects
        numbers = np.arange(1, n + 1)
        kinds = rows.codes(FY2026.column("Project", "ProjectType"), n)
        given = {"ProjectID": rows.ids(numbers, "P"),
                 "OrganizationID": rows.ids(numbers % sizes.organizations + 1, "O"),
                 "ProjectName": np.array([f"Project {i}" for i in numbers], dtype=object),
                 "ProjectType": kinds,
                 "RRHSubType": np.where(kinds == "13", rows.codes(
                     FY2026.column("Project", "RRHSubType"), n), ""),
                 "OperatingEndDate": ""}
    elif name in ("Funder", "ProjectCoC", "Inventory", "HMISParticipation", "CEParticipation"):
        per = 2 if name in ("Funder", "Inventory") else 1
        n = sizes.projects * per
        projects = np.repeat(np.arange(1, sizes.projects + 1), per)
        given = {rows.spec.primary_key: rows.ids(np.arange(1, n + 1)),
                 "ProjectID": rows.ids(projects, "P")}
        if name == "Funder":
            given["GrantID"] = rows.ids(np.arange(1, n + 1), "GR-")
        if name == "Inventory":
            beds = rng.integers(10, 200, n)
            given["BedInventory"] = _number_texts(201)[beds]
            given["UnitInventory"] = _number_texts(201)[beds // 2]
        for column in rows.spec.columns:  # open-ended participation and funding
            if column.type == "D" and column.name.endswith("EndDate"):
                given[column.name] = rows.with_nulls(
                    lambda k: rows.dates(np.full(k, _END_DAY + 365)), n, 0.8)
    else:  # Affiliation: service-only projects affiliated with residential ones
        n = sizes.projects // 4
        given = {"AffiliationID": rows.ids(np.arange(1, n + 1)),
                 "ProjectID": rows.ids(np.arange(1, n + 1), "P"),
                 "ResProjectID": rows.ids(np.arange(n + 1, 2 * n + 1), "P")}
    yield rows.frame(n, start + rng.integers(0, 365, n), given)


_Writer = Callable[[_Rows, Skeleton], Iterator[Iterator[Sequence[str]]]]

_FILES: dict[str, _Writer] = {
    "Client": _rows_client,
    "Enrollment": _rows_enrollment,
    "Exit": _rows_exit,
    "IncomeBenefits": _rows_two_stages,
    "HealthAndDV": _rows_two_stages,
    "EmploymentEducation": _rows_per_enrollment(lambda s: s.education, "InformationDate"),
    "Disabilities": _rows_disabilities,
    "Services": _rows_services,
    "CurrentLivingSituation": _rows_per_enrollment(lambda s: s.living, "InformationDate"),
    "Assessment": _rows_assessment_parts,
    "AssessmentQuestions": _rows_assessment_parts,
    "AssessmentResults": _rows_assessment_parts,
    "Event": _rows_per_enrollment(lambda s: s.events, "EventDate"),
    "YouthEducationStatus": _rows_per_enrollment(lambda s: s.youth, "InformationDate"),
}
_LARGEST_FIRST = ("Disabilities", "IncomeBenefits", "Enrollment", "HealthAndDV", "Services",
                  "Exit", "Client")
"""Handed to the worker pool first, so the two workers finish at about the same time."""


@cache
def _cached_skeleton(enrollments: int, seed: int) -> Skeleton:
    return _skeleton(enrollments, seed, Sizes())


def _write_file(job: tuple[str, str, int, int]) -> tuple[str, int, int]:
    """Write one CSV file; returns (file, data rows, bytes)."""
    name, folder, enrollments, seed = job
    spec = FY2026.file(name)
    index = [f.name for f in FY2026.files].index(name)
    rows = _Rows(spec, np.random.default_rng([seed, 1 + index]), Sizes())
    sk = _cached_skeleton(enrollments, seed)
    make = _FILES.get(name, _rows_small)
    path = Path(folder) / spec.filename
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(spec.column_names)
        for chunk in make(rows, sk):
            block = list(chunk)
            writer.writerows(block)
            count += len(block)
    return name, count, path.stat().st_size


def make_export(
    out_dir: str | os.PathLike[str],
    enrollments: int = 1_000_000,
    seed: int = 0,
    *,
    processes: int | None = None,
) -> dict[str, Any]:
    """Write the 24 CSV files of a synthetic FY2026 export into ``out_dir``.

    The files are written to a temporary sibling folder and moved into place when complete,
    with a ``manifest.json`` (rows and bytes per file, seed, seconds taken, and the
    :func:`fingerprint` of the spec and generator). When ``out_dir`` already holds a complete
    export of the same size, seed and fingerprint, nothing is written and its manifest is
    returned (with ``"reused": True``); an export made from another version of the spec or of
    this generator is replaced.
    """
    out = Path(out_dir)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        if manifest.get("enrollments") != enrollments or manifest.get("seed") != seed:
            raise FileExistsError(f"{out} holds another export ({manifest_path}); remove it")
        if manifest.get("fingerprint") == fingerprint():
            return {**manifest, "reused": True}
        print(f"{out}: made from another version of the spec or generator; regenerating",
              file=sys.stderr)
        shutil.rmtree(out)
    started = time.perf_counter()
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    names = [*_LARGEST_FIRST, *(f.name for f in FY2026.files if f.name not in _LARGEST_FIRST)]
    jobs = [(name, str(tmp), enrollments, seed) for name in names]
    workers = processes or min(2, os.cpu_count() or 1)
    if workers > 1:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            results = pool.map(_write_file, jobs, chunksize=1)
    else:
        results = [_write_file(job) for job in jobs]
    found = {name: (rows, size) for name, rows, size in results}
    manifest = {
        "standard": FY2026.name,
        "csv_version": FY2026.csv_version,
        "enrollments": enrollments,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "fingerprint": fingerprint(),
        "rows": {f.name: found[f.name][0] for f in FY2026.files},
        "bytes": {f.name: found[f.name][1] for f in FY2026.files},
        "total_rows": sum(r for r, _ in found.values()),
        "total_bytes": sum(b for _, b in found.values()),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out)
    return {**manifest, "reused": False}


def fingerprint() -> str:
    """Hash of what the generated files depend on: every file, column and code list of the
    spec, and this generator's version."""
    spec = [[f.name, [[c.name, c.type, c.max_length, c.nullable, c.list] for c in f.columns]]
            for f in FY2026.files]
    lists = {n: [str(m.value) for m in FY2026.list(n)] for n in sorted(FY2026.lists)}
    text = json.dumps([GENERATOR_VERSION, FY2026.csv_version, spec, lists])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--enrollments", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    manifest = make_export(args.out_dir, args.enrollments, args.seed)
    json.dump(manifest, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
