"""Q25a, Q25b, Q25d, Q26a, Q26b, Q26d, Q27a, Q27b, Q27m on hand-built exports."""

from __future__ import annotations

from _build import Build, run_table

CH = {"DisablingCondition": 1, "DateToStreetESSH": "2019-01-01"}   # chronic at a 2022 entry


def veterans() -> Build:
    b = Build()
    b.project("P1", 2)
    b.client("V1", dob="1960-01-01", veteran=1)            # chronic veteran, 62
    b.client("V2", dob="2000-01-01", veteran=1)            # veteran, 22 (not chronic)
    b.client("N1", dob="1980-01-01", veteran=0)
    b.client("D1", dob="1980-01-01", veteran=8)
    b.client("X1", dob="1980-01-01", veteran=99)
    b.client("K1", dob="2015-01-01", veteran=1)            # a child is never a veteran
    b.enrollment("E1", "V1", "2022-01-01", hid="H1", **CH)
    b.enrollment("E2", "V2", "2022-01-01", hid="H2")
    b.enrollment("E3", "N1", "2022-01-01", hid="H3")
    b.enrollment("E4", "D1", "2022-01-01", hid="H3", rel=3)
    b.enrollment("E5", "K1", "2022-01-01", hid="H3", rel=2)
    b.enrollment("E6", "X1", "2022-01-01", hid="H4")
    return b


def test_q25a_veteran_status_of_adults() -> None:
    t = run_table(veterans().export(), "Q25a")
    assert [t["B2"], t["B3"], t["B4"], t["B5"], t["B6"], t["B7"]] == [1, 1, 1, 1, 1, 5]
    # N1 and D1 share a household with child K1: With Children and Adults (column D).
    assert t["D4"] == 1
    assert t["D5"] == 1
    assert t["C2"] == 1


def test_q25b_veteran_households() -> None:
    t = run_table(veterans().export(), "Q25b")
    # H1 CH veteran; H2 veteran; H3 has a non-veteran adult (N1) and no veteran → line 4,
    # even though D1 answered 8 (DL order); H4 only a 99 adult → DNC.
    assert [t["B2"], t["B3"], t["B4"], t["B5"], t["B6"], t["B7"]] == [1, 1, 1, 0, 1, 4]


def test_q25d_ages_of_veterans() -> None:
    t = run_table(veterans().export(), "Q25d")
    assert t["B2"] == 1
    assert t["B6"] == 1
    assert t["B10"] == 2


def test_q26_chronic_tables() -> None:
    export = veterans().export()
    q26b = run_table(export, "Q26b")
    # V1 Y; everyone else has DisablingCondition 0 → N (K1 inherits N as well).
    assert [q26b["B2"], q26b["B3"], q26b["B6"]] == [1, 5, 6]
    q26a = run_table(export, "Q26a")
    assert [q26a["B2"], q26a["B3"], q26a["B6"]] == [1, 3, 4]
    q26d = run_table(export, "Q26d")
    assert q26d["B7"] == 1
    assert q26d["B11"] == 1
    assert q26d["C2"] is None
    assert q26d["E3"] is None


def test_q26a_household_priority_is_dk_before_missing() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2022-01-01", hid="H1", DisablingCondition=99)   # M
    b.enrollment("E2", "B", "2022-01-01", hid="H1", rel=3, DisablingCondition=8)  # DK
    t = run_table(b.export(), "Q26a")
    # No one is Y and no one N: members present at start take the HoH's status (M), so
    # both become M → the household is Data Not Collected.
    assert t["B5"] == 1
    assert t["B4"] == 0


def youth() -> Build:
    b = Build()
    b.project("P1", 2, funder=43)                           # YHDP
    b.client("Y1", dob="2005-01-01")                        # 17 at 2022-01-01: HoH
    b.client("C1", dob="2021-06-01")                        # her baby
    b.client("Y2", dob="2001-01-01")                        # 21, alone
    b.client("Y3", dob="2000-02-01")                        # 21 at start, HoH with a child
    b.client("C3", dob="2020-01-01")
    b.client("Y4", dob="2004-01-01")                        # 18, adult in Y3's household
    b.enrollment("E1", "Y1", "2022-01-01", hid="H1")
    b.enrollment("E2", "C1", "2022-01-01", hid="H1", rel=2)
    b.enrollment("E3", "Y2", "2022-01-01", hid="H2")
    b.exit("E3", "2022-06-01")
    b.youth_education("E3", "2022-01-01", 1, CurrentSchoolAttend=0, MostRecentEdStatus=2)
    b.youth_education("E3", "2022-06-01", 3, CurrentSchoolAttend=2, CurrentEdStatus=0)
    b.enrollment("E4", "Y3", "2022-01-01", hid="H3")
    b.enrollment("E5", "C3", "2022-01-01", hid="H3", rel=2)
    b.enrollment("E6", "Y4", "2022-01-01", hid="H3", rel=3)
    return b


def test_q27a_and_q27b() -> None:
    export = youth().export()
    q27a = run_table(export, "Q27a")
    # Youth: Y1 (17), Y2, Y3, Y4; babies are under 12.
    assert [q27a["B2"], q27a["B3"], q27a["B6"]] == [1, 3, 4]
    q27b = run_table(export, "Q27b")
    # H1: HoH 17 → "< 18": parenting youth Y1, child C1, 2 persons, 1 household.
    assert [q27b["B2"], q27b["C2"], q27b["D2"], q27b["E2"]] == [1, 1, 2, 1]
    # H3: HoH 21 → "18 to 24": parenting youth Y3 and Y4 (adult 18–24), child C3.
    assert [q27b["B3"], q27b["C3"], q27b["D3"], q27b["E3"]] == [2, 1, 3, 1]


def test_q27m_education_of_youth_leavers_in_yhdp_projects() -> None:
    t = run_table(youth().export(), "Q27m")
    # Y2 is the only youth HoH who left. Start: not enrolled (line 2), dropped out of K12
    # (line 10). Exit: enrolled and attending (line 4), pursuing a diploma/GED (line 19).
    assert [t["B2"], t["B10"], t["B26"]] == [1, 1, 1]
    assert [t["C4"], t["C19"], t["C26"]] == [1, 1, 1]
    assert t["B7"] is None
    assert t["C18"] is None


def test_q27m_needs_a_yhdp_funder() -> None:
    b = youth()
    b.rows["Funder"][0]["Funder"] = "2"                     # plain CoC PSH funding
    assert run_table(b.export(), "Q27m")["B26"] == 0
