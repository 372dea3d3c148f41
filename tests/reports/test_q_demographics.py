"""Q5a, Q7a, Q7b, Q8a, Q8b, Q11, Q12 on hand-built exports (expected cells by hand)."""

from __future__ import annotations

import datetime as dt

from _build import Build, run_table


def family_and_single() -> Build:
    """PSH (type 3), report 2021-10-01..2022-09-30.

    * H1: HoH M (adult, 1980) + child K (2015), entered 2021-06-01, moved in 2021-07-01,
      K left 2022-05-01 (leaver), M stays: household With Children and Adults.
    * H2: single adult S (1990), veteran, entered 2022-02-01, never moved in, exited
      2022-08-01.
    * H3: HoH U with unknown DOB (quality 8), entered 2022-03-01, moved in 2022-03-10.
    """
    b = Build()
    b.project("P1", 3)
    b.client("M", dob="1980-01-01", HispanicLatinao=1)        # White + Hispanic: a pair
    b.client("K", dob="2015-01-01")
    b.client("S", dob="1990-01-01", veteran=1, White=0, RaceNone=9)
    b.client("U", dob="", dob_quality=8, White=0, RaceNone=99)
    b.enrollment("E1", "M", "2021-06-01", hid="H1", MoveInDate="2021-07-01")
    b.enrollment("E2", "K", "2021-06-01", hid="H1", rel=2)
    b.exit("E2", "2022-05-01")
    b.enrollment("E3", "S", "2022-02-01", hid="H2")
    b.exit("E3", "2022-08-01")
    b.enrollment("E4", "U", "2022-03-01", hid="H3", MoveInDate="2022-03-10")
    return b


def test_q5a() -> None:
    t = run_table(family_and_single().export(), "Q5a")
    # Persons M, K, S, U; adults M, S; child K; unknown age U.
    assert [t[f"C{line}"] for line in range(2, 6)] == [4, 2, 1, 1]
    # Leavers K, S; adult leaver S; adult/HoH leavers S (K is a child, not HoH).
    assert [t["C6"], t["C7"], t["C8"]] == [2, 1, 1]
    # Stayers M, U; adult stayer M.
    assert [t["C9"], t["C10"]] == [2, 1]
    assert t["C11"] == 1                                   # S is a veteran
    assert t["C15"] == 2
    assert t["C16"] == 1
    # M entered 2021-06-01: LOS to 2022-10-01 = 487 days >= 365 → line 17.
    assert t["C17"] == 1
    assert t.members("C17") == (("M", "E1"),)
    assert [t[f"B{line}"] for line in range(2, 18)] == [t[f"C{line}"] for line in range(2, 18)]


def test_q7a_and_q8a() -> None:
    export = family_and_single().export()
    t = run_table(export, "Q7a")
    assert [t["B2"], t["D2"], t["C2"]] == [2, 1, 1]        # adults: M (AC), S (AO)
    assert [t["B3"], t["D3"]] == [1, 1]                    # child K (AC)
    assert [t["B4"], t["F4"]] == [1, 1]                    # U: DK/PNTA, unknown household
    assert t["B6"] == 4
    # Moved in by the end: M and K (K was there on 2021-07-01 and left later) and U.
    assert t["B7"] == 3
    assert t["C7"] == 0
    q8a = run_table(export, "Q8a")
    assert [q8a["B2"], q8a["C2"], q8a["D2"], q8a["F2"]] == [3, 1, 1, 1]
    assert q8a["B3"] == 2                                  # H1 and H3 moved in; H2 did not


def test_q7b_and_q8b_point_in_time() -> None:
    export = family_and_single().export()
    t = run_table(export, "Q7b")
    # PIT dates 2022-01-26, 2022-04-27, 2022-07-27, 2021-10-27.
    # January: M, K housed (moved in 2021-07-01); S not entered yet; U not entered yet.
    assert t["B2"] == 2
    # April: M, K; U moved in 2022-03-10; S entered but never moved in (PSH) → 3.
    assert t["B3"] == 3
    # July: K left 2022-05-01 → M, U.
    assert t["B4"] == 2
    assert t["B5"] == 2                                    # October 2021: M, K
    q8b = run_table(export, "Q8b")
    assert [q8b["B2"], q8b["B3"], q8b["B4"], q8b["B5"]] == [1, 2, 2, 1]


def test_q11_ages() -> None:
    t = run_table(family_and_single().export(), "Q11")
    # K: born 2015-01-01, entered before the start → age 6 on 2021-10-01: line 3 (5-12).
    # M: 41 → line 7 (35-44). S: 32 on 2022-02-01 → line 6 (25-34). U: DK/PNTA line 11.
    assert t["B3"] == 1
    assert t["B7"] == 1
    assert t["B6"] == 1
    assert t["B11"] == 1
    assert t["B13"] == 4


def test_q12_race_and_ethnicity() -> None:
    t = run_table(family_and_single().export(), "Q12")
    # M: White + Hispanic → "White & Hispanic/Latina/e/o" (line 26). K: White (line 8).
    # S: no race, RaceNone 9 → DK/PNTA (line 32). U: RaceNone 99 → DNC (line 33).
    assert [t["B26"], t["B8"], t["B32"], t["B33"], t["B34"]] == [1, 1, 1, 1, 4]


def test_night_by_night_pit_uses_bed_nights() -> None:
    b = Build()
    b.project("P1", 1)
    b.client("A")
    b.enrollment("E1", "A", "2021-09-01")
    b.service("E1", "2022-01-26")                          # the January PIT night
    b.service("E1", "2022-04-26")                          # the night before April's
    t = run_table(b.export(), "Q7b")
    assert [t["B2"], t["B3"], t["B4"], t["B5"]] == [1, 0, 0, 0]


def test_street_outreach_exit_on_the_pit_date_counts() -> None:
    b = Build()
    b.project("P1", 4)
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2021-09-01", DateOfEngagement="2021-09-01")
    b.exit("E1", "2022-01-26")                             # SO: the exit day counts
    b.project("P2", 2)
    b.enrollment("E2", "B", "2021-09-01", project="P2")
    b.exit("E2", "2022-01-26")                             # TH: the exit day does not
    t = run_table(b.export(), "Q7b", projects=("P1", "P2"))
    assert t["B2"] == 1
    assert t.members("B2") == (("A", "E1"),)
    assert dt.date(2022, 1, 26).weekday() == 2
