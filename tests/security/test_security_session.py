"""Table-driven tests for idle time-out and concurrent sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hmis_core.security import (
    HUD_2004_BASELINE,
    STRICT_LOCAL,
    Decision,
    Session,
    SessionPolicy,
)

HUD = HUD_2004_BASELINE.session
T0 = datetime(2024, 5, 1, 9, 0)


@pytest.mark.parametrize(
    ("policy", "idle", "expired"),
    [
        (HUD, timedelta(minutes=29, seconds=59), False),
        (HUD, timedelta(minutes=30), True),
        (HUD, timedelta(hours=2), True),
        (STRICT_LOCAL.session, timedelta(minutes=14), False),
        (STRICT_LOCAL.session, timedelta(minutes=15), True),
        (SessionPolicy(idle_timeout=None), timedelta(days=3), False),
    ],
)
def test_idle_timeout_boundary(policy: SessionPolicy, idle: timedelta, expired: bool) -> None:
    assert policy.is_idle_expired(T0, T0 + idle) is expired


@pytest.mark.parametrize(
    ("policy", "sessions", "allowed"),
    [
        (HUD, [], True),
        (HUD, [Session("asmith", "front-desk")], True),
        # second workstation refused
        (HUD, [Session("jdoe", "front-desk")], False),
        (SessionPolicy(max_sessions_per_user=2), [Session("jdoe", "front-desk")], True),
        (
            SessionPolicy(max_sessions_per_user=2),
            [Session("jdoe", "front-desk"), Session("jdoe", "intake-2")],
            False,
        ),
        (SessionPolicy(max_sessions_per_user=None), [Session("jdoe")] * 5, True),
    ],
)
def test_concurrent_sessions(policy: SessionPolicy, sessions: list[Session], allowed: bool) -> None:
    decision = policy.may_open("jdoe", sessions)
    assert decision.allowed is allowed
    assert bool(decision) is allowed
    assert decision.code == ("ok" if allowed else "concurrent_session_limit")


def test_refusal_reason_names_the_other_workstation() -> None:
    decision = HUD.may_open("jdoe", [Session("jdoe", "front-desk")])
    assert decision == Decision(
        allowed=False,
        reason=(
            "User is already logged on in 1 session(s) (at front-desk); at most 1 allowed "
            "at a time. Log off elsewhere first."
        ),
        code="concurrent_session_limit",
    )


def test_idle_sessions_ignored_when_now_given() -> None:
    stale = Session("jdoe", "front-desk", last_activity=T0)
    assert not HUD.may_open("jdoe", [stale], now=T0 + timedelta(minutes=29))
    assert HUD.may_open("jdoe", [stale], now=T0 + timedelta(minutes=30))
    assert not HUD.may_open("jdoe", [stale])  # without now, every open session counts


def test_invalid_configuration() -> None:
    with pytest.raises(ValueError, match="idle_timeout"):
        SessionPolicy(idle_timeout=timedelta(minutes=-1))
    with pytest.raises(ValueError, match="max_sessions_per_user"):
        SessionPolicy(max_sessions_per_user=0)
