"""The public API is listed in one place; this pins it so changes are deliberate."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types

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


# --------------------------------------------------------------------- examples in docstrings

DOCUMENTED_PACKAGES = (
    "hmis_core",
    "hmis_core.elements",
    "hmis_core.csvspec",
    "hmis_core.dedup",
    "hmis_core.reports",
    "hmis_core.privacy",
    "hmis_core.security",
    "hmis_core.testing",
)

_CONSTANT = "a constant: documented where it is defined and shown in the examples that use it"
_ALIAS = "a type alias: it has no docstring of its own"
_PRESET = "a SecurityPolicy preset (SecurityPolicy has the example)"
NO_EXAMPLE_NEEDED = {
    "hmis_core.PPI_COLUMNS": _CONSTANT,
    "hmis_core.__version__": "the version string",
    "hmis_core.elements.CURRENT": "the current Standard object (Standard has the example)",
    "hmis_core.elements.FY2026": "a Standard object (Standard has the example)",
    "hmis_core.elements.STANDARDS": _CONSTANT,
    "hmis_core.elements.MISSING_DATA_CODES": _CONSTANT,
    "hmis_core.elements.ColumnType": _ALIAS,
    "hmis_core.elements.LISTS": "generated table of the code lists, by list number",
    "hmis_core.elements.KEYS": "generated table of the keys, by file",
    "hmis_core.elements.RECORD_TYPES": "generated tuple of the record classes",
    "hmis_core.csvspec.CATALOGUE": _CONSTANT + " (Check has the example)",
    "hmis_core.dedup.CLIENT_COLUMNS": _CONSTANT,
    "hmis_core.dedup.ENROLLMENT_COLUMNS": _CONSTANT,
    "hmis_core.dedup.DEFAULT_BLOCKING": _CONSTANT + " (BlockOn has the example)",
    "hmis_core.dedup.LEVELS": _CONSTANT,
    "hmis_core.reports.REPORT_COLUMNS": _CONSTANT,
    "hmis_core.reports.REPORT_FILES": _CONSTANT,
    "hmis_core.reports.Member": _ALIAS,
    "hmis_core.privacy.AGE_BAND_COLUMN": _CONSTANT,
    "hmis_core.privacy.DEDUP_IDENTIFIERS": _CONSTANT,
    "hmis_core.privacy.DEFAULT_AGE_BANDS": _CONSTANT,
    "hmis_core.privacy.DIRECT_IDENTIFIERS": _CONSTANT,
    "hmis_core.privacy.FREE_TEXT_COLUMNS": _CONSTANT,
    "hmis_core.privacy.STAFF_CONTACT_COLUMNS": _CONSTANT,
    "hmis_core.privacy.Cell": _ALIAS,
    "hmis_core.privacy.DobMode": _ALIAS,
    "hmis_core.security.HUD_2004_BASELINE": _PRESET,
    "hmis_core.security.STRICT_LOCAL": _PRESET,
    "hmis_core.security.LockoutEvent": _ALIAS,
    "hmis_core.testing.DEFAULT_ERROR_RATES": _CONSTANT,
    "hmis_core.testing.ERROR_TYPES": _CONSTANT,
}
"""Public names that need no example of their own, with the reason."""

def _has_example(obj: object) -> bool:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    if isinstance(doc, str) and ">>>" in doc:
        return True
    if isinstance(obj, type):  # or its main method: any public method defined on the class
        for name, attribute in vars(obj).items():
            if name.startswith("_") and name not in ("__init__", "__call__"):
                continue
            function = getattr(attribute, "__func__", attribute)   # class and static methods
            function = getattr(function, "fget", function)          # properties
            member_doc = getattr(function, "__doc__", None)
            if callable(function) and isinstance(member_doc, str) and ">>>" in member_doc:
                return True
    return False


def _public_objects() -> list[tuple[str, object]]:
    out = []
    for package in DOCUMENTED_PACKAGES:
        module = importlib.import_module(package)
        out += [(f"{package}.{name}", getattr(module, name)) for name in module.__all__]
    return out


def test_every_public_function_and_class_has_an_example() -> None:
    missing = []
    for qualified, obj in _public_objects():
        if qualified in NO_EXAMPLE_NEEDED:
            continue
        if not _has_example(obj):
            missing.append(qualified)
    assert not missing, f"public names without a >>> example in their docstring: {missing}"


def test_example_exemptions_are_current() -> None:
    public = dict(_public_objects())
    stale = sorted(set(NO_EXAMPLE_NEEDED) - set(public))
    assert not stale, f"exempted but no longer public: {stale}"
    # only constants and type aliases may be exempt, never a function or a class
    wrong = [name for name in NO_EXAMPLE_NEEDED
             if inspect.isroutine(public[name])
             or (inspect.isclass(public[name])
                 and not isinstance(public[name], types.GenericAlias))]
    assert not wrong, f"functions and classes need an example: {wrong}"
    for base in (hmis_core.elements.HudList, hmis_core.elements.HudStrList):
        assert _has_example(base), base
