"""Shared fixtures: where the spec tables and the shared test data live."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from _support import SPEC, read_table

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    """The FY2026 spec tables (``../shared/spec``); tests needing them skip without them."""
    if not (SPEC / "csv_columns_fy2026.csv").exists():
        pytest.skip(f"spec tables not found at {SPEC} (set HMIS_SHARED_DIR)")
    return SPEC


@pytest.fixture(scope="session")
def spec_columns(spec_dir: Path) -> list[dict[str, str]]:
    return read_table("csv_columns_fy2026.csv")


@pytest.fixture(scope="session")
def spec_lists(spec_dir: Path) -> list[dict[str, str]]:
    return read_table("lists_fy2026.csv")
