"""Tests for the preset bundles and the public surface."""

from __future__ import annotations

import inspect
from datetime import timedelta

import attrs
import pytest

from hmis_core import security
from hmis_core.security import HUD_2004_BASELINE, STRICT_LOCAL, SecurityPolicy


def test_hud_baseline_values() -> None:
    p = HUD_2004_BASELINE
    assert (p.password.min_length, p.password.max_length) == (8, None)
    assert (p.password.min_letters, p.password.min_digits) == (1, 1)
    assert p.password.forbid_username
    assert p.password.forbid_system_names
    assert p.password.forbid_reversed_names
    assert p.password.forbid_dictionary_words
    assert p.password.forbid_reversed_dictionary_words
    assert p.password.dictionary_strip_chars == ""
    assert p.rotation.max_age == timedelta(days=45)
    assert p.rotation.history_depth == 1
    assert (p.lockout.max_failures, p.lockout.auto_unlock_after) == (3, None)
    assert p.session.idle_timeout == timedelta(minutes=30)
    assert p.session.max_sessions_per_user == 1
    assert p.access_review.revoke_within_business_days == 3
    assert p.access_review.max_inactive_days is None


def test_strict_local_values() -> None:
    p = STRICT_LOCAL
    assert (p.password.max_length, p.password.min_digits) == (50, 2)
    assert p.rotation.history_depth == 6
    assert p.session.idle_timeout == timedelta(minutes=15)
    assert p.access_review.max_inactive_days == 90


def test_default_bundle_is_hud_baseline() -> None:
    assert SecurityPolicy() == HUD_2004_BASELINE


def test_presets_are_immutable_and_evolvable() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        HUD_2004_BASELINE.password = STRICT_LOCAL.password  # type: ignore[misc]
    local = attrs.evolve(
        HUD_2004_BASELINE,
        session=attrs.evolve(HUD_2004_BASELINE.session, idle_timeout=timedelta(minutes=20)),
    )
    assert local.session.idle_timeout == timedelta(minutes=20)
    assert HUD_2004_BASELINE.session.idle_timeout == timedelta(minutes=30)
    assert local.password is HUD_2004_BASELINE.password


def test_public_api() -> None:
    assert len(security.__all__) == len(set(security.__all__))
    for name in security.__all__:
        obj = getattr(security, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert obj.__doc__
            assert "Example" in obj.__doc__, name
