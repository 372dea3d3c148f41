"""Data-quality checks beyond file structure: the ``dq`` and ``pdde`` checks of HUD's Eva tool.

:func:`dq_findings` looks at the enrollments active in a date range (EntryDate on or before
the end, no exit or an exit on or after the start) in the chosen projects, and at those
projects' descriptor records, and reports :class:`~hmis_core.Finding`\\ s whose codes are in
the check catalogue (``hmis_core.csvspec.CATALOGUE``, stage ``dq``); each catalogue entry
names the Eva check it follows. Findings name PersonalIDs, EnrollmentIDs, HouseholdIDs and
ProjectIDs, never a name, SSN or date of birth.

The rules restate the facts of Eva's R code (``05_DataQuality.R``, ``06_PDDE_Checker.R``,
``04_initial_data_prep.R``, ``hardcodes.R``; local-setting defaults from ``ui.R``), with a few
deliberate differences written next to the rule they touch.

Work is column-wise: columns are read once through :class:`~hmis_core.reports._frame.Frame`
and every check is a pass over plain lists, so an export of a million enrollments takes
seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hmis_core._export import Export
from hmis_core._findings import Finding
from hmis_core._gc import paused_gc
from hmis_core.csvspec._checks import finding
from hmis_core.reports._dates import years_between
from hmis_core.reports._frame import Frame

__all__ = ["LONG_STAYER_DAYS", "REFERRAL_DAYS", "dq_findings"]

# ---------------------------------------------------------------------------- HUD codes
DKR = frozenset({8, 9, 99})
"""Client doesn't know, prefers not to answer, data not collected."""
ES_EE, ES_NBN, TH, PSH, SO, SSO, OTHER, SH = 0, 1, 2, 3, 4, 6, 7, 8
DAY, HP, RRH, CE = 11, 12, 13, 14
PSH_OPH = frozenset({3, 9, 10})
PH = frozenset({3, 9, 10, 13})
LH_RESIDENTIAL = frozenset({0, 1, 2, 8})
WITH_BEDS = frozenset({0, 1, 2, 3, 8, 9, 10, 13})
ALL_HUD_TYPES = frozenset({0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14})
OUTLIER_98 = frozenset({0, 2, 8, 12, 13})
"""Project types whose long stayers are the top 2% (Eva check 104); PSH/OPH use the top 1%."""
SUBSIDY_TYPES = frozenset({419, 420, 428, 431, 433, 434, 436, 437, 438, 439, 440})
REFERRAL_EVENTS = frozenset({10, 11, 12, 13, 14, 15, 17, 18})
SSVF = 33
RENTAL_WITH_SUBSIDY = 435
BED_NIGHT = 200

PRIOR_LIVING_REQUIRED = dt.date(2016, 10, 1)
"""Entries before this date predate the 3.917 questions (Eva ``hardcodes.R``)."""
PSH_MOVE_IN_COLLECTED = dt.date(2017, 10, 1)
"""PSH move-in dates were not collected before this date (Eva ``hardcodes.R``)."""
OPEN = dt.date.max

LONG_STAYER_DAYS: Mapping[int, int] = {ES_NBN: 90, SO: 90, SSO: 90, OTHER: 90, DAY: 90, CE: 90}
"""Eva's default "Long Stayers" local settings (days since last contact), by project type."""
REFERRAL_DAYS = 14
"""Eva's default "Outstanding Referrals" local setting (days)."""

INCOME_SOURCES = ("Earned", "Unemployment", "SSI", "SSDI", "VADisabilityService",
                  "VADisabilityNonService", "PrivateDisability", "WorkersComp", "TANF", "GA",
                  "SocSecRetirement", "Pension", "ChildSupport", "Alimony", "OtherIncomeSource")
BENEFIT_SOURCES = ("SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF",
                   "OtherBenefitsSource")
INSURANCE_SOURCES = ("Medicaid", "Medicare", "SCHIP", "VHAServices", "EmployerProvided", "COBRA",
                     "PrivatePay", "StateHealthIns", "IndianHealthServices", "OtherInsurance")
THEATERS = ("WorldWarII", "KoreanWar", "VietnamWar", "DesertStorm", "AfghanistanOEF", "IraqOIF",
            "IraqOND", "OtherTheater")


def _requirements() -> dict[tuple[int, int], tuple[bool, bool, bool]]:
    """(Funder, ProjectType) -> whether income, non-cash benefits and health insurance must be
    collected (Eva ``hardcodes.R``, its table of funders; a funder not listed requires none)."""
    everything = (True, True, True)
    table: dict[tuple[int, int], tuple[bool, bool, bool]] = {}

    def put(funders: Iterable[int], types: Iterable[int], flags: tuple[bool, bool, bool]) -> None:
        for f in funders:
            for t in types:
                table[(f, t)] = flags

    put([1, 2, 3, 5, 6, 7, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 26, 27, 30, 33,
         37, 38, 39, 40, 41, 42, 45], ALL_HUD_TYPES, everything)
    put([4, 54, 55], ALL_HUD_TYPES - {CE}, everything)
    put([8, 9, 10, 11], ALL_HUD_TYPES - {ES_NBN}, everything)
    put([22], ALL_HUD_TYPES, (False, True, True))
    put([25], ALL_HUD_TYPES, (False, False, True))
    put([35], PH, everything)
    put([53], ALL_HUD_TYPES - {ES_EE, ES_NBN, SO}, everything)
    return table


REQUIREMENTS = _requirements()


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def _day(value: Any) -> dt.date | None:
    """A date or date-time cell as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _quantile(values: list[int], p: float) -> float:
    """R's default (type 7) sample quantile of ``values`` (which it sorts)."""
    values.sort()
    h = (len(values) - 1) * p
    lo = int(h)
    if lo + 1 >= len(values):
        return float(values[-1])
    return values[lo] + (h - lo) * (values[lo + 1] - values[lo])


def _minus_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved back by whole months, clamped to the month's end (lubridate ``%m-%``)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _position(entry: dt.date, exit_adj: dt.date, start: dt.date, end: dt.date | None,
              as_of: dt.date) -> str:
    """Where an enrollment lies against a period (Eva's ``Enrollmentvs``): ``inside``,
    ``after``, ``before``, ``crosses_start``, ``crosses_end`` or ``crosses_period``.

    A period whose end is empty or after ``as_of`` holds every enrollment that starts in it.
    Unlike Eva, an entry on the period's first day with an exit after its end "crosses the
    end" (Eva leaves that case unclassified).
    """
    if entry >= start and (end is None or exit_adj <= end or end > as_of):
        return "inside"
    if end is not None and entry > end:
        return "after"
    if exit_adj < start:
        return "before"
    if entry < start:
        return "crosses_period" if end is not None and exit_adj > end else "crosses_start"
    return "crosses_end"


Span = tuple[dt.date, dt.date | None]
"""A period: its first day and its last day (None: open)."""


def _merge_spans(spans: list[Span]) -> list[Span]:
    """Periods sorted and joined where they overlap or touch (None = open end)."""
    out: list[Span] = []
    for s, e in sorted(spans, key=lambda p: p[0]):
        if out:
            ps, pe = out[-1]
            if pe is None or s <= pe + dt.timedelta(days=1):
                out[-1] = (ps, None if pe is None or e is None else max(pe, e))
                continue
        out.append((s, e))
    return out


class _Run:
    """One call of :func:`dq_findings`: the columns it needs and the findings found."""

    def __init__(self, export: Export, start: dt.date, end: dt.date,
                 projects: Sequence[str] | None, as_of: dt.date,
                 long_stayer_days: Mapping[int, int], referral_days: int) -> None:
        self.export = export
        self.frame = frame = Frame(export)
        self.start, self.end, self.as_of = start, end, as_of
        self.long_stayer_days = long_stayer_days
        self.referral_days = referral_days
        self.out: list[Finding] = []
        self._once: set[tuple[str, Any]] = set()

        # ------------------------------------------------------------ projects
        p_id = frame.col("Project", "ProjectID")
        p_type = frame.col("Project", "ProjectType")
        self.project_row: dict[str, int] = {}
        for r in frame.live("Project"):
            if p_id[r] is not None:
                self.project_row.setdefault(p_id[r], r)
        self.ptype: dict[str, int | None] = {p: p_type[r] for p, r in self.project_row.items()}
        if isinstance(projects, str):
            projects = [projects]
        self.selected: set[str] = (set(self.project_row) if projects is None
                                   else {str(p) for p in projects})

        # ------------------------------------------------------------ enrollments
        self.e_id = frame.col("Enrollment", "EnrollmentID")
        self.e_pid = frame.col("Enrollment", "PersonalID")
        self.e_proj = frame.col("Enrollment", "ProjectID")
        self.e_entry = frame.col("Enrollment", "EntryDate")
        self.e_hid = frame.col("Enrollment", "HouseholdID")
        self.e_rel = frame.col("Enrollment", "RelationshipToHoH")
        x_date = frame.col("Exit", "ExitDate")
        self.x_date = x_date
        self.exit_row: dict[str, int] = {}
        for eid, rows in frame.group("Exit", "EnrollmentID").items():
            dated = [r for r in rows if x_date[r] is not None]
            if dated:
                self.exit_row[eid] = max(dated, key=x_date.__getitem__)

        c_rows = frame.group("Client", "PersonalID")
        self.client_row: dict[str, int] = {pid: rows[0] for pid, rows in c_rows.items()}
        self.c_dob = frame.col("Client", "DOB")

        # Every enrollment's exit date; the active enrollments of the selected projects, with
        # their age at entry.
        self.exit_of: list[dt.date | None] = [None] * len(self.e_id)
        self.sel: list[int] = []
        self.age: dict[int, int | None] = {}
        start_, end_, selected, exit_of = start, end, self.selected, self.exit_of
        exit_row, e_id, e_proj, e_entry, e_pid = (self.exit_row, self.e_id, self.e_proj,
                                                  self.e_entry, self.e_pid)
        for r in frame.live("Enrollment"):
            xr = exit_row.get(e_id[r])
            exit_date = x_date[xr] if xr is not None else None
            exit_of[r] = exit_date
            entry = e_entry[r]
            if entry is None or entry > end_ or e_proj[r] not in selected or e_pid[r] is None:
                continue
            if exit_date is not None and exit_date < start_:
                continue
            self.sel.append(r)
            self.age[r] = self.age_at_entry(r)

    # ---------------------------------------------------------------- helpers
    def age_at_entry(self, r: int) -> int | None:
        if r in self.age:
            return self.age[r]
        crow = self.client_row.get(self.e_pid[r])
        dob = self.c_dob[crow] if crow is not None else None
        entry = self.e_entry[r]
        return years_between(dob, entry) if dob is not None and entry is not None else None

    def adult_or_hoh(self, r: int) -> bool:
        """HoH, or older than 17 at entry (Eva: an unknown age alone does not count)."""
        if self.e_rel[r] == 1:
            return True
        age = self.age_at_entry(r)
        return age is not None and age > 17

    def once(self, code: str, key: Any) -> bool:
        """True the first time ``code`` is asked about ``key`` (one finding per client)."""
        if (code, key) in self._once:
            return False
        self._once.add((code, key))
        return True

    def who(self, r: int) -> str:
        return f"PersonalID {self.e_pid[r]}, EnrollmentID {self.e_id[r]}"

    def type_of(self, r: int) -> int | None:
        return self.ptype.get(self.e_proj[r])

    def add(self, code: str, file: str, row: int | None, column: str | None, value: Any,
            message: str) -> None:
        """Append a finding; ``row`` is a 0-based row of ``file`` (its line is reported)."""
        line = self.export[file].lines[row] if row is not None else None
        text = None if value is None else (value.isoformat() if isinstance(value, dt.date)
                                           else str(value))
        self.out.append(finding(code, file=file, row=line, column=column, value=text,
                                message=message))

    def add_enr(self, code: str, r: int, column: str | None, value: Any, message: str) -> None:
        self.add(code, "Enrollment", r, column, value, f"{self.who(r)}: {message}")


# ============================================================================ client (3.0x)

def _client_checks(run: _Run) -> None:
    """Name, SSN, DOB, race and veteran status: once per client with an active enrollment
    (Eva reports them once per enrollment)."""
    f = run.frame
    name_q = f.col("Client", "NameDataQuality")
    ssn_q = f.col("Client", "SSNDataQuality")
    dob_q = f.col("Client", "DOBDataQuality")
    race_none = f.col("Client", "RaceNone")
    vet = f.col("Client", "VeteranStatus")
    dob = run.c_dob
    seen: set[str] = set()
    for r in run.sel:
        pid = run.e_pid[r]
        c = run.client_row.get(pid)
        if c is None:
            continue
        who = f"PersonalID {pid} (EnrollmentID {run.e_id[r]})"
        age = run.age[r]
        if age is not None and age < 0:
            run.add_enr("dob_after_entry", r, "EntryDate", run.e_entry[r],
                        "the client's date of birth is after the project start date")
        elif age is not None and age > 100 and run.once("dob_over_100", pid):
            run.add("dob_over_100", "Client", c, "DOBDataQuality", dob_q[c],
                    f"{who}: the client is over 100 years old at project start; check the "
                    "date of birth")
        v = vet[c]
        if v in DKR and (age is None or age >= 18) and run.once("veteran_status_unknown", pid):
            run.add("veteran_status_unknown", "Client", c, "VeteranStatus", v,
                    f"{who}: VeteranStatus is {v} (unknown) for an adult")
        if pid in seen:
            continue
        seen.add(pid)
        q = name_q[c]
        if q in DKR or q == 2:
            run.add("name_incomplete", "Client", c, "NameDataQuality", q,
                    f"{who}: NameDataQuality is {q} (partial or unknown name)")
        q = ssn_q[c]
        if q in DKR:
            run.add("ssn_unknown", "Client", c, "SSNDataQuality", q,
                    f"{who}: SSNDataQuality is {q} (unknown SSN)")
        q = dob_q[c]
        if dob[c] is None and q in (1, 2):
            run.add("dob_missing", "Client", c, "DOB", None,
                    f"{who}: DOB is empty but DOBDataQuality is {q} (full or approximate)")
        if q in DKR:
            run.add("dob_unknown", "Client", c, "DOBDataQuality", q,
                    f"{who}: DOBDataQuality is {q} (unknown date of birth)")
        q = race_none[c]
        if q in DKR:
            run.add("race_unknown", "Client", c, "RaceNone", q,
                    f"{who}: RaceNone is {q} (race and ethnicity unknown)")


# ============================================================================ enrollment

def _enrollment_checks(run: _Run) -> None:
    """Entry-time elements of one enrollment: 3.08, 3.16, 3.917, 3.20, dates, exits."""
    f = run.frame
    coc = f.col("Enrollment", "EnrollmentCoC")
    ls = f.col("Enrollment", "LivingSituation")
    rent_sub = f.col("Enrollment", "RentalSubsidyType")
    los = f.col("Enrollment", "LengthOfStay")
    under = f.col("Enrollment", "LOSUnderThreshold")
    prev = f.col("Enrollment", "PreviousStreetESSH")
    to_street = f.col("Enrollment", "DateToStreetESSH")
    times = f.col("Enrollment", "TimesHomelessPastThreeYears")
    months = f.col("Enrollment", "MonthsHomelessPastThreeYears")
    disabling = f.col("Enrollment", "DisablingCondition")
    move_in = f.col("Enrollment", "MoveInDate")
    created = f.col("Enrollment", "DateCreated")
    dest = f.col("Exit", "Destination")
    dest_sub = f.col("Exit", "DestinationSubsidyType")
    entry_col, rel = run.e_entry, run.e_rel
    as_of = run.as_of

    for r in run.sel:
        entry = entry_col[r]
        ptype = run.type_of(r)
        exit_date = run.exit_of[r]
        adult_hoh = run.adult_or_hoh(r)

        v = disabling[r]
        if v in DKR:
            run.add_enr("disabling_condition_unknown", r, "DisablingCondition", v,
                        f"DisablingCondition is {v} (unknown)")
        if rel[r] == 1 and coc[r] is None:
            run.add_enr("enrollment_coc_missing", r, "EnrollmentCoC", None,
                        "the head of household has no EnrollmentCoC")
        v = ls[r]
        if v == RENTAL_WITH_SUBSIDY and rent_sub[r] not in SUBSIDY_TYPES:
            run.add_enr("prior_living_subsidy_missing", r, "RentalSubsidyType", rent_sub[r],
                        "LivingSituation is 435 (rental with ongoing subsidy) but "
                        "RentalSubsidyType is missing or not a subsidy type")

        # --- 3.917 prior living situation (heads of household and adults)
        if adult_hoh:
            recent = entry >= PRIOR_LIVING_REQUIRED
            if v is None:
                run.add_enr("prior_living_situation_missing", r, "LivingSituation", None,
                            "LivingSituation (3.917.1) is empty")
            elif v in DKR:
                run.add_enr("prior_living_situation_unknown", r, "LivingSituation", v,
                            f"LivingSituation is {v} (unknown)")
            lv = los[r]
            if lv is None:
                run.add_enr("prior_length_of_stay_missing", r, "LengthOfStay", None,
                            "LengthOfStay (3.917.2) is empty")
            elif lv in DKR:
                run.add_enr("prior_length_of_stay_unknown", r, "LengthOfStay", lv,
                            f"LengthOfStay is {lv} (unknown)")
            if recent:
                if under[r] == 1 and prev[r] is None:
                    run.add_enr("previous_street_essh_missing", r, "PreviousStreetESSH", None,
                                "LOSUnderThreshold is yes but PreviousStreetESSH is empty")
                if under[r] == 1 and prev[r] == 1 and to_street[r] is None:
                    run.add_enr("date_homeless_missing", r, "DateToStreetESSH", None,
                                "the client was on the street, in ES or SH before entry but "
                                "DateToStreetESSH is empty")
                t, m = times[r], months[r]
                if ptype in (ES_EE, ES_NBN, SO, SH) and (t is None or m is None):
                    run.add_enr("times_months_homeless_missing", r,
                                "TimesHomelessPastThreeYears" if t is None
                                else "MonthsHomelessPastThreeYears", None,
                                "TimesHomelessPastThreeYears or MonthsHomelessPastThreeYears "
                                "is empty")
                if t in DKR or m in DKR:
                    run.add_enr("times_months_homeless_unknown", r,
                                "TimesHomelessPastThreeYears" if t in DKR
                                else "MonthsHomelessPastThreeYears", t if t in DKR else m,
                                "times or months homeless in the past three years is unknown")
                if (ptype in (TH, SSO, HP, RRH) or ptype in PSH_OPH) and _incomplete_3917(
                        v, los[r], under[r], prev[r]):
                    run.add_enr("prior_living_situation_incomplete", r, "LOSUnderThreshold",
                                under[r], "the short stay in the prior living situation "
                                "needs LOSUnderThreshold and PreviousStreetESSH")
                if ptype != HP:
                    _homeless_history(run, r, entry, to_street[r], t, m)

        # --- dates
        made = _day(created[r])
        if made is not None and entry > made and (
                ptype not in PSH_OPH or entry >= PSH_MOVE_IN_COLLECTED):
            run.add_enr("future_entry_date", r, "EntryDate", entry,
                        f"EntryDate {entry} is after the record was created ({made})")
        mid = move_in[r]
        if ptype in PH and mid is not None and (
                mid < entry or (exit_date is not None and mid > exit_date)):
            run.add_enr("move_in_date_invalid", r, "MoveInDate", mid,
                        f"MoveInDate {mid} is not between EntryDate {entry} and the exit")

        # --- exit
        if exit_date is None:
            continue
        xr = run.exit_row[run.e_id[r]]
        who = run.who(r)
        if exit_date > as_of:
            run.add("future_exit_date", "Exit", xr, "ExitDate", exit_date,
                    f"{who}: ExitDate {exit_date} is after {as_of}")
        if exit_date < entry:
            run.add("exit_before_entry", "Exit", xr, "ExitDate", exit_date,
                    f"{who}: ExitDate {exit_date} is before EntryDate {entry}")
        d = dest[xr]
        if d in DKR or d == 30:
            run.add("destination_unknown", "Exit", xr, "Destination", d,
                    f"{who}: Destination is {d} (unknown or no exit interview)")
        if d == RENTAL_WITH_SUBSIDY and dest_sub[xr] not in SUBSIDY_TYPES:
            run.add("destination_subsidy_missing", "Exit", xr, "DestinationSubsidyType",
                    dest_sub[xr], f"{who}: Destination is 435 (rental with ongoing subsidy) "
                    "but DestinationSubsidyType is missing or not a subsidy type")


def _incomplete_3917(ls: int | None, los: int | None, under: int | None,
                     prev: int | None) -> bool:
    """Eva check 41: a short stay whose follow-up questions were skipped."""
    if (under is not None and prev is not None) or ls is None:
        return False
    if 200 <= ls <= 299:
        return los in (2, 3, 10, 11)
    return (ls < 100 or 300 <= ls <= 499) and los in (10, 11)


def _homeless_history(run: _Run, r: int, entry: dt.date, since: dt.date | None,
                      times: int | None, months: int | None) -> None:
    """Eva checks 69, 70, 71 and 105: the approximate start of homelessness against the
    counts of times and months homeless."""
    if since is not None and since > entry:
        run.add_enr("homeless_start_after_entry", r, "DateToStreetESSH", since,
                    f"DateToStreetESSH {since} is after EntryDate {entry}")
    if months in DKR and times == 1 and since is not None:
        run.add_enr("months_homeless_determinable", r, "MonthsHomelessPastThreeYears", months,
                    "homeless once in three years with a known start date, but the months "
                    "homeless are unknown")
    if times == 1 and since is not None and months is not None and 101 <= months <= 113:
        diff = (entry.year - since.year) * 12 + entry.month - since.month + 1
        if min(diff, 13) != months - 100:
            run.add_enr("months_homeless_mismatch", r, "MonthsHomelessPastThreeYears", months,
                        f"MonthsHomelessPastThreeYears {months} does not match the months "
                        f"from DateToStreetESSH {since} to EntryDate {entry}")
    if since is not None and since <= _minus_months(entry, 36) and (
            (times is not None and times != 1) or (months is not None and months < 112)):
        run.add_enr("homeless_start_conflict", r, "DateToStreetESSH", since,
                    f"DateToStreetESSH {since} is over three years before entry, so times "
                    "homeless should be 1 and months homeless more than 12")


# ============================================================================ households

def _household_checks(run: _Run) -> None:
    """Eva checks 2, 3, 4 and 86, over every enrollment sharing a HouseholdID."""
    groups = run.frame.group("Enrollment", "HouseholdID")
    rel, pid, hid_col = run.e_rel, run.e_pid, run.e_hid
    sel = set(run.sel)
    done: set[str] = set()
    for r in run.sel:
        hid = hid_col[r]
        if hid is None or hid in done:
            continue
        done.add(hid)
        members = [m for m in groups.get(hid, [r]) if run.e_entry[m] is not None]
        hohs = [m for m in members if rel[m] == 1]
        if not hohs:
            first = min(members, key=lambda m: (str(pid[m]), m))
            run.add("household_without_hoh", "Enrollment", first, "RelationshipToHoH",
                    rel[first], f"HouseholdID {hid} ({len(members)} enrollment(s), first "
                    f"{run.who(first)}) has no head of household")
        elif len(hohs) > 1:
            first = min(hohs, key=lambda m: (str(pid[m]), m))
            run.add("household_multiple_hohs", "Enrollment", first, "RelationshipToHoH", 1,
                    f"HouseholdID {hid} has {len(hohs)} heads of household "
                    f"(EnrollmentIDs {', '.join(str(run.e_id[m]) for m in hohs)})")
        if hohs:
            for m in members:
                if m in sel and rel[m] in (99, None):
                    run.add_enr("relationship_to_hoh_missing", m, "RelationshipToHoH", rel[m],
                                f"RelationshipToHoH is missing in HouseholdID {hid}")
        ages = [run.age_at_entry(m) for m in members]
        if all(a is not None for a in ages) and max(a for a in ages if a is not None) < 12:
            oldest = max(range(len(members)), key=lambda i: ages[i] or 0)
            run.add("household_children_only", "Enrollment", members[oldest], None, None,
                    f"HouseholdID {hid}: no member is 12 or older at entry (oldest "
                    f"{run.who(members[oldest])})")


# ============================================================================ income (4.02-4.04)

def _project_requirements(run: _Run) -> dict[str, tuple[bool, bool, bool]]:
    """ProjectID -> (income, benefits, insurance) required by a funder active in the range."""
    f = run.frame
    f_proj, f_fund = f.col("Funder", "ProjectID"), f.col("Funder", "Funder")
    f_end = f.col("Funder", "EndDate")
    out: dict[str, tuple[bool, bool, bool]] = {}
    for r in f.live("Funder"):
        p = f_proj[r]
        if p not in run.selected or (f_end[r] is not None and f_end[r] < run.start):
            continue
        ptype = run.ptype.get(p)
        if ptype is None:
            continue
        flags = REQUIREMENTS.get((f_fund[r], ptype))
        if flags:
            old = out.get(p, (False, False, False))
            out[p] = (old[0] or flags[0], old[1] or flags[1], old[2] or flags[2])
    return out


INCOME_CODES = {1: ("income_missing_at_entry", "income_conflict_at_entry"),
                3: ("income_missing_at_exit", "income_conflict_at_exit")}
INSURANCE_CODES = {1: ("health_insurance_missing_at_entry", "health_insurance_conflict_at_entry"),
                   3: ("health_insurance_missing_at_exit", "health_insurance_conflict_at_exit")}


def _income_checks(run: _Run) -> None:
    """Eva checks 87-97: IncomeBenefits records at entry (stage 1) and exit (stage 3) whose
    yes/no answer is empty or disagrees with its sources. Like Eva, an enrollment without a
    record for the stage is not reported; unlike Eva, a source counts only when it is 1."""
    need = _project_requirements(run)
    if not need:
        return
    f = run.frame
    groups = f.group("IncomeBenefits", "EnrollmentID")
    stage = f.col("IncomeBenefits", "DataCollectionStage")
    inc_any = f.col("IncomeBenefits", "IncomeFromAnySource")
    ben_any = f.col("IncomeBenefits", "BenefitsFromAnySource")
    ins_any = f.col("IncomeBenefits", "InsuranceFromAnySource")
    inc_src = [f.col("IncomeBenefits", c) for c in INCOME_SOURCES]
    ben_src = [f.col("IncomeBenefits", c) for c in BENEFIT_SOURCES]
    ins_src = [f.col("IncomeBenefits", c) for c in INSURANCE_SOURCES]
    for r in run.sel:
        flags = need.get(run.e_proj[r])
        rows = groups.get(run.e_id[r]) if flags else None
        if not rows or flags is None:
            continue
        age = run.age[r]
        adult = age is None or age > 17
        said: set[str] = set()
        for ir in rows:
            s = stage[ir]
            if s not in (1, 3):
                continue
            at = "entry" if s == 1 else "exit"
            checks: list[tuple[str, str, str, list[list[Any]], list[Any]]] = []
            if flags[0] and adult:
                checks.append(INCOME_CODES[s] + ("IncomeFromAnySource", inc_src, inc_any))
            if flags[1] and adult and s == 1:
                checks.append(("benefits_missing_at_entry", "benefits_conflict_at_entry",
                               "BenefitsFromAnySource", ben_src, ben_any))
            if flags[2]:
                checks.append(INSURANCE_CODES[s] + ("InsuranceFromAnySource", ins_src, ins_any))
            for missing, conflict, column, sources, answer in checks:
                v = answer[ir]
                if v is None:
                    if missing not in said:
                        said.add(missing)
                        run.add(missing, "IncomeBenefits", ir, column, None,
                                f"{run.who(r)}: {column} is empty at project {at}")
                    continue
                yes = sum(1 for src in sources if src[ir] == 1)
                if ((v == 1 and yes == 0) or (v == 0 and yes > 0)) and conflict not in said:
                    said.add(conflict)
                    run.add(conflict, "IncomeBenefits", ir, column, v,
                            f"{run.who(r)}: {column} is {v} at project {at} but {yes} "
                            "source(s) are marked yes")


# ============================================================================ SSVF (V1, V4, V6, V7)

def _ssvf_checks(run: _Run) -> None:
    """Eva checks 15-23, 25 and 56-58: veterans and heads of household in SSVF projects."""
    f = run.frame
    f_proj, f_fund = f.col("Funder", "ProjectID"), f.col("Funder", "Funder")
    ssvf = {f_proj[r] for r in f.live("Funder") if f_fund[r] == SSVF}
    ssvf &= run.selected
    if not ssvf:
        return
    vet = f.col("Client", "VeteranStatus")
    entered = f.col("Client", "YearEnteredService")
    separated = f.col("Client", "YearSeparated")
    branch = f.col("Client", "MilitaryBranch")
    discharge = f.col("Client", "DischargeStatus")
    theaters = [f.col("Client", c) for c in THEATERS]
    ami = f.col("Enrollment", "PercentAMI")
    vamc = f.col("Enrollment", "VAMCStation")
    screen_reqd = f.col("Enrollment", "TargetScreenReqd")
    hp_score = f.col("Enrollment", "HPScreeningScore")
    threshold = f.col("Enrollment", "ThresholdScore")
    this_year = run.as_of.year
    for r in run.sel:
        if run.e_proj[r] not in ssvf:
            continue
        who = run.who(r)
        if run.e_rel[r] == 1:
            if ami[r] is None:
                run.add_enr("ssvf_percent_ami_missing", r, "PercentAMI", None,
                            "PercentAMI (V4) is empty for the head of household")
            if vamc[r] is None:
                run.add_enr("ssvf_vamc_station_missing", r, "VAMCStation", None,
                            "VAMCStation (V6) is empty for the head of household")
            if run.type_of(r) == HP and screen_reqd[r] == 1 and (
                    hp_score[r] is None or threshold[r] is None):
                run.add_enr("ssvf_hp_screening_missing", r,
                            "HPScreeningScore" if hp_score[r] is None else "ThresholdScore",
                            None, "the HP screening score or threshold score is empty")
        c = run.client_row.get(run.e_pid[r])
        if c is None or vet[c] != 1:
            continue

        def cadd(code: str, column: str, value: Any, text: str, c: int = c,
                 who: str = who) -> None:
            if run.once(code, c):
                run.add(code, "Client", c, column, value, f"{who}: {text}")

        y = entered[c]
        if y is None:
            cadd("veteran_year_entered_missing", "YearEnteredService", None,
                 "YearEnteredService is empty for a veteran")
        elif y > this_year:
            cadd("veteran_year_entered_future", "YearEnteredService", y,
                 f"YearEnteredService {y} is in the future")
        y = separated[c]
        if y is None:
            cadd("veteran_year_separated_missing", "YearSeparated", None,
                 "YearSeparated is empty for a veteran")
        elif y > this_year:
            cadd("veteran_year_separated_future", "YearSeparated", y,
                 f"YearSeparated {y} is in the future")
        values = [col[c] for col in theaters]
        if any(v is None for v in values):
            column = THEATERS[next(i for i, v in enumerate(values) if v is None)]
            cadd("veteran_theaters_missing", column, None,
                 "a theater of operations (V1.3-V1.10) is empty for a veteran")
        if any(v in DKR for v in values):
            i = next(i for i, v in enumerate(values) if v in DKR)
            cadd("veteran_theaters_unknown", THEATERS[i], values[i],
                 "a theater of operations (V1.3-V1.10) is unknown")
        v = branch[c]
        if v is None:
            cadd("veteran_branch_missing", "MilitaryBranch", None,
                 "MilitaryBranch is empty for a veteran")
        elif v in DKR:
            cadd("veteran_branch_unknown", "MilitaryBranch", v,
                 f"MilitaryBranch is {v} (unknown)")
        v = discharge[c]
        if v is None:
            cadd("veteran_discharge_missing", "DischargeStatus", None,
                 "DischargeStatus is empty for a veteran")
        elif v in DKR:
            cadd("veteran_discharge_unknown", "DischargeStatus", v,
                 f"DischargeStatus is {v} (unknown)")


# ============================================================================ records by enrollment

def _bed_nights(run: _Run) -> dict[str, tuple[dt.date, dt.date]]:
    """EnrollmentID -> (first, last) bed night (Services RecordType 200 with a date)."""
    f = run.frame
    s_eid, s_type = f.col("Services", "EnrollmentID"), f.col("Services", "RecordType")
    s_day = f.col("Services", "DateProvided")
    out: dict[str, tuple[dt.date, dt.date]] = {}
    for r in f.live("Services"):
        d = s_day[r]
        if s_type[r] != BED_NIGHT or d is None:
            continue
        e = s_eid[r]
        got = out.get(e)
        if got is None:
            out[e] = (d, d)
        elif d < got[0] or d > got[1]:
            out[e] = (min(got[0], d), max(got[1], d))
    return out


def _participating_projects(run: _Run) -> set[str]:
    f = run.frame
    pid, ptype = f.col("HMISParticipation", "ProjectID"), f.col("HMISParticipation",
                                                                 "HMISParticipationType")
    return {pid[r] for r in f.live("HMISParticipation") if ptype[r] == 1}


def _nbn_checks(run: _Run, nights: Mapping[str, tuple[dt.date, dt.date]]) -> None:
    """Eva checks 107, 108 and 106: bed nights of night-by-night shelters in HMIS."""
    nbn = [r for r in run.sel if run.type_of(r) == ES_NBN]
    participating = _participating_projects(run) if nbn else set()
    nbn = [r for r in nbn if run.e_proj[r] in participating]
    if not nbn:
        return
    wanted: dict[str, tuple[dt.date, dt.date | None]] = {
        run.e_id[r]: (run.e_entry[r], run.exit_of[r]) for r in nbn}
    on_entry: set[str] = set()
    on_exit: set[str] = set()
    f = run.frame
    s_eid, s_type = f.col("Services", "EnrollmentID"), f.col("Services", "RecordType")
    s_day = f.col("Services", "DateProvided")
    for sr in f.live("Services"):
        got = wanted.get(s_eid[sr])
        if got is None or s_type[sr] != BED_NIGHT:
            continue
        d = s_day[sr]
        if d == got[0]:
            on_entry.add(s_eid[sr])
        if d is not None and d == got[1]:
            on_exit.add(s_eid[sr])
    by_project: dict[str, list[int]] = {}
    for r in nbn:
        eid = run.e_id[r]
        by_project.setdefault(run.e_proj[r], []).append(r)
        if eid not in on_entry:
            run.add_enr("nbn_no_bed_night_on_entry", r, "EntryDate", run.e_entry[r],
                        f"no bed night is recorded on the EntryDate {run.e_entry[r]}")
        if eid in on_exit:
            run.add("nbn_bed_night_on_exit", "Exit", run.exit_row[eid], "ExitDate",
                    run.exit_of[r], f"{run.who(r)}: a bed night is recorded on the ExitDate "
                    f"{run.exit_of[r]}")
    for project, rows in by_project.items():
        if not any(run.e_id[r] in nights for r in rows):
            run.add("nbn_project_without_bed_nights", "Project", run.project_row[project],
                    "ProjectType", ES_NBN, f"ProjectID {project}: none of its {len(rows)} "
                    "active enrollment(s) has a bed night")


def _records_checks(run: _Run) -> None:
    """Eva checks 129 (CLS subsidy) and 100 (outstanding referrals)."""
    f = run.frame
    eids = {run.e_id[r]: r for r in run.sel}
    c_eid, c_sit = f.col("CurrentLivingSituation", "EnrollmentID"), f.col(
        "CurrentLivingSituation", "CurrentLivingSituation")
    c_sub = f.col("CurrentLivingSituation", "CLSSubsidyType")
    for cr in f.live("CurrentLivingSituation"):
        r = eids.get(c_eid[cr])
        if r is not None and c_sit[cr] == RENTAL_WITH_SUBSIDY and c_sub[cr] not in SUBSIDY_TYPES:
            run.add("cls_subsidy_missing", "CurrentLivingSituation", cr, "CLSSubsidyType",
                    c_sub[cr], f"{run.who(r)}: CurrentLivingSituation is 435 (rental with "
                    "ongoing subsidy) but CLSSubsidyType is missing or not a subsidy type")
    v_eid, v_event = f.col("Event", "EnrollmentID"), f.col("Event", "Event")
    v_date, v_result = f.col("Event", "EventDate"), f.col("Event", "ResultDate")
    for vr in f.live("Event"):
        r = eids.get(v_eid[vr])
        if r is None or v_event[vr] not in REFERRAL_EVENTS or v_result[vr] is not None:
            continue
        day = v_date[vr]
        if day is not None and (run.as_of - day).days > run.referral_days:
            run.add("referral_outstanding", "Event", vr, "ResultDate", None,
                    f"{run.who(r)}: referral (Event {v_event[vr]}) of {day} has no result "
                    f"after {(run.as_of - day).days} days (limit {run.referral_days})")


def _duplicate_entries(run: _Run) -> None:
    """Eva check 1: the same client entering the same project on the same day twice."""
    seen: dict[tuple[Any, Any, Any], list[int]] = {}
    by_person = run.frame.group("Enrollment", "PersonalID")
    for pid in {run.e_pid[r] for r in run.sel}:
        for r in by_person.get(pid, ()):
            if run.e_entry[r] is not None:
                seen.setdefault((pid, run.e_proj[r], run.e_entry[r]), []).append(r)
    sel = set(run.sel)
    for rows in seen.values():
        if len(rows) < 2:
            continue
        for r in rows:
            if r in sel:
                others = ", ".join(str(run.e_id[o]) for o in rows if o != r)
                run.add_enr("duplicate_enrollment", r, "EntryDate", run.e_entry[r],
                            f"same project and EntryDate as EnrollmentID(s) {others}")


# ============================================================================ move-in, stays

def _move_in_adjusted(run: _Run) -> dict[int, dt.date]:
    """Enrollment row -> Eva's adjusted household move-in date, for PH enrollments of the
    export (``04_initial_data_prep.R``: the earliest valid HoH move-in date of the household,
    PSH entries before 2017-10-01 moving in at entry; members joining later move in at
    their own entry)."""
    f = run.frame
    move_in = f.col("Enrollment", "MoveInDate")
    hmid: dict[Any, dt.date] = {}
    ph_rows: list[int] = []
    for r in f.live("Enrollment"):
        ptype = run.type_of(r)
        if ptype not in PH or run.e_entry[r] is None:
            continue
        ph_rows.append(r)
        if run.e_rel[r] != 1:
            continue
        entry, mid = run.e_entry[r], move_in[r]
        exit_adj = run.exit_of[r] or OPEN
        day: dt.date | None
        if ptype in PSH_OPH and entry < PSH_MOVE_IN_COLLECTED and (mid is None or mid < entry):
            day = entry
        elif mid is None or mid < entry or (ptype == RRH and mid > exit_adj) or (
                ptype in PSH_OPH and mid >= exit_adj):
            day = None
        else:
            day = mid
        hid = run.e_hid[r]
        if day is not None and (hid not in hmid or day < hmid[hid]):
            hmid[hid] = day
    out: dict[int, dt.date] = {}
    for r in ph_rows:
        h = hmid.get(run.e_hid[r])
        if h is None:
            continue
        out[r] = h if run.e_rel[r] == 1 or run.e_entry[r] <= h else run.e_entry[r]
    return out


def _stay_checks(run: _Run, move_in: Mapping[int, dt.date],
                 nights: Mapping[str, tuple[dt.date, dt.date]]) -> None:
    """Eva checks 104 and 72 (outliers among open enrollments of the whole export) and 102,
    103, 142 (days since last contact against the local settings)."""
    f = run.frame
    as_of = run.as_of
    sel = set(run.sel)
    stays: dict[int, list[tuple[int, int]]] = {}
    waits: list[tuple[int, int]] = []
    for r in f.live("Enrollment"):
        ptype = run.type_of(r)
        entry = run.e_entry[r]
        if entry is None or ptype is None or run.exit_of[r] is not None:
            continue
        if ptype in OUTLIER_98 or ptype in PSH_OPH:
            if ptype in PH:
                mid = move_in.get(r)
                if mid is not None:
                    stays.setdefault(ptype, []).append(((as_of - mid).days, r))
            else:
                stays.setdefault(ptype, []).append(((as_of - entry).days, r))
        if ptype in PH and run.e_rel[r] == 1 and r not in move_in:
            waits.append(((as_of - entry).days, r))
    for ptype, found in stays.items():
        p = 0.98 if ptype in OUTLIER_98 else 0.99
        limit = _quantile([d for d, _ in found], p)
        for days, r in found:
            if days > limit and r in sel:
                run.add_enr("long_stayer_outlier", r, "EntryDate", run.e_entry[r],
                            f"open for {days} days, more than {p:.0%} of open enrollments "
                            f"of project type {ptype} ({limit:g} days)")
    if waits:
        limit = _quantile([d for d, _ in waits], 0.98)
        for days, r in waits:
            if days > limit and r in sel:
                run.add_enr("possible_missed_move_in", r, "MoveInDate", None,
                            f"no move-in date after {days} days, more than 98% of heads of "
                            f"household waiting in PH projects ({limit:g} days)")

    # Local settings: days since the last contact of enrollments still open at the end.
    limits = run.long_stayer_days
    if not limits:
        return
    last_cls: dict[str, dt.date] = {}
    if any(t in limits for t in (SO, SSO, CE)):
        c_eid, c_day = f.col("CurrentLivingSituation", "EnrollmentID"), f.col(
            "CurrentLivingSituation", "InformationDate")
        for cr in f.live("CurrentLivingSituation"):
            d, e = c_day[cr], c_eid[cr]
            if d is not None and (e not in last_cls or d > last_cls[e]):
                last_cls[e] = d
    for r in run.sel:
        ptype = run.type_of(r)
        if ptype is None or ptype not in limits:
            continue
        exit_date = run.exit_of[r]
        if exit_date is not None and exit_date < run.end:
            continue
        entry = run.e_entry[r]
        eid = run.e_id[r]
        if ptype in (SO, SSO, CE):
            if not run.adult_or_hoh(r):
                continue
            code, last, what = "cls_overdue", last_cls.get(eid, entry), "current living situation"
        elif ptype == ES_NBN:
            got = nights.get(eid)
            code, last, what = "bed_night_overdue", got[1] if got else entry, "bed night"
        else:
            code, last, what = "long_stayer_local", entry, "project start"
        days = (as_of - last).days
        if last < entry:
            last, days = entry, (as_of - entry).days
        if days > limits[ptype]:
            run.add_enr(code, r, "EntryDate", entry,
                        f"{days} days since the last {what} ({last}), more than the "
                        f"{limits[ptype]} days set for project type {ptype}")


def _overlaps(run: _Run, move_in: Mapping[int, dt.date],
              nights: Mapping[str, tuple[dt.date, dt.date]]) -> None:
    """Eva check 77: the same client in two lodging projects on the same night.

    Stays are ES, TH and SH enrollments (entry to exit), night-by-night ones from their
    first to their last bed night, and PH enrollments from the household's move-in date;
    RRH against PSH/OPH is not compared. Two night-by-night shelters overlap when they
    record a bed night on the same date, a night-by-night and an entry-exit shelter when
    they share more than two days. Eva compares each stay with the one before it only;
    here every pair is compared, and the later stay of a pair is reported.
    """
    by_person = run.frame.group("Enrollment", "PersonalID")
    sel = set(run.sel)
    persons = {run.e_pid[r] for r in run.sel
               if run.type_of(r) in LH_RESIDENTIAL or r in move_in}
    reported: set[int] = set()
    for pid in persons:
        spans: list[tuple[dt.date, dt.date, int, int]] = []
        for r in by_person.get(pid, ()):
            ptype = run.type_of(r)
            entry = run.e_entry[r]
            if entry is None or ptype is None:
                continue
            exit_adj = run.exit_of[r] or OPEN
            if entry == exit_adj:
                continue
            if ptype == ES_NBN:
                got = nights.get(run.e_id[r])
                if got is None:
                    continue
                spans.append((got[0], got[1], ptype, r))
            elif ptype in LH_RESIDENTIAL:
                spans.append((entry, exit_adj, ptype, r))
            elif r in move_in:
                spans.append((move_in[r], exit_adj, ptype, r))
        if len(spans) < 2:
            continue
        if sum(1 for s in spans if s[2] == ES_NBN) > 1:
            _nbn_pairs(run, [s[3] for s in spans if s[2] == ES_NBN], sel, reported)
        spans.sort(key=lambda s: (s[0], s[1]))
        for j in range(1, len(spans)):
            start, end, ptype, r = spans[j]
            for i in range(j):
                _pstart, pend, ptype0, r0 = spans[i]
                if pend < start:
                    continue
                if (ptype == RRH and ptype0 in PSH_OPH) or (ptype0 == RRH and ptype in PSH_OPH):
                    continue
                if ptype == ES_NBN and ptype0 == ES_NBN:
                    continue
                days = (min(end, pend) - start).days + (1 if end < pend else 0)
                hit = days > 2 if {ptype, ptype0} == {ES_NBN, ES_EE} else days > 0 and start != pend
                if hit:
                    _report_overlap(run, r, r0, sel, reported)


def _nbn_pairs(run: _Run, rows: list[int], sel: set[int], reported: set[int]) -> None:
    """Night-by-night enrollments of one client with a bed night on the same date."""
    f = run.frame
    groups = f.group("Services", "EnrollmentID")
    s_type, s_day = f.col("Services", "RecordType"), f.col("Services", "DateProvided")
    owner: dict[dt.date, int] = {}
    for r in sorted(rows, key=lambda r: (run.e_entry[r], r)):
        for sr in groups.get(run.e_id[r], ()):
            d = s_day[sr]
            if s_type[sr] != BED_NIGHT or d is None:
                continue
            first = owner.setdefault(d, r)
            if first != r:
                _report_overlap(run, r, first, sel, reported)


def _report_overlap(run: _Run, later: int, earlier: int, sel: set[int],
                    reported: set[int]) -> None:
    r, other = (later, earlier) if later in sel else (earlier, later)
    if r not in sel or r in reported:
        return
    reported.add(r)
    run.add_enr("enrollment_overlap", r, "EntryDate", run.e_entry[r],
                f"overlaps EnrollmentID {run.e_id[other]} (project {run.e_proj[other]}, "
                f"type {run.type_of(other)}) of the same client")


# ============================================================================ project periods

WHERE = {"after": "starts after", "before": "ends before", "crosses_start": "starts before",
         "crosses_end": "ends after", "crosses_period": "starts before and ends after"}


def _period_checks(run: _Run) -> None:
    """Eva checks 111-120: enrollments outside the project's operating period and its HMIS
    participation. Participation periods are the HMISParticipation records of type 1
    (participating), joined where they touch; projects with none are not checked."""
    f = run.frame
    op_start = f.col("Project", "OperatingStartDate")
    op_end = f.col("Project", "OperatingEndDate")
    h_pid = f.col("HMISParticipation", "ProjectID")
    h_type = f.col("HMISParticipation", "HMISParticipationType")
    h_start = f.col("HMISParticipation", "HMISParticipationStatusStartDate")
    h_end = f.col("HMISParticipation", "HMISParticipationStatusEndDate")
    spans: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for hr in f.live("HMISParticipation"):
        if h_type[hr] == 1 and h_start[hr] is not None and h_pid[hr] in run.selected:
            spans.setdefault(h_pid[hr], []).append((h_start[hr], h_end[hr]))
    merged = {p: _merge_spans(s) for p, s in spans.items()}
    operating_codes = {"after": "enrollment_after_operating_period",
                       "before": "enrollment_before_operating_period",
                       "crosses_start": "enrollment_crosses_operating_start",
                       "crosses_end": "enrollment_crosses_operating_end",
                       "crosses_period": "enrollment_crosses_operating_period"}
    participating_codes = {"after": "enrollment_after_participation_period",
                           "before": "enrollment_before_participation_period",
                           "crosses_start": "enrollment_crosses_participation_start",
                           "crosses_end": "enrollment_crosses_participation_end",
                           "crosses_period": "enrollment_crosses_participation_period"}
    as_of = run.as_of
    for r in run.sel:
        project = run.e_proj[r]
        prow = run.project_row.get(project)
        entry = run.e_entry[r]
        exit_date = run.exit_of[r]
        exit_adj = exit_date or OPEN
        span = f"({entry} to {exit_date})" if exit_date else f"({entry}, no exit)"
        if prow is not None and op_start[prow] is not None:
            where = _position(entry, exit_adj, op_start[prow], op_end[prow], as_of)
            if where != "inside":
                end_text = op_end[prow].isoformat() if op_end[prow] else "open"
                run.add_enr(operating_codes[where], r, "EntryDate", entry,
                            f"the enrollment {span} {WHERE[where]} "
                            f"the operating period {op_start[prow]} to {end_text} of "
                            f"ProjectID {project}")
        periods = merged.get(project)
        if not periods:
            continue
        where = _participation_position(entry, exit_adj, periods, as_of)
        if where != "inside":
            text = "; ".join(f"{s} to {e or 'open'}" for s, e in periods)
            run.add_enr(participating_codes[where], r, "EntryDate", entry,
                        f"the enrollment {span} {WHERE[where]} the "
                        f"HMIS participation of ProjectID {project} ({text})")


def _participation_position(entry: dt.date, exit_adj: dt.date,
                            periods: list[tuple[dt.date, dt.date | None]],
                            as_of: dt.date) -> str:
    """Position against the participation period the enrollment meets first (by start)."""
    touching = [p for p in periods if p[0] <= exit_adj and (p[1] is None or p[1] >= entry)]
    if not touching:
        ended = [p for p in periods if p[1] is not None and p[1] < entry]
        return "after" if ended else "before"
    for s, e in touching:
        if _position(entry, exit_adj, s, e, as_of) == "inside":
            return "inside"
    s, e = touching[0]
    return _position(entry, exit_adj, s, e, as_of)


# ============================================================================ project descriptors

def _project_checks(run: _Run) -> None:
    """Eva's PDDE checks on the selected projects (inventory active in the date range)."""
    f = run.frame
    projects = sorted((p for p in run.selected if p in run.project_row),
                      key=run.project_row.__getitem__)
    if not projects:
        return
    p_org = f.col("Project", "OrganizationID")
    p_cont = f.col("Project", "ContinuumProject")
    p_housing = f.col("Project", "HousingType")
    p_sub = f.col("Project", "RRHSubType")
    op_start = f.col("Project", "OperatingStartDate")
    op_end = f.col("Project", "OperatingEndDate")
    o_id, o_flag = f.col("Organization", "OrganizationID"), f.col("Organization",
                                                                  "VictimServiceProvider")
    o_vsp = {o_id[r]: o_flag[r] for r in f.live("Organization")}

    pc_rows = f.group("ProjectCoC", "ProjectID")
    pc_coc, pc_geo = f.col("ProjectCoC", "CoCCode"), f.col("ProjectCoC", "Geocode")
    pc_gtype = f.col("ProjectCoC", "GeographyType")
    pc_addr, pc_city = f.col("ProjectCoC", "Address1"), f.col("ProjectCoC", "City")
    pc_state, pc_zip = f.col("ProjectCoC", "State"), f.col("ProjectCoC", "ZIP")

    inv_rows = f.group("Inventory", "ProjectID")
    i_start, i_end = f.col("Inventory", "InventoryStartDate"), f.col("Inventory",
                                                                    "InventoryEndDate")
    i_beds, i_units = f.col("Inventory", "BedInventory"), f.col("Inventory", "UnitInventory")
    i_avail, i_coc = f.col("Inventory", "Availability"), f.col("Inventory", "CoCCode")
    i_bedtype = f.col("Inventory", "ESBedType")
    subpops = [f.col("Inventory", c) for c in (
        "CHVetBedInventory", "YouthVetBedInventory", "VetBedInventory", "CHYouthBedInventory",
        "YouthBedInventory", "CHBedInventory", "OtherBedInventory")]
    participating = _participating_projects(run)

    e_by_project = f.group("Enrollment", "ProjectID")
    active_by_project: dict[str, list[int]] = {}
    for r in run.sel:
        active_by_project.setdefault(run.e_proj[r], []).append(r)

    for p in projects:
        prow = run.project_row[p]
        ptype = run.ptype.get(p)
        sub = p_sub[prow]
        housing = p_housing[prow]
        vsp = o_vsp.get(p_org[prow]) == 1
        residential = ptype in WITH_BEDS and sub in (2, None)

        def padd(code: str, column: str | None, value: Any, text: str, prow: int = prow,
                 p: str = p) -> None:
            run.add(code, "Project", prow, column, value, f"ProjectID {p}: {text}")

        # --- project record
        if ptype == RRH and sub is None:
            padd("rrh_subtype_missing", "RRHSubType", None, "an RRH project has no RRHSubType")
        if ptype in WITH_BEDS and (ptype != RRH or sub == 2) and housing is None:
            padd("housing_type_missing", "HousingType", None,
                 "a residential project has no HousingType")
        if vsp and p in participating:
            padd("vsp_participating_in_hmis", "OrganizationID", p_org[prow],
                 "the organization is a victim service provider but the project participates "
                 "in HMIS")
        if vsp and e_by_project.get(p):
            padd("vsp_client_data", "OrganizationID", p_org[prow],
                 f"the organization is a victim service provider and the project has "
                 f"{len(e_by_project[p])} enrollment(s)")
        enrolled = e_by_project.get(p, [])
        if enrolled and op_end[prow] is None:
            exits = [run.exit_of[r] for r in enrolled]
            if all(d is not None for d in exits):
                last = max(d for d in exits if d is not None)
                if last < run.as_of - dt.timedelta(days=30):
                    padd("operating_end_date_missing", "OperatingEndDate", None,
                         f"no open enrollment and the last exit was {last}, but the "
                         "project has no OperatingEndDate")

        # --- ProjectCoC
        coc_rows = pc_rows.get(p, [])
        if not coc_rows and p_cont[prow] == 1:
            padd("project_coc_missing", None, None, "a continuum project has no ProjectCoC "
                 "record")
        for cr in coc_rows:
            gaps = [n for n, v in (("CoCCode", pc_coc[cr]), ("Geocode", pc_geo[cr]),
                                   ("GeographyType", pc_gtype[cr])) if v is None]
            if gaps:
                run.add("project_geography_missing", "ProjectCoC", cr, gaps[0], None,
                        f"ProjectID {p}: ProjectCoC lacks {', '.join(gaps)}")
            zip_code = pc_zip[cr]
            gaps = [] if _zip_ok(zip_code) else ["ZIP"]
            if not vsp and housing in (1, 2):  # site-based (Eva skips other types)
                gaps = [n for n, v in (("Address1", pc_addr[cr]), ("City", pc_city[cr]),
                                       ("State", pc_state[cr])) if v is None] + gaps
            if gaps:
                run.add("project_address_missing", "ProjectCoC", cr, gaps[0], None,
                        f"ProjectID {p}: ProjectCoC lacks a valid {', '.join(gaps)}")

        # --- Inventory
        inventory = inv_rows.get(p, [])
        if not inventory and residential:
            padd("inventory_missing", None, None,
                 "a residential project has no Inventory record")
        active = [ir for ir in inventory if i_start[ir] is not None
                  and i_start[ir] <= run.end and (i_end[ir] is None or i_end[ir] >= run.start)]
        for ir in inventory:
            if i_avail[ir] == 2 and i_start[ir] is not None and (
                    i_end[ir] is None or (i_end[ir] - i_start[ir]).days > 365):
                run.add("seasonal_inventory_long_term", "Inventory", ir, "InventoryEndDate",
                        i_end[ir], f"ProjectID {p}: seasonal inventory runs from "
                        f"{i_start[ir]} to {i_end[ir] or 'no end date'}")
            if ptype in WITH_BEDS and i_beds[ir] is not None and all(
                    col[ir] is not None for col in subpops):
                total = sum(col[ir] for col in subpops)
                if total != i_beds[ir]:
                    run.add("inventory_bed_total_mismatch", "Inventory", ir, "BedInventory",
                            i_beds[ir], f"ProjectID {p}: the dedicated and other beds add "
                            f"up to {total}, BedInventory is {i_beds[ir]}")
        p_coc_codes = {pc_coc[cr] for cr in coc_rows}
        inv_cocs: set[Any] = set()
        beds_active: list[int] = []
        for ir in active:
            inv_cocs.add(i_coc[ir])
            beds = i_beds[ir] or 0
            if op_start[prow] is not None and i_start[ir] < op_start[prow]:
                run.add("inventory_starts_before_operating", "Inventory", ir,
                        "InventoryStartDate", i_start[ir], f"ProjectID {p}: inventory starts "
                        f"{i_start[ir]}, before the OperatingStartDate {op_start[prow]}")
            if (i_end[ir] or OPEN) > (op_end[prow] or OPEN):
                run.add("inventory_ends_after_operating", "Inventory", ir, "InventoryEndDate",
                        i_end[ir], f"ProjectID {p}: inventory ends "
                        f"{i_end[ir] or 'never'}, after the OperatingEndDate {op_end[prow]}")
            if ptype == RRH and sub == 1 and beds > 0:
                run.add("rrh_services_only_inventory", "Inventory", ir, "BedInventory", beds,
                        f"ProjectID {p}: an RRH services-only project has {beds} active beds")
            if ptype in (ES_EE, ES_NBN) and (
                    (housing in (1, 2) and i_bedtype[ir] not in (1, 3))
                    or (housing == 3 and i_bedtype[ir] is not None and i_bedtype[ir] != 2)):
                run.add("es_bed_type_mismatch", "Inventory", ir, "ESBedType", i_bedtype[ir],
                        f"ProjectID {p}: ESBedType {i_bedtype[ir]} does not fit "
                        f"HousingType {housing}")
            if i_coc[ir] not in p_coc_codes:
                run.add("inventory_coc_not_project_coc", "Inventory", ir, "CoCCode", i_coc[ir],
                        f"ProjectID {p}: inventory CoC {i_coc[ir]} is not one of the "
                        "project's ProjectCoC codes")
            if i_units[ir] is not None and i_beds[ir] is not None and i_units[ir] > i_beds[ir]:
                run.add("inventory_units_exceed_beds", "Inventory", ir, "UnitInventory",
                        i_units[ir], f"ProjectID {p}: {i_units[ir]} units but "
                        f"{i_beds[ir]} beds")
            if i_avail[ir] != 3 and beds > 0:
                beds_active.append(ir)
        if inventory and residential:
            for cr in coc_rows:
                if pc_coc[cr] is not None and pc_coc[cr] not in inv_cocs:
                    run.add("project_coc_without_inventory", "ProjectCoC", cr, "CoCCode",
                            pc_coc[cr], f"ProjectID {p}: no active inventory for CoC "
                            f"{pc_coc[cr]}")
        if beds_active and p in participating and not active_by_project.get(p):
            padd("zero_utilization", None, None, "the project participates in HMIS and has "
                 "active beds but no enrollment active in the date range")
        if beds_active and enrolled and not any(
                _meets(run, r, i_start[ir], i_end[ir]) for r in enrolled for ir in beds_active):
            padd("inventory_without_enrollments", None, None,
                 "no enrollment of the project falls within its active inventory")


def _meets(run: _Run, r: int, start: dt.date, end: dt.date | None) -> bool:
    entry = run.e_entry[r]
    return entry is not None and (end is None or entry <= end) and (
        run.exit_of[r] or OPEN) >= start


def _zip_ok(value: Any) -> bool:
    text = str(value or "")
    digits = text.replace("-", "")
    return digits.isdigit() and (len(text) == 5 or (len(text) == 10 and text[5] == "-"))


def _participation_overlaps(run: _Run) -> None:
    """Eva checks 128 and 131: a project's participation records covering the same days
    (periods include both their start and end dates, as Eva compares them)."""
    f = run.frame
    for file, key, start_col, end_col, code in (
            ("HMISParticipation", "HMISParticipationID", "HMISParticipationStatusStartDate",
             "HMISParticipationStatusEndDate", "hmis_participation_overlap"),
            ("CEParticipation", "CEParticipationID", "CEParticipationStatusStartDate",
             "CEParticipationStatusEndDate", "ce_participation_overlap")):
        ids, starts, ends = f.col(file, key), f.col(file, start_col), f.col(file, end_col)
        for project, rows in f.group(file, "ProjectID").items():
            if project not in run.selected or len(rows) < 2:
                continue
            dated = sorted((r for r in rows if starts[r] is not None),
                           key=lambda r: (starts[r], r))
            for j in range(1, len(dated)):
                r = dated[j]
                for r0 in dated[:j]:
                    if (ends[r0] or OPEN) >= starts[r]:
                        run.add(code, file, r, start_col, starts[r],
                                f"ProjectID {project}: {key} {ids[r]} ({starts[r]} to "
                                f"{ends[r] or 'open'}) overlaps {ids[r0]} ({starts[r0]} to "
                                f"{ends[r0] or 'open'})")
                        break


# ============================================================================ entry point

def dq_findings(
    export: Export,
    start: dt.date | str,
    end: dt.date | str,
    projects: Sequence[str] | None = None,
    *,
    as_of: dt.date | str | None = None,
    long_stayer_days: Mapping[int, int] | None = None,
    referral_days: int = REFERRAL_DAYS,
) -> list[Finding]:
    """Eva's data-quality checks over the enrollments active in ``start``..``end`` (EntryDate
    on or before ``end``, no exit or ExitDate on or after ``start``) in ``projects`` (default:
    every project), and over those projects' descriptor records.

    ``as_of`` is "today" for future dates and lengths of stay: by default the ExportDate of
    Export.csv, else ``end``. ``long_stayer_days`` (project type -> days; default
    :data:`LONG_STAYER_DAYS`) and ``referral_days`` are Eva's local settings.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> found = dq_findings(export, "2024-10-01", "2025-09-30")
    >>> all(f.code in hmis_core.csvspec.CATALOGUE for f in found)
    True
    """
    d_start, d_end = _as_date(start), _as_date(end)
    if d_end < d_start:
        raise ValueError(f"end {d_end} is before start {d_start}")
    if as_of is None:
        record = Frame(export).col("Export", "ExportDate")
        stamp = next((_day(v) for v in record if v is not None), None)
        day = stamp or d_end
    else:
        day = _as_date(as_of)
    with paused_gc():
        return _dq(export, d_start, d_end, projects, day,
                   LONG_STAYER_DAYS if long_stayer_days is None else long_stayer_days,
                   referral_days)


def _dq(export: Export, start: dt.date, end: dt.date, projects: Sequence[str] | None,
        as_of: dt.date, long_stayer_days: Mapping[int, int],
        referral_days: int) -> list[Finding]:
    run = _Run(export, start, end, projects, as_of, long_stayer_days, referral_days)
    nights = _bed_nights(run)
    move_in = _move_in_adjusted(run)
    _duplicate_entries(run)
    _household_checks(run)
    _client_checks(run)
    _enrollment_checks(run)
    _income_checks(run)
    _ssvf_checks(run)
    _records_checks(run)
    _nbn_checks(run, nights)
    _period_checks(run)
    _stay_checks(run, move_in, nights)
    _overlaps(run, move_in, nights)
    _project_checks(run)
    _participation_overlaps(run)
    return run.out
