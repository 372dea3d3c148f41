"""Scanning many texts with one regular-expression pass (C speed)."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence

__all__ = ["WHITESPACE", "edge_codes", "matching_codes"]

WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
              "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""Every character ``str.isspace`` (and so ``str.strip()`` and the regex ``\\s``) counts as
whitespace (a test checks the list against Unicode)."""


def edge_codes(texts: Sequence[str], chars: str) -> list[int]:
    """Indexes of ``texts`` that start or end with one of ``chars``, in C: ``str.strip``
    returns the very same object when there is nothing to strip.

    >>> edge_codes(["a", " a", "b'", "c d"], WHITESPACE + "'")
    [1, 2]
    """
    stripped = map(str.strip, texts, itertools.repeat(chars))
    return list(itertools.compress(itertools.count(), map(operator.is_not, texts, stripped)))


def matching_codes(texts: Sequence[str], pattern: re.Pattern[str],
                   literals: Sequence[str] | None = None) -> list[int]:
    """Indexes of ``texts`` in which ``pattern`` matches, found by one C-level scan of the
    texts joined with NUL (patterns must not match NUL or span texts).

    ``literals``: substrings of which every match holds one (a pattern that is a class of
    characters: its characters); texts holding none of them are skipped with
    substring searches, much faster than the pattern's scan.

    >>> import re
    >>> matching_codes(["ab", "a<b", "c", "{d}"], re.compile("[<{]"), "<{")
    [1, 3]
    """
    if not texts:
        return []
    joined = "\x00".join(texts)
    if literals is not None and not any(map(joined.__contains__, literals)):
        return []  # the usual case, decided by fast substring searches
    if pattern.search(joined) is None:  # the usual case: nothing to locate
        return []
    starts = list(itertools.accumulate(map((1).__add__, map(len, texts)), initial=0))
    hits: list[int] = []
    for m in pattern.finditer(joined):
        index = bisect.bisect_right(starts, m.start()) - 1
        if not hits or hits[-1] != index:
            hits.append(index)
    return hits
