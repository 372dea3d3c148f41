"""Strict text <-> value conversion for each HUD column type.

These are the canonical forms of the HMIS CSV format (NOTES.md "Types"): integers without
sign padding or decimals, dates ``yyyy-mm-dd``, date-times ``yyyy-mm-dd hh:mm:ss``, money
with at most two decimals. Liberal repairs of vendor quirks (``6/30/2024``, ``$1,200``) are
the CSV reader's business (:mod:`hmis_core.csvspec`); this module only accepts the canonical
forms, so that everything it accepts can be written back unchanged.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from hmis_core.elements._base import ColumnSpec, HudList, HudStrList

__all__ = [
    "CellError",
    "batch_checker_for",
    "batch_parser_for",
    "canonical_converter_for",
    "format_value",
    "parse_date",
    "parse_datetime",
    "parse_int",
    "parse_money",
    "parser_for",
]

_INT = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")
_MONEY = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")


class CellError(ValueError):
    """A cell's text is not a valid value for its column.

    ``kind`` says why: ``"integer"``, ``"date"``, ``"datetime"``, ``"money"`` (wrong format for
    the type) or ``"list"`` (a well-formed code that is not in the column's HUD list).

    >>> from hmis_core.elements import FY2026, CellError, parser_for
    >>> parse = parser_for(FY2026.column("Enrollment", "RelationshipToHoH"), FY2026.lists)
    >>> try:
    ...     parse("7")
    ... except CellError as error:
    ...     print(error.kind, "-", error)
    list - not in list 3.15.1 (RelationshipToHoH)
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def parse_int(text: str) -> int:
    """``"12"`` -> 12. Rejects decimals, spaces, ``+`` and empty text."""
    if not _INT.fullmatch(text):
        raise CellError("integer", "not a whole number")
    return int(text)


def parse_date(text: str) -> datetime.date:
    """``"2024-06-30"`` -> date(2024, 6, 30). Only the canonical ``yyyy-mm-dd``."""
    if not _DATE.fullmatch(text):
        raise CellError("date", "not a date in the form yyyy-mm-dd")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError("date", "not a calendar date") from None


def parse_datetime(text: str) -> datetime.datetime:
    """``"2024-06-30 10:00:00"`` -> datetime. Only the canonical ``yyyy-mm-dd hh:mm:ss``."""
    if not _DATETIME.fullmatch(text):
        raise CellError("datetime", "not a date-time in the form yyyy-mm-dd hh:mm:ss")
    try:
        return datetime.datetime.fromisoformat(text)  # HUD date-times have no zone
    except ValueError:
        raise CellError("datetime", "not a calendar date and time") from None


def parse_money(text: str) -> Decimal:
    """``"1200.5"`` -> Decimal('1200.5'). At most two decimals, no currency sign or commas."""
    if not _MONEY.fullmatch(text):
        raise CellError("money", "not an amount with at most two decimals")
    return Decimal(text)


def _list_parser(
    base: Callable[[str], Any], codes: type[HudList] | type[HudStrList]
) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        member = codes.from_code(base(text))
        if member is None:
            raise CellError("list", f"not in list {codes.list_number} ({codes.list_name})")
        return member

    return parse


_BASE_PARSERS: dict[str, Callable[[str], Any]] = {
    "S": str,
    "I": parse_int,
    "D": parse_date,
    "T": parse_datetime,
    "M": parse_money,
}


def parser_for(
    spec: ColumnSpec, lists: Mapping[str, type[HudList] | type[HudStrList]]
) -> Callable[[str], Any]:
    """The strict parser of a column: non-empty text -> typed value, or :class:`CellError`.

    Single-list columns give their list's enum member; columns whose list depends on another
    column (``Services.TypeProvided``) give a plain int.

    >>> from hmis_core.elements import FY2026, parser_for
    >>> parse = parser_for(FY2026.column("Enrollment", "EntryDate"), FY2026.lists)
    >>> parse("2024-06-30")
    datetime.date(2024, 6, 30)
    >>> parser_for(FY2026.column("Enrollment", "RelationshipToHoH"), FY2026.lists)("1")
    <RelationshipToHoH.SELF: 1>
    """
    base = _BASE_PARSERS[spec.type]
    if spec.list and ";" not in spec.list:
        return _list_parser(base, lists[spec.list])
    return base


_BATCH_FORMS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "I": ("-?[0-9]+", int),
    "D": ("[0-9]{4}-[0-9]{2}-[0-9]{2}", datetime.date.fromisoformat),
    "T": ("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}",
          datetime.datetime.fromisoformat),
    "M": (r"-?[0-9]+(?:\.[0-9]{1,2})?", Decimal),
}


_SHAPES = {"D": "dddd-dd-dd", "T": "dddd-dd-dd dd:dd:dd"}
"""Fixed-width forms: ``d`` a digit 0-9, any other character itself."""


def _has_shape(joined: str, count: int, shape: str) -> bool:
    """Whether ``joined`` (``count`` texts, each followed by NUL and holding no NUL) is
    ``count`` texts of exactly ``shape``: checked a character position at a time over all
    texts at once (extended slices, C speed; several times faster than a regular expression).

    >>> _has_shape("2024-06-30|2025-01-01|".replace("|", chr(0)), 2, "dddd-dd-dd")
    True
    >>> _has_shape("2024-06-30|2025-1-01||".replace("|", chr(0)), 3, "dddd-dd-dd")
    False
    """
    if not count:
        return not joined
    period = len(shape) + 1
    if len(joined) != count * period or joined.count("\x00") != count or \
            joined[period - 1::period].count("\x00") != count:
        return False
    digits = []
    for position, wanted in enumerate(shape):
        column = joined[position::period]
        if wanted == "d":
            digits.append(column)
        elif column.count(wanted) != count:
            return False
    numbers = "".join(digits)
    return numbers.isascii() and numbers.isdigit()


def batch_parser_for(
    spec: ColumnSpec, lists: Mapping[str, type[HudList] | type[HudStrList]]
) -> Callable[[list[str]], list[Any] | None] | None:
    """A parser of many texts at once, at C speed, for integer, money, date and date-time
    columns: one regular-expression pass checks that every text has the canonical form,
    then the C converters run over them. It returns None when any text is not canonical or valid
    (the caller then parses text by text with :func:`parser_for`, which says why).

    Columns of other types have no batch parser (None).

    >>> from hmis_core.elements import FY2026, batch_parser_for
    >>> parse_all = batch_parser_for(FY2026.column("Enrollment", "EntryDate"), FY2026.lists)
    >>> parse_all(["2024-06-30", "2025-01-01"])
    [datetime.date(2024, 6, 30), datetime.date(2025, 1, 1)]
    >>> parse_all(["6/30/2024"]) is None
    True
    >>> batch_parser_for(FY2026.column("Client", "FirstName"), FY2026.lists) is None
    True
    """
    has_form = _canonical_form(spec)
    convert_all = canonical_converter_for(spec, lists)
    if has_form is None or convert_all is None:
        return None

    def parse_all(texts: list[str]) -> list[Any] | None:
        if not texts:
            return []
        if not has_form("\x00".join(texts) + "\x00", len(texts)):
            return None
        return convert_all(texts)

    return parse_all


def _canonical_form(spec: ColumnSpec) -> Callable[[str, int], bool] | None:
    """For integer, money, date and date-time columns: whether ``count`` texts, each
    followed by NUL in one string, all have the type's canonical form (one C-level pass)."""
    form = _BATCH_FORMS.get(spec.type)
    if form is None:
        return None
    shape = _SHAPES.get(spec.type)
    if shape is not None:  # fixed width: the shape is the pattern, checked faster
        return lambda joined, count: _has_shape(joined, count, shape)
    pattern = re.compile(f"(?:{form[0]}\x00)*")
    return lambda joined, count: pattern.fullmatch(joined) is not None


_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int32)


def _on_calendar(joined: str, count: int, period: int, with_time: bool) -> bool:
    """Whether ``count`` texts of the shape ``dddd-dd-dd`` (``with_time``: followed by
    `` dd:dd:dd``), each followed by NUL in ``joined``, are all real dates (and times):
    the checks of ``fromisoformat`` on such texts, made in numpy over all texts at once."""
    digits = np.frombuffer(joined.encode("ascii"), np.uint8).reshape(count, period) \
        .astype(np.int32) - 48

    def number(first: int, width: int) -> npt.NDArray[np.int32]:
        value = digits[:, first]
        for position in range(first + 1, first + width):
            value = value * 10 + digits[:, position]
        return value

    year, month, day = number(0, 4), number(5, 2), number(8, 2)
    if not ((year >= 1).all() and (month >= 1).all() and (month <= 12).all()
            and (day >= 1).all()):
        return False
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    if not (day <= _DAYS_IN_MONTH[month] + (leap & (month == 2))).all():
        return False
    return not with_time or bool((number(11, 2) <= 23).all() and (number(14, 2) <= 59).all()
                                 and (number(17, 2) <= 59).all())


def batch_checker_for(
    spec: ColumnSpec, lists: Mapping[str, type[HudList] | type[HudStrList]]
) -> Callable[[list[str]], bool] | None:
    """A check, at C speed, that many texts are all canonical and valid, for columns whose
    conversion can then be put off (:func:`canonical_converter_for` will not fail on them):
    dates and date-times (their shape, and real days and times), amounts and whole numbers
    not on a list. None for other columns.

    >>> from hmis_core.elements import FY2026, batch_checker_for
    >>> check = batch_checker_for(FY2026.column("Client", "DateCreated"), FY2026.lists)
    >>> check(["2024-02-29 23:59:59"]), check(["2023-02-29 10:00:00"])
    (True, False)
    """
    has_form = _canonical_form(spec)
    if has_form is None or (spec.list and spec.type == "I"):
        return None
    shape = _SHAPES.get(spec.type)

    def check(texts: list[str]) -> bool:
        if not texts:
            return True
        joined = "\x00".join(texts) + "\x00"
        return has_form(joined, len(texts)) and (shape is None or _on_calendar(
            joined, len(texts), len(shape) + 1, spec.type == "T"))

    return check


def canonical_converter_for(
    spec: ColumnSpec, lists: Mapping[str, type[HudList] | type[HudStrList]]
) -> Callable[[list[str]], list[Any] | None] | None:
    """The C converters of :func:`batch_parser_for` without its check of the texts' form:
    for texts known to be canonical (a column another process already parsed in batch).
    None when a text still fails to convert or is not on the column's list; None for
    columns without a batch parser.

    >>> from hmis_core.elements import FY2026, canonical_converter_for
    >>> convert = canonical_converter_for(FY2026.column("Enrollment", "EntryDate"),
    ...                                   FY2026.lists)
    >>> convert(["2024-06-30"]), convert(["30/06/2024"])
    ([datetime.date(2024, 6, 30)], None)
    """
    form = _BATCH_FORMS.get(spec.type)
    if form is None:
        return None
    convert = form[1]
    members: dict[Any, Any] | None = None
    if spec.list and ";" not in spec.list:
        members = {m.value: m for m in lists[spec.list]}

    def convert_all(texts: list[str]) -> list[Any] | None:
        try:
            values = list(map(convert, texts))
        except (ValueError, ArithmeticError):
            return None
        if members is not None:
            values = list(map(members.get, values))
            if None in values:
                return None
        return values

    return convert_all


def format_value(value: object) -> str:
    """Canonical CSV text of a typed value (None -> empty).

    >>> import datetime
    >>> from decimal import Decimal
    >>> from hmis_core.elements import ProjectType, format_value
    >>> format_value(datetime.datetime(2024, 6, 30, 10, 0))
    '2024-06-30 10:00:00'
    >>> format_value(Decimal("1200.5")), format_value(ProjectType(13)), format_value(None)
    ('1200.50', '13', '')
    """
    if value is None:
        return ""
    if isinstance(value, (HudList, HudStrList)):
        return str(value.value)
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
