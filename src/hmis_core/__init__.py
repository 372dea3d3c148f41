"""hmis_core: the HUD HMIS standards in pure Python.

The public API is listed in ``__all__``; everything in a module whose name starts with ``_``
is private. Sub-packages: :mod:`hmis_core.elements` (data elements and code lists),
:mod:`hmis_core.security` (HUD security rules as policy objects).

>>> import hmis_core
>>> hmis_core.Severity.ERROR > hmis_core.Severity.WARNING
True
"""

from __future__ import annotations

from hmis_core._export import Export, RecordView
from hmis_core._findings import PPI_COLUMNS, Finding, Severity
from hmis_core._sample import sample_export_path
from hmis_core._table import Column, Table
from hmis_core._version import __version__
from hmis_core.csvspec import read_export, validate, write_export

__all__ = [
    "PPI_COLUMNS",
    "Column",
    "Export",
    "Finding",
    "RecordView",
    "Severity",
    "Table",
    "__version__",
    "read_export",
    "sample_export_path",
    "validate",
    "write_export",
]
