"""The public API is listed in one place; this pins it so changes are deliberate."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import hmis_core
import hmis_core.elements

EXPECTED_TOP = {
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
}


def test_top_level_names() -> None:
    assert set(hmis_core.__all__) == EXPECTED_TOP
    for name in hmis_core.__all__:
        assert hasattr(hmis_core, name)


def test_elements_exports_every_record_and_list() -> None:
    names = set(hmis_core.elements.__all__)
    for spec in hmis_core.elements.FY2026.files:
        assert spec.record_type.__name__ in names
    for codes in hmis_core.elements.FY2026.lists.values():
        assert codes.__name__ in names
        assert getattr(hmis_core.elements, codes.__name__) is codes
    assert len(names) == len(hmis_core.elements.__all__)  # no duplicates


def test_public_modules_have_docstrings() -> None:
    for info in pkgutil.walk_packages(hmis_core.__path__, "hmis_core."):
        if info.name.rsplit(".", 1)[-1].startswith("_") or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        assert module.__doc__, info.name


def test_importing_the_core_does_not_import_hypothesis() -> None:
    code = "import sys, hmis_core, hmis_core.elements; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
