"""The :class:`SecurityPolicy` bundle and ready-made presets."""

from __future__ import annotations

from datetime import timedelta

from attrs import define, field

from hmis_core.security._access import AccessReviewPolicy
from hmis_core.security._lockout import LockoutPolicy
from hmis_core.security._password import PasswordPolicy
from hmis_core.security._rotation import RotationPolicy
from hmis_core.security._session import SessionPolicy

__all__ = ["HUD_2004_BASELINE", "STRICT_LOCAL", "SecurityPolicy"]


@define(frozen=True)
class SecurityPolicy:
    """The five user-access policies an HMIS enforces, bundled together.

    Every field defaults to the HUD 2004 baseline; adjust any rule with
    :func:`attrs.evolve`.

    Example:
        >>> from attrs import evolve
        >>> local = evolve(
        ...     HUD_2004_BASELINE,
        ...     password=evolve(HUD_2004_BASELINE.password, system_names=("Clarity",)),
        ... )
        >>> local.password.is_acceptable("Clarity2024", username="jdoe")
        False
    """

    password: PasswordPolicy = field(factory=PasswordPolicy)
    rotation: RotationPolicy = field(factory=RotationPolicy)
    lockout: LockoutPolicy = field(factory=LockoutPolicy)
    session: SessionPolicy = field(factory=SessionPolicy)
    access_review: AccessReviewPolicy = field(factory=AccessReviewPolicy)


HUD_2004_BASELINE = SecurityPolicy(
    password=PasswordPolicy(
        min_length=8,
        max_length=None,
        min_letters=1,
        min_digits=1,
        forbid_username=True,
        forbid_system_names=True,
        forbid_reversed_names=True,
        forbid_dictionary_words=True,
        forbid_reversed_dictionary_words=True,
    ),
    rotation=RotationPolicy(max_age=timedelta(days=45), history_depth=1),
    lockout=LockoutPolicy(max_failures=3, auto_unlock_after=None),
    session=SessionPolicy(idle_timeout=timedelta(minutes=30), max_sessions_per_user=1),
    access_review=AccessReviewPolicy(revoke_within_business_days=3, max_inactive_days=None),
)
"""HUD 2004 HMIS Data and Technical Standards (69 FR 45888, §4.3) baseline.

Passwords of at least 8 characters with a letter and a number, free of the
user name, HMIS / vendor names and (whole) dictionary words, forwards or
backwards; changed every 45 days, not reusing the current one; lock after 3
failed log-ins until an administrator unlocks; 30-minute idle log-off; one
workstation at a time; access revoked within 3 business days of leaving.

Example:
    >>> HUD_2004_BASELINE.lockout.max_failures
    3
"""

STRICT_LOCAL = SecurityPolicy(
    password=PasswordPolicy(
        min_length=8,
        max_length=50,
        min_letters=1,
        min_digits=2,
        dictionary_strip_chars="0123456789!@#$%^&*?.,-_+=~ ",
    ),
    rotation=RotationPolicy(max_age=timedelta(days=45), history_depth=6),
    lockout=LockoutPolicy(max_failures=3, auto_unlock_after=None),
    session=SessionPolicy(idle_timeout=timedelta(minutes=15), max_sessions_per_user=1),
    access_review=AccessReviewPolicy(revoke_within_business_days=3, max_inactive_days=90),
)
"""A stricter common local HMIS policy built on the HUD baseline.

Adds: at most 50 characters, at least two numbers, dictionary words rejected
even with digits or symbols around them (``Summer2024!``), the last 6
passwords not reusable, 15-minute idle log-off, and accounts unused for more
than 90 days flagged.

Example:
    >>> STRICT_LOCAL.password.max_length
    50
"""
