"""What one agency may see of an export: consent, locked clients and protected projects.

The rules, for the agency ``organization_id`` looking at the data on the day ``as_of``:

1. Files that hold no client data (Export, Organization, User, Project, Funder, ProjectCoC,
   Inventory, Affiliation, HMISParticipation, CEParticipation) are visible in full.
2. A record of Enrollment.csv, or of a file keyed to an enrollment (Exit.csv,
   IncomeBenefits.csv, …), is visible in full when the enrollment's project belongs to the
   agency (an agency always sees its own projects' data). A record of another agency's
   project is visible only when **all** of these hold: the client is not locked (they
   declined to share), the project is not protected, and the client has a consent valid on
   ``as_of`` to the viewing agency or one of its projects (or a household consent that
   extends to them, see :mod:`._consent`). A record whose enrollment or project is unknown
   is treated as another agency's record of an unprotected project.
3. A Client.csv row is visible

   * in full (:attr:`Access.FULL`) when the client has a live enrollment at one of the
     agency's projects ("own client");
   * not at all (:attr:`Access.NONE`) when the client is locked or has no consent valid on
     ``as_of`` to the agency;
   * as deduplication identifiers only (:attr:`Access.IDENTIFIERS`: :data:`DEDUP_IDENTIFIERS`
     and the ExportID; every other column empty) when every live enrollment of the client is
     at a protected project;
   * in full otherwise (consent, and at least one unprotected enrollment or none at all).

Protection limits *what* is shared; consent and locking decide *whether* anything is.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping

import attrs

from hmis_core._export import Export
from hmis_core._table import Table
from hmis_core.elements import CURRENT
from hmis_core.privacy._consent import Consent, _Coverage
from hmis_core.privacy._tables import cells, enrollment_files, new_table, project_organizations

__all__ = ["DEDUP_IDENTIFIERS", "Access", "Visibility", "filter_export", "visibility"]

DEDUP_IDENTIFIERS: tuple[str, ...] = (
    "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality",
    "SSN", "SSNDataQuality", "DOB", "DOBDataQuality", "Sex",
    "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican",
    "NativeHIPacific", "White",
)
"""Client.csv columns a protected project shares: what deduplication compares
(:data:`hmis_core.dedup.CLIENT_COLUMNS` less DateDeleted, plus NameSuffix), nothing else."""

_ALWAYS_KEPT = ("ExportID",)


class Access(enum.Enum):
    """How much of a client's Client.csv row an agency may see.

    >>> Access.IDENTIFIERS.value
    'identifiers'
    """

    FULL = "full"
    IDENTIFIERS = "identifiers"
    NONE = "none"


@attrs.frozen
class Visibility:
    """What the agency ``organization_id`` may see of one export on the day ``as_of``.

    ``clients`` gives each PersonalID's :class:`Access` to Client.csv and ``reasons`` why
    (``own client``, ``consent``, ``protected projects only``, ``locked``, ``no consent``).
    ``rows`` gives, per client file, the table rows (0-based, deleted rows included) the
    agency may see; files not listed are visible in full. Use :func:`filter_export` to get
    the export the agency may see.

    >>> v = Visibility("O1", datetime.date(2024, 1, 1), {"C1": Access.IDENTIFIERS},
    ...                {"C1": "protected projects only"}, {"Client": (0,)})
    >>> fields = v.client_fields("C1")
    >>> "FirstName" in fields, "VeteranStatus" in fields, v.client_fields("C9")
    (True, False, frozenset())
    """

    organization_id: str
    as_of: datetime.date
    clients: Mapping[str, Access]
    reasons: Mapping[str, str]
    rows: Mapping[str, tuple[int, ...]]

    def access(self, personal_id: str) -> Access:
        """The agency's access to the client's Client.csv row (NONE for unknown clients)."""
        return self.clients.get(personal_id, Access.NONE)

    def client_fields(self, personal_id: str) -> frozenset[str]:
        """The Client.csv columns of the client the agency may see.

        ``ExportID`` is kept on every visible row; it says nothing about the client.
        """
        access = self.access(personal_id)
        if access is Access.NONE:
            return frozenset()
        if access is Access.IDENTIFIERS:
            return frozenset(DEDUP_IDENTIFIERS + _ALWAYS_KEPT)
        return frozenset(CURRENT.file("Client").column_names)

    def visible_rows(self, file: str) -> tuple[int, ...] | None:
        """Rows of ``file`` the agency may see, or None when the whole file is visible."""
        return self.rows.get(file.removesuffix(".csv"))

    def counts(self) -> dict[str, int]:
        """How many clients get each access level.

        >>> Visibility("O1", datetime.date(2024, 1, 1), {"C1": Access.FULL}, {}, {}).counts()
        {'full': 1, 'identifiers': 0, 'none': 0}
        """
        out = {a.value: 0 for a in Access}
        for access in self.clients.values():
            out[access.value] += 1
        return out


def _consented(
    coverage: _Coverage,
    personal_id: str,
    as_of: datetime.date,
    organization_id: str,
    own_projects: Iterable[str],
    households: Iterable[str],
) -> bool:
    return coverage.covers(personal_id, as_of, organizations=[organization_id],
                           projects=own_projects, households=households)


def visibility(
    export: Export,
    organization_id: str,
    *,
    consents: Iterable[Consent],
    as_of: datetime.date,
    protected_projects: Iterable[str] = (),
    locked_clients: Iterable[str] = (),
    adult_age: int = 18,
    adults_sign_own: bool = True,
) -> Visibility:
    """Decide what the agency ``organization_id`` may see of ``export`` on ``as_of``.

    The rules are in the module notes (``docs/privacy.md``): own projects always; other
    agencies' records of unprotected projects with the client's valid consent to the agency
    unless the client is locked; protected projects' clients as deduplication identifiers
    only (with consent, unless locked).

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> v = visibility(export, "O0001", consents=[], as_of=datetime.date(2025, 9, 30))
    >>> v.reasons["C1"], v.access("C1")
    ('no consent', <Access.NONE: 'none'>)
    """
    as_of = as_of.date() if isinstance(as_of, datetime.datetime) else as_of
    protected = frozenset(protected_projects)
    locked = frozenset(locked_clients)
    coverage = _Coverage(consents, export, adult_age=adult_age,
                         adults_sign_own=adults_sign_own)
    organization_of = project_organizations(export)
    own_projects = sorted(p for p, o in organization_of.items() if o == organization_id)
    own = frozenset(own_projects)

    enrollments = export.table("Enrollment")
    project_of_enrollment: dict[str, str | None] = {}
    live_projects: dict[str, list[str | None]] = {}
    households: dict[str, set[str]] = {}
    if enrollments.present:
        e_ids, e_people = enrollments["EnrollmentID"], enrollments["PersonalID"]
        e_projects, e_households = enrollments["ProjectID"], enrollments["HouseholdID"]
        live = set(enrollments.live_rows())
        for row in range(len(enrollments)):
            enrollment_id, project = e_ids[row], e_projects[row]
            if enrollment_id is not None:
                project_of_enrollment.setdefault(enrollment_id, project)
            personal_id = e_people[row]
            if row in live and personal_id is not None:
                live_projects.setdefault(personal_id, []).append(project)
                household = e_households[row]
                if household is not None:
                    households.setdefault(personal_id, set()).add(household)

    consent_cache: dict[str, bool] = {}

    def consented(personal_id: str) -> bool:
        known = consent_cache.get(personal_id)
        if known is None:
            known = _consented(coverage, personal_id, as_of, organization_id, own_projects,
                               sorted(households.get(personal_id, ())))
            consent_cache[personal_id] = known
        return known

    clients: dict[str, Access] = {}
    reasons: dict[str, str] = {}

    def decide(personal_id: str) -> Access:
        if personal_id in clients:
            return clients[personal_id]
        projects = live_projects.get(personal_id, [])
        if any(p in own for p in projects):
            access, reason = Access.FULL, "own client"
        elif personal_id in locked:
            access, reason = Access.NONE, "locked"
        elif not consented(personal_id):
            access, reason = Access.NONE, "no consent"
        elif projects and all(p in protected for p in projects):
            access, reason = Access.IDENTIFIERS, "protected projects only"
        else:
            access, reason = Access.FULL, "consent"
        clients[personal_id] = access
        reasons[personal_id] = reason
        return access

    rows: dict[str, tuple[int, ...]] = {}
    client_table = export.table("Client")
    if client_table.present:
        ids = client_table["PersonalID"]
        rows["Client"] = tuple(r for r in range(len(client_table))
                               if ids[r] is not None and decide(ids[r]) is not Access.NONE)

    def record_visible(personal_id: str | None, enrollment_id: str | None) -> bool:
        project = project_of_enrollment.get(enrollment_id) if enrollment_id else None
        if project is not None and project in own:
            return True
        if personal_id is None or personal_id in locked:
            return False
        if project is not None and project in protected:
            return False
        return consented(personal_id)

    for spec in enrollment_files(export.standard):
        table = export.table(spec.name)
        if not table.present:
            continue
        people, links = table["PersonalID"], table["EnrollmentID"]
        rows[spec.name] = tuple(r for r in range(len(table))
                                if record_visible(people[r], links[r]))
        for r in rows[spec.name]:  # clients seen only through records still get a decision
            if people[r] is not None:
                decide(people[r])
    return Visibility(organization_id, as_of, clients, reasons, rows)


def _filtered(table: Table, export: Export, rows: tuple[int, ...] | None,
              identifiers_only: frozenset[str]) -> Table:
    spec = table.spec
    keep = range(len(table)) if rows is None else rows
    header = list(spec.column_names)
    columns = [cells(table[name], keep) for name in header]
    if identifiers_only and spec.name == "Client":
        ids = cells(table["PersonalID"], keep)
        hidden = [i for i, pid in enumerate(ids) if pid in identifiers_only]
        allowed = set(DEDUP_IDENTIFIERS) | set(_ALWAYS_KEPT)
        for name, column in zip(header, columns, strict=True):
            if name not in allowed:
                for i in hidden:
                    column[i] = ""
    return new_table(spec, export.standard, header, columns)


def filter_export(export: Export, view: Visibility) -> Export:
    """A new export holding only what ``view`` lets its agency see.

    Rows the agency may not see are left out; Client.csv rows of identifier-only clients
    keep :data:`DEDUP_IDENTIFIERS` and ExportID, every other column empty (such an export is
    a view, not an upload: :func:`hmis_core.validate` reports those empty required columns).
    Columns outside the specification are not carried over.

    >>> import hmis_core
    >>> export, _ = hmis_core.read_export(hmis_core.sample_export_path())
    >>> view = visibility(export, "O0001", consents=[], as_of=datetime.date(2025, 9, 30))
    >>> mine = filter_export(export, view)
    >>> {e.project_id for e in mine.enrollments} <= {"P0001", "P0007", "P0013", "P0019"}
    True
    """
    identifiers_only = frozenset(pid for pid, a in view.clients.items()
                                 if a is Access.IDENTIFIERS)
    tables: dict[str, Table] = {}
    for name, table in export.tables.items():
        if not table.present:
            continue
        tables[name] = _filtered(table, export, view.visible_rows(name), identifiers_only)
    return Export(tables, standard=export.standard)
