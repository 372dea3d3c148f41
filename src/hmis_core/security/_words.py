"""Lazy loading of the bundled common-words / common-passwords list."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["common_words"]

_PACKAGE = "hmis_core.security"
_DATA_DIR = "_data"
_WORDS_FILE = "common_words.txt"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Return the bundled list of common English words and common passwords.

    The list ships as package data (``_data/common_words.txt``: lowercase, one entry
    per line) and is read once, on first use, with :mod:`importlib.resources`.
    Blank lines and lines starting with ``#`` are ignored.

    Example:
        >>> words = common_words()
        >>> "password" in words and "sunshine" in words
        True
    """
    resource = resources.files(_PACKAGE) / _DATA_DIR / _WORDS_FILE
    text = resource.read_text(encoding="utf-8")
    return frozenset(
        entry.casefold()
        for line in text.splitlines()
        if (entry := line.strip()) and not entry.startswith("#")
    )
