"""Audit report: summaries and flags, worked out by hand.

2024-05-01 was a Wednesday, 2024-05-04 a Saturday.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from hmis_core.privacy import AuditAction, AuditEvent, AuditPolicy, audit_report

WED = dt.datetime(2024, 5, 1)
SAT = dt.datetime(2024, 5, 4)
VIEW, UPDATE, EXPORT, SEARCH = (AuditAction.VIEW, AuditAction.UPDATE, AuditAction.EXPORT,
                                AuditAction.SEARCH)


def ev(user: str, at: dt.datetime, action: AuditAction = VIEW,
       pid: str | None = None) -> AuditEvent:
    return AuditEvent(user_id=user, timestamp=at, action=action, personal_id=pid)


def at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


def test_summaries() -> None:
    events = [ev("U1", at(WED, 9), VIEW, "C1"), ev("U1", at(WED, 10), UPDATE, "C1"),
              ev("U1", at(WED, 11), VIEW, "C2"), ev("U2", at(WED, 12), VIEW, "C1"),
              ev("U2", at(WED, 13), SEARCH)]
    report = audit_report(events)
    u1, u2 = report.by_user["U1"], report.by_user["U2"]
    # U1: 3 events on 2 clients (2 views, 1 update); U2: 2 events, 1 client (the search
    # touched nobody).
    assert (u1.events, u1.others, dict(u1.actions)) == (3, 2, {"view": 2, "update": 1})
    assert (u2.events, u2.others) == (2, 1)
    assert (u1.first, u1.last) == (at(WED, 9), at(WED, 11))
    # C1 was touched 3 times by 2 users; C2 once.
    c1 = report.by_client["C1"]
    assert (c1.events, c1.others) == (3, 2)
    assert report.by_client["C2"].events == 1
    assert report.by_action == {"view": 3, "search": 1, "update": 1}
    assert report.flags == ()  # all in working hours, nothing sensitive, few clients
    json.dumps(report.to_dict())


def test_many_clients_in_a_short_time() -> None:
    policy = AuditPolicy(max_clients=3, window=dt.timedelta(minutes=10))
    # U1 opens C1..C5 one minute apart from 09:00: from 09:03 the window holds 4 > 3
    # clients; the windows ending 09:03 and 09:04 overlap -> one burst 09:00-09:04, 5 clients.
    # C6 at 09:30 is alone. 11:00-11:03: C7..C10 -> a second burst.
    events = [ev("U1", at(WED, 9, m), VIEW, f"C{m + 1}") for m in range(5)]
    events += [ev("U1", at(WED, 9, 30), VIEW, "C6")]
    events += [ev("U1", at(WED, 11, m), VIEW, f"C{m + 7}") for m in range(4)]
    flags = [f for f in audit_report(events, policy=policy).flags if f.code == "many_clients"]
    assert [(f.start, f.end, f.events, len(f.personal_ids)) for f in flags] == [
        (at(WED, 9, 0), at(WED, 9, 4), 5, 5),
        (at(WED, 11, 0), at(WED, 11, 3), 4, 4)]
    assert flags[0].personal_ids == ("C1", "C2", "C3", "C4", "C5")


def test_many_clients_boundaries() -> None:
    policy = AuditPolicy(max_clients=3, window=dt.timedelta(minutes=10))
    # exactly 3 clients: not more than 3
    three = [ev("U1", at(WED, 9, m), VIEW, f"C{m}") for m in range(3)]
    assert not audit_report(three, policy=policy).flags
    # 4 clients, the last exactly 10 minutes after the first: still one window
    four = [ev("U1", at(WED, 9, m), VIEW, f"C{m}") for m in (0, 1, 2, 10)]
    assert [f.code for f in audit_report(four, policy=policy).flags] == ["many_clients"]
    # ... 11 minutes after: the first has left the window
    late = [ev("U1", at(WED, 9, m), VIEW, f"C{m}") for m in (0, 1, 2, 11)]
    assert not audit_report(late, policy=policy).flags
    # the same client over and over is one client
    same = [ev("U1", at(WED, 9, m), VIEW, "C1") for m in range(10)]
    assert not audit_report(same, policy=policy).flags
    # two users with 2 clients each: counted per user
    split = [ev(f"U{m % 2}", at(WED, 9, m), VIEW, f"C{m}") for m in range(4)]
    assert not audit_report(split, policy=policy).flags


def test_outside_hours() -> None:
    events = [ev("U1", at(WED, 6, 59), VIEW, "C1"),   # before 07:00: outside
              ev("U1", at(WED, 7, 0), VIEW, "C1"),    # 07:00: inside
              ev("U1", at(WED, 18, 59), VIEW, "C1"),  # inside
              ev("U1", at(WED, 19, 0), VIEW, "C2"),   # 19:00: outside
              ev("U1", at(SAT, 12, 0), VIEW, "C3")]   # Saturday: outside
    flags = audit_report(events).flags
    # one flag per user and day: Wednesday (2 events), Saturday (1)
    assert [(f.code, f.start.date().isoformat(), f.events, f.personal_ids) for f in flags] == [
        ("outside_hours", "2024-05-01", 2, ("C1", "C2")),
        ("outside_hours", "2024-05-04", 1, ("C3",))]


def test_night_shift_and_weekend_policy() -> None:
    policy = AuditPolicy(work_start=dt.time(19), work_end=dt.time(7),
                         work_days=range(7))
    assert policy.in_hours(at(SAT, 23))
    assert policy.in_hours(at(WED, 6, 59))
    assert not policy.in_hours(at(WED, 7))
    assert not policy.in_hours(at(WED, 12))
    always = AuditPolicy(work_start=dt.time(0), work_end=dt.time(0), work_days=range(7))
    assert always.in_hours(at(SAT, 3))


def test_sensitive_actions() -> None:
    events = [ev("U1", at(WED, 9), EXPORT), ev("U1", at(WED, 10), EXPORT, "C1"),
              ev("U1", at(WED, 11), VIEW, "C1")]
    flags = audit_report(events).flags
    assert [(f.code, f.events, f.personal_ids) for f in flags] == [
        ("sensitive_action", 2, ("C1",))]
    assert not audit_report(events, policy=AuditPolicy(flag_actions=())).flags


def test_event_fields() -> None:
    event = AuditEvent(user_id="U1", timestamp=at(WED, 9), action=UPDATE, personal_id="C1",
                       record_id="N1", file="Enrollment", fields="EntryDate")
    assert event.fields == ("EntryDate",)


@given(st.lists(st.tuples(st.sampled_from(["U1", "U2"]), st.integers(0, 600),
                          st.sampled_from(["C1", "C2", "C3", "C4", "C5", None])),
                max_size=40),
       st.integers(1, 4), st.integers(1, 120))
def test_bursts_match_brute_force(raw: list[tuple[str, int, str | None]], limit: int,
                                  minutes: int) -> None:
    policy = AuditPolicy(max_clients=limit, window=dt.timedelta(minutes=minutes),
                         work_days=range(7), work_start=dt.time(0), work_end=dt.time(0),
                         flag_actions=())
    events = [ev(u, at(WED, 0) + dt.timedelta(minutes=m), VIEW, p) for u, m, p in raw]
    flags = [f for f in audit_report(events, policy=policy).flags if f.code == "many_clients"]
    window = dt.timedelta(minutes=minutes)
    for user in ("U1", "U2"):
        mine = [e for e in events if e.user_id == user and e.personal_id]
        # brute force: some window (ending at an event) holds more than `limit` clients
        crowded = any(len({x.personal_id for x in mine
                           if e.timestamp - window <= x.timestamp <= e.timestamp}) > limit
                      for e in mine)
        assert crowded == any(f.user_id == user for f in flags)
