"""The distinct normalised names of a set of records, and what is derived from each once:
phonetic and prefix keys, nickname roots, surname parts. The vocabulary can grow (intake
search adds the names it is asked about); derived arrays grow with it.
"""

from __future__ import annotations

import functools
from importlib import resources

import jellyfish
import numpy as np
import numpy.typing as npt

from hmis_core.dedup._arrays import unique

__all__ = ["KEY_WIDTH", "Vocabulary", "nickname_roots"]

@functools.cache
def nickname_roots() -> dict[str, frozenset[str]]:
    """Name -> the formal names it may stand for (itself included), from the nickname table
    shipped in ``hmis_core/_data/nicknames.csv``."""
    text = resources.files("hmis_core._data").joinpath("nicknames.csv").read_text("utf-8")
    roots: dict[str, set[str]] = {}
    for line in text.splitlines()[1:]:
        name, relation, nick = line.split(",")
        if relation != "has_nickname":
            continue
        formal, short = name.upper(), nick.upper()
        roots.setdefault(formal, {formal})
        roots.setdefault(short, {short}).add(formal)
    return {k: frozenset(v) for k, v in roots.items()}


def _shares_root(root: str, a: str, b: str) -> bool:
    """Whether names a and b, both linked to ``root`` by the nickname table, are related
    through it: one of them is the root, or both are shorter forms of it (BOB and ROB of
    ROBERT). Two formal names that merely share a nickname (ROBERT and WILLIAM, both
    "BILL") are not."""
    return root in (a, b) or len(root) >= max(len(a), len(b))


KEY_WIDTH = 1 << 31
"""Pairs of name codes are keyed ``lo * KEY_WIDTH + hi``, whatever the vocabulary's size."""

IntArray = npt.NDArray[np.int64]


class Vocabulary:
    """Distinct names (code 0 is the missing name) with per-name derived keys."""

    def __init__(self) -> None:
        self.names: list[str] = [""]
        self.tokens: list[tuple[str, ...]] = [()]
        self._lookup: dict[str, int] = {"": 0}
        self._derived_upto = 0
        self._dense: dict[str, dict[str, int]] = {"sx": {"": 0}, "root": {"": 0},
                                                  "prefix": {"": 0}}
        self._arrays: dict[str, list[int]] = {"sx": [], "root": [], "prefix": [],
                                              "initial": [], "length": []}
        self._related: dict[str, IntArray | None] = {"first": None, "last": None}
        self._cached_arrays: dict[str, IntArray] = {}
        self._root_members: dict[str, list[int]] = {}
        self._token_members: dict[str, list[int]] = {}
        self.ssn_hashes: dict[str, int] = {}
        """Hashed SSN -> its number (hashed exports); shared, like the names, by the records
        of an index and the queries and records added to it, so equal hashes get one code."""

    def __len__(self) -> int:
        return len(self.names)

    def code(self, norm: str, tokens: tuple[str, ...]) -> int:
        """The code of a normalised name, adding it if new."""
        found = self._lookup.get(norm)
        if found is not None:
            return found
        c = len(self.names)
        self._lookup[norm] = c
        self.names.append(norm)
        self.tokens.append(tokens)
        self._related = {"first": None, "last": None}
        return c

    def find(self, norm: str) -> int | None:
        return self._lookup.get(norm)

    # ------------------------------------------------------------------ derived keys
    def _derive(self) -> None:
        if self._derived_upto == len(self.names):
            return
        roots = nickname_roots()
        arrays, dense = self._arrays, self._dense
        for code in range(self._derived_upto, len(self.names)):
            name = self.names[code]
            hashed = len(name) == 64
            sx = "" if not name else (name if hashed else jellyfish.soundex(name))
            root_names = roots.get(name, ()) if name and not hashed else ()
            root = min(root_names) if root_names else name
            root_sx = "" if not root else (root if hashed else jellyfish.soundex(root))
            arrays["sx"].append(dense["sx"].setdefault(sx, len(dense["sx"])))
            arrays["root"].append(dense["root"].setdefault(root_sx, len(dense["root"])))
            arrays["prefix"].append(dense["prefix"].setdefault(name[:4], len(dense["prefix"])))
            arrays["initial"].append(ord(name[0]) if name else 0)
            arrays["length"].append(len(name))
            for r in root_names:
                self._root_members.setdefault(r, []).append(code)
            for token in self.tokens[code]:
                if len(token) >= 3:
                    self._token_members.setdefault(token, []).append(code)
        self._derived_upto = len(self.names)

    def array(self, kind: str) -> IntArray:
        """Per name code: ``sx`` (Soundex code), ``root`` (Soundex of the formal name a
        nickname stands for), ``prefix`` (first four letters), ``initial``, ``length``."""
        self._derive()
        cached = self._cached_arrays.get(kind)
        if cached is None or len(cached) != len(self.names):
            cached = np.asarray(self._arrays[kind], np.int64)
            self._cached_arrays[kind] = cached
        return cached

    # ------------------------------------------------------------------ related names
    def related(self, kind: str, x: int, y: int) -> bool:
        """Whether names x and y are nicknames of one formal name (``first``) or share a part
        of a compound surname (``last``)."""
        self._derive()
        a, b = self.names[x], self.names[y]
        if kind == "first":
            roots = nickname_roots()
            ra, rb = roots.get(a), roots.get(b)
            return bool(ra and rb and any(_shares_root(r, a, b) for r in ra & rb))
        ta, tb = self.tokens[x], self.tokens[y]
        if len(ta) < 2 and len(tb) < 2:
            return False
        return bool({t for t in ta if len(t) >= 3} & {t for t in tb if len(t) >= 3})

    def related_keys(self, kind: str) -> IntArray:
        """Sorted keys of every related pair of codes (see :meth:`related`)."""
        cached = self._related[kind]
        if cached is not None:
            return cached
        self._derive()
        keys: list[int] = []
        groups: list[tuple[str, list[int]]]
        if kind == "first":
            groups = list(self._root_members.items())
        else:
            compound = {c for c, t in enumerate(self.tokens) if len(t) > 1}
            groups = [(t, g) for t, g in self._token_members.items()
                      if compound.intersection(g)]
        names = self.names
        for root, group in groups:
            if len(group) < 2 or len(group) > 300:  # a part so common it relates everything
                continue
            ordered = sorted(set(group))
            keys.extend(x * KEY_WIDTH + y for i, x in enumerate(ordered)
                        for y in ordered[i + 1 :]
                        if kind != "first" or _shares_root(root, names[x], names[y]))
        result = unique(np.asarray(keys, np.int64))
        self._related[kind] = result
        return result
