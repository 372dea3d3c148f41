"""HUD baseline HMIS user-access security rules as small, pure, checkable policies.

The host application feeds in passwords, fingerprints, events and account
records; the policies return violations, states and decisions.  Nothing here
stores data, does cryptography, performs I/O (other than reading the bundled
word list) or logs anything -- in particular, never a password.

Example:
    >>> from hmis_core.security import HUD_2004_BASELINE
    >>> [v.code for v in HUD_2004_BASELINE.password.check("jdoe", username="jdoe")]
    ['too_short', 'no_digit', 'contains_username']
"""

from __future__ import annotations

from hmis_core.security._access import AccessFinding, AccessReviewPolicy, UserAccount
from hmis_core.security._lockout import (
    AdminUnlock,
    LockoutEvent,
    LockoutOutcome,
    LockoutPolicy,
    LockoutState,
    LoginFailed,
    LoginSucceeded,
)
from hmis_core.security._password import PasswordPolicy, Violation
from hmis_core.security._presets import HUD_2004_BASELINE, STRICT_LOCAL, SecurityPolicy
from hmis_core.security._rotation import RotationPolicy
from hmis_core.security._session import Decision, Session, SessionPolicy
from hmis_core.security._words import common_words

__all__ = [
    "HUD_2004_BASELINE",
    "STRICT_LOCAL",
    "AccessFinding",
    "AccessReviewPolicy",
    "AdminUnlock",
    "Decision",
    "LockoutEvent",
    "LockoutOutcome",
    "LockoutPolicy",
    "LockoutState",
    "LoginFailed",
    "LoginSucceeded",
    "PasswordPolicy",
    "RotationPolicy",
    "SecurityPolicy",
    "Session",
    "SessionPolicy",
    "UserAccount",
    "Violation",
    "common_words",
]
