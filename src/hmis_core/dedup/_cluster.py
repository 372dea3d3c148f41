"""Clustering linked pairs into people, resisting chaining.

Edges are taken strongest first (ties broken by record order, so results are
deterministic) and merge two groups only if:

* no administrator "never link" pair would end up in one group;
* the groups do not hold conflicting full SSNs (more than a typo apart) or conflicting full
  dates of birth (not equal, transposed, or one field apart), nor two records enrolled in
  one household (a household lists each of its members once);
* the merged group stays within the size cap;
* when both groups already have several records, the links between them are strong as a
  whole: the mean probability over all cross pairs (unlinked pairs count as 0) reaches
  ``min_group_support``, so one weak pair cannot join two strong groups.

"Always link" pairs are merged first, unconditionally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np

from hmis_core.dedup._normalize import IntArray, Records

__all__ = ["ClusterRules", "cluster"]


@attrs.frozen
class ClusterRules:
    """When two groups of linked records may merge into one person (see the module notes).

    ``max_cluster_size`` caps the records of one person; ``min_group_support`` is the least
    mean probability over all pairs between two groups of several records each (unlinked
    pairs count as 0); ``veto_conflicting_ssn`` / ``veto_conflicting_dob`` refuse a merge
    that would join full SSNs more than a typo apart or dates of birth that are not equal,
    transposed or one field apart; ``veto_same_household`` refuses to join two records
    enrolled in one household.

    >>> from hmis_core.dedup import ClusterRules, DedupConfig
    >>> config = DedupConfig(rules=ClusterRules(max_cluster_size=10))
    >>> config.rules.max_cluster_size, config.rules.veto_conflicting_ssn
    (10, True)
    """

    max_cluster_size: int = 40
    min_group_support: float = 0.5
    veto_conflicting_ssn: bool = True
    veto_conflicting_dob: bool = True
    veto_same_household: bool = True
    """Refuse a merge that would join two records enrolled in one household (when the
    export's Enrollment.csv was read)."""


def _ssn_close(a: int, b: int) -> bool:
    if a == b:
        return True
    if a >= 10**10 or b >= 10**10:  # hashes: only equal or not
        return False
    x, y = f"{a:09d}", f"{b:09d}"
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and
                              x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]])


def _dob_close(x: tuple[int, int, int], y: tuple[int, int, int]) -> bool:
    same = sum(1 for p, q in zip(x, y, strict=True) if p == q)
    return same >= 2 or (x[0] == y[0] and x[1] == y[2] and x[2] == y[1])


class _Groups:
    def __init__(self, records: Records, never: dict[int, set[int]],
                 households: Mapping[int, Sequence[int]]) -> None:
        n = len(records)
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}
        self.ssns: dict[int, set[int]] = {}
        self.dobs: dict[int, set[tuple[int, int, int]]] = {}
        self.hhs: dict[int, set[int]] = {}
        self.records = records
        self.never = never
        self.households = households

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def group(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def ssn_set(self, root: int) -> set[int]:
        found = self.ssns.get(root)
        if found is not None:
            return found
        r = self.records
        return {int(r.ssn_code[root])} if r.ssn_kind[root] == 1 else set()

    def dob_set(self, root: int) -> set[tuple[int, int, int]]:
        found = self.dobs.get(root)
        if found is not None:
            return found
        r = self.records
        if r.dob_kind[root] == 1:
            return {(int(r.dob_y[root]), int(r.dob_m[root]), int(r.dob_d[root]))}
        return set()

    def household_set(self, root: int) -> set[int]:
        found = self.hhs.get(root)
        if found is not None:
            return found
        return set(self.households.get(root, ()))

    def merge(self, ra: int, rb: int) -> int:
        ga, gb = self.group(ra), self.group(rb)
        if len(ga) < len(gb):
            ra, rb, ga, gb = rb, ra, gb, ga
        self.parent[rb] = ra
        self.members[ra] = ga + gb
        self.members.pop(rb, None)
        self.ssns[ra] = self.ssn_set(ra) | self.ssn_set(rb)
        self.dobs[ra] = self.dob_set(ra) | self.dob_set(rb)
        self.ssns.pop(rb, None)
        self.dobs.pop(rb, None)
        if self.households:
            self.hhs[ra] = self.household_set(ra) | self.household_set(rb)
            self.hhs.pop(rb, None)
        return ra

    def never_linked(self, ga: list[int], gb: list[int]) -> bool:
        never = self.never
        if not never:
            return False
        small, big = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
        big_set = set(big)
        return any(never.get(x, set()) & big_set for x in small)


def cluster(
    records: Records,
    a: IntArray,
    b: IntArray,
    prob: np.ndarray,
    threshold: float,
    rules: ClusterRules,
    never: Iterable[tuple[int, int]] = (),
    always: Iterable[tuple[int, int]] = (),
    households: Mapping[int, Sequence[int]] | None = None,
) -> list[int]:
    """Cluster label (a record index) of every record; ``households`` maps a record to the
    households it was enrolled in."""
    never_map: dict[int, set[int]] = {}
    for x, y in never:
        never_map.setdefault(x, set()).add(y)
        never_map.setdefault(y, set()).add(x)
    groups = _Groups(records, never_map,
                     households if households and rules.veto_same_household else {})
    for x, y in always:
        rx, ry = groups.find(x), groups.find(y)
        if rx != ry:
            groups.merge(rx, ry)
    keep = np.flatnonzero(prob >= threshold)
    # strongest first; ties by record order: deterministic whatever the input order
    order = keep[np.lexsort((b[keep], a[keep], -prob[keep]))]
    adjacency: dict[int, dict[int, float]] = {}
    for i, j, p in zip(a[keep].tolist(), b[keep].tolist(), prob[keep].tolist(), strict=True):
        adjacency.setdefault(i, {})[j] = p
        adjacency.setdefault(j, {})[i] = p
    for i, j in zip(a[order].tolist(), b[order].tolist(), strict=True):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        gi, gj = groups.group(ri), groups.group(rj)
        if len(gi) + len(gj) > rules.max_cluster_size:
            continue
        if groups.never_linked(gi, gj):
            continue
        if rules.veto_conflicting_ssn:
            si, sj = groups.ssn_set(ri), groups.ssn_set(rj)
            if si and sj and not any(_ssn_close(x, y) for x in si for y in sj):
                continue
        if rules.veto_conflicting_dob:
            di, dj = groups.dob_set(ri), groups.dob_set(rj)
            if di and dj and not any(_dob_close(x, y) for x in di for y in dj):
                continue
        if groups.households and groups.household_set(ri) & groups.household_set(rj):
            continue
        if len(gi) > 1 and len(gj) > 1:
            target = set(gj)
            support = sum(p for x in gi for y, p in adjacency.get(x, {}).items()
                          if y in target)
            if support / (len(gi) * len(gj)) < rules.min_group_support:
                continue
        groups.merge(ri, rj)
    return [groups.find(x) for x in range(len(records))]
