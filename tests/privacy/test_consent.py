"""Consent: windows, data entered without consent, households, consents about to lapse.

Every expected result is worked out by hand in the comments. Windows are half-open:
[start, end) covers start .. end - 1 day.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from _privacybuild import Builder, D, T
from hypothesis import given
from hypothesis import strategies as st

import hmis_core
from hmis_core import Severity
from hmis_core.privacy import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Window,
    consent_findings,
    consent_windows,
    expiring_consents,
    household_members_without_consent,
    merge_windows,
    records_without_consent,
)

AGENCY, PROJECT = ConsentScope.AGENCY, ConsentScope.PROJECT


def spans(windows: list[Window]) -> list[tuple[str, str]]:
    return [(w.start.isoformat(), w.end.isoformat()) for w in windows]


# ----------------------------------------------------------------------------- the record


def test_default_expiry_is_one_year_and_window_is_half_open() -> None:
    # signed 2024-03-01 -> expires 2025-03-01: valid through 2025-02-28, not on 2025-03-01.
    c = Consent("C1", AGENCY, "O1", D(2024, 3, 1))
    assert c.expires == D(2025, 3, 1)
    assert c.method is ConsentMethod.WRITTEN
    assert c.is_valid_on(D(2024, 3, 1))
    assert c.is_valid_on(D(2025, 2, 28))
    assert not c.is_valid_on(D(2025, 3, 1))
    assert not c.is_valid_on(D(2024, 2, 29))


def test_leap_day_signature_expires_on_28_february() -> None:
    # 2024-02-29 + 1 year has no 29 February: dateutil gives 2025-02-28.
    assert Consent("C1", AGENCY, "O1", D(2024, 2, 29)).expires == D(2025, 2, 28)


def test_datetimes_are_reduced_to_days() -> None:
    c = Consent("C1", AGENCY, "O1", T(2024, 3, 1, 16, 45), revoked=T(2024, 4, 1, 8, 0))
    assert c.signed == D(2024, 3, 1)
    assert c.revoked == D(2024, 4, 1)


def test_revocation_ends_the_window_on_the_revocation_day() -> None:
    # signed 2024-01-01, revoked 2024-04-01 -> [2024-01-01, 2024-04-01)
    c = Consent("C1", AGENCY, "O1", D(2024, 1, 1), revoked=D(2024, 4, 1))
    assert c.window == Window(D(2024, 1, 1), D(2024, 4, 1))
    assert c.is_valid_on(D(2024, 3, 31))
    assert not c.is_valid_on(D(2024, 4, 1))


def test_scope_matching() -> None:
    agency = Consent("C1", AGENCY, "O1", D(2024, 1, 1))
    project = Consent("C1", PROJECT, "P1", D(2024, 1, 1))
    assert agency.applies_to("O1", "P9")
    assert not agency.applies_to("O2", "O1")  # an OrganizationID is not a ProjectID
    assert project.applies_to(None, "P1")
    assert not project.applies_to("P1", None)


# ----------------------------------------------------------------------------- windows


def test_overlapping_windows_merge() -> None:
    # [2023-01-01, 2024-01-01) and [2023-06-01, 2024-06-01) overlap -> [2023-01-01, 2024-06-01)
    consents = [Consent("C1", AGENCY, "O1", D(2023, 1, 1)),
                Consent("C1", AGENCY, "O1", D(2023, 6, 1))]
    assert spans(consent_windows(consents)["C1"]) == [("2023-01-01", "2024-06-01")]


def test_touching_windows_merge_without_a_gap() -> None:
    # First ends (exclusive) 2024-01-01, the second starts 2024-01-01: every day covered.
    consents = [Consent("C1", AGENCY, "O1", D(2023, 1, 1)),
                Consent("C1", AGENCY, "O1", D(2024, 1, 1))]
    assert spans(consent_windows(consents)["C1"]) == [("2023-01-01", "2025-01-01")]


def test_a_one_day_gap_stays_a_gap() -> None:
    # First covers up to 2023-12-31, the second starts 2024-01-02: 2024-01-01 is uncovered.
    consents = [Consent("C1", AGENCY, "O1", D(2023, 1, 1)),
                Consent("C1", AGENCY, "O1", D(2024, 1, 2))]
    windows = consent_windows(consents)["C1"]
    assert spans(windows) == [("2023-01-01", "2024-01-01"), ("2024-01-02", "2025-01-02")]
    assert not any(w.covers(D(2024, 1, 1)) for w in windows)


def test_contained_window_and_order_do_not_matter() -> None:
    # A 90-day verbal consent inside a written one adds nothing.
    outer = Consent("C1", AGENCY, "O1", D(2023, 1, 1))
    inner = Consent("C1", AGENCY, "O1", D(2023, 3, 1), expires=D(2023, 5, 30),
                    method=ConsentMethod.VERBAL)
    assert consent_windows([inner, outer]) == consent_windows([outer, inner])
    assert spans(consent_windows([inner, outer])["C1"]) == [("2023-01-01", "2024-01-01")]


def test_revoked_before_signed_gives_no_window() -> None:
    c = Consent("C1", AGENCY, "O1", D(2024, 1, 10), revoked=D(2024, 1, 5))
    assert c.window.empty
    assert consent_windows([c]) == {}


def test_windows_per_scope() -> None:
    # O1: 2023 only; P9: from 2023-12-01. Scoped to O1 the year 2024 is not covered.
    consents = [Consent("C1", AGENCY, "O1", D(2023, 1, 1)),
                Consent("C1", PROJECT, "P9", D(2023, 12, 1)),
                Consent("C2", AGENCY, "O2", D(2023, 1, 1))]
    assert spans(consent_windows(consents, organization_id="O1")["C1"]) == [
        ("2023-01-01", "2024-01-01")]
    assert "C2" not in consent_windows(consents, organization_id="O1")
    # O1 or P9: [2023-01-01, 2024-01-01) + [2023-12-01, 2024-12-01) overlap -> one window.
    assert spans(consent_windows(consents, organization_id="O1", project_id="P9")["C1"]) == [
        ("2023-01-01", "2024-12-01")]


windows_strategy = st.lists(
    st.builds(lambda start, length: Window(D(2020, 1, 1) + dt.timedelta(days=start),
                                           D(2020, 1, 1) + dt.timedelta(days=start + length)),
              st.integers(0, 60), st.integers(-3, 20)),
    max_size=8)


@given(windows_strategy)
def test_merged_windows_cover_exactly_the_same_days(windows: list[Window]) -> None:
    merged = merge_windows(windows)
    for day_number in range(-2, 85):
        day = D(2020, 1, 1) + dt.timedelta(days=day_number)
        # never a gap counted as covered, never a covered day lost
        assert any(w.covers(day) for w in merged) == any(w.covers(day) for w in windows)
    # sorted, disjoint and separated by at least one uncovered day
    for a, b in itertools.pairwise(merged):
        assert a.end < b.start
    assert all(not w.empty for w in merged)


consents_strategy = st.lists(
    st.builds(
        lambda pid, start, length, revoke: Consent(
            pid, AGENCY, "O1", D(2020, 1, 1) + dt.timedelta(days=start),
            expires=D(2020, 1, 1) + dt.timedelta(days=start + length),
            revoked=None if revoke is None else D(2020, 1, 1) + dt.timedelta(days=revoke)),
        st.sampled_from(["C1", "C2"]), st.integers(0, 60), st.integers(0, 30),
        st.none() | st.integers(0, 90)),
    max_size=8)


@given(consents_strategy)
def test_consent_windows_never_count_a_gap_as_covered(consents: list[Consent]) -> None:
    windows = consent_windows(consents)
    for pid in ("C1", "C2"):
        mine = [c for c in consents if c.personal_id == pid]
        for day_number in range(-2, 100):
            day = D(2020, 1, 1) + dt.timedelta(days=day_number)
            expected = any(c.is_valid_on(day) for c in mine)
            assert any(w.covers(day) for w in windows.get(pid, [])) == expected


# ----------------------------------------------------------------------------- data entered


def two_agencies() -> Builder:
    return (Builder().organization("O1").organization("O2")
            .project("P1", "O1").project("P2", "O2"))


def test_records_outside_consent_are_reported() -> None:
    # C1 at P1 (O1): enrollment created 2024-05-02, service 2024-06-10, exit 2024-08-01.
    # Consent to O1 signed 2024-05-01 and revoked 2024-07-01 covers [05-01, 07-01):
    # the enrollment and the service are covered, the exit is not.
    export = (two_agencies().client("C1")
              .enrollment("N1", "C1", "P1", D(2024, 5, 2))
              .service("S1", "N1", "C1", D(2024, 6, 10))
              .exit("X1", "N1", "C1", D(2024, 8, 1)).build())
    consent = Consent("C1", AGENCY, "O1", D(2024, 5, 1), revoked=D(2024, 7, 1))
    findings = records_without_consent(export, [consent])
    assert [(f.code, f.file, f.row, f.column) for f in findings] == [
        ("consent_missing", "Exit", 2, "DateCreated")]
    assert findings[0].severity is Severity.ERROR
    assert findings[0].value == "2024-08-01 15:00:00"
    assert "PersonalID C1" in findings[0].message
    assert "project P1 (organization O1)" in findings[0].message


def test_expiry_day_is_not_covered() -> None:
    # Project consent to P2 signed 2023-01-01 expires 2024-01-01; an enrollment created on
    # 2024-01-01 is one day late. Created 2023-12-31 it is covered.
    consent = Consent("C2", PROJECT, "P2", D(2023, 1, 1))
    late = (two_agencies().client("C2").enrollment("N2", "C2", "P2", D(2024, 1, 1)).build())
    on_time = (two_agencies().client("C2")
               .enrollment("N2", "C2", "P2", D(2023, 12, 31)).build())
    assert len(records_without_consent(late, [consent])) == 1
    assert records_without_consent(on_time, [consent]) == []


def test_consent_to_another_agency_or_project_does_not_cover() -> None:
    # C3 is at P1 (O1) but consented to O2 and to P2 only.
    export = two_agencies().client("C3").enrollment("N3", "C3", "P1", D(2024, 2, 1)).build()
    consents = [Consent("C3", AGENCY, "O2", D(2024, 1, 1)),
                Consent("C3", PROJECT, "P2", D(2024, 1, 1))]
    assert len(records_without_consent(export, consents)) == 1
    # a project consent to P1 does cover it
    assert records_without_consent(export, [Consent("C3", PROJECT, "P1", D(2024, 1, 1))]) == []


def test_date_updated_can_be_checked_instead() -> None:
    # Created 2024-02-01 inside the consent [2024-01-01, 2024-03-01), updated 2024-03-05
    # after it was revoked.
    export = (two_agencies().client("C1")
              .enrollment("N1", "C1", "P1", D(2024, 2, 1), updated=T(2024, 3, 5, 9, 0))
              .build())
    consent = Consent("C1", AGENCY, "O1", D(2024, 1, 1), revoked=D(2024, 3, 1))
    assert records_without_consent(export, [consent]) == []
    assert [f.column for f in records_without_consent(export, [consent],
                                                      column="DateUpdated")] == ["DateUpdated"]


def test_findings_never_hold_identifying_values() -> None:
    export = (two_agencies().client("C1", first="Zebulon", ssn="987654321")
              .enrollment("N1", "C1", "P1", D(2024, 5, 2)).build())
    for finding in consent_findings(export, []):
        text = str(finding) + repr(finding.to_dict())
        assert "Zebulon" not in text
        assert "987654321" not in text
        assert "1980-05-17" not in text


# ----------------------------------------------------------------------------- households


def household(child_dob: dt.date | None) -> Builder:
    # H1 at P1 (O1), every enrollment created 2024-03-01 10:00:
    # C10 head (born 1980), C11 child, C12 adult partner (born 1985).
    return (two_agencies()
            .client("C10", dob=D(1980, 1, 1)).client("C11", dob=child_dob)
            .client("C12", dob=D(1985, 1, 1))
            .enrollment("N10", "C10", "P1", D(2024, 3, 1), household="H1")
            .enrollment("N11", "C11", "P1", D(2024, 3, 1), household="H1", relationship=2)
            .enrollment("N12", "C12", "P1", D(2024, 3, 1), household="H1", relationship=3))


HEAD_SIGNS_FOR_H1 = Consent("C10", AGENCY, "O1", D(2024, 2, 1), household_id="H1")


def test_household_consent_covers_minors_but_not_adults() -> None:
    # C10 is covered by their own signature; C11 (8 years old on 2024-03-01) by the
    # household consent; C12 is an adult and signs their own: reported twice, once per check.
    export = household(D(2015, 6, 1)).build()
    household_findings = household_members_without_consent(export, [HEAD_SIGNS_FOR_H1])
    assert [(f.code, f.value, f.severity) for f in household_findings] == [
        ("household_member_without_consent", "C12", Severity.WARNING)]
    assert "C10" in household_findings[0].message
    assert "signs their own consent" in household_findings[0].message
    assert [f.file + f.message.split(":")[0] for f in
            records_without_consent(export, [HEAD_SIGNS_FOR_H1])] == ["EnrollmentPersonalID C12"]


def test_household_consent_covers_adults_when_the_policy_says_so() -> None:
    export = household(D(2015, 6, 1)).build()
    assert household_members_without_consent(export, [HEAD_SIGNS_FOR_H1],
                                             adults_sign_own=False) == []
    assert records_without_consent(export, [HEAD_SIGNS_FOR_H1], adults_sign_own=False) == []


@pytest.mark.parametrize(("child_dob", "child_reported"), [
    (D(2006, 3, 2), False),   # 17 on 2024-03-01 (turns 18 the next day): a minor
    (D(2006, 3, 1), True),    # 18 on 2024-03-01: an adult
    (None, True),             # unknown age counts as an adult
])
def test_age_of_majority_boundary(child_dob: dt.date | None, child_reported: bool) -> None:
    export = household(child_dob).build()
    reported = {f.value for f in household_members_without_consent(export,
                                                                   [HEAD_SIGNS_FOR_H1])}
    assert reported == ({"C11", "C12"} if child_reported else {"C12"})


def test_household_where_nobody_is_covered_is_left_to_the_record_check() -> None:
    export = household(D(2015, 6, 1)).build()
    assert household_members_without_consent(export, []) == []
    assert len(records_without_consent(export, [])) == 3


def test_household_consent_must_name_the_same_household() -> None:
    # The same signature recorded for H9 does not reach H1's child.
    export = household(D(2015, 6, 1)).build()
    other = attrs.evolve(HEAD_SIGNS_FOR_H1, household_id="H9")
    assert {f.value for f in household_members_without_consent(export, [other])} == {
        "C11", "C12"}


# ----------------------------------------------------------------------------- expiring


def test_expiring_consents_within_30_days() -> None:
    as_of = D(2024, 6, 1)
    consents = [
        Consent("A", AGENCY, "O1", D(2023, 6, 10)),    # lapses 2024-06-10: in 9 days
        Consent("B", AGENCY, "O1", D(2023, 7, 2)),     # lapses 2024-07-02: in 31 days, no
        Consent("C", AGENCY, "O1", D(2023, 7, 1)),     # lapses 2024-07-01: in 30 days, yes
        Consent("D", AGENCY, "O1", D(2023, 6, 1)),     # lapsed today: no longer valid, no
        Consent("E", AGENCY, "O1", D(2024, 1, 1), expires=D(2024, 6, 20),
                revoked=D(2024, 6, 15)),               # revoked, not lapsing: no
        Consent("F", PROJECT, "P1", D(2023, 6, 20)),   # lapses 2024-06-20 ...
        Consent("F", PROJECT, "P1", D(2024, 6, 1)),    # ... but renewed on 2024-06-01: no
        Consent("G", PROJECT, "P1", D(2023, 6, 5)),    # lapses 2024-06-05 ...
        Consent("G", PROJECT, "P2", D(2024, 5, 1)),    # ... a consent to P2 is no renewal
    ]
    findings = expiring_consents(consents, as_of=as_of)
    assert [f.message.split(":")[0] for f in findings] == [
        "PersonalID G", "PersonalID A", "PersonalID C"]  # soonest first
    assert all(f.code == "consent_expiring" and f.file is None for f in findings)
    assert "(in 4 days)" in findings[0].message
    assert [f.message.split(":")[0] for f in
            expiring_consents(consents, as_of=as_of, within_days=5)] == ["PersonalID G"]


def test_expiring_needs_a_non_negative_horizon() -> None:
    with pytest.raises(ValueError, match="within_days"):
        expiring_consents([], as_of=D(2024, 1, 1), within_days=-1)


def test_consent_findings_runs_every_check() -> None:
    export = household(D(2015, 6, 1)).build()
    codes = sorted({f.code for f in consent_findings(export, [HEAD_SIGNS_FOR_H1],
                                                     as_of=D(2025, 1, 15))})
    # HEAD_SIGNS_FOR_H1 lapses 2025-02-01, 17 days after 2025-01-15
    assert codes == ["consent_expiring", "consent_missing", "household_member_without_consent"]
    assert "consent_expiring" not in {f.code for f in consent_findings(export,
                                                                       [HEAD_SIGNS_FOR_H1])}


def test_sample_export_consent_checks_run() -> None:
    export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    organization = {p.project_id: p.organization_id for p in export.projects}
    # every client consents to the agency of each enrollment on its entry date
    consents = [Consent(e.personal_id, AGENCY, organization[e.project_id], e.entry_date)
                for e in export.enrollments]
    findings = consent_findings(export, consents, as_of=D(2025, 9, 1))
    missing = [f for f in findings if f.code == "consent_missing"]
    # every record reported was created a year or more after the consent for its enrollment
    assert missing
    enrollment = {e.enrollment_id: e for e in export.enrollments}
    for f in missing[:50]:
        table = export.table(f.file or "")
        row = list(table.lines).index(f.row or 0)
        entry = enrollment[table["EnrollmentID"][row]].entry_date
        created = table[f.column or ""][row].date()
        assert created < entry or (created - entry).days >= 365
