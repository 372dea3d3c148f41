"""The column-wise Export: round trip from records, lossless invalid cells, deleted rows,
indexes and per-distinct-value conversion."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hmis_core._table as table_module
from hmis_core import Export
from hmis_core._table import ColumnBuilder, TableBuilder
from hmis_core.elements import (
    FY2026,
    CellError,
    Client,
    Enrollment,
    Organization,
    ProjectType,
    batch_parser_for,
    parser_for,
    row_converter,
)
from hmis_core.testing.strategies import records

T0 = datetime.datetime(2025, 10, 1, 9, 0, 0)


def org(oid: str, **changes: Any) -> Organization:
    base = Organization(
        organization_id=oid,
        organization_name=f"Org {oid}",
        victim_service_provider=FY2026.list("1.10")(0),  # type: ignore[arg-type]
        date_created=T0,
        date_updated=T0,
        user_id="U1",
        export_id="E1",
    )
    return attrs.evolve(base, **changes)


@given(
    clients=st.lists(records(Client), max_size=5),
    enrollments=st.lists(records(Enrollment), max_size=5),
)
def test_export_from_records_gives_back_the_same_records(
    clients: list[Client], enrollments: list[Enrollment]
) -> None:
    export = Export.from_records([*clients, *enrollments])
    assert list(export.records(Client, include_deleted=True)) == clients
    assert list(export.records(Enrollment, include_deleted=True)) == enrollments
    live = [c for c in clients if c.date_deleted is None]
    assert list(export.clients) == live


def test_absent_files_are_empty_tables() -> None:
    export = Export.from_records([org("O1")])
    assert export.table("Organization").present
    assert not export.table("Event").present
    assert len(export.events) == 0
    assert export.export_record is None
    assert set(export.tables) == {f.name for f in FY2026.files}


def _organization_table(rows: list[list[str]], header: list[str] | None = None) -> Any:
    spec = FY2026.file("Organization")
    builder = TableBuilder(spec, FY2026, header or list(spec.column_names))
    builder.add_rows(rows, lines=[2 + i for i in range(len(rows))])
    return builder.build()


def _row(
    oid: str, vsp: str = "0", created: str = "2025-10-01 09:00:00", deleted: str = ""
) -> list[str]:
    return [oid, f"Org {oid}", vsp, "", created, created, "U1", deleted, "E1"]


def test_invalid_raw_text_survives_untouched() -> None:
    table = _organization_table([_row("O1", vsp="7"), _row("O2", created="10/1/2025 9:00")])
    vsp = table["VictimServiceProvider"]
    assert vsp[0] is None
    assert vsp.is_invalid(0)
    assert vsp.raw(0) == "7"
    err = vsp.error(0)
    assert err is not None
    assert err.kind == "list"
    assert not vsp.is_invalid(1)
    assert vsp[1] == 0
    created = table["DateCreated"]
    assert created.raw(1) == "10/1/2025 9:00"
    assert created.invalid_rows() == [1]
    # writing back keeps the invalid text and canonicalises the valid values
    names = list(FY2026.file("Organization").column_names)
    assert table.canonical_row(0, names)[2] == "7"
    assert table.canonical_row(1, names)[4] == "10/1/2025 9:00"
    export = Export({"Organization": table})
    assert export.organizations[0].victim_service_provider is None


def test_each_distinct_text_is_converted_once() -> None:
    calls: list[str] = []

    def parse(text: str) -> int:
        calls.append(text)
        return int(text)

    builder = ColumnBuilder("X", None, parse)
    builder.extend(["1", "2", "1", "", "2", "1"])
    builder.extend(["2", "3", "3"])
    column = builder.build()
    assert sorted(calls) == ["1", "2", "3"]
    assert column.to_list() == [1, 2, 1, None, 2, 1, 2, 3, 3]
    assert column.empty_rows() == [3]


def test_codes_widen_past_255_distinct_values() -> None:
    builder = ColumnBuilder("X", None, str)
    texts = [f"v{i}" for i in range(70_000)]
    builder.extend(texts[:200])
    assert builder.codes.typecode == "B"
    builder.extend(texts[200:300])
    assert builder.codes.typecode == "H"
    builder.extend(texts[300:])
    assert builder.codes.typecode == "I"
    column = builder.build()
    assert column.to_list() == texts


def test_deleted_rows_are_kept_but_left_out_of_views_and_indexes() -> None:
    table = _organization_table(
        [_row("O1"), _row("O2", deleted="2025-11-01 00:00:00"), _row("O3")]
    )
    export = Export({"Organization": table})
    assert [o.organization_id for o in export.organizations] == ["O1", "O3"]
    everything = export.records(Organization, include_deleted=True)
    assert [o.organization_id for o in everything] == ["O1", "O2", "O3"]
    assert table.is_deleted(1)
    assert not table.is_deleted(0)
    assert "O2" not in table.index("OrganizationID")
    assert table.index("OrganizationID", include_deleted=True)["O2"] == [1]


def test_index_groups_rows_by_typed_value() -> None:
    table = _organization_table([_row("O1", vsp="1"), _row("O2"), _row("O3", vsp="1"),
                                 _row("O4", vsp="x")])
    index = table.index("VictimServiceProvider")
    assert index[1] == [0, 2]
    assert index[0] == [1]
    assert len(index) == 2  # the invalid "x" is not indexed
    view = Export({"Organization": table}).organizations
    assert [o.organization_id for o in view.by("VictimServiceProvider", 1)] == ["O1", "O3"]


def test_columns_mapped_by_header_extra_and_absent_columns() -> None:
    spec = FY2026.file("Organization")
    header = ["OrganizationName", "OrganizationID", "Vendor Notes", *spec.column_names[2:8]]
    header.remove("DateDeleted")
    rows = [["Org A", "O1", "note", "0", "", "2025-10-01 09:00:00", "2025-10-01 09:00:00", "U1"]]
    table = _organization_table(rows, header)
    assert table.extra_columns == ("Vendor Notes",)
    assert table["Vendor Notes"].raw(0) == "note"
    assert set(table.absent_columns) == {"DateDeleted", "ExportID"}
    assert table["ExportID"][0] is None
    assert table.line(0) == 2
    organization = Export({"Organization": table}).organizations[0]
    assert organization.organization_id == "O1"
    assert organization.organization_name == "Org A"


def test_views_do_not_copy_and_slice() -> None:
    export = Export.from_records([org(f"O{i}") for i in range(10)])
    view = export.organizations
    assert len(view) == 10
    assert [o.organization_id for o in view[2:4]] == ["O2", "O3"]
    assert view.table is export.table("Organization")


def test_unknown_file_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        Export({"Nope": _organization_table([])})


def test_value_types_in_columns() -> None:
    spec = FY2026.file("Project")
    row = {c.name: "" for c in spec.columns}
    row.update(ProjectID="P1", OrganizationID="O1", ProjectName="Shelter",
               OperatingStartDate="2020-01-01", ContinuumProject="1", ProjectType="13",
               DateCreated="2020-01-01 00:00:00", DateUpdated="2020-01-01 00:00:00",
               UserID="U1", ExportID="E1", RRHSubType="2", PITCount="12")
    builder = TableBuilder(spec, FY2026, list(row))
    builder.add_rows([list(row.values())])
    project = Export({"Project": builder.build()}).projects[0]
    assert project.project_type is ProjectType.PH_RAPID_RE_HOUSING
    assert project.operating_start_date == datetime.date(2020, 1, 1)
    assert project.pit_count == 12
    assert row_converter().structure(row, type(project)) == project


def test_direct_storage_for_almost_unique_columns() -> None:
    spec = FY2026.column("Client", "DateCreated")
    builder = ColumnBuilder("DateCreated", spec, parser_for(spec, FY2026.lists),
                            batch=batch_parser_for(spec, FY2026.lists))
    first = [f"2024-01-01 00:{m:02d}:{s:02d}" for m in range(60) for s in range(60)] * 2
    builder.extend(first[:6000])                       # almost all distinct: goes direct
    later = ["2024-02-01 10:00:00", "", "not a date", "2024-02-01 10:00:00", "2024-02-30 00:00:00"]
    builder.extend(later)
    column = builder.build()
    assert column.raw(6000) == "2024-02-01 10:00:00"
    assert column.is_empty(6001)
    assert column[6001] is None
    assert column.is_invalid(6002)
    assert column.raw(6002) == "not a date"
    assert column.is_invalid(6004)
    assert column[6003] == column[6000] == datetime.datetime(2024, 2, 1, 10, 0)
    assert 0 not in column.codes[:6000]


def _date_builder() -> ColumnBuilder:
    spec = FY2026.column("Enrollment", "EntryDate")
    return ColumnBuilder("EntryDate", spec, parser_for(spec, FY2026.lists),
                         batch=batch_parser_for(spec, FY2026.lists))


def test_run_storage_for_values_written_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "_DIRECT_AFTER", 8)
    builder = ColumnBuilder("EnrollmentID", None, str, identity=True)
    builder.extend(["E1", "E1", "E2", "E2", "E3", "E3", "E4", "E4"])  # 4 values, 4 runs
    assert builder._runs
    assert not builder._direct
    builder.extend(["E4", "", "", "E5"])     # E4's run goes on across the chunks
    builder.extend(["E5", "E1", "", "E6"])   # E1 comes back later: a code of its own
    column = builder.build()
    assert column.to_list() == ["E1", "E1", "E2", "E2", "E3", "E3", "E4", "E4",
                                "E4", None, None, "E5", "E5", "E1", None, "E6"]
    assert list(column.codes) == [1, 1, 2, 2, 3, 3, 4, 4, 4, 0, 0, 5, 5, 6, 0, 7]
    assert column.raw_texts[6] == column.raw_texts[1] == "E1"
    assert column.empty_rows() == [9, 10, 14]


def test_few_values_in_runs_keep_dictionary_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "_DIRECT_AFTER", 8)
    builder = ColumnBuilder("ProjectID", None, str, identity=True)
    builder.extend(["P1"] * 300 + ["P2"] * 300)  # long runs of 2 values: a dictionary
    builder.extend(["P1", "P2"])
    assert not builder._runs
    assert not builder._direct
    assert list(builder.build().codes[-2:]) == [1, 2]


def test_typed_values_in_runs_keep_dictionary_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    # dates: many in the first rows, few in all; each is converted once, not once per run
    monkeypatch.setattr(table_module, "_DIRECT_AFTER", 4)
    builder = _date_builder()
    builder.extend(["2024-01-01", "2024-01-01", "2024-01-04", "2024-01-04"])
    builder.extend(["2024-01-04", "6/30/2024", "6/30/2024", "", "2024-01-01"])
    assert not builder._runs
    assert not builder._direct
    column = builder.build()
    assert list(column.codes) == [1, 1, 2, 2, 2, 3, 3, 0, 1]
    assert column.is_invalid(5)
    assert column.raw(6) == "6/30/2024"


@given(cells=st.lists(st.sampled_from(["", "1", "2", "3", "x", "10"]), max_size=80)
       .flatmap(lambda cells: st.tuples(st.just(cells), st.lists(st.integers(1, 9)))),
       after=st.integers(1, 12), identity=st.booleans())
def test_every_storage_mode_keeps_every_cell(cells: tuple[list[str], list[int]], after: int,
                                             identity: bool) -> None:
    texts, cuts = cells
    saved = table_module._DIRECT_AFTER
    table_module._DIRECT_AFTER = after
    try:
        builder = (ColumnBuilder("X", None, str, identity=True) if identity else
                   ColumnBuilder("X", None, int))
        start = 0
        for cut in [*cuts, len(texts)]:
            builder.extend(texts[start:start + cut])
            start += cut
            if start >= len(texts):
                break
        column = builder.build()
    finally:
        table_module._DIRECT_AFTER = saved
    assert [column.raw(r) for r in range(len(column))] == texts
    expected = [None if not t else t if identity else int(t) if t.isdigit() else None
                for t in texts]
    assert column.to_list() == expected
    assert [column.is_invalid(r) for r in range(len(column))] == \
        [bool(t) and not identity and not t.isdigit() for t in texts]
    assert column.empty_rows() == [r for r, t in enumerate(texts) if not t]


def test_memo_is_kept_until_the_column_changes() -> None:
    builder = ColumnBuilder("X", None, str, identity=True)
    builder.extend(["a", "bb", "a"])
    column = builder.build()
    calls: list[int] = []

    def longest(col: table_module.Column) -> int:
        calls.append(1)
        return max(map(len, col.raw_texts))

    assert column.memo("longest", longest) == 2
    assert column.memo("longest", longest) == 2
    assert len(calls) == 1
    column.replace(1, "cccc", "cccc", "converted")
    assert column.memo("longest", longest) == 4
    column.repair(2, "d", "repaired")
    assert column.memo("longest", longest) == 4
    assert len(calls) == 3


@given(texts=st.lists(st.one_of(st.dates().map(str), st.just(""),
                                st.sampled_from(["2024-02-30", "6/30/2024", "2024-01-01"])),
                      max_size=60),
       cut=st.integers(1, 9), after=st.integers(1, 12))
def test_dates_put_off_or_not_read_the_same(texts: list[str], cut: int, after: int) -> None:
    spec = FY2026.column("Enrollment", "EntryDate")
    parse = parser_for(spec, FY2026.lists)
    saved = table_module._DIRECT_AFTER
    table_module._DIRECT_AFTER = after
    try:
        builder = table_module._builder(FY2026.file("Enrollment"), FY2026, "EntryDate")
        for start in range(0, len(texts), cut):
            builder.extend(texts[start:start + cut])
        column = builder.build()
    finally:
        table_module._DIRECT_AFTER = saved
    expected: list[object] = []
    for text in texts:
        try:
            expected.append(parse(text) if text else None)
        except CellError:
            expected.append(None)
    assert [column.raw(r) for r in range(len(column))] == texts
    assert [column.is_invalid(r) for r in range(len(column))] == [
        bool(t) and v is None for t, v in zip(texts, expected, strict=True)]
    assert column.to_list() == expected


def test_checked_time_stamps_are_converted_when_first_used() -> None:
    builder = table_module._builder(FY2026.file("Client"), FY2026, "DateCreated")
    stamps = [f"2024-01-01 {h:02d}:{m:02d}:{s:02d}" for h in range(2) for m in range(60)
              for s in range(60)]
    builder.extend(stamps[:5000])   # all distinct: direct storage from here
    builder.extend(stamps[5000:])
    column = builder.build()
    assert column._pending is not None
    assert column.raw(7199) == "2024-01-01 01:59:59"  # the texts are there
    assert column._pending is not None                 # the values not yet
    assert column[7199] == datetime.datetime(2024, 1, 1, 1, 59, 59)
    assert column._pending is None
