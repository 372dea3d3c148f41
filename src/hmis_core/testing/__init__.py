"""Test-data support for hmis_core and its users (needs the ``testing`` extra: hypothesis).

Importing :mod:`hmis_core` never imports hypothesis; only this package does.
"""

from __future__ import annotations

from hmis_core.testing.strategies import column_values, records

__all__ = ["column_values", "records"]
