"""Audit trail review: who touched which client's data, how, and what looks unusual.

The host HMIS records an :class:`AuditEvent` for every view, search, change, export or
print of client data; :func:`audit_report` summarises them per user, per client and per
action, and raises :class:`AuditFlag` s under an :class:`AuditPolicy`:

* ``many_clients``: a user touched more than ``max_clients`` different clients within
  ``window`` (default: more than 50 in one hour). Overlapping windows are reported once, as
  one burst from its first to its last event.
* ``outside_hours``: events outside working hours (default Monday-Friday, 07:00-19:00, on
  the clock of the timestamps; a start after the end, e.g. 19:00-07:00, covers a night
  shift; a start equal to the end means round the clock). One flag per user and day.
* ``sensitive_action``: ``flag_actions`` events (default: delete, export and print), one
  flag per user, action and day.

Flags name users, PersonalIDs and times, never client data.
"""

from __future__ import annotations

import datetime
import enum
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "AuditAction",
    "AuditEvent",
    "AuditFlag",
    "AuditPolicy",
    "AuditReport",
    "AuditSummary",
    "audit_report",
]


class AuditAction(enum.Enum):
    """What a user did.

    >>> AuditAction("view") is AuditAction.VIEW
    True
    """

    VIEW = "view"
    SEARCH = "search"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    PRINT = "print"
    MERGE = "merge"


def _fields(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class AuditEvent:
    """One access to client data.

    ``personal_id`` is the client touched (None for actions on no single client, such as
    a search or a bulk export); ``record_id`` the record (EnrollmentID, ServicesID, …) in
    ``file``; ``fields`` the columns read or written.

    >>> e = AuditEvent(user_id="U1", timestamp=datetime.datetime(2024, 5, 1, 9, 30),
    ...                action=AuditAction.UPDATE, personal_id="C1", file="Client",
    ...                fields=["DOB"])
    >>> e.fields
    ('DOB',)
    """

    user_id: str
    timestamp: datetime.datetime
    action: AuditAction
    personal_id: str | None = None
    record_id: str | None = None
    file: str | None = None
    fields: tuple[str, ...] = attrs.field(default=(), converter=_fields)


@attrs.frozen
class AuditPolicy:
    """What :func:`audit_report` flags (see the module notes).

    >>> AuditPolicy().max_clients, AuditPolicy().window
    (50, datetime.timedelta(seconds=3600))
    >>> AuditPolicy(work_start=datetime.time(19), work_end=datetime.time(7)).in_hours(
    ...     datetime.datetime(2024, 5, 1, 23, 0))
    True
    """

    max_clients: int = 50
    window: datetime.timedelta = datetime.timedelta(hours=1)
    work_start: datetime.time = datetime.time(7, 0)
    work_end: datetime.time = datetime.time(19, 0)
    work_days: frozenset[int] = attrs.field(default=frozenset(range(5)), converter=frozenset)
    """Weekdays counted as working days (Monday = 0)."""
    flag_actions: frozenset[AuditAction] = attrs.field(
        default=frozenset({AuditAction.DELETE, AuditAction.EXPORT, AuditAction.PRINT}),
        converter=frozenset)

    def in_hours(self, moment: datetime.datetime) -> bool:
        """Whether ``moment`` falls in working hours on a working day."""
        if moment.weekday() not in self.work_days:
            return False
        clock = moment.time()
        if self.work_start == self.work_end:  # round the clock
            return True
        if self.work_start < self.work_end:
            return self.work_start <= clock < self.work_end
        return clock >= self.work_start or clock < self.work_end


@attrs.frozen
class AuditFlag:
    """Something in the audit trail worth a look.

    >>> t = datetime.datetime(2024, 5, 1, 22, 0)
    >>> AuditFlag("outside_hours", "U1", t, t, 1, (), "…").code
    'outside_hours'
    """

    code: str
    user_id: str
    start: datetime.datetime
    end: datetime.datetime
    events: int
    personal_ids: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, "user_id": self.user_id,
                "start": self.start.isoformat(), "end": self.end.isoformat(),
                "events": self.events, "personal_ids": list(self.personal_ids),
                "message": self.message}


@attrs.frozen
class AuditSummary:
    """Counts for one user or one client.

    ``others`` are the distinct clients a user touched, or the distinct users who touched a
    client.

    >>> AuditSummary(3, Counter({"view": 3}), 2, None, None).events
    3
    """

    events: int
    actions: Counter[str]
    others: int
    first: datetime.datetime | None
    last: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"events": self.events, "actions": dict(sorted(self.actions.items())),
                "others": self.others,
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None}


@attrs.frozen
class AuditReport:
    """:func:`audit_report`'s result: summaries per user, client and action, and flags.

    >>> len(audit_report([]).to_dict()["flags"])
    0
    """

    by_user: dict[str, AuditSummary]
    by_client: dict[str, AuditSummary]
    by_action: dict[str, int]
    flags: tuple[AuditFlag, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"by_user": {k: v.to_dict() for k, v in self.by_user.items()},
                "by_client": {k: v.to_dict() for k, v in self.by_client.items()},
                "by_action": dict(self.by_action),
                "flags": [f.to_dict() for f in self.flags]}


def _summaries(groups: dict[str, list[AuditEvent]], other: str) -> dict[str, AuditSummary]:
    out: dict[str, AuditSummary] = {}
    for name in sorted(groups):
        events = groups[name]
        others = {getattr(e, other) for e in events} - {None}
        out[name] = AuditSummary(
            len(events), Counter(e.action.value for e in events), len(others),
            min(e.timestamp for e in events), max(e.timestamp for e in events))
    return out


def _bursts(user: str, events: list[AuditEvent], policy: AuditPolicy) -> list[AuditFlag]:
    """Runs of events during which some ``window`` held more than ``max_clients`` clients;
    runs whose windows overlap are merged into one flag."""
    touched = [(e.timestamp, e.personal_id) for e in events if e.personal_id is not None]
    counts: Counter[str] = Counter()
    runs: list[tuple[int, int]] = []
    left = 0
    for i, (moment, personal_id) in enumerate(touched):
        counts[personal_id] += 1
        while moment - touched[left][0] > policy.window:
            old = touched[left][1]
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            left += 1
        if len(counts) > policy.max_clients:
            if runs and left <= runs[-1][1]:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((left, i))
    flags = []
    for first, last in runs:
        clients = tuple(sorted({pid for _, pid in touched[first:last + 1]}))
        start, end = touched[first][0], touched[last][0]
        flags.append(AuditFlag(
            "many_clients", user, start, end, last - first + 1, clients,
            f"user {user} touched {len(clients)} clients between {start.isoformat(' ')} and "
            f"{end.isoformat(' ')} (more than {policy.max_clients} within {policy.window})"))
    return flags


def audit_report(events: Iterable[AuditEvent], *, policy: AuditPolicy | None = None
                 ) -> AuditReport:
    """Summarise ``events`` per user, client and action, and flag what ``policy`` says.

    >>> t = datetime.datetime(2024, 5, 4, 23, 15)  # a Saturday night
    >>> events = [AuditEvent(user_id="U1", timestamp=t + datetime.timedelta(minutes=i),
    ...                      action=AuditAction.VIEW, personal_id=f"C{i}") for i in range(3)]
    >>> report = audit_report(events, policy=AuditPolicy(max_clients=2))
    >>> report.by_user["U1"].others, [f.code for f in report.flags]
    (3, ['many_clients', 'outside_hours'])
    """
    policy = policy or AuditPolicy()
    ordered = sorted(events, key=lambda e: (e.timestamp, e.user_id))
    by_user: dict[str, list[AuditEvent]] = {}
    by_client: dict[str, list[AuditEvent]] = {}
    for event in ordered:
        by_user.setdefault(event.user_id, []).append(event)
        if event.personal_id is not None:
            by_client.setdefault(event.personal_id, []).append(event)
    flags: list[AuditFlag] = []
    for user in sorted(by_user):
        mine = by_user[user]
        flags += _bursts(user, mine, policy)
        late: dict[datetime.date, list[AuditEvent]] = {}
        sensitive: dict[tuple[AuditAction, datetime.date], list[AuditEvent]] = {}
        for event in mine:
            if not policy.in_hours(event.timestamp):
                late.setdefault(event.timestamp.date(), []).append(event)
            if event.action in policy.flag_actions:
                sensitive.setdefault((event.action, event.timestamp.date()), []).append(event)
        for day, group in late.items():
            flags.append(AuditFlag(
                "outside_hours", user, group[0].timestamp, group[-1].timestamp, len(group),
                tuple(sorted({e.personal_id for e in group if e.personal_id is not None})),
                f"user {user}: {len(group)} event(s) outside working hours on "
                f"{day.isoformat()}"))
        for (action, day), group in sensitive.items():
            flags.append(AuditFlag(
                "sensitive_action", user, group[0].timestamp, group[-1].timestamp,
                len(group),
                tuple(sorted({e.personal_id for e in group if e.personal_id is not None})),
                f"user {user}: {len(group)} {action.value} event(s) on {day.isoformat()}"))
    flags.sort(key=lambda f: (f.start, f.user_id, f.code))
    by_action = Counter(e.action.value for e in ordered)
    return AuditReport(
        _summaries(by_user, "personal_id"), _summaries(by_client, "user_id"),
        {a.value: by_action[a.value] for a in AuditAction if by_action[a.value]},
        tuple(flags))
