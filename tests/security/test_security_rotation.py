"""Table-driven tests for password expiry and reuse."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from hmis_core.security import HUD_2004_BASELINE, STRICT_LOCAL, RotationPolicy

HUD = HUD_2004_BASELINE.rotation
SET_AT = datetime(2024, 1, 1, 8, 30)


@pytest.mark.parametrize(
    ("elapsed", "expired"),
    [
        (timedelta(0), False),
        (timedelta(days=44), False),
        (timedelta(days=45) - timedelta(seconds=1), False),
        (timedelta(days=45), True),
        (timedelta(days=46), True),
    ],
)
def test_45_day_expiry_boundary(elapsed: timedelta, expired: bool) -> None:
    assert HUD.is_expired(SET_AT, SET_AT + elapsed) is expired


def test_expires_at() -> None:
    assert HUD.expires_at(SET_AT) == datetime(2024, 2, 15, 8, 30)
    assert RotationPolicy(max_age=None).expires_at(SET_AT) is None
    assert not RotationPolicy(max_age=None).is_expired(SET_AT, SET_AT + timedelta(days=9999))


def test_expiry_with_aware_datetimes() -> None:
    set_at = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert HUD.is_expired(set_at, set_at + timedelta(days=45))


HISTORY = ["h5", "h4", "h3", "h2", "h1", "h0", "h-1"]  # newest first; h5 is current


@pytest.mark.parametrize(
    ("policy", "candidate", "allowed"),
    [
        # HUD: not reused until another has expired -> only the current one is barred
        (HUD, "h5", False),
        (HUD, "h4", True),
        (HUD, "new", True),
        # strict local: last 6 passwords barred
        (STRICT_LOCAL.rotation, "h5", False),
        (STRICT_LOCAL.rotation, "h0", False),
        (STRICT_LOCAL.rotation, "h-1", True),
        (RotationPolicy(history_depth=0), "h5", True),
    ],
)
def test_reuse_by_fingerprint(policy: RotationPolicy, candidate: str, allowed: bool) -> None:
    assert policy.may_reuse(candidate, HISTORY) is allowed


def test_reuse_with_matcher_callable() -> None:
    """The host verifies against its own salted hashes; no plain password is stored."""
    stored = [b"salt1:hashA", b"salt2:hashB"]
    calls: list[bytes] = []

    def matches(fingerprint: bytes) -> bool:
        calls.append(fingerprint)
        return fingerprint.endswith(b"hashB")

    assert RotationPolicy(history_depth=2).may_reuse(matches, stored) is False
    assert HUD.may_reuse(matches, stored) is True
    assert calls[-1] == b"salt1:hashA"  # HUD only consults the current one


def test_reuse_accepts_any_iterable() -> None:
    assert not HUD.may_reuse("a", iter(["a", "b"]))
    assert HUD.may_reuse("a", [])


def test_invalid_configuration() -> None:
    with pytest.raises(ValueError, match="max_age"):
        RotationPolicy(max_age=timedelta(0))
    with pytest.raises(ValueError, match="history_depth"):
        RotationPolicy(history_depth=-1)
