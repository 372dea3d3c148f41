"""Helpers shared by the tests: where the spec tables and shared test data live."""

from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HMIS_SHARED_DIR", ROOT.parent / "shared"))
SPEC = SHARED / "spec"
EVA_DEMO = SHARED / "data" / "eva-demo-fy2026.zip"


def read_table(name: str) -> list[dict[str, str]]:
    """A spec table as dicts."""
    with (SPEC / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
