"""Household evidence: a family re-entered together by another agency links its weak members,
and nothing else - unrelated families sharing a surname, twins the household cannot tell
apart and members of one household stay apart."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import pytest

from hmis_core import Export, write_export
from hmis_core._cli import main
from hmis_core.dedup import ENROLLMENT_COLUMNS, Clusters, DedupConfig, deduplicate
from hmis_core.dedup._household import HOUSEHOLD_LEVEL
from hmis_core.elements import (
    Client,
    DOBDataQuality,
    Enrollment,
    NameDataQuality,
    NoYes,
    NoYesReasonsForMissingData,
    RelationshipToHoH,
    Sex,
    SSNDataQuality,
)
from hmis_core.testing import synthesize

T = datetime.datetime(2025, 1, 1, 9, 0)
WOMAN, MAN = 0, 1


def client(pid: str, first: str | None, last: str | None, dob: str | None,
           ssn: str | None = None, sex: int = MAN, *, middle: str | None = None) -> Client:
    return Client(
        personal_id=pid, first_name=first, middle_name=middle, last_name=last,
        name_data_quality=NameDataQuality(1 if first and last else 2), ssn=ssn,
        ssn_data_quality=SSNDataQuality(1 if ssn else 99),
        dob=datetime.date.fromisoformat(dob) if dob else None,
        dob_data_quality=DOBDataQuality(1 if dob else 99), sex=Sex(sex),
        am_ind_ak_native=NoYes.NO, asian=NoYes.NO, black_af_american=NoYes.YES,
        hispanic_latinao=NoYes.NO, mid_east_n_african=NoYes.NO, native_hi_pacific=NoYes.NO,
        white=NoYes.NO, veteran_status=NoYesReasonsForMissingData.NO, date_created=T,
        date_updated=T, user_id="U1", export_id="E1")


def enrollments(households: dict[str, list[str]]) -> list[Enrollment]:
    """One enrollment per member; the first member of each household is its head."""
    return [Enrollment(enrollment_id=f"E-{household}-{pid}", personal_id=pid, project_id="P1",
                       entry_date=datetime.date(2024, 1, 1), household_id=household,
                       relationship_to_hoh=RelationshipToHoH(1 if i == 0 else 2),
                       disabling_condition=NoYesReasonsForMissingData.NO, date_created=T,
                       date_updated=T, user_id="U1", export_id="E1")
            for household, members in households.items() for i, pid in enumerate(members)]


@pytest.fixture(scope="module")
def background() -> tuple[list[Client], list[Enrollment]]:
    """A realistic population (with its households) the models learn from."""
    export, _ = synthesize(clients=3000, seed=5)
    return list(export.clients), list(export.enrollments)


def run(background: tuple[list[Client], list[Enrollment]], clients: list[Client],
        households: dict[str, list[str]], config: DedupConfig | None = None, *,
        shuffle: int | None = None) -> tuple[Clusters, Clusters]:
    """(with the households, from the Client records alone)."""
    people, stays = background
    added = enrollments(households)
    if shuffle is not None:
        added = [*stays, *added]
        random.Random(shuffle).shuffle(added)
        stays = []
    export = Export.from_records([*people, *clients, *stays, *added])
    return (deduplicate(export, config=config),
            deduplicate([*people, *clients], config=config))


def linked(result: Clusters, a: str, b: str) -> bool:
    return b in result.cluster_of(a)


MOTHER = client("F1", "Angela", "Johnson", "1984-03-12", "512334455", WOMAN)
MOTHER_AGAIN = client("G1", "Angela", "Johnson", "1984-03-12", "512334455", WOMAN)
SON = client("F4", "Darnell", "Johnson", "2015-09-21", None, MAN)


def test_reentered_family_links_a_member_without_name_dob_or_ssn(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    # another agency re-entered the mother and her daughter; the daughter's new record has
    # only the surname: nothing links it on its own, the household does
    daughter = client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN)
    again = client("G3", None, "Johnson", None, None, WOMAN)
    with_households, alone = run(background, [MOTHER, daughter, SON, MOTHER_AGAIN, again],
                                 {"HF": ["F1", "F3", "F4"], "HG": ["G1", "G3"]})
    assert linked(with_households, "F1", "G1")
    assert linked(with_households, "F3", "G3")
    assert not linked(with_households, "F4", "G3")  # the son is not a better match
    assert not linked(alone, "F3", "G3")
    pair = next(p for p in with_households.pairs if {p.a, p.b} == {"F3", "G3"})
    evidence = {e.field: e for e in pair.evidence}
    assert evidence["household"].level == HOUSEHOLD_LEVEL
    assert evidence["household"].weight > 0
    assert abs(sum(e.weight for e in pair.evidence) + with_households.model.prior_weight
               - pair.match_weight) < 1e-6
    assert with_households.model.household is not None
    # no household evidence on the anchor itself, nor without Enrollment.csv
    anchor = next(p for p in with_households.pairs if {p.a, p.b} == {"F1", "G1"})
    assert "household" not in {e.field for e in anchor.evidence}
    assert all(p.household_weight == 0 for p in alone.pairs)


def test_reentered_family_lifts_the_twin_guard_in_hashed_exports(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    # hashed names are only equal or not: a nickname looks like a twin's other name, and
    # without an SSN the twin guard keeps the pair apart - unless the household settles it
    daughter = client("F3", "Katherine", "Johnson", "2012-05-04", "623114455", WOMAN)
    again = client("G3", "Kate", "Johnson", "2012-05-04", None, WOMAN)
    with_households, alone = run(background, [MOTHER, daughter, SON, MOTHER_AGAIN, again],
                                 {"HF": ["F1", "F3", "F4"], "HG": ["G1", "G3"]},
                                 DedupConfig(hashed=True))
    assert linked(with_households, "F3", "G3")
    assert not linked(alone, "F3", "G3")


def test_unrelated_households_sharing_a_surname_stay_apart(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    daughter = client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN)
    other_mother = client("K1", "Brenda", "Johnson", "1979-02-02", "601778899", WOMAN)
    other_daughter = client("K2", None, "Johnson", None, None, WOMAN)
    with_households, _ = run(background, [MOTHER, daughter, SON, other_mother,
                                          other_daughter],
                             {"HF": ["F1", "F3", "F4"], "HK": ["K1", "K2"]})
    for pid in ("K1", "K2"):
        assert with_households.cluster_of(pid) == [pid]


def test_twins_the_household_cannot_tell_apart_stay_apart(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    # the re-entered record has the twins' surname and birth date but no first name: it is
    # one of them, the household cannot say which
    twins = [client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN),
             client("F5", "Jada", "Johnson", "2012-05-04", None, WOMAN)]
    again = client("G3", None, "Johnson", "2012-05-04", None, WOMAN)
    with_households, alone = run(background, [MOTHER, *twins, MOTHER_AGAIN, again],
                                 {"HF": ["F1", "F3", "F5"], "HG": ["G1", "G3"]})
    assert with_households.cluster_of("G3") == ["G3"]
    assert not linked(with_households, "F3", "F5")
    assert linked(alone, "F3", "F5")  # from the Client records alone: one cluster of three


def test_members_of_one_household_are_never_one_person(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    # a father and his son of the same rare name; the son's record lacks DOB and SSN
    father = client("S1", "Kwabena", "Asantewaa", "1970-01-01", "412556677", MAN)
    son = client("S2", "Kwabena", "Asantewaa", None, None, MAN)
    with_households, alone = run(background, [father, son], {"HS": ["S1", "S2"]})
    assert linked(alone, "S1", "S2")
    assert not linked(with_households, "S1", "S2")


def test_households_do_not_depend_on_enrollment_order(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    daughter = client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN)
    again = client("G3", None, "Johnson", None, None, WOMAN)
    people = [MOTHER, daughter, SON, MOTHER_AGAIN, again]
    households = {"HF": ["F1", "F3", "F4"], "HG": ["G1", "G3"]}
    first, _ = run(background, people, households, shuffle=1)
    second, _ = run(background, people, households, shuffle=2)
    assert first.clusters == second.clusters
    assert [(p.a, p.b, round(p.probability, 9)) for p in first.pairs] == \
        [(p.a, p.b, round(p.probability, 9)) for p in second.pairs]


def test_households_can_be_turned_off(
        background: tuple[list[Client], list[Enrollment]]) -> None:
    daughter = client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN)
    again = client("G3", None, "Johnson", None, None, WOMAN)
    result, _ = run(background, [MOTHER, daughter, SON, MOTHER_AGAIN, again],
                    {"HF": ["F1", "F3", "F4"], "HG": ["G1", "G3"]},
                    DedupConfig(households=False))
    assert not linked(result, "F3", "G3")
    assert result.model.household is None


def test_enrollment_columns_are_what_households_read() -> None:
    assert set(ENROLLMENT_COLUMNS) == {"PersonalID", "HouseholdID", "DateDeleted"}


def test_generated_families_gain_recall_without_losing_precision() -> None:
    # many missing SSNs and name parts, typos: duplicates the fields alone often miss
    export, truth = synthesize(clients=6000, seed=7, error_rates={
        "ssn_missing": 0.5, "missing_name_part": 0.3, "typo_first": 0.4, "typo_last": 0.4})
    true_pairs = truth.pairs()

    def scores(result: Clusters) -> tuple[float, float]:
        predicted = {(a, b) for c in result.clusters for i, a in enumerate(c)
                     for b in c[i + 1:]}
        tp = len(predicted & true_pairs)
        return tp / max(1, len(predicted)), tp / max(1, len(true_pairs))

    with_households = scores(deduplicate(export))
    alone = scores(deduplicate(export, config=DedupConfig(households=False)))
    assert with_households[1] > alone[1]
    assert with_households[0] >= alone[0] - 0.002


def test_the_cli_reads_the_household_evidence(
        background: tuple[list[Client], list[Enrollment]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    # the re-entered family above, written as an export: `hmis dedup` reads Enrollment.csv
    # too, so it links the daughter's surname-only record as the library does
    daughter = client("F3", "Jasmine", "Johnson", "2012-05-04", None, WOMAN)
    again = client("G3", None, "Johnson", None, None, WOMAN)
    people, stays = background
    export = Export.from_records([*people, MOTHER, daughter, SON, MOTHER_AGAIN, again, *stays,
                                  *enrollments({"HF": ["F1", "F3", "F4"], "HG": ["G1", "G3"]})])
    write_export(export, tmp_path / "x.zip")
    assert main(["dedup", str(tmp_path / "x.zip"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cluster = next(c for c in doc["clusters"] if "F3" in c)
    assert "G3" in cluster
    expected = deduplicate(export)
    assert doc["unduplicated_count"] == expected.unduplicated_count
