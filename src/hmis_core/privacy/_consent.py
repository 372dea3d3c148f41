"""Client consent (release of information, ROI): valid windows and the checks built on them.

A :class:`Consent` is one signed (or verbally given) release of information: the client
allows an agency (OrganizationID) or one project (ProjectID) to enter their data in the
HMIS and to see what other agencies share about them. It holds from the day it is signed up
to, but not including, the day it expires (by default one year after signing) or the day it
is revoked, whichever comes first. Windows are half-open: ``Window(start, end)`` covers
``start <= day < end``, so two windows that touch (one ends on the day the next starts)
leave no uncovered day between them, and a window never covers ``end`` itself.

A consent may also name a ``household_id``: the head of household signed for the household.
Such a consent covers the signer and the household's minor members (under ``adult_age``,
default 18, on the day in question); adult members sign their own unless
``adults_sign_own=False``. A member whose date of birth is unknown counts as an adult.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs
from dateutil.relativedelta import relativedelta

from hmis_core._export import Export
from hmis_core._findings import Finding, Severity
from hmis_core.privacy._tables import as_day, enrollment_files, project_organizations

__all__ = [
    "Consent",
    "ConsentMethod",
    "ConsentScope",
    "Window",
    "consent_findings",
    "consent_windows",
    "expiring_consents",
    "household_members_without_consent",
    "merge_windows",
    "records_without_consent",
]


class ConsentScope(enum.Enum):
    """What a consent is given to: a whole agency or one project.

    >>> ConsentScope("agency") is ConsentScope.AGENCY
    True
    """

    AGENCY = "agency"
    """``scope_id`` is an OrganizationID: every project of the agency."""
    PROJECT = "project"
    """``scope_id`` is a ProjectID: that project only."""


class ConsentMethod(enum.Enum):
    """How the consent was given.

    >>> ConsentMethod.VERBAL.value
    'verbal'
    """

    WRITTEN = "written"
    VERBAL = "verbal"


class Window(NamedTuple):
    """A half-open period of valid consent: ``start <= day < end``.

    >>> w = Window(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    >>> w.covers(datetime.date(2024, 1, 31)), w.covers(datetime.date(2024, 2, 1))
    (True, False)
    """

    start: datetime.date
    end: datetime.date

    def covers(self, day: datetime.date) -> bool:
        """Whether ``day`` falls in the window."""
        return self.start <= day < self.end

    @property
    def empty(self) -> bool:
        """Whether the window covers no day at all (``end <= start``)."""
        return self.end <= self.start


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _optional_day(value: datetime.date | None) -> datetime.date | None:
    return None if value is None else _day(value)


@attrs.frozen
class Consent:
    """One release of information given by a client.

    ``expires`` is the first day the consent no longer holds (default: one year after
    ``signed``; 29 February signs until 28 February of the next year). ``revoked`` is the
    first day the client withdrew it. Date-times are reduced to their day.

    >>> c = Consent("C1", ConsentScope.AGENCY, "O1", datetime.date(2024, 3, 1))
    >>> c.expires, c.window.end
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    >>> r = attrs.evolve(c, revoked=datetime.date(2024, 6, 1))
    >>> r.is_valid_on(datetime.date(2024, 5, 31)), r.is_valid_on(datetime.date(2024, 6, 1))
    (True, False)
    """

    personal_id: str
    """The client who gave consent (for a household consent: who signed it)."""
    scope: ConsentScope
    scope_id: str
    """OrganizationID (agency scope) or ProjectID (project scope)."""
    signed: datetime.date = attrs.field(converter=_day)
    expires: datetime.date = attrs.field(converter=_day, kw_only=True)
    method: ConsentMethod = attrs.field(default=ConsentMethod.WRITTEN, kw_only=True)
    household_id: str | None = attrs.field(default=None, kw_only=True)
    """Set when the consent was signed for a household (HouseholdID of Enrollment.csv)."""
    revoked: datetime.date | None = attrs.field(default=None, kw_only=True,
                                                converter=_optional_day)

    @expires.default
    def _one_year(self) -> datetime.date:
        end: datetime.date = self.signed + relativedelta(years=1)
        return end

    @property
    def window(self) -> Window:
        """The days the consent holds (may be empty when revoked before it was signed)."""
        end = self.expires if self.revoked is None else min(self.expires, self.revoked)
        return Window(self.signed, end)

    def is_valid_on(self, day: datetime.date) -> bool:
        """Whether the consent holds on ``day``."""
        return self.window.covers(_day(day))

    def applies_to(self, organization_id: str | None, project_id: str | None) -> bool:
        """Whether the consent's scope is the agency ``organization_id`` or the project
        ``project_id``.

        >>> Consent("C1", ConsentScope.PROJECT, "P1", datetime.date(2024, 1, 1)).applies_to(
        ...     "O1", "P1")
        True
        """
        if self.scope is ConsentScope.AGENCY:
            return organization_id is not None and self.scope_id == organization_id
        return project_id is not None and self.scope_id == project_id


def merge_windows(windows: Iterable[Window]) -> list[Window]:
    """Sorted, non-overlapping windows covering exactly the days ``windows`` cover.

    Overlapping and touching windows are merged; a gap of even one day is kept as a gap;
    empty windows are dropped.

    >>> d = datetime.date
    >>> merge_windows([Window(d(2024, 3, 1), d(2024, 6, 1)), Window(d(2024, 1, 1), d(2024, 3, 1)),
    ...                Window(d(2024, 6, 2), d(2024, 7, 1))])  # doctest: +NORMALIZE_WHITESPACE
    [Window(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 6, 1)),
     Window(start=datetime.date(2024, 6, 2), end=datetime.date(2024, 7, 1))]
    """
    merged: list[Window] = []
    for window in sorted(w for w in windows if not w.empty):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(last.start, max(last.end, window.end))
        else:
            merged.append(window)
    return merged


def consent_windows(
    consents: Iterable[Consent],
    *,
    organization_id: str | None = None,
    project_id: str | None = None,
) -> dict[str, list[Window]]:
    """Per PersonalID, the merged windows of valid consent (see :func:`merge_windows`).

    With ``organization_id`` and/or ``project_id`` only consents to that agency or project
    count; with neither, every consent counts whatever its scope. Consents count for the
    client who gave them (household consents are not extended to members here; the checks
    do that).

    >>> d = datetime.date
    >>> consents = [Consent("C1", ConsentScope.AGENCY, "O1", d(2023, 1, 1)),
    ...             Consent("C1", ConsentScope.PROJECT, "P9", d(2023, 12, 1)),
    ...             Consent("C1", ConsentScope.AGENCY, "O1", d(2024, 2, 1))]
    >>> for w in consent_windows(consents, organization_id="O1")["C1"]:
    ...     print(w.start, w.end)
    2023-01-01 2024-01-01
    2024-02-01 2025-02-01
    >>> for w in consent_windows(consents)["C1"]:
    ...     print(w.start, w.end)
    2023-01-01 2025-02-01
    """
    scoped = organization_id is not None or project_id is not None
    grouped: dict[str, list[Window]] = {}
    for consent in consents:
        if scoped and not consent.applies_to(organization_id, project_id):
            continue
        grouped.setdefault(consent.personal_id, []).append(consent.window)
    out: dict[str, list[Window]] = {}
    for personal_id, windows in grouped.items():
        merged = merge_windows(windows)
        if merged:
            out[personal_id] = merged
    return out


def _age(dob: datetime.date, day: datetime.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


_Key = tuple[str, ConsentScope, str]


class _Coverage:
    """Which consents cover which client, where and when (shared by checks and visibility)."""

    def __init__(
        self,
        consents: Iterable[Consent],
        export: Export,
        *,
        adult_age: int = 18,
        adults_sign_own: bool = True,
    ) -> None:
        own: dict[_Key, list[Window]] = {}
        household: dict[_Key, list[tuple[Window, str]]] = {}
        for consent in consents:
            window = consent.window
            if window.empty:
                continue
            own.setdefault((consent.personal_id, consent.scope, consent.scope_id),
                           []).append(window)
            if consent.household_id is not None:
                household.setdefault((consent.household_id, consent.scope, consent.scope_id),
                                     []).append((window, consent.personal_id))
        self.own = {key: merge_windows(ws) for key, ws in own.items()}
        self.household = household
        self.adult_age = adult_age
        self.adults_sign_own = adults_sign_own
        self.dob: dict[str, datetime.date] = {}
        clients = export.table("Client")
        if clients.present:
            ids, dobs = clients["PersonalID"], clients["DOB"]
            for row in clients.live_rows():
                pid, dob = ids[row], dobs[row]
                if pid is not None and dob is not None:
                    self.dob.setdefault(pid, dob)

    def is_minor(self, personal_id: str, day: datetime.date) -> bool:
        dob = self.dob.get(personal_id)
        return dob is not None and _age(dob, day) < self.adult_age

    def _scopes(self, organizations: Iterable[str], projects: Iterable[str]) -> list[
            tuple[ConsentScope, str]]:
        return ([(ConsentScope.AGENCY, o) for o in organizations]
                + [(ConsentScope.PROJECT, p) for p in projects])

    def covers(
        self,
        personal_id: str,
        day: datetime.date,
        *,
        organizations: Iterable[str],
        projects: Iterable[str],
        households: Iterable[str] = (),
    ) -> bool:
        """Whether a consent of the client (or a household consent extending to them) to one
        of ``organizations`` / ``projects`` holds on ``day``."""
        scopes = self._scopes(organizations, projects)
        for scope, scope_id in scopes:
            for window in self.own.get((personal_id, scope, scope_id), ()):
                if window.covers(day):
                    return True
        households = list(households)
        if not households or not self.household:
            return False
        member_covered = not self.adults_sign_own or self.is_minor(personal_id, day)
        for household_id in households:
            for scope, scope_id in scopes:
                for window, signer in self.household.get((household_id, scope, scope_id), ()):
                    if window.covers(day) and (member_covered or signer == personal_id):
                        return True
        return False


def records_without_consent(
    export: Export,
    consents: Iterable[Consent],
    *,
    column: str = "DateCreated",
    adult_age: int = 18,
    adults_sign_own: bool = True,
) -> list[Finding]:
    """Records entered when no consent to their project or its agency held.

    Every live row of Enrollment.csv and of each file keyed to an enrollment (Exit.csv,
    IncomeBenefits.csv, …) is checked: the day of its ``column`` (DateCreated by default;
    DateUpdated checks changes instead) must fall in a valid consent of the client to the
    enrollment's project or that project's organization, or in a household consent that
    extends to the client (see the module notes). Client.csv has no project and is not
    checked; rows whose date is empty or invalid, or whose enrollment is missing, are left
    to :func:`hmis_core.validate`. Finding code ``consent_missing`` (error).

    >>> import datetime as dt
    >>> from hmis_core.elements import Enrollment, Project, NoYes, RelationshipToHoH
    >>> from hmis_core.elements import NoYesReasonsForMissingData as M
    >>> t = dt.datetime(2024, 5, 2, 10, 0)
    >>> export = Export.from_records([
    ...     Project(project_id="P1", organization_id="O1", project_name="Shelter",
    ...             operating_start_date=dt.date(2020, 1, 1), continuum_project=NoYes.YES,
    ...             date_created=t, date_updated=t, user_id="U1", export_id="E1"),
    ...     Enrollment(enrollment_id="N1", personal_id="C1", project_id="P1",
    ...                entry_date=t.date(), household_id="H1",
    ...                relationship_to_hoh=RelationshipToHoH(1), disabling_condition=M(0),
    ...                date_created=t, date_updated=t, user_id="U1", export_id="E1")])
    >>> print(*(f.code for f in records_without_consent(export, [])))
    consent_missing
    >>> records_without_consent(export, [Consent("C1", ConsentScope.AGENCY, "O1",
    ...                                          dt.date(2024, 5, 2))])
    []
    """
    coverage = _Coverage(consents, export, adult_age=adult_age,
                         adults_sign_own=adults_sign_own)
    organization_of = project_organizations(export)
    enrollments = export.table("Enrollment")
    if not enrollments.present:
        return []
    by_id = enrollments.index("EnrollmentID", include_deleted=True)
    projects, households = enrollments["ProjectID"], enrollments["HouseholdID"]
    findings: list[Finding] = []
    for spec in enrollment_files(export.standard):
        table = export.table(spec.name)
        if not table.present or column not in table:
            continue
        ids, links, dates = table["PersonalID"], table["EnrollmentID"], table[column]
        for row in table.live_rows():
            personal_id, day = ids[row], as_day(dates[row])
            target = by_id.get(links[row])
            if personal_id is None or day is None or not target:
                continue
            project = projects[target[0]]
            organization = organization_of.get(project) if project is not None else None
            household = households[target[0]]
            if coverage.covers(personal_id, day,
                               organizations=[organization] if organization else [],
                               projects=[project] if project else [],
                               households=[household] if household else []):
                continue
            where = f"project {project}" + (f" (organization {organization})"
                                             if organization else "")
            findings.append(Finding(
                "consent_missing", Severity.ERROR, spec.name, table.line(row), column,
                dates.raw(row), None,
                f"PersonalID {personal_id}: record {column} {day.isoformat()} at {where} is "
                "outside every valid consent of the client to the project or its agency",
            ))
    return findings


def household_members_without_consent(
    export: Export,
    consents: Iterable[Consent],
    *,
    adult_age: int = 18,
    adults_sign_own: bool = True,
) -> list[Finding]:
    """Household members not covered by a consent while another member of the household is.

    For each HouseholdID of Enrollment.csv (live rows), each member's enrollment is checked
    on the day it was created (DateCreated), as :func:`records_without_consent` does. When
    at least one member is covered and another is not, the uncovered member's enrollment is
    reported (code ``household_member_without_consent``, warning): typically an adult member
    who has to sign their own consent, or a consent signed for the household that was never
    recorded with its HouseholdID. Households where nobody is covered are left to
    :func:`records_without_consent`.

    >>> household_members_without_consent(Export({}), [])
    []
    """
    coverage = _Coverage(consents, export, adult_age=adult_age,
                         adults_sign_own=adults_sign_own)
    organization_of = project_organizations(export)
    table = export.table("Enrollment")
    if not table.present:
        return []
    ids, projects, created = table["PersonalID"], table["ProjectID"], table["DateCreated"]
    findings: list[Finding] = []
    for household_id, rows in sorted(table.index("HouseholdID").items()):
        if len(rows) < 2:
            continue
        covered: dict[int, bool] = {}
        for row in rows:
            personal_id, day, project = ids[row], as_day(created[row]), projects[row]
            if personal_id is None or day is None or project is None:
                continue
            organization = organization_of.get(project)
            covered[row] = coverage.covers(
                personal_id, day, organizations=[organization] if organization else [],
                projects=[project], households=[household_id])
        if not any(covered.values()) or all(covered.values()):
            continue
        others = sorted({ids[r] for r, ok in covered.items() if ok})
        for row, ok in covered.items():
            if ok:
                continue
            day = as_day(created[row])
            assert day is not None
            personal_id = ids[row]
            why = ("" if coverage.is_minor(personal_id, day) or not coverage.adults_sign_own
                   else "; an adult (or a member of unknown age) signs their own consent")
            findings.append(Finding(
                "household_member_without_consent", Severity.WARNING, "Enrollment",
                table.line(row), "PersonalID", personal_id, "5.09",
                f"household {household_id}: PersonalID {personal_id} has no valid consent on "
                f"{day.isoformat()} while {', '.join(others)} of the household "
                f"{'does' if len(others) == 1 else 'do'}{why}",
            ))
    return findings


def expiring_consents(
    consents: Iterable[Consent],
    *,
    as_of: datetime.date,
    within_days: int = 30,
) -> list[Finding]:
    """Consents still valid on ``as_of`` that lapse within ``within_days`` days and have not
    been renewed (no other consent of the client with the same scope holds on the day it
    lapses). Revoked consents are not reported: they were withdrawn, not left to lapse.
    Finding code ``consent_expiring`` (warning), soonest first.

    >>> d = datetime.date
    >>> c = Consent("C1", ConsentScope.AGENCY, "O1", d(2023, 6, 10))
    >>> for f in expiring_consents([c], as_of=d(2024, 6, 1)):
    ...     print(f)
    PersonalID C1: written consent to agency O1 signed 2023-06-10 lapses on 2024-06-10 (in 9 days)
    >>> renewed = Consent("C1", ConsentScope.AGENCY, "O1", d(2024, 5, 20))
    >>> expiring_consents([c, renewed], as_of=d(2024, 6, 1))
    []
    """
    if within_days < 0:
        raise ValueError("within_days must be 0 or more")
    as_of = _day(as_of)
    horizon = as_of + datetime.timedelta(days=within_days)
    consents = list(consents)
    by_scope: dict[_Key, list[Consent]] = {}
    for consent in consents:
        by_scope.setdefault((consent.personal_id, consent.scope, consent.scope_id),
                            []).append(consent)
    found: list[tuple[datetime.date, int, Finding]] = []
    for n, consent in enumerate(consents):
        window = consent.window
        if window.end != consent.expires:  # revoked: withdrawn, not due for renewal
            continue
        if not window.covers(as_of) or window.end > horizon:
            continue
        same = by_scope[(consent.personal_id, consent.scope, consent.scope_id)]
        if any(other is not consent and other.is_valid_on(window.end) for other in same):
            continue
        days = (window.end - as_of).days
        found.append((window.end, n, Finding(
            "consent_expiring", Severity.WARNING, None, None, None, None, None,
            f"PersonalID {consent.personal_id}: {consent.method.value} consent to "
            f"{consent.scope.value} {consent.scope_id} signed {consent.signed.isoformat()} "
            f"lapses on {window.end.isoformat()} (in {days} day{'s' if days != 1 else ''})",
        )))
    return [f for _, _, f in sorted(found, key=lambda t: (t[0], t[1]))]


def consent_findings(
    export: Export,
    consents: Sequence[Consent],
    *,
    as_of: datetime.date | None = None,
    within_days: int = 30,
    adult_age: int = 18,
    adults_sign_own: bool = True,
) -> list[Finding]:
    """Every consent check: :func:`records_without_consent`,
    :func:`household_members_without_consent` and, when ``as_of`` is given,
    :func:`expiring_consents`.

    >>> consent_findings(Export({}), [])
    []
    """
    findings = records_without_consent(export, consents, adult_age=adult_age,
                                       adults_sign_own=adults_sign_own)
    findings += household_members_without_consent(export, consents, adult_age=adult_age,
                                                   adults_sign_own=adults_sign_own)
    if as_of is not None:
        findings += expiring_consents(consents, as_of=as_of, within_days=within_days)
    return findings
