"""``hmis --version`` and ``hmis spec`` against the spec tables."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hmis_core
from _support import read_table
from hmis_core._cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hmis_core", "--version"], capture_output=True, text=True,
        check=True,
    ).stdout
    assert out.strip() == f"hmis_core {hmis_core.__version__}"


def test_spec_json_matches_tables(capsys: pytest.CaptureFixture[str], spec_dir: Path) -> None:
    code, out = run(capsys, "spec", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"csv_version", "files", "lists"}
    assert doc["csv_version"] == "2026 v1"
    columns = read_table("csv_columns_fy2026.csv")
    files = list(dict.fromkeys(r["File"] for r in columns))
    assert [f["name"] for f in doc["files"]] == files
    for f in doc["files"]:
        expected = [r for r in columns if r["File"] == f["name"]]
        assert f["columns"] == [
            {
                "name": r["Column"],
                "type": r["Type"],
                "max_length": int(r["MaxLength"]) if r["MaxLength"] else None,
                "nullable": r["Nullable"] == "Y",
                "list": r["List"] or None,
                "element": r["Element"] or None,
            }
            for r in expected
        ]
    lists: dict[str, list[dict[str, str]]] = {}
    for r in read_table("lists_fy2026.csv"):
        if not r["ValueChangeFY2024toFY2026"].startswith("removed"):  # retired in FY2026
            lists.setdefault(r["List"], []).append(r)
    assert [lst["number"] for lst in doc["lists"]] == list(lists)
    for lst in doc["lists"]:
        rows = lists[lst["number"]]
        assert lst["name"] == rows[0]["ListName"]
        assert [(str(v["code"]), v["label"]) for v in lst["values"]] == [
            (r["Value"], r["Text"]) for r in rows
        ]
        if lst["number"] != "V6.1":  # VAMC station codes such as "528A5" stay strings
            assert all(isinstance(v["code"], int) for v in lst["values"])


def test_spec_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "spec")
    assert code == 0
    assert out.startswith("HMIS CSV 2026 v1: 24 files, 91 lists")
    assert "Client.csv" in out
    assert "List 3.01.5 NameDataQuality" in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
