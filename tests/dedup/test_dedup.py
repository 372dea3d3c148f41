"""Deduplication: each kind of entry error links, the hard negatives stay apart, and the
result is a deterministic, order-independent partition that honours administrators."""

from __future__ import annotations

import datetime
import random

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmis_core.dedup import DEFAULT_BLOCKING, LEVELS, Clusters, DedupConfig, deduplicate
from hmis_core.dedup._blocking import candidate_pairs
from hmis_core.dedup._compare import Comparer
from hmis_core.dedup._engine import records_from
from hmis_core.elements import (
    Client,
    DOBDataQuality,
    NameDataQuality,
    NoYes,
    NoYesReasonsForMissingData,
    Sex,
    SSNDataQuality,
)
from hmis_core.testing import synthesize

T = datetime.datetime(2025, 1, 1, 9, 0)


def client(pid: str, first: str | None, last: str | None, dob: str | None,
           ssn: str | None = None, sex: int = 1, *, middle: str | None = None,
           ssn_quality: int | None = None, dob_quality: int = 1) -> Client:
    if ssn_quality is None:
        ssn_quality = 99 if not ssn else (2 if ssn.startswith("x") else 1)
    return Client(
        personal_id=pid, first_name=first, middle_name=middle, last_name=last,
        name_data_quality=NameDataQuality.FULL_NAME_REPORTED, ssn=ssn,
        ssn_data_quality=SSNDataQuality(ssn_quality),
        dob=datetime.date.fromisoformat(dob) if dob else None,
        dob_data_quality=DOBDataQuality(dob_quality if dob else 99), sex=Sex(sex),
        am_ind_ak_native=NoYes.NO, asian=NoYes.NO, black_af_american=NoYes.NO,
        hispanic_latinao=NoYes.NO, mid_east_n_african=NoYes.NO, native_hi_pacific=NoYes.NO,
        white=NoYes.YES, veteran_status=NoYesReasonsForMissingData.NO, date_created=T,
        date_updated=T, user_id="U1", export_id="E1")


@pytest.fixture(scope="module")
def background() -> list[Client]:
    """A realistic population the model learns its parameters from."""
    export, _ = synthesize(clients=3000, seed=5)
    return list(export.clients)


def linked(result: Clusters, a: str, b: str) -> bool:
    return b in result.cluster_of(a)


SHOULD_LINK = {
    "nickname": (client("Q1", "William", "Okonkwo", "1980-02-14", "219456781"),
                 client("Q2", "Bill", "Okonkwo", "1980-02-14", "219456781")),
    "transposed_dob": (client("Q1", "Maria", "Velazquez", "1985-03-07", sex=0),
                       client("Q2", "Maria", "Velazquez", "1985-07-03", sex=0)),
    "swapped_names": (client("Q1", "Tran", "Minh", "1979-10-30", "318224905"),
                      client("Q2", "Minh", "Tran", "1979-10-30", "318224905")),
    "partial_ssn": (client("Q1", "Denise", "Harrow", "1990-06-21", "402551234", sex=0),
                    client("Q2", "Denise", "Harrow", "1990-06-21", "xxxxx1234", sex=0)),
    "typo_in_surname": (client("Q1", "Gregory", "Pemberton", "1971-12-02"),
                        client("Q2", "Gregory", "Pembreton", "1971-12-02")),
    "married_name": (client("Q1", "Alicia", "Brandt", "1988-09-09", "523874410", sex=0),
                     client("Q2", "Alicia", "Kowalczyk", "1988-09-09", "523874410", sex=0)),
    "suffix_and_case": (client("Q1", "ROBERT", "GARCIA-LOPEZ JR", "1966-04-04", "601223344"),
                        client("Q2", "Robert", "Garcia Lopez", "1966-04-04", "601223344")),
}

MUST_NOT_LINK = {
    "twins": (client("Q1", "Ashley", "Whitfield", "2001-05-05", "522119876", sex=0),
              client("Q2", "Amber", "Whitfield", "2001-05-05", "522119877", sex=0)),
    "parent_and_child": (client("Q1", "Marcus", "Dunleavy", "1961-08-19", "301554321",
                                middle="A"),
                         client("Q2", "Marcus", "Dunleavy Jr", "1989-03-02", "301998765",
                                middle="A")),
    "common_name_different_dob": (client("Q1", "James", "Smith", "1980-01-05"),
                                  client("Q2", "James", "Smith", "1992-11-20")),
    "same_ssn_typo_but_different_people": (
        client("Q1", "Harold", "Ng", "1950-01-01", "401122233"),
        client("Q2", "Beatrice", "Okafor", "1997-12-30", "401122234", sex=0)),
}


@pytest.mark.parametrize("case", sorted(SHOULD_LINK))
def test_entry_errors_are_linked(background: list[Client], case: str) -> None:
    a, b = SHOULD_LINK[case]
    result = deduplicate([*background, a, b])
    assert linked(result, "Q1", "Q2"), case
    pair = next(p for p in result.pairs if {p.a, p.b} == {"Q1", "Q2"})
    assert pair.probability >= 0.9
    assert {e.field for e in pair.evidence} == {"first_name", "last_name", "middle_initial",
                                                 "dob", "ssn", "sex", "race"}
    assert abs(sum(e.weight for e in pair.evidence) + result.model.prior_weight
               - pair.match_weight) < 1e-6
    if case == "swapped_names":
        assert pair.names_swapped
    if case == "transposed_dob":
        assert {e.field: e.level for e in pair.evidence}["dob"] == \
            "day and month transposed"


@pytest.mark.parametrize("case", sorted(MUST_NOT_LINK))
def test_hard_negatives_stay_apart(background: list[Client], case: str) -> None:
    a, b = MUST_NOT_LINK[case]
    result = deduplicate([*background, a, b])
    assert not linked(result, "Q1", "Q2"), case


def test_conflicting_full_ssns_veto_a_merge(background: list[Client]) -> None:
    # same name and DOB but full SSNs that differ in many digits: two people
    a = client("Q1", "Kevin", "Marchetti", "1975-05-15", "212345678")
    b = client("Q2", "Kevin", "Marchetti", "1975-05-15", "587654321")
    assert not linked(deduplicate([*background, a, b]), "Q1", "Q2")
    # without the veto, rare name and exact DOB outweigh the SSN: the veto is what decides
    rules = attrs.evolve(DedupConfig().rules, veto_conflicting_ssn=False)
    result = deduplicate([*background, a, b], config=DedupConfig(rules=rules))
    assert linked(result, "Q1", "Q2")


def test_never_and_always_link(background: list[Client]) -> None:
    a, b = SHOULD_LINK["nickname"]
    result = deduplicate([*background, a, b], config=DedupConfig(never_link=(("Q2", "Q1"),)))
    assert not linked(result, "Q1", "Q2")
    c = client("Q3", "Zed", "Quimby", "1999-09-09")
    result = deduplicate([*background, a, c], config=DedupConfig(always_link=(("Q1", "Q3"),)))
    assert linked(result, "Q1", "Q3")


def test_exact_copy_joins_its_cluster(background: list[Client]) -> None:
    rng = random.Random(3)
    picks = rng.sample(background, 5)
    copies = [attrs.evolve(c, personal_id=f"COPY-{c.personal_id}") for c in picks]
    result = deduplicate([*background, *copies])
    for original, copy in zip(picks, copies, strict=True):
        if original.first_name or original.dob or original.ssn:
            assert linked(result, original.personal_id, copy.personal_id)


def _canonical(result: Clusters) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    return result.clusters, [(p.a, p.b, round(p.probability, 9)) for p in result.pairs]


def test_result_does_not_depend_on_input_order(background: list[Client]) -> None:
    first = deduplicate(background)
    shuffled = list(background)
    random.Random(1).shuffle(shuffled)
    assert _canonical(deduplicate(shuffled)) == _canonical(first)
    assert _canonical(deduplicate(background)) == _canonical(first)  # same input, same output


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(20, 400))
def test_clusters_form_a_partition(seed: int, size: int) -> None:
    export, _truth = synthesize(clients=size, seed=seed)
    result = deduplicate(export)
    seen: set[str] = set()
    for cluster in result.clusters:
        assert len(cluster) >= 2
        assert not seen & set(cluster)
        seen |= set(cluster)
    ids = {c.personal_id for c in export.clients}
    assert seen <= ids
    assert result.unduplicated_count == len(ids) - sum(len(c) - 1 for c in result.clusters)
    for pair in result.pairs:
        assert pair.b in result.cluster_of(pair.a)
        assert pair.probability >= DedupConfig().threshold


def test_accuracy_on_generated_data() -> None:
    export, truth = synthesize(clients=8000, seed=424242)
    result = deduplicate(export)
    true_pairs = truth.pairs()
    predicted = {(a, b) for c in result.clusters for i, a in enumerate(c) for b in c[i + 1:]}
    tp = len(predicted & true_pairs)
    precision, recall = tp / max(1, len(predicted)), tp / max(1, len(true_pairs))
    assert precision > 0.97
    assert recall > 0.93


def test_hashed_export_links_on_what_hashes_allow() -> None:
    export, truth = synthesize(clients=4000, seed=77, hashed=True)
    result = deduplicate(export)
    true_pairs = truth.pairs()
    predicted = {(a, b) for c in result.clusters for i, a in enumerate(c) for b in c[i + 1:]}
    tp = len(predicted & true_pairs)
    assert tp / max(1, len(predicted)) > 0.95
    assert tp / max(1, len(true_pairs)) > 0.75


def _levels(a: Client, b: Client) -> dict[str, str]:
    """The level label of every field for the pair (a, b)."""
    comparer = Comparer(records_from([a, b]))
    levels = comparer.compare(np.array([0]), np.array([1]))
    return {f: LEVELS[f][int(levels[f][0])] for f in LEVELS}


@pytest.mark.parametrize(("x", "y", "level"), [
    ("Freeman", "Fieeman", "similar (JW >= 0.92 or one typo)"),   # JW 0.91: a letter wrong
    ("Book", "Boook", "similar (JW >= 0.92 or one typo)"),         # a letter added
    ("Chad", "Cnad", "similar (JW >= 0.92 or one typo)"),          # JW 0.85
    ("Gerladine", "Geraldine", "similar (JW >= 0.92 or one typo)"),  # neighbours swapped
    ("Jon", "Jan", "somewhat similar (JW >= 0.80)"),               # too short for a typo
    ("Freeman", "Friedman", "somewhat similar (JW >= 0.80)"),      # two edits
])
def test_one_typo_is_as_close_as_a_high_jaro_winkler(x: str, y: str, level: str) -> None:
    levels = _levels(client("Q1", "Ann", x, "1980-01-01"), client("Q2", "Ann", y, None))
    assert levels["last_name"] == level


def test_a_typo_early_in_the_surname_still_links(background: list[Client]) -> None:
    # one record without SSN: the surname typo in its second letter (JW 0.91) and the
    # same date of birth and first name make the link
    a = client("Q1", "Roberta", "Freeman", "1983-02-13", "764779529", sex=0)
    b = client("Q2", "Roberta", "Fieeman", "1983-02-13", sex=0)
    assert linked(deduplicate([*background, a, b]), "Q1", "Q2")


def test_sex_adds_nothing_once_first_names_agree(background: list[Client]) -> None:
    # first names are gendered: two records of the same first name agree on sex anyway
    a = client("Q1", "Gloria", "Foshee", "1982-01-17", "136230583", sex=0)
    b = client("Q2", "Gloria", "Foshee", "1982-01-17", sex=0)
    c = client("Q3", "Glory", "Foshee", "1982-01-17", sex=1)  # an entry error in sex
    result = deduplicate([*background, a, b, c])
    weights = {frozenset((p.a, p.b)): {e.field: e.weight for e in p.evidence}
               for p in result.pairs}
    assert weights[frozenset(("Q1", "Q2"))]["sex"] == 0.0
    assert weights[frozenset(("Q1", "Q3"))]["sex"] < 0  # disagreement still counts


def test_partial_name_and_middle_name_passes_find_their_pairs() -> None:
    people = [
        # only the surname, an approximate date of birth: the surname and birth year
        client("A1", "Margaret", "Loya", "2020-12-24", sex=0),
        client("A2", None, "Loya", "2020-01-01", sex=0, dob_quality=2),
        # a married name and a typo in the first name: the date of birth and middle name
        client("B1", "Betty", "Vanlandingham", "1980-10-21", sex=0, middle="Christine"),
        client("B2", "Belty", "Jones", "1980-10-21", sex=0, middle="Christine"),
        # no first name missing on either side: the surname and year pass stays silent
        client("C1", "Ann", "Loya", "1990-05-05", sex=0),
        client("C2", "Zoe", "Loya", "1990-11-11", sex=0),
    ]
    records = records_from(people)
    a, b = candidate_pairs(records, DEFAULT_BLOCKING)
    found = {(records.ids[i], records.ids[j]) for i, j in zip(a.tolist(), b.tolist(),
                                                               strict=True)}
    assert ("A1", "A2") in found
    assert ("B1", "B2") in found
    assert ("C1", "C2") not in found
