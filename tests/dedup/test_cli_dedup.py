"""``hmis dedup``: the JSON layout, and no identifying value ever printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hmis_core import read_export, sample_export_path
from hmis_core._cli import main


def test_json_layout_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", str(sample_export_path()), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"unduplicated_count", "clusters", "pairs"}
    export, _ = read_export(sample_export_path())
    ids = {c.personal_id for c in export.clients}
    in_clusters = [pid for c in doc["clusters"] for pid in c]
    assert len(in_clusters) == len(set(in_clusters))
    assert set(in_clusters) <= ids
    assert doc["unduplicated_count"] == len(ids) - sum(len(c) - 1 for c in doc["clusters"])
    assert all(set(p) == {"a", "b", "probability"} for p in doc["pairs"])


@pytest.mark.parametrize("extra", [[], ["--explain"], ["--format", "json", "--explain"],
                                   ["--format", "csv"]])
def test_no_identifying_value_is_printed(capsys: pytest.CaptureFixture[str],
                                         extra: list[str]) -> None:
    assert main(["dedup", str(sample_export_path()), *extra]) == 0
    out = capsys.readouterr().out
    export, _ = read_export(sample_export_path())
    for c in export.clients:
        for value in (c.first_name, c.last_name, c.ssn):
            if value and len(value) > 3:
                assert value not in out
        if c.dob:
            assert c.dob.isoformat() not in out


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_text("nope")
    assert main(["dedup", str(bad)]) == 2
