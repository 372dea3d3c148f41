"""Income and benefits records at start, annual assessment and exit; total income
(APR_CAPER.md §2.11)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from hmis_core.reports._frame import Frame

if TYPE_CHECKING:
    from hmis_core.reports._universe import Context, Enr

__all__ = [
    "AMOUNT_COLUMNS",
    "BENEFIT_SOURCES",
    "INCOME_SOURCES",
    "INSURANCE_SOURCES",
    "Income",
    "Records",
    "annual_record",
    "earned_income",
    "exit_record",
    "income_records",
    "record_at",
    "start_record",
    "total_income",
]

INCOME_SOURCES = (
    "Earned", "Unemployment", "SSI", "SSDI", "VADisabilityService", "VADisabilityNonService",
    "PrivateDisability", "WorkersComp", "TANF", "GA", "SocSecRetirement", "Pension",
    "ChildSupport", "Alimony", "OtherIncomeSource",
)
"""The 15 cash income sources in table order (Q17)."""
BENEFIT_SOURCES = ("SNAP", "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF",
                   "OtherBenefitsSource")
INSURANCE_SOURCES = ("Medicaid", "Medicare", "SCHIP", "VHAServices", "EmployerProvided",
                     "COBRA", "PrivatePay", "StateHealthIns", "IndianHealthServices",
                     "OtherInsurance")

_WINDOW = dt.timedelta(days=30)

Income = tuple[Decimal | None, str]
"""(amount, status): status "known" with an amount, "dkpnta" or "dnc" with None."""


AMOUNT_COLUMNS = tuple("OtherIncomeAmount" if s == "OtherIncomeSource" else s + "Amount"
                       for s in INCOME_SOURCES)
"""The amount column of each income source (4.02; "Other" is ``OtherIncomeAmount``)."""

Records = tuple[int | None, int | None, int | None]
"""IncomeBenefits rows of one enrollment: (start, annual, exit), None where there is none."""


def income_records(ctx: Context, e: Enr) -> Records:
    """The enrollment's start, annual-assessment and exit records (§2.11), found in one pass
    over its IncomeBenefits rows and cached for the run:

    * start: stage 1 dated the EntryDate (a stage-1 record on another date does not count);
    * annual: for a stayer with an assessment due, the latest stage 5 dated within 30 days
      of the anniversary and not after the report end;
    * exit: for a leaver, stage 3 dated the ExitDate.

    The last row in file order wins a tie."""
    cache: dict[str, Records] = ctx.cache.setdefault("income.records", {})
    got = cache.get(e.eid)
    if got is not None:
        return got
    start = annual = leave = None
    rows = ctx.rows_of("IncomeBenefits", e)
    if rows:
        stage = ctx.col("IncomeBenefits", "DataCollectionStage")
        when = ctx.col("IncomeBenefits", "InformationDate")
        entry, exit_day = e.entry, e.exit
        anniversary = e.anniversary if e.annual_due else None
        low = high = entry
        if anniversary is not None:
            low, high = anniversary - _WINDOW, min(anniversary + _WINDOW, ctx.end)
        for r in rows:
            s = stage[r]
            if s == 1:
                if when[r] == entry:
                    start = r
            elif s == 3:
                if exit_day is not None and when[r] == exit_day:
                    leave = r
            elif s == 5 and anniversary is not None:
                d = when[r]
                if d is not None and low <= d <= high and (annual is None or d >= when[annual]):
                    annual = r
    got = cache[e.eid] = (start, annual, leave)
    return got


def start_record(ctx: Context, e: Enr) -> int | None:
    """The stage-1 record dated the EntryDate (another date does not count)."""
    return income_records(ctx, e)[0]


def annual_record(ctx: Context, e: Enr) -> int | None:
    """For a stayer with an assessment due, the latest stage-5 record within 30 days of the
    anniversary (not after the report end)."""
    return income_records(ctx, e)[1]


def exit_record(ctx: Context, e: Enr) -> int | None:
    """For a leaver, the stage-3 record dated the ExitDate."""
    return income_records(ctx, e)[2]


def record_at(frame: Frame, rows: list[int], stage: int, low: dt.date, high: dt.date,
              file: str) -> int | None:
    """The latest row of ``file`` among ``rows`` at ``stage`` dated within [low, high]."""
    st = frame.col(file, "DataCollectionStage")
    when = frame.col(file, "InformationDate")
    best: int | None = None
    for r in rows:
        d = when[r]
        if (st[r] == stage and d is not None and low <= d <= high
                and (best is None or d >= when[best])):
            best = r
    return best


def total_income(frame: Frame, row: int | None) -> Income:
    """Total monthly income of one record (SPEC22 "Determining Total Income", first matching
    rule wins); ``row`` None (no record) is unknown, data not collected.

    1. TotalMonthlyIncome > 0; 2. the sum of source amounts flagged 1, when > 0;
    3. IncomeFromAnySource 0 → $0; 4. TotalMonthlyIncome <= 0 (present) and
    IncomeFromAnySource 1 or null → $0; 5. IncomeFromAnySource 8/9 → DK/PNTA;
    6. anything else (99; 1 with no amounts and no total) → data not collected."""
    if row is None:
        return None, "dnc"
    total = frame.col("IncomeBenefits", "TotalMonthlyIncome")[row]
    if total is not None and total > 0:
        return Decimal(total), "known"
    summed = Decimal(0)
    for source, column in zip(INCOME_SOURCES, AMOUNT_COLUMNS, strict=True):
        if frame.col("IncomeBenefits", source)[row] == 1:
            amount = frame.col("IncomeBenefits", column)[row]
            if amount is not None and amount > 0:
                summed += Decimal(amount)
    if summed > 0:
        return summed, "known"
    any_source = frame.col("IncomeBenefits", "IncomeFromAnySource")[row]
    if any_source == 0 or (total is not None and any_source in (1, None)):
        return Decimal(0), "known"
    if any_source in (8, 9):
        return None, "dkpnta"
    return None, "dnc"


def earned_income(frame: Frame, row: int | None) -> Decimal:
    """EarnedAmount when Earned = 1 and the amount is positive, else $0."""
    if row is None or frame.col("IncomeBenefits", "Earned")[row] != 1:
        return Decimal(0)
    amount = frame.col("IncomeBenefits", "EarnedAmount")[row]
    return Decimal(amount) if amount is not None and amount > 0 else Decimal(0)
