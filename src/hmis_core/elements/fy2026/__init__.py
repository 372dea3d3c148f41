"""The HMIS CSV FY2026 standard (CSVVersion "2026 v1"): code lists and record classes.

Everything here is generated from the spec tables by ``tools/generate_spec.py``; see
:mod:`hmis_core.elements` for the public names.
"""

from __future__ import annotations

from hmis_core.elements._standard import Standard, file_specs
from hmis_core.elements.fy2026 import _lists, _records
from hmis_core.elements.fy2026._lists import *  # noqa: F403
from hmis_core.elements.fy2026._records import *  # noqa: F403

FY2026 = Standard(
    name="FY2026",
    csv_version="2026 v1",
    files=file_specs(_records.RECORD_TYPES, _records.KEYS),
    lists=_lists.LISTS,
)
"""The FY2026 HMIS CSV standard."""

__all__ = ["FY2026"]
__all__ += _lists.__all__
__all__ += _records.__all__
