"""Liberal reading: repair the unambiguous vendor quirks of real HMIS CSV exports.

Runs once per *distinct* text of a column, after the strict parse (so only texts that were
not canonical are looked at). Every repair keeps the raw text in the table and records a
note; the validator turns each repaired cell into a finding, so the export's defect is still
reported. What cannot be read unambiguously stays invalid.

Repairs (see ``docs/interpretations.md``):

* surrounding whitespace, straight or curly quotes left around a value (doubled quoting);
* whole numbers written ``12.0``; money written ``$1,200.50``;
* dates ``6/30/2024``, ``6/30/24``, ``30-JUN-24``, ``2024/06/30``, ``20240630``, a date with a
  midnight time; day-first or month-first numeric dates are decided per column from the values
  that can only be read one way (a day above 12), month-first when nothing tells;
* date-times ``2024-06-30T10:00:00Z`` (clock time kept, zone dropped: HUD date-times have no
  zone), without seconds, with fractions of a second, ``6/30/2024 3:05 PM``, or a bare date
  (midnight);
* two-digit years: 20yy unless that is later than the reference year (the export's year),
  then 19yy — never year 00yy.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from hmis_core._table import Column
from hmis_core.csvspec._text import WHITESPACE, edge_codes
from hmis_core.elements import (
    CellError,
    HudList,
    HudStrList,
    Standard,
    format_value,
    parser_for,
)

__all__ = ["repair_column"]

_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}

_EDGE = WHITESPACE + _QUOTES
"""What a text should not start or end with: whitespace or a quote."""
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
_YMD = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MON = re.compile(r"(\d{1,2})[-/ ]([A-Za-z]{3})[A-Za-z]*[-/ ,]+(\d{2}|\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?")
_ISO_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def _unwrap(text: str) -> str:
    t = text.strip()
    while len(t) >= 2 and t[0] in _QUOTES and t[-1] in _QUOTES:
        t = t[1:-1].strip()
    return t


def _year(text: str, reference_year: int) -> int:
    if len(text) == 4:
        return int(text)
    yy = int(text)
    return 2000 + yy if 2000 + yy <= reference_year else 1900 + yy


class _DateReader:
    """Reads the non-canonical dates of one column, deciding day/month order per column."""

    def __init__(self, texts: list[str], reference_year: int) -> None:
        self.reference_year = reference_year
        day_first = month_first = False
        for text in texts:
            m = _NUMERIC_DATE.fullmatch(_unwrap(text).split(" ")[0].split("T")[0])
            if m:
                a, b = int(m[1]), int(m[3])
                day_first |= a > 12 >= b
                month_first |= b > 12 >= a
        self.order: str | None = "dmy" if day_first and not month_first else (
            None if day_first and month_first else "mdy")

    def date(self, text: str) -> tuple[datetime.date, str] | None:
        t = text
        if (m := _YMD.fullmatch(t)) or (m := _COMPACT.fullmatch(t)):
            groups = m.groups()
            y, mo, d = (groups[0], groups[-2], groups[-1])
            sep = groups[1] if len(groups) == 4 else ""
            return self._make(int(y), int(mo), int(d), f"yyyy{sep}mm{sep}dd")
        if m := _NUMERIC_DATE.fullmatch(t):
            if self.order is None:
                return None
            a, b, y = int(m[1]), int(m[3]), _year(m[4], self.reference_year)
            mo, d = (a, b) if self.order == "mdy" else (b, a)
            form = ("m/d/y" if self.order == "mdy" else "d/m/y").replace("/", m[2])
            return self._make(y, mo, d, form)
        if m := _MON.fullmatch(t):
            month = _MONTHS.get(m[2].upper())
            if month is None:
                return None
            return self._make(_year(m[3], self.reference_year), month, int(m[1]), "d-MON-y")
        return None

    @staticmethod
    def _make(y: int, mo: int, d: int, form: str) -> tuple[datetime.date, str] | None:
        try:
            return datetime.date(y, mo, d), form
        except ValueError:
            return None

    def datetime(self, text: str) -> tuple[datetime.datetime, str] | None:
        t = _ISO_ZONE.sub("", text.strip())
        date_part, _, time_part = t.replace("T", " ", 1).partition(" ")
        found = self.date(date_part)
        if found is None:
            return None
        day, form = found
        time_part = time_part.strip()
        if not time_part:
            return datetime.datetime.combine(day, datetime.time()), f"{form} with no time"
        m = _TIME.fullmatch(time_part)
        if not m:
            return None
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if m[4]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m[4].upper() == "PM" else 0)
        try:
            value = datetime.datetime.combine(day, datetime.time(hour, minute, second))
        except ValueError:
            return None
        clock = "h:mm AM/PM" if m[4] else ("hh:mm:ss" if m[3] else "hh:mm")
        return value, f"{form} {clock}"


def _repair_int(text: str) -> int | None:
    t = _unwrap(text)
    if re.fullmatch(r"[+-]?\d+(\.0+)?", t):
        return int(Decimal(t))
    return None


def _repair_money(text: str) -> Decimal | None:
    t = _unwrap(text).replace("$", "").replace(",", "").strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t):
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:  # more than two decimals: ambiguous
        return None
    return value


def repair_column(column: Column, standard: Standard, reference_year: int) -> int:
    """Repair the column's non-canonical distinct texts where unambiguous; returns how many
    distinct texts were repaired."""
    spec = column.spec
    if spec is None:
        return 0
    strict = parser_for(spec, standard.lists)
    repaired = 0
    if spec.type == "S":
        # any text is a valid string; only undo stray whitespace and quoting (the few texts
        # that start or end with a space or quote are found by one C-level pass over them all)
        for code in edge_codes(column.raw_texts, _EDGE):
            raw = column.raw_texts[code]
            if not code:
                continue
            if raw != raw.strip() or (len(raw) >= 2 and raw[0] in _QUOTES and raw[-1] in _QUOTES):
                cleaned = _unwrap(raw)
                if cleaned and cleaned != raw:
                    try:
                        value = strict(cleaned)
                    except CellError:
                        continue
                    column.repair(code, value, "surrounding spaces or quotes removed")
                    repaired += 1
        return repaired
    invalid = list(column.invalid_codes)
    if not invalid:
        return 0
    reader = _DateReader([column.raw_texts[c] for c in invalid], reference_year)
    attempt: Callable[[str], tuple[Any, str] | None]
    if spec.type == "I":
        def attempt(text: str) -> tuple[Any, str] | None:
            n = _repair_int(text)
            return None if n is None else (n, "whole number written with quotes, spaces or .0")
    elif spec.type == "M":
        def attempt(text: str) -> tuple[Any, str] | None:
            v = _repair_money(text)
            return None if v is None else (v, "amount written with $, commas or spaces")
    elif spec.type == "D":
        def attempt(text: str) -> tuple[Any, str] | None:
            t = _unwrap(text)
            found = reader.date(t)
            if found is None:  # a date with a midnight time, or an ISO date-time
                dt = reader.datetime(t)
                if dt is None or dt[0].time() != datetime.time():
                    return None
                return dt[0].date(), "date with a midnight time"
            return found[0], found[1]
    else:
        def attempt(text: str) -> tuple[Any, str] | None:
            t = _unwrap(text)
            found = reader.datetime(t)
            return None if found is None else found
    codes = standard.list(spec.list) if spec.list and ";" not in spec.list else None
    for code in invalid:
        raw = column.raw_texts[code]
        result = attempt(raw)
        if result is None:
            continue
        value, how = result
        if codes is not None:
            member = codes.from_code(value)
            if member is None:
                continue
            value = member
        text = value.value if isinstance(value, (HudList, HudStrList)) else value
        column.repair(code, value, f"written as {how}, read as {format_value(text)}")
        repaired += 1
    return repaired
