"""HUD's hashed export (HashStatus 4, "SHA-256 (RHY)"): how names and SSNs are hashed.

Per NOTES.md "Hashed export": a name becomes the SHA-256 (64 lower-case hex characters) of
its American Soundex code; an SSN becomes its last four characters in clear followed by the
SHA-256 of the full 9-character SSN (right-justified with ``x`` when shorter), 68 characters
in all. Empty values stay empty; nothing else in the export changes.

This is *not* de-identification: Soundex codes are few and a dictionary of them reverses the
name hashes at once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import jellyfish

__all__ = ["HASHED_NAME", "HASHED_SSN", "hash_name", "hash_ssn", "soundex"]

HASHED_NAME = re.compile(r"[0-9a-f]{64}")
"""A hashed name: 64 lower-case hex characters."""
HASHED_SSN = re.compile(r"[0-9xX]{4}[0-9a-f]{64}")
"""A hashed SSN: four clear characters, then 64 lower-case hex characters."""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def soundex(name: str) -> str:
    """American Soundex (letter + three digits) of a name; accents are folded to ASCII first.

    >>> soundex("Robert"), soundex("Ashcraft"), soundex("Müller")
    ('R163', 'A261', 'M460')
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(ch for ch in folded if ch.isascii() and ch.isalpha())
    return jellyfish.soundex(ascii_name) if ascii_name else ""


def hash_name(name: str | None) -> str | None:
    """SHA-256 hex of the name's Soundex code (None and "" stay as they are).

    >>> hash_name("Robert") == hashlib.sha256(b"R163").hexdigest()
    True
    """
    if not name:
        return name
    code = soundex(name)
    return _sha256(code) if code else _sha256(name.strip().upper())


def hash_ssn(ssn: str | None) -> str | None:
    """Last four characters in clear + SHA-256 hex of the 9-character SSN.

    >>> hash_ssn("123456789")[:4], len(hash_ssn("123456789"))
    ('6789', 68)
    """
    if not ssn:
        return ssn
    padded = ssn.strip().rjust(9, "x")
    return padded[-4:] + _sha256(padded)
