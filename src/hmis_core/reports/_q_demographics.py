"""Who was served: Q5a, Q7a–Q8b, Q11, Q12 (APR_CAPER.md §4, §6)."""

from __future__ import annotations

import datetime as dt

from hmis_core.reports._dates import pit_dates
from hmis_core.reports._tally import Tally, table
from hmis_core.reports._universe import NBN, PH_MOVE_IN_TYPES, Context, Enr

_AGE_LINE = {"adult": 2, "child": 3, "dkpnta": 4, "dnc": 5}


@table("Q5a")
def q5a(ctx: Context, t: Tally) -> None:
    """Report validations: column B the DQ universe (§2.3), column C everyone (§2.2)."""
    for col, persons in ((1, ctx.dq_persons), (2, ctx.persons)):
        long_hohs = {p.hid for p in persons
                     if p.stayer and p.rel == 1 and p.los >= 365}
        for p in persons:
            lines = [2]
            if p.adult:
                lines.append(3)
            elif p.child:
                lines.append(4)
            else:
                lines.append(5)
            if p.leaver:
                lines.append(6)
                if p.adult:
                    lines.append(7)
                if p.adult_or_hoh:
                    lines.append(8)
            else:
                lines.append(9)
                if p.adult:
                    lines.append(10)
                if p.adult_or_hoh and (p.los >= 365 or (p.adult and p.hid in long_hohs)):
                    lines.append(17)
            if p.veteran:
                lines.append(11)
            if p.chronic == "Y":
                lines.append(12)
            if p.youth:
                lines.append(13)
            if p.parenting_youth:
                lines.append(14)
            if p.rel == 1:
                lines.append(15 if p.adult else 16)
            for line in lines:
                t.add(line, col, p)


@table("Q7a")
def q7a(ctx: Context, t: Tally) -> None:
    """Persons served by age group and household type; line 7 PSH/RRH persons housed."""
    for p in ctx.persons:
        t.add_hh(_AGE_LINE[p.age_group], p)
        t.add_hh(6, p)
        if p.ptype in PH_MOVE_IN_TYPES and p.move_in is not None and p.move_in <= ctx.end:
            t.add_hh(7, p)


def _present(e: Enr, day: dt.date, ctx: Context) -> bool:
    """Q7b rules: whether an active enrollment counts on PIT date ``day``."""
    if e.entry > day:
        return False
    if e.ptype == NBN:
        return day in ctx.cache.setdefault(("nights", e.eid), set(ctx.bed_nights.get(e.eid, ())))
    if e.ptype in PH_MOVE_IN_TYPES:
        return (e.move_in is not None and e.move_in <= day
                and (e.exit is None or e.exit > day))
    if e.ptype in (0, 2, 8, 9, 10):
        return e.exit is None or e.exit > day
    return e.exit is None or e.exit >= day


@table("Q7b")
def q7b(ctx: Context, t: Tally) -> None:
    """Persons present on each PIT date, over all active enrollments (§2.14), by the
    household type of their latest enrollment."""
    latest = {p.pid: p for p in ctx.persons}
    for line, day in zip((2, 3, 4, 5), pit_dates(ctx.start, ctx.end).values(), strict=False):
        if day is None:
            continue
        for e in ctx.enrollments:
            if _present(e, day, ctx):
                t.add_hh(line, latest[e.pid])


@table("Q8a")
def q8a(ctx: Context, t: Tally) -> None:
    """Households (heads of household) served; line 3 PSH/RRH households housed."""
    for p in ctx.persons:
        if p.rel != 1:
            continue
        t.add_hh(2, p)
        if p.ptype in PH_MOVE_IN_TYPES and p.move_in is not None and p.move_in <= ctx.end:
            t.add_hh(3, p)


@table("Q8b")
def q8b(ctx: Context, t: Tally) -> None:
    """Households with a member present on each PIT date, through their head of household."""
    latest = {p.pid: p for p in ctx.persons}
    for line, day in zip((2, 3, 4, 5), pit_dates(ctx.start, ctx.end).values(), strict=False):
        if day is None:
            continue
        for members in ctx.households.values():
            if not any(_present(e, day, ctx) for e in members):
                continue
            for e in members:
                if e.rel == 1:
                    t.add_hh(line, latest[e.pid])


_AGE_BANDS = ((0, 4, 2), (5, 12, 3), (13, 17, 4), (18, 24, 5), (25, 34, 6), (35, 44, 7),
              (45, 54, 8), (55, 64, 9), (65, 200, 10))


def _age_line(p: Enr) -> int:
    if p.age is None:
        return 11 if p.age_group == "dkpnta" else 12
    for low, high, line in _AGE_BANDS:
        if low <= p.age <= high:
            return line
    return 12


@table("Q11")
def q11(ctx: Context, t: Tally) -> None:
    """Age bands by household type."""
    t.by_line(ctx.persons, _age_line, total=13)


_RACES = ("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao", "MidEastNAfrican",
          "NativeHIPacific", "White")
_HISPANIC = 3


def race_groups(ctx: Context, p: Enr) -> tuple[int, ...]:
    """Indexes (0–6, in :data:`_RACES` order) of the race/ethnicity columns equal to 1."""
    if p.client_row is None:
        return ()
    return tuple(i for i, name in enumerate(_RACES) if ctx.col("Client", name)[p.client_row] == 1)


def race_none(ctx: Context, p: Enr) -> int | None:
    return ctx.col("Client", "RaceNone")[p.client_row] if p.client_row is not None else None


_PAIRS = {pair: 9 + i for i, pair in enumerate(
    (a, b) for a in range(7) for b in range(a + 1, 7))}


def _race_line(ctx: Context, p: Enr) -> int:
    groups = race_groups(ctx, p)
    if len(groups) == 1:
        return 2 + groups[0]
    if len(groups) == 2:
        return _PAIRS[(groups[0], groups[1])]
    if len(groups) >= 3:
        return 30 if _HISPANIC in groups else 31
    return 32 if race_none(ctx, p) in (8, 9) else 33


@table("Q12")
def q12(ctx: Context, t: Tally) -> None:
    """Race and ethnicity (§2.15): single groups, pairs, multiracial, DK/PNTA, DNC, total."""
    t.by_line(ctx.persons, lambda p: _race_line(ctx, p), total=34)
