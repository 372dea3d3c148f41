"""Comparison levels for candidate pairs, computed column-wise.

Names are compared once per *distinct pair of names* (rapidfuzz's C ``cpdist`` over the
unique pairs), then spread to pairs by index; dates of birth field by field (year, month,
day, transposition), never as strings; SSNs digit by digit from a digit matrix. Every
function takes arrays of record indexes and returns an ``int8`` level per pair.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.process import cpdist

from hmis_core.dedup._arrays import unique_inverse
from hmis_core.dedup._normalize import IntArray, Records
from hmis_core.dedup._vocabulary import KEY_WIDTH

__all__ = ["FIELDS", "LEVELS", "Comparer"]

LEVELS: dict[str, tuple[str, ...]] = {
    "first_name": ("missing", "exact", "nickname", "similar (JW >= 0.92 or one typo)",
                   "somewhat similar (JW >= 0.80)", "different"),
    "last_name": ("missing", "exact", "shares a surname part",
                  "similar (JW >= 0.92 or one typo)",
                  "somewhat similar (JW >= 0.80)", "different"),
    "middle_initial": ("missing", "same initial", "different initial",
                       "same initial, different name", "same name"),
    "dob": ("missing", "exact", "day and month transposed", "one of year/month/day differs",
            "same year (approximate date)", "different", "different year (approximate date)"),
    "ssn": ("missing", "exact", "last four agree (partial SSN)", "one digit or swap apart",
            "last four differ (partial SSN)", "different"),
    "sex": ("missing", "agree", "disagree"),
    "race": ("missing", "same races", "some races in common", "no race in common"),
}
"""Level labels of every compared field (level 0 is always "missing": no evidence)."""

FIELDS = tuple(LEVELS)
_TYPO_MIN_LENGTH = 4
"""Shortest names a single typo may make "similar" (JON / JAN are different names)."""
Levels = dict[str, np.ndarray]


class Comparer:
    """Compares pairs of :class:`Records`; caches per-record digit matrices and name data."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.swapped: np.ndarray | None = None
        """After :meth:`compare`: whether each pair's names were compared swapped."""
        r = records
        self._clear_ssn = np.where(r.ssn_code < 10**10, r.ssn_code, 0)
        self._ssn_code = r.ssn_code
        self._ssn4 = r.ssn4_code
        self._middle_initial = r.vocab.array("initial")[r.middle]
        self._middle_full = r.vocab.array("length")[r.middle] > 1

    # ------------------------------------------------------------------ names
    def _name_levels(self, a: IntArray, b: IntArray, kind: str) -> np.ndarray:
        names = self.records.names
        levels = np.zeros(len(a), np.int8)
        present = (a != 0) & (b != 0)
        if not present.any():
            return levels
        lo = np.minimum(a[present], b[present])
        hi = np.maximum(a[present], b[present])
        unique, inverse = unique_inverse(lo * KEY_WIDTH + hi)
        ua, ub = unique // KEY_WIDTH, unique % KEY_WIDTH
        ulev = np.full(len(unique), 5, np.int8)
        exact = ua == ub
        ulev[exact] = 1
        if self.records.hashed:
            levels[present] = ulev[inverse.reshape(-1)]
            return levels
        rest = np.flatnonzero(~exact)
        if len(rest):
            left = [names[i] for i in ua[rest].tolist()]
            right = [names[i] for i in ub[rest].tolist()]
            sim = cpdist(left, right, scorer=JaroWinkler.normalized_similarity, workers=1)
            # one typo (a letter wrong, added, dropped or two neighbours swapped) in a name
            # of four letters or more is as close as JW 0.92, wherever it falls: JW punishes
            # an early typo (FREEMAN / FIEEMAN 0.91, CHAD / CNAD 0.85)
            typo = cpdist(left, right, scorer=OSA.distance, workers=1) == 1
            lengths = np.minimum(np.fromiter(map(len, left), np.int64, len(left)),
                                 np.fromiter(map(len, right), np.int64, len(right)))
            close = (sim >= 0.92) | (typo & (lengths >= _TYPO_MIN_LENGTH))
            sub = np.where(close, 3, np.where(sim >= 0.80, 4, 5)).astype(np.int8)
            vocab = self.records.vocab
            if len(rest) < 512:  # a few names (intake search): ask directly
                for k, (x, y) in enumerate(zip(ua[rest].tolist(), ub[rest].tolist(),
                                               strict=True)):
                    if sub[k] != 3 and vocab.related(kind, x, y):
                        sub[k] = 2
            else:
                related = vocab.related_keys(kind)
                if len(related):
                    hit = np.isin(unique[rest], related) & (sub != 3)
                    sub[hit] = 2
            ulev[rest] = sub
        levels[present] = ulev[inverse.reshape(-1)]
        return levels

    # ------------------------------------------------------------------ dates of birth
    def _dob_levels(self, a: IntArray, b: IntArray) -> np.ndarray:
        r = self.records
        ka, kb = r.dob_kind[a], r.dob_kind[b]
        ya, yb, ma, mb, da, db = r.dob_y[a], r.dob_y[b], r.dob_m[a], r.dob_m[b], r.dob_d[a], \
            r.dob_d[b]
        same = (ya == yb).astype(np.int8) + (ma == mb) + (da == db)
        full = (ka == 1) & (kb == 1)
        levels = np.full(len(a), 5, np.int8)
        levels[full & (same == 2)] = 3
        levels[full & (ya == yb) & (ma == db) & (da == mb) & (ma != da)] = 2
        levels[full & (same == 3)] = 1
        approximate = ~full & (ka != 0) & (kb != 0)
        levels[approximate] = np.where(ya[approximate] == yb[approximate], 4, 6)
        levels[(ka == 0) | (kb == 0)] = 0
        return levels

    # ------------------------------------------------------------------ SSN
    def _ssn_levels(self, a: IntArray, b: IntArray) -> np.ndarray:
        r = self.records
        ka, kb = r.ssn_kind[a], r.ssn_kind[b]
        levels = np.zeros(len(a), np.int8)
        full = (ka == 1) & (kb == 1)
        equal = self._ssn_code[a] == self._ssn_code[b]
        levels[full] = np.where(equal[full], 1, 5)
        sa, sb = self._clear_ssn[a], self._clear_ssn[b]
        # one typo or swap leaves the first five or the last four digits as they were
        near = full & ~equal & (sa > 0) & (sb > 0) & (
            (sa // 10_000 == sb // 10_000) | (sa % 10_000 == sb % 10_000))
        idx = np.flatnonzero(near)
        if len(idx):
            powers = 10 ** np.arange(8, -1, -1, dtype=np.int64)
            da = (self._clear_ssn[a[idx], None] // powers) % 10
            db = (self._clear_ssn[b[idx], None] // powers) % 10
            diff = da != db
            ndiff = diff.sum(axis=1)
            swap = (ndiff == 2) & _adjacent_swap(da, db, diff)
            levels[idx[(ndiff == 1) | swap]] = 3
        partial = (ka != 0) & (kb != 0) & ~full
        four_a, four_b = self._ssn4[a], self._ssn4[b]
        levels[partial] = np.where(four_a[partial] == four_b[partial], 2, 4)
        return levels

    # ------------------------------------------------------------------ middle name
    def _middle_levels(self, a: IntArray, b: IntArray) -> np.ndarray:
        """Same full name, same initial (one given as an initial only), same initial but
        clearly different names (JW < 0.95), or different initials; hashed names are only
        equal or not."""
        r = self.records
        ca, cb = r.middle[a], r.middle[b]
        levels = np.zeros(len(a), np.int8)
        present = (ca != 0) & (cb != 0)
        if r.hashed:
            levels[present] = np.where(ca[present] == cb[present], 4, 2)
            return levels
        ia, ib = self._middle_initial[a], self._middle_initial[b]
        levels[present] = np.where(ia[present] == ib[present], 1, 2)
        full = present & self._middle_full[a] & self._middle_full[b] & (ia == ib)
        levels[full & (ca == cb)] = 4
        other = np.flatnonzero(full & (ca != cb))
        if len(other):
            lo = np.minimum(ca[other], cb[other])
            hi = np.maximum(ca[other], cb[other])
            unique, inverse = unique_inverse(lo * KEY_WIDTH + hi)
            names = r.names
            sim = cpdist([names[i] for i in (unique // KEY_WIDTH).tolist()],
                         [names[i] for i in (unique % KEY_WIDTH).tolist()],
                         scorer=JaroWinkler.normalized_similarity, workers=1)
            sub = np.where(np.asarray(sim) >= 0.95, 4, 3).astype(np.int8)
            levels[other] = sub[inverse.reshape(-1)]
        return levels

    # ------------------------------------------------------------------ all fields
    def compare(self, a: IntArray, b: IntArray) -> Levels:
        """Levels of every field for pairs (a[k], b[k])."""
        r = self.records
        first = self._name_levels(r.first[a], r.first[b], "first")
        last = self._name_levels(r.last[a], r.last[b], "last")
        # swapped first and last name: where the direct comparison is weak, try the swap
        use_swap = np.zeros(len(a), bool)
        weak = np.flatnonzero(~(_strong(first) & _strong(last)) & (r.first[a] != r.last[a]))
        if len(weak):
            wa, wb = a[weak], b[weak]
            swap_first = self._name_levels(r.first[wa], r.last[wb], "first")
            swap_last = self._name_levels(r.last[wa], r.first[wb], "last")
            # the swap wins when both names are close, or one is close and the other
            # somewhat similar (a typo as well) while the direct comparison is clearly worse
            direct = _NAME_POINTS[first[weak]] + _NAME_POINTS[last[weak]]
            swapped = _NAME_POINTS[swap_first] + _NAME_POINTS[swap_last]
            better = (_strong(swap_first) & _strong(swap_last)) | (
                (_strong(swap_first) | _strong(swap_last)) & (swap_first != 5)
                & (swap_last != 5) & (swap_first != 0) & (swap_last != 0)
                & (swapped >= direct + 2))
            chosen = weak[better]
            first[chosen] = swap_first[better]
            last[chosen] = swap_last[better]
            use_swap[chosen] = True
        self.swapped = use_swap
        middle = self._middle_levels(a, b)
        sa, sb = r.sex[a], r.sex[b]
        sex = np.where((sa < 0) | (sb < 0), 0, np.where(sa == sb, 1, 2))
        return {
            "first_name": first,
            "last_name": last,
            "middle_initial": middle,
            "dob": self._dob_levels(a, b),
            "ssn": self._ssn_levels(a, b),
            "sex": sex.astype(np.int8),
            "race": _race_levels(r.race[a], r.race[b]),
        }


def _race_levels(ra: IntArray, rb: IntArray) -> np.ndarray:
    """Same set of races, some race in common, none in common (0: one reported none)."""
    levels = np.where(ra == rb, 1, np.where((ra & rb) != 0, 2, 3)).astype(np.int8)
    levels[(ra == 0) | (rb == 0)] = 0
    return np.asarray(levels)


_NAME_POINTS = np.asarray([0, 4, 3, 3, 1, 0], np.int64)
"""How close each name level is (to choose between direct and swapped names)."""


def _strong(levels: np.ndarray) -> np.ndarray:
    """Exact, nickname/shared part, or similar (levels 1 to 3)."""
    return np.asarray((levels >= 1) & (levels <= 3))


def _adjacent_swap(da: np.ndarray, db: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """Rows whose two differing digits are neighbours swapped (``12`` vs ``21``)."""
    out = np.zeros(len(da), bool)
    for k in range(8):
        both = diff[:, k] & diff[:, k + 1]
        out |= both & (da[:, k] == db[:, k + 1]) & (da[:, k + 1] == db[:, k])
    return out
