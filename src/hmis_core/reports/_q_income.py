"""Health and income: Q13a1–Q13c2, Q14a, Q14b, Q16–Q21, Q26e and the youth variants Q27g–Q27i
(APR_CAPER.md §2.11, §2.12, §6).

Each table loops over its persons once. The facts it reads per enrollment (the start / annual /
exit IncomeBenefits records, the conditions of the Disabilities records, the total income of a
record) are computed once per run and kept in ``ctx.cache`` (one :class:`_Facts` object), so the
tables sharing them do not recompute them. The parts that take a population (adults, youth) are
written once and registered for the base table and its youth variant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cached_property
from typing import Any

from hmis_core.reports._income import (
    AMOUNT_COLUMNS,
    BENEFIT_SOURCES,
    INCOME_SOURCES,
    INSURANCE_SOURCES,
    Income,
    Records,
    income_records,
    total_income,
)
from hmis_core.reports._report import money
from hmis_core.reports._tally import Tally, table
from hmis_core.reports._universe import AC, AO, CO, UK, Context, Enr

_IB = "IncomeBenefits"
_DIS = "Disabilities"

_KNOWN = (0, 1)
_DKPNTA = (8, 9)

Conditions = tuple[frozenset[int], frozenset[int], frozenset[int]]
"""Condition lines (2–9 of Q13a1) present (start, exit, latest), §2.12."""

# §2.12: (DisabilityType, DisabilityResponse) → line of Q13a1/Q13b1/Q13c1/Q26e.
_CONDITION_LINE = {
    (9, 1): 2,   # mental health disorder
    (10, 1): 3,  # alcohol use disorder
    (10, 2): 4,  # drug use disorder
    (10, 3): 5,  # both alcohol and drug use disorders
    (7, 1): 6,   # chronic health condition
    (8, 1): 7,   # HIV/AIDS
    (6, 1): 8,   # developmental disability
    (5, 1): 9,   # physical disability
}
_BOTH_LINE = 5
_LATEST_STAGES = (1, 2, 5)
_PRESENT = (1, 2, 3)
_NO_CONDITIONS: Conditions = (frozenset(), frozenset(), frozenset())


class _Facts:
    """Per-run cached facts of enrollments and IncomeBenefits rows (one per Context)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.frame = ctx.frame
        self._conditions: dict[str, Conditions] = {}
        self._totals: dict[int, Income] = {}

    # ------------------------------------------------------------------ columns
    def _ib(self, column: str) -> list[Any]:
        return self.frame.col(_IB, column)

    @cached_property
    def stage(self) -> list[Any]:
        return self._ib("DataCollectionStage")

    @cached_property
    def when(self) -> list[Any]:
        return self._ib("InformationDate")

    @cached_property
    def tmi(self) -> list[Any]:
        return self._ib("TotalMonthlyIncome")

    @cached_property
    def ifas(self) -> list[Any]:
        return self._ib("IncomeFromAnySource")

    @cached_property
    def sources(self) -> list[list[Any]]:
        return [self._ib(s) for s in INCOME_SOURCES]

    @cached_property
    def amounts(self) -> list[list[Any]]:
        return [self._ib(c) for c in AMOUNT_COLUMNS]

    @cached_property
    def bfas(self) -> list[Any]:
        return self._ib("BenefitsFromAnySource")

    @cached_property
    def benefits(self) -> list[list[Any]]:
        return [self._ib(s) for s in BENEFIT_SOURCES]

    @cached_property
    def insfas(self) -> list[Any]:
        return self._ib("InsuranceFromAnySource")

    @cached_property
    def insurance(self) -> list[list[Any]]:
        return [self._ib(s) for s in INSURANCE_SOURCES]

    @cached_property
    def disabling(self) -> list[Any]:
        return self.frame.col("Enrollment", "DisablingCondition")

    @cached_property
    def disability_columns(self) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        """Disabilities DisabilityType, DisabilityResponse, DataCollectionStage,
        InformationDate."""
        f = self.frame
        return (f.col(_DIS, "DisabilityType"), f.col(_DIS, "DisabilityResponse"),
                f.col(_DIS, "DataCollectionStage"), f.col(_DIS, "InformationDate"))

    # ------------------------------------------------------------------ records (§2.11)
    def records(self, e: Enr) -> Records:
        """Start, annual and exit records (:func:`~hmis_core.reports._income.income_records`)."""
        return income_records(self.ctx, e)

    def total(self, row: int | None) -> Income:
        """Total monthly income of a record (:func:`~hmis_core.reports._income.total_income`),
        cached per row."""
        if row is None:
            return None, "dnc"
        got = self._totals.get(row)
        if got is None:
            got = self._totals[row] = total_income(self.frame, row)
        return got

    def earned(self, row: int | None) -> Decimal:
        """EarnedAmount when Earned = 1 and the amount is positive, else $0 (§2.11)."""
        if row is None or self.sources[0][row] != 1:
            return Decimal(0)
        amount = self.amounts[0][row]
        return Decimal(amount) if amount is not None and amount > 0 else Decimal(0)

    def income_sources(self, row: int) -> list[int]:
        """Indexes (0–14, :data:`INCOME_SOURCES` order) of the sources flagged 1."""
        return [i for i, flags in enumerate(self.sources) if flags[row] == 1]

    def has_info(self, row: int | None) -> bool:
        """IncomeFromAnySource 0 or 1 on the record ("income information")."""
        return row is not None and self.ifas[row] in _KNOWN

    # ------------------------------------------------------------------ conditions (§2.12)
    def conditions(self, e: Enr) -> Conditions:
        """Condition lines present at start (stage 1), at exit (stage 3, leavers) and latest
        (the records of stages 1, 2, 5 with the latest InformationDate <= report end)."""
        got = self._conditions.get(e.eid)
        if got is not None:
            return got
        rows = self.ctx.rows_of(_DIS, e)
        if not rows:
            got = self._conditions[e.eid] = _NO_CONDITIONS
            return got
        typ, resp, stage, when = self.disability_columns
        end, leaver = self.ctx.end, e.leaver
        start: set[int] = set()
        leave: set[int] = set()
        latest: set[int] = set()
        latest_day: dt.date | None = None
        for r in rows:
            v, s = resp[r], stage[r]
            line = _CONDITION_LINE.get((typ[r], v)) if v in _PRESENT else None
            if line is not None:
                if s == 1:
                    start.add(line)
                elif s == 3 and leaver:
                    leave.add(line)
            # DL takes the latest date among records with a real answer (0/1; substance use
            # 0-3): a later "data not collected" record does not hide earlier conditions.
            answered = v in (0, 1) or (typ[r] == 10 and v in (2, 3))
            if s in _LATEST_STAGES and answered:
                d = when[r]
                if d is not None and d <= end:
                    if latest_day is None or d > latest_day:
                        latest_day = d
                        latest = set()
                    if line is not None and d == latest_day:
                        latest.add(line)
        got = self._conditions[e.eid] = (frozenset(start), frozenset(leave), frozenset(latest))
        return got


def facts(ctx: Context) -> _Facts:
    """The run's cached :class:`_Facts`."""
    got = ctx.cache.get("q_income.facts")
    if not isinstance(got, _Facts):
        got = ctx.cache["q_income.facts"] = _Facts(ctx)
    return got


def _adults(ctx: Context) -> list[Enr]:
    return [p for p in ctx.persons if p.adult]


def _youth(ctx: Context) -> list[Enr]:
    """Youth (§2.7) who are heads of household or adults (Q27g–Q27i)."""
    return [p for p in ctx.persons if p.youth and p.adult_or_hoh]


# ---------------------------------------------------------------------- Q13, Q26e

_START, _EXIT, _LATEST = 0, 1, 2


def _q13_column(p: Enr) -> int | None:
    """Q13 household column besides Total (§6 Q13; DL: an unknown-age member of a household
    with children and adults is only in Total, §9 item 8)."""
    if p.hh == AO:
        return 2
    if p.hh == AC:
        if p.adult:
            return 3
        return 4 if p.child else None
    if p.hh == CO:
        return 5
    return 6 if p.hh == UK else None


def fill_conditions(ctx: Context, t: Tally, persons: Iterable[Enr], which: int,
                    column: int | None = None) -> None:
    """Count each person on the line of every condition present (§2.12) in the record set
    ``which`` (_START, _EXIT, _LATEST); in Total and its Q13 household column, or only in
    ``column`` when given (Q26e)."""
    f = facts(ctx)
    for p in persons:
        lines = f.conditions(p)[which]
        if not lines:
            continue
        col = column if column is not None else _q13_column(p)
        for line in lines:
            if column is None:
                t.add(line, 1, p)
            if col is not None:
                t.add(line, col, p)


def fill_condition_counts(ctx: Context, t: Tally, persons: Iterable[Enr], which: int) -> None:
    """Q13a2/b2/c2 rows: number of conditions ("both" counts 2); with none, the enrollment's
    DisablingCondition: 0 None, 1 Condition Unknown, 8/9 DK/PNTA, else DNC; line 9 Total."""
    f = facts(ctx)
    dc = f.disabling
    for p in persons:
        lines = f.conditions(p)[which]
        n = sum(2 if line == _BOTH_LINE else 1 for line in lines)
        if n == 0:
            value = dc[p.row]
            row = 2 if value == 0 else 6 if value == 1 else 7 if value in _DKPNTA else 8
        else:
            row = 2 + min(n, 3)
        col = _q13_column(p)
        for line in (row, 9):
            t.add(line, 1, p)
            if col is not None:
                t.add(line, col, p)


def _leavers(ctx: Context) -> list[Enr]:
    return [p for p in ctx.persons if p.leaver]


def _stayers(ctx: Context) -> list[Enr]:
    return [p for p in ctx.persons if p.stayer]


@table("Q13a1")
def q13a1(ctx: Context, t: Tally) -> None:
    """Physical and mental health conditions at start, all clients (§2.12, §6 Q13a1)."""
    fill_conditions(ctx, t, ctx.persons, _START)


@table("Q13b1")
def q13b1(ctx: Context, t: Tally) -> None:
    """Physical and mental health conditions at exit, leavers (§2.12, §6 Q13b1)."""
    fill_conditions(ctx, t, _leavers(ctx), _EXIT)


@table("Q13c1")
def q13c1(ctx: Context, t: Tally) -> None:
    """Physical and mental health conditions, latest records of stayers (§2.12, §6 Q13c1)."""
    fill_conditions(ctx, t, _stayers(ctx), _LATEST)


@table("Q13a2")
def q13a2(ctx: Context, t: Tally) -> None:
    """Number of conditions at start, all clients (§2.12, §6 Q13a2)."""
    fill_condition_counts(ctx, t, ctx.persons, _START)


@table("Q13b2")
def q13b2(ctx: Context, t: Tally) -> None:
    """Number of conditions at exit, leavers (§2.12, §6 Q13b2)."""
    fill_condition_counts(ctx, t, _leavers(ctx), _EXIT)


@table("Q13c2")
def q13c2(ctx: Context, t: Tally) -> None:
    """Number of conditions, latest records of stayers (§2.12, §6 Q13c2)."""
    fill_condition_counts(ctx, t, _stayers(ctx), _LATEST)


@table("Q26e")
def q26e(ctx: Context, t: Tally) -> None:
    """Conditions of chronically homeless persons (§2.10 status Y): B at start (all), C latest
    (stayers), D at exit (leavers) — Q13a1/Q13c1/Q13b1 logic (§6 Q26e)."""
    chronic = [p for p in ctx.persons if p.chronic == "Y"]
    fill_conditions(ctx, t, chronic, _START, 1)
    fill_conditions(ctx, t, [p for p in chronic if p.stayer], _LATEST, 2)
    fill_conditions(ctx, t, [p for p in chronic if p.leaver], _EXIT, 3)


# ---------------------------------------------------------------------- Q14

def _dv_record(ctx: Context, p: Enr) -> int | None:
    """The HealthAndDV row of the enrollment with the latest InformationDate <= report end
    (ties: latest DateUpdated, then the last row)."""
    rows = ctx.rows_of("HealthAndDV", p)
    if not rows:
        return None
    when = ctx.col("HealthAndDV", "InformationDate")
    updated = ctx.col("HealthAndDV", "DateUpdated")
    best: int | None = None
    best_key: tuple[Any, ...] = ()
    for r in rows:
        d = when[r]
        if d is None or d > ctx.end:
            continue
        key = (d, updated[r] or dt.datetime.min, r)
        if best is None or key > best_key:
            best, best_key = r, key
    return best


def _dv_facts(ctx: Context) -> list[tuple[Enr, Any, Any]]:
    """(person, DomesticViolenceSurvivor, WhenOccurred) of every adult or HoH."""
    got = ctx.cache.get("q_income.dv")
    if got is None:
        survivor = ctx.col("HealthAndDV", "DomesticViolenceSurvivor")
        occurred = ctx.col("HealthAndDV", "WhenOccurred")
        got = []
        for p in ctx.persons:
            if p.adult_or_hoh:
                r = _dv_record(ctx, p)
                got.append((p, None, None) if r is None else (p, survivor[r], occurred[r]))
        ctx.cache["q_income.dv"] = got
    return got


@table("Q14a")
def q14a(ctx: Context, t: Tally) -> None:
    """Domestic violence history of adults and HoHs (§6 Q14a): Yes, No, DK/PNTA, DNC, Total."""
    for p, survivor, _ in _dv_facts(ctx):
        line = {1: 2, 0: 3, 8: 4, 9: 4}.get(survivor, 5)
        t.add_hh(line, p)
        t.add_hh(6, p)


@table("Q14b")
def q14b(ctx: Context, t: Tally) -> None:
    """When the most recent DV experience occurred, for Q14a "Yes" persons (§6 Q14b)."""
    for p, survivor, occurred in _dv_facts(ctx):
        if survivor != 1:
            continue
        line = {1: 2, 2: 3, 3: 4, 4: 5, 8: 6, 9: 6}.get(occurred, 7)
        t.add_hh(line, p)
        t.add_hh(8, p)


# ---------------------------------------------------------------------- Q16

_BANDS = ((Decimal(150), 3), (Decimal(250), 4), (Decimal(500), 5), (Decimal(1000), 6),
          (Decimal(1500), 7), (Decimal(2000), 8))


def _income_band(income: Income) -> int:
    """Q16 line of a total income: 2 no income … 9 $2,001+, 10 DK/PNTA, 11 DNC."""
    amount, status = income
    if status == "dkpnta":
        return 10
    if amount is None:
        return 11
    if amount <= 0:
        return 2
    for high, line in _BANDS:
        if amount <= high:
            return line
    return 9


@table("Q16")
def q16(ctx: Context, t: Tally) -> None:
    """Cash income ranges of adults at start, latest annual assessment (stayers) and exit
    (leavers) (§2.11, §6 Q16); lines 12/13 only in C (not yet required / required but
    missing); line 14 totals."""
    f = facts(ctx)
    for p in _adults(ctx):
        start, annual, leave = f.records(p)
        t.add(_income_band(f.total(start)), 1, p)
        t.add(14, 1, p)
        if p.stayer:
            if not p.annual_due:
                line = 12
            elif annual is None:
                line = 13
            else:
                line = _income_band(f.total(annual))
            t.add(line, 2, p)
            t.add(14, 2, p)
        else:
            t.add(_income_band(f.total(leave)), 3, p)
            t.add(14, 3, p)
    for line in (12, 13):
        t.blank(line, 1)
        t.blank(line, 3)


# ---------------------------------------------------------------------- Q17 / Q27g

def fill_income_sources(ctx: Context, t: Tally, persons: Iterable[Enr]) -> None:
    """Q17 layout: each person in every source flagged 1 on its start record (B), due annual
    record (C, stayers) and exit record (D, leavers); line 17 persons with
    IncomeFromAnySource 0/1 at start and at annual (C) / exit (D); B17 blank."""
    f = facts(ctx)
    for p in persons:
        start, annual, leave = f.records(p)
        if start is not None:
            for i in f.income_sources(start):
                t.add(2 + i, 1, p)
        later, col = (leave, 3) if p.leaver else (annual, 2)
        if later is not None:
            for i in f.income_sources(later):
                t.add(2 + i, col, p)
            if f.has_info(start) and f.has_info(later):
                t.add(17, col, p)
    t.blank(17, 1)


@table("Q17")
def q17(ctx: Context, t: Tally) -> None:
    """Cash income sources of adults (§2.11, §6 Q17)."""
    fill_income_sources(ctx, t, _adults(ctx))


@table("Q27g")
def q27g(ctx: Context, t: Tally) -> None:
    """Cash income sources of youth who are HoHs or adults (§2.7, §6 Q27g; Q17 layout)."""
    fill_income_sources(ctx, t, _youth(ctx))


# ---------------------------------------------------------------------- Q18 / Q27h

def _category(f: _Facts, row: int | None) -> int:
    """Q18 line of a record: 2 only earned, 3 only other, 4 both, 5 no income, 6 DK/PNTA,
    7 missing."""
    amount, status = f.total(row)
    if status == "dkpnta":
        return 6
    if amount is None:
        return 7
    earned = f.earned(row)
    if earned > 0:
        return 2 if earned >= amount else 4
    return 3 if amount > 0 else 5


def fill_income_categories(ctx: Context, t: Tally, persons: Iterable[Enr]) -> None:
    """Q18 layout: income category at start (B), due annual assessment (C, stayers; 8 not yet
    required, 9 required but missing) and exit (D, leavers); 10 total; 11 lines 2–4; 12 as
    Q17 line 17. Grayed: B8, B9, B12, D8, D9."""
    f = facts(ctx)
    for p in persons:
        start, annual, leave = f.records(p)
        cells = [(_category(f, start), 1), (10, 1)]
        if p.stayer:
            later, col = annual, 2
            if not p.annual_due:
                cells.append((8, 2))
            elif annual is None:
                cells.append((9, 2))
            else:
                cells.append((_category(f, annual), 2))
        else:
            later, col = leave, 3
            cells.append((_category(f, leave), 3))
        cells.append((10, col))
        if f.has_info(start) and f.has_info(later):
            cells.append((12, col))
        for line, c in cells:
            t.add(line, c, p)
            if 2 <= line <= 4:
                t.add(11, c, p)
    for line in (8, 9, 12):
        t.blank(line, 1)
    for line in (8, 9):
        t.blank(line, 3)


@table("Q18")
def q18(ctx: Context, t: Tally) -> None:
    """Client cash income category of adults (§2.11, §6 Q18)."""
    fill_income_categories(ctx, t, _adults(ctx))


@table("Q27h")
def q27h(ctx: Context, t: Tally) -> None:
    """Income category of youth who are HoHs or adults (§2.7, §6 Q27h; Q18 layout)."""
    fill_income_categories(ctx, t, _youth(ctx))


# ---------------------------------------------------------------------- Q19a1 / Q19a2

def _amounts(f: _Facts, row: int) -> tuple[Decimal, Decimal, Decimal]:
    """(earned, other, total) of a record with income information (§2.11; other = total −
    earned when total > 0)."""
    total = f.total(row)[0] or Decimal(0)
    earned = f.earned(row)
    other = max(total - earned, Decimal(0)) if total > 0 else Decimal(0)
    return earned, other, total


def _change_column(before: Decimal, after: Decimal) -> int:
    """Q19a column: 1 lost, 2 retained less, 3 same, 4 increased, 5 gained, 6 neither."""
    if before > 0:
        if after <= 0:
            return 1
        if after < before:
            return 2
        return 3 if after == before else 4
    return 5 if after > 0 else 6


def _mean(values: Sequence[Decimal]) -> Decimal:
    return money(sum(values, Decimal(0)) / len(values)) if values else money(0)


def fill_income_change(ctx: Context, t: Tally, persons: Iterable[Enr], later: int) -> None:
    """Q19a layout for persons with IncomeFromAnySource 0/1 on the start record and on record
    ``later`` (1 annual, 2 exit): count rows 2/4/6 (earned, other, total), average-change rows
    3/5/7; H all persons (H7 the mean total change); I = E ∪ F; J = I ÷ H (§6 Q19a1)."""
    f = facts(ctx)
    changes: dict[tuple[int, int], list[Decimal]] = {}
    for p in persons:
        recs = f.records(p)
        start, end = recs[0], recs[later]
        if start is None or end is None or not (f.has_info(start) and f.has_info(end)):
            continue
        if f.total(start)[1] != "known" or f.total(end)[1] != "known":
            continue  # an unknown total (§2.11 rules 5-6) is not $0: DL drops the person
        for line, before, after in zip((2, 4, 6), _amounts(f, start), _amounts(f, end),
                                   strict=True):
            delta = after - before
            col = _change_column(before, after)
            cols = (col, 7, 8) if col in (4, 5) else (col, 7)
            for c in cols:
                t.add(line, c, p)
                changes.setdefault((line, c), []).append(delta)
    for line in (2, 4, 6):
        avg = line + 1
        for c in (1, 2, 4, 5, 8):
            t.set(avg, c, _mean(changes.get((line, c), [])))
        for c in (3, 6, 9):
            t.blank(avg, c)
        if line == 6:
            t.set(avg, 7, _mean(changes.get((line, 7), [])))
        else:
            t.blank(avg, 7)
        t.rate(line, 9, (line, 8), (line, 7))


@table("Q19a1")
def q19a1(ctx: Context, t: Tally) -> None:
    """Income change from start to annual assessment, adult stayers with an assessment due
    and income information both times (§2.11, §6 Q19a1)."""
    fill_income_change(ctx, t, [p for p in _adults(ctx) if p.stayer and p.annual_due], 1)


@table("Q19a2")
def q19a2(ctx: Context, t: Tally) -> None:
    """Income change from start to exit, adult leavers with income information both times
    (§2.11, §6 Q19a2)."""
    fill_income_change(ctx, t, [p for p in _adults(ctx) if p.leaver], 2)


# ---------------------------------------------------------------------- Q19b / Q27i

_Q19B_GROUPS = {AO: 1, AC: 5, UK: 9}
_Q27I_GROUPS = {AO: 1, AC: 5, CO: 9, UK: 13}


def fill_disability_income(ctx: Context, t: Tally, persons: Iterable[Enr],
                           groups: dict[str, int]) -> None:
    """Q19b layout for leavers with DisablingCondition 0/1 and exit IncomeFromAnySource 0/1:
    per household type (first column ``groups[hh]``) with DC, without DC, total, % with DC;
    lines 2–16 sources flagged 1 on the exit record, 17 IncomeFromAnySource 0, 18 all; the %
    column blank on line 18."""
    f = facts(ctx)
    dc = f.disabling
    for p in persons:
        leave = f.records(p)[2]
        if leave is None or p.exit is None:
            continue
        any_source = f.ifas[leave]
        condition = dc[p.row]
        base = groups.get(p.hh)
        if any_source not in _KNOWN or condition not in _KNOWN or base is None:
            continue
        col = base if condition == 1 else base + 1
        lines = [2 + i for i in f.income_sources(leave)]
        if any_source == 0:
            lines.append(17)
        lines.append(18)
        for line in lines:
            t.add(line, col, p)
            t.add(line, base + 2, p)
    for base in groups.values():
        for line in range(2, 18):
            t.rate(line, base + 3, (line, base), (line, base + 2))
        t.blank(18, base + 3)


@table("Q19b")
def q19b(ctx: Context, t: Tally) -> None:
    """Disabling conditions and income of adult leavers at exit (§6 Q19b)."""
    fill_disability_income(ctx, t, [p for p in _adults(ctx) if p.leaver], _Q19B_GROUPS)


@table("Q27i")
def q27i(ctx: Context, t: Tally) -> None:
    """Disabling conditions and income at exit of youth leavers who are HoHs or adults (§2.7,
    §6 Q27i; Q19b logic, 16 columns)."""
    fill_disability_income(ctx, t, [p for p in _youth(ctx) if p.leaver], _Q27I_GROUPS)


# ---------------------------------------------------------------------- Q20a / Q20b

def _left_with_hoh(p: Enr) -> bool:
    """A leaver whose ExitDate is the ExitDate of a head of household of its household (the
    HoH itself included), §6 Q20a."""
    return p.exit is not None and any(m.rel == 1 and m.exit == p.exit for m in p.household)


def _benefit_records(ctx: Context) -> list[tuple[Enr, int | None, int | None, int | None]]:
    """(adult, start, annual or None, exit or None) with the Q20a populations: annual only for
    stayers, exit only for leavers who left with their HoH."""
    f = facts(ctx)
    out = []
    for p in _adults(ctx):
        start, annual, leave = f.records(p)
        out.append((p, start, annual, leave if _left_with_hoh(p) else None))
    return out


@table("Q20a")
def q20a(ctx: Context, t: Tally) -> None:
    """Non-cash benefit sources of adults flagged 1 at start, due annual assessment (stayers)
    and exit (leavers who left with their HoH) (§6 Q20a)."""
    f = facts(ctx)
    benefits = f.benefits
    for p, *rows in _benefit_records(ctx):
        for col, row in enumerate(rows, start=1):
            if row is None:
                continue
            for i, flags in enumerate(benefits):
                if flags[row] == 1:
                    t.add(2 + i, col, p)


def _benefit_line(f: _Facts, row: int | None) -> int:
    """Q20b line: 2 no sources, 3 one or more, 4 DK/PNTA, 5 DNC / no record."""
    if row is None:
        return 5
    value = f.bfas[row]
    if value == 1 or any(flags[row] == 1 for flags in f.benefits):
        return 3
    if value == 0:
        return 2
    return 4 if value in _DKPNTA else 5


@table("Q20b")
def q20b(ctx: Context, t: Tally) -> None:
    """Number of non-cash benefit sources, Q20a populations (§6 Q20b); column C counts every
    adult stayer (line 5 when the assessment is not due or missing), column D the leavers who
    left with their HoH."""
    f = facts(ctx)
    for p, start, annual, leave in _benefit_records(ctx):
        cells = [(_benefit_line(f, start), 1)]
        if p.stayer:
            cells.append((_benefit_line(f, annual), 2))
        elif _left_with_hoh(p):
            cells.append((_benefit_line(f, leave), 3))
        for line, col in cells:
            t.add(line, col, p)
            t.add(6, col, p)


# ---------------------------------------------------------------------- Q21

def _insurance_lines(f: _Facts, row: int | None) -> list[int]:
    """Q21 lines of a record: each type flagged 1 and 16/17 (one / more than one source);
    with none, 12 no insurance (InsuranceFromAnySource 0/1), 13 DK/PNTA, 14 DNC."""
    if row is None:
        return [14]
    lines = [2 + i for i, flags in enumerate(f.insurance) if flags[row] == 1]
    if lines:
        lines.append(16 if len(lines) == 1 else 17)
        return lines
    value = f.insfas[row]
    if value in _KNOWN:
        return [12]
    return [13] if value in _DKPNTA else [14]


@table("Q21")
def q21(ctx: Context, t: Tally) -> None:
    """Health insurance of all clients at start, annual assessment (stayers; line 15 not yet
    required) and exit (leavers) (§6 Q21). Grayed: B15, D15."""
    f = facts(ctx)
    for p in ctx.persons:
        start, annual, leave = f.records(p)
        for line in _insurance_lines(f, start):
            t.add(line, 1, p)
        if p.stayer:
            lines = _insurance_lines(f, annual) if p.annual_due else [15]
            col = 2
        else:
            lines, col = _insurance_lines(f, leave), 3
        for line in lines:
            t.add(line, col, p)
    t.blank(15, 1)
    t.blank(15, 3)
