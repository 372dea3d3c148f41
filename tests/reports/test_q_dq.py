"""Q6a–Q6f (APR_CAPER.md §5) on hand-built exports; expected cells worked out by hand.

Report range START..END = 2021-10-01..2022-09-30 unless a test says otherwise. Every client
gets a clean SSN (``OK_SSN``) unless the test is about SSNs: the builder's default 123456789 is
an ascending run, itself a data issue.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _build import END, START, Build, run_table

import hmis_core
from hmis_core.reports._layout import layout
from hmis_core.reports._q_dq import (
    DKPNTA,
    ISSUE,
    MISSING,
    chronic_dq_line,
    coc_code_valid,
    dob_status,
    inactive_records,
    income_destination_issues,
    pii_issues,
    ssn_issue,
    timeliness_days,
    ude_issues,
)
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import Context, ReportParameters, build_context

OK_SSN = "123450789"
EVA = Path("/work/shared/data/eva-demo-fy2026.zip")


def client(b: Build, pid: str, **cells: Any) -> None:
    cells.setdefault("SSN", OK_SSN)
    b.client(pid, **cells)


def context(b: Build, projects: tuple[str, ...] = ("P1",)) -> Context:
    return build_context(b.export(), ReportParameters(START, END, projects))


def row(t: Any, line: int, cols: str = "BCDEF") -> list[Any]:
    return [t[f"{c}{line}"] for c in cols]


def rate(text: str) -> Decimal:
    return Decimal(text)


# ------------------------------------------------------------------------------ value rules

def test_ssn_issue_rules() -> None:
    good = ["123450789", "001010001", "899999998", "234567810"]
    bad = [
        "12345678",      # 8 digits
        "1234567890",    # 10 digits
        "12345678x",     # partial SSN (x for unknown digits)
        "123-45-678",    # dashes
        "000123456",     # area 000
        "666123456",     # area 666
        "912345678",     # area 9xx
        "123006789",     # group 00
        "123450000",     # serial 0000
        "777777777",     # one digit repeated
        "123456789",     # ascending run
        "987654321",     # descending run
        "345678901",     # ascending run wrapping 9→0
        "210987654",     # descending run wrapping 0→9
    ]
    assert [ssn_issue(s) for s in good] == [False] * len(good)
    assert [s for s in bad if not ssn_issue(s)] == []
    assert not ssn_issue(None)                            # empty: missing, not an issue
    assert not ssn_issue("")
    # HashStatus 4 form: only the clear last four can be judged.
    assert not ssn_issue("6789" + "ab" * 32)
    assert ssn_issue("0000" + "ab" * 32)
    assert ssn_issue("x789" + "ab" * 32)


def test_coc_code_shape() -> None:
    assert coc_code_valid("XX-500")
    assert coc_code_valid("MA-519")
    for code in ("XX500", "X-500", "XX-50", "XX-5000", "xx-500", "1X-500", "XX-5O0", "",
                 None):
        assert not coc_code_valid(code), code


def test_dob_without_date_follows_the_quality_code() -> None:
    # §5: column C is "DOB null and quality 99/null", column D "quality 2 ...", column B
    # "DOB null and quality 8/9". A "full DOB" (quality 1) with no date is none of these (DL
    # agrees); quality 2 without a date is a data issue (partial); 8 is DK/PNTA; 99 missing.
    b = Build()
    b.project("P1", 3)
    client(b, "Q1", dob="", dob_quality=1)
    client(b, "Q2", dob="", dob_quality=2)
    client(b, "Q8", dob="", dob_quality=8)
    client(b, "Q9", dob="", dob_quality=99)
    for i, pid in enumerate(("Q1", "Q2", "Q8", "Q9")):
        b.enrollment(f"E{i}", pid, "2022-01-10")
    ctx = context(b)
    assert [dob_status(ctx, p) for p in ctx.persons] == [None, ISSUE, DKPNTA, MISSING]


# ------------------------------------------------------------------------------ Q6a

def pii_export() -> Build:
    """PSH P1 plus SO P2. All enter 2022-01-10 as their own household unless noted.

    * A clean.
    * B NameDataQuality 2 → name D; SSNDataQuality 8 → SSN B.
    * C FirstName empty → name C; SSN 987654321 (descending run) → SSN D.
    * D NameDataQuality 9 → name B; SSN empty, quality 99 → SSN C; DOB empty, quality 8 →
      DOB B.
    * E DOB 1910-05-01 (< 1915-01-01) → DOB D; SSN 666123456 → SSN D.
    * F DOB present but quality 99 → DOB D; no race, RaceNone 9 → race B.
    * G HoH whose DOB equals the EntryDate 2022-02-01 (Client.DateCreated later, so only the
      HoH rule applies; G is a child of age 0 — the HoH rule still catches it) → DOB D.
    * H DOB 2015-01-01 after Client.DateCreated 2014-06-01 → DOB D.
    * I DOB empty, quality 99 → DOB C; no race column and RaceNone empty → race C.
    * J White and RaceNone 8 → race B (counted even though a race is given).
    * K SSNDataQuality 2 with a valid SSN → SSN D; DOBDataQuality 2 → DOB D.
    * M SO client never engaged: outside the DQ universe although everything is missing.
    """
    b = Build()
    b.project("P1", 3)
    b.project("P2", 4)
    client(b, "A")
    client(b, "B", NameDataQuality=2, SSNDataQuality=8)
    client(b, "C", FirstName="", SSN="987654321")
    client(b, "D", NameDataQuality=9, SSN="", SSNDataQuality=99, dob="", dob_quality=8)
    client(b, "E", dob="1910-05-01", SSN="666123456")
    client(b, "F", dob_quality=99, White=0, RaceNone=9)
    client(b, "G", dob="2022-02-01", DateCreated="2022-06-01 10:00:00")
    client(b, "H", dob="2015-01-01", DateCreated="2014-06-01 10:00:00")
    client(b, "I", dob="", dob_quality=99, White=0)
    client(b, "J", RaceNone=8)
    client(b, "K", SSNDataQuality=2, dob_quality=2)
    client(b, "M", NameDataQuality=9, SSNDataQuality=9, dob="", dob_quality=9, RaceNone=9)
    for pid in "ABCDEFHIJK":
        b.enrollment(f"E{pid}", pid, "2022-01-10")
    b.enrollment("EG", "G", "2022-02-01")
    b.enrollment("EM", "M", "2022-01-10", project="P2")   # no DateOfEngagement
    return b


def test_q6a_pii() -> None:
    t = run_table(pii_export().export(), "Q6a", projects=("P1", "P2"))
    # DQ universe: A–K = 11 persons (M is an unengaged SO client). Rates over 11.
    assert row(t, 2) == [1, 1, 1, 3, rate("0.2727")]            # name: D | C | B
    assert row(t, 3) == [1, 1, 3, 5, rate("0.4545")]            # SSN: B | D | C, E, K
    assert row(t, 4) == [1, 1, 5, 7, rate("0.6364")]            # DOB: D | I | E F G H K
    assert row(t, 5) == [2, 1, None, 3, rate("0.2727")]         # race: F, J | I | blank
    # Overall: every client but A has some issue → 10 of 11.
    assert row(t, 6) == [None, None, None, 10, rate("0.9091")]
    assert {pid for pid, _ in t.members("B3")} == {"B"}
    assert {pid for pid, _ in t.members("D4")} == {"E", "F", "G", "H", "K"}
    assert "M" not in {pid for pid, _ in t.members("E6")}
    # Categories are exclusive per element: E = B + C + D on every line.
    for line in (2, 3, 4):
        assert t[f"E{line}"] == t[f"B{line}"] + t[f"C{line}"] + t[f"D{line}"]


def test_pii_issues_helper() -> None:
    ctx = context(pii_export(), ("P1", "P2"))
    by_pid = {p.pid: pii_issues(ctx, p) for p in ctx.dq_persons}
    assert by_pid["A"] == {}
    assert by_pid["D"] == {"name": DKPNTA, "ssn": MISSING, "dob": DKPNTA}
    assert by_pid["I"] == {"dob": MISSING, "race": MISSING}


# ------------------------------------------------------------------------------ Q6b

def ude_export() -> Build:
    """PSH P1 (and P2 for an enrollment in another project). Adults born 1980, their own
    households, entering 2022-01-10, unless noted.

    * A veteran 8 → B; B veteran 99 → C; C child (2015) with VeteranStatus 1 in D's household
      → veteran D.
    * E: an earlier P1 enrollment 2021-05-01..2022-03-01 overlaps the latest one (entered
      2022-02-01) → start-date D. W: EntryDate 2022-05-01 after ExitDate 2022-04-01 → D.
      F: the earlier enrollment is open (no exit) → no issue (DL). G: earlier exit on the new
      EntryDate (not after it) → no issue. X: the overlapping earlier enrollment is in P2 → no
      issue.
    * I and J are both HoH of HX → relationship D; K (rel 3) alone → household without a HoH
      → D; L relationship empty → C (only C, though its household has no HoH either); M rel
      99 → D; N rel "7" (not a code) → D.
    * O HoH with EnrollmentCoC empty → CoC C; P HoH with "XX500" → CoC D. K, L, M, N are not
      HoHs: not tested.
    * Q DisablingCondition 9 → B; R 99 and S empty → C; T 0 but its latest Disabilities
      record (2022-03-01, mental health, indefinite) shows a disabling condition → D; U 0 with
      such a record at start but a later record (2022-05-01) saying "no" → no issue.
    """
    b = Build()
    b.project("P1", 3)
    b.project("P2", 3)
    for pid in "ABDEFGIJKLMNOPQRSTUVWX":
        client(b, pid, veteran={"A": 8, "B": 99}.get(pid, 0))
    client(b, "C", dob="2015-01-01", veteran=1)
    for pid in "ABOPV":
        b.enrollment(f"E{pid}", pid, "2022-01-10",
                     **({"EnrollmentCoC": ""} if pid == "O" else
                        {"EnrollmentCoC": "XX500"} if pid == "P" else {}))
    b.enrollment("ED", "D", "2022-01-10", hid="HCD")
    b.enrollment("EC", "C", "2022-01-10", hid="HCD", rel=2)
    b.enrollment("E1", "E", "2021-05-01")
    b.exit("E1", "2022-03-01")
    b.enrollment("E2", "E", "2022-02-01")
    b.enrollment("F1", "F", "2021-03-01")                  # still open
    b.enrollment("F2", "F", "2022-01-01")
    b.enrollment("G1", "G", "2021-01-01")
    b.exit("G1", "2021-12-01")
    b.enrollment("G2", "G", "2021-12-01")
    b.enrollment("X1", "X", "2021-05-01", project="P2")
    b.exit("X1", "2022-03-01")
    b.enrollment("X2", "X", "2022-02-01")
    b.enrollment("EW", "W", "2022-05-01")
    b.exit("EW", "2022-04-01")
    b.enrollment("EI", "I", "2022-01-10", hid="HX")
    b.enrollment("EJ", "J", "2022-01-10", hid="HX")
    b.enrollment("EK", "K", "2022-01-10", rel=3)
    b.enrollment("EL", "L", "2022-01-10", RelationshipToHoH="")
    b.enrollment("EM", "M", "2022-01-10", rel=99)
    b.enrollment("EN", "N", "2022-01-10", RelationshipToHoH="7")
    b.enrollment("EQ", "Q", "2022-01-10", DisablingCondition=9)
    b.enrollment("ER", "R", "2022-01-10", DisablingCondition=99)
    b.enrollment("ES", "S", "2022-01-10", DisablingCondition="")
    b.enrollment("ET", "T", "2022-01-10")
    b.disability("ET", "2022-03-01", 2, 9, 1, IndefiniteAndImpairs=1)
    b.enrollment("EU", "U", "2022-01-10")
    b.disability("EU", "2022-01-10", 1, 9, 1, IndefiniteAndImpairs=1)
    b.disability("EU", "2022-05-01", 2, 9, 0)
    return b


def test_q6b_universal_data_elements() -> None:
    t = run_table(ude_export().export(), "Q6b")
    # Persons (latest P1 enrollments): A B C D E F G I J K L M N O P Q R S T U V W X = 23;
    # adults 22 + child C = 23; HoHs: everyone but C, K, L, M, N = 18.
    assert row(t, 2) == [1, 1, 1, 3, rate("0.1304")]            # 3 / 23
    assert row(t, 3) == [None, None, 2, 2, rate("0.0870")]      # E, W; 2 / 23
    assert row(t, 4) == [None, 1, 5, 6, rate("0.2609")]         # L | I J K M N; 6 / 23
    assert row(t, 5) == [None, 1, 1, 2, rate("0.1111")]         # O | P; 2 / 18
    assert row(t, 6) == [1, 2, 1, 4, rate("0.1739")]            # Q | R S | T; 4 / 23
    assert {pid for pid, _ in t.members("D3")} == {"E", "W"}
    assert {pid for pid, _ in t.members("D4")} == {"I", "J", "K", "M", "N"}
    assert {pid for pid, _ in t.members("D6")} == {"T"}


def test_ude_issues_helper() -> None:
    ctx = context(ude_export())
    by_pid = {p.pid: ude_issues(ctx, p) for p in ctx.dq_persons}
    assert by_pid["V"] == {}
    assert by_pid["L"] == {"relationship": MISSING}
    assert by_pid["C"] == {"veteran": ISSUE}
    assert by_pid["F"] == by_pid["G"] == by_pid["X"] == {}


# ------------------------------------------------------------------------------ Q6c

def income_export() -> Build:
    """PSH P1. Adults born 1980, own households.

    Leavers A–E entered 2022-01-10 and left 2022-06-30:
    * destinations A 8 (B), B 30 (C), C 99 (C), D empty (C), E 410 (fine);
    * income at start: A IncomeFromAnySource 8 (B); B no record (C); C a stage-1 record dated
      the day after entry (C); D IFAS 0 with Earned 1 (D); E IFAS 1 with no source (D);
    * income at exit: A IFAS 99 (C: §9 item 6, DL); B no record (C); C IFAS 1 with SSI (fine);
      D IFAS 9 (B); E IFAS 0 with Earned 1 (D).
    Stayers with an annual assessment due:
    * F entered 2020-06-15: anniversary 2022-06-15, window to 2022-07-15; its stage-5 record
      is dated 2022-07-16 (31 days after) → annual C. Start record complete.
    * G entered 2021-03-01 with child I (2012): anniversary 2022-03-01; stage-5 record on
      2022-01-30 (exactly 30 days before, inside) with IFAS 9 → annual B. I is a child: none
      of its income is tested.
    * H entered 2021-08-01, stage-5 record on the anniversary with IFAS 0 and no sources
      → fine.
    """
    b = Build()
    b.project("P1", 3)
    for pid in "ABCDEFGH":
        client(b, pid)
    client(b, "I", dob="2012-01-01")
    for pid, dest in zip("ABCDE", (8, 30, 99, None, 410), strict=True):
        b.enrollment(f"E{pid}", pid, "2022-01-10")
        b.exit(f"E{pid}", "2022-06-30", dest)
    b.income("EA", "2022-01-10", 1, IncomeFromAnySource=8)
    b.income("EC", "2022-01-11", 1, IncomeFromAnySource=0)
    b.income("ED", "2022-01-10", 1, IncomeFromAnySource=0, Earned=1, EarnedAmount=100)
    b.income("EE", "2022-01-10", 1, IncomeFromAnySource=1, Earned=0)
    b.income("EA", "2022-06-30", 3, IncomeFromAnySource=99)
    b.income("EC", "2022-06-30", 3, IncomeFromAnySource=1, SSI=1, SSIAmount=900)
    b.income("ED", "2022-06-30", 3, IncomeFromAnySource=9)
    b.income("EE", "2022-06-30", 3, IncomeFromAnySource=0, Earned=1, EarnedAmount=100)
    b.enrollment("EF", "F", "2020-06-15")
    b.income("EF", "2020-06-15", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=500)
    b.income("EF", "2022-07-16", 5, IncomeFromAnySource=0)
    b.enrollment("EG", "G", "2021-03-01", hid="HG")
    b.enrollment("EI", "I", "2021-03-01", hid="HG", rel=2)
    b.income("EG", "2021-03-01", 1, IncomeFromAnySource=0)
    b.income("EG", "2022-01-30", 5, IncomeFromAnySource=9)
    b.enrollment("EH", "H", "2021-08-01")
    b.income("EH", "2021-08-01", 1, IncomeFromAnySource=0)
    b.income("EH", "2022-08-01", 5, IncomeFromAnySource=0)
    return b


def test_q6c_income_and_destination() -> None:
    t = run_table(income_export().export(), "Q6c")
    # Denominators (Q5a DQ column): leavers 5; adults + child/unknown-age HoHs 8 (A–H);
    # HoH/adult stayers 365+ days: F, G (579 days), H (426 days) = 3; adult/HoH leavers 5.
    assert row(t, 2) == [1, 3, None, 4, rate("0.8000")]
    assert row(t, 3) == [1, 2, 2, 5, rate("0.6250")]
    assert row(t, 4) == [1, 1, 0, 2, rate("0.6667")]
    assert row(t, 5) == [1, 2, 1, 4, rate("0.8000")]
    assert {pid for pid, _ in t.members("C3")} == {"B", "C"}
    assert {pid for pid, _ in t.members("B4")} == {"G"}
    assert {pid for pid, _ in t.members("C4")} == {"F"}
    assert {pid for pid, _ in t.members("C5")} == {"A", "B"}


def test_income_destination_helper_skips_children() -> None:
    ctx = context(income_export())
    by_pid = {p.pid: income_destination_issues(ctx, p) for p in ctx.dq_persons}
    assert by_pid["I"] == {}
    assert by_pid["H"] == {}
    assert by_pid["A"] == {"destination": DKPNTA, "income_start": DKPNTA,
                           "income_exit": MISSING}


# ------------------------------------------------------------------------------ Q6d

def chronic_export() -> Build:
    """P1 ES-EE (0), P2 TH (2), P3 PSH (3), P4 CE (14), P5 SSO (6); adult HoHs entering
    2022-01-10 with complete 3.917 answers (DateToStreetESSH 2021-01-01, 1 time, 101 months)
    unless noted.

    ES (C/D not tested, E–G always): A DateToStreetESSH empty (E); B complete; C times 8 and
    months 99 (F, G); D entered 2016-09-30 (before 2016-10-01: out of Q6d) with times empty;
    E entered 2016-10-01 (in) with times empty (F).
    TH: F institution 215 with LengthOfStay 99 → C (E–G not tested); G housing 410 with
    LengthOfStay 10 and PreviousStreetESSH 1 → E–G tested: date empty (E).
    PH: H LivingSituation and LengthOfStay empty → D; I homeless 101 → tested, complete;
    J institution 215 with LengthOfStay 4 → not tested (date empty does not count); K
    institution 206, LengthOfStay 2, previous 1 → tested: months 8 (G). Child N (rel 2) in
    H's household is not an adult/HoH: out.
    CE: L complete. SSO: M temporary 302, LengthOfStay 11, PreviousStreetESSH 0 → not
    tested (date empty does not count).
    """
    b = Build()
    for pid, ptype in (("P1", 0), ("P2", 2), ("P3", 3), ("P4", 14), ("P5", 6)):
        b.project(pid, ptype)
    full: dict[str, Any] = {"DateToStreetESSH": "2021-01-01", "TimesHomelessPastThreeYears": 1,
                            "MonthsHomelessPastThreeYears": 101, "LengthOfStay": 2,
                            "PreviousStreetESSH": 1}

    def enrol(pid: str, project: str, entry: str = "2022-01-10", **cells: Any) -> None:
        client(b, pid, dob="2012-01-01" if pid == "N" else "1980-01-01")
        b.enrollment(f"E{pid}", pid, entry, project=project, **{**full, **cells})

    enrol("A", "P1", DateToStreetESSH="")
    enrol("B", "P1", LengthOfStay="")
    enrol("C", "P1", TimesHomelessPastThreeYears=8, MonthsHomelessPastThreeYears=99)
    enrol("D", "P1", "2016-09-30", TimesHomelessPastThreeYears="")
    enrol("E", "P1", "2016-10-01", TimesHomelessPastThreeYears="")
    enrol("F", "P2", LivingSituation=215, LengthOfStay=99, DateToStreetESSH="")
    enrol("G", "P2", LivingSituation=410, LengthOfStay=10, DateToStreetESSH="")
    enrol("H", "P3", LivingSituation="", LengthOfStay="", hid="HH")
    enrol("N", "P3", hid="HH", rel=2, LivingSituation="", LengthOfStay="")
    enrol("I", "P3", LivingSituation=101)
    enrol("J", "P3", LivingSituation=215, LengthOfStay=4, DateToStreetESSH="")
    enrol("K", "P3", LivingSituation=206, LengthOfStay=2, MonthsHomelessPastThreeYears=8)
    enrol("L", "P4")
    enrol("M", "P5", LivingSituation=302, LengthOfStay=11, PreviousStreetESSH=0,
          DateToStreetESSH="")
    return b


def test_q6d_chronic_homelessness() -> None:
    projects = ("P1", "P2", "P3", "P4", "P5")
    t = run_table(chronic_export().export(), "Q6d", projects=projects)
    cols = "BCDEFGH"
    assert row(t, 2, cols) == [4, None, None, 1, 2, 1, rate("0.7500")]   # A B C E; A C E
    assert row(t, 3, cols) == [2, 1, 0, 1, 0, 0, rate("1.0000")]         # F G
    assert row(t, 4, cols) == [4, 0, 1, 0, 0, 1, rate("0.5000")]         # H I J K; H K
    assert row(t, 5, cols) == [1, 0, 0, 0, 0, 0, rate("0.0000")]         # L
    assert row(t, 6, cols) == [1, 0, 0, 0, 0, 0, rate("0.0000")]         # M
    # Total: 12 records, 7 unable to calculate (A C E F G H K).
    assert row(t, 7, cols) == [12, None, None, None, None, None, rate("0.5833")]
    assert {pid for pid, _ in t.members("F2")} == {"C", "E"}
    ctx = context(chronic_export(), projects)
    lines = {p.pid: chronic_dq_line(p) for p in ctx.dq_persons}
    assert lines["E"] == 2
    assert lines["D"] is None
    assert lines["N"] is None


# ------------------------------------------------------------------------------ Q6e

def test_q6e_timeliness() -> None:
    """PSH P1. Days from EntryDate/ExitDate to the date part of DateCreated:
    A −1 (entry created the evening before) and exit 0 (created 23:59 the same day);
    B 0; C 3 with exit 4; D 6; E 7 with exit 10; F 11 with exit 11;
    G entered 2021-09-30, before the report start: no start record counted;
    H entered on the report start, created the same day: 0;
    I created on entry (0) and exited 2022-10-05, after the report end: a stayer, no exit
    record counted."""
    b = Build()
    b.project("P1", 3)
    entries = {
        "A": ("2022-01-10", "2022-01-09 23:00:00"), "B": ("2022-01-10", "2022-01-10 08:00:00"),
        "C": ("2022-01-10", "2022-01-13 10:00:00"), "D": ("2022-01-10", "2022-01-16 10:00:00"),
        "E": ("2022-01-10", "2022-01-17 10:00:00"), "F": ("2022-01-10", "2022-01-21 10:00:00"),
        "G": ("2021-09-30", "2021-12-01 10:00:00"), "H": ("2021-10-01", "2021-10-01 10:00:00"),
        "I": ("2022-09-01", "2022-09-01 10:00:00"),
    }
    for pid, (entry, created) in entries.items():
        client(b, pid)
        b.enrollment(f"E{pid}", pid, entry, DateCreated=created)
    b.exit("EA", "2022-03-01", DateCreated="2022-03-01 23:59:00")
    b.exit("EC", "2022-04-01", DateCreated="2022-04-05 10:00:00")
    b.exit("EE", "2022-05-01", DateCreated="2022-05-11 10:00:00")
    b.exit("EF", "2022-05-01", DateCreated="2022-05-12 10:00:00")
    b.exit("EI", "2022-10-05", DateCreated="2022-10-05 10:00:00")
    t = run_table(b.export(), "Q6e")
    assert [t[f"B{line}"] for line in range(2, 8)] == [1, 3, 1, 1, 1, 1]
    # Exits: A 0 days (line 3), C 4 (line 5), E 10 (line 6), F 11 (line 7).
    assert [t[f"C{line}"] for line in range(2, 8)] == [0, 1, 0, 1, 1, 1]
    assert {pid for pid, _ in t.members("B3")} == {"B", "H", "I"}
    assert {pid for pid, _ in t.members("C3")} == {"A"}
    ctx = context(b)
    days = {p.pid: timeliness_days(ctx, p) for p in ctx.persons}
    assert days["A"] == (-1, 0)
    assert days["G"] == (None, None)
    assert days["I"] == (0, None)


# ------------------------------------------------------------------------------ Q6f

def test_q6f_inactive_records() -> None:
    """P1 SO (4), P2 SSO funded by PATH (21), P3 SSO funded by CoC, P4 ES-NbN (1). Report end
    2022-09-30; 90 days before it is 2022-07-02.

    Contact row (adults/HoHs, SO engaged or PATH SSO, stayers entered >= 90 days before end):
    A last CLS 2022-07-02 (90 days: active); B last CLS 2022-07-01 (91 days: inactive);
    C never engaged (not in the DQ universe); D entered 2022-07-03 (89 days: out); E entered
    2022-07-02 (90 days: in) without CLS (inactive); F a child member of A's household (out:
    the row is adults and HoHs, §9 item 16); G PATH SSO with a CLS on the end date (active);
    H non-PATH SSO (out); I left 2022-09-01 (out); J only CLS after the report end
    (inactive).
    Bed Night row (all NbN clients): K bed night 2022-07-02 (active); L, a child HoH, last bed
    night 2022-06-01 (inactive); M entered 2022-07-10 (out). NbN clients are not in the
    contact row."""
    b = Build()
    b.project("P1", 4)
    b.project("P2", 6, funder=21)
    b.project("P3", 6)
    b.project("P4", 1)
    engaged = {"DateOfEngagement": "2022-01-05"}
    for pid in "ABCDEGHIJKM":
        client(b, pid)
    client(b, "F", dob="2012-01-01")
    client(b, "L", dob="2008-01-01")
    b.enrollment("EA", "A", "2022-01-05", project="P1", hid="HA", **engaged)
    b.enrollment("EF", "F", "2022-01-05", project="P1", hid="HA", rel=2, **engaged)
    b.enrollment("EB", "B", "2022-01-05", project="P1", **engaged)
    b.enrollment("EC", "C", "2022-01-05", project="P1")
    b.enrollment("ED", "D", "2022-07-03", project="P1", DateOfEngagement="2022-07-03")
    b.enrollment("EE", "E", "2022-07-02", project="P1", DateOfEngagement="2022-07-02")
    b.enrollment("EG", "G", "2022-01-05", project="P2")
    b.enrollment("EH", "H", "2022-01-05", project="P3")
    b.enrollment("EI", "I", "2022-01-05", project="P1", **engaged)
    b.exit("EI", "2022-09-01")
    b.enrollment("EJ", "J", "2022-01-05", project="P1", **engaged)
    b.cls("EA", "2022-03-01", 116)
    b.cls("EA", "2022-07-02", 116)
    b.cls("EB", "2022-07-01", 116)
    b.cls("EC", "2022-01-05", 116)
    b.cls("EG", "2022-09-30", 116)
    b.cls("EJ", "2022-10-02", 116)
    b.enrollment("EK", "K", "2022-01-05", project="P4")
    b.service("EK", "2022-07-02")
    b.enrollment("EL", "L", "2022-01-05", project="P4")
    b.service("EL", "2022-06-01")
    b.enrollment("EM", "M", "2022-07-10", project="P4")
    b.service("EM", "2022-07-10")
    projects = ("P1", "P2", "P3", "P4")
    t = run_table(b.export(), "Q6f", projects=projects)
    assert row(t, 2, "BCD") == [5, 3, rate("0.6000")]
    assert {pid for pid, _ in t.members("B2")} == {"A", "B", "E", "G", "J"}
    assert {pid for pid, _ in t.members("C2")} == {"B", "E", "J"}
    assert row(t, 3, "BCD") == [2, 1, rate("0.5000")]
    assert {pid for pid, _ in t.members("C3")} == {"L"}
    ctx = context(b, projects)
    status = {p.pid: inactive_records(ctx, p) for p in ctx.dq_persons}
    assert status["K"] == {"bed_night": False}
    assert status["H"] == status["F"] == {}


# ------------------------------------------------------------------------------ real exports

Q6 = ("Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f")


def _run_all(export: Any, start: dt.date, end: dt.date) -> None:
    projects = tuple(export["Project"]["ProjectID"])
    ctx = build_context(export, ReportParameters(start, end, projects))
    n = len(ctx.dq_persons)
    for report in ("APR", "CAPER"):
        for q in Q6:
            shell = layout(report, q)
            tally = Tally(shell)
            TABLES[q](ctx, tally)
            t = tally.build()
            assert t.shape == shell.shape
            for cell, value in t.cells():
                assert value is None or value >= 0, (q, cell)
                if isinstance(value, Decimal):
                    assert value <= 1, (q, cell)
                elif isinstance(value, int):
                    assert value <= n, (q, cell)
            if q in ("Q6a", "Q6b", "Q6c"):
                for line in range(2, 6):
                    parts = [t[f"{c}{line}"] or 0 for c in "BCD"]
                    assert t[f"E{line}"] == sum(parts), (q, line)
            if q == "Q6d":
                assert t["B7"] == sum(t[f"B{line}"] for line in range(2, 7))
            if q == "Q6e":
                in_range = sum(1 for p in ctx.dq_persons if start <= p.entry <= end)
                assert sum(t[f"B{line}"] for line in range(2, 8)) <= in_range


def test_q6_on_sample_export() -> None:
    export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    _run_all(export, dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.skipif(not EVA.exists(), reason="EVA demo export not available")
def test_q6_on_eva_demo() -> None:
    export, _ = hmis_core.read_export(EVA)
    _run_all(export, dt.date(2021, 10, 1), dt.date(2022, 9, 30))
