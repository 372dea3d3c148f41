"""Q9a/b, Q15, Q22a1–Q22g, Q23c–e, Q24a/b/e and their veteran/youth variants (Q25i, Q25j, Q27d,
Q27e, Q27f1, Q27f2, Q27j, Q27k, Q27l) on hand-built exports; expected cells worked out by hand
from APR_CAPER.md. Report range 2021-10-01..2022-09-30 unless a test says otherwise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _build import Build, run_table

import hmis_core
from hmis_core.reports._layout import layouts
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import ReportParameters, build_context

STAY_TABLES = (
    "Q9a", "Q9b", "Q15", "Q22a1", "Q22a2", "Q22b", "Q22c", "Q22d", "Q22e", "Q22f", "Q22g",
    "Q23c", "Q23d", "Q23e", "Q24a", "Q24b", "Q24e", "Q25i", "Q25j", "Q27d", "Q27e", "Q27f1",
    "Q27f2", "Q27j", "Q27k", "Q27l",
)
ADULT = "1980-01-01"


def column(t: Any, letter: str, lines: range) -> list[Any]:
    """The values of one column over ``lines``."""
    return [t[f"{letter}{line}"] for line in lines]


# ------------------------------------------------------------------------------------ Q9
def outreach() -> Build:
    """Street outreach (type 4); every person is an adult HoH of a household of their own
    except K, a child member of A's household.

    * A: entered 2021-09-01, engaged 2022-03-01. CLS 2021-09-15 (215, before the report start
      but inside the enrollment: counted and the earliest), 2021-11-01 (116), 2022-03-01 (on
      the DoE), 2022-04-01 (after the DoE: not counted) → 3 contacts, first NOT homeless.
    * K: child (rel 2) in A's household with a CLS → not adult/HoH, never counted.
    * B: no DoE, one CLS 2022-01-10 (101) → 1 contact, first WAS homeless; contacted only.
    * C: engaged 2022-05-05 with no CLS at all → the DoE is one contact, "unable to determine".
    * E: engaged 2022-10-15 (after the report end): CLS 2022-02-01 (37) is in range and before
      the DoE → contacted (not engaged); 1 contact; no DoE contact (after the end).
    * F: no DoE, ten CLS (118) 2022-01-01..10 → 10+ contacts, WAS homeless.
    """
    b = Build()
    b.project("P1", 4)
    for pid in "ABCEF":
        b.client(pid, dob=ADULT)
    b.client("K", dob="2015-01-01")
    b.enrollment("EA", "A", "2021-09-01", hid="HA", DateOfEngagement="2022-03-01")
    b.enrollment("EK", "K", "2021-09-01", hid="HA", rel=2)
    for day, sit in (("2021-09-15", 215), ("2021-11-01", 116), ("2022-03-01", 116),
                     ("2022-04-01", 116)):
        b.cls("EA", day, sit)
    b.cls("EK", "2021-11-01", 116)
    b.enrollment("EB", "B", "2021-12-01")
    b.cls("EB", "2022-01-10", 101)
    b.enrollment("EC", "C", "2022-05-01", DateOfEngagement="2022-05-05")
    b.enrollment("EE", "E", "2022-01-15", DateOfEngagement="2022-10-15")
    b.cls("EE", "2022-02-01", 37)
    b.enrollment("EF", "F", "2021-12-15")
    for n in range(1, 11):
        b.cls("EF", dt.date(2022, 1, n), 118)
    return b


def test_q9a_contacts() -> None:
    t = run_table(outreach().export(), "Q9a")
    # Once: B (WAS, D), C (DoE contact, E), E (37, E).
    assert column(t, "B", range(2, 7)) == [3, 1, 0, 1, 5]
    assert column(t, "C", range(2, 7)) == [0, 1, 0, 0, 1]      # A: 2-5 times, NOT homeless
    assert column(t, "D", range(2, 7)) == [1, 0, 0, 1, 2]      # B once, F 10+
    assert column(t, "E", range(2, 7)) == [2, 0, 0, 0, 2]      # C, E
    assert sorted(t.members("B6")) == [("A", "EA"), ("B", "EB"), ("C", "EC"), ("E", "EE"),
                                       ("F", "EF")]


def test_q9b_engaged_and_rate() -> None:
    t = run_table(outreach().export(), "Q9b")
    # Engaged in range: A (3 contacts, NOT homeless) and C (DoE contact, unable).
    assert column(t, "B", range(2, 7)) == [1, 1, 0, 0, 2]
    assert column(t, "C", range(2, 7)) == [0, 1, 0, 0, 1]
    assert column(t, "D", range(2, 7)) == [0, 0, 0, 0, 0]
    assert column(t, "E", range(2, 7)) == [1, 0, 0, 0, 1]
    # Rate = engaged ÷ contacted per column: 2/5, 1/1, 0/2, 1/2.
    assert [t["B7"], t["C7"], t["D7"], t["E7"]] == [
        Decimal("0.4000"), Decimal("1.0000"), Decimal("0.0000"), Decimal("0.5000")]


# ----------------------------------------------------------------------------------- Q15
def living_situations() -> Build:
    """TH (type 2).

    * HA: HoH A (116) + spouse B (rel 3, 336 friend's room): Without Children.
    * HD: HoH D (435) + child C (rel 2, 2015, 101 — a child member: not counted): With
      Children and Adults.
    * HE: E alone, 17 on the report start (2004-06-01), LivingSituation 9: With Only
      Children, a youth HoH.
    * HF: F alone, 22 (1999-06-01), LivingSituation empty → Data Not Collected; youth HoH.
    * HG: G alone, DOB unknown (quality 99), 206: Unknown Household Type.
    """
    b = Build()
    b.project("P1", 2)
    for pid in "ABDG":
        b.client(pid, dob=ADULT if pid != "G" else "", dob_quality=1 if pid != "G" else 99)
    b.client("C", dob="2015-01-01")
    b.client("E", dob="2004-06-01")
    b.client("F", dob="1999-06-01")
    b.enrollment("EA", "A", "2022-01-01", hid="HA", LivingSituation=116)
    b.enrollment("EB", "B", "2022-01-01", hid="HA", rel=3, LivingSituation=336)
    b.enrollment("ED", "D", "2022-01-01", hid="HD", LivingSituation=435)
    b.enrollment("EC", "C", "2022-01-01", hid="HD", rel=2, LivingSituation=101)
    b.enrollment("EE", "E", "2022-01-01", hid="HE", LivingSituation=9)
    b.enrollment("EF", "F", "2022-01-01", hid="HF", LivingSituation=None)
    b.enrollment("EG", "G", "2022-01-01", hid="HG", LivingSituation=206)
    return b


def test_q15_living_situation() -> None:
    t = run_table(living_situations().export(), "Q15")
    for header in (2, 7, 15, 23):                      # group titles hold no numbers
        assert [t[f"B{header}"], t[f"F{header}"]] == [None, None]
    assert [t["B3"], t["C3"]] == [1, 1]                # A: place not meant (AO)
    assert [t["B6"], t["C6"]] == [1, 1]
    assert [t["B9"], t["F9"], t["B14"]] == [1, 1, 1]   # G: hospital, unknown household
    assert [t["B20"], t["C20"], t["B21"], t["B22"]] == [1, 1, 0, 1]  # B: friend's room (336)
    assert [t["B25"], t["D25"], t["B28"]] == [1, 1, 1]  # D: rental with subsidy (AC)
    assert [t["B29"], t["E29"]] == [1, 1]              # E: 9 → DK/PNTA, only children
    assert [t["B30"], t["C30"], t["B31"]] == [1, 1, 2]  # F: empty → DNC
    # Total: A, B, D, E, F, G (child member C excluded).
    assert [t["B32"], t["C32"], t["D32"], t["E32"], t["F32"]] == [
        6, 3, 1, 1, 1]
    assert t["B4"] == 0                                # C (101) is a child member


def test_q27d_youth_hohs() -> None:
    t = run_table(living_situations().export(), "Q27d")
    # Youth HoHs: E (17, DK/PNTA, only children) and F (22, DNC, without children).
    assert [t["B29"], t["E29"], t["B30"], t["C30"], t["B31"], t["B32"]] == [1, 1, 1, 1, 2, 2]
    assert [t["B3"], t["B2"]] == [0, None]


# ----------------------------------------------------------------------- Q22a1/a2/b/d, Q27e/j
def stays() -> Build:
    """ES entry/exit (type 0), single adults (1980) except G (youth, 2001-06-01 → 20).

    * A: 2022-01-01 → 2022-01-31, leaver, 30 days.  B: 2022-01-01 → 2022-02-01, 31 days.
    * C: stayer entered on the report end → 1 day (to the day after the end).
    * D: stayer since 2016-09-30 → 2,192 days (> 1,825).
    * E: exits 2022-10-15, after the report end → a stayer: 2022-09-01 → 2022-10-01 = 30.
    * F: enters and exits 2022-05-05 → leaver, 0 days.
    * G: youth leaver 2022-03-01 → 2022-03-09, 8 days.
    """
    b = Build()
    b.project("P1", 0)
    for pid in "ABCDEF":
        b.client(pid, dob=ADULT)
    b.client("G", dob="2001-06-01")
    spans = {"A": ("2022-01-01", "2022-01-31"), "B": ("2022-01-01", "2022-02-01"),
             "C": ("2022-09-30", None), "D": ("2016-09-30", None),
             "E": ("2022-09-01", "2022-10-15"), "F": ("2022-05-05", "2022-05-05"),
             "G": ("2022-03-01", "2022-03-09")}
    for pid, (entry, exit_date) in spans.items():
        b.enrollment(f"E{pid}", pid, entry)
        if exit_date:
            b.exit(f"E{pid}", exit_date)
    return b


def test_q22a1_and_q27e() -> None:
    export = stays().export()
    t = run_table(export, "Q22a1")
    # ≤ 30 days: A 30, F 0, G 8 (leavers); C 1, E 30 (stayers). 31–60: B. > 1,825: D.
    assert [t["B2"], t["C2"], t["D2"]] == [5, 3, 2]
    assert [t["B3"], t["C3"], t["D3"]] == [1, 1, 0]
    assert [t["B11"], t["C11"], t["D11"]] == [1, 0, 1]
    assert sum(column(t, "B", range(4, 11))) == 0
    assert [t["B12"], t["C12"], t["D12"]] == [7, 4, 3]
    y = run_table(export, "Q27e")                       # youth: G only
    assert [y["B2"], y["C2"], y["D2"], y["B12"], y["C12"]] == [1, 1, 0, 1, 1]


def test_q22a2_caper_buckets() -> None:
    t = run_table(stays().export(), "Q22a2")
    assert [t["B2"], t["C2"], t["D2"]] == [2, 1, 1]    # 0–7: F (0, leaver), C (1, stayer)
    assert [t["B3"], t["C3"]] == [1, 1]                # 8–14: G
    assert [t["B5"], t["C5"], t["D5"]] == [2, 1, 1]    # 22–30: A, E
    assert [t["B6"], t["C6"]] == [1, 1]                # 31–60: B
    assert [t["B14"], t["D14"]] == [1, 1]              # > 1,825: D
    assert [t["B15"], t["C15"], t["D15"]] == [7, 4, 3]


def test_q22b_and_q27j() -> None:
    export = stays().export()
    t = run_table(export, "Q22b")
    # Leavers 30, 31, 0, 8: mean 69/4 = 17.25, median (8 + 30)/2 = 19.
    # Stayers 1, 2192, 30: mean 2223/3 = 741, median 30.
    assert [t["B2"], t["B3"], t["C2"], t["C3"]] == [
        Decimal("17.25"), Decimal("19"), Decimal("741"), Decimal("30")]
    y = run_table(export, "Q27j")                       # youth: G (8 days), no youth stayer
    assert [y["B2"], y["B3"], y["C2"], y["C3"]] == [8, 8, 0, 0]


def test_q22d_by_household_type() -> None:
    t = run_table(stays().export(), "Q22d", report="CAPER")
    # Everyone is Without Children. 0–7: C, F; 8–14: G; 22–30: A, E; 31–60: B; 731+: D.
    assert column(t, "B", range(2, 13)) == [2, 1, 0, 2, 1, 0, 0, 0, 0, 1, 7]
    assert column(t, "C", range(2, 13)) == column(t, "B", range(2, 13))
    assert t["D12"] == 0


# ------------------------------------------------------------------------- Q22c, Q22f, Q27k
def rrh_move_in() -> Build:
    """RRH (type 13).

    * H1 (With Children and Adults): HoH A (White) entered 2021-09-01, moved in 2021-10-05
      (in range) → 34 days. Child B (2015) entered with A → 34 days. Adult C joined
      2022-01-10, after the move-in → move-in = own entry, 0 days. Adult D entered with A and
      left 2021-10-02, before the move-in → exited without move-in.
    * H2: E (Black) entered 2019-01-01, moved in 2022-03-01 → 1,155 days: no bucket line,
      but counted as moved in and in the average.
    * H3: F (Hispanic + White) entered 2022-02-01, left 2022-06-01 without move-in.
    * H4: G moved in 2020-02-01, before the report start: not in the universe.
    * H5: H stayer without move-in: not in the universe.
    * H6: I (youth, 2003-01-01 → 19; no race, RaceNone 99) entered 2022-08-01, moved in
      2022-08-08 → 7 days.
    """
    b = Build()
    b.project("P1", 13)
    for pid in "ACDGH":
        b.client(pid, dob=ADULT)
    b.client("B", dob="2015-01-01")
    b.client("E", dob=ADULT, White=0, BlackAfAmerican=1)
    b.client("F", dob=ADULT, HispanicLatinao=1)
    b.client("I", dob="2003-01-01", White=0, RaceNone=99)
    b.enrollment("EA", "A", "2021-09-01", hid="H1", MoveInDate="2021-10-05")
    b.enrollment("EB", "B", "2021-09-01", hid="H1", rel=2)
    b.enrollment("EC", "C", "2022-01-10", hid="H1", rel=3)
    b.enrollment("ED", "D", "2021-09-01", hid="H1", rel=3)
    b.exit("ED", "2021-10-02")
    b.enrollment("EE", "E", "2019-01-01", hid="H2", MoveInDate="2022-03-01")
    b.enrollment("EF", "F", "2022-02-01", hid="H3")
    b.exit("EF", "2022-06-01")
    b.enrollment("EG", "G", "2020-01-01", hid="H4", MoveInDate="2020-02-01")
    b.enrollment("EH", "H", "2022-05-01", hid="H5")
    b.enrollment("EI", "I", "2022-08-01", hid="H6", MoveInDate="2022-08-08")
    return b


def test_q22c_start_to_move_in() -> None:
    t = run_table(rrh_move_in().export(), "Q22c")
    assert [t["B2"], t["C2"], t["D2"]] == [2, 1, 1]    # ≤ 7 days: I (AO), C (AC)
    assert [t["B6"], t["D6"]] == [2, 2]                # 31–60: A, B
    assert sum(column(t, "B", range(2, 11))) == 4      # E has no bucket line
    assert [t["B11"], t["C11"], t["D11"]] == [5, 2, 3]  # A, B, C, E, I
    # Averages in whole days: all (34+34+0+1155+7)/5 = 246; AO (1155+7)/2 = 581;
    # AC 68/3 = 22.67 → 23; none in the other columns.
    assert [t["B12"], t["C12"], t["D12"], t["E12"], t["F12"]] == [246, 581, 23, 0, 0]
    assert [t["B13"], t["C13"], t["D13"]] == [2, 1, 1]  # F, D
    assert [t["B14"], t["C14"], t["D14"]] == [7, 3, 4]
    assert not {("G", "EG"), ("H", "EH")} & set(t.members("B14"))


def test_q22f_move_in_by_race() -> None:
    t = run_table(rrh_move_in().export(), "Q22f")
    # Columns: B AIAN … D Black … H White, I Hispanic multi, J multi, K unknown.
    assert [t["H2"], t["D2"], t["K2"], t["I2"]] == [3, 1, 1, 0]   # A, B, C | E | I
    assert [t["H3"], t["I3"], t["D3"]] == [1, 1, 0]              # D | F (Hispanic + White)
    assert [t["H4"], t["H5"]] == [Decimal("22.6667"), 34]        # 34, 34, 0
    assert [t["D4"], t["D5"], t["K4"], t["K5"], t["B4"]] == [1155, 1155, 7, 7, 0]


def test_q27k_youth_move_in() -> None:
    t = run_table(rrh_move_in().export(), "Q27k")
    assert [t["B2"], t["C2"], t["B11"], t["B12"], t["C12"], t["B13"], t["B14"]] == [
        1, 1, 1, 7, 7, 0, 1]


# ------------------------------------------------------------------------- Q22e, Q22g, Q27l
def time_prior() -> Build:
    """P1 ES entry/exit (type 0), P2 PSH (type 3), P3 PH housing with services (type 10).

    * A (P1): homeless since 2022-01-01, entered 2022-03-01 → 59 days.
    * B (P1): DateToStreetESSH 2022-04-01, after the entry → data not collected.
    * C (P1): no DateToStreetESSH → data not collected.
    * H (P1, Asian, youth 20): homeless since the entry day 2022-02-10 → 0 days.
    * P2 household HD (With Children and Adults): HoH D entered 2021-06-01, homeless since
      2019-06-01, moved in 2021-07-01 → 761 days. Child E (2012) entered with D, own date
      empty → D's date → 761. Child F (2020) joined 2022-01-01 → left out.
    * P2 G: homeless since 2022-04-25, entered 2022-05-01, no move-in → not yet moved in.
    * P3 J (type 10): not a Q22e project type.
    """
    b = Build()
    b.project("P1", 0)
    b.project("P2", 3)
    b.project("P3", 10)
    for pid in "ABCDGJ":
        b.client(pid, dob=ADULT)
    b.client("E", dob="2012-01-01")
    b.client("F", dob="2020-01-01")
    b.client("H", dob="2001-06-01", White=0, Asian=1)
    b.enrollment("EA", "A", "2022-03-01", DateToStreetESSH="2022-01-01")
    b.enrollment("EB", "B", "2022-03-01", DateToStreetESSH="2022-04-01")
    b.enrollment("EC", "C", "2022-03-01")
    b.enrollment("EH", "H", "2022-02-10", DateToStreetESSH="2022-02-10")
    b.enrollment("ED", "D", "2021-06-01", project="P2", hid="HD",
                 DateToStreetESSH="2019-06-01", MoveInDate="2021-07-01")
    b.enrollment("EE", "E", "2021-06-01", project="P2", hid="HD", rel=2)
    b.enrollment("EF", "F", "2022-01-01", project="P2", hid="HD", rel=2,
                 DateToStreetESSH="2021-12-01")
    b.enrollment("EG", "G", "2022-05-01", project="P2", DateToStreetESSH="2022-04-25")
    b.enrollment("EJ", "J", "2022-05-01", project="P3", DateToStreetESSH="2022-04-25")
    return b


PRIOR_PROJECTS = ("P1", "P2", "P3")


def test_q22e_time_prior_to_housing() -> None:
    t = run_table(time_prior().export(), "Q22e", projects=PRIOR_PROJECTS)
    assert [t["B2"], t["C2"]] == [1, 1]                # H: 0 days
    assert [t["B6"], t["C6"]] == [1, 1]                # A: 59 days
    assert [t["B11"], t["D11"]] == [2, 2]              # D, E: 761 days
    assert [t["B12"], t["C12"], t["D12"]] == [4, 2, 2]
    assert [t["B13"], t["C13"]] == [1, 1]              # G
    assert [t["B14"], t["C14"]] == [2, 2]              # B, C
    assert [t["B15"], t["C15"], t["D15"]] == [7, 5, 2]  # F and J left out
    assert sum(column(t, "B", range(2, 12))) == t["B12"]


def test_q22g_time_prior_by_race() -> None:
    t = run_table(time_prior().export(), "Q22g", projects=PRIOR_PROJECTS)
    # White: housed A 59, D 761, E 761; not yet G. Asian (column C): H 0. B, C (DNC) out.
    assert [t["H2"], t["H3"], t["C2"], t["C3"]] == [3, 1, 1, 0]
    assert [t["H4"], t["H5"], t["C4"], t["C5"]] == [527, 761, 0, 0]   # 1581 / 3 = 527


def test_q27l_youth_time_prior() -> None:
    t = run_table(time_prior().export(), "Q27l", projects=PRIOR_PROJECTS)
    assert [t["B2"], t["C2"], t["B12"], t["B13"], t["B14"], t["B15"]] == [1, 1, 1, 0, 0, 1]


# --------------------------------------------------------------- Q23c, Q23d, Q23e and variants
def leavers() -> Build:
    """P1 SO (4), P2 RRH (13), P3 HP (12), P4 ES entry/exit (0); all leave 2022-05-01.

    * A (P2, veteran): 435 with VASH (419) → positive; Q23d VASH.
    * B (P2, Black): 435 without a subsidy type → recoded 99.
    * C (P3, HoH) + child C2 (rel 2, 2015): 435 with RRH subsidy (431) → positive (HP is an
      "other" type), With Children and Adults; HP is left out of Q23d.
    * D (P1): 215 foster care → positive for SO.   E (P4): 215 → excluded for ES.
    * F (P4): 332 host home → not positive for ES ([DECISION], DL).  G (P1): 332 → positive.
    * H (P4): 24 deceased → excluded.   L (P1): 329 → excluded for SO.
    * I (P2, youth 21): 410 → positive.   J (P2): empty destination → 99.
    * K (P2): exit 2022-10-10, after the report end → stayer, not counted.
    * M (P2, youth 23): 435 with FYI (438) → positive; Q23d FYI.
    """
    b = Build()
    for pid, ptype in (("P1", 4), ("P2", 13), ("P3", 12), ("P4", 0)):
        b.project(pid, ptype)
    for pid in "CDEFGHJKL":
        b.client(pid, dob=ADULT)
    b.client("A", dob=ADULT, veteran=1)
    b.client("B", dob=ADULT, White=0, BlackAfAmerican=1)
    b.client("C2", dob="2015-01-01")
    b.client("I", dob="2000-06-01")
    b.client("M", dob="1998-12-01")
    rows = (("A", "P2", 435, 419), ("B", "P2", 435, None), ("C", "P3", 435, 431),
            ("D", "P1", 215, None), ("E", "P4", 215, None), ("F", "P4", 332, None),
            ("G", "P1", 332, None), ("H", "P4", 24, None), ("L", "P1", 329, None),
            ("I", "P2", 410, None), ("J", "P2", None, None), ("M", "P2", 435, 438))
    for pid, project, dest, subsidy in rows:
        b.enrollment(f"E{pid}", pid, "2022-01-01", project=project, hid=f"H{pid}")
        b.exit(f"E{pid}", "2022-05-01", dest, DestinationSubsidyType=subsidy)
    b.enrollment("EC2", "C2", "2022-01-01", project="P3", hid="HC", rel=2)
    b.exit("EC2", "2022-05-01", 435, DestinationSubsidyType=431)
    b.enrollment("EK", "K", "2022-01-01", project="P2")
    b.exit("EK", "2022-10-10", 410)
    return b


ALL = ("P1", "P2", "P3", "P4")


def test_q23c_destinations() -> None:
    t = run_table(leavers().export(), "Q23c", projects=ALL)
    for header in (2, 7, 15, 24, 33):
        assert [t[f"B{header}"], t[f"F{header}"]] == [None, None]
    assert [t["B8"], t["C8"], t["B14"]] == [2, 2, 2]            # D, E
    assert [t["B17"], t["B19"], t["B23"]] == [1, 2, 3]          # L | F, G
    # C and C2 are one household With Children and Adults.
    assert [t["B28"], t["B29"], t["C29"], t["D29"]] == [1, 4, 2, 2]  # I | A, M (AO), C, C2
    assert [t["B32"], t["C32"], t["D32"]] == [5, 3, 2]
    assert [t["B36"], t["B38"], t["B39"]] == [1, 2, 3]          # H | B, J (recoded 99)
    assert [t["B40"], t["C40"], t["D40"]] == [13, 11, 2]        # K (stayer) not counted
    # Positive: A, C, C2, M, I (permanent), D (SO 215), G (SO 332) = 7 (AO 5, AC 2).
    assert [t["B41"], t["C41"], t["D41"]] == [7, 5, 2]
    # Excluded: E (ES 215), H (deceased), L (SO 329).
    assert [t["B42"], t["C42"], t["D42"]] == [3, 3, 0]
    # 7 / (13 - 3); AO 5 / (11 - 3); AC 2 / 2; no leavers in the other columns.
    assert [t["B43"], t["C43"], t["D43"], t["E43"], t["F43"]] == [
        Decimal("0.7000"), Decimal("0.6250"), Decimal("1.0000"), Decimal("0.0000"),
        Decimal("0.0000")]
    assert ("F", "EF") not in t.members("B41")                  # 332 from ES: not positive
    assert sum(t[f"B{line}"] for line in (6, 14, 23, 32, 39)) == t["B40"]


def test_q25i_and_q27f1_variants() -> None:
    export = leavers().export()
    v = run_table(export, "Q25i", projects=ALL)                 # veteran leavers: A
    assert [v["B29"], v["C29"], v["B32"], v["B40"], v["B41"], v["B43"]] == [
        1, 1, 1, 1, 1, Decimal("1.0000")]
    assert [v["B2"], v["B38"]] == [None, 0]
    y = run_table(export, "Q27f1", projects=ALL)                # youth leavers: I, M
    assert [y["B28"], y["B29"], y["B40"], y["B41"], y["B42"], y["B43"]] == [
        1, 1, 2, 2, 0, Decimal("1.0000")]


def test_q23d_subsidies_and_variants() -> None:
    export = leavers().export()
    t = run_table(export, "Q23d", projects=ALL)
    # A (VASH, line 3) and M (FYI, line 10); C and C2 left an HP project; B recoded to 99.
    assert column(t, "B", range(2, 14)) == [0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2]
    assert [t["C13"], t["D13"]] == [2, 0]
    assert t.shape == (13, 6)
    v = run_table(export, "Q25j", projects=ALL)                 # HH4: no With Only Children
    assert v.shape == (13, 5)
    assert [v["B3"], v["C3"], v["B13"], v["B10"]] == [1, 1, 1, 0]
    y = run_table(export, "Q27f2", projects=ALL)
    assert [y["B10"], y["C10"], y["B13"], y["B3"]] == [1, 1, 1, 0]


def test_q23e_destination_by_race() -> None:
    t = run_table(leavers().export(), "Q23e", projects=ALL)
    # Columns: B Total, C AIAN, D Asian, E Black, … I White, … L unknown. B is Black.
    assert column(t, "B", range(2, 8)) == [0, 2, 3, 5, 3, 13]
    assert column(t, "I", range(2, 8)) == [0, 2, 3, 5, 2, 12]
    assert column(t, "E", range(2, 8)) == [0, 0, 0, 0, 1, 1]


# ---------------------------------------------------------------------------- Q24a, Q24b, Q24e
def prevention() -> Build:
    """HP (type 12) leavers (exit 2022-06-30) by HousingAssessment / SubsidyInformation.

    A 1/2 (kept housing with the subsidy they had); B 1/empty (inconsistent → DNC); C 2/12
    (new unit without subsidy; HoH of a household with child C2, who has no assessment →
    DNC); D 10 (deceased); E 9 (DK/PNTA); F empty (DNC); G 6 (became homeless); S stays.
    """
    b = Build()
    b.project("P1", 12)
    for pid in "ABCDEFGS":
        b.client(pid, dob=ADULT)
    b.client("C2", dob="2015-01-01")
    answers = {"A": (1, 2), "B": (1, None), "C": (2, 12), "D": (10, None), "E": (9, None),
               "F": (None, None), "G": (6, None)}
    for pid, (assessment, subsidy) in answers.items():
        b.enrollment(f"E{pid}", pid, "2022-01-01", hid=f"H{pid}")
        b.exit(f"E{pid}", "2022-06-30", 410, HousingAssessment=assessment,
               SubsidyInformation=subsidy)
    b.enrollment("EC2", "C2", "2022-01-01", hid="HC", rel=2)
    b.exit("EC2", "2022-06-30", 410)
    b.enrollment("ES", "S", "2022-01-01")
    return b


def test_q24a_housing_assessment() -> None:
    t = run_table(prevention().export(), "Q24a", report="CAPER")
    assert column(t, "B", range(2, 17)) == [0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 3, 8]
    assert [t["D7"], t["C15"], t["D15"], t["C16"], t["D16"]] == [1, 2, 1, 6, 2]


def test_q24b_moving_on() -> None:
    """P2 PSH (3), P3 RRH (13).

    * HoH A (P2) with Moving On (300) types 1, 2 and 1 again → lines 2 and 3, once each; its
      adult member C has type 3 → not a HoH, not counted.
    * HoH B (P2): type 4 on 2021-09-30 (before the start) → no; type 5 on the report end → line
      6.  HoH D (P3, RRH) with type 3 → not PSH.  HoH E (P2) with only bed nights → nothing.
    """
    b = Build()
    b.project("P2", 3)
    b.project("P3", 13)
    for pid in "ABCDE":
        b.client(pid, dob=ADULT)
    b.enrollment("EA", "A", "2021-06-01", project="P2", hid="HA")
    b.enrollment("EC", "C", "2021-06-01", project="P2", hid="HA", rel=3)
    b.enrollment("EB", "B", "2021-06-01", project="P2")
    b.enrollment("ED", "D", "2021-06-01", project="P3")
    b.enrollment("EE", "E", "2021-06-01", project="P2")
    for day, kind in (("2022-01-01", 1), ("2022-02-01", 2), ("2022-03-01", 1)):
        b.service("EA", day, 300, kind)
    b.service("EC", "2022-01-01", 300, 3)
    b.service("EB", "2021-09-30", 300, 4)
    b.service("EB", "2022-09-30", 300, 5)
    b.service("ED", "2022-01-01", 300, 3)
    b.service("EE", "2022-01-01")
    t = run_table(b.export(), "Q24b", projects=("P2", "P3"))
    assert column(t, "B", range(2, 7)) == [1, 1, 0, 0, 1]
    assert column(t, "C", range(2, 7)) == [1, 1, 0, 0, 1]
    assert t.members("B6") == (("B", "EB"),)


def test_q24e_sex() -> None:
    b = Build()
    b.project("P1", 2)
    for pid, sex in (("A", 0), ("B", 1), ("C", 8), ("D", 9), ("E", 99), ("F", None)):
        b.client(pid, dob=ADULT, Sex=sex)
        b.enrollment(f"E{pid}", pid, "2022-01-01", hid=f"H{pid}")
    b.client("K", dob="2015-01-01", Sex=0)                      # child of A: Female, AC
    b.enrollment("EK", "K", "2022-01-01", hid="HA", rel=2)
    t = run_table(b.export(), "Q24e")
    assert column(t, "B", range(2, 7)) == [2, 1, 2, 2, 7]
    assert [t["D2"], t["C2"], t["D6"], t["C6"]] == [2, 0, 2, 5]


# ------------------------------------------------------------------------------ whole exports
EVA = Path("/work/shared/data/eva-demo-fy2026.zip")


@pytest.mark.parametrize("which", ["sample", "eva"])
def test_all_stay_tables_on_real_exports(which: str) -> None:
    path, start, end = hmis_core.sample_export_path(), dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    if which == "eva":
        if not EVA.exists():
            pytest.skip("eva-demo export not present")
        path, start, end = EVA, dt.date(2021, 10, 1), dt.date(2022, 9, 30)
    export, _ = hmis_core.read_export(path)
    ctx = build_context(export, ReportParameters(start, end, tuple(export["Project"]["ProjectID"])))
    for q in STAY_TABLES:
        for kind in ("APR", "CAPER"):
            shell = layouts().get((kind, q))
            if shell is None:
                continue
            tally = Tally(shell)
            TABLES[q](ctx, tally)
            table = tally.build()
            assert table.shape == shell.shape, (kind, q)
            for address, value in table.cells():
                assert value is None or value >= 0, (kind, q, address)
    # Consistency on the full run: Q23c total = leavers; Q22a1 total = persons.
    q23c = Tally(layouts()[("APR", "Q23c")])
    TABLES["Q23c"](ctx, q23c)
    assert q23c.count(40, 1) == sum(1 for p in ctx.persons if p.leaver)
    q22 = Tally(layouts()[("APR", "Q22a1")])
    TABLES["Q22a1"](ctx, q22)
    assert q22.count(12, 1) == len(ctx.persons)
