"""Idle time-out and concurrent-session rules.

Source: HUD 2004 HMIS Data and Technical Standards Final Notice (69 FR 45888),
section 4.3 "System security" as adopted in common local HMIS policy
(automatic log-off after 30 minutes of inactivity; no user logged on at more
than one workstation at a time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from attrs import define, field

__all__ = ["Decision", "Session", "SessionPolicy"]


@define(frozen=True)
class Decision:
    """Answer to "may this happen?": ``allowed``, a stable ``code`` and a ``reason``.

    A decision is truthy exactly when it is allowed.

    Example:
        >>> d = Decision(allowed=False, code="concurrent_session_limit", reason="...")
        >>> bool(d)
        False
    """

    allowed: bool
    reason: str
    code: str = "ok"

    def __bool__(self) -> bool:
        return self.allowed


@define(frozen=True)
class Session:
    """An open session as the host sees it.

    ``last_activity`` is optional; when given, :meth:`SessionPolicy.may_open`
    ignores sessions that should already have been logged off for inactivity.

    Example:
        >>> Session(user="jdoe", workstation="intake-pc-2").workstation
        'intake-pc-2'
    """

    user: str
    workstation: str = ""
    last_activity: datetime | None = None


def _positive_or_none(_inst: object, _attr: object, value: timedelta | None) -> None:
    if value is not None and value <= timedelta(0):
        msg = "idle_timeout must be a positive timedelta or None"
        raise ValueError(msg)


def _at_least_one_or_none(_inst: object, _attr: object, value: int | None) -> None:
    if value is not None and value < 1:
        msg = "max_sessions_per_user must be at least 1 or None"
        raise ValueError(msg)


@define(frozen=True)
class SessionPolicy:
    """Automatic log-off after inactivity and a cap on concurrent sessions.

    Attributes:
        idle_timeout: log the user off after this much inactivity (HUD
            baseline: 30 minutes); ``None`` disables it.
        max_sessions_per_user: sessions one user may have open at once (HUD
            baseline: 1, i.e. one workstation at a time); ``None`` for no limit.

    Example:
        >>> policy = SessionPolicy()
        >>> policy.may_open("jdoe", [Session("jdoe", "front-desk")]).allowed
        False
        >>> policy.may_open("jdoe", [Session("asmith", "front-desk")]).allowed
        True
    """

    idle_timeout: timedelta | None = field(
        default=timedelta(minutes=30), validator=_positive_or_none
    )
    max_sessions_per_user: int | None = field(default=1, validator=_at_least_one_or_none)

    def is_idle_expired(self, last_activity: datetime, now: datetime) -> bool:
        """Return ``True`` once the idle time-out has fully elapsed (inclusive).

        Example:
            >>> from datetime import datetime, timedelta
            >>> t = datetime(2024, 5, 1, 9, 0)
            >>> SessionPolicy().is_idle_expired(t, t + timedelta(minutes=30))
            True
            >>> SessionPolicy().is_idle_expired(t, t + timedelta(minutes=29, seconds=59))
            False
        """
        return self.idle_timeout is not None and now - last_activity >= self.idle_timeout

    def may_open(
        self,
        user: str,
        open_sessions: Iterable[Session],
        *,
        now: datetime | None = None,
    ) -> Decision:
        """Decide whether ``user`` may open one more session.

        ``open_sessions`` are the sessions currently open (for any users).  When
        ``now`` is given, sessions whose ``last_activity`` is past the idle
        time-out are treated as already closed.

        Example:
            >>> SessionPolicy().may_open("jdoe", []).reason
            'Session allowed.'
        """
        if self.max_sessions_per_user is None:
            return Decision(allowed=True, reason="Session allowed.")
        own = [
            s
            for s in open_sessions
            if s.user == user
            and not (
                now is not None
                and s.last_activity is not None
                and self.is_idle_expired(s.last_activity, now)
            )
        ]
        if len(own) < self.max_sessions_per_user:
            return Decision(allowed=True, reason="Session allowed.")
        places = sorted({s.workstation for s in own if s.workstation})
        where = f" (at {', '.join(places)})" if places else ""
        reason = (
            f"User is already logged on in {len(own)} session(s){where}; at most "
            f"{self.max_sessions_per_user} allowed at a time. Log off elsewhere first."
        )
        return Decision(allowed=False, reason=reason, code="concurrent_session_limit")
