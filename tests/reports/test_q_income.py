"""Q13a1–Q13c2, Q14a, Q14b, Q16–Q21, Q26e, Q27g–Q27i on hand-built exports (expected cells
worked out by hand from APR_CAPER.md §2.11, §2.12 and §6), plus full runs on shared data.

Report range 2021-10-01..2022-09-30 (``_build.START``/``END``); project P1 is PSH (type 3).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _build import END, START, Build, run_table

import hmis_core
from hmis_core.reports._income import annual_record, exit_record, start_record
from hmis_core.reports._layout import layouts
from hmis_core.reports._q_income import facts
from hmis_core.reports._tally import TABLES, Tally
from hmis_core.reports._universe import ReportParameters, build_context

QUESTIONS = ("Q13a1", "Q13b1", "Q13c1", "Q13a2", "Q13b2", "Q13c2", "Q14a", "Q14b", "Q16",
             "Q17", "Q18", "Q19a1", "Q19a2", "Q19b", "Q20a", "Q20b", "Q21", "Q26e", "Q27g",
             "Q27h", "Q27i")
EVA = Path(__file__).resolve().parents[3] / "shared" / "data" / "eva-demo-fy2026.zip"


def cells(t: Any, letters: str, lines: range | tuple[int, ...]) -> dict[str, Any]:
    """Every cell of ``letters`` × ``lines`` that is not 0 (blank cells show as None)."""
    out = {}
    for letter in letters:
        for line in lines:
            value = t[f"{letter}{line}"]
            if value != 0:
                out[f"{letter}{line}"] = value
    return out


def who(t: Any, cell: str) -> set[str]:
    return {pid for pid, _ in t.members(cell)}


# ---------------------------------------------------------------------- Q13 / Q26e

def conditions() -> Build:
    """Six persons in four households.

    * H1 (With Children and Adults): A1 HoH adult (chronic: DC 1, on the street since 2019),
      C1 child (leaver 2022-06-01), U1 unknown DOB (DNC) — all entered 2022-01-10, so all
      three are present at start and inherit A1's chronic status Y (§2.10).
    * H2: S1 single adult, DisablingCondition 1, no Disabilities records, leaver.
    * H3: K2 child-only HoH (13), DisablingCondition 8.
    * H4: X1 HoH with unknown DOB (quality 8) — unknown household type, DisablingCondition 99.
    """
    b = Build()
    b.project("P1", 3)
    b.client("A1", dob="1980-01-01")
    b.client("C1", dob="2015-01-01")
    b.client("U1", dob="", dob_quality=99)
    b.client("S1", dob="1990-01-01")
    b.client("K2", dob="2008-06-01")
    b.client("X1", dob="", dob_quality=8)
    b.enrollment("E1", "A1", "2022-01-10", hid="H1", DisablingCondition=1,
                 DateToStreetESSH="2019-01-01")
    b.enrollment("E2", "C1", "2022-01-10", hid="H1", rel=2)
    b.exit("E2", "2022-06-01")
    b.enrollment("E3", "U1", "2022-01-10", hid="H1", rel=3)
    b.enrollment("E4", "S1", "2021-11-01", hid="H2", DisablingCondition=1)
    b.exit("E4", "2022-07-01")
    b.enrollment("E5", "K2", "2022-02-01", hid="H3", DisablingCondition=8)
    b.enrollment("E6", "X1", "2022-03-01", hid="H4", DisablingCondition=99)
    # A1 at start: mental health (9), both alcohol and drug (10/3); physical (5) answered No.
    b.disability("E1", "2022-01-10", 1, 9, 1)
    b.disability("E1", "2022-01-10", 1, 10, 3)
    b.disability("E1", "2022-01-10", 1, 5, 0)
    # A1 update 2022-05-01: chronic health (7) and mental health — the latest records
    # dated <= report end; the stage-5 record of 2022-10-05 is after the end and ignored.
    b.disability("E1", "2022-05-01", 2, 7, 1)
    b.disability("E1", "2022-05-01", 2, 9, 1)
    b.disability("E1", "2022-10-05", 5, 8, 1)
    # C1: developmental at start; at exit developmental and drug use (10/2).
    b.disability("E2", "2022-01-10", 1, 6, 1)
    b.disability("E2", "2022-06-01", 3, 6, 1)
    b.disability("E2", "2022-06-01", 3, 10, 2)
    # U1: HIV/AIDS at start (also U1's latest record as a stayer).
    b.disability("E3", "2022-01-10", 1, 8, 1)
    # K2 and X1: substance use answered 99 / 8 — not a condition.
    b.disability("E5", "2022-02-01", 1, 10, 99)
    b.disability("E6", "2022-03-01", 1, 10, 8)
    return b


def test_q13a1_conditions_at_start() -> None:
    t = run_table(conditions().export(), "Q13a1")
    # Columns: B Total, C Without Children, D Adults in HH w/ C&A, E Children in HH w/ C&A,
    # F With Only Children, G Unknown household type.
    assert cells(t, "BCDEFG", range(2, 10)) == {
        "B2": 1, "D2": 1,          # A1 mental health
        "B5": 1, "D5": 1,          # A1 both alcohol and drug
        "B7": 1,                   # U1 HIV/AIDS: unknown age in a C&A household → Total only
        "B8": 1, "E8": 1,          # C1 developmental
    }
    assert who(t, "B7") == {"U1"}


def test_q13b1_conditions_at_exit() -> None:
    t = run_table(conditions().export(), "Q13b1")
    # Leavers C1 (stage-3 records) and S1 (none); A1's records are not exit records.
    assert cells(t, "BCDEFG", range(2, 10)) == {"B4": 1, "E4": 1, "B8": 1, "E8": 1}


def test_q13c1_latest_conditions_of_stayers() -> None:
    t = run_table(conditions().export(), "Q13c1")
    # Stayers A1 (latest date 2022-05-01: mental health + chronic health; the start
    # "both" record is older), U1 (HIV/AIDS), K2 and X1 (none).
    assert cells(t, "BCDEFG", range(2, 10)) == {"B2": 1, "D2": 1, "B6": 1, "D6": 1, "B7": 1}


def test_q13a2_number_of_conditions_at_start() -> None:
    t = run_table(conditions().export(), "Q13a2")
    assert cells(t, "BCDEFG", range(2, 10)) == {
        "B3": 2, "E3": 1,          # 1 condition: C1 (E), U1 (Total only)
        "B5": 1, "D5": 1,          # A1: mental + both (counts 2) = 3 → 3+
        "B6": 1, "C6": 1,          # S1: none, DisablingCondition 1 → Condition Unknown
        "B7": 1, "F7": 1,          # K2: none, DisablingCondition 8 → DK/PNTA
        "B8": 1, "G8": 1,          # X1: none, DisablingCondition 99 → DNC
        "B9": 6, "C9": 1, "D9": 1, "E9": 1, "F9": 1, "G9": 1,
    }


def test_q13b2_and_q13c2_number_of_conditions() -> None:
    export = conditions().export()
    b2 = run_table(export, "Q13b2")
    # Leavers: C1 two conditions at exit (E); S1 none with DisablingCondition 1 (C).
    assert cells(b2, "BCDEFG", range(2, 10)) == {
        "B4": 1, "E4": 1, "B6": 1, "C6": 1, "B9": 2, "C9": 1, "E9": 1}
    c2 = run_table(export, "Q13c2")
    # Stayers: A1 2 latest conditions; U1 1 (Total only); K2 → DK/PNTA; X1 → DNC.
    assert cells(c2, "BCDEFG", range(2, 10)) == {
        "B3": 1, "B4": 1, "D4": 1, "B7": 1, "F7": 1, "B8": 1, "G8": 1,
        "B9": 4, "D9": 1, "F9": 1, "G9": 1}


def test_q26e_conditions_of_chronically_homeless() -> None:
    t = run_table(conditions().export(), "Q26e")
    # Chronic: A1, and C1 and U1 by household inheritance (present at start, §2.10).
    # B at start: A1 mental + both, U1 HIV, C1 developmental. C latest (stayers A1, U1):
    # mental + chronic health, HIV. D at exit (leaver C1): drug + developmental.
    assert cells(t, "BCD", range(2, 10)) == {
        "B2": 1, "B5": 1, "B7": 1, "B8": 1,
        "C2": 1, "C6": 1, "C7": 1,
        "D4": 1, "D8": 1}
    assert who(t, "D8") == {"C1"}


# ---------------------------------------------------------------------- Q14

def domestic_violence() -> Build:
    b = Build()
    b.project("P1", 2)
    for pid, dob in (("D1", "1980-01-01"), ("D2", "1985-01-01"), ("D3", "2016-01-01"),
                     ("D4", "2005-06-01"), ("D5", "1970-01-01"), ("D6", "1990-01-01"),
                     ("D7", "1975-01-01")):
        b.client(pid, dob=dob)
    for eid, pid, hid, rel in (("E1", "D1", "H1", 1), ("E2", "D2", "H2", 1),
                               ("E3", "D3", "H2", 2), ("E4", "D4", "H4", 1),
                               ("E5", "D5", "H5", 1), ("E6", "D6", "H6", 1),
                               ("E7", "D7", "H7", 1)):
        b.enrollment(eid, pid, "2022-01-10", hid=hid, rel=rel)
    # D1: No at start, Yes in an update (latest <= end), a record after the end is ignored.
    b.health_dv("E1", "2022-01-10", 1, DomesticViolenceSurvivor=0)
    b.health_dv("E1", "2022-06-01", 2, DomesticViolenceSurvivor=1, WhenOccurred=1)
    b.health_dv("E1", "2022-10-02", 2, DomesticViolenceSurvivor=0)
    # D2 (adult with child D3): Yes, when 8; the child's own Yes is not counted.
    b.health_dv("E2", "2022-01-10", 1, DomesticViolenceSurvivor=1, WhenOccurred=8)
    b.health_dv("E3", "2022-01-10", 1, DomesticViolenceSurvivor=1, WhenOccurred=1)
    # D4: child-only HoH (16): No. D5: no record. D6: prefers not to answer.
    b.health_dv("E4", "2022-01-10", 1, DomesticViolenceSurvivor=0)
    b.health_dv("E6", "2022-01-10", 1, DomesticViolenceSurvivor=9)
    # D7: two records on the same date: the one updated last (WhenOccurred 4) wins.
    b.health_dv("E7", "2022-03-01", 2, DomesticViolenceSurvivor=1, WhenOccurred=4,
                DateUpdated="2022-03-02 10:00:00")
    b.health_dv("E7", "2022-03-01", 2, DomesticViolenceSurvivor=1, WhenOccurred=3,
                DateUpdated="2022-03-01 10:00:00")
    return b


def test_q14a_domestic_violence_history() -> None:
    t = run_table(domestic_violence().export(), "Q14a")
    # Columns B Total, C Without Children, D With C&A, E With Only Children, F Unknown.
    assert cells(t, "BCDEF", range(2, 7)) == {
        "B2": 3, "C2": 2, "D2": 1,   # Yes: D1, D7 (AO), D2 (AC)
        "B3": 1, "E3": 1,            # No: D4
        "B4": 1, "C4": 1,            # DK/PNTA: D6
        "B5": 1, "C5": 1,            # DNC: D5 (no record)
        "B6": 6, "C6": 4, "D6": 1, "E6": 1}
    assert who(t, "B2") == {"D1", "D2", "D7"}


def test_q14b_when_it_occurred() -> None:
    t = run_table(domestic_violence().export(), "Q14b")
    assert cells(t, "BCDEF", range(2, 9)) == {
        "B2": 1, "C2": 1,            # D1 within three months
        "B5": 1, "C5": 1,            # D7 one year or more (latest-updated record)
        "B6": 1, "D6": 1,            # D2 WhenOccurred 8
        "B8": 3, "C8": 2, "D8": 1}


# ---------------------------------------------------------------------- Q16–Q21

def incomes() -> Build:
    """Adults I1–I6, I8, I9 and child K7 (PSH).

    * I1 stayer since 2020-11-15 → anniversary 2021-11-15, assessment due; window
      2021-10-16..2021-12-15. Start: earned 400 + SSI 300 (no total: summed 700). Annual on
      2021-12-15 (+30 days, inside): earned 900. A stage-5 record on 2021-12-16 (+31 days)
      is outside the window and ignored although it is later.
    * I2 stayer since 2022-01-10: not yet required. Start: no income; benefits and
      insurance 8.
    * I3 stayer since 2020-06-01 → anniversary 2022-06-01; its only stage-5 record is on
      2022-05-01 (31 days early): required but missing. Start: income 8, insurance 99.
    * I4 single leaver 2021-08-01..2022-08-01, DisablingCondition 1. Start: total 1,500 all
      earned. Exit: earned 1,000 + other 1,500 with no TotalMonthlyIncome (summed 2,500,
      OtherIncomeAmount read); benefit WIC; insurance VHA.
    * Household HF (With Children and Adults), entered 2021-09-01: HoH I6 exits 2022-09-01
      (start $0, exit unemployment 100, SNAP); I5 (spouse) exits 2022-03-01, before the HoH
      (start record dated the day after entry → missing; exit no income, SNAP); I9 (adult)
      exits with the HoH (no start record; exit income 99, other TANF); child K7 exits with
      the HoH (start SCHIP, no exit record).
    * I8 stayer since 2022-05-01, no records at all.
    """
    b = Build()
    b.project("P1", 3)
    for pid, dob in (("I1", "1970-01-01"), ("I2", "1980-01-01"), ("I3", "1960-01-01"),
                     ("I4", "1990-01-01"), ("I5", "1985-01-01"), ("I6", "1984-01-01"),
                     ("K7", "2012-01-01"), ("I8", "1975-01-01"), ("I9", "1950-01-01")):
        b.client(pid, dob=dob)
    b.enrollment("E1", "I1", "2020-11-15", hid="H1")
    b.income("E1", "2020-11-15", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=400, SSI=1,
             SSIAmount=300, BenefitsFromAnySource=1, SNAP=1, InsuranceFromAnySource=1,
             Medicaid=1, Medicare=1)
    b.income("E1", "2021-12-15", 5, IncomeFromAnySource=1, Earned=1, EarnedAmount=900,
             TotalMonthlyIncome=900, BenefitsFromAnySource=0, InsuranceFromAnySource=0)
    b.income("E1", "2021-12-16", 5, IncomeFromAnySource=0, BenefitsFromAnySource=1, SNAP=1,
             InsuranceFromAnySource=1, Medicaid=1)
    b.enrollment("E2", "I2", "2022-01-10", hid="H2")
    b.income("E2", "2022-01-10", 1, IncomeFromAnySource=0, BenefitsFromAnySource=8,
             InsuranceFromAnySource=8)
    b.enrollment("E3", "I3", "2020-06-01", hid="H3")
    b.income("E3", "2020-06-01", 1, IncomeFromAnySource=8, InsuranceFromAnySource=99)
    b.income("E3", "2022-05-01", 5, IncomeFromAnySource=1, TotalMonthlyIncome=50,
             BenefitsFromAnySource=1, SNAP=1, InsuranceFromAnySource=1, Medicaid=1)
    b.enrollment("E4", "I4", "2021-08-01", hid="H4", DisablingCondition=1)
    b.exit("E4", "2022-08-01")
    b.income("E4", "2021-08-01", 1, IncomeFromAnySource=1, TotalMonthlyIncome=1500, Earned=1,
             EarnedAmount=1500, BenefitsFromAnySource=0, InsuranceFromAnySource=0)
    b.income("E4", "2022-08-01", 3, IncomeFromAnySource=1, Earned=1, EarnedAmount=1000,
             OtherIncomeSource=1, OtherIncomeAmount=1500, BenefitsFromAnySource=1, WIC=1,
             InsuranceFromAnySource=1, VHAServices=1)
    b.enrollment("E6", "I6", "2021-09-01", hid="HF")
    b.exit("E6", "2022-09-01")
    b.income("E6", "2021-09-01", 1, IncomeFromAnySource=0, BenefitsFromAnySource=0,
             InsuranceFromAnySource=1)
    b.income("E6", "2022-09-01", 3, IncomeFromAnySource=1, Unemployment=1,
             UnemploymentAmount=100, BenefitsFromAnySource=1, SNAP=1)
    b.enrollment("E5", "I5", "2021-09-01", hid="HF", rel=3)
    b.exit("E5", "2022-03-01")
    b.income("E5", "2021-09-02", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=100)
    b.income("E5", "2022-03-01", 3, IncomeFromAnySource=0, BenefitsFromAnySource=1, SNAP=1)
    b.enrollment("E9", "I9", "2021-09-01", hid="HF", rel=3)
    b.exit("E9", "2022-09-01")
    b.income("E9", "2022-09-01", 3, IncomeFromAnySource=99, BenefitsFromAnySource=1,
             OtherTANF=1)
    b.enrollment("E7", "K7", "2021-09-01", hid="HF", rel=2)
    b.exit("E7", "2022-09-01")
    b.income("E7", "2021-09-01", 1, InsuranceFromAnySource=1, SCHIP=1)
    b.enrollment("E8", "I8", "2022-05-01", hid="H8")
    return b


def test_income_records_follow_the_annual_window() -> None:
    export = incomes().export()
    ctx = build_context(export, ReportParameters(START, END, ("P1",)))
    f = facts(ctx)
    by_pid = {p.pid: p for p in ctx.persons}
    when = ctx.col("IncomeBenefits", "InformationDate")
    i1 = by_pid["I1"]
    assert i1.annual_due
    assert i1.anniversary == dt.date(2021, 11, 15)
    annual = f.records(i1)[1]
    assert annual is not None
    assert when[annual] == dt.date(2021, 12, 15)
    assert by_pid["I3"].annual_due
    assert f.records(by_pid["I3"])[1] is None
    assert not by_pid["I2"].annual_due
    assert f.records(by_pid["I5"])[0] is None              # stage 1 not dated EntryDate
    # Exit total: 1,000 earned + 1,500 OtherIncomeAmount (no TotalMonthlyIncome).
    assert f.total(f.records(by_pid["I4"])[2]) == (Decimal(2500), "known")


def test_q16_income_ranges() -> None:
    t = run_table(incomes().export(), "Q16")
    assert cells(t, "BCD", range(2, 15)) == {
        # Start (adults I1–I6, I8, I9): I2, I6 $0; I1 700; I4 1,500; I3 DK; I5, I8, I9 DNC.
        "B2": 2, "B6": 1, "B7": 1, "B10": 1, "B11": 3, "B12": None, "B13": None, "B14": 8,
        # Annual (adult stayers I1, I2, I3, I8): I1 900; I2, I8 not yet required; I3
        # required but no record inside the window.
        "C6": 1, "C12": 2, "C13": 1, "C14": 4,
        # Exit (adult leavers I4, I5, I6, I9): 2,500 → $2,001+; I5 $0; I6 100; I9 DNC.
        "D2": 1, "D3": 1, "D9": 1, "D11": 1, "D12": None, "D13": None, "D14": 4}
    assert who(t, "C12") == {"I2", "I8"}
    assert who(t, "D9") == {"I4"}


def test_q17_income_sources() -> None:
    t = run_table(incomes().export(), "Q17")
    assert cells(t, "BCD", range(2, 18)) == {
        "B2": 2, "B4": 1,          # start: earned I1, I4; SSI I1
        "B17": None,
        "C2": 1,                   # annual: earned I1 (the +31-day record is ignored)
        "C17": 1,                  # I1: income information at start and annual
        "D2": 1, "D3": 1, "D16": 1,  # exit: earned + other I4; unemployment I6
        "D17": 2}                  # I4 and I6 (I5 no start record, I9 exit 99)
    assert who(t, "D17") == {"I4", "I6"}


def test_q18_income_categories() -> None:
    t = run_table(incomes().export(), "Q18")
    assert cells(t, "BCD", range(2, 13)) == {
        # Start: I4 only earned; I1 both (400 of 700); I2, I6 none; I3 DK; I5, I8, I9 missing.
        "B2": 1, "B4": 1, "B5": 2, "B6": 1, "B7": 3, "B8": None, "B9": None,
        "B10": 8, "B11": 2, "B12": None,
        # Annual: I1 only earned; I2, I8 not yet required; I3 required but missing.
        "C2": 1, "C8": 2, "C9": 1, "C10": 4, "C11": 1, "C12": 1,
        # Exit: I6 only other; I4 both; I5 none; I9 missing (99).
        "D3": 1, "D4": 1, "D5": 1, "D7": 1, "D8": None, "D9": None,
        "D10": 4, "D11": 2, "D12": 2}


def test_q19a1_change_start_to_annual() -> None:
    t = run_table(incomes().export(), "Q19a1")
    # Only I1: earned 400 → 900 (increased), other 300 → 0 (lost), total 700 → 900.
    assert [t[f"{c}2"] for c in "BCDEFGHIJ"] == [0, 0, 0, 1, 0, 0, 1, 1, Decimal("1.0000")]
    assert [t[f"{c}3"] for c in "BCDEFGHIJ"] == [
        Decimal("0.00"), Decimal("0.00"), None, Decimal("500.00"), Decimal("0.00"), None, None,
        Decimal("500.00"), None]
    assert [t[f"{c}4"] for c in "BCDEFGHIJ"] == [1, 0, 0, 0, 0, 0, 1, 0, Decimal("0.0000")]
    assert t["B5"] == Decimal("-300.00")
    assert t["I5"] == Decimal("0.00")
    assert t["H5"] is None
    assert [t[f"{c}6"] for c in "BCDEFGHIJ"] == [0, 0, 0, 1, 0, 0, 1, 1, Decimal("1.0000")]
    assert [t["E7"], t["H7"], t["I7"], t["D7"], t["G7"], t["J7"]] == [
        Decimal("200.00"), Decimal("200.00"), Decimal("200.00"), None, None, None]


def test_q19a2_change_start_to_exit() -> None:
    t = run_table(incomes().export(), "Q19a2")
    # Universe: I4 and I6 (I5 has no start record; I9's exit record says 99).
    # Earned: I4 1,500 → 1,000 (less), I6 0 → 0 (neither).
    assert [t[f"{c}2"] for c in "BCDEFGHIJ"] == [0, 1, 0, 0, 0, 1, 2, 0, Decimal("0.0000")]
    assert t["C3"] == Decimal("-500.00")
    assert t["I3"] == Decimal("0.00")
    # Other: I4 0 → 1,500, I6 0 → 100: both gained; average (1,500 + 100) / 2.
    assert [t[f"{c}4"] for c in "BCDEFGHIJ"] == [0, 0, 0, 0, 2, 0, 2, 2, Decimal("1.0000")]
    assert t["F5"] == Decimal("800.00")
    assert t["I5"] == Decimal("800.00")
    # Total: I4 1,500 → 2,500 (increased), I6 0 → 100 (gained); H7 = mean of +1,000, +100.
    assert [t[f"{c}6"] for c in "BCDEFGHIJ"] == [0, 0, 0, 1, 1, 0, 2, 2, Decimal("1.0000")]
    assert [t["E7"], t["F7"], t["H7"], t["I7"]] == [
        Decimal("1000.00"), Decimal("100.00"), Decimal("550.00"), Decimal("550.00")]
    assert who(t, "H6") == {"I4", "I6"}


def test_q19b_disabling_condition_and_income_at_exit() -> None:
    t = run_table(incomes().export(), "Q19b")
    # I4 (Without Children, DC 1): earned + other. In HF (With Children and Adults, DC 0):
    # I6 unemployment; I5 IncomeFromAnySource 0 → No Sources. I9 (exit 99) is left out.
    found = cells(t, "BCDEFGHIJKLM", range(2, 19))
    assert {k: v for k, v in found.items() if v != Decimal("0.0000")} == {
        "B2": 1, "D2": 1, "E2": Decimal("1.0000"),
        "B16": 1, "D16": 1, "E16": Decimal("1.0000"),
        "G3": 1, "H3": 1,
        "G17": 1, "H17": 1,
        "B18": 1, "D18": 1, "G18": 2, "H18": 2,
        "E18": None, "I18": None, "M18": None}
    assert t["I3"] == Decimal("0.0000")
    assert t["M2"] == Decimal("0.0000")


def test_q20a_benefit_sources() -> None:
    t = run_table(incomes().export(), "Q20a")
    # Start: I1 SNAP. Annual: I1's in-window record has none. Exit: I6 SNAP (HoH), I4 WIC
    # (own HoH), I9 other TANF (left with the HoH); I5 left before the HoH: not counted.
    assert cells(t, "BCD", range(2, 8)) == {"B2": 1, "D2": 1, "D3": 1, "D6": 1}
    assert who(t, "D2") == {"I6"}


def test_q20b_number_of_benefit_sources() -> None:
    t = run_table(incomes().export(), "Q20b")
    assert cells(t, "BCD", range(2, 7)) == {
        # Start: I4, I6 no sources; I1 one+; I2 DK; I3 (null), I5, I8, I9 (no record) → 5.
        "B2": 2, "B3": 1, "B4": 1, "B5": 4, "B6": 8,
        # Annual: I1 none; I2, I8 not due and I3 missing → line 5.
        "C2": 1, "C5": 3, "C6": 4,
        # Exit: I4, I6, I9 one+ (I5 left before the HoH).
        "D3": 3, "D6": 3}


def test_q21_health_insurance_all_clients() -> None:
    t = run_table(incomes().export(), "Q21")
    assert cells(t, "BCD", range(2, 18)) == {
        # Start: I1 Medicaid + Medicare (2 sources); K7 SCHIP (1 source); I4, I6 none
        # (0 / 1 without a flag); I2 DK; I3 (99), I5, I8, I9 (no record) DNC.
        "B2": 1, "B3": 1, "B4": 1, "B12": 2, "B13": 1, "B14": 4, "B15": None,
        "B16": 1, "B17": 1,
        # Annual: I1 none; I3 missing (DNC); I2, I8 not yet required.
        "C12": 1, "C14": 1, "C15": 2,
        # Exit: I4 VHA; I5, I6, I9 no insurance answer, K7 no exit record → DNC.
        "D5": 1, "D14": 4, "D15": None, "D16": 1}
    assert who(t, "B4") == {"K7"}


# ---------------------------------------------------------------------- Q27g–Q27i

def youth() -> Build:
    """Youth (§2.7) who are HoH or adults: Y1 (17, child-only HoH, leaver, DC 1), Y2 (20,
    single stayer, not yet due), Y4 (22, HoH with child Y3, leaver, DC 0). Not counted: Y3
    (youth but a child, not HoH), A5 (31), Y6 (23 but in a household with a 40-year-old)."""
    b = Build()
    b.project("P1", 2)
    for pid, dob in (("Y1", "2004-06-01"), ("Y2", "2001-03-01"), ("Y3", "2006-05-01"),
                     ("Y4", "1999-05-01"), ("A5", "1991-01-01"), ("Y6", "1998-08-01"),
                     ("A7", "1981-01-01")):
        b.client(pid, dob=dob)
    entry = "2022-01-05"
    b.enrollment("E1", "Y1", entry, hid="H1", DisablingCondition=1)
    b.exit("E1", "2022-06-30")
    b.income("E1", entry, 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=200)
    b.income("E1", "2022-06-30", 3, IncomeFromAnySource=1, Earned=1, EarnedAmount=300)
    b.enrollment("E2", "Y2", entry, hid="H2")
    b.income("E2", entry, 1, IncomeFromAnySource=1, SSDI=1, SSDIAmount=500)
    b.enrollment("E4", "Y4", entry, hid="H4")
    b.exit("E4", "2022-06-30")
    b.income("E4", entry, 1, IncomeFromAnySource=0)
    b.income("E4", "2022-06-30", 3, IncomeFromAnySource=1, TANF=1, TANFAmount=250)
    b.enrollment("E3", "Y3", entry, hid="H4", rel=2)
    b.exit("E3", "2022-06-30")
    b.income("E3", entry, 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=50)
    b.income("E3", "2022-06-30", 3, IncomeFromAnySource=1, Earned=1, EarnedAmount=50)
    b.enrollment("E5", "A5", entry, hid="H5")
    b.income("E5", entry, 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=900)
    b.enrollment("E7", "A7", entry, hid="H7")
    b.enrollment("E6", "Y6", entry, hid="H7", rel=3)
    b.income("E6", entry, 1, IncomeFromAnySource=1, Earned=1, EarnedAmount=700)
    return b


def test_q27g_income_sources_of_youth() -> None:
    t = run_table(youth().export(), "Q27g")
    assert cells(t, "BCD", range(2, 18)) == {
        "B2": 1, "B5": 1, "B17": None,     # start: Y1 earned, Y2 SSDI
        "D2": 1, "D10": 1, "D17": 2}       # exit: Y1 earned, Y4 TANF; both with info
    assert who(t, "B2") == {"Y1"}


def test_q27h_income_category_of_youth() -> None:
    t = run_table(youth().export(), "Q27h")
    assert cells(t, "BCD", range(2, 13)) == {
        # Start: Y1 only earned 200; Y2 only other (SSDI); Y4 no income.
        "B2": 1, "B3": 1, "B5": 1, "B8": None, "B9": None, "B10": 3, "B11": 2, "B12": None,
        "C8": 1, "C10": 1,                 # Y2 not yet required
        # Exit: Y1 only earned 300; Y4 only other (TANF).
        "D2": 1, "D3": 1, "D8": None, "D9": None, "D10": 2, "D11": 2, "D12": 2}


def test_q27i_disabling_condition_and_income_of_youth() -> None:
    t = run_table(youth().export(), "Q27i")
    # 16 columns: AO B–E, AC F–I, CO J–M, UK N–Q. Y1 (CO, with DC): earned. Y4 (AC, without
    # DC): TANF.
    found = cells(t, "BCDEFGHIJKLMNOPQ", range(2, 19))
    assert {k: v for k, v in found.items() if v != Decimal("0.0000")} == {
        "J2": 1, "L2": 1, "M2": Decimal("1.0000"),
        "G10": 1, "H10": 1,
        "J18": 1, "L18": 1, "G18": 1, "H18": 1,
        "E18": None, "I18": None, "M18": None, "Q18": None}
    assert t.shape == (18, 17)             # 17 data lines + header; A + 16 columns


# ---------------------------------------------------------------------- full runs

def _run_all(export: Any, start: dt.date, end: dt.date) -> None:
    ids = tuple(export["Project"]["ProjectID"])
    ctx = build_context(export, ReportParameters(start, end, ids))
    for q in QUESTIONS:
        for report in ("APR", "CAPER"):
            shell = layouts().get((report, q))
            if shell is None:
                continue
            tally = Tally(shell)
            TABLES[q](ctx, tally)
            built = tally.build()
            assert built.shape == shell.shape, q
            for cell, value in built.cells():
                assert value is None or value >= 0 or q.startswith("Q19a"), (q, cell)
    # Totals agree with the universe.
    adults = sum(1 for p in ctx.persons if p.adult)
    q16 = Tally(layouts()[("APR", "Q16")])
    TABLES["Q16"](ctx, q16)
    assert q16.count(14, 1) == adults
    assert q16.count(14, 2) + q16.count(14, 3) == adults
    q13 = Tally(layouts()[("APR", "Q13a2")])
    TABLES["Q13a2"](ctx, q13)
    assert q13.count(9, 1) == len(ctx.persons)
    # The single-pass record lookup agrees with the shared helpers.
    f = facts(ctx)
    for p in ctx.persons:
        assert f.records(p) == (start_record(ctx, p), annual_record(ctx, p),
                                exit_record(ctx, p)), p


def test_all_tables_on_the_sample_export() -> None:
    export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    _run_all(export, dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_all_tables_on_the_eva_demo() -> None:
    if not EVA.exists():
        pytest.skip("eva-demo-fy2026.zip not available")
    export, _ = hmis_core.read_export(EVA)
    _run_all(export, dt.date(2021, 10, 1), dt.date(2022, 9, 30))
