"""Finding and Severity: ordering, masking of PPI, rendering."""

from __future__ import annotations

import json

import pytest

from hmis_core import PPI_COLUMNS, Finding, Severity


def test_severity_order_and_parse() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR < Severity.HIGH
    assert max([Severity.WARNING, Severity.HIGH, Severity.ERROR]) is Severity.HIGH
    assert Severity.parse(" Error ") is Severity.ERROR
    with pytest.raises(ValueError, match="nope"):
        Severity.parse("nope")


@pytest.mark.parametrize("column", ["FirstName", "MiddleName", "LastName", "NameSuffix", "SSN",
                                    "DOB"])
def test_ppi_values_are_masked(column: str) -> None:
    secret = "Marguerite"
    finding = Finding("c", Severity.ERROR, "Client.csv", 5, column, secret, "3.01", "bad value")
    assert finding.value == "<masked: 10 characters>"
    assert secret not in str(finding)
    assert secret not in json.dumps(finding.to_dict())
    assert ("Client", column) in PPI_COLUMNS


def test_other_values_are_kept() -> None:
    finding = Finding("value_not_in_list", Severity.ERROR, "Client", 12, "NameDataQuality", "7",
                      "3.01", "7 is not in list 3.01.5")
    assert finding.value == "7"
    assert str(finding) == "Client.csv line 12, NameDataQuality: 7 is not in list 3.01.5"
    assert finding.to_dict() == {
        "code": "value_not_in_list",
        "severity": "error",
        "file": "Client",
        "row": 12,
        "column": "NameDataQuality",
        "value": "7",
        "element": "3.01",
        "message": "7 is not in list 3.01.5",
    }
    # a PersonalID is the identifier findings show instead of PPI
    assert Finding("x", Severity.INFO, "Client", 2, "PersonalID", "P1", None, "m").value == "P1"


def test_file_level_finding_renders_without_row() -> None:
    finding = Finding("missing_file", Severity.HIGH, "Event.csv", None, None, None, None,
                      "the export has no Event.csv")
    assert str(finding) == "Event.csv: the export has no Event.csv"
    assert Finding("x", Severity.INFO, None, None, None, None, None, "m").location == ""
