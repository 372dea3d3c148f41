"""Contacts, living situation, length of stay, move-in, destinations: Q9a, Q9b, Q15, Q22a1–Q22g,
Q23c–Q23e, Q24a, Q24b, Q24e and their veteran/youth variants Q25i, Q25j, Q27d–Q27f2, Q27j–Q27l
(APR_CAPER.md §2.8, §2.9, §2.13, §2.15, §6).

Each layout is filled by one function taking the population to count (``fill_destinations(ctx,
t, persons)``); the base table and its variants only choose the persons. Per-client facts that
several tables share (contacts, days to move-in, days prior to housing) are computed once per
run and kept in ``ctx.cache``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hmis_core.reports._q_demographics import race_groups
from hmis_core.reports._report import days, ratio
from hmis_core.reports._tally import Tally, mean_days, median_days, table
from hmis_core.reports._universe import PH_MOVE_IN_TYPES, Context, Enr

__all__ = [
    "DESTINATIONS",
    "SUBSIDY_TYPES",
    "destination",
    "destination_class",
    "fill_average_stay",
    "fill_destination_race",
    "fill_destinations",
    "fill_living_situation",
    "fill_move_in",
    "fill_move_in_race",
    "fill_participation",
    "fill_subsidies",
    "fill_time_prior",
    "fill_time_prior_race",
    "race_column",
]

_SO, _HP, _PSH = 4, 12, 3
_NBN = 1
_HISPANIC = 3
"""Index of HispanicLatinao in :func:`race_groups`."""


def _persons(ctx: Context, keep: Callable[[Enr], bool]) -> list[Enr]:
    return [p for p in ctx.persons if keep(p)]


def race_column(ctx: Context, p: Enr) -> int:
    """Race/ethnicity column 1–10 of Q22f/Q22g (Q23e adds 1 for its Total column), §2.15: the
    seven single groups, then 2+ groups with Hispanic/Latina/e/o, 2+ groups without, unknown
    (DK/PNTA and data not collected alike). Cached per client for the run."""
    cache: dict[str, int] = ctx.cache.setdefault("_q_stay.race_column", {})
    got = cache.get(p.pid)
    if got is None:
        groups = race_groups(ctx, p)
        if len(groups) == 1:
            got = groups[0] + 1
        elif len(groups) > 1:
            got = 8 if _HISPANIC in groups else 9
        else:
            got = 10
        cache[p.pid] = got
    return got


class _Lines:
    """Persons per line of a household-type table, counted into the :class:`Tally` line by
    line (:meth:`Tally.add_hh_all`)."""

    __slots__ = ("by_line",)

    def __init__(self) -> None:
        self.by_line: dict[int, list[Enr]] = {}

    def add(self, line: int, p: Enr) -> None:
        got = self.by_line.get(line)
        if got is None:
            self.by_line[line] = [p]
        else:
            got.append(p)

    def into(self, t: Tally) -> None:
        for line, enrs in self.by_line.items():
            t.add_hh_all(line, enrs)


class _Cells:
    """Persons per (line, column), counted into the :class:`Tally` with one ``add_all`` per
    cell."""

    __slots__ = ("by_cell",)

    def __init__(self) -> None:
        self.by_cell: dict[tuple[int, int], list[Enr]] = {}

    def add(self, line: int, col: int, p: Enr) -> None:
        key = (line, col)
        got = self.by_cell.get(key)
        if got is None:
            self.by_cell[key] = [p]
        else:
            got.append(p)

    def into(self, t: Tally) -> None:
        for (line, col), enrs in self.by_cell.items():
            t.add_all(line, col, enrs)


def _bucket(value: int, upper: Sequence[int], first_line: int = 2) -> int:
    """The line of the first bucket whose upper bound (inclusive) is >= ``value``; values
    above the last bound go to the line after it."""
    return first_line + bisect_left(upper, value)


# ---------------------------------------------------------------------------------------- Q9
_LITERALLY_HOMELESS = frozenset({116, 101, 118})
_UNDETERMINED = frozenset({37, 8, 9, 99})
_NOT_STAYING, _STAYING, _UNABLE = 2, 3, 4
"""Q9 columns C, D, E (B = all persons contacted)."""


class _Contacts:
    """One client's Q9 facts: contacts counted, column of the first contact, universes."""

    __slots__ = ("column", "contacted", "count", "engaged")

    def __init__(self, count: int, column: int, contacted: bool, engaged: bool) -> None:
        self.count, self.column = count, column
        self.contacted, self.engaged = contacted, engaged


def _contacts(ctx: Context) -> dict[str, _Contacts]:
    """§6 Q9: adults and HoHs of SO (4) and ES-NbN (1) with their counted contacts.

    Counted contacts: CLS records of the latest enrollment dated EntryDate..ExitDate, not after
    the DateOfEngagement nor the report end (contacts before the report start count); the DoE
    itself is one more contact, "worker unable to determine", when no counted CLS falls on it.
    Q9a: a CLS in the report range not after the DoE, or a DoE in the report range; Q9b: a DoE
    in the report range. Column by the earliest counted contact (file order among same-day
    records): 116/101/118 → WAS staying; 37, 8, 9, 99 or empty → unable to determine; any other
    code → NOT staying."""
    got: dict[str, _Contacts] | None = ctx.cache.get("_q_stay.contacts")
    if got is not None:
        return got
    got = {}
    start, end = ctx.start, ctx.end
    engagement = ctx.col("Enrollment", "DateOfEngagement")
    when = ctx.col("CurrentLivingSituation", "InformationDate")
    situation = ctx.col("CurrentLivingSituation", "CurrentLivingSituation")
    for p in ctx.persons:
        if p.ptype not in (_SO, _NBN) or not p.adult_or_hoh:
            continue
        doe: dt.date | None = engagement[p.row]
        engaged = doe is not None and start <= doe <= end
        contacted = engaged
        counted: list[tuple[dt.date, int, int | None]] = []
        for r in ctx.rows_of("CurrentLivingSituation", p):
            d = when[r]
            if d is None or (doe is not None and d > doe):
                continue
            if start <= d <= end:
                contacted = True
            if p.entry <= d <= end and (p.exit is None or d <= p.exit):
                counted.append((d, r, situation[r]))
        if not contacted:
            continue
        if doe is not None and doe <= end and all(d != doe for d, _, _ in counted):
            counted.append((doe, -1, 37))
        if not counted:
            continue
        first = min(counted, key=lambda c: (c[0], c[1]))[2]
        if first in _LITERALLY_HOMELESS:
            column = _STAYING
        elif first in _UNDETERMINED:
            # an empty situation is "not staying on the streets, ES or SH" (DL's case_when)
            column = _UNABLE
        else:
            column = _NOT_STAYING
        got[p.pid] = _Contacts(len(counted), column, contacted, engaged)
    ctx.cache["_q_stay.contacts"] = got
    return got


def _contact_line(count: int) -> int:
    return 2 if count == 1 else 3 if count <= 5 else 4 if count <= 9 else 5


def _fill_contacts(ctx: Context, t: Tally, engaged_only: bool) -> None:
    facts = _contacts(ctx)
    cells = _Cells()
    for p in ctx.persons:
        c = facts.get(p.pid)
        if c is None or (engaged_only and not c.engaged):
            continue
        line = _contact_line(c.count)
        for col in (1, c.column):
            cells.add(line, col, p)
            cells.add(6, col, p)
    cells.into(t)


@table("Q9a")
def q9a(ctx: Context, t: Tally) -> None:
    """Persons contacted by number of contacts and the situation at first contact (§6 Q9)."""
    _fill_contacts(ctx, t, engaged_only=False)


@table("Q9b")
def q9b(ctx: Context, t: Tally) -> None:
    """Persons engaged by number of contacts before engagement; line 7 the rate of engagement
    = Q9b total ÷ Q9a total per column (§6 Q9)."""
    _fill_contacts(ctx, t, engaged_only=True)
    facts = _contacts(ctx)
    contacted = [0] * 5
    for c in facts.values():
        contacted[1] += 1
        contacted[c.column] += 1
    for col in range(1, 5):
        t.set(7, col, ratio(t.count(6, col), contacted[col]))


# --------------------------------------------------------------------------------------- Q15
_PRIOR_LINE = {
    116: 3, 101: 4, 118: 5,
    215: 8, 206: 9, 207: 10, 225: 11, 204: 12, 205: 13,
    302: 16, 329: 17, 314: 18, 332: 19, 336: 20, 335: 21,
    410: 24, 435: 25, 421: 26, 411: 27,
    8: 29, 9: 29,
}
"""3.917.1 LivingSituation → Q15 line (anything else: Data Not Collected, line 30)."""
_PRIOR_SUBTOTAL = {3: 6, 4: 6, 5: 6, 8: 14, 9: 14, 10: 14, 11: 14, 12: 14, 13: 14, 16: 22,
                   17: 22, 18: 22, 19: 22, 20: 22, 21: 22, 24: 28, 25: 28, 26: 28, 27: 28,
                   29: 31, 30: 31}


def fill_living_situation(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q15 layout: ``persons`` by prior living situation of their latest enrollment, with group
    subtotals and the total; group header lines are blank (§6 Q15)."""
    situation = ctx.col("Enrollment", "LivingSituation")
    lines = _Lines()
    for p in persons:
        line = _PRIOR_LINE.get(situation[p.row], 30)
        lines.add(line, p)
        lines.add(_PRIOR_SUBTOTAL[line], p)
        lines.add(32, p)
    lines.into(t)
    for header in (2, 7, 15, 23):
        t.blank(header)


@table("Q15")
def q15(ctx: Context, t: Tally) -> None:
    """Living situation of adults and heads of household (§6 Q15)."""
    fill_living_situation(ctx, t, _persons(ctx, lambda p: p.adult_or_hoh))


@table("Q27d")
def q27d(ctx: Context, t: Tally) -> None:
    """Living situation of youth heads of household (§6 Q27d, Q15 layout)."""
    fill_living_situation(ctx, t, _persons(ctx, lambda p: p.youth and p.rel == 1))


# ------------------------------------------------------------------------------ Q22a, Q22b, Q22d
_APR_STAY = (30, 60, 90, 180, 365, 730, 1095, 1460, 1825)
"""Q22a1 buckets (upper bounds, inclusive; the last line is "more than 1,825 days")."""
_CAPER_STAY = (7, 14, 21, 30, 60, 90, 180, 365, 730, 1095, 1460, 1825)
_SHORT = (7, 14, 21, 30, 60, 90, 180, 365, 730)
"""Q22c/Q22d/Q22e buckets (Q22d/Q22e add "731 days or more")."""


def fill_participation(ctx: Context, t: Tally, persons: Sequence[Enr],
                       upper: Sequence[int] = _APR_STAY) -> None:
    """Q22a1/Q22a2 layout: ``persons`` by length of stay (§2.9) in the buckets ``upper``;
    columns Total, Leavers, Stayers; the last line is the total."""
    total = len(upper) + 3
    cells = _Cells()
    for p in persons:
        line = _bucket(p.los, upper)
        col = 2 if p.leaver else 3
        for c in (1, col):
            cells.add(line, c, p)
            cells.add(total, c, p)
    cells.into(t)


@table("Q22a1")
def q22a1(ctx: Context, t: Tally) -> None:
    """Length of participation, CoC buckets (§6 Q22a1, LOS §2.9)."""
    fill_participation(ctx, t, ctx.persons, _APR_STAY)


@table("Q22a2")
def q22a2(ctx: Context, t: Tally) -> None:
    """Length of participation, ESG buckets (§6 Q22a2, LOS §2.9)."""
    fill_participation(ctx, t, ctx.persons, _CAPER_STAY)


@table("Q27e")
def q27e(ctx: Context, t: Tally) -> None:
    """Length of participation of youth (§6 Q27e, Q22a1 layout)."""
    fill_participation(ctx, t, _persons(ctx, lambda p: p.youth), _APR_STAY)


def fill_average_stay(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q22b layout: mean (line 2) and median (line 3) length of stay (§2.9) of leavers
    (column B) and stayers (column C)."""
    leavers = [p.los for p in persons if p.leaver]
    stayers = [p.los for p in persons if not p.leaver]
    for col, values in ((1, leavers), (2, stayers)):
        t.set(2, col, mean_days(values))
        t.set(3, col, median_days(values))


@table("Q22b")
def q22b(ctx: Context, t: Tally) -> None:
    """Average and median length of participation in days (§6 Q22b)."""
    fill_average_stay(ctx, t, ctx.persons)


@table("Q27j")
def q27j(ctx: Context, t: Tally) -> None:
    """Average and median length of participation of youth (§6 Q27j, Q22b layout)."""
    fill_average_stay(ctx, t, _persons(ctx, lambda p: p.youth))


@table("Q22d")
def q22d(ctx: Context, t: Tally) -> None:
    """Length of participation by household type: 7 days or less … 731 days or more, total
    (§6 Q22d, LOS §2.9)."""
    lines = _Lines()
    for p in ctx.persons:
        lines.add(_bucket(p.los, _SHORT), p)
    lines.into(t)
    t.add_all(12, 1, ctx.persons)
    for hh, col in t.hh_columns.items():
        t.add_all(12, col, [p for p in ctx.persons if p.hh == hh])


# ------------------------------------------------------------------------------- Q22c, Q22f
_MOVED, _NO_MOVE_IN = "moved", "exited"


def _move_in(ctx: Context) -> dict[str, tuple[str, int]]:
    """§6 Q22c: PersonalID → ("moved", days from EntryDate to member move-in §2.8) or
    ("exited", 0) for clients of ProjectType 3/13 whose household move-in date is inside the
    report range, or who left and whose household never moved in. Members who left before
    their household moved in are "exited without move-in"."""
    got: dict[str, tuple[str, int]] | None = ctx.cache.get("_q_stay.move_in")
    if got is not None:
        return got
    got = {}
    start, end = ctx.start, ctx.end
    for p in ctx.persons:
        if p.ptype not in PH_MOVE_IN_TYPES:
            continue
        hoh = p.hoh_move_in
        if not ((hoh is not None and start <= hoh <= end) or (hoh is None and p.leaver)):
            continue
        if p.move_in is not None:
            got[p.pid] = (_MOVED, (p.move_in - p.entry).days)
        else:
            got[p.pid] = (_NO_MOVE_IN, 0)
    ctx.cache["_q_stay.move_in"] = got
    return got


def _whole_mean(values: Sequence[int]) -> Decimal:
    """A mean number of days rounded to a whole number (Q22c line 12; 0 for none)."""
    if not values:
        return days(0)
    return days((Decimal(sum(values)) / len(values)).quantize(Decimal(1), ROUND_HALF_UP))


def fill_move_in(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q22c layout: days from project start to housing move-in by household type; line 11 all
    persons moved in (a stay above 730 days has no bucket line but counts there), line 12 their
    mean in whole days, line 13 persons exited without move-in, line 14 all persons."""
    facts = _move_in(ctx)
    waits: dict[int, list[int]] = {c: [] for c in range(1, 6)}
    lines = _Lines()
    for p in persons:
        fact = facts.get(p.pid)
        if fact is None:
            continue
        kind, wait = fact
        if kind == _MOVED:
            if wait <= _SHORT[-1]:
                lines.add(_bucket(wait, _SHORT), p)
            lines.add(11, p)
            waits[1].append(wait)
            col = t.hh_columns.get(p.hh)
            if col is not None:
                waits[col].append(wait)
        else:
            lines.add(13, p)
        lines.add(14, p)
    lines.into(t)
    for col, values in waits.items():
        t.set(12, col, _whole_mean(values))


@table("Q22c")
def q22c(ctx: Context, t: Tally) -> None:
    """Length of time between project start and housing move-in (§6 Q22c, §2.8)."""
    fill_move_in(ctx, t, ctx.persons)


@table("Q27k")
def q27k(ctx: Context, t: Tally) -> None:
    """Project start to move-in for youth (§6 Q27k, Q22c layout)."""
    fill_move_in(ctx, t, _persons(ctx, lambda p: p.youth))


def fill_move_in_race(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q22f layout: the Q22c universe by race and ethnicity (§2.15): persons moved in, persons
    exited without move-in, mean and median days to move-in of those moved in."""
    facts = _move_in(ctx)
    waits: dict[int, list[int]] = {c: [] for c in range(1, 11)}
    for p in persons:
        fact = facts.get(p.pid)
        if fact is None:
            continue
        col = race_column(ctx, p)
        if fact[0] == _MOVED:
            t.add(2, col, p)
            waits[col].append(fact[1])
        else:
            t.add(3, col, p)
    _set_mean_median(t, waits)


def _set_mean_median(t: Tally, values: dict[int, list[int]]) -> None:
    for col, found in values.items():
        t.set(4, col, mean_days(found))
        t.set(5, col, median_days(found))


@table("Q22f")
def q22f(ctx: Context, t: Tally) -> None:
    """Time from project start to move-in by race and ethnicity (§6 Q22f, §2.15)."""
    fill_move_in_race(ctx, t, ctx.persons)


# ------------------------------------------------------------------------------- Q22e, Q22g
_PRIOR_TYPES = frozenset({0, 1, 2, 3, 8, 9, 13})
_HOUSED_AT_ENTRY = frozenset({0, 1, 2, 8})
_HOUSED, _NOT_YET, _DNC = "housed", "not yet", "dnc"
_NOT_YET_NO_START = "not yet, no start date"
"""Not yet moved in, and no usable date homelessness started: Q22e line 13, but left out of
Q22g, whose universe drops persons without a start date (DL and GR agree)."""


def _time_prior(ctx: Context) -> dict[str, tuple[str, int]]:
    """§6 Q22e: PersonalID → ("housed", days from homelessness start to housing), ("not yet",
    0) or ("dnc", 0) for clients of ProjectType 0, 1, 2, 3, 8, 9, 13, leaving out children who
    joined after the head of household entered.

    Homelessness start: for a child who entered with the HoH, the HoH's DateToStreetESSH;
    otherwise the client's own DateToStreetESSH when it is on or before the EntryDate. Housing
    date: the EntryDate for 0, 1, 2, 8; the member move-in date (§2.8) for 3, 9, 13. A PH
    client without a move-in is "not yet" (before any start-date check, as DL); a missing
    start, or one after the housing date, is data not collected."""
    got: dict[str, tuple[str, int]] | None = ctx.cache.get("_q_stay.time_prior")
    if got is not None:
        return got
    got = {}
    to_street = ctx.col("Enrollment", "DateToStreetESSH")
    for p in ctx.persons:
        if p.ptype not in _PRIOR_TYPES:
            continue
        hohs = [m for m in p.household if m.rel == 1]
        hoh_entry = min((m.entry for m in hohs), default=None)
        homeless: dt.date | None
        if p.child and hoh_entry is not None and p.entry > hoh_entry:
            continue
        if p.child and hoh_entry is not None and p.entry == hoh_entry:
            homeless = min((to_street[m.row] for m in hohs if to_street[m.row] is not None),
                           default=None)
        else:
            own = to_street[p.row]
            homeless = own if own is not None and own <= p.entry else None
        housed = p.entry if p.ptype in _HOUSED_AT_ENTRY else p.move_in
        if housed is None:
            got[p.pid] = (_NOT_YET if homeless is not None else _NOT_YET_NO_START, 0)
        elif homeless is None or homeless > housed:
            got[p.pid] = (_DNC, 0)
        else:
            got[p.pid] = (_HOUSED, (housed - homeless).days)
    ctx.cache["_q_stay.time_prior"] = got
    return got


def fill_time_prior(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q22e layout: days from homelessness start to housing by household type; line 12 the
    persons housed (sum of the buckets), 13 not yet moved in, 14 data not collected, 15 all."""
    facts = _time_prior(ctx)
    lines = _Lines()
    for p in persons:
        fact = facts.get(p.pid)
        if fact is None:
            continue
        kind, wait = fact
        if kind == _HOUSED:
            lines.add(_bucket(wait, _SHORT), p)
            lines.add(12, p)
        else:
            lines.add(14 if kind == _DNC else 13, p)
        lines.add(15, p)
    lines.into(t)


@table("Q22e")
def q22e(ctx: Context, t: Tally) -> None:
    """Length of time prior to housing, from the 3.917 date homelessness started (§6 Q22e)."""
    fill_time_prior(ctx, t, ctx.persons)


@table("Q27l")
def q27l(ctx: Context, t: Tally) -> None:
    """Time prior to housing for youth (§6 Q27l, Q22e layout)."""
    fill_time_prior(ctx, t, _persons(ctx, lambda p: p.youth))


def fill_time_prior_race(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q22g layout: the Q22e universe without its data-not-collected persons, by race and
    ethnicity (§2.15): persons housed, persons not yet moved in, mean and median days."""
    facts = _time_prior(ctx)
    waits: dict[int, list[int]] = {c: [] for c in range(1, 11)}
    for p in persons:
        fact = facts.get(p.pid)
        if fact is None or fact[0] in (_DNC, _NOT_YET_NO_START):
            continue
        col = race_column(ctx, p)
        if fact[0] == _HOUSED:
            t.add(2, col, p)
            waits[col].append(fact[1])
        else:
            t.add(3, col, p)
    _set_mean_median(t, waits)


@table("Q22g")
def q22g(ctx: Context, t: Tally) -> None:
    """Time prior to housing by race and ethnicity (§6 Q22g, §2.15)."""
    fill_time_prior_race(ctx, t, ctx.persons)


# ----------------------------------------------------------------------------- destinations
DESTINATIONS = frozenset({
    8, 9, 17, 24, 30, 99,
    101, 116, 118,
    204, 205, 206, 207, 215, 225,
    302, 312, 313, 314, 327, 329, 332,
    410, 411, 421, 422, 423, 426, 435,
})
"""FY2026 3.12 Destination codes (§2.13)."""
SUBSIDY_TYPES = (428, 419, 431, 433, 434, 420, 436, 437, 438, 439, 440)
"""3.12.A DestinationSubsidyType codes in Q23d line order."""
_RENTAL_SUBSIDY = 435
_DNC_DESTINATION = 99


def destination(ctx: Context, p: Enr) -> int | None:
    """A leaver's Destination, recoded as §2.13 recommends: a code not on the FY2026 list
    (or empty), or 435 without a valid subsidy type, becomes 99; None for a stayer."""
    if p.exit_row is None:
        return None
    code = ctx.col("Exit", "Destination")[p.exit_row]
    if code not in DESTINATIONS:
        return _DNC_DESTINATION
    if code == _RENTAL_SUBSIDY and (
            ctx.col("Exit", "DestinationSubsidyType")[p.exit_row] not in SUBSIDY_TYPES):
        return _DNC_DESTINATION
    return int(code)


_PERMANENT = frozenset({410, 411, 421, 422, 423, 426, 435})
_SO_POSITIVE = _PERMANENT | {101, 118, 215, 225, 204, 205, 302, 312, 313, 314, 327, 332}
_EXCLUDED_ALWAYS = frozenset({206, 24})
_EXCLUDED_OTHER = frozenset({215, 225})
POSITIVE, EXCLUDED = "positive", "excluded"


def destination_class(ptype: int | None, code: int) -> str | None:
    """§2.13 Q23c classes: "positive", "excluded" or None (in the denominator only), by the
    project type of the leaver's enrollment. **[DECISION]** 332 (Host Home, non-crisis) is not
    positive for ES/TH (DL)."""
    if code in _EXCLUDED_ALWAYS:
        return EXCLUDED
    if ptype == _SO:
        if code == 329:
            return EXCLUDED
        return POSITIVE if code in _SO_POSITIVE else None
    if code in _EXCLUDED_OTHER:
        return EXCLUDED
    return POSITIVE if code in _PERMANENT else None


_DESTINATION_LINE = {
    116: 3, 101: 4, 118: 5,
    215: 8, 206: 9, 207: 10, 225: 11, 204: 12, 205: 13,
    302: 16, 329: 17, 314: 18, 332: 19, 312: 20, 313: 21, 327: 22,
    422: 25, 423: 26, 426: 27, 410: 28, 435: 29, 421: 30, 411: 31,
    30: 34, 17: 35, 24: 36, 8: 37, 9: 37, 99: 38,
}
"""Recoded Destination → Q23c line."""


def _group(code: int) -> int:
    """Destination group 0 other, 1 homeless, 2 institutional, 3 temporary, 4 permanent."""
    return code // 100 if code >= 100 else 0


_GROUP_SUBTOTAL = {1: 6, 2: 14, 3: 23, 4: 32, 0: 39}


def fill_destinations(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q23c layout: leavers among ``persons`` by destination (§2.13) and household type, with
    group subtotals (group header lines blank), the total (line 40), persons exiting to positive
    destinations (41), persons excluded (42) and 41 ÷ (40 − 42) per column (43)."""
    lines = _Lines()
    for p in persons:
        code = destination(ctx, p)
        if code is None:
            continue
        lines.add(_DESTINATION_LINE[code], p)
        lines.add(_GROUP_SUBTOTAL[_group(code)], p)
        lines.add(40, p)
        kind = destination_class(p.ptype, code)
        if kind is not None:
            lines.add(41 if kind == POSITIVE else 42, p)
    lines.into(t)
    for header in (2, 7, 15, 24, 33):
        t.blank(header)
    for col in range(1, t.n_cols + 1):
        t.set(43, col, ratio(t.count(41, col), t.count(40, col) - t.count(42, col)))


@table("Q23c")
def q23c(ctx: Context, t: Tally) -> None:
    """Exit destination of all leavers (§6 Q23c, §2.13)."""
    fill_destinations(ctx, t, ctx.persons)


@table("Q25i")
def q25i(ctx: Context, t: Tally) -> None:
    """Exit destination of veteran leavers (§6 Q25i, Q23c layout)."""
    fill_destinations(ctx, t, _persons(ctx, lambda p: p.veteran))


@table("Q27f1")
def q27f1(ctx: Context, t: Tally) -> None:
    """Exit destination of youth leavers (§6 Q27f1, Q23c layout)."""
    fill_destinations(ctx, t, _persons(ctx, lambda p: p.youth))


def fill_subsidies(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q23d layout: leavers among ``persons`` to 435 (rental with an ongoing subsidy, valid
    subsidy type) outside HP projects, by DestinationSubsidyType; line 13 the total."""
    subsidy = ctx.col("Exit", "DestinationSubsidyType")
    for p in persons:
        if p.ptype == _HP or p.exit_row is None or destination(ctx, p) != _RENTAL_SUBSIDY:
            continue
        t.add_hh(2 + SUBSIDY_TYPES.index(subsidy[p.exit_row]), p)
        t.add_hh(13, p)


@table("Q23d")
def q23d(ctx: Context, t: Tally) -> None:
    """Subsidy type of persons exiting to rental with an ongoing subsidy (§6 Q23d)."""
    fill_subsidies(ctx, t, ctx.persons)


@table("Q25j")
def q25j(ctx: Context, t: Tally) -> None:
    """Subsidy type of veterans exiting to rental with an ongoing subsidy (§6 Q25j, Q23d
    layout without the With Only Children column)."""
    fill_subsidies(ctx, t, _persons(ctx, lambda p: p.veteran))


@table("Q27f2")
def q27f2(ctx: Context, t: Tally) -> None:
    """Subsidy type of youth exiting to rental with an ongoing subsidy (§6 Q27f2, Q23d
    layout)."""
    fill_subsidies(ctx, t, _persons(ctx, lambda p: p.youth))


_GROUP_LINE = {1: 2, 2: 3, 3: 4, 4: 5, 0: 6}


def fill_destination_race(ctx: Context, t: Tally, persons: Sequence[Enr]) -> None:
    """Q23e layout: leavers by destination group (§2.13) in Total and their race/ethnicity
    column (§2.15, shifted by the Total column); line 7 the total."""
    cells = _Cells()
    for p in persons:
        code = destination(ctx, p)
        if code is None:
            continue
        line = _GROUP_LINE[_group(code)]
        col = race_column(ctx, p) + 1
        for c in (1, col):
            cells.add(line, c, p)
            cells.add(7, c, p)
    cells.into(t)


@table("Q23e")
def q23e(ctx: Context, t: Tally) -> None:
    """Exit destination type by race and ethnicity (§6 Q23e)."""
    fill_destination_race(ctx, t, ctx.persons)


# ---------------------------------------------------------------------------------- Q24
def _assessment_line(assessment: Any, subsidy: Any) -> int:
    """W5 HousingAssessment × SubsidyInformation → Q24a line; inconsistent pairs → 15 (DNC)."""
    if assessment == 1:
        return 1 + subsidy if subsidy in (1, 2, 3, 4) else 15
    if assessment == 2:
        return {11: 6, 12: 7}.get(subsidy, 15)
    if assessment in (3, 4, 5, 6, 7):
        return int(assessment) + 5
    if assessment == 10:
        return 13
    if assessment in (8, 9):
        return 14
    return 15


@table("Q24a")
def q24a(ctx: Context, t: Tally) -> None:
    """Homelessness prevention housing assessment at exit: leavers of ProjectType 12 by
    HousingAssessment and SubsidyInformation (§6 Q24a); line 16 the total."""
    assessment = ctx.col("Exit", "HousingAssessment")
    subsidy = ctx.col("Exit", "SubsidyInformation")
    for p in ctx.persons:
        if p.ptype != _HP or p.exit_row is None:
            continue
        t.add_hh(_assessment_line(assessment[p.exit_row], subsidy[p.exit_row]), p)
        t.add_hh(16, p)


_MOVING_ON = 300


@table("Q24b")
def q24b(ctx: Context, t: Tally) -> None:
    """Moving On assistance: heads of household of ProjectType 3 with a Services record of
    RecordType 300 dated in the report range, on the line of each TypeProvided 1–5 they
    received (DL: every type, not only the latest; §6 Q24b). No total line."""
    hohs = [p for p in ctx.persons if p.rel == 1 and p.ptype == _PSH]
    if not hohs:
        return
    received = _moving_on(ctx)
    for p in hohs:
        for kind in received.get(p.eid, ()):
            t.add_hh(1 + kind, p)


def _moving_on(ctx: Context) -> dict[str, set[int]]:
    """EnrollmentID → Moving On assistance types (1–5) dated in the report range: one pass
    over the Services rows of RecordType 300 (bed nights, the bulk of Services, are skipped
    without grouping them)."""
    record = ctx.col("Services", "RecordType")
    provided = ctx.col("Services", "TypeProvided")
    when = ctx.col("Services", "DateProvided")
    eids = ctx.col("Services", "EnrollmentID")
    start, end = ctx.start, ctx.end
    found: dict[str, set[int]] = {}
    for r in ctx.frame.live("Services"):
        if record[r] != _MOVING_ON:
            continue
        d, kind = when[r], provided[r]
        if kind in (1, 2, 3, 4, 5) and d is not None and start <= d <= end:
            found.setdefault(eids[r], set()).add(kind)
    return found


@table("Q24e")
def q24e(ctx: Context, t: Tally) -> None:
    """Sex of all clients (4.21): Female 0, Male 1, DK/PNTA 8/9, else data not collected;
    line 6 the total (§6 Q24e)."""
    sex = ctx.col("Client", "Sex")
    line_of = {0: 2, 1: 3, 8: 4, 9: 4}
    lines = _Lines()
    for p in ctx.persons:
        lines.add(line_of.get(sex[p.client_row], 5) if p.client_row is not None else 5, p)
        lines.add(6, p)
    lines.into(t)
