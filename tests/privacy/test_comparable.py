"""Comparable database check of victim service providers: verdict, per-table failures,
aggregate-only release (suppression, withheld computed cells), no client identifiers in any
output, the VSP test and the ``hmis comparable-db-check`` command."""

from __future__ import annotations

import argparse
import datetime as dt
import doctest
import json
import re
import sys
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hmis_core
from hmis_core import Export, Finding, Severity
from hmis_core._cli import _comparable as cli
from hmis_core.privacy import (
    ComparableCheck,
    ReleasedTable,
    _comparable,
    aggregate_only,
    comparable_database_check,
    is_victim_service_provider,
    recoverable_cells,
    suppress,
)
from hmis_core.privacy._comparable import (
    recoverable_released,
    release_table,
    suppress_cells,
    table_equations,
)
from hmis_core.privacy._tables import texts
from hmis_core.reports import (
    ReportParameters,
    ReportTable,
    TableLayout,
    apr,
    layout,
    questions,
    run_report,
)
from hmis_core.reports import _universe as universe
from hmis_core.reports._tally import TABLES
from hmis_core.testing import synthesize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))
from _build import Build

SAMPLE = hmis_core.sample_export_path()
EVA_DEMO = Path("/work/shared/data/eva-demo-fy2026.zip")
START, END = dt.date(2021, 10, 1), dt.date(2022, 9, 30)
THRESHOLD = 10


def counts_ok(table: ReleasedTable, threshold: int = THRESHOLD) -> bool:
    """Every released count is 0 or above the threshold (Q4a: only its two counts)."""
    if table.question == "Q4a":
        columns = [j for j, h in enumerate(table.header[1:]) if h.startswith("Total Active")]
        cells = [row[j] for row in table.values for j in columns]
    else:
        cells = [v for row in table.values for v in row]
    return all(v is None or (isinstance(v, int) and (v == 0 or v > threshold)) for v in cells)


# ----------------------------------------------------------------------------- hand-built


def small_vsp() -> Build:
    """A DV shelter (P1, type 0: entry/exit) of a VSP organization (O1) with 14 single adults
    and one family of three; an ordinary project (P2) of O2 with one client."""
    b = Build()
    b.project("P1", 0, org="O1")
    b.rows["Organization"][0]["VictimServiceProvider"] = "1"
    b.project("P2", 3, org="O2")
    for i in range(1, 15):
        b.client(f"S{i}", dob="1985-03-04")
        b.enrollment(f"E{i}", f"S{i}", "2022-01-10")
        if i % 2:
            b.exit(f"E{i}", "2022-03-01")
    b.client("M", dob="1990-06-07")
    b.client("K1", dob="2015-01-01")
    b.client("K2", dob="2017-01-01")
    b.enrollment("F1", "M", "2022-02-01", hid="HF")
    b.enrollment("F2", "K1", "2022-02-01", hid="HF", rel=2)
    b.enrollment("F3", "K2", "2022-02-01", hid="HF", rel=2)
    b.client("Z", dob="1970-01-01")
    b.enrollment("Z1", "Z", "2022-01-10", project="P2")
    return b


@pytest.fixture(scope="module")
def vsp_export() -> Export:
    return small_vsp().export()


def test_is_victim_service_provider(vsp_export: Export) -> None:
    assert is_victim_service_provider(vsp_export, "P1")
    assert not is_victim_service_provider(vsp_export, "P2")
    assert is_victim_service_provider(vsp_export, ["P2", "P1"])
    assert not is_victim_service_provider(vsp_export, ["P9"])
    assert not is_victim_service_provider(vsp_export, [])
    sample, _ = hmis_core.read_export(SAMPLE)
    vsp = [p for p in sample["Project"]["ProjectID"] if is_victim_service_provider(sample, p)]
    assert vsp  # the sample's "Safe Harbor DV Services"
    assert len(vsp) < len(sample["Project"])


def test_check_of_a_small_vsp(vsp_export: Export) -> None:
    check = comparable_database_check(vsp_export, START, END, projects=["P1"], findings=[])
    assert check.meets_standard
    assert check.reasons() == []
    assert [(r.kind, r.project_ids) for r in check.reports] == [("APR", ("P1",)),
                                                               ("CAPER", ("P1",))]
    apr_check = check.reports[0]
    assert [t.question for t in apr_check.tables] == questions("APR")
    assert apr_check.produced
    assert not apr_check.failures
    q7a = apr_check.released["Q7a"]
    # 15 adults (14 singles + M), 2 children, 17 persons: the 2 children are hidden, so the
    # 15 adults are too (17 - 15 would give them away), and in the household columns the 14
    # singles and the family's 1 adult, 2 children and 3 persons.
    assert q7a.values[0] == (None, None, None, 0, 0)
    assert q7a.values[1] == (None, 0, None, 0, 0)
    assert q7a.values[4] == (17, None, None, 0, 0)
    assert counts_ok(q7a)
    q4a = apr_check.released["Q4a"]
    assert q4a.values[0][2] == "P1"  # Project ID kept
    assert q4a.values[0][12:14] == ("2021-10-01", "2022-09-30")  # dates kept
    assert q4a.values[0][14] == 17  # Total Active Clients above the threshold
    assert q4a.values[0][15] == 15  # Total Active Households
    check15 = comparable_database_check(vsp_export, START, END, projects=["P1"],
                                        threshold=15, findings=[])
    assert check15.reports[0].released["Q4a"].values[0][14:] == (17, None)
    assert check15.reports[0].released["Q7a"].values[0][0] is None


def test_default_projects_are_every_project(vsp_export: Export) -> None:
    check = comparable_database_check(vsp_export, "2021-10-01", "2022-09-30", findings=[])
    assert check.project_ids == ("P1", "P2")
    assert len(check.reports) == 4


def test_computed_cells_are_withheld(vsp_export: Export) -> None:
    report = apr(vsp_export, START, END, "P1")
    released = aggregate_only(report)
    for q, table in report.tables.items():
        out = released[q]
        assert len(out.values) == len(table.values)
        for row, released_row in zip(table.values, out.values, strict=True):
            for v, r in zip(row, released_row, strict=True):
                if isinstance(v, Decimal):
                    assert r is None, q
                if isinstance(r, str):
                    assert q == "Q4a"
    assert released["Q6a"].values[0][4] is None  # % of Issue Rate
    assert released["Q6a"].withheld == 5


def test_validation_keeps_counts_only(vsp_export: Export) -> None:
    findings = [
        Finding("bad_ssn", Severity.HIGH, "Client", 3, "SSN", "219098765", "3.02", "x"),
        Finding("bad_ssn", Severity.HIGH, "Client", 4, "SSN", "219098765", "3.02", "x"),
        Finding("odd_name", Severity.WARNING, "Client", 5, "FirstName", "Zelda", "3.01",
                "Zelda looks odd"),
    ]
    check = comparable_database_check(vsp_export, START, END, projects=["P1"],
                                      findings=findings)
    assert not check.meets_standard
    assert check.high_priority == 2
    assert check.reasons() == ["2 high-priority validation finding(s)"]
    summary = check.validation_summary()
    assert summary["by_severity"] == {"high": 2, "error": 0, "warning": 1, "info": 0}
    assert summary["by_check"] == [{"code": "bad_ssn", "severity": "high", "count": 2},
                                   {"code": "odd_name", "severity": "warning", "count": 1}]
    text = check.to_json() + check.to_text()
    for secret in ("219098765", "Zelda", "line"):
        assert secret not in text


def test_validation_runs_when_no_findings_are_given(vsp_export: Export) -> None:
    check = comparable_database_check(vsp_export, START, END, projects=["P1"])
    expected = hmis_core.validate(vsp_export)
    assert sum(v.count for v in check.validation) == len(expected)


def test_validation_that_raises_fails_the_check(vsp_export: Export,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(export: Export) -> list[Finding]:
        raise RuntimeError("validator broke on 'S1'")

    monkeypatch.setattr(_comparable, "validate", broken)
    check = comparable_database_check(vsp_export, START, END, projects=["P1"])
    assert not check.meets_standard
    assert check.validation_error is not None
    assert check.validation_error.startswith("RuntimeError")
    assert "S1" not in check.validation_error


def test_bad_arguments(vsp_export: Export) -> None:
    with pytest.raises(ValueError, match="before"):
        comparable_database_check(vsp_export, END, START, findings=[])
    with pytest.raises(ValueError, match="threshold"):
        comparable_database_check(vsp_export, START, END, threshold=0, findings=[])


# ----------------------------------------------------------------------------- failures


def test_one_failing_table_does_not_stop_the_others(vsp_export: Export,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: Any, tally: Any) -> None:
        raise ValueError("cannot count client S3 with value 'Jane Doe' 1985-03-04")

    monkeypatch.setitem(TABLES, "Q7a", boom)
    check = comparable_database_check(vsp_export, START, END, projects=["P1"], findings=[])
    assert not check.meets_standard
    assert check.reasons() == ["2 report table(s) could not be produced"]
    for report in check.reports:
        failed = report.failures
        assert [t.question for t in failed] == ["Q7a"]
        error = failed[0].error
        assert error is not None
        assert error.startswith("ValueError: ")
        for secret in ("S3", "Jane", "Doe", "1985-03-04"):
            assert secret not in error
        assert "Q7a" not in report.released.tables
        assert len(report.released.tables) == len(report.tables) - 1
        assert all(t.produced for t in report.tables if t.question != "Q7a")
    doc = check.to_dict()
    assert doc["reports"][0]["tables"]["Q7a"] == {"produced": False,
                                                   "error": check.reports[0].failures[0].error}
    assert doc["reports"][0]["failed"] == 1
    assert "failed: APR P1 Q7a: ValueError" in check.to_text()


def test_a_failing_universe_fails_every_table(vsp_export: Export,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise KeyError("E3")

    monkeypatch.setattr(universe, "build_context", boom)
    check = comparable_database_check(vsp_export, START, END, projects=["P1"], findings=[])
    assert not check.meets_standard
    assert len(check.failures) == len(questions("APR")) + len(questions("CAPER"))
    assert {t.error for _, t in check.failures} == {"KeyError: '…'"}


# ----------------------------------------------------------------------------- suppression


def report_table(values: list[list[Any]], labels: Sequence[str],
                 header: Sequence[str]) -> ReportTable:
    return ReportTable(TableLayout("APR", "QT", tuple(header), tuple(labels)), values, {})


def with_totals(body: list[list[int]]) -> list[list[int]]:
    """Rows with the row total first, then a total line (like Q7a)."""
    rows = [[sum(row), *row] for row in body]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def test_rectangular_table_matches_the_suppress_model() -> None:
    body = [[12, 5, 30], [20, 25, 40]]
    values = with_totals(body)
    table = report_table(values, ["A", "B", "Total"], ["", "Total", "X", "Y", "Z"])
    equations = table_equations(values, table.row_labels, table.header)
    assert len(equations) == 3 + 4  # one per line with the total line, one per column
    released = release_table(table)
    # The same cells as suppress() hides with its totals last (its docstring example).
    assert released.values == ((47, None, None, 30), (85, None, None, 40), (132, 32, 30, 70))
    same = suppress([[*row[1:], row[0]] for row in values]).cells
    assert [[row[-1], *row[:-1]] for row in same] == [list(r) for r in released.values]
    assert recoverable_cells([list(r) for r in released.values], total_row=-1,
                             total_column=0) == frozenset()


def test_totals_that_do_not_add_up_are_not_equations() -> None:
    # "Total" column 20 is not 5 + 6: no row equation there; column totals still hold.
    values = [[20, 5, 6], [30, 15, 15], [50, 20, 21]]
    table = report_table(values, ["A", "B", "Total"], ["", "Total", "X", "Y"])
    equations = table_equations(values, table.row_labels, table.header)
    assert ((0, 0), ((0, 1), (0, 2))) not in equations
    assert ((1, 0), ((1, 1), (1, 2))) in equations
    assert ((2, 0), ((0, 0), (1, 0))) in equations


def test_subtotals_and_nested_totals() -> None:
    header = ["", "Total", "X", "Y"]
    labels = ["Homeless", "a", "b", "Subtotal", "Housed", "c", "d", "Subtotal", "Total",
              "Total moved in"]
    body = {1: [3, 20], 2: [12, 14], 5: [40, 2], 6: [9, 9]}
    values: list[list[Any]] = [[None, None, None] for _ in labels]
    for r, (x, y) in body.items():
        values[r] = [x + y, x, y]
    values[3] = [sum(values[r][c] for r in (1, 2)) for c in range(3)]
    values[7] = [sum(values[r][c] for r in (5, 6)) for c in range(3)]
    values[8] = [values[3][c] + values[7][c] for c in range(3)]
    values[9] = list(values[7])  # not a sum of anything above it
    table = report_table(values, labels, header)
    equations = set(table_equations(values, labels, header))
    assert ((3, 1), ((1, 1), (2, 1))) in equations
    assert ((7, 1), ((5, 1), (6, 1))) in equations
    assert ((8, 1), ((3, 1), (7, 1))) in equations
    assert not any(total[0] == 9 and parts[0][1] != 0 for total, parts in equations
                   if total[1] != 0)
    released = release_table(table)
    assert counts_ok(released)
    assert recoverable_released(table, released) == frozenset()


def test_q4a_counts_suppressed_identifiers_kept() -> None:
    shell = layout("APR", "Q4a")
    row: list[Any] = ["O1", "Shelter", "P1", 1, None, 0, 0, "", "XX-500", "123456", 1,
                      "soft", "2021-10-01", "2022-09-30", 7, 5]
    released = release_table(ReportTable(shell, [row], {}, row_labels=("Org",)))
    assert released.values[0][:14] == tuple(row[:14])
    assert released.values[0][14:] == (None, None)
    assert released.row_labels == ("Org",)


def test_suppress_cells_reveals_nothing_it_need_not_hide() -> None:
    assert suppress_cells({(0, 0): 0, (0, 1): 50}, []) == frozenset()
    assert suppress_cells({(0, 0): 3, (0, 1): 50}, []) == {(0, 0)}


cells = st.one_of(st.integers(0, 12), st.integers(0, 60))


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=6)
       .filter(lambda rows: len({len(r) for r in rows}) == 1),
       st.integers(1, 15))
@settings(max_examples=80, deadline=None)
def test_rectangular_tables_nothing_recoverable(body: list[list[int]], threshold: int) -> None:
    values = with_totals(body)
    labels = [f"R{i}" for i in range(len(body))] + ["Total"]
    header = ["", "Total", *(f"C{j}" for j in range(len(body[0])))]
    table = report_table([list(r) for r in values], labels, header)
    released = release_table(table, threshold=threshold)
    assert counts_ok(released, threshold)
    published = [list(r) for r in released.values]
    assert recoverable_cells(published, total_row=-1, total_column=0) == frozenset()
    for r, row in enumerate(values):  # every small count is hidden
        for c, v in enumerate(row):
            if 1 <= v <= threshold:
                assert published[r][c] is None


@given(st.lists(st.lists(st.tuples(cells, cells), min_size=1, max_size=4),
                min_size=1, max_size=3),
       st.integers(1, 12))
@settings(max_examples=60, deadline=None)
def test_sectioned_tables_nothing_recoverable(sections: list[list[tuple[int, int]]],
                                              threshold: int) -> None:
    """Sections with subtotals and a grand total (like Q15): the general check, plus the
    independent check of recoverable_cells on every rectangle of the table."""
    labels: list[str] = []
    values: list[list[Any]] = []
    subtotal_rows: list[int] = []
    rectangles: list[list[int]] = []
    for k, items in enumerate(sections):
        labels.append(f"Section {k}")
        values.append([None, None, None])
        first = len(values)
        for i, (x, y) in enumerate(items):
            labels.append(f"item {k}.{i}")
            values.append([x + y, x, y])
        labels.append("Subtotal")
        values.append([sum(v[c] for v in values[first:]) for c in range(3)])
        subtotal_rows.append(len(values) - 1)
        rectangles.append(list(range(first, len(values))))
    labels.append("Total")
    values.append([sum(values[r][c] for r in subtotal_rows) for c in range(3)])
    rectangles.append([*subtotal_rows, len(values) - 1])
    table = report_table(values, labels, ["", "Total", "X", "Y"])
    released = release_table(table, threshold=threshold)
    assert counts_ok(released, threshold)
    assert recoverable_released(table, released) == frozenset()
    for rows in rectangles:
        published = [list(released.values[r]) for r in rows]
        assert recoverable_cells(published, total_row=-1, total_column=0) == frozenset()


@given(st.integers(0, 10_000))
@settings(max_examples=4, deadline=None)
def test_generated_exports_nothing_recoverable(seed: int) -> None:
    export, _ = synthesize(clients=60, seed=seed)
    projects = list(dict.fromkeys(export["Enrollment"]["ProjectID"].to_list()))[:3]
    check = comparable_database_check(export, "2023-10-01", "2024-09-30", projects=projects,
                                      findings=[])
    assert check.meets_standard
    for report in check.reports:
        full = run_report(report.kind, export, ReportParameters(
            dt.date(2023, 10, 1), dt.date(2024, 9, 30), report.project_ids))
        for q, released in report.released.tables.items():
            assert counts_ok(released), q
            assert recoverable_released(full[q], released) == frozenset(), q


# ----------------------------------------------------------------------------- no identifiers


_WORDS = re.compile(r"[A-Za-z0-9]+")
_TOKENS = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@/-]*[A-Za-z0-9]|[A-Za-z0-9]")
_DESCRIPTOR_FILES = ("Export", "Organization", "Project", "Funder", "ProjectCoC", "Inventory",
                     "Affiliation", "CEParticipation", "HMISParticipation", "User")


def tokens(text: str) -> set[str]:
    return set(_WORDS.findall(text)) | set(_TOKENS.findall(text))


def identifiers(export: Export) -> set[str]:
    """Every PersonalID, EnrollmentID, HouseholdID, name, SSN and DOB of the export."""
    wanted = {
        "Client": ("PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "SSN",
                   "DOB"),
        "Enrollment": ("EnrollmentID", "HouseholdID", "PersonalID"),
        "Exit": ("EnrollmentID", "PersonalID"),
    }
    out: set[str] = set()
    for file, columns in wanted.items():
        for column in columns:
            out.update(t for t in texts(export[file][column]) if t)
    return out


def allowed(export: Export, check: ComparableCheck) -> set[str]:
    """Tokens an output may hold: project-side descriptors, the report shells, the dates of
    the run and the numbers released as counts (a numeric ID equal to a count cannot be told
    apart from it byte for byte)."""
    out: set[str] = set()
    for file in _DESCRIPTOR_FILES:
        table = export.table(file)
        if table.present:
            for name in table.columns:
                for text in texts(table[name]):
                    out |= tokens(text)
    for kind in ("APR", "CAPER"):
        for q in questions(kind):
            shell = layout(kind, q)
            for text in (*shell.header, *shell.row_labels):
                out |= tokens(text)
    for report in check.reports:
        for table in report.released.tables.values():
            for row in table.values:
                out.update(str(v) for v in row if isinstance(v, int))
                out.update(t for v in row if isinstance(v, str) for t in tokens(v))
            out.update(t for label in table.row_labels for t in tokens(label))
    return out


def outputs(check: ComparableCheck, tmp_path: Path) -> Iterator[tuple[str, str]]:
    yield "to_json", check.to_json()
    yield "to_text", check.to_text()
    path = check.write_zip(tmp_path / "release.zip")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            yield name, name + "\n" + archive.read(name).decode("utf-8")


def scan(export: Export, check: ComparableCheck, tmp_path: Path) -> None:
    secret = identifiers(export)
    assert len(secret) > 100
    ok = allowed(export, check)
    spaced = [s for s in secret if not _TOKENS.fullmatch(s)]  # names with spaces, etc.
    seen = 0
    for name, text in outputs(check, tmp_path):
        seen += 1
        leaked = (tokens(text) & secret) - ok
        assert not leaked, (name, sorted(leaked)[:5])
        assert not [s for s in spaced if s in text and not (tokens(s) <= ok)], name
    assert seen > 3


def test_no_identifier_in_any_output_sample(tmp_path: Path) -> None:
    export, read = hmis_core.read_export(SAMPLE)
    check = comparable_database_check(export, "2024-10-01", "2025-09-30",
                                      findings=[*read, *hmis_core.validate(export)])
    assert check.meets_standard
    scan(export, check, tmp_path)


def test_no_identifier_in_any_output_eva_demo(tmp_path: Path) -> None:
    if not EVA_DEMO.exists():
        pytest.skip(f"{EVA_DEMO} not found")
    export, read = hmis_core.read_export(EVA_DEMO)
    check = comparable_database_check(export, START, END,
                                      findings=[*read, *hmis_core.validate(export)])
    assert not check.meets_standard  # the demo has high-priority findings
    assert not check.failures
    scan(export, check, tmp_path)
    for report in check.reports:
        for table in report.released.tables.values():
            assert counts_ok(table)


def test_released_zip_is_sage_shaped(vsp_export: Export, tmp_path: Path) -> None:
    check = comparable_database_check(vsp_export, START, END, projects=["P1"], findings=[])
    with zipfile.ZipFile(check.write_zip(tmp_path / "out.zip")) as archive:
        names = archive.namelist()
        summary = json.loads(archive.read("summary.json"))
        q7a = archive.read("APR-P1/Q7a.csv").decode("utf-8")
    assert {f"APR-P1/{q}.csv" for q in questions("APR")} <= set(names)
    assert {f"CAPER-P1/{q}.csv" for q in questions("CAPER")} <= set(names)
    assert summary["meets_standard"] is True
    assert "released" not in summary["reports"][0]
    assert summary["files"] == [{"report": "APR", "projects": ["P1"], "folder": "APR-P1"},
                                {"report": "CAPER", "projects": ["P1"], "folder": "CAPER-P1"}]
    lines = q7a.split("\r\n")
    assert lines[0].startswith('"","Total","Without Children"')
    assert lines[1] == '"Adults",,,,0,0'  # suppressed: empty
    assert lines[5] == '"Total",17,,,0,0'
    doc = json.loads(check.to_json())
    rows = doc["reports"][0]["released"]["Q7a"]["rows"]
    assert rows[1][:2] == ["Children", None]


# ----------------------------------------------------------------------------- command line


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hmis")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["comparable-db-check", *argv])
    code: int = args.run(args)
    return code


@pytest.fixture(scope="module")
def vsp_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vsp") / "vsp.zip"
    hmis_core.write_export(small_vsp().export(), path)
    return path


def test_cli_meets_the_standard(vsp_zip: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "release.zip"
    code = run(str(vsp_zip), "--start", "2021-10-01", "--end", "2022-09-30", "--project", "P1",
               "--out", str(out), "--quiet")
    text = capsys.readouterr().out
    high = sum(f.severity is Severity.HIGH for f in hmis_core.validate(
        hmis_core.read_export(vsp_zip)[0]))
    assert code == (0 if not high else 1)
    assert "Comparable database check 2021-10-01 to 2022-09-30" in text
    assert out.exists()
    for secret in ("S1", "E1", "HF", "1985-03-04", "219098765"):
        assert not re.search(rf"\b{secret}\b", text)


def test_cli_exit_codes(vsp_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--start", "2021-10-01", "--end", "2022-09-30", "--quiet"]
    monkeypatch.setattr(cli, "validate", lambda export: [])
    assert run(str(vsp_zip), *base, "--project", "P1") == 0
    assert "meets the standard" in capsys.readouterr().out
    monkeypatch.setattr(cli, "validate", lambda export: [
        Finding("broken", Severity.HIGH, "Client", 2, "SSN", "219098765", "3.02", "bad")])
    assert run(str(vsp_zip), *base, "--project", "P1", "--format", "json") == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["meets_standard"] is False
    assert doc["validation"]["by_check"] == [{"code": "broken", "severity": "high",
                                              "count": 1}]
    assert "219098765" not in json.dumps(doc)
    monkeypatch.setattr(cli, "validate", lambda export: [])

    def boom(ctx: Any, tally: Any) -> None:
        raise RuntimeError("no")

    with monkeypatch.context() as m:
        m.setitem(TABLES, "Q12", boom)
        assert run(str(vsp_zip), *base, "--project", "P1") == 1
    assert "Q12: RuntimeError: no" in capsys.readouterr().out
    assert run(str(tmp_path / "missing.zip"), *base) == 2
    assert run(str(vsp_zip), *base, "--project", "NOPE") == 2
    assert run(str(vsp_zip), "--start", "2022-09-30", "--end", "2021-10-01") == 2
    assert run(str(vsp_zip), *base, "--out", str(vsp_zip)) == 2
    for bad in (["--threshold", "0"], ["--threshold", "x"], ["--start", "2021-13-01"]):
        with pytest.raises(SystemExit) as exit_info:
            run(str(vsp_zip), "--start", "2021-10-01", "--end", "2022-09-30", *bad)
        assert exit_info.value.code == 2


def test_docstring_examples() -> None:
    result = doctest.testmod(_comparable)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_scan_catches_a_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export, _ = hmis_core.read_export(SAMPLE)
    check = comparable_database_check(export, "2024-10-01", "2025-09-30",
                                      projects=["P0001"], findings=[])
    scan(export, check, tmp_path)
    leaked = export["Client"]["LastName"][5]
    monkeypatch.setattr(ComparableCheck, "to_text", lambda self: f"client {leaked}\n")
    with pytest.raises(AssertionError, match="to_text"):
        scan(export, check, tmp_path)
