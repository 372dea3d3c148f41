"""HMIS coverage: bed coverage of lodging projects and service-volume coverage of the others.

Bed coverage (the rate HUD's Housing Inventory Count and System Performance reviews use): for
a date, the beds of projects participating in HMIS — or, for victim service providers, in a
comparable database (HMISParticipationType 1 or 2, element 2.08) — divided by all beds on
that date, per lodging project type and CoC. Beds come from Inventory.csv (2.07
BedInventory, records whose InventoryStartDate..InventoryEndDate holds the date); a project's
participation from HMISParticipation.csv (the status record whose period holds the date).

Service-volume coverage for non-lodging projects (street outreach, services only, day
shelter, homelessness prevention, coordinated entry) cannot be computed from beds: it is the
number of distinct clients served in participating projects of the type over a period,
divided by the total persons served by all such projects in the community — a figure the
caller supplies (from provider surveys), since non-participating providers are by definition
not in the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from hmis_core._export import Export
from hmis_core.reports._frame import Frame
from hmis_core.reports._report import ratio

__all__ = ["LODGING_TYPES", "Coverage", "bed_coverage", "service_coverage"]

LODGING_TYPES: Mapping[str, frozenset[int]] = {
    "ES": frozenset({0, 1}),
    "SH": frozenset({8}),
    "TH": frozenset({2}),
    "PH": frozenset({3, 9, 10, 13}),
}
"""Lodging project types (2.02.6) by the groups coverage is reported for."""

NON_LODGING_TYPES: Mapping[str, frozenset[int]] = {
    "SO": frozenset({4}),
    "SSO": frozenset({6}),
    "Day Shelter": frozenset({11}),
    "HP": frozenset({12}),
    "CE": frozenset({14}),
    "Other": frozenset({7}),
}

_PARTICIPATING = frozenset({1, 2})


@attrs.frozen
class Coverage:
    """One coverage figure: ``covered`` of ``total`` (beds or persons), and the rate.

    >>> import hmis_core, datetime
    >>> from hmis_core.reports import bed_coverage
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> shelter = bed_coverage(export, datetime.date(2025, 1, 29))[0]
    >>> shelter.group, shelter.covered, shelter.total, shelter.rate
    ('ES', 270, 270, 1.0)
    >>> sorted(shelter.to_dict())
    ['coc', 'covered', 'group', 'rate', 'total']
    """

    group: str
    """Project-type group ("ES", "SH", "TH", "PH", "SO", …)."""
    coc: str | None
    covered: int
    total: int

    @property
    def rate(self) -> float:
        """covered ÷ total, 4 decimals (0.0 when there is nothing to cover)."""
        return float(ratio(self.covered, self.total))

    def to_dict(self) -> dict[str, object]:
        return {"group": self.group, "coc": self.coc, "covered": self.covered,
                "total": self.total, "rate": self.rate}


def _date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _project_facts(frame: Frame) -> tuple[dict[str, int | None], dict[str, list[int]]]:
    ids, types = frame.col("Project", "ProjectID"), frame.col("Project", "ProjectType")
    return ({ids[r]: types[r] for r in frame.live("Project")},
            frame.group("HMISParticipation", "ProjectID"))


def participating(frame: Frame, project_id: str, on: dt.date,
                  participation: Mapping[str, list[int]]) -> bool:
    """Whether the project participated in HMIS or a comparable database on ``on``."""
    kind = frame.col("HMISParticipation", "HMISParticipationType")
    begin = frame.col("HMISParticipation", "HMISParticipationStatusStartDate")
    end = frame.col("HMISParticipation", "HMISParticipationStatusEndDate")
    for r in participation.get(project_id, ()):
        if (begin[r] is None or begin[r] <= on) and (end[r] is None or end[r] >= on):
            return kind[r] in _PARTICIPATING
    return False


def bed_coverage(export: Export, on: dt.date | str, *,
                 by_coc: bool = False) -> list[Coverage]:
    """Bed coverage per lodging group (ES, SH, TH, PH) on ``on``; per CoC too with ``by_coc``
    (Inventory.CoCCode).

    >>> import hmis_core, datetime
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> " ".join(c.group for c in bed_coverage(export, datetime.date(2025, 1, 29)))
    'ES SH TH PH'
    """
    on = _date(on)
    frame = Frame(export)
    types, participation = _project_facts(frame)
    pid, coc = frame.col("Inventory", "ProjectID"), frame.col("Inventory", "CoCCode")
    beds = frame.col("Inventory", "BedInventory")
    begin, end = frame.col("Inventory", "InventoryStartDate"), frame.col("Inventory",
                                                                        "InventoryEndDate")
    totals: dict[tuple[str, str | None], list[int]] = {}
    for r in frame.live("Inventory"):
        if beds[r] is None or (begin[r] is not None and begin[r] > on):
            continue
        if end[r] is not None and end[r] < on:
            continue
        ptype = types.get(pid[r])
        group = next((g for g, members in LODGING_TYPES.items() if ptype in members), None)
        if group is None:
            continue
        key = (group, coc[r] if by_coc else None)
        cell = totals.setdefault(key, [0, 0])
        cell[1] += beds[r]
        if participating(frame, pid[r], on, participation):
            cell[0] += beds[r]
    order = list(LODGING_TYPES)
    out = [Coverage(group, c, covered, total) for (group, c), (covered, total) in totals.items()]
    for group in order:
        if not by_coc and not any(c.group == group for c in out):
            out.append(Coverage(group, None, 0, 0))
    out.sort(key=lambda c: (order.index(c.group), c.coc or ""))
    return out


def service_coverage(export: Export, start: dt.date | str, end: dt.date | str,
                     total_persons: Mapping[str, int]) -> list[Coverage]:
    """Service-volume coverage of non-lodging groups over start..end: distinct clients with an
    enrollment active in the period in a participating project of the group, divided by
    ``total_persons[group]`` — the community's count of persons served by every provider of
    that group (groups: "SO", "SSO", "Day Shelter", "HP", "CE", "Other").

    >>> import hmis_core, datetime
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> c = service_coverage(export, datetime.date(2024, 10, 1), datetime.date(2025, 9, 30),
    ...                      {"SO": 1000})[0]
    >>> c.group, c.total, 0 <= c.rate <= 1
    ('SO', 1000, True)
    """
    start, end = _date(start), _date(end)
    unknown = set(total_persons) - set(NON_LODGING_TYPES)
    if unknown:
        raise ValueError(f"unknown groups {sorted(unknown)}; use {list(NON_LODGING_TYPES)}")
    frame = Frame(export)
    types, participation = _project_facts(frame)
    e_proj, e_pid = frame.col("Enrollment", "ProjectID"), frame.col("Enrollment", "PersonalID")
    e_entry, e_id = frame.col("Enrollment", "EntryDate"), frame.col("Enrollment", "EnrollmentID")
    x_date = frame.col("Exit", "ExitDate")
    exits = {frame.col("Exit", "EnrollmentID")[r]: x_date[r] for r in frame.live("Exit")}
    served: dict[str, set[str]] = {g: set() for g in total_persons}
    for r in frame.live("Enrollment"):
        ptype = types.get(e_proj[r])
        group = next((g for g in served if ptype in NON_LODGING_TYPES[g]), None)
        if group is None or e_entry[r] is None or e_entry[r] > end:
            continue
        left = exits.get(e_id[r])
        if left is not None and left < start:
            continue
        # participation is judged on the later of the entry and the period start
        if participating(frame, e_proj[r], max(e_entry[r], start), participation):
            served[group].add(e_pid[r])
    # A rate above 1 means the supplied total undercounts the community: it is reported as
    # computed rather than capped, so the inconsistency shows.
    return [Coverage(group, None, len(served[group]), total)
            for group, total in total_persons.items()]
