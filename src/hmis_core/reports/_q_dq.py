"""Data quality: Q6a–Q6f (APR_CAPER.md §5), all on the DQ universe (§2.3).

The tables only count; the per-client, per-element classification lives in plain functions a
later data-quality report reuses:

* :func:`pii_issues` (Q6a), :func:`ude_issues` (Q6b), :func:`income_destination_issues` (Q6c)
  map an element name to its category — :data:`DKPNTA` (column B), :data:`MISSING` (C) or
  :data:`ISSUE` (D) — for the elements that have a problem. The categories of one element
  are exclusive and tested in that order (DL's ``case_when``), so column E (distinct persons
  with any of B–D) is B + C + D.
* :func:`chronic_dq_line` and :func:`chronic_element_issues` (Q6d), :func:`timeliness_days`
  (Q6e) and :func:`inactive_records` (Q6f).
* :func:`ssn_issue`, :func:`coc_code_valid` and :func:`income_record_status` test one value or
  one record.

Denominators are the DQ column of Q5a (:func:`q5a_dq_counts`), computed by
:func:`~hmis_core.reports._q_demographics.q5a` itself so they always agree with Q5a.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import re
from importlib import resources
from typing import Any

from hmis_core.csvspec._hashing import HASHED_SSN
from hmis_core.reports._income import INCOME_SOURCES, annual_record, exit_record, start_record
from hmis_core.reports._layout import layout
from hmis_core.reports._q_demographics import q5a
from hmis_core.reports._report import ratio
from hmis_core.reports._tally import Tally, table
from hmis_core.reports._universe import Context, Enr

__all__ = [
    "CHRONIC_ELEMENTS",
    "DKPNTA",
    "INCOME_DESTINATION_ELEMENTS",
    "ISSUE",
    "MISSING",
    "PII_ELEMENTS",
    "UDE_ELEMENTS",
    "chronic_dq_line",
    "chronic_element_issues",
    "coc_code_valid",
    "dob_status",
    "inactive_records",
    "income_destination_issues",
    "income_record_status",
    "name_status",
    "pii_issues",
    "q5a_dq_counts",
    "race_status",
    "ssn_issue",
    "ssn_status",
    "timeliness_days",
    "ude_issues",
]

DKPNTA = "dkpnta"
"""Client doesn't know / prefers not to answer (column B of Q6a–Q6c)."""
MISSING = "missing"
"""Information missing (column C)."""
ISSUE = "issue"
"""Data issues (column D)."""

_COLUMN = {DKPNTA: 1, MISSING: 2, ISSUE: 3}
_TOTAL, _RATE = 4, 5

PII_ELEMENTS = ("name", "ssn", "dob", "race")
"""Keys of :func:`pii_issues`, in Q6a line order (lines 2–5)."""
UDE_ELEMENTS = ("veteran", "start_date", "relationship", "coc", "disabling")
"""Keys of :func:`ude_issues`, in Q6b line order (lines 2–6)."""
INCOME_DESTINATION_ELEMENTS = ("destination", "income_start", "income_annual", "income_exit")
"""Keys of :func:`income_destination_issues`, in Q6c line order (lines 2–5)."""
CHRONIC_ELEMENTS = ("institution", "housing", "date", "times", "months")
"""Values of :func:`chronic_element_issues`, in Q6d column order (C–G)."""

_DOB_FLOOR = dt.date(1915, 1, 1)
_CH_SINCE = dt.date(2016, 10, 1)
_INACTIVE_DAYS = 90
_PATH_FUNDER = 21
_SO, _SSO, _NBN = 4, 6, 1
_SSN_SHAPE = re.compile(r"(?!000|666|9)[0-9]{3}(?!00)[0-9]{2}(?!0000)[0-9]{4}")
"""9 ASCII digits; area not 000, 666 or 9xx; group not 00; serial not 0000."""
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def _sequential(ssn: str) -> bool:
    """DL's ``sequential_ssn``: one digit repeated, or the absolute differences of
    neighbouring digits are eight 1s, or seven 1s and one 8 or 9 (a run that wraps)."""
    if len(set(ssn)) == 1:
        return True
    diffs = [abs(ord(a) - ord(b)) for a, b in itertools.pairwise(ssn)]
    ones = diffs.count(1)
    return ones == 8 or (ones == 7 and (8 in diffs or 9 in diffs))


@functools.cache
def _known_cocs() -> frozenset[str]:
    text = resources.files("hmis_core.reports").joinpath("_data/coc_codes.csv").read_text(
        encoding="utf-8")
    return frozenset(row["CoCCode"] for row in csv.DictReader(io.StringIO(text)))


_TEST_COCS = frozenset({"XX-500", "XX-501"})
"""The CoC codes of HUD's test kits, valid in DL's list too."""
_RACE_COLUMNS = ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
                 "MidEastNAfrican", "NativeHIPacific", "White")


# ---------------------------------------------------------------------------- value tests

def ssn_issue(ssn: str | None) -> bool:
    """Whether an SSN *value* is a data issue (Q6a column D, §5; DL ``create_dq_Q1``).

    An empty SSN is not an issue (it is missing, column C). Otherwise it is an issue when it
    is not exactly 9 ASCII digits (so partial SSNs with ``x``, dashes and spaces count), when
    the area number (digits 1–3) is 000 or 666 or starts with 9, the group (digits 4–5) is 00,
    or the serial (digits 6–9) is 0000, when it is one digit repeated (111111111 …
    999999999), or when it is an ascending or descending run in which every digit is the
    previous one ±1 as DL's ``sequential_ssn`` reads it: the absolute differences of
    neighbouring digits are all 1 (123456789, 987654321, 121212121), or all but one are 1
    and that one is 8 or 9 (123456780, 234567891).

    An SSN hashed as in a HashStatus 4 export (four clear characters, then 64 hex) can only be
    judged by its clear last four: an issue when they are not all digits or are 0000.

    >>> [ssn_issue(s) for s in (None, "", "123456780", "123456789", "987654321")]
    [False, False, True, True, True]
    >>> [ssn_issue(s) for s in ("121212121", "234567891", "219098765")]
    [True, True, False]
    >>> [ssn_issue(s) for s in ("12345678", "12345678x", "666123456", "912345678")]
    [True, True, True, True]
    >>> [ssn_issue(s) for s in ("123006789", "123450000", "555555555", "890123456")]
    [True, True, True, True]
    >>> ssn_issue("6789" + "a" * 64), ssn_issue("0000" + "a" * 64)
    (False, True)
    """
    if not ssn:
        return False
    if _SSN_SHAPE.fullmatch(ssn):
        return _sequential(ssn)
    if HASHED_SSN.fullmatch(ssn):
        last4 = ssn[:4]
        return not _FOUR_DIGITS.fullmatch(last4) or last4 == "0000"
    return True


def coc_code_valid(code: str | None) -> bool:
    """Whether an EnrollmentCoC is a valid CoC code (Q6b line 5, §5): one of HUD's CoC codes
    (2.03.1, the spec's ``coc_codes_reference.csv``, shipped with the library) or a test-kit
    code XX-500 / XX-501, as DL's ``valid_cocs`` list. CoC codes change yearly with mergers;
    a code that is well formed but not on the list is reported as a data issue.

    >>> [coc_code_valid(c) for c in ("MN-500", "XX-500", "ZZ-999", "mn-500", "MN500", None)]
    [True, True, False, False, False, False]
    """
    return code is not None and (code in _TEST_COCS or code in _known_cocs())


# ---------------------------------------------------------------------------- columns

class _Columns:
    """The columns the Q6 helpers read, fetched once per run (``ctx.cache``)."""

    def __init__(self, ctx: Context) -> None:
        c = ctx.col
        self.first, self.last = c("Client", "FirstName"), c("Client", "LastName")
        self.name_q = c("Client", "NameDataQuality")
        self.ssn, self.ssn_q = c("Client", "SSN"), c("Client", "SSNDataQuality")
        self.dob, self.dob_q = c("Client", "DOB"), c("Client", "DOBDataQuality")
        self.c_created = c("Client", "DateCreated")
        self.races = [c("Client", name) for name in _RACE_COLUMNS]
        self.race_none = c("Client", "RaceNone")
        self.veteran = c("Client", "VeteranStatus")
        self.rel = c("Enrollment", "RelationshipToHoH")
        self.rel_column = ctx.frame.export["Enrollment"]["RelationshipToHoH"]
        self.coc = c("Enrollment", "EnrollmentCoC")
        self.dc = c("Enrollment", "DisablingCondition")
        self.e_created = c("Enrollment", "DateCreated")
        self.living = c("Enrollment", "LivingSituation")
        self.length = c("Enrollment", "LengthOfStay")
        self.prev = c("Enrollment", "PreviousStreetESSH")
        self.street_date = c("Enrollment", "DateToStreetESSH")
        self.times = c("Enrollment", "TimesHomelessPastThreeYears")
        self.months = c("Enrollment", "MonthsHomelessPastThreeYears")
        self.destination = c("Exit", "Destination")
        self.x_created = c("Exit", "DateCreated")
        self.any_income = c("IncomeBenefits", "IncomeFromAnySource")
        self.sources = [c("IncomeBenefits", s) for s in INCOME_SOURCES]
        status = c("Export", "HashStatus")
        self.hashed = any(status[r] in (2, 3, 4) for r in ctx.frame.live("Export"))
        """Whether Export.HashStatus says names and SSNs are hashed (2, 3 or 4)."""


def _cols(ctx: Context) -> _Columns:
    got = ctx.cache.get("dq.columns")
    if got is None:
        got = ctx.cache["dq.columns"] = _Columns(ctx)
    assert isinstance(got, _Columns)
    return got


def _client(col: list[Any], p: Enr) -> Any:
    return col[p.client_row] if p.client_row is not None else None


def _day(value: Any) -> dt.date | None:
    """The date part of a DateCreated (a datetime; a plain date is kept)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


# ---------------------------------------------------------------------------- Q6a
# The value-level rules take plain values so that pii_issues reads each column once.

def _name(quality: Any, first: Any, last: Any) -> str | None:
    if quality in (8, 9):
        return DKPNTA
    if quality == 99 or not first or not last:
        return MISSING
    return ISSUE if quality == 2 else None


def _ssn(quality: Any, ssn: Any, hashed: bool) -> str | None:
    if quality in (8, 9):
        return DKPNTA
    if quality == 99 or not ssn:
        return MISSING
    if quality == 2:
        return ISSUE
    if hashed and len(ssn) > 9 and not HASHED_SSN.fullmatch(ssn):
        return None
    return ISSUE if ssn_issue(ssn) else None


def _dob(quality: Any, dob: Any, created: Any, p: Enr) -> str | None:
    if dob is None:
        # §5: B null and 8/9; C null and 99/null; D quality 2. A null DOB with quality 1 is
        # none of these (DL agrees).
        if quality in (8, 9):
            return DKPNTA
        if quality == 2:
            return ISSUE
        return MISSING if quality in (99, None) else None
    if quality in (2, 8, 9, 99) or dob < _DOB_FLOOR:
        return ISSUE
    day = _day(created)
    if day is not None and dob > day:
        return ISSUE
    if dob >= p.entry and p.adult_or_hoh:
        return ISSUE
    return None


def _race(race_none: Any, has_race: bool) -> str | None:
    if race_none in (8, 9):
        return DKPNTA
    if not has_race and race_none in (99, None):
        return MISSING
    return None


def _has_race(c: _Columns, row: int | None) -> bool:
    if row is None:
        return False
    return 1 in [col[row] for col in c.races]


def name_status(ctx: Context, p: Enr) -> str | None:
    """3.01 Name: NameDataQuality 8/9 → DK/PNTA; quality 99 or FirstName/LastName empty →
    missing; quality 2 (partial) → issue; else None."""
    c = _cols(ctx)
    return _name(_client(c.name_q, p), _client(c.first, p), _client(c.last, p))


def ssn_status(ctx: Context, p: Enr) -> str | None:
    """3.02 SSN: SSNDataQuality 8/9 → DK/PNTA; quality 99 or SSN empty → missing; quality 2
    or an SSN failing :func:`ssn_issue` → issue; else None.

    In a hashed export (Export.HashStatus 2–4) a value longer than 9 characters that is not
    in the HashStatus 4 form is a digest that cannot be judged, so it is not an issue."""
    c = _cols(ctx)
    return _ssn(_client(c.ssn_q, p), _client(c.ssn, p), c.hashed)


def dob_status(ctx: Context, p: Enr) -> str | None:
    """3.03 DOB (§5, DL's reading of §9 item 5).

    * DK/PNTA: DOB empty and DOBDataQuality 8/9;
    * missing: DOB empty and quality 99 or empty — and also quality 1 (a "full DOB" with no
      date: GR's reading; DL would let it pass);
    * issue: quality 2 (with or without a date); quality 8/9/99 with a DOB present; DOB
      before 1915-01-01; DOB after the date part of Client.DateCreated; or the client is an
      adult or HoH and the DOB is on or after the EntryDate of the reported enrollment. An
      empty quality with a DOB present is judged by the date tests only (the spec's wording;
      DL would call it missing).
    """
    c = _cols(ctx)
    return _dob(_client(c.dob_q, p), _client(c.dob, p), _client(c.c_created, p), p)


def race_status(ctx: Context, p: Enr) -> str | None:
    """3.04 Race and Ethnicity: RaceNone 8/9 → DK/PNTA (even when a race column is also 1:
    DL and GR agree); no race column equal to 1 and RaceNone 99/empty → missing; no data-issue
    test (column D is blank)."""
    c = _cols(ctx)
    return _race(_client(c.race_none, p), _has_race(c, p.client_row))


def pii_issues(ctx: Context, p: Enr) -> dict[str, str]:
    """Q6a per client: element ("name", "ssn", "dob", "race") → :data:`DKPNTA`,
    :data:`MISSING` or :data:`ISSUE`, for the elements with a problem (the rules of
    :func:`name_status`, :func:`ssn_status`, :func:`dob_status`, :func:`race_status`)."""
    c = _cols(ctx)
    r = p.client_row
    out: dict[str, str] = {}
    if r is None:  # no Client record: nothing was collected
        out["name"] = out["ssn"] = out["dob"] = out["race"] = MISSING
        return out
    status = _name(c.name_q[r], c.first[r], c.last[r])
    if status is not None:
        out["name"] = status
    status = _ssn(c.ssn_q[r], c.ssn[r], c.hashed)
    if status is not None:
        out["ssn"] = status
    status = _dob(c.dob_q[r], c.dob[r], c.c_created[r], p)
    if status is not None:
        out["dob"] = status
    status = _race(c.race_none[r], _has_race(c, r))
    if status is not None:
        out["race"] = status
    return out


# ---------------------------------------------------------------------------- Q6b

def _overlapping_starts(ctx: Context) -> set[str]:
    """EnrollmentIDs of the reported enrollments (:attr:`Context.persons`) whose start is a
    3.10 data issue: another enrollment of the client in the same project (any live Enrollment
    row of the export) started earlier and has an ExitDate (its latest) after this EntryDate.
    An earlier enrollment without an exit does not count (DL; GR follows DL)."""
    got = ctx.cache.get("dq.overlaps")
    if got is not None:
        assert isinstance(got, set)
        return got
    frame = ctx.frame
    reported = {p.pid: p for p in ctx.persons}
    ids, proj = frame.col("Enrollment", "EnrollmentID"), frame.col("Enrollment", "ProjectID")
    entry = frame.col("Enrollment", "EntryDate")
    earlier: list[tuple[str, Enr]] = []
    for pid, rows in frame.group_for("Enrollment", "PersonalID", reported.keys()).items():
        if len(rows) < 2:
            continue
        p = reported[pid]
        for r in rows:
            if (ids[r] != p.eid and proj[r] == p.project_id and entry[r] is not None
                    and entry[r] < p.entry):
                earlier.append((ids[r], p))
    found: set[str] = set()
    if earlier:
        dates = frame.col("Exit", "ExitDate")
        exits = frame.group_for("Exit", "EnrollmentID", {eid for eid, _ in earlier})
        for eid, p in earlier:
            dated = [dates[r] for r in exits.get(eid, ()) if dates[r] is not None]
            if dated and max(dated) > p.entry:
                found.add(p.eid)
    ctx.cache["dq.overlaps"] = found
    return found


def _bad_households(ctx: Context) -> set[str]:
    """HouseholdIDs whose active enrollments (§2.1) have no HoH or more than one (distinct
    PersonalIDs with RelationshipToHoH 1)."""
    got = ctx.cache.get("dq.bad_households")
    if got is None:
        got = set()
        for hid, members in ctx.households.items():
            if len({m.pid for m in members if m.rel == 1}) != 1:
                got.add(hid)
        ctx.cache["dq.bad_households"] = got
    assert isinstance(got, set)
    return got


def _latest_disability_indefinite(ctx: Context, p: Enr) -> bool:
    """Whether the Disabilities records of the enrollment dated its latest InformationDate
    (any stage, any date: DL) show a condition that is indefinite and impairs (§2.10 step A
    test)."""
    rows = ctx.rows_of("Disabilities", p)
    if not rows:
        return False
    when = ctx.col("Disabilities", "InformationDate")
    dated = [when[r] for r in rows if when[r] is not None]
    if not dated:
        return False
    latest = max(dated)
    typ = ctx.col("Disabilities", "DisabilityType")
    resp = ctx.col("Disabilities", "DisabilityResponse")
    ind = ctx.col("Disabilities", "IndefiniteAndImpairs")
    for r in rows:
        if when[r] != latest:
            continue
        t, v = typ[r], resp[r]
        if t in (6, 8) and v == 1:
            return True
        if ((t in (5, 7, 9) and v == 1) or (t == 10 and v in (1, 2, 3))) and ind[r] == 1:
            return True
    return False


def ude_issues(ctx: Context, p: Enr) -> dict[str, str]:
    """Q6b per client (§5): element → category for the elements with a problem.

    * "veteran" (3.07): adults with VeteranStatus 8/9 → DK/PNTA, 99/empty → missing;
      children with VeteranStatus 1 → issue (unknown-age clients are not tested);
    * "start_date" (3.10): issue when an earlier enrollment in the same project overlaps
      (:func:`_overlapping_starts`) or EntryDate > ExitDate;
    * "relationship" (3.15): empty → missing; a value outside 1–5 (99, or text that is not
      a code) or a household with zero or several HoHs → issue;
    * "coc" (3.16, HoHs only): EnrollmentCoC empty → missing; not ``XX-999``
      (:func:`coc_code_valid`) → issue;
    * "disabling" (3.08): 8/9 → DK/PNTA; 99/empty → missing; 0 while the latest Disabilities
      records show an indefinite and impairing condition → issue.
    """
    c = _cols(ctx)
    out: dict[str, str] = {}
    vet = _client(c.veteran, p)
    if p.adult:
        if vet in (8, 9):
            out["veteran"] = DKPNTA
        elif vet in (99, None):
            out["veteran"] = MISSING
    elif p.child and vet == 1:
        out["veteran"] = ISSUE
    if (p.exit is not None and p.entry > p.exit) or p.eid in _overlapping_starts(ctx):
        out["start_date"] = ISSUE
    rel = c.rel[p.row]
    if rel is None and not c.rel_column.is_invalid(p.row):
        out["relationship"] = MISSING
    elif rel not in (1, 2, 3, 4, 5) or p.hid in _bad_households(ctx):
        out["relationship"] = ISSUE
    if rel == 1:
        coc = c.coc[p.row]
        if not coc:
            out["coc"] = MISSING
        elif not coc_code_valid(coc):
            out["coc"] = ISSUE
    dc = c.dc[p.row]
    if dc in (8, 9):
        out["disabling"] = DKPNTA
    elif dc in (99, None):
        out["disabling"] = MISSING
    elif dc == 0 and _latest_disability_indefinite(ctx, p):
        out["disabling"] = ISSUE
    return out


# ---------------------------------------------------------------------------- Q6c

def income_record_status(ctx: Context, row: int | None) -> str | None:
    """4.02 on one IncomeBenefits record (``row`` None: no record → missing).
    IncomeFromAnySource 99/empty → missing (§9 item 6: DL and the spec wording); 8/9 →
    DK/PNTA; 0 with a source flagged 1, or 1 with no source flagged 1 → issue; else None."""
    if row is None:
        return MISSING
    c = _cols(ctx)
    any_source = c.any_income[row]
    if any_source in (99, None):
        return MISSING
    if any_source in (8, 9):
        return DKPNTA
    flagged = any(col[row] == 1 for col in c.sources)
    if (any_source == 0 and flagged) or (any_source == 1 and not flagged):
        return ISSUE
    return None


def income_destination_issues(ctx: Context, p: Enr) -> dict[str, str]:
    """Q6c per client (§5): element → category for the elements that apply and have a
    problem.

    * "destination" (3.12, leavers): 8/9 → DK/PNTA; 30, 99 or empty → missing;
    * "income_start" (adults and HoHs): the stage-1 record dated EntryDate
      (:func:`~hmis_core.reports._income.start_record`);
    * "income_annual" (adult/HoH stayers with an assessment due, §2.11): the annual record
      (missing when none inside the window);
    * "income_exit" (adult/HoH leavers): the stage-3 record dated ExitDate.

    Income records are judged by :func:`income_record_status`.
    """
    out: dict[str, str] = {}
    if p.leaver and p.exit_row is not None:
        dest = _cols(ctx).destination[p.exit_row]
        if dest in (8, 9):
            out["destination"] = DKPNTA
        elif dest in (30, 99, None):
            out["destination"] = MISSING
    if not p.adult_or_hoh:
        return out
    checks: list[tuple[str, int | None]] = [("income_start", start_record(ctx, p))]
    if p.leaver:
        checks.append(("income_exit", exit_record(ctx, p)))
    elif p.annual_due:
        checks.append(("income_annual", annual_record(ctx, p)))
    for key, row in checks:
        status = income_record_status(ctx, row)
        if status is not None:
            out[key] = status
    return out


# ---------------------------------------------------------------------------- Q6d

_CH_LINE = {0: 2, 1: 2, 4: 2, 8: 2, 2: 3, 3: 4, 9: 4, 10: 4, 13: 4, 14: 5, 6: 6, 11: 6, 12: 6}
_STREET_TYPES = frozenset({0, 1, 4, 8})
_UNKNOWN_LOS = (8, 9, 99, None)


def chronic_dq_line(p: Enr) -> int | None:
    """The Q6d line of a client, or None when outside its universe: adults and HoHs whose
    EntryDate is on or after 2016-10-01 (DL, §9 item 7) in project types 0,1,4,8 (line 2),
    2 (3), 3,9,10,13 (4), 14 (5), 6,11,12 (6)."""
    if not p.adult_or_hoh or p.entry < _CH_SINCE or p.ptype is None:
        return None
    return _CH_LINE.get(p.ptype)


def chronic_element_issues(ctx: Context, p: Enr) -> set[str]:
    """Q6d per client in its universe: which 3.917 elements are missing (§5).

    * "institution": LivingSituation 200–299 and LengthOfStay 8/9/99/empty;
    * "housing": LivingSituation 0–99, 300–499 or empty and LengthOfStay 8/9/99/empty
      (neither is tested for ES/SH/SO);
    * "date" (DateToStreetESSH empty), "times" (TimesHomelessPastThreeYears 8/9/99/empty),
      "months" (MonthsHomelessPastThreeYears 8/9/99/empty), tested only when 3.917 B–E apply:
      always for ES/SH/SO; otherwise LivingSituation 100–199, or 200–299 with LengthOfStay
      10, 11, 2 or 3 and PreviousStreetESSH 1, or 0–99/300–499/empty with LengthOfStay 10 or
      11 and PreviousStreetESSH 1.
    """
    c = _cols(ctx)
    row = p.row
    living, length = c.living[row], c.length[row]
    street = p.ptype in _STREET_TYPES
    out: set[str] = set()
    institution = living is not None and 200 <= living <= 299
    homeless = living is not None and 100 <= living <= 199
    housing = not institution and not homeless  # 0–99, 300–499 or empty
    if not street and length in _UNKNOWN_LOS:
        if institution:
            out.add("institution")
        elif housing:
            out.add("housing")
    applies = street or homeless or (c.prev[row] == 1 and (
        (institution and length in (10, 11, 2, 3)) or (housing and length in (10, 11))))
    if applies:
        if c.street_date[row] is None:
            out.add("date")
        if c.times[row] in _UNKNOWN_LOS:
            out.add("times")
        if c.months[row] in _UNKNOWN_LOS:
            out.add("months")
    return out


# ---------------------------------------------------------------------------- Q6e

def timeliness_days(ctx: Context, p: Enr) -> tuple[int | None, int | None]:
    """Q6e per client: (days from EntryDate to the date part of Enrollment.DateCreated, only
    when EntryDate is inside the report range; days from ExitDate to the date part of
    Exit.DateCreated, leavers only). None where not applicable or DateCreated is empty."""
    c = _cols(ctx)
    start_days = exit_days = None
    if ctx.start <= p.entry <= ctx.end:
        created = _day(c.e_created[p.row])
        if created is not None:
            start_days = (created - p.entry).days
    if p.exit is not None and p.exit_row is not None:
        created = _day(c.x_created[p.exit_row])
        if created is not None:
            exit_days = (created - p.exit).days
    return start_days, exit_days


def _timeliness_line(days: int) -> int:
    if days < 0:
        return 2
    if days == 0:
        return 3
    if days <= 3:
        return 4
    if days <= 6:
        return 5
    return 6 if days <= 10 else 7


# ---------------------------------------------------------------------------- Q6f

def _path_projects(ctx: Context) -> set[str]:
    got = ctx.cache.get("dq.path_projects")
    if got is None:
        pid, fund = ctx.col("Funder", "ProjectID"), ctx.col("Funder", "Funder")
        got = {pid[r] for r in ctx.frame.live("Funder") if fund[r] == _PATH_FUNDER}
        ctx.cache["dq.path_projects"] = got
    assert isinstance(got, set)
    return got


def inactive_records(ctx: Context, p: Enr) -> dict[str, bool]:
    """Q6f per client (§5): row ("contact", "bed_night") → whether the record is inactive,
    for the rows the client belongs to. Only stayers whose EntryDate is at least 90 days
    before the report end are considered.

    * "contact": adults and HoHs in Street Outreach (engaged: the DQ universe) or in
      PATH-funded (Funder 21) SSO — the row label's reading, GR (§9 item 16); active when a
      CurrentLivingSituation of the enrollment is dated inside the report range and at most
      90 days before its end;
    * "bed_night": every client in ES-NbN; active when a bed night is dated inside the
      report range and at most 90 days before its end.
    """
    out: dict[str, bool] = {}
    if p.leaver or (ctx.end - p.entry).days < _INACTIVE_DAYS:
        return out
    end = ctx.end
    low = max(ctx.start, end - dt.timedelta(days=_INACTIVE_DAYS))
    if p.adult_or_hoh and (p.ptype == _SO or
                           (p.ptype == _SSO and p.project_id in _path_projects(ctx))):
        when = ctx.col("CurrentLivingSituation", "InformationDate")
        rows = ctx.rows_of("CurrentLivingSituation", p)
        out["contact"] = not any(when[r] is not None and low <= when[r] <= end for r in rows)
    if p.ptype == _NBN:
        nights = ctx.bed_nights.get(p.eid, ())
        out["bed_night"] = not any(low <= d <= end for d in nights)
    return out


# ---------------------------------------------------------------------------- tables

def q5a_dq_counts(ctx: Context) -> dict[int, int]:
    """Q5a column B (the DQ universe) by CSV line, the denominators of Q6a–Q6c."""
    got = ctx.cache.get("dq.q5a")
    if got is None:
        tally = Tally(layout("APR", "Q5a"))
        q5a(ctx, tally)
        got = {line: tally.count(line, 1) for line in range(2, tally.n_lines + 2)}
        ctx.cache["dq.q5a"] = got
    assert isinstance(got, dict)
    return got


def _fill(t: Tally, by_line: dict[int, list[tuple[Enr, str]]],
          denominators: dict[int, int]) -> None:
    """Columns B–F of Q6a–Q6c from (client, category) pairs per line."""
    for line, found in by_line.items():
        for p, status in found:
            t.add(line, _COLUMN[status], p)
            t.add(line, _TOTAL, p)
    for line, denominator in denominators.items():
        t.set(line, _RATE, ratio(t.count(line, _TOTAL), denominator))


@table("Q6a")
def q6a(ctx: Context, t: Tally) -> None:
    """Q6a Personally identifiable information (APR_CAPER.md §5): lines 2–5 Name, SSN, DOB,
    Race and Ethnicity by :func:`pii_issues`; line 6 Overall Score, column E only (any issue
    on lines 2–5). Every rate is over all persons (Q5a B2)."""
    lines = {key: line for line, key in enumerate(PII_ELEMENTS, start=2)}
    by_line: dict[int, list[tuple[Enr, str]]] = {line: [] for line in lines.values()}
    for p in ctx.dq_persons:
        found = pii_issues(ctx, p)
        for key, status in found.items():
            by_line[lines[key]].append((p, status))
        if found:
            t.add(6, _TOTAL, p)
    everyone = q5a_dq_counts(ctx)[2]
    _fill(t, by_line, dict.fromkeys(lines.values(), everyone))
    t.blank(5, _COLUMN[ISSUE])
    for col in (1, 2, 3):
        t.blank(6, col)
    t.set(6, _RATE, ratio(t.count(6, _TOTAL), everyone))


@table("Q6b")
def q6b(ctx: Context, t: Tally) -> None:
    """Q6b Universal data elements (APR_CAPER.md §5) by :func:`ude_issues`. Rates: Veteran
    Status over adults + children (Q5a B3 + B4), Enrollment CoC over HoHs (B15 + B16), the
    others over all persons (B2). Cells the spec does not use are blank: B3, C3, B4, B5."""
    lines = {key: line for line, key in enumerate(UDE_ELEMENTS, start=2)}
    by_line: dict[int, list[tuple[Enr, str]]] = {line: [] for line in lines.values()}
    for p in ctx.dq_persons:
        for key, status in ude_issues(ctx, p).items():
            by_line[lines[key]].append((p, status))
    n = q5a_dq_counts(ctx)
    _fill(t, by_line, {2: n[3] + n[4], 3: n[2], 4: n[2], 5: n[15] + n[16], 6: n[2]})
    for line, col in ((3, 1), (3, 2), (4, 1), (5, 1)):
        t.blank(line, col)


@table("Q6c")
def q6c(ctx: Context, t: Tally) -> None:
    """Q6c Income and housing data quality (APR_CAPER.md §5) by
    :func:`income_destination_issues`. Rates: Destination over leavers (Q5a B6), income at
    start over adults + child/unknown-age HoHs (B3 + B16), at annual assessment over B17, at
    exit over adult and HoH leavers (B8). D2 (destination issues) is blank."""
    lines = {key: line for line, key in enumerate(INCOME_DESTINATION_ELEMENTS, start=2)}
    by_line: dict[int, list[tuple[Enr, str]]] = {line: [] for line in lines.values()}
    for p in ctx.dq_persons:
        for key, status in income_destination_issues(ctx, p).items():
            by_line[lines[key]].append((p, status))
    n = q5a_dq_counts(ctx)
    _fill(t, by_line, {2: n[6], 3: n[3] + n[16], 4: n[17], 5: n[8]})
    t.blank(2, _COLUMN[ISSUE])


@table("Q6d")
def q6d(ctx: Context, t: Tally) -> None:
    """Q6d Chronic homelessness (APR_CAPER.md §5): per project-type line (
    :func:`chronic_dq_line`) the records (B), the missing 3.917 elements (C–G,
    :func:`chronic_element_issues`) and the share of records with any of them (H). C2 and D2
    are blank; the Total line (7) has B and H only."""
    col_of = {key: col for col, key in enumerate(CHRONIC_ELEMENTS, start=2)}
    unable: dict[int, set[str]] = {line: set() for line in range(2, 8)}
    for p in ctx.dq_persons:
        line = chronic_dq_line(p)
        if line is None:
            continue
        t.add(line, 1, p)
        t.add(7, 1, p)
        found = chronic_element_issues(ctx, p)
        for key in found:
            t.add(line, col_of[key], p)
        if found:
            unable[line].add(p.pid)
            unable[7].add(p.pid)
    for line in range(2, 8):
        t.set(line, 7, ratio(len(unable[line]), t.count(line, 1)))
    t.blank(2, 2)
    t.blank(2, 3)
    for col in range(2, 7):
        t.blank(7, col)


@table("Q6e")
def q6e(ctx: Context, t: Tally) -> None:
    """Q6e Timeliness (APR_CAPER.md §5): distinct persons by days from project start (column
    B) and exit (column C) to record entry (:func:`timeliness_days`): < 0, 0, 1–3, 4–6,
    7–10, 11+ days."""
    for p in ctx.dq_persons:
        start_days, exit_days = timeliness_days(ctx, p)
        if start_days is not None:
            t.add(_timeliness_line(start_days), 1, p)
        if exit_days is not None:
            t.add(_timeliness_line(exit_days), 2, p)


@table("Q6f")
def q6f(ctx: Context, t: Tally) -> None:
    """Q6f Inactive records (APR_CAPER.md §5, §9 item 16): line 2 Contact, line 3 Bed Night
    (:func:`inactive_records`): records (B), inactive records (C), C / B (D)."""
    lines = {"contact": 2, "bed_night": 3}
    for p in ctx.dq_persons:
        for key, inactive in inactive_records(ctx, p).items():
            t.add(lines[key], 1, p)
            if inactive:
                t.add(lines[key], 2, p)
    for line in lines.values():
        t.rate(line, 3, (line, 2), (line, 1))
