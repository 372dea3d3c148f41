"""Table-driven tests for the lockout state machine."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from attrs import evolve

from hmis_core.security import (
    HUD_2004_BASELINE,
    AdminUnlock,
    LockoutEvent,
    LockoutOutcome,
    LockoutPolicy,
    LockoutState,
    LoginFailed,
    LoginSucceeded,
)

HUD = HUD_2004_BASELINE.lockout
T0 = datetime(2024, 5, 1, 9, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


FAIL = LoginFailed(T0)
OK = LoginSucceeded(T0)
UNLOCK = AdminUnlock(T0, by="admin")


@pytest.mark.parametrize(
    ("events", "locked", "failures", "outcome"),
    [
        ([], False, 0, LockoutOutcome.NONE),
        ([FAIL], False, 1, LockoutOutcome.FAILURE_RECORDED),
        ([FAIL, FAIL], False, 2, LockoutOutcome.FAILURE_RECORDED),
        # locked at exactly the third consecutive failure
        ([FAIL, FAIL, FAIL], True, 3, LockoutOutcome.LOCKED),
        ([FAIL, FAIL, FAIL, FAIL], True, 3, LockoutOutcome.REFUSED),
        # a success resets the count: failures must be consecutive
        ([FAIL, FAIL, OK, FAIL, FAIL], False, 2, LockoutOutcome.FAILURE_RECORDED),
        ([FAIL, FAIL, OK], False, 0, LockoutOutcome.ACCEPTED),
        # a correct password on a locked account is refused and does not unlock
        ([FAIL, FAIL, FAIL, OK], True, 3, LockoutOutcome.REFUSED),
        ([FAIL, FAIL, FAIL, OK, OK], True, 3, LockoutOutcome.REFUSED),
        # only an administrator unlocks
        ([FAIL, FAIL, FAIL, UNLOCK], False, 0, LockoutOutcome.UNLOCKED),
        ([FAIL, FAIL, FAIL, UNLOCK, OK], False, 0, LockoutOutcome.ACCEPTED),
        ([FAIL, FAIL, FAIL, UNLOCK, FAIL, FAIL], False, 2, LockoutOutcome.FAILURE_RECORDED),
        ([FAIL, FAIL, UNLOCK, FAIL], False, 1, LockoutOutcome.FAILURE_RECORDED),
    ],
)
def test_hud_lockout(
    events: list[LockoutEvent], locked: bool, failures: int, outcome: LockoutOutcome
) -> None:
    state = HUD.replay(events)
    assert state.locked is locked
    assert state.failures == failures
    assert state.last_outcome is outcome
    assert state.refused is (outcome is LockoutOutcome.REFUSED)


def test_locked_until_admin_no_matter_how_long() -> None:
    state = HUD.replay([LoginFailed(at(0)), LoginFailed(at(1)), LoginFailed(at(2))])
    assert state.locked_at == at(2)
    much_later = at(60 * 24 * 365)
    assert HUD.is_locked(state, much_later)
    assert HUD.apply(state, LoginSucceeded(much_later)).refused


def test_optional_auto_unlock() -> None:
    policy = evolve(HUD, auto_unlock_after=timedelta(minutes=30))
    locked = policy.replay([LoginFailed(at(0)), LoginFailed(at(1)), LoginFailed(at(2))])
    assert policy.is_locked(locked, at(31))
    assert not policy.is_locked(locked, at(32))
    assert policy.apply(locked, LoginSucceeded(at(31))).refused
    after = policy.apply(locked, LoginSucceeded(at(32)))
    assert (after.locked, after.last_outcome) == (False, LockoutOutcome.ACCEPTED)
    # after an auto-unlock the count starts again from zero
    assert policy.apply(locked, LoginFailed(at(40))).failures == 1


def test_configurable_threshold() -> None:
    policy = LockoutPolicy(max_failures=5)
    assert not policy.replay([FAIL] * 4).locked
    assert policy.replay([FAIL] * 5).last_outcome is LockoutOutcome.LOCKED


def test_apply_does_not_mutate() -> None:
    state = LockoutState()
    HUD.apply(state, FAIL)
    assert state == LockoutState()


def test_is_locked_without_now() -> None:
    assert HUD.is_locked(HUD.replay([FAIL] * 3))
    assert not HUD.is_locked(HUD.replay([FAIL] * 2))


def test_unknown_event_rejected() -> None:
    with pytest.raises(TypeError, match="unsupported"):
        HUD.apply(LockoutState(), object())  # type: ignore[arg-type]


def test_invalid_configuration() -> None:
    with pytest.raises(ValueError, match="max_failures"):
        LockoutPolicy(max_failures=0)
    with pytest.raises(ValueError, match="auto_unlock_after"):
        LockoutPolicy(auto_unlock_after=timedelta(0))
