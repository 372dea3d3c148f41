"""Password expiry and reuse rules.

Source: common local HMIS policy adopted under the HUD 2004 HMIS Data and
Technical Standards Final Notice (69 FR 45888), section 4.3 "System security"
(change every 45 days; no reuse until another password has expired; some
policies keep a longer history).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from itertools import islice
from typing import TypeVar

from attrs import define, field, validators

__all__ = ["RotationPolicy"]

F = TypeVar("F")


def _positive_or_none(_inst: object, attribute: object, value: timedelta | None) -> None:
    if value is not None and value <= timedelta(0):
        msg = "max_age must be a positive timedelta or None"
        raise ValueError(msg)


@define(frozen=True)
class RotationPolicy:
    """How often passwords expire and how many old ones may not be reused.

    Attributes:
        max_age: a password expires this long after it was set (HUD: 45 days);
            ``None`` disables expiry.
        history_depth: how many of the most recent passwords, *including the one
            being replaced*, a new password must differ from.  HUD's "not reused
            until another has expired" is ``1``: the new password may not be the
            current one.  ``0`` allows any reuse.

    The library never sees or stores plain passwords: the host keeps its own
    fingerprints (e.g. salted hashes) and passes them in.

    Example:
        >>> from datetime import datetime
        >>> policy = RotationPolicy()
        >>> policy.is_expired(datetime(2024, 1, 1), datetime(2024, 2, 15))
        True
        >>> policy.may_reuse("hash-new", ["hash-current", "hash-older"])
        True
    """

    max_age: timedelta | None = field(default=timedelta(days=45), validator=_positive_or_none)
    history_depth: int = field(default=1, validator=validators.ge(0))

    def expires_at(self, changed_at: datetime) -> datetime | None:
        """Return the moment a password set at ``changed_at`` expires (or ``None``).

        Example:
            >>> from datetime import datetime
            >>> RotationPolicy().expires_at(datetime(2024, 1, 1))
            datetime.datetime(2024, 2, 15, 0, 0)
        """
        if self.max_age is None:
            return None
        return changed_at + self.max_age

    def is_expired(self, changed_at: datetime, now: datetime) -> bool:
        """Return ``True`` once ``max_age`` has fully elapsed since ``changed_at``.

        The boundary is inclusive: a password set 45 days ago to the second
        must be changed now.  Both datetimes must be naive or both aware.

        Example:
            >>> from datetime import datetime, timedelta
            >>> set_at = datetime(2024, 1, 1)
            >>> RotationPolicy().is_expired(set_at, set_at + timedelta(days=45))
            True
            >>> RotationPolicy().is_expired(set_at, set_at + timedelta(days=44))
            False
        """
        expiry = self.expires_at(changed_at)
        return expiry is not None and now >= expiry

    def may_reuse(self, candidate: F | Callable[[F], bool], history: Iterable[F]) -> bool:
        """Return ``True`` when the candidate password is not among recent ones.

        ``history`` holds the host's opaque fingerprints of previous passwords,
        newest first (``history[0]`` is the password currently in use); only the
        first :attr:`history_depth` entries are consulted.

        ``candidate`` is either a fingerprint compared with ``==`` (for
        deterministic fingerprints such as a keyed HMAC), or a callable
        ``matches(stored) -> bool`` that verifies the new password against one
        stored fingerprint (for salted hashes, e.g. ``lambda h: bcrypt.checkpw(
        new, h)``).  Fingerprints that are themselves callables are therefore
        not supported.

        Example:
            >>> policy = RotationPolicy(history_depth=2)
            >>> policy.may_reuse("h2", ["h3", "h2", "h1"])
            False
            >>> policy.may_reuse("h1", ["h3", "h2", "h1"])
            True
            >>> policy.may_reuse(lambda stored: stored == "h3", ["h3", "h2"])
            False
        """
        recent = islice(history, self.history_depth)
        if callable(candidate):
            return not any(candidate(stored) for stored in recent)
        return all(stored != candidate for stored in recent)
