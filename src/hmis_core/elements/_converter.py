"""A cattrs converter between HMIS CSV rows (column name -> text) and record classes.

Following cattrs' own approach, a specialised structure and unstructure function is generated
once per record class (``cattrs.gen``), with each field renamed to its HUD column name.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from hmis_core.elements._base import HudList, HudStrList, record_columns
from hmis_core.elements._codecs import (
    CellError,
    format_value,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)
from hmis_core.elements._standard import Standard

__all__ = ["RowConverter"]

_R = TypeVar("_R")


def _is_optional(tp: Any) -> bool:
    args = getattr(tp, "__args__", ())
    return type(None) in args and len(args) == 2


def _enum_hook(value: Any, tp: type[HudList] | type[HudStrList]) -> Any:
    if issubclass(tp, HudList) and isinstance(value, str):
        value = parse_int(value)
    member = tp.from_code(value)
    if member is None:
        raise CellError("list", f"not in list {tp.list_number} ({tp.list_name})")
    return member


class RowConverter:
    """Converts CSV rows to records and back for one :class:`Standard`.

    >>> import datetime
    >>> from hmis_core.elements import FY2026, NoYes, Organization, RowConverter
    >>> conv = RowConverter(FY2026)
    >>> org = Organization(organization_id="O1", organization_name="Shelter Inc.",
    ...     victim_service_provider=NoYes.NO, date_created=datetime.datetime(2025, 10, 1),
    ...     date_updated=datetime.datetime(2025, 10, 1), user_id="U1", export_id="E1")
    >>> row = conv.unstructure(org)
    >>> row["OrganizationID"], row["VictimServiceProvider"], row["DateCreated"], row["DateDeleted"]
    ('O1', '0', '2025-10-01 00:00:00', '')
    >>> conv.structure(row, Organization) == org
    True

    ``structure`` raises cattrs' ``ClassValidationError`` listing every bad field; the
    column-wise :class:`hmis_core.Export` is the lenient path for real data.
    """

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        c = cattrs.Converter()
        c.register_structure_hook_func(
            _is_optional,
            lambda v, tp: None if v is None or v == "" else c.structure(v, tp.__args__[0]),
        )
        c.register_structure_hook_func(
            lambda tp: tp is int, lambda v, _: parse_int(v) if isinstance(v, str) else v
        )
        c.register_structure_hook(
            datetime.date, lambda v, _: parse_date(v) if isinstance(v, str) else v
        )
        c.register_structure_hook(
            datetime.datetime, lambda v, _: parse_datetime(v) if isinstance(v, str) else v
        )
        c.register_structure_hook(
            Decimal, lambda v, _: parse_money(v) if isinstance(v, str) else Decimal(v)
        )
        c.register_structure_hook(HudList, _enum_hook)
        c.register_structure_hook(HudStrList, _enum_hook)
        for tp in (int, str, datetime.date, datetime.datetime, Decimal, HudList, HudStrList):
            c.register_unstructure_hook(tp, format_value)
        for spec in standard.files:
            cls = spec.record_type
            renames: dict[str, Any] = {
                name: override(rename=column.name) for name, column in record_columns(cls)
            }
            c.register_structure_hook(cls, make_dict_structure_fn(cls, c, **renames))
            c.register_unstructure_hook(cls, make_dict_unstructure_fn(cls, c, **renames))
        self._converter = c

    def structure(self, row: Mapping[str, str], cls: type[_R]) -> _R:
        """A record of type ``cls`` from a row keyed by HUD column name."""
        return self._converter.structure(row, cls)

    def unstructure(self, record: object) -> dict[str, str]:
        """The CSV row of ``record``: HUD column name -> canonical text, in spec order."""
        raw: dict[str, Any] = self._converter.unstructure(record)
        return {k: "" if v is None else v for k, v in raw.items()}
