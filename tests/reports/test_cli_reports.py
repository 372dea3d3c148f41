"""``hmis apr`` / ``hmis caper``: outputs and exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from hmis_core import read_export, sample_export_path
from hmis_core._cli import main
from hmis_core.privacy import is_victim_service_provider
from hmis_core.reports import ClientLevelOutputError, apr, report_projects

RANGE = ["--start", "2024-10-01", "--end", "2025-09-30", "--quiet"]


def test_one_project_sage_zip_matches_the_library(tmp_path: Path) -> None:
    sample = str(sample_export_path())
    export, _ = read_export(sample)
    project = report_projects(export, "APR", "2024-10-01", "2025-09-30")[0]
    out = tmp_path / "apr.zip"
    assert main(["apr", sample, *RANGE, "--project", project, "--out", str(out)]) == 0
    expected = apr(export, "2024-10-01", "2025-09-30", project).sage_files()
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == sorted(expected)
        for name, text in expected.items():
            assert z.read(name).decode("utf-8") == text


def test_every_funded_project_gets_its_own_zip(tmp_path: Path) -> None:
    sample = str(sample_export_path())
    export, _ = read_export(sample)
    folder = tmp_path / "caper"
    assert main(["caper", sample, *RANGE, "--out", str(folder)]) == 0
    expected = report_projects(export, "CAPER", "2024-10-01", "2025-09-30")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"CAPER-{p}.zip" for p in expected)
    with zipfile.ZipFile(next(folder.iterdir())) as z:
        assert len(z.namelist()) == 40


def test_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(sample_export_path())
    export, _ = read_export(sample)
    project = report_projects(export, "APR", "2024-10-01", "2025-09-30")[0]
    assert main(["apr", sample, *RANGE, "--project", project, "--format", "json",
                 "--members"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["report"] == "APR"
    assert len(doc["tables"]) == 67
    total = doc["tables"]["Q7a"]["rows"][4][1]
    assert len(doc["tables"]["Q7a"]["members"].get("B6", [])) == total
    assert main(["caper", sample, *RANGE, "--project", project, "--format", "text"]) == 0
    assert "Q22a2" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(sample_export_path())
    assert main(["apr", sample, *RANGE, "--project", "no-such-project"]) == 2
    assert "no such project" in capsys.readouterr().err
    assert main(["apr", sample, "--start", "2025-09-30", "--end", "2024-10-01"]) == 2
    assert main(["apr", str(tmp_path / "missing.zip"), *RANGE]) == 2
    with pytest.raises(SystemExit):
        main(["apr", sample, "--start", "30/09/2025", "--end", "2025-09-30"])


def test_no_funded_project_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    # Before the sample's projects existed nothing was funded.
    assert main(["apr", str(sample_export_path()), "--start", "1990-01-01", "--end",
                 "1990-12-31", "--quiet"]) == 1
    assert "no project with HUD:CoC funding" in capsys.readouterr().err


def test_client_level_output_is_refused_for_a_victim_service_provider(
        capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(sample_export_path())
    export, _ = read_export(sample)
    vsp = next(p for p in export["Project"]["ProjectID"].to_list()
               if is_victim_service_provider(export, p))
    report = apr(export, "2024-10-01", "2025-09-30", vsp)
    assert report.victim_service_provider
    with pytest.raises(ClientLevelOutputError):
        report.to_dict(members=True)
    assert report.to_dict()["tables"]["Q7a"]["rows"]          # aggregates are fine
    assert main(["apr", sample, *RANGE, "--project", vsp, "--format", "json",
                 "--members"]) == 2
    assert "victim service provider" in capsys.readouterr().err
