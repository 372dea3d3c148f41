"""Table-driven tests for the periodic access review."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hmis_core.security import (
    HUD_2004_BASELINE,
    STRICT_LOCAL,
    AccessFinding,
    AccessReviewPolicy,
    UserAccount,
)

HUD = HUD_2004_BASELINE.access_review
FRIDAY = date(2024, 3, 1)
MONDAY = date(2024, 3, 4)


@pytest.mark.parametrize(
    ("end", "holidays", "deadline"),
    [
        (MONDAY, (), date(2024, 3, 7)),  # Tue, Wed, Thu
        (FRIDAY, (), date(2024, 3, 6)),  # across the weekend: Mon, Tue, Wed
        (date(2024, 3, 2), (), date(2024, 3, 6)),  # ended on a Saturday
        (FRIDAY, (date(2024, 3, 4),), date(2024, 3, 7)),  # Monday holiday skipped
        # Tue 24 Dec; Wed 25 holiday -> Thu 26, Fri 27, (weekend), Mon 30
        (date(2024, 12, 24), (date(2024, 12, 25),), date(2024, 12, 30)),
    ],
)
def test_revocation_deadline(end: date, holidays: tuple[date, ...], deadline: date) -> None:
    assert HUD.revocation_deadline(end, holidays) == deadline


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (FRIDAY, False),
        (date(2024, 3, 4), False),
        (date(2024, 3, 6), False),  # third business day: still within policy
        (date(2024, 3, 7), True),
        (date(2024, 4, 1), True),
    ],
)
def test_three_business_days_across_weekend(today: date, overdue: bool) -> None:
    findings = HUD.review([UserAccount("jdoe", employment_end=FRIDAY)], today=today)
    assert [f.code for f in findings] == (["revocation_overdue"] if overdue else [])


def test_overdue_finding_details() -> None:
    [finding] = HUD.review([UserAccount("jdoe", employment_end=FRIDAY)], today=date(2024, 3, 7))
    assert finding == AccessFinding(
        user_id="jdoe",
        code="revocation_overdue",
        message=(
            "Account 'jdoe' is still active but should have been revoked by 2024-03-06 "
            "(3 business days after employment ended)."
        ),
        due=date(2024, 3, 6),
    )


def test_holidays_from_policy_and_call_combine() -> None:
    policy = AccessReviewPolicy(holidays=[date(2024, 3, 4)])
    assert policy.revocation_deadline(FRIDAY, [date(2024, 3, 5)]) == date(2024, 3, 8)
    account = UserAccount("jdoe", employment_end=FRIDAY)
    assert policy.review([account], today=date(2024, 3, 8), holidays=[date(2024, 3, 5)]) == []


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        (UserAccount("a", last_login=date(2024, 1, 2)), []),  # exactly 90 days ago
        (UserAccount("b", last_login=date(2024, 1, 1)), ["inactive_account"]),
        (UserAccount("c", last_login=datetime(2023, 6, 1, 17, 45)), ["inactive_account"]),
        (UserAccount("d", last_login=None), []),
        (UserAccount("e", active=False, last_login=date(2020, 1, 1)), []),
        (
            UserAccount("f", last_login=date(2023, 1, 1), employment_end=date(2023, 1, 1)),
            ["revocation_overdue", "inactive_account"],
        ),
        (UserAccount("g", active=False, employment_end=date(2023, 1, 1)), []),
        (UserAccount("h", employment_end=date(2024, 12, 31)), []),  # leaving in future
    ],
)
def test_inactivity_strict_preset(account: UserAccount, expected: list[str]) -> None:
    policy = STRICT_LOCAL.access_review
    assert [f.code for f in policy.review([account], today=date(2024, 4, 1))] == expected


def test_inactivity_disabled_in_hud_baseline() -> None:
    account = UserAccount("jdoe", last_login=date(2020, 1, 1))
    assert HUD.review([account], today=date(2024, 4, 1)) == []


def test_findings_keep_input_order() -> None:
    accounts = [
        UserAccount("z", employment_end=date(2024, 1, 1)),
        UserAccount("a", employment_end=date(2024, 1, 1)),
    ]
    assert [f.user_id for f in HUD.review(accounts, today=date(2024, 4, 1))] == ["z", "a"]


def test_zero_business_days_means_same_day() -> None:
    policy = AccessReviewPolicy(revoke_within_business_days=0)
    assert policy.revocation_deadline(FRIDAY) == FRIDAY


def test_invalid_configuration() -> None:
    with pytest.raises(ValueError, match="revoke_within_business_days"):
        AccessReviewPolicy(revoke_within_business_days=-1)
    with pytest.raises(ValueError, match="max_inactive_days"):
        AccessReviewPolicy(max_inactive_days=0)
