"""The HMIS CSV export: read, validate, write and hash (FY2026, CSVVersion "2026 v1").

>>> import hmis_core
>>> from hmis_core.csvspec import read_export, validate
>>> export, findings = read_export(hmis_core.sample_export_path())
>>> findings += validate(export)
>>> findings
[]
"""

from __future__ import annotations

from hmis_core.csvspec._checks import CATALOGUE, Check
from hmis_core.csvspec._hashing import hash_name, hash_ssn, soundex
from hmis_core.csvspec._reader import read_export
from hmis_core.csvspec._validate import validate
from hmis_core.csvspec._writer import write_export

__all__ = [
    "CATALOGUE",
    "Check",
    "hash_name",
    "hash_ssn",
    "read_export",
    "soundex",
    "validate",
    "write_export",
]
