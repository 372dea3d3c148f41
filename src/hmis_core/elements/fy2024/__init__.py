"""FY2024 leftovers: the code lists the FY2026 CSV dropped (Gender 3.6.1, SexualOrientation
R3.1, PreferredLanguage C4.A) and the codes FY2026 retired from lists it kept
(``RETIRED_CODES``: FundingSource 47 and 48). Only the FY2024 -> FY2026 migration uses them."""

from __future__ import annotations

from hmis_core.elements.fy2024 import _lists
from hmis_core.elements.fy2024._lists import *  # noqa: F403

REMOVED_LISTS = _lists.LISTS
"""The removed lists by HUD list number."""
RETIRED_CODES = _lists.RETIRED_CODES

__all__ = ["REMOVED_LISTS"]
__all__ += _lists.__all__
