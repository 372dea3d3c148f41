"""Retention: which clients' identifying data is due for removal, and removing it on request.

HUD's HMIS privacy standard has identifying information that is not in current use removed
seven years after it was created or last changed (unless a statutory, regulatory,
contractual or other requirement says otherwise). :func:`retention_plan` only *reports*;
:func:`apply_retention` de-identifies the reported clients when asked to.

With ``cutoff = as_of - years`` (calendar years), a client is reported when all of these
hold:

1. **identifying data is old**: the latest of DateCreated and DateUpdated of the client's
   live Client.csv row(s) is before ``cutoff``;
2. **no enrollment was active** on or after ``cutoff``: no live enrollment with an
   EntryDate on or before ``as_of`` and no exit, or an ExitDate on or after ``cutoff`` (an
   enrollment never exited counts as active, however old);
3. **no record was entered or changed** on or after ``cutoff``: no live row of any file keyed
   to the client (Enrollment.csv, Exit.csv, IncomeBenefits.csv, Services.csv, …) has a
   DateCreated or DateUpdated on or after ``cutoff``.

Deleted Client.csv rows are not reported. Clients whose DateCreated and DateUpdated are
both empty or invalid cannot be judged and are listed as ``undetermined``. Plans never hold
names, SSNs or dates of birth: only PersonalIDs and record dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from hmis_core._export import Export
from hmis_core.privacy._deidentify import DobMode, deidentify
from hmis_core.privacy._tables import as_day, client_files

__all__ = ["RetentionCandidate", "RetentionPlan", "apply_retention", "retention_plan"]


@attrs.frozen
class RetentionCandidate:
    """A client whose identifying data is due for removal.

    ``last_activity`` is the latest day seen anywhere in the client's records (record
    DateCreated/DateUpdated, EntryDate, ExitDate); it is before the plan's cutoff.

    >>> d = datetime.datetime(2015, 3, 1, 9, 0)
    >>> RetentionCandidate("C1", d, d, d.date()).personal_id
    'C1'
    """

    personal_id: str
    date_created: datetime.datetime | None
    date_updated: datetime.datetime | None
    last_activity: datetime.date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO dates)."""
        def iso(value: datetime.date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {"personal_id": self.personal_id, "date_created": iso(self.date_created),
                "date_updated": iso(self.date_updated),
                "last_activity": iso(self.last_activity)}


@attrs.frozen
class RetentionPlan:
    """The clients :func:`retention_plan` found, as of ``as_of`` (data older than ``cutoff``).

    >>> plan = RetentionPlan(datetime.date(2025, 1, 1), 7, datetime.date(2018, 1, 1), (), ())
    >>> plan.personal_ids, plan.to_dict()["candidates"]
    (frozenset(), [])
    """

    as_of: datetime.date
    years: int
    cutoff: datetime.date
    candidates: tuple[RetentionCandidate, ...]
    undetermined: tuple[str, ...]
    """PersonalIDs whose Client.csv dates are empty or invalid."""

    @property
    def personal_ids(self) -> frozenset[str]:
        """PersonalIDs of the candidates."""
        return frozenset(c.personal_id for c in self.candidates)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"as_of": self.as_of.isoformat(), "years": self.years,
                "cutoff": self.cutoff.isoformat(),
                "candidates": [c.to_dict() for c in self.candidates],
                "undetermined": list(self.undetermined)}


def _latest(*values: datetime.date | None) -> datetime.date | None:
    days = [v for v in values if v is not None]
    return max(days) if days else None


def retention_plan(export: Export, *, as_of: datetime.date, years: int = 7) -> RetentionPlan:
    """Clients whose identifying data was created or last changed more than ``years`` years
    before ``as_of`` and who are not in current use (rules in the module notes).

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> retention_plan(export, as_of=datetime.date(2026, 1, 1)).candidates
    ()
    >>> plan = retention_plan(export, as_of=datetime.date(2040, 1, 1))
    >>> len(plan.candidates), plan.cutoff  # the other 77 have an enrollment never exited
    (923, datetime.date(2033, 1, 1))
    """
    if years < 0:
        raise ValueError("years must be 0 or more")
    as_of = as_of.date() if isinstance(as_of, datetime.datetime) else as_of
    cutoff: datetime.date = as_of - relativedelta(years=years)

    activity: dict[str, datetime.date] = {}
    in_use: set[str] = set()

    def seen(personal_id: str, day: datetime.date | None) -> None:
        if day is None:
            return
        if day > activity.get(personal_id, datetime.date.min):
            activity[personal_id] = day
        if day >= cutoff:
            in_use.add(personal_id)

    for spec in client_files(export.standard):
        if spec.name == "Client":
            continue
        table = export.table(spec.name)
        if not table.present:
            continue
        ids, created, updated = table["PersonalID"], table["DateCreated"], table["DateUpdated"]
        for row in table.live_rows():
            personal_id = ids[row]
            if personal_id is not None:
                seen(personal_id, as_day(created[row]))
                seen(personal_id, as_day(updated[row]))

    enrollments, exits = export.table("Enrollment"), export.table("Exit")
    exit_dates: dict[str, datetime.date] = {}
    if exits.present:
        links, dates, ids = exits["EnrollmentID"], exits["ExitDate"], exits["PersonalID"]
        for row in exits.live_rows():
            day = dates[row]
            if links[row] is not None and day is not None:
                exit_dates[links[row]] = max(day, exit_dates.get(links[row], day))
                if ids[row] is not None:
                    activity[ids[row]] = max(day, activity.get(ids[row], day))
    if enrollments.present:
        ids, entries = enrollments["PersonalID"], enrollments["EntryDate"]
        enrollment_ids = enrollments["EnrollmentID"]
        for row in enrollments.live_rows():
            personal_id, entry = ids[row], entries[row]
            if personal_id is None or entry is None:
                continue
            activity[personal_id] = max(entry, activity.get(personal_id, entry))
            exit_day = exit_dates.get(enrollment_ids[row])
            if entry <= as_of and (exit_day is None or exit_day >= cutoff):
                in_use.add(personal_id)

    clients = export.table("Client")
    stamps: dict[str, tuple[datetime.datetime | None, datetime.datetime | None]] = {}
    if clients.present:
        ids, created, updated = (clients["PersonalID"], clients["DateCreated"],
                                 clients["DateUpdated"])
        for row in clients.live_rows():
            personal_id = ids[row]
            if personal_id is None:
                continue
            old_created, old_updated = stamps.get(personal_id, (None, None))
            new_created, new_updated = created[row], updated[row]
            stamps[personal_id] = (
                max((d for d in (old_created, new_created) if d is not None), default=None),
                max((d for d in (old_updated, new_updated) if d is not None), default=None),
            )
    candidates: list[RetentionCandidate] = []
    undetermined: list[str] = []
    for personal_id, (date_created, date_updated) in stamps.items():
        changed = _latest(as_day(date_created), as_day(date_updated))
        if changed is None:
            undetermined.append(personal_id)
            continue
        if changed >= cutoff or personal_id in in_use:
            continue
        candidates.append(RetentionCandidate(
            personal_id, date_created, date_updated,
            _latest(changed, activity.get(personal_id))))
    return RetentionPlan(as_of, years, cutoff, tuple(candidates), tuple(undetermined))


def apply_retention(
    export: Export,
    plan: RetentionPlan,
    *,
    key: bytes,
    dob: DobMode = "year",
    shift_dates: bool = False,
    pseudonymize: Sequence[str] = ("PersonalID",),
) -> Export:
    """A copy of ``export`` in which only the plan's clients are de-identified.

    Their names and SSN are emptied, their DOB generalised (``dob``; age bands are computed
    on the plan's ``as_of``), their PersonalID replaced by its keyed pseudonym in every file
    and their free text emptied, as :func:`~hmis_core.privacy.deidentify` does with
    ``clients=plan.personal_ids``. Everyone else's rows are unchanged, so counts and
    reports over the whole history still work. Nothing is deleted.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> plan = retention_plan(export, as_of=datetime.date(2040, 1, 1))
    >>> out = apply_retention(export, plan, key=b"retention key, 16+ bytes")
    >>> named = {c.personal_id for c in out.clients if c.first_name}
    >>> len(named), named.isdisjoint(plan.personal_ids), len(out.clients)
    (77, True, 1000)
    """
    return deidentify(export, key=key, dob=dob, shift_dates=shift_dates,
                      pseudonymize=pseudonymize, as_of=plan.as_of,
                      clients=plan.personal_ids)
