"""Named defects injected into synthetic rows, each one matching a validator finding code,
so a test can assert that the validator finds exactly what was injected.

Every injector changes one record (two for duplicate keys) and returns the findings that
change must produce: ``(code, file, row, column)``, ``row`` being the 1-based line
(header = 1), as in :class:`hmis_core.Finding`.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from hmis_core.elements import FY2026

__all__ = ["DEFECTS", "Expected", "inject"]

Expected = tuple[str, str, int, str]
Rows = dict[str, list[list[str]]]
_Injector = Callable[[Rows, random.Random], list[Expected]]


def _col(file: str, column: str) -> int:
    return FY2026.file(file).column_names.index(column)


def _pick(rows: Rows, file: str, rng: random.Random) -> int:
    if not rows[file]:
        raise ValueError(f"cannot inject a defect into {file}.csv: it has no rows")
    return rng.randrange(len(rows[file]))


def _set(rows: Rows, file: str, column: str, rng: random.Random, value: str,
         code: str) -> list[Expected]:
    i = _pick(rows, file, rng)
    rows[file][i][_col(file, column)] = value
    return [(code, file, i + 2, column)]


def _duplicate_primary_key(rows: Rows, rng: random.Random) -> list[Expected]:
    file = "Exit" if len(rows["Exit"]) >= 2 else "Disabilities"
    if len(rows[file]) < 2:
        raise ValueError("cannot inject duplicate_primary_key: too few rows")
    a, b = rng.sample(range(len(rows[file])), 2)
    key = FY2026.file(file).primary_key
    rows[file][b][_col(file, key)] = rows[file][a][_col(file, key)]
    return [("duplicate_primary_key", file, a + 2, key), ("duplicate_primary_key", file, b + 2,
                                                          key)]


def _missing_reference(rows: Rows, rng: random.Random) -> list[Expected]:
    return _set(rows, "Exit", "EnrollmentID", rng, "NO-SUCH-ENROLLMENT", "missing_reference")


def _enrollment_person_mismatch(rows: Rows, rng: random.Random) -> list[Expected]:
    i = _pick(rows, "IncomeBenefits", rng)
    row = rows["IncomeBenefits"][i]
    pid = _col("IncomeBenefits", "PersonalID")
    others = [r[_col("Client", "PersonalID")] for r in rows["Client"]
              if r[_col("Client", "PersonalID")] != row[pid]]
    if not others:
        raise ValueError("cannot inject enrollment_person_mismatch: one client only")
    row[pid] = rng.choice(others)
    return [("enrollment_person_mismatch", "IncomeBenefits", i + 2, "PersonalID")]


def _household_id_reused(rows: Rows, rng: random.Random) -> list[Expected]:
    enrollments = rows["Enrollment"]
    project, household = _col("Enrollment", "ProjectID"), _col("Enrollment", "HouseholdID")
    pairs = [(i, j) for i in range(len(enrollments)) for j in range(len(enrollments))
             if enrollments[i][project] != enrollments[j][project]][:200]
    if not pairs:
        raise ValueError("cannot inject household_id_reused: one project only")
    i, j = rng.choice(pairs)
    target = enrollments[j][household]
    # every member of household i moves to j's HouseholdID: one finding per enrollment of both
    source = enrollments[i][household]
    moved = [k for k, r in enumerate(enrollments) if r[household] == source]
    for k in moved:
        enrollments[k][household] = target
    affected = [k for k, r in enumerate(enrollments) if r[household] == target]
    return [("household_id_reused", "Enrollment", k + 2, "HouseholdID") for k in affected]


DEFECTS: dict[str, _Injector] = {
    "duplicate_primary_key": _duplicate_primary_key,
    "missing_reference": _missing_reference,
    "enrollment_person_mismatch": _enrollment_person_mismatch,
    "household_id_reused": _household_id_reused,
    "value_not_in_list": lambda rows, rng: _set(rows, "Enrollment", "RelationshipToHoH", rng,
                                                "7", "value_not_in_list"),
    "invalid_date_format": lambda rows, rng: _set(rows, "Exit", "ExitDate", rng, "2024-13-45",
                                                  "invalid_date_format"),
    "invalid_type": lambda rows, rng: _set(rows, "Enrollment", "DisablingCondition", rng,
                                           "yes", "invalid_type"),
    "null_not_allowed": lambda rows, rng: _set(rows, "Exit", "Destination", rng, "",
                                               "null_not_allowed"),
    "string_too_long": lambda rows, rng: _set(rows, "Project", "ProjectName", rng, "x" * 201,
                                              "string_too_long"),
    "impermissible_characters": lambda rows, rng: _set(rows, "Organization",
                                                       "OrganizationName", rng, "Shelter <b>",
                                                       "impermissible_characters"),
    "export_id_mismatch": lambda rows, rng: _set(rows, "Client", "ExportID", rng, "OTHER",
                                                 "export_id_mismatch"),
    "implausible_date": lambda rows, rng: _set(rows, "Client", "DOB", rng, "1850-01-01",
                                               "implausible_date"),
}
"""Every defect that can be injected, by the finding code it produces."""


def inject(rows: Rows, defects: list[str], rng: random.Random) -> list[Expected]:
    """Apply ``defects`` (names from :data:`DEFECTS`) to ``rows`` in order; the expected
    findings, sorted."""
    expected: list[Expected] = []
    for name in defects:
        try:
            injector = DEFECTS[name]
        except KeyError:
            raise ValueError(f"unknown defect {name!r}; known: {sorted(DEFECTS)}") from None
        expected += injector(rows, rng)
    return sorted(set(expected))
