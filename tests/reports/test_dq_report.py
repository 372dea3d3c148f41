"""The data-quality report: scopes, timeliness, outputs, the HTML page in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from _build import END, START, Build

from hmis_core import read_export, sample_export_path
from hmis_core._cli import main
from hmis_core.reports import ClientLevelOutputError, apr, data_quality


def two_projects() -> Build:
    """Org O1 runs P1 (TH) and P2 (PSH); O2 runs P3 (ES). Records were created:
    E1 2 days after entry (on time), E2 5 days after (late), E3 the same day, E4 before the
    period (not counted); the exit of E1 was recorded 12 days late."""
    b = Build()
    b.project("P1", 2)
    b.project("P2", 3)
    b.project("P3", 0, org="O2")
    for pid in ("A", "B", "C", "D"):
        b.client(pid)
    b.enrollment("E1", "A", "2022-01-10", project="P1", DateCreated="2022-01-12 10:00:00")
    b.exit("E1", "2022-03-01", DateCreated="2022-03-13 08:00:00")
    b.enrollment("E2", "B", "2022-02-01", project="P2", DateCreated="2022-02-06 09:00:00")
    b.enrollment("E3", "C", "2022-04-01", project="P3", DateCreated="2022-04-01 17:00:00")
    b.enrollment("E4", "D", "2021-01-01", project="P1", DateCreated="2021-03-01 09:00:00")
    return b


def test_scopes_and_timeliness() -> None:
    dq = data_quality(two_projects().export(), START, END, checks=False)
    assert [p.id for p in dq.projects] == ["P1", "P2", "P3"]
    assert [o.id for o in dq.organizations] == ["O1", "O2"]
    assert dq.coc.project_ids == ("P1", "P2", "P3")
    assert dq.coc.persons == 4
    assert dq.organizations[0].persons == 3                 # A, B and D
    entries = dq.coc.timeliness.entries
    # E1 2 days, E2 5 days, E3 0 days; E4 started before the period.
    assert entries["records"] == 3
    assert entries["within_standard"] == 2
    assert entries["rate_within_standard"] == round(2 / 3, 4)
    assert entries["median_days"] == 2
    assert entries["distribution"]["1-3 days"] == 1
    assert entries["distribution"]["4-6 days"] == 1
    assert dq.coc.timeliness.exits["distribution"]["11+ days"] == 1
    # A looser standard of 7 days puts E2 on time too.
    loose = data_quality(two_projects().export(), START, END, timeliness_days=7, checks=False)
    assert loose.coc.timeliness.entries["within_standard"] == 3


def test_q6_tables_match_the_apr_for_a_project() -> None:
    export = two_projects().export()
    dq = data_quality(export, START, END, ["P1"], checks=False)
    report = apr(export, START, END, "P1")
    for q in ("Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f"):
        assert dq.projects[0].tables[q].values == report[q].values


def test_bad_arguments() -> None:
    export = two_projects().export()
    with pytest.raises(ValueError, match="before start"):
        data_quality(export, END, START)
    with pytest.raises(ValueError, match="timeliness_days"):
        data_quality(export, START, END, timeliness_days=-1)


def test_json_and_text() -> None:
    dq = data_quality(two_projects().export(), START, END, checks=False)
    doc = json.loads(dq.to_json())
    assert doc["coc"]["persons"] == 4
    assert doc["projects"][0]["tables"]["Q6a"]["header"][0] == "Data Element"
    text = dq.to_text()
    assert "project Project P1" in text
    assert "organization Org O1" in text


def sample_dq_html(tmp_path: Path) -> Path:
    export, _ = read_export(sample_export_path())
    dq = data_quality(export, dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    path = tmp_path / "dq.html"
    path.write_text(dq.to_html(), encoding="utf-8")
    return path


def test_html_is_self_contained(tmp_path: Path) -> None:
    text = sample_dq_html(tmp_path).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for remote in ("http://", "https://", "<script", "<link", "@import", "src="):
        assert remote not in text
    assert "<svg" in text
    assert "HUD data-quality framework" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = sample_dq_html(tmp_path)
    shot = tmp_path / "dq.png"
    assert CHROMIUM is not None
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    # The browser parsed the page and built the DOM: the tables and charts are there.
    assert "HMIS data quality" in dom
    assert dom.count("<table") >= 6
    assert "<svg" in dom
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.exists()
    assert shot.stat().st_size > 10_000                    # a real picture, not a blank page


def test_cli_dq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dq.html"
    code = main(["dq", str(sample_export_path()), "--start", "2024-10-01", "--end",
                 "2025-09-30", "--html", str(out), "--format", "json", "--quiet"])
    doc = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert doc["coc"]["persons"] > 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["dq", str(sample_export_path()), "--start", "2025-09-30", "--end",
                 "2024-10-01"]) == 2
    assert main(["dq", str(sample_export_path()), "--start", "2024-10-01", "--end",
                 "2025-09-30", "--project", "nope", "--quiet"]) == 2


def test_client_level_findings_are_withheld_for_victim_service_providers() -> None:
    b = two_projects()
    b.rows["Organization"][1]["VictimServiceProvider"] = "1"      # O2 runs P3
    dq = data_quality(b.export(), START, END)
    assert dq.victim_service_providers == ("P3",)
    doc = json.loads(dq.to_json())
    assert "findings" not in doc
    assert "findings_withheld" in doc
    with pytest.raises(ClientLevelOutputError):
        dq.to_dict(findings=True)
    # without the VSP project in scope, the findings are included
    assert "findings" in data_quality(b.export(), START, END, ["P1", "P2"]).to_dict()
