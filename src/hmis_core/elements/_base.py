"""Building blocks of the data-element layer: code-list enums and column specifications.

Everything here is version-independent. Each HMIS CSV standard (FY2026 today) declares its
code lists as :class:`HudList` subclasses and its files as attrs record classes whose fields
carry a :class:`ColumnSpec` in their metadata; :class:`Standard` ties the two together.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypeVar

import attrs

__all__ = [
    "MISSING_DATA_CODES",
    "ColumnSpec",
    "ColumnType",
    "FileSpec",
    "ForeignKeys",
    "HudList",
    "HudStrList",
    "column_spec",
    "record_columns",
]

ForeignKeys = tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
"""``((columns...), target file, (target columns...))`` for each foreign key of a file."""

ColumnType = Literal["S", "I", "D", "T", "M"]
"""HUD's column type codes: String, Integer, Date, daTe-time, Money."""

MISSING_DATA_CODES = frozenset({8, 9, 99})
"""Codes HUD reserves for missing data: 8 client doesn't know, 9 client prefers not to
answer, 99 data not collected (HMIS Data Standards Manual, "Missing data")."""

_H = TypeVar("_H", bound="HudList")


class HudList(enum.IntEnum):
    """A HUD code list. Members are ints (their HUD code) with a HUD ``label``.

    Each subclass knows its HUD list number (``list_number``, e.g. ``"1.8"``) and name.
    Members whose meaning is a missing-data reason (8, 9, 99 with HUD's missing-data label)
    have ``is_missing_data`` set, so checks can tell "not collected" from a real answer.

    >>> from hmis_core.elements import NoYesReasonsForMissingData as L
    >>> L(99).label, L(99).is_missing_data, L.list_number
    ('Data not collected', True, '1.8')
    """

    list_number: ClassVar[str]
    list_name: ClassVar[str]
    label: str
    is_missing_data: bool

    def __new__(cls, value: int, label: str = "", missing: bool = False) -> HudList:
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.is_missing_data = missing
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_code(cls: type[_H], code: int) -> _H | None:
        """The member with HUD code ``code``, or None when the code is not in the list."""
        member = cls._value2member_map_.get(code)
        return member if isinstance(member, cls) else None

    @classmethod
    def codes(cls) -> frozenset[int]:
        """Every code in the list."""
        return frozenset(int(m) for m in cls)


_S = TypeVar("_S", bound="HudStrList")


class HudStrList(str, enum.Enum):
    """A HUD code list whose codes are strings (only V6.1 VAMC station numbers, e.g.
    ``"528A5"``). Otherwise it behaves as :class:`HudList`.

    >>> from hmis_core.elements import VamcStationNumber as V
    >>> V("528A5").label
    '(528A5) Canandaigua, NY'
    """

    list_number: ClassVar[str]
    list_name: ClassVar[str]
    label: str
    is_missing_data: bool

    def __new__(cls, value: str, label: str = "", missing: bool = False) -> HudStrList:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.is_missing_data = missing
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_code(cls: type[_S], code: str) -> _S | None:
        """The member with HUD code ``code``, or None when the code is not in the list."""
        member = cls._value2member_map_.get(code)
        return member if isinstance(member, cls) else None

    @classmethod
    def codes(cls) -> frozenset[str]:
        """Every code in the list."""
        return frozenset(str(m.value) for m in cls)


@attrs.frozen
class ColumnSpec:
    """One column of one HMIS CSV file, as the standard declares it.

    ``type`` is the spec's type code: ``S`` text, ``I`` integer, ``D`` date, ``T`` date-time,
    ``M`` money.

    >>> from hmis_core.elements import FY2026
    >>> spec = FY2026.column("Enrollment", "RelationshipToHoH")
    >>> spec.type, spec.nullable, spec.list, spec.element
    ('I', False, '3.15.1', '3.15')
    >>> FY2026.column("Services", "TypeProvided").lists[:3]
    ('P1.2', 'R14.2', 'W1.2')
    """

    file: str
    """File name without ``.csv`` (``"Client"``)."""
    name: str
    """HUD column name (``"PersonalID"``)."""
    position: int
    """1-based position in the spec's column order."""
    type: ColumnType
    max_length: int | None
    nullable: bool
    list: str | None
    """HUD list number(s); several separated by ``;`` when the list depends on another column."""
    element: str | None
    """HMIS data-element number(s) (``"3.01"``), if the column belongs to one."""
    notes: str = ""

    @property
    def lists(self) -> tuple[str, ...]:
        """The list numbers this column may draw from (empty when it has no list)."""
        return tuple(self.list.split(";")) if self.list else ()


def column_spec(
    file: str,
    name: str,
    position: int,
    type: ColumnType,
    max_length: int | None,
    nullable: bool,
    list: str | None,
    element: str | None,
    notes: str = "",
) -> dict[str, Any]:
    """Field metadata for an attrs record field: ``{"hmis": ColumnSpec(...)}``."""
    return {
        "hmis": ColumnSpec(file, name, position, type, max_length, nullable, list, element, notes)
    }


@attrs.frozen
class FileSpec:
    """One HMIS CSV file: its columns in spec order, keys and record class.

    >>> from hmis_core.elements import FY2026
    >>> spec = FY2026.file("Enrollment")
    >>> spec.filename, spec.primary_key, spec.record_type.__name__
    ('Enrollment.csv', 'EnrollmentID', 'Enrollment')
    >>> spec.foreign_keys[0]
    ('PersonalID', 'Client', 'PersonalID')
    >>> spec.column("EntryDate").type
    'D'
    """

    name: str
    columns: tuple[ColumnSpec, ...]
    record_type: type[Any]
    primary_key: str
    foreign_keys: tuple[tuple[str, str, str], ...]
    """``(column, target file, target column)`` for each simple foreign key."""
    category: str
    notes: str = ""
    _by_name: Mapping[str, ColumnSpec] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def filename(self) -> str:
        """``"Client.csv"``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name`` (exact HUD spelling); KeyError if there is none."""
        return self._by_name[name]

    def has_column(self, name: str) -> bool:
        return name in self._by_name


def record_columns(record_type: type[Any]) -> tuple[tuple[str, ColumnSpec], ...]:
    """``(attribute name, ColumnSpec)`` of each field of a record class, in spec order.

    >>> from hmis_core.elements import Client
    >>> name, spec = record_columns(Client)[0]
    >>> name, spec.name, spec.type, spec.max_length
    ('personal_id', 'PersonalID', 'S', 32)
    """
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(record_type)
    return tuple((f.name, f.metadata["hmis"]) for f in fields)
