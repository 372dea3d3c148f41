"""Run the examples in the docstrings of hmis_core.security."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "hmis_core.security",
    "hmis_core.security._access",
    "hmis_core.security._lockout",
    "hmis_core.security._password",
    "hmis_core.security._presets",
    "hmis_core.security._rotation",
    "hmis_core.security._session",
    "hmis_core.security._words",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
