"""The shared report machinery (APR_CAPER.md §2), one rule per test, expectations by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from _build import END, START, Build

from hmis_core.reports._dates import add_years, pit_dates, years_between
from hmis_core.reports._income import annual_record, start_record, total_income
from hmis_core.reports._universe import ReportParameters, build_context

D = dt.date


def context(b: Build, *, start: dt.date = START, end: dt.date = END, projects=("P1",)):
    return build_context(b.export(), ReportParameters(start, end, tuple(projects)))


def by_pid(ctx):
    return {p.pid: p for p in ctx.persons}


def test_report_parameters_reject_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match="before its start"):
        ReportParameters(END, START, ("P1",))


def test_active_enrollments_overlap_the_range_and_later_exits_are_stayers() -> None:
    b = Build()
    b.project("P1", 2)
    for pid in "ABCD":
        b.client(pid)
    b.enrollment("E1", "A", "2021-01-01")
    b.exit("E1", "2021-09-30")                       # left the day before the start: out
    b.enrollment("E2", "B", "2021-01-01")
    b.exit("E2", "2021-10-01")                       # left on the start date: a leaver
    b.enrollment("E3", "C", "2022-09-30")            # entered on the end date: in, stayer
    b.enrollment("E4", "D", "2022-01-01")
    b.exit("E4", "2022-10-01")                       # exit after the end: a stayer
    ctx = context(b)
    people = by_pid(ctx)
    assert sorted(people) == ["B", "C", "D"]
    assert people["B"].leaver
    assert people["B"].exit == D(2021, 10, 1)
    assert people["D"].stayer
    assert people["D"].exit is None
    # §2.9: stayer LOS runs to the day after the report end; C entered on the end date.
    assert people["C"].los == 1
    assert people["D"].los == (D(2022, 10, 1) - D(2022, 1, 1)).days
    assert people["B"].los == (D(2021, 10, 1) - D(2021, 1, 1)).days


def test_deleted_enrollments_are_ignored() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01", DateDeleted="2022-02-01 00:00:00")
    assert context(b).persons == []


def test_night_by_night_needs_a_bed_night_in_range_or_an_exit_in_range() -> None:
    b = Build()
    b.project("P1", 1)
    for pid in "ABC":
        b.client(pid)
    b.enrollment("E1", "A", "2021-01-01")
    b.service("E1", "2021-09-30")                    # bed night before the range only: out
    b.enrollment("E2", "B", "2021-01-01")
    b.service("E2", "2021-10-01")                    # bed night on the start date: in
    b.service("E2", "2021-10-01")                    # the same night twice counts once
    b.service("E2", "2022-10-01")                    # after the end: not a night of the LOS
    b.enrollment("E3", "C", "2021-01-01")
    b.exit("E3", "2021-11-01")                       # no bed night, but exit in range: in
    ctx = context(b)
    people = by_pid(ctx)
    assert sorted(people) == ["B", "C"]
    assert people["B"].los == 1                      # one distinct bed night up to the end
    assert people["C"].los == 0


def test_latest_enrollment_represents_the_client() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2021-11-01")
    b.exit("E1", "2022-01-01")
    b.enrollment("E2", "A", "2022-03-01")
    ctx = context(b)
    assert [p.eid for p in ctx.persons] == ["E2"]
    assert len(ctx.enrollments) == 2


def test_age_is_at_the_later_of_report_start_and_entry() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A", dob="2004-06-01")                 # 17 on 2021-10-01, 18 on 2022-06-01
    b.client("B", dob="2004-06-01")
    b.client("C", dob="", dob_quality=9)            # unknown DOB, prefers not to answer
    b.client("D", dob="", dob_quality=99)
    b.client("E", dob="2023-01-01")                 # born after the entry: unknown age
    b.enrollment("E1", "A", "2021-01-01")           # entry before the start: age at start
    b.enrollment("E2", "B", "2022-06-01")           # entry on the 18th birthday
    b.enrollment("E3", "C", "2022-01-01")
    b.enrollment("E4", "D", "2022-01-01")
    b.enrollment("E5", "E", "2022-01-01")
    people = by_pid(context(b))
    assert (people["A"].age, people["A"].age_group) == (17, "child")
    assert (people["B"].age, people["B"].age_group) == (18, "adult")
    assert people["C"].age_group == "dkpnta"
    assert people["D"].age_group == "dnc"
    assert people["E"].age is None
    assert people["E"].age_group == "dnc"


def test_household_types() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A1")
    b.client("K1", dob="2015-01-01")
    b.client("A2")
    b.client("U2", dob="", dob_quality=99)
    b.client("K3", dob="2010-01-01")
    b.client("A4")
    b.client("A5")
    b.client("K5", dob="2012-01-01")
    b.client("U5", dob="", dob_quality=8)
    b.enrollment("E1", "A1", "2022-01-01", hid="H1")
    b.enrollment("E2", "K1", "2022-01-01", hid="H1", rel=2)     # adult + child: AC
    b.enrollment("E3", "A2", "2022-01-01", hid="H2")
    b.enrollment("E4", "U2", "2022-01-01", hid="H2", rel=3)     # adult + unknown: UK
    b.enrollment("E5", "K3", "2022-01-01", hid="H3")            # child alone: CO
    b.enrollment("E6", "A4", "2022-01-01", hid="H4")            # adult alone: AO
    b.enrollment("E7", "A5", "2022-01-01", hid="H5")
    b.enrollment("E8", "K5", "2022-01-01", hid="H5", rel=2)
    b.enrollment("E9", "U5", "2022-01-01", hid="H5", rel=3)     # adult+child win over unknown
    people = by_pid(context(b))
    assert {pid: p.hh for pid, p in people.items()} == {
        "A1": "AC", "K1": "AC", "A2": "UK", "U2": "UK", "K3": "CO", "A4": "AO",
        "A5": "AC", "K5": "AC", "U5": "AC"}


def test_youth_and_parenting_youth() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("Y", dob="2001-01-01")          # 21 on 2022-01-01
    b.client("K", dob="2021-01-01")          # 1
    b.client("O", dob="1990-01-01")          # 32: no youth household
    b.client("Z", dob="2019-01-01")
    b.enrollment("E1", "Y", "2022-01-01", hid="H1")
    b.enrollment("E2", "K", "2022-01-01", hid="H1", rel=2)
    b.enrollment("E3", "O", "2022-01-01", hid="H2")
    b.enrollment("E4", "Z", "2022-01-01", hid="H2", rel=2)
    people = by_pid(context(b))
    assert people["Y"].youth
    assert people["Y"].parenting_youth
    assert not people["K"].youth                    # under 12
    assert not people["O"].youth
    assert not people["O"].parenting_youth


def test_move_in_dates_follow_the_head_of_household() -> None:
    b = Build()
    b.project("P1", 3)
    for pid in ("H", "A", "B", "C"):
        b.client(pid)
    b.enrollment("E1", "H", "2022-01-01", hid="H1", MoveInDate="2022-02-01")
    b.enrollment("E2", "A", "2022-01-01", hid="H1", rel=3)     # there at move-in: HoH's date
    b.enrollment("E3", "B", "2022-03-01", hid="H1", rel=3)     # joined later: own entry date
    b.enrollment("E4", "C", "2022-01-01", hid="H1", rel=3)
    b.exit("E4", "2022-01-15")                                 # left before move-in: none
    people = by_pid(context(b))
    assert people["A"].move_in == D(2022, 2, 1)
    assert people["B"].move_in == D(2022, 3, 1)
    assert people["C"].move_in is None


def test_a_move_in_before_the_entry_date_is_disregarded() -> None:
    b = Build()
    b.project("P1", 3)
    b.client("H")
    b.enrollment("E1", "H", "2022-01-10", MoveInDate="2022-01-01")
    assert by_pid(context(b))["H"].move_in is None


def test_annual_assessment_window() -> None:
    b = Build()
    b.project("P1", 3)
    for pid in "ABCD":
        b.client(pid)
    # Entered 2021-03-15: anniversary 2022-03-15 falls in the range; the window is
    # 2022-02-13 .. 2022-04-14.
    b.enrollment("E1", "A", "2021-03-15", hid="H1")
    b.income("E1", "2022-02-12", 5, IncomeFromAnySource=0)      # 31 days early: outside
    b.enrollment("E2", "B", "2021-03-15", hid="H2")
    b.income("E2", "2022-02-13", 5, IncomeFromAnySource=0)      # 30 days early: inside
    b.enrollment("E3", "C", "2022-03-15", hid="H3")             # under a year: none due
    b.enrollment("E4", "D", "2021-03-15", hid="H4")
    b.exit("E4", "2022-05-01")                                  # leavers have none due
    ctx = context(b)
    people = by_pid(ctx)
    assert people["A"].annual_due
    assert people["A"].anniversary == D(2022, 3, 15)
    assert annual_record(ctx, people["A"]) is None
    assert annual_record(ctx, people["B"]) is not None
    assert not people["C"].annual_due
    assert not people["D"].annual_due


def test_member_who_joined_after_the_anniversary_owes_no_annual_assessment() -> None:
    b = Build()
    b.project("P1", 3)
    b.client("H")
    b.client("M")
    b.enrollment("E1", "H", "2021-03-15", hid="H1")
    b.enrollment("E2", "M", "2022-04-01", hid="H1", rel=3)     # after 2022-03-15
    people = by_pid(context(b))
    assert people["H"].annual_due
    assert not people["M"].annual_due


def test_start_income_must_be_dated_the_entry_date() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2022-01-01")
    b.income("E1", "2022-01-02", 1, IncomeFromAnySource=0)     # a day late: not the start
    b.enrollment("E2", "B", "2022-01-01")
    b.income("E2", "2022-01-01", 1, IncomeFromAnySource=1, Earned=1, EarnedAmount="300.00",
             SSI=1, SSIAmount="100")
    ctx = context(b)
    people = by_pid(ctx)
    assert start_record(ctx, people["A"]) is None
    row = start_record(ctx, people["B"])
    # No TotalMonthlyIncome: rule 2 sums the flagged sources, 300 + 100.
    assert total_income(ctx.frame, row) == (400, "known")


@pytest.mark.parametrize(("cells", "expected"), [
    ({"TotalMonthlyIncome": "250.00", "IncomeFromAnySource": 1}, (250, "known")),   # rule 1
    ({"IncomeFromAnySource": 0}, (0, "known")),                                     # rule 3
    ({"IncomeFromAnySource": 1, "TotalMonthlyIncome": "0"}, (0, "known")),          # rule 4
    ({"IncomeFromAnySource": 9}, (None, "dkpnta")),                                 # rule 5
    ({"IncomeFromAnySource": 99}, (None, "dnc")),                                   # rule 6
    # "Yes" with no positive amount and no total: rule 4 needs a total <= 0, so rule 6 (DL).
    ({"IncomeFromAnySource": 1, "SSI": 1, "SSIAmount": "-5"}, (None, "dnc")),
    ({"OtherIncomeSource": 1, "OtherIncomeAmount": "75"}, (75, "known")),           # rule 2
])
def test_total_income_rules(cells, expected) -> None:
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01")
    b.income("E1", "2022-01-01", 1, **cells)
    ctx = context(b)
    assert total_income(ctx.frame, start_record(ctx, ctx.persons[0])) == expected


def _chronic_case(**enrollment) -> str:
    b = Build()
    b.project("P1", enrollment.pop("ptype", 2))
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01", **enrollment)
    return context(b).persons[0].chronic


def test_chronic_status_steps() -> None:
    # Step A: no disabling condition ends the test.
    assert _chronic_case(DisablingCondition=0) == "N"
    assert _chronic_case(DisablingCondition=9) == "DK"
    assert _chronic_case(DisablingCondition=99) == "M"
    # Step C: homeless a full year before entry (2021-01-01 → 2022-01-01) → Y.
    assert _chronic_case(DisablingCondition=1, LivingSituation=116,
                         DateToStreetESSH="2021-01-01") == "Y"
    # One day short of a year: falls through to the times/months questions.
    assert _chronic_case(DisablingCondition=1, LivingSituation=116,
                         DateToStreetESSH="2021-01-02", TimesHomelessPastThreeYears=4,
                         MonthsHomelessPastThreeYears=112) == "Y"
    assert _chronic_case(DisablingCondition=1, LivingSituation=116,
                         DateToStreetESSH="2021-01-02", TimesHomelessPastThreeYears=4,
                         MonthsHomelessPastThreeYears=111) == "N"
    assert _chronic_case(DisablingCondition=1, LivingSituation=116,
                         TimesHomelessPastThreeYears=2) == "N"
    # Step B for TH from housing: short stay and on the street the night before → step C.
    assert _chronic_case(DisablingCondition=1, LivingSituation=410, LOSUnderThreshold=1,
                         PreviousStreetESSH=1, DateToStreetESSH="2020-06-01") == "Y"
    assert _chronic_case(DisablingCondition=1, LivingSituation=410, LOSUnderThreshold=0) == "N"
    # Street outreach skips step B even without a living situation.
    assert _chronic_case(ptype=4, DisablingCondition=1, LivingSituation="",
                         DateToStreetESSH="2020-06-01", DateOfEngagement="2022-01-01") == "Y"


def test_chronic_status_is_inherited_by_members_present_at_start() -> None:
    b = Build()
    b.project("P1", 2)
    b.client("H")
    b.client("K", dob="2015-01-01")
    b.client("L", dob="2015-01-01")
    b.enrollment("E1", "H", "2022-01-01", hid="H1", DisablingCondition=1,
                 DateToStreetESSH="2020-01-01")                        # HoH is chronic
    b.enrollment("E2", "K", "2022-01-01", hid="H1", rel=2)            # present at start
    b.enrollment("E3", "L", "2022-03-01", hid="H1", rel=2)            # joined later
    people = by_pid(context(b))
    assert people["H"].chronic == "Y"
    assert people["K"].chronic == "Y"
    assert people["L"].chronic == "N"


def test_dates() -> None:
    assert years_between(D(2004, 2, 29), D(2022, 2, 28)) == 17
    assert years_between(D(2004, 2, 29), D(2022, 3, 1)) == 18
    assert add_years(D(2020, 2, 29), 2) == D(2022, 2, 28)
    # A 16-month range: January 2021 and 2022, October 2020 and 2021 are all inside; the
    # latest of each month wins.
    pits = pit_dates(D(2020, 10, 1), D(2022, 1, 31))
    assert pits[1] == D(2022, 1, 26)
    assert pits[10] == D(2021, 10, 27)
    # A range without any July has no July PIT date.
    assert pit_dates(D(2022, 1, 1), D(2022, 3, 1))[7] is None


def test_street_outreach_without_engagement_is_outside_the_dq_universe() -> None:
    b = Build()
    b.project("P1", 4)
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2022-01-01", DateOfEngagement="2022-02-01")
    b.enrollment("E2", "B", "2022-01-01")
    ctx = context(b)
    assert [p.pid for p in ctx.dq_persons] == ["A"]
    assert len(ctx.persons) == 2
