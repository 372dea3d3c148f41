"""The check catalogue: stable, documented, and used."""

from __future__ import annotations

import re
import subprocess
import sys

from _support import ROOT
from hmis_core.csvspec import CATALOGUE


def test_codes_are_snake_case_and_documented() -> None:
    for code, check in CATALOGUE.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]+", code)
        assert check.code == code
        assert check.title
        assert len(check.guidance) > 30
        assert check.stage in ("read", "validate", "dq", "privacy")


def test_docs_page_is_generated_from_the_catalogue() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_checks_doc.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_code_is_emitted_somewhere_in_the_source() -> None:
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (ROOT / "src" / "hmis_core").rglob("*.py")
                       if p.name != "_checks.py")
    for code in CATALOGUE:
        assert f'"{code}"' in source, f"check {code} is never reported"


RELEASED = {
    "column_name_mismatch", "column_order", "csv_in_subfolder", "csv_syntax", "csv_version",
    "duplicate_column", "duplicate_file", "duplicate_primary_key", "empty_file",
    "enrollment_person_mismatch", "export_id_mismatch", "export_row_count", "extra_column",
    "file_name_mismatch", "fy2024_export", "fy2024_value_dropped", "fy2024_value_not_carried",
    "hash_mismatch", "household_id_reused", "implausible_date", "impermissible_characters",
    "invalid_date_format", "invalid_type", "missing_column", "missing_export_file",
    "missing_file", "missing_reference", "no_csv_files", "no_enrollments", "not_a_zip",
    "not_utf8", "null_not_allowed", "row_too_long", "row_too_short", "string_too_long",
    "text_not_trimmed", "unexpected_file", "unhashed_export", "utf8_bom", "value_not_in_list",
}
"""Every code ever released. Codes are never removed or reused: retire them instead."""


def test_released_codes_are_never_removed() -> None:
    assert set(CATALOGUE) >= RELEASED
