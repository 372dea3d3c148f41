"""The bundled sample export is what its recipe makes, and it is valid."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hmis_core import read_export, sample_export_path, validate
from hmis_core._sample import SAMPLE_CLIENTS, SAMPLE_SEED
from hmis_core.testing import write_synthetic


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_sample_matches_its_recipe(tmp_path: Path) -> None:
    write_synthetic(tmp_path / "s.zip", clients=SAMPLE_CLIENTS, seed=SAMPLE_SEED)
    assert _members(tmp_path / "s.zip") == _members(sample_export_path())


def test_sample_is_valid() -> None:
    export, findings = read_export(sample_export_path())
    findings += validate(export)
    assert findings == []
    assert len(export.clients) == SAMPLE_CLIENTS
