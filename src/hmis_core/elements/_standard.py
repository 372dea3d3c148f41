"""A version of the HMIS CSV standard: its files, record classes and code lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from hmis_core.elements._base import (
    ColumnSpec,
    FileSpec,
    ForeignKeys,
    HudList,
    HudStrList,
    record_columns,
)

__all__ = ["Standard", "file_specs"]


def file_specs(
    record_types: Iterable[type[Any]],
    keys: Mapping[str, tuple[str, ForeignKeys, str, str]],
) -> tuple[FileSpec, ...]:
    """Build the :class:`FileSpec` of each record class from its fields' metadata."""
    specs = []
    for cls in record_types:
        columns = tuple(spec for _, spec in record_columns(cls))
        name = columns[0].file
        primary, foreign, category, notes = keys[name]
        simple = tuple((c[0], target, t[0]) for c, target, t in foreign if len(c) == 1)
        specs.append(FileSpec(name, columns, cls, primary, simple, category, notes))
    return tuple(specs)


@attrs.frozen
class Standard:
    """One HMIS CSV standard (``FY2026``): what an export of that version holds.

    >>> from hmis_core.elements import FY2026
    >>> FY2026.csv_version, len(FY2026.files), FY2026.file("Client").primary_key
    ('2026 v1', 24, 'PersonalID')
    """

    name: str
    csv_version: str
    files: tuple[FileSpec, ...]
    lists: Mapping[str, type[HudList] | type[HudStrList]]
    _by_name: Mapping[str, FileSpec] = attrs.field(init=False, repr=False, eq=False)
    _by_type: Mapping[type[Any], FileSpec] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.files})
        object.__setattr__(self, "_by_type", {f.record_type: f for f in self.files})

    def file(self, name: str) -> FileSpec:
        """The file called ``name`` (``"Client"`` or ``"Client.csv"``); KeyError if none."""
        return self._by_name[name.removesuffix(".csv")]

    def has_file(self, name: str) -> bool:
        return name.removesuffix(".csv") in self._by_name

    def file_of(self, record_type: type[Any]) -> FileSpec:
        """The file whose rows ``record_type`` describes."""
        return self._by_type[record_type]

    def column(self, file: str, column: str) -> ColumnSpec:
        return self.file(file).column(column)

    def list(self, number: str) -> type[HudList] | type[HudStrList]:
        """The code list with HUD number ``number`` (``"1.8"``)."""
        return self.lists[number]
