"""Password composition rules.

Source: HUD 2004 HMIS Data and Technical Standards Final Notice (69 FR 45888),
section 4.3 "System security"; the maximum length and the two-digit rule are
common local HMIS policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrs import define, field, validators

from hmis_core.security._words import common_words

__all__ = ["PasswordPolicy", "Violation"]

_SEPARATORS = re.compile(r"[\W_]+")


def _normalise_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.strip().casefold() for w in words if w.strip())


def _as_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@define(frozen=True)
class Violation:
    """One broken password rule: a stable machine ``code`` and a readable ``message``.

    Messages depend only on the policy, never on the password, the user name or
    the system names, so they are safe to show, store and log.

    Example:
        >>> from hmis_core.security import HUD_2004_BASELINE
        >>> HUD_2004_BASELINE.password.check("abc", username="jdoe")[0].code
        'too_short'
    """

    code: str
    message: str


@define(frozen=True)
class PasswordPolicy:
    """Password composition rules (HUD 2004 HMIS Standards §4.3 and local policy).

    Attributes:
        min_length: minimum number of characters (HUD: 8).
        max_length: maximum number of characters, or ``None`` for no limit
            (common local HMIS policy: 50).
        min_letters: minimum number of letters (``str.isalpha``; HUD: 1).
        min_digits: minimum number of decimal digits (HUD: 1; local policy: 2).
        forbid_username: reject passwords containing the user name.
        forbid_system_names: reject passwords containing the HMIS or vendor name.
        forbid_reversed_names: also reject those names spelled backwards.
        forbid_dictionary_words: reject passwords consisting entirely of a
            dictionary word or listed common password.
        forbid_reversed_dictionary_words: likewise for words spelled backwards.
        use_common_words: use the bundled common-words / common-passwords list.
        extra_words: additional forbidden words (local jargon, agency names...),
            matched case-insensitively like the bundled list.
        system_names: HMIS / vendor names always checked, in addition to the
            ``system_names`` passed to :meth:`check`.
        dictionary_strip_chars: characters stripped from both ends of the
            password before the dictionary lookup.  Empty by default: "consisting
            entirely of a dictionary word" is read literally, so ``sunshine``
            is rejected but ``sunshine7`` is not (``password1`` is still rejected
            because it is itself on the common-passwords list).  Set it to e.g.
            ``"0123456789"`` to also reject ``7sunshine7``.
        min_name_length: user / system names (and their word parts) shorter than
            this are only rejected when they make up the whole password, so a
            two-letter user name does not forbid every password containing it.

    Name matching is case-insensitive (``str.casefold``).  Each name is checked
    as given, with separators removed (``Street Sheet`` -> ``streetsheet``)
    and word by word (``street``, ``sheet``).

    Example:
        >>> policy = PasswordPolicy()
        >>> [v.code for v in policy.check("drowssap", username="jdoe")]
        ['no_digit', 'reversed_dictionary_word']
        >>> policy.is_acceptable("Blue7Harbor", username="jdoe")
        True
    """

    min_length: int = field(default=8, validator=validators.ge(1))
    max_length: int | None = field(default=None, validator=validators.optional(validators.ge(1)))
    min_letters: int = field(default=1, validator=validators.ge(0))
    min_digits: int = field(default=1, validator=validators.ge(0))
    forbid_username: bool = True
    forbid_system_names: bool = True
    forbid_reversed_names: bool = True
    forbid_dictionary_words: bool = True
    forbid_reversed_dictionary_words: bool = True
    use_common_words: bool = True
    extra_words: frozenset[str] = field(factory=frozenset, converter=_normalise_words, repr=False)
    system_names: tuple[str, ...] = field(default=(), converter=_as_names)
    dictionary_strip_chars: str = ""
    min_name_length: int = field(default=3, validator=validators.ge(1))

    def __attrs_post_init__(self) -> None:
        if self.max_length is not None and self.max_length < self.min_length:
            msg = "max_length must be at least min_length"
            raise ValueError(msg)

    def requirements(self) -> dict[str, str]:
        """Map every violation code this policy can report to its message.

        Useful to list the rules on a password-change form.

        Example:
            >>> PasswordPolicy().requirements()["too_short"]
            'Password must be at least 8 characters long.'
        """
        reqs = {"too_short": f"Password must be at least {self.min_length} characters long."}
        if self.max_length is not None:
            reqs["too_long"] = f"Password must be at most {self.max_length} characters long."
        if self.min_letters:
            letters = f"Password must contain at least {_plural(self.min_letters, 'letter')}."
            reqs["no_letter"] = letters
            if self.min_letters > 1:
                reqs["too_few_letters"] = letters
        if self.min_digits:
            digits = f"Password must contain at least {_plural(self.min_digits, 'number')}."
            reqs["no_digit"] = digits
            if self.min_digits > 1:
                reqs["too_few_digits"] = digits
        if self.forbid_username:
            reqs["contains_username"] = "Password must not contain your user name."
            if self.forbid_reversed_names:
                reqs["reversed_username"] = (
                    "Password must not contain your user name spelled backwards."
                )
        if self.forbid_system_names:
            reqs["contains_system_name"] = (
                "Password must not contain the name of the HMIS or its vendor."
            )
            if self.forbid_reversed_names:
                reqs["reversed_system_name"] = (
                    "Password must not contain the name of the HMIS or its vendor "
                    "spelled backwards."
                )
        if self.forbid_dictionary_words:
            reqs["dictionary_word"] = (
                "Password must not be a dictionary word or a commonly used password."
            )
        if self.forbid_reversed_dictionary_words:
            reqs["reversed_dictionary_word"] = (
                "Password must not be a dictionary word spelled backwards."
            )
        return reqs

    def check(
        self,
        password: str,
        *,
        username: str | None,
        system_names: Iterable[str] = (),
    ) -> list[Violation]:
        """Return every rule ``password`` breaks (empty list: acceptable).

        ``username`` may be ``None`` when unknown.  ``system_names`` (HMIS name,
        vendor name) are checked together with :attr:`system_names`.  The
        password is never stored, logged or copied into a message.

        Example:
            >>> policy = PasswordPolicy()
            >>> [v.code for v in policy.check("jdoe2024x", username="JDoe")]
            ['contains_username']
            >>> [v.code for v in policy.check("Clarity99", username="jdoe",
            ...                               system_names=["Clarity"])]
            ['contains_system_name']
        """
        reqs = self.requirements()
        codes = self._codes(password, username, system_names)
        return [Violation(code, reqs[code]) for code in codes]

    def is_acceptable(
        self,
        password: str,
        *,
        username: str | None,
        system_names: Iterable[str] = (),
    ) -> bool:
        """Return ``True`` when :meth:`check` reports no violation.

        Example:
            >>> PasswordPolicy().is_acceptable("password", username="jdoe")
            False
        """
        return not self.check(password, username=username, system_names=system_names)

    # -- internals ---------------------------------------------------------

    def _codes(self, password: str, username: str | None, system_names: Iterable[str]) -> list[str]:
        codes: list[str] = []
        if len(password) < self.min_length:
            codes.append("too_short")
        if self.max_length is not None and len(password) > self.max_length:
            codes.append("too_long")
        codes += _count_codes(sum(c.isalpha() for c in password), self.min_letters, "letter")
        codes += _count_codes(sum(c.isdecimal() for c in password), self.min_digits, "digit")
        folded = password.casefold()
        if self.forbid_username and username:
            codes += self._name_codes(folded, [username], "username")
        if self.forbid_system_names:
            names = [*self.system_names, *system_names]
            codes += self._name_codes(folded, names, "system_name")
        codes += self._dictionary_codes(folded)
        return codes

    def _name_codes(self, folded: str, names: Iterable[str], kind: str) -> list[str]:
        forward: set[str] = set()
        for name in names:
            forward |= _name_variants(name)
        backward = {v[::-1] for v in forward} - forward
        codes = []
        if any(self._name_in(v, folded) for v in forward):
            codes.append(f"contains_{kind}")
        if self.forbid_reversed_names and any(self._name_in(v, folded) for v in backward):
            codes.append(f"reversed_{kind}")
        return codes

    def _name_in(self, variant: str, folded: str) -> bool:
        if len(variant) < self.min_name_length:
            return variant == folded
        return variant in folded

    def _dictionary_codes(self, folded: str) -> list[str]:
        candidates = {folded}
        if self.dictionary_strip_chars:
            stripped = folded.strip(self.dictionary_strip_chars.casefold())
            if stripped:
                candidates.add(stripped)
        codes = []
        if self.forbid_dictionary_words and any(self._is_word(c) for c in candidates):
            codes.append("dictionary_word")
        elif self.forbid_reversed_dictionary_words and any(
            self._is_word(c[::-1]) for c in candidates
        ):
            codes.append("reversed_dictionary_word")
        return codes

    def _is_word(self, candidate: str) -> bool:
        if candidate in self.extra_words:
            return True
        return self.use_common_words and candidate in common_words()


def _count_codes(count: int, required: int, noun: str) -> list[str]:
    if count >= required:
        return []
    if count == 0:
        return [f"no_{noun}"]
    return [f"too_few_{noun}s"]


def _name_variants(name: str) -> set[str]:
    folded = name.strip().casefold()
    if not folded:
        return set()
    parts = [p for p in _SEPARATORS.split(folded) if p]
    return {folded, "".join(parts), *parts} - {""}
