"""Chronic homelessness at project start (3.917 + disability), APR_CAPER.md §2.10."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hmis_core.reports._dates import years_between
from hmis_core.reports._frame import Frame

if TYPE_CHECKING:
    from hmis_core.reports._universe import Enr

__all__ = ["chronic_status", "indefinite_disability", "indefinite_in", "inherit_chronic"]

_STREET_TYPES = frozenset({0, 1, 4, 8})
_RANK = {"Y": 3, "N": 2, "DK": 1, "M": 0}


def indefinite_disability(frame: Frame, eid: str, stages: tuple[int, ...] = (1,)) -> bool:
    """Whether the enrollment has a Disabilities record at one of ``stages`` showing a
    condition that is indefinite and impairs (§2.10 step A): developmental (6) or HIV/AIDS (8)
    with response 1; physical (5), chronic health (7), mental health (9) with response 1, or
    substance use (10) with 1, 2 or 3, and IndefiniteAndImpairs = 1."""
    return indefinite_in(frame, frame.group("Disabilities", "EnrollmentID").get(eid, ()), stages)


def indefinite_in(frame: Frame, rows: Iterable[int], stages: tuple[int, ...] = (1,)) -> bool:
    """:func:`indefinite_disability` over given Disabilities ``rows``."""
    typ = frame.col("Disabilities", "DisabilityType")
    resp = frame.col("Disabilities", "DisabilityResponse")
    ind = frame.col("Disabilities", "IndefiniteAndImpairs")
    stage = frame.col("Disabilities", "DataCollectionStage")
    for r in rows:
        if stage[r] not in stages:
            continue
        t, v = typ[r], resp[r]
        if t in (6, 8) and v == 1:
            return True
        if t in (5, 7, 9) and v == 1 and ind[r] == 1:
            return True
        if t == 10 and v in (1, 2, 3) and ind[r] == 1:
            return True
    return False


def chronic_status(frame: Frame, e: Enr, disabilities: Iterable[int] | None = None) -> str:
    """An enrollment's own chronic status: "Y", "N", "DK" (doesn't know / prefers not to
    answer) or "M" (missing), before household inheritance. ``disabilities``: the
    enrollment's Disabilities rows, when the caller has them grouped already."""
    row = e.row
    dc = frame.col("Enrollment", "DisablingCondition")[row]
    indefinite = (indefinite_disability(frame, e.eid) if disabilities is None
                  else indefinite_in(frame, disabilities))
    if not (dc == 1 or indefinite):
        if dc == 0:
            return "N"
        return "DK" if dc in (8, 9) else "M"
    # Step B.
    if e.ptype not in _STREET_TYPES:
        ls = frame.col("Enrollment", "LivingSituation")[row]
        if ls is None:
            return "M"
        if not 100 <= ls <= 199:
            los_under = frame.col("Enrollment", "LOSUnderThreshold")[row]
            if los_under is None:
                return "M"
            if los_under == 0:
                return "N"
            prev = frame.col("Enrollment", "PreviousStreetESSH")[row]
            if prev is None:
                return "M"
            if prev == 0:
                return "N"
            # any other answer (1, or 99) goes on to step C, as for LOSUnderThreshold (DL)
    # Step C.
    started = frame.col("Enrollment", "DateToStreetESSH")[row]
    if started is not None and years_between(started, e.entry) >= 1:
        return "Y"
    times = frame.col("Enrollment", "TimesHomelessPastThreeYears")[row]
    if times in (1, 2, 3):
        return "N"
    if times in (8, 9):
        return "DK"
    if times != 4:
        return "M"
    months = frame.col("Enrollment", "MonthsHomelessPastThreeYears")[row]
    if months in (112, 113):
        return "Y"
    if months is not None and 101 <= months <= 111:
        return "N"
    if months in (8, 9):
        return "DK"
    return "M"


def inherit_chronic(members: list[Enr]) -> None:
    """DL's household inheritance (§2.10): among members present at project start (EntryDate
    equal to the household's earliest), one "Y" makes all of them "Y"; otherwise children take
    "N" when the best status of the HoH and adults present is "N", and when the HoH and every
    adult present are "DK" or "M", members present take the HoH's status. Members who joined
    later keep their own status."""
    first = min(m.entry for m in members)
    present = [m for m in members if m.entry == first]
    if len(present) < 2:
        return
    if any(m.chronic == "Y" for m in present):
        for m in present:
            m.chronic = "Y"
        return
    leaders = [m for m in present if m.rel == 1 or m.adult]
    if not leaders:
        return
    best = max(leaders, key=lambda m: _RANK[m.chronic]).chronic
    if best == "N":
        for m in present:
            if m.child:
                m.chronic = "N"
        return
    hoh = next((m for m in present if m.rel == 1), None)
    if hoh is not None:
        for m in present:
            m.chronic = hoh.chronic
