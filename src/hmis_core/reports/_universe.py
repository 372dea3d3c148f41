"""The report universe: parameters, active enrollments, households and the client universe.

Every rule cites its section of ``../shared/spec/reports/APR_CAPER.md``. The engine computes
each fact once per enrollment (:class:`Enr`) and the tables only count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from hmis_core._export import Export
from hmis_core._version import __version__
from hmis_core.reports._chronic import chronic_status, inherit_chronic
from hmis_core.reports._dates import add_years, years_between
from hmis_core.reports._frame import Frame

__all__ = [
    "AC",
    "AO",
    "CO",
    "COC_FUNDERS",
    "ESG_FUNDERS",
    "PH_MOVE_IN_TYPES",
    "UK",
    "Context",
    "Enr",
    "ReportParameters",
    "build_context",
]

AO, AC, CO, UK = "AO", "AC", "CO", "UK"
"""Household types (§2.6): without children, with children and adults, with only children,
unknown."""

COC_FUNDERS = frozenset({1, 2, 3, 4, 5, 6, 7, 43, 44, 56})
"""2.06.1 funding sources named "HUD: CoC – …" (the APR's projects)."""
ESG_FUNDERS = frozenset({8, 9, 10, 11, 53})
"""2.06.1 funding sources named "HUD: ESG – …" (the CAPER's projects; 47 ESG-CV is not an
FY2026 code)."""

PH_TYPES = frozenset({3, 9, 10, 13})
PH_MOVE_IN_TYPES = frozenset({3, 13})
"""Project types whose move-in dates fill the "moved into housing" rows (§2.8)."""
NBN = 1
SO = 4
BED_NIGHT = 200


@attrs.frozen
class ReportParameters:
    """What a report is run for (§1).

    >>> p = ReportParameters(dt.date(2021, 10, 1), dt.date(2022, 9, 30), ("P1",))
    >>> p.software_name.startswith("hmis_core")
    True
    """

    start: dt.date
    end: dt.date
    project_ids: tuple[str, ...]
    coc_codes: tuple[str, ...] = ()
    """When given, enrollments whose EnrollmentCoC is a different valid CoC code are left
    out (GR's reading; the default, no filter, is DL's)."""
    software_name: str = f"hmis_core {__version__}"

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"report end {self.end} is before its start {self.start}")


class Enr:
    """Facts of one active enrollment, computed once (§2)."""

    __slots__ = (
        "adult",
        "age",
        "age_group",
        "anniversary",
        "annual_due",
        "chronic",
        "client_row",
        "dq",
        "eid",
        "entry",
        "exit",
        "exit_row",
        "hh",
        "hid",
        "hoh_move_in",
        "household",
        "leaver",
        "los",
        "move_in",
        "parenting_youth",
        "pid",
        "project_id",
        "ptype",
        "rel",
        "row",
        "veteran",
        "youth",
    )

    row: int
    eid: str
    pid: str
    hid: str
    project_id: str
    ptype: int | None
    entry: dt.date
    exit: dt.date | None
    """ExitDate when inside the report range; None for stayers (an exit after the report
    end is no exit, §2.1)."""
    exit_row: int | None
    """Row of Exit.csv for a leaver."""
    client_row: int | None
    rel: int | None
    age: int | None
    age_group: str
    """"adult", "child", "dkpnta" or "dnc" (§2.5)."""
    adult: bool
    leaver: bool
    hh: str
    household: list[Enr]
    veteran: bool
    chronic: str
    """"Y", "N", "DK" or "M" (§2.10, after household inheritance)."""
    youth: bool
    parenting_youth: bool
    los: int
    move_in: dt.date | None
    hoh_move_in: dt.date | None
    annual_due: bool
    anniversary: dt.date | None
    dq: bool

    @property
    def is_hoh(self) -> bool:
        return self.rel == 1

    @property
    def adult_or_hoh(self) -> bool:
        """Adults and heads of household (§2.5)."""
        return self.adult or self.rel == 1

    @property
    def child(self) -> bool:
        return self.age_group == "child"

    @property
    def stayer(self) -> bool:
        return not self.leaver

    @property
    def member(self) -> tuple[str, str]:
        return (self.pid, self.eid)

    def __repr__(self) -> str:
        return f"Enr({self.pid!r}, {self.eid!r}, entry={self.entry}, exit={self.exit})"


@attrs.define
class Context:
    """One report run: the parameters, the export's columns and the universes of §2."""

    params: ReportParameters
    frame: Frame
    projects: dict[str, int | None]
    """Selected ProjectID → ProjectType."""
    enrollments: list[Enr]
    """All active enrollments (§2.1) in the selected projects."""
    persons: list[Enr]
    """The client universe (§2.2): each client's latest active enrollment, by PersonalID."""
    bed_nights: dict[str, list[dt.date]]
    """EnrollmentID → sorted distinct bed-night dates (any date) of NbN enrollments."""
    households: dict[str, list[Enr]]
    cache: dict[Any, Any] = attrs.field(factory=dict)
    """Per-run cache shared by tables (e.g. income records)."""
    eids: set[str] = attrs.field(factory=set)
    """EnrollmentIDs of :attr:`enrollments`."""
    groups: dict[str, dict[Any, list[int]]] = attrs.field(factory=dict)
    """File → its live rows by EnrollmentID, for this run's enrollments only."""

    def release(self) -> None:
        """Drop the run's caches and the household links between enrollments (reference
        cycles), so that memory is returned at once, not at the next garbage collection;
        the enrollments themselves stay valid for drill-down."""
        self.cache.clear()
        self.groups.clear()
        for members in self.households.values():
            for m in members:
                m.household = []
        self.households.clear()

    @property
    def start(self) -> dt.date:
        return self.params.start

    @property
    def end(self) -> dt.date:
        return self.params.end

    @property
    def dq_persons(self) -> list[Enr]:
        """The DQ universe (§2.3)."""
        return [p for p in self.persons if p.dq]

    def col(self, file: str, column: str) -> list[Any]:
        return self.frame.col(file, column)

    def rows_of(self, file: str, enr: Enr) -> list[int]:
        """Live rows of ``file`` attached to ``enr`` (by EnrollmentID)."""
        group = self.groups.get(file)
        if group is None:
            group = self.groups[file] = self.frame.group_for(file, "EnrollmentID", self.eids)
        return group.get(enr.eid, [])


def _project_types(frame: Frame) -> dict[str, int | None]:
    ids, types = frame.col("Project", "ProjectID"), frame.col("Project", "ProjectType")
    return {ids[r]: types[r] for r in frame.live("Project")}


def _bed_nights(frame: Frame, eids: set[str]) -> dict[str, list[dt.date]]:
    rec, typ = frame.col("Services", "RecordType"), frame.col("Services", "TypeProvided")
    day = frame.col("Services", "DateProvided")
    found: dict[str, list[dt.date]] = {}
    for e, rows in frame.group_for("Services", "EnrollmentID", eids).items():
        nights = {day[r] for r in rows
                  if rec[r] == BED_NIGHT and typ[r] == BED_NIGHT and day[r] is not None}
        if nights:
            found[e] = sorted(nights)
    return found


def _exit_rows(frame: Frame, eids: set[str]) -> dict[str, int]:
    """EnrollmentID → its Exit row (the latest ExitDate when an export repeats one)."""
    out: dict[str, int] = {}
    dates = frame.col("Exit", "ExitDate")
    for eid, rows in frame.group_for("Exit", "EnrollmentID", eids).items():
        dated = [r for r in rows if dates[r] is not None]
        if dated:
            out[eid] = max(dated, key=lambda r: dates[r])
    return out


def _age_group(age: int | None, dob_quality: int | None) -> str:
    if age is None:
        return "dkpnta" if dob_quality in (8, 9) else "dnc"
    return "adult" if age >= 18 else "child"


def build_context(export: Export, params: ReportParameters, *,
                  frame: Frame | None = None) -> Context:
    """Compute the universes of §2 for ``params`` over ``export``.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> pid = export.projects[0].project_id
    >>> params = ReportParameters(dt.date(2025, 1, 1), dt.date(2025, 12, 31), (pid,))
    >>> ctx = build_context(export, params)
    >>> len(ctx.persons) <= len(ctx.enrollments)
    True
    """
    frame = frame or Frame(export)
    start, end = params.start, params.end
    all_types = _project_types(frame)
    projects = {p: all_types.get(p) for p in params.project_ids}
    selected = set(projects)

    e_ids = frame.col("Enrollment", "EnrollmentID")
    e_pid = frame.col("Enrollment", "PersonalID")
    e_proj = frame.col("Enrollment", "ProjectID")
    e_entry = frame.col("Enrollment", "EntryDate")
    e_hid = frame.col("Enrollment", "HouseholdID")
    e_rel = frame.col("Enrollment", "RelationshipToHoH")
    e_coc = frame.col("Enrollment", "EnrollmentCoC")
    e_doe = frame.col("Enrollment", "DateOfEngagement")
    x_date = frame.col("Exit", "ExitDate")
    wanted_cocs = set(params.coc_codes)

    by_project = frame.group_for("Enrollment", "ProjectID", selected)
    first_pass = sorted(r for rows in by_project.values() for r in rows
                        if e_entry[r] is not None and e_entry[r] <= end
                        and e_pid[r] is not None)
    exits = _exit_rows(frame, {e_ids[r] for r in first_pass})
    candidates: list[int] = []
    for r in first_pass:
        xr = exits.get(e_ids[r])
        exit_date = x_date[xr] if xr is not None else None
        if exit_date is not None and exit_date < start:
            continue
        if wanted_cocs:
            coc = e_coc[r]
            if coc and _looks_like_coc(coc) and coc not in wanted_cocs:
                continue
        candidates.append(r)

    nbn_eids = {e_ids[r] for r in candidates if projects.get(e_proj[r]) == NBN}
    bed_nights = _bed_nights(frame, nbn_eids) if nbn_eids else {}

    c_rows = frame.group_for("Client", "PersonalID", {e_pid[r] for r in candidates})
    c_dob, c_dobq = frame.col("Client", "DOB"), frame.col("Client", "DOBDataQuality")
    c_vet = frame.col("Client", "VeteranStatus")

    enrollments: list[Enr] = []
    for r in candidates:
        eid = e_ids[r]
        ptype = projects.get(e_proj[r])
        entry = e_entry[r]
        xr = exits.get(eid)
        exit_date = x_date[xr] if xr is not None else None
        in_range_exit = exit_date is not None and exit_date <= end
        if ptype == NBN and not in_range_exit:
            nights = bed_nights.get(eid, ())
            if not any(start <= d <= end and d >= entry for d in nights):
                continue
        e = Enr()
        e.row, e.eid, e.pid = r, eid, e_pid[r]
        e.hid = e_hid[r] or f"\x00{eid}"  # no HouseholdID: a household of its own
        e.project_id, e.ptype, e.entry, e.rel = e_proj[r], ptype, entry, e_rel[r]
        e.exit = exit_date if in_range_exit else None
        e.exit_row = xr if in_range_exit else None
        e.leaver = in_range_exit
        crows = c_rows.get(e.pid)
        e.client_row = crows[0] if crows else None
        dob = c_dob[e.client_row] if e.client_row is not None else None
        dobq = c_dobq[e.client_row] if e.client_row is not None else None
        age = years_between(dob, max(start, entry)) if dob is not None else None
        if age is not None and age < 0:
            age = None
        e.age, e.age_group = age, _age_group(age, dobq)
        e.adult = e.age_group == "adult"
        vet = c_vet[e.client_row] if e.client_row is not None else None
        e.veteran = e.adult and vet == 1
        e.dq = not (ptype == SO and (e_doe[r] is None or e_doe[r] > end))
        enrollments.append(e)

    eids = {e.eid for e in enrollments}
    disabilities = frame.group_for("Disabilities", "EnrollmentID", eids)
    households: dict[str, list[Enr]] = {}
    for e in enrollments:
        households.setdefault(e.hid, []).append(e)
    for members in households.values():
        _household_facts(members, params, frame, bed_nights, disabilities)

    latest: dict[str, Enr] = {}
    for e in enrollments:
        best = latest.get(e.pid)
        if best is None or _latest_key(e, frame) > _latest_key(best, frame):
            latest[e.pid] = e
    persons = [latest[p] for p in sorted(latest)]
    ctx = Context(params, frame, projects, enrollments, persons, bed_nights, households)
    ctx.eids = eids
    ctx.groups["Disabilities"] = disabilities
    return ctx


_COC_CODE = re.compile(r"[A-Z]{2}-[0-9]{3}")


def _looks_like_coc(code: str) -> bool:
    """Whether ``code`` has the shape of a HUD CoC code (``XX-999``)."""
    return _COC_CODE.fullmatch(code) is not None


def _latest_key(e: Enr, frame: Frame) -> tuple[Any, ...]:
    """§2.2 [DECISION]: greatest EntryDate, then no exit, then latest exit, then DateCreated,
    then EnrollmentID."""
    created = frame.col("Enrollment", "DateCreated")[e.row]
    return (e.entry, e.exit is None, e.exit or dt.date.min, created or dt.datetime.min, e.eid)


def _household_facts(members: list[Enr], params: ReportParameters, frame: Frame,
                     bed_nights: dict[str, list[dt.date]],
                     disabilities: dict[Any, list[int]]) -> None:
    _start, end = params.start, params.end
    groups = {m.age_group for m in members}
    if "adult" in groups and "child" in groups:
        hh = AC
    elif "dkpnta" in groups or "dnc" in groups:
        hh = UK
    elif "adult" in groups:
        hh = AO
    else:
        hh = CO
    known = [m.age for m in members if m.age is not None]
    youth_household = bool(known) and max(known) <= 24  # §2.7, DL: unknown ages ignored
    has_child = any(m.rel == 2 and m.age is not None and m.age <= 17 for m in members)
    hohs = sorted((m for m in members if m.rel == 1), key=lambda m: (m.entry, m.eid))
    first_hoh = hohs[0] if hohs else None

    # §2.8 household move-in date: the HoH's MoveInDate, if consistent.
    move_in_col = frame.col("Enrollment", "MoveInDate")
    hoh_mid: dt.date | None = None
    for h in hohs:
        mid = move_in_col[h.row]
        if mid is None or mid < h.entry or mid > end or (h.exit is not None and mid > h.exit):
            continue
        if hoh_mid is None or mid < hoh_mid:
            hoh_mid = mid

    # §2.11 anniversary from the first HoH's EntryDate (GLOSS/GR [DECISION]).
    # Without a head of household the anniversary is undefined: no assessment is due (DL).
    years = years_between(first_hoh.entry, end) if first_hoh else 0
    anniversary = add_years(first_hoh.entry, years) if first_hoh and years > 0 else None

    for m in members:
        m.household = members
        m.hh = hh
        m.youth = youth_household and m.age is not None and 12 <= m.age <= 24
        m.parenting_youth = m.youth and has_child and (m.rel == 1 or (m.age or 0) >= 18)
        m.hoh_move_in = hoh_mid if m.ptype in PH_TYPES else None
        if m.hoh_move_in is None or (m.exit is not None and m.exit < m.hoh_move_in):
            m.move_in = None
        elif m.entry <= m.hoh_move_in:
            m.move_in = m.hoh_move_in
        else:
            m.move_in = m.entry
        m.anniversary = anniversary
        m.annual_due = (anniversary is not None and not m.leaver and m.entry <= anniversary)
        m.los = length_of_stay(m, end, bed_nights)
    _chronic_facts(members, frame, disabilities)


def length_of_stay(e: Enr, end: dt.date, bed_nights: dict[str, list[dt.date]]) -> int:
    """§2.9: distinct bed nights for NbN (entry..report end, before the exit [DECISION]);
    otherwise days from entry to the exit, or to the day after the report end for stayers."""
    if e.ptype == NBN:
        stop = e.exit
        return sum(1 for d in bed_nights.get(e.eid, ())
                   if e.entry <= d <= end and (stop is None or d < stop))
    last = e.exit if e.exit is not None else end + dt.timedelta(days=1)
    return (last - e.entry).days


def _chronic_facts(members: list[Enr], frame: Frame,
                   disabilities: dict[Any, list[int]]) -> None:
    for m in members:
        m.chronic = chronic_status(frame, m, disabilities.get(m.eid, ()))
    inherit_chronic(members)


def latest_by_person(enrs: Iterable[Enr]) -> dict[str, Enr]:
    """Each PersonalID's enrollment with the greatest EntryDate among ``enrs``."""
    out: dict[str, Enr] = {}
    for e in enrs:
        best = out.get(e.pid)
        if best is None or (e.entry, e.eid) > (best.entry, best.eid):
            out[e.pid] = e
    return out


def funded_projects(frame: Frame, funders: Iterable[int], start: dt.date,
                    end: dt.date) -> set[str]:
    """ProjectIDs with a Funder.csv grant from ``funders`` overlapping start..end."""
    wanted = set(funders)
    pid, fund = frame.col("Funder", "ProjectID"), frame.col("Funder", "Funder")
    f_start, f_end = frame.col("Funder", "StartDate"), frame.col("Funder", "EndDate")
    return {
        pid[r] for r in frame.live("Funder")
        if fund[r] in wanted and pid[r] is not None
        and (f_start[r] is None or f_start[r] <= end) and (f_end[r] is None or f_end[r] >= start)
    }


def select_projects(export: Export, funders: Iterable[int], start: dt.date,
                    end: dt.date) -> list[str]:
    """Projects with a funder in ``funders`` whose grant overlaps the report range (APR:
    :data:`COC_FUNDERS`, CAPER: :data:`ESG_FUNDERS`), in ProjectID order; Coordinated Entry
    projects (type 14) have their own report and are left out."""
    frame = Frame(export)
    types = _project_types(frame)
    return sorted(p for p in funded_projects(frame, funders, start, end)
                  if p in types and types[p] != 14)


def members_of(enrs: Sequence[Enr]) -> list[tuple[str, str]]:
    return [e.member for e in enrs]
