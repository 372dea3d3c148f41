"""Helpers shared by the tests: where the spec tables and shared test data live; comparing
two reads of an export."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from hmis_core import Export

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HMIS_SHARED_DIR", ROOT.parent / "shared"))
SPEC = SHARED / "spec"
EVA_DEMO = SHARED / "data" / "eva-demo-fy2026.zip"


def read_table(name: str) -> list[dict[str, str]]:
    """A spec table as dicts."""
    with (SPEC / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assert_same_read(a: tuple[Export, list[Any]], b: tuple[Export, list[Any]]) -> None:
    """Two reads of an export gave the same tables, cell for cell, and the same findings."""
    (one, one_findings), (two, two_findings) = a, b
    assert one_findings == two_findings
    assert list(one.tables) == list(two.tables)
    for name, table in one.tables.items():
        other = two.tables[name]
        assert (table.header, table.absent_columns, table.skipped_columns, table.present) == (
            other.header, other.absent_columns, other.skipped_columns, other.present), name
        assert list(table.lines) == list(other.lines), name
        for column_name, column in table.columns.items():
            twin = other.columns[column_name]
            where = (name, column_name)
            assert list(column.codes) == list(twin.codes), where
            assert column.raw_texts == twin.raw_texts, where
            assert column.values == twin.values, where
            assert [type(v) for v in column.values] == [type(v) for v in twin.values], where
            assert {c: (e.kind, str(e)) for c, e in column.invalid_codes.items()} == {
                c: (e.kind, str(e)) for c, e in twin.invalid_codes.items()}, where
            assert dict(column.repairs) == dict(twin.repairs), where
            assert column._memo == twin._memo, where  # facts for validate, wherever computed
