"""Visibility: what one agency may see, given consents, locked clients and protected projects.

The hand-built CoC (worked out in the comments) has the viewing agency O1 (project P1), an
ordinary agency O2 (P2, and the protected P4) and an agency O3 whose project P3 is
protected. Visibility is decided on 2025-06-01.
"""

from __future__ import annotations

import datetime as dt
import random

from _privacybuild import Builder, D
from hypothesis import event, given
from hypothesis import strategies as st

from hmis_core import Export
from hmis_core.elements import Enrollment
from hmis_core.privacy import (
    DEDUP_IDENTIFIERS,
    Access,
    Consent,
    ConsentScope,
    filter_export,
    visibility,
)
from hmis_core.privacy._tables import cells
from hmis_core.testing.strategies import exports

AS_OF = D(2025, 6, 1)
PROTECTED = {"P3", "P4"}
LOCKED = {"C3", "C10"}
AGENCY, PROJECT = ConsentScope.AGENCY, ConsentScope.PROJECT


def coc() -> Export:
    b = (Builder().organization("O1").organization("O2").organization("O3")
         .project("P1", "O1").project("P2", "O2").project("P3", "O3").project("P4", "O2"))
    for pid in ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"):
        b.client(pid, first=f"First{pid}", ssn=f"{int(pid[1:]):09d}")
    entry = D(2025, 1, 10)
    (b.enrollment("N1a", "C1", "P1", entry).enrollment("N1b", "C1", "P2", entry)
      .enrollment("N2", "C2", "P2", entry).exit("X2", "N2", "C2", D(2025, 3, 1))
      .enrollment("N3", "C3", "P2", entry)
      .enrollment("N4", "C4", "P3", entry).service("S4", "N4", "C4", D(2025, 1, 11))
      .enrollment("N5a", "C5", "P3", entry).enrollment("N5b", "C5", "P2", entry)
      .enrollment("N6", "C6", "P2", entry)
      .enrollment("N7", "C7", "P2", entry)
      .enrollment("N10", "C10", "P1", entry)
      .enrollment("N11", "C11", "P4", entry))
    return b.build()


CONSENTS = [
    Consent("C2", AGENCY, "O1", D(2025, 1, 10)),           # valid on 2025-06-01
    Consent("C3", AGENCY, "O1", D(2025, 1, 10)),           # valid, but C3 is locked
    Consent("C4", AGENCY, "O1", D(2025, 1, 10)),
    Consent("C5", AGENCY, "O1", D(2025, 1, 10)),
    Consent("C6", AGENCY, "O1", D(2024, 5, 1)),            # lapsed 2025-05-01
    Consent("C7", PROJECT, "P1", D(2025, 1, 10)),          # to O1's project P1
    Consent("C8", AGENCY, "O1", D(2025, 1, 10)),
    Consent("C11", AGENCY, "O2", D(2025, 1, 10)),          # to O2, not to O1
]


def view(organization: str = "O1") -> tuple[Export, Export]:
    export = coc()
    v = visibility(export, organization, consents=CONSENTS, as_of=AS_OF,
                   protected_projects=PROTECTED, locked_clients=LOCKED)
    return export, filter_export(export, v)


def test_client_access_and_reasons() -> None:
    export = coc()
    v = visibility(export, "O1", consents=CONSENTS, as_of=AS_OF,
                   protected_projects=PROTECTED, locked_clients=LOCKED)
    expected = {
        "C1": (Access.FULL, "own client"),        # enrolled at P1
        "C2": (Access.FULL, "consent"),           # P2 only, consent to O1
        "C3": (Access.NONE, "locked"),            # consent does not override the lock
        "C4": (Access.IDENTIFIERS, "protected projects only"),  # P3 only
        "C5": (Access.FULL, "consent"),           # P3 and the unprotected P2
        "C6": (Access.NONE, "no consent"),        # lapsed before as_of
        "C7": (Access.FULL, "consent"),           # project consent to O1's P1
        "C8": (Access.FULL, "consent"),           # no enrollment at all
        "C9": (Access.NONE, "no consent"),
        "C10": (Access.FULL, "own client"),       # locked, but O1's own client
        "C11": (Access.NONE, "no consent"),       # consented to O2 only
    }
    assert {pid: (v.access(pid), v.reasons[pid]) for pid in expected} == expected
    assert v.counts() == {"full": 6, "identifiers": 1, "none": 4}
    assert v.visible_rows("Project") is None  # descriptor files are visible in full


def test_filtered_export_records() -> None:
    _, mine = view()
    # Enrollments: own N1a and N10; N2 (C2), N5b (C5 at P2), N7 (C7). Not N1b (no consent
    # from C1 to O1), N3 (locked), N4/N5a (protected P3), N6 (lapsed), N11 (protected, and no
    # consent to O1).
    assert sorted(e.enrollment_id for e in mine.enrollments) == [
        "N10", "N1a", "N2", "N5b", "N7"]
    assert [x.exit_id for x in mine.exits] == ["X2"]
    assert list(mine.services) == []  # S4 belongs to the protected P3
    assert sorted(c.personal_id for c in mine.clients) == [
        "C1", "C10", "C2", "C4", "C5", "C7", "C8"]
    assert len(mine.projects) == 4
    assert len(mine.organizations) == 3


def test_identifier_only_client_row() -> None:
    original, mine = view()
    c4 = next(c for c in mine.clients if c.personal_id == "C4")
    # the deduplication identifiers are shared ...
    assert (c4.first_name, c4.last_name, c4.ssn, c4.dob) == (
        "FirstC4", "Smith", "000000004", D(1980, 5, 17))
    assert c4.name_data_quality == 1
    # ... and nothing else: race, veteran status and record dates are empty
    table = mine.table("Client")
    row = table.index("PersonalID")["C4"][0]
    for column in table.spec.column_names:
        if column not in DEDUP_IDENTIFIERS and column != "ExportID":
            assert table[column].raw(row) == "", column
    assert table["ExportID"].raw(row) == "E1"
    # a client with full access keeps everything
    c2 = next(c for c in mine.clients if c.personal_id == "C2")
    assert c2.white == 1
    assert c2.date_created is not None
    assert len(original.clients) == 11  # the input is untouched


def test_owner_of_protected_project_sees_its_own_clients() -> None:
    _, theirs = view("O3")
    # O3 owns P3: C4 and C5 are its own clients with their P3 enrollments and services.
    assert sorted(e.enrollment_id for e in theirs.enrollments) == ["N4", "N5a"]
    assert [s.services_id for s in theirs.services] == ["S4"]
    c4 = next(c for c in theirs.clients if c.personal_id == "C4")
    assert c4.white == 1


def test_household_consent_extends_to_minor_members_for_visibility() -> None:
    b = (Builder().organization("O1").organization("O2").project("P1", "O1")
         .project("P2", "O2")
         .client("H", dob=D(1980, 1, 1)).client("K", dob=D(2015, 1, 1))
         .enrollment("N1", "H", "P2", D(2025, 1, 1), household="HH")
         .enrollment("N2", "K", "P2", D(2025, 1, 1), household="HH", relationship=2))
    export = b.build()
    signed = Consent("H", AGENCY, "O1", D(2025, 1, 1), household_id="HH")
    v = visibility(export, "O1", consents=[signed], as_of=AS_OF)
    assert (v.access("H"), v.access("K")) == (Access.FULL, Access.FULL)
    assert len(filter_export(export, v).enrollments) == 2


# ----------------------------------------------------------------------------- property


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Export, str, set[str], set[str], list[Consent]]:
    export = draw(exports(max_clients=12))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    organizations = sorted({p.organization_id for p in export.projects})
    projects = sorted(p.project_id for p in export.projects)
    clients = sorted({c.personal_id for c in export.clients})
    viewer = rng.choice(organizations)
    protected = {p for p in projects if rng.random() < 0.6}
    locked = {c for c in clients if rng.random() < 0.2}
    # most clients consent to the viewer (some too early to be valid on 2025-09-30)
    consents = [Consent(c, AGENCY, viewer if rng.random() < 0.7 else rng.choice(organizations),
                        D(2024, 6, 1) + dt.timedelta(days=rng.randrange(480)))
                for c in clients if rng.random() < 0.8]
    return export, viewer, protected, locked, consents


@given(scenarios())
def test_protected_projects_never_expose_more_than_identifiers(
        scenario: tuple[Export, str, set[str], set[str], list[Consent]]) -> None:
    export, viewer, protected, locked, consents = scenario
    as_of = D(2025, 9, 30)
    v = visibility(export, viewer, consents=consents, as_of=as_of,
                   protected_projects=protected, locked_clients=locked)
    mine = filter_export(export, v)
    organization = {p.project_id: p.organization_id for p in export.projects}
    foreign_protected = {p for p in protected if organization[p] != viewer}
    hidden_enrollments = {e.enrollment_id
                          for e in export.records(Enrollment, include_deleted=True)
                          if e.project_id in foreign_protected}
    # no enrollment of another agency's protected project ...
    assert not {e.project_id for e in mine.enrollments} & foreign_protected
    # ... and no record keyed to one, in any file
    for name, table in mine.tables.items():
        if "EnrollmentID" in table.spec.column_names and name != "Enrollment":
            links = set(cells(table["EnrollmentID"], range(len(table))))
            assert not links & hidden_enrollments, name
    # clients known to the viewer only through protected projects: identifiers at most
    for client in mine.clients:
        projects = {e.project_id for e in export.enrollments.by("PersonalID",
                                                                  client.personal_id)}
        if projects and projects <= foreign_protected:
            table = mine.table("Client")
            row = table.index("PersonalID")[client.personal_id][0]
            for column in table.spec.column_names:
                if column not in DEDUP_IDENTIFIERS and column != "ExportID":
                    assert table[column].raw(row) == "", column
    # locked clients: only the viewer's own records
    for e in mine.enrollments:
        if e.personal_id in locked:
            assert organization[e.project_id] == viewer
    event(f"identifier-only clients: {min(v.counts()['identifiers'], 3)}")
