"""Records <-> CSV rows through the cattrs converter, for every record type."""

from __future__ import annotations

import datetime
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmis_core.elements import (
    FY2026,
    Client,
    DOBDataQuality,
    NameDataQuality,
    NoYes,
    NoYesReasonsForMissingData,
    Organization,
    Services,
    SSNDataQuality,
    row_converter,
)
from hmis_core.testing.strategies import records

RECORD_TYPES = [f.record_type for f in FY2026.files]


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.__name__)
@given(data=st.data())
def test_structure_unstructure_round_trip(record_type: type[Any], data: st.DataObject) -> None:
    record = data.draw(records(record_type))
    converter = row_converter()
    row = converter.unstructure(record)
    spec = FY2026.file_of(record_type)
    assert list(row) == list(spec.column_names)
    assert all(isinstance(v, str) for v in row.values())
    assert converter.structure(row, record_type) == record
    # and the row is stable: unstructure(structure(row)) == row
    assert converter.unstructure(converter.structure(row, record_type)) == row


def _org_row(**changes: str) -> dict[str, str]:
    row = {
        "OrganizationID": "O1",
        "OrganizationName": "Shelter",
        "VictimServiceProvider": "0",
        "OrganizationCommonName": "",
        "DateCreated": "2025-10-01 08:30:00",
        "DateUpdated": "2025-10-02 09:00:00",
        "UserID": "U1",
        "DateDeleted": "",
        "ExportID": "E1",
    }
    row.update(changes)
    return row


def test_structure_types_each_value() -> None:
    org = row_converter().structure(_org_row(), Organization)
    assert org.date_created == datetime.datetime(2025, 10, 1, 8, 30)
    assert org.organization_common_name is None
    assert org.victim_service_provider.label == "No"


def test_structure_collects_every_bad_field() -> None:
    row = _org_row(VictimServiceProvider="7", DateCreated="10/1/2025")
    with pytest.raises(cattrs.ClassValidationError) as info:
        row_converter().structure(row, Organization)
    paths = cattrs.transform_error(info.value)
    assert len(paths) == 2
    assert any("victim_service_provider" in p for p in paths)
    assert any("date_created" in p for p in paths)


def test_list_depending_on_another_column_is_a_plain_int() -> None:
    # Services.TypeProvided draws from a list chosen by RecordType, so it is typed int
    spec = FY2026.column("Services", "TypeProvided")
    assert spec.lists[0] == "P1.2"
    assert len(spec.lists) == 10
    hints = Services.__annotations__
    assert hints["type_provided"] == "int"


def test_enum_fields_come_back_as_members() -> None:
    row = row_converter().unstructure(
        Client(
            personal_id="P1",
            name_data_quality=NameDataQuality.DATA_NOT_COLLECTED,
            ssn_data_quality=SSNDataQuality.DATA_NOT_COLLECTED,
            dob_data_quality=DOBDataQuality.DATA_NOT_COLLECTED,
            am_ind_ak_native=NoYes.NO,
            asian=NoYes.NO,
            black_af_american=NoYes.NO,
            hispanic_latinao=NoYes.NO,
            mid_east_n_african=NoYes.NO,
            native_hi_pacific=NoYes.NO,
            white=NoYes.YES,
            veteran_status=NoYesReasonsForMissingData.NO,
            date_created=datetime.datetime(2025, 1, 1),
            date_updated=datetime.datetime(2025, 1, 1),
            user_id="U",
            export_id="E",
        )
    )
    client = row_converter().structure(row, Client)
    assert client.name_data_quality is NameDataQuality.DATA_NOT_COLLECTED
    assert row["White"] == "1"
    assert row["DOB"] == ""
    assert row["NameDataQuality"] == "99"
