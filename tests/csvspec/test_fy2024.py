"""An FY2024 export is recognised, converted to FY2026, and every value that cannot be carried
over is reported. The FY2024 export is made here from the FY2026 demo by undoing the FY2026
changes listed in NOTES.md."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from _support import EVA_DEMO
from hmis_core import read_export, validate, write_export
from hmis_core.elements import Client

GENDER = ["Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning",
          "DifferentIdentity", "GenderNone", "DifferentIdentityText"]


def _rewrite(text: str, change: object) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    change(rows)  # type: ignore[operator]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _client(rows: list[list[str]]) -> None:
    header = rows[0]
    sex = header.index("Sex")
    header[header.index("HispanicLatinao")] = "HispanicLatinaeo"
    for row in rows:
        del row[sex]
    rows[0] += GENDER
    for i, row in enumerate(rows[1:]):
        row += ["1" if i % 2 else "0", "0" if i % 2 else "1", "0", "0", "0", "0", "0", "", ""]


def _enrollment(rows: list[list[str]]) -> None:
    mhc = rows[0].index("MentalHealthConsultation")
    for row in rows:
        del row[mhc]
    rows[0].append("SexualOrientation")
    for row in rows[1:]:
        row.append("")
    rows[1][-1] = "2"


def _exit(rows: list[list[str]]) -> None:
    column = rows[0].index("CounselingReceived")
    rows[1][column] = "99"


def _funder(rows: list[list[str]]) -> None:
    rows[1][rows[0].index("Funder")] = "47"


def _export(rows: list[list[str]]) -> None:
    rows[1][rows[0].index("CSVVersion")] = "2024 v1"


@pytest.fixture(scope="module")
def fy2024_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not EVA_DEMO.exists():
        pytest.skip(f"{EVA_DEMO} not found")
    changes = {"Client.csv": _client, "Enrollment.csv": _enrollment, "Exit.csv": _exit,
               "Funder.csv": _funder, "Export.csv": _export}
    target = tmp_path_factory.mktemp("fy24") / "fy2024.zip"
    with zipfile.ZipFile(EVA_DEMO) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            text = src.read(name).decode("utf-8")
            if name in changes:
                text = _rewrite(text, changes[name])
            dst.writestr(name, text)
    return target


def test_fy2024_export_is_recognised_and_converted(fy2024_zip: Path, tmp_path: Path) -> None:
    export, findings = read_export(fy2024_zip)
    codes = [f.code for f in findings]
    assert codes.count("fy2024_export") == 1
    # renamed column mapped, dropped columns not reported as extra, new ones not as missing
    assert not {"extra_column", "missing_column", "column_name_mismatch"} & set(codes)
    client = export.records(Client, include_deleted=True)[0]
    assert client.hispanic_latinao is not None
    assert client.sex is None
    dropped = [f for f in findings if f.code == "fy2024_value_dropped"]
    # Woman and Man each hold 0 and 1; NonBinary..DifferentIdentity hold 0; SexualOrientation 2
    by_column = {(f.column, f.value) for f in dropped}
    assert ("Woman", "0") in by_column
    assert ("Woman", "1") in by_column
    assert ("SexualOrientation", "2") in by_column
    assert ("CounselingReceived", "99") in by_column
    assert ("GenderNone", "") not in by_column
    # the demo's Funder.csv already holds 47 in four rows and 48 in one; we set row 1 to 47
    retired = [f for f in findings if f.code == "fy2024_value_not_carried"]
    assert [(f.value, f.row) for f in retired] == [("47", 2), ("48", 54)]
    assert "5 row(s)" in retired[0].message
    # the converted export is FY2026
    assert export.export_record is not None
    assert export.export_record.csv_version == "2026 v1"
    assert not {"csv_version", "fy2024_export"} & {f.code for f in validate(export)}
    # and writes as FY2026: no FY2024 columns, FY2026 ones present, CounselingReceived emptied
    write_export(export, tmp_path / "fy26.zip")
    with zipfile.ZipFile(tmp_path / "fy26.zip") as z:
        client_header = z.read("Client.csv").decode().splitlines()[0].split(",")
        exit_rows = list(csv.DictReader(io.StringIO(z.read("Exit.csv").decode())))
    assert "Sex" in client_header
    assert "HispanicLatinao" in client_header
    assert not set(GENDER) & set(client_header)
    assert exit_rows[0]["CounselingReceived"] == ""
    again, findings_again = read_export(tmp_path / "fy26.zip")
    assert not any(f.code.startswith("fy2024") for f in findings_again)
    assert len(again.clients) == len(export.clients)
