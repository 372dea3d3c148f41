"""The small synthetic export bundled with the package (for examples, docs and the demo)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["SAMPLE_CLIENTS", "SAMPLE_SEED", "sample_export_path"]

SAMPLE_SEED = 2026
SAMPLE_CLIENTS = 1000
"""The sample is ``hmis synth --clients 1000 --seed 2026`` (default period 2022-10-01 ..
2025-09-30); ``tests/test_sample.py`` checks the committed file still matches."""


def sample_export_path() -> Path:
    """Path of the bundled sample export (a zip of the 24 FY2026 HMIS CSV files).

    >>> sample_export_path().name
    'sample_export.zip'
    """
    return Path(str(resources.files("hmis_core._data").joinpath("sample_export.zip")))
