"""The synthetic generator and export strategies: valid by construction, deterministic,
realistic in the large, and honest about the defects they inject."""

from __future__ import annotations

import collections
import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hmis_core import Export, Severity, read_export, validate
from hmis_core.elements import Client, Enrollment
from hmis_core.testing import Truth, synthesize, write_synthetic
from hmis_core.testing._defects import DEFECTS
from hmis_core.testing.strategies import exports, exports_with_truth

PH = {3, 9, 10, 13}


def check_consistency(export: Export) -> None:
    """The cross-field rules every generated export keeps."""
    clients = {c.personal_id: c for c in export.clients}
    projects = {p.project_id: p for p in export.projects}
    exits = {x.enrollment_id: x for x in export.exits}
    households: dict[str, list[Enrollment]] = collections.defaultdict(list)
    for e in export.enrollments:
        households[e.household_id].append(e)
        client = clients[e.personal_id]
        project = projects[e.project_id]
        if client.dob is not None:
            assert client.dob <= e.entry_date
        assert project.operating_start_date <= e.entry_date
        exit_record = exits.get(e.enrollment_id)
        last = exit_record.exit_date if exit_record else datetime.date.max
        if exit_record:
            assert e.entry_date <= exit_record.exit_date
        if e.move_in_date is not None:
            assert project.project_type in PH
            assert e.entry_date <= e.move_in_date <= last
    for members in households.values():
        assert sum(1 for e in members if e.relationship_to_hoh == 1) == 1
        assert len({e.project_id for e in members}) == 1
        assert len({e.entry_date for e in members}) == 1
    enrollments = {e.enrollment_id: e for e in export.enrollments}
    for s in export.services:
        e = enrollments[s.enrollment_id]
        exit_record = exits.get(s.enrollment_id)
        assert e.entry_date <= s.date_provided
        if exit_record:
            assert s.date_provided <= exit_record.exit_date
    for ib in export.income_benefits:
        e = enrollments[ib.enrollment_id]
        exit_record = exits.get(ib.enrollment_id)
        if ib.data_collection_stage == 1:
            assert ib.information_date == e.entry_date
        if ib.data_collection_stage == 3:
            assert exit_record is not None
            assert ib.information_date == exit_record.exit_date


@settings(max_examples=15, deadline=None)
@given(exports_with_truth(1, 40))
def test_generated_exports_are_valid(pair: tuple[Export, Truth]) -> None:
    export, truth = pair
    bad = [f for f in validate(export) if f.severity >= Severity.WARNING]
    assert bad == []
    check_consistency(export)
    assert set(truth.person_of) == {c.personal_id for c in export.records(Client)}


def test_nobody_enters_a_project_before_it_opens() -> None:
    # seed 314 once drew a first stay (2021-06-11) before its project opened (2021-08-02)
    for seed in (314, 2, 7):
        export, _ = synthesize(clients=11 if seed == 314 else 300, seed=seed)
        opened = {p.project_id: p.operating_start_date for p in export.projects}
        early = [e.enrollment_id for e in export.enrollments
                 if e.entry_date < opened[e.project_id]]
        assert early == [], seed


@settings(max_examples=5, deadline=None)
@given(exports(1, 3, project_types=[1, 13]))
def test_small_coc_has_only_the_asked_project_types(export: Export) -> None:
    assert {p.project_type for p in export.projects} <= {1, 13}
    assert validate(export) == []


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_every_injected_defect_is_found_exactly(defect: str) -> None:
    export, truth = synthesize(clients=40, seed=11, defects=[defect])
    assert truth.injected
    found = sorted({(f.code, f.file, f.row, f.column) for f in validate(export)})
    assert found == truth.injected


def test_unknown_defect_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown defect"):
        synthesize(clients=5, defects=["no_such_defect"])


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = write_synthetic(tmp_path / "a.zip", clients=300, seed=5)
    b = write_synthetic(tmp_path / "b.zip", clients=300, seed=5)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert a.person_of == b.person_of
    write_synthetic(tmp_path / "c.zip", clients=300, seed=6)
    assert (tmp_path / "a.zip").read_bytes() != (tmp_path / "c.zip").read_bytes()


def test_streamed_and_in_memory_exports_agree(tmp_path: Path) -> None:
    write_synthetic(tmp_path / "s", clients=200, seed=9)
    streamed, findings = read_export(tmp_path / "s")
    assert findings == []
    in_memory, _ = synthesize(clients=200, seed=9)
    for spec in in_memory.standard.files:
        assert list(streamed.records(spec.record_type, include_deleted=True)) == \
            list(in_memory.records(spec.record_type, include_deleted=True))


def test_truth_file(tmp_path: Path) -> None:
    truth = write_synthetic(tmp_path / "x.zip", clients=100, seed=1)
    truth.write_csv(tmp_path / "truth.csv")
    lines = (tmp_path / "truth.csv").read_text().splitlines()
    assert lines[0] == "PersonalID,PersonID,Errors"
    export, _ = read_export(tmp_path / "x.zip")
    assert {line.split(",")[0] for line in lines[1:]} == \
        {c.personal_id for c in export.records(Client, include_deleted=True)}


@pytest.fixture(scope="module")
def large() -> tuple[Export, Truth]:
    return synthesize(clients=6000, seed=123)


def test_distributions_are_realistic(large: tuple[Export, Truth]) -> None:
    export, truth = large
    enrollments = list(export.enrollments)
    projects = {p.project_id: p.project_type for p in export.projects}
    types = collections.Counter(projects[e.project_id] for e in enrollments)
    # every project type the CoC has is used; shelters are the most common
    assert set(types) == {0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14}
    assert types.most_common(1)[0][0] == 0
    # household types: most households are single adults, a real share are families
    households: dict[str, list[Enrollment]] = collections.defaultdict(list)
    for e in enrollments:
        households[e.household_id].append(e)
    sizes = collections.Counter(min(len(m), 3) for m in households.values())
    singles = sizes[1] / len(households)
    assert 0.55 < singles < 0.9
    assert sizes[2] + sizes[3] > 0.1 * len(households)
    # stayers and leavers both common
    leavers = {x.enrollment_id for x in export.exits}
    share = len(leavers) / len(enrollments)
    assert 0.6 < share < 0.97
    # duplicate records: about the requested rate of people, and realistic errors
    records = len(truth.person_of)
    people = len(set(truth.person_of.values()))
    assert 0.02 < (records - people) / records < 0.1
    errors = collections.Counter(e for errs in truth.errors.values() for e in errs)
    assert {"typo_last", "nickname", "ssn_partial", "dob_default"} <= set(errors)
    # veterans among adults, chronic stayers in PSH
    veterans = sum(1 for c in export.clients if c.veteran_status == 1)
    assert 0.02 < veterans / len(export.clients) < 0.12


def test_from_type_works_through_the_entry_point() -> None:
    @settings(max_examples=5)
    @given(st.from_type(Client))
    def check(client: Client) -> None:
        assert isinstance(client, Client)

    check()
