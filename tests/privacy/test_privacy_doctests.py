"""Run the examples in the docstrings of hmis_core.privacy (also collected from src/ when the
whole suite runs; this keeps them in ``pytest tests/privacy``)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import types

import pytest

import hmis_core.privacy

MODULES = [
    "hmis_core.privacy",
    "hmis_core.privacy._audit",
    "hmis_core.privacy._consent",
    "hmis_core.privacy._deidentify",
    "hmis_core.privacy._retention",
    "hmis_core.privacy._suppress",
    "hmis_core.privacy._tables",
    "hmis_core.privacy._visibility",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def test_every_public_name_has_a_docstring_example() -> None:
    checked = 0
    for name in hmis_core.privacy.__all__:
        obj = getattr(hmis_core.privacy, name)
        if isinstance(obj, types.GenericAlias):  # Cell = tuple[int, int]
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert ">>>" in (obj.__doc__ or ""), name
            checked += 1
    assert checked >= 30
