"""Account lockout after repeated failed log-ins, as a pure state machine.

Source: HUD 2004 HMIS Data and Technical Standards Final Notice (69 FR 45888),
section 4.3 "System security" (lock the user ID after three consecutive failed
log-ins until an administrator reactivates it).  Timed auto-unlock is an
optional local-policy extension, off in the HUD preset.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypeAlias

from attrs import define, evolve, field, validators

__all__ = [
    "AdminUnlock",
    "LockoutEvent",
    "LockoutOutcome",
    "LockoutPolicy",
    "LockoutState",
    "LoginFailed",
    "LoginSucceeded",
]


@define(frozen=True)
class LoginFailed:
    """A log-in attempt with a wrong password, at time ``at``.

    Example:
        >>> from datetime import datetime
        >>> LoginFailed(datetime(2024, 5, 1, 9, 0)).at.hour
        9
    """

    at: datetime


@define(frozen=True)
class LoginSucceeded:
    """A log-in attempt with the right password, at time ``at``.

    If the account is locked, the attempt is still refused.

    Example:
        >>> from datetime import datetime
        >>> LoginSucceeded(datetime(2024, 5, 1, 9, 0)).at.minute
        0
    """

    at: datetime


@define(frozen=True)
class AdminUnlock:
    """An administrator reactivating the user ID at time ``at`` (``by``: admin id).

    Example:
        >>> from datetime import datetime
        >>> AdminUnlock(datetime(2024, 5, 1, 9, 0), by="admin7").by
        'admin7'
    """

    at: datetime
    by: str | None = None


LockoutEvent: TypeAlias = LoginFailed | LoginSucceeded | AdminUnlock
"""Any event fed to :meth:`LockoutPolicy.apply`."""


class LockoutOutcome(enum.Enum):
    """What the most recently applied event meant for the host.

    Example:
        >>> LockoutOutcome.REFUSED.value
        'refused'
    """

    NONE = "none"
    """No event applied yet."""
    ACCEPTED = "accepted"
    """Successful log-in; let the user in."""
    FAILURE_RECORDED = "failure_recorded"
    """Failed log-in counted; the account is still usable."""
    LOCKED = "locked"
    """This failure reached the limit; the account is now locked."""
    REFUSED = "refused"
    """Attempt on a locked account (even with the right password); deny it."""
    UNLOCKED = "unlocked"
    """An administrator reactivated the account."""


@define(frozen=True)
class LockoutState:
    """Lockout state of one user ID; build it with :meth:`LockoutPolicy.replay`.

    Attributes:
        failures: consecutive failed log-ins since the last success or unlock.
        locked: whether the user ID is locked.
        locked_at: time of the failure that locked it.
        last_outcome: meaning of the last applied event.

    Example:
        >>> LockoutState().locked
        False
    """

    failures: int = 0
    locked: bool = False
    locked_at: datetime | None = None
    last_outcome: LockoutOutcome = LockoutOutcome.NONE

    @property
    def refused(self) -> bool:
        """``True`` when the last attempt hit a locked account and must be denied.

        Example:
            >>> LockoutState(locked=True, last_outcome=LockoutOutcome.REFUSED).refused
            True
        """
        return self.last_outcome is LockoutOutcome.REFUSED


def _positive_or_none(_inst: object, _attr: object, value: timedelta | None) -> None:
    if value is not None and value <= timedelta(0):
        msg = "auto_unlock_after must be a positive timedelta or None"
        raise ValueError(msg)


@define(frozen=True)
class LockoutPolicy:
    """Lock a user ID after ``max_failures`` consecutive failed log-ins.

    Attributes:
        max_failures: consecutive failures that lock the account (HUD: 3).
        auto_unlock_after: if set, a locked account unlocks by itself this long
            after it was locked; ``None`` (HUD) means only :class:`AdminUnlock`
            unlocks it.

    The state is a pure function of the event sequence: :meth:`replay` is a
    left fold of :meth:`apply` starting from ``LockoutState()``.  Feed events in
    the order they happened.

    Example:
        >>> from datetime import datetime
        >>> t = datetime(2024, 5, 1, 9, 0)
        >>> policy = LockoutPolicy()
        >>> state = policy.replay([LoginFailed(t), LoginFailed(t), LoginFailed(t)])
        >>> state.locked, state.last_outcome.value
        (True, 'locked')
        >>> policy.apply(state, LoginSucceeded(t)).refused
        True
        >>> policy.apply(state, AdminUnlock(t, by="admin")).locked
        False
    """

    max_failures: int = field(default=3, validator=validators.ge(1))
    auto_unlock_after: timedelta | None = field(default=None, validator=_positive_or_none)

    def is_locked(self, state: LockoutState, now: datetime | None = None) -> bool:
        """Return whether the account is locked (at ``now``, if auto-unlock is on).

        Example:
            >>> LockoutPolicy().is_locked(LockoutState(locked=True))
            True
        """
        if not state.locked:
            return False
        return now is None or not self._auto_unlocked(state, now)

    def apply(self, state: LockoutState, event: LockoutEvent) -> LockoutState:
        """Return the state after ``event``; ``state`` itself is not modified.

        Example:
            >>> from datetime import datetime
            >>> s = LockoutPolicy().apply(LockoutState(), LoginFailed(datetime(2024, 1, 1)))
            >>> s.failures, s.last_outcome.value
            (1, 'failure_recorded')
        """
        if state.locked and self._auto_unlocked(state, event.at):
            state = LockoutState()
        if isinstance(event, AdminUnlock):
            return LockoutState(last_outcome=LockoutOutcome.UNLOCKED)
        if state.locked:
            return evolve(state, last_outcome=LockoutOutcome.REFUSED)
        if isinstance(event, LoginSucceeded):
            return LockoutState(last_outcome=LockoutOutcome.ACCEPTED)
        if isinstance(event, LoginFailed):
            failures = state.failures + 1
            if failures >= self.max_failures:
                return LockoutState(failures, True, event.at, LockoutOutcome.LOCKED)
            return LockoutState(failures, False, None, LockoutOutcome.FAILURE_RECORDED)
        msg = f"unsupported lockout event type: {type(event).__name__}"
        raise TypeError(msg)

    def replay(self, events: Iterable[LockoutEvent]) -> LockoutState:
        """Return the state reached by applying ``events`` to a fresh account.

        Example:
            >>> from datetime import datetime
            >>> t = datetime(2024, 1, 1)
            >>> LockoutPolicy().replay([LoginFailed(t), LoginSucceeded(t)]).failures
            0
        """
        state = LockoutState()
        for event in events:
            state = self.apply(state, event)
        return state

    def _auto_unlocked(self, state: LockoutState, now: datetime) -> bool:
        if self.auto_unlock_after is None or state.locked_at is None:
            return False
        return now >= state.locked_at + self.auto_unlock_after
