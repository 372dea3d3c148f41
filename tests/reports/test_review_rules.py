"""Rules pinned after an independent review against HUD Data Lab's FY2026 code (DL) and the
reference notes; each test says which source decides."""

from __future__ import annotations

from _build import Build, run_table

from hmis_core.reports._q_dq import coc_code_valid, ssn_issue


def test_q19a_leaves_out_unknown_totals() -> None:
    # §2.11 rule 6 (and DL's filter on a known total): "yes" with no amounts and no total is
    # unknown, not $0, so this leaver is in neither Q19a2 column.
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01")
    b.income("E1", "2022-01-01", 1, IncomeFromAnySource=1)
    b.income("E1", "2022-05-01", 3, IncomeFromAnySource=0)
    b.exit("E1", "2022-05-01")
    t = run_table(b.export(), "Q19a2")
    assert t["H6"] == 0
    assert t["G6"] == 0


def test_sequential_ssns_as_dl_reads_them() -> None:
    # §5 cites DL's sequential_ssn: neighbouring digits differ by 1 (or wrap with one 8/9).
    assert ssn_issue("121212121")
    assert ssn_issue("123456780")
    assert not ssn_issue("219098765")


def test_enrollment_coc_must_be_a_known_code() -> None:
    # DL's valid_cocs list (HUD's 2.03.1 codes plus the test-kit XX-500/XX-501).
    assert coc_code_valid("MN-500")
    assert coc_code_valid("XX-501")
    assert not coc_code_valid("ZZ-999")


def test_latest_conditions_skip_unanswered_records() -> None:
    # DL takes the latest date among answered records: a later "99" does not erase the
    # mental health disorder recorded at entry.
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01", DisablingCondition=1)
    b.disability("E1", "2022-01-01", 1, 9, 1)
    b.disability("E1", "2022-03-01", 2, 9, 99)
    assert run_table(b.export(), "Q13c1")["B2"] == 1


def test_no_head_of_household_means_no_annual_assessment() -> None:
    # §2.11 anchors the anniversary on the first HoH's entry; without one nothing is due.
    b = Build()
    b.project("P1", 3)
    b.client("A")
    b.enrollment("E1", "A", "2020-01-15", rel=3)
    t = run_table(b.export(), "Q16")
    assert t["C12"] == 1          # not yet required
    assert t["C13"] == 0          # not "required but missing"


def test_previous_street_essh_99_goes_on_to_the_homeless_history() -> None:
    # §2.10 step B tests only null and 0; DL sends any other answer to step C.
    b = Build()
    b.project("P1", 2)
    b.client("A")
    b.enrollment("E1", "A", "2022-01-01", LivingSituation=410, DisablingCondition=1,
                 LOSUnderThreshold=1, PreviousStreetESSH=99, DateToStreetESSH="2019-01-01")
    assert run_table(b.export(), "Q26b")["B2"] == 1


def test_first_contact_without_a_situation_is_not_staying_on_the_street() -> None:
    # DL's case_when: anything not literally homeless and not 37/8/9/99 is column C.
    b = Build()
    b.project("P1", 4)
    b.client("A")
    b.enrollment("E1", "A", "2021-11-01", DateOfEngagement="2022-01-10")
    b.cls("E1", "2021-11-01", "")
    b.cls("E1", "2021-12-01", 116)
    t = run_table(b.export(), "Q9a")
    assert t["C3"] == 1           # two contacts, first one empty → column C
    assert t["E3"] == 0


def test_q22g_leaves_out_persons_without_a_homelessness_start_date() -> None:
    # Q22e counts both RRH heads not yet moved in (line 13); Q22g's universe drops the one
    # with no DateToStreetESSH (DL and GR agree).
    b = Build()
    b.project("P1", 13)
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2022-01-01", DateToStreetESSH="2021-06-01")
    b.enrollment("E2", "B", "2022-01-01")
    assert run_table(b.export(), "Q22e")["B13"] == 2
    q22g = run_table(b.export(), "Q22g")
    assert sum(v for v in q22g.values[1] if isinstance(v, int)) == 1
