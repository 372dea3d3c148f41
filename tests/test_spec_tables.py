"""The element layer agrees with the FY2026 spec tables, column for column and code for code."""

from __future__ import annotations

import datetime
import subprocess
import sys
import typing
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from _support import ROOT, read_table
from hmis_core.elements import (
    FY2026,
    HudList,
    HudStrList,
    record_columns,
)
from hmis_core.elements.fy2024 import REMOVED_LISTS, RETIRED_CODES

PYTHON_TYPES = {"S": str, "I": int, "D": datetime.date, "T": datetime.datetime, "M": Decimal}


def test_every_file_in_spec_order(spec_columns: list[dict[str, str]]) -> None:
    files = list(dict.fromkeys(r["File"] for r in spec_columns))
    assert [f.name for f in FY2026.files] == files
    assert len(files) == 24


def test_every_column_is_a_field(spec_columns: list[dict[str, str]]) -> None:
    seen = 0
    for file in FY2026.files:
        expected = [r for r in spec_columns if r["File"] == file.name]
        fields = record_columns(file.record_type)
        assert [spec.name for _, spec in fields] == [r["Column"] for r in expected]
        hints = typing.get_type_hints(file.record_type)
        for (attribute, spec), row in zip(fields, expected, strict=True):
            assert spec.position == int(row["ColumnNo"])
            assert spec.type == row["Type"]
            assert spec.max_length == (int(row["MaxLength"]) if row["MaxLength"] else None)
            assert spec.nullable == (row["Nullable"] == "Y")
            assert spec.list == (row["List"] or None)
            assert spec.element == (row["Element"] or None)
            # the Python type follows type, list and nullability
            hint = hints[attribute]
            args = typing.get_args(hint)
            nullable = type(None) in args
            assert nullable == spec.nullable, (file.name, spec.name)
            base = next(a for a in args if a is not type(None)) if nullable else hint
            if spec.list and ";" not in spec.list:
                assert base is FY2026.list(spec.list)
            else:
                assert base is PYTHON_TYPES[spec.type]
            # a non-nullable field has no default: the constructor demands it
            default = attrs.fields_dict(file.record_type)[attribute].default
            assert (default is None) if spec.nullable else (default is attrs.NOTHING)
            seen += 1
    assert seen == len(spec_columns) == 519


def test_every_list_code_for_code(spec_lists: list[dict[str, str]]) -> None:
    expected: dict[str, list[tuple[str, str, str]]] = {}
    retired = []
    for r in spec_lists:
        if r["ValueChangeFY2024toFY2026"].startswith("removed"):
            retired.append((r["List"], int(r["Value"]), r["Text"]))
            continue
        expected.setdefault(r["List"], []).append((r["Value"], r["Text"], r["ListName"]))
    # codes FY2026 retired (FundingSource 47, 48) are not valid FY2026 values: kept apart
    assert retired == [("2.06.1", 47, "HUD: ESG - CV"), ("2.06.1", 48, "HUD: HOPWA - CV")]
    for number, code, label in retired:
        assert RETIRED_CODES[number][code] == label
        assert FY2026.list(number).from_code(code) is None
    assert list(FY2026.lists) == list(expected)
    for number, rows in expected.items():
        codes = FY2026.list(number)
        assert codes.list_number == number
        assert codes.list_name == rows[0][2]
        members = list(codes)
        assert [str(m.value) for m in members] == [v for v, _, _ in rows]
        assert [m.label for m in members] == [t for _, t, _ in rows]


def test_removed_fy2024_lists_kept_apart(spec_dir: Path) -> None:
    rows = read_table("lists_fy2024_removed.csv")
    expected: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        expected.setdefault(r["List"], []).append((r["Value"], r["Text"]))
    assert set(REMOVED_LISTS) == set(expected) == {"3.6.1", "R3.1", "C4.A"}
    for number, values in expected.items():
        assert [(str(m.value), m.label) for m in REMOVED_LISTS[number]] == values
        assert number not in FY2026.lists


@pytest.mark.parametrize(
    ("number", "code", "missing"),
    [
        ("1.8", 8, True),
        ("1.8", 9, True),
        ("1.8", 99, True),
        ("1.8", 1, False),
        ("1.3", 8, False),  # DisabilityType 8 is HIV/AIDS, not "client doesn't know"
        ("3.12", 8, True),
        ("4.21", 99, True),
        ("R15.B", 8, True),
        ("R19.A", 2, False),  # "Worker does not know" is an answer, not a missing-data code
        ("2.02.6", 9, False),  # no code 9 among project types
    ],
)
def test_missing_data_codes(number: str, code: int, missing: bool) -> None:
    codes = FY2026.list(number)
    member = codes.from_code(code)  # type: ignore[arg-type]
    if member is None:
        assert not missing
        return
    assert member.is_missing_data is missing


def test_list_members_are_ints_with_labels() -> None:
    codes = FY2026.list("2.02.6")
    assert issubclass(codes, HudList)
    member = codes(13)
    assert member == 13
    assert member.label == "PH - Rapid Re-Housing"
    assert codes.from_code(5) is None  # 5 is not a project type
    vamc = FY2026.list("V6.1")
    assert issubclass(vamc, HudStrList)
    assert vamc("528A5").label == "(528A5) Canandaigua, NY"


def test_key_table(spec_dir: Path) -> None:
    keys = {r["File"]: r for r in read_table("csv_keys_fy2026.csv")}
    for file in FY2026.files:
        assert file.primary_key == keys[file.name]["PrimaryKey"]
        assert file.has_column(file.primary_key)
        for column, target, target_column in file.foreign_keys:
            assert file.has_column(column)
            assert FY2026.file(target).has_column(target_column)
    enrollment = FY2026.file("Enrollment")
    assert ("PersonalID", "Client", "PersonalID") in enrollment.foreign_keys
    assert ("ResProjectID", "Project", "ProjectID") in FY2026.file("Affiliation").foreign_keys


def test_regenerating_changes_nothing(spec_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_spec.py"), "--spec", str(spec_dir),
         "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
