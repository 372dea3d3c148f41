"""Household evidence: families are re-entered together.

When another agency re-enters a family, every member gets a new client record and the new
records share one HouseholdID (Enrollment.csv). Once one member's two records are strongly
linked (the *anchor*), the other members of those two households are the natural
candidates for each other's duplicates: a pair that is weak on its own (a first-name typo,
a missing date of birth or SSN) becomes likely, *if* it is the best match of both records
in the other household.

The evidence is weighed with a Fellegi–Sunter model of its own, because family members are
not random pairs: they share surnames and often races, and siblings are close in age. For
pairs of records of two linked households:

* ``m`` per field and level is the main model's (how duplicates differ does not depend on
  the household);
* ``u`` comes from pairs of distinct records enrolled in *one* household - different people
  of one family (partners, parents and children, siblings) - so a shared surname counts for
  little there and a twin's date of birth for less than between strangers;
* the prior (the share of such pairs that are the same person) is estimated by EM over the
  pairs of linked households.

Within each pair of linked households a record is assigned to at most one record of the
other (a person appears once in a household), strongest first; the anchors count as
assigned. A record whose best match is not clearly better (``margin`` bits) than another
still unassigned candidate gets no household evidence: twins, or siblings too alike to tell
apart, stay to the main model (and its twin guard).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import attrs
import numpy as np

from hmis_core.dedup._arrays import column_codes, live_rows, unique, unique_inverse
from hmis_core.dedup._compare import FIELDS, LEVELS, Comparer, Levels
from hmis_core.dedup._normalize import IntArray, Records

__all__ = ["ENROLLMENT_COLUMNS", "HOUSEHOLD_LEVEL", "HouseholdLinks", "HouseholdModel",
           "Households", "household_links", "households_from"]

ENROLLMENT_COLUMNS = ("PersonalID", "HouseholdID", "DateDeleted")
"""The Enrollment.csv columns household evidence reads (``read_export(path,
files=["Client", "Enrollment"], columns={"Client": CLIENT_COLUMNS, "Enrollment":
ENROLLMENT_COLUMNS})``)."""

HOUSEHOLD_LEVEL = "other members of the two households linked"
"""Level of the household item of :attr:`hmis_core.dedup.Pair.evidence`."""

MAX_HOUSEHOLD = 12
"""Households of more records are left out (rarely one family: a shelter's catch-all ID)."""

_EPS = 1e-6


@attrs.define
class Households:
    """Memberships of client records in households of 2 to :data:`MAX_HOUSEHOLD` records;
    households with the same members are counted once, numbered in the order of their
    sorted members (so the input's row order does not matter)."""

    record: IntArray
    """Records of household h: ``record[starts[h]:starts[h + 1]]`` (ascending)."""
    starts: IntArray
    _of_records: dict[int, list[int]] | None = attrs.field(default=None, init=False,
                                                          repr=False)

    @property
    def count(self) -> int:
        return len(self.starts) - 1

    def of_records(self) -> dict[int, list[int]]:
        """Record -> its households (computed once)."""
        if self._of_records is None:
            out: dict[int, list[int]] = {}
            owner = np.repeat(np.arange(self.count), np.diff(self.starts))
            for r, h in zip(self.record.tolist(), owner.tolist(), strict=True):
                out.setdefault(r, []).append(h)
            self._of_records = out
        return self._of_records


def households_from(export: Any, records: Records) -> Households | None:
    """The households of ``records`` from an export's Enrollment table (PersonalID and
    HouseholdID of its live rows), or None when it has no usable one."""
    table = export.table("Enrollment")
    if not table.present or not len(table) or \
            {"PersonalID", "HouseholdID"} & set(table.absent_columns):
        return None
    rows = live_rows(table)
    # per distinct cell value, at C speed: the record of a PersonalID (-1 if unknown), a
    # number per distinct HouseholdID (-1 for an empty cell)
    position: dict[Any, int] = dict(zip(records.ids, itertools.count()))
    pid_col, hh_col = table["PersonalID"], table["HouseholdID"]
    pid_values = np.fromiter(map(position.get, pid_col.values, itertools.repeat(-1)),
                             np.int64, len(pid_col.values))
    del position
    lookup: dict[Any, int] = {None: -1}
    hh_values = np.fromiter(map(lookup.setdefault, hh_col.values, itertools.count()),
                            np.int64, len(hh_col.values))
    del lookup
    pid_codes, hh_codes = column_codes(pid_col), column_codes(hh_col)
    if rows is not None:
        pid_codes, hh_codes = pid_codes[rows], hh_codes[rows]
    rec, hh = pid_values[pid_codes], hh_values[hh_codes]
    ok = (rec >= 0) & (hh >= 0)
    n = max(1, len(records))
    keys = unique(hh[ok] * n + rec[ok])  # one membership per (household, record)
    hh, rec = keys // n, keys % n
    _, hh = unique_inverse(hh)
    sizes = np.bincount(hh)
    keep = (sizes[hh] >= 2) & (sizes[hh] <= MAX_HOUSEHOLD)
    if not keep.any():
        return None
    hh, rec = hh[keep], rec[keep]
    starts = np.r_[np.flatnonzero(np.r_[True, hh[1:] != hh[:-1]]), len(hh)]
    members = {tuple(rec[s:e].tolist()) for s, e in zip(starts[:-1].tolist(),
                                                       starts[1:].tolist(), strict=True)}
    ordered = sorted(members)
    lengths = np.fromiter(map(len, ordered), np.int64, len(ordered))
    flat = np.fromiter(itertools.chain.from_iterable(ordered), np.int64, int(lengths.sum()))
    return Households(record=flat, starts=np.r_[0, np.cumsum(lengths)].astype(np.int64))


@attrs.define
class HouseholdModel:
    """``u`` of each field among members of one household, and the prior of a match
    between members of two linked households (see the module notes)."""

    u: dict[str, np.ndarray]
    prior: float = 0.0
    family_pairs: int = 0
    """How many pairs of one household ``u`` was counted over."""
    cross_pairs: int = 0
    """How many pairs of linked households the prior was estimated over."""

    def weights(self, m: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``log2(m / u)`` per field and level (0 for the missing level)."""
        out = {}
        for f in FIELDS:
            w = np.log2(np.maximum(m[f], _EPS) / np.maximum(self.u[f], _EPS))
            w[0] = 0.0
            out[f] = w
        return out

    @property
    def prior_weight(self) -> float:
        p = min(max(self.prior, 1e-9), 1 - 1e-9)
        return math.log2(p / (1 - p))


def family_pairs(households: Households) -> tuple[IntArray, IntArray]:
    """Distinct pairs of records enrolled in one household (i < j)."""
    rec, starts = households.record, households.starts
    sizes = np.diff(starts)
    position = np.arange(len(rec)) - np.repeat(starts[:-1], sizes)
    counts = np.repeat(sizes, sizes) - position - 1  # members after this one
    left = np.repeat(np.arange(len(rec)), counts)
    right = left + 1 + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    n = int(rec.max()) + 1 if len(rec) else 1
    keys = unique(rec[left] * n + rec[right])  # members ascending: rec[left] < rec[right]
    return keys // n, keys % n


def _shares(levels: np.ndarray, size: int) -> np.ndarray:
    counts = np.bincount(levels.astype(np.int64), minlength=size).astype(float)
    counts[0] = 0.0
    counts[1:] += 0.5
    return np.asarray(counts / counts.sum(), float)


Claimed = dict[tuple[int, int], list[tuple[int, int]]]
"""(household g1, household g2), g1 < g2 -> its anchors (record of g1, record of g2)."""


def cross_pairs(households: Households, anchor_a: IntArray, anchor_b: IntArray,
                ) -> tuple[IntArray, IntArray, IntArray, IntArray, Claimed]:
    """Pairs of records of linked households: for every anchor (p, q) and households g1 of
    p and g2 of q (g1 != g2), every other record of g1 with every other record of g2.
    Returns (s, t, g1, g2, claimed): record s of household g1 and t of g2, g1 < g2."""
    of_record = households.of_records()
    record, starts = households.record.tolist(), households.starts.tolist()
    claimed: Claimed = {}
    for p, q in zip(anchor_a.tolist(), anchor_b.tolist(), strict=True):
        hp, hq = of_record.get(p), of_record.get(q)
        if not hp or not hq:
            continue
        for h1 in hp:
            for h2 in hq:
                if h1 < h2:
                    claimed.setdefault((h1, h2), []).append((p, q))
                elif h2 < h1:
                    claimed.setdefault((h2, h1), []).append((q, p))
    out: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    for (g1, g2), anchors in claimed.items():
        taken = {r for pair in anchors for r in pair}
        left = [r for r in record[starts[g1]:starts[g1 + 1]] if r not in taken]
        right = [r for r in record[starts[g2]:starts[g2 + 1]] if r not in taken]
        for s, t in itertools.product(left, right):
            if s != t:
                out[0].append(s)
                out[1].append(t)
                out[2].append(g1)
                out[3].append(g2)
    s_, t_, g1_, g2_ = (np.asarray(column, np.int64) for column in out)
    return s_, t_, g1_, g2_, claimed


def assign(s: IntArray, t: IntArray, g1: IntArray, g2: IntArray, weight: np.ndarray,
           claimed: Claimed, *, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Which cross pairs win the one-to-one assignment of their household pair, and which
    are ambiguous: as likely (within ``margin``) as another pair of one of their records
    with a partner still unassigned (see the module notes). Ties are broken by record
    number, so the result does not depend on how households are numbered."""
    won = np.zeros(len(s), bool)
    ambiguous = np.zeros(len(s), bool)
    if not len(s):
        return won, ambiguous
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    order = np.lexsort((hi, lo, -weight, g2, g1))
    ss, ts = s[order].tolist(), t[order].tolist()
    k1, k2 = g1[order].tolist(), g2[order].tolist()
    ws = weight[order].tolist()
    start, total = 0, len(ss)
    while start < total:
        end = start
        while end < total and k1[end] == k1[start] and k2[end] == k2[start]:
            end += 1
        used_s = {p for p, _ in claimed.get((k1[start], k2[start]), ())}
        used_t = {q for _, q in claimed.get((k1[start], k2[start]), ())}
        for k in range(start, end):
            if ss[k] in used_s or ts[k] in used_t:
                continue
            if any(ws[j] > ws[k] - margin for j in range(start, end) if j != k and (
                    (ss[j] == ss[k] and ts[j] not in used_t)
                    or (ts[j] == ts[k] and ss[j] not in used_s))):
                ambiguous[order[k]] = True
                continue
            won[order[k]] = True
            used_s.add(ss[k])
            used_t.add(ts[k])
        start = end
    return won, ambiguous


def _prior(evidence: np.ndarray, *, iterations: int = 100) -> float:
    """Share of matches among pairs whose evidence (bits, prior excluded) is given: EM on
    the prior alone."""
    if not len(evidence):
        return 0.1
    prior = 0.3
    for _ in range(iterations):
        logit = math.log2(prior / (1 - prior)) + evidence
        new = float((1.0 / (1.0 + np.exp2(-np.clip(logit, -60, 60)))).mean())
        new = min(max(new, 1e-4), 0.9)
        if abs(new - prior) < 1e-6:
            return new
        prior = new
    return prior


@attrs.frozen
class HouseholdLinks:
    """What household evidence says about pairs of records (lo < hi, as numbers)."""

    a: IntArray
    b: IntArray
    weight: np.ndarray
    """Per pair that won its assignment: its weight under the household model (bits)."""
    ambiguous: IntArray
    """Pair keys ``lo * n + hi`` (n: :attr:`size`) of pairs that won no assignment and
    were ambiguous in one: as likely as another candidate of the same record."""
    size: int
    model: HouseholdModel | None


def household_links(
    households: Households, comparer: Comparer, m: dict[str, np.ndarray],
    anchor_a: IntArray, anchor_b: IntArray, *, margin: float = 2.0,
) -> HouseholdLinks:
    """Pairs of linked households that win the assignment, with their weight under the
    household model (prior included), the ambiguous ones, and the model (None without
    anchors in households)."""
    empty = np.zeros(0, np.int64)
    s, t, g1, g2, claimed = cross_pairs(households, anchor_a, anchor_b)
    size = len(comparer.records)
    if not len(s):
        return HouseholdLinks(empty, empty, np.zeros(0), empty, size, None)
    fa, fb = family_pairs(households)
    family = comparer.compare(fa, fb)
    model = HouseholdModel(u={f: _shares(family[f], len(LEVELS[f])) for f in FIELDS},
                           family_pairs=len(fa))
    n = max(1, size)
    keys, inverse = unique_inverse(np.minimum(s, t) * n + np.maximum(s, t))  # compare once
    levels: Levels = comparer.compare(keys // n, keys % n)
    weights = model.weights(m)
    evidence = np.asarray(sum(weights[f][levels[f]] for f in FIELDS), float)
    model.prior, model.cross_pairs = _prior(evidence), len(keys)
    weight = (model.prior_weight + evidence)[inverse]
    won, ambiguous = assign(s, t, g1, g2, weight, claimed, margin=margin)
    chosen = np.unique(inverse[won])
    unsure = np.setdiff1d(np.unique(inverse[ambiguous]), chosen)
    return HouseholdLinks(keys[chosen] // n, keys[chosen] % n,
                          model.prior_weight + evidence[chosen], keys[unsure], n, model)
