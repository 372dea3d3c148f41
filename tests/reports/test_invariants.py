"""Cross-table invariants of the APR and CAPER over generated exports (properties), and every
table of every project of HUD's Eva demo export."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import EVA_DEMO as EVA
from hmis_core import Export, read_export, sample_export_path
from hmis_core.reports import REPORT_COLUMNS, REPORT_FILES, Report, layout, run_report
from hmis_core.reports._frame import Frame
from hmis_core.reports._universe import ReportParameters
from hmis_core.testing import synthesize


@cache
def generated(seed: int) -> Export:
    export, _ = synthesize(clients=150, seed=seed)
    return export


def check_shapes_and_signs(report: Report) -> None:
    for q, table in report.tables.items():
        shell = layout(report.kind, q)
        if q == "Q4a":
            assert table.shape == (len(report.project_ids) + 1, len(shell.header))
            continue
        assert table.shape == shell.shape, q
        assert table.row_labels == shell.row_labels, q
        for cell, value in table.cells():
            assert not isinstance(value, str), (q, cell)
            if isinstance(value, int):
                assert value >= 0, (q, cell, value)
                assert len(table.members(cell)) == value, (q, cell)


def check_household_columns(report: Report) -> None:
    """In every table with household-type columns, Total = the sum of the types."""
    for q, table in report.tables.items():
        header = table.header
        if header[1:] not in (
                ("Total", "Without Children", "With Children and Adults", "With Only Children",
                 "Unknown Household Type"),
                ("Total", "Without Children", "With Children and Adults",
                 "Unknown Household Type")):
            continue
        for label, row in zip(table.row_labels, table.values, strict=True):
            if all(isinstance(v, int) for v in row):
                assert row[0] == sum(row[1:]), (q, label, row)  # type: ignore[arg-type]


def check_apr_totals(r: Report) -> None:
    persons, adults, leavers = r["Q5a"]["C2"], r["Q5a"]["C3"], r["Q5a"]["C6"]
    adult_stayers, adult_leavers = r["Q5a"]["C10"], r["Q5a"]["C7"]
    hohs = r["Q5a"]["C15"] + r["Q5a"]["C16"]  # type: ignore[operator]
    assert r["Q7a"]["B6"] == persons
    assert r["Q11"]["B13"] == persons
    assert r["Q12"]["B34"] == persons
    assert r["Q26b"]["B6"] == persons
    assert r["Q24e"]["B6"] == persons
    assert r["Q8a"]["B2"] == hohs
    assert r["Q23c"]["B40"] == leavers
    assert r["Q25a"]["B7"] == adults
    assert r["Q16"]["B14"] == adults
    assert r["Q16"]["C14"] == adult_stayers
    assert r["Q16"]["D14"] == adult_leavers
    if r.kind == "APR":
        assert r["Q22a1"]["B12"] == persons
        assert r["Q22a1"]["C12"] == leavers
        assert r["Q26a"]["B6"] == hohs
    q5a_dq = r["Q5a"]["B2"]
    assert r["Q6a"]["F6"] is not None
    assert q5a_dq is not None


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), year=st.integers(2023, 2025),
       kind=st.sampled_from(["APR", "CAPER"]), multi=st.booleans())
def test_invariants_over_generated_exports(seed: int, year: int, kind: str,
                                           multi: bool) -> None:
    export = generated(seed % 4)
    projects = export["Project"]["ProjectID"].to_list()
    chosen = tuple(projects) if multi else (projects[seed % len(projects)],)
    params = ReportParameters(dt.date(year - 1, 10, 1), dt.date(year, 9, 30), chosen)
    report = run_report(kind, export, params)
    check_shapes_and_signs(report)
    check_household_columns(report)
    check_apr_totals(report)


def test_reports_are_deterministic() -> None:
    export = generated(1)
    params = ReportParameters(dt.date(2024, 10, 1), dt.date(2025, 9, 30),
                              tuple(export["Project"]["ProjectID"].to_list()))
    one, two = run_report("APR", export, params), run_report("APR", export, params)
    assert one.sage_files() == two.sage_files()


@pytest.mark.skipif(not EVA.exists(), reason="../shared/data/eva-demo-fy2026.zip not found")
@pytest.mark.parametrize("kind", ["APR", "CAPER"])
def test_every_table_of_every_eva_demo_project(kind: str, tmp_path: Path) -> None:
    export, _ = read_export(EVA, files=REPORT_FILES)
    for pid in export["Project"]["ProjectID"].to_list():
        params = ReportParameters(dt.date(2021, 10, 1), dt.date(2022, 9, 30), (pid,))
        report = run_report(kind, export, params)
        check_shapes_and_signs(report)
        check_household_columns(report)
        check_apr_totals(report)
        path = report.write_sage(tmp_path / f"{pid}.zip")
        assert path.stat().st_size > 0


@pytest.mark.skipif(not EVA.exists(), reason="../shared/data/eva-demo-fy2026.zip not found")
def test_reading_only_report_columns_changes_nothing() -> None:
    """REPORT_COLUMNS lists every column the reports read: the CLI reads only those, and the
    Sage files must be the same as from the whole export."""
    full, _ = read_export(EVA)
    slim, _ = read_export(EVA, files=REPORT_FILES, columns=REPORT_COLUMNS)
    params = ReportParameters(dt.date(2021, 10, 1), dt.date(2022, 9, 30),
                              tuple(full["Project"]["ProjectID"].to_list()))
    for kind in ("APR", "CAPER"):
        assert (run_report(kind, slim, params).sage_files()
                == run_report(kind, full, params).sage_files())


def test_a_column_left_unread_is_an_error_not_an_empty_column() -> None:
    export, _ = read_export(sample_export_path(), files=["Client"],
                            columns={"Client": ["PersonalID"]})
    with pytest.raises(KeyError, match="was not read"):
        Frame(export).col("Client", "DOB")
