"""read -> write -> read loses no cell: on the shared Eva demo export and on generated exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import EVA_DEMO
from hmis_core import Export, read_export, validate, write_export
from hmis_core.elements import FY2026, Client, Enrollment, Organization, Project
from hmis_core.testing.strategies import records


def cells(export: Export) -> dict[str, list[tuple[Any, ...]]]:
    """Every spec cell as (typed value, raw text if invalid) per row, per file."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for spec in FY2026.files:
        table = export.table(spec.name)
        rows = []
        for r in range(len(table)):
            row = []
            for name in spec.column_names:
                col = table[name]
                row.append((col[r], col.raw(r) if col.is_invalid(r) else None))
            rows.append(tuple(row))
        out[spec.name] = rows
    return out


@pytest.fixture(scope="module")
def eva_demo() -> Path:
    if not EVA_DEMO.exists():
        pytest.skip(f"{EVA_DEMO} not found")
    return EVA_DEMO


@pytest.mark.parametrize("target", ["out.zip", "out"])
def test_eva_demo_round_trip_is_exact(eva_demo: Path, tmp_path: Path, target: str) -> None:
    first, _ = read_export(eva_demo)
    write_export(first, tmp_path / target)
    second, findings = read_export(tmp_path / target)
    assert cells(second) == cells(first)
    # what we write is strict: spec order, no repairs needed, nothing structural to report
    assert [f.code for f in findings] == []
    # and writing again gives identical bytes
    write_export(second, tmp_path / "again")
    if target == "out":
        for spec in FY2026.files:
            assert (tmp_path / "again" / spec.filename).read_bytes() == \
                (tmp_path / target / spec.filename).read_bytes()


def test_eva_demo_repairs_are_written_canonically(eva_demo: Path, tmp_path: Path) -> None:
    first, _ = read_export(eva_demo)
    write_export(first, tmp_path / "out")
    text = (tmp_path / "out" / "Client.csv").read_text(encoding="utf-8")
    header, line = text.splitlines()[:2]
    position = header.split(",").index("DateUpdated")
    # DateUpdated "03-11-21" in the demo: day-first in that column (it also has "13-06-19")
    assert line.split(",")[position] == "2021-11-03 00:00:00"
    again, _ = read_export(tmp_path / "out")
    assert not any(f.code == "invalid_date_format" for f in validate(again))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    organizations=st.lists(records(Organization), max_size=3),
    projects=st.lists(records(Project), max_size=3),
    clients=st.lists(records(Client), max_size=4),
    enrollments=st.lists(records(Enrollment), max_size=4),
)
def test_generated_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    organizations: list[Organization],
    projects: list[Project],
    clients: list[Client],
    enrollments: list[Enrollment],
) -> None:
    export = Export.from_records([*organizations, *projects, *clients, *enrollments])
    target = tmp_path_factory.mktemp("rt") / "export.zip"
    write_export(export, target)
    again, _ = read_export(target, repair=False)
    assert cells(again) == cells(export)
    assert list(again.records(Client, include_deleted=True)) == clients
    assert list(again.records(Enrollment, include_deleted=True)) == enrollments


def test_reading_some_files_and_columns(eva_demo: Path) -> None:
    export, findings = read_export(eva_demo, files=["Client"],
                                   columns={"Client": ["PersonalID", "DOB"]})
    assert export.table("Client").present
    assert export.table("Export").present  # always read
    assert not export.table("Enrollment").present
    assert not any(f.code == "missing_file" for f in findings)
    client = export.table("Client")
    full, _ = read_export(eva_demo, files=["Client"])
    assert client["PersonalID"].to_list() == full.table("Client")["PersonalID"].to_list()
    assert client["DOB"].to_list() == full.table("Client")["DOB"].to_list()
    assert set(client["FirstName"].to_list()) == {None}  # not read
