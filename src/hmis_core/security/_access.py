"""Periodic review of user accounts: overdue revocations and dormant accounts.

Source: common local HMIS policy adopted under the HUD 2004 HMIS Data and
Technical Standards Final Notice (69 FR 45888), section 4.3 "System security"
(revoke access within three business days of leaving; optionally deactivate
accounts unused for a set number of days).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from attrs import define, field, validators

__all__ = ["AccessFinding", "AccessReviewPolicy", "UserAccount"]

_SATURDAY = 5


def _as_dates(days: Iterable[date]) -> frozenset[date]:
    return frozenset(days)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@define(frozen=True)
class UserAccount:
    """What the review needs to know about one HMIS user account.

    Attributes:
        user_id: the host's user identifier.
        active: whether the account can currently log in.
        last_login: last successful log-in (date or datetime), ``None`` if never.
        employment_end: last day of employment / agency affiliation, if known.

    Example:
        >>> from datetime import date
        >>> UserAccount("jdoe", employment_end=date(2024, 3, 1)).active
        True
    """

    user_id: str
    active: bool = True
    last_login: date | None = None
    employment_end: date | None = None


@define(frozen=True)
class AccessFinding:
    """An account that needs administrator attention.

    ``code`` is ``"revocation_overdue"`` or ``"inactive_account"``; ``due`` is
    the last day the account was within policy: the revocation deadline, or
    the last day before it counted as dormant.

    Example:
        >>> from datetime import date
        >>> AccessFinding("jdoe", "inactive_account", "...", date(2024, 1, 1)).code
        'inactive_account'
    """

    user_id: str
    code: str
    message: str
    due: date


@define(frozen=True)
class AccessReviewPolicy:
    """Find active accounts that should have been revoked or are dormant.

    Attributes:
        revoke_within_business_days: business days (Monday-Friday, minus
            holidays) after the employment end date by which access must be
            revoked (common local HMIS policy: 3).
        max_inactive_days: flag active accounts whose last log-in is more than
            this many days ago; ``None`` disables the check.  Accounts that
            never logged in are not flagged by this rule.
        holidays: non-business days, in addition to those passed to
            :meth:`review`.

    Example:
        >>> from datetime import date
        >>> policy = AccessReviewPolicy()
        >>> policy.revocation_deadline(date(2024, 3, 1))  # a Friday
        datetime.date(2024, 3, 6)
        >>> [f.code for f in policy.review(
        ...     [UserAccount("jdoe", employment_end=date(2024, 3, 1))],
        ...     today=date(2024, 3, 7))]
        ['revocation_overdue']
    """

    revoke_within_business_days: int = field(default=3, validator=validators.ge(0))
    max_inactive_days: int | None = field(
        default=None, validator=validators.optional(validators.ge(1))
    )
    holidays: frozenset[date] = field(factory=frozenset, converter=_as_dates)

    def revocation_deadline(self, employment_end: date, holidays: Iterable[date] = ()) -> date:
        """Return the last day on which access may still be active.

        That is the ``revoke_within_business_days``-th business day after
        ``employment_end`` (the end date itself is not counted).

        Example:
            >>> from datetime import date
            >>> AccessReviewPolicy().revocation_deadline(date(2024, 3, 4))  # Monday
            datetime.date(2024, 3, 7)
        """
        closed = self.holidays | frozenset(holidays)
        day = _day(employment_end)
        remaining = self.revoke_within_business_days
        while remaining:
            day += timedelta(days=1)
            if day.weekday() < _SATURDAY and day not in closed:
                remaining -= 1
        return day

    def review(
        self,
        accounts: Iterable[UserAccount],
        *,
        today: date,
        holidays: Iterable[date] = (),
    ) -> list[AccessFinding]:
        """Return findings for active ``accounts`` as of ``today``, in input order.

        Inactive (already deactivated) accounts are never reported.

        Example:
            >>> from datetime import date
            >>> policy = AccessReviewPolicy(max_inactive_days=90)
            >>> acct = UserAccount("asmith", last_login=date(2024, 1, 1))
            >>> [f.code for f in policy.review([acct], today=date(2024, 4, 1))]
            ['inactive_account']
        """
        closed = frozenset(holidays)
        findings: list[AccessFinding] = []
        for account in accounts:
            if not account.active:
                continue
            if account.employment_end is not None:
                deadline = self.revocation_deadline(account.employment_end, closed)
                if today > deadline:
                    findings.append(self._overdue(account, deadline))
            if self.max_inactive_days is not None and account.last_login is not None:
                dormant_since = _day(account.last_login) + timedelta(days=self.max_inactive_days)
                if today > dormant_since:
                    findings.append(self._inactive(account, dormant_since))
        return findings

    def _overdue(self, account: UserAccount, deadline: date) -> AccessFinding:
        message = (
            f"Account {account.user_id!r} is still active but should have been revoked "
            f"by {deadline.isoformat()} ({self.revoke_within_business_days} business days "
            f"after employment ended)."
        )
        return AccessFinding(account.user_id, "revocation_overdue", message, deadline)

    def _inactive(self, account: UserAccount, since: date) -> AccessFinding:
        message = (
            f"Account {account.user_id!r} has not logged in for more than "
            f"{self.max_inactive_days} days."
        )
        return AccessFinding(account.user_id, "inactive_account", message, since)
