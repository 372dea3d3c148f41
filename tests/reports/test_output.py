"""Report layout and output: shells from apr_tables.csv, Sage CSV text, JSON, Q4a."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from _build import END, START, Build

from _support import SPEC
from hmis_core.reports import Report, layout, questions
from hmis_core.reports._engine import q4a
from hmis_core.reports._report import days, money, ratio
from hmis_core.reports._tally import Tally
from hmis_core.reports._universe import ReportParameters, build_context

SAGE_APR = (
    "Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q7b", "Q8a", "Q8b", "Q9a",
    "Q9b", "Q11", "Q12", "Q13a1", "Q13b1", "Q13c1", "Q13a2", "Q13b2", "Q13c2", "Q14a", "Q14b",
    "Q15", "Q16", "Q17", "Q18", "Q19a1", "Q19a2", "Q19b", "Q20a", "Q20b", "Q21", "Q22a1", "Q22b",
    "Q22c", "Q22e", "Q22f", "Q22g", "Q23c", "Q23d", "Q23e", "Q24b", "Q24e", "Q25a", "Q25b",
    "Q25d", "Q25i", "Q25j", "Q26a", "Q26b", "Q26d", "Q26e", "Q27a", "Q27b", "Q27d", "Q27e",
    "Q27f1", "Q27f2", "Q27g", "Q27h", "Q27i", "Q27j", "Q27k", "Q27l", "Q27m",
)
SAGE_CAPER = (
    "Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q7b", "Q8a", "Q8b", "Q9a",
    "Q9b", "Q11", "Q12", "Q13a1", "Q13b1", "Q13c1", "Q14a", "Q14b", "Q15", "Q16", "Q17", "Q19b",
    "Q20a", "Q21", "Q22a2", "Q22c", "Q22d", "Q22e", "Q22f", "Q22g", "Q23c", "Q23d", "Q23e",
    "Q24a", "Q24e", "Q25a", "Q26b",
)


def test_the_table_lists_are_sages() -> None:
    # SAGE_CSV.md §1 lists the 67 APR and 40 CAPER files.
    assert questions("APR") == list(SAGE_APR)
    assert questions("CAPER") == list(SAGE_CAPER)


def test_shipped_shells_match_the_spec_table() -> None:
    source = SPEC / "reports" / "apr_tables.csv"
    if not source.exists():
        pytest.skip("spec tables not found")
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    for report, question in {(r["Report"], r["Question"]) for r in rows}:
        mine = layout(report, question)
        theirs = [r for r in rows if (r["Report"], r["Question"]) == (report, question)]
        theirs.sort(key=lambda r: int(r["RowNo"]))
        assert mine.header == (theirs[0]["RowLabel"], *theirs[0]["Columns"].split("|"))
        if question != "Q4a":
            assert list(mine.row_labels) == [r["RowLabel"] for r in theirs[1:]]


def test_number_formats() -> None:
    assert str(ratio(7, 9)) == "0.7778"
    assert str(ratio(0, 0)) == "0.0000"
    assert str(ratio(1, 1)) == "1.0000"
    assert str(money(Decimal("-40"))) == "-40.00"
    assert str(days(Decimal(1300) / 3)) == "433.3333"
    assert str(days(12)) == "12"


def _q7a_table():
    t = Tally(layout("APR", "Q7a"))
    t.set(2, 1, 26)
    t.blank(2, 4)                                   # E2 is gray
    return t.build()


def test_sage_csv_text() -> None:
    text = _q7a_table().to_csv()
    lines = text.split("\r\n")
    assert lines[0] == ('"","Total","Without Children","With Children and Adults",'
                        '"With Only Children","Unknown Household Type"')
    assert lines[1] == '"Adults",26,0,0,,0'
    assert lines[6].startswith('"For PSH & RRH - the total persons served')
    assert text.endswith("\r\n")
    assert len(lines) == 8
    parsed = list(csv.reader(io.StringIO(text)))
    assert [len(r) for r in parsed] == [6] * 7


def test_report_zip_json_and_text(tmp_path: Path) -> None:
    table = _q7a_table()
    report = Report("APR", START, END, ("P1",), {"Q7a": table})
    path = report.write_sage(tmp_path / "apr.zip")
    with zipfile.ZipFile(path) as z:
        assert z.namelist() == ["Q7a.csv"]
        assert z.read("Q7a.csv").decode("utf-8") == table.to_csv()
    doc = json.loads(report.to_json())
    assert doc["tables"]["Q7a"]["rows"][0] == ["Adults", 26, 0, 0, None, 0]
    assert doc["start"] == "2021-10-01"
    assert "Q7a" in report.to_text()


def test_q4a_describes_each_project() -> None:
    b = Build()
    b.project("P1", 13, RRHSubType=1, ResidentialAffiliation=1)
    b.add("Affiliation", AffiliationID="A1", ProjectID="P1", ResProjectID="P9")
    b.add("CEParticipation", CEParticipationID="CE1", ProjectID="P1", AccessPoint=1,
          CEParticipationStatusStartDate="2020-01-01")
    b.client("A")
    b.client("B")
    b.enrollment("E1", "A", "2022-01-01", hid="H1")
    b.enrollment("E2", "B", "2022-01-01", hid="H1", rel=3)
    ctx = build_context(b.export(), ReportParameters(START, END, ("P1",), software_name="X"))
    t = q4a(ctx, "APR")
    assert t.row_labels == ("Org O1",)
    assert t.values[0] == ["O1", "Project P1", "P1", 13, 1, 1, 1, "P9", "XX-500", "123456", 0,
                           "X", "2021-10-01", "2022-09-30", 2, 1]
    assert t.members("Q2") == (("A", "E1"),)
    line = t.to_csv().split("\r\n")[1]
    assert line.startswith('"Org O1","O1","Project P1","P1",13,1,1,1,"P9","XX-500"')
